//! How replies are read ([`ReplyOptions`]) and why they are refused ([`ReplyError`]).

use super::{Reply, ReplyCode};
use crate::line::LineEndings;

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
