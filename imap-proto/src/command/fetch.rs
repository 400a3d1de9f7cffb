//! FETCH's arguments (RFC 3501 §6.4.5, RFC 9051 §6.4.5): the data items, body sections and
//! partial ranges, BINARY (RFC 3516), MODSEQ and the CHANGEDSINCE / VANISHED modifiers
//! (RFC 7162), read and written.

use std::num::{NonZeroU32, NonZeroU64};

use crate::cursor::Cursor;
use crate::encode::{Encode, Writer};
use crate::error::{InvalidValue, ParseError, Rule};
use crate::types::number::{number64, nz_number};
use crate::types::{AString, NonEmpty};

use super::parse::{Word, sp, word_of};

/// What FETCH asks for: a macro or a list of `fetch-att`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FetchItems<'a> {
    /// `ALL`: `(FLAGS INTERNALDATE RFC822.SIZE ENVELOPE)`.
    All,
    /// `FAST`: `(FLAGS INTERNALDATE RFC822.SIZE)`.
    Fast,
    /// `FULL`: `(FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODY)`.
    Full,
    /// `fetch-att / "(" fetch-att *(SP fetch-att) ")"` (one attribute is written without
    /// parentheses).
    Attributes(NonEmpty<FetchAttribute<'a>>),
}

impl FetchItems<'_> {
    /// The same items, owning their header names.
    pub fn into_owned(self) -> FetchItems<'static> {
        match self {
            FetchItems::All => FetchItems::All,
            FetchItems::Fast => FetchItems::Fast,
            FetchItems::Full => FetchItems::Full,
            FetchItems::Attributes(a) => FetchItems::Attributes(a.map(FetchAttribute::into_owned)),
        }
    }
}

/// `partial = "<" number64 "." nz-number64 ">"` (RFC 9051 §9): octets from `offset`, at
/// most `length` of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Partial {
    /// The first octet.
    pub offset: u64,
    /// How many octets at most.
    pub length: NonZeroU64,
}

/// `section-text` and `section-msgtext` (RFC 9051 §9): which text of a message or part.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SectionText<'a> {
    /// `HEADER`.
    Header,
    /// `"HEADER.FIELDS" [".NOT"] SP header-list`: only (or all but) these fields.
    HeaderFields {
        /// `.NOT`: all fields but these.
        not: bool,
        /// `header-list = "(" header-fld-name *(SP header-fld-name) ")"`.
        fields: Vec<AString<'a>>,
    },
    /// `TEXT`: the body.
    Text,
    /// `MIME`: a part's MIME header (only after a part number).
    Mime,
}

/// `section = "[" [section-spec] "]"`, `section-spec = section-msgtext / (section-part ["."
/// section-text])` (RFC 9051 §9). Checked at construction: `MIME` needs a part, a header
/// list is never empty.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Section<'a> {
    part: Vec<NonZeroU32>,
    text: Option<SectionText<'a>>,
}

impl<'a> Section<'a> {
    /// A section: `part` (`section-part`, empty for the whole message) and its `text`.
    ///
    /// # Errors
    /// [`InvalidValue`] (rule `section`) for `MIME` without a part, or an empty header list.
    pub fn new(part: Vec<NonZeroU32>, text: Option<SectionText<'a>>) -> Result<Self, InvalidValue> {
        let bad = match &text {
            Some(SectionText::Mime) => part.is_empty(),
            Some(SectionText::HeaderFields { fields, .. }) => fields.is_empty(),
            _ => false,
        };
        if bad {
            return Err(InvalidValue {
                rule: Rule::Section,
                offset: 0,
            });
        }
        Ok(Self { part, text })
    }

    /// `section-part`: the part's number at each level (empty for the whole message).
    pub fn part(&self) -> &[NonZeroU32] {
        &self.part
    }

    /// The text asked for (`None`: all of the part).
    pub fn text(&self) -> Option<&SectionText<'a>> {
        self.text.as_ref()
    }

    /// The same section, owning its header names.
    pub fn into_owned(self) -> Section<'static> {
        Section {
            part: self.part,
            text: self.text.map(|t| match t {
                SectionText::Header => SectionText::Header,
                SectionText::HeaderFields { not, fields } => SectionText::HeaderFields {
                    not,
                    fields: fields.into_iter().map(AString::into_owned).collect(),
                },
                SectionText::Text => SectionText::Text,
                SectionText::Mime => SectionText::Mime,
            }),
        }
    }
}

