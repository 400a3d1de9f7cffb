//! The example sessions of RFC 3030 §4, RFC 1870 §8, RFC 4954 §4 and §5, RFC 2033 §4.3 and
//! RFC 3207 §5 replayed byte for byte against the client (see `client_rfc5321.rs`).
//!
//! Adaptations, each the smallest that fits what our client does:
//! - a server that offers `SIZE` gets `SIZE=n` on `MAIL` (RFC 1870 §6); "…" in place of
//!   content becomes a real message;
//! - RFC 2033's LMTP example is replayed twice: as printed with pipelining turned off, and
//!   in pipelined order (the server offers `PIPELINING`);
//! - RFC 3030 §4.2 ends with an empty `BDAT 0 LAST`: ours marks the last data chunk `LAST`;
//! - RFC 4954 §4: the first greeting is printed as `220-` with no last line (`220 ` here);
//!   the example without an initial response omits the part before TLS (replayed on an
//!   implicit-TLS connection with a greeting added); the CRAM-MD5 example does not give
//!   the secret of `rjs3`, so the challenge and response of RFC 2195 §2 stand in; `AUTH
//!   EXTERNAL` is not implemented by mail-sasl and is not replayed.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod client_support;
mod server_support;

use client_support::{BLAH, Side, append, config, envelope, push, replay, run, transcript};
use mail_sasl::{Credentials, Secret};
use smtp_proto::client::{Client, ClientConfig, TlsPolicy};

#[test]
fn rfc3030_simple_chunking() {
    let script = transcript(
        "S: 220 cnri.reston.va.us SMTP service ready
         C: EHLO ymir.claremont.edu
         S: 250-cnri.reston.va.us says hello
         S: 250 CHUNKING
         C: MAIL FROM:<Sam@Random.com>
         S: 250 <Sam@Random.com> Sender ok
         C: RCPT TO:<Susan@Random.com>
         S: 250 <Susan@random.com> Recipient ok
         C: BDAT 86 LAST
         C: To: Susan@random.com
         C: From: Sam@random.com
         C: Subject: This is a bodyless test message
         S: 250 Message OK, 86 octets received
         C: QUIT
         S: 221 Goodbye",
    );
    let env = envelope("<Sam@Random.com>", &["<Susan@Random.com>"]);
    let message: &[u8] =
        b"To: Susan@random.com\r\nFrom: Sam@random.com\r\nSubject: This is a bodyless test message\r\n";
    let events = run(
        || Client::new(config("ymir.claremont.edu").with_prefer_chunking(true)),
        &script,
        |client, event| {
            if event.starts_with("Ready") {
                client.send(&env, message).unwrap();
                client.quit().unwrap();
            }
        },
    );
    assert_eq!(&events[2..], ["Recipient 0 250", "MessageAccepted 250"]);
}

#[test]
fn rfc3030_pipelining_binarymime() {
    // 100324 octets of binary content (NULs, bare CR and LF, 8-bit): BODY=BINARYMIME, two
    // chunks, the second one marked LAST (the RFC sends an extra empty `BDAT 0 LAST`).
    let message: Vec<u8> = (0..100_324u32).map(|i| (i * 7 % 256) as u8).collect();
    let mut script = transcript(
        "S: 220 cnri.reston.va.us SMTP service ready
         C: EHLO ymir.claremont.edu
         S: 250-cnri.reston.va.us says hello
         S: 250-PIPELINING
         S: 250-BINARYMIME
         S: 250 CHUNKING
         C: MAIL FROM:<ned@ymir.claremont.edu> BODY=BINARYMIME
         C: RCPT TO:<gvaudre@cnri.reston.va.us>
         C: RCPT TO:<jstewart@cnri.reston.va.us>
         S: 250 <ned@ymir.claremont.edu>... Sender and BINARYMIME ok
         S: 250 <gvaudre@cnri.reston.va.us>... Recipient ok
         S: 250 <jstewart@cnri.reston.va.us>... Recipient ok
         C: BDAT 100000",
    );
    push(&mut script, Side::Client, &message[..100_000]);
    push(&mut script, Side::Client, b"BDAT 324 LAST\r\n");
    push(&mut script, Side::Client, &message[100_000..]);
    append(
        &mut script,
        transcript(
            "S: 250 100000 octets received
         S: 250 Message OK, 100324 octets received
         C: QUIT
         S: 221 Goodbye",
        ),
    );
    let env = envelope(
        "<ned@ymir.claremont.edu>",
        &[
            "<gvaudre@cnri.reston.va.us>",
            "<jstewart@cnri.reston.va.us>",
        ],
    );
    let limits = smtp_proto::client::Limits {
        bdat_chunk_size: 100_000,
        ..Default::default()
    };
    let make = || Client::new(config("ymir.claremont.edu").with_limits(limits));
    let on_event = |client: &mut Client, event: &str| match event {
        "Ready 3" => client.send(&env, message.clone()).unwrap(),
        "MessageAccepted 250" => client.quit().unwrap(),
        _ => {}
    };
    let whole = replay(&mut make(), &script, usize::MAX, on_event);
    assert_eq!(
        &whole.events[2..],
        ["Recipient 0 250", "Recipient 1 250", "MessageAccepted 250"]
    );
    let pieces = replay(&mut make(), &script, 3, on_event);
    assert_eq!(whole.events, pieces.events);
}

