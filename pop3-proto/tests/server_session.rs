//! Transcripts of every command in every state, every `-ERR` path and limit, STLS and its
//! plaintext-injection defence, timeouts and misuse of the API.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod server_support;

use std::time::Duration;

use base64::Engine as _;
use mail_sasl::Mechanism;
use pop3_proto::Poll;
use pop3_proto::response::{ResponseCode, StatusLine, Text};
use pop3_proto::server::{Event, Limits, Server, ServerConfig, State, UsageError};
use server_support::{App, drive, replay};

/// The bytes of the next `Poll::Transmit`.
fn transmit(server: &mut Server) -> Vec<u8> {
    match server.poll() {
        Poll::Transmit(bytes) => bytes.to_vec(),
        other => panic!("expected Transmit, got {other:?}"),
    }
}

const GREETING: &str = "S: +OK POP3 server ready <1.2@host>";
const LOGIN: &str = "C: APOP mrose 3a4b4d6e0d1c6f2e0a4c2b6c5d7e8f90";

fn config() -> ServerConfig {
    ServerConfig::new("host")
        .with_apop_timestamp("<1.2@host>")
        .with_plaintext_without_tls(true)
}

fn app() -> App {
    App::with_messages(&[
        (b"Subject: one\n\n.hidden dot\nbody \xe9\n", "uid-1"),
        (b"Subject: two\r\n\r\n.\r\n..\r\nend", "uid-2"),
    ])
}

/// `APOP mrose <digest>` for the test timestamp.
fn apop() -> String {
    let d = pop3_proto::command::Digest::compute(b"<1.2@host>", b"tanstaaf");
    format!("C: APOP mrose {d}")
}

/// A transcript that starts with the greeting and the APOP login.
fn logged_in(rest: &str) -> String {
    format!(
        "{GREETING}\n{}\nS: +OK mrose's maildrop has 2 messages (65 octets)\n{rest}",
        apop()
    )
}

#[test]
fn authorization_state_refuses_transaction_commands() {
    let mut text = GREETING.to_owned();
    for command in [
        "STAT", "LIST", "LIST 1", "RETR 1", "DELE 1", "NOOP", "RSET", "TOP 1 1", "UIDL", "UIDL 1",
    ] {
        text.push_str(&format!(
            "\nC: {command}\nS: -ERR Command not valid in the AUTHORIZATION state"
        ));
    }
    let out = replay(|| Server::new(config()), app, &text);
    assert_eq!(out.events.len(), 10);
    assert!(out.events.iter().all(|e| e.starts_with("ProtocolError")));
    // The tenth bad command is the last one the default limit allows.
    assert!(out.closed);
}

#[test]
fn authorization_errors() {
    let bad_digest = LOGIN;
    let text = format!(
        "{GREETING}
C: PASS tanstaaf
S: -ERR No USER given
C: XTND XMIT
S: -ERR Unknown command
C: RETR x
S: -ERR Invalid arguments to RETR
C: 
S: -ERR Unknown command
C: USER a b
S: -ERR Invalid arguments to USER
{bad_digest}
S: -ERR [AUTH] invalid user name or password
C: USER mrose
S: +OK send PASS
C: PASS wrong
S: -ERR [AUTH] invalid user name or password
C: PASS tanstaaf
S: -ERR No USER given
C: QUIT
S: +OK host POP3 server signing off"
    );
    let out = replay(|| Server::new(config()), app, &text);
    assert!(out.closed);
    assert_eq!(
        out.events,
        [
            "ProtocolError Some(Pass) -ERR No USER given",
            "ProtocolError None -ERR Unknown command",
            "ProtocolError Some(Retr) -ERR Invalid arguments to RETR",
            "ProtocolError None -ERR Unknown command",
            "ProtocolError Some(User) -ERR Invalid arguments to USER",
            "Apop mrose",
            "User mrose",
            "Login mrose",
            "ProtocolError Some(Pass) -ERR No USER given",
        ]
    );
}

