//! A subset of `SASLprep` (RFC 4013, the stringprep profile of RFC 3454 for user names and
//! passwords), and the `saslname` escaping of RFC 5802 §5.1 / RFC 5801 §4.

use core::fmt;
use std::borrow::Cow;

/// Why [`saslprep`] refused a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SaslprepError {
    /// The string is empty after mapping (RFC 4616 §2: "if preparation ... results in an empty
    /// string, verification SHALL fail").
    Empty,
    /// The string has a character that RFC 4013 §2.3 prohibits (a control character, a
    /// private-use or non-character code point, a display or tagging character).
    Prohibited,
}

impl fmt::Display for SaslprepError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Empty => "empty after preparation",
            Self::Prohibited => "prohibited character",
        })
    }
}

/// Prepares a user name or password with the parts of `SASLprep` (RFC 4013) that need no
/// Unicode data tables.
///
/// Done:
/// * §2.1 mapping: the characters "commonly mapped to nothing" (RFC 3454 table B.1) are
///   removed, and non-ASCII space characters (table C.1.2) become U+0020;
/// * §2.3 prohibition: ASCII and non-ASCII control characters (C.2.1, C.2.2), private use
///   (C.3), non-character code points (C.4), characters inappropriate for plain text (C.6)
///   or canonical representation (C.7), display-changing and deprecated characters (C.8) and
///   tagging characters (C.9) are refused; surrogates (C.5) cannot occur in a Rust `str`;
/// * an empty result is refused.
///
/// **Not done** (they need the Unicode data tables, which this crate does not carry):
/// * §2.2 normalization to Unicode NFKC: a password typed as a decomposed or compatibility
///   form (e.g. `½` U+00BD versus `1⁄2`) prepares differently here than in a full `SASLprep`;
/// * §2.4 the bidirectional rule (RFC 3454 §6);
/// * §2.5 the check for unassigned code points in stored strings (query strings allow them
///   anyway).
///
/// Printable ASCII strings (the vast majority of credentials) are returned unchanged and
/// borrowed, exactly as a full `SASLprep` would return them.
///
/// # Errors
///
/// [`SaslprepError`] if the string has a prohibited character or prepares to nothing.
pub fn saslprep(input: &str) -> Result<Cow<'_, str>, SaslprepError> {
    if input.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return if input.is_empty() {
            Err(SaslprepError::Empty)
        } else {
            Ok(Cow::Borrowed(input))
        };
    }
    let mut out = String::with_capacity(input.len());
    for c in input.chars() {
        if is_mapped_to_nothing(c) {
            continue;
        }
        let c = if is_non_ascii_space(c) { ' ' } else { c };
        if is_prohibited(c) {
            return Err(SaslprepError::Prohibited);
        }
        out.push(c);
    }
    if out.is_empty() {
        return Err(SaslprepError::Empty);
    }
    if out == input {
        Ok(Cow::Borrowed(input))
    } else {
        Ok(Cow::Owned(out))
    }
}

/// RFC 3454 table B.1.
fn is_mapped_to_nothing(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{1806}'
            | '\u{180B}'..='\u{180D}'
            | '\u{200B}'..='\u{200D}'
            | '\u{2060}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
    )
}

