//! Writing messages: a builder that produces correct RFC 5322 / MIME wire bytes.
