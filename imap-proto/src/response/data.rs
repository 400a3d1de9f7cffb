//! Untagged data responses (RFC 3501 §7.2-7.4, RFC 9051 §7.2-7.5 and the extensions'):
//! `response-data = "*" SP (mailbox-data / message-data / capability-data / …) CRLF`.

use std::num::NonZeroU32;

use crate::command::QuotaResource;
use crate::encode::{Encode, Writer};
use crate::error::{ParseError, Rule};
use crate::types::number::{number, number64};
use crate::types::{AString, Atom, Flag, IString, Mailbox, NString, NonEmpty, SequenceSet};

use super::fetch::{self, MessageAttribute};
use super::flags::{read_flags, write_list};
use super::list::ListData;
use super::namespace::Namespaces;
use super::reader::Reader;
use super::search::{ESearch, read_numbers, write_numbers};
use super::status::StatusItem;
use super::thread::Thread;

/// Untagged data: what the server tells about the mailbox, its messages, itself.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Data<'a> {
    /// `capability-data = "CAPABILITY" *(SP capability) SP "IMAP4rev1" *(SP capability)`
    /// (RFC 3501 §7.2.1).
    Capability(NonEmpty<Atom<'a>>),
    /// `enable-data = "ENABLED" *(SP capability)` (RFC 5161 §4).
    Enabled(Vec<Atom<'a>>),
    /// `id-response = "ID" SP id-params-list` (RFC 2971 §3.2): field and value pairs, `None`
    /// for `NIL`.
    Id(Option<Vec<(IString<'a>, NString<'a>)>>),
    /// `namespace-response` (RFC 2342 §5).
    Namespace(Namespaces<'a>),
    /// `"LIST" SP mailbox-list` (RFC 3501 §7.2.2, RFC 5258).
    List(ListData<'a>),
    /// `"LSUB" SP mailbox-list` (RFC 3501 §7.2.3).
    Lsub(ListData<'a>),
    /// `"STATUS" SP mailbox SP "(" [status-att-list] ")"` (RFC 3501 §7.2.4).
    Status {
        /// The mailbox.
        mailbox: Mailbox<'a>,
        /// The items.
        items: Vec<StatusItem<'a>>,
    },
    /// `"SEARCH" *(SP nz-number) [SP "(" "MODSEQ" SP mod-sequence-value ")"]` (RFC 3501
    /// §7.2.5, RFC 7162 §3.1.5).
    Search {
        /// The matching messages.
        numbers: Vec<NonZeroU32>,
        /// The highest mod-sequence of them (CONDSTORE; only with at least one number).
        mod_seq: Option<u64>,
    },
    /// `esearch-response` (RFC 4731 §3.2).
    ESearch(ESearch<'a>),
    /// `"SORT" *(SP nz-number) [SP "(" "MODSEQ" SP mod-sequence-value ")"]` (RFC 5256 §4,
    /// RFC 7162 §3.1.5).
    Sort {
        /// The messages, sorted.
        numbers: Vec<NonZeroU32>,
        /// The highest mod-sequence of them (CONDSTORE; only with at least one number).
        mod_seq: Option<u64>,
    },
    /// `thread-data = "THREAD" [SP 1*thread-list]` (RFC 5256 §4).
    Thread(Vec<Thread>),
    /// `"FLAGS" SP flag-list` (RFC 3501 §7.2.6).
    Flags(Vec<Flag<'a>>),
    /// `number SP "EXISTS"` (RFC 3501 §7.3.1).
    Exists(u32),
    /// `number SP "RECENT"` (RFC 3501 §7.3.2).
    Recent(u32),
    /// `nz-number SP "EXPUNGE"` (RFC 3501 §7.4.1).
    Expunge(NonZeroU32),
    /// `nz-number SP "FETCH" SP msg-att` (RFC 3501 §7.4.2).
    Fetch {
        /// The message's sequence number.
        seq: NonZeroU32,
        /// Its data items.
        items: NonEmpty<MessageAttribute<'a>>,
    },
    /// `"VANISHED" [SP "(EARLIER)"] SP known-uids` (QRESYNC, RFC 7162 §3.2.10).
    Vanished {
        /// `(EARLIER)`: an answer to a FETCH or SELECT, not news.
        earlier: bool,
        /// The UIDs expunged.
        uids: SequenceSet,
    },
    /// `quota-response = "QUOTA" SP quota-root-name SP quota-list` (RFC 9208 §5.1).
    Quota {
        /// `quota-root-name = astring`.
        root: AString<'a>,
        /// `quota-list = "(" quota-resource *(SP quota-resource) ")"`.
        resources: NonEmpty<QuotaUsage<'a>>,
    },
    /// `quotaroot-response = "QUOTAROOT" SP mailbox *(SP quota-root-name)` (RFC 9208 §5.2).
    QuotaRoot {
        /// The mailbox.
        mailbox: Mailbox<'a>,
        /// Its quota roots.
        roots: Vec<AString<'a>>,
    },
}

/// `quota-resource = resource-name SP resource-usage SP resource-limit` (RFC 9208 §7).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct QuotaUsage<'a> {
    /// The resource.
    pub resource: QuotaResource<'a>,
    /// `resource-usage = number64`.
    pub usage: u64,
    /// `resource-limit = number64`.
    pub limit: u64,
}

impl Data<'_> {
    /// The same data, owning everything it borrowed.
    pub fn into_owned(self) -> Data<'static> {
        match self {
            Data::Capability(c) => Data::Capability(c.map(Atom::into_owned)),
            Data::Enabled(c) => Data::Enabled(c.into_iter().map(Atom::into_owned).collect()),
            Data::Id(p) => Data::Id(p.map(|p| {
                p.into_iter()
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect()
            })),
            Data::Namespace(n) => Data::Namespace(n.into_owned()),
            Data::List(l) => Data::List(l.into_owned()),
            Data::Lsub(l) => Data::Lsub(l.into_owned()),
            Data::Status { mailbox, items } => Data::Status {
                mailbox: mailbox.into_owned(),
                items: items.into_iter().map(StatusItem::into_owned).collect(),
            },
            Data::Search { numbers, mod_seq } => Data::Search { numbers, mod_seq },
            Data::ESearch(e) => Data::ESearch(e.into_owned()),
            Data::Sort { numbers, mod_seq } => Data::Sort { numbers, mod_seq },
            Data::Thread(t) => Data::Thread(t),
            Data::Flags(f) => Data::Flags(f.into_iter().map(Flag::into_owned).collect()),
            Data::Exists(n) => Data::Exists(n),
            Data::Recent(n) => Data::Recent(n),
            Data::Expunge(n) => Data::Expunge(n),
            Data::Fetch { seq, items } => Data::Fetch {
                seq,
                items: items.map(MessageAttribute::into_owned),
            },
            Data::Vanished { earlier, uids } => Data::Vanished { earlier, uids },
            Data::Quota { root, resources } => Data::Quota {
                root: root.into_owned(),
                resources: resources.map(|q| QuotaUsage {
                    resource: q.resource.into_owned(),
                    usage: q.usage,
                    limit: q.limit,
                }),
            },
            Data::QuotaRoot { mailbox, roots } => Data::QuotaRoot {
                mailbox: mailbox.into_owned(),
                roots: roots.into_iter().map(AString::into_owned).collect(),
            },
        }
    }
}

/// Reads `1*(SP capability)` (in `capability-data`, the CAPABILITY code and ENABLED with
/// `at_least_one` false).
fn read_atoms<'a>(r: &mut Reader<'a>, rule: Rule) -> Result<Vec<Atom<'a>>, ParseError> {
    let mut atoms = Vec::new();
    while r.c.peek() == Some(b' ') {
        r.sp(rule)?;
        if r.quirks.extra_spaces && matches!(r.c.need()?, b']' | b'\r' | b'\n') {
            break;
        }
        atoms.push(Atom::read(&mut r.c)?);
    }
    Ok(atoms)
}

/// Reads `1*(SP capability)`.
pub(crate) fn read_capabilities<'a>(
    r: &mut Reader<'a>,
    rule: Rule,
) -> Result<NonEmpty<Atom<'a>>, ParseError> {
    let atoms = read_atoms(r, rule)?;
    NonEmpty::new(atoms).ok_or_else(|| r.c.invalid(rule))
}

