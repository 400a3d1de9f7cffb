//! Properties of the response layer: arbitrary valid responses are written and parsed back
//! to the same value (strictly and with the default quirks); a stream of them parses to the
//! same values however the framing stage receives it cut; every strict prefix is
//! `Incomplete`; no parser panics on arbitrary bytes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::num::NonZeroU32;

use imap_proto::command::{ObjectId, QuotaResource};
use imap_proto::encode::Encode;
use imap_proto::frame::{Direction, Framer};
use imap_proto::response::{
    Base64, Charset, Code, CodeText, Continuation, Data, Delimiter, ESearch, Greeting, ListData,
    ListExtendedItem, MailboxAttribute, NamespaceDescription, Namespaces, OtherCode, Quirks,
    QuotaUsage, RespText, Response, SearchReturnData, State, Status, StatusItem, Tagged,
    TaggedExtComp, TaggedExtSimple, TaggedExtValue, Text, Thread, UntaggedStatus,
};
use imap_proto::types::{
    AString, Atom, Flag, FlagExtension, FlagPerm, IString, Mailbox, NString, NUMBER64_MAX,
    NonEmpty, SeqNumber, Sequence, SequenceSet, Tag,
};
use proptest::prelude::*;

/// Octets without NUL, weighted towards the bytes that change the form.
fn octets() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(
        prop_oneof![
            4 => b'a'..=b'z',
            1 => prop_oneof![Just(b' '), Just(b'"'), Just(b'\\'), Just(b']'), Just(b'{'), Just(b'}'), Just(b'\r'), Just(b'\n'), Just(b'*'), Just(b'('), Just(b')')],
            1 => 1u8..=255,
        ],
        0..12,
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

fn label() -> impl Strategy<Value = Atom<'static>> {
    "[A-Za-z][A-Za-z0-9.-]{0,8}".prop_map(|s| Atom::new(s).unwrap())
}

fn tag() -> impl Strategy<Value = Tag<'static>> {
    "[A-Za-z0-9.\\]]{1,8}".prop_map(|s| Tag::new(s).unwrap())
}

fn nz() -> impl Strategy<Value = NonZeroU32> {
    (1..=u32::MAX).prop_map(|n| NonZeroU32::new(n).unwrap())
}

fn n64() -> impl Strategy<Value = u64> {
    prop_oneof![0..100u64, 0..=NUMBER64_MAX]
}

fn sequence_set() -> impl Strategy<Value = SequenceSet> {
    let number = prop_oneof![
        1 => Just(SeqNumber::Largest),
        4 => nz().prop_map(SeqNumber::Value),
    ];
    proptest::collection::vec(
        prop_oneof![
            number.clone().prop_map(Sequence::Single),
            (number.clone(), number).prop_map(|(a, b)| Sequence::Range(a, b)),
        ],
        1..4,
    )
    .prop_map(|items| SequenceSet::new(items).unwrap())
}

fn flag() -> impl Strategy<Value = Flag<'static>> {
    prop_oneof![
        Just(Flag::Answered),
        Just(Flag::Flagged),
        Just(Flag::Deleted),
        Just(Flag::Seen),
        Just(Flag::Draft),
        Just(Flag::Recent),
        atom().prop_map(Flag::Keyword),
        atom().prop_filter_map("not a system flag", |a| FlagExtension::new(a)
            .ok()
            .map(Flag::Extension)),
    ]
}

fn text() -> impl Strategy<Value = Text<'static>> {
    "[ -~éü台]{0,16}".prop_filter_map("no literal at the end", |s| Text::new(s).ok())
}

