//! The mail charsets that the WHATWG Encoding Standard (and so `encoding_rs`) does not decode:
//! UTF-7 (RFC 2152), ISO-2022-KR (RFC 1557), HZ-GB-2312 (RFC 1843) and UTF-32. The two 7-bit
//! Asian encodings are rewritten to their 8-bit forms (EUC-KR, GB2312 inside GBK) and decoded
//! by `encoding_rs`.

use std::borrow::Cow;

use super::Endian;
use crate::defect::{Defect, DefectKind, push};

/// Records the first malformed position only (one defect per decoded text).
struct Errors<'d> {
    defects: &'d mut Vec<Defect>,
    seen: bool,
}

impl Errors<'_> {
    fn at(&mut self, offset: usize) {
        if !self.seen {
            push(self.defects, DefectKind::MalformedCharsetData, offset);
            self.seen = true;
        }
    }
}

/// UTF-32: four octets per code point, big-endian unless a byte order mark or the label says
/// otherwise.
pub(super) fn utf32<'b>(
    bytes: &'b [u8],
    endian: Option<Endian>,
    defects: &mut Vec<Defect>,
) -> Cow<'b, str> {
    let mut errors = Errors {
        defects,
        seen: false,
    };
    let (endian, start) = match (endian, bytes) {
        (None, [0xFF, 0xFE, 0, 0, ..]) => (Endian::Little, 4),
        (None, [0, 0, 0xFE, 0xFF, ..]) => (Endian::Big, 4),
        (None, _) => (Endian::Big, 0),
        (Some(e), _) => (e, 0),
    };
    let body = bytes.get(start..).unwrap_or_default();
    let mut out = String::with_capacity(body.len() / 4);
    let mut chunks = body.chunks_exact(4);
    for (i, c) in chunks.by_ref().enumerate() {
        let quad: [u8; 4] = c.try_into().unwrap_or_default();
        let n = match endian {
            Endian::Big => u32::from_be_bytes(quad),
            Endian::Little => u32::from_le_bytes(quad),
        };
        out.push(char::from_u32(n).unwrap_or_else(|| {
            errors.at(start + i * 4);
            char::REPLACEMENT_CHARACTER
        }));
    }
    if !chunks.remainder().is_empty() {
        errors.at(bytes.len() - chunks.remainder().len());
        out.push(char::REPLACEMENT_CHARACTER);
    }
    Cow::Owned(out)
}

/// The value of a character of the base64 alphabet (RFC 2152 uses it without padding).
fn base64_value(b: u8) -> Option<u32> {
    Some(u32::from(match b {
        b'A'..=b'Z' => b - b'A',
        b'a'..=b'z' => b - b'a' + 26,
        b'0'..=b'9' => b - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    }))
}

/// UTF-7 (RFC 2152): ASCII stands for itself; `+` starts a run of modified base64 holding
/// UTF-16 code units, ended by any other character (a `-` ending it is absorbed); `+-` is `+`.
pub(super) fn utf7<'b>(bytes: &'b [u8], defects: &mut Vec<Defect>) -> Cow<'b, str> {
    if !bytes.contains(&b'+') && bytes.is_ascii() {
        return Cow::Borrowed(std::str::from_utf8(bytes).unwrap_or_default());
    }
    let mut errors = Errors {
        defects,
        seen: false,
    };
    let mut out = String::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        i += 1;
        if b >= 0x80 {
            errors.at(i - 1);
            out.push(char::REPLACEMENT_CHARACTER);
            continue;
        }
        if b != b'+' {
            out.push(char::from(b));
            continue;
        }
        if bytes.get(i) == Some(&b'-') {
            out.push('+');
            i += 1;
            continue;
        }
        let start = i;
        let (mut bits, mut nbits) = (0u32, 0u32);
        let mut units: Vec<u16> = Vec::new();
        while let Some(v) = bytes.get(i).copied().and_then(base64_value) {
            bits = (bits << 6 | v) & 0x00FF_FFFF;
            nbits += 6;
            if nbits >= 16 {
                nbits -= 16;
                units.push((bits >> nbits) as u16);
            }
            i += 1;
        }
        // Leftover bits must be fewer than six and zero (RFC 2152, rule 2).
        if nbits >= 6 || bits & ((1 << nbits) - 1) != 0 {
            errors.at(start);
        }
        for c in char::decode_utf16(units) {
            out.push(c.unwrap_or_else(|_| {
                errors.at(start);
                char::REPLACEMENT_CHARACTER
            }));
        }
        if bytes.get(i) == Some(&b'-') {
            i += 1;
        }
    }
    Cow::Owned(out)
}

/// ISO-2022-KR (RFC 1557): ASCII, with `SO` ... `SI` runs of KS C 5601 characters in their
/// 7-bit form; rewritten to EUC-KR (the same characters with the high bit set).
pub(super) fn iso_2022_kr<'b>(bytes: &'b [u8], defects: &mut Vec<Defect>) -> Cow<'b, str> {
    const SO: u8 = 0x0E;
    const SI: u8 = 0x0F;
    const ESC: u8 = 0x1B;
    if bytes.is_ascii() && memchr::memchr3(SO, SI, ESC, bytes).is_none() {
        return Cow::Borrowed(std::str::from_utf8(bytes).unwrap_or_default());
    }
    let mut errors = Errors {
        defects,
        seen: false,
    };
    let mut euc = Vec::with_capacity(bytes.len());
    let mut shifted = false;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            ESC if bytes.get(i..i + 4) == Some(&b"\x1b$)C"[..]) => i += 3,
            SO => shifted = true,
            SI => shifted = false,
            b'\r' | b'\n' => {
                shifted = false;
                euc.push(b);
            }
            0x21..=0x7E if shifted => euc.push(b | 0x80),
            0x80.. | ESC => {
                errors.at(i);
                euc.push(0xFF);
            }
            _ => euc.push(b),
        }
        i += 1;
    }
    finish(encoding_rs::EUC_KR, &euc, &mut errors)
}

