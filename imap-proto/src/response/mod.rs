//! Server responses (RFC 3501 §7, RFC 9051 §7 and the extensions' responses).
//!
//! Parsed by a client from a whole message as the [`Framer`](crate::frame) delivers it
//! (lines and literals contiguous, up to the final CRLF) with [`Response::parse`], and
//! written by a server through a [`Writer`] ([`Encode`]).
//! Deviations of real servers are accepted only as the [`Quirks`] given say; the encoder
//! never writes one.
//!
//! `response = *(continue-req / response-data) response-done` (RFC 3501 §9): each message is
//! one of
//!
//! | form | type |
//! |---|---|
//! | `tag SP resp-cond-state CRLF` | [`Response::Tagged`] ([`Tagged`]) |
//! | `"*" SP (resp-cond-state / resp-cond-bye / resp-cond-auth) CRLF` | [`Response::Status`] ([`UntaggedStatus`]) |
//! | `"*" SP (mailbox-data / message-data / capability-data / …) CRLF` | [`Response::Data`] ([`Data`]) |
//! | `"+" SP (resp-text / base64) CRLF` | [`Response::Continue`] ([`Continuation`]) |
//!
//! The first message of a connection is a [`Greeting`].
//!
//! ```
//! use imap_proto::encode::Encode;
//! use imap_proto::response::{Code, Data, Response, State};
//!
//! // RFC 3501 §6.3.1.
//! let wire = b"* 172 EXISTS\r\nA142 OK [READ-WRITE] SELECT completed\r\n";
//! let (first, rest) = Response::parse(wire)?;
//! assert_eq!(first, Response::Data(Data::Exists(172)));
//! let (done, rest) = Response::parse(rest)?;
//! let Response::Tagged(tagged) = &done else { unreachable!() };
//! assert_eq!((tagged.tag.as_str(), tagged.state), ("A142", State::Ok));
//! assert_eq!(tagged.text.code(), Some(&Code::ReadWrite));
//! assert!(rest.is_empty());
//! assert_eq!(done.to_wire(), b"A142 OK [READ-WRITE] SELECT completed\r\n");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod code;
mod data;
pub mod fetch;
mod flags;
mod list;
mod namespace;
mod quirks;
mod reader;
mod search;
mod status;
mod text;
mod thread;

use std::borrow::Cow;

pub use code::{Charset, Code, CodeText, OtherCode};
pub use data::{Data, QuotaUsage};
pub use list::{
    ListData, ListExtendedItem, MailboxAttribute, MailboxAttributeExtension, TaggedExtComp,
    TaggedExtSimple, TaggedExtValue,
};
pub use namespace::{NamespaceDescription, Namespaces};
pub use quirks::Quirks;
pub use search::{ESearch, SearchReturnData};
pub use status::StatusItem;
pub use text::{Delimiter, RespText, Text};
pub use thread::{MAX_THREAD_DEPTH, Thread};

use crate::encode::{Encode, Writer};
use crate::error::{InvalidValue, ParseError, Rule};
use crate::types::Tag;
use reader::Reader;

/// `resp-cond-state = ("OK" / "NO" / "BAD") SP resp-text` (RFC 3501 §7.1): the outcome of a
/// command in its tagged completion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    /// `OK`: success (RFC 3501 §7.1.1).
    Ok,
    /// `NO`: failure (§7.1.2).
    No,
    /// `BAD`: a protocol error (§7.1.3).
    Bad,
}

/// The untagged status responses (RFC 3501 §7.1): `resp-cond-state`, `resp-cond-auth`'s
/// `PREAUTH` and `resp-cond-bye`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// `OK`: information (RFC 3501 §7.1.1).
    Ok,
    /// `NO`: a warning (§7.1.2).
    No,
    /// `BAD`: an error not tied to a command (§7.1.3).
    Bad,
    /// `PREAUTH`: the connection is already authenticated (greeting only, §7.1.4).
    PreAuth,
    /// `BYE`: the server is closing the connection (§7.1.5).
    Bye,
}

impl Status {
    const NAMES: [(&'static str, Status); 5] = [
        ("OK", Status::Ok),
        ("NO", Status::No),
        ("BAD", Status::Bad),
        ("PREAUTH", Status::PreAuth),
        ("BYE", Status::Bye),
    ];

    /// The keyword.
    pub fn name(self) -> &'static str {
        match self {
            Status::Ok => "OK",
            Status::No => "NO",
            Status::Bad => "BAD",
            Status::PreAuth => "PREAUTH",
            Status::Bye => "BYE",
        }
    }

