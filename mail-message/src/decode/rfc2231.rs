//! RFC 2231 parameter value continuations, charsets and languages.
