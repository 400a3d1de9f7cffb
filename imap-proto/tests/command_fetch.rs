//! FETCH: the examples of RFC 3501 §6.4.5/§6.4.8, RFC 9051 §6.4.5/§6.4.4.1/§6.3.13, RFC 7162
//! and RFC 3516, parsed to the exact value, written back and round-tripped, and the errors.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::num::{NonZeroU32, NonZeroU64};

use common::*;
use imap_proto::Rule;
use imap_proto::command::{
    Command, CommandBody, CommandErrorKind, FetchAttribute as F, FetchItems, Partial, Section,
    SectionText,
};

fn fetch(uid: bool, s: &str, items: FetchItems<'static>) -> CommandBody<'static> {
    CommandBody::Fetch {
        uid,
        sequence_set: set(s),
        items,
        changed_since: None,
        vanished: false,
    }
}

fn attrs(items: Vec<F<'static>>) -> FetchItems<'static> {
    FetchItems::Attributes(ne(items))
}

fn part(numbers: &[u32]) -> Vec<NonZeroU32> {
    numbers
        .iter()
        .map(|&n| NonZeroU32::new(n).unwrap())
        .collect()
}

fn section(numbers: &[u32], text: Option<SectionText<'static>>) -> Section<'static> {
    Section::new(part(numbers), text).unwrap()
}

fn body(peek: bool, section: Section<'static>, partial: Option<(u64, u64)>) -> F<'static> {
    F::BodySection {
        peek,
        section,
        partial: partial.map(|(offset, length)| Partial {
            offset,
            length: NonZeroU64::new(length).unwrap(),
        }),
    }
}

#[test]
fn rfc_examples() {
    // RFC 3501 §6.4.5, RFC 9051 §6.4.5.
    check(
        &line("A654 FETCH 2:4 (FLAGS BODY[HEADER.FIELDS (DATE FROM)])"),
        "A654",
        fetch(
            false,
            "2:4",
            attrs(vec![
                F::Flags,
                body(
                    false,
                    section(
                        &[],
                        Some(SectionText::HeaderFields {
                            not: false,
                            fields: vec![astring("DATE"), astring("FROM")],
                        }),
                    ),
                    None,
                ),
            ]),
        ),
        true,
    );
    // RFC 3501 §6.4.8, RFC 9051 §6.4.9.
    check(
        &line("A999 UID FETCH 4827313:4828442 FLAGS"),
        "A999",
        fetch(true, "4827313:4828442", attrs(vec![F::Flags])),
        true,
    );
    // RFC 9051 §6.3.13 (IDLE).
    check(
        &line("A003 FETCH 4 ALL"),
        "A003",
        fetch(false, "4", FetchItems::All),
        true,
    );
    check(
        &line("A005 FETCH 3 ALL"),
        "A005",
        fetch(false, "3", FetchItems::All),
        true,
    );
    // RFC 9051 §6.4.4.1 (RFC 5182).
    check(
        &line("A283 FETCH $ (UID INTERNALDATE FLAGS BODY.PEEK[HEADER])"),
        "A283",
        fetch(
            false,
            "$",
            attrs(vec![
                F::Uid,
                F::InternalDate,
                F::Flags,
                body(true, section(&[], Some(SectionText::Header)), None),
            ]),
        ),
        true,
    );
    // RFC 7162 §3.1.4.1, §3.2.6, §3.1.4.
    let changed = |s: &str, since, vanished| CommandBody::Fetch {
        uid: true,
        sequence_set: set(s),
        items: attrs(vec![F::Flags]),
        changed_since: Some(since),
        vanished,
    };
    check(
        &line("s100 UID FETCH 1:* (FLAGS) (CHANGEDSINCE 12345)"),
        "s100",
        changed("1:*", 12345, false),
        false,
    );
    check(
        &line("s100 UID FETCH 300:500 (FLAGS) (CHANGEDSINCE 12345 VANISHED)"),
        "s100",
        changed("300:500", 12345, true),
        false,
    );
    check(
        &line("a FETCH 1:3 (MODSEQ)"),
        "a",
        fetch(false, "1:3", attrs(vec![F::ModSeq])),
        false,
    );
    // RFC 3516 §4.1 forms, and the other items of RFC 3501 §6.4.5.
    check(
        &line(
            "b FETCH 1 (BINARY.PEEK[1.2]<0.100> BINARY[] BINARY.SIZE[3] BODY[1.2.MIME] BODY.PEEK[2.TEXT]<5.10> BODY[] BODY[HEADER.FIELDS.NOT (Received \"X y\")])",
        ),
        "b",
        fetch(
            false,
            "1",
            attrs(vec![
                F::Binary {
                    peek: true,
                    part: part(&[1, 2]),
                    partial: Some(Partial {
                        offset: 0,
                        length: NonZeroU64::new(100).unwrap(),
                    }),
                },
                F::Binary {
                    peek: false,
                    part: vec![],
                    partial: None,
                },
                F::BinarySize { part: part(&[3]) },
                body(false, section(&[1, 2], Some(SectionText::Mime)), None),
                body(true, section(&[2], Some(SectionText::Text)), Some((5, 10))),
                body(false, section(&[], None), None),
                body(
                    false,
                    section(
                        &[],
                        Some(SectionText::HeaderFields {
                            not: true,
                            fields: vec![astring("Received"), astring("X y")],
                        }),
                    ),
                    None,
                ),
            ]),
        ),
        true,
    );
    check(
        &line(
            "c FETCH 1:* (ENVELOPE RFC822 RFC822.HEADER RFC822.SIZE RFC822.TEXT BODY BODYSTRUCTURE)",
        ),
        "c",
        fetch(
            false,
            "1:*",
            attrs(vec![
                F::Envelope,
                F::Rfc822,
                F::Rfc822Header,
                F::Rfc822Size,
                F::Rfc822Text,
                F::Body,
                F::BodyStructure,
            ]),
        ),
        true,
    );
    check(
        &line("d fetch 2 fast"),
        "d",
        fetch(false, "2", FetchItems::Fast),
        false,
    );
    check(
        &line("e FETCH 2 FULL"),
        "e",
        fetch(false, "2", FetchItems::Full),
        true,
    );
    check(
        &line("f FETCH 2 BODY[3]"),
        "f",
        fetch(
            false,
            "2",
            attrs(vec![body(false, section(&[3], None), None)]),
        ),
        true,
    );
}

fn error(wire: &[u8]) -> (usize, CommandErrorKind) {
    let e = Command::parse(wire).unwrap_err();
    assert_eq!(e.tag.unwrap().as_str(), "A1");
    (e.offset, e.kind)
}

#[test]
fn errors() {
    let syntax = |rule| CommandErrorKind::Syntax { rule };
    assert_eq!(error(b"A1 FETCH 1 ()\r\n"), (12, syntax(Rule::FetchAtt)));
    assert_eq!(
        error(b"A1 FETCH 1 BODY[MIME]\r\n"),
        (16, syntax(Rule::Section))
    );
    assert_eq!(
        error(b"A1 FETCH 1 BODY[HEADER.FIELDS ()]\r\n"),
        (31, syntax(Rule::AString))
    );
    assert_eq!(
        error(b"A1 FETCH 1 BODY[]<1.0>\r\n"),
        (20, syntax(Rule::Partial))
    );
    assert_eq!(
        error(b"A1 FETCH 1 BODY.PEEK\r\n"),
        (20, syntax(Rule::Section))
    );
    assert_eq!(
        error(b"A1 FETCH 1 FLAGS (CHANGEDSINCE 0)\r\n"),
        (31, syntax(Rule::ModSequence))
    );
    assert_eq!(
        error(b"A1 FETCH 1 FLAGS (VANISHED VANISHED)\r\n"),
        (27, syntax(Rule::FetchModifier))
    );
    assert_eq!(
        error(b"A1 FETCH 1 X-GM-FOO\r\n"),
        (11, syntax(Rule::FetchAtt))
    );
    assert!(
        Command::parse(b"A1 FETCH 1 BODY[1.")
            .unwrap_err()
            .is_incomplete()
    );
    assert!(Section::new(vec![], Some(SectionText::Mime)).is_err());
    assert!(
        Section::new(
            vec![],
            Some(SectionText::HeaderFields {
                not: false,
                fields: vec![]
            })
        )
        .is_err()
    );
}
