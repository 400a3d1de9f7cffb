//! OAUTHBEARER (RFC 7628): an OAuth 2.0 bearer token (RFC 6750) behind a GS2 header.
//!
//! ```text
//! client-resp = (gs2-header kvsep *kvpair kvsep) / kvsep       ; RFC 7628 §3.1
//! e.g. n,a=user@example.com,^Ahost=server.example.com^Aport=143^Aauth=Bearer <token>^A^A
//! ```
//!
//! On refusal the server sends the error result (RFC 7628 §3.2.2) as a challenge, the client
//! answers `^A` (§3.2.3), and the server fails.

use crate::error::{Field, InputProblem, Malformed, SaslError};
use crate::oauth::{KVSEP, parse_bearer, parse_kvpairs};
use crate::prep::{escape_saslname, unescape_saslname};
use crate::server::{Failure, TokenRequest};
use crate::token::{TokenClient, TokenServer, token_client_methods, token_server_methods};
use crate::xoauth2::{check_token, check_user};
use crate::{Limits, Mechanism, Secret};

const MECH: Mechanism = Mechanism::OAuthBearer;

/// OAUTHBEARER client.
#[derive(Debug)]
pub struct OAuthBearerClient(TokenClient);

impl OAuthBearerClient {
    /// A client presenting `token`, with the GS2 authzid (usually the user's mail address;
    /// some servers require it, RFC 7628 §3.1), and the `host` and `port` it connected to
    /// (optional for bearer tokens).
    ///
    /// # Errors
    ///
    /// [`SaslError::InvalidInput`] if the authzid or host is empty or has a control
    /// character, the host has a space, or the token is not an RFC 6750 `b64token`.
    #[expect(
        clippy::needless_pass_by_value,
        reason = "the credential is handed over and wiped when dropped here"
    )]
    pub fn new(
        authzid: Option<&str>,
        host: Option<&str>,
        port: Option<u16>,
        token: Secret<String>,
    ) -> Result<Self, SaslError> {
        if let Some(authzid) = authzid {
            check_user(MECH, authzid, Field::Authzid)?;
        }
        if let Some(host) = host {
            if host.is_empty() {
                return Err(SaslError::input(MECH, Field::Host, InputProblem::Empty));
            }
            if !host.bytes().all(|b| b.is_ascii_graphic()) {
                return Err(SaslError::input(
                    MECH,
                    Field::Host,
                    InputProblem::BadCharacter,
                ));
            }
        }
        check_token(MECH, token.expose())?;
        let mut message = Vec::with_capacity(token.expose().len() + 64);
        message.extend_from_slice(b"n,");
        if let Some(authzid) = authzid {
            message.extend_from_slice(b"a=");
            message.extend_from_slice(escape_saslname(authzid).as_bytes());
        }
        message.extend_from_slice(&[b',', KVSEP]);
        if let Some(host) = host {
            message.extend_from_slice(format!("host={host}").as_bytes());
            message.push(KVSEP);
        }
        if let Some(port) = port {
            message.extend_from_slice(format!("port={port}").as_bytes());
            message.push(KVSEP);
        }
        message.extend_from_slice(b"auth=Bearer ");
        message.extend_from_slice(token.expose().as_bytes());
        message.extend_from_slice(&[KVSEP, KVSEP]);
        Ok(Self(TokenClient::new(MECH, message, &[KVSEP])))
    }

    token_client_methods!();
}

/// OAUTHBEARER server: asks the application to validate the token
/// ([`Request::Token`](crate::Request::Token), with `host` and `port`, which the application
/// MUST check against its own, RFC 7628 §3.2); on refusal sends the error result as a
/// challenge and fails after the client's dummy response.
///
/// An empty `auth` value (RFC 7628 §4.3, how a client asks for the required scope) reaches
/// the application as a request without a token; it can only be refused.
#[derive(Debug)]
pub struct OAuthBearerServer(TokenServer);

impl OAuthBearerServer {
    /// A server mechanism with the given limits.
    pub fn new(limits: Limits) -> Self {
        Self(TokenServer::new(MECH, parse, true, limits))
    }

    token_server_methods!();
}

