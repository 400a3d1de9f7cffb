//! What the server machine tells its application.

use mail_message::envelope::{ForwardPath, ReversePath};

use crate::command::{ClientName, MailParameters, RcptParameters, Verb};
use crate::data::DataReport;
use crate::reply::Reply;

/// Something that happened in a session. Events marked **decision** wait for the application
/// to answer with [`Server::accept`](super::Server::accept),
/// [`Server::accept_with`](super::Server::accept_with) or
/// [`Server::reject`](super::Server::reject) (or the method the variant names); until then the
/// server answers no further command.
#[derive(Debug)]
#[non_exhaustive]
pub enum Event<'a> {
    /// **Decision**: `HELO`, `EHLO` or `LHLO`. Accepting answers with the greeting (and the
    /// extensions, for `EHLO`/`LHLO`) and starts a new session state: no transaction, as after
    /// `RSET` (RFC 5321 §4.1.4).
    Hello {
        /// The name the client gave.
        name: ClientName<'a>,
        /// `EHLO` or `LHLO` rather than `HELO`.
        extended: bool,
    },
    /// **Decision**: `AUTH` with an offered mechanism, allowed in this state. Answer with
    /// [`Server::accept_auth`](super::Server::accept_auth) (giving a fresh nonce, which
    /// CRAM-MD5 and SCRAM need), or refuse with `reject`.
    AuthStart {
        /// The mechanism the client chose.
        mechanism: mail_sasl::Mechanism,
    },
    /// **Decision**: the SASL exchange needs the application: check a password, hand over a
    /// stored secret or check a token. Answer with
    /// [`Server::answer_auth`](super::Server::answer_auth).
    AuthRequest(mail_sasl::Request),
    /// The client authenticated (`235` was sent).
    Authenticated(mail_sasl::Authenticated),
    /// An `AUTH` exchange failed or was cancelled (a `5xx` or `4xx` reply was sent).
    AuthFailed {
        /// The reply sent.
        reply: Reply<'static>,
    },
    /// **Decision**: `MAIL FROM`, checked against the session's state and the offered
    /// extensions (SMTPUTF8, SIZE, BODY, REQUIRETLS…). Accepting starts a transaction.
    Mail {
        /// The sender.
        reverse_path: ReversePath<'a>,
        /// The parameters.
        parameters: MailParameters<'a>,
    },
    /// **Decision**: `RCPT TO`, checked against the transaction's state and the recipient limit.
    Rcpt {
        /// The recipient.
        forward_path: ForwardPath<'a>,
        /// The parameters.
        parameters: RcptParameters<'a>,
    },
    /// **Decision**: `VRFY` (RFC 5321 §3.5.1), when [`ServerConfig::vrfy`] is on. Accepting
    /// answers `252` (cannot verify, but will accept and attempt delivery, §3.5.3);
    /// `accept_with` a `250`/`251` naming the mailbox, or `reject` with `550`/`553`, answer as
    /// the application knows.
    ///
    /// [`ServerConfig::vrfy`]: super::ServerConfig::vrfy
    Verify {
        /// The user name or mailbox asked about, as sent.
        argument: crate::command::Text<'a>,
    },
    /// The message content starts (`354` was sent for `DATA`, or the first `BDAT` chunk is
    /// arriving). The application may write its own trace fields (`Return-Path`, `Received`)
    /// before the content.
    MessageStart,
    /// A piece of the message content, in order: dot-stuffing removed (`DATA`), or as sent
    /// (`BDAT`). The pieces together are the message; none is bigger than what was received.
    MessageData(&'a [u8]),
    /// **Decision**: the content is complete. In SMTP answer once; in LMTP answer once for each
    /// accepted recipient, in the order they were accepted (RFC 2033 §4.2).
    MessageEnd {
        /// The message size in octets (RFC 1870).
        size: u64,
        /// How many answers the server waits for: 1 in SMTP, the accepted recipients in LMTP.
        replies: usize,
        /// What the content looked like (lines over the limit, bare CR/LF), for `DATA`.
        report: Option<DataReport>,
    },
    /// The server refused the message itself after reading it to its end (too big, or bare
    /// line breaks under [`BareLinebreaks::Reject`](crate::data::BareLinebreaks::Reject)); the
    /// reply was sent and the transaction is over. Discard what was stored.
    MessageRefused {
        /// The reply sent.
        reply: Reply<'static>,
    },
    /// The transaction was abandoned (`RSET`, a new `HELO`/`EHLO`, `STARTTLS`): discard what
    /// was collected for it.
    TransactionReset,
    /// The client broke a rule and was answered with an error reply: an unknown or malformed
    /// command, a command out of sequence, a limit. For logs; the server has already answered.
    ProtocolError {
        /// The command's verb, when it had one the codec knows.
        verb: Option<Verb>,
        /// The reply sent.
        reply: Reply<'static>,
    },
}
