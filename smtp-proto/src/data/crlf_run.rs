//! The stuffer's fast path: finding a run of message text whose line breaks are all CRLF, so
//! that it is passed on in pieces between its dot lines instead of line by line (RFC 5321
//! §4.5.2, §2.3.8), for the [`Stuffer`](super::Stuffer) and the
//! [`Normaliser`](super::Normaliser).
//!
//! The octets sent differ from the message only at a bare CR or LF (written as CRLF) and, when
//! stuffing, at a line that starts with a period (one more period before it). In a run where
//! every CR is followed by LF and every LF preceded by CR, every line starts after a CRLF, so
//! the dot lines are exactly where LF `.` occurs: one `memmem` search finds them all, and the
//! text between them goes out whole. Whether a run has a bare CR or LF is found block by
//! block, each in one branch-free pass comparing the block with itself shifted by one octet
//! (which the compiler turns into vector compares). What the report needs from the run's
//! lines (where the last one ends, and the longest) is found by [`RunLines`] without visiting
//! every line. Anything else is left to the exact line-by-line path.

use std::sync::LazyLock;

use memchr::memmem::{FindIter, Finder};
use memchr::{memchr, memrchr};
use multiversion::multiversion;

/// Octets looked at per call at most, so that the octets are passed on while they are still in
/// the cache.
const WINDOW: usize = 16384;

/// Octets checked for a bare line break in one pass; a bare line break sends the exact path
/// over its block.
pub(crate) const BLOCK: usize = 512;

/// Below this many octets the exact path is about as fast, so no run is looked for.
pub(crate) const MIN_RUN: usize = 64;

/// The most octets the exact path is given in one go after finding bare line breaks again
/// and again (the span doubles from [`BLOCK`] up to this).
pub(crate) const MAX_EXACT_SPAN: usize = WINDOW;

/// Octets compared in one round of [`pairs_are_crlf`]: two SSE2 vectors.
const LANES: usize = 32;

/// An LF that starts a line beginning with a period.
static DOT_LINE: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"\n."));

/// A run at the start of `text`, whose first octet is inside a line (not at a line start, its
/// period if any already dealt with).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CrlfRun {
    /// Octets of `text` with no bare CR or LF, not ending in CR or LF (so the line break after
    /// it, which may be bare or start a dot line in the next input, is left to the exact
    /// path). May be 0.
    pub(crate) len: usize,
    /// When a bare CR or LF was seen: the octets of `text` that the exact path should take (to
    /// the end of the block that holds it), so that the search is not repeated at every line.
    pub(crate) dirty_until: Option<usize>,
}

/// Finds the run at the start of `text` whose line breaks are all CRLF. A bare LF as the very
/// first octet counts as bare (nothing inside a line can make an LF at its start a line
/// break).
pub(crate) fn crlf_run(text: &[u8]) -> CrlfRun {
    let window = text.get(..WINDOW).unwrap_or(text);
    if window.first() == Some(&b'\n') {
        return CrlfRun {
            len: 0,
            dirty_until: Some(window.len().min(BLOCK)),
        };
    }
    let mut at = 0; // blocks before `at` hold no bare line break
    while at < window.len() {
        let end = window.len().min(at + BLOCK);
        let block = window.get(at..end).unwrap_or_default();
        // Each octet's pair, the last one's with the first octet of the next block.
        let next = window.get(at + 1..window.len().min(end + 1));
        if !pairs_are_crlf(block, next.unwrap_or_default()) {
            return CrlfRun {
                len: trim_line_breaks(window.get(..at).unwrap_or_default()).len(),
                dirty_until: Some(end),
            };
        }
        at = end;
    }
    CrlfRun {
        len: trim_line_breaks(window).len(),
        dirty_until: None,
    }
}

/// Where the lines that start with `.` begin in a run of [`crlf_run`]: the offsets of the LFs
/// before them.
pub(crate) fn dot_lines(run: &[u8]) -> FindIter<'_, 'static> {
    DOT_LINE.find_iter(run)
}

