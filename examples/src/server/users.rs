//! The server's users: names, passwords, and the SASL checks against them (RFC 4422).

use std::collections::BTreeMap;
use std::hash::{BuildHasher, Hasher};

use mail_sasl::{Authenticator, Rejection, ScramCredentials, Secret, Verdict};
use pop3_proto::command::Digest;

use crate::maildir::is_safe_user_name;

/// PBKDF2 rounds for SCRAM-SHA-256 (RFC 7677 §4: at least 4096).
const SCRAM_ITERATIONS: u32 = 4096;

/// One user: a name (also the Maildir's directory name and the local part of the address)
/// and a password.
#[derive(Debug, Clone)]
pub struct User {
    /// The name as configured.
    pub name: String,
    password: Secret<String>,
    scram: ScramCredentials,
}

/// The table of users; names compare without regard to ASCII case.
#[derive(Debug, Clone, Default)]
pub struct Users {
    by_name: BTreeMap<String, User>,
}

/// Why a `NAME:PASSWORD` argument was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum UserError {
    /// No `:` between the name and the password.
    #[error("expected NAME:PASSWORD")]
    MissingColon,
    /// The name cannot be a directory name (letters, digits, `.`, `_`, `-`; not starting
    /// with `.`; at most 64).
    #[error("user name {0:?} must be 1-64 letters, digits, '.', '_' or '-', not starting with '.'")]
    BadName(String),
    /// An empty password, or one `SASLprep` refuses (RFC 4013).
    #[error("the password of {0:?} is empty or not allowed by SASLprep")]
    BadPassword(String),
    /// The same name twice.
    #[error("user {0:?} is given twice")]
    Duplicate(String),
}

impl User {
    /// Parses `NAME:PASSWORD` (the password may contain `:`).
    ///
    /// # Errors
    /// See [`UserError`].
    pub fn parse(argument: &str) -> Result<User, UserError> {
        let (name, password) = argument.split_once(':').ok_or(UserError::MissingColon)?;
        User::new(name, password)
    }

    /// A user with this name and password.
    ///
    /// # Errors
    /// See [`UserError`].
    pub fn new(name: &str, password: &str) -> Result<User, UserError> {
        if !is_safe_user_name(name) {
            return Err(UserError::BadName(name.to_owned()));
        }
        if password.is_empty() {
            return Err(UserError::BadPassword(name.to_owned()));
        }
        let salt = random_bytes::<16>();
        let scram = ScramCredentials::derive(password, &salt, SCRAM_ITERATIONS)
            .map_err(|_| UserError::BadPassword(name.to_owned()))?;
        Ok(User {
            name: name.to_owned(),
            password: Secret::from(password),
            scram,
        })
    }
}

impl Users {
    /// The table of `users`.
    ///
    /// # Errors
    /// [`UserError::Duplicate`] when two share a name (ignoring case).
    pub fn new(users: impl IntoIterator<Item = User>) -> Result<Users, UserError> {
        let mut by_name = BTreeMap::new();
        for user in users {
            let key = user.name.to_ascii_lowercase();
            if by_name.contains_key(&key) {
                return Err(UserError::Duplicate(user.name));
            }
            by_name.insert(key, user);
        }
        Ok(Users { by_name })
    }

    /// The user called `name` (ignoring ASCII case).
    pub fn get(&self, name: &str) -> Option<&User> {
        self.by_name.get(&name.to_ascii_lowercase())
    }

    /// Every user, by name.
    pub fn iter(&self) -> impl Iterator<Item = &User> {
        self.by_name.values()
    }

    /// The user that receives mail for `postmaster` (RFC 5321 §4.5.1): a user of that name,
    /// else the first by name.
    pub fn postmaster(&self) -> Option<&User> {
        self.get("postmaster")
            .or_else(|| self.by_name.values().next())
    }

