//! LIST with LIST-EXTENDED options: the examples of RFC 9051 §6.3.9 (from RFC 5258 §5),
//! RFC 6154 §5.1 and RFC 5819 §5 / RFC 7889 §4, parsed to the exact value, written back and
//! round-tripped; and the errors.

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
    Command, CommandBody, CommandErrorKind, ListReturnOption as Ret, ListSelectOption as Sel,
    StatusAttribute,
};

fn list(
    selection: Option<Vec<Sel>>,
    reference: &str,
    patterns: &[&str],
    return_options: Option<Vec<Ret>>,
) -> CommandBody<'static> {
    CommandBody::List {
        selection,
        reference: mb(reference),
        patterns: ne(patterns.iter().map(|p| pat(p)).collect()),
        return_options,
    }
}

#[test]
fn rfc_examples() {
    use Sel::{RecursiveMatch, Remote, SpecialUse, Subscribed};
    let cases: Vec<(&str, CommandBody<'static>, bool)> = vec![
        (
            r#"A02 LIST (SUBSCRIBED) "" "*""#,
            list(Some(vec![Subscribed]), "", &["*"], None),
            false,
        ),
        (
            r#"A03 LIST () "" "%" RETURN (CHILDREN)"#,
            list(Some(vec![]), "", &["%"], Some(vec![Ret::Children])),
            false,
        ),
        (
            r#"A04 LIST (REMOTE) "" "%" RETURN (CHILDREN)"#,
            list(Some(vec![Remote]), "", &["%"], Some(vec![Ret::Children])),
            false,
        ),
        (
            r#"A05 LIST (REMOTE SUBSCRIBED) "" "*""#,
            list(Some(vec![Remote, Subscribed]), "", &["*"], None),
            false,
        ),
        (
            r#"A06 LIST (REMOTE) "" "*" RETURN (SUBSCRIBED)"#,
            list(Some(vec![Remote]), "", &["*"], Some(vec![Ret::Subscribed])),
            false,
        ),
        (
            r#"C04 LIST (SUBSCRIBED RECURSIVEMATCH) "" "%""#,
            list(Some(vec![Subscribed, RecursiveMatch]), "", &["%"], None),
            false,
        ),
        (
            r#"D03 LIST (RECURSIVEMATCH SUBSCRIBED) "" "*2""#,
            list(Some(vec![RecursiveMatch, Subscribed]), "", &["*2"], None),
            false,
        ),
        (
            r#"a1 LIST "" ("foo")"#,
            list(None, "", &["foo"], None),
            false,
        ),
        (
            r#"a3 LIST (SUBSCRIBED RECURSIVEMATCH) "" foo RETURN (CHILDREN)"#,
            list(
                Some(vec![Subscribed, RecursiveMatch]),
                "",
                &["foo"],
                Some(vec![Ret::Children]),
            ),
            true,
        ),
        (
            r#"a2 LIST () "" %"#,
            list(Some(vec![]), "", &["%"], None),
            true,
        ),
        (
            r#"a3.1 LIST "" (% music/rock)"#,
            list(None, "", &["%", "music/rock"], None),
            true,
        ),
        (
            r#"A01 LIST "" % RETURN (STATUS (MESSAGES UNSEEN))"#,
            list(
                None,
                "",
                &["%"],
                Some(vec![Ret::Status(ne(vec![
                    StatusAttribute::Messages,
                    StatusAttribute::Unseen,
                ]))]),
            ),
            true,
        ),
        (
            r#"A02 LIST (SUBSCRIBED RECURSIVEMATCH) "" % RETURN (STATUS (MESSAGES))"#,
            list(
                Some(vec![Subscribed, RecursiveMatch]),
                "",
                &["%"],
                Some(vec![Ret::Status(ne(vec![StatusAttribute::Messages]))]),
            ),
            true,
        ),
        (
            r#"A002 LIST (SPECIAL-USE) "" "*""#,
            list(Some(vec![SpecialUse]), "", &["*"], None),
            false,
        ),
        (
            r##"A003 LIST (SPECIAL-USE) "#mh/" "*""##,
            list(Some(vec![SpecialUse]), "#mh/", &["*"], None),
            false,
        ),
        (
            r#"t2 LIST "" "%" RETURN (SPECIAL-USE)"#,
            list(None, "", &["%"], Some(vec![Ret::SpecialUse])),
            false,
        ),
        (
            r#"t3 LIST (SPECIAL-USE) "" *"#,
            list(Some(vec![SpecialUse]), "", &["*"], None),
            true,
        ),
        (
            r#"t1 LIST "" % RETURN (STATUS (APPENDLIMIT))"#,
            list(
                None,
                "",
                &["%"],
                Some(vec![Ret::Status(ne(vec![StatusAttribute::AppendLimit]))]),
            ),
            true,
        ),
        (
            r#"x LIST "" (a "b c") RETURN ()"#,
            list(None, "", &["a", "b c"], Some(vec![])),
            true,
        ),
    ];
    for (wire, body, canonical) in cases {
        let tag = wire.split(' ').next().unwrap();
        check(&line(wire), tag, body, canonical);
    }
}

#[test]
fn errors() {
    let err = |wire: &[u8]| {
        let e = Command::parse(wire).unwrap_err();
        (e.offset, e.kind)
    };
    let syntax = |rule| CommandErrorKind::Syntax { rule };
    assert_eq!(
        err(b"A1 LIST (FOO) \"\" *\r\n"),
        (9, syntax(Rule::ListSelectOpt))
    );
    assert_eq!(
        err(b"A1 LIST \"\" * RETURN (BAR)\r\n"),
        (21, syntax(Rule::ListReturnOpt))
    );
    assert_eq!(
        err(b"A1 LIST \"\" * BACK (CHILDREN)\r\n"),
        (13, syntax(Rule::ListReturnOpt))
    );
    assert_eq!(err(b"A1 LIST \"\" ()\r\n"), (12, syntax(Rule::ListMailbox)));
    assert_eq!(
        err(b"A1 LIST \"\" * RETURN (STATUS ())\r\n"),
        (29, syntax(Rule::StatusAtt))
    );
    // LSUB has no options.
    assert_eq!(
        err(b"A1 LSUB (SUBSCRIBED) \"\" *\r\n"),
        (8, syntax(Rule::Mailbox))
    );
    assert!(
        Command::parse(b"A1 LIST \"\" * RET")
            .unwrap_err()
            .is_incomplete()
    );
}
