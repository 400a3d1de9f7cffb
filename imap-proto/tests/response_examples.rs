//! The RFCs' example server responses, each parsed to the value it means, written back to the
//! RFC's bytes (where the encoder writes them that way) and parsed again to the same value:
//! status responses with every response code, CAPABILITY/ENABLED/ID, continuation requests and
//! greetings. Untagged data: `response_data_examples.rs`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::needless_pass_by_value
)]

mod common;

use imap_proto::command::ObjectId;
use imap_proto::encode::Encode;
use imap_proto::response::{
    Base64, Charset, Code, CodeText, Continuation, Data, Greeting, OtherCode, RespText, Response,
    State, Status, Text,
};
use imap_proto::types::{Flag, FlagPerm, NString};

use common::response::{atoms, check, ok, tagged, text, untagged};
use common::{atom, istring, nz, set};

#[test]
fn tagged_status_responses() {
    // RFC 3501 §6.1.1, §6.3.1, §7.1.2, §7.1.3.
    check(
        "abcd OK CAPABILITY completed",
        tagged("abcd", State::Ok, None, "CAPABILITY completed"),
        true,
    );
    check(
        "A142 OK [READ-WRITE] SELECT completed",
        tagged("A142", State::Ok, Some(Code::ReadWrite), "SELECT completed"),
        true,
    );
    check(
        "A932 OK [READ-ONLY] EXAMINE completed",
        tagged("A932", State::Ok, Some(Code::ReadOnly), "EXAMINE completed"),
        true,
    );
    check(
        "A223 NO COPY failed: disk is full",
        tagged("A223", State::No, None, "COPY failed: disk is full"),
        true,
    );
    check(
        "A044 BAD No such command as \"BLURDYBLOOP\"",
        tagged(
            "A044",
            State::Bad,
            None,
            "No such command as \"BLURDYBLOOP\"",
        ),
        true,
    );
    // RFC 7162 §3.1.3: a tag that is a dot.
    check(
        ". OK [HIGHESTMODSEQ 20010715194045319] Ok",
        tagged(
            ".",
            State::Ok,
            Some(Code::HighestModSeq(20_010_715_194_045_319)),
            "Ok",
        ),
        true,
    );
    // Keywords without case.
    check(
        "a1 ok [read-write] done",
        tagged("a1", State::Ok, Some(Code::ReadWrite), "done"),
        false,
    );
}

#[test]
fn untagged_status_responses() {
    // RFC 3501 §7.1.
    check(
        "* OK [ALERT] System shutdown in 10 minutes",
        ok(Code::Alert, "System shutdown in 10 minutes"),
        true,
    );
    check(
        "* NO Disk is 98% full, please delete unnecessary data",
        untagged(
            Status::No,
            None,
            "Disk is 98% full, please delete unnecessary data",
        ),
        true,
    );
    check(
        "* BAD Disk crash, attempting salvage to a new disk!",
        untagged(
            Status::Bad,
            None,
            "Disk crash, attempting salvage to a new disk!",
        ),
        true,
    );
    check(
        "* PREAUTH IMAP4rev2 server logged in as Smith",
        untagged(Status::PreAuth, None, "IMAP4rev2 server logged in as Smith"),
        true,
    );
    check(
        "* BYE Autologout; idle for too long",
        untagged(Status::Bye, None, "Autologout; idle for too long"),
        true,
    );
    // RFC 9051 allows the text to be empty after the code's SP.
    check("* OK [CLOSED] ", ok(Code::Closed, ""), true);
    // UTF-8 text (RFC 9051 `text`).
    check("* OK Grüße", untagged(Status::Ok, None, "Grüße"), true);
}

