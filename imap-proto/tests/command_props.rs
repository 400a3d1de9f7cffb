//! Properties of the command layer: `parse(encode(c)) == c` for arbitrary commands of the
//! subset under every encoding choice, every strict prefix of a command is `Incomplete`
//! (never misread), the bytes outside literals hold no CR, LF or NUL but the final CRLF, and
//! no parser panics on arbitrary bytes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::num::{NonZeroU32, NonZeroU64};

use imap_proto::command::{
    AppendData, AppendMessage, AuthData, AuthenticateResponse, Command, CommandBody, Done,
    EntryType, FetchAttribute, FetchItems, FlagList, ListMailbox, ListReturnOption,
    ListSelectOption, ObjectId, Partial, QResync, QuotaResource, SearchKey, SearchReturnOption,
    Section, SectionText, SelectParameter, SortCriterion, SortKey, StatusAttribute, StoreOperation,
    ThreadAlgorithm, UseAttribute,
};
use imap_proto::encode::{Encode, EncodeOptions, EncodedFragment, NonSyncLiterals, Writer};
use imap_proto::frame::{Direction, Fragment, Framer};
use imap_proto::types::{
    AString, Atom, Date, DateTime, Flag, FlagExtension, IString, Literal, Literal8, LiteralMode,
    Mailbox, NString, NonEmpty, Quoted, Secret, SeqNumber, Sequence, SequenceSet, Tag,
};
use proptest::prelude::*;

fn options() -> impl Strategy<Value = EncodeOptions> {
    (
        prop_oneof![
            Just(NonSyncLiterals::Never),
            Just(NonSyncLiterals::Always),
            Just(NonSyncLiterals::UpTo4096)
        ],
        any::<bool>(),
        0usize..40,
    )
        .prop_map(|(non_sync_literals, utf8, max_quoted)| EncodeOptions {
            non_sync_literals,
            utf8,
            max_quoted,
        })
}

/// Octets without NUL, weighted towards the bytes that change the form.
fn octets() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(
        prop_oneof![
            4 => b'a'..=b'z',
            1 => prop_oneof![Just(b' '), Just(b'"'), Just(b'\\'), Just(b']'), Just(b'{'), Just(b'\r'), Just(b'\n'), Just(b'*'), Just(b'%'), Just(b'(')],
            1 => 1u8..=255,
        ],
        0..16,
    )
}

fn astring() -> impl Strategy<Value = AString<'static>> {
    octets().prop_map(|v| AString::new(v).unwrap())
}

fn istring() -> impl Strategy<Value = IString<'static>> {
    octets().prop_map(|v| IString::new(v).unwrap())
}

fn mailbox() -> impl Strategy<Value = Mailbox<'static>> {
    prop_oneof![
        1 => Just(Mailbox::Inbox),
        6 => octets().prop_map(|v| Mailbox::new(v).unwrap()),
    ]
}

fn atom() -> impl Strategy<Value = Atom<'static>> {
    "[A-Za-z0-9$=.+_-]{1,10}".prop_map(|s| Atom::new(s).unwrap())
}

fn tag() -> impl Strategy<Value = Tag<'static>> {
    "[A-Za-z0-9.\\]]{1,8}".prop_map(|s| Tag::new(s).unwrap())
}

fn nz() -> impl Strategy<Value = NonZeroU32> {
    (1..=u32::MAX).prop_map(|n| NonZeroU32::new(n).unwrap())
}

fn seq_number() -> impl Strategy<Value = SeqNumber> {
    prop_oneof![
        1 => Just(SeqNumber::Largest),
        4 => nz().prop_map(SeqNumber::Value),
    ]
}

fn sequence_set() -> impl Strategy<Value = SequenceSet> {
    prop_oneof![
        1 => Just(SequenceSet::last_command()),
        8 => proptest::collection::vec(
            prop_oneof![
                seq_number().prop_map(Sequence::Single),
                (seq_number(), seq_number()).prop_map(|(a, b)| Sequence::Range(a, b)),
            ],
            1..4
        )
        .prop_map(|items| SequenceSet::new(items).unwrap()),
    ]
}

