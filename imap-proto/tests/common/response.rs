//! Helpers shared by the response example tests.

#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::panic,
    clippy::needless_pass_by_value
)]

use imap_proto::encode::Encode;
use imap_proto::response::{
    Code, Delimiter, ListData, MailboxAttribute, Quirks, RespText, Response, State, Status, Tagged,
    Text, UntaggedStatus,
};
use imap_proto::types::{Atom, NonEmpty, Tag};

use super::{atom, mb};

pub(crate) fn atoms(list: &[&str]) -> NonEmpty<Atom<'static>> {
    NonEmpty::new(list.iter().map(|a| atom(a)).collect()).unwrap()
}

pub(crate) fn text(code: Option<Code<'static>>, t: &str) -> RespText<'static> {
    RespText::new(code, Text::new(t.to_owned()).unwrap()).unwrap()
}

pub(crate) fn tagged(
    tag: &str,
    state: State,
    code: Option<Code<'static>>,
    t: &str,
) -> Response<'static> {
    Response::Tagged(Tagged {
        tag: Tag::new(tag.to_owned()).unwrap(),
        state,
        text: text(code, t),
    })
}

pub(crate) fn untagged(status: Status, code: Option<Code<'static>>, t: &str) -> Response<'static> {
    Response::Status(UntaggedStatus {
        status,
        text: text(code, t),
    })
}

pub(crate) fn ok(code: Code<'static>, t: &str) -> Response<'static> {
    untagged(Status::Ok, Some(code), t)
}

pub(crate) fn delim(c: char) -> Option<Delimiter> {
    Some(Delimiter::new(c).unwrap())
}

pub(crate) fn list(
    attrs: Vec<MailboxAttribute<'static>>,
    d: char,
    name: &str,
) -> ListData<'static> {
    ListData {
        attributes: attrs,
        delimiter: delim(d),
        mailbox: mb(name),
        extended: vec![],
    }
}

/// Parses `line` + CRLF to `expected` (strictly, and with the default quirks), writes it back
/// (to the same bytes when `canonical`), and parses that again.
pub(crate) fn check(line: &str, expected: Response<'_>, canonical: bool) {
    let wire = format!("{line}\r\n");
    for quirks in [Quirks::STRICT, Quirks::default()] {
        let (got, rest) = Response::parse_with(wire.as_bytes(), quirks)
            .unwrap_or_else(|e| panic!("{e} in {line:?}"));
        assert!(rest.is_empty(), "{line}");
        assert_eq!(got, expected, "{line}");
    }
    let encoded = expected.to_wire();
    if canonical {
        assert_eq!(String::from_utf8_lossy(&encoded), wire);
    }
    let (again, rest) = Response::parse_with(&encoded, Quirks::STRICT).unwrap();
    assert!(rest.is_empty());
    assert_eq!(again, expected);
    assert_eq!(again.into_owned(), expected);
}
