//! The example sessions of RFC 5321 Appendix D and RFC 2920 §4 replayed byte for byte against
//! the client: the `S:` lines are fed to it as the server's replies (whole, and one byte at a
//! time), and what it transmits must be exactly the `C:` lines. (The extensions' examples are
//! in `client_rfc_extensions.rs`.)
//!
//! Where the RFC's client does what ours never would, the transcript is adapted as little as
//! possible, and the test says how:
//! - the server offers `SIZE`, so our `MAIL` declares the size (`SIZE=n`, RFC 1870 §6);
//! - "…" in place of content becomes a real message;
//! - RFC 2920's first example uses `HELO`: our client tries `EHLO` first and falls back.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod client_support;
mod server_support;

use client_support::{BLAH, config, envelope, run, transcript};
use smtp_proto::client::Client;

#[test]
fn rfc5321_d1_typical_transaction() {
    let script = transcript(
        "S: 220 foo.com Simple Mail Transfer Service Ready
         C: EHLO bar.com
         S: 250-foo.com greets bar.com
         S: 250-8BITMIME
         S: 250-SIZE
         S: 250-DSN
         S: 250 HELP
         C: MAIL FROM:<Smith@bar.com> SIZE=37
         S: 250 OK
         C: RCPT TO:<Jones@foo.com>
         S: 250 OK
         C: RCPT TO:<Green@foo.com>
         S: 550 No such user here
         C: RCPT TO:<Brown@foo.com>
         S: 250 OK
         C: DATA
         S: 354 Start mail input; end with <CRLF>.<CRLF>
         C: Blah blah blah...
         C: ...etc. etc. etc.
         C: .
         S: 250 OK
         C: QUIT
         S: 221 foo.com Service closing transmission channel",
    );
    let env = envelope(
        "<Smith@bar.com>",
        &["<Jones@foo.com>", "<Green@foo.com>", "<Brown@foo.com>"],
    );
    let events = run(
        || Client::new(config("bar.com")),
        &script,
        |client, event| {
            if event.starts_with("Ready") {
                client.send(&env, BLAH).unwrap();
                client.quit().unwrap();
            }
        },
    );
    assert_eq!(
        events,
        [
            "Greeting 220",
            "Ready 4",
            "Recipient 0 250",
            "Recipient 1 550",
            "Recipient 2 250",
            "MessageAccepted 250"
        ]
    );
}

#[test]
fn rfc5321_d2_aborted_transaction() {
    // The RFC's client gives up when Green is refused: `require_all_recipients`, then the
    // application's RSET and QUIT.
    let script = transcript(
        "S: 220 foo.com Simple Mail Transfer Service Ready
         C: EHLO bar.com
         S: 250-foo.com greets bar.com
         S: 250-8BITMIME
         S: 250-SIZE
         S: 250-DSN
         S: 250 HELP
         C: MAIL FROM:<Smith@bar.com> SIZE=37
         S: 250 OK
         C: RCPT TO:<Jones@foo.com>
         S: 250 OK
         C: RCPT TO:<Green@foo.com>
         S: 550 No such user here
         C: RSET
         S: 250 OK
         C: QUIT
         S: 221 foo.com Service closing transmission channel",
    );
    let env = envelope("<Smith@bar.com>", &["<Jones@foo.com>", "<Green@foo.com>"]);
    let events = run(
        || Client::new(config("bar.com").with_require_all_recipients(true)),
        &script,
        |client, event| match event {
            "Ready 4" => client.send(&env, BLAH).unwrap(),
            "MessageFailed RecipientsRejected" => client.rset().unwrap(),
            "Reply RSET 250" => client.quit().unwrap(),
            _ => {}
        },
    );
    assert_eq!(
        events,
        [
            "Greeting 220",
            "Ready 4",
            "Recipient 0 250",
            "Recipient 1 550",
            "MessageFailed RecipientsRejected",
            "Reply RSET 250"
        ]
    );
}