/// A flag a client may send (no `\Recent`).
fn flag() -> impl Strategy<Value = Flag<'static>> {
    prop_oneof![
        Just(Flag::Answered),
        Just(Flag::Flagged),
        Just(Flag::Deleted),
        Just(Flag::Seen),
        Just(Flag::Draft),
        atom().prop_map(Flag::Keyword),
        atom().prop_filter_map("not a system flag", |a| FlagExtension::new(a)
            .ok()
            .map(Flag::Extension)),
    ]
}

fn flags() -> impl Strategy<Value = FlagList<'static>> {
    proptest::collection::vec(flag(), 0..4).prop_map(|f| FlagList::new(f).unwrap())
}

/// A Gmail label: any astring, or a system label `\atom`.
fn label() -> impl Strategy<Value = AString<'static>> {
    prop_oneof![
        astring(),
        atom().prop_map(|a| AString::new(format!("\\{}", a.as_str()).into_bytes()).unwrap()),
    ]
}

fn object_id() -> impl Strategy<Value = ObjectId<'static>> {
    "[A-Za-z0-9_-]{1,40}".prop_map(|s| ObjectId::new(s).unwrap())
}

fn store_operation() -> impl Strategy<Value = StoreOperation> {
    prop_oneof![
        Just(StoreOperation::Replace),
        Just(StoreOperation::Add),
        Just(StoreOperation::Remove)
    ]
}

fn date_time() -> impl Strategy<Value = DateTime> {
    (
        (0u16..=9999, 1u8..=12, 1u8..=28),
        0u8..24,
        0u8..60,
        0u8..=60,
        -5999i16..=5999,
    )
        .prop_map(|((y, mo, d), h, m, s, z)| {
            DateTime::new(Date::new(y, mo, d).unwrap(), h, m, s, z).unwrap()
        })
}

fn auth_data() -> impl Strategy<Value = Secret<AuthData<'static>>> {
    "([A-Za-z0-9+/]{4}){0,4}([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?"
        .prop_map(|s| Secret::new(AuthData::new(s.into_bytes()).unwrap()))
}

fn mode() -> impl Strategy<Value = LiteralMode> {
    prop_oneof![Just(LiteralMode::Sync), Just(LiteralMode::NonSync)]
}

fn select_parameters() -> impl Strategy<Value = Vec<SelectParameter>> {
    let qresync = (
        nz(),
        1..=i64::MAX as u64,
        proptest::option::of(sequence_set()),
        proptest::option::of((sequence_set(), sequence_set())),
    )
        .prop_map(|(uid_validity, mod_seq, known_uids, seq_match)| {
            SelectParameter::QResync(QResync {
                uid_validity,
                mod_seq,
                known_uids,
                seq_match,
            })
        });
    proptest::collection::vec(prop_oneof![Just(SelectParameter::CondStore), qresync], 0..3)
}

fn use_attribute() -> impl Strategy<Value = UseAttribute<'static>> {
    atom().prop_map(|a| UseAttribute::from_atom(a).into_owned())
}

fn part() -> impl Strategy<Value = Vec<NonZeroU32>> {
    proptest::collection::vec(nz(), 0..4)
}

fn partial() -> impl Strategy<Value = Option<Partial>> {
    proptest::option::of(
        (0..=i64::MAX as u64, 1..=i64::MAX as u64).prop_map(|(offset, length)| Partial {
            offset,
            length: NonZeroU64::new(length).unwrap(),
        }),
    )
}

fn section() -> impl Strategy<Value = Section<'static>> {
    let text = proptest::option::of(prop_oneof![
        Just(SectionText::Header),
        Just(SectionText::Text),
        Just(SectionText::Mime),
        (any::<bool>(), proptest::collection::vec(astring(), 1..3))
            .prop_map(|(not, fields)| SectionText::HeaderFields { not, fields }),
    ]);
    (part(), text).prop_filter_map("MIME needs a part", |(p, t)| Section::new(p, t).ok())
}

fn fetch_attribute() -> impl Strategy<Value = FetchAttribute<'static>> {
    use FetchAttribute as F;
    prop_oneof![
        proptest::sample::select(vec![
            F::Envelope,
            F::Flags,
            F::InternalDate,
            F::Rfc822,
            F::Rfc822Header,
            F::Rfc822Size,
            F::Rfc822Text,
            F::Body,
            F::BodyStructure,
            F::Uid,
            F::ModSeq,
            F::EmailId,
            F::ThreadId,
            F::GmailMsgId,
            F::GmailThrId,
            F::GmailLabels,
        ]),
        (any::<bool>(), section(), partial()).prop_map(|(peek, section, partial)| {
            F::BodySection {
                peek,
                section,
                partial,
            }
        }),
        (any::<bool>(), part(), partial()).prop_map(|(peek, part, partial)| F::Binary {
            peek,
            part,
            partial
        }),
        part().prop_map(|part| F::BinarySize { part }),
    ]
}