/// Writes `*(SP atom)`.
pub(crate) fn write_atoms(w: &mut Writer, atoms: &[Atom<'_>]) {
    for a in atoms {
        w.sp().value(a);
    }
}

/// Reads the data that starts with a number: `EXISTS`, `RECENT`, `EXPUNGE`, `FETCH`.
pub(crate) fn read_numbered<'a>(r: &mut Reader<'a>) -> Result<Data<'a>, ParseError> {
    let rule = Rule::MessageData;
    let start = r.c.pos;
    let n = number(&mut r.c)?;
    r.sp(rule)?;
    let at = r.c.pos;
    let word = r.c.take_while(|b| b.is_ascii_alphabetic())?;
    let nz = || {
        NonZeroU32::new(n).ok_or(ParseError::Invalid {
            rule: Rule::NzNumber,
            offset: start,
        })
    };
    if word.eq_ignore_ascii_case(b"FETCH") {
        let seq = nz()?;
        r.sp(rule)?;
        let items = fetch::read_msg_atts(r)?;
        return Ok(Data::Fetch { seq, items });
    }
    if word.eq_ignore_ascii_case(b"EXISTS") {
        return Ok(Data::Exists(n));
    }
    if word.eq_ignore_ascii_case(b"EXPUNGE") {
        return Ok(Data::Expunge(nz()?));
    }
    if word.eq_ignore_ascii_case(b"RECENT") {
        return Ok(Data::Recent(n));
    }
    Err(r.c.invalid_at(at, rule))
}

