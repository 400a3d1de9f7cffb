//! Property tests of the message builder: random header text (non-ASCII, specials, white
//! space, long words) and random MIME trees are built, parsed back with [`Message::parse`], and
//! must come back the same — same tree shape and content types, same decoded header values,
//! file names and bodies — while every line keeps to the limits of RFC 5322 §2.1.1,
//! RFC 2045 §6.7/§6.8 and RFC 2047 §2, and the parser reports no defect.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "builder_props/wire.rs"]
mod wire;

use proptest::prelude::*;

use mail_message::builder::{MessageBuilder, MimePart, SequentialBoundaries};
use mail_message::field::address::{Address, Group, Mailbox};
use mail_message::field::date::DateTime;
use mail_message::field::transfer_encoding::TransferEncoding;
use mail_message::{Message, Part};

// --- Strategies ------------------------------------------------------------------------------

/// Header text: words, non-ASCII (including 4-octet characters and a combining mark), white
/// space runs, specials and things that look like encoded words, control characters, and now
/// and then a word longer than a line.
fn header_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        5 => "[a-zA-Z0-9]{1,12}",
        3 => prop::sample::select(vec![
            "é", "ü", "ß", "€", "日本語", "😀", "Ω", "ñ", "—", "e\u{301}", "Ärger", "привет"
        ])
        .prop_map(String::from),
        4 => prop::sample::select(vec![" ", " ", " ", "  ", "\t", " \t "]).prop_map(String::from),
        2 => prop::sample::select(vec![
            "=?", "?=", "=?utf-8?q?x?=", "\"", "\\", "(", ")", ",", ";", "<", ">", ":", "@", "_",
            "=", "?", ".", "\u{1}", "\u{7f}", "--"
        ])
        .prop_map(String::from),
        1 => "[a-z]{70,110}",
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

fn local_part() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z0-9]{1,10}(\\.[a-z0-9+_-]{1,5})?",
        1 => "[a-z ]{0,8}",
        1 => "[a-z\"\\\\.]{1,6}",
    ]
}

fn domain() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9-]{0,9}(\\.[a-z]{2,5}){0,2}"
}

fn mailbox() -> impl Strategy<Value = Mailbox<'static>> {
    (proptest::option::of(header_text()), local_part(), domain()).prop_map(|(name, l, d)| Mailbox {
        name: name.map(Into::into),
        local_part: l.into(),
        domain: d.into(),
    })
}

/// Body text: lines of every length, trailing white space, `=`, non-ASCII, every kind of
/// line break, lines that start like a delimiter.
fn body_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        6 => "[a-zA-Z0-9 .,]{1,30}",
        2 => prop::sample::select(vec!["\n", "\r\n", "\r", "  \n", "\t\r\n", "=", "=\n", ".\n"])
            .prop_map(String::from),
        2 => prop::sample::select(vec!["é", "ü", "€", "日本語", "😀", "—"]).prop_map(String::from),
        1 => "[a-z]{70,200}",
        1 => Just("\n--=_boundary_1_\n".to_owned()),
    ];
    prop::collection::vec(piece, 0..20).prop_map(|v| v.concat())
}

/// A MIME tree as the test sees it (converted to a [`MimePart`] to build).
#[derive(Debug, Clone)]
enum Tree {
    Text {
        html: bool,
        text: String,
    },
    Binary {
        media_type: &'static str,
        bytes: Vec<u8>,
        filename: Option<String>,
    },
    Multipart {
        subtype: &'static str,
        children: Vec<Tree>,
        preamble: Option<String>,
    },
    Message {
        subject: String,
        body: Box<Tree>,
    },
}

