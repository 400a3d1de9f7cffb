//! The server's STARTTLS (RFC 3207) and AUTH (RFC 4954): no plaintext survives the upgrade,
//! no password before TLS unless allowed, every mechanism end to end.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod server_support;

use base64::Engine as _;
use mail_sasl::{ClientMechanism, Credentials, Mechanism, Secret};
use server_support::{Decision, accept_all, crlf, drive};
use smtp_proto::Poll;
use smtp_proto::server::{Event, Limits, Server, ServerConfig};

fn b64(data: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(data)
}

fn tls_config() -> ServerConfig {
    ServerConfig::new("mx.example.org")
        .with_starttls(true)
        .with_auth([
            Mechanism::ScramSha256,
            Mechanism::CramMd5,
            Mechanism::Plain,
            Mechanism::Login,
        ])
}

#[test]
fn commands_pipelined_after_starttls_are_never_executed() {
    let mut server = Server::new(tls_config());
    // A man in the middle appends commands after STARTTLS in the clear.
    let input =
        crlf("EHLO c\nSTARTTLS\nMAIL FROM:<evil@example.com>\nRCPT TO:<victim@example.org>\n");
    let out = drive(&mut server, &[&input], accept_all);
    assert_eq!(out.codes(), [220, 250, 220]);
    assert!(
        out.output_str()
            .ends_with("220 2.0.0 Ready to start TLS\r\n")
    );
    assert_eq!(out.starttls, 1);
    assert!(server.is_tls());
    // After the handshake the session starts over: no EHLO known, no MAIL from the injected
    // bytes, and STARTTLS is no longer offered.
    let out = drive(
        &mut server,
        &[b"RCPT TO:<x@example.org>\r\nEHLO c\r\nSTARTTLS\r\n"],
        accept_all,
    );
    assert_eq!(out.codes(), [503, 250, 503]);
    assert!(!out.output_str().contains("STARTTLS"));
    assert!(
        out.output_str()
            .contains("250 AUTH SCRAM-SHA-256 CRAM-MD5 PLAIN LOGIN\r\n"),
        "{}",
        out.output_str()
    );
    assert!(out.events.iter().all(|e| !e.contains("evil")));
}

#[test]
fn bytes_received_between_the_220_and_the_upgrade_are_dropped() {
    let mut server = Server::new(tls_config());
    server.receive(b"EHLO c\r\n");
    let _ = drive(&mut server, &[], accept_all);
    server.receive(b"STARTTLS\r\n");
    assert!(matches!(
        server.poll(),
        Poll::Transmit(b"220 2.0.0 Ready to start TLS\r\n")
    ));
    // More plaintext arrives before the driver upgrades.
    server.receive(b"MAIL FROM:<evil@example.com>\r\n");
    assert!(matches!(server.poll(), Poll::StartTls));
    assert!(matches!(server.poll(), Poll::NeedInput));
    let out = drive(&mut server, &[b"MAIL FROM:<a@example.com>\r\n"], accept_all);
    assert_eq!(out.codes(), [503], "the injected MAIL was not taken");
}

#[test]
fn no_auth_before_tls_unless_allowed() {
    let mut server = Server::new(tls_config());
    let out = drive(
        &mut server,
        &[&crlf(&format!(
            "EHLO c\nAUTH PLAIN {}\n",
            b64(b"\0user\0pencil")
        ))],
        accept_all,
    );
    assert_eq!(out.codes(), [220, 250, 538]);
    assert!(
        !out.output_str().contains("AUTH"),
        "AUTH is not offered in the clear"
    );
    assert_eq!(server.authenticated(), None);
    let mut server = Server::new(tls_config().with_auth_without_tls(true));
    let out = drive(
        &mut server,
        &[&crlf(&format!(
            "EHLO c\nAUTH PLAIN {}\n",
            b64(b"\0user\0pencil")
        ))],
        accept_all,
    );
    assert_eq!(out.codes(), [220, 250, 235]);
    assert_eq!(server.authenticated(), Some("user"));
}

fn tls_server(config: ServerConfig) -> Server {
    Server::new_tls(config)
}