/// Reads the data named `word` (already read, at offset `at`).
pub(crate) fn read_keyword<'a>(
    r: &mut Reader<'a>,
    word: &[u8],
    at: usize,
) -> Result<Data<'a>, ParseError> {
    let rule = Rule::MailboxData;
    let is = |name: &[u8]| word.eq_ignore_ascii_case(name);
    let Some(&first) = word.first() else {
        return Err(r.c.invalid_at(at, Rule::Response));
    };
    let data = match first.to_ascii_uppercase() {
        b'C' if is(b"CAPABILITY") => Data::Capability(read_capabilities(r, Rule::CapabilityData)?),
        b'E' if is(b"ENABLED") => Data::Enabled(read_atoms(r, Rule::CapabilityData)?),
        b'E' if is(b"ESEARCH") => Data::ESearch(ESearch::read(r)?),
        b'F' if is(b"FLAGS") => {
            r.sp(rule)?;
            Data::Flags(read_flags(r)?)
        }
        b'I' if is(b"ID") => {
            r.sp(Rule::IdParams)?;
            Data::Id(read_id_params(r)?)
        }
        b'L' if is(b"LIST") => {
            r.sp(rule)?;
            Data::List(ListData::read(r)?)
        }
        b'L' if is(b"LSUB") => {
            r.sp(rule)?;
            Data::Lsub(ListData::read(r)?)
        }
        b'N' if is(b"NAMESPACE") => {
            r.sp(Rule::Namespace)?;
            Data::Namespace(Namespaces::read(r)?)
        }
        b'Q' if is(b"QUOTA") => {
            r.sp(Rule::Quota)?;
            read_quota(r)?
        }
        b'Q' if is(b"QUOTAROOT") => {
            r.sp(Rule::Quota)?;
            let mailbox = r.mailbox()?;
            let mut roots = Vec::new();
            while r.c.peek() == Some(b' ') {
                r.sp(Rule::Quota)?;
                if r.quirks.extra_spaces && matches!(r.c.need()?, b'\r' | b'\n') {
                    break;
                }
                roots.push(r.astring()?);
            }
            Data::QuotaRoot { mailbox, roots }
        }
        b'S' if is(b"SEARCH") => {
            let (numbers, mod_seq) = read_numbers(r, rule)?;
            Data::Search { numbers, mod_seq }
        }
        b'S' if is(b"SORT") => {
            let (numbers, mod_seq) = read_numbers(r, Rule::SortData)?;
            Data::Sort { numbers, mod_seq }
        }
        b'S' if is(b"STATUS") => {
            r.sp(rule)?;
            let mailbox = r.mailbox()?;
            r.sp(rule)?;
            let items = r.paren_list(Rule::StatusAtt, StatusItem::read)?;
            Data::Status { mailbox, items }
        }
        b'T' if is(b"THREAD") => {
            let mut threads = Vec::new();
            if r.c.peek() == Some(b' ') {
                r.sp(Rule::ThreadData)?;
                if !r.quirks.extra_spaces || r.c.need()? == b'(' {
                    threads.push(Thread::read(r, 0)?);
                }
                while r.c.need()? == b'(' {
                    threads.push(Thread::read(r, 0)?);
                    if r.quirks.extra_spaces && r.c.peek() == Some(b' ') {
                        r.skip_extra_spaces();
                    }
                }
            }
            Data::Thread(threads)
        }
        b'V' if is(b"VANISHED") => {
            r.sp(Rule::MessageData)?;
            let earlier = r.c.need()? == b'(';
            if earlier {
                r.c.bump();
                r.c.expect_word(b"EARLIER", Rule::MessageData)?;
                r.c.expect(b')', Rule::MessageData)?;
                r.sp(Rule::MessageData)?;
            }
            Data::Vanished {
                earlier,
                uids: SequenceSet::read(&mut r.c)?,
            }
        }
        _ => return Err(r.c.invalid_at(at, Rule::Response)),
    };
    Ok(data)
}

