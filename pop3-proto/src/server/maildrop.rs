//! The maildrop the application hands over at login (RFC 1939 §5): the messages' sizes and
//! unique-ids. The machine numbers them, marks deletions and answers `STAT`, `LIST`, `UIDL`,
//! `DELE` and `RSET` from it on its own.

use crate::command::MessageNumber;
use crate::response::{MaildropStat, UniqueId};

/// One message of a maildrop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageInfo {
    /// The size in octets as the message is sent: CRLF line endings, no dot-stuffing (see
    /// [`body::message_size`](crate::body::message_size) for messages stored with LF).
    pub size: u64,
    /// Its unique-id (RFC 1939 §7).
    pub uid: UniqueId<'static>,
}

/// The messages of a maildrop, in the order they are numbered (from 1).
///
/// ```
/// use pop3_proto::response::UniqueId;
/// use pop3_proto::server::Maildrop;
///
/// let mut maildrop = Maildrop::new();
/// maildrop.push(120, UniqueId::new("whqtswO00WBw418f9t5JxYwZ")?);
/// maildrop.push(200, UniqueId::new("QhdPYR:00WBw1Ph7x7")?);
/// assert_eq!(maildrop.len(), 2);
/// # Ok::<(), pop3_proto::command::EncodeError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Maildrop {
    messages: Vec<MessageInfo>,
}

impl Maildrop {
    /// An empty maildrop.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends a message; it gets the next message number.
    pub fn push(&mut self, size: u64, uid: UniqueId<'static>) {
        self.messages.push(MessageInfo { size, uid });
    }

    /// The number of messages.
    pub fn len(&self) -> usize {
        self.messages.len()
    }

    /// Whether there is no message.
    pub fn is_empty(&self) -> bool {
        self.messages.is_empty()
    }

    /// The messages, in order.
    pub fn messages(&self) -> &[MessageInfo] {
        &self.messages
    }
}

impl FromIterator<MessageInfo> for Maildrop {
    fn from_iter<I: IntoIterator<Item = MessageInfo>>(iter: I) -> Self {
        Maildrop {
            messages: iter.into_iter().collect(),
        }
    }
}

/// A maildrop in a session: the messages and their deletion marks.
#[derive(Debug, Default)]
pub(super) struct Open {
    pub(super) messages: Vec<MessageInfo>,
    pub(super) deleted: Vec<bool>,
}

/// Why a message number does not name a message that can be used.
#[derive(Debug, Clone, Copy)]
pub(super) enum Missing {
    /// Beyond the maildrop.
    NoSuchMessage,
    /// Marked deleted.
    Deleted,
}

impl Open {
    pub(super) fn new(maildrop: Maildrop) -> Self {
        let deleted = vec![false; maildrop.messages.len()];
        Open {
            messages: maildrop.messages,
            deleted,
        }
    }

    /// The message, if it exists and is not deleted.
    pub(super) fn get(&self, n: MessageNumber) -> Result<&MessageInfo, Missing> {
        let m = self.messages.get(n.index()).ok_or(Missing::NoSuchMessage)?;
        if self.deleted.get(n.index()).copied().unwrap_or(true) {
            Err(Missing::Deleted)
        } else {
            Ok(m)
        }
    }

    /// Marks a message deleted.
    pub(super) fn delete(&mut self, n: MessageNumber) {
        if let Some(d) = self.deleted.get_mut(n.index()) {
            *d = true;
        }
    }

    /// Un-marks every message (RSET).
    pub(super) fn reset(&mut self) {
        self.deleted.fill(false);
    }

    /// The messages not deleted, with their numbers.
    pub(super) fn visible(&self) -> impl Iterator<Item = (MessageNumber, &MessageInfo)> {
        self.messages
            .iter()
            .zip(&self.deleted)
            .enumerate()
            .filter(|(_, (_, d))| !**d)
            .filter_map(|(i, (m, _))| {
                let n = u32::try_from(i + 1).ok().and_then(MessageNumber::new)?;
                Some((n, m))
            })
    }

    /// The drop listing of the messages not deleted (RFC 1939 §5 `STAT`).
    pub(super) fn stat(&self) -> MaildropStat {
        let (count, size) = self.visible().fold((0u32, 0u64), |(c, s), (_, m)| {
            (c + 1, s.saturating_add(m.size))
        });
        MaildropStat { count, size }
    }

    /// The messages marked deleted.
    pub(super) fn deleted(&self) -> Vec<MessageNumber> {
        self.deleted
            .iter()
            .enumerate()
            .filter(|(_, d)| **d)
            .filter_map(|(i, _)| u32::try_from(i + 1).ok().and_then(MessageNumber::new))
            .collect()
    }
}
