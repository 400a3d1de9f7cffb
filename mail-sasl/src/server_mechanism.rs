//! [`ServerMechanism`]: every server mechanism behind one type, built from a
//! [`ServerConfig`].

use crate::cram_md5::CramMd5Server;
use crate::error::SaslError;
use crate::login::LoginServer;
use crate::oauthbearer::OAuthBearerServer;
use crate::plain::PlainServer;
use crate::scram::ScramSha256Server;
use crate::server::{Answer, Authenticator, ServerStep};
use crate::xoauth2::XOAuth2Server;
use crate::{Limits, Mechanism, Secret};

/// What a server needs to build any of its mechanisms.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ServerConfig {
    /// The server's host name, for the CRAM-MD5 challenge `<nonce@hostname>`.
    pub hostname: String,
    /// Message size limits.
    pub limits: Limits,
    /// SCRAM: see [`ScramSha256Server::with_mock_credentials_key`].
    pub scram_mock_credentials_key: Option<Secret<Vec<u8>>>,
}

impl ServerConfig {
    /// A configuration for the server `hostname`, default limits, no SCRAM mock key.
    pub fn new(hostname: &str) -> Self {
        Self {
            hostname: hostname.to_owned(),
            limits: Limits::default(),
            scram_mock_credentials_key: None,
        }
    }

    /// Replaces the limits.
    #[must_use]
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Sets the SCRAM mock credentials key (see
    /// [`ScramSha256Server::with_mock_credentials_key`]).
    #[must_use]
    pub fn with_scram_mock_credentials_key(mut self, key: Secret<Vec<u8>>) -> Self {
        self.scram_mock_credentials_key = Some(key);
        self
    }
}

/// Any server mechanism of this crate, with the same verbs as each of them.
#[derive(Debug)]
#[non_exhaustive]
pub enum ServerMechanism {
    /// PLAIN.
    Plain(PlainServer),
    /// LOGIN.
    Login(LoginServer),
    /// CRAM-MD5.
    CramMd5(CramMd5Server),
    /// XOAUTH2.
    XOAuth2(XOAuth2Server),
    /// OAUTHBEARER.
    OAuthBearer(OAuthBearerServer),
    /// SCRAM-SHA-256.
    ScramSha256(ScramSha256Server),
}

macro_rules! dispatch {
    ($self:expr, $server:ident => $body:expr) => {
        match $self {
            ServerMechanism::Plain($server) => $body,
            ServerMechanism::Login($server) => $body,
            ServerMechanism::CramMd5($server) => $body,
            ServerMechanism::XOAuth2($server) => $body,
            ServerMechanism::OAuthBearer($server) => $body,
            ServerMechanism::ScramSha256($server) => $body,
        }
    };
}

impl ServerMechanism {
    /// Builds the server side of `mechanism`. `nonce` is the caller's fresh random string
    /// (printable ASCII; no `,` for SCRAM, no `<`, `>` for CRAM-MD5): the SCRAM server nonce,
    /// and the CRAM-MD5 challenge `<nonce@hostname>` (RFC 2195 §2 asks for a unique
    /// `msg-id`; a random nonce is as unique as `pid.clock`). Other mechanisms ignore it.
    ///
    /// # Errors
    ///
    /// [`SaslError::UnsupportedMechanism`] for a mechanism this crate does not implement;
    /// [`SaslError::InvalidInput`] for a nonce the mechanism cannot use.
    pub fn new(
        mechanism: &Mechanism,
        config: &ServerConfig,
        nonce: &str,
    ) -> Result<Self, SaslError> {
        let limits = config.limits;
        Ok(match mechanism {
            Mechanism::Plain => Self::Plain(PlainServer::new(limits)),
            Mechanism::Login => Self::Login(LoginServer::new(limits)),
            Mechanism::CramMd5 => Self::CramMd5(CramMd5Server::new(
                &format!("<{nonce}@{}>", config.hostname),
                limits,
            )?),
            Mechanism::XOAuth2 => Self::XOAuth2(XOAuth2Server::new(limits)),
            Mechanism::OAuthBearer => Self::OAuthBearer(OAuthBearerServer::new(limits)),
            Mechanism::ScramSha256 => {
                let server = ScramSha256Server::new(nonce, limits)?;
                Self::ScramSha256(match &config.scram_mock_credentials_key {
                    Some(key) => server.with_mock_credentials_key(key.clone()),
                    None => server,
                })
            }
            Mechanism::Other(_) => return Err(SaslError::UnsupportedMechanism(mechanism.clone())),
        })
    }

    /// The mechanism.
    pub fn mechanism(&self) -> Mechanism {
        match self {
            Self::Plain(_) => Mechanism::Plain,
            Self::Login(_) => Mechanism::Login,
            Self::CramMd5(_) => Mechanism::CramMd5,
            Self::XOAuth2(_) => Mechanism::XOAuth2,
            Self::OAuthBearer(_) => Mechanism::OAuthBearer,
            Self::ScramSha256(_) => Mechanism::ScramSha256,
        }
    }

    /// Starts the exchange, with the client's initial response if it sent one (`Some(&[])`
    /// for an empty initial response, SMTP `AUTH <mech> =`).
    ///
    /// # Errors
    ///
    /// [`SaslError::UnexpectedStep`] if the exchange was already started.
    pub fn start(&mut self, initial_response: Option<&[u8]>) -> Result<ServerStep, SaslError> {
        dispatch!(self, s => s.start(initial_response))
    }

    /// Takes the client's response to the last challenge.
    ///
    /// # Errors
    ///
    /// [`SaslError::UnexpectedStep`] if no response was expected (nothing was challenged,
    /// the mechanism waits for [`answer`](Self::answer), or the exchange is over).
    pub fn step(&mut self, response: &[u8]) -> Result<ServerStep, SaslError> {
        dispatch!(self, s => s.step(response))
    }

    /// Takes the application's answer to the last [`ServerStep::Request`].
    ///
    /// # Errors
    ///
    /// [`SaslError::UnexpectedAnswer`] if that answer was not requested.
    pub fn answer(&mut self, answer: Answer) -> Result<ServerStep, SaslError> {
        dispatch!(self, s => s.answer(answer))
    }

    /// [`start`](Self::start), answering requests with `authenticator`: never returns
    /// [`ServerStep::Request`].
    ///
    /// # Errors
    ///
    /// As [`start`](Self::start).
    pub fn start_with<A: Authenticator + ?Sized>(
        &mut self,
        authenticator: &A,
        initial_response: Option<&[u8]>,
    ) -> Result<ServerStep, SaslError> {
        dispatch!(self, s => s.start_with(authenticator, initial_response))
    }

    /// [`step`](Self::step), answering requests with `authenticator`: never returns
    /// [`ServerStep::Request`].
    ///
    /// # Errors
    ///
    /// As [`step`](Self::step).
    pub fn step_with<A: Authenticator + ?Sized>(
        &mut self,
        authenticator: &A,
        response: &[u8],
    ) -> Result<ServerStep, SaslError> {
        dispatch!(self, s => s.step_with(authenticator, response))
    }
}

macro_rules! from_server {
    ($($variant:ident($ty:ty)),*) => {$(
        impl From<$ty> for ServerMechanism {
            fn from(server: $ty) -> Self {
                Self::$variant(server)
            }
        }
    )*};
}

from_server!(
    Plain(PlainServer),
    Login(LoginServer),
    CramMd5(CramMd5Server),
    XOAuth2(XOAuth2Server),
    OAuthBearer(OAuthBearerServer),
    ScramSha256(ScramSha256Server)
);
