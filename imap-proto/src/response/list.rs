//! `LIST` and `LSUB` responses (RFC 3501 §7.2.2-3, RFC 9051 §7.3.1): mailbox attributes
//! (with SPECIAL-USE, RFC 6154, and LIST-EXTENDED's, RFC 5258), the hierarchy delimiter,
//! the name, and LIST-EXTENDED's extended data items (`CHILDINFO`, `OLDNAME`, and the generic
//! `tagged-ext-val` of RFC 4466 §2.1).

use std::borrow::Cow;

use crate::encode::{Encode, Writer};
use crate::error::{InvalidValue, ParseError, Rule};
use crate::types::{AString, Atom, IString, Mailbox, NonEmpty};

use super::reader::Reader;
use super::text::{Delimiter, write_delimiter};

/// How deep `tagged-ext-comp` parentheses may nest (RFC 4466 §2.1 sets no bound; deeper
/// input is [`ParseError::Invalid`]).
const MAX_EXT_DEPTH: usize = 16;

/// A mailbox attribute (`mbx-list-flags`, RFC 3501 §7.2.2, RFC 9051 §7.3.1; LIST-EXTENDED
/// RFC 5258 §3; SPECIAL-USE RFC 6154 §2), matched without case, written as the RFCs
/// capitalise it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MailboxAttribute<'a> {
    /// `\Noinferiors`: no child can exist.
    NoInferiors,
    /// `\Noselect`: the name cannot be selected.
    NoSelect,
    /// `\Marked`: probably new messages.
    Marked,
    /// `\Unmarked`: no new messages.
    Unmarked,
    /// `\HasChildren` (RFC 5258 §4, RFC 3348).
    HasChildren,
    /// `\HasNoChildren`.
    HasNoChildren,
    /// `\NonExistent` (RFC 5258 §3).
    NonExistent,
    /// `\Subscribed` (RFC 5258 §3).
    Subscribed,
    /// `\Remote` (RFC 5258 §3).
    Remote,
    /// `\All` (RFC 6154 §2).
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
    /// `\Important` (RFC 8457).
    Important,
    /// Another `"\" atom`.
    Extension(MailboxAttributeExtension<'a>),
}

