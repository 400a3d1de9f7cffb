//! Addresses in header fields: RFC 5322 §3.4 `address-list`, `mailbox-list`, `group`,
//! `name-addr` and `addr-spec`, with the obsolete syntax of §4.4 and UTF-8 of RFC 6532.
//!
//! [`AddressList::parse`] reads `From`, `To`, `Cc`, `Bcc`, `Reply-To` and their `Resent-`
//! forms; [`Mailbox::parse`] reads the single mailbox of `Sender` / `Resent-Sender`. Both read
//! the raw, still folded value (line breaks are folding white space), never fail, and borrow
//! from it: a display name that is one atom, a run of atoms separated by single spaces, or a
//! quoted string without quoted pairs, a dot-atom local part and a dot-atom domain are
//! [`Cow::Borrowed`].
//!
//! # What is accepted
//!
//! * Everything of RFC 5322 §3.4: `name-addr`, `addr-spec`, groups (members in
//!   [`Group::members`]), comments and folding white space wherever CFWS may appear, quoted
//!   strings and quoted local parts, domain literals (`[192.0.2.1]`, kept with brackets).
//! * The obsolete syntax of §4.4: a `.` in unquoted display names (`Joe Q. Public`), routes
//!   (`<@a,@b:x@y>`, dropped as the RFC says), CFWS around the dots of local parts and domains
//!   (`jdoe@test  . example`), empty list members (`a@b,,c@d`).
//! * UTF-8 anywhere RFC 6532 allows it (atoms, quoted strings, domains).
//!
//! # Display names
//!
//! Names are decoded: quoted pairs resolved, folds removed, words separated by white space or
//! comments joined by one space (words written together, like `Q.` in `Joe Q. Public`, stay
//! together; white space inside a quoted string is kept as written), and RFC 2047 encoded words
//! decoded by [`decode_text`](crate::decode::rfc2047::decode_text). An empty name is `None`.
//!
//! * **Encoded words inside quoted strings** (`"=?utf-8?q?J=C3=B6rg?=" <j@example.com>`) are
//!   decoded too, although RFC 2047 §5 says an encoded word is not recognised there: many
//!   mailers write them, and mail readers (Thunderbird, Gmail, Python's `email`) decode them.
//!   An encoded word that contains a `,` or `.` against RFC 2047 §5 (3) is kept in one piece.
//! * **A comment as a name**: a mailbox written as a bare `addr-spec` followed by a comment
//!   (`jdoe@example.org (John Doe)`) gets the comment's text as its name: the legacy form
//!   RFC 5322 §3.4 describes. Comments are otherwise ignored.
//!
//! # Repairs
//!
//! Parsing never fails. What had to be repaired is reported with an offset into the value:
//!
//! | input | result | defect |
//! |---|---|---|
//! | an entry that does not parse | skipped up to the next `,` (outside quotes, comments, `<>`) | [`InvalidAddress`](crate::DefectKind::InvalidAddress) |
//! | `undisclosed` (no `@domain`) | mailbox with an empty domain | [`MissingAddressDomain`](crate::DefectKind::MissingAddressDomain) |
//! | `john@example.com <john@example.com>` | name `john@example.com` | [`InvalidDisplayName`](crate::DefectKind::InvalidDisplayName) |
//! | `john..doe@x`, `john smith@x` | local part kept as written | [`InvalidLocalPart`](crate::DefectKind::InvalidLocalPart) |
//! | `a@example.com.` | domain kept as written | [`InvalidDomain`](crate::DefectKind::InvalidDomain) |
//! | `Name <a@b` | mailbox kept | [`UnterminatedAngleAddress`](crate::DefectKind::UnterminatedAngleAddress) |
//! | `Group: a@b` | group kept | [`UnterminatedGroup`](crate::DefectKind::UnterminatedGroup) |
//! | `a@b (comment` | mailbox kept | [`UnterminatedComment`](crate::DefectKind::UnterminatedComment) |
//! | `"Name <a@b>` | entry skipped | [`UnterminatedQuotedString`](crate::DefectKind::UnterminatedQuotedString) and [`InvalidAddress`](crate::DefectKind::InvalidAddress) |
//! | `a@b c@d`, `a@b; c@d` (no comma) | `a@b` kept, the rest of the entry skipped | [`InvalidAddress`](crate::DefectKind::InvalidAddress) |
//!
//! An unquoted comma always ends an entry, as RFC 5322 says, so `Smith, John <j@x>` is two
//! entries: `Smith` (without a domain) and `John <j@x>`. Defects found by the RFC 2047 decoder
//! in a display name are reported at the name's offset plus the decoder's offset, which is
//! exact when the name was borrowed and approximate when it had to be rewritten.
//!
//! ```
//! use mail_message::field::address::AddressList;
//!
//! let mut defects = Vec::new();
//! let list = AddressList::parse(
//!     b" Mary Smith <mary@x.test>, jdoe@example.org, A Group:Ed <c@a.test>;",
//!     &mut defects,
//! );
//! let names: Vec<_> = list.mailboxes().map(|m| m.address()).collect();
//! assert_eq!(names, ["mary@x.test", "jdoe@example.org", "c@a.test"]);
//! assert!(defects.is_empty());
//! ```

