//! IMAP codec and state machines — **not yet written**: this crate is an empty placeholder in
//! the workspace until its issues (imap-proto codec, then state machines) land.
