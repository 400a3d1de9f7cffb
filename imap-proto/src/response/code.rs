//! Response codes: `resp-text-code` (RFC 3501 §7.1, RFC 9051 §7.1 and the extensions' codes),
//! the bracketed word at the start of a status response's text.

use std::borrow::Cow;
use std::num::NonZeroU32;

use crate::chars::is_atom_char;
use crate::command::ObjectId;
use crate::encode::{Encode, Writer};
use crate::error::{InvalidValue, ParseError, Rule};
use crate::types::number::{number64, nz_number};
use crate::types::{Atom, FlagPerm, NonEmpty, SequenceSet};

use super::data::{read_capabilities, write_atoms};
use super::flags::{read_flag_perms, write_list};
use super::reader::Reader;

/// A response code (`resp-text-code`): what a status response says in brackets, for a
/// program to act on.
///
/// Codes without arguments are matched without case and written in capitals; an unknown
/// code is [`Code::Other`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Code<'a> {
    /// `ALERT`: show the text to the user (RFC 3501 §7.1).
    Alert,
    /// `"BADCHARSET" [SP "(" charset *(SP charset) ")"]`: the charsets the server supports
    /// (empty: not listed).
    BadCharset(Vec<Charset<'a>>),
    /// `capability-data`: the server's capabilities, sent with the greeting or after login.
    Capability(NonEmpty<Atom<'a>>),
    /// `PARSE`: a message's header could not be parsed.
    Parse,
    /// `"PERMANENTFLAGS" SP "(" [flag-perm *(SP flag-perm)] ")"`: the flags the client can
    /// change permanently (`\*`: and new keywords).
    PermanentFlags(Vec<FlagPerm<'a>>),
    /// `READ-ONLY`: the mailbox is selected read-only.
    ReadOnly,
    /// `READ-WRITE`: the mailbox is selected read-write.
    ReadWrite,
    /// `TRYCREATE`: create the target mailbox, then try again.
    TryCreate,
    /// `"UIDNEXT" SP nz-number`: the next UID.
    UidNext(NonZeroU32),
    /// `"UIDVALIDITY" SP nz-number`.
    UidValidity(NonZeroU32),
    /// `"UNSEEN" SP nz-number`: the first unseen message (RFC 3501 only).
    Unseen(NonZeroU32),
    /// `resp-code-apnd = "APPENDUID" SP nz-number SP append-uid` (UIDPLUS, RFC 4315 §3; a
    /// `uid-set` after MULTIAPPEND).
    AppendUid {
        /// The UIDVALIDITY of the target mailbox.
        uid_validity: NonZeroU32,
        /// The UIDs the messages got.
        uids: SequenceSet,
    },
    /// `resp-code-copy = "COPYUID" SP nz-number SP uid-set SP uid-set` (RFC 4315 §3).
    CopyUid {
        /// The UIDVALIDITY of the target mailbox.
        uid_validity: NonZeroU32,
        /// The UIDs copied.
        source: SequenceSet,
        /// The UIDs their copies got, in the same order.
        destination: SequenceSet,
    },
    /// `UIDNOTSTICKY`: the mailbox cannot keep UIDs (RFC 4315 §3).
    UidNotSticky,
    /// `"HIGHESTMODSEQ" SP mod-sequence-value` (CONDSTORE, RFC 7162 §3.1.2.1).
    HighestModSeq(u64),
    /// `NOMODSEQ`: the mailbox keeps no mod-sequences (RFC 7162 §3.1.2.2).
    NoModSeq,
    /// `"MODIFIED" SP sequence-set`: the messages a conditional STORE left alone (RFC 7162
    /// §3.1.3).
    Modified(SequenceSet),
    /// `CLOSED`: the previous mailbox is closed (QRESYNC, RFC 7162 §3.2.11; RFC 9051).
    Closed,
    /// `COMPRESSIONACTIVE`: compression is already on (RFC 4978 §3).
    CompressionActive,
    /// `OVERQUOTA`: a quota would be exceeded (RFC 9208 §4.3, RFC 9051).
    OverQuota,
    /// `LIMIT`: a server limit was reached (RFC 5530 §3).
    Limit,
    /// `UNAVAILABLE` (RFC 5530 §3).
    Unavailable,
    /// `AUTHENTICATIONFAILED` (RFC 5530 §3).
    AuthenticationFailed,
    /// `AUTHORIZATIONFAILED` (RFC 5530 §3).
    AuthorizationFailed,
    /// `EXPIRED` (RFC 5530 §3).
    Expired,
    /// `PRIVACYREQUIRED` (RFC 5530 §3).
    PrivacyRequired,
    /// `CONTACTADMIN` (RFC 5530 §3).
    ContactAdmin,
    /// `NOPERM` (RFC 5530 §3).
    NoPerm,
    /// `INUSE` (RFC 5530 §3).
    InUse,
    /// `EXPUNGEISSUED` (RFC 5530 §3).
    ExpungeIssued,
    /// `CORRUPTION` (RFC 5530 §3).
    Corruption,
    /// `SERVERBUG` (RFC 5530 §3).
    ServerBug,
    /// `CLIENTBUG` (RFC 5530 §3).
    ClientBug,
    /// `CANNOT` (RFC 5530 §3).
    Cannot,
    /// `ALREADYEXISTS` (RFC 5530 §3).
    AlreadyExists,
    /// `NONEXISTENT` (RFC 5530 §3).
    NonExistent,
    /// `NOTSAVED`: the SEARCH result variable was not saved (RFC 5182 §2.4, RFC 9051).
    NotSaved,
    /// `HASCHILDREN`: the mailbox has children (RFC 9051 §7.1).
    HasChildren,
    /// `UNKNOWN-CTE`: a content transfer encoding the server cannot decode (BINARY, RFC 3516
    /// §4.3).
    UnknownCte,
    /// `USEATTR`: a special use the server cannot give (RFC 6154 §3).
    UseAttr,
    /// `"MAILBOXID" SP "(" objectid ")"` (OBJECTID, RFC 8474 §4.1).
    MailboxId(ObjectId<'a>),
    /// `atom [SP 1*<any TEXT-CHAR except "]">]`: a code this crate does not know.
    Other(OtherCode<'a>),
}

/// The codes without arguments, by name.
const SIMPLE: [(&str, Code<'static>); 30] = [
    ("ALERT", Code::Alert),
    ("PARSE", Code::Parse),
    ("READ-ONLY", Code::ReadOnly),
    ("READ-WRITE", Code::ReadWrite),
    ("TRYCREATE", Code::TryCreate),
    ("UIDNOTSTICKY", Code::UidNotSticky),
    ("NOMODSEQ", Code::NoModSeq),
    ("CLOSED", Code::Closed),
    ("COMPRESSIONACTIVE", Code::CompressionActive),
    ("OVERQUOTA", Code::OverQuota),
    ("LIMIT", Code::Limit),
    ("UNAVAILABLE", Code::Unavailable),
    ("AUTHENTICATIONFAILED", Code::AuthenticationFailed),
    ("AUTHORIZATIONFAILED", Code::AuthorizationFailed),
    ("EXPIRED", Code::Expired),
    ("PRIVACYREQUIRED", Code::PrivacyRequired),
    ("CONTACTADMIN", Code::ContactAdmin),
    ("NOPERM", Code::NoPerm),
    ("INUSE", Code::InUse),
    ("EXPUNGEISSUED", Code::ExpungeIssued),
    ("CORRUPTION", Code::Corruption),
    ("SERVERBUG", Code::ServerBug),
    ("CLIENTBUG", Code::ClientBug),
    ("CANNOT", Code::Cannot),
    ("ALREADYEXISTS", Code::AlreadyExists),
    ("NONEXISTENT", Code::NonExistent),
    ("NOTSAVED", Code::NotSaved),
    ("HASCHILDREN", Code::HasChildren),
    ("UNKNOWN-CTE", Code::UnknownCte),
    ("USEATTR", Code::UseAttr),
];

/// The codes with arguments, by name.
const WITH_ARGUMENTS: [&str; 11] = [
    "BADCHARSET",
    "CAPABILITY",
    "PERMANENTFLAGS",
    "UIDNEXT",
    "UIDVALIDITY",
    "UNSEEN",
    "APPENDUID",
    "COPYUID",
    "HIGHESTMODSEQ",
    "MODIFIED",
    "MAILBOXID",
];

fn is_known(name: &str) -> bool {
    SIMPLE.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
        || WITH_ARGUMENTS.iter().any(|n| n.eq_ignore_ascii_case(name))
}

impl Code<'_> {
    /// The same code, owning everything it borrowed.
    pub fn into_owned(self) -> Code<'static> {
        match self {
            Code::BadCharset(c) => {
                Code::BadCharset(c.into_iter().map(Charset::into_owned).collect())
            }
            Code::Capability(c) => Code::Capability(c.map(Atom::into_owned)),
            Code::PermanentFlags(f) => {
                Code::PermanentFlags(f.into_iter().map(FlagPerm::into_owned).collect())
            }
            Code::UidNext(n) => Code::UidNext(n),
            Code::UidValidity(n) => Code::UidValidity(n),
            Code::Unseen(n) => Code::Unseen(n),
            Code::AppendUid { uid_validity, uids } => Code::AppendUid { uid_validity, uids },
            Code::CopyUid {
                uid_validity,
                source,
                destination,
            } => Code::CopyUid {
                uid_validity,
                source,
                destination,
            },
            Code::HighestModSeq(n) => Code::HighestModSeq(n),
            Code::Modified(s) => Code::Modified(s),
            Code::MailboxId(id) => Code::MailboxId(id.into_owned()),
            Code::Other(o) => Code::Other(o.into_owned()),
            simple => SIMPLE
                .iter()
                .find(|(_, c)| *c == simple)
                .map_or(Code::Alert, |(_, c)| c.clone()),
        }
    }
}

/// Reads `resp-text-code` (after `[`, up to the `]`).
pub(crate) fn read_code<'a>(r: &mut Reader<'a>) -> Result<Code<'a>, ParseError> {
    let start = r.c.pos;
    let rule = Rule::RespTextCode;
    let n = r.c.take_while(is_atom_char)?;
    if n.is_empty() {
        return Err(r.c.invalid_at(start, rule));
    }
    if let Some((_, code)) = SIMPLE
        .iter()
        .find(|(s, _)| s.as_bytes().eq_ignore_ascii_case(n))
    {
        return Ok(code.clone());
    }
    let upper = |s: &str| n.eq_ignore_ascii_case(s.as_bytes());
    let code = if upper("BADCHARSET") {
        let mut charsets = Vec::new();
        if r.c.need()? == b' ' {
            r.sp(rule)?;
            charsets = r.paren_list(rule, Charset::read)?;
            if charsets.is_empty() {
                return Err(r.c.invalid(rule));
            }
        }
        Code::BadCharset(charsets)
    } else if upper("CAPABILITY") {
        Code::Capability(read_capabilities(r, rule)?)
    } else if upper("PERMANENTFLAGS") {
        r.sp(rule)?;
        Code::PermanentFlags(read_flag_perms(r)?)
    } else if upper("UIDNEXT") {
        r.sp(rule)?;
        Code::UidNext(nz_number(&mut r.c)?)
    } else if upper("UIDVALIDITY") {
        r.sp(rule)?;
        Code::UidValidity(nz_number(&mut r.c)?)
    } else if upper("UNSEEN") {
        r.sp(rule)?;
        Code::Unseen(nz_number(&mut r.c)?)
    } else if upper("APPENDUID") {
        r.sp(rule)?;
        let uid_validity = nz_number(&mut r.c)?;
        r.sp(rule)?;
        Code::AppendUid {
            uid_validity,
            uids: SequenceSet::read(&mut r.c)?,
        }
    } else if upper("COPYUID") {
        r.sp(rule)?;
        let uid_validity = nz_number(&mut r.c)?;
        r.sp(rule)?;
        let source = SequenceSet::read(&mut r.c)?;
        r.sp(rule)?;
        Code::CopyUid {
            uid_validity,
            source,
            destination: SequenceSet::read(&mut r.c)?,
        }
    } else if upper("HIGHESTMODSEQ") {
        r.sp(rule)?;
        Code::HighestModSeq(number64(&mut r.c)?)
    } else if upper("MODIFIED") {
        r.sp(rule)?;
        Code::Modified(SequenceSet::read(&mut r.c)?)
    } else if upper("MAILBOXID") {
        r.sp(rule)?;
        r.c.expect(b'(', rule)?;
        let id = ObjectId::read(&mut r.c)?;
        r.c.expect(b')', rule)?;
        Code::MailboxId(id)
    } else {
        // Only atom characters (ASCII) were taken.
        let name = std::str::from_utf8(n)
            .ok()
            .and_then(|n| Atom::new(n).ok())
            .ok_or_else(|| r.c.invalid_at(start, rule))?;
        let text = if r.c.need()? == b' ' {
            r.c.bump();
            Some(CodeText::read(r)?)
        } else {
            None
        };
        return Ok(Code::Other(OtherCode { name, text }));
    };
    r.skip_extra_spaces();
    if r.c.need()? != b']' {
        return Err(r.c.invalid_at(start, rule));
    }
    Ok(code)
}

impl Encode for Code<'_> {
    fn encode(&self, w: &mut Writer) {
        match self {
            Code::BadCharset(charsets) => {
                w.push_raw(b"BADCHARSET");
                if !charsets.is_empty() {
                    w.push_raw(b" ");
                    write_list(w, charsets);
                }
            }
            Code::Capability(caps) => {
                w.push_raw(b"CAPABILITY");
                write_atoms(w, caps);
            }
            Code::PermanentFlags(flags) => {
                w.push_raw(b"PERMANENTFLAGS ");
                write_list(w, flags);
            }
            Code::UidNext(n) => named_number(w, "UIDNEXT", u64::from(n.get())),
            Code::UidValidity(n) => named_number(w, "UIDVALIDITY", u64::from(n.get())),
            Code::Unseen(n) => named_number(w, "UNSEEN", u64::from(n.get())),
            Code::AppendUid { uid_validity, uids } => {
                named_number(w, "APPENDUID", u64::from(uid_validity.get()));
                w.sp().value(uids);
            }
            Code::CopyUid {
                uid_validity,
                source,
                destination,
            } => {
                named_number(w, "COPYUID", u64::from(uid_validity.get()));
                w.sp().value(source).sp().value(destination);
            }
            Code::HighestModSeq(n) => named_number(w, "HIGHESTMODSEQ", *n),
            Code::Modified(set) => {
                w.push_raw(b"MODIFIED ");
                w.value(set);
            }
            Code::MailboxId(id) => {
                w.push_raw(b"MAILBOXID (");
                w.value(id);
                w.push_raw(b")");
            }
            Code::Other(o) => {
                w.value(&o.name);
                if let Some(text) = &o.text {
                    w.sp();
                    w.push_raw(text.0.as_bytes());
                }
            }
            simple => {
                let name = SIMPLE
                    .iter()
                    .find(|(_, c)| c == simple)
                    .map_or("ALERT", |(n, _)| n);
                w.push_raw(name.as_bytes());
            }
        }
    }
}

