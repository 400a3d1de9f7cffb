//! The client facing faulty or hostile servers: every kind of `-ERR`, response codes,
//! malformed lines, limits, early closes and timeouts, and misuse of the API.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod client_support;

use std::time::Duration;

use client_support::{config, describe, n};
use pop3_proto::Poll;
use pop3_proto::client::{Client, ClientConfig, Limits, Timeouts, TlsPolicy, UsageError};

/// Polls until the client needs input, waits or closes; returns the events and the bytes
/// sent. `on_event` may call the client's methods.
fn drain(
    client: &mut Client,
    on_event: &mut dyn FnMut(&mut Client, &str),
) -> (Vec<String>, Vec<u8>, &'static str) {
    let mut events = Vec::new();
    let mut wire = Vec::new();
    loop {
        let desc = match client.poll() {
            Poll::Transmit(b) => {
                wire.extend_from_slice(b);
                continue;
            }
            Poll::Event(e) => describe(&e),
            Poll::NeedInput => return (merge(events), wire, "NeedInput"),
            Poll::Waiting => return (merge(events), wire, "Waiting"),
            Poll::StartTls => "StartTls".to_owned(),
            Poll::Closed => return (merge(events), wire, "Closed"),
        };
        events.push(desc.clone());
        on_event(client, &desc);
    }
}

/// Joins consecutive message pieces.
fn merge(events: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for e in events {
        match (out.last_mut(), e.strip_prefix("Data:")) {
            (Some(last), Some(more)) if last.starts_with("Data:") => last.push_str(more),
            _ => out.push(e),
        }
    }
    out
}

/// Feeds `server` whole and returns what happened.
fn session(config: ClientConfig, server: &[u8]) -> (Vec<String>, String, &'static str) {
    session_with(config, server, |_, _| {})
}

fn session_with(
    config: ClientConfig,
    server: &[u8],
    mut on_event: impl FnMut(&mut Client, &str),
) -> (Vec<String>, String, &'static str) {
    let mut client = Client::new(config);
    client.receive(server);
    let (events, wire, end) = drain(&mut client, &mut on_event);
    (events, String::from_utf8(wire).unwrap(), end)
}

fn plain() -> ClientConfig {
    ClientConfig::new()
        .with_tls(TlsPolicy::Never)
        .with_capa(false)
}

fn user_pass() -> ClientConfig {
    config("mrose", "secret", TlsPolicy::Never)
        .with_capa(false)
        .with_auth_without_tls(true)
}

const LOGGED_IN: &[u8] = b"+OK ready\r\n+OK\r\n+OK logged in\r\n";

#[test]
fn greeting_refused_with_code() {
    let (events, wire, end) = session(plain(), b"-ERR [SYS/TEMP] try later\r\n");
    assert_eq!(
        events,
        ["SessionFailed GreetingRefused -ERR [SYS/TEMP] try later"]
    );
    assert_eq!((wire.as_str(), end), ("", "Closed"));
}

#[test]
fn malformed_greetings() {
    let (events, wire, end) = session(plain(), b"* OK IMAP4rev1\r\n");
    assert_eq!(
        events,
        ["SessionFailed MalformedResponse(Status { offset: 0 })"]
    );
    assert_eq!((wire.as_str(), end), ("", "Closed"));
    // A bare LF does not end a line: the NUL-free text then holds an LF.
    let (events, _, _) = session(plain(), b"+OK a\nb\r\n");
    assert_eq!(
        events,
        ["SessionFailed MalformedResponse(ControlCharacter { offset: 5, byte: 10 })"]
    );
    // 511 octets and CRLF: over RFC 2449's 512, known before the line ends.
    let mut long = b"+OK ".to_vec();
    long.extend(std::iter::repeat_n(b'x', 508));
    let (events, _, _) = session(plain(), &long);
    assert_eq!(
        events,
        ["SessionFailed MalformedResponse(LineTooLong { limit: 512 })"]
    );
    // 510 and CRLF fit.
    long.truncate(510);
    long.extend_from_slice(b"\r\n");
    let (events, _, end) = session(plain(), &long);
    assert_eq!((events.len(), end), (2, "Waiting"));
}

#[test]
fn login_refusals_carry_their_codes() {
    for (reply, expected) in [
        ("-ERR [AUTH] bad password", "-ERR [AUTH] bad password"),
        ("-ERR [LOGIN-DELAY] wait", "-ERR [LOGIN-DELAY] wait"),
        ("-ERR [SYS/PERM] disabled", "-ERR [SYS/PERM] disabled"),
        ("-ERR [IN-USE] locked", "-ERR [IN-USE] locked"),
        ("-ERR [X-OTHER/DETAIL] hmm", "-ERR [X-OTHER/DETAIL] hmm"),
    ] {
        let server = format!("+OK ready\r\n+OK\r\n{reply}\r\n+OK bye\r\n");
        let (events, wire, end) = session(user_pass(), server.as_bytes());
        assert_eq!(
            events[1],
            format!("SessionFailed Auth Rejected PASS {expected}")
        );
        assert_eq!(wire, "USER mrose\r\nPASS secret\r\nQUIT\r\n");
        assert_eq!(end, "Closed");
    }
}

