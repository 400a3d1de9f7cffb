//! The RFC example sessions replayed against our SERVER machine: the client side of each
//! transcript in `examples/transcripts/smtp/` is fed to a `Server`, and the application answers
//! every decision (MAIL, RCPT, end of data) with the reply the transcript's server gave. The
//! server must then send a reply with the transcript's code at every step — including the ones it
//! writes itself (greeting, EHLO, 354, 503, 221…) — and, for the replies the application chose,
//! the transcript's exact bytes.
//!
//! (The client machine's replay of the same sessions, byte for byte in the other direction, is in
//! `smtp-proto/tests/client_rfc*.rs`.)

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::{HashMap, VecDeque};
use std::path::PathBuf;

use mail_examples::trace::transcript::{Direction, Transcript};
use mail_examples::trace::{Protocol as TraceProtocol, TraceOptions, trace};
use mail_sasl::scram::ScramCredentials;
use mail_sasl::{Authenticator, Mechanism, Rejection, Secret, Verdict};
use smtp_proto::Poll;
use smtp_proto::reply::{Parsed, Reply, ReplyClass};
use smtp_proto::server::{Event, Server, ServerConfig};

/// Accepts any password (the RFCs' example credentials are not all given).
struct AnyPassword;

impl Authenticator for AnyPassword {
    fn verify_password(&self, _: Option<&str>, _: &str, _: &Secret<String>) -> Verdict {
        Verdict::Accept
    }

    fn scram_sha256_credentials(
        &self,
        _: Option<&str>,
        _: &str,
    ) -> Result<ScramCredentials, Rejection> {
        Err(Rejection::NotSupported)
    }
}

fn replies(mut stream: &[u8]) -> Vec<Reply<'static>> {
    let mut out = Vec::new();
    while !stream.is_empty() {
        match Reply::parse(stream).unwrap() {
            Parsed::Complete { value, consumed } => {
                out.push(value.into_owned());
                stream = &stream[consumed..];
            }
            Parsed::Incomplete => panic!("incomplete reply in transcript"),
        }
    }
    out
}

/// The transcript's server replies, in order, filed under what they answer (`MAIL`, `RCPT`,
/// `DATA-BODY`, `BDAT`…), as `mail-trace` pairs them.
fn answers(
    text: &[u8],
    lmtp: bool,
) -> (
    Vec<Reply<'static>>,
    HashMap<String, VecDeque<Reply<'static>>>,
) {
    let transcript = Transcript::parse(text);
    let expected = replies(transcript.stream(Direction::Server));
    let protocol = if lmtp {
        TraceProtocol::Lmtp
    } else {
        TraceProtocol::Smtp
    };
    let traced = trace(text, &TraceOptions::new(protocol));
    assert!(traced.is_ok(), "the transcript itself decodes");
    let kinds: Vec<String> = traced
        .entries
        .iter()
        .filter(|e| e.direction == Some(Direction::Server))
        .map(|e| {
            // LMTP's replies after the content name the recipient they are for.
            if e.text.contains(" recipient ") {
                return "END".to_owned();
            }
            let mut words = e.text.split(' ').skip(1);
            let mut kind = words.next().unwrap_or_default();
            if kind.contains('.') && kind.chars().next().is_some_and(|c| c.is_ascii_digit()) {
                kind = words.next().unwrap_or_default();
            }
            kind.to_owned()
        })
        .collect();
    assert_eq!(kinds.len(), expected.len());
    let mut by_kind: HashMap<String, VecDeque<Reply<'static>>> = HashMap::new();
    for (kind, reply) in kinds.into_iter().zip(&expected) {
        // The end of the content is answered by the application whether it came by DATA or by
        // the last BDAT chunk.
        let kind = if kind == "DATA-BODY" {
            "END".to_owned()
        } else {
            kind
        };
        by_kind.entry(kind).or_default().push_back(reply.clone());
    }
    (expected, by_kind)
}

fn decide(server: &mut Server, reply: Reply<'static>) {
    if reply.code.class() == ReplyClass::PositiveCompletion {
        server.accept_with(reply).unwrap();
    } else {
        server.reject(reply).unwrap();
    }
}

