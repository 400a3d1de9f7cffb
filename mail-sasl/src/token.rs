//! The exchange OAUTHBEARER and XOAUTH2 share: one client message with a bearer token; on
//! refusal the server sends an error result as a challenge, the client answers with a dummy
//! response, and the server fails (RFC 7628 §3.2.2, §3.2.3).

use crate::error::{Malformed, SaslError};
use crate::oauth::OAuthError;
use crate::server::{
    Answer, Authenticated, Authenticator, Failure, Request, ServerStep, TokenRequest, TokenVerdict,
    resolve_with,
};
use crate::{Limits, Mechanism, Secret};

#[derive(Debug)]
enum ClientState {
    Initial,
    Sent,
    Refused(Option<OAuthError>),
    Done,
}

/// The client half: holds the whole first message (it contains the token).
#[derive(Debug)]
pub(crate) struct TokenClient {
    mechanism: Mechanism,
    message: Secret<Vec<u8>>,
    dummy_response: &'static [u8],
    state: ClientState,
}

impl TokenClient {
    pub(crate) fn new(
        mechanism: Mechanism,
        message: Vec<u8>,
        dummy_response: &'static [u8],
    ) -> Self {
        Self {
            mechanism,
            message: Secret::new(message),
            dummy_response,
            state: ClientState::Initial,
        }
    }

    pub(crate) fn initial_response(&mut self) -> Option<Vec<u8>> {
        matches!(self.state, ClientState::Initial).then(|| {
            self.state = ClientState::Sent;
            self.message.expose().clone()
        })
    }

    pub(crate) fn step(&mut self, challenge: &[u8]) -> Result<Vec<u8>, SaslError> {
        match core::mem::replace(&mut self.state, ClientState::Done) {
            ClientState::Initial if challenge.is_empty() => {
                self.state = ClientState::Sent;
                Ok(self.message.expose().clone())
            }
            ClientState::Initial => Err(SaslError::malformed(
                self.mechanism.clone(),
                Malformed::UnexpectedLength,
            )),
            ClientState::Sent => {
                self.state = ClientState::Refused(OAuthError::from_json(challenge));
                Ok(self.dummy_response.to_vec())
            }
            ClientState::Refused(_) | ClientState::Done => Err(SaslError::UnexpectedStep {
                mechanism: self.mechanism.clone(),
            }),
        }
    }

    /// The error result the server sent, if it refused the token.
    pub(crate) fn server_error(&self) -> Option<&OAuthError> {
        match &self.state {
            ClientState::Refused(error) => error.as_ref(),
            _ => None,
        }
    }

    pub(crate) fn finish(&mut self, additional_data: Option<&[u8]>) -> Result<(), SaslError> {
        match core::mem::replace(&mut self.state, ClientState::Done) {
            ClientState::Sent if additional_data.is_none_or(<[u8]>::is_empty) => Ok(()),
            ClientState::Sent => Err(SaslError::malformed(
                self.mechanism.clone(),
                Malformed::UnexpectedLength,
            )),
            ClientState::Refused(error) => Err(SaslError::OAuthRefused(error)),
            ClientState::Initial | ClientState::Done => Err(SaslError::UnexpectedStep {
                mechanism: self.mechanism.clone(),
            }),
        }
    }
}

#[derive(Debug)]
enum ServerState {
    Initial,
    AwaitMessage,
    AwaitVerdict {
        authzid: Option<String>,
        discovery: bool,
    },
    AwaitDummy(OAuthError),
    Done,
}

/// Parses the client's message into the request for the application, or fails.
pub(crate) type ParseFn = fn(&[u8]) -> Result<TokenRequest, Failure>;

/// The server half.
#[derive(Debug)]
pub(crate) struct TokenServer {
    mechanism: Mechanism,
    parse: ParseFn,
    /// OAUTHBEARER reports the GS2 authzid as the authzid of the outcome; XOAUTH2's `user`
    /// is the identity itself.
    user_is_authzid: bool,
    limits: Limits,
    state: ServerState,
}

