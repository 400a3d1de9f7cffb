//! [`Capabilities`]: the list of an EHLO reply, with lookups.

use std::borrow::Cow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::num::NonZeroU64;

use super::capability::{
    Known, Tokens, add_mechanism, is_typed_keyword, known, known_in, obsolete_auth,
};
use super::capability_lines::{
    Kind, Lines, Mechanisms as LineMechanisms, NOWHERE, Summary, Typed, bit, kind,
};
use super::frame::first_below_0x0e;
use super::{Capability, MechanismSet};

/// The capabilities of an EHLO reply, in the order the server listed them, with lookups.
///
/// Built with [`push`](Self::push) (or collected), which keeps one value per meaning: the
/// mechanisms of every `AUTH` and `AUTH=` line go into one [`Capability::Auth`] at the place of
/// the first, and an [`Other`](Capability::Other) whose keyword this crate types is read as that
/// type. So a list encodes to an EHLO reply that parses back to the same list.
///
/// A parsed reply keeps its capability lines as written and types them only when asked
/// ([`iter`](Self::iter), [`get`](Self::get)); what clients ask first is found while parsing:
/// which typed keywords are present ([`supports`](Self::supports)), the `SIZE` limit
/// ([`size_limit`](Self::size_limit)), the SASL mechanisms as a set
/// ([`mechanism_set`](Self::mechanism_set)), the `DELIVERBY` and `MT-PRIORITY` values
/// ([`min_by_time`](Self::min_by_time), [`priority_profile`](Self::priority_profile)) and the
/// count ([`len`](Self::len)). The answers are the
/// same as for the typed list: two values are equal when they give the same capabilities.
#[derive(Clone)]
pub struct Capabilities<'a>(Repr<'a>);

#[derive(Clone)]
enum Repr<'a> {
    /// Built by `push`, or read by the line-by-line parser.
    List(Vec<Capability<'a>>),
    /// The lines of a reply that passed the quick checks (`code SP/"-" text CRLF` each), and
    /// what one pass over them found.
    Lines {
        text: Cow<'a, str>,
        summary: Summary,
    },
}

impl<'a> Capabilities<'a> {
    /// No capabilities.
    pub const fn new() -> Self {
        Self(Repr::List(Vec::new()))
    }

    /// No capabilities, room for `n`.
    pub(crate) fn with_capacity(n: usize) -> Self {
        Self(Repr::List(Vec::with_capacity(n)))
    }

    /// The capabilities of these lines, as `Framed` checked them (see [`Lines`]), and their
    /// summary (every line given to [`Summary::note`]).
    pub(crate) fn from_lines(text: &'a str, summary: Summary) -> Self {
        Self(Repr::Lines {
            text: Cow::Borrowed(text),
            summary,
        })
    }

