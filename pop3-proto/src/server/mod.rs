//! The POP3 server state machine (RFC 1939, with RFC 2449, RFC 2595, RFC 3206, RFC 5034 and
//! RFC 6856).
//!
//! A [`Server`] holds one session: it turns the bytes the client sends into [`Event`]s and the
//! application's decisions into responses, and enforces the protocol's rules and the
//! configured [`Limits`] on its own. It does no I/O: the driver moves bytes and calls
//! [`poll`](Server::poll) until it says [`Poll::NeedInput`] — the same shape as
//! `smtp_proto::server::Server`.
//!
//! - **States** (RFC 1939 §3): AUTHORIZATION (`USER`/`PASS`, `APOP`, `AUTH`, `STLS`, `UTF8`),
//!   TRANSACTION once the application accepted a login with the maildrop's listing
//!   ([`Maildrop`]), UPDATE after `QUIT`. Every command out of state gets `-ERR` and a
//!   [`ProtocolError`](Event::ProtocolError) event; too many end the session.
//! - **The maildrop listing** is the machine's: it answers `STAT`, `LIST`, `UIDL`, `DELE` and
//!   `RSET` itself, hides deleted messages, and hands the deletions to the application at
//!   `QUIT` ([`Update`](Event::Update)). Message content is the application's: on `RETR`
//!   and `TOP` it streams the stored message, which the machine dot-stuffs
//!   ([`body::Stuffer`](crate::body::Stuffer)).
//! - **Logins**: plaintext logins are refused before TLS unless
//!   [`ServerConfig::plaintext_without_tls`]; `APOP` gets the timestamp the application put
//!   in the greeting ([`ServerConfig::apop_timestamp`]); `AUTH` runs a mail-sasl mechanism.
//! - **STLS** (RFC 2595 §4): after `+OK`, [`Poll::StartTls`]; every byte received before the
//!   upgrade is discarded.
//! - **Pipelining** (RFC 2449 §6.6): commands are taken one by one from whatever has arrived
//!   and answered in order; nothing after `STLS` or `AUTH` is read as a command before that
//!   command's outcome is known.
//! - **Time** never enters the machine: [`timeout`](Server::timeout) says how long the driver
//!   may wait for the client (RFC 1939 §3's autologout timer, 10 minutes by default),
//!   [`handle_timeout`](Server::handle_timeout) says the wait is over.
//!
//! # Example
//!
//! The session of RFC 1939 §10, with APOP:
//!
//! ```
//! use pop3_proto::Poll;
//! use pop3_proto::response::UniqueId;
//! use pop3_proto::server::{Event, Maildrop, Server, ServerConfig};
//!
//! let config = ServerConfig::new("dewey")
//!     .with_apop_timestamp("<1896.697170952@dbc.mtview.ca.us>");
//! let mut server = Server::new(config);
//! server.receive(b"APOP mrose c4c9334bac560ecc979e58001b3e22fb\r\nSTAT\r\nRETR 1\r\nDELE 1\r\nQUIT\r\n");
//! let mut wire = Vec::new();
//! loop {
//!     match server.poll() {
//!         Poll::Transmit(bytes) => wire.extend_from_slice(bytes),
//!         Poll::Event(Event::Apop { user, digest, timestamp }) => {
//!             assert!(digest.verify(timestamp.as_bytes(), b"tanstaaf"));
//!             assert_eq!(user.as_str(), "mrose");
//!             let mut maildrop = Maildrop::new();
//!             maildrop.push(13, UniqueId::new("a1")?);
//!             server.accept_login(maildrop)?;
//!         }
//!         Poll::Event(Event::Retrieve { .. }) => {
//!             server.send_message_data(b"Subject: hi\n")?;
//!             server.end_message()?;
//!         }
//!         Poll::Event(Event::Update { deleted }) => {
//!             assert_eq!(deleted.len(), 1);
//!             server.accept()?;
//!         }
//!         Poll::Event(_) => {}
//!         Poll::NeedInput | Poll::Waiting | Poll::StartTls => break,
//!         Poll::Closed => break,
//!     }
//! }
//! assert_eq!(
//!     String::from_utf8(wire)?,
//!     "+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n\
//!      +OK mrose's maildrop has 1 message (13 octets)\r\n\
//!      +OK 1 13\r\n\
//!      +OK 13 octets\r\nSubject: hi\r\n.\r\n\
//!      +OK message 1 deleted\r\n\
//!      +OK dewey POP3 server signing off (maildrop empty)\r\n"
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod auth;
mod commands;
mod config;
mod decide;
mod error;
mod event;
mod maildrop;
mod session;

