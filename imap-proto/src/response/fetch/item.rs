//! Reading and writing the list of `msg-att` items: dispatch on the item's name, the small
//! items (`UID`, `FLAGS`, sizes, ids, labels) and the sections' data.

use crate::chars::is_atom_char;
use crate::command::ObjectId;
use crate::encode::Writer;
use crate::error::{ParseError, Rule};
use crate::types::number::{number, number64, nz_number};
use crate::types::{AString, DateTime, Literal8, NonEmpty};

use super::super::flags::read_flags;
use super::super::reader::Reader;
use super::body::{read_body, write_body};
use super::envelope::{read_envelope, write_envelope};
use super::section::{read_origin, read_section, read_section_binary, write_origin, write_part};
use super::{BinaryData, MessageAttribute, close, nil, nstring};

/// Reads `"(" msg-att *(SP msg-att) ")"` (the part of `message-data` after `"FETCH" SP`).
pub(crate) fn read_msg_atts<'a>(
    r: &mut Reader<'a>,
) -> Result<NonEmpty<MessageAttribute<'a>>, ParseError> {
    r.c.expect(b'(', Rule::MsgAtt)?;
    r.skip_extra_spaces();
    // Room for a mailbox listing's items without growing (and copying) the vector.
    let mut items = Vec::with_capacity(8);
    items.push(read_msg_att(r)?);
    loop {
        if r.list_next(Rule::MsgAtt)? {
            return NonEmpty::new(items).ok_or_else(|| r.c.invalid(Rule::MsgAtt));
        }
        items.push(read_msg_att(r)?);
    }
}

/// Moves the cursor by what a sub-parser over `rest()` consumed, or places its error.
fn advance<T>(r: &mut Reader<'_>, parsed: Result<(T, &[u8]), ParseError>) -> Result<T, ParseError> {
    let before = r.c.rest().len();
    match parsed {
        Ok((v, rest)) => {
            r.c.pos += before - rest.len();
            Ok(v)
        }
        Err(ParseError::Invalid { rule, offset }) => Err(r.c.invalid_at(r.c.pos + offset, rule)),
        Err(e) => Err(e),
    }
}

/// The item name at the start of `rest` when it is one of a mailbox listing's, in upper case
/// and followed by `SP` (as servers send them): read without the scan and the upper-casing
/// copy. `None` for anything else, which the general path reads.
#[inline]
fn common_name(rest: &[u8]) -> Option<&'static [u8]> {
    let name: &'static [u8] = match rest.first()? {
        b'U' => b"UID",
        b'F' => b"FLAGS",
        b'I' => b"INTERNALDATE",
        b'R' => b"RFC822.SIZE",
        b'E' => b"ENVELOPE",
        b'B' => b"BODYSTRUCTURE",
        _ => return None,
    };
    (rest.starts_with(name) && rest.get(name.len()) == Some(&b' ')).then_some(name)
}

/// The longest item name (`BODYSTRUCTURE`).
const MAX_NAME: usize = 16;

