//! The client wired to the server machine: whole sessions, with the bytes between them cut
//! into pieces of various sizes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod client_support;
mod server_support;

use std::cell::RefCell;

use client_support::{Wired, config, envelope, wire};
use mail_sasl::{Credentials, Mechanism, Secret};
use server_support::Decision;
use smtp_proto::client::{Client, ClientConfig, TlsPolicy};
use smtp_proto::command::ClientName;
use smtp_proto::reply::{Reply, ReplyCode};
use smtp_proto::server::{self, Extensions, Limits, Server, ServerConfig};

/// Accepts everything except senders with `bad` and recipients with `reject` in them.
fn policy(event: &server::Event<'_>) -> Decision {
    match event {
        server::Event::Mail { reverse_path, .. } if reverse_path.to_string().contains("bad") => {
            Decision::Reject(Reply::new(ReplyCode::MAILBOX_UNAVAILABLE, "5.7.1 Go away"))
        }
        server::Event::Rcpt { forward_path, .. } if forward_path.to_string().contains("reject") => {
            Decision::Reject(Reply::new(
                ReplyCode::MAILBOX_UNAVAILABLE,
                "5.1.1 No such user",
            ))
        }
        other => server_support::accept_all(other),
    }
}

const CUTS: [&[usize]; 4] = [&[], &[1], &[3, 7, 1, 64], &[5000, 2]];

/// Runs `make_client` against `make_server` once per way of cutting the bytes; checks that
/// every run gives the same events and messages, and returns the first.
fn session(
    make_client: impl Fn() -> Client,
    make_server: impl Fn() -> Server,
    on_event: impl Fn(&mut Client, &str),
) -> Wired {
    let mut first: Option<Wired> = None;
    for cuts in CUTS {
        let w = wire(
            &mut make_client(),
            &mut make_server(),
            cuts,
            policy,
            &on_event,
        );
        if let Some(f) = &first {
            assert_eq!(f.client_events, w.client_events, "cuts {cuts:?}");
            assert_eq!(f.server_events, w.server_events, "cuts {cuts:?}");
            assert_eq!(f.messages, w.messages, "cuts {cuts:?}");
            assert_eq!(f.c2s, w.c2s, "cuts {cuts:?}");
        } else {
            first = Some(w);
        }
    }
    first.unwrap()
}

/// Sends `message` to `to` once ready, then quits.
fn send_then_quit<'a>(to: &'a [&'a str], message: &'a [u8]) -> impl Fn(&mut Client, &str) + 'a {
    move |client, event| {
        if event.starts_with("Ready") {
            client
                .send(&envelope("<a@example.com>", to), message.to_vec())
                .unwrap();
            client.quit().unwrap();
        }
    }
}

const TEXT: &[u8] = b"Subject: test\r\n\r\n.leading dot\r\n..two\r\n.\r\nbare\nline\rends\r\n";
const TEXT_CRLF: &[u8] =
    b"Subject: test\r\n\r\n.leading dot\r\n..two\r\n.\r\nbare\r\nline\r\nends\r\n";

#[test]
fn pipelined_session() {
    let w = session(
        || Client::new(config("client.example")),
        || Server::new(ServerConfig::new("mx.example")),
        send_then_quit(
            &["<b@example.org>", "<reject@example.org>", "<c@example.org>"],
            TEXT,
        ),
    );
    assert_eq!(
        w.client_events,
        [
            "Greeting 220",
            "Ready 7",
            "Recipient 0 250",
            "Recipient 1 550",
            "Recipient 2 250",
            "MessageAccepted 250"
        ]
    );
    assert_eq!(w.messages, [TEXT_CRLF]);
    assert!(w.client_closed && w.server_closed);
    // MAIL, the RCPTs and DATA went in one group.
    assert!(w.c2s_str().contains(
        "SIZE=59\r\nRCPT TO:<b@example.org>\r\nRCPT TO:<reject@example.org>\r\nRCPT TO:<c@example.org>\r\nDATA\r\n"
    ));
}

