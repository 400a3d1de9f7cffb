//! The client's state between polls, the driving loop, and the responses to the
//! application's commands (RFC 1939 §§5-7).

use std::collections::VecDeque;

use mail_sasl::ClientMechanism;

use crate::Poll;
use crate::body::Unstuffer;
use crate::command::{Command, MessageNumber, Verb};
use crate::line::{LineEndings, next_line};
use crate::response::{
    Capability, Continuation, MaildropStat, ResponseError, ScanListing, StatusLine, UniqueIdListing,
};

use super::config::ClientConfig;
use super::event::{Awaiting, Event, LoginMethod, SessionFailure};

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

/// A command of the application, waiting to be sent or for its response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Request {
    Stat,
    List(Option<MessageNumber>),
    Uidl(Option<MessageNumber>),
    Retr(MessageNumber),
    Top(MessageNumber, u32),
    Dele(MessageNumber),
    Rset,
    Noop,
}

impl Request {
    pub(super) fn command(self) -> Command<'static> {
        match self {
            Request::Stat => Command::Stat,
            Request::List(message) => Command::List { message },
            Request::Uidl(message) => Command::Uidl { message },
            Request::Retr(message) => Command::Retr { message },
            Request::Top(message, lines) => Command::Top { message, lines },
            Request::Dele(message) => Command::Dele { message },
            Request::Rset => Command::Rset,
            Request::Noop => Command::Noop,
        }
    }

    fn verb(self) -> Verb {
        match self {
            Request::Stat => Verb::Stat,
            Request::List(_) => Verb::List,
            Request::Uidl(_) => Verb::Uidl,
            Request::Retr(_) => Verb::Retr,
            Request::Top(..) => Verb::Top,
            Request::Dele(_) => Verb::Dele,
            Request::Rset => Verb::Rset,
            Request::Noop => Verb::Noop,
        }
    }

    fn message(self) -> Option<MessageNumber> {
        match self {
            Request::List(m) | Request::Uidl(m) => m,
            Request::Retr(m) | Request::Top(m, _) | Request::Dele(m) => Some(m),
            Request::Stat | Request::Rset | Request::Noop => None,
        }
    }
}

/// A response the client waits for, in the order the commands went out (RFC 2449 §6.6:
/// responses come in the order of the commands).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Expect {
    Greeting,
    Capa,
    Stls,
    /// `AUTH` or one SASL response line.
    Auth,
    Apop,
    User,
    Pass,
    Command(Request),
    Quit,
}

impl Expect {
    pub(super) fn awaiting(self) -> Awaiting {
        Awaiting::Response(match self {
            Expect::Greeting => return Awaiting::Greeting,
            Expect::Capa => Verb::Capa,
            Expect::Stls => Verb::Stls,
            Expect::Auth => Verb::Auth,
            Expect::Apop => Verb::Apop,
            Expect::User => Verb::User,
            Expect::Pass => Verb::Pass,
            Expect::Command(r) => r.verb(),
            Expect::Quit => Verb::Quit,
        })
    }
}

/// A multi-line response being read (RFC 1939 §3).
#[derive(Debug)]
pub(super) enum Body {
    /// `CAPA`: capability lines.
    Capa,
    /// `LIST` or `UIDL` without an argument: listing lines.
    Listing(Verb),
    /// `RETR` or `TOP`: the message, streamed.
    Message {
        message: MessageNumber,
        unstuffer: Unstuffer,
    },
}

