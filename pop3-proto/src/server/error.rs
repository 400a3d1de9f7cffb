//! Misuse of the server machine's API by the application.

use crate::command::EncodeError;

/// The application called a method that does not fit the machine's state. (Errors of the
/// peer are never Rust errors: they are answered on the wire and reported as events.)
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UsageError {
    /// No event is waiting for a decision.
    #[error("no decision is pending")]
    NothingPending,
    /// The pending decision is of another kind than the method answers.
    #[error("the pending decision is {pending}, which this method does not answer")]
    WrongDecision {
        /// The kind of decision that is pending.
        pending: &'static str,
    },
    /// `reject` needs a `-ERR` status line.
    #[error("a -ERR status line is needed here")]
    NotNegative,
    /// The text or status line cannot be written (a control character, a line over the
    /// limit).
    #[error("the response cannot be written: {0}")]
    Unencodable(#[from] EncodeError),
    /// The maildrop has more messages than message numbers can count.
    #[error("the maildrop has too many messages")]
    TooManyMessages,
    /// The nonce given to `accept_auth` cannot be used by the mechanism (CRAM-MD5 and SCRAM
    /// need a non-empty string of printable characters).
    #[error("the nonce cannot be used by this mechanism")]
    InvalidNonce,
    /// The message being sent was already started: it can only be ended, not rejected.
    #[error("the message is already being sent")]
    AlreadySending,
    /// The session is closed.
    #[error("the session is closed")]
    Closed,
}
