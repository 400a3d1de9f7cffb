//! The stuffer before its fast path (test only): the exact line-by-line stuffer, kept as the
//! oracle that the fast path must agree with octet for octet and in every field; and the
//! property tests that compare them.

use proptest::prelude::*;

/// The stuffer as it was: every line found by its own `memchr` search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Stuffer {
    /// At the start of a line: the next octet decides about stuffing.
    pub(super) line_start: bool,
    /// The last octet written was a CR (so an LF that follows is not bare).
    pub(super) after_cr: bool,
    /// Octets of the current line so far (its line break not counted).
    pub(super) line_len: u64,
    /// `TOP`: still in the header (no blank line seen yet).
    pub(super) in_header: bool,
    /// `TOP`: body lines still to send; `None` for the whole message.
    pub(super) body_lines: Option<u32>,
    /// The `TOP` limit was reached: the rest of the input is ignored.
    pub(super) done: bool,
    /// `finish` was called.
    pub(super) finished: bool,
    /// Octets of the message written, in its CRLF form.
    pub(super) size: u64,
}

impl Stuffer {
    /// A stuffer for the whole message (`RETR`).
    pub(super) const fn new() -> Self {
        Stuffer {
            line_start: true,
            after_cr: false,
            line_len: 0,
            in_header: true,
            body_lines: None,
            done: false,
            finished: false,
            size: 0,
        }
    }

    /// A stuffer for `TOP msg lines` (RFC 1939 §7): the header, the blank line that ends it,
    /// then at most `lines` lines of the body.
    pub(super) const fn top(lines: u32) -> Self {
        let mut s = Self::new();
        s.body_lines = Some(lines);
        s
    }

    /// Stuffs the next piece of the message into `out`. Pieces may be cut anywhere (inside a
    /// CRLF too); the output is the same however the message is cut.
    pub(super) fn push(&mut self, mut input: &[u8], out: &mut Vec<u8>) {
        if self.finished {
            return;
        }
        while !input.is_empty() && !self.done {
            if self.line_start {
                if input.first() == Some(&b'.') {
                    out.push(b'.');
                }
                self.line_start = false;
            }
            let Some(lf) = memchr::memchr(b'\n', input) else {
                out.extend_from_slice(input);
                self.size += input.len() as u64;
                self.line_len += input.len() as u64;
                self.after_cr = input.last() == Some(&b'\r');
                return;
            };
            let text = input.get(..lf).unwrap_or_default();
            let crlf = if lf == 0 {
                self.after_cr
            } else {
                text.last() == Some(&b'\r')
            };
            out.extend_from_slice(text);
            if crlf {
                out.push(b'\n');
            } else {
                out.extend_from_slice(b"\r\n");
            }
            let written = text.len() as u64 + if crlf { 1 } else { 2 };
            self.size += written;
            // The line's content, its CR not counted.
            let len = (self.line_len + text.len() as u64).saturating_sub(u64::from(crlf));
            self.end_line(len == 0);
            input = input.get(lf + 1..).unwrap_or_default();
        }
    }

    /// A line ended; `empty` if it had no content.
    fn end_line(&mut self, empty: bool) {
        self.line_start = true;
        self.after_cr = false;
        self.line_len = 0;
        let Some(left) = self.body_lines.as_mut() else {
            return;
        };
        if self.in_header {
            if empty {
                self.in_header = false;
                self.done = *left == 0;
            }
        } else {
            *left = left.saturating_sub(1);
            self.done = *left == 0;
        }
    }

    /// Ends the message: a CRLF if the last line has none, then the terminating `.` CRLF
    /// (RFC 1939 §3). Further calls do nothing.
    pub(super) fn finish(&mut self, out: &mut Vec<u8>) {
        if self.finished {
            return;
        }
        self.finished = true;
        if !self.line_start {
            if self.after_cr {
                out.push(b'\n');
                self.size += 1;
            } else {
                out.extend_from_slice(b"\r\n");
                self.size += 2;
            }
            self.line_start = true;
        }
        out.extend_from_slice(b".\r\n");
    }

    /// `TOP`: the header and the lines asked for are out; more input would be ignored, so the
    /// application can stop reading the message.
    pub(super) fn is_done(&self) -> bool {
        self.done || self.finished
    }

    /// Octets of the message written so far in its CRLF form (without the stuffing periods
    /// and the terminating line). After [`finish`](Self::finish) on a whole message, this is
    /// [`message_size`] of it.
    pub(super) fn size(&self) -> u64 {
        self.size
    }
}

