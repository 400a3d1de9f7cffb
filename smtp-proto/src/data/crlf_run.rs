//! The stuffer's fast path: finding a run of message text whose line breaks are all CRLF, so
//! that it is passed on in pieces between its dot lines instead of line by line (RFC 5321
//! §4.5.2, §2.3.8), for the [`Stuffer`](super::Stuffer) and the
//! [`Normaliser`](super::Normaliser).
//!
//! The octets sent differ from the message only at a bare CR or LF (written as CRLF) and, when
//! stuffing, at a line that starts with a period (one more period before it). In a run where
//! every CR is followed by LF and every LF preceded by CR, every line starts after a CRLF, so
//! the dot lines are exactly where LF `.` occurs: one `memmem` search finds them all, and the
//! text between them goes out whole. Where a run's first bare CR or LF is, is found by one
//! vectorised pass comparing the text with itself shifted by one octet
//! ([`first_bare`](super::pair_scan::first_bare)). What the report needs from the run's
//! lines (where the last one ends, and the longest) is found by [`RunLines`] without visiting
//! every line. Anything else is left to the exact line-by-line path.

use std::sync::LazyLock;

use memchr::memmem::{FindIter, Finder};
use memchr::{memchr, memrchr};

use super::pair_scan::{Run, run_at_start};

/// Octets looked at per call at most, so that the octets are passed on while they are still in
/// the cache.
const WINDOW: usize = 16384;

/// Octets the exact path takes at least after a bare line break (the span doubles, up to
/// [`MAX_EXACT_SPAN`], while they continue).
pub(crate) const MIN_EXACT_SPAN: usize = 512;

/// The most octets the exact path is given in one go after finding bare line breaks again
/// and again (the span doubles from [`MIN_EXACT_SPAN`] up to this).
pub(crate) const MAX_EXACT_SPAN: usize = WINDOW;

/// An LF that starts a line beginning with a period.
static DOT_LINE: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"\n."));

/// Finds the run at the start of `text` whose line breaks are all CRLF (dot lines included;
/// see [`run_at_start`]).
pub(crate) fn crlf_run(text: &[u8]) -> Run {
    run_at_start::<false>(text, WINDOW)
}

/// Where the lines that start with `.` begin in a run of [`crlf_run`]: the offsets of the LFs
/// before them.
pub(crate) fn dot_lines(run: &[u8]) -> FindIter<'_, 'static> {
    DOT_LINE.find_iter(run)
}

/// The lines that end inside an unchanged run (every LF in it ends a line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RunLines {
    /// Octets of the run up to the end of its last line (its LF included): the next line
    /// starts here.
    pub(crate) last_end: usize,
    /// Octets of the longest line that ends in the run (its CRLF included), or `at_least` if
    /// that is more.
    pub(crate) longest: u64,
}

