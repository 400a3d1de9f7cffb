//! Body extension data (`body-ext-1part`, `body-ext-mpart`, RFC 3501 §7.4.2 and §9, RFC
//! 9051 §9): MD5, disposition, language, location and future `body-extension`s, which
//! `BODYSTRUCTURE` carries and `BODY` does not.

use crate::encode::Writer;
use crate::error::{ParseError, Rule};
use crate::types::number::number64;
use crate::types::{IString, NString, NonEmpty};

use super::super::reader::Reader;
use super::body::{MAX_BODY_DEPTH, Param, at_sp, read_params, write_params};
use super::{close, nil, nstring};

/// `body-ext-1part = body-fld-md5 [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc
/// *(SP body-extension)]]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SinglePartExtension<'a> {
    /// `body-fld-md5`: `Content-MD5`.
    pub md5: NString<'a>,
    /// What follows the MD5, when anything does.
    pub rest: Option<PartExtension<'a>>,
}

/// `body-ext-mpart = body-fld-param [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc
/// *(SP body-extension)]]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultiPartExtension<'a> {
    /// `body-fld-param` of the multipart (its `BOUNDARY`, …): empty for `NIL`.
    pub params: Vec<Param<'a>>,
    /// What follows the parameters, when anything does.
    pub rest: Option<PartExtension<'a>>,
}

/// `body-fld-dsp [SP body-fld-lang [SP body-fld-loc *(SP body-extension)]]`: each later
/// field is written only when the one before it is present (a `location` without a
/// `language`, or `extensions` without a `location`, are not written).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PartExtension<'a> {
    /// `body-fld-dsp`: `None` for `NIL`.
    pub disposition: Option<Disposition<'a>>,
    /// `body-fld-lang`: `None` when absent.
    pub language: Option<Language<'a>>,
    /// `body-fld-loc`: `Content-Location`; `None` when absent.
    pub location: Option<NString<'a>>,
    /// `*(SP body-extension)`.
    pub extensions: Vec<BodyExtension<'a>>,
}

/// `body-fld-dsp = "(" string SP body-fld-param ")"` (`Content-Disposition`). With
/// [`Quirks::string_disposition`](crate::response::Quirks::string_disposition) a bare string
/// reads as a disposition without parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disposition<'a> {
    /// `"INLINE"`, `"ATTACHMENT"`, ….
    pub kind: IString<'a>,
    /// Its parameters (`FILENAME`): empty for `NIL`.
    pub params: Vec<Param<'a>>,
}

/// `body-fld-lang = nstring / "(" string *(SP string) ")"` (`Content-Language`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Language<'a> {
    /// One tag, or `NIL`.
    Single(NString<'a>),
    /// A parenthesised list of tags.
    List(NonEmpty<IString<'a>>),
}

/// `body-extension = nstring / number / number64 / "(" body-extension *(SP body-extension)
/// ")"`: data of future extensions, kept as it came.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyExtension<'a> {
    /// A string or `NIL`.
    NString(NString<'a>),
    /// A number.
    Number(u64),
    /// A nested list.
    List(NonEmpty<BodyExtension<'a>>),
}

fn owned_params(p: Vec<Param<'_>>) -> Vec<Param<'static>> {
    p.into_iter().map(Param::into_owned).collect()
}

impl SinglePartExtension<'_> {
    /// The same data, owned.
    pub fn into_owned(self) -> SinglePartExtension<'static> {
        SinglePartExtension {
            md5: self.md5.into_owned(),
            rest: self.rest.map(PartExtension::into_owned),
        }
    }
}

impl MultiPartExtension<'_> {
    /// The same data, owned.
    pub fn into_owned(self) -> MultiPartExtension<'static> {
        MultiPartExtension {
            params: owned_params(self.params),
            rest: self.rest.map(PartExtension::into_owned),
        }
    }
}

impl PartExtension<'_> {
    /// The same data, owned.
    pub fn into_owned(self) -> PartExtension<'static> {
        PartExtension {
            disposition: self.disposition.map(|d| Disposition {
                kind: d.kind.into_owned(),
                params: owned_params(d.params),
            }),
            language: self.language.map(|l| match l {
                Language::Single(s) => Language::Single(s.into_owned()),
                Language::List(l) => Language::List(l.map(IString::into_owned)),
            }),
            location: self.location.map(NString::into_owned),
            extensions: self
                .extensions
                .into_iter()
                .map(BodyExtension::into_owned)
                .collect(),
        }
    }
}

impl BodyExtension<'_> {
    /// The same data, owned.
    pub fn into_owned(self) -> BodyExtension<'static> {
        match self {
            BodyExtension::NString(s) => BodyExtension::NString(s.into_owned()),
            BodyExtension::Number(n) => BodyExtension::Number(n),
            BodyExtension::List(l) => BodyExtension::List(l.map(BodyExtension::into_owned)),
        }
    }
}

pub(super) fn read_single_ext<'a>(
    r: &mut Reader<'a>,
    depth: usize,
) -> Result<SinglePartExtension<'a>, ParseError> {
    let md5 = nstring(r)?;
    let rest = read_rest(r, depth)?;
    Ok(SinglePartExtension { md5, rest })
}

