//! EHLO keywords and their parameters (RFC 5321 §4.1.1.1 `ehlo-line`), typed for the service
//! extensions a client acts on.

use std::borrow::Cow;
use std::fmt::Write as _;

use super::folded::Table;
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

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Known {
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

/// The keywords [`Capability`] types.
pub(crate) const KEYWORDS: Table<Known> = Table::new(&[
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
]);

/// The typed keyword `keyword` names, without regard to case.
#[inline]
pub(crate) fn known(keyword: &str) -> Option<Known> {
    known_in(keyword.as_bytes(), keyword.len())
}

/// The typed keyword that the first `len` octets of `text` name, without regard to case (the
/// octets after them are ignored: they only let the keyword be read a word at a time).
#[inline(always)]
pub(crate) fn known_in(text: &[u8], len: usize) -> Option<Known> {
    KEYWORDS.find(text, len)
}

/// The parameters of an `ehlo-line`: runs of octets between spaces.
#[derive(Clone)]
pub(crate) struct Tokens<'a>(pub(crate) &'a str);

impl<'a> Iterator for Tokens<'a> {
    type Item = &'a str;

    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        let bytes = self.0.as_bytes();
        let start = bytes.iter().position(|&b| b != b' ')?;
        let rest = bytes.get(start..).unwrap_or_default();
        let end = start + first_space(rest).unwrap_or(rest.len());
        // Cuts next to a space (ASCII) fall on character boundaries.
        let (Some(token), Some(tail)) = (self.0.get(start..end), self.0.get(end..)) else {
            return None;
        };
        self.0 = tail;
        Some(token)
    }
}

/// The offset of the first space in `bytes`, eight octets at a time (keywords and parameters
/// are short: a call to `memchr` costs more than it saves, an octet at a time takes longer).
#[inline]
pub(crate) fn first_space(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut words = bytes.chunks_exact(8);
    let mut offset = 0;
    for word in &mut words {
        // Spaces become zero octets; the lowest zero octet is marked exactly (a borrow can
        // only mark octets after it).
        let x = u64::from_le_bytes(word.try_into().unwrap_or([0; 8])) ^ (ONES * 0x20);
        let marks = x.wrapping_sub(ONES) & !x & HIGH;
        if marks != 0 {
            return Some(offset + (marks.trailing_zeros() / 8) as usize);
        }
        offset += 8;
    }
    words
        .remainder()
        .iter()
        .position(|&b| b == b' ')
        .map(|i| offset + i)
}

/// `AUTH=` at the start of `keyword`, without regard to case: what follows it.
#[inline]
pub(crate) fn obsolete_auth(keyword: &str) -> Option<&str> {
    if keyword.as_bytes().get(4) != Some(&b'=') {
        return None;
    }
    let head = keyword.get(..5)?;
    head.eq_ignore_ascii_case("AUTH=")
        .then(|| keyword.get(5..))
        .flatten()
}

/// `1*DIGIT` that fits the type.
pub(crate) fn number<T: TryFrom<u64>>(text: &str) -> Option<T> {
    number_in(text.as_bytes())
}

/// `1*DIGIT` that fits the type, from octets.
pub(crate) fn number_in<T: TryFrom<u64>>(text: &[u8]) -> Option<T> {
    if text.is_empty() {
        return None;
    }
    let mut n: u64 = 0;
    for &b in text {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
    }
    T::try_from(n).ok()
}

/// Whether [`Capability::from_line`] gives a typed variant for this keyword.
pub(crate) fn is_typed_keyword(keyword: &str) -> bool {
    known(keyword).is_some() || obsolete_auth(keyword).is_some()
}

pub(crate) fn add_mechanism<'a>(list: &mut Vec<Cow<'a, str>>, mechanism: Cow<'a, str>) {
    if !list.iter().any(|m| m.eq_ignore_ascii_case(&mechanism)) {
        list.push(mechanism);
    }
}

