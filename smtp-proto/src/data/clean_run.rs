//! The un-stuffer's fast path: finding a run of DATA text that passes through un-stuffing
//! unchanged, so that it can be handed on whole instead of line by line (RFC 5321 §4.5.2).
//!
//! Inside a line, the content differs from the input only at a line that starts with a period
//! (a transparency period, or the end of data) and, under
//! [`Normalise`](super::BareLinebreaks::Normalise), at a bare CR or LF; and the report changes
//! only at bare CRs and LFs. A run with neither is *clean*: every CR in it is followed by LF,
//! every LF preceded by CR, and no CRLF is followed by `.`. Such a run is found with one
//! `memmem` search for LF `.` and one branch-free pass over the run that compares it with
//! itself shifted by one octet (which the compiler turns into vector compares), instead of a
//! search per line break. Anything else is left to the exact line-by-line path.

use std::sync::LazyLock;

use memchr::memmem::Finder;

/// Octets looked at per call at most, so that a bare line break ahead does not make every
/// call search far beyond it.
const WINDOW: usize = 16384;

/// Octets checked first, before the search for a dot line: a bare line break in them sends the
/// exact path over this many octets.
const BLOCK: usize = 256;

/// Below this many octets the exact path is about as fast, so the search is not started.
pub(crate) const MIN_RUN: usize = 64;

/// The start of a line beginning with a period (or, if the LF is bare, content the exact path
/// looks at anyway).
static DOT_LINE: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"\n."));

/// A clean run at the start of `text`, whose first octet is inside a line (not at a line
/// start).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CleanRun {
    /// Octets of `text` that are clean: no bare CR or LF, no line starting with `.`, and not
    /// ending in CR or LF (so the line break after it, which may start a dot line or be bare,
    /// is left to the exact path). May be 0.
    pub(crate) len: usize,
    /// When a bare CR or LF was seen: the octets of `text` that the exact path should take
    /// (to the end of the part checked that holds it), so that the search is not repeated at
    /// every line.
    pub(crate) dirty_until: Option<usize>,
}

/// Finds the clean run at the start of `text`; a bare LF as the very first octet counts as bare
/// (nothing inside a line can make an LF at its start a line break).
pub(crate) fn clean_run(text: &[u8]) -> CleanRun {
    let window = text.get(..WINDOW).unwrap_or(text);
    // The first block first, before any search: text with bare line breaks throughout usually
    // has one there. (Pairs past the run's end, after a dot line, are checked too: a bare line
    // break there only sends the exact path over this block, which is always right.)
    let head = window.get(..BLOCK).unwrap_or(window);
    if window.first() == Some(&b'\n') || !pairs_are_crlf(head, window.get(1..).unwrap_or_default())
    {
        return CleanRun {
            len: 0,
            dirty_until: Some(head.len()),
        };
    }
    let end = DOT_LINE.find(window).unwrap_or(window.len());
    let region = trim_line_breaks(window.get(..end).unwrap_or_default());
    let checked = head.len().min(region.len());
    let tail = region.get(checked..).unwrap_or_default();
    if !pairs_are_crlf(tail, region.get(checked + 1..).unwrap_or_default()) {
        return CleanRun {
            len: trim_line_breaks(region.get(..checked).unwrap_or_default()).len(),
            dirty_until: Some(region.len()),
        };
    }
    CleanRun {
        len: region.len(),
        dirty_until: None,
    }
}

/// Whether, for each octet `x` of `octets` and the octet `y` after it (taken from `next`, the
/// same text one octet on; pairs stop where `next` does), `x` is CR exactly when `y` is LF.
/// Written without branches so that it vectorises (SSE2 `pcmpeqb`/`pxor`/`por`).
fn pairs_are_crlf(octets: &[u8], next: &[u8]) -> bool {
    let mut bare = false;
    for (&x, &y) in octets.iter().zip(next) {
        bare |= (x == b'\r') ^ (y == b'\n');
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
        let r = clean_run(text);
        (r.len, r.dirty_until)
    }

    #[test]
    fn stops_before_the_line_break_of_a_dot_line() {
        assert_eq!(run(b"abc\r\ndef\r\n..x\r\n"), (8, None));
        assert_eq!(run(b"abc\r\ndef\r\n.\r\n"), (8, None));
        assert_eq!(run(b"abc\r\ndef\r\n.\r\nMAIL FROM:<>\r\n"), (8, None));
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
        // A bare LF before a period is as bare as any.
        let mut text = b"ab\n.cd".to_vec();
        text.extend_from_slice(&[b'x'; BLOCK]);
        assert_eq!(run(&text), (0, Some(BLOCK)));
        let mut long = vec![b'a'; 3 * BLOCK];
        long[BLOCK - 2] = b'\r';
        long[BLOCK - 1] = b'\n';
        long[BLOCK + 3] = b'\n';
        // The first block is clean but ends in CRLF: kept back for the exact path, which takes
        // the rest of the run.
        assert_eq!(run(&long), (BLOCK - 2, Some(3 * BLOCK)));
        long[BLOCK + 3] = b'a';
        long[3] = b'\r';
        assert_eq!(run(&long), (0, Some(BLOCK)));
        // Within the first block, even past the end of the run (after a dot line).
        let mut dotted = b"ab\r\n.c\nd".to_vec();
        dotted.extend_from_slice(&[b'x'; BLOCK]);
        assert_eq!(run(&dotted), (0, Some(BLOCK)));
    }

    #[test]
    fn a_crlf_split_by_a_block_boundary_is_clean() {
        let mut long = vec![b'a'; 2 * BLOCK];
        long[BLOCK - 1] = b'\r';
        long[BLOCK] = b'\n';
        assert_eq!(run(&long), (2 * BLOCK, None));
    }

    #[test]
    fn the_window_bounds_the_run() {
        let text = b"0123456\r\n".repeat(WINDOW);
        let r = clean_run(&text);
        assert!(r.len <= WINDOW && r.len + 9 > WINDOW, "{}", r.len);
        assert_eq!(r.dirty_until, None);
    }
}
