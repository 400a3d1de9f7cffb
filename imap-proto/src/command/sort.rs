//! SORT and THREAD (RFC 5256): the sort criteria, the threading algorithm and the
//! `search-criteria` (a mandatory charset and search keys) they share.

use crate::chars::is_atom_char;
use crate::cursor::Cursor;
use crate::encode::{Encode, Writer};
use crate::error::{InvalidValue, ParseError, Rule};
use crate::types::{Atom, NonEmpty, Quoted};

use super::parse::{sp, via, word_of};
use super::search::{MAX_SEARCH_DEPTH, SearchKey, read_key, write_keys};

/// `sort-key` (RFC 5256 §5): what SORT orders by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SortKey {
    /// `ARRIVAL`: the internal date and time.
    Arrival,
    /// `CC`: the first `Cc` address's mailbox.
    Cc,
    /// `DATE`: the sent date (`Date` header).
    Date,
    /// `FROM`: the first `From` address's mailbox.
    From,
    /// `SIZE`: `RFC822.SIZE`.
    Size,
    /// `SUBJECT`: the base subject.
    Subject,
    /// `TO`: the first `To` address's mailbox.
    To,
}

impl SortKey {
    /// Every key with its name.
    pub const ALL: [(SortKey, &'static str); 7] = [
        (SortKey::Arrival, "ARRIVAL"),
        (SortKey::Cc, "CC"),
        (SortKey::Date, "DATE"),
        (SortKey::From, "FROM"),
        (SortKey::Size, "SIZE"),
        (SortKey::Subject, "SUBJECT"),
        (SortKey::To, "TO"),
    ];

    /// The key's name on the wire.
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(k, _)| *k == self)
            .map_or("", |(_, n)| n)
    }

    fn from_word(word: &[u8]) -> Option<Self> {
        Self::ALL
            .iter()
            .find(|(_, n)| n.as_bytes() == word)
            .map(|(k, _)| *k)
    }
}

/// `sort-criterion = ["REVERSE" SP] sort-key` (RFC 5256 §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SortCriterion {
    /// `REVERSE`: descending order.
    pub reverse: bool,
    /// The key.
    pub key: SortKey,
}

impl Encode for SortCriterion {
    fn encode(&self, w: &mut Writer) {
        if self.reverse {
            w.push_raw(b"REVERSE ");
        }
        w.push_raw(self.key.name().as_bytes());
    }
}

/// `thread-alg = "ORDEREDSUBJECT" / "REFERENCES" / thread-alg-ext` (RFC 5256 §5).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ThreadAlgorithm<'a> {
    /// `ORDEREDSUBJECT` (RFC 5256 §3.1).
    OrderedSubject,
    /// `REFERENCES` (RFC 5256 §3.2).
    References,
    /// `thread-alg-ext = atom`: another registered algorithm (e.g. `REFS`, RFC 5957), never
    /// one of the names above.
    Other(ThreadAlgorithmExtension<'a>),
}

/// The name of a `thread-alg-ext` (RFC 5256 §5): an atom that is neither `ORDEREDSUBJECT`
/// nor `REFERENCES`, so that every algorithm has one form and round-trips.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ThreadAlgorithmExtension<'a>(Atom<'a>);

impl<'a> ThreadAlgorithmExtension<'a> {
    /// Another algorithm named `atom`.
    ///
    /// # Errors
    /// [`InvalidValue`] (rule `thread-alg`) for `ORDEREDSUBJECT` or `REFERENCES` (in any
    /// case): use [`ThreadAlgorithm::from_atom`].
    pub fn new(atom: Atom<'a>) -> Result<Self, InvalidValue> {
        match ThreadAlgorithm::from_atom(atom) {
            ThreadAlgorithm::Other(ext) => Ok(ext),
            _ => Err(InvalidValue {
                rule: Rule::ThreadAlg,
                offset: 0,
            }),
        }
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl<'a> ThreadAlgorithm<'a> {
    /// The algorithm named `atom` (without case): a known name is its variant.
    pub fn from_atom(atom: Atom<'a>) -> Self {
        let name = atom.as_str();
        if name.eq_ignore_ascii_case("ORDEREDSUBJECT") {
            ThreadAlgorithm::OrderedSubject
        } else if name.eq_ignore_ascii_case("REFERENCES") {
            ThreadAlgorithm::References
        } else {
            ThreadAlgorithm::Other(ThreadAlgorithmExtension(atom))
        }
    }

    /// The same algorithm, owning its name.
    pub fn into_owned(self) -> ThreadAlgorithm<'static> {
        match self {
            ThreadAlgorithm::OrderedSubject => ThreadAlgorithm::OrderedSubject,
            ThreadAlgorithm::References => ThreadAlgorithm::References,
            ThreadAlgorithm::Other(ThreadAlgorithmExtension(a)) => {
                ThreadAlgorithm::Other(ThreadAlgorithmExtension(a.into_owned()))
            }
        }
    }
}

impl Encode for ThreadAlgorithm<'_> {
    fn encode(&self, w: &mut Writer) {
        match self {
            ThreadAlgorithm::OrderedSubject => w.push_raw(b"ORDEREDSUBJECT"),
            ThreadAlgorithm::References => w.push_raw(b"REFERENCES"),
            ThreadAlgorithm::Other(ThreadAlgorithmExtension(a)) => a.encode(w),
        }
    }
}

