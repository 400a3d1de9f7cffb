//! Injection: no command can be encoded with a CR, LF, NUL or other control character in an
//! argument. The values refuse them when they are made; the encoder refuses the fields that
//! are plain strings, and values the parser would read back as something else.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use mail_message::envelope::{
    EnvelopeOptions, EsmtpKeyword, EsmtpParameter, EsmtpValue, Mailbox, ReversePath,
};
use smtp_proto::EncodeError;
use smtp_proto::command::{
    ByMode, ClientName, Command, DateTime, DeliverBy, FutureRelease, InitialResponse,
    MailParameters, Mechanism, Notify, NotifyOn, Orcpt, ParseOptions, RcptParameters, Text, Xtext,
};

const ASCII: EnvelopeOptions = EnvelopeOptions::new();
const UTF8: EnvelopeOptions = EnvelopeOptions::new().with_smtputf8(true);

/// Payloads that would end the line early or hide in it.
const PAYLOADS: [&str; 8] = [
    "\r\nRSET",
    "\nRSET",
    "\rRSET",
    "\0",
    "\t",
    "\u{7f}",
    "\u{1b}[0m",
    "\u{85}",
];

#[test]
fn every_argument_constructor_refuses_controls() {
    for payload in PAYLOADS {
        let v = format!("x{payload}y");
        assert!(Text::new(v.clone()).is_err(), "{v:?}");
        assert!(ClientName::new(v.clone(), ASCII).is_err(), "{v:?}");
        assert!(ClientName::new(v.clone(), UTF8).is_err(), "{v:?}");
        assert!(Mechanism::new(v.clone()).is_err(), "{v:?}");
        assert!(InitialResponse::new(v.clone()).is_err(), "{v:?}");
        assert!(Xtext::new(v.clone()).is_err(), "{v:?}");
        assert!(DateTime::new(format!("2026-01-01T00:00:00Z{payload}")).is_err());
        let address = Xtext::new("a@b").unwrap();
        assert!(Orcpt::new(v.clone(), address).is_err(), "{v:?}");
        assert!(EsmtpKeyword::new(v.clone()).is_err(), "{v:?}");
        assert!(EsmtpValue::new(v.clone(), UTF8).is_err(), "{v:?}");
        assert!(Mailbox::parse(format!("a{payload}@b").as_bytes(), UTF8).is_err());
    }
}

#[test]
fn octets_become_xtext() {
    // Octets that cannot be written (ENVID, ORCPT, AUTH=) are xtext-encoded, never written raw.
    let x = Xtext::from_bytes(b"id\r\nRSET").unwrap();
    assert_eq!(x.as_str(), "id+0D+0ARSET");
    let mut p = MailParameters::new();
    p.envid = Some(x);
    let cmd = Command::Mail {
        reverse_path: ReversePath::Null,
        parameters: p,
    };
    assert_eq!(
        cmd.to_bytes().unwrap(),
        b"MAIL FROM:<> ENVID=id+0D+0ARSET\r\n"
    );
    let o = Orcpt::rfc822(b"a\0b@c").unwrap();
    assert_eq!(o.to_string(), "rfc822;a+00b@c");
    let r = InitialResponse::encode(b"\r\n\0");
    assert_eq!(r.as_str(), "DQoA");
}

#[test]
fn plain_string_fields_are_checked_when_encoding() {
    for payload in PAYLOADS {
        let cmd = Command::Unknown {
            verb: format!("XFOO{payload}").into(),
            arguments: None,
        };
        let mut out = b"kept".to_vec();
        assert!(cmd.encode(&mut out).is_err(), "{payload:?}");
        assert_eq!(out, b"kept", "nothing appended on error");
    }
    let cmd = Command::Unknown {
        verb: "".into(),
        arguments: None,
    };
    assert_eq!(cmd.to_bytes(), Err(EncodeError::Empty { element: "verb" }));
}

#[test]
fn values_that_would_read_back_differently() {
    // An "unknown" command with a recognised verb would be read back as that command.
    for verb in ["DATA", "quit", "Ehlo", "LHLO", "starttls"] {
        let cmd = Command::Unknown {
            verb: verb.into(),
            arguments: None,
        };
        assert_eq!(
            cmd.to_bytes(),
            Err(EncodeError::Reserved { element: "verb" })
        );
    }
    // An "unknown" parameter with a typed keyword would be read into the typed field.
    let mut p = MailParameters::new();
    p.unknown.push(EsmtpParameter::new(
        EsmtpKeyword::new("size").unwrap(),
        Some(EsmtpValue::new("10", ASCII).unwrap()),
    ));
    let cmd = Command::Mail {
        reverse_path: ReversePath::Null,
        parameters: p,
    };
    assert_eq!(
        cmd.to_bytes(),
        Err(EncodeError::Reserved {
            element: "esmtp-keyword"
        })
    );
    let mut p = RcptParameters::new();
    p.unknown.push(EsmtpParameter::new(
        EsmtpKeyword::new("NOTIFY").unwrap(),
        None,
    ));
    let cmd = Command::Rcpt {
        forward_path: mail_message::envelope::ForwardPath::Postmaster,
        parameters: p,
    };
    assert!(matches!(cmd.to_bytes(), Err(EncodeError::Reserved { .. })));
    // A VRFY argument whose last word is SMTPUTF8 needs the flag.
    let cmd = Command::Vrfy {
        argument: Text::new("user SMTPUTF8").unwrap(),
        smtputf8: false,
    };
    assert!(matches!(cmd.to_bytes(), Err(EncodeError::Reserved { .. })));
    let cmd = Command::Vrfy {
        argument: Text::new("user SMTPUTF8").unwrap(),
        smtputf8: true,
    };
    let line = cmd.to_bytes().unwrap();
    assert_eq!(line, b"VRFY user SMTPUTF8 SMTPUTF8\r\n");
    assert_eq!(
        Command::parse(&line[..line.len() - 2], &ParseOptions::new()).unwrap(),
        cmd
    );
}

