//! The human-readable parts of responses: `text` (RFC 3501 §9, RFC 9051 §9), `resp-text`
//! (a response code and text), and a hierarchy delimiter (`DQUOTE QUOTED-CHAR DQUOTE`).

use std::borrow::Cow;

use crate::encode::{Encode, Writer};
use crate::error::{InvalidValue, ParseError, Rule};

use super::code::{Code, read_code};
use super::reader::Reader;

/// `text = 1*(TEXT-CHAR / UTF8-2 / UTF8-3 / UTF8-4)` (RFC 9051 §9; RFC 3501 §9 allows only
/// `TEXT-CHAR`): human-readable text, UTF-8 without CR, LF or NUL. It may be empty (RFC 9051
/// makes `[text]` optional in `resp-text`).
///
/// ```
/// use imap_proto::response::Text;
/// assert_eq!(Text::new("LOGIN completed").unwrap().as_str(), "LOGIN completed");
/// assert!(Text::new("two\r\nlines").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Text<'a>(Cow<'a, str>);

impl<'a> Text<'a> {
    /// Text with this content.
    ///
    /// # Errors
    /// [`InvalidValue`] (rule `resp-text`) at the first CR, LF or NUL, or at the `{` of a
    /// literal's announcement (`{5}`, `{5+}`) that ends the text: a client's framing stage
    /// would wait for that many octets after the line.
    pub fn new(text: impl Into<Cow<'a, str>>) -> Result<Self, InvalidValue> {
        let text = text.into();
        let err = |offset| InvalidValue {
            rule: Rule::RespText,
            offset,
        };
        if let Some(offset) = text.bytes().position(|b| matches!(b, 0 | b'\r' | b'\n')) {
            return Err(err(offset));
        }
        if let Some(open) = literal_announcement(text.as_bytes()) {
            return Err(err(open));
        }
        Ok(Self(text))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether there is no text.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The same text, owned.
    pub fn into_owned(self) -> Text<'static> {
        Text(Cow::Owned(self.0.into_owned()))
    }

    /// Reads the text up to the end of the line (not consuming CR or LF). Octets that are not
    /// UTF-8 are an error, or with [`Quirks::eight_bit_quoted`](super::Quirks) decoded
    /// lossily.
    pub(crate) fn read(r: &mut Reader<'a>) -> Result<Self, ParseError> {
        let c = &mut r.c;
        let rest = c.rest();
        let Some(end) = memchr::memchr2(b'\r', b'\n', rest) else {
            return Err(ParseError::Incomplete { needed: 1 });
        };
        let raw = rest.get(..end).unwrap_or_default();
        if let Some(nul) = memchr::memchr(0, raw) {
            return Err(c.invalid_at(c.pos + nul, Rule::RespText));
        }
        let text = match std::str::from_utf8(raw) {
            Ok(s) => Cow::Borrowed(s),
            Err(_) if r.quirks.eight_bit_quoted => String::from_utf8_lossy(raw),
            Err(e) => return Err(c.invalid_at(c.pos + e.valid_up_to(), Rule::RespText)),
        };
        c.pos += end;
        Ok(Self(text))
    }
}

/// Where `{` starts when `text` ends with `"{" 1*DIGIT ["+"] "}"`.
fn literal_announcement(text: &[u8]) -> Option<usize> {
    let inner = text.strip_suffix(b"}")?;
    let inner = inner.strip_suffix(b"+").unwrap_or(inner);
    let open = inner.iter().rposition(|&b| b == b'{')?;
    let digits = inner.get(open + 1..)?;
    (!digits.is_empty() && digits.iter().all(u8::is_ascii_digit)).then_some(open)
}

impl Encode for Text<'_> {
    fn encode(&self, w: &mut Writer) {
        w.push_raw(self.0.as_bytes());
    }
}

/// `resp-text = ["[" resp-text-code "]" SP] [text]` (RFC 9051 §9; RFC 3501 §7.1): an
/// optional response code and text. Without a code the text cannot start with `[` (it
/// would read as one).
///
/// ```
/// use imap_proto::response::{Code, RespText, Text};
/// let t = RespText::new(Some(Code::ReadWrite), Text::new("SELECT completed").unwrap()).unwrap();
/// assert_eq!(t.code(), Some(&Code::ReadWrite));
/// assert!(RespText::new(None, Text::new("[oops").unwrap()).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct RespText<'a> {
    code: Option<Code<'a>>,
    text: Text<'a>,
}

impl<'a> RespText<'a> {
    /// A code and text.
    ///
    /// # Errors
    /// [`InvalidValue`] (rule `resp-text`, offset 0) for text starting with `[` and no code.
    pub fn new(code: Option<Code<'a>>, text: Text<'a>) -> Result<Self, InvalidValue> {
        if code.is_none() && text.as_str().starts_with('[') {
            return Err(InvalidValue {
                rule: Rule::RespText,
                offset: 0,
            });
        }
        Ok(Self { code, text })
    }

    /// Text without a code.
    ///
    /// # Errors
    /// As [`RespText::new`].
    pub fn text_only(text: &'a str) -> Result<Self, InvalidValue> {
        Self::new(None, Text::new(text)?)
    }

