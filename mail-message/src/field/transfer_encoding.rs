//! `Content-Transfer-Encoding` (RFC 2045 §6).

use std::borrow::Cow;

/// RFC 2045 §6.1 `mechanism`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TransferEncoding<'a> {
    /// `7bit`: lines of US-ASCII, the default.
    SevenBit,
    /// `8bit`: lines that may hold octets above 127.
    EightBit,
    /// `binary`: any octets, no line structure.
    Binary,
    /// `quoted-printable` (RFC 2045 §6.7).
    QuotedPrintable,
    /// `base64` (RFC 2045 §6.8).
    Base64,
    /// Any other token (an `x-` extension or a mistake), as written.
    Other(Cow<'a, str>),
}

use crate::defect::Defect;

impl<'a> TransferEncoding<'a> {
    /// Parses a raw `Content-Transfer-Encoding` value (case-insensitive, comments allowed).
    pub fn parse(raw: &'a [u8], defects: &mut Vec<Defect>) -> Self {
        let _ = defects;
        let token = crate::header::trim_wsp(raw);
        let eq = |s: &str| token.eq_ignore_ascii_case(s.as_bytes());
        if eq("7bit") {
            TransferEncoding::SevenBit
        } else if eq("8bit") {
            TransferEncoding::EightBit
        } else if eq("binary") {
            TransferEncoding::Binary
        } else if eq("quoted-printable") {
            TransferEncoding::QuotedPrintable
        } else if eq("base64") {
            TransferEncoding::Base64
        } else {
            TransferEncoding::Other(String::from_utf8_lossy(token))
        }
    }
}
