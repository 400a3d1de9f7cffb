//! Opening a session: the greeting (RFC 5321 §4.2, §3.1), `EHLO` with the fall back to
//! `HELO` (§4.1.1.1, §3.2) or `LHLO` (RFC 2033 §4.1), `STARTTLS` (RFC 3207) and `AUTH`
//! (RFC 4954).

use base64::Engine as _;
use mail_sasl::{ClientMechanism, Mechanism, PlaintextPolicy, select};

use crate::command::{self, Command, InitialResponse};
use crate::reply::{EhloReply, Reply, ReplyCode};

use super::Adv;
use super::config::TlsPolicy;
use super::event::{AuthFailure, Event, SessionFailure};
use super::session::{Core, Expect, Queued, Sasl};

impl Core {
    pub(super) fn on_greeting<'i>(&mut self, reply: Reply<'i>) -> Adv<'i> {
        if !reply.code.is_positive_completion() {
            // RFC 5321 §3.1: after a 554 greeting the client sends QUIT and waits for it.
            return self.fail_politely(SessionFailure::GreetingRefused(reply));
        }
        self.send_hello(true);
        Adv::Event(Event::Greeting { reply })
    }

    /// `EHLO` (`LHLO` in LMTP) or `HELO`.
    pub(super) fn send_hello(&mut self, extended: bool) {
        let name = self.config.client_name.clone();
        let command = match (extended, self.lmtp()) {
            (true, true) => Command::Lhlo { name },
            (true, false) => Command::Ehlo { name },
            (false, _) => Command::Helo { name },
        };
        self.command(&command, Expect::Hello(extended));
    }

    pub(super) fn on_hello<'i>(&mut self, extended: bool, reply: Reply<'i>) -> Adv<'i> {
        if reply.code.is_positive_completion() {
            self.session.capabilities = match extended {
                true => EhloReply::from_reply(reply)
                    .map(|e| e.capabilities.into_owned())
                    .unwrap_or_default(),
                false => crate::reply::Capabilities::new(),
            };
            return self.setup_next();
        }
        // RFC 5321 §3.2: a server that does not know EHLO answers 500, 502 or 504 (501 for
        // some); the client may then try HELO. LMTP has no HELO.
        let unknown = matches!(reply.code.get(), 500 | 501 | 502 | 504);
        if extended && unknown && !self.lmtp() {
            self.send_hello(false);
            return Adv::Continue;
        }
        self.fail_politely(SessionFailure::HelloRefused(reply))
    }

    /// The next step of opening the session: `STARTTLS`, `AUTH`, or ready.
    pub(super) fn setup_next<'i>(&mut self) -> Adv<'i> {
        let policy = self.config.tls;
        if !self.session.tls && policy != TlsPolicy::Never && !self.session.tls_declined {
            if self.session.offers("STARTTLS") {
                self.command(&Command::StartTls, Expect::StartTls);
                return Adv::Continue;
            }
            if policy == TlsPolicy::Required {
                return self.fail_politely(SessionFailure::TlsUnavailable);
            }
        }
        if self.config.credentials.is_some() && self.session.authenticated.is_none() {
            return self.start_auth();
        }
        self.become_ready();
        Adv::Continue
    }

    fn become_ready(&mut self) {
        self.session.ready = true;
        self.queued.push_back(Queued::Ready);
        self.next_job();
    }

    pub(super) fn on_starttls<'i>(&mut self, reply: Reply<'i>) -> Adv<'i> {
        if reply.code == ReplyCode::SERVICE_READY {
            self.starttls = true;
            return Adv::Continue;
        }
        if self.config.tls == TlsPolicy::Required {
            return self.fail_politely(SessionFailure::TlsRefused(reply));
        }
        self.session.tls_declined = true;
        self.setup_next()
    }

    /// The `220` to `STARTTLS` went out: TLS from here, a new session (RFC 3207 §4.2: the
    /// client MUST discard what it knew and send EHLO again).
    pub(super) fn tls_started(&mut self) {
        self.starttls = false;
        self.session.tls = true;
        self.session.capabilities = crate::reply::Capabilities::new();
        self.send_hello(true);
    }

    /// Chooses the strongest mechanism both sides have (plaintext ones only over TLS, unless
    /// allowed) and sends `AUTH`, with the initial response when it fits (RFC 4954 §4).
    fn start_auth<'i>(&mut self) -> Adv<'i> {
        let Some(credentials) = self.config.credentials.as_ref() else {
            return Adv::Continue;
        };
        let capabilities = &self.session.capabilities;
        let offered = capabilities.mechanism_set();
        if offered.is_empty() {
            return self.fail_politely(SessionFailure::Auth(AuthFailure::NotOffered));
        }
        // The typed mechanisms from the set noted while the EHLO reply was parsed; the names
        // of the others only if there are any.
        let mut theirs: Vec<Mechanism> = offered.iter().collect();
        if offered.has_others() {
            theirs.extend(
                capabilities
                    .auth_mechanisms()
                    .filter(|m| offered.contains_name(m).is_none())
                    .filter_map(|m| Mechanism::from_bytes(m.as_bytes()).ok()),
            );
        }
        let policy = if self.session.tls || self.config.auth_without_tls {
            PlaintextPolicy::Allow
        } else {
            PlaintextPolicy::Refuse
        };
        let Some(mechanism) = select(&credentials.mechanisms(), &theirs, policy) else {
            return self.fail_politely(SessionFailure::Auth(AuthFailure::NoCommonMechanism));
        };
        let mut client =
            match ClientMechanism::new(&mechanism, credentials, &self.config.sasl_nonce) {
                Ok(client) => client,
                Err(e) => return self.fail_politely(SessionFailure::Auth(AuthFailure::Sasl(e))),
            };
        let Ok(name) = command::Mechanism::new(mechanism.as_str().to_owned()) else {
            return self.fail_politely(SessionFailure::Auth(AuthFailure::NoCommonMechanism));
        };
        let initial = if self.config.sasl_initial_response && mechanism.is_client_first() {
            client.initial_response()
        } else {
            None
        };
        let with_initial = Command::Auth {
            mechanism: name.clone(),
            initial_response: initial.as_deref().map(InitialResponse::encode),
        };
        let mut pending_initial = None;
        if with_initial.encode(&mut self.output).is_err() {
            // RFC 4954 §4: an initial response that would make the line too long is not
            // sent; it answers the server's empty challenge instead.
            pending_initial = initial;
            let _ = Command::Auth {
                mechanism: name,
                initial_response: None,
            }
            .encode(&mut self.output);
        }
        self.expect.push_back(Expect::Auth);
        self.sasl = Some(Box::new(Sasl {
            mechanism,
            client,
            pending_initial,
            cancelled: None,
        }));
        Adv::Continue
    }

    /// A reply during `AUTH`: a `334` challenge, `235`, or a refusal.
    pub(super) fn on_auth<'i>(&mut self, reply: Reply<'i>) -> Adv<'i> {
        let Some(mut sasl) = self.sasl.take() else {
            return self.fatal(SessionFailure::UnexpectedReply(reply));
        };
        if reply.code == ReplyCode::AUTH_CHALLENGE {
            if sasl.cancelled.is_some() {
                // The server goes on after `*`: it is out of step.
                return self.fatal(SessionFailure::UnexpectedReply(reply));
            }
            let response = match challenge(&reply) {
                None => Err(AuthFailure::MalformedChallenge),
                Some(data) => match sasl.pending_initial.take() {
                    Some(initial) => Ok(initial),
                    None => sasl.client.step(&data).map_err(AuthFailure::Sasl),
                },
            };
            match response {
                Ok(response) => {
                    let text = base64::engine::general_purpose::STANDARD.encode(response);
                    self.output.extend_from_slice(text.as_bytes());
                    self.output.extend_from_slice(b"\r\n");
                }
                Err(failure) => {
                    // RFC 4954 §4: "*" cancels; the server answers 501.
                    self.output.extend_from_slice(b"*\r\n");
                    sasl.cancelled = Some(failure);
                }
            }
            self.expect.push_back(Expect::Auth);
            self.sasl = Some(sasl);
            return Adv::Continue;
        }
        if let Some(failure) = sasl.cancelled {
            return self.fail_politely(SessionFailure::Auth(failure));
        }
        if !reply.code.is_positive_completion() {
            return self.fail_politely(SessionFailure::Auth(AuthFailure::Rejected(reply)));
        }
        // 235: the login counts only if the mechanism agrees (SCRAM checks the server's
        // signature here, RFC 5802 §5.1 `v=`).
        if let Err(e) = sasl.client.finish(None) {
            return self.fail_politely(SessionFailure::Auth(AuthFailure::Sasl(e)));
        }
        let mechanism = sasl.mechanism;
        self.session.authenticated = Some(mechanism.clone());
        self.become_ready();
        Adv::Event(Event::Authenticated { mechanism })
    }
}

/// The data of a `334` challenge: the base64 text of its line (RFC 4954 §4), decoded.
fn challenge(reply: &Reply<'_>) -> Option<Vec<u8>> {
    let mut text = String::new();
    if let Some(code) = reply.enhanced {
        // Base64 cannot start with a status code, but a line that looks like one was cut.
        text.push_str(&code.to_string());
        if reply.lines.first().is_some_and(|l| !l.is_empty()) {
            text.push(' ');
        }
    }
    for line in &reply.lines {
        text.push_str(line);
    }
    let text = text.trim_end();
    base64::engine::general_purpose::STANDARD.decode(text).ok()
}
