//! The values of the Delivery Status Notification parameters (RFC 3461 §4): `RET` and
//! `ENVID` on `MAIL`, `NOTIFY` and `ORCPT` on `RCPT`, and the `xtext` they (and `AUTH=`,
//! RFC 4954 §5) are written in.

use std::borrow::Cow;
use std::fmt;

use mail_message::envelope::{decode_xtext, encode_xtext};

use super::scan::{ByteClass, HIGH, ONES, byte_class, word_at, zero_bytes};
use crate::EncodeError;

/// A value written in `xtext` (RFC 3461 §4: `xchar` as itself, any other octet as `+XX`),
/// kept as sent so that it is written back exactly; [`decode`](Self::decode) gives the
/// octets. Never empty (an `esmtp-value` has at least one character, RFC 5321 §4.1.2).
///
/// ```
/// use smtp_proto::command::Xtext;
///
/// let envid = Xtext::new("QQ+2B314159").unwrap();
/// assert_eq!(envid.decode().as_ref(), b"QQ+314159");
/// assert_eq!(Xtext::from_bytes(b"a=b").unwrap().as_str(), "a+3Db");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Xtext<'a>(Cow<'a, str>);

/// `<>`, the `AUTH=` value of an unknown submitter (RFC 4954 §5).
pub(crate) const NULL_PATH: Xtext<'static> = Xtext(Cow::Borrowed("<>"));

/// The high bit of each octet of `word` that is not an `xchar` (below `!`, above `~`, `+`,
/// `=`); only octets after the first such one can be marked wrongly (a borrow runs upwards),
/// so the lowest mark is exact.
#[inline]
const fn not_xchar(word: u64) -> u64 {
    let below = word.wrapping_sub(ONES * 0x21) & !word & HIGH;
    below
        | (word & HIGH)
        | zero_bytes(word ^ (ONES * 0x7f))
        | zero_bytes(word ^ (ONES * b'+' as u64))
        | zero_bytes(word ^ (ONES * b'=' as u64))
}

/// The offset of the first byte of `text` that breaks `xtext`, or of its end when empty.
pub(crate) fn xtext_error(text: &[u8]) -> Option<usize> {
    if text.is_empty() {
        return Some(0);
    }
    // Checks without decoding (decoding would allocate for every `+XX`); the same rule as
    // `decode_xtext`: `xchar`, or `+` and two upper-case hexadecimal digits.
    const XCHAR: ByteClass = byte_class!(|b| matches!(b, b'!'..=b'~') && b != b'+' && b != b'=');
    let is_hex = |b: Option<&u8>| b.is_some_and(|b| matches!(b, b'0'..=b'9' | b'A'..=b'F'));
    let mut pos = 0;
    loop {
        // Eight octets at a time while they are all plain `xchar`s; then straight to the first
        // that is not (a `+`, or the error).
        while let Some(word) = word_at(text, pos) {
            match not_xchar(word) {
                0 => pos += 8,
                marks => {
                    pos += (marks.trailing_zeros() / 8) as usize;
                    break;
                }
            }
        }
        match text.get(pos) {
            None => return None,
            Some(&b) if XCHAR.contains(b) => pos += 1,
            Some(b'+') if is_hex(text.get(pos + 1)) && is_hex(text.get(pos + 2)) => pos += 3,
            Some(_) => return Some(pos),
        }
    }
}

impl<'a> Xtext<'a> {
    /// An `xtext` value from its encoded form.
    ///
    /// # Errors
    /// [`EncodeError::Invalid`] at a `+` not followed by two upper-case hexadecimal digits,
    /// or at a byte that is not an `xchar` (offset 0 for an empty value).
    pub fn new(text: impl Into<Cow<'a, str>>) -> Result<Self, EncodeError> {
        let text = text.into();
        if let Some(offset) = xtext_error(text.as_bytes()) {
            return Err(EncodeError::Invalid {
                element: "xtext",
                offset,
            });
        }
        Ok(Xtext(text))
    }

    /// The `xtext` encoding of `octets`, or `None` for no octets. Borrows when nothing needs
    /// encoding.
    pub fn from_bytes(octets: &'a [u8]) -> Option<Self> {
        let text = encode_xtext(octets);
        (!text.is_empty()).then_some(Xtext(text))
    }

