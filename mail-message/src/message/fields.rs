//! Convenience accessors of the common fields of a header section, decoded on demand
//! (RFC 5322 §3.6). They are methods of [`Headers`], so they work alike on a [`Message`], an
//! encapsulated message ([`Part::headers`](crate::Part::headers)) and a
//! [`HeaderSection`](crate::HeaderSection).

use std::borrow::Cow;

use crate::field::address::{AddressList, Mailbox};
use crate::field::date::DateTime;
use crate::field::message_id::MessageId;
use crate::field::unstructured;

use crate::header::Headers;

use super::Message;

impl<'m> Headers<'m> {
    /// The `Subject` (RFC 5322 §3.6.5), unfolded and with RFC 2047 encoded words decoded.
    pub fn subject(&self) -> Option<Cow<'m, str>> {
        self.get("subject")
            .map(|f| unstructured::decode(f.raw_value(), &mut Vec::new()))
    }

    /// Every address of every field named `name` (case-insensitive), in order.
    pub fn addresses(&self, name: &str) -> AddressList<'m> {
        let mut list = AddressList::default();
        for f in self.get_all(name) {
            list.addresses
                .extend(AddressList::parse(f.raw_value(), &mut Vec::new()).addresses);
        }
        list
    }

    /// `From` (RFC 5322 §3.6.2): the author(s).
    pub fn from(&self) -> AddressList<'m> {
        self.addresses("from")
    }

    /// `Sender` (RFC 5322 §3.6.2): the mailbox that sent the message for the authors.
    pub fn sender(&self) -> Option<Mailbox<'m>> {
        self.get("sender")
            .and_then(|f| Mailbox::parse(f.raw_value(), &mut Vec::new()))
    }

    /// `Reply-To` (RFC 5322 §3.6.2).
    pub fn reply_to(&self) -> AddressList<'m> {
        self.addresses("reply-to")
    }

    /// `To` (RFC 5322 §3.6.3).
    pub fn to(&self) -> AddressList<'m> {
        self.addresses("to")
    }

    /// `Cc` (RFC 5322 §3.6.3).
    pub fn cc(&self) -> AddressList<'m> {
        self.addresses("cc")
    }

    /// `Bcc` (RFC 5322 §3.6.3), when the message still has one.
    pub fn bcc(&self) -> AddressList<'m> {
        self.addresses("bcc")
    }

    /// `Date` (RFC 5322 §3.6.1): the origination date.
    pub fn date(&self) -> Option<DateTime> {
        self.get("date")
            .and_then(|f| DateTime::parse(f.raw_value(), &mut Vec::new()))
    }

    /// `Message-ID` (RFC 5322 §3.6.4).
    pub fn message_id(&self) -> Option<MessageId<'m>> {
        self.get("message-id")
            .and_then(|f| MessageId::parse(f.raw_value(), &mut Vec::new()))
    }

    /// `In-Reply-To` (RFC 5322 §3.6.4): the messages this one replies to.
    pub fn in_reply_to(&self) -> Vec<MessageId<'m>> {
        self.get("in-reply-to").map_or_else(Vec::new, |f| {
            MessageId::parse_list(f.raw_value(), &mut Vec::new())
        })
    }

    /// `References` (RFC 5322 §3.6.4): the thread this message belongs to, oldest first.
    pub fn references(&self) -> Vec<MessageId<'m>> {
        self.get("references").map_or_else(Vec::new, |f| {
            MessageId::parse_list(f.raw_value(), &mut Vec::new())
        })
    }
}

/// The same accessors on the message's own header section.
impl Message<'_> {
    /// The `Subject` (RFC 5322 §3.6.5), unfolded and with RFC 2047 encoded words decoded.
    pub fn subject(&self) -> Option<Cow<'_, str>> {
        self.headers().subject()
    }

    /// Every address of every field named `name` (case-insensitive), in order.
    pub fn addresses(&self, name: &str) -> AddressList<'_> {
        self.headers().addresses(name)
    }

    /// `From` (RFC 5322 §3.6.2): the author(s).
    pub fn from(&self) -> AddressList<'_> {
        self.headers().from()
    }

    /// `Sender` (RFC 5322 §3.6.2): the mailbox that sent the message for the authors.
    pub fn sender(&self) -> Option<Mailbox<'_>> {
        self.headers().sender()
    }

    /// `Reply-To` (RFC 5322 §3.6.2).
    pub fn reply_to(&self) -> AddressList<'_> {
        self.headers().reply_to()
    }

    /// `To` (RFC 5322 §3.6.3).
    pub fn to(&self) -> AddressList<'_> {
        self.headers().to()
    }

    /// `Cc` (RFC 5322 §3.6.3).
    pub fn cc(&self) -> AddressList<'_> {
        self.headers().cc()
    }

    /// `Bcc` (RFC 5322 §3.6.3), when the message still has one.
    pub fn bcc(&self) -> AddressList<'_> {
        self.headers().bcc()
    }

    /// `Date` (RFC 5322 §3.6.1): the origination date.
    pub fn date(&self) -> Option<DateTime> {
        self.headers().date()
    }

    /// `Message-ID` (RFC 5322 §3.6.4).
    pub fn message_id(&self) -> Option<MessageId<'_>> {
        self.headers().message_id()
    }

    /// `In-Reply-To` (RFC 5322 §3.6.4): the messages this one replies to.
    pub fn in_reply_to(&self) -> Vec<MessageId<'_>> {
        self.headers().in_reply_to()
    }

    /// `References` (RFC 5322 §3.6.4): the thread this message belongs to, oldest first.
    pub fn references(&self) -> Vec<MessageId<'_>> {
        self.headers().references()
    }
}
