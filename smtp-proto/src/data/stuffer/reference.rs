//! The stuffer before its fast path (test only): the exact line-by-line encoder, kept as the
//! oracle that the fast path must agree with octet for octet, piece for piece and in every
//! report value; and the property tests that compare them.

use memchr::memchr2;
use proptest::prelude::*;

use super::{Normaliser, State, StuffReport, Stuffer};

/// The encoder as it was: every line break found by its own `memchr2` search.
#[derive(Debug, Clone)]
pub(super) struct LineEncoder {
    dots: bool,
    pub(super) state: State,
    /// Content offset where the current line started.
    pub(super) line_start: u64,
    pub(super) report: StuffReport,
}

impl LineEncoder {
    pub(super) fn new(dots: bool) -> Self {
        LineEncoder {
            dots,
            state: State::LineStart,
            line_start: 0,
            report: StuffReport::default(),
        }
    }

    /// Content (counted in `size`).
    fn put<'i>(&mut self, piece: &'i [u8], emit: &mut impl FnMut(&'i [u8])) {
        if !piece.is_empty() {
            self.report.size += piece.len() as u64;
            emit(piece);
        }
    }

    /// A line of the content ends at content offset `at`.
    fn line_end(&mut self, at: u64) {
        self.report.longest_line = self
            .report
            .longest_line
            .max(at.saturating_sub(self.line_start));
        self.line_start = at;
    }

    pub(super) fn encode<'i>(&mut self, input: &'i [u8], emit: &mut impl FnMut(&'i [u8])) {
        let mut pos = 0;
        if self.state == State::Cr {
            let Some(&first) = input.first() else { return };
            if first == b'\n' {
                pos = 1;
            } else {
                self.report.bare_cr += 1;
            }
            self.put(b"\r\n", emit);
            self.line_end(self.report.size);
            self.state = State::LineStart;
        }
        if self.state == State::LineStart {
            match input.get(pos) {
                None => return,
                Some(b'.') if self.dots => emit(b"."),
                Some(_) => {}
            }
            self.state = State::Text;
        }
        let mut start = pos; // start of the run of input not yet emitted
        loop {
            let Some(i) = input
                .get(pos..)
                .and_then(|rest| memchr2(b'\r', b'\n', rest))
                .map(|off| pos + off)
            else {
                self.put(input.get(start..).unwrap_or_default(), emit);
                break;
            };
            let next; // where the next line starts
            if input.get(i) == Some(&b'\n') {
                self.report.bare_lf += 1;
                self.put(input.get(start..i).unwrap_or_default(), emit);
                self.put(b"\r\n", emit);
                next = i + 1;
                start = next;
            } else {
                match input.get(i + 1) {
                    None => {
                        self.put(input.get(start..i).unwrap_or_default(), emit);
                        self.state = State::Cr;
                        break;
                    }
                    Some(b'\n') => next = i + 2,
                    Some(_) => {
                        self.report.bare_cr += 1;
                        self.put(input.get(start..=i).unwrap_or_default(), emit);
                        self.put(b"\n", emit);
                        next = i + 1;
                        start = next;
                    }
                }
            }
            // Content offset of input[next]: all before `start` is already counted.
            self.line_end(self.report.size + (next - start) as u64);
            match input.get(next) {
                None => {
                    self.put(input.get(start..next).unwrap_or_default(), emit);
                    self.state = State::LineStart;
                    break;
                }
                Some(b'.') if self.dots => {
                    // RFC 5321 §4.5.2: one additional period before a line's leading period.
                    self.put(input.get(start..next).unwrap_or_default(), emit);
                    emit(b".");
                    start = next;
                }
                Some(_) => {}
            }
            pos = next;
        }
        let partial = self.report.size.saturating_sub(self.line_start);
        self.report.longest_line = self.report.longest_line.max(partial);
    }

