//! The commands of SORT/THREAD (RFC 5256), QUOTA (RFC 9208), COMPRESS (RFC 4978),
//! MULTIAPPEND (RFC 3502), OBJECTID (RFC 8474), Gmail's `X-GM-EXT-1` and the `MODSEQ`
//! metadata entry (RFC 7162): the RFCs' examples as table tests (parsed to the exact value,
//! written back byte for byte where the RFC's form is the cheapest, round-tripped), and the
//! regression tests of the `\Recent`, bare-LF and `use-attr` fixes.

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
    AppendData, AppendMessage, Command, CommandBody, CommandErrorKind, EntryType, FetchAttribute,
    FetchItems, FlagList, ObjectId, QuotaResource, QuotaResourceExtension, SearchKey,
    SortCriterion, SortKey, StatusAttribute, StoreOperation, ThreadAlgorithm,
    ThreadAlgorithmExtension, UseAttribute, UseAttributeExtension,
};
use imap_proto::encode::Encode;
use imap_proto::frame::{Direction, Fragment, Framer};
use imap_proto::types::{Date, Flag, Literal, LiteralMode, Mailbox, Quoted};

fn quoted(text: &str) -> Quoted<'static> {
    Quoted::new(text.to_owned()).unwrap()
}

fn date(y: u16, m: u8, d: u8) -> Date {
    Date::new(y, m, d).unwrap()
}

fn by(key: SortKey) -> SortCriterion {
    SortCriterion {
        reverse: false,
        key,
    }
}