#[test]
fn session_without_pipelining() {
    for (client, server) in [(false, true), (true, false), (false, false)] {
        let extensions = Extensions {
            pipelining: server,
            ..Extensions::default()
        };
        let w = session(
            || Client::new(config("client.example").with_pipelining(client)),
            || Server::new(ServerConfig::new("mx.example").with_extensions(extensions.clone())),
            send_then_quit(&["<b@example.org>", "<reject@example.org>"], TEXT),
        );
        assert_eq!(w.messages, [TEXT_CRLF]);
        assert_eq!(
            w.client_events[2..],
            ["Recipient 0 250", "Recipient 1 550", "MessageAccepted 250"]
        );
    }
}

#[test]
fn starttls_then_mail() {
    let w = session(
        || Client::new(config("client.example").with_tls(TlsPolicy::Required)),
        || {
            Server::new(
                ServerConfig::new("mx.example")
                    .with_starttls(true)
                    .with_require_tls(true),
            )
        },
        send_then_quit(&["<b@example.org>"], b"hi\r\n"),
    );
    assert_eq!((w.client_tls, w.server_tls), (1, 1));
    assert_eq!(w.messages, [b"hi\r\n"]);
    assert_eq!(w.c2s_str().matches("EHLO").count(), 2);
}

#[test]
fn required_tls_not_offered() {
    let w = session(
        || Client::new(config("client.example").with_tls(TlsPolicy::Required)),
        || Server::new(ServerConfig::new("mx.example")),
        |_, _| {},
    );
    assert_eq!(
        w.client_events,
        ["Greeting 220", "SessionFailed TlsUnavailable"]
    );
    assert_eq!(w.c2s_str(), "EHLO client.example\r\nQUIT\r\n");
    assert!(w.client_closed && w.server_closed);
}

#[test]
fn opportunistic_tls_without_starttls() {
    let w = session(
        || Client::new(config("client.example")),
        || Server::new(ServerConfig::new("mx.example")),
        send_then_quit(&["<b@example.org>"], b"x"),
    );
    assert_eq!(w.client_tls, 0);
    assert_eq!(w.messages, [b"x\r\n"]);
}

fn auth_session(mechanism: &Mechanism, user: &str, password: &str) -> Wired {
    let credentials = Credentials::password(user, Secret::from(password));
    session(
        || {
            Client::new(
                config("client.example")
                    .with_credentials(credentials.clone(), "rOprNGfwEbeRWgbNEkqO"),
            )
        },
        || {
            Server::new(
                ServerConfig::new("mx.example")
                    .with_starttls(true)
                    .with_auth([mechanism.clone()])
                    .with_require_auth(true),
            )
        },
        send_then_quit(&["<b@example.org>"], b"authenticated\r\n"),
    )
}

#[test]
fn auth_each_mechanism() {
    for (mechanism, user, password) in [
        (Mechanism::Plain, "user", "pencil"),
        (Mechanism::Login, "user", "pencil"),
        (Mechanism::CramMd5, "tim", "tanstaaftanstaaf"),
        (Mechanism::ScramSha256, "user", "pencil"),
    ] {
        let w = auth_session(&mechanism, user, password);
        assert_eq!(
            w.client_events[..3],
            [
                "Greeting 220".to_owned(),
                format!("Authenticated {mechanism}"),
                "Ready 8".to_owned()
            ],
            "{mechanism}"
        );
        assert_eq!(w.messages, [b"authenticated\r\n"], "{mechanism}");
        assert_eq!(w.client_tls, 1);
    }
}

#[test]
fn auth_strongest_common_mechanism() {
    let credentials = Credentials::password("user", Secret::from("pencil"));
    let w = session(
        || Client::new(config("c.example").with_credentials(credentials.clone(), "nonce-1234")),
        || {
            Server::new(
                ServerConfig::new("mx.example")
                    .with_starttls(true)
                    .with_auth([Mechanism::Login, Mechanism::Plain, Mechanism::ScramSha256]),
            )
        },
        |_, _| {},
    );
    assert_eq!(w.client_events[1], "Authenticated SCRAM-SHA-256");
}