fn parse(message: &[u8]) -> Result<TokenRequest, Failure> {
    let malformed = |reason| Failure::Malformed(reason);
    // A lone kvsep "is only valid" after an error result (§3.1).
    if message == [KVSEP] {
        return Err(malformed(Malformed::UnexpectedLength));
    }
    let mut parts = message.splitn(3, |&b| b == b',');
    let (Some(flag), Some(authzid), Some(rest)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(malformed(Malformed::BadGs2Header));
    };
    match flag {
        b"n" | b"y" => {}
        _ if flag.starts_with(b"p=") => return Err(Failure::ChannelBindingNotSupported),
        _ => return Err(malformed(Malformed::BadGs2Header)),
    }
    let authzid = if authzid.is_empty() {
        None
    } else {
        let value = authzid
            .strip_prefix(b"a=")
            .ok_or(malformed(Malformed::BadGs2Header))?;
        let value = core::str::from_utf8(value)
            .map_err(|_| malformed(Malformed::NotUtf8(Field::Authzid)))?;
        if value.is_empty() || value.chars().any(char::is_control) {
            return Err(malformed(Malformed::BadCharacter(Field::Authzid)));
        }
        Some(
            unescape_saslname(value)
                .ok_or(malformed(Malformed::BadSaslname))?
                .into_owned(),
        )
    };
    let pairs = rest
        .strip_prefix(&[KVSEP])
        .ok_or(malformed(Malformed::MissingSeparator))?;
    let (mut auth, mut host, mut port) = (None, None, None);
    for pair in parse_kvpairs(pairs).map_err(malformed)? {
        // Unknown key/value pairs MUST be ignored (§3.1).
        let slot = match pair.key {
            b"auth" => &mut auth,
            b"host" => &mut host,
            b"port" => &mut port,
            _ => continue,
        };
        if slot.replace(pair.value).is_some() {
            return Err(malformed(Malformed::BadKeyValue));
        }
    }
    let token = parse_bearer(auth.ok_or(malformed(Malformed::BadAuthValue))?).map_err(malformed)?;
    let host = host
        .map(|h| core::str::from_utf8(h).map(str::to_owned))
        .transpose()
        .map_err(|_| malformed(Malformed::NotUtf8(Field::Host)))?;
    let port = port.map(parse_port).transpose().map_err(malformed)?;
    Ok(TokenRequest {
        mechanism: MECH,
        user: authzid,
        token: token.map(|t| Secret::new(t.to_owned())),
        host,
        port,
    })
}

/// "a decimal positive integer string without leading zeros" (§3.1).
fn parse_port(value: &[u8]) -> Result<u16, Malformed> {
    if value.first().is_none_or(|&b| b == b'0') || !value.iter().all(u8::is_ascii_digit) {
        return Err(Malformed::BadKeyValue);
    }
    core::str::from_utf8(value)
        .ok()
        .and_then(|v| v.parse().ok())
        .ok_or(Malformed::BadKeyValue)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports() {
        assert_eq!(parse_port(b"143"), Ok(143));
        for bad in [&b""[..], b"0", b"0143", b"65536", b"1a", b"-1"] {
            assert_eq!(parse_port(bad), Err(Malformed::BadKeyValue), "{bad:?}");
        }
    }

    #[test]
    fn gs2_header_variants() {
        let r = parse(b"y,,\x01auth=Bearer abc\x01\x01").unwrap();
        assert_eq!(r.user, None);
        let r = parse(b"n,a=a=2Cb,\x01auth=Bearer abc\x01\x01").unwrap();
        assert_eq!(r.user.as_deref(), Some("a,b"));
        assert_eq!(
            parse(b"p=tls-unique,,\x01auth=Bearer abc\x01\x01").err(),
            Some(Failure::ChannelBindingNotSupported)
        );
        assert!(parse(b"n,,auth=Bearer abc\x01\x01").is_err());
        assert!(parse(b"n,x=y,\x01auth=Bearer abc\x01\x01").is_err());
        assert!(parse(b"n,a=,\x01auth=Bearer abc\x01\x01").is_err());
        assert!(parse(b"\x01").is_err());
        assert!(parse(b"n,,\x01host=a\x01\x01").is_err());
    }
}
