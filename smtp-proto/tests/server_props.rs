//! Properties of the server machine: the same replies, events and messages however the input
//! is split; no panic on arbitrary bytes; everything it sends parses as replies.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod server_support;

use mail_sasl::Mechanism;
use proptest::prelude::*;
use server_support::{accept_all, drive};
use smtp_proto::reply::{Parsed, Reply};
use smtp_proto::server::{Server, ServerConfig};

fn config() -> ServerConfig {
    ServerConfig::new("mx.example.org")
        .with_starttls(true)
        .with_auth([Mechanism::Plain, Mechanism::Login])
        .with_auth_without_tls(true)
}

/// Pieces of client input: commands right and wrong, content, chunks, SASL lines. (Not
/// `STARTTLS`: by design, what arrives before the upgrade is dropped and what arrives after
/// is TLS, so its outcome depends on the split; `server_auth_tls.rs` tests it.)
fn piece() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(b"EHLO client.example\r\n".to_vec()),
        Just(b"HELO client\r\n".to_vec()),
        Just(b"MAIL FROM:<a@example.com> SIZE=100\r\n".to_vec()),
        Just(b"MAIL FROM:<>\r\n".to_vec()),
        Just(b"RCPT TO:<b@example.org>\r\n".to_vec()),
        Just(b"RCPT TO:<Postmaster>\r\n".to_vec()),
        Just(b"DATA\r\n".to_vec()),
        Just(b"line\r\n..dotted\r\n.\r\n".to_vec()),
        Just(b"\n.\n".to_vec()),
        Just(b"BDAT 5\r\n12345".to_vec()),
        Just(b"BDAT 3 LAST\r\nabc".to_vec()),
        Just(b"RSET\r\n".to_vec()),
        Just(b"NOOP\r\n".to_vec()),
        Just(b"AUTH PLAIN AHVzZXIAcGVuY2ls\r\n".to_vec()),
        Just(b"AUTH LOGIN\r\ndGlt\r\ndGFuc3RhYWZ0YW5zdGFhZg==\r\n".to_vec()),
        Just(b"*\r\n".to_vec()),
        Just(b"VRFY x\r\n".to_vec()),
        Just(b"BOGUS\r\n".to_vec()),
        Just(b"QUIT\r\n".to_vec()),
        proptest::collection::vec(any::<u8>(), 0..40),
    ]
}

fn session() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(piece(), 0..30).prop_map(|p| p.concat())
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

/// Every reply in `output` parses, and nothing is left over.
fn all_replies(mut output: &[u8]) {
    while !output.is_empty() {
        match Reply::parse(output).unwrap() {
            Parsed::Complete { consumed, .. } => output = &output[consumed..],
            Parsed::Incomplete => panic!(
                "incomplete reply at the end: {:?}",
                String::from_utf8_lossy(output)
            ),
        }
    }
}

proptest! {
    #[test]
    fn same_outcome_however_the_input_is_split(input in session(), cuts in proptest::collection::vec(any::<usize>(), 0..12)) {
        let whole = drive(&mut Server::new(config()), &[&input], accept_all);
        let pieces = split(&input, &cuts);
        let refs: Vec<&[u8]> = pieces.iter().map(Vec::as_slice).collect();
        let parts = drive(&mut Server::new(config()), &refs, accept_all);
        prop_assert_eq!(&whole.output, &parts.output);
        prop_assert_eq!(&whole.events, &parts.events);
        prop_assert_eq!(&whole.messages, &parts.messages);
        prop_assert_eq!(whole.closed, parts.closed);
        all_replies(&whole.output);
    }

    #[test]
    fn starttls_anywhere_never_panics(input in session(), at in any::<usize>()) {
        let mut with_tls = input.clone();
        let at = at % (input.len() + 1);
        with_tls.splice(at..at, b"STARTTLS\r\n".iter().copied());
        let out = drive(&mut Server::new(config()), &[&with_tls], accept_all);
        all_replies(&out.output);
    }

    #[test]
    fn arbitrary_bytes_never_panic(input in proptest::collection::vec(any::<u8>(), 0..600)) {
        let out = drive(&mut Server::new(config()), &[&input], accept_all);
        all_replies(&out.output);
        let lmtp = drive(&mut Server::new(ServerConfig::lmtp("mda.example.org")), &[&input], accept_all);
        all_replies(&lmtp.output);
    }
}
