//! Shared by the integration tests: an in-memory user directory and a loop that wires a
//! client mechanism to a server mechanism the way a protocol would.
#![allow(
    dead_code,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use mail_sasl::{
    Authenticated, Authenticator, ClientMechanism, Credentials, Failure, Mechanism, OAuthError,
    Rejection, SaslError, ScramCredentials, Secret, ServerConfig, ServerMechanism, ServerStep,
    TokenRequest, TokenVerdict, Verdict,
};

pub const PASSWORD: &str = "pencil-Zq8#distinctive";
pub const TOKEN: &str = "vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==";

/// Users: `user` (password [`PASSWORD`], may act as `shared`), `admin` (may act as
/// anyone), and the token [`TOKEN`] for `user@example.com`.
pub struct Directory {
    pub salt: Vec<u8>,
    pub iterations: u32,
    /// SCRAM credentials derived once per user (PBKDF2 is slow in debug builds).
    scram: Vec<(&'static str, ScramCredentials)>,
}

impl Default for Directory {
    fn default() -> Self {
        Self::new(b"per-user-salt-16", 4096)
    }
}

impl Directory {
    pub fn new(salt: &[u8], iterations: u32) -> Self {
        let scram = ["user", "user@example.com", "admin"]
            .into_iter()
            .map(|u| {
                let password = Self::password_of(u).unwrap();
                (
                    u,
                    ScramCredentials::derive(password, salt, iterations).unwrap(),
                )
            })
            .collect();
        Self {
            salt: salt.to_vec(),
            iterations,
            scram,
        }
    }
}

impl Directory {
    fn password_of(authcid: &str) -> Option<&'static str> {
        match authcid {
            "user" | "user@example.com" => Some(PASSWORD),
            "admin" => Some("admin-secret"),
            _ => None,
        }
    }

    fn may_act_as(authcid: &str, authzid: Option<&str>) -> bool {
        match authzid {
            None => true,
            Some(z) if z == authcid => true,
            Some("shared") => authcid == "user",
            Some(_) => authcid == "admin",
        }
    }
}

impl Authenticator for Directory {
    fn verify_password(
        &self,
        authzid: Option<&str>,
        authcid: &str,
        password: &Secret<String>,
    ) -> Verdict {
        let Some(stored) = Self::password_of(authcid) else {
            return Verdict::Reject(Rejection::UnknownUser);
        };
        if *password != Secret::from(stored) {
            return Verdict::Reject(Rejection::BadCredentials);
        }
        if !Self::may_act_as(authcid, authzid) {
            return Verdict::Reject(Rejection::AuthzidNotPermitted);
        }
        Verdict::Accept
    }

    fn cram_md5_secret(&self, authcid: &str) -> Result<Secret<String>, Rejection> {
        Self::password_of(authcid)
            .map(Secret::from)
            .ok_or(Rejection::UnknownUser)
    }

    fn scram_sha256_credentials(
        &self,
        authzid: Option<&str>,
        authcid: &str,
    ) -> Result<ScramCredentials, Rejection> {
        let (_, credentials) = self
            .scram
            .iter()
            .find(|(u, _)| *u == authcid)
            .ok_or(Rejection::UnknownUser)?;
        if !Self::may_act_as(authcid, authzid) {
            return Err(Rejection::AuthzidNotPermitted);
        }
        Ok(credentials.clone())
    }

    fn verify_token(&self, request: &TokenRequest) -> TokenVerdict {
        let valid = request
            .token
            .as_ref()
            .is_some_and(|t| *t == Secret::from(TOKEN));
        let user_ok = request
            .user
            .as_deref()
            .is_none_or(|u| u == "user@example.com");
        // RFC 7628 §3.2: host and port MUST match what the server knows; this server also
        // requires them with OAUTHBEARER.
        let oauthbearer = request.mechanism == Mechanism::OAuthBearer;
        let host_ok = match request.host.as_deref() {
            Some(h) => h == "mail.example.com",
            None => !oauthbearer,
        };
        let port_ok = match request.port {
            Some(p) => p == 993,
            None => !oauthbearer,
        };
        if valid && user_ok && host_ok && port_ok {
            TokenVerdict::Accept {
                authcid: "user@example.com".to_owned(),
            }
        } else {
            TokenVerdict::Reject(OAuthError {
                status: "invalid_token".to_owned(),
                scope: Some("mail".to_owned()),
                ..OAuthError::default()
            })
        }
    }
}

