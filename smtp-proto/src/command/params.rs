//! Cutting the `[SP Mail-parameters]` / `[SP Rcpt-parameters]` that follow a path into
//! `esmtp-param`s (RFC 5321 §4.1.2), without allocating; the typed meaning of each is for
//! [`mail`](super::mail) and [`rcpt`](super::rcpt).

use mail_message::envelope::{EnvelopeOptions, EsmtpParameter};

use super::scan::{ByteClass, byte_class, find};
use super::{CommandError, ParameterProblem, Verb};
use crate::EncodeError;

/// `esmtp-keyword` characters after the first (RFC 5321 §4.1.2).
const KEYWORD: ByteClass = byte_class!(|b| b.is_ascii_alphanumeric() || b == b'-');

/// One `esmtp-param` cut from a command line.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RawParam<'a> {
    /// The whole parameter.
    pub(crate) token: &'a [u8],
    /// Where it starts in the line.
    pub(crate) offset: usize,
    /// The `esmtp-keyword`.
    pub(crate) keyword: &'a [u8],
    /// What follows the `=`, if there is one (possibly empty).
    pub(crate) value: Option<&'a [u8]>,
    /// The same as `&str`, when the caller had the line as `&str` (saves a UTF-8 check).
    pub(crate) value_str: Option<&'a str>,
}

impl<'a> RawParam<'a> {
    /// `true` when the keyword is `name` (ignoring ASCII case, RFC 5321 §2.4).
    #[inline]
    pub(crate) fn is(&self, name: &str) -> bool {
        self.keyword.eq_ignore_ascii_case(name.as_bytes())
    }

    /// An error about this parameter.
    pub(crate) fn error(
        &self,
        verb: Verb,
        keyword: &'static str,
        problem: ParameterProblem,
    ) -> CommandError {
        CommandError::Parameter {
            verb,
            keyword,
            offset: self.offset,
            problem,
        }
    }

    /// The value, which the parameter must have.
    pub(crate) fn required_value(
        &self,
        verb: Verb,
        keyword: &'static str,
    ) -> Result<&'a [u8], CommandError> {
        match self.value {
            Some(v) if !v.is_empty() => Ok(v),
            _ => Err(self.error(verb, keyword, ParameterProblem::MissingValue)),
        }
    }

    /// Checks that the parameter has no value (`SMTPUTF8`, `REQUIRETLS`).
    pub(crate) fn no_value(&self, verb: Verb, keyword: &'static str) -> Result<(), CommandError> {
        match self.value {
            None => Ok(()),
            Some(_) => Err(self.error(verb, keyword, ParameterProblem::UnexpectedValue)),
        }
    }

    /// The parameter as an unknown [`EsmtpParameter`], checked by the envelope parser.
    pub(crate) fn unknown(
        &self,
        verb: Verb,
        opts: EnvelopeOptions,
    ) -> Result<EsmtpParameter<'a>, CommandError> {
        EsmtpParameter::parse(self.token, opts).map_err(|error| CommandError::EsmtpParameter {
            verb,
            offset: self.offset,
            error,
        })
    }
}

/// A keyword (with its `=` if it takes a value) of up to eight octets, for the common-case
/// paths of `MAIL` and `RCPT`: `word | mask == lower` on its octets holds exactly when they
/// spell it in any case (bit 5 set only at letters, RFC 5321 §2.4).
pub(crate) struct Folded {
    lower: u64,
    mask: u64,
    /// Its length in octets.
    pub(crate) len: usize,
}

impl Folded {
    /// `keyword`: letters, digits, `-` and `=`, 1 to 8 octets.
    pub(crate) const fn new(keyword: &[u8]) -> Self {
        assert!(!keyword.is_empty() && keyword.len() <= 8);
        let (mut lower, mut mask) = (0u64, 0u64);
        let mut i = 0;
        while i < keyword.len() {
            // Evaluated at compile time only.
            #[allow(clippy::indexing_slicing)]
            let c = keyword[i];
            lower |= (c.to_ascii_lowercase() as u64) << (8 * i);
            if c.is_ascii_alphabetic() {
                mask |= 0x20 << (8 * i);
            }
            i += 1;
        }
        Folded {
            lower,
            mask,
            len: keyword.len(),
        }
    }

    /// Whether the eight octets `word` (little-endian) start with the keyword.
    #[inline(always)]
    pub(crate) const fn starts(&self, word: u64) -> bool {
        let octets = if self.len == 8 {
            u64::MAX
        } else {
            (1 << (8 * self.len)) - 1
        };
        (word & octets) | self.mask == self.lower
    }
}

