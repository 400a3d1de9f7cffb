//! The quoted-printable content transfer encoding, decoding side (RFC 2045 §6.7).