fn leaf() -> impl Strategy<Value = Tree> {
    prop_oneof![
        (any::<bool>(), body_text()).prop_map(|(html, text)| Tree::Text { html, text }),
        (
            prop::sample::select(vec!["application/octet-stream", "image/png", "text/csv"]),
            prop_oneof![
                prop::collection::vec(any::<u8>(), 0..400),
                body_text().prop_map(String::into_bytes),
            ],
            proptest::option::of(header_text()),
        )
            .prop_map(|(media_type, bytes, filename)| Tree::Binary {
                media_type,
                bytes,
                filename,
            }),
    ]
}

fn tree() -> impl Strategy<Value = Tree> {
    leaf().prop_recursive(4, 16, 4, |inner| {
        prop_oneof![
            (
                prop::sample::select(vec!["mixed", "alternative", "related", "x-custom"]),
                prop::collection::vec(inner.clone(), 1..4),
                proptest::option::of("[ -~]{0,40}(\n[ -~]{0,40})?"),
            )
                .prop_map(|(subtype, children, preamble)| Tree::Multipart {
                    subtype,
                    children,
                    preamble,
                }),
            (header_text(), inner).prop_map(|(subject, body)| Tree::Message {
                subject,
                body: Box::new(body),
            }),
        ]
    })
}

fn date() -> DateTime {
    DateTime::new(2024, 2, 29, 23, 59, 60, Some(-150)).unwrap()
}

fn to_part(tree: &Tree) -> MimePart<'_> {
    match tree {
        Tree::Text { html: false, text } => MimePart::text(text.as_str()),
        Tree::Text { html: true, text } => MimePart::html(text.as_str()),
        Tree::Binary {
            media_type,
            bytes,
            filename,
        } => {
            let mut part = MimePart::new(*media_type, bytes.as_slice());
            if media_type.starts_with("text/") {
                // Arbitrary octets in a text type: say so (RFC 1428), or the parser rightly
                // reports octets that are not US-ASCII, the default charset.
                part = part.parameter("charset", "unknown-8bit");
            }
            match filename {
                Some(f) => part.filename(f.as_str()),
                None => part,
            }
        }
        Tree::Multipart {
            subtype,
            children,
            preamble,
        } => {
            let part = MimePart::multipart(subtype, children.iter().map(to_part).collect());
            match preamble {
                Some(p) => part.preamble(p.as_str()),
                None => part,
            }
        }
        Tree::Message { subject, body } => MimePart::message(
            MessageBuilder::new()
                .date(date())
                .from(Mailbox {
                    name: None,
                    local_part: "inner".into(),
                    domain: "example.org".into(),
                })
                .subject(subject.as_str())
                .body(to_part(body)),
        ),
    }
}

// --- Checks ----------------------------------------------------------------------------------

/// The text as written: CRLF line breaks and a final line break (see `MimePart::new_text`).
fn canonical(text: &str) -> Vec<u8> {
    let mut out = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\n', "\r\n");
    if !out.is_empty() && !out.ends_with("\r\n") {
        out.push_str("\r\n");
    }
    out.into_bytes()
}

fn trimmed(s: &str) -> &str {
    s.trim_matches([' ', '\t'])
}