impl<'a> Capability<'a> {
    /// Reads one `ehlo-line` (the text after `250-`); `None` for a blank line. Parameters are
    /// separated by one or more spaces; spaces at the end are ignored.
    #[inline]
    pub fn from_line(line: &'a str) -> Option<Self> {
        let mut tokens = Tokens(line);
        let keyword = tokens.next()?;
        Some(Self::classify(keyword, tokens))
    }

    #[inline]
    fn classify<I>(keyword: &'a str, params: I) -> Self
    where
        I: Iterator<Item = &'a str> + Clone,
    {
        let other = || Self::Other {
            keyword: Cow::Borrowed(keyword),
            params: params.clone().map(Cow::Borrowed).collect(),
        };
        if let Some(first) = obsolete_auth(keyword) {
            let mut list = Vec::with_capacity(8);
            for m in std::iter::once(first)
                .chain(params)
                .filter(|m| !m.is_empty())
            {
                add_mechanism(&mut list, Cow::Borrowed(m));
            }
            return Self::Auth(list);
        }
        match known(keyword) {
            Some(kind) => Self::typed(kind, keyword, params),
            None => other(),
        }
    }

    /// The capability of a line whose keyword, `keyword`, is the typed keyword `kind` (not
    /// `AUTH=`), with these parameters: typed if they fit, else [`Other`](Self::Other).
    #[inline]
    pub(crate) fn typed<I>(kind: Known, keyword: &'a str, params: I) -> Self
    where
        I: Iterator<Item = &'a str> + Clone,
    {
        let other = || Self::Other {
            keyword: Cow::Borrowed(keyword),
            params: params.clone().map(Cow::Borrowed).collect(),
        };
        let mut p = params.clone();
        let (p1, p2) = (p.next(), p.next());
        // Each variant is made in one place, straight into the result: no value of `Self` is
        // handed to a helper by value (that cost a store-forwarding stall on every line).
        match (kind, p1, p2) {
            (Known::Pipelining, None, _) => Self::Pipelining,
            (Known::EightBitMime, None, _) => Self::EightBitMime,
            (Known::SmtpUtf8, None, _) => Self::SmtpUtf8,
            (Known::StartTls, None, _) => Self::StartTls,
            (Known::Dsn, None, _) => Self::Dsn,
            (Known::EnhancedStatusCodes, None, _) => Self::EnhancedStatusCodes,
            (Known::Chunking, None, _) => Self::Chunking,
            (Known::BinaryMime, None, _) => Self::BinaryMime,
            (Known::RequireTls, None, _) => Self::RequireTls,
            (Known::Etrn, None, _) => Self::Etrn,
            (Known::Auth, _, _) => {
                let mut list = Vec::with_capacity(8);
                for m in params {
                    add_mechanism(&mut list, Cow::Borrowed(m));
                }
                Self::Auth(list)
            }
            (Known::Size, None, _) => Self::Size(None),
            (Known::MtPriority, None, _) => Self::MtPriority(None),
            (Known::DeliverBy, None, _) => Self::DeliverBy(None),
            (Known::Size, Some(p1), None) => match number(p1) {
                Some(n) => Self::Size(Some(n)),
                None => other(),
            },
            (Known::MtPriority, Some(p1), None) => Self::MtPriority(Some(Cow::Borrowed(p1))),
            (Known::DeliverBy, Some(p1), None) => match number(p1) {
                Some(n) => Self::DeliverBy(Some(n)),
                None => other(),
            },
            (Known::FutureRelease, Some(i), Some(d)) if p.next().is_none() => match number(i) {
                Some(max_interval) => Self::FutureRelease {
                    max_interval,
                    max_datetime: Cow::Borrowed(d),
                },
                None => other(),
            },
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

    /// The same capability, borrowing its text from `self`.
    #[allow(clippy::ptr_arg)] // `b` is mapped over `&Cow` items.
    pub(crate) fn borrowed(&self) -> Capability<'_> {
        fn b<'s>(c: &'s Cow<'_, str>) -> Cow<'s, str> {
            Cow::Borrowed(c.as_ref())
        }
        match self {
            Self::Size(n) => Capability::Size(*n),
            Self::Pipelining => Capability::Pipelining,
            Self::EightBitMime => Capability::EightBitMime,
            Self::SmtpUtf8 => Capability::SmtpUtf8,
            Self::StartTls => Capability::StartTls,
            Self::Auth(list) => Capability::Auth(list.iter().map(b).collect()),
            Self::Dsn => Capability::Dsn,
            Self::EnhancedStatusCodes => Capability::EnhancedStatusCodes,
            Self::Chunking => Capability::Chunking,
            Self::BinaryMime => Capability::BinaryMime,
            Self::RequireTls => Capability::RequireTls,
            Self::MtPriority(p) => Capability::MtPriority(p.as_ref().map(b)),
            Self::DeliverBy(n) => Capability::DeliverBy(*n),
            Self::FutureRelease {
                max_interval,
                max_datetime,
            } => Capability::FutureRelease {
                max_interval: *max_interval,
                max_datetime: b(max_datetime),
            },
            Self::Etrn => Capability::Etrn,
            Self::Other { keyword, params } => Capability::Other {
                keyword: b(keyword),
                params: params.iter().map(b).collect(),
            },
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_without_regard_to_case() {
        for (k, want) in [
            ("8BITMIME", true),
            ("8bItMiMe", true),
            ("Mt-Priority", true),
            ("enhancedstatuscodes", true),
            ("dsn", true),
            ("8BITMIMF", false),
            // One octet off, in each of the words a long keyword is compared by.
            ("XNHANCEDSTATUSCODES", false),
            ("ENHANCEDSTXTUSCODES", false),
            ("ENHANCEDSTATUSCODEX", false),
            ("FUTURERXLEASE", false),
            ("FUTURERELEASE", true),
            ("DELIVERBz", false),
            ("deliverby", true),
            ("\u{18}BITMIME", false),
            ("MT\rPRIORITY", false),
            ("MT_PRIORITY", false),
            ("SIZ", false),
            ("SIZE=", false),
            ("", false),
            ("XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", false),
        ] {
            assert_eq!(known(k).is_some(), want, "{k:?}");
        }
        assert!(matches!(known("starttls"), Some(Known::StartTls)));
        assert!(matches!(known("ChunKing"), Some(Known::Chunking)));
        assert_eq!(obsolete_auth("auth=PLAIN"), Some("PLAIN"));
        assert_eq!(obsolete_auth("AUTHX"), None);
        assert_eq!(number::<u32>("4294967295"), Some(u32::MAX));
        assert_eq!(number::<u32>("4294967296"), None);
        assert_eq!(number::<u64>("18446744073709551616"), None);
        assert_eq!(number::<u64>(""), None);
        assert_eq!(number::<u64>("+1"), None);
    }

    #[test]
    fn spaces() {
        for len in 0..24 {
            assert_eq!(first_space(&vec![b'a'; len]), None);
            assert_eq!(first_space(&vec![b'!'; len]), None);
            assert_eq!(first_space(&vec![0xa0; len]), None);
            for pos in 0..len {
                let mut text = vec![b'a'; len];
                text[pos] = b' ';
                assert_eq!(first_space(&text), Some(pos), "{len} {pos}");
                // Octets right after the space that a borrow could mark do not move it.
                for next in [b' ', b'!', 0x21, 0x1f] {
                    if pos + 1 < len {
                        text[pos + 1] = next;
                    }
                    assert_eq!(first_space(&text), Some(pos), "{len} {pos} {next}");
                }
            }
        }
    }

    #[test]
    fn tokens() {
        let t: Vec<_> = Tokens("  a  bb c ").collect();
        assert_eq!(t, ["a", "bb", "c"]);
        assert_eq!(Tokens("").next(), None);
        assert_eq!(Tokens("   ").next(), None);
        assert_eq!(
            Tokens("\u{e9}t\u{e9} x").collect::<Vec<_>>(),
            ["\u{e9}t\u{e9}", "x"]
        );
    }
}