#[test]
fn auth_refused_without_tls_for_plaintext() {
    // Without TLS the client will not send a password in the clear.
    let credentials = Credentials::password("user", Secret::from("pencil"));
    let w = session(
        || {
            Client::new(
                config("c.example")
                    .with_tls(TlsPolicy::Never)
                    .with_credentials(credentials.clone(), "n"),
            )
        },
        || {
            Server::new(
                ServerConfig::new("mx.example")
                    .with_auth([Mechanism::Plain])
                    .with_auth_without_tls(true),
            )
        },
        |_, _| {},
    );
    assert_eq!(w.client_events[1], "SessionFailed Auth NoCommonMechanism");
    assert!(!w.c2s_str().contains("AUTH"));
    // Unless allowed.
    let w = session(
        || {
            Client::new(
                config("c.example")
                    .with_tls(TlsPolicy::Never)
                    .with_auth_without_tls(true)
                    .with_credentials(credentials.clone(), "n"),
            )
        },
        || {
            Server::new(
                ServerConfig::new("mx.example")
                    .with_auth([Mechanism::Plain])
                    .with_auth_without_tls(true),
            )
        },
        |_, _| {},
    );
    assert_eq!(w.client_events[1], "Authenticated PLAIN");
}

#[test]
fn auth_wrong_password() {
    for mechanism in [Mechanism::Plain, Mechanism::ScramSha256, Mechanism::CramMd5] {
        let w = auth_session(&mechanism, "user", "wrong");
        assert!(
            w.client_events[1].starts_with("SessionFailed Auth Rejected"),
            "{mechanism}: {:?}",
            w.client_events
        );
        assert!(w.c2s_str().ends_with("QUIT\r\n"));
        assert!(w.messages.is_empty());
        assert!(w.client_closed);
    }
}

#[test]
fn bdat_binary_exact() {
    let message: Vec<u8> =
        b"Content-Type: application/octet-stream\r\n\r\n\0\x01\r\r\n\n.\r\n.\xff"
            .iter()
            .copied()
            .cycle()
            .take(3000)
            .collect();
    let m = message.clone();
    let w = session(
        || {
            let limits = smtp_proto::client::Limits {
                bdat_chunk_size: 1000,
                transmit_piece: 300,
                ..Default::default()
            };
            Client::new(config("c.example").with_limits(limits))
        },
        || Server::new(ServerConfig::new("mx.example")),
        move |client, event| {
            if event.starts_with("Ready") {
                client
                    .send(
                        &envelope("<a@example.com>", &["<b@example.org>"]),
                        m.clone(),
                    )
                    .unwrap();
                client.quit().unwrap();
            }
        },
    );
    assert_eq!(w.messages, [message]);
    assert!(w.c2s_str().contains("BODY=BINARYMIME"));
    assert_eq!(w.c2s_str().matches("BDAT").count(), 3);
    assert!(!w.c2s_str().contains("DATA\r\n"));
}

#[test]
fn bdat_text_when_preferred() {
    let w = session(
        || Client::new(config("c.example").with_prefer_chunking(true)),
        || Server::new(ServerConfig::new("mx.example")),
        send_then_quit(&["<b@example.org>"], TEXT),
    );
    // Normalised, not stuffed, nothing added.
    assert_eq!(w.messages, [TEXT_CRLF]);
    assert!(w.c2s_str().contains("BDAT 59 LAST\r\n"));
}

#[test]
fn lmtp_per_recipient_replies() {
    let name = || {
        ClientName::new(
            "mta.example",
            mail_message::envelope::EnvelopeOptions::new(),
        )
        .unwrap()
    };
    let ends = RefCell::new(0);
    let lmtp_policy = |event: &server::Event<'_>| match event {
        server::Event::MessageEnd { .. } => {
            *ends.borrow_mut() += 1;
            if *ends.borrow() % 2 == 0 {
                Decision::Reject(Reply::new(
                    ReplyCode::INSUFFICIENT_STORAGE,
                    "4.2.2 Over quota",
                ))
            } else {
                Decision::Accept
            }
        }
        other => policy(other),
    };
    for cuts in CUTS {
        *ends.borrow_mut() = 0;
        let w = wire(
            &mut Client::new(ClientConfig::lmtp(name())),
            &mut Server::new(ServerConfig::lmtp("mda.example")),
            cuts,
            lmtp_policy,
            send_then_quit(
                &["<b@example.org>", "<reject@example.org>", "<c@example.org>"],
                TEXT,
            ),
        );
        assert_eq!(
            w.client_events[2..],
            [
                "Recipient 0 250",
                "Recipient 1 550",
                "Recipient 2 250",
                "Delivery 0 250",
                "Delivery 2 452",
                "DeliveryComplete 1 1"
            ]
        );
        assert!(w.c2s_str().starts_with("LHLO mta.example\r\n"));
        assert!(w.client_closed);
    }
}

