//! FETCH response data (`msg-att`) from the RFCs' examples: RFC 3501 §6.4.5, §7.4.2, §8;
//! RFC 9051 (same sections); RFC 7162 (MODSEQ); RFC 3516 (BINARY). Each is parsed to the
//! values the RFC means, written back to the exact bytes, and parsed again to the same value.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::num::NonZeroU32;

use imap_proto::command::{Section, SectionText};
use imap_proto::encode::EncodeOptions;
use imap_proto::response::Quirks;
use imap_proto::response::fetch::{
    Address, BinaryData, BodyKind, BodyStructure, MessageAttribute, encode_msg_atts, parse_msg_atts,
};
use imap_proto::types::{AString, DateTime, Flag, IString, Literal8, LiteralMode, NString};
use imap_proto::{ParseError, Rule};

/// Parses `wire` (a msg-att list then CRLF) strictly, checks that it is written back to the
/// same bytes and re-parses equal; returns the items.
fn round_trip(wire: &[u8]) -> Vec<MessageAttribute<'_>> {
    let (items, rest) = parse_msg_atts(wire, Quirks::STRICT).unwrap();
    assert_eq!(rest, b"\r\n");
    let written = encode_msg_atts(&items, EncodeOptions::default());
    assert_eq!(
        String::from_utf8_lossy(&written),
        String::from_utf8_lossy(&wire[..wire.len() - 2])
    );
    let (again, rest) = parse_msg_atts(&written, Quirks::STRICT).unwrap();
    assert!(rest.is_empty());
    assert_eq!(again, items);
    // Lenient parsing reads strict input the same way.
    assert_eq!(parse_msg_atts(wire, Quirks::LENIENT).unwrap().0, items);
    items.into_vec()
}

fn ns(s: &str) -> NString<'static> {
    NString(Some(IString::new(s.as_bytes().to_vec()).unwrap()))
}

fn is(s: &str) -> IString<'static> {
    IString::new(s.as_bytes().to_vec()).unwrap()
}

fn uid(n: u32) -> MessageAttribute<'static> {
    MessageAttribute::Uid(NonZeroU32::new(n).unwrap())
}

fn addr(name: Option<&str>, mailbox: &str, host: &str) -> Address<'static> {
    Address {
        name: name.map_or(NString(None), ns),
        adl: NString(None),
        mailbox: ns(mailbox),
        host: ns(host),
    }
}

