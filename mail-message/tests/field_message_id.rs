//! `MessageId::parse` and `parse_list`: RFC 5322 §3.6.4 with the obsolete forms of §4.5.4, the
//! lenient forms, and `Content-ID` (RFC 2045 §7).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::borrow::Cow;

use mail_message::DefectKind;
use mail_message::field::message_id::MessageId;

fn list(raw: &str) -> (Vec<String>, Vec<(DefectKind, usize)>) {
    let mut defects = Vec::new();
    let ids = MessageId::parse_list(raw.as_bytes(), &mut defects);
    (
        ids.into_iter().map(|i| i.0.into_owned()).collect(),
        defects.iter().map(|d| (d.kind, d.offset)).collect(),
    )
}

#[test]
fn obsolete_phrases_between_ids_are_skipped() {
    assert_eq!(
        list(
            " Your message of \"Fri, 21 Nov 1997 09:55:06 -0600\"\r\n <1234@local.machine.example>"
        ),
        (vec!["1234@local.machine.example".into()], vec![])
    );
    assert_eq!(
        list(" <1234@local.machine.example> (Mary's message of Fri, 21 Nov) <3456@example.net>"),
        (
            vec![
                "1234@local.machine.example".into(),
                "3456@example.net".into()
            ],
            vec![]
        )
    );
    // Commas between identifiers, folds, tabs.
    assert_eq!(
        list(" <a@x.test>,<b@x.test> ,\r\n\t<c@x.test>"),
        (
            vec!["a@x.test".into(), "b@x.test".into(), "c@x.test".into()],
            vec![]
        )
    );
    assert_eq!(list(""), (vec![], vec![]));
    assert_eq!(list(" (only a comment) "), (vec![], vec![]));
}

#[test]
fn list_defects() {
    // Without any `<`, words with an `@` are taken as identifiers (reported).
    assert_eq!(
        list(" 1234@example.com 5678@example.com"),
        (
            vec!["1234@example.com".into(), "5678@example.com".into()],
            vec![
                (DefectKind::InvalidMessageId, 1),
                (DefectKind::InvalidMessageId, 18)
            ]
        )
    );
    // With brackets elsewhere, such words are part of a phrase.
    assert_eq!(
        list(" see a@b.test <1@x.test>"),
        (vec!["1@x.test".into()], vec![])
    );
    assert_eq!(
        list(" <> <1@x.test> <2@x.test"),
        (
            vec!["1@x.test".into(), "2@x.test".into()],
            vec![
                (DefectKind::InvalidMessageId, 1),
                (DefectKind::InvalidMessageId, 15)
            ]
        )
    );
    assert_eq!(
        list(" <1@x.test> (open"),
        (
            vec!["1@x.test".into()],
            vec![(DefectKind::UnterminatedComment, 12)]
        )
    );
}

#[test]
fn content_id_and_utf8() {
    let mut defects = Vec::new();
    let id = MessageId::parse(b"<part1.06090408.01060107@example.net>", &mut defects).unwrap();
    assert_eq!(id.as_str(), "part1.06090408.01060107@example.net");
    let id = MessageId::parse("<jöran.1@bücher.example>".as_bytes(), &mut defects).unwrap();
    assert!(matches!(id.0, Cow::Borrowed("jöran.1@bücher.example")));
    // id-right may be a no-fold-literal.
    let id = MessageId::parse(b" <1234@[192.0.2.1]> ", &mut defects).unwrap();
    assert_eq!(id.id_right(), "[192.0.2.1]");
    assert_eq!(defects, []);
    let owned: MessageId<'static> = {
        let raw = b"<a@b>".to_vec();
        MessageId::parse(&raw, &mut defects).unwrap().into_owned()
    };
    assert_eq!(owned.to_string(), "<a@b>");
    assert_eq!(owned.id_left(), "a");
    assert_eq!(MessageId("no-at".into()).id_left(), "no-at");
    assert_eq!(MessageId("no-at".into()).id_right(), "");
}

#[test]
fn message_id_defect_offsets() {
    let one = |raw: &str| {
        let mut defects = Vec::new();
        let id = MessageId::parse(raw.as_bytes(), &mut defects).map(|i| i.0.into_owned());
        (
            id,
            defects
                .iter()
                .map(|d| (d.kind, d.offset))
                .collect::<Vec<_>>(),
        )
    };
    assert_eq!(
        one("  <abc>"),
        (Some("abc".into()), vec![(DefectKind::InvalidMessageId, 2)])
    );
    assert_eq!(
        one(" <a@b> <c@d>"),
        (Some("a@b".into()), vec![(DefectKind::InvalidMessageId, 7)])
    );
    assert_eq!(
        one(" (c) a@b (d)"),
        (Some("a@b".into()), vec![(DefectKind::InvalidMessageId, 5)])
    );
    assert_eq!(
        one(" <a@b (c"),
        (
            Some("a@b".into()),
            vec![
                (DefectKind::UnterminatedComment, 6),
                (DefectKind::InvalidMessageId, 1)
            ]
        )
    );
}
