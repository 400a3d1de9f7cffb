//! `sequence-set` (RFC 3501 §9, RFC 9051 §9) with `seq-last-command` `$` (RFC 5182 §2):
//! message sequence numbers or UIDs, single, in ranges, `*` for the largest in use.

use std::fmt;
use std::num::NonZeroU32;
use std::ops::RangeInclusive;

use crate::cursor::Cursor;
use crate::encode::{Encode, Writer};
use crate::error::{InvalidValue, ParseError, Rule};
use crate::types::number::nz_number;

/// `seq-number = nz-number / "*"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SeqNumber {
    /// A number.
    Value(NonZeroU32),
    /// `*`: the largest number in use (the last message's sequence number, or its UID;
    /// RFC 9051 §9 on `seq-number`).
    Largest,
}

impl SeqNumber {
    /// The number, `*` taken as `largest`.
    pub fn resolve(self, largest: NonZeroU32) -> NonZeroU32 {
        match self {
            SeqNumber::Value(n) => n,
            SeqNumber::Largest => largest,
        }
    }

    fn read(c: &mut Cursor<'_>) -> Result<Self, ParseError> {
        if c.need()? == b'*' {
            c.bump();
            return Ok(SeqNumber::Largest);
        }
        nz_number(c).map(SeqNumber::Value)
    }

    fn write(self, w: &mut Writer) {
        match self {
            SeqNumber::Value(n) => w.number(u64::from(n.get())),
            SeqNumber::Largest => w.push_raw(b"*"),
        }
    }
}

/// One element of a `sequence-set`: `seq-number / seq-range`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sequence {
    /// A single number.
    Single(SeqNumber),
    /// `seq-range = seq-number ":" seq-number`: both and all between, in either order
    /// (`2:4` and `4:2` are the same).
    Range(SeqNumber, SeqNumber),
}