    /// The typed list, made from the lines if need be; `self` is left empty.
    fn take_list(&mut self) -> Vec<Capability<'a>> {
        match std::mem::replace(&mut self.0, Repr::List(Vec::new())) {
            Repr::List(list) => list,
            Repr::Lines {
                text: Cow::Borrowed(text),
                ..
            } => Typed::new(Lines(text)).collect(),
            Repr::Lines {
                text: Cow::Owned(text),
                ..
            } => Typed::new(Lines(&text))
                .map(Capability::into_owned)
                .collect(),
        }
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
        let mut list = self.take_list();
        if let Capability::Auth(new) = capability {
            if let Some(Capability::Auth(auth)) =
                list.iter_mut().find(|c| matches!(c, Capability::Auth(_)))
            {
                for m in new {
                    add_mechanism(auth, m);
                }
            } else {
                list.push(Capability::Auth(new));
            }
        } else {
            list.push(capability);
        }
        self.0 = Repr::List(list);
    }

    /// The capabilities in order, typed one by one as the iterator is advanced.
    pub fn iter(&self) -> Iter<'_> {
        Iter(match &self.0 {
            Repr::List(list) => IterRepr::List(list.iter()),
            Repr::Lines { text, .. } => IterRepr::Lines(Typed::new(Lines(text))),
        })
    }

    /// The capabilities in order, in a vector.
    pub fn to_vec(&self) -> Vec<Capability<'_>> {
        self.iter().collect()
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::List(list) => list.len(),
            Repr::Lines { summary, .. } => summary.count as usize,
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The first capability with this keyword (without regard to case), typed.
    pub fn get(&self, keyword: &str) -> Option<Capability<'_>> {
        match &self.0 {
            Repr::List(list) => list
                .iter()
                .find(|c| c.keyword().eq_ignore_ascii_case(keyword))
                .map(Capability::borrowed),
            Repr::Lines { text, summary } => {
                let known = known(keyword);
                if known.is_some_and(|k| summary.keywords & bit(k) == 0) {
                    return None;
                }
                if known == Some(Known::Auth) {
                    let list = LineMechanisms::new(Lines(text))
                        .map(Cow::Borrowed)
                        .collect();
                    return Some(Capability::Auth(list));
                }
                // The first DELIVERBY and MT-PRIORITY were typed while parsing.
                match (known, summary.deliver_by, summary.mt_priority) {
                    (Some(Known::DeliverBy), Some(by), _) => {
                        return Some(Capability::DeliverBy(by));
                    }
                    (Some(Known::MtPriority), _, Some(None)) => {
                        return Some(Capability::MtPriority(None));
                    }
                    (Some(Known::MtPriority), _, Some(Some((at, len)))) => {
                        let (at, len) = (usize::from(at), usize::from(len));
                        if let Some(profile) = text.get(at..at + len) {
                            return Some(Capability::MtPriority(Some(Cow::Borrowed(profile))));
                        }
                    }
                    _ => {}
                }
                // Only the line asked for is typed; a typed keyword's line is where the summary
                // says (looked for from the start if it could not say). When that line starts
                // with its keyword (no space first), the keyword is `k`'s, as long: the rest of
                // the line is the parameters.
                if let Some(k) = known
                    && let Some(&at) = summary.first.get(k as usize)
                    && at != NOWHERE
                {
                    let at = usize::from(at);
                    let bytes = text.as_bytes().get(at + 4..).unwrap_or_default();
                    if bytes.first().is_some_and(|&b| b != b' ')
                        && let Some(cr) = first_below_0x0e(bytes)
                        && let Some(line) = text.get(at + 4..at + 4 + cr)
                        && let (Some(name), Some(params)) =
                            (line.get(..keyword.len()), line.get(keyword.len()..))
                    {
                        return Some(Capability::typed(k, name, Tokens(params)));
                    }
                }
                // No keyword is empty, has a space or starts with `AUTH=` (those lines are
                // `AUTH`, handled above).
                if keyword.is_empty() || keyword.contains(' ') || obsolete_auth(keyword).is_some() {
                    return None;
                }
                let from = known
                    .and_then(|k| summary.first.get(k as usize))
                    .filter(|&&at| at != NOWHERE)
                    .map_or(0, |&at| usize::from(at));
                let mut lines = Lines(text.get(from..).unwrap_or_default());
                let at_first = |line: &str| match known {
                    // The keyword compared a word at a time.
                    Some(k) => {
                        let (bytes, n) = (line.as_bytes(), keyword.len());
                        matches!(bytes.get(n), None | Some(b' ')) && known_in(bytes, n) == Some(k)
                    }
                    None => names(line, keyword),
                };
                match lines.next() {
                    Some(line) if at_first(line) => Capability::from_line(line),
                    _ => Lines(text)
                        .find(|line| names(line, keyword))
                        .and_then(Capability::from_line),
                }
            }
        }
    }

    /// Whether the server listed this keyword (without regard to case): `supports("STARTTLS")`,
    /// `supports("vrfy")`. A typed keyword is one bit test for a parsed reply.
    pub fn supports(&self, keyword: &str) -> bool {
        match &self.0 {
            Repr::List(list) => list.iter().any(|c| c.keyword().eq_ignore_ascii_case(keyword)),
            Repr::Lines { text, summary } => match known(keyword) {
                Some(k) => summary.keywords & bit(k) != 0,
                None => Lines(text).any(|line| {
                    matches!(kind(line).0, Kind::Other(k) if k.eq_ignore_ascii_case(keyword))
                }),
            },
        }
    }

    /// The fixed maximum message size (RFC 1870 §4): `None` if SIZE is absent, has no value,
    /// or is 0 ("no fixed maximum").
    pub fn size_limit(&self) -> Option<u64> {
        match &self.0 {
            Repr::List(list) => list.iter().find_map(|c| match c {
                Capability::Size(Some(n)) if *n > 0 => Some(*n),
                _ => None,
            }),
            Repr::Lines { summary, .. } => summary.size.map(NonZeroU64::get),
        }
    }

    /// The shortest by-time the server accepts, in seconds (RFC 2852 §4 `min-by-time`), as
    /// [`get("DELIVERBY")`](Self::get) types it: `None` if DELIVERBY is absent, has no value,
    /// or its first line is not typed. Noted while a reply is parsed.
    pub fn min_by_time(&self) -> Option<u32> {
        if let Repr::Lines { summary, .. } = &self.0 {
            if summary.keywords & bit(Known::DeliverBy) == 0 {
                return None;
            }
            if let Some(by) = summary.deliver_by {
                return by;
            }
        }
        match self.get("DELIVERBY") {
            Some(Capability::DeliverBy(by)) => by,
            _ => None,
        }
    }

    /// The priority assignment policy the server uses (RFC 6710 §3 `priority-profile`:
    /// `MIXER`, `STANAG4406`, `NSEP`, …), as [`get("MT-PRIORITY")`](Self::get) types it:
    /// `None` if MT-PRIORITY is absent, has no profile, or its first line is not typed. Noted
    /// while a reply is parsed.
    pub fn priority_profile(&self) -> Option<&str> {
        match &self.0 {
            Repr::List(list) => match list
                .iter()
                .find(|c| c.keyword().eq_ignore_ascii_case("MT-PRIORITY"))
            {
                Some(Capability::MtPriority(Some(profile))) => Some(profile),
                _ => None,
            },
            Repr::Lines { text, summary } => {
                if summary.keywords & bit(Known::MtPriority) == 0 {
                    return None;
                }
                match summary.mt_priority {
                    Some(None) => None,
                    Some(Some((at, len))) => {
                        let (at, len) = (usize::from(at), usize::from(len));
                        text.get(at..at + len)
                    }
                    // Not typed, or too far into the text to be noted: the line is read.
                    None => match self.get("MT-PRIORITY") {
                        Some(Capability::MtPriority(Some(Cow::Borrowed(profile)))) => Some(profile),
                        _ => None,
                    },
                }
            }
        }
    }

    /// The SASL mechanisms offered (RFC 4954 §3), as written, each once; none without AUTH.
    /// Read from the reply's lines as the iterator is advanced.
    pub fn auth_mechanisms(&self) -> Mechanisms<'_> {
        match &self.0 {
            Repr::List(list) => Mechanisms(MechanismsRepr::List(
                list.iter()
                    .find_map(|c| match c {
                        Capability::Auth(list) => Some(list.as_slice()),
                        _ => None,
                    })
                    .unwrap_or_default()
                    .iter(),
            )),
            Repr::Lines { text, summary } => {
                Mechanisms(if summary.keywords & bit(Known::Auth) == 0 {
                    MechanismsRepr::List([].iter())
                } else {
                    MechanismsRepr::Lines(LineMechanisms::new(summary.auth_lines(text)))
                })
            }
        }
    }

    /// The SASL mechanisms offered that [`Mechanism`](mail_sasl::Mechanism) types, as a set,
    /// and whether others are offered (RFC 4954 §3). Noted while a reply is parsed: no line is
    /// read again.
    pub fn mechanism_set(&self) -> MechanismSet {
        match &self.0 {
            Repr::List(_) => self.auth_mechanisms().collect(),
            Repr::Lines { summary, .. } => summary.mechanisms,
        }
    }

    /// Whether this SASL mechanism is offered (compared without regard to case).
    pub fn supports_auth(&self, mechanism: &str) -> bool {
        let set = self.mechanism_set();
        match set.contains_name(mechanism) {
            Some(offered) => offered,
            None => {
                set.has_others()
                    && self
                        .auth_mechanisms()
                        .any(|m| m.eq_ignore_ascii_case(mechanism))
            }
        }
    }

    /// The same list, owning its text (a parsed reply keeps its lines, copied).
    pub fn into_owned(self) -> Capabilities<'static> {
        Capabilities(match self.0 {
            Repr::List(list) => Repr::List(list.into_iter().map(Capability::into_owned).collect()),
            Repr::Lines { text, summary } => Repr::Lines {
                text: Cow::Owned(text.into_owned()),
                summary,
            },
        })
    }
}