#[test]
fn rfc5321_d3_relayed_mail() {
    // Step 1: the message is given with LF line ends; it goes with CRLF.
    let message = "Date: Thu, 21 May 1998 05:33:29 -0700\n\
                   From: John Q. Public <JQP@bar.com>\n\
                   Subject: The Next Meeting of the Board\n\
                   To: Jones@xyz.com\n\
                   \n\
                   Bill:\n\
                   The next meeting of the board of directors will be\n\
                   on Tuesday.\n\
                   John.\n";
    let size = message.len() + message.matches('\n').count();
    let script = transcript(&format!(
        "S: 220 foo.com Simple Mail Transfer Service Ready
         C: EHLO bar.com
         S: 250-foo.com greets bar.com
         S: 250-8BITMIME
         S: 250-SIZE
         S: 250-DSN
         S: 250 HELP
         C: MAIL FROM:<JQP@bar.com> SIZE={size}
         S: 250 OK
         C: RCPT TO:<Jones@XYZ.COM>
         S: 250 OK
         C: DATA
         S: 354 Start mail input; end with <CRLF>.<CRLF>
         C: Date: Thu, 21 May 1998 05:33:29 -0700
         C: From: John Q. Public <JQP@bar.com>
         C: Subject: The Next Meeting of the Board
         C: To: Jones@xyz.com
         C:
         C: Bill:
         C: The next meeting of the board of directors will be
         C: on Tuesday.
         C: John.
         C: .
         S: 250 OK
         C: QUIT
         S: 221 foo.com Service closing transmission channel"
    ));
    let env = envelope("<JQP@bar.com>", &["<Jones@XYZ.COM>"]);
    let events = run(
        || Client::new(config("bar.com")),
        &script,
        |client, event| {
            if event.starts_with("Ready") {
                client.send(&env, message).unwrap();
                client.quit().unwrap();
            }
        },
    );
    assert_eq!(events.last().unwrap(), "MessageAccepted 250");

    // Step 2: no extensions, no SIZE.
    let relayed = "Received: from bar.com by foo.com ; Thu, 21 May 1998\r\n    \
                   05:33:29 -0700\r\n\
                   Date: Thu, 21 May 1998 05:33:22 -0700\r\n\
                   From: John Q. Public <JQP@bar.com>\r\n\
                   Subject:  The Next Meeting of the Board\r\n\
                   To: Jones@xyz.com\r\n\
                   \r\n\
                   Bill:\r\n\
                   The next meeting of the board of directors will be\r\n\
                   on Tuesday.\r\n";
    let relayed = format!("{relayed}{}John.\r\n", " ".repeat(24));
    let script = transcript(
        "S: 220 xyz.com Simple Mail Transfer Service Ready
         C: EHLO foo.com
         S: 250 xyz.com is on the air
         C: MAIL FROM:<JQP@bar.com>
         S: 250 OK
         C: RCPT TO:<Jones@XYZ.COM>
         S: 250 OK
         C: DATA
         S: 354 Start mail input; end with <CRLF>.<CRLF>
         C: Received: from bar.com by foo.com ; Thu, 21 May 1998
         C:     05:33:29 -0700
         C: Date: Thu, 21 May 1998 05:33:22 -0700
         C: From: John Q. Public <JQP@bar.com>
         C: Subject:  The Next Meeting of the Board
         C: To: Jones@xyz.com
         C:
         C: Bill:
         C: The next meeting of the board of directors will be
         C: on Tuesday.
         C:                         John.
         C: .
         S: 250 OK
         C: QUIT
         S: 221 foo.com Service closing transmission channel",
    );
    let events = run(
        || Client::new(config("foo.com")),
        &script,
        |client, event| {
            if event.starts_with("Ready") {
                client.send(&env, relayed.clone()).unwrap();
                client.quit().unwrap();
            }
        },
    );
    assert_eq!(
        events,
        [
            "Greeting 220",
            "Ready 0",
            "Recipient 0 250",
            "MessageAccepted 250"
        ]
    );
}

#[test]
fn rfc5321_d4_verifying_and_sending() {
    let script = transcript(
        "S: 220 foo.com Simple Mail Transfer Service Ready
         C: EHLO bar.com
         S: 250-foo.com greets bar.com
         S: 250-8BITMIME
         S: 250-SIZE
         S: 250-DSN
         S: 250-VRFY
         S: 250 HELP
         C: VRFY Crispin
         S: 250 Mark Crispin <Admin.MRC@foo.com>
         C: MAIL FROM:<EAK@bar.com> SIZE=37
         S: 250 OK
         C: RCPT TO:<Admin.MRC@foo.com>
         S: 250 OK
         C: DATA
         S: 354 Start mail input; end with <CRLF>.<CRLF>
         C: Blah blah blah...
         C: ...etc. etc. etc.
         C: .
         S: 250 OK
         C: QUIT
         S: 221 foo.com Service closing transmission channel",
    );
    let env = envelope("<EAK@bar.com>", &["<Admin.MRC@foo.com>"]);
    let events = run(
        || Client::new(config("bar.com")),
        &script,
        |client, event| match event {
            "Ready 5" => client.vrfy("Crispin").unwrap(),
            "Reply VRFY 250" => {
                client.send(&env, BLAH).unwrap();
                client.quit().unwrap();
            }
            _ => {}
        },
    );
    assert_eq!(
        events,
        [
            "Greeting 220",
            "Ready 5",
            "Reply VRFY 250",
            "Recipient 0 250",
            "MessageAccepted 250"
        ]
    );
}

const HELLO: &[u8] = b"Subject: pipelining\r\n\r\nHello.\r\n";

fn innosoft_envelope() -> mail_message::envelope::Envelope<'static> {
    envelope(
        "<mrose@dbc.mtview.ca.us>",
        &[
            "<ned@innosoft.com>",
            "<dan@innosoft.com>",
            "<kvc@innosoft.com>",
        ],
    )
}

