//! ESMTP parameters of `MAIL` and `RCPT`: RFC 5321 §4.1.2
//! `esmtp-param = esmtp-keyword ["=" esmtp-value]`, with the UTF-8 values of RFC 6531 §3.3.
//!
//! This is the generic layer: it knows the shape of every parameter, not the meaning of any
//! (`SIZE`, `BODY`, `ENVID`, `NOTIFY`, `ORCPT`, `SMTPUTF8` ... are typed by the SMTP crate).

use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;

use super::error::{EnvelopeError, syntax};
use super::options::{EnvelopeOptions, check_str_utf8, text, utf8_run};
use super::xtext::{decode_xtext, encode_xtext};
use crate::lex::Cursor;

/// An `esmtp-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")` (RFC 5321 §4.1.2).
///
/// Keywords are case-insensitive (RFC 5321 §2.4). The keyword keeps the case it was given in
/// and `==` compares exactly (so that a parsed value equals what was sent); use
/// [`matches`](Self::matches) to compare as SMTP does.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EsmtpKeyword<'a>(Cow<'a, str>);

/// An `esmtp-value = 1*(%d33-60 / %d62-126)` (RFC 5321 §4.1.2): printable ASCII except `=`;
/// under SMTPUTF8 also non-ASCII characters (RFC 6531 §3.3).
///
/// The value is kept as sent: parameters whose value is `xtext` (RFC 3461 §4: `ENVID`,
/// `ORCPT`) are decoded with [`decode_xtext`](Self::decode_xtext).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EsmtpValue<'a>(Cow<'a, str>);

/// One `esmtp-param` (RFC 5321 §4.1.2): `KEYWORD` or `KEYWORD=value`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EsmtpParameter<'a> {
    /// The keyword.
    pub keyword: EsmtpKeyword<'a>,
    /// The value after `=`, if any.
    pub value: Option<EsmtpValue<'a>>,
}

/// The parameters of one `MAIL` or `RCPT` command (RFC 5321 §4.1.2 `Mail-parameters`,
/// `Rcpt-parameters`), in the order sent, with case-insensitive lookup.
///
/// It dereferences to a slice of [`EsmtpParameter`]. Written (by `Display`) as the
/// parameters separated by single spaces, with no leading space.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct EsmtpParameters<'a>(Vec<EsmtpParameter<'a>>);

#[inline]
fn is_keyword_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-'
}

#[inline]
fn is_value_char(b: u8) -> bool {
    matches!(b, 33..=60 | 62..=126)
}

impl<'a> EsmtpKeyword<'a> {
    /// A keyword from its text.
    ///
    /// # Errors
    /// [`EnvelopeError::InvalidSyntax`] at the first byte that does not fit `esmtp-keyword`
    /// (offset `0` for an empty keyword).
    pub fn new(keyword: impl Into<Cow<'a, str>>) -> Result<Self, EnvelopeError> {
        let keyword = keyword.into();
        let bytes = keyword.as_bytes();
        if !bytes.first().is_some_and(u8::is_ascii_alphanumeric) {
            return Err(syntax(0, "esmtp-keyword"));
        }
        if let Some(i) = bytes.iter().position(|&b| !is_keyword_char(b)) {
            return Err(syntax(i, "esmtp-keyword"));
        }
        Ok(EsmtpKeyword(keyword))
    }

    /// The keyword as given.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `true` when this is `name`, compared ignoring ASCII case (RFC 5321 §2.4).
    pub fn matches(&self, name: &str) -> bool {
        self.0.eq_ignore_ascii_case(name)
    }

    /// The same keyword, owning its text.
    pub fn into_owned(self) -> EsmtpKeyword<'static> {
        EsmtpKeyword(Cow::Owned(self.0.into_owned()))
    }
}

