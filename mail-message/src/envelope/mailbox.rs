//! Mailboxes: RFC 5321 §4.1.2 `Mailbox = Local-part "@" ( Domain / address-literal )`.

use std::fmt;

use super::address_literal::AddressLiteral;
use super::domain::Domain;
use super::error::{EnvelopeError, syntax};
use super::local_part::LocalPart;
use super::options::{EnvelopeOptions, MAX_MAILBOX_LEN};
use crate::lex::Cursor;

/// What follows the `@` of a mailbox: a domain name or an address literal (RFC 5321 §4.1.2
/// `( Domain / address-literal )`). It is also the argument of `EHLO` and `HELO`
/// (RFC 5321 §4.1.1.1).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Host<'a> {
    /// A domain name.
    Domain(Domain<'a>),
    /// An address literal in brackets.
    AddressLiteral(AddressLiteral<'a>),
}

impl<'a> Host<'a> {
    /// Parses a whole `Domain / address-literal`.
    ///
    /// # Errors
    /// As [`Domain::parse`] or [`AddressLiteral::parse`].
    pub fn parse(input: &'a [u8], opts: EnvelopeOptions) -> Result<Self, EnvelopeError> {
        let (host, rest) = Self::parse_prefix(input, opts)?;
        if !rest.is_empty() {
            return Err(syntax(input.len() - rest.len(), "end of Domain"));
        }
        Ok(host)
    }

    /// Parses a `Domain / address-literal` at the start of `input` and returns it with the
    /// rest of the input (for `EHLO` arguments and the like).
    ///
    /// # Errors
    /// As [`Domain::parse`] or [`AddressLiteral::parse`].
    pub fn parse_prefix(
        input: &'a [u8],
        opts: EnvelopeOptions,
    ) -> Result<(Self, &'a [u8]), EnvelopeError> {
        let mut cur = Cursor::new(input);
        let host = Self::parse_at(&mut cur, opts)?;
        Ok((host, cur.rest()))
    }

    /// Parses a host at the cursor (offsets in errors are cursor positions).
    pub(crate) fn parse_at(
        cur: &mut Cursor<'a>,
        opts: EnvelopeOptions,
    ) -> Result<Self, EnvelopeError> {
        if cur.peek() == Some(b'[') {
            AddressLiteral::parse_at(cur).map(Host::AddressLiteral)
        } else {
            Domain::parse_at(cur, opts).map(Host::Domain)
        }
    }

    /// The domain, if this is one.
    pub fn domain(&self) -> Option<&Domain<'a>> {
        match self {
            Host::Domain(d) => Some(d),
            Host::AddressLiteral(_) => None,
        }
    }

    /// `true` when the host is all ASCII (address literals always are).
    pub fn is_ascii(&self) -> bool {
        match self {
            Host::Domain(d) => d.is_ascii(),
            Host::AddressLiteral(_) => true,
        }
    }

    /// The length in octets of the written form.
    pub fn encoded_len(&self) -> usize {
        match self {
            Host::Domain(d) => d.as_str().len(),
            Host::AddressLiteral(a) => a.encoded_len(),
        }
    }

    /// The same host, owning its text.
    pub fn into_owned(self) -> Host<'static> {
        match self {
            Host::Domain(d) => Host::Domain(d.into_owned()),
            Host::AddressLiteral(a) => Host::AddressLiteral(a.into_owned()),
        }
    }
}

/// Writes the domain, or the address literal with its brackets.
impl fmt::Display for Host<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Host::Domain(d) => d.fmt(f),
            Host::AddressLiteral(a) => a.fmt(f),
        }
    }
}

impl<'a> From<Domain<'a>> for Host<'a> {
    fn from(d: Domain<'a>) -> Self {
        Host::Domain(d)
    }
}

impl<'a> From<AddressLiteral<'a>> for Host<'a> {
    fn from(a: AddressLiteral<'a>) -> Self {
        Host::AddressLiteral(a)
    }
}

