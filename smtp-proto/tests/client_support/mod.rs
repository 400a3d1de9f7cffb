//! Driving a client machine in tests: replaying RFC transcripts against it, and wiring it to
//! the server machine with the bytes between them cut anywhere.

#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use mail_message::envelope::{Envelope, EnvelopeOptions, ForwardPath, Recipient, ReversePath};
use smtp_proto::Poll;
use smtp_proto::client::{Client, ClientConfig, Event, SendFailure, SessionFailure};
use smtp_proto::command::ClientName;
use smtp_proto::server::{self, Server};

use crate::server_support::{Decision, Users};

/// A client configuration named `name` (ASCII host name).
pub(crate) fn config(name: &str) -> ClientConfig {
    ClientConfig::new(ClientName::new(name.to_owned(), EnvelopeOptions::new()).unwrap())
}

/// An envelope from `from` (`<…>` or `<>`) to `to`, parsed with SMTPUTF8 allowed.
pub(crate) fn envelope(from: &str, to: &[&str]) -> Envelope<'static> {
    let opts = EnvelopeOptions::new().with_smtputf8(true);
    let mut env = Envelope::new(
        ReversePath::parse(from.as_bytes(), opts)
            .unwrap()
            .into_owned(),
    );
    for rcpt in to {
        env.recipients.push(Recipient::new(
            ForwardPath::parse(rcpt.as_bytes(), opts)
                .unwrap()
                .into_owned(),
        ));
    }
    env
}

/// One line per event, short and stable, for comparisons.
pub(crate) fn describe(event: &Event<'_>) -> String {
    match event {
        Event::Greeting { reply } => format!("Greeting {}", reply.code),
        Event::Ready { capabilities } => format!("Ready {}", capabilities.len()),
        Event::Authenticated { mechanism } => format!("Authenticated {mechanism}"),
        Event::Recipient { index, reply } => format!("Recipient {index} {}", reply.code),
        Event::MessageAccepted { reply } => format!("MessageAccepted {}", reply.code),
        Event::Delivery { index, reply } => format!("Delivery {index} {}", reply.code),
        Event::DeliveryComplete { delivered, failed } => {
            format!("DeliveryComplete {delivered} {failed}")
        }
        Event::MessageFailed { failure } => format!("MessageFailed {}", failure_name(failure)),
        Event::Reply { verb, reply } => format!("Reply {verb} {}", reply.code),
        Event::SessionFailed { failure } => format!("SessionFailed {}", session_name(failure)),
        other => format!("{other:?}"),
    }
}

pub(crate) fn failure_name(failure: &SendFailure<'_>) -> String {
    match failure {
        SendFailure::SenderRejected(r) => format!("SenderRejected {}", r.code),
        SendFailure::DataRejected(r) => format!("DataRejected {}", r.code),
        SendFailure::MessageRejected(r) => format!("MessageRejected {}", r.code),
        other => format!("{other:?}"),
    }
}

