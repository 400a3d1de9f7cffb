//! The client facing servers that fail, refuse, lie, stall or vanish; and the misuse of its
//! API.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod client_support;
mod server_support;

use std::time::Duration;

use client_support::{config, describe, envelope, replay, transcript};
use mail_sasl::{Credentials, Secret};
use smtp_proto::Poll;
use smtp_proto::client::{Awaiting, Client, ClientConfig, TlsPolicy, UsageError};
use smtp_proto::command::{ClientName, Verb};

/// Polls until the client needs input or waits; returns the events and what it sent.
fn pump(client: &mut Client) -> (Vec<String>, String) {
    let mut events = Vec::new();
    let mut sent = Vec::new();
    loop {
        match client.poll() {
            Poll::Transmit(bytes) => sent.extend_from_slice(bytes),
            Poll::Event(e) => events.push(describe(&e)),
            Poll::StartTls => events.push("StartTls".to_owned()),
            Poll::Closed => {
                events.push("Closed".to_owned());
                break;
            }
            Poll::NeedInput | Poll::Waiting => break,
        }
    }
    (events, String::from_utf8_lossy(&sent).into_owned())
}

const EHLO_REPLY: &[u8] = b"250-mx.example\r\n250-PIPELINING\r\n250 SIZE 1000\r\n";

/// A client that has sent its EHLO and got the reply: ready.
fn ready_client(config: ClientConfig) -> Client {
    let mut client = Client::new(config);
    client.receive(b"220 mx.example ESMTP\r\n");
    client.receive(EHLO_REPLY);
    let (events, sent) = pump(&mut client);
    assert_eq!(events, ["Greeting 220", "Ready 2"]);
    assert_eq!(sent, "EHLO c.example\r\n");
    client
}

fn send_one(client: &mut Client) -> String {
    client
        .send(
            &envelope("<a@example.com>", &["<b@example.org>"]),
            b"hi\r\n".to_vec(),
        )
        .unwrap();
    pump(client).1
}

#[test]
fn greeting_refused_then_quit() {
    let script = transcript(
        "S: 554 mx.example No SMTP service here
         C: QUIT
         S: 221 mx.example closing",
    );
    let r = replay(
        &mut Client::new(config("c.example")),
        &script,
        usize::MAX,
        |_, _| {},
    );
    assert_eq!(r.events, ["SessionFailed GreetingRefused 554"]);
    assert!(r.closed);
}

#[test]
fn greeting_refused_and_connection_closed() {
    let mut client = Client::new(config("c.example"));
    client.receive(b"554 go away\r\n");
    client.handle_eof();
    let (events, sent) = pump(&mut client);
    assert_eq!(events, ["SessionFailed GreetingRefused 554", "Closed"]);
    assert_eq!(sent, "QUIT\r\n");
}

#[test]
fn ehlo_fallback_and_refusals() {
    // EHLO 502 → HELO; HELO refused too → QUIT.
    let script = transcript(
        "S: 220 old.example
         C: EHLO c.example
         S: 502 5.5.1 Not implemented
         C: HELO c.example
         S: 550 5.7.1 Not you
         C: QUIT
         S: 221 bye",
    );
    let r = replay(&mut Client::new(config("c.example")), &script, 1, |_, _| {});
    assert_eq!(r.events, ["Greeting 220", "SessionFailed HelloRefused 550"]);
    // EHLO refused with something else than "unknown command": no HELO.
    let script = transcript(
        "S: 220 mx.example
         C: EHLO c.example
         S: 554 5.7.1 Blocked
         C: QUIT
         S: 221 bye",
    );
    let r = replay(&mut Client::new(config("c.example")), &script, 1, |_, _| {});
    assert_eq!(r.events, ["Greeting 220", "SessionFailed HelloRefused 554"]);
    // LMTP has no HELO.
    let name =
        ClientName::new("c.example", mail_message::envelope::EnvelopeOptions::new()).unwrap();
    let script = transcript(
        "S: 220 mda.example LMTP
         C: LHLO c.example
         S: 500 5.5.1 What?
         C: QUIT
         S: 221 bye",
    );
    let r = replay(
        &mut Client::new(ClientConfig::lmtp(name)),
        &script,
        1,
        |_, _| {},
    );
    assert_eq!(r.events, ["Greeting 220", "SessionFailed HelloRefused 500"]);
}

