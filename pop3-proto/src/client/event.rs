//! What the client machine tells its application.

use mail_sasl::Mechanism;

use crate::command::{MessageNumber, Verb};
use crate::response::{
    Capability, MaildropStat, ResponseError, ScanListing, StatusLine, UniqueIdListing,
};

/// Something that happened in a client session. No event needs an answer: the application
/// calls [`stat`](super::Client::stat), [`retr`](super::Client::retr) and the other methods
/// whenever it likes after [`Ready`](Self::Ready).
#[derive(Debug)]
#[non_exhaustive]
pub enum Event<'a> {
    /// The server greeted with `+OK` (RFC 1939 §4).
    Greeting {
        /// The greeting (its APOP timestamp, if any, is
        /// [`apop_timestamp`](StatusLine::apop_timestamp)).
        line: StatusLine<'a>,
    },
    /// The login went through (RFC 1939 §§7, RFC 5034): the TRANSACTION state.
    Authenticated {
        /// How.
        method: LoginMethod,
    },
    /// The session is ready for commands: the greeting was read, `CAPA`, `STLS` and the
    /// login done as configured. Sent once per session.
    Ready {
        /// The server's capabilities (empty when `CAPA` was not sent or was refused).
        capabilities: &'a [Capability<'static>],
    },
    /// The answer to [`stat`](super::Client::stat) (RFC 1939 §5).
    Stat(MaildropStat),
    /// One scan listing: the answer to `LIST n`, or one line of `LIST`'s listing
    /// (RFC 1939 §5).
    ScanListing(ScanListing),
    /// One unique-id listing: the answer to `UIDL n`, or one line of `UIDL`'s listing
    /// (RFC 1939 §7).
    UniqueIdListing(UniqueIdListing<'a>),
    /// The end of the multi-line answer to `LIST` or `UIDL` without an argument.
    ListingEnd {
        /// [`Verb::List`] or [`Verb::Uidl`].
        verb: Verb,
    },
    /// `RETR` or `TOP` was accepted: the message follows as [`MessageData`](Self::MessageData)
    /// pieces, then [`MessageEnd`](Self::MessageEnd).
    MessageStart {
        /// The message.
        message: MessageNumber,
    },
    /// A piece of the message, dot-stuffing removed (RFC 1939 §3), as it arrived: octets
    /// as sent, line ends CRLF. The pieces together are the message; their boundaries
    /// depend on how the bytes arrived.
    MessageData(&'a [u8]),
    /// The end of the message.
    MessageEnd {
        /// The message.
        message: MessageNumber,
    },
    /// `DELE` marked the message deleted (RFC 1939 §5).
    Deleted {
        /// The message.
        message: MessageNumber,
    },
    /// `RSET` unmarked the deleted messages (RFC 1939 §5).
    Reset,
    /// `NOOP` was answered (RFC 1939 §5).
    Noop,
    /// A command was refused with `-ERR`; the session goes on.
    Error {
        /// The command.
        verb: Verb,
        /// The message it named, if any.
        message: Option<MessageNumber>,
        /// The response, with its response code (RFC 2449 §8, RFC 3206) if any.
        line: StatusLine<'a>,
    },
    /// `QUIT` was answered `+OK` (RFC 1939 §6: deleted messages removed);
    /// [`Poll::Closed`](crate::Poll) follows. A `-ERR` comes as [`Error`](Self::Error).
    Closed {
        /// The response.
        line: StatusLine<'a>,
    },
    /// The session cannot go on (see [`SessionFailure`]): [`Poll::Closed`](crate::Poll)
    /// follows, after `QUIT` when the connection is still in step.
    SessionFailed {
        /// Why.
        failure: SessionFailure<'a>,
    },
}

/// How the client logged in.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LoginMethod {
    /// `AUTH` with this SASL mechanism (RFC 5034).
    Sasl(Mechanism),
    /// `APOP` (RFC 1939 §7).
    Apop,
    /// `USER` and `PASS` (RFC 1939 §7).
    UserPass,
}

