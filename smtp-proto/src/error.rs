//! Errors shared by the encoders.

/// Why a value could not be written to the wire. Encoders refuse instead of writing something
/// a peer could read differently (a CR or LF inside an argument would end the line early and
/// inject a command or a reply line).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeError {
    /// A byte that may not appear in this element (CR, LF, NUL or another control character,
    /// a space inside a single token, …).
    #[error("byte 0x{byte:02x} not allowed in {element}")]
    InvalidByte {
        /// What was being written, in the RFC's words (`esmtp-value`, `Domain`, `text`…).
        element: &'static str,
        /// The offending byte.
        byte: u8,
    },
    /// An element that may not be empty was empty.
    #[error("{element} must not be empty")]
    Empty {
        /// What was being written.
        element: &'static str,
    },
    /// The line would be longer than the limit (RFC 5321 §4.5.3.1.4: 512 octets for a command
    /// line, §4.5.3.1.5: 512 for a reply line, both including CRLF; extensions raise them).
    #[error("line of {len} octets exceeds the limit of {limit}")]
    LineTooLong {
        /// Octets the line would have, CRLF included.
        len: usize,
        /// The limit.
        limit: usize,
    },
    /// A value outside the range its element allows (a reply code outside 200-599, …).
    #[error("{element} out of range")]
    OutOfRange {
        /// What was being written.
        element: &'static str,
    },
    /// A value that is not well-formed as a whole (a quoted string left open, base64 with
    /// padding in the middle, a date that does not exist, …).
    #[error("not a valid {element} (at offset {offset})")]
    Invalid {
        /// What was being written.
        element: &'static str,
        /// Where in the value the problem was found.
        offset: usize,
    },
    /// A value that would be read back as something else: an "unrecognised" command whose verb
    /// is one the codec recognises, an "unknown" ESMTP parameter whose keyword has a typed
    /// field, a `VRFY` argument ending in the word `SMTPUTF8` without the flag set.
    #[error("{element} is reserved: it would be read back as something else")]
    Reserved {
        /// What was being written.
        element: &'static str,
    },
}
