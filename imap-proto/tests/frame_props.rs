//! Properties of the framing stage: the same fragments however the input is split (errors and
//! skipping included), every octet accounted for, limits never exceeded, and no panic on
//! arbitrary bytes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use imap_proto::frame::{Direction, Fragment, FrameError, FrameLimits, Framer, LineEndings};
use imap_proto::types::LiteralMode;
use proptest::prelude::*;

const LIMITS: FrameLimits = FrameLimits {
    max_line: 24,
    max_literal: 8,
};

/// What a caller sees: fragments (skipped octets summed up to the message's end) and errors.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Event {
    Line(Vec<u8>, bool),
    Literal(Vec<u8>),
    Skipped(usize),
    End,
    Error(FrameError),
}

/// Feeds `input` in the pieces `cuts` makes, as a caller with a growing buffer would: rejects
/// synchronizing literals over the limit, skips every other bad message. Returns the events
/// and the octets consumed.
fn drive(
    direction: Direction,
    endings: LineEndings,
    input: &[u8],
    cuts: &[usize],
) -> (Vec<Event>, usize) {
    let mut points: Vec<usize> = cuts.iter().map(|c| c % (input.len() + 1)).collect();
    points.extend([0, input.len()]);
    points.sort_unstable();
    points.dedup();
    let mut framer = Framer::new(direction)
        .with_limits(LIMITS)
        .with_line_endings(endings);
    let (mut events, mut buffer, mut consumed) = (Vec::new(), Vec::<u8>::new(), 0);
    for pair in points.windows(2) {
        buffer.extend_from_slice(&input[pair[0]..pair[1]]);
        loop {
            match framer.next(&buffer) {
                Ok(Some(frame)) => {
                    // Only an empty literal takes no octets.
                    assert!(frame.consumed <= buffer.len());
                    assert!(
                        frame.consumed > 0
                            || matches!(frame.fragment, Fragment::Literal { data: [] })
                    );
                    match frame.fragment {
                        Fragment::Line { text, literal, .. } => {
                            assert!(text.len() < LIMITS.max_line);
                            events.push(Event::Line(text.to_vec(), literal.is_some()));
                        }
                        Fragment::Literal { data } => {
                            assert!(data.len() as u64 <= LIMITS.max_literal);
                            events.push(Event::Literal(data.to_vec()));
                        }
                        Fragment::Skipped => match events.last_mut() {
                            Some(Event::Skipped(n)) => *n += frame.consumed,
                            _ => events.push(Event::Skipped(frame.consumed)),
                        },
                    }
                    let (n, end) = (frame.consumed, frame.message_end);
                    if end {
                        events.push(Event::End);
                    }
                    buffer.drain(..n);
                    consumed += n;
                }
                Ok(None) => {
                    // The caller never has to hold more than a line or a literal.
                    assert!(buffer.len() < LIMITS.max_line.max(LIMITS.max_literal as usize + 1));
                    break;
                }
                Err(e) => {
                    events.push(Event::Error(e));
                    let sync = matches!(
                        e,
                        FrameError::LiteralTooLarge {
                            mode: LiteralMode::Sync,
                            ..
                        }
                    );
                    if !(sync && framer.reject_literal()) {
                        framer.skip_message();
                    }
                }
            }
        }
    }
    (events, consumed)
}

/// Streams built from the pieces that matter: commands and responses with literals of every
/// kind, lines and literals over the limits, bare LFs, CRs, garbage.
fn stream() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(
        prop_oneof![
            Just(b"a1 NOOP\r\n".to_vec()),
            Just(b"a2 LOGIN {3}\r\nabc {2+}\r\nxy\r\n".to_vec()),
            Just(b"a3 APPEND x ~{4}\r\n\0\r\n\0\r\n".to_vec()),
            Just(b"a4 APPEND x {99}\r\n".to_vec()),
            Just(b"a5 APPEND x {9+}\r\n123456789\r\n".to_vec()),
            Just(b"a6 LOGIN a very long line that goes on {2}\r\nzz\r\n".to_vec()),
            Just(b"a7 X a very long line that goes on {2+}\r\nzz\r\n".to_vec()),
            Just(b"* 1 FETCH (BODY[] {5}\r\n\r\n\r\n\n)\r\n".to_vec()),
            Just(b"+ go\n".to_vec()),
            Just(b"\r\n".to_vec()),
            Just(b"{".to_vec()),
            Just(b"}".to_vec()),
            Just(b"\r".to_vec()),
            Just(b"\n".to_vec()),
            proptest::collection::vec(any::<u8>(), 0..10),
        ],
        0..12,
    )
    .prop_map(|p| p.concat())
}

fn direction() -> impl Strategy<Value = Direction> {
    prop_oneof![Just(Direction::Commands), Just(Direction::Responses)]
}

fn endings() -> impl Strategy<Value = LineEndings> {
    prop_oneof![Just(LineEndings::Strict), Just(LineEndings::AcceptBareLf)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn same_fragments_however_split(
        input in stream(),
        cuts in proptest::collection::vec(any::<usize>(), 0..12),
        d in direction(),
        e in endings(),
    ) {
        let (whole, n_whole) = drive(d, e, &input, &[]);
        let (split, n_split) = drive(d, e, &input, &cuts);
        prop_assert_eq!(&split, &whole);
        prop_assert_eq!(n_split, n_whole);
        // One octet at a time, too.
        let every: Vec<usize> = (0..input.len()).collect();
        let (bytewise, _) = drive(d, e, &input, &every);
        prop_assert_eq!(bytewise, whole);
    }

    #[test]
    fn no_panic_on_arbitrary_bytes(
        input in proptest::collection::vec(any::<u8>(), 0..200),
        cuts in proptest::collection::vec(any::<usize>(), 0..8),
        d in direction(),
        e in endings(),
    ) {
        let (events, consumed) = drive(d, e, &input, &cuts);
        prop_assert!(consumed <= input.len());
        prop_assert!(events.len() <= input.len() * 2 + 2);
    }

    #[test]
    fn well_formed_messages_frame_exactly(
        words in proptest::collection::vec("[a-z]{1,3}", 1..4),
        literals in proptest::collection::vec((proptest::collection::vec(any::<u8>(), 0..8), any::<bool>()), 0..3),
        cuts in proptest::collection::vec(any::<usize>(), 0..6),
    ) {
        // A command: words, then literals each followed by more text; then a second command.
        let mut input = format!("t1 {}", words.join(" ")).into_bytes();
        for (data, sync) in &literals {
            let head = format!(" {{{}{}}}", data.len(), if *sync { "" } else { "+" });
            input.extend_from_slice(head.as_bytes());
            input.extend_from_slice(b"\r\n");
            input.extend_from_slice(data);
        }
        input.extend_from_slice(b"\r\nt2 NOOP\r\n");
        let (events, consumed) = drive(Direction::Commands, LineEndings::Strict, &input, &cuts);
        prop_assert_eq!(consumed, input.len());
        let literal_events: Vec<&Event> = events.iter().filter(|e| matches!(e, Event::Literal(_))).collect();
        prop_assert_eq!(literal_events.len(), literals.len());
        for (ev, (data, _)) in literal_events.iter().zip(&literals) {
            prop_assert_eq!(*ev, &Event::Literal(data.clone()));
        }
        prop_assert_eq!(events.iter().filter(|e| **e == Event::End).count(), 2);
        prop_assert_eq!(events[events.len() - 2].clone(), Event::Line(b"t2 NOOP".to_vec(), false));
    }
}
