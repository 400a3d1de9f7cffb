//! Choosing and applying a content transfer encoding (RFC 2045 §6): the encoding side of
//! quoted-printable (§6.7) and base64 (§6.8).
//!
//! The choice follows the content:
//! - lines of US-ASCII without NUL, at most 998 octets, CR and LF only as CRLF → `7bit`;
//! - the same with octets above 127, when the transport allows 8-bit data (8BITMIME,
//!   RFC 6152) → `8bit`;
//! - otherwise text that is mostly US-ASCII (quoted-printable no longer than base64) →
//!   `quoted-printable`; anything else → `base64`.
//!
//! Both encoders write lines of at most 76 characters and end with CRLF, so every encoded
//! body is a sequence of complete lines.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::field::transfer_encoding::TransferEncoding;

use super::error::BuildError;
use super::fold::HARD_LIMIT;

/// The longest encoded line RFC 2045 §6.7 (5) and §6.8 allow.
pub(crate) const MAX_ENCODED_LINE: usize = 76;

/// What the encoding choice needs to know about a body.
#[derive(Debug, Clone, Copy, Default)]
struct Profile {
    /// Octets above 127.
    non_ascii: usize,
    /// Any NUL octet.
    nul: bool,
    /// A CR not followed by LF, or an LF not preceded by CR.
    bare_line_break: bool,
    /// Longest line, CRLF excluded.
    longest_line: usize,
    /// The data is empty or ends with CRLF.
    complete_lines: bool,
    /// Estimated length of the quoted-printable form.
    qp_len: usize,
}

fn profile(data: &[u8]) -> Profile {
    let mut p = Profile {
        complete_lines: data.is_empty() || data.ends_with(b"\r\n"),
        ..Profile::default()
    };
    let mut line = 0usize;
    let mut prev = 0u8;
    for (i, &b) in data.iter().enumerate() {
        let crlf_cr = b == b'\r' && data.get(i + 1) == Some(&b'\n');
        let crlf_lf = b == b'\n' && prev == b'\r';
        prev = b;
        if crlf_cr {
            continue;
        }
        if crlf_lf {
            p.longest_line = p.longest_line.max(line);
            line = 0;
            p.qp_len += 2;
            continue;
        }
        p.bare_line_break |= b == b'\r' || b == b'\n';
        p.nul |= b == 0;
        p.non_ascii += usize::from(b >= 0x80);
        line += 1;
        p.qp_len += if qp_literal(b) || b == b' ' || b == b'\t' {
            1
        } else {
            3
        };
    }
    p.longest_line = p.longest_line.max(line);
    // A soft line break every 75 characters.
    p.qp_len += p.qp_len / 75 * 3;
    p
}

fn base64_len(len: usize) -> usize {
    let chars = len.div_ceil(3) * 4;
    chars + chars.div_ceil(MAX_ENCODED_LINE) * 2
}

/// Can the data go unencoded as `7bit` (or `8bit` when `eight_bit`)? RFC 2045 §2.7, §2.8.
fn identity_ok(p: &Profile, eight_bit: bool) -> bool {
    !p.nul
        && !p.bare_line_break
        && p.longest_line <= HARD_LIMIT
        && p.complete_lines
        && (eight_bit || p.non_ascii == 0)
}

/// Picks the transfer encoding for `data`. `text` says quoted-printable may be used (a `text/*`
/// part, whose readers profit from mostly readable content); `allow_8bit` that the transport
/// takes 8-bit data.
pub(crate) fn choose(data: &[u8], text: bool, allow_8bit: bool) -> TransferEncoding<'static> {
    let p = profile(data);
    if identity_ok(&p, false) {
        TransferEncoding::SevenBit
    } else if allow_8bit && identity_ok(&p, true) {
        TransferEncoding::EightBit
    } else if text && p.qp_len <= base64_len(data.len()) {
        TransferEncoding::QuotedPrintable
    } else {
        TransferEncoding::Base64
    }
}

