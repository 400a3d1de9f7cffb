//! `envelope` and `address` (RFC 3501 §7.4.2 and §9, RFC 9051 §9): a message's header fields
//! as the server parsed them.

use crate::encode::Writer;
use crate::error::{ParseError, Rule};
use crate::types::NString;

use super::super::reader::Reader;
use super::{close, nil, nstring};

/// `envelope = "(" env-date SP env-subject SP env-from SP env-sender SP env-reply-to SP env-to
/// SP env-cc SP env-bcc SP env-in-reply-to SP env-message-id ")"` (RFC 3501 §9). An address
/// list is empty for `NIL` (the grammar has no empty list: `"(" 1*address ")" / nil`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Envelope<'a> {
    /// `env-date`: the `Date:` field, unparsed.
    pub date: NString<'a>,
    /// `env-subject`.
    pub subject: NString<'a>,
    /// `env-from`.
    pub from: Vec<Address<'a>>,
    /// `env-sender` (the server fills it from `From:` when absent).
    pub sender: Vec<Address<'a>>,
    /// `env-reply-to` (the server fills it from `From:` when absent).
    pub reply_to: Vec<Address<'a>>,
    /// `env-to`.
    pub to: Vec<Address<'a>>,
    /// `env-cc`.
    pub cc: Vec<Address<'a>>,
    /// `env-bcc`.
    pub bcc: Vec<Address<'a>>,
    /// `env-in-reply-to`.
    pub in_reply_to: NString<'a>,
    /// `env-message-id`.
    pub message_id: NString<'a>,
}

/// `address = "(" addr-name SP addr-adl SP addr-mailbox SP addr-host ")"` (RFC 3501 §7.4.2).
///
/// RFC 5322 group syntax is marked by two special addresses: the start of a group has a
/// `NIL` host and the group's name as mailbox ([`Address::is_group_start`]); its end has
/// `NIL` mailbox and host ([`Address::is_group_end`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Address<'a> {
    /// `addr-name`: the display name (RFC 2047 encoded-words as sent).
    pub name: NString<'a>,
    /// `addr-adl`: the source route.
    pub adl: NString<'a>,
    /// `addr-mailbox`: the local part (or a group's name).
    pub mailbox: NString<'a>,
    /// `addr-host`: the domain (`NIL` for a group marker).
    pub host: NString<'a>,
}

impl Address<'_> {
    /// Whether it opens a group (`NIL` host, a mailbox holding the group's name).
    pub fn is_group_start(&self) -> bool {
        self.host.0.is_none() && self.mailbox.0.is_some()
    }

    /// Whether it closes a group (`NIL` mailbox and host).
    pub fn is_group_end(&self) -> bool {
        self.host.0.is_none() && self.mailbox.0.is_none()
    }

    /// The same address, owned.
    pub fn into_owned(self) -> Address<'static> {
        Address {
            name: self.name.into_owned(),
            adl: self.adl.into_owned(),
            mailbox: self.mailbox.into_owned(),
            host: self.host.into_owned(),
        }
    }
}

impl Envelope<'_> {
    /// The same envelope, owned.
    pub fn into_owned(self) -> Envelope<'static> {
        let list = |v: Vec<Address<'_>>| v.into_iter().map(Address::into_owned).collect();
        Envelope {
            date: self.date.into_owned(),
            subject: self.subject.into_owned(),
            from: list(self.from),
            sender: list(self.sender),
            reply_to: list(self.reply_to),
            to: list(self.to),
            cc: list(self.cc),
            bcc: list(self.bcc),
            in_reply_to: self.in_reply_to.into_owned(),
            message_id: self.message_id.into_owned(),
        }
    }
}

/// Reads `envelope`.
pub(super) fn read_envelope<'a>(r: &mut Reader<'a>) -> Result<Envelope<'a>, ParseError> {
    let rule = Rule::Envelope;
    r.c.expect(b'(', rule)?;
    let date = nstring(r)?;
    r.sp(rule)?;
    let subject = nstring(r)?;
    r.sp(rule)?;
    let from = read_addresses(r)?;
    r.sp(rule)?;
    let sender = read_addresses(r)?;
    r.sp(rule)?;
    let reply_to = read_addresses(r)?;
    r.sp(rule)?;
    let to = read_addresses(r)?;
    r.sp(rule)?;
    let cc = read_addresses(r)?;
    r.sp(rule)?;
    let bcc = read_addresses(r)?;
    r.sp(rule)?;
    let in_reply_to = nstring(r)?;
    r.sp(rule)?;
    let message_id = nstring(r)?;
    close(r, rule)?;
    Ok(Envelope {
        date,
        subject,
        from,
        sender,
        reply_to,
        to,
        cc,
        bcc,
        in_reply_to,
        message_id,
    })
}

/// Reads `"(" 1*address ")" / nil`.
fn read_addresses<'a>(r: &mut Reader<'a>) -> Result<Vec<Address<'a>>, ParseError> {
    if nil(r, Rule::Envelope)? {
        return Ok(Vec::new());
    }
    r.c.expect(b'(', Rule::Envelope)?;
    // Four addresses fit before the vector grows (its first growth would be to four).
    let mut list = Vec::with_capacity(4);
    loop {
        // Filled in place: the address is not moved through results and into the vector.
        list.push(Address::default());
        if let Some(a) = list.last_mut() {
            read_address(r, a)?;
        }
        // `1*address`: no separator between addresses (some servers put one: extra_spaces).
        r.skip_extra_spaces();
        if r.c.need()? == b')' {
            r.c.bump();
            return Ok(list);
        }
    }
}

fn read_address<'a>(r: &mut Reader<'a>, a: &mut Address<'a>) -> Result<(), ParseError> {
    let rule = Rule::Address;
    r.c.expect(b'(', rule)?;
    a.name = nstring(r)?;
    r.sp(rule)?;
    a.adl = nstring(r)?;
    r.sp(rule)?;
    a.mailbox = nstring(r)?;
    r.sp(rule)?;
    a.host = nstring(r)?;
    close(r, rule)
}

pub(super) fn write_envelope(w: &mut Writer, e: &Envelope<'_>) {
    w.push_raw(b"(");
    w.value(&e.date);
    w.sp();
    w.value(&e.subject);
    for list in [&e.from, &e.sender, &e.reply_to, &e.to, &e.cc, &e.bcc] {
        w.sp();
        write_addresses(w, list);
    }
    w.sp();
    w.value(&e.in_reply_to);
    w.sp();
    w.value(&e.message_id);
    w.push_raw(b")");
}

fn write_addresses(w: &mut Writer, list: &[Address<'_>]) {
    if list.is_empty() {
        w.push_raw(b"NIL");
        return;
    }
    w.push_raw(b"(");
    for a in list {
        w.push_raw(b"(");
        w.value(&a.name);
        w.sp();
        w.value(&a.adl);
        w.sp();
        w.value(&a.mailbox);
        w.sp();
        w.value(&a.host);
        w.push_raw(b")");
    }
    w.push_raw(b")");
}
