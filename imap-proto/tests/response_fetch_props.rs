//! Properties of FETCH response data: arbitrary valid `msg-att` lists are written and read
//! back equal (under any encoding options), arbitrary bytes never panic the parser (with or
//! without quirks), and body nesting is refused exactly past `MAX_BODY_DEPTH`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::num::NonZeroU32;

use imap_proto::command::{ObjectId, Section, SectionText};
use imap_proto::encode::{EncodeOptions, NonSyncLiterals};
use imap_proto::response::Quirks;
use imap_proto::response::fetch::{
    Address, BasicMedia, BinaryData, BodyExtension, BodyFields, BodyKind, BodyStructure,
    Disposition, Envelope, Language, MAX_BODY_DEPTH, MessageAttribute, MessageSubtype,
    MultiPartExtension, Param, PartExtension, SinglePart, SinglePartExtension, encode_msg_atts,
    parse_msg_atts,
};
use imap_proto::types::{
    AString, Atom, DateTime, Flag, IString, Literal8, LiteralMode, NString, NUMBER64_MAX, NonEmpty,
};
use imap_proto::{ParseError, Rule};
use proptest::prelude::*;

fn istring() -> impl Strategy<Value = IString<'static>> {
    prop_oneof![
        4 => "[a-zA-Z0-9 .@<>=?_-]{0,12}".prop_map(|s| IString::new(s.into_bytes()).unwrap()),
        1 => proptest::collection::vec(1u8..=255, 0..12).prop_map(|v| IString::new(v).unwrap()),
    ]
}

fn nstring() -> impl Strategy<Value = NString<'static>> {
    proptest::option::of(istring()).prop_map(NString)
}

fn address() -> impl Strategy<Value = Address<'static>> {
    (nstring(), nstring(), nstring(), nstring()).prop_map(|(name, adl, mailbox, host)| Address {
        name,
        adl,
        mailbox,
        host,
    })
}

fn addresses() -> impl Strategy<Value = Vec<Address<'static>>> {
    proptest::collection::vec(address(), 0..3)
}

fn envelope() -> impl Strategy<Value = Envelope<'static>> {
    (
        (nstring(), nstring(), addresses(), addresses(), addresses()),
        (addresses(), addresses(), addresses(), nstring(), nstring()),
    )
        .prop_map(
            |((date, subject, from, sender, reply_to), (to, cc, bcc, in_reply_to, message_id))| {
                Envelope {
                    date,
                    subject,
                    from,
                    sender,
                    reply_to,
                    to,
                    cc,
                    bcc,
                    in_reply_to,
                    message_id,
                }
            },
        )
}

fn params() -> impl Strategy<Value = Vec<Param<'static>>> {
    proptest::collection::vec(
        (istring(), istring()).prop_map(|(name, value)| Param { name, value }),
        0..3,
    )
}

fn fields() -> impl Strategy<Value = BodyFields<'static>> {
    (params(), nstring(), nstring(), istring(), any::<u32>()).prop_map(
        |(params, id, description, encoding, octets)| BodyFields {
            params,
            id,
            description,
            encoding,
            octets,
        },
    )
}

fn extension_data() -> impl Strategy<Value = BodyExtension<'static>> {
    let leaf = prop_oneof![
        nstring().prop_map(BodyExtension::NString),
        (0..=NUMBER64_MAX).prop_map(BodyExtension::Number),
    ];
    leaf.prop_recursive(3, 12, 3, |inner| {
        proptest::collection::vec(inner, 1..3)
            .prop_map(|v| BodyExtension::List(NonEmpty::new(v).unwrap()))
    })
}

fn part_extension() -> impl Strategy<Value = Option<PartExtension<'static>>> {
    let disposition = proptest::option::of(
        (istring(), params()).prop_map(|(kind, params)| Disposition { kind, params }),
    );
    let language = prop_oneof![
        nstring().prop_map(Language::Single),
        proptest::collection::vec(istring(), 1..3)
            .prop_map(|v| Language::List(NonEmpty::new(v).unwrap())),
    ];
    (
        disposition,
        0..4usize,
        language,
        nstring(),
        proptest::collection::vec(extension_data(), 0..3),
    )
        .prop_map(|(disposition, level, language, location, extensions)| {
            (level > 0).then(|| PartExtension {
                disposition,
                language: (level > 1).then_some(language),
                location: (level > 2).then_some(location),
                extensions: if level > 2 { extensions } else { Vec::new() },
            })
        })
}