/// Whether the keyword of `line` is `keyword` (without regard to case; `keyword` is not empty
/// and has no space).
#[inline]
fn names(line: &str, keyword: &str) -> bool {
    let bytes = line.as_bytes();
    if bytes.first() == Some(&b' ') {
        return Tokens(line)
            .next()
            .is_some_and(|k| k.eq_ignore_ascii_case(keyword));
    }
    let n = keyword.len();
    bytes
        .get(..n)
        .is_some_and(|head| head.eq_ignore_ascii_case(keyword.as_bytes()))
        && matches!(bytes.get(n), None | Some(b' '))
}

impl Default for Capabilities<'_> {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for Capabilities<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Capabilities").field(&self.to_vec()).finish()
    }
}

impl<'b> PartialEq<Capabilities<'b>> for Capabilities<'_> {
    fn eq(&self, other: &Capabilities<'b>) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for Capabilities<'_> {}

impl Hash for Capabilities<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_usize(self.len());
        for c in self {
            c.hash(state);
        }
    }
}

/// The capabilities of a [`Capabilities`] in order, typed one by one ([`Capabilities::iter`]).
#[derive(Clone)]
pub struct Iter<'s>(IterRepr<'s>);

impl fmt::Debug for Iter<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Iter").finish_non_exhaustive()
    }
}

