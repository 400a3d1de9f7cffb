//! Every server line in the examples of RFC 1939, RFC 2449, RFC 2595 and RFC 5034 (and the
//! response codes and capability RFC 3206 defines), parsed to the exact values the RFC means.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::borrow::Cow;

use mail_sasl::Mechanism;
use pop3_proto::command::{Digest, MessageNumber};
use pop3_proto::response::{
    Capability, Continuation, Expire, MaildropStat, ResponseCode, ScanListing, Status, StatusLine,
    UniqueIdListing,
};

fn n(n: u32) -> MessageNumber {
    MessageNumber::new(n).unwrap()
}

/// Parses a status line and checks status, code and text.
fn status(line: &str, status: Status, code: Option<&ResponseCode<'_>>, text: &str) {
    let parsed = StatusLine::parse(line.as_bytes()).unwrap();
    assert_eq!(parsed.status, status, "{line}");
    assert_eq!(parsed.code.as_ref(), code, "{line}");
    assert_eq!(parsed.text.as_bytes(), text.as_bytes(), "{line}");
}

#[test]
fn rfc1939_status_lines() {
    use Status::{Err, Ok};
    // §4 greeting, §5-§7 and §10: every single-line response of the document.
    for (line, s, text) in [
        ("+OK POP3 server ready", Ok, "POP3 server ready"),
        (
            "+OK dewey POP3 server signing off",
            Ok,
            "dewey POP3 server signing off",
        ),
        ("+OK 2 messages (320 octets)", Ok, "2 messages (320 octets)"),
        (
            "-ERR no such message, only 2 messages in maildrop",
            Err,
            "no such message, only 2 messages in maildrop",
        ),
        ("+OK 120 octets", Ok, "120 octets"),
        ("+OK message 1 deleted", Ok, "message 1 deleted"),
        (
            "-ERR message 2 already deleted",
            Err,
            "message 2 already deleted",
        ),
        ("+OK", Ok, ""),
        (
            "+OK maildrop has 2 messages (320 octets)",
            Ok,
            "maildrop has 2 messages (320 octets)",
        ),
        (
            "+OK dewey POP3 server signing off (maildrop empty)",
            Ok,
            "dewey POP3 server signing off (maildrop empty)",
        ),
        (
            "+OK dewey POP3 server signing off (2 messages left)",
            Ok,
            "dewey POP3 server signing off (2 messages left)",
        ),
        ("-ERR no such message", Err, "no such message"),
        (
            "-ERR sorry, no mailbox for frated here",
            Err,
            "sorry, no mailbox for frated here",
        ),
        (
            "+OK mrose is a real hoopy frood",
            Ok,
            "mrose is a real hoopy frood",
        ),
        (
            "-ERR maildrop already locked",
            Err,
            "maildrop already locked",
        ),
        (
            "+OK mrose's maildrop has 2 messages (320 octets)",
            Ok,
            "mrose's maildrop has 2 messages (320 octets)",
        ),
        (
            "+OK maildrop has 1 message (369 octets)",
            Ok,
            "maildrop has 1 message (369 octets)",
        ),
    ] {
        status(line, s, None, text);
    }
}