#[test]
fn every_command_error_is_an_event() {
    let server = [
        LOGGED_IN,
        b"-ERR [SYS/TEMP] a\r\n-ERR b\r\n-ERR c\r\n-ERR d\r\n-ERR e\r\n-ERR f\r\n-ERR g\r\n-ERR h\r\n-ERR i\r\n-ERR j\r\n-ERR k\r\n",
    ]
    .concat();
    let (events, wire, end) = session_with(user_pass(), &server, |client, event| {
        if event == "Ready 0" {
            client.stat().unwrap();
            client.list(None).unwrap();
            client.list(Some(n(9))).unwrap();
            client.uidl(None).unwrap();
            client.uidl(Some(n(9))).unwrap();
            client.retr(n(9)).unwrap();
            client.top(n(9), 0).unwrap();
            client.dele(n(9)).unwrap();
            client.rset().unwrap();
            client.noop().unwrap();
            client.quit().unwrap();
        }
    });
    assert_eq!(
        events[3..],
        [
            "Error STAT -ERR [SYS/TEMP] a",
            "Error LIST -ERR b",
            "Error LIST 9 -ERR c",
            "Error UIDL -ERR d",
            "Error UIDL 9 -ERR e",
            "Error RETR 9 -ERR f",
            "Error TOP 9 -ERR g",
            "Error DELE 9 -ERR h",
            "Error RSET -ERR i",
            "Error NOOP -ERR j",
            "Error QUIT -ERR k",
        ]
    );
    assert!(wire.ends_with("RSET\r\nNOOP\r\nQUIT\r\n"));
    assert_eq!(end, "Closed");
}

#[test]
fn malformed_single_line_answers() {
    for (ask, answer, failure) in [
        ("STAT", "+OK lots", "Number { offset: 0 }"),
        ("LIST 1", "+OK 0 100", "Number { offset: 0 }"),
        ("UIDL 1", "+OK 1 ", "UniqueId { offset: 2 }"),
    ] {
        let server = [LOGGED_IN, answer.as_bytes(), b"\r\n"].concat();
        let (events, wire, end) = session_with(user_pass(), &server, |client, event| {
            if event == "Ready 0" {
                match ask {
                    "STAT" => client.stat().unwrap(),
                    "LIST 1" => client.list(Some(n(1))).unwrap(),
                    _ => client.uidl(Some(n(1))).unwrap(),
                }
            }
        });
        assert_eq!(
            events[3],
            format!("SessionFailed MalformedResponse({failure})")
        );
        assert!(wire.ends_with(&format!("{ask}\r\n")), "{wire}");
        assert_eq!(end, "Closed");
    }
}

#[test]
fn malformed_listing_lines() {
    let server = [LOGGED_IN, b"+OK\r\n1 100\r\nx 200\r\n.\r\n"].concat();
    let (events, _, end) = session_with(user_pass(), &server, |client, event| {
        if event == "Ready 0" {
            client.list(None).unwrap();
        }
    });
    assert_eq!(
        events[3..],
        [
            "Scan 1 100",
            "SessionFailed MalformedResponse(Number { offset: 0 })"
        ]
    );
    assert_eq!(end, "Closed");
    // Stuffed lines in a listing are un-stuffed; a line over the limit ends the session.
    let mut server = [LOGGED_IN, b"+OK\r\n1 a\r\n"].concat();
    server.extend(std::iter::repeat_n(b'9', 2000));
    let (events, _, _) = session_with(user_pass(), &server, |client, event| {
        if event == "Ready 0" {
            client.uidl(None).unwrap();
        }
    });
    assert_eq!(
        events[3..],
        [
            "Uid 1 a",
            "SessionFailed MalformedResponse(LineTooLong { limit: 1024 })"
        ]
    );
}

#[test]
fn unexpected_response_when_idle() {
    let server = [LOGGED_IN, b"+OK surprise\r\n"].concat();
    let (events, wire, end) = session(user_pass(), &server);
    assert_eq!(events[3], "SessionFailed UnexpectedResponse +OK surprise");
    assert_eq!(wire, "USER mrose\r\nPASS secret\r\n");
    assert_eq!(end, "Closed");
}

