//! Why a command line could not be parsed, and the reply the RFCs ask a server to send.

use std::fmt;

use mail_message::envelope::EnvelopeError;

use super::Verb;

/// Why a command line could not be parsed.
///
/// Every variant says where (`offset`, relative to the line given to
/// [`Command::parse`](super::Command::parse)) and which reply the RFCs ask a server to answer
/// with: [`reply_code`](Self::reply_code) and [`enhanced_status`](Self::enhanced_status)
/// (RFC 3463). A line with a well-formed verb the codec does not know is not an error: it
/// parses as [`Command::Unknown`](super::Command::Unknown).
///
/// | variant | reply |
/// |---|---|
/// | [`Empty`](Self::Empty), [`InvalidVerb`](Self::InvalidVerb) | `500 5.5.2` (RFC 5321 §4.2.2, command unrecognized) |
/// | [`ControlCharacter`](Self::ControlCharacter), [`InvalidUtf8`](Self::InvalidUtf8) | `501 5.5.2`, `500 5.5.2` after an unrecognised verb |
/// | [`Syntax`](Self::Syntax) | `501 5.5.2` (syntax error in parameters or arguments) |
/// | [`MissingArgument`](Self::MissingArgument), [`UnexpectedArgument`](Self::UnexpectedArgument) | `501 5.5.4` (RFC 5321 §4.1.1: "servers SHOULD reject commands containing \[parameters\] as having invalid syntax") |
/// | [`ReversePath`](Self::ReversePath) | `553 5.1.7` (mailbox syntax incorrect), `501 5.1.7` when too long (§4.5.3.1.9), `550 5.6.7` for UTF-8 without SMTPUTF8 (RFC 6531 §3.5) |
/// | [`ForwardPath`](Self::ForwardPath) | `553 5.1.3`, `501 5.1.3` when too long, `553 5.6.7` for UTF-8 without SMTPUTF8 |
/// | [`Parameter`](Self::Parameter) | `501 5.5.4` (RFC 3461 §5.1, RFC 1870 §6, …); `552 5.3.4` for a `SIZE` beyond any limit (RFC 1870 §6.1) |
/// | [`EsmtpParameter`](Self::EsmtpParameter) | `501 5.5.2` |
/// | [`Mechanism`](Self::Mechanism) | `504 5.5.4` (RFC 4954 §4: invalid mechanism) |
/// | [`InitialResponse`](Self::InitialResponse) | `501 5.5.2` (RFC 4954 §4: cannot BASE64 decode) |
/// | [`ChunkSize`](Self::ChunkSize) | `501 5.5.4` |
///
/// An ESMTP parameter that is well-formed but unknown is not an error either: it is kept
/// (`unknown` in [`MailParameters`](super::MailParameters) and
/// [`RcptParameters`](super::RcptParameters)); a server that does not implement it answers
/// `555` (RFC 5321 §4.1.1.11).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum CommandError {
    /// The line is empty (or only white space).
    #[error("empty command line")]
    Empty,
    /// The line does not start with a verb: `1*(ALPHA / DIGIT / "-")` followed by a space or
    /// the end of the line.
    #[error("no command verb at offset {offset}")]
    InvalidVerb {
        /// Where the first byte that cannot be part of a verb is.
        offset: usize,
    },
    /// A control character (other than trailing white space) in the line: CR, LF, NUL, HTAB
    /// inside the line, DEL, …
    #[error("control character 0x{byte:02x} at offset {offset}")]
    ControlCharacter {
        /// The verb, when the codec recognised it.
        verb: Option<Verb>,
        /// Where the control character is.
        offset: usize,
        /// The control character.
        byte: u8,
    },
    /// Octets that are not UTF-8, or a C1 control character (RFC 5198 §2), in an argument.
    #[error("invalid UTF-8 at offset {offset}")]
    InvalidUtf8 {
        /// The verb, when the codec recognised it.
        verb: Option<Verb>,
        /// Where the invalid sequence starts.
        offset: usize,
    },
    /// A command that takes an argument came without one (`EHLO`, `MAIL`, `VRFY`, `AUTH`, …).
    #[error("{verb} needs an argument")]
    MissingArgument {
        /// The command.
        verb: Verb,
        /// Where the argument should start (the end of the line).
        offset: usize,
    },
    /// A command that takes no argument came with one (`DATA`, `RSET`, `QUIT`, `STARTTLS`).
    #[error("{verb} takes no argument (offset {offset})")]
    UnexpectedArgument {
        /// The command.
        verb: Verb,
        /// Where the argument starts.
        offset: usize,
    },
    /// The argument does not match the command's grammar.
    #[error("syntax error in {verb} at offset {offset}: expected {expected}")]
    Syntax {
        /// The command.
        verb: Verb,
        /// Where the unexpected byte (or the end of the line) is.
        offset: usize,
        /// What the grammar expected there.
        expected: &'static str,
    },
    /// The reverse-path of `MAIL` is not valid (RFC 5321 §4.1.2).
    #[error("invalid reverse-path: {error} (path at offset {offset})")]
    ReversePath {
        /// Where the path starts in the line; `error`'s offset is relative to it.
        offset: usize,
        /// What the envelope parser found.
        error: EnvelopeError,
    },
    /// The forward-path of `RCPT` is not valid (RFC 5321 §4.1.2).
    #[error("invalid forward-path: {error} (path at offset {offset})")]
    ForwardPath {
        /// Where the path starts in the line; `error`'s offset is relative to it.
        offset: usize,
        /// What the envelope parser found.
        error: EnvelopeError,
    },
    /// A parameter with a typed meaning (`SIZE`, `BODY`, `NOTIFY`, …) is wrong.
    #[error("{verb} parameter {keyword} at offset {offset}: {problem}")]
    Parameter {
        /// `Mail` or `Rcpt`.
        verb: Verb,
        /// The parameter's keyword, in upper case.
        keyword: &'static str,
        /// Where the parameter starts.
        offset: usize,
        /// What is wrong with it.
        problem: ParameterProblem,
    },
    /// A parameter that is not an `esmtp-param` (RFC 5321 §4.1.2) at all.
    #[error("malformed {verb} parameter: {error} (parameter at offset {offset})")]
    EsmtpParameter {
        /// `Mail` or `Rcpt`.
        verb: Verb,
        /// Where the parameter starts; `error`'s offset is relative to it.
        offset: usize,
        /// What the envelope parser found.
        error: EnvelopeError,
    },
    /// The `AUTH` mechanism name is not a SASL mechanism name (RFC 4422 §3.1: 1 to 20
    /// letters, digits, `-` and `_`).
    #[error("invalid SASL mechanism name at offset {offset}")]
    Mechanism {
        /// Where the offending byte is.
        offset: usize,
    },
    /// The `AUTH` initial response is neither base64 nor `=` (RFC 4954 §4, §8).
    #[error("initial response is not base64 (offset {offset})")]
    InitialResponse {
        /// Where the offending byte (or the end of the response) is.
        offset: usize,
    },
    /// The `BDAT` chunk size is not `1*DIGIT` (RFC 3030 §2) or does not fit 64 bits.
    #[error("invalid BDAT chunk size at offset {offset}")]
    ChunkSize {
        /// Where the chunk size starts.
        offset: usize,
    },
}