fn fetch() -> impl Strategy<Value = CommandBody<'static>> {
    let items = prop_oneof![
        Just(FetchItems::All),
        Just(FetchItems::Fast),
        Just(FetchItems::Full),
        proptest::collection::vec(fetch_attribute(), 1..4)
            .prop_map(|v| FetchItems::Attributes(NonEmpty::new(v).unwrap())),
    ];
    (
        any::<bool>(),
        sequence_set(),
        items,
        proptest::option::of(1..=i64::MAX as u64),
        any::<bool>(),
    )
        .prop_map(
            |(uid, s, items, changed_since, vanished)| CommandBody::Fetch {
                uid,
                sequence_set: s,
                items,
                changed_since,
                vanished,
            },
        )
}

fn date() -> impl Strategy<Value = Date> {
    (0u16..=9999, 1u8..=12, 1u8..=28).prop_map(|(y, m, d)| Date::new(y, m, d).unwrap())
}

fn search_key() -> impl Strategy<Value = SearchKey<'static>> {
    use SearchKey as K;
    let leaf = prop_oneof![
        proptest::sample::select(vec![
            K::All,
            K::Answered,
            K::Deleted,
            K::Draft,
            K::Flagged,
            K::New,
            K::Old,
            K::Recent,
            K::Seen,
            K::Unanswered,
            K::Undeleted,
            K::Undraft,
            K::Unflagged,
            K::Unseen,
        ]),
        astring().prop_map(K::Bcc),
        astring().prop_map(K::Body),
        astring().prop_map(K::Cc),
        astring().prop_map(K::From),
        astring().prop_map(K::Subject),
        astring().prop_map(K::Text),
        astring().prop_map(K::To),
        (astring(), astring()).prop_map(|(f, v)| K::Header(f, v)),
        date().prop_map(K::Before),
        date().prop_map(K::On),
        date().prop_map(K::Since),
        date().prop_map(K::SentBefore),
        date().prop_map(K::SentOn),
        date().prop_map(K::SentSince),
        atom().prop_map(K::Keyword),
        atom().prop_map(K::Unkeyword),
        (0..=i64::MAX as u64).prop_map(K::Larger),
        (0..=i64::MAX as u64).prop_map(K::Smaller),
        (0..=i64::MAX as u64).prop_map(K::ModSeq),
        sequence_set().prop_map(K::Uid),
        sequence_set().prop_map(K::SequenceSet),
        (
            flag(),
            proptest::sample::select(vec![EntryType::Private, EntryType::Shared, EntryType::All]),
            0..=i64::MAX as u64
        )
            .prop_map(|(flag, entry_type, mod_seq)| K::ModSeqEntry {
                flag,
                entry_type,
                mod_seq
            }),
        object_id().prop_map(K::EmailId),
        object_id().prop_map(K::ThreadId),
        astring().prop_map(K::GmailRaw),
        (0..=i64::MAX as u64).prop_map(K::GmailMsgId),
        (0..=i64::MAX as u64).prop_map(K::GmailThrId),
        label().prop_map(K::GmailLabels),
    ]
    .boxed();
    leaf.prop_recursive(4, 24, 3, |inner| {
        prop_oneof![
            inner.clone().prop_map(|k| K::Not(Box::new(k))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| K::Or(Box::new(a), Box::new(b))),
            proptest::collection::vec(inner, 1..3).prop_map(|v| K::And(NonEmpty::new(v).unwrap())),
        ]
    })
}

fn search() -> impl Strategy<Value = CommandBody<'static>> {
    let option = proptest::sample::select(vec![
        SearchReturnOption::Min,
        SearchReturnOption::Max,
        SearchReturnOption::All,
        SearchReturnOption::Count,
        SearchReturnOption::Save,
    ]);
    (
        any::<bool>(),
        proptest::option::of(proptest::collection::vec(option, 0..3)),
        proptest::option::of(astring()),
        proptest::collection::vec(search_key(), 1..4),
    )
        .prop_map(
            |(uid, return_options, charset, criteria)| CommandBody::Search {
                uid,
                return_options,
                charset,
                criteria: NonEmpty::new(criteria).unwrap(),
            },
        )
}

