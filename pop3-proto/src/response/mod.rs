//! POP3 responses (RFC 1939 §3, RFC 2449 §§4, 6, 8, RFC 3206, RFC 5034 §4): status lines
//! `+OK` / `-ERR` with their extended response codes, the lines of multi-line responses
//! (scan listings, unique-id listings, capabilities) and SASL continuation lines.
//!
//! A multi-line response is a status line, then lines, then a line holding a single `.`;
//! lines that start with `.` are dot-stuffed. The framing and the un-stuffing of those lines
//! (message bodies included) is [`crate::body`]'s job; the types here are one line each.
//!
//! **Encoding** writes a whole line with its CRLF and refuses what cannot be written safely
//! (CR, LF or NUL in any text; a status line over [`RESPONSE_LINE_LIMIT`]).

mod capability;
mod code;
mod encode;
mod listing;
mod parse;

use std::borrow::Cow;
use std::fmt;

pub use capability::{Capability, Expire};
pub use code::ResponseCode;
pub use encode::RESPONSE_LINE_LIMIT;
pub use listing::{MaildropStat, ScanListing, UniqueId, UniqueIdListing};
pub use parse::ResponseError;

use crate::command::EncodeError;

/// The status indicator of a response (RFC 1939 §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// `+OK`: positive.
    Ok,
    /// `-ERR`: negative.
    Err,
}

impl Status {
    /// `+OK` or `-ERR`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "+OK",
            Status::Err => "-ERR",
        }
    }
}

/// Human-readable text after a status indicator or a response code: any octets but CR, LF and
/// NUL (8-bit text is kept as octets: servers in `UTF8` mode send UTF-8, RFC 6856 §2).
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Text<'a>(Cow<'a, [u8]>);

/// The offset of the first CR, LF or NUL in `text`.
pub(crate) fn text_error(text: &[u8]) -> Option<usize> {
    text.iter().position(|&b| matches!(b, b'\r' | b'\n' | 0))
}

impl<'a> Text<'a> {
    /// Text for a response.
    ///
    /// # Errors
    /// [`EncodeError::Invalid`] at the first CR, LF or NUL.
    pub fn new(text: impl Into<Cow<'a, [u8]>>) -> Result<Self, EncodeError> {
        let text = text.into();
        match text_error(&text) {
            Some(offset) => Err(EncodeError::Invalid { offset }),
            None => Ok(Self(text)),
        }
    }

    /// Text from a string the caller knows to be safe at compile time; CR, LF and NUL are
    /// replaced by spaces, so the result is always safe to send.
    pub fn lossy(text: &'a str) -> Self {
        if text_error(text.as_bytes()).is_none() {
            Self(Cow::Borrowed(text.as_bytes()))
        } else {
            Self(Cow::Owned(
                text.bytes()
                    .map(|b| {
                        if matches!(b, b'\r' | b'\n' | 0) {
                            b' '
                        } else {
                            b
                        }
                    })
                    .collect(),
            ))
        }
    }

    /// From octets already checked by the parser.
    pub(crate) fn from_checked(text: &'a [u8]) -> Self {
        Self(Cow::Borrowed(text))
    }

    /// The octets.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Whether there is no text.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The same text, owning its octets.
    pub fn into_owned(self) -> Text<'static> {
        Text(Cow::Owned(self.0.into_owned()))
    }
}

impl fmt::Debug for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", String::from_utf8_lossy(&self.0))
    }
}

impl fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&String::from_utf8_lossy(&self.0))
    }
}

/// A status line: `+OK` or `-ERR`, an optional response code (RFC 2449 §8), optional text
/// (RFC 1939 §3; grammar in RFC 2449 §4: `single-line = status [SP text] CRLF`).
///
/// The greeting is a status line too; `apop_timestamp` finds the
/// timestamp APOP needs in it (RFC 1939 §7).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StatusLine<'a> {
    /// `+OK` or `-ERR`.
    pub status: Status,
    /// The extended response code in square brackets, if any (RFC 2449 §8).
    pub code: Option<ResponseCode<'a>>,
    /// The text after the code (or after the status indicator); empty if none.
    pub text: Text<'a>,
}

impl<'a> StatusLine<'a> {
    /// `+OK text`.
    pub fn ok(text: Text<'a>) -> Self {
        Self {
            status: Status::Ok,
            code: None,
            text,
        }
    }

    /// `-ERR text`.
    pub fn err(text: Text<'a>) -> Self {
        Self {
            status: Status::Err,
            code: None,
            text,
        }
    }

    /// `-ERR [code] text`.
    pub fn err_with_code(code: ResponseCode<'a>, text: Text<'a>) -> Self {
        Self {
            status: Status::Err,
            code: Some(code),
            text,
        }
    }

    /// Whether the status is `+OK`.
    pub fn is_ok(&self) -> bool {
        self.status == Status::Ok
    }

    /// The same line, owning its text.
    pub fn into_owned(self) -> StatusLine<'static> {
        StatusLine {
            status: self.status,
            code: self.code.map(ResponseCode::into_owned),
            text: self.text.into_owned(),
        }
    }
}

/// A SASL continuation line from the server (RFC 5034 §4): `+` SP base64 text (empty for an
/// empty challenge; some servers send a bare `+`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Continuation<'a>(Cow<'a, str>);

impl<'a> Continuation<'a> {
    /// The continuation that carries `challenge` (base64-encoded on the wire).
    pub fn new(challenge: &[u8]) -> Continuation<'static> {
        use base64::Engine as _;
        Continuation(Cow::Owned(
            base64::engine::general_purpose::STANDARD.encode(challenge),
        ))
    }

    /// From base64 text already checked by the parser.
    pub(crate) fn from_checked(base64: &'a str) -> Self {
        Self(Cow::Borrowed(base64))
    }

    /// The base64 text as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The decoded challenge; `None` if the text is not base64.
    pub fn decode(&self) -> Option<Vec<u8>> {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD
            .decode(self.0.as_bytes())
            .ok()
    }

    /// The same line, owning its text.
    pub fn into_owned(self) -> Continuation<'static> {
        Continuation(Cow::Owned(self.0.into_owned()))
    }
}
