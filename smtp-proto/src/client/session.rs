//! The client's state between polls: the session, the replies expected, the events queued.

use std::collections::VecDeque;

use mail_sasl::{ClientMechanism, Mechanism};

use crate::command::{Command, Verb};
use crate::reply::{Capabilities, ReplyOptions};

use super::Adv;
use super::config::{ClientConfig, Protocol};
use super::event::{Awaiting, Event, SendFailure, SessionFailure};
use super::transaction::{Stage, Transaction};

/// A reply the client waits for, in the order the commands went out (RFC 2920 §3.1: replies
/// come in the order of the commands).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Expect {
    Greeting,
    /// `EHLO`/`LHLO` (`true`) or `HELO`.
    Hello(bool),
    StartTls,
    /// `AUTH` or one SASL response line.
    Auth,
    /// `RSET`: sent by the application (`false`) or by the client before the next `MAIL`.
    Rset {
        silent: bool,
    },
    /// `NOOP`, `VRFY`, `EXPN`: reported as [`Event::Reply`].
    Other(Verb),
    Mail,
    Rcpt(usize),
    Data,
    /// A `BDAT` chunk that is not the last.
    Bdat,
    /// The reply to the end of the content: SMTP (`None`) or for one LMTP recipient.
    EndOfData(Option<usize>),
    Quit,
}

impl Expect {
    /// What a timeout while waiting for this reply is reported as.
    pub(super) fn awaiting(self) -> Awaiting {
        match self {
            Expect::Greeting => Awaiting::Greeting,
            Expect::Hello(true) => Awaiting::Reply(Verb::Ehlo),
            Expect::Hello(false) => Awaiting::Reply(Verb::Helo),
            Expect::StartTls => Awaiting::Reply(Verb::StartTls),
            Expect::Auth => Awaiting::Reply(Verb::Auth),
            Expect::Rset { .. } => Awaiting::Reply(Verb::Rset),
            Expect::Other(verb) => Awaiting::Reply(verb),
            Expect::Mail => Awaiting::Reply(Verb::Mail),
            Expect::Rcpt(_) => Awaiting::Reply(Verb::Rcpt),
            Expect::Data => Awaiting::Reply(Verb::Data),
            Expect::Bdat => Awaiting::Reply(Verb::Bdat),
            Expect::EndOfData(_) => Awaiting::EndOfData,
            Expect::Quit => Awaiting::Reply(Verb::Quit),
        }
    }
}

/// An event produced outside the reply being read, returned by a later `poll()`.
#[derive(Debug)]
pub(super) enum Queued {
    Event(Event<'static>),
    /// [`Event::Ready`], which borrows the capabilities.
    Ready,
}

/// What the session has established.
#[derive(Debug, Default)]
pub(super) struct Session {
    /// TLS is active.
    pub(super) tls: bool,
    /// The extensions of the last `EHLO`/`LHLO` reply (empty after `HELO`).
    pub(super) capabilities: Capabilities<'static>,
    /// The opportunistic `STARTTLS` was refused: go on in the clear.
    pub(super) tls_declined: bool,
    /// The mechanism `AUTH` succeeded with.
    pub(super) authenticated: Option<Mechanism>,
    /// [`Event::Ready`] was queued.
    pub(super) ready: bool,
}

impl Session {
    pub(super) fn offers(&self, keyword: &str) -> bool {
        self.capabilities.supports(keyword)
    }
}

/// An `AUTH` exchange in progress.
#[derive(Debug)]
pub(super) struct Sasl {
    pub(super) mechanism: Mechanism,
    pub(super) client: ClientMechanism,
    /// An initial response that did not fit on the `AUTH` line: the answer to the first
    /// (empty) challenge (RFC 4954 §4).
    pub(super) pending_initial: Option<Vec<u8>>,
    /// The client cancelled with `*`, for this reason.
    pub(super) cancelled: Option<super::event::AuthFailure<'static>>,
}

/// Everything but the receive buffer (so events can borrow the buffer while the core
/// changes).
#[derive(Debug)]
pub(super) struct Core {
    pub(super) config: ClientConfig,
    /// Offset of the first unprocessed byte of the receive buffer.
    pub(super) pos: usize,
    /// Commands (and copied content) not yet handed to the driver.
    pub(super) output: Vec<u8>,
    /// How many octets at the start of `output` the last `poll()` handed out: they are dropped
    /// first thing in the next (what was queued after them stays).
    pub(super) handed_out: usize,
    /// The replies expected, oldest first.
    pub(super) expect: VecDeque<Expect>,
    pub(super) queued: VecDeque<Queued>,
    pub(super) session: Session,
    pub(super) sasl: Option<Box<Sasl>>,
    pub(super) tx: Option<Box<Transaction>>,
    /// The server may hold an unfinished transaction: `RSET` before the next `MAIL`.
    pub(super) needs_rset: bool,
    /// The `MAIL` line waiting for the reply to that `RSET` (without `PIPELINING`).
    pub(super) pending_mail: Option<Vec<u8>>,
    pub(super) quit_requested: bool,
    pub(super) quit_sent: bool,
    /// `220` to `STARTTLS` read: once the output is out, tell the driver to upgrade.
    pub(super) starttls: bool,
    /// The driver reported the end of the connection.
    pub(super) eof: bool,
    /// The session is over once the output is out (no more input is read).
    pub(super) closing: bool,
    pub(super) closed: bool,
}

impl Core {
    pub(super) fn new(config: ClientConfig, tls: bool) -> Self {
        let mut expect = VecDeque::with_capacity(8);
        expect.push_back(Expect::Greeting);
        Core {
            config,
            pos: 0,
            output: Vec::new(),
            handed_out: 0,
            expect,
            queued: VecDeque::new(),
            session: Session {
                tls,
                ..Session::default()
            },
            sasl: None,
            tx: None,
            needs_rset: false,
            pending_mail: None,
            quit_requested: false,
            quit_sent: false,
            starttls: false,
            eof: false,
            closing: false,
            closed: false,
        }
    }