#[test]
fn lmtp_with_bdat() {
    let name = ClientName::new(
        "mta.example",
        mail_message::envelope::EnvelopeOptions::new(),
    )
    .unwrap();
    let w = session(
        || {
            let limits = smtp_proto::client::Limits {
                bdat_chunk_size: 4,
                ..Default::default()
            };
            Client::new(ClientConfig::lmtp(name.clone()).with_limits(limits))
        },
        || Server::new(ServerConfig::lmtp("mda.example")),
        send_then_quit(&["<b@example.org>", "<c@example.org>"], b"\0binary\r\n"),
    );
    assert_eq!(w.messages, [b"\0binary\r\n"]);
    assert_eq!(
        w.client_events[4..],
        ["Delivery 0 250", "Delivery 1 250", "DeliveryComplete 2 0"]
    );
}

#[test]
fn size_too_big_refused_before_mail() {
    let w = session(
        || Client::new(config("c.example")),
        || {
            Server::new(ServerConfig::new("mx.example").with_limits(Limits {
                max_message_size: 10,
                ..Limits::default()
            }))
        },
        send_then_quit(&["<b@example.org>"], b"more than ten octets\r\n"),
    );
    assert_eq!(
        w.client_events[2],
        "MessageFailed TooBig { size: 22, limit: 10 }"
    );
    assert!(!w.c2s_str().contains("MAIL"));
    assert!(w.client_closed);
}

#[test]
fn eight_bit_to_a_seven_bit_server() {
    let extensions = Extensions {
        eight_bit_mime: false,
        ..Extensions::default()
    };
    let w = session(
        || Client::new(config("c.example")),
        || Server::new(ServerConfig::new("mx.example").with_extensions(extensions.clone())),
        send_then_quit(&["<b@example.org>"], "Subject: caf\u{e9}\r\n".as_bytes()),
    );
    assert_eq!(
        w.client_events[2],
        "MessageFailed NeedsExtension(EightBitMime)"
    );
    assert!(!w.c2s_str().contains("MAIL"));
    // With 8BITMIME: BODY=8BITMIME.
    let w = session(
        || Client::new(config("c.example")),
        || Server::new(ServerConfig::new("mx.example")),
        send_then_quit(&["<b@example.org>"], "Subject: caf\u{e9}\r\n".as_bytes()),
    );
    assert!(w.c2s_str().contains(" BODY=8BITMIME\r\n"));
    assert_eq!(w.messages, ["Subject: caf\u{e9}\r\n".as_bytes()]);
}

#[test]
fn binary_to_a_server_without_binarymime() {
    let extensions = Extensions {
        binary_mime: false,
        ..Extensions::default()
    };
    let w = session(
        || Client::new(config("c.example")),
        || Server::new(ServerConfig::new("mx.example").with_extensions(extensions.clone())),
        send_then_quit(&["<b@example.org>"], b"nul \0 here"),
    );
    assert_eq!(
        w.client_events[2],
        "MessageFailed NeedsExtension(BinaryMime)"
    );
}

#[test]
fn utf8_addresses() {
    let w = session(
        || Client::new(config("c.example")),
        || Server::new(ServerConfig::new("mx.example")),
        send_then_quit(&["<j\u{f6}ran@b\u{fc}cher.example>"], b"x\r\n"),
    );
    assert!(w.c2s_str().contains(" SMTPUTF8\r\n"));
    assert_eq!(w.messages.len(), 1);
    let extensions = Extensions {
        smtputf8: false,
        ..Extensions::default()
    };
    let w = session(
        || Client::new(config("c.example")),
        || Server::new(ServerConfig::new("mx.example").with_extensions(extensions.clone())),
        send_then_quit(&["<j\u{f6}ran@b\u{fc}cher.example>"], b"x\r\n"),
    );
    assert_eq!(w.client_events[2], "MessageFailed NeedsExtension(SmtpUtf8)");
}

