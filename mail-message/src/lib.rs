//! # mail-message
//!
//! The message layer of the mail engines: the RFC 5321 envelope and RFC 5322 / MIME messages.
//!
//! **Work in progress**: the crate front page with a complete parse-and-build doctest lands
//! with the builder.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod builder;
pub mod decode;
pub mod defect;
pub mod envelope;
pub mod field;
pub mod header;
mod lex;
mod message;
pub mod mime;

pub use defect::{Defect, DefectKind};
pub use header::{HeaderField, HeaderSection, Headers};
pub use message::{LimitError, Limits, Message};
pub use mime::Part;
