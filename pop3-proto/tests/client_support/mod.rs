//! Driving the client machine in tests: replaying RFC transcripts against it, byte for byte.

#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use mail_sasl::{Credentials, Secret};
use pop3_proto::Poll;
use pop3_proto::client::{AuthFailure, Client, ClientConfig, Event, SessionFailure, TlsPolicy};
use pop3_proto::command::MessageNumber;

/// Message number `n`.
pub(crate) fn n(n: u32) -> MessageNumber {
    MessageNumber::new(n).unwrap()
}

/// A configuration that logs in as `user` with `password`, with TLS as `tls`.
pub(crate) fn config(user: &str, password: &str, tls: TlsPolicy) -> ClientConfig {
    ClientConfig::new().with_tls(tls).with_credentials(
        Credentials::password(user, Secret::new(password.to_owned())),
        "rOprNGfwEbeRWgbNEkqO",
    )
}

/// A status line as `+OK text` / `-ERR [CODE] text`, for comparisons.
fn line(line: &pop3_proto::response::StatusLine<'_>) -> String {
    let mut out = line.status.as_str().to_owned();
    if let Some(code) = &line.code {
        out.push_str(&format!(" [{}]", code.as_str()));
    }
    if !line.text.is_empty() {
        out.push(' ');
        out.push_str(&line.text.to_string());
    }
    out
}

/// One line per event, short and stable, for comparisons. Message pieces are `Data:` and
/// their text (joined by [`replay`] across pieces).
pub(crate) fn describe(event: &Event<'_>) -> String {
    match event {
        Event::Greeting { line: l } => format!("Greeting {}", line(l)),
        Event::Ready { capabilities } => format!("Ready {}", capabilities.len()),
        Event::Authenticated { method } => format!("Authenticated {method:?}"),
        Event::Stat(s) => format!("Stat {} {}", s.count, s.size),
        Event::ScanListing(s) => format!("Scan {} {}", s.message, s.size),
        Event::UniqueIdListing(u) => format!("Uid {} {}", u.message, u.uid),
        Event::ListingEnd { verb } => format!("ListingEnd {verb}"),
        Event::MessageStart { message } => format!("MessageStart {message}"),
        Event::MessageData(data) => format!("Data:{}", String::from_utf8_lossy(data)),
        Event::MessageEnd { message } => format!("MessageEnd {message}"),
        Event::Deleted { message } => format!("Deleted {message}"),
        Event::Reset => "Reset".to_owned(),
        Event::Noop => "Noop".to_owned(),
        Event::Error {
            verb,
            message,
            line: l,
        } => match message {
            Some(m) => format!("Error {verb} {m} {}", line(l)),
            None => format!("Error {verb} {}", line(l)),
        },
        Event::Closed { line: l } => format!("Closed {}", line(l)),
        Event::SessionFailed { failure } => format!("SessionFailed {}", failure_name(failure)),
        other => format!("{other:?}"),
    }
}

pub(crate) fn failure_name(failure: &SessionFailure<'_>) -> String {
    match failure {
        SessionFailure::GreetingRefused(l) => format!("GreetingRefused {}", line(l)),
        SessionFailure::TlsRefused(l) => format!("TlsRefused {}", line(l)),
        SessionFailure::UnexpectedResponse(l) => format!("UnexpectedResponse {}", line(l)),
        SessionFailure::Auth(AuthFailure::Rejected { verb, line: l }) => {
            format!("Auth Rejected {verb} {}", line(l))
        }
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
/// is the line, CRLF added); other lines are comments. Consecutive lines of one side are
/// joined.
pub(crate) fn transcript(text: &str) -> Vec<(Side, Vec<u8>)> {
    let mut out: Vec<(Side, Vec<u8>)> = Vec::new();
    for l in text.lines() {
        let l = l.trim_start();
        let (side, rest) = if let Some(rest) = l.strip_prefix("C:") {
            (Side::Client, rest.strip_prefix(' ').unwrap_or(rest))
        } else if let Some(rest) = l.strip_prefix("S:") {
            (Side::Server, rest.strip_prefix(' ').unwrap_or(rest))
        } else {
            continue;
        };
        let mut bytes = rest.as_bytes().to_vec();
        bytes.extend_from_slice(b"\r\n");
        match out.last_mut() {
            Some((s, b)) if *s == side => b.extend_from_slice(&bytes),
            _ => out.push((side, bytes)),
        }
    }
    out
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

/// Replays `script` against `client`: feeds each run of `S:` bytes (in pieces of `piece`
/// octets, polling in between) and checks that what the client transmits before the next
/// run is exactly the `C:` bytes in between. `on_event` acts on each event (by its
/// description). `StartTls` is recorded as an event.
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
                    assert_eq!(show(&sent), show(expected), "client bytes before close");
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
                    assert_eq!(show(&sent), show(expected), "client bytes (segment {next})");
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
                        feed.clone_from(bytes);
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
        match (out.events.last_mut(), desc.strip_prefix("Data:")) {
            (Some(last), Some(more)) if last.starts_with("Data:") => last.push_str(more),
            _ => out.events.push(desc.clone()),
        }
        on_event(client, &desc);
    }
}

/// Replays `script` whole and one byte at a time (building the client with `make` each
/// time); both must give the same events, which are returned.
pub(crate) fn run(
    make: impl Fn() -> Client,
    script: &[(Side, Vec<u8>)],
    on_event: impl Fn(&mut Client, &str),
) -> Vec<String> {
    let whole = replay(&mut make(), script, usize::MAX, &on_event);
    for piece in [1, 2, 7] {
        let split = replay(&mut make(), script, piece, &on_event);
        assert_eq!(split.events, whole.events, "pieces of {piece}");
        assert_eq!(split.starttls, whole.starttls);
    }
    whole.events
}
