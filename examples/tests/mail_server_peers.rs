//! Real clients against the mail server: Python's smtplib (STARTTLS + AUTH on submission, and
//! the MX port), curl (`smtp://` with `--ssl-reqd`) and swaks (`--pipeline`, STARTTLS, AUTH).
//! What lands in the Maildirs is checked byte for byte after the trace fields.
//!
//! The clients come from `scripts/peers/install_clients.sh` (python3 from the machine). Without
//! them the tests say so and pass, except under `CI=true`, where a missing peer is a failure.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::print_stderr
)]

mod mail_server_common;

use std::process::Command;

use mail_examples::server::Service;
use mail_server_common::{TestServer, peer, python_bytes, runs, split_trace};

const MESSAGE: &[u8] = b"From: Alice <alice@example.org>\r\nTo: Bob <bob@example.org>\r\nSubject: peers\r\n\r\n.leading dot\r\n..two dots\r\n.\r\ncaf\xc3\xa9\r\nend\r\n";

fn check_delivered(server: &TestServer, users: &[&str], from: &str, with: &str) {
    for user in users {
        let stored = server.new_messages(user);
        assert_eq!(stored.len(), 1, "{user}");
        let (trace, body) = split_trace(&stored[0]);
        assert_eq!(body, MESSAGE, "{user}");
        assert!(
            trace.starts_with(&format!("Return-Path: <{from}>\r\n")),
            "{trace}"
        );
        assert!(trace.contains(&format!(" with {with} id ")), "{trace}");
        assert!(
            trace.contains(&format!("\tfor <{user}@example.org>; ")),
            "{trace}"
        );
    }
}

#[test]
fn smtplib_submission_with_starttls_and_auth_then_mx() {
    if !peer("python3", runs("python3", &["-c", "import smtplib, ssl"])) {
        return;
    }
    let server = TestServer::start("peer-smtplib", &[]);
    let script = format!(
        r#"
import smtplib, ssl
MESSAGE = {message}
ctx = ssl.create_default_context(cafile={ca:?})
with smtplib.SMTP('127.0.0.1', {submission}) as s:
    s.ehlo('client.example')
    s.starttls(context=ctx)
    s.ehlo('client.example')
    assert 'PLAIN' in s.esmtp_features['auth'], s.esmtp_features
    s.login('alice', 'alicepw')
    assert s.sendmail('alice@example.org', ['alice@example.org', 'bob@example.org'], MESSAGE) == {{}}
with smtplib.SMTP('127.0.0.1', {smtp}) as s:
    refused = s.sendmail('x@elsewhere.example', ['nobody@example.org', 'bob@example.org'], MESSAGE)
    assert refused == {{'nobody@example.org': (550, b'5.1.1 No such user here')}}, refused
print('ok')
"#,
        message = python_bytes(MESSAGE),
        ca = server.ca.display().to_string(),
        submission = server.port(Service::Submission),
        smtp = server.port(Service::Smtp),
    );
    let out = Command::new("python3")
        .args(["-c", &script])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    check_delivered(&server, &["alice"], "alice@example.org", "ESMTPSA");
    let bob = server.new_messages("bob");
    assert_eq!(bob.len(), 2);
    let bodies: Vec<&[u8]> = bob.iter().map(|m| split_trace(m).1).collect();
    assert_eq!(bodies, [MESSAGE, MESSAGE]);
}

#[test]
fn curl_smtp_with_ssl_reqd() {
    if !peer("curl", runs("curl", &["--version"])) {
        return;
    }
    let server = TestServer::start("peer-curl", &[]);
    let file = server.data.join("message.eml");
    std::fs::write(&file, MESSAGE).unwrap();
    let out = Command::new("curl")
        .args([
            "-sS",
            "--url",
            &format!("smtp://127.0.0.1:{}", server.port(Service::Submission)),
            "--ssl-reqd",
            "--cacert",
            &server.ca.display().to_string(),
            "-u",
            "bob:bobpw",
            "--mail-from",
            "bob@example.org",
            "--mail-rcpt",
            "alice@example.org",
            "--mail-rcpt",
            "bob@example.org",
            "-T",
            &file.display().to_string(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    check_delivered(&server, &["alice", "bob"], "bob@example.org", "ESMTPSA");
}

#[test]
fn swaks_pipelining_over_starttls_with_auth() {
    if !peer("swaks", runs("swaks", &["--version"])) {
        return;
    }
    let server = TestServer::start("peer-swaks", &[]);
    let file = server.data.join("message.eml");
    // swaks ends DATA with its own CRLF before the final dot: give it the message without
    // its last line break, so that what it sends is MESSAGE exactly.
    std::fs::write(&file, &MESSAGE[..MESSAGE.len() - 2]).unwrap();
    let out = Command::new("swaks")
        .args([
            "--server",
            "127.0.0.1",
            "--port",
            &server.port(Service::Submission).to_string(),
            "--from",
            "alice@example.org",
            "--to",
            "bob@example.org",
            "--pipeline",
            "-tls",
            "--tls-ca-path",
            &server.ca.display().to_string(),
            "--auth",
            "PLAIN",
            "--auth-user",
            "alice",
            "--auth-password",
            "alicepw",
            "--data",
            &format!("@{}", file.display()),
        ])
        .output()
        .unwrap();
    let transcript = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{transcript}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Over TLS (`~>`), swaks sent MAIL, RCPT and DATA in one go, no reply between them.
    assert!(
        transcript.contains(
            " ~> MAIL FROM:<alice@example.org>\n ~> RCPT TO:<bob@example.org>\n ~> DATA\n"
        ),
        "{transcript}"
    );
    check_delivered(&server, &["bob"], "alice@example.org", "ESMTPSA");
}
