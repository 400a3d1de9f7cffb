//! The RFCs' example server responses, each parsed to the value it means, written back to the
//! RFC's bytes (where the encoder writes them that way) and parsed again to the same value:
//! status responses with every response code, every kind of untagged data, continuation
//! requests and greetings.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::needless_pass_by_value
)]

use std::num::NonZeroU32;

use imap_proto::command::{ObjectId, QuotaResource};
use imap_proto::encode::Encode;
use imap_proto::response::{
    Base64, Charset, Code, CodeText, Continuation, Data, Delimiter, ESearch, Greeting, ListData,
    ListExtendedItem, MailboxAttribute, NamespaceDescription, Namespaces, OtherCode, Quirks,
    QuotaUsage, RespText, Response, SearchReturnData, State, Status, StatusItem, Tagged,
    TaggedExtComp, TaggedExtSimple, TaggedExtValue, Text, Thread, UntaggedStatus,
};
use imap_proto::types::{
    AString, Atom, Flag, FlagPerm, IString, Mailbox, NString, NonEmpty, SequenceSet, Tag,
};

fn nz(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n).unwrap()
}

fn set(text: &str) -> SequenceSet {
    SequenceSet::parse(format!("{text} ").as_bytes()).unwrap().0
}

fn atom(text: &str) -> Atom<'static> {
    Atom::new(text.to_owned()).unwrap()
}

fn atoms(list: &[&str]) -> NonEmpty<Atom<'static>> {
    NonEmpty::new(list.iter().map(|a| atom(a)).collect()).unwrap()
}

fn istring(text: &str) -> IString<'static> {
    IString::new(text.as_bytes().to_vec()).unwrap()
}

fn mb(name: &str) -> Mailbox<'static> {
    Mailbox::new(name.as_bytes().to_vec()).unwrap()
}