    /// Ends the input: a held CR is bare and becomes CRLF. Returns whether the content ends
    /// mid-line (not at a line start).
    pub(super) fn flush(&mut self, emit: &mut impl FnMut(&'static [u8])) -> bool {
        match self.state {
            State::LineStart => false,
            State::Text => true,
            State::Cr => {
                self.report.bare_cr += 1;
                self.put(b"\r\n", emit);
                self.line_end(self.report.size);
                self.state = State::LineStart;
                false
            }
        }
    }
}

impl LineEncoder {
    /// [`Stuffer::finish`] as it was.
    fn finish(&mut self, emit: &mut impl FnMut(&'static [u8])) {
        if self.flush(emit) {
            self.report.added_final_crlf = true;
            self.put(b"\r\n", emit);
            self.line_end(self.report.size);
        }
        emit(b".\r\n");
    }
}

/// Message text made of the pieces that matter: dots, CRLF, bare CR and LF, lines of every
/// length (from empty to longer than [`MIN_RUN`](super::MIN_RUN) and the longest so far), and
/// octets of any value.
fn text() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        4 => Just(b"\r\n".to_vec()),
        2 => Just(b".".to_vec()),
        2 => Just(b"\r\n.".to_vec()),
        1 => Just(b"\r\n.\r\n".to_vec()),
        1 => Just(b"\n".to_vec()),
        1 => Just(b"\r".to_vec()),
        1 => Just(b"\n.".to_vec()),
        4 => (0usize..120).prop_map(|n| vec![b'a'; n]),
        2 => (60usize..80).prop_map(|n| {
            let mut line = vec![b'b'; n];
            line.extend_from_slice(b"\r\n");
            line.repeat(4)
        }),
        1 => (200usize..1200).prop_map(|n| vec![b'c'; n]),
        2 => proptest::collection::vec(any::<u8>(), 0..8),
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|p| p.concat())
}

/// `text` cut at `cuts` (taken modulo its length, in any order).
fn cut(text: &[u8], cuts: &[usize]) -> Vec<Vec<u8>> {
    let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (text.len() + 1)).collect();
    cuts.sort_unstable();
    let mut pieces = Vec::new();
    let mut last = 0;
    for c in cuts {
        pieces.push(text[last..c].to_vec());
        last = c;
    }
    pieces.push(text[last..].to_vec());
    pieces
}

/// The pieces given to `emit`, copied.
type Pieces = Vec<Vec<u8>>;

/// Runs the [`Stuffer`] (`dots`) or the [`Normaliser`] and the reference over `chunks`,
/// checking the state after every chunk; returns both outputs, as pieces.
fn both(chunks: &[Vec<u8>], dots: bool) -> Result<(Pieces, Pieces), TestCaseError> {
    let mut reference = LineEncoder::new(dots);
    let (mut stuffer, mut normaliser) = (Stuffer::new(), Normaliser::new());
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for chunk in chunks {
        let encoder = if dots {
            stuffer.encode(chunk, |p| ours.push(p.to_vec()));
            &stuffer.encoder
        } else {
            normaliser.encode(chunk, |p| ours.push(p.to_vec()));
            &normaliser.encoder
        };
        reference.encode(chunk, &mut |p: &[u8]| theirs.push(p.to_vec()));
        prop_assert_eq!(
            (encoder.state, encoder.line_start, encoder.report),
            (reference.state, reference.line_start, reference.report)
        );
    }
    let report = if dots {
        stuffer.finish(|p| ours.push(p.to_vec()));
        reference.finish(&mut |p| theirs.push(p.to_vec()));
        *stuffer.report()
    } else {
        normaliser.finish(|p| ours.push(p.to_vec()));
        reference.flush(&mut |p| theirs.push(p.to_vec()));
        *normaliser.report()
    };
    prop_assert_eq!(report, reference.report);
    Ok((ours, theirs))
}

proptest! {
    /// The stuffer gives the same pieces, state and report as the reference, however the
    /// message is cut.
    #[test]
    fn stuffer_agrees_with_the_reference(
        text in text(),
        cuts in proptest::collection::vec(any::<usize>(), 0..6),
    ) {
        let (ours, theirs) = both(&cut(&text, &cuts), true)?;
        prop_assert_eq!(ours, theirs);
    }

    /// So does the normaliser.
    #[test]
    fn normaliser_agrees_with_the_reference(
        text in text(),
        cuts in proptest::collection::vec(any::<usize>(), 0..6),
    ) {
        let (ours, theirs) = both(&cut(&text, &cuts), false)?;
        prop_assert_eq!(ours, theirs);
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
        dots in any::<bool>(),
    ) {
        let mut text = [vec![b'y'; line], b"\r\n".to_vec()].concat().repeat(lines);
        for (at, octets) in odd {
            let at = at % (text.len() + 1);
            text.splice(at..at, octets.iter().copied());
        }
        let (ours, theirs) = both(&cut(&text, &cuts), dots)?;
        prop_assert_eq!(ours, theirs);
    }
}
