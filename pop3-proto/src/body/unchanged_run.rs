//! The stuffer's fast path: finding a run of the message that goes out unchanged, so that it
//! is copied whole instead of line by line (RFC 1939 §3).
//!
//! Inside a line, what the server sends differs from the stored message only at a line that
//! starts with `.` (one more `.` before it) and at a bare LF (written as CRLF); a bare CR goes
//! out as it is. A run with neither is *unchanged*: every LF in it is preceded by CR and none is
//! followed by `.`. Such a run is found with one `memmem` search for LF `.` and one branch-free
//! pass over the run comparing it with itself shifted by one octet (which the compiler turns
//! into vector compares). Anything else is left to the exact line-by-line path.

use std::sync::LazyLock;

use memchr::memmem::Finder;

/// Octets looked at per call at most, so that a bare LF ahead does not make every call search
/// far beyond it.
const WINDOW: usize = 16384;

/// Octets checked first, before the search for a dot line: a bare LF in them sends the exact
/// path over this many octets.
pub(crate) const BLOCK: usize = 256;

/// Below this many octets the exact path is about as fast, so no run is looked for.
pub(crate) const MIN_RUN: usize = 64;

/// The most octets the exact path is given in one go after finding bare LFs again and again
/// (the span doubles from [`BLOCK`] up to this).
pub(crate) const MAX_EXACT_SPAN: usize = WINDOW;

/// The start of a line beginning with a period (or, if the LF is bare, a bare LF, which the
/// exact path takes anyway).
static DOT_LINE: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"\n."));

/// An unchanged run at the start of `text`, whose first octet is inside a line (not at a line
/// start, its period if any already dealt with).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct UnchangedRun {
    /// Octets of `text` that go out unchanged: no bare LF, no line starting with `.`, and not
    /// ending in CR or LF (so the line break after it, which may start a dot line or be bare,
    /// is left to the exact path). May be 0.
    pub(crate) len: usize,
    /// When a bare LF was seen: the octets of `text` that the exact path should take (to the
    /// end of the part checked that holds it), so that the search is not repeated at every
    /// line.
    pub(crate) dirty_until: Option<usize>,
}

/// Finds the unchanged run at the start of `text`. An LF as the very first octet is left to
/// the exact path, which knows whether a CR came before it.
pub(crate) fn unchanged_run(text: &[u8]) -> UnchangedRun {
    let window = text.get(..WINDOW).unwrap_or(text);
    if window.first() == Some(&b'\n') {
        return UnchangedRun {
            len: 0,
            dirty_until: None,
        };
    }
    // The first block first, before any search: a message stored with LF line endings has a
    // bare LF there. (Pairs past the run's end, after a dot line, are checked too: a bare LF
    // there only sends the exact path over this block, which is always right.)
    let head = window.get(..BLOCK).unwrap_or(window);
    if !lfs_follow_cr(head, window.get(1..).unwrap_or_default()) {
        return UnchangedRun {
            len: 0,
            dirty_until: Some(head.len()),
        };
    }
    let end = DOT_LINE.find(window).unwrap_or(window.len());
    let region = trim_line_breaks(window.get(..end).unwrap_or_default());
    let checked = head.len().min(region.len());
    let tail = region.get(checked..).unwrap_or_default();
    if !lfs_follow_cr(tail, region.get(checked + 1..).unwrap_or_default()) {
        return UnchangedRun {
            len: trim_line_breaks(region.get(..checked).unwrap_or_default()).len(),
            dirty_until: Some(region.len()),
        };
    }
    UnchangedRun {
        len: region.len(),
        dirty_until: None,
    }
}

/// Whether, for each octet `x` of `octets` and the octet `y` after it (taken from `next`, the
/// same text one octet on; pairs stop where `next` does), `x` is CR where `y` is LF. Written
/// without branches so that it vectorises (SSE2 `pcmpeqb`/`pandn`/`por`).
fn lfs_follow_cr(octets: &[u8], next: &[u8]) -> bool {
    let mut bare = false;
    for (&x, &y) in octets.iter().zip(next) {
        bare |= (y == b'\n') & (x != b'\r');
    }
    !bare
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
        let r = unchanged_run(text);
        (r.len, r.dirty_until)
    }

    #[test]
    fn stops_before_the_line_break_of_a_dot_line() {
        assert_eq!(run(b"abc\r\ndef\r\n..x\r\n"), (8, None));
        assert_eq!(run(b".bc\r\ndef\r\n.\r\n"), (8, None));
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
    fn a_bare_cr_is_unchanged() {
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
        assert_eq!(run(&long), (BLOCK - 2, Some(3 * BLOCK)));
    }

    #[test]
    fn the_window_bounds_the_run() {
        let text = b"0123456\r\n".repeat(WINDOW);
        let r = unchanged_run(&text);
        assert!(r.len <= WINDOW && r.len + 9 > WINDOW, "{}", r.len);
        assert_eq!(r.dirty_until, None);
    }
}