fn code() -> impl Strategy<Value = Code<'static>> {
    prop_oneof![
        Just(Code::Alert),
        Just(Code::Parse),
        Just(Code::ReadOnly),
        Just(Code::ReadWrite),
        Just(Code::TryCreate),
        Just(Code::UidNotSticky),
        Just(Code::NoModSeq),
        Just(Code::Closed),
        Just(Code::CompressionActive),
        Just(Code::OverQuota),
        Just(Code::Limit),
        Just(Code::Unavailable),
        Just(Code::AuthenticationFailed),
        Just(Code::AuthorizationFailed),
        Just(Code::Expired),
        Just(Code::PrivacyRequired),
        Just(Code::ContactAdmin),
        Just(Code::NoPerm),
        Just(Code::InUse),
        Just(Code::ExpungeIssued),
        Just(Code::Corruption),
        Just(Code::ServerBug),
        Just(Code::ClientBug),
        Just(Code::Cannot),
        Just(Code::AlreadyExists),
        Just(Code::NonExistent),
        Just(Code::NotSaved),
        Just(Code::HasChildren),
        Just(Code::UnknownCte),
        Just(Code::UseAttr),
        proptest::collection::vec(
            "[A-Za-z0-9 _-]{1,8}".prop_map(|s| Charset::new(s).unwrap()),
            0..3
        )
        .prop_map(Code::BadCharset),
        proptest::collection::vec(atom(), 1..4)
            .prop_map(|a| Code::Capability(NonEmpty::new(a).unwrap())),
        proptest::collection::vec(
            prop_oneof![flag().prop_map(FlagPerm::Flag), Just(FlagPerm::Asterisk)],
            0..4
        )
        .prop_map(Code::PermanentFlags),
        nz().prop_map(Code::UidNext),
        nz().prop_map(Code::UidValidity),
        nz().prop_map(Code::Unseen),
        (nz(), sequence_set())
            .prop_map(|(uid_validity, uids)| Code::AppendUid { uid_validity, uids }),
        (nz(), sequence_set(), sequence_set()).prop_map(|(uid_validity, source, destination)| {
            Code::CopyUid {
                uid_validity,
                source,
                destination,
            }
        }),
        n64().prop_map(Code::HighestModSeq),
        sequence_set().prop_map(Code::Modified),
        "[A-Za-z0-9_-]{1,12}".prop_map(|s| Code::MailboxId(ObjectId::new(s).unwrap())),
        (
            atom(),
            proptest::option::of("[ -\\\\^-~]{1,10}".prop_map(|s| CodeText::new(s).unwrap()))
        )
            .prop_filter_map("unknown code", |(name, text)| OtherCode::new(name, text)
                .ok()
                .map(Code::Other)),
    ]
}

fn resp_text() -> impl Strategy<Value = RespText<'static>> {
    (proptest::option::of(code()), text())
        .prop_filter_map("text without code may not start with [", |(c, t)| {
            RespText::new(c, t).ok()
        })
}

fn delimiter() -> impl Strategy<Value = Option<Delimiter>> {
    proptest::option::of(
        prop_oneof![
            Just('/'),
            Just('.'),
            Just('"'),
            Just('\\'),
            Just('台'),
            Just(' ')
        ]
        .prop_map(|c| Delimiter::new(c).unwrap()),
    )
}

fn ext_value() -> impl Strategy<Value = TaggedExtValue<'static>> {
    let leaf = astring().prop_map(TaggedExtComp::AString);
    let comp = leaf.prop_recursive(3, 12, 3, |inner| {
        proptest::collection::vec(inner, 0..3).prop_map(TaggedExtComp::List)
    });
    prop_oneof![
        "[0-9*$][0-9:,*]{0,6}"
            .prop_map(|s| TaggedExtValue::Simple(TaggedExtSimple::new(s).unwrap())),
        proptest::collection::vec(comp, 0..3).prop_map(TaggedExtValue::Comp),
        istring().prop_map(TaggedExtValue::String),
    ]
}

