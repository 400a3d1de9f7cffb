//! LOGIN: the obsolete but ubiquitous mechanism of the expired draft
//! "draft-murchison-sasl-login" (never an RFC; not in `shared/rfc`).
//!
//! What this crate implements, as deployed by Microsoft Exchange, Postfix/Cyrus, Dovecot,
//! Exim and the common clients:
//!
//! ```text
//! S: Username:            (challenge; some servers send "User Name" or lower case)
//! C: <user name>
//! S: Password:
//! C: <password>
//! S: success or failure   (no additional data)
//! ```
//!
//! A client may send the user name as an initial response (`AUTH LOGIN dXNlcg==`), and the
//! server then skips the first prompt. The client answers by **step order**, not by the
//! prompt text: the first challenge it sees gets the user name (unless it was sent as an
//! initial response), the next gets the password. No authorization identity can be carried.

use crate::error::{Field, InputProblem, Malformed, SaslError};
use crate::plain::verdict_step;
use crate::server::{Answer, Authenticator, Failure, Request, ServerStep, resolve_with};
use crate::{Limits, Mechanism, Secret};

const MECH: Mechanism = Mechanism::Login;

/// The server's first challenge, `Username:` (base64 `VXNlcm5hbWU6`).
pub const USERNAME_PROMPT: &[u8] = b"Username:";
/// The server's second challenge, `Password:` (base64 `UGFzc3dvcmQ6`).
pub const PASSWORD_PROMPT: &[u8] = b"Password:";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ClientState {
    Initial,
    SentUsername,
    SentPassword,
    Done,
}

/// LOGIN client.
#[derive(Debug)]
pub struct LoginClient {
    username: String,
    password: Secret<String>,
    username_as_initial_response: bool,
    state: ClientState,
}

impl LoginClient {
    /// A client for `username` and `password`.
    ///
    /// # Errors
    ///
    /// [`SaslError::InvalidInput`] if either is empty or contains NUL.
    pub fn new(username: &str, password: Secret<String>) -> Result<Self, SaslError> {
        for (value, field) in [
            (username, Field::Authcid),
            (password.expose(), Field::Password),
        ] {
            if value.is_empty() {
                return Err(SaslError::input(MECH, field, InputProblem::Empty));
            }
            if value.contains('\0') {
                return Err(SaslError::input(MECH, field, InputProblem::BadCharacter));
            }
        }
        Ok(Self {
            username: username.to_owned(),
            password,
            username_as_initial_response: false,
            state: ClientState::Initial,
        })
    }

    /// Sends the user name as the initial response (as Outlook and some other clients do),
    /// instead of waiting for the `Username:` prompt.
    #[must_use]
    pub fn with_username_as_initial_response(mut self) -> Self {
        self.username_as_initial_response = true;
        self
    }

    /// The user name if [`with_username_as_initial_response`](Self::with_username_as_initial_response)
    /// was chosen, else `None` (LOGIN is server-first).
    pub fn initial_response(&mut self) -> Option<Vec<u8>> {
        (self.username_as_initial_response && self.state == ClientState::Initial).then(|| {
            self.state = ClientState::SentUsername;
            self.username.as_bytes().to_vec()
        })
    }

    /// Answers a prompt by step order: the user name first, then the password. The prompt
    /// text is not checked.
    ///
    /// # Errors
    ///
    /// [`SaslError::UnexpectedStep`] for a third prompt.
    pub fn step(&mut self, _prompt: &[u8]) -> Result<Vec<u8>, SaslError> {
        match self.state {
            ClientState::Initial => {
                self.state = ClientState::SentUsername;
                Ok(self.username.as_bytes().to_vec())
            }
            ClientState::SentUsername => {
                self.state = ClientState::SentPassword;
                Ok(self.password.expose().as_bytes().to_vec())
            }
            ClientState::SentPassword | ClientState::Done => {
                self.state = ClientState::Done;
                Err(SaslError::UnexpectedStep { mechanism: MECH })
            }
        }
    }

    /// Checks the server's success outcome (LOGIN has no additional data).
    ///
    /// # Errors
    ///
    /// [`SaslError::UnexpectedStep`] before the password was sent;
    /// [`SaslError::MalformedMessage`] if the server sent additional data.
    pub fn finish(&mut self, additional_data: Option<&[u8]>) -> Result<(), SaslError> {
        let sent = self.state == ClientState::SentPassword;
        self.state = ClientState::Done;
        if !sent {
            return Err(SaslError::UnexpectedStep { mechanism: MECH });
        }
        if additional_data.is_some_and(|d| !d.is_empty()) {
            return Err(SaslError::malformed(MECH, Malformed::UnexpectedLength));
        }
        Ok(())
    }
}

#[derive(Debug)]
enum ServerState {
    Initial,
    AwaitUsername,
    AwaitPassword { authcid: String },
    AwaitVerdict { authcid: String },
    Done,
}