/// For the common-case paths: the value of a parameter whose keyword (with its `=`) ends at
/// `from`, up to the next space or the end; `None` when it is empty.
#[inline(always)]
pub(crate) fn common_value(rest: &[u8], from: usize) -> Option<&[u8]> {
    let after = rest.get(from..)?;
    after
        .get(..find(after, b' ').unwrap_or(after.len()))
        .filter(|v| !v.is_empty())
}

/// For the common-case paths: fills a field given for the first time; `None` for a repeat
/// (which the general path then refuses).
#[inline(always)]
pub(crate) fn first<T>(field: &mut Option<T>, value: T) -> Option<()> {
    match field {
        Some(_) => None,
        None => {
            *field = Some(value);
            Some(())
        }
    }
}

/// Sets a field that may be given once.
pub(crate) fn set_once<T>(
    field: &mut Option<T>,
    value: T,
    param: &RawParam<'_>,
    verb: Verb,
    keyword: &'static str,
) -> Result<(), CommandError> {
    if field.is_some() {
        return Err(param.error(verb, keyword, ParameterProblem::Duplicate));
    }
    *field = Some(value);
    Ok(())
}

/// Sets a flag that may be given once.
pub(crate) fn set_flag(
    flag: &mut bool,
    param: &RawParam<'_>,
    verb: Verb,
    keyword: &'static str,
) -> Result<(), CommandError> {
    param.no_value(verb, keyword)?;
    if *flag {
        return Err(param.error(verb, keyword, ParameterProblem::Duplicate));
    }
    *flag = true;
    Ok(())
}

/// Cuts `rest` (the text after a path, starting at `base` in the line: nothing, or a space
/// and parameters separated by single spaces — any number of spaces with `lax_spaces`) into
/// parameters and hands each to `f`. Only the keyword's syntax is checked here.
pub(crate) fn for_each<'a>(
    rest: &'a [u8],
    rest_str: Option<&'a str>,
    base: usize,
    verb: Verb,
    lax_spaces: bool,
    mut f: impl FnMut(RawParam<'a>) -> Result<(), CommandError>,
) -> Result<(), CommandError> {
    let syntax = |offset: usize, expected: &'static str| CommandError::Syntax {
        verb,
        offset: base + offset,
        expected,
    };
    let mut pos = 0;
    while pos < rest.len() {
        if rest.get(pos) != Some(&b' ') {
            return Err(syntax(pos, "SP"));
        }
        pos += 1;
        if lax_spaces {
            while rest.get(pos) == Some(&b' ') {
                pos += 1;
            }
        }
        let tail = rest.get(pos..).unwrap_or_default();
        if !tail.first().is_some_and(u8::is_ascii_alphanumeric) {
            return Err(syntax(pos, "esmtp-keyword"));
        }
        // The keyword runs to the first octet that is not a keyword character: `=` starts
        // the value, a space or the end ends a parameter without one, anything else breaks
        // the keyword.
        let klen = tail
            .iter()
            .position(|&b| !KEYWORD.contains(b))
            .unwrap_or(tail.len());
        let (len, value, value_str) = match tail.get(klen) {
            None | Some(b' ') => (klen, None, None),
            Some(b'=') => {
                let after = tail.get(klen + 1..).unwrap_or_default();
                let vlen = find(after, b' ').unwrap_or(after.len());
                let from = pos + klen + 1;
                let value_str = rest_str.and_then(|s| s.get(from..from + vlen));
                (klen + 1 + vlen, after.get(..vlen), value_str)
            }
            Some(_) => return Err(syntax(pos + klen, "esmtp-keyword")),
        };
        f(RawParam {
            token: tail.get(..len).unwrap_or_default(),
            offset: base + pos,
            keyword: tail.get(..klen).unwrap_or_default(),
            value,
            value_str,
        })?;
        pos += len;
    }
    Ok(())
}

/// Refuses an "unknown" parameter whose keyword has a typed field (it would be read back
/// into that field).
pub(crate) fn check_unknown(param: &EsmtpParameter<'_>, typed: &[&str]) -> Result<(), EncodeError> {
    if typed.iter().any(|k| param.keyword.matches(k)) {
        return Err(EncodeError::Reserved {
            element: "esmtp-keyword",
        });
    }
    Ok(())
}

/// Writes ` KEYWORD=value` for an unknown parameter.
pub(crate) fn write_unknown(out: &mut Vec<u8>, param: &EsmtpParameter<'_>) {
    out.push(b' ');
    out.extend_from_slice(param.keyword.as_str().as_bytes());
    if let Some(v) = &param.value {
        out.push(b'=');
        out.extend_from_slice(v.as_str().as_bytes());
    }
}