#[test]
fn starttls_refused() {
    let head = "S: 220 mx.example
         C: EHLO c.example
         S: 250-mx.example
         S: 250 STARTTLS
         C: STARTTLS
         S: 454 4.7.0 TLS not available due to temporary reason";
    // Opportunistic: go on in the clear.
    let r = replay(
        &mut Client::new(config("c.example")),
        &transcript(head),
        usize::MAX,
        |_, _| {},
    );
    assert_eq!(r.events, ["Greeting 220", "Ready 1"]);
    // Required: give up.
    let script = transcript(&format!("{head}\nC: QUIT\nS: 221 bye"));
    let r = replay(
        &mut Client::new(config("c.example").with_tls(TlsPolicy::Required)),
        &script,
        usize::MAX,
        |_, _| {},
    );
    assert_eq!(r.events, ["Greeting 220", "SessionFailed TlsRefused 454"]);
}

#[test]
fn tls_never_ignores_the_offer() {
    let script = transcript(
        "S: 220 mx.example
         C: EHLO c.example
         S: 250-mx.example
         S: 250 STARTTLS",
    );
    let r = replay(
        &mut Client::new(config("c.example").with_tls(TlsPolicy::Never)),
        &script,
        usize::MAX,
        |_, _| {},
    );
    assert_eq!(r.events, ["Greeting 220", "Ready 1"]);
}

/// RFC 7677 §3's SCRAM-SHA-256 exchange (user, pencil, the client nonce of the RFC) inside
/// SMTP: the client checks the server's signature before it trusts the session.
const SCRAM_HEAD: &str = "S: 220 mx.example
     C: EHLO c.example
     S: 250-mx.example
     S: 250 AUTH SCRAM-SHA-256 PLAIN
     C: AUTH SCRAM-SHA-256 biwsbj11c2VyLHI9ck9wck5HZndFYmVSV2diTkVrcU8=
     S: 334 cj1yT3ByTkdmd0ViZVJXZ2JORWtxTyVodllEcFdVYTJSYVRDQWZ1eEZJbGopaE5sRiRrMCxzPVcyMlphSjBTTlk3c29Fc1VFamI2Z1E9PSxpPTQwOTY=
     C: Yz1iaXdzLHI9ck9wck5HZndFYmVSV2diTkVrcU8laHZZRHBXVWEyUmFUQ0FmdXhGSWxqKWhObEYkazAscD1kSHpiWmFwV0lrNGpVaE4rVXRlOXl0YWc5empmTUhnc3FtbWl6N0FuZFZRPQ==";

fn scram_client() -> Client {
    Client::new_tls(config("c.example").with_credentials(
        Credentials::password("user", Secret::from("pencil")),
        "rOprNGfwEbeRWgbNEkqO",
    ))
}

#[test]
fn scram_server_signature_checked() {
    let script = transcript(&format!(
        "{SCRAM_HEAD}
         S: 334 dj02cnJpVFJCaTIzV3BSUi93dHVwK21NaFVaVW4vZEI1bkxUSlJzamw5NUc0PQ==
         C:
         S: 235 2.7.0 Authentication successful"
    ));
    let r = replay(&mut scram_client(), &script, 7, |_, _| {});
    assert_eq!(
        r.events,
        ["Greeting 220", "Authenticated SCRAM-SHA-256", "Ready 1"]
    );
}

#[test]
fn scram_wrong_server_signature_is_a_failure() {
    let script = transcript(&format!(
        "{SCRAM_HEAD}
         S: 334 dj1BQUFBVFJCaTIzV3BSUi93dHVwK21NaFVaVW4vZEI1bkxUSlJzamw5NUc0PQ==
         C: *
         S: 501 5.0.0 Authentication cancelled
         C: QUIT
         S: 221 bye"
    ));
    let r = replay(&mut scram_client(), &script, usize::MAX, |_, _| {});
    assert_eq!(
        r.events,
        [
            "Greeting 220",
            "SessionFailed Auth Sasl(ServerSignatureMismatch)"
        ]
    );
}

#[test]
fn scram_success_without_signature_is_a_failure() {
    // A server that says 235 without proving it knows the password (no v=) is not trusted.
    let script = transcript(&format!(
        "{SCRAM_HEAD}
         S: 235 2.7.0 Authentication successful
         C: QUIT
         S: 221 bye"
    ));
    let r = replay(&mut scram_client(), &script, usize::MAX, |_, _| {});
    assert_eq!(
        r.events,
        [
            "Greeting 220",
            "SessionFailed Auth Sasl(MissingServerSignature)"
        ]
    );
}