/// Whether, for each octet `x` of `octets` and the octet `y` after it (taken from `next`, the
/// same text one octet on; pairs stop where `next` does), `x` is CR exactly when `y` is LF.
///
/// Written without branches so that it vectorises (SSE2 `pcmpeqb`/`pxor`/`por`), in whole
/// rounds of [`LANES`] pairs: the last round overlaps the one before instead of leaving a
/// remainder to a loop octet by octet.
#[multiversion(targets("x86_64+avx2"))]
fn pairs_are_crlf(octets: &[u8], next: &[u8]) -> bool {
    let n = octets.len().min(next.len());
    let (x, y) = (
        octets.get(..n).unwrap_or_default(),
        next.get(..n).unwrap_or_default(),
    );
    let Some(last) = n.checked_sub(LANES) else {
        return !bare(x, y);
    };
    let whole = n - n % LANES;
    let head = bare(
        x.get(..whole).unwrap_or_default(),
        y.get(..whole).unwrap_or_default(),
    );
    let tail = whole < n
        && bare(
            x.get(last..).unwrap_or_default(),
            y.get(last..).unwrap_or_default(),
        );
    !(head | tail)
}

/// Whether some octet of `octets` is CR where the octet at the same offset of `next` is not
/// LF, or the other way round.
#[inline(always)]
fn bare(octets: &[u8], next: &[u8]) -> bool {
    let mut bare = false;
    for (&x, &y) in octets.iter().zip(next) {
        bare |= (x == b'\r') ^ (y == b'\n');
    }
    bare
}

/// `run` without its trailing CRs and LFs.
fn trim_line_breaks(run: &[u8]) -> &[u8] {
    let keep = run
        .iter()
        .rposition(|&b| b != b'\r' && b != b'\n')
        .map_or(0, |i| i + 1);
    run.get(..keep).unwrap_or_default()
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
    fn stops_before_a_trailing_line_break() {
        assert_eq!(run(b"abc\r\ndef\r"), (8, None));
        assert_eq!(run(b"abc\r\ndef\r\n"), (8, None));
        assert_eq!(run(b"abc\r\n\r\n"), (3, None));
        assert_eq!(run(b"abc"), (3, None));
        assert_eq!(run(b""), (0, None));
    }

    #[test]
    fn a_bare_line_break_makes_its_block_dirty() {
        assert_eq!(run(b"ab\ncd\r\n"), (0, Some(7)));
        assert_eq!(run(b"ab\rcd\r\n"), (0, Some(7)));
        assert_eq!(run(b"\nab"), (0, Some(3)));
        let mut long = vec![b'a'; 3 * BLOCK];
        long[BLOCK - 2] = b'\r';
        long[BLOCK - 1] = b'\n';
        long[BLOCK + 3] = b'\r';
        assert_eq!(run(&long), (BLOCK - 2, Some(2 * BLOCK)));
        // The pair across two blocks belongs to the first.
        long[BLOCK + 3] = b'a';
        long[BLOCK - 1] = b'a';
        assert_eq!(run(&long), (0, Some(BLOCK)));
        long[BLOCK - 2] = b'a';
        long[BLOCK] = b'\n';
        assert_eq!(run(&long), (0, Some(BLOCK)));
    }

    #[test]
    fn every_pair_is_compared() {
        // Lengths around the rounds of LANES, a bare CR and a bare LF at every place.
        for n in [1, 2, 31, 32, 33, 63, 64, 65, 100, BLOCK] {
            let text = vec![b'a'; n];
            assert!(pairs_are_crlf(&text, &text[1..]), "{n}");
            for at in 1..n {
                let mut text = text.clone();
                text[at] = b'\n';
                assert!(!pairs_are_crlf(&text, &text[1..]), "{n} {at}");
                text[at - 1] = b'\r';
                assert!(pairs_are_crlf(&text, &text[1..]), "{n} {at}");
                text[at] = b'a';
                assert!(!pairs_are_crlf(&text, &text[1..]), "{n} {at}");
            }
        }
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
