//! The one-pass reader of `Content-Type` and `Content-Disposition` values in the shape nearly
//! every message uses (RFC 2045 §5.1, RFC 2183 §2):
//!
//! ```text
//! [FWS] token "/" token *( [FWS] ";" [FWS] token "=" ( token / plain-quoted-string ) ) [FWS]
//! ```
//!
//! where a plain quoted string holds no quoted pair, no line break and no `*`, and no `*`
//! appears anywhere (RFC 2231 parameters go to the general reader, as there). The value is
//! checked as UTF-8 once and every name and value is borrowed from it. Anything else, and
//! anything the general reader would report, makes it stand aside (`None`), so both readers
//! always give the same fields and defects. A value holding an encoded word is handed to
//! the same decoder the general reader uses.

use std::borrow::Cow;

use super::{ContentDisposition, ContentType, Parameter};
use crate::decode::is_token_octet;
use crate::decode::rfc2047::find_pair;
use crate::decode::rfc2231::{RawParameter, plain_parameter};
use crate::defect::Defect;
use crate::lex::is_fws;

/// The end of the white space from `i`.
fn fws_end(raw: &[u8], mut i: usize) -> usize {
    while raw.get(i).is_some_and(|&b| is_fws(b)) {
        i += 1;
    }
    i
}

/// The end of the token from `i`, or `None` at a `*` in it (an RFC 2231 name or a value the
/// general reader reads on its RFC 2231 path).
fn token_end(raw: &[u8], mut i: usize) -> Option<usize> {
    while let Some(&b) = raw.get(i) {
        if !is_token_octet(b) {
            break;
        }
        if b == b'*' {
            return None;
        }
        i += 1;
    }
    Some(i)
}

/// The offset of the `"` that closes the quoted string whose content starts at `i`, and
/// whether an `=` comes before it (without one there is no encoded word); `None` at a quoted
/// pair, a line break or a `*` before it, or without one.
fn quote_end(raw: &[u8], mut i: usize) -> Option<(usize, bool)> {
    let mut equals = false;
    loop {
        match *raw.get(i)? {
            b'"' => return Some((i, equals)),
            b'\\' | b'\r' | b'\n' | b'*' => return None,
            b'=' => equals = true,
            _ => {}
        }
        i += 1;
    }
}

/// `Content-Type` in the plain shape; see the module documentation.
pub(super) fn content_type<'a>(
    raw: &'a [u8],
    defects: &mut Vec<Defect>,
) -> Option<ContentType<'a>> {
    let text = std::str::from_utf8(raw).ok()?;
    let start = fws_end(raw, 0);
    let slash = token_end(raw, start)?;
    if slash == start || raw.get(slash) != Some(&b'/') {
        return None;
    }
    let end = token_end(raw, slash + 1)?;
    if end == slash + 1 {
        return None;
    }
    Some(ContentType {
        media_type: Cow::Borrowed(text.get(start..slash)?),
        subtype: Cow::Borrowed(text.get(slash + 1..end)?),
        parameters: parameters(raw, text, end, defects)?,
    })
}

/// `Content-Disposition` in the plain shape; see the module documentation.
pub(super) fn content_disposition<'a>(
    raw: &'a [u8],
    defects: &mut Vec<Defect>,
) -> Option<ContentDisposition<'a>> {
    let text = std::str::from_utf8(raw).ok()?;
    let start = fws_end(raw, 0);
    let end = token_end(raw, start)?;
    if end == start {
        return None;
    }
    Some(ContentDisposition {
        kind: Cow::Borrowed(text.get(start..end)?),
        parameters: parameters(raw, text, end, defects)?,
    })
}