/// Parses `1*max DIGIT` as a number; `Err(true)` when there are too many digits or it
/// overflows, `Err(false)` when it is not digits.
pub(crate) fn number(value: &[u8], max_digits: usize) -> Result<u64, bool> {
    if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
        return Err(false);
    }
    if value.len() > max_digits {
        return Err(true);
    }
    value.iter().try_fold(0u64, |n, &d| {
        n.checked_mul(10)
            .and_then(|n| n.checked_add(u64::from(d - b'0')))
            .ok_or(true)
    })
}

/// Appends the decimal digits of `n`.
pub(crate) fn write_number(out: &mut Vec<u8>, n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let mut n = n;
    loop {
        i -= 1;
        if let Some(slot) = buf.get_mut(i) {
            // `n % 10` is below 10.
            *slot = b'0' + u8::try_from(n % 10).unwrap_or(0);
        }
        n /= 10;
        if n == 0 || i == 0 {
            break;
        }
    }
    out.extend_from_slice(buf.get(i..).unwrap_or_default());
}

/// Test support for the proptests that compare the common-case parameter readers of `MAIL`
/// and `RCPT` with the general one: parameter lines of up to `count` parameters, each one of
/// `keywords` with one of `values` after it, preceded by one space, two, or none.
#[cfg(test)]
pub(crate) fn parameter_line(
    keywords: Vec<&'static str>,
    values: Vec<&'static str>,
    count: std::ops::Range<usize>,
) -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::strategy::Strategy;
    let space = proptest::sample::select(vec![" ", " ", " ", "  ", ""]);
    let keyword = proptest::sample::select(keywords);
    let value = proptest::sample::select(values);
    proptest::collection::vec((space, keyword, value), count).prop_map(|params| {
        params
            .iter()
            .flat_map(|(space, keyword, value)| [*space, *keyword, *value])
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(rest: &str, lax: bool) -> Result<Vec<(String, Option<String>, usize)>, CommandError> {
        let mut v = Vec::new();
        for_each(rest.as_bytes(), None, 10, Verb::Mail, lax, |p| {
            v.push((
                String::from_utf8(p.keyword.to_vec()).unwrap(),
                p.value.map(|v| String::from_utf8(v.to_vec()).unwrap()),
                p.offset,
            ));
            assert_eq!(p.value_str, None);
            Ok(())
        })?;
        // With the text as `&str`, the same cuts and each value as `&str` too.
        let mut w = Vec::new();
        let with_str = for_each(rest.as_bytes(), Some(rest), 10, Verb::Mail, lax, |p| {
            assert_eq!(p.value_str.map(str::as_bytes), p.value);
            w.push((
                String::from_utf8(p.keyword.to_vec()).unwrap(),
                p.value_str.map(str::to_owned),
                p.offset,
            ));
            Ok(())
        });
        assert!(with_str.is_ok());
        assert_eq!(w, v);
        Ok(v)
    }

    #[test]
    fn cutting() {
        assert_eq!(cut("", false).unwrap(), vec![]);
        assert_eq!(
            cut(" SIZE=1 SMTPUTF8 X=", false).unwrap(),
            vec![
                ("SIZE".into(), Some("1".into()), 11),
                ("SMTPUTF8".into(), None, 18),
                ("X".into(), Some("".into()), 27),
            ]
        );
        assert_eq!(cut("  A   B", true).unwrap().len(), 2);
        let syntax = |offset, expected| CommandError::Syntax {
            verb: Verb::Mail,
            offset,
            expected,
        };
        assert_eq!(cut("  A", false), Err(syntax(11, "esmtp-keyword")));
        assert_eq!(cut("A", false), Err(syntax(10, "SP")));
        assert_eq!(cut(" =1", false), Err(syntax(11, "esmtp-keyword")));
        assert_eq!(cut(" A_B=1", false), Err(syntax(12, "esmtp-keyword")));
        assert_eq!(cut(" -A", false), Err(syntax(11, "esmtp-keyword")));
    }

    #[test]
    fn numbers() {
        assert_eq!(number(b"0", 20), Ok(0));
        assert_eq!(number(b"18446744073709551615", 20), Ok(u64::MAX));
        assert_eq!(number(b"18446744073709551616", 20), Err(true));
        assert_eq!(number(b"000000000000000000001", 20), Err(true));
        assert_eq!(number(b"", 20), Err(false));
        assert_eq!(number(b"1a", 20), Err(false));
        assert_eq!(number(b"+1", 20), Err(false));
        for n in [0, 7, 10, 123_456, u64::MAX] {
            let mut out = Vec::new();
            write_number(&mut out, n);
            assert_eq!(out, n.to_string().as_bytes());
        }
    }
}
