//! EHLO keywords and their parameters (RFC 5321 §4.1.1.1 `ehlo-line`), typed for the service
//! extensions a client acts on.

use std::borrow::Cow;
use std::fmt::Write as _;

use crate::EncodeError;

/// One line of an EHLO reply after the first: a service extension the server offers
/// (RFC 5321 §4.1.1.1):
///
/// ```text
/// ehlo-line    = ehlo-keyword *( SP ehlo-param )
/// ehlo-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")
/// ehlo-param   = 1*(%d33-126)
/// ```
///
/// Keywords are matched without regard to case (`250-size 1000` is [`Size`](Self::Size)).
/// A known keyword whose parameters do not fit its syntax, and every keyword this crate does
/// not type (`VRFY`, `HELP`, `EXPN`, `XCLIENT`, `X-…`), is kept as [`Other`](Self::Other)
/// with its parameters as written, so nothing the server said is lost.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Capability<'a> {
    /// `SIZE [max]` (RFC 1870 §4): the fixed maximum message size in octets, if given; 0 means
    /// no fixed maximum.
    Size(Option<u64>),
    /// `PIPELINING` (RFC 2920).
    Pipelining,
    /// `8BITMIME` (RFC 6152).
    EightBitMime,
    /// `SMTPUTF8` (RFC 6531 §3.1).
    SmtpUtf8,
    /// `STARTTLS` (RFC 3207 §4).
    StartTls,
    /// `AUTH mechanism…` (RFC 4954 §3): the SASL mechanisms as written. The obsolete
    /// `AUTH=LOGIN PLAIN` line that servers add for old clients is read into the same list
    /// (one entry per mechanism, compared without regard to case), and written back only as
    /// `AUTH`.
    Auth(Vec<Cow<'a, str>>),
    /// `DSN` (RFC 3461 §4).
    Dsn,
    /// `ENHANCEDSTATUSCODES` (RFC 2034 §3).
    EnhancedStatusCodes,
    /// `CHUNKING` (RFC 3030 §2): the BDAT command.
    Chunking,
    /// `BINARYMIME` (RFC 3030 §3).
    BinaryMime,
    /// `REQUIRETLS` (RFC 8689 §3).
    RequireTls,
    /// `MT-PRIORITY [priority-profile]` (RFC 6710 §3): the priority assignment policy the
    /// server uses (`MIXER`, `STANAG4406`, `NSEP`, …), if given.
    MtPriority(Option<Cow<'a, str>>),
    /// `DELIVERBY [min-by-time]` (RFC 2852 §4): the shortest by-time in seconds the server
    /// accepts, if given.
    DeliverBy(Option<u32>),
    /// `FUTURERELEASE max-future-release-interval max-future-release-date-time` (RFC 4865 §3):
    /// how far ahead a message may be held, in seconds and as an RFC 3339 date-time (kept as
    /// written).
    FutureRelease {
        /// The longest hold interval, in seconds.
        max_interval: u64,
        /// The latest release date-time (RFC 3339 `date-time`).
        max_datetime: Cow<'a, str>,
    },
    /// `ETRN` (RFC 1985).
    Etrn,
    /// Any other keyword, with its parameters as written.
    Other {
        /// The keyword, in the case the server wrote it.
        keyword: Cow<'a, str>,
        /// The parameters.
        params: Vec<Cow<'a, str>>,
    },
}

#[derive(Clone, Copy)]
enum Known {
    Size,
    Pipelining,
    EightBitMime,
    SmtpUtf8,
    StartTls,
    Auth,
    Dsn,
    EnhancedStatusCodes,
    Chunking,
    BinaryMime,
    RequireTls,
    MtPriority,
    DeliverBy,
    FutureRelease,
    Etrn,
}

const KEYWORDS: [(&str, Known); 15] = [
    ("SIZE", Known::Size),
    ("PIPELINING", Known::Pipelining),
    ("8BITMIME", Known::EightBitMime),
    ("SMTPUTF8", Known::SmtpUtf8),
    ("STARTTLS", Known::StartTls),
    ("AUTH", Known::Auth),
    ("DSN", Known::Dsn),
    ("ENHANCEDSTATUSCODES", Known::EnhancedStatusCodes),
    ("CHUNKING", Known::Chunking),
    ("BINARYMIME", Known::BinaryMime),
    ("REQUIRETLS", Known::RequireTls),
    ("MT-PRIORITY", Known::MtPriority),
    ("DELIVERBY", Known::DeliverBy),
    ("FUTURERELEASE", Known::FutureRelease),
    ("ETRN", Known::Etrn),
];

fn known(keyword: &str) -> Option<Known> {
    KEYWORDS
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(keyword))
        .map(|&(_, known)| known)
}