fn list_data() -> impl Strategy<Value = ListData<'static>> {
    let attribute = prop_oneof![
        Just(MailboxAttribute::NoInferiors),
        Just(MailboxAttribute::NoSelect),
        Just(MailboxAttribute::Marked),
        Just(MailboxAttribute::HasChildren),
        Just(MailboxAttribute::NonExistent),
        Just(MailboxAttribute::Subscribed),
        Just(MailboxAttribute::Junk),
        Just(MailboxAttribute::Important),
        atom().prop_map(MailboxAttribute::from_atom),
    ];
    let item = prop_oneof![
        proptest::collection::vec(istring(), 1..3)
            .prop_map(|v| ListExtendedItem::ChildInfo(NonEmpty::new(v).unwrap())),
        mailbox().prop_map(ListExtendedItem::OldName),
        (astring(), ext_value()).prop_filter_map("unknown item", |(t, v)| {
            ListExtendedItem::other(t, v).ok()
        }),
    ];
    (
        proptest::collection::vec(attribute, 0..4),
        delimiter(),
        mailbox(),
        proptest::collection::vec(item, 0..3),
    )
        .prop_map(|(attributes, delimiter, mailbox, extended)| ListData {
            attributes,
            delimiter,
            mailbox,
            extended,
        })
}

fn namespace() -> impl Strategy<Value = Vec<NamespaceDescription<'static>>> {
    proptest::collection::vec(
        (
            istring(),
            delimiter(),
            proptest::collection::vec(
                (
                    istring(),
                    proptest::collection::vec(istring(), 1..3)
                        .prop_map(|v| NonEmpty::new(v).unwrap()),
                ),
                0..2,
            ),
        )
            .prop_map(|(prefix, delimiter, extensions)| NamespaceDescription {
                prefix,
                delimiter,
                extensions,
            }),
        0..3,
    )
}

fn status_item() -> impl Strategy<Value = StatusItem<'static>> {
    prop_oneof![
        any::<u32>().prop_map(StatusItem::Messages),
        any::<u32>().prop_map(StatusItem::Recent),
        nz().prop_map(StatusItem::UidNext),
        nz().prop_map(StatusItem::UidValidity),
        any::<u32>().prop_map(StatusItem::Unseen),
        any::<u32>().prop_map(StatusItem::Deleted),
        n64().prop_map(StatusItem::Size),
        n64().prop_map(StatusItem::HighestModSeq),
        proptest::option::of(any::<u32>()).prop_map(StatusItem::AppendLimit),
        "[A-Za-z0-9_-]{1,12}".prop_map(|s| StatusItem::MailboxId(ObjectId::new(s).unwrap())),
        n64().prop_map(StatusItem::DeletedStorage),
    ]
}

fn thread() -> impl Strategy<Value = Thread> {
    let leaf = proptest::collection::vec(nz(), 1..4).prop_map(|m| Thread::new(m, vec![]).unwrap());
    leaf.prop_recursive(4, 24, 3, |inner| {
        (
            proptest::collection::vec(nz(), 0..3),
            proptest::collection::vec(inner, 2..4),
        )
            .prop_map(|(m, c)| Thread::new(m, c).unwrap())
    })
}

fn numbers() -> impl Strategy<Value = (Vec<NonZeroU32>, Option<u64>)> {
    (
        proptest::collection::vec(nz(), 0..5),
        proptest::option::of(1..=NUMBER64_MAX),
    )
        .prop_map(|(n, m)| {
            let m = if n.is_empty() { None } else { m };
            (n, m)
        })
}

