//! The scan under the DATA fast paths (RFC 5321 §4.5.2): in text inside a line, the first pair
//! of adjacent octets that a fast path cannot pass on unchanged.
//!
//! A bare CR (not followed by LF), a bare LF (not preceded by CR) and, for the un-stuffer, a
//! line that starts with `.` (LF followed by `.`) are all properties of a pair of adjacent
//! octets, so one pass that compares the text with itself shifted by one octet finds the first
//! of them: branch-free over blocks of [`BLOCK`] octets, which the compiler turns into vector
//! compares, then the exact pair by bit masks of [`LANES`] pairs in the block that holds it.
//! Each scan is compiled twice (`multiversion`): for the baseline target (SSE2 on `x86_64`)
//! and for AVX2, chosen once at run time, so that on most machines it compares 32 octets at a
//! time. Safe code gets no AVX2 from the compiler otherwise, and calling a
//! `#[target_feature]` function needs `unsafe`, which this crate forbids; the macro's
//! dispatcher is the detect-then-call pattern, reviewed once in the dependency.

use multiversion::multiversion;

/// Octets whose pairs are checked together, with one branch: four AVX2 vectors (fewer made
/// the branch and the reduction a larger share; callgrind, the un-stuffer on a 64 KiB message:
/// 64 octets 44.8 k instructions a pass, 128 octets 41.3 k).
pub(crate) const BLOCK: usize = 128;

/// Below this many octets the exact paths are about as fast, so no run is looked for.
pub(crate) const MIN_RUN: usize = 64;

/// Pairs looked at together when finding where exactly a block stops.
const LANES: usize = 32;

/// The offset of the first octet of `text` that, with the octet after it, is a bare CR, the
/// octet before a bare LF, or an LF before `.`; `None` if there is none (the last octet,
/// which has no pair, is not looked at).
#[multiversion(targets("x86_64+avx2"))]
pub(crate) fn first_stop(text: &[u8]) -> Option<usize> {
    scan::<true>(text)
}

/// The offset of the first octet of `text` that, with the octet after it, is a bare CR or the
/// octet before a bare LF; `None` if there is none (the last octet is not looked at).
#[multiversion(targets("x86_64+avx2"))]
pub(crate) fn first_bare(text: &[u8]) -> Option<usize> {
    scan::<false>(text)
}

/// Whether the pair of octets `x`, `y` (adjacent, in this order) stops: a CR not followed by
/// LF, an LF not preceded by CR, or (with `DOT_LINES`) an LF followed by `.`. Branch-free.
#[inline(always)]
fn stops<const DOT_LINES: bool>(x: u8, y: u8) -> bool {
    ((x == b'\r') ^ (y == b'\n')) | (DOT_LINES & (x == b'\n') & (y == b'.'))
}

