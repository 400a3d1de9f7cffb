//! Reading status lines and SASL continuation lines (RFC 1939 §3, RFC 2449 §§4, 8,
//! RFC 5034 §4). Each parser takes one line without its CRLF (the framing is
//! [`crate::line`]'s job) and borrows from it.
//!
//! Reading is lenient where the RFCs' own servers differ and that cannot confuse the
//! framing: the status indicator is matched ignoring case, a malformed `[...]` is kept as
//! text, a continuation may be a bare `+`. It is strict where a lenient reading would be
//! unsafe: CR, LF and NUL are never accepted inside a line.

use super::code::{ResponseCode, code_error};
use super::{Continuation, Status, StatusLine, Text, text_error};

/// Why a response line could not be parsed. `offset` is relative to the line given to the
/// parser.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum ResponseError {
    /// The line is not a POP3 response.
    #[error("malformed response at offset {offset}")]
    Syntax {
        /// Where the offending byte is.
        offset: usize,
    },
    /// The line does not start with `+OK` or `-ERR` followed by a space or its end
    /// (RFC 1939 §3).
    #[error("no status indicator at offset {offset}")]
    Status {
        /// Where the offending byte is.
        offset: usize,
    },
    /// A CR, LF or NUL inside the line.
    #[error("control character 0x{byte:02x} at offset {offset}")]
    ControlCharacter {
        /// Where it is.
        offset: usize,
        /// The control character.
        byte: u8,
    },
    /// A number (message number, count, size, delay) that is missing, not decimal digits,
    /// zero where it must not be, or too large.
    #[error("invalid number at offset {offset}")]
    Number {
        /// Where the number (or what stands in its place) starts.
        offset: usize,
    },
    /// A unique-id that breaks RFC 1939 §7 (1 to 70 characters 0x21 to 0x7E).
    #[error("invalid unique-id at offset {offset}")]
    UniqueId {
        /// Where the offending byte is.
        offset: usize,
    },
    /// A capability line that breaks RFC 2449 §5's `capa-tag *(SP param)`, or a typed
    /// capability with a parameter it cannot have.
    #[error("invalid capability at offset {offset}")]
    Capability {
        /// Where the offending byte is.
        offset: usize,
    },
    /// A continuation line that is not `+`, `+ ` or `+ ` base64 (RFC 5034 §4).
    #[error("invalid continuation at offset {offset}")]
    Continuation {
        /// Where the offending byte is.
        offset: usize,
    },
    /// A line longer than the limit, CRLF included.
    #[error("response line longer than {limit} octets")]
    LineTooLong {
        /// The limit.
        limit: usize,
    },
}

/// The control-character error for `bytes` that start at `base` in the line.
pub(crate) fn control_error(bytes: &[u8], base: usize) -> Result<(), ResponseError> {
    match text_error(bytes) {
        Some(i) => Err(ResponseError::ControlCharacter {
            offset: base + i,
            byte: bytes.get(i).copied().unwrap_or(0),
        }),
        None => Ok(()),
    }
}

/// The status indicator at the start of `line` and the offset after it, ignoring case.
fn status(line: &[u8]) -> Result<(Status, usize), ResponseError> {
    let (status, len) = if line
        .get(..3)
        .is_some_and(|s| s.eq_ignore_ascii_case(b"+OK"))
    {
        (Status::Ok, 3)
    } else if line
        .get(..4)
        .is_some_and(|s| s.eq_ignore_ascii_case(b"-ERR"))
    {
        (Status::Err, 4)
    } else {
        let offset = usize::from(matches!(line.first(), Some(b'+' | b'-')));
        return Err(ResponseError::Status { offset });
    };
    match line.get(len) {
        None | Some(b' ') => Ok((status, len)),
        Some(_) => Err(ResponseError::Status { offset: len }),
    }
}

impl<'a> StatusLine<'a> {
    /// Reads a status line (RFC 1939 §3; RFC 2449 §§4, 8): `+OK` or `-ERR` (upper case on the
    /// wire; read ignoring case), then optionally a space and the text. A response code is
    /// recognised only at the very start of the text (`text = *schar / resp-code *CHAR`);
    /// one space after its `]` is skipped. A `[` that does not open a well-formed code is
    /// kept as text. The text is kept as octets (8-bit text passes, RFC 6856 §2).
    ///
    /// ```
    /// use pop3_proto::response::{ResponseCode, StatusLine};
    /// let line = StatusLine::parse(b"-ERR [IN-USE] Do you have another POP session running?")?;
    /// assert_eq!(line.code, Some(ResponseCode::InUse));
    /// assert_eq!(line.text.as_bytes(), b"Do you have another POP session running?");
    /// # Ok::<(), pop3_proto::response::ResponseError>(())
    /// ```
    ///
    /// # Errors
    /// [`ResponseError::Status`] when the line does not start with a status indicator,
    /// [`ResponseError::ControlCharacter`] for a CR, LF or NUL in it.
    pub fn parse(line: &'a [u8]) -> Result<Self, ResponseError> {
        let (status, len) = status(line)?;
        let start = len + 1;
        let rest = line.get(start..).unwrap_or_default();
        control_error(rest, start)?;
        let (code, text) = split_code(rest);
        Ok(StatusLine {
            status,
            code,
            text: Text::from_checked(text),
        })
    }

