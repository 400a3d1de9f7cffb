//! Reading responses. Written by the client side.

/// Why a response line could not be parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum ResponseError {
    /// The line is not a POP3 response.
    #[error("malformed response at offset {offset}")]
    Syntax {
        /// Where the offending byte is.
        offset: usize,
    },
}