/// SORT, THREAD, the QUOTA commands and COMPRESS.
fn extensions() -> impl Strategy<Value = CommandBody<'static>> {
    use CommandBody as C;
    let charset = "[A-Za-z0-9 _\"\\\\-]{1,10}".prop_map(|s| Quoted::new(s).unwrap());
    let keys = proptest::collection::vec(search_key(), 1..3)
        .prop_map(|v| NonEmpty::new(v).unwrap())
        .boxed();
    let criterion = (
        any::<bool>(),
        proptest::sample::select(SortKey::ALL.map(|(k, _)| k).to_vec()),
    )
        .prop_map(|(reverse, key)| SortCriterion { reverse, key });
    let algorithm = prop_oneof![
        Just(ThreadAlgorithm::OrderedSubject),
        Just(ThreadAlgorithm::References),
        atom().prop_map(ThreadAlgorithm::from_atom),
    ];
    let resource = prop_oneof![
        Just(QuotaResource::Storage),
        Just(QuotaResource::Message),
        Just(QuotaResource::Mailbox),
        Just(QuotaResource::AnnotationStorage),
        atom().prop_map(QuotaResource::from_atom),
    ];
    prop_oneof![
        (
            any::<bool>(),
            proptest::collection::vec(criterion, 1..4),
            charset.clone(),
            keys.clone()
        )
            .prop_map(|(uid, c, charset, search)| C::Sort {
                uid,
                criteria: NonEmpty::new(c).unwrap(),
                charset,
                search
            }),
        (any::<bool>(), algorithm, charset, keys).prop_map(|(uid, algorithm, charset, search)| {
            C::Thread {
                uid,
                algorithm,
                charset,
                search,
            }
        }),
        astring().prop_map(C::GetQuota),
        mailbox().prop_map(C::GetQuotaRoot),
        (
            astring(),
            proptest::collection::vec((resource, 0..=i64::MAX as u64), 0..3)
        )
            .prop_map(|(root, limits)| C::SetQuota { root, limits }),
        atom().prop_map(|algorithm| C::Compress { algorithm }),
        (
            any::<bool>(),
            sequence_set(),
            proptest::option::of(0..=i64::MAX as u64),
            store_operation(),
            any::<bool>(),
            proptest::collection::vec(label(), 0..3),
        )
            .prop_map(|(uid, s, since, op, silent, labels)| C::StoreLabels {
                uid,
                sequence_set: s,
                unchanged_since: since,
                operation: op,
                silent,
                labels,
            }),
    ]
}