#[test]
fn rfc3501_section8_fetch_full() {
    let wire = concat!(
        r#"(FLAGS (\Seen) INTERNALDATE "17-Jul-1996 02:44:25 -0700" "#,
        r#"RFC822.SIZE 4286 ENVELOPE ("Wed, 17 Jul 1996 02:23:25 -0700 (PDT)" "#,
        r#""IMAP4rev1 WG mtg summary and minutes" "#,
        r#"(("Terry Gray" NIL "gray" "cac.washington.edu")) "#,
        r#"(("Terry Gray" NIL "gray" "cac.washington.edu")) "#,
        r#"(("Terry Gray" NIL "gray" "cac.washington.edu")) "#,
        r#"((NIL NIL "imap" "cac.washington.edu")) "#,
        r#"((NIL NIL "minutes" "CNRI.Reston.VA.US")("John Klensin" NIL "KLENSIN" "MIT.EDU")) NIL NIL "#,
        r#""<B27397-0100000@cac.washington.edu>") "#,
        r#"BODY ("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 3028 92))"#,
        "\r\n"
    );
    let items = round_trip(wire.as_bytes());
    assert_eq!(items.len(), 5);
    assert_eq!(items[0], MessageAttribute::Flags(vec![Flag::Seen]));
    let MessageAttribute::InternalDate(date) = &items[1] else {
        panic!("{:?}", items[1])
    };
    assert_eq!(
        *date,
        DateTime::parse(b"\"17-Jul-1996 02:44:25 -0700\"")
            .unwrap()
            .0
    );
    assert_eq!(date.zone_minutes(), -420);
    assert_eq!(items[2], MessageAttribute::Rfc822Size(4286));
    let MessageAttribute::Envelope(env) = &items[3] else {
        panic!("{:?}", items[3])
    };
    assert_eq!(env.date, ns("Wed, 17 Jul 1996 02:23:25 -0700 (PDT)"));
    assert_eq!(env.subject, ns("IMAP4rev1 WG mtg summary and minutes"));
    let terry = vec![addr(Some("Terry Gray"), "gray", "cac.washington.edu")];
    assert_eq!(
        (&env.from, &env.sender, &env.reply_to),
        (&terry, &terry, &terry)
    );
    assert_eq!(env.to, vec![addr(None, "imap", "cac.washington.edu")]);
    assert_eq!(
        env.cc,
        vec![
            addr(None, "minutes", "CNRI.Reston.VA.US"),
            addr(Some("John Klensin"), "KLENSIN", "MIT.EDU")
        ]
    );
    assert!(env.bcc.is_empty());
    assert_eq!(env.in_reply_to, NString(None));
    assert_eq!(env.message_id, ns("<B27397-0100000@cac.washington.edu>"));
    let MessageAttribute::Body(body) = &items[4] else {
        panic!("{:?}", items[4])
    };
    let BodyStructure::Single { part, extension } = &**body else {
        panic!("{body:?}")
    };
    assert!(extension.is_none());
    assert_eq!(
        part.kind,
        BodyKind::Text {
            subtype: is("PLAIN"),
            lines: 92
        }
    );
    assert_eq!(part.fields.params.len(), 1);
    assert_eq!(part.fields.params[0].name, is("CHARSET"));
    assert_eq!(part.fields.params[0].value, is("US-ASCII"));
    assert_eq!(
        (&part.fields.id, &part.fields.description),
        (&NString(None), &NString(None))
    );
    assert_eq!(part.fields.encoding, is("7BIT"));
    assert_eq!(part.fields.octets, 3028);
}

const HEADER_342: &str = "Date: Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\r\n\
From: Terry Gray <gray@cac.washington.edu>\r\n\
Subject: IMAP4rev1 WG mtg summary and minutes\r\n\
To: imap@cac.washington.edu\r\n\
cc: minutes@CNRI.Reston.VA.US, John Klensin <KLENSIN@MIT.EDU>\r\n\
Message-Id: <B27397-0100000@cac.washington.edu>\r\n\
MIME-Version: 1.0\r\n\
Content-Type: TEXT/PLAIN; CHARSET=US-ASCII\r\n\
\r\n";

#[test]
fn rfc3501_section8_body_header_literal() {
    let wire = format!("(BODY[HEADER] {{342}}\r\n{HEADER_342})\r\n");
    let items = round_trip(wire.as_bytes());
    assert_eq!(
        items,
        [MessageAttribute::BodySection {
            section: Section::new(vec![], Some(SectionText::Header)).unwrap(),
            origin: None,
            data: ns(HEADER_342),
        }]
    );
    // The data is a slice of the input, not a copy.
    let (items, _) = parse_msg_atts(wire.as_bytes(), Quirks::STRICT).unwrap();
    let MessageAttribute::BodySection { data, .. } = &items[0] else {
        panic!()
    };
    let data = data.0.as_ref().unwrap().as_bytes();
    let input = wire.as_bytes().as_ptr_range();
    assert!(input.contains(&data.as_ptr()));
    // Cut anywhere inside, the input is incomplete, never invalid.
    for cut in 1..wire.len() - 2 {
        let err = parse_msg_atts(&wire.as_bytes()[..cut], Quirks::STRICT).unwrap_err();
        assert!(err.is_incomplete(), "cut at {cut}: {err:?}");
    }
}