#[test]
fn apop_needs_a_timestamp_and_plaintext_needs_tls() {
    let config = || ServerConfig::new("host").with_sasl([Mechanism::Plain, Mechanism::CramMd5]);
    let out = replay(
        || Server::new(config()),
        app,
        &format!(
            "S: +OK POP3 server ready
{}
S: -ERR APOP not supported
C: USER mrose
S: -ERR [AUTH] Plaintext authentication disallowed without TLS
C: PASS tanstaaf
S: -ERR [AUTH] Plaintext authentication disallowed without TLS
C: AUTH PLAIN AG1yb3NlAHRhbnN0YWFm
S: -ERR [AUTH] Plaintext authentication disallowed without TLS
C: AUTH LOGIN
S: -ERR Unsupported authentication mechanism
C: CAPA
S: +OK Capability list follows
S: TOP
S: SASL CRAM-MD5
S: RESP-CODES
S: PIPELINING
S: UIDL
S: AUTH-RESP-CODE
S: UTF8 USER
S: LANG
S: .",
            apop()
        ),
    );
    assert_eq!(out.events.len(), 5);
    // Over TLS the same server takes them.
    replay(
        || Server::new_tls(config()),
        app,
        "S: +OK POP3 server ready
C: CAPA
S: +OK Capability list follows
S: TOP
S: USER
S: SASL PLAIN CRAM-MD5
S: RESP-CODES
S: PIPELINING
S: UIDL
S: AUTH-RESP-CODE
S: UTF8 USER
S: LANG
S: .
C: USER mrose
S: +OK send PASS
C: PASS tanstaaf
S: +OK mrose's maildrop has 2 messages (65 octets)",
    );
}

#[test]
fn auth_cram_md5_and_failures() {
    let challenge = "<nonce4711@host>";
    let b64 = |s: &[u8]| base64::engine::general_purpose::STANDARD.encode(s);
    let digest = {
        use hmac_like::hmac_md5;
        hmac_md5(b"tanstaaf", challenge.as_bytes())
    };
    let response = b64(format!("mrose {digest}").as_bytes());
    let wrong = b64(b"mrose 00000000000000000000000000000000");
    let text = format!(
        "{GREETING}
C: AUTH CRAM-MD5
S: + {}
C: {wrong}
S: -ERR [AUTH] Authentication failed
C: AUTH CRAM-MD5
S: + {}
C: not base64!
S: -ERR Invalid base64 response
C: AUTH CRAM-MD5
S: + {}
C: {response}
S: +OK mrose's maildrop has 2 messages (65 octets)
C: AUTH CRAM-MD5
S: -ERR Command not valid in the TRANSACTION state",
        b64(challenge.as_bytes()),
        b64(challenge.as_bytes()),
        b64(challenge.as_bytes()),
    );
    let config = || config().with_sasl([Mechanism::CramMd5]);
    let out = replay(|| Server::new(config()), app, &text);
    assert!(out.events.contains(&"Authenticated mrose".to_owned()));
}

/// HMAC-MD5 (RFC 2104) for the CRAM-MD5 test, from the `md-5` crate.
mod hmac_like {
    use md5::{Digest, Md5};

    pub(crate) fn hmac_md5(key: &[u8], text: &[u8]) -> String {
        let mut k = [0u8; 64];
        k[..key.len()].copy_from_slice(key);
        let inner = Md5::new()
            .chain_update(k.map(|b| b ^ 0x36))
            .chain_update(text)
            .finalize();
        let outer = Md5::new()
            .chain_update(k.map(|b| b ^ 0x5c))
            .chain_update(inner)
            .finalize();
        outer.iter().map(|b| format!("{b:02x}")).collect()
    }
}

