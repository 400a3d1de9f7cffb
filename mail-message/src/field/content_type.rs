//! `Content-Type` (RFC 2045 §5) and `Content-Disposition` (RFC 2183) with their parameters,
//! including RFC 2231 continuations, charsets and languages.
//!
//! Both fields share the parameter list of RFC 2045 §5.1:
//!
//! ```text
//! parameter := attribute "=" value
//! attribute := token
//! value := token / quoted-string
//! ```
//!
//! with comments and folding white space allowed between the elements (RFC 2045 §5.1 refers
//! to RFC 822's structured-field rules). [`parse_parameters`] reads it leniently, as real mail
//! needs, reporting each repair as a defect:
//!
//! - a stray `;` (`; ;`, or a trailing `;` as in RFC 2183's own example) is skipped silently;
//! - a missing `;` between two parameters (`text/plain charset=utf-8`, and RFC 2231 §4.1's
//!   example) is tolerated: [`DefectKind::InvalidParameter`];
//! - an unquoted value may hold octets a token may not: 8-bit UTF-8 (RFC 6532), `=`, `/`, `?`
//!   (unquoted boundaries such as `----=_Part_1` are common), and even spaces, as in
//!   `name=My File.pdf` from broken mailers (then [`DefectKind::InvalidParameter`]). The value
//!   ends at `;`, at a comment, at the end, or before white space followed by
//!   `attribute=`;
//! - a parameter without `=` or without a name is skipped ([`DefectKind::InvalidParameter`]);
//!   an unterminated quoted string runs to the end ([`DefectKind::UnterminatedQuotedString`]).
//!
//! The values are then decoded by [`decode_parameters`] (RFC 2231, charsets, UTF-8, and the
//! RFC 2047 leniency described there).

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

mod plain;

use crate::decode::is_token_octet;
use crate::decode::rfc2047::find_pair;
use crate::decode::rfc2231::{RawParameter, decode_parameters, plain_parameter};
use crate::defect::{Defect, DefectKind, push};
use crate::lex::{Cursor, is_fws};

/// The field value, with its text when it is valid UTF-8 (checked once: every token and value
/// is then a slice of it, without checking each again).
#[derive(Clone, Copy)]
struct Source<'a> {
    raw: &'a [u8],
    text: Option<&'a str>,
}

impl<'a> Source<'a> {
    fn new(raw: &'a [u8]) -> Self {
        Source {
            raw,
            text: std::str::from_utf8(raw).ok(),
        }
    }

    /// `raw[from..to]` as text; lossy if it is not UTF-8.
    fn str(&self, from: usize, to: usize) -> Cow<'a, str> {
        if let Some(s) = self.text.and_then(|t| t.get(from..to)) {
            return Cow::Borrowed(s);
        }
        let b = self.raw.get(from..to).unwrap_or_default();
        match std::str::from_utf8(b) {
            Ok(s) => Cow::Borrowed(s),
            Err(_) => String::from_utf8_lossy(b),
        }
    }
}

/// Skips CFWS; an unterminated comment is reported and ends the input.
#[inline]
fn skip_cfws(c: &mut Cursor<'_>, defects: &mut Vec<Defect>) -> bool {
    // Most elements are not preceded by white space or a comment.
    if c.peek().is_none_or(|b| !is_fws(b) && b != b'(') {
        return true;
    }
    skip_cfws_slow(c, defects)
}

fn skip_cfws_slow(c: &mut Cursor<'_>, defects: &mut Vec<Defect>) -> bool {
    let at = c.pos();
    if c.skip_cfws().is_err() {
        let open = c.input().get(at..).and_then(|r| memchr::memchr(b'(', r));
        push(
            defects,
            DefectKind::UnterminatedComment,
            at + open.unwrap_or(0),
        );
        return false;
    }
    true
}

/// `true` for an octet of a (lenient) attribute name: a token character or 8-bit.
fn is_attribute_char(b: u8) -> bool {
    is_token_octet(b) || b >= 0x80
}

/// Reads an RFC 2045 `token`.
fn token<'a>(c: &mut Cursor<'a>) -> Option<&'a [u8]> {
    let t = c.take_while(is_token_octet);
    (!t.is_empty()).then_some(t)
}

/// `true` if `rest` starts with `attribute *WSP "="`: the next parameter, after a missing `;`.
fn starts_parameter(rest: &[u8]) -> bool {
    let name = rest.iter().take_while(|&&b| is_attribute_char(b)).count();
    name > 0
        && rest
            .get(name..)
            .unwrap_or_default()
            .iter()
            .find(|&&b| !is_fws(b))
            == Some(&b'=')
}

