//! Misuse of the server machine's API by the application.

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
    /// The reply given does not have the class the method needs (`accept_with` needs a
    /// positive completion reply, `reject` a transient or permanent negative one).
    #[error("a {expected} reply is needed here, not {code}")]
    WrongReplyClass {
        /// What was expected.
        expected: &'static str,
        /// The reply code given.
        code: u16,
    },
    /// The reply cannot be written (a control character in its text, a line over the limit).
    #[error("the reply cannot be written: {0}")]
    Unencodable(#[from] crate::EncodeError),
    /// The nonce given to `accept_auth` cannot be used by the mechanism (CRAM-MD5 and SCRAM
    /// need a non-empty string of printable characters).
    #[error("the nonce cannot be used by this mechanism")]
    InvalidNonce,
    /// The session is closed.
    #[error("the session is closed")]
    Closed,
}
