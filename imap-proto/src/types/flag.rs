//! Message flags (RFC 3501 §2.3.2, §9; RFC 9051 §2.3.2): system flags, keywords, extension
//! flags, and `\*` in PERMANENTFLAGS.

use std::fmt;

use crate::cursor::Cursor;
use crate::encode::{Encode, Writer};
use crate::error::{InvalidValue, ParseError, Rule};
use crate::types::atom::Atom;

/// The system flags, as written (`\` + name; matched without case).
const SYSTEM: [(&str, Flag<'static>); 6] = [
    ("Answered", Flag::Answered),
    ("Flagged", Flag::Flagged),
    ("Deleted", Flag::Deleted),
    ("Seen", Flag::Seen),
    ("Draft", Flag::Draft),
    ("Recent", Flag::Recent),
];

/// `flag-extension = "\" atom` that is not a system flag: a future standard's flag, which
/// clients "MUST accept" (RFC 9051 §9).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FlagExtension<'a>(Atom<'a>);

impl<'a> FlagExtension<'a> {
    /// An extension flag named `atom` (written `\atom`).
    ///
    /// # Errors
    /// [`InvalidValue`] when `atom` names a system flag (in any case): those are
    /// [`Flag`]'s own variants.
    pub fn new(atom: Atom<'a>) -> Result<Self, InvalidValue> {
        if SYSTEM
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case(atom.as_str()))
        {
            return Err(InvalidValue {
                rule: Rule::Flag,
                offset: 0,
            });
        }
        Ok(Self(atom))
    }

    /// The name, without the `\`.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

/// A message flag: `flag` (RFC 9051 §9) and `flag-fetch`'s `\Recent` (RFC 3501 §2.3.2;
/// deprecated by RFC 9051, still sent by `IMAP4rev1` servers in FETCH and FLAGS).
///
/// System flags are matched without case and written in the RFC's capitalisation. Keywords
/// (`flag-keyword = atom`, e.g. `$Forwarded`) keep their octets.
///
/// ```
/// use imap_proto::encode::Encode;
/// use imap_proto::types::Flag;
/// assert_eq!(Flag::parse(b"\\SEEN)").unwrap().0, Flag::Seen);
/// assert_eq!(Flag::Seen.to_wire(), b"\\Seen");
/// assert_eq!(Flag::parse(b"$Forwarded ").unwrap().0.to_wire(), b"$Forwarded");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Flag<'a> {
    /// `\Answered`.
    Answered,
    /// `\Flagged`.
    Flagged,
    /// `\Deleted`.
    Deleted,
    /// `\Seen`.
    Seen,
    /// `\Draft`.
    Draft,
    /// `\Recent` (session flag; a client cannot set it, RFC 3501 §2.3.2).
    Recent,
    /// A keyword (`flag-keyword = atom`).
    Keyword(Atom<'a>),
    /// Another `\atom`.
    Extension(FlagExtension<'a>),
}

impl<'a> Flag<'a> {
    /// Reads a flag at the start of `input`; returns it and the rest.
    ///
    /// # Errors
    /// [`ParseError::Incomplete`] when the name runs to the end of `input`;
    /// [`ParseError::Invalid`] when there is no atom (`\*` is a [`FlagPerm`]).
    pub fn parse(input: &'a [u8]) -> Result<(Self, &'a [u8]), ParseError> {
        let mut c = Cursor::new(input);
        let f = Self::read(&mut c)?;
        Ok((f, c.rest()))
    }

    pub(crate) fn read(c: &mut Cursor<'a>) -> Result<Self, ParseError> {
        let backslash = c.need()? == b'\\';
        if backslash {
            c.bump();
        }
        let start = c.pos;
        let atom = Atom::read(c).map_err(|e| match e {
            ParseError::Invalid { .. } => c.invalid_at(start, Rule::Flag),
            other => other,
        })?;
        if !backslash {
            return Ok(Flag::Keyword(atom));
        }
        Ok(SYSTEM
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(atom.as_str()))
            .map_or_else(|| Flag::Extension(FlagExtension(atom)), |(_, f)| f.clone()))
    }

    /// The same flag, owning its name.
    pub fn into_owned(self) -> Flag<'static> {
        match self {
            Flag::Answered => Flag::Answered,
            Flag::Flagged => Flag::Flagged,
            Flag::Deleted => Flag::Deleted,
            Flag::Seen => Flag::Seen,
            Flag::Draft => Flag::Draft,
            Flag::Recent => Flag::Recent,
            Flag::Keyword(a) => Flag::Keyword(a.into_owned()),
            Flag::Extension(FlagExtension(a)) => Flag::Extension(FlagExtension(a.into_owned())),
        }
    }
}