/// Every field of a stuffer, old or new.
macro_rules! state {
    ($s:expr) => {
        (
            $s.line_start,
            $s.after_cr,
            $s.line_len,
            $s.in_header,
            $s.body_lines,
            $s.done,
            $s.finished,
            $s.size,
        )
    };
}

/// Messages made of the pieces that matter: periods, CRLF, bare CR and LF, lines of every
/// length (from empty to longer than [`MIN_RUN`](super::MIN_RUN)), and octets of any value.
fn message() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        4 => Just(b"\r\n".to_vec()),
        2 => Just(b".".to_vec()),
        2 => Just(b"\r\n.".to_vec()),
        1 => Just(b"\r\n.\r\n".to_vec()),
        1 => Just(b"\n".to_vec()),
        1 => Just(b"\r".to_vec()),
        1 => Just(b"\n.".to_vec()),
        1 => Just(b"\r\n\r\n".to_vec()),
        4 => (0usize..120).prop_map(|n| vec![b'a'; n]),
        2 => (60usize..80).prop_map(|n| {
            let mut line = vec![b'b'; n];
            line.extend_from_slice(b"\r\n");
            line.repeat(4)
        }),
        1 => (200usize..600).prop_map(|n| vec![b'c'; n]),
        2 => proptest::collection::vec(any::<u8>(), 0..8),
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|p| p.concat())
}

/// `message` cut at `cuts` (taken modulo its length, in any order).
fn cut(message: &[u8], cuts: &[usize]) -> Vec<Vec<u8>> {
    let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (message.len() + 1)).collect();
    cuts.sort_unstable();
    let mut pieces = Vec::new();
    let mut last = 0;
    for c in cuts {
        pieces.push(message[last..c].to_vec());
        last = c;
    }
    pieces.push(message[last..].to_vec());
    pieces
}

/// Stuffs `chunks` with the stuffer and the reference (`TOP` with `top` lines, if given),
/// checking every field after every chunk and the output at the end.
fn agree(chunks: &[Vec<u8>], top: Option<u32>) -> Result<(), TestCaseError> {
    let (mut ours, mut theirs) = match top {
        Some(n) => (super::Stuffer::top(n), Stuffer::top(n)),
        None => (super::Stuffer::new(), Stuffer::new()),
    };
    let (mut out, mut expected) = (Vec::new(), Vec::new());
    for chunk in chunks {
        ours.push(chunk, &mut out);
        theirs.push(chunk, &mut expected);
        prop_assert_eq!(state!(ours), state!(theirs));
        prop_assert_eq!(ours.is_done(), theirs.is_done());
    }
    ours.finish(&mut out);
    theirs.finish(&mut expected);
    prop_assert_eq!(state!(ours), state!(theirs));
    prop_assert_eq!(ours.size(), theirs.size());
    prop_assert_eq!(out, expected);
    Ok(())
}

proptest! {
    /// The stuffer gives the same octets and state as the reference, however the message is
    /// cut, for `RETR` and for `TOP`.
    #[test]
    fn stuffer_agrees_with_the_reference(
        message in message(),
        cuts in proptest::collection::vec(any::<usize>(), 0..6),
        top in proptest::option::of(0u32..6),
    ) {
        agree(&cut(&message, &cuts), top)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Long messages, past the window of one run: lines of one length with a few dot lines,
    /// bare line breaks and longer lines anywhere.
    #[test]
    fn long_messages_agree_with_the_reference(
        line in 1usize..100,
        lines in 100usize..800,
        odd in proptest::collection::vec((any::<usize>(), prop_oneof![
            Just(&b"."[..]), Just(&b"\n"[..]), Just(&b"\r"[..]), Just(&b"\r\n"[..]),
            Just(&[b'x'; 300][..]),
        ]), 0..8),
        cuts in proptest::collection::vec(any::<usize>(), 0..4),
        lf_only in any::<bool>(),
    ) {
        let end: &[u8] = if lf_only { b"\n" } else { b"\r\n" };
        let mut message = [vec![b'y'; line], end.to_vec()].concat().repeat(lines);
        for (at, octets) in odd {
            let at = at % (message.len() + 1);
            message.splice(at..at, octets.iter().copied());
        }
        agree(&cut(&message, &cuts), None)?;
    }
}
