//! `body` (RFC 3501 §7.4.2 and §9, RFC 9051 §9): the MIME structure of a message, as
//! `BODY` and `BODYSTRUCTURE` report it. Nesting (multipart parts, `message/rfc822` bodies)
//! is bounded by [`MAX_BODY_DEPTH`].

use crate::encode::Writer;
use crate::error::{InvalidValue, ParseError, Rule};
use crate::types::number::{number, number64};
use crate::types::{IString, NString, NonEmpty};

use super::super::reader::Reader;
use super::body_ext::{
    MultiPartExtension, SinglePartExtension, read_multi_ext, read_single_ext, write_multi_ext,
    write_single_ext,
};
use super::envelope::{Envelope, read_envelope, write_envelope};
use super::{body_string, close, nil, nstring};

/// The deepest nesting of `body` (multipart parts, `message/rfc822` bodies) and of
/// `body-extension` lists read; deeper input is invalid with [`Rule::BodyDepth`].
pub const MAX_BODY_DEPTH: usize = 32;

/// `body = "(" (body-type-1part / body-type-mpart) ")"` (RFC 3501 §9).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyStructure<'a> {
    /// `body-type-1part = (body-type-basic / body-type-msg / body-type-text)
    /// [SP body-ext-1part]`.
    Single {
        /// The part.
        part: SinglePart<'a>,
        /// `body-ext-1part` (`BODYSTRUCTURE` only).
        extension: Option<SinglePartExtension<'a>>,
    },
    /// `body-type-mpart = 1*body SP media-subtype [SP body-ext-mpart]`.
    Multi {
        /// The parts, in order.
        parts: NonEmpty<BodyStructure<'a>>,
        /// `media-subtype` (`"MIXED"`, `"ALTERNATIVE"`, …).
        subtype: IString<'a>,
        /// `body-ext-mpart` (`BODYSTRUCTURE` only).
        extension: Option<MultiPartExtension<'a>>,
    },
}

/// A non-multipart part: its media type and `body-fields`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SinglePart<'a> {
    /// The type and what depends on it.
    pub kind: BodyKind<'a>,
    /// `body-fields`.
    pub fields: BodyFields<'a>,
}

/// What a single part is, by its media type (RFC 3501 §9).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyKind<'a> {
    /// `body-type-basic = media-basic SP body-fields`.
    Basic(BasicMedia<'a>),
    /// `body-type-text = media-text SP body-fields SP body-fld-lines`: `"TEXT"` and a subtype.
    Text {
        /// `media-subtype` (`"PLAIN"`, `"HTML"`, …).
        subtype: IString<'a>,
        /// `body-fld-lines`.
        lines: u64,
    },
    /// `body-type-msg = media-message SP body-fields SP envelope SP body SP body-fld-lines`:
    /// `"MESSAGE" "RFC822"` (or `"GLOBAL"`, RFC 9051).
    Message {
        /// The subtype.
        subtype: MessageSubtype,
        /// The enclosed message's envelope.
        envelope: Box<Envelope<'a>>,
        /// The enclosed message's body.
        body: Box<BodyStructure<'a>>,
        /// `body-fld-lines`.
        lines: u64,
    },
}

/// The subtype of `media-message` (RFC 3501 §9; `GLOBAL` RFC 6532, RFC 9051 §9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MessageSubtype {
    /// `"RFC822"`.
    Rfc822,
    /// `"GLOBAL"`.
    Global,
}

/// `media-basic = (("APPLICATION" / "AUDIO" / …) / string) SP media-subtype`: any type but
/// `TEXT` and `MESSAGE/RFC822`/`MESSAGE/GLOBAL` (which have their own fields).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BasicMedia<'a> {
    media_type: IString<'a>,
    subtype: IString<'a>,
}

impl<'a> BasicMedia<'a> {
    /// A basic media type.
    ///
    /// # Errors
    /// [`InvalidValue`] (rule `body`) for `TEXT/*` and `MESSAGE/RFC822` or `MESSAGE/GLOBAL`,
    /// which are [`BodyKind::Text`] and [`BodyKind::Message`].
    pub fn new(media_type: IString<'a>, subtype: IString<'a>) -> Result<Self, InvalidValue> {
        if kind_of(media_type.as_bytes(), subtype.as_bytes()) != Kind::Basic {
            return Err(InvalidValue {
                rule: Rule::Body,
                offset: 0,
            });
        }
        Ok(Self {
            media_type,
            subtype,
        })
    }

