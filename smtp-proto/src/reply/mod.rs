//! SMTP replies (RFC 5321 §4.2): reply codes, multi-line replies, enhanced status codes (RFC 3463, RFC 2034), EHLO capabilities.