#[test]
fn rfc1870_size_declaration() {
    // 5000 lines of 98 octets and CRLF: exactly 500000 octets.
    let line = format!("{}\r\n", "x".repeat(98));
    let message = line.repeat(5000);
    let mut script = transcript(
        "S: 220 sigurd.innosoft.com -- Server SMTP (PMDF V4.2-6 #1992)
         C: EHLO ymir.claremont.edu
         S: 250-sigurd.innosoft.com
         S: 250-EXPN
         S: 250-HELP
         S: 250 SIZE 1000000
         C: MAIL FROM:<ned@thor.innosoft.com> SIZE=500000
         S: 250 Address Ok.
         C: RCPT TO:<ned@innosoft.com>
         S: 250 ned@innosoft.com OK; can accomodate 500000 byte message
         C: RCPT TO:<ned@ymir.claremont.edu>
         S: 552 Channel size limit exceeded: ned@YMIR.CLAREMONT.EDU
         C: RCPT TO:<ned@hmcvax.claremont.edu>
         S: 452 Insufficient channel storage: ned@hmcvax.CLAREMONT.EDU
         C: DATA
         S: 354 Send message, ending in CRLF.CRLF.",
    );
    push(&mut script, Side::Client, message.as_bytes());
    append(
        &mut script,
        transcript(
            "C: .
         S: 250 Some recipients OK
         C: QUIT
         S: 221 Goodbye",
        ),
    );
    let env = envelope(
        "<ned@thor.innosoft.com>",
        &[
            "<ned@innosoft.com>",
            "<ned@ymir.claremont.edu>",
            "<ned@hmcvax.claremont.edu>",
        ],
    );
    let events = run(
        || Client::new(config("ymir.claremont.edu")),
        &script,
        |client, event| {
            if event.starts_with("Ready") {
                client.send(&env, message.clone()).unwrap();
                client.quit().unwrap();
            }
        },
    );
    assert_eq!(
        &events[2..],
        [
            "Recipient 0 250",
            "Recipient 1 552",
            "Recipient 2 452",
            "MessageAccepted 250"
        ]
    );
}

fn plain_credentials() -> Credentials {
    Credentials::password("test", Secret::from("1234")).with_authzid("test")
}

#[test]
fn rfc4954_plain_with_initial_response_after_starttls() {
    let script = transcript(
        "S: 220 smtp.example.com ESMTP Server
         C: EHLO client.example.com
         S: 250-smtp.example.com Hello client.example.com
         S: 250-AUTH GSSAPI DIGEST-MD5
         S: 250-ENHANCEDSTATUSCODES
         S: 250 STARTTLS
         C: STARTTLS
         S: 220 Ready to start TLS
         C: EHLO client.example.com
         S: 250-smtp.example.com Hello client.example.com
         S: 250 AUTH GSSAPI DIGEST-MD5 PLAIN
         C: AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=
         S: 235 2.7.0 Authentication successful",
    );
    let events = run(
        || Client::new(config("client.example.com").with_credentials(plain_credentials(), "")),
        &script,
        |_, _| {},
    );
    assert_eq!(
        events,
        ["Greeting 220", "StartTls", "Authenticated PLAIN", "Ready 1"]
    );
}

