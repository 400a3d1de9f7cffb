//! FETCH response data: `msg-att` (RFC 3501 §7.4.2 and §9, RFC 9051 §7.5.2 and §9, BINARY
//! RFC 3516 §4.2, MODSEQ RFC 7162 §3.1.4.1, EMAILID/THREADID RFC 8474 §4-5, Gmail's
//! `X-GM-EXT-1` items).
//!
//! Read by a client from the bytes after `* n FETCH ` ([`parse_msg_atts`]) and written by a
//! server ([`encode_msg_atts`]). Parsing borrows: a message's octets in `BODY[]` are a slice
//! of the input, found by the literal's length and never scanned but once for a NUL.

mod body;
mod body_ext;
mod envelope;
mod item;
mod section;

use std::num::NonZeroU32;

use crate::command::{ObjectId, Section};
use crate::encode::{EncodeOptions, Writer};
use crate::error::{ParseError, Rule};
use crate::types::{AString, DateTime, Flag, IString, Literal8, NString, NonEmpty};

use super::Quirks;
use super::reader::Reader;

pub use body::{
    BasicMedia, BodyFields, BodyKind, BodyStructure, MAX_BODY_DEPTH, MessageSubtype, Param,
    SinglePart,
};
pub use body_ext::{
    BodyExtension, Disposition, Language, MultiPartExtension, PartExtension, SinglePartExtension,
};
pub use envelope::{Address, Envelope};
pub(crate) use item::{read_msg_atts, write_msg_atts};

