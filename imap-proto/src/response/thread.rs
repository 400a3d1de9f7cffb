//! The `THREAD` response (RFC 5256 §4): threads of messages, nested.

use std::num::NonZeroU32;

use crate::encode::Writer;
use crate::error::{InvalidValue, ParseError, Rule};
use crate::types::number::nz_number;

use super::reader::Reader;

/// How deep `thread-list`s may nest in a response; deeper input is
/// [`ParseError::Invalid`] (rule `thread-data`), so an attacker cannot make the parser recurse
/// without bound.
pub const MAX_THREAD_DEPTH: usize = 64;

/// `thread-list = "(" (thread-members / thread-nested) ")"`, `thread-members = nz-number
/// *(SP nz-number) [SP thread-nested]`, `thread-nested = 2*thread-list` (RFC 5256 §4): a
/// chain of messages, each the parent of the next, then the branches below the last one.
///
/// ```
/// use imap_proto::response::Thread;
/// use std::num::NonZeroU32;
/// let n = |v| NonZeroU32::new(v).unwrap();
/// // (3 6 (4 23)(44 7 96))
/// let t = Thread::new(vec![n(3), n(6)], vec![
///     Thread::new(vec![n(4), n(23)], vec![]).unwrap(),
///     Thread::new(vec![n(44), n(7), n(96)], vec![]).unwrap(),
/// ]).unwrap();
/// assert_eq!(t.members().len(), 2);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Thread {
    members: Vec<NonZeroU32>,
    children: Vec<Thread>,
}

impl Thread {
    /// A thread.
    ///
    /// # Errors
    /// [`InvalidValue`] (rule `thread-data`) when there is exactly one child (it would be
    /// members), or no members and fewer than two children.
    pub fn new(members: Vec<NonZeroU32>, children: Vec<Thread>) -> Result<Self, InvalidValue> {
        if children.len() == 1 || (members.is_empty() && children.len() < 2) {
            return Err(InvalidValue {
                rule: Rule::ThreadData,
                offset: 0,
            });
        }
        Ok(Self { members, children })
    }

    /// The chain of messages.
    pub fn members(&self) -> &[NonZeroU32] {
        &self.members
    }

    /// The branches below the last member (none, or two or more).
    pub fn children(&self) -> &[Thread] {
        &self.children
    }

    /// Reads one `thread-list` at nesting `depth`.
    pub(crate) fn read(r: &mut Reader<'_>, depth: usize) -> Result<Self, ParseError> {
        let rule = Rule::ThreadData;
        if depth >= MAX_THREAD_DEPTH {
            return Err(r.c.invalid(rule));
        }
        let open = r.c.pos;
        r.c.expect(b'(', rule)?;
        let mut members = Vec::new();
        let mut children = Vec::new();
        loop {
            match r.c.need()? {
                b'(' => children.push(Thread::read(r, depth + 1)?),
                b')' => break,
                b' ' if !children.is_empty() && r.quirks.extra_spaces => r.c.bump(),
                _ if children.is_empty() => {
                    if !members.is_empty() {
                        r.sp(rule)?;
                        if r.c.need()? == b'(' {
                            continue;
                        }
                    }
                    members.push(nz_number(&mut r.c)?);
                }
                _ => return Err(r.c.invalid(rule)),
            }
        }
        r.c.bump();
        Thread::new(members, children).map_err(|_| r.c.invalid_at(open, rule))
    }

    /// Writes the `thread-list`.
    pub(crate) fn write(&self, w: &mut Writer) {
        w.push_raw(b"(");
        for (i, n) in self.members.iter().enumerate() {
            if i > 0 {
                w.sp();
            }
            w.number(u64::from(n.get()));
        }
        if !self.members.is_empty() && !self.children.is_empty() {
            w.sp();
        }
        for child in &self.children {
            child.write(w);
        }
        w.push_raw(b")");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::response::Quirks;

    fn read(wire: &[u8]) -> Result<Thread, ParseError> {
        Thread::read(&mut Reader::new(wire, Quirks::STRICT), 0)
    }

    #[test]
    fn shapes() {
        let t = read(b"(3 6 (4 23)(44 7 96)) ").unwrap();
        assert_eq!(t.members().len(), 2);
        assert_eq!(t.children().len(), 2);
        let mut w = Writer::default();
        t.write(&mut w);
        assert_eq!(w.bytes(), b"(3 6 (4 23)(44 7 96))");
        // One nested list is not `thread-nested` (2*thread-list); nor is an empty list.
        assert!(read(b"(1 (2)) ").is_err());
        assert!(read(b"() ").is_err());
        assert!(read(b"((1)) ").is_err());
        // Members after a nested list.
        assert!(read(b"((1)(2) 3) ").is_err());
        assert!(read(b"(1 0) ").is_err());
        assert!(read(b"(1 2").unwrap_err().is_incomplete());
    }

    #[test]
    fn depth_is_bounded() {
        let mut wire = Vec::new();
        for _ in 0..MAX_THREAD_DEPTH {
            wire.extend_from_slice(b"((1)");
        }
        wire.extend_from_slice(b"(2)");
        wire.extend(std::iter::repeat_n(b')', MAX_THREAD_DEPTH));
        assert!(matches!(read(&wire), Err(ParseError::Invalid { .. })));
    }
}
