//! SCRAM-SHA-256 (RFC 7677, on the SCRAM framework of RFC 5802), without channel binding.
//!
//! * [`ScramSha256Client`]: the client always verifies the server signature; `finish`
//!   fails with [`SaslError::ServerSignatureMismatch`] or [`SaslError::MissingServerSignature`],
//!   and there is no way around it.
//! * [`ScramSha256Server`]: asks the application for [`ScramCredentials`] (salt, iteration
//!   count, `StoredKey`, `ServerKey`), never for the password.
//! * The message types ([`ClientFirst`], [`ServerFirst`], [`ClientFinal`], [`ServerFinal`])
//!   parse and encode the four messages of RFC 5802 §7.
//!
//! Nonces come from the caller (this crate draws no random numbers): RFC 5802 §5.1 asks that
//! they be "different for each authentication"; 18 or more random octets, base64-encoded, are a
//! good choice. Channel binding (`-PLUS`) is not offered: the client always sends the `n`
//! flag, and the server refuses `p=` (RFC 5802 §6).

mod client;
mod message;
mod server;

pub use client::ScramSha256Client;
pub use message::{ChannelBindingFlag, ClientFinal, ClientFirst, ServerFinal, ServerFirst};
pub use server::ScramSha256Server;

use core::fmt;

use crate::crypto::{hmac_sha256, pbkdf2_sha256, sha256};
use crate::error::{Field, InputProblem, SaslError};
use crate::{Mechanism, Secret, saslprep};

/// The lowest iteration count the client accepts by default: RFC 7677 §3 says the count
/// "SHOULD be at least 4096".
pub const DEFAULT_MIN_ITERATIONS: u32 = 4096;

/// The highest iteration count the client accepts by default: a hostile server can make a
/// client burn CPU with a huge count (RFC 5802 §9). 1,000,000 rounds of HMAC-SHA-256 take well
/// under a second; OWASP's 2023 advice for PBKDF2-HMAC-SHA256 is 600,000.
pub const DEFAULT_MAX_ITERATIONS: u32 = 1_000_000;

/// A `server-error-value` (RFC 5802 §7), sent as `e=...` in a server-final message.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ScramServerError {
    /// `invalid-encoding`
    InvalidEncoding,
    /// `extensions-not-supported` (an `m=` the server does not know)
    ExtensionsNotSupported,
    /// `invalid-proof`
    InvalidProof,
    /// `channel-bindings-dont-match`
    ChannelBindingsDontMatch,
    /// `server-does-support-channel-binding` (the client sent `y`, RFC 5802 §6)
    ServerDoesSupportChannelBinding,
    /// `channel-binding-not-supported`
    ChannelBindingNotSupported,
    /// `unsupported-channel-binding-type`
    UnsupportedChannelBindingType,
    /// `unknown-user`
    UnknownUser,
    /// `invalid-username-encoding` (invalid UTF-8 or `SASLprep` failed)
    InvalidUsernameEncoding,
    /// `no-resources`
    NoResources,
    /// `other-error`
    OtherError,
    /// A value this crate does not know; RFC 5802 §7: "Unrecognized errors should be treated
    /// as other-error". Kept for diagnostics.
    Unrecognized(String),
}

impl ScramServerError {
    /// The wire value.
    pub fn as_str(&self) -> &str {
        match self {
            Self::InvalidEncoding => "invalid-encoding",
            Self::ExtensionsNotSupported => "extensions-not-supported",
            Self::InvalidProof => "invalid-proof",
            Self::ChannelBindingsDontMatch => "channel-bindings-dont-match",
            Self::ServerDoesSupportChannelBinding => "server-does-support-channel-binding",
            Self::ChannelBindingNotSupported => "channel-binding-not-supported",
            Self::UnsupportedChannelBindingType => "unsupported-channel-binding-type",
            Self::UnknownUser => "unknown-user",
            Self::InvalidUsernameEncoding => "invalid-username-encoding",
            Self::NoResources => "no-resources",
            Self::OtherError => "other-error",
            Self::Unrecognized(value) => value,
        }
    }

    /// Reads a wire value (case-sensitive, as RFC 5802 §7 writes them).
    pub fn from_value(value: &str) -> Self {
        match value {
            "invalid-encoding" => Self::InvalidEncoding,
            "extensions-not-supported" => Self::ExtensionsNotSupported,
            "invalid-proof" => Self::InvalidProof,
            "channel-bindings-dont-match" => Self::ChannelBindingsDontMatch,
            "server-does-support-channel-binding" => Self::ServerDoesSupportChannelBinding,
            "channel-binding-not-supported" => Self::ChannelBindingNotSupported,
            "unsupported-channel-binding-type" => Self::UnsupportedChannelBindingType,
            "unknown-user" => Self::UnknownUser,
            "invalid-username-encoding" => Self::InvalidUsernameEncoding,
            "no-resources" => Self::NoResources,
            "other-error" => Self::OtherError,
            other => Self::Unrecognized(other.to_owned()),
        }
    }
}

impl fmt::Display for ScramServerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a SCRAM-SHA-256 server stores per user instead of the password (RFC 5802 §3):
/// the salt, the iteration count, `StoredKey := H(ClientKey)` and
/// `ServerKey := HMAC(SaltedPassword, "Server Key")`.
///
/// `Debug` shows the salt and the iteration count, not the keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScramCredentials {
    /// The salt (random, per user, RFC 5802 §9).
    pub salt: Vec<u8>,
    /// The iteration count `i` (RFC 7677 §3: at least 4096).
    pub iterations: u32,
    /// `StoredKey`.
    pub stored_key: Secret<[u8; 32]>,
    /// `ServerKey`.
    pub server_key: Secret<[u8; 32]>,
}