    /// Text the parser checked (ASCII, so UTF-8).
    pub(crate) fn from_checked(text: &'a [u8]) -> Option<Self> {
        std::str::from_utf8(text)
            .ok()
            .map(|s| Xtext(Cow::Borrowed(s)))
    }

    /// Text the parser checked (with [`xtext_error`]) and already has as `&str`.
    pub(crate) fn from_checked_str(text: &'a str) -> Self {
        Xtext(Cow::Borrowed(text))
    }

    /// The encoded form, as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The octets.
    pub fn decode(&self) -> Cow<'_, [u8]> {
        // Checked when made: decoding cannot fail.
        decode_xtext(self.0.as_bytes()).unwrap_or(Cow::Borrowed(self.0.as_bytes()))
    }

    /// The same value, owning its text.
    pub fn into_owned(self) -> Xtext<'static> {
        Xtext(Cow::Owned(self.0.into_owned()))
    }
}

/// Writes the encoded form.
impl fmt::Display for Xtext<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `RET` on `MAIL` (RFC 3461 §4.3): what a failure DSN returns of the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ret {
    /// `FULL`: the whole message.
    Full,
    /// `HDRS`: only the header section.
    Hdrs,
}

impl Ret {
    /// The keyword, as written (upper case; read in any case).
    pub const fn as_str(self) -> &'static str {
        match self {
            Ret::Full => "FULL",
            Ret::Hdrs => "HDRS",
        }
    }

    pub(crate) fn parse(value: &[u8]) -> Option<Ret> {
        if value.eq_ignore_ascii_case(b"FULL") {
            Some(Ret::Full)
        } else if value.eq_ignore_ascii_case(b"HDRS") {
            Some(Ret::Hdrs)
        } else {
            None
        }
    }
}

/// `true` when `word` is `upper` (a keyword of upper-case ASCII letters only) in any case.
/// Clearing bit 5 maps exactly the two cases of a letter, and no other octet, onto the
/// upper-case letter, so one mask per octet replaces `eq_ignore_ascii_case`'s two foldings.
#[inline]
fn letters_eq(word: &[u8], upper: &[u8]) -> bool {
    word.len() == upper.len() && word.iter().zip(upper).all(|(&w, &u)| w & !0x20 == u)
}

/// `NOTIFY` on `RCPT` (RFC 3461 §4.1): `notify-esmtp-value = "NEVER" / 1#notify-list-element`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Notify {
    /// `NEVER`: no DSN under any condition. It "MUST appear by itself".
    Never,
    /// A list of `SUCCESS`, `FAILURE`, `DELAY`. At least one must be set: encoding refuses
    /// an empty list.
    On(NotifyOn),
}

/// The conditions of a `NOTIFY` list (RFC 3461 §4.1); written in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct NotifyOn {
    /// `SUCCESS`: a DSN on successful delivery.
    pub success: bool,
    /// `FAILURE`: a DSN on delivery failure.
    pub failure: bool,
    /// `DELAY`: "delayed" DSNs are welcome.
    pub delay: bool,
}

impl Notify {
    /// Parses a `NOTIFY` value: keywords in any case, separated by commas; duplicates are
    /// merged; `NEVER` only alone. `None` when the value breaks the grammar.
    pub(crate) fn parse(value: &[u8]) -> Option<Notify> {
        if letters_eq(value, b"NEVER") {
            return Some(Notify::Never);
        }
        let mut on = NotifyOn::default();
        for element in value.split(|&b| b == b',') {
            if letters_eq(element, b"SUCCESS") {
                on.success = true;
            } else if letters_eq(element, b"FAILURE") {
                on.failure = true;
            } else if letters_eq(element, b"DELAY") {
                on.delay = true;
            } else {
                // NEVER in a list, an empty element, or an unknown keyword.
                return None;
            }
        }
        Some(Notify::On(on))
    }

    /// Writes the value (`NEVER` or the list).
    pub(crate) fn write(self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        let on = match self {
            Notify::Never => {
                out.extend_from_slice(b"NEVER");
                return Ok(());
            }
            Notify::On(on) => on,
        };
        let mut first = true;
        for (set, word) in [
            (on.success, &b"SUCCESS"[..]),
            (on.failure, b"FAILURE"),
            (on.delay, b"DELAY"),
        ] {
            if set {
                if !first {
                    out.push(b',');
                }
                out.extend_from_slice(word);
                first = false;
            }
        }
        if first {
            return Err(EncodeError::Empty { element: "NOTIFY" });
        }
        Ok(())
    }
}

