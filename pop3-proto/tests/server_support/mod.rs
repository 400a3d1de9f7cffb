//! Driving the server machine in tests: feed client bytes (in any split), answer decisions as
//! a small application would, collect everything the server sends and every event.

#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use mail_sasl::{Authenticator, Rejection, Secret, Verdict};
use pop3_proto::Poll;
use pop3_proto::body::message_size;
use pop3_proto::response::{ResponseCode, StatusLine, Text, UniqueId};
use pop3_proto::server::{Event, Maildrop, Server};

/// Users for SASL: `mrose`/`tanstaaf`, `test`/`test`.
pub(crate) struct Users;

impl Authenticator for Users {
    fn verify_password(
        &self,
        _authzid: Option<&str>,
        authcid: &str,
        password: &Secret<String>,
    ) -> Verdict {
        match (authcid, password.expose().as_str()) {
            ("mrose", "tanstaaf") | ("test", "test") => Verdict::Accept,
            ("mrose" | "test", _) => Verdict::Reject(Rejection::BadCredentials),
            _ => Verdict::Reject(Rejection::UnknownUser),
        }
    }

    fn cram_md5_secret(&self, authcid: &str) -> Result<Secret<String>, Rejection> {
        match authcid {
            "mrose" => Ok(Secret::from("tanstaaf")),
            _ => Err(Rejection::UnknownUser),
        }
    }

    fn scram_sha256_credentials(
        &self,
        _authzid: Option<&str>,
        authcid: &str,
    ) -> Result<mail_sasl::ScramCredentials, Rejection> {
        match authcid {
            "mrose" => mail_sasl::ScramCredentials::derive("tanstaaf", b"salt of mrose", 4096)
                .map_err(|_| Rejection::TemporaryFailure),
            _ => Err(Rejection::UnknownUser),
        }
    }
}

/// A small application: one maildrop, the user `mrose` with the secret `tanstaaf` (also
/// `test`/`test` for the RFC 5034 examples), texts that can be set per test.
pub(crate) struct App {
    /// The messages as stored, and their unique-ids.
    pub(crate) messages: Vec<(Vec<u8>, String)>,
    /// `accept_with` for USER (else `accept`); `None` in `user_reject` to accept.
    pub(crate) user_text: Option<String>,
    pub(crate) user_reject: Option<StatusLine<'static>>,
    /// `accept_login_with` text.
    pub(crate) login_text: Option<String>,
    /// Reject the next logins with these, in order.
    pub(crate) login_reject: Vec<StatusLine<'static>>,
    /// The password (and APOP secret) of `mrose`.
    pub(crate) password: Vec<u8>,
    /// Reject USER for names other than `mrose`, `karen`, `test`.
    pub(crate) reject_unknown_users: bool,
    /// Reject the UPDATE with this.
    pub(crate) update_reject: Option<StatusLine<'static>>,
    /// Reject RETR/TOP with this.
    pub(crate) retrieve_reject: Option<StatusLine<'static>>,
    /// The pieces message data is sent in (0: all at once).
    pub(crate) piece: usize,
    /// Messages deleted by committed updates.
    pub(crate) committed: Vec<u32>,
}

impl Default for App {
    fn default() -> Self {
        App {
            messages: Vec::new(),
            user_text: None,
            user_reject: None,
            login_text: None,
            login_reject: Vec::new(),
            password: b"tanstaaf".to_vec(),
            reject_unknown_users: false,
            update_reject: None,
            retrieve_reject: None,
            piece: 0,
            committed: Vec::new(),
        }
    }
}

impl App {
    pub(crate) fn with_messages(messages: &[(&[u8], &str)]) -> Self {
        App {
            messages: messages
                .iter()
                .map(|(m, u)| (m.to_vec(), (*u).to_owned()))
                .collect(),
            ..App::default()
        }
    }

    pub(crate) fn maildrop(&self) -> Maildrop {
        let mut m = Maildrop::new();
        for (message, uid) in &self.messages {
            m.push(message_size(message), UniqueId::new(uid.clone()).unwrap());
        }
        m
    }

    fn login(&mut self, server: &mut Server, ok: bool) {
        if !self.login_reject.is_empty() {
            server.reject(&self.login_reject.remove(0)).unwrap();
        } else if !ok {
            server
                .reject(&StatusLine::err_with_code(
                    ResponseCode::Auth,
                    Text::lossy("invalid user name or password"),
                ))
                .unwrap();
        } else if let Some(text) = &self.login_text {
            server
                .accept_login_with(self.maildrop(), Text::lossy(text))
                .unwrap();
        } else {
            server.accept_login(self.maildrop()).unwrap();
        }
    }

