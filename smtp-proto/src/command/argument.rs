//! Command arguments that are not envelope values: the client's name in `HELO` / `EHLO` /
//! `LHLO`, free text (`VRFY`, `EXPN`, `HELP`, `NOOP`, unrecognised commands), and the SASL
//! mechanism and initial response of `AUTH`.
//!
//! Every type here is valid by construction: its constructor refuses what could not be
//! written on a command line (CR, LF, NUL and the other controls, a space inside a token, …),
//! so encoding it cannot inject anything.

use std::borrow::Cow;
use std::fmt;

use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use mail_message::envelope::{EnvelopeOptions, Host};

use super::scan::{ByteClass, byte_class};
use crate::EncodeError;

/// `true` for a character that may appear in command text: printable ASCII (space included)
/// or a non-ASCII character that is not a control (C1 controls are excluded, RFC 5198 §2).
#[inline]
fn is_text_char(c: char) -> bool {
    matches!(c, ' '..='~') || (!c.is_ascii() && !c.is_control())
}

/// The offset of the first character of `s` that `ok` refuses.
fn first_bad(s: &str, ok: impl Fn(char) -> bool) -> Option<usize> {
    if s.is_ascii() {
        // One byte per character: no need to decode.
        s.bytes().position(|b| !ok(char::from(b)))
    } else {
        s.char_indices().find(|&(_, c)| !ok(c)).map(|(i, _)| i)
    }
}

/// The byte at `offset` of `s`, for error reports.
fn byte_at(s: &str, offset: usize) -> u8 {
    s.as_bytes().get(offset).copied().unwrap_or(0)
}

/// Free text: the argument of `VRFY`, `EXPN`, `HELP`, `NOOP` and of unrecognised commands.
///
/// RFC 5321 §4.1.1.6 – §4.1.1.9 give `VRFY`, `EXPN`, `HELP` and `NOOP` a `String`
/// (`Atom / Quoted-string`), but §3.5.1 adds that "the character string arguments of the VRFY
/// and EXPN commands cannot be further restricted", real clients send `VRFY user@example.com`
/// (not an `Atom`), and a `NOOP` argument is to be ignored anyway. So the argument is kept as
/// sent: non-empty, no space at either end, printable ASCII (spaces inside included) and
/// non-ASCII characters other than controls; never a control character.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Text<'a>(Cow<'a, str>);

impl<'a> Text<'a> {
    /// Text from a string.
    ///
    /// # Errors
    /// [`EncodeError::Empty`] for an empty string, [`EncodeError::InvalidByte`] for a control
    /// character anywhere or a space at either end.
    pub fn new(text: impl Into<Cow<'a, str>>) -> Result<Self, EncodeError> {
        let text = text.into();
        check_text(&text)?;
        Ok(Text(text))
    }

    /// Text already checked by the parser.
    pub(crate) fn from_checked(text: &'a str) -> Self {
        Text(Cow::Borrowed(text))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The same text, owning its characters.
    pub fn into_owned(self) -> Text<'static> {
        Text(Cow::Owned(self.0.into_owned()))
    }
}

/// Checks [`Text`]'s rules.
pub(crate) fn check_text(text: &str) -> Result<(), EncodeError> {
    const ELEMENT: &str = "command text";
    if text.is_empty() {
        return Err(EncodeError::Empty { element: ELEMENT });
    }
    if text.starts_with(' ') || text.ends_with(' ') {
        return Err(EncodeError::InvalidByte {
            element: ELEMENT,
            byte: b' ',
        });
    }
    if let Some(i) = first_bad(text, is_text_char) {
        return Err(EncodeError::InvalidByte {
            element: ELEMENT,
            byte: byte_at(text, i),
        });
    }
    Ok(())
}

