//! # pop3-proto
//!
//! POP3 (RFC 1939) and its extensions (RFC 2449 CAPA and response codes, RFC 2595 STLS,
//! RFC 3206, RFC 5034 SASL, RFC 6856 UTF8 and LANG) without I/O: the codec and the client and
//! server state machines, driven the same way as `smtp-proto`'s.
//!
//! - **Codec**: [`command`] (every command, parsed without copying, encoded refusing unsafe
//!   values), [`response`] (status lines with response codes, listings, capabilities, SASL
//!   continuations), [`body`] (multi-line responses: dot-stuffing as streaming transforms),
//!   [`line`](mod@line) (bounded framing).
//! - **Client**: [`client::Client`], the session from the greeting through `CAPA`, `STLS`
//!   and the login (SASL, `APOP` or `USER`/`PASS`) to the commands and `QUIT`, driven with
//!   [`Poll`].

pub mod body;
pub mod client;
pub mod command;
pub mod line;
mod poll;
pub mod response;
pub mod server;

pub use poll::Poll;