/// The scans' body, inlined into each version of each (and called as it is by the tests, so
/// that the baseline version is tested on machines that run the AVX2 one).
#[inline(always)]
fn scan<const DOT_LINES: bool>(text: &[u8]) -> Option<usize> {
    let mut at = 0;
    // Whole blocks with the octet after each: `text[at..at + BLOCK + 1]`.
    while let Some(span) = text.get(at..at + BLOCK + 1) {
        if block_stops::<DOT_LINES>(span) {
            return stop_from::<DOT_LINES>(text, at);
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
        Some(span) if !block_stops::<DOT_LINES>(span) => None,
        _ => stop_from::<DOT_LINES>(text, at),
    }
}

/// Whether any pair of `span`'s first [`BLOCK`] octets, with the octet after each, [`stops`]
/// (`span` holds `BLOCK + 1` octets). Branch-free, for vector compares.
#[inline(always)]
fn block_stops<const DOT_LINES: bool>(span: &[u8]) -> bool {
    let (Some(pairs), Some(next)) = (span.get(..BLOCK), span.get(1..)) else {
        return false;
    };
    let mut any = false;
    for (&x, &y) in pairs.iter().zip(next) {
        any |= stops::<DOT_LINES>(x, y);
    }
    any
}

/// The first stop at or after `at`, where the pairs before `at` are known not to stop: by
/// [`LANES`] pairs at a time as a bit mask (branch-free), the last lanes overlapping the ones
/// before (pairs before `at` do not stop, so the first bit set is at or after `at`), and
/// octet by octet only in text shorter than that.
#[inline(always)]
fn stop_from<const DOT_LINES: bool>(text: &[u8], mut at: usize) -> Option<usize> {
    while let Some(span) = text.get(at..at + LANES + 1) {
        let mask = lane_mask::<DOT_LINES>(span);
        if mask != 0 {
            return Some(at + mask.trailing_zeros() as usize);
        }
        at += LANES;
    }
    if let Some(last) = text.len().checked_sub(LANES + 1) {
        let mask = text.get(last..).map_or(0, lane_mask::<DOT_LINES>);
        return (mask != 0).then(|| last + mask.trailing_zeros() as usize);
    }
    let rest = text.get(at..).unwrap_or_default();
    rest.windows(2)
        .position(|pair| matches!(*pair, [x, y] if stops::<DOT_LINES>(x, y)))
        .map(|i| at + i)
}

/// Bit `i` set when pair `i` of `span` (`LANES + 1` octets) [`stops`].
#[inline(always)]
fn lane_mask<const DOT_LINES: bool>(span: &[u8]) -> u32 {
    let (Some(pairs), Some(next)) = (span.get(..LANES), span.get(1..)) else {
        return 0;
    };
    let mut mask = 0;
    for (i, (&x, &y)) in pairs.iter().zip(next).enumerate() {
        mask |= u32::from(stops::<DOT_LINES>(x, y)) << i;
    }
    mask
}

/// A run at the start of some text inside a line (not at a line start) that a DATA fast path
/// passes on as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Run {
    /// Octets of the text in the run: no bare CR or LF (and, for the un-stuffer, no line that
    /// starts with `.`), not ending in CR or LF (so the line break after it, which may be bare
    /// or start a dot line, is left to the exact path). May be 0.
    pub(crate) len: usize,
    /// When the run stopped at a bare CR or LF: the octets of the text up to and including
    /// it, which the exact path takes (the caller may give it more, so that the scan is not
    /// repeated at every line).
    pub(crate) dirty_until: Option<usize>,
}

/// The run at the start of `text`, looking at `window` octets at most; with `DOT_LINES` a line
/// that starts with `.` ends it too ([`first_stop`], else [`first_bare`]). A bare LF as the
/// very first octet counts as bare (nothing inside a line can make an LF at its start a line
/// break).
#[inline(always)]
pub(crate) fn run_at_start<const DOT_LINES: bool>(text: &[u8], window: usize) -> Run {
    let window = text.get(..window).unwrap_or(text);
    if window.first() == Some(&b'\n') {
        return Run {
            len: 0,
            dirty_until: Some(1),
        };
    }
    let stop = if DOT_LINES {
        first_stop(window)
    } else {
        first_bare(window)
    };
    let Some(stop) = stop else {
        // The last octet's pair is not known: trimming the line breaks at the end leaves it
        // to the exact path.
        return Run {
            len: trim_line_breaks(window).len(),
            dirty_until: None,
        };
    };
    // The stop is at LF `.` (a dot line; then the pair before it, the LF's CR, was checked
    // too) or at a bare line break (a CR whose next octet is not LF, or the octet before an
    // LF that is not CR).
    let dot_line = DOT_LINES && window.get(stop..stop + 2) == Some(b"\n.");
    Run {
        len: trim_line_breaks(window.get(..stop).unwrap_or_default()).len(),
        dirty_until: (!dot_line).then_some(stop + 2),
    }
}

