//! The SMTP envelope (RFC 5321 §4.1.2; RFC 6531 for UTF-8; RFC 3461 for xtext).