    fn from_name(name: &[u8]) -> Option<Self> {
        Self::NAMES
            .iter()
            .find(|(n, _)| n.as_bytes().eq_ignore_ascii_case(name))
            .map(|(_, s)| *s)
    }
}

impl State {
    /// The keyword.
    pub fn name(self) -> &'static str {
        self.status().name()
    }

    fn status(self) -> Status {
        match self {
            State::Ok => Status::Ok,
            State::No => Status::No,
            State::Bad => Status::Bad,
        }
    }
}

/// `response-tagged = tag SP resp-cond-state CRLF` (RFC 3501 §7.1, §9): the completion of
/// the command with this tag.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Tagged<'a> {
    /// The command's tag.
    pub tag: Tag<'a>,
    /// `OK`, `NO` or `BAD`.
    pub state: State,
    /// The code and text.
    pub text: RespText<'a>,
}

/// An untagged status response: `"*" SP (resp-cond-state / resp-cond-bye / resp-cond-auth)
/// CRLF` (RFC 3501 §7.1).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UntaggedStatus<'a> {
    /// `OK`, `NO`, `BAD`, `PREAUTH` or `BYE`.
    pub status: Status,
    /// The code and text.
    pub text: RespText<'a>,
}

/// `continue-req = "+" SP (resp-text / base64) CRLF` (RFC 3501 §7.5): the server is ready
/// for a literal's data, the rest of a command, or (AUTHENTICATE) the client's answer to a
/// challenge.
///
/// A line that is `base64` (only the base64 alphabet, whole quadruples, `=` padding at the
/// end) and has no code reads as [`Continuation::Base64`]; `+ ` with nothing after it too
/// (an empty challenge). So a [`Continuation::Text`] without a code whose text is base64
/// (`+ abcd`) or empty is written as it should be but reads back as
/// [`Continuation::Base64`]: the two forms are the same octets.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Continuation<'a> {
    /// `resp-text`: a code and human-readable text.
    Text(RespText<'a>),
    /// `base64`: a SASL challenge, kept encoded.
    Base64(Base64<'a>),
}

/// `base64 = *(4base64-char) [base64-terminal]` (RFC 3501 §9): encoded octets, checked at
/// construction.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Base64<'a>(Cow<'a, str>);

fn is_base64(text: &[u8]) -> bool {
    if !text.len().is_multiple_of(4) {
        return false;
    }
    let body = text
        .strip_suffix(b"==")
        .or_else(|| text.strip_suffix(b"="))
        .unwrap_or(text);
    body.iter()
        .all(|&b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
}

impl<'a> Base64<'a> {
    /// Base64 text.
    ///
    /// # Errors
    /// [`InvalidValue`] (rule `base64`) when `text` is not `base64`.
    pub fn new(text: impl Into<Cow<'a, str>>) -> Result<Self, InvalidValue> {
        let text = text.into();
        if !is_base64(text.as_bytes()) {
            return Err(InvalidValue {
                rule: Rule::Base64,
                offset: 0,
            });
        }
        Ok(Self(text))
    }

    /// The encoded text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The same value, owned.
    pub fn into_owned(self) -> Base64<'static> {
        Base64(Cow::Owned(self.0.into_owned()))
    }
}

impl Continuation<'_> {
    /// The same value, owning everything it borrowed.
    pub fn into_owned(self) -> Continuation<'static> {
        match self {
            Continuation::Text(t) => Continuation::Text(t.into_owned()),
            Continuation::Base64(b) => Continuation::Base64(b.into_owned()),
        }
    }
}

