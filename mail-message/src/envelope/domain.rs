//! Domain names: RFC 5321 §4.1.2 `Domain = sub-domain *("." sub-domain)`, extended by
//! RFC 6531 §3.3 with U-labels.

use std::borrow::Cow;
use std::fmt;

use super::error::{EnvelopeError, syntax};
use super::options::{EnvelopeOptions, MAX_DOMAIN_LEN, MAX_LABEL_LEN, text, utf8_run};
use crate::lex::Cursor;

/// A domain name (RFC 5321 §4.1.2 `Domain`).
///
/// Every label is a `sub-domain = Let-dig [Ldh-str]`: letters, digits and inner hyphens, at
/// most 63 octets (RFC 1035 §2.3.4). Under SMTPUTF8 a label may instead be a U-label
/// (RFC 6531 §3.3, RFC 5890 §2.3.2.1); this crate checks its shape (valid UTF-8, no
/// hyphen at either end or in the third and fourth positions, no white space, controls or
/// label separators) but not the IDNA2008 code-point tables, which need Unicode data. The
/// whole name is at most 255 octets (RFC 5321 §4.5.3.1.2). A trailing root dot is not part of
/// the grammar and is rejected.
///
/// The name keeps the case it was given in; `==` compares exactly, and
/// [`eq_ignore_ascii_case`](Self::eq_ignore_ascii_case) compares as the DNS does.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Domain<'a>(Cow<'a, str>);

/// `true` for the characters of a U-label that can never be valid: white space, controls,
/// and the full stops that IDNA2003 treated as label separators (RFC 5890 §2.3.2.1 excludes
/// them through IDNA2008's tables).
fn is_bad_ulabel_char(c: char) -> bool {
    c.is_whitespace() || c.is_control() || matches!(c, '\u{3002}' | '\u{ff0e}' | '\u{ff61}')
}

/// Reads one `sub-domain` at the cursor.
fn sub_domain(cur: &mut Cursor<'_>, opts: EnvelopeOptions) -> Result<(), EnvelopeError> {
    let input = cur.input();
    let start = cur.pos();
    let mut pos = start;
    let mut non_ascii = false;
    while let Some(&b) = input.get(pos) {
        if b.is_ascii_alphanumeric() || b == b'-' || (b == b'_' && opts.lax_underscore) {
            pos += 1;
        } else if !b.is_ascii() {
            non_ascii = true;
            pos += utf8_run(input, pos, opts)?;
        } else {
            break;
        }
    }
    if pos == start {
        return Err(syntax(start, "sub-domain"));
    }
    if input.get(start) == Some(&b'-') {
        return Err(syntax(start, "Let-dig"));
    }
    if input.get(pos - 1) == Some(&b'-') {
        return Err(syntax(pos - 1, "Let-dig"));
    }
    if non_ascii {
        let label = text(input, start, pos)?;
        if let Some((i, _)) = label.char_indices().find(|&(_, c)| is_bad_ulabel_char(c)) {
            return Err(syntax(start + i, "U-label"));
        }
        // RFC 5891 §4.2.3.1: no "--" in the third and fourth positions.
        let mut chars = label.chars().skip(2);
        if chars.next() == Some('-') && chars.next() == Some('-') {
            return Err(syntax(start, "U-label"));
        }
    } else if pos - start > MAX_LABEL_LEN {
        return Err(EnvelopeError::LabelTooLong {
            offset: start,
            len: pos - start,
        });
    }
    cur.set_pos(pos);
    Ok(())
}

impl<'a> Domain<'a> {
    /// A domain from its text.
    ///
    /// # Errors
    /// As for [`parse`](Self::parse), with offsets into `name`.
    pub fn new(
        name: impl Into<Cow<'a, str>>,
        opts: EnvelopeOptions,
    ) -> Result<Self, EnvelopeError> {
        let name = name.into();
        let mut cur = Cursor::new(name.as_bytes());
        Self::scan(&mut cur, opts)?;
        if !cur.is_empty() {
            return Err(syntax(cur.pos(), "\".\" or end of Domain"));
        }
        Ok(Domain(name))
    }

    /// Parses a whole `Domain`.
    ///
    /// # Errors
    /// [`EnvelopeError::InvalidSyntax`] where a label is missing or malformed (or the input
    /// goes on after the domain), [`EnvelopeError::Utf8NotAllowed`] for a non-ASCII octet
    /// without SMTPUTF8, [`EnvelopeError::InvalidUtf8`], [`EnvelopeError::LabelTooLong`] and
    /// [`EnvelopeError::DomainTooLong`].
    pub fn parse(input: &'a [u8], opts: EnvelopeOptions) -> Result<Self, EnvelopeError> {
        let mut cur = Cursor::new(input);
        let domain = Self::parse_at(&mut cur, opts)?;
        if !cur.is_empty() {
            return Err(syntax(cur.pos(), "\".\" or end of Domain"));
        }
        Ok(domain)
    }

    /// Parses a `Domain` at the cursor (offsets in errors are cursor positions).
    pub(crate) fn parse_at(
        cur: &mut Cursor<'a>,
        opts: EnvelopeOptions,
    ) -> Result<Self, EnvelopeError> {
        let start = cur.pos();
        Self::scan(cur, opts)?;
        Ok(Domain(Cow::Borrowed(text(cur.input(), start, cur.pos())?)))
    }

    /// A name already checked to be ASCII `sub-domain`s of `Let-dig`s and hyphens, within
    /// the length limits (the plain-path fast path of [`Mailbox`](super::Mailbox) parsing).
    pub(crate) fn from_plain(name: &'a str) -> Self {
        Domain(Cow::Borrowed(name))
    }

