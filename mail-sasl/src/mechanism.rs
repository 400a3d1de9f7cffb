//! SASL mechanism names (RFC 4422 §3.1) and choosing a mechanism both sides share.

use core::fmt;
use core::str::FromStr;

use crate::error::{MechanismNameError, SaslError};

/// A SASL mechanism name (RFC 4422 §3.1).
///
/// Names compare case-insensitively on the wire; parsing upper-cases them, so the value
/// of [`Other`](Mechanism::Other) is always upper case when it comes from a parse.
///
/// ```
/// use mail_sasl::Mechanism;
///
/// assert_eq!("scram-sha-256".parse::<Mechanism>().unwrap(), Mechanism::ScramSha256);
/// assert_eq!(Mechanism::CramMd5.to_string(), "CRAM-MD5");
/// assert_eq!(
///     "gssapi".parse::<Mechanism>().unwrap(),
///     Mechanism::Other("GSSAPI".to_owned())
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Mechanism {
    /// `PLAIN` (RFC 4616).
    Plain,
    /// `LOGIN` (the obsolete, de-facto `Username:` / `Password:` mechanism).
    Login,
    /// `CRAM-MD5` (RFC 2195).
    CramMd5,
    /// `XOAUTH2` (Google's and Microsoft's OAuth 2.0 bearer token mechanism).
    XOAuth2,
    /// `OAUTHBEARER` (RFC 7628).
    OAuthBearer,
    /// `SCRAM-SHA-256` (RFC 7677, RFC 5802).
    ScramSha256,
    /// Any other valid name (e.g. `GSSAPI`, `EXTERNAL`, `SCRAM-SHA-256-PLUS`), upper case.
    Other(String),
}

/// The mechanisms this crate implements, strongest first: the order [`select`] uses.
///
/// SCRAM-SHA-256 proves the password without sending it and authenticates the server; the
/// OAuth mechanisms send a revocable, scoped token; CRAM-MD5 hides the password from an
/// eavesdropper but needs it stored in plaintext-equivalent form; PLAIN and LOGIN send the
/// password itself (PLAIN ranks above LOGIN because it carries an authzid and needs one
/// round trip).
pub const PREFERENCE_ORDER: &[Mechanism] = &[
    Mechanism::ScramSha256,
    Mechanism::OAuthBearer,
    Mechanism::XOAuth2,
    Mechanism::CramMd5,
    Mechanism::Plain,
    Mechanism::Login,
];

impl Mechanism {
    /// Parses a mechanism name from wire bytes, case-insensitively (RFC 4422 §3.1).
    ///
    /// # Errors
    ///
    /// [`SaslError::InvalidMechanismName`] if the name is empty, longer than 20 characters,
    /// or has a character outside `A-Z a-z 0-9 - _`.
    pub fn from_bytes(name: &[u8]) -> Result<Self, SaslError> {
        if name.is_empty() {
            return Err(SaslError::InvalidMechanismName(MechanismNameError::Empty));
        }
        if name.len() > 20 {
            return Err(SaslError::InvalidMechanismName(MechanismNameError::TooLong));
        }
        if !name
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_')
        {
            return Err(SaslError::InvalidMechanismName(
                MechanismNameError::BadCharacter,
            ));
        }
        let upper: String = name
            .iter()
            .map(|b| char::from(b.to_ascii_uppercase()))
            .collect();
        Ok(match upper.as_str() {
            "PLAIN" => Self::Plain,
            "LOGIN" => Self::Login,
            "CRAM-MD5" => Self::CramMd5,
            "XOAUTH2" => Self::XOAuth2,
            "OAUTHBEARER" => Self::OAuthBearer,
            "SCRAM-SHA-256" => Self::ScramSha256,
            _ => Self::Other(upper),
        })
    }

    /// The registered name, upper case.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Plain => "PLAIN",
            Self::Login => "LOGIN",
            Self::CramMd5 => "CRAM-MD5",
            Self::XOAuth2 => "XOAUTH2",
            Self::OAuthBearer => "OAUTHBEARER",
            Self::ScramSha256 => "SCRAM-SHA-256",
            Self::Other(name) => name,
        }
    }

    /// Whether this crate implements the mechanism (client and server).
    pub fn is_implemented(&self) -> bool {
        !matches!(self, Self::Other(_))
    }

    /// Whether the mechanism sends a credential an eavesdropper can reuse (a password or a
    /// bearer token): PLAIN, LOGIN, XOAUTH2, OAUTHBEARER. Such mechanisms belong only on an
    /// encrypted connection (RFC 4954 §14, RFC 7628 §3 "TLS MUST be used for OAUTHBEARER").
    /// Unknown mechanisms count as plaintext: a policy that refuses plaintext refuses what it
    /// cannot judge.
    pub fn is_plaintext(&self) -> bool {
        !matches!(self, Self::CramMd5 | Self::ScramSha256)
    }

    /// Whether the client speaks first (RFC 4422 §5 item 2a), so that the first message can go
    /// as an initial response (SMTP `AUTH <mech> <ir>`, IMAP SASL-IR). CRAM-MD5 and LOGIN start
    /// with a server challenge. LOGIN clients may still send the user name as an initial
    /// response (see [`LoginClient`](crate::LoginClient)).
    pub fn is_client_first(&self) -> bool {
        matches!(
            self,
            Self::Plain | Self::XOAuth2 | Self::OAuthBearer | Self::ScramSha256
        )
    }

    /// Whether the mechanism can carry an authorization identity: PLAIN, OAUTHBEARER,
    /// SCRAM-SHA-256 (and XOAUTH2's `user` is the identity itself).
    pub fn carries_authzid(&self) -> bool {
        matches!(self, Self::Plain | Self::OAuthBearer | Self::ScramSha256)
    }

    /// Rank in [`PREFERENCE_ORDER`]: higher is stronger; unknown mechanisms rank 0.
    pub fn strength(&self) -> u8 {
        PREFERENCE_ORDER
            .iter()
            .rev()
            .position(|m| m == self)
            .map_or(0, |p| u8::try_from(p + 1).unwrap_or(u8::MAX))
    }
}