mod parser;
mod text;
mod tokens;

use std::borrow::Cow;

use crate::defect::Defect;
use parser::{Ctx, Parser};

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

impl<'a> Mailbox<'a> {
    /// Parses the raw value of a single-mailbox field (`Sender`, `Resent-Sender`; RFC 5322
    /// §3.6.2 `mailbox`), with the syntax and repairs of [`AddressList::parse`].
    ///
    /// Returns `None` (and records [`DefectKind::InvalidAddress`](crate::DefectKind::InvalidAddress)) when the value is empty, is
    /// a group, or does not parse. When more follows the first mailbox (a list where one
    /// mailbox belongs), the first is returned and the rest is reported as
    /// [`DefectKind::InvalidAddress`](crate::DefectKind::InvalidAddress) at its offset.
    pub fn parse(raw: &'a [u8], defects: &mut Vec<Defect>) -> Option<Self> {
        Parser::new(raw, defects).single_mailbox()
    }

    /// The `addr-spec` as it is written in a message or an SMTP command: `local@domain`, the
    /// local part quoted (RFC 5322 §3.4.1 `quoted-string`) when it is not a dot-atom. Just the
    /// local part when the domain is missing.
    pub fn address(&self) -> String {
        let mut out = String::with_capacity(self.local_part.len() + self.domain.len() + 3);
        if text::is_dot_atom(&self.local_part) {
            out.push_str(&self.local_part);
        } else {
            text::push_quoted(&self.local_part, &mut out);
        }
        if !self.domain.is_empty() {
            out.push('@');
            out.push_str(&self.domain);
        }
        out
    }

    /// The mailbox with every borrowed string copied.
    pub fn into_owned(self) -> Mailbox<'static> {
        Mailbox {
            name: self.name.map(|n| Cow::Owned(n.into_owned())),
            local_part: Cow::Owned(self.local_part.into_owned()),
            domain: Cow::Owned(self.domain.into_owned()),
        }
    }
}

impl Group<'_> {
    /// The group with every borrowed string copied.
    pub fn into_owned(self) -> Group<'static> {
        Group {
            name: Cow::Owned(self.name.into_owned()),
            members: self.members.into_iter().map(Mailbox::into_owned).collect(),
        }
    }
}

impl<'a> Address<'a> {
    /// The mailboxes of this address: the mailbox itself, or the group's members.
    pub fn mailboxes(&self) -> &[Mailbox<'a>] {
        match self {
            Address::Mailbox(m) => std::slice::from_ref(m),
            Address::Group(g) => &g.members,
        }
    }

    /// The address with every borrowed string copied.
    pub fn into_owned(self) -> Address<'static> {
        match self {
            Address::Mailbox(m) => Address::Mailbox(m.into_owned()),
            Address::Group(g) => Address::Group(g.into_owned()),
        }
    }
}

impl<'a> AddressList<'a> {
    /// Parses the raw value of an address field (RFC 5322 §3.4 `address-list`, which also
    /// covers `mailbox-list`). Never fails: see the [module documentation](self) for what is
    /// accepted and how malformed entries are repaired or skipped. Defect offsets are relative
    /// to `raw`.
    pub fn parse(raw: &'a [u8], defects: &mut Vec<Defect>) -> Self {
        AddressList {
            addresses: Parser::new(raw, defects).address_list(),
        }
    }

    /// Every mailbox in order, group members included.
    pub fn mailboxes(&self) -> impl Iterator<Item = &Mailbox<'a>> {
        self.addresses.iter().flat_map(Address::mailboxes)
    }

    /// `true` when there is no address.
    pub fn is_empty(&self) -> bool {
        self.addresses.is_empty()
    }

    /// The list with every borrowed string copied.
    pub fn into_owned(self) -> AddressList<'static> {
        AddressList {
            addresses: self
                .addresses
                .into_iter()
                .map(Address::into_owned)
                .collect(),
        }
    }
}

/// Reads one mailbox (angle address or addr-spec) at `pos` in `input`, as in a `Received`
/// `for` clause (RFC 5321 §4.4 `Path` / `Mailbox`). Returns it and the offset where reading
/// stopped (after the CFWS that follows the mailbox).
pub(crate) fn mailbox_at<'a>(
    input: &'a [u8],
    pos: usize,
    defects: &mut Vec<Defect>,
) -> (Option<Mailbox<'a>>, usize) {
    let mut p = Parser::new(input, defects);
    p.set_pos(pos);
    p.cfws();
    let mailbox = match p.address(Ctx::Single) {
        Some(Address::Mailbox(m)) => Some(m),
        _ => None,
    };
    (mailbox, p.pos())
}
