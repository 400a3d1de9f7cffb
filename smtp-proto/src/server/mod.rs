//! The SMTP and LMTP server state machine (RFC 5321, RFC 2033).
//!
//! A [`Server`] holds one session: it turns the bytes the client sends into [`Event`]s and the
//! application's decisions into replies, and enforces the protocol's rules and the configured
//! [`Limits`] on its own. It does no I/O: the driver moves bytes and calls
//! [`poll`](Server::poll) until it says [`Poll::NeedInput`].
//!
//! - **Sequence** (RFC 5321 §4.1.4): a greeting, then `HELO`/`EHLO` (`LHLO` in LMTP), then
//!   transactions of `MAIL`, `RCPT`…, `DATA` or `BDAT`… Every command out of sequence gets the
//!   RFC's reply (`503`, `501`, `500`, `502`, `504`, `554`, `555`…) and a
//!   [`ProtocolError`](Event::ProtocolError) event; too many errors end the session with `421`.
//! - **Pipelining** (RFC 2920): commands are taken one by one from whatever has arrived;
//!   replies are sent in order, batched until the server must wait. Nothing after `DATA`,
//!   `BDAT`, `STARTTLS` or `AUTH` is read as a command before that command's outcome is known.
//! - **Content**: `DATA` content ends only at CRLF.CRLF (never at a bare CR or LF: no SMTP
//!   smuggling) and is un-stuffed on the fly; `BDAT` chunks are counted, not scanned. Both reach
//!   the application as [`MessageData`](Event::MessageData) pieces borrowed from the receive
//!   buffer. `SIZE` is enforced at `MAIL` and while the content arrives.
//! - **STARTTLS** (RFC 3207): after `220`, [`Poll::StartTls`]; every byte received before the
//!   upgrade is discarded and the session starts over.
//! - **AUTH** (RFC 4954) runs a mail-sasl mechanism; the application checks credentials
//!   through [`AuthRequest`](Event::AuthRequest) events. It is refused before TLS unless
//!   [`ServerConfig::auth_without_tls`] is set.
//! - **Time** never enters the machine: [`timeout`](Server::timeout) says how long the driver
//!   may wait for the client, [`handle_timeout`](Server::handle_timeout) says the wait is over.
//!
//! # Example
//!
//! ```
//! use smtp_proto::server::{Event, Server, ServerConfig};
//! use smtp_proto::Poll;
//!
//! let mut server = Server::new(ServerConfig::new("mx.example.org"));
//! let mut wire = Vec::new();
//! let mut message = Vec::new();
//! server.receive(b"EHLO client.example.com\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n");
//! server.receive(b"Subject: hi\r\n\r\n..dot\r\n.\r\nQUIT\r\n");
//! loop {
//!     match server.poll() {
//!         Poll::Transmit(bytes) => wire.extend_from_slice(bytes),
//!         Poll::Event(Event::MessageData(piece)) => message.extend_from_slice(piece),
//!         Poll::Event(Event::Hello { .. } | Event::Mail { .. } | Event::Rcpt { .. } | Event::Verify { .. } | Event::MessageEnd { .. }) => {
//!             server.accept()?;
//!         }
//!         Poll::Event(_) => {}
//!         Poll::NeedInput | Poll::Waiting | Poll::StartTls => break,
//!         Poll::Closed => break,
//!     }
//! }
//! assert_eq!(message, b"Subject: hi\r\n\r\n.dot\r\n");
//! let wire = String::from_utf8(wire)?;
//! assert!(wire.starts_with("220 mx.example.org ESMTP ready\r\n250-mx.example.org\r\n"));
//! assert!(wire.ends_with("250 2.1.0 Sender OK\r\n250 2.1.5 Recipient OK\r\n354 End data with <CR><LF>.<CR><LF>\r\n250 2.0.0 Message accepted\r\n221 2.0.0 mx.example.org closing connection\r\n"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod auth;
mod commands;
mod config;
mod content;
mod decide;
mod error;
mod event;
mod session;

use std::time::Duration;

pub use config::{Extensions, Limits, Protocol, ServerConfig};
pub use error::UsageError;
pub use event::Event;

use crate::Poll;
use crate::line::{LineTooLong, next_line, skip_line};
use crate::reply::{Reply, ReplyCode};

use decide::Answer;
use session::{Core, Pending, Phase, Session};

/// What one step of the machine produced. (Returned by value and consumed at once: boxing the
/// event would cost an allocation per command.)
#[allow(clippy::large_enum_variant)]
pub(super) enum Adv<'i> {
    /// An event for the application.
    Event(Event<'i>),
    /// Go on with the next step.
    Continue,
    /// Nothing more until more bytes arrive.
    NeedInput,
}

/// One SMTP or LMTP server session (see the [module](self) overview).
#[derive(Debug)]
pub struct Server {
    /// Bytes received; `core.pos` marks what has been processed.
    buffer: Vec<u8>,
    core: Core,
}