fn data() -> impl Strategy<Value = Data<'static>> {
    prop_oneof![
        proptest::collection::vec(atom(), 1..4)
            .prop_map(|a| Data::Capability(NonEmpty::new(a).unwrap())),
        proptest::collection::vec(atom(), 0..3).prop_map(Data::Enabled),
        proptest::option::of(proptest::collection::vec(
            (istring(), proptest::option::of(istring()).prop_map(NString)),
            0..3
        ))
        .prop_map(Data::Id),
        (namespace(), namespace(), namespace()).prop_map(|(personal, other_users, shared)| {
            Data::Namespace(Namespaces {
                personal,
                other_users,
                shared,
            })
        }),
        list_data().prop_map(Data::List),
        list_data().prop_map(Data::Lsub),
        (mailbox(), proptest::collection::vec(status_item(), 0..4))
            .prop_map(|(mailbox, items)| Data::Status { mailbox, items }),
        numbers().prop_map(|(numbers, mod_seq)| Data::Search { numbers, mod_seq }),
        numbers().prop_map(|(numbers, mod_seq)| Data::Sort { numbers, mod_seq }),
        (
            proptest::option::of(istring()),
            any::<bool>(),
            proptest::collection::vec(
                prop_oneof![
                    nz().prop_map(SearchReturnData::Min),
                    nz().prop_map(SearchReturnData::Max),
                    sequence_set().prop_map(SearchReturnData::All),
                    any::<u32>().prop_map(SearchReturnData::Count),
                    n64().prop_map(SearchReturnData::ModSeq),
                    (label(), ext_value())
                        .prop_filter_map("unknown", |(n, v)| SearchReturnData::other(n, v).ok()),
                ],
                0..4
            )
        )
            .prop_map(|(tag, uid, data)| Data::ESearch(ESearch { tag, uid, data })),
        proptest::collection::vec(thread(), 0..3).prop_map(Data::Thread),
        proptest::collection::vec(flag(), 0..4).prop_map(Data::Flags),
        any::<u32>().prop_map(Data::Exists),
        any::<u32>().prop_map(Data::Recent),
        nz().prop_map(Data::Expunge),
        (any::<bool>(), sequence_set())
            .prop_map(|(earlier, uids)| Data::Vanished { earlier, uids }),
        (
            astring(),
            proptest::collection::vec(
                (atom(), n64(), n64()).prop_map(|(r, usage, limit)| QuotaUsage {
                    resource: QuotaResource::from_atom(r),
                    usage,
                    limit
                }),
                1..3
            )
        )
            .prop_map(|(root, r)| Data::Quota {
                root,
                resources: NonEmpty::new(r).unwrap()
            }),
        (mailbox(), proptest::collection::vec(astring(), 0..3))
            .prop_map(|(mailbox, roots)| Data::QuotaRoot { mailbox, roots }),
    ]
}

fn response() -> impl Strategy<Value = Response<'static>> {
    let state = prop_oneof![Just(State::Ok), Just(State::No), Just(State::Bad)];
    let status = prop_oneof![
        Just(Status::Ok),
        Just(Status::No),
        Just(Status::Bad),
        Just(Status::PreAuth),
        Just(Status::Bye)
    ];
    let base64 = (
        "([A-Za-z0-9+/]{4}){0,4}",
        prop_oneof![Just(""), Just("AA=="), Just("AAA=")],
    )
        .prop_map(|(a, b)| Base64::new(format!("{a}{b}")).unwrap());
    prop_oneof![
        1 => (tag(), state, resp_text())
            .prop_map(|(tag, state, text)| Response::Tagged(Tagged { tag, state, text })),
        1 => (status, resp_text())
            .prop_map(|(status, text)| Response::Status(UntaggedStatus { status, text })),
        4 => data().prop_map(Response::Data),
        1 => resp_text()
            .prop_filter("not base64", |t| {
                t.code().is_some() || !is_base64(t.text().as_str())
            })
            .prop_map(|t| Response::Continue(Continuation::Text(t))),
        1 => base64.prop_map(|b| Response::Continue(Continuation::Base64(b))),
    ]
}

fn is_base64(t: &str) -> bool {
    Base64::new(t).is_ok()
}

