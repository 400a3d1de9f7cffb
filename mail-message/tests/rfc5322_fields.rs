//! The field parsers against every example message of RFC 5322 Appendix A (A.1.1 - A.6.3):
//! each field value is given as its raw bytes (after the colon, folds kept) and the parsed
//! value is compared with what the RFC text says it means.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::borrow::Cow;

use mail_message::field::address::{Address, AddressList, Group, Mailbox};
use mail_message::field::date::DateTime;
use mail_message::field::message_id::MessageId;
use mail_message::field::received::Received;
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

fn group(name: &str, members: Vec<Mailbox<'static>>) -> Address<'static> {
    Address::Group(Group {
        name: Cow::Owned(name.to_owned()),
        members,
    })
}

/// Parses an address list that must have no defects.
fn addresses(raw: &[u8]) -> Vec<Address<'_>> {
    let mut defects = Vec::new();
    let list = AddressList::parse(raw, &mut defects);
    assert_eq!(defects, [], "defects in {:?}", String::from_utf8_lossy(raw));
    list.addresses
}

fn sender(raw: &[u8]) -> Mailbox<'_> {
    let mut defects = Vec::new();
    let m = Mailbox::parse(raw, &mut defects).unwrap();
    assert_eq!(defects, []);
    m
}

fn date(raw: &[u8]) -> DateTime {
    let mut defects = Vec::new();
    let d = DateTime::parse(raw, &mut defects).unwrap();
    assert_eq!(defects, [], "defects in {:?}", String::from_utf8_lossy(raw));
    d
}

fn dt(y: u16, mo: u8, d: u8, h: u8, mi: u8, s: u8, off: Option<i16>) -> DateTime {
    DateTime::new(y, mo, d, h, mi, s, off).unwrap()
}

fn msg_id(raw: &[u8]) -> String {
    let mut defects = Vec::new();
    let id = MessageId::parse(raw, &mut defects).unwrap();
    assert_eq!(defects, []);
    id.as_str().to_owned()
}

fn msg_ids(raw: &[u8]) -> Vec<String> {
    let mut defects = Vec::new();
    let ids = MessageId::parse_list(raw, &mut defects);
    assert_eq!(defects, []);
    ids.iter().map(|i| i.as_str().to_owned()).collect()
}

fn kinds(defects: &[Defect]) -> Vec<DefectKind> {
    defects.iter().map(|d| d.kind).collect()
}

// --- A.1.1 A message from one person to another with simple addressing ---

#[test]
fn a_1_1_simple_addressing() {
    assert_eq!(
        addresses(b" John Doe <jdoe@machine.example>"),
        [single(Some("John Doe"), "jdoe", "machine.example")]
    );
    assert_eq!(
        addresses(b" Mary Smith <mary@example.net>"),
        [single(Some("Mary Smith"), "mary", "example.net")]
    );
    assert_eq!(
        date(b" Fri, 21 Nov 1997 09:55:06 -0600"),
        dt(1997, 11, 21, 9, 55, 6, Some(-360))
    );
    assert_eq!(
        msg_id(b" <1234@local.machine.example>"),
        "1234@local.machine.example"
    );
    // The second form, with a Sender.
    assert_eq!(
        sender(b" Michael Jones <mjones@machine.example>"),
        mbox(Some("Michael Jones"), "mjones", "machine.example")
    );
}

// --- A.1.2 Different types of mailboxes ---

#[test]
fn a_1_2_different_types_of_mailboxes() {
    assert_eq!(
        addresses(b" \"Joe Q. Public\" <john.q.public@example.com>"),
        [single(
            Some("Joe Q. Public"),
            "john.q.public",
            "example.com"
        )]
    );
    assert_eq!(
        addresses(b" Mary Smith <mary@x.test>, jdoe@example.org, Who? <one@y.test>"),
        [
            single(Some("Mary Smith"), "mary", "x.test"),
            single(None, "jdoe", "example.org"),
            single(Some("Who?"), "one", "y.test"),
        ]
    );
    assert_eq!(
        addresses(b" <boss@nil.test>, \"Giant; \\\"Big\\\" Box\" <sysservices@example.net>"),
        [
            single(None, "boss", "nil.test"),
            single(Some("Giant; \"Big\" Box"), "sysservices", "example.net"),
        ]
    );
    assert_eq!(
        date(b" Tue, 1 Jul 2003 10:52:37 +0200"),
        dt(2003, 7, 1, 10, 52, 37, Some(120))
    );
    assert_eq!(
        msg_id(b" <5678.21-Nov-1997@example.com>"),
        "5678.21-Nov-1997@example.com"
    );
}

