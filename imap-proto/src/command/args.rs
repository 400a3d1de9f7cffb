//! The arguments of the commands in [`CommandBody`](super::CommandBody) that are not core
//! values: status attributes, SELECT and CREATE parameters, STORE's operation, LIST's
//! pattern, APPEND's data and AUTHENTICATE's data.

use std::borrow::Cow;
use std::fmt;
use std::num::NonZeroU32;

use mail_sasl::{Secret, Wipe};

use crate::chars::is_list_char;
use crate::encode::{Encode, Writer};
use crate::error::{InvalidValue, Rule};
use crate::types::{Atom, DateTime, Flag, IString, Literal, Literal8, SequenceSet};

/// `status-att` (RFC 9051 §9, RFC 3501 §9 and the extensions): what STATUS asks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StatusAttribute {
    /// `MESSAGES`: the number of messages.
    Messages,
    /// `RECENT` (RFC 3501 only; removed by RFC 9051).
    Recent,
    /// `UIDNEXT`: the next UID.
    UidNext,
    /// `UIDVALIDITY`.
    UidValidity,
    /// `UNSEEN`: messages without `\Seen`.
    Unseen,
    /// `DELETED`: messages with `\Deleted` (RFC 9051).
    Deleted,
    /// `SIZE`: the mailbox's total size (RFC 9051, `STATUS=SIZE` RFC 8438).
    Size,
    /// `HIGHESTMODSEQ` (CONDSTORE, RFC 7162 §3.1.6).
    HighestModSeq,
    /// `APPENDLIMIT` (RFC 7889 §4).
    AppendLimit,
    /// `MAILBOXID` (OBJECTID, RFC 8474 §4.2).
    MailboxId,
    /// `DELETED-STORAGE` (QUOTA, RFC 9208 §4.1.2): the storage that expunging the
    /// `\Deleted` messages would free.
    DeletedStorage,
}

impl StatusAttribute {
    /// Every attribute with its name, in the order above.
    pub const ALL: [(StatusAttribute, &'static str); 11] = [
        (StatusAttribute::Messages, "MESSAGES"),
        (StatusAttribute::Recent, "RECENT"),
        (StatusAttribute::UidNext, "UIDNEXT"),
        (StatusAttribute::UidValidity, "UIDVALIDITY"),
        (StatusAttribute::Unseen, "UNSEEN"),
        (StatusAttribute::Deleted, "DELETED"),
        (StatusAttribute::Size, "SIZE"),
        (StatusAttribute::HighestModSeq, "HIGHESTMODSEQ"),
        (StatusAttribute::AppendLimit, "APPENDLIMIT"),
        (StatusAttribute::MailboxId, "MAILBOXID"),
        (StatusAttribute::DeletedStorage, "DELETED-STORAGE"),
    ];

    /// The attribute's name on the wire.
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(a, _)| *a == self)
            .map_or("", |(_, n)| n)
    }

    /// The attribute named `name` (without case).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .find(|(_, n)| n.eq_ignore_ascii_case(name))
            .map(|(a, _)| *a)
    }
}

impl Encode for StatusAttribute {
    fn encode(&self, w: &mut Writer) {
        w.push_raw(self.name().as_bytes());
    }
}

/// A `select-param` (RFC 4466 §2.1) this crate knows.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SelectParameter {
    /// `CONDSTORE` (RFC 7162 §3.1.8): enable CONDSTORE and report `HIGHESTMODSEQ`.
    CondStore,
    /// `QRESYNC` (RFC 7162 §3.2.5): `"QRESYNC" SP "(" uidvalidity SP mod-sequence-value
    /// [SP known-uids] [SP seq-match-data] ")"`.
    QResync(QResync),
}

/// The arguments of the `QRESYNC` select parameter (RFC 7162 §3.2.5, §7).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct QResync {
    /// The UIDVALIDITY the client last knew.
    pub uid_validity: NonZeroU32,
    /// The last known `mod-sequence-value` (1 ≤ n < 2^63).
    pub mod_seq: u64,
    /// `known-uids`: the UIDs the client knows.
    pub known_uids: Option<SequenceSet>,
    /// `seq-match-data = "(" known-sequence-set SP known-uid-set ")"`.
    pub seq_match: Option<(SequenceSet, SequenceSet)>,
}

/// `use-attr` (RFC 6154 §6, CREATE-SPECIAL-USE): a special use given to a mailbox at
/// CREATE.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum UseAttribute<'a> {
    /// `\All`.
    All,
    /// `\Archive`.
    Archive,
    /// `\Drafts`.
    Drafts,
    /// `\Flagged`.
    Flagged,
    /// `\Junk`.
    Junk,
    /// `\Sent`.
    Sent,
    /// `\Trash`.
    Trash,
    /// `use-attr-ext = "\" atom`: another special use (its atom, without `\`; never one of
    /// the names above, which are their own variants).
    Extension(UseAttributeExtension<'a>),
}

