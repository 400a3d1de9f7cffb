//! The SCRAM-SHA-256 client (RFC 5802 §5, RFC 7677 §3).

use super::message::{
    ChannelBindingFlag, ClientFinal, ClientFirst, ServerFinal, ServerFirst, gs2_header,
};
use super::{
    DEFAULT_MAX_ITERATIONS, DEFAULT_MIN_ITERATIONS, Keys, auth_message, is_valid_nonce,
    salted_password, xor_signature,
};
use crate::crypto::{ct_eq, hmac_sha256};
use crate::error::{Field, InputProblem, SaslError};
use crate::{Limits, Mechanism, Secret, saslprep};

const MECH: Mechanism = Mechanism::ScramSha256;

#[derive(Debug)]
enum State {
    Initial,
    /// client-first sent; keeps client-first-message-bare.
    SentFirst {
        bare: String,
    },
    /// client-final sent; keeps the `ServerSignature` the server must produce.
    SentFinal {
        server_signature: Secret<[u8; 32]>,
    },
    /// The server signature verified.
    Verified,
    /// `finish()` returned `Ok`, or an error ended the exchange.
    Done,
}

/// SCRAM-SHA-256 client.
///
/// The server is authenticated too: its final message must carry the `v=` signature that
/// only a holder of `ServerKey` can compute, and [`finish`](Self::finish) returns an error
/// if it is wrong or was never received. The application must treat the login as failed
/// unless `finish` returns `Ok` — there is no other way to end the exchange successfully.
///
/// The password and user name are prepared with [`saslprep`] (as far as this crate
/// implements it, see there).
#[derive(Debug)]
pub struct ScramSha256Client {
    authzid: Option<String>,
    username: String,
    password: Secret<String>,
    nonce: String,
    min_iterations: u32,
    max_iterations: u32,
    limits: Limits,
    state: State,
}

