//! Unstructured field bodies (RFC 5322 §3.2.5 `unstructured`): `Subject`, `Comments` and
//! unknown fields, unfolded and with RFC 2047 encoded words decoded.
