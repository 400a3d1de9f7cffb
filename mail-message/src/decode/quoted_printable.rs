//! The quoted-printable content transfer encoding, decoding side (RFC 2045 §6.7), and the
//! "Q" encoding of RFC 2047 §4.2 that header encoded words use.
//!
//! Decoding follows the rules of RFC 2045 §6.7 and the robustness advice of its closing note:
//!
//! - `=XX` gives the octet `XX`; lowercase hex digits are accepted (note (1));
//! - `=` at the end of a line, optionally followed by transport padding (spaces or tabs), is a
//!   soft line break and vanishes with its line break (rule 5); so does an `=` at the very end
//!   of the data, which is how an encoder says the text does not end with a line break;
//! - white space at the end of a line is deleted, "as it will necessarily have been added by
//!   intermediate transport agents" (rule 3); white space that was encoded (`=20`) stays;
//! - line breaks are kept as they are in the input: CRLF stays CRLF, a bare LF stays LF;
//! - any other `=` is kept as it is, with the bytes after it, and reported as
//!   [`DefectKind::InvalidQuotedPrintable`] (notes (2) and (3));
//! - other octets, even control characters and 8-bit octets that an encoder should have
//!   escaped, are kept (note (4) allows either choice; keeping them loses nothing).

use std::borrow::Cow;

use crate::defect::{Defect, DefectKind, push};

/// The value of an ASCII hex digit (either case).
#[inline]
fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'A'..=b'F' => Some(b - b'A' + 10),
        b'a'..=b'f' => Some(b - b'a' + 10),
        _ => None,
    }
}

/// The octet of the escape `=XX` whose two hex digits start `rest`, if they are hex digits.
#[inline]
pub(crate) fn hex_pair(rest: &[u8]) -> Option<u8> {
    let hi = hex_value(*rest.first()?)?;
    let lo = hex_value(*rest.get(1)?)?;
    Some(hi << 4 | lo)
}

#[inline]
fn is_wsp(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// The decoded output, allocated only when the first change is needed.
struct Output<'b> {
    input: &'b [u8],
    out: Option<Vec<u8>>,
    /// Input before this offset has been written to `out` (or skipped).
    copied: usize,
}

impl Output<'_> {
    /// Writes the input from `copied` up to `end`, then moves `copied` to `resume`.
    #[inline]
    fn copy_and_skip(&mut self, end: usize, resume: usize) -> &mut Vec<u8> {
        let out = self
            .out
            .get_or_insert_with(|| Vec::with_capacity(self.input.len()));
        out.extend_from_slice(self.input.get(self.copied..end).unwrap_or_default());
        self.copied = resume;
        out
    }
}

/// Decodes quoted-printable data (RFC 2045 §6.7; see the [module docs](self) for the exact
/// rules). Borrowed when there is nothing to change: no `=` and no white space at a line end.
///
/// ```
/// # use mail_message::decode::quoted_printable::decode;
/// let mut defects = Vec::new();
/// let text = decode(b"Now's the time =\r\nfor all folk to come=\r\n to the aid", &mut defects);
/// assert_eq!(&*text, b"Now's the time for all folk to come to the aid");
/// assert!(defects.is_empty());
/// ```
pub fn decode<'b>(input: &'b [u8], defects: &mut Vec<Defect>) -> Cow<'b, [u8]> {
    let mut o = Output {
        input,
        out: None,
        copied: 0,
    };
    let mut pos = 0;
    while let Some(found) = memchr::memchr2(b'=', b'\n', input.get(pos..).unwrap_or_default()) {
        let at = pos + found;
        if input.get(at) == Some(&b'\n') {
            // Rule 3: delete literal white space before the line break (and its CR).
            let mut end = at;
            if end > o.copied && input.get(end - 1) == Some(&b'\r') {
                end -= 1;
            }
            let kept = trailing_wsp_start(input, o.copied, end);
            if kept < end {
                o.copy_and_skip(kept, end);
            }
            pos = at + 1;
            continue;
        }
        let rest = input.get(at + 1..).unwrap_or_default();
        if let Some(octet) = hex_pair(rest) {
            let out = o.copy_and_skip(at, at + 3);
            out.push(octet);
            pos = at + 3;
            // Escapes come in runs (the octets of one non-ASCII character): take them here
            // rather than with one search each.
            while let Some(octet) = input
                .get(pos..pos + 3)
                .filter(|e| e.first() == Some(&b'='))
                .and_then(|e| hex_pair(e.get(1..).unwrap_or_default()))
            {
                out.push(octet);
                pos += 3;
            }
            o.copied = pos;
            continue;
        }
        let padding = rest.iter().take_while(|&&b| is_wsp(b)).count();
        let after = rest.get(padding..).unwrap_or_default();
        let soft_break = if after.starts_with(b"\r\n") {
            Some(2)
        } else if after.is_empty() || after.first() == Some(&b'\n') {
            Some(after.len().min(1))
        } else {
            None
        };
        match soft_break {
            Some(len) => {
                let resume = at + 1 + padding + len;
                o.copy_and_skip(at, resume);
                pos = resume;
            }
            None => {
                push(defects, DefectKind::InvalidQuotedPrintable, at);
                pos = at + 1;
            }
        }
    }
    // The last line has no line break; its trailing white space goes too.
    let end = input.len();
    let kept = trailing_wsp_start(input, o.copied, end);
    if kept < end {
        o.copy_and_skip(kept, end);
    }
    match o.out {
        None => Cow::Borrowed(input),
        Some(mut out) => {
            out.extend_from_slice(input.get(o.copied..).unwrap_or_default());
            Cow::Owned(out)
        }
    }
}