/// RFC 3454 table C.1.2.
fn is_non_ascii_space(c: char) -> bool {
    matches!(
        c,
        '\u{00A0}' | '\u{1680}' | '\u{2000}'..='\u{200B}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

/// RFC 3454 tables C.2.1, C.2.2, C.3, C.4, C.6, C.7, C.8, C.9.
fn is_prohibited(c: char) -> bool {
    let cp = u32::from(c);
    // C.4: the last two code points of every plane are non-characters.
    if cp & 0xFFFE == 0xFFFE {
        return true;
    }
    matches!(
        c,
        // C.2.1 ASCII control characters.
        '\u{0000}'..='\u{001F}' | '\u{007F}'
        // C.2.2 non-ASCII control characters.
        | '\u{0080}'..='\u{009F}'
        | '\u{06DD}'
        | '\u{070F}'
        | '\u{180E}'
        | '\u{200C}'..='\u{200D}'
        | '\u{2028}'..='\u{2029}'
        | '\u{2060}'..='\u{2063}'
        | '\u{206A}'..='\u{206F}'
        | '\u{FEFF}'
        | '\u{FFF9}'..='\u{FFFC}'
        | '\u{1D173}'..='\u{1D17A}'
        // C.3 private use.
        | '\u{E000}'..='\u{F8FF}'
        | '\u{F0000}'..='\u{FFFFD}'
        | '\u{100000}'..='\u{10FFFD}'
        // C.4 non-character code points (besides the plane ends above).
        | '\u{FDD0}'..='\u{FDEF}'
        // C.6 inappropriate for plain text.
        | '\u{FFFD}'
        // C.7 inappropriate for canonical representation.
        | '\u{2FF0}'..='\u{2FFB}'
        // C.8 change display properties or deprecated.
        | '\u{0340}'..='\u{0341}'
        | '\u{200E}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        // C.9 tagging characters.
        | '\u{E0001}'
        | '\u{E0020}'..='\u{E007F}'
    )
}

/// Escapes a name for a SCRAM or GS2 `saslname` (RFC 5802 §5.1, RFC 5801 §4): `,` becomes
/// `=2C` and `=` becomes `=3D`.
pub(crate) fn escape_saslname(name: &str) -> Cow<'_, str> {
    if !name.contains([',', '=']) {
        return Cow::Borrowed(name);
    }
    let mut out = String::with_capacity(name.len() + 8);
    for c in name.chars() {
        match c {
            ',' => out.push_str("=2C"),
            '=' => out.push_str("=3D"),
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Reverses [`escape_saslname`]; `None` if a `=` is not followed by `2C` or `3D` (RFC 5802
/// §5.1: the server MUST fail), or if the name has a raw `,`.
pub(crate) fn unescape_saslname(name: &str) -> Option<Cow<'_, str>> {
    if name.contains(',') {
        return None;
    }
    if !name.contains('=') {
        return Some(Cow::Borrowed(name));
    }
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(pos) = rest.find('=') {
        out.push_str(rest.get(..pos)?);
        let after = rest.get(pos + 1..)?;
        if let Some(tail) = after.strip_prefix("2C") {
            out.push(',');
            rest = tail;
        } else if let Some(tail) = after.strip_prefix("3D") {
            out.push('=');
            rest = tail;
        } else {
            return None;
        }
    }
    out.push_str(rest);
    Some(Cow::Owned(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_is_unchanged_and_borrowed() {
        assert!(matches!(saslprep("pencil"), Ok(Cow::Borrowed("pencil"))));
        assert_eq!(saslprep(""), Err(SaslprepError::Empty));
    }

    #[test]
    fn rfc4013_section3_examples_that_need_no_nfkc() {
        // RFC 4013 §3: "I<U+00AD>X" -> "IX" (soft hyphen mapped to nothing).
        assert_eq!(saslprep("I\u{AD}X").unwrap(), "IX");
        // "user" -> "user", "USER" -> "USER" (case preserved).
        assert_eq!(saslprep("USER").unwrap(), "USER");
        // "<U+0007>" -> error (prohibited character).
        assert_eq!(saslprep("\u{7}"), Err(SaslprepError::Prohibited));
        // "<U+0627><U+0031>" fails the bidi rule in full SASLprep; not checked here (documented).
        assert!(saslprep("\u{627}1").is_ok());
    }

    #[test]
    fn maps_spaces_and_refuses_controls() {
        assert_eq!(saslprep("a\u{A0}b\u{3000}c").unwrap(), "a b c");
        assert_eq!(saslprep("\u{200B}\u{FEFF}"), Err(SaslprepError::Empty));
        for bad in [
            "a\u{0}",
            "a\r\n",
            "\u{85}",
            "\u{E000}",
            "\u{FFFF}",
            "\u{1FFFE}",
            "\u{202E}x",
        ] {
            assert_eq!(saslprep(bad), Err(SaslprepError::Prohibited), "{bad:?}");
        }
        assert_eq!(saslprep("\u{e9}t\u{e9}").unwrap(), "\u{e9}t\u{e9}");
    }

    #[test]
    fn saslname_escaping_round_trips() {
        assert_eq!(escape_saslname("a,b=c"), "a=2Cb=3Dc");
        assert_eq!(unescape_saslname("a=2Cb=3Dc").unwrap(), "a,b=c");
        assert_eq!(unescape_saslname("plain").unwrap(), "plain");
        assert_eq!(unescape_saslname("=2c"), None);
        assert_eq!(unescape_saslname("a="), None);
        assert_eq!(unescape_saslname("a=3"), None);
        assert_eq!(unescape_saslname("a,b"), None);
        for s in ["", "=", ",", "==,,", "x=2Cy"] {
            assert_eq!(unescape_saslname(&escape_saslname(s)).unwrap(), s);
        }
    }
}
