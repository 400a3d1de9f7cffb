//! [`Capabilities`]: the list of an EHLO reply, with lookups.

use std::borrow::Cow;

use super::Capability;
use super::capability::{add_mechanism, is_typed_keyword};

/// The capabilities of an EHLO reply, in the order the server listed them, with lookups.
///
/// Built with [`push`](Self::push) (or collected), which keeps one value per meaning: the
/// mechanisms of every `AUTH` and `AUTH=` line go into one [`Capability::Auth`] at the place of
/// the first, and an [`Other`](Capability::Other) whose keyword this crate types is read as that
/// type. So a list encodes to an EHLO reply that parses back to the same list.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Capabilities<'a>(Vec<Capability<'a>>);

impl<'a> Capabilities<'a> {
    /// No capabilities.
    pub const fn new() -> Self {
        Self(Vec::new())
    }

    /// No capabilities, room for `n`.
    pub(crate) fn with_capacity(n: usize) -> Self {
        Self(Vec::with_capacity(n))
    }

    /// Adds a capability (see the type for how `AUTH` and known keywords are merged).
    pub fn push(&mut self, capability: Capability<'a>) {
        let capability = match capability {
            Capability::Other { keyword, params } if is_typed_keyword(&keyword) => {
                let mut line = keyword.into_owned();
                for p in &params {
                    line.push(' ');
                    line.push_str(p);
                }
                match Capability::from_line(&line) {
                    Some(c) => c.into_owned(),
                    None => return,
                }
            }
            Capability::Auth(new) => {
                let mut list = Vec::with_capacity(new.len());
                for m in new {
                    add_mechanism(&mut list, m);
                }
                Capability::Auth(list)
            }
            c => c,
        };
        self.push_parsed(capability);
    }

    /// Adds a capability as [`Capability::from_line`] makes them (an `Auth` list without
    /// duplicates).
    #[inline]
    pub(crate) fn push_parsed(&mut self, capability: Capability<'a>) {
        if let Capability::Auth(new) = capability {
            if let Some(Capability::Auth(list)) =
                self.0.iter_mut().find(|c| matches!(c, Capability::Auth(_)))
            {
                for m in new {
                    add_mechanism(list, m);
                }
            } else {
                self.0.push(Capability::Auth(new));
            }
        } else {
            self.0.push(capability);
        }
    }

    /// The capabilities in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Capability<'a>> {
        self.0.iter()
    }

    /// The capabilities in order.
    pub fn as_slice(&self) -> &[Capability<'a>] {
        &self.0
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The first capability with this keyword (without regard to case).
    pub fn get(&self, keyword: &str) -> Option<&Capability<'a>> {
        self.0
            .iter()
            .find(|c| c.keyword().eq_ignore_ascii_case(keyword))
    }

    /// Whether the server listed this keyword (without regard to case): `supports("STARTTLS")`,
    /// `supports("vrfy")`.
    pub fn supports(&self, keyword: &str) -> bool {
        self.get(keyword).is_some()
    }

    /// The fixed maximum message size (RFC 1870 §4): `None` if SIZE is absent, has no value,
    /// or is 0 ("no fixed maximum").
    pub fn size_limit(&self) -> Option<u64> {
        self.0.iter().find_map(|c| match c {
            Capability::Size(Some(n)) if *n > 0 => Some(*n),
            _ => None,
        })
    }

    /// The SASL mechanisms offered (RFC 4954 §3), as written; empty without AUTH.
    pub fn auth_mechanisms(&self) -> &[Cow<'a, str>] {
        self.0
            .iter()
            .find_map(|c| match c {
                Capability::Auth(list) => Some(list.as_slice()),
                _ => None,
            })
            .unwrap_or_default()
    }

    /// Whether this SASL mechanism is offered (compared without regard to case).
    pub fn supports_auth(&self, mechanism: &str) -> bool {
        self.auth_mechanisms()
            .iter()
            .any(|m| m.eq_ignore_ascii_case(mechanism))
    }

    /// The same list, owning its text.
    pub fn into_owned(self) -> Capabilities<'static> {
        Capabilities(self.0.into_iter().map(Capability::into_owned).collect())
    }
}

impl<'a> FromIterator<Capability<'a>> for Capabilities<'a> {
    fn from_iter<I: IntoIterator<Item = Capability<'a>>>(iter: I) -> Self {
        let mut list = Self::new();
        list.extend(iter);
        list
    }
}

impl<'a> Extend<Capability<'a>> for Capabilities<'a> {
    fn extend<I: IntoIterator<Item = Capability<'a>>>(&mut self, iter: I) {
        for c in iter {
            self.push(c);
        }
    }
}

impl<'a> IntoIterator for Capabilities<'a> {
    type Item = Capability<'a>;
    type IntoIter = std::vec::IntoIter<Capability<'a>>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'s, 'a> IntoIterator for &'s Capabilities<'a> {
    type Item = &'s Capability<'a>;
    type IntoIter = std::slice::Iter<'s, Capability<'a>>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}
