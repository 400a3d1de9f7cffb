//! `atom` and `tag` (RFC 3501 §9, RFC 9051 §9): runs of visible ASCII without the specials.

use std::borrow::Cow;
use std::fmt;

use crate::chars::{is_atom_char, is_tag_char};
use crate::cursor::Cursor;
use crate::encode::{Encode, Writer};
use crate::error::{InvalidValue, ParseError, Rule};

/// Checks that `text` is `1*<char>` for the class `ok`: the offset of the first bad byte.
fn check(text: &str, ok: impl Fn(u8) -> bool, rule: Rule) -> Result<(), InvalidValue> {
    match text.bytes().position(|b| !ok(b)) {
        Some(offset) => Err(InvalidValue { rule, offset }),
        None if text.is_empty() => Err(InvalidValue { rule, offset: 0 }),
        None => Ok(()),
    }
}

/// Reads `1*<char>` of the class `ok` (ASCII by construction, so it is a `str`).
fn read<'a>(
    c: &mut Cursor<'a>,
    ok: impl Fn(u8) -> bool,
    rule: Rule,
) -> Result<&'a str, ParseError> {
    let start = c.pos;
    let run = c.take_while(ok)?;
    if run.is_empty() {
        return Err(c.invalid_at(start, rule));
    }
    std::str::from_utf8(run).map_err(|_| c.invalid_at(start, rule))
}

/// `atom = 1*ATOM-CHAR`: visible ASCII without `( ) { SP % * " \ ]` (RFC 3501 §9).
///
/// ```
/// use imap_proto::types::Atom;
/// let (atom, rest) = Atom::parse(b"FLAGS (").unwrap();
/// assert_eq!((atom.as_str(), rest), ("FLAGS", &b" ("[..]));
/// assert!(Atom::new("two words").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Atom<'a>(Cow<'a, str>);

impl<'a> Atom<'a> {
    /// An atom.
    ///
    /// # Errors
    /// [`InvalidValue`] at the first byte that is not an `ATOM-CHAR`, or at 0 when empty.
    pub fn new(text: impl Into<Cow<'a, str>>) -> Result<Self, InvalidValue> {
        let text = text.into();
        check(&text, is_atom_char, Rule::Atom)?;
        Ok(Self(text))
    }

    /// Reads an atom at the start of `input`; returns it and the rest.
    ///
    /// # Errors
    /// [`ParseError::Incomplete`] when the atom runs to the end of `input` (it may go on);
    /// [`ParseError::Invalid`] when `input` does not start with an `ATOM-CHAR`.
    pub fn parse(input: &'a [u8]) -> Result<(Self, &'a [u8]), ParseError> {
        let mut c = Cursor::new(input);
        let atom = Self::read(&mut c)?;
        Ok((atom, c.rest()))
    }

    pub(crate) fn read(c: &mut Cursor<'a>) -> Result<Self, ParseError> {
        read(c, is_atom_char, Rule::Atom).map(|s| Self(Cow::Borrowed(s)))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The same atom, owning its text.
    pub fn into_owned(self) -> Atom<'static> {
        Atom(Cow::Owned(self.0.into_owned()))
    }
}

impl fmt::Display for Atom<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Encode for Atom<'_> {
    fn encode(&self, w: &mut Writer) {
        w.push_raw(self.0.as_bytes());
    }
}

/// `tag = 1*<any ASTRING-CHAR except "+">` (RFC 3501 §2.2.1, §9): the client's label of a
/// command, echoed in the server's tagged completion.
///
/// ```
/// use imap_proto::types::Tag;
/// let (tag, rest) = Tag::parse(b"a001 LOGIN").unwrap();
/// assert_eq!((tag.as_str(), rest), ("a001", &b" LOGIN"[..]));
/// assert!(Tag::new("+").is_err() && Tag::new("*").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Tag<'a>(Cow<'a, str>);

impl<'a> Tag<'a> {
    /// A tag.
    ///
    /// # Errors
    /// [`InvalidValue`] at the first byte that cannot be in a tag (a space, `+`, `*`, `(`,
    /// a control character, …), or at 0 when empty.
    pub fn new(text: impl Into<Cow<'a, str>>) -> Result<Self, InvalidValue> {
        let text = text.into();
        check(&text, is_tag_char, Rule::Tag)?;
        Ok(Self(text))
    }

    /// Reads a tag at the start of `input`; returns it and the rest.
    ///
    /// # Errors
    /// As [`Atom::parse`], for the tag's characters.
    pub fn parse(input: &'a [u8]) -> Result<(Self, &'a [u8]), ParseError> {
        let mut c = Cursor::new(input);
        let tag = read(&mut c, is_tag_char, Rule::Tag)?;
        Ok((Self(Cow::Borrowed(tag)), c.rest()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The same tag, owning its text.
    pub fn into_owned(self) -> Tag<'static> {
        Tag(Cow::Owned(self.0.into_owned()))
    }
}

impl fmt::Display for Tag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Encode for Tag<'_> {
    fn encode(&self, w: &mut Writer) {
        w.push_raw(self.0.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atoms() {
        assert_eq!(Atom::parse(b"ALL)").unwrap().0.as_str(), "ALL");
        assert_eq!(
            Atom::parse(b"abc"),
            Err(ParseError::Incomplete { needed: 1 })
        );
        assert_eq!(
            Atom::parse(b"(x"),
            Err(ParseError::Invalid {
                rule: Rule::Atom,
                offset: 0
            })
        );
        assert_eq!(
            Atom::new("a]b"),
            Err(InvalidValue {
                rule: Rule::Atom,
                offset: 1
            })
        );
        assert_eq!(Atom::new("").unwrap_err().offset, 0);
        assert!(Atom::new("a\r\n").is_err());
        assert!(Atom::new("é").is_err());
        assert_eq!(Atom::new("x").unwrap().into_owned().to_string(), "x");
    }

    #[test]
    fn tags() {
        // RFC 3501 §8 uses tags like these.
        for t in ["a001", "A142", "abcd", "a]b", "~1"] {
            assert_eq!(Tag::new(t).unwrap().as_str(), t);
            let wire = format!("{t} NOOP");
            assert_eq!(Tag::parse(wire.as_bytes()).unwrap().0.as_str(), t);
        }
        assert_eq!(Tag::parse(b"a+b ").unwrap().0.as_str(), "a");
        assert_eq!(Tag::new("a+").unwrap_err().offset, 1);
        assert!(Tag::parse(b"* OK").is_err());
    }
}
