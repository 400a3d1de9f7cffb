//! Turning a [`MimePart`] tree into wire bytes, bottom-up: each multipart's boundary is chosen
//! once its body parts are written, so it can be checked against them (RFC 2046 §5.1.1).

use std::borrow::Cow;

use crate::field::transfer_encoding::TransferEncoding;

use super::address::msg_id;
use super::boundary::{BoundaryGenerator, choose_boundary};
use super::encoded_word::write_unstructured;
use super::error::{BuildError, Component};
use super::fold::{FieldWriter, HARD_LIMIT, check_field_name, check_injection};
use super::parameter::{Param, check_token, write_value_with_parameters};
use super::part::{Body, Content, MimePart};
use super::transfer::{check_forced, choose, encode, name, to_crlf};

/// One entity, written: its `Content-*` fields (each ending with CRLF) and its body (empty or
/// ending with CRLF).
#[derive(Debug, Default)]
pub(crate) struct Entity {
    pub(crate) fields: Vec<u8>,
    pub(crate) body: Vec<u8>,
    /// The body holds 8-bit data (so enclosing composites say `8bit`, RFC 2045 §6.4).
    pub(crate) eight_bit: bool,
    /// The boundaries of every multipart inside, this one's included.
    pub(crate) boundaries: Vec<String>,
}

/// What rendering needs besides the tree.
pub(crate) struct Renderer<'g> {
    pub(crate) allow_8bit: bool,
    pub(crate) smtputf8: bool,
    pub(crate) boundaries: &'g mut dyn BoundaryGenerator,
}

/// Field names the builder writes itself in a part's header.
const PART_FIELDS: [&str; 6] = [
    "Content-Type",
    "Content-Transfer-Encoding",
    "Content-Disposition",
    "Content-ID",
    "Content-Description",
    "MIME-Version",
];

/// Writes an extension field: validated name, unstructured value.
///
/// # Errors
/// [`BuildError`] for an invalid or reserved name, or CR, LF or NUL in the value.
pub(crate) fn write_extra_field(
    out: &mut Vec<u8>,
    name: &str,
    value: &str,
    reserved: &[&str],
) -> Result<(), BuildError> {
    check_field_name(name)?;
    if reserved.iter().any(|r| r.eq_ignore_ascii_case(name)) {
        return Err(BuildError::ReservedField {
            name: name.to_owned(),
        });
    }
    check_injection(name, Component::Value, value)?;
    let mut w = FieldWriter::new(out, name);
    write_unstructured(&mut w, value);
    w.finish();
    Ok(())
}

/// Writes an extension field whose value has a syntax of its own: US-ASCII written as given,
/// folded only before white space.
///
/// # Errors
/// [`BuildError`] for an invalid or reserved name, CR, LF or NUL or a non-ASCII character in
/// the value, or a run of more than 997 octets without white space.
pub(crate) fn write_raw_field(
    out: &mut Vec<u8>,
    name: &str,
    value: &str,
    reserved: &[&str],
) -> Result<(), BuildError> {
    check_field_name(name)?;
    if reserved.iter().any(|r| r.eq_ignore_ascii_case(name)) {
        return Err(BuildError::ReservedField {
            name: name.to_owned(),
        });
    }
    check_injection(name, Component::Value, value)?;
    if let Some((position, character)) = value
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_graphic() || c == ' ' || c == '\t'))
    {
        return Err(BuildError::InvalidCharacter {
            field: name.to_owned(),
            what: Component::Value,
            character,
            position,
        });
    }
    let mut w = FieldWriter::new(out, name);
    let mut rest = value.trim_matches([' ', '\t']);
    let mut first = true;
    while !rest.is_empty() {
        let sep_end = rest.find(|c| c != ' ' && c != '\t').unwrap_or(rest.len());
        let (sep, after) = rest.split_at(sep_end);
        let word_end = after.find([' ', '\t']).unwrap_or(after.len());
        let (word, tail) = after.split_at(word_end);
        let sep = if first { " " } else { sep };
        if sep.len().max(1) + word.len() > HARD_LIMIT {
            return Err(BuildError::LineTooLong {
                field: name.to_owned(),
            });
        }
        w.unit(sep.as_bytes(), word.as_bytes(), false);
        first = false;
        rest = tail;
    }
    w.finish();
    Ok(())
}

fn params<'p>(list: &'p [(Cow<'_, str>, Cow<'_, str>)]) -> impl Iterator<Item = Param<'p>> {
    list.iter().map(|(name, value)| Param {
        name,
        value,
        splittable: true,
    })
}