/// Skips to the next `;` (not consuming it), stepping over quoted strings and comments.
fn skip_to_semicolon(c: &mut Cursor<'_>) {
    while let Some(b) = c.peek() {
        match b {
            b';' => return,
            b'"' => {
                let _ = c.quoted_string();
            }
            b'(' => {
                let _ = c.comment();
            }
            _ => {
                c.bump();
            }
        }
    }
}

/// Reads an unquoted value (see the [module docs](self) for where it ends).
fn loose_value<'a>(c: &mut Cursor<'a>, defects: &mut Vec<Defect>) -> Cow<'a, [u8]> {
    let start = c.pos();
    let mut end = start;
    loop {
        let run = c.take_while(|b| !is_fws(b) && b != b';' && b != b'(');
        if run.is_empty() {
            break;
        }
        end = c.pos();
        c.skip_fws();
        match c.peek() {
            Some(b) if b != b';' && b != b'(' && b != b'"' && !starts_parameter(c.rest()) => {}
            _ => break,
        }
    }
    c.set_pos(end);
    let value = c.input().get(start..end).unwrap_or_default();
    if value.iter().any(|&b| is_fws(b)) {
        push(defects, DefectKind::InvalidParameter, start);
        if memchr::memchr2(b'\r', b'\n', value).is_some() {
            return Cow::Owned(
                value
                    .iter()
                    .copied()
                    .filter(|&b| b != b'\r' && b != b'\n')
                    .collect(),
            );
        }
    }
    Cow::Borrowed(value)
}

/// Reads `*(";" parameter)` from the cursor to the end of the input. With `after_value`, the
/// cursor is after a field's first element (`type/subtype`), so a parameter not preceded by `;`
/// is reported. `sink` gets each parameter and, when its value is a slice of input that is
/// valid UTF-8, that text.
fn raw_parameters<'a>(
    c: &mut Cursor<'a>,
    after_value: bool,
    defects: &mut Vec<Defect>,
    mut sink: impl FnMut(RawParameter<'a>, Option<&'a str>, &mut Vec<Defect>),
) {
    let src = Source::new(c.input());
    if after_value && skip_cfws(c, defects) && c.peek().is_some_and(|b| b != b';') {
        push(defects, DefectKind::InvalidParameter, c.pos());
    }
    loop {
        if !skip_cfws(c, defects) {
            break;
        }
        match c.peek() {
            None => break,
            Some(b';') => {
                c.bump();
                continue;
            }
            Some(_) => {}
        }
        let start = c.pos();
        let name = c.take_while(is_attribute_char);
        if name.is_empty() || !skip_cfws(c, defects) || !c.eat(b'=') {
            push(defects, DefectKind::InvalidParameter, start);
            skip_to_semicolon(c);
            continue;
        }
        if !skip_cfws(c, defects) {
            break;
        }
        let value_start = c.pos();
        let (value, range) = if c.peek() == Some(b'"') {
            let quote = c.pos();
            match c.quoted_string() {
                Ok(Cow::Borrowed(v)) => (Cow::Borrowed(v), Some((quote + 1, quote + 1 + v.len()))),
                Ok(v) => (v, None),
                Err(_) => {
                    push(defects, DefectKind::UnterminatedQuotedString, quote);
                    let rest = c.input().get(quote + 1..).unwrap_or_default();
                    let value = rest
                        .iter()
                        .copied()
                        .filter(|&b| b != b'\r' && b != b'\n')
                        .collect();
                    (Cow::Owned(value), None)
                }
            }
        } else {
            match loose_value(c, defects) {
                Cow::Borrowed(v) => (Cow::Borrowed(v), Some((value_start, value_start + v.len()))),
                owned => (owned, None),
            }
        };
        let value_text = range.and_then(|(from, to)| src.text?.get(from..to));
        sink(
            RawParameter {
                name: src.str(start, start + name.len()),
                value,
                offset: start,
            },
            value_text,
            defects,
        );
        if !skip_cfws(c, defects) {
            break;
        }
        match c.peek() {
            None => break,
            Some(b';') => {
                c.bump();
            }
            Some(_) => {
                // A missing `;`: go on with the next parameter if one starts here.
                push(defects, DefectKind::InvalidParameter, c.pos());
                if !starts_parameter(c.rest()) {
                    skip_to_semicolon(c);
                }
            }
        }
    }
}

