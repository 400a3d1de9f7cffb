//! What the server machine tells its application.

use mail_sasl::Secret;

use crate::command::{Argument, Digest, MessageNumber, Verb};
use crate::response::StatusLine;

/// Something that happened in a session. Events marked **decision** wait for the application
/// to answer with the methods they name; until then the server answers no further command
/// (pipelined input stays buffered).
#[derive(Debug)]
#[non_exhaustive]
pub enum Event<'a> {
    /// **Decision**: `USER name` (RFC 1939 §7). Answer with
    /// [`accept`](super::Server::accept) (`+OK` "send PASS"),
    /// [`accept_with`](super::Server::accept_with) (your text), or
    /// [`reject`](super::Server::reject) (e.g. `-ERR sorry, no mailbox for frated here`; many
    /// servers accept every name so as not to reveal which exist).
    User {
        /// The name.
        name: Argument<'a>,
    },
    /// **Decision**: `PASS` after an accepted `USER` (RFC 1939 §7). Check the password and
    /// lock the maildrop, then answer with [`accept_login`](super::Server::accept_login)
    /// (or [`accept_login_with`](super::Server::accept_login_with)), or
    /// [`reject`](super::Server::reject) with `-ERR [AUTH]` (wrong credentials, RFC 3206),
    /// `-ERR [IN-USE]` (maildrop locked, RFC 2449 §8.1.1), `-ERR [LOGIN-DELAY]`,
    /// `-ERR [SYS/TEMP]`…
    Login {
        /// The name given with `USER`.
        user: String,
        /// The password, as sent.
        password: Secret<Vec<u8>>,
    },
    /// **Decision**: `APOP name digest` (RFC 1939 §7). Compute the digest of `timestamp` and
    /// the user's shared secret and compare ([`Digest::verify`] does both, in constant
    /// time); answer as for [`Login`](Self::Login).
    Apop {
        /// The name.
        user: Argument<'a>,
        /// The digest the client sent.
        digest: Digest,
        /// The greeting's timestamp (the configured
        /// [`apop_timestamp`](super::ServerConfig::apop_timestamp)).
        timestamp: String,
    },
    /// **Decision**: `AUTH` with an offered mechanism, allowed in this state (RFC 5034).
    /// Answer with [`accept_auth`](super::Server::accept_auth) (giving a fresh nonce, which
    /// CRAM-MD5 and SCRAM need) or [`accept`](super::Server::accept) for the others, or
    /// refuse with [`reject`](super::Server::reject).
    AuthStart {
        /// The mechanism the client chose.
        mechanism: mail_sasl::Mechanism,
    },
    /// **Decision**: the SASL exchange needs the application: check a password, hand over a
    /// stored secret or check a token. Answer with
    /// [`answer_auth`](super::Server::answer_auth).
    AuthRequest(mail_sasl::Request),
    /// **Decision**: the SASL exchange succeeded; lock the maildrop of this identity and
    /// answer as for [`Login`](Self::Login).
    Authenticated(mail_sasl::Authenticated),
    /// An `AUTH` exchange failed or was cancelled (`*`); the `-ERR` was sent.
    AuthFailed {
        /// The status line sent.
        status: StatusLine<'static>,
    },
    /// **Decision**: `RETR msg` (`lines: None`) or `TOP msg n` (`lines: Some(n)`) of a message
    /// that exists and is not deleted (RFC 1939 §§5, 7). Send the message as stored with
    /// [`send_message_data`](super::Server::send_message_data) (any number of calls, pieces
    /// of any size; the machine dot-stuffs, repairs bare LFs and cuts `TOP` short) and
    /// [`end_message`](super::Server::end_message); or, before the first piece,
    /// [`reject`](super::Server::reject) (e.g. `-ERR [SYS/TEMP]` when storage fails).
    Retrieve {
        /// The message.
        message: MessageNumber,
        /// `TOP`'s line count.
        lines: Option<u32>,
        /// Its size as given in the maildrop.
        size: u64,
    },
    /// **Decision**: `QUIT` in the TRANSACTION state: the UPDATE state (RFC 1939 §6). Remove
    /// `deleted` from the maildrop, release its lock, then [`accept`](super::Server::accept)
    /// (`+OK ... signing off`) or [`reject`](super::Server::reject) (`-ERR [SYS/TEMP]` when
    /// some could not be removed). The connection closes either way.
    Update {
        /// The messages marked deleted, in order (may be empty).
        deleted: Vec<MessageNumber>,
    },
    /// The client broke a rule and was answered with `-ERR`: a malformed, unknown or
    /// out-of-state command, a limit. For logs; the server has already answered.
    ProtocolError {
        /// The command's verb, when it had one the codec knows.
        verb: Option<Verb>,
        /// The status line sent.
        status: StatusLine<'static>,
    },
}

impl Event<'_> {
    /// The same event, owning all its data (to keep it past the next `poll()`).
    pub fn into_owned(self) -> Event<'static> {
        match self {
            Event::User { name } => Event::User {
                name: name.into_owned(),
            },
            Event::Login { user, password } => Event::Login { user, password },
            Event::Apop {
                user,
                digest,
                timestamp,
            } => Event::Apop {
                user: user.into_owned(),
                digest,
                timestamp,
            },
            Event::AuthStart { mechanism } => Event::AuthStart { mechanism },
            Event::AuthRequest(request) => Event::AuthRequest(request),
            Event::Authenticated(a) => Event::Authenticated(a),
            Event::AuthFailed { status } => Event::AuthFailed { status },
            Event::Retrieve {
                message,
                lines,
                size,
            } => Event::Retrieve {
                message,
                lines,
                size,
            },
            Event::Update { deleted } => Event::Update { deleted },
            Event::ProtocolError { verb, status } => Event::ProtocolError { verb, status },
        }
    }
}