/// One server response (RFC 3501 §7; see the [module](self) overview).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response<'a> {
    /// A tagged completion.
    Tagged(Tagged<'a>),
    /// An untagged `OK`/`NO`/`BAD`/`PREAUTH`/`BYE`.
    Status(UntaggedStatus<'a>),
    /// Untagged data.
    Data(Data<'a>),
    /// A continuation request.
    Continue(Continuation<'a>),
}

impl<'a> Response<'a> {
    /// Reads one response at the start of `input` (a whole message, literals included, up to
    /// its CRLF) accepting the deviations of [`Quirks::default`]; returns it and the rest.
    ///
    /// # Errors
    /// [`ParseError::Incomplete`] when `input` ends before the response does;
    /// [`ParseError::Invalid`] at the first octet that does not fit.
    pub fn parse(input: &'a [u8]) -> Result<(Self, &'a [u8]), ParseError> {
        Self::parse_with(input, Quirks::default())
    }

    /// As [`Response::parse`], accepting the deviations `quirks` allows.
    ///
    /// # Errors
    /// As [`Response::parse`].
    pub fn parse_with(input: &'a [u8], quirks: Quirks) -> Result<(Self, &'a [u8]), ParseError> {
        let mut r = Reader::new(input, quirks);
        let response = match r.c.need()? {
            b'*' => {
                r.c.bump();
                r.sp(Rule::Response)?;
                untagged(&mut r)?
            }
            b'+' => {
                r.c.bump();
                Response::Continue(continuation(&mut r)?)
            }
            _ => Response::Tagged(tagged(&mut r)?),
        };
        line_end(&mut r)?;
        Ok((response, r.c.rest()))
    }

    /// The same response, owning everything it borrowed.
    pub fn into_owned(self) -> Response<'static> {
        match self {
            Response::Tagged(t) => Response::Tagged(Tagged {
                tag: t.tag.into_owned(),
                state: t.state,
                text: t.text.into_owned(),
            }),
            Response::Status(s) => Response::Status(UntaggedStatus {
                status: s.status,
                text: s.text.into_owned(),
            }),
            Response::Data(d) => Response::Data(d.into_owned()),
            Response::Continue(c) => Response::Continue(c.into_owned()),
        }
    }
}

/// `CRLF` (a bare LF is taken too, as the framing stage may deliver one).
fn line_end(r: &mut Reader<'_>) -> Result<(), ParseError> {
    r.skip_extra_spaces();
    match r.c.need()? {
        b'\n' => {
            r.c.bump();
            Ok(())
        }
        b'\r' => {
            r.c.bump();
            r.c.expect(b'\n', Rule::Response)
        }
        _ => Err(r.c.invalid(Rule::Response)),
    }
}

/// Reads `SP resp-text` after a status keyword; with [`Quirks::missing_text`] the line may
/// end right after it.
fn sp_resp_text<'a>(r: &mut Reader<'a>) -> Result<RespText<'a>, ParseError> {
    if r.quirks.missing_text && matches!(r.c.need()?, b'\r' | b'\n') {
        return Ok(RespText::default());
    }
    r.c.expect(b' ', Rule::RespCondState)?;
    RespText::read(r)
}

fn tagged<'a>(r: &mut Reader<'a>) -> Result<Tagged<'a>, ParseError> {
    let start = r.c.pos;
    let (tag, rest) = Tag::parse(r.c.rest()).map_err(|e| match e {
        ParseError::Invalid { offset, rule } => ParseError::Invalid {
            rule,
            offset: start + offset,
        },
        other => other,
    })?;
    r.c.pos = r.c.input.len() - rest.len();
    r.sp(Rule::Response)?;
    let at = r.c.pos;
    let word = r.c.take_while(|b| b.is_ascii_alphabetic())?;
    let state = match Status::from_name(word) {
        Some(Status::Ok) => State::Ok,
        Some(Status::No) => State::No,
        Some(Status::Bad) => State::Bad,
        _ => return Err(r.c.invalid_at(at, Rule::RespCondState)),
    };
    let text = sp_resp_text(r)?;
    Ok(Tagged { tag, state, text })
}

fn continuation<'a>(r: &mut Reader<'a>) -> Result<Continuation<'a>, ParseError> {
    if matches!(r.c.need()?, b'\r' | b'\n') {
        if r.quirks.empty_continuation {
            return Ok(Continuation::Base64(Base64::default()));
        }
        return Err(r.c.invalid(Rule::ContinueReq));
    }
    r.c.expect(b' ', Rule::ContinueReq)?;
    let rest = r.c.rest();
    let end = memchr::memchr2(b'\r', b'\n', rest).ok_or(ParseError::Incomplete { needed: 1 })?;
    let line = rest.get(..end).unwrap_or_default();
    if is_base64(line) {
        r.c.pos += end;
        // Only ASCII passed the check.
        let text = std::str::from_utf8(line).unwrap_or_default();
        return Ok(Continuation::Base64(Base64(Cow::Borrowed(text))));
    }
    RespText::read(r).map(Continuation::Text)
}