impl Encode for Flag<'_> {
    fn encode(&self, w: &mut Writer) {
        let system = |w: &mut Writer, name: &str| {
            w.push_raw(b"\\");
            w.push_raw(name.as_bytes());
        };
        match self {
            Flag::Keyword(a) => a.encode(w),
            Flag::Extension(FlagExtension(a)) => system(w, a.as_str()),
            other => {
                let name = SYSTEM
                    .iter()
                    .find(|(_, f)| f == other)
                    .map_or("", |(n, _)| n);
                system(w, name);
            }
        }
    }
}

impl fmt::Display for Flag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&String::from_utf8_lossy(&self.to_wire()))
    }
}

/// `flag-perm = flag / "\*"` (RFC 3501 §9): in `PERMANENTFLAGS`, `\*` says new keywords can
/// be created.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FlagPerm<'a> {
    /// A flag that can be changed permanently.
    Flag(Flag<'a>),
    /// `\*`.
    Asterisk,
}

impl<'a> FlagPerm<'a> {
    /// Reads a `flag-perm` at the start of `input`; returns it and the rest.
    ///
    /// # Errors
    /// As [`Flag::parse`].
    pub fn parse(input: &'a [u8]) -> Result<(Self, &'a [u8]), ParseError> {
        if input.starts_with(b"\\*") {
            return Ok((FlagPerm::Asterisk, input.get(2..).unwrap_or_default()));
        }
        if input == b"\\" {
            return Err(ParseError::Incomplete { needed: 1 });
        }
        Flag::parse(input)
            .map(|(f, rest)| (FlagPerm::Flag(f), rest))
            .map_err(|e| match e {
                ParseError::Invalid { offset, .. } => ParseError::Invalid {
                    rule: Rule::FlagPerm,
                    offset,
                },
                other => other,
            })
    }

    /// The same value, owning its name.
    pub fn into_owned(self) -> FlagPerm<'static> {
        match self {
            FlagPerm::Flag(f) => FlagPerm::Flag(f.into_owned()),
            FlagPerm::Asterisk => FlagPerm::Asterisk,
        }
    }
}

impl Encode for FlagPerm<'_> {
    fn encode(&self, w: &mut Writer) {
        match self {
            FlagPerm::Flag(f) => f.encode(w),
            FlagPerm::Asterisk => w.push_raw(b"\\*"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags() {
        // RFC 3501 §7.2.6 example: "* FLAGS (\Answered \Flagged \Deleted \Seen \Draft)".
        let mut rest: &[u8] = br"\Answered \Flagged \Deleted \Seen \Draft)";
        let mut got = Vec::new();
        loop {
            let (f, r) = Flag::parse(rest).unwrap();
            got.push(f);
            if r[0] == b')' {
                break;
            }
            rest = &r[1..];
        }
        assert_eq!(
            got,
            [
                Flag::Answered,
                Flag::Flagged,
                Flag::Deleted,
                Flag::Seen,
                Flag::Draft
            ]
        );
        assert_eq!(Flag::parse(b"\\recent ").unwrap().0, Flag::Recent);
        let (ext, _) = Flag::parse(b"\\Important ").unwrap();
        assert_eq!(ext.to_wire(), b"\\Important");
        assert!(matches!(ext, Flag::Extension(ref e) if e.as_str() == "Important"));
        assert!(FlagExtension::new(Atom::new("SEEN").unwrap()).is_err());
        assert!(Flag::parse(b"\\Seen").unwrap_err().is_incomplete());
        assert_eq!(
            Flag::parse(b"\\*"),
            Err(ParseError::Invalid {
                rule: Rule::Flag,
                offset: 1
            })
        );
        assert!(Flag::parse(b"(").is_err());
    }

    #[test]
    fn flag_perm() {
        // RFC 3501 §6.3.1 example: "[PERMANENTFLAGS (\Deleted \Seen \*)]".
        assert_eq!(
            FlagPerm::parse(b"\\*)").unwrap(),
            (FlagPerm::Asterisk, &b")"[..])
        );
        assert_eq!(
            FlagPerm::parse(b"\\Deleted ").unwrap().0,
            FlagPerm::Flag(Flag::Deleted)
        );
        assert_eq!(FlagPerm::Asterisk.to_wire(), b"\\*");
        assert!(FlagPerm::parse(b"\\").unwrap_err().is_incomplete());
    }
}
