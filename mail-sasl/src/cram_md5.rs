//! CRAM-MD5 (RFC 2195 §2): the server sends a unique `msg-id`-shaped string; the client
//! answers `<user name> SP <lower-case hex HMAC-MD5(secret, challenge)>`.
//!
//! RFC 2195's mechanism needs the server to keep the password (or the HMAC-MD5 "contexts")
//! in a reusable form, carries no authzid and does not authenticate the server; prefer
//! SCRAM-SHA-256. It is here for the many servers and clients that still offer it.

use crate::crypto::{ct_eq, hex_lower, hmac_md5};
use crate::error::{Field, InputProblem, Malformed, SaslError};
use crate::server::{
    Answer, Authenticated, Authenticator, Failure, Request, ServerStep, resolve_with,
};
use crate::{Limits, Mechanism, Secret};

const MECH: Mechanism = Mechanism::CramMd5;

/// The response digest for a challenge: lower-case hex of HMAC-MD5 keyed by the shared
/// secret (RFC 2195 §2).
fn digest(secret: &str, challenge: &[u8]) -> String {
    hex_lower(&hmac_md5(secret.as_bytes(), challenge))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ClientState {
    Initial,
    Sent,
    Done,
}

/// CRAM-MD5 client. Server-first: no initial response.
#[derive(Debug)]
pub struct CramMd5Client {
    username: String,
    secret: Secret<String>,
    state: ClientState,
}

impl CramMd5Client {
    /// A client for `username` with the shared `secret` (the password).
    ///
    /// # Errors
    ///
    /// [`SaslError::InvalidInput`] if the user name is empty or has a control character,
    /// or the secret is empty.
    pub fn new(username: &str, secret: Secret<String>) -> Result<Self, SaslError> {
        if username.is_empty() {
            return Err(SaslError::input(MECH, Field::Authcid, InputProblem::Empty));
        }
        if username.chars().any(char::is_control) {
            return Err(SaslError::input(
                MECH,
                Field::Authcid,
                InputProblem::BadCharacter,
            ));
        }
        if secret.expose().is_empty() {
            return Err(SaslError::input(MECH, Field::Password, InputProblem::Empty));
        }
        Ok(Self {
            username: username.to_owned(),
            secret,
            state: ClientState::Initial,
        })
    }

    /// Always `None`: CRAM-MD5 starts with the server's challenge.
    pub fn initial_response(&mut self) -> Option<Vec<u8>> {
        None
    }

    /// Answers the challenge with `user SP digest`.
    ///
    /// # Errors
    ///
    /// [`SaslError::MalformedMessage`] for an empty challenge, [`SaslError::UnexpectedStep`]
    /// for a second one.
    pub fn step(&mut self, challenge: &[u8]) -> Result<Vec<u8>, SaslError> {
        if self.state != ClientState::Initial {
            self.state = ClientState::Done;
            return Err(SaslError::UnexpectedStep { mechanism: MECH });
        }
        if challenge.is_empty() {
            self.state = ClientState::Done;
            return Err(SaslError::malformed(MECH, Malformed::UnexpectedLength));
        }
        self.state = ClientState::Sent;
        Ok(format!(
            "{} {}",
            self.username,
            digest(self.secret.expose(), challenge)
        )
        .into_bytes())
    }

    /// Checks the server's success outcome (CRAM-MD5 has no additional data).
    ///
    /// # Errors
    ///
    /// [`SaslError::UnexpectedStep`] before the response was sent;
    /// [`SaslError::MalformedMessage`] if the server sent additional data.
    pub fn finish(&mut self, additional_data: Option<&[u8]>) -> Result<(), SaslError> {
        let sent = self.state == ClientState::Sent;
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
    AwaitResponse,
    AwaitSecret { authcid: String, digest: String },
    Done,
}

/// CRAM-MD5 server: sends the caller's challenge, asks the application for the user's shared
/// secret ([`Request::CramMd5Secret`]) and compares digests in constant time.
#[derive(Debug)]
pub struct CramMd5Server {
    challenge: String,
    limits: Limits,
    state: ServerState,
}

impl CramMd5Server {
    /// A server mechanism with the caller's unique `challenge`, in the RFC 822 `msg-id`
    /// form RFC 2195 §2 asks for, e.g. `<1896.697170952@postoffice.reston.mci.net>` (a
    /// random part, a timestamp and the host name; the caller supplies it, since this crate
    /// reads no clock and draws no random numbers).
    ///
    /// # Errors
    ///
    /// [`SaslError::InvalidInput`] if `challenge` is not `<...@...>` in printable ASCII.
    pub fn new(challenge: &str, limits: Limits) -> Result<Self, SaslError> {
        let inner = challenge
            .strip_prefix('<')
            .and_then(|c| c.strip_suffix('>'))
            .unwrap_or_default();
        let valid = inner
            .split_once('@')
            .is_some_and(|(left, right)| !left.is_empty() && !right.is_empty())
            && inner
                .bytes()
                .all(|b| b.is_ascii_graphic() && b != b'<' && b != b'>');
        if !valid {
            return Err(SaslError::input(
                MECH,
                Field::Nonce,
                InputProblem::BadCharacter,
            ));
        }
        Ok(Self {
            challenge: challenge.to_owned(),
            limits,
            state: ServerState::Initial,
        })
    }

    /// Starts the exchange by sending the challenge. CRAM-MD5 is server-first: a non-empty
    /// initial response fails the exchange; an empty one is treated as none.
    ///
    /// # Errors
    ///
    /// [`SaslError::UnexpectedStep`] if the exchange was already started.
    pub fn start(&mut self, initial_response: Option<&[u8]>) -> Result<ServerStep, SaslError> {
        if !matches!(self.state, ServerState::Initial) {
            return Err(SaslError::UnexpectedStep { mechanism: MECH });
        }
        if initial_response.is_some_and(|r| !r.is_empty()) {
            self.state = ServerState::Done;
            return Ok(ServerStep::Failure(Failure::Malformed(
                Malformed::UnexpectedLength,
            )));
        }
        self.state = ServerState::AwaitResponse;
        Ok(ServerStep::Challenge(self.challenge.as_bytes().to_vec()))
    }

    /// Takes the client's `user SP digest` response.
    ///
    /// # Errors
    ///
    /// [`SaslError::UnexpectedStep`] if no response was expected.
    pub fn step(&mut self, response: &[u8]) -> Result<ServerStep, SaslError> {
        if !matches!(self.state, ServerState::AwaitResponse) {
            return Err(SaslError::UnexpectedStep { mechanism: MECH });
        }
        self.state = ServerState::Done;
        if let Some(failure) = self.limits.check(response.len()) {
            return Ok(ServerStep::Failure(failure));
        }
        Ok(match parse_response(response) {
            Ok((authcid, digest)) => {
                self.state = ServerState::AwaitSecret {
                    authcid: authcid.clone(),
                    digest,
                };
                ServerStep::Request(Request::CramMd5Secret { authcid })
            }
            Err(reason) => ServerStep::Failure(Failure::Malformed(reason)),
        })
    }

    /// Takes the application's [`Answer::CramMd5Secret`].
    ///
    /// # Errors
    ///
    /// [`SaslError::UnexpectedAnswer`] if no secret was requested.
    pub fn answer(&mut self, answer: Answer) -> Result<ServerStep, SaslError> {
        match (
            core::mem::replace(&mut self.state, ServerState::Done),
            answer,
        ) {
            (
                ServerState::AwaitSecret {
                    authcid,
                    digest: got,
                },
                Answer::CramMd5Secret(secret),
            ) => Ok(match secret {
                Ok(secret) => {
                    let expected = Secret::new(digest(secret.expose(), self.challenge.as_bytes()));
                    if ct_eq(expected.expose().as_bytes(), got.as_bytes()) {
                        ServerStep::Success(Authenticated {
                            authcid,
                            authzid: None,
                            additional_data: None,
                        })
                    } else {
                        ServerStep::Failure(Failure::InvalidCredentials)
                    }
                }
                Err(rejection) => ServerStep::Failure(Failure::Rejected(rejection)),
            }),
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

/// Splits `user SP digest` at the last space (user names may contain spaces; the digest
/// cannot). Upper-case hex digits are accepted and folded to lower case.
fn parse_response(response: &[u8]) -> Result<(String, String), Malformed> {
    let space = response
        .iter()
        .rposition(|&b| b == b' ')
        .ok_or(Malformed::MissingSeparator)?;
    let (user, digest) = response.split_at(space);
    let digest = digest.get(1..).unwrap_or_default();
    if digest.len() != 32 || !digest.iter().all(u8::is_ascii_hexdigit) {
        return Err(Malformed::BadDigest);
    }
    let user = core::str::from_utf8(user).map_err(|_| Malformed::NotUtf8(Field::Authcid))?;
    if user.is_empty() {
        return Err(Malformed::EmptyField(Field::Authcid));
    }
    if user.chars().any(char::is_control) {
        return Err(Malformed::BadCharacter(Field::Authcid));
    }
    let digest = digest
        .iter()
        .map(|b| char::from(b.to_ascii_lowercase()))
        .collect();
    Ok((user.to_owned(), digest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc2195_digest() {
        assert_eq!(
            digest(
                "tanstaaftanstaaf",
                b"<1896.697170952@postoffice.reston.mci.net>"
            ),
            "b913a602c7eda7a495b4e6e7334d3890"
        );
    }

    #[test]
    fn response_parsing() {
        let (u, d) = parse_response(b"tim b913a602c7eda7a495b4e6e7334d3890").unwrap();
        assert_eq!(
            (u.as_str(), d.as_str()),
            ("tim", "b913a602c7eda7a495b4e6e7334d3890")
        );
        let (u, d) = parse_response(b"John Doe B913A602C7EDA7A495B4E6E7334D3890").unwrap();
        assert_eq!(
            (u.as_str(), d.as_str()),
            ("John Doe", "b913a602c7eda7a495b4e6e7334d3890")
        );
        assert_eq!(parse_response(b"tim"), Err(Malformed::MissingSeparator));
        assert_eq!(parse_response(b"tim b913"), Err(Malformed::BadDigest));
        assert_eq!(
            parse_response(b"tim g913a602c7eda7a495b4e6e7334d3890"),
            Err(Malformed::BadDigest)
        );
        assert_eq!(
            parse_response(b" b913a602c7eda7a495b4e6e7334d3890"),
            Err(Malformed::EmptyField(Field::Authcid))
        );
    }

    #[test]
    fn challenge_validation() {
        assert!(
            CramMd5Server::new(
                "<1896.697170952@postoffice.reston.mci.net>",
                Limits::default()
            )
            .is_ok()
        );
        for bad in [
            "", "<>", "1896@x", "<1896@x", "<@x>", "<x@>", "<a b@c>", "<a\r@c>",
        ] {
            assert!(
                CramMd5Server::new(bad, Limits::default()).is_err(),
                "{bad:?}"
            );
        }
    }
}