fn named_number(w: &mut Writer, name: &str, n: u64) {
    w.push_raw(name.as_bytes());
    w.sp();
    w.number(n);
}

/// `charset = atom / quoted` (RFC 3501 §9) in `BADCHARSET`: a charset name, printable
/// ASCII. Written as an atom when it is one, else quoted.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Charset<'a>(Cow<'a, str>);

impl<'a> Charset<'a> {
    /// A charset name.
    ///
    /// # Errors
    /// [`InvalidValue`] (rule `quoted`) at the first octet that is not printable ASCII or
    /// space, or at 0 when empty.
    pub fn new(name: impl Into<Cow<'a, str>>) -> Result<Self, InvalidValue> {
        let name = name.into();
        let bad = name.bytes().position(|b| !(b' '..0x7f).contains(&b));
        match bad {
            Some(offset) => Err(InvalidValue {
                rule: Rule::Quoted,
                offset,
            }),
            None if name.is_empty() => Err(InvalidValue {
                rule: Rule::Quoted,
                offset: 0,
            }),
            None => Ok(Self(name)),
        }
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The same name, owned.
    pub fn into_owned(self) -> Charset<'static> {
        Charset(Cow::Owned(self.0.into_owned()))
    }

    fn read(r: &mut Reader<'a>) -> Result<Self, ParseError> {
        let start = r.c.pos;
        if r.c.need()? != b'"' {
            let run = r.c.take_while(is_atom_char)?;
            return match std::str::from_utf8(run) {
                Ok(name) if !name.is_empty() => Ok(Self(Cow::Borrowed(name))),
                _ => Err(r.c.invalid_at(start, Rule::RespTextCode)),
            };
        }
        let q = match r.quoted_octets()? {
            Cow::Borrowed(b) => std::str::from_utf8(b).map(Cow::Borrowed).ok(),
            Cow::Owned(v) => String::from_utf8(v).map(Cow::Owned).ok(),
        }
        .ok_or_else(|| r.c.invalid_at(start, Rule::Quoted))?;
        Self::new(q).map_err(|e| r.c.invalid_at(start + 1 + e.offset, Rule::Quoted))
    }
}