    /// The APOP timestamp of a greeting (RFC 1939 §7), angle brackets included: the
    /// msg-id the server put in its banner, e.g. `<1896.697170952@dbc.mtview.ca.us>`.
    ///
    /// RFC 2449 §3 writes the greeting `"+OK" [resp-code] *gchar [timestamp] *gchar`, where
    /// `gchar` excludes `<` and `timestamp = "<" *VCHAR ">"` must be an RFC 822 msg-id
    /// (`"<" addr-spec ">"`). The timestamp is therefore taken from a `<` to the first `>`
    /// after it, with only visible characters between them and an `@` among them. Reading
    /// leniently, a `<` that does not start such a span is skipped and the next one tried.
    /// `None` when there is no timestamp (APOP is then not possible) or the line is `-ERR`.
    pub fn apop_timestamp(&self) -> Option<&[u8]> {
        if self.status != Status::Ok {
            return None;
        }
        let text = self.text.as_bytes();
        let mut from = 0;
        while let Some(i) = text.get(from..).and_then(|t| memchr::memchr(b'<', t)) {
            let open = from + i;
            let after = text.get(open + 1..).unwrap_or_default();
            let close = after
                .iter()
                .position(|&b| b == b'>' || b == b'<' || !(0x21..=0x7e).contains(&b));
            if let Some(j) = close
                && after.get(j) == Some(&b'>')
                && after.get(..j).is_some_and(|inner| inner.contains(&b'@'))
            {
                return text.get(open..open + j + 2);
            }
            from = open + 1;
        }
        None
    }
}

/// Splits the text after `status SP` into a response code and the text after it.
fn split_code(rest: &[u8]) -> (Option<ResponseCode<'_>>, &[u8]) {
    if rest.first() != Some(&b'[') {
        return (None, rest);
    }
    let Some(close) = memchr::memchr(b']', rest) else {
        return (None, rest);
    };
    let inner = rest.get(1..close).unwrap_or_default();
    if code_error(inner).is_some() {
        return (None, rest);
    }
    let Ok(inner) = std::str::from_utf8(inner) else {
        return (None, rest);
    };
    let mut text = rest.get(close + 1..).unwrap_or_default();
    if let Some(t) = text.strip_prefix(b" ") {
        text = t;
    }
    (
        Some(ResponseCode::from_checked(std::borrow::Cow::Borrowed(
            inner,
        ))),
        text,
    )
}

/// Whether `b` is in the base64 alphabet (RFC 4648 §4), padding included.
fn is_base64(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=')
}

