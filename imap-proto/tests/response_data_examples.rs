//! The RFCs' example untagged data responses (LIST/LSUB, STATUS, SEARCH, ESEARCH, SORT,
//! THREAD, FLAGS, EXISTS, RECENT, EXPUNGE, FETCH, VANISHED, NAMESPACE, QUOTA), each parsed to
//! the value it means, written back to the RFC's bytes (where the encoder writes them that way)
//! and parsed again to the same value.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::needless_pass_by_value
)]

mod common;

use imap_proto::command::{ObjectId, QuotaResource};
use imap_proto::encode::Encode;
use imap_proto::response::{
    Data, ESearch, ListData, ListExtendedItem, MailboxAttribute, NamespaceDescription, Namespaces,
    QuotaUsage, Response, SearchReturnData, StatusItem, TaggedExtComp, TaggedExtSimple,
    TaggedExtValue, Thread,
};
use imap_proto::types::{AString, Flag, Mailbox, NonEmpty};

use common::response::{check, delim, list};
use common::{atom, istring, mb, nz, set};

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
