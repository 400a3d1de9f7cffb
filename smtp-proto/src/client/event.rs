//! What the client machine tells its application.

use crate::command::Verb;
use crate::reply::{Capabilities, Reply, ReplyError};

/// Something that happened in a client session. No event needs an answer: the application
/// acts by calling [`send`](super::Client::send), [`quit`](super::Client::quit) and the
/// other methods whenever it likes.
#[derive(Debug)]
#[non_exhaustive]
pub enum Event<'a> {
    /// The server greeted (`220`, RFC 5321 §4.2).
    Greeting {
        /// The greeting.
        reply: Reply<'a>,
    },
    /// The session is ready for [`send`](super::Client::send): the greeting was answered,
    /// `STARTTLS` and `AUTH` were done as configured. Sent once per session.
    Ready {
        /// The extensions the server offers (empty after a `HELO` fallback).
        capabilities: &'a Capabilities<'static>,
    },
    /// `AUTH` succeeded (`235`, and for SCRAM the server's signature checked).
    Authenticated {
        /// The mechanism used.
        mechanism: mail_sasl::Mechanism,
    },
    /// The server's reply to one `RCPT` (RFC 5321 §4.1.1.3), in the order of the envelope's
    /// recipients; positive means accepted.
    Recipient {
        /// The recipient's index in the envelope.
        index: usize,
        /// The reply.
        reply: Reply<'a>,
    },
    /// SMTP: the server accepted the message for every accepted recipient (its reply to the
    /// end of the content). Ends the transaction.
    MessageAccepted {
        /// The reply (often with a queue id).
        reply: Reply<'a>,
    },
    /// LMTP: the final reply for one accepted recipient (RFC 2033 §4.2), in the order of the
    /// envelope; positive means delivered.
    Delivery {
        /// The recipient's index in the envelope.
        index: usize,
        /// The reply.
        reply: Reply<'a>,
    },
    /// LMTP: every accepted recipient has had its [`Delivery`](Self::Delivery). Ends the
    /// transaction.
    DeliveryComplete {
        /// Deliveries with a positive reply.
        delivered: usize,
        /// Deliveries with a negative reply.
        failed: usize,
    },
    /// The message was not accepted (see [`SendFailure`]). Ends the transaction; the
    /// connection can be used for the next message.
    MessageFailed {
        /// Why.
        failure: SendFailure<'a>,
    },
    /// The reply to [`rset`](super::Client::rset), [`noop`](super::Client::noop),
    /// [`vrfy`](super::Client::vrfy) or [`expn`](super::Client::expn).
    Reply {
        /// The command answered.
        verb: Verb,
        /// The reply.
        reply: Reply<'a>,
    },
    /// The session cannot go on (see [`SessionFailure`]): [`Poll::Closed`](crate::Poll)
    /// follows, after `QUIT` when the connection is still in step.
    SessionFailed {
        /// Why.
        failure: SessionFailure<'a>,
    },
}

/// A service extension a message needs (RFC 5321 §2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Extension {
    /// `8BITMIME` (RFC 6152): the message has octets above 127.
    EightBitMime,
    /// `BINARYMIME` (RFC 3030 §3): the message has NUL octets, or the envelope asked for
    /// `BODY=BINARYMIME` (its octets sent exactly as given).
    BinaryMime,
    /// `CHUNKING` (RFC 3030 §2): needed by `BINARYMIME`.
    Chunking,
    /// `SMTPUTF8` (RFC 6531): an address is not ASCII.
    SmtpUtf8,
}

