//! The client side: commands (with their literals), SASL data lines and `DONE`.

use imap_proto::command::{AuthenticateResponse, Command, CommandBody, CommandErrorKind, Done};

use super::check::{BARE_LF, command_name, command_roundtrip, tag_may_be_shown, verb_of_line};
use super::{C, ClientMode, Follower, Kind, Message, Pending, Step};

/// The next complete line, LF included, and whether it ends in a bare LF.
fn take_line(input: &[u8]) -> Option<(&[u8], bool)> {
    let lf = memchr::memchr(b'\n', input)?;
    let raw = input.get(..=lf)?;
    Some((raw, !raw.ends_with(b"\r\n")))
}

impl<'t> Follower<'t> {
    /// Decodes the next client message, or piece of one, if its bytes are there; `true` on
    /// progress.
    pub(super) fn client_step(&mut self) -> bool {
        match self.client {
            ClientMode::Literal | ClientMode::Await(_) => false,
            ClientMode::Commands => match self.frame_step(C) {
                Step::Wait => false,
                Step::Progress { sync_literal } => {
                    if sync_literal {
                        // RFC 9051 §4.3: the data waits for the server's "+".
                        self.client = ClientMode::Literal;
                    }
                    true
                }
                Step::Message(m) => {
                    self.command(m);
                    true
                }
            },
            ClientMode::Sasl => self.sasl_line(),
            ClientMode::Done => self.done_line(),
        }
    }

    /// A whole command message, literals included.
    fn command(&mut self, m: Message) {
        let bytes = self
            .t
            .stream(C)
            .get(m.start..self.pos(C))
            .unwrap_or_default();
        let mut problems = Vec::new();
        if m.bare_lf {
            problems.push(BARE_LF.to_owned());
        }
        let (command, rest) = match Command::parse(bytes) {
            Ok(parsed) => parsed,
            Err(error) => {
                let name = verb_of_line(bytes);
                let unknown = matches!(error.kind, CommandErrorKind::UnknownCommand);
                let shown = if unknown && name != "command" {
                    format!("{name} (unknown command)")
                } else {
                    problems.insert(0, format!("{error} (a server answers BAD)"));
                    name.clone()
                };
                self.report(m.line, C, shown, &problems);
                if let Some(tag) = error.tag {
                    // The server answers it all the same (RFC 9051 §7.1.3).
                    self.in_flight.push(Pending {
                        tag: tag.as_str().as_bytes().to_vec(),
                        name,
                        show_tag: tag_may_be_shown(bytes),
                        line: m.line,
                        kind: Kind::Other,
                    });
                }
                return;
            }
        };
        if !rest.is_empty() {
            problems.push(format!("{} bytes after the command", rest.len()));
        }
        if self.options.roundtrip {
            problems.extend(command_roundtrip(&command));
        }
        let kind = match command.body {
            CommandBody::Authenticate { .. } => Kind::Authenticate,
            CommandBody::Idle => Kind::Idle,
            CommandBody::StartTls => Kind::StartTls,
            _ => Kind::Other,
        };
        if kind == Kind::StartTls && self.tls {
            problems.push("TLS is already active (RFC 9051 §6.2.1: BAD)".to_owned());
        }
        let (name, short) = command_name(&command);
        self.report(m.line, C, name, &problems);
        self.in_flight.push(Pending {
            tag: command.tag.as_str().as_bytes().to_vec(),
            name: short,
            show_tag: true,
            line: m.line,
            kind,
        });
        if kind != Kind::Other {
            // What comes next depends on the server's answer.
            self.client = ClientMode::Await(kind);
        }
    }

    /// One line of SASL data during AUTHENTICATE (RFC 9051 §6.2.2): base64, or `*` to
    /// cancel. Its content is never shown.
    fn sasl_line(&mut self) -> bool {
        let Some((raw, bare_lf)) = take_line(self.pending_input(C)) else {
            return false;
        };
        let line = self.line_at(C, self.pos(C));
        self.advance(C, raw.len());
        let mut problems = Vec::new();
        if bare_lf {
            problems.push(BARE_LF.to_owned());
        }
        let name = match AuthenticateResponse::parse(raw) {
            Ok((AuthenticateResponse::Cancel, _)) => "AUTH-CANCEL",
            Ok((AuthenticateResponse::Data(_), _)) => "AUTH-DATA",
            Err(_) => {
                problems.push("not base64 (RFC 9051 §6.2.2)".to_owned());
                "AUTH-DATA"
            }
        };
        self.report(line, C, name.to_owned(), &problems);
        self.client = ClientMode::Await(Kind::Authenticate);
        true
    }

    /// The line that ends IDLE: `DONE` and nothing else (RFC 2177 §3).
    fn done_line(&mut self) -> bool {
        let Some((raw, bare_lf)) = take_line(self.pending_input(C)) else {
            return false;
        };
        let line = self.line_at(C, self.pos(C));
        self.advance(C, raw.len());
        let mut problems = Vec::new();
        if bare_lf {
            problems.push(BARE_LF.to_owned());
        }
        if Done::parse(raw).is_ok() {
            self.report(line, C, "DONE".to_owned(), &problems);
            self.client = ClientMode::Commands;
        } else {
            // Still idling: the server reads nothing but DONE.
            problems.insert(
                0,
                "while idling the client sends only DONE (RFC 2177 §3)".to_owned(),
            );
            self.report(line, C, "not DONE".to_owned(), &problems);
        }
        true
    }
}
