//! SMTP and LMTP commands (RFC 5321 §4.1, RFC 2033, and the commands and parameters of the extensions).