/// The parameters from `i` (just after the field's first element) to the end.
fn parameters<'a>(
    raw: &'a [u8],
    text: &'a str,
    mut i: usize,
    defects: &mut Vec<Defect>,
) -> Option<Vec<Parameter<'a>>> {
    let mut out = Vec::new();
    loop {
        i = fws_end(raw, i);
        match raw.get(i) {
            None => return Some(out),
            Some(b';') => {}
            Some(_) => return None,
        }
        i = fws_end(raw, i + 1);
        if i >= raw.len() {
            // A trailing `;`, which the general reader skips silently.
            return Some(out);
        }
        let name_start = i;
        let name_end = token_end(raw, i)?;
        if name_end == name_start || raw.get(name_end) != Some(&b'=') {
            return None;
        }
        // A token holds no `=`, so no encoded word.
        let (value_start, value_end, equals) = if raw.get(name_end + 1) == Some(&b'"') {
            let (close, equals) = quote_end(raw, name_end + 2)?;
            i = close + 1;
            (name_end + 2, close, equals)
        } else {
            let end = token_end(raw, name_end + 1)?;
            if end == name_end + 1 {
                return None;
            }
            i = end;
            (name_end + 1, end, false)
        };
        let name = text.get(name_start..name_end)?;
        let value = text.get(value_start..value_end)?;
        out.push(
            if !equals || find_pair(value.as_bytes(), b'=', b'?').is_none() {
                Parameter {
                    name: Cow::Borrowed(name),
                    value: Cow::Borrowed(value),
                    language: None,
                }
            } else {
                plain_parameter(
                    RawParameter {
                        name: Cow::Borrowed(name),
                        value: Cow::Borrowed(value.as_bytes()),
                        offset: name_start,
                    },
                    defects,
                )
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where the one-pass reader answers, the general reader gives the same field and the
    /// same defects. `true` if it answered.
    fn agree(raw: &[u8]) -> bool {
        let mut fast_defects = Vec::new();
        let fast = content_type(raw, &mut fast_defects);
        let mut slow_defects = Vec::new();
        let slow = super::super::general_content_type(raw, &mut slow_defects);
        let mut fast_d_defects = Vec::new();
        let fast_d = content_disposition(raw, &mut fast_d_defects);
        let mut slow_d_defects = Vec::new();
        let slow_d = super::super::general_content_disposition(raw, &mut slow_d_defects);
        if let Some(d) = fast_d {
            assert_eq!(
                (Some(d), fast_d_defects),
                (slow_d, slow_d_defects),
                "{:?}",
                String::from_utf8_lossy(raw)
            );
        }
        let Some(fast) = fast else {
            return false;
        };
        assert_eq!(
            (Some(fast), fast_defects),
            (slow, slow_defects),
            "{:?}",
            String::from_utf8_lossy(raw)
        );
        true
    }

    #[test]
    fn plain_shapes_agree_with_the_general_reader() {
        let taken: [&[u8]; 8] = [
            b" text/plain; charset=utf-8",
            b" multipart/alternative; boundary=\"alt-boundary\"",
            b" image/png; name=\"=?utf-8?q?Gr=C3=BC=C3=9Fe.png?=\"",
            b"application/pdf;\r\n\tname=\"report (1).pdf\"; x=y ",
            b" text/plain",
            b" text/plain;",
            b" text/plain; name=\"J\xc3\xb6rg\"",
            b" message/rfc822 ",
        ];
        for raw in taken {
            assert!(agree(raw), "{:?}", String::from_utf8_lossy(raw));
        }
        let left: [&[u8]; 14] = [
            b" text / plain",
            b" text/plain; charset = utf-8",
            b" text/plain; charset=utf-8 (comment)",
            b" text/plain charset=utf-8",
            b" text/plain; ; charset=utf-8",
            b" text/plain; title*=us-ascii'en'x",
            b" text/plain; name=\"a\\\"b\"",
            b" text/plain; name=\"a\r\n b\"",
            b" text/plain; name=\"unterminated",
            b" text/plain; name=My File.pdf",
            b" text/plain; boundary=----=_Part_1",
            b" text/plain; name=\"x\"y",
            b" text/plain; n\xc3\xa4me=x",
            b" text/\xff",
        ];
        for raw in left {
            assert!(!agree(raw), "{:?}", String::from_utf8_lossy(raw));
        }
    }

    /// What the one-pass reader reported before standing aside is not reported twice.
    #[test]
    fn defects_of_a_refused_value_are_reported_once() {
        for raw in [
            &b" text/plain; name=\"=?utf-8?b?!!?=\"; x (y)"[..],
            b" text/plain; name=\"=?utf-8?q?a=ZZ?=\" junk",
        ] {
            let mut defects = vec![];
            assert!(content_type(raw, &mut defects).is_none());
            assert_eq!(defects.len(), 1);
            let mut defects = vec![];
            let mut slow_defects = vec![];
            assert_eq!(
                (ContentType::parse(raw, &mut defects), defects),
                (
                    super::super::general_content_type(raw, &mut slow_defects),
                    slow_defects
                )
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_the_general_reader_on_any_value(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    " ", "\t", "\r\n ", ";", "=", "\"", "/", "*", "(", ")", "\\", "text",
                    "plain", "charset", "utf-8", "name", "boundary", "=?utf-8?q?a=C3=A9?=",
                    "=?x?q?bad", "=?utf-8?b?!!?=", "a b", "\u{e9}", "attachment", "filename", "----=_P",
                ]),
                0..12,
            )
        ) {
            for raw in [parts.concat(), format!(" text/plain; {}", parts.concat())] {
                agree(raw.as_bytes());
                // The whole parse, whichever reader answers, is the general reader's.
                let mut defects = vec![];
                let mut slow_defects = vec![];
                proptest::prop_assert_eq!(
                    (ContentType::parse(raw.as_bytes(), &mut defects), defects),
                    (super::super::general_content_type(raw.as_bytes(), &mut slow_defects), slow_defects)
                );
                let mut defects = vec![];
                let mut slow_defects = vec![];
                proptest::prop_assert_eq!(
                    (ContentDisposition::parse(raw.as_bytes(), &mut defects), defects),
                    (
                        super::super::general_content_disposition(raw.as_bytes(), &mut slow_defects),
                        slow_defects
                    )
                );
            }
        }
    }
}
