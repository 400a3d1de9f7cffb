//! The SMTP and LMTP client state machine (RFC 5321, RFC 2033).
//!
//! A [`Client`] holds one session: it turns the application's messages into commands and
//! content, and the server's replies into [`Event`]s. It does no I/O: the driver moves bytes
//! and calls [`poll`](Client::poll) until it says [`Poll::NeedInput`] or
//! [`Poll::Waiting`].
//!
//! - **Opening** (RFC 5321 §3.1, §4.1.1.1): the `220` greeting (a `554` is answered with
//!   `QUIT`), `EHLO` — `HELO` when the server does not know `EHLO`, `LHLO` in LMTP — and the
//!   extensions it offers; `STARTTLS` as [`TlsPolicy`] says (RFC 3207: [`Poll::StartTls`],
//!   every byte received before the upgrade dropped, `EHLO` again); `AUTH` with the strongest
//!   mechanism both sides have, plaintext ones only over TLS (RFC 4954, through mail-sasl;
//!   SCRAM's server signature is checked). Then [`Event::Ready`].
//! - **Sending** ([`send`](Client::send)): `MAIL` with `SIZE` when offered (a message over
//!   the server's maximum is refused before anything is sent, RFC 1870), `BODY=8BITMIME`
//!   for 8-bit content (RFC 6152), `BODY=BINARYMIME` and `BDAT` for binary content
//!   (RFC 3030), `SMTPUTF8` for UTF-8 addresses (RFC 6531) — a message that needs an
//!   extension the server lacks fails with [`SendFailure::NeedsExtension`], before `MAIL`.
//!   Then one `RCPT` per recipient, and the content: `DATA` with line endings made CRLF
//!   and leading periods doubled (RFC 5321 §4.5.2), or `BDAT` chunks. With `PIPELINING`
//!   (RFC 2920) `MAIL`, the `RCPT`s and `DATA` go in one group and the replies are matched
//!   to the commands in order. Results come per recipient ([`Event::Recipient`]; in LMTP
//!   also [`Event::Delivery`], RFC 2033 §4.2) and for the message
//!   ([`Event::MessageAccepted`], [`Event::DeliveryComplete`] or
//!   [`Event::MessageFailed`]). The connection is then ready for the next message (`RSET`
//!   goes first when the last transaction stopped half-way).
//! - **Closing**: [`quit`](Client::quit) sends `QUIT` when the work in progress allows it
//!   (with `PIPELINING`, right after the content) and the session ends at its reply.
//! - **Faults of the server** never panic and are never Rust errors: an unexpected or
//!   malformed reply, a `421`, a silence longer than the timeout or a lost connection end the
//!   session with [`Event::SessionFailed`]. Only misuse of the API is a [`UsageError`].
//!
//! Replies are read only when every command they could answer has been handed out, so the
//! same bytes from the server give the same events however they are split.
//!
//! # Example
//!
//! ```
//! use mail_message::envelope::{Envelope, EnvelopeOptions, ForwardPath, Recipient, ReversePath};
//! use smtp_proto::client::{Client, ClientConfig, Event};
//! use smtp_proto::command::ClientName;
//! use smtp_proto::Poll;
//!
//! let opts = EnvelopeOptions::new();
//! let name = ClientName::new("client.example.com", opts)?;
//! let mut client = Client::new(ClientConfig::new(name));
//! let mut envelope = Envelope::new(ReversePath::parse(b"<a@example.com>", opts)?);
//! envelope.recipients.push(Recipient::new(ForwardPath::parse(b"<b@example.org>", opts)?));
//!
//! let server: &[&[u8]] = &[
//!     b"220 mx.example.org ESMTP\r\n",
//!     b"250-mx.example.org\r\n250-PIPELINING\r\n250 SIZE 10000\r\n",
//!     b"250 2.1.0 OK\r\n250 2.1.5 OK\r\n354 Go ahead\r\n",
//!     b"250 2.0.0 Queued as 1234\r\n221 2.0.0 Bye\r\n",
//! ];
//! let mut server = server.iter();
//! let mut wire = Vec::new();
//! let mut accepted = false;
//! loop {
//!     match client.poll() {
//!         Poll::Transmit(bytes) => wire.extend_from_slice(bytes),
//!         Poll::Event(Event::Ready { .. }) => {
//!             client.send(&envelope, b"Subject: hi\n\n.dot\n".to_vec())?;
//!             client.quit()?;
//!         }
//!         Poll::Event(Event::MessageAccepted { .. }) => accepted = true,
//!         Poll::Event(_) => {}
//!         Poll::NeedInput => client.receive(server.next().unwrap()),
//!         Poll::Waiting | Poll::StartTls => unreachable!(),
//!         Poll::Closed => break,
//!     }
//! }
//! assert!(accepted);
//! assert_eq!(
//!     String::from_utf8(wire)?,
//!     "EHLO client.example.com\r\n\
//!      MAIL FROM:<a@example.com> SIZE=21\r\nRCPT TO:<b@example.org>\r\nDATA\r\n\
//!      Subject: hi\r\n\r\n..dot\r\n.\r\nQUIT\r\n"
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod config;
mod content;
mod error;
mod event;
mod plan;
mod session;
mod setup;
mod transaction;