    /// Answers `event` as this application does.
    pub(crate) fn handle(&mut self, server: &mut Server, event: Event<'static>) {
        match event {
            Event::User { name } => {
                if self.reject_unknown_users && !["mrose", "karen", "test"].contains(&name.as_str())
                {
                    let text = format!("sorry, no mailbox for {name} here");
                    server.reject(&StatusLine::err(Text::lossy(&text))).unwrap();
                } else if let Some(r) = &self.user_reject {
                    server.reject(r).unwrap();
                } else if let Some(text) = &self.user_text {
                    server.accept_with(Text::lossy(text)).unwrap();
                } else {
                    server.accept().unwrap();
                }
            }
            Event::Login { user, password } => {
                let ok = (user == "mrose" && *password.expose() == self.password)
                    || (user == "karen" && password.expose() == b"password");
                self.login(server, ok);
            }
            Event::Apop {
                user,
                digest,
                timestamp,
            } => {
                let ok =
                    user.as_str() == "mrose" && digest.verify(timestamp.as_bytes(), &self.password);
                self.login(server, ok);
            }
            Event::AuthStart { .. } => server.accept_auth("nonce4711").unwrap(),
            Event::AuthRequest(request) => server.answer_auth(request.answer_with(&Users)).unwrap(),
            Event::Authenticated(_) => self.login(server, true),
            Event::Retrieve { message, .. } => {
                if let Some(r) = &self.retrieve_reject {
                    server.reject(r).unwrap();
                    return;
                }
                let content = self.messages[message.index()].0.clone();
                if self.piece == 0 {
                    server.send_message_data(&content).unwrap();
                } else {
                    for piece in content.chunks(self.piece) {
                        if !server.wants_message_data() {
                            break;
                        }
                        server.send_message_data(piece).unwrap();
                    }
                }
                server.end_message().unwrap();
            }
            Event::Update { deleted } => {
                if let Some(r) = &self.update_reject {
                    server.reject(r).unwrap();
                } else {
                    self.committed.extend(deleted.iter().map(|n| n.get()));
                    server.accept().unwrap();
                }
            }
            Event::AuthFailed { .. } | Event::ProtocolError { .. } => {}
            other => panic!("unexpected event {other:?}"),
        }
    }
}

/// What a session produced.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    /// Every byte the server transmitted.
    pub(crate) output: Vec<u8>,
    /// One line per event.
    pub(crate) events: Vec<String>,
    /// `Poll::StartTls` count.
    pub(crate) starttls: usize,
    /// The session ended with `Poll::Closed`.
    pub(crate) closed: bool,
}

impl Outcome {
    pub(crate) fn output_str(&self) -> String {
        String::from_utf8_lossy(&self.output).into_owned()
    }
}

/// A short name for an event.
pub(crate) fn describe(event: &Event<'_>) -> String {
    match event {
        Event::User { name } => format!("User {name}"),
        Event::Login { user, .. } => format!("Login {user}"),
        Event::Apop { user, .. } => format!("Apop {user}"),
        Event::AuthStart { mechanism } => format!("AuthStart {mechanism}"),
        Event::AuthRequest(_) => "AuthRequest".to_owned(),
        Event::Authenticated(a) => format!("Authenticated {}", a.identity()),
        Event::AuthFailed { status } => {
            format!(
                "AuthFailed {}",
                String::from_utf8_lossy(&status.to_bytes().unwrap()).trim_end()
            )
        }
        Event::Retrieve { message, lines, .. } => format!("Retrieve {message} {lines:?}"),
        Event::Update { deleted } => format!("Update {deleted:?}"),
        Event::ProtocolError { verb, status } => format!(
            "ProtocolError {verb:?} {}",
            String::from_utf8_lossy(&status.to_bytes().unwrap()).trim_end()
        ),
        other => format!("{other:?}"),
    }
}

/// Feeds `chunks` one after the other (polling until the server needs input after each) and
/// answers decisions with `app`. Returns when the input is used up or the session closed.
pub(crate) fn drive(server: &mut Server, chunks: &[&[u8]], app: &mut App) -> Outcome {
    let mut out = Outcome::default();
    let mut chunks = chunks.iter();
    loop {
        let event = match server.poll() {
            Poll::Transmit(bytes) => {
                out.output.extend_from_slice(bytes);
                continue;
            }
            Poll::Event(event) => event.into_owned(),
            Poll::NeedInput => match chunks.next() {
                Some(chunk) => {
                    server.receive(chunk);
                    continue;
                }
                None => return out,
            },
            Poll::Waiting => panic!("waiting without a pending event"),
            Poll::StartTls => {
                out.starttls += 1;
                continue;
            }
            Poll::Closed => {
                out.closed = true;
                return out;
            }
        };
        out.events.push(describe(&event));
        app.handle(server, event);
    }
}

/// Splits an RFC-style transcript into what the client sends and what the server must send:
/// `C: line` and `S: line` (CRLF added), other lines ignored.
pub(crate) fn transcript(text: &str) -> (Vec<u8>, Vec<u8>) {
    let (mut client, mut server) = (Vec::new(), Vec::new());
    for line in text.lines() {
        let line = line.trim_start();
        if let Some(c) = line.strip_prefix("C: ") {
            client.extend_from_slice(c.as_bytes());
            client.extend_from_slice(b"\r\n");
        } else if let Some(s) = line.strip_prefix("S: ") {
            server.extend_from_slice(s.as_bytes());
            server.extend_from_slice(b"\r\n");
        } else if line == "S:" {
            server.extend_from_slice(b"\r\n");
        }
    }
    (client, server)
}

/// Runs a transcript against `server` with `app`, the client's lines all at once and one
/// byte at a time, and checks the server's bytes are exactly the transcript's.
pub(crate) fn replay(make: impl Fn() -> Server, app: impl Fn() -> App, text: &str) -> Outcome {
    let (client, expected) = transcript(text);
    let mut server = make();
    let whole = drive(&mut server, &[&client], &mut app());
    assert_eq!(
        whole.output_str(),
        String::from_utf8_lossy(&expected),
        "server output differs from the transcript"
    );
    let bytes: Vec<&[u8]> = client.chunks(1).collect();
    let mut server = make();
    let split = drive(&mut server, &bytes, &mut app());
    assert_eq!(split.output, whole.output);
    assert_eq!(split.events, whole.events);
    whole
}
