//! # smtp-proto
//!
//! SMTP (RFC 5321) and LMTP (RFC 2033): the codec — commands, replies, DATA and BDAT framing —
//! with client and server state machines to follow.
//!
//! **Work in progress**: the codec is being written; the state machines come next.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod client;
pub mod command;
pub mod data;
pub mod error;
pub mod line;
mod poll;
pub mod reply;
pub mod server;

pub use error::EncodeError;
pub use poll::Poll;