/// Checks that a forced encoding can carry `data`.
///
/// # Errors
/// [`BuildError::UnsuitableTransferEncoding`] when it cannot, or for `binary` and unknown
/// mechanisms, which the builder never writes (they cannot travel over SMTP without
/// BINARYMIME and break the line-length guarantees).
pub(crate) fn check_forced(encoding: &TransferEncoding<'_>, data: &[u8]) -> Result<(), BuildError> {
    let ok = match encoding {
        TransferEncoding::SevenBit => identity_ok(&profile(data), false),
        TransferEncoding::EightBit => identity_ok(&profile(data), true),
        TransferEncoding::QuotedPrintable | TransferEncoding::Base64 => true,
        TransferEncoding::Binary | TransferEncoding::Other(_) => false,
    };
    if ok {
        Ok(())
    } else {
        Err(BuildError::UnsuitableTransferEncoding {
            encoding: name(encoding).to_owned(),
        })
    }
}

/// The RFC 2045 §6.1 mechanism name.
pub(crate) fn name<'e>(encoding: &'e TransferEncoding<'_>) -> &'e str {
    match encoding {
        TransferEncoding::SevenBit => "7bit",
        TransferEncoding::EightBit => "8bit",
        TransferEncoding::Binary => "binary",
        TransferEncoding::QuotedPrintable => "quoted-printable",
        TransferEncoding::Base64 => "base64",
        TransferEncoding::Other(other) => other,
    }
}

/// Appends `data` encoded with `encoding` (one of the four the builder writes; anything else
/// is written as is, which [`check_forced`] prevents).
pub(crate) fn encode(encoding: &TransferEncoding<'_>, data: &[u8], out: &mut Vec<u8>) {
    match encoding {
        TransferEncoding::QuotedPrintable => encode_quoted_printable(data, out),
        TransferEncoding::Base64 => encode_base64(data, out),
        _ => out.extend_from_slice(data),
    }
}

/// Base64 (RFC 2045 §6.8) in lines of 76 characters, each ended by CRLF.
pub fn encode_base64(data: &[u8], out: &mut Vec<u8>) {
    // 57 octets make exactly one 76-character line.
    let mut line = [0u8; MAX_ENCODED_LINE];
    for chunk in data.chunks(57) {
        let n = STANDARD.encode_slice(chunk, &mut line).unwrap_or(0);
        out.extend_from_slice(line.get(..n).unwrap_or_default());
        out.extend_from_slice(b"\r\n");
    }
}

/// RFC 2045 §6.7 rule (2): octets that may stand for themselves (33-60, 62-126).
fn qp_literal(b: u8) -> bool {
    matches!(b, 33..=60 | 62..=126)
}

/// `prefix` followed by the two upper-case hex digits of `b` (`=XX` in quoted-printable and
/// RFC 2047 Q, `%XX` in RFC 2231).
pub(crate) fn escape(prefix: u8, b: u8) -> [u8; 3] {
    let hex = |n: u8| if n < 10 { b'0' + n } else { b'A' + n - 10 };
    [prefix, hex(b >> 4), hex(b & 0x0f)]
}

/// Quoted-printable (RFC 2045 §6.7). CRLF in the data becomes a hard line break; every other
/// CR, LF, `=`, octet outside printable US-ASCII, and white space at the end of a line is
/// written `=XX`; lines longer than 76 characters are cut with soft line breaks, never inside
/// an `=XX`. Data that does not end with CRLF ends with a soft line break, so the output is
/// made of complete lines and decodes to exactly `data`.
pub fn encode_quoted_printable(data: &[u8], out: &mut Vec<u8>) {
    let mut rest = data;
    while !rest.is_empty() {
        let (line, tail, hard_break) = match memchr::memmem::find(rest, b"\r\n") {
            Some(i) => (
                rest.get(..i).unwrap_or_default(),
                rest.get(i + 2..).unwrap_or_default(),
                true,
            ),
            None => (rest, &[][..], false),
        };
        encode_qp_line(line, hard_break, out);
        rest = tail;
    }
}

