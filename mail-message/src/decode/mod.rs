//! Decoders for what MIME puts between the wire and the text: RFC 2047 encoded words,
//! RFC 2231 parameter values, charsets (via `encoding_rs`), and the base64 and
//! quoted-printable transfer encodings of RFC 2045 §6.
//!
//! | module | decodes | entry points |
//! |---|---|---|
//! | [`base64`] | RFC 2045 §6.8 bodies | [`base64::decode`] |
//! | [`quoted_printable`] | RFC 2045 §6.7 bodies | [`quoted_printable::decode`] |
//! | [`charset`] | octets in a MIME charset (RFC 2046 §4.1.2) | [`charset::decode`], [`charset::is_known`] |
//! | [`rfc2047`] | encoded words in header text and phrases | [`rfc2047::decode_text`], [`rfc2047::decode_phrase`] |
//! | [`rfc2231`] | parameter continuations, charsets, languages | [`rfc2231::decode_parameters`] |
//!
//! The field parsers in [`crate::field`] build on them (`Content-Type`, `Content-Disposition`,
//! `Content-Transfer-Encoding`, unstructured fields).
//!
//! Every decoder follows the same contract: it never fails and never panics; what it had to
//! repair is pushed as a [`Defect`](crate::Defect) into the `defects` sink, with an offset
//! relative to the input it was given; and the output borrows the input whenever nothing had to
//! change (`Cow::Borrowed`).

pub mod base64;
pub mod charset;
pub mod quoted_printable;
pub mod rfc2047;
pub mod rfc2231;

/// An ASCII character class as a 128-bit mask: bit `b` is set when octet `b` is in the class.
/// Testing an octet is one shift and one comparison, without branches per range.
pub(crate) type AsciiSet = u128;

/// The octets `from..=to` (both ASCII).
const fn range(from: u8, to: u8) -> AsciiSet {
    (!0u128 >> (127 - to)) & (!0u128 << from)
}

/// The octet `b` (ASCII).
const fn bit(b: u8) -> AsciiSet {
    1 << b
}

/// `true` if `b` is in `set`.
#[inline]
pub(crate) const fn in_set(set: AsciiSet, b: u8) -> bool {
    b < 128 && (set >> b) & 1 == 1
}

/// `set` as a table of 256 entries: one load per octet instead of a 128-bit shift.
#[allow(
    clippy::indexing_slicing,
    reason = "evaluated at compile time with `b < 256`; no input reaches it"
)]
const fn table(set: AsciiSet) -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = in_set(set, b as u8);
        b += 1;
    }
    table
}

/// The 64 characters of the base64 alphabet (RFC 2045 §6.8 Table 1).
pub(crate) const BASE64_ALPHABET: AsciiSet =
    range(b'A', b'Z') | range(b'a', b'z') | range(b'0', b'9') | bit(b'+') | bit(b'/');

/// RFC 2045 §5.1 `token` octets: printable US-ASCII except `tspecials` (`()<>@,;:\"/[]?=`).
/// The same set is RFC 2047 §2's `token` for charset names once `.` is allowed, as real
/// charset names need.
pub(crate) const TOKEN: AsciiSet = bit(b'!')
    | range(b'#', b'\'')
    | bit(b'*')
    | bit(b'+')
    | bit(b'-')
    | bit(b'.')
    | range(b'0', b'9')
    | range(b'A', b'Z')
    | range(b'^', b'~');

/// [`TOKEN`] as a table.
static TOKEN_TABLE: [bool; 256] = table(TOKEN);

/// `true` for an RFC 2045 §5.1 `token` octet.
#[inline]
pub(crate) fn is_token_octet(b: u8) -> bool {
    TOKEN_TABLE.get(usize::from(b)) == Some(&true)
}

#[cfg(test)]
mod tests {
    #[test]
    fn token_table_is_the_token_set() {
        for b in 0..=255u8 {
            assert_eq!(
                super::is_token_octet(b),
                super::in_set(super::TOKEN, b),
                "{b}"
            );
        }
        assert!(super::is_token_octet(b'a') && !super::is_token_octet(b'/'));
    }

    #[test]
    fn base64_alphabet() {
        for b in 0..=255u8 {
            let expected = b.is_ascii_alphanumeric() || b == b'+' || b == b'/';
            assert_eq!(super::in_set(super::BASE64_ALPHABET, b), expected, "{b:#x}");
        }
    }

    #[test]
    fn token_octets_match_rfc2045() {
        for b in 0..=255u8 {
            let expected = b.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?=".contains(&b);
            assert_eq!(super::is_token_octet(b), expected, "{b:#x}");
        }
    }
}