impl TokenServer {
    pub(crate) fn new(
        mechanism: Mechanism,
        parse: ParseFn,
        user_is_authzid: bool,
        limits: Limits,
    ) -> Self {
        Self {
            mechanism,
            parse,
            user_is_authzid,
            limits,
            state: ServerState::Initial,
        }
    }

    fn unexpected(&self) -> SaslError {
        SaslError::UnexpectedStep {
            mechanism: self.mechanism.clone(),
        }
    }

    pub(crate) fn start(
        &mut self,
        initial_response: Option<&[u8]>,
    ) -> Result<ServerStep, SaslError> {
        if !matches!(self.state, ServerState::Initial) {
            return Err(self.unexpected());
        }
        Ok(match initial_response {
            Some(message) => self.receive(message),
            None => {
                self.state = ServerState::AwaitMessage;
                ServerStep::Challenge(Vec::new())
            }
        })
    }

    pub(crate) fn step(&mut self, response: &[u8]) -> Result<ServerStep, SaslError> {
        match core::mem::replace(&mut self.state, ServerState::Done) {
            ServerState::AwaitMessage => Ok(self.receive(response)),
            // RFC 7628 §3.2.3: the client's dummy response completes the failed exchange.
            // Whatever it sent, the outcome is the failure already decided.
            ServerState::AwaitDummy(error) => Ok(ServerStep::Failure(Failure::TokenRefused(error))),
            other => {
                self.state = other;
                Err(self.unexpected())
            }
        }
    }

    fn receive(&mut self, message: &[u8]) -> ServerStep {
        self.state = ServerState::Done;
        if let Some(failure) = self.limits.check(message.len()) {
            return ServerStep::Failure(failure);
        }
        match (self.parse)(message) {
            Ok(request) => {
                self.state = ServerState::AwaitVerdict {
                    authzid: request.user.clone().filter(|_| self.user_is_authzid),
                    discovery: request.token.is_none(),
                };
                ServerStep::Request(Request::Token(request))
            }
            Err(failure) => ServerStep::Failure(failure),
        }
    }

    pub(crate) fn answer(&mut self, answer: Answer) -> Result<ServerStep, SaslError> {
        match (
            core::mem::replace(&mut self.state, ServerState::Done),
            answer,
        ) {
            (ServerState::AwaitVerdict { authzid, discovery }, Answer::Token(verdict)) => {
                Ok(match verdict {
                    // A discovery request carries no token and so cannot succeed.
                    TokenVerdict::Accept { .. } if discovery => {
                        let error = OAuthError::invalid_token();
                        let challenge = error.to_json().into_bytes();
                        self.state = ServerState::AwaitDummy(error);
                        ServerStep::Challenge(challenge)
                    }
                    TokenVerdict::Accept { authcid } => ServerStep::Success(Authenticated {
                        authcid,
                        authzid,
                        additional_data: None,
                    }),
                    TokenVerdict::Reject(error) => {
                        let challenge = error.to_json().into_bytes();
                        self.state = ServerState::AwaitDummy(error);
                        ServerStep::Challenge(challenge)
                    }
                })
            }
            (other, _) => {
                self.state = other;
                Err(SaslError::UnexpectedAnswer {
                    mechanism: self.mechanism.clone(),
                })
            }
        }
    }

    pub(crate) fn start_with<A: Authenticator + ?Sized>(
        &mut self,
        authenticator: &A,
        initial_response: Option<&[u8]>,
    ) -> Result<ServerStep, SaslError> {
        let step = self.start(initial_response)?;
        resolve_with(step, authenticator, |a| self.answer(a))
    }

    pub(crate) fn step_with<A: Authenticator + ?Sized>(
        &mut self,
        authenticator: &A,
        response: &[u8],
    ) -> Result<ServerStep, SaslError> {
        let step = self.step(response)?;
        resolve_with(step, authenticator, |a| self.answer(a))
    }
}

