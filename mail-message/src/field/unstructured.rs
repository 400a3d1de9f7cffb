//! Unstructured field bodies (RFC 5322 §3.2.5 `unstructured`): `Subject`, `Comments` and
//! unknown fields, unfolded and with RFC 2047 encoded words decoded.

use std::borrow::Cow;

use crate::decode::rfc2047;
use crate::defect::Defect;
use crate::lex::is_fws;

/// Decodes a raw (still folded) unstructured field value: unfolded (RFC 5322 §2.2.3: every line
/// break removed, the white space after it kept), trimmed of white space at both ends, then
/// RFC 2047 encoded words decoded as [`rfc2047::decode_text`] does (white space between
/// adjacent encoded words dropped, non-UTF-8 text decoded lossily with a defect). Borrowed when
/// the value was not folded, holds no encoded word and is valid UTF-8. Defect offsets are
/// relative to `raw`.
///
/// ```
/// # use mail_message::field::unstructured::decode;
/// let mut defects = Vec::new();
/// let raw = b" =?ISO-8859-1?B?SWYgeW91IGNhbiByZWFkIHRoaXMgeW8=?=\r\n =?ISO-8859-2?B?dSB1bmRlcnN0YW5kIHRoZSBleGFtcGxlLg==?=";
/// assert_eq!(decode(raw, &mut defects), "If you can read this you understand the example.");
/// assert_eq!(decode(b" Re: lunch\r\n\ttoday? ", &mut defects), "Re: lunch\ttoday?");
/// assert!(defects.is_empty());
/// ```
pub fn decode<'a>(raw: &'a [u8], defects: &mut Vec<Defect>) -> Cow<'a, str> {
    let start = raw.iter().position(|&b| !is_fws(b)).unwrap_or(raw.len());
    let end = raw
        .iter()
        .rposition(|&b| !is_fws(b))
        .map_or(start, |e| e + 1);
    rfc2047::decode_at(raw.get(start..end).unwrap_or_default(), start, defects)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::defect::DefectKind;

    #[test]
    fn unfolds_trims_and_decodes() {
        let mut d = Vec::new();
        assert!(matches!(decode(b" Hello ", &mut d), Cow::Borrowed("Hello")));
        assert_eq!(decode(b" a\r\n b\n c", &mut d), "a b c");
        assert_eq!(decode(b" \r\n ", &mut d), "");
        assert_eq!(
            decode(b" =?utf-8?q?a?=\r\n =?utf-8?q?b?= c", &mut d),
            "ab c"
        );
        assert!(d.is_empty());
        assert_eq!(decode(b"  x \xff", &mut d), "x \u{FFFD}");
        assert_eq!(d, vec![Defect::new(DefectKind::InvalidUtf8InHeader, 4)]);
    }
}
