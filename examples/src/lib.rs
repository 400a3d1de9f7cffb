//! Shared code of the reference programs in `examples/examples/`.

pub mod client;
pub mod inspect;
pub mod json;
pub mod maildir;
pub mod net;
pub mod server;
pub mod trace;
