//! The examples of RFC 3501 and RFC 9051 (§§5-8) that exercise the core types and the
//! framing: each value parsed from the RFC's bytes, checked, and round-tripped
//! (parse → encode → parse gives the same value).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::num::NonZeroU32;

use imap_proto::encode::{Encode, EncodeOptions, NonSyncLiterals, Writer};
use imap_proto::frame::{Direction, Fragment, Framer};
use imap_proto::types::{
    AString, Date, DateTime, Flag, FlagPerm, Literal, LiteralMode, Mailbox, MailboxEncoding,
    SequenceSet, Tag,
};

/// Runs the framer over `wire` (accepting every literal) and returns the messages, each as
/// its contiguous octets.
fn messages(direction: Direction, wire: &[u8]) -> Vec<Vec<u8>> {
    let mut framer = Framer::new(direction);
    let (mut at, mut current, mut out) = (0, Vec::new(), Vec::new());
    while let Some(frame) = framer.next(&wire[at..]).unwrap() {
        current.extend_from_slice(&wire[at..at + frame.consumed]);
        at += frame.consumed;
        if frame.message_end {
            out.push(std::mem::take(&mut current));
        }
    }
    assert_eq!(at, wire.len(), "all of the input framed");
    out
}

/// parse → encode → parse.
macro_rules! round_trip {
    ($ty:ty, $value:expr) => {{
        let value = $value;
        let mut wire = value.to_wire();
        wire.extend_from_slice(b"\r\n");
        let (again, rest) = <$ty>::parse(&wire).unwrap();
        assert_eq!(rest, b"\r\n");
        assert_eq!(again, value);
    }};
}

