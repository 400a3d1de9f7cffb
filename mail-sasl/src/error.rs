//! Errors: [`SaslError`] (returned to the application) and the typed reasons inside it.

use core::fmt;

use crate::Mechanism;
use crate::oauth::OAuthError;
use crate::prep::SaslprepError;
use crate::scram::ScramServerError;

/// Everything that can go wrong in this crate, as a Rust `Err`.
///
/// On the **client** side, every problem with the server's messages is an `Err` of
/// `step`/`finish` (the application then aborts the exchange, e.g. `*` in SMTP and IMAP).
/// On the **server** side, problems with the client's messages are not errors but a
/// [`ServerStep::Failure`](crate::ServerStep::Failure); a server method returns `Err` only when
/// the application misuses the API (a call in the wrong state, an invalid nonce).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SaslError {
    /// A mechanism name does not follow RFC 4422 §3.1 (`1*20` of `A-Z 0-9 - _`).
    #[error("invalid SASL mechanism name (RFC 4422 §3.1): {0}")]
    InvalidMechanismName(MechanismNameError),
    /// The mechanism has no implementation in this crate.
    #[error("SASL mechanism {0} is not implemented")]
    UnsupportedMechanism(Mechanism),
    /// The peer's message does not follow the mechanism's syntax.
    #[error("{mechanism}: malformed message: {reason}")]
    MalformedMessage {
        /// The mechanism whose message it was.
        mechanism: Mechanism,
        /// What is wrong with it.
        reason: Malformed,
    },
    /// The peer's message is longer than the configured [`Limits`](crate::Limits).
    #[error("{mechanism}: message of {len} octets exceeds the limit of {max}")]
    MessageTooLong {
        /// The mechanism whose message it was.
        mechanism: Mechanism,
        /// The message's length in octets.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// A method was called in a state where it has no meaning (e.g. `step` after the exchange
    /// ended, or on a server mechanism that waits for the application's answer).
    #[error("{mechanism}: call out of order in the exchange")]
    UnexpectedStep {
        /// The mechanism.
        mechanism: Mechanism,
    },
    /// A value the application supplied cannot be used (a NUL in a user name, an empty
    /// password, a nonce with a comma, ...).
    #[error("{mechanism}: invalid {field}: {problem}")]
    InvalidInput {
        /// The mechanism.
        mechanism: Mechanism,
        /// Which value.
        field: Field,
        /// What is wrong with it.
        problem: InputProblem,
    },
    /// The mechanism cannot carry an authorization identity (LOGIN, CRAM-MD5).
    #[error("{mechanism} cannot carry an authorization identity")]
    AuthzidNotSupported {
        /// The mechanism.
        mechanism: Mechanism,
    },
    /// The application asked for a mechanism whose credential it did not supply (a bearer
    /// token for SCRAM, a password for OAUTHBEARER).
    #[error("{mechanism} needs a different kind of credential")]
    WrongCredentialKind {
        /// The mechanism.
        mechanism: Mechanism,
    },
    /// SCRAM client: the server's `v=` signature is not the one the password gives
    /// (RFC 5802 §5: the client MUST consider the exchange unsuccessful).
    #[error("SCRAM: the server signature does not verify (RFC 5802 §5)")]
    ServerSignatureMismatch,
    /// SCRAM client: the exchange ended without a server-final message, so the server never
    /// proved that it knows the password.
    #[error("SCRAM: the server never sent its signature (RFC 5802 §5)")]
    MissingServerSignature,
    /// SCRAM client: the server sent an `e=` error (RFC 5802 §7 `server-error`).
    #[error("SCRAM: the server reported {0}")]
    ScramServerError(ScramServerError),
    /// SCRAM client: the server's nonce does not start with the client's (RFC 5802 §5.1 `r`).
    #[error("SCRAM: the server nonce does not extend the client nonce (RFC 5802 §5.1)")]
    NonceMismatch,
    /// SCRAM client: the iteration count is outside the client's policy (too low is weak,
    /// too high is a computational denial of service, RFC 5802 §9).
    #[error("SCRAM: iteration count {count} is outside the accepted range {min}..={max}")]
    IterationCountOutOfRange {
        /// The server's `i=`.
        count: u32,
        /// The client's minimum.
        min: u32,
        /// The client's maximum.
        max: u32,
    },
    /// OAUTHBEARER / XOAUTH2 client: the server refused the token with an error result
    /// (RFC 7628 §3.2.2).
    /// `None` when the error result was not a JSON object with a `status`.
    #[error("OAuth: the server refused the token (status {})", oauth_status(.0.as_ref()))]
    OAuthRefused(Option<OAuthError>),
    /// A server mechanism was given an answer it did not ask for (e.g. SCRAM credentials to a
    /// PLAIN server, or any answer while it is not waiting for one).
    #[error("{mechanism}: answer given while none was requested")]
    UnexpectedAnswer {
        /// The mechanism.
        mechanism: Mechanism,
    },
}

fn oauth_status(error: Option<&OAuthError>) -> &str {
    error.map_or("unknown", |e| e.status.as_str())
}

/// Why a mechanism name is invalid (RFC 4422 §3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum MechanismNameError {
    /// The name is empty.
    Empty,
    /// The name is longer than 20 characters.
    TooLong,
    /// The name has a character outside `A-Z a-z 0-9 - _`.
    BadCharacter,
}

