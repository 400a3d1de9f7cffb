//! SEARCH: the examples of RFC 3501 §6.4.4, RFC 9051 §6.4.4 and §6.4.4.1 (RFC 5182), and
//! RFC 4731, parsed to the exact value, written back and round-tripped; the errors and the
//! nesting limit.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::*;
use imap_proto::Rule;
use imap_proto::command::{
    Command, CommandBody, CommandErrorKind, MAX_SEARCH_DEPTH, SearchKey as K,
    SearchReturnOption as R,
};
use imap_proto::types::Date;

fn search(
    uid: bool,
    options: Option<Vec<R>>,
    charset: Option<&str>,
    criteria: Vec<K<'static>>,
) -> CommandBody<'static> {
    CommandBody::Search {
        uid,
        return_options: options,
        charset: charset.map(astring),
        criteria: ne(criteria),
    }
}

fn date(d: u8, m: u8, y: u16) -> Date {
    Date::new(y, m, d).unwrap()
}

fn not_from_smith() -> K<'static> {
    K::Not(Box::new(K::From(astring("Smith"))))
}

#[test]
fn rfc_examples() {
    let flagged_since = || vec![K::Flagged, K::Since(date(1, 2, 1994)), not_from_smith()];
    // RFC 3501 §6.4.4.
    check(
        &line(r#"A282 SEARCH FLAGGED SINCE 1-Feb-1994 NOT FROM "Smith""#),
        "A282",
        search(false, None, None, flagged_since()),
        false,
    );
    check(
        &line(r#"A283 SEARCH TEXT "string not in mailbox""#),
        "A283",
        search(
            false,
            None,
            None,
            vec![K::Text(astring("string not in mailbox"))],
        ),
        true,
    );
    check(
        b"A284 SEARCH CHARSET UTF-8 TEXT {6}\r\nXXXXXX\r\n",
        "A284",
        search(false, None, Some("UTF-8"), vec![K::Text(astring("XXXXXX"))]),
        false,
    );
    // RFC 9051 §6.4.4, RFC 4731 §3.1 (editorial line breaks removed).
    check(
        &line(r#"A282 SEARCH RETURN (MIN COUNT) FLAGGED SINCE 1-Feb-1994 NOT FROM "Smith""#),
        "A282",
        search(false, Some(vec![R::Min, R::Count]), None, flagged_since()),
        false,
    );
    check(
        &line(r#"A283 SEARCH RETURN () FLAGGED SINCE 1-Feb-1994 NOT FROM Smith"#),
        "A283",
        search(false, Some(vec![]), None, flagged_since()),
        true,
    );
    check(
        "A285 SEARCH CHARSET UTF-8 TEXT {12}\r\nотпуск\r\n".as_bytes(),
        "A285",
        search(false, None, Some("UTF-8"), vec![K::Text(astring("отпуск"))]),
        true,
    );
    check(
        &line("A284 SEARCH RETURN (MIN) UNSEEN"),
        "A284",
        search(false, Some(vec![R::Min]), None, vec![K::Unseen]),
        true,
    );
    check(
        &line("A285 UID SEARCH RETURN (MIN MAX) 1:5000"),
        "A285",
        search(
            true,
            Some(vec![R::Min, R::Max]),
            None,
            vec![K::SequenceSet(set("1:5000"))],
        ),
        true,
    );
    check(
        &line("A286 SEARCH RETURN (COUNT) DELETED"),
        "A286",
        search(false, Some(vec![R::Count]), None, vec![K::Deleted]),
        true,
    );
    // RFC 9051 §6.4.4.1 (RFC 5182).
    check(
        &line("A300 SEARCH RETURN (SAVE) SINCE 1-Jan-2004"),
        "A300",
        search(
            false,
            Some(vec![R::Save]),
            None,
            vec![K::Since(date(1, 1, 2004))],
        ),
        true,
    );
    check(
        &line("A301 UID SEARCH UID $ SMALLER 4096"),
        "A301",
        search(true, None, None, vec![K::Uid(set("$")), K::Smaller(4096)]),
        true,
    );
    check(
        &line("A301 UID SEARCH $ SMALLER 4096"),
        "A301",
        search(
            true,
            None,
            None,
            vec![K::SequenceSet(set("$")), K::Smaller(4096)],
        ),
        true,
    );
    let or_saved = || {
        K::And(ne(vec![K::Or(
            Box::new(K::SequenceSet(set("$"))),
            Box::new(K::SequenceSet(set("1,3000:3021"))),
        )]))
    };
    check(
        "P283 SEARCH CHARSET UTF-8 (OR $ 1,3000:3021) TEXT {8+}\r\nмать\r\n".as_bytes(),
        "P283",
        search(
            false,
            None,
            Some("UTF-8"),
            vec![or_saved(), K::Text(astring("мать"))],
        ),
        false,
    );
    check(
        b"B283 SEARCH RETURN (SAVE) CHARSET KOI8-R (OR $ 1,3000:3021) TEXT {4}\r\nXXXX\r\n",
        "B283",
        search(
            false,
            Some(vec![R::Save]),
            Some("KOI8-R"),
            vec![or_saved(), K::Text(astring("XXXX"))],
        ),
        false,
    );
    check(
        &line("F282 SEARCH RETURN (SAVE) KEYWORD $Junk"),
        "F282",
        search(
            false,
            Some(vec![R::Save]),
            None,
            vec![K::Keyword(atom("$Junk"))],
        ),
        true,
    );
    check(
        &line("C286 SEARCH RETURN (MAX SAVE MIN COUNT) SINCE 12-Feb-2006 NOT FROM Smith"),
        "C286",
        search(
            false,
            Some(vec![R::Max, R::Save, R::Min, R::Count]),
            None,
            vec![K::Since(date(12, 2, 2006)), not_from_smith()],
        ),
        true,
    );
    check(
        &line("G283 SEARCH RETURN (ALL) SINCE 28-Oct-2006"),
        "G283",
        search(
            false,
            Some(vec![R::All]),
            None,
            vec![K::Since(date(28, 10, 2006))],
        ),
        true,
    );
}

#[test]
fn every_key() {
    let keys = "ALL ANSWERED BCC b BEFORE 1-Jan-2000 BODY x CC c DELETED DRAFT FLAGGED FROM f \
        HEADER Message-ID <a@b> KEYWORD $Forwarded LARGER 100 MODSEQ 620162338 NEW NOT OLD \
        ON 2-Mar-2001 OR RECENT SEEN SENTBEFORE 3-Apr-2002 SENTON 4-May-2003 SENTSINCE \
        5-Jun-2004 SINCE 6-Jul-2005 SMALLER 5 SUBJECT s TEXT t TO u UID 1:* UNANSWERED \
        UNDELETED UNDRAFT UNFLAGGED UNKEYWORD $Junk UNSEEN 2,4:* (SEEN (DRAFT))";
    let expected = vec![
        K::All,
        K::Answered,
        K::Bcc(astring("b")),
        K::Before(date(1, 1, 2000)),
        K::Body(astring("x")),
        K::Cc(astring("c")),
        K::Deleted,
        K::Draft,
        K::Flagged,
        K::From(astring("f")),
        K::Header(astring("Message-ID"), astring("<a@b>")),
        K::Keyword(atom("$Forwarded")),
        K::Larger(100),
        K::ModSeq(620162338),
        K::New,
        K::Not(Box::new(K::Old)),
        K::On(date(2, 3, 2001)),
        K::Or(Box::new(K::Recent), Box::new(K::Seen)),
        K::SentBefore(date(3, 4, 2002)),
        K::SentOn(date(4, 5, 2003)),
        K::SentSince(date(5, 6, 2004)),
        K::Since(date(6, 7, 2005)),
        K::Smaller(5),
        K::Subject(astring("s")),
        K::Text(astring("t")),
        K::To(astring("u")),
        K::Uid(set("1:*")),
        K::Unanswered,
        K::Undeleted,
        K::Undraft,
        K::Unflagged,
        K::Unkeyword(atom("$Junk")),
        K::Unseen,
        K::SequenceSet(set("2,4:*")),
        K::And(ne(vec![K::Seen, K::And(ne(vec![K::Draft]))])),
    ];
    check(
        &line(&format!("k SEARCH {keys}")),
        "k",
        search(false, None, None, expected),
        true,
    );
    // Quoted dates and lower case are accepted.
    check(
        &line("k search since \"1-Feb-1994\" unseen"),
        "k",
        search(
            false,
            None,
            None,
            vec![K::Since(date(1, 2, 1994)), K::Unseen],
        ),
        false,
    );
    // CC and RECENT are not CHARSET and RETURN.
    check(
        &line("k SEARCH CC x"),
        "k",
        search(false, None, None, vec![K::Cc(astring("x"))]),
        true,
    );
    check(
        &line("k SEARCH RECENT"),
        "k",
        search(false, None, None, vec![K::Recent]),
        true,
    );
}

fn error(wire: &[u8]) -> (usize, CommandErrorKind) {
    let e = Command::parse(wire).unwrap_err();
    assert_eq!(e.tag.unwrap().as_str(), "A1");
    (e.offset, e.kind)
}

#[test]
fn errors_and_depth() {
    let syntax = |rule| CommandErrorKind::Syntax { rule };
    assert_eq!(error(b"A1 SEARCH\r\n"), (9, syntax(Rule::Command)));
    assert_eq!(error(b"A1 SEARCH FOO\r\n"), (10, syntax(Rule::SearchKey)));
    assert_eq!(error(b"A1 SEARCH ()\r\n"), (11, syntax(Rule::SearchKey)));
    assert_eq!(
        error(b"A1 SEARCH RETURN (BAR) ALL\r\n"),
        (18, syntax(Rule::SearchReturnOpt))
    );
    assert_eq!(
        error(b"A1 SEARCH SINCE 30-Feb-2000\r\n"),
        (16, syntax(Rule::Date))
    );
    assert_eq!(error(b"A1 SEARCH OR SEEN\r\n"), (17, syntax(Rule::Command)));
    // MODSEQ's metadata entry (RFC 7162 §3.1.5): a flag entry, then priv/shared/all.
    assert_eq!(
        error(b"A1 SEARCH MODSEQ \"/vendor/x\" all 1\r\n"),
        (17, syntax(Rule::SearchKey))
    );
    assert_eq!(
        error(b"A1 SEARCH MODSEQ \"/flags/\\\\draft\" any 1\r\n"),
        (34, syntax(Rule::SearchKey))
    );
    // Nesting up to the limit parses; one more level is refused, not a stack overflow.
    let nested = |depth: usize| format!("A1 SEARCH {}SEEN\r\n", "NOT ".repeat(depth));
    assert!(Command::parse(nested(MAX_SEARCH_DEPTH).as_bytes()).is_ok());
    let (_, kind) = error(nested(MAX_SEARCH_DEPTH + 1).as_bytes());
    assert_eq!(kind, syntax(Rule::SearchKey));
    let parens = format!(
        "A1 SEARCH {}SEEN{}\r\n",
        "(".repeat(100_000),
        ")".repeat(100_000)
    );
    assert_eq!(
        error(parens.as_bytes()),
        (10 + MAX_SEARCH_DEPTH, syntax(Rule::SearchKey))
    );
    assert!(
        Command::parse(b"A1 SEARCH RET")
            .unwrap_err()
            .is_incomplete()
    );
    assert!(
        Command::parse(b"A1 SEARCH CHARS")
            .unwrap_err()
            .is_incomplete()
    );
}