/// `ORCPT` on `RCPT` (RFC 3461 §4.2): `original-recipient-address = addr-type ";" xtext`,
/// the recipient as the sender first gave it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Orcpt<'a> {
    addr_type: Cow<'a, str>,
    address: Xtext<'a>,
}

/// `true` for the characters of `addr-type = atom` that may appear in an `esmtp-value`
/// (RFC 5322 `atext` without `=`).
fn is_addr_type_char(b: u8) -> bool {
    const ATOM: ByteClass = byte_class!(|b| b.is_ascii_alphanumeric()
        || matches!(b, b'!' | b'#'..=b'\'' | b'*' | b'+' | b'-' | b'/' | b'?' | b'^'..=b'`' | b'{'..=b'~'));
    ATOM.contains(b)
}

/// The offset of the first byte of `addr_type` that breaks `atom`.
pub(crate) fn addr_type_error(addr_type: &[u8]) -> Option<usize> {
    if addr_type.is_empty() {
        return Some(0);
    }
    addr_type.iter().position(|&b| !is_addr_type_char(b))
}

impl<'a> Orcpt<'a> {
    /// An original recipient from its address type (an `atom` such as `rfc822`, RFC 3461
    /// §9.1) and its `xtext`-encoded address.
    ///
    /// # Errors
    /// [`EncodeError::Invalid`] when `addr_type` is not an atom (offset into it).
    pub fn new(
        addr_type: impl Into<Cow<'a, str>>,
        address: Xtext<'a>,
    ) -> Result<Self, EncodeError> {
        let addr_type = addr_type.into();
        if let Some(offset) = addr_type_error(addr_type.as_bytes()) {
            return Err(EncodeError::Invalid {
                element: "addr-type",
                offset,
            });
        }
        Ok(Orcpt { addr_type, address })
    }

    /// `rfc822;` and the `xtext` encoding of `address` (RFC 3461 §9.1), or `None` for an
    /// empty address.
    pub fn rfc822(address: &'a [u8]) -> Option<Self> {
        Some(Orcpt {
            addr_type: Cow::Borrowed("rfc822"),
            address: Xtext::from_bytes(address)?,
        })
    }

    /// Parts the parser checked.
    pub(crate) fn from_checked(addr_type: &'a str, address: Xtext<'a>) -> Self {
        Orcpt {
            addr_type: Cow::Borrowed(addr_type),
            address,
        }
    }

    /// The address type, as sent (`rfc822`, `utf-8`, …).
    pub fn addr_type(&self) -> &str {
        &self.addr_type
    }

    /// `true` when the address type is `rfc822` (in any case).
    pub fn is_rfc822(&self) -> bool {
        self.addr_type.eq_ignore_ascii_case("rfc822")
    }

    /// The address, `xtext`-encoded ([`Xtext::decode`] gives its octets).
    pub fn address(&self) -> &Xtext<'a> {
        &self.address
    }

    /// The same value, owning its text.
    pub fn into_owned(self) -> Orcpt<'static> {
        Orcpt {
            addr_type: Cow::Owned(self.addr_type.into_owned()),
            address: self.address.into_owned(),
        }
    }
}

