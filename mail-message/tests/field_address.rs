//! Address lists beyond RFC 5322 Appendix A: repairs of real-world mistakes, their defects and
//! offsets, encoded words, literals, UTF-8, borrowing, and the helper methods.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::borrow::Cow;

use mail_message::decode::rfc2047::decode_text;
use mail_message::field::address::{Address, AddressList, Group, Mailbox};
use mail_message::{Defect, DefectKind};

fn mbox(name: Option<&str>, local: &str, domain: &str) -> Mailbox<'static> {
    Mailbox {
        name: name.map(|n| Cow::Owned(n.to_owned())),
        local_part: Cow::Owned(local.to_owned()),
        domain: Cow::Owned(domain.to_owned()),
    }
}

fn single(name: Option<&str>, local: &str, domain: &str) -> Address<'static> {
    Address::Mailbox(mbox(name, local, domain))
}

fn parse(raw: &[u8]) -> (Vec<Address<'_>>, Vec<(DefectKind, usize)>) {
    let mut defects = Vec::new();
    let list = AddressList::parse(raw, &mut defects);
    (
        list.addresses,
        defects.iter().map(|d| (d.kind, d.offset)).collect(),
    )
}

/// The decoded text the parser must give for a display name that contains encoded words,
/// whatever the RFC 2047 decoder does with them.
fn decoded(text: &str) -> String {
    decode_text(text.as_bytes(), &mut Vec::new()).into_owned()
}

#[test]
fn trailing_comment_is_the_name_of_a_bare_addr_spec() {
    let (list, defects) = parse(b" jdoe@example.org (John Doe), a@b.test");
    assert_eq!(
        list,
        [
            single(Some("John Doe"), "jdoe", "example.org"),
            single(None, "a", "b.test")
        ]
    );
    assert_eq!(defects, []);
    let Address::Mailbox(m) = &list[0] else {
        panic!()
    };
    assert!(matches!(m.name, Some(Cow::Borrowed("John Doe"))));
    // Folded, with a quoted pair; the last comment wins; a name-addr ignores its comment.
    let (list, _) = parse(b" jdoe@example.org (x) (John\r\n  \\(Jr.\\)  Doe), J <j@x.test> (no)");
    assert_eq!(
        list,
        [
            single(Some("John (Jr.) Doe"), "jdoe", "example.org"),
            single(Some("J"), "j", "x.test")
        ]
    );
    // A comment inside the domain is not a trailing comment.
    let (list, _) = parse(b" jdoe@machine(comment).example");
    assert_eq!(list, [single(None, "jdoe", "machine.example")]);
}

#[test]
fn missing_domain_keeps_the_mailbox() {
    assert_eq!(
        parse(b" undisclosed"),
        (
            vec![single(None, "undisclosed", "")],
            vec![(DefectKind::MissingAddressDomain, 12)]
        )
    );
    assert_eq!(
        parse(b" Undisclosed Recipients, <x>"),
        (
            vec![
                single(None, "Undisclosed Recipients", ""),
                single(None, "x", "")
            ],
            vec![
                (DefectKind::MissingAddressDomain, 23),
                (DefectKind::InvalidLocalPart, 1),
                (DefectKind::MissingAddressDomain, 27),
            ]
        )
    );
    let mut defects = Vec::new();
    let m = Mailbox::parse(b"MAILER-DAEMON", &mut defects).unwrap();
    assert_eq!(m.address(), "MAILER-DAEMON");
    assert_eq!(m.domain, "");
}

