//! The local part of a mailbox: RFC 5321 §4.1.2 `Local-part = Dot-string / Quoted-string`,
//! extended by RFC 6531 §3.3 with UTF-8.

use std::borrow::Cow;
use std::fmt::{self, Write as _};

use super::error::{EnvelopeError, syntax};
use super::options::{
    EnvelopeOptions, MAX_LOCAL_PART_LEN, check_str_utf8, is_c1_control, text, utf8_run,
};
use crate::lex::Cursor;

/// The local part of a [`Mailbox`](super::Mailbox) (RFC 5321 §4.1.2 `Local-part`).
///
/// It holds the *content*: a Quoted-string's quotes and quoted-pairs are removed, so
/// `"Joe\,Smith"` and `Joe\,Smith` (unquoted, were it allowed) are the same nine characters
/// `Joe,Smith` (RFC 5321 §4.1.2: "all quoted forms MUST be treated as equivalent"). The
/// content is any sequence of printable ASCII and space (and, under SMTPUTF8, non-ASCII
/// characters other than C1 controls), possibly empty.
///
/// It is written with the minimum quoting possible (RFC 5321 §4.1.2): as a `Dot-string` when
/// the content is one, otherwise as a `Quoted-string` that escapes only `"` and `\`. Its
/// written form is at most 64 octets (RFC 5321 §4.5.3.1.1).
///
/// Comparison is exact: local parts "MAY be case-sensitive" (RFC 5321 §2.4), except the
/// special `Postmaster` (see [`is_postmaster`](Self::is_postmaster)).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LocalPart<'a> {
    content: Cow<'a, str>,
}

/// `true` for the ASCII `atext` of RFC 5322 §3.2.3, which RFC 5321 §4.1.2 `Atom` uses.
#[inline]
pub(crate) fn is_ascii_atext(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~".contains(&b)
}

/// `true` when `s` is a `Dot-string` (`Atom *("." Atom)`), counting every non-ASCII character
/// as `atext` (RFC 6531 §3.3).
fn is_dot_string(s: &str) -> bool {
    !s.is_empty()
        && s.split('.').all(|atom| {
            !atom.is_empty() && atom.bytes().all(|b| is_ascii_atext(b) || !b.is_ascii())
        })
}

/// `true` for a character a local part may hold: `qtextSMTP` or the character of a
/// `quoted-pairSMTP` (space and printable ASCII), or a non-ASCII character (RFC 6531 §3.3).
#[inline]
fn is_content_char(c: char) -> bool {
    (' '..='~').contains(&c) || (!c.is_ascii() && !is_c1_control(c))
}

impl<'a> LocalPart<'a> {
    /// A local part with the given content (quotes and escapes NOT included: the content of
    /// `"a b"` is `a b`).
    ///
    /// # Errors
    /// [`EnvelopeError::InvalidSyntax`] for a control character (tab, CR, LF, NUL, DEL ...),
    /// [`EnvelopeError::Utf8NotAllowed`] for non-ASCII text without SMTPUTF8,
    /// [`EnvelopeError::InvalidUtf8`] for a C1 control, and
    /// [`EnvelopeError::LocalPartTooLong`] when the written form exceeds 64 octets.
    pub fn new(
        content: impl Into<Cow<'a, str>>,
        opts: EnvelopeOptions,
    ) -> Result<Self, EnvelopeError> {
        let content = content.into();
        check_str_utf8(&content, opts)?;
        if let Some((i, _)) = content.char_indices().find(|&(_, c)| !is_content_char(c)) {
            return Err(syntax(i, "qtextSMTP or quoted-pairSMTP"));
        }
        let part = LocalPart { content };
        let len = part.encoded_len();
        if len > MAX_LOCAL_PART_LEN {
            return Err(EnvelopeError::LocalPartTooLong { offset: 0, len });
        }
        Ok(part)
    }