impl RunLines {
    /// The lines of `run`, whose first line began `before` octets ahead of it; `None` if no
    /// line ends in it. `at_least` is the longest line known so far: only longer lines have to
    /// be measured.
    ///
    /// Instead of visiting every line, the LFs are followed by leaps: an LF within `longest`
    /// octets of the last one ends only lines no longer than `longest`, so the next leap starts
    /// there. The octet as far on as the last leap went is looked at first (text with lines of
    /// equal length, as base64, has its next LF there), then the last LF within `longest`
    /// octets is searched; a window without LF starts a longer line, whose end is then searched
    /// and which becomes the longest.
    pub(crate) fn of(run: &[u8], before: u64, at_least: u64) -> Option<RunLines> {
        let first = memchr(b'\n', run)?;
        let last = memrchr(b'\n', run)?;
        // The first line, at least 1 octet (its LF): every leap goes forward.
        let at_least = at_least.max(before + first as u64 + 1);
        let lines = run.get(first..=last).unwrap_or_default();
        let end = lines.len().saturating_sub(1);
        let mut longest = usize::try_from(at_least).unwrap_or(usize::MAX);
        let mut at = 0; // an LF
        let mut leap = longest; // the last leap, never more than `longest`
        while at < end {
            let guess = at.saturating_add(leap).min(end);
            if lines.get(guess) == Some(&b'\n') {
                at = guess;
                continue;
            }
            let reach = at.saturating_add(longest).min(end);
            if lines.get(reach) == Some(&b'\n') {
                leap = reach - at;
                at = reach;
            } else if let Some(lf) = lines.get(at + 1..reach).and_then(|w| memrchr(b'\n', w)) {
                leap = 1 + lf;
                at += leap;
            } else {
                // No LF within `longest` octets: the next LF (there is one, at `end` at the
                // latest) ends a longer line.
                let next = lines
                    .get(reach + 1..)
                    .and_then(|rest| memchr(b'\n', rest))
                    .map_or(end, |lf| reach + 1 + lf);
                longest = next - at;
                leap = longest;
                at = next;
            }
        }
        Some(RunLines {
            last_end: last + 1,
            longest: at_least.max(longest as u64),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &[u8]) -> (usize, Option<usize>) {
        let r = crlf_run(text);
        (r.len, r.dirty_until)
    }

    #[test]
    fn dot_lines_are_inside_the_run() {
        let text = b"abc\r\ndef\r\n..x\r\n.\r\nz";
        assert_eq!(run(text), (text.len(), None));
        assert_eq!(dot_lines(text).collect::<Vec<_>>(), [9, 14]);
        assert_eq!(run(b".bc\r\ndef\r\n.\r\n"), (11, None));
    }

    #[test]
    fn stops_before_a_bare_line_break() {
        assert_eq!(run(b"ab\ncd\r\n"), (1, Some(3)));
        assert_eq!(run(b"ab\rcd\r\n"), (2, Some(4)));
        assert_eq!(run(b"\nab"), (0, Some(1)));
        // Dot lines do not stop a run; a bare LF before a period does.
        assert_eq!(run(b"a\r\n.b\r\nc\n.d"), (5, Some(9)));
        let mut long = vec![b'a'; 1000];
        long[598] = b'\r';
        long[599] = b'\n';
        long[603] = b'\r';
        assert_eq!(run(&long), (603, Some(605)));
    }

    #[test]
    fn the_window_bounds_the_run() {
        let text = b"0123456\r\n".repeat(WINDOW);
        let r = crlf_run(&text);
        assert!(r.len <= WINDOW && r.len + 9 > WINDOW, "{}", r.len);
        assert_eq!(r.dirty_until, None);
    }

    fn lines(run: &[u8], before: u64, at_least: u64) -> Option<(usize, u64)> {
        RunLines::of(run, before, at_least).map(|l| (l.last_end, l.longest))
    }

    #[test]
    fn lines_of_a_run() {
        assert_eq!(lines(b"abc", 0, 7), None);
        assert_eq!(lines(b"ab\r\ncd", 0, 0), Some((4, 4)));
        assert_eq!(lines(b"ab\r\ncd", 3, 0), Some((4, 7)));
        assert_eq!(lines(b"ab\r\ncd", 3, 9), Some((4, 9)));
        // Lines "ab\r\n" (4 and `before`), "cd\r\n" (4), "efghij\r\n" (8), "k\r\n" (3).
        let text = b"ab\r\ncd\r\nefghij\r\nk\r\nlm";
        assert_eq!(lines(text, 0, 0), Some((19, 8)));
        assert_eq!(lines(text, 0, 4), Some((19, 8)));
        assert_eq!(lines(text, 0, 8), Some((19, 8)));
        assert_eq!(lines(text, 5, 0), Some((19, 9)));
        assert_eq!(lines(text, 0, 100), Some((19, 100)));
        // Equal lines: each leap lands on the next LF.
        let equal = b"x\r\n".repeat(1 + 78 / 3 * 10);
        assert_eq!(lines(&equal, 0, 3), Some((equal.len(), 3)));
        assert_eq!(lines(&equal, 0, 0), Some((equal.len(), 3)));
    }

    #[test]
    fn longest_line_of_a_run_matches_counting() {
        let mut text = Vec::new();
        for len in [5, 80, 3, 3, 200, 1, 0, 77, 78, 79, 2, 500, 499] {
            text.extend(std::iter::repeat_n(b'a', len));
            text.extend_from_slice(b"\r\n");
        }
        text.extend_from_slice(b"tail");
        // The longest line is 502 octets.
        for at_least in [0, 1, 7, 82, 501, 502, 503, 10_000] {
            assert_eq!(
                lines(&text, 0, at_least),
                Some((text.len() - 4, at_least.max(502))),
                "{at_least}"
            );
        }
        assert_eq!(lines(&text, 600, 0), Some((text.len() - 4, 607)));
    }
}