fn body() -> impl Strategy<Value = CommandBody<'static>> {
    use CommandBody as C;
    let simple = prop_oneof![
        Just(C::Capability),
        Just(C::Noop),
        Just(C::Logout),
        Just(C::StartTls),
        Just(C::Namespace),
        Just(C::Idle),
        Just(C::Check),
        Just(C::Close),
        Just(C::Unselect),
        Just(C::Expunge),
    ];
    let any_state = prop_oneof![
        proptest::option::of(proptest::collection::vec(
            (istring(), proptest::option::of(istring()).prop_map(NString)),
            0..4
        ))
        .prop_map(C::Id),
        proptest::collection::vec(atom(), 1..4).prop_map(|v| C::Enable(NonEmpty::new(v).unwrap())),
        (astring(), astring()).prop_map(|(u, p)| C::Login {
            username: u,
            password: Secret::new(p)
        }),
        (atom(), proptest::option::of(auth_data())).prop_map(|(m, ir)| C::Authenticate {
            mechanism: m,
            initial_response: ir
        }),
    ];
    let mailboxes = prop_oneof![
        (mailbox(), select_parameters()).prop_map(|(m, p)| C::Select {
            mailbox: m,
            parameters: p
        }),
        (mailbox(), select_parameters()).prop_map(|(m, p)| C::Examine {
            mailbox: m,
            parameters: p
        }),
        (
            mailbox(),
            proptest::option::of(proptest::collection::vec(use_attribute(), 0..3))
        )
            .prop_map(|(m, u)| C::Create {
                mailbox: m,
                special_use: u
            }),
        mailbox().prop_map(C::Delete),
        mailbox().prop_map(C::Subscribe),
        mailbox().prop_map(C::Unsubscribe),
        (mailbox(), mailbox()).prop_map(|(from, to)| C::Rename { from, to }),
        (
            proptest::option::of(proptest::collection::vec(
                proptest::sample::select(vec![
                    ListSelectOption::Subscribed,
                    ListSelectOption::Remote,
                    ListSelectOption::RecursiveMatch,
                    ListSelectOption::SpecialUse,
                ]),
                0..3
            )),
            mailbox(),
            proptest::collection::vec(octets(), 1..3),
            proptest::option::of(proptest::collection::vec(
                prop_oneof![
                    Just(ListReturnOption::Subscribed),
                    Just(ListReturnOption::Children),
                    Just(ListReturnOption::SpecialUse),
                    proptest::collection::vec(
                        proptest::sample::select(StatusAttribute::ALL.map(|(a, _)| a).to_vec()),
                        1..3
                    )
                    .prop_map(|a| ListReturnOption::Status(NonEmpty::new(a).unwrap())),
                ],
                0..3
            )),
        )
            .prop_map(|(selection, r, p, return_options)| C::List {
                selection,
                reference: r,
                patterns: NonEmpty::new(
                    p.into_iter()
                        .map(|p| ListMailbox::new(p).unwrap())
                        .collect()
                )
                .unwrap(),
                return_options,
            }),
        (mailbox(), octets()).prop_map(|(r, p)| C::Lsub {
            reference: r,
            pattern: ListMailbox::new(p).unwrap()
        }),
        (
            mailbox(),
            proptest::collection::vec(
                proptest::sample::select(StatusAttribute::ALL.map(|(a, _)| a).to_vec()),
                1..5
            )
        )
            .prop_map(|(m, a)| C::Status {
                mailbox: m,
                attributes: NonEmpty::new(a).unwrap()
            }),
    ];
    let append_data = prop_oneof![
        (octets(), mode()).prop_map(|(d, m)| AppendData::Literal(Literal::new(d, m).unwrap())),
        (proptest::collection::vec(any::<u8>(), 0..20), mode())
            .prop_map(|(d, m)| AppendData::Literal8(Literal8::new(d, m))),
    ];
    let append_message = (
        proptest::option::of(flags()),
        proptest::option::of(date_time()),
        append_data,
    )
        .prop_map(|(flags, date, message)| AppendMessage {
            flags,
            date,
            message,
        })
        .boxed();
    let append = (
        mailbox(),
        append_message.clone(),
        proptest::collection::vec(append_message, 0..3),
    )
        .prop_map(|(mailbox, first, more)| C::Append {
            mailbox,
            flags: first.flags,
            date: first.date,
            message: first.message,
            more,
        });
    let selected = prop_oneof![
        sequence_set().prop_map(C::UidExpunge),
        (any::<bool>(), sequence_set(), mailbox()).prop_map(|(uid, s, m)| C::Copy {
            uid,
            sequence_set: s,
            mailbox: m
        }),
        (any::<bool>(), sequence_set(), mailbox()).prop_map(|(uid, s, m)| C::Move {
            uid,
            sequence_set: s,
            mailbox: m
        }),
        (
            any::<bool>(),
            sequence_set(),
            proptest::option::of(0..=i64::MAX as u64),
            store_operation(),
            any::<bool>(),
            flags(),
        )
            .prop_map(|(uid, s, since, op, silent, f)| C::Store {
                uid,
                sequence_set: s,
                unchanged_since: since,
                operation: op,
                silent,
                flags: f,
            }),
    ];
    prop_oneof![
        simple,
        any_state,
        mailboxes,
        append,
        selected,
        fetch(),
        search(),
        extensions(),
    ]
}

fn command() -> BoxedStrategy<Command<'static>> {
    (tag(), body())
        .prop_map(|(tag, body)| Command { tag, body })
        .boxed()
}