// --- A.1.3 Group addresses ---

#[test]
fn a_1_3_group_addresses() {
    assert_eq!(
        addresses(b" Pete <pete@silly.example>"),
        [single(Some("Pete"), "pete", "silly.example")]
    );
    assert_eq!(
        addresses(b" A Group:Ed Jones <c@a.test>,joe@where.test,John <jdoe@one.test>;"),
        [group(
            "A Group",
            vec![
                mbox(Some("Ed Jones"), "c", "a.test"),
                mbox(None, "joe", "where.test"),
                mbox(Some("John"), "jdoe", "one.test"),
            ]
        )]
    );
    assert_eq!(
        addresses(b" Undisclosed recipients:;"),
        [group("Undisclosed recipients", vec![])]
    );
    assert_eq!(
        date(b" Thu, 13 Feb 1969 23:32:54 -0330"),
        dt(1969, 2, 13, 23, 32, 54, Some(-210))
    );
    assert_eq!(
        msg_id(b" <testabcd.1234@silly.example>"),
        "testabcd.1234@silly.example"
    );
}

// --- A.2 Reply messages ---

#[test]
fn a_2_reply_messages() {
    // First message: as A.1.1.
    assert_eq!(
        addresses(b" John Doe <jdoe@machine.example>"),
        [single(Some("John Doe"), "jdoe", "machine.example")]
    );
    // Mary's reply.
    assert_eq!(
        addresses(b" \"Mary Smith: Personal Account\" <smith@home.example>"),
        [single(
            Some("Mary Smith: Personal Account"),
            "smith",
            "home.example"
        )]
    );
    assert_eq!(
        date(b" Fri, 21 Nov 1997 10:01:10 -0600"),
        dt(1997, 11, 21, 10, 1, 10, Some(-360))
    );
    assert_eq!(msg_id(b" <3456@example.net>"), "3456@example.net");
    assert_eq!(
        msg_ids(b" <1234@local.machine.example>"),
        ["1234@local.machine.example"]
    );
    // John's reply to the reply.
    assert_eq!(
        date(b" Fri, 21 Nov 1997 11:00:00 -0600"),
        dt(1997, 11, 21, 11, 0, 0, Some(-360))
    );
    assert_eq!(
        msg_id(b" <abcd.1234@local.machine.test>"),
        "abcd.1234@local.machine.test"
    );
    assert_eq!(msg_ids(b" <3456@example.net>"), ["3456@example.net"]);
    assert_eq!(
        msg_ids(b" <1234@local.machine.example> <3456@example.net>"),
        ["1234@local.machine.example", "3456@example.net"]
    );
}

// --- A.3 Resent messages ---

#[test]
fn a_3_resent_messages() {
    assert_eq!(
        addresses(b" Mary Smith <mary@example.net>"),
        [single(Some("Mary Smith"), "mary", "example.net")]
    );
    assert_eq!(
        addresses(b" Jane Brown <j-brown@other.example>"),
        [single(Some("Jane Brown"), "j-brown", "other.example")]
    );
    assert_eq!(
        date(b" Mon, 24 Nov 1997 14:22:01 -0800"),
        dt(1997, 11, 24, 14, 22, 1, Some(-480))
    );
    assert_eq!(msg_id(b" <78910@example.net>"), "78910@example.net");
}

// --- A.4 Messages with trace fields ---