/// `AUTH=` at the start of `keyword`, without regard to case: what follows it.
fn obsolete_auth(keyword: &str) -> Option<&str> {
    let head = keyword.get(..5)?;
    head.eq_ignore_ascii_case("AUTH=")
        .then(|| keyword.get(5..))
        .flatten()
}

/// `1*DIGIT` that fits the type (`str::parse` alone would take a leading `+`).
fn number<T: std::str::FromStr>(text: &str) -> Option<T> {
    if text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse().ok()
    } else {
        None
    }
}

fn add_mechanism<'a>(list: &mut Vec<Cow<'a, str>>, mechanism: Cow<'a, str>) {
    if !list.iter().any(|m| m.eq_ignore_ascii_case(&mechanism)) {
        list.push(mechanism);
    }
}

impl<'a> Capability<'a> {
    /// Reads one `ehlo-line` (the text after `250-`); `None` for a blank line. Parameters are
    /// separated by one or more spaces; spaces at the end are ignored.
    pub fn from_line(line: &'a str) -> Option<Self> {
        let mut tokens = line.split(' ').filter(|t| !t.is_empty());
        let keyword = tokens.next()?;
        Some(Self::classify(keyword, tokens))
    }

    fn classify<I>(keyword: &'a str, params: I) -> Self
    where
        I: Iterator<Item = &'a str> + Clone,
    {
        let other = || Self::Other {
            keyword: Cow::Borrowed(keyword),
            params: params.clone().map(Cow::Borrowed).collect(),
        };
        if let Some(first) = obsolete_auth(keyword) {
            let mut list = Vec::new();
            for m in std::iter::once(first)
                .chain(params)
                .filter(|m| !m.is_empty())
            {
                add_mechanism(&mut list, Cow::Borrowed(m));
            }
            return Self::Auth(list);
        }
        let Some(kind) = known(keyword) else {
            return other();
        };
        let mut p = params.clone();
        let (p1, p2, p3) = (p.next(), p.next(), p.next());
        match (kind, p1, p2, p3) {
            (Known::Auth, ..) => {
                let mut list = Vec::new();
                for m in params {
                    add_mechanism(&mut list, Cow::Borrowed(m));
                }
                Self::Auth(list)
            }
            (Known::Size, None, ..) => Self::Size(None),
            (Known::Size, Some(n), None, _) => {
                number(n).map_or_else(other, |n| Self::Size(Some(n)))
            }
            (Known::MtPriority, None, ..) => Self::MtPriority(None),
            (Known::MtPriority, Some(p), None, _) => Self::MtPriority(Some(Cow::Borrowed(p))),
            (Known::DeliverBy, None, ..) => Self::DeliverBy(None),
            (Known::DeliverBy, Some(n), None, _) => {
                number(n).map_or_else(other, |n| Self::DeliverBy(Some(n)))
            }
            (Known::FutureRelease, Some(i), Some(d), None) => {
                number(i).map_or_else(other, |max_interval| Self::FutureRelease {
                    max_interval,
                    max_datetime: Cow::Borrowed(d),
                })
            }
            (Known::Pipelining, None, ..) => Self::Pipelining,
            (Known::EightBitMime, None, ..) => Self::EightBitMime,
            (Known::SmtpUtf8, None, ..) => Self::SmtpUtf8,
            (Known::StartTls, None, ..) => Self::StartTls,
            (Known::Dsn, None, ..) => Self::Dsn,
            (Known::EnhancedStatusCodes, None, ..) => Self::EnhancedStatusCodes,
            (Known::Chunking, None, ..) => Self::Chunking,
            (Known::BinaryMime, None, ..) => Self::BinaryMime,
            (Known::RequireTls, None, ..) => Self::RequireTls,
            (Known::Etrn, None, ..) => Self::Etrn,
            _ => other(),
        }
    }

    /// The EHLO keyword, upper case for the typed variants, as written for
    /// [`Other`](Self::Other).
    pub fn keyword(&self) -> &str {
        match self {
            Self::Size(_) => "SIZE",
            Self::Pipelining => "PIPELINING",
            Self::EightBitMime => "8BITMIME",
            Self::SmtpUtf8 => "SMTPUTF8",
            Self::StartTls => "STARTTLS",
            Self::Auth(_) => "AUTH",
            Self::Dsn => "DSN",
            Self::EnhancedStatusCodes => "ENHANCEDSTATUSCODES",
            Self::Chunking => "CHUNKING",
            Self::BinaryMime => "BINARYMIME",
            Self::RequireTls => "REQUIRETLS",
            Self::MtPriority(_) => "MT-PRIORITY",
            Self::DeliverBy(_) => "DELIVERBY",
            Self::FutureRelease { .. } => "FUTURERELEASE",
            Self::Etrn => "ETRN",
            Self::Other { keyword, .. } => keyword,
        }
    }

    /// The same capability, owning its text.
    pub fn into_owned(self) -> Capability<'static> {
        let own = |c: Cow<'a, str>| Cow::Owned(c.into_owned());
        match self {
            Self::Size(n) => Capability::Size(n),
            Self::Pipelining => Capability::Pipelining,
            Self::EightBitMime => Capability::EightBitMime,
            Self::SmtpUtf8 => Capability::SmtpUtf8,
            Self::StartTls => Capability::StartTls,
            Self::Auth(list) => Capability::Auth(list.into_iter().map(own).collect()),
            Self::Dsn => Capability::Dsn,
            Self::EnhancedStatusCodes => Capability::EnhancedStatusCodes,
            Self::Chunking => Capability::Chunking,
            Self::BinaryMime => Capability::BinaryMime,
            Self::RequireTls => Capability::RequireTls,
            Self::MtPriority(p) => Capability::MtPriority(p.map(own)),
            Self::DeliverBy(n) => Capability::DeliverBy(n),
            Self::FutureRelease {
                max_interval,
                max_datetime,
            } => Capability::FutureRelease {
                max_interval,
                max_datetime: own(max_datetime),
            },
            Self::Etrn => Capability::Etrn,
            Self::Other { keyword, params } => Capability::Other {
                keyword: own(keyword),
                params: params.into_iter().map(own).collect(),
            },
        }
    }

