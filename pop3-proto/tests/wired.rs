//! The client and server machines wired to each other: every message of any maildrop is
//! retrieved byte for byte (lines that start with `.`, 8-bit octets, empty lines), listings
//! agree with the maildrop, deletions reach the server's UPDATE, however the bytes between
//! them are split and whichever login method is used.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod server_support;

use mail_sasl::{Credentials, Mechanism, ScramCredentials, Secret};
use pop3_proto::Poll;
use pop3_proto::body::message_size;
use pop3_proto::client::{Client, ClientConfig, Event, TlsPolicy};
use pop3_proto::command::MessageNumber;
use pop3_proto::server::{Server, ServerConfig};
use proptest::prelude::*;
use server_support::App;

/// How the client logs in.
#[derive(Debug, Clone)]
enum Login {
    UserPass,
    Apop,
    Sasl(Mechanism),
}

/// What the client saw.
#[derive(Debug, Default)]
struct Seen {
    /// Each retrieved message, in order, as joined `MessageData` pieces.
    messages: Vec<Vec<u8>>,
    sizes: Vec<u64>,
    uids: Vec<String>,
    deleted: usize,
    closed: bool,
}

/// Moves bytes between the machines in pieces of `piece` octets until both are done.
fn session(
    messages: &[Vec<u8>],
    login: &Login,
    piece: usize,
    pipelining: bool,
    delete: &[u32],
) -> (Seen, App) {
    let uids: Vec<String> = (0..messages.len()).map(|i| format!("uid-{i}")).collect();
    let mut app = App {
        messages: messages.iter().cloned().zip(uids).collect(),
        piece: 7,
        ..App::default()
    };
    // The server offers only the mechanism under test, so that the client's choice (SASL,
    // then APOP, then USER/PASS) lands on it.
    let offered: Vec<Mechanism> = match login {
        Login::Sasl(m) => vec![m.clone()],
        _ => Vec::new(),
    };
    let mut config = ServerConfig::new("pop.example.org")
        .with_apop_timestamp("<1896.697170952@pop.example.org>")
        .with_sasl(offered)
        .with_plaintext_without_tls(true);
    config.pipelining = pipelining;
    let mut server = Server::new(config);
    let credentials = Credentials::password("mrose", Secret::new("tanstaaf".to_owned()));
    let client_config = ClientConfig::new()
        .with_tls(TlsPolicy::Never)
        .with_credentials(credentials, "rOprNGfwEbeRWgbNEkqO")
        .with_auth_without_tls(true)
        .with_apop(matches!(login, Login::Apop));
    let mut client = Client::new(client_config);

    let (mut to_server, mut to_client) = (Vec::<u8>::new(), Vec::<u8>::new());
    let mut seen = Seen::default();
    let mut current: Option<Vec<u8>> = None;
    let count = u32::try_from(messages.len()).unwrap();
    for _ in 0..1_000_000 {
        let mut progress = false;
        loop {
            match client.poll() {
                Poll::Transmit(b) => to_server.extend_from_slice(b),
                Poll::Event(event) => match event {
                    Event::Ready { .. } => {
                        client.list(None).unwrap();
                        client.uidl(None).unwrap();
                        for i in 1..=count {
                            client.retr(MessageNumber::new(i).unwrap()).unwrap();
                        }
                        for &d in delete {
                            client.dele(MessageNumber::new(d).unwrap()).unwrap();
                        }
                        client.quit().unwrap();
                    }
                    Event::ScanListing(l) => seen.sizes.push(l.size),
                    Event::UniqueIdListing(l) => seen.uids.push(l.uid.to_string()),
                    Event::MessageStart { .. } => current = Some(Vec::new()),
                    Event::MessageData(d) => current.as_mut().unwrap().extend_from_slice(d),
                    Event::MessageEnd { .. } => seen.messages.push(current.take().unwrap()),
                    Event::Deleted { .. } => seen.deleted += 1,
                    Event::Closed { .. } => seen.closed = true,
                    Event::Error { .. } | Event::SessionFailed { .. } => {
                        panic!("client ({login:?}): {event:?}")
                    }
                    _ => {}
                },
                _ => break,
            }
        }
        loop {
            match server.poll() {
                Poll::Transmit(b) => to_client.extend_from_slice(b),
                Poll::Event(event) => match event.into_owned() {
                    // The test application's users know no SCRAM credentials: give mrose's.
                    pop3_proto::server::Event::AuthRequest(
                        mail_sasl::Request::ScramCredentials { authcid, .. },
                    ) => {
                        assert_eq!(authcid, "mrose");
                        let stored = ScramCredentials::derive("tanstaaf", b"salt", 4096).unwrap();
                        server
                            .answer_auth(mail_sasl::Answer::ScramCredentials(Ok(stored)))
                            .unwrap();
                    }
                    event => app.handle(&mut server, event),
                },
                _ => break,
            }
        }
        if !to_server.is_empty() {
            let n = piece.min(to_server.len());
            server.receive(&to_server[..n]);
            to_server.drain(..n);
            progress = true;
        }
        if !to_client.is_empty() {
            let n = piece.min(to_client.len());
            client.receive(&to_client[..n]);
            to_client.drain(..n);
            progress = true;
        }
        if !progress && seen.closed {
            break;
        }
        if !progress {
            // Neither side has bytes to move: the session must be over.
            break;
        }
    }
    (seen, app)
}

