//! Unit tests of the framer: line endings, literal announcements, limits, skipping.

use super::*;
use proptest::prelude::*;

fn ann(length: u64, mode: LiteralMode, binary: bool) -> Option<LiteralAnnouncement> {
    Some(LiteralAnnouncement {
        length,
        mode,
        binary,
    })
}

#[test]
fn announcements() {
    use LiteralMode::*;
    assert_eq!(announcement(b"A1 LOGIN {5}"), ann(5, Sync, false));
    assert_eq!(announcement(b"A1 APPEND x ~{12+}"), ann(12, NonSync, true));
    assert_eq!(announcement(b"{0}"), ann(0, Sync, false));
    assert_eq!(
        announcement(b"{99999999999999999999999}"),
        ann(u64::MAX, Sync, false)
    );
    for none in [
        &b"{}"[..],
        b"{+}",
        b"5}",
        b"{5",
        b"{5 }",
        b"{-5}",
        b"{5++}",
        b"",
    ] {
        assert_eq!(announcement(none), None);
    }
}

proptest! {
    #[test]
    fn tail_agrees_with_announcement(
        text in proptest::collection::vec(
            prop_oneof![Just(b'{'), Just(b'}'), Just(b'~'), Just(b'+'), Just(b'\r'), Just(b'7'), Just(b'0'), Just(b'x')],
            0..12,
        )
    ) {
        let mut tail = Tail::default();
        tail.push_all(&text);
        // A final CR is the line end's, not the line's.
        let line = text.strip_suffix(b"\r").unwrap_or(&text);
        prop_assert_eq!(tail.announcement(), announcement(line));
    }
}

fn run(framer: &mut Framer, input: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let mut buf = input;
    loop {
        match framer.next(buf) {
            Ok(Some(f)) => {
                out.push(match f.fragment {
                    Fragment::Line { text, .. } => {
                        format!("L:{}", String::from_utf8_lossy(text))
                    }
                    Fragment::Literal { data } => {
                        format!("D:{}", String::from_utf8_lossy(data))
                    }
                    Fragment::Skipped => format!("S:{}", f.consumed),
                });
                if f.message_end {
                    out.push("|".into());
                }
                buf = &buf[f.consumed..];
            }
            Ok(None) => return out,
            Err(e) => {
                out.push(format!("E:{e}"));
                framer.skip_message();
            }
        }
    }
}

#[test]
fn bare_lf_does_not_announce_a_literal() {
    // RFC 9051 §9: `"{" number64 ["+"] "}" CRLF`. Lenient framing ends the line at the
    // LF but announces nothing, so the next octets are a new line, as the parser says.
    let mut f = Framer::new(Direction::Commands);
    assert_eq!(
        run(&mut f, b"a LOGIN fred {2}\nxy\r\nb NOOP\r\n"),
        ["L:a LOGIN fred {2}", "|", "L:xy", "|", "L:b NOOP", "|"]
    );
    // Skipping a message follows the same rule.
    let mut f = Framer::new(Direction::Responses).with_limits(FrameLimits {
        max_line: 8,
        max_literal: 10,
    });
    let out = run(&mut f, b"* 1 FETCH (X {2}\nxy\r\n* OK\r\n");
    assert_eq!(out[1..], ["S:17", "|", "L:xy", "|", "L:* OK", "|"]);
}

#[test]
fn commands_with_literals() {
    let mut f = Framer::new(Direction::Commands);
    assert_eq!(
        run(&mut f, b"a LOGIN {1}\r\nx {0}\r\n\r\nb NOOP\nc"),
        [
            "L:a LOGIN {1}",
            "D:x",
            "L: {0}",
            "D:",
            "L:",
            "|",
            "L:b NOOP",
            "|"
        ]
    );
    assert_eq!(f.tag().unwrap().as_str(), "b");
}

#[test]
fn strict_endings() {
    let mut f = Framer::new(Direction::Commands).with_line_endings(LineEndings::Strict);
    assert_eq!(run(&mut f, b"a NOOP\nb\r\n"), ["L:a NOOP\nb", "|"]);
}

