//! Properties of the client machine: wired to the server machine it delivers any envelope
//! and message intact however the bytes between them are split; the same server bytes give
//! the same events and commands however they are split; arbitrary bytes never panic it.
//!
//! What "intact" means (the client's documented contract, [`Client::send`]):
//! - a message with a NUL octet goes with `BDAT` and `BODY=BINARYMIME`: the server gets the
//!   octets exactly;
//! - otherwise with `BDAT` (when chunking is preferred): every bare CR and bare LF made CRLF;
//! - otherwise with `DATA`: the same, and a CRLF added when the message does not end with
//!   one.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod client_support;
mod server_support;

use client_support::{config, describe, envelope, wire};
use proptest::prelude::*;
use server_support::Decision;
use smtp_proto::Poll;
use smtp_proto::client::{Client, ClientConfig, Limits};
use smtp_proto::command::ClientName;
use smtp_proto::reply::{Reply, ReplyCode};
use smtp_proto::server::{self, Server, ServerConfig};

/// Message pieces that exercise the content rules.
fn piece() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(b"Subject: x\r\n\r\n".to_vec()),
        Just(b".".to_vec()),
        Just(b"..".to_vec()),
        Just(b".\r\n".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\r".to_vec()),
        Just(b"\n.\n".to_vec()),
        Just(b"\r\n.\r\n".to_vec()),
        Just(b"line of text".to_vec()),
        Just("caf\u{e9} \u{2603}".as_bytes().to_vec()),
        Just(vec![0]),
        proptest::collection::vec(any::<u8>(), 0..20),
    ]
}

fn message() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(piece(), 0..25).prop_map(|p| p.concat())
}

/// What the server must receive (see the module docs).
fn expected(message: &[u8], chunking: bool) -> Vec<u8> {
    if message.contains(&0) {
        return message.to_vec();
    }
    let mut out = smtp_proto::data::normalise(message).into_owned();
    if !chunking && !out.is_empty() && !out.ends_with(b"\r\n") {
        out.extend_from_slice(b"\r\n");
    }
    out
}

/// Refuses recipients with `reject` in them.
fn policy(event: &server::Event<'_>) -> Decision {
    match event {
        server::Event::Rcpt { forward_path, .. } if forward_path.to_string().contains("reject") => {
            Decision::Reject(Reply::new(ReplyCode::MAILBOX_UNAVAILABLE, "5.1.1 No"))
        }
        other => server_support::accept_all(other),
    }
}

#[derive(Debug, Clone)]
struct Setup {
    recipients: Vec<String>,
    message: Vec<u8>,
    pipelining: bool,
    chunking: bool,
    lmtp: bool,
    chunk: usize,
    piece: usize,
}