fn leaf_body() -> impl Strategy<Value = BodyStructure<'static>> {
    let kind = prop_oneof![
        (
            prop_oneof![Just("APPLICATION"), Just("image"), Just("x weird")],
            istring()
        )
            .prop_map(|(t, sub)| BodyKind::Basic(
                BasicMedia::new(IString::new(t.as_bytes().to_vec()).unwrap(), sub).unwrap()
            )),
        (istring(), 0..=NUMBER64_MAX)
            .prop_map(|(subtype, lines)| BodyKind::Text { subtype, lines }),
    ];
    (
        kind,
        fields(),
        proptest::option::of((nstring(), part_extension())),
    )
        .prop_map(|(kind, fields, ext)| BodyStructure::Single {
            part: SinglePart { kind, fields },
            extension: ext.map(|(md5, rest)| SinglePartExtension { md5, rest }),
        })
}

fn body() -> impl Strategy<Value = BodyStructure<'static>> {
    leaf_body().prop_recursive(4, 16, 3, |inner| {
        prop_oneof![
            (
                proptest::collection::vec(inner.clone(), 1..3),
                istring(),
                proptest::option::of((params(), part_extension()))
            )
                .prop_map(|(parts, subtype, ext)| BodyStructure::Multi {
                    parts: NonEmpty::new(parts).unwrap(),
                    subtype,
                    extension: ext.map(|(params, rest)| MultiPartExtension { params, rest }),
                }),
            (envelope(), inner, fields(), 0..1000u64, any::<bool>()).prop_map(
                |(envelope, body, fields, lines, global)| BodyStructure::Single {
                    part: SinglePart {
                        kind: BodyKind::Message {
                            subtype: if global {
                                MessageSubtype::Global
                            } else {
                                MessageSubtype::Rfc822
                            },
                            envelope: Box::new(envelope),
                            body: Box::new(body),
                            lines,
                        },
                        fields,
                    },
                    extension: None,
                }
            ),
        ]
    })
}

fn nz() -> impl Strategy<Value = NonZeroU32> {
    (1..=u32::MAX).prop_map(|n| NonZeroU32::new(n).unwrap())
}

fn flag() -> impl Strategy<Value = Flag<'static>> {
    prop_oneof![
        Just(Flag::Seen),
        Just(Flag::Answered),
        Just(Flag::Recent),
        Just(Flag::Draft),
        "[$a-zA-Z][a-zA-Z0-9]{0,6}".prop_map(|s| Flag::Keyword(Atom::new(s).unwrap())),
    ]
}

fn section() -> impl Strategy<Value = Section<'static>> {
    (
        proptest::collection::vec(nz(), 0..3),
        0..5usize,
        proptest::collection::vec("[A-Za-z-]{1,8}", 1..3),
    )
        .prop_map(|(part, text, names)| {
            let text = match text {
                0 => None,
                1 => Some(SectionText::Header),
                2 => Some(SectionText::Text),
                3 if !part.is_empty() => Some(SectionText::Mime),
                _ => Some(SectionText::HeaderFields {
                    not: names.len() > 1,
                    fields: names
                        .into_iter()
                        .map(|n| AString::new(n.into_bytes()).unwrap())
                        .collect(),
                }),
            };
            Section::new(part, text).unwrap()
        })
}

