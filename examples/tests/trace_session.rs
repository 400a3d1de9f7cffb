//! `mail-trace` on small sessions written for one rule each, and its command line.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use mail_examples::trace::cli::{Invocation, UsageError, parse_args};
use mail_examples::trace::{Protocol, TraceOptions, trace};

/// The output for a transcript given as lines (each gets CRLF, except `C| ` / `S| ` lines).
fn run(lines: &[&str], options: TraceOptions) -> String {
    let mut text = String::new();
    for line in lines {
        text.push_str(line);
        text.push_str(if line.as_bytes().get(1) == Some(&b'|') {
            "\n"
        } else {
            "\r\n"
        });
    }
    trace(text.as_bytes(), &options).to_string()
}

fn smtp(lines: &[&str]) -> String {
    run(lines, TraceOptions::new(Protocol::Smtp))
}

#[test]
fn sasl_responses_are_never_shown() {
    let out = smtp(&[
        "S: 220 x",
        "C: AUTH LOGIN",
        "S: 334 VXNlcm5hbWU6",
        "C: c2VjcmV0LXVzZXI=",
        "S: 334 UGFzc3dvcmQ6",
        "C: not base64 hunter2",
        "S: 501 5.5.2 Cannot decode response",
        "C: AUTH PLAIN",
        "S: 334 ",
        "C: ",
        "S: 535 5.7.8 No",
    ]);
    assert_eq!(
        out,
        "ok 1 S 220 greeting\nok 2 C AUTH LOGIN\nok 3 S 334 AUTH\nok 4 C AUTH-DATA\n\
         ok 5 S 334 AUTH-DATA\nerr 6 C AUTH-DATA: not base64 (RFC 4954 §4)\n\
         ok 7 S 501 5.5.2 AUTH-DATA\nok 8 C AUTH PLAIN\nok 9 S 334 AUTH\nok 10 C AUTH-DATA\n\
         ok 11 S 535 5.7.8 AUTH-DATA\n11 messages, 1 errors\n"
    );
    assert!(!out.contains("hunter2") && !out.contains("c2Vj"));
}

#[test]
fn credentials_sent_as_commands_are_not_shown_either() {
    // The server did not ask (no 334): the line is read as a command, an unknown one.
    let out = smtp(&[
        "S: 220 x",
        "C: c2VjcmV0LXVzZXI",
        "S: 500 5.5.2 What?",
        "C: XCLIENT NAME=a",
        "S: 250 ok",
    ]);
    assert_eq!(
        out,
        "ok 1 S 220 greeting\nok 2 C command (unknown command)\nok 3 S 500 5.5.2 command\n\
         ok 4 C XCLIENT (unknown command)\nok 5 S 250 XCLIENT\n5 messages, 0 errors\n"
    );
}

#[test]
fn replies_that_do_not_fit_what_is_in_flight() {
    let out = smtp(&[
        "S: 220 x",
        "C: MAIL FROM:<a@b.example>",
        "S: 354 go ahead",
        "S: 421 4.3.2 shutting down",
        "S: 250 stray",
    ]);
    assert_eq!(
        out,
        "ok 1 S 220 greeting\nok 2 C MAIL\nerr 3 S 354 MAIL: 354 does not answer MAIL: only \
         DATA (354) and AUTH (334) get intermediate replies (RFC 5321 §4.3.2, RFC 4954 §4)\n\
         ok 4 S 421 4.3.2 unsolicited\nerr 5 S 250: reply with no command in flight\n\
         5 messages, 2 errors\n"
    );
}

#[test]
fn a_recording_that_starts_with_the_client_expects_no_greeting() {
    let out = smtp(&["C: NOOP", "S: 250 OK"]);
    assert_eq!(out, "ok 1 C NOOP\nok 2 S 250 NOOP\n2 messages, 0 errors\n");
}

