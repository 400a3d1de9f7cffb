//! SMTP replies (RFC 5321 §4.2): reply codes, multi-line replies, enhanced status codes
//! (RFC 3463, RFC 2034), EHLO capabilities.
//!
//! - [`ReplyCode`]: the three digits, their [class](ReplyClass) and [category](ReplyCategory),
//!   and the catalogue of defined codes with their meaning.
//! - [`EnhancedStatusCode`]: `class.subject.detail` (RFC 3463).
//! - [`Reply`]: a whole reply, parsed incrementally ([`Reply::parse`]) and encoded
//!   ([`Reply::encode`]).
//! - [`EhloReply`]: the answer to EHLO or LHLO with its typed [`Capabilities`], and the SASL
//!   mechanisms they offer as a [`MechanismSet`].
//!
//! ```
//! use smtp_proto::reply::{Parsed, Reply, ReplyCode, EnhancedStatusCode};
//!
//! // Two pipelined replies, the second one not complete yet.
//! let input = b"250 2.1.0 Sender ok\r\n550-5.1.1 No such\r\n";
//! let Ok(Parsed::Complete { value, consumed }) = Reply::parse(input) else { panic!() };
//! assert_eq!(value.code, ReplyCode::OK);
//! assert_eq!(value.enhanced, Some(EnhancedStatusCode::ADDRESS_OK));
//! assert_eq!(value.lines, ["Sender ok"]);
//! assert_eq!(Reply::parse(&input[consumed..]), Ok(Parsed::Incomplete));
//!
//! // Encoding refuses text that would break out of its line.
//! let mut out = Vec::new();
//! assert!(Reply::new(ReplyCode::OK, "ok\r\n250 injected").encode(&mut out).is_err());
//! Reply::new(ReplyCode::OK, "2.0.0 Ok").encode(&mut out)?;
//! assert_eq!(out, b"250 2.0.0 Ok\r\n");
//! # Ok::<(), smtp_proto::EncodeError>(())
//! ```
//!
//! LMTP (RFC 2033) replies have the same syntax. After the final `.` of DATA (or the last BDAT)
//! an LMTP server sends one reply per recipient that was accepted, in RCPT order (RFC 2033
//! §4.2); each is parsed as a [`Reply`] of its own and the client state machine matches them to
//! the recipients.

mod capabilities;
mod capability;
mod capability_lines;
mod code;
mod ehlo;
mod enhanced;
mod folded;
mod frame;
mod lines;
mod mechanism_set;
mod model;
mod options;
mod parse;

pub use capabilities::{Capabilities, IntoIter, Iter, Mechanisms};
pub use capability::Capability;
pub use code::{InvalidReplyCode, ReplyCategory, ReplyClass, ReplyCode};
pub use ehlo::{EhloError, EhloReply};
pub use enhanced::{EnhancedStatusCode, InvalidEnhancedStatusCode, StatusClass};
pub use lines::ReplyLines;
pub use mechanism_set::MechanismSet;
pub use model::Reply;
pub use options::{ReplyError, ReplyOptions};

/// The outcome of parsing a prefix of a byte stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed<T> {
    /// The input ends before the value does: call again with more bytes (the input given so
    /// far plus what arrived).
    Incomplete,
    /// A complete value, and how many octets of the input it took; the rest belongs to what
    /// follows.
    Complete {
        /// The value.
        value: T,
        /// Octets consumed from the start of the input.
        consumed: usize,
    },
}

impl<T> Parsed<T> {
    /// Applies `f` to a complete value.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Parsed<U> {
        match self {
            Self::Incomplete => Parsed::Incomplete,
            Self::Complete { value, consumed } => Parsed::Complete {
                value: f(value),
                consumed,
            },
        }
    }

    /// The value and the octets consumed, `None` if incomplete.
    pub fn complete(self) -> Option<(T, usize)> {
        match self {
            Self::Incomplete => None,
            Self::Complete { value, consumed } => Some((value, consumed)),
        }
    }
}
