//! The SMTP/LMTP server machine fed arbitrary client bytes in arbitrary pieces, with decisions
//! taken from the input too: never panics, never waits without a reason, and everything it sends
//! is a sequence of well-formed replies.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mail_sasl::{Mechanism, Rejection, Verdict};
use smtp_proto::Poll;
use smtp_proto::reply::{Parsed, Reply, ReplyCode};
use smtp_proto::server::{Event, Server, ServerConfig};

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let config = if flags & 1 == 0 {
        ServerConfig::new("mx.example.org")
    } else {
        ServerConfig::lmtp("mda.example.org")
    };
    let config = config
        .with_starttls(flags & 2 != 0)
        .with_auth([
            Mechanism::Plain,
            Mechanism::Login,
            Mechanism::CramMd5,
            Mechanism::ScramSha256,
        ])
        .with_auth_without_tls(flags & 4 != 0);
    let mut server = Server::new(config);
    let mut output = Vec::new();
    let mut decisions = flags;
    // Pieces separated by 0xFF bytes arrive one by one.
    let mut pieces = rest.split(|&b| b == 0xFF);
    loop {
        match server.poll() {
            Poll::Transmit(bytes) => output.extend_from_slice(bytes),
            Poll::Event(Event::AuthRequest(_)) => {
                server
                    .answer_auth(mail_sasl::Answer::Verdict(Verdict::Reject(
                        Rejection::BadCredentials,
                    )))
                    .unwrap();
            }
            Poll::Event(Event::AuthStart { .. }) => server.accept_auth("fuzz.nonce.1").unwrap(),
            Poll::Event(
                Event::Hello { .. }
                | Event::Mail { .. }
                | Event::Rcpt { .. }
                | Event::Verify { .. }
                | Event::MessageEnd { .. },
            ) => {
                decisions = decisions.rotate_left(1);
                if decisions & 1 == 0 {
                    server.accept().unwrap();
                } else {
                    server
                        .reject(Reply::new(ReplyCode::MAILBOX_UNAVAILABLE, "5.1.1 No"))
                        .unwrap();
                }
            }
            Poll::Event(_) | Poll::StartTls => {}
            // LMTP: the end of the data wants one answer per accepted recipient (RFC 2033
            // §4.2); the server waits until each has one. Waiting with nothing to answer is a bug.
            Poll::Waiting => {
                decisions = decisions.rotate_left(1);
                let answered = if decisions & 1 == 0 {
                    server.accept()
                } else {
                    server.reject(Reply::new(ReplyCode::MAILBOX_UNAVAILABLE, "5.1.1 No"))
                };
                assert!(answered.is_ok(), "waiting with every decision answered");
            }
            Poll::NeedInput => match pieces.next() {
                Some(piece) => server.receive(piece),
                None => break,
            },
            Poll::Closed => break,
        }
    }
    let mut rest = &output[..];
    while !rest.is_empty() {
        match Reply::parse(rest) {
            Ok(Parsed::Complete { consumed, .. }) => rest = &rest[consumed..],
            other => panic!("the server sent something that is not a reply: {other:?}"),
        }
    }
});
