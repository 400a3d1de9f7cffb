//! The POP3 client state machine (RFC 1939, RFC 2449, RFC 2595, RFC 5034).
//!
//! A [`Client`] holds one session: it turns the application's requests into commands and
//! the server's responses into [`Event`]s. It does no I/O: the driver moves bytes and calls
//! [`poll`](Client::poll) until it says [`Poll::NeedInput`] or [`Poll::Waiting`] — the
//! same driving shape as `smtp_proto::client::Client`.
//!
//! - **Opening**: the greeting (RFC 1939 §4; its APOP timestamp kept), `CAPA` (RFC 2449
//!   §5), `STLS` as [`TlsPolicy`] says (RFC 2595 §4: [`Poll::StartTls`], every byte
//!   received before the upgrade dropped, `CAPA` again), and the login with the best method
//!   both sides allow: SASL `AUTH` with the strongest common mechanism (RFC 5034, through
//!   mail-sasl; SCRAM's server signature checked; the initial response sent when it fits),
//!   else `APOP` when the greeting has a timestamp (RFC 1939 §7), else `USER`/`PASS`.
//!   A reusable secret never goes out before TLS unless
//!   [`auth_without_tls`](ClientConfig::auth_without_tls) allows it. Then
//!   [`Event::Ready`].
//! - **Commands** ([`stat`](Client::stat), [`list`](Client::list), [`uidl`](Client::uidl),
//!   [`retr`](Client::retr), [`top`](Client::top), [`dele`](Client::dele),
//!   [`rset`](Client::rset), [`noop`](Client::noop)): queued, sent all at once when the
//!   server offers `PIPELINING` (RFC 2449 §6.6) and one at a time otherwise; responses are
//!   matched to them in order. Listings come one [`Event`] per line; a message comes as
//!   [`Event::MessageStart`], un-stuffed [`Event::MessageData`] pieces as they arrive (never
//!   held whole), and [`Event::MessageEnd`]. A `-ERR` is [`Event::Error`], with its response
//!   code.
//! - **Closing**: [`quit`](Client::quit) sends `QUIT` after the commands queued before it;
//!   [`Event::Closed`] and [`Poll::Closed`] follow its response.
//! - **Faults of the server** never panic and are never Rust errors: a malformed or
//!   unexpected line, a silence longer than the timeout or a lost connection end the session
//!   with [`Event::SessionFailed`]. Only misuse of the API is a [`UsageError`].
//!
//! A response is read only once every command it could answer has been handed out, so the
//! same bytes from the server give the same events however they are split (the pieces of a
//! message aside, whose boundaries follow the input).
//!
//! # Example
//!
//! ```
//! use mail_sasl::{Credentials, Secret};
//! use pop3_proto::client::{Client, ClientConfig, Event, TlsPolicy};
//! use pop3_proto::command::MessageNumber;
//! use pop3_proto::Poll;
//!
//! let config = ClientConfig::new()
//!     .with_tls(TlsPolicy::Never)
//!     .with_credentials(Credentials::password("mrose", Secret::new("tanstaaf".into())), "");
//! let mut client = Client::new(config);
//! let server: &[&[u8]] = &[
//!     b"+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n",
//!     b"+OK Capability list follows\r\nUSER\r\nPIPELINING\r\n.\r\n",
//!     b"+OK maildrop has 1 message\r\n",
//!     b"+OK 120 octets\r\nSubject: hi\r\n\r\n..dot\r\n.\r\n+OK bye\r\n",
//! ];
//! let mut server = server.iter();
//! let (mut wire, mut message) = (Vec::new(), Vec::new());
//! loop {
//!     match client.poll() {
//!         Poll::Transmit(bytes) => wire.extend_from_slice(bytes),
//!         Poll::Event(Event::Ready { .. }) => {
//!             client.retr(MessageNumber::new(1).unwrap())?;
//!             client.quit()?;
//!         }
//!         Poll::Event(Event::MessageData(data)) => message.extend_from_slice(data),
//!         Poll::Event(_) => {}
//!         Poll::NeedInput => client.receive(server.next().unwrap()),
//!         Poll::Waiting | Poll::StartTls => unreachable!(),
//!         Poll::Closed => break,
//!     }
//! }
//! assert_eq!(message, b"Subject: hi\r\n\r\n.dot\r\n");
//! assert_eq!(
//!     String::from_utf8(wire)?,
//!     "CAPA\r\nAPOP mrose c4c9334bac560ecc979e58001b3e22fb\r\nRETR 1\r\nQUIT\r\n"
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod config;
mod error;
mod event;
mod login;
mod session;