#[test]
fn response_codes() {
    let flags = |list: Vec<FlagPerm<'static>>| Code::PermanentFlags(list);
    let cases: Vec<(&str, Code<'static>)> = vec![
        (
            "* OK [UNSEEN 12] Message 12 is first unseen",
            Code::Unseen(nz(12)),
        ),
        (
            "* OK [UIDVALIDITY 3857529045] UIDs valid",
            Code::UidValidity(nz(3_857_529_045)),
        ),
        (
            "* OK [UIDNEXT 4392] Predicted next UID",
            Code::UidNext(nz(4392)),
        ),
        (
            "* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Limited",
            flags(vec![
                FlagPerm::Flag(Flag::Deleted),
                FlagPerm::Flag(Flag::Seen),
                FlagPerm::Asterisk,
            ]),
        ),
        (
            "* OK [PERMANENTFLAGS ()] No permanent flags permitted",
            flags(vec![]),
        ),
        (
            "* OK [CAPABILITY IMAP4rev2 STARTTLS AUTH=GSSAPI LOGINDISABLED] Server ready",
            Code::Capability(atoms(&[
                "IMAP4rev2",
                "STARTTLS",
                "AUTH=GSSAPI",
                "LOGINDISABLED",
            ])),
        ),
        ("* OK [PARSE] Bad header", Code::Parse),
        ("* NO [TRYCREATE] No such mailbox", Code::TryCreate),
        (
            "* NO [BADCHARSET (UTF-8 \"X Y\")] KOI8-R is not supported",
            Code::BadCharset(vec![
                Charset::new("UTF-8").unwrap(),
                Charset::new("X Y").unwrap(),
            ]),
        ),
        ("* NO [BADCHARSET] no", Code::BadCharset(vec![])),
        // RFC 4315 §3 (and RFC 9051 §7.1).
        (
            "* OK [APPENDUID 38505 3955] APPEND completed",
            Code::AppendUid {
                uid_validity: nz(38505),
                uids: set("3955"),
            },
        ),
        (
            "* OK [COPYUID 38505 304,319:320 3956:3958] Done",
            Code::CopyUid {
                uid_validity: nz(38505),
                source: set("304,319:320"),
                destination: set("3956:3958"),
            },
        ),
        (
            "* NO [UIDNOTSTICKY] Non-persistent UIDs",
            Code::UidNotSticky,
        ),
        // RFC 7162.
        (
            "* OK [HIGHESTMODSEQ 90060128194045007] Highest mailbox",
            Code::HighestModSeq(90_060_128_194_045_007),
        ),
        (
            "* OK [NOMODSEQ] Sorry, this mailbox format doesn't support modsequences",
            Code::NoModSeq,
        ),
        (
            "* OK [MODIFIED 7,9] Conditional STORE failed",
            Code::Modified(set("7,9")),
        ),
        ("* OK [CLOSED] Previous mailbox is now closed", Code::Closed),
        // RFC 4978 §3, RFC 9208 §4.3.
        (
            "* NO [COMPRESSIONACTIVE] DEFLATE active via TLS",
            Code::CompressionActive,
        ),
        (
            "* NO [OVERQUOTA] Soft quota has been exceeded",
            Code::OverQuota,
        ),
        // RFC 5530 §3.
        (
            "* NO [UNAVAILABLE] User's backend down for maintenance",
            Code::Unavailable,
        ),
        (
            "* NO [AUTHENTICATIONFAILED] Authentication failed",
            Code::AuthenticationFailed,
        ),
        (
            "* NO [AUTHORIZATIONFAILED] No such authorization-ID",
            Code::AuthorizationFailed,
        ),
        (
            "* NO [EXPIRED] That password isn't valid any more",
            Code::Expired,
        ),
        (
            "* NO [PRIVACYREQUIRED] Connection offers no privacy",
            Code::PrivacyRequired,
        ),
        ("* NO [CONTACTADMIN] Call us", Code::ContactAdmin),
        ("* NO [NOPERM] Access denied", Code::NoPerm),
        ("* NO [INUSE] Mailbox in use", Code::InUse),
        ("* OK [EXPUNGEISSUED] Search completed", Code::ExpungeIssued),
        ("* NO [CORRUPTION] Cannot open mailbox", Code::Corruption),
        ("* NO [SERVERBUG] This should not happen", Code::ServerBug),
        ("* OK [CLIENTBUG] Done", Code::ClientBug),
        (
            "* NO [CANNOT] Adjacent slashes are not supported",
            Code::Cannot,
        ),
        (
            "* NO [LIMIT] At most 32 flags in one mailbox supported",
            Code::Limit,
        ),
        (
            "* NO [ALREADYEXISTS] Mailbox \"that\" already exists",
            Code::AlreadyExists,
        ),
        ("* NO [NONEXISTENT] No such mailbox", Code::NonExistent),
        // RFC 9051 §7.1, RFC 5182 §2.4.
        ("* NO [NOTSAVED] Result not saved", Code::NotSaved),
        (
            "* NO [HASCHILDREN] Mailbox \"Notes\" has children",
            Code::HasChildren,
        ),
        // RFC 3516 §4.3, RFC 6154 §3.
        ("* NO [UNKNOWN-CTE] Can't decode", Code::UnknownCte),
        ("* NO [USEATTR] \\All not supported", Code::UseAttr),
        // RFC 8474 §4.1.
        (
            "* OK [MAILBOXID (F2212ea87-6097-4256-9d51-71338625)] Ok",
            Code::MailboxId(ObjectId::new("F2212ea87-6097-4256-9d51-71338625").unwrap()),
        ),
        // Codes this crate does not know.
        (
            "* OK [X-GM-EXT-1 some text [nested] Unknown",
            Code::Other(
                OtherCode::new(
                    atom("X-GM-EXT-1"),
                    Some(CodeText::new("some text [nested").unwrap()),
                )
                .unwrap(),
            ),
        ),
        (
            "* NO [TOOBIG] Too big",
            Code::Other(OtherCode::new(atom("TOOBIG"), None).unwrap()),
        ),
    ];
    for (line, code) in cases {
        let expected = match line.as_bytes()[2] {
            b'O' => Status::Ok,
            _ => Status::No,
        };
        let t = line.split_once("] ").unwrap().1;
        check(line, untagged(expected, Some(code), t), true);
    }
    // Names without case; written in capitals.
    check("* OK [uidnext 5] x", ok(Code::UidNext(nz(5)), "x"), false);
    // A known name cannot be an `OtherCode`.
    assert!(OtherCode::new(atom("ALERT"), None).is_err());
    assert!(CodeText::new("a]b").is_err());
}