#[derive(Clone)]
enum IterRepr<'s> {
    List(std::slice::Iter<'s, Capability<'s>>),
    Lines(Typed<'s>),
}

impl<'s> Iterator for Iter<'s> {
    type Item = Capability<'s>;

    fn next(&mut self) -> Option<Capability<'s>> {
        match &mut self.0 {
            IterRepr::List(list) => list.next().map(Capability::borrowed),
            IterRepr::Lines(typed) => typed.next(),
        }
    }
}

/// The SASL mechanisms of a [`Capabilities`] ([`Capabilities::auth_mechanisms`]).
#[derive(Clone)]
pub struct Mechanisms<'s>(MechanismsRepr<'s>);

impl fmt::Debug for Mechanisms<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mechanisms").finish_non_exhaustive()
    }
}

#[derive(Clone)]
enum MechanismsRepr<'s> {
    List(std::slice::Iter<'s, Cow<'s, str>>),
    Lines(LineMechanisms<'s>),
}

impl<'s> Iterator for Mechanisms<'s> {
    type Item = &'s str;

    fn next(&mut self) -> Option<&'s str> {
        match &mut self.0 {
            MechanismsRepr::List(list) => list.next().map(|m| &**m),
            MechanismsRepr::Lines(lines) => lines.next(),
        }
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
    type IntoIter = IntoIter<'a>;

    fn into_iter(self) -> IntoIter<'a> {
        IntoIter(match self.0 {
            Repr::Lines {
                text: Cow::Borrowed(text),
                ..
            } => IntoIterRepr::Lines(Typed::new(Lines(text))),
            repr @ Repr::Lines { .. } => {
                IntoIterRepr::List(Capabilities(repr).take_list().into_iter())
            }
            Repr::List(list) => IntoIterRepr::List(list.into_iter()),
        })
    }
}

/// The capabilities of a [`Capabilities`] in order, by value.
pub struct IntoIter<'a>(IntoIterRepr<'a>);

impl fmt::Debug for IntoIter<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IntoIter").finish_non_exhaustive()
    }
}

enum IntoIterRepr<'a> {
    List(std::vec::IntoIter<Capability<'a>>),
    Lines(Typed<'a>),
}

impl<'a> Iterator for IntoIter<'a> {
    type Item = Capability<'a>;

    fn next(&mut self) -> Option<Capability<'a>> {
        match &mut self.0 {
            IntoIterRepr::List(list) => list.next(),
            IntoIterRepr::Lines(typed) => typed.next(),
        }
    }
}

impl<'s, 'a> IntoIterator for &'s Capabilities<'a> {
    type Item = Capability<'s>;
    type IntoIter = Iter<'s>;

    fn into_iter(self) -> Iter<'s> {
        self.iter()
    }
}
