//! Decoders for what MIME puts between the wire and the text: RFC 2047 encoded words,
//! RFC 2231 parameter values, charsets (via `encoding_rs`), and the base64 and
//! quoted-printable transfer encodings of RFC 2045 §6.

pub mod base64;
pub mod charset;
pub mod quoted_printable;
pub mod rfc2047;
pub mod rfc2231;
