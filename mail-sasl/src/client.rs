//! [`ClientMechanism`]: every client mechanism behind one type, built from [`Credentials`].

use crate::cram_md5::CramMd5Client;
use crate::error::SaslError;
use crate::login::LoginClient;
use crate::oauthbearer::OAuthBearerClient;
use crate::plain::PlainClient;
use crate::scram::ScramSha256Client;
use crate::xoauth2::XOAuth2Client;
use crate::{Mechanism, PREFERENCE_ORDER, Secret};

/// What the user proves their identity with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// A password: SCRAM-SHA-256, CRAM-MD5, PLAIN, LOGIN.
    Password(Secret<String>),
    /// An OAuth 2.0 access token: OAUTHBEARER, XOAUTH2.
    BearerToken(Secret<String>),
}

/// A user's credentials, from which a client mechanism can be built once the mechanism is
/// chosen (see [`select`](crate::select)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The authorization identity to act as, if not the user's own.
    pub authzid: Option<String>,
    /// The user name (authentication identity).
    pub username: String,
    /// The password or token.
    pub credential: Credential,
    /// The host name the client connected to (sent by OAUTHBEARER).
    pub host: Option<String>,
    /// The port the client connected to (sent by OAUTHBEARER).
    pub port: Option<u16>,
}

impl Credentials {
    /// A user name and password.
    pub fn password(username: &str, password: Secret<String>) -> Self {
        Self::new(username, Credential::Password(password))
    }

    /// A user name and OAuth 2.0 bearer token. XOAUTH2 sends the user name as `user`;
    /// OAUTHBEARER sends it as the GS2 authzid `a=` (as in the RFC 7628 §4 examples) unless
    /// [`with_authzid`](Self::with_authzid) set another.
    pub fn bearer_token(username: &str, token: Secret<String>) -> Self {
        Self::new(username, Credential::BearerToken(token))
    }

    fn new(username: &str, credential: Credential) -> Self {
        Self {
            authzid: None,
            username: username.to_owned(),
            credential,
            host: None,
            port: None,
        }
    }

    /// Acts as `authzid`.
    #[must_use]
    pub fn with_authzid(mut self, authzid: &str) -> Self {
        self.authzid = Some(authzid.to_owned());
        self
    }

    /// The server's host name and port, for OAUTHBEARER's `host` and `port`.
    #[must_use]
    pub fn with_host(mut self, host: &str, port: u16) -> Self {
        self.host = Some(host.to_owned());
        self.port = Some(port);
        self
    }

    /// The mechanisms these credentials can drive, strongest first (those that cannot carry
    /// an authzid are left out when one is set).
    pub fn mechanisms(&self) -> Vec<Mechanism> {
        PREFERENCE_ORDER
            .iter()
            .filter(|m| {
                let kind_fits = match self.credential {
                    Credential::Password(_) => {
                        !matches!(m, Mechanism::OAuthBearer | Mechanism::XOAuth2)
                    }
                    Credential::BearerToken(_) => {
                        matches!(m, Mechanism::OAuthBearer | Mechanism::XOAuth2)
                    }
                };
                kind_fits && (self.authzid.is_none() || m.carries_authzid())
            })
            .cloned()
            .collect()
    }
}

/// Any client mechanism of this crate, with the same verbs as each of them.
///
/// The protocol drives it: [`initial_response`](Self::initial_response) for SASL-IR (SMTP
/// `AUTH <mech> <ir>`, IMAP `AUTHENTICATE <mech> <ir>`), [`step`](Self::step) for each
/// server challenge, and [`finish`](Self::finish) on the server's success reply. The
/// application must treat the login as failed unless `finish` returns `Ok` (for SCRAM that is
/// where the server is authenticated).
#[derive(Debug)]
#[non_exhaustive]
pub enum ClientMechanism {
    /// PLAIN.
    Plain(PlainClient),
    /// LOGIN.
    Login(LoginClient),
    /// CRAM-MD5.
    CramMd5(CramMd5Client),
    /// XOAUTH2.
    XOAuth2(XOAuth2Client),
    /// OAUTHBEARER.
    OAuthBearer(OAuthBearerClient),
    /// SCRAM-SHA-256.
    ScramSha256(ScramSha256Client),
}

