//! The server side: what a server mechanism asks of the application ([`ServerStep`],
//! [`Request`], [`Answer`]), how an exchange ends ([`Authenticated`], [`Failure`]), and the
//! [`Authenticator`] trait for applications that answer synchronously.

use crate::error::{Field, Malformed};
use crate::oauth::OAuthError;
use crate::scram::{ScramCredentials, ScramServerError};
use crate::{Mechanism, Secret};

/// What a server mechanism wants next. Returned by `start`, `step` and `answer`.
///
/// A server mechanism never blocks: when it needs the application (to check a password, to
/// look up a stored secret, to validate a token) it returns [`ServerStep::Request`] and waits
/// until the application calls `answer` — possibly much later, after an asynchronous lookup.
#[derive(Debug)]
#[must_use]
pub enum ServerStep {
    /// Send this challenge to the client (the protocol base64-encodes it: SMTP `334`, IMAP
    /// `+`, POP3 `+`) and pass its response to `step`. The challenge may be empty.
    Challenge(Vec<u8>),
    /// The application must decide; answer with `answer` (or let an [`Authenticator`] do it
    /// with [`Request::answer_with`]).
    Request(Request),
    /// The client is authenticated.
    Success(Authenticated),
    /// The exchange failed. The mechanism accepts no more calls.
    Failure(Failure),
}

/// The outcome of a successful exchange (RFC 4422 §3.4, §3.6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authenticated {
    /// The authentication identity whose credential was verified (for OAUTHBEARER and
    /// XOAUTH2, the identity the application's token check returned).
    pub authcid: String,
    /// The authorization identity the client asked to act as, if it asked for one and the
    /// application permitted it. `None` means "derive it from `authcid`" (RFC 4422 §3.4.1).
    pub authzid: Option<String>,
    /// Additional data with success (RFC 4422 §3.6): SCRAM's server-final message
    /// `v=...`. A protocol that cannot carry it in its success reply sends it as one more
    /// challenge and expects an empty response (RFC 4954 §4, RFC 3501 §6.2.2).
    pub additional_data: Option<Vec<u8>>,
}

impl Authenticated {
    /// The identity the session acts as: the authzid if given, else the authcid.
    pub fn identity(&self) -> &str {
        self.authzid.as_deref().unwrap_or(&self.authcid)
    }
}

/// Why a server exchange failed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Failure {
    /// The client's message breaks the mechanism's syntax.
    Malformed(Malformed),
    /// The client's message is longer than the [`Limits`](crate::Limits).
    TooLong {
        /// The message's length in octets.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// The mechanism's own check failed: a wrong CRAM-MD5 digest or SCRAM proof.
    InvalidCredentials,
    /// The application refused (its [`Verdict`] or lookup answer).
    Rejected(Rejection),
    /// OAUTHBEARER / XOAUTH2: the application refused the token; the error result was sent
    /// to the client as a challenge and the client has sent its dummy response
    /// (RFC 7628 §3.2.3).
    TokenRefused(OAuthError),
    /// SCRAM: the client asked for channel binding (`p=`); this server offers no `-PLUS`
    /// mechanism (RFC 5802 §6: the server MUST fail).
    ChannelBindingNotSupported,
    /// SCRAM: the `c=` attribute is not the GS2 header of the first message (RFC 5802 §6:
    /// "The server MUST always validate the client's c= field").
    ChannelBindingMismatch,
    /// SCRAM: the nonce of the final message is not the combined nonce (RFC 5802 §5.1 `r`).
    NonceMismatch,
}

impl Failure {
    /// The SCRAM `server-error-value` (RFC 5802 §7) that describes this failure, for a
    /// server that chooses to send `e=...` before failing (it is OPTIONAL; the mechanisms of
    /// this crate fail without sending it).
    pub fn scram_error(&self) -> ScramServerError {
        match self {
            Self::Malformed(
                Malformed::BadSaslname
                | Malformed::NotUtf8(_)
                | Malformed::BadCharacter(Field::Authcid | Field::Authzid),
            ) => ScramServerError::InvalidUsernameEncoding,
            Self::Malformed(Malformed::MandatoryExtension) => {
                ScramServerError::ExtensionsNotSupported
            }
            Self::Malformed(_) | Self::TooLong { .. } => ScramServerError::InvalidEncoding,
            Self::InvalidCredentials => ScramServerError::InvalidProof,
            Self::Rejected(Rejection::UnknownUser) => ScramServerError::UnknownUser,
            Self::Rejected(Rejection::TemporaryFailure) => ScramServerError::NoResources,
            Self::ChannelBindingNotSupported => ScramServerError::ChannelBindingNotSupported,
            Self::ChannelBindingMismatch => ScramServerError::ChannelBindingsDontMatch,
            Self::Rejected(_) | Self::TokenRefused(_) | Self::NonceMismatch => {
                ScramServerError::OtherError
            }
        }
    }
}