#[test]
fn bad_codes_and_status() {
    for line in [
        "* OK [UIDNEXT 0] zero",
        "* OK [UIDNEXT x] x",
        "* OK [UIDVALIDITY 9877410381] over 32 bits (RFC 9051 §7.3.1's example)",
        "* OK [ALERT",
        "* OK [] empty",
        "* OK [PERMANENTFLAGS (\\Seen] x",
        "* OK [MAILBOXID (a b)] x",
        "* OK [HIGHESTMODSEQ 9223372036854775808] over 63 bits",
        "A1 PREAUTH tagged",
        "A1 BYE tagged",
        "* MAYBE so",
        "A1 OK [READ-WRITE]x",
    ] {
        let wire = format!("{line}\r\n");
        assert!(
            matches!(
                Response::parse(wire.as_bytes()),
                Err(imap_proto::ParseError::Invalid { .. })
            ),
            "{line}"
        );
    }
    // Text without a code may not start with "[".
    assert!(RespText::new(None, Text::new("[x").unwrap()).is_err());
}

#[test]
fn capability_enabled_id() {
    check(
        "* CAPABILITY IMAP4rev1 STARTTLS AUTH=GSSAPI",
        Response::Data(Data::Capability(atoms(&[
            "IMAP4rev1",
            "STARTTLS",
            "AUTH=GSSAPI",
        ]))),
        true,
    );
    // RFC 5161 §4.
    check(
        "* ENABLED CONDSTORE QRESYNC",
        Response::Data(Data::Enabled(vec![atom("CONDSTORE"), atom("QRESYNC")])),
        true,
    );
    check("* ENABLED", Response::Data(Data::Enabled(vec![])), true);
    // RFC 2971 §3.2.
    check("* ID NIL", Response::Data(Data::Id(None)), true);
    check(
        "* ID (\"name\" \"Cyrus\" \"version\" \"1.5\" \"os\" \"sunos\" \"os-version\" \"5.5\" \"support-url\" \"mailto:cyrus-bugs+@andrew.cmu.edu\")",
        Response::Data(Data::Id(Some(
            [
                ("name", "Cyrus"),
                ("version", "1.5"),
                ("os", "sunos"),
                ("os-version", "5.5"),
                ("support-url", "mailto:cyrus-bugs+@andrew.cmu.edu"),
            ]
            .iter()
            .map(|(k, v)| (istring(k), NString(Some(istring(v)))))
            .collect(),
        ))),
        true,
    );
    check(
        "* ID (\"name\" NIL)",
        Response::Data(Data::Id(Some(vec![(istring("name"), NString(None))]))),
        true,
    );
}