/// `fetch-att` (RFC 3501 §6.4.5, RFC 9051 §6.4.5; `BINARY` RFC 3516 §4.1, `MODSEQ` RFC 7162
/// §3.1.4.1, `EMAILID`/`THREADID` RFC 8474, the `X-GM-` items of Gmail's `X-GM-EXT-1`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FetchAttribute<'a> {
    /// `ENVELOPE`.
    Envelope,
    /// `FLAGS`.
    Flags,
    /// `INTERNALDATE`.
    InternalDate,
    /// `RFC822` (RFC 3501 only): `BODY[]`.
    Rfc822,
    /// `RFC822.HEADER` (RFC 3501 only): `BODY.PEEK[HEADER]`.
    Rfc822Header,
    /// `RFC822.SIZE`.
    Rfc822Size,
    /// `RFC822.TEXT` (RFC 3501 only): `BODY[TEXT]`.
    Rfc822Text,
    /// `BODY`: the body structure without extension data.
    Body,
    /// `BODYSTRUCTURE`.
    BodyStructure,
    /// `UID`.
    Uid,
    /// `"BODY" section [partial]` / `"BODY.PEEK" section [partial]`.
    BodySection {
        /// `.PEEK`: do not set `\Seen`.
        peek: bool,
        /// The section.
        section: Section<'a>,
        /// The octets asked for.
        partial: Option<Partial>,
    },
    /// `"BINARY" [".PEEK"] section-binary [partial]`.
    Binary {
        /// `.PEEK`.
        peek: bool,
        /// `section-part` (empty for the whole message).
        part: Vec<NonZeroU32>,
        /// The octets asked for.
        partial: Option<Partial>,
    },
    /// `"BINARY.SIZE" section-binary`.
    BinarySize {
        /// `section-part`.
        part: Vec<NonZeroU32>,
    },
    /// `MODSEQ`.
    ModSeq,
    /// `EMAILID` (OBJECTID, RFC 8474 §4.2).
    EmailId,
    /// `THREADID` (OBJECTID, RFC 8474 §5.2).
    ThreadId,
    /// `X-GM-MSGID`: Gmail's message id (`X-GM-EXT-1`).
    GmailMsgId,
    /// `X-GM-THRID`: Gmail's thread id (`X-GM-EXT-1`).
    GmailThrId,
    /// `X-GM-LABELS`: the message's Gmail labels (`X-GM-EXT-1`).
    GmailLabels,
}

impl FetchAttribute<'_> {
    /// The same attribute, owning its header names.
    pub fn into_owned(self) -> FetchAttribute<'static> {
        use FetchAttribute as F;
        match self {
            F::Envelope => F::Envelope,
            F::Flags => F::Flags,
            F::InternalDate => F::InternalDate,
            F::Rfc822 => F::Rfc822,
            F::Rfc822Header => F::Rfc822Header,
            F::Rfc822Size => F::Rfc822Size,
            F::Rfc822Text => F::Rfc822Text,
            F::Body => F::Body,
            F::BodyStructure => F::BodyStructure,
            F::Uid => F::Uid,
            F::BodySection {
                peek,
                section,
                partial,
            } => F::BodySection {
                peek,
                section: section.into_owned(),
                partial,
            },
            F::Binary {
                peek,
                part,
                partial,
            } => F::Binary {
                peek,
                part,
                partial,
            },
            F::BinarySize { part } => F::BinarySize { part },
            F::ModSeq => F::ModSeq,
            F::EmailId => F::EmailId,
            F::ThreadId => F::ThreadId,
            F::GmailMsgId => F::GmailMsgId,
            F::GmailThrId => F::GmailThrId,
            F::GmailLabels => F::GmailLabels,
        }
    }
}

/// A fetch keyword: letters, digits, dots and hyphens (`BODY.PEEK`, `RFC822.SIZE`,
/// `X-GM-MSGID`).
fn fetch_word(c: &mut Cursor<'_>, rule: Rule) -> Result<Word, ParseError> {
    word_of(
        c,
        |b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-',
        rule,
    )
}

/// `SP ("ALL" / "FULL" / "FAST" / fetch-att / "(" fetch-att *(SP fetch-att) ")")`.
pub(crate) fn read_items<'a>(c: &mut Cursor<'a>) -> Result<FetchItems<'a>, ParseError> {
    sp(c)?;
    if c.need()? == b'(' {
        c.bump();
        let mut atts = NonEmpty::one(read_attribute(c)?);
        while c.need()? != b')' {
            sp(c)?;
            atts.push(read_attribute(c)?);
        }
        c.bump();
        return Ok(FetchItems::Attributes(atts));
    }
    let at = c.pos;
    let mut probe = *c;
    let macro_items = match fetch_word(&mut probe, Rule::FetchAtt)?.get() {
        b"ALL" => Some(FetchItems::All),
        b"FAST" => Some(FetchItems::Fast),
        b"FULL" => Some(FetchItems::Full),
        _ => None,
    };
    if let Some(items) = macro_items {
        *c = probe;
        return Ok(items);
    }
    c.pos = at;
    Ok(FetchItems::Attributes(NonEmpty::one(read_attribute(c)?)))
}