/// Why the login failed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthFailure<'a> {
    /// No method both sides allow: no common SASL mechanism, no APOP timestamp, and
    /// `USER`/`PASS` not allowed without TLS (see
    /// [`auth_without_tls`](super::ClientConfig::auth_without_tls)), or a bearer token
    /// and no SASL.
    NoMethod,
    /// The server refused with `-ERR` (its response code tells why: `[AUTH]`, `[IN-USE]`,
    /// `[LOGIN-DELAY]`, `[SYS/TEMP]`… RFC 2449 §8, RFC 3206).
    Rejected {
        /// The command refused: `AUTH`, `APOP`, `USER` or `PASS`.
        verb: Verb,
        /// The response.
        line: StatusLine<'a>,
    },
    /// A continuation that is not base64 (RFC 5034 §4); the exchange was cancelled with
    /// `*`.
    MalformedChallenge,
    /// The mechanism refused the server's data, or the server's proof of identity failed
    /// (SCRAM's `v=`, RFC 5802 §5.1): never a success.
    Sasl(mail_sasl::SaslError),
    /// The user name cannot be a `USER` or `APOP` argument (a space or control character),
    /// or the password a `PASS` argument.
    Unencodable,
}

/// What the client was waiting for when its time ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Awaiting {
    /// The greeting.
    Greeting,
    /// The response to this command (or the rest of its multi-line response).
    Response(Verb),
    /// Nothing: the session was idle.
    Nothing,
}

/// Why the session cannot go on.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SessionFailure<'a> {
    /// The greeting was `-ERR` (the server closes).
    GreetingRefused(StatusLine<'a>),
    /// [`TlsPolicy::Required`](super::TlsPolicy::Required) and no `STLS` offered. The client
    /// sends `QUIT`.
    TlsUnavailable,
    /// [`TlsPolicy::Required`](super::TlsPolicy::Required) and `STLS` refused. The client
    /// sends `QUIT`.
    TlsRefused(StatusLine<'a>),
    /// The login failed. The client sends `QUIT`.
    Auth(AuthFailure<'a>),
    /// A response when none was expected: the connection is out of step.
    UnexpectedResponse(StatusLine<'a>),
    /// A line that is not a valid response where one was expected, or one over the limits.
    MalformedResponse(ResponseError),
    /// The server was silent for longer than the timeout.
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

impl AuthFailure<'_> {
    /// The same failure, owning its text.
    pub fn into_owned(self) -> AuthFailure<'static> {
        match self {
            AuthFailure::NoMethod => AuthFailure::NoMethod,
            AuthFailure::Rejected { verb, line } => AuthFailure::Rejected {
                verb,
                line: line.into_owned(),
            },
            AuthFailure::MalformedChallenge => AuthFailure::MalformedChallenge,
            AuthFailure::Sasl(e) => AuthFailure::Sasl(e),
            AuthFailure::Unencodable => AuthFailure::Unencodable,
        }
    }
}

impl SessionFailure<'_> {
    /// The same failure, owning its text.
    pub fn into_owned(self) -> SessionFailure<'static> {
        match self {
            SessionFailure::GreetingRefused(l) => SessionFailure::GreetingRefused(l.into_owned()),
            SessionFailure::TlsUnavailable => SessionFailure::TlsUnavailable,
            SessionFailure::TlsRefused(l) => SessionFailure::TlsRefused(l.into_owned()),
            SessionFailure::Auth(a) => SessionFailure::Auth(a.into_owned()),
            SessionFailure::UnexpectedResponse(l) => {
                SessionFailure::UnexpectedResponse(l.into_owned())
            }
            SessionFailure::MalformedResponse(e) => SessionFailure::MalformedResponse(e),
            SessionFailure::Timeout { awaiting } => SessionFailure::Timeout { awaiting },
            SessionFailure::ConnectionLost => SessionFailure::ConnectionLost,
            SessionFailure::TooMuchInput => SessionFailure::TooMuchInput,
        }
    }
}