impl<'a> EsmtpValue<'a> {
    /// A value from its text (as it is sent: already `xtext`-encoded where that applies).
    ///
    /// # Errors
    /// [`EnvelopeError::InvalidSyntax`] for an empty value or at a space, `=` or control
    /// character; [`EnvelopeError::Utf8NotAllowed`] for non-ASCII text without SMTPUTF8;
    /// [`EnvelopeError::InvalidUtf8`] for a C1 control.
    pub fn new(
        value: impl Into<Cow<'a, str>>,
        opts: EnvelopeOptions,
    ) -> Result<Self, EnvelopeError> {
        let value = value.into();
        check_str_utf8(&value, opts)?;
        if value.is_empty() {
            return Err(syntax(0, "esmtp-value"));
        }
        if let Some(i) = value
            .bytes()
            .position(|b| b.is_ascii() && !is_value_char(b))
        {
            return Err(syntax(i, "esmtp-value"));
        }
        Ok(EsmtpValue(value))
    }

    /// The `xtext` encoding of `octets` as a value (RFC 3461 §4), or `None` for no octets
    /// (an `esmtp-value` cannot be empty). Borrows when nothing needs encoding.
    pub fn from_xtext(octets: &'a [u8]) -> Option<Self> {
        let text = encode_xtext(octets);
        (!text.is_empty()).then_some(EsmtpValue(text))
    }

    /// The value as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The octets of an `xtext` value (RFC 3461 §4).
    ///
    /// # Errors
    /// [`EnvelopeError::InvalidXtext`] (offset into the value) when it is not `xtext`.
    pub fn decode_xtext(&self) -> Result<Cow<'_, [u8]>, EnvelopeError> {
        decode_xtext(self.0.as_bytes())
    }

    /// The same value, owning its text.
    pub fn into_owned(self) -> EsmtpValue<'static> {
        EsmtpValue(Cow::Owned(self.0.into_owned()))
    }
}

impl<'a> EsmtpParameter<'a> {
    /// A parameter from a keyword and an optional value.
    pub fn new(keyword: EsmtpKeyword<'a>, value: Option<EsmtpValue<'a>>) -> Self {
        EsmtpParameter { keyword, value }
    }

    /// Parses one whole `esmtp-param`.
    ///
    /// # Errors
    /// [`EnvelopeError::InvalidSyntax`] where the input is not an `esmtp-param`, and the
    /// UTF-8 errors of [`EsmtpValue::new`].
    pub fn parse(input: &'a [u8], opts: EnvelopeOptions) -> Result<Self, EnvelopeError> {
        let mut cur = Cursor::new(input);
        let param = Self::parse_at(&mut cur, opts)?;
        if !cur.is_empty() {
            return Err(syntax(cur.pos(), "end of esmtp-param"));
        }
        Ok(param)
    }

    /// Parses an `esmtp-param` at the cursor.
    fn parse_at(cur: &mut Cursor<'a>, opts: EnvelopeOptions) -> Result<Self, EnvelopeError> {
        let input = cur.input();
        let start = cur.pos();
        if !cur.peek().is_some_and(|b| b.is_ascii_alphanumeric()) {
            return Err(syntax(start, "esmtp-keyword"));
        }
        cur.take_while(is_keyword_char);
        let keyword = EsmtpKeyword(Cow::Borrowed(text(input, start, cur.pos())?));
        if !cur.eat(b'=') {
            return Ok(EsmtpParameter::new(keyword, None));
        }
        let vstart = cur.pos();
        let mut pos = vstart;
        while let Some(&b) = input.get(pos) {
            if is_value_char(b) {
                pos += 1;
            } else if !b.is_ascii() {
                pos += utf8_run(input, pos, opts)?;
            } else {
                break;
            }
        }
        if pos == vstart {
            return Err(syntax(vstart, "esmtp-value"));
        }
        cur.set_pos(pos);
        let value = EsmtpValue(Cow::Borrowed(text(input, vstart, pos)?));
        Ok(EsmtpParameter::new(keyword, Some(value)))
    }

    /// `true` when the parameter is all ASCII.
    pub fn is_ascii(&self) -> bool {
        self.value.as_ref().is_none_or(|v| v.0.is_ascii())
    }

