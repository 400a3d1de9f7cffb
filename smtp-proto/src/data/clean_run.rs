//! The un-stuffer's fast path: finding a run of DATA text that passes through un-stuffing
//! unchanged, so that it can be handed on whole instead of line by line (RFC 5321 §4.5.2).
//!
//! Inside a line, the content differs from the input only at a line that starts with a period
//! (a transparency period, or the end of data) and, under
//! [`Normalise`](super::BareLinebreaks::Normalise), at a bare CR or LF; and the report changes
//! only at bare CRs and LFs. A run with neither is *clean*: every CR in it is followed by LF,
//! every LF preceded by CR, and no LF is followed by `.`. All three are properties of a pair of
//! adjacent octets, so one pass that compares the text with itself shifted by one octet finds
//! the first place where a run stops ([`first_stop`]): branch-free inside blocks of
//! [`BLOCK`] octets, which the compiler turns into vector compares. The pass is compiled twice
//! (`multiversion`): for the baseline target (SSE2 on `x86_64`) and for AVX2, chosen once at
//! run time, so that on most machines it looks at 32 octets per compare. Anything else than a
//! clean run is left to the exact line-by-line path.

use multiversion::multiversion;

/// Octets looked at per call at most: the longest clean run (the scan itself ends at the first
/// stop, so this only bounds how much one step hands on at once).
const WINDOW: usize = 65536;

/// Octets whose pairs are checked together, with one branch: four AVX2 vectors (fewer made
/// the branch and the reduction a larger share; callgrind, 64 KiB message: 64 octets 44.8 k
/// instructions a pass, 128 octets 41.3 k).
const BLOCK: usize = 128;

/// Below this many octets the exact path is about as fast, so the scan is not started.
pub(crate) const MIN_RUN: usize = 64;

/// A clean run at the start of `text`, whose first octet is inside a line (not at a line
/// start).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CleanRun {
    /// Octets of `text` that are clean: no bare CR or LF, no line starting with `.`, and not
    /// ending in CR or LF (so the line break after it, which may start a dot line or be bare,
    /// is left to the exact path). May be 0.
    pub(crate) len: usize,
    /// When the run stopped at a bare CR or LF: the octets of `text` up to and including it,
    /// which the exact path takes (the caller may give it more).
    pub(crate) dirty_until: Option<usize>,
}

/// Finds the clean run at the start of `text`; a bare LF as the very first octet counts as bare
/// (nothing inside a line can make an LF at its start a line break).
pub(crate) fn clean_run(text: &[u8]) -> CleanRun {
    let window = text.get(..WINDOW).unwrap_or(text);
    if window.first() == Some(&b'\n') {
        return CleanRun {
            len: 0,
            dirty_until: Some(1),
        };
    }
    let Some(stop) = first_stop(window) else {
        // The last octet's pair is not known: trimming the line breaks at the end leaves it
        // to the exact path.
        return CleanRun {
            len: trim_line_breaks(window).len(),
            dirty_until: None,
        };
    };
    let len = trim_line_breaks(window.get(..stop).unwrap_or_default()).len();
    // The stop is at LF `.` (a dot line, and then the LF's CR was checked too: the pair before
    // it is clean) or at a bare line break (the pair's first octet is a CR whose next octet
    // is not LF, or the second is an LF after something other than CR).
    let dot_line = window.get(stop..stop + 2) == Some(b"\n.");
    CleanRun {
        len,
        dirty_until: (!dot_line).then_some(stop + 2),
    }
}

/// Whether the pair of octets `x`, `y` (adjacent, in this order) stops a clean run: a CR not
/// followed by LF, an LF not preceded by CR, or an LF followed by `.`. Branch-free.
#[inline(always)]
fn stops(x: u8, y: u8) -> bool {
    ((x == b'\r') ^ (y == b'\n')) | ((x == b'\n') & (y == b'.'))
}

/// The offset of the first octet of `text` that, with the octet after it, [`stops`] a clean
/// run; `None` if no pair does (the last octet, which has no pair, is not looked at).
#[multiversion(targets("x86_64+avx2"))]
fn first_stop(text: &[u8]) -> Option<usize> {
    scan(text)
}

/// [`first_stop`]'s body, inlined into each of its versions (and called as it is by the tests,
/// so that the baseline version is tested on machines that run the AVX2 one).
#[inline(always)]
fn scan(text: &[u8]) -> Option<usize> {
    let mut at = 0;
    // Whole blocks with the octet after each: `text[at..at + BLOCK + 1]`.
    while let Some(span) = text.get(at..at + BLOCK + 1) {
        if block_stops(span) {
            return stop_from(text, at);
        }
        at += BLOCK;
    }
    // The last pairs: the last whole block once more (pairs checked twice answer the same),
    // so that the usual clean end costs one block instead of a loop octet by octet.
    match text
        .len()
        .checked_sub(BLOCK + 1)
        .and_then(|last| text.get(last..))
    {
        Some(span) if !block_stops(span) => None,
        _ => stop_from(text, at),
    }
}

/// Whether any pair of `span`'s first [`BLOCK`] octets, with the octet after each, [`stops`] a
/// clean run (`span` holds `BLOCK + 1` octets). Branch-free, for vector compares.
#[inline(always)]
fn block_stops(span: &[u8]) -> bool {
    let (Some(pairs), Some(next)) = (span.get(..BLOCK), span.get(1..)) else {
        return false;
    };
    let mut any = false;
    for (&x, &y) in pairs.iter().zip(next) {
        any |= stops(x, y);
    }
    any
}

