//! A list that cannot be empty, for the grammar's `x *(SP x)` rules (`1*` repetitions).

use std::ops::Deref;

/// One or more items: the grammar's `item *(SP item)` (ENABLE's capabilities, STATUS's
/// attributes, FETCH's attributes, SEARCH's keys, …), so an encoder can never write an empty
/// list where the RFC requires one item.
///
/// ```
/// use imap_proto::types::NonEmpty;
/// assert!(NonEmpty::<u8>::new(vec![]).is_none());
/// let mut list = NonEmpty::one(1);
/// list.push(2);
/// assert_eq!(list.as_slice(), [1, 2]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NonEmpty<T>(Vec<T>);

impl<T> NonEmpty<T> {
    /// The list of `items`; `None` when there are none.
    pub fn new(items: Vec<T>) -> Option<Self> {
        if items.is_empty() {
            None
        } else {
            Some(Self(items))
        }
    }

    /// A list of one item.
    pub fn one(item: T) -> Self {
        Self(vec![item])
    }

    /// Appends an item.
    pub fn push(&mut self, item: T) {
        self.0.push(item);
    }

    /// The items.
    pub fn as_slice(&self) -> &[T] {
        &self.0
    }

    /// The items, as a vector.
    pub fn into_vec(self) -> Vec<T> {
        self.0
    }

    /// Each item changed by `f`.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> NonEmpty<U> {
        NonEmpty(self.0.into_iter().map(f).collect())
    }
}

impl<T> Deref for NonEmpty<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        &self.0
    }
}

impl<T> IntoIterator for NonEmpty<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a NonEmpty<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}
