//! Values of the OBJECTID extension (RFC 8474) and of Gmail's `X-GM-EXT-1` (no RFC: Google's
//! "IMAP Extensions" page) that commands carry: object identifiers and Gmail labels.

use std::borrow::Cow;

use crate::chars::is_atom_char;
use crate::cursor::Cursor;
use crate::encode::{Encode, Writer};
use crate::error::{InvalidValue, ParseError, Rule};
use crate::types::AString;

use super::parse::sp;

/// The longest `objectid` (RFC 8474 §7: `1*255(ALPHA / DIGIT / "_" / "-")`).
pub const MAX_OBJECT_ID: usize = 255;

fn is_object_id_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// `objectid = 1*255(ALPHA / DIGIT / "_" / "-")` (RFC 8474 §7): an `EMAILID`, `THREADID` or
/// `MAILBOXID` value, checked at construction.
///
/// ```
/// use imap_proto::command::ObjectId;
/// assert_eq!(ObjectId::new("M6d99ac3275bb4e").unwrap().as_str(), "M6d99ac3275bb4e");
/// assert!(ObjectId::new("a b").is_err());
/// assert!(ObjectId::new("").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ObjectId<'a>(Cow<'a, str>);

impl<'a> ObjectId<'a> {
    /// An object id.
    ///
    /// # Errors
    /// [`InvalidValue`] (rule `objectid`) at the first octet outside the grammar, or at 0
    /// when it is empty, or at 255 when it is longer.
    pub fn new(text: impl Into<Cow<'a, str>>) -> Result<Self, InvalidValue> {
        let text = text.into();
        let err = |offset| InvalidValue {
            rule: Rule::ObjectId,
            offset,
        };
        if let Some(bad) = text.bytes().position(|b| !is_object_id_char(b)) {
            return Err(err(bad));
        }
        match text.len() {
            0 => Err(err(0)),
            n if n > MAX_OBJECT_ID => Err(err(MAX_OBJECT_ID)),
            _ => Ok(Self(text)),
        }
    }

    /// The id.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The same id, owned.
    pub fn into_owned(self) -> ObjectId<'static> {
        ObjectId(Cow::Owned(self.0.into_owned()))
    }

    pub(crate) fn read(c: &mut Cursor<'a>) -> Result<Self, ParseError> {
        let start = c.pos;
        let run = c.take_while(is_object_id_char)?;
        if run.is_empty() || run.len() > MAX_OBJECT_ID {
            return Err(c.invalid_at(start + run.len().min(MAX_OBJECT_ID), Rule::ObjectId));
        }
        // Only ASCII was taken.
        let text = std::str::from_utf8(run).map_err(|_| c.invalid_at(start, Rule::ObjectId))?;
        Ok(Self(Cow::Borrowed(text)))
    }
}

impl Encode for ObjectId<'_> {
    fn encode(&self, w: &mut Writer) {
        w.push_raw(self.0.as_bytes());
    }
}

/// A Gmail label (`X-GM-EXT-1`): an `astring`, or a system label written `\` + atom
/// (`\Inbox`, `\Important`), kept with its backslash. Written as an atom when it is one, else
/// as a string (`"\\Inbox"`, which Gmail reads as the same label).
pub type GmailLabel<'a> = AString<'a>;

/// Reads one label: `"\" atom` or `astring`.
pub(crate) fn read_label<'a>(c: &mut Cursor<'a>) -> Result<GmailLabel<'a>, ParseError> {
    if c.need()? != b'\\' {
        return AString::read(c);
    }
    let start = c.pos;
    c.bump();
    let run = c.take_while(is_atom_char)?;
    if run.is_empty() {
        return Err(c.invalid_at(start, Rule::AString));
    }
    let all = c.input.get(start..c.pos).unwrap_or_default();
    AString::new(all).map_err(|_| c.invalid_at(start, Rule::AString))
}

/// Reads `"(" [label *(SP label)] ")"` or a single label.
pub(crate) fn read_labels<'a>(c: &mut Cursor<'a>) -> Result<Vec<GmailLabel<'a>>, ParseError> {
    let mut labels = Vec::new();
    if c.need()? != b'(' {
        labels.push(read_label(c)?);
        return Ok(labels);
    }
    c.bump();
    if c.need()? != b')' {
        loop {
            labels.push(read_label(c)?);
            if c.need()? == b')' {
                break;
            }
            sp(c)?;
        }
    }
    c.bump();
    Ok(labels)
}

/// `"(" [label *(SP label)] ")"`.
pub(crate) fn write_labels(w: &mut Writer, labels: &[GmailLabel<'_>]) {
    w.push_raw(b"(");
    for (i, l) in labels.iter().enumerate() {
        if i > 0 {
            w.sp();
        }
        w.value(l);
    }
    w.push_raw(b")");
}
