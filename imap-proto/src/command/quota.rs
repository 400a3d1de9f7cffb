//! QUOTA (RFC 9208): the resource names and SETQUOTA's list of limits.

use crate::cursor::Cursor;
use crate::encode::{Encode, Writer};
use crate::error::{InvalidValue, ParseError, Rule};
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
    Other(QuotaResourceExtension<'a>),
}

/// The names [`QuotaResource`] has variants for.
const NAMED: [(&str, QuotaResource<'static>); 4] = [
    ("STORAGE", QuotaResource::Storage),
    ("MESSAGE", QuotaResource::Message),
    ("MAILBOX", QuotaResource::Mailbox),
    ("ANNOTATION-STORAGE", QuotaResource::AnnotationStorage),
];

/// The name of a `resource-name-ext` (RFC 9208 §7): an atom that is not one of the
/// resources [`QuotaResource`] names, so that every resource has one form and round-trips.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct QuotaResourceExtension<'a>(Atom<'a>);

impl<'a> QuotaResourceExtension<'a> {
    /// Another resource named `atom`.
    ///
    /// # Errors
    /// [`InvalidValue`] (rule `setquota-resource`) when `atom` names one of
    /// [`QuotaResource`]'s own variants (in any case): use [`QuotaResource::from_atom`].
    pub fn new(atom: Atom<'a>) -> Result<Self, InvalidValue> {
        if NAMED
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case(atom.as_str()))
        {
            return Err(InvalidValue {
                rule: Rule::QuotaResource,
                offset: 0,
            });
        }
        Ok(Self(atom))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl<'a> QuotaResource<'a> {
    /// The resource named `atom` (without case): a known name is its variant.
    pub fn from_atom(atom: Atom<'a>) -> Self {
        NAMED
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(atom.as_str()))
            .map_or_else(
                || QuotaResource::Other(QuotaResourceExtension(atom)),
                |(_, r)| r.clone(),
            )
    }

    /// The same resource, owning its name.
    pub fn into_owned(self) -> QuotaResource<'static> {
        match self {
            QuotaResource::Storage => QuotaResource::Storage,
            QuotaResource::Message => QuotaResource::Message,
            QuotaResource::Mailbox => QuotaResource::Mailbox,
            QuotaResource::AnnotationStorage => QuotaResource::AnnotationStorage,
            QuotaResource::Other(QuotaResourceExtension(a)) => {
                QuotaResource::Other(QuotaResourceExtension(a.into_owned()))
            }
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
            QuotaResource::Other(QuotaResourceExtension(a)) => a.encode(w),
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
