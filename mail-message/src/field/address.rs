//! Addresses in header fields: RFC 5322 §3.4 `address-list`, `mailbox-list`, `group`,
//! `name-addr` and `addr-spec`, with the obsolete syntax of §4.4 and UTF-8 of RFC 6532.

use std::borrow::Cow;

/// RFC 5322 §3.4 `mailbox`: an optional display name and an `addr-spec`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mailbox<'a> {
    /// The display name, decoded: quoted pairs resolved, RFC 2047 encoded words decoded,
    /// runs of white space between words reduced to one space. `None` when there is none.
    pub name: Option<Cow<'a, str>>,
    /// The local part, with quoting removed (`"john smith"` becomes `john smith`).
    pub local_part: Cow<'a, str>,
    /// The domain: a dot-atom, or a domain literal with its brackets (`[192.0.2.1]`). Empty when
    /// the address had no `@domain` (a defect).
    pub domain: Cow<'a, str>,
}

/// RFC 5322 §3.4 `group`: a display name and a (possibly empty) list of mailboxes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Group<'a> {
    /// The group's display name, decoded like [`Mailbox::name`].
    pub name: Cow<'a, str>,
    /// The members; empty for `undisclosed-recipients:;`.
    pub members: Vec<Mailbox<'a>>,
}

/// RFC 5322 §3.4 `address`: a mailbox or a group.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Address<'a> {
    /// A single mailbox.
    Mailbox(Mailbox<'a>),
    /// A named group of mailboxes.
    Group(Group<'a>),
}

/// RFC 5322 §3.4 `address-list` (also used for `mailbox-list` fields such as `From`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct AddressList<'a> {
    /// The addresses in the order they appear.
    pub addresses: Vec<Address<'a>>,
}