pub(crate) fn session_name(failure: &SessionFailure<'_>) -> String {
    match failure {
        SessionFailure::GreetingRefused(r) => format!("GreetingRefused {}", r.code),
        SessionFailure::HelloRefused(r) => format!("HelloRefused {}", r.code),
        SessionFailure::TlsRefused(r) => format!("TlsRefused {}", r.code),
        SessionFailure::ServiceClosing(r) => format!("ServiceClosing {}", r.code),
        SessionFailure::UnexpectedReply(r) => format!("UnexpectedReply {}", r.code),
        SessionFailure::MalformedReply(_) => "MalformedReply".to_owned(),
        SessionFailure::Auth(a) => format!("Auth {a:?}"),
        other => format!("{other:?}"),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Client,
    Server,
}

/// Reads a transcript in the RFCs' notation: `C: ` / `S: ` lines (the text after the prefix
/// is the line, CRLF added), `C| ` / `S| ` pieces without a line break; other lines are
/// comments. Consecutive pieces of one side are joined.
pub(crate) fn transcript(text: &str) -> Vec<(Side, Vec<u8>)> {
    let mut out: Vec<(Side, Vec<u8>)> = Vec::new();
    for line in text.lines() {
        let line = line.trim_start();
        let (side, rest, crlf) = if let Some(rest) = line.strip_prefix("C:") {
            (Side::Client, rest.strip_prefix(' ').unwrap_or(rest), true)
        } else if let Some(rest) = line.strip_prefix("S:") {
            (Side::Server, rest.strip_prefix(' ').unwrap_or(rest), true)
        } else if let Some(rest) = line.strip_prefix("C| ") {
            (Side::Client, rest, false)
        } else if let Some(rest) = line.strip_prefix("S| ") {
            (Side::Server, rest, false)
        } else {
            continue;
        };
        let mut bytes = rest.as_bytes().to_vec();
        if crlf {
            bytes.extend_from_slice(b"\r\n");
        }
        push(&mut out, side, &bytes);
    }
    out
}

/// Appends bytes of one side to a transcript.
pub(crate) fn push(out: &mut Vec<(Side, Vec<u8>)>, side: Side, bytes: &[u8]) {
    match out.last_mut() {
        Some((s, b)) if *s == side => b.extend_from_slice(bytes),
        _ => out.push((side, bytes.to_vec())),
    }
}

/// What a replay produced.
#[derive(Debug, Default)]
pub(crate) struct Replayed {
    pub(crate) events: Vec<String>,
    pub(crate) starttls: usize,
    pub(crate) closed: bool,
}

fn show(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Panics with the neighbourhood of the first difference when `got` is not `expected`.
pub(crate) fn check(got: &[u8], expected: &[u8], what: &str) {
    if got == expected {
        return;
    }
    let at = got
        .iter()
        .zip(expected)
        .position(|(a, b)| a != b)
        .unwrap_or(got.len().min(expected.len()));
    let around = |b: &[u8]| show(&b[at.saturating_sub(60)..(at + 60).min(b.len())]);
    panic!(
        "{what}: differ at octet {at} (lengths {} and {}):\n got      {:?}\n expected {:?}",
        got.len(),
        expected.len(),
        around(got),
        around(expected)
    );
}

/// Appends `more` to `script`, joining pieces of the same side.
pub(crate) fn append(script: &mut Vec<(Side, Vec<u8>)>, more: Vec<(Side, Vec<u8>)>) {
    for (side, bytes) in more {
        push(script, side, &bytes);
    }
}

/// Replays `script` against `client`: feeds each run of `S:` bytes (in pieces of `piece`
/// octets, polling in between) and checks that what the client transmits before the next run
/// is exactly the `C:` bytes in between. `on_event` acts on each event (by its description).
pub(crate) fn replay(
    client: &mut Client,
    script: &[(Side, Vec<u8>)],
    piece: usize,
    mut on_event: impl FnMut(&mut Client, &str),
) -> Replayed {
    let mut out = Replayed::default();
    let mut sent = Vec::new();
    let mut next = 0;
    let mut feed: Vec<u8> = Vec::new();
    let mut fed = 0;
    loop {
        let desc = match client.poll() {
            Poll::Transmit(bytes) => {
                sent.extend_from_slice(bytes);
                continue;
            }
            Poll::Event(event) => describe(&event),
            Poll::StartTls => {
                out.starttls += 1;
                "StartTls".to_owned()
            }
            Poll::Closed => {
                out.closed = true;
                if let Some((Side::Client, expected)) = script.get(next) {
                    check(&sent, expected, "client bytes before close");
                    sent.clear();
                    next += 1;
                }
                assert!(
                    sent.is_empty(),
                    "unexpected client bytes at close: {:?}",
                    show(&sent)
                );
                assert_eq!(next, script.len(), "transcript not finished at close");
                return out;
            }
            Poll::NeedInput | Poll::Waiting => {
                if fed < feed.len() {
                    let end = (fed + piece.max(1)).min(feed.len());
                    client.receive(&feed[fed..end]);
                    fed = end;
                    continue;
                }
                if let Some((Side::Client, expected)) = script.get(next) {
                    check(&sent, expected, &format!("client bytes (segment {next})"));
                    sent.clear();
                    next += 1;
                }
                match script.get(next) {
                    Some((Side::Server, bytes)) => {
                        assert!(
                            sent.is_empty(),
                            "client sent {:?} unexpectedly",
                            show(&sent)
                        );
                        feed = bytes.clone();
                        fed = 0;
                        next += 1;
                        continue;
                    }
                    Some((Side::Client, expected)) => panic!(
                        "client waits, but should send {:?} (sent {:?})",
                        show(expected),
                        show(&sent)
                    ),
                    None => {
                        assert!(
                            sent.is_empty(),
                            "unexpected client bytes: {:?}",
                            show(&sent)
                        );
                        return out;
                    }
                }
            }
        };
        out.events.push(desc.clone());
        on_event(client, &desc);
    }
}

/// What a wired session produced.
#[derive(Debug, Default)]
pub(crate) struct Wired {
    pub(crate) client_events: Vec<String>,
    pub(crate) server_events: Vec<String>,
    /// The messages as the server application received them.
    pub(crate) messages: Vec<Vec<u8>>,
    /// Everything the client sent, and the server.
    pub(crate) c2s: Vec<u8>,
    pub(crate) s2c: Vec<u8>,
    pub(crate) client_tls: usize,
    pub(crate) server_tls: usize,
    pub(crate) client_closed: bool,
    pub(crate) server_closed: bool,
}

impl Wired {
    pub(crate) fn c2s_str(&self) -> String {
        show(&self.c2s)
    }

    pub(crate) fn s2c_str(&self) -> String {
        show(&self.s2c)
    }
}

/// Runs a client against a server until both are closed or neither can move. Bytes go over
/// in pieces whose sizes `cuts` gives (cycled; 0 means all at once), each side polled until it
/// waits between pieces. The server decides with `policy` (once per reply for LMTP's
/// `MessageEnd`); `on_event` acts on the client's events.
pub(crate) fn wire(
    client: &mut Client,
    server: &mut Server,
    cuts: &[usize],
    mut policy: impl FnMut(&server::Event<'_>) -> Decision,
    mut on_event: impl FnMut(&mut Client, &str),
) -> Wired {
    let mut w = Wired::default();
    let mut to_server: Vec<u8> = Vec::new();
    let mut to_client: Vec<u8> = Vec::new();
    let mut current: Option<Vec<u8>> = None;
    let mut cut = 0usize;
    let mut next_len = |len: usize| {
        let c = if cuts.is_empty() {
            0
        } else {
            cuts[cut % cuts.len()]
        };
        cut += 1;
        if c == 0 { len } else { c.min(len) }
    };
    for _round in 0..1_000_000 {
        // Client until it waits.
        let mut client_waits = false;
        while !w.client_closed {
            let desc = match client.poll() {
                Poll::Transmit(bytes) => {
                    to_server.extend_from_slice(bytes);
                    w.c2s.extend_from_slice(bytes);
                    continue;
                }
                Poll::Event(event) => describe(&event),
                Poll::StartTls => {
                    w.client_tls += 1;
                    continue;
                }
                Poll::Closed => {
                    w.client_closed = true;
                    break;
                }
                Poll::NeedInput => break,
                Poll::Waiting => {
                    client_waits = true;
                    break;
                }
            };
            w.client_events.push(desc.clone());
            on_event(client, &desc);
        }
        // Server until it waits.
        while !w.server_closed {
            let poll = server.poll();
            match poll {
                Poll::Transmit(bytes) => {
                    to_client.extend_from_slice(bytes);
                    w.s2c.extend_from_slice(bytes);
                }
                Poll::Event(event) => {
                    match &event {
                        server::Event::MessageStart => current = Some(Vec::new()),
                        server::Event::MessageData(piece) => {
                            current.as_mut().unwrap().extend_from_slice(piece);
                        }
                        server::Event::MessageEnd { .. } => {
                            w.messages.push(current.take().unwrap());
                        }
                        server::Event::MessageRefused { .. } | server::Event::TransactionReset => {
                            current = None;
                        }
                        _ => {}
                    }
                    if !matches!(event, server::Event::MessageData(_)) {
                        w.server_events
                            .push(format!("{event:?}").chars().take(60).collect());
                    }
                    let decisions: Vec<Decision> = match &event {
                        server::Event::Hello { .. }
                        | server::Event::Mail { .. }
                        | server::Event::Rcpt { .. }
                        | server::Event::Verify { .. }
                        | server::Event::AuthStart { .. } => vec![policy(&event)],
                        server::Event::MessageEnd { replies, .. } => {
                            (0..*replies).map(|_| policy(&event)).collect()
                        }
                        server::Event::AuthRequest(request) => {
                            let answer = request.answer_with(&Users);
                            server.answer_auth(answer).unwrap();
                            Vec::new()
                        }
                        _ => Vec::new(),
                    };
                    for d in decisions {
                        match d {
                            Decision::Accept => server.accept().unwrap(),
                            Decision::AcceptWith(r) => server.accept_with(r).unwrap(),
                            Decision::Reject(r) => server.reject(r).unwrap(),
                            Decision::Auth(nonce) => server.accept_auth(nonce).unwrap(),
                        }
                    }
                }
                Poll::StartTls => w.server_tls += 1,
                Poll::Closed => w.server_closed = true,
                Poll::NeedInput | Poll::Waiting => break,
            }
        }
        if w.client_closed && w.server_closed {
            return w;
        }
        // Move one piece each way.
        let mut moved = false;
        if !to_server.is_empty() && !w.server_closed {
            let n = next_len(to_server.len());
            server.receive(&to_server[..n]);
            to_server.drain(..n);
            moved = true;
        }
        if !to_client.is_empty() && !w.client_closed {
            let n = next_len(to_client.len());
            client.receive(&to_client[..n]);
            to_client.drain(..n);
            moved = true;
        }
        if w.server_closed && !w.client_closed && to_client.is_empty() {
            client.handle_eof();
            moved = true;
        }
        if !moved {
            assert!(
                client_waits,
                "stuck: client {:?} server {:?}\nc2s {:?}\ns2c {:?}",
                w.client_events,
                w.server_events,
                w.c2s_str(),
                w.s2c_str()
            );
            return w;
        }
    }
    panic!("no end");
}

/// Accepts everything (AUTH with a fixed nonce).
pub(crate) fn accept_all(event: &server::Event<'_>) -> Decision {
    crate::server_support::accept_all(event)
}

/// Replays `script` whole and byte by byte; returns the events (the same both ways).
pub(crate) fn run(
    make: impl Fn() -> Client,
    script: &[(Side, Vec<u8>)],
    on_event: impl Fn(&mut Client, &str),
) -> Vec<String> {
    let whole = replay(&mut make(), script, usize::MAX, &on_event);
    let bytes = replay(&mut make(), script, 1, &on_event);
    assert_eq!(whole.events, bytes.events);
    assert_eq!(whole.starttls, bytes.starttls);
    whole.events
}

/// RFC 5321 D.1's content (the second line dot-stuffed on the wire: `...etc.`).
pub(crate) const BLAH: &[u8] = b"Blah blah blah...\r\n..etc. etc. etc.\r\n";
