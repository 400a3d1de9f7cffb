//! Properties of the server machine: the same bytes and events however the input is split;
//! no panic on arbitrary bytes; every multi-line response ends, and nothing after an
//! `STLS` is ever executed in the clear.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod server_support;

use mail_sasl::Mechanism;
use pop3_proto::server::{Server, ServerConfig};
use proptest::prelude::*;
use server_support::{App, drive};

fn config() -> ServerConfig {
    ServerConfig::new("host")
        .with_apop_timestamp("<1.2@host>")
        .with_plaintext_without_tls(true)
        .with_sasl([Mechanism::Plain, Mechanism::Login, Mechanism::CramMd5])
}

fn app() -> App {
    App::with_messages(&[
        (b"Subject: one\n\n.hidden dot\nbody\n", "uid-1"),
        (b"Subject: two\r\n\r\n.\r\n..\r\nend", "uid-2"),
        (b"", "uid-3"),
    ])
}

/// Pieces of client input: commands right and wrong, SASL lines. (Not `STLS`: by design what
/// arrives before the upgrade is dropped, so its outcome depends on the split.)
fn piece() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(b"USER mrose\r\n".to_vec()),
        Just(b"PASS tanstaaf\r\n".to_vec()),
        Just(b"PASS wrong\r\n".to_vec()),
        Just(b"APOP mrose 11111111111111111111111111111111\r\n".to_vec()),
        Just(b"AUTH PLAIN AG1yb3NlAHRhbnN0YWFm\r\n".to_vec()),
        Just(b"AUTH LOGIN\r\nbXJvc2U=\r\ndGFuc3RhYWY=\r\n".to_vec()),
        Just(b"AUTH PLAIN\r\n*\r\n".to_vec()),
        Just(b"STAT\r\n".to_vec()),
        Just(b"LIST\r\n".to_vec()),
        Just(b"LIST 2\r\n".to_vec()),
        Just(b"UIDL\r\n".to_vec()),
        Just(b"UIDL 9\r\n".to_vec()),
        Just(b"RETR 1\r\n".to_vec()),
        Just(b"RETR 3\r\n".to_vec()),
        Just(b"TOP 2 1\r\n".to_vec()),
        Just(b"DELE 1\r\n".to_vec()),
        Just(b"RSET\r\n".to_vec()),
        Just(b"NOOP\r\n".to_vec()),
        Just(b"CAPA\r\n".to_vec()),
        Just(b"UTF8\r\n".to_vec()),
        Just(b"LANG\r\n".to_vec()),
        Just(b"LANG fr\r\n".to_vec()),
        Just(b"XTND\r\n".to_vec()),
        Just(b"QUIT\r\n".to_vec()),
        Just(vec![b'x'; 300]),
        Just(b"\r\n".to_vec()),
        proptest::collection::vec(any::<u8>(), 0..30),
    ]
}

fn session() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(piece(), 0..25).prop_map(|p| p.concat())
}

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

/// The server's output is a sequence of status lines, continuation lines and complete
/// multi-line responses: every line ends in CRLF.
fn well_formed(output: &[u8]) {
    if !output.is_empty() {
        assert!(
            output.ends_with(b"\r\n"),
            "{:?}",
            String::from_utf8_lossy(output)
        );
    }
    for (i, &b) in output.iter().enumerate() {
        if b == b'\n' {
            assert!(i > 0 && output[i - 1] == b'\r');
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn same_output_however_split(
        input in session(),
        cuts in proptest::collection::vec(any::<usize>(), 0..10),
        piece in 0usize..5,
    ) {
        let whole = drive(&mut Server::new(config()), &[&input], &mut app());
        let pieces = split(&input, &cuts);
        let refs: Vec<&[u8]> = pieces.iter().map(Vec::as_slice).collect();
        let mut pieces_app = App { piece, ..app() };
        let cut = drive(&mut Server::new(config()), &refs, &mut pieces_app);
        prop_assert_eq!(&cut.output, &whole.output);
        prop_assert_eq!(&cut.events, &whole.events);
        prop_assert_eq!(cut.closed, whole.closed);
        let bytes: Vec<&[u8]> = input.chunks(1).collect();
        let one = drive(&mut Server::new(config()), &bytes, &mut app());
        prop_assert_eq!(&one.output, &whole.output);
        prop_assert_eq!(&one.events, &whole.events);
        well_formed(&whole.output);
    }

    #[test]
    fn no_panic_on_arbitrary_bytes(
        input in proptest::collection::vec(any::<u8>(), 0..600),
        cuts in proptest::collection::vec(any::<usize>(), 0..6),
        tls in any::<bool>(),
    ) {
        let make = || if tls { Server::new_tls(config()) } else { Server::new(config().with_stls(true)) };
        let pieces = split(&input, &cuts);
        let refs: Vec<&[u8]> = pieces.iter().map(Vec::as_slice).collect();
        let out = drive(&mut make(), &refs, &mut app());
        well_formed(&out.output);
    }

    #[test]
    fn nothing_after_stls_runs_in_the_clear(rest in session()) {
        let input = [b"STLS\r\n".as_slice(), &rest].concat();
        let mut server = Server::new(config().with_stls(true));
        let out = drive(&mut server, &[&input], &mut app());
        prop_assert_eq!(out.starttls, 1);
        prop_assert!(out.events.is_empty());
        prop_assert_eq!(
            out.output_str(),
            "+OK POP3 server ready <1.2@host>\r\n+OK Begin TLS negotiation\r\n"
        );
    }
}
