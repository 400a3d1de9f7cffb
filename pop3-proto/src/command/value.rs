//! The values a command carries, each checked when it is made so that encoding cannot put a
//! control character or a space where the grammar does not allow one.

use std::borrow::Cow;
use std::fmt;
use std::num::NonZeroU32;

use md5::{Digest as _, Md5};
use subtle::ConstantTimeEq;

use super::EncodeError;

/// A message number (RFC 1939 §5: "messages in the maildrop are numbered starting with 1").
///
/// ```
/// use pop3_proto::command::MessageNumber;
/// assert_eq!(MessageNumber::new(1).map(MessageNumber::get), Some(1));
/// assert_eq!(MessageNumber::new(0), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MessageNumber(NonZeroU32);

impl MessageNumber {
    /// A message number; `None` for 0.
    pub const fn new(n: u32) -> Option<Self> {
        match NonZeroU32::new(n) {
            Some(n) => Some(Self(n)),
            None => None,
        }
    }

    /// The number.
    pub const fn get(self) -> u32 {
        self.0.get()
    }

    /// The 0-based index of the message in a list of the maildrop's messages.
    pub const fn index(self) -> usize {
        (self.0.get() - 1) as usize
    }
}

impl fmt::Display for MessageNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Whether `byte` may appear in a command argument: printable, no space (RFC 1939 §3:
/// "keywords and arguments consist of printable ASCII characters"; RFC 6856 §2 allows
/// UTF-8 in them, checked separately).
pub(crate) fn is_argument_byte(byte: u8) -> bool {
    byte > b' ' && byte != 0x7f
}

/// The offset of the first byte of `text` that cannot be in an [`Argument`] (empty text: 0).
pub(crate) fn argument_error(text: &[u8]) -> Option<usize> {
    if text.is_empty() {
        return Some(0);
    }
    if let Some(i) = text.iter().position(|&b| !is_argument_byte(b)) {
        return Some(i);
    }
    match std::str::from_utf8(text) {
        Ok(_) => None,
        Err(e) => Some(e.valid_up_to()),
    }
}

/// A command argument with no space in it: a mailbox name for `USER` and `APOP`
/// (RFC 1939 §7). Printable ASCII, or UTF-8 (RFC 6856 §2); no control character, no space.
///
/// RFC 1939 §3 says arguments are "up to 40 characters long"; real user names (e-mail
/// addresses) are longer, so the limit that applies is the line's ([`super::COMMAND_LINE_LIMIT`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Argument<'a>(Cow<'a, str>);

impl<'a> Argument<'a> {
    /// An argument.
    ///
    /// # Errors
    /// [`EncodeError::Invalid`] at the first byte that cannot be in an argument (a space, a
    /// control character, invalid UTF-8), or at 0 for an empty one.
    pub fn new(text: impl Into<Cow<'a, str>>) -> Result<Self, EncodeError> {
        let text = text.into();
        match argument_error(text.as_bytes()) {
            Some(offset) => Err(EncodeError::Invalid { offset }),
            None => Ok(Self(text)),
        }
    }

    /// An argument from octets already checked by the parser.
    pub(crate) fn from_checked(text: &'a str) -> Self {
        Self(Cow::Borrowed(text))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The same argument, owning its text.
    pub fn into_owned(self) -> Argument<'static> {
        Argument(Cow::Owned(self.0.into_owned()))
    }
}

impl fmt::Display for Argument<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The `digest` of `APOP name digest` (RFC 1939 §7): the MD5 of the greeting's timestamp
/// (angle brackets included) followed by the shared secret, written as 32 lower-case hex
/// digits.
///
/// Compared in constant time ([`PartialEq`] uses [`subtle::ConstantTimeEq`]), since a server
/// compares a client's digest with the one it computed.
///
/// The RFC's own example:
///
/// ```
/// use pop3_proto::command::Digest;
/// let d = Digest::compute(b"<1896.697170952@dbc.mtview.ca.us>", b"tanstaaf");
/// assert_eq!(d.to_string(), "c4c9334bac560ecc979e58001b3e22fb");
/// ```
#[derive(Clone, Copy, Eq)]
pub struct Digest(pub [u8; 16]);

impl Digest {
    /// MD5(`timestamp` ‖ `secret`) (RFC 1939 §7).
    pub fn compute(timestamp: &[u8], secret: &[u8]) -> Digest {
        let mut md5 = Md5::new();
        md5.update(timestamp);
        md5.update(secret);
        Digest(md5.finalize().into())
    }

    /// Whether this digest (sent by a client) is MD5(`timestamp` ‖ `secret`): the server's
    /// check of `APOP` (RFC 1939 §7), compared in constant time.
    ///
    /// ```
    /// use pop3_proto::command::Digest;
    /// let sent = Digest::from_hex(b"c4c9334bac560ecc979e58001b3e22fb").unwrap();
    /// assert!(sent.verify(b"<1896.697170952@dbc.mtview.ca.us>", b"tanstaaf"));
    /// assert!(!sent.verify(b"<1896.697170953@dbc.mtview.ca.us>", b"tanstaaf"));
    /// ```
    pub fn verify(&self, timestamp: &[u8], secret: &[u8]) -> bool {
        *self == Digest::compute(timestamp, secret)
    }

    /// Reads 32 hex digits (either case; RFC 1939 §7 writes lower case).
    pub fn from_hex(hex: &[u8]) -> Option<Digest> {
        if hex.len() != 32 {
            return None;
        }
        let mut out = [0u8; 16];
        for (byte, pair) in out.iter_mut().zip(hex.chunks_exact(2)) {
            let [hi, lo] = pair else { return None };
            *byte = (hex_value(*hi)? << 4) | hex_value(*lo)?;
        }
        Some(Digest(out))
    }

    /// The 32 lower-case hex digits.
    pub fn to_hex(&self) -> [u8; 32] {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut out = [0u8; 32];
        for (pair, byte) in out.chunks_exact_mut(2).zip(self.0) {
            if let [hi, lo] = pair {
                *hi = HEX.get(usize::from(byte >> 4)).copied().unwrap_or(b'0');
                *lo = HEX.get(usize::from(byte & 0xf)).copied().unwrap_or(b'0');
            }
        }
        out
    }
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

impl PartialEq for Digest {
    fn eq(&self, other: &Self) -> bool {
        self.0.ct_eq(&other.0).into()
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hex = self.to_hex();
        f.write_str(std::str::from_utf8(&hex).unwrap_or_default())
    }
}

/// A digest is not a secret by itself, but it is a password-equivalent for replay within one
/// greeting; `Debug` shows that one is there, not its value.
impl fmt::Debug for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Digest(***)")
    }
}