#[test]
fn plain_with_initial_response_and_with_a_challenge() {
    let mut server = tls_server(tls_config());
    let out = drive(
        &mut server,
        &[&crlf(&format!(
            "EHLO c\nAUTH PLAIN {}\n",
            b64(b"\0user\0pencil")
        ))],
        accept_all,
    );
    assert_eq!(out.codes(), [220, 250, 235]);
    assert!(
        out.output_str()
            .ends_with("235 2.7.0 Authentication successful\r\n")
    );
    assert!(out.events.contains(&"Authenticated user".to_owned()));
    let mut server = tls_server(tls_config());
    let out = drive(
        &mut server,
        &[&crlf(&format!(
            "EHLO c\nAUTH PLAIN\n{}\n",
            b64(b"\0user\0wrong")
        ))],
        accept_all,
    );
    assert_eq!(out.codes(), [220, 250, 334, 535]);
    assert!(out.output_str().contains("\r\n334 \r\n"));
    assert_eq!(server.authenticated(), None);
}

#[test]
fn login_prompts() {
    let mut server = tls_server(tls_config());
    let out = drive(
        &mut server,
        &[&crlf(&format!(
            "EHLO c\nAUTH LOGIN\n{}\n{}\n",
            b64(b"tim"),
            b64(b"tanstaaftanstaaf")
        ))],
        accept_all,
    );
    assert_eq!(out.codes(), [220, 250, 334, 334, 235]);
    assert!(
        out.output_str()
            .contains("334 VXNlcm5hbWU6\r\n334 UGFzc3dvcmQ6\r\n")
    );
}

#[test]
fn cram_md5_uses_the_nonce_the_application_gives() {
    let mut server = tls_server(tls_config());
    server.receive(b"EHLO c\r\nAUTH CRAM-MD5\r\n");
    let mut out = Vec::new();
    loop {
        match server.poll() {
            Poll::Transmit(b) => out.extend_from_slice(b),
            Poll::Event(Event::Hello { .. }) => server.accept().unwrap(),
            Poll::Event(Event::AuthStart { mechanism }) => {
                assert_eq!(mechanism, Mechanism::CramMd5);
                assert!(server.accept().is_err(), "CRAM-MD5 needs a nonce");
                server.accept_auth("1896.697170952").unwrap();
            }
            Poll::Event(_) => {}
            _ => break,
        }
    }
    let text = String::from_utf8(out).unwrap();
    let challenge = text.lines().last().unwrap().strip_prefix("334 ").unwrap();
    let challenge = base64::engine::general_purpose::STANDARD
        .decode(challenge)
        .unwrap();
    assert_eq!(challenge, b"<1896.697170952@mx.example.org>");
    // Answer as a CRAM-MD5 client would.
    let mut client = ClientMechanism::new(
        &Mechanism::CramMd5,
        &Credentials::password("tim", Secret::from("tanstaaftanstaaf")),
        "",
    )
    .unwrap();
    let response = client.step(&challenge).unwrap();
    let out = drive(
        &mut server,
        &[format!("{}\r\n", b64(&response)).as_bytes()],
        accept_all,
    );
    assert_eq!(out.codes(), [235]);
    assert_eq!(server.authenticated(), Some("tim"));
}

#[test]
fn scram_sha256_sends_its_signature_as_a_last_challenge() {
    let mut server = tls_server(tls_config());
    let mut client = ClientMechanism::new(
        &Mechanism::ScramSha256,
        &Credentials::password("user", Secret::from("pencil")),
        "rOprNGfwEbeRWgbNEkqO",
    )
    .unwrap();
    let first = client.initial_response().unwrap();
    let out = drive(
        &mut server,
        &[&crlf(&format!(
            "EHLO c\nAUTH SCRAM-SHA-256 {}\n",
            b64(&first)
        ))],
        accept_all,
    );
    assert_eq!(out.codes(), [220, 250, 334]);
    let challenge = |out: &server_support::Outcome| {
        let text = out.output_str();
        let line = text
            .lines()
            .last()
            .unwrap()
            .strip_prefix("334 ")
            .unwrap()
            .to_owned();
        base64::engine::general_purpose::STANDARD
            .decode(line)
            .unwrap()
    };
    let server_first = challenge(&out);
    let client_final = client.step(&server_first).unwrap();
    let out = drive(
        &mut server,
        &[format!("{}\r\n", b64(&client_final)).as_bytes()],
        accept_all,
    );
    assert_eq!(
        out.codes(),
        [334],
        "server-final goes out as a challenge (RFC 4954 §4)"
    );
    let server_final = challenge(&out);
    assert!(server_final.starts_with(b"v="));
    let empty = client.step(&server_final).unwrap();
    assert!(empty.is_empty());
    client.finish(None).unwrap();
    let out = drive(&mut server, &[b"\r\n"], accept_all);
    assert_eq!(out.codes(), [235]);
    assert_eq!(server.authenticated(), Some("user"));
}