impl Sequence {
    /// The range it covers, `*` taken as `largest`.
    pub fn resolve(self, largest: NonZeroU32) -> RangeInclusive<u32> {
        let (a, b) = match self {
            Sequence::Single(n) => (n, n),
            Sequence::Range(a, b) => (a, b),
        };
        let (a, b) = (a.resolve(largest).get(), b.resolve(largest).get());
        a.min(b)..=a.max(b)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Repr {
    /// Never empty.
    Items(Vec<Sequence>),
    LastCommand,
}

/// `sequence-set = (seq-number / seq-range) ["," sequence-set]` `=/ seq-last-command`
/// (RFC 9051 §9; `$` from RFC 5182 §2, accepted alone, as servers do).
///
/// Never empty. [`normalize`](Self::normalize) resolves `*` and merges overlaps;
/// [`iter`](Self::iter) walks the numbers up to the largest in use, so `1:4294967295` costs
/// no more than the mailbox is large.
///
/// The RFC 9051 §9 example (a mailbox of 15 messages):
///
/// ```
/// use std::num::NonZeroU32;
/// use imap_proto::types::SequenceSet;
/// let (set, _) = SequenceSet::parse(b"2,4:7,9,12:* ").unwrap();
/// let fifteen = NonZeroU32::new(15).unwrap();
/// assert_eq!(set.iter(fifteen).collect::<Vec<_>>(), [2, 4, 5, 6, 7, 9, 12, 13, 14, 15]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SequenceSet(Repr);

impl SequenceSet {
    /// A set of these elements.
    ///
    /// # Errors
    /// [`InvalidValue`] when `items` is empty.
    pub fn new(items: Vec<Sequence>) -> Result<Self, InvalidValue> {
        if items.is_empty() {
            return Err(InvalidValue {
                rule: Rule::SequenceSet,
                offset: 0,
            });
        }
        Ok(Self(Repr::Items(items)))
    }

    /// `$`: the result of the last `SEARCH` saved with `SAVE` (RFC 5182 §2).
    pub fn last_command() -> Self {
        Self(Repr::LastCommand)
    }

    /// The shortest set of ranges holding exactly `numbers` (in any order, repeats allowed);
    /// `None` when there are none.
    ///
    /// ```
    /// use std::num::NonZeroU32;
    /// use imap_proto::encode::Encode;
    /// use imap_proto::types::SequenceSet;
    /// let n = |v: &[u32]| v.iter().map(|&n| NonZeroU32::new(n).unwrap()).collect::<Vec<_>>();
    /// let set = SequenceSet::from_numbers(n(&[7, 1, 2, 3, 9, 8, 2])).unwrap();
    /// assert_eq!(set.to_wire(), b"1:3,7:9");
    /// ```
    pub fn from_numbers(numbers: impl IntoIterator<Item = NonZeroU32>) -> Option<Self> {
        let mut numbers: Vec<u32> = numbers.into_iter().map(NonZeroU32::get).collect();
        numbers.sort_unstable();
        numbers.dedup();
        let mut items = Vec::new();
        let mut run: Option<(u32, u32)> = None;
        for n in numbers {
            run = match run {
                Some((a, b)) if b.checked_add(1) == Some(n) => Some((a, n)),
                Some((a, b)) => {
                    items.push(Self::element(a, b));
                    Some((n, n))
                }
                None => Some((n, n)),
            };
        }
        if let Some((a, b)) = run {
            items.push(Self::element(a, b));
        }
        Self::new(items).ok()
    }

    fn element(a: u32, b: u32) -> Sequence {
        let v = |n| SeqNumber::Value(NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN));
        if a == b {
            Sequence::Single(v(a))
        } else {
            Sequence::Range(v(a), v(b))
        }
    }

    /// The elements as written (`None` for `$`).
    pub fn items(&self) -> Option<&[Sequence]> {
        match &self.0 {
            Repr::Items(items) => Some(items),
            Repr::LastCommand => None,
        }
    }

    /// Whether this is `$` (RFC 5182).
    pub fn is_last_command(&self) -> bool {
        self.0 == Repr::LastCommand
    }

    /// The ranges it covers, `*` taken as `largest`, sorted, overlapping and adjacent ranges
    /// merged (`None` for `$`, which only the server's saved result can resolve). Numbers
    /// above `largest` are kept: for sequence numbers they are an error the server reports
    /// (RFC 9051 §9), for UIDs they match nothing.
    pub fn normalize(&self, largest: NonZeroU32) -> Option<Vec<RangeInclusive<u32>>> {
        let items = self.items()?;
        let mut ranges: Vec<RangeInclusive<u32>> =
            items.iter().map(|s| s.resolve(largest)).collect();
        ranges.sort_unstable_by_key(|r| (*r.start(), *r.end()));
        let mut out: Vec<RangeInclusive<u32>> = Vec::with_capacity(ranges.len());
        for r in ranges {
            match out.last_mut() {
                Some(last) if u64::from(*r.start()) <= u64::from(*last.end()) + 1 => {
                    if r.end() > last.end() {
                        *last = *last.start()..=*r.end();
                    }
                }
                _ => out.push(r),
            }
        }
        Some(out)
    }

    /// Whether `n` is in the set, `*` taken as `largest` (`false` for `$`).
    pub fn contains(&self, n: u32, largest: NonZeroU32) -> bool {
        self.items()
            .is_some_and(|items| items.iter().any(|s| s.resolve(largest).contains(&n)))
    }

    /// The numbers in the set from 1 to `largest`, ascending, each once (nothing for `$`).
    /// Lazy: at most `largest` numbers are produced, whatever the ranges say.
    pub fn iter(&self, largest: NonZeroU32) -> impl Iterator<Item = u32> + '_ {
        let limit = largest.get();
        self.normalize(largest)
            .unwrap_or_default()
            .into_iter()
            .filter(move |r| *r.start() <= limit)
            .flat_map(move |r| *r.start()..=(*r.end()).min(limit))
    }

    /// Reads a sequence set at the start of `input`; returns it and the rest.
    ///
    /// # Errors
    /// [`ParseError::Incomplete`] when `input` ends where the set may go on;
    /// [`ParseError::Invalid`] for 0, a leading zero, a number over 32 bits, or a missing
    /// number after `,` or `:`.
    pub fn parse(input: &[u8]) -> Result<(Self, &[u8]), ParseError> {
        let mut c = Cursor::new(input);
        let set = Self::read(&mut c)?;
        Ok((set, c.rest()))
    }

    pub(crate) fn read(c: &mut Cursor<'_>) -> Result<Self, ParseError> {
        if c.need()? == b'$' {
            c.bump();
            return Ok(Self(Repr::LastCommand));
        }
        let mut items = Vec::new();
        loop {
            let first = SeqNumber::read(c).map_err(|e| relabel(e, Rule::SequenceSet))?;
            if c.need()? == b':' {
                c.bump();
                let last = SeqNumber::read(c).map_err(|e| relabel(e, Rule::SequenceSet))?;
                items.push(Sequence::Range(first, last));
            } else {
                items.push(Sequence::Single(first));
            }
            if c.need()? != b',' {
                break;
            }
            c.bump();
        }
        Ok(Self(Repr::Items(items)))
    }
}

