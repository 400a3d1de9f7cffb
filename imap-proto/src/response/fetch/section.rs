//! The section and origin of `BODY[section]<origin>` and `BINARY[section-binary]<origin>`
//! in a FETCH response (RFC 3501 §9 `msg-att-static`, RFC 9051 §9, RFC 3516 §4.2), read into
//! the command side's [`Section`].

use std::num::NonZeroU32;

use crate::command::fetch::read_part;
use crate::command::{Section, SectionText};
use crate::cursor::Cursor;
use crate::encode::Writer;
use crate::error::{ParseError, Rule};
use crate::types::AString;
use crate::types::number::number;

use super::super::reader::Reader;

/// Reads a section keyword (letters, dots).
fn keyword<'a>(c: &mut Cursor<'a>) -> Result<&'a [u8], ParseError> {
    let start = c.pos;
    let w = c.take_while(|b| b.is_ascii_alphabetic() || b == b'.')?;
    if w.is_empty() {
        return Err(c.invalid_at(start, Rule::Section));
    }
    Ok(w)
}

/// Reads `section = "[" [section-spec] "]"` (the `[` is next).
pub(super) fn read_section<'a>(r: &mut Reader<'a>) -> Result<Section<'a>, ParseError> {
    let c = &mut r.c;
    c.expect(b'[', Rule::Section)?;
    if c.need()? == b']' {
        c.bump();
        return Ok(Section::default());
    }
    let mut part = Vec::new();
    if c.need()?.is_ascii_digit() {
        part = read_part(c)?;
    }
    let mut text = None;
    if part.is_empty() || c.need()? == b'.' {
        if !part.is_empty() {
            c.bump();
        }
        let at = c.pos;
        let word = keyword(c)?;
        text = Some(if word.eq_ignore_ascii_case(b"HEADER") {
            SectionText::Header
        } else if word.eq_ignore_ascii_case(b"TEXT") {
            SectionText::Text
        } else if word.eq_ignore_ascii_case(b"MIME") && !part.is_empty() {
            SectionText::Mime
        } else if word.eq_ignore_ascii_case(b"HEADER.FIELDS") {
            read_header_list(r, false)?
        } else if word.eq_ignore_ascii_case(b"HEADER.FIELDS.NOT") {
            read_header_list(r, true)?
        } else {
            return Err(r.c.invalid_at(at, Rule::Section));
        });
    }
    let at = r.c.pos;
    r.c.expect(b']', Rule::Section)?;
    Section::new(part, text).map_err(|_| r.c.invalid_at(at, Rule::Section))
}

/// `SP header-list`, `header-list = "(" header-fld-name *(SP header-fld-name) ")"`.
fn read_header_list<'a>(r: &mut Reader<'a>, not: bool) -> Result<SectionText<'a>, ParseError> {
    r.sp(Rule::Section)?;
    r.c.expect(b'(', Rule::Section)?;
    let mut fields: Vec<AString<'a>> = vec![r.astring()?];
    while r.c.need()? == b' ' {
        r.sp(Rule::Section)?;
        if r.c.need()? == b')' {
            break;
        }
        fields.push(r.astring()?);
    }
    r.c.expect(b')', Rule::Section)?;
    Ok(SectionText::HeaderFields { not, fields })
}

/// `section-binary = "[" [section-part] "]"`.
pub(super) fn read_section_binary(c: &mut Cursor<'_>) -> Result<Vec<NonZeroU32>, ParseError> {
    c.expect(b'[', Rule::Section)?;
    let part = if c.need()? == b']' {
        Vec::new()
    } else {
        read_part(c)?
    };
    c.expect(b']', Rule::Section)?;
    Ok(part)
}

/// `["<" number ">"]`.
pub(super) fn read_origin(c: &mut Cursor<'_>) -> Result<Option<u32>, ParseError> {
    if c.need()? != b'<' {
        return Ok(None);
    }
    c.bump();
    let n = number(c)?;
    c.expect(b'>', Rule::Partial)?;
    Ok(Some(n))
}

pub(super) fn write_part(w: &mut Writer, part: &[NonZeroU32]) {
    w.push_raw(b"[");
    for (i, n) in part.iter().enumerate() {
        if i > 0 {
            w.push_raw(b".");
        }
        w.number(u64::from(n.get()));
    }
    w.push_raw(b"]");
}

pub(super) fn write_origin(w: &mut Writer, origin: Option<u32>) {
    if let Some(n) = origin {
        w.push_raw(b"<");
        w.number(u64::from(n));
        w.push_raw(b">");
    }
}