fn read_msg_att<'a>(r: &mut Reader<'a>) -> Result<MessageAttribute<'a>, ParseError> {
    use MessageAttribute as M;
    let at = r.c.pos;
    let mut upper = [0u8; MAX_NAME];
    let name: &[u8] = if let Some(name) = common_name(r.c.rest()) {
        r.c.pos += name.len();
        name
    } else {
        let name =
            r.c.take_while(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')?;
        let Some(slot) = upper.get_mut(..name.len()) else {
            return Err(r.c.invalid_at(at, Rule::MsgAtt));
        };
        slot.copy_from_slice(name);
        slot.make_ascii_uppercase();
        slot
    };
    // Items followed by a section: no SP before it.
    match name {
        b"BODY" if r.c.need()? == b'[' => {
            let section = read_section(r)?;
            let origin = read_origin(&mut r.c)?;
            r.sp(Rule::MsgAtt)?;
            let data = nstring(r)?;
            return Ok(M::BodySection {
                section,
                origin,
                data,
            });
        }
        b"BINARY" => {
            let part = read_section_binary(&mut r.c)?;
            let origin = read_origin(&mut r.c)?;
            r.sp(Rule::MsgAtt)?;
            let data = if r.c.need()? == b'~' {
                let rest = r.c.rest();
                BinaryData::Literal8(advance(r, Literal8::parse(rest))?)
            } else {
                BinaryData::NString(nstring(r)?)
            };
            return Ok(M::Binary { part, origin, data });
        }
        b"BINARY.SIZE" => {
            let part = read_section_binary(&mut r.c)?;
            r.sp(Rule::MsgAtt)?;
            let size = number(&mut r.c)?;
            return Ok(M::BinarySize { part, size });
        }
        _ => {}
    }
    r.sp(Rule::MsgAtt)?;
    Ok(match name {
        b"UID" => M::Uid(nz_number(&mut r.c)?),
        b"FLAGS" => M::Flags(read_flags(r)?),
        b"RFC822.SIZE" => M::Rfc822Size(number64(&mut r.c)?),
        b"INTERNALDATE" => {
            let rest = r.c.rest();
            M::InternalDate(advance(r, DateTime::parse(rest))?)
        }
        b"ENVELOPE" => M::Envelope(Box::new(read_envelope(r)?)),
        b"BODY" => M::Body(Box::new(read_body(r, 0)?)),
        b"BODYSTRUCTURE" => M::BodyStructure(Box::new(read_body(r, 0)?)),
        b"RFC822" => M::Rfc822(nstring(r)?),
        b"RFC822.HEADER" => M::Rfc822Header(nstring(r)?),
        b"RFC822.TEXT" => M::Rfc822Text(nstring(r)?),
        b"MODSEQ" => {
            r.c.expect(b'(', Rule::ModSequence)?;
            let n = number64(&mut r.c)?;
            close(r, Rule::ModSequence)?;
            M::ModSeq(n)
        }
        b"EMAILID" => {
            r.c.expect(b'(', Rule::ObjectId)?;
            let id = ObjectId::read(&mut r.c)?;
            close(r, Rule::ObjectId)?;
            M::EmailId(id)
        }
        b"THREADID" => {
            if nil(r, Rule::ObjectId)? {
                M::ThreadId(None)
            } else {
                r.c.expect(b'(', Rule::ObjectId)?;
                let id = ObjectId::read(&mut r.c)?;
                close(r, Rule::ObjectId)?;
                M::ThreadId(Some(id))
            }
        }
        b"X-GM-MSGID" => M::GmailMsgId(number64(&mut r.c)?),
        b"X-GM-THRID" => M::GmailThrId(number64(&mut r.c)?),
        b"X-GM-LABELS" => M::GmailLabels(read_labels(r)?),
        _ => return Err(r.c.invalid_at(at, Rule::MsgAtt)),
    })
}

/// Reads `"(" [label *(SP label)] ")"`, a label being `"\" atom` or `astring`.
fn read_labels<'a>(r: &mut Reader<'a>) -> Result<Vec<AString<'a>>, ParseError> {
    r.c.expect(b'(', Rule::MsgAtt)?;
    let mut labels = Vec::new();
    r.skip_extra_spaces();
    if r.c.need()? == b')' {
        r.c.bump();
        return Ok(labels);
    }
    loop {
        if r.c.need()? == b'\\' {
            let start = r.c.pos;
            r.c.bump();
            let run = r.c.take_while(is_atom_char)?;
            if run.is_empty() {
                return Err(r.c.invalid_at(start, Rule::AString));
            }
            let all = r.c.input.get(start..r.c.pos).unwrap_or_default();
            labels.push(AString::new(all).map_err(|_| r.c.invalid_at(start, Rule::AString))?);
        } else {
            labels.push(r.astring()?);
        }
        if r.list_next(Rule::MsgAtt)? {
            return Ok(labels);
        }
    }
}

/// Writes `"(" msg-att *(SP msg-att) ")"`.
pub(crate) fn write_msg_atts(w: &mut Writer, items: &[MessageAttribute<'_>]) {
    w.push_raw(b"(");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            w.sp();
        }
        write_msg_att(w, item);
    }
    w.push_raw(b")");
}