fn read_attribute<'a>(c: &mut Cursor<'a>) -> Result<FetchAttribute<'a>, ParseError> {
    use FetchAttribute as F;
    let at = c.pos;
    Ok(match fetch_word(c, Rule::FetchAtt)?.get() {
        b"ENVELOPE" => F::Envelope,
        b"FLAGS" => F::Flags,
        b"INTERNALDATE" => F::InternalDate,
        b"RFC822" => F::Rfc822,
        b"RFC822.HEADER" => F::Rfc822Header,
        b"RFC822.SIZE" => F::Rfc822Size,
        b"RFC822.TEXT" => F::Rfc822Text,
        b"BODYSTRUCTURE" => F::BodyStructure,
        b"UID" => F::Uid,
        b"MODSEQ" => F::ModSeq,
        b"EMAILID" => F::EmailId,
        b"THREADID" => F::ThreadId,
        b"X-GM-MSGID" => F::GmailMsgId,
        b"X-GM-THRID" => F::GmailThrId,
        b"X-GM-LABELS" => F::GmailLabels,
        b"BODY" if c.peek() != Some(b'[') => F::Body,
        b"BODY" | b"BODY.PEEK" => {
            let peek = c.pos - at == 9;
            F::BodySection {
                peek,
                section: read_section(c)?,
                partial: read_partial(c)?,
            }
        }
        b"BINARY" | b"BINARY.PEEK" => F::Binary {
            peek: c.pos - at == 11,
            part: read_section_binary(c)?,
            partial: read_partial(c)?,
        },
        b"BINARY.SIZE" => F::BinarySize {
            part: read_section_binary(c)?,
        },
        _ => return Err(c.invalid_at(at, Rule::FetchAtt)),
    })
}

/// `section-part = nz-number *("." nz-number)`, stopping before a `.` that is not followed
/// by a digit (commands and FETCH responses alike).
pub(crate) fn read_part(c: &mut Cursor<'_>) -> Result<Vec<NonZeroU32>, ParseError> {
    let mut part = vec![nz_number(c)?];
    while c.need()? == b'.' {
        match c.rest().get(1) {
            None => return Err(ParseError::Incomplete { needed: 1 }),
            Some(d) if d.is_ascii_digit() => {
                c.bump();
                part.push(nz_number(c)?);
            }
            Some(_) => break,
        }
    }
    Ok(part)
}

fn read_section<'a>(c: &mut Cursor<'a>) -> Result<Section<'a>, ParseError> {
    c.expect(b'[', Rule::Section)?;
    let mut part = Vec::new();
    let mut text = None;
    if c.need()? != b']' {
        if c.need()?.is_ascii_digit() {
            part = read_part(c)?;
        }
        if part.is_empty() || c.need()? == b'.' {
            if !part.is_empty() {
                c.bump();
            }
            let at = c.pos;
            text = Some(match fetch_word(c, Rule::Section)?.get() {
                b"HEADER" => SectionText::Header,
                b"TEXT" => SectionText::Text,
                b"MIME" if !part.is_empty() => SectionText::Mime,
                b"HEADER.FIELDS" => read_header_list(c, false)?,
                b"HEADER.FIELDS.NOT" => read_header_list(c, true)?,
                _ => return Err(c.invalid_at(at, Rule::Section)),
            });
        }
    }
    c.expect(b']', Rule::Section)?;
    Ok(Section { part, text })
}

/// `SP header-list`.
fn read_header_list<'a>(c: &mut Cursor<'a>, not: bool) -> Result<SectionText<'a>, ParseError> {
    sp(c)?;
    c.expect(b'(', Rule::Section)?;
    let mut fields = vec![AString::read(c)?];
    while c.need()? == b' ' {
        c.bump();
        fields.push(AString::read(c)?);
    }
    c.expect(b')', Rule::Section)?;
    Ok(SectionText::HeaderFields { not, fields })
}

/// `section-binary = "[" [section-part] "]"`.
fn read_section_binary(c: &mut Cursor<'_>) -> Result<Vec<NonZeroU32>, ParseError> {
    c.expect(b'[', Rule::Section)?;
    let part = if c.need()? == b']' {
        Vec::new()
    } else {
        read_part(c)?
    };
    c.expect(b']', Rule::Section)?;
    Ok(part)
}

