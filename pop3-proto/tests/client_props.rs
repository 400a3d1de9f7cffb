//! Property tests of the client machine: the same events and bytes however the server's
//! bytes are split, any message retrieved exactly, and no panic on arbitrary server bytes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod client_support;

use client_support::{config, describe, n};
use pop3_proto::Poll;
use pop3_proto::client::{Client, TlsPolicy};
use proptest::prelude::*;

/// Runs a client against `server` cut at `cuts` (and `after_tls`, cut the same way, once the
/// client has asked for the upgrade); on `Ready` it asks for STAT, LIST, UIDL, RETR 1,
/// TOP 1 0 and QUIT. Returns the events (message pieces joined), the bytes sent, and the
/// message octets.
fn drive(server: &[u8], cuts: &[usize], eof: bool) -> (Vec<String>, Vec<u8>, Vec<u8>) {
    drive_tls(server, &[], cuts, eof)
}

fn pieces<'a>(bytes: &'a [u8], cuts: &[usize]) -> Vec<&'a [u8]> {
    let mut points: Vec<usize> = cuts.iter().map(|c| c % (bytes.len() + 1)).collect();
    points.extend([0, bytes.len()]);
    points.sort_unstable();
    points.dedup();
    points.windows(2).map(|w| &bytes[w[0]..w[1]]).collect()
}

fn drive_tls(
    server: &[u8],
    after_tls: &[u8],
    cuts: &[usize],
    eof: bool,
) -> (Vec<String>, Vec<u8>, Vec<u8>) {
    let mut client =
        Client::new(config("u", "p", TlsPolicy::Opportunistic).with_auth_without_tls(true));
    let mut pieces = pieces(server, cuts).into_iter();
    let mut later = Some(after_tls);
    let (mut events, mut wire, mut message) = (Vec::<String>::new(), Vec::new(), Vec::new());
    let mut eof_sent = false;
    for _ in 0..100_000 {
        match client.poll() {
            Poll::Transmit(b) => wire.extend_from_slice(b),
            Poll::Event(e) => {
                if let pop3_proto::client::Event::MessageData(d) = &e {
                    message.extend_from_slice(d);
                }
                let desc = describe(&e);
                if desc.starts_with("Ready") {
                    client.stat().unwrap();
                    client.list(None).unwrap();
                    client.uidl(None).unwrap();
                    client.retr(n(1)).unwrap();
                    client.top(n(1), 0).unwrap();
                    client.quit().unwrap();
                }
                match (events.last_mut(), desc.strip_prefix("Data:")) {
                    (Some(last), Some(more)) if last.starts_with("Data:") => {
                        last.push_str(more);
                    }
                    _ => events.push(desc),
                }
            }
            Poll::NeedInput | Poll::Waiting => match pieces.next() {
                Some(p) => client.receive(p),
                None if eof && !eof_sent => {
                    client.handle_eof();
                    eof_sent = true;
                }
                None => return (events, wire, message),
            },
            Poll::StartTls => {
                events.push("StartTls".to_owned());
                if let Some(later) = later.take() {
                    let rest: Vec<&[u8]> = pieces.collect();
                    // A well-formed script has nothing after the +OK to STLS; arbitrary server
                    // bytes may (an injection attempt): those would reach the TLS layer, never
                    // the client, so they are dropped here.
                    assert!(
                        later.is_empty() || rest.iter().all(|p| p.is_empty()),
                        "bytes left before TLS"
                    );
                    pieces = self::pieces(later, cuts).into_iter();
                }
            }
            Poll::Closed => return (events, wire, message),
        }
    }
    panic!("the client did not settle: {events:?}");
}

/// Dot-stuffs a message for the wire and adds the end.
fn stuffed(message: &[u8]) -> Vec<u8> {
    // A line starts only after CRLF (a bare LF does not start one).
    let mut out = Vec::new();
    let mut line_start = true;
    for (i, &b) in message.iter().enumerate() {
        if line_start && b == b'.' {
            out.push(b'.');
        }
        out.push(b);
        line_start = b == b'\n' && i > 0 && message[i - 1] == b'\r';
    }
    out.extend_from_slice(b".\r\n");
    out
}