impl fmt::Display for Mechanism {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Mechanism {
    type Err = SaslError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::from_bytes(s.as_bytes())
    }
}

/// Whether [`select`] may choose a mechanism that sends a reusable credential
/// ([`Mechanism::is_plaintext`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaintextPolicy {
    /// Plaintext mechanisms are allowed (the connection is encrypted: TLS or STARTTLS done).
    Allow,
    /// Only CRAM-MD5 and SCRAM-SHA-256 may be chosen (the connection is not encrypted).
    Refuse,
}

/// Picks the strongest mechanism that both `ours` and `theirs` list, following
/// [`PREFERENCE_ORDER`] (not the order of either list). Mechanisms this crate does not
/// implement rank last, in the order of `ours`, and only when the policy allows plaintext.
///
/// Typically `ours` lists what the client has credentials for (a password gives
/// SCRAM-SHA-256, CRAM-MD5, PLAIN, LOGIN; a token gives OAUTHBEARER, XOAUTH2) and `theirs` is
/// the server's advertisement (SMTP `250-AUTH`, IMAP `AUTH=`, POP3 `SASL`).
///
/// ```
/// use mail_sasl::{select, Mechanism, PlaintextPolicy};
///
/// let ours = [Mechanism::Plain, Mechanism::ScramSha256, Mechanism::CramMd5];
/// let theirs = [Mechanism::Login, Mechanism::Plain, Mechanism::CramMd5];
/// assert_eq!(select(&ours, &theirs, PlaintextPolicy::Allow), Some(Mechanism::CramMd5));
/// let theirs = [Mechanism::Login, Mechanism::Plain];
/// assert_eq!(select(&ours, &theirs, PlaintextPolicy::Refuse), None);
/// ```
pub fn select(
    ours: &[Mechanism],
    theirs: &[Mechanism],
    policy: PlaintextPolicy,
) -> Option<Mechanism> {
    let mut best: Option<&Mechanism> = None;
    for candidate in ours {
        if !theirs.contains(candidate) {
            continue;
        }
        if policy == PlaintextPolicy::Refuse && candidate.is_plaintext() {
            continue;
        }
        match best {
            Some(current) if current.strength() >= candidate.strength() => {}
            _ => best = Some(candidate),
        }
    }
    best.cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_is_case_insensitive_and_round_trips() {
        for m in PREFERENCE_ORDER {
            assert_eq!(m.as_str().parse::<Mechanism>().unwrap(), *m);
            assert_eq!(
                m.as_str()
                    .to_ascii_lowercase()
                    .parse::<Mechanism>()
                    .unwrap(),
                *m
            );
        }
        assert_eq!(
            "x-Custom_1".parse::<Mechanism>().unwrap(),
            Mechanism::Other("X-CUSTOM_1".into())
        );
    }

    #[test]
    fn rfc4422_name_syntax() {
        assert_eq!(
            "".parse::<Mechanism>(),
            Err(SaslError::InvalidMechanismName(MechanismNameError::Empty))
        );
        assert!("ABCDEFGHIJKLMNOPQRST".parse::<Mechanism>().is_ok());
        assert_eq!(
            "ABCDEFGHIJKLMNOPQRSTU".parse::<Mechanism>(),
            Err(SaslError::InvalidMechanismName(MechanismNameError::TooLong))
        );
        for bad in ["SCRAM SHA", "PLAIN\r", "A=B", "\u{e9}"] {
            assert_eq!(
                bad.parse::<Mechanism>(),
                Err(SaslError::InvalidMechanismName(
                    MechanismNameError::BadCharacter
                ))
            );
        }
    }

    #[test]
    fn strength_follows_preference_order() {
        let ranks: Vec<u8> = PREFERENCE_ORDER.iter().map(Mechanism::strength).collect();
        assert_eq!(ranks, [6, 5, 4, 3, 2, 1]);
        assert_eq!(Mechanism::Other("GSSAPI".into()).strength(), 0);
    }

    #[test]
    fn select_prefers_strongest_shared() {
        let ours = [Mechanism::Login, Mechanism::Plain, Mechanism::ScramSha256];
        let theirs = [Mechanism::ScramSha256, Mechanism::Plain];
        assert_eq!(
            select(&ours, &theirs, PlaintextPolicy::Refuse),
            Some(Mechanism::ScramSha256)
        );
        let theirs = [Mechanism::Login, Mechanism::Plain];
        assert_eq!(
            select(&ours, &theirs, PlaintextPolicy::Allow),
            Some(Mechanism::Plain)
        );
        assert_eq!(select(&ours, &theirs, PlaintextPolicy::Refuse), None);
        assert_eq!(select(&ours, &[], PlaintextPolicy::Allow), None);
        let other = Mechanism::Other("X-ONE".into());
        let ours = [other.clone(), Mechanism::Login];
        let theirs = [Mechanism::Login, other.clone()];
        assert_eq!(
            select(&ours, &theirs, PlaintextPolicy::Allow),
            Some(Mechanism::Login)
        );
        assert_eq!(
            select(&ours[..1], &theirs, PlaintextPolicy::Allow),
            Some(other)
        );
    }
}