#[test]
fn unparseable_entries_are_skipped_to_the_next_comma() {
    let (list, defects) = parse(b"a@b.test, [x] \"q,\" (c,) d>, c@d.test");
    assert_eq!(
        list,
        [single(None, "a", "b.test"), single(None, "c", "d.test")]
    );
    assert_eq!(defects, [(DefectKind::InvalidAddress, 10)]);
    // Commas inside angle brackets do not end the entry that is skipped.
    let (list, defects) = parse(b"a@b.test, X <d@e f, g>, c@d.test");
    assert_eq!(
        list,
        [single(None, "a", "b.test"), single(None, "c", "d.test")]
    );
    assert_eq!(defects, [(DefectKind::InvalidAddress, 10)]);
    // Junk after a complete address: the address stays, the junk goes.
    let (list, defects) = parse(b"John <john@example.com> Smith, x@y.test");
    assert_eq!(
        list,
        [
            single(Some("John"), "john", "example.com"),
            single(None, "x", "y.test")
        ]
    );
    assert_eq!(defects, [(DefectKind::InvalidAddress, 24)]);
    // Space-separated addresses: the second is junk after the first.
    let (list, defects) = parse(b"a@b.test c@d.test");
    assert_eq!(list, [single(None, "a", "b.test")]);
    assert_eq!(defects, [(DefectKind::InvalidAddress, 9)]);
    // `<>` has no place in an address list.
    let (list, defects) = parse(b"a@b.test, <>, c@d.test");
    assert_eq!(list.len(), 2);
    assert_eq!(defects, [(DefectKind::InvalidAddress, 10)]);
    // A control character.
    let (list, defects) = parse(b"a\x01b@c.test, d@e.test");
    assert_eq!(list, [single(None, "d", "e.test")]);
    assert_eq!(defects, [(DefectKind::InvalidAddress, 0)]);
}

#[test]
fn unquoted_specials_in_a_display_name_are_kept() {
    let (list, defects) = parse(b" john@example.com <john@example.com>, Sales [EU] <s@x.test>");
    assert_eq!(
        list,
        [
            single(Some("john@example.com"), "john", "example.com"),
            single(Some("Sales [EU]"), "s", "x.test"),
        ]
    );
    assert_eq!(
        defects,
        [
            (DefectKind::InvalidDisplayName, 1),
            (DefectKind::InvalidDisplayName, 38)
        ]
    );
    // A comma splits the entry, as RFC 5322 says: the name needed quotes.
    let (list, defects) = parse(b"Smith, John <j@x.test>");
    assert_eq!(
        list,
        [
            single(None, "Smith", ""),
            single(Some("John"), "j", "x.test")
        ]
    );
    assert_eq!(defects, [(DefectKind::MissingAddressDomain, 5)]);
}

#[test]
fn unterminated_constructs() {
    assert_eq!(
        parse(b"Name <a@b.test"),
        (
            vec![single(Some("Name"), "a", "b.test")],
            vec![(DefectKind::UnterminatedAngleAddress, 5)]
        )
    );
    assert_eq!(
        parse(b"Name <a@b.test, c@d.test"),
        (
            vec![
                single(Some("Name"), "a", "b.test"),
                single(None, "c", "d.test")
            ],
            vec![(DefectKind::UnterminatedAngleAddress, 5)]
        )
    );
    assert_eq!(
        parse(b"G: a@b.test, c@d.test"),
        (
            vec![Address::Group(Group {
                name: "G".into(),
                members: vec![mbox(None, "a", "b.test"), mbox(None, "c", "d.test")]
            })],
            vec![(DefectKind::UnterminatedGroup, 0)]
        )
    );
    assert_eq!(
        parse(b"a@b.test (John"),
        (
            vec![single(Some("John"), "a", "b.test")],
            vec![(DefectKind::UnterminatedComment, 9)]
        )
    );
    assert_eq!(
        parse(b"x@y.test, \"Name <a@b.test>"),
        (
            vec![single(None, "x", "y.test")],
            vec![
                (DefectKind::UnterminatedQuotedString, 10),
                (DefectKind::InvalidAddress, 10)
            ]
        )
    );
}