/// `type/subtype`, validated as two tokens (RFC 2045 §5.1).
fn check_media_type(media_type: &str) -> Result<(), BuildError> {
    let field = "Content-Type";
    check_injection(field, Component::MediaType, media_type)?;
    match media_type.split_once('/') {
        Some((t, s)) => {
            check_token(field, Component::MediaType, t)?;
            check_token(field, Component::MediaType, s)
        }
        None => Err(BuildError::InvalidToken {
            field: field.to_owned(),
            what: Component::MediaType,
            value: media_type.to_owned(),
        }),
    }
}

impl Renderer<'_> {
    /// Writes a part's `Content-*` fields. `extra` are parameters the builder adds
    /// (`boundary`); `encoding` is written when given.
    fn write_fields(
        &self,
        part: &MimePart<'_>,
        extra: &[Param<'_>],
        encoding: Option<&TransferEncoding<'_>>,
        out: &mut Vec<u8>,
    ) -> Result<(), BuildError> {
        check_media_type(&part.media_type)?;
        let mut list: Vec<Param<'_>> = extra.to_vec();
        list.extend(params(&part.parameters));
        if let Some(filename) = &part.filename {
            list.push(Param {
                name: "name",
                value: filename,
                splittable: true,
            });
        }
        let mut w = FieldWriter::new(out, "Content-Type");
        write_value_with_parameters(&mut w, "Content-Type", &part.media_type, &list)?;
        w.finish();
        if let Some(e) = encoding {
            out.extend_from_slice(format!("Content-Transfer-Encoding: {}\r\n", name(e)).as_bytes());
        }
        if let Some(kind) = &part.disposition {
            let field = "Content-Disposition";
            check_token(field, Component::DispositionType, kind)?;
            let mut list: Vec<Param<'_>> = Vec::new();
            if let Some(filename) = &part.filename {
                list.push(Param {
                    name: "filename",
                    value: filename,
                    splittable: true,
                });
            }
            list.extend(params(&part.disposition_parameters));
            let mut w = FieldWriter::new(out, field);
            write_value_with_parameters(&mut w, field, kind, &list)?;
            w.finish();
        }
        if let Some(id) = &part.content_id {
            let id = msg_id("Content-ID", id)?;
            let mut w = FieldWriter::new(out, "Content-ID");
            w.unit(b" ", id.as_bytes(), false);
            w.finish();
        }
        if let Some(text) = &part.description {
            check_injection("Content-Description", Component::Value, text)?;
            let mut w = FieldWriter::new(out, "Content-Description");
            write_unstructured(&mut w, text);
            w.finish();
        }
        for (name, value, raw) in &part.fields {
            if *raw {
                write_raw_field(out, name, value, &PART_FIELDS)?;
            } else {
                write_extra_field(out, name, value, &PART_FIELDS)?;
            }
        }
        Ok(())
    }

    /// Writes `part` and everything inside it.
    pub(crate) fn render(&mut self, part: &MimePart<'_>) -> Result<Entity, BuildError> {
        match &part.body {
            Body::Leaf { content, encoding } => self.leaf(part, content, encoding.as_ref()),
            Body::Multipart { parts, .. } => {
                let children: Vec<&MimePart<'_>> = parts.iter().collect();
                self.multipart(part, &children)
            }
            Body::Message(message) => {
                let mut body = Vec::new();
                let boundaries = message.write_message(self, &mut body)?;
                self.message(part, body, boundaries)
            }
            Body::RawMessage(bytes) => {
                let mut body = to_crlf(bytes);
                if !body.is_empty() && !body.ends_with(b"\r\n") {
                    body.extend_from_slice(b"\r\n");
                }
                let ok = !body.contains(&0)
                    && (self.allow_8bit || body.is_ascii())
                    && body
                        .split(|&b| b == b'\n')
                        .all(|l| l.len() <= HARD_LIMIT + 1);
                if !ok {
                    return Err(BuildError::InvalidEncapsulatedMessage);
                }
                self.message(part, body, Vec::new())
            }
        }
    }

    fn leaf(
        &mut self,
        part: &MimePart<'_>,
        content: &Content<'_>,
        forced: Option<&TransferEncoding<'static>>,
    ) -> Result<Entity, BuildError> {
        let data: Cow<'_, [u8]> = match content {
            Content::Text(text) => {
                let mut data = to_crlf(text.as_bytes());
                if !data.is_empty() && !data.ends_with(b"\r\n") {
                    data.extend_from_slice(b"\r\n");
                }
                Cow::Owned(data)
            }
            Content::Binary(bytes) => Cow::Borrowed(bytes.as_ref()),
        };
        let encoding = match forced {
            Some(e) => {
                check_forced(e, &data)?;
                e.clone()
            }
            None => {
                let text = part
                    .media_type
                    .get(..5)
                    .is_some_and(|t| t.eq_ignore_ascii_case("text/"));
                choose(&data, text, self.allow_8bit)
            }
        };
        let mut entity = Entity {
            eight_bit: encoding == TransferEncoding::EightBit,
            ..Entity::default()
        };
        self.write_fields(part, &[], Some(&encoding), &mut entity.fields)?;
        encode(&encoding, &data, &mut entity.body);
        Ok(entity)
    }

    fn message(
        &mut self,
        part: &MimePart<'_>,
        body: Vec<u8>,
        boundaries: Vec<String>,
    ) -> Result<Entity, BuildError> {
        let eight_bit = !body.is_ascii();
        let mut entity = Entity {
            body,
            eight_bit,
            boundaries,
            ..Entity::default()
        };
        let encoding = eight_bit.then_some(TransferEncoding::EightBit);
        self.write_fields(part, &[], encoding.as_ref(), &mut entity.fields)?;
        Ok(entity)
    }

    /// Writes a multipart whose body parts are `children` (the part's own list, or one the
    /// message builder composed).
    pub(crate) fn multipart(
        &mut self,
        part: &MimePart<'_>,
        children: &[&MimePart<'_>],
    ) -> Result<Entity, BuildError> {
        if children.is_empty() {
            return Err(BuildError::EmptyMultipart);
        }
        let (preamble, epilogue) = match &part.body {
            Body::Multipart {
                preamble, epilogue, ..
            } => (
                multipart_text(preamble.as_deref(), "preamble")?,
                multipart_text(epilogue.as_deref(), "epilogue")?,
            ),
            _ => (None, None),
        };
        let mut rendered = Vec::with_capacity(children.len());
        let mut nested = Vec::new();
        let mut eight_bit = false;
        for child in children {
            let mut e = self.render(child)?;
            let mut bytes = std::mem::take(&mut e.fields);
            bytes.extend_from_slice(b"\r\n");
            bytes.append(&mut e.body);
            eight_bit |= e.eight_bit;
            nested.append(&mut e.boundaries);
            rendered.push(bytes);
        }
        let mut content: Vec<&[u8]> = rendered.iter().map(Vec::as_slice).collect();
        content.extend(preamble.as_deref());
        content.extend(epilogue.as_deref());
        let boundary = choose_boundary(self.boundaries, &content, &nested)?;

        let mut body = Vec::with_capacity(rendered.iter().map(Vec::len).sum::<usize>() + 256);
        if let Some(p) = &preamble {
            body.extend_from_slice(p);
            body.extend_from_slice(b"\r\n");
        }
        for (i, child) in rendered.iter().enumerate() {
            if i > 0 {
                body.extend_from_slice(b"\r\n");
            }
            body.extend_from_slice(b"--");
            body.extend_from_slice(boundary.as_bytes());
            body.extend_from_slice(b"\r\n");
            body.extend_from_slice(child);
        }
        body.extend_from_slice(b"\r\n--");
        body.extend_from_slice(boundary.as_bytes());
        body.extend_from_slice(b"--\r\n");
        if let Some(e) = &epilogue {
            body.extend_from_slice(e);
            if !e.is_empty() && !e.ends_with(b"\r\n") {
                body.extend_from_slice(b"\r\n");
            }
        }
        let mut fields = Vec::new();
        let param = Param {
            name: "boundary",
            value: &boundary,
            splittable: false,
        };
        let encoding = eight_bit.then_some(TransferEncoding::EightBit);
        self.write_fields(part, &[param], encoding.as_ref(), &mut fields)?;
        nested.push(boundary);
        Ok(Entity {
            fields,
            body,
            eight_bit,
            boundaries: nested,
        })
    }
}

/// A preamble or epilogue in canonical form, checked to be 7-bit lines of at most 998 octets.
fn multipart_text(text: Option<&str>, what: &'static str) -> Result<Option<Vec<u8>>, BuildError> {
    let Some(text) = text else { return Ok(None) };
    let data = to_crlf(text.as_bytes());
    let ok = data.is_ascii()
        && !data.contains(&0)
        && data
            .split(|&b| b == b'\n')
            .all(|l| l.len() <= HARD_LIMIT + 1);
    if ok {
        Ok(Some(data))
    } else {
        Err(BuildError::InvalidMultipartText(what))
    }
}
