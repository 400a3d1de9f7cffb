//! Incremental reply parsing (RFC 5321 §4.2): framing, limits and the tolerated quirks.

use std::borrow::Cow;

use super::model::extract_enhanced;
use super::{Parsed, Reply, ReplyCode};
use crate::line::{LineEndings, next_line};

/// How replies are read: limits checked before memory is taken, and the line break policy.
///
/// The defaults follow RFC 5321 and what real servers send: lines of 512 octets
/// (§4.5.3.1.5), at most 100 lines per reply (an EHLO reply has about 15; a long HELP text
/// a few dozen), bare LF accepted as a line end, invalid UTF-8 replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReplyOptions {
    /// The longest line accepted, reply code and line break included.
    pub max_line_length: usize,
    /// The most lines one reply may have.
    pub max_lines: usize,
    /// Whether a bare LF ends a line (a quirk of some servers) or only CRLF does.
    pub line_endings: LineEndings,
    /// Refuse text that is not UTF-8 ([`ReplyError::InvalidUtf8`]) instead of replacing the
    /// bad bytes with U+FFFD.
    pub reject_invalid_utf8: bool,
}

impl ReplyOptions {
    /// The defaults (see the type).
    pub const DEFAULT: Self = Self {
        max_line_length: Reply::MAX_LINE_LENGTH,
        max_lines: 100,
        line_endings: LineEndings::AcceptBareLf,
        reject_invalid_utf8: false,
    };

    /// The same options with another [`max_line_length`](Self::max_line_length).
    pub const fn with_max_line_length(self, max_line_length: usize) -> Self {
        Self {
            max_line_length,
            ..self
        }
    }

    /// The same options with another [`max_lines`](Self::max_lines).
    pub const fn with_max_lines(self, max_lines: usize) -> Self {
        Self { max_lines, ..self }
    }

    /// The same options with other [`line_endings`](Self::line_endings).
    pub const fn with_line_endings(self, line_endings: LineEndings) -> Self {
        Self {
            line_endings,
            ..self
        }
    }

    /// The same options with [`reject_invalid_utf8`](Self::reject_invalid_utf8) set.
    pub const fn with_reject_invalid_utf8(self, reject_invalid_utf8: bool) -> Self {
        Self {
            reject_invalid_utf8,
            ..self
        }
    }
}

impl Default for ReplyOptions {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Why bytes are not a reply. Offsets count from the start of the input given to the parser.
///
/// After an error the stream cannot be trusted to be in step with the commands sent; a client
/// normally closes the connection (a line can still be skipped with
/// [`skip_line`](crate::line::skip_line) from the offset).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReplyError {
    /// A line does not start with a reply code (three digits: 2-5, 0-5, 0-9).
    #[error("no valid reply code at offset {offset}")]
    InvalidCode {
        /// Where the line starts.
        offset: usize,
    },
    /// A line of a multi-line reply has another code than the first line (RFC 5321 §4.2.1:
    /// "the reply code on each of the lines MUST be the same").
    #[error("reply code {found} at offset {offset} differs from {expected} on the first line")]
    CodeMismatch {
        /// Where the line starts.
        offset: usize,
        /// The code of the first line.
        expected: ReplyCode,
        /// The code of this line.
        found: ReplyCode,
    },
    /// The code is followed by something else than a space, a hyphen or the line end.
    #[error("byte 0x{byte:02x} after the reply code at offset {offset}, expected SP or '-'")]
    InvalidSeparator {
        /// Where the byte is.
        offset: usize,
        /// The byte.
        byte: u8,
    },
    /// A line is longer than [`ReplyOptions::max_line_length`] (known as soon as that many
    /// octets arrived without a line break).
    #[error("reply line at offset {offset} longer than {limit} octets")]
    LineTooLong {
        /// Where the line starts.
        offset: usize,
        /// The limit.
        limit: usize,
    },
    /// The reply has more than [`ReplyOptions::max_lines`] lines.
    #[error("reply longer than {limit} lines at offset {offset}")]
    TooManyLines {
        /// Where the first line over the limit starts.
        offset: usize,
        /// The limit.
        limit: usize,
    },
    /// A NUL, or a CR or LF that does not end the line, inside the text.
    #[error("byte 0x{byte:02x} not allowed in reply text at offset {offset}")]
    InvalidByte {
        /// Where the byte is.
        offset: usize,
        /// The byte.
        byte: u8,
    },
    /// Text that is not UTF-8, with [`ReplyOptions::reject_invalid_utf8`].
    #[error("reply text at offset {offset} is not UTF-8")]
    InvalidUtf8 {
        /// Where the first invalid byte is.
        offset: usize,
    },
}