#[test]
fn cancel_garbage_and_the_failure_limit() {
    let mut server = tls_server(tls_config());
    let out = drive(
        &mut server,
        &[&crlf(
            "EHLO c\nAUTH PLAIN\n*\nAUTH PLAIN\n!!!\nAUTH PLAIN =\n",
        )],
        accept_all,
    );
    // Cancelled (501), undecodable (501), empty initial response (535): three failures, then 421.
    assert_eq!(out.codes(), [220, 250, 334, 501, 334, 501, 535, 421]);
    assert!(out.closed);
}

#[test]
fn auth_is_refused_where_rfc_4954_says() {
    let cases: &[(&str, &[u16])] = &[
        ("AUTH PLAIN\n", &[220, 503]),                   // before EHLO
        ("HELO c\nAUTH PLAIN\n", &[220, 250, 503]),      // after HELO only
        ("EHLO c\nAUTH DIGEST-MD5\n", &[220, 250, 504]), // not offered
        (
            "EHLO c\nMAIL FROM:<a@b.example>\nAUTH PLAIN\n",
            &[220, 250, 250, 503],
        ), // in a transaction
        (
            "EHLO c\nAUTH PLAIN AHVzZXIAcGVuY2ls\nAUTH PLAIN\n",
            &[220, 250, 235, 503],
        ), // twice
    ];
    for (input, codes) in cases {
        let mut server = tls_server(tls_config());
        let out = drive(&mut server, &[&crlf(input)], accept_all);
        assert_eq!(out.codes(), *codes, "{input:?}: {}", out.output_str());
    }
}

#[test]
fn submission_requires_auth_before_mail() {
    let mut server = tls_server(tls_config().with_require_auth(true));
    let out = drive(
        &mut server,
        &[&crlf(&format!(
            "EHLO c\nMAIL FROM:<a@b.example>\nAUTH PLAIN {}\nMAIL FROM:<a@b.example>\n",
            b64(b"\0user\0pencil")
        ))],
        accept_all,
    );
    assert_eq!(out.codes(), [220, 250, 530, 235, 250]);
    assert!(
        out.output_str()
            .contains("530 5.7.0 Authentication required\r\n")
    );
}

#[test]
fn mail_requires_tls_when_configured() {
    let mut server = Server::new(tls_config().with_require_tls(true));
    let out = drive(
        &mut server,
        &[&crlf("EHLO c\nMAIL FROM:<a@b.example>\n")],
        accept_all,
    );
    assert_eq!(out.codes(), [220, 250, 530]);
}

#[test]
fn the_application_may_refuse_a_mechanism() {
    let mut server = tls_server(tls_config());
    let limits = Limits::default();
    assert_eq!(limits.max_auth_failures, 3);
    let out = drive(
        &mut server,
        &[&crlf("EHLO c\nAUTH LOGIN\n")],
        |event| match event {
            Event::AuthStart { .. } => Decision::Reject(smtp_proto::reply::Reply::new(
                smtp_proto::reply::ReplyCode::AUTH_MECHANISM_TOO_WEAK,
                "5.7.9 Authentication mechanism is too weak",
            )),
            _ => Decision::Accept,
        },
    );
    assert_eq!(out.codes(), [220, 250, 534]);
}
