//! QUOTA (RFC 9208): the resource names and SETQUOTA's list of limits.

use crate::cursor::Cursor;
use crate::encode::{Encode, Writer};
use crate::error::{ParseError, Rule};
use crate::types::Atom;
use crate::types::number::number64;

use super::parse::sp;

/// `resource-name = "STORAGE" / "MESSAGE" / "MAILBOX" / "ANNOTATION-STORAGE" /
/// resource-name-ext` (RFC 9208 §4.1, §7).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum QuotaResource<'a> {
    /// `STORAGE`: the physical space, in units of 1024 octets (§5.1).
    Storage,
    /// `MESSAGE`: the number of messages (§5.2).
    Message,
    /// `MAILBOX`: the number of mailboxes (§5.3).
    Mailbox,
    /// `ANNOTATION-STORAGE`: the size of annotations, in units of 1024 octets (§5.4).
    AnnotationStorage,
    /// `resource-name-ext = atom`: another registered resource, never one of the above.
    Other(Atom<'a>),
}

impl<'a> QuotaResource<'a> {
    /// The resource named `atom` (without case): a known name is its variant.
    pub fn from_atom(atom: Atom<'a>) -> Self {
        match atom.as_str().to_ascii_uppercase().as_str() {
            "STORAGE" => QuotaResource::Storage,
            "MESSAGE" => QuotaResource::Message,
            "MAILBOX" => QuotaResource::Mailbox,
            "ANNOTATION-STORAGE" => QuotaResource::AnnotationStorage,
            _ => QuotaResource::Other(atom),
        }
    }

    /// The same resource, owning its name.
    pub fn into_owned(self) -> QuotaResource<'static> {
        match self {
            QuotaResource::Storage => QuotaResource::Storage,
            QuotaResource::Message => QuotaResource::Message,
            QuotaResource::Mailbox => QuotaResource::Mailbox,
            QuotaResource::AnnotationStorage => QuotaResource::AnnotationStorage,
            QuotaResource::Other(a) => QuotaResource::Other(a.into_owned()),
        }
    }
}

impl Encode for QuotaResource<'_> {
    fn encode(&self, w: &mut Writer) {
        match self {
            QuotaResource::Storage => w.push_raw(b"STORAGE"),
            QuotaResource::Message => w.push_raw(b"MESSAGE"),
            QuotaResource::Mailbox => w.push_raw(b"MAILBOX"),
            QuotaResource::AnnotationStorage => w.push_raw(b"ANNOTATION-STORAGE"),
            QuotaResource::Other(a) => a.encode(w),
        }
    }
}

/// `setquota-list = "(" [setquota-resource *(SP setquota-resource)] ")"`, `setquota-resource
/// = resource-name SP resource-limit`, `resource-limit = number64` (RFC 9208 §7).
pub(crate) fn read_setquota_list<'a>(
    c: &mut Cursor<'a>,
) -> Result<Vec<(QuotaResource<'a>, u64)>, ParseError> {
    c.expect(b'(', Rule::QuotaResource)?;
    let mut limits = Vec::new();
    if c.need()? != b')' {
        loop {
            let name = Atom::read(c).map(QuotaResource::from_atom)?;
            sp(c)?;
            limits.push((name, number64(c)?));
            if c.need()? == b')' {
                break;
            }
            sp(c)?;
        }
    }
    c.bump();
    Ok(limits)
}

/// `"(" [setquota-resource *(SP setquota-resource)] ")"`.
pub(crate) fn write_setquota_list(w: &mut Writer, limits: &[(QuotaResource<'_>, u64)]) {
    w.push_raw(b"(");
    for (i, (name, limit)) in limits.iter().enumerate() {
        if i > 0 {
            w.sp();
        }
        w.value(name).sp();
        w.number(*limit);
    }
    w.push_raw(b")");
}
