//! The `STATUS` response's items: `status-att-val` (RFC 3501 §7.2.4, RFC 9051 §7.3.2 and the
//! extensions' items).

use std::num::NonZeroU32;

use crate::command::ObjectId;
use crate::encode::{Encode, Writer};
use crate::error::{ParseError, Rule};
use crate::types::number::{number, number64, nz_number};

use super::reader::Reader;

/// One `status-att-val`: an attribute and its value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StatusItem<'a> {
    /// `"MESSAGES" SP number`.
    Messages(u32),
    /// `"RECENT" SP number` (RFC 3501 only).
    Recent(u32),
    /// `"UIDNEXT" SP nz-number`.
    UidNext(NonZeroU32),
    /// `"UIDVALIDITY" SP nz-number`.
    UidValidity(NonZeroU32),
    /// `"UNSEEN" SP number`.
    Unseen(u32),
    /// `"DELETED" SP number` (RFC 9051).
    Deleted(u32),
    /// `"SIZE" SP number64` (RFC 9051, RFC 8438).
    Size(u64),
    /// `"HIGHESTMODSEQ" SP mod-sequence-valzer` (CONDSTORE, RFC 7162 §3.1.6).
    HighestModSeq(u64),
    /// `"APPENDLIMIT" SP (number / nil)` (RFC 7889 §4; `None`: no limit).
    AppendLimit(Option<u32>),
    /// `"MAILBOXID" SP "(" objectid ")"` (OBJECTID, RFC 8474 §4.2).
    MailboxId(ObjectId<'a>),
    /// `"DELETED-STORAGE" SP number64` (RFC 9208 §4.1.2).
    DeletedStorage(u64),
}

impl StatusItem<'_> {
    /// The same item, owned.
    pub fn into_owned(self) -> StatusItem<'static> {
        match self {
            StatusItem::Messages(n) => StatusItem::Messages(n),
            StatusItem::Recent(n) => StatusItem::Recent(n),
            StatusItem::UidNext(n) => StatusItem::UidNext(n),
            StatusItem::UidValidity(n) => StatusItem::UidValidity(n),
            StatusItem::Unseen(n) => StatusItem::Unseen(n),
            StatusItem::Deleted(n) => StatusItem::Deleted(n),
            StatusItem::Size(n) => StatusItem::Size(n),
            StatusItem::HighestModSeq(n) => StatusItem::HighestModSeq(n),
            StatusItem::AppendLimit(n) => StatusItem::AppendLimit(n),
            StatusItem::MailboxId(id) => StatusItem::MailboxId(id.into_owned()),
            StatusItem::DeletedStorage(n) => StatusItem::DeletedStorage(n),
        }
    }

    /// Reads one `status-att-val`.
    pub(crate) fn read<'a>(r: &mut Reader<'a>) -> Result<StatusItem<'a>, ParseError> {
        let rule = Rule::StatusAtt;
        let at = r.c.pos;
        let name = r.c.take_while(|b| b.is_ascii_alphabetic() || b == b'-')?;
        r.sp(rule)?;
        let is = |n: &str| name.eq_ignore_ascii_case(n.as_bytes());
        let c = &mut r.c;
        Ok(if is("MESSAGES") {
            StatusItem::Messages(number(c)?)
        } else if is("UIDNEXT") {
            StatusItem::UidNext(nz_number(c)?)
        } else if is("UIDVALIDITY") {
            StatusItem::UidValidity(nz_number(c)?)
        } else if is("UNSEEN") {
            StatusItem::Unseen(number(c)?)
        } else if is("RECENT") {
            StatusItem::Recent(number(c)?)
        } else if is("DELETED") {
            StatusItem::Deleted(number(c)?)
        } else if is("SIZE") {
            StatusItem::Size(number64(c)?)
        } else if is("HIGHESTMODSEQ") {
            StatusItem::HighestModSeq(number64(c)?)
        } else if is("APPENDLIMIT") {
            if matches!(c.need()?, b'N' | b'n') {
                c.expect_word(b"NIL", rule)?;
                StatusItem::AppendLimit(None)
            } else {
                StatusItem::AppendLimit(Some(number(c)?))
            }
        } else if is("MAILBOXID") {
            c.expect(b'(', rule)?;
            let id = ObjectId::read(c)?;
            c.expect(b')', rule)?;
            StatusItem::MailboxId(id)
        } else if is("DELETED-STORAGE") {
            StatusItem::DeletedStorage(number64(c)?)
        } else {
            return Err(c.invalid_at(at, rule));
        })
    }
}

impl Encode for StatusItem<'_> {
    fn encode(&self, w: &mut Writer) {
        let (name, n): (&str, u64) = match self {
            StatusItem::Messages(n) => ("MESSAGES", u64::from(*n)),
            StatusItem::Recent(n) => ("RECENT", u64::from(*n)),
            StatusItem::UidNext(n) => ("UIDNEXT", u64::from(n.get())),
            StatusItem::UidValidity(n) => ("UIDVALIDITY", u64::from(n.get())),
            StatusItem::Unseen(n) => ("UNSEEN", u64::from(*n)),
            StatusItem::Deleted(n) => ("DELETED", u64::from(*n)),
            StatusItem::Size(n) => ("SIZE", *n),
            StatusItem::HighestModSeq(n) => ("HIGHESTMODSEQ", *n),
            StatusItem::DeletedStorage(n) => ("DELETED-STORAGE", *n),
            StatusItem::AppendLimit(limit) => {
                w.push_raw(b"APPENDLIMIT ");
                match limit {
                    Some(n) => w.number(u64::from(*n)),
                    None => w.push_raw(b"NIL"),
                }
                return;
            }
            StatusItem::MailboxId(id) => {
                w.push_raw(b"MAILBOXID (");
                w.value(id);
                w.push_raw(b")");
                return;
            }
        };
        w.push_raw(name.as_bytes());
        w.sp();
        w.number(n);
    }
}