/// A message as lines that each end in CRLF: any octets but CR and LF in a line, so the
/// machines carry it unchanged (dot-stuffed and un-stuffed on the way).
fn message() -> impl Strategy<Value = Vec<u8>> {
    let line = prop_oneof![
        proptest::collection::vec(
            any::<u8>().prop_filter("no CR/LF", |b| *b != b'\r' && *b != b'\n'),
            0..40
        ),
        Just(b".".to_vec()),
        Just(b"..".to_vec()),
        Just(b".\xff\xfe 8-bit".to_vec()),
        Just(Vec::new()),
    ];
    proptest::collection::vec(line, 0..12).prop_map(|lines| {
        let mut m = Vec::new();
        for l in lines {
            m.extend_from_slice(&l);
            m.extend_from_slice(b"\r\n");
        }
        m
    })
}

fn login() -> impl Strategy<Value = Login> {
    prop_oneof![
        Just(Login::UserPass),
        Just(Login::Apop),
        Just(Login::Sasl(Mechanism::Plain)),
        Just(Login::Sasl(Mechanism::CramMd5)),
        Just(Login::Sasl(Mechanism::ScramSha256)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn every_message_arrives_intact(
        messages in proptest::collection::vec(message(), 1..4),
        login in login(),
        piece in 1usize..64,
        pipelining in any::<bool>(),
        delete_first in any::<bool>(),
    ) {
        let delete: Vec<u32> = if delete_first { vec![1] } else { Vec::new() };
        let (seen, app) = session(&messages, &login, piece, pipelining, &delete);
        prop_assert!(seen.closed, "session did not end: {:?}", seen);
        prop_assert_eq!(&seen.messages, &messages);
        let sizes: Vec<u64> = messages.iter().map(|m| message_size(m)).collect();
        prop_assert_eq!(&seen.sizes, &sizes);
        let uids: Vec<String> = (0..messages.len()).map(|i| format!("uid-{i}")).collect();
        prop_assert_eq!(&seen.uids, &uids);
        prop_assert_eq!(seen.deleted, delete.len());
        prop_assert_eq!(&app.committed, &delete);
    }
}

#[test]
fn a_message_without_final_line_break_or_with_bare_lf_arrives_in_crlf_form() {
    let stored = b"Subject: x\n\n.line\nlast".to_vec();
    let (seen, _) = session(&[stored], &Login::UserPass, 5, true, &[]);
    assert_eq!(
        seen.messages,
        vec![b"Subject: x\r\n\r\n.line\r\nlast\r\n".to_vec()]
    );
    assert_eq!(seen.sizes, vec![27]);
}