use std::time::Duration;

pub use config::{Limits, ServerConfig};
pub use error::UsageError;
pub use event::Event;
pub use maildrop::{Maildrop, MessageInfo};
pub use session::State;

use crate::Poll;
use crate::line::{LineTooLong, next_line, skip_line};
use crate::response::{ResponseCode, StatusLine, Text};

use maildrop::Open;
use session::{Core, Phase};

/// What one step of the machine produced.
#[allow(clippy::large_enum_variant)]
pub(super) enum Adv<'i> {
    /// An event for the application.
    Event(Event<'i>),
    /// Go on with the next step.
    Continue,
    /// Nothing more until more bytes arrive.
    NeedInput,
}

/// One POP3 server session (see the [module](self) overview).
#[derive(Debug)]
pub struct Server {
    /// Bytes received; `core.pos` marks what has been processed.
    buffer: Vec<u8>,
    core: Core,
}

impl Server {
    /// A session on a plain connection; the greeting is queued.
    pub fn new(config: ServerConfig) -> Self {
        Self::start(config, false)
    }

    /// A session on a connection that is TLS from its first byte (RFC 8314 implicit TLS, port
    /// 995): no `STLS`, and plaintext logins allowed.
    pub fn new_tls(config: ServerConfig) -> Self {
        Self::start(config, true)
    }

    fn start(config: ServerConfig, tls: bool) -> Self {
        let mut core = Core {
            config,
            pos: 0,
            output: Vec::new(),
            handed_out: false,
            phase: Phase::Command,
            pending: None,
            state: State::Authorization,
            tls,
            user: None,
            utf8: false,
            authenticated: None,
            maildrop: Open::default(),
            bad_commands: 0,
            login_failures: 0,
            queued: None,
            greeting_pending: true,
            starttls: false,
            closing: false,
            closed: false,
        };
        // RFC 1939 §4 greeting; §7: the APOP timestamp at its end.
        let mut greeting = core.config.greeting.clone();
        if let Some(timestamp) = core.config.timestamp() {
            if !greeting.is_empty() {
                greeting.push(' ');
            }
            greeting.push_str(timestamp);
        }
        core.ok(&greeting);
        Server {
            buffer: Vec::new(),
            core,
        }
    }