/// A mailbox, `local-part@host` (RFC 5321 §4.1.2 `Mailbox`).
///
/// Its written form is at most 254 octets, so that every mailbox fits in a path of 256
/// (RFC 5321 §4.5.3.1.3).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mailbox<'a> {
    local_part: LocalPart<'a>,
    host: Host<'a>,
}

impl<'a> Mailbox<'a> {
    /// A mailbox from its two valid parts.
    ///
    /// # Errors
    /// [`EnvelopeError::PathTooLong`] when `<local-part@host>` would exceed 256 octets.
    pub fn new(
        local_part: LocalPart<'a>,
        host: impl Into<Host<'a>>,
    ) -> Result<Self, EnvelopeError> {
        let mailbox = Mailbox {
            local_part,
            host: host.into(),
        };
        mailbox.check_len(0)?;
        Ok(mailbox)
    }

    /// Parses a whole `Mailbox` (no angle brackets).
    ///
    /// # Errors
    /// As [`LocalPart::parse`] and [`Host::parse`], [`EnvelopeError::InvalidSyntax`] when the
    /// `@` is missing or the input goes on after the mailbox, [`EnvelopeError::PathTooLong`].
    pub fn parse(input: &'a [u8], opts: EnvelopeOptions) -> Result<Self, EnvelopeError> {
        let (mailbox, rest) = Self::parse_prefix(input, opts)?;
        if !rest.is_empty() {
            return Err(syntax(input.len() - rest.len(), "end of Mailbox"));
        }
        Ok(mailbox)
    }

    /// Parses a `Mailbox` at the start of `input` and returns it with the rest of the input.
    ///
    /// # Errors
    /// As [`parse`](Self::parse), without the check for trailing input.
    pub fn parse_prefix(
        input: &'a [u8],
        opts: EnvelopeOptions,
    ) -> Result<(Self, &'a [u8]), EnvelopeError> {
        let mut cur = Cursor::new(input);
        let mailbox = Self::parse_at(&mut cur, opts)?;
        Ok((mailbox, cur.rest()))
    }

    /// Parses a mailbox at the cursor (offsets in errors are cursor positions).
    pub(crate) fn parse_at(
        cur: &mut Cursor<'a>,
        opts: EnvelopeOptions,
    ) -> Result<Self, EnvelopeError> {
        let start = cur.pos();
        let mailbox = Self::parse_unchecked_at(cur, opts)?;
        mailbox.check_len(start)?;
        Ok(mailbox)
    }

    /// A mailbox from parts the plain-path fast path checked, lengths included.
    pub(crate) fn from_plain(local_part: LocalPart<'a>, host: Host<'a>) -> Self {
        Mailbox { local_part, host }
    }

    /// Parses a mailbox at the cursor without the length check of the path it belongs in,
    /// which the caller must make.
    pub(crate) fn parse_unchecked_at(
        cur: &mut Cursor<'a>,
        opts: EnvelopeOptions,
    ) -> Result<Self, EnvelopeError> {
        let local_part = LocalPart::parse_at(cur, opts)?;
        if !cur.eat(b'@') {
            return Err(syntax(cur.pos(), "\"@\""));
        }
        let host = Host::parse_at(cur, opts)?;
        Ok(Mailbox { local_part, host })
    }

    fn check_len(&self, offset: usize) -> Result<(), EnvelopeError> {
        let len = self.encoded_len();
        if len > MAX_MAILBOX_LEN {
            return Err(EnvelopeError::PathTooLong {
                offset,
                len: len + 2,
            });
        }
        Ok(())
    }

