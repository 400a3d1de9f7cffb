//! Misuse of the client machine's API by the application.

/// The application called a method that does not fit the machine's state. (Errors of the
/// server are never Rust errors: they are reported as events.)
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UsageError {
    /// The session is not ready yet: wait for [`Event::Ready`](super::Event::Ready).
    #[error("the session is not ready")]
    NotReady,
    /// The session is over, or `QUIT` was asked for.
    #[error("the session is closed or closing")]
    Closed,
}