/// The application's reason for refusing a login.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Rejection {
    /// Wrong password or token.
    BadCredentials,
    /// No such user.
    UnknownUser,
    /// The authenticated user may not act as the requested authzid.
    AuthzidNotPermitted,
    /// The account exists but may not log in.
    AccountDisabled,
    /// The check could not be made now (SMTP `454 4.7.0`, RFC 4954 §6).
    TemporaryFailure,
    /// The application does not support this mechanism (the default [`Authenticator`]
    /// methods answer this).
    NotSupported,
}

/// The application's answer to a password check ([`Request::Password`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The password is right and the authzid (if any) is permitted.
    Accept,
    /// Refused.
    Reject(Rejection),
}

/// The application's answer to a token check ([`Request::Token`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenVerdict {
    /// The token is valid; `authcid` is the identity it establishes (RFC 7628 §3.2).
    Accept {
        /// The identity the token belongs to.
        authcid: String,
    },
    /// The token is refused; the error result goes to the client (RFC 7628 §3.2.2).
    Reject(OAuthError),
}

/// A token presented with OAUTHBEARER (RFC 7628 §3.1) or XOAUTH2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRequest {
    /// The mechanism.
    pub mechanism: Mechanism,
    /// OAUTHBEARER: the GS2 authzid (`a=`); XOAUTH2: the `user` value.
    pub user: Option<String>,
    /// The bearer token, or `None` when the client sent an empty `auth` value to discover the
    /// server's requirements (RFC 7628 §4.3). A discovery request never succeeds: answer it
    /// with [`TokenVerdict::Reject`] carrying the scope and `openid-configuration`.
    pub token: Option<Secret<String>>,
    /// OAUTHBEARER `host` (the application MUST check it matches, RFC 7628 §3.2).
    pub host: Option<String>,
    /// OAUTHBEARER `port`.
    pub port: Option<u16>,
}

/// What a server mechanism asks of the application ([`ServerStep::Request`]).
#[derive(Debug)]
#[non_exhaustive]
pub enum Request {
    /// PLAIN and LOGIN: check this password, and that `authcid` may act as `authzid`. Answer
    /// with [`Answer::Verdict`].
    Password {
        /// The requested authorization identity (PLAIN only).
        authzid: Option<String>,
        /// The user name.
        authcid: String,
        /// The password, exactly as received (apply [`saslprep`](crate::saslprep) if the
        /// stored form was prepared).
        password: Secret<String>,
    },
    /// CRAM-MD5: hand over the shared secret of `authcid`. Answer with
    /// [`Answer::CramMd5Secret`].
    CramMd5Secret {
        /// The user name.
        authcid: String,
    },
    /// SCRAM-SHA-256: hand over the stored credentials of `authcid`, or refuse (including
    /// when `authcid` may not act as `authzid`). Answer with [`Answer::ScramCredentials`].
    ScramCredentials {
        /// The requested authorization identity.
        authzid: Option<String>,
        /// The user name, unescaped and prepared with [`saslprep`](crate::saslprep).
        authcid: String,
    },
    /// OAUTHBEARER / XOAUTH2: validate this token. Answer with [`Answer::Token`].
    Token(TokenRequest),
}

impl Request {
    /// Answers the request by asking `authenticator`.
    pub fn answer_with<A: Authenticator + ?Sized>(&self, authenticator: &A) -> Answer {
        match self {
            Self::Password {
                authzid,
                authcid,
                password,
            } => Answer::Verdict(authenticator.verify_password(
                authzid.as_deref(),
                authcid,
                password,
            )),
            Self::CramMd5Secret { authcid } => {
                Answer::CramMd5Secret(authenticator.cram_md5_secret(authcid))
            }
            Self::ScramCredentials { authzid, authcid } => Answer::ScramCredentials(
                authenticator.scram_sha256_credentials(authzid.as_deref(), authcid),
            ),
            Self::Token(request) => Answer::Token(authenticator.verify_token(request)),
        }
    }
}

/// The application's answer to a [`Request`].
#[derive(Debug)]
#[non_exhaustive]
pub enum Answer {
    /// For [`Request::Password`].
    Verdict(Verdict),
    /// For [`Request::CramMd5Secret`]: the shared secret, or why there is none.
    CramMd5Secret(Result<Secret<String>, Rejection>),
    /// For [`Request::ScramCredentials`]: the stored credentials, or why there are none.
    ScramCredentials(Result<ScramCredentials, Rejection>),
    /// For [`Request::Token`].
    Token(TokenVerdict),
}