impl fmt::Display for MechanismNameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Empty => "empty",
            Self::TooLong => "longer than 20 characters",
            Self::BadCharacter => "character outside A-Z, 0-9, '-' and '_'",
        })
    }
}

/// What is wrong with a peer's message.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Malformed {
    /// A message that must be empty is not, or one that must not be empty is.
    UnexpectedLength,
    /// A text field is not valid UTF-8.
    NotUtf8(Field),
    /// A field is empty where the grammar needs at least one character.
    EmptyField(Field),
    /// A field has a character the grammar forbids (NUL, a control character, a comma...).
    BadCharacter(Field),
    /// A separator (NUL in PLAIN, space in CRAM-MD5, `^A` in OAuth, `,` in SCRAM) is missing.
    MissingSeparator,
    /// More fields than the grammar allows (e.g. a third NUL in PLAIN).
    ExtraField,
    /// CRAM-MD5: the digest is not 32 hexadecimal digits (RFC 2195 §2).
    BadDigest,
    /// GS2 header (SCRAM, OAUTHBEARER) does not follow RFC 5801 / RFC 5802 §7.
    BadGs2Header,
    /// SCRAM: an attribute is missing or out of its fixed place (RFC 5802 §5.1).
    MissingAttribute(char),
    /// SCRAM: a `saslname` has `=` not followed by `2C` or `3D` (RFC 5802 §5.1 `n`).
    BadSaslname,
    /// SCRAM: a base64 attribute does not decode.
    BadBase64(char),
    /// SCRAM: `i=` is not a positive number that fits 32 bits.
    BadIterationCount,
    /// SCRAM: a mandatory extension `m=` is present (RFC 5802 §5.1 `m`).
    MandatoryExtension,
    /// OAUTHBEARER / XOAUTH2: a key/value pair does not follow RFC 7628 §3.1 `kvpair`.
    BadKeyValue,
    /// OAUTHBEARER / XOAUTH2: the `auth` value is missing or not `Bearer <token>`.
    BadAuthValue,
}

impl fmt::Display for Malformed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnexpectedLength => f.write_str("unexpected empty or non-empty message"),
            Self::NotUtf8(field) => write!(f, "{field} is not UTF-8"),
            Self::EmptyField(field) => write!(f, "{field} is empty"),
            Self::BadCharacter(field) => write!(f, "{field} has a forbidden character"),
            Self::MissingSeparator => f.write_str("missing separator"),
            Self::ExtraField => f.write_str("more fields than the grammar allows"),
            Self::BadDigest => f.write_str("digest is not 32 hexadecimal digits"),
            Self::BadGs2Header => f.write_str("bad GS2 header"),
            Self::MissingAttribute(c) => write!(f, "attribute {c}= missing or out of place"),
            Self::BadSaslname => f.write_str("'=' not followed by 2C or 3D in a saslname"),
            Self::BadBase64(c) => write!(f, "attribute {c}= is not base64"),
            Self::BadIterationCount => {
                f.write_str("iteration count is not a positive 32-bit number")
            }
            Self::MandatoryExtension => f.write_str("unsupported mandatory extension m="),
            Self::BadKeyValue => f.write_str("bad key/value pair"),
            Self::BadAuthValue => f.write_str("auth value missing or not 'Bearer <token>'"),
        }
    }
}

/// Names a field of a mechanism's message or of the application's input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Field {
    /// Authorization identity (the identity to act as).
    Authzid,
    /// Authentication identity (the user name whose credential is checked).
    Authcid,
    /// Password or shared secret.
    Password,
    /// Bearer token.
    Token,
    /// Nonce (SCRAM) or challenge string (CRAM-MD5).
    Nonce,
    /// Salt (SCRAM).
    Salt,
    /// Host name (OAUTHBEARER `host`, CRAM-MD5 challenge host).
    Host,
    /// Any other part of a message.
    Message,
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Authzid => "authorization identity",
            Self::Authcid => "authentication identity",
            Self::Password => "password",
            Self::Token => "token",
            Self::Nonce => "nonce",
            Self::Salt => "salt",
            Self::Host => "host",
            Self::Message => "message",
        })
    }
}

/// What is wrong with a value the application supplied.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum InputProblem {
    /// It is empty.
    Empty,
    /// It has a character the mechanism cannot carry (NUL in PLAIN, `^A` in OAuth, a comma in
    /// a SCRAM nonce, a control character...).
    BadCharacter,
    /// It is longer than the mechanism or the limits allow.
    TooLong,
    /// `SASLprep` (RFC 4013, as far as this crate implements it) refused it.
    Saslprep(SaslprepError),
    /// A number is out of range (e.g. a SCRAM iteration count of 0).
    OutOfRange,
}

impl fmt::Display for InputProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("empty"),
            Self::BadCharacter => f.write_str("forbidden character"),
            Self::TooLong => f.write_str("too long"),
            Self::Saslprep(e) => write!(f, "SASLprep: {e}"),
            Self::OutOfRange => f.write_str("out of range"),
        }
    }
}

impl SaslError {
    pub(crate) fn malformed(mechanism: Mechanism, reason: Malformed) -> Self {
        Self::MalformedMessage { mechanism, reason }
    }

    pub(crate) fn input(mechanism: Mechanism, field: Field, problem: InputProblem) -> Self {
        Self::InvalidInput {
            mechanism,
            field,
            problem,
        }
    }
}
