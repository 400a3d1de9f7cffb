//! Every example exchange of RFC 1939 (§§4-7, 10), RFC 2449 (§§5, 8.1.1), RFC 2595 (§4),
//! RFC 5034 (§6) and RFC 6856 (§§2-3) replayed against the server, byte for byte where the RFC
//! fixes the text. The greeting, the APOP timestamp, the maildrop (sizes, unique-ids) and the
//! application's texts are chosen to match the RFC; every example is also run one byte at a
//! time, with the same result.
//!
//! Where the server's own wording differs from an example it is said below: RFC 5034's `CAPA`
//! (our list has more lines, in RFC 2449's order, and hides non-TLS-safe SASL mechanisms
//! before TLS) and its `STLS` answer (we use RFC 2595's "Begin TLS negotiation").

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod server_support;

use mail_sasl::Mechanism;
use pop3_proto::response::{Expire, ResponseCode, StatusLine, Text};
use pop3_proto::server::{Server, ServerConfig};
use server_support::{App, drive, replay, transcript};

const TIMESTAMP: &str = "<1896.697170952@dbc.mtview.ca.us>";

/// A message of exactly `size` octets (CRLF form): a header, a blank line, a body line.
fn sized(size: usize, subject: &str) -> String {
    let head = format!("Subject: {subject}\r\n\r\n");
    format!("{head}{}\r\n", "x".repeat(size - head.len() - 2))
}

/// The server side lines of a message, for a transcript.
fn s_lines(message: &str) -> String {
    message
        .split_inclusive("\r\n")
        .map(|l| format!("S: {}\n", l.trim_end_matches("\r\n")))
        .collect()
}

fn dewey() -> ServerConfig {
    ServerConfig::new("dewey")
        .with_apop_timestamp(TIMESTAMP)
        .with_plaintext_without_tls(true)
}

/// The maildrop of RFC 1939's examples: 2 messages, 120 and 200 octets, the §7 unique-ids.
fn two_messages() -> App {
    App::with_messages(&[
        (sized(120, "one").as_bytes(), "whqtswO00WBw418f9t5JxYwZ"),
        (sized(200, "two").as_bytes(), "QhdPYR:00WBw1Ph7x7"),
    ])
}

#[test]
fn rfc1939_section_10_example_session() {
    let (m1, m2) = (sized(120, "one"), sized(200, "two"));
    let text = format!(
        "S: +OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>
C: APOP mrose c4c9334bac560ecc979e58001b3e22fb
S: +OK mrose's maildrop has 2 messages (320 octets)
C: STAT
S: +OK 2 320
C: LIST
S: +OK 2 messages (320 octets)
S: 1 120
S: 2 200
S: .
C: RETR 1
S: +OK 120 octets
{}S: .
C: DELE 1
S: +OK message 1 deleted
C: RETR 2
S: +OK 200 octets
{}S: .
C: DELE 2
S: +OK message 2 deleted
C: QUIT
S: +OK dewey POP3 server signing off (maildrop empty)
",
        s_lines(&m1),
        s_lines(&m2)
    );
    let mut committed = Vec::new();
    let outcome = replay(|| Server::new(dewey()), two_messages, &text);
    assert!(outcome.closed);
    assert_eq!(
        outcome.events,
        [
            "Apop mrose",
            "Retrieve 1 None",
            "Retrieve 2 None",
            "Update [MessageNumber(1), MessageNumber(2)]"
        ]
    );
    // The application saw the deletions.
    let (client, _) = transcript(&text);
    let mut app = two_messages();
    drive(&mut Server::new(dewey()), &[&client], &mut app);
    committed.extend(app.committed);
    assert_eq!(committed, [1, 2]);
}

#[test]
fn rfc1939_section_4_greeting_and_quit() {
    let outcome = replay(
        || Server::new(ServerConfig::new("dewey")),
        App::default,
        "S: +OK POP3 server ready
C: QUIT
S: +OK dewey POP3 server signing off",
    );
    assert!(outcome.closed);
}