    /// Moves the cursor over a valid `Domain`.
    fn scan(cur: &mut Cursor<'_>, opts: EnvelopeOptions) -> Result<(), EnvelopeError> {
        let start = cur.pos();
        loop {
            sub_domain(cur, opts)?;
            if !cur.eat(b'.') {
                break;
            }
        }
        let len = cur.pos() - start;
        if len > MAX_DOMAIN_LEN {
            return Err(EnvelopeError::DomainTooLong { offset: start, len });
        }
        Ok(())
    }

    /// The name as given.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The labels, left to right.
    pub fn labels(&self) -> impl Iterator<Item = &str> {
        self.0.split('.')
    }

    /// Compares two names ignoring ASCII case, as the DNS does (RFC 4343). U-labels are
    /// compared exactly (IDNA2008 U-labels are already in lower case).
    pub fn eq_ignore_ascii_case(&self, other: &Domain<'_>) -> bool {
        self.0.eq_ignore_ascii_case(&other.0)
    }

    /// `true` when the name is all ASCII (else it holds U-labels and needs SMTPUTF8).
    pub fn is_ascii(&self) -> bool {
        self.0.is_ascii()
    }

    /// The same name, owning its text.
    pub fn into_owned(self) -> Domain<'static> {
        Domain(Cow::Owned(self.0.into_owned()))
    }
}

impl AsRef<str> for Domain<'_> {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Writes the name as given.
impl fmt::Display for Domain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ASCII: EnvelopeOptions = EnvelopeOptions::new();
    const UTF8: EnvelopeOptions = EnvelopeOptions::new().with_smtputf8(true);

    fn parse(s: &str) -> Result<Domain<'_>, EnvelopeError> {
        Domain::parse(s.as_bytes(), ASCII)
    }

    #[test]
    fn valid() {
        for s in [
            "bar.com",
            "d.bar.org",
            "Tax-ME.GOV",
            "a",
            "1",
            "123.example",
            "xn--bcher-kva.example",
            "a-b--c.d",
        ] {
            assert_eq!(parse(s).unwrap().as_str(), s);
        }
        let d = parse("Example.ORG").unwrap();
        assert!(d.eq_ignore_ascii_case(&parse("example.org").unwrap()));
        assert_ne!(d, parse("example.org").unwrap());
        assert_eq!(d.labels().collect::<Vec<_>>(), ["Example", "ORG"]);
    }

    #[test]
    fn invalid() {
        assert_eq!(parse(""), Err(syntax(0, "sub-domain")));
        assert_eq!(parse("a."), Err(syntax(2, "sub-domain")));
        assert_eq!(parse(".a"), Err(syntax(0, "sub-domain")));
        assert_eq!(parse("a..b"), Err(syntax(2, "sub-domain")));
        assert_eq!(parse("-a"), Err(syntax(0, "Let-dig")));
        assert_eq!(parse("a-.b"), Err(syntax(1, "Let-dig")));
        assert_eq!(parse("a_b"), Err(syntax(1, "\".\" or end of Domain")));
        assert_eq!(parse("a b"), Err(syntax(1, "\".\" or end of Domain")));
        assert_eq!(
            Domain::new("ex ample", ASCII),
            Err(syntax(2, "\".\" or end of Domain"))
        );
    }

    #[test]
    fn underscore_when_lax() {
        let lax = ASCII.with_lax_underscore(true);
        assert_eq!(
            Domain::parse(b"_dmarc.a_b.com", lax).unwrap().as_str(),
            "_dmarc.a_b.com"
        );
    }

    #[test]
    fn limits() {
        let label = "a".repeat(63);
        assert!(parse(&label).is_ok());
        let long = "a".repeat(64);
        assert_eq!(
            parse(&format!("x.{long}")),
            Err(EnvelopeError::LabelTooLong { offset: 2, len: 64 })
        );
        // 4 labels of 63 plus 3 dots = 255.
        let max = [label.as_str(); 4].join(".");
        assert_eq!(max.len(), 255);
        assert!(parse(&max).is_ok());
        let over = format!("a{max}");
        assert_eq!(
            Domain::parse(over.as_bytes(), ASCII),
            Err(EnvelopeError::LabelTooLong { offset: 0, len: 64 })
        );
        let over = format!("b.{max}");
        assert_eq!(
            parse(&over),
            Err(EnvelopeError::DomainTooLong {
                offset: 0,
                len: 257
            })
        );
    }

    #[test]
    fn u_labels() {
        assert_eq!(
            parse("bücher.example"),
            Err(EnvelopeError::Utf8NotAllowed { offset: 1 })
        );
        let d = Domain::parse("bücher.example".as_bytes(), UTF8).unwrap();
        assert!(!d.is_ascii());
        assert_eq!(d.to_string(), "bücher.example");
        assert!(Domain::parse("例え.テスト".as_bytes(), UTF8).is_ok());
        assert_eq!(
            Domain::parse("a\u{a0}b".as_bytes(), UTF8),
            Err(syntax(1, "U-label"))
        );
        assert_eq!(
            Domain::parse("例\u{3002}テスト".as_bytes(), UTF8),
            Err(syntax(3, "U-label"))
        );
        assert_eq!(
            Domain::parse("ab--ü".as_bytes(), UTF8),
            Err(syntax(0, "U-label"))
        );
        assert_eq!(
            Domain::parse("-ü".as_bytes(), UTF8),
            Err(syntax(0, "Let-dig"))
        );
        assert_eq!(
            Domain::parse(b"a\xe4b", UTF8),
            Err(EnvelopeError::InvalidUtf8 { offset: 1 })
        );
    }
}