const NAMED: [(&str, MailboxAttribute<'static>); 17] = [
    ("Noinferiors", MailboxAttribute::NoInferiors),
    ("Noselect", MailboxAttribute::NoSelect),
    ("Marked", MailboxAttribute::Marked),
    ("Unmarked", MailboxAttribute::Unmarked),
    ("HasChildren", MailboxAttribute::HasChildren),
    ("HasNoChildren", MailboxAttribute::HasNoChildren),
    ("NonExistent", MailboxAttribute::NonExistent),
    ("Subscribed", MailboxAttribute::Subscribed),
    ("Remote", MailboxAttribute::Remote),
    ("All", MailboxAttribute::All),
    ("Archive", MailboxAttribute::Archive),
    ("Drafts", MailboxAttribute::Drafts),
    ("Flagged", MailboxAttribute::Flagged),
    ("Junk", MailboxAttribute::Junk),
    ("Sent", MailboxAttribute::Sent),
    ("Trash", MailboxAttribute::Trash),
    ("Important", MailboxAttribute::Important),
];

/// The name of an attribute [`MailboxAttribute`] has no variant for (without the `\`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MailboxAttributeExtension<'a>(Atom<'a>);

impl<'a> MailboxAttributeExtension<'a> {
    /// Another attribute, written `\atom`.
    ///
    /// # Errors
    /// [`InvalidValue`] (rule `mailbox-data`) when `atom` names one of the variants.
    pub fn new(atom: Atom<'a>) -> Result<Self, InvalidValue> {
        if NAMED
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case(atom.as_str()))
        {
            return Err(InvalidValue {
                rule: Rule::MailboxData,
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

impl<'a> MailboxAttribute<'a> {
    /// The attribute `\name`.
    pub fn from_atom(name: Atom<'a>) -> Self {
        NAMED
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name.as_str()))
            .map_or_else(
                || MailboxAttribute::Extension(MailboxAttributeExtension(name)),
                |(_, a)| a.clone(),
            )
    }

    /// The same attribute, owned.
    pub fn into_owned(self) -> MailboxAttribute<'static> {
        match self {
            MailboxAttribute::Extension(e) => {
                MailboxAttribute::Extension(MailboxAttributeExtension(e.0.into_owned()))
            }
            other => NAMED
                .iter()
                .find(|(_, a)| *a == other)
                .map_or(MailboxAttribute::NoSelect, |(_, a)| a.clone()),
        }
    }
}

impl<'a> MailboxAttribute<'a> {
    /// Reads `"\\" atom`, matching the known names without making an [`Atom`] for them.
    fn read(r: &mut Reader<'a>) -> Result<Self, ParseError> {
        let rule = Rule::MailboxData;
        r.c.expect(b'\\', rule)?;
        let start = r.c.pos;
        let run = r.c.take_while(crate::chars::is_atom_char)?;
        if let Some((_, a)) = NAMED
            .iter()
            .find(|(n, _)| n.as_bytes().eq_ignore_ascii_case(run))
        {
            return Ok(a.clone());
        }
        // Only atom characters (ASCII) were taken.
        std::str::from_utf8(run)
            .ok()
            .and_then(|n| Atom::new(n).ok())
            .map(|a| MailboxAttribute::Extension(MailboxAttributeExtension(a)))
            .ok_or_else(|| r.c.invalid_at(start, rule))
    }
}

impl Encode for MailboxAttribute<'_> {
    fn encode(&self, w: &mut Writer) {
        w.push_raw(b"\\");
        match self {
            MailboxAttribute::Extension(e) => w.push_raw(e.0.as_str().as_bytes()),
            named => {
                let name = NAMED
                    .iter()
                    .find(|(_, a)| a == named)
                    .map_or("", |(n, _)| n);
                w.push_raw(name.as_bytes());
            }
        }
    }
}

/// `mailbox-list = "(" [mbx-list-flags] ")" SP (DQUOTE QUOTED-CHAR DQUOTE / nil) SP mailbox
/// [SP mbox-list-extended]` (RFC 9051 §9, RFC 5258 §6): one mailbox of a LIST or LSUB
/// response.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ListData<'a> {
    /// The attributes.
    pub attributes: Vec<MailboxAttribute<'a>>,
    /// The hierarchy delimiter (`None`: `NIL`, a flat name space).
    pub delimiter: Option<Delimiter>,
    /// The name.
    pub mailbox: Mailbox<'a>,
    /// `mbox-list-extended` items (LIST-EXTENDED); empty when absent.
    pub extended: Vec<ListExtendedItem<'a>>,
}

impl ListData<'_> {
    /// The same value, owning everything it borrowed.
    pub fn into_owned(self) -> ListData<'static> {
        ListData {
            attributes: self
                .attributes
                .into_iter()
                .map(MailboxAttribute::into_owned)
                .collect(),
            delimiter: self.delimiter,
            mailbox: self.mailbox.into_owned(),
            extended: self
                .extended
                .into_iter()
                .map(ListExtendedItem::into_owned)
                .collect(),
        }
    }

    /// Reads `mailbox-list`.
    pub(crate) fn read<'a>(r: &mut Reader<'a>) -> Result<ListData<'a>, ParseError> {
        let rule = Rule::MailboxData;
        let attributes = r.paren_list(rule, MailboxAttribute::read)?;
        r.sp(rule)?;
        let delimiter = Delimiter::read_nil(r)?;
        r.sp(rule)?;
        let mailbox = r.mailbox()?;
        let mut extended = Vec::new();
        if r.c.peek() == Some(b' ') {
            r.sp(rule)?;
            if r.c.need()? == b'(' {
                extended = r.paren_list(rule, ListExtendedItem::read)?;
            } else if !r.quirks.extra_spaces {
                return Err(r.c.invalid(rule));
            }
        }
        Ok(ListData {
            attributes,
            delimiter,
            mailbox,
            extended,
        })
    }
}

impl Encode for ListData<'_> {
    fn encode(&self, w: &mut Writer) {
        super::flags::write_list(w, &self.attributes);
        w.sp();
        write_delimiter(w, self.delimiter);
        w.sp().value(&self.mailbox);
        if !self.extended.is_empty() {
            w.sp();
            super::flags::write_list(w, &self.extended);
        }
    }
}