#[test]
fn numbers_out_of_range() {
    let mail = |p: MailParameters<'static>| Command::Mail {
        reverse_path: ReversePath::Null,
        parameters: p,
    };
    for priority in [-10, 10, i8::MIN, i8::MAX] {
        let mut p = MailParameters::new();
        p.mt_priority = Some(priority);
        assert_eq!(
            mail(p).to_bytes(),
            Err(EncodeError::OutOfRange {
                element: "MT-PRIORITY"
            })
        );
    }
    for by in [
        DeliverBy {
            seconds: 0,
            mode: ByMode::Return,
            trace: false,
        },
        DeliverBy {
            seconds: 1_000_000_000,
            mode: ByMode::Notify,
            trace: false,
        },
        DeliverBy {
            seconds: i32::MIN,
            mode: ByMode::Notify,
            trace: true,
        },
    ] {
        let mut p = MailParameters::new();
        p.deliver_by = Some(by);
        assert_eq!(
            mail(p).to_bytes(),
            Err(EncodeError::OutOfRange { element: "BY" })
        );
    }
    let mut p = MailParameters::new();
    p.future_release = Some(FutureRelease::HoldFor(1_000_000_000));
    assert!(mail(p).to_bytes().is_err());
    let mut p = RcptParameters::new();
    p.notify = Some(Notify::On(NotifyOn::default()));
    let cmd = Command::Rcpt {
        forward_path: mail_message::envelope::ForwardPath::Postmaster,
        parameters: p,
    };
    assert_eq!(
        cmd.to_bytes(),
        Err(EncodeError::Empty { element: "NOTIFY" })
    );
}

#[test]
fn line_limits() {
    // 512 octets with CRLF: "NOOP " + 505 + CRLF.
    let cmd = Command::Noop(Some(Text::new("a".repeat(505)).unwrap()));
    assert_eq!(cmd.to_bytes().unwrap().len(), 512);
    let cmd = Command::Noop(Some(Text::new("a".repeat(506)).unwrap()));
    assert_eq!(
        cmd.to_bytes(),
        Err(EncodeError::LineTooLong {
            len: 513,
            limit: 512
        })
    );
    let mut out = Vec::new();
    cmd.encode_with_limit(&mut out, 1000).unwrap();
    assert_eq!(out.len(), 513);
    // RFC 4954 §4: the AUTH command stays within 512; a long initial response must go in a
    // continuation line instead (or the client knows the server takes more).
    let cmd = Command::Auth {
        mechanism: Mechanism::new("XOAUTH2").unwrap(),
        initial_response: Some(InitialResponse::encode(&[7u8; 1500])),
    };
    assert!(matches!(
        cmd.to_bytes(),
        Err(EncodeError::LineTooLong { limit: 512, .. })
    ));
    let mut out = Vec::new();
    cmd.encode_with_limit(&mut out, smtp_proto::command::SASL_LINE_LIMIT)
        .unwrap();
    assert_eq!(out.len(), "AUTH XOAUTH2 ".len() + 2000 + 2);
    // MAIL: the extensions of the parameters present raise the limit (RFC 3461 §5.4 etc.).
    let mut p = MailParameters::new();
    p.envid = Some(Xtext::new("e".repeat(100)).unwrap());
    p.auth = Some(smtp_proto::command::MailAuth::from_mailbox(
        Mailbox::parse(format!("{}@example.com", "=".repeat(64)).as_bytes(), ASCII)
            .unwrap()
            .into_owned(),
    ));
    p.size = Some(u64::MAX);
    p.body = Some(smtp_proto::command::Body::BinaryMime);
    p.smtputf8 = true;
    p.ret = Some(smtp_proto::command::Ret::Hdrs);
    p.requiretls = true;
    let long_path = format!("<{}@{}.example.com>", "s".repeat(64), "d".repeat(60));
    let cmd = Command::Mail {
        reverse_path: ReversePath::parse(long_path.as_bytes(), ASCII).unwrap(),
        parameters: p,
    };
    let line = cmd.to_bytes().unwrap();
    assert_eq!(line.len(), 539);
    assert!(line.len() <= cmd.line_limit());
    let _ = DateTime::new("2026-01-01T00:00:00Z").unwrap();
}