fn write_msg_att(w: &mut Writer, item: &MessageAttribute<'_>) {
    use MessageAttribute as M;
    match item {
        M::Uid(n) => {
            w.push_raw(b"UID ");
            w.number(u64::from(n.get()));
        }
        M::Flags(flags) => {
            w.push_raw(b"FLAGS (");
            for (i, flag) in flags.iter().enumerate() {
                if i > 0 {
                    w.sp();
                }
                w.value(flag);
            }
            w.push_raw(b")");
        }
        M::Rfc822Size(n) => {
            w.push_raw(b"RFC822.SIZE ");
            w.number(*n);
        }
        M::InternalDate(d) => {
            w.push_raw(b"INTERNALDATE ");
            w.value(d);
        }
        M::Envelope(e) => {
            w.push_raw(b"ENVELOPE ");
            write_envelope(w, e);
        }
        M::Body(b) => {
            w.push_raw(b"BODY ");
            write_body(w, b);
        }
        M::BodyStructure(b) => {
            w.push_raw(b"BODYSTRUCTURE ");
            write_body(w, b);
        }
        M::BodySection {
            section,
            origin,
            data,
        } => {
            w.push_raw(b"BODY");
            w.value(section);
            write_origin(w, *origin);
            w.sp();
            w.value(data);
        }
        M::Binary { part, origin, data } => {
            w.push_raw(b"BINARY");
            write_part(w, part);
            write_origin(w, *origin);
            w.sp();
            match data {
                BinaryData::NString(s) => w.value(s),
                BinaryData::Literal8(l) => w.value(l),
            };
        }
        M::BinarySize { part, size } => {
            w.push_raw(b"BINARY.SIZE");
            write_part(w, part);
            w.sp();
            w.number(u64::from(*size));
        }
        M::Rfc822(s) => {
            w.push_raw(b"RFC822 ");
            w.value(s);
        }
        M::Rfc822Header(s) => {
            w.push_raw(b"RFC822.HEADER ");
            w.value(s);
        }
        M::Rfc822Text(s) => {
            w.push_raw(b"RFC822.TEXT ");
            w.value(s);
        }
        M::ModSeq(n) => {
            w.push_raw(b"MODSEQ (");
            w.number(*n);
            w.push_raw(b")");
        }
        M::EmailId(id) => {
            w.push_raw(b"EMAILID (");
            w.value(id);
            w.push_raw(b")");
        }
        M::ThreadId(id) => {
            w.push_raw(b"THREADID ");
            match id {
                Some(id) => {
                    w.push_raw(b"(");
                    w.value(id);
                    w.push_raw(b")");
                }
                None => w.push_raw(b"NIL"),
            }
        }
        M::GmailMsgId(n) => {
            w.push_raw(b"X-GM-MSGID ");
            w.number(*n);
        }
        M::GmailThrId(n) => {
            w.push_raw(b"X-GM-THRID ");
            w.number(*n);
        }
        M::GmailLabels(labels) => {
            w.push_raw(b"X-GM-LABELS (");
            for (i, l) in labels.iter().enumerate() {
                if i > 0 {
                    w.sp();
                }
                w.value(l);
            }
            w.push_raw(b")");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::response::Quirks;
    use crate::response::fetch::parse_msg_atts;

    #[test]
    fn common_names_only_before_sp() {
        assert_eq!(common_name(b"UID 7)"), Some(&b"UID"[..]));
        assert_eq!(common_name(b"BODYSTRUCTURE ("), Some(&b"BODYSTRUCTURE"[..]));
        assert_eq!(common_name(b"RFC822.SIZE 44"), Some(&b"RFC822.SIZE"[..]));
        // Longer names, sections, other case and the end of input go the general way.
        assert_eq!(common_name(b"UIDX 7"), None);
        assert_eq!(common_name(b"RFC822.SIZEX 7"), None);
        assert_eq!(common_name(b"RFC822 {3}"), None);
        assert_eq!(common_name(b"BODY[] NIL"), None);
        assert_eq!(common_name(b"uid 7"), None);
        assert_eq!(common_name(b"FLAGS"), None);
        assert_eq!(common_name(b""), None);
    }

    #[test]
    fn common_names_read_as_the_general_path_reads_them() {
        let upper = b"(UID 7 FLAGS (\\Seen) INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" RFC822.SIZE 44 ENVELOPE (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL) BODYSTRUCTURE (\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 44 2))\r\n";
        let lower = upper.to_ascii_lowercase();
        let (a, rest_a) = parse_msg_atts(upper, Quirks::STRICT).unwrap();
        let (b, rest_b) = parse_msg_atts(&lower, Quirks::STRICT).unwrap();
        assert_eq!(a.len(), 6);
        assert_eq!(rest_a, b"\r\n");
        assert_eq!(rest_b, b"\r\n");
        assert!(matches!(a[0], MessageAttribute::Uid(n) if n.get() == 7));
        assert!(matches!(a[3], MessageAttribute::Rfc822Size(44)));
        // Lower case changes the strings' text only, not which items are read.
        for (x, y) in a.iter().zip(b.iter()) {
            assert_eq!(std::mem::discriminant(x), std::mem::discriminant(y));
        }
        // A name that starts like a common one but is longer stays refused.
        assert!(parse_msg_atts(b"(UIDS 7)\r\n", Quirks::STRICT).is_err());
    }
}
