//! EHLO and LHLO replies in the style of real servers (Postfix, Exim, Exchange, Gmail, Dovecot
//! LMTP, old and sloppy ones), with their exact typed capabilities; the canonical form they
//! re-encode to; and every typed capability's syntax.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::borrow::Cow;

use smtp_proto::EncodeError;
use smtp_proto::reply::{Capabilities, Capability, EhloError, EhloReply, Parsed, Reply, ReplyCode};

fn parse(wire: &str) -> EhloReply<'_> {
    match EhloReply::parse(wire.as_bytes()).unwrap() {
        Parsed::Complete { value, consumed } => {
            assert_eq!(consumed, wire.len());
            value
        }
        Parsed::Incomplete => panic!("incomplete"),
    }
}

fn other<'a>(keyword: &'a str, params: &[&'a str]) -> Capability<'a> {
    Capability::Other {
        keyword: keyword.into(),
        params: params.iter().map(|&p| Cow::Borrowed(p)).collect(),
    }
}

fn auth<'a>(mechanisms: &[&'a str]) -> Capability<'a> {
    Capability::Auth(mechanisms.iter().map(|&m| Cow::Borrowed(m)).collect())
}

/// Parses, checks the typed value, and checks that the canonical encoding reads back the same.
fn check(wire: &str, domain: &str, greeting: Option<&str>, capabilities: &[Capability<'_>]) {
    let e = parse(wire);
    assert_eq!(e.domain, domain);
    assert_eq!(e.greeting.as_deref(), greeting);
    assert_eq!(e.capabilities.to_vec(), capabilities);
    let bytes = e.to_bytes().unwrap();
    let (back, _) = EhloReply::parse(&bytes).unwrap().complete().unwrap();
    assert_eq!(back, e);
}

#[test]
fn postfix() {
    let wire = "250-mail.example.com\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-VRFY\r\n\
                250-ETRN\r\n250-STARTTLS\r\n250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n\
                250-DSN\r\n250-SMTPUTF8\r\n250 CHUNKING\r\n";
    check(
        wire,
        "mail.example.com",
        None,
        &[
            Capability::Pipelining,
            Capability::Size(Some(10_240_000)),
            other("VRFY", &[]),
            Capability::Etrn,
            Capability::StartTls,
            Capability::EnhancedStatusCodes,
            Capability::EightBitMime,
            Capability::Dsn,
            Capability::SmtpUtf8,
            Capability::Chunking,
        ],
    );
    // Canonical already: the same bytes back.
    assert_eq!(parse(wire).to_bytes().unwrap(), wire.as_bytes());
    let e = parse(wire);
    assert_eq!(e.capabilities.size_limit(), Some(10_240_000));
    assert!(e.capabilities.auth_mechanisms().next().is_none());
    assert!(e.capabilities.supports("smtputf8") && e.capabilities.supports("Vrfy"));
    assert!(!e.capabilities.supports("AUTH"));
}

#[test]
fn exim() {
    let wire = "250-mx.example.org Hello client.example.net [192.0.2.7]\r\n\
                250-SIZE 52428800\r\n250-8BITMIME\r\n250-PIPELINING\r\n250-PIPE_CONNECT\r\n\
                250-AUTH PLAIN LOGIN\r\n250-CHUNKING\r\n250-STARTTLS\r\n250-PRDR\r\n250 HELP\r\n";
    check(
        wire,
        "mx.example.org",
        Some("Hello client.example.net [192.0.2.7]"),
        &[
            Capability::Size(Some(52_428_800)),
            Capability::EightBitMime,
            Capability::Pipelining,
            other("PIPE_CONNECT", &[]),
            auth(&["PLAIN", "LOGIN"]),
            Capability::Chunking,
            Capability::StartTls,
            other("PRDR", &[]),
            other("HELP", &[]),
        ],
    );
    assert_eq!(parse(wire).to_bytes().unwrap(), wire.as_bytes());
}

#[test]
fn exchange() {
    let wire = "250-EX01.contoso.local Hello [192.0.2.10]\r\n250-SIZE 37748736\r\n\
                250-PIPELINING\r\n250-DSN\r\n250-ENHANCEDSTATUSCODES\r\n250-STARTTLS\r\n\
                250-X-ANONYMOUSTLS\r\n250-AUTH NTLM\r\n250-X-EXPS GSSAPI NTLM\r\n\
                250-8BITMIME\r\n250-BINARYMIME\r\n250-CHUNKING\r\n250-XRDST\r\n\
                250 XSHADOWREQUEST\r\n";
    check(
        wire,
        "EX01.contoso.local",
        Some("Hello [192.0.2.10]"),
        &[
            Capability::Size(Some(37_748_736)),
            Capability::Pipelining,
            Capability::Dsn,
            Capability::EnhancedStatusCodes,
            Capability::StartTls,
            other("X-ANONYMOUSTLS", &[]),
            auth(&["NTLM"]),
            other("X-EXPS", &["GSSAPI", "NTLM"]),
            Capability::EightBitMime,
            Capability::BinaryMime,
            Capability::Chunking,
            other("XRDST", &[]),
            other("XSHADOWREQUEST", &[]),
        ],
    );
    let e = parse(wire);
    assert_eq!(
        e.capabilities.get("x-exps"),
        Some(other("X-EXPS", &["GSSAPI", "NTLM"]))
    );
    assert!(!e.capabilities.supports_auth("GSSAPI"));
}

#[test]
fn gmail() {
    let wire = "250-smtp.gmail.com at your service, [203.0.113.5]\r\n250-SIZE 35882577\r\n\
                250-8BITMIME\r\n250-AUTH LOGIN PLAIN XOAUTH2 PLAIN-CLIENTTOKEN OAUTHBEARER XOAUTH\r\n\
                250-ENHANCEDSTATUSCODES\r\n250-PIPELINING\r\n250-CHUNKING\r\n250 SMTPUTF8\r\n";
    check(
        wire,
        "smtp.gmail.com",
        Some("at your service, [203.0.113.5]"),
        &[
            Capability::Size(Some(35_882_577)),
            Capability::EightBitMime,
            auth(&[
                "LOGIN",
                "PLAIN",
                "XOAUTH2",
                "PLAIN-CLIENTTOKEN",
                "OAUTHBEARER",
                "XOAUTH",
            ]),
            Capability::EnhancedStatusCodes,
            Capability::Pipelining,
            Capability::Chunking,
            Capability::SmtpUtf8,
        ],
    );
    let e = parse(wire);
    assert!(e.capabilities.supports_auth("xoauth2"));
    assert!(e.capabilities.supports_auth("OAuthBearer"));
    assert!(!e.capabilities.supports_auth("CRAM-MD5"));
}

#[test]
fn dovecot_lmtp_lhlo() {
    let wire = "250-mail.example.org\r\n250-8BITMIME\r\n250-CHUNKING\r\n\
                250-ENHANCEDSTATUSCODES\r\n250-PIPELINING\r\n250-SMTPUTF8\r\n\
                250-STARTTLS\r\n250 XCLIENT ADDR PORT TTL TIMEOUT HELO LOGIN\r\n";
    check(
        wire,
        "mail.example.org",
        None,
        &[
            Capability::EightBitMime,
            Capability::Chunking,
            Capability::EnhancedStatusCodes,
            Capability::Pipelining,
            Capability::SmtpUtf8,
            Capability::StartTls,
            other(
                "XCLIENT",
                &["ADDR", "PORT", "TTL", "TIMEOUT", "HELO", "LOGIN"],
            ),
        ],
    );
    assert_eq!(parse(wire).to_bytes().unwrap(), wire.as_bytes());
}

#[test]
fn old_and_sloppy_server() {
    // Lower case, the obsolete AUTH= line beside AUTH (same mechanisms, other case), SIZE with
    // no value, unknown X- keywords, double spaces, trailing white space, a blank line, bare LF.
    let wire = "250-relay.example  Hello there  \r\n250-size\r\n250-auth=LOGIN PLAIN\r\n\
                250-AUTH login plain CRAM-MD5\r\n250-x-foo bar  baz \r\n250-\r\n\
                250-8bitmime\n250 X-LINK2STATE\r\n";
    check(
        wire,
        "relay.example",
        Some(" Hello there"),
        &[
            Capability::Size(None),
            auth(&["LOGIN", "PLAIN", "CRAM-MD5"]),
            other("x-foo", &["bar", "baz"]),
            Capability::EightBitMime,
            other("X-LINK2STATE", &[]),
        ],
    );
    let e = parse(wire);
    assert_eq!(e.capabilities.size_limit(), None);
    assert!(e.capabilities.supports_auth("cram-md5"));
    // Written back canonically: one AUTH line, upper-case keywords, single spaces.
    assert_eq!(
        String::from_utf8(e.to_bytes().unwrap()).unwrap(),
        "250-relay.example  Hello there\r\n250-SIZE\r\n250-AUTH LOGIN PLAIN CRAM-MD5\r\n\
         250-x-foo bar baz\r\n250-8BITMIME\r\n250 X-LINK2STATE\r\n"
    );
}

#[test]
fn only_the_obsolete_auth_form() {
    check(
        "250-old.example\r\n250 AUTH=LOGIN\r\n",
        "old.example",
        None,
        &[auth(&["LOGIN"])],
    );
    check(
        "250-old.example\r\n250 AUTH=\r\n",
        "old.example",
        None,
        &[auth(&[])],
    );
}

#[test]
fn extension_syntax() {
    let one = |line: &str| {
        let wire = format!("250-x.example\r\n250 {line}\r\n");
        let e = EhloReply::parse(wire.as_bytes())
            .unwrap()
            .complete()
            .unwrap()
            .0
            .into_owned();
        assert_eq!(e.capabilities.len(), 1, "{line}");
        e.capabilities.into_iter().next().unwrap()
    };
    assert_eq!(one("SIZE"), Capability::Size(None));
    assert_eq!(one("SIZE 0"), Capability::Size(Some(0)));
    assert_eq!(
        one("SIZE 18446744073709551615"),
        Capability::Size(Some(u64::MAX))
    );
    assert_eq!(
        one("SIZE 18446744073709551616"),
        other("SIZE", &["18446744073709551616"])
    );
    assert_eq!(one("SIZE +5"), other("SIZE", &["+5"]));
    assert_eq!(one("SIZE 1 2"), other("SIZE", &["1", "2"]));
    assert_eq!(one("PIPELINING now"), other("PIPELINING", &["now"]));
    assert_eq!(one("MT-PRIORITY"), Capability::MtPriority(None));
    assert_eq!(
        one("mt-priority MIXER"),
        Capability::MtPriority(Some("MIXER".into()))
    );
    assert_eq!(one("MT-PRIORITY A B"), other("MT-PRIORITY", &["A", "B"]));
    assert_eq!(one("DELIVERBY"), Capability::DeliverBy(None));
    assert_eq!(one("DELIVERBY 240"), Capability::DeliverBy(Some(240)));
    assert_eq!(one("DELIVERBY 240,x"), other("DELIVERBY", &["240,x"]));
    assert_eq!(
        one("FUTURERELEASE 604800 2012-11-05T12:00:00Z"),
        Capability::FutureRelease {
            max_interval: 604_800,
            max_datetime: "2012-11-05T12:00:00Z".into()
        }
    );
    assert_eq!(
        one("FUTURERELEASE 604800"),
        other("FUTURERELEASE", &["604800"])
    );
    assert_eq!(one("REQUIRETLS"), Capability::RequireTls);
    assert_eq!(one("BinaryMIME"), Capability::BinaryMime);
    assert_eq!(one("etrn"), Capability::Etrn);
    assert_eq!(one("Dsn"), Capability::Dsn);
    assert_eq!(one("AUTH"), auth(&[]));
    assert_eq!(one("AUTH PLAIN plain Plain"), auth(&["PLAIN"]));
    // Keywords the typed list does not know keep their case and parameters.
    assert_eq!(one("VRFY"), other("VRFY", &[]));
    assert_eq!(one("BURL imap"), other("BURL", &["imap"]));
    for c in [
        Capability::Size(Some(1)),
        Capability::MtPriority(Some("NSEP".into())),
        Capability::FutureRelease {
            max_interval: 1,
            max_datetime: "2030-01-01T00:00:00+01:00".into(),
        },
    ] {
        assert_eq!(c.keyword(), one(c.keyword()).keyword());
    }
}

#[test]
fn capabilities_helper_merges() {
    let mut caps = Capabilities::new();
    caps.push(Capability::Pipelining);
    caps.push(auth(&["PLAIN"]));
    caps.push(other("AUTH=LOGIN", &["plain"]));
    caps.push(other("size", &["1000"]));
    caps.push(auth(&["XOAUTH2", "login"]));
    assert_eq!(
        caps.to_vec(),
        [
            Capability::Pipelining,
            auth(&["PLAIN", "LOGIN", "XOAUTH2"]),
            Capability::Size(Some(1000)),
        ]
    );
    assert_eq!(caps.size_limit(), Some(1000));
    let collected: Capabilities<'_> = caps.clone().into_iter().collect();
    assert_eq!(collected, caps);
    let mut e = EhloReply::new("mx.example");
    e.capabilities = caps;
    assert_eq!(
        e.to_bytes().unwrap(),
        b"250-mx.example\r\n250-PIPELINING\r\n250-AUTH PLAIN LOGIN XOAUTH2\r\n250 SIZE 1000\r\n"
    );
}

#[test]
fn encoder_refusals() {
    let with = |c: Capability<'static>| {
        let mut e = EhloReply::new("mx.example");
        e.capabilities.push(c);
        e.to_bytes()
    };
    assert!(matches!(
        with(other("", &[])),
        Err(EncodeError::Empty { .. })
    ));
    assert!(matches!(
        with(other("X FOO", &[])),
        Err(EncodeError::InvalidByte { byte: b' ', .. })
    ));
    assert!(matches!(
        with(other("X", &[""])),
        Err(EncodeError::Empty { .. })
    ));
    assert!(matches!(
        with(auth(&["PLAIN\r\n250 STARTTLS"])),
        Err(EncodeError::InvalidByte { byte: b'\r', .. })
    ));
    assert!(matches!(
        with(Capability::MtPriority(Some("MI XER".into()))),
        Err(EncodeError::InvalidByte { byte: b' ', .. })
    ));
    assert!(matches!(
        with(Capability::FutureRelease {
            max_interval: 1,
            max_datetime: "".into()
        }),
        Err(EncodeError::Empty { .. })
    ));
    assert!(matches!(
        with(other("X", &["caf\u{e9}"])),
        Err(EncodeError::InvalidByte { byte: 0xc3, .. })
    ));
    let mut long = EhloReply::new("mx.example");
    long.capabilities.push(Capability::Other {
        keyword: "X-LONG".into(),
        params: vec![Cow::Owned("a".repeat(600))],
    });
    assert!(matches!(
        long.to_bytes(),
        Err(EncodeError::LineTooLong { .. })
    ));
    let mut out = Vec::new();
    long.encode_with_limit(&mut out, 1000).unwrap();
}

