//! Every mail-sasl server mechanism fed arbitrary client messages (the input split at 0xFF
//! octets into the initial response and the following steps), with an authenticator that knows
//! one user: never panics, and a mechanism only ever succeeds for that user.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mail_sasl::scram::ScramCredentials;
use mail_sasl::{
    Authenticator, Mechanism, Rejection, Secret, ServerConfig, ServerMechanism, ServerStep,
    TokenRequest, TokenVerdict, Verdict,
};

struct OneUser(ScramCredentials);

impl Authenticator for OneUser {
    fn verify_password(
        &self,
        _: Option<&str>,
        authcid: &str,
        password: &Secret<String>,
    ) -> Verdict {
        if authcid == "user" && password.expose() == "pencil" {
            Verdict::Accept
        } else {
            Verdict::Reject(Rejection::BadCredentials)
        }
    }

    fn cram_md5_secret(&self, authcid: &str) -> Result<Secret<String>, Rejection> {
        if authcid == "user" {
            Ok(Secret::from("pencil"))
        } else {
            Err(Rejection::UnknownUser)
        }
    }

    fn scram_sha256_credentials(
        &self,
        _: Option<&str>,
        authcid: &str,
    ) -> Result<ScramCredentials, Rejection> {
        if authcid == "user" {
            Ok(self.0.clone())
        } else {
            Err(Rejection::UnknownUser)
        }
    }

    fn verify_token(&self, request: &TokenRequest) -> TokenVerdict {
        let _ = request;
        TokenVerdict::Reject(mail_sasl::OAuthError::invalid_token())
    }
}

/// Derived once: the fuzzer should spend its time on parsing, not on PBKDF2.
static AUTHENTICATOR: std::sync::LazyLock<Option<OneUser>> = std::sync::LazyLock::new(|| {
    ScramCredentials::derive("pencil", b"salt-salt-salt", 4096)
        .ok()
        .map(OneUser)
});

const MECHANISMS: [Mechanism; 6] = [
    Mechanism::Plain,
    Mechanism::Login,
    Mechanism::CramMd5,
    Mechanism::XOAuth2,
    Mechanism::OAuthBearer,
    Mechanism::ScramSha256,
];

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let mechanism = &MECHANISMS[usize::from(which) % MECHANISMS.len()];
    let Some(authenticator) = AUTHENTICATOR.as_ref() else {
        return;
    };
    let config = ServerConfig::new("mx.example.org");
    let Ok(mut server) =
        ServerMechanism::new(mechanism, &config, "<1896.697170952@mx.example.org>")
    else {
        return;
    };
    let mut messages = rest.split(|&b| b == 0xFF);
    let first = messages.next().filter(|m| !m.is_empty());
    let mut step = server.start_with(authenticator, first);
    for message in messages {
        match step {
            Ok(ServerStep::Challenge(_)) => step = server.step_with(authenticator, message),
            Ok(ServerStep::Success(done)) => {
                assert_eq!(done.authcid, "user", "{mechanism} let someone else in");
                return;
            }
            _ => return,
        }
    }
});