/// The offset of the first byte of `text` that breaks RFC 5034 §4
/// `initial-response = base64 / "="` (RFC 4648 base64 with padding, non-empty).
pub(crate) fn initial_response_error(text: &[u8]) -> Option<usize> {
    if text == b"=" {
        return None;
    }
    let data = text.iter().rposition(|&b| b != b'=').map_or(0, |i| i + 1);
    if let Some(i) = text
        .iter()
        .take(data)
        .position(|&b| !(b.is_ascii_alphanumeric() || b == b'+' || b == b'/'))
    {
        return Some(i);
    }
    let pad = text.len() - data;
    if data == 0 || pad > 2 || !text.len().is_multiple_of(4) {
        return Some(text.len());
    }
    None
}

/// The initial response of `AUTH mechanism initial-response` (RFC 5034 §4): base64 text, or
/// `=` for an empty response. Kept as the base64 text; `Debug` shows only its length, since
/// it usually carries a credential.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct InitialResponse<'a>(Cow<'a, str>);

impl<'a> InitialResponse<'a> {
    /// An initial response from its base64 text (or `=`).
    ///
    /// # Errors
    /// [`EncodeError::Invalid`] where the text stops being base64.
    pub fn new(base64: impl Into<Cow<'a, str>>) -> Result<Self, EncodeError> {
        let text = base64.into();
        match initial_response_error(text.as_bytes()) {
            Some(offset) => Err(EncodeError::Invalid { offset }),
            None => Ok(Self(text)),
        }
    }

    /// The initial response that encodes `data` (`=` for empty data).
    pub fn encode(data: &[u8]) -> InitialResponse<'static> {
        use base64::Engine as _;
        if data.is_empty() {
            InitialResponse(Cow::Borrowed("="))
        } else {
            InitialResponse(Cow::Owned(
                base64::engine::general_purpose::STANDARD.encode(data),
            ))
        }
    }

    /// From text already checked by the parser.
    pub(crate) fn from_checked(text: &'a str) -> Self {
        Self(Cow::Borrowed(text))
    }

    /// The text as sent: base64 or `=`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The decoded octets (empty for `=`); `None` if the base64 does not decode.
    pub fn decode(&self) -> Option<Vec<u8>> {
        use base64::Engine as _;
        if &*self.0 == "=" {
            return Some(Vec::new());
        }
        base64::engine::general_purpose::STANDARD
            .decode(self.0.as_bytes())
            .ok()
    }

    /// The same value, owning its text.
    pub fn into_owned(self) -> InitialResponse<'static> {
        InitialResponse(Cow::Owned(self.0.into_owned()))
    }
}

impl fmt::Debug for InitialResponse<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "InitialResponse({} octets)", self.0.len())
    }
}

