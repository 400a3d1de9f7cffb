//! Multi-line response bodies (RFC 1939 §3): lines ending in CRLF, a line holding a single
//! `.` at the end, and every line that starts with `.` stuffed with one more `.`.
//!
//! Both directions are streaming transforms over chunks of any size: the server stuffs a
//! message as it reads it from storage, the client un-stuffs it as it arrives, and neither
//! holds the whole message. The end is recognised **only** at CRLF `.` CRLF.

mod crlf_run;
mod stuffer;
mod unstuffer;

pub use stuffer::{Stuffer, message_size};
pub use unstuffer::{Unstuffed, Unstuffer};