    /// The type (`"APPLICATION"`, `"IMAGE"`, …).
    pub fn media_type(&self) -> &IString<'a> {
        &self.media_type
    }

    /// `media-subtype`.
    pub fn subtype(&self) -> &IString<'a> {
        &self.subtype
    }

    /// The same media type, owned.
    pub fn into_owned(self) -> BasicMedia<'static> {
        BasicMedia {
            media_type: self.media_type.into_owned(),
            subtype: self.subtype.into_owned(),
        }
    }
}

/// `body-fields = body-fld-param SP body-fld-id SP body-fld-desc SP body-fld-enc SP
/// body-fld-octets` (RFC 3501 §9).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyFields<'a> {
    /// `body-fld-param`: empty for `NIL`.
    pub params: Vec<Param<'a>>,
    /// `body-fld-id`: `Content-ID`.
    pub id: NString<'a>,
    /// `body-fld-desc`: `Content-Description`.
    pub description: NString<'a>,
    /// `body-fld-enc`: `Content-Transfer-Encoding` (`"7BIT"`, `"BASE64"`, …). With
    /// [`Quirks::nil_body_fields`](crate::response::Quirks::nil_body_fields) a `NIL` reads as
    /// the empty string.
    pub encoding: IString<'a>,
    /// `body-fld-octets`: the size in its transfer encoding.
    pub octets: u32,
}

/// One `string SP string` of `body-fld-param`: an attribute and its value. With
/// [`Quirks::nil_body_fields`](crate::response::Quirks::nil_body_fields) a `NIL` value reads
/// as the empty string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param<'a> {
    /// The attribute (`"CHARSET"`).
    pub name: IString<'a>,
    /// Its value (`"US-ASCII"`).
    pub value: IString<'a>,
}

impl Param<'_> {
    /// The same parameter, owned.
    pub fn into_owned(self) -> Param<'static> {
        Param {
            name: self.name.into_owned(),
            value: self.value.into_owned(),
        }
    }
}

impl BodyFields<'_> {
    /// The same fields, owned.
    pub fn into_owned(self) -> BodyFields<'static> {
        BodyFields {
            params: self.params.into_iter().map(Param::into_owned).collect(),
            id: self.id.into_owned(),
            description: self.description.into_owned(),
            encoding: self.encoding.into_owned(),
            octets: self.octets,
        }
    }
}

impl SinglePart<'_> {
    /// The same part, owned.
    pub fn into_owned(self) -> SinglePart<'static> {
        SinglePart {
            kind: match self.kind {
                BodyKind::Basic(m) => BodyKind::Basic(m.into_owned()),
                BodyKind::Text { subtype, lines } => BodyKind::Text {
                    subtype: subtype.into_owned(),
                    lines,
                },
                BodyKind::Message {
                    subtype,
                    envelope,
                    body,
                    lines,
                } => BodyKind::Message {
                    subtype,
                    envelope: Box::new(envelope.into_owned()),
                    body: Box::new(body.into_owned()),
                    lines,
                },
            },
            fields: self.fields.into_owned(),
        }
    }
}

impl BodyStructure<'_> {
    /// The same structure, owned.
    pub fn into_owned(self) -> BodyStructure<'static> {
        match self {
            BodyStructure::Single { part, extension } => BodyStructure::Single {
                part: part.into_owned(),
                extension: extension.map(SinglePartExtension::into_owned),
            },
            BodyStructure::Multi {
                parts,
                subtype,
                extension,
            } => BodyStructure::Multi {
                parts: parts.map(BodyStructure::into_owned),
                subtype: subtype.into_owned(),
                extension: extension.map(MultiPartExtension::into_owned),
            },
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Basic,
    Text,
    Message(MessageSubtype),
}

