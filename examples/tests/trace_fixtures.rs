//! `mail-trace` on the transcripts in `examples/transcripts/smtp/` and `.../pop3/` (see the
//! READMEs there):
//! each against its expected output in the `.out` file beside it, checked by hand.
//!
//! After an intended change, `MAIL_TRACE_BLESS=1 cargo test -p mail-examples --test
//! trace_fixtures` rewrites the expected files; review the diff before committing it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::{Path, PathBuf};

use mail_examples::trace::{Protocol, TraceOptions, trace};

/// Every fixture: its file name, bytes and protocol (the directory's; LMTP when the name
/// says so).
fn fixtures() -> Vec<(String, Vec<u8>, Protocol)> {
    let mut paths: Vec<PathBuf> = ["smtp", "pop3"]
        .iter()
        .flat_map(|d| {
            let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("transcripts")
                .join(d);
            std::fs::read_dir(&dir)
                .expect("transcripts directory")
                .map(|e| e.expect("directory entry").path())
        })
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let name = file_name(p);
            let protocol = if p.parent().unwrap().ends_with("pop3") {
                Protocol::Pop3
            } else if name.contains("lmtp") {
                Protocol::Lmtp
            } else {
                Protocol::Smtp
            };
            (
                name,
                std::fs::read(p).expect("readable transcript"),
                protocol,
            )
        })
        .collect()
}

/// The directory of a fixture's protocol.
fn dir_of(protocol: Protocol) -> PathBuf {
    let sub = if protocol == Protocol::Pop3 {
        "pop3"
    } else {
        "smtp"
    };
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("transcripts")
        .join(sub)
}

fn file_name(path: &Path) -> String {
    path.file_name().unwrap().to_str().unwrap().to_owned()
}