/// HZ-GB-2312 (RFC 1843): ASCII, with `~{` ... `~}` runs of GB 2312 characters in their 7-bit
/// form; `~~` is `~` and `~` before a line break joins the lines. Rewritten to GBK.
pub(super) fn hz_gb_2312<'b>(bytes: &'b [u8], defects: &mut Vec<Defect>) -> Cow<'b, str> {
    if bytes.is_ascii() && !bytes.contains(&b'~') {
        return Cow::Borrowed(std::str::from_utf8(bytes).unwrap_or_default());
    }
    let mut errors = Errors {
        defects,
        seen: false,
    };
    let mut gb = Vec::with_capacity(bytes.len());
    let mut shifted = false;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let next = bytes.get(i + 1).copied();
        if b == b'~' {
            let skip = match next {
                Some(b'{') => {
                    shifted = true;
                    2
                }
                Some(b'}') => {
                    shifted = false;
                    2
                }
                Some(b'~') if !shifted => {
                    gb.push(b'~');
                    2
                }
                Some(b'\n') if !shifted => 2,
                Some(b'\r') if !shifted && bytes.get(i + 2) == Some(&b'\n') => 3,
                _ => 0,
            };
            if skip > 0 {
                i += skip;
                continue;
            }
        }
        if b == b'\r' || b == b'\n' {
            shifted = false;
            gb.push(b);
        } else if shifted {
            if let (0x21..=0x7E, Some(t @ 0x21..=0x7E)) = (b, next) {
                gb.extend_from_slice(&[b | 0x80, t | 0x80]);
                i += 2;
                continue;
            }
            errors.at(i);
            gb.push(0xFF);
        } else {
            if b >= 0x80 || b == b'~' {
                // Invalid in HZ; an 8-bit octet is kept for GBK to try.
                errors.at(i);
            }
            gb.push(b);
        }
        i += 1;
    }
    finish(encoding_rs::GBK, &gb, &mut errors)
}

/// Decodes the rewritten octets; errors found here are reported at offset 0 unless an earlier
/// one was already reported (the rewrite does not keep offsets).
fn finish<'b>(
    enc: &'static encoding_rs::Encoding,
    bytes: &[u8],
    errors: &mut Errors<'_>,
) -> Cow<'b, str> {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        errors.at(0);
    }
    Cow::Owned(text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(
        f: for<'b> fn(&'b [u8], &mut Vec<Defect>) -> Cow<'b, str>,
        input: &[u8],
    ) -> (String, usize) {
        let mut d = Vec::new();
        let s = f(input, &mut d).into_owned();
        (s, d.len())
    }

    #[test]
    fn utf7_rfc2152_examples() {
        // RFC 2152 §"Examples" (hyphens after the base64 runs are absorbed).
        assert_eq!(run(utf7, b"A+ImIDkQ."), ("A\u{2262}\u{0391}.".into(), 0));
        assert_eq!(
            run(utf7, b"Hi Mom -+Jjo--!"),
            ("Hi Mom -\u{263A}-!".into(), 0)
        );
        assert_eq!(
            run(utf7, b"+ZeVnLIqe-"),
            ("\u{65E5}\u{672C}\u{8A9E}".into(), 0)
        );
        assert_eq!(run(utf7, b"1 +- 1"), ("1 + 1".into(), 0));
        assert_eq!(run(utf7, b"a+2D3eAQ-"), ("a\u{1F601}".into(), 0));
        assert_eq!(run(utf7, b"a+2D0-").1, 1);
        assert_eq!(run(utf7, b"\xff").1, 1);
    }

    #[test]
    fn utf32() {
        let mut d = Vec::new();
        let be = b"\0\0\0a\0\x01\xF6\x01";
        assert_eq!(super::utf32(be, None, &mut d), "a\u{1F601}");
        let le = b"\xFF\xFE\0\0a\0\0\0";
        assert_eq!(super::utf32(le, None, &mut d), "a");
        assert_eq!(super::utf32(b"a\0\0\0", Some(Endian::Little), &mut d), "a");
        assert!(d.is_empty());
        assert_eq!(super::utf32(b"\0\0\0a\0", None, &mut d), "a\u{FFFD}");
        assert_eq!(d, vec![Defect::new(DefectKind::MalformedCharsetData, 4)]);
    }

    #[test]
    fn iso_2022_kr() {
        // "한국어" in KS C 5601: C7D1 B1B9 BEEE; 7-bit form 4751 3139 3E6E.
        let input = b"\x1b$)Ca \x0eGQ19>n\x0f b";
        assert_eq!(run(super::iso_2022_kr, input), ("a 한국어 b".into(), 0));
        assert!(matches!(
            super::iso_2022_kr(b"plain", &mut Vec::new()),
            Cow::Borrowed("plain")
        ));
    }

    #[test]
    fn hz() {
        // RFC 1843 example shape: "~{<:Ky2;S{#,NpJ)l6HK!#~}" is GB 2312 text.
        // "中文" in GB 2312: D6D0 CEC4; 7-bit form 5650 4E44.
        assert_eq!(
            run(hz_gb_2312, b"a~~b ~{VPND~} c"),
            ("a~b 中文 c".into(), 0)
        );
        assert_eq!(run(hz_gb_2312, b"x~\ny"), ("xy".into(), 0));
        assert_eq!(run(hz_gb_2312, b"~{V~}").1, 1);
    }
}