fn kind_of(media_type: &[u8], subtype: &[u8]) -> Kind {
    if media_type.eq_ignore_ascii_case(b"TEXT") {
        Kind::Text
    } else if media_type.eq_ignore_ascii_case(b"MESSAGE") {
        if subtype.eq_ignore_ascii_case(b"RFC822") {
            Kind::Message(MessageSubtype::Rfc822)
        } else if subtype.eq_ignore_ascii_case(b"GLOBAL") {
            Kind::Message(MessageSubtype::Global)
        } else {
            Kind::Basic
        }
    } else {
        Kind::Basic
    }
}

/// Reads `body` at nesting `depth` (0 at the top).
pub(super) fn read_body<'a>(
    r: &mut Reader<'a>,
    depth: usize,
) -> Result<BodyStructure<'a>, ParseError> {
    if depth >= MAX_BODY_DEPTH {
        return Err(r.c.invalid(Rule::BodyDepth));
    }
    r.c.expect(b'(', Rule::Body)?;
    let body = if r.c.need()? == b'(' {
        read_multi(r, depth)?
    } else {
        read_single(r, depth)?
    };
    close(r, Rule::Body)?;
    Ok(body)
}

fn read_multi<'a>(r: &mut Reader<'a>, depth: usize) -> Result<BodyStructure<'a>, ParseError> {
    let mut parts = Vec::with_capacity(4);
    parts.push(read_body(r, depth + 1)?);
    // `1*body`: no separator (spaces between parts with extra_spaces); `SP` before the
    // subtype.
    loop {
        if r.c.need()? == b'(' {
            parts.push(read_body(r, depth + 1)?);
        } else if r.quirks.extra_spaces && after_spaces(r)? == b'(' {
            r.skip_extra_spaces();
        } else {
            break;
        }
    }
    r.sp(Rule::Body)?;
    let subtype = r.string()?;
    let extension = if at_sp(r)? {
        r.sp(Rule::Body)?;
        Some(read_multi_ext(r, depth)?)
    } else {
        None
    };
    let parts = NonEmpty::new(parts).ok_or_else(|| r.c.invalid(Rule::Body))?;
    Ok(BodyStructure::Multi {
        parts,
        subtype,
        extension,
    })
}

/// The first byte after any spaces (`Incomplete` when only spaces are left).
fn after_spaces(r: &Reader<'_>) -> Result<u8, ParseError> {
    let rest = r.c.rest();
    rest.iter()
        .copied()
        .find(|&b| b != b' ')
        .ok_or(ParseError::Incomplete { needed: 1 })
}

/// Whether a `SP` and another element follow (not spaces trailing before `)` under
/// extra spaces).
#[inline(always)]
pub(super) fn at_sp(r: &Reader<'_>) -> Result<bool, ParseError> {
    if r.c.need()? != b' ' {
        return Ok(false);
    }
    Ok(!r.quirks.extra_spaces || after_spaces(r)? != b')')
}

#[inline(always)]
fn read_single<'a>(r: &mut Reader<'a>, depth: usize) -> Result<BodyStructure<'a>, ParseError> {
    let media_type = r.string()?;
    r.sp(Rule::Body)?;
    let subtype = r.string()?;
    r.sp(Rule::Body)?;
    let fields = read_fields(r)?;
    let kind = match kind_of(media_type.as_bytes(), subtype.as_bytes()) {
        Kind::Basic => BodyKind::Basic(BasicMedia {
            media_type,
            subtype,
        }),
        Kind::Text => {
            r.sp(Rule::Body)?;
            let lines = number64(&mut r.c)?;
            BodyKind::Text { subtype, lines }
        }
        Kind::Message(subtype) => {
            r.sp(Rule::Body)?;
            let envelope = Box::new(read_envelope(r)?);
            r.sp(Rule::Body)?;
            let body = Box::new(read_body(r, depth + 1)?);
            r.sp(Rule::Body)?;
            let lines = number64(&mut r.c)?;
            BodyKind::Message {
                subtype,
                envelope,
                body,
                lines,
            }
        }
    };
    let extension = if at_sp(r)? {
        r.sp(Rule::Body)?;
        Some(read_single_ext(r, depth)?)
    } else {
        None
    };
    Ok(BodyStructure::Single {
        part: SinglePart { kind, fields },
        extension,
    })
}

