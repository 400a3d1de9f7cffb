//! The server machine: a whole session, the sequence rules of RFC 5321 §4.1.4 with the RFC's
//! reply for each command out of sequence, and every limit.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod server_support;

use server_support::{Decision, accept_all, crlf, drive};
use smtp_proto::reply::{Reply, ReplyCode};
use smtp_proto::server::{Event, Limits, Server, ServerConfig};

fn config() -> ServerConfig {
    ServerConfig::new("mx.example.org")
}

fn session(input: &str) -> server_support::Outcome {
    let mut server = Server::new(config());
    drive(&mut server, &[&crlf(input)], accept_all)
}

#[test]
fn a_whole_session_byte_exact() {
    let out = session(
        "EHLO client.example.com\nMAIL FROM:<alice@example.com> SIZE=100\nRCPT TO:<bob@example.org>\nRCPT TO:<carol@example.org>\nDATA\nSubject: test\n\n..leading dot\nbody\n.\nQUIT\n",
    );
    assert_eq!(
        out.output_str(),
        "220 mx.example.org ESMTP ready\r\n\
         250-mx.example.org\r\n250-PIPELINING\r\n250-SIZE 10485760\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n\
         250-CHUNKING\r\n250-BINARYMIME\r\n250 ENHANCEDSTATUSCODES\r\n\
         250 2.1.0 Sender OK\r\n250 2.1.5 Recipient OK\r\n250 2.1.5 Recipient OK\r\n\
         354 End data with <CR><LF>.<CR><LF>\r\n250 2.0.0 Message accepted\r\n\
         221 2.0.0 mx.example.org closing connection\r\n"
    );
    assert_eq!(
        out.messages,
        [b"Subject: test\r\n\r\n.leading dot\r\nbody\r\n".to_vec()]
    );
    assert_eq!(
        out.events,
        [
            "Hello client.example.com true",
            "Mail <alice@example.com>",
            "Rcpt <bob@example.org>",
            "Rcpt <carol@example.org>",
            "MessageStart",
            "MessageEnd 37 1"
        ]
    );
    assert!(out.closed);
}

#[test]
fn helo_gets_a_plain_greeting() {
    let out = session("HELO client\nQUIT\n");
    assert_eq!(out.codes(), [220, 250, 221]);
    assert!(out.output_str().contains("\r\n250 mx.example.org\r\n"));
}

#[test]
fn out_of_sequence_commands_get_the_rfc_replies() {
    let cases: &[(&str, &[u16])] = &[
        // MAIL before EHLO.
        ("MAIL FROM:<a@b.example>\n", &[220, 503]),
        // RCPT before MAIL.
        ("EHLO c\nRCPT TO:<a@b.example>\n", &[220, 250, 503]),
        // DATA before MAIL, and with no accepted recipient.
        ("EHLO c\nDATA\n", &[220, 250, 503]),
        (
            "EHLO c\nMAIL FROM:<a@b.example>\nDATA\n",
            &[220, 250, 250, 554],
        ),
        // Nested MAIL.
        (
            "EHLO c\nMAIL FROM:<a@b.example>\nMAIL FROM:<a@b.example>\n",
            &[220, 250, 250, 503],
        ),
        // Unknown command, syntax errors.
        ("FOO bar\n", &[220, 500]),
        ("EHLO\n", &[220, 501]),
        // A path without brackets: "mailbox syntax incorrect" (RFC 5321 §4.2.2).
        ("EHLO c\nMAIL FROM:a@b\n", &[220, 250, 553]),
        (
            "EHLO c\nMAIL FROM:<a@b.example> SIZE=abc\n",
            &[220, 250, 501],
        ),
        ("EHLO c\nDATA now\n", &[220, 250, 501]),
        // Parameters of extensions not offered: 555.
        (
            "EHLO c\nMAIL FROM:<a@b.example> RET=FULL\n",
            &[220, 250, 555],
        ),
        (
            "EHLO c\nMAIL FROM:<a@b.example> X-FOO=1\n",
            &[220, 250, 555],
        ),
        // AUTH not offered, STARTTLS not offered.
        ("EHLO c\nAUTH PLAIN\n", &[220, 250, 502]),
        ("EHLO c\nSTARTTLS\n", &[220, 250, 502]),
        // LHLO in SMTP.
        ("LHLO c\n", &[220, 500]),
        // VRFY, EXPN, HELP, NOOP, RSET are allowed at any time.
        (
            "VRFY bob\nEXPN list\nHELP\nNOOP\nRSET\n",
            &[220, 252, 502, 214, 250, 250],
        ),
    ];
    for (input, codes) in cases {
        let out = session(input);
        assert_eq!(out.codes(), *codes, "{input:?}: {}", out.output_str());
    }
}