/// Reads and decodes the parameters from the cursor to the end of the input. Without a `*`
/// in the rest of the input there is no RFC 2231 parameter, so each parameter is decoded as
/// soon as it is read; otherwise the whole list is read first (sections may come in any order).
fn parameters<'a>(
    c: &mut Cursor<'a>,
    after_value: bool,
    defects: &mut Vec<Defect>,
) -> Vec<Parameter<'a>> {
    if memchr::memchr(b'*', c.rest()).is_none() {
        let mut out = Vec::new();
        raw_parameters(c, after_value, defects, |p, text, defects| {
            // A value that is already text and holds no encoded word is the value.
            match text.filter(|t| find_pair(t.as_bytes(), b'=', b'?').is_none()) {
                Some(value) => out.push(Parameter {
                    name: p.name,
                    value: Cow::Borrowed(value),
                    language: None,
                }),
                None => out.push(plain_parameter(p, defects)),
            }
        });
        return out;
    }
    let mut raw = Vec::new();
    raw_parameters(c, after_value, defects, |p, _, _| raw.push(p));
    decode_parameters(raw, defects)
}

/// Parses a MIME parameter list, `*(";" parameter)` (RFC 2045 §5.1, RFC 2183 §2, RFC 2231),
/// and decodes the values (see the [module docs](self) and
/// [`decode::rfc2231`](crate::decode::rfc2231)). The input may start with the `;` of the first
/// parameter or with the parameter itself. Defect offsets are relative to `input`.
///
/// ```
/// # use mail_message::field::content_type::parse_parameters;
/// let mut defects = Vec::new();
/// let params = parse_parameters(b"; name*=utf-8''%E2%82%AC.txt; size=3", &mut defects);
/// assert_eq!(params[0].name, "name");
/// assert_eq!(params[0].value, "€.txt");
/// assert_eq!(params[1].value, "3");
/// assert!(defects.is_empty());
/// ```
pub fn parse_parameters<'a>(input: &'a [u8], defects: &mut Vec<Defect>) -> Vec<Parameter<'a>> {
    let mut c = Cursor::new(input);
    parameters(&mut c, false, defects)
}

/// `Content-Type` read by the general reader (see [`ContentType::parse`]).
fn general_content_type<'a>(raw: &'a [u8], defects: &mut Vec<Defect>) -> Option<ContentType<'a>> {
    let mut c = Cursor::new(raw);
    skip_cfws(&mut c, defects);
    let start = c.pos();
    let media_type = token(&mut c);
    skip_cfws(&mut c, defects);
    let slash = c.eat(b'/');
    skip_cfws(&mut c, defects);
    let subtype = token(&mut c);
    let (Some(media_type), true, Some(subtype)) = (media_type, slash, subtype) else {
        push(defects, DefectKind::InvalidContentType, start);
        return None;
    };
    // Tokens are ASCII.
    let text = |t: &'a [u8]| Cow::Borrowed(std::str::from_utf8(t).unwrap_or_default());
    Some(ContentType {
        media_type: text(media_type),
        subtype: text(subtype),
        parameters: parameters(&mut c, true, defects),
    })
}

/// `Content-Disposition` read by the general reader (see [`ContentDisposition::parse`]).
fn general_content_disposition<'a>(
    raw: &'a [u8],
    defects: &mut Vec<Defect>,
) -> Option<ContentDisposition<'a>> {
    let mut c = Cursor::new(raw);
    skip_cfws(&mut c, defects);
    let start = c.pos();
    let Some(kind) = token(&mut c) else {
        push(defects, DefectKind::InvalidContentDisposition, start);
        return None;
    };
    Some(ContentDisposition {
        // Tokens are ASCII.
        kind: Cow::Borrowed(std::str::from_utf8(kind).unwrap_or_default()),
        parameters: parameters(&mut c, true, defects),
    })
}

/// The first parameter named `name` (case-insensitive).
fn find<'p, 'a>(parameters: &'p [Parameter<'a>], name: &str) -> Option<&'p Parameter<'a>> {
    parameters
        .iter()
        .find(|p| p.name.eq_ignore_ascii_case(name))
}

/// Takes the value of the first parameter named `name` (case-insensitive).
fn take<'a>(parameters: Vec<Parameter<'a>>, name: &str) -> Option<Cow<'a, str>> {
    parameters
        .into_iter()
        .find(|p| p.name.eq_ignore_ascii_case(name))
        .map(|p| p.value)
}

fn owned(c: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(c.into_owned())
}

impl Parameter<'_> {
    /// The same parameter, owning its strings.
    pub fn into_owned(self) -> Parameter<'static> {
        Parameter {
            name: owned(self.name),
            value: owned(self.value),
            language: self.language.map(owned),
        }
    }
}