fn read_fields<'a>(r: &mut Reader<'a>) -> Result<BodyFields<'a>, ParseError> {
    let rule = Rule::BodyFields;
    let params = read_params(r)?;
    r.sp(rule)?;
    let id = nstring(r)?;
    r.sp(rule)?;
    let description = nstring(r)?;
    r.sp(rule)?;
    let encoding = body_string(r, rule)?;
    r.sp(rule)?;
    let octets = number(&mut r.c)?;
    Ok(BodyFields {
        params,
        id,
        description,
        encoding,
        octets,
    })
}

/// Reads `body-fld-param = "(" string SP string *(SP string SP string) ")" / nil`; with
/// [`Quirks::nil_body_fields`](crate::response::Quirks::nil_body_fields) `()` too.
pub(super) fn read_params<'a>(r: &mut Reader<'a>) -> Result<Vec<Param<'a>>, ParseError> {
    let rule = Rule::BodyFields;
    if nil(r, rule)? {
        return Ok(Vec::new());
    }
    r.c.expect(b'(', rule)?;
    let mut params = Vec::with_capacity(2);
    if r.quirks.nil_body_fields {
        r.skip_extra_spaces();
        if r.c.need()? == b')' {
            r.c.bump();
            return Ok(params);
        }
    }
    loop {
        let name = r.string()?;
        r.sp(rule)?;
        let value = body_string(r, rule)?;
        params.push(Param { name, value });
        if !at_sp(r)? {
            break;
        }
        r.sp(rule)?;
    }
    close(r, rule)?;
    Ok(params)
}

pub(super) fn write_params(w: &mut Writer, params: &[Param<'_>]) {
    if params.is_empty() {
        w.push_raw(b"NIL");
        return;
    }
    w.push_raw(b"(");
    for (i, p) in params.iter().enumerate() {
        if i > 0 {
            w.sp();
        }
        w.value(&p.name);
        w.sp();
        w.value(&p.value);
    }
    w.push_raw(b")");
}

/// Writes `body`.
pub(super) fn write_body(w: &mut Writer, body: &BodyStructure<'_>) {
    w.push_raw(b"(");
    match body {
        BodyStructure::Single { part, extension } => {
            match &part.kind {
                BodyKind::Basic(m) => {
                    w.value(&m.media_type);
                    w.sp();
                    w.value(&m.subtype);
                }
                BodyKind::Text { subtype, .. } => {
                    w.push_raw(b"\"TEXT\" ");
                    w.value(subtype);
                }
                BodyKind::Message { subtype, .. } => w.push_raw(match subtype {
                    MessageSubtype::Rfc822 => b"\"MESSAGE\" \"RFC822\"",
                    MessageSubtype::Global => b"\"MESSAGE\" \"GLOBAL\"",
                }),
            }
            w.sp();
            write_fields(w, &part.fields);
            match &part.kind {
                BodyKind::Basic(_) => {}
                BodyKind::Text { lines, .. } => {
                    w.sp();
                    w.number(*lines);
                }
                BodyKind::Message {
                    envelope,
                    body,
                    lines,
                    ..
                } => {
                    w.sp();
                    write_envelope(w, envelope);
                    w.sp();
                    write_body(w, body);
                    w.sp();
                    w.number(*lines);
                }
            }
            if let Some(ext) = extension {
                w.sp();
                write_single_ext(w, ext);
            }
        }
        BodyStructure::Multi {
            parts,
            subtype,
            extension,
        } => {
            for p in parts {
                write_body(w, p);
            }
            w.sp();
            w.value(subtype);
            if let Some(ext) = extension {
                w.sp();
                write_multi_ext(w, ext);
            }
        }
    }
    w.push_raw(b")");
}

fn write_fields(w: &mut Writer, f: &BodyFields<'_>) {
    write_params(w, &f.params);
    w.sp();
    w.value(&f.id);
    w.sp();
    w.value(&f.description);
    w.sp();
    w.value(&f.encoding);
    w.sp();
    w.number(u64::from(f.octets));
}