/// Where the run of literal white space that ends `input[from..end]` starts.
fn trailing_wsp_start(input: &[u8], from: usize, end: usize) -> usize {
    let segment = input.get(from..end).unwrap_or_default();
    let n = segment.iter().rev().take_while(|&&b| is_wsp(b)).count();
    end - n
}

/// Decodes the encoded text of an RFC 2047 §4.2 "Q" encoded word, appending the octets to
/// `out`: `_` is a space (octet 0x20), `=XX` is the octet `XX` (either case), anything else is
/// itself. A bad `=` is kept as it is and reported as [`DefectKind::InvalidQuotedPrintable`]
/// at `offset` plus its position in `text`.
///
/// Returns `false`, with nothing appended or reported, if the text holds a control character
/// (other than a tab): then it is not an encoded word.
pub(crate) fn decode_q_into(
    text: &[u8],
    out: &mut Vec<u8>,
    offset: usize,
    defects: &mut Vec<Defect>,
) -> bool {
    // Encoded words are short and dense with escapes: the octets are written into place in one
    // pass (the output is never longer than the text), with no call per run or per escape.
    let start = out.len();
    out.resize(start + text.len(), 0);
    let mut bad_escapes = Vec::new();
    let mut written = 0;
    let mut valid = true;
    if let Some(buf) = out.get_mut(start..) {
        let mut i = 0;
        while let Some(&b) = text.get(i) {
            let (octet, step) = match b {
                b'_' => (b' ', 1),
                b'=' => match hex_pair(text.get(i + 1..).unwrap_or_default()) {
                    Some(octet) => (octet, 3),
                    None => {
                        bad_escapes.push(offset + i);
                        (b'=', 1)
                    }
                },
                0x00..=0x08 | 0x0A..=0x1F | 0x7F => {
                    valid = false;
                    break;
                }
                _ => (b, 1),
            };
            if let Some(slot) = buf.get_mut(written) {
                *slot = octet;
            }
            written += 1;
            i += step;
        }
    }
    if !valid {
        out.truncate(start);
        return false;
    }
    out.truncate(start + written);
    for at in bad_escapes {
        push(defects, DefectKind::InvalidQuotedPrintable, at);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(input: &[u8]) -> (Cow<'_, [u8]>, Vec<(DefectKind, usize)>) {
        let mut d = Vec::new();
        let out = decode(input, &mut d);
        (out, d.into_iter().map(|d| (d.kind, d.offset)).collect())
    }

    #[test]
    fn borrowed_when_unchanged() {
        assert!(matches!(run(b"plain\r\ntext\n").0, Cow::Borrowed(_)));
        assert!(matches!(run(b"").0, Cow::Borrowed(_)));
        assert!(matches!(run(b"a b\tc").0, Cow::Borrowed(_)));
    }

    #[test]
    fn escapes_and_breaks() {
        assert_eq!(&*run(b"caf=C3=A9 =3d =3D").0, "café = =".as_bytes());
        assert_eq!(&*run(b"a=\r\nb=\nc=  \r\nd= \t").0, b"abcd");
        assert_eq!(&*run(b"x  \r\ny\t\nz ").0, b"x\r\ny\nz");
        assert_eq!(&*run(b"=20 \r\n").0, b" \r\n");
    }

    #[test]
    fn bad_escapes() {
        let (out, d) = run(b"a=G1 b=\r = c=4");
        assert_eq!(&*out, b"a=G1 b=\r = c=4");
        assert_eq!(
            d,
            vec![
                (DefectKind::InvalidQuotedPrintable, 1),
                (DefectKind::InvalidQuotedPrintable, 6),
                (DefectKind::InvalidQuotedPrintable, 9),
                (DefectKind::InvalidQuotedPrintable, 12),
            ]
        );
    }

    #[test]
    fn q_encoding() {
        let mut out = Vec::new();
        let mut d = Vec::new();
        assert!(decode_q_into(b"a_b=3Dc=e9=", &mut out, 10, &mut d));
        assert_eq!(out, b"a b=c\xe9=");
        assert_eq!(d, vec![Defect::new(DefectKind::InvalidQuotedPrintable, 20)]);
        assert!(!decode_q_into(b"a=\x01", &mut out, 0, &mut d));
        assert_eq!(out, b"a b=c\xe9=");
        assert_eq!(d.len(), 1);
    }
}