/// What is wrong with a typed ESMTP parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ParameterProblem {
    /// The parameter appeared before in the same command (RFC 1870 §6, RFC 6152 §3,
    /// RFC 3461 §4.5: `501`).
    Duplicate,
    /// The parameter needs a value (`SIZE`, `BODY`, `RET`, …) and has none.
    MissingValue,
    /// The parameter takes no value (`SMTPUTF8`, RFC 6531 §3.4; `REQUIRETLS`, RFC 8689 §2)
    /// and has one.
    UnexpectedValue,
    /// The value does not match the parameter's grammar.
    InvalidValue {
        /// What the grammar expects, in the RFC's words.
        expected: &'static str,
    },
    /// A `SIZE` too large for 64 bits: larger than any server's limit (RFC 1870 §6.1:
    /// `552`).
    TooLarge,
    /// The parameter cannot be used together with an earlier one (`HOLDFOR` and
    /// `HOLDUNTIL`, RFC 4865 §4).
    Conflict {
        /// The earlier parameter's keyword.
        with: &'static str,
    },
}

impl fmt::Display for ParameterProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParameterProblem::Duplicate => f.write_str("given more than once"),
            ParameterProblem::MissingValue => f.write_str("value missing"),
            ParameterProblem::UnexpectedValue => f.write_str("takes no value"),
            ParameterProblem::InvalidValue { expected } => write!(f, "expected {expected}"),
            ParameterProblem::TooLarge => f.write_str("value too large"),
            ParameterProblem::Conflict { with } => write!(f, "cannot be combined with {with}"),
        }
    }
}