use std::time::Duration;

pub use config::{ClientConfig, Limits, Protocol, Timeouts, TlsPolicy};
pub use error::UsageError;
pub use event::{AuthFailure, Awaiting, Event, Extension, SendFailure, SessionFailure};

use mail_message::envelope::Envelope;

use crate::Poll;
use crate::command::{Command, Text, Verb};
use crate::reply::{Capabilities, Parsed, Reply, ReplyCode};

use session::{Core, Expect, Queued};

/// What one step of the machine produced.
#[derive(Debug)]
pub(super) enum Adv<'i> {
    /// An event for the application.
    Event(Event<'i>),
    /// Go on with the next step.
    Continue,
    /// Nothing more until more bytes arrive.
    NeedInput,
}

/// One SMTP or LMTP client session (see the [module](self) overview).
#[derive(Debug)]
pub struct Client {
    /// Bytes received; `core.pos` marks what has been processed.
    buffer: Vec<u8>,
    core: Core,
}

impl Client {
    /// A session on a plain connection: waits for the greeting.
    pub fn new(config: ClientConfig) -> Self {
        Client {
            buffer: Vec::new(),
            core: Core::new(config, false),
        }
    }

    /// A session on a connection that is TLS from its first byte (RFC 8314 implicit TLS,
    /// port 465): no `STARTTLS`, and `AUTH` allowed as over TLS.
    pub fn new_tls(config: ClientConfig) -> Self {
        Client {
            buffer: Vec::new(),
            core: Core::new(config, true),
        }
    }

