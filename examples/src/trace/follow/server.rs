//! The server side: replies, matched in order to what is in flight, and what each reply
//! changes in the session.

use smtp_proto::data::Unstuffer;
use smtp_proto::reply::{EhloReply, Parsed, Reply, ReplyCode};

use super::check::{BARE_LF, REPLY_OPTIONS, ehlo_roundtrip, has_bare_lf, reply_roundtrip};
use super::client::BODY_POLICY;
use super::{C, Follower, Kind, Mode, S};

impl<'t> Follower<'t> {
    /// Decodes the next reply, if its bytes are there; `true` on progress.
    pub(super) fn server_step(&mut self) -> bool {
        let input = self.pending_input(S);
        if input.is_empty() {
            return false;
        }
        let start = self.pos(S);
        let at = self.line_at(S, start);
        match Reply::parse_with(input, &REPLY_OPTIONS) {
            Ok(Parsed::Incomplete) => false,
            Ok(Parsed::Complete { value, consumed }) => {
                *self.pos_mut(S) += consumed;
                self.reply(&value, input.get(..consumed).unwrap_or_default(), at);
                true
            }
            Err(error) => {
                // Skip to the end of the line that holds the error — once it has arrived, so
                // that the result does not depend on how the stream was cut.
                let from = error.offset().min(input.len());
                let lf = input
                    .get(from..)
                    .and_then(|rest| rest.iter().position(|&b| b == b'\n'));
                let end = match lf {
                    Some(i) => from + i + 1,
                    None if self.at_end => input.len(),
                    None => return false,
                };
                *self.pos_mut(S) += end;
                let mut text = error.to_string();
                let error_line = self.line_at(S, start + from);
                if error_line != at {
                    text.push_str(&format!(" (transcript line {error_line})"));
                }
                self.settle_head();
                if !self.queue.is_empty() {
                    // Taken as the (failed) reply to what is in flight.
                    let target = self.answer(None);
                    text = format!("reply to {target}: {text}");
                }
                self.err(at, S, text);
                true
            }
        }
    }

    /// LMTP entries learn how many replies they get when they reach the head of the queue
    /// (all replies before them have been seen then).
    pub(super) fn settle_head(&mut self) {
        while let Some(head) = self.queue.front_mut() {
            if let Some((_, total @ None)) = &mut head.recipients {
                // One reply per accepted recipient; with none accepted the command fails with
                // one reply (RFC 2033 §4.2: 503).
                *total = Some(self.accepted.max(1));
            }
            if !matches!(head.recipients, Some((_, Some(0)))) {
                break;
            }
            self.queue.pop_front();
            self.accepted = 0;
        }
    }

    fn reply(&mut self, reply: &Reply<'_>, raw: &[u8], at: usize) {
        let mut problems = Vec::new();
        if has_bare_lf(raw) {
            problems.push(BARE_LF.to_owned());
        }
        if self.options.roundtrip {
            problems.extend(reply_roundtrip(reply));
        }
        let code = reply.code;
        let mut name = code.to_string();
        if let Some(enhanced) = reply.enhanced {
            name.push_str(&format!(" {enhanced}"));
        }
        self.settle_head();
        let Some(head) = self.queue.front() else {
            if code == ReplyCode::SERVICE_NOT_AVAILABLE {
                // RFC 5321 §3.8: a server may send 421 at any time before closing.
                name.push_str(" unsolicited");
            } else {
                problems.insert(0, "reply with no command in flight".to_owned());
            }
            return self.report(at, S, name, &problems);
        };
        let kind = head.kind;
        if code.is_positive_intermediate()
            && !matches!(kind, Kind::Data | Kind::Auth | Kind::AuthData)
        {
            problems.push(format!(
                "{code} does not answer {}: only DATA (354) and AUTH (334) get intermediate \
                 replies (RFC 5321 §4.3.2, RFC 4954 §4)",
                head.name
            ));
        }
        if kind == Kind::Data
            && code == ReplyCode::START_MAIL_INPUT
            && self.lmtp()
            && self.accepted == 0
        {
            problems.push("354 with no accepted recipient (RFC 2033 §4.2: 503)".to_owned());
        }
        let target = self.answer(Some(code));
        name = format!("{name} {target}");
        match kind {
            Kind::Hello { extended: true } if code == ReplyCode::OK => {
                self.capabilities(reply, &mut name, &mut problems);
            }
            Kind::StartTls if code == ReplyCode::SERVICE_READY => name.push_str(" (TLS starts)"),
            _ => {}
        }
        self.report(at, S, name, &problems);
    }