/// Pairs looked at together when finding where exactly a run stops.
const LANES: usize = 32;

/// The first stop at or after `at`, where the pairs before `at` are known not to stop: by
/// [`LANES`] pairs at a time as a bit mask (branch-free), the last lanes overlapping the ones
/// before (pairs before `at` do not stop, so the first bit set is at or after `at`), and
/// octet by octet only in text shorter than that.
#[inline(always)]
fn stop_from(text: &[u8], mut at: usize) -> Option<usize> {
    while let Some(span) = text.get(at..at + LANES + 1) {
        let mask = lane_mask(span);
        if mask != 0 {
            return Some(at + mask.trailing_zeros() as usize);
        }
        at += LANES;
    }
    if let Some(last) = text.len().checked_sub(LANES + 1) {
        let mask = text.get(last..).map_or(0, lane_mask);
        return (mask != 0).then(|| last + mask.trailing_zeros() as usize);
    }
    let rest = text.get(at..).unwrap_or_default();
    rest.windows(2)
        .position(|pair| matches!(*pair, [x, y] if stops(x, y)))
        .map(|i| at + i)
}

/// Bit `i` set when pair `i` of `span` (`LANES + 1` octets) [`stops`] a clean run.
#[inline(always)]
fn lane_mask(span: &[u8]) -> u32 {
    let (Some(pairs), Some(next)) = (span.get(..LANES), span.get(1..)) else {
        return 0;
    };
    let mut mask = 0;
    for (i, (&x, &y)) in pairs.iter().zip(next).enumerate() {
        mask |= u32::from(stops(x, y)) << i;
    }
    mask
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
    use proptest::prelude::*;

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
        let mut long = b"0123456\r\n".repeat(40);
        long.extend_from_slice(b".x\r\n");
        long.extend_from_slice(&b"0123456\r\n".repeat(40));
        assert_eq!(run(&long), (40 * 9 - 2, None));
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
    fn stops_before_a_bare_line_break() {
        assert_eq!(run(b"ab\ncd\r\n"), (1, Some(3)));
        assert_eq!(run(b"ab\rcd\r\n"), (2, Some(4)));
        assert_eq!(run(b"\nab"), (0, Some(1)));
        assert_eq!(run(b"a\r\n\rb"), (1, Some(5)));
        // A bare LF before a period is as bare as any.
        assert_eq!(run(b"ab\n.cd"), (1, Some(3)));
        // Past the first block, and right at a block boundary.
        for at in [BLOCK - 1, BLOCK, BLOCK + 1, 3 * BLOCK + 5] {
            let mut long = vec![b'a'; 4 * BLOCK];
            long[at] = b'\r';
            assert_eq!(run(&long), (at, Some(at + 2)), "CR at {at}");
            long[at] = b'\n';
            assert_eq!(run(&long), (at - 1, Some(at + 1)), "LF at {at}");
        }
    }

    #[test]
    fn a_crlf_split_by_a_block_boundary_is_clean() {
        let mut long = vec![b'a'; 2 * BLOCK + 7];
        long[BLOCK - 1] = b'\r';
        long[BLOCK] = b'\n';
        assert_eq!(run(&long), (2 * BLOCK + 7, None));
        // A dot line whose LF ends a block.
        long[BLOCK + 1] = b'.';
        long[BLOCK] = b'\r';
        long[BLOCK - 1] = b'a';
        long[BLOCK + 1] = b'\n';
        long[BLOCK + 2] = b'.';
        assert_eq!(run(&long), (BLOCK, None));
    }

    #[test]
    fn the_window_bounds_the_run() {
        let text = b"0123456\r\n".repeat(WINDOW);
        let r = clean_run(&text);
        assert!(r.len <= WINDOW && r.len + 9 > WINDOW, "{}", r.len);
        assert_eq!(r.dirty_until, None);
    }

    /// The first stop, octet by octet.
    fn model(text: &[u8]) -> Option<usize> {
        (0..text.len().saturating_sub(1)).find(|&i| {
            let (x, y) = (text[i], text[i + 1]);
            (x == b'\r' && y != b'\n') || (x != b'\r' && y == b'\n') || (x == b'\n' && y == b'.')
        })
    }

    proptest! {
        #[test]
        fn first_stop_is_the_first_stopping_pair(
            text in proptest::collection::vec(
                prop_oneof![8 => Just(b'a'), 2 => Just(b'\r'), 2 => Just(b'\n'), 1 => Just(b'.')],
                0..600,
            ),
        ) {
            prop_assert_eq!(first_stop(&text), model(&text));
            prop_assert_eq!(scan(&text), model(&text));
        }

        #[test]
        fn first_stop_in_mostly_clean_text(
            lines in 1usize..60,
            at in 0usize..2000,
            octet in prop_oneof![Just(b'\r'), Just(b'\n'), Just(b'.')],
        ) {
            let mut text = b"0123456789 abcdef\r\n".repeat(lines);
            if let Some(o) = text.get_mut(at) {
                *o = octet;
            }
            prop_assert_eq!(first_stop(&text), model(&text));
            prop_assert_eq!(scan(&text), model(&text));
        }
    }
}
