//! PLAIN (RFC 4616): one client message `[authzid] NUL authcid NUL passwd`.

use core::fmt;

use crate::error::{Field, InputProblem, Malformed, SaslError};
use crate::server::{Answer, Authenticated, Authenticator, Failure, Request, ServerStep, Verdict};
use crate::{Limits, Mechanism, Secret};

/// The PLAIN message (RFC 4616 §2):
///
/// ```text
/// message   = [authzid] UTF8NUL authcid UTF8NUL passwd
/// authcid   = 1*SAFE ; MUST accept up to 255 octets
/// authzid   = 1*SAFE ; MUST accept up to 255 octets
/// passwd    = 1*SAFE ; MUST accept up to 255 octets
/// ```
///
/// `Debug` does not show the password.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PlainMessage<'a> {
    /// The authorization identity; `None` when the client sent none (empty before the first
    /// NUL).
    pub authzid: Option<&'a str>,
    /// The authentication identity.
    pub authcid: &'a str,
    /// The password.
    pub password: &'a str,
}

impl fmt::Debug for PlainMessage<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PlainMessage")
            .field("authzid", &self.authzid)
            .field("authcid", &self.authcid)
            .field("password", &"***")
            .finish()
    }
}

impl<'a> PlainMessage<'a> {
    /// Parses a PLAIN message (already base64-decoded by the protocol).
    ///
    /// There must be exactly two NULs, every field must be UTF-8, `authcid` and `passwd`
    /// must not be empty. No length limit is applied here beyond the caller's [`Limits`]
    /// (RFC 4616 §2 asks for at least 255 octets per field).
    ///
    /// # Errors
    ///
    /// The [`Malformed`] reason.
    pub fn parse(message: &'a [u8]) -> Result<Self, Malformed> {
        let mut fields = message.split(|&b| b == 0);
        let (Some(authzid), Some(authcid), Some(password)) =
            (fields.next(), fields.next(), fields.next())
        else {
            return Err(Malformed::MissingSeparator);
        };
        if fields.next().is_some() {
            return Err(Malformed::ExtraField);
        }
        let text =
            |bytes, field| core::str::from_utf8(bytes).map_err(|_| Malformed::NotUtf8(field));
        let authzid = text(authzid, Field::Authzid)?;
        let authcid = text(authcid, Field::Authcid)?;
        let password = text(password, Field::Password)?;
        if authcid.is_empty() {
            return Err(Malformed::EmptyField(Field::Authcid));
        }
        if password.is_empty() {
            return Err(Malformed::EmptyField(Field::Password));
        }
        Ok(Self {
            authzid: (!authzid.is_empty()).then_some(authzid),
            authcid,
            password,
        })
    }

