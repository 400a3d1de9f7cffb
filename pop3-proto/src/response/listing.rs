//! The drop listing of `STAT`, the scan listings of `LIST` and the unique-id listings of
//! `UIDL` (RFC 1939 §§5, 7).

use std::borrow::Cow;
use std::fmt;

use super::{StatusLine, Text};
use crate::command::{EncodeError, MessageNumber};

/// The drop listing, the text of `STAT`'s `+OK` (RFC 1939 §5): the number of messages and
/// their size in octets, e.g. `+OK 2 320`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MaildropStat {
    /// Messages in the maildrop (not counting those marked deleted).
    pub count: u32,
    /// Their total size in octets, as they would be sent (CRLF line endings).
    pub size: u64,
}

impl MaildropStat {
    /// The `+OK nn mm` status line.
    pub fn status_line(&self) -> StatusLine<'static> {
        StatusLine::ok(Text(Cow::Owned(
            format!("{} {}", self.count, self.size).into_bytes(),
        )))
    }
}

/// A scan listing (RFC 1939 §5): a message number and the message's exact size in octets.
/// The text of `LIST n`'s `+OK`, or one line of `LIST`'s multi-line response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ScanListing {
    /// The message.
    pub message: MessageNumber,
    /// Its size in octets, as it would be sent (CRLF line endings).
    pub size: u64,
}

impl ScanListing {
    /// Appends the listing as one line of a multi-line response: `n size` CRLF.
    pub fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(format!("{} {}\r\n", self.message, self.size).as_bytes());
    }

    /// The `+OK n size` status line that answers `LIST n`.
    pub fn status_line(&self) -> StatusLine<'static> {
        StatusLine::ok(Text(Cow::Owned(
            format!("{} {}", self.message, self.size).into_bytes(),
        )))
    }
}

/// The offset of the first byte that breaks RFC 1939 §7's unique-id: 1 to 70 characters in
/// the range 0x21 to 0x7E.
pub(crate) fn unique_id_error(uid: &[u8]) -> Option<usize> {
    if let Some(i) = uid.iter().position(|&b| !(0x21..=0x7e).contains(&b)) {
        return Some(i);
    }
    if uid.is_empty() {
        Some(0)
    } else if uid.len() > UniqueId::MAX_LEN {
        Some(UniqueId::MAX_LEN)
    } else {
        None
    }
}

/// A message's unique-id (RFC 1939 §7): 1 to 70 characters in the range 0x21 to 0x7E,
/// persistent across sessions.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UniqueId<'a>(Cow<'a, str>);

impl<'a> UniqueId<'a> {
    /// The longest unique-id (RFC 1939 §7).
    pub const MAX_LEN: usize = 70;

    /// A unique-id.
    ///
    /// # Errors
    /// [`EncodeError::Invalid`] where the text stops being a unique-id (70 for one too long,
    /// 0 for an empty one).
    pub fn new(uid: impl Into<Cow<'a, str>>) -> Result<Self, EncodeError> {
        let uid = uid.into();
        match unique_id_error(uid.as_bytes()) {
            Some(offset) => Err(EncodeError::Invalid { offset }),
            None => Ok(Self(uid)),
        }
    }

    /// From text already checked by the parser.
    #[allow(dead_code)] // Used by the response parsers (pop3-base: "parsers to follow").
    pub(crate) fn from_checked(uid: &'a str) -> Self {
        Self(Cow::Borrowed(uid))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The same id, owning its text.
    pub fn into_owned(self) -> UniqueId<'static> {
        UniqueId(Cow::Owned(self.0.into_owned()))
    }
}

impl fmt::Display for UniqueId<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A unique-id listing (RFC 1939 §7): a message number and its unique-id. The text of
/// `UIDL n`'s `+OK`, or one line of `UIDL`'s multi-line response.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UniqueIdListing<'a> {
    /// The message.
    pub message: MessageNumber,
    /// Its unique-id.
    pub uid: UniqueId<'a>,
}

impl UniqueIdListing<'_> {
    /// Appends the listing as one line of a multi-line response: `n uid` CRLF.
    pub fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(format!("{} {}\r\n", self.message, self.uid).as_bytes());
    }

    /// The `+OK n uid` status line that answers `UIDL n`.
    pub fn status_line(&self) -> StatusLine<'static> {
        StatusLine::ok(Text(Cow::Owned(
            format!("{} {}", self.message, self.uid).into_bytes(),
        )))
    }

    /// The same listing, owning its text.
    pub fn into_owned(self) -> UniqueIdListing<'static> {
        UniqueIdListing {
            message: self.message,
            uid: self.uid.into_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc1939_listings() {
        let one = MessageNumber::new(1).unwrap();
        let mut out = Vec::new();
        ScanListing {
            message: one,
            size: 120,
        }
        .encode(&mut out);
        UniqueIdListing {
            message: one,
            uid: UniqueId::new("whqtswO00WBw418f9t5JxYwZ").unwrap(),
        }
        .encode(&mut out);
        assert_eq!(out, b"1 120\r\n1 whqtswO00WBw418f9t5JxYwZ\r\n");
        let stat = MaildropStat {
            count: 2,
            size: 320,
        };
        assert_eq!(stat.status_line().to_bytes().unwrap(), b"+OK 2 320\r\n");
    }

    #[test]
    fn unique_ids() {
        assert!(UniqueId::new("~!").is_ok());
        assert_eq!(
            UniqueId::new("a b"),
            Err(EncodeError::Invalid { offset: 1 })
        );
        assert_eq!(UniqueId::new(""), Err(EncodeError::Invalid { offset: 0 }));
        assert_eq!(
            UniqueId::new("x".repeat(71)),
            Err(EncodeError::Invalid { offset: 70 })
        );
        assert!(UniqueId::new("x".repeat(70)).is_ok());
    }
}
