//! The server's state between polls: session state, phase, pending decision, responses.

use mail_sasl::ServerMechanism;

use crate::body::Stuffer;
use crate::command::Verb;
use crate::response::{ResponseCode, StatusLine, Text};

use super::config::ServerConfig;
use super::event::Event;
use super::maildrop::Open;

/// The session's state (RFC 1939 §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    /// Before login: the client identifies itself.
    Authorization,
    /// After login: the maildrop is locked and the client works on it.
    Transaction,
    /// After `QUIT` in the TRANSACTION state: the deletions are being committed, then the
    /// connection closes.
    Update,
}

/// What the bytes from the client are, right now.
#[derive(Debug)]
pub(super) enum Phase {
    /// Command lines.
    Command,
    /// The rest of an over-long command line, to be skipped.
    SkipLine,
    /// A SASL response line of an `AUTH` exchange (RFC 5034 §4).
    Auth(Box<ServerMechanism>),
    /// The empty response that acknowledges SASL additional data sent as a last challenge.
    AuthFinish(Box<mail_sasl::Authenticated>),
}

/// The decision the application owes.
#[derive(Debug)]
pub(super) enum Pending {
    User {
        name: String,
    },
    /// `PASS`, `APOP` or a successful `AUTH`: a maildrop, or a refusal.
    Login {
        user: String,
    },
    AuthStart {
        mechanism: mail_sasl::Mechanism,
        initial_response: Option<Vec<u8>>,
    },
    AuthRequest(Box<ServerMechanism>),
    /// `RETR` / `TOP`: the application sends the message.
    Retrieve {
        stuffer: Stuffer,
        /// The `+OK` went out.
        started: bool,
        size: u64,
        top: bool,
    },
    Update,
}

impl Pending {
    pub(super) fn name(&self) -> &'static str {
        match self {
            Pending::User { .. } => "User",
            Pending::Login { .. } => "Login",
            Pending::AuthStart { .. } => "AuthStart",
            Pending::AuthRequest(_) => "AuthRequest",
            Pending::Retrieve { .. } => "Retrieve",
            Pending::Update => "Update",
        }
    }
}

/// Everything but the receive buffer (so events can borrow the buffer while the core changes).
#[derive(Debug)]
pub(super) struct Core {
    pub(super) config: ServerConfig,
    /// Offset of the first unprocessed byte of the receive buffer.
    pub(super) pos: usize,
    /// Responses not yet handed to the driver.
    pub(super) output: Vec<u8>,
    /// `output` was handed out by the last `poll()`: clear it first thing in the next.
    pub(super) handed_out: bool,
    pub(super) phase: Phase,
    pub(super) pending: Option<Pending>,
    pub(super) state: State,
    pub(super) tls: bool,
    /// The name of an accepted `USER`, waiting for `PASS`.
    pub(super) user: Option<String>,
    /// `UTF8` was accepted (RFC 6856 §2).
    pub(super) utf8: bool,
    /// The user logged in.
    pub(super) authenticated: Option<String>,
    pub(super) maildrop: Open,
    pub(super) bad_commands: u32,
    pub(super) login_failures: u32,
    /// An event produced by a decision method, returned by the next `poll()`.
    pub(super) queued: Option<Event<'static>>,
    /// The greeting is queued and goes out before anything the client sent is looked at.
    pub(super) greeting_pending: bool,
    /// `+OK` for `STLS` was queued: once sent, tell the driver to upgrade.
    pub(super) starttls: bool,
    /// A last response was queued: once sent, the session is over.
    pub(super) closing: bool,
    pub(super) closed: bool,
}

impl Core {
    /// Queues a status line. Lines built by the server always encode; one that would not (an
    /// over-long text made from the application's values) is cut to a bare status.
    pub(super) fn send(&mut self, status: &StatusLine<'_>) {
        if status.encode(&mut self.output).is_err() {
            let bare = StatusLine {
                status: status.status,
                code: status.code.clone(),
                text: Text::default(),
            };
            let _ = bare.encode(&mut self.output);
        }
    }

    /// Queues `+OK text`.
    pub(super) fn ok(&mut self, text: &str) {
        self.send(&StatusLine::ok(Text::lossy(text)));
    }

    /// A `-ERR` status line with an optional response code.
    pub(super) fn err_line(
        code: Option<ResponseCode<'static>>,
        text: String,
    ) -> StatusLine<'static> {
        StatusLine {
            status: crate::response::Status::Err,
            code,
            text: Text::new(text.into_bytes()).unwrap_or_default(),
        }
    }

    /// Queues `status` and reports it as a protocol error, counting it; at the limit, the
    /// connection closes after this answer.
    pub(super) fn error<'i>(
        &mut self,
        verb: Option<Verb>,
        status: StatusLine<'static>,
    ) -> Event<'i> {
        self.send(&status);
        self.bad_commands += 1;
        if self.bad_commands >= self.config.limits.max_bad_commands {
            self.closing = true;
        }
        Event::ProtocolError { verb, status }
    }

    /// `-ERR text` as a protocol error.
    pub(super) fn refuse<'i>(&mut self, verb: Option<Verb>, text: &str) -> Event<'i> {
        self.error(verb, Self::err_line(None, text.to_owned()))
    }

    /// Counts a failed login; at the limit, the connection closes after this answer.
    pub(super) fn login_failed(&mut self) {
        self.login_failures += 1;
        if self.login_failures >= self.config.limits.max_login_failures {
            self.closing = true;
        }
    }

    /// Whether a plaintext login may happen now (RFC 2595 §2.3).
    pub(super) fn plaintext_allowed(&self) -> bool {
        self.tls || self.config.plaintext_without_tls
    }

    /// Whether `mechanism` is offered now.
    pub(super) fn mechanism_offered(&self, mechanism: &mail_sasl::Mechanism) -> bool {
        self.config.sasl_mechanisms.contains(mechanism)
            && (!mechanism.is_plaintext() || self.plaintext_allowed())
    }
}

/// "`n` message(s)".
pub(super) fn messages(n: u32) -> String {
    if n == 1 {
        "1 message".to_owned()
    } else {
        format!("{n} messages")
    }
}