impl ScramCredentials {
    /// Derives the credentials from a password, for an application that stores them (e.g.
    /// when a user sets a password). The password is prepared with [`saslprep`] first
    /// (RFC 5802 §2.2 `Normalize`); `salt` should be 16 or more random octets.
    ///
    /// # Errors
    ///
    /// [`SaslError::InvalidInput`] if `SASLprep` refuses the password, the salt is empty or
    /// `iterations` is 0.
    pub fn derive(password: &str, salt: &[u8], iterations: u32) -> Result<Self, SaslError> {
        let salted = salted_password(password, salt, iterations)?;
        let keys = Keys::from_salted_password(salted.expose());
        Ok(Self {
            salt: salt.to_vec(),
            iterations,
            stored_key: keys.stored_key,
            server_key: keys.server_key,
        })
    }
}

/// `SaltedPassword := Hi(Normalize(password), salt, i)` (RFC 5802 §3).
pub(crate) fn salted_password(
    password: &str,
    salt: &[u8],
    iterations: u32,
) -> Result<Secret<[u8; 32]>, SaslError> {
    let bad = |field, problem| SaslError::input(Mechanism::ScramSha256, field, problem);
    let prepared =
        saslprep(password).map_err(|e| bad(Field::Password, InputProblem::Saslprep(e)))?;
    if salt.is_empty() {
        return Err(bad(Field::Salt, InputProblem::Empty));
    }
    if iterations == 0 {
        return Err(bad(Field::Message, InputProblem::OutOfRange));
    }
    Ok(Secret::new(pbkdf2_sha256(
        prepared.as_bytes(),
        salt,
        iterations,
    )))
}

/// The keys of RFC 5802 §3 derived from `SaltedPassword`.
pub(crate) struct Keys {
    pub(crate) client_key: Secret<[u8; 32]>,
    pub(crate) stored_key: Secret<[u8; 32]>,
    pub(crate) server_key: Secret<[u8; 32]>,
}

impl Keys {
    pub(crate) fn from_salted_password(salted: &[u8; 32]) -> Self {
        let client_key = hmac_sha256(salted, &[b"Client Key"]);
        Self {
            stored_key: Secret::new(sha256(&client_key)),
            client_key: Secret::new(client_key),
            server_key: Secret::new(hmac_sha256(salted, &[b"Server Key"])),
        }
    }
}

/// `AuthMessage := client-first-message-bare + "," + server-first-message + "," +
/// client-final-message-without-proof` (RFC 5802 §3).
pub(crate) fn auth_message<'a>(
    client_first_bare: &'a [u8],
    server_first: &'a [u8],
    final_without_proof: &'a [u8],
) -> [&'a [u8]; 5] {
    [
        client_first_bare,
        b",",
        server_first,
        b",",
        final_without_proof,
    ]
}

/// `ClientProof := ClientKey XOR HMAC(StoredKey, AuthMessage)`, or `ClientKey` back from a
/// proof (XOR is its own inverse).
pub(crate) fn xor_signature(
    key_or_proof: &[u8; 32],
    stored_key: &[u8; 32],
    auth_message: &[&[u8]],
) -> [u8; 32] {
    let signature = hmac_sha256(stored_key, auth_message);
    let mut out = [0u8; 32];
    for ((o, a), s) in out.iter_mut().zip(key_or_proof).zip(signature) {
        *o = a ^ s;
    }
    out
}

/// Printable ASCII except `,` (RFC 5802 §7 `printable`), at least one character.
pub(crate) fn is_valid_nonce(nonce: &str) -> bool {
    !nonce.is_empty()
        && nonce
            .bytes()
            .all(|b| matches!(b, 0x21..=0x2b | 0x2d..=0x7e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::hex_lower;

    #[test]
    fn error_values_round_trip() {
        for e in [
            ScramServerError::InvalidEncoding,
            ScramServerError::ExtensionsNotSupported,
            ScramServerError::InvalidProof,
            ScramServerError::ChannelBindingsDontMatch,
            ScramServerError::ServerDoesSupportChannelBinding,
            ScramServerError::ChannelBindingNotSupported,
            ScramServerError::UnsupportedChannelBindingType,
            ScramServerError::UnknownUser,
            ScramServerError::InvalidUsernameEncoding,
            ScramServerError::NoResources,
            ScramServerError::OtherError,
            ScramServerError::Unrecognized("x-new".into()),
        ] {
            assert_eq!(ScramServerError::from_value(e.as_str()), e);
        }
    }

    #[test]
    fn derive_checks_input_and_hides_keys() {
        let c = ScramCredentials::derive("pencil", b"salt", 4096).unwrap();
        assert_eq!(c.iterations, 4096);
        let shown = format!("{c:?}");
        assert!(!shown.contains(&hex_lower(c.stored_key.expose())));
        assert!(shown.contains("Secret(***)"));
        assert!(ScramCredentials::derive("", b"salt", 4096).is_err());
        assert!(ScramCredentials::derive("pencil", b"", 4096).is_err());
        assert!(ScramCredentials::derive("pencil", b"salt", 0).is_err());
        assert!(ScramCredentials::derive("a\u{7}", b"salt", 1).is_err());
    }

    #[test]
    fn nonce_syntax() {
        assert!(is_valid_nonce(
            "rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0"
        ));
        for bad in ["", "a,b", "a b", "\u{e9}", "a\u{7f}"] {
            assert!(!is_valid_nonce(bad), "{bad:?}");
        }
    }
}