    /// The response code.
    pub fn code(&self) -> Option<&Code<'a>> {
        self.code.as_ref()
    }

    /// The text.
    pub fn text(&self) -> &Text<'a> {
        &self.text
    }

    /// The code and the text.
    pub fn into_parts(self) -> (Option<Code<'a>>, Text<'a>) {
        (self.code, self.text)
    }

    /// The same value, owning everything it borrowed.
    pub fn into_owned(self) -> RespText<'static> {
        RespText {
            code: self.code.map(Code::into_owned),
            text: self.text.into_owned(),
        }
    }

    /// Reads `resp-text` up to the end of the line; `r` is just after the `SP` that precedes
    /// it. With [`Quirks::code_without_text`](super::Quirks) the `SP` after the code may be
    /// missing.
    pub(crate) fn read(r: &mut Reader<'a>) -> Result<Self, ParseError> {
        let code = if r.c.peek() == Some(b'[') {
            r.c.bump();
            let code = read_code(r)?;
            r.c.expect(b']', Rule::RespTextCode)?;
            match r.c.need()? {
                b'\r' | b'\n' if r.quirks.code_without_text => {}
                _ => r.c.expect(b' ', Rule::RespText)?,
            }
            Some(code)
        } else {
            None
        };
        let text = Text::read(r)?;
        Ok(Self { code, text })
    }
}

impl Encode for RespText<'_> {
    fn encode(&self, w: &mut Writer) {
        if let Some(code) = &self.code {
            w.push_raw(b"[");
            code.encode(w);
            w.push_raw(b"] ");
        }
        self.text.encode(w);
    }
}

/// A hierarchy delimiter: `DQUOTE QUOTED-CHAR DQUOTE` in LIST and NAMESPACE responses (RFC
/// 3501 §7.2.2, RFC 9051 §9): one character, not CR, LF or NUL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Delimiter(char);

impl Delimiter {
    /// The delimiter `ch`.
    ///
    /// # Errors
    /// [`InvalidValue`] (rule `quoted`) for CR, LF or NUL.
    pub fn new(ch: char) -> Result<Self, InvalidValue> {
        if matches!(ch, '\0' | '\r' | '\n') {
            return Err(InvalidValue {
                rule: Rule::Quoted,
                offset: 0,
            });
        }
        Ok(Self(ch))
    }

    /// The character.
    pub fn as_char(self) -> char {
        self.0
    }

    /// Reads `DQUOTE QUOTED-CHAR DQUOTE / nil`.
    pub(crate) fn read_nil(r: &mut Reader<'_>) -> Result<Option<Self>, ParseError> {
        if r.c.need()? != b'"' {
            r.c.expect_word(b"NIL", Rule::Quoted)?;
            return Ok(None);
        }
        let start = r.c.pos;
        let s = r.string()?;
        let bytes = s.as_bytes();
        let ch = match std::str::from_utf8(bytes) {
            Ok(text) => {
                let mut chars = text.chars();
                match (chars.next(), chars.next()) {
                    (Some(ch), None) => ch,
                    _ => return Err(r.c.invalid_at(start + 1, Rule::Quoted)),
                }
            }
            // A single 8-bit octet (Latin-1), accepted with `eight_bit_quoted`.
            Err(_) => match bytes {
                [b] => char::from(*b),
                _ => return Err(r.c.invalid_at(start + 1, Rule::Quoted)),
            },
        };
        Self::new(ch)
            .map(Some)
            .map_err(|_| r.c.invalid_at(start + 1, Rule::Quoted))
    }
}

/// Writes `DQUOTE QUOTED-CHAR DQUOTE / nil`.
pub(crate) fn write_delimiter(w: &mut Writer, d: Option<Delimiter>) {
    match d {
        Some(d) => {
            let mut buf = [0u8; 4];
            w.quoted(d.0.encode_utf8(&mut buf).as_bytes());
        }
        None => w.push_raw(b"NIL"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::response::Quirks;

    #[test]
    fn text_refuses_line_breaks_and_a_trailing_literal() {
        assert!(Text::new("a\rb").is_err());
        assert_eq!(Text::new("see {12}").unwrap_err().offset, 4);
        assert_eq!(Text::new("see {12+}").unwrap_err().offset, 4);
        for fine in ["{12} first", "see {}", "see {x}", "}", "{1", ""] {
            assert!(Text::new(fine).is_ok(), "{fine}");
        }
    }

    #[test]
    fn read_stops_before_the_line_end() {
        let mut r = Reader::new(b"two words\r\n", Quirks::STRICT);
        assert_eq!(Text::read(&mut r).unwrap().as_str(), "two words");
        assert_eq!(r.c.rest(), b"\r\n");
        let mut r = Reader::new(b"no end", Quirks::STRICT);
        assert!(Text::read(&mut r).unwrap_err().is_incomplete());
        let mut r = Reader::new(b"a\0b\r\n", Quirks::LENIENT);
        assert!(Text::read(&mut r).is_err());
    }

    #[test]
    fn delimiters() {
        for (wire, want) in [
            (&b"\"/\" "[..], Some('/')),
            (b"\"\\\\\" ", Some('\\')),
            (b"NIL ", None),
            ("\"台\" ".as_bytes(), Some('台')),
        ] {
            let mut r = Reader::new(wire, Quirks::STRICT);
            assert_eq!(
                Delimiter::read_nil(&mut r).unwrap().map(Delimiter::as_char),
                want
            );
            let mut w = Writer::default();
            write_delimiter(
                &mut w,
                Delimiter::read_nil(&mut Reader::new(wire, Quirks::STRICT)).unwrap(),
            );
            assert_eq!(w.bytes(), &wire[..wire.len() - 1]);
        }
        assert!(Delimiter::read_nil(&mut Reader::new(b"\"ab\" ", Quirks::STRICT)).is_err());
        assert!(Delimiter::read_nil(&mut Reader::new(b"\"\" ", Quirks::STRICT)).is_err());
        assert!(Delimiter::new('\n').is_err());
    }
}