    /// Parses a whole `Local-part` (a `Dot-string` or a `Quoted-string`).
    ///
    /// # Errors
    /// As for [`new`](Self::new), plus [`EnvelopeError::InvalidSyntax`] where the input is
    /// neither form or has bytes after it.
    pub fn parse(input: &'a [u8], opts: EnvelopeOptions) -> Result<Self, EnvelopeError> {
        let mut cur = Cursor::new(input);
        let part = Self::parse_at(&mut cur, opts)?;
        if !cur.is_empty() {
            return Err(syntax(cur.pos(), "end of Local-part"));
        }
        Ok(part)
    }

    /// Parses a `Local-part` at the cursor (offsets in errors are cursor positions).
    pub(crate) fn parse_at(
        cur: &mut Cursor<'a>,
        opts: EnvelopeOptions,
    ) -> Result<Self, EnvelopeError> {
        let start = cur.pos();
        let part = if cur.peek() == Some(b'"') {
            Self::quoted_string(cur, opts)?
        } else {
            Self::dot_string(cur, opts)?
        };
        let raw = cur.pos() - start;
        let len = raw.max(part.encoded_len());
        if len > MAX_LOCAL_PART_LEN {
            return Err(EnvelopeError::LocalPartTooLong { offset: start, len });
        }
        Ok(part)
    }

    /// A local part already checked to be an ASCII `Dot-string` of at most 64 octets (the
    /// plain-path fast path of [`Mailbox`](super::Mailbox) parsing).
    pub(crate) fn from_plain(content: &'a str) -> Self {
        LocalPart {
            content: Cow::Borrowed(content),
        }
    }

    /// `Dot-string = Atom *("." Atom)`; with `lax_dot_string`, atoms may be empty.
    fn dot_string(cur: &mut Cursor<'a>, opts: EnvelopeOptions) -> Result<Self, EnvelopeError> {
        let input = cur.input();
        let start = cur.pos();
        let mut pos = start;
        let mut after_dot = true; // at the start an atom is due, as after a dot
        while let Some(&b) = input.get(pos) {
            if b == b'.' {
                if after_dot && !opts.lax_dot_string {
                    return Err(syntax(pos, "atext"));
                }
                after_dot = true;
                pos += 1;
            } else if is_ascii_atext(b) {
                after_dot = false;
                pos += 1;
            } else if !b.is_ascii() {
                after_dot = false;
                pos += utf8_run(input, pos, opts)?;
            } else {
                break;
            }
        }
        if pos == start {
            return Err(syntax(start, "Local-part"));
        }
        if after_dot && !opts.lax_dot_string {
            return Err(syntax(pos, "atext"));
        }
        cur.set_pos(pos);
        Ok(LocalPart {
            content: Cow::Borrowed(text(input, start, pos)?),
        })
    }

    /// `Quoted-string = DQUOTE *QcontentSMTP DQUOTE`, the cursor at the opening quote.
    fn quoted_string(cur: &mut Cursor<'a>, opts: EnvelopeOptions) -> Result<Self, EnvelopeError> {
        let input = cur.input();
        let start = cur.pos() + 1;
        let mut pos = start;
        let mut escaped = false;
        loop {
            match input.get(pos).copied() {
                Some(b'"') => break,
                Some(b'\\') => match input.get(pos + 1) {
                    Some(b' '..=b'~') => {
                        escaped = true;
                        pos += 2;
                    }
                    _ => return Err(syntax(pos + 1, "quoted-pairSMTP")),
                },
                Some(b' '..=b'~') => pos += 1,
                Some(b) if !b.is_ascii() => pos += utf8_run(input, pos, opts)?,
                Some(_) => return Err(syntax(pos, "qtextSMTP")),
                None => return Err(syntax(pos, "DQUOTE")),
            }
        }
        cur.set_pos(pos + 1);
        let raw = text(input, start, pos)?;
        if !escaped {
            return Ok(LocalPart {
                content: Cow::Borrowed(raw),
            });
        }
        let mut content = String::with_capacity(raw.len());
        let mut chars = raw.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                if let Some(q) = chars.next() {
                    content.push(q);
                }
            } else {
                content.push(c);
            }
        }
        Ok(LocalPart {
            content: Cow::Owned(content),
        })
    }

    /// The content: quotes and quoted-pairs removed.
    pub fn as_str(&self) -> &str {
        &self.content
    }

    /// `true` when the content is not a `Dot-string` and so is written as a `Quoted-string`.
    pub fn needs_quoting(&self) -> bool {
        !is_dot_string(&self.content)
    }

    /// `true` when the local part is all ASCII (else it needs SMTPUTF8).
    pub fn is_ascii(&self) -> bool {
        self.content.is_ascii()
    }

    /// `true` for `Postmaster` in any case, the local part RFC 5321 §4.1.1.3 and §4.5.1
    /// treat case-insensitively.
    pub fn is_postmaster(&self) -> bool {
        self.content.eq_ignore_ascii_case("postmaster")
    }

    /// The length in octets of the written form (what [`Display`](fmt::Display) writes).
    pub fn encoded_len(&self) -> usize {
        if self.needs_quoting() {
            let escapes = self
                .content
                .bytes()
                .filter(|&b| b == b'"' || b == b'\\')
                .count();
            self.content.len() + escapes + 2
        } else {
            self.content.len()
        }
    }

    /// The same local part, owning its content.
    pub fn into_owned(self) -> LocalPart<'static> {
        LocalPart {
            content: Cow::Owned(self.content.into_owned()),
        }
    }
}

