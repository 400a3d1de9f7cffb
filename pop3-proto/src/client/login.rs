//! Opening a session: the greeting (RFC 1939 §4), `CAPA` (RFC 2449 §5), `STLS`
//! (RFC 2595 §4) and the login: SASL `AUTH` (RFC 5034), `APOP` or `USER`/`PASS`
//! (RFC 1939 §7).

use base64::Engine as _;
use mail_sasl::{ClientMechanism, Credential, Mechanism, PlaintextPolicy, Secret, select};

use crate::command::{Argument, Command, Digest, InitialResponse, Verb};
use crate::response::{Capability, StatusLine};

use super::config::TlsPolicy;
use super::event::{AuthFailure, Event, LoginMethod, SessionFailure};
use super::session::{Adv, Core, Expect, Queued, Sasl};

impl Core {
    pub(super) fn on_greeting<'i>(&mut self, line: StatusLine<'i>) -> Adv<'i> {
        if !line.is_ok() {
            return self.fatal(SessionFailure::GreetingRefused(line));
        }
        self.session.timestamp = line.apop_timestamp().map(<[u8]>::to_vec);
        self.ask_capabilities();
        if !self.config.capa {
            // No CAPA: go on at once (STLS unknown, so only the login).
            self.setup_queued();
        }
        Adv::Event(Event::Greeting { line })
    }

    /// [`setup_next`](Self::setup_next) outside a response: its event is queued.
    fn setup_queued(&mut self) {
        if let Adv::Event(Event::SessionFailed { failure }) = self.setup_next() {
            self.queued.push_back(Queued::Event(Event::SessionFailed {
                failure: failure.into_owned(),
            }));
        }
    }

    /// `CAPA`, when configured.
    fn ask_capabilities(&mut self) {
        self.session.capabilities.clear();
        if self.config.capa {
            self.command(&Command::Capa, Expect::Capa);
        }
    }

    pub(super) fn on_capa<'i>(&mut self, line: &StatusLine<'_>) -> Adv<'i> {
        if line.is_ok() {
            self.body = Some(super::session::Body::Capa);
            return Adv::Continue;
        }
        // `-ERR`: the server knows no CAPA (RFC 2449 §5); go on without capabilities.
        self.setup_next()
    }

    /// The end of the `CAPA` listing.
    pub(super) fn capa_done<'i>(&mut self) -> Adv<'i> {
        self.setup_next()
    }

    /// The next step of opening the session: `STLS`, the login, or ready.
    pub(super) fn setup_next<'i>(&mut self) -> Adv<'i> {
        if self.quit_requested {
            self.send_quit();
            return Adv::Continue;
        }
        let policy = self.config.tls;
        if !self.session.tls && policy != TlsPolicy::Never && !self.session.tls_declined {
            if self.session.offers(&Capability::Stls) {
                self.command(&Command::Stls, Expect::Stls);
                return Adv::Continue;
            }
            if policy == TlsPolicy::Required {
                return self.fail_politely(SessionFailure::TlsUnavailable);
            }
        }
        if self.config.credentials.is_some() && self.session.authenticated.is_none() {
            return self.start_login();
        }
        self.become_ready();
        Adv::Continue
    }

    fn become_ready(&mut self) {
        self.session.ready = true;
        self.queued.push_back(Queued::Ready);
        self.flush();
    }

    pub(super) fn on_stls<'i>(&mut self, line: StatusLine<'i>) -> Adv<'i> {
        if line.is_ok() {
            self.starttls = true;
            return Adv::Continue;
        }
        if self.config.tls == TlsPolicy::Required {
            return self.fail_politely(SessionFailure::TlsRefused(line));
        }
        self.session.tls_declined = true;
        self.setup_next()
    }

    /// The driver is told to upgrade: TLS from here, and the capabilities learned in the
    /// clear are forgotten and asked for again (RFC 2595 §4).
    pub(super) fn tls_started(&mut self) {
        self.starttls = false;
        self.session.tls = true;
        self.ask_capabilities();
        if !self.config.capa {
            self.setup_queued();
        }
    }

    /// Chooses the login method: the strongest SASL mechanism both sides have, else `APOP`,
    /// else `USER`/`PASS`, never sending a reusable secret in the clear unless allowed.
    fn start_login<'i>(&mut self) -> Adv<'i> {
        let Some(credentials) = self.config.credentials.clone() else {
            return Adv::Continue;
        };
        let plaintext_ok = self.session.tls || self.config.auth_without_tls;
        let theirs: Vec<Mechanism> = self
            .session
            .capabilities
            .iter()
            .filter_map(|c| match c {
                Capability::Sasl(m) => Some(m.iter().cloned()),
                _ => None,
            })
            .flatten()
            .collect();
        let policy = if plaintext_ok {
            PlaintextPolicy::Allow
        } else {
            PlaintextPolicy::Refuse
        };
        if let Some(mechanism) = select(&credentials.mechanisms(), &theirs, policy) {
            return self.start_sasl(mechanism, &credentials);
        }
        let Credential::Password(password) = &credentials.credential else {
            return self.fail_politely(SessionFailure::Auth(AuthFailure::NoMethod));
        };
        let Ok(name) = Argument::new(credentials.username.clone()) else {
            return self.fail_politely(SessionFailure::Auth(AuthFailure::Unencodable));
        };
        if self.config.apop
            && let Some(timestamp) = &self.session.timestamp
        {
            let digest = Digest::compute(timestamp, password.expose().as_bytes());
            let command = Command::Apop { name, digest };
            if command.encode(&mut self.output).is_err() {
                return self.fail_politely(SessionFailure::Auth(AuthFailure::Unencodable));
            }
            self.expect.push_back(Expect::Apop);
            return Adv::Continue;
        }
        if !plaintext_ok {
            return self.fail_politely(SessionFailure::Auth(AuthFailure::NoMethod));
        }
        if (Command::User { name }).encode(&mut self.output).is_err() {
            return self.fail_politely(SessionFailure::Auth(AuthFailure::Unencodable));
        }
        self.expect.push_back(Expect::User);
        Adv::Continue
    }

    fn start_sasl<'i>(
        &mut self,
        mechanism: Mechanism,
        credentials: &mail_sasl::Credentials,
    ) -> Adv<'i> {
        let mut client =
            match ClientMechanism::new(&mechanism, credentials, &self.config.sasl_nonce) {
                Ok(client) => client,
                Err(e) => return self.fail_politely(SessionFailure::Auth(AuthFailure::Sasl(e))),
            };
        let initial = if self.config.sasl_initial_response && mechanism.is_client_first() {
            client.initial_response()
        } else {
            None
        };
        let with_initial = Command::Auth {
            mechanism: mechanism.clone(),
            initial_response: initial.as_deref().map(InitialResponse::encode),
        };
        let mut pending_initial = None;
        if with_initial.encode(&mut self.output).is_err() {
            // RFC 5034 §4: an initial response that would make the line longer than 255
            // octets is not sent; it answers the server's empty challenge instead.
            pending_initial = initial;
            let _ = Command::Auth {
                mechanism: mechanism.clone(),
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

    /// A `+ ` challenge during `AUTH` (RFC 5034 §4).
    /// `challenge` is `None` when the line is not a well-formed base64 challenge.
    pub(super) fn on_continuation<'i>(&mut self, challenge: Option<Vec<u8>>) -> Adv<'i> {
        let Some(mut sasl) = self.sasl.take() else {
            return self.fatal(SessionFailure::MalformedResponse(
                crate::response::ResponseError::Status { offset: 0 },
            ));
        };
        if sasl.cancelled.is_some() {
            // The server goes on after `*`: it is out of step.
            return self.fatal(SessionFailure::MalformedResponse(
                crate::response::ResponseError::Status { offset: 0 },
            ));
        }
        let response = match challenge {
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
                // RFC 5034 §4: "*" cancels; the server answers -ERR.
                self.output.extend_from_slice(b"*\r\n");
                sasl.cancelled = Some(failure);
            }
        }
        self.expect.push_back(Expect::Auth);
        self.sasl = Some(sasl);
        Adv::Continue
    }

    /// The status line that ends `AUTH`.
    pub(super) fn on_auth<'i>(&mut self, line: StatusLine<'i>) -> Adv<'i> {
        let Some(mut sasl) = self.sasl.take() else {
            return self.fatal(SessionFailure::UnexpectedResponse(line));
        };
        if let Some(failure) = sasl.cancelled {
            return self.fail_politely(SessionFailure::Auth(failure));
        }
        if !line.is_ok() {
            return self.fail_politely(SessionFailure::Auth(AuthFailure::Rejected {
                verb: Verb::Auth,
                line,
            }));
        }
        // The login counts only if the mechanism agrees (SCRAM checks the server's
        // signature, RFC 5802 §5.1 `v=`).
        if let Err(e) = sasl.client.finish(None) {
            return self.fail_politely(SessionFailure::Auth(AuthFailure::Sasl(e)));
        }
        self.logged_in(LoginMethod::Sasl(sasl.mechanism))
    }

    /// The response to `APOP`, `USER` or `PASS`.
    pub(super) fn on_login<'i>(&mut self, expect: Expect, line: StatusLine<'i>) -> Adv<'i> {
        let verb = match expect {
            Expect::Apop => Verb::Apop,
            Expect::User => Verb::User,
            _ => Verb::Pass,
        };
        if !line.is_ok() {
            return self.fail_politely(SessionFailure::Auth(AuthFailure::Rejected { verb, line }));
        }
        match verb {
            Verb::Apop => self.logged_in(LoginMethod::Apop),
            Verb::User => {
                let password = match self.config.credentials.as_ref().map(|c| &c.credential) {
                    Some(Credential::Password(p)) => p.expose().as_bytes().to_vec(),
                    _ => Vec::new(),
                };
                let command = Command::Pass {
                    password: Secret::new(password),
                };
                if command.encode(&mut self.output).is_err() {
                    return self.fail_politely(SessionFailure::Auth(AuthFailure::Unencodable));
                }
                self.expect.push_back(Expect::Pass);
                Adv::Continue
            }
            _ => self.logged_in(LoginMethod::UserPass),
        }
    }

    fn logged_in<'i>(&mut self, method: LoginMethod) -> Adv<'i> {
        self.session.authenticated = Some(method.clone());
        if self.quit_requested {
            self.send_quit();
        } else {
            self.become_ready();
        }
        Adv::Event(Event::Authenticated { method })
    }
}
