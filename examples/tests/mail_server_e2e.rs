//! End to end: `mail-client send` (the library code of the example) to the mail server (the
//! library code of the example) over submission with STARTTLS and AUTH, over the MX port,
//! over LMTP and over implicit TLS; what lands in each Maildir is the message byte for byte
//! after the added trace fields.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::print_stderr
)]

mod mail_server_common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::time::Duration;

use mail_examples::server::Service;
use mail_server_common::{TestServer, mail_client, split_trace};

/// A message with dot lines, 8-bit text and a Bcc: field, LF line ends as a file on disk has.
const MESSAGE: &[u8] = b"From: Alice <alice@example.org>\nTo: Bob <bob@example.org>\nBcc: secret@example.org,\n  other@example.org\nSubject: end to end\nMessage-ID: <e2e@example.org>\n\n.leading dot\n..two dots\n.\ncaf\xc3\xa9\nlast line\n";

/// What must arrive: the same without Bcc, in CRLF form.
const DELIVERED: &[u8] = b"From: Alice <alice@example.org>\r\nTo: Bob <bob@example.org>\r\nSubject: end to end\r\nMessage-ID: <e2e@example.org>\r\n\r\n.leading dot\r\n..two dots\r\n.\r\ncaf\xc3\xa9\r\nlast line\r\n";

fn one_message(server: &TestServer, user: &str) -> (String, Vec<u8>) {
    let messages = server.new_messages(user);
    assert_eq!(messages.len(), 1, "{user} has {} messages", messages.len());
    let (trace, body) = split_trace(&messages[0]);
    (trace, body.to_vec())
}

#[test]
fn submission_with_starttls_and_auth_to_two_local_users() {
    let server = TestServer::start("e2e-submission", &[]);
    let port = server.port(Service::Submission).to_string();
    let ca = server.ca.display().to_string();
    let (out, err, status) = mail_client(
        &[
            "send",
            "--server",
            &format!("127.0.0.1:{port}"),
            "--starttls",
            "--ca",
            &ca,
            "--user",
            "alice:alicepw",
            "--from",
            "alice@example.org",
            "--to",
            "bob@example.org",
            "--to",
            "alice@example.org",
        ],
        MESSAGE,
    );
    assert_eq!((status, err.as_str()), (0, ""));
    assert_eq!(
        out,
        "bob@example.org accepted\nalice@example.org accepted\n"
    );
    for user in ["alice", "bob"] {
        let (trace, body) = one_message(&server, user);
        assert_eq!(body, DELIVERED);
        assert!(trace.starts_with("Return-Path: <alice@example.org>\r\nReceived: from [127.0.0.1] ([127.0.0.1])\r\n\tby example.org with ESMTPSA id "), "{trace}");
        assert!(
            trace.contains(&format!("\r\n\tfor <{user}@example.org>; ")),
            "{trace}"
        );
        assert_eq!(server.tmp_files(user), 0);
    }
}

#[test]
fn mx_accepts_local_users_only() {
    let server = TestServer::start("e2e-mx", &[]);
    let addr = server.addr(Service::Smtp).to_string();
    let (out, err, status) = mail_client(
        &[
            "send",
            "--server",
            &addr,
            "--from",
            "someone@elsewhere.example",
            "--to",
            "alice@example.org",
            "--to",
            "nobody@example.org",
            "--to",
            "bob@EXAMPLE.ORG",
            "--to",
            "carol@elsewhere.example",
        ],
        MESSAGE,
    );
    assert_eq!((status, err.as_str()), (1, ""));
    assert_eq!(
        out,
        "alice@example.org accepted\n\
         nobody@example.org rejected 550 5.1.1 No such user here\n\
         bob@EXAMPLE.ORG accepted\n\
         carol@elsewhere.example rejected 550 5.7.1 Relaying denied: this server only accepts mail for its own users\n"
    );
    for user in ["alice", "bob"] {
        let (trace, body) = one_message(&server, user);
        assert_eq!(body, DELIVERED);
        assert!(trace.starts_with("Return-Path: <someone@elsewhere.example>\r\n"));
        assert!(trace.contains(" with ESMTP id "), "{trace}");
    }
    assert!(server.new_messages("nobody").is_empty());
}

#[test]
fn submission_needs_auth_before_mail() {
    let server = TestServer::start("e2e-noauth", &[]);
    let addr = server.addr(Service::Submission).to_string();
    let (out, _, status) = mail_client(
        &[
            "send",
            "--server",
            &addr,
            "--from",
            "alice@example.org",
            "--to",
            "bob@example.org",
        ],
        MESSAGE,
    );
    assert_eq!(status, 1);
    assert_eq!(
        out,
        "bob@example.org rejected 530 5.7.0 Authentication required\n"
    );
    assert!(server.new_messages("bob").is_empty());
    // A wrong password: one clear line, nothing sent.
    let (out, err, status) = mail_client(
        &[
            "send",
            "--server",
            &addr,
            "--user",
            "alice:wrong",
            "--from",
            "alice@example.org",
            "--to",
            "bob@example.org",
        ],
        MESSAGE,
    );
    assert_eq!(status, 1);
    assert_eq!(out, "bob@example.org not sent\n");
    assert_eq!(
        err,
        "mail-client: authentication failed: 535 5.7.8 Authentication credentials invalid\n"
    );
}

