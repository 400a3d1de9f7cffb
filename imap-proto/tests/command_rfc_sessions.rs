//! Every client line of RFC 3501 §6 and §8 and of RFC 9051 §6 and §8, in the RFCs' order, as
//! a table: each command parses, writes back and parses again to the same value (parse →
//! encode → parse), owned or borrowed; a line the RFC breaks for layout is joined, a line
//! repeated word for word within a section is listed once, a
//! literal's data follows its announcement. The lines that are not commands (AUTHENTICATE
//! responses, `DONE`) go through their own parsers, and §6.5.1's `XPIG-LATIN` (an
//! `X<atom>` command no server here knows) is an unknown command. The exact values of most of these commands
//! are checked in `command_examples.rs`, `command_selected.rs` and `command_search.rs`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use imap_proto::command::{AuthenticateResponse, Command, CommandErrorKind, Done};
use imap_proto::encode::{Encode, EncodeOptions, NonSyncLiterals, Writer};
use imap_proto::frame::{Direction, Framer};

/// What a line of the table is.
#[derive(Clone, Copy)]
enum Kind {
    Cmd,
    /// A client's AUTHENTICATE response line.
    Auth,
    /// The end of IDLE.
    End,
    /// A command this crate (like the RFC's server) does not know.
    Unknown,
}

use Kind::*;

/// RFC 3501 §6.3.11 / RFC 9051 §6.3.12's message with the given addresses.
fn message(from: &str, to: &str, id: &str) -> String {
    [
        "Date: Mon, 7 Feb 1994 21:52:25 -0800 (PST)".to_owned(),
        format!("From: Fred Foobar <{from}>"),
        "Subject: afternoon meeting".to_owned(),
        format!("To: {to}"),
        format!("Message-Id: <B27397-0100000@{id}>"),
        "MIME-Version: 1.0".to_owned(),
        "Content-Type: TEXT/PLAIN; CHARSET=US-ASCII".to_owned(),
        String::new(),
        "Hello Joe, do you think we can meet at 3:30 tomorrow?".to_owned(),
        String::new(),
    ]
    .join("\r\n")
}

fn append(plus: &str, from: &str, to: &str, id: &str, length: usize) -> String {
    let m = message(from, to, id);
    assert_eq!(m.len(), length);
    format!("A003 APPEND saved-messages (\\Seen) {{{length}{plus}}}\r\n{m}")
}