macro_rules! dispatch {
    ($self:expr, $client:ident => $body:expr) => {
        match $self {
            ClientMechanism::Plain($client) => $body,
            ClientMechanism::Login($client) => $body,
            ClientMechanism::CramMd5($client) => $body,
            ClientMechanism::XOAuth2($client) => $body,
            ClientMechanism::OAuthBearer($client) => $body,
            ClientMechanism::ScramSha256($client) => $body,
        }
    };
}

impl ClientMechanism {
    /// Builds the client for `mechanism` from `credentials`. `nonce` is the caller's fresh
    /// random client nonce for SCRAM (printable ASCII except `,`), ignored by the others.
    ///
    /// # Errors
    ///
    /// [`SaslError::UnsupportedMechanism`] for a mechanism this crate does not implement,
    /// [`SaslError::WrongCredentialKind`] (a token for SCRAM...),
    /// [`SaslError::AuthzidNotSupported`] (an authzid for LOGIN or CRAM-MD5), or the
    /// mechanism's own [`SaslError::InvalidInput`].
    pub fn new(
        mechanism: &Mechanism,
        credentials: &Credentials,
        nonce: &str,
    ) -> Result<Self, SaslError> {
        let wrong_kind = || SaslError::WrongCredentialKind {
            mechanism: mechanism.clone(),
        };
        let no_authzid = || {
            if credentials.authzid.is_some() {
                Err(SaslError::AuthzidNotSupported {
                    mechanism: mechanism.clone(),
                })
            } else {
                Ok(())
            }
        };
        let authzid = credentials.authzid.as_deref();
        let user = credentials.username.as_str();
        match (&credentials.credential, mechanism) {
            (Credential::Password(password), Mechanism::Plain) => {
                PlainClient::new(authzid, user, password.clone()).map(Self::Plain)
            }
            (Credential::Password(password), Mechanism::Login) => {
                no_authzid()?;
                LoginClient::new(user, password.clone()).map(Self::Login)
            }
            (Credential::Password(password), Mechanism::CramMd5) => {
                no_authzid()?;
                CramMd5Client::new(user, password.clone()).map(Self::CramMd5)
            }
            (Credential::Password(password), Mechanism::ScramSha256) => {
                let client = ScramSha256Client::new(user, password.clone(), nonce)?;
                match authzid {
                    Some(authzid) => client.with_authzid(authzid),
                    None => Ok(client),
                }
                .map(Self::ScramSha256)
            }
            (Credential::BearerToken(token), Mechanism::XOAuth2) => {
                no_authzid()?;
                XOAuth2Client::new(user, token.clone()).map(Self::XOAuth2)
            }
            (Credential::BearerToken(token), Mechanism::OAuthBearer) => OAuthBearerClient::new(
                Some(authzid.unwrap_or(user)),
                credentials.host.as_deref(),
                credentials.port,
                token.clone(),
            )
            .map(Self::OAuthBearer),
            (_, Mechanism::Other(_)) => Err(SaslError::UnsupportedMechanism(mechanism.clone())),
            _ => Err(wrong_kind()),
        }
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

    /// The initial response, if the mechanism has one (client-first mechanisms; LOGIN only
    /// when asked to send the user name early).
    pub fn initial_response(&mut self) -> Option<Vec<u8>> {
        dispatch!(self, c => c.initial_response())
    }

    /// The response to a server challenge.
    ///
    /// # Errors
    ///
    /// As the mechanism's own `step`.
    pub fn step(&mut self, challenge: &[u8]) -> Result<Vec<u8>, SaslError> {
        dispatch!(self, c => c.step(challenge))
    }

    /// Checks the server's success outcome, with its additional data if the protocol
    /// carried any.
    ///
    /// # Errors
    ///
    /// As the mechanism's own `finish`; notably SCRAM's
    /// [`SaslError::ServerSignatureMismatch`] and [`SaslError::MissingServerSignature`].
    pub fn finish(&mut self, additional_data: Option<&[u8]>) -> Result<(), SaslError> {
        dispatch!(self, c => c.finish(additional_data))
    }
}

macro_rules! from_client {
    ($($variant:ident($ty:ty)),*) => {$(
        impl From<$ty> for ClientMechanism {
            fn from(client: $ty) -> Self {
                Self::$variant(client)
            }
        }
    )*};
}

from_client!(
    Plain(PlainClient),
    Login(LoginClient),
    CramMd5(CramMd5Client),
    XOAuth2(XOAuth2Client),
    OAuthBearer(OAuthBearerClient),
    ScramSha256(ScramSha256Client)
);