    /// Reads the answer to EHLO / LHLO into capabilities and names them.
    fn capabilities(&mut self, reply: &Reply<'_>, name: &mut String, problems: &mut Vec<String>) {
        let Ok(ehlo) = EhloReply::from_reply(reply.clone()) else {
            return;
        };
        let caps = &ehlo.capabilities;
        let n = caps.len();
        name.push_str(&format!(
            " {n} {}",
            if n == 1 { "capability" } else { "capabilities" }
        ));
        if n > 0 {
            let keywords: Vec<String> = caps.iter().map(|c| c.keyword().to_owned()).collect();
            name.push_str(&format!(": {}", keywords.join(" ")));
        }
        self.smtputf8 = caps.supports("SMTPUTF8");
        if self.tls && caps.supports("STARTTLS") {
            problems.push("STARTTLS offered again under TLS (RFC 3207 §4.2)".to_owned());
        }
        if self.options.roundtrip {
            problems.extend(ehlo_roundtrip(&ehlo));
        }
    }

    /// The head of the queue got a reply (`None`: one that did not parse, taken as a
    /// failure). Returns the name of what it answered; updates the session.
    fn answer(&mut self, code: Option<ReplyCode>) -> String {
        let Some(head) = self.queue.front_mut() else {
            return String::new();
        };
        let kind = head.kind;
        let mut name = head.name.clone();
        if let Some((done, Some(total))) = &mut head.recipients {
            *done += 1;
            name = format!("{name} recipient {done}/{total}");
            if *done < *total {
                return name;
            }
        }
        self.queue.pop_front();
        let is = |expected: ReplyCode| code == Some(expected);
        match kind {
            Kind::Greeting | Kind::Other => {}
            Kind::Hello { .. } | Kind::Mail | Kind::Rset | Kind::Body => self.accepted = 0,
            Kind::Bdat { last } => {
                if last {
                    self.accepted = 0;
                }
            }
            Kind::Rcpt => {
                if code.is_some_and(ReplyCode::is_positive_completion) {
                    self.accepted += 1;
                }
            }
            Kind::Data => {
                self.sent_too_early("DATA");
                self.client = if is(ReplyCode::START_MAIL_INPUT) {
                    Mode::Body {
                        unstuffer: Unstuffer::new(BODY_POLICY),
                        start: self.pos(C),
                    }
                } else {
                    Mode::Commands
                };
            }
            Kind::Auth | Kind::AuthData => {
                self.sent_too_early(&name);
                self.client = if is(ReplyCode::AUTH_CHALLENGE) {
                    Mode::Sasl
                } else {
                    Mode::Commands
                };
            }
            Kind::StartTls => {
                if is(ReplyCode::SERVICE_READY) {
                    self.start_tls();
                } else {
                    self.sent_too_early("STARTTLS");
                    self.client = Mode::Commands;
                }
            }
        }
        name
    }

    /// `220` to `STARTTLS`: what follows is a new session under TLS (RFC 3207 §4.2).
    fn start_tls(&mut self) {
        let held = self.pending_input(C).len();
        if held > 0 {
            let line = self.line_at(C, self.pos(C));
            self.err(
                line,
                C,
                format!(
                    "{held} bytes sent after STARTTLS before the server's 220: plaintext that \
                     must not reach the TLS session (RFC 3207 §4.2), skipped"
                ),
            );
            *self.pos_mut(C) += held;
        }
        self.queue.clear();
        self.client = Mode::Commands;
        self.accepted = 0;
        self.smtputf8 = false;
        self.tls = true;
    }
}
