//! The drop listing of `STAT`, the scan listings of `LIST` and the unique-id listings of
//! `UIDL` (RFC 1939 §§5, 7).

use std::borrow::Cow;
use std::fmt;

use super::parse::control_error;
use super::{ResponseError, StatusLine, Text};
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

/// Reads a decimal number of `T` at the start of `bytes` (offset `base` in the line); returns
/// it and the offset after its digits.
fn number<T: TryFrom<u64>>(bytes: &[u8], base: usize) -> Result<(T, usize), ResponseError> {
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let err = ResponseError::Number { offset: base };
    if digits == 0 || digits > 20 {
        return Err(err);
    }
    let mut n: u64 = 0;
    for &d in bytes.get(..digits).unwrap_or_default() {
        n = n
            .checked_mul(10)
            .and_then(|n| n.checked_add(u64::from(d - b'0')))
            .ok_or(err)?;
    }
    Ok((T::try_from(n).map_err(|_| err)?, base + digits))
}

/// Skips one or more spaces at `at` (lenient: RFC 1939 writes one); `Number` error at `at`
/// when there is none.
fn spaces(line: &[u8], at: usize) -> Result<usize, ResponseError> {
    let n = line
        .get(at..)
        .unwrap_or_default()
        .iter()
        .take_while(|&&b| b == b' ')
        .count();
    if n == 0 {
        Err(ResponseError::Number { offset: at })
    } else {
        Ok(at + n)
    }
}

/// Checks what follows a listing's last field: nothing, or a space and any text without CR,
/// LF or NUL (RFC 1939 §5: "more advanced implementations may include other information").
fn rest(line: &[u8], at: usize) -> Result<(), ResponseError> {
    match line.get(at) {
        None | Some(b' ') => control_error(line.get(at..).unwrap_or_default(), at),
        Some(_) => Err(ResponseError::Number { offset: at }),
    }
}

/// A message number at `at`.
fn message_number(line: &[u8], at: usize) -> Result<(MessageNumber, usize), ResponseError> {
    let (n, end) = number::<u32>(line.get(at..).unwrap_or_default(), at)?;
    let message = MessageNumber::new(n).ok_or(ResponseError::Number { offset: at })?;
    Ok((message, end))
}

impl MaildropStat {
    /// Reads the drop listing from the text of `STAT`'s `+OK` (RFC 1939 §5): `nn mm`, and any
    /// further information after a space, which is ignored.
    ///
    /// ```
    /// use pop3_proto::response::{MaildropStat, StatusLine};
    /// let line = StatusLine::parse(b"+OK 2 320")?;
    /// assert_eq!(MaildropStat::parse(line.text.as_bytes())?, MaildropStat { count: 2, size: 320 });
    /// # Ok::<(), pop3_proto::response::ResponseError>(())
    /// ```
    ///
    /// # Errors
    /// [`ResponseError::Number`] where a number is missing or malformed.
    pub fn parse(text: &[u8]) -> Result<Self, ResponseError> {
        let (count, end) = number::<u32>(text, 0)?;
        let at = spaces(text, end)?;
        let (size, end) = number::<u64>(text.get(at..).unwrap_or_default(), at)?;
        rest(text, end)?;
        Ok(MaildropStat { count, size })
    }
}

impl ScanListing {
    /// Reads a scan listing (RFC 1939 §5): `n size`, from a line of `LIST`'s multi-line
    /// response or the text of `LIST n`'s `+OK`. Text after the size and a space is allowed
    /// and ignored; several spaces between the fields are accepted.
    ///
    /// # Errors
    /// [`ResponseError::Number`] where a number is missing or malformed (a message number
    /// of 0 included).
    pub fn parse(line: &[u8]) -> Result<Self, ResponseError> {
        let (message, end) = message_number(line, 0)?;
        let at = spaces(line, end)?;
        let (size, end) = number::<u64>(line.get(at..).unwrap_or_default(), at)?;
        rest(line, end)?;
        Ok(ScanListing { message, size })
    }
}