fn replay(name: &str, starttls: bool, lmtp: bool) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("transcripts/smtp")
        .join(format!("{name}.txt"));
    let text = std::fs::read(&path).unwrap();
    let (expected, mut by_kind) = answers(&text, lmtp);
    let greeting = expected[0].lines[0].to_string();
    let (hostname, greeting_text) = greeting.split_once(' ').unwrap_or((&greeting, ""));
    let mut config = if lmtp {
        ServerConfig::lmtp(hostname)
    } else {
        ServerConfig::new(hostname)
    };
    config.greeting = greeting_text.to_owned();
    config.extensions.enhanced_status_codes = false;
    let config = config
        .with_starttls(starttls)
        .with_auth([Mechanism::Plain, Mechanism::Login]);
    let mut server = Server::new(config);
    let transcript = Transcript::parse(&text);
    let mut output = Vec::new();
    let mut pop = |kind: &str| {
        let reply = by_kind.get_mut(kind).and_then(VecDeque::pop_front);
        let reply = if kind == "END" {
            reply.or_else(|| by_kind.get_mut("BDAT").and_then(VecDeque::pop_back))
        } else {
            reply
        };
        reply.unwrap_or_else(|| panic!("{name}: no {kind} reply left"))
    };
    for segment in transcript
        .segments()
        .iter()
        .filter(|s| s.direction == Direction::Client)
    {
        server.receive(&transcript.stream(Direction::Client)[segment.range.clone()]);
        loop {
            match server.poll() {
                Poll::Transmit(bytes) => output.extend_from_slice(bytes),
                Poll::Event(Event::Mail { .. }) => decide(&mut server, pop("MAIL")),
                Poll::Event(Event::Rcpt { .. }) => decide(&mut server, pop("RCPT")),
                Poll::Event(Event::Verify { .. }) => decide(&mut server, pop("VRFY")),
                Poll::Event(Event::MessageEnd { replies, .. }) => {
                    for _ in 0..replies {
                        decide(&mut server, pop("END"));
                    }
                }
                Poll::Event(Event::Hello { .. } | Event::AuthStart { .. }) => {
                    server.accept().unwrap();
                }
                Poll::Event(Event::AuthRequest(request)) => {
                    let answer = request.answer_with(&AnyPassword);
                    server.answer_auth(answer).unwrap();
                }
                Poll::Event(_) | Poll::StartTls => {}
                Poll::NeedInput | Poll::Waiting | Poll::Closed => break,
            }
        }
    }
    let ours = replies(&output);
    let codes = |r: &[Reply<'_>]| r.iter().map(|r| r.code.get()).collect::<Vec<_>>();
    assert_eq!(codes(&ours), codes(&expected), "{name}: reply codes");
    for (ours, theirs) in ours.iter().zip(&expected) {
        if matches!(ours.code.get(), 250 | 251 | 450..=455 | 550..=554)
            && ours.lines.len() == 1
            && theirs.lines.len() == 1
        {
            // A single-line reply the application chose (or the server's own): when the texts
            // agree the bytes must too.
            if ours.lines[0] == theirs.lines[0] {
                assert_eq!(ours.to_bytes().unwrap(), theirs.to_bytes().unwrap());
            }
        }
    }
}

#[test]
fn rfc5321_appendix_d() {
    replay("rfc5321-d1", false, false);
    replay("rfc5321-d2", false, false);
    replay("rfc5321-d3-step1", false, false);
    replay("rfc5321-d3-step2", false, false);
    replay("rfc5321-d4", false, false);
}

#[test]
fn rfc1870_size() {
    replay("rfc1870-8", false, false);
}

#[test]
fn rfc2920_pipelining() {
    replay("rfc2920-4-without-pipelining", false, false);
    replay("rfc2920-4-pipelining", false, false);
    replay("rfc2920-4-all-rejected-554", false, false);
}

#[test]
fn rfc3030_chunking() {
    replay("rfc3030-4.1", false, false);
    replay("rfc3030-4.2", false, false);
}

#[test]
fn rfc3207_starttls() {
    replay("rfc3207-5", true, false);
}

#[test]
fn rfc4954_auth() {
    replay("rfc4954-4.1-plain-initial-response", true, false);
    replay("rfc4954-4.1-plain", true, false);
}

#[test]
fn rfc2033_lmtp() {
    replay("rfc2033-4.2-lmtp", false, true);
    replay("rfc2033-4.3-lmtp", false, true);
}