/// Writes the wire form: a `Dot-string`, or a `Quoted-string` escaping `"` and `\`.
impl fmt::Display for LocalPart<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.needs_quoting() {
            return f.write_str(&self.content);
        }
        f.write_char('"')?;
        let mut rest: &str = &self.content;
        while let Some(i) = rest.find(['"', '\\']) {
            let (plain, special) = rest.split_at(i);
            f.write_str(plain)?;
            f.write_char('\\')?;
            let mut chars = special.chars();
            if let Some(c) = chars.next() {
                f.write_char(c)?;
            }
            rest = chars.as_str();
        }
        f.write_str(rest)?;
        f.write_char('"')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ASCII: EnvelopeOptions = EnvelopeOptions::new();

    fn parse(s: &str) -> Result<LocalPart<'_>, EnvelopeError> {
        LocalPart::parse(s.as_bytes(), ASCII)
    }

    #[test]
    fn dot_string_borrowed() {
        let lp = parse("Admin.MRC").unwrap();
        assert_eq!(lp.as_str(), "Admin.MRC");
        assert!(matches!(lp.content, Cow::Borrowed(_)));
        assert!(!lp.needs_quoting());
        assert_eq!(lp.to_string(), "Admin.MRC");
    }

    #[test]
    fn quoted_string_unquoted() {
        // RFC 5321 §4.1.2: "Joe\,Smith" is a nine-character user name.
        let lp = parse(r#""Joe\,Smith""#).unwrap();
        assert_eq!(lp.as_str(), "Joe,Smith");
        assert_eq!(lp.as_str().len(), 9);
        assert_eq!(lp.to_string(), r#""Joe,Smith""#);
        let lp = parse(r#""John Doe""#).unwrap();
        assert!(matches!(lp.content, Cow::Borrowed("John Doe")));
        // Minimum quoting: an unnecessary Quoted-string is written as a Dot-string.
        assert_eq!(parse(r#""abc""#).unwrap().to_string(), "abc");
        assert_eq!(parse(r#""a\b\"c\\""#).unwrap().as_str(), r#"ab"c\"#);
        assert_eq!(parse(r#""a\b\"c\\""#).unwrap().to_string(), r#""ab\"c\\""#);
        assert_eq!(parse(r#""""#).unwrap().as_str(), "");
        assert_eq!(parse(r#""""#).unwrap().to_string(), r#""""#);
    }

    #[test]
    fn bad_syntax() {
        assert_eq!(parse(""), Err(syntax(0, "Local-part")));
        assert_eq!(parse(".a"), Err(syntax(0, "atext")));
        assert_eq!(parse("a..b"), Err(syntax(2, "atext")));
        assert_eq!(parse("a."), Err(syntax(2, "atext")));
        assert_eq!(parse("a b"), Err(syntax(1, "end of Local-part")));
        assert_eq!(parse("\"a"), Err(syntax(2, "DQUOTE")));
        assert_eq!(parse("\"a\tb\""), Err(syntax(2, "qtextSMTP")));
        assert_eq!(parse("\"a\\\n\""), Err(syntax(3, "quoted-pairSMTP")));
        assert_eq!(parse("\"a\"b"), Err(syntax(3, "end of Local-part")));
    }

    #[test]
    fn lax_dot_string() {
        let lax = ASCII.with_lax_dot_string(true);
        let lp = LocalPart::parse(b"john..doe.", lax).unwrap();
        assert_eq!(lp.as_str(), "john..doe.");
        assert_eq!(lp.to_string(), "\"john..doe.\"");
        assert_eq!(LocalPart::parse(lp.to_string().as_bytes(), ASCII), Ok(lp));
    }

    #[test]
    fn utf8() {
        let utf8 = ASCII.with_smtputf8(true);
        assert_eq!(
            parse("jöran"),
            Err(EnvelopeError::Utf8NotAllowed { offset: 1 })
        );
        let lp = LocalPart::parse("jöran".as_bytes(), utf8).unwrap();
        assert_eq!(lp.as_str(), "jöran");
        assert!(!lp.needs_quoting() && !lp.is_ascii());
        let lp = LocalPart::parse("\"j ö\"".as_bytes(), utf8).unwrap();
        assert_eq!(lp.as_str(), "j ö");
        assert_eq!(
            LocalPart::parse("\"jö\"".as_bytes(), ASCII),
            Err(EnvelopeError::Utf8NotAllowed { offset: 2 })
        );
        assert_eq!(
            LocalPart::parse(b"j\xff", utf8),
            Err(EnvelopeError::InvalidUtf8 { offset: 1 })
        );
        assert_eq!(
            LocalPart::parse("\"\\ö\"".as_bytes(), utf8),
            Err(syntax(2, "quoted-pairSMTP"))
        );
    }

    #[test]
    fn limits() {
        let max = "a".repeat(64);
        assert_eq!(parse(&max).unwrap().encoded_len(), 64);
        let over = "a".repeat(65);
        assert_eq!(
            parse(&over),
            Err(EnvelopeError::LocalPartTooLong { offset: 0, len: 65 })
        );
        // The quotes count: 62 characters plus two quotes is the most a Quoted-string holds.
        let quoted = format!("\"{}\"", " ".repeat(62));
        assert_eq!(parse(&quoted).unwrap().encoded_len(), 64);
        let quoted = format!("\"{}\"", " ".repeat(63));
        assert_eq!(
            parse(&quoted),
            Err(EnvelopeError::LocalPartTooLong { offset: 0, len: 65 })
        );
        assert_eq!(
            LocalPart::new("\"".repeat(31), ASCII)
                .unwrap()
                .encoded_len(),
            64
        );
        assert_eq!(
            LocalPart::new("\"".repeat(32), ASCII),
            Err(EnvelopeError::LocalPartTooLong { offset: 0, len: 66 })
        );
    }

    #[test]
    fn constructor() {
        let lp = LocalPart::new("John Doe", ASCII).unwrap();
        assert!(lp.needs_quoting());
        assert_eq!(lp.to_string(), "\"John Doe\"");
        assert_eq!(
            LocalPart::new("a\r\nb", ASCII),
            Err(syntax(1, "qtextSMTP or quoted-pairSMTP"))
        );
        assert_eq!(
            LocalPart::new("a\tb", ASCII),
            Err(syntax(1, "qtextSMTP or quoted-pairSMTP"))
        );
        assert_eq!(
            LocalPart::new("ä", ASCII),
            Err(EnvelopeError::Utf8NotAllowed { offset: 0 })
        );
        assert!(LocalPart::new("PostMaster", ASCII).unwrap().is_postmaster());
        assert_eq!(
            LocalPart::new(String::from("x"), ASCII)
                .unwrap()
                .into_owned(),
            parse("x").unwrap()
        );
    }
}