fn item() -> impl Strategy<Value = MessageAttribute<'static>> {
    prop_oneof![
        nz().prop_map(MessageAttribute::Uid),
        proptest::collection::vec(flag(), 0..4).prop_map(MessageAttribute::Flags),
        (0..=NUMBER64_MAX).prop_map(MessageAttribute::Rfc822Size),
        (1..=28u8, 0..=23u8, -720..=720i16).prop_map(|(d, h, z)| {
            let wire = format!(
                "\"{d:02}-Jul-2026 {h:02}:05:09 {}{:02}{:02}\"",
                if z < 0 { '-' } else { '+' },
                z.unsigned_abs() / 60,
                z.unsigned_abs() % 60
            );
            MessageAttribute::InternalDate(DateTime::parse(wire.as_bytes()).unwrap().0)
        }),
        envelope().prop_map(|e| MessageAttribute::Envelope(Box::new(e))),
        body().prop_map(|b| MessageAttribute::Body(Box::new(b))),
        body().prop_map(|b| MessageAttribute::BodyStructure(Box::new(b))),
        (section(), proptest::option::of(any::<u32>()), nstring()).prop_map(
            |(section, origin, data)| MessageAttribute::BodySection {
                section,
                origin,
                data
            }
        ),
        (
            proptest::collection::vec(nz(), 0..3),
            proptest::option::of(any::<u32>()),
            proptest::collection::vec(any::<u8>(), 0..16)
        )
            .prop_map(|(part, origin, data)| MessageAttribute::Binary {
                part,
                origin,
                data: BinaryData::Literal8(Literal8::new(data, LiteralMode::Sync)),
            }),
        (proptest::collection::vec(nz(), 0..3), any::<u32>())
            .prop_map(|(part, size)| MessageAttribute::BinarySize { part, size }),
        nstring().prop_map(MessageAttribute::Rfc822),
        nstring().prop_map(MessageAttribute::Rfc822Header),
        nstring().prop_map(MessageAttribute::Rfc822Text),
        (0..=NUMBER64_MAX).prop_map(MessageAttribute::ModSeq),
        "[A-Za-z0-9_-]{1,20}".prop_map(|s| MessageAttribute::EmailId(ObjectId::new(s).unwrap())),
        proptest::option::of("[A-Za-z0-9_-]{1,20}")
            .prop_map(|s| MessageAttribute::ThreadId(s.map(|s| ObjectId::new(s).unwrap()))),
        (0..=NUMBER64_MAX).prop_map(MessageAttribute::GmailMsgId),
        (0..=NUMBER64_MAX).prop_map(MessageAttribute::GmailThrId),
        proptest::collection::vec(
            prop_oneof!["[A-Za-z]{1,8}", "\\\\[A-Za-z]{1,8}", "[a-z ]{0,8}"],
            0..3
        )
        .prop_map(|v| MessageAttribute::GmailLabels(
            v.into_iter()
                .map(|s| AString::new(s.into_bytes()).unwrap())
                .collect()
        )),
    ]
}

fn options() -> impl Strategy<Value = EncodeOptions> {
    (0..3u8, any::<bool>(), 0..40usize).prop_map(|(l, utf8, max_quoted)| EncodeOptions {
        non_sync_literals: match l {
            0 => NonSyncLiterals::Never,
            1 => NonSyncLiterals::Always,
            _ => NonSyncLiterals::UpTo4096,
        },
        utf8,
        max_quoted,
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn msg_atts_round_trip(items in proptest::collection::vec(item(), 1..4), o in options()) {
        let wire = encode_msg_atts(&items, o);
        for quirks in [Quirks::STRICT, Quirks::LENIENT] {
            let (again, rest) = parse_msg_atts(&wire, quirks)
                .unwrap_or_else(|e| panic!("{e:?} in {:?}", String::from_utf8_lossy(&wire)));
            prop_assert!(rest.is_empty());
            prop_assert_eq!(again.as_slice(), items.as_slice());
        }
        // Cut short anywhere, the list is incomplete, never invalid.
        for cut in [0, wire.len() / 3, wire.len() / 2, wire.len() - 1] {
            let err = parse_msg_atts(&wire[..cut], Quirks::STRICT).unwrap_err();
            prop_assert!(err.is_incomplete(), "cut {}: {:?}", cut, err);
        }
    }

    #[test]
    fn no_panic_on_arbitrary_bytes(input in proptest::collection::vec(any::<u8>(), 0..256)) {
        let _ = parse_msg_atts(&input, Quirks::STRICT);
        let _ = parse_msg_atts(&input, Quirks::LENIENT);
    }

    #[test]
    fn no_panic_on_mutated_responses(
        items in proptest::collection::vec(item(), 1..3),
        at in any::<prop::sample::Index>(),
        byte in any::<u8>(),
    ) {
        let mut wire = encode_msg_atts(&items, EncodeOptions::default());
        let i = at.index(wire.len());
        wire[i] = byte;
        for quirks in [Quirks::STRICT, Quirks::LENIENT] {
            if let Ok((parsed, _)) = parse_msg_atts(&wire, quirks) {
                let again = encode_msg_atts(&parsed, EncodeOptions::default());
                prop_assert_eq!(parse_msg_atts(&again, Quirks::STRICT).unwrap().0, parsed);
            }
        }
    }

    #[test]
    fn depth_bound_holds(depth in 1..80usize) {
        let mut s = String::from("(BODY ");
        s.push_str(&"(".repeat(depth));
        s.push_str(r#""TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1"#);
        s.push_str(&r#") "MIXED""#.repeat(depth - 1));
        s.push_str("))");
        let r = parse_msg_atts(s.as_bytes(), Quirks::STRICT);
        if depth <= MAX_BODY_DEPTH {
            prop_assert!(r.is_ok());
        } else {
            prop_assert!(
                matches!(r, Err(ParseError::Invalid { rule: Rule::BodyDepth, .. })),
                "{:?}",
                r
            );
        }
    }
}
