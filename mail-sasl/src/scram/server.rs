//! The SCRAM-SHA-256 server (RFC 5802 §5, RFC 7677 §3).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

use super::message::{ChannelBindingFlag, ClientFinal, ClientFirst, gs2_header_len};
use super::{ScramCredentials, auth_message, is_valid_nonce, xor_signature};
use crate::crypto::{ct_eq, hmac_sha256, sha256};
use crate::error::{Field, InputProblem, Malformed, SaslError};
use crate::server::{
    Answer, Authenticated, Authenticator, Failure, Rejection, Request, ServerStep, resolve_with,
};
use crate::{Limits, Mechanism, Secret, saslprep};

const MECH: Mechanism = Mechanism::ScramSha256;

/// What the server keeps from the client-first message.
#[derive(Debug)]
struct First {
    gs2_header: Vec<u8>,
    bare: Vec<u8>,
    client_nonce: String,
    authzid: Option<String>,
    authcid: String,
}

#[derive(Debug)]
enum State {
    Initial,
    AwaitFirst,
    AwaitCredentials(First),
    AwaitFinal {
        first: First,
        server_first: String,
        credentials: ScramCredentials,
        /// Set when the user is refused but the exchange goes on with mock credentials.
        refused: Option<Rejection>,
    },
    Done,
}

/// SCRAM-SHA-256 server. It asks the application for the user's [`ScramCredentials`]
/// ([`Request::ScramCredentials`]) and checks the client proof itself, in constant time.
///
/// On success the [`Authenticated::additional_data`] is the server-final message
/// `v=<ServerSignature>`, which the protocol must deliver (with the success reply, or as a
/// last challenge answered by an empty response).
///
/// On failure no `e=` message is sent (RFC 5802 §5.1 makes it OPTIONAL);
/// [`Failure::scram_error`] gives the value for a server that wants to send one.
#[derive(Debug)]
pub struct ScramSha256Server {
    server_nonce: String,
    mock_key: Option<Secret<Vec<u8>>>,
    limits: Limits,
    state: State,
}

impl ScramSha256Server {
    /// A server mechanism with the caller's fresh `server_nonce` (printable ASCII except `,`;
    /// e.g. 18+ random octets in base64), appended to the client's nonce.
    ///
    /// # Errors
    ///
    /// [`SaslError::InvalidInput`] if the nonce is not printable ASCII without `,`.
    pub fn new(server_nonce: &str, limits: Limits) -> Result<Self, SaslError> {
        if !is_valid_nonce(server_nonce) {
            return Err(SaslError::input(
                MECH,
                Field::Nonce,
                InputProblem::BadCharacter,
            ));
        }
        Ok(Self {
            server_nonce: server_nonce.to_owned(),
            mock_key: None,
            limits,
            state: State::Initial,
        })
    }

    /// Hides which users exist: when the application refuses the credential lookup, the
    /// exchange goes on with a salt derived from `key` and the user name (stable across
    /// attempts, like a real one) and fails only after the client's proof, as a wrong
    /// password would. `key` is a server-wide secret the application keeps.
    #[must_use]
    pub fn with_mock_credentials_key(mut self, key: Secret<Vec<u8>>) -> Self {
        self.mock_key = Some(key);
        self
    }

    /// Starts the exchange, with the client-first message if it came as initial response.
    ///
    /// # Errors
    ///
    /// [`SaslError::UnexpectedStep`] if the exchange was already started.
    pub fn start(&mut self, initial_response: Option<&[u8]>) -> Result<ServerStep, SaslError> {
        if !matches!(self.state, State::Initial) {
            return Err(SaslError::UnexpectedStep { mechanism: MECH });
        }
        Ok(match initial_response {
            Some(message) => self.receive_first(message),
            None => {
                self.state = State::AwaitFirst;
                ServerStep::Challenge(Vec::new())
            }
        })
    }

    /// Takes the client's next message (client-first after an empty challenge, or
    /// client-final).
    ///
    /// # Errors
    ///
    /// [`SaslError::UnexpectedStep`] if no message was expected (e.g. while waiting for
    /// the application's answer).
    pub fn step(&mut self, response: &[u8]) -> Result<ServerStep, SaslError> {
        match core::mem::replace(&mut self.state, State::Done) {
            State::AwaitFirst => Ok(self.receive_first(response)),
            State::AwaitFinal {
                first,
                server_first,
                credentials,
                refused,
            } => Ok(self.receive_final(&first, &server_first, &credentials, refused, response)),
            other => {
                self.state = other;
                Err(SaslError::UnexpectedStep { mechanism: MECH })
            }
        }
    }