/// The offset of the first byte that breaks RFC 4647 §2.1 `language-range =
/// (1*8ALPHA *("-" 1*8alphanum)) / "*"` (the argument of `LANG`, RFC 6856 §3).
pub(crate) fn language_range_error(text: &[u8]) -> Option<usize> {
    if text == b"*" {
        return None;
    }
    let mut offset = 0;
    for (n, sub) in text.split(|&b| b == b'-').enumerate() {
        let ok_char = |b: &u8| {
            if n == 0 {
                b.is_ascii_alphabetic()
            } else {
                b.is_ascii_alphanumeric()
            }
        };
        if let Some(i) = sub.iter().position(|b| !ok_char(b)) {
            return Some(offset + i);
        }
        if sub.is_empty() || sub.len() > 8 {
            return Some(offset + sub.len().min(8));
        }
        offset += sub.len() + 1;
    }
    None
}

/// A language range, the argument of `LANG` (RFC 6856 §3, RFC 4647 §2.1): `*` or a tag
/// such as `en` or `de-CH`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LanguageRange<'a>(Cow<'a, str>);

impl<'a> LanguageRange<'a> {
    /// A language range.
    ///
    /// # Errors
    /// [`EncodeError::Invalid`] where the text stops being a language range.
    pub fn new(text: impl Into<Cow<'a, str>>) -> Result<Self, EncodeError> {
        let text = text.into();
        match language_range_error(text.as_bytes()) {
            Some(offset) => Err(EncodeError::Invalid { offset }),
            None => Ok(Self(text)),
        }
    }

    /// From text already checked by the parser.
    pub(crate) fn from_checked(text: &'a str) -> Self {
        Self(Cow::Borrowed(text))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The same value, owning its text.
    pub fn into_owned(self) -> LanguageRange<'static> {
        LanguageRange(Cow::Owned(self.0.into_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc1939_apop_example() {
        // RFC 1939 §7: the shared secret "tanstaaf" and the greeting's timestamp.
        let d = Digest::compute(b"<1896.697170952@dbc.mtview.ca.us>", b"tanstaaf");
        assert_eq!(&d.to_hex(), b"c4c9334bac560ecc979e58001b3e22fb");
        assert_eq!(
            Digest::from_hex(b"C4C9334BAC560ECC979E58001B3E22FB"),
            Some(d)
        );
        assert_eq!(Digest::from_hex(b"c4c9334bac560ecc979e58001b3e22f"), None);
        assert_eq!(Digest::from_hex(b"g4c9334bac560ecc979e58001b3e22fb"), None);
        assert_eq!(format!("{d:?}"), "Digest(***)");
    }

    #[test]
    fn arguments() {
        assert!(Argument::new("mrose").is_ok());
        assert!(Argument::new("jürgen@example.org").is_ok());
        assert_eq!(
            Argument::new("a b"),
            Err(EncodeError::Invalid { offset: 1 })
        );
        assert_eq!(
            Argument::new("a\r\n"),
            Err(EncodeError::Invalid { offset: 1 })
        );
        assert_eq!(Argument::new(""), Err(EncodeError::Invalid { offset: 0 }));
        assert_eq!(
            Argument::new("a\0"),
            Err(EncodeError::Invalid { offset: 1 })
        );
    }

    #[test]
    fn initial_responses() {
        assert!(InitialResponse::new("=").is_ok());
        assert!(InitialResponse::new("AGZyZWQAdGVzdA==").is_ok());
        assert_eq!(
            InitialResponse::new("AGZy ZWQ="),
            Err(EncodeError::Invalid { offset: 4 })
        );
        assert_eq!(
            InitialResponse::new("abc"),
            Err(EncodeError::Invalid { offset: 3 })
        );
        assert_eq!(InitialResponse::encode(b"").as_str(), "=");
        assert_eq!(
            InitialResponse::encode(b"\0fred\0test").decode(),
            Some(b"\0fred\0test".to_vec())
        );
        assert_eq!(
            format!("{:?}", InitialResponse::encode(b"\0fred\0test")),
            "InitialResponse(16 octets)"
        );
    }

    #[test]
    fn language_ranges() {
        for ok in ["*", "en", "de-CH", "zh-Hant-TW", "x-1234abcd"] {
            assert!(LanguageRange::new(ok).is_ok(), "{ok}");
        }
        assert_eq!(
            LanguageRange::new("1en"),
            Err(EncodeError::Invalid { offset: 0 })
        );
        assert_eq!(
            LanguageRange::new("en-"),
            Err(EncodeError::Invalid { offset: 3 })
        );
        assert_eq!(
            LanguageRange::new("abcdefghi"),
            Err(EncodeError::Invalid { offset: 8 })
        );
    }
}