/// `sort-criteria = "(" sort-criterion *(SP sort-criterion) ")"`.
pub(crate) fn read_sort_criteria(
    c: &mut Cursor<'_>,
) -> Result<NonEmpty<SortCriterion>, ParseError> {
    c.expect(b'(', Rule::SortCriterion)?;
    let mut criteria = NonEmpty::one(read_criterion(c)?);
    while c.need()? != b')' {
        sp(c)?;
        criteria.push(read_criterion(c)?);
    }
    c.bump();
    Ok(criteria)
}

fn read_criterion(c: &mut Cursor<'_>) -> Result<SortCriterion, ParseError> {
    let at = c.pos;
    let mut word = word_of(c, |b| b.is_ascii_alphabetic(), Rule::SortCriterion)?;
    let mut key_at = at;
    let reverse = word.get() == b"REVERSE";
    if reverse {
        sp(c)?;
        key_at = c.pos;
        word = word_of(c, |b| b.is_ascii_alphabetic(), Rule::SortCriterion)?;
    }
    let key =
        SortKey::from_word(word.get()).ok_or_else(|| c.invalid_at(key_at, Rule::SortCriterion))?;
    Ok(SortCriterion { reverse, key })
}

/// `thread-alg`.
pub(crate) fn read_thread_algorithm<'a>(
    c: &mut Cursor<'a>,
) -> Result<ThreadAlgorithm<'a>, ParseError> {
    let at = c.pos;
    if c.need()? == b'"' || !is_atom_char(c.need()?) {
        return Err(c.invalid_at(at, Rule::ThreadAlg));
    }
    Atom::read(c).map(ThreadAlgorithm::from_atom)
}

/// `search-criteria = charset 1*(SP search-key)`, `charset = atom / quoted` (RFC 5256 §5).
pub(crate) fn read_search_criteria<'a>(
    c: &mut Cursor<'a>,
) -> Result<(Quoted<'a>, NonEmpty<SearchKey<'a>>), ParseError> {
    let charset = if c.need()? == b'"' {
        via(c, Quoted::parse)?
    } else {
        let at = c.pos;
        let run = c.take_while(is_atom_char)?;
        std::str::from_utf8(run)
            .ok()
            .filter(|s| !s.is_empty())
            .and_then(|s| Quoted::new(s).ok())
            .ok_or_else(|| c.invalid_at(at, Rule::Atom))?
    };
    sp(c)?;
    let mut criteria = NonEmpty::one(read_key(c, MAX_SEARCH_DEPTH)?);
    while c.peek() == Some(b' ') {
        c.bump();
        criteria.push(read_key(c, MAX_SEARCH_DEPTH)?);
    }
    Ok((charset, criteria))
}

/// `SP "(" sort-criterion *(SP sort-criterion) ")"`.
pub(crate) fn write_sort_criteria(w: &mut Writer, criteria: &[SortCriterion]) {
    w.push_raw(b"(");
    for (i, k) in criteria.iter().enumerate() {
        if i > 0 {
            w.sp();
        }
        w.value(k);
    }
    w.push_raw(b")");
}

/// `charset 1*(SP search-key)`: the charset as an atom when it is one, else quoted.
pub(crate) fn write_search_criteria(w: &mut Writer, charset: &Quoted<'_>, keys: &[SearchKey<'_>]) {
    let bytes = charset.as_str().as_bytes();
    if !bytes.is_empty() && bytes.iter().all(|&b| is_atom_char(b)) {
        w.push_raw(bytes);
    } else {
        w.value(charset);
    }
    w.sp();
    write_keys(w, keys);
}
