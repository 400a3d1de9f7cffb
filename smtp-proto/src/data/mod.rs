//! Message content: DATA dot-stuffing and un-stuffing (RFC 5321 §4.5.2) and BDAT chunks (RFC 3030).