#[test]
fn rfc3501_7_5_login_with_literals_and_a_rejected_one() {
    // RFC 3501 §7.5 (C: lines; each ends in CRLF on the wire).
    let wire = b"A001 LOGIN {11}\r\nFRED FOOBAR {7}\r\nfat man\r\nA044 BLURDYBLOOP {102856}\r\n";
    let mut framer = Framer::new(Direction::Commands);
    let mut at = 0;
    let mut seen = Vec::new();
    while let Some(frame) = framer.next(&wire[at..]).unwrap() {
        at += frame.consumed;
        if let Fragment::Line {
            literal: Some(a), ..
        } = frame.fragment
        {
            seen.push((framer.tag().unwrap().into_owned(), a.length, a.mode));
            if a.length == 102856 {
                // "S: A044 BAD No such command as "BLURDYBLOOP"": no '+', no data.
                assert!(framer.reject_literal());
            }
        }
    }
    assert_eq!(at, wire.len());
    assert!(framer.at_message_start());
    let a001 = Tag::new("A001").unwrap();
    assert_eq!(
        seen,
        [
            (a001.clone(), 11, LiteralMode::Sync),
            (a001, 7, LiteralMode::Sync),
            (Tag::new("A044").unwrap(), 102856, LiteralMode::Sync),
        ]
    );
    // The arguments, read from the whole message: two astrings sent as literals.
    let login = &messages(Direction::Commands, &wire[..43])[0];
    let (user, rest) = AString::parse(&login[b"A001 LOGIN ".len()..]).unwrap();
    assert_eq!(user.as_bytes(), b"FRED FOOBAR");
    let (password, rest) = AString::parse(&rest[1..]).unwrap();
    assert_eq!((password.as_bytes(), rest), (&b"fat man"[..], &b"\r\n"[..]));
    // Written again, they need no literal: quoted is cheaper.
    assert_eq!(user.to_wire(), b"\"FRED FOOBAR\"");
    round_trip!(AString<'_>, password);
}

/// RFC 9051 §6.3.12's message (297 octets with CRLF line ends).
fn rfc9051_message() -> Vec<u8> {
    [
        "Date: Mon, 7 Feb 1994 21:52:25 -0800 (PST)",
        "From: Fred Foobar <foobar@example.com>",
        "Subject: afternoon meeting",
        "To: mooch@example.com",
        "Message-Id: <B27397-0100000@example.com>",
        "MIME-Version: 1.0",
        "Content-Type: TEXT/PLAIN; CHARSET=US-ASCII",
        "",
        "Hello Joe, do you think we can meet at 3:30 tomorrow?",
        "",
    ]
    .join("\r\n")
    .into_bytes()
}

#[test]
fn rfc9051_6_3_12_append_with_a_non_synchronizing_literal() {
    let body = rfc9051_message();
    assert_eq!(body.len(), 297);
    let mut wire = b"A003 APPEND saved-messages (\\Seen) {297+}\r\n".to_vec();
    wire.extend_from_slice(&body);
    wire.extend_from_slice(b"\r\nA004 COPY 2:4 meeting\r\n");
    let msgs = messages(Direction::Commands, &wire);
    assert_eq!(msgs.len(), 2);
    let append = &msgs[0];
    let (mailbox, rest) = Mailbox::parse(&append[b"A003 APPEND ".len()..]).unwrap();
    assert_eq!(mailbox.as_bytes(), b"saved-messages");
    let (flag, rest) = Flag::parse(&rest[2..]).unwrap();
    assert_eq!(flag, Flag::Seen);
    let (literal, rest) = Literal::parse(&rest[2..]).unwrap();
    assert_eq!(
        (literal.data(), literal.mode(), rest),
        (&body[..], LiteralMode::NonSync, &b"\r\n"[..])
    );
    round_trip!(Literal<'_>, literal);
    round_trip!(Mailbox<'_>, mailbox);
    // A004: a sequence set and a mailbox.
    let (set, rest) = SequenceSet::parse(&msgs[1][b"A004 COPY ".len()..]).unwrap();
    assert_eq!(set.to_wire(), b"2:4");
    assert_eq!(Mailbox::parse(&rest[1..]).unwrap().0.as_bytes(), b"meeting");
}

#[test]
fn rfc9051_6_4_4_search_text_in_literals() {
    // "C: A285 SEARCH CHARSET UTF-8 TEXT {12}" / "C: отпуск" (12 octets of UTF-8), and
    // RFC 9051 §6.4.4.1's "TEXT {8+}" / "мать".
    for (head, text, mode) in [
        ("A285 SEARCH CHARSET UTF-8 TEXT ", "отпуск", "{12}"),
        (
            "P283 SEARCH CHARSET UTF-8 (OR $ 1,3000:3021) TEXT ",
            "мать",
            "{8+}",
        ),
    ] {
        let wire = format!("{head}{mode}\r\n{text}\r\n");
        let msgs = messages(Direction::Commands, wire.as_bytes());
        assert_eq!(msgs.len(), 1);
        let (s, rest) = AString::parse(&msgs[0][head.len()..]).unwrap();
        assert_eq!((s.as_str(), rest), (Some(text), &b"\r\n"[..]));
        // Without UTF8=ACCEPT it goes back in a literal; with it, quoted.
        assert_eq!(
            s.to_wire(),
            format!("{{{}}}\r\n{text}", text.len()).into_bytes()
        );
        let mut w = Writer::new(EncodeOptions {
            utf8: true,
            ..EncodeOptions::default()
        });
        w.value(&s);
        assert_eq!(w.bytes(), format!("\"{text}\"").as_bytes());
        round_trip!(AString<'_>, s);
    }
    // "(OR $ 1,3000:3021)": the saved result and a set.
    let (last, _) = SequenceSet::parse(b"$ 1,3000:3021)").unwrap();
    assert!(last.is_last_command());
    let (set, _) = SequenceSet::parse(b"1,3000:3021)").unwrap();
    let largest = NonZeroU32::new(5000).unwrap();
    assert_eq!(set.iter(largest).count(), 23);
    round_trip!(SequenceSet, set);
    round_trip!(SequenceSet, last);
}

#[test]
fn sequence_sets_from_the_rfcs() {
    // RFC 9051 §6.4.6 "STORE 2:4", §6.4.9 "UID FETCH 4827313:4828442", §9's examples.
    for (wire, largest, numbers) in [
        ("2:4", 10, vec![2, 3, 4]),
        ("4827313:4828442", 4828442, (4827313..=4828442).collect()),
        ("2,4:7,9,12:*", 15, vec![2, 4, 5, 6, 7, 9, 12, 13, 14, 15]),
        ("*:4,5:7", 10, vec![4, 5, 6, 7, 8, 9, 10]),
    ] {
        let input = format!("{wire} ");
        let (set, _) = SequenceSet::parse(input.as_bytes()).unwrap();
        let got: Vec<u32> = set.iter(NonZeroU32::new(largest).unwrap()).collect();
        assert_eq!(got, numbers, "{wire}");
        assert_eq!(set.to_wire(), wire.as_bytes());
        round_trip!(SequenceSet, set);
    }
}

#[test]
fn mailbox_names_from_the_rfcs() {
    // RFC 3501 §5.1.3, §6.3.3/§6.3.4, RFC 9051 §6.3.4-§6.3.9.
    for (wire, name) in [
        (
            &b"~peter/mail/&U,BTFw-/&ZeVnLIqe- "[..],
            "~peter/mail/台北/日本語",
        ),
        (b"owatagusiam/blurdybloop ", "owatagusiam/blurdybloop"),
        (b"owatagusiam/ ", "owatagusiam/"),
        (b"\"INBOX.Sent Mail\" ", "INBOX.Sent Mail"),
        (b"\"#mh/Deleted Items\" ", "#mh/Deleted Items"),
        (b"~/Mail/foo ", "~/Mail/foo"),
        (b"blurdybloop ", "blurdybloop"),
    ] {
        let (mailbox, rest) = Mailbox::parse(wire).unwrap();
        assert_eq!(rest, b" ");
        assert_eq!(
            mailbox.to_utf8(MailboxEncoding::ModifiedUtf7).unwrap(),
            name
        );
        assert_eq!(
            Mailbox::from_utf8(name, MailboxEncoding::ModifiedUtf7).unwrap(),
            mailbox
        );
        round_trip!(Mailbox<'_>, mailbox);
    }
    // "INBOX is case-insensitive" (RFC 3501 §5.1, RFC 9051 §5.1).
    assert_eq!(Mailbox::parse(b"inbox ").unwrap().0, Mailbox::Inbox);
}

#[test]
fn flags_from_the_rfcs() {
    // RFC 9051 §7.3.5 "* FLAGS (\Answered \Flagged \Deleted \Seen \Draft)" and §7.1
    // "[PERMANENTFLAGS (\Deleted \Seen \*)]", RFC 9051 §2.3.2 keywords.
    let list = br"\Answered \Flagged \Deleted \Seen \Draft)";
    let mut rest = &list[..];
    let mut flags = Vec::new();
    while rest[0] != b')' {
        let (f, r) = Flag::parse(rest).unwrap();
        round_trip!(Flag<'_>, f.clone());
        flags.push(f);
        rest = r.strip_prefix(b" ").unwrap_or(r);
    }
    assert_eq!(
        flags,
        [
            Flag::Answered,
            Flag::Flagged,
            Flag::Deleted,
            Flag::Seen,
            Flag::Draft
        ]
    );
    let perm = br"\Deleted \Seen \*)";
    let (a, r) = FlagPerm::parse(perm).unwrap();
    let (b, r) = FlagPerm::parse(&r[1..]).unwrap();
    let (c, r) = FlagPerm::parse(&r[1..]).unwrap();
    assert_eq!(
        [a, b, c],
        [
            FlagPerm::Flag(Flag::Deleted),
            FlagPerm::Flag(Flag::Seen),
            FlagPerm::Asterisk
        ]
    );
    assert_eq!(r, b")");
    for keyword in ["$MDNSent", "$Forwarded", "$Junk", "$NotJunk", "$Phishing"] {
        let input = format!("{keyword} ");
        let (f, _) = Flag::parse(input.as_bytes()).unwrap();
        assert!(matches!(&f, Flag::Keyword(a) if a.as_str() == keyword));
        round_trip!(Flag<'_>, f);
    }
}

#[test]
fn dates_from_the_rfcs() {
    // RFC 9051 §6.4.4 "SINCE 1-Feb-1994", "SINCE 28-Oct-2006"; §7.5.2
    // INTERNALDATE "17-Jul-1996 02:44:25 -0700"; RFC 3501 §6.3.11's message date.
    for (wire, ymd) in [
        (&b"1-Feb-1994 "[..], (1994, 2, 1)),
        (b"28-Oct-2006 ", (2006, 10, 28)),
        (b"\"12-Feb-2006\" ", (2006, 2, 12)),
    ] {
        let (d, _) = Date::parse(wire).unwrap();
        assert_eq!((d.year(), d.month(), d.day()), ymd);
        round_trip!(Date, d);
    }
    for (wire, zone) in [
        (&b"\"17-Jul-1996 02:44:25 -0700\""[..], -420),
        (b"\" 7-Feb-1994 21:52:25 -0800\"", -480),
    ] {
        let (t, rest) = DateTime::parse(wire).unwrap();
        assert_eq!((t.zone_minutes(), rest), (zone, &b""[..]));
        assert_eq!(t.to_wire(), wire);
        round_trip!(DateTime, t);
    }
}

#[test]
fn literal_plus_and_minus_choices() {
    // RFC 7888 §4: under LITERAL-, non-synchronizing only up to 4096 octets.
    let big = AString::new(vec![b'\n'; 5000]).unwrap();
    let small = AString::new(&b"\n"[..]).unwrap();
    let mut w = Writer::new(EncodeOptions {
        non_sync_literals: NonSyncLiterals::UpTo4096,
        ..EncodeOptions::default()
    });
    w.value(&small).sp().value(&big).crlf();
    assert!(w.bytes().starts_with(b"{1+}\r\n\n {5000}\r\n"));
}
