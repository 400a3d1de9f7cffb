//! Driving a server machine in tests: feed client bytes (in any split), answer decisions with a
//! policy, collect everything the server sends and every event.

#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use mail_sasl::scram::ScramCredentials;
use mail_sasl::{Authenticator, Rejection, Secret, Verdict};
use smtp_proto::Poll;
use smtp_proto::reply::Reply;
use smtp_proto::server::{Event, Server};

/// How the test application answers a decision event.
pub(crate) enum Decision {
    Accept,
    AcceptWith(Reply<'static>),
    Reject(Reply<'static>),
    /// `accept_auth` with this nonce.
    Auth(&'static str),
}

/// Users `user`/`pencil` and `tim`/`tanstaaftanstaaf`.
pub(crate) struct Users;

impl Authenticator for Users {
    fn verify_password(
        &self,
        _authzid: Option<&str>,
        authcid: &str,
        password: &Secret<String>,
    ) -> Verdict {
        match (authcid, password.expose().as_str()) {
            ("user", "pencil") | ("tim", "tanstaaftanstaaf") => Verdict::Accept,
            ("user" | "tim", _) => Verdict::Reject(Rejection::BadCredentials),
            _ => Verdict::Reject(Rejection::UnknownUser),
        }
    }

    fn cram_md5_secret(&self, authcid: &str) -> Result<Secret<String>, Rejection> {
        match authcid {
            "tim" => Ok(Secret::from("tanstaaftanstaaf")),
            "user" => Ok(Secret::from("pencil")),
            _ => Err(Rejection::UnknownUser),
        }
    }

    fn scram_sha256_credentials(
        &self,
        _authzid: Option<&str>,
        authcid: &str,
    ) -> Result<ScramCredentials, Rejection> {
        match authcid {
            "user" => ScramCredentials::derive("pencil", b"salt for user", 4096)
                .map_err(|_| Rejection::TemporaryFailure),
            _ => Err(Rejection::UnknownUser),
        }
    }
}

/// What a session produced.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    /// Every byte the server transmitted.
    pub(crate) output: Vec<u8>,
    /// A line per event (`Debug`-ish, without message data).
    pub(crate) events: Vec<String>,
    /// The messages received (`MessageStart` .. `MessageEnd`), content joined.
    pub(crate) messages: Vec<Vec<u8>>,
    /// `Poll::StartTls` count.
    pub(crate) starttls: usize,
    /// The session ended with `Poll::Closed`.
    pub(crate) closed: bool,
}

impl Outcome {
    pub(crate) fn output_str(&self) -> String {
        String::from_utf8_lossy(&self.output).into_owned()
    }

    /// The reply codes sent, in order (the code of each final reply line).
    pub(crate) fn codes(&self) -> Vec<u16> {
        self.output_str()
            .split("\r\n")
            .filter(|l| l.len() >= 4 && l.as_bytes()[3] == b' ' || l.len() == 3)
            .map(|l| l[..3].parse().unwrap())
            .collect()
    }
}

/// Feeds `chunks` one after the other (polling until the server needs input after each) and
/// answers decisions with `decide`. Returns when the input is used up or the session closed.
pub(crate) fn drive(
    server: &mut Server,
    chunks: &[&[u8]],
    mut decide: impl FnMut(&Event<'_>) -> Decision,
) -> Outcome {
    let mut out = Outcome::default();
    let mut current: Option<Vec<u8>> = None;
    let mut chunks = chunks.iter();
    loop {
        let poll = server.poll();
        match poll {
            Poll::Transmit(bytes) => out.output.extend_from_slice(bytes),
            Poll::Event(event) => {
                match &event {
                    Event::MessageStart => current = Some(Vec::new()),
                    Event::MessageData(piece) => current
                        .as_mut()
                        .expect("data after start")
                        .extend_from_slice(piece),
                    Event::MessageEnd { .. } => {
                        out.messages.push(current.take().expect("end after start"));
                    }
                    Event::MessageRefused { .. } | Event::TransactionReset => current = None,
                    _ => {}
                }
                if !matches!(event, Event::MessageData(_)) {
                    out.events.push(describe(&event));
                }
                let actions: Vec<Action> = match &event {
                    Event::Hello { .. }
                    | Event::Mail { .. }
                    | Event::Rcpt { .. }
                    | Event::Verify { .. }
                    | Event::AuthStart { .. } => {
                        vec![Action::Decide(decide(&event))]
                    }
                    Event::MessageEnd { replies, .. } => (0..*replies)
                        .map(|_| Action::Decide(decide(&event)))
                        .collect(),
                    Event::AuthRequest(request) => {
                        vec![Action::Answer(request.answer_with(&Users))]
                    }
                    _ => Vec::new(),
                };
                for action in actions {
                    match action {
                        Action::Decide(d) => answer(server, d),
                        Action::Answer(a) => server.answer_auth(a).unwrap(),
                    }
                }
            }
            Poll::NeedInput => match chunks.next() {
                Some(chunk) => server.receive(chunk),
                None => return out,
            },
            Poll::Waiting => panic!("waiting without a pending event"),
            Poll::StartTls => out.starttls += 1,
            Poll::Closed => {
                out.closed = true;
                return out;
            }
        }
    }
}

enum Action {
    Decide(Decision),
    Answer(mail_sasl::Answer),
}

fn answer(server: &mut Server, decision: Decision) {
    match decision {
        Decision::Accept => server.accept().unwrap(),
        Decision::AcceptWith(r) => server.accept_with(r).unwrap(),
        Decision::Reject(r) => server.reject(r).unwrap(),
        Decision::Auth(nonce) => server.accept_auth(nonce).unwrap(),
    }
}

fn describe(event: &Event<'_>) -> String {
    match event {
        Event::Hello { name, extended } => format!("Hello {name} {extended}"),
        Event::Mail { reverse_path, .. } => format!("Mail {reverse_path}"),
        Event::Rcpt { forward_path, .. } => format!("Rcpt {forward_path}"),
        Event::AuthStart { mechanism } => format!("AuthStart {mechanism}"),
        Event::AuthRequest(_) => "AuthRequest".to_owned(),
        Event::Authenticated(a) => format!("Authenticated {}", a.identity()),
        Event::AuthFailed { reply } => format!("AuthFailed {}", reply.code),
        Event::MessageStart => "MessageStart".to_owned(),
        Event::MessageData(_) => "MessageData".to_owned(),
        Event::MessageEnd { size, replies, .. } => format!("MessageEnd {size} {replies}"),
        Event::MessageRefused { reply } => format!("MessageRefused {}", reply.code),
        Event::TransactionReset => "TransactionReset".to_owned(),
        Event::ProtocolError { reply, .. } => format!("ProtocolError {}", reply.code),
        other => format!("{other:?}"),
    }
}

/// Accepts everything (AUTH with a fixed nonce).
pub(crate) fn accept_all(event: &Event<'_>) -> Decision {
    match event {
        Event::AuthStart { .. } => Decision::Auth("3h2Ib9cUXmT5lq"),
        _ => Decision::Accept,
    }
}

/// `text` with every LF turned into CRLF.
pub(crate) fn crlf(text: &str) -> Vec<u8> {
    text.replace('\n', "\r\n").into_bytes()
}
