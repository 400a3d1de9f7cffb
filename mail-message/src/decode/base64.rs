//! The base64 content transfer encoding, decoding side (RFC 2045 §6.8, RFC 4648 §4).