#[test]
fn not_an_ehlo_reply() {
    assert_eq!(
        EhloReply::parse(b"550 5.7.1 go away\r\n"),
        Err(EhloError::NotAccepted {
            code: ReplyCode::MAILBOX_UNAVAILABLE
        })
    );
    assert!(matches!(
        EhloReply::parse(b"250-a\r\n251 b\r\n"),
        Err(EhloError::Reply(_))
    ));
    assert_eq!(EhloReply::parse(b"250-a\r\n"), Ok(Parsed::Incomplete));
    // A reply whose every line looks like a status code is still read whole.
    let wire = b"250-2.0.0 mx.example\r\n250 2.0.0\r\n";
    let r = Reply::parse(wire).unwrap().complete().unwrap().0;
    assert!(r.enhanced.is_some());
    let e = EhloReply::from_reply(r).unwrap();
    assert_eq!(e.domain, "2.0.0");
    assert_eq!(e.greeting.as_deref(), Some("mx.example"));
    assert_eq!(e.capabilities.to_vec(), [other("2.0.0", &[])]);
    assert_eq!(e.to_bytes().unwrap(), wire);
}

#[test]
fn borrowed_and_owned() {
    let wire = b"250-mx.example hi\r\n250-AUTH PLAIN\r\n250 X-Y z\r\n".to_vec();
    let e = EhloReply::parse(&wire).unwrap().complete().unwrap().0;
    assert!(matches!(e.domain, Cow::Borrowed(_)));
    assert!(matches!(e.greeting, Some(Cow::Borrowed(_))));
    let owned: EhloReply<'static> = e.clone().into_owned();
    drop(wire);
    assert_eq!(owned.domain, "mx.example");
    // Invalid UTF-8 is replaced, and the pieces are owned.
    let e = EhloReply::parse(b"250-mx.example h\xe9\r\n250 X-\xff\r\n")
        .unwrap()
        .complete()
        .unwrap()
        .0;
    assert_eq!(e.greeting.as_deref(), Some("h\u{fffd}"));
    assert_eq!(e.capabilities.to_vec(), [other("X-\u{fffd}", &[])]);
}