/// The server's bytes before TLS, and after.
fn server_bytes(message: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let before = b"+OK hi\r\n+OK\r\nUSER\r\nPIPELINING\r\nSTLS\r\n.\r\n+OK begin\r\n".to_vec();
    let mut s = b"+OK\r\nUSER\r\nPIPELINING\r\n.\r\n+OK\r\n+OK in\r\n".to_vec();
    s.extend_from_slice(b"+OK 1 99\r\n+OK\r\n1 99\r\n.\r\n+OK\r\n1 uid-1\r\n.\r\n+OK\r\n");
    s.extend_from_slice(&stuffed(message));
    s.extend_from_slice(b"+OK\r\n");
    let header_end = message
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(message.len(), |i| i + 4);
    s.extend_from_slice(&stuffed(&message[..header_end]));
    s.extend_from_slice(b"+OK bye\r\n");
    (before, s)
}

/// A message of CRLF lines, with leading dots, 8-bit octets and bare CR / LF inside lines.
fn message() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(
        proptest::collection::vec(
            prop_oneof![
                Just(b'.'),
                Just(b'\r'),
                Just(b'\n'),
                Just(b'a'),
                Just(0xe9u8)
            ],
            0..10,
        ),
        0..8,
    )
    .prop_map(|lines| {
        let mut m = b"Subject: x\r\n\r\n".to_vec();
        for l in lines {
            // A bare CR right before the CRLF would make "\r\r\n": fine, still one line.
            m.extend_from_slice(&l);
            m.extend_from_slice(b"\r\n");
        }
        m
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn chunking_invariance_and_exact_messages(
        message in message(),
        cuts in proptest::collection::vec(any::<usize>(), 0..40),
    ) {
        let (before, after) = server_bytes(&message);
        let whole = drive_tls(&before, &after, &[], false);
        prop_assert_eq!(whole.0.last().map(String::as_str), Some("Closed +OK bye"));
        prop_assert!(whole.0.contains(&"StartTls".to_owned()));
        let mut expected = message.clone();
        let header_end = message.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
        expected.extend_from_slice(&message[..header_end]);
        prop_assert_eq!(&whole.2, &expected);
        prop_assert_eq!(
            &whole.1[..],
            &b"CAPA\r\nSTLS\r\nCAPA\r\nUSER u\r\nPASS p\r\nSTAT\r\nLIST\r\nUIDL\r\nRETR 1\r\nTOP 1 0\r\nQUIT\r\n"[..]
        );
        let split = drive_tls(&before, &after, &cuts, false);
        prop_assert_eq!(&split, &whole);
        let bytewise: Vec<usize> = (1..after.len()).collect();
        prop_assert_eq!(&drive_tls(&before, &after, &bytewise, false), &whole);
    }

    #[test]
    fn no_panic_on_arbitrary_server_bytes(
        bytes in proptest::collection::vec(any::<u8>(), 0..300),
        cuts in proptest::collection::vec(any::<usize>(), 0..10),
        eof in any::<bool>(),
    ) {
        let _ = drive(&bytes, &cuts, eof);
    }

    #[test]
    fn no_panic_on_response_like_bytes(
        lines in proptest::collection::vec(
            prop_oneof![
                Just("+OK".to_owned()),
                Just("-ERR [AUTH] no".to_owned()),
                Just(".".to_owned()),
                Just("+ ".to_owned()),
                Just("PIPELINING".to_owned()),
                Just("STLS".to_owned()),
                Just("SASL PLAIN".to_owned()),
                "[ -~]{0,12}",
                "[0-9]{1,3} [0-9a-z]{1,5}",
            ],
            0..40,
        ),
        cuts in proptest::collection::vec(any::<usize>(), 0..10),
        eof in any::<bool>(),
    ) {
        let mut bytes = b"+OK hi <1@x>\r\n".to_vec();
        for l in lines {
            bytes.extend_from_slice(l.as_bytes());
            bytes.extend_from_slice(b"\r\n");
        }
        let whole = drive(&bytes, &[], eof);
        // Splits never change what happens.
        prop_assert_eq!(drive(&bytes, &cuts, eof), whole);
    }
}