    /// The same parameter, owning its text.
    pub fn into_owned(self) -> EsmtpParameter<'static> {
        EsmtpParameter {
            keyword: self.keyword.into_owned(),
            value: self.value.map(EsmtpValue::into_owned),
        }
    }
}

/// Parses the `[SP Mail-parameters]` / `[SP Rcpt-parameters]` that follow a path: nothing, or
/// a space and one or more parameters separated by single spaces (with `lax_spaces`, any
/// number of spaces, trailing ones too). This is the `rest` that
/// [`ReversePath::parse_prefix`](super::ReversePath::parse_prefix) and
/// [`ForwardPath::parse_prefix`](super::ForwardPath::parse_prefix) return.
///
/// # Errors
/// [`EnvelopeError::InvalidSyntax`] (a missing space, a malformed parameter) and the UTF-8
/// errors of [`EsmtpValue::new`]. Duplicate keywords are not an error here (see
/// [`EsmtpParameters::first_duplicate`]).
pub fn parse_parameters(
    input: &[u8],
    opts: EnvelopeOptions,
) -> Result<EsmtpParameters<'_>, EnvelopeError> {
    let mut cur = Cursor::new(input);
    let mut params = Vec::new();
    while !cur.is_empty() {
        if !cur.eat(b' ') {
            return Err(syntax(cur.pos(), "SP"));
        }
        if opts.lax_spaces {
            cur.take_while(|b| b == b' ');
            if cur.is_empty() {
                break;
            }
        }
        params.push(EsmtpParameter::parse_at(&mut cur, opts)?);
    }
    Ok(EsmtpParameters(params))
}

impl<'a> EsmtpParameters<'a> {
    /// No parameters.
    pub const fn new() -> Self {
        EsmtpParameters(Vec::new())
    }

    /// Parses parameters separated by single spaces, as [`Display`](fmt::Display) writes
    /// them (an empty input is an empty list). For the text after a path, which starts with
    /// the space, use [`parse_parameters`].
    ///
    /// # Errors
    /// As [`parse_parameters`].
    pub fn parse(input: &'a [u8], opts: EnvelopeOptions) -> Result<Self, EnvelopeError> {
        parse_parameters_from(input, opts)
    }

    /// The first parameter named `keyword` (compared ignoring ASCII case).
    pub fn get(&self, keyword: &str) -> Option<&EsmtpParameter<'a>> {
        self.0.iter().find(|p| p.keyword.matches(keyword))
    }

    /// `true` when a parameter named `keyword` is present.
    pub fn contains(&self, keyword: &str) -> bool {
        self.get(keyword).is_some()
    }

    /// The first parameter whose keyword repeats an earlier one (ignoring case), which a
    /// server normally rejects with `501`.
    pub fn first_duplicate(&self) -> Option<&EsmtpParameter<'a>> {
        self.0.iter().enumerate().find_map(|(i, p)| {
            self.0
                .iter()
                .take(i)
                .any(|q| q.keyword.0.eq_ignore_ascii_case(&p.keyword.0))
                .then_some(p)
        })
    }

    /// Appends a parameter.
    pub fn push(&mut self, param: EsmtpParameter<'a>) {
        self.0.push(param);
    }

    /// `true` when every parameter is ASCII.
    pub fn is_ascii(&self) -> bool {
        self.0.iter().all(EsmtpParameter::is_ascii)
    }

    /// The parameters as a vector.
    pub fn into_vec(self) -> Vec<EsmtpParameter<'a>> {
        self.0
    }

    /// The same parameters, owning their text.
    pub fn into_owned(self) -> EsmtpParameters<'static> {
        EsmtpParameters(self.0.into_iter().map(EsmtpParameter::into_owned).collect())
    }
}