    /// The wire form. Refuses (returns `None`) a message that would not parse back: a NUL in a
    /// field, or an empty `authcid`, `passwd` or (present) `authzid`.
    pub fn encode(&self) -> Option<Vec<u8>> {
        let authzid = self.authzid.unwrap_or_default();
        if self.authzid == Some("")
            || self.authcid.is_empty()
            || self.password.is_empty()
            || [authzid, self.authcid, self.password]
                .iter()
                .any(|f| f.contains('\0'))
        {
            return None;
        }
        let mut out =
            Vec::with_capacity(authzid.len() + self.authcid.len() + self.password.len() + 2);
        out.extend_from_slice(authzid.as_bytes());
        out.push(0);
        out.extend_from_slice(self.authcid.as_bytes());
        out.push(0);
        out.extend_from_slice(self.password.as_bytes());
        Some(out)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ClientState {
    Initial,
    Sent,
    Done,
}

/// PLAIN client (RFC 4616). Client-first: the message goes as the initial response, or in
/// answer to the server's empty challenge.
#[derive(Debug)]
pub struct PlainClient {
    authzid: Option<String>,
    authcid: String,
    password: Secret<String>,
    state: ClientState,
}

impl PlainClient {
    /// A client that authenticates as `authcid` with `password`, acting as `authzid` if given.
    ///
    /// # Errors
    ///
    /// [`SaslError::InvalidInput`] if `authcid` or `password` (or a given `authzid`) is empty
    /// or contains NUL.
    pub fn new(
        authzid: Option<&str>,
        authcid: &str,
        password: Secret<String>,
    ) -> Result<Self, SaslError> {
        let check = |value: &str, field| {
            if value.is_empty() {
                Err(SaslError::input(
                    Mechanism::Plain,
                    field,
                    InputProblem::Empty,
                ))
            } else if value.contains('\0') {
                Err(SaslError::input(
                    Mechanism::Plain,
                    field,
                    InputProblem::BadCharacter,
                ))
            } else {
                Ok(())
            }
        };
        if let Some(authzid) = authzid {
            check(authzid, Field::Authzid)?;
        }
        check(authcid, Field::Authcid)?;
        check(password.expose(), Field::Password)?;
        Ok(Self {
            authzid: authzid.map(str::to_owned),
            authcid: authcid.to_owned(),
            password,
            state: ClientState::Initial,
        })
    }

    fn message(&mut self) -> Vec<u8> {
        self.state = ClientState::Sent;
        PlainMessage {
            authzid: self.authzid.as_deref(),
            authcid: &self.authcid,
            password: self.password.expose(),
        }
        .encode()
        .unwrap_or_default()
    }

    /// The message, to send as the initial response (`None` once it was sent).
    pub fn initial_response(&mut self) -> Option<Vec<u8>> {
        (self.state == ClientState::Initial).then(|| self.message())
    }

    /// Answers the server's (empty) challenge with the message.
    ///
    /// # Errors
    ///
    /// [`SaslError::MalformedMessage`] for a non-empty challenge; [`SaslError::UnexpectedStep`]
    /// once the message was sent.
    pub fn step(&mut self, challenge: &[u8]) -> Result<Vec<u8>, SaslError> {
        match self.state {
            ClientState::Initial if challenge.is_empty() => Ok(self.message()),
            ClientState::Initial => Err(SaslError::malformed(
                Mechanism::Plain,
                Malformed::UnexpectedLength,
            )),
            _ => Err(SaslError::UnexpectedStep {
                mechanism: Mechanism::Plain,
            }),
        }
    }

    /// Checks the server's success outcome: PLAIN has no additional data.
    ///
    /// # Errors
    ///
    /// [`SaslError::UnexpectedStep`] before the message was sent;
    /// [`SaslError::MalformedMessage`] if the server sent additional data.
    pub fn finish(&mut self, additional_data: Option<&[u8]>) -> Result<(), SaslError> {
        finish_without_data(&mut self.state, Mechanism::Plain, additional_data)
    }
}

fn finish_without_data(
    state: &mut ClientState,
    mechanism: Mechanism,
    additional_data: Option<&[u8]>,
) -> Result<(), SaslError> {
    if *state != ClientState::Sent {
        return Err(SaslError::UnexpectedStep { mechanism });
    }
    *state = ClientState::Done;
    if additional_data.is_some_and(|d| !d.is_empty()) {
        return Err(SaslError::malformed(mechanism, Malformed::UnexpectedLength));
    }
    Ok(())
}

#[derive(Debug)]
enum ServerState {
    Initial,
    AwaitResponse,
    AwaitVerdict {
        authzid: Option<String>,
        authcid: String,
    },
    Done,
}

/// PLAIN server (RFC 4616): parses the message and asks the application to check the
/// password ([`Request::Password`]).
#[derive(Debug)]
pub struct PlainServer {
    limits: Limits,
    state: ServerState,
}

impl PlainServer {
    /// A server mechanism with the given limits.
    pub fn new(limits: Limits) -> Self {
        Self {
            limits,
            state: ServerState::Initial,
        }
    }

    /// Starts the exchange, with the client's initial response if it sent one.
    ///
    /// # Errors
    ///
    /// [`SaslError::UnexpectedStep`] if the exchange was already started.
    pub fn start(&mut self, initial_response: Option<&[u8]>) -> Result<ServerStep, SaslError> {
        if !matches!(self.state, ServerState::Initial) {
            return Err(unexpected());
        }
        Ok(match initial_response {
            Some(message) => self.receive(message),
            None => {
                self.state = ServerState::AwaitResponse;
                ServerStep::Challenge(Vec::new())
            }
        })
    }

    /// Takes the client's response to the empty challenge.
    ///
    /// # Errors
    ///
    /// [`SaslError::UnexpectedStep`] if no response was expected.
    pub fn step(&mut self, response: &[u8]) -> Result<ServerStep, SaslError> {
        if !matches!(self.state, ServerState::AwaitResponse) {
            return Err(unexpected());
        }
        Ok(self.receive(response))
    }

    fn receive(&mut self, message: &[u8]) -> ServerStep {
        self.state = ServerState::Done;
        if let Some(failure) = self.limits.check(message.len()) {
            return ServerStep::Failure(failure);
        }
        match PlainMessage::parse(message) {
            Ok(m) => {
                let authzid = m.authzid.map(str::to_owned);
                let authcid = m.authcid.to_owned();
                self.state = ServerState::AwaitVerdict {
                    authzid: authzid.clone(),
                    authcid: authcid.clone(),
                };
                ServerStep::Request(Request::Password {
                    authzid,
                    authcid,
                    password: Secret::new(m.password.to_owned()),
                })
            }
            Err(reason) => ServerStep::Failure(Failure::Malformed(reason)),
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
            (ServerState::AwaitVerdict { authzid, authcid }, Answer::Verdict(verdict)) => {
                Ok(verdict_step(verdict, authzid, authcid))
            }
            (other, _) => {
                self.state = other;
                Err(unexpected_answer())
            }
        }
    }

    /// [`start`](Self::start), answering requests with `authenticator` (never returns
    /// [`ServerStep::Request`]).
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
        crate::server::resolve_with(step, authenticator, |a| self.answer(a))
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
        crate::server::resolve_with(step, authenticator, |a| self.answer(a))
    }
}

pub(crate) fn verdict_step(
    verdict: Verdict,
    authzid: Option<String>,
    authcid: String,
) -> ServerStep {
    match verdict {
        Verdict::Accept => ServerStep::Success(Authenticated {
            authcid,
            authzid,
            additional_data: None,
        }),
        Verdict::Reject(reason) => ServerStep::Failure(Failure::Rejected(reason)),
    }
}

fn unexpected() -> SaslError {
    SaslError::UnexpectedStep {
        mechanism: Mechanism::Plain,
    }
}

fn unexpected_answer() -> SaslError {
    SaslError::UnexpectedAnswer {
        mechanism: Mechanism::Plain,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_fields() {
        let m = PlainMessage::parse(b"\0tim\0tanstaaftanstaaf").unwrap();
        assert_eq!(m.authzid, None);
        assert_eq!(m.authcid, "tim");
        assert_eq!(m.password, "tanstaaftanstaaf");
        let m = PlainMessage::parse(b"Ursel\0Kurt\0xipj3plmq").unwrap();
        assert_eq!(m.authzid, Some("Ursel"));
        assert_eq!(m.encode().unwrap(), b"Ursel\0Kurt\0xipj3plmq");
    }

    #[test]
    fn parse_errors() {
        let cases: [(&[u8], Malformed); 7] = [
            (b"", Malformed::MissingSeparator),
            (b"tim\0pass", Malformed::MissingSeparator),
            (b"a\0b\0c\0d", Malformed::ExtraField),
            (b"a\0\0c", Malformed::EmptyField(Field::Authcid)),
            (b"a\0b\0", Malformed::EmptyField(Field::Password)),
            (b"\xff\0b\0c", Malformed::NotUtf8(Field::Authzid)),
            (b"\0b\0\xc3", Malformed::NotUtf8(Field::Password)),
        ];
        for (input, reason) in cases {
            assert_eq!(PlainMessage::parse(input), Err(reason), "{input:?}");
        }
    }

    #[test]
    fn debug_hides_password() {
        let m = PlainMessage::parse(b"\0tim\0s3cr3t-distinctive").unwrap();
        assert!(!format!("{m:?}").contains("s3cr3t"));
    }

    #[test]
    fn encode_refuses_unparsable() {
        let m = |z, c, p| PlainMessage {
            authzid: z,
            authcid: c,
            password: p,
        };
        assert_eq!(m(Some(""), "a", "b").encode(), None);
        assert_eq!(m(None, "", "b").encode(), None);
        assert_eq!(m(None, "a", "").encode(), None);
        assert_eq!(m(None, "a\0", "b").encode(), None);
    }
}