#[test]
fn utf8_addresses_need_the_smtputf8_parameter() {
    let out = session(
        "EHLO c\nMAIL FROM:<jöran@bücher.example>\nMAIL FROM:<jöran@bücher.example> SMTPUTF8\nRCPT TO:<ü@example.org>\n",
    );
    assert_eq!(out.codes(), [220, 250, 553, 250, 250]);
    assert!(out.output_str().contains("553 5.6.7 "));
    let out = session("EHLO c\nMAIL FROM:<a@example.com>\nRCPT TO:<ü@example.org>\n");
    assert_eq!(out.codes(), [220, 250, 250, 553]);
}

#[test]
fn rset_and_ehlo_reset_the_transaction() {
    let out = session(
        "EHLO c\nMAIL FROM:<a@b.example>\nRSET\nMAIL FROM:<a@b.example>\nEHLO c\nRCPT TO:<x@y.example>\n",
    );
    assert_eq!(out.codes(), [220, 250, 250, 250, 250, 250, 503]);
    assert_eq!(
        out.events
            .iter()
            .filter(|e| *e == "TransactionReset")
            .count(),
        2
    );
}

#[test]
fn decisions_choose_the_replies() {
    let mut server = Server::new(config());
    let input = crlf(
        "EHLO c\nMAIL FROM:<a@b.example>\nRCPT TO:<unknown@example.org>\nRCPT TO:<bob@example.org>\nDATA\nhi\n.\n",
    );
    let out = drive(&mut server, &[&input], |event| match event {
        Event::Rcpt { forward_path, .. } if forward_path.to_string().contains("unknown") => {
            Decision::Reject(Reply::new(
                ReplyCode::MAILBOX_UNAVAILABLE,
                "5.1.1 No such user",
            ))
        }
        Event::MessageEnd { .. } => {
            Decision::AcceptWith(Reply::new(ReplyCode::OK, "2.0.0 Ok: queued as 4F2A"))
        }
        _ => Decision::Accept,
    });
    assert_eq!(out.codes(), [220, 250, 250, 550, 250, 354, 250]);
    assert!(out.output_str().ends_with("550 5.1.1 No such user\r\n250 2.1.5 Recipient OK\r\n354 End data with <CR><LF>.<CR><LF>\r\n250 2.0.0 Ok: queued as 4F2A\r\n"));
}

#[test]
fn usage_errors() {
    let mut server = Server::new(config());
    assert!(server.accept().is_err());
    server.receive(b"EHLO c\r\n");
    let _ = server.poll(); // greeting
    assert!(matches!(
        server.poll(),
        smtp_proto::Poll::Event(Event::Hello { .. })
    ));
    assert!(
        server.reject(Reply::new(ReplyCode::OK, "fine")).is_err(),
        "a 2xx reply cannot reject"
    );
    assert!(
        server.accept_with(Reply::new(ReplyCode::OK, "x")).is_err(),
        "Hello takes no custom reply"
    );
    assert!(matches!(server.poll(), smtp_proto::Poll::Waiting));
    server.accept().unwrap();
    assert!(server.accept().is_err());
}

#[test]
fn too_many_recipients() {
    let limits = Limits {
        max_recipients: 2,
        ..Limits::default()
    };
    let mut server = Server::new(config().with_limits(limits));
    let out = drive(
        &mut server,
        &[&crlf(
            "EHLO c\nMAIL FROM:<a@b.example>\nRCPT TO:<1@x.example>\nRCPT TO:<2@x.example>\nRCPT TO:<3@x.example>\n",
        )],
        accept_all,
    );
    assert_eq!(out.codes(), [220, 250, 250, 250, 250, 452]);
    assert!(
        out.output_str()
            .ends_with("452 4.5.3 Too many recipients\r\n")
    );
}

#[test]
fn size_is_enforced_at_mail_and_while_receiving() {
    let limits = Limits {
        max_message_size: 20,
        ..Limits::default()
    };
    let mut server = Server::new(config().with_limits(limits.clone()));
    let out = drive(
        &mut server,
        &[&crlf("EHLO c\nMAIL FROM:<a@b.example> SIZE=21\n")],
        accept_all,
    );
    assert_eq!(out.codes(), [220, 250, 552]);
    let mut server = Server::new(config().with_limits(limits));
    let body = "x".repeat(40);
    let out = drive(
        &mut server,
        &[&crlf(&format!(
            "EHLO c\nMAIL FROM:<a@b.example> SIZE=10\nRCPT TO:<b@c.example>\nDATA\n{body}\n.\nNOOP\n"
        ))],
        accept_all,
    );
    assert_eq!(out.codes(), [220, 250, 250, 250, 354, 552, 250]);
    assert!(out.events.contains(&"MessageRefused 552".to_owned()));
    assert!(out.messages.is_empty());
}

#[test]
fn line_too_long_and_too_many_errors() {
    let limits = Limits {
        command_line: 64,
        max_bad_commands: 3,
        ..Limits::default()
    };
    let mut server = Server::new(config().with_limits(limits));
    let long = format!("NOOP {}\n", "x".repeat(100));
    let out = drive(
        &mut server,
        &[&crlf(&format!("{long}NOOP\nFOO\nBAR\nNOOP\n"))],
        accept_all,
    );
    assert_eq!(out.codes(), [220, 500, 250, 500, 500, 421]);
    assert!(out.output_str().contains("500 5.5.6 Line too long\r\n"));
    assert!(out.closed);
}

