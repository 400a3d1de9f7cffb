//! Search results: `SEARCH` and `SORT` (RFC 3501 §7.2.5, RFC 5256 §4, with RFC 7162's
//! `(MODSEQ n)`) and `ESEARCH` (RFC 4731 §3.2, RFC 9051 §7.3.4).

use std::num::NonZeroU32;

use crate::encode::{Encode, Writer};
use crate::error::{InvalidValue, ParseError, Rule};
use crate::types::number::{number, number64, nz_number};
use crate::types::{Atom, IString, SequenceSet};

use super::list::TaggedExtValue;
use super::reader::Reader;

/// Reads `*(SP nz-number) [SP "(" "MODSEQ" SP mod-sequence-value ")"]` (after `SEARCH` or
/// `SORT`).
pub(crate) fn read_numbers(
    r: &mut Reader<'_>,
    rule: Rule,
) -> Result<(Vec<NonZeroU32>, Option<u64>), ParseError> {
    let mut numbers = Vec::new();
    let mut mod_seq = None;
    while r.c.peek() == Some(b' ') {
        r.sp(rule)?;
        match r.c.need()? {
            b'(' if !numbers.is_empty() => {
                r.c.bump();
                r.c.expect_word(b"MODSEQ", rule)?;
                r.sp(rule)?;
                mod_seq = Some(number64(&mut r.c)?);
                r.c.expect(b')', rule)?;
                break;
            }
            b'\r' | b'\n' if r.quirks.extra_spaces => break,
            _ => numbers.push(nz_number(&mut r.c)?),
        }
    }
    Ok((numbers, mod_seq))
}

/// Writes `*(SP nz-number) [SP "(" "MODSEQ" SP mod-sequence-value ")"]`.
pub(crate) fn write_numbers(w: &mut Writer, numbers: &[NonZeroU32], mod_seq: Option<u64>) {
    for n in numbers {
        w.sp();
        w.number(u64::from(n.get()));
    }
    if let Some(m) = mod_seq {
        w.push_raw(b" (MODSEQ ");
        w.number(m);
        w.push_raw(b")");
    }
}

/// `esearch-response = "ESEARCH" [search-correlator] [SP "UID"] *(SP search-return-data)`
/// (RFC 4731 §3.2, RFC 9051 §9).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct ESearch<'a> {
    /// `search-correlator = SP "(" "TAG" SP tag-string ")"`: the tag of the command this
    /// answers.
    pub tag: Option<IString<'a>>,
    /// `UID`: the numbers are UIDs.
    pub uid: bool,
    /// The results, in order.
    pub data: Vec<SearchReturnData<'a>>,
}

/// `search-return-data` (RFC 4731 §3.2, RFC 9051 §9, RFC 7162 §7).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SearchReturnData<'a> {
    /// `"MIN" SP nz-number`.
    Min(NonZeroU32),
    /// `"MAX" SP nz-number`.
    Max(NonZeroU32),
    /// `"ALL" SP sequence-set`.
    All(SequenceSet),
    /// `"COUNT" SP number`.
    Count(u32),
    /// `"MODSEQ" SP mod-sequence-value` (RFC 7162 §3.1.5).
    ModSeq(u64),
    /// `search-ret-data-ext = search-modifier-name SP search-return-value`: another item (a
    /// name none of the above; see [`SearchReturnData::other`]).
    Other(Atom<'a>, TaggedExtValue<'a>),
}

/// The names [`SearchReturnData::Other`] cannot take: the variants' and `UID` (which reads
/// as the response's `UID` flag).
const NAMES: [&str; 6] = ["MIN", "MAX", "ALL", "COUNT", "MODSEQ", "UID"];

impl<'a> SearchReturnData<'a> {
    /// An item this crate has no variant for.
    ///
    /// # Errors
    /// [`InvalidValue`] (rule `esearch-response`) when `name` is one of the variants' or
    /// `UID`.
    pub fn other(name: Atom<'a>, value: TaggedExtValue<'a>) -> Result<Self, InvalidValue> {
        if NAMES.iter().any(|n| n.eq_ignore_ascii_case(name.as_str())) {
            return Err(InvalidValue {
                rule: Rule::EsearchResponse,
                offset: 0,
            });
        }
        Ok(SearchReturnData::Other(name, value))
    }