impl CommandError {
    /// Where the problem is, relative to the line given to the parser.
    pub const fn offset(&self) -> usize {
        match *self {
            CommandError::Empty => 0,
            CommandError::InvalidVerb { offset }
            | CommandError::ControlCharacter { offset, .. }
            | CommandError::InvalidUtf8 { offset, .. }
            | CommandError::MissingArgument { offset, .. }
            | CommandError::UnexpectedArgument { offset, .. }
            | CommandError::Syntax { offset, .. }
            | CommandError::Parameter { offset, .. }
            | CommandError::Mechanism { offset }
            | CommandError::InitialResponse { offset }
            | CommandError::ChunkSize { offset } => offset,
            CommandError::ReversePath { offset, error }
            | CommandError::ForwardPath { offset, error }
            | CommandError::EsmtpParameter { offset, error, .. } => offset + error.offset(),
        }
    }

    /// The verb of the command, when the codec recognised it.
    pub const fn verb(&self) -> Option<Verb> {
        match *self {
            CommandError::Empty | CommandError::InvalidVerb { .. } => None,
            CommandError::ControlCharacter { verb, .. }
            | CommandError::InvalidUtf8 { verb, .. } => verb,
            CommandError::MissingArgument { verb, .. }
            | CommandError::UnexpectedArgument { verb, .. }
            | CommandError::Syntax { verb, .. }
            | CommandError::Parameter { verb, .. }
            | CommandError::EsmtpParameter { verb, .. } => Some(verb),
            CommandError::ReversePath { .. } => Some(Verb::Mail),
            CommandError::ForwardPath { .. } => Some(Verb::Rcpt),
            CommandError::Mechanism { .. } | CommandError::InitialResponse { .. } => {
                Some(Verb::Auth)
            }
            CommandError::ChunkSize { .. } => Some(Verb::Bdat),
        }
    }

    /// The reply code the RFCs ask a server to answer this error with (see the table on
    /// [`CommandError`]).
    pub const fn reply_code(&self) -> u16 {
        self.reply().0
    }

    /// The enhanced status code (RFC 3463) that goes with [`reply_code`](Self::reply_code),
    /// as `(class, subject, detail)`: `(5, 5, 2)` is `5.5.2`.
    pub const fn enhanced_status(&self) -> (u8, u16, u16) {
        self.reply().1
    }

    const fn reply(&self) -> (u16, (u8, u16, u16)) {
        const SYNTAX: (u8, u16, u16) = (5, 5, 2);
        const ARGUMENTS: (u8, u16, u16) = (5, 5, 4);
        match self {
            CommandError::Parameter {
                problem: ParameterProblem::TooLarge,
                ..
            } => (552, (5, 3, 4)),
            CommandError::Empty
            | CommandError::InvalidVerb { .. }
            | CommandError::ControlCharacter { verb: None, .. }
            | CommandError::InvalidUtf8 { verb: None, .. } => (500, SYNTAX),
            CommandError::ControlCharacter { .. }
            | CommandError::InvalidUtf8 { .. }
            | CommandError::Syntax { .. }
            | CommandError::EsmtpParameter { .. }
            | CommandError::InitialResponse { .. } => (501, SYNTAX),
            CommandError::MissingArgument { .. }
            | CommandError::UnexpectedArgument { .. }
            | CommandError::ChunkSize { .. }
            | CommandError::Parameter { .. } => (501, ARGUMENTS),
            CommandError::ReversePath { error, .. } => path_reply(error, 550, 7),
            CommandError::ForwardPath { error, .. } => path_reply(error, 553, 3),
            CommandError::Mechanism { .. } => (504, ARGUMENTS),
        }
    }
}

/// The reply to a bad path: `utf8_code` X.6.7 for UTF-8 without SMTPUTF8 (RFC 6531 §3.5),
/// `501` X.1.`detail` when too long (RFC 5321 §4.5.3.1.9), else `553` X.1.`detail`.
const fn path_reply(error: &EnvelopeError, utf8_code: u16, detail: u16) -> (u16, (u8, u16, u16)) {
    if matches!(error, EnvelopeError::Utf8NotAllowed { .. }) {
        (utf8_code, (5, 6, 7))
    } else if error.is_too_long() {
        (501, (5, 1, detail))
    } else {
        (553, (5, 1, detail))
    }
}
