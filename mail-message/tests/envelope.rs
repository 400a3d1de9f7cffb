//! RFC examples and exact values for the SMTP envelope: RFC 5321 §4.1.2, §4.1.3, §4.5.3.1,
//! Appendix C; RFC 6531 §3.3; RFC 3461 §4 and §10; RFC 1870; RFC 4954 §5.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::net::{Ipv4Addr, Ipv6Addr};

use mail_message::envelope::{
    AddressLiteral, Domain, Envelope, EnvelopeError, EnvelopeOptions, EsmtpParameters, ForwardPath,
    GeneralAddressLiteral, Host, LocalPart, Mailbox, Recipient, ReversePath, decode_xtext,
    encode_xtext, parse_parameters,
};

const ASCII: EnvelopeOptions = EnvelopeOptions::new();
const UTF8: EnvelopeOptions = EnvelopeOptions::new().with_smtputf8(true);

fn syntax(offset: usize, expected: &'static str) -> EnvelopeError {
    EnvelopeError::InvalidSyntax { offset, expected }
}

/// A reverse path's mailbox as (local part content, host as written).
fn parts(path: &ReversePath<'_>) -> (String, String) {
    let m = path.mailbox().expect("a mailbox");
    (m.local_part().as_str().to_owned(), m.host().to_string())
}

fn forward_parts(path: &ForwardPath<'_>) -> (String, String) {
    let m = path.mailbox().expect("a mailbox");
    (m.local_part().as_str().to_owned(), m.host().to_string())
}

#[test]
fn rfc5321_mail_and_rcpt_examples() {
    // (argument as sent, local part, domain) — RFC 5321 §3.3, §3.6.1, §4.1.1.3, Appendix D.
    for (arg, local, domain) in [
        ("<Smith@bar.com>", "Smith", "bar.com"),
        ("<JQP@bar.com>", "JQP", "bar.com"),
        ("<userx@y.foo.org>", "userx", "y.foo.org"),
        ("<Jones@foo.com>", "Jones", "foo.com"),
        ("<Green@foo.com>", "Green", "foo.com"),
        ("<Brown@foo.com>", "Brown", "foo.com"),
        ("<Jones@XYZ.COM>", "Jones", "XYZ.COM"),
        ("<Admin.MRC@foo.com>", "Admin.MRC", "foo.com"),
        ("<Susan@Random.com>", "Susan", "Random.com"),
        ("<userc@d.bar.org>", "userc", "d.bar.org"),
        ("<user@d>", "user", "d"),
    ] {
        let rev = ReversePath::parse(arg.as_bytes(), ASCII).unwrap();
        assert_eq!(parts(&rev), (local.to_owned(), domain.to_owned()), "{arg}");
        assert_eq!(rev.to_string(), arg);
        let fwd = ForwardPath::parse(arg.as_bytes(), ASCII).unwrap();
        assert_eq!(forward_parts(&fwd), (local.to_owned(), domain.to_owned()));
        assert_eq!(fwd.to_string(), arg);
    }
}

#[test]
fn source_routes_are_accepted_and_dropped() {
    // RFC 5321 §3.6.1 and §4.1.2 (A-d-l), Appendix C; §6.1 "<@a,@b:user@d>".
    for (arg, written) in [
        ("<@hosta.int,@jkl.org:userc@d.bar.org>", "<userc@d.bar.org>"),
        ("<@jkl.org:userc@d.bar.org>", "<userc@d.bar.org>"),
        ("<@a,@b:user@d>", "<user@d>"),
        ("<@ONE,@TWO:JOE@THREE>", "<JOE@THREE>"),
    ] {
        let fwd = ForwardPath::parse(arg.as_bytes(), ASCII).unwrap();
        assert_eq!(fwd.to_string(), written);
        assert_eq!(fwd, ForwardPath::parse(written.as_bytes(), ASCII).unwrap());
        let rev = ReversePath::parse(arg.as_bytes(), ASCII).unwrap();
        assert_eq!(rev.to_string(), written);
    }
    // A route must be complete: "@" Domain, "," between, ":" at the end.
    assert_eq!(
        ForwardPath::parse(b"<@a,:u@d>", ASCII),
        Err(syntax(4, "At-domain"))
    );
    assert_eq!(
        ForwardPath::parse(b"<@a u@d>", ASCII),
        Err(syntax(3, "\",\" or \":\""))
    );
    assert_eq!(
        ForwardPath::parse(b"<@[1.2.3.4]:u@d>", ASCII),
        Err(syntax(2, "sub-domain"))
    );
}