/// Writes `addr-type;xtext`.
impl fmt::Display for Orcpt<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{};{}", self.addr_type, self.address)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notify_values() {
        assert_eq!(Notify::parse(b"never"), Some(Notify::Never));
        let all = NotifyOn {
            success: true,
            failure: true,
            delay: true,
        };
        assert_eq!(
            Notify::parse(b"DELAY,success,FAILURE,DELAY"),
            Some(Notify::On(all))
        );
        for bad in [
            &b"NEVER,SUCCESS"[..],
            b"SUCCESS,NEVER",
            b"",
            b"SUCCESS,",
            b"FOO",
        ] {
            assert_eq!(Notify::parse(bad), None);
        }
        let mut out = Vec::new();
        Notify::On(all).write(&mut out).unwrap();
        assert_eq!(out, b"SUCCESS,FAILURE,DELAY");
        assert_eq!(
            Notify::On(NotifyOn::default()).write(&mut Vec::new()),
            Err(EncodeError::Empty { element: "NOTIFY" })
        );
    }

    proptest::proptest! {
        /// The word-wise `xtext` check agrees with the decoder on longer values.
        #[test]
        fn xtext_check_matches_decoder_long(
            value in proptest::collection::vec(
                proptest::prop_oneof![
                    8 => proptest::sample::select(b"abcXYZ09@.-_!~".to_vec()),
                    1 => proptest::sample::select(b"+=2AF \x7f\x80\x00".to_vec()),
                ],
                1..40,
            )
        ) {
            let expected = decode_xtext(&value).err().map(|e| e.offset());
            proptest::prop_assert_eq!(xtext_error(&value), expected);
        }
    }

    /// Every octet value in every position of a word, and another octet that is not an
    /// `xchar` right after it: the lowest mark is exactly the first such octet.
    #[test]
    fn not_xchar_marks() {
        for b in 0..=255u8 {
            for pos in 0..8 {
                for next in [b'a', 0, b'+', 0xff] {
                    let mut v = *b"abcdefgh";
                    v[pos] = b;
                    if pos + 1 < 8 {
                        v[pos + 1] = next;
                    }
                    let marks = not_xchar(u64::from_le_bytes(v));
                    let first = v
                        .iter()
                        .position(|&c| !(0x21..=0x7e).contains(&c) || c == b'+' || c == b'=');
                    let found = (marks != 0).then(|| (marks.trailing_zeros() / 8) as usize);
                    assert_eq!(found, first, "{v:?}");
                }
            }
        }
    }

    #[test]
    fn xtext_values() {
        assert!(Xtext::new("").is_err());
        assert_eq!(
            Xtext::new("a+2b"),
            Err(EncodeError::Invalid {
                element: "xtext",
                offset: 1
            })
        );
        assert_eq!(Xtext::from_bytes(b""), None);
        let x = Xtext::from_bytes("ü@x".as_bytes()).unwrap();
        assert_eq!(x.as_str(), "+C3+BC@x");
        assert_eq!(x.decode().as_ref(), "ü@x".as_bytes());
    }

    /// The check without decoding agrees with the decoder on every string of up to four
    /// octets from the interesting ones.
    #[test]
    fn xtext_check_matches_decoder() {
        const OCTETS: &[u8] = b"+=2aAF G~\x7f\x80\x00!";
        let mut inputs: Vec<Vec<u8>> = vec![Vec::new()];
        for _ in 0..4 {
            let longer: Vec<Vec<u8>> = inputs
                .iter()
                .flat_map(|s| OCTETS.iter().map(move |&b| [&s[..], &[b]].concat()))
                .collect();
            inputs.extend(longer.into_iter().filter(|s| s.len() <= 4));
            inputs.dedup();
        }
        for input in inputs.iter().filter(|s| !s.is_empty()) {
            let expected = decode_xtext(input).err().map(|e| e.offset());
            assert_eq!(xtext_error(input), expected, "{input:?}");
        }
        assert_eq!(xtext_error(b""), Some(0));
    }

    #[test]
    fn addr_type_chars() {
        for b in 0..=255u8 {
            let atext = b.is_ascii_alphanumeric() || b"!#$%&'*+-/?^_`{|}~".contains(&b);
            assert_eq!(is_addr_type_char(b), atext, "{b}");
        }
    }

    #[test]
    fn keyword_letters_in_any_case_and_nothing_else() {
        assert!(letters_eq(b"SuCcEsS", b"SUCCESS"));
        assert!(!letters_eq(b"SUCCES", b"SUCCESS"));
        // Octets that differ from a letter only in bit 5 but are not its other case.
        for b in 0..=255u8 {
            let expected = b == b'D' || b == b'd';
            assert_eq!(letters_eq(&[b], b"D"), expected, "{b}");
        }
    }

    #[test]
    fn orcpt_values() {
        let o = Orcpt::rfc822(b"Bob@Example.COM").unwrap();
        assert_eq!(o.to_string(), "rfc822;Bob@Example.COM");
        assert!(o.is_rfc822());
        assert!(Orcpt::new("rfc=822", o.address().clone()).is_err());
        assert!(Orcpt::new("", o.address().clone()).is_err());
        assert!(Orcpt::new("x-foo", o.address().clone()).is_ok());
    }
}