#[test]
fn rfc4954_plain_without_initial_response() {
    let script = transcript(
        "S: 220 smtp.example.com ESMTP Server
         C: EHLO client.example.com
         S: 250-smtp.example.com Hello client.example.com
         S: 250 AUTH GSSAPI DIGEST-MD5 PLAIN
         C: AUTH PLAIN
         S: 334 
         C: dGVzdAB0ZXN0ADEyMzQ=
         S: 235 2.7.0 Authentication successful",
    );
    let events = run(
        || {
            Client::new_tls(
                config("client.example.com")
                    .with_credentials(plain_credentials(), "")
                    .with_sasl_initial_response(false),
            )
        },
        &script,
        |_, _| {},
    );
    assert_eq!(events[1..], ["Authenticated PLAIN", "Ready 1"]);
}

#[test]
fn rfc4954_cram_md5() {
    // The challenge and response of RFC 2195 §2 (user tim, secret tanstaaftanstaaf) in place
    // of RFC 4954's, whose secret is not given. No TLS: CRAM-MD5 does not send the secret.
    let script = transcript(
        "S: 220 smtp.example.com ESMTP Server
         C: EHLO client.example.com
         S: 250-smtp.example.com Hello client.example.com
         S: 250-AUTH DIGEST-MD5 CRAM-MD5
         S: 250-ENHANCEDSTATUSCODES
         S: 250 STARTTLS
         C: AUTH CRAM-MD5
         S: 334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+
         C: dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw
         S: 235 2.7.0 Authentication successful",
    );
    let credentials = Credentials::password("tim", Secret::from("tanstaaftanstaaf"));
    let events = run(
        || {
            Client::new(
                config("client.example.com")
                    .with_tls(TlsPolicy::Never)
                    .with_credentials(credentials.clone(), ""),
            )
        },
        &script,
        |_, _| {},
    );
    assert_eq!(events[1..], ["Authenticated CRAM-MD5", "Ready 3"]);
}

#[test]
fn rfc4954_mail_auth_parameter() {
    // RFC 4954 §5: the envelope's AUTH= parameter goes as given.
    let script = transcript(
        "S: 220 smtp.example.com ESMTP Server
         C: EHLO client.example.com
         S: 250-smtp.example.com
         S: 250 AUTH PLAIN
         C: MAIL FROM:<e=mc2@example.com> AUTH=e+3Dmc2@example.com
         S: 250 OK
         C: RCPT TO:<john@example.org>
         S: 250 OK
         C: DATA
         S: 354 go
         C: Blah blah blah...
         C: ...etc. etc. etc.
         C: .
         S: 250 OK
         C: MAIL FROM:<john+@example.org> AUTH=<>
         S: 250 OK
         C: RCPT TO:<e=mc2@example.com>
         S: 250 OK
         C: DATA
         S: 354 go
         C: Blah blah blah...
         C: ...etc. etc. etc.
         C: .
         S: 250 OK
         C: QUIT
         S: 221 bye",
    );
    let opts = mail_message::envelope::EnvelopeOptions::new();
    let mut first = envelope("<e=mc2@example.com>", &["<john@example.org>"]);
    first.mail_parameters =
        mail_message::envelope::EsmtpParameters::parse(b"AUTH=e+3Dmc2@example.com", opts).unwrap();
    let mut second = envelope("<john+@example.org>", &["<e=mc2@example.com>"]);
    second.mail_parameters =
        mail_message::envelope::EsmtpParameters::parse(b"AUTH=<>", opts).unwrap();
    let sent = std::cell::Cell::new(0);
    let events = run(
        || Client::new(config("client.example.com")),
        &script,
        |client, event| match (event, sent.get() % 2) {
            ("Ready 1", _) => client.send(&first, BLAH).unwrap(),
            ("MessageAccepted 250", 0) => {
                sent.set(sent.get() + 1);
                client.send(&second, BLAH).unwrap();
            }
            ("MessageAccepted 250", _) => {
                sent.set(sent.get() + 1);
                client.quit().unwrap();
            }
            _ => {}
        },
    );
    assert_eq!(
        events
            .iter()
            .filter(|e| *e == "MessageAccepted 250")
            .count(),
        2
    );
}

fn lmtp_envelope() -> mail_message::envelope::Envelope<'static> {
    envelope(
        "<chris@bar.com>",
        &["<pat@foo.edu>", "<jones@foo.edu>", "<green@foo.edu>"],
    )
}

const LMTP_EVENTS: [&str; 7] = [
    "Recipient 0 250",
    "Recipient 1 550",
    "Recipient 2 250",
    "Delivery 0 250",
    "Delivery 2 452",
    "DeliveryComplete 1 1",
    "",
];

