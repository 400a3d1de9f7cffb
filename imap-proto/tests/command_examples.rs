//! Every client command example of RFC 3501 §6 and RFC 9051 §6 for the commands this crate
//! parses (and those of the extensions' RFCs), as table tests: parsed to the exact value,
//! written back (byte for byte where the RFC's form is the cheapest one) and round-tripped
//! (parse → encode → parse gives the same value).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::*;

use imap_proto::Rule;
use imap_proto::command::{
    AuthenticateResponse, CommandBody, Done, QResync, SelectParameter, StatusAttribute,
    UseAttribute, UseAttributeExtension,
};
use imap_proto::encode::Encode;
use imap_proto::types::{Mailbox, NString, Secret};

#[test]
fn any_state() {
    use CommandBody as C;
    // RFC 3501 §6.1.1, §6.1.2, §6.1.3 (and RFC 9051 §6.1).
    check(&line("abcd CAPABILITY"), "abcd", C::Capability, true);
    check(&line("ijkl CAPABILITY"), "ijkl", C::Capability, true);
    check(&line("a002 NOOP"), "a002", C::Noop, true);
    check(&line("a047 NOOP"), "a047", C::Noop, true);
    check(&line("A023 LOGOUT"), "A023", C::Logout, true);
    // RFC 5161 §3.1 / RFC 9051 §6.3.1.
    check(
        &line("t2 ENABLE CONDSTORE X-GOOD-IDEA"),
        "t2",
        C::Enable(ne(vec![atom("CONDSTORE"), atom("X-GOOD-IDEA")])),
        true,
    );
    check(
        &line("a1 ENABLE CONDSTORE"),
        "a1",
        C::Enable(ne(vec![atom("CONDSTORE")])),
        true,
    );
    // RFC 2971 §3.1 (the example's editorial line break removed).
    let pair = |k: &str, v: &str| (istring(k), NString(Some(istring(v))));
    check(
        &line(r#"a023 ID ("name" "sodr" "version" "19.34" "vendor" "Pink Floyd Music Limited")"#),
        "a023",
        C::Id(Some(vec![
            pair("name", "sodr"),
            pair("version", "19.34"),
            pair("vendor", "Pink Floyd Music Limited"),
        ])),
        true,
    );
    check(&line("a042 ID NIL"), "a042", C::Id(None), true);
    check(&line("a043 ID ()"), "a043", C::Id(Some(vec![])), true);
    check(
        &line(r#"a044 ID ("os" NIL)"#),
        "a044",
        C::Id(Some(vec![(istring("os"), NString(None))])),
        true,
    );
}

#[test]
fn not_authenticated() {
    use CommandBody as C;
    // RFC 3501 §6.2.1, RFC 9051 §6.2.1.
    check(&line("efgh STARTTLS"), "efgh", C::StartTls, true);
    check(&line("a002 STARTTLS"), "a002", C::StartTls, true);
    // RFC 3501 §6.2.3, §6.2.1.
    let login = |u: &str, p: &str| C::Login {
        username: astring(u),
        password: Secret::new(astring(p)),
    };
    check(
        &line("a001 LOGIN SMITH SESAME"),
        "a001",
        login("SMITH", "SESAME"),
        true,
    );
    check(
        &line("a004 LOGIN joe password"),
        "a004",
        login("joe", "password"),
        true,
    );
    check(
        &line("A001 LOGIN fred blurdybloop"),
        "A001",
        login("fred", "blurdybloop"),
        true,
    );
    // RFC 9051 §11.1: quoted strings, written back as atoms.
    check(
        &line(r#"b LOGIN "fred" "foo""#),
        "b",
        login("fred", "foo"),
        false,
    );
    // RFC 3501 §7.5 / RFC 9051 §7.5: literals with spaces.
    check(
        b"A001 LOGIN {11}\r\nFRED FOOBAR {7}\r\nfat man\r\n",
        "A001",
        login("FRED FOOBAR", "fat man"),
        false,
    );
    // RFC 3501 §6.2.2 (GSSAPI): no initial response; RFC 9051 §6.2.2, RFC 4959 §3.
    let authenticate = |m: &str, ir: Option<&str>| C::Authenticate {
        mechanism: atom(m),
        initial_response: ir.map(auth),
    };
    check(
        &line("A001 AUTHENTICATE GSSAPI"),
        "A001",
        authenticate("GSSAPI", None),
        true,
    );
    check(
        &line("a004 AUTHENTICATE PLAIN dGVzdAB0ZXN0AHRlc3Q="),
        "a004",
        authenticate("PLAIN", Some("dGVzdAB0ZXN0AHRlc3Q=")),
        true,
    );
    check(
        &line("A01 AUTHENTICATE PLAIN"),
        "A01",
        authenticate("PLAIN", None),
        true,
    );
    check(
        &line("A01 AUTHENTICATE EXTERNAL ="),
        "A01",
        authenticate("EXTERNAL", Some("")),
        true,
    );
}

#[test]
fn authenticate_responses() {
    // RFC 3501 §6.2.2: the client's GSSAPI responses (line breaks in the RFC are editorial),
    // including the empty one.
    let first = "YIIB+wYJKoZIhvcSAQICAQBuggHqMIIB5qADAgEFoQMCAQ6iBwMFACAAAACjggEmYYIBIjCCAR6gAwIBBaESGxB1Lndhc2hpbmd0b24uZWR1oi0wK6ADAgEDoSQwIhsEaW1hcBsac2hpdmFtcy5jYWMud2FzaGluZ3Rvbi5lZHWjgdMwgdCgAwIBAaEDAgEDooHDBIHAcS1GSa5b+fXnPZNmXB9SjL8Ollj2SKyb+3S0iXMljen/jNkpJXAleKTz6BQPzj8duz8EtoOuNfKgweViyn/9B9bccy1uuAE2HI0yC/PHXNNU9ZrBziJ8Lm0tTNc98kUpjXnHZhsMcz5Mx2GR6dGknbI0iaGcRerMUsWOuBmKKKRmVMMdR9T3EZdpqsBd7jZCNMWotjhivd5zovQlFqQ2Wjc2+y46vKP/iXxWIuQJuDiisyXF0Y8+5GTpALpHDc1/pIGmMIGjoAMCAQGigZsEgZg2on5mSuxoDHEA1w9bcW9nFdFxDKpdrQhVGVRDIzcCMCTzvUboqb5KjY1NJKJsfjRQiBYBdENKfzK+g5DlV8nrw81uOcP8NOQCLR5XkoMHC0Dr/80ziQzbNqhxO6652Npft0LQwJvenwDI13YxpwOdMXzkWZN/XrEqOWp6GCgXTBvCyLWLlWnbaUkZdEYbKHBPjd8t/1x5Yg==";
    for text in [
        first,
        "",
        "YDMGCSqGSIb3EgECAgIBAAD/////3LQBHXTpFfZgrejpLlLImPwkhbfa2QteAQAgAG1yYwE=",
        "dGVzdAB0ZXN0AHRlc3Q=",
    ] {
        let wire = line(text);
        let (r, rest) = AuthenticateResponse::parse(&wire).unwrap();
        assert!(rest.is_empty());
        assert_eq!(r, AuthenticateResponse::Data(auth(text)));
        assert_eq!(r.to_wire(), wire);
        assert_eq!(r.into_owned(), AuthenticateResponse::Data(auth(text)));
    }
    let (cancel, _) = AuthenticateResponse::parse(b"*\r\n").unwrap();
    assert_eq!(cancel, AuthenticateResponse::Cancel);
    assert_eq!(cancel.to_wire(), b"*\r\n");
    assert_eq!(
        AuthenticateResponse::parse(b"abc\r\n"),
        Err(imap_proto::ParseError::Invalid {
            rule: Rule::Base64,
            offset: 3
        })
    );
    assert!(
        AuthenticateResponse::parse(b"YQ==")
            .unwrap_err()
            .is_incomplete()
    );
    assert!(AuthenticateResponse::parse(b"* \r\n").is_err());
    // Credentials never shown.
    assert!(!format!("{:?}", AuthenticateResponse::parse(b"YQ==\r\n").unwrap().0).contains("YQ"));
}

#[test]
fn idle_and_done() {
    // RFC 2177 §3, RFC 9051 §6.3.13.
    check(&line("A002 IDLE"), "A002", CommandBody::Idle, true);
    assert_eq!(Done::parse(b"DONE\r\nA003"), Ok((Done, &b"A003"[..])));
    assert_eq!(Done::parse(b"done\n"), Ok((Done, &b""[..])));
    assert_eq!(Done.to_wire(), b"DONE\r\n");
    assert!(Done::parse(b"DON").unwrap_err().is_incomplete());
    assert!(Done::parse(b"DONE \r\n").is_err());
    assert!(Done::parse(b"NOOP\r\n").is_err());
}

#[test]
fn authenticated() {
    use CommandBody as C;
    let select = |m, p: Vec<SelectParameter>| C::Select {
        mailbox: m,
        parameters: p,
    };
    // RFC 3501 §6.3.1-§6.3.2, RFC 9051 §6.3.2-§6.3.3.
    check(
        &line("A142 SELECT INBOX"),
        "A142",
        select(Mailbox::Inbox, vec![]),
        true,
    );
    check(
        &line("A143 SELECT Drafts"),
        "A143",
        select(mb("Drafts"), vec![]),
        true,
    );
    check(
        &line("A007 SELECT funny"),
        "A007",
        select(mb("funny"), vec![]),
        true,
    );
    check(
        &line("A932 EXAMINE blurdybloop"),
        "A932",
        C::Examine {
            mailbox: mb("blurdybloop"),
            parameters: vec![],
        },
        true,
    );
    // RFC 7162 §3.1.8, §3.2.5.
    check(
        &line("A142 SELECT INBOX (CONDSTORE)"),
        "A142",
        select(Mailbox::Inbox, vec![SelectParameter::CondStore]),
        true,
    );
    let qresync = |v, m, known: Option<&str>, matched: Option<(&str, &str)>| {
        SelectParameter::QResync(QResync {
            uid_validity: nz(v),
            mod_seq: m,
            known_uids: known.map(set),
            seq_match: matched.map(|(a, b)| (set(a), set(b))),
        })
    };
    check(
        &line("A142 SELECT INBOX (QRESYNC (3857529045 20010715194032001 1:198))"),
        "A142",
        select(
            Mailbox::Inbox,
            vec![qresync(3857529045, 20010715194032001, Some("1:198"), None)],
        ),
        true,
    );
    check(
        &line("A02 SELECT INBOX (QRESYNC (67890007 20050715194045000 41,43:211,214:541))"),
        "A02",
        select(
            Mailbox::Inbox,
            vec![qresync(
                67890007,
                20050715194045000,
                Some("41,43:211,214:541"),
                None,
            )],
        ),
        true,
    );
    check(
        &line(
            "B04 SELECT INBOX (QRESYNC (67890007 90060115194045000 1:29997 (5000,7500,9000,9990:9999 15000,22500,27000,29970,29973,29976,29979,29982,29985,29988,29991,29994,29997)))",
        ),
        "B04",
        select(
            Mailbox::Inbox,
            vec![qresync(
                67890007,
                90060115194045000,
                Some("1:29997"),
                Some((
                    "5000,7500,9000,9990:9999",
                    "15000,22500,27000,29970,29973,29976,29979,29982,29985,29988,29991,29994,29997",
                )),
            )],
        ),
        true,
    );
    check(
        &line("x1 EXAMINE INBOX (CONDSTORE QRESYNC (1 2 (1 2)))"),
        "x1",
        C::Examine {
            mailbox: Mailbox::Inbox,
            parameters: vec![
                SelectParameter::CondStore,
                qresync(1, 2, None, Some(("1", "2"))),
            ],
        },
        true,
    );
    // RFC 3501 §6.3.3, RFC 9051 §6.3.4 and §6.3.10.
    let create = |m, u| C::Create {
        mailbox: m,
        special_use: u,
    };
    for (tag, name) in [
        ("A003", "owatagusiam/"),
        ("A004", "owatagusiam/blurdybloop"),
        ("A005", "NonNormalized"),
    ] {
        check(
            &line(&format!("{tag} CREATE {name}")),
            tag,
            create(mb(name), None),
            true,
        );
    }
    for (tag, name) in [
        ("A002", "INBOX.Sent Mail"),
        ("A004", "Sent Mail"),
        ("A005", "Delete Items"),
        ("A006", "#mh/Deleted Items"),
    ] {
        check(
            &line(&format!("{tag} CREATE \"{name}\"")),
            tag,
            create(mb(name), None),
            true,
        );
    }
    // RFC 6154 §5.2.
    check(
        &line(r"t2 CREATE MySpecial (USE (\Drafts \Sent))"),
        "t2",
        create(
            mb("MySpecial"),
            Some(vec![UseAttribute::Drafts, UseAttribute::Sent]),
        ),
        true,
    );
    check(
        &line(r"t3 CREATE Everything (USE (\All))"),
        "t3",
        create(mb("Everything"), Some(vec![UseAttribute::All])),
        true,
    );
    check(
        &line(r"t4 CREATE x (USE (\Important \junk))"),
        "t4",
        create(
            mb("x"),
            Some(vec![
                UseAttribute::Extension(UseAttributeExtension::new(atom("Important")).unwrap()),
                UseAttribute::Junk,
            ]),
        ),
        false,
    );
    // RFC 3501 §6.3.4, RFC 9051 §6.3.5.
    for (tag, name) in [
        ("A683", "blurdybloop"),
        ("A684", "foo"),
        ("A685", "foo/bar"),
        ("A687", "foo"),
        ("A83", "blurdybloop"),
        ("A84", "foo"),
    ] {
        check(
            &line(&format!("{tag} DELETE {name}")),
            tag,
            C::Delete(mb(name)),
            true,
        );
    }
    // RFC 3501 §6.3.5, RFC 9051 §6.3.6.
    let rename = |a, b| C::Rename { from: a, to: b };
    check(
        &line("A683 RENAME blurdybloop sarasoop"),
        "A683",
        rename(mb("blurdybloop"), mb("sarasoop")),
        true,
    );
    check(
        &line("A684 RENAME foo zowie"),
        "A684",
        rename(mb("foo"), mb("zowie")),
        true,
    );
    check(
        &line("Z433 RENAME INBOX old-mail"),
        "Z433",
        rename(Mailbox::Inbox, mb("old-mail")),
        true,
    );
    check(
        &line("1001 RENAME X Y"),
        "1001",
        rename(mb("X"), mb("Y")),
        true,
    );
    // RFC 3501 §6.3.6-§6.3.7, RFC 9051 §6.3.7-§6.3.8.
    check(
        &line("A002 SUBSCRIBE #news.comp.mail.mime"),
        "A002",
        C::Subscribe(mb("#news.comp.mail.mime")),
        true,
    );
    check(
        &line("1002 SUBSCRIBE Y"),
        "1002",
        C::Subscribe(mb("Y")),
        true,
    );
    check(
        &line("A002 UNSUBSCRIBE #news.comp.mail.mime"),
        "A002",
        C::Unsubscribe(mb("#news.comp.mail.mime")),
        true,
    );
    check(
        &line("1003 UNSUBSCRIBE X"),
        "1003",
        C::Unsubscribe(mb("X")),
        true,
    );
    // RFC 3501 §6.3.8, RFC 9051 §6.3.9 (basic LIST).
    let list = |r, p: &str| C::List {
        selection: None,
        reference: r,
        patterns: ne(vec![pat(p)]),
        return_options: None,
    };
    for (wire, tag, reference, pattern, canonical) in [
        (r#"A682 LIST "" *"#, "A682", "", "*", true),
        (r#"A86 LIST "" %"#, "A86", "", "%", true),
        (r#"A101 LIST "" """#, "A101", "", "", true),
        (
            r#"A102 LIST #news.comp.mail.misc """#,
            "A102",
            "#news.comp.mail.misc",
            "",
            true,
        ),
        (
            r#"A103 LIST /usr/staff/jones """#,
            "A103",
            "/usr/staff/jones",
            "",
            true,
        ),
        (r#"A202 LIST ~/Mail/ %"#, "A202", "~/Mail/", "%", true),
        (r#"A01 LIST "" "*""#, "A01", "", "*", false),
        (
            r#"A002 LIST "" "Other Users/%""#,
            "A002",
            "",
            "Other Users/%",
            true,
        ),
        (
            r##"A002 LIST "" "#Users/%""##,
            "A002",
            "",
            "#Users/%",
            false,
        ),
        (r#"A002 LIST "" "~mark/%""#, "A002", "", "~mark/%", false),
    ] {
        check(&line(wire), tag, list(mb(reference), pattern), canonical);
    }
    // RFC 3501 §6.3.9.
    let lsub = |r: &str, p: &str| C::Lsub {
        reference: mb(r),
        pattern: pat(p),
    };
    check(
        &line(r##"A002 LSUB "#news." "comp.mail.*""##),
        "A002",
        lsub("#news.", "comp.mail.*"),
        false,
    );
    check(
        &line(r##"A003 LSUB "#news." "comp.%""##),
        "A003",
        lsub("#news.", "comp.%"),
        false,
    );
    check(
        &line("A003 LSUB #news. comp.%"),
        "A003",
        lsub("#news.", "comp.%"),
        true,
    );
    // RFC 2342 §5, RFC 9051 §6.3.10.
    check(&line("A001 NAMESPACE"), "A001", C::Namespace, true);
    // RFC 3501 §6.3.10, RFC 9051 §6.3.11, RFC 7162 §3.1.6, RFC 7889 §4.
    let status = |m, a: Vec<StatusAttribute>| C::Status {
        mailbox: m,
        attributes: ne(a),
    };
    use StatusAttribute as S;
    check(
        &line("A042 STATUS blurdybloop (UIDNEXT MESSAGES)"),
        "A042",
        status(mb("blurdybloop"), vec![S::UidNext, S::Messages]),
        true,
    );
    check(
        &line("A042 STATUS blurdybloop (UIDNEXT MESSAGES HIGHESTMODSEQ)"),
        "A042",
        status(
            mb("blurdybloop"),
            vec![S::UidNext, S::Messages, S::HighestModSeq],
        ),
        true,
    );
    check(
        &line("t1 STATUS INBOX (APPENDLIMIT)"),
        "t1",
        status(Mailbox::Inbox, vec![S::AppendLimit]),
        true,
    );
    check(
        &line("s STATUS inbox (messages recent uidvalidity unseen deleted size mailboxid)"),
        "s",
        status(
            Mailbox::Inbox,
            vec![
                S::Messages,
                S::Recent,
                S::UidValidity,
                S::Unseen,
                S::Deleted,
                S::Size,
                S::MailboxId,
            ],
        ),
        false,
    );
}
