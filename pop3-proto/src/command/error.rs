//! Why a command line could not be parsed.

use super::Verb;

/// Why a command line could not be parsed. A server answers every one of them with `-ERR`
/// (RFC 1939 §3) and counts it as a bad command; `offset` is relative to the line given to
/// [`Command::parse`](super::Command::parse).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum CommandError {
    /// The line is empty.
    #[error("empty command line")]
    Empty,
    /// The line does not start with a keyword (letters and digits) followed by a space or the
    /// end of the line.
    #[error("no command keyword at offset {offset}")]
    InvalidKeyword {
        /// Where the first byte that cannot be part of a keyword is.
        offset: usize,
    },
    /// A control character (CR, LF, NUL, DEL, …) in the line.
    #[error("control character 0x{byte:02x} at offset {offset}")]
    ControlCharacter {
        /// The verb, when the codec recognised it.
        verb: Option<Verb>,
        /// Where the control character is.
        offset: usize,
        /// The control character.
        byte: u8,
    },
    /// A command that needs an argument came without one.
    #[error("{verb} needs an argument")]
    MissingArgument {
        /// The command.
        verb: Verb,
    },
    /// More arguments than the command takes.
    #[error("{verb} takes fewer arguments (offset {offset})")]
    UnexpectedArgument {
        /// The command.
        verb: Verb,
        /// Where the first argument too many starts.
        offset: usize,
    },
    /// An argument is malformed: not a message number, not a digest, not base64, not a
    /// mechanism name, not UTF-8, …
    #[error("invalid argument to {verb} at offset {offset}")]
    InvalidArgument {
        /// The command.
        verb: Verb,
        /// Where the offending byte is.
        offset: usize,
    },
}

impl CommandError {
    /// The command's verb, when the line started with one the codec knows.
    pub fn verb(&self) -> Option<Verb> {
        match self {
            CommandError::Empty | CommandError::InvalidKeyword { .. } => None,
            CommandError::ControlCharacter { verb, .. } => *verb,
            CommandError::MissingArgument { verb }
            | CommandError::UnexpectedArgument { verb, .. }
            | CommandError::InvalidArgument { verb, .. } => Some(*verb),
        }
    }
}
