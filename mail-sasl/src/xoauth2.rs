//! XOAUTH2: Google's and Microsoft's OAuth 2.0 mechanism (documented by the vendors, not an
//! RFC), the predecessor of OAUTHBEARER (RFC 7628):
//!
//! ```text
//! C: user=<user>^Aauth=Bearer <token>^A^A
//! S: success, or an error result {"status":...} as a challenge
//! C: (empty response)                          ; after an error result only
//! S: failure
//! ```

use crate::error::{Field, InputProblem, Malformed, SaslError};
use crate::oauth::{KVSEP, is_b64token, parse_bearer, parse_kvpairs};
use crate::server::{Failure, TokenRequest};
use crate::token::{TokenClient, TokenServer, token_client_methods, token_server_methods};
use crate::{Limits, Mechanism, Secret};

const MECH: Mechanism = Mechanism::XOAuth2;

/// XOAUTH2 client.
#[derive(Debug)]
pub struct XOAuth2Client(TokenClient);

impl XOAuth2Client {
    /// A client for `user` (usually the mail address) with an OAuth 2.0 access token.
    ///
    /// # Errors
    ///
    /// [`SaslError::InvalidInput`] if `user` is empty or has a control character, or the
    /// token is not an RFC 6750 `b64token`.
    #[expect(
        clippy::needless_pass_by_value,
        reason = "the credential is handed over and wiped when dropped here"
    )]
    pub fn new(user: &str, token: Secret<String>) -> Result<Self, SaslError> {
        check_user(MECH, user, Field::Authcid)?;
        check_token(MECH, token.expose())?;
        let mut message = Vec::with_capacity(user.len() + token.expose().len() + 20);
        message.extend_from_slice(b"user=");
        message.extend_from_slice(user.as_bytes());
        message.push(KVSEP);
        message.extend_from_slice(b"auth=Bearer ");
        message.extend_from_slice(token.expose().as_bytes());
        message.extend_from_slice(&[KVSEP, KVSEP]);
        Ok(Self(TokenClient::new(MECH, message, b"")))
    }

    token_client_methods!();
}

pub(crate) fn check_user(mechanism: Mechanism, user: &str, field: Field) -> Result<(), SaslError> {
    if user.is_empty() {
        return Err(SaslError::input(mechanism, field, InputProblem::Empty));
    }
    if user.chars().any(char::is_control) {
        return Err(SaslError::input(
            mechanism,
            field,
            InputProblem::BadCharacter,
        ));
    }
    Ok(())
}

pub(crate) fn check_token(mechanism: Mechanism, token: &str) -> Result<(), SaslError> {
    if token.is_empty() {
        return Err(SaslError::input(
            mechanism,
            Field::Token,
            InputProblem::Empty,
        ));
    }
    if !is_b64token(token.as_bytes()) {
        return Err(SaslError::input(
            mechanism,
            Field::Token,
            InputProblem::BadCharacter,
        ));
    }
    Ok(())
}

/// XOAUTH2 server: asks the application to validate the token for the user
/// ([`Request::Token`](crate::Request::Token)); on refusal sends the error result as a
/// challenge and fails after the client's (empty) dummy response.
#[derive(Debug)]
pub struct XOAuth2Server(TokenServer);

impl XOAuth2Server {
    /// A server mechanism with the given limits.
    pub fn new(limits: Limits) -> Self {
        Self(TokenServer::new(MECH, parse, false, limits))
    }

    token_server_methods!();
}

fn parse(message: &[u8]) -> Result<TokenRequest, Failure> {
    let malformed = |reason| Failure::Malformed(reason);
    let pairs = parse_kvpairs(message).map_err(malformed)?;
    let (mut user, mut auth) = (None, None);
    for pair in pairs {
        let slot = match pair.key {
            b"user" => &mut user,
            b"auth" => &mut auth,
            _ => continue,
        };
        if slot.replace(pair.value).is_some() {
            return Err(malformed(Malformed::BadKeyValue));
        }
    }
    let user = user.ok_or(malformed(Malformed::EmptyField(Field::Authcid)))?;
    let user =
        core::str::from_utf8(user).map_err(|_| malformed(Malformed::NotUtf8(Field::Authcid)))?;
    if user.is_empty() {
        return Err(malformed(Malformed::EmptyField(Field::Authcid)));
    }
    let token = parse_bearer(auth.ok_or(malformed(Malformed::BadAuthValue))?).map_err(malformed)?;
    Ok(TokenRequest {
        mechanism: MECH,
        user: Some(user.to_owned()),
        token: token.map(|t| Secret::new(t.to_owned())),
        host: None,
        port: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_message_form() {
        let mut c = XOAuth2Client::new(
            "someuser@example.com",
            Secret::from("ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg"),
        )
        .unwrap();
        assert_eq!(
            c.initial_response().unwrap(),
            b"user=someuser@example.com\x01auth=Bearer ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg\x01\x01"
        );
        assert!(XOAuth2Client::new("", Secret::from("t")).is_err());
        assert!(XOAuth2Client::new("a\x01b", Secret::from("t")).is_err());
        assert!(XOAuth2Client::new("a", Secret::from("t t")).is_err());
    }

    #[test]
    fn server_parse() {
        let r = parse(b"user=u@example.com\x01auth=Bearer abc\x01\x01").unwrap();
        assert_eq!(r.user.as_deref(), Some("u@example.com"));
        assert_eq!(r.token.unwrap().expose(), "abc");
        let r = parse(b"auth=Bearer abc\x01x=y\x01user=u\x01\x01").unwrap();
        assert_eq!(r.user.as_deref(), Some("u"));
        assert!(parse(b"user=u\x01\x01").is_err());
        assert!(parse(b"auth=Bearer abc\x01\x01").is_err());
        assert!(parse(b"user=u\x01user=v\x01auth=Bearer abc\x01\x01").is_err());
        assert!(parse(b"user=u\x01auth=Basic abc\x01\x01").is_err());
        assert!(parse(b"user=u\x01auth=Bearer abc\x01").is_err());
    }
}