    /// Takes bytes received from the server, in any split.
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
            if let Adv::Event(event) = core.fatal(SessionFailure::TooMuchInput) {
                core.queued.push_front(Queued::Event(event));
            }
            return;
        }
        self.buffer.extend_from_slice(bytes);
    }

    /// The server closed the connection (the driver read end of file). Replies already
    /// received are still read; then the session ends, cleanly after `QUIT`, else with
    /// [`SessionFailure::ConnectionLost`].
    pub fn handle_eof(&mut self) {
        self.core.eof = true;
    }

    /// What to do next (see [`Poll`]). [`Poll::Waiting`] means the session is idle: nothing
    /// is in progress and the client waits for [`send`](Self::send), [`quit`](Self::quit) or
    /// another command.
    pub fn poll(&mut self) -> Poll<'_, Event<'_>> {
        let Client { buffer, core } = self;
        core.poll(buffer)
    }

    /// How long the driver may wait for the server (or for its own writes of content)
    /// before calling [`handle_timeout`](Self::handle_timeout); `None` when the client waits
    /// for nothing but the application, or once the session is over.
    pub fn timeout(&self) -> Option<Duration> {
        let core = &self.core;
        let t = &core.config.timeouts;
        if core.closed || core.closing {
            return None;
        }
        if core.sending_content() {
            return Some(t.data_block);
        }
        Some(match core.expect.front()? {
            Expect::Greeting => t.greeting,
            Expect::Mail => t.mail,
            Expect::Rcpt(_) => t.rcpt,
            Expect::Data => t.data_initiation,
            Expect::EndOfData(_) | Expect::Bdat => t.data_termination,
            _ => t.command,
        })
    }

    /// The wait of [`timeout`](Self::timeout) is over: the session ends
    /// ([`SessionFailure::Timeout`], RFC 5321 §4.5.3.2), without another command.
    pub fn handle_timeout(&mut self) {
        let core = &mut self.core;
        if core.closed || core.closing {
            return;
        }
        let awaiting = if core.sending_content() {
            Awaiting::Sending
        } else {
            core.expect
                .front()
                .map_or(Awaiting::Nothing, |e| e.awaiting())
        };
        let awaiting = match awaiting {
            Awaiting::Reply(Verb::Ehlo) if core.lmtp() => Awaiting::Reply(Verb::Lhlo),
            other => other,
        };
        if let Adv::Event(event) = core.fatal(SessionFailure::Timeout { awaiting }) {
            core.queued.push_front(Queued::Event(event));
        }
    }

    /// Sends a message to the envelope's recipients; the outcome comes as events
    /// ([`Event::Recipient`] for each recipient, then [`Event::MessageAccepted`],
    /// [`Event::DeliveryComplete`] or [`Event::MessageFailed`]).
    ///
    /// `message` is the whole message (header and body, RFC 5322), in any owned form
    /// (`Vec<u8>`, `Arc<[u8]>`, `String`…); it is handed out in pieces, not copied whole.
    /// What the server receives:
    ///
    /// - by `DATA` (the usual case): the message with every bare CR and bare LF made CRLF,
    ///   and a CRLF added at the end if it lacks one (RFC 5321 §2.3.8, §4.1.1.4);
    /// - by `BDAT` text (with [`ClientConfig::prefer_chunking`]): the message with bare CR and
    ///   LF made CRLF, nothing added;
    /// - by `BDAT` with `BODY=BINARYMIME` (the message has a NUL octet, or the envelope's
    ///   `MAIL` parameters ask for `BODY=BINARYMIME`): the octets exactly as given.
    ///
    /// `SIZE`, `BODY` and `SMTPUTF8` are set by the client (see [`Extension`]); the
    /// envelope's other `MAIL` and `RCPT` parameters are sent as given.
    ///
    /// # Errors
    /// [`UsageError::NotReady`] before [`Event::Ready`], [`UsageError::Busy`] while a
    /// transaction or command is in progress, [`UsageError::Closed`] after `QUIT` or the end
    /// of the session, [`UsageError::NoRecipients`], and the errors of an envelope that
    /// cannot be written ([`UsageError::InvalidEnvelope`], [`UsageError::Unencodable`]).
    pub fn send<M>(&mut self, envelope: &Envelope<'_>, message: M) -> Result<(), UsageError>
    where
        M: AsRef<[u8]> + Send + Sync + 'static,
    {
        let core = &mut self.core;
        core.check_idle()?;
        match plan::prepare(envelope, message.as_ref(), &core.session, &core.config)? {
            Ok(plan) => core.start(plan, Box::new(message)),
            Err(failure) => core
                .queued
                .push_back(Queued::Event(Event::MessageFailed { failure })),
        }
        Ok(())
    }

    /// Ends the session: `QUIT` goes as soon as the work in progress allows (at once when
    /// idle; with `PIPELINING` right after the content of the transaction in progress;
    /// else after its last reply), and [`Poll::Closed`] follows its reply. Calling it again
    /// does nothing.
    ///
    /// # Errors
    /// [`UsageError::Closed`] when the session is already over.
    pub fn quit(&mut self) -> Result<(), UsageError> {
        let core = &mut self.core;
        if core.closed || core.closing {
            return Err(UsageError::Closed);
        }
        core.quit_requested = true;
        core.next_job();
        Ok(())
    }

    /// Sends `RSET` (RFC 5321 §4.1.1.5); its reply comes as [`Event::Reply`].
    ///
    /// # Errors
    /// As [`send`](Self::send) for the state of the session.
    pub fn rset(&mut self) -> Result<(), UsageError> {
        self.simple(&Command::Rset, Verb::Rset)
    }

    /// Sends `NOOP` (RFC 5321 §4.1.1.9); its reply comes as [`Event::Reply`].
    ///
    /// # Errors
    /// As [`send`](Self::send) for the state of the session.
    pub fn noop(&mut self) -> Result<(), UsageError> {
        self.simple(&Command::Noop(None), Verb::Noop)
    }

    /// Sends `VRFY argument` (RFC 5321 §4.1.1.6); its reply comes as [`Event::Reply`].
    ///
    /// # Errors
    /// As [`send`](Self::send) for the state of the session, and
    /// [`UsageError::Unencodable`] for an argument that cannot be written.
    pub fn vrfy(&mut self, argument: &str) -> Result<(), UsageError> {
        let command = Command::Vrfy {
            argument: Text::new(argument)?,
            smtputf8: !argument.is_ascii(),
        };
        self.simple(&command, Verb::Vrfy)
    }

    /// Sends `EXPN argument` (RFC 5321 §4.1.1.7); its reply comes as [`Event::Reply`].
    ///
    /// # Errors
    /// As [`vrfy`](Self::vrfy).
    pub fn expn(&mut self, argument: &str) -> Result<(), UsageError> {
        let command = Command::Expn {
            argument: Text::new(argument)?,
            smtputf8: !argument.is_ascii(),
        };
        self.simple(&command, Verb::Expn)
    }

    fn simple(&mut self, command: &Command<'_>, verb: Verb) -> Result<(), UsageError> {
        let core = &mut self.core;
        core.check_idle()?;
        let mut line = Vec::new();
        command.encode(&mut line)?;
        core.output.extend_from_slice(&line);
        core.expect.push_back(match verb {
            Verb::Rset => Expect::Rset { silent: false },
            other => Expect::Other(other),
        });
        Ok(())
    }

    /// The extensions the server offered in its last `EHLO`/`LHLO` reply.
    pub fn capabilities(&self) -> &Capabilities<'static> {
        &self.core.session.capabilities
    }

    /// `true` once TLS is active (after `STARTTLS`, or from the start).
    pub fn is_tls(&self) -> bool {
        self.core.session.tls
    }

    /// The mechanism `AUTH` succeeded with, if it did.
    pub fn authenticated(&self) -> Option<&mail_sasl::Mechanism> {
        self.core.session.authenticated.as_ref()
    }

    /// `true` when [`send`](Self::send) can be called now.
    pub fn is_idle(&self) -> bool {
        self.core.check_idle().is_ok()
    }

    /// The configuration.
    pub fn config(&self) -> &ClientConfig {
        &self.core.config
    }
}

