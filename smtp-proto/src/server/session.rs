//! The server's state between polls: session, transaction, phase, pending decision, replies.

use mail_sasl::ServerMechanism;

use crate::command::{Body, Verb};
use crate::data::{BdatReader, Unstuffer};
use crate::reply::{Capabilities, Capability, EhloReply, Reply, ReplyCode};

use super::config::{Protocol, ServerConfig};
use super::event::Event;

/// What the client has established in this session (RFC 5321 §4.1.4; reset by `STARTTLS`).
#[derive(Debug, Default)]
pub(super) struct Session {
    /// `HELO` (false) or `EHLO`/`LHLO` (true) was accepted.
    pub(super) hello: Option<bool>,
    /// TLS is active.
    pub(super) tls: bool,
    /// The authenticated identity.
    pub(super) authenticated: Option<String>,
    /// The mail transaction in progress.
    pub(super) transaction: Option<Transaction>,
    pub(super) bad_commands: u32,
    pub(super) auth_failures: u32,
}

/// A mail transaction: `MAIL` accepted, recipients counted (RFC 5321 §3.3).
#[derive(Debug, Default)]
pub(super) struct Transaction {
    /// The `BODY` the client declared.
    pub(super) body: Option<Body>,
    /// `SMTPUTF8` was declared: UTF-8 recipients are allowed (RFC 6531 §3.4).
    pub(super) smtputf8: bool,
    /// Recipients accepted.
    pub(super) recipients: usize,
    /// `BDAT` was used (then `DATA` may not be, RFC 3030 §2).
    pub(super) bdat: bool,
    /// Octets of `BDAT` content received so far.
    pub(super) bdat_size: u64,
    /// The `BDAT` content went over the size limit: it is read and dropped.
    pub(super) too_big: bool,
}

/// What the bytes from the client are, right now.
#[derive(Debug)]
pub(super) enum Phase {
    /// Command lines.
    Command,
    /// The rest of an over-long command line, to be skipped.
    SkipLine,
    /// `DATA` content; `discard` once it went over the size limit.
    Data {
        unstuffer: Box<Unstuffer>,
        discard: bool,
    },
    /// A `BDAT` chunk; `discard` when the chunk is read only to be dropped (a refused `BDAT`).
    Bdat {
        reader: BdatReader,
        discard: bool,
        refusal: Option<Reply<'static>>,
    },
    /// A SASL response line of an `AUTH` exchange.
    Auth(Box<ServerMechanism>),
    /// The empty response that acknowledges SASL additional data sent as a challenge
    /// (RFC 4954 §4), before `235`.
    AuthFinish(Box<mail_sasl::Authenticated>),
}

/// The decision the application owes.
#[derive(Debug)]
pub(super) enum Pending {
    Hello {
        extended: bool,
    },
    Mail {
        body: Option<Body>,
        smtputf8: bool,
    },
    Rcpt,
    Verify,
    AuthStart {
        mechanism: mail_sasl::Mechanism,
        initial_response: Option<Vec<u8>>,
    },
    AuthRequest(Box<ServerMechanism>),
    MessageEnd {
        remaining: usize,
    },
}

impl Pending {
    pub(super) fn name(&self) -> &'static str {
        match self {
            Pending::Hello { .. } => "Hello",
            Pending::Mail { .. } => "Mail",
            Pending::Rcpt => "Rcpt",
            Pending::Verify => "Verify",
            Pending::AuthStart { .. } => "AuthStart",
            Pending::AuthRequest(_) => "AuthRequest",
            Pending::MessageEnd { .. } => "MessageEnd",
        }
    }
}

/// Everything but the receive buffer (so events can borrow the buffer while the core changes).
#[derive(Debug)]
pub(super) struct Core {
    pub(super) config: ServerConfig,
    /// Offset of the first unprocessed byte of the receive buffer.
    pub(super) pos: usize,
    /// Replies not yet handed to the driver.
    pub(super) output: Vec<u8>,
    /// How many octets at the start of `output` the last `poll()` handed out: they are dropped
    /// first thing in the next (what was queued after them stays).
    pub(super) handed_out: usize,
    pub(super) phase: Phase,
    pub(super) pending: Option<Pending>,
    pub(super) session: Session,
    /// An event produced by a decision method, returned by the next `poll()`.
    pub(super) queued: Option<Event<'static>>,
    /// The greeting refused service (`554`): only `QUIT` is accepted (RFC 5321 §3.1).
    pub(super) refusing: bool,
    /// The greeting is queued and goes out before anything the client sent is looked at.
    pub(super) greeting_pending: bool,
    /// `220` for `STARTTLS` was queued: once sent, tell the driver to upgrade.
    pub(super) starttls: bool,
    /// A closing reply (`221`, `421`) was queued: once sent, the session is over.
    pub(super) closing: bool,
    pub(super) closed: bool,
}