use std::time::Duration;

pub use config::{ClientConfig, Limits, Timeouts, TlsPolicy};
pub use error::UsageError;
pub use event::{AuthFailure, Awaiting, Event, LoginMethod, SessionFailure};

use crate::Poll;
use crate::command::MessageNumber;
use crate::response::Capability;

use session::{Core, Queued, Request};

/// One POP3 client session (see the [module](self) overview).
#[derive(Debug)]
pub struct Client {
    /// Bytes received; `core.pos` marks what has been processed.
    buffer: Vec<u8>,
    core: Core,
}

impl Client {
    /// A session on a plain connection (port 110): waits for the greeting.
    pub fn new(config: ClientConfig) -> Self {
        Client {
            buffer: Vec::new(),
            core: Core::new(config, false),
        }
    }

    /// A session on a connection that is TLS from its first byte (RFC 8314 implicit TLS,
    /// port 995): no `STLS`, and plaintext login methods allowed as over TLS.
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
            let _ = core.fatal(SessionFailure::TooMuchInput);
            core.queued.push_front(Queued::Event(Event::SessionFailed {
                failure: SessionFailure::TooMuchInput,
            }));
            return;
        }
        self.buffer.extend_from_slice(bytes);
    }

    /// The server closed the connection (the driver read end of file). Responses already
    /// received are still read; then the session ends, cleanly after `QUIT`, else with
    /// [`SessionFailure::ConnectionLost`].
    pub fn handle_eof(&mut self) {
        self.core.eof = true;
    }

    /// What to do next (see [`Poll`]). [`Poll::Waiting`] means the session is idle: nothing
    /// is in flight and the client waits for a command or [`quit`](Self::quit).
    pub fn poll(&mut self) -> Poll<'_, Event<'_>> {
        let Client { buffer, core } = self;
        core.poll(buffer)
    }

    /// How long the driver may wait for the server before calling
    /// [`handle_timeout`](Self::handle_timeout); `None` when the client waits for nothing
    /// but the application, or once the session is over.
    pub fn timeout(&self) -> Option<Duration> {
        let core = &self.core;
        let t = &core.config.timeouts;
        if core.closed || core.closing {
            return None;
        }
        if core.body.is_some() {
            return Some(t.response);
        }
        Some(match core.expect.front()? {
            session::Expect::Greeting => t.greeting,
            _ => t.response,
        })
    }

    /// The wait of [`timeout`](Self::timeout) is over: the session ends
    /// ([`SessionFailure::Timeout`]), without another command.
    pub fn handle_timeout(&mut self) {
        let core = &mut self.core;
        if core.closed || core.closing {
            return;
        }
        let awaiting = core
            .expect
            .front()
            .map_or(Awaiting::Nothing, |e| e.awaiting());
        let _ = core.fatal(SessionFailure::Timeout { awaiting });
        core.queued.push_front(Queued::Event(Event::SessionFailed {
            failure: SessionFailure::Timeout { awaiting },
        }));
    }

    /// `STAT` (RFC 1939 §5): answered by [`Event::Stat`].
    ///
    /// # Errors
    /// [`UsageError::NotReady`] before [`Event::Ready`], [`UsageError::Closed`] after
    /// [`quit`](Self::quit) or the end of the session.
    pub fn stat(&mut self) -> Result<(), UsageError> {
        self.request(Request::Stat)
    }

    /// `LIST [msg]` (RFC 1939 §5): answered by one [`Event::ScanListing`], or for the whole
    /// maildrop one per message and [`Event::ListingEnd`].
    ///
    /// # Errors
    /// As [`stat`](Self::stat).
    pub fn list(&mut self, message: Option<MessageNumber>) -> Result<(), UsageError> {
        self.request(Request::List(message))
    }

    /// `UIDL [msg]` (RFC 1939 §7): answered by one [`Event::UniqueIdListing`], or for the
    /// whole maildrop one per message and [`Event::ListingEnd`].
    ///
    /// # Errors
    /// As [`stat`](Self::stat).
    pub fn uidl(&mut self, message: Option<MessageNumber>) -> Result<(), UsageError> {
        self.request(Request::Uidl(message))
    }

    /// `RETR msg` (RFC 1939 §5): answered by [`Event::MessageStart`], the message as
    /// [`Event::MessageData`] pieces, and [`Event::MessageEnd`].
    ///
    /// # Errors
    /// As [`stat`](Self::stat).
    pub fn retr(&mut self, message: MessageNumber) -> Result<(), UsageError> {
        self.request(Request::Retr(message))
    }

    /// `TOP msg n` (RFC 1939 §7): the header and the first `lines` lines of the body, as
    /// for [`retr`](Self::retr).
    ///
    /// # Errors
    /// As [`stat`](Self::stat).
    pub fn top(&mut self, message: MessageNumber, lines: u32) -> Result<(), UsageError> {
        self.request(Request::Top(message, lines))
    }

    /// `DELE msg` (RFC 1939 §5): answered by [`Event::Deleted`].
    ///
    /// # Errors
    /// As [`stat`](Self::stat).
    pub fn dele(&mut self, message: MessageNumber) -> Result<(), UsageError> {
        self.request(Request::Dele(message))
    }

    /// `RSET` (RFC 1939 §5): answered by [`Event::Reset`].
    ///
    /// # Errors
    /// As [`stat`](Self::stat).
    pub fn rset(&mut self) -> Result<(), UsageError> {
        self.request(Request::Rset)
    }

    /// `NOOP` (RFC 1939 §5): answered by [`Event::Noop`].
    ///
    /// # Errors
    /// As [`stat`](Self::stat).
    pub fn noop(&mut self) -> Result<(), UsageError> {
        self.request(Request::Noop)
    }

    /// Ends the session: `QUIT` goes after the commands asked for before it (at once with
    /// `PIPELINING`; else after their responses), and [`Poll::Closed`] follows its response
    /// (RFC 1939 §6). Before [`Event::Ready`] it stops the opening at its next step.
    /// Calling it again does nothing.
    ///
    /// # Errors
    /// [`UsageError::Closed`] when the session is already over.
    pub fn quit(&mut self) -> Result<(), UsageError> {
        let core = &mut self.core;
        if core.closed || core.closing {
            return Err(UsageError::Closed);
        }
        core.quit_requested = true;
        core.flush();
        Ok(())
    }

    fn request(&mut self, request: Request) -> Result<(), UsageError> {
        let core = &mut self.core;
        if core.closed || core.closing || core.quit_requested {
            return Err(UsageError::Closed);
        }
        if !core.session.ready {
            return Err(UsageError::NotReady);
        }
        core.pending.push_back(request);
        core.flush();
        Ok(())
    }

    /// The capabilities of the server's last `CAPA` response.
    pub fn capabilities(&self) -> &[Capability<'static>] {
        &self.core.session.capabilities
    }

    /// `true` once TLS is active (after `STLS`, or from the start).
    pub fn is_tls(&self) -> bool {
        self.core.session.tls
    }

    /// How the client logged in, once it did.
    pub fn authenticated(&self) -> Option<&LoginMethod> {
        self.core.session.authenticated.as_ref()
    }

    /// The configuration.
    pub fn config(&self) -> &ClientConfig {
        &self.core.config
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_client_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<super::Client>();
    }
}
