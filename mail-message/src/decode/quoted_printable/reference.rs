//! The previous quoted-printable decoder (one `memchr2` per `=` and per line break), kept
//! as the oracle the decoder of [`super`] is checked against: both must give the same
//! octets and the same defects on every input.

use std::borrow::Cow;

use super::{hex_pair, is_wsp};
use crate::defect::{Defect, DefectKind, push};

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

/// Decodes quoted-printable data as the module docs of [`super`] describe.
pub(super) fn decode<'b>(input: &'b [u8], defects: &mut Vec<Defect>) -> Cow<'b, [u8]> {
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
