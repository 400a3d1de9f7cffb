//! The deviations of real servers that [`Quirks`] lists for responses: each accepted with
//! `Quirks::default()` and with its own switch alone, refused with `Quirks::STRICT`, and
//! never written by the encoder (what is written parses strictly).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::num::NonZeroU32;

use imap_proto::encode::Encode;
use imap_proto::response::{Code, Continuation, Data, Quirks, Response, State, Status, StatusItem};
use imap_proto::types::{Flag, FlagPerm, Mailbox, SequenceSet};

fn nz(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n).unwrap()
}

/// `wire` parses with the defaults and with only the quirk `only` sets, not strictly; the
/// value is written in a form that parses strictly to the same value. Returns the value.
fn quirk(wire: &[u8], only: Quirks) -> Response<'_> {
    let show = String::from_utf8_lossy(wire);
    assert!(
        Response::parse_with(wire, Quirks::STRICT).is_err(),
        "strict accepted {show:?}"
    );
    let (value, rest) =
        Response::parse(wire).unwrap_or_else(|e| panic!("default refused {show:?}: {e}"));
    assert!(rest.is_empty(), "{show}");
    let (alone, _) = Response::parse_with(wire, only)
        .unwrap_or_else(|e| panic!("the quirk alone refused {show:?}: {e}"));
    assert_eq!(alone, value);
    let written = value.to_wire();
    let (again, rest) = Response::parse_with(&written, Quirks::STRICT).unwrap_or_else(|e| {
        panic!(
            "written form {:?} not strict: {e}",
            String::from_utf8_lossy(&written)
        )
    });
    assert!(rest.is_empty());
    assert_eq!(again, value);
    value
}