/// How the protocol delivers additional data with success.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SuccessData {
    /// In the success reply itself (RFC 4422 §3.6).
    WithOutcome,
    /// As a last challenge, answered by an empty response (SMTP 334, RFC 4954 §4).
    AsChallenge,
}

/// The end of a wired exchange.
#[derive(Debug)]
pub struct Outcome {
    pub server: Result<Authenticated, Failure>,
    pub client: Result<(), SaslError>,
    /// Every message, in order: (from client?, bytes).
    pub transcript: Vec<(bool, Vec<u8>)>,
}

/// Runs `client` against `server` with `directory`, using the initial response when
/// `use_ir`, until the server decides (or the client aborts, which counts as a failure with
/// the client's error).
pub fn run(
    mut client: ClientMechanism,
    mut server: ServerMechanism,
    directory: &Directory,
    use_ir: bool,
    success_data: SuccessData,
) -> Outcome {
    let mut transcript = Vec::new();
    let ir = if use_ir {
        client.initial_response()
    } else {
        None
    };
    if let Some(ir) = &ir {
        transcript.push((true, ir.clone()));
    }
    let mut step = server.start_with(directory, ir.as_deref()).unwrap();
    for _ in 0..10 {
        match step {
            ServerStep::Challenge(challenge) => {
                transcript.push((false, challenge.clone()));
                let response = match client.step(&challenge) {
                    Ok(response) => response,
                    Err(e) => {
                        return Outcome {
                            server: Err(Failure::InvalidCredentials),
                            client: Err(e),
                            transcript,
                        };
                    }
                };
                transcript.push((true, response.clone()));
                step = server.step_with(directory, &response).unwrap();
            }
            ServerStep::Success(mut outcome) => {
                let data = outcome.additional_data.take();
                let client_result = match (success_data, data) {
                    (SuccessData::AsChallenge, Some(data)) => {
                        transcript.push((false, data.clone()));
                        client.step(&data).and_then(|empty| {
                            assert!(empty.is_empty());
                            client.finish(None)
                        })
                    }
                    (_, data) => client.finish(data.as_deref()),
                };
                return Outcome {
                    server: Ok(outcome),
                    client: client_result,
                    transcript,
                };
            }
            ServerStep::Failure(failure) => {
                return Outcome {
                    server: Err(failure),
                    client: Ok(()),
                    transcript,
                };
            }
            ServerStep::Request(_) => panic!("start_with/step_with never return Request"),
        }
    }
    panic!("exchange did not end in 10 steps")
}

pub const SERVER_NONCE: &str = "3rfcNHYJY1ZVvWVs7j";
pub const CLIENT_NONCE: &str = "fyko+d2lbbFgONRv9qkxdawL";
pub const PASSWORD_MECHS: [Mechanism; 4] = [
    Mechanism::Plain,
    Mechanism::Login,
    Mechanism::CramMd5,
    Mechanism::ScramSha256,
];
pub const TOKEN_MECHS: [Mechanism; 2] = [Mechanism::XOAuth2, Mechanism::OAuthBearer];

pub fn config() -> ServerConfig {
    ServerConfig::new("mail.example.com")
}

pub fn server(mechanism: &Mechanism) -> ServerMechanism {
    ServerMechanism::new(mechanism, &config(), SERVER_NONCE).unwrap()
}

pub fn client(mechanism: &Mechanism, credentials: &Credentials) -> ClientMechanism {
    ClientMechanism::new(mechanism, credentials, CLIENT_NONCE).unwrap()
}

pub fn exchange(
    mechanism: &Mechanism,
    credentials: &Credentials,
    use_ir: bool,
    data: SuccessData,
) -> Outcome {
    run(
        client(mechanism, credentials),
        server(mechanism),
        &Directory::default(),
        use_ir,
        data,
    )
}

pub fn password(user: &str, pass: &str) -> Credentials {
    Credentials::password(user, Secret::from(pass))
}

pub fn token_credentials(token: &str) -> Credentials {
    Credentials::bearer_token("user@example.com", Secret::from(token))
        .with_host("mail.example.com", 993)
}
