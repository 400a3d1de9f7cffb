//! Flag lists in responses: `FLAGS` data and the `PERMANENTFLAGS` code (RFC 3501 §7.2.6,
//! §7.1), with the deviations [`Quirks`](super::Quirks) may accept.

use crate::encode::{Encode, Writer};
use crate::error::{ParseError, Rule};
use crate::types::{Flag, FlagPerm};

use super::reader::Reader;

/// Whether `b` can be in a keyword some servers send (`]`, `%`, `*` included).
fn is_odd_keyword_char(b: u8) -> bool {
    b > b' ' && b < 0x7f && !matches!(b, b'(' | b')' | b'{' | b'"' | b'\\')
}

/// One item of a flag list: `Some(flag)`, `Some(\*)` when `perm`, or `None` for an item the
/// quirks accept but no [`Flag`] can hold (skipped).
fn read_item<'a>(r: &mut Reader<'a>, perm: bool) -> Result<Option<FlagPerm<'a>>, ParseError> {
    let start = r.c.pos;
    let rule = if perm { Rule::FlagPerm } else { Rule::Flag };
    if r.c.rest().starts_with(b"\\*") {
        r.c.pos += 2;
        if perm {
            return Ok(Some(FlagPerm::Asterisk));
        }
        if r.quirks.wildcard_in_flags {
            return Ok(None);
        }
        return Err(r.c.invalid_at(start, rule));
    }
    let flag = Flag::read(&mut r.c);
    let ends = matches!(r.c.peek(), Some(b' ' | b')'));
    match flag {
        Ok(flag) if ends => Ok(Some(FlagPerm::Flag(flag))),
        Err(e @ ParseError::Incomplete { .. }) => Err(e),
        _ if r.quirks.odd_flags => {
            r.c.pos = start;
            let run = r.c.take_while(is_odd_keyword_char)?;
            if run.is_empty() {
                return Err(r.c.invalid_at(start, rule));
            }
            Ok(None)
        }
        Ok(_) => Err(r.c.invalid(rule)),
        Err(_) => Err(r.c.invalid_at(start, rule)),
    }
}

/// Reads `"(" [item *(SP item)] ")"`, handing each item that a value can hold to `keep`.
fn read_list<'a>(
    r: &mut Reader<'a>,
    perm: bool,
    mut keep: impl FnMut(FlagPerm<'a>),
) -> Result<(), ParseError> {
    let rule = Rule::FlagList;
    r.c.expect(b'(', rule)?;
    r.skip_extra_spaces();
    if r.c.need()? == b')' {
        r.c.bump();
        return Ok(());
    }
    loop {
        if let Some(item) = read_item(r, perm)? {
            keep(item);
        }
        if r.list_next(rule)? {
            return Ok(());
        }
    }
}

/// Reads `"(" [flag-perm *(SP flag-perm)] ")"` (PERMANENTFLAGS).
pub(crate) fn read_flag_perms<'a>(r: &mut Reader<'a>) -> Result<Vec<FlagPerm<'a>>, ParseError> {
    let mut flags = Vec::new();
    read_list(r, true, |f| flags.push(f))?;
    Ok(flags)
}

/// Reads `flag-list = "(" [flag *(SP flag)] ")"` (FLAGS data) and FETCH's
/// `"(" [flag-fetch *(SP flag-fetch)] ")"`; `\Recent` included, as RFC 3501 servers send it.
pub(crate) fn read_flags<'a>(r: &mut Reader<'a>) -> Result<Vec<Flag<'a>>, ParseError> {
    let mut flags = Vec::new();
    read_list(r, false, |f| {
        if let FlagPerm::Flag(f) = f {
            flags.push(f);
        }
    })?;
    Ok(flags)
}

/// Writes `"(" [item *(SP item)] ")"`.
pub(crate) fn write_list<T: Encode>(w: &mut Writer, items: &[T]) {
    w.push_raw(b"(");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            w.sp();
        }
        item.encode(w);
    }
    w.push_raw(b")");
}