#[test]
fn transaction_state_commands() {
    let text = logged_in(
        "C: STAT
S: +OK 2 65
C: LIST
S: +OK 2 messages (65 octets)
S: 1 37
S: 2 28
S: .
C: UIDL
S: +OK
S: 1 uid-1
S: 2 uid-2
S: .
C: RETR 1
S: +OK 37 octets
S: Subject: one
S: 
S: ..hidden dot
S: body \u{e9}
S: .
C: TOP 2 1
S: +OK
S: Subject: two
S: 
S: ..
S: .
C: RETR 2
S: +OK 28 octets
S: Subject: two
S: 
S: ..
S: ...
S: end
S: .
C: DELE 1
S: +OK message 1 deleted
C: STAT
S: +OK 1 28
C: LIST
S: +OK 1 message (28 octets)
S: 2 28
S: .
C: UIDL
S: +OK
S: 2 uid-2
S: .
C: LIST 1
S: -ERR message 1 already deleted
C: UIDL 1
S: -ERR message 1 already deleted
C: RETR 1
S: -ERR message 1 already deleted
C: TOP 1 0
S: -ERR message 1 already deleted
C: DELE 1
S: -ERR message 1 already deleted
C: RETR 3
S: -ERR no such message
C: DELE 3
S: -ERR no such message
C: NOOP
S: +OK
C: RSET
S: +OK maildrop has 2 messages (65 octets)
C: LIST 1
S: +OK 1 37
C: DELE 2
S: +OK message 2 deleted
C: QUIT
S: +OK host POP3 server signing off (1 message left)",
    );
    // The 8-bit octet (0xe9, Latin-1) goes through unchanged: the transcript writes it as
    // "é" (UTF-8), put back as the single octet here.
    let (client, expected) = server_support::transcript(&text);
    let expected = String::from_utf8(expected).unwrap().into_bytes();
    let mut want = Vec::new();
    let mut i = 0;
    while i < expected.len() {
        if expected[i..].starts_with("\u{e9}".as_bytes()) {
            want.push(0xe9);
            i += 2;
        } else {
            want.push(expected[i]);
            i += 1;
        }
    }
    let mut app = app();
    let out = drive(&mut Server::new(config()), &[&client], &mut app);
    assert_eq!(out.output, want);
    assert!(out.output.windows(7).any(|w| w == b"body \xe9\r"));
    assert!(out.closed);
    assert_eq!(app.committed, [2]);
}

#[test]
fn transaction_state_refuses_authorization_commands() {
    let mut text = logged_in("");
    for command in [
        "USER mrose",
        "PASS x",
        "APOP mrose c4c9334bac560ecc979e58001b3e22fb",
        "AUTH PLAIN",
        "UTF8",
        "STLS",
    ] {
        text.push_str(&format!(
            "C: {command}\nS: -ERR Command not valid in the TRANSACTION state\n"
        ));
    }
    text.push_str(
        "C: CAPA
S: +OK Capability list follows
S: TOP
S: RESP-CODES
S: PIPELINING
S: UIDL
S: AUTH-RESP-CODE
S: UTF8 USER
S: LANG
S: .
C: LANG
S: +OK Language listing follows
S: en English
S: .
C: LANG en-GB
S: +OK en Language is English
C: LANG *
S: +OK en Language is English
C: LANG de
S: -ERR invalid language de",
    );
    let config = || config().with_stls(true);
    replay(|| Server::new(config()), app, &text);
}

#[test]
fn app_rejections_of_retrieve_and_update() {
    let app = || App {
        retrieve_reject: Some(StatusLine::err_with_code(
            ResponseCode::SysTemp,
            Text::lossy("storage unavailable"),
        )),
        update_reject: Some(StatusLine::err_with_code(
            ResponseCode::SysTemp,
            Text::lossy("some deleted messages not removed"),
        )),
        ..app()
    };
    let out = replay(
        || Server::new(config()),
        app,
        &logged_in(
            "C: RETR 1
S: -ERR [SYS/TEMP] storage unavailable
C: DELE 1
S: +OK message 1 deleted
C: QUIT
S: -ERR [SYS/TEMP] some deleted messages not removed
C: NOOP",
        ),
    );
    assert!(out.closed);
}