/// Writes the text.
impl fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The name a client gives in `HELO`, `EHLO` or `LHLO`.
///
/// RFC 5321 §4.1.1.1 asks for a `Domain` (`HELO`) or a `Domain / address-literal` (`EHLO`,
/// RFC 2033 §4.1 for `LHLO`). Real clients also send bare words and names that are not
/// domains (`EHLO MYPC`, `EHLO my_host.local`), which most servers accept. So the name is a
/// [`Host`] when it parses as one (with the [`EnvelopeOptions`] in force: `lax_underscore`
/// makes `my_host.local` a domain, `smtputf8` allows U-labels), and [`Other`](Self::Other)
/// otherwise: one token of printable characters without spaces or controls. `HELO` accepts
/// an address literal too, as servers do. A server that wants a strict name checks for
/// [`Host`](Self::Host).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ClientName<'a> {
    /// A domain name or an address literal.
    Host(Host<'a>),
    /// Anything else: one token of printable characters (non-ASCII only where SMTPUTF8 is in
    /// force). Only [`ClientName::new`] and the parser make one, so it never holds what the
    /// same options would read as a [`Host`].
    Other(OtherName<'a>),
}

/// A client name that is not a `Domain` or `address-literal` (see [`ClientName`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OtherName<'a>(Cow<'a, str>);

impl OtherName<'_> {
    /// The name as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The same name, owning its characters.
    pub fn into_owned(self) -> OtherName<'static> {
        OtherName(Cow::Owned(self.0.into_owned()))
    }
}

/// Why a client name is not valid: an offset and what was wrong there.
pub(crate) struct NameError {
    pub(crate) offset: usize,
    pub(crate) expected: &'static str,
}

impl<'a> ClientName<'a> {
    /// A client name from its text, read as the parser would with `opts`: a [`Host`] when
    /// it is one, else [`Other`](Self::Other).
    ///
    /// # Errors
    /// [`EncodeError::Empty`], or [`EncodeError::InvalidByte`] for a space or a control
    /// character, or a non-ASCII character without `opts.smtputf8`.
    pub fn new(name: impl Into<Cow<'a, str>>, opts: EnvelopeOptions) -> Result<Self, EncodeError> {
        const ELEMENT: &str = "client name";
        let name = name.into();
        if name.is_empty() {
            return Err(EncodeError::Empty { element: ELEMENT });
        }
        match &name {
            Cow::Borrowed(s) => {
                let s: &'a str = s;
                if let Ok(host) = Host::parse(s.as_bytes(), opts) {
                    return Ok(ClientName::Host(host));
                }
            }
            Cow::Owned(s) => {
                if let Ok(host) = Host::parse(s.as_bytes(), opts) {
                    return Ok(ClientName::Host(host.into_owned()));
                }
            }
        }
        if let Err(e) = check_other(&name, opts) {
            return Err(EncodeError::InvalidByte {
                element: ELEMENT,
                byte: byte_at(&name, e.offset),
            });
        }
        Ok(ClientName::Other(OtherName(name)))
    }

    /// A name the parser cut from the line and found not to be a [`Host`].
    pub(crate) fn parse_other(name: &'a str, opts: EnvelopeOptions) -> Result<Self, NameError> {
        check_other(name, opts)?;
        Ok(ClientName::Other(OtherName(Cow::Borrowed(name))))
    }

    /// The host, when the name is one.
    pub fn host(&self) -> Option<&Host<'a>> {
        match self {
            ClientName::Host(h) => Some(h),
            ClientName::Other(_) => None,
        }
    }

    /// The same name, owning its text.
    pub fn into_owned(self) -> ClientName<'static> {
        match self {
            ClientName::Host(h) => ClientName::Host(h.into_owned()),
            ClientName::Other(o) => ClientName::Other(o.into_owned()),
        }
    }
}

/// Checks the rules of [`ClientName::Other`].
fn check_other(name: &str, opts: EnvelopeOptions) -> Result<(), NameError> {
    if name.is_empty() {
        return Err(NameError {
            offset: 0,
            expected: "client name",
        });
    }
    if let Some(i) = first_bad(name, |c| c != ' ' && is_text_char(c)) {
        return Err(NameError {
            offset: i,
            expected: "end of client name",
        });
    }
    if !opts.smtputf8
        && let Some(i) = name.bytes().position(|b| !b.is_ascii())
    {
        return Err(NameError {
            offset: i,
            expected: "ASCII (SMTPUTF8 is not in force)",
        });
    }
    Ok(())
}

impl<'a> From<Host<'a>> for ClientName<'a> {
    fn from(host: Host<'a>) -> Self {
        ClientName::Host(host)
    }
}

/// Writes the name as sent.
impl fmt::Display for ClientName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientName::Host(h) => write!(f, "{h}"),
            ClientName::Other(o) => f.write_str(&o.0),
        }
    }
}

