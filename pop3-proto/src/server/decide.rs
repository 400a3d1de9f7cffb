//! The application's answers to decision events.

use crate::response::{Status, StatusLine, Text};

use super::UsageError;
use super::maildrop::{Maildrop, Open};
use super::session::{Core, Pending, State, messages};

impl Core {
    /// Fails unless a decision is pending and the session is open.
    fn check_open(&self) -> Result<(), UsageError> {
        if self.closed {
            return Err(UsageError::Closed);
        }
        Ok(())
    }

    /// Takes the pending decision if `matches` says it is the right kind.
    fn take_pending(&mut self, matches: impl Fn(&Pending) -> bool) -> Result<Pending, UsageError> {
        self.check_open()?;
        match self.pending.take() {
            Some(p) if matches(&p) => Ok(p),
            Some(p) => {
                let pending = p.name();
                self.pending = Some(p);
                Err(UsageError::WrongDecision { pending })
            }
            None => Err(UsageError::NothingPending),
        }
    }

    /// `accept` / `accept_with`: `User`, `Update`, and `AuthStart` for mechanisms without a
    /// nonce.
    pub(super) fn accept(&mut self, text: Option<Text<'_>>) -> Result<(), UsageError> {
        if let Some(text) = &text {
            StatusLine::ok(text.clone()).encode(&mut Vec::new())?;
        }
        let pending = self.take_pending(|p| {
            matches!(p, Pending::User { .. } | Pending::Update)
                || (text.is_none() && matches!(p, Pending::AuthStart { .. }))
        })?;
        match pending {
            Pending::User { name } => {
                let line = StatusLine::ok(text.unwrap_or_else(|| Text::lossy("send PASS")));
                self.send(&line);
                self.user = Some(name);
            }
            Pending::Update => {
                let line = match text {
                    Some(text) => StatusLine::ok(text),
                    None => {
                        let left = self.maildrop.stat().count;
                        let tail = if left == 0 {
                            "maildrop empty".to_owned()
                        } else {
                            format!("{} left", messages(left))
                        };
                        let text =
                            format!("{} POP3 server signing off ({tail})", self.config.hostname);
                        StatusLine::ok(Text::lossy(&text).into_owned())
                    }
                };
                self.send(&line);
                self.closing = true;
            }
            Pending::AuthStart {
                mechanism,
                initial_response,
            } => return self.start_auth(mechanism, initial_response, ""),
            other => self.pending = Some(other),
        }
        Ok(())
    }

    /// `reject`: any decision but `AuthRequest` and a `Retrieve` already started.
    pub(super) fn reject(&mut self, status: &StatusLine<'_>) -> Result<(), UsageError> {
        if status.status != Status::Err {
            return Err(UsageError::NotNegative);
        }
        status.encode(&mut Vec::new())?;
        self.check_open()?;
        if let Some(Pending::Retrieve { started: true, .. }) = &self.pending {
            return Err(UsageError::AlreadySending);
        }
        let pending = self.take_pending(|p| !matches!(p, Pending::AuthRequest(_)))?;
        self.send(status);
        match pending {
            Pending::Login { .. } | Pending::AuthStart { .. } => self.login_failed(),
            Pending::Update => self.closing = true,
            _ => {}
        }
        Ok(())
    }

    /// `accept_login` / `accept_login_with`: enter the TRANSACTION state.
    pub(super) fn accept_login(
        &mut self,
        maildrop: Maildrop,
        text: Option<Text<'_>>,
    ) -> Result<(), UsageError> {
        if let Some(text) = &text {
            StatusLine::ok(text.clone()).encode(&mut Vec::new())?;
        }
        if u32::try_from(maildrop.len()).is_err() {
            return Err(UsageError::TooManyMessages);
        }
        let Pending::Login { user } = self.take_pending(|p| matches!(p, Pending::Login { .. }))?
        else {
            return Err(UsageError::NothingPending);
        };
        self.maildrop = Open::new(maildrop);
        self.state = State::Transaction;
        let line = match text {
            Some(text) => StatusLine::ok(text),
            None => {
                let stat = self.maildrop.stat();
                let text = format!(
                    "{user}'s maildrop has {} ({} octets)",
                    messages(stat.count),
                    stat.size
                );
                StatusLine::ok(Text::lossy(&text).into_owned())
            }
        };
        self.send(&line);
        self.authenticated = Some(user);
        Ok(())
    }