impl<'a> Continuation<'a> {
    /// Reads a SASL continuation line (RFC 5034 §4): `+` SP base64, `+` SP for an empty
    /// challenge, or a bare `+` as some servers send. Spaces at the end are ignored. The
    /// text is checked against the base64 alphabet; [`decode`](Self::decode) checks the
    /// rest (padding, length).
    ///
    /// # Errors
    /// [`ResponseError::Continuation`] when the line does not start with `+` followed by a
    /// space or its end, or holds a character outside the base64 alphabet.
    pub fn parse(line: &'a [u8]) -> Result<Self, ResponseError> {
        let rest = match line {
            [b'+'] => &[][..],
            [b'+', b' ', rest @ ..] => rest,
            [b'+', ..] => return Err(ResponseError::Continuation { offset: 1 }),
            _ => return Err(ResponseError::Continuation { offset: 0 }),
        };
        let end = rest.iter().rposition(|&b| b != b' ').map_or(0, |i| i + 1);
        let text = rest.get(..end).unwrap_or_default();
        if let Some(i) = text.iter().position(|&b| !is_base64(b)) {
            return Err(ResponseError::Continuation { offset: 2 + i });
        }
        let text = std::str::from_utf8(text).unwrap_or_default();
        Ok(Continuation::from_checked(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_lines() {
        let l = StatusLine::parse(b"+OK 2 320").unwrap();
        assert_eq!(l.status, Status::Ok);
        assert_eq!(l.code, None);
        assert_eq!(l.text.as_bytes(), b"2 320");
        let l = StatusLine::parse(b"-ERR").unwrap();
        assert_eq!((l.status, l.text.as_bytes()), (Status::Err, &b""[..]));
        let l = StatusLine::parse(b"+ok fine").unwrap();
        assert_eq!(l.status, Status::Ok);
        let l = StatusLine::parse(b"-err [sys/temp] later").unwrap();
        assert_eq!(l.code, Some(ResponseCode::SysTemp));
        assert_eq!(l.text.as_bytes(), b"later");
        let l = StatusLine::parse(b"-ERR [AUTH]").unwrap();
        assert_eq!(l.code, Some(ResponseCode::Auth));
        assert!(l.text.is_empty());
        let l = StatusLine::parse(b"-ERR [X-FOO/BAR]glued").unwrap();
        assert_eq!(l.code, Some(ResponseCode::Other("X-FOO/BAR".into())));
        assert_eq!(l.text.as_bytes(), b"glued");
        // Not a code: kept as text.
        for text in [&b"[unclosed"[..], b"[a b] x", b"[] x", b"[a//b] x"] {
            let mut line = b"-ERR ".to_vec();
            line.extend_from_slice(text);
            let l = StatusLine::parse(&line).unwrap();
            assert_eq!((l.code, l.text.as_bytes()), (None, text));
        }
        // A code only directly after the status and its space.
        let l = StatusLine::parse(b"-ERR x [IN-USE]").unwrap();
        assert_eq!(l.code, None);
        // 8-bit text passes.
        let l = StatusLine::parse("+OK Grüße".as_bytes()).unwrap();
        assert_eq!(l.text.as_bytes(), "Grüße".as_bytes());
    }

    #[test]
    fn status_errors() {
        assert_eq!(
            StatusLine::parse(b"OK"),
            Err(ResponseError::Status { offset: 0 })
        );
        assert_eq!(
            StatusLine::parse(b"+OKAY"),
            Err(ResponseError::Status { offset: 3 })
        );
        assert_eq!(
            StatusLine::parse(b"+ dGVzdA=="),
            Err(ResponseError::Status { offset: 1 })
        );
        assert_eq!(
            StatusLine::parse(b""),
            Err(ResponseError::Status { offset: 0 })
        );
        assert_eq!(
            StatusLine::parse(b"+OK a\rb"),
            Err(ResponseError::ControlCharacter {
                offset: 5,
                byte: b'\r'
            })
        );
        assert_eq!(
            StatusLine::parse(b"-ERR \0"),
            Err(ResponseError::ControlCharacter { offset: 5, byte: 0 })
        );
    }

    #[test]
    fn apop_timestamps() {
        let ts = |line: &[u8]| {
            StatusLine::parse(line)
                .unwrap()
                .apop_timestamp()
                .map(<[u8]>::to_vec)
        };
        assert_eq!(
            ts(b"+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>"),
            Some(b"<1896.697170952@dbc.mtview.ca.us>".to_vec())
        );
        // Text after the timestamp, a response code before it.
        assert_eq!(ts(b"+OK [X] <1.2@h> ready"), Some(b"<1.2@h>".to_vec()));
        // No `@`: not a msg-id. A space inside: not VCHARs. Unterminated. Empty.
        assert_eq!(ts(b"+OK <1896.697170952> ready"), None);
        assert_eq!(ts(b"+OK <a b@c>"), None);
        assert_eq!(ts(b"+OK <a@b"), None);
        assert_eq!(ts(b"+OK <>"), None);
        assert_eq!(ts(b"+OK ready"), None);
        // A stray `<` is skipped; the first well-formed timestamp counts.
        assert_eq!(ts(b"+OK < <x@y> <z@w>"), Some(b"<x@y>".to_vec()));
        assert_eq!(ts(b"+OK <<x@y>>"), Some(b"<x@y>".to_vec()));
        // Not in an -ERR.
        assert_eq!(ts(b"-ERR <1.2@h>"), None);
    }

    #[test]
    fn continuations() {
        assert_eq!(Continuation::parse(b"+").unwrap().as_str(), "");
        assert_eq!(Continuation::parse(b"+ ").unwrap().as_str(), "");
        assert_eq!(
            Continuation::parse(b"+ dGVzdA== ").unwrap().decode(),
            Some(b"test".to_vec())
        );
        assert_eq!(
            Continuation::parse(b"+OK"),
            Err(ResponseError::Continuation { offset: 1 })
        );
        assert_eq!(
            Continuation::parse(b"- x"),
            Err(ResponseError::Continuation { offset: 0 })
        );
        assert_eq!(
            Continuation::parse(b"+ ab*c"),
            Err(ResponseError::Continuation { offset: 4 })
        );
    }
}
