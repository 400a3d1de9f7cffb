//! Writing one header field with folding (RFC 5322 §2.1.1, §2.2.3).
//!
//! A field body is written as a sequence of *units* (bytes that must stay on one line: a word,
//! an angle address, a parameter, an encoded word), each preceded by the white space that may
//! separate it from the previous one. Folding inserts a CRLF *before* that white space and
//! never anywhere else, so unfolding (removing the CRLFs) gives back exactly the value that was
//! meant. Lines are kept to 78 octets where possible (RFC 5322 §2.1.1 SHOULD), lines holding an
//! encoded word to 76 (RFC 2047 §2); a single unit longer than that goes on a line of its own,
//! and callers never hand over a unit that would make a line exceed 998 octets (the MUST of
//! §2.1.1).

use super::error::{BuildError, Component};

/// The line length RFC 5322 §2.1.1 says lines SHOULD keep to (CRLF excluded).
pub(crate) const SOFT_LIMIT: usize = 78;
/// The length RFC 2047 §2 allows for a header line holding an encoded word.
pub(crate) const ENCODED_LIMIT: usize = 76;
/// The line length RFC 5322 §2.1.1 says lines MUST keep to (CRLF excluded).
pub(crate) const HARD_LIMIT: usize = 998;

/// Writes one header field into a buffer, folding as it goes.
#[derive(Debug)]
pub(crate) struct FieldWriter<'o> {
    out: &'o mut Vec<u8>,
    /// Octets on the current line so far.
    line_len: usize,
    /// The current line holds an encoded word (then its limit is 76).
    line_has_encoded: bool,
    /// Something follows the colon (false only on the first line right after `Name:`).
    has_unit: bool,
}

impl<'o> FieldWriter<'o> {
    /// Starts the field `name` (already validated): writes `name:`.
    pub(crate) fn new(out: &'o mut Vec<u8>, name: &str) -> Self {
        out.extend_from_slice(name.as_bytes());
        out.push(b':');
        FieldWriter {
            out,
            line_len: name.len() + 1,
            line_has_encoded: false,
            has_unit: false,
        }
    }

    fn limit(&self, encoded: bool) -> usize {
        if encoded || self.line_has_encoded {
            ENCODED_LIMIT
        } else {
            SOFT_LIMIT
        }
    }

    /// How many octets a unit written after `sep` on the current line may have without
    /// exceeding the line's limit.
    pub(crate) fn room(&self, sep_len: usize, encoded: bool) -> usize {
        self.limit(encoded).saturating_sub(self.line_len + sep_len)
    }

    /// Ends the current line: the next unit starts a continuation line with its separator.
    pub(crate) fn fold(&mut self) {
        self.out.extend_from_slice(b"\r\n");
        self.line_len = 0;
        self.line_has_encoded = false;
    }

    /// Writes `sep` and `unit` on the current line, without considering a fold.
    pub(crate) fn put(&mut self, sep: &[u8], unit: &[u8], encoded: bool) {
        self.out.extend_from_slice(sep);
        self.out.extend_from_slice(unit);
        self.line_len += sep.len() + unit.len();
        self.line_has_encoded |= encoded;
        self.has_unit = true;
    }

    /// Writes `sep` (white space, not empty) and `unit`, folding before `sep` when the unit
    /// does not fit on the current line. Right after the colon it folds only if the unit then
    /// fits, since a line holding only `Name:` helps nobody otherwise.
    pub(crate) fn unit(&mut self, sep: &[u8], unit: &[u8], encoded: bool) {
        let needed = sep.len() + unit.len();
        let limit = self.limit(encoded);
        let fresh_limit = if encoded { ENCODED_LIMIT } else { SOFT_LIMIT };
        if self.line_len + needed > limit && (self.has_unit || needed <= fresh_limit) {
            self.fold();
        }
        self.put(sep, unit, encoded);
    }

    /// Ends the field with CRLF.
    pub(crate) fn finish(self) {
        self.out.extend_from_slice(b"\r\n");
    }
}

/// RFC 5322 §3.6.8 `ftext`: printable US-ASCII except the colon.
pub(crate) fn is_ftext(b: u8) -> bool {
    (33..=126).contains(&b) && b != b':'
}

/// Rejects CR, LF and NUL anywhere in `value` (header injection), naming the field and the
/// piece of it.
///
/// # Errors
/// [`BuildError::InvalidCharacter`] for the first CR, LF or NUL.
pub(crate) fn check_injection(field: &str, what: Component, value: &str) -> Result<(), BuildError> {
    match value
        .bytes()
        .position(|b| matches!(b, b'\r' | b'\n' | b'\0'))
    {
        None => Ok(()),
        Some(position) => Err(BuildError::InvalidCharacter {
            field: field.to_owned(),
            what,
            character: value
                .get(position..)
                .and_then(|s| s.chars().next())
                .unwrap_or('\0'),
            position,
        }),
    }
}

/// Validates a field name (RFC 5322 §3.6.8: `1*ftext`), reporting CR, LF and NUL as
/// injection.
///
/// # Errors
/// [`BuildError::InvalidCharacter`] or [`BuildError::InvalidToken`].
pub(crate) fn check_field_name(name: &str) -> Result<(), BuildError> {
    check_injection(name, Component::FieldName, name)?;
    // A name must leave room on its line for the colon and a space at least.
    if name.is_empty() || name.len() > HARD_LIMIT - 2 || !name.bytes().all(is_ftext) {
        return Err(BuildError::InvalidToken {
            field: name.to_owned(),
            what: Component::FieldName,
            value: name.to_owned(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(name: &str, words: &[&str]) -> String {
        let mut out = Vec::new();
        let mut w = FieldWriter::new(&mut out, name);
        for word in words {
            w.unit(b" ", word.as_bytes(), false);
        }
        w.finish();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn folds_before_white_space_at_78() {
        // "Subject:" is 8 octets; 7 words of 9 octets + space = 70 → 78 exactly.
        let nine = ["abcdefghi"; 8];
        let s = words("Subject", &nine);
        let first = s.split("\r\n").next().unwrap();
        assert_eq!(first.len(), 78);
        assert_eq!(s, format!("{first}\r\n abcdefghi\r\n"));
    }

    #[test]
    fn long_unit_gets_its_own_line() {
        let long = "x".repeat(100);
        let s = words("Subject", &["a", &long, "b"]);
        assert_eq!(s, format!("Subject: a\r\n {long}\r\n b\r\n"));
        // Right after the colon, folding would not help: no empty first line.
        let s = words("Subject", &[&long]);
        assert_eq!(s, format!("Subject: {long}\r\n"));
    }

    #[test]
    fn injection_is_reported_with_position() {
        assert_eq!(
            check_injection("Subject", Component::Value, "ab\ncd"),
            Err(BuildError::InvalidCharacter {
                field: "Subject".into(),
                what: Component::Value,
                character: '\n',
                position: 2
            })
        );
        assert!(check_injection("Subject", Component::Value, "a\tb").is_ok());
        assert!(check_field_name("X-Ok").is_ok());
        assert!(check_field_name("X Bad").is_err());
        assert!(check_field_name("X:Bad").is_err());
        assert!(check_field_name("").is_err());
        assert!(matches!(
            check_field_name("X\r\nBcc"),
            Err(BuildError::InvalidCharacter { .. })
        ));
    }
}