/// What is noted while the reply is framed (the SASL mechanisms as a set, the first DELIVERBY
/// and MT-PRIORITY typed) gives the answers the lines give.
#[test]
fn noted_while_parsing() {
    use mail_sasl::Mechanism;
    let e = parse(
        "250-mx.example.org hi\r\n250-DELIVERBY 240\r\n250-MT-PRIORITY MIXER\r\n\
         250-mt-priority STANAG4406\r\n250-AUTH LOGIN x-unknown\r\n250-deliverby 9\r\n\
         250 AUTH=scram-sha-256 PLAIN\r\n",
    );
    let c = &e.capabilities;
    assert_eq!(c.get("DeliverBy"), Some(Capability::DeliverBy(Some(240))));
    assert_eq!(
        c.get("MT-PRIORITY"),
        Some(Capability::MtPriority(Some("MIXER".into())))
    );
    assert_eq!(c.min_by_time(), Some(240));
    assert_eq!(c.priority_profile(), Some("MIXER"));
    let set = c.mechanism_set();
    assert_eq!(
        set.iter().collect::<Vec<_>>(),
        [Mechanism::Plain, Mechanism::Login, Mechanism::ScramSha256]
    );
    assert!(set.has_others());
    assert!(c.supports_auth("X-UNKNOWN") && c.supports_auth("plain"));
    assert!(!c.supports_auth("CRAM-MD5") && !c.supports_auth("GSSAPI"));
    assert_eq!(
        c.auth_mechanisms().collect::<Vec<_>>(),
        ["LOGIN", "x-unknown", "scram-sha-256", "PLAIN"]
    );
    // Not typed (two parameters): read from the line, as written.
    let e = parse("250-mx\r\n250-  MT-PRIORITY A B\r\n250 DELIVERBY\r\n");
    assert_eq!(
        e.capabilities.get("mt-priority"),
        Some(other("MT-PRIORITY", &["A", "B"]))
    );
    assert_eq!(
        e.capabilities.get("DELIVERBY"),
        Some(Capability::DeliverBy(None))
    );
    assert!(e.capabilities.mechanism_set().is_empty());
}