#[test]
fn rfc1939_section_5_transaction_commands() {
    let m1 = sized(120, "one");
    let text = format!(
        "S: +OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>
C: USER mrose
S: +OK mrose is a real hoopy frood
C: PASS tanstaaf
S: +OK mrose's maildrop has 2 messages (320 octets)
C: STAT
S: +OK 2 320
C: LIST
S: +OK 2 messages (320 octets)
S: 1 120
S: 2 200
S: .
C: LIST 2
S: +OK 2 200
C: LIST 3
S: -ERR no such message, only 2 messages in maildrop
C: RETR 1
S: +OK 120 octets
{}S: .
C: DELE 1
S: +OK message 1 deleted
C: NOOP
S: +OK
C: DELE 2
S: +OK message 2 deleted
C: DELE 2
S: -ERR message 2 already deleted
C: RSET
S: +OK maildrop has 2 messages (320 octets)
C: QUIT
S: +OK dewey POP3 server signing off (2 messages left)
",
        s_lines(&m1)
    );
    let app = || App {
        user_text: Some("mrose is a real hoopy frood".to_owned()),
        ..two_messages()
    };
    let outcome = replay(|| Server::new(dewey()), app, &text);
    assert!(outcome.closed);
    assert_eq!(outcome.events.last().unwrap(), "Update []");
}

#[test]
fn rfc1939_section_6_update_with_maildrop_empty() {
    let outcome = replay(
        || Server::new(dewey()),
        two_messages,
        "S: +OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>
C: APOP mrose c4c9334bac560ecc979e58001b3e22fb
S: +OK mrose's maildrop has 2 messages (320 octets)
C: DELE 1
S: +OK message 1 deleted
C: DELE 2
S: +OK message 2 deleted
C: QUIT
S: +OK dewey POP3 server signing off (maildrop empty)",
    );
    assert!(outcome.closed);
}

#[test]
fn rfc1939_section_7_top_and_uidl() {
    // TOP 1 10: the header, the blank line, then 10 lines of the body (of 12).
    let body: String = (1..=12).map(|i| format!("line {i}\r\n")).collect();
    let message = format!("From: a@example.org\r\nSubject: top\r\n\r\n{body}");
    let top: String = message.split_inclusive("\r\n").take(3 + 10).collect();
    let text = format!(
        "S: +OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>
C: APOP mrose c4c9334bac560ecc979e58001b3e22fb
S: +OK mrose's maildrop has 2 messages ({} octets)
C: TOP 1 10
S: +OK
{}S: .
C: TOP 100 3
S: -ERR no such message
C: UIDL
S: +OK
S: 1 whqtswO00WBw418f9t5JxYwZ
S: 2 QhdPYR:00WBw1Ph7x7
S: .
C: UIDL 2
S: +OK 2 QhdPYR:00WBw1Ph7x7
C: UIDL 3
S: -ERR no such message, only 2 messages in maildrop
",
        message.len() + 200,
        s_lines(&top)
    );
    let app = || {
        App::with_messages(&[
            (message.as_bytes(), "whqtswO00WBw418f9t5JxYwZ"),
            (sized(200, "two").as_bytes(), "QhdPYR:00WBw1Ph7x7"),
        ])
    };
    replay(|| Server::new(dewey()), app, &text);
    // The same, the message handed over in pieces of 7 octets: TOP stops asking for more.
    let (client, expected) = transcript(&text);
    let mut app = App { piece: 7, ..app() };
    let out = drive(&mut Server::new(dewey()), &[&client], &mut app);
    assert_eq!(out.output, expected);
}

#[test]
fn rfc1939_section_7_user_and_pass() {
    let app = || App {
        user_text: Some("mrose is a real hoopy frood".to_owned()),
        reject_unknown_users: true,
        login_reject: vec![StatusLine::err(Text::lossy("maildrop already locked"))],
        password: b"secret".to_vec(),
        ..two_messages()
    };
    let outcome = replay(
        || Server::new(dewey()),
        app,
        "S: +OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>
C: USER frated
S: -ERR sorry, no mailbox for frated here
C: USER mrose
S: +OK mrose is a real hoopy frood
C: PASS secret
S: -ERR maildrop already locked
C: USER mrose
S: +OK mrose is a real hoopy frood
C: PASS secret
S: +OK mrose's maildrop has 2 messages (320 octets)",
    );
    assert_eq!(
        outcome.events,
        [
            "User frated",
            "User mrose",
            "Login mrose",
            "User mrose",
            "Login mrose"
        ]
    );
}