    /// Writes the `ehlo-line` text into `out`.
    pub(crate) fn write(&self, out: &mut String) -> Result<(), EncodeError> {
        fn param(out: &mut String, p: &str, element: &'static str) -> Result<(), EncodeError> {
            check_param(p, element)?;
            out.push(' ');
            out.push_str(p);
            Ok(())
        }
        if let Self::Other { keyword, .. } = self {
            check_param(keyword, "ehlo-keyword")?;
        }
        out.push_str(self.keyword());
        // Writing to a String cannot fail.
        match self {
            Self::Size(Some(n)) => _ = write!(out, " {n}"),
            Self::DeliverBy(Some(n)) => _ = write!(out, " {n}"),
            Self::MtPriority(Some(p)) => param(out, p, "priority-profile")?,
            Self::FutureRelease {
                max_interval,
                max_datetime,
            } => {
                _ = write!(out, " {max_interval}");
                param(out, max_datetime, "max-future-release-date-time")?;
            }
            Self::Auth(list) => {
                for m in list {
                    param(out, m, "sasl-mech")?;
                }
            }
            Self::Other { params, .. } => {
                for p in params {
                    param(out, p, "ehlo-param")?;
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// `ehlo-param = 1*(%d33-126)`.
pub(crate) fn check_param(text: &str, element: &'static str) -> Result<(), EncodeError> {
    if text.is_empty() {
        return Err(EncodeError::Empty { element });
    }
    match text.bytes().find(|b| !(33..=126).contains(b)) {
        Some(byte) => Err(EncodeError::InvalidByte { element, byte }),
        None => Ok(()),
    }
}

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

    /// Adds a capability (see the type for how `AUTH` and known keywords are merged).
    pub fn push(&mut self, capability: Capability<'a>) {
        let capability = match capability {
            Capability::Other { keyword, params }
                if known(&keyword).is_some() || obsolete_auth(&keyword).is_some() =>
            {
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
            c => c,
        };
        if let Capability::Auth(new) = capability {
            if let Some(Capability::Auth(list)) =
                self.0.iter_mut().find(|c| matches!(c, Capability::Auth(_)))
            {
                for m in new {
                    add_mechanism(list, m);
                }
            } else {
                let mut list = Vec::with_capacity(new.len());
                for m in new {
                    add_mechanism(&mut list, m);
                }
                self.0.push(Capability::Auth(list));
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