    /// Takes bytes received from the client, in any split.
    pub fn receive(&mut self, bytes: &[u8]) {
        let core = &mut self.core;
        core.reclaim();
        if core.closed || core.closing {
            return;
        }
        if core.pos > 0 {
            self.buffer.drain(..core.pos.min(self.buffer.len()));
            core.pos = 0;
        }
        if self.buffer.len() + bytes.len() > core.config.limits.max_buffered_input {
            self.buffer.clear();
            core.shut_down("Too much unprocessed input");
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
    /// [`handle_timeout`](Self::handle_timeout) (RFC 1939 §3's autologout timer); `None` while
    /// the server waits for the application, or once the session is over.
    pub fn timeout(&self) -> Option<Duration> {
        let core = &self.core;
        if core.closed || core.closing || core.pending.is_some() {
            return None;
        }
        Some(core.config.limits.idle_timeout)
    }

    /// The client was idle for [`timeout`](Self::timeout): the session ends without entering
    /// the UPDATE state and without a response (RFC 1939 §3: "the server should close the
    /// TCP connection without removing any messages or sending any response").
    pub fn handle_timeout(&mut self) {
        let core = &mut self.core;
        if !core.closed && !core.closing {
            core.pending = None;
            core.closing = true;
        }
    }

    /// Ends the session from the server's side (shutting down): `-ERR [SYS/TEMP]` and close,
    /// without entering the UPDATE state. (In the middle of a multi-line response, where a
    /// status line cannot go, the connection just closes.)
    pub fn shut_down(&mut self) {
        let core = &mut self.core;
        core.reclaim();
        if !core.closed && !core.closing {
            core.shut_down("Server shutting down");
        }
    }

    /// Accepts the pending `User` (with `+OK send PASS`), `Update` (with `+OK … signing off`)
    /// or `AuthStart` of a mechanism that needs no nonce (PLAIN, LOGIN, XOAUTH2, OAUTHBEARER;
    /// the others need [`accept_auth`](Self::accept_auth)).
    ///
    /// # Errors
    /// [`UsageError`] if nothing is pending or the pending decision is of another kind.
    pub fn accept(&mut self) -> Result<(), UsageError> {
        self.core.reclaim();
        self.core.accept(None)
    }

    /// Accepts the pending `User` or `Update` with this text after `+OK`.
    ///
    /// # Errors
    /// [`UsageError`] if nothing is pending, the decision is of another kind, or the text
    /// cannot be written.
    pub fn accept_with(&mut self, text: Text<'_>) -> Result<(), UsageError> {
        self.core.reclaim();
        self.core.accept(Some(text))
    }

    /// Accepts the pending `Login`, `Apop` or `Authenticated` decision: the maildrop is
    /// locked, here is its listing; the session enters the TRANSACTION state with
    /// `+OK user's maildrop has n messages (m octets)` (RFC 1939 §7).
    ///
    /// # Errors
    /// [`UsageError`] if no login is pending, or the maildrop has more than 2³²−1 messages.
    pub fn accept_login(&mut self, maildrop: Maildrop) -> Result<(), UsageError> {
        self.core.reclaim();
        self.core.accept_login(maildrop, None)
    }

    /// As [`accept_login`](Self::accept_login), with this text after `+OK`.
    ///
    /// # Errors
    /// As [`accept_login`](Self::accept_login), or the text cannot be written.
    pub fn accept_login_with(
        &mut self,
        maildrop: Maildrop,
        text: Text<'_>,
    ) -> Result<(), UsageError> {
        self.core.reclaim();
        self.core.accept_login(maildrop, Some(text))
    }

    /// Refuses the pending decision with this `-ERR` status line (e.g. `-ERR [AUTH] invalid
    /// password`, `-ERR [IN-USE] maildrop locked`, `-ERR [SYS/TEMP] storage unavailable`).
    /// A refused login counts towards [`Limits::max_login_failures`]; a refused `Update`
    /// closes the session.
    ///
    /// # Errors
    /// [`UsageError`] if nothing is pending, the pending decision is an `AuthRequest` or a
    /// message already being sent, or the status is not `-ERR` or cannot be written.
    pub fn reject(&mut self, status: &StatusLine<'_>) -> Result<(), UsageError> {
        self.core.reclaim();
        self.core.reject(status)
    }

    /// Accepts the pending `AuthStart` and starts the SASL exchange. `nonce` must be fresh and
    /// unpredictable for CRAM-MD5 (its challenge) and SCRAM-SHA-256 (the server nonce); the
    /// other mechanisms ignore it.
    ///
    /// # Errors
    /// [`UsageError`] if no `AuthStart` is pending or the nonce is unusable.
    pub fn accept_auth(&mut self, nonce: &str) -> Result<(), UsageError> {
        self.core.reclaim();
        self.core.accept_auth(nonce)
    }

    /// Answers the pending `AuthRequest` (a checked password, a stored secret, a token
    /// verdict). See [`mail_sasl::Request::answer_with`] to answer from an `Authenticator`.
    ///
    /// # Errors
    /// [`UsageError`] if no `AuthRequest` is pending.
    pub fn answer_auth(&mut self, answer: mail_sasl::Answer) -> Result<(), UsageError> {
        self.core.reclaim();
        self.core.answer_auth(answer)
    }

    /// Sends the next piece of the message asked for by the pending `Retrieve`, as stored
    /// (the first piece sends the `+OK` first). Pieces of any size; poll (and transmit)
    /// between pieces to keep the output small.
    ///
    /// # Errors
    /// [`UsageError`] if no `Retrieve` is pending.
    pub fn send_message_data(&mut self, data: &[u8]) -> Result<(), UsageError> {
        self.core.reclaim();
        self.core.message_data(data)
    }

    /// Ends the message of the pending `Retrieve` (`.` CRLF, RFC 1939 §3).
    ///
    /// # Errors
    /// [`UsageError`] if no `Retrieve` is pending.
    pub fn end_message(&mut self) -> Result<(), UsageError> {
        self.core.reclaim();
        self.core.end_message()
    }

    /// Whether the pending `Retrieve` wants more of the message: `false` once `TOP` has sent
    /// the header and its lines (the rest would be dropped), or when nothing is being sent.
    pub fn wants_message_data(&self) -> bool {
        self.core.wants_message_data()
    }

    /// The session's state.
    pub fn state(&self) -> State {
        self.core.state
    }

    /// `true` once TLS is active (after `STLS`, or from the start).
    pub fn is_tls(&self) -> bool {
        self.core.tls
    }

    /// `true` once the client enabled `UTF8` (RFC 6856 §2).
    pub fn is_utf8(&self) -> bool {
        self.core.utf8
    }

    /// The user logged in, if one did.
    pub fn user(&self) -> Option<&str> {
        self.core.authenticated.as_deref()
    }

    /// The configuration.
    pub fn config(&self) -> &ServerConfig {
        &self.core.config
    }
}

impl Core {
    /// Drops the output the last `poll()` handed out (the driver has sent it), so that what
    /// a method queues now is not lost when the next `poll()` starts.
    fn reclaim(&mut self) {
        if self.handed_out {
            self.output.clear();
            self.handed_out = false;
        }
    }

    /// Queues a closing `-ERR [SYS/TEMP]` (or just closes in the middle of a multi-line
    /// response, where a status line cannot go), dropping any pending decision.
    fn shut_down(&mut self, text: &str) {
        let sending = matches!(
            self.pending,
            Some(session::Pending::Retrieve { started: true, .. })
        );
        self.pending = None;
        if sending {
            self.closing = true;
            return;
        }
        let status = Self::err_line(
            Some(ResponseCode::SysTemp),
            format!("{} {text}", self.config.hostname),
        );
        self.send(&status);
        self.closing = true;
    }

    fn poll<'b>(&'b mut self, input: &'b [u8]) -> Poll<'b, Event<'b>> {
        self.reclaim();
        if self.closed {
            return Poll::Closed;
        }
        if let Some(event) = self.queued.take() {
            return Poll::Event(event);
        }
        if self.greeting_pending {
            self.greeting_pending = false;
            self.handed_out = true;
            return Poll::Transmit(&self.output);
        }
        if self.starttls && self.output.is_empty() {
            // The +OK went out: from here on the bytes are TLS. Forget everything the client
            // said in the clear (RFC 2595 §4), and what it said before (it must start over).
            self.starttls = false;
            self.pos = input.len();
            self.phase = Phase::Command;
            self.pending = None;
            self.user = None;
            self.tls = true;
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
            self.handed_out = true;
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
                    Adv::Event(self.refuse(None, "Command line too long"))
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
            Phase::Auth(_) | Phase::AuthFinish(_) => self.auth_line(rest),
        }
    }
}