impl ReplyError {
    /// Where in the input the error is.
    pub fn offset(&self) -> usize {
        match *self {
            Self::InvalidCode { offset }
            | Self::CodeMismatch { offset, .. }
            | Self::InvalidSeparator { offset, .. }
            | Self::LineTooLong { offset, .. }
            | Self::TooManyLines { offset, .. }
            | Self::InvalidByte { offset, .. }
            | Self::InvalidUtf8 { offset } => offset,
        }
    }
}

impl<'a> Reply<'a> {
    /// Parses one reply at the start of `input` with the [default options](ReplyOptions).
    ///
    /// See [`parse_with`](Self::parse_with).
    ///
    /// # Errors
    /// See [`ReplyError`].
    pub fn parse(input: &'a [u8]) -> Result<Parsed<Self>, ReplyError> {
        Self::parse_with(input, &ReplyOptions::DEFAULT)
    }

    /// Parses one reply at the start of `input`, which may hold only part of it, or several
    /// replies (pipelining, RFC 2920, or LMTP's one reply per recipient): the result is
    /// [`Parsed::Incomplete`] until its last line has arrived, then the reply and how many
    /// octets it took. Text is borrowed from `input` unless bad UTF-8 had to be replaced.
    ///
    /// The result does not depend on how the stream was cut: each check is made as soon as the
    /// octets it needs have arrived, in the order of the octets, so a prefix of the input gives
    /// either `Incomplete` or the very result of the whole input. Errors are found early: a
    /// line that cannot start with a reply code is refused at its first octet, an over-long line
    /// as soon as [`max_line_length`](ReplyOptions::max_line_length) octets are there.
    ///
    /// Real-server quirks accepted: a last line with the code alone (`250` CRLF, no space —
    /// RFC 5321 §4.2.1 says clients MUST accept it), continuation lines with no text (`250-`),
    /// a bare LF as line end ([`ReplyOptions::line_endings`]), white space at the end of the
    /// text (kept as sent).
    ///
    /// # Errors
    /// See [`ReplyError`].
    pub fn parse_with(input: &'a [u8], options: &ReplyOptions) -> Result<Parsed<Self>, ReplyError> {
        let mut pos = 0;
        let mut first_code: Option<ReplyCode> = None;
        let mut lines: Vec<Cow<'a, str>> = Vec::new();
        loop {
            let rest = input.get(pos..).unwrap_or_default();
            let Some(code) = line_code(rest, pos, first_code)? else {
                return Ok(Parsed::Incomplete);
            };
            let line = match next_line(rest, options.max_line_length, options.line_endings) {
                Ok(Some(line)) => line,
                Ok(None) => return Ok(Parsed::Incomplete),
                Err(_) => {
                    return Err(ReplyError::LineTooLong {
                        offset: pos,
                        limit: options.max_line_length,
                    });
                }
            };
            let (last, text) = match line.text.get(3..) {
                None | Some([]) => (true, &[][..]),
                Some([b' ', text @ ..]) => (true, text),
                Some([b'-', text @ ..]) => (false, text),
                Some([byte, ..]) => {
                    return Err(ReplyError::InvalidSeparator {
                        offset: pos + 3,
                        byte: *byte,
                    });
                }
            };
            lines.push(decode_text(text, pos + 4, options)?);
            pos += line.consumed;
            if last {
                let enhanced = extract_enhanced(&mut lines);
                return Ok(Parsed::Complete {
                    value: Reply {
                        code,
                        enhanced,
                        lines,
                    },
                    consumed: pos,
                });
            }
            if lines.len() >= options.max_lines {
                return Err(ReplyError::TooManyLines {
                    offset: pos,
                    limit: options.max_lines,
                });
            }
            first_code = Some(code);
        }
    }
}