#[test]
fn unfinished_things_at_the_end() {
    let out = smtp(&["S: 220 x", "C: NOOP", "S: 250-part", "C| QU"]);
    assert_eq!(
        out,
        "ok 1 S 220 greeting\nok 2 C NOOP\nerr 2 C NOOP: no reply by the end of the transcript\n\
         err 3 S incomplete reply at the end of the transcript\n\
         err 4 C incomplete line at the end of the transcript\n5 messages, 3 errors\n"
    );
    let out = smtp(&["S| 220 x"]);
    assert_eq!(
        out,
        "err 1 S incomplete reply at the end of the transcript\n\
         err 1 S no greeting by the end of the transcript\n2 messages, 2 errors\n"
    );
    let out = smtp(&["S: 220 x", "C: BDAT 10 LAST", "C| abc"]);
    assert_eq!(
        out,
        "ok 1 S 220 greeting\nok 2 C BDAT 10 LAST\nerr 2 C BDAT: no reply by the end of the \
         transcript\nerr 3 C BDAT-CHUNK: the transcript ends after 3 of 10 bytes\n\
         4 messages, 2 errors\n"
    );
}

#[test]
fn a_chunk_and_the_next_command_on_one_line() {
    // The same streams as "C| abc" then "C: BDAT 0 LAST": only the lines differ.
    let out = smtp(&[
        "S: 220 x",
        "C: BDAT 3",
        "C: abcBDAT 0 LAST",
        "S: 250 a",
        "S: 250 b",
    ]);
    assert_eq!(
        out,
        "ok 1 S 220 greeting\nok 2 C BDAT 3\nok 3 C BDAT-CHUNK 3 bytes\nok 3 C BDAT 0 LAST\n\
         ok 4 S 250 BDAT\nok 5 S 250 BDAT\n6 messages, 0 errors\n"
    );
}

#[test]
fn bytes_sent_before_the_deciding_reply() {
    let out = smtp(&[
        "S: 220 x",
        "C: AUTH PLAIN",
        "C: AHVAcA==",
        "S: 334 ",
        "S: 235 2.7.0 ok",
        "C: STARTTLS",
        "S: 220 go",
        "C: STARTTLS",
        "S: 454 4.7.0 no",
    ]);
    assert_eq!(
        out,
        "ok 1 S 220 greeting\nok 2 C AUTH PLAIN\nerr 3 C 10 bytes sent before the reply to AUTH, \
         which decides how they are read (RFC 2920 §3.1)\nok 3 C AUTH-DATA\nok 4 S 334 AUTH\n\
         ok 5 S 235 2.7.0 AUTH-DATA\nok 6 C STARTTLS\nok 7 S 220 STARTTLS (TLS starts)\n\
         err 8 C STARTTLS: TLS is already active (RFC 3207 §4.2)\nok 9 S 454 4.7.0 STARTTLS\n\
         10 messages, 2 errors\n"
    );
}

#[test]
fn lmtp_rules() {
    let lmtp = TraceOptions::new(Protocol::Lmtp);
    let out = run(
        &[
            "S: 220 x",
            "C: EHLO a",
            "S: 500 5.5.1 LHLO please",
            "C: LHLO a",
            "S: 250 x",
            "C: MAIL FROM:<>",
            "S: 250 ok",
            "C: DATA",
            "S: 354 go",
            "C: .",
            "S: 503 no valid recipients",
            "C: NOOP",
            "S: 250 ok",
        ],
        lmtp,
    );
    // No accepted recipient: the end of data still gets one reply (the failure), then NOOP its
    // own.
    assert_eq!(
        out,
        "ok 1 S 220 greeting\nok 2 C EHLO (unknown command)\nok 3 S 500 5.5.1 EHLO\n\
         ok 4 C LHLO\nok 5 S 250 LHLO 0 capabilities\nok 6 C MAIL\nok 7 S 250 MAIL\n\
         ok 8 C DATA\nerr 9 S 354 DATA: 354 with no accepted recipient (RFC 2033 §4.2: 503)\n\
         ok 10 C DATA-BODY 0 bytes\nok 11 S 503 DATA-BODY recipient 1/1\nok 12 C NOOP\n\
         ok 13 S 250 NOOP\n13 messages, 1 errors\n"
    );
}