/// One data item of a FETCH response (`msg-att-dynamic` / `msg-att-static`, RFC 3501 §9,
/// RFC 9051 §9).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum MessageAttribute<'a> {
    /// `"UID" SP uniqueid` (RFC 3501 §7.4.2).
    Uid(NonZeroU32),
    /// `"FLAGS" SP "(" [flag-fetch *(SP flag-fetch)] ")"` (RFC 3501 §7.4.2). With
    /// [`Quirks::wildcard_in_flags`] a `\*`, and with [`Quirks::odd_flags`] a keyword that is
    /// not an `atom`, are read and left out (no [`Flag`] can hold them validly).
    Flags(Vec<Flag<'a>>),
    /// `"RFC822.SIZE" SP number` (RFC 3501 §7.4.2; `number64` in RFC 9051).
    Rfc822Size(u64),
    /// `"INTERNALDATE" SP date-time`.
    InternalDate(DateTime),
    /// `"ENVELOPE" SP envelope` (RFC 3501 §7.4.2).
    Envelope(Box<Envelope<'a>>),
    /// `"BODY" SP body`: the body structure without extension data.
    Body(Box<BodyStructure<'a>>),
    /// `"BODYSTRUCTURE" SP body`: with extension data where the server sends it.
    BodyStructure(Box<BodyStructure<'a>>),
    /// `"BODY" section ["<" number ">"] SP nstring`: a section's octets, from `origin` when
    /// a partial range was asked for.
    BodySection {
        /// The section (`command::Section`, shared with the FETCH command).
        section: Section<'a>,
        /// The first octet's offset (`"<" number ">"`).
        origin: Option<u32>,
        /// The octets, or `NIL`.
        data: NString<'a>,
    },
    /// `"BINARY" section-binary ["<" number ">"] SP (nstring / literal8)` (RFC 3516 §4.2,
    /// RFC 9051 §7.5.2).
    Binary {
        /// `section-part` (empty for the whole message).
        part: Vec<NonZeroU32>,
        /// The first octet's offset.
        origin: Option<u32>,
        /// The decoded octets.
        data: BinaryData<'a>,
    },
    /// `"BINARY.SIZE" section-binary SP number` (RFC 3516 §4.2).
    BinarySize {
        /// `section-part`.
        part: Vec<NonZeroU32>,
        /// The decoded size in octets.
        size: u32,
    },
    /// `"RFC822" SP nstring` (RFC 3501 only).
    Rfc822(NString<'a>),
    /// `"RFC822.HEADER" SP nstring` (RFC 3501 only).
    Rfc822Header(NString<'a>),
    /// `"RFC822.TEXT" SP nstring` (RFC 3501 only).
    Rfc822Text(NString<'a>),
    /// `"MODSEQ" SP "(" permsg-modsequence ")"` (RFC 7162 §3.1.4.1, §7).
    ModSeq(u64),
    /// `"EMAILID" SP "(" objectid ")"` (RFC 8474 §4.2, §7).
    EmailId(ObjectId<'a>),
    /// `"THREADID" SP ("(" objectid ")" / nil)` (RFC 8474 §5.2, §7): `None` for `NIL`.
    ThreadId(Option<ObjectId<'a>>),
    /// `"X-GM-MSGID" SP number64`: Gmail's message id.
    GmailMsgId(u64),
    /// `"X-GM-THRID" SP number64`: Gmail's thread id.
    GmailThrId(u64),
    /// `"X-GM-LABELS" SP "(" [label *(SP label)] ")"`: Gmail's labels, `astring`s or system
    /// labels kept with their backslash (`\Inbox`).
    GmailLabels(Vec<AString<'a>>),
}

/// The data of a `BINARY[...]` item: `nstring / literal8` (RFC 3516 §4.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BinaryData<'a> {
    /// A string or `NIL` (the server may send text as a quoted string or literal).
    NString(NString<'a>),
    /// `literal8 = "~{" number64 "}" CRLF *OCTET`: any octets, NUL included.
    Literal8(Literal8<'a>),
}

impl BinaryData<'_> {
    /// The same data, owned.
    pub fn into_owned(self) -> BinaryData<'static> {
        match self {
            BinaryData::NString(s) => BinaryData::NString(s.into_owned()),
            BinaryData::Literal8(l) => BinaryData::Literal8(l.into_owned()),
        }
    }
}

impl MessageAttribute<'_> {
    /// The same item, owning everything it borrowed.
    pub fn into_owned(self) -> MessageAttribute<'static> {
        use MessageAttribute as M;
        match self {
            M::Uid(n) => M::Uid(n),
            M::Flags(flags) => M::Flags(flags.into_iter().map(Flag::into_owned).collect()),
            M::Rfc822Size(n) => M::Rfc822Size(n),
            M::InternalDate(d) => M::InternalDate(d),
            M::Envelope(e) => M::Envelope(Box::new(e.into_owned())),
            M::Body(b) => M::Body(Box::new(b.into_owned())),
            M::BodyStructure(b) => M::BodyStructure(Box::new(b.into_owned())),
            M::BodySection {
                section,
                origin,
                data,
            } => M::BodySection {
                section: section.into_owned(),
                origin,
                data: data.into_owned(),
            },
            M::Binary { part, origin, data } => M::Binary {
                part,
                origin,
                data: data.into_owned(),
            },
            M::BinarySize { part, size } => M::BinarySize { part, size },
            M::Rfc822(s) => M::Rfc822(s.into_owned()),
            M::Rfc822Header(s) => M::Rfc822Header(s.into_owned()),
            M::Rfc822Text(s) => M::Rfc822Text(s.into_owned()),
            M::ModSeq(n) => M::ModSeq(n),
            M::EmailId(id) => M::EmailId(id.into_owned()),
            M::ThreadId(id) => M::ThreadId(id.map(ObjectId::into_owned)),
            M::GmailMsgId(n) => M::GmailMsgId(n),
            M::GmailThrId(n) => M::GmailThrId(n),
            M::GmailLabels(l) => M::GmailLabels(l.into_iter().map(AString::into_owned).collect()),
        }
    }
}

/// Reads `"(" msg-att *(SP msg-att) ")"` at the start of `input` (what follows
/// `"FETCH" SP` in `message-data`, RFC 3501 §7.4.2), accepting the deviations `quirks`
/// allows; returns the items and the rest of the input.
///
/// ```
/// use imap_proto::response::Quirks;
/// use imap_proto::response::fetch::{MessageAttribute, parse_msg_atts};
/// let (items, rest) = parse_msg_atts(b"(UID 4827313 MODSEQ (12121231000))\r\n", Quirks::STRICT)?;
/// assert_eq!(items[1], MessageAttribute::ModSeq(12121231000));
/// assert_eq!(rest, b"\r\n");
/// # Ok::<(), imap_proto::ParseError>(())
/// ```
///
/// # Errors
/// [`ParseError::Incomplete`] when the input ends inside the list (a literal's octets
/// included); [`ParseError::Invalid`] at the first byte that does not fit, or
/// [`Rule::BodyDepth`] past [`MAX_BODY_DEPTH`] nested parts.
pub fn parse_msg_atts(
    input: &[u8],
    quirks: Quirks,
) -> Result<(NonEmpty<MessageAttribute<'_>>, &[u8]), ParseError> {
    let mut r = Reader::new(input, quirks);
    let items = read_msg_atts(&mut r)?;
    Ok((items, r.c.rest()))
}

/// Writes `"(" msg-att *(SP msg-att) ")"` as a server sends it after `"FETCH" SP`, strings
/// in their cheapest correct form under `options`.
///
/// ```
/// use std::num::NonZeroU32;
/// use imap_proto::encode::EncodeOptions;
/// use imap_proto::response::fetch::{MessageAttribute, encode_msg_atts};
/// let uid = MessageAttribute::Uid(NonZeroU32::new(7).unwrap());
/// assert_eq!(encode_msg_atts(&[uid], EncodeOptions::default()), b"(UID 7)");
/// ```
pub fn encode_msg_atts(items: &[MessageAttribute<'_>], options: EncodeOptions) -> Vec<u8> {
    let mut w = Writer::new(options);
    write_msg_atts(&mut w, items);
    w.into_bytes()
}

/// Reads `"NIL"` when it is next (without case); `Ok(false)` when something else is.
#[inline(always)]
fn nil(r: &mut Reader<'_>, rule: Rule) -> Result<bool, ParseError> {
    match r.c.need()? {
        b'N' | b'n' => {
            let rest = r.c.rest();
            if rest
                .get(..3)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"NIL"))
            {
                r.c.pos += 3;
                return Ok(true);
            }
            r.c.expect_word(b"NIL", rule).map(|()| true)
        }
        _ => Ok(false),
    }
}

/// Reads `nstring = string / nil`.
#[inline(always)]
fn nstring<'a>(r: &mut Reader<'a>) -> Result<NString<'a>, ParseError> {
    if nil(r, Rule::NString)? {
        return Ok(NString(None));
    }
    r.string().map(|s| NString(Some(s)))
}

/// Reads `string`; with [`Quirks::nil_body_fields`], `NIL` reads as the empty string.
#[inline(always)]
fn body_string<'a>(r: &mut Reader<'a>, rule: Rule) -> Result<IString<'a>, ParseError> {
    if r.quirks.nil_body_fields && nil(r, rule)? {
        return Ok(IString::EMPTY);
    }
    r.string()
}

/// Reads `")"` after optional extra spaces.
#[inline]
fn close(r: &mut Reader<'_>, rule: Rule) -> Result<(), ParseError> {
    r.skip_extra_spaces();
    r.c.expect(b')', rule)
}