/// Runs the framer over `wire` received in the pieces `cuts` make (a growing buffer the caller
/// drains), and parses each whole message.
fn framed(wire: &[u8], cuts: &[usize]) -> Vec<Response<'static>> {
    let mut points: Vec<usize> = cuts.iter().map(|c| c % (wire.len() + 1)).collect();
    points.extend([0, wire.len()]);
    points.sort_unstable();
    points.dedup();
    let mut framer = Framer::new(Direction::Responses);
    let (mut buffer, mut message, mut out) = (Vec::new(), Vec::new(), Vec::new());
    for pair in points.windows(2) {
        buffer.extend_from_slice(&wire[pair[0]..pair[1]]);
        while let Some(frame) = framer.next(&buffer).unwrap() {
            let (consumed, end) = (frame.consumed, frame.message_end);
            message.extend_from_slice(&buffer[..consumed]);
            buffer.drain(..consumed);
            if end {
                let (r, rest) = Response::parse(&message).unwrap();
                assert!(rest.is_empty());
                out.push(r.into_owned());
                message.clear();
            }
        }
    }
    assert!(buffer.is_empty() && message.is_empty());
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn round_trip(response in response()) {
        let bytes = response.to_wire();
        for quirks in [Quirks::STRICT, Quirks::default()] {
            let (again, rest) = Response::parse_with(&bytes, quirks)
                .unwrap_or_else(|e| panic!("{e}: {:?}", String::from_utf8_lossy(&bytes)));
            prop_assert!(rest.is_empty());
            prop_assert_eq!(&again, &response);
        }
        let (again, _) = Response::parse(&bytes).unwrap();
        prop_assert_eq!(again.into_owned(), response);
    }

    #[test]
    fn prefixes_are_incomplete(response in response()) {
        let bytes = response.to_wire();
        for end in 0..bytes.len() {
            let e = Response::parse(&bytes[..end]).unwrap_err();
            prop_assert!(e.is_incomplete(), "{:?} at {end}: {e:?}", String::from_utf8_lossy(&bytes));
        }
    }

    #[test]
    fn stream_however_cut(
        responses in proptest::collection::vec(response(), 1..6),
        cuts in proptest::collection::vec(any::<usize>(), 0..8),
    ) {
        let mut wire = Vec::new();
        for r in &responses {
            wire.extend_from_slice(&r.to_wire());
        }
        // Parsed one after another from the whole stream…
        let mut rest = &wire[..];
        for r in &responses {
            let (got, more) = Response::parse(rest).unwrap();
            prop_assert_eq!(&got, r);
            rest = more;
        }
        prop_assert!(rest.is_empty());
        // …and message by message as the framer cuts them, whatever the pieces.
        prop_assert_eq!(framed(&wire, &cuts), responses);
    }

    #[test]
    fn greeting_round_trip(status in prop_oneof![Just(Status::Ok), Just(Status::PreAuth), Just(Status::Bye)], text in resp_text()) {
        let g = Greeting::new(status, text).unwrap();
        let bytes = g.to_wire();
        prop_assert_eq!(Greeting::parse(&bytes).unwrap(), (g.clone(), &b""[..]));
        // A greeting is a response too.
        prop_assert!(matches!(Response::parse(&bytes).unwrap().0, Response::Status(_)));
    }

    #[test]
    fn no_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = Response::parse(&bytes);
        let _ = Response::parse_with(&bytes, Quirks::STRICT);
        let _ = Greeting::parse(&bytes);
    }

    #[test]
    fn no_panic_near_responses(
        response in response(),
        at in any::<prop::sample::Index>(),
        byte in any::<u8>(),
    ) {
        let mut bytes = response.to_wire();
        let i = at.index(bytes.len());
        bytes[i] = byte;
        for quirks in [Quirks::STRICT, Quirks::default()] {
            if let Ok((r, _)) = Response::parse_with(&bytes, quirks) {
                // Whatever parses writes back to something that parses to it.
                let again = r.to_wire();
                prop_assert_eq!(Response::parse(&again).unwrap().0, r);
            }
        }
    }
}