/// `[partial]`.
fn read_partial(c: &mut Cursor<'_>) -> Result<Option<Partial>, ParseError> {
    if c.peek() != Some(b'<') {
        return Ok(None);
    }
    c.bump();
    let offset = number64(c)?;
    c.expect(b'.', Rule::Partial)?;
    let at = c.pos;
    let length = NonZeroU64::new(number64(c)?).ok_or_else(|| c.invalid_at(at, Rule::Partial))?;
    c.expect(b'>', Rule::Partial)?;
    Ok(Some(Partial { offset, length }))
}

fn write_part(w: &mut Writer, part: &[NonZeroU32]) {
    for (i, n) in part.iter().enumerate() {
        if i > 0 {
            w.push_raw(b".");
        }
        w.number(u64::from(n.get()));
    }
}

fn write_partial(w: &mut Writer, partial: Option<&Partial>) {
    if let Some(p) = partial {
        w.push_raw(b"<");
        w.number(p.offset);
        w.push_raw(b".");
        w.number(p.length.get());
        w.push_raw(b">");
    }
}

impl Encode for Section<'_> {
    /// `"[" [section-spec] "]"`.
    fn encode(&self, w: &mut Writer) {
        w.push_raw(b"[");
        write_part(w, &self.part);
        if let Some(text) = &self.text {
            if !self.part.is_empty() {
                w.push_raw(b".");
            }
            match text {
                SectionText::Header => w.push_raw(b"HEADER"),
                SectionText::Text => w.push_raw(b"TEXT"),
                SectionText::Mime => w.push_raw(b"MIME"),
                SectionText::HeaderFields { not, fields } => {
                    w.push_raw(if *not {
                        &b"HEADER.FIELDS.NOT ("[..]
                    } else {
                        b"HEADER.FIELDS ("
                    });
                    for (i, f) in fields.iter().enumerate() {
                        if i > 0 {
                            w.sp();
                        }
                        w.value(f);
                    }
                    w.push_raw(b")");
                }
            }
        }
        w.push_raw(b"]");
    }
}

impl Encode for FetchAttribute<'_> {
    fn encode(&self, w: &mut Writer) {
        use FetchAttribute as F;
        let name: &[u8] = match self {
            F::Envelope => b"ENVELOPE",
            F::Flags => b"FLAGS",
            F::InternalDate => b"INTERNALDATE",
            F::Rfc822 => b"RFC822",
            F::Rfc822Header => b"RFC822.HEADER",
            F::Rfc822Size => b"RFC822.SIZE",
            F::Rfc822Text => b"RFC822.TEXT",
            F::Body => b"BODY",
            F::BodyStructure => b"BODYSTRUCTURE",
            F::Uid => b"UID",
            F::ModSeq => b"MODSEQ",
            F::EmailId => b"EMAILID",
            F::ThreadId => b"THREADID",
            F::GmailMsgId => b"X-GM-MSGID",
            F::GmailThrId => b"X-GM-THRID",
            F::GmailLabels => b"X-GM-LABELS",
            F::BodySection {
                peek,
                section,
                partial,
            } => {
                w.push_raw(if *peek { &b"BODY.PEEK"[..] } else { b"BODY" });
                w.value(section);
                write_partial(w, partial.as_ref());
                return;
            }
            F::Binary {
                peek,
                part,
                partial,
            } => {
                w.push_raw(if *peek {
                    &b"BINARY.PEEK["[..]
                } else {
                    b"BINARY["
                });
                write_part(w, part);
                w.push_raw(b"]");
                write_partial(w, partial.as_ref());
                return;
            }
            F::BinarySize { part } => {
                w.push_raw(b"BINARY.SIZE[");
                write_part(w, part);
                w.push_raw(b"]");
                return;
            }
        };
        w.push_raw(name);
    }
}

impl Encode for FetchItems<'_> {
    fn encode(&self, w: &mut Writer) {
        match self {
            FetchItems::All => w.push_raw(b"ALL"),
            FetchItems::Fast => w.push_raw(b"FAST"),
            FetchItems::Full => w.push_raw(b"FULL"),
            FetchItems::Attributes(atts) => match atts.as_slice() {
                [one] => one.encode(w),
                atts => {
                    w.push_raw(b"(");
                    for (i, a) in atts.iter().enumerate() {
                        if i > 0 {
                            w.sp();
                        }
                        w.value(a);
                    }
                    w.push_raw(b")");
                }
            },
        }
    }
}