impl<'a> ContentType<'a> {
    /// Parses a raw `Content-Type` value (RFC 2045 §5.1; CFWS allowed around every element,
    /// parameters as [`parse_parameters`] reads them). Returns `None` (and records
    /// [`DefectKind::InvalidContentType`]) when not even `type/subtype` can be read; the
    /// caller then uses the RFC 2045 §5.2 default.
    ///
    /// ```
    /// # use mail_message::field::content_type::ContentType;
    /// let mut defects = Vec::new();
    /// let ct = ContentType::parse(b" text/plain; charset=us-ascii (Plain text)", &mut defects)
    ///     .unwrap();
    /// assert!(ct.is("TEXT", "plain"));
    /// assert_eq!(ct.charset(), Some("us-ascii"));
    /// assert!(defects.is_empty());
    /// ```
    pub fn parse(raw: &'a [u8], defects: &mut Vec<Defect>) -> Option<Self> {
        // The plain shape in one pass; anything else, or anything to report, the general way
        // (what the one-pass reader reported before standing aside is dropped: the general
        // reader reports it again).
        let first = defects.len();
        plain::content_type(raw, defects).or_else(|| {
            defects.truncate(first);
            general_content_type(raw, defects)
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
        find(&self.parameters, name).map(|p| p.value.as_ref())
    }

    /// The first parameter named `name` (case-insensitive), with its language.
    pub fn get(&self, name: &str) -> Option<&Parameter<'a>> {
        find(&self.parameters, name)
    }

    /// Consumes the field and returns the value of the first parameter named `name`
    /// (case-insensitive), keeping its borrow of the input.
    pub fn into_parameter(self, name: &str) -> Option<Cow<'a, str>> {
        take(self.parameters, name)
    }

    /// The `boundary` parameter of a multipart type (RFC 2046 §5.1.1).
    pub fn boundary(&self) -> Option<&str> {
        self.parameter("boundary")
    }

    /// The `charset` parameter (RFC 2046 §4.1.2).
    pub fn charset(&self) -> Option<&str> {
        self.parameter("charset")
    }

    /// The same field, owning its strings.
    pub fn into_owned(self) -> ContentType<'static> {
        ContentType {
            media_type: owned(self.media_type),
            subtype: owned(self.subtype),
            parameters: self
                .parameters
                .into_iter()
                .map(Parameter::into_owned)
                .collect(),
        }
    }
}

impl<'a> ContentDisposition<'a> {
    /// Parses a raw `Content-Disposition` value (RFC 2183 §2; CFWS allowed, parameters as
    /// [`parse_parameters`] reads them). Returns `None` (and records
    /// [`DefectKind::InvalidContentDisposition`]) when there is no disposition type.
    ///
    /// ```
    /// # use mail_message::field::content_type::ContentDisposition;
    /// let mut defects = Vec::new();
    /// let cd = ContentDisposition::parse(
    ///     b" attachment; filename=genome.jpeg;\r\n modification-date=\"Wed, 12 Feb 1997 16:29:51 -0500\";",
    ///     &mut defects,
    /// )
    /// .unwrap();
    /// assert!(cd.is_attachment());
    /// assert_eq!(cd.filename(), Some("genome.jpeg"));
    /// assert_eq!(cd.parameter("modification-date"), Some("Wed, 12 Feb 1997 16:29:51 -0500"));
    /// assert!(defects.is_empty());
    /// ```
    pub fn parse(raw: &'a [u8], defects: &mut Vec<Defect>) -> Option<Self> {
        let first = defects.len();
        plain::content_disposition(raw, defects).or_else(|| {
            defects.truncate(first);
            general_content_disposition(raw, defects)
        })
    }

    /// `true` for `attachment` (RFC 2183 §2.2), case-insensitive.
    pub fn is_attachment(&self) -> bool {
        self.kind.eq_ignore_ascii_case("attachment")
    }

    /// `true` for `inline` (RFC 2183 §2.1), case-insensitive.
    pub fn is_inline(&self) -> bool {
        self.kind.eq_ignore_ascii_case("inline")
    }

    /// The `filename` parameter (RFC 2183 §2.3), decoded. It is a name suggested by the
    /// sender: strip any directory part before using it to create a file.
    pub fn filename(&self) -> Option<&str> {
        self.parameter("filename")
    }

    /// The value of the first parameter named `name` (case-insensitive).
    pub fn parameter(&self, name: &str) -> Option<&str> {
        find(&self.parameters, name).map(|p| p.value.as_ref())
    }

    /// The first parameter named `name` (case-insensitive), with its language.
    pub fn get(&self, name: &str) -> Option<&Parameter<'a>> {
        find(&self.parameters, name)
    }

    /// Consumes the field and returns the value of the first parameter named `name`
    /// (case-insensitive), keeping its borrow of the input.
    pub fn into_parameter(self, name: &str) -> Option<Cow<'a, str>> {
        take(self.parameters, name)
    }

    /// The same field, owning its strings.
    pub fn into_owned(self) -> ContentDisposition<'static> {
        ContentDisposition {
            kind: owned(self.kind),
            parameters: self
                .parameters
                .into_iter()
                .map(Parameter::into_owned)
                .collect(),
        }
    }
}