    /// `send_message_data`.
    pub(super) fn message_data(&mut self, data: &[u8]) -> Result<(), UsageError> {
        self.check_open()?;
        let Some(Pending::Retrieve {
            stuffer,
            started,
            size,
            top,
        }) = &mut self.pending
        else {
            return Err(self.wrong_or_nothing());
        };
        if !*started {
            *started = true;
            if *top {
                self.output.extend_from_slice(b"+OK\r\n");
            } else {
                self.output
                    .extend_from_slice(format!("+OK {size} octets\r\n").as_bytes());
            }
        }
        stuffer.push(data, &mut self.output);
        Ok(())
    }

    /// `end_message`.
    pub(super) fn end_message(&mut self) -> Result<(), UsageError> {
        self.message_data(b"")?;
        if let Some(Pending::Retrieve { mut stuffer, .. }) = self.pending.take() {
            stuffer.finish(&mut self.output);
        }
        Ok(())
    }

    /// Whether the message being sent wants more data.
    pub(super) fn wants_message_data(&self) -> bool {
        matches!(&self.pending, Some(Pending::Retrieve { stuffer, .. }) if !stuffer.is_done())
    }

    fn wrong_or_nothing(&self) -> UsageError {
        match &self.pending {
            Some(p) => UsageError::WrongDecision { pending: p.name() },
            None => UsageError::NothingPending,
        }
    }

    /// Starts the SASL exchange of an accepted `AuthStart`.
    pub(super) fn start_auth(
        &mut self,
        mechanism: mail_sasl::Mechanism,
        initial_response: Option<Vec<u8>>,
        nonce: &str,
    ) -> Result<(), UsageError> {
        let sasl = mail_sasl::ServerConfig::new(&self.config.hostname);
        let mut server = match mail_sasl::ServerMechanism::new(&mechanism, &sasl, nonce) {
            Ok(server) => Box::new(server),
            Err(_) => {
                self.pending = Some(Pending::AuthStart {
                    mechanism,
                    initial_response,
                });
                return Err(UsageError::InvalidNonce);
            }
        };
        // RFC 5034 §4: without an initial response, the server sends an empty challenge
        // for client-first mechanisms; `start(None)` makes the mechanism ask for it.
        let step = server.start(initial_response.as_deref());
        self.queue_adv(|core| core.sasl_step(server, step));
        Ok(())
    }

    /// `accept_auth`.
    pub(super) fn accept_auth(&mut self, nonce: &str) -> Result<(), UsageError> {
        match self.take_pending(|p| matches!(p, Pending::AuthStart { .. }))? {
            Pending::AuthStart {
                mechanism,
                initial_response,
            } => self.start_auth(mechanism, initial_response, nonce),
            _ => Err(UsageError::NothingPending),
        }
    }

    /// Passes the application's answer to the SASL request.
    pub(super) fn answer_auth(&mut self, answer: mail_sasl::Answer) -> Result<(), UsageError> {
        match self.take_pending(|p| matches!(p, Pending::AuthRequest(_)))? {
            Pending::AuthRequest(mut server) => {
                let step = server.answer(answer);
                self.queue_adv(|core| core.sasl_step(server, step));
                Ok(())
            }
            _ => Err(UsageError::NothingPending),
        }
    }

    /// Runs a step that may produce an event outside `poll()`: the event waits for the next
    /// `poll()`.
    fn queue_adv(&mut self, f: impl FnOnce(&mut Core) -> super::Adv<'static>) {
        if let super::Adv::Event(event) = f(self) {
            self.queued = Some(event);
        }
    }
}