/// The name of a `use-attr-ext` (RFC 6154 §6): an atom that is not one of the special uses
/// [`UseAttribute`] names, so that every attribute has one form and round-trips.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UseAttributeExtension<'a>(Atom<'a>);

impl<'a> UseAttributeExtension<'a> {
    /// An extension special use named `atom` (written `\atom`).
    ///
    /// # Errors
    /// [`InvalidValue`] (rule `use-attr`) when `atom` names one of [`UseAttribute`]'s own
    /// variants (in any case), such as `Drafts`: use [`UseAttribute::from_atom`].
    pub fn new(atom: Atom<'a>) -> Result<Self, InvalidValue> {
        if UseAttribute::NAMED
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case(atom.as_str()))
        {
            return Err(InvalidValue {
                rule: Rule::UseAttr,
                offset: 0,
            });
        }
        Ok(Self(atom))
    }

    /// The name, without the `\`.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The same name, owned.
    pub fn into_owned(self) -> UseAttributeExtension<'static> {
        UseAttributeExtension(self.0.into_owned())
    }
}

impl UseAttribute<'_> {
    const NAMED: [(&'static str, UseAttribute<'static>); 7] = [
        ("All", UseAttribute::All),
        ("Archive", UseAttribute::Archive),
        ("Drafts", UseAttribute::Drafts),
        ("Flagged", UseAttribute::Flagged),
        ("Junk", UseAttribute::Junk),
        ("Sent", UseAttribute::Sent),
        ("Trash", UseAttribute::Trash),
    ];

    /// The attribute written `\name` (matched without case): a known name is its variant,
    /// anything else an [`Extension`](UseAttribute::Extension).
    pub fn from_atom(name: Atom<'_>) -> UseAttribute<'_> {
        Self::NAMED
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name.as_str()))
            .map_or_else(
                || UseAttribute::Extension(UseAttributeExtension(name)),
                |(_, a)| a.clone(),
            )
    }

    /// The same attribute, owning its name.
    pub fn into_owned(self) -> UseAttribute<'static> {
        match self {
            UseAttribute::All => UseAttribute::All,
            UseAttribute::Archive => UseAttribute::Archive,
            UseAttribute::Drafts => UseAttribute::Drafts,
            UseAttribute::Flagged => UseAttribute::Flagged,
            UseAttribute::Junk => UseAttribute::Junk,
            UseAttribute::Sent => UseAttribute::Sent,
            UseAttribute::Trash => UseAttribute::Trash,
            UseAttribute::Extension(a) => UseAttribute::Extension(a.into_owned()),
        }
    }
}

impl Encode for UseAttribute<'_> {
    fn encode(&self, w: &mut Writer) {
        w.push_raw(b"\\");
        match self {
            UseAttribute::Extension(a) => a.0.encode(w),
            named => {
                let name = Self::NAMED
                    .iter()
                    .find(|(_, a)| a == named)
                    .map_or("", |(n, _)| n);
                w.push_raw(name.as_bytes());
            }
        }
    }
}

/// `flag-list = "(" [flag *(SP flag)] ")"` as a client sends it in STORE and APPEND (RFC
/// 3501 §9, RFC 9051 §9): `flag` there excludes `\Recent`, a session flag only the server
/// sets (RFC 3501 §2.3.2). Checked at construction, so such a list cannot carry it.
///
/// ```
/// use imap_proto::command::FlagList;
/// use imap_proto::types::Flag;
/// assert!(FlagList::new(vec![Flag::Seen, Flag::Draft]).is_ok());
/// assert_eq!(FlagList::new(vec![Flag::Seen, Flag::Recent]).unwrap_err().offset, 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct FlagList<'a>(Vec<Flag<'a>>);

impl<'a> FlagList<'a> {
    /// A list of flags a client may set.
    ///
    /// # Errors
    /// [`InvalidValue`] (rule `flag`, offset = the index in `flags`) for `\Recent`.
    pub fn new(flags: Vec<Flag<'a>>) -> Result<Self, InvalidValue> {
        match flags.iter().position(|f| *f == Flag::Recent) {
            Some(at) => Err(InvalidValue {
                rule: Rule::Flag,
                offset: at,
            }),
            None => Ok(Self(flags)),
        }
    }

    /// The flags.
    pub fn as_slice(&self) -> &[Flag<'a>] {
        &self.0
    }

