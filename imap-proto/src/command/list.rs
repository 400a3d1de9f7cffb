//! LIST with the LIST-EXTENDED options (RFC 5258 §6, RFC 9051 §6.3.9): selection options,
//! several patterns, return options with `SPECIAL-USE` (RFC 6154) and `STATUS` (LIST-STATUS,
//! RFC 5819); and LSUB's arguments.

use std::borrow::Cow;

use crate::chars::is_list_char;
use crate::cursor::Cursor;
use crate::encode::{Encode, Writer};
use crate::error::{ParseError, Rule};
use crate::types::{IString, Mailbox, NonEmpty};

use super::CommandBody;
use super::args::{ListMailbox, StatusAttribute};
use super::parse::{sp, status_att, word_of};

/// `list-select-option` (RFC 5258 §6; `SPECIAL-USE` RFC 6154 §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ListSelectOption {
    /// `SUBSCRIBED`: subscribed mailboxes only.
    Subscribed,
    /// `REMOTE`: remote mailboxes too.
    Remote,
    /// `RECURSIVEMATCH`: report parents of matching children.
    RecursiveMatch,
    /// `SPECIAL-USE`: mailboxes with a special use only.
    SpecialUse,
}

/// `return-option` (RFC 5258 §6; `SPECIAL-USE` RFC 6154 §6; `STATUS` RFC 5819 §4).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ListReturnOption {
    /// `SUBSCRIBED`.
    Subscribed,
    /// `CHILDREN`.
    Children,
    /// `SPECIAL-USE`.
    SpecialUse,
    /// `"STATUS" SP "(" status-att *(SP status-att) ")"`.
    Status(NonEmpty<StatusAttribute>),
}

/// `list-mailbox = 1*list-char / string`.
pub(super) fn list_mailbox<'a>(c: &mut Cursor<'a>) -> Result<ListMailbox<'a>, ParseError> {
    let pattern = match c.need()? {
        b'"' | b'{' => IString::read(c)?,
        _ => {
            let start = c.pos;
            let run = c.take_while(is_list_char)?;
            if run.is_empty() {
                return Err(c.invalid_at(start, Rule::ListMailbox));
            }
            IString::new(Cow::Borrowed(run)).map_err(|_| c.invalid_at(start, Rule::ListMailbox))?
        }
    };
    Ok(ListMailbox::from_string(pattern))
}

fn keyword(c: &mut Cursor<'_>, rule: Rule) -> Result<super::parse::Word, ParseError> {
    word_of(c, |b| b.is_ascii_alphanumeric() || b == b'-', rule)
}

/// `"(" [x *(SP x)] ")"`.
fn options<T>(
    c: &mut Cursor<'_>,
    rule: Rule,
    mut each: impl FnMut(&mut Cursor<'_>) -> Result<T, ParseError>,
) -> Result<Vec<T>, ParseError> {
    c.expect(b'(', rule)?;
    let mut out = Vec::new();
    if c.need()? != b')' {
        out.push(each(c)?);
        while c.need()? != b')' {
            sp(c)?;
            out.push(each(c)?);
        }
    }
    c.bump();
    Ok(out)
}

/// `list = "LIST" [SP list-select-opts] SP mailbox SP mbox-or-pat [SP list-return-opts]`
/// (RFC 5258 §6), after `LIST`.
pub(super) fn read_list<'a>(c: &mut Cursor<'a>) -> Result<CommandBody<'a>, ParseError> {
    sp(c)?;
    let mut selection = None;
    if c.need()? == b'(' {
        selection = Some(options(c, Rule::ListSelectOpt, |c| {
            let at = c.pos;
            Ok(match keyword(c, Rule::ListSelectOpt)?.get() {
                b"SUBSCRIBED" => ListSelectOption::Subscribed,
                b"REMOTE" => ListSelectOption::Remote,
                b"RECURSIVEMATCH" => ListSelectOption::RecursiveMatch,
                b"SPECIAL-USE" => ListSelectOption::SpecialUse,
                _ => return Err(c.invalid_at(at, Rule::ListSelectOpt)),
            })
        })?);
        sp(c)?;
    }
    let reference = Mailbox::read(c)?;
    sp(c)?;
    let patterns = if c.need()? == b'(' {
        c.bump();
        let mut patterns = NonEmpty::one(list_mailbox(c)?);
        while c.need()? != b')' {
            sp(c)?;
            patterns.push(list_mailbox(c)?);
        }
        c.bump();
        patterns
    } else {
        NonEmpty::one(list_mailbox(c)?)
    };
    let mut return_options = None;
    if c.peek() == Some(b' ') {
        c.bump();
        c.expect_word(b"RETURN ", Rule::ListReturnOpt)?;
        return_options = Some(options(c, Rule::ListReturnOpt, |c| {
            let at = c.pos;
            Ok(match keyword(c, Rule::ListReturnOpt)?.get() {
                b"SUBSCRIBED" => ListReturnOption::Subscribed,
                b"CHILDREN" => ListReturnOption::Children,
                b"SPECIAL-USE" => ListReturnOption::SpecialUse,
                b"STATUS" => {
                    sp(c)?;
                    c.expect(b'(', Rule::StatusAtt)?;
                    let mut attributes = NonEmpty::one(status_att(c)?);
                    while c.need()? != b')' {
                        sp(c)?;
                        attributes.push(status_att(c)?);
                    }
                    c.bump();
                    ListReturnOption::Status(attributes)
                }
                _ => return Err(c.invalid_at(at, Rule::ListReturnOpt)),
            })
        })?);
    }
    Ok(CommandBody::List {
        selection,
        reference,
        patterns,
        return_options,
    })
}

fn parenthesized<T>(w: &mut Writer, items: &[T], mut each: impl FnMut(&mut Writer, &T)) {
    w.push_raw(b"(");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            w.sp();
        }
        each(w, item);
    }
    w.push_raw(b")");
}

/// Writes LIST's arguments (after `LIST`).
pub(super) fn write_list(
    w: &mut Writer,
    selection: Option<&[ListSelectOption]>,
    reference: &Mailbox<'_>,
    patterns: &[ListMailbox<'_>],
    return_options: Option<&[ListReturnOption]>,
) {
    if let Some(selection) = selection {
        w.sp();
        parenthesized(w, selection, |w, o| {
            w.push_raw(match o {
                ListSelectOption::Subscribed => b"SUBSCRIBED",
                ListSelectOption::Remote => b"REMOTE",
                ListSelectOption::RecursiveMatch => b"RECURSIVEMATCH",
                ListSelectOption::SpecialUse => b"SPECIAL-USE",
            });
        });
    }
    w.sp().value(reference).sp();
    match patterns {
        [one] => one.encode(w),
        many => parenthesized(w, many, |w, p| {
            w.value(p);
        }),
    }
    if let Some(options) = return_options {
        w.push_raw(b" RETURN ");
        parenthesized(w, options, |w, o| match o {
            ListReturnOption::Subscribed => w.push_raw(b"SUBSCRIBED"),
            ListReturnOption::Children => w.push_raw(b"CHILDREN"),
            ListReturnOption::SpecialUse => w.push_raw(b"SPECIAL-USE"),
            ListReturnOption::Status(attributes) => {
                w.push_raw(b"STATUS ");
                parenthesized(w, attributes, |w, a| {
                    w.value(a);
                });
            }
        });
    }
}