    /// The local part.
    pub fn local_part(&self) -> &LocalPart<'a> {
        &self.local_part
    }

    /// The domain or address literal after the `@`.
    pub fn host(&self) -> &Host<'a> {
        &self.host
    }

    /// The two parts.
    pub fn into_parts(self) -> (LocalPart<'a>, Host<'a>) {
        (self.local_part, self.host)
    }

    /// `true` when the mailbox is all ASCII; otherwise it can only be sent under SMTPUTF8
    /// (RFC 6531 §3.4).
    pub fn is_ascii(&self) -> bool {
        self.local_part.is_ascii() && self.host.is_ascii()
    }

    /// The length in octets of the written form.
    pub fn encoded_len(&self) -> usize {
        self.local_part.encoded_len() + 1 + self.host.encoded_len()
    }

    /// The same mailbox, owning its text.
    pub fn into_owned(self) -> Mailbox<'static> {
        Mailbox {
            local_part: self.local_part.into_owned(),
            host: self.host.into_owned(),
        }
    }
}

/// Writes `local-part@host` with the minimum quoting of the local part.
impl fmt::Display for Mailbox<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.local_part, self.host)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    const ASCII: EnvelopeOptions = EnvelopeOptions::new();

    #[test]
    fn parse_and_write() {
        let m = Mailbox::parse(b"Smith@bar.com", ASCII).unwrap();
        assert_eq!(m.local_part().as_str(), "Smith");
        assert_eq!(m.host().domain().unwrap().as_str(), "bar.com");
        assert_eq!(m.to_string(), "Smith@bar.com");
        let m = Mailbox::parse(b"\"John Doe\"@[192.0.2.1]", ASCII).unwrap();
        assert_eq!(
            m.host(),
            &Host::AddressLiteral(AddressLiteral::Ipv4(Ipv4Addr::new(192, 0, 2, 1)))
        );
        assert_eq!(m.to_string(), "\"John Doe\"@[192.0.2.1]");
        assert_eq!(m.encoded_len(), 22);
        let (m2, rest) = Mailbox::parse_prefix(b"\"John Doe\"@[192.0.2.1]> x", ASCII).unwrap();
        assert_eq!((m2, rest), (m.clone(), &b"> x"[..]));
        assert_eq!(m.clone().into_owned(), m);
    }

    #[test]
    fn errors() {
        assert_eq!(Mailbox::parse(b"Smith", ASCII), Err(syntax(5, "\"@\"")));
        assert_eq!(
            Mailbox::parse(b"Smith@", ASCII),
            Err(syntax(6, "sub-domain"))
        );
        assert_eq!(
            Mailbox::parse(b"Smith@bar.com>", ASCII),
            Err(syntax(13, "end of Mailbox"))
        );
        assert_eq!(
            Host::parse(b"a.b c", ASCII),
            Err(syntax(3, "end of Domain"))
        );
    }

    #[test]
    fn length_limit() {
        // 64 + 1 + 189 = 254: the longest mailbox, a path of 256.
        let local = LocalPart::new("l".repeat(64), ASCII).unwrap();
        let domain = |n: usize| {
            let labels: Vec<String> = (0..n / 50).map(|_| "d".repeat(49)).collect();
            let mut s = labels.join(".");
            s.push('.');
            s.push_str(&"e".repeat(n - s.len()));
            Domain::new(s, ASCII).unwrap()
        };
        let m = Mailbox::new(local.clone(), domain(189)).unwrap();
        assert_eq!(m.encoded_len(), 254);
        assert_eq!(
            Mailbox::new(local, domain(190)),
            Err(EnvelopeError::PathTooLong {
                offset: 0,
                len: 257
            })
        );
    }

    #[test]
    fn host_forms() {
        let h = Host::parse(b"[IPv6:2001:db8::1]", ASCII).unwrap();
        assert!(h.is_ascii() && h.domain().is_none());
        assert_eq!(h.to_string(), "[IPv6:2001:db8::1]");
        let (h, rest) = Host::parse_prefix(b"mail.example.com SIZE", ASCII).unwrap();
        assert_eq!(h.to_string(), "mail.example.com");
        assert_eq!(rest, b" SIZE");
    }
}
