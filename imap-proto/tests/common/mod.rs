//! Helpers shared by the command example tests.

#![allow(dead_code)]

pub(crate) mod response;

use std::num::NonZeroU32;

use imap_proto::command::{AuthData, Command, CommandBody, ListMailbox};
use imap_proto::encode::Encode;
use imap_proto::types::{AString, Atom, IString, Mailbox, NonEmpty, Secret, SequenceSet, Tag};

pub(crate) fn mb(name: &str) -> Mailbox<'static> {
    Mailbox::new(name.as_bytes().to_vec()).unwrap()
}

pub(crate) fn set(text: &str) -> SequenceSet {
    SequenceSet::parse(format!("{text} ").as_bytes()).unwrap().0
}

pub(crate) fn pat(text: &str) -> ListMailbox<'static> {
    ListMailbox::new(text.as_bytes().to_vec()).unwrap()
}

pub(crate) fn atom(text: &str) -> Atom<'static> {
    Atom::new(text.to_owned()).unwrap()
}

pub(crate) fn astring(text: &str) -> AString<'static> {
    AString::new(text.as_bytes().to_vec()).unwrap()
}

pub(crate) fn istring(text: &str) -> IString<'static> {
    IString::new(text.as_bytes().to_vec()).unwrap()
}

pub(crate) fn auth(text: &str) -> Secret<AuthData<'static>> {
    Secret::new(AuthData::new(text.as_bytes().to_vec()).unwrap())
}

pub(crate) fn nz(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n).unwrap()
}

/// Parses `wire` (one whole command) to `body` under `tag`, writes it back (the same bytes
/// when `canonical`) and parses that again.
pub(crate) fn check(wire: &[u8], tag: &str, body: CommandBody<'_>, canonical: bool) {
    let (command, rest) = Command::parse(wire)
        .unwrap_or_else(|e| panic!("{e} in {:?}", String::from_utf8_lossy(wire)));
    assert!(rest.is_empty(), "{:?}", String::from_utf8_lossy(rest));
    let expected = Command {
        tag: Tag::new(tag).unwrap(),
        body,
    };
    assert_eq!(command, expected);
    let encoded = command.to_wire();
    if canonical {
        assert_eq!(
            String::from_utf8_lossy(&encoded),
            String::from_utf8_lossy(wire)
        );
    }
    let (again, rest) = Command::parse(&encoded).unwrap();
    assert!(rest.is_empty());
    assert_eq!(again, expected);
    assert_eq!(again.into_owned(), expected);
}

pub(crate) fn line(text: &str) -> Vec<u8> {
    format!("{text}\r\n").into_bytes()
}

/// A list known not to be empty.
pub(crate) fn ne<T>(items: Vec<T>) -> NonEmpty<T> {
    NonEmpty::new(items).unwrap()
}