impl Server {
    /// A session on a plain connection; the `220` greeting is queued.
    pub fn new(config: ServerConfig) -> Self {
        Self::start(config, false, None)
    }

    /// A session on a connection that is TLS from its first byte (RFC 8314 implicit TLS, port
    /// 465): no `STARTTLS`, and `AUTH` allowed as over TLS.
    pub fn new_tls(config: ServerConfig) -> Self {
        Self::start(config, true, None)
    }

    /// A session that refuses service (RFC 5321 §3.1): the greeting is `reply` (normally
    /// `554`), every command but `QUIT` gets `503`.
    pub fn refusing(config: ServerConfig, reply: Reply<'static>) -> Self {
        Self::start(config, false, Some(reply))
    }

    fn start(config: ServerConfig, tls: bool, refusal: Option<Reply<'static>>) -> Self {
        let mut core = Core {
            config,
            pos: 0,
            output: Vec::new(),
            handed_out: 0,
            phase: Phase::Command,
            pending: None,
            session: Session {
                tls,
                ..Session::default()
            },
            queued: None,
            refusing: refusal.is_some(),
            greeting_pending: true,
            starttls: false,
            closing: false,
            closed: false,
        };
        let greeting = refusal.unwrap_or_else(|| core.greeting());
        core.send(&greeting);
        Server {
            buffer: Vec::new(),
            core,
        }
    }

    /// Takes bytes received from the client, in any split.
    pub fn receive(&mut self, bytes: &[u8]) {
        let core = &mut self.core;
        if core.closed || core.closing {
            return;
        }
        if core.pos > 0 {
            self.buffer.drain(..core.pos.min(self.buffer.len()));
            core.pos = 0;
        }
        if self.buffer.len() + bytes.len() > core.config.limits.max_buffered_input {
            self.buffer.clear();
            core.phase = Phase::Command;
            core.shut_down("4.7.0 Too much unprocessed input, closing connection");
            return;
        }
        self.buffer.extend_from_slice(bytes);
    }

    /// What to do next (see [`Poll`]).
    pub fn poll(&mut self) -> Poll<'_, Event<'_>> {
        let Server { buffer, core } = self;
        core.poll(buffer)
    }

    /// How long the driver may wait for the client before calling
    /// [`handle_timeout`](Self::handle_timeout); `None` while the server itself waits for the
    /// application, or once the session is over.
    pub fn timeout(&self) -> Option<Duration> {
        let core = &self.core;
        if core.closed || core.pending.is_some() {
            return None;
        }
        Some(match core.phase {
            Phase::Data { .. } | Phase::Bdat { .. } => core.config.limits.data_timeout,
            _ => core.config.limits.command_timeout,
        })
    }

    /// The client was silent for [`timeout`](Self::timeout): the server answers `421 4.4.2`
    /// and closes (RFC 5321 §4.5.3.2).
    pub fn handle_timeout(&mut self) {
        let core = &mut self.core;
        if !core.closed && !core.closing {
            core.phase = Phase::Command;
            core.shut_down("4.4.2 Timeout exceeded, closing connection");
        }
    }

    /// Ends the session from the server's side (shutting down): `421 4.3.2` and close.
    pub fn shut_down(&mut self) {
        let core = &mut self.core;
        if !core.closed && !core.closing {
            core.phase = Phase::Command;
            core.pending = None;
            core.shut_down("4.3.2 Service shutting down, closing connection");
        }
    }

    /// Accepts the pending decision with the server's usual reply (the `EHLO` reply, `250 2.1.0`,
    /// `250 2.1.5`, `250 2.0.0`…). For `AuthStart` this works for the mechanisms that need no
    /// nonce (PLAIN, LOGIN, XOAUTH2, OAUTHBEARER); the others need
    /// [`accept_auth`](Self::accept_auth).
    ///
    /// # Errors
    /// [`UsageError`] if nothing is pending, or the pending decision is an `AuthRequest`.
    pub fn accept(&mut self) -> Result<(), UsageError> {
        self.core.decide(Answer::Accept(None))
    }

    /// Accepts the pending `Mail`, `Rcpt` or `MessageEnd` decision with this reply (`2xx`), e.g.
    /// a `250` that names the queue id, or `251`.
    ///
    /// # Errors
    /// [`UsageError`] if nothing is pending, the decision takes no custom reply, or the reply
    /// is not `2xx` or cannot be written.
    pub fn accept_with(&mut self, reply: Reply<'_>) -> Result<(), UsageError> {
        self.core.decide(Answer::Accept(Some(reply)))
    }

    /// Refuses the pending decision with this reply (`4xx` or `5xx`).
    ///
    /// # Errors
    /// [`UsageError`] if nothing is pending, the pending decision is an `AuthRequest`, or the
    /// reply is not negative or cannot be written.
    pub fn reject(&mut self, reply: Reply<'_>) -> Result<(), UsageError> {
        self.core.decide(Answer::Reject(reply))
    }

