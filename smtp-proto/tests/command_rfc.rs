//! Every client command line of the example sessions in RFC 5321 (Appendix D and §3, §4),
//! RFC 2920, RFC 3030, RFC 1870, RFC 4954, RFC 2033, RFC 3207, RFC 6152, RFC 8689 and
//! RFC 3461 §10: each parses to the exact expected value and, where the RFC's text is
//! canonical, encodes back to the same bytes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use mail_message::envelope::{
    Domain, EnvelopeOptions, EsmtpKeyword, EsmtpParameter, EsmtpValue, ForwardPath, Host, Mailbox,
    ReversePath,
};
use smtp_proto::command::{
    Body, ClientName, Command, CommandError, InitialResponse, MailAuth, MailParameters, Mechanism,
    Notify, NotifyOn, Orcpt, ParseOptions, RcptParameters, Ret, Text, Xtext,
};

const ASCII: EnvelopeOptions = EnvelopeOptions::new();

fn smtp() -> ParseOptions {
    ParseOptions::new()
}

fn name(s: &'static str) -> ClientName<'static> {
    ClientName::Host(Host::Domain(Domain::new(s, ASCII).unwrap()))
}

fn mailbox(s: &'static str) -> Mailbox<'static> {
    Mailbox::parse(s.as_bytes(), ASCII).unwrap()
}

fn mail(from: &'static str) -> Command<'static> {
    mail_with(from, MailParameters::new())
}

fn mail_with(from: &'static str, parameters: MailParameters<'static>) -> Command<'static> {
    let reverse_path = if from.is_empty() {
        ReversePath::Null
    } else {
        ReversePath::Mailbox(mailbox(from))
    };
    Command::Mail {
        reverse_path,
        parameters,
    }
}

fn rcpt(to: &'static str) -> Command<'static> {
    rcpt_with(to, RcptParameters::new())
}

fn rcpt_with(to: &'static str, parameters: RcptParameters<'static>) -> Command<'static> {
    Command::Rcpt {
        forward_path: ForwardPath::Mailbox(mailbox(to)),
        parameters,
    }
}

/// Parses `line`, compares with `expected`, and checks that encoding gives `line` back.
fn canonical(line: &str, opts: &ParseOptions, expected: &Command<'_>) {
    let parsed = Command::parse(line.as_bytes(), opts).unwrap_or_else(|e| panic!("{line}: {e}"));
    assert_eq!(&parsed, expected, "{line}");
    let encoded = parsed.to_bytes().unwrap();
    assert_eq!(
        String::from_utf8(encoded).unwrap(),
        format!("{line}\r\n"),
        "{line}"
    );
    assert_eq!(parsed.clone().into_owned(), parsed);
}

#[test]
fn rfc5321_appendix_d() {
    let o = &smtp();
    // D.1 A Typical SMTP Transaction Scenario.
    canonical(
        "EHLO bar.com",
        o,
        &Command::Ehlo {
            name: name("bar.com"),
        },
    );
    canonical("MAIL FROM:<Smith@bar.com>", o, &mail("Smith@bar.com"));
    canonical("RCPT TO:<Jones@foo.com>", o, &rcpt("Jones@foo.com"));
    canonical("RCPT TO:<Green@foo.com>", o, &rcpt("Green@foo.com"));
    canonical("RCPT TO:<Brown@foo.com>", o, &rcpt("Brown@foo.com"));
    canonical("DATA", o, &Command::Data);
    canonical("QUIT", o, &Command::Quit);
    // D.2 Aborted SMTP Transaction Scenario.
    canonical("RSET", o, &Command::Rset);
    // D.3 Relayed Mail Scenario.
    canonical("MAIL FROM:<JQP@bar.com>", o, &mail("JQP@bar.com"));
    canonical("RCPT TO:<Jones@XYZ.COM>", o, &rcpt("Jones@XYZ.COM"));
    canonical(
        "EHLO foo.com",
        o,
        &Command::Ehlo {
            name: name("foo.com"),
        },
    );
    // D.4 Verifying and Sending Scenario.
    canonical(
        "VRFY Crispin",
        o,
        &Command::Vrfy {
            argument: Text::new("Crispin").unwrap(),
            smtputf8: false,
        },
    );
    canonical("MAIL FROM:<EAK@bar.com>", o, &mail("EAK@bar.com"));
    canonical("RCPT TO:<Admin.MRC@foo.com>", o, &rcpt("Admin.MRC@foo.com"));
}

#[test]
fn rfc5321_body_examples() {
    let o = &smtp();
    // §3.5.1 EXPN examples.
    for list in ["Example-People", "Executive-Washroom-List"] {
        canonical(
            &format!("EXPN {list}"),
            o,
            &Command::Expn {
                argument: Text::new(list).unwrap(),
                smtputf8: false,
            },
        );
    }
    // §3.6.3 and §4.5.5: the null reverse-path.
    canonical("MAIL FROM:<>", o, &mail(""));
    // §4.1.1.3: source routes are accepted and dropped (so this is not canonical).
    let cmd = Command::parse(b"RCPT TO:<@hosta.int,@jkl.org:userc@d.bar.org>", o).unwrap();
    assert_eq!(cmd, rcpt("userc@d.bar.org"));
    assert_eq!(cmd.to_bytes().unwrap(), b"RCPT TO:<userc@d.bar.org>\r\n");
    let cmd = Command::parse(b"RCPT TO:<@jkl.org:userc@d.bar.org>", o).unwrap();
    assert_eq!(cmd, rcpt("userc@d.bar.org"));
    canonical("MAIL FROM:<userx@y.foo.org>", o, &mail("userx@y.foo.org"));
    // §4.1.1.3: <Postmaster> in any case.
    let postmaster = Command::Rcpt {
        forward_path: ForwardPath::Postmaster,
        parameters: RcptParameters::new(),
    };
    canonical("RCPT TO:<Postmaster>", o, &postmaster);
    assert_eq!(
        Command::parse(b"rcpt to:<POSTMASTER>", o).unwrap(),
        postmaster
    );
}

#[test]
fn rfc2920_pipelining() {
    let o = &smtp();
    canonical(
        "HELO dbc.mtview.ca.us",
        o,
        &Command::Helo {
            name: name("dbc.mtview.ca.us"),
        },
    );
    canonical(
        "EHLO dbc.mtview.ca.us",
        o,
        &Command::Ehlo {
            name: name("dbc.mtview.ca.us"),
        },
    );
    canonical(
        "MAIL FROM:<mrose@dbc.mtview.ca.us>",
        o,
        &mail("mrose@dbc.mtview.ca.us"),
    );
    for to in [
        "ned@innosoft.com",
        "dan@innosoft.com",
        "kvc@innosoft.com",
        "nsb@thumper.bellcore.com",
        "galvin@tis.com",
    ] {
        canonical(&format!("RCPT TO:<{to}>"), o, &rcpt(to));
    }
}

#[test]
fn rfc3030_chunking() {
    let o = &smtp();
    canonical(
        "EHLO ymir.claremont.edu",
        o,
        &Command::Ehlo {
            name: name("ymir.claremont.edu"),
        },
    );
    // §4.1 Simple Chunking.
    canonical("MAIL FROM:<Sam@Random.com>", o, &mail("Sam@Random.com"));
    canonical("RCPT TO:<Susan@Random.com>", o, &rcpt("Susan@Random.com"));
    canonical(
        "BDAT 86 LAST",
        o,
        &Command::Bdat {
            size: 86,
            last: true,
        },
    );
    // §4.2 Pipelining BINARYMIME.
    let mut p = MailParameters::new();
    p.body = Some(Body::BinaryMime);
    canonical(
        "MAIL FROM:<ned@ymir.claremont.edu> BODY=BINARYMIME",
        o,
        &mail_with("ned@ymir.claremont.edu", p),
    );
    canonical(
        "RCPT TO:<gvaudre@cnri.reston.va.us>",
        o,
        &rcpt("gvaudre@cnri.reston.va.us"),
    );
    canonical(
        "RCPT TO:<jstewart@cnri.reston.va.us>",
        o,
        &rcpt("jstewart@cnri.reston.va.us"),
    );
    canonical(
        "BDAT 100000",
        o,
        &Command::Bdat {
            size: 100_000,
            last: false,
        },
    );
    canonical(
        "BDAT 324",
        o,
        &Command::Bdat {
            size: 324,
            last: false,
        },
    );
    canonical(
        "BDAT 0 LAST",
        o,
        &Command::Bdat {
            size: 0,
            last: true,
        },
    );
}

#[test]
fn rfc1870_size() {
    let o = &smtp();
    let mut p = MailParameters::new();
    p.size = Some(500_000);
    canonical(
        "MAIL FROM:<ned@thor.innosoft.com> SIZE=500000",
        o,
        &mail_with("ned@thor.innosoft.com", p),
    );
    for to in [
        "ned@innosoft.com",
        "ned@ymir.claremont.edu",
        "ned@hmcvax.claremont.edu",
    ] {
        canonical(&format!("RCPT TO:<{to}>"), o, &rcpt(to));
    }
}

#[test]
fn rfc4954_auth() {
    let o = &smtp();
    canonical(
        "EHLO client.example.com",
        o,
        &Command::Ehlo {
            name: name("client.example.com"),
        },
    );
    canonical("STARTTLS", o, &Command::StartTls);
    let auth = |m: &'static str, r: Option<&'static str>| Command::Auth {
        mechanism: Mechanism::new(m).unwrap(),
        initial_response: r.map(|r| InitialResponse::new(r).unwrap()),
    };
    canonical(
        "AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=",
        o,
        &auth("PLAIN", Some("dGVzdAB0ZXN0ADEyMzQ=")),
    );
    let Command::Auth {
        initial_response: Some(r),
        ..
    } = Command::parse(b"AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=", o).unwrap()
    else {
        panic!()
    };
    assert_eq!(r.decode(), b"test\0test\x001234");
    canonical("AUTH PLAIN", o, &auth("PLAIN", None));
    canonical("AUTH CRAM-MD5", o, &auth("CRAM-MD5", None));
    // An empty initial response is sent as "=" (§4).
    canonical("AUTH EXTERNAL =", o, &auth("EXTERNAL", Some("=")));
    let Command::Auth {
        initial_response: Some(r),
        ..
    } = Command::parse(b"AUTH EXTERNAL =", o).unwrap()
    else {
        panic!()
    };
    assert!(r.is_empty());
    assert_eq!(r.decode(), b"");
    // The client's responses between the 334 challenges are SASL lines, not commands.
    for line in [
        "dGVzdAB0ZXN0ADEyMzQ=",
        "cmpzMyBlYzNhNTlmZWQzOTVhYmExZWM2MzY3YzRmNGI0MWFjMA==",
        "*",
    ] {
        assert!(matches!(
            Command::parse(line.as_bytes(), o),
            Err(CommandError::InvalidVerb { .. })
        ));
    }
    // §5.1: the AUTH parameter of MAIL FROM.
    let mut p = MailParameters::new();
    p.auth = Some(MailAuth::from_mailbox(mailbox("e=mc2@example.com")));
    canonical(
        "MAIL FROM:<e=mc2@example.com> AUTH=e+3Dmc2@example.com",
        o,
        &mail_with("e=mc2@example.com", p),
    );
    let mut p = MailParameters::new();
    p.auth = Some(MailAuth::null());
    canonical(
        "MAIL FROM:<john+@example.org> AUTH=<>",
        o,
        &mail_with("john+@example.org", p),
    );
}

#[test]
fn rfc2033_lmtp() {
    let o = &smtp().with_lmtp(true);
    canonical(
        "LHLO foo.edu",
        o,
        &Command::Lhlo {
            name: name("foo.edu"),
        },
    );
    canonical("MAIL FROM:<chris@bar.com>", o, &mail("chris@bar.com"));
    for to in ["pat@foo.edu", "jones@foo.edu", "green@foo.edu"] {
        canonical(&format!("RCPT TO:<{to}>"), o, &rcpt(to));
    }
    canonical("DATA", o, &Command::Data);
    canonical("QUIT", o, &Command::Quit);
    // §4.1: HELO and EHLO are not LMTP commands (the server answers 500) ...
    for line in ["HELO foo.edu", "EHLO foo.edu"] {
        let cmd = Command::parse(line.as_bytes(), o).unwrap();
        assert!(matches!(cmd, Command::Unknown { .. }), "{line}");
        assert_eq!(cmd.verb(), None);
    }
    // ... and LHLO is not an SMTP command.
    assert!(matches!(
        Command::parse(b"LHLO foo.edu", &smtp()).unwrap(),
        Command::Unknown { .. }
    ));
}

#[test]
fn rfc3207_starttls() {
    let o = &smtp();
    canonical(
        "EHLO mail.example.com",
        o,
        &Command::Ehlo {
            name: name("mail.example.com"),
        },
    );
    canonical("STARTTLS", o, &Command::StartTls);
}

#[test]
fn rfc6152_8bitmime() {
    let o = &smtp();
    let mut p = MailParameters::new();
    p.body = Some(Body::EightBitMime);
    canonical(
        "MAIL FROM:<ned@ymir.claremont.edu> BODY=8BITMIME",
        o,
        &mail_with("ned@ymir.claremont.edu", p),
    );
    canonical(
        "RCPT TO:<mrose@dbc.mtview.ca.us>",
        o,
        &rcpt("mrose@dbc.mtview.ca.us"),
    );
}

#[test]
fn rfc8689_requiretls() {
    let o = &smtp();
    canonical(
        "EHLO mail.example.org",
        o,
        &Command::Ehlo {
            name: name("mail.example.org"),
        },
    );
    let mut p = MailParameters::new();
    p.requiretls = true;
    canonical(
        "MAIL FROM:<roger@example.org> REQUIRETLS",
        o,
        &mail_with("roger@example.org", p),
    );
    canonical(
        "RCPT TO:<editor@example.net>",
        o,
        &rcpt("editor@example.net"),
    );
}

#[test]
fn rfc3461_dsn_example() {
    let o = &smtp();
    canonical(
        "EHLO Example.ORG",
        o,
        &Command::Ehlo {
            name: name("Example.ORG"),
        },
    );
    let mut p = MailParameters::new();
    p.ret = Some(Ret::Hdrs);
    p.envid = Some(Xtext::new("QQ314159").unwrap());
    canonical(
        "MAIL FROM:<Alice@Example.ORG> RET=HDRS ENVID=QQ314159",
        o,
        &mail_with("Alice@Example.ORG", p),
    );
    let on = |success, failure| {
        Notify::On(NotifyOn {
            success,
            failure,
            delay: false,
        })
    };
    // The RFC folds these lines with "\" for the page; on the wire they are one line.
    for (to, notify, orcpt) in [
        ("Bob@Example.COM", on(true, false), "Bob@Example.COM"),
        ("Carol@Ivory.EDU", on(false, true), "Carol@Ivory.EDU"),
        ("Dana@Ivory.EDU", on(true, true), "Dana@Ivory.EDU"),
        ("Eric@Bombs.AF.MIL", on(false, true), "Eric@Bombs.AF.MIL"),
        ("George@Tax-ME.GOV", on(false, true), "George@Tax-ME.GOV"),
        ("Sam@Boondoggle.GOV", on(true, false), "George@Tax-ME.GOV"),
    ] {
        let mut p = RcptParameters::new();
        p.notify = Some(notify);
        p.orcpt = Some(Orcpt::rfc822(orcpt.as_bytes()).unwrap());
        let list = match notify {
            Notify::On(NotifyOn {
                success: true,
                failure: true,
                ..
            }) => "SUCCESS,FAILURE",
            Notify::On(NotifyOn { success: true, .. }) => "SUCCESS",
            _ => "FAILURE",
        };
        canonical(
            &format!("RCPT TO:<{to}> NOTIFY={list} ORCPT=rfc822;{orcpt}"),
            o,
            &rcpt_with(to, p),
        );
    }
    let mut p = RcptParameters::new();
    p.notify = Some(Notify::Never);
    canonical(
        "RCPT TO:<Fred@Bombs.AF.MIL> NOTIFY=NEVER",
        o,
        &rcpt_with("Fred@Bombs.AF.MIL", p),
    );
    let mut p = RcptParameters::new();
    p.notify = Some(on(false, true));
    canonical(
        "RCPT TO:<Carol@Ivory.EDU> NOTIFY=FAILURE",
        o,
        &rcpt_with("Carol@Ivory.EDU", p),
    );
    // §10.4: relay to a server without DSN, and a bounce with the null path.
    canonical(
        "MAIL FROM:<Alice@Example.ORG>",
        o,
        &mail("Alice@Example.ORG"),
    );
    canonical("MAIL FROM:<>", o, &mail(""));
    canonical("RCPT TO:<Fred@Bombs.AF.MIL>", o, &rcpt("Fred@Bombs.AF.MIL"));
}

#[test]
fn envelope_doc_example_with_unknown_parameter() {
    // Unknown parameters are kept in order and written after the typed ones.
    let o = &smtp();
    let cmd = Command::parse(b"MAIL FROM:<a@b.example> X-ONE=1 SIZE=10 X-TWO", o).unwrap();
    let mut p = MailParameters::new();
    p.size = Some(10);
    p.unknown = vec![
        EsmtpParameter::new(
            EsmtpKeyword::new("X-ONE").unwrap(),
            Some(EsmtpValue::new("1", ASCII).unwrap()),
        ),
        EsmtpParameter::new(EsmtpKeyword::new("X-TWO").unwrap(), None),
    ];
    assert_eq!(cmd, mail_with("a@b.example", p));
    assert_eq!(
        cmd.to_bytes().unwrap(),
        b"MAIL FROM:<a@b.example> SIZE=10 X-ONE=1 X-TWO\r\n"
    );
}