/// `mbox-list-extended-item = mbox-list-extended-item-tag SP tagged-ext-val` (RFC 5258 §6).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ListExtendedItem<'a> {
    /// `"CHILDINFO" SP "(" list-select-base-opt-quoted *(SP …) ")"` (RFC 5258 §3.5): the
    /// selection options some children match (`"SUBSCRIBED"`).
    ChildInfo(NonEmpty<IString<'a>>),
    /// `"OLDNAME" SP "(" mailbox ")"` (RFC 9051 §7.3.1): the name before a RENAME.
    OldName(Mailbox<'a>),
    /// Another item: its tag (never `CHILDINFO` or `OLDNAME`, see
    /// [`ListExtendedItem::other`]) and value.
    Other(AString<'a>, TaggedExtValue<'a>),
}

impl<'a> ListExtendedItem<'a> {
    /// An item this crate has no variant for.
    ///
    /// # Errors
    /// [`InvalidValue`] (rule `mailbox-data`) when `tag` is `CHILDINFO` or `OLDNAME`.
    pub fn other(tag: AString<'a>, value: TaggedExtValue<'a>) -> Result<Self, InvalidValue> {
        let t = tag.as_bytes();
        if t.eq_ignore_ascii_case(b"CHILDINFO") || t.eq_ignore_ascii_case(b"OLDNAME") {
            return Err(InvalidValue {
                rule: Rule::MailboxData,
                offset: 0,
            });
        }
        Ok(ListExtendedItem::Other(tag, value))
    }

    /// The same item, owned.
    pub fn into_owned(self) -> ListExtendedItem<'static> {
        match self {
            ListExtendedItem::ChildInfo(opts) => {
                ListExtendedItem::ChildInfo(opts.map(IString::into_owned))
            }
            ListExtendedItem::OldName(m) => ListExtendedItem::OldName(m.into_owned()),
            ListExtendedItem::Other(t, v) => {
                ListExtendedItem::Other(t.into_owned(), v.into_owned())
            }
        }
    }

    fn read(r: &mut Reader<'a>) -> Result<Self, ParseError> {
        let rule = Rule::MailboxData;
        let tag = r.astring()?;
        r.sp(rule)?;
        if tag.as_bytes().eq_ignore_ascii_case(b"CHILDINFO") {
            r.c.expect(b'(', rule)?;
            let mut opts = Vec::new();
            r.skip_extra_spaces();
            loop {
                opts.push(r.string()?);
                if r.list_next(rule)? {
                    break;
                }
            }
            return NonEmpty::new(opts)
                .map(ListExtendedItem::ChildInfo)
                .ok_or_else(|| r.c.invalid(rule));
        }
        if tag.as_bytes().eq_ignore_ascii_case(b"OLDNAME") {
            r.c.expect(b'(', rule)?;
            let m = r.mailbox()?;
            r.c.expect(b')', rule)?;
            return Ok(ListExtendedItem::OldName(m));
        }
        Ok(ListExtendedItem::Other(tag, TaggedExtValue::read(r)?))
    }
}

impl Encode for ListExtendedItem<'_> {
    fn encode(&self, w: &mut Writer) {
        match self {
            ListExtendedItem::ChildInfo(opts) => {
                w.push_raw(b"\"CHILDINFO\" ");
                super::flags::write_list(w, opts);
            }
            ListExtendedItem::OldName(m) => {
                w.push_raw(b"\"OLDNAME\" (");
                w.value(m);
                w.push_raw(b")");
            }
            ListExtendedItem::Other(tag, value) => {
                w.value(tag).sp().value(value);
            }
        }
    }
}

