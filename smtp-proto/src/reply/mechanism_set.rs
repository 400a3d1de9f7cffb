//! [`MechanismSet`]: the SASL mechanisms of an `AUTH` capability (RFC 4954 §3) that
//! `mail-sasl` types, as bits.

use std::fmt;

use mail_sasl::Mechanism;

use super::folded::Table;

/// The SASL mechanisms an EHLO reply offers (RFC 4954 §3, names compared without regard to
/// case, RFC 4422 §3.1) among those [`Mechanism`] types, as a set, and whether it offers others
/// too ([`has_others`](Self::has_others)).
///
/// [`Capabilities::mechanism_set`](super::Capabilities::mechanism_set) gives it; for a parsed
/// reply it was noted while the reply was framed, so asking costs nothing. The others (any
/// [`Mechanism::Other`]: `GSSAPI`, `SCRAM-SHA-256-PLUS`, …) are read, as written, with
/// [`Capabilities::auth_mechanisms`](super::Capabilities::auth_mechanisms).
///
/// ```
/// use mail_sasl::Mechanism;
/// use smtp_proto::reply::{EhloReply, Parsed};
///
/// let input = b"250-mx.example.org\r\n250-AUTH login Plain GSSAPI\r\n250 AUTH=PLAIN\r\n";
/// let Ok(Parsed::Complete { value, .. }) = EhloReply::parse(input) else { panic!() };
/// let set = value.capabilities.mechanism_set();
/// assert!(set.contains(&Mechanism::Plain) && set.contains(&Mechanism::Login));
/// assert!(!set.contains(&Mechanism::CramMd5));
/// assert!(set.has_others());
/// assert_eq!(set.iter().collect::<Vec<_>>(), [Mechanism::Plain, Mechanism::Login]);
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct MechanismSet {
    /// A bit per typed mechanism ([`TYPED`] order).
    bits: u8,
    /// Whether a mechanism outside [`TYPED`] was offered.
    others: bool,
}

/// The mechanisms with a bit, in bit order.
const TYPED: [Mechanism; 6] = [
    Mechanism::Plain,
    Mechanism::Login,
    Mechanism::CramMd5,
    Mechanism::XOAuth2,
    Mechanism::OAuthBearer,
    Mechanism::ScramSha256,
];

/// The names of [`TYPED`], to their bits.
pub(crate) const MECHANISM_NAMES: Table<u8> = Table::new(&[
    ("PLAIN", 1 << 0),
    ("LOGIN", 1 << 1),
    ("CRAM-MD5", 1 << 2),
    ("XOAUTH2", 1 << 3),
    ("OAUTHBEARER", 1 << 4),
    ("SCRAM-SHA-256", 1 << 5),
]);

/// The bit of a mechanism name, without regard to case (RFC 4422 §3.1); 0 for the others.
#[inline(always)]
fn name_bit(name: &[u8]) -> u8 {
    MECHANISM_NAMES.find(name, name.len()).unwrap_or(0)
}

impl MechanismSet {
    /// No mechanisms.
    pub const fn new() -> Self {
        Self {
            bits: 0,
            others: false,
        }
    }

    /// Adds a mechanism by its name as offered (without regard to case; an empty name is
    /// nothing).
    #[inline(always)]
    pub fn insert_name(&mut self, name: &str) {
        self.insert_octets(name.as_bytes());
    }

    /// [`insert_name`](Self::insert_name) of octets.
    #[inline(always)]
    pub(crate) fn insert_octets(&mut self, name: &[u8]) {
        if name.is_empty() {
            return;
        }
        match name_bit(name) {
            0 => self.others = true,
            bit => self.bits |= bit,
        }
    }

    /// Adds the mechanism of this bit (from [`MECHANISM_NAMES`]), or notes another one.
    #[inline(always)]
    pub(crate) fn insert_bit(&mut self, bit: Option<u8>) {
        match bit {
            Some(bit) => self.bits |= bit,
            None => self.others = true,
        }
    }

    /// Whether this mechanism is in the set. A [`Mechanism::Other`] is only if it names a
    /// typed mechanism (the others are not kept: see [`has_others`](Self::has_others)).
    pub fn contains(&self, mechanism: &Mechanism) -> bool {
        let bit = match mechanism {
            Mechanism::Other(name) => name_bit(name.as_bytes()),
            typed => TYPED.iter().position(|m| m == typed).map_or(0, |i| 1 << i),
        };
        self.bits & bit != 0
    }

    /// Whether this name (compared without regard to case) is in the set: `Some(true)` or
    /// `Some(false)` for the name of a typed mechanism, `None` for another name, which the set
    /// cannot answer for (see [`has_others`](Self::has_others)).
    pub fn contains_name(&self, name: &str) -> Option<bool> {
        match name_bit(name.as_bytes()) {
            0 => None,
            bit => Some(self.bits & bit != 0),
        }
    }

    /// Whether mechanisms other than the typed ones were offered (read them with
    /// [`Capabilities::auth_mechanisms`](super::Capabilities::auth_mechanisms)).
    pub const fn has_others(&self) -> bool {
        self.others
    }

    /// Whether no mechanism at all was offered, typed or not.
    pub const fn is_empty(&self) -> bool {
        self.bits == 0 && !self.others
    }

    /// The typed mechanisms in the set, in the order of [`Mechanism`]'s variants.
    pub fn iter(&self) -> impl Iterator<Item = Mechanism> + '_ {
        TYPED
            .iter()
            .enumerate()
            .filter(|&(i, _)| self.bits & (1 << i) != 0)
            .map(|(_, m)| m.clone())
    }
}

impl fmt::Debug for MechanismSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MechanismSet")
            .field("typed", &self.iter().collect::<Vec<_>>())
            .field("others", &self.others)
            .finish()
    }
}

impl<'s> FromIterator<&'s str> for MechanismSet {
    fn from_iter<I: IntoIterator<Item = &'s str>>(names: I) -> Self {
        let mut set = Self::new();
        for name in names {
            set.insert_name(name);
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_bits() {
        for (i, m) in TYPED.iter().enumerate() {
            let set: MechanismSet = [m.as_str()].into_iter().collect();
            assert_eq!(set.bits, 1 << i);
            assert!(!set.has_others() && !set.is_empty());
            assert!(set.contains(m));
            assert!(set.contains(&Mechanism::Other(m.as_str().to_owned())));
            let lower = m.as_str().to_ascii_lowercase();
            assert_eq!(set.contains_name(&lower), Some(true));
            assert_eq!(set.iter().collect::<Vec<_>>(), std::slice::from_ref(m));
        }
        let set: MechanismSet = ["GSSAPI", "", "SCRAM-SHA-256-PLUS", "PLAINX"]
            .into_iter()
            .collect();
        assert_eq!(set.bits, 0);
        assert!(set.has_others() && !set.is_empty());
        assert_eq!(set.contains_name("gssapi"), None);
        assert_eq!(set.contains_name("plain"), Some(false));
        assert!(!set.contains(&Mechanism::Other("GSSAPI".into())));
        assert!(MechanismSet::new().is_empty());
        assert!(MechanismSet::default().iter().next().is_none());
    }
}