impl Core {
    /// Whether a new transaction or command may start.
    fn check_idle(&self) -> Result<(), UsageError> {
        if self.closed || self.closing || self.quit_requested || self.quit_sent {
            return Err(UsageError::Closed);
        }
        if !self.session.ready {
            return Err(UsageError::NotReady);
        }
        if self.tx.is_some() || !self.expect.is_empty() || !self.queued.is_empty() {
            return Err(UsageError::Busy);
        }
        Ok(())
    }

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
        loop {
            if let Some(queued) = self.queued.pop_front() {
                return Poll::Event(match queued {
                    Queued::Event(event) => event,
                    Queued::Ready => Event::Ready {
                        capabilities: &self.session.capabilities,
                    },
                });
            }
            if self.starttls && self.output.is_empty() {
                // The STARTTLS reply was read and everything before it went out: from here
                // the bytes are TLS. Forget what the server sent in the clear after the 220
                // (RFC 3207 §4.2).
                self.pos = input.len();
                self.tls_started();
                return Poll::StartTls;
            }
            if self.closing || self.starttls || self.sending_content() {
                break;
            }
            match self.advance(input) {
                Adv::Event(event) => return Poll::Event(event),
                Adv::NeedInput => break,
                Adv::Continue => {}
            }
        }
        // Content until there is something to hand out (a piece can yield nothing: a CR held
        // back until the next octet shows whether it is bare). Each step takes at least one
        // octet of the message or ends it, so this ends.
        while self.output.is_empty() && !self.closing && self.sending_content() {
            if let Some(range) = self.content_step() {
                // A piece of the message as it is; anything queued behind it (`QUIT`) stays
                // in `output` for the next poll.
                let bytes = self
                    .tx
                    .as_deref()
                    .and_then(|tx| tx.bytes().get(range))
                    .unwrap_or_default();
                return Poll::Transmit(bytes);
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
        if self.eof {
            // The server is gone: after QUIT that is the end, else the session failed.
            if self.quit_sent {
                self.closed = true;
                return Poll::Closed;
            }
            if let Adv::Event(event) = self.fatal(SessionFailure::ConnectionLost) {
                return Poll::Event(event);
            }
        }
        if self.expect.is_empty() && !self.sending_content() && self.tx.is_none() {
            Poll::Waiting
        } else {
            Poll::NeedInput
        }
    }

    /// Reads one reply from the unprocessed input and acts on it.
    fn advance<'i>(&mut self, input: &'i [u8]) -> Adv<'i> {
        let rest = input.get(self.pos..).unwrap_or_default();
        if rest.is_empty() {
            return Adv::NeedInput;
        }
        match Reply::parse_with(rest, &self.reply_options()) {
            Ok(Parsed::Incomplete) => Adv::NeedInput,
            Ok(Parsed::Complete { value, consumed }) => {
                self.pos += consumed;
                self.on_reply(value)
            }
            Err(e) => self.fatal(SessionFailure::MalformedReply(e)),
        }
    }

    /// Matches a reply to the oldest command waiting for one.
    fn on_reply<'i>(&mut self, reply: Reply<'i>) -> Adv<'i> {
        let expect = self.expect.pop_front();
        if reply.code == ReplyCode::SERVICE_NOT_AVAILABLE && expect != Some(Expect::Quit) {
            // RFC 5321 §3.8: 421 may come at any time; the server closes.
            return self.fatal(SessionFailure::ServiceClosing(reply));
        }
        let Some(expect) = expect else {
            return self.fatal(SessionFailure::UnexpectedReply(reply));
        };
        match expect {
            Expect::Greeting => self.on_greeting(reply),
            Expect::Hello(extended) => self.on_hello(extended, reply),
            Expect::StartTls => self.on_starttls(reply),
            Expect::Auth => self.on_auth(reply),
            Expect::Rset { silent: true } => {
                self.on_silent_rset();
                Adv::Continue
            }
            Expect::Rset { silent: false } => self.on_other(Verb::Rset, reply),
            Expect::Other(verb) => self.on_other(verb, reply),
            Expect::Mail => self.on_mail(reply),
            Expect::Rcpt(index) => self.on_rcpt(index, reply),
            Expect::Data => self.on_data(reply),
            Expect::Bdat => self.on_bdat(reply),
            Expect::EndOfData(index) => self.on_end(index, reply),
            Expect::Quit => {
                self.closing = true;
                Adv::Continue
            }
        }
    }
}