/// `tagged-ext-val = tagged-ext-simple / "(" [tagged-ext-comp] ")"` (RFC 4466 §2.1): the
/// value of an extension's item this crate does not know.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TaggedExtValue<'a> {
    /// `tagged-ext-simple = sequence-set / number / number64`, as written.
    Simple(TaggedExtSimple<'a>),
    /// `"(" [tagged-ext-comp] ")"`: the items between the parentheses.
    Comp(Vec<TaggedExtComp<'a>>),
    /// A bare `string`, as in RFC 9051 §7.3.1's example (`Sample "text"`), which the
    /// grammar's `tagged-ext-val` does not allow but servers following the example send.
    String(IString<'a>),
}

/// `tagged-ext-comp = astring / tagged-ext-comp *(SP tagged-ext-comp) / "(" tagged-ext-comp
/// ")"` (RFC 4466 §2.1): one item of a compound value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TaggedExtComp<'a> {
    /// A string.
    AString(AString<'a>),
    /// A parenthesised list.
    List(Vec<TaggedExtComp<'a>>),
}

fn is_simple_char(b: u8) -> bool {
    b.is_ascii_digit() || matches!(b, b':' | b',' | b'*' | b'$')
}

/// `tagged-ext-simple = sequence-set / number / number64` (RFC 4466 §2.1) as written:
/// digits, `:`, `,`, `*` and `$`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TaggedExtSimple<'a>(Cow<'a, str>);

impl<'a> TaggedExtSimple<'a> {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A `tagged-ext-simple` value.
    ///
    /// # Errors
    /// [`InvalidValue`] (rule `sequence-set`) unless it is a non-empty run of digits, `:`,
    /// `,`, `*` and `$` starting with a digit, `*` or `$`.
    pub fn new(text: impl Into<Cow<'a, str>>) -> Result<Self, InvalidValue> {
        let text = text.into();
        let bad = text.bytes().position(|b| !is_simple_char(b));
        let first_ok = text
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_digit() || b == b'*' || b == b'$');
        match bad {
            Some(offset) => Err(InvalidValue {
                rule: Rule::SequenceSet,
                offset,
            }),
            None if !first_ok => Err(InvalidValue {
                rule: Rule::SequenceSet,
                offset: 0,
            }),
            None => Ok(Self(text)),
        }
    }
}

impl<'a> TaggedExtValue<'a> {
    /// The same value, owned.
    pub fn into_owned(self) -> TaggedExtValue<'static> {
        match self {
            TaggedExtValue::Simple(s) => {
                TaggedExtValue::Simple(TaggedExtSimple(Cow::Owned(s.0.into_owned())))
            }
            TaggedExtValue::Comp(items) => {
                TaggedExtValue::Comp(items.into_iter().map(TaggedExtComp::into_owned).collect())
            }
            TaggedExtValue::String(s) => TaggedExtValue::String(s.into_owned()),
        }
    }

    pub(crate) fn read(r: &mut Reader<'a>) -> Result<Self, ParseError> {
        match r.c.need()? {
            b'(' => return read_comp_list(r, 0).map(TaggedExtValue::Comp),
            b'"' | b'{' => return r.string().map(TaggedExtValue::String),
            _ => {}
        }
        let start = r.c.pos;
        let run = r.c.take_while(is_simple_char)?;
        match std::str::from_utf8(run) {
            Ok(s) if !s.is_empty() && !s.starts_with([':', ',']) => {
                Ok(TaggedExtValue::Simple(TaggedExtSimple(Cow::Borrowed(s))))
            }
            _ => Err(r.c.invalid_at(start, Rule::SequenceSet)),
        }
    }
}

impl TaggedExtComp<'_> {
    /// The same value, owned.
    pub fn into_owned(self) -> TaggedExtComp<'static> {
        match self {
            TaggedExtComp::AString(s) => TaggedExtComp::AString(s.into_owned()),
            TaggedExtComp::List(items) => {
                TaggedExtComp::List(items.into_iter().map(TaggedExtComp::into_owned).collect())
            }
        }
    }
}

/// Reads `"(" [comp *(SP comp)] ")"`, at most [`MAX_EXT_DEPTH`] deep.
fn read_comp_list<'a>(
    r: &mut Reader<'a>,
    depth: usize,
) -> Result<Vec<TaggedExtComp<'a>>, ParseError> {
    if depth >= MAX_EXT_DEPTH {
        return Err(r.c.invalid(Rule::MailboxData));
    }
    r.paren_list(Rule::MailboxData, |r| {
        Ok(if r.c.need()? == b'(' {
            TaggedExtComp::List(read_comp_list(r, depth + 1)?)
        } else {
            TaggedExtComp::AString(r.astring()?)
        })
    })
}

impl Encode for TaggedExtValue<'_> {
    fn encode(&self, w: &mut Writer) {
        match self {
            TaggedExtValue::Simple(s) => w.push_raw(s.0.as_bytes()),
            TaggedExtValue::Comp(items) => super::flags::write_list(w, items),
            TaggedExtValue::String(s) => s.encode(w),
        }
    }
}

impl Encode for TaggedExtComp<'_> {
    fn encode(&self, w: &mut Writer) {
        match self {
            TaggedExtComp::AString(s) => s.encode(w),
            TaggedExtComp::List(items) => super::flags::write_list(w, items),
        }
    }
}