pub(super) fn read_multi_ext<'a>(
    r: &mut Reader<'a>,
    depth: usize,
) -> Result<MultiPartExtension<'a>, ParseError> {
    let params = read_params(r)?;
    let rest = read_rest(r, depth)?;
    Ok(MultiPartExtension { params, rest })
}

/// `[SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc *(SP body-extension)]]]`.
fn read_rest<'a>(
    r: &mut Reader<'a>,
    depth: usize,
) -> Result<Option<PartExtension<'a>>, ParseError> {
    let rule = Rule::BodyExtension;
    if !at_sp(r)? {
        return Ok(None);
    }
    r.sp(rule)?;
    let mut ext = PartExtension {
        disposition: read_disposition(r)?,
        ..PartExtension::default()
    };
    if !at_sp(r)? {
        return Ok(Some(ext));
    }
    r.sp(rule)?;
    ext.language = Some(read_language(r)?);
    if !at_sp(r)? {
        return Ok(Some(ext));
    }
    r.sp(rule)?;
    ext.location = Some(nstring(r)?);
    while at_sp(r)? {
        r.sp(rule)?;
        ext.extensions.push(read_extension(r, depth + 1)?);
    }
    Ok(Some(ext))
}

fn read_disposition<'a>(r: &mut Reader<'a>) -> Result<Option<Disposition<'a>>, ParseError> {
    let rule = Rule::BodyExtension;
    match r.c.need()? {
        b'(' => {
            r.c.bump();
            let kind = r.string()?;
            r.sp(rule)?;
            let params = read_params(r)?;
            close(r, rule)?;
            Ok(Some(Disposition { kind, params }))
        }
        b'"' | b'{' if r.quirks.string_disposition => Ok(Some(Disposition {
            kind: r.string()?,
            params: Vec::new(),
        })),
        _ => {
            if nil(r, rule)? {
                Ok(None)
            } else {
                Err(r.c.invalid(rule))
            }
        }
    }
}

fn read_language<'a>(r: &mut Reader<'a>) -> Result<Language<'a>, ParseError> {
    if r.c.need()? != b'(' {
        return nstring(r).map(Language::Single);
    }
    r.c.bump();
    let mut list = NonEmpty::one(r.string()?);
    while at_sp(r)? {
        r.sp(Rule::BodyExtension)?;
        list.push(r.string()?);
    }
    close(r, Rule::BodyExtension)?;
    Ok(Language::List(list))
}

fn read_extension<'a>(r: &mut Reader<'a>, depth: usize) -> Result<BodyExtension<'a>, ParseError> {
    if depth >= MAX_BODY_DEPTH {
        return Err(r.c.invalid(Rule::BodyDepth));
    }
    match r.c.need()? {
        b'(' => {
            r.c.bump();
            let mut list = NonEmpty::one(read_extension(r, depth + 1)?);
            while at_sp(r)? {
                r.sp(Rule::BodyExtension)?;
                list.push(read_extension(r, depth + 1)?);
            }
            close(r, Rule::BodyExtension)?;
            Ok(BodyExtension::List(list))
        }
        b'0'..=b'9' => number64(&mut r.c).map(BodyExtension::Number),
        _ => nstring(r).map(BodyExtension::NString),
    }
}

pub(super) fn write_single_ext(w: &mut Writer, ext: &SinglePartExtension<'_>) {
    w.value(&ext.md5);
    if let Some(rest) = &ext.rest {
        write_rest(w, rest);
    }
}

pub(super) fn write_multi_ext(w: &mut Writer, ext: &MultiPartExtension<'_>) {
    write_params(w, &ext.params);
    if let Some(rest) = &ext.rest {
        write_rest(w, rest);
    }
}

fn write_rest(w: &mut Writer, ext: &PartExtension<'_>) {
    w.sp();
    match &ext.disposition {
        Some(d) => {
            w.push_raw(b"(");
            w.value(&d.kind);
            w.sp();
            write_params(w, &d.params);
            w.push_raw(b")");
        }
        None => w.push_raw(b"NIL"),
    }
    let Some(language) = &ext.language else {
        return;
    };
    w.sp();
    match language {
        Language::Single(s) => {
            w.value(s);
        }
        Language::List(list) => {
            w.push_raw(b"(");
            for (i, s) in list.iter().enumerate() {
                if i > 0 {
                    w.sp();
                }
                w.value(s);
            }
            w.push_raw(b")");
        }
    }
    let Some(location) = &ext.location else {
        return;
    };
    w.sp();
    w.value(location);
    for e in &ext.extensions {
        w.sp();
        write_extension(w, e);
    }
}

fn write_extension(w: &mut Writer, e: &BodyExtension<'_>) {
    match e {
        BodyExtension::NString(s) => {
            w.value(s);
        }
        BodyExtension::Number(n) => w.number(*n),
        BodyExtension::List(list) => {
            w.push_raw(b"(");
            for (i, e) in list.iter().enumerate() {
                if i > 0 {
                    w.sp();
                }
                write_extension(w, e);
            }
            w.push_raw(b")");
        }
    }
}
