//! The un-stuffer's fast path: finding a run of DATA text that passes through un-stuffing
//! unchanged, so that it can be handed on whole instead of line by line (RFC 5321 §4.5.2).
//!
//! Inside a line, the content differs from the input only at a line that starts with a period
//! (a transparency period, or the end of data) and, under
//! [`Normalise`](super::BareLinebreaks::Normalise), at a bare CR or LF; and the report changes
//! only at bare CRs and LFs. A run with neither is *clean*: every CR in it is followed by LF,
//! every LF preceded by CR, and no LF is followed by `.`. All three are properties of a pair of
//! adjacent octets, found by one vectorised pass
//! ([`first_stop`](super::pair_scan::first_stop)). Anything else than a clean
//! run is left to the exact line-by-line path.

use super::pair_scan::{Run, run_at_start};

/// Octets looked at per call at most: the longest clean run (the scan itself ends at the first
/// stop, so this only bounds how much one step hands on at once).
const WINDOW: usize = 65536;

/// Finds the clean run at the start of `text`: no bare CR or LF and no line starting with `.`
/// (see [`run_at_start`]).
pub(crate) fn clean_run(text: &[u8]) -> Run {
    run_at_start::<true>(text, WINDOW)
}

#[cfg(test)]
mod tests {
    use super::super::pair_scan::BLOCK;
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
}