#[test]
fn a_4_trace_fields() {
    let raw: &[u8] = b" from x.y.test\r\n   by example.net\r\n   via TCP\r\n   with ESMTP\r\n   \
id ABC12345\r\n   for <mary@example.net>;  21 Nov 1997 10:05:43 -0600";
    let mut defects = Vec::new();
    let r = Received::parse(raw, &mut defects);
    assert_eq!(defects, []);
    let from = r.from.unwrap();
    assert_eq!(from.domain, "x.y.test");
    assert_eq!((from.tcp_info, from.ip), (None, None));
    assert_eq!(r.by.unwrap().domain, "example.net");
    assert_eq!(r.via.as_deref(), Some("TCP"));
    assert_eq!(r.with.as_deref(), Some("ESMTP"));
    assert_eq!(r.id.as_deref(), Some("ABC12345"));
    assert_eq!(r.for_address, Some(mbox(None, "mary", "example.net")));
    assert!(r.additional_clauses.is_empty());
    assert_eq!(r.date, Some(dt(1997, 11, 21, 10, 5, 43, Some(-360))));

    let r = Received::parse(
        b" from node.example by x.y.test; 21 Nov 1997 10:01:22 -0600",
        &mut defects,
    );
    assert_eq!(defects, []);
    assert_eq!(r.from.unwrap().domain, "node.example");
    assert_eq!(r.by.unwrap().domain, "x.y.test");
    assert_eq!(
        (r.via, r.with, r.id, r.for_address),
        (None, None, None, None)
    );
    assert_eq!(r.date, Some(dt(1997, 11, 21, 10, 1, 22, Some(-360))));

    assert_eq!(
        addresses(b" John Doe <jdoe@node.example>"),
        [single(Some("John Doe"), "jdoe", "node.example")]
    );
    assert_eq!(
        msg_id(b" <1234@local.node.example>"),
        "1234@local.node.example"
    );
}

// --- A.5 White space, comments, and other oddities ---

#[test]
fn a_5_white_space_comments_and_oddities() {
    let from = addresses(b" Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>");
    assert_eq!(from, [single(Some("Pete"), "pete", "silly.test")]);

    let to = addresses(
        b"A Group(Some people)\r\n     :Chris Jones <c@(Chris's host.)public.example>,\r\n\
         \x20        joe@example.org,\r\n  John <jdoe@one.test> (my dear friend); (the end of the group)",
    );
    assert_eq!(
        to,
        [group(
            "A Group",
            vec![
                mbox(Some("Chris Jones"), "c", "public.example"),
                mbox(None, "joe", "example.org"),
                mbox(Some("John"), "jdoe", "one.test"),
            ]
        )]
    );

    let cc = addresses(b"(Empty list)(start)Hidden recipients  :(nobody(that I know))  ;");
    assert_eq!(cc, [group("Hidden recipients", vec![])]);

    assert_eq!(
        date(
            b" Thu,\r\n      13\r\n        Feb\r\n          1969\r\n      23:32\r\n\
              \x20              -0330 (Newfoundland Time)"
        ),
        dt(1969, 2, 13, 23, 32, 0, Some(-210))
    );
    assert_eq!(
        msg_id(b"              <testabcd.1234@silly.test>"),
        "testabcd.1234@silly.test"
    );
}

#[test]
fn a_5_values_are_borrowed_where_possible() {
    let mut defects = Vec::new();
    let list = AddressList::parse(
        b" Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>",
        &mut defects,
    );
    let Address::Mailbox(m) = &list.addresses[0] else {
        panic!()
    };
    assert!(matches!(m.name, Some(Cow::Borrowed("Pete"))));
    assert!(matches!(m.local_part, Cow::Borrowed("pete")));
    assert!(matches!(m.domain, Cow::Borrowed("silly.test")));

    let list = AddressList::parse(
        b" \"Joe Q. Public\" <john.q.public@example.com>, Mary Smith <mary@x.test>",
        &mut defects,
    );
    for m in list.mailboxes() {
        assert!(matches!(m.name, Some(Cow::Borrowed(_))), "{m:?}");
        assert!(matches!(m.local_part, Cow::Borrowed(_)), "{m:?}");
        assert!(matches!(m.domain, Cow::Borrowed(_)), "{m:?}");
    }
    assert_eq!(defects, []);
}

// --- A.6 Obsolete forms ---