#[test]
fn continuation_requests() {
    check(
        "+ Ready for literal data",
        Response::Continue(Continuation::Text(text(None, "Ready for literal data"))),
        true,
    );
    check(
        "+ idling",
        Response::Continue(Continuation::Text(text(None, "idling"))),
        true,
    );
    // RFC 3501 §6.2.2 (GSSAPI).
    check(
        "+ YGgGCSqGSIb3EgECAgIAb1kwV6ADAgEFoQMCAQ+iSzBJoAMC",
        Response::Continue(Continuation::Base64(
            Base64::new("YGgGCSqGSIb3EgECAgIAb1kwV6ADAgEFoQMCAQ+iSzBJoAMC").unwrap(),
        )),
        true,
    );
    check(
        "+ PQ==",
        Response::Continue(Continuation::Base64(Base64::new("PQ==").unwrap())),
        true,
    );
    check(
        "+ ",
        Response::Continue(Continuation::Base64(Base64::new("").unwrap())),
        true,
    );
    check(
        "+ [ALERT] look",
        Response::Continue(Continuation::Text(text(Some(Code::Alert), "look"))),
        true,
    );
    assert!(Base64::new("abc").is_err());
}

#[test]
fn greetings() {
    for (line, status, code, t) in [
        (
            "* OK IMAP4rev1 Service Ready",
            Status::Ok,
            None,
            "IMAP4rev1 Service Ready",
        ),
        (
            "* PREAUTH IMAP4rev2 server logged in as Smith",
            Status::PreAuth,
            None,
            "IMAP4rev2 server logged in as Smith",
        ),
        (
            "* BYE Autologout; idle for too long",
            Status::Bye,
            None,
            "Autologout; idle for too long",
        ),
        (
            "* OK [CAPABILITY STARTTLS AUTH=SCRAM-SHA-256 LOGINDISABLED IMAP4rev2] IMAP4rev2 Service Ready",
            Status::Ok,
            Some(Code::Capability(atoms(&[
                "STARTTLS",
                "AUTH=SCRAM-SHA-256",
                "LOGINDISABLED",
                "IMAP4rev2",
            ]))),
            "IMAP4rev2 Service Ready",
        ),
    ] {
        let wire = format!("{line}\r\n");
        let (g, rest) = Greeting::parse(wire.as_bytes()).unwrap();
        assert!(rest.is_empty());
        let expected = Greeting::new(status, text(code, t)).unwrap();
        assert_eq!(g, expected);
        assert_eq!(g.to_wire(), wire.as_bytes());
        assert_eq!(g.into_owned(), expected);
    }
    for bad in ["* NO go away", "* BAD x", "A1 OK x", "* 1 EXISTS", "+ x"] {
        assert!(
            Greeting::parse(format!("{bad}\r\n").as_bytes()).is_err(),
            "{bad}"
        );
    }
    assert!(Greeting::new(Status::No, RespText::default()).is_err());
}

#[test]
fn incomplete_is_told_apart() {
    let full = b"* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Limited\r\n";
    for n in 0..full.len() {
        let e = Response::parse(&full[..n]).unwrap_err();
        assert!(e.is_incomplete(), "{n}: {e:?}");
    }
    let lit = b"* LIST () \"/\" {3}\r\nabc\r\n";
    for n in 0..lit.len() {
        assert!(
            Response::parse(&lit[..n]).unwrap_err().is_incomplete(),
            "{n}"
        );
    }
    let (r, rest) = Response::parse(b"* 1 EXISTS\r\n* 2 EXISTS\r\n").unwrap();
    assert_eq!(
        (r, rest),
        (Response::Data(Data::Exists(1)), &b"* 2 EXISTS\r\n"[..])
    );
    // A bare LF ends a response too, as the framer may deliver one.
    assert!(Response::parse(b"* 1 EXISTS\n").is_ok());
}
