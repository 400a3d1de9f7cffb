//! `mailbox = "INBOX" / astring` (RFC 3501 §5.1, §9; RFC 9051 §5.1): names, the INBOX case
//! rule, and the two ways of writing international names.

use std::borrow::Cow;
use std::fmt;

use crate::cursor::Cursor;
use crate::encode::{Encode, Writer};
use crate::error::{InvalidValue, ParseError, Rule};
use crate::types::string::AString;
use crate::types::utf7::{decode_modified_utf7, encode_modified_utf7};

/// How international mailbox names are written on this connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum MailboxEncoding {
    /// Modified UTF-7 (RFC 3501 §5.1.3): `IMAP4rev1` without `UTF8=ACCEPT`.
    #[default]
    ModifiedUtf7,
    /// Raw UTF-8: after `ENABLE UTF8=ACCEPT` (RFC 6855 §3) or under `IMAP4rev2` (RFC 9051
    /// §5.1).
    Utf8,
}

/// A mailbox name other than INBOX: never a case variant of `INBOX` (those are
/// [`Mailbox::Inbox`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MailboxOther<'a>(AString<'a>);

impl MailboxOther<'_> {
    /// The name's octets as on the wire (modified UTF-7 or UTF-8).
    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

/// A mailbox name (RFC 3501 §5.1). `INBOX` in any case is [`Mailbox::Inbox`] ("INBOX is
/// case-insensitive. All case variants of INBOX (e.g., "iNbOx") MUST be interpreted as
/// INBOX not as an astring", RFC 3501 §9); other names are octets compared exactly.
///
/// The RFC 3501 §5.1.3 example, read and written under both encodings:
///
/// ```
/// use imap_proto::encode::Encode;
/// use imap_proto::types::{Mailbox, MailboxEncoding};
/// let (mailbox, _) = Mailbox::parse(b"~peter/mail/&U,BTFw-/&ZeVnLIqe- ").unwrap();
/// assert_eq!(mailbox.to_utf8(MailboxEncoding::ModifiedUtf7).unwrap(), "~peter/mail/台北/日本語");
/// let raw = Mailbox::from_utf8("~peter/mail/台北/日本語", MailboxEncoding::Utf8).unwrap();
/// assert_eq!(raw.as_bytes(), "~peter/mail/台北/日本語".as_bytes());
/// assert_eq!(Mailbox::parse(b"\"iNbOx\" ").unwrap().0, Mailbox::Inbox);
/// assert_eq!(Mailbox::Inbox.to_wire(), b"INBOX");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mailbox<'a> {
    /// `INBOX`, the user's primary mailbox (RFC 3501 §5.1).
    Inbox,
    /// Any other name.
    Other(MailboxOther<'a>),
}

impl<'a> Mailbox<'a> {
    /// A mailbox from its wire octets (modified UTF-7 or UTF-8, as the connection uses).
    ///
    /// # Errors
    /// [`InvalidValue`] at a NUL, which no `astring` can carry.
    pub fn new(name: impl Into<Cow<'a, [u8]>>) -> Result<Self, InvalidValue> {
        let name = AString::new(name).map_err(|e| InvalidValue {
            rule: Rule::Mailbox,
            ..e
        })?;
        Ok(Self::from_astring(name))
    }

    fn from_astring(name: AString<'a>) -> Self {
        if name.as_bytes().eq_ignore_ascii_case(b"INBOX") {
            Mailbox::Inbox
        } else {
            Mailbox::Other(MailboxOther(name))
        }
    }

    /// A mailbox from its name in UTF-8, written as `encoding` says (modified UTF-7 is
    /// computed; UTF-8 is kept).
    ///
    /// # Errors
    /// [`InvalidValue`] at a NUL in a name kept as UTF-8 (modified UTF-7 encodes it).
    pub fn from_utf8(name: &'a str, encoding: MailboxEncoding) -> Result<Self, InvalidValue> {
        match encoding {
            MailboxEncoding::Utf8 => Self::new(name.as_bytes()),
            MailboxEncoding::ModifiedUtf7 => match encode_modified_utf7(name) {
                Cow::Borrowed(s) => Self::new(s.as_bytes()),
                Cow::Owned(s) => Self::new(s.into_bytes()),
            },
        }
    }