fn relabel(e: ParseError, rule: Rule) -> ParseError {
    match e {
        ParseError::Invalid { offset, .. } => ParseError::Invalid { rule, offset },
        other => other,
    }
}

impl Encode for SequenceSet {
    fn encode(&self, w: &mut Writer) {
        let Repr::Items(items) = &self.0 else {
            w.push_raw(b"$");
            return;
        };
        for (i, s) in items.iter().enumerate() {
            if i > 0 {
                w.push_raw(b",");
            }
            match *s {
                Sequence::Single(n) => n.write(w),
                Sequence::Range(a, b) => {
                    a.write(w);
                    w.push_raw(b":");
                    b.write(w);
                }
            }
        }
    }
}

impl fmt::Display for SequenceSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&String::from_utf8_lossy(&self.to_wire()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nz(n: u32) -> NonZeroU32 {
        NonZeroU32::new(n).unwrap()
    }

    #[test]
    fn parse_and_write() {
        for wire in [
            "1",
            "*",
            "1:*",
            "2,4:7,9,12:*",
            "*:4,5:7",
            "$",
            "4294967295",
        ] {
            let input = format!("{wire} ");
            let (set, rest) = SequenceSet::parse(input.as_bytes()).unwrap();
            assert_eq!(rest, b" ");
            assert_eq!(set.to_string(), wire);
        }
        assert!(SequenceSet::parse(b"1,2").unwrap_err().is_incomplete());
        assert!(SequenceSet::parse(b"1:").unwrap_err().is_incomplete());
        assert_eq!(
            SequenceSet::parse(b"1,0 "),
            Err(ParseError::Invalid {
                rule: Rule::SequenceSet,
                offset: 2
            })
        );
        assert!(SequenceSet::parse(b"1,,2 ").is_err());
        assert!(SequenceSet::parse(b"4294967296 ").is_err());
        assert!(SequenceSet::parse(b"a").is_err());
        assert!(SequenceSet::new(vec![]).is_err());
    }

    #[test]
    fn rfc9051_examples() {
        // "*:4,5:7 for a mailbox with 10 messages is equivalent to 10,9,8,7,6,5,4,5,6,7 and
        // MAY be reordered and overlap coalesced to be 4,5,6,7,8,9,10."
        let (set, _) = SequenceSet::parse(b"*:4,5:7 ").unwrap();
        assert_eq!(set.normalize(nz(10)), Some(vec![4..=10]));
        assert_eq!(set.iter(nz(10)).collect::<Vec<_>>(), [4, 5, 6, 7, 8, 9, 10]);
        // "3291:* includes the UID of the last message in the mailbox, even if that value is
        // less than 3291."
        let (uids, _) = SequenceSet::parse(b"3291:* ").unwrap();
        assert!(uids.contains(3000, nz(3000)));
        assert!(uids.contains(3291, nz(3000)));
        assert!(!uids.contains(2999, nz(3000)));
    }

    #[test]
    fn bounded_iteration() {
        let (set, _) = SequenceSet::parse(b"1:4294967295 ").unwrap();
        assert_eq!(set.iter(nz(3)).collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(set.normalize(nz(3)), Some(vec![1..=u32::MAX]));
        let (far, _) = SequenceSet::parse(b"5,9 ").unwrap();
        assert_eq!(far.iter(nz(4)).count(), 0);
        assert_eq!(SequenceSet::last_command().iter(nz(4)).count(), 0);
        assert_eq!(SequenceSet::last_command().normalize(nz(4)), None);
        let (adj, _) = SequenceSet::parse(b"1:2,3,5 ").unwrap();
        assert_eq!(adj.normalize(nz(9)), Some(vec![1..=3, 5..=5]));
    }

    #[test]
    fn from_numbers() {
        assert_eq!(SequenceSet::from_numbers([]), None);
        let set = SequenceSet::from_numbers([nz(u32::MAX), nz(1), nz(u32::MAX - 1)]).unwrap();
        assert_eq!(set.to_string(), "1,4294967294:4294967295");
    }
}