#[test]
fn server_closing_early() {
    // In the middle of a message: the part received is handed out, then the failure.
    let mut client = Client::new(user_pass());
    client.receive(LOGGED_IN);
    let (_, _, _) = drain(&mut client, &mut |client, event| {
        if event == "Ready 0" {
            client.retr(n(1)).unwrap();
        }
    });
    client.receive(b"+OK\r\nSubject: cut\r\n");
    client.handle_eof();
    let (events, _, end) = drain(&mut client, &mut |_, _| {});
    assert_eq!(
        events,
        [
            "MessageStart 1",
            "Data:Subject: cut\r\n",
            "SessionFailed ConnectionLost"
        ]
    );
    assert_eq!(end, "Closed");
    // Before the greeting.
    let mut client = Client::new(plain());
    client.handle_eof();
    let (events, _, end) = drain(&mut client, &mut |_, _| {});
    assert_eq!(
        (events, end),
        (vec!["SessionFailed ConnectionLost".to_owned()], "Closed")
    );
    // After QUIT was sent, without its answer: a clean end.
    let mut client = Client::new(user_pass());
    client.receive(LOGGED_IN);
    let _ = drain(&mut client, &mut |client, event| {
        if event == "Ready 0" {
            client.quit().unwrap();
        }
    });
    client.handle_eof();
    let (events, _, end) = drain(&mut client, &mut |_, _| {});
    assert_eq!((events.len(), end), (0, "Closed"));
}

#[test]
fn bare_line_ends_never_end_a_message() {
    let server = [
        LOGGED_IN,
        b"+OK\r\na\n.\nb\r.\r\nc\n.\r\n..\r\n.\r\n+OK 1 2\r\n",
    ]
    .concat();
    let (events, _, _) = session_with(user_pass(), &server, |client, event| {
        if event == "Ready 0" {
            client.retr(n(1)).unwrap();
            client.stat().unwrap();
        }
    });
    assert_eq!(
        events[3..],
        [
            "MessageStart 1",
            "Data:a\n.\nb\r.\r\nc\n.\r\n.\r\n",
            "MessageEnd 1",
            "Stat 1 2"
        ]
    );
}

#[test]
fn tls_and_login_policies() {
    // Required TLS, no STLS offered: nothing but QUIT is sent.
    let (events, wire, _) = session(
        config("u", "p", TlsPolicy::Required),
        b"+OK hi\r\n+OK caps\r\nUSER\r\n.\r\n+OK bye\r\n",
    );
    assert_eq!(events[1], "SessionFailed TlsUnavailable");
    assert_eq!(wire, "CAPA\r\nQUIT\r\n");
    // CAPA refused: no capabilities, and no plaintext login without TLS.
    let (events, wire, _) = session(
        config("u", "p", TlsPolicy::Opportunistic),
        b"+OK hi\r\n-ERR what?\r\n+OK bye\r\n",
    );
    assert_eq!(events[1], "SessionFailed Auth NoMethod");
    assert_eq!(wire, "CAPA\r\nQUIT\r\n");
    // APOP switched off: the timestamp is not used.
    let (events, _, _) = session(
        config("u", "p", TlsPolicy::Never)
            .with_capa(false)
            .with_apop(false),
        b"+OK hi <1.2@h>\r\n+OK bye\r\n",
    );
    assert_eq!(events[1], "SessionFailed Auth NoMethod");
    // A user name that cannot be an argument.
    let (events, wire, _) = session(
        config("a b", "p", TlsPolicy::Never).with_capa(false),
        b"+OK hi <1.2@h>\r\n+OK bye\r\n",
    );
    assert_eq!(events[1], "SessionFailed Auth Unencodable");
    assert_eq!(wire, "QUIT\r\n");
    // Unknown or malformed capability lines are ignored.
    let (events, _, _) = session(
        ClientConfig::new().with_tls(TlsPolicy::Never),
        b"+OK hi\r\n+OK\r\nX-THING 1 2\r\nLOGIN-DELAY soon\r\n.TOP\r\n.\r\n",
    );
    assert_eq!(events[1], "Ready 2");
}

#[test]
fn malformed_sasl_challenge_is_cancelled() {
    let (events, wire, _) = session(
        config("u", "p", TlsPolicy::Never).with_auth_without_tls(true),
        b"+OK hi\r\n+OK\r\nSASL LOGIN\r\n.\r\n+ not*base64\r\n-ERR cancelled\r\n+OK bye\r\n",
    );
    assert_eq!(events[1], "SessionFailed Auth MalformedChallenge");
    assert_eq!(wire, "CAPA\r\nAUTH LOGIN\r\n*\r\nQUIT\r\n");
    // A continuation line outside AUTH is malformed.
    let server = [LOGGED_IN, b"+ abc=\r\n"].concat();
    let (events, _, _) = session_with(user_pass(), &server, |client, event| {
        if event == "Ready 0" {
            client.noop().unwrap();
        }
    });
    assert_eq!(
        events[3],
        "SessionFailed MalformedResponse(Status { offset: 1 })"
    );
}