#[test]
fn lmtp_answers_per_recipient_and_smtps_is_tls_from_the_start() {
    let server = TestServer::start("e2e-lmtp", &[]);
    let addr = server.addr(Service::Lmtp).to_string();
    let (out, _, status) = mail_client(
        &[
            "send",
            "--server",
            &addr,
            "--lmtp",
            "--from",
            "",
            "--to",
            "bob@example.org",
            "--to",
            "zed@example.org",
        ],
        MESSAGE,
    );
    assert_eq!(status, 1);
    assert_eq!(
        out,
        "bob@example.org accepted\nzed@example.org rejected 550 5.1.1 No such user here\n"
    );
    let (trace, body) = one_message(&server, "bob");
    assert_eq!(body, DELIVERED);
    assert!(
        trace.starts_with("Return-Path: <>\r\n") && trace.contains(" with LMTP id "),
        "{trace}"
    );

    let port = server.port(Service::Smtps);
    let ca = server.ca.display().to_string();
    let (out, err, status) = mail_client(
        &[
            "send",
            "--server",
            &format!("localhost:{port}"),
            "--tls",
            "--ca",
            &ca,
            "--user",
            "bob:bobpw",
            "--from",
            "bob@example.org",
            "--to",
            "alice@example.org",
        ],
        MESSAGE,
    );
    assert_eq!(
        (out.as_str(), err.as_str(), status),
        ("alice@example.org accepted\n", "", 0)
    );
    let (trace, _) = one_message(&server, "alice");
    assert!(trace.contains(" with ESMTPSA id "), "{trace}");
}

#[test]
fn client_errors_are_one_line() {
    let server = TestServer::start("e2e-errors", &[]);
    let port = server.port(Service::Submission);
    // The self-signed certificate is not trusted without --ca.
    let (out, err, status) = mail_client(
        &[
            "send",
            "--server",
            &format!("127.0.0.1:{port}"),
            "--starttls",
            "--ca",
            "/dev/null",
            "--from",
            "a@example.org",
            "--to",
            "bob@example.org",
        ],
        b"x",
    );
    assert_eq!((out.as_str(), status), ("", 1));
    assert_eq!(err, "mail-client: /dev/null: no usable PEM certificate\n");
    let (_, err, status) = mail_client(
        &[
            "send",
            "--server",
            &format!("127.0.0.1:{port}"),
            "--starttls",
            "--insecure",
            "--user",
            "alice:alicepw",
            "--from",
            "a@example.org",
            "--to",
            "bob@example.org",
        ],
        b"Subject: insecure but encrypted\r\n\r\n",
    );
    assert_eq!((err.as_str(), status), ("", 0));
    let (_, err, status) = mail_client(
        &[
            "send",
            "--server",
            "127.0.0.1:1",
            "--from",
            "a@example.org",
            "--to",
            "b@example.org",
        ],
        b"x",
    );
    assert_eq!(status, 1);
    assert!(
        err.starts_with("mail-client: cannot connect to 127.0.0.1:1: ") && err.lines().count() == 1,
        "{err}"
    );
    let (_, err, status) = mail_client(
        &[
            "send",
            "--server",
            "127.0.0.1:1",
            "--from",
            "a@",
            "--to",
            "b@example.org",
        ],
        b"x",
    );
    assert_eq!(status, 1);
    assert!(err.starts_with("mail-client: --from \"a@\": "), "{err}");
}

#[test]
fn shutdown_ends_open_sessions_with_421() {
    let mut server = TestServer::start("e2e-shutdown", &[]);
    let stream = TcpStream::connect(server.addr(Service::Smtp)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    assert_eq!(line, "220 example.org ESMTP ready\r\n");
    (&stream).write_all(b"EHLO c.example\r\n").unwrap();
    loop {
        line.clear();
        reader.read_line(&mut line).unwrap();
        if line.starts_with("250 ") {
            break;
        }
    }
    let running = server.running.take().unwrap();
    let started = std::time::Instant::now();
    running.shutdown(Duration::from_secs(5));
    assert!(started.elapsed() < Duration::from_secs(3));
    line.clear();
    reader.read_line(&mut line).unwrap();
    assert_eq!(
        line,
        "421 example.org 4.3.2 Service shutting down, closing connection\r\n"
    );
}