fn untagged<'a>(r: &mut Reader<'a>) -> Result<Response<'a>, ParseError> {
    if r.c.need()?.is_ascii_digit() {
        return data::read_numbered(r).map(Response::Data);
    }
    let at = r.c.pos;
    let word =
        r.c.take_while(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')?;
    if let Some(status) = Status::from_name(word) {
        let text = sp_resp_text(r)?;
        return Ok(Response::Status(UntaggedStatus { status, text }));
    }
    data::read_keyword(r, word, at).map(Response::Data)
}

impl Encode for Response<'_> {
    fn encode(&self, w: &mut Writer) {
        match self {
            Response::Tagged(t) => {
                w.value(&t.tag).sp();
                w.push_raw(t.state.name().as_bytes());
                w.sp().value(&t.text);
            }
            Response::Status(s) => {
                w.push_raw(b"* ");
                w.push_raw(s.status.name().as_bytes());
                w.sp().value(&s.text);
            }
            Response::Data(d) => {
                w.push_raw(b"* ");
                d.encode(w);
            }
            Response::Continue(c) => {
                w.push_raw(b"+ ");
                match c {
                    Continuation::Text(t) => t.encode(w),
                    Continuation::Base64(b) => w.push_raw(b.0.as_bytes()),
                }
            }
        }
        w.crlf();
    }
}

/// `greeting = "*" SP (resp-cond-auth / resp-cond-bye) CRLF` (RFC 3501 §7.1, §9): the
/// server's first response. `resp-cond-auth = ("OK" / "PREAUTH") SP resp-text`.
///
/// ```
/// use imap_proto::response::{Greeting, Status};
/// let (g, _) = Greeting::parse(b"* OK IMAP4rev1 Service Ready\r\n")?;
/// assert_eq!((g.status, g.text.text().as_str()), (Status::Ok, "IMAP4rev1 Service Ready"));
/// # Ok::<(), imap_proto::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Greeting<'a> {
    /// `OK`, `PREAUTH` or `BYE` (never `NO` or `BAD`: [`Greeting::new`] checks).
    pub status: Status,
    /// The code (often `CAPABILITY`) and text.
    pub text: RespText<'a>,
}

impl<'a> Greeting<'a> {
    /// A greeting.
    ///
    /// # Errors
    /// [`InvalidValue`] (rule `greeting`) for `NO` or `BAD`.
    pub fn new(status: Status, text: RespText<'a>) -> Result<Self, InvalidValue> {
        match status {
            Status::Ok | Status::PreAuth | Status::Bye => Ok(Self { status, text }),
            Status::No | Status::Bad => Err(InvalidValue {
                rule: Rule::Greeting,
                offset: 0,
            }),
        }
    }

    /// Reads a greeting at the start of `input` with [`Quirks::default`]; returns it and
    /// the rest.
    ///
    /// # Errors
    /// As [`Response::parse`]; [`ParseError::Invalid`] (rule `greeting`) for any other
    /// response.
    pub fn parse(input: &'a [u8]) -> Result<(Self, &'a [u8]), ParseError> {
        Self::parse_with(input, Quirks::default())
    }

    /// As [`Greeting::parse`], accepting the deviations `quirks` allows.
    ///
    /// # Errors
    /// As [`Greeting::parse`].
    pub fn parse_with(input: &'a [u8], quirks: Quirks) -> Result<(Self, &'a [u8]), ParseError> {
        let mut r = Reader::new(input, quirks);
        r.c.expect(b'*', Rule::Greeting)?;
        r.sp(Rule::Greeting)?;
        let at = r.c.pos;
        let word = r.c.take_while(|b| b.is_ascii_alphabetic())?;
        let Some(status @ (Status::Ok | Status::PreAuth | Status::Bye)) = Status::from_name(word)
        else {
            return Err(r.c.invalid_at(at, Rule::Greeting));
        };
        let text = sp_resp_text(&mut r)?;
        line_end(&mut r)?;
        Ok((Self { status, text }, r.c.rest()))
    }

    /// The same greeting, owning everything it borrowed.
    pub fn into_owned(self) -> Greeting<'static> {
        Greeting {
            status: self.status,
            text: self.text.into_owned(),
        }
    }
}

impl Encode for Greeting<'_> {
    fn encode(&self, w: &mut Writer) {
        w.push_raw(b"* ");
        w.push_raw(self.status.name().as_bytes());
        w.sp().value(&self.text).crlf();
    }
}