/// Parses `esmtp-param *(SP esmtp-param)` (more spaces with `lax_spaces`).
fn parse_parameters_from(
    input: &[u8],
    opts: EnvelopeOptions,
) -> Result<EsmtpParameters<'_>, EnvelopeError> {
    let mut cur = Cursor::new(input);
    let mut params = Vec::new();
    if opts.lax_spaces {
        cur.take_while(|b| b == b' ');
    }
    while !cur.is_empty() {
        params.push(EsmtpParameter::parse_at(&mut cur, opts)?);
        if cur.is_empty() {
            break;
        }
        if !cur.eat(b' ') {
            return Err(syntax(cur.pos(), "SP"));
        }
        if opts.lax_spaces {
            cur.take_while(|b| b == b' ');
        } else if cur.is_empty() {
            return Err(syntax(cur.pos(), "esmtp-keyword"));
        }
    }
    Ok(EsmtpParameters(params))
}

impl<'a> Deref for EsmtpParameters<'a> {
    type Target = [EsmtpParameter<'a>];

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl<'a> From<Vec<EsmtpParameter<'a>>> for EsmtpParameters<'a> {
    fn from(v: Vec<EsmtpParameter<'a>>) -> Self {
        EsmtpParameters(v)
    }
}

impl<'a> FromIterator<EsmtpParameter<'a>> for EsmtpParameters<'a> {
    fn from_iter<I: IntoIterator<Item = EsmtpParameter<'a>>>(iter: I) -> Self {
        EsmtpParameters(iter.into_iter().collect())
    }
}

impl<'a> IntoIterator for EsmtpParameters<'a> {
    type Item = EsmtpParameter<'a>;
    type IntoIter = std::vec::IntoIter<EsmtpParameter<'a>>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'s, 'a> IntoIterator for &'s EsmtpParameters<'a> {
    type Item = &'s EsmtpParameter<'a>;
    type IntoIter = std::slice::Iter<'s, EsmtpParameter<'a>>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// Writes the keyword as given.
impl fmt::Display for EsmtpKeyword<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Writes the value as given.
impl fmt::Display for EsmtpValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Writes `KEYWORD` or `KEYWORD=value`.
impl fmt::Display for EsmtpParameter<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.value {
            Some(v) => write!(f, "{}={}", self.keyword, v),
            None => write!(f, "{}", self.keyword),
        }
    }
}

