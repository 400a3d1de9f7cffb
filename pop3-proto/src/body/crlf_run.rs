//! The stuffer's fast path: finding a run of the message whose line breaks are all CRLF, so
//! that it is copied in pieces between its dot lines instead of line by line (RFC 1939 §3).
//!
//! What the server sends differs from the stored message only at a line that starts with `.`
//! (one more `.` before it) and at a bare LF (written as CRLF); a bare CR goes out as it is. In
//! a run without bare LF, every line starts after a CRLF, so the dot lines are exactly where LF
//! `.` occurs: one `memmem` search finds them all, and the text between them is copied whole.
//! Whether a run has a bare LF is found block by block, each in one branch-free pass comparing
//! the block with itself shifted by one octet (which the compiler turns into vector compares).
//! Anything else is left to the exact line-by-line path.

use std::sync::LazyLock;

use memchr::memmem::{FindIter, Finder};

/// Octets looked at per call at most, so that the copy follows the check while the octets are
/// still in the cache.
const WINDOW: usize = 16384;

/// Octets checked for a bare LF in one pass; a bare LF sends the exact path over its block.
pub(crate) const BLOCK: usize = 512;

/// Below this many octets the exact path is about as fast, so no run is looked for.
pub(crate) const MIN_RUN: usize = 64;

/// The most octets the exact path is given in one go after finding bare LFs again and again
/// (the span doubles from [`BLOCK`] up to this).
pub(crate) const MAX_EXACT_SPAN: usize = WINDOW;

/// Octets compared in one round of [`lfs_follow_cr`]: two SSE2 vectors.
const LANES: usize = 32;

/// An LF that starts a line beginning with a period.
static DOT_LINE: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"\n."));

/// A run at the start of `text`, whose first octet is inside a line (not at a line start, its
/// period if any already dealt with).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CrlfRun {
    /// Octets of `text` whose LFs all follow a CR, not ending in CR or LF (so the line break
    /// after it, which may be bare or start a dot line in the next input, is left to the
    /// exact path). May be 0.
    pub(crate) len: usize,
    /// When a bare LF was seen: the octets of `text` that the exact path should take (to the
    /// end of the block that holds it), so that the search is not repeated at every line.
    pub(crate) dirty_until: Option<usize>,
}

/// Finds the run at the start of `text` whose line breaks are all CRLF. An LF as the very
/// first octet is left to the exact path, which knows whether a CR came before it.
pub(crate) fn crlf_run(text: &[u8]) -> CrlfRun {
    let window = text.get(..WINDOW).unwrap_or(text);
    if window.first() == Some(&b'\n') {
        return CrlfRun {
            len: 0,
            dirty_until: None,
        };
    }
    let mut at = 0; // blocks before `at` hold no bare LF
    while at < window.len() {
        let end = window.len().min(at + BLOCK);
        let block = window.get(at..end).unwrap_or_default();
        // Each octet's pair, the last one's with the first octet of the next block.
        let next = window.get(at + 1..window.len().min(end + 1));
        if !lfs_follow_cr(block, next.unwrap_or_default()) {
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
/// same text one octet on; pairs stop where `next` does), `x` is CR where `y` is LF.
///
/// Written without branches so that it vectorises (SSE2 `pcmpeqb`/`pandn`/`por`), in whole
/// rounds of [`LANES`] pairs: the last round overlaps the one before instead of leaving a
/// remainder to a loop octet by octet.
fn lfs_follow_cr(octets: &[u8], next: &[u8]) -> bool {
    let n = octets.len().min(next.len());
    let (x, y) = (
        octets.get(..n).unwrap_or_default(),
        next.get(..n).unwrap_or_default(),
    );
    let Some(last) = n.checked_sub(LANES) else {
        return !bare_lf(x, y);
    };
    let whole = n - n % LANES;
    let head = bare_lf(
        x.get(..whole).unwrap_or_default(),
        y.get(..whole).unwrap_or_default(),
    );
    let tail = whole < n
        && bare_lf(
            x.get(last..).unwrap_or_default(),
            y.get(last..).unwrap_or_default(),
        );
    !(head | tail)
}

/// Whether some LF in `next` follows an octet of `octets` (at the same offset) that is not
/// CR.
#[inline]
fn bare_lf(octets: &[u8], next: &[u8]) -> bool {
    let mut bare = false;
    for (&x, &y) in octets.iter().zip(next) {
        bare |= (y == b'\n') & (x != b'\r');
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
    fn a_bare_cr_is_kept() {
        assert_eq!(run(b"a\rb\r\rc\r\nd"), (9, None));
    }

    #[test]
    fn a_bare_lf_makes_its_block_dirty() {
        assert_eq!(run(b"ab\ncd\r\n"), (0, Some(7)));
        assert_eq!(run(b"ab\r\r\ncd\n"), (0, Some(8)));
        assert_eq!(run(b"\nab"), (0, None));
        let mut long = vec![b'a'; 3 * BLOCK];
        long[BLOCK - 2] = b'\r';
        long[BLOCK - 1] = b'\n';
        long[BLOCK + 3] = b'\n';
        assert_eq!(run(&long), (BLOCK - 2, Some(2 * BLOCK)));
        // The pair across two blocks belongs to the first.
        long[BLOCK + 3] = b'a';
        long[BLOCK - 2] = b'a';
        assert_eq!(run(&long), (0, Some(BLOCK)));
        long[BLOCK - 1] = b'a';
        long[BLOCK] = b'\n';
        assert_eq!(run(&long), (0, Some(BLOCK)));
    }

    #[test]
    fn every_pair_is_compared() {
        // Lengths around the rounds of LANES, a bare LF at every place.
        for n in [1, 2, 31, 32, 33, 63, 64, 65, 100, BLOCK] {
            let text = vec![b'a'; n];
            assert!(lfs_follow_cr(&text, &text[1..]), "{n}");
            for at in 1..n {
                let mut text = text.clone();
                text[at] = b'\n';
                assert!(!lfs_follow_cr(&text, &text[1..]), "{n} {at}");
                text[at - 1] = b'\r';
                assert!(lfs_follow_cr(&text, &text[1..]), "{n} {at}");
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
}