#[test]
fn rfc1939_stat_list_uidl() {
    // §5 STAT.
    let line = StatusLine::parse(b"+OK 2 320").unwrap();
    assert_eq!(
        MaildropStat::parse(line.text.as_bytes()),
        Ok(MaildropStat {
            count: 2,
            size: 320
        })
    );
    // §5 LIST: the multi-line listing and `LIST 2`.
    assert_eq!(
        ScanListing::parse(b"1 120"),
        Ok(ScanListing {
            message: n(1),
            size: 120
        })
    );
    assert_eq!(
        ScanListing::parse(b"2 200"),
        Ok(ScanListing {
            message: n(2),
            size: 200
        })
    );
    let line = StatusLine::parse(b"+OK 2 200").unwrap();
    assert_eq!(
        ScanListing::parse(line.text.as_bytes()),
        Ok(ScanListing {
            message: n(2),
            size: 200
        })
    );
    // §7 UIDL.
    let one = UniqueIdListing::parse(b"1 whqtswO00WBw418f9t5JxYwZ").unwrap();
    assert_eq!(
        (one.message, one.uid.as_str()),
        (n(1), "whqtswO00WBw418f9t5JxYwZ")
    );
    let two = UniqueIdListing::parse(b"2 QhdPYR:00WBw1Ph7x7").unwrap();
    assert_eq!(
        (two.message, two.uid.as_str()),
        (n(2), "QhdPYR:00WBw1Ph7x7")
    );
    let line = StatusLine::parse(b"+OK 2 QhdPYR:00WBw1Ph7x7").unwrap();
    assert_eq!(UniqueIdListing::parse(line.text.as_bytes()).unwrap(), two);
}

#[test]
fn rfc1939_apop_greeting() {
    // §7 and §10: the timestamp, and the digest the RFC computes from it.
    let line =
        StatusLine::parse(b"+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>").unwrap();
    let ts = line.apop_timestamp().unwrap();
    assert_eq!(ts, b"<1896.697170952@dbc.mtview.ca.us>");
    assert_eq!(
        Digest::compute(ts, b"tanstaaf").to_string(),
        "c4c9334bac560ecc979e58001b3e22fb"
    );
    assert_eq!(
        StatusLine::parse(b"+OK POP3 server ready")
            .unwrap()
            .apop_timestamp(),
        None
    );
}

#[test]
fn rfc2449_capa_and_codes() {
    // §5: the CAPA example.
    status(
        "+OK Capability list follows",
        Status::Ok,
        None,
        "Capability list follows",
    );
    let expected = [
        Capability::Top,
        Capability::User,
        Capability::Sasl(vec![
            Mechanism::CramMd5,
            Mechanism::Other("KERBEROS_V4".into()),
        ]),
        Capability::RespCodes,
        Capability::LoginDelay {
            seconds: 900,
            per_user: false,
        },
        Capability::Pipelining,
        Capability::Expire {
            policy: Expire::Days(60),
            per_user: false,
        },
        Capability::Uidl,
        Capability::Implementation(pop3_proto::response::Text::lossy("Shlemazle-Plotz-v302")),
    ];
    let lines = [
        "TOP",
        "USER",
        "SASL CRAM-MD5 KERBEROS_V4",
        "RESP-CODES",
        "LOGIN-DELAY 900",
        "PIPELINING",
        "EXPIRE 60",
        "UIDL",
        "IMPLEMENTATION Shlemazle-Plotz-v302",
    ];
    for (line, cap) in lines.iter().zip(expected) {
        assert_eq!(Capability::parse(line.as_bytes()).unwrap(), cap, "{line}");
    }
    // §6.7 and §6.5 forms with `USER` and `NEVER`.
    assert_eq!(
        Capability::parse(b"EXPIRE NEVER").unwrap(),
        Capability::Expire {
            policy: Expire::Never,
            per_user: false
        }
    );
    assert_eq!(
        Capability::parse(b"EXPIRE 0 USER").unwrap(),
        Capability::Expire {
            policy: Expire::Days(0),
            per_user: true
        }
    );
    assert_eq!(
        Capability::parse(b"LOGIN-DELAY 1800 USER").unwrap(),
        Capability::LoginDelay {
            seconds: 1800,
            per_user: true
        }
    );
    // §8.1.1 example; §8.1.2 code.
    status(
        "-ERR [IN-USE] Do you have another POP session running?",
        Status::Err,
        Some(&ResponseCode::InUse),
        "Do you have another POP session running?",
    );
    status(
        "-ERR [LOGIN-DELAY] wait longer between logins",
        Status::Err,
        Some(&ResponseCode::LoginDelay),
        "wait longer between logins",
    );
}