/// Writes `value` with `options` and checks the bytes outside literals.
fn wire(value: &impl Encode, options: EncodeOptions) -> Vec<u8> {
    let mut w = Writer::new(options);
    w.value(value);
    let fragments: Vec<_> = w.fragments().collect();
    for (i, f) in fragments.iter().enumerate() {
        if let EncodedFragment::Line { bytes, .. } = f {
            // Only a literal's announcement, or the command's end, ends in CRLF.
            let body = bytes.strip_suffix(b"\r\n").unwrap_or(bytes);
            assert!(
                !body.iter().any(|&b| matches!(b, 0 | b'\r' | b'\n')),
                "{bytes:?}"
            );
            if i + 1 == fragments.len() {
                assert!(bytes.ends_with(b"\r\n"));
            }
            if !options.utf8 {
                assert!(body.is_ascii(), "8-bit outside a literal: {bytes:?}");
            }
        }
    }
    w.into_bytes()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn round_trip(command in command(), options in options()) {
        let bytes = wire(&command, options);
        let (again, rest) = Command::parse(&bytes)
            .unwrap_or_else(|e| panic!("{e}: {:?}", String::from_utf8_lossy(&bytes)));
        prop_assert!(rest.is_empty());
        prop_assert_eq!(&again, &command);
        prop_assert_eq!(again.into_owned(), command);
    }

    #[test]
    fn prefixes_are_incomplete(command in command(), options in options()) {
        let bytes = wire(&command, options);
        for end in 0..bytes.len() {
            let e = Command::parse(&bytes[..end]).unwrap_err();
            prop_assert!(e.is_incomplete(), "{:?} at {end}: {e:?}", String::from_utf8_lossy(&bytes));
        }
    }

    #[test]
    fn framer_sees_the_writers_fragments(command in command(), options in options()) {
        // The server's framing stage cuts the client's bytes exactly where the writer said
        // its lines and literals are, and finds one message.
        let mut w = Writer::new(options);
        w.value(&command);
        let expected: Vec<(bool, Vec<u8>)> = w
            .fragments()
            .map(|f| match f {
                EncodedFragment::Line { bytes, .. } => (true, bytes.to_vec()),
                EncodedFragment::Literal(data) => (false, data.to_vec()),
            })
            .collect();
        let bytes = w.into_bytes();
        let mut framer = Framer::new(Direction::Commands);
        let (mut at, mut got, mut ends) = (0, Vec::new(), 0);
        while let Some(frame) = framer.next(&bytes[at..]).unwrap() {
            match frame.fragment {
                Fragment::Line { .. } => got.push((true, bytes[at..at + frame.consumed].to_vec())),
                Fragment::Literal { data } => got.push((false, data.to_vec())),
                Fragment::Skipped => prop_assert!(false, "nothing is skipped"),
            }
            at += frame.consumed;
            ends += usize::from(frame.message_end);
        }
        prop_assert_eq!(at, bytes.len());
        prop_assert_eq!(ends, 1);
        prop_assert_eq!(got, expected);
    }

    #[test]
    fn followed_by_another(a in command(), b in command()) {
        let mut bytes = a.to_wire();
        bytes.extend_from_slice(&b.to_wire());
        let (first, rest) = Command::parse(&bytes).unwrap();
        prop_assert_eq!(first, a);
        prop_assert_eq!(Command::parse(rest).unwrap(), (b, &b""[..]));
    }

    #[test]
    fn authenticate_lines(data in proptest::option::of(auth_data())) {
        let line = match data {
            Some(d) => AuthenticateResponse::Data(d),
            None => AuthenticateResponse::Cancel,
        };
        let bytes = line.to_wire();
        prop_assert_eq!(AuthenticateResponse::parse(&bytes).unwrap(), (line, &b""[..]));
    }

    #[test]
    fn no_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = Command::parse(&bytes);
        let _ = AuthenticateResponse::parse(&bytes);
        let _ = Done::parse(&bytes);
    }

    #[test]
    fn no_panic_near_commands(
        command in command(),
        at in any::<prop::sample::Index>(),
        byte in any::<u8>(),
    ) {
        // One byte changed in a valid command: an error or a command, never a panic, and an
        // error keeps the tag when the tag is intact.
        let mut bytes = command.to_wire();
        let i = at.index(bytes.len());
        bytes[i] = byte;
        if let Err(e) = Command::parse(&bytes)
            && i > command.tag.as_str().len()
        {
            prop_assert_eq!(e.tag.map(Tag::into_owned), Some(command.tag.clone()));
        }
    }
}