#[test]
fn rfc1939_section_7_apop() {
    let app = || App {
        login_text: Some("maildrop has 1 message (369 octets)".to_owned()),
        ..App::with_messages(&[(sized(369, "apop").as_bytes(), "u1")])
    };
    replay(
        || Server::new(dewey()),
        app,
        "S: +OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>
C: APOP mrose c4c9334bac560ecc979e58001b3e22fb
S: +OK maildrop has 1 message (369 octets)",
    );
}

#[test]
fn rfc2449_capa_example() {
    let config = || {
        let mut c = ServerConfig::new("dewey")
            .with_sasl([Mechanism::CramMd5, Mechanism::Other("KERBEROS_V4".into())])
            .with_plaintext_without_tls(true);
        c.login_delay = Some(900);
        c.expire = Some(Expire::Days(60));
        c.implementation = Some("Shlemazle-Plotz-v302".to_owned());
        c.auth_resp_code = false;
        c.utf8 = false;
        c.lang = false;
        c
    };
    replay(
        || Server::new(config()),
        App::default,
        "S: +OK POP3 server ready
C: CAPA
S: +OK Capability list follows
S: TOP
S: USER
S: SASL CRAM-MD5 KERBEROS_V4
S: RESP-CODES
S: LOGIN-DELAY 900
S: PIPELINING
S: EXPIRE 60
S: UIDL
S: IMPLEMENTATION Shlemazle-Plotz-v302
S: .",
    );
}

#[test]
fn rfc2449_section_8_1_1_in_use() {
    let app = || App {
        login_reject: vec![StatusLine::err_with_code(
            ResponseCode::InUse,
            Text::lossy("Do you have another POP session running?"),
        )],
        ..App::default()
    };
    replay(
        || Server::new(dewey()),
        app,
        "S: +OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>
C: APOP mrose c4c9334bac560ecc979e58001b3e22fb
S: -ERR [IN-USE] Do you have another POP session running?",
    );
}

#[test]
fn rfc2595_stls() {
    // The second STLS is sent after the handshake (sent with the first, it would be dropped).
    for bytewise in [false, true] {
        let mut server = Server::new(ServerConfig::new("dewey").with_stls(true));
        let mut app = App::default();
        let (first, second): (&[u8], &[u8]) = (b"STLS\r\n", b"STLS\r\n");
        let mut out = if bytewise {
            drive(&mut server, &first.chunks(1).collect::<Vec<_>>(), &mut app)
        } else {
            drive(&mut server, &[first], &mut app)
        };
        assert_eq!(out.starttls, 1);
        assert!(server.is_tls());
        out.output
            .extend(drive(&mut server, &[second], &mut app).output);
        let (_, expected) = transcript(
            "S: +OK POP3 server ready
             C: STLS
             S: +OK Begin TLS negotiation
             C: STLS
             S: -ERR Command not permitted when TLS active",
        );
        assert_eq!(out.output_str(), String::from_utf8(expected).unwrap());
    }
}

fn blurdy() -> ServerConfig {
    let mut c = ServerConfig::new("pop.example.com")
        .with_greeting("pop.example.com BlurdyBlurp POP3 server ready")
        .with_stls(true)
        .with_sasl([
            Mechanism::Plain,
            Mechanism::Other("DIGEST-MD5".into()),
            Mechanism::Other("GSSAPI".into()),
            Mechanism::Other("ANONYMOUS".into()),
        ]);
    c.implementation = Some("BlurdyBlurp POP3 server".to_owned());
    c.capa_text = "List of capabilities follows".to_owned();
    c
}

fn locked_and_ready() -> App {
    App {
        login_text: Some("Maildrop locked and ready".to_owned()),
        ..App::default()
    }
}