#[test]
fn rfc2920_without_pipelining() {
    // The RFC's client says HELO at once; ours tries EHLO first (added exchange).
    let script = transcript(
        "S: 220 Innosoft.com SMTP service ready
         C: EHLO dbc.mtview.ca.us
         S: 500 Command not recognized
         C: HELO dbc.mtview.ca.us
         S: 250 Innosoft.com
         C: MAIL FROM:<mrose@dbc.mtview.ca.us>
         S: 250 sender <mrose@dbc.mtview.ca.us> OK
         C: RCPT TO:<ned@innosoft.com>
         S: 250 recipient <ned@innosoft.com> OK
         C: RCPT TO:<dan@innosoft.com>
         S: 250 recipient <dan@innosoft.com> OK
         C: RCPT TO:<kvc@innosoft.com>
         S: 250 recipient <kvc@innosoft.com> OK
         C: DATA
         S: 354 enter mail, end with line containing only \".\"
         C: Subject: pipelining
         C:
         C: Hello.
         C: .
         S: 250 message sent
         C: QUIT
         S: 221 goodbye",
    );
    let env = innosoft_envelope();
    let events = run(
        || Client::new(config("dbc.mtview.ca.us")),
        &script,
        |client, event| {
            if event.starts_with("Ready") {
                client.send(&env, HELLO).unwrap();
                client.quit().unwrap();
            }
        },
    );
    assert_eq!(events.len(), 6);
    assert_eq!(events[1], "Ready 0");
}

#[test]
fn rfc2920_pipelined() {
    let script = transcript(
        "S: 220 innosoft.com SMTP service ready
         C: EHLO dbc.mtview.ca.us
         S: 250-innosoft.com
         S: 250 PIPELINING
         C: MAIL FROM:<mrose@dbc.mtview.ca.us>
         C: RCPT TO:<ned@innosoft.com>
         C: RCPT TO:<dan@innosoft.com>
         C: RCPT TO:<kvc@innosoft.com>
         C: DATA
         S: 250 sender <mrose@dbc.mtview.ca.us> OK
         S: 250 recipient <ned@innosoft.com> OK
         S: 250 recipient <dan@innosoft.com> OK
         S: 250 recipient <kvc@innosoft.com> OK
         S: 354 enter mail, end with line containing only \".\"
         C: Subject: pipelining
         C:
         C: Hello.
         C: .
         C: QUIT
         S: 250 message sent
         S: 221 goodbye",
    );
    let env = innosoft_envelope();
    let events = run(
        || Client::new(config("dbc.mtview.ca.us")),
        &script,
        |client, event| {
            if event.starts_with("Ready") {
                client.send(&env, HELLO).unwrap();
                client.quit().unwrap();
            }
        },
    );
    assert_eq!(
        events,
        [
            "Greeting 220",
            "Ready 1",
            "Recipient 0 250",
            "Recipient 1 250",
            "Recipient 2 250",
            "MessageAccepted 250"
        ]
    );
}

fn rejected_envelope() -> mail_message::envelope::Envelope<'static> {
    envelope(
        "<mrose@dbc.mtview.ca.us>",
        &["<nsb@thumper.bellcore.com>", "<galvin@tis.com>"],
    )
}

const PIPELINED_REJECTIONS: &str = "S: 220 innosoft.com SMTP service ready
     C: EHLO dbc.mtview.ca.us
     S: 250-innosoft.com
     S: 250 PIPELINING
     C: MAIL FROM:<mrose@dbc.mtview.ca.us>
     C: RCPT TO:<nsb@thumper.bellcore.com>
     C: RCPT TO:<galvin@tis.com>
     C: DATA
     S: 250 sender <mrose@dbc.mtview.ca.us> OK
     S: 550 remote mail to <nsb@thumper.bellore.com> not allowed
     S: 550 remote mail to <galvin@tis.com> not allowed";

#[test]
fn rfc2920_pipelined_all_recipients_rejected() {
    let script = transcript(&format!(
        "{PIPELINED_REJECTIONS}
         S: 554 no valid recipients given
         C: QUIT
         S: 221 goodbye"
    ));
    let env = rejected_envelope();
    let events = run(
        || Client::new(config("dbc.mtview.ca.us")),
        &script,
        |client, event| {
            if event.starts_with("Ready") {
                client.send(&env, HELLO).unwrap();
                client.quit().unwrap();
            }
        },
    );
    assert_eq!(
        &events[2..],
        [
            "Recipient 0 550",
            "Recipient 1 550",
            "MessageFailed NoValidRecipients"
        ]
    );
}

#[test]
fn rfc2920_pipelined_data_accepted_without_recipients() {
    // The server said 354 although no recipient is left: the client ends the content at
    // once with "." (RFC 2920 §3.1), and QUIT follows in the same group.
    let script = transcript(&format!(
        "{PIPELINED_REJECTIONS}
         S: 354 enter mail, end with line containing only \".\"
         C: .
         C: QUIT
         S: 554 no valid recipients
         S: 221 goodbye"
    ));
    let env = rejected_envelope();
    let events = run(
        || Client::new(config("dbc.mtview.ca.us")),
        &script,
        |client, event| {
            if event.starts_with("Ready") {
                client.send(&env, HELLO).unwrap();
                client.quit().unwrap();
            }
        },
    );
    assert_eq!(events.last().unwrap(), "MessageFailed NoValidRecipients");
}
