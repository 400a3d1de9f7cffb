//! `Content-Type` (RFC 2045 §5) and `Content-Disposition` (RFC 2183) with their parameters,
//! including RFC 2231 continuations, charsets and languages.

use std::borrow::Cow;

/// One MIME parameter after RFC 2231 decoding: continuations joined, charset decoded.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Parameter<'a> {
    /// The attribute name as written (compare it case-insensitively), without any `*N*`
    /// RFC 2231 suffix.
    pub name: Cow<'a, str>,
    /// The decoded value.
    pub value: Cow<'a, str>,
    /// The RFC 2231 language tag, if the value carried one.
    pub language: Option<Cow<'a, str>>,
}

/// RFC 2045 §5.1 `Content-Type`: `type "/" subtype *(";" parameter)`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ContentType<'a> {
    /// The top-level media type as written (compare case-insensitively), e.g. `text`.
    pub media_type: Cow<'a, str>,
    /// The subtype as written, e.g. `plain`.
    pub subtype: Cow<'a, str>,
    /// The parameters in the order written (continuations joined into one).
    pub parameters: Vec<Parameter<'a>>,
}

/// RFC 2183 `Content-Disposition`: `disposition-type *(";" disposition-parm)`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ContentDisposition<'a> {
    /// The disposition type as written (compare case-insensitively): `inline`, `attachment`
    /// or an extension token.
    pub kind: Cow<'a, str>,
    /// The parameters in the order written (continuations joined into one).
    pub parameters: Vec<Parameter<'a>>,
}

use crate::defect::{Defect, DefectKind, push};
use crate::lex::Cursor;

/// Provisional parser (the full one, with RFC 2231, replaces it).
fn ascii(b: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(b)
}

impl<'a> ContentType<'a> {
    /// Parses a raw `Content-Type` value. Returns `None` (and records
    /// [`DefectKind::InvalidContentType`]) when not even `type/subtype` can be read.
    pub fn parse(raw: &'a [u8], defects: &mut Vec<Defect>) -> Option<Self> {
        let mut c = Cursor::new(raw);
        let _ = c.skip_cfws();
        let start = c.pos();
        let (Some(t), true, Some(s)) = (c.token(), c.eat(b'/'), c.token()) else {
            push(defects, DefectKind::InvalidContentType, start);
            return None;
        };
        let mut parameters = Vec::new();
        loop {
            let _ = c.skip_cfws();
            if !c.eat(b';') {
                break;
            }
            let _ = c.skip_cfws();
            let Some(name) = c.token() else { continue };
            let _ = c.skip_cfws();
            if !c.eat(b'=') {
                continue;
            }
            let _ = c.skip_cfws();
            let value = if c.peek() == Some(b'"') {
                match c.quoted_string() {
                    Ok(Cow::Borrowed(v)) => ascii(v),
                    Ok(Cow::Owned(v)) => Cow::Owned(String::from_utf8_lossy(&v).into_owned()),
                    Err(_) => break,
                }
            } else {
                ascii(c.token().unwrap_or_default())
            };
            parameters.push(Parameter {
                name: ascii(name),
                value,
                language: None,
            });
        }
        Some(ContentType {
            media_type: ascii(t),
            subtype: ascii(s),
            parameters,
        })
    }

    /// `true` if this is `media_type/subtype` (case-insensitive).
    pub fn is(&self, media_type: &str, subtype: &str) -> bool {
        self.media_type.eq_ignore_ascii_case(media_type)
            && self.subtype.eq_ignore_ascii_case(subtype)
    }

    /// `true` for any `multipart/*` type.
    pub fn is_multipart(&self) -> bool {
        self.media_type.eq_ignore_ascii_case("multipart")
    }

    /// The value of the first parameter named `name` (case-insensitive).
    pub fn parameter(&self, name: &str) -> Option<&str> {
        self.parameters
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
            .map(|p| p.value.as_ref())
    }

    /// The `boundary` parameter of a multipart type.
    pub fn boundary(&self) -> Option<&str> {
        self.parameter("boundary")
    }

    /// The `charset` parameter.
    pub fn charset(&self) -> Option<&str> {
        self.parameter("charset")
    }
}