    fn receive_first(&mut self, message: &[u8]) -> ServerStep {
        self.state = State::Done;
        if let Some(failure) = self.limits.check(message.len()) {
            return ServerStep::Failure(failure);
        }
        let parsed = match ClientFirst::parse(message) {
            Ok(parsed) => parsed,
            Err(reason) => return ServerStep::Failure(Failure::Malformed(reason)),
        };
        if let ChannelBindingFlag::Required(_) = parsed.channel_binding {
            return ServerStep::Failure(Failure::ChannelBindingNotSupported);
        }
        // RFC 5802 §5.1 n: the server MUST prepare the name or be SASLprep-aware; hash
        // calculations use the name as received (they use the raw bare message).
        let authcid = match saslprep(&parsed.username) {
            Ok(name) => name.into_owned(),
            Err(_) => {
                return ServerStep::Failure(Failure::Malformed(Malformed::BadCharacter(
                    Field::Authcid,
                )));
            }
        };
        let header_len = gs2_header_len(message).unwrap_or_default();
        let (gs2_header, bare) = message.split_at(header_len.min(message.len()));
        let first = First {
            gs2_header: gs2_header.to_vec(),
            bare: bare.to_vec(),
            client_nonce: parsed.nonce,
            authzid: parsed.authzid.clone(),
            authcid: authcid.clone(),
        };
        self.state = State::AwaitCredentials(first);
        ServerStep::Request(Request::ScramCredentials {
            authzid: parsed.authzid,
            authcid,
        })
    }

    /// Takes the application's [`Answer::ScramCredentials`].
    ///
    /// # Errors
    ///
    /// [`SaslError::UnexpectedAnswer`] if credentials were not requested.
    pub fn answer(&mut self, answer: Answer) -> Result<ServerStep, SaslError> {
        let Answer::ScramCredentials(lookup) = answer else {
            return Err(SaslError::UnexpectedAnswer { mechanism: MECH });
        };
        let first = match core::mem::replace(&mut self.state, State::Done) {
            State::AwaitCredentials(first) => first,
            other => {
                self.state = other;
                return Err(SaslError::UnexpectedAnswer { mechanism: MECH });
            }
        };
        let (credentials, refused) = match (lookup, &self.mock_key) {
            (Ok(credentials), _) => (credentials, None),
            (Err(rejection), Some(key)) => (mock_credentials(key, &first.authcid), Some(rejection)),
            (Err(rejection), None) => {
                return Ok(ServerStep::Failure(Failure::Rejected(rejection)));
            }
        };
        let server_first = format!(
            "r={}{},s={},i={}",
            first.client_nonce,
            self.server_nonce,
            BASE64.encode(&credentials.salt),
            credentials.iterations
        );
        let challenge = server_first.clone().into_bytes();
        self.state = State::AwaitFinal {
            first,
            server_first,
            credentials,
            refused,
        };
        Ok(ServerStep::Challenge(challenge))
    }

    fn receive_final(
        &mut self,
        first: &First,
        server_first: &str,
        credentials: &ScramCredentials,
        refused: Option<Rejection>,
        message: &[u8],
    ) -> ServerStep {
        if let Some(failure) = self.limits.check(message.len()) {
            return ServerStep::Failure(failure);
        }
        let (parsed, without_proof_len) = match ClientFinal::parse(message) {
            Ok(parsed) => parsed,
            Err(reason) => return ServerStep::Failure(Failure::Malformed(reason)),
        };
        // RFC 5802 §6: "The server MUST always validate the client's c= field."
        if parsed.channel_binding != first.gs2_header {
            return ServerStep::Failure(Failure::ChannelBindingMismatch);
        }
        let expected_nonce_len = first.client_nonce.len() + self.server_nonce.len();
        if parsed.nonce.len() != expected_nonce_len
            || !parsed.nonce.starts_with(&first.client_nonce)
            || !parsed.nonce.ends_with(&self.server_nonce)
        {
            return ServerStep::Failure(Failure::NonceMismatch);
        }
        let without_proof = message.get(..without_proof_len).unwrap_or_default();
        let auth = auth_message(&first.bare, server_first.as_bytes(), without_proof);
        let Ok(proof) = <[u8; 32]>::try_from(parsed.proof.as_slice()) else {
            return ServerStep::Failure(Failure::InvalidCredentials);
        };
        // ClientKey = ClientProof XOR ClientSignature; check H(ClientKey) == StoredKey.
        let client_key = Secret::new(xor_signature(
            &proof,
            credentials.stored_key.expose(),
            &auth,
        ));
        let proof_ok = ct_eq(
            &sha256(client_key.expose()),
            credentials.stored_key.expose(),
        );
        if let Some(rejection) = refused {
            return ServerStep::Failure(Failure::Rejected(rejection));
        }
        if !proof_ok {
            return ServerStep::Failure(Failure::InvalidCredentials);
        }
        let signature = hmac_sha256(credentials.server_key.expose(), &auth);
        ServerStep::Success(Authenticated {
            authcid: first.authcid.clone(),
            authzid: first.authzid.clone(),
            additional_data: Some(format!("v={}", BASE64.encode(signature)).into_bytes()),
        })
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

/// Deterministic stand-in credentials for a refused user: same salt every time for the same
/// name, keys no password can match in practice.
fn mock_credentials(key: &Secret<Vec<u8>>, authcid: &str) -> ScramCredentials {
    let derive = |label: &[u8]| hmac_sha256(key.expose(), &[label, authcid.as_bytes()]);
    let salt = derive(b"mail-sasl mock salt\0");
    ScramCredentials {
        salt: salt.get(..16).unwrap_or_default().to_vec(),
        iterations: super::DEFAULT_MIN_ITERATIONS,
        stored_key: Secret::new(derive(b"mail-sasl mock stored key\0")),
        server_key: Secret::new(derive(b"mail-sasl mock server key\0")),
    }
}