    /// The flags, as a vector.
    pub fn into_vec(self) -> Vec<Flag<'a>> {
        self.0
    }

    /// The same flags, owning their names.
    pub fn into_owned(self) -> FlagList<'static> {
        FlagList(self.0.into_iter().map(Flag::into_owned).collect())
    }

    /// Adds a flag read from the wire, checked by the caller.
    pub(crate) fn push_checked(&mut self, flag: Flag<'a>) {
        self.0.push(flag);
    }
}

impl<'a> TryFrom<Vec<Flag<'a>>> for FlagList<'a> {
    type Error = InvalidValue;

    fn try_from(flags: Vec<Flag<'a>>) -> Result<Self, InvalidValue> {
        Self::new(flags)
    }
}

impl<'a> std::ops::Deref for FlagList<'a> {
    type Target = [Flag<'a>];

    fn deref(&self) -> &[Flag<'a>] {
        &self.0
    }
}

impl Encode for FlagList<'_> {
    /// `"(" [flag *(SP flag)] ")"`.
    fn encode(&self, w: &mut Writer) {
        w.push_raw(b"(");
        for (i, f) in self.0.iter().enumerate() {
            if i > 0 {
                w.sp();
            }
            w.value(f);
        }
        w.push_raw(b")");
    }
}

/// How STORE changes the flags: `["+" / "-"] "FLAGS"` (RFC 3501 §6.4.6, `store-att-flags`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StoreOperation {
    /// `FLAGS`: replace the flags.
    Replace,
    /// `+FLAGS`: add them.
    Add,
    /// `-FLAGS`: remove them.
    Remove,
}

/// `list-mailbox = 1*list-char / string` (RFC 3501 §9): a LIST or LSUB pattern, with the
/// wildcards `*` and `%` (§6.3.8). Any octets but NUL; written unquoted when every octet is
/// a `list-char`, else as a string.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ListMailbox<'a>(IString<'a>);

impl<'a> ListMailbox<'a> {
    /// A pattern.
    ///
    /// # Errors
    /// [`InvalidValue`] at the first NUL.
    pub fn new(pattern: impl Into<Cow<'a, [u8]>>) -> Result<Self, InvalidValue> {
        IString::new(pattern).map(Self).map_err(|e| InvalidValue {
            rule: Rule::ListMailbox,
            offset: e.offset,
        })
    }

    pub(crate) fn from_string(s: IString<'a>) -> Self {
        Self(s)
    }

    /// The pattern's octets.
    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }

    /// The same pattern, owning its octets.
    pub fn into_owned(self) -> ListMailbox<'static> {
        ListMailbox(self.0.into_owned())
    }
}

impl Encode for ListMailbox<'_> {
    fn encode(&self, w: &mut Writer) {
        let bytes = self.0.as_bytes();
        if !bytes.is_empty() && bytes.iter().all(|&b| is_list_char(b)) {
            w.push_raw(bytes);
        } else {
            self.0.encode(w);
        }
    }
}

/// APPEND's message: `literal` (RFC 3501 §6.3.11) or `literal8` (BINARY, RFC 3516 §4.4),
/// borrowed from the parsed input.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AppendData<'a> {
    /// `literal`: no NUL.
    Literal(Literal<'a>),
    /// `literal8`: any octets.
    Literal8(Literal8<'a>),
}

impl AppendData<'_> {
    /// The message's octets.
    pub fn data(&self) -> &[u8] {
        match self {
            AppendData::Literal(l) => l.data(),
            AppendData::Literal8(l) => l.data(),
        }
    }

    /// The same data, owned.
    pub fn into_owned(self) -> AppendData<'static> {
        match self {
            AppendData::Literal(l) => AppendData::Literal(l.into_owned()),
            AppendData::Literal8(l) => AppendData::Literal8(l.into_owned()),
        }
    }
}

impl Encode for AppendData<'_> {
    fn encode(&self, w: &mut Writer) {
        match self {
            AppendData::Literal(l) => l.encode(w),
            AppendData::Literal8(l) => l.encode(w),
        }
    }
}

/// `append-message = [SP flag-list] [SP date-time] SP literal` (MULTIAPPEND, RFC 3502 §6):
/// one of the messages after the first in an APPEND.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AppendMessage<'a> {
    /// `flag-list` (`None` when absent; it cannot hold `\Recent`).
    pub flags: Option<FlagList<'a>>,
    /// The internal date to give the message.
    pub date: Option<DateTime>,
    /// The message, borrowed from the input.
    pub message: AppendData<'a>,
}

impl AppendMessage<'_> {
    /// The same message, owned.
    pub fn into_owned(self) -> AppendMessage<'static> {
        AppendMessage {
            flags: self.flags.map(FlagList::into_owned),
            date: self.date,
            message: self.message.into_owned(),
        }
    }
}