#[test]
fn the_rest_of_an_over_long_line_is_skipped_across_reads() {
    let limits = Limits {
        command_line: 64,
        ..Limits::default()
    };
    let mut server = Server::new(config().with_limits(limits));
    let out = drive(
        &mut server,
        &[&[b'A'; 70], &[b'B'; 70], b"C\r\nNOOP\r\n"],
        accept_all,
    );
    assert_eq!(out.codes(), [220, 500, 250]);
}

#[test]
fn timeouts() {
    let mut server = Server::new(config());
    assert_eq!(server.timeout(), Some(std::time::Duration::from_secs(300)));
    server.handle_timeout();
    let out = drive(&mut server, &[], accept_all);
    assert_eq!(
        out.output_str(),
        "220 mx.example.org ESMTP ready\r\n421 mx.example.org 4.4.2 Timeout exceeded, closing connection\r\n"
    );
    assert!(out.closed);
    assert_eq!(server.timeout(), None);
}

#[test]
fn refusing_service() {
    let mut server = Server::refusing(
        config(),
        Reply::new(
            ReplyCode::TRANSACTION_FAILED,
            "mx.example.org No SMTP service here",
        ),
    );
    let out = drive(
        &mut server,
        &[&crlf("EHLO c\nMAIL FROM:<a@b.example>\nQUIT\n")],
        accept_all,
    );
    assert_eq!(out.codes(), [554, 503, 503, 221]);
    assert!(out.closed);
}

#[test]
fn buffered_input_is_bounded() {
    let limits = Limits {
        max_buffered_input: 1000,
        ..Limits::default()
    };
    let mut server = Server::new(config().with_limits(limits));
    server.receive(&[b'x'; 600]);
    server.receive(&[b'y'; 600]);
    let out = drive(&mut server, &[], accept_all);
    assert_eq!(out.codes(), [220, 421]);
    assert!(out.closed);
}

#[test]
fn lmtp_answers_per_recipient() {
    let mut server = Server::new(ServerConfig::lmtp("mda.example.org"));
    let input = crlf(
        "LHLO mx\nMAIL FROM:<a@b.example>\nRCPT TO:<one@example.org>\nRCPT TO:<two@example.org>\nRCPT TO:<three@example.org>\nDATA\nhi\n.\nQUIT\n",
    );
    let mut count = 0;
    let out = drive(&mut server, &[&input], |event| match event {
        Event::Rcpt { forward_path, .. } if forward_path.to_string().contains("three") => {
            Decision::Reject(Reply::new(
                ReplyCode::MAILBOX_UNAVAILABLE,
                "5.1.1 No such user",
            ))
        }
        Event::MessageEnd { replies, .. } => {
            assert_eq!(*replies, 2);
            count += 1;
            if count == 1 {
                Decision::Accept
            } else {
                Decision::Reject(Reply::new(
                    ReplyCode::MAILBOX_TEMPORARILY_UNAVAILABLE,
                    "4.2.2 Mailbox full",
                ))
            }
        }
        _ => Decision::Accept,
    });
    assert_eq!(
        out.codes(),
        [220, 250, 250, 250, 250, 550, 354, 250, 450, 221]
    );
    assert!(
        out.output_str()
            .starts_with("220 mda.example.org LMTP ready\r\n250-mda.example.org\r\n")
    );
    // HELO and EHLO are not LMTP commands.
    let mut server = Server::new(ServerConfig::lmtp("mda.example.org"));
    let out = drive(
        &mut server,
        &[b"EHLO x\r\nHELO x\r\nMAIL FROM:<a@b.example>\r\n"],
        accept_all,
    );
    assert_eq!(out.codes(), [220, 500, 500, 503]);
}

#[test]
fn a_decision_answered_right_after_a_transmit_is_not_lost() {
    use smtp_proto::Poll;
    let mut server = Server::new(config());
    server.receive(b"EHLO a.example\r\nNOOP\r\nMAIL FROM:<a@b.example>\r\n");
    let mut wire = Vec::new();
    let mut mail_pending = false;
    for _ in 0..20 {
        match server.poll() {
            Poll::Transmit(bytes) => {
                wire.extend_from_slice(bytes);
                if mail_pending {
                    // Answer now, before the next poll(): the reply must still go out.
                    server.accept().unwrap();
                    mail_pending = false;
                }
            }
            Poll::Event(Event::Hello { .. }) => server.accept().unwrap(),
            Poll::Event(Event::Mail { .. }) => mail_pending = true,
            Poll::Event(_) | Poll::Waiting => {}
            _ => break,
        }
    }
    let wire = String::from_utf8(wire).unwrap();
    assert!(wire.ends_with("250 2.1.0 Sender OK\r\n"), "{wire}");
    assert_eq!(wire.matches("Sender OK").count(), 1, "{wire}");
}