#[test]
fn malformed_challenge_cancels() {
    let script = transcript(
        "S: 220 mx.example
         C: EHLO c.example
         S: 250-mx.example
         S: 250 AUTH LOGIN
         C: AUTH LOGIN
         S: 334 not base64!
         C: *
         S: 501 5.0.0 Cancelled
         C: QUIT
         S: 221 bye",
    );
    let mut client = Client::new_tls(
        config("c.example")
            .with_credentials(Credentials::password("user", Secret::from("pencil")), ""),
    );
    let r = replay(&mut client, &script, usize::MAX, |_, _| {});
    assert_eq!(r.events[1], "SessionFailed Auth MalformedChallenge");
}

#[test]
fn login_mechanism_prompts() {
    let script = transcript(
        "S: 220 mx.example
         C: EHLO c.example
         S: 250-mx.example
         S: 250 AUTH LOGIN
         C: AUTH LOGIN
         S: 334 VXNlcm5hbWU6
         C: dXNlcg==
         S: 334 UGFzc3dvcmQ6
         C: cGVuY2ls
         S: 235 2.7.0 OK",
    );
    let mut client = Client::new_tls(
        config("c.example")
            .with_credentials(Credentials::password("user", Secret::from("pencil")), ""),
    );
    let r = replay(&mut client, &script, 1, |_, _| {});
    assert_eq!(r.events[1..], ["Authenticated LOGIN", "Ready 1"]);
}

#[test]
fn service_closing_mid_transaction() {
    let mut client = ready_client(config("c.example"));
    let sent = send_one(&mut client);
    assert_eq!(
        sent,
        "MAIL FROM:<a@example.com> SIZE=4\r\nRCPT TO:<b@example.org>\r\nDATA\r\n"
    );
    client.receive(b"250 OK\r\n421 4.3.2 Shutting down\r\n");
    let (events, sent) = pump(&mut client);
    assert_eq!(
        events,
        [
            "SessionFailed ServiceClosing 421",
            "MessageFailed Interrupted { outcome_unknown: false }",
            "Closed"
        ]
    );
    assert_eq!(sent, "");
}

#[test]
fn connection_lost_after_the_content() {
    let mut client = ready_client(config("c.example"));
    send_one(&mut client);
    client.receive(b"250 OK\r\n250 OK\r\n354 go\r\n");
    let (events, sent) = pump(&mut client);
    assert_eq!(events, ["Recipient 0 250"]);
    assert_eq!(sent, "hi\r\n.\r\n");
    client.handle_eof();
    let (events, _) = pump(&mut client);
    assert_eq!(
        events,
        [
            "SessionFailed ConnectionLost",
            "MessageFailed Interrupted { outcome_unknown: true }",
            "Closed"
        ]
    );
}

#[test]
fn eof_after_quit_is_clean() {
    let mut client = ready_client(config("c.example"));
    client.quit().unwrap();
    assert_eq!(pump(&mut client).1, "QUIT\r\n");
    client.handle_eof();
    assert_eq!(pump(&mut client).0, ["Closed"]);
}

#[test]
fn unexpected_and_malformed_replies() {
    let mut client = ready_client(config("c.example"));
    client.receive(b"250 Nobody asked\r\n");
    assert_eq!(
        pump(&mut client).0,
        ["SessionFailed UnexpectedReply 250", "Closed"]
    );
    for bad in [&b"hello\r\n"[..], b"250-a\r\n251 b\r\n", b"2500 x\r\n"] {
        let mut client = ready_client(config("c.example"));
        send_one(&mut client);
        client.receive(bad);
        let (events, _) = pump(&mut client);
        assert_eq!(
            events,
            [
                "SessionFailed MalformedReply",
                "MessageFailed Interrupted { outcome_unknown: false }",
                "Closed"
            ],
            "{bad:?}"
        );
    }
    // A line over the limit is refused as soon as the limit is reached.
    let mut client = ready_client(config("c.example"));
    send_one(&mut client);
    client.receive(b"250 ");
    client.receive(&[b'x'; 3000]);
    assert_eq!(pump(&mut client).0[0], "SessionFailed MalformedReply");
}

#[test]
fn too_much_input() {
    let mut client = ready_client(config("c.example"));
    send_one(&mut client);
    for _ in 0..20 {
        client.receive(&[b'2'; 100_000]);
    }
    let (events, _) = pump(&mut client);
    assert_eq!(events[0], "SessionFailed TooMuchInput");
    assert_eq!(events.last().unwrap(), "Closed");
}