#[test]
fn rfc5034_auth_plain_with_initial_response_after_stls() {
    let (before, _) = transcript(
        "C: STLS
         C: CAPA",
    );
    let (after, expected) = transcript(
        "C: AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=
         S: +OK Maildrop locked and ready",
    );
    let mut server = Server::new(blurdy());
    let mut app = locked_and_ready();
    // The CAPA sent with STLS is dropped (no plaintext injection).
    let out = drive(&mut server, &[&before], &mut app);
    assert_eq!(
        out.output_str(),
        "+OK pop.example.com BlurdyBlurp POP3 server ready\r\n+OK Begin TLS negotiation\r\n"
    );
    assert_eq!(out.starttls, 1);
    let out = drive(&mut server, &[b"CAPA\r\n"], &mut app);
    let capa = out.output_str();
    assert!(capa.starts_with("+OK List of capabilities follows\r\n"));
    assert!(capa.contains("\r\nSASL PLAIN DIGEST-MD5 GSSAPI ANONYMOUS\r\n"));
    assert!(capa.contains("\r\nIMPLEMENTATION BlurdyBlurp POP3 server\r\n"));
    assert!(!capa.contains("STLS"));
    let out = drive(&mut server, &[&after], &mut app);
    assert_eq!(out.output, expected);
    assert_eq!(
        out.events,
        ["AuthStart PLAIN", "AuthRequest", "Authenticated test"]
    );
}

#[test]
fn rfc5034_capa_before_tls() {
    let mut server = Server::new(blurdy());
    let out = drive(&mut server, &[b"CAPA\r\n"], &mut App::default());
    let capa = out.output_str();
    // STLS is offered; PLAIN (and the mechanisms this crate cannot judge) wait for TLS.
    assert!(capa.contains("\r\nSTLS\r\n"));
    assert!(!capa.contains("SASL"));
    assert!(!capa.contains("\r\nUSER\r\n"));
    assert!(capa.contains("\r\nIMPLEMENTATION BlurdyBlurp POP3 server\r\n"));
}

#[test]
fn rfc5034_auth_plain_with_empty_challenge() {
    let outcome = replay(
        || Server::new_tls(blurdy()),
        locked_and_ready,
        "S: +OK pop.example.com BlurdyBlurp POP3 server ready
C: AUTH PLAIN
S: + 
C: dGVzdAB0ZXN0AHRlc3Q=
S: +OK Maildrop locked and ready",
    );
    assert_eq!(
        outcome.events,
        ["AuthStart PLAIN", "AuthRequest", "Authenticated test"]
    );
}

#[test]
fn rfc5034_cancel_and_unknown_mechanism() {
    let outcome = replay(
        || Server::new_tls(blurdy()),
        locked_and_ready,
        "S: +OK pop.example.com BlurdyBlurp POP3 server ready
C: AUTH PLAIN
S: + 
C: *
S: -ERR Authentication cancelled
C: AUTH DIGEST-MD5
S: -ERR Unsupported authentication mechanism
C: AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=
S: +OK Maildrop locked and ready",
    );
    assert_eq!(
        outcome.events,
        [
            "AuthStart PLAIN",
            "AuthFailed -ERR Authentication cancelled",
            "ProtocolError Some(Auth) -ERR Unsupported authentication mechanism",
            "AuthStart PLAIN",
            "AuthRequest",
            "Authenticated test"
        ]
    );
}

#[test]
fn rfc6856_utf8_user_and_lang() {
    let app = || App {
        user_text: Some("Hello, karen".to_owned()),
        login_text: Some("karen's maildrop contains 2 messages (320 octets)".to_owned()),
        ..two_messages()
    };
    replay(
        || Server::new(dewey()),
        app,
        "S: +OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>
C: UTF8
S: +OK UTF8 enabled
C: USER karen
S: +OK Hello, karen
C: PASS password
S: +OK karen's maildrop contains 2 messages (320 octets)
C: LANG MUL
S: -ERR invalid language MUL",
    );
}