impl Encode for Charset<'_> {
    fn encode(&self, w: &mut Writer) {
        if self.0.bytes().all(is_atom_char) {
            w.push_raw(self.0.as_bytes());
        } else {
            w.quoted(self.0.as_bytes());
        }
    }
}

/// An unknown response code: `atom [SP 1*<any TEXT-CHAR except "]">]` (RFC 9051 §9), whose
/// name is none of [`Code`]'s own.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OtherCode<'a> {
    name: Atom<'a>,
    text: Option<CodeText<'a>>,
}

impl<'a> OtherCode<'a> {
    /// The code `name` with optional text.
    ///
    /// # Errors
    /// [`InvalidValue`] (rule `resp-text-code`) when `name` is a code [`Code`] has a variant
    /// for.
    pub fn new(name: Atom<'a>, text: Option<CodeText<'a>>) -> Result<Self, InvalidValue> {
        if is_known(name.as_str()) {
            return Err(InvalidValue {
                rule: Rule::RespTextCode,
                offset: 0,
            });
        }
        Ok(Self { name, text })
    }

    /// The code's name.
    pub fn name(&self) -> &Atom<'a> {
        &self.name
    }

    /// The text after it.
    pub fn text(&self) -> Option<&CodeText<'a>> {
        self.text.as_ref()
    }

    /// The same code, owned.
    pub fn into_owned(self) -> OtherCode<'static> {
        OtherCode {
            name: self.name.into_owned(),
            text: self.text.map(|t| CodeText(Cow::Owned(t.0.into_owned()))),
        }
    }
}

