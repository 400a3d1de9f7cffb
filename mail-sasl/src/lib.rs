//! SASL mechanisms (RFC 4422) as IO-free state machines.
#![forbid(unsafe_code)]

mod client;
mod cram_md5;
mod crypto;
mod error;
pub mod login;
mod mechanism;
mod oauth;
mod oauthbearer;
mod plain;
mod prep;
pub mod scram;
mod secret;
mod server;
mod server_mechanism;
mod token;
mod xoauth2;

pub use client::{ClientMechanism, Credential, Credentials};
pub use cram_md5::{CramMd5Client, CramMd5Server};
pub use error::{Field, InputProblem, Malformed, MechanismNameError, SaslError};
pub use login::{LoginClient, LoginServer};
pub use mechanism::{Mechanism, PREFERENCE_ORDER, PlaintextPolicy, select};
pub use oauth::OAuthError;
pub use oauthbearer::{OAuthBearerClient, OAuthBearerServer};
pub use plain::{PlainClient, PlainMessage, PlainServer};
pub use prep::{SaslprepError, saslprep};
pub use scram::{ScramCredentials, ScramServerError, ScramSha256Client, ScramSha256Server};
pub use secret::{Secret, Wipe};
pub use server::{
    Answer, Authenticated, Authenticator, Failure, Rejection, Request, ServerStep, TokenRequest,
    TokenVerdict, Verdict,
};
pub use server_mechanism::{ServerConfig, ServerMechanism};
pub use xoauth2::{XOAuth2Client, XOAuth2Server};

/// Bounds on what a mechanism accepts from its peer, checked before anything is allocated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// The longest message (decoded, in octets) accepted from the peer.
    pub max_message_len: usize,
}

impl Limits {
    /// The default [`max_message_len`](Self::max_message_len): 16 KiB, room for the largest
    /// OAuth 2.0 access tokens seen in practice and far above the 3 × 255 octets RFC 4616 §2
    /// asks a PLAIN server to accept.
    pub const DEFAULT_MAX_MESSAGE_LEN: usize = 16 * 1024;

    /// Limits with the given maximum message length.
    pub fn with_max_message_len(max_message_len: usize) -> Self {
        Self { max_message_len }
    }

    pub(crate) fn check(&self, len: usize) -> Option<Failure> {
        (len > self.max_message_len).then_some(Failure::TooLong {
            len,
            max: self.max_message_len,
        })
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_message_len: Self::DEFAULT_MAX_MESSAGE_LEN,
        }
    }
}
