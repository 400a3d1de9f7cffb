//! Cutting a byte stream into command or reply lines (RFC 5321 §2.3.8), bounded by a length
//! limit checked before anything is buffered.
//!
//! Framing is split from grammar: this module only finds where a line ends; the command and
//! reply parsers get a complete line without its line break.

use crate::command::scan::find;

/// Which line breaks end a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LineEndings {
    /// Only CRLF ends a line (RFC 5321 §2.3.8). A bare LF stays inside the line, where the
    /// grammar rejects it.
    Strict,
    /// CRLF or a bare LF ends a line, as many servers accept for commands (never for the end of
    /// DATA, see [`data`](crate::data)).
    #[default]
    AcceptBareLf,
}

/// A line longer than the limit, with no line break in sight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("line longer than {limit} octets")]
pub struct LineTooLong {
    /// The limit, line break included.
    pub limit: usize,
}

/// A complete line found at the start of a buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    /// The line without its line break.
    pub text: &'a [u8],
    /// Octets the line took in the buffer, line break included.
    pub consumed: usize,
}

/// Finds the first complete line of `input`.
///
/// Returns `Ok(None)` when no line break has arrived yet and the bytes so far still fit in
/// `limit` (line break included): the caller waits for more input. Returns
/// [`LineTooLong`] as soon as `limit` octets have arrived without a line break, so a peer can
/// never make the caller buffer more than `limit` octets for one line.
///
/// # Errors
/// [`LineTooLong`] when the line, line break included, would exceed `limit`.
pub fn next_line(
    input: &[u8],
    limit: usize,
    endings: LineEndings,
) -> Result<Option<Line<'_>>, LineTooLong> {
    let window = input.get(..limit.min(input.len())).unwrap_or(input);
    let mut from = 0;
    while let Some(i) = window.get(from..).and_then(|w| find(w, b'\n')) {
        let lf = from + i;
        let crlf = lf > 0 && window.get(lf - 1) == Some(&b'\r');
        if crlf || endings == LineEndings::AcceptBareLf {
            let text_end = if crlf { lf - 1 } else { lf };
            return Ok(Some(Line {
                text: input.get(..text_end).unwrap_or_default(),
                consumed: lf + 1,
            }));
        }
        from = lf + 1;
    }
    if input.len() >= limit {
        Err(LineTooLong { limit })
    } else {
        Ok(None)
    }
}

/// Skips the rest of an over-long line: returns how many octets of `input` belong to it,
/// line break included (`None` if its end has not arrived yet; then all of `input` belongs to
/// it and can be dropped).
pub fn skip_line(input: &[u8], endings: LineEndings) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = input.get(from..).and_then(|w| memchr::memchr(b'\n', w)) {
        let lf = from + i;
        let crlf = lf > 0 && input.get(lf - 1) == Some(&b'\r');
        if crlf || endings == LineEndings::AcceptBareLf {
            return Some(lf + 1);
        }
        from = lf + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_lines() {
        let l = next_line(b"NOOP\r\nQUIT\r\n", 512, LineEndings::Strict)
            .unwrap()
            .unwrap();
        assert_eq!(
            l,
            Line {
                text: b"NOOP",
                consumed: 6
            }
        );
        assert_eq!(next_line(b"NOOP\r", 512, LineEndings::Strict), Ok(None));
        assert_eq!(next_line(b"", 512, LineEndings::Strict), Ok(None));
    }

    #[test]
    fn bare_lf() {
        assert_eq!(
            next_line(b"NOOP\nQUIT\r\n", 512, LineEndings::AcceptBareLf),
            Ok(Some(Line {
                text: b"NOOP",
                consumed: 5
            }))
        );
        assert_eq!(
            next_line(b"NOOP\nQUIT\r\n", 512, LineEndings::Strict),
            Ok(Some(Line {
                text: b"NOOP\nQUIT",
                consumed: 11
            }))
        );
    }

    #[test]
    fn limit_includes_the_line_break() {
        // 510 octets + CRLF = 512: fits.
        let mut line = vec![b'a'; 510];
        line.extend_from_slice(b"\r\n");
        assert_eq!(
            next_line(&line, 512, LineEndings::Strict)
                .unwrap()
                .unwrap()
                .consumed,
            512
        );
        // 511 + CRLF = 513: too long, known as soon as 512 octets arrived without a break.
        let mut long = vec![b'a'; 511];
        long.extend_from_slice(b"\r\n");
        assert_eq!(
            next_line(&long, 512, LineEndings::Strict),
            Err(LineTooLong { limit: 512 })
        );
        assert_eq!(
            next_line(&long[..512], 512, LineEndings::Strict),
            Err(LineTooLong { limit: 512 })
        );
        assert_eq!(next_line(&long[..511], 512, LineEndings::Strict), Ok(None));
        assert_eq!(skip_line(&long, LineEndings::Strict), Some(513));
        assert_eq!(skip_line(&long[..500], LineEndings::Strict), None);
    }
}