#[test]
fn stls_drops_everything_sent_with_it() {
    // The injection: USER (and a PASS) sent in the same packet as STLS, in the clear.
    let config = || config().with_stls(true);
    for split in [false, true] {
        let mut server = Server::new(config());
        let mut app = app();
        let out = if split {
            // The rest of the injection arrives after the +OK went out, before the upgrade.
            server.receive(b"STLS\r\nUS");
            let mut output = transmit(&mut server);
            output.extend(transmit(&mut server));
            server.receive(b"ER evil\r\n");
            assert!(matches!(server.poll(), Poll::StartTls));
            server_support::Outcome {
                output,
                starttls: 1,
                ..Default::default()
            }
        } else {
            drive(&mut server, &[b"STLS\r\nUSER evil\r\nPASS x\r\n"], &mut app)
        };
        assert_eq!(out.starttls, 1);
        assert!(out.events.is_empty(), "{:?}", out.events);
        assert_eq!(
            out.output_str(),
            "+OK POP3 server ready <1.2@host>\r\n+OK Begin TLS negotiation\r\n"
        );
        // After the handshake the session goes on in AUTHORIZATION, without STLS.
        let out = drive(&mut server, &[b"USER mrose\r\nCAPA\r\n"], &mut app);
        assert_eq!(out.events, ["User mrose"]);
        assert!(!out.output_str().contains("STLS"));
    }
    // An accepted USER does not survive STLS either.
    let mut server = Server::new(config());
    let mut app = app();
    drive(&mut server, &[b"USER mrose\r\n"], &mut app);
    drive(&mut server, &[b"STLS\r\n"], &mut app);
    let out = drive(&mut server, &[b"PASS tanstaaf\r\n"], &mut app);
    assert_eq!(out.output_str(), "-ERR No USER given\r\n");
}

#[test]
fn stls_not_offered() {
    replay(
        || Server::new(config()),
        app,
        &format!("{GREETING}\nC: STLS\nS: -ERR STLS not supported"),
    );
}

#[test]
fn line_too_long_is_skipped() {
    let long = "x".repeat(300);
    let text = format!(
        "{GREETING}
C: USER {long}
S: -ERR Command line too long
C: CAPA
S: +OK Capability list follows
S: TOP
S: USER
S: RESP-CODES
S: PIPELINING
S: UIDL
S: AUTH-RESP-CODE
S: UTF8 USER
S: LANG
S: ."
    );
    let out = replay(|| Server::new(config()), app, &text);
    assert_eq!(
        out.events,
        ["ProtocolError None -ERR Command line too long"]
    );
    // 253 octets + CRLF fits the 255 limit.
    let name = "y".repeat(253 - 5);
    let line = format!("USER {name}\r\n");
    assert_eq!(line.len(), 255);
    let out = drive(&mut Server::new(config()), &[line.as_bytes()], &mut app());
    assert_eq!(out.events, [format!("User {name}")]);
}

#[test]
fn too_many_bad_commands_close_the_session() {
    let limits = Limits {
        max_bad_commands: 3,
        ..Limits::default()
    };
    let out = replay(
        || Server::new(config().with_limits(limits.clone())),
        app,
        &format!(
            "{GREETING}
C: FOO
S: -ERR Unknown command
C: BAR
S: -ERR Unknown command
C: STAT
S: -ERR Command not valid in the AUTHORIZATION state
C: CAPA"
        ),
    );
    assert!(out.closed);
}

#[test]
fn too_many_failed_logins_close_the_session() {
    let out = replay(
        || Server::new(config()),
        app,
        &format!(
            "{GREETING}
{LOGIN}
S: -ERR [AUTH] invalid user name or password
{LOGIN}
S: -ERR [AUTH] invalid user name or password
{LOGIN}
S: -ERR [AUTH] invalid user name or password
{LOGIN}"
        ),
    );
    assert!(out.closed);
    assert_eq!(out.events.len(), 3);
}

#[test]
fn too_much_pipelined_input_closes() {
    let limits = Limits {
        max_buffered_input: 64,
        ..Limits::default()
    };
    let mut server = Server::new(config().with_limits(limits));
    let mut app = app();
    // A driver that reads without polling: the buffer fills up.
    server.receive(&[b'N'; 40]);
    server.receive(&[b'N'; 40]);
    let out = drive(&mut server, &[], &mut app);
    assert_eq!(
        out.output_str(),
        "+OK POP3 server ready <1.2@host>\r\n-ERR [SYS/TEMP] host Too much unprocessed input\r\n"
    );
    assert!(out.closed);
}