/// RFC 3501 §6 and §8.
fn rfc3501() -> Vec<(String, Kind)> {
    let mut t: Vec<(String, Kind)> = [
        // §6.1
        "abcd CAPABILITY",
        "efgh STARTTLS",
        "ijkl CAPABILITY",
        "a002 NOOP",
        "a047 NOOP",
        "A023 LOGOUT",
        // §6.2.1
        "a001 CAPABILITY",
        "a002 STARTTLS",
        "a003 CAPABILITY",
        "a004 LOGIN joe password",
        // §6.2.2
        "A001 AUTHENTICATE GSSAPI",
    ]
    .iter()
    .map(|l| (l.to_string(), Cmd))
    .collect();
    t.push((
        "YIIB+wYJKoZIhvcSAQICAQBuggHqMIIB5qADAgEFoQMCAQ6iBwMFACAAAACjggEmYYIBIjCCAR6gAwIBBaESGxB1Lndhc2hpbmd0b24uZWR1oi0wK6ADAgEDoSQwIhsEaW1hcBsac2hpdmFtcy5jYWMud2FzaGluZ3Rvbi5lZHWjgdMwgdCgAwIBAaEDAgEDooHDBIHAcS1GSa5b+fXnPZNmXB9SjL8Ollj2SKyb+3S0iXMljen/jNkpJXAleKTz6BQPzj8duz8EtoOuNfKgweViyn/9B9bccy1uuAE2HI0yC/PHXNNU9ZrBziJ8Lm0tTNc98kUpjXnHZhsMcz5Mx2GR6dGknbI0iaGcRerMUsWOuBmKKKRmVMMdR9T3EZdpqsBd7jZCNMWotjhivd5zovQlFqQ2Wjc2+y46vKP/iXxWIuQJuDiisyXF0Y8+5GTpALpHDc1/pIGmMIGjoAMCAQGigZsEgZg2on5mSuxoDHEA1w9bcW9nFdFxDKpdrQhVGVRDIzcCMCTzvUboqb5KjY1NJKJsfjRQiBYBdENKfzK+g5DlV8nrw81uOcP8NOQCLR5XkoMHC0Dr/80ziQzbNqhxO6652Npft0LQwJvenwDI13YxpwOdMXzkWZN/XrEqOWp6GCgXTBvCyLWLlWnbaUkZdEYbKHBPjd8t/1x5Yg==".into(),
        Auth,
    ));
    t.push(("".into(), Auth));
    t.push((
        "YDMGCSqGSIb3EgECAgIBAAD/////3LQBHXTpFfZgrejpLlLImPwkhbfa2QteAQAgAG1yYwE=".into(),
        Auth,
    ));
    for l in [
        // §6.2.3
        "a001 LOGIN SMITH SESAME",
        // §6.3.1, §6.3.2
        "A142 SELECT INBOX",
        "A932 EXAMINE blurdybloop",
        // §6.3.3
        "A003 CREATE owatagusiam/",
        "A004 CREATE owatagusiam/blurdybloop",
        // §6.3.4
        "A682 LIST \"\" *",
        "A683 DELETE blurdybloop",
        "A684 DELETE foo",
        "A685 DELETE foo/bar",
        "A686 LIST \"\" *",
        "A687 DELETE foo",
        "A82 LIST \"\" *",
        "A83 DELETE blurdybloop",
        "A84 DELETE foo",
        "A85 LIST \"\" *",
        "A86 LIST \"\" %",
        // §6.3.5
        "A682 LIST \"\" *",
        "A683 RENAME blurdybloop sarasoop",
        "A684 RENAME foo zowie",
        "A685 LIST \"\" *",
        "Z432 LIST \"\" *",
        "Z433 RENAME INBOX old-mail",
        "Z434 LIST \"\" *",
        // §6.3.6, §6.3.7
        "A002 SUBSCRIBE #news.comp.mail.mime",
        "A002 UNSUBSCRIBE #news.comp.mail.mime",
        // §6.3.8
        "A101 LIST \"\" \"\"",
        "A102 LIST #news.comp.mail.misc \"\"",
        "A103 LIST /usr/staff/jones \"\"",
        "A202 LIST ~/Mail/ %",
        // §6.3.9
        "A002 LSUB \"#news.\" \"comp.mail.*\"",
        "A003 LSUB \"#news.\" \"comp.%\"",
        // §6.3.10
        "A042 STATUS blurdybloop (UIDNEXT MESSAGES)",
    ] {
        t.push((l.into(), Cmd));
    }
    // §6.3.11
    t.push((
        append(
            "",
            "foobar@Blurdybloop.COM",
            "mooch@owatagu.siam.edu",
            "Blurdybloop.COM",
            310,
        ),
        Cmd,
    ));
    for l in [
        // §6.4.1-§6.4.3
        "FXXZ CHECK",
        "A341 CLOSE",
        "A202 EXPUNGE",
        // §6.4.4
        "A282 SEARCH FLAGGED SINCE 1-Feb-1994 NOT FROM \"Smith\"",
        "A283 SEARCH TEXT \"string not in mailbox\"",
        "A284 SEARCH CHARSET UTF-8 TEXT {6}\r\nXXXXXX",
        // §6.4.5-§6.4.8
        "A654 FETCH 2:4 (FLAGS BODY[HEADER.FIELDS (DATE FROM)])",
        "A003 STORE 2:4 +FLAGS (\\Deleted)",
        "A003 COPY 2:4 MEETING",
        "A999 UID FETCH 4827313:4828442 FLAGS",
        // §6.5.1
        "a441 CAPABILITY",
    ] {
        t.push((l.into(), Cmd));
    }
    t.push(("A442 XPIG-LATIN".into(), Unknown));
    // §8
    for l in [
        "a001 login mrc secret",
        "a002 select inbox",
        "a003 fetch 12 full",
        "a004 fetch 12 body[header]",
        "a005 store 12 +flags \\deleted",
        "a006 logout",
    ] {
        t.push((l.into(), Cmd));
    }
    t
}

