//! The application's answers to decision events.

use crate::reply::{Reply, ReplyClass, ReplyCode};

use super::UsageError;
use super::event::Event;
use super::session::{Core, Pending, Transaction};

/// An answer to the pending decision.
pub(super) enum Answer<'r> {
    /// Accept, with the server's usual reply or the one given (which must be positive).
    Accept(Option<Reply<'r>>),
    /// Refuse with this reply (which must be negative).
    Reject(Reply<'r>),
}

impl Core {
    /// Answers the pending `Hello`, `Mail`, `Rcpt`, `AuthStart` or `MessageEnd` decision.
    pub(super) fn decide(&mut self, answer: Answer<'_>) -> Result<(), UsageError> {
        if self.closed {
            return Err(UsageError::Closed);
        }
        match &answer {
            Answer::Accept(Some(r)) if r.code.class() != ReplyClass::PositiveCompletion => {
                return Err(UsageError::WrongReplyClass {
                    expected: "positive completion (2xx)",
                    code: r.code.get(),
                });
            }
            Answer::Reject(r)
                if !matches!(
                    r.code.class(),
                    ReplyClass::TransientNegative | ReplyClass::PermanentNegative
                ) =>
            {
                return Err(UsageError::WrongReplyClass {
                    expected: "negative (4xx or 5xx)",
                    code: r.code.get(),
                });
            }
            _ => {}
        }
        // Check the reply can be written before changing anything.
        let given = match &answer {
            Answer::Accept(r) => r.as_ref(),
            Answer::Reject(r) => Some(r),
        };
        if let Some(r) = given {
            r.encode(&mut Vec::new())?;
        }
        let pending = self.pending.take().ok_or(UsageError::NothingPending)?;
        match (pending, answer) {
            (Pending::Hello { extended }, Answer::Accept(None)) => {
                let had = self.reset_transaction();
                self.session.hello = Some(extended);
                let reply = if extended {
                    self.ehlo_reply()
                } else {
                    self.helo_reply()
                };
                self.send(&reply);
                if had {
                    self.queued = Some(Event::TransactionReset);
                }
            }
            (p @ (Pending::Hello { .. } | Pending::AuthRequest(_)), Answer::Accept(Some(_))) => {
                let name = p.name();
                self.pending = Some(p);
                return Err(UsageError::WrongDecision { pending: name });
            }
            (Pending::Mail { body, smtputf8 }, Answer::Accept(reply)) => {
                self.session.transaction = Some(Transaction {
                    body,
                    smtputf8,
                    ..Transaction::default()
                });
                self.send(&reply.unwrap_or_else(|| Reply::new(ReplyCode::OK, "2.1.0 Sender OK")));
            }
            (Pending::Rcpt, Answer::Accept(reply)) => {
                if let Some(t) = self.session.transaction.as_mut() {
                    t.recipients += 1;
                }
                self.send(
                    &reply.unwrap_or_else(|| Reply::new(ReplyCode::OK, "2.1.5 Recipient OK")),
                );
            }
            (Pending::Verify, Answer::Accept(reply)) => {
                self.send(&reply.unwrap_or_else(|| {
                    Reply::new(
                        ReplyCode::CANNOT_VRFY,
                        "2.5.0 Cannot VRFY user, but will accept message and attempt delivery",
                    )
                }));
            }
            (Pending::MessageEnd { remaining }, answer) => {
                let reply = match answer {
                    Answer::Accept(reply) => {
                        reply.unwrap_or_else(|| Reply::new(ReplyCode::OK, "2.0.0 Message accepted"))
                    }
                    Answer::Reject(reply) => reply,
                };
                self.send(&reply);
                if remaining > 1 {
                    self.pending = Some(Pending::MessageEnd {
                        remaining: remaining - 1,
                    });
                } else {
                    self.reset_transaction();
                }
            }
            (
                Pending::AuthStart {
                    mechanism,
                    initial_response,
                },
                Answer::Accept(None),
            ) => {
                if !matches!(
                    mechanism,
                    mail_sasl::Mechanism::Plain
                        | mail_sasl::Mechanism::Login
                        | mail_sasl::Mechanism::XOAuth2
                        | mail_sasl::Mechanism::OAuthBearer
                ) {
                    self.pending = Some(Pending::AuthStart {
                        mechanism,
                        initial_response,
                    });
                    return Err(UsageError::WrongDecision {
                        pending: "AuthStart (needs accept_auth with a nonce)",
                    });
                }
                return self.start_auth(mechanism, initial_response.as_deref(), "");
            }
            (p @ Pending::AuthRequest(_), _) => {
                self.pending = Some(p);
                return Err(UsageError::WrongDecision {
                    pending: "AuthRequest (answer with answer_auth)",
                });
            }
            (_, Answer::Reject(reply)) => {
                self.send(&reply);
            }
            (p, Answer::Accept(Some(_))) => {
                let name = p.name();
                self.pending = Some(p);
                return Err(UsageError::WrongDecision { pending: name });
            }
        }
        Ok(())
    }

    /// Starts the SASL exchange of an accepted `AuthStart`.
    pub(super) fn start_auth(
        &mut self,
        mechanism: mail_sasl::Mechanism,
        initial_response: Option<&[u8]>,
        nonce: &str,
    ) -> Result<(), UsageError> {
        let sasl = mail_sasl::ServerConfig::new(&self.config.hostname);
        let mut server = match mail_sasl::ServerMechanism::new(&mechanism, &sasl, nonce) {
            Ok(server) => Box::new(server),
            Err(_) => {
                self.pending = Some(Pending::AuthStart {
                    mechanism,
                    initial_response: initial_response.map(<[u8]>::to_vec),
                });
                return Err(UsageError::InvalidNonce);
            }
        };
        let step = server.start(initial_response);
        self.queue_adv(|core| core.sasl_step(server, step));
        Ok(())
    }

    /// Passes the application's answer to the SASL request.
    pub(super) fn answer_auth(&mut self, answer: mail_sasl::Answer) -> Result<(), UsageError> {
        match self.pending.take() {
            Some(Pending::AuthRequest(mut server)) => {
                let step = server.answer(answer);
                self.queue_adv(|core| core.sasl_step(server, step));
                Ok(())
            }
            Some(p) => {
                let name = p.name();
                self.pending = Some(p);
                Err(UsageError::WrongDecision { pending: name })
            }
            None => Err(UsageError::NothingPending),
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