/// Writes the parameters separated by single spaces.
impl fmt::Display for EsmtpParameters<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ASCII: EnvelopeOptions = EnvelopeOptions::new();

    fn param(k: &'static str, v: Option<&'static str>) -> EsmtpParameter<'static> {
        EsmtpParameter::new(
            EsmtpKeyword::new(k).unwrap(),
            v.map(|v| EsmtpValue::new(v, ASCII).unwrap()),
        )
    }

    #[test]
    fn after_a_path() {
        // RFC 3461 §10.1 and RFC 1870 §6.
        let p = parse_parameters(b" RET=HDRS ENVID=QQ314159", ASCII).unwrap();
        assert_eq!(
            *p,
            [param("RET", Some("HDRS")), param("ENVID", Some("QQ314159"))]
        );
        let p = parse_parameters(
            b" NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;Dana@Ivory.EDU",
            ASCII,
        )
        .unwrap();
        assert_eq!(
            p.get("orcpt").unwrap().value.as_ref().unwrap().as_str(),
            "rfc822;Dana@Ivory.EDU"
        );
        assert_eq!(p.get("notify").unwrap().keyword.as_str(), "NOTIFY");
        assert!(!p.contains("SIZE"));
        let p = parse_parameters(b" SIZE=500000 SMTPUTF8 BODY=8BITMIME", ASCII).unwrap();
        assert_eq!(p.len(), 3);
        assert_eq!(p.get("smtputf8"), Some(&param("SMTPUTF8", None)));
        assert_eq!(p.to_string(), "SIZE=500000 SMTPUTF8 BODY=8BITMIME");
        assert_eq!(parse_parameters(b"", ASCII), Ok(EsmtpParameters::new()));
    }

    #[test]
    fn errors() {
        let e = |s: &str| parse_parameters(s.as_bytes(), ASCII).unwrap_err();
        assert_eq!(e("SIZE=1"), syntax(0, "SP"));
        assert_eq!(e(" "), syntax(1, "esmtp-keyword"));
        assert_eq!(e("  SIZE=1"), syntax(1, "esmtp-keyword"));
        assert_eq!(e(" SIZE=1 "), syntax(8, "esmtp-keyword"));
        assert_eq!(e(" SIZE="), syntax(6, "esmtp-value"));
        assert_eq!(e(" SIZE=1=2"), syntax(7, "SP"));
        assert_eq!(e(" -X"), syntax(1, "esmtp-keyword"));
        assert_eq!(e(" X_Y"), syntax(2, "SP"));
        assert_eq!(e(" X=a\tb"), syntax(4, "SP"));
        assert_eq!(e(" X=\u{e9}"), EnvelopeError::Utf8NotAllowed { offset: 3 });
        assert_eq!(
            EsmtpParameters::parse(b"A B ", ASCII),
            Err(syntax(4, "esmtp-keyword"))
        );
        assert_eq!(
            EsmtpParameters::parse(b" A", ASCII),
            Err(syntax(0, "esmtp-keyword"))
        );
    }

    #[test]
    fn lax_spaces_and_utf8() {
        let lax = ASCII.with_lax_spaces(true);
        let p = parse_parameters(b"  SIZE=1   BODY=7BIT  ", lax).unwrap();
        assert_eq!(p.to_string(), "SIZE=1 BODY=7BIT");
        assert_eq!(
            EsmtpParameters::parse(b" A  B ", lax).unwrap().to_string(),
            "A B"
        );
        let utf8 = ASCII.with_smtputf8(true);
        let p = parse_parameters(" X=é".as_bytes(), utf8).unwrap();
        assert_eq!(p.first().unwrap().value.as_ref().unwrap().as_str(), "é");
        assert!(!p.is_ascii());
    }

    #[test]
    fn constructors() {
        assert_eq!(EsmtpKeyword::new(""), Err(syntax(0, "esmtp-keyword")));
        assert_eq!(EsmtpKeyword::new("X Y"), Err(syntax(1, "esmtp-keyword")));
        assert!(EsmtpKeyword::new("X-9").unwrap().matches("x-9"));
        assert_eq!(EsmtpValue::new("", ASCII), Err(syntax(0, "esmtp-value")));
        assert_eq!(EsmtpValue::new("a=b", ASCII), Err(syntax(1, "esmtp-value")));
        assert_eq!(
            EsmtpValue::new("a\r\n", ASCII),
            Err(syntax(1, "esmtp-value"))
        );
        assert_eq!(
            EsmtpValue::new("é", ASCII),
            Err(EnvelopeError::Utf8NotAllowed { offset: 0 })
        );
        assert_eq!(EsmtpValue::from_xtext(b""), None);
        let v = EsmtpValue::from_xtext(b"rfc822;a+b@x").unwrap();
        assert_eq!(v.as_str(), "rfc822;a+2Bb@x");
        assert_eq!(v.decode_xtext().unwrap().as_ref(), b"rfc822;a+b@x");
        let p = EsmtpParameter::parse(b"ORCPT=rfc822;a+2Bb@x", ASCII).unwrap();
        assert_eq!(p.value, Some(v));
        assert_eq!(
            EsmtpParameter::parse(b"A=1 ", ASCII),
            Err(syntax(3, "end of esmtp-param"))
        );
    }

    #[test]
    fn duplicates() {
        let p = parse_parameters(b" SIZE=1 BODY=7BIT size=2", ASCII).unwrap();
        assert_eq!(p.first_duplicate().unwrap().to_string(), "size=2");
        assert_eq!(p.get("SIZE").unwrap().to_string(), "SIZE=1");
        let p = parse_parameters(b" SIZE=1 BODY=7BIT", ASCII).unwrap();
        assert_eq!(p.first_duplicate(), None);
        let owned: EsmtpParameters<'static> = p.clone().into_owned();
        assert_eq!(owned, p);
        assert_eq!(p.iter().count(), 2);
        assert_eq!((&p).into_iter().count(), 2);
    }
}