/// RFC 9051 §6 and §8.
fn rfc9051() -> Vec<(String, Kind)> {
    let mut t: Vec<(String, Kind)> = Vec::new();
    let commands = |t: &mut Vec<(String, Kind)>, lines: &[&str]| {
        t.extend(lines.iter().map(|l| (l.to_string(), Cmd)));
    };
    commands(
        &mut t,
        &[
            // §6.1
            "abcd CAPABILITY",
            "efgh STARTTLS",
            "ijkl CAPABILITY",
            "a002 NOOP",
            "a047 NOOP",
            "A023 LOGOUT",
            // §6.2.1
            "a001 CAPABILITY",
            "a002 STARTTLS",
            "a003 CAPABILITY",
            "a004 AUTHENTICATE PLAIN dGVzdAB0ZXN0AHRlc3Q=",
            // §6.2.2
            "A001 AUTHENTICATE GSSAPI",
        ],
    );
    t.push((
        "YIIB+wYJKoZIhvcSAQICAQBuggHqMIIB5qADAgEFoQMCAQ6iBwMFACAAAACjggEmYYIBIjCCAR6gAwIBBaESGxB1Lndhc2hpbmd0b24uZWR1oi0wK6ADAgEDoSQwIhsEaW1hcBsac2hpdmFtcy5jYWMud2FzaGluZ3Rvbi5lZHWjgdMwgdCgAwIBAaEDAgEDooHDBIHAcS1GSa5b+fXnPZNmXB9SjL8Ollj2SKyb+3S0iXMljen/jNkpJXAleKTz6BQPzj8duz8EtoOuNfKgweViyn/9B9bccy1uuAE2HI0yC/PHXNNU9ZrBziJ8Lm0tTNc98kUpjXnHZhsMcz5Mx2GR6dGknbI0iaGcRerMUsWOuBmKKKRmVMMdR9T3EZdpqsBd7jZCNMWotjhivd5zovQlFqQ2Wjc2+y46vKP/iXxWIuQJuDiisyXF0Y8+5GTpALpHDc1/pIGmMIGjoAMCAQGigZsEgZg2on5mSuxoDHEA1w9bcW9nFdFxDKpdrQhVGVRDIzcCMCTzvUboqb5KjY1NJKJsfjRQiBYBdENKfzK+g5DlV8nrw81uOcP8NOQCLR5XkoMHC0Dr/80ziQzbNqhxO6652Npft0LQwJvenwDI13YxpwOdMXzkWZN/XrEqOWp6GCgXTBvCyLWLlWnbaUkZdEYbKHBPjd8t/1x5Yg==".into(),
        Auth,
    ));
    t.push(("".into(), Auth));
    t.push((
        "YDMGCSqGSIb3EgECAgIBAAD/////3LQBHXTpFfZgrejpLlLImPwkhbfa2QteAQAgAG1yYwE=".into(),
        Auth,
    ));
    commands(
        &mut t,
        &[
            "A01 STARTTLS",
            "A02 CAPABILITY",
            "A03 AUTHENTICATE PLAIN dGVzdAB0ZXN0AHRlc3Q=",
            "C01 CAPABILITY",
            "A01 AUTHENTICATE PLAIN",
        ],
    );
    t.push(("dGVzdAB0ZXN0AHRlc3Q=".into(), Auth));
    commands(
        &mut t,
        &[
            "C01 CAPABILITY",
            "A01 AUTHENTICATE EXTERNAL =",
            // §6.2.3
            "a001 LOGIN SMITH SESAME",
            // §6.3.1
            "t1 CAPABILITY",
            "t2 ENABLE CONDSTORE X-GOOD-IDEA",
            "t3 CAPABILITY",
            "a1 ENABLE CONDSTORE",
            // §6.3.2, §6.3.3
            "A142 SELECT INBOX",
            "A142 SELECT INBOX",
            "A143 SELECT Drafts",
            "A932 EXAMINE blurdybloop",
            // §6.3.4
            "A003 CREATE owatagusiam/",
            "A004 CREATE owatagusiam/blurdybloop",
            "A005 CREATE NonNormalized",
            // §6.3.5
            "A682 LIST \"\" *",
            "A683 DELETE blurdybloop",
            "A684 DELETE foo",
            "A685 DELETE foo/bar",
            "A686 LIST \"\" *",
            "A687 DELETE foo",
            "A82 LIST \"\" *",
            "A83 DELETE blurdybloop",
            "A84 DELETE foo",
            "A85 LIST \"\" *",
            "A86 LIST \"\" %",
            // §6.3.6
            "A682 LIST \"\" *",
            "A683 RENAME blurdybloop sarasoop",
            "A684 RENAME foo zowie",
            "A685 LIST \"\" *",
            "Z432 LIST \"\" *",
            "Z433 RENAME INBOX old-mail",
            "Z434 LIST \"\" *",
            "1001 RENAME X Y",
            "1002 SUBSCRIBE Y",
            "1003 UNSUBSCRIBE X",
            // §6.3.7, §6.3.8
            "A002 SUBSCRIBE #news.comp.mail.mime",
            "A002 UNSUBSCRIBE #news.comp.mail.mime",
            // §6.3.9
            "A101 LIST \"\" \"\"",
            "A102 LIST #news.comp.mail.misc \"\"",
            "A103 LIST /usr/staff/jones \"\"",
            "A202 LIST ~/Mail/ %",
            "A01 LIST \"\" \"*\"",
            "A02 LIST (SUBSCRIBED) \"\" \"*\"",
            "A03 LIST () \"\" \"%\" RETURN (CHILDREN)",
            "A04 LIST (REMOTE) \"\" \"%\" RETURN (CHILDREN)",
            "A05 LIST (REMOTE SUBSCRIBED) \"\" \"*\"",
            "A06 LIST (REMOTE) \"\" \"*\" RETURN (SUBSCRIBED)",
            "C01 LIST \"\" \"*\"",
            "CA3 LIST \"\" \"%\" RETURN (CHILDREN)",
            "C02 LIST (SUBSCRIBED) \"\" \"*\"",
            "C04 LIST (SUBSCRIBED RECURSIVEMATCH) \"\" \"%\"",
            "C04 LIST (SUBSCRIBED RECURSIVEMATCH) \"\" \"%\" RETURN (CHILDREN)",
            "D01 LIST \"\" \"*\"",
            "D02 LIST (SUBSCRIBED) \"\" \"*\"",
            "D03 LIST (RECURSIVEMATCH SUBSCRIBED) \"\" \"*2\"",
            "D03 LIST (RECURSIVEMATCH SUBSCRIBED) \"\" \"*\"",
            "a1 LIST \"\" (\"foo\")",
            "a2 LIST (SUBSCRIBED) \"\" \"foo/*\"",
            "a3 LIST (SUBSCRIBED RECURSIVEMATCH) \"\" foo RETURN (CHILDREN)",
            "a1 LIST (REMOTE) \"\" *",
            "a2 LIST () \"\" %",
            "a3 LIST (REMOTE) \"\" %",
            "a3.1 LIST \"\" (% music/rock)",
            "A01 LIST \"\" % RETURN (STATUS (MESSAGES UNSEEN))",
            "A02 LIST (SUBSCRIBED RECURSIVEMATCH) \"\" % RETURN (STATUS (MESSAGES))",
            // §6.3.10
            "A001 NAMESPACE",
            "A002 CREATE \"INBOX.Sent Mail\"",
            "A002 LIST (SPECIAL-USE) \"\" \"*\"",
            "A003 LIST (SPECIAL-USE) \"#mh/\" \"*\"",
            "A004 CREATE \"Sent Mail\"",
            "A005 CREATE \"Delete Items\"",
            "A006 CREATE \"#mh/Deleted Items\"",
            "A002 LIST \"\" \"Other Users/%\"",
            "A002 LIST \"\" \"#Users/%\"",
            "A003 LIST \"\" \"#Users/Mike/%\"",
            "A002 LIST \"\" \"~mark/%\"",
            // §6.3.11
            "A042 STATUS blurdybloop (UIDNEXT MESSAGES)",
        ],
    );
    // §6.3.12
    t.push((
        append(
            "",
            "foobar@Blurdybloop.example",
            "mooch@owatagu.siam.edu.example",
            "Blurdybloop.example",
            326,
        ),
        Cmd,
    ));
    t.push((
        append(
            "+",
            "foobar@example.com",
            "mooch@example.com",
            "example.com",
            297,
        ),
        Cmd,
    ));
    commands(
        &mut t,
        &[
            "A004 COPY 2:4 meeting",
            "A005 UID COPY 305:310 meeting",
            "A006 COPY 2 funny",
            "A007 SELECT funny",
            // §6.3.13
            "A001 SELECT INBOX",
            "A002 IDLE",
        ],
    );
    t.push(("DONE".into(), End));
    commands(&mut t, &["A003 FETCH 4 ALL", "A004 IDLE"]);
    t.push(("DONE".into(), End));
    commands(
        &mut t,
        &[
            "A005 FETCH 3 ALL",
            "A006 IDLE",
            // §6.4.1, §6.4.2, §6.4.3
            "A341 CLOSE",
            "A342 UNSELECT",
            "A202 EXPUNGE",
            // §6.4.4, §6.4.4.1, §6.4.4.2
            "A282 SEARCH RETURN (MIN COUNT) FLAGGED",
            "A283 SEARCH RETURN () FLAGGED",
            "A284 SEARCH TEXT \"string not in mailbox\"",
            "A285 SEARCH CHARSET UTF-8 TEXT {12}\r\nотпуск",
            "A284 SEARCH RETURN (MIN) UNSEEN",
            "A285 UID SEARCH RETURN (MIN MAX) 1:5000",
            "A286 SEARCH RETURN (COUNT) DELETED",
            "A282 SEARCH RETURN (SAVE) FLAGGED SINCE 1-Feb-1994",
            "A283 FETCH $ (UID INTERNALDATE FLAGS BODY.PEEK[HEADER])",
            "A300 SEARCH RETURN (SAVE) SINCE 1-Jan-2004",
            "A301 UID SEARCH UID $ SMALLER 4096",
            "A301 UID SEARCH $ SMALLER 4096",
            "P282 SEARCH RETURN (SAVE) SINCE 1-Feb-1994",
            "P283 SEARCH CHARSET UTF-8 (OR $ 1,3000:3021) TEXT {8+}\r\nмать",
            "B282 SEARCH RETURN (SAVE) SINCE 1-Feb-1994",
            "B283 SEARCH RETURN (SAVE) CHARSET KOI8-R (OR $ 1,3000:3021) TEXT {4}\r\nXXXX",
            "E282 SEARCH RETURN (SAVE) SINCE 28-Oct-2006",
            "E283 COPY $ \"Other Messages\"",
            "F282 SEARCH RETURN (SAVE) KEYWORD $Junk",
            "F283 COPY $ \"Junk\"",
            "F284 STORE $ +FLAGS.Silent (\\Deleted)",
            "G282 SEARCH RETURN (SAVE) KEYWORD $Junk",
            "G283 SEARCH RETURN (ALL) SINCE 28-Oct-2006",
            "H282 SEARCH RETURN (SAVE) KEYWORD $Junk",
            "H283 SEARCH RETURN (SAVE) SINCE 28-Oct-2006",
            "C282 SEARCH RETURN (ALL) SINCE 12-Feb-2006 NOT FROM \"Smith\"",
            "C283 SEARCH RETURN (ALL SAVE) SINCE 12-Feb-2006 NOT FROM \"Smith\"",
            "C284 SEARCH RETURN (SAVE MIN) SINCE 12-Feb-2006 NOT FROM \"Smith\"",
            "C285 SEARCH RETURN (MAX SAVE MIN) SINCE 12-Feb-2006 NOT FROM \"Smith\"",
            "C286 SEARCH RETURN (MAX SAVE MIN COUNT) SINCE 12-Feb-2006 NOT FROM \"Smith\"",
            "C286 SEARCH RETURN (ALL SAVE MIN) SINCE 12-Feb-2006 NOT FROM \"Smith\"",
            // §6.4.5-§6.4.9
            "A654 FETCH 2:4 (FLAGS BODY[HEADER.FIELDS (DATE FROM)])",
            "A003 STORE 2:4 +FLAGS (\\Deleted)",
            "A003 COPY 2:4 MEETING",
            "a UID MOVE 42:69 foo",
            "A003 UID EXPUNGE 3000:3002",
            "A999 UID FETCH 4827313:4828442 FLAGS",
            // §6.5.1
            "a441 CAPABILITY",
        ],
    );
    t.push(("A442 XPIG-LATIN".into(), Unknown));
    // §8
    commands(
        &mut t,
        &[
            "a000 starttls",
            "A001 AUTHENTICATE SCRAM-SHA-256 biwsbj11c2VyLHI9ck9wck5HZndFYmVSV2diTkVrcU8=",
        ],
    );
    t.push((
        "Yz1iaXdzLHI9ck9wck5HZndFYmVSV2diTkVrcU8laHZZRHBXVWEyUmFUQ0FmdXhGSWxqKWhObEYkazAscD1kSHpiWmFwV0lrNGpVaE4rVXRlOXl0YWc5empmTUhnc3FtbWl6N0FuZFZRPQ==".into(),
        Auth,
    ));
    t.push(("".into(), Auth));
    commands(
        &mut t,
        &[
            "babc ENABLE IMAP4rev2",
            "a002 select inbox",
            "a003 fetch 12 full",
            "a004 fetch 12 body[header]",
            "a005 store 12 +flags \\deleted",
            "a006 logout",
        ],
    );
    t
}