#[test]
fn line_too_long_is_skipped_to_its_end() {
    let limits = FrameLimits {
        max_line: 10,
        max_literal: 4,
    };
    let mut f = Framer::new(Direction::Commands).with_limits(limits);
    // The over-long line announces a non-synchronizing literal: it is skipped too.
    assert_eq!(
        run(&mut f, b"t1 APPEND x {3+}\r\nabc\r\nt2 NOOP\r\n"),
        [
            "E:line longer than 10 octets",
            "S:18",
            "S:3",
            "S:2",
            "|",
            "L:t2 NOOP",
            "|"
        ]
    );
    // A synchronizing one was never answered: the client sends nothing more.
    let mut f = Framer::new(Direction::Commands).with_limits(limits);
    assert_eq!(
        run(&mut f, b"t1 APPEND x {3}\r\nt2 NOOP\r\n"),
        [
            "E:line longer than 10 octets",
            "S:17",
            "|",
            "L:t2 NOOP",
            "|"
        ]
    );
    assert_eq!(f.tag().unwrap().as_str(), "t2");
    // From a server, every literal follows.
    let mut f = Framer::new(Direction::Responses).with_limits(limits);
    assert_eq!(
        run(&mut f, b"* 1 FETCH {3}\r\n)\r\n\r\n* OK\r\n"),
        [
            "E:line longer than 10 octets",
            "S:15",
            "S:3",
            "S:2",
            "|",
            "L:* OK",
            "|"
        ]
    );
}

#[test]
fn literal_too_large() {
    let limits = FrameLimits {
        max_line: 100,
        max_literal: 4,
    };
    // Synchronizing from a client: rejected, nothing follows.
    let mut f = Framer::new(Direction::Commands).with_limits(limits);
    let input = b"A7 APPEND x {5}\r\nA8 NOOP\r\n";
    let line = f.next(input).unwrap().unwrap();
    assert_eq!(line.consumed, 17);
    assert_eq!(f.tag().unwrap().as_str(), "A7");
    assert_eq!(
        f.next(&input[17..]),
        Err(FrameError::LiteralTooLarge {
            length: 5,
            limit: 4,
            mode: LiteralMode::Sync
        })
    );
    assert!(f.reject_literal());
    assert!(f.at_message_start());
    assert_eq!(run(&mut f, &input[17..]), ["L:A8 NOOP", "|"]);
    // Non-synchronizing: its data comes anyway and is skipped.
    let mut f = Framer::new(Direction::Commands).with_limits(limits);
    assert_eq!(
        run(&mut f, b"A7 APPEND x {5+}\r\n12345\r\nA8 NOOP\r\n"),
        [
            "L:A7 APPEND x {5+}",
            "E:literal of 5 octets is larger than the limit of 4",
            "S:5",
            "S:2",
            "|",
            "L:A8 NOOP",
            "|"
        ]
    );
    assert!(!f.reject_literal());
}

#[test]
fn reject_only_a_waiting_sync_literal() {
    let mut f = Framer::new(Direction::Commands);
    assert!(!f.reject_literal());
    f.next(b"a LOGIN {2+}\r\n").unwrap();
    assert!(!f.reject_literal());
    let mut f = Framer::new(Direction::Responses);
    f.next(b"* 1 FETCH (BODY[] {2}\r\n").unwrap();
    assert!(!f.reject_literal());
    let mut f = Framer::new(Direction::Commands);
    f.next(b"a LOGIN {2}\r\n").unwrap();
    assert!(f.reject_literal());
    assert_eq!(run(&mut f, b"b NOOP\r\n"), ["L:b NOOP", "|"]);
}

#[test]
fn incremental_scan_finds_crlf_across_calls() {
    let mut f = Framer::new(Direction::Commands).with_line_endings(LineEndings::Strict);
    assert_eq!(f.next(b"a NOOP\r"), Ok(None));
    let frame = f.next(b"a NOOP\r\n").unwrap().unwrap();
    assert_eq!(frame.consumed, 8);
    assert_eq!(f.tag().unwrap().as_str(), "a");
}