/// `1*<any TEXT-CHAR except "]">`: the argument of an unknown response code.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CodeText<'a>(Cow<'a, str>);

impl<'a> CodeText<'a> {
    /// The text.
    ///
    /// # Errors
    /// [`InvalidValue`] (rule `resp-text-code`) at the first `]`, CR, LF, NUL, or at 0 when
    /// empty.
    pub fn new(text: impl Into<Cow<'a, str>>) -> Result<Self, InvalidValue> {
        let text = text.into();
        match text
            .bytes()
            .position(|b| matches!(b, 0 | b'\r' | b'\n' | b']'))
        {
            Some(offset) => Err(InvalidValue {
                rule: Rule::RespTextCode,
                offset,
            }),
            None if text.is_empty() => Err(InvalidValue {
                rule: Rule::RespTextCode,
                offset: 0,
            }),
            None => Ok(Self(text)),
        }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn read(r: &mut Reader<'a>) -> Result<Self, ParseError> {
        let c = &mut r.c;
        let start = c.pos;
        let run = c.take_while(|b| !matches!(b, 0 | b'\r' | b'\n' | b']'))?;
        if run.is_empty() {
            return Err(c.invalid_at(start, Rule::RespTextCode));
        }
        let text = match std::str::from_utf8(run) {
            Ok(s) => Cow::Borrowed(s),
            Err(_) if r.quirks.eight_bit_quoted => String::from_utf8_lossy(run),
            Err(e) => return Err(c.invalid_at(start + e.valid_up_to(), Rule::RespTextCode)),
        };
        Ok(Self(text))
    }
}