/// Checks one line of the table; returns whether it was a command.
fn check(wire: &[u8], kind: Kind) -> bool {
    let show = || String::from_utf8_lossy(wire).into_owned();
    // The framing stage sees one message.
    let mut framer = Framer::new(Direction::Commands);
    let (mut at, mut ends) = (0, 0);
    while let Some(frame) = framer.next(&wire[at..]).unwrap() {
        at += frame.consumed;
        ends += usize::from(frame.message_end);
    }
    assert_eq!((at, ends), (wire.len(), 1), "{}", show());
    match kind {
        Cmd => {
            let (command, rest) =
                Command::parse(wire).unwrap_or_else(|e| panic!("{e}: {}", show()));
            assert!(rest.is_empty(), "{}", show());
            // Under every literal choice the writer makes, the same command comes back.
            for non_sync_literals in [
                NonSyncLiterals::Never,
                NonSyncLiterals::Always,
                NonSyncLiterals::UpTo4096,
            ] {
                let mut w = Writer::new(EncodeOptions {
                    non_sync_literals,
                    ..EncodeOptions::default()
                });
                w.value(&command);
                let bytes = w.into_bytes();
                let (again, rest) = Command::parse(&bytes)
                    .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&bytes)));
                assert!(rest.is_empty());
                assert_eq!(again, command, "{}", show());
            }
            assert_eq!(command.clone().into_owned(), command);
            true
        }
        Auth => {
            let (response, rest) = AuthenticateResponse::parse(wire).unwrap();
            assert!(rest.is_empty());
            assert_eq!(response.to_wire(), wire);
            false
        }
        End => {
            assert_eq!(Done::parse(wire), Ok((Done, &b""[..])));
            false
        }
        Unknown => {
            let e = Command::parse(wire).unwrap_err();
            assert_eq!(e.kind, CommandErrorKind::UnknownCommand, "{}", show());
            assert!(e.tag.is_some());
            false
        }
    }
}

#[test]
fn rfc3501_sections_6_and_8() {
    let table = rfc3501();
    let commands = table
        .iter()
        .filter(|(l, k)| check(format!("{l}\r\n").as_bytes(), *k))
        .count();
    assert_eq!((table.len(), commands), (65, 61));
}

#[test]
fn rfc9051_sections_6_and_8() {
    let table = rfc9051();
    let commands = table
        .iter()
        .filter(|(l, k)| check(format!("{l}\r\n").as_bytes(), *k))
        .count();
    assert_eq!((table.len(), commands), (163, 154));
}