/// `id-params-list = "(" *(string SP nstring) ")" / nil` (RFC 2971 §4; RFC 9051 §9 writes
/// the pairs with SP between them).
fn read_id_params<'a>(
    r: &mut Reader<'a>,
) -> Result<Option<Vec<(IString<'a>, NString<'a>)>>, ParseError> {
    let rule = Rule::IdParams;
    if r.c.need()? != b'(' {
        r.c.expect_word(b"NIL", rule)?;
        return Ok(None);
    }
    let params = r.paren_list(rule, |r| {
        let key = r.string()?;
        r.sp(rule)?;
        Ok((key, r.nstring()?))
    })?;
    Ok(Some(params))
}

fn read_quota<'a>(r: &mut Reader<'a>) -> Result<Data<'a>, ParseError> {
    let rule = Rule::Quota;
    let root = r.astring()?;
    r.sp(rule)?;
    r.c.expect(b'(', rule)?;
    let mut resources = Vec::new();
    r.skip_extra_spaces();
    loop {
        let resource = QuotaResource::from_atom(Atom::read(&mut r.c)?);
        r.sp(rule)?;
        let usage = number64(&mut r.c)?;
        r.sp(rule)?;
        let limit = number64(&mut r.c)?;
        resources.push(QuotaUsage {
            resource,
            usage,
            limit,
        });
        if r.list_next(rule)? {
            break;
        }
    }
    let resources = NonEmpty::new(resources).ok_or_else(|| r.c.invalid(rule))?;
    Ok(Data::Quota { root, resources })
}

impl Encode for QuotaUsage<'_> {
    fn encode(&self, w: &mut Writer) {
        w.value(&self.resource).sp();
        w.number(self.usage);
        w.sp();
        w.number(self.limit);
    }
}

impl Encode for Data<'_> {
    fn encode(&self, w: &mut Writer) {
        match self {
            Data::Capability(caps) => {
                w.push_raw(b"CAPABILITY");
                write_atoms(w, caps);
            }
            Data::Enabled(caps) => {
                w.push_raw(b"ENABLED");
                write_atoms(w, caps);
            }
            Data::Id(params) => {
                w.push_raw(b"ID ");
                match params {
                    None => w.push_raw(b"NIL"),
                    Some(params) => {
                        w.push_raw(b"(");
                        for (i, (k, v)) in params.iter().enumerate() {
                            if i > 0 {
                                w.sp();
                            }
                            w.value(k).sp().value(v);
                        }
                        w.push_raw(b")");
                    }
                }
            }
            Data::Namespace(n) => {
                w.push_raw(b"NAMESPACE ");
                w.value(n);
            }
            Data::List(l) => {
                w.push_raw(b"LIST ");
                w.value(l);
            }
            Data::Lsub(l) => {
                w.push_raw(b"LSUB ");
                w.value(l);
            }
            Data::Status { mailbox, items } => {
                w.push_raw(b"STATUS ");
                w.value(mailbox).sp();
                write_list(w, items);
            }
            Data::Search { numbers, mod_seq } => {
                w.push_raw(b"SEARCH");
                write_numbers(w, numbers, if numbers.is_empty() { None } else { *mod_seq });
            }
            Data::ESearch(e) => e.encode(w),
            Data::Sort { numbers, mod_seq } => {
                w.push_raw(b"SORT");
                write_numbers(w, numbers, if numbers.is_empty() { None } else { *mod_seq });
            }
            Data::Thread(threads) => {
                w.push_raw(b"THREAD");
                if !threads.is_empty() {
                    w.sp();
                }
                for t in threads {
                    t.write(w);
                }
            }
            Data::Flags(flags) => {
                w.push_raw(b"FLAGS ");
                write_list(w, flags);
            }
            Data::Exists(n) => {
                w.number(u64::from(*n));
                w.push_raw(b" EXISTS");
            }
            Data::Recent(n) => {
                w.number(u64::from(*n));
                w.push_raw(b" RECENT");
            }
            Data::Expunge(n) => {
                w.number(u64::from(n.get()));
                w.push_raw(b" EXPUNGE");
            }
            Data::Fetch { seq, items } => {
                w.number(u64::from(seq.get()));
                w.push_raw(b" FETCH ");
                fetch::write_msg_atts(w, items);
            }
            Data::Vanished { earlier, uids } => {
                w.push_raw(if *earlier {
                    b"VANISHED (EARLIER) "
                } else {
                    b"VANISHED "
                });
                w.value(uids);
            }
            Data::Quota { root, resources } => {
                w.push_raw(b"QUOTA ");
                w.value(root).sp();
                write_list(w, resources);
            }
            Data::QuotaRoot { mailbox, roots } => {
                w.push_raw(b"QUOTAROOT ");
                w.value(mailbox);
                for root in roots {
                    w.sp().value(root);
                }
            }
        }
    }
}