#[test]
fn rfc2033_lmtp_as_printed() {
    let script = transcript(
        "S: 220 foo.edu LMTP server ready
         C: LHLO foo.edu
         S: 250-foo.edu
         S: 250-PIPELINING
         S: 250 SIZE
         C: MAIL FROM:<chris@bar.com> SIZE=37
         S: 250 OK
         C: RCPT TO:<pat@foo.edu>
         S: 250 OK
         C: RCPT TO:<jones@foo.edu>
         S: 550 No such user here
         C: RCPT TO:<green@foo.edu>
         S: 250 OK
         C: DATA
         S: 354 Start mail input; end with <CRLF>.<CRLF>
         C: Blah blah blah...
         C: ...etc. etc. etc.
         C: .
         S: 250 OK
         S: 452 <green@foo.edu> is temporarily over quota
         C: QUIT
         S: 221 foo.edu closing connection",
    );
    let env = lmtp_envelope();
    let lmtp = || {
        let name = smtp_proto::command::ClientName::new(
            "foo.edu",
            mail_message::envelope::EnvelopeOptions::new(),
        )
        .unwrap();
        ClientConfig::lmtp(name)
    };
    let on_event = |client: &mut Client, event: &str| match event {
        "Ready 2" => client.send(&env, BLAH).unwrap(),
        "DeliveryComplete 1 1" => client.quit().unwrap(),
        _ => {}
    };
    let events = run(
        || Client::new(lmtp().with_pipelining(false)),
        &script,
        on_event,
    );
    assert_eq!(events[2..], LMTP_EVENTS[..6]);

    // The server offers PIPELINING: the same session in pipelined order.
    let script = transcript(
        "S: 220 foo.edu LMTP server ready
         C: LHLO foo.edu
         S: 250-foo.edu
         S: 250-PIPELINING
         S: 250 SIZE
         C: MAIL FROM:<chris@bar.com> SIZE=37
         C: RCPT TO:<pat@foo.edu>
         C: RCPT TO:<jones@foo.edu>
         C: RCPT TO:<green@foo.edu>
         C: DATA
         S: 250 OK
         S: 250 OK
         S: 550 No such user here
         S: 250 OK
         S: 354 Start mail input; end with <CRLF>.<CRLF>
         C: Blah blah blah...
         C: ...etc. etc. etc.
         C: .
         S: 250 OK
         S: 452 <green@foo.edu> is temporarily over quota
         C: QUIT
         S: 221 foo.edu closing connection",
    );
    let events = run(|| Client::new(lmtp()), &script, on_event);
    assert_eq!(events[2..], LMTP_EVENTS[..6]);
}

#[test]
fn rfc3207_starttls() {
    let script = transcript(
        "S: 220 mail.imc.org SMTP service ready
         C: EHLO mail.example.com
         S: 250-mail.imc.org offers a warm hug of welcome
         S: 250-8BITMIME
         S: 250-STARTTLS
         S: 250 DSN
         C: STARTTLS
         S: 220 Go ahead
         C: EHLO mail.example.com
         S: 250-mail.imc.org touches your hand gently for a moment
         S: 250-8BITMIME
         S: 250 DSN",
    );
    let events = run(
        || Client::new(config("mail.example.com")),
        &script,
        |_, _| {},
    );
    assert_eq!(events, ["Greeting 220", "StartTls", "Ready 2"]);
}

#[test]
fn rfc3207_plaintext_after_the_220_is_dropped() {
    // RFC 3207 §4.2 / CVE-2011-0411 class: a reply injected behind the 220, in the clear, must
    // not be read as the answer to the EHLO sent over TLS.
    let script = transcript(
        "S: 220 mail.imc.org SMTP service ready
         C: EHLO mail.example.com
         S: 250-mail.imc.org
         S: 250 STARTTLS
         C: STARTTLS
         S: 220 Go ahead
         S: 250-evil.example
         S: 250 AUTH PLAIN
         C: EHLO mail.example.com
         S: 250-mail.imc.org
         S: 250 8BITMIME",
    );
    let whole = replay(
        &mut Client::new(config("mail.example.com")),
        &script,
        usize::MAX,
        |_, _| {},
    );
    assert_eq!(whole.events, ["Greeting 220", "StartTls", "Ready 1"]);
}