#[test]
fn fixtures_match_expected_output() {
    let bless = std::env::var_os("MAIL_TRACE_BLESS").is_some();
    let all = fixtures();
    assert!(all.len() >= 40, "fixtures lost: {}", all.len());
    let mut failures = Vec::new();
    for (name, bytes, protocol) in &all {
        let actual = trace(bytes, &TraceOptions::new(*protocol)).to_string();
        let expected_path = dir_of(*protocol).join(name.replace(".txt", ".out"));
        if bless {
            std::fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| panic!("missing {}", expected_path.display()));
        if actual != expected {
            failures.push(format!(
                "{name}\n--- expected\n{expected}--- actual\n{actual}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn good_fixtures_have_no_error_even_with_roundtrip() {
    for (name, bytes, protocol) in fixtures() {
        let plain = trace(&bytes, &TraceOptions::new(protocol));
        if name.starts_with("malformed-") {
            assert!(!plain.is_ok(), "{name} should have errors");
            continue;
        }
        assert!(plain.is_ok(), "{name}:\n{plain}");
        let roundtrip = trace(&bytes, &TraceOptions::new(protocol).with_roundtrip(true));
        assert_eq!(roundtrip, plain, "{name}");
    }
}

#[test]
fn rfc_examples_decode_to_the_expected_messages() {
    // A few exact facts, counted by hand from the RFC texts.
    let find = |name: &str| {
        let (_, bytes, protocol) = fixtures().into_iter().find(|f| f.0 == name).unwrap();
        trace(&bytes, &TraceOptions::new(protocol)).to_string()
    };
    // RFC 3030 §4.1: "To: Susan@random.com" CRLF (22) + "From: Sam@random.com" CRLF (22) +
    // "Subject: This is a bodyless test message" CRLF (42) = 86 octets.
    assert!(find("rfc3030-4.1.txt").contains("ok 10 C BDAT-CHUNK 86 bytes\n"));
    // RFC 5321 D.1: "Blah blah blah..." CRLF (19) + "...etc. etc. etc." un-stuffed to
    // "..etc. etc. etc." CRLF (18).
    assert!(find("rfc5321-d1.txt").contains("ok 18 C DATA-BODY 37 bytes\n"));
    // RFC 2033 §4.2: two accepted recipients, two replies after the data.
    let lmtp = find("rfc2033-4.2-lmtp.txt");
    assert!(
        lmtp.contains("ok 19 S 250 DATA-BODY recipient 1/2\nok 20 S 452 DATA-BODY recipient 2/2\n")
    );
    // BDAT LAST with no accepted recipient fails with one 503, as DATA must (RFC 2033 §4.2).
    assert!(find("rfc2033-4.3-lmtp.txt").contains(
        "ok 28 S 550 RCPT\nok 29 S 503 BDAT recipient 1/1\nok 30 C QUIT\nok 31 S 221 QUIT\n"
    ));
    // RFC 3030 §4.2: the pipelined chunks get their replies in order.
    assert!(
        find("rfc3030-4.2.txt").contains("ok 13 C BDAT 100000\nok 14 C BDAT-CHUNK 100000 bytes\n")
    );
    // RFC 3207 §5: the session after TLS has its own EHLO.
    assert!(find("rfc3207-5.txt").contains(
        "ok 8 S 220 STARTTLS (TLS starts)\nok 9 C EHLO\nok 10 S 250 EHLO 2 capabilities: 8BITMIME DSN\n"
    ));
}

#[test]
fn pop3_rfc_examples_decode_to_the_expected_messages() {
    let find = |name: &str| {
        let (_, bytes, protocol) = fixtures().into_iter().find(|f| f.0 == name).unwrap();
        trace(&bytes, &TraceOptions::new(protocol)).to_string()
    };
    // RFC 1939 §10: the greeting carries the APOP timestamp; the bodies have the sizes LIST
    // gave (message 2's stuffed line counted once un-stuffed).
    let session = find("rfc1939-10.txt");
    assert!(session.starts_with("ok 1 S +OK greeting (APOP timestamp)\nok 2 C APOP\n"));
    assert!(session.contains("S +OK STAT 2 messages, 320 octets\n"));
    assert!(session.contains("S +OK LIST 2 scan listings\n"));
    assert!(session.contains("S +OK RETR 120 bytes\n"));
    assert!(session.contains("S +OK RETR 200 bytes\n"));
    // RFC 2449 §5: nine capabilities.
    assert!(find("rfc2449-5-capa.txt").contains(
        "S +OK CAPA 9 capabilities: TOP USER SASL RESP-CODES LOGIN-DELAY PIPELINING EXPIRE UIDL \
         IMPLEMENTATION\n"
    ));
    assert!(find("rfc2449-8-in-use.txt").contains("ok 3 S -ERR [IN-USE] APOP\n"));
    // RFC 5034 §6: the empty challenge, then the SASL line (never printed).
    assert!(find("rfc5034-6-empty-challenge.txt").contains(
        "C AUTH PLAIN\nok 8 S + continuation (AUTH)\nok 9 C AUTH-DATA\nok 10 S +OK AUTH\n"
    ));
    // The command pipelined after STLS is reported and never read as a command.
    let injection = find("malformed-stls-injection.txt");
    assert!(injection.contains("bytes sent before the reply to STLS"));
    assert!(!injection.contains("C USER"));
    // Neither a bare-LF nor a bare-CR "." line ends a body.
    assert!(find("malformed-body-end.txt").contains("S +OK RETR 54 bytes"));
}

#[test]
fn lf_transcripts_with_crlf_option_read_like_crlf_ones() {
    for (name, bytes, protocol) in fixtures() {
        if name.starts_with("malformed-") {
            continue;
        }
        let lf: Vec<u8> = String::from_utf8(bytes.clone())
            .unwrap()
            .replace("\r\n", "\n")
            .into_bytes();
        let options = TraceOptions::new(protocol);
        assert_eq!(
            trace(&lf, &options.with_crlf(true)),
            trace(&bytes, &options),
            "{name}"
        );
        assert!(
            !trace(&lf, &options).is_ok(),
            "{name}: bare LF must be reported"
        );
    }
}