#[test]
fn roundtrip_reports_what_does_not_encode() {
    // 511 octets and a bare LF fit the reader's 512; written with CRLF they do not.
    let long = format!("S: 220 {}", "x".repeat(507));
    let text = format!("{long}\n");
    let options = TraceOptions::new(Protocol::Smtp).with_roundtrip(true);
    assert_eq!(
        trace(text.as_bytes(), &options).to_string(),
        "err 1 S 220 greeting: line ends in a bare LF (RFC 5321 §2.3.8: CRLF); round trip: \
         does not encode: line of 513 octets exceeds the limit of 512\n1 messages, 1 errors\n"
    );
}

#[test]
fn command_line() {
    let args = |a: &[&str]| parse_args(a.iter().map(|s| (*s).to_owned()));
    assert_eq!(
        args(&["--protocol=SMTP", "--crlf", "--", "--roundtrip"]),
        Ok(Invocation::Trace {
            options: TraceOptions::new(Protocol::Smtp).with_crlf(true),
            files: vec!["--roundtrip".into()],
        })
    );
    assert_eq!(args(&["a.txt", "-h"]), Ok(Invocation::Help));
    assert_eq!(args(&["a.txt"]), Err(UsageError::NoProtocol));
    assert_eq!(
        args(&["--protocol", "nntp", "a"]),
        Err(UsageError::UnknownProtocol("nntp".into()))
    );
    assert_eq!(
        args(&["--protocol", "POP3", "a"]),
        Ok(Invocation::Trace {
            options: TraceOptions::new(Protocol::Pop3),
            files: vec!["a".into()],
        })
    );
    assert_eq!(args(&["--protocol"]), Err(UsageError::MissingValue));
    assert_eq!(args(&["--protocol", "lmtp"]), Err(UsageError::NoFile));
    assert_eq!(
        args(&["--verbose"]),
        Err(UsageError::UnknownOption("--verbose".into()))
    );
    assert!(
        matches!(args(&["--protocol", "smtp", "-"]), Ok(Invocation::Trace { files, .. }) if files == ["-"])
    );
}

#[test]
fn pop3_body_size_is_checked_against_list() {
    let text = "S: +OK ready\r\nC: LIST 1\r\nS: +OK 1 10\r\nC: RETR 1\r\nS: +OK\r\n\
                S: ..abc\r\nS: .\r\nC: QUIT\r\nS: +OK\r\n";
    assert_eq!(
        trace(text.as_bytes(), &TraceOptions::new(Protocol::Pop3)).to_string(),
        "ok 1 S +OK greeting\nok 2 C LIST\nok 3 S +OK LIST message 1: 10 octets\nok 4 C RETR\n\
         err 5 S +OK RETR 6 bytes: LIST gave message 1 as 10 octets (RFC 1939 §5: the exact \
         size)\nok 8 C QUIT\nok 9 S +OK QUIT\n7 messages, 1 errors\n"
    );
    // A SASL line is never printed, and a response nobody asked for is an error.
    let text = "S: +OK ready\r\nC: AUTH PLAIN\r\nS: + \r\nC: AGEAYg==\r\nS: -ERR [AUTH] no\r\n\
                S: -ERR bye\r\n";
    assert_eq!(
        trace(text.as_bytes(), &TraceOptions::new(Protocol::Pop3)).to_string(),
        "ok 1 S +OK greeting\nok 2 C AUTH PLAIN\nok 3 S + continuation (AUTH)\nok 4 C AUTH-DATA\n\
         ok 5 S -ERR [AUTH] AUTH\nerr 6 S -ERR unsolicited\n6 messages, 1 errors\n"
    );
}
