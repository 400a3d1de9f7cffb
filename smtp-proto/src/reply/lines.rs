//! [`ReplyLines`]: the text lines of a reply, the first one stored inline.

use std::borrow::Cow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::{Deref, DerefMut};

/// The text of each line of a [`Reply`](super::Reply), in order.
///
/// Works like a `Vec<Cow<'a, str>>` (it dereferences to a slice and compares with slices,
/// arrays and vectors of anything a `Cow<str>` compares with), but a reply of one line — most
/// replies — is held without allocating, so parsing it borrows everything from the input.
#[derive(Clone)]
pub struct ReplyLines<'a>(Repr<'a>);

#[derive(Clone)]
enum Repr<'a> {
    One(Cow<'a, str>),
    Many(Vec<Cow<'a, str>>),
}

impl<'a> ReplyLines<'a> {
    /// No lines.
    pub const fn new() -> Self {
        Self(Repr::Many(Vec::new()))
    }

    /// One line.
    pub fn one(line: impl Into<Cow<'a, str>>) -> Self {
        Self(Repr::One(line.into()))
    }

    /// Appends a line.
    pub fn push(&mut self, line: impl Into<Cow<'a, str>>) {
        let line = line.into();
        match &mut self.0 {
            Repr::Many(v) if v.is_empty() => self.0 = Repr::One(line),
            Repr::Many(v) => v.push(line),
            Repr::One(_) => {
                let Repr::One(first) = std::mem::replace(&mut self.0, Repr::Many(Vec::new()))
                else {
                    return;
                };
                let mut v = Vec::with_capacity(4);
                v.push(first);
                v.push(line);
                self.0 = Repr::Many(v);
            }
        }
    }

    /// The lines as a slice.
    pub fn as_slice(&self) -> &[Cow<'a, str>] {
        match &self.0 {
            Repr::One(line) => std::slice::from_ref(line),
            Repr::Many(v) => v,
        }
    }

    /// The lines as a mutable slice.
    pub fn as_mut_slice(&mut self) -> &mut [Cow<'a, str>] {
        match &mut self.0 {
            Repr::One(line) => std::slice::from_mut(line),
            Repr::Many(v) => v,
        }
    }

    /// The lines in a vector.
    pub fn into_vec(self) -> Vec<Cow<'a, str>> {
        match self.0 {
            Repr::One(line) => vec![line],
            Repr::Many(v) => v,
        }
    }

    /// The same lines, owned.
    pub fn into_owned(self) -> ReplyLines<'static> {
        let own = |l: Cow<'a, str>| Cow::Owned(l.into_owned());
        ReplyLines(match self.0 {
            Repr::One(line) => Repr::One(own(line)),
            Repr::Many(v) => Repr::Many(v.into_iter().map(own).collect()),
        })
    }
}

impl<'a> From<Vec<Cow<'a, str>>> for ReplyLines<'a> {
    fn from(v: Vec<Cow<'a, str>>) -> Self {
        Self(Repr::Many(v))
    }
}

impl<'a, T: Into<Cow<'a, str>>> FromIterator<T> for ReplyLines<'a> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut iter = iter.into_iter();
        let Some(first) = iter.next() else {
            return Self::new();
        };
        let Some(second) = iter.next() else {
            return Self::one(first);
        };
        let mut v = Vec::with_capacity(2 + iter.size_hint().0);
        v.push(first.into());
        v.push(second.into());
        v.extend(iter.map(Into::into));
        Self(Repr::Many(v))
    }
}

impl<'a> IntoIterator for ReplyLines<'a> {
    type Item = Cow<'a, str>;
    type IntoIter =
        std::iter::Chain<std::option::IntoIter<Cow<'a, str>>, std::vec::IntoIter<Cow<'a, str>>>;

    fn into_iter(self) -> Self::IntoIter {
        match self.0 {
            Repr::One(line) => Some(line).into_iter().chain(Vec::new()),
            Repr::Many(v) => None.into_iter().chain(v),
        }
    }
}

impl<'s, 'a> IntoIterator for &'s ReplyLines<'a> {
    type Item = &'s Cow<'a, str>;
    type IntoIter = std::slice::Iter<'s, Cow<'a, str>>;

    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

impl<'a> Deref for ReplyLines<'a> {
    type Target = [Cow<'a, str>];

    fn deref(&self) -> &Self::Target {
        self.as_slice()
    }
}

impl DerefMut for ReplyLines<'_> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        self.as_mut_slice()
    }
}

impl Default for ReplyLines<'_> {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for ReplyLines<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.as_slice()).finish()
    }
}

impl PartialEq for ReplyLines<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for ReplyLines<'_> {}

impl Hash for ReplyLines<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_slice().hash(state);
    }
}

impl<'a, S, const N: usize> PartialEq<[S; N]> for ReplyLines<'a>
where
    Cow<'a, str>: PartialEq<S>,
{
    fn eq(&self, other: &[S; N]) -> bool {
        self.as_slice() == other
    }
}

impl<'a, S> PartialEq<[S]> for ReplyLines<'a>
where
    Cow<'a, str>: PartialEq<S>,
{
    fn eq(&self, other: &[S]) -> bool {
        self.as_slice() == other
    }
}

impl<'a, S> PartialEq<&[S]> for ReplyLines<'a>
where
    Cow<'a, str>: PartialEq<S>,
{
    fn eq(&self, other: &&[S]) -> bool {
        self.as_slice() == *other
    }
}

impl<'a, S> PartialEq<Vec<S>> for ReplyLines<'a>
where
    Cow<'a, str>: PartialEq<S>,
{
    fn eq(&self, other: &Vec<S>) -> bool {
        self.as_slice() == other.as_slice()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_and_many_are_the_same_list() {
        let mut l = ReplyLines::new();
        assert!(l.is_empty());
        l.push("a");
        assert!(matches!(l.0, Repr::One(_)));
        assert_eq!(l, ["a"]);
        assert_eq!(l, ReplyLines::from(vec![Cow::Borrowed("a")]));
        l.push("b");
        l.push(String::from("c"));
        assert_eq!(l, ["a", "b", "c"]);
        assert_eq!(l.len(), 3);
        l[1] = Cow::Borrowed("B");
        assert_eq!(l.iter().map(|s| &**s).collect::<Vec<_>>(), ["a", "B", "c"]);
        assert_eq!(
            l.clone().into_iter().collect::<Vec<_>>(),
            l.clone().into_vec()
        );
        let one: ReplyLines<'_> = ["x"].into_iter().collect();
        assert!(matches!(one.0, Repr::One(_)));
        assert_eq!(one.clone().into_iter().collect::<Vec<_>>(), ["x"]);
        assert_eq!(format!("{one:?}"), "[\"x\"]");
        let none: ReplyLines<'_> = Vec::<&str>::new().into_iter().collect();
        assert_eq!(none, ReplyLines::default());
        assert_eq!(none.into_owned().len(), 0);
    }
}
