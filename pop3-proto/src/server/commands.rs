//! Answering command lines: the states of RFC 1939 §§4-7 and the extensions (RFC 2449 `CAPA`,
//! RFC 2595 `STLS`, RFC 5034 `AUTH`, RFC 6856 `UTF8` and `LANG`).
//!
//! Each command is checked against the state and the configuration; what breaks a rule gets
//! `-ERR` at once. What needs the application's judgement (a login, a message's content, the
//! commit of deletions) becomes a decision event; everything the maildrop listing answers
//! (`STAT`, `LIST`, `UIDL`, `DELE`, `RSET`) the machine answers itself.

use crate::command::{Command, LanguageRange, MessageNumber, Verb};
use crate::response::{Capability, ResponseCode, ScanListing, UniqueIdListing};

use super::Adv;
use super::event::Event;
use super::maildrop::Missing;
use super::session::{Core, Pending, State, messages};

impl Core {
    /// Handles one command line (without its line break). `input_len` is the length of the
    /// whole receive buffer (`STLS` discards everything after its line).
    pub(super) fn command<'i>(&mut self, line: &'i [u8], input_len: usize) -> Adv<'i> {
        let command = match Command::parse(line) {
            Ok(command) => command,
            Err(e) => {
                let text = match e.verb() {
                    Some(verb) => format!("Invalid arguments to {verb}"),
                    None => "Unknown command".to_owned(),
                };
                return Adv::Event(self.refuse(e.verb(), &text));
            }
        };
        let verb = command.verb();
        match (self.state, command) {
            (_, Command::Capa) => {
                self.capa();
                Adv::Continue
            }
            (State::Transaction, Command::Noop) => {
                self.ok("");
                Adv::Continue
            }
            (_, Command::Lang { range }) if self.config.lang => {
                self.lang(range.as_ref());
                Adv::Continue
            }
            (State::Authorization, Command::Quit) => {
                let text = format!("{} POP3 server signing off", self.config.hostname);
                self.ok(&text);
                self.closing = true;
                Adv::Continue
            }
            (State::Authorization, Command::Stls) => self.stls(input_len),
            (State::Authorization, Command::Utf8) if self.config.utf8 => {
                self.utf8 = true;
                self.ok("UTF8 enabled");
                Adv::Continue
            }
            (State::Authorization, Command::User { name }) => {
                if !self.config.user_pass {
                    return Adv::Event(self.refuse(verb, "USER not supported"));
                }
                if !self.plaintext_allowed() {
                    return Adv::Event(self.plaintext_refused(verb));
                }
                self.user = None;
                self.pending = Some(Pending::User {
                    name: name.as_str().to_owned(),
                });
                Adv::Event(Event::User { name })
            }
            (State::Authorization, Command::Pass { password }) => {
                if !self.config.user_pass {
                    return Adv::Event(self.refuse(verb, "PASS not supported"));
                }
                if !self.plaintext_allowed() {
                    return Adv::Event(self.plaintext_refused(verb));
                }
                let Some(user) = self.user.take() else {
                    return Adv::Event(self.refuse(verb, "No USER given"));
                };
                self.pending = Some(Pending::Login { user: user.clone() });
                Adv::Event(Event::Login { user, password })
            }
            (State::Authorization, Command::Apop { name, digest }) => {
                let Some(timestamp) = self.config.timestamp().map(str::to_owned) else {
                    return Adv::Event(self.refuse(verb, "APOP not supported"));
                };
                self.user = None;
                self.pending = Some(Pending::Login {
                    user: name.as_str().to_owned(),
                });
                Adv::Event(Event::Apop {
                    user: name,
                    digest,
                    timestamp,
                })
            }
            (
                State::Authorization,
                Command::Auth {
                    mechanism,
                    initial_response,
                },
            ) => {
                if !self.config.sasl_mechanisms.contains(&mechanism) || !mechanism.is_implemented()
                {
                    return Adv::Event(self.refuse(verb, "Unsupported authentication mechanism"));
                }
                if !self.mechanism_offered(&mechanism) {
                    return Adv::Event(self.plaintext_refused(verb));
                }
                let initial_response = match initial_response.map(|ir| ir.decode()) {
                    None => None,
                    Some(Some(data)) => Some(data),
                    Some(None) => {
                        return Adv::Event(self.refuse(verb, "Invalid initial response"));
                    }
                };
                self.user = None;
                self.pending = Some(Pending::AuthStart {
                    mechanism: mechanism.clone(),
                    initial_response,
                });
                Adv::Event(Event::AuthStart { mechanism })
            }
            (State::Transaction, Command::Stat) => {
                let stat = self.maildrop.stat();
                self.send(&stat.status_line());
                Adv::Continue
            }
            (State::Transaction, Command::List { message: None }) => {
                let stat = self.maildrop.stat();
                let text = format!("{} ({} octets)", messages(stat.count), stat.size);
                self.ok(&text);
                let mut out = std::mem::take(&mut self.output);
                for (message, m) in self.maildrop.visible() {
                    ScanListing {
                        message,
                        size: m.size,
                    }
                    .encode(&mut out);
                }
                out.extend_from_slice(b".\r\n");
                self.output = out;
                Adv::Continue
            }
            (State::Transaction, Command::List { message: Some(n) }) => {
                match self.maildrop.get(n) {
                    Ok(m) => {
                        let line = ScanListing {
                            message: n,
                            size: m.size,
                        }
                        .status_line();
                        self.send(&line);
                        Adv::Continue
                    }
                    Err(missing) => self.missing(verb, n, missing, true),
                }
            }
            (State::Transaction, Command::Uidl { message: None }) => {
                self.ok("");
                let mut out = std::mem::take(&mut self.output);
                for (message, m) in self.maildrop.visible() {
                    UniqueIdListing {
                        message,
                        uid: m.uid.clone(),
                    }
                    .encode(&mut out);
                }
                out.extend_from_slice(b".\r\n");
                self.output = out;
                Adv::Continue
            }
            (State::Transaction, Command::Uidl { message: Some(n) }) => {
                match self.maildrop.get(n) {
                    Ok(m) => {
                        let line = UniqueIdListing {
                            message: n,
                            uid: m.uid.clone(),
                        }
                        .status_line();
                        self.send(&line);
                        Adv::Continue
                    }
                    Err(missing) => self.missing(verb, n, missing, true),
                }
            }
            (State::Transaction, Command::Retr { message }) => self.retrieve(message, None),
            (State::Transaction, Command::Top { message, lines }) => {
                self.retrieve(message, Some(lines))
            }
            (State::Transaction, Command::Dele { message }) => match self.maildrop.get(message) {
                Ok(_) => {
                    self.maildrop.delete(message);
                    self.ok(&format!("message {message} deleted"));
                    Adv::Continue
                }
                Err(missing) => self.missing(verb, message, missing, false),
            },
            (State::Transaction, Command::Rset) => {
                self.maildrop.reset();
                let stat = self.maildrop.stat();
                let text = format!(
                    "maildrop has {} ({} octets)",
                    messages(stat.count),
                    stat.size
                );
                self.ok(&text);
                Adv::Continue
            }
            (State::Transaction, Command::Quit) => {
                self.state = State::Update;
                self.pending = Some(Pending::Update);
                Adv::Event(Event::Update {
                    deleted: self.maildrop.deleted(),
                })
            }
            (_, Command::Lang { .. }) | (State::Authorization, Command::Utf8) => {
                Adv::Event(self.refuse(verb, "Command not supported"))
            }
            (State::Transaction, Command::Stls) if self.tls => {
                Adv::Event(self.refuse(verb, "Command not permitted when TLS active"))
            }
            (_, Command::Unknown { .. }) => Adv::Event(self.refuse(None, "Unknown command")),
            (State::Authorization, _) => {
                Adv::Event(self.refuse(verb, "Command not valid in the AUTHORIZATION state"))
            }
            (_, _) => Adv::Event(self.refuse(verb, "Command not valid in the TRANSACTION state")),
        }
    }

    /// `-ERR` for a message number that names no usable message (RFC 1939 §§5, 7 wording).
    fn missing<'i>(
        &mut self,
        verb: Option<Verb>,
        n: MessageNumber,
        missing: Missing,
        count: bool,
    ) -> Adv<'i> {
        let text = match missing {
            Missing::Deleted => format!("message {n} already deleted"),
            Missing::NoSuchMessage if count => format!(
                "no such message, only {} in maildrop",
                messages(self.maildrop.stat().count)
            ),
            Missing::NoSuchMessage => "no such message".to_owned(),
        };
        Adv::Event(self.refuse(verb, &text))
    }

    /// `RETR` / `TOP`: ask the application for the content.
    fn retrieve<'i>(&mut self, message: MessageNumber, lines: Option<u32>) -> Adv<'i> {
        let verb = Some(if lines.is_some() {
            Verb::Top
        } else {
            Verb::Retr
        });
        let size = match self.maildrop.get(message) {
            Ok(m) => m.size,
            Err(missing) => return self.missing(verb, message, missing, false),
        };
        self.pending = Some(Pending::Retrieve {
            stuffer: lines.map_or_else(crate::body::Stuffer::new, crate::body::Stuffer::top),
            started: false,
            size,
            top: lines.is_some(),
        });
        Adv::Event(Event::Retrieve {
            message,
            lines,
            size,
        })
    }

    /// `-ERR [AUTH]` for a plaintext login without TLS (RFC 2595 §2.3).
    fn plaintext_refused<'i>(&mut self, verb: Option<Verb>) -> Event<'i> {
        let status = Self::err_line(
            Some(ResponseCode::Auth),
            "Plaintext authentication disallowed without TLS".to_owned(),
        );
        self.error(verb, status)
    }

    /// `STLS` (RFC 2595 §4).
    fn stls<'i>(&mut self, input_len: usize) -> Adv<'i> {
        if self.tls {
            return Adv::Event(
                self.refuse(Some(Verb::Stls), "Command not permitted when TLS active"),
            );
        }
        if !self.config.stls {
            return Adv::Event(self.refuse(Some(Verb::Stls), "STLS not supported"));
        }
        self.ok("Begin TLS negotiation");
        self.starttls = true;
        // Nothing after STLS is read in the clear (RFC 2595 §4, no plaintext injection).
        self.pos = input_len;
        Adv::Continue
    }

    /// The `CAPA` response for the current state (RFC 2449 §5).
    fn capa(&mut self) {
        let config = &self.config;
        let auth = self.state == State::Authorization;
        let mut caps = vec![Capability::Top];
        if auth && config.user_pass && self.plaintext_allowed() {
            caps.push(Capability::User);
        }
        let mechanisms: Vec<_> = config
            .sasl_mechanisms
            .iter()
            .filter(|m| self.mechanism_offered(m))
            .cloned()
            .collect();
        if auth && !mechanisms.is_empty() {
            caps.push(Capability::Sasl(mechanisms));
        }
        caps.push(Capability::RespCodes);
        if let Some(seconds) = config.login_delay {
            caps.push(Capability::LoginDelay {
                seconds,
                per_user: false,
            });
        }
        if config.pipelining {
            caps.push(Capability::Pipelining);
        }
        if let Some(policy) = config.expire {
            caps.push(Capability::Expire {
                policy,
                per_user: false,
            });
        }
        caps.push(Capability::Uidl);
        if let Some(text) = &config.implementation {
            caps.push(Capability::Implementation(
                crate::response::Text::lossy(text).into_owned(),
            ));
        }
        if auth && config.stls && !self.tls {
            caps.push(Capability::Stls);
        }
        if config.auth_resp_code {
            caps.push(Capability::AuthRespCode);
        }
        if config.utf8 {
            caps.push(Capability::Utf8 { user: true });
        }
        if config.lang {
            caps.push(Capability::Lang);
        }
        let text = config.capa_text.clone();
        self.ok(&text);
        let mut out = std::mem::take(&mut self.output);
        for cap in &caps {
            // Built from checked values; one that does not encode is left out.
            let _ = cap.encode(&mut out);
        }
        out.extend_from_slice(b".\r\n");
        self.output = out;
    }

    /// `LANG` (RFC 6856 §3) with the one language this server speaks.
    fn lang(&mut self, range: Option<&LanguageRange<'_>>) {
        match range {
            None => {
                self.ok("Language listing follows");
                self.output.extend_from_slice(b"en English\r\n.\r\n");
            }
            Some(r) => {
                let tag = r.as_str();
                let en = tag == "*"
                    || tag.eq_ignore_ascii_case("en")
                    || tag.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("en-"));
                if en {
                    self.ok("en Language is English");
                } else {
                    let status = Self::err_line(None, format!("invalid language {tag}"));
                    self.send(&status);
                }
            }
        }
    }
}