fn setup() -> impl Strategy<Value = Setup> {
    (
        proptest::collection::vec((any::<bool>(), 0..100u32), 1..=5),
        message(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        1..40usize,
        1..64usize,
    )
        .prop_map(
            |(rcpts, message, pipelining, chunking, lmtp, chunk, piece)| Setup {
                recipients: rcpts
                    .into_iter()
                    .map(|(reject, n)| {
                        if reject {
                            format!("<reject{n}@example.org>")
                        } else {
                            format!("<r{n}@example.org>")
                        }
                    })
                    .collect(),
                message,
                pipelining,
                chunking,
                lmtp,
                chunk,
                piece,
            },
        )
}

fn client_for(s: &Setup) -> Client {
    let limits = Limits {
        bdat_chunk_size: s.chunk,
        transmit_piece: s.piece,
        ..Limits::default()
    };
    let config = if s.lmtp {
        let name = ClientName::new(
            "mta.example",
            mail_message::envelope::EnvelopeOptions::new(),
        )
        .unwrap();
        ClientConfig::lmtp(name)
    } else {
        config("mta.example")
    };
    Client::new(
        config
            .with_pipelining(s.pipelining)
            .with_prefer_chunking(s.chunking)
            .with_limits(limits),
    )
}

fn server_for(s: &Setup) -> Server {
    Server::new(if s.lmtp {
        ServerConfig::lmtp("mda.example")
    } else {
        ServerConfig::new("mx.example")
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn delivers_intact_however_split(s in setup(), cuts in proptest::collection::vec(0..50usize, 0..8)) {
        let recipients: Vec<&str> = s.recipients.iter().map(String::as_str).collect();
        let env = envelope("<sender@example.com>", &recipients);
        let on_event = |client: &mut Client, event: &str| {
            if event.starts_with("Ready") {
                client.send(&env, s.message.clone()).unwrap();
                client.quit().unwrap();
            }
        };
        let whole = wire(&mut client_for(&s), &mut server_for(&s), &[], policy, on_event);
        let split = wire(&mut client_for(&s), &mut server_for(&s), &cuts, policy, on_event);
        prop_assert_eq!(&whole.client_events, &split.client_events);
        prop_assert_eq!(&whole.messages, &split.messages);
        prop_assert_eq!(&whole.c2s, &split.c2s);
        prop_assert!(whole.client_closed && whole.server_closed);
        let accepted = s.recipients.iter().filter(|r| !r.contains("reject")).count();
        if accepted == 0 {
            prop_assert!(whole.messages.is_empty());
            prop_assert!(whole.client_events.iter().any(|e| e == "MessageFailed NoValidRecipients"));
        } else {
            prop_assert_eq!(whole.messages.len(), 1);
            prop_assert_eq!(&whole.messages[0], &expected(&s.message, s.chunking));
            let done = if s.lmtp {
                format!("DeliveryComplete {accepted} 0")
            } else {
                "MessageAccepted 250".to_owned()
            };
            prop_assert_eq!(whole.client_events.last().unwrap(), &done);
        }
        // One Recipient event per recipient, in order.
        let rcpts: Vec<&String> = whole.client_events.iter().filter(|e| e.starts_with("Recipient")).collect();
        prop_assert_eq!(rcpts.len(), s.recipients.len());
        for (i, e) in rcpts.iter().enumerate() {
            let prefix = format!("Recipient {i} ");
            prop_assert!(e.starts_with(&prefix));
        }
    }

    #[test]
    fn same_events_however_the_replies_are_split(
        replies in proptest::collection::vec(reply_piece(), 0..20),
        cuts in proptest::collection::vec(any::<usize>(), 0..10),
        pipelining in any::<bool>(),
    ) {
        let input = replies.concat();
        let whole = scripted(&[&input], pipelining);
        let pieces = split(&input, &cuts);
        let refs: Vec<&[u8]> = pieces.iter().map(Vec::as_slice).collect();
        let parts = scripted(&refs, pipelining);
        prop_assert_eq!(whole, parts);
    }

    #[test]
    fn arbitrary_bytes_never_panic(
        input in proptest::collection::vec(any::<u8>(), 0..800),
        cuts in proptest::collection::vec(any::<usize>(), 0..6),
        pipelining in any::<bool>(),
    ) {
        let pieces = split(&input, &cuts);
        let refs: Vec<&[u8]> = pieces.iter().map(Vec::as_slice).collect();
        scripted(&refs, pipelining);
        let mut prefixed = b"220 x\r\n250-x\r\n250-PIPELINING\r\n250 CHUNKING\r\n".to_vec();
        prefixed.extend_from_slice(&input);
        scripted(&[&prefixed], pipelining);
    }
}

/// Pieces of server output: replies right and wrong.
fn reply_piece() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(b"220 mx.example ESMTP\r\n".to_vec()),
        Just(b"250-mx.example\r\n250-PIPELINING\r\n250-SIZE 100\r\n250 AUTH PLAIN\r\n".to_vec()),
        Just(b"250 OK\r\n".to_vec()),
        Just(b"250-multi\r\n250 line\r\n".to_vec()),
        Just(b"354 go\r\n".to_vec()),
        Just(b"550 5.1.1 no\r\n".to_vec()),
        Just(b"452 4.2.2 full\r\n".to_vec()),
        Just(b"500 what\r\n".to_vec()),
        Just(b"421 bye\r\n".to_vec()),
        Just(b"221 bye\r\n".to_vec()),
        Just(b"334 \r\n".to_vec()),
        Just(b"235 ok\r\n".to_vec()),
        Just(b"220 ready for TLS\r\n".to_vec()),
        proptest::collection::vec(any::<u8>(), 0..12),
    ]
}

/// Cuts `input` at the given points.
fn split(input: &[u8], cuts: &[usize]) -> Vec<Vec<u8>> {
    let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (input.len() + 1)).collect();
    cuts.sort_unstable();
    let mut out = Vec::new();
    let mut last = 0;
    for c in cuts {
        out.push(input[last..c].to_vec());
        last = c;
    }
    out.push(input[last..].to_vec());
    out
}

/// Drives a client with `chunks` as the server's bytes (sending a message once ready);
/// returns its events and everything it sent.
fn scripted(chunks: &[&[u8]], pipelining: bool) -> (Vec<String>, Vec<u8>) {
    let credentials = mail_sasl::Credentials::password("user", mail_sasl::Secret::from("pencil"));
    let mut client = Client::new(
        config("c.example")
            .with_pipelining(pipelining)
            .with_auth_without_tls(true)
            .with_credentials(credentials, "nonce"),
    );
    let env = envelope("<a@example.com>", &["<b@example.org>", "<c@example.org>"]);
    let mut events = Vec::new();
    let mut sent = Vec::new();
    let mut chunks = chunks.iter();
    for _ in 0..100_000 {
        match client.poll() {
            Poll::Transmit(bytes) => sent.extend_from_slice(bytes),
            Poll::Event(event) => {
                let d = describe(&event);
                if d.starts_with("Ready") {
                    client.send(&env, b"Subject: x\n\n.\n".to_vec()).unwrap();
                } else if d.starts_with("MessageAccepted") || d.starts_with("MessageFailed") {
                    let _ = client.quit();
                }
                events.push(d);
            }
            Poll::StartTls => events.push("StartTls".to_owned()),
            Poll::NeedInput | Poll::Waiting => match chunks.next() {
                Some(chunk) => client.receive(chunk),
                None => {
                    client.handle_eof();
                    // Once more: the end of the connection settles everything.
                    for _ in 0..100 {
                        match client.poll() {
                            Poll::Transmit(bytes) => sent.extend_from_slice(bytes),
                            Poll::Event(event) => events.push(describe(&event)),
                            Poll::Closed => return (events, sent),
                            _ => {}
                        }
                    }
                    panic!("no end after EOF: {events:?}");
                }
            },
            Poll::Closed => return (events, sent),
        }
    }
    panic!("no end");
}