fn text(code: Option<Code<'static>>, t: &str) -> RespText<'static> {
    RespText::new(code, Text::new(t.to_owned()).unwrap()).unwrap()
}

fn tagged(tag: &str, state: State, code: Option<Code<'static>>, t: &str) -> Response<'static> {
    Response::Tagged(Tagged {
        tag: Tag::new(tag.to_owned()).unwrap(),
        state,
        text: text(code, t),
    })
}

fn untagged(status: Status, code: Option<Code<'static>>, t: &str) -> Response<'static> {
    Response::Status(UntaggedStatus {
        status,
        text: text(code, t),
    })
}

fn ok(code: Code<'static>, t: &str) -> Response<'static> {
    untagged(Status::Ok, Some(code), t)
}

fn delim(c: char) -> Option<Delimiter> {
    Some(Delimiter::new(c).unwrap())
}

fn list(attrs: Vec<MailboxAttribute<'static>>, d: char, name: &str) -> ListData<'static> {
    ListData {
        attributes: attrs,
        delimiter: delim(d),
        mailbox: mb(name),
        extended: vec![],
    }
}

/// Parses `line` + CRLF to `expected` (strictly, and with the default quirks), writes it back
/// (to the same bytes when `canonical`), and parses that again.
fn check(line: &str, expected: Response<'_>, canonical: bool) {
    let wire = format!("{line}\r\n");
    for quirks in [Quirks::STRICT, Quirks::default()] {
        let (got, rest) = Response::parse_with(wire.as_bytes(), quirks)
            .unwrap_or_else(|e| panic!("{e} in {line:?}"));
        assert!(rest.is_empty(), "{line}");
        assert_eq!(got, expected, "{line}");
    }
    let encoded = expected.to_wire();
    if canonical {
        assert_eq!(String::from_utf8_lossy(&encoded), wire);
    }
    let (again, rest) = Response::parse_with(&encoded, Quirks::STRICT).unwrap();
    assert!(rest.is_empty());
    assert_eq!(again, expected);
    assert_eq!(again.into_owned(), expected);
}

#[test]
fn tagged_status_responses() {
    // RFC 3501 §6.1.1, §6.3.1, §7.1.2, §7.1.3.
    check(
        "abcd OK CAPABILITY completed",
        tagged("abcd", State::Ok, None, "CAPABILITY completed"),
        true,
    );
    check(
        "A142 OK [READ-WRITE] SELECT completed",
        tagged("A142", State::Ok, Some(Code::ReadWrite), "SELECT completed"),
        true,
    );
    check(
        "A932 OK [READ-ONLY] EXAMINE completed",
        tagged("A932", State::Ok, Some(Code::ReadOnly), "EXAMINE completed"),
        true,
    );
    check(
        "A223 NO COPY failed: disk is full",
        tagged("A223", State::No, None, "COPY failed: disk is full"),
        true,
    );
    check(
        "A044 BAD No such command as \"BLURDYBLOOP\"",
        tagged(
            "A044",
            State::Bad,
            None,
            "No such command as \"BLURDYBLOOP\"",
        ),
        true,
    );
    // RFC 7162 §3.1.3: a tag that is a dot.
    check(
        ". OK [HIGHESTMODSEQ 20010715194045319] Ok",
        tagged(
            ".",
            State::Ok,
            Some(Code::HighestModSeq(20_010_715_194_045_319)),
            "Ok",
        ),
        true,
    );
    // Keywords without case.
    check(
        "a1 ok [read-write] done",
        tagged("a1", State::Ok, Some(Code::ReadWrite), "done"),
        false,
    );
}

#[test]
fn untagged_status_responses() {
    // RFC 3501 §7.1.
    check(
        "* OK [ALERT] System shutdown in 10 minutes",
        ok(Code::Alert, "System shutdown in 10 minutes"),
        true,
    );
    check(
        "* NO Disk is 98% full, please delete unnecessary data",
        untagged(
            Status::No,
            None,
            "Disk is 98% full, please delete unnecessary data",
        ),
        true,
    );
    check(
        "* BAD Disk crash, attempting salvage to a new disk!",
        untagged(
            Status::Bad,
            None,
            "Disk crash, attempting salvage to a new disk!",
        ),
        true,
    );
    check(
        "* PREAUTH IMAP4rev2 server logged in as Smith",
        untagged(Status::PreAuth, None, "IMAP4rev2 server logged in as Smith"),
        true,
    );
    check(
        "* BYE Autologout; idle for too long",
        untagged(Status::Bye, None, "Autologout; idle for too long"),
        true,
    );
    // RFC 9051 allows the text to be empty after the code's SP.
    check("* OK [CLOSED] ", ok(Code::Closed, ""), true);
    // UTF-8 text (RFC 9051 `text`).
    check("* OK Grüße", untagged(Status::Ok, None, "Grüße"), true);
}

#[test]
fn response_codes() {
    let flags = |list: Vec<FlagPerm<'static>>| Code::PermanentFlags(list);
    let cases: Vec<(&str, Code<'static>)> = vec![
        (
            "* OK [UNSEEN 12] Message 12 is first unseen",
            Code::Unseen(nz(12)),
        ),
        (
            "* OK [UIDVALIDITY 3857529045] UIDs valid",
            Code::UidValidity(nz(3_857_529_045)),
        ),
        (
            "* OK [UIDNEXT 4392] Predicted next UID",
            Code::UidNext(nz(4392)),
        ),
        (
            "* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Limited",
            flags(vec![
                FlagPerm::Flag(Flag::Deleted),
                FlagPerm::Flag(Flag::Seen),
                FlagPerm::Asterisk,
            ]),
        ),
        (
            "* OK [PERMANENTFLAGS ()] No permanent flags permitted",
            flags(vec![]),
        ),
        (
            "* OK [CAPABILITY IMAP4rev2 STARTTLS AUTH=GSSAPI LOGINDISABLED] Server ready",
            Code::Capability(atoms(&[
                "IMAP4rev2",
                "STARTTLS",
                "AUTH=GSSAPI",
                "LOGINDISABLED",
            ])),
        ),
        ("* OK [PARSE] Bad header", Code::Parse),
        ("* NO [TRYCREATE] No such mailbox", Code::TryCreate),
        (
            "* NO [BADCHARSET (UTF-8 \"X Y\")] KOI8-R is not supported",
            Code::BadCharset(vec![
                Charset::new("UTF-8").unwrap(),
                Charset::new("X Y").unwrap(),
            ]),
        ),
        ("* NO [BADCHARSET] no", Code::BadCharset(vec![])),
        // RFC 4315 §3 (and RFC 9051 §7.1).
        (
            "* OK [APPENDUID 38505 3955] APPEND completed",
            Code::AppendUid {
                uid_validity: nz(38505),
                uids: set("3955"),
            },
        ),
        (
            "* OK [COPYUID 38505 304,319:320 3956:3958] Done",
            Code::CopyUid {
                uid_validity: nz(38505),
                source: set("304,319:320"),
                destination: set("3956:3958"),
            },
        ),
        (
            "* NO [UIDNOTSTICKY] Non-persistent UIDs",
            Code::UidNotSticky,
        ),
        // RFC 7162.
        (
            "* OK [HIGHESTMODSEQ 90060128194045007] Highest mailbox",
            Code::HighestModSeq(90_060_128_194_045_007),
        ),
        (
            "* OK [NOMODSEQ] Sorry, this mailbox format doesn't support modsequences",
            Code::NoModSeq,
        ),
        (
            "* OK [MODIFIED 7,9] Conditional STORE failed",
            Code::Modified(set("7,9")),
        ),
        ("* OK [CLOSED] Previous mailbox is now closed", Code::Closed),
        // RFC 4978 §3, RFC 9208 §4.3.
        (
            "* NO [COMPRESSIONACTIVE] DEFLATE active via TLS",
            Code::CompressionActive,
        ),
        (
            "* NO [OVERQUOTA] Soft quota has been exceeded",
            Code::OverQuota,
        ),
        // RFC 5530 §3.
        (
            "* NO [UNAVAILABLE] User's backend down for maintenance",
            Code::Unavailable,
        ),
        (
            "* NO [AUTHENTICATIONFAILED] Authentication failed",
            Code::AuthenticationFailed,
        ),
        (
            "* NO [AUTHORIZATIONFAILED] No such authorization-ID",
            Code::AuthorizationFailed,
        ),
        (
            "* NO [EXPIRED] That password isn't valid any more",
            Code::Expired,
        ),
        (
            "* NO [PRIVACYREQUIRED] Connection offers no privacy",
            Code::PrivacyRequired,
        ),
        ("* NO [CONTACTADMIN] Call us", Code::ContactAdmin),
        ("* NO [NOPERM] Access denied", Code::NoPerm),
        ("* NO [INUSE] Mailbox in use", Code::InUse),
        ("* OK [EXPUNGEISSUED] Search completed", Code::ExpungeIssued),
        ("* NO [CORRUPTION] Cannot open mailbox", Code::Corruption),
        ("* NO [SERVERBUG] This should not happen", Code::ServerBug),
        ("* OK [CLIENTBUG] Done", Code::ClientBug),
        (
            "* NO [CANNOT] Adjacent slashes are not supported",
            Code::Cannot,
        ),
        (
            "* NO [LIMIT] At most 32 flags in one mailbox supported",
            Code::Limit,
        ),
        (
            "* NO [ALREADYEXISTS] Mailbox \"that\" already exists",
            Code::AlreadyExists,
        ),
        ("* NO [NONEXISTENT] No such mailbox", Code::NonExistent),
        // RFC 9051 §7.1, RFC 5182 §2.4.
        ("* NO [NOTSAVED] Result not saved", Code::NotSaved),
        (
            "* NO [HASCHILDREN] Mailbox \"Notes\" has children",
            Code::HasChildren,
        ),
        // RFC 3516 §4.3, RFC 6154 §3.
        ("* NO [UNKNOWN-CTE] Can't decode", Code::UnknownCte),
        ("* NO [USEATTR] \\All not supported", Code::UseAttr),
        // RFC 8474 §4.1.
        (
            "* OK [MAILBOXID (F2212ea87-6097-4256-9d51-71338625)] Ok",
            Code::MailboxId(ObjectId::new("F2212ea87-6097-4256-9d51-71338625").unwrap()),
        ),
        // Codes this crate does not know.
        (
            "* OK [X-GM-EXT-1 some text [nested] Unknown",
            Code::Other(
                OtherCode::new(
                    atom("X-GM-EXT-1"),
                    Some(CodeText::new("some text [nested").unwrap()),
                )
                .unwrap(),
            ),
        ),
        (
            "* NO [TOOBIG] Too big",
            Code::Other(OtherCode::new(atom("TOOBIG"), None).unwrap()),
        ),
    ];
    for (line, code) in cases {
        let expected = match line.as_bytes()[2] {
            b'O' => Status::Ok,
            _ => Status::No,
        };
        let t = line.split_once("] ").unwrap().1;
        check(line, untagged(expected, Some(code), t), true);
    }
    // Names without case; written in capitals.
    check("* OK [uidnext 5] x", ok(Code::UidNext(nz(5)), "x"), false);
    // A known name cannot be an `OtherCode`.
    assert!(OtherCode::new(atom("ALERT"), None).is_err());
    assert!(CodeText::new("a]b").is_err());
}

#[test]
fn bad_codes_and_status() {
    for line in [
        "* OK [UIDNEXT 0] zero",
        "* OK [UIDNEXT x] x",
        "* OK [UIDVALIDITY 9877410381] over 32 bits (RFC 9051 §7.3.1's example)",
        "* OK [ALERT",
        "* OK [] empty",
        "* OK [PERMANENTFLAGS (\\Seen] x",
        "* OK [MAILBOXID (a b)] x",
        "* OK [HIGHESTMODSEQ 9223372036854775808] over 63 bits",
        "A1 PREAUTH tagged",
        "A1 BYE tagged",
        "* MAYBE so",
        "A1 OK [READ-WRITE]x",
    ] {
        let wire = format!("{line}\r\n");
        assert!(
            matches!(
                Response::parse(wire.as_bytes()),
                Err(imap_proto::ParseError::Invalid { .. })
            ),
            "{line}"
        );
    }
    // Text without a code may not start with "[".
    assert!(RespText::new(None, Text::new("[x").unwrap()).is_err());
}

#[test]
fn capability_enabled_id() {
    check(
        "* CAPABILITY IMAP4rev1 STARTTLS AUTH=GSSAPI",
        Response::Data(Data::Capability(atoms(&[
            "IMAP4rev1",
            "STARTTLS",
            "AUTH=GSSAPI",
        ]))),
        true,
    );
    // RFC 5161 §4.
    check(
        "* ENABLED CONDSTORE QRESYNC",
        Response::Data(Data::Enabled(vec![atom("CONDSTORE"), atom("QRESYNC")])),
        true,
    );
    check("* ENABLED", Response::Data(Data::Enabled(vec![])), true);
    // RFC 2971 §3.2.
    check("* ID NIL", Response::Data(Data::Id(None)), true);
    check(
        "* ID (\"name\" \"Cyrus\" \"version\" \"1.5\" \"os\" \"sunos\" \"os-version\" \"5.5\" \"support-url\" \"mailto:cyrus-bugs+@andrew.cmu.edu\")",
        Response::Data(Data::Id(Some(
            [
                ("name", "Cyrus"),
                ("version", "1.5"),
                ("os", "sunos"),
                ("os-version", "5.5"),
                ("support-url", "mailto:cyrus-bugs+@andrew.cmu.edu"),
            ]
            .iter()
            .map(|(k, v)| (istring(k), NString(Some(istring(v)))))
            .collect(),
        ))),
        true,
    );
    check(
        "* ID (\"name\" NIL)",
        Response::Data(Data::Id(Some(vec![(istring("name"), NString(None))]))),
        true,
    );
}

#[test]
fn list_and_lsub() {
    check(
        "* LIST (\\Noselect) \"/\" ~/Mail/foo",
        Response::Data(Data::List(list(
            vec![MailboxAttribute::NoSelect],
            '/',
            "~/Mail/foo",
        ))),
        true,
    );
    check(
        "* LIST (\\Noselect) \"/\" \"\"",
        Response::Data(Data::List(list(vec![MailboxAttribute::NoSelect], '/', ""))),
        true,
    );
    check(
        "* LSUB () \".\" #news.comp.mail.mime",
        Response::Data(Data::Lsub(list(vec![], '.', "#news.comp.mail.mime"))),
        true,
    );
    check(
        "* LIST (\\Marked \\NoInferiors) \"/\" \"inbox\"",
        Response::Data(Data::List(list(
            vec![MailboxAttribute::Marked, MailboxAttribute::NoInferiors],
            '/',
            "INBOX",
        ))),
        false,
    );
    // RFC 6154 §5.1.
    check(
        "* LIST (\\Marked \\Drafts \\HasNoChildren) \"/\" MyDrafts",
        Response::Data(Data::List(list(
            vec![
                MailboxAttribute::Marked,
                MailboxAttribute::Drafts,
                MailboxAttribute::HasNoChildren,
            ],
            '/',
            "MyDrafts",
        ))),
        true,
    );
    check(
        "* LIST (\\NonExistent \\Subscribed \\Remote \\All \\Archive \\Flagged \\Junk \\Sent \\Trash \\Important \\Unmarked \\HasChildren \\X-Other) NIL flat",
        Response::Data(Data::List(ListData {
            attributes: vec![
                MailboxAttribute::NonExistent,
                MailboxAttribute::Subscribed,
                MailboxAttribute::Remote,
                MailboxAttribute::All,
                MailboxAttribute::Archive,
                MailboxAttribute::Flagged,
                MailboxAttribute::Junk,
                MailboxAttribute::Sent,
                MailboxAttribute::Trash,
                MailboxAttribute::Important,
                MailboxAttribute::Unmarked,
                MailboxAttribute::HasChildren,
                MailboxAttribute::from_atom(atom("X-Other")),
            ],
            delimiter: None,
            mailbox: mb("flat"),
            extended: vec![],
        })),
        true,
    );
    // RFC 5258 §5 and RFC 9051 §6.3.9: extended data items.
    check(
        "* LIST () \"/\" Foo (\"CHILDINFO\" (\"SUBSCRIBED\"))",
        Response::Data(Data::List(ListData {
            extended: vec![ListExtendedItem::ChildInfo(NonEmpty::one(istring(
                "SUBSCRIBED",
            )))],
            ..list(vec![], '/', "Foo")
        })),
        true,
    );
    check(
        "* LIST () \"/\" \"Normalized\" (\"OLDNAME\" (\"NonNormalized\"))",
        Response::Data(Data::List(ListData {
            extended: vec![ListExtendedItem::OldName(mb("NonNormalized"))],
            ..list(vec![], '/', "Normalized")
        })),
        false,
    );
    check(
        "* LIST (\\Marked) \":\" Tables (tablecloth ((\"edge\" \"lacy\") (\"color\" \"red\")) Sample \"text\")",
        Response::Data(Data::List(ListData {
            extended: vec![
                ListExtendedItem::other(
                    AString::new(&b"tablecloth"[..]).unwrap(),
                    TaggedExtValue::Comp(vec![
                        TaggedExtComp::List(vec![
                            TaggedExtComp::AString(AString::new(&b"edge"[..]).unwrap()),
                            TaggedExtComp::AString(AString::new(&b"lacy"[..]).unwrap()),
                        ]),
                        TaggedExtComp::List(vec![
                            TaggedExtComp::AString(AString::new(&b"color"[..]).unwrap()),
                            TaggedExtComp::AString(AString::new(&b"red"[..]).unwrap()),
                        ]),
                    ]),
                )
                .unwrap(),
                ListExtendedItem::other(
                    AString::new(&b"Sample"[..]).unwrap(),
                    TaggedExtValue::String(istring("text")),
                )
                .unwrap(),
            ],
            ..list(vec![MailboxAttribute::Marked], ':', "Tables")
        })),
        false,
    );
    assert!(
        ListExtendedItem::other(
            AString::new(&b"childinfo"[..]).unwrap(),
            TaggedExtValue::Simple(TaggedExtSimple::new("1").unwrap())
        )
        .is_err()
    );
}

#[test]
fn status_search_esearch_sort_thread() {
    check(
        "* STATUS blurdybloop (MESSAGES 231 UIDNEXT 44292)",
        Response::Data(Data::Status {
            mailbox: mb("blurdybloop"),
            items: vec![StatusItem::Messages(231), StatusItem::UidNext(nz(44292))],
        }),
        true,
    );
    check(
        "* STATUS blurdybloop (MESSAGES 231 UIDNEXT 44292 HIGHESTMODSEQ 7011231777)",
        Response::Data(Data::Status {
            mailbox: mb("blurdybloop"),
            items: vec![
                StatusItem::Messages(231),
                StatusItem::UidNext(nz(44292)),
                StatusItem::HighestModSeq(7_011_231_777),
            ],
        }),
        true,
    );
    check(
        "* STATUS INBOX (MESSAGES 12 DELETED 4 DELETED-STORAGE 8)",
        Response::Data(Data::Status {
            mailbox: Mailbox::Inbox,
            items: vec![
                StatusItem::Messages(12),
                StatusItem::Deleted(4),
                StatusItem::DeletedStorage(8),
            ],
        }),
        true,
    );
    check(
        "* STATUS x (RECENT 1 UIDVALIDITY 7 UNSEEN 0 SIZE 9999999999 APPENDLIMIT 100 MAILBOXID (F1) APPENDLIMIT NIL)",
        Response::Data(Data::Status {
            mailbox: mb("x"),
            items: vec![
                StatusItem::Recent(1),
                StatusItem::UidValidity(nz(7)),
                StatusItem::Unseen(0),
                StatusItem::Size(9_999_999_999),
                StatusItem::AppendLimit(Some(100)),
                StatusItem::MailboxId(ObjectId::new("F1").unwrap()),
                StatusItem::AppendLimit(None),
            ],
        }),
        true,
    );
    check(
        "* SEARCH 2 84 882",
        Response::Data(Data::Search {
            numbers: vec![nz(2), nz(84), nz(882)],
            mod_seq: None,
        }),
        true,
    );
    check(
        "* SEARCH",
        Response::Data(Data::Search {
            numbers: vec![],
            mod_seq: None,
        }),
        true,
    );
    // RFC 7162 §3.1.5.
    check(
        "* SEARCH 2 5 6 7 11 12 18 19 20 23 (MODSEQ 917162500)",
        Response::Data(Data::Search {
            numbers: [2, 5, 6, 7, 11, 12, 18, 19, 20, 23].map(nz).to_vec(),
            mod_seq: Some(917_162_500),
        }),
        true,
    );
    check(
        "* SORT 5 3 4 1 2",
        Response::Data(Data::Sort {
            numbers: [5, 3, 4, 1, 2].map(nz).to_vec(),
            mod_seq: None,
        }),
        true,
    );
    check(
        "* SORT",
        Response::Data(Data::Sort {
            numbers: vec![],
            mod_seq: None,
        }),
        true,
    );
    // RFC 4731 §4, RFC 9051 §6.4.4.
    check(
        "* ESEARCH (TAG \"A285\") UID MIN 7 MAX 3800",
        Response::Data(Data::ESearch(ESearch {
            tag: Some(istring("A285")),
            uid: true,
            data: vec![
                SearchReturnData::Min(nz(7)),
                SearchReturnData::Max(nz(3800)),
            ],
        })),
        true,
    );
    check(
        "* ESEARCH (TAG \"a4\") MIN 2 COUNT 10 MODSEQ 917162500",
        Response::Data(Data::ESearch(ESearch {
            tag: Some(istring("a4")),
            uid: false,
            data: vec![
                SearchReturnData::Min(nz(2)),
                SearchReturnData::Count(10),
                SearchReturnData::ModSeq(917_162_500),
            ],
        })),
        true,
    );
    check(
        "* ESEARCH COUNT 18 ALL 1:17,21",
        Response::Data(Data::ESearch(ESearch {
            tag: None,
            uid: false,
            data: vec![
                SearchReturnData::Count(18),
                SearchReturnData::All(set("1:17,21")),
            ],
        })),
        true,
    );
    check(
        "* ESEARCH (TAG \"A284\")",
        Response::Data(Data::ESearch(ESearch {
            tag: Some(istring("A284")),
            ..ESearch::default()
        })),
        true,
    );
    check(
        "* ESEARCH UID X-PARTIAL (1:10 (5 7))",
        Response::Data(Data::ESearch(ESearch {
            tag: None,
            uid: true,
            data: vec![
                SearchReturnData::other(
                    atom("X-PARTIAL"),
                    TaggedExtValue::Comp(vec![
                        TaggedExtComp::AString(AString::new(&b"1:10"[..]).unwrap()),
                        TaggedExtComp::List(vec![
                            TaggedExtComp::AString(AString::new(&b"5"[..]).unwrap()),
                            TaggedExtComp::AString(AString::new(&b"7"[..]).unwrap()),
                        ]),
                    ]),
                )
                .unwrap(),
            ],
        })),
        true,
    );
    // RFC 5256 §4.
    let leaf = |ns: &[u32]| Thread::new(ns.iter().map(|&n| nz(n)).collect(), vec![]).unwrap();
    let branch = |ns: &[u32], kids: Vec<Thread>| {
        Thread::new(ns.iter().map(|&n| nz(n)).collect(), kids).unwrap()
    };
    check(
        "* THREAD (2)(3 6 (4 23)(44 7 96))",
        Response::Data(Data::Thread(vec![
            leaf(&[2]),
            branch(&[3, 6], vec![leaf(&[4, 23]), leaf(&[44, 7, 96])]),
        ])),
        true,
    );
    check(
        "* THREAD ((3)(5))",
        Response::Data(Data::Thread(vec![branch(
            &[],
            vec![leaf(&[3]), leaf(&[5])],
        )])),
        true,
    );
    check("* THREAD", Response::Data(Data::Thread(vec![])), true);
    assert!(Thread::new(vec![nz(1)], vec![leaf(&[2])]).is_err());
    assert!(Thread::new(vec![], vec![]).is_err());
}

#[test]
fn thread_nesting_is_bounded() {
    let deep = |depth: usize| {
        let mut s = String::from("* THREAD ");
        for _ in 0..depth {
            s.push_str("(1 ");
        }
        s.push_str("(2)(3)");
        for _ in 0..depth {
            s.push(')');
        }
        s.push_str("\r\n");
        s
    };
    // A chain of branches each with one child is invalid anyway; nest pairs instead.
    let pairs = |depth: usize| {
        let mut s = String::from("* THREAD ");
        for _ in 0..depth {
            s.push_str("(1 (2)");
        }
        s.push_str("(3)");
        for _ in 0..depth {
            s.push(')');
        }
        s.push_str("\r\n");
        s
    };
    assert!(Response::parse(pairs(10).as_bytes()).is_ok());
    assert!(Response::parse(pairs(100_000).as_bytes()).is_err());
    assert!(Response::parse(deep(100_000).as_bytes()).is_err());
}

#[test]
fn flags_exists_recent_expunge_fetch_vanished() {
    check(
        "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)",
        Response::Data(Data::Flags(vec![
            Flag::Answered,
            Flag::Flagged,
            Flag::Deleted,
            Flag::Seen,
            Flag::Draft,
        ])),
        true,
    );
    // RFC 2177 §3: keywords.
    check(
        "* FLAGS (Deleted Seen)",
        Response::Data(Data::Flags(vec![
            Flag::Keyword(atom("Deleted")),
            Flag::Keyword(atom("Seen")),
        ])),
        true,
    );
    check("* FLAGS ()", Response::Data(Data::Flags(vec![])), true);
    check("* 172 EXISTS", Response::Data(Data::Exists(172)), true);
    check("* 0 EXISTS", Response::Data(Data::Exists(0)), true);
    check("* 1 RECENT", Response::Data(Data::Recent(1)), true);
    check("* 22 EXPUNGE", Response::Data(Data::Expunge(nz(22))), true);
    assert!(Response::parse(b"* 0 EXPUNGE\r\n").is_err());
    assert!(Response::parse(b"* 0 FETCH (UID 1)\r\n").is_err());
    // RFC 3501 §6.4.6.
    let wire = b"* 3 FETCH (FLAGS (\\Deleted))\r\n";
    let (r, _) = Response::parse(wire).unwrap();
    let Response::Data(Data::Fetch { seq, items }) = &r else {
        panic!("{r:?}")
    };
    assert_eq!((seq.get(), items.len()), (3, 1));
    assert_eq!(r.to_wire(), wire);
    // RFC 7162 §3.2.10.
    check(
        "* VANISHED (EARLIER) 41,43:116,118,120:211,214:540",
        Response::Data(Data::Vanished {
            earlier: true,
            uids: set("41,43:116,118,120:211,214:540"),
        }),
        true,
    );
    check(
        "* VANISHED 405,407,410,425",
        Response::Data(Data::Vanished {
            earlier: false,
            uids: set("405,407,410,425"),
        }),
        true,
    );
}

#[test]
fn namespace_and_quota() {
    let descr = |prefix: &str, d: char| NamespaceDescription {
        prefix: istring(prefix),
        delimiter: delim(d),
        extensions: vec![],
    };
    // RFC 2342 §6.
    check(
        "* NAMESPACE ((\"\" \"/\")) ((\"~\" \"/\")) ((\"#shared/\" \"/\")(\"#public/\" \"/\")(\"#ftp/\" \"/\")(\"#news.\" \".\"))",
        Response::Data(Data::Namespace(Namespaces {
            personal: vec![descr("", '/')],
            other_users: vec![descr("~", '/')],
            shared: vec![
                descr("#shared/", '/'),
                descr("#public/", '/'),
                descr("#ftp/", '/'),
                descr("#news.", '.'),
            ],
        })),
        true,
    );
    check(
        "* NAMESPACE ((\"\" \"/\")(\"#mh/\" \"/\" \"X-PARAM\" (\"FLAG1\" \"FLAG2\"))) NIL NIL",
        Response::Data(Data::Namespace(Namespaces {
            personal: vec![
                descr("", '/'),
                NamespaceDescription {
                    extensions: vec![(
                        istring("X-PARAM"),
                        NonEmpty::new(vec![istring("FLAG1"), istring("FLAG2")]).unwrap(),
                    )],
                    ..descr("#mh/", '/')
                },
            ],
            ..Namespaces::default()
        })),
        true,
    );
    check(
        "* NAMESPACE NIL NIL ((\"\" NIL))",
        Response::Data(Data::Namespace(Namespaces {
            shared: vec![NamespaceDescription {
                delimiter: None,
                ..descr("", '/')
            }],
            ..Namespaces::default()
        })),
        true,
    );
    // RFC 9208 §4.
    check(
        "* QUOTA \"#user/alice\" (STORAGE 54 111 MESSAGE 42 1000)",
        Response::Data(Data::Quota {
            root: AString::new(&b"#user/alice"[..]).unwrap(),
            resources: NonEmpty::new(vec![
                QuotaUsage {
                    resource: QuotaResource::Storage,
                    usage: 54,
                    limit: 111,
                },
                QuotaUsage {
                    resource: QuotaResource::Message,
                    usage: 42,
                    limit: 1000,
                },
            ])
            .unwrap(),
        }),
        false,
    );
    check(
        "* QUOTA \"\" (STORAGE 10 512)",
        Response::Data(Data::Quota {
            root: AString::new(&b""[..]).unwrap(),
            resources: NonEmpty::one(QuotaUsage {
                resource: QuotaResource::Storage,
                usage: 10,
                limit: 512,
            }),
        }),
        true,
    );
    check(
        "* QUOTAROOT INBOX \"\"",
        Response::Data(Data::QuotaRoot {
            mailbox: Mailbox::Inbox,
            roots: vec![AString::new(&b""[..]).unwrap()],
        }),
        true,
    );
    check(
        "* QUOTAROOT comp.mail.mime",
        Response::Data(Data::QuotaRoot {
            mailbox: mb("comp.mail.mime"),
            roots: vec![],
        }),
        true,
    );
}

#[test]
fn continuation_requests() {
    check(
        "+ Ready for literal data",
        Response::Continue(Continuation::Text(text(None, "Ready for literal data"))),
        true,
    );
    check(
        "+ idling",
        Response::Continue(Continuation::Text(text(None, "idling"))),
        true,
    );
    // RFC 3501 §6.2.2 (GSSAPI).
    check(
        "+ YGgGCSqGSIb3EgECAgIAb1kwV6ADAgEFoQMCAQ+iSzBJoAMC",
        Response::Continue(Continuation::Base64(
            Base64::new("YGgGCSqGSIb3EgECAgIAb1kwV6ADAgEFoQMCAQ+iSzBJoAMC").unwrap(),
        )),
        true,
    );
    check(
        "+ PQ==",
        Response::Continue(Continuation::Base64(Base64::new("PQ==").unwrap())),
        true,
    );
    check(
        "+ ",
        Response::Continue(Continuation::Base64(Base64::new("").unwrap())),
        true,
    );
    check(
        "+ [ALERT] look",
        Response::Continue(Continuation::Text(text(Some(Code::Alert), "look"))),
        true,
    );
    assert!(Base64::new("abc").is_err());
}

#[test]
fn greetings() {
    for (line, status, code, t) in [
        (
            "* OK IMAP4rev1 Service Ready",
            Status::Ok,
            None,
            "IMAP4rev1 Service Ready",
        ),
        (
            "* PREAUTH IMAP4rev2 server logged in as Smith",
            Status::PreAuth,
            None,
            "IMAP4rev2 server logged in as Smith",
        ),
        (
            "* BYE Autologout; idle for too long",
            Status::Bye,
            None,
            "Autologout; idle for too long",
        ),
        (
            "* OK [CAPABILITY STARTTLS AUTH=SCRAM-SHA-256 LOGINDISABLED IMAP4rev2] IMAP4rev2 Service Ready",
            Status::Ok,
            Some(Code::Capability(atoms(&[
                "STARTTLS",
                "AUTH=SCRAM-SHA-256",
                "LOGINDISABLED",
                "IMAP4rev2",
            ]))),
            "IMAP4rev2 Service Ready",
        ),
    ] {
        let wire = format!("{line}\r\n");
        let (g, rest) = Greeting::parse(wire.as_bytes()).unwrap();
        assert!(rest.is_empty());
        let expected = Greeting::new(status, text(code, t)).unwrap();
        assert_eq!(g, expected);
        assert_eq!(g.to_wire(), wire.as_bytes());
        assert_eq!(g.into_owned(), expected);
    }
    for bad in ["* NO go away", "* BAD x", "A1 OK x", "* 1 EXISTS", "+ x"] {
        assert!(
            Greeting::parse(format!("{bad}\r\n").as_bytes()).is_err(),
            "{bad}"
        );
    }
    assert!(Greeting::new(Status::No, RespText::default()).is_err());
}

#[test]
fn incomplete_is_told_apart() {
    let full = b"* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Limited\r\n";
    for n in 0..full.len() {
        let e = Response::parse(&full[..n]).unwrap_err();
        assert!(e.is_incomplete(), "{n}: {e:?}");
    }
    let lit = b"* LIST () \"/\" {3}\r\nabc\r\n";
    for n in 0..lit.len() {
        assert!(
            Response::parse(&lit[..n]).unwrap_err().is_incomplete(),
            "{n}"
        );
    }
    let (r, rest) = Response::parse(b"* 1 EXISTS\r\n* 2 EXISTS\r\n").unwrap();
    assert_eq!(
        (r, rest),
        (Response::Data(Data::Exists(1)), &b"* 2 EXISTS\r\n"[..])
    );
    // A bare LF ends a response too, as the framer may deliver one.
    assert!(Response::parse(b"* 1 EXISTS\n").is_ok());
}