fn check_tree(part: &Part<'_>, tree: &Tree) {
    let ct = part.content_type();
    match tree {
        Tree::Text { html, text } => {
            assert!(
                ct.is("text", if *html { "html" } else { "plain" }),
                "{ct:?}"
            );
            assert_eq!(
                wire::parameter(part, "content-type", "charset").as_deref(),
                Some("utf-8")
            );
            assert_eq!(wire::decoded_body(part), canonical(text));
            // The crate's own decoders agree.
            assert_eq!(part.charset().as_deref(), Some("utf-8"));
            assert_eq!(part.decoded_body().as_ref(), &canonical(text)[..]);
            assert_eq!(part.text().as_bytes(), &canonical(text)[..]);
        }
        Tree::Binary {
            media_type,
            bytes,
            filename,
        } => {
            let (t, s) = media_type.split_once('/').unwrap();
            assert!(ct.is(t, s), "{ct:?}");
            assert_eq!(&wire::decoded_body(part), bytes);
            assert_eq!(part.decoded_body().as_ref(), &bytes[..]);
            assert_eq!(part.filename().as_deref(), filename.as_deref());
            if let Some(f) = filename {
                assert_eq!(
                    wire::parameter(part, "content-disposition", "filename").as_ref(),
                    Some(f)
                );
                assert_eq!(
                    wire::parameter(part, "content-type", "name").as_ref(),
                    Some(f)
                );
            }
        }
        Tree::Multipart {
            subtype,
            children,
            preamble,
        } => {
            assert!(ct.is("multipart", subtype), "{ct:?}");
            let parsed: Vec<Part<'_>> = part.children().collect();
            assert_eq!(parsed.len(), children.len());
            for (p, c) in parsed.iter().zip(children) {
                check_tree(p, c);
            }
            if let Some(pre) = preamble {
                assert_eq!(
                    part.preamble().unwrap(),
                    pre.replace('\n', "\r\n").as_bytes()
                );
            }
        }
        Tree::Message { subject, body } => {
            assert!(ct.is("message", "rfc822"), "{ct:?}");
            let inner = part.message().expect("an encapsulated message");
            assert_eq!(wire::unstructured(&inner, "subject"), trimmed(subject));
            assert_eq!(inner.headers().subject().as_deref(), Some(trimmed(subject)));
            check_tree(&inner, body);
        }
    }
}