#[test]
fn sort_rfc5256() {
    use CommandBody as C;
    // RFC 5256 §3 (SORT command examples).
    check(
        &line("A282 SORT (SUBJECT) UTF-8 SINCE 1-Feb-1994"),
        "A282",
        C::Sort {
            uid: false,
            criteria: ne(vec![by(SortKey::Subject)]),
            charset: quoted("UTF-8"),
            search: ne(vec![SearchKey::Since(date(1994, 2, 1))]),
        },
        true,
    );
    check(
        &line("A283 SORT (SUBJECT REVERSE DATE) UTF-8 ALL"),
        "A283",
        C::Sort {
            uid: false,
            criteria: ne(vec![
                by(SortKey::Subject),
                SortCriterion {
                    reverse: true,
                    key: SortKey::Date,
                },
            ]),
            charset: quoted("UTF-8"),
            search: ne(vec![SearchKey::All]),
        },
        true,
    );
    check(
        &line(r#"A284 SORT (SUBJECT) US-ASCII TEXT "not in mailbox""#),
        "A284",
        C::Sort {
            uid: false,
            criteria: ne(vec![by(SortKey::Subject)]),
            charset: quoted("US-ASCII"),
            search: ne(vec![SearchKey::Text(astring("not in mailbox"))]),
        },
        true,
    );
    // UID SORT, every key, a quoted charset, and lower case.
    check(
        &line(r#"a uid sort (reverse arrival cc from size to) "utf-8" 1:* unseen"#),
        "a",
        C::Sort {
            uid: true,
            criteria: ne(vec![
                SortCriterion {
                    reverse: true,
                    key: SortKey::Arrival,
                },
                by(SortKey::Cc),
                by(SortKey::From),
                by(SortKey::Size),
                by(SortKey::To),
            ]),
            charset: quoted("utf-8"),
            search: ne(vec![SearchKey::SequenceSet(set("1:*")), SearchKey::Unseen]),
        },
        false,
    );
    let written = Command::parse(b"a SORT (DATE) \"a b\" ALL\r\n")
        .unwrap()
        .0
        .to_wire();
    assert_eq!(written, b"a SORT (DATE) \"a b\" ALL\r\n");
}

#[test]
fn thread_rfc5256() {
    use CommandBody as C;
    // RFC 5256 §4 (THREAD command examples).
    let since = ne(vec![SearchKey::Since(date(2000, 3, 5))]);
    check(
        &line("A283 THREAD ORDEREDSUBJECT UTF-8 SINCE 5-MAR-2000"),
        "A283",
        C::Thread {
            uid: false,
            algorithm: ThreadAlgorithm::OrderedSubject,
            charset: quoted("UTF-8"),
            search: since.clone(),
        },
        false,
    );
    check(
        &line(r#"A284 THREAD ORDEREDSUBJECT US-ASCII TEXT "gewp""#),
        "A284",
        C::Thread {
            uid: false,
            algorithm: ThreadAlgorithm::OrderedSubject,
            charset: quoted("US-ASCII"),
            search: ne(vec![SearchKey::Text(astring("gewp"))]),
        },
        false,
    );
    check(
        &line("A285 THREAD REFERENCES UTF-8 SINCE 5-Mar-2000"),
        "A285",
        C::Thread {
            uid: false,
            algorithm: ThreadAlgorithm::References,
            charset: quoted("UTF-8"),
            search: since,
        },
        true,
    );
    // thread-alg-ext = atom (RFC 5256 §5); REFS is RFC 5957's.
    check(
        &line("t UID THREAD REFS UTF-8 ALL"),
        "t",
        C::Thread {
            uid: true,
            algorithm: ThreadAlgorithm::Other(ThreadAlgorithmExtension::new(atom("REFS")).unwrap()),
            charset: quoted("UTF-8"),
            search: ne(vec![SearchKey::All]),
        },
        true,
    );
    // A known name is its own variant, never an extension, so values round-trip.
    assert_eq!(
        ThreadAlgorithm::from_atom(atom("references")),
        ThreadAlgorithm::References
    );
    assert!(ThreadAlgorithmExtension::new(atom("OrderedSubject")).is_err());
}

#[test]
fn sort_and_thread_errors() {
    let syntax = |rule| CommandErrorKind::Syntax { rule };
    let kind = |wire: &[u8]| {
        let e = Command::parse(wire).unwrap_err();
        (e.offset, e.kind)
    };
    // sort-criteria is never empty; REVERSE needs a key; unknown keys; charset mandatory.
    assert_eq!(
        kind(b"a SORT () UTF-8 ALL\r\n"),
        (8, syntax(Rule::SortCriterion))
    );
    assert_eq!(
        kind(b"a SORT (REVERSE) UTF-8 ALL\r\n"),
        (15, syntax(Rule::Command))
    );
    assert_eq!(
        kind(b"a SORT (WEIGHT) UTF-8 ALL\r\n"),
        (8, syntax(Rule::SortCriterion))
    );
    assert_eq!(kind(b"a SORT (DATE) ALL\r\n"), (17, syntax(Rule::Command)));
    assert_eq!(
        kind(b"a SORT (DATE) {5}\r\nUTF-8 ALL\r\n"),
        (14, syntax(Rule::Atom))
    );
    assert_eq!(
        kind(b"a THREAD \"REFS\" UTF-8 ALL\r\n"),
        (9, syntax(Rule::ThreadAlg))
    );
    assert!(
        Command::parse(b"a SORT (REVER")
            .unwrap_err()
            .is_incomplete()
    );
}

#[test]
fn quota_rfc9208() {
    use CommandBody as C;
    // RFC 9208 §4.2, §4.3 and §4.1 examples.
    check(
        &line(r#"G0001 GETQUOTA "!partition/sda4""#),
        "G0001",
        C::GetQuota(astring("!partition/sda4")),
        false,
    );
    check(
        &line("G0002 GETQUOTAROOT INBOX"),
        "G0002",
        C::GetQuotaRoot(Mailbox::Inbox),
        true,
    );
    check(
        &line(r##"S0000 GETQUOTA "#user/alice""##),
        "S0000",
        C::GetQuota(astring("#user/alice")),
        false,
    );
    check(
        &line(r##"S0001 SETQUOTA "#user/alice" (STORAGE 510)"##),
        "S0001",
        C::SetQuota {
            root: astring("#user/alice"),
            limits: vec![(QuotaResource::Storage, 510)],
        },
        false,
    );
    check(
        &line(r#"S0002 SETQUOTA "!partition/sda4" (STORAGE 99999999)"#),
        "S0002",
        C::SetQuota {
            root: astring("!partition/sda4"),
            limits: vec![(QuotaResource::Storage, 99_999_999)],
        },
        false,
    );
    // Every resource name, an extension one, and the empty list (remove the limits).
    check(
        &line("a SETQUOTA \"\" (STORAGE 1 MESSAGE 2 MAILBOX 3 ANNOTATION-STORAGE 4 X-FOLDERS 5)"),
        "a",
        C::SetQuota {
            root: astring(""),
            limits: vec![
                (QuotaResource::Storage, 1),
                (QuotaResource::Message, 2),
                (QuotaResource::Mailbox, 3),
                (QuotaResource::AnnotationStorage, 4),
                (
                    QuotaResource::Other(QuotaResourceExtension::new(atom("X-FOLDERS")).unwrap()),
                    5,
                ),
            ],
        },
        true,
    );
    check(
        &line("a SETQUOTA root ()"),
        "a",
        C::SetQuota {
            root: astring("root"),
            limits: vec![],
        },
        true,
    );
    // STATUS's DELETED-STORAGE (RFC 9208 §4.1.2).
    check(
        &line("a STATUS INBOX (DELETED DELETED-STORAGE)"),
        "a",
        C::Status {
            mailbox: Mailbox::Inbox,
            attributes: ne(vec![
                StatusAttribute::Deleted,
                StatusAttribute::DeletedStorage,
            ]),
        },
        true,
    );
    assert_eq!(
        QuotaResource::from_atom(atom("storage")),
        QuotaResource::Storage
    );
    assert!(QuotaResourceExtension::new(atom("Annotation-Storage")).is_err());
    let e = Command::parse(b"a SETQUOTA r (STORAGE)\r\n").unwrap_err();
    assert_eq!(
        (e.offset, e.kind),
        (
            21,
            CommandErrorKind::Syntax {
                rule: Rule::Command
            }
        )
    );
}

#[test]
fn compress_rfc4978() {
    // RFC 4978 §3 (and the algorithm as an atom for the server to refuse).
    check(
        &line("a COMPRESS DEFLATE"),
        "a",
        CommandBody::Compress {
            algorithm: atom("DEFLATE"),
        },
        true,
    );
    check(
        &line("b COMPRESS X-LZ4"),
        "b",
        CommandBody::Compress {
            algorithm: atom("X-LZ4"),
        },
        true,
    );
    assert!(Command::parse(b"a COMPRESS\r\n").is_err());
}

#[test]
fn multiappend() {
    // RFC 3502 §6: `"APPEND" SP mailbox 1*append-message`. Two messages, the second with
    // flags and a date, the first a non-synchronizing literal.
    let wire = b"A003 APPEND saved-messages (\\Seen) {3+}\r\none (\\Draft $Todo) \"17-Feb-1994 22:43:04 -0800\" {3}\r\ntwo {0}\r\n\r\n";
    let (command, rest) = Command::parse(wire).unwrap();
    assert!(rest.is_empty());
    let CommandBody::Append {
        mailbox,
        flags,
        date,
        message,
        more,
    } = &command.body
    else {
        panic!()
    };
    assert_eq!(mailbox, &mb("saved-messages"));
    assert_eq!(flags.as_deref(), Some(&[Flag::Seen][..]));
    assert_eq!(*date, None);
    assert_eq!(
        message,
        &AppendData::Literal(Literal::new(&b"one"[..], LiteralMode::NonSync).unwrap())
    );
    assert_eq!(more.len(), 2);
    assert_eq!(
        more[0].flags.as_deref(),
        Some(&[Flag::Draft, Flag::Keyword(atom("$Todo"))][..])
    );
    assert_eq!(
        more[0].date.unwrap().to_wire(),
        b"\"17-Feb-1994 22:43:04 -0800\""
    );
    assert_eq!(more[0].message.data(), b"two");
    assert_eq!(
        more[1],
        AppendMessage {
            flags: None,
            date: None,
            message: AppendData::Literal(Literal::new(&b""[..], LiteralMode::Sync).unwrap()),
        }
    );
    // Written back byte for byte, and every literal of it is its own fragment.
    assert_eq!(command.to_wire(), wire);
    assert_eq!(Command::parse(&command.to_wire()).unwrap().0, command);
    // The framer cuts it into the same three literals.
    let mut framer = Framer::new(Direction::Commands);
    let (mut at, mut literals) = (0, Vec::new());
    while let Some(frame) = framer.next(&wire[at..]).unwrap() {
        if let Fragment::Literal { data } = frame.fragment {
            literals.push(data.to_vec());
        }
        at += frame.consumed;
    }
    assert_eq!(literals, [&b"one"[..], b"two", b""]);
    // A message without its literal is an error, not a shorter command.
    let e = Command::parse(b"a APPEND x {1}\r\nx (\\Seen)\r\n").unwrap_err();
    assert_eq!(
        e.kind,
        CommandErrorKind::Syntax {
            rule: Rule::Command
        }
    );
}

#[test]
fn object_ids() {
    use CommandBody as C;
    // RFC 8474 §4.2, §5.2 (FETCH), §4.4, §5.3 (SEARCH), §4.1 (STATUS).
    check(
        &line("a FETCH 1:* (EMAILID THREADID)"),
        "a",
        C::Fetch {
            uid: false,
            sequence_set: set("1:*"),
            items: FetchItems::Attributes(ne(vec![
                FetchAttribute::EmailId,
                FetchAttribute::ThreadId,
            ])),
            changed_since: None,
            vanished: false,
        },
        true,
    );
    check(
        &line("a UID SEARCH EMAILID M6d99ac3275bb4e THREADID T64b478a75b7ea9"),
        "a",
        C::Search {
            uid: true,
            return_options: None,
            charset: None,
            criteria: ne(vec![
                SearchKey::EmailId(ObjectId::new("M6d99ac3275bb4e").unwrap()),
                SearchKey::ThreadId(ObjectId::new("T64b478a75b7ea9").unwrap()),
            ]),
        },
        true,
    );
    check(
        &line("a STATUS foo (MAILBOXID)"),
        "a",
        C::Status {
            mailbox: mb("foo"),
            attributes: ne(vec![StatusAttribute::MailboxId]),
        },
        true,
    );
    // objectid = 1*255(ALPHA / DIGIT / "_" / "-").
    let long = format!("a SEARCH EMAILID {}\r\n", "x".repeat(256));
    let e = Command::parse(long.as_bytes()).unwrap_err();
    assert_eq!(
        (e.offset, e.kind),
        (
            17 + 255,
            CommandErrorKind::Syntax {
                rule: Rule::ObjectId
            }
        )
    );
    let e = Command::parse(b"a SEARCH EMAILID \"x\"\r\n").unwrap_err();
    assert_eq!(
        e.kind,
        CommandErrorKind::Syntax {
            rule: Rule::ObjectId
        }
    );
    assert!(ObjectId::new("x".repeat(255)).is_ok());
    assert!(ObjectId::new("x".repeat(256)).is_err());
    assert_eq!(ObjectId::new("a.b").unwrap_err().offset, 1);
}

#[test]
fn gmail_extensions() {
    use CommandBody as C;
    // Google's "IMAP Extensions" page: X-GM-MSGID, X-GM-THRID, X-GM-LABELS, X-GM-RAW.
    check(
        &line("a011 FETCH 1:4 (X-GM-MSGID X-GM-THRID X-GM-LABELS)"),
        "a011",
        C::Fetch {
            uid: false,
            sequence_set: set("1:4"),
            items: FetchItems::Attributes(ne(vec![
                FetchAttribute::GmailMsgId,
                FetchAttribute::GmailThrId,
                FetchAttribute::GmailLabels,
            ])),
            changed_since: None,
            vanished: false,
        },
        true,
    );
    check(
        &line("a012 SEARCH X-GM-MSGID 1278455344230334865"),
        "a012",
        C::Search {
            uid: false,
            return_options: None,
            charset: None,
            criteria: ne(vec![SearchKey::GmailMsgId(1_278_455_344_230_334_865)]),
        },
        true,
    );
    check(
        &line("a013 UID SEARCH X-GM-THRID 1266894439832287888"),
        "a013",
        C::Search {
            uid: true,
            return_options: None,
            charset: None,
            criteria: ne(vec![SearchKey::GmailThrId(1_266_894_439_832_287_888)]),
        },
        true,
    );
    check(
        &line(r#"a014 SEARCH X-GM-RAW "has:attachment in:unread""#),
        "a014",
        C::Search {
            uid: false,
            return_options: None,
            charset: None,
            criteria: ne(vec![SearchKey::GmailRaw(astring(
                "has:attachment in:unread",
            ))]),
        },
        true,
    );
    check(
        &line(r"a015 SEARCH X-GM-LABELS \Inbox X-GM-LABELS foo"),
        "a015",
        C::Search {
            uid: false,
            return_options: None,
            charset: None,
            criteria: ne(vec![
                SearchKey::GmailLabels(astring(r"\Inbox")),
                SearchKey::GmailLabels(astring("foo")),
            ]),
        },
        false,
    );
    let labels = |uid, op, silent, l: Vec<&str>| C::StoreLabels {
        uid,
        sequence_set: set("1"),
        unchanged_since: None,
        operation: op,
        silent,
        labels: l.into_iter().map(astring).collect(),
    };
    check(
        &line("a016 STORE 1 +X-GM-LABELS (foo)"),
        "a016",
        labels(false, StoreOperation::Add, false, vec!["foo"]),
        true,
    );
    check(
        &line(r#"a017 UID STORE 1 -X-GM-LABELS.SILENT (\Inbox "My Label")"#),
        "a017",
        labels(
            true,
            StoreOperation::Remove,
            true,
            vec![r"\Inbox", "My Label"],
        ),
        false,
    );
    check(
        &line("a018 STORE 1 X-GM-LABELS bar"),
        "a018",
        labels(false, StoreOperation::Replace, false, vec!["bar"]),
        false,
    );
    check(
        &line("a019 STORE 1 X-GM-LABELS ()"),
        "a019",
        labels(false, StoreOperation::Replace, false, vec![]),
        true,
    );
    // The system label is written as a string with its backslash escaped.
    assert_eq!(
        Command::parse(b"a STORE 1 +X-GM-LABELS (\\Starred)\r\n")
            .unwrap()
            .0
            .to_wire(),
        b"a STORE 1 +X-GM-LABELS (\"\\\\Starred\")\r\n"
    );
}

#[test]
fn modseq_metadata_entry_rfc7162() {
    // RFC 7162 §3.1.5 (the example's flag, written `\\draft` inside the quoted string).
    check(
        &line(r#"a SEARCH MODSEQ "/flags/\\draft" all 620162338"#),
        "a",
        CommandBody::Search {
            uid: false,
            return_options: None,
            charset: None,
            criteria: ne(vec![SearchKey::ModSeqEntry {
                flag: Flag::Draft,
                entry_type: EntryType::All,
                mod_seq: 620_162_338,
            }]),
        },
        false,
    );
    assert_eq!(
        Command::parse(b"a SEARCH MODSEQ \"/flags/\\\\draft\" all 620162338\r\n")
            .unwrap()
            .0
            .to_wire(),
        b"a SEARCH MODSEQ \"/flags/\\\\Draft\" all 620162338\r\n"
    );
    // A keyword, `priv` and `shared`, and RFC 7162 §3.1.5's second example.
    check(
        &line(r#"a SEARCH MODSEQ "/flags/$Junk" priv 1 MODSEQ "/flags/\\Seen" shared 2"#),
        "a",
        CommandBody::Search {
            uid: false,
            return_options: None,
            charset: None,
            criteria: ne(vec![
                SearchKey::ModSeqEntry {
                    flag: Flag::Keyword(atom("$Junk")),
                    entry_type: EntryType::Private,
                    mod_seq: 1,
                },
                SearchKey::ModSeqEntry {
                    flag: Flag::Seen,
                    entry_type: EntryType::Shared,
                    mod_seq: 2,
                },
            ]),
        },
        true,
    );
    check(
        &line("t SEARCH OR NOT MODSEQ 720162338 LARGER 50000"),
        "t",
        CommandBody::Search {
            uid: false,
            return_options: None,
            charset: None,
            criteria: ne(vec![SearchKey::Or(
                Box::new(SearchKey::Not(Box::new(SearchKey::ModSeq(720_162_338)))),
                Box::new(SearchKey::Larger(50_000)),
            )]),
        },
        true,
    );
}

#[test]
fn recent_is_not_a_store_or_append_flag() {
    // RFC 3501 §9: `flag` (in STORE and APPEND) has no `\Recent`; rejected at its backslash.
    let syntax = CommandErrorKind::Syntax { rule: Rule::Flag };
    for (wire, offset) in [
        (&b"a STORE 1 +FLAGS (\\Seen \\Recent)\r\n"[..], 24),
        (b"a STORE 1 FLAGS \\recent\r\n", 16),
        (b"a APPEND x (\\Recent) {1}\r\nx\r\n", 12),
        (b"a APPEND x {1}\r\nx (\\RECENT) {1}\r\ny\r\n", 19),
    ] {
        let e = Command::parse(wire).unwrap_err();
        assert_eq!((e.offset, e.kind), (offset, syntax), "{wire:?}");
    }
    // And a client cannot build such a list to write.
    let e = FlagList::new(vec![Flag::Seen, Flag::Recent]).unwrap_err();
    assert_eq!((e.rule, e.offset), (Rule::Flag, 1));
    assert!(FlagList::try_from(vec![Flag::Recent]).is_err());
    assert_eq!(
        FlagList::new(vec![Flag::Seen, Flag::Deleted])
            .unwrap()
            .to_wire(),
        b"(\\Seen \\Deleted)"
    );
}

#[test]
fn bare_lf_before_a_literal() {
    // `literal = "{" number64 ["+"] "}" CRLF *CHAR8`: after a bare LF the lenient framer
    // announces no literal and ends the message there, and the parser rejects that message
    // (a BAD), so both stages agree on where the next message starts.
    let wire = b"a1 LOGIN fred {2}\nxy\r\na2 NOOP\r\n";
    let mut framer = Framer::new(Direction::Commands);
    let (mut at, mut messages, mut current) = (0, Vec::new(), Vec::new());
    while let Some(frame) = framer.next(&wire[at..]).unwrap() {
        if let Fragment::Line { literal, .. } = frame.fragment {
            assert_eq!(literal, None);
        }
        current.extend_from_slice(&wire[at..at + frame.consumed]);
        at += frame.consumed;
        if frame.message_end {
            messages.push(std::mem::take(&mut current));
        }
    }
    assert_eq!(
        messages,
        [&b"a1 LOGIN fred {2}\n"[..], b"xy\r\n", b"a2 NOOP\r\n"]
    );
    let e = Command::parse(&messages[0]).unwrap_err();
    assert_eq!(e.tag.unwrap().as_str(), "a1");
    assert_eq!(e.offset, 17);
    assert_eq!(
        e.kind,
        CommandErrorKind::Syntax {
            rule: Rule::Literal
        }
    );
    assert!(Command::parse(&messages[1]).is_err());
    assert_eq!(
        Command::parse(&messages[2]).unwrap().0.body,
        CommandBody::Noop
    );
    // With CRLF, both read a literal.
    let (login, _) = Command::parse(b"a1 LOGIN fred {2}\r\nxy\r\n").unwrap();
    assert!(matches!(login.body, CommandBody::Login { .. }));
    // A bare LF still ends a line that announces nothing.
    assert_eq!(
        Command::parse(b"a NOOP\n").unwrap().0.body,
        CommandBody::Noop
    );
}

#[test]
fn use_attribute_extension_round_trips() {
    // `\Drafts` is a named special use: it parses to its variant, and the extension form
    // cannot carry it, so parse → encode → parse always gives the same value.
    check(
        &line(r"a CREATE x (USE (\drafts \Important))"),
        "a",
        CommandBody::Create {
            mailbox: mb("x"),
            special_use: Some(vec![
                UseAttribute::Drafts,
                UseAttribute::Extension(UseAttributeExtension::new(atom("Important")).unwrap()),
            ]),
        },
        false,
    );
    assert!(UseAttributeExtension::new(atom("Drafts")).is_err());
    assert_eq!(
        UseAttribute::from_atom(atom("DRAFTS")),
        UseAttribute::Drafts
    );
}