/// `run` without its trailing CRs and LFs (the line break at the end of a run is left to the
/// exact paths, which know whether it is bare or starts a dot line).
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

    /// The first stop, octet by octet.
    fn model(text: &[u8], dot_lines: bool) -> Option<usize> {
        (0..text.len().saturating_sub(1)).find(|&i| {
            let (x, y) = (text[i], text[i + 1]);
            (x == b'\r' && y != b'\n')
                || (x != b'\r' && y == b'\n')
                || (dot_lines && x == b'\n' && y == b'.')
        })
    }

    #[test]
    fn stops_at_block_and_lane_boundaries() {
        for at in [
            0,
            1,
            LANES - 1,
            LANES,
            BLOCK - 1,
            BLOCK,
            BLOCK + 1,
            3 * BLOCK + 5,
        ] {
            for len in [at + 2, at + 40, 4 * BLOCK] {
                let mut text = vec![b'a'; len];
                text[at] = b'\r';
                assert_eq!(first_bare(&text), Some(at), "CR at {at} of {len}");
                assert_eq!(first_stop(&text), Some(at), "CR at {at} of {len}");
                text[at + 1] = b'\n';
                assert_eq!(first_bare(&text), None, "CRLF at {at} of {len}");
                if at + 2 < len {
                    text[at + 2] = b'.';
                    assert_eq!(first_bare(&text), None, "CRLF . at {at} of {len}");
                    assert_eq!(first_stop(&text), Some(at + 1), "CRLF . at {at} of {len}");
                }
            }
        }
    }

    #[test]
    fn runs_stop_before_a_trailing_line_break() {
        for text in [
            &b"abc\r\ndef\r"[..],
            b"abc\r\ndef\r\n",
            b"abc\r\n\r\n",
            b"abc",
            b"",
        ] {
            let len = trim_line_breaks(text).len();
            let want = Run {
                len,
                dirty_until: None,
            };
            assert_eq!(run_at_start::<true>(text, 100), want, "{text:?}");
            assert_eq!(run_at_start::<false>(text, 100), want, "{text:?}");
        }
        assert_eq!(run_at_start::<true>(b"abc\r\n\r\n", 100).len, 3);
        // The window ends a run that goes on.
        assert_eq!(run_at_start::<false>(b"abcdef\r\nxyz", 4).len, 4);
    }

    #[test]
    fn trims_line_breaks_at_the_end_only() {
        assert_eq!(trim_line_breaks(b"a\r\nb\r\n\r"), b"a\r\nb");
        assert_eq!(trim_line_breaks(b"\r\n"), b"");
        assert_eq!(trim_line_breaks(b"ab"), b"ab");
    }

    proptest! {
        #[test]
        fn scans_find_the_first_stopping_pair(
            text in proptest::collection::vec(
                prop_oneof![8 => Just(b'a'), 2 => Just(b'\r'), 2 => Just(b'\n'), 1 => Just(b'.')],
                0..600,
            ),
        ) {
            prop_assert_eq!(first_stop(&text), model(&text, true));
            prop_assert_eq!(scan::<true>(&text), model(&text, true));
            prop_assert_eq!(first_bare(&text), model(&text, false));
            prop_assert_eq!(scan::<false>(&text), model(&text, false));
        }

        #[test]
        fn scans_in_mostly_clean_text(
            lines in 1usize..60,
            at in 0usize..2000,
            octet in prop_oneof![Just(b'\r'), Just(b'\n'), Just(b'.')],
        ) {
            let mut text = b"0123456789 abcdef\r\n".repeat(lines);
            if let Some(o) = text.get_mut(at) {
                *o = octet;
            }
            prop_assert_eq!(first_stop(&text), model(&text, true));
            prop_assert_eq!(scan::<true>(&text), model(&text, true));
            prop_assert_eq!(first_bare(&text), model(&text, false));
            prop_assert_eq!(scan::<false>(&text), model(&text, false));
        }
    }
}