#[test]
fn rfc3501_and_9051_flag_and_uid_examples() {
    let seen_deleted = MessageAttribute::Flags(vec![Flag::Seen, Flag::Deleted]);
    assert_eq!(
        round_trip(b"(FLAGS (\\Seen \\Deleted))\r\n"),
        std::slice::from_ref(&seen_deleted)
    );
    assert_eq!(
        round_trip(b"(FLAGS (\\Deleted \\Flagged \\Seen))\r\n"),
        [MessageAttribute::Flags(vec![
            Flag::Deleted,
            Flag::Flagged,
            Flag::Seen
        ])]
    );
    assert_eq!(
        round_trip(b"(FLAGS (\\Seen) UID 4827313)\r\n"),
        [MessageAttribute::Flags(vec![Flag::Seen]), uid(4827313)]
    );
    assert_eq!(
        round_trip(b"(FLAGS (\\Seen) RFC822.SIZE 44827)\r\n"),
        [
            MessageAttribute::Flags(vec![Flag::Seen]),
            MessageAttribute::Rfc822Size(44827)
        ]
    );
    // RFC 9051 §6.4.8, §7.5.2.
    assert_eq!(
        round_trip(b"(FLAGS (\\Seen) RFC822.SIZE 44827 UID 447)\r\n"),
        [
            MessageAttribute::Flags(vec![Flag::Seen]),
            MessageAttribute::Rfc822Size(44827),
            uid(447)
        ]
    );
    assert_eq!(
        round_trip(b"(UID 1305 FLAGS (\\Seen \\Deleted))\r\n"),
        [uid(1305), seen_deleted]
    );
}

#[test]
fn rfc7162_modseq_examples() {
    assert_eq!(
        round_trip(b"(UID 4 MODSEQ (12121231000))\r\n"),
        [uid(4), MessageAttribute::ModSeq(12121231000)]
    );
    assert_eq!(
        round_trip(b"(MODSEQ (320162342) FLAGS (\\Seen \\Deleted))\r\n"),
        [
            MessageAttribute::ModSeq(320162342),
            MessageAttribute::Flags(vec![Flag::Seen, Flag::Deleted])
        ]
    );
    let items = round_trip(b"(UID 8 MODSEQ (29738) FLAGS ($NoJunk $AutoJunk $MDNSent))\r\n");
    let MessageAttribute::Flags(flags) = &items[2] else {
        panic!()
    };
    assert_eq!(flags.len(), 3);
    assert_eq!(
        round_trip(b"(FLAGS (\\Deleted \\Answered) MODSEQ (12121231000))\r\n")[1],
        MessageAttribute::ModSeq(12121231000)
    );
    // `\SEEN` is the same flag; it is written in its canonical case.
    let (items, _) =
        parse_msg_atts(b"(MODSEQ (320172342) FLAGS (\\SEEN))", Quirks::STRICT).unwrap();
    assert_eq!(items[1], MessageAttribute::Flags(vec![Flag::Seen]));
}

#[test]
fn rfc3516_binary_and_binary_size() {
    let items = round_trip(b"(BINARY[1.2] ~{5}\r\nab\0cd BINARY.SIZE[3] 4422)\r\n");
    assert_eq!(
        items,
        [
            MessageAttribute::Binary {
                part: vec![NonZeroU32::new(1).unwrap(), NonZeroU32::new(2).unwrap()],
                origin: None,
                data: BinaryData::Literal8(Literal8::new(&b"ab\0cd"[..], LiteralMode::Sync)),
            },
            MessageAttribute::BinarySize {
                part: vec![NonZeroU32::new(3).unwrap()],
                size: 4422
            },
        ]
    );
    // RFC 9051 §7.5.2: a partial BINARY answer names its origin; text may come as a string.
    let items = round_trip(b"(BINARY[]<100> \"abc\")\r\n");
    assert!(matches!(
        &items[0],
        MessageAttribute::Binary { part, origin: Some(100), data: BinaryData::NString(_) }
            if part.is_empty()
    ));
    // A NUL outside a literal8 is invalid.
    assert!(parse_msg_atts(b"(BINARY[] {3}\r\na\0c)", Quirks::LENIENT).is_err());
}