#[test]
fn null_reverse_path_and_postmaster() {
    // RFC 5321 §4.5.5: "MAIL FROM:<>".
    let (null, rest) = ReversePath::parse_prefix(b"<>", ASCII).unwrap();
    assert_eq!((null.clone(), rest), (ReversePath::Null, &b""[..]));
    assert!(null.is_null() && null.mailbox().is_none());
    assert_eq!(null.to_string(), "<>");
    // The null path is not a forward path.
    assert_eq!(
        ForwardPath::parse(b"<>", ASCII),
        Err(syntax(1, "Local-part"))
    );
    // RFC 5321 §4.1.1.3: "<Postmaster>" is case-insensitive and needs no domain.
    for s in [
        "<Postmaster>",
        "<postmaster>",
        "<POSTMASTER>",
        "<PostMaster>",
    ] {
        let p = ForwardPath::parse(s.as_bytes(), ASCII).unwrap();
        assert_eq!(p, ForwardPath::Postmaster);
        assert!(p.is_postmaster() && p.mailbox().is_none());
        assert_eq!(p.to_string(), "<Postmaster>");
    }
    // "<Postmaster@domain>" is an ordinary mailbox.
    let p = ForwardPath::parse(b"<postmaster@example.com>", ASCII).unwrap();
    assert!(!p.is_postmaster());
    assert!(p.mailbox().unwrap().local_part().is_postmaster());
    assert_eq!(p.to_string(), "<postmaster@example.com>");
    // Not in a reverse path, and not behind a source route.
    assert_eq!(
        ReversePath::parse(b"<Postmaster>", ASCII),
        Err(syntax(11, "\"@\""))
    );
    assert_eq!(
        ForwardPath::parse(b"<@a:Postmaster>", ASCII),
        Err(syntax(14, "\"@\""))
    );
}

