//! The example exchanges of RFC 1939 replayed byte for byte against the client: the `S:`
//! lines are fed to it (whole, and in pieces of 1, 2 and 7 octets), and what it transmits
//! must be exactly the `C:` lines.
//!
//! Adapted as little as possible: the RFC's client sends no `CAPA` (RFC 2449 came later), so
//! these sessions run with [`ClientConfig::capa`](pop3_proto::client::ClientConfig) off;
//! "<the POP3 server sends message 1>" becomes a real message.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod client_support;

use client_support::{config, n, run, transcript};
use pop3_proto::client::{Client, ClientConfig, TlsPolicy};

/// RFC 1939 §10 with `capa` off: `mrose` / `tanstaaf`, APOP from the greeting's timestamp.
fn rfc1939_config() -> ClientConfig {
    config("mrose", "tanstaaf", TlsPolicy::Never).with_capa(false)
}

#[test]
fn rfc1939_section10_example_session() {
    let script = transcript(
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
         S: Subject: one
         S:
         S: ..the server sends message 1
         S: .
         C: DELE 1
         S: +OK message 1 deleted
         C: RETR 2
         S: +OK 200 octets
         S: Subject: two
         S:
         S: message 2
         S: .
         C: DELE 2
         S: +OK message 2 deleted
         C: QUIT
         S: +OK dewey POP3 server signing off (maildrop empty)",
    );
    let events = run(
        || Client::new(rfc1939_config()),
        &script,
        |client, event| match event {
            "Ready 0" => client.stat().unwrap(),
            "Stat 2 320" => client.list(None).unwrap(),
            "ListingEnd LIST" => client.retr(n(1)).unwrap(),
            "MessageEnd 1" => client.dele(n(1)).unwrap(),
            "Deleted 1" => client.retr(n(2)).unwrap(),
            "MessageEnd 2" => client.dele(n(2)).unwrap(),
            "Deleted 2" => client.quit().unwrap(),
            _ => {}
        },
    );
    assert_eq!(
        events,
        [
            "Greeting +OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>",
            "Authenticated Apop",
            "Ready 0",
            "Stat 2 320",
            "Scan 1 120",
            "Scan 2 200",
            "ListingEnd LIST",
            "MessageStart 1",
            "Data:Subject: one\r\n\r\n.the server sends message 1\r\n",
            "MessageEnd 1",
            "Deleted 1",
            "MessageStart 2",
            "Data:Subject: two\r\n\r\nmessage 2\r\n",
            "MessageEnd 2",
            "Deleted 2",
            "Closed +OK dewey POP3 server signing off (maildrop empty)",
        ]
    );
}

#[test]
fn rfc1939_apop_line_is_exact() {
    // §7: the digest of "<1896.697170952@dbc.mtview.ca.us>tanstaaf".
    let mut client = Client::new(rfc1939_config());
    client.receive(b"+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n");
    let mut wire = Vec::new();
    loop {
        match client.poll() {
            pop3_proto::Poll::Transmit(b) => wire.extend_from_slice(b),
            pop3_proto::Poll::Event(_) => {}
            _ => break,
        }
    }
    assert_eq!(wire, b"APOP mrose c4c9334bac560ecc979e58001b3e22fb\r\n");
}

/// A session logged in with `USER`/`PASS` (no timestamp in the greeting), for §§5-7.
fn user_pass_session(commands: &str) -> Vec<(client_support::Side, Vec<u8>)> {
    transcript(&format!(
        "S: +OK POP3 server ready
         C: USER mrose
         S: +OK mrose is a real hoopy frood
         C: PASS secret
         S: +OK mrose's maildrop has 2 messages (320 octets)
         {commands}"
    ))
}

fn user_pass_config() -> ClientConfig {
    config("mrose", "secret", TlsPolicy::Never)
        .with_capa(false)
        .with_auth_without_tls(true)
}