impl ScramSha256Client {
    /// A client for `username` and `password`, with the caller's fresh `client_nonce`
    /// (printable ASCII except `,`; e.g. 18+ random octets in base64).
    ///
    /// # Errors
    ///
    /// [`SaslError::InvalidInput`] if `SASLprep` refuses the user name or password, or the
    /// nonce is not printable ASCII without `,`.
    #[expect(
        clippy::needless_pass_by_value,
        reason = "the credential is handed over and wiped when dropped here"
    )]
    pub fn new(
        username: &str,
        password: Secret<String>,
        client_nonce: &str,
    ) -> Result<Self, SaslError> {
        let prepared = |value: &str, field| {
            saslprep(value)
                .map(|p| p.into_owned())
                .map_err(|e| SaslError::input(MECH, field, InputProblem::Saslprep(e)))
        };
        let username = prepared(username, Field::Authcid)?;
        let password = Secret::new(prepared(password.expose(), Field::Password)?);
        if !is_valid_nonce(client_nonce) {
            return Err(SaslError::input(
                MECH,
                Field::Nonce,
                InputProblem::BadCharacter,
            ));
        }
        Ok(Self {
            authzid: None,
            username,
            password,
            nonce: client_nonce.to_owned(),
            min_iterations: DEFAULT_MIN_ITERATIONS,
            max_iterations: DEFAULT_MAX_ITERATIONS,
            limits: Limits::default(),
            state: State::Initial,
        })
    }

    /// Asks to act as `authzid` (the GS2 `a=` attribute, RFC 5802 §5.1).
    ///
    /// # Errors
    ///
    /// [`SaslError::InvalidInput`] if it is empty or has a NUL.
    pub fn with_authzid(mut self, authzid: &str) -> Result<Self, SaslError> {
        if authzid.is_empty() || authzid.contains('\0') {
            let problem = if authzid.is_empty() {
                InputProblem::Empty
            } else {
                InputProblem::BadCharacter
            };
            return Err(SaslError::input(MECH, Field::Authzid, problem));
        }
        self.authzid = Some(authzid.to_owned());
        Ok(self)
    }

    /// The iteration counts the client accepts (default
    /// [`DEFAULT_MIN_ITERATIONS`]`..=`[`DEFAULT_MAX_ITERATIONS`]).
    #[must_use]
    pub fn with_iteration_range(mut self, min: u32, max: u32) -> Self {
        self.min_iterations = min.max(1);
        self.max_iterations = max;
        self
    }

    /// The limit on the server's message length.
    #[must_use]
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    fn client_first(&mut self) -> Vec<u8> {
        let message = ClientFirst {
            channel_binding: ChannelBindingFlag::None,
            authzid: self.authzid.clone(),
            username: self.username.clone(),
            nonce: self.nonce.clone(),
        };
        let bare = message.bare();
        let wire = message.encode().unwrap_or_default();
        self.state = State::SentFirst { bare };
        wire.into_bytes()
    }

    /// The client-first message, to send as the initial response (`None` once sent).
    pub fn initial_response(&mut self) -> Option<Vec<u8>> {
        matches!(self.state, State::Initial).then(|| self.client_first())
    }

    /// Answers a server challenge: the empty challenge of a server that did not get an
    /// initial response (→ client-first), the server-first message (→ client-final), or
    /// the server-final message sent as a challenge (verified here → empty response).
    ///
    /// # Errors
    ///
    /// [`SaslError::MalformedMessage`], [`SaslError::NonceMismatch`],
    /// [`SaslError::IterationCountOutOfRange`], [`SaslError::ScramServerError`] (`e=`),
    /// [`SaslError::ServerSignatureMismatch`], [`SaslError::MessageTooLong`], or
    /// [`SaslError::UnexpectedStep`]. After an error the exchange is over.
    pub fn step(&mut self, challenge: &[u8]) -> Result<Vec<u8>, SaslError> {
        if challenge.len() > self.limits.max_message_len {
            self.state = State::Done;
            return Err(SaslError::MessageTooLong {
                mechanism: MECH,
                len: challenge.len(),
                max: self.limits.max_message_len,
            });
        }
        match core::mem::replace(&mut self.state, State::Done) {
            State::Initial if challenge.is_empty() => Ok(self.client_first()),
            State::SentFirst { bare } => self.client_final(&bare, challenge),
            State::SentFinal { server_signature } => {
                self.verify_server_final(&server_signature, challenge)?;
                self.state = State::Verified;
                Ok(Vec::new())
            }
            _ => Err(SaslError::UnexpectedStep { mechanism: MECH }),
        }
    }

    fn client_final(&mut self, bare: &str, server_first: &[u8]) -> Result<Vec<u8>, SaslError> {
        if server_first.starts_with(b"e=") {
            return match ServerFinal::parse(server_first) {
                Ok(ServerFinal::Error(e)) => Err(SaslError::ScramServerError(e)),
                Ok(ServerFinal::Verifier(_)) | Err(_) => Err(SaslError::malformed(
                    MECH,
                    crate::error::Malformed::MissingAttribute('r'),
                )),
            };
        }
        let first = ServerFirst::parse(server_first).map_err(|r| SaslError::malformed(MECH, r))?;
        // RFC 5802 §5.1 r: "The client MUST verify that the initial part of the nonce used in
        // subsequent messages is the same as the nonce it initially specified." The server
        // must also have added its own part.
        if first.nonce.len() <= self.nonce.len() || !first.nonce.starts_with(&self.nonce) {
            return Err(SaslError::NonceMismatch);
        }
        if !(self.min_iterations..=self.max_iterations).contains(&first.iterations) {
            return Err(SaslError::IterationCountOutOfRange {
                count: first.iterations,
                min: self.min_iterations,
                max: self.max_iterations,
            });
        }
        let salted = salted_password(self.password.expose(), &first.salt, first.iterations)?;
        let keys = Keys::from_salted_password(salted.expose());
        let gs2_header = gs2_header(&ChannelBindingFlag::None, self.authzid.as_deref());
        let mut message = ClientFinal {
            channel_binding: gs2_header.into_bytes(),
            nonce: first.nonce,
            proof: Vec::new(),
        };
        let without_proof = message.without_proof().unwrap_or_default();
        let auth = auth_message(bare.as_bytes(), server_first, without_proof.as_bytes());
        message.proof =
            xor_signature(keys.client_key.expose(), keys.stored_key.expose(), &auth).to_vec();
        let server_signature = Secret::new(hmac_sha256(keys.server_key.expose(), &auth));
        self.state = State::SentFinal { server_signature };
        Ok(message.encode().unwrap_or_default().into_bytes())
    }

    fn verify_server_final(
        &self,
        expected: &Secret<[u8; 32]>,
        server_final: &[u8],
    ) -> Result<(), SaslError> {
        match ServerFinal::parse(server_final).map_err(|r| SaslError::malformed(MECH, r))? {
            ServerFinal::Error(e) => Err(SaslError::ScramServerError(e)),
            ServerFinal::Verifier(v) if ct_eq(&v, expected.expose()) => Ok(()),
            ServerFinal::Verifier(_) => Err(SaslError::ServerSignatureMismatch),
        }
    }

    /// Checks the server's success outcome. `additional_data` is the server-final message
    /// if the protocol carried it with the success reply; `None` if it came earlier as a
    /// challenge (and [`step`](Self::step) verified it).
    ///
    /// # Errors
    ///
    /// [`SaslError::ServerSignatureMismatch`] if the signature is wrong,
    /// [`SaslError::MissingServerSignature`] if the server never sent one,
    /// [`SaslError::ScramServerError`] for `e=`, [`SaslError::UnexpectedStep`] before the
    /// client-final message was sent or after `finish` returned.
    pub fn finish(&mut self, additional_data: Option<&[u8]>) -> Result<(), SaslError> {
        let additional_data = additional_data.filter(|d| !d.is_empty());
        match (
            core::mem::replace(&mut self.state, State::Done),
            additional_data,
        ) {
            (State::SentFinal { server_signature }, Some(data)) => {
                self.verify_server_final(&server_signature, data)
            }
            (State::SentFinal { .. }, None) => Err(SaslError::MissingServerSignature),
            (State::Verified, None) => Ok(()),
            // Success data after the signature was already verified as a challenge: the
            // server may not send a second server-final message.
            (State::Verified, Some(_)) => Err(SaslError::malformed(
                MECH,
                crate::error::Malformed::UnexpectedLength,
            )),
            _ => Err(SaslError::UnexpectedStep { mechanism: MECH }),
        }
    }
}
