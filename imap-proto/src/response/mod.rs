//! Server responses (RFC 3501 §7, RFC 9051 §7 and the extensions' responses).
//!
//! Parsed by a client from a whole message as the [`Framer`](crate::frame) delivers it, and
//! written by a server through a [`Writer`](crate::encode::Writer). Deviations of real
//! servers are accepted only as the [`Quirks`] given say.

// TEMPORARY (skeleton): removed once `Response::parse` calls every reader.
#![allow(dead_code)]

pub mod fetch;
mod quirks;
mod reader;

pub use quirks::Quirks;