/// A SASL mechanism name (RFC 4422 §3.1: `sasl-mech = 1*20mech-char`, `mech-char =
/// UPPER-ALPHA / DIGIT / HYPHEN / UNDERSCORE`), the first argument of `AUTH` (RFC 4954 §4).
///
/// Lower-case letters are accepted too (some clients send `auth plain`); the name keeps the
/// case it was sent in, and [`matches`](Self::matches) compares ignoring case.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mechanism<'a>(Cow<'a, str>);

/// The longest SASL mechanism name (RFC 4422 §3.1).
pub const MAX_MECHANISM_LEN: usize = 20;

/// The offset of the first byte of `name` that breaks `sasl-mech`.
pub(crate) fn mechanism_error(name: &[u8]) -> Option<usize> {
    if let Some(i) = name
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
    {
        return Some(i);
    }
    if name.is_empty() {
        Some(0)
    } else if name.len() > MAX_MECHANISM_LEN {
        Some(MAX_MECHANISM_LEN)
    } else {
        None
    }
}

impl<'a> Mechanism<'a> {
    /// A mechanism name.
    ///
    /// # Errors
    /// [`EncodeError::Invalid`] at the first byte that breaks `sasl-mech` (offset 20 for a
    /// name that is too long, 0 for an empty one).
    pub fn new(name: impl Into<Cow<'a, str>>) -> Result<Self, EncodeError> {
        let name = name.into();
        if let Some(offset) = mechanism_error(name.as_bytes()) {
            return Err(EncodeError::Invalid {
                element: "SASL mechanism",
                offset,
            });
        }
        Ok(Mechanism(name))
    }

    /// A name the parser checked.
    pub(crate) fn from_checked(name: &'a str) -> Self {
        Mechanism(Cow::Borrowed(name))
    }

    /// The name as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `true` when this is `name`, ignoring ASCII case.
    pub fn matches(&self, name: &str) -> bool {
        self.0.eq_ignore_ascii_case(name)
    }

    /// The same name, owning its text.
    pub fn into_owned(self) -> Mechanism<'static> {
        Mechanism(Cow::Owned(self.0.into_owned()))
    }
}

/// Writes the name as given.
impl fmt::Display for Mechanism<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The optional second argument of `AUTH` (RFC 4954 §4): base64 text, or `=` for a
/// response of zero length.
///
/// It is kept as the base64 text that was sent (the server's SASL machine decodes it,
/// [`decode`](Self::decode)), checked against RFC 4954 §8 `initial-response = base64 / "="`:
/// only the base64 alphabet, in groups of four, padding only at the end.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct InitialResponse<'a>(Cow<'a, str>);

/// The offset of the first byte of `text` that breaks RFC 4954 §8
/// `initial-response = base64 / "="`.
pub(crate) fn initial_response_error(text: &[u8]) -> Option<usize> {
    if text == b"=" {
        return None;
    }
    const BASE64_CHAR: ByteClass =
        byte_class!(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/');
    let data = text.iter().rposition(|&b| b != b'=').map_or(0, |i| i + 1);
    if let Some(i) = text
        .iter()
        .take(data)
        .position(|&b| !BASE64_CHAR.contains(b))
    {
        return Some(i);
    }
    let pad = text.len() - data;
    if data == 0 || pad > 2 || !text.len().is_multiple_of(4) {
        // Empty, too much padding, or a group left incomplete: the error is at the end.
        return Some(if pad > 2 { data + 2 } else { text.len() });
    }
    None
}

/// Base64 as RFC 4954 reads it: standard alphabet, padding required, and (like most
/// implementations) tolerant of non-zero bits after the last full octet.
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(DecodePaddingMode::RequireCanonical),
);

impl<'a> InitialResponse<'a> {
    /// An initial response from its wire form (`=` or base64 text).
    ///
    /// # Errors
    /// [`EncodeError::Invalid`] at the first byte that breaks `base64 / "="`.
    pub fn new(text: impl Into<Cow<'a, str>>) -> Result<Self, EncodeError> {
        let text = text.into();
        if let Some(offset) = initial_response_error(text.as_bytes()) {
            return Err(EncodeError::Invalid {
                element: "initial-response",
                offset,
            });
        }
        Ok(InitialResponse(text))
    }