#[test]
fn groups() {
    let raw = b"Team: a@x.test, B <b@x.test>;, c@y.test, Empty:;, Nested: x: y@z;";
    let (list, defects) = parse(raw);
    assert_eq!(
        list,
        [
            Address::Group(Group {
                name: "Team".into(),
                members: vec![mbox(None, "a", "x.test"), mbox(Some("B"), "b", "x.test")]
            }),
            single(None, "c", "y.test"),
            Address::Group(Group {
                name: "Empty".into(),
                members: vec![]
            }),
            Address::Group(Group {
                name: "Nested".into(),
                members: vec![]
            }),
        ]
    );
    // A group inside a group is not allowed: the member is skipped.
    assert_eq!(defects, [(DefectKind::InvalidAddress, 58)]);
    let list = AddressList::parse(raw, &mut Vec::new());
    let all: Vec<String> = list.mailboxes().map(Mailbox::address).collect();
    assert_eq!(all, ["a@x.test", "b@x.test", "c@y.test"]);
    // A group without a name.
    let (list, defects) = parse(b":a@b.test;");
    assert_eq!(
        list,
        [Address::Group(Group {
            name: "".into(),
            members: vec![mbox(None, "a", "b.test")]
        })]
    );
    assert_eq!(defects, [(DefectKind::InvalidDisplayName, 0)]);
    // Null members and CFWS in a group (obs-group-list).
    let (list, defects) = parse(b"G:(x), ,a@b.test, ;");
    assert_eq!(list[0], {
        Address::Group(Group {
            name: "G".into(),
            members: vec![mbox(None, "a", "b.test")],
        })
    });
    assert_eq!(defects, []);
}

#[test]
fn malformed_local_parts_and_domains_are_kept() {
    assert_eq!(
        parse(b"john..doe@example.com"),
        (
            vec![single(None, "john..doe", "example.com")],
            vec![(DefectKind::InvalidLocalPart, 0)]
        )
    );
    // The mobile-carrier habit of a dot before the `@`.
    assert_eq!(
        parse(b"<taro.@docomo.example>"),
        (
            vec![single(None, "taro.", "docomo.example")],
            vec![(DefectKind::InvalidLocalPart, 1)]
        )
    );
    assert_eq!(
        parse(b"john smith@example.com"),
        (
            vec![single(None, "john smith", "example.com")],
            vec![(DefectKind::InvalidLocalPart, 0)]
        )
    );
    assert_eq!(
        parse(b"a@example.com."),
        (
            vec![single(None, "a", "example.com.")],
            vec![(DefectKind::InvalidDomain, 2)]
        )
    );
    assert_eq!(
        parse(b"a@x..y"),
        (
            vec![single(None, "a", "x..y")],
            vec![(DefectKind::InvalidDomain, 2)]
        )
    );
    assert_eq!(
        parse(b"a@, b@c.test"),
        (
            vec![single(None, "a", ""), single(None, "b", "c.test")],
            vec![(DefectKind::MissingAddressDomain, 2)]
        )
    );
}

#[test]
fn quoted_local_parts_and_domain_literals() {
    let (list, defects) = parse(
        b"\"john smith\"@example.com, <\"a\\\"b\"@[192.0.2.1]>, x@[ IPv6:2001:db8::1 ], y@[a\\]b]",
    );
    assert_eq!(
        list,
        [
            single(None, "john smith", "example.com"),
            single(None, "a\"b", "[192.0.2.1]"),
            single(None, "x", "[IPv6:2001:db8::1]"),
            single(None, "y", "[a]b]"),
        ]
    );
    assert_eq!(defects, []);
    let addrs: Vec<String> = list
        .iter()
        .flat_map(Address::mailboxes)
        .map(Mailbox::address)
        .collect();
    assert_eq!(
        addrs,
        [
            "\"john smith\"@example.com",
            "\"a\\\"b\"@[192.0.2.1]",
            "x@[IPv6:2001:db8::1]",
            "y@[a]b]"
        ]
    );
    let Address::Mailbox(m) = &list[0] else {
        panic!()
    };
    assert!(matches!(m.local_part, Cow::Borrowed("john smith")));
    let (_, defects) = parse(b"a@[1.2.3.4");
    assert_eq!(defects, [(DefectKind::InvalidDomain, 2)]);
}

