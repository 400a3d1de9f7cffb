//! Answering command lines: the session rules of RFC 5321 §4.1.4 and the extensions.
//!
//! Each command is checked against the session's state and the configuration; what breaks a
//! rule gets the RFC's reply at once. What passes and needs the application's judgement (a
//! greeting, a sender, a recipient, an authentication) becomes a decision event.

use base64::Engine as _;

use crate::command::{
    Body, ClientName, Command, MailParameters, ParseOptions, RcptParameters, Verb,
};
use crate::data::{BdatReader, Unstuffer};
use crate::reply::{Reply, ReplyCode};

use mail_message::envelope::{ForwardPath, ReversePath};

use super::Adv;
use super::event::Event;
use super::session::{Core, Pending, Phase};

/// Help text for `HELP` (RFC 5321 §4.1.1.8).
const HELP: &str =
    "2.0.0 Commands: HELO EHLO LHLO MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY HELP STARTTLS AUTH";

/// A reply whose text starts with an enhanced status code.
fn reply(code: ReplyCode, text: &'static str) -> Reply<'static> {
    Reply::new(code, text)
}

impl Core {
    /// Handles one command line (without its line break). `input_len` is the length of the
    /// whole receive buffer (`STARTTLS` discards everything after its line).
    pub(super) fn command<'i>(&mut self, line: &'i [u8], input_len: usize) -> Adv<'i> {
        let options = ParseOptions::new()
            .with_smtputf8(self.config.extensions.smtputf8)
            .with_lmtp(self.lmtp());
        let command = match Command::parse(line, &options) {
            Ok(command) => command,
            Err(e) => {
                let code = ReplyCode::new(e.reply_code()).unwrap_or(ReplyCode::SYNTAX_ERROR);
                let (class, subject, detail) = e.enhanced_status();
                let text = code.description().unwrap_or("Syntax error");
                let reply = Reply::new(code, format!("{class}.{subject}.{detail} {text}"));
                return Adv::Event(self.error(e.verb(), reply));
            }
        };
        if self.refusing {
            return match command {
                Command::Quit => self.quit(),
                other => {
                    let r = reply(ReplyCode::BAD_SEQUENCE, "5.5.1 No service here, only QUIT");
                    Adv::Event(self.error(other.verb(), r))
                }
            };
        }
        match command {
            Command::Helo { name } => self.hello(name, false),
            Command::Ehlo { name } | Command::Lhlo { name } => self.hello(name, true),
            Command::Mail {
                reverse_path,
                parameters,
            } => self.mail(reverse_path, parameters),
            Command::Rcpt {
                forward_path,
                parameters,
            } => self.rcpt(forward_path, parameters),
            Command::Data => self.data_command(),
            Command::Bdat { size, last } => self.bdat_command(size, last),
            Command::Rset => {
                let had = self.reset_transaction();
                self.send(&reply(ReplyCode::OK, "2.0.0 OK"));
                if had {
                    Adv::Event(Event::TransactionReset)
                } else {
                    Adv::Continue
                }
            }
            Command::Noop(_) => {
                self.send(&reply(ReplyCode::OK, "2.0.0 OK"));
                Adv::Continue
            }
            Command::Vrfy { argument, .. } if self.config.vrfy => {
                self.pending = Some(Pending::Verify);
                Adv::Event(Event::Verify { argument })
            }
            Command::Vrfy { .. } | Command::Expn { .. } => {
                let r = reply(
                    ReplyCode::COMMAND_NOT_IMPLEMENTED,
                    "5.5.1 Command not available",
                );
                Adv::Event(self.error(command.verb(), r))
            }
            Command::Help(_) => {
                self.send(&reply(ReplyCode::HELP_MESSAGE, HELP));
                Adv::Continue
            }
            Command::Quit => self.quit(),
            Command::StartTls => self.starttls(input_len),
            Command::Auth {
                mechanism,
                initial_response,
            } => {
                let decoded = initial_response.map(|r| r.decode());
                self.auth_command(mechanism.as_str(), decoded)
            }
            Command::Unknown { .. } => Adv::Event(self.error(
                None,
                reply(ReplyCode::SYNTAX_ERROR, "5.5.2 Command not recognized"),
            )),
        }
    }

    fn quit<'i>(&mut self) -> Adv<'i> {
        let bye = Reply::new(
            ReplyCode::SERVICE_CLOSING,
            format!("2.0.0 {} closing connection", self.config.hostname),
        );
        self.send(&bye);
        self.closing = true;
        Adv::Continue
    }

    fn hello<'i>(&mut self, name: ClientName<'i>, extended: bool) -> Adv<'i> {
        self.pending = Some(Pending::Hello { extended });
        Adv::Event(Event::Hello { name, extended })
    }

    /// The checks every transaction command shares: a greeting first, then TLS and AUTH as the
    /// configuration demands (RFC 3207 §4, RFC 4954 §6).
    fn transaction_allowed(&self) -> Result<(), Reply<'static>> {
        if self.session.hello.is_none() {
            return Err(match self.lmtp() {
                true => reply(ReplyCode::BAD_SEQUENCE, "5.5.1 Send LHLO first"),
                false => reply(ReplyCode::BAD_SEQUENCE, "5.5.1 Send HELO/EHLO first"),
            });
        }
        if self.config.require_tls && !self.session.tls {
            return Err(reply(
                ReplyCode::AUTH_REQUIRED,
                "5.7.0 Must issue a STARTTLS command first",
            ));
        }
        if self.config.require_auth && self.session.authenticated.is_none() {
            return Err(reply(
                ReplyCode::AUTH_REQUIRED,
                "5.7.0 Authentication required",
            ));
        }
        Ok(())
    }

    /// The `MAIL` parameters this server takes, given what it offers (RFC 5321 §4.1.1.11:
    /// `555` for the others).
    fn check_mail_parameters(&self, p: &MailParameters<'_>) -> Result<(), Reply<'static>> {
        let x = &self.config.extensions;
        let unsupported = reply(
            ReplyCode::PARAMETERS_NOT_RECOGNIZED,
            "5.5.4 Unsupported parameter",
        );
        let dsn = p.ret.is_some() || p.envid.is_some();
        let body_ok = match p.body {
            None | Some(Body::SevenBit) => true,
            Some(Body::EightBitMime) => x.eight_bit_mime,
            Some(Body::BinaryMime) => x.binary_mime && x.chunking,
        };
        if (p.size.is_some() && !x.size)
            || !body_ok
            || (p.smtputf8 && !x.smtputf8)
            || (dsn && !x.dsn)
            || (p.requiretls && !x.require_tls)
            || (p.auth.is_some() && self.config.auth_mechanisms.is_empty())
            || p.mt_priority.is_some()
            || p.deliver_by.is_some()
            || p.future_release.is_some()
            || !p.unknown.is_empty()
        {
            return Err(unsupported);
        }
        if p.requiretls && !self.session.tls {
            return Err(reply(
                ReplyCode::AUTH_REQUIRED,
                "5.7.10 REQUIRETLS needs a TLS session",
            ));
        }
        let max = self.config.limits.max_message_size;
        if p.size.is_some_and(|s| max > 0 && s > max) {
            return Err(reply(
                ReplyCode::EXCEEDED_STORAGE,
                "5.3.4 Message size exceeds fixed maximum message size",
            ));
        }
        Ok(())
    }

    fn mail<'i>(
        &mut self,
        reverse_path: ReversePath<'i>,
        parameters: MailParameters<'i>,
    ) -> Adv<'i> {
        let mut check = self.transaction_allowed();
        if check.is_ok() && self.session.transaction.is_some() {
            check = Err(reply(ReplyCode::BAD_SEQUENCE, "5.5.1 Nested MAIL command"));
        }
        if check.is_ok() {
            check = self.check_mail_parameters(&parameters);
        }
        if check.is_ok() && !reverse_path.is_ascii() && !parameters.smtputf8 {
            check = Err(reply(
                ReplyCode::MAILBOX_NAME_NOT_ALLOWED,
                "5.6.7 Non-ASCII address needs the SMTPUTF8 parameter",
            ));
        }
        if let Err(r) = check {
            return Adv::Event(self.error(Some(Verb::Mail), r));
        }
        self.pending = Some(Pending::Mail {
            body: parameters.body,
            smtputf8: parameters.smtputf8,
        });
        Adv::Event(Event::Mail {
            reverse_path,
            parameters,
        })
    }

    fn rcpt<'i>(
        &mut self,
        forward_path: ForwardPath<'i>,
        parameters: RcptParameters<'i>,
    ) -> Adv<'i> {
        let check = match &self.session.transaction {
            None => Err(reply(ReplyCode::BAD_SEQUENCE, "5.5.1 Need MAIL command")),
            Some(t) if t.recipients >= self.config.limits.max_recipients => Err(reply(
                ReplyCode::INSUFFICIENT_STORAGE,
                "4.5.3 Too many recipients",
            )),
            Some(_)
                if (parameters.notify.is_some() || parameters.orcpt.is_some())
                    && !self.config.extensions.dsn =>
            {
                Err(reply(
                    ReplyCode::PARAMETERS_NOT_RECOGNIZED,
                    "5.5.4 Unsupported parameter",
                ))
            }
            Some(_) if !parameters.unknown.is_empty() => Err(reply(
                ReplyCode::PARAMETERS_NOT_RECOGNIZED,
                "5.5.4 Unsupported parameter",
            )),
            Some(t) if !forward_path.is_ascii() && !t.smtputf8 => Err(reply(
                ReplyCode::MAILBOX_NAME_NOT_ALLOWED,
                "5.6.7 Non-ASCII address needs the SMTPUTF8 parameter",
            )),
            Some(_) => Ok(()),
        };
        if let Err(r) = check {
            return Adv::Event(self.error(Some(Verb::Rcpt), r));
        }
        self.pending = Some(Pending::Rcpt);
        Adv::Event(Event::Rcpt {
            forward_path,
            parameters,
        })
    }

    /// Why content cannot start now, if it cannot (RFC 5321 §3.3, RFC 3030 §2-3).
    fn content_refusal(&self, bdat: bool) -> Option<Reply<'static>> {
        let Some(t) = &self.session.transaction else {
            return Some(reply(ReplyCode::BAD_SEQUENCE, "5.5.1 Need MAIL command"));
        };
        if t.recipients == 0 {
            // RFC 5321 §3.3 allows 503 or 554; RFC 2033 §4.2 demands 503 in LMTP.
            let code = if self.lmtp() {
                ReplyCode::BAD_SEQUENCE
            } else {
                ReplyCode::TRANSACTION_FAILED
            };
            return Some(reply(code, "5.5.1 No valid recipients"));
        }
        if !bdat && t.bdat {
            return Some(reply(ReplyCode::BAD_SEQUENCE, "5.5.1 DATA after BDAT"));
        }
        if !bdat && t.body == Some(Body::BinaryMime) {
            return Some(reply(
                ReplyCode::BAD_SEQUENCE,
                "5.5.1 BINARYMIME needs BDAT",
            ));
        }
        None
    }

    fn data_command<'i>(&mut self) -> Adv<'i> {
        if let Some(r) = self.content_refusal(false) {
            return Adv::Event(self.error(Some(Verb::Data), r));
        }
        self.send(&Reply::new(
            ReplyCode::START_MAIL_INPUT,
            "End data with <CR><LF>.<CR><LF>",
        ));
        self.phase = Phase::Data {
            unstuffer: Box::new(Unstuffer::new(self.config.bare_linebreaks)),
            discard: false,
        };
        Adv::Event(Event::MessageStart)
    }

    fn bdat_command<'i>(&mut self, size: u64, last: bool) -> Adv<'i> {
        // The chunk follows the command whatever the answer: it is always read (RFC 3030 §2).
        let refusal = if self.config.extensions.chunking {
            self.content_refusal(true)
        } else {
            Some(reply(
                ReplyCode::COMMAND_NOT_IMPLEMENTED,
                "5.5.1 Command not implemented",
            ))
        };
        let reader = BdatReader::new(size, last);
        if let Some(refusal) = refusal {
            self.phase = Phase::Bdat {
                reader,
                discard: true,
                refusal: Some(refusal),
            };
            return Adv::Continue;
        }
        let max = self.config.limits.max_message_size;
        let (first, too_big) = match self.session.transaction.as_mut() {
            Some(t) => {
                let first = !t.bdat;
                t.bdat = true;
                t.bdat_size = t.bdat_size.saturating_add(size);
                t.too_big |= max > 0 && t.bdat_size > max;
                (first, t.too_big)
            }
            None => (false, true),
        };
        self.phase = Phase::Bdat {
            reader,
            discard: too_big,
            refusal: None,
        };
        if first {
            Adv::Event(Event::MessageStart)
        } else {
            Adv::Continue
        }
    }

    fn starttls<'i>(&mut self, input_len: usize) -> Adv<'i> {
        let refusal = if !self.config.starttls {
            Some(reply(
                ReplyCode::COMMAND_NOT_IMPLEMENTED,
                "5.5.1 Command not implemented",
            ))
        } else if self.session.tls {
            Some(reply(ReplyCode::BAD_SEQUENCE, "5.5.1 TLS already active"))
        } else {
            None
        };
        if let Some(r) = refusal {
            return Adv::Event(self.error(Some(Verb::StartTls), r));
        }
        self.send(&reply(ReplyCode::SERVICE_READY, "2.0.0 Ready to start TLS"));
        // Nothing the client sent after STARTTLS in the clear may be taken as protected input.
        self.pos = input_len;
        self.starttls = true;
        Adv::Continue
    }

    fn auth_command<'i>(&mut self, mechanism: &str, initial: Option<Vec<u8>>) -> Adv<'i> {
        let mechanism = mail_sasl::Mechanism::from_bytes(mechanism.as_bytes()).ok();
        let refusal = if self.config.auth_mechanisms.is_empty() {
            Some(reply(
                ReplyCode::COMMAND_NOT_IMPLEMENTED,
                "5.5.1 Authentication not enabled",
            ))
        } else if self.session.hello != Some(true) {
            Some(reply(ReplyCode::BAD_SEQUENCE, "5.5.1 Send EHLO first"))
        } else if self.session.authenticated.is_some() {
            Some(reply(
                ReplyCode::BAD_SEQUENCE,
                "5.5.1 Already authenticated",
            ))
        } else if self.session.transaction.is_some() {
            Some(reply(
                ReplyCode::BAD_SEQUENCE,
                "5.5.1 Mail transaction in progress",
            ))
        } else if !self.session.tls && !self.config.auth_without_tls {
            Some(reply(
                ReplyCode::ENCRYPTION_REQUIRED,
                "5.7.11 Encryption required for requested authentication mechanism",
            ))
        } else if !mechanism
            .as_ref()
            .is_some_and(|m| self.config.auth_mechanisms.contains(m))
        {
            Some(reply(
                ReplyCode::PARAMETER_NOT_IMPLEMENTED,
                "5.5.4 Unrecognized authentication type",
            ))
        } else {
            None
        };
        match (refusal, mechanism) {
            (None, Some(mechanism)) => {
                self.pending = Some(Pending::AuthStart {
                    mechanism: mechanism.clone(),
                    initial_response: initial,
                });
                Adv::Event(Event::AuthStart { mechanism })
            }
            (r, _) => {
                let r = r.unwrap_or_else(|| {
                    reply(
                        ReplyCode::PARAMETER_NOT_IMPLEMENTED,
                        "5.5.4 Unrecognized authentication type",
                    )
                });
                Adv::Event(self.error(Some(Verb::Auth), r))
            }
        }
    }
}

/// Encodes a SASL challenge for a `334` line (RFC 4954 §4).
pub(super) fn challenge_text(data: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(data)
}