#[test]
fn timeouts() {
    let timeouts = Timeouts {
        greeting: Duration::from_secs(7),
        response: Duration::from_secs(9),
    };
    let mut client = Client::new(user_pass().with_timeouts(timeouts));
    assert_eq!(client.timeout(), Some(Duration::from_secs(7)));
    client.receive(LOGGED_IN);
    let _ = drain(&mut client, &mut |_, _| {});
    assert_eq!(client.timeout(), None);
    client.retr(n(1)).unwrap();
    let _ = drain(&mut client, &mut |_, _| {});
    assert_eq!(client.timeout(), Some(Duration::from_secs(9)));
    client.handle_timeout();
    let (events, _, end) = drain(&mut client, &mut |_, _| {});
    assert_eq!(
        events,
        ["SessionFailed Timeout { awaiting: Response(Retr) }"]
    );
    assert_eq!(end, "Closed");
    assert_eq!(client.timeout(), None);
}

#[test]
fn too_much_input() {
    let limits = Limits {
        max_buffered_input: 64,
        ..Limits::default()
    };
    let mut client = Client::new(plain().with_limits(limits));
    client.receive(&[b'+'; 65]);
    let (events, _, end) = drain(&mut client, &mut |_, _| {});
    assert_eq!(
        (events, end),
        (vec!["SessionFailed TooMuchInput".to_owned()], "Closed")
    );
}

#[test]
fn usage_errors() {
    let mut client = Client::new(user_pass());
    assert_eq!(client.stat(), Err(UsageError::NotReady));
    client.receive(LOGGED_IN);
    let _ = drain(&mut client, &mut |_, _| {});
    assert_eq!(client.stat(), Ok(()));
    assert_eq!(client.quit(), Ok(()));
    assert_eq!(client.noop(), Err(UsageError::Closed));
    assert_eq!(client.quit(), Ok(()));
    // Without PIPELINING, QUIT waits for STAT's answer.
    let (_, wire, _) = drain(&mut client, &mut |_, _| {});
    assert_eq!(wire, b"STAT\r\n");
    client.receive(b"+OK 0 0\r\n+OK bye\r\n");
    let (events, wire, end) = drain(&mut client, &mut |_, _| {});
    assert_eq!(events, ["Stat 0 0", "Closed +OK bye"]);
    assert_eq!(wire, b"QUIT\r\n");
    assert_eq!(end, "Closed");
    assert_eq!(client.quit(), Err(UsageError::Closed));
}

#[test]
fn quit_during_login_stops_it() {
    let (events, wire, end) = session_with(
        config("u", "p", TlsPolicy::Never).with_auth_without_tls(true),
        b"+OK hi\r\n+OK\r\nUSER\r\n.\r\n+OK bye\r\n",
        |client, event| {
            if event.starts_with("Greeting") {
                client.quit().unwrap();
            }
        },
    );
    assert_eq!(wire, "CAPA\r\nQUIT\r\n");
    assert_eq!(events.last().unwrap(), "Closed +OK bye");
    assert_eq!(end, "Closed");
}

#[test]
fn long_initial_response_waits_for_the_empty_challenge() {
    // RFC 5034 §4: an AUTH line over 255 octets is not sent; the initial response answers
    // the empty challenge instead.
    let password = "p".repeat(200);
    let config = config("user", &password, TlsPolicy::Never).with_auth_without_tls(true);
    let (events, wire, _) = session(
        config,
        b"+OK hi\r\n+OK\r\nSASL PLAIN\r\n.\r\n+ \r\n+OK in\r\n",
    );
    assert_eq!(events[1..], ["Authenticated Sasl(Plain)", "Ready 1"]);
    use base64::Engine as _;
    let ir = base64::engine::general_purpose::STANDARD.encode(format!("\0user\0{password}"));
    assert_eq!(wire, format!("CAPA\r\nAUTH PLAIN\r\n{ir}\r\n"));
}

#[test]
fn too_many_capabilities() {
    let limits = Limits {
        capabilities: 2,
        ..Limits::default()
    };
    let (events, _, end) = session(
        ClientConfig::new()
            .with_tls(TlsPolicy::Never)
            .with_limits(limits),
        b"+OK hi\r\n+OK\r\nTOP\r\nUIDL\r\nUSER\r\n.\r\n",
    );
    assert_eq!(
        events[1],
        "SessionFailed MalformedResponse(Capability { offset: 0 })"
    );
    assert_eq!(end, "Closed");
}