/// Why a message was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SendFailure<'a> {
    /// The message needs an extension the server does not offer; nothing was sent.
    NeedsExtension(Extension),
    /// The message is larger than the server's `SIZE` (RFC 1870 §6); nothing was sent.
    TooBig {
        /// The message size in octets, as the server would count it.
        size: u64,
        /// The server's fixed maximum.
        limit: u64,
    },
    /// `MAIL` was refused.
    SenderRejected(Reply<'a>),
    /// No recipient was accepted (their replies came as
    /// [`Recipient`](Event::Recipient) events); no content was sent, or an empty one when the
    /// server asked for content anyway (RFC 2920 §3.1).
    NoValidRecipients,
    /// Some recipient was refused under
    /// [`require_all_recipients`](super::ClientConfig::require_all_recipients); no content was
    /// sent.
    RecipientsRejected,
    /// `DATA` or a `BDAT` chunk was refused.
    DataRejected(Reply<'a>),
    /// SMTP: the server refused the message after its content.
    MessageRejected(Reply<'a>),
    /// The session ended before the transaction did. When `outcome_unknown` is set the whole
    /// content had been sent and the final reply did not come: the server may have accepted
    /// the message (RFC 1047), so sending it again may deliver it twice.
    Interrupted {
        /// The content was complete when the session ended.
        outcome_unknown: bool,
    },
}

impl SendFailure<'_> {
    /// The same failure, owning its text.
    pub fn into_owned(self) -> SendFailure<'static> {
        match self {
            SendFailure::NeedsExtension(e) => SendFailure::NeedsExtension(e),
            SendFailure::TooBig { size, limit } => SendFailure::TooBig { size, limit },
            SendFailure::SenderRejected(r) => SendFailure::SenderRejected(r.into_owned()),
            SendFailure::NoValidRecipients => SendFailure::NoValidRecipients,
            SendFailure::RecipientsRejected => SendFailure::RecipientsRejected,
            SendFailure::DataRejected(r) => SendFailure::DataRejected(r.into_owned()),
            SendFailure::MessageRejected(r) => SendFailure::MessageRejected(r.into_owned()),
            SendFailure::Interrupted { outcome_unknown } => {
                SendFailure::Interrupted { outcome_unknown }
            }
        }
    }
}

/// Why `AUTH` failed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthFailure<'a> {
    /// The server offers no `AUTH` (RFC 4954 §3), or offers none without TLS.
    NotOffered,
    /// No mechanism both sides have, or only plaintext ones and no TLS (see
    /// [`auth_without_tls`](super::ClientConfig::auth_without_tls)).
    NoCommonMechanism,
    /// The server refused (`535`, `534`, `454`…).
    Rejected(Reply<'a>),
    /// A `334` challenge that is not base64 (RFC 4954 §4); the exchange was cancelled.
    MalformedChallenge,
    /// The mechanism refused the server's data, or the server's proof of identity failed
    /// (SCRAM's `v=`, RFC 5802 §5.1): never a success.
    Sasl(mail_sasl::SaslError),
}

/// What the client was waiting for when its time ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Awaiting {
    /// The greeting.
    Greeting,
    /// The reply to this command.
    Reply(Verb),
    /// The reply to the end of the content.
    EndOfData,
    /// The client was handing out content (the driver's writes did not finish).
    Sending,
    /// Nothing: the session was idle.
    Nothing,
}

/// Why the session cannot go on.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SessionFailure<'a> {
    /// The greeting refused service (`554`, RFC 5321 §3.1). The client sends `QUIT`.
    GreetingRefused(Reply<'a>),
    /// `EHLO`/`LHLO` (and `HELO`) were refused. The client sends `QUIT`.
    HelloRefused(Reply<'a>),
    /// [`TlsPolicy::Required`](super::TlsPolicy::Required) and no `STARTTLS` offered. The
    /// client sends `QUIT`.
    TlsUnavailable,
    /// [`TlsPolicy::Required`](super::TlsPolicy::Required) and `STARTTLS` refused. The client
    /// sends `QUIT`.
    TlsRefused(Reply<'a>),
    /// `AUTH` failed. The client sends `QUIT`.
    Auth(AuthFailure<'a>),
    /// The server is closing the connection (`421`, RFC 5321 §3.8).
    ServiceClosing(Reply<'a>),
    /// A reply when none was expected: the connection is out of step.
    UnexpectedReply(Reply<'a>),
    /// Bytes that are not a reply, or a reply over the limits.
    MalformedReply(ReplyError),
    /// The server was silent for longer than the timeout (RFC 5321 §4.5.3.2).
    Timeout {
        /// What the client was waiting for.
        awaiting: Awaiting,
    },
    /// The connection closed while the client still expected something.
    ConnectionLost,
    /// The server sent more than [`Limits::max_buffered_input`](super::Limits) the client
    /// had not yet read.
    TooMuchInput,
}
