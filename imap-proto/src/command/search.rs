//! SEARCH's arguments (RFC 3501 §6.4.4, RFC 9051 §6.4.4): search keys, nested, with the
//! `RETURN` options of ESEARCH (RFC 4731, RFC 9051) and `SAVE` (RFC 5182), the `MODSEQ`
//! key with its metadata entry (RFC 7162 §3.1.5), the OBJECTID keys (RFC 8474 §4.4, §5.3)
//! and Gmail's `X-GM-EXT-1` keys.

use crate::cursor::Cursor;
use crate::encode::{Encode, Writer};
use crate::error::{ParseError, Rule};
use crate::types::number::number64;
use crate::types::{AString, Atom, Date, Flag, NonEmpty, Quoted, SequenceSet};

use super::ext::{GmailLabel, ObjectId, read_label};
use super::parse::{sp, word_of};

/// How deep `NOT`, `OR` and parentheses may nest when parsing: deeper input is a syntax
/// error, so hostile input cannot exhaust the stack.
pub const MAX_SEARCH_DEPTH: usize = 32;

/// `search-key` (RFC 9051 §9; `NEW`, `OLD`, `RECENT` from RFC 3501; `MODSEQ` from RFC 7162;
/// `EMAILID`, `THREADID` from RFC 8474; the `X-GM-` keys from Gmail's `X-GM-EXT-1`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SearchKey<'a> {
    /// `ALL`.
    All,
    /// `ANSWERED`.
    Answered,
    /// `BCC astring`.
    Bcc(AString<'a>),
    /// `BEFORE date`.
    Before(Date),
    /// `BODY astring`.
    Body(AString<'a>),
    /// `CC astring`.
    Cc(AString<'a>),
    /// `DELETED`.
    Deleted,
    /// `DRAFT`.
    Draft,
    /// `FLAGGED`.
    Flagged,
    /// `FROM astring`.
    From(AString<'a>),
    /// `HEADER header-fld-name astring`.
    Header(AString<'a>, AString<'a>),
    /// `KEYWORD flag-keyword`.
    Keyword(Atom<'a>),
    /// `LARGER number64`.
    Larger(u64),
    /// `MODSEQ mod-sequence-valzer` (RFC 7162).
    ModSeq(u64),
    /// `NEW` (RFC 3501).
    New,
    /// `NOT search-key`.
    Not(Box<SearchKey<'a>>),
    /// `OLD` (RFC 3501).
    Old,
    /// `ON date`.
    On(Date),
    /// `OR search-key search-key`.
    Or(Box<SearchKey<'a>>, Box<SearchKey<'a>>),
    /// `RECENT` (RFC 3501).
    Recent,
    /// `SEEN`.
    Seen,
    /// `SENTBEFORE date`.
    SentBefore(Date),
    /// `SENTON date`.
    SentOn(Date),
    /// `SENTSINCE date`.
    SentSince(Date),
    /// `SINCE date`.
    Since(Date),
    /// `SMALLER number64`.
    Smaller(u64),
    /// `SUBJECT astring`.
    Subject(AString<'a>),
    /// `TEXT astring`.
    Text(AString<'a>),
    /// `TO astring`.
    To(AString<'a>),
    /// `UID sequence-set`.
    Uid(SequenceSet),
    /// `UNANSWERED`.
    Unanswered,
    /// `UNDELETED`.
    Undeleted,
    /// `UNDRAFT`.
    Undraft,
    /// `UNFLAGGED`.
    Unflagged,
    /// `UNKEYWORD flag-keyword`.
    Unkeyword(Atom<'a>),
    /// `UNSEEN`.
    Unseen,
    /// A `sequence-set` of message numbers.
    SequenceSet(SequenceSet),
    /// `"(" search-key *(SP search-key) ")"`: all of them.
    And(NonEmpty<SearchKey<'a>>),
    /// `"MODSEQ" SP entry-name SP entry-type-req SP mod-sequence-valzer` (RFC 7162 §3.1.5):
    /// the metadata entry `"/flags/" attr-flag`, written as a quoted string.
    ModSeqEntry {
        /// The flag whose modification sequence is compared (`attr-flag`).
        flag: Flag<'a>,
        /// `entry-type-req`: whose metadata.
        entry_type: EntryType,
        /// The `mod-sequence-valzer`.
        mod_seq: u64,
    },
    /// `EMAILID objectid` (RFC 8474 §4.4).
    EmailId(ObjectId<'a>),
    /// `THREADID objectid` (RFC 8474 §5.3).
    ThreadId(ObjectId<'a>),
    /// `X-GM-RAW astring`: Gmail's own search syntax (`X-GM-EXT-1`).
    GmailRaw(AString<'a>),
    /// `X-GM-MSGID number64`: Gmail's message id (`X-GM-EXT-1`).
    GmailMsgId(u64),
    /// `X-GM-THRID number64`: Gmail's thread id (`X-GM-EXT-1`).
    GmailThrId(u64),
    /// `X-GM-LABELS label`: messages with that Gmail label (`X-GM-EXT-1`).
    GmailLabels(GmailLabel<'a>),
}

/// `entry-type-req = entry-type-resp / "all"`, `entry-type-resp = "priv" / "shared"` (RFC
/// 7162 §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntryType {
    /// `priv`: the user's private metadata.
    Private,
    /// `shared`: the shared metadata.
    Shared,
    /// `all`: the largest of both.
    All,
}

impl EntryType {
    fn name(self) -> &'static [u8] {
        match self {
            EntryType::Private => b"priv",
            EntryType::Shared => b"shared",
            EntryType::All => b"all",
        }
    }
}

/// `search-return-opt` (RFC 9051 §9, RFC 4731 §3.1; `SAVE` RFC 5182 §2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SearchReturnOption {
    /// `MIN`.
    Min,
    /// `MAX`.
    Max,
    /// `ALL`.
    All,
    /// `COUNT`.
    Count,
    /// `SAVE`.
    Save,
}

impl SearchReturnOption {
    fn name(self) -> &'static [u8] {
        match self {
            SearchReturnOption::Min => b"MIN",
            SearchReturnOption::Max => b"MAX",
            SearchReturnOption::All => b"ALL",
            SearchReturnOption::Count => b"COUNT",
            SearchReturnOption::Save => b"SAVE",
        }
    }
}

fn owned(s: AString<'_>) -> AString<'static> {
    s.into_owned()
}

impl SearchKey<'_> {
    /// The same key, owning its strings.
    pub fn into_owned(self) -> SearchKey<'static> {
        use SearchKey as K;
        match self {
            K::All => K::All,
            K::Answered => K::Answered,
            K::Bcc(s) => K::Bcc(owned(s)),
            K::Before(d) => K::Before(d),
            K::Body(s) => K::Body(owned(s)),
            K::Cc(s) => K::Cc(owned(s)),
            K::Deleted => K::Deleted,
            K::Draft => K::Draft,
            K::Flagged => K::Flagged,
            K::From(s) => K::From(owned(s)),
            K::Header(f, s) => K::Header(owned(f), owned(s)),
            K::Keyword(a) => K::Keyword(a.into_owned()),
            K::Larger(n) => K::Larger(n),
            K::ModSeq(n) => K::ModSeq(n),
            K::New => K::New,
            K::Not(k) => K::Not(Box::new(k.into_owned())),
            K::Old => K::Old,
            K::On(d) => K::On(d),
            K::Or(a, b) => K::Or(Box::new(a.into_owned()), Box::new(b.into_owned())),
            K::Recent => K::Recent,
            K::Seen => K::Seen,
            K::SentBefore(d) => K::SentBefore(d),
            K::SentOn(d) => K::SentOn(d),
            K::SentSince(d) => K::SentSince(d),
            K::Since(d) => K::Since(d),
            K::Smaller(n) => K::Smaller(n),
            K::Subject(s) => K::Subject(owned(s)),
            K::Text(s) => K::Text(owned(s)),
            K::To(s) => K::To(owned(s)),
            K::Uid(set) => K::Uid(set),
            K::Unanswered => K::Unanswered,
            K::Undeleted => K::Undeleted,
            K::Undraft => K::Undraft,
            K::Unflagged => K::Unflagged,
            K::Unkeyword(a) => K::Unkeyword(a.into_owned()),
            K::Unseen => K::Unseen,
            K::SequenceSet(set) => K::SequenceSet(set),
            K::And(keys) => K::And(keys.map(SearchKey::into_owned)),
            K::ModSeqEntry {
                flag,
                entry_type,
                mod_seq,
            } => K::ModSeqEntry {
                flag: flag.into_owned(),
                entry_type,
                mod_seq,
            },
            K::EmailId(id) => K::EmailId(id.into_owned()),
            K::ThreadId(id) => K::ThreadId(id.into_owned()),
            K::GmailRaw(s) => K::GmailRaw(owned(s)),
            K::GmailMsgId(n) => K::GmailMsgId(n),
            K::GmailThrId(n) => K::GmailThrId(n),
            K::GmailLabels(l) => K::GmailLabels(owned(l)),
        }
    }
}

/// `[search-return-opts]`: `SP "RETURN" SP "(" [search-return-opt *(SP search-return-opt)]
/// ")"`, read after `SEARCH` when the next word is `RETURN`.
pub(crate) fn read_return_options(
    c: &mut Cursor<'_>,
) -> Result<Option<Vec<SearchReturnOption>>, ParseError> {
    let mut probe = *c;
    sp(&mut probe)?;
    if !matches!(probe.need()?, b'R' | b'r') {
        return Ok(None);
    }
    match probe.expect_word(b"RETURN ", Rule::SearchReturnOpt) {
        Ok(()) => *c = probe,
        // Another key starting with R (`RECENT`).
        Err(ParseError::Invalid { .. }) => return Ok(None),
        Err(e) => return Err(e),
    }
    c.expect(b'(', Rule::SearchReturnOpt)?;
    let mut options = Vec::new();
    if c.need()? != b')' {
        loop {
            let at = c.pos;
            options.push(
                match word_of(c, |b| b.is_ascii_alphabetic(), Rule::SearchReturnOpt)?.get() {
                    b"MIN" => SearchReturnOption::Min,
                    b"MAX" => SearchReturnOption::Max,
                    b"ALL" => SearchReturnOption::All,
                    b"COUNT" => SearchReturnOption::Count,
                    b"SAVE" => SearchReturnOption::Save,
                    _ => return Err(c.invalid_at(at, Rule::SearchReturnOpt)),
                },
            );
            if c.need()? == b')' {
                break;
            }
            sp(c)?;
        }
    }
    c.bump();
    Ok(Some(options))
}

/// Reads one `search-key`, at most `depth` levels deep.
pub(crate) fn read_key<'a>(c: &mut Cursor<'a>, depth: usize) -> Result<SearchKey<'a>, ParseError> {
    use SearchKey as K;
    let at = c.pos;
    let first = c.need()?;
    if first == b'(' {
        if depth == 0 {
            return Err(c.invalid(Rule::SearchKey));
        }
        c.bump();
        let mut keys = NonEmpty::one(read_key(c, depth - 1)?);
        while c.need()? == b' ' {
            c.bump();
            keys.push(read_key(c, depth - 1)?);
        }
        c.expect(b')', Rule::SearchKey)?;
        return Ok(K::And(keys));
    }
    if first.is_ascii_digit() || first == b'*' || first == b'$' {
        return Ok(K::SequenceSet(SequenceSet::read(c)?));
    }
    let name = word_of(
        c,
        |b| b.is_ascii_alphanumeric() || b == b'-',
        Rule::SearchKey,
    )?;
    let string = |c: &mut Cursor<'a>| -> Result<AString<'a>, ParseError> {
        sp(c)?;
        AString::read(c)
    };
    let date = |c: &mut Cursor<'a>| -> Result<Date, ParseError> {
        sp(c)?;
        super::parse::via(c, Date::parse)
    };
    let number = |c: &mut Cursor<'a>| -> Result<u64, ParseError> {
        sp(c)?;
        number64(c)
    };
    let keyword = |c: &mut Cursor<'a>| -> Result<Atom<'a>, ParseError> {
        sp(c)?;
        Atom::read(c)
    };
    let nested = |c: &mut Cursor<'a>| -> Result<Box<SearchKey<'a>>, ParseError> {
        if depth == 0 {
            return Err(c.invalid(Rule::SearchKey));
        }
        sp(c)?;
        read_key(c, depth - 1).map(Box::new)
    };
    Ok(match name.get() {
        b"ALL" => K::All,
        b"ANSWERED" => K::Answered,
        b"BCC" => K::Bcc(string(c)?),
        b"BEFORE" => K::Before(date(c)?),
        b"BODY" => K::Body(string(c)?),
        b"CC" => K::Cc(string(c)?),
        b"DELETED" => K::Deleted,
        b"DRAFT" => K::Draft,
        b"FLAGGED" => K::Flagged,
        b"FROM" => K::From(string(c)?),
        b"HEADER" => {
            let field = string(c)?;
            K::Header(field, string(c)?)
        }
        b"KEYWORD" => K::Keyword(keyword(c)?),
        b"LARGER" => K::Larger(number(c)?),
        b"MODSEQ" => {
            sp(c)?;
            if c.need()? == b'"' {
                read_modseq_entry(c)?
            } else {
                K::ModSeq(number64(c)?)
            }
        }
        b"EMAILID" => {
            sp(c)?;
            K::EmailId(ObjectId::read(c)?)
        }
        b"THREADID" => {
            sp(c)?;
            K::ThreadId(ObjectId::read(c)?)
        }
        b"X-GM-RAW" => K::GmailRaw(string(c)?),
        b"X-GM-MSGID" => K::GmailMsgId(number(c)?),
        b"X-GM-THRID" => K::GmailThrId(number(c)?),
        b"X-GM-LABELS" => {
            sp(c)?;
            K::GmailLabels(read_label(c)?)
        }
        b"NEW" => K::New,
        b"NOT" => K::Not(nested(c)?),
        b"OLD" => K::Old,
        b"ON" => K::On(date(c)?),
        b"OR" => {
            let a = nested(c)?;
            K::Or(a, nested(c)?)
        }
        b"RECENT" => K::Recent,
        b"SEEN" => K::Seen,
        b"SENTBEFORE" => K::SentBefore(date(c)?),
        b"SENTON" => K::SentOn(date(c)?),
        b"SENTSINCE" => K::SentSince(date(c)?),
        b"SINCE" => K::Since(date(c)?),
        b"SMALLER" => K::Smaller(number(c)?),
        b"SUBJECT" => K::Subject(string(c)?),
        b"TEXT" => K::Text(string(c)?),
        b"TO" => K::To(string(c)?),
        b"UID" => {
            sp(c)?;
            K::Uid(SequenceSet::read(c)?)
        }
        b"UNANSWERED" => K::Unanswered,
        b"UNDELETED" => K::Undeleted,
        b"UNDRAFT" => K::Undraft,
        b"UNFLAGGED" => K::Unflagged,
        b"UNKEYWORD" => K::Unkeyword(keyword(c)?),
        b"UNSEEN" => K::Unseen,
        _ => return Err(c.invalid_at(at, Rule::SearchKey)),
    })
}

/// `entry-name SP entry-type-req SP mod-sequence-valzer` after `MODSEQ SP`, `entry-name =
/// DQUOTE "/flags/" attr-flag DQUOTE` (RFC 7162 §7; the flag's `\` escaped in the quoted
/// string).
fn read_modseq_entry<'a>(c: &mut Cursor<'a>) -> Result<SearchKey<'a>, ParseError> {
    let at = c.pos;
    let name = super::parse::via(c, Quoted::parse)?;
    let bad = |c: &Cursor<'a>| c.invalid_at(at, Rule::SearchKey);
    let text = name.as_str();
    let prefix = "/flags/";
    let attr = match text.get(..prefix.len()) {
        Some(p) if p.eq_ignore_ascii_case(prefix) => text.get(prefix.len()..).unwrap_or(""),
        _ => return Err(bad(c)),
    };
    // `Flag::parse` wants to see where the flag ends.
    let delimited = format!("{attr} ");
    let flag = match Flag::parse(delimited.as_bytes()) {
        Ok((flag, b" ")) => flag.into_owned(),
        _ => return Err(bad(c)),
    };
    sp(c)?;
    let type_at = c.pos;
    let entry_type = match word_of(c, |b| b.is_ascii_alphabetic(), Rule::SearchKey)?.get() {
        b"PRIV" => EntryType::Private,
        b"SHARED" => EntryType::Shared,
        b"ALL" => EntryType::All,
        _ => return Err(c.invalid_at(type_at, Rule::SearchKey)),
    };
    sp(c)?;
    Ok(SearchKey::ModSeqEntry {
        flag,
        entry_type,
        mod_seq: number64(c)?,
    })
}

impl Encode for SearchKey<'_> {
    fn encode(&self, w: &mut Writer) {
        use SearchKey as K;
        let (name, arg): (&[u8], Option<&dyn Encode>) = match self {
            K::All => (b"ALL", None),
            K::Answered => (b"ANSWERED", None),
            K::Bcc(s) => (b"BCC", Some(s)),
            K::Before(d) => (b"BEFORE", Some(d)),
            K::Body(s) => (b"BODY", Some(s)),
            K::Cc(s) => (b"CC", Some(s)),
            K::Deleted => (b"DELETED", None),
            K::Draft => (b"DRAFT", None),
            K::Flagged => (b"FLAGGED", None),
            K::From(s) => (b"FROM", Some(s)),
            K::Keyword(a) => (b"KEYWORD", Some(a)),
            K::New => (b"NEW", None),
            K::Not(k) => (b"NOT", Some(k.as_ref())),
            K::Old => (b"OLD", None),
            K::On(d) => (b"ON", Some(d)),
            K::Recent => (b"RECENT", None),
            K::Seen => (b"SEEN", None),
            K::SentBefore(d) => (b"SENTBEFORE", Some(d)),
            K::SentOn(d) => (b"SENTON", Some(d)),
            K::SentSince(d) => (b"SENTSINCE", Some(d)),
            K::Since(d) => (b"SINCE", Some(d)),
            K::Subject(s) => (b"SUBJECT", Some(s)),
            K::Text(s) => (b"TEXT", Some(s)),
            K::To(s) => (b"TO", Some(s)),
            K::Uid(set) => (b"UID", Some(set)),
            K::Unanswered => (b"UNANSWERED", None),
            K::Undeleted => (b"UNDELETED", None),
            K::Undraft => (b"UNDRAFT", None),
            K::Unflagged => (b"UNFLAGGED", None),
            K::Unkeyword(a) => (b"UNKEYWORD", Some(a)),
            K::Unseen => (b"UNSEEN", None),
            K::SequenceSet(set) => {
                set.encode(w);
                return;
            }
            K::Larger(n) | K::Smaller(n) | K::ModSeq(n) => {
                w.push_raw(match self {
                    K::Larger(_) => b"LARGER ",
                    K::Smaller(_) => b"SMALLER ",
                    _ => b"MODSEQ ",
                });
                w.number(*n);
                return;
            }
            K::Header(field, value) => {
                w.push_raw(b"HEADER ");
                w.value(field).sp().value(value);
                return;
            }
            K::Or(a, b) => {
                w.push_raw(b"OR ");
                w.value(a.as_ref()).sp().value(b.as_ref());
                return;
            }
            K::And(keys) => {
                w.push_raw(b"(");
                write_keys(w, keys);
                w.push_raw(b")");
                return;
            }
            K::ModSeqEntry {
                flag,
                entry_type,
                mod_seq,
            } => {
                let mut name = b"/flags/".to_vec();
                name.extend_from_slice(&flag.to_wire());
                w.push_raw(b"MODSEQ ");
                w.quoted(&name);
                w.sp();
                w.push_raw(entry_type.name());
                w.sp();
                w.number(*mod_seq);
                return;
            }
            K::GmailMsgId(n) | K::GmailThrId(n) => {
                w.push_raw(match self {
                    K::GmailMsgId(_) => b"X-GM-MSGID ",
                    _ => b"X-GM-THRID ",
                });
                w.number(*n);
                return;
            }
            K::EmailId(id) => (b"EMAILID", Some(id)),
            K::ThreadId(id) => (b"THREADID", Some(id)),
            K::GmailRaw(s) => (b"X-GM-RAW", Some(s)),
            K::GmailLabels(l) => (b"X-GM-LABELS", Some(l)),
        };
        w.push_raw(name);
        if let Some(arg) = arg {
            w.sp();
            arg.encode(w);
        }
    }
}

/// Keys separated by `SP`.
pub(crate) fn write_keys(w: &mut Writer, keys: &[SearchKey<'_>]) {
    for (i, k) in keys.iter().enumerate() {
        if i > 0 {
            w.sp();
        }
        w.value(k);
    }
}

/// ` RETURN (…)`.
pub(crate) fn write_return_options(w: &mut Writer, options: &[SearchReturnOption]) {
    w.push_raw(b" RETURN (");
    for (i, o) in options.iter().enumerate() {
        if i > 0 {
            w.sp();
        }
        w.push_raw(o.name());
    }
    w.push_raw(b")");
}