/// An event produced outside the input being read, returned by a later `poll()`.
#[derive(Debug)]
pub(super) enum Queued {
    Event(Event<'static>),
    /// [`Event::Ready`], which borrows the capabilities.
    Ready,
}

/// What the session has established.
#[derive(Debug, Default)]
pub(super) struct Session {
    pub(super) tls: bool,
    /// The capabilities of the last `CAPA` response.
    pub(super) capabilities: Vec<Capability<'static>>,
    /// The greeting's APOP timestamp.
    pub(super) timestamp: Option<Vec<u8>>,
    /// The opportunistic `STLS` was refused: go on in the clear.
    pub(super) tls_declined: bool,
    pub(super) authenticated: Option<LoginMethod>,
    /// [`Event::Ready`] was queued.
    pub(super) ready: bool,
}

impl Session {
    pub(super) fn offers(&self, capability: &Capability<'_>) -> bool {
        self.capabilities.iter().any(|c| c == capability)
    }
}

/// A SASL exchange in progress.
#[derive(Debug)]
pub(super) struct Sasl {
    pub(super) mechanism: mail_sasl::Mechanism,
    pub(super) client: ClientMechanism,
    /// An initial response that did not fit on the `AUTH` line: the answer to the first
    /// (empty) challenge (RFC 5034 §4).
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
    /// Commands not yet handed to the driver.
    pub(super) output: Vec<u8>,
    /// `output` was handed out by the last `poll()`: clear it first thing in the next.
    pub(super) handed_out: bool,
    /// The responses expected, oldest first.
    pub(super) expect: VecDeque<Expect>,
    /// The application's commands not yet sent.
    pub(super) pending: VecDeque<Request>,
    /// The multi-line response being read.
    pub(super) body: Option<Body>,
    pub(super) queued: VecDeque<Queued>,
    pub(super) session: Session,
    pub(super) sasl: Option<Box<Sasl>>,
    pub(super) quit_requested: bool,
    pub(super) quit_sent: bool,
    /// `+OK` to `STLS` read: once the output is out, tell the driver to upgrade.
    pub(super) starttls: bool,
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
            handed_out: false,
            expect,
            pending: VecDeque::new(),
            body: None,
            queued: VecDeque::new(),
            session: Session {
                tls,
                ..Session::default()
            },
            sasl: None,
            quit_requested: false,
            quit_sent: false,
            starttls: false,
            eof: false,
            closing: false,
            closed: false,
        }
    }

    /// Nothing is in flight: no response expected, none being read.
    pub(super) fn in_step(&self) -> bool {
        self.expect.is_empty() && self.body.is_none()
    }

    /// `PIPELINING` offered and wanted.
    pub(super) fn pipelining(&self) -> bool {
        self.config.pipelining && self.session.offers(&Capability::Pipelining)
    }

    /// Queues a command and the response it expects. Commands are built from checked
    /// values, so encoding fails only for lines over the limit, which the callers rule out.
    pub(super) fn command(&mut self, command: &Command<'_>, expect: Expect) {
        let _ = command.encode(&mut self.output);
        self.expect.push_back(expect);
    }

    pub(super) fn send_quit(&mut self) {
        self.quit_sent = true;
        self.command(&Command::Quit, Expect::Quit);
    }

    /// Sends what the application asked for, as far as the session allows: every pending
    /// command at once with `PIPELINING`, else one at a time; then `QUIT` if asked for.
    pub(super) fn flush(&mut self) {
        if !self.session.ready || self.closing || self.quit_sent {
            return;
        }
        let pipelining = self.pipelining();
        while let Some(&request) = self.pending.front() {
            if !pipelining && !self.in_step() {
                return;
            }
            self.pending.pop_front();
            self.command(&request.command(), Expect::Command(request));
        }
        if self.quit_requested && (pipelining || self.in_step()) {
            self.send_quit();
        }
    }

    /// The session cannot go on but the connection is in step: report, then `QUIT`.
    pub(super) fn fail_politely<'i>(&mut self, failure: SessionFailure<'i>) -> Adv<'i> {
        self.sasl = None;
        self.pending.clear();
        if !self.quit_sent {
            self.send_quit();
        }
        Adv::Event(Event::SessionFailed { failure })
    }

    /// The session is over at once: report, then close without another command.
    pub(super) fn fatal<'i>(&mut self, failure: SessionFailure<'i>) -> Adv<'i> {
        self.closing = true;
        self.expect.clear();
        self.pending.clear();
        self.body = None;
        self.sasl = None;
        self.starttls = false;
        self.output.clear();
        self.handed_out = false;
        Adv::Event(Event::SessionFailed { failure })
    }

    pub(super) fn poll<'b>(&'b mut self, input: &'b [u8]) -> Poll<'b, Event<'b>> {
        if self.handed_out {
            self.output.clear();
            self.handed_out = false;
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
            // What was queued goes out before any more input is read: a response is read
            // only once the command it answers was handed out.
            if !self.output.is_empty() {
                break;
            }
            if self.starttls {
                // The `+OK` to STLS was read: from here the bytes are TLS. Forget what the
                // server sent in the clear after it (RFC 2595 §4).
                self.pos = input.len();
                self.tls_started();
                return Poll::StartTls;
            }
            if self.closing {
                break;
            }
            match self.advance(input) {
                Adv::Event(event) => return Poll::Event(event),
                Adv::NeedInput => break,
                Adv::Continue => {}
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
        if self.eof {
            if self.quit_sent {
                self.closed = true;
                return Poll::Closed;
            }
            if let Adv::Event(event) = self.fatal(SessionFailure::ConnectionLost) {
                return Poll::Event(event);
            }
        }
        if self.in_step() && self.pending.is_empty() {
            Poll::Waiting
        } else {
            Poll::NeedInput
        }
    }

    /// Reads one line (or one piece of a message) from the unprocessed input and acts on it.
    fn advance<'i>(&mut self, input: &'i [u8]) -> Adv<'i> {
        let rest = input.get(self.pos..).unwrap_or_default();
        if let Some(Body::Message { message, unstuffer }) = &mut self.body {
            let message = *message;
            if rest.is_empty() {
                return Adv::NeedInput;
            }
            let step = unstuffer.decode(rest);
            self.pos += step.consumed;
            if step.end {
                self.body = None;
                // The last piece comes first, the end on the next poll.
                if !step.data.is_empty() {
                    self.queued
                        .push_back(Queued::Event(Event::MessageEnd { message }));
                    self.flush();
                    return Adv::Event(Event::MessageData(step.data));
                }
                self.flush();
                return Adv::Event(Event::MessageEnd { message });
            }
            if step.data.is_empty() {
                return Adv::Continue;
            }
            return Adv::Event(Event::MessageData(step.data));
        }
        if rest.is_empty() {
            return Adv::NeedInput;
        }
        let limits = &self.config.limits;
        let limit = match (&self.body, self.expect.front()) {
            (Some(_), _) => limits.listing_line,
            (None, Some(Expect::Auth)) => limits.sasl_line.max(limits.status_line),
            (None, _) => limits.status_line,
        };
        let line = match next_line(rest, limit, LineEndings::Strict) {
            Ok(Some(line)) => line,
            Ok(None) => return Adv::NeedInput,
            Err(e) => {
                return self.fatal(SessionFailure::MalformedResponse(
                    ResponseError::LineTooLong { limit: e.limit },
                ));
            }
        };
        self.pos += line.consumed;
        if self.body.is_some() {
            return self.on_body_line(line.text);
        }
        if self.expect.front() == Some(&Expect::Auth)
            && line.text.first() == Some(&b'+')
            && StatusLine::parse(line.text).is_err()
        {
            // A challenge that is not base64 is cancelled (RFC 5034 §4).
            self.expect.pop_front();
            let challenge = Continuation::parse(line.text).ok().and_then(|c| c.decode());
            return self.on_continuation(challenge);
        }
        match StatusLine::parse(line.text) {
            Ok(status) => self.on_status(status, line.text),
            Err(e) => self.fatal(SessionFailure::MalformedResponse(e)),
        }
    }

    /// Matches a status line to the oldest command waiting for one.
    fn on_status<'i>(&mut self, line: StatusLine<'i>, raw: &'i [u8]) -> Adv<'i> {
        let Some(expect) = self.expect.pop_front() else {
            return self.fatal(SessionFailure::UnexpectedResponse(line));
        };
        match expect {
            Expect::Greeting => self.on_greeting(line),
            Expect::Capa => self.on_capa(&line),
            Expect::Stls => self.on_stls(line),
            Expect::Auth => self.on_auth(line),
            Expect::Apop | Expect::User | Expect::Pass => self.on_login(expect, line),
            Expect::Command(request) => self.on_command(request, line, raw),
            Expect::Quit => {
                self.closing = true;
                if line.is_ok() {
                    Adv::Event(Event::Closed { line })
                } else {
                    Adv::Event(Event::Error {
                        verb: Verb::Quit,
                        message: None,
                        line,
                    })
                }
            }
        }
    }

    fn on_command<'i>(&mut self, request: Request, line: StatusLine<'i>, raw: &'i [u8]) -> Adv<'i> {
        if !line.is_ok() {
            self.flush();
            return Adv::Event(Event::Error {
                verb: request.verb(),
                message: request.message(),
                line,
            });
        }
        let text = line.text.as_bytes();
        let event = match request {
            Request::Stat => MaildropStat::parse(text).map(Event::Stat),
            Request::List(Some(_)) => ScanListing::parse(text).map(Event::ScanListing),
            Request::Uidl(Some(_)) => {
                // The listing borrows the input: the text is the end of the raw line.
                let start = raw.len().saturating_sub(text.len());
                UniqueIdListing::parse(raw.get(start..).unwrap_or_default())
                    .map(Event::UniqueIdListing)
            }
            Request::List(None) | Request::Uidl(None) => {
                self.body = Some(Body::Listing(request.verb()));
                return Adv::Continue;
            }
            Request::Retr(message) | Request::Top(message, _) => {
                self.body = Some(Body::Message {
                    message,
                    unstuffer: Unstuffer::new(),
                });
                return Adv::Event(Event::MessageStart { message });
            }
            Request::Dele(message) => Ok(Event::Deleted { message }),
            Request::Rset => Ok(Event::Reset),
            Request::Noop => Ok(Event::Noop),
        };
        match event {
            Ok(event) => {
                self.flush();
                Adv::Event(event)
            }
            Err(e) => self.fatal(SessionFailure::MalformedResponse(e)),
        }
    }

    /// One line of a multi-line response other than a message (RFC 1939 §3): `.` ends it,
    /// a leading `.` is stuffing.
    fn on_body_line<'i>(&mut self, text: &'i [u8]) -> Adv<'i> {
        let Some(body) = self.body.as_ref() else {
            return Adv::Continue;
        };
        if text == b"." {
            let done = match body {
                Body::Listing(verb) => Some(Event::ListingEnd { verb: *verb }),
                Body::Capa | Body::Message { .. } => None,
            };
            self.body = None;
            return match done {
                Some(event) => {
                    self.flush();
                    Adv::Event(event)
                }
                None => self.capa_done(),
            };
        }
        let text = text.strip_prefix(b".").unwrap_or(text);
        match body {
            Body::Capa => {
                // Lenient: a capability line that does not parse is ignored.
                if self.session.capabilities.len() >= self.config.limits.capabilities {
                    return self.fatal(SessionFailure::MalformedResponse(
                        ResponseError::Capability { offset: 0 },
                    ));
                }
                if let Ok(capability) = Capability::parse(text) {
                    self.session.capabilities.push(capability.into_owned());
                }
                Adv::Continue
            }
            Body::Listing(Verb::List) => match ScanListing::parse(text) {
                Ok(listing) => Adv::Event(Event::ScanListing(listing)),
                Err(e) => self.fatal(SessionFailure::MalformedResponse(e)),
            },
            Body::Listing(_) => match UniqueIdListing::parse(text) {
                Ok(listing) => Adv::Event(Event::UniqueIdListing(listing)),
                Err(e) => self.fatal(SessionFailure::MalformedResponse(e)),
            },
            Body::Message { .. } => Adv::Continue,
        }
    }
}