#[test]
fn a_6_1_obsolete_addressing() {
    assert_eq!(
        addresses(b" Joe Q. Public <john.q.public@example.com>"),
        [single(
            Some("Joe Q. Public"),
            "john.q.public",
            "example.com"
        )]
    );
    assert_eq!(
        addresses(b" Mary Smith <@node.test:mary@example.net>, , jdoe@test  . example"),
        [
            single(Some("Mary Smith"), "mary", "example.net"),
            single(None, "jdoe", "test.example"),
        ]
    );
    assert_eq!(
        date(b" Tue, 1 Jul 2003 10:52:37 +0200"),
        dt(2003, 7, 1, 10, 52, 37, Some(120))
    );
    assert_eq!(
        msg_id(b" <5678.21-Nov-1997@example.com>"),
        "5678.21-Nov-1997@example.com"
    );
}

#[test]
fn a_6_2_obsolete_dates() {
    assert_eq!(
        addresses(b" John Doe <jdoe@machine.example>"),
        [single(Some("John Doe"), "jdoe", "machine.example")]
    );
    assert_eq!(
        date(b" 21 Nov 97 09:55:06 GMT"),
        dt(1997, 11, 21, 9, 55, 6, Some(0))
    );
    // The date the brief quotes with a two-digit year and a day name.
    assert_eq!(
        date(b" Fri, 21 Nov 97 09:55:06 -0600"),
        dt(1997, 11, 21, 9, 55, 6, Some(-360))
    );
    assert_eq!(
        msg_id(b" <1234@local.machine.example>"),
        "1234@local.machine.example"
    );
}

#[test]
fn a_6_3_obsolete_white_space_and_comments() {
    // `From  : ...`: the white space before the colon belongs to the field name.
    assert_eq!(
        addresses(b" John Doe <jdoe@machine(comment).  example>"),
        [single(Some("John Doe"), "jdoe", "machine.example")]
    );
    // `To    : Mary Smith` CRLF `__` CRLF `          <mary@example.net>`: a line of
    // white space only inside the fold.
    assert_eq!(
        addresses(b" Mary Smith\r\n  \r\n          <mary@example.net>"),
        [single(Some("Mary Smith"), "mary", "example.net")]
    );
    assert_eq!(
        date(b" Fri, 21 Nov 1997 09(comment):   55  :  06 -0600"),
        dt(1997, 11, 21, 9, 55, 6, Some(-360))
    );
    assert_eq!(
        msg_id(b" <1234   @   local(blah)  .machine .example>"),
        "1234@local.machine.example"
    );
}

#[test]
fn obsolete_forms_from_the_brief() {
    assert_eq!(
        addresses(b" Mary Smith\r\n    \r\n    <mary@example.net>"),
        [single(Some("Mary Smith"), "mary", "example.net")]
    );
    assert_eq!(
        addresses(b" jdoe@test   . example"),
        [single(None, "jdoe", "test.example")]
    );
    // Obsolete local part: CFWS around the dots, quoted words.
    assert_eq!(
        addresses(b" john . (x) q.\"public\" @ example . com"),
        [single(None, "john.q.public", "example.com")]
    );
    // Several route domains, with CFWS and empty elements.
    assert_eq!(
        addresses(b" <@a.test, ,@b.test (c) :x@y.test>"),
        [single(None, "x", "y.test")]
    );
    // Null members at both ends of an obs-addr-list.
    assert_eq!(
        addresses(b" , a@b.test,,(c), c@d.test ,"),
        [single(None, "a", "b.test"), single(None, "c", "d.test")]
    );
}

#[test]
fn resent_and_single_mailbox_fields() {
    let mut defects = Vec::new();
    // A mailbox-list where one mailbox belongs: the first is kept, the rest reported.
    let m = Mailbox::parse(b" a@b.test, c@d.test", &mut defects).unwrap();
    assert_eq!(m, mbox(None, "a", "b.test"));
    assert_eq!(kinds(&defects), [DefectKind::InvalidAddress]);
    assert_eq!(defects[0].offset, 9);
    defects.clear();
    assert_eq!(Mailbox::parse(b" Group:;", &mut defects), None);
    assert_eq!(kinds(&defects), [DefectKind::InvalidAddress]);
    defects.clear();
    assert_eq!(Mailbox::parse(b"  ", &mut defects), None);
    assert_eq!(kinds(&defects), [DefectKind::InvalidAddress]);
}