    /// The user `name` if `digest` is the APOP digest of `timestamp` and that user's password
    /// (RFC 1939 §7), compared in constant time.
    pub fn apop(&self, name: &str, digest: &Digest, timestamp: &str) -> Option<&User> {
        let user = self.get(name)?;
        let secret = user.password.expose().as_bytes();
        digest.verify(timestamp.as_bytes(), secret).then_some(user)
    }

    /// The user an authentication acts as, if `authzid` is absent or names `authcid` itself.
    fn acting(&self, authzid: Option<&str>, authcid: &str) -> Result<&User, Rejection> {
        let user = self.get(authcid).ok_or(Rejection::UnknownUser)?;
        match authzid {
            Some(z) if !z.is_empty() && !z.eq_ignore_ascii_case(&user.name) => {
                Err(Rejection::AuthzidNotPermitted)
            }
            _ => Ok(user),
        }
    }
}

impl Authenticator for Users {
    fn verify_password(
        &self,
        authzid: Option<&str>,
        authcid: &str,
        password: &Secret<String>,
    ) -> Verdict {
        match self.acting(authzid, authcid) {
            // Secret's equality is constant-time.
            Ok(user) if user.password == *password => Verdict::Accept,
            Ok(_) => Verdict::Reject(Rejection::BadCredentials),
            Err(rejection) => Verdict::Reject(rejection),
        }
    }

    fn cram_md5_secret(&self, authcid: &str) -> Result<Secret<String>, Rejection> {
        self.acting(None, authcid).map(|u| u.password.clone())
    }

    fn scram_sha256_credentials(
        &self,
        authzid: Option<&str>,
        authcid: &str,
    ) -> Result<ScramCredentials, Rejection> {
        self.acting(authzid, authcid).map(|u| u.scram.clone())
    }
}

/// `N` unpredictable octets, from the standard library's randomly keyed `SipHash`
/// ([`std::hash::RandomState`] draws its keys from the operating system). Enough for salts and
/// nonces in a reference server; a production server would use a CSPRNG crate.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut out = [0u8; N];
    for (i, chunk) in out.chunks_mut(8).enumerate() {
        let mut hasher = std::hash::RandomState::new().build_hasher();
        hasher.write_usize(i);
        hasher.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0),
        );
        let bytes = hasher.finish().to_le_bytes();
        for (o, b) in chunk.iter_mut().zip(bytes) {
            *o = b;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_check_passwords() {
        let users = Users::new([
            User::parse("alice:wonder:land").unwrap(),
            User::parse("Bob:x").unwrap(),
        ])
        .unwrap();
        assert_eq!(users.get("ALICE").unwrap().name, "alice");
        let ok = users.verify_password(None, "alice", &Secret::from("wonder:land"));
        assert_eq!(ok, Verdict::Accept);
        let bad = users.verify_password(None, "alice", &Secret::from("wonder"));
        assert_eq!(bad, Verdict::Reject(Rejection::BadCredentials));
        let other = users.verify_password(Some("Bob"), "alice", &Secret::from("wonder:land"));
        assert_eq!(other, Verdict::Reject(Rejection::AuthzidNotPermitted));
        let unknown = users.verify_password(None, "carol", &Secret::from("x"));
        assert_eq!(unknown, Verdict::Reject(Rejection::UnknownUser));
        assert_eq!(users.postmaster().unwrap().name, "alice");
        // The password never shows in Debug output.
        assert!(!format!("{users:?}").contains("wonder:land"));
    }

    #[test]
    fn bad_arguments() {
        assert_eq!(User::parse("alice").unwrap_err(), UserError::MissingColon);
        assert!(matches!(User::parse("../x:y"), Err(UserError::BadName(_))));
        assert!(matches!(User::parse("a:"), Err(UserError::BadPassword(_))));
        let dup = Users::new([User::parse("a:1").unwrap(), User::parse("A:2").unwrap()]);
        assert_eq!(dup.unwrap_err(), UserError::Duplicate("A".to_owned()));
    }

    #[test]
    fn random_bytes_differ() {
        assert_ne!(random_bytes::<16>(), random_bytes::<16>());
    }
}