#[test]
fn utf8_addresses_rfc_6532() {
    let raw = "Jöran Øster <jöran@bücher.example>, \"Ünï Cödé\" <ü@ü.example>".as_bytes();
    let (list, defects) = parse(raw);
    assert_eq!(
        list,
        [
            single(Some("Jöran Øster"), "jöran", "bücher.example"),
            single(Some("Ünï Cödé"), "ü", "ü.example"),
        ]
    );
    assert_eq!(defects, []);
    for m in list.iter().flat_map(Address::mailboxes) {
        assert!(matches!(m.name, Some(Cow::Borrowed(_))));
        assert!(matches!(m.local_part, Cow::Borrowed(_)));
        assert!(matches!(m.domain, Cow::Borrowed(_)));
    }
    // Bytes that are not UTF-8 become U+FFFD rather than failing.
    let (list, _) = parse(b"J\xF6ran <j\xF6@x.test>");
    assert_eq!(list, [single(Some("J\u{FFFD}ran"), "j\u{FFFD}", "x.test")]);
}

#[test]
fn display_names_are_normalised() {
    let (list, defects) = parse(
        b"John\t Smith <a@x.test>, John (the man) Smith <b@x.test>, \"  spaced   out \" <c@x.test>, \
          \"\" <d@x.test>, \"a\\\\b\" <e@x.test>, Joe \"Q.\" Public <f@x.test>",
    );
    let names: Vec<Option<&str>> = list
        .iter()
        .flat_map(Address::mailboxes)
        .map(|m| m.name.as_deref())
        .collect();
    assert_eq!(
        names,
        [
            Some("John Smith"),
            Some("John Smith"),
            Some("  spaced   out "),
            None,
            Some("a\\b"),
            Some("Joe Q. Public"),
        ]
    );
    assert_eq!(defects, []);
}

#[test]
fn encoded_words_in_display_names() {
    let (list, defects) = parse(
        b"=?utf-8?q?Smith,_John?= <j@x.test>, \"=?utf-8?q?J=C3=B6rg?=\" <k@x.test>, \
          =?utf-8?q?a?= =?utf-8?q?b?= (c) <l@x.test>, =?utf-8?q?Joe_Q._Public?= <m@x.test>, \
          m@x.test (=?utf-8?q?Comment?=)",
    );
    let names: Vec<String> = list
        .iter()
        .flat_map(Address::mailboxes)
        .map(|m| m.name.as_deref().unwrap().to_owned())
        .collect();
    assert_eq!(
        names,
        [
            decoded("=?utf-8?q?Smith,_John?="),
            decoded("=?utf-8?q?J=C3=B6rg?="),
            decoded("=?utf-8?q?a?= =?utf-8?q?b?="),
            decoded("=?utf-8?q?Joe_Q._Public?="),
            decoded("=?utf-8?q?Comment?="),
        ]
    );
    assert_eq!(list.len(), 5);
    assert!(
        defects
            .iter()
            .all(|(k, _)| *k == DefectKind::InvalidEncodedWord)
    );
}

#[test]
fn helpers_and_into_owned() {
    let raw = String::from("A: \"x y\"@a.test;, B <b@b.test>, c");
    let owned: AddressList<'static> = {
        let mut defects = Vec::new();
        let list = AddressList::parse(raw.as_bytes(), &mut defects);
        assert_eq!(
            defects,
            [Defect::new(DefectKind::MissingAddressDomain, raw.len())]
        );
        list.into_owned()
    };
    drop(raw);
    let addrs: Vec<String> = owned.mailboxes().map(Mailbox::address).collect();
    assert_eq!(addrs, ["\"x y\"@a.test", "b@b.test", "c"]);
    assert!(!owned.is_empty());
    assert_eq!(owned.addresses[1].mailboxes().len(), 1);
    assert!(AddressList::parse(b" ,, (nothing) ", &mut Vec::new()).is_empty());
    let m = mbox(Some("N"), "a.b", "c");
    assert_eq!(m.clone().into_owned(), m);
    assert_eq!(mbox(None, ".a", "c").address(), "\".a\"@c");
    assert_eq!(mbox(None, "a\\b", "c").address(), "\"a\\\\b\"@c");
}