#[test]
fn timeouts_follow_rfc5321() {
    let minutes = |m: u64| Some(Duration::from_secs(60 * m));
    let mut client = Client::new(config("c.example"));
    assert_eq!(client.timeout(), minutes(5)); // greeting
    client.receive(b"220 mx.example\r\n");
    pump(&mut client);
    assert_eq!(client.timeout(), minutes(5)); // EHLO
    client.receive(EHLO_REPLY);
    pump(&mut client);
    assert_eq!(client.timeout(), None); // idle
    send_one(&mut client);
    assert_eq!(client.timeout(), minutes(5)); // MAIL
    client.receive(b"250 OK\r\n");
    pump(&mut client);
    assert_eq!(client.timeout(), minutes(5)); // RCPT
    client.receive(b"250 OK\r\n");
    pump(&mut client);
    assert_eq!(client.timeout(), minutes(2)); // DATA initiation
    client.receive(b"354 go\r\n");
    pump(&mut client);
    assert_eq!(client.timeout(), minutes(10)); // DATA termination
    client.handle_timeout();
    assert_eq!(
        pump(&mut client).0,
        [
            "SessionFailed Timeout { awaiting: EndOfData }",
            "MessageFailed Interrupted { outcome_unknown: true }",
            "Closed"
        ]
    );
    assert_eq!(client.timeout(), None);

    let mut client = Client::new(config("c.example"));
    client.handle_timeout();
    let (events, sent) = pump(&mut client);
    assert_eq!(
        events,
        ["SessionFailed Timeout { awaiting: Greeting }", "Closed"]
    );
    assert_eq!(sent, "");
    let _ = Awaiting::Reply(Verb::Mail);
}

#[test]
fn usage_errors() {
    let mut client = Client::new(config("c.example"));
    let env = envelope("<a@example.com>", &["<b@example.org>"]);
    assert_eq!(client.send(&env, b"x".to_vec()), Err(UsageError::NotReady));
    assert_eq!(client.noop(), Err(UsageError::NotReady));
    let mut client = ready_client(config("c.example"));
    assert_eq!(
        client.send(&envelope("<a@example.com>", &[]), b"x".to_vec()),
        Err(UsageError::NoRecipients)
    );
    assert!(matches!(
        client.vrfy("a\r\nb"),
        Err(UsageError::Unencodable(_))
    ));
    client.send(&env, b"x".to_vec()).unwrap();
    assert_eq!(client.send(&env, b"x".to_vec()), Err(UsageError::Busy));
    assert_eq!(client.rset(), Err(UsageError::Busy));
    assert!(!client.is_idle());
    client.quit().unwrap();
    client.quit().unwrap();
    assert_eq!(client.send(&env, b"x".to_vec()), Err(UsageError::Closed));
    client.receive(b"250 OK\r\n250 OK\r\n354 go\r\n250 OK\r\n221 bye\r\n");
    let (events, sent) = pump(&mut client);
    assert_eq!(events.last().unwrap(), "Closed");
    assert!(sent.ends_with("x\r\n.\r\nQUIT\r\n"));
    assert_eq!(client.quit(), Err(UsageError::Closed));
    // Nothing more once closed.
    client.receive(b"250 OK\r\n");
    assert!(matches!(client.poll(), Poll::Closed));
}

#[test]
fn invalid_envelope_parameters() {
    let mut client = ready_client(config("c.example"));
    let mut env = envelope("<a@example.com>", &["<b@example.org>"]);
    env.mail_parameters = mail_message::envelope::EsmtpParameters::parse(
        b"BODY=9BIT",
        mail_message::envelope::EnvelopeOptions::new(),
    )
    .unwrap();
    assert!(matches!(
        client.send(&env, b"x".to_vec()),
        Err(UsageError::InvalidEnvelope(_))
    ));
    assert!(client.is_idle());
}

#[test]
fn explicit_rset_clears_the_pending_reset() {
    // All recipients refused: the client owes an RSET; an explicit one pays it.
    let mut client = ready_client(config("c.example").with_pipelining(false));
    send_one(&mut client);
    client.receive(b"250 OK\r\n550 no\r\n");
    let (events, _) = pump(&mut client);
    assert_eq!(
        events,
        ["Recipient 0 550", "MessageFailed NoValidRecipients"]
    );
    client.rset().unwrap();
    assert_eq!(pump(&mut client).1, "RSET\r\n");
    client.receive(b"250 OK\r\n");
    assert_eq!(pump(&mut client).0, ["Reply RSET 250"]);
    assert!(send_one(&mut client).starts_with("MAIL"));
}

