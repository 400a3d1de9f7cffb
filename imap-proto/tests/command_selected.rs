//! The RFC 3501 §6 and RFC 9051 §6 examples of APPEND and of the selected state's commands
//! (parsed to the exact value, written back and round-tripped like `command_examples`),
//! the error path a server answers `BAD` from, and a client waiting for `+`.

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
    AppendData, Command, CommandBody, CommandErrorKind, FlagList, StoreOperation,
};
use imap_proto::encode::{Encode, EncodeOptions, EncodedFragment, NonSyncLiterals, Writer};
use imap_proto::frame::{Direction, Framer};
use imap_proto::types::{Date, DateTime, Flag, Literal, LiteralMode, Mailbox, Secret, Tag};

/// The message of RFC 3501 §6.3.11 / RFC 9051 §6.3.12 with the given addresses.
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

#[test]
fn append() {
    let cases = [
        (
            message(
                "foobar@Blurdybloop.COM",
                "mooch@owatagu.siam.edu",
                "Blurdybloop.COM",
            ),
            310,
            LiteralMode::Sync,
        ),
        (
            message(
                "foobar@Blurdybloop.example",
                "mooch@owatagu.siam.edu.example",
                "Blurdybloop.example",
            ),
            326,
            LiteralMode::Sync,
        ),
        (
            message("foobar@example.com", "mooch@example.com", "example.com"),
            297,
            LiteralMode::NonSync,
        ),
    ];
    for (text, length, mode) in cases {
        assert_eq!(text.len(), length);
        let plus = if mode == LiteralMode::NonSync {
            "+"
        } else {
            ""
        };
        let wire = format!("A003 APPEND saved-messages (\\Seen) {{{length}{plus}}}\r\n{text}\r\n");
        check(
            wire.as_bytes(),
            "A003",
            CommandBody::Append {
                mailbox: mb("saved-messages"),
                flags: Some(FlagList::new(vec![Flag::Seen]).unwrap()),
                date: None,
                message: AppendData::Literal(Literal::new(text.as_bytes(), mode).unwrap()),
                more: vec![],
            },
            true,
        );
        // The body is the input's own octets, not a copy.
        let (command, _) = Command::parse(wire.as_bytes()).unwrap();
        let CommandBody::Append { message, .. } = &command.body else {
            panic!()
        };
        let at = wire.find("Date:").unwrap();
        assert!(std::ptr::eq(
            message.data().as_ptr(),
            wire.as_bytes()[at..].as_ptr()
        ));
    }
    // A date-time, no flags, and a literal8 (RFC 3516 §4.4) with a NUL.
    let date = DateTime::new(Date::new(1996, 7, 17).unwrap(), 2, 44, 25, -420).unwrap();
    check(
        b"a APPEND INBOX \"17-Jul-1996 02:44:25 -0700\" ~{3}\r\na\0b\r\n",
        "a",
        CommandBody::Append {
            mailbox: Mailbox::Inbox,
            flags: None,
            date: Some(date),
            message: AppendData::Literal8(imap_proto::types::Literal8::new(
                &b"a\0b"[..],
                LiteralMode::Sync,
            )),
            more: vec![],
        },
        true,
    );
    check(
        b"a APPEND INBOX () \"17-Jul-1996 02:44:25 -0700\" {1}\r\nx\r\n",
        "a",
        CommandBody::Append {
            mailbox: Mailbox::Inbox,
            flags: Some(FlagList::default()),
            date: Some(date),
            message: AppendData::Literal(Literal::new(&b"x"[..], LiteralMode::Sync).unwrap()),
            more: vec![],
        },
        true,
    );
}