/// The line rules: no bare CR or LF; no line over 998 octets; header lines of at most 78
/// octets unless the line holds a single unbreakable unit; lines holding encoded words of at
/// most 76 with words of at most 75; quoted-printable and base64 lines of at most 76.
fn check_lines(message: &Message<'_>) {
    let data = message.as_bytes();
    assert!(data.ends_with(b"\r\n"));
    for (i, &b) in data.iter().enumerate() {
        if b == b'\n' {
            assert_eq!(data.get(i.wrapping_sub(1)), Some(&b'\r'), "bare LF at {i}");
        }
        if b == b'\r' {
            assert_eq!(data.get(i + 1), Some(&b'\n'), "bare CR at {i}");
        }
    }
    for line in data.split(|&b| b == b'\n') {
        assert!(line.len() <= 999, "line of {} octets", line.len());
    }
    for part in message.parts() {
        let header = &data[part.offset()..part.body_offset()];
        for line in header.split(|&b| b == b'\n') {
            let line = std::str::from_utf8(line).unwrap().trim_end_matches('\r');
            if line.contains("=?utf-8?") {
                assert!(line.len() <= 76, "{line:?}");
                for w in line.split([' ', '\t']).filter(|w| w.starts_with("=?")) {
                    assert!(w.len() <= 75, "{w:?}");
                }
            }
            if line.len() > 78 {
                let rest = match line.strip_prefix([' ', '\t']) {
                    Some(r) => r.trim_start_matches([' ', '\t']),
                    None => line.split_once(": ").map_or("", |(_, r)| r),
                };
                assert!(
                    !rest.contains([' ', '\t']),
                    "foldable line of {}: {line:?}",
                    line.len()
                );
            }
        }
        if part.is_leaf()
            && matches!(
                part.transfer_encoding(),
                TransferEncoding::QuotedPrintable | TransferEncoding::Base64
            )
        {
            for line in part.raw_body().split(|&b| b == b'\n') {
                assert!(line.len() <= 77, "encoded line of {}", line.len());
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(192))]

    #[test]
    fn header_fields_round_trip(
        subject in header_text(),
        from in mailbox(),
        to in prop::collection::vec(mailbox(), 0..3),
        group in proptest::option::of((
            header_text().prop_filter("a group has a name", |n| !trimmed(n).is_empty()),
            prop::collection::vec(mailbox(), 0..3),
        )),
        note in header_text(),
    ) {
        let mut b = MessageBuilder::new()
            .date(date())
            .from(from.clone())
            .subject(subject.as_str())
            .header("X-Note", note.as_str());
        for m in &to {
            b = b.to(m.clone());
        }
        if let Some((name, members)) = &group {
            b = b.cc(Address::Group(Group { name: name.as_str().into(), members: members.clone() }));
        }
        let bytes = b.build(&mut SequentialBoundaries::default()).unwrap();
        let m = Message::parse(&bytes).unwrap();
        prop_assert!(m.defects().is_empty(), "{:?}", m.defects());
        check_lines(&m);
        let root = m.root();
        prop_assert_eq!(wire::unstructured(&root, "subject"), trimmed(&subject));
        prop_assert_eq!(wire::unstructured(&root, "x-note"), trimmed(&note));
        let expect = |mb: &Mailbox<'_>| wire::Mbox {
            name: mb.name.as_deref().map(trimmed).filter(|n| !n.is_empty()).map(String::from),
            local: mb.local_part.to_string(),
            domain: mb.domain.to_string(),
        };
        prop_assert_eq!(wire::addresses(&root, "from"), vec![wire::Addr::Mailbox(expect(&from))]);
        let mut want: Vec<wire::Addr> = to.iter().map(|mb| wire::Addr::Mailbox(expect(mb))).collect();
        if to.is_empty() {
            prop_assert!(root.headers().get("to").is_none());
        } else {
            prop_assert_eq!(wire::addresses(&root, "to"), want.split_off(0));
        }
        if let Some((name, members)) = &group {
            let name = trimmed(name);
            let want = wire::Addr::Group(name.to_owned(), members.iter().map(expect).collect());
            prop_assert_eq!(wire::addresses(&root, "cc"), vec![want]);
        }
        // The crate's own field parsers agree, and find nothing wrong.
        prop_assert_eq!(m.all_defects(), vec![]);
        let decoded_subject = m.subject();
        prop_assert_eq!(decoded_subject.as_deref(), Some(trimmed(&subject)));
        let decoded_note = m
            .headers()
            .get("x-note")
            .map(|f| mail_message::field::unstructured::decode(f.raw_value(), &mut Vec::new()));
        prop_assert_eq!(decoded_note.as_deref(), Some(trimmed(&note)));
        let ours = |list: mail_message::field::address::AddressList<'_>| -> Vec<wire::Mbox> {
            list.mailboxes()
                .map(|mb| wire::Mbox {
                    name: mb.name.as_deref().map(String::from),
                    local: mb.local_part.to_string(),
                    domain: mb.domain.to_string(),
                })
                .collect()
        };
        prop_assert_eq!(ours(m.from()), vec![expect(&from)]);
        prop_assert_eq!(ours(m.to()), to.iter().map(expect).collect::<Vec<_>>());
        if let Some((name, members)) = &group {
            let cc = m.cc();
            let [Address::Group(g)] = cc.addresses.as_slice() else {
                panic!("one group expected: {cc:?}")
            };
            prop_assert_eq!(g.name.as_ref(), trimmed(name));
            prop_assert_eq!(ours(m.cc()), members.iter().map(expect).collect::<Vec<_>>());
        }
    }

    #[test]
    fn mime_trees_round_trip(tree in tree(), allow_8bit in any::<bool>()) {
        let b = MessageBuilder::new()
            .date(date())
            .from(Mailbox { name: None, local_part: "a".into(), domain: "example.com".into() })
            .allow_8bit(allow_8bit)
            .body(to_part(&tree));
        let bytes = b.build(&mut SequentialBoundaries::default()).unwrap();
        if !allow_8bit {
            prop_assert!(bytes.is_ascii());
        }
        let m = Message::parse(&bytes).unwrap();
        prop_assert!(m.defects().is_empty(), "{:?}", m.defects());
        prop_assert_eq!(m.all_defects(), vec![]);
        check_lines(&m);
        check_tree(&m.root(), &tree);
    }
}