/// Declares the public server wrapper's delegating methods.
macro_rules! token_server_methods {
    () => {
        /// Starts the exchange, with the client's message if it came as initial response.
        ///
        /// # Errors
        ///
        /// [`SaslError::UnexpectedStep`](crate::SaslError::UnexpectedStep) if the exchange
        /// was already started.
        pub fn start(
            &mut self,
            initial_response: Option<&[u8]>,
        ) -> Result<crate::ServerStep, crate::SaslError> {
            self.0.start(initial_response)
        }

        /// Takes the client's message (after an empty challenge) or its dummy response
        /// (after the error challenge).
        ///
        /// # Errors
        ///
        /// [`SaslError::UnexpectedStep`](crate::SaslError::UnexpectedStep) if no response
        /// was expected.
        pub fn step(&mut self, response: &[u8]) -> Result<crate::ServerStep, crate::SaslError> {
            self.0.step(response)
        }

        /// Takes the application's [`Answer::Token`](crate::Answer::Token).
        ///
        /// # Errors
        ///
        /// [`SaslError::UnexpectedAnswer`](crate::SaslError::UnexpectedAnswer) if no token
        /// check was requested.
        pub fn answer(
            &mut self,
            answer: crate::Answer,
        ) -> Result<crate::ServerStep, crate::SaslError> {
            self.0.answer(answer)
        }

        /// [`start`](Self::start), answering requests with `authenticator`.
        ///
        /// # Errors
        ///
        /// As [`start`](Self::start).
        pub fn start_with<A: crate::Authenticator + ?Sized>(
            &mut self,
            authenticator: &A,
            initial_response: Option<&[u8]>,
        ) -> Result<crate::ServerStep, crate::SaslError> {
            self.0.start_with(authenticator, initial_response)
        }

        /// [`step`](Self::step), answering requests with `authenticator`.
        ///
        /// # Errors
        ///
        /// As [`step`](Self::step).
        pub fn step_with<A: crate::Authenticator + ?Sized>(
            &mut self,
            authenticator: &A,
            response: &[u8],
        ) -> Result<crate::ServerStep, crate::SaslError> {
            self.0.step_with(authenticator, response)
        }
    };
}

/// Declares the public client wrapper's delegating methods.
macro_rules! token_client_methods {
    () => {
        /// The client message, to send as the initial response (`None` once sent).
        pub fn initial_response(&mut self) -> Option<Vec<u8>> {
            self.0.initial_response()
        }

        /// Answers a challenge: the empty challenge of a server that got no initial response
        /// (→ the message), or the server's error result (→ the dummy response; the
        /// error is then available from `server_error` and returned by `finish`).
        ///
        /// # Errors
        ///
        /// [`SaslError::MalformedMessage`](crate::SaslError::MalformedMessage) for a non-empty
        /// first challenge, [`SaslError::UnexpectedStep`](crate::SaslError::UnexpectedStep)
        /// after the dummy response.
        pub fn step(&mut self, challenge: &[u8]) -> Result<Vec<u8>, crate::SaslError> {
            self.0.step(challenge)
        }

        /// The error result the server sent (RFC 7628 §3.2.2), if it refused the token and the
        /// result was a JSON object with a `status`.
        pub fn server_error(&self) -> Option<&crate::OAuthError> {
            self.0.server_error()
        }

        /// Checks the outcome: `Ok` only if the server accepted the token without an error
        /// result.
        ///
        /// # Errors
        ///
        /// [`SaslError::OAuthRefused`](crate::SaslError::OAuthRefused) after an error result;
        /// [`SaslError::UnexpectedStep`](crate::SaslError::UnexpectedStep) before the message
        /// was sent.
        pub fn finish(&mut self, additional_data: Option<&[u8]>) -> Result<(), crate::SaslError> {
            self.0.finish(additional_data)
        }
    };
}

pub(crate) use {token_client_methods, token_server_methods};