#[test]
fn selected() {
    use CommandBody as C;
    // RFC 3501 §6.4.1-§6.4.3, RFC 9051 §6.4.1-§6.4.3, RFC 3691 §3.
    check(&line("FXXZ CHECK"), "FXXZ", C::Check, true);
    check(&line("A341 CLOSE"), "A341", C::Close, true);
    check(&line("A342 UNSELECT"), "A342", C::Unselect, true);
    check(&line("A202 EXPUNGE"), "A202", C::Expunge, true);
    check(&line("A443 EXPUNGE"), "A443", C::Expunge, true);
    // RFC 4315 §2.1, RFC 9051 §6.4.9.
    check(
        &line("A003 UID EXPUNGE 3000:3002"),
        "A003",
        C::UidExpunge(set("3000:3002")),
        true,
    );
    // RFC 3501 §6.4.7, RFC 9051 §6.4.7, RFC 4315 §4.
    let copy = |uid, s: &str, m| C::Copy {
        uid,
        sequence_set: set(s),
        mailbox: m,
    };
    check(
        &line("A003 COPY 2:4 MEETING"),
        "A003",
        copy(false, "2:4", mb("MEETING")),
        true,
    );
    check(
        &line("A004 COPY 2:4 meeting"),
        "A004",
        copy(false, "2:4", mb("meeting")),
        true,
    );
    check(
        &line("A005 UID COPY 305:310 meeting"),
        "A005",
        copy(true, "305:310", mb("meeting")),
        true,
    );
    check(
        &line("A006 COPY 2 funny"),
        "A006",
        copy(false, "2", mb("funny")),
        true,
    );
    check(
        &line("A222 COPY 1:2 owatagusiam"),
        "A222",
        copy(false, "1:2", mb("owatagusiam")),
        true,
    );
    check(
        &line("A223 COPY 3:200 blurdybloop"),
        "A223",
        copy(false, "3:200", mb("blurdybloop")),
        true,
    );
    // RFC 9051 §6.4.4.1 (RFC 5182).
    check(
        &line(r#"E283 COPY $ "Other Messages""#),
        "E283",
        copy(false, "$", mb("Other Messages")),
        true,
    );
    check(
        &line(r#"F283 COPY $ "Junk""#),
        "F283",
        copy(false, "$", mb("Junk")),
        false,
    );
    // RFC 6851 §4.1, RFC 9051 §6.4.8.
    check(
        &line("a UID MOVE 42:69 foo"),
        "a",
        C::Move {
            uid: true,
            sequence_set: set("42:69"),
            mailbox: mb("foo"),
        },
        true,
    );
    check(
        &line("b MOVE 1 INBOX"),
        "b",
        C::Move {
            uid: false,
            sequence_set: set("1"),
            mailbox: Mailbox::Inbox,
        },
        true,
    );
    // RFC 3501 §6.4.6, RFC 9051 §6.4.6 and §6.4.4.1, RFC 7162 §3.1.3.
    let store = |uid, s: &str, since, op, silent, flags| C::Store {
        uid,
        sequence_set: set(s),
        unchanged_since: since,
        operation: op,
        silent,
        flags: FlagList::new(flags).unwrap(),
    };
    use StoreOperation as O;
    check(
        &line(r"A003 STORE 2:4 +FLAGS (\Deleted)"),
        "A003",
        store(false, "2:4", None, O::Add, false, vec![Flag::Deleted]),
        true,
    );
    check(
        &line(r"F284 STORE $ +FLAGS.Silent (\Deleted)"),
        "F284",
        store(false, "$", None, O::Add, true, vec![Flag::Deleted]),
        false,
    );
    check(
        &line(r"a103 UID STORE 6,4,8 (UNCHANGEDSINCE 12121230045) +FLAGS.SILENT (\Deleted)"),
        "a103",
        store(
            true,
            "6,4,8",
            Some(12121230045),
            O::Add,
            true,
            vec![Flag::Deleted],
        ),
        true,
    );
    check(
        &line(r"a104 STORE * (UNCHANGEDSINCE 12121230045) +FLAGS.SILENT (\Deleted $Processed)"),
        "a104",
        store(
            false,
            "*",
            Some(12121230045),
            O::Add,
            true,
            vec![Flag::Deleted, Flag::Keyword(atom("$Processed"))],
        ),
        true,
    );
    // RFC 9051 §11.3's form without parentheses (shortened).
    let keywords = ["f1", "f2", "f3"].map(|k| Flag::Keyword(atom(k))).to_vec();
    check(
        &line("m STORE 42 FLAGS f1 f2 f3"),
        "m",
        store(false, "42", None, O::Replace, false, keywords),
        false,
    );
    check(
        &line("n UID STORE 1:* -FLAGS ()"),
        "n",
        store(true, "1:*", None, O::Remove, false, vec![]),
        true,
    );
    check(
        &line(r"o STORE 1 FLAGS.SILENT (\Seen)"),
        "o",
        store(false, "1", None, O::Replace, true, vec![Flag::Seen]),
        true,
    );
}

fn error(wire: &[u8]) -> (Option<String>, usize, CommandErrorKind) {
    let e = Command::parse(wire).unwrap_err();
    (
        e.tag.as_ref().map(|t| t.as_str().to_owned()),
        e.offset,
        e.kind,
    )
}

#[test]
fn errors_carry_the_tag() {
    let tag = |t: &str| Some(t.to_owned());
    // RFC 3501 §7.1.3's example of an unknown command.
    assert_eq!(
        error(b"A044 BLURDYBLOOP {0}\r\n\r\n"),
        (tag("A044"), 5, CommandErrorKind::UnknownCommand)
    );
    // Not parsed: ESORT's `RETURN` (RFC 5267), ANNOTATE's `UID FETCH … ANNOTATION`.
    assert_eq!(
        error(b"A1 GETMETADATA INBOX /private/comment\r\n").2,
        CommandErrorKind::UnknownCommand
    );
    assert_eq!(
        error(b"A1 UID SORTX (DATE) UTF-8 ALL\r\n"),
        (tag("A1"), 7, CommandErrorKind::UnknownCommand)
    );
    assert_eq!(
        error(b"A1 SELECT\r\n"),
        (
            tag("A1"),
            9,
            CommandErrorKind::Syntax {
                rule: Rule::Command
            }
        )
    );
    assert_eq!(
        error(b"A1 STATUS INBOX (UIDNEXT FOO)\r\n"),
        (
            tag("A1"),
            25,
            CommandErrorKind::Syntax {
                rule: Rule::StatusAtt
            }
        )
    );
    assert_eq!(
        error(b"A1 STORE 1 FLAGZ (\\Seen)\r\n"),
        (
            tag("A1"),
            11,
            CommandErrorKind::Syntax {
                rule: Rule::StoreAttFlags
            }
        )
    );
    assert_eq!(
        error(b"A1 STORE 1 FLAGS (\\Recent)\r\n"),
        (tag("A1"), 18, CommandErrorKind::Syntax { rule: Rule::Flag })
    );
    assert_eq!(
        error(b"A1 NOOP extra\r\n"),
        (
            tag("A1"),
            7,
            CommandErrorKind::Syntax {
                rule: Rule::Command
            }
        )
    );
    assert_eq!(
        error(b"A1 AUTHENTICATE PLAIN abc\r\n"),
        (
            tag("A1"),
            25,
            CommandErrorKind::Syntax { rule: Rule::Base64 }
        )
    );
    assert_eq!(
        error(b"A1 SELECT INBOX (FOO)\r\n"),
        (
            tag("A1"),
            17,
            CommandErrorKind::Syntax {
                rule: Rule::SelectParam
            }
        )
    );
    assert_eq!(
        error(b"A1 LSUB (SUBSCRIBED) \"\" *\r\n"),
        (
            tag("A1"),
            8,
            CommandErrorKind::Syntax {
                rule: Rule::Mailbox
            }
        )
    );
    assert_eq!(
        error(b"A1 APPEND INBOX x\r\n"),
        (
            tag("A1"),
            16,
            CommandErrorKind::Syntax {
                rule: Rule::AppendData
            }
        )
    );
    assert_eq!(
        error(b"A1 ENABLE\r\n"),
        (
            tag("A1"),
            9,
            CommandErrorKind::Syntax {
                rule: Rule::Command
            }
        )
    );
    // No tag: an untagged BAD.
    assert_eq!(
        error(b"* NOOP\r\n"),
        (None, 0, CommandErrorKind::Syntax { rule: Rule::Tag })
    );
    assert_eq!(error(b"+\r\n").0, None);
    // Cut short.
    assert!(Command::parse(b"A1 NOOP").unwrap_err().is_incomplete());
    assert!(
        Command::parse(b"A1 LOGIN a {5}\r\nab")
            .unwrap_err()
            .is_incomplete()
    );
    assert_eq!(
        Command::parse(b"A1 LOGIN a {5}\r\nab").unwrap_err().kind,
        CommandErrorKind::Incomplete { needed: 3 }
    );
    // The error owns its tag on demand, and prints its place.
    let e = Command::parse(b"A1 NOPE\r\n").unwrap_err().into_owned();
    assert_eq!(e.to_string(), "unknown command at offset 3");
}

#[test]
fn case_and_line_endings() {
    // Keywords are case-insensitive (RFC 3501 §9 note 2); a bare LF ends a line as the
    // framing stage may accept.
    let (c, rest) = Command::parse(b"a1 uid store 1 +flags.silent (\\seen)\nNEXT").unwrap();
    assert_eq!(rest, b"NEXT");
    assert_eq!(c.to_wire(), b"a1 UID STORE 1 +FLAGS.SILENT (\\Seen)\r\n");
    assert!(Command::parse(b"a1 NOOP\r\r\n").is_err());
}

#[test]
fn client_waits_for_continuation() {
    // The client writes a LOGIN whose password needs a literal and an APPEND: with plain
    // IMAP4rev1 it must wait after each synchronizing literal's announcement.
    let login = Command {
        tag: Tag::new("A001").unwrap(),
        body: CommandBody::Login {
            username: astring("FRED FOOBAR"),
            password: Secret::new(astring("fat\r\nman")),
        },
    };
    let mut w = Writer::new(EncodeOptions::default());
    w.value(&login);
    let f: Vec<_> = w.fragments().collect();
    assert_eq!(
        f,
        [
            EncodedFragment::Line {
                bytes: b"A001 LOGIN \"FRED FOOBAR\" {8}\r\n",
                wait_for_continuation: true
            },
            EncodedFragment::Literal(b"fat\r\nman"),
            EncodedFragment::Line {
                bytes: b"\r\n",
                wait_for_continuation: false
            },
        ]
    );
    // Under LITERAL+ nothing waits.
    let mut w = Writer::new(EncodeOptions {
        non_sync_literals: NonSyncLiterals::Always,
        ..EncodeOptions::default()
    });
    w.value(&login);
    assert!(w.fragments().all(|f| !matches!(
        f,
        EncodedFragment::Line {
            wait_for_continuation: true,
            ..
        }
    )));
    assert_eq!(
        w.bytes(),
        b"A001 LOGIN \"FRED FOOBAR\" {8+}\r\nfat\r\nman\r\n"
    );
    // Credentials never in Debug output.
    assert!(!format!("{login:?}").contains("fat"));
    // A server reads the written bytes through the framer, then parses the whole message.
    let mut framer = Framer::new(Direction::Commands);
    let bytes = w.into_bytes();
    let mut at = 0;
    loop {
        let frame = framer.next(&bytes[at..]).unwrap().unwrap();
        at += frame.consumed;
        if frame.message_end {
            break;
        }
    }
    assert_eq!(at, bytes.len());
    assert_eq!(Command::parse(&bytes).unwrap().0, login);
}