/// Three messages on one connection: accepted, refused (sender), accepted; then a fourth
/// whose recipients are all refused, and a fifth after the RSET this calls for.
#[test]
fn connection_reuse() {
    let messages: [(&str, &[&str], &[u8]); 5] = [
        ("<a@example.com>", &["<b@example.org>"], b"one\r\n"),
        ("<bad@example.com>", &["<b@example.org>"], b"two\r\n"),
        (
            "<a@example.com>",
            &["<c@example.org>", "<d@example.org>"],
            b"three\r\n",
        ),
        ("<a@example.com>", &["<reject@example.org>"], b"four\r\n"),
        ("<a@example.com>", &["<e@example.org>"], b"five\r\n"),
    ];
    for pipelining in [true, false] {
        let next = RefCell::new(0usize);
        let on_event = |client: &mut Client, event: &str| {
            let done = event.starts_with("Ready")
                || event.starts_with("MessageAccepted")
                || event.starts_with("MessageFailed");
            if done {
                let mut n = next.borrow_mut();
                match messages.get(*n) {
                    Some((from, to, body)) => {
                        client.send(&envelope(from, to), body.to_vec()).unwrap();
                    }
                    None => client.quit().unwrap(),
                }
                *n += 1;
            }
        };
        for cuts in CUTS {
            *next.borrow_mut() = 0;
            let w = wire(
                &mut Client::new(config("c.example").with_pipelining(pipelining)),
                &mut Server::new(ServerConfig::new("mx.example")),
                cuts,
                policy,
                on_event,
            );
            let mut expected = vec![
                "Recipient 0 250",
                "MessageAccepted 250",
                "Recipient 0 503",
                "MessageFailed SenderRejected 550",
                "Recipient 0 250",
                "Recipient 1 250",
                "MessageAccepted 250",
                "Recipient 0 550",
                "MessageFailed NoValidRecipients",
                "Recipient 0 250",
                "MessageAccepted 250",
            ];
            if !pipelining {
                // Without pipelining no RCPT follows a refused MAIL.
                expected.retain(|e| *e != "Recipient 0 503");
            }
            assert_eq!(
                w.client_events[2..],
                expected,
                "pipelining {pipelining} cuts {cuts:?}"
            );
            assert_eq!(w.messages, [&b"one\r\n"[..], b"three\r\n", b"five\r\n"]);
            // The half-done fourth transaction was reset before the fifth MAIL.
            assert!(
                w.c2s_str()
                    .contains("RSET\r\nMAIL FROM:<a@example.com> SIZE=6\r\n")
            );
            assert!(w.client_closed && w.server_closed);
        }
    }
}

#[test]
fn quit_only() {
    let w = session(
        || Client::new(config("c.example")),
        || Server::new(ServerConfig::new("mx.example")),
        |client, event| {
            if event.starts_with("Ready") {
                client.quit().unwrap();
            }
        },
    );
    assert_eq!(w.c2s_str(), "EHLO c.example\r\nQUIT\r\n");
    assert!(w.client_closed && w.server_closed);
}

#[test]
fn verify_and_noop() {
    let w = session(
        || Client::new(config("c.example")),
        || Server::new(ServerConfig::new("mx.example")),
        |client, event| match event {
            "Ready 7" => client.vrfy("someone").unwrap(),
            "Reply VRFY 252" => client.noop().unwrap(),
            "Reply NOOP 250" => client.rset().unwrap(),
            "Reply RSET 250" => client.quit().unwrap(),
            _ => {}
        },
    );
    assert_eq!(
        w.client_events[2..],
        ["Reply VRFY 252", "Reply NOOP 250", "Reply RSET 250"]
    );
}

#[test]
fn refusing_server() {
    let w = session(
        || Client::new(config("c.example")),
        || {
            Server::refusing(
                ServerConfig::new("mx.example"),
                Reply::new(ReplyCode::TRANSACTION_FAILED, "No service"),
            )
        },
        |_, _| {},
    );
    assert_eq!(w.client_events, ["SessionFailed GreetingRefused 554"]);
    assert_eq!(w.c2s_str(), "QUIT\r\n");
    assert!(w.client_closed && w.server_closed);
}