/// The application's credential store, for applications that can answer synchronously.
///
/// Every method has a default that refuses, so an application implements only the
/// mechanisms it offers. Comparisons of secrets inside this crate are constant-time; an
/// implementation of [`verify_password`](Authenticator::verify_password) should compare in
/// constant time too (e.g. with [`Secret`]'s `PartialEq`, or a password hash's verifier).
///
/// ```
/// use mail_sasl::{Authenticator, Rejection, Secret, Verdict};
///
/// struct OneUser;
/// impl Authenticator for OneUser {
///     fn verify_password(&self, authzid: Option<&str>, authcid: &str, password: &Secret<String>) -> Verdict {
///         if authcid != "tim" {
///             return Verdict::Reject(Rejection::UnknownUser);
///         }
///         if authzid.is_some_and(|a| a != "tim") {
///             return Verdict::Reject(Rejection::AuthzidNotPermitted);
///         }
///         if *password == Secret::from("tanstaaftanstaaf") {
///             Verdict::Accept
///         } else {
///             Verdict::Reject(Rejection::BadCredentials)
///         }
///     }
/// }
/// ```
pub trait Authenticator {
    /// PLAIN, LOGIN: is `password` right for `authcid`, and may `authcid` act as `authzid`?
    fn verify_password(
        &self,
        authzid: Option<&str>,
        authcid: &str,
        password: &Secret<String>,
    ) -> Verdict {
        let _ = (authzid, authcid, password);
        Verdict::Reject(Rejection::NotSupported)
    }

    /// CRAM-MD5: the shared secret (the password) of `authcid`.
    ///
    /// # Errors
    ///
    /// The reason there is none (unknown user, ...).
    fn cram_md5_secret(&self, authcid: &str) -> Result<Secret<String>, Rejection> {
        let _ = authcid;
        Err(Rejection::NotSupported)
    }

    /// SCRAM-SHA-256: the stored credentials of `authcid`, if it may act as `authzid`.
    ///
    /// # Errors
    ///
    /// The reason there are none (unknown user, authzid not permitted, ...).
    fn scram_sha256_credentials(
        &self,
        authzid: Option<&str>,
        authcid: &str,
    ) -> Result<ScramCredentials, Rejection> {
        let _ = (authzid, authcid);
        Err(Rejection::NotSupported)
    }

    /// OAUTHBEARER, XOAUTH2: is the token valid (and for this host, port and user)?
    fn verify_token(&self, request: &TokenRequest) -> TokenVerdict {
        let _ = request;
        TokenVerdict::Reject(OAuthError::invalid_token())
    }
}

/// How a server mechanism tracks whether it is waiting for the application.
pub(crate) fn resolve_with<A, F>(
    mut step: ServerStep,
    authenticator: &A,
    mut answer: F,
) -> Result<ServerStep, crate::SaslError>
where
    A: Authenticator + ?Sized,
    F: FnMut(Answer) -> Result<ServerStep, crate::SaslError>,
{
    while let ServerStep::Request(request) = step {
        step = answer(request.answer_with(authenticator))?;
    }
    Ok(step)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scram_error_values_for_failures() {
        let cases = [
            (
                Failure::Malformed(Malformed::BadSaslname),
                ScramServerError::InvalidUsernameEncoding,
            ),
            (
                Failure::Malformed(Malformed::MandatoryExtension),
                ScramServerError::ExtensionsNotSupported,
            ),
            (
                Failure::Malformed(Malformed::BadGs2Header),
                ScramServerError::InvalidEncoding,
            ),
            (
                Failure::TooLong { len: 2, max: 1 },
                ScramServerError::InvalidEncoding,
            ),
            (Failure::InvalidCredentials, ScramServerError::InvalidProof),
            (
                Failure::Rejected(Rejection::UnknownUser),
                ScramServerError::UnknownUser,
            ),
            (
                Failure::Rejected(Rejection::TemporaryFailure),
                ScramServerError::NoResources,
            ),
            (
                Failure::Rejected(Rejection::AuthzidNotPermitted),
                ScramServerError::OtherError,
            ),
            (
                Failure::ChannelBindingNotSupported,
                ScramServerError::ChannelBindingNotSupported,
            ),
            (
                Failure::ChannelBindingMismatch,
                ScramServerError::ChannelBindingsDontMatch,
            ),
            (Failure::NonceMismatch, ScramServerError::OtherError),
        ];
        for (failure, expected) in cases {
            assert_eq!(failure.scram_error(), expected, "{failure:?}");
        }
    }

    #[test]
    fn identity_prefers_authzid() {
        let mut a = Authenticated {
            authcid: "admin".into(),
            authzid: None,
            additional_data: None,
        };
        assert_eq!(a.identity(), "admin");
        a.authzid = Some("user".into());
        assert_eq!(a.identity(), "user");
    }
}
