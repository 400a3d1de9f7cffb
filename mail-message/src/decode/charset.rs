//! Charset decoding (RFC 2045 §5.1 `charset`, RFC 2046 §4.1.2) with `encoding_rs`.