    /// The name in UTF-8, decoded as `encoding` says.
    ///
    /// # Errors
    /// [`InvalidValue`] when the octets are not valid modified UTF-7 (RFC 3501 §5.1.3, see
    /// [`decode_modified_utf7`]) or not UTF-8.
    pub fn to_utf8(&self, encoding: MailboxEncoding) -> Result<Cow<'_, str>, InvalidValue> {
        let bytes = self.as_bytes();
        match encoding {
            MailboxEncoding::ModifiedUtf7 => decode_modified_utf7(bytes),
            MailboxEncoding::Utf8 => {
                std::str::from_utf8(bytes)
                    .map(Cow::Borrowed)
                    .map_err(|e| InvalidValue {
                        rule: Rule::Mailbox,
                        offset: e.valid_up_to(),
                    })
            }
        }
    }

    /// The name's octets as written on the wire (`INBOX` for the inbox).
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            Mailbox::Inbox => b"INBOX",
            Mailbox::Other(name) => name.as_bytes(),
        }
    }

    /// Reads a mailbox at the start of `input`; returns it and the rest.
    ///
    /// # Errors
    /// As [`AString::parse`].
    pub fn parse(input: &'a [u8]) -> Result<(Self, &'a [u8]), ParseError> {
        let mut c = Cursor::new(input);
        let m = Self::read(&mut c)?;
        Ok((m, c.rest()))
    }

    pub(crate) fn read(c: &mut Cursor<'a>) -> Result<Self, ParseError> {
        AString::read(c)
            .map(Self::from_astring)
            .map_err(|e| match e {
                ParseError::Invalid { offset, .. } => ParseError::Invalid {
                    rule: Rule::Mailbox,
                    offset,
                },
                other => other,
            })
    }

    /// The same mailbox, owning its name.
    pub fn into_owned(self) -> Mailbox<'static> {
        match self {
            Mailbox::Inbox => Mailbox::Inbox,
            Mailbox::Other(MailboxOther(name)) => Mailbox::Other(MailboxOther(name.into_owned())),
        }
    }
}

impl Encode for Mailbox<'_> {
    fn encode(&self, w: &mut Writer) {
        match self {
            Mailbox::Inbox => w.push_raw(b"INBOX"),
            Mailbox::Other(MailboxOther(name)) => name.encode(w),
        }
    }
}

impl fmt::Display for Mailbox<'_> {
    /// The octets, lossily as UTF-8 (not decoded from modified UTF-7).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&String::from_utf8_lossy(self.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encode::EncodeOptions;

    #[test]
    fn inbox_case_rule() {
        for wire in [&b"INBOX "[..], b"inbox ", b"\"InBoX\" ", b"{5}\r\niNbOx "] {
            assert_eq!(Mailbox::parse(wire).unwrap().0, Mailbox::Inbox);
        }
        // Only the whole name: children keep their octets.
        let (child, _) = Mailbox::parse(b"inbox/Sent ").unwrap();
        assert_eq!(child.as_bytes(), b"inbox/Sent");
        assert_eq!(Mailbox::new(&b"Inbox"[..]).unwrap(), Mailbox::Inbox);
        assert!(Mailbox::new(&b"a\0"[..]).is_err());
    }

    #[test]
    fn encodings() {
        let m = Mailbox::from_utf8("Entwürfe", MailboxEncoding::ModifiedUtf7).unwrap();
        assert_eq!(m.as_bytes(), b"Entw&APw-rfe");
        assert_eq!(m.to_wire(), b"Entw&APw-rfe");
        assert_eq!(
            m.to_utf8(MailboxEncoding::ModifiedUtf7).unwrap(),
            "Entwürfe"
        );
        let u = Mailbox::from_utf8("Entwürfe", MailboxEncoding::Utf8).unwrap();
        // Raw UTF-8 goes quoted under UTF8=ACCEPT, in a literal without it.
        let mut w = Writer::new(EncodeOptions {
            utf8: true,
            ..EncodeOptions::default()
        });
        w.value(&u);
        assert_eq!(w.bytes(), "\"Entwürfe\"".as_bytes());
        assert_eq!(u.to_wire(), b"{9}\r\nEntw\xc3\xbcrfe");
        assert!(u.to_utf8(MailboxEncoding::ModifiedUtf7).is_err());
        assert!(Mailbox::from_utf8("a\0", MailboxEncoding::Utf8).is_err());
        assert_eq!(
            Mailbox::from_utf8("a\0", MailboxEncoding::ModifiedUtf7)
                .unwrap()
                .as_bytes(),
            b"a&AAA-"
        );
        assert_eq!(
            Mailbox::new(&b"\xff"[..])
                .unwrap()
                .to_utf8(MailboxEncoding::Utf8),
            Err(InvalidValue {
                rule: Rule::Mailbox,
                offset: 0
            })
        );
    }
}
