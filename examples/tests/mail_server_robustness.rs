//! Robustness of the mail server under load and against hostile clients: 200 concurrent
//! sessions, SMTP smuggling, STARTTLS command injection, oversize messages.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::print_stderr
)]

mod mail_server_common;

use std::collections::HashMap;
use std::io::{Read, Write};
use std::sync::Arc;
use std::thread;

use mail_examples::net::Connection;
use mail_examples::server::Service;
use mail_server_common::raw::{Raw, tagged_message};
use mail_server_common::{TestServer, split_trace};

#[test]
fn two_hundred_sessions_of_ten_messages() {
    let server = TestServer::start("load", &[]);
    let addr = server.addr(Service::Smtp);
    let sessions: Vec<_> = (0..200)
        .map(|s| {
            thread::spawn(move || {
                let mut raw = Raw::connect(addr).unwrap();
                assert!(raw.command("EHLO load.example").unwrap().starts_with("250"));
                let mut acknowledged = Vec::new();
                for m in 0..10 {
                    let tag = format!("s{s}m{m}");
                    let reply = raw
                        .transaction(
                            "load@test.example",
                            "alice@example.org",
                            &tagged_message(&tag, 5),
                        )
                        .unwrap();
                    assert!(reply.starts_with("250 2.0.0 Ok: queued as "), "{reply}");
                    acknowledged.push(tag);
                }
                raw.command("QUIT").unwrap();
                acknowledged
            })
        })
        .collect();
    let acknowledged: Vec<String> = sessions
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    assert_eq!(acknowledged.len(), 2000);
    let mut seen: HashMap<String, usize> = HashMap::new();
    for stored in server.new_messages("alice") {
        let (_, body) = split_trace(&stored);
        let subject = body.split(|&b| b == b'\r').next().unwrap();
        let tag = String::from_utf8(subject.to_vec()).unwrap();
        let tag = tag
            .trim_start_matches("Message-ID: <")
            .trim_end_matches("@test.example>")
            .to_owned();
        assert_eq!(body, tagged_message(&tag, 5), "message {tag} damaged");
        *seen.entry(tag).or_default() += 1;
    }
    for tag in &acknowledged {
        assert_eq!(seen.get(tag), Some(&1), "{tag}");
    }
    assert_eq!(seen.len(), 2000);
    assert_eq!(server.tmp_files("alice"), 0);
}

#[test]
fn smuggling_payloads_make_exactly_one_message() {
    let server = TestServer::start("smuggle", &[]);
    let addr = server.addr(Service::Smtp);
    let fake_ends: [&[u8]; 6] = [
        b"\n.\n", b"\n.\r\n", b"\r\n.\n", b"\r.\r", b"\r\n.\r", b"\r.\r\n",
    ];
    for (i, end) in fake_ends.iter().enumerate() {
        let mut payload = format!(
            "EHLO evil.example\r\nMAIL FROM:<a@evil.example>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\nSubject: carrier {i}\r\n\r\nhello"
        )
        .into_bytes();
        payload.extend_from_slice(end);
        payload.extend_from_slice(
            b"MAIL FROM:<smuggled@evil.example>\r\nRCPT TO:<bob@example.org>\r\nDATA\r\nSubject: smuggled\r\n\r\nsmuggled\r\n.\r\nQUIT\r\n",
        );
        let mut raw = Raw::connect(addr).unwrap();
        raw.send(&payload).unwrap();
        let mut rest = String::new();
        raw.reader.read_to_string(&mut rest).unwrap();
        assert_eq!(rest.matches("queued as").count(), 1, "{rest}");
    }
    assert!(
        server.new_messages("bob").is_empty(),
        "a smuggled message was delivered"
    );
    let alice = server.new_messages("alice");
    assert_eq!(alice.len(), fake_ends.len());
    for stored in alice {
        let (_, body) = split_trace(&stored);
        let body = String::from_utf8_lossy(body);
        assert!(body.starts_with("Subject: carrier "));
        assert!(body.contains("MAIL FROM:<smuggled@evil.example>"));
    }
}

#[test]
fn bytes_pipelined_after_starttls_are_never_executed() {
    let server = TestServer::start("starttls-injection", &[]);
    let mut raw = Raw::connect(server.addr(Service::Smtp)).unwrap();
    raw.command("EHLO a.example").unwrap();
    raw.send(b"STARTTLS\r\nMAIL FROM:<inject@evil.example>\r\nRCPT TO:<bob@example.org>\r\nDATA\r\nSubject: injected\r\n\r\n.\r\n").unwrap();
    assert_eq!(raw.reply().unwrap(), "220 2.0.0 Ready to start TLS\r\n");
    let config = mail_examples::client::tls::client_config(Some(&server.ca), false).unwrap();
    let mut tls = Connection::Plain(raw.stream)
        .into_client_tls(Arc::clone(&config), "localhost")
        .unwrap();
    tls.write_all(b"EHLO a.example\r\nRCPT TO:<bob@example.org>\r\nQUIT\r\n")
        .unwrap();
    let mut replies = String::new();
    let _ = tls.read_to_string(&mut replies);
    // The RCPT finds no transaction: the injected MAIL was dropped with the plaintext.
    assert!(replies.contains("\r\n503 5.5.1"), "{replies}");
    assert!(
        !replies.contains("Sender OK") && !replies.contains("354"),
        "{replies}"
    );
    assert!(server.new_messages("bob").is_empty());
}

#[test]
fn oversize_messages_are_refused_with_552_and_not_stored() {
    let server = TestServer::start("oversize", &["--max-message-size", "1000"]);
    let mut raw = Raw::connect(server.addr(Service::Smtp)).unwrap();
    assert!(
        raw.command("EHLO big.example")
            .unwrap()
            .contains("250-SIZE 1000\r\n")
    );
    // Announced too big: refused at MAIL.
    let mail = raw.command("MAIL FROM:<a@big.example> SIZE=5000").unwrap();
    assert!(mail.starts_with("552 5.3.4 "), "{mail}");
    // Not announced: refused at the end of the content.
    let reply = raw
        .transaction(
            "a@big.example",
            "alice@example.org",
            &tagged_message("big", 40),
        )
        .unwrap();
    assert!(reply.starts_with("552 5.3.4 "), "{reply}");
    // The session goes on, and a message within the limit is stored.
    let ok = raw
        .transaction(
            "a@big.example",
            "alice@example.org",
            &tagged_message("small", 2),
        )
        .unwrap();
    assert!(ok.starts_with("250 "), "{ok}");
    raw.command("QUIT").unwrap();
    let stored = server.new_messages("alice");
    assert_eq!(stored.len(), 1);
    assert_eq!(split_trace(&stored[0]).1, tagged_message("small", 2));
    assert_eq!(server.tmp_files("alice"), 0);
}