#[test]
fn buffered_replies_are_read_only_after_their_commands() {
    // Every reply of the session at once, before the client sent anything: the same events
    // as one at a time.
    let mut client = Client::new(config("c.example"));
    client.receive(b"220 mx.example\r\n");
    client.receive(EHLO_REPLY);
    client.receive(b"250 OK\r\n250 OK\r\n354 go\r\n250 queued\r\n221 bye\r\n");
    let mut events = Vec::new();
    let mut sent = Vec::new();
    loop {
        match client.poll() {
            Poll::Transmit(b) => sent.extend_from_slice(b),
            Poll::Event(e) => {
                let d = describe(&e);
                if d.starts_with("Ready") {
                    client
                        .send(&envelope("<a@example.com>", &["<b@example.org>"]), "x")
                        .unwrap();
                    client.quit().unwrap();
                }
                events.push(d);
            }
            Poll::Closed => break,
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(
        events,
        [
            "Greeting 220",
            "Ready 2",
            "Recipient 0 250",
            "MessageAccepted 250"
        ]
    );
    assert_eq!(
        String::from_utf8(sent).unwrap(),
        "EHLO c.example\r\nMAIL FROM:<a@example.com> SIZE=3\r\nRCPT TO:<b@example.org>\r\nDATA\r\nx\r\n.\r\nQUIT\r\n"
    );
}

fn chunking_client(pipelining: bool) -> Client {
    let limits = smtp_proto::client::Limits {
        bdat_chunk_size: 2,
        ..Default::default()
    };
    let mut client = Client::new(
        config("c.example")
            .with_pipelining(pipelining)
            .with_limits(limits),
    );
    client.receive(b"220 mx.example\r\n");
    client.receive(b"250-mx.example\r\n250-PIPELINING\r\n250-CHUNKING\r\n250 BINARYMIME\r\n");
    pump(&mut client);
    client
        .send(
            &envelope("<a@example.com>", &["<b@example.org>"]),
            b"\0bcd".to_vec(),
        )
        .unwrap();
    client
}

#[test]
fn failed_chunk_stops_the_chunks() {
    // One at a time: no chunk after the refused one; RSET before the next MAIL.
    let mut client = chunking_client(false);
    assert_eq!(
        pump(&mut client).1,
        "MAIL FROM:<a@example.com> BODY=BINARYMIME\r\n"
    );
    client.receive(b"250 OK\r\n250 OK\r\n");
    let (events, sent) = pump(&mut client);
    assert_eq!(events, ["Recipient 0 250"]);
    assert_eq!(sent, "RCPT TO:<b@example.org>\r\nBDAT 2\r\n\0b");
    client.receive(b"552 5.3.4 Too big\r\n");
    let (events, sent) = pump(&mut client);
    assert_eq!(events, ["MessageFailed DataRejected 552"]);
    assert_eq!(sent, "");
    let sent = send_one(&mut client);
    assert!(sent.starts_with("RSET\r\n"), "{sent:?}");
    // Pipelined: both chunks are out; the failure is reported after the last reply.
    let mut client = chunking_client(true);
    client.receive(b"250 OK\r\n250 OK\r\n");
    let (events, sent) = pump(&mut client);
    assert_eq!(events, ["Recipient 0 250"]);
    assert!(sent.ends_with("BDAT 2\r\n\0bBDAT 2 LAST\r\ncd"), "{sent:?}");
    client.receive(b"554 5.6.0 No\r\n");
    assert!(pump(&mut client).0.is_empty());
    client.receive(b"503 5.5.1 No transaction\r\n");
    assert_eq!(pump(&mut client).0, ["MessageFailed DataRejected 554"]);
    assert!(client.is_idle());
}

#[test]
fn data_refused_and_message_refused() {
    let mut client = ready_client(config("c.example"));
    send_one(&mut client);
    client.receive(b"250 OK\r\n250 OK\r\n451 4.3.0 Try later\r\n");
    assert_eq!(
        pump(&mut client).0,
        ["Recipient 0 250", "MessageFailed DataRejected 451"]
    );
    // The transaction is still open on the server: RSET goes first next time.
    let sent = send_one(&mut client);
    assert!(sent.starts_with("RSET\r\nMAIL"), "{sent:?}");
    client.receive(b"250 OK\r\n250 OK\r\n250 OK\r\n354 go\r\n");
    pump(&mut client);
    client.receive(b"554 5.7.1 Spam\r\n");
    assert_eq!(pump(&mut client).0, ["MessageFailed MessageRejected 554"]);
    // After the end of the content the transaction is over: no RSET.
    assert!(send_one(&mut client).starts_with("MAIL"));
}
