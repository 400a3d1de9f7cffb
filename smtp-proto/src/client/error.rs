//! Misuse of the client machine's API by the application.

use crate::EncodeError;
use crate::command::CommandError;

/// The application called a method that does not fit the machine's state, or gave it values
/// that cannot be sent. (Errors of the server are never Rust errors: they are reported as
/// events.)
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UsageError {
    /// The session is not ready yet: wait for [`Event::Ready`](super::Event::Ready).
    #[error("the session is not ready")]
    NotReady,
    /// A transaction or command is in progress: wait for its last event.
    #[error("a transaction or command is in progress")]
    Busy,
    /// The session is over, or `QUIT` was asked for.
    #[error("the session is closed or closing")]
    Closed,
    /// The envelope has no recipient.
    #[error("the envelope has no recipient")]
    NoRecipients,
    /// A `MAIL` or `RCPT` parameter of the envelope is not valid for its keyword (a `BODY`
    /// value that does not exist, a parameter given twice…).
    #[error("invalid envelope: {0}")]
    InvalidEnvelope(#[from] CommandError),
    /// A command cannot be written (a line over the limit, a control character…).
    #[error("the command cannot be written: {0}")]
    Unencodable(#[from] EncodeError),
}
