//! POP3 codec and state machines — **not yet written**: this crate is an empty placeholder in
//! the workspace until its issue (pop3-proto) lands.