impl Core {
    /// Queues `reply`, without its enhanced status code when `ENHANCEDSTATUSCODES` is not
    /// offered (RFC 2034 §3).
    pub(super) fn send(&mut self, reply: &Reply<'_>) {
        let stripped;
        let reply = if self.config.extensions.enhanced_status_codes || reply.enhanced.is_none() {
            reply
        } else {
            stripped = Reply {
                enhanced: None,
                ..reply.clone()
            };
            &stripped
        };
        // Replies built by the server or checked by `UsageError` always encode.
        let _ = reply.encode(&mut self.output);
    }

    /// Queues a reply that may be longer than a command reply line (a `334` SASL challenge,
    /// up to the SASL line limit of RFC 4954 §4).
    pub(super) fn send_long(&mut self, reply: &Reply<'_>) {
        let _ = reply.encode_with_limit(&mut self.output, self.config.limits.sasl_line);
    }

    /// Queues `reply` and reports it as a protocol error, counting it; over the limit, closes.
    pub(super) fn error<'i>(&mut self, verb: Option<Verb>, reply: Reply<'static>) -> Event<'i> {
        self.send(&reply);
        self.session.bad_commands += 1;
        if self.session.bad_commands >= self.config.limits.max_bad_commands {
            let close = self.reply(
                ReplyCode::SERVICE_NOT_AVAILABLE,
                "4.7.0 Too many errors, closing connection",
            );
            self.send(&close);
            self.closing = true;
        }
        Event::ProtocolError { verb, reply }
    }

    /// A reply with this server's wording; `text` may start with an enhanced status code.
    pub(super) fn reply(&self, code: ReplyCode, text: &str) -> Reply<'static> {
        Reply::new(code, text.to_owned())
    }

    /// Queues a closing `421` (RFC 5321 §3.8).
    pub(super) fn shut_down(&mut self, text: &str) {
        let reply = self.reply(
            ReplyCode::SERVICE_NOT_AVAILABLE,
            &format!("{} {text}", self.config.hostname),
        );
        self.send(&reply);
        self.closing = true;
    }

    /// Ends the transaction; returns `true` if there was one.
    pub(super) fn reset_transaction(&mut self) -> bool {
        self.session.transaction.take().is_some()
    }

    /// `AUTH` may be offered now.
    pub(super) fn auth_available(&self) -> bool {
        !self.config.auth_mechanisms.is_empty()
            && (self.session.tls || self.config.auth_without_tls)
    }

    /// The reply to an accepted `EHLO`/`LHLO`: this server's name and its extensions, as they
    /// stand in this session (no `STARTTLS` once TLS is on, `AUTH` only where allowed).
    pub(super) fn ehlo_reply(&self) -> Reply<'static> {
        let config = &self.config;
        let x = &config.extensions;
        let mut caps = Capabilities::new();
        if x.pipelining {
            caps.push(Capability::Pipelining);
        }
        if x.size {
            caps.push(Capability::Size(Some(config.limits.max_message_size)));
        }
        if x.eight_bit_mime {
            caps.push(Capability::EightBitMime);
        }
        if x.smtputf8 {
            caps.push(Capability::SmtpUtf8);
        }
        if x.chunking {
            caps.push(Capability::Chunking);
            if x.binary_mime {
                caps.push(Capability::BinaryMime);
            }
        }
        if x.dsn {
            caps.push(Capability::Dsn);
        }
        if x.enhanced_status_codes {
            caps.push(Capability::EnhancedStatusCodes);
        }
        if config.starttls && !self.session.tls {
            caps.push(Capability::StartTls);
        }
        if x.require_tls && self.session.tls {
            caps.push(Capability::RequireTls);
        }
        if self.auth_available() {
            let names = config
                .auth_mechanisms
                .iter()
                .map(|m| m.as_str().to_owned().into())
                .collect();
            caps.push(Capability::Auth(names));
        }
        let mut ehlo = EhloReply::new(config.hostname.clone());
        ehlo.capabilities = caps;
        ehlo.to_reply()
            .unwrap_or_else(|_| Reply::new(ReplyCode::OK, config.hostname.clone()))
    }

    /// The reply to an accepted `HELO`.
    pub(super) fn helo_reply(&self) -> Reply<'static> {
        Reply::new(ReplyCode::OK, self.config.hostname.clone())
    }

    /// The greeting (RFC 5321 §4.2: `220 domain text`; RFC 2034 §3: no enhanced code).
    pub(super) fn greeting(&self) -> Reply<'static> {
        Reply::new(
            ReplyCode::SERVICE_READY,
            format!("{} {}", self.config.hostname, self.config.greeting),
        )
    }

    /// `true` in LMTP mode.
    pub(super) fn lmtp(&self) -> bool {
        self.config.protocol == Protocol::Lmtp
    }
}