#[test]
fn idle_timeout_closes_without_a_response() {
    let mut server = Server::new(config());
    let mut app = app();
    let out = drive(
        &mut server,
        &[apop().trim_start_matches("C: ").as_bytes(), b"\r\n"],
        &mut app,
    );
    assert_eq!(out.events, ["Apop mrose"]);
    assert_eq!(server.state(), State::Transaction);
    assert_eq!(server.timeout(), Some(Duration::from_secs(600)));
    server.receive(b"DELE 1\r\n");
    drive(&mut server, &[], &mut app);
    server.handle_timeout();
    assert_eq!(server.timeout(), None);
    // No response, no UPDATE: the deletion is not committed.
    assert!(matches!(server.poll(), Poll::Closed));
    assert!(app.committed.is_empty());
    server.receive(b"QUIT\r\n");
    assert!(matches!(server.poll(), Poll::Closed));
}

#[test]
fn timeout_is_none_while_the_application_decides() {
    let mut server = Server::new(config());
    server.receive(b"USER mrose\r\n");
    assert!(matches!(server.poll(), Poll::Transmit(_)));
    assert!(matches!(server.poll(), Poll::Event(Event::User { .. })));
    assert!(matches!(server.poll(), Poll::Waiting));
    assert_eq!(server.timeout(), None);
    server.accept().unwrap();
    assert_eq!(transmit(&mut server), b"+OK send PASS\r\n");
    assert!(matches!(server.poll(), Poll::NeedInput));
    assert_eq!(server.timeout(), Some(Duration::from_secs(600)));
}

#[test]
fn shut_down_sends_sys_temp() {
    let mut server = Server::new(config());
    assert!(matches!(server.poll(), Poll::Transmit(_)));
    server.shut_down();
    assert_eq!(
        transmit(&mut server),
        b"-ERR [SYS/TEMP] host Server shutting down\r\n"
    );
    assert!(matches!(server.poll(), Poll::Closed));
    assert_eq!(server.accept(), Err(UsageError::Closed));
}

#[test]
fn usage_errors() {
    let mut server = Server::new(config());
    assert_eq!(server.accept(), Err(UsageError::NothingPending));
    assert_eq!(server.end_message(), Err(UsageError::NothingPending));
    assert_eq!(
        server.reject(&StatusLine::ok(Text::default())),
        Err(UsageError::NotNegative)
    );
    server.receive(b"USER mrose\r\n");
    let _ = server.poll();
    assert!(matches!(server.poll(), Poll::Event(Event::User { .. })));
    assert_eq!(
        server.accept_login(pop3_proto::server::Maildrop::new()),
        Err(UsageError::WrongDecision { pending: "User" })
    );
    assert_eq!(
        server.send_message_data(b"x"),
        Err(UsageError::WrongDecision { pending: "User" })
    );
    assert!(matches!(
        server.accept_with(Text::lossy("[x")),
        Err(UsageError::Unencodable(_))
    ));
    server.accept().unwrap();
    assert_eq!(transmit(&mut server), b"+OK send PASS\r\n");
    // A started message cannot be rejected any more.
    server.receive(b"PASS tanstaaf\r\nRETR 1\r\n");
    assert!(matches!(server.poll(), Poll::Event(Event::Login { .. })));
    server.accept_login(app().maildrop()).unwrap();
    assert!(matches!(server.poll(), Poll::Event(Event::Retrieve { .. })));
    assert_eq!(
        transmit(&mut server),
        b"+OK mrose's maildrop has 2 messages (65 octets)\r\n"
    );
    server.send_message_data(b"a").unwrap();
    assert_eq!(
        server.reject(&StatusLine::err(Text::default())),
        Err(UsageError::AlreadySending)
    );
    // Polling between pieces: what was transmitted is not sent again, nothing is lost.
    assert_eq!(transmit(&mut server), b"+OK 37 octets\r\na");
    server.send_message_data(b"\n.b").unwrap();
    assert_eq!(transmit(&mut server), b"\r\n..b");
    server.end_message().unwrap();
    assert_eq!(transmit(&mut server), b"\r\n.\r\n");
    assert!(matches!(server.poll(), Poll::NeedInput));
}

