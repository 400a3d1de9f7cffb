//! The server side: responses, described by [`describe_response`] (the one place that reads
//! their grammar), tagged completions matched to the commands in flight, and what each
//! response changes in the session.

use super::check::{BARE_LF, tag_may_be_shown, verb_of_line};
use super::response::{ResponseKind, Status, describe_response, response_roundtrip};
use super::{C, ClientMode, Follower, Kind, Message, S, Step};

/// The problem of a first response that is no greeting.
const NOT_A_GREETING: &str = "the greeting is an untagged OK, PREAUTH or BYE (RFC 9051 §7.1)";

impl<'t> Follower<'t> {
    /// Decodes the next server response, or piece of one, if its bytes are there; `true` on
    /// progress.
    pub(super) fn server_step(&mut self) -> bool {
        match self.frame_step(S) {
            Step::Wait => false,
            Step::Progress { .. } => true,
            Step::Message(m) => {
                self.response(m);
                true
            }
        }
    }

    /// A whole response, literals included.
    fn response(&mut self, m: Message) {
        let bytes = self
            .t
            .stream(S)
            .get(m.start..self.pos(S))
            .unwrap_or_default();
        let mut problems = Vec::new();
        if m.bare_lf {
            problems.push(BARE_LF.to_owned());
        }
        let greeting = std::mem::take(&mut self.greeting);
        let mut described = match describe_response(bytes) {
            Ok(described) => described,
            Err(error) => {
                if greeting {
                    problems.push(NOT_A_GREETING.to_owned());
                }
                match error.tag {
                    Some(tag) if self.in_flight.iter().any(|p| p.tag == tag) => {
                        problems.insert(0, error.reason);
                        self.completion(m.line, tag, None, "", problems);
                    }
                    _ => {
                        problems.insert(0, error.reason);
                        self.report(m.line, S, "response".to_owned(), &problems);
                    }
                }
                return;
            }
        };
        problems.append(&mut described.problems);
        if self.options.roundtrip {
            problems.extend(response_roundtrip(bytes));
        }
        match described.kind {
            ResponseKind::Continuation => {
                if greeting {
                    problems.push(NOT_A_GREETING.to_owned());
                }
                self.continuation(m.line, problems);
            }
            ResponseKind::Untagged { status } => {
                let mut name = described.name;
                match (greeting, status) {
                    (true, Some(Status::Ok)) => name.push_str(" greeting"),
                    (true, Some(Status::Preauth)) => name.push_str(" greeting (authenticated)"),
                    (true, Some(Status::Bye)) => name.push_str(" greeting (service refused)"),
                    (true, _) => problems.push(NOT_A_GREETING.to_owned()),
                    (false, Some(Status::Preauth)) => {
                        problems.push("PREAUTH is only a greeting (RFC 9051 §7.1.4)".to_owned());
                    }
                    (false, _) => {}
                }
                self.report(m.line, S, name, &problems);
            }
            ResponseKind::Tagged { tag, status } => {
                if greeting {
                    problems.push(NOT_A_GREETING.to_owned());
                }
                self.completion(m.line, tag, Some(status), &described.name, problems);
            }
        }
    }

    /// `+`: a command continuation request, for whatever the client waits on.
    fn continuation(&mut self, line: usize, mut problems: Vec<String>) {
        let (what, next) = match self.client {
            ClientMode::Literal => ("literal", ClientMode::Commands),
            ClientMode::Await(Kind::Authenticate) => ("AUTHENTICATE", ClientMode::Sasl),
            ClientMode::Await(Kind::Idle) => ("IDLE", ClientMode::Done),
            _ => {
                problems.insert(
                    0,
                    "no command waits for a continuation request (RFC 9051 §7.6)".to_owned(),
                );
                return self.report(line, S, "+ continuation".to_owned(), &problems);
            }
        };
        self.report(line, S, format!("+ continuation ({what})"), &problems);
        let held = self.pending_input(C).len();
        if held > 0 && self.client == ClientMode::Literal {
            let at = self.line_at(C, self.pos(C));
            self.err(
                at,
                C,
                format!(
                    "{held} bytes sent before the continuation request for a synchronizing \
                     literal (RFC 9051 §4.3)"
                ),
            );
        } else {
            self.sent_too_early(what);
        }
        self.client = next;
    }

    /// A tagged completion (`status` `None`: one that does not parse, taken as a failure;
    /// its reason is then the first problem). `name` is what follows the tag: `OK [CODE]`.
    fn completion(
        &mut self,
        line: usize,
        tag: &[u8],
        status: Option<Status>,
        name: &str,
        mut problems: Vec<String>,
    ) {
        let shown = |head: String, rest: &str| {
            if status.is_some() {
                format!("{head} {name} {rest}")
            } else {
                format!("response to {head} {rest}")
            }
        };
        if let Some(i) = self.in_flight.iter().position(|p| p.tag == tag) {
            let pending = self.in_flight.remove(i);
            let ok = status == Some(Status::Ok);
            let mut text = shown(pending.shown_tag(), &pending.name);
            let awaiting = self.client == ClientMode::Await(pending.kind);
            match pending.kind {
                Kind::StartTls if ok => text.push_str(" (TLS starts)"),
                Kind::Authenticate | Kind::Idle | Kind::StartTls => {
                    let during = matches!(
                        (pending.kind, self.client),
                        (Kind::Authenticate, ClientMode::Sasl) | (Kind::Idle, ClientMode::Done)
                    );
                    if awaiting {
                        self.sent_too_early(&pending.name);
                    }
                    if awaiting || during {
                        self.client = ClientMode::Commands;
                    }
                }
                Kind::Other => {}
            }
            self.report(line, S, text, &problems);
            if pending.kind == Kind::StartTls && ok {
                self.start_tls();
            }
            return;
        }
        let refused = self.client == ClientMode::Literal
            && self
                .framers
                .first()
                .and_then(|f| f.tag())
                .is_some_and(|t| t.as_str().as_bytes() == tag);
        if refused {
            // The command's synchronizing literal is refused: the client sends no data
            // (RFC 9051 §4.3, §7.6).
            let [client_framer, _] = &mut self.framers;
            client_framer.reject_literal();
            let [client_message, _] = &mut self.messages;
            let m = client_message.take().unwrap_or_default();
            let bytes = self.t.stream(C).get(m.start..).unwrap_or_default();
            let verb = verb_of_line(bytes);
            let head = if tag_may_be_shown(bytes) {
                String::from_utf8_lossy(tag).into_owned()
            } else {
                "(tag not shown)".to_owned()
            };
            let mut command_problems = Vec::new();
            if m.bare_lf {
                command_problems.push(BARE_LF.to_owned());
            }
            self.report(
                m.line,
                C,
                format!("{verb} (literal not sent)"),
                &command_problems,
            );
            self.client = ClientMode::Commands;
            self.sent_too_early(&verb);
            let text = shown(head, &format!("{verb} (literal refused)"));
            return self.report(line, S, text, &problems);
        }
        let head = String::from_utf8_lossy(tag).into_owned();
        let text = if status.is_some() {
            format!("{head} {name}")
        } else {
            format!("response to {head}")
        };
        problems.insert(
            0,
            "no command in flight has this tag (RFC 9051 §2.2.1)".to_owned(),
        );
        self.report(line, S, text, &problems);
    }
}