    /// The initial response that carries `data`: `=` for no data (RFC 4954 §4), else its
    /// base64 encoding.
    pub fn encode(data: &[u8]) -> InitialResponse<'static> {
        if data.is_empty() {
            InitialResponse(Cow::Borrowed("="))
        } else {
            InitialResponse(Cow::Owned(BASE64.encode(data)))
        }
    }

    /// A response the parser checked.
    pub(crate) fn from_checked(text: &'a str) -> Self {
        InitialResponse(Cow::Borrowed(text))
    }

    /// The wire form: `=` or the base64 text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `true` for `=`, the response of zero length.
    pub fn is_empty(&self) -> bool {
        &*self.0 == "="
    }

    /// The octets of the response (none for `=`).
    pub fn decode(&self) -> Vec<u8> {
        if self.is_empty() {
            return Vec::new();
        }
        // The text was checked when the value was made, so this cannot fail.
        BASE64.decode(self.0.as_bytes()).unwrap_or_default()
    }

    /// The same response, owning its text.
    pub fn into_owned(self) -> InitialResponse<'static> {
        InitialResponse(Cow::Owned(self.0.into_owned()))
    }
}

/// Writes the wire form.
impl fmt::Display for InitialResponse<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_rules() {
        assert!(Text::new("Smith").is_ok());
        assert!(Text::new("John Smith").is_ok());
        assert!(Text::new("jöran").is_ok());
        assert_eq!(
            Text::new(""),
            Err(EncodeError::Empty {
                element: "command text"
            })
        );
        for bad in [
            " a", "a ", "a\rb", "a\nb", "a\0b", "a\tb", "a\u{7f}", "a\u{85}",
        ] {
            assert!(Text::new(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn client_names() {
        let ascii = EnvelopeOptions::new();
        let name = ClientName::new("bar.com", ascii).unwrap();
        assert!(matches!(name, ClientName::Host(Host::Domain(_))));
        let name = ClientName::new(String::from("[192.0.2.1]"), ascii).unwrap();
        assert!(matches!(name, ClientName::Host(Host::AddressLiteral(_))));
        let name = ClientName::new("my_host.local", ascii).unwrap();
        assert!(matches!(&name, ClientName::Other(o) if o.as_str() == "my_host.local"));
        let lax = ascii.with_lax_underscore(true);
        assert!(matches!(
            ClientName::new("my_host.local", lax).unwrap(),
            ClientName::Host(_)
        ));
        assert!(ClientName::new("a b", ascii).is_err());
        assert!(ClientName::new("a\r\nMAIL", ascii).is_err());
        assert!(ClientName::new("", ascii).is_err());
        assert!(ClientName::new("pc-ü", ascii).is_err());
        assert!(ClientName::new("pc_ü", ascii.with_smtputf8(true)).is_ok());
    }

    #[test]
    fn mechanisms() {
        assert!(Mechanism::new("SCRAM-SHA-256").is_ok());
        assert!(Mechanism::new("plain").unwrap().matches("PLAIN"));
        assert_eq!(
            Mechanism::new("A".repeat(21)),
            Err(EncodeError::Invalid {
                element: "SASL mechanism",
                offset: 20
            })
        );
        assert!(Mechanism::new("A".repeat(20)).is_ok());
        assert!(Mechanism::new("").is_err());
        assert!(Mechanism::new("PL AIN").is_err());
    }

    #[test]
    fn initial_responses() {
        for ok in ["=", "dGVzdAB0ZXN0ADEyMzQ=", "QQ==", "QUJD", "QUJDRA=="] {
            assert_eq!(initial_response_error(ok.as_bytes()), None, "{ok}");
        }
        let err = |s: &str| initial_response_error(s.as_bytes());
        assert_eq!(err(""), Some(0));
        assert_eq!(err("=="), Some(2));
        assert_eq!(err("QQ"), Some(2));
        assert_eq!(err("QQ=A"), Some(2));
        assert_eq!(err("=AAA"), Some(0));
        assert_eq!(err("AAA=BBBB"), Some(3));
        assert_eq!(err("Q==="), Some(3));
        assert_eq!(err("QU JD"), Some(2));
        assert_eq!(err("*"), Some(0));
        assert_eq!(InitialResponse::encode(b"").as_str(), "=");
        assert!(InitialResponse::encode(b"").is_empty());
        let r = InitialResponse::encode(b"\0test\0test");
        assert_eq!(r.decode(), b"\0test\0test");
        assert_eq!(InitialResponse::new("=").unwrap().decode(), b"");
    }
}