impl<'a> UniqueIdListing<'a> {
    /// Reads a unique-id listing (RFC 1939 §7): `n uid`, from a line of `UIDL`'s multi-line
    /// response or the text of `UIDL n`'s `+OK`. Text after the unique-id and a space is
    /// allowed and ignored.
    ///
    /// # Errors
    /// [`ResponseError::Number`] for a malformed message number, [`ResponseError::UniqueId`]
    /// for a unique-id that is missing, too long or holds a byte outside 0x21 to 0x7E.
    pub fn parse(line: &'a [u8]) -> Result<Self, ResponseError> {
        let (message, end) = message_number(line, 0)?;
        let at = spaces(line, end)?;
        let after = line.get(at..).unwrap_or_default();
        let len = after.iter().position(|&b| b == b' ').unwrap_or(after.len());
        let uid = after.get(..len).unwrap_or_default();
        if let Some(i) = unique_id_error(uid) {
            return Err(ResponseError::UniqueId { offset: at + i });
        }
        rest(line, at + len)?;
        let uid = std::str::from_utf8(uid).map_err(|_| ResponseError::UniqueId { offset: at })?;
        Ok(UniqueIdListing {
            message,
            uid: UniqueId::from_checked(uid),
        })
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

    #[test]
    fn parse_listings() {
        let n = |n| MessageNumber::new(n).unwrap();
        assert_eq!(
            MaildropStat::parse(b"2 320"),
            Ok(MaildropStat {
                count: 2,
                size: 320
            })
        );
        assert_eq!(
            MaildropStat::parse(b"2 320 more info"),
            Ok(MaildropStat {
                count: 2,
                size: 320
            })
        );
        assert_eq!(
            MaildropStat::parse(b"0 0"),
            Ok(MaildropStat { count: 0, size: 0 })
        );
        assert_eq!(
            MaildropStat::parse(b"2 messages (320 octets)"),
            Err(ResponseError::Number { offset: 2 })
        );
        assert_eq!(
            MaildropStat::parse(b"4294967296 1"),
            Err(ResponseError::Number { offset: 0 })
        );
        assert_eq!(
            MaildropStat::parse(b"1 2x"),
            Err(ResponseError::Number { offset: 3 })
        );
        assert_eq!(
            ScanListing::parse(b"2  200 (lenient)"),
            Ok(ScanListing {
                message: n(2),
                size: 200
            })
        );
        assert_eq!(
            ScanListing::parse(b"0 200"),
            Err(ResponseError::Number { offset: 0 })
        );
        assert_eq!(
            ScanListing::parse(b"1"),
            Err(ResponseError::Number { offset: 1 })
        );
        assert_eq!(
            ScanListing::parse(b"1 18446744073709551616"),
            Err(ResponseError::Number { offset: 2 })
        );
        let u = UniqueIdListing::parse(b"2 QhdPYR:00WBw1Ph7x7").unwrap();
        assert_eq!((u.message, u.uid.as_str()), (n(2), "QhdPYR:00WBw1Ph7x7"));
        let u = UniqueIdListing::parse(b"3 abc extra").unwrap();
        assert_eq!(u.uid.as_str(), "abc");
        assert_eq!(
            UniqueIdListing::parse(b"1 "),
            Err(ResponseError::UniqueId { offset: 2 })
        );
        let long = format!("1 {}", "x".repeat(71));
        assert_eq!(
            UniqueIdListing::parse(long.as_bytes()),
            Err(ResponseError::UniqueId { offset: 72 })
        );
        assert_eq!(
            UniqueIdListing::parse(b"1 a\x7fb"),
            Err(ResponseError::UniqueId { offset: 3 })
        );
        assert_eq!(
            UniqueIdListing::parse(b"1 ab\0"),
            Err(ResponseError::UniqueId { offset: 4 })
        );
    }
}
