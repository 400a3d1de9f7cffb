//! `mail-trace --protocol imap` on the transcripts in `examples/transcripts/imap/` (see the
//! README there): each against its expected output in the `.out` file beside it, checked by
//! hand; credentials never in the output; the same messages however the transcript lines are
//! cut; no panic on any input.
//!
//! After an intended change, `MAIL_TRACE_BLESS=1 cargo test -p mail-examples --test
//! trace_imap` rewrites the expected files; review the diff before committing it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::PathBuf;

use mail_examples::trace::cli::{Invocation, parse_args};
use mail_examples::trace::transcript::{Direction, Transcript};
use mail_examples::trace::{Entry, Protocol, TraceOptions, trace};
use proptest::prelude::*;

const IMAP: TraceOptions = TraceOptions::new(Protocol::Imap);

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("transcripts")
        .join("imap")
}

/// Every fixture: its file name and bytes.
fn fixtures() -> Vec<(String, Vec<u8>)> {
    let mut all: Vec<_> = std::fs::read_dir(dir())
        .expect("transcripts directory")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            let name = p.file_name().unwrap().to_str().unwrap().to_owned();
            (name, std::fs::read(&p).expect("readable transcript"))
        })
        .collect();
    all.sort();
    assert!(all.len() >= 21, "fixtures lost: {}", all.len());
    all
}

fn find(name: &str) -> String {
    let (_, bytes) = fixtures().into_iter().find(|f| f.0 == name).unwrap();
    trace(&bytes, &IMAP).to_string()
}