/// Encodes one line (without its CRLF). `hard_break`: the line ended with CRLF in the data;
/// otherwise it is the data's unterminated last line and ends with a soft break.
fn encode_qp_line(line: &[u8], hard_break: bool, out: &mut Vec<u8>) {
    let mut column = 0usize;
    let last = line.len().saturating_sub(1);
    for (i, &b) in line.iter().enumerate() {
        let at_end = i == last;
        let literal = qp_literal(b) || ((b == b' ' || b == b'\t') && !at_end);
        let len = if literal { 1 } else { 3 };
        // The final token of a hard-broken line may reach column 76; any other needs room for
        // the "=" of a soft break after it.
        let limit = if at_end && hard_break {
            MAX_ENCODED_LINE
        } else {
            MAX_ENCODED_LINE - 1
        };
        if column + len > limit {
            out.extend_from_slice(b"=\r\n");
            column = 0;
        }
        if literal {
            out.push(b);
        } else {
            out.extend_from_slice(&escape(b'=', b));
        }
        column += len;
    }
    if hard_break {
        out.extend_from_slice(b"\r\n");
    } else {
        out.extend_from_slice(b"=\r\n");
    }
}

/// `data` with every line break (CRLF, CR or LF) written as CRLF: the canonical form of text
/// (RFC 2049 §4).
pub(crate) fn to_crlf(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + data.len() / 32);
    let mut iter = data.iter().peekable();
    while let Some(&b) = iter.next() {
        match b {
            b'\r' => {
                if iter.peek() == Some(&&b'\n') {
                    iter.next();
                }
                out.extend_from_slice(b"\r\n");
            }
            b'\n' => out.extend_from_slice(b"\r\n"),
            _ => out.push(b),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn qp(data: &[u8]) -> String {
        let mut out = Vec::new();
        encode_quoted_printable(data, &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn quoted_printable_rules() {
        assert_eq!(qp(b"a=b\r\n"), "a=3Db\r\n");
        assert_eq!(qp(b"trailing  \r\nx"), "trailing =20\r\nx=\r\n");
        assert_eq!(qp(b"tab\t\r\n"), "tab=09\r\n");
        assert_eq!(qp("é\r\n".as_bytes()), "=C3=A9\r\n");
        assert_eq!(qp(b"bare\nlf\r\n"), "bare=0Alf\r\n");
        assert_eq!(qp(b""), "");
        // 76 characters fit on a hard-broken line; 77 need a soft break.
        let l76 = "x".repeat(76);
        assert_eq!(qp(format!("{l76}\r\n").as_bytes()), format!("{l76}\r\n"));
        let l77 = "x".repeat(77);
        assert_eq!(
            qp(format!("{l77}\r\n").as_bytes()),
            format!("{}=\r\nxx\r\n", "x".repeat(75))
        );
        // Never split an =XX: 74 literals then "é" (=C3=A9).
        let s = qp(format!("{}é\r\n", "x".repeat(74)).as_bytes());
        assert_eq!(s, format!("{}=\r\n=C3=A9\r\n", "x".repeat(74)));
    }

    #[test]
    fn base64_lines() {
        let mut out = Vec::new();
        encode_base64(&[0u8; 100], &mut out);
        let s = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = s.split_terminator("\r\n").collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].len(), 76);
        assert_eq!(lines[1], format!("{}==", "A".repeat(58)));
    }

    #[test]
    fn choices() {
        assert_eq!(
            choose(b"hello\r\n", true, false),
            TransferEncoding::SevenBit
        );
        assert_eq!(choose(b"", false, false), TransferEncoding::SevenBit);
        assert_eq!(
            choose("héllo\r\n".as_bytes(), true, false),
            TransferEncoding::QuotedPrintable
        );
        assert_eq!(
            choose("héllo\r\n".as_bytes(), true, true),
            TransferEncoding::EightBit
        );
        assert_eq!(
            choose("привет мир\r\n".as_bytes(), true, false),
            TransferEncoding::Base64
        );
        assert_eq!(
            choose(b"no final break", true, false),
            TransferEncoding::QuotedPrintable
        );
        assert_eq!(
            choose(b"\x00\x01\x02", false, true),
            TransferEncoding::Base64
        );
        let long = format!("{}\r\n", "x".repeat(999));
        assert_eq!(
            choose(long.as_bytes(), true, true),
            TransferEncoding::QuotedPrintable
        );
        assert_eq!(
            choose(long.as_bytes(), false, true),
            TransferEncoding::Base64
        );
    }

    #[test]
    fn line_endings() {
        assert_eq!(to_crlf(b"a\nb\rc\r\nd"), b"a\r\nb\r\nc\r\nd");
    }
}