/// Checks the reply code and separator of the line at the start of `rest` as far as they have
/// arrived: `None` while the three digits are not all there.
fn line_code(
    rest: &[u8],
    offset: usize,
    expected: Option<ReplyCode>,
) -> Result<Option<ReplyCode>, ReplyError> {
    let invalid = ReplyError::InvalidCode { offset };
    let ranges = [b'2'..=b'5', b'0'..=b'5', b'0'..=b'9'];
    for (byte, range) in rest.iter().zip(&ranges) {
        if !range.contains(byte) {
            return Err(invalid);
        }
    }
    let (Some(&a), Some(&b), Some(&c)) = (rest.first(), rest.get(1), rest.get(2)) else {
        return Ok(None);
    };
    let code = ReplyCode::from_digits([a, b, c]).ok_or(invalid)?;
    if let Some(expected) = expected
        && expected != code
    {
        return Err(ReplyError::CodeMismatch {
            offset,
            expected,
            found: code,
        });
    }
    match rest.get(3) {
        None | Some(b' ' | b'-' | b'\r' | b'\n') => Ok(Some(code)),
        Some(&byte) => Err(ReplyError::InvalidSeparator {
            offset: offset + 3,
            byte,
        }),
    }
}

/// The text of one line: NUL and stray CR/LF refused, UTF-8 checked (borrowed) or repaired.
fn decode_text<'a>(
    text: &'a [u8],
    offset: usize,
    options: &ReplyOptions,
) -> Result<Cow<'a, str>, ReplyError> {
    if let Some(i) = memchr::memchr3(0, b'\r', b'\n', text) {
        return Err(ReplyError::InvalidByte {
            offset: offset + i,
            byte: text.get(i).copied().unwrap_or_default(),
        });
    }
    match std::str::from_utf8(text) {
        Ok(text) => Ok(Cow::Borrowed(text)),
        Err(e) if options.reject_invalid_utf8 => Err(ReplyError::InvalidUtf8 {
            offset: offset + e.valid_up_to(),
        }),
        Err(_) => Ok(String::from_utf8_lossy(text)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reply::EnhancedStatusCode;

    fn complete(input: &[u8]) -> (Reply<'_>, usize) {
        match Reply::parse(input).unwrap() {
            Parsed::Complete { value, consumed } => (value, consumed),
            Parsed::Incomplete => panic!("incomplete: {input:?}"),
        }
    }

    #[test]
    fn single_and_multi() {
        let (r, n) = complete(b"250 OK\r\nNEXT");
        assert_eq!(
            (r.code, r.lines.as_slice(), n),
            (ReplyCode::OK, &["OK".into()][..], 8)
        );
        let input = b"250-First line\r\n250-Second line\r\n250-234 Text beginning with numbers\r\n250 The last line\r\n";
        let (r, n) = complete(input);
        assert_eq!(n, input.len());
        assert_eq!(
            r.lines,
            [
                "First line",
                "Second line",
                "234 Text beginning with numbers",
                "The last line"
            ]
        );
        assert!(matches!(r.lines[0], Cow::Borrowed(_)));
    }

    #[test]
    fn quirks() {
        let (r, _) = complete(b"250\r\n");
        assert_eq!(r.lines, [""]);
        let (r, _) = complete(b"334 \r\n");
        assert_eq!(r.lines, [""]);
        let (r, _) = complete(b"250-\r\n250-x\r\n250\r\n");
        assert_eq!(r.lines, ["", "x", ""]);
        let (r, n) = complete(b"250-a\n250 b \n");
        assert_eq!(
            (r.lines.as_slice(), n),
            (&["a".into(), "b ".into()][..], 13)
        );
        let strict = ReplyOptions {
            line_endings: LineEndings::Strict,
            ..ReplyOptions::DEFAULT
        };
        assert_eq!(
            Reply::parse_with(b"250 a\nb\r\n", &strict),
            Err(ReplyError::InvalidByte {
                offset: 5,
                byte: b'\n'
            })
        );
        assert_eq!(
            Reply::parse_with(b"250 a\n", &strict),
            Ok(Parsed::Incomplete)
        );
    }

    #[test]
    fn incomplete() {
        for input in [
            &b""[..],
            b"2",
            b"25",
            b"250",
            b"250 ",
            b"250 OK",
            b"250 OK\r",
            b"250-a\r\n",
            b"250-a\r\n25",
        ] {
            assert_eq!(Reply::parse(input), Ok(Parsed::Incomplete), "{input:?}");
        }
    }

    #[test]
    fn errors() {
        let e = |input: &[u8]| Reply::parse(input).unwrap_err();
        assert_eq!(e(b"x"), ReplyError::InvalidCode { offset: 0 });
        assert_eq!(e(b"1"), ReplyError::InvalidCode { offset: 0 });
        assert_eq!(e(b"26"), ReplyError::InvalidCode { offset: 0 });
        assert_eq!(e(b"25x"), ReplyError::InvalidCode { offset: 0 });
        assert_eq!(e(b"\r\n"), ReplyError::InvalidCode { offset: 0 });
        assert_eq!(e(b"25\r\n"), ReplyError::InvalidCode { offset: 0 });
        assert_eq!(
            e(b"250x"),
            ReplyError::InvalidSeparator {
                offset: 3,
                byte: b'x'
            }
        );
        assert_eq!(
            e(b"250\tx\r\n"),
            ReplyError::InvalidSeparator {
                offset: 3,
                byte: b'\t'
            }
        );
        assert_eq!(
            e(b"250\rx\r\n"),
            ReplyError::InvalidSeparator {
                offset: 3,
                byte: b'\r'
            }
        );
        assert_eq!(
            e(b"250-a\r\n251 b\r\n"),
            ReplyError::CodeMismatch {
                offset: 7,
                expected: ReplyCode::OK,
                found: ReplyCode::USER_NOT_LOCAL_WILL_FORWARD
            }
        );
        assert_eq!(e(b"250-a\r\n2x"), ReplyError::InvalidCode { offset: 7 });
        assert_eq!(
            e(b"250 a\0b\r\n"),
            ReplyError::InvalidByte { offset: 5, byte: 0 }
        );
        assert_eq!(
            e(b"250 a\rb\r\n"),
            ReplyError::InvalidByte {
                offset: 5,
                byte: b'\r'
            }
        );
        let mut long = b"250 ".to_vec();
        long.extend(std::iter::repeat_n(b'a', 508));
        assert_eq!(
            e(&long),
            ReplyError::LineTooLong {
                offset: 0,
                limit: 512
            }
        );
        assert_eq!(Reply::parse(&long[..511]), Ok(Parsed::Incomplete));
        long.truncate(510);
        long.extend(b"\r\n");
        assert_eq!(complete(&long).1, 512);
    }

    #[test]
    fn line_limit() {
        let o = ReplyOptions {
            max_lines: 2,
            ..ReplyOptions::DEFAULT
        };
        assert!(matches!(
            Reply::parse_with(b"250-a\r\n250 b\r\n", &o),
            Ok(Parsed::Complete { .. })
        ));
        assert_eq!(
            Reply::parse_with(b"250-a\r\n250-b\r\n", &o),
            Err(ReplyError::TooManyLines {
                offset: 14,
                limit: 2
            })
        );
    }

    #[test]
    fn utf8() {
        let (r, _) = complete("250 h\u{e9}llo\r\n".as_bytes());
        assert_eq!(r.lines, ["h\u{e9}llo"]);
        let (r, _) = complete(b"250 caf\xe9 ok\r\n");
        assert_eq!(r.lines, ["caf\u{fffd} ok"]);
        assert!(matches!(r.lines[0], Cow::Owned(_)));
        let o = ReplyOptions {
            reject_invalid_utf8: true,
            ..ReplyOptions::DEFAULT
        };
        assert_eq!(
            Reply::parse_with(b"250 caf\xe9 ok\r\n", &o),
            Err(ReplyError::InvalidUtf8 { offset: 7 })
        );
    }

    #[test]
    fn enhanced() {
        let (r, _) = complete(b"551-5.7.1 Forwarding to remote hosts disabled\r\n551 5.7.1 Select another host to act as your forwarder\r\n");
        assert_eq!(
            r.enhanced,
            Some(EnhancedStatusCode::DELIVERY_NOT_AUTHORIZED)
        );
        assert_eq!(
            r.lines,
            [
                "Forwarding to remote hosts disabled",
                "Select another host to act as your forwarder"
            ]
        );
        let (r, _) = complete(b"250-2.0.0 a\r\n250 b\r\n");
        assert_eq!(r.enhanced, None);
        assert_eq!(r.lines, ["2.0.0 a", "b"]);
        let (r, _) = complete(b"235 2.7.0  Authentication Succeeded\r\n");
        assert_eq!(r.lines, [" Authentication Succeeded"]);
        let (r, _) = complete(b"250 2.0.0\r\n");
        assert_eq!(
            (r.enhanced, r.lines.as_slice()),
            (Some(EnhancedStatusCode::SUCCESS), &["".into()][..])
        );
        let (r, _) = complete(b"250 caf\xe9\r\n");
        assert_eq!(r.enhanced, None);
        let (r, _) = complete(b"550 5.1.1 caf\xe9\r\n");
        assert_eq!(r.lines, ["caf\u{fffd}"]);
    }
}