#[test]
fn body_sections_and_rfc822_items() {
    let items = round_trip(
        b"(BODY[1.2.HEADER.FIELDS (DATE FROM)]<0> {8}\r\nDate: x\n RFC822.TEXT NIL RFC822 \"x\" RFC822.HEADER \"\")\r\n",
    );
    let MessageAttribute::BodySection {
        section, origin, ..
    } = &items[0]
    else {
        panic!()
    };
    assert_eq!(section.part().len(), 2);
    assert_eq!(*origin, Some(0));
    assert!(matches!(
        section.text(),
        Some(SectionText::HeaderFields { not: false, fields }) if fields.len() == 2
    ));
    assert_eq!(items[1], MessageAttribute::Rfc822Text(NString(None)));
    assert_eq!(items[2], MessageAttribute::Rfc822(ns("x")));
    assert_eq!(items[3], MessageAttribute::Rfc822Header(ns("")));
    round_trip(b"(BODY[] NIL BODY[2.MIME] \"\" BODY[TEXT]<5> \"abc\" BODY[3.HEADER.FIELDS.NOT (X)] NIL)\r\n");
    // MIME needs a part number.
    assert!(parse_msg_atts(b"(BODY[MIME] NIL)", Quirks::LENIENT).is_err());
}

#[test]
fn objectid_and_gmail_items() {
    let items = round_trip(
        b"(EMAILID (M6d99ac3275bb4e) THREADID (T64b478a75b7ea9) X-GM-MSGID 1278455344230334865 X-GM-THRID 1266894439832287888 X-GM-LABELS (\"\\\\Inbox\" \"\\\\Sent\" Important \"Muy Importante\"))\r\n",
    );
    let MessageAttribute::EmailId(id) = &items[0] else {
        panic!()
    };
    assert_eq!(id.as_str(), "M6d99ac3275bb4e");
    assert!(
        matches!(&items[1], MessageAttribute::ThreadId(Some(t)) if t.as_str() == "T64b478a75b7ea9")
    );
    assert_eq!(items[2], MessageAttribute::GmailMsgId(1278455344230334865));
    assert_eq!(items[3], MessageAttribute::GmailThrId(1266894439832287888));
    // Gmail writes system labels as `\Inbox`; the same label as a quoted string.
    let (gmail, _) = parse_msg_atts(
        b"(X-GM-LABELS (\\Inbox \\Sent Important \"Muy Importante\"))",
        Quirks::STRICT,
    )
    .unwrap();
    assert_eq!(gmail[0], items[4]);
    let MessageAttribute::GmailLabels(labels) = &gmail[0] else {
        panic!()
    };
    assert_eq!(labels[0], AString::new(&b"\\Inbox"[..]).unwrap());
    assert_eq!(
        round_trip(b"(THREADID NIL X-GM-LABELS ())\r\n")[0],
        MessageAttribute::ThreadId(None)
    );
}

fn strict(s: &[u8]) -> Result<Vec<MessageAttribute<'_>>, ParseError> {
    parse_msg_atts(s, Quirks::STRICT).map(|(items, _)| items.into_vec())
}

#[test]
fn invalid_and_incomplete() {
    assert!(matches!(
        strict(b"(FOO 1)"),
        Err(ParseError::Invalid {
            rule: Rule::MsgAtt,
            offset: 1
        })
    ));
    assert!(strict(b"()").is_err());
    assert!(strict(b"(UID 0)").is_err());
    assert!(strict(b"(UID 12").unwrap_err().is_incomplete());
    assert!(strict(b"(BODY[] {10}\r\nabc").unwrap_err().is_incomplete());
    assert!(strict(b"(ENVELOPE (NIL NIL () NIL NIL NIL NIL NIL NIL NIL))").is_err());
    // Item names are matched without case.
    assert_eq!(strict(b"(uid 5)").unwrap()[0], uid(5));
}