#[test]
fn rfc2595_stls() {
    // §4.
    assert_eq!(Capability::parse(b"STLS").unwrap(), Capability::Stls);
    status(
        "+OK Begin TLS negotiation",
        Status::Ok,
        None,
        "Begin TLS negotiation",
    );
    status(
        "-ERR Command not permitted when TLS active",
        Status::Err,
        None,
        "Command not permitted when TLS active",
    );
}

#[test]
fn rfc3206_codes() {
    // RFC 3206 shows no exchange: its codes (§4 SYS/TEMP, SYS/PERM; §5 AUTH) in lines of the
    // shape of RFC 2449 §8's example, and its capability (§6).
    status(
        "-ERR [SYS/TEMP] Mail system temporarily unavailable",
        Status::Err,
        Some(&ResponseCode::SysTemp),
        "Mail system temporarily unavailable",
    );
    status(
        "-ERR [SYS/PERM] Your account is disabled",
        Status::Err,
        Some(&ResponseCode::SysPerm),
        "Your account is disabled",
    );
    status(
        "-ERR [AUTH] Invalid password",
        Status::Err,
        Some(&ResponseCode::Auth),
        "Invalid password",
    );
    assert_eq!(
        Capability::parse(b"AUTH-RESP-CODE").unwrap(),
        Capability::AuthRespCode
    );
    // Unknown detail levels are kept (RFC 2449 §8: clients ignore them).
    status(
        "-ERR [SYS/TEMP/DISK] full",
        Status::Err,
        Some(&ResponseCode::Other(Cow::Borrowed("SYS/TEMP/DISK"))),
        "full",
    );
}

#[test]
fn rfc5034_examples() {
    // §6: the greeting, the CAPA lines, the continuations, the success.
    status(
        "+OK pop.example.com BlurdyBlurp POP3 server ready",
        Status::Ok,
        None,
        "pop.example.com BlurdyBlurp POP3 server ready",
    );
    status(
        "+OK List of capabilities follows",
        Status::Ok,
        None,
        "List of capabilities follows",
    );
    assert_eq!(
        Capability::parse(b"SASL PLAIN DIGEST-MD5 GSSAPI ANONYMOUS").unwrap(),
        Capability::Sasl(vec![
            Mechanism::Plain,
            Mechanism::Other("DIGEST-MD5".into()),
            Mechanism::Other("GSSAPI".into()),
            Mechanism::Other("ANONYMOUS".into()),
        ])
    );
    assert_eq!(
        Capability::parse(b"IMPLEMENTATION BlurdyBlurp POP3 server").unwrap(),
        Capability::Implementation(pop3_proto::response::Text::lossy("BlurdyBlurp POP3 server"))
    );
    status(
        "+OK Maildrop locked and ready",
        Status::Ok,
        None,
        "Maildrop locked and ready",
    );
    // "note that there is a space following the '+'": the empty challenge.
    assert_eq!(
        Continuation::parse(b"+ ").unwrap().decode(),
        Some(Vec::new())
    );
    let digest = Continuation::parse(
        b"+ cmVhbG09ImVsd29vZC5pbm5vc29mdC5jb20iLG5vbmNlPSJPQTZNRzl0RVFHbTJoaCIscW9wPSJhdXRoIixhbGdvcml0aG09bWQ1LXNlc3MsY2hhcnNldD11dGYtOA==",
    )
    .unwrap();
    assert_eq!(
        digest.decode().unwrap(),
        b"realm=\"elwood.innosoft.com\",nonce=\"OA6MG9tEQGm2hh\",qop=\"auth\",algorithm=md5-sess,charset=utf-8"
    );
    let rspauth =
        Continuation::parse(b"+ cnNwYXV0aD0wYjk3MTQ2MmNlZjVlOGY5MzBkYjlhMzNiMDJmYzlhMA==").unwrap();
    assert_eq!(
        rspauth.decode().unwrap(),
        b"rspauth=0b971462cef5e8f930db9a33b02fc9a0"
    );
}
