//! The IMAP framing stage: arbitrary bytes, in either direction, with small limits, give the
//! same fragments fed whole or in pieces (sizes taken from the input), every octet is
//! accounted for, and the caller never buffers more than a line or a literal.
#![no_main]

use imap_proto::frame::{Direction, Fragment, FrameError, FrameLimits, Framer, LineEndings};
use imap_proto::types::LiteralMode;
use libfuzzer_sys::fuzz_target;

const LIMITS: FrameLimits = FrameLimits {
    max_line: 40,
    max_literal: 16,
};

#[derive(Debug, PartialEq, Eq)]
enum Event {
    Line(Vec<u8>),
    Literal(Vec<u8>),
    Skipped(usize),
    End,
    Error(FrameError),
}

fn drive(framer: Framer, input: &[u8], piece: usize) -> (Vec<Event>, usize) {
    let mut framer = framer;
    let (mut events, mut buffer, mut consumed) = (Vec::new(), Vec::<u8>::new(), 0);
    for chunk in input.chunks(piece.max(1)) {
        buffer.extend_from_slice(chunk);
        loop {
            match framer.next(&buffer) {
                Ok(Some(frame)) => {
                    assert!(frame.consumed <= buffer.len());
                    match frame.fragment {
                        Fragment::Line { text, .. } => {
                            assert!(text.len() < LIMITS.max_line);
                            events.push(Event::Line(text.to_vec()));
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
                    assert!(buffer.len() <= LIMITS.max_line.max(LIMITS.max_literal as usize));
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

fuzz_target!(|data: &[u8]| {
    let Some((&flags, input)) = data.split_first() else {
        return;
    };
    let direction = if flags & 1 == 0 {
        Direction::Commands
    } else {
        Direction::Responses
    };
    let endings = if flags & 2 == 0 {
        LineEndings::Strict
    } else {
        LineEndings::AcceptBareLf
    };
    let framer = Framer::new(direction)
        .with_limits(LIMITS)
        .with_line_endings(endings);
    let (whole, n_whole) = drive(framer.clone(), input, input.len());
    let (split, n_split) = drive(framer, input, usize::from(flags >> 2) + 1);
    assert_eq!(whole, split);
    assert_eq!(n_whole, n_split);
    assert!(n_whole <= input.len());
});