#[test]
fn fixtures_match_expected_output() {
    let bless = std::env::var_os("MAIL_TRACE_BLESS").is_some();
    let mut failures = Vec::new();
    for (name, bytes) in fixtures() {
        let actual = trace(&bytes, &IMAP).to_string();
        let expected_path = dir().join(name.replace(".txt", ".out"));
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

/// RFC examples that break their own grammar, with the transcript lines reported: RFC 2177
/// §3's `[UIDVALIDITY 1]` without text and its `(...)` placeholders; RFC 3501 §8 and RFC
/// 9051 §8 write a space between the addresses of an address list (`env-cc = "(" 1*address
/// ")"`), which servers do too (accepted as the `extra_spaces` quirk).
const RFC_DEVIATIONS: &[(&str, &[usize])] = &[
    ("rfc2177-3-idle.txt", &[5, 13, 25]),
    ("rfc3501-8.txt", &[12]),
    ("rfc9051-8.txt", &[20]),
];

#[test]
fn good_fixtures_have_no_error_even_with_roundtrip() {
    for (name, bytes) in fixtures() {
        let plain = trace(&bytes, &IMAP);
        if name.starts_with("malformed-") {
            assert!(!plain.is_ok(), "{name} should have errors");
            continue;
        }
        if let Some((_, lines)) = RFC_DEVIATIONS.iter().find(|(n, _)| *n == name) {
            let text = plain.to_string();
            let reported: Vec<usize> = text
                .lines()
                .filter_map(|l| l.strip_prefix("err "))
                .map(|l| l.split(' ').next().unwrap().parse().unwrap())
                .collect();
            assert_eq!(reported, *lines, "{name}:\n{text}");
        } else {
            assert!(plain.is_ok(), "{name}:\n{plain}");
        }
        let roundtrip = trace(&bytes, &IMAP.with_roundtrip(true));
        assert_eq!(roundtrip, plain, "{name}");
    }
}

#[test]
fn rfc_examples_decode_to_the_expected_messages() {
    // RFC 3501 §8: the header of message 12 is a literal of 342 octets (eight header lines
    // and the empty line, CRLF each), its 10 lines and the ")" line are one response.
    let rev1 = find("rfc3501-8.txt");
    assert!(rev1.starts_with("ok 1 S * OK greeting\nok 2 C LOGIN\nok 3 S a001 OK LOGIN\n"));
    assert!(rev1.contains("ok 14 C FETCH\nok 15 S * 12 FETCH {342}\nok 26 S a004 OK FETCH\n"));
    assert!(rev1.contains("ok 10 S a002 OK [READ-WRITE] SELECT\n"));
    assert!(rev1.ends_with("ok 31 S * BYE\nok 32 S a006 OK LOGOUT\n22 messages, 1 errors\n"));
    // RFC 9051 §8: STARTTLS, then SCRAM with an initial response, two challenges, the
    // client's two answers (the last one empty); no greeting after TLS.
    assert!(find("rfc9051-8.txt").contains(
        "ok 3 S a000 OK STARTTLS (TLS starts)\n\
         ok 4 C AUTHENTICATE SCRAM-SHA-256 with initial response\n\
         ok 5 S + continuation (AUTHENTICATE)\nok 6 C AUTH-DATA\n\
         ok 7 S + continuation (AUTHENTICATE)\nok 8 C AUTH-DATA\n\
         ok 9 S A001 OK AUTHENTICATE\n"
    ));
    // RFC 3501 §6.3.11: the message is 310 octets; the empty line after it ends the command.
    assert_eq!(
        find("rfc3501-6.3.11-append.txt"),
        "ok 1 C APPEND 310 bytes\nok 2 S + continuation (literal)\nok 13 S A003 OK APPEND\n\
         3 messages, 0 errors\n"
    );
    // RFC 2177 §3: untagged updates while idling, and DONE.
    assert!(find("rfc2177-3-idle.txt").contains(
        "ok 15 C IDLE\nok 16 S * 2 EXPUNGE\nok 17 S * 3 EXISTS\nok 18 S + continuation (IDLE)\n"
    ));
    assert!(find("rfc4959-4-plain.txt").contains(
        "ok 4 C AUTHENTICATE PLAIN\nok 5 S + continuation (AUTHENTICATE)\nok 6 C AUTH-DATA\n"
    ));
    // The command pipelined after STARTTLS is reported and never read as a command.
    let injection = find("malformed-starttls-injection.txt");
    assert!(injection.contains("err 3 C 25 bytes sent after STARTTLS before the server's OK"));
    assert!(!injection.contains("C LOGIN"));
    // A refused synchronizing literal is never sent: the next line is a command.
    assert!(find("literal-refused.txt").contains(
        "ok 4 C APPEND (literal not sent)\nok 5 S a2 NO [TOOBIG] APPEND (literal refused)\n\
         ok 6 C LOGOUT\n"
    ));
}

/// Words of the client's lines that must not be printed: everything but keywords.
fn client_words(bytes: &[u8]) -> Vec<String> {
    let t = Transcript::parse(bytes);
    String::from_utf8_lossy(t.stream(Direction::Client))
        .split_whitespace()
        .filter(|w| {
            w.len() >= 6
                && !w
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
        })
        .map(str::to_owned)
        .collect()
}

#[test]
fn credentials_never_appear_in_the_output() {
    let secrets = [
        "secret",
        "password",
        "dGVzdAB0ZXN0AHRlc3Q",
        "AGZyZWQAc2VjcmV0",
        "biwsbj11c2Vy",
        "Yz1iaXdz",
        "YIIB+wYJ",
        "YDMGCSqG",
    ];
    for (name, bytes) in fixtures() {
        for options in [IMAP, IMAP.with_roundtrip(true)] {
            let out = trace(&bytes, &options).to_string();
            for secret in secrets {
                assert!(!out.contains(secret), "{name}: {secret} in\n{out}");
            }
            for word in client_words(&bytes) {
                assert!(!out.contains(&word), "{name}: {word:?} in\n{out}");
            }
        }
    }
    // SASL data sent at the wrong time: before the "+", after a refusal, as a command.
    let text = "S: * OK ready\r\nC: a1 AUTHENTICATE PLAIN\r\nC: AGZyZWQAc2VjcmV0\r\n\
                S: a1 NO [CANNOT] not now\r\nS: AGZyZWQAc2VjcmV0 BAD what\r\n\
                C: a2 LOGIN fred {6}\r\nS: + \r\nC: hunter\r\nS: a2 OK done\r\n";
    let out = trace(text.as_bytes(), &IMAP.with_roundtrip(true)).to_string();
    assert_eq!(
        out,
        "ok 1 S * OK greeting\nok 2 C AUTHENTICATE PLAIN\n\
         err 3 C 18 bytes sent before the response to AUTHENTICATE, which decides how they \
         are read (RFC 9051 §5.5)\n\
         err 3 C command: invalid command at offset 16 (a server answers BAD)\n\
         ok 4 S a1 NO [CANNOT] AUTHENTICATE\n\
         ok 5 S (tag not shown) BAD command\n\
         ok 6 C LOGIN\nok 7 S + continuation (literal)\nok 9 S a2 OK LOGIN\n\
         9 messages, 2 errors\n"
    );
    assert!(!out.contains("AGZyZWQAc2VjcmV0") && !out.contains("hunter"));
}

#[test]
fn lf_transcripts_with_crlf_option_read_like_crlf_ones() {
    for (name, bytes) in fixtures() {
        if name.starts_with("malformed-") {
            continue;
        }
        let lf = String::from_utf8(bytes.clone())
            .unwrap()
            .replace("\r\n", "\n")
            .into_bytes();
        assert_eq!(
            trace(&lf, &IMAP.with_crlf(true)),
            trace(&bytes, &IMAP),
            "{name}"
        );
        assert!(
            !trace(&lf, &IMAP).is_ok(),
            "{name}: bare LF must be reported"
        );
    }
}

#[test]
fn sessions_written_by_hand() {
    let run = |text: &str| trace(text.as_bytes(), &IMAP).to_string();
    // Pipelined commands completed out of order; a literal from a client that did not wait.
    assert_eq!(
        run(
            "C: a1 FETCH 1 FLAGS\r\nC: a2 NOOP\r\nS: a2 OK done\r\nS: * 1 FETCH (FLAGS ())\r\n\
             S: a1 OK done\r\nC: a3 CREATE {3}\r\nC: box\r\nS: + \r\nS: a3 OK done\r\n"
        ),
        "ok 1 C FETCH\nok 2 C NOOP\nok 3 S a2 OK NOOP\nok 4 S * 1 FETCH\nok 5 S a1 OK FETCH\n\
         ok 6 C CREATE\nerr 7 C 5 bytes sent before the continuation request for a \
         synchronizing literal (RFC 9051 §4.3)\nok 8 S + continuation (literal)\n\
         ok 9 S a3 OK CREATE\n9 messages, 1 errors\n"
    );
    // The server ends IDLE itself; a second STARTTLS under TLS; the end inside a response.
    assert_eq!(
        run(
            "S: * PREAUTH hi\r\nC: a1 IDLE\r\nS: + idling\r\nS: a1 OK [ALERT] bye\r\n\
             C: a2 STARTTLS\r\nS: a2 OK go\r\nC: a3 STARTTLS\r\nS: a3 BAD again\r\n\
             S: * 1 FETCH (BODY[] {9}\r\nS: abc\r\n"
        ),
        "ok 1 S * PREAUTH greeting (authenticated)\nok 2 C IDLE\nok 3 S + continuation (IDLE)\n\
         ok 4 S a1 OK [ALERT] IDLE\nok 5 C STARTTLS\nok 6 S a2 OK STARTTLS (TLS starts)\n\
         err 7 C STARTTLS: TLS is already active (RFC 9051 §6.2.1: BAD)\n\
         ok 8 S a3 BAD STARTTLS\n\
         err 9 S response: the transcript ends after 5 of 9 bytes of a literal\n\
         9 messages, 2 errors\n"
    );
    // A continuation request without its SP is reported, and still followed.
    assert_eq!(
        run("C: a1 AUTHENTICATE PLAIN\r\nS: +\r\nC: AGEAYg==\r\nS: a1 OK done\r\n"),
        "ok 1 C AUTHENTICATE PLAIN\nerr 2 S + continuation (AUTHENTICATE): accepted only as \
         a deployed servers' deviation: invalid continue-req at offset 1\n\
         ok 3 C AUTH-DATA\nok 4 S a1 OK AUTHENTICATE\n4 messages, 1 errors\n"
    );
    // The end after a response's literal, before the line that ends the response.
    assert_eq!(
        run("S: * OK hi\r\nS: * 1 FETCH (BODY[] {3}\r\nS| abc\n"),
        "ok 1 S * OK greeting\nerr 2 S incomplete response at the end of the transcript\n\
         2 messages, 1 errors\n"
    );
    // A tagged greeting, an unterminated last line, a command with no completion.
    assert_eq!(
        run("S: a1 OK hi\r\nC: a2 NOOP\r\nC| a3 NO"),
        "err 1 S a1 OK: no command in flight has this tag (RFC 9051 §2.2.1); the greeting is \
         an untagged OK, PREAUTH or BYE (RFC 9051 §7.1)\nok 2 C NOOP\n\
         err 2 C NOOP: no tagged completion by the end of the transcript\n\
         err 3 C incomplete line at the end of the transcript\n4 messages, 3 errors\n"
    );
}

#[test]
fn framing_limits() {
    // A line over the framing stage's limit is reported and skipped to its end; a literal
    // over the limit is refused by the server (synchronizing) or skipped as it comes.
    let long = "x".repeat(70_000);
    let text = format!(
        "S: * OK ready\r\nC: a1 SELECT {long}\r\nS: a1 BAD [TOOBIG] too long\r\n\
         C: a2 APPEND INBOX {{99999999999}}\r\nS: a2 NO [TOOBIG] no\r\n\
         S: * 1 FETCH (BODY[] {long})\r\nC: a3 APPEND INBOX {{99999999999+}}\r\nC: abc\r\n\
         S: a3 OK done\r\n"
    );
    assert_eq!(
        trace(text.as_bytes(), &IMAP).to_string(),
        "ok 1 S * OK greeting\nerr 2 C SELECT: line longer than 65536 octets\n\
         ok 3 S a1 BAD [TOOBIG] SELECT\nok 4 C APPEND (literal not sent)\n\
         ok 5 S a2 NO [TOOBIG] APPEND (literal refused)\n\
         err 6 S response: line longer than 65536 octets\n\
         err 7 C APPEND: literal of 99999999999 octets is larger than the limit of 67108864\n\
         ok 9 S a3 OK APPEND\n8 messages, 3 errors\n"
    );
}

#[test]
fn command_line_takes_imap() {
    let args = ["--protocol", "IMAP", "a.txt"].map(String::from);
    assert_eq!(
        parse_args(args),
        Ok(Invocation::Trace {
            options: IMAP,
            files: vec!["a.txt".into()],
        })
    );
}

/// Cuts `bytes` at the given fractions (each in 0..1000) of its length.
fn cut(bytes: &[u8], fractions: &[u16]) -> Vec<Vec<u8>> {
    let mut points: Vec<usize> = fractions
        .iter()
        .map(|&f| bytes.len() * usize::from(f) / 1000)
        .filter(|&p| p > 0 && p < bytes.len())
        .collect();
    points.sort_unstable();
    points.dedup();
    let mut pieces = Vec::new();
    let mut from = 0;
    for p in points.into_iter().chain([bytes.len()]) {
        pieces.push(bytes[from..p].to_vec());
        from = p;
    }
    pieces
}

const TOKENS: &[&[u8]] = &[
    b"",
    b"a1 LOGIN fred {6}\r\n",
    b"a2 APPEND INBOX {5+}\r\n",
    b"a3 AUTHENTICATE PLAIN\r\n",
    b"a4 IDLE\r\n",
    b"a5 STARTTLS\r\n",
    b"a6 FETCH 1 BODY[]\r\n",
    b"DONE\r\n",
    b"*\r\n",
    b"dGVzdAB0ZXN0AHRlc3Q=\r\n",
    b"hello",
    b"* OK ready\r\n",
    b"* 1 FETCH (BODY[] {3}\r\n",
    b")\r\n",
    b"+ go\r\n",
    b"+\r\n",
    b"a1 OK done\r\n",
    b"a2 NO [TOOBIG] no\r\n",
    b"a3 BAD what\r\n",
    b"a4 OK [ALERT x\r\n",
    b"a5 OK begin\r\n",
    b"* BYE bye\r\n",
    b"{2}\r\n",
    b"~{1}\r\n",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// Every transcript line cut into several (`C| ` pieces and a last `C: ` piece) gives the
    /// same messages at the same original lines.
    #[test]
    fn follower_ignores_how_lines_are_cut(
        cuts in proptest::collection::vec(0u16..1000, 1..6),
        roundtrip in any::<bool>(),
    ) {
        for (name, bytes) in fixtures() {
            let options = IMAP.with_roundtrip(roundtrip);
            let t = Transcript::parse(&bytes);
            let mut text = Vec::new();
            let mut original_line = vec![0]; // new line number → original line
            for (i, s) in t.segments().iter().enumerate() {
                let shift = (i * 7) as u16;
                let fractions: Vec<u16> = cuts.iter().map(|c| (c + shift) % 1000).collect();
                for piece in cut(&t.stream(s.direction)[s.range.clone()], &fractions) {
                    text.push(if s.direction == Direction::Client { b'C' } else { b'S' });
                    if piece.ends_with(b"\n") {
                        text.extend_from_slice(b": ");
                        text.extend_from_slice(&piece);
                    } else {
                        text.extend_from_slice(b"| ");
                        text.extend_from_slice(&piece);
                        text.push(b'\n');
                    }
                    original_line.push(s.line);
                }
            }
            let expected = trace(&bytes, &options);
            let mapped: Vec<Entry> = trace(&text, &options)
                .entries
                .into_iter()
                .map(|e| Entry { line: original_line[e.line], ..e })
                .collect();
            prop_assert_eq!(mapped, expected.entries, "{}", name);
        }
    }

    /// No panic on arbitrary bytes.
    #[test]
    fn no_panic_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let report = trace(&bytes, &IMAP.with_roundtrip(true));
        prop_assert_eq!(report.errors() == 0, report.is_ok());
        let _ = trace(&bytes, &IMAP.with_crlf(true));
    }

    /// No panic on transcripts made of protocol elements in any order; entries stay ordered.
    #[test]
    fn no_panic_on_shuffled_sessions(
        lines in proptest::collection::vec((0usize..4, 0usize..TOKENS.len(), any::<u8>()), 0..40),
    ) {
        let mut text = Vec::new();
        for (prefix, token, byte) in lines {
            text.extend_from_slice([b"C: ", b"S: ", b"C| ", b"S| "][prefix]);
            text.extend_from_slice(TOKENS[token]);
            if token == 0 {
                text.push(byte);
            }
            if !text.ends_with(b"\n") {
                text.push(b'\n');
            }
        }
        let report = trace(&text, &IMAP.with_roundtrip(true));
        prop_assert!(report.entries.windows(2).all(|w| w[0].line <= w[1].line));
    }
}