    /// Accepts the pending `AuthStart` and starts the SASL exchange. `nonce` must be fresh and
    /// unpredictable for CRAM-MD5 (its challenge) and SCRAM-SHA-256 (the server nonce); the
    /// other mechanisms ignore it.
    ///
    /// # Errors
    /// [`UsageError`] if no `AuthStart` is pending or the nonce is unusable.
    pub fn accept_auth(&mut self, nonce: &str) -> Result<(), UsageError> {
        let core = &mut self.core;
        match core.pending.take() {
            Some(Pending::AuthStart {
                mechanism,
                initial_response,
            }) => core.start_auth(mechanism, initial_response.as_deref(), nonce),
            Some(p) => {
                let name = p.name();
                core.pending = Some(p);
                Err(UsageError::WrongDecision { pending: name })
            }
            None => Err(UsageError::NothingPending),
        }
    }

    /// Answers the pending `AuthRequest` (a checked password, a stored secret, a token
    /// verdict). See [`mail_sasl::Request::answer_with`] to answer from an `Authenticator`.
    ///
    /// # Errors
    /// [`UsageError`] if no `AuthRequest` is pending.
    pub fn answer_auth(&mut self, answer: mail_sasl::Answer) -> Result<(), UsageError> {
        self.core.answer_auth(answer)
    }

    /// `true` once TLS is active (after `STARTTLS`, or from the start).
    pub fn is_tls(&self) -> bool {
        self.core.session.tls
    }

    /// The identity the client authenticated as, if it did.
    pub fn authenticated(&self) -> Option<&str> {
        self.core.session.authenticated.as_deref()
    }

    /// The configuration.
    pub fn config(&self) -> &ServerConfig {
        &self.core.config
    }
}

impl Core {
    fn poll<'b>(&'b mut self, input: &'b [u8]) -> Poll<'b, Event<'b>> {
        if self.handed_out > 0 {
            // Only what was handed out: a decision answered right after a `Transmit`, before
            // this `poll`, may have queued more.
            self.output.drain(..self.handed_out.min(self.output.len()));
            self.handed_out = 0;
        }
        if self.closed {
            return Poll::Closed;
        }
        if let Some(event) = self.queued.take() {
            return Poll::Event(event);
        }
        if self.greeting_pending {
            self.greeting_pending = false;
            self.handed_out = self.output.len();
            return Poll::Transmit(&self.output);
        }
        if self.starttls && self.output.is_empty() {
            // The 220 went out: from here on the bytes are TLS. Forget everything the client
            // said in the clear (RFC 3207 §4.2).
            self.starttls = false;
            self.pos = input.len();
            self.phase = Phase::Command;
            self.pending = None;
            self.session = Session {
                tls: true,
                ..Session::default()
            };
            return Poll::StartTls;
        }
        if !self.closing && !self.starttls && self.pending.is_none() {
            loop {
                match self.advance(input) {
                    Adv::Event(event) => return Poll::Event(event),
                    Adv::NeedInput => break,
                    Adv::Continue if self.closing || self.starttls || self.pending.is_some() => {
                        break;
                    }
                    Adv::Continue => {}
                }
            }
        }
        if !self.output.is_empty() {
            self.handed_out = self.output.len();
            return Poll::Transmit(&self.output);
        }
        if self.closing {
            self.closed = true;
            return Poll::Closed;
        }
        if self.pending.is_some() {
            Poll::Waiting
        } else {
            Poll::NeedInput
        }
    }

    /// One step on the unprocessed input.
    fn advance<'i>(&mut self, input: &'i [u8]) -> Adv<'i> {
        let rest = input.get(self.pos..).unwrap_or_default();
        match self.phase {
            Phase::Command => match next_line(
                rest,
                self.config.limits.command_line,
                self.config.line_endings,
            ) {
                Ok(Some(line)) => {
                    self.pos += line.consumed;
                    self.command(line.text, input.len())
                }
                Ok(None) => Adv::NeedInput,
                Err(LineTooLong { .. }) => {
                    self.phase = Phase::SkipLine;
                    Adv::Event(self.error(
                        None,
                        Reply::new(ReplyCode::SYNTAX_ERROR, "5.5.6 Line too long"),
                    ))
                }
            },
            Phase::SkipLine => match skip_line(rest, self.config.line_endings) {
                Some(n) => {
                    self.pos += n;
                    self.phase = Phase::Command;
                    Adv::Continue
                }
                None => {
                    self.pos = input.len();
                    Adv::NeedInput
                }
            },
            Phase::Data { .. } => self.data_content(rest),
            Phase::Bdat { .. } => self.bdat_content(rest),
            Phase::Auth(_) | Phase::AuthFinish(_) => self.auth_line(rest),
        }
    }
}