/// LOGIN server: prompts `Username:` and `Password:`, then asks the application to check
/// the password ([`Request::Password`], never with an authzid).
#[derive(Debug)]
pub struct LoginServer {
    limits: Limits,
    state: ServerState,
}

impl LoginServer {
    /// A server mechanism with the given limits.
    pub fn new(limits: Limits) -> Self {
        Self {
            limits,
            state: ServerState::Initial,
        }
    }

    /// Starts the exchange; an initial response is taken as the user name.
    ///
    /// # Errors
    ///
    /// [`SaslError::UnexpectedStep`] if the exchange was already started.
    pub fn start(&mut self, initial_response: Option<&[u8]>) -> Result<ServerStep, SaslError> {
        if !matches!(self.state, ServerState::Initial) {
            return Err(SaslError::UnexpectedStep { mechanism: MECH });
        }
        Ok(match initial_response {
            Some(username) => self.receive_username(username),
            None => {
                self.state = ServerState::AwaitUsername;
                ServerStep::Challenge(USERNAME_PROMPT.to_vec())
            }
        })
    }

    /// Takes the user name or the password.
    ///
    /// # Errors
    ///
    /// [`SaslError::UnexpectedStep`] if no response was expected.
    pub fn step(&mut self, response: &[u8]) -> Result<ServerStep, SaslError> {
        match core::mem::replace(&mut self.state, ServerState::Done) {
            ServerState::AwaitUsername => Ok(self.receive_username(response)),
            ServerState::AwaitPassword { authcid } => Ok(self.receive_password(authcid, response)),
            other => {
                self.state = other;
                Err(SaslError::UnexpectedStep { mechanism: MECH })
            }
        }
    }

    fn receive_username(&mut self, username: &[u8]) -> ServerStep {
        self.state = ServerState::Done;
        match text(&self.limits, username, Field::Authcid) {
            Ok(authcid) => {
                self.state = ServerState::AwaitPassword { authcid };
                ServerStep::Challenge(PASSWORD_PROMPT.to_vec())
            }
            Err(failure) => ServerStep::Failure(failure),
        }
    }

    fn receive_password(&mut self, authcid: String, password: &[u8]) -> ServerStep {
        match text(&self.limits, password, Field::Password) {
            Ok(password) => {
                self.state = ServerState::AwaitVerdict {
                    authcid: authcid.clone(),
                };
                ServerStep::Request(Request::Password {
                    authzid: None,
                    authcid,
                    password: Secret::new(password),
                })
            }
            Err(failure) => ServerStep::Failure(failure),
        }
    }

    /// Takes the application's [`Answer::Verdict`].
    ///
    /// # Errors
    ///
    /// [`SaslError::UnexpectedAnswer`] if no verdict was requested.
    pub fn answer(&mut self, answer: Answer) -> Result<ServerStep, SaslError> {
        match (
            core::mem::replace(&mut self.state, ServerState::Done),
            answer,
        ) {
            (ServerState::AwaitVerdict { authcid }, Answer::Verdict(verdict)) => {
                Ok(verdict_step(verdict, None, authcid))
            }
            (other, _) => {
                self.state = other;
                Err(SaslError::UnexpectedAnswer { mechanism: MECH })
            }
        }
    }

    /// [`start`](Self::start), answering requests with `authenticator`.
    ///
    /// # Errors
    ///
    /// As [`start`](Self::start).
    pub fn start_with<A: Authenticator + ?Sized>(
        &mut self,
        authenticator: &A,
        initial_response: Option<&[u8]>,
    ) -> Result<ServerStep, SaslError> {
        let step = self.start(initial_response)?;
        resolve_with(step, authenticator, |a| self.answer(a))
    }

    /// [`step`](Self::step), answering requests with `authenticator`.
    ///
    /// # Errors
    ///
    /// As [`step`](Self::step).
    pub fn step_with<A: Authenticator + ?Sized>(
        &mut self,
        authenticator: &A,
        response: &[u8],
    ) -> Result<ServerStep, SaslError> {
        let step = self.step(response)?;
        resolve_with(step, authenticator, |a| self.answer(a))
    }
}

/// A non-empty UTF-8 field without NUL, within the limits.
fn text(limits: &Limits, bytes: &[u8], field: Field) -> Result<String, Failure> {
    if let Some(failure) = limits.check(bytes.len()) {
        return Err(failure);
    }
    let text =
        core::str::from_utf8(bytes).map_err(|_| Failure::Malformed(Malformed::NotUtf8(field)))?;
    if text.is_empty() {
        return Err(Failure::Malformed(Malformed::EmptyField(field)));
    }
    if text.contains('\0') {
        return Err(Failure::Malformed(Malformed::BadCharacter(field)));
    }
    Ok(text.to_owned())
}