    pub(super) fn lmtp(&self) -> bool {
        self.config.protocol == Protocol::Lmtp
    }

    /// `PIPELINING` offered and wanted.
    pub(super) fn pipelining(&self) -> bool {
        self.config.pipelining && self.session.offers("PIPELINING")
    }

    /// The options replies are read with (longer lines while `AUTH` runs).
    pub(super) fn reply_options(&self) -> ReplyOptions {
        let limits = &self.config.limits;
        let line = if self.expect.front() == Some(&Expect::Auth) {
            limits.reply_line.max(limits.sasl_line)
        } else {
            limits.reply_line
        };
        ReplyOptions::DEFAULT
            .with_max_line_length(line)
            .with_max_lines(limits.reply_lines)
    }

    /// Queues a command and the reply it expects. Commands are built from checked values, so
    /// encoding fails only for lines over the limit, which the callers rule out.
    pub(super) fn command(&mut self, command: &Command<'_>, expect: Expect) {
        let _ = command.encode(&mut self.output);
        self.expect.push_back(expect);
    }

    /// Queues `QUIT`.
    pub(super) fn send_quit(&mut self) {
        self.quit_sent = true;
        self.command(&Command::Quit, Expect::Quit);
    }

    /// The session cannot go on but the connection is in step: report, then `QUIT`.
    pub(super) fn fail_politely<'i>(&mut self, failure: SessionFailure<'i>) -> Adv<'i> {
        self.sasl = None;
        if !self.quit_sent {
            self.send_quit();
        }
        Adv::Event(Event::SessionFailed { failure })
    }

    /// The session is over at once: report (and the transaction in progress), then close
    /// without another command.
    pub(super) fn fatal<'i>(&mut self, failure: SessionFailure<'i>) -> Adv<'i> {
        self.closing = true;
        self.expect.clear();
        self.sasl = None;
        self.starttls = false;
        if let Some(tx) = self.tx.take() {
            let outcome_unknown = tx.stage == Stage::Final;
            self.queued.push_back(Queued::Event(Event::MessageFailed {
                failure: SendFailure::Interrupted { outcome_unknown },
            }));
        }
        Adv::Event(Event::SessionFailed { failure })
    }

    /// Sends `QUIT` now if it was asked for and may go: when nothing else is pending, or,
    /// with `PIPELINING`, right after the end of the content (RFC 2920 §3.1: `QUIT` ends a
    /// group).
    pub(super) fn next_job(&mut self) {
        if !self.quit_requested || self.quit_sent || self.closing || !self.session.ready {
            return;
        }
        let may = match &self.tx {
            None => self.expect.is_empty(),
            Some(tx) => tx.stage == Stage::Final && self.pipelining(),
        };
        if may {
            self.send_quit();
        }
    }
}