/// SASL data as IMAP carries it: `base64 = *(4base64-char) [base64-terminal]` (RFC 3501
/// §9), the text itself (decoding is the SASL mechanism's business). Empty is the empty
/// response (written `=` as an `initial-resp`, RFC 4959 §3). Held in a [`Secret`]: `Debug`
/// shows only the length.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct AuthData<'a>(Cow<'a, [u8]>);

impl<'a> AuthData<'a> {
    /// Base64 text.
    ///
    /// # Errors
    /// [`InvalidValue`] (rule `base64`) at the first byte that breaks the grammar: a byte
    /// outside the alphabet, `=` padding anywhere but the end, or a length not a multiple
    /// of 4.
    pub fn new(text: impl Into<Cow<'a, [u8]>>) -> Result<Self, InvalidValue> {
        let text = text.into();
        check_base64(&text)?;
        Ok(Self(text))
    }

    /// The base64 text.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The same data, owned.
    pub fn into_owned(self) -> AuthData<'static> {
        AuthData(Cow::Owned(self.0.into_owned()))
    }
}

/// Checks `base64` (RFC 3501 §9, RFC 4648 §4 alphabet, padded).
fn check_base64(text: &[u8]) -> Result<(), InvalidValue> {
    let err = |offset| InvalidValue {
        rule: Rule::Base64,
        offset,
    };
    let body = text.len() - text.iter().rev().take_while(|&&b| b == b'=').count();
    if text.len() - body > 2 {
        return Err(err(body + 2));
    }
    if let Some(bad) = text
        .get(..body)
        .unwrap_or_default()
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || b == b'+' || b == b'/'))
    {
        return Err(err(bad));
    }
    if !text.len().is_multiple_of(4) {
        return Err(err(text.len()));
    }
    Ok(())
}

impl fmt::Debug for AuthData<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AuthData({} octets)", self.0.len())
    }
}

impl AsRef<[u8]> for AuthData<'_> {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl Wipe for AuthData<'_> {
    /// Zeroes owned octets (borrowed ones belong to the caller's buffer).
    fn wipe(&mut self) {
        if let Cow::Owned(v) = &mut self.0 {
            v.wipe();
        }
        self.0 = Cow::Borrowed(&[]);
    }
}

/// Moves a secret into one that owns its value.
pub(crate) fn owned_secret<T, U>(s: &Secret<T>, f: impl FnOnce(T) -> U) -> Secret<U>
where
    T: Wipe + Clone,
    U: Wipe,
{
    Secret::new(f(s.expose().clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_grammar() {
        for ok in [&b""[..], b"dGVzdAB0ZXN0AHRlc3Q=", b"YQ==", b"YWJj", b"+/9a"] {
            assert!(AuthData::new(ok).is_ok(), "{ok:?}");
        }
        assert_eq!(AuthData::new(&b"YQ="[..]).unwrap_err().offset, 3);
        assert_eq!(AuthData::new(&b"Y==="[..]).unwrap_err().offset, 3);
        assert_eq!(AuthData::new(&b"Y=Q="[..]).unwrap_err().offset, 1);
        assert_eq!(AuthData::new(&b"ab-d"[..]).unwrap_err().offset, 2);
        assert_eq!(
            format!("{:?}", AuthData::new(&b"YQ=="[..]).unwrap()),
            "AuthData(4 octets)"
        );
    }

    #[test]
    fn names() {
        for (a, n) in StatusAttribute::ALL {
            assert_eq!(StatusAttribute::from_name(&n.to_lowercase()), Some(a));
            assert_eq!(a.to_wire(), n.as_bytes());
        }
        let junk = UseAttribute::from_atom(Atom::new("junk").unwrap());
        assert_eq!(junk.to_wire(), b"\\Junk");
        let ext = UseAttribute::from_atom(Atom::new("Important").unwrap());
        assert_eq!(ext.to_wire(), b"\\Important");
        // A name UseAttribute knows is never an extension, so every value round-trips.
        assert!(UseAttributeExtension::new(Atom::new("Drafts").unwrap()).is_err());
        assert!(UseAttributeExtension::new(Atom::new("tRASH").unwrap()).is_err());
        let important = UseAttributeExtension::new(Atom::new("Important").unwrap()).unwrap();
        assert_eq!(UseAttribute::Extension(important), ext);
        assert_eq!(ListMailbox::new(&b"%/x*"[..]).unwrap().to_wire(), b"%/x*");
        assert_eq!(ListMailbox::new(&b""[..]).unwrap().to_wire(), b"\"\"");
        assert_eq!(ListMailbox::new(&b"a b"[..]).unwrap().to_wire(), b"\"a b\"");
    }
}