#[test]
fn quoted_local_parts() {
    let p = ForwardPath::parse(br#"<"John Doe"@x>"#, ASCII).unwrap();
    assert_eq!(forward_parts(&p), ("John Doe".to_owned(), "x".to_owned()));
    assert_eq!(p.to_string(), r#"<"John Doe"@x>"#);
    // RFC 5321 §4.1.2: "Joe\,Smith" is a nine-character user name.
    let m = Mailbox::parse(br#""Joe\,Smith"@example.com"#, ASCII).unwrap();
    assert_eq!(m.local_part().as_str(), "Joe,Smith");
    assert!(m.local_part().needs_quoting());
    assert_eq!(m.to_string(), r#""Joe,Smith"@example.com"#);
    // "All quoted forms MUST be treated as equivalent": minimum quoting is written.
    let quoted = Mailbox::parse(br#""\J\o\e"@example.com"#, ASCII).unwrap();
    assert_eq!(quoted, Mailbox::parse(b"Joe@example.com", ASCII).unwrap());
    assert_eq!(quoted.to_string(), "Joe@example.com");
    // Quotes and backslashes in the content are escaped, nothing else.
    let lp = LocalPart::new(r#"a "b" \c"#, ASCII).unwrap();
    assert_eq!(lp.to_string(), r#""a \"b\" \\c""#);
    assert_eq!(LocalPart::parse(lp.to_string().as_bytes(), ASCII), Ok(lp));
    // The empty Quoted-string is a valid local part.
    let m = Mailbox::parse(br#"""@example.com"#, ASCII).unwrap();
    assert_eq!(m.local_part().as_str(), "");
    assert_eq!(m.to_string(), r#"""@example.com"#);
}

#[test]
fn address_literals() {
    fn host(s: &str) -> Host<'static> {
        Mailbox::parse(s.as_bytes(), ASCII)
            .unwrap()
            .host()
            .clone()
            .into_owned()
    }
    assert_eq!(
        host("a@[192.0.2.1]"),
        Host::AddressLiteral(AddressLiteral::Ipv4(Ipv4Addr::new(192, 0, 2, 1)))
    );
    // RFC 5321 §4.1.3: "[123.255.37.2]".
    assert_eq!(host("a@[123.255.37.2]").to_string(), "[123.255.37.2]");
    let v6: Ipv6Addr = "2001:db8::1".parse().unwrap();
    assert_eq!(
        host("a@[IPv6:2001:db8::1]"),
        Host::AddressLiteral(AddressLiteral::Ipv6(v6))
    );
    assert_eq!(
        host("a@[IPv6:2001:0db8:0000:0000:0000:0000:0000:0001]").to_string(),
        "[IPv6:2001:db8::1]"
    );
    // IPv6v4-comp and IPv6v4-full.
    let mapped = Ipv4Addr::new(192, 0, 2, 1).to_ipv6_mapped();
    assert_eq!(
        host("a@[IPv6:::ffff:192.0.2.1]"),
        Host::AddressLiteral(AddressLiteral::Ipv6(mapped))
    );
    assert_eq!(
        host("a@[IPv6:::ffff:192.0.2.1]").to_string(),
        "[IPv6:::ffff:192.0.2.1]"
    );
    assert_eq!(
        host("a@[IPv6:0:0:0:0:0:ffff:192.0.2.1]"),
        Host::AddressLiteral(AddressLiteral::Ipv6(mapped))
    );
    // General-address-literal.
    let general = host("a@[x-example:some:content]");
    assert_eq!(
        general,
        Host::AddressLiteral(AddressLiteral::General(
            GeneralAddressLiteral::new("x-example", "some:content").unwrap()
        ))
    );
    assert_eq!(general.to_string(), "[x-example:some:content]");
    // Bad literals, each with its error.
    let err = |s: &str| Mailbox::parse(s.as_bytes(), ASCII).unwrap_err();
    assert!(matches!(
        err("a@[256.1.1.1]"),
        EnvelopeError::InvalidAddressLiteral { offset: 3, .. }
    ));
    assert!(matches!(
        err("a@[IPv6:1:2:3]"),
        EnvelopeError::InvalidAddressLiteral { offset: 3, .. }
    ));
    assert!(matches!(
        err("a@[IPv6:192.0.2.1]"),
        EnvelopeError::InvalidAddressLiteral { .. }
    ));
    assert!(matches!(
        err("a@[x-:y]"),
        EnvelopeError::InvalidAddressLiteral { .. }
    ));
    assert_eq!(err("a@[1.2.3.4"), syntax(10, "dcontent or \"]\""));
    assert_eq!(err("a@[a\\b]"), syntax(4, "dcontent or \"]\""));
}

#[test]
fn size_limits_at_and_over() {
    // RFC 5321 §4.5.3.1.1: local part 64 octets.
    let at = format!("{}@example.com", "a".repeat(64));
    assert!(Mailbox::parse(at.as_bytes(), ASCII).is_ok());
    let over = format!("{}@example.com", "a".repeat(65));
    assert_eq!(
        Mailbox::parse(over.as_bytes(), ASCII),
        Err(EnvelopeError::LocalPartTooLong { offset: 0, len: 65 })
    );
    // RFC 5321 §4.5.3.1.2: domain 255 octets.
    let label = "b".repeat(63);
    let domain = [label.as_str(); 4].join(".");
    assert_eq!(domain.len(), 255);
    assert!(Domain::new(domain.as_str(), ASCII).is_ok());
    let over = format!("c{domain}");
    assert!(matches!(
        Domain::new(over.as_str(), ASCII),
        Err(EnvelopeError::LabelTooLong { offset: 0, len: 64 })
    ));
    let over = format!("c.{domain}");
    assert_eq!(
        Domain::new(over.as_str(), ASCII),
        Err(EnvelopeError::DomainTooLong {
            offset: 0,
            len: 257
        })
    );
    // RFC 5321 §4.5.3.1.3: path 256 octets including the brackets.
    let domain = format!("{label}.{label}.{}", "b".repeat(61));
    assert_eq!(domain.len(), 189);
    let at = format!("<{}@{domain}>", "a".repeat(64));
    assert_eq!(at.len(), 256);
    assert_eq!(
        ForwardPath::parse(at.as_bytes(), ASCII)
            .unwrap()
            .to_string(),
        at
    );
    let over = format!("<{}@{domain}b>", "a".repeat(64));
    assert_eq!(
        ForwardPath::parse(over.as_bytes(), ASCII),
        Err(EnvelopeError::PathTooLong {
            offset: 0,
            len: 257
        })
    );
    // Constructors enforce the same limits.
    let local = LocalPart::new("a".repeat(64), ASCII).unwrap();
    let long = Domain::new(format!("{domain}b"), ASCII).unwrap();
    assert_eq!(
        Mailbox::new(local, long),
        Err(EnvelopeError::PathTooLong {
            offset: 0,
            len: 257
        })
    );
    assert_eq!(
        LocalPart::new("a".repeat(65), ASCII),
        Err(EnvelopeError::LocalPartTooLong { offset: 0, len: 65 })
    );
}

#[test]
fn utf8_only_under_smtputf8() {
    // RFC 6531 §3.3: atext, qtextSMTP, sub-domain (U-label) and esmtp-value take UTF-8.
    let arg = "<θσερ@παράδειγμα.δοκιμή> X=ü".as_bytes();
    assert_eq!(
        Envelope::parse_mail_argument(arg, ASCII),
        Err(EnvelopeError::Utf8NotAllowed { offset: 1 })
    );
    let env = Envelope::parse_mail_argument(arg, UTF8).unwrap();
    assert!(env.requires_smtputf8());
    let m = env.reverse_path.mailbox().unwrap();
    assert_eq!(m.local_part().as_str(), "θσερ");
    assert_eq!(m.host().to_string(), "παράδειγμα.δοκιμή");
    assert_eq!(
        env.mail_argument().to_string(),
        "<θσερ@παράδειγμα.δοκιμή> X=ü"
    );
    // UTF-8 domain, ASCII local part, and a quoted UTF-8 local part.
    assert_eq!(
        Mailbox::parse("user@bücher.example".as_bytes(), ASCII),
        Err(EnvelopeError::Utf8NotAllowed { offset: 6 })
    );
    let m = Mailbox::parse("\"j ö\"@bücher.example".as_bytes(), UTF8).unwrap();
    assert_eq!(m.local_part().as_str(), "j ö");
    assert_eq!(m.to_string(), "\"j ö\"@bücher.example");
    // Invalid UTF-8 and C1 controls are refused even under SMTPUTF8.
    assert_eq!(
        Mailbox::parse(b"us\xc3er@example.com", UTF8),
        Err(EnvelopeError::InvalidUtf8 { offset: 2 })
    );
    assert_eq!(
        Mailbox::parse("us\u{85}er@example.com".as_bytes(), UTF8),
        Err(EnvelopeError::InvalidUtf8 { offset: 2 })
    );
    // A parameter value with UTF-8.
    assert_eq!(
        parse_parameters(" ENVID=ü".as_bytes(), ASCII),
        Err(EnvelopeError::Utf8NotAllowed { offset: 7 })
    );
}

#[test]
fn rfc3461_dsn_transcript() {
    // RFC 3461 §10.1.
    let env = Envelope::parse_mail_argument(b"<Alice@Example.ORG> RET=HDRS ENVID=QQ314159", ASCII)
        .unwrap();
    assert_eq!(
        env.mail_parameters
            .get("ret")
            .unwrap()
            .value
            .as_ref()
            .unwrap()
            .as_str(),
        "HDRS"
    );
    let envid = env
        .mail_parameters
        .get("ENVID")
        .unwrap()
        .value
        .as_ref()
        .unwrap();
    assert_eq!(envid.decode_xtext().unwrap().as_ref(), b"QQ314159");
    for (arg, notify, orcpt) in [
        (
            "<Bob@Example.COM> NOTIFY=SUCCESS ORCPT=rfc822;Bob@Example.COM",
            "SUCCESS",
            Some("rfc822;Bob@Example.COM"),
        ),
        (
            "<Carol@Ivory.EDU> NOTIFY=FAILURE ORCPT=rfc822;Carol@Ivory.EDU",
            "FAILURE",
            Some("rfc822;Carol@Ivory.EDU"),
        ),
        (
            "<Dana@Ivory.EDU> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;Dana@Ivory.EDU",
            "SUCCESS,FAILURE",
            Some("rfc822;Dana@Ivory.EDU"),
        ),
        ("<Fred@Bombs.AF.MIL> NOTIFY=NEVER", "NEVER", None),
        (
            "<George@Tax-ME.GOV> NOTIFY=FAILURE ORCPT=rfc822;George@Tax-ME.GOV",
            "FAILURE",
            Some("rfc822;George@Tax-ME.GOV"),
        ),
    ] {
        let r = Recipient::parse(arg.as_bytes(), ASCII).unwrap();
        assert_eq!(r.to_string(), arg);
        let value = |k: &str| {
            r.parameters
                .get(k)
                .and_then(|p| p.value.as_ref())
                .map(|v| v.as_str().to_owned())
        };
        assert_eq!(value("notify").as_deref(), Some(notify));
        assert_eq!(value("orcpt").as_deref(), orcpt);
    }
}

#[test]
fn xtext_examples() {
    // RFC 4954 §5: "MAIL FROM:<e=mc2@example.com> AUTH=e+3Dmc2@example.com".
    let env = Envelope::parse_mail_argument(b"<e=mc2@example.com> AUTH=e+3Dmc2@example.com", ASCII)
        .unwrap();
    let auth = env
        .mail_parameters
        .get("AUTH")
        .unwrap()
        .value
        .as_ref()
        .unwrap();
    assert_eq!(auth.decode_xtext().unwrap().as_ref(), b"e=mc2@example.com");
    assert_eq!(encode_xtext(b"e=mc2@example.com"), "e+3Dmc2@example.com");
    // RFC 4954 §5: "AUTH=<>" is a plain esmtp-value.
    let env = Envelope::parse_mail_argument(b"<john+@example.org> AUTH=<>", ASCII).unwrap();
    assert_eq!(env.reverse_path.to_string(), "<john+@example.org>");
    assert_eq!(
        env.mail_parameters.get("auth").unwrap().to_string(),
        "AUTH=<>"
    );
    // RFC 3461 §4: "+" and "=" and octets outside 33..126 become "+XX".
    assert_eq!(
        encode_xtext(b"rfc822;a+b@example.com"),
        "rfc822;a+2Bb@example.com"
    );
    assert_eq!(encode_xtext(b"rfc822;\"a b\"@x"), "rfc822;\"a+20b\"@x");
    assert_eq!(
        decode_xtext(b"rfc822;a+2Bb+3Dc@example.com")
            .unwrap()
            .as_ref(),
        b"rfc822;a+b=c@example.com"
    );
    assert_eq!(
        decode_xtext(b"a+3d"),
        Err(EnvelopeError::InvalidXtext { offset: 1 })
    );
    assert_eq!(
        decode_xtext(b"a+3"),
        Err(EnvelopeError::InvalidXtext { offset: 1 })
    );
    assert_eq!(
        decode_xtext(b"a=b"),
        Err(EnvelopeError::InvalidXtext { offset: 1 })
    );
}

#[test]
fn other_rfc_parameters() {
    // RFC 1870 §6, RFC 6152 §4, RFC 3030 §5.
    for arg in [
        "<ned@thor.innosoft.com> SIZE=500000",
        "<ned@ymir.claremont.edu> BODY=8BITMIME",
        "<ned@ymir.claremont.edu> BODY=BINARYMIME",
    ] {
        let env = Envelope::parse_mail_argument(arg.as_bytes(), ASCII).unwrap();
        assert_eq!(env.mail_parameters.len(), 1);
        assert_eq!(env.mail_argument().to_string(), arg);
    }
    let p = EsmtpParameters::parse(b"SIZE=500000 SMTPUTF8", ASCII).unwrap();
    assert_eq!(
        p.get("size").unwrap().value.as_ref().unwrap().as_str(),
        "500000"
    );
    assert!(p.get("SMTPUTF8").unwrap().value.is_none());
}

#[test]
fn bad_syntax_has_typed_errors() {
    let fwd = |s: &str| ForwardPath::parse(s.as_bytes(), ASCII).unwrap_err();
    assert_eq!(fwd(""), syntax(0, "\"<\""));
    assert_eq!(fwd("user@example.com"), syntax(0, "\"<\""));
    assert_eq!(fwd("<user@example.com"), syntax(17, "\">\""));
    assert_eq!(fwd("<user>"), syntax(5, "\"@\""));
    assert_eq!(fwd("<@example.com>"), syntax(13, "\",\" or \":\""));
    assert_eq!(fwd("<user@>"), syntax(6, "sub-domain"));
    assert_eq!(fwd("<user@-example.com>"), syntax(6, "Let-dig"));
    assert_eq!(fwd("<user@example-.com>"), syntax(13, "Let-dig"));
    assert_eq!(fwd("<user@exa_mple.com>"), syntax(9, "\">\""));
    assert_eq!(fwd("<user@example.com.>"), syntax(18, "sub-domain"));
    assert_eq!(fwd("<.user@example.com>"), syntax(1, "atext"));
    assert_eq!(fwd("<us..er@example.com>"), syntax(4, "atext"));
    assert_eq!(fwd("<user.@example.com>"), syntax(6, "atext"));
    assert_eq!(fwd("<us er@example.com>"), syntax(3, "\"@\""));
    assert_eq!(fwd("<\"us\ner\"@example.com>"), syntax(4, "qtextSMTP"));
    assert_eq!(fwd("<\"user@example.com>"), syntax(19, "DQUOTE"));
    assert_eq!(fwd("<user@example.com> "), syntax(18, "end of path"));
    assert_eq!(fwd("<user@example.com\r\n>"), syntax(17, "\">\""));
    assert_eq!(fwd("<user@exa\0mple.com>"), syntax(9, "\">\""));
    let rcpt = |s: &str| Recipient::parse(s.as_bytes(), ASCII).unwrap_err();
    assert_eq!(rcpt("<a@b>NOTIFY=NEVER"), syntax(5, "SP"));
    assert_eq!(rcpt("<a@b>  NOTIFY=NEVER"), syntax(6, "esmtp-keyword"));
    assert_eq!(rcpt("<a@b> NOTIFY="), syntax(13, "esmtp-value"));
    assert_eq!(rcpt("<a@b> NOTIFY=A B=C=D"), syntax(18, "SP"));
    assert_eq!(rcpt("<a@b> _X"), syntax(6, "esmtp-keyword"));
}

#[test]
fn lenient_options() {
    let lax = EnvelopeOptions::lenient();
    // Spaces around the path and between parameters.
    let env = Envelope::parse_mail_argument(b" <a@example.com>  SIZE=10 ", lax).unwrap();
    assert_eq!(env.mail_argument().to_string(), "<a@example.com> SIZE=10");
    // A path without brackets.
    let r = Recipient::parse(b"b@example.com NOTIFY=NEVER", lax).unwrap();
    assert_eq!(r.to_string(), "<b@example.com> NOTIFY=NEVER");
    // Dots where a strict Dot-string has none: the value is written back quoted.
    let m = Mailbox::parse(b"john..doe.@example.com", lax).unwrap();
    assert_eq!(m.to_string(), "\"john..doe.\"@example.com");
    assert_eq!(Mailbox::parse(m.to_string().as_bytes(), ASCII), Ok(m));
    // Underscores in domains.
    let m = Mailbox::parse(b"a@my_host.example", lax).unwrap();
    assert_eq!(m.to_string(), "a@my_host.example");
    // Each switch alone.
    assert!(Mailbox::parse(b"a..b@x", ASCII.with_lax_dot_string(true)).is_ok());
    assert!(Mailbox::parse(b"a@x_y", ASCII.with_lax_underscore(true)).is_ok());
    assert!(ReversePath::parse(b"a@x", ASCII.with_lax_brackets(true)).is_ok());
    assert!(ReversePath::parse(b" <a@x> ", ASCII.with_lax_spaces(true)).is_ok());
    // A quoted lax local part that grows past 64 octets when written is refused.
    let local = format!("{}..", "a".repeat(61));
    let addr = format!("{local}@x");
    assert_eq!(
        Mailbox::parse(addr.as_bytes(), lax),
        Err(EnvelopeError::LocalPartTooLong { offset: 0, len: 65 })
    );
}

#[test]
fn prefix_parsing_leaves_the_parameters() {
    let line = b"<@hosta.int,@jkl.org:userc@d.bar.org> NOTIFY=NEVER ORCPT=rfc822;userc@d.bar.org";
    let (path, rest) = ForwardPath::parse_prefix(line, ASCII).unwrap();
    assert_eq!(path.to_string(), "<userc@d.bar.org>");
    assert_eq!(rest, b" NOTIFY=NEVER ORCPT=rfc822;userc@d.bar.org");
    let params = parse_parameters(rest, ASCII).unwrap();
    assert_eq!(
        params.to_string(),
        "NOTIFY=NEVER ORCPT=rfc822;userc@d.bar.org"
    );
    let (host, rest) = Host::parse_prefix(b"[IPv6:::1] junk", ASCII).unwrap();
    assert_eq!(
        (host.to_string(), rest),
        ("[IPv6:::1]".to_owned(), &b" junk"[..])
    );
}

#[test]
fn into_owned_outlives_the_input() {
    let owned: Envelope<'static> = {
        let input = String::from("<\"a\\\"b\"@example.com> SIZE=1");
        let mut env = Envelope::parse_mail_argument(input.as_bytes(), ASCII).unwrap();
        env.recipients
            .push(Recipient::parse(b"<Postmaster>", ASCII).unwrap());
        env.into_owned()
    };
    assert_eq!(
        owned.mail_argument().to_string(),
        "<\"a\\\"b\"@example.com> SIZE=1"
    );
    assert_eq!(owned.recipients[0].forward_path, ForwardPath::Postmaster);
}