fn status_code(r: &Response<'_>) -> Option<Code<'static>> {
    match r {
        Response::Status(s) => s.text.code().cloned().map(Code::into_owned),
        Response::Tagged(t) => t.text.code().cloned().map(Code::into_owned),
        _ => None,
    }
}

#[test]
fn code_without_text() {
    let only = Quirks {
        code_without_text: true,
        ..Quirks::STRICT
    };
    // Gmail (and RFC 7162 §3.1.2.1's own example).
    let r = quirk(b"* OK [HIGHESTMODSEQ 715194045007]\r\n", only);
    assert_eq!(status_code(&r), Some(Code::HighestModSeq(715_194_045_007)));
    assert_eq!(r.to_wire(), b"* OK [HIGHESTMODSEQ 715194045007] \r\n");
    let r = quirk(b"A1 OK [COPYUID 38505 304 3956]\r\n", only);
    assert_eq!(
        status_code(&r),
        Some(Code::CopyUid {
            uid_validity: nz(38505),
            source: SequenceSet::from_numbers([nz(304)]).unwrap(),
            destination: SequenceSet::from_numbers([nz(3956)]).unwrap(),
        })
    );
    let Response::Tagged(t) = &r else { panic!() };
    assert_eq!((t.state, t.text.text().as_str()), (State::Ok, ""));
}

#[test]
fn missing_text() {
    let only = Quirks {
        missing_text: true,
        ..Quirks::STRICT
    };
    let r = quirk(b"A1 OK\r\n", only);
    let Response::Tagged(t) = &r else { panic!() };
    assert_eq!(
        (t.tag.as_str(), t.state, t.text.code()),
        ("A1", State::Ok, None)
    );
    assert_eq!(r.to_wire(), b"A1 OK \r\n");
    let r = quirk(b"* BYE\r\n", only);
    assert!(matches!(r, Response::Status(ref s) if s.status == Status::Bye));
}

#[test]
fn empty_continuation() {
    let only = Quirks {
        empty_continuation: true,
        ..Quirks::STRICT
    };
    let r = quirk(b"+\r\n", only);
    assert!(matches!(r, Response::Continue(Continuation::Base64(ref b)) if b.as_str().is_empty()));
    assert_eq!(r.to_wire(), b"+ \r\n");
}

#[test]
fn extra_spaces() {
    let only = Quirks {
        extra_spaces: true,
        ..Quirks::STRICT
    };
    // Exchange.
    let r = quirk(b"* STATUS INBOX (MESSAGES 1 )\r\n", only);
    assert_eq!(
        r,
        Response::Data(Data::Status {
            mailbox: Mailbox::Inbox,
            items: vec![StatusItem::Messages(1)],
        })
    );
    assert_eq!(r.to_wire(), b"* STATUS INBOX (MESSAGES 1)\r\n");
    let r = quirk(b"* STATUS INBOX  (MESSAGES 1  UIDNEXT 2)\r\n", only);
    assert!(matches!(r, Response::Data(Data::Status { ref items, .. }) if items.len() == 2));
    quirk(b"* STATUS INBOX ( MESSAGES 1)\r\n", only);
    let r = quirk(b"* CAPABILITY IMAP4rev1 \r\n", only);
    assert!(matches!(r, Response::Data(Data::Capability(ref c)) if c.len() == 1));
    quirk(b"*  CAPABILITY  IMAP4rev1  IDLE\r\n", only);
    quirk(b"* OK [CAPABILITY IMAP4rev1 IDLE ] hi\r\n", only);
    quirk(b"* SEARCH 1 2 \r\n", only);
    quirk(b"* SEARCH  1\r\n", only);
    quirk(b"* 3  EXISTS\r\n", only);
    quirk(b"* FLAGS (\\Seen  \\Draft )\r\n", only);
    quirk(b"* LIST (\\Noselect  \\Marked) \"/\"  foo\r\n", only);
    quirk(b"* LIST () \"/\" foo \r\n", only);
    quirk(
        b"* NAMESPACE ((\"\" \"/\") (\"#mh/\" \"/\"))  NIL NIL\r\n",
        only,
    );
    quirk(
        b"* NAMESPACE ((\"\" \"/\" \"X\" (\"a\" \"b\" ))) NIL NIL\r\n",
        only,
    );
    quirk(b"* QUOTA \"\" (STORAGE 10 512 )\r\n", only);
    quirk(b"* ID (\"name\" \"x\" )\r\n", only);
    quirk(b"* THREAD (1)(2 (3)(4)) (5)\r\n", only);
    quirk(b"* ESEARCH (TAG \"a\" ) UID  COUNT 3 \r\n", only);
    quirk(b"* ENABLED CONDSTORE \r\n", only);
    quirk(b"* VANISHED  1:3\r\n", only);
    quirk(b"* OK [PERMANENTFLAGS ( \\Seen)] x\r\n", only);
    quirk(b"* OK [BADCHARSET (UTF-8 )] x\r\n", only);
}

#[test]
fn eight_bit_quoted() {
    let only = Quirks {
        eight_bit_quoted: true,
        ..Quirks::STRICT
    };
    // A Latin-1 name: kept as its octets.
    let r = quirk(b"* LIST () \"/\" \"Gr\xfc\xdfe\"\r\n", only);
    let Response::Data(Data::List(l)) = &r else {
        panic!()
    };
    assert_eq!(l.mailbox.as_bytes(), b"Gr\xfc\xdfe");
    // Written as a literal (not UTF-8, so not quotable).
    assert_eq!(r.to_wire(), b"* LIST () \"/\" {5}\r\nGr\xfc\xdfe\r\n");
    quirk(b"* STATUS \"Entw\xfcrfe\" (MESSAGES 1)\r\n", only);
    quirk(b"* ID (\"name\" \"Caf\xe9\")\r\n", only);
    // Latin-1 text is decoded lossily.
    let r = quirk(b"* OK Gr\xfc\xdfe\r\n", only);
    let Response::Status(s) = &r else { panic!() };
    assert_eq!(s.text.text().as_str(), "Gr\u{fffd}\u{fffd}e");
}

#[test]
fn wildcard_in_flags() {
    let only = Quirks {
        wildcard_in_flags: true,
        ..Quirks::STRICT
    };
    let r = quirk(b"* FLAGS (\\Seen \\* \\Draft)\r\n", only);
    assert_eq!(
        r,
        Response::Data(Data::Flags(vec![Flag::Seen, Flag::Draft]))
    );
}

#[test]
fn odd_flags() {
    let only = Quirks {
        odd_flags: true,
        ..Quirks::STRICT
    };
    // Gmail-style keywords with octets an atom cannot hold: skipped, the others kept.
    let r = quirk(b"* FLAGS (\\Seen $Foo] bar%baz * \\Draft)\r\n", only);
    assert_eq!(
        r,
        Response::Data(Data::Flags(vec![Flag::Seen, Flag::Draft]))
    );
    let r = quirk(b"* OK [PERMANENTFLAGS (\\Seen $Foo] \\*)] ok\r\n", only);
    assert_eq!(
        status_code(&r),
        Some(Code::PermanentFlags(vec![
            FlagPerm::Flag(Flag::Seen),
            FlagPerm::Asterisk
        ]))
    );
}

#[test]
fn strict_refuses_what_no_quirk_allows() {
    for bad in [
        &b"* OK [ALERT]x\r\n"[..],
        b"* STATUS INBOX (MESSAGES 1 ) x\r\n",
        b"* FLAGS (\\Seen (\r\n",
        b"+x\r\n",
        b"A1 OKAY\r\n",
    ] {
        assert!(
            Response::parse(bad).is_err(),
            "{:?}",
            String::from_utf8_lossy(bad)
        );
    }
}