    /// The same item, owned.
    pub fn into_owned(self) -> SearchReturnData<'static> {
        match self {
            SearchReturnData::Min(n) => SearchReturnData::Min(n),
            SearchReturnData::Max(n) => SearchReturnData::Max(n),
            SearchReturnData::All(s) => SearchReturnData::All(s),
            SearchReturnData::Count(n) => SearchReturnData::Count(n),
            SearchReturnData::ModSeq(n) => SearchReturnData::ModSeq(n),
            SearchReturnData::Other(a, v) => {
                SearchReturnData::Other(a.into_owned(), v.into_owned())
            }
        }
    }
}

impl ESearch<'_> {
    /// The same value, owned.
    pub fn into_owned(self) -> ESearch<'static> {
        ESearch {
            tag: self.tag.map(IString::into_owned),
            uid: self.uid,
            data: self
                .data
                .into_iter()
                .map(SearchReturnData::into_owned)
                .collect(),
        }
    }

    /// Reads what follows `ESEARCH`.
    pub(crate) fn read<'a>(r: &mut Reader<'a>) -> Result<ESearch<'a>, ParseError> {
        let rule = Rule::EsearchResponse;
        let mut out = ESearch::default();
        while r.c.peek() == Some(b' ') {
            r.sp(rule)?;
            match r.c.need()? {
                b'(' if at_start(&out) => {
                    r.c.bump();
                    r.c.expect_word(b"TAG", rule)?;
                    r.sp(rule)?;
                    out.tag = Some(r.tag_string()?);
                    r.skip_extra_spaces();
                    r.c.expect(b')', rule)?;
                    continue;
                }
                b'\r' | b'\n' if r.quirks.extra_spaces => break,
                _ => {}
            }
            let name = Atom::read(&mut r.c)?;
            let n = name.as_str();
            if n.eq_ignore_ascii_case("UID") && !out.uid && out.data.is_empty() {
                out.uid = true;
                continue;
            }
            r.sp(rule)?;
            let c = &mut r.c;
            let item = if n.eq_ignore_ascii_case("MIN") {
                SearchReturnData::Min(nz_number(c)?)
            } else if n.eq_ignore_ascii_case("MAX") {
                SearchReturnData::Max(nz_number(c)?)
            } else if n.eq_ignore_ascii_case("ALL") {
                SearchReturnData::All(SequenceSet::read(c)?)
            } else if n.eq_ignore_ascii_case("COUNT") {
                SearchReturnData::Count(number(c)?)
            } else if n.eq_ignore_ascii_case("MODSEQ") {
                SearchReturnData::ModSeq(number64(c)?)
            } else {
                SearchReturnData::Other(name, TaggedExtValue::read(r)?)
            };
            out.data.push(item);
        }
        Ok(out)
    }
}

fn at_start(e: &ESearch<'_>) -> bool {
    e.tag.is_none() && !e.uid && e.data.is_empty()
}

impl Encode for ESearch<'_> {
    fn encode(&self, w: &mut Writer) {
        w.push_raw(b"ESEARCH");
        if let Some(tag) = &self.tag {
            w.push_raw(b" (TAG ");
            w.value(tag);
            w.push_raw(b")");
        }
        if self.uid {
            w.push_raw(b" UID");
        }
        for item in &self.data {
            w.sp();
            let (name, n): (&str, u64) = match item {
                SearchReturnData::Min(n) => ("MIN", u64::from(n.get())),
                SearchReturnData::Max(n) => ("MAX", u64::from(n.get())),
                SearchReturnData::Count(n) => ("COUNT", u64::from(*n)),
                SearchReturnData::ModSeq(n) => ("MODSEQ", *n),
                SearchReturnData::All(set) => {
                    w.push_raw(b"ALL ");
                    w.value(set);
                    continue;
                }
                SearchReturnData::Other(name, value) => {
                    w.value(name).sp().value(value);
                    continue;
                }
            };
            w.push_raw(name.as_bytes());
            w.sp();
            w.number(n);
        }
    }
}