#[test]
fn rfc1939_section5_and_7_commands() {
    let script = user_pass_session(
        "C: LIST 2
         S: +OK 2 200
         C: LIST 3
         S: -ERR no such message, only 2 messages in maildrop
         C: DELE 1
         S: +OK message 1 deleted
         C: DELE 2
         S: +OK message 2 deleted
         C: DELE 2
         S: -ERR message 2 already deleted
         C: NOOP
         S: +OK
         C: RSET
         S: +OK maildrop has 2 messages (320 octets)
         C: TOP 1 10
         S: +OK
         S: Subject: top
         S:
         S: line 1
         S: .
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
         C: QUIT
         S: +OK dewey POP3 server signing off",
    );
    let events = run(
        || Client::new(user_pass_config()),
        &script,
        |client, event| {
            // Without PIPELINING every command waits for the previous response.
            if event == "Ready 0" {
                client.list(Some(n(2))).unwrap();
                client.list(Some(n(3))).unwrap();
                client.dele(n(1)).unwrap();
                client.dele(n(2)).unwrap();
                client.dele(n(2)).unwrap();
                client.noop().unwrap();
                client.rset().unwrap();
                client.top(n(1), 10).unwrap();
                client.top(n(100), 3).unwrap();
                client.uidl(None).unwrap();
                client.uidl(Some(n(2))).unwrap();
                client.uidl(Some(n(3))).unwrap();
                client.quit().unwrap();
            }
        },
    );
    assert_eq!(
        events,
        [
            "Greeting +OK POP3 server ready",
            "Authenticated UserPass",
            "Ready 0",
            "Scan 2 200",
            "Error LIST 3 -ERR no such message, only 2 messages in maildrop",
            "Deleted 1",
            "Deleted 2",
            "Error DELE 2 -ERR message 2 already deleted",
            "Noop",
            "Reset",
            "MessageStart 1",
            "Data:Subject: top\r\n\r\nline 1\r\n",
            "MessageEnd 1",
            "Error TOP 100 -ERR no such message",
            "Uid 1 whqtswO00WBw418f9t5JxYwZ",
            "Uid 2 QhdPYR:00WBw1Ph7x7",
            "ListingEnd UIDL",
            "Uid 2 QhdPYR:00WBw1Ph7x7",
            "Error UIDL 3 -ERR no such message, only 2 messages in maildrop",
            "Closed +OK dewey POP3 server signing off",
        ]
    );
}

#[test]
fn rfc1939_user_refused() {
    // §7 USER: "-ERR sorry, no mailbox for frated here"; the client gives up politely.
    let script = transcript(
        "S: +OK POP3 server ready
         C: USER frated
         S: -ERR sorry, no mailbox for frated here
         C: QUIT
         S: +OK dewey POP3 server signing off",
    );
    let events = run(
        || {
            Client::new(
                config("frated", "secret", TlsPolicy::Never)
                    .with_capa(false)
                    .with_auth_without_tls(true),
            )
        },
        &script,
        |_, _| {},
    );
    assert_eq!(
        events,
        [
            "Greeting +OK POP3 server ready",
            "SessionFailed Auth Rejected USER -ERR sorry, no mailbox for frated here",
            "Closed +OK dewey POP3 server signing off",
        ]
    );
}

#[test]
fn rfc1939_maildrop_locked() {
    // §7 PASS: "-ERR maildrop already locked".
    let script = transcript(
        "S: +OK POP3 server ready
         C: USER mrose
         S: +OK mrose is a real hoopy frood
         C: PASS secret
         S: -ERR maildrop already locked
         C: QUIT
         S: +OK dewey POP3 server signing off",
    );
    let events = run(|| Client::new(user_pass_config()), &script, |_, _| {});
    assert_eq!(
        events[1],
        "SessionFailed Auth Rejected PASS -ERR maildrop already locked"
    );
}

#[test]
fn rfc1939_quit_with_messages_left() {
    // §6: QUIT in the TRANSACTION state, messages left.
    let script = user_pass_session(
        "C: QUIT
         S: +OK dewey POP3 server signing off (2 messages left)",
    );
    let events = run(
        || Client::new(user_pass_config()),
        &script,
        |client, event| {
            if event == "Ready 0" {
                client.quit().unwrap();
            }
        },
    );
    assert_eq!(
        events.last().unwrap(),
        "Closed +OK dewey POP3 server signing off (2 messages left)"
    );
}
