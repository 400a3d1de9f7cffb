//! SMTP and LMTP codec and state machines — **not yet written**: this crate is an empty
//! placeholder in the workspace until its issue (mail-sasl and smtp-proto) lands.