#[test]
fn bare_lf_command_lines_and_trailing_spaces() {
    let out = drive(
        &mut Server::new(config()),
        &[b"USER mrose \nPASS tanstaaf\nSTAT \n"],
        &mut app(),
    );
    assert_eq!(
        out.output_str(),
        "+OK POP3 server ready <1.2@host>\r\n+OK send PASS\r\n\
+OK mrose's maildrop has 2 messages (65 octets)\r\n+OK 2 65\r\n"
    );
}

#[test]
fn auth_scram_sha256_sends_the_server_signature_as_a_last_challenge() {
    use mail_sasl::{ScramSha256Client, Secret};
    let b64 = base64::engine::general_purpose::STANDARD;
    let config = config().with_sasl([Mechanism::ScramSha256]);
    let mut server = Server::new(config);
    let mut app = app();
    let mut client =
        ScramSha256Client::new("mrose", Secret::from("tanstaaf"), "rOprNGfwEbeRWgbNEkqO").unwrap();
    let first = b64.encode(client.initial_response().unwrap());
    let out = drive(
        &mut server,
        &[format!("AUTH SCRAM-SHA-256 {first}\r\n").as_bytes()],
        &mut app,
    );
    // The server needs the stored credentials to send its first message.
    assert_eq!(out.events, ["AuthStart SCRAM-SHA-256", "AuthRequest"]);
    let challenge = out.output_str();
    let challenge = challenge
        .lines()
        .last()
        .unwrap()
        .strip_prefix("+ ")
        .unwrap();
    let final_message = client.step(&b64.decode(challenge).unwrap()).unwrap();
    let out = drive(
        &mut server,
        &[format!("{}\r\n", b64.encode(final_message)).as_bytes()],
        &mut app,
    );
    assert!(out.events.is_empty());
    // The server-final message (v=...) goes out as a challenge; the client answers empty.
    let last = out.output_str();
    let signature = b64
        .decode(last.trim_end().strip_prefix("+ ").unwrap())
        .unwrap();
    assert!(signature.starts_with(b"v="));
    assert!(client.step(&signature).unwrap().is_empty());
    let out = drive(&mut server, &[b"\r\n"], &mut app);
    assert_eq!(out.events, ["Authenticated mrose"]);
    assert_eq!(
        out.output_str(),
        "+OK mrose's maildrop has 2 messages (65 octets)\r\n"
    );
    assert_eq!(server.user(), Some("mrose"));
    assert_eq!(server.state(), State::Transaction);
}

#[test]
fn lang_and_utf8_in_authorization_and_when_not_offered() {
    replay(
        || Server::new(config()),
        app,
        &format!(
            "{GREETING}
C: LANG
S: +OK Language listing follows
S: en English
S: .
C: LANG fr
S: -ERR invalid language fr
C: UTF8
S: +OK UTF8 enabled"
        ),
    );
    let off = || {
        let mut c = config();
        c.utf8 = false;
        c.lang = false;
        Server::new(c)
    };
    replay(
        off,
        app,
        &format!(
            "{GREETING}
C: LANG
S: -ERR Command not supported
C: UTF8
S: -ERR Command not supported"
        ),
    );
}

#[test]
fn an_unusable_apop_timestamp_is_not_offered() {
    let config = || ServerConfig::new("host").with_apop_timestamp("no brackets");
    let out = replay(
        || Server::new(config()),
        app,
        &format!(
            "S: +OK POP3 server ready
{}
S: -ERR APOP not supported",
            apop()
        ),
    );
    assert_eq!(out.events.len(), 1);
}

#[test]
fn shut_down_in_the_middle_of_a_message_just_closes() {
    let mut server = Server::new(config());
    let mut app = app();
    drive(
        &mut server,
        &[apop().trim_start_matches("C: ").as_bytes(), b"\r\n"],
        &mut app,
    );
    server.receive(b"RETR 1\r\n");
    assert!(matches!(server.poll(), Poll::Event(Event::Retrieve { .. })));
    server.send_message_data(b"Subject: x\r\n").unwrap();
    server.shut_down();
    assert_eq!(transmit(&mut server), b"+OK 37 octets\r\nSubject: x\r\n");
    assert!(matches!(server.poll(), Poll::Closed));
    assert_eq!(server.end_message(), Err(UsageError::Closed));
}
