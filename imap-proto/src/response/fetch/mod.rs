//! FETCH response data: `msg-att` (RFC 3501 §7.4.2, RFC 9051 §7.5.2).

use std::num::NonZeroU32;

use crate::encode::Writer;
use crate::error::{ParseError, Rule};
use crate::types::number::{number, nz_number};
use crate::types::{Flag, NonEmpty};

use super::reader::Reader;

/// One data item of a FETCH response (`msg-att-dynamic` / `msg-att-static`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum MessageAttribute<'a> {
    /// `"UID" SP uniqueid` (RFC 3501 §7.4.2).
    Uid(NonZeroU32),
    /// `"RFC822.SIZE" SP number` (RFC 3501 §7.4.2; `number64` in RFC 9051).
    Rfc822Size(u32),
    /// `"FLAGS" SP "(" [flag-fetch *(SP flag-fetch)] ")"` (RFC 3501 §7.4.2).
    Flags(Vec<Flag<'a>>),
}

impl MessageAttribute<'_> {
    /// The same item, owning everything it borrowed.
    pub fn into_owned(self) -> MessageAttribute<'static> {
        match self {
            MessageAttribute::Uid(n) => MessageAttribute::Uid(n),
            MessageAttribute::Rfc822Size(n) => MessageAttribute::Rfc822Size(n),
            MessageAttribute::Flags(flags) => {
                MessageAttribute::Flags(flags.into_iter().map(Flag::into_owned).collect())
            }
        }
    }
}

/// Reads `"(" msg-att *(SP msg-att) ")"` (the part of `message-data` after `"FETCH" SP`).
pub(crate) fn read_msg_atts<'a>(
    r: &mut Reader<'a>,
) -> Result<NonEmpty<MessageAttribute<'a>>, ParseError> {
    r.c.expect(b'(', Rule::MsgAtt)?;
    let mut items = Vec::new();
    loop {
        items.push(read_msg_att(r)?);
        r.skip_extra_spaces();
        if r.c.need()? == b')' {
            r.c.bump();
            break;
        }
        r.sp(Rule::MsgAtt)?;
    }
    NonEmpty::new(items).ok_or_else(|| r.c.invalid(Rule::MsgAtt))
}

fn read_msg_att<'a>(r: &mut Reader<'a>) -> Result<MessageAttribute<'a>, ParseError> {
    match r.c.need()? {
        b'U' | b'u' => {
            r.c.expect_word(b"UID", Rule::MsgAtt)?;
            r.sp(Rule::MsgAtt)?;
            nz_number(&mut r.c).map(MessageAttribute::Uid)
        }
        b'F' | b'f' => {
            r.c.expect_word(b"FLAGS", Rule::MsgAtt)?;
            r.sp(Rule::MsgAtt)?;
            read_flags(r).map(MessageAttribute::Flags)
        }
        b'R' | b'r' => {
            r.c.expect_word(b"RFC822.SIZE", Rule::MsgAtt)?;
            r.sp(Rule::MsgAtt)?;
            number(&mut r.c).map(MessageAttribute::Rfc822Size)
        }
        _ => Err(r.c.invalid(Rule::MsgAtt)),
    }
}

/// Reads `"(" [flag *(SP flag)] ")"`.
fn read_flags<'a>(r: &mut Reader<'a>) -> Result<Vec<Flag<'a>>, ParseError> {
    r.c.expect(b'(', Rule::FlagList)?;
    let mut flags = Vec::new();
    r.skip_extra_spaces();
    while r.c.need()? != b')' {
        if !flags.is_empty() {
            r.sp(Rule::FlagList)?;
            r.skip_extra_spaces();
            if r.c.need()? == b')' {
                break;
            }
        }
        flags.push(Flag::read(&mut r.c)?);
    }
    r.c.bump();
    Ok(flags)
}

/// Writes `"(" msg-att *(SP msg-att) ")"`.
pub(crate) fn write_msg_atts(w: &mut Writer, items: &[MessageAttribute<'_>]) {
    w.push_raw(b"(");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            w.sp();
        }
        match item {
            MessageAttribute::Uid(n) => {
                w.push_raw(b"UID ");
                w.number(u64::from(n.get()));
            }
            MessageAttribute::Rfc822Size(n) => {
                w.push_raw(b"RFC822.SIZE ");
                w.number(u64::from(*n));
            }
            MessageAttribute::Flags(flags) => {
                w.push_raw(b"FLAGS (");
                for (i, flag) in flags.iter().enumerate() {
                    if i > 0 {
                        w.sp();
                    }
                    w.value(flag);
                }
                w.push_raw(b")");
            }
        }
    }
    w.push_raw(b")");
}
