//! The error of the envelope parsers and constructors.

use thiserror::Error;

/// Why an envelope value (a path, a mailbox or one of its parts, an ESMTP parameter, xtext)
/// could not be parsed or constructed.
///
/// An SMTP server answers most of these with `501` (syntax error in parameters or arguments,
/// RFC 5321 §4.2.3 and §4.1.2), the length variants with `501` or `553` (RFC 5321
/// §4.5.3.1.9), and [`Utf8NotAllowed`](Self::Utf8NotAllowed) with `553` (`RCPT`) or `550`
/// (`MAIL`) and the enhanced code `X.6.7` (RFC 6531 §3.5).
///
/// Every offset is relative to the input given to the function that failed (for constructors:
/// into the string given for the part that failed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Error)]
#[non_exhaustive]
pub enum EnvelopeError {
    /// The input does not match the grammar of RFC 5321 §4.1.2 at `offset`.
    #[error("syntax error at offset {offset}: expected {expected}")]
    InvalidSyntax {
        /// Where the unexpected byte (or the end of the input) is.
        offset: usize,
        /// What the grammar expected there, in the words of the RFC.
        expected: &'static str,
    },
    /// An address literal (RFC 5321 §4.1.3) is well delimited but its content is not a valid
    /// address: an `Snum` over 255, the wrong number of IPv6 groups, a bad tag.
    #[error("invalid address literal at offset {offset}: {reason}")]
    InvalidAddressLiteral {
        /// Where the literal's content (the byte after `[`) starts.
        offset: usize,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A non-ASCII octet where only ASCII is allowed because SMTPUTF8 is not in force
    /// (RFC 5321 §4.1.2; RFC 6531 §3.3 extends the grammar only under SMTPUTF8).
    #[error("non-ASCII octet at offset {offset} but SMTPUTF8 is not in force")]
    Utf8NotAllowed {
        /// Where the first non-ASCII octet is.
        offset: usize,
    },
    /// Octets that are not valid UTF-8 (RFC 6532 §3.1 `UTF8-non-ascii`), or a C1 control
    /// character, which RFC 5198 §2 excludes from interchange.
    #[error("invalid UTF-8 at offset {offset}")]
    InvalidUtf8 {
        /// Where the invalid sequence starts.
        offset: usize,
    },
    /// A local part longer than the 64 octets of RFC 5321 §4.5.3.1.1.
    #[error("local part at offset {offset} is {len} octets long; the limit is 64")]
    LocalPartTooLong {
        /// Where the local part starts.
        offset: usize,
        /// Its length in octets.
        len: usize,
    },
    /// A domain or address literal longer than the 255 octets of RFC 5321 §4.5.3.1.2.
    #[error("domain at offset {offset} is {len} octets long; the limit is 255")]
    DomainTooLong {
        /// Where the domain starts.
        offset: usize,
        /// Its length in octets.
        len: usize,
    },
    /// A domain label longer than the 63 octets of RFC 1035 §2.3.4.
    #[error("domain label at offset {offset} is {len} octets long; the limit is 63")]
    LabelTooLong {
        /// Where the label starts.
        offset: usize,
        /// Its length in octets.
        len: usize,
    },
    /// A reverse-path or forward-path longer than the 256 octets of RFC 5321 §4.5.3.1.3
    /// (counting the angle brackets and any source route).
    #[error("path at offset {offset} is {len} octets long; the limit is 256")]
    PathTooLong {
        /// Where the path starts.
        offset: usize,
        /// Its length in octets.
        len: usize,
    },
    /// Text that is not RFC 3461 §4 `xtext`: a `+` not followed by two upper-case hex digits,
    /// or an octet outside `!`..`~`, or a `=`.
    #[error("invalid xtext at offset {offset}")]
    InvalidXtext {
        /// Where the offending octet is.
        offset: usize,
    },
}

impl EnvelopeError {
    /// The offset the error refers to, relative to the input of the function that failed.
    pub const fn offset(&self) -> usize {
        match *self {
            EnvelopeError::InvalidSyntax { offset, .. }
            | EnvelopeError::InvalidAddressLiteral { offset, .. }
            | EnvelopeError::Utf8NotAllowed { offset }
            | EnvelopeError::InvalidUtf8 { offset }
            | EnvelopeError::LocalPartTooLong { offset, .. }
            | EnvelopeError::DomainTooLong { offset, .. }
            | EnvelopeError::LabelTooLong { offset, .. }
            | EnvelopeError::PathTooLong { offset, .. }
            | EnvelopeError::InvalidXtext { offset } => offset,
        }
    }

    /// `true` for the errors of an RFC 5321 §4.5.3.1 size limit (local part, domain, label,
    /// path), which a server may answer differently from a syntax error.
    pub const fn is_too_long(&self) -> bool {
        matches!(
            self,
            EnvelopeError::LocalPartTooLong { .. }
                | EnvelopeError::DomainTooLong { .. }
                | EnvelopeError::LabelTooLong { .. }
                | EnvelopeError::PathTooLong { .. }
        )
    }

    /// The same error with its offset moved by `by` (for a parser that ran on a sub-slice).
    pub(crate) const fn shifted(self, by: usize) -> Self {
        match self {
            EnvelopeError::InvalidSyntax { offset, expected } => EnvelopeError::InvalidSyntax {
                offset: offset + by,
                expected,
            },
            EnvelopeError::InvalidAddressLiteral { offset, reason } => {
                EnvelopeError::InvalidAddressLiteral {
                    offset: offset + by,
                    reason,
                }
            }
            EnvelopeError::Utf8NotAllowed { offset } => EnvelopeError::Utf8NotAllowed {
                offset: offset + by,
            },
            EnvelopeError::InvalidUtf8 { offset } => EnvelopeError::InvalidUtf8 {
                offset: offset + by,
            },
            EnvelopeError::LocalPartTooLong { offset, len } => EnvelopeError::LocalPartTooLong {
                offset: offset + by,
                len,
            },
            EnvelopeError::DomainTooLong { offset, len } => EnvelopeError::DomainTooLong {
                offset: offset + by,
                len,
            },
            EnvelopeError::LabelTooLong { offset, len } => EnvelopeError::LabelTooLong {
                offset: offset + by,
                len,
            },
            EnvelopeError::PathTooLong { offset, len } => EnvelopeError::PathTooLong {
                offset: offset + by,
                len,
            },
            EnvelopeError::InvalidXtext { offset } => EnvelopeError::InvalidXtext {
                offset: offset + by,
            },
        }
    }
}

/// Shorthand for [`EnvelopeError::InvalidSyntax`].
pub(crate) const fn syntax(offset: usize, expected: &'static str) -> EnvelopeError {
    EnvelopeError::InvalidSyntax { offset, expected }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_and_shift() {
        let e = syntax(3, "\"@\"");
        assert_eq!(e.offset(), 3);
        assert_eq!(e.shifted(10).offset(), 13);
        assert_eq!(e.shifted(10), syntax(13, "\"@\""));
        let e = EnvelopeError::PathTooLong {
            offset: 1,
            len: 300,
        };
        assert!(e.is_too_long());
        assert_eq!(
            e.shifted(4),
            EnvelopeError::PathTooLong {
                offset: 5,
                len: 300
            }
        );
        assert!(!syntax(0, "x").is_too_long());
        assert_eq!(
            syntax(7, "\">\"").to_string(),
            "syntax error at offset 7: expected \">\""
        );
    }
}
