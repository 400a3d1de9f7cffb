//! SASL mechanisms (RFC 4422) as IO-free state machines, client and server side.
//!
//! | mechanism | specification | client | server asks the application for |
//! |---|---|---|---|
//! | `SCRAM-SHA-256` | RFC 7677, RFC 5802 | [`ScramSha256Client`] | stored [`ScramCredentials`] |
//! | `OAUTHBEARER` | RFC 7628 | [`OAuthBearerClient`] | a token check |
//! | `XOAUTH2` | Google / Microsoft | [`XOAuth2Client`] | a token check |
//! | `CRAM-MD5` | RFC 2195 | [`CramMd5Client`] | the shared secret |
//! | `PLAIN` | RFC 4616 | [`PlainClient`] | a password check |
//! | `LOGIN` | the expired `draft-murchison-sasl-login` ([`login`]) | [`LoginClient`] | a password check |
//!
//! The mechanisms work on **decoded bytes**: the protocol (SMTP `334`, IMAP `+`, POP3 `+`)
//! does the base64 framing, the `*` cancellation and the mapping of outcomes to replies. No
//! I/O, no clock, no random numbers: nonces and the CRAM-MD5 challenge come from the caller.
//!
//! # Driving a mechanism
//!
//! Every client ([`ClientMechanism`] or a per-mechanism type) has the same verbs:
//! `initial_response()` (for SASL-IR / `AUTH <mech> <ir>`), `step(challenge)` for each
//! server challenge, and `finish(additional_data)` when the server reports success — the
//! login has succeeded only if `finish` returns `Ok`. For SCRAM that is where the server's
//! signature is verified; there is no way to skip it.
//!
//! Every server ([`ServerMechanism`] or a per-mechanism type) has `start(initial_response)`,
//! `step(response)` and `answer(answer)`, each returning a [`ServerStep`]:
//! [`Challenge`](ServerStep::Challenge) to send, a [`Request`](ServerStep::Request) the
//! application must answer (maybe later, after an asynchronous lookup — the mechanism never
//! blocks), [`Success`](ServerStep::Success) or [`Failure`](ServerStep::Failure).
//! Applications that answer synchronously implement [`Authenticator`] and call
//! `start_with` / `step_with`, which never return a request.
//!
//! ```
//! use mail_sasl::{
//!     Authenticator, ClientMechanism, Credentials, Mechanism, PlaintextPolicy, Rejection,
//!     ScramCredentials, Secret, ServerConfig, ServerMechanism, ServerStep, select,
//! };
//!
//! /// The server's user database: SCRAM credentials are derived when a password is set.
//! struct Users {
//!     alice: ScramCredentials,
//! }
//!
//! impl Authenticator for Users {
//!     fn scram_sha256_credentials(
//!         &self,
//!         authzid: Option<&str>,
//!         authcid: &str,
//!     ) -> Result<ScramCredentials, Rejection> {
//!         match (authzid, authcid) {
//!             (None, "alice") => Ok(self.alice.clone()),
//!             (Some(_), "alice") => Err(Rejection::AuthzidNotPermitted),
//!             _ => Err(Rejection::UnknownUser),
//!         }
//!     }
//! }
//!
//! let users = Users {
//!     alice: ScramCredentials::derive("correct horse", b"random-salt-1234", 4096).unwrap(),
//! };
//!
//! // The client picks the strongest mechanism both sides offer (here without TLS).
//! let credentials = Credentials::password("alice", Secret::from("correct horse"));
//! let offered = [Mechanism::Plain, Mechanism::CramMd5, Mechanism::ScramSha256];
//! let mechanism = select(&credentials.mechanisms(), &offered, PlaintextPolicy::Refuse).unwrap();
//! assert_eq!(mechanism, Mechanism::ScramSha256);
//!
//! // Nonces come from the caller's random number generator.
//! let mut client = ClientMechanism::new(&mechanism, &credentials, "GZ1cL7WnKHO8xYfUeT2a").unwrap();
//! let mut server =
//!     ServerMechanism::new(&mechanism, &ServerConfig::new("mail.example.com"), "8hPvM3QqRz0KdN5s")
//!         .unwrap();
//!
//! // C: AUTH SCRAM-SHA-256 <initial response>
//! let initial = client.initial_response();
//! let mut step = server.start_with(&users, initial.as_deref()).unwrap();
//! let outcome = loop {
//!     match step {
//!         // S: 334 <challenge>   C: <response>
//!         ServerStep::Challenge(challenge) => {
//!             let response = client.step(&challenge).unwrap();
//!             step = server.step_with(&users, &response).unwrap();
//!         }
//!         ServerStep::Success(outcome) => break outcome,
//!         ServerStep::Failure(failure) => panic!("refused: {failure:?}"),
//!         ServerStep::Request(_) => unreachable!("start_with/step_with answer requests"),
//!     }
//! };
//! assert_eq!(outcome.identity(), "alice");
//!
//! // S: 235 (with SCRAM's server-final message as additional data): the client checks the
//! // server's signature before it trusts the session.
//! client.finish(outcome.additional_data.as_deref()).unwrap();
//! ```
//!
//! # Security
//!
//! * Credentials live in [`Secret`]: its `Debug` prints `Secret(***)`, it compares in
//!   constant time, and it overwrites its memory on drop (best effort). No type of this crate
//!   shows a password or token in `Debug`.
//! * Digests, proofs and signatures are compared in constant time (`subtle`).
//! * Every message from the peer is bounded by [`Limits`] before it is parsed; nothing panics
//!   on any input (property-tested).
//! * [`select`] with [`PlaintextPolicy::Refuse`] never picks a mechanism that sends a
//!   reusable credential: use it before TLS.
//! * SCRAM: the client refuses iteration counts outside 4096..=1,000,000 by default; the
//!   server can hide which users exist ([`ScramSha256Server::with_mock_credentials_key`]).
//!
//! # Not implemented
//!
//! * Channel binding (`SCRAM-SHA-256-PLUS`): the client sends `n`, the server refuses `p=`.
//! * SCRAM-SHA-1 (RFC 5802's mandatory-to-implement, but obsolete for mail), DIGEST-MD5
//!   (historic), GSSAPI, EXTERNAL, ANONYMOUS: they parse as [`Mechanism::Other`].
//! * `SASLprep` is a subset: no NFKC normalization and no bidi check ([`saslprep`]).
//! * Security layers (RFC 4422 §3.7): none of these mechanisms has one.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

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
