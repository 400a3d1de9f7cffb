//! The capability lines of an EHLO reply kept as written (RFC 5321 §4.1.1.1 `ehlo-line`), read
//! into [`Capability`] values only when asked: what [`Capabilities`](super::Capabilities)
//! holds for a reply that passed the quick checks of `frame.rs`.
//!
//! One pass at parse time ([`Summary::note`]) finds what clients ask first: which typed
//! keywords are present (a bit set), the `SIZE` limit (RFC 1870 §4) and how many capabilities
//! there are. Everything else is read from the lines again on demand.

use std::borrow::Cow;
use std::num::NonZeroU64;

use super::Capability;
use super::capability::{
    KEYWORDS, Known, Tokens, first_space, known, known_in, number_in, obsolete_auth,
};
use super::folded::low_octets;
use super::frame::{first_below_0x0e, space_or_control, token_end, word_at};
use super::mechanism_set::{MECHANISM_NAMES, MechanismSet};

/// The text of each line of `code SP/"-" text CRLF` lines, as `Framed` checked them (the
/// first octet below 0x0e of each line is the CR of its CRLF).
#[derive(Clone, Copy)]
pub(crate) struct Lines<'t>(pub(crate) &'t str);

impl<'t> Iterator for Lines<'t> {
    type Item = &'t str;

    #[inline]
    fn next(&mut self) -> Option<&'t str> {
        let after_code = self.0.as_bytes().get(4..)?;
        let cr = first_below_0x0e(after_code)?;
        // The cuts fall next to ASCII octets, so on character boundaries.
        let line = self.0.get(4..4 + cr)?;
        self.0 = self.0.get(4 + cr + 2..).unwrap_or_default();
        Some(line)
    }
}

/// What one `ehlo-line` is, from its keyword alone.
pub(crate) enum Kind<'t> {
    /// A blank line (skipped).
    Blank,
    /// `AUTH …` or the obsolete `AUTH=…` (RFC 4954 §3): read into one merged capability.
    Auth,
    /// A keyword this crate types.
    Known,
    /// Any other keyword, as written.
    Other(&'t str),
}

/// The kind of `line`, and its tokens after the keyword.
#[inline]
pub(crate) fn kind(line: &str) -> (Kind<'_>, Tokens<'_>) {
    let mut tokens = Tokens(line);
    let Some(keyword) = tokens.next() else {
        return (Kind::Blank, tokens);
    };
    let kind = if obsolete_auth(keyword).is_some() {
        Kind::Auth
    } else {
        match known(keyword) {
            Some(Known::Auth) => Kind::Auth,
            Some(_) => Kind::Known,
            None => Kind::Other(keyword),
        }
    };
    (kind, tokens)
}

/// The bit of a typed keyword in [`Summary::keywords`].
#[inline]
pub(crate) const fn bit(known: Known) -> u16 {
    1 << known as u16
}

/// What one pass over the lines finds (see the module).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Summary {
    /// A bit per typed keyword present ([`bit`]), whatever its parameters (`SIZE abc` counts:
    /// it is read as [`Capability::Other`] with the keyword `SIZE`).
    pub(crate) keywords: u16,
    /// The first `SIZE n` with `n` > 0.
    pub(crate) size: Option<NonZeroU64>,
    /// How many capabilities the lines give (blank lines skipped, every `AUTH` line in one).
    pub(crate) count: u32,
    /// From the start of the first `AUTH` or `AUTH=` line to the end of the last (empty
    /// without one), in octets from the start of the text the lines were noted from.
    pub(crate) auth: (u32, u32),
    /// The SASL mechanisms of the `AUTH` lines that `mail-sasl` types, and whether there are
    /// others.
    pub(crate) mechanisms: MechanismSet,
    /// The first `DELIVERBY` line's [`Capability::DeliverBy`] value; `None` if there is none
    /// or it is not typed (then it is read from its line).
    pub(crate) deliver_by: Option<Option<u32>>,
    /// The first `MT-PRIORITY` line's [`Capability::MtPriority`] parameter, as where it starts
    /// in the text and its length; `None` if there is none or it is not typed.
    pub(crate) mt_priority: Option<Option<(u16, u16)>>,
    /// Where the first line of each typed keyword present starts ([`NOWHERE`] if past
    /// `u16::MAX`), indexed by [`Known`]: [`get`](super::Capabilities::get) goes straight there.
    pub(crate) first: [u16; KNOWN],
}

/// How many typed keywords there are.
pub(crate) const KNOWN: usize = 15;

/// An offset too far for [`Summary::first`]: the line is looked for from the start.
pub(crate) const NOWHERE: u16 = u16::MAX;

impl Summary {
    /// Takes one line in: the first `len` octets of `window` (the octets after them, at least
    /// the line's CRLF, let the line be read a word at a time), whose first eight octets are
    /// `first` (a little-endian word; any value if `window` is shorter). `at` is where the
    /// line (its reply code) starts.
    #[inline(always)]
    pub(crate) fn note(&mut self, at: usize, window: &[u8], len: usize, first: u64) {
        if window.len() >= 8 {
            // The keyword ends at the first space, or at the end of the line (the first octet
            // below 0x0e, as the line's CR is).
            match space_or_control(first) {
                // Eight octets and more: `8BITMIME`, `STARTTLS`, `PIPELINING`, ….
                0 => {
                    // The line is often the keyword alone.
                    let keyword_len = match len {
                        8 => 8,
                        _ => token_end(window, 8).min(len),
                    };
                    let known = match keyword_len {
                        8 => KEYWORDS.find_word(first, 8),
                        _ => KEYWORDS.find_long(first, window, keyword_len),
                    };
                    return self.keyword(at, len, window, len, keyword_len, known);
                }
                marks => {
                    let keyword_len = (marks.trailing_zeros() / 8) as usize;
                    if keyword_len > 0 {
                        let word = first & low_octets(keyword_len);
                        let known = KEYWORDS.find_word(word, keyword_len);
                        return self.keyword(at, len, window, len, keyword_len, known);
                    }
                }
            }
        }
        // A short window, a blank line, or spaces before the keyword (rare): the keyword
        // after the spaces.
        let Some(line) = window.get(..len) else {
            return;
        };
        let Some(start) = line.iter().position(|&b| b != b' ') else {
            return;
        };
        let (Some(text), Some(rest)) = (window.get(start..), line.get(start..)) else {
            return;
        };
        let keyword_len = token_end(rest, 0);
        let known = known_in(text, keyword_len);
        self.keyword(at, len, text, rest.len(), keyword_len, known);
    }

    /// [`note`](Self::note) of a line of `line_len` octets whose keyword starts `text`, takes
    /// `keyword_len` octets and names `known` (`len` octets to the end of the line).
    #[inline(always)]
    fn keyword(
        &mut self,
        at: usize,
        line_len: usize,
        text: &[u8],
        len: usize,
        keyword_len: usize,
        known: Option<Known>,
    ) {
        match known {
            Some(Known::Auth) => self.auth(at, line_len, text, keyword_len, len),
            Some(k) => {
                if k == Known::Size && self.size.is_none() {
                    // As `Capability::from_line` reads it: exactly one parameter, a number.
                    let params = text.get(keyword_len..len).unwrap_or_default();
                    self.size = single_param(params)
                        .and_then(number_in::<u64>)
                        .and_then(NonZeroU64::new);
                }
                if self.keywords & bit(k) == 0 {
                    self.keywords |= bit(k);
                    if let Some(first) = self.first.get_mut(k as usize) {
                        *first = u16::try_from(at).unwrap_or(NOWHERE);
                    }
                    if matches!(k, Known::DeliverBy | Known::MtPriority) {
                        // `text` starts `line_len - len` octets into the line's text.
                        let base = at + 4 + (line_len - len) + keyword_len;
                        self.first_param(k, base, text, keyword_len, len);
                    }
                }
                self.count += 1;
            }
            // `AUTH=…` (see `obsolete_auth`): the first mechanism follows the `=`.
            None if text.get(4) == Some(&b'=')
                && text
                    .get(..5)
                    .is_some_and(|h| h.eq_ignore_ascii_case(b"AUTH=")) =>
            {
                self.auth(at, line_len, text, 5, len);
            }
            None => self.count += 1,
        }
    }

    /// Notes the value of the first `DELIVERBY` or `MT-PRIORITY` line, whose parameters are
    /// `text[from..len]`, `base` octets from the start of the text, if it is typed (as
    /// `Capability::from_line` types it: no parameter, or one that fits).
    #[inline(never)]
    fn first_param(&mut self, k: Known, base: usize, text: &[u8], from: usize, len: usize) {
        let mut start = from;
        while text.get(start) == Some(&b' ') {
            start += 1;
        }
        if start >= len {
            match k {
                Known::DeliverBy => self.deliver_by = Some(None),
                _ => self.mt_priority = Some(None),
            }
            return;
        }
        // As in `auth`: the parameter ends at the first space or control.
        let end = match word_at(text, start) {
            Some(w) => match space_or_control(w) {
                0 => token_end(text, start + 8),
                marks => start + (marks.trailing_zeros() / 8) as usize,
            },
            None => token_end(text, start),
        }
        .min(len);
        // One parameter only: nothing but spaces after it.
        if text
            .get(end..len)
            .is_some_and(|after| after.iter().any(|&b| b != b' '))
        {
            return;
        }
        let Some(token) = text.get(start..end) else {
            return;
        };
        match k {
            Known::DeliverBy => {
                if let Some(n) = number_in::<u32>(token) {
                    self.deliver_by = Some(Some(n));
                }
            }
            _ => {
                let at = base + start - from;
                if let (Ok(at), Ok(len)) = (u16::try_from(at), u16::try_from(end - start)) {
                    self.mt_priority = Some(Some((at, len)));
                }
            }
        }
    }

    /// Takes an `AUTH` line in: the mechanisms of `text[from..len]` (separated by spaces) go
    /// into the set, and the line (`line_len` octets of text) into the range of `AUTH` lines.
    #[inline(never)]
    fn auth(&mut self, at: usize, line_len: usize, text: &[u8], from: usize, len: usize) {
        // Offsets past `u32` are kept as `u32::MAX`; the text is shorter, so reading from
        // there just ends early, as `str::get` gives nothing.
        let start = u32::try_from(at).unwrap_or(u32::MAX);
        let end = u32::try_from(at + 4 + line_len + 2).unwrap_or(u32::MAX);
        if self.keywords & bit(Known::Auth) == 0 {
            self.keywords |= bit(Known::Auth);
            self.count += 1;
            self.auth.0 = start;
        }
        self.auth.1 = end;
        // Every octet from `from` to `len` is a space or at least 0x0e (the line's first octet
        // below 0x0e is its CR, at `len`): a name ends at the first space or control.
        let mut i = from;
        while i < len {
            let bit = match word_at(text, i) {
                Some(w) if w & 0xff == u64::from(b' ') => {
                    i += 1;
                    continue;
                }
                Some(w) => match space_or_control(w) {
                    0 => {
                        let end = token_end(text, i + 8).min(len);
                        let n = end - i;
                        let bit = match n {
                            8 => MECHANISM_NAMES.find_word(w, 8),
                            _ => MECHANISM_NAMES.find_long(w, text.get(i..).unwrap_or_default(), n),
                        };
                        i = end;
                        bit
                    }
                    marks => {
                        let n = (marks.trailing_zeros() / 8) as usize;
                        i += n;
                        MECHANISM_NAMES.find_word(w & low_octets(n), n)
                    }
                },
                // Fewer than eight octets left in the input.
                None => {
                    if text.get(i) == Some(&b' ') {
                        i += 1;
                        continue;
                    }
                    let end = token_end(text, i).min(len);
                    let n = end - i;
                    i = end;
                    MECHANISM_NAMES.find(text.get(end - n..).unwrap_or_default(), n)
                }
            };
            self.mechanisms.insert_bit(bit);
        }
    }

    /// The lines of `text` (as `Lines` reads them) with an `AUTH` keyword; empty without one.
    pub(crate) fn auth_lines<'t>(&self, text: &'t str) -> Lines<'t> {
        let (start, end) = (self.auth.0 as usize, self.auth.1 as usize);
        Lines(text.get(start..end).unwrap_or_default())
    }

    /// The summary of these lines.
    #[cfg(test)]
    pub(crate) fn of(lines: Lines<'_>) -> Self {
        let mut summary = Self::default();
        let mut at = 0;
        for line in lines {
            let mut window = line.as_bytes().to_vec();
            window.extend_from_slice(b"\r\n");
            let first = window
                .get(..8)
                .map_or(0, |w| u64::from_le_bytes(w.try_into().unwrap()));
            summary.note(at, &window, line.len(), first);
            at += 4 + line.len() + 2;
        }
        summary
    }
}

/// The only space-separated token of `params`; `None` if there is none or more than one.
#[inline]
fn single_param(params: &[u8]) -> Option<&[u8]> {
    let start = params.iter().position(|&b| b != b' ')?;
    let rest = params.get(start..)?;
    let end = rest.iter().rposition(|&b| b != b' ')? + 1;
    let token = rest.get(..end)?;
    match first_space(token) {
        None => Some(token),
        Some(_) => None,
    }
}

/// The SASL mechanisms of every `AUTH` and `AUTH=` line, in order, as written, each once
/// (compared without regard to case).
#[derive(Clone)]
pub(crate) struct Mechanisms<'t> {
    /// All the lines, to look back for an earlier copy of a mechanism.
    all: Lines<'t>,
    /// Every mechanism, copies included.
    raw: RawMechanisms<'t>,
    /// The first mechanisms given, to compare with; past [`SEEN`], `all` is read again.
    seen: [&'t str; SEEN],
    given: usize,
}

/// How many mechanisms [`Mechanisms`] keeps to compare with.
const SEEN: usize = 8;

impl<'t> Mechanisms<'t> {
    pub(crate) fn new(lines: Lines<'t>) -> Self {
        Self {
            all: lines,
            raw: RawMechanisms::new(lines),
            seen: [""; SEEN],
            given: 0,
        }
    }
}

impl<'t> Iterator for Mechanisms<'t> {
    type Item = &'t str;

    fn next(&mut self) -> Option<&'t str> {
        loop {
            let m = self.raw.next()?;
            let copy = match self.seen.get(..self.given) {
                Some(seen) => seen.iter().any(|e| e.eq_ignore_ascii_case(m)),
                // Mechanisms are slices of the same text: the earlier ones end before `m`.
                None => RawMechanisms::new(self.all)
                    .take_while(|e| e.as_ptr() != m.as_ptr())
                    .any(|e| e.eq_ignore_ascii_case(m)),
            };
            if !copy {
                if let Some(slot) = self.seen.get_mut(self.given) {
                    *slot = m;
                }
                self.given += 1;
                return Some(m);
            }
        }
    }
}

/// Every mechanism of every `AUTH` line, copies included.
#[derive(Clone)]
struct RawMechanisms<'t> {
    lines: Lines<'t>,
    params: Tokens<'t>,
    /// What follows `AUTH=` on the line being read, not yet given.
    first: Option<&'t str>,
}

impl<'t> RawMechanisms<'t> {
    fn new(lines: Lines<'t>) -> Self {
        Self {
            lines,
            params: Tokens(""),
            first: None,
        }
    }
}

impl<'t> Iterator for RawMechanisms<'t> {
    type Item = &'t str;

    fn next(&mut self) -> Option<&'t str> {
        loop {
            if let Some(first) = self.first.take().filter(|m| !m.is_empty()) {
                return Some(first);
            }
            if let Some(m) = self.params.next() {
                return Some(m);
            }
            let line = self.lines.next()?;
            let mut tokens = Tokens(line);
            let Some(keyword) = tokens.next() else {
                continue;
            };
            if let Some(first) = obsolete_auth(keyword) {
                self.first = Some(first);
                self.params = tokens;
            } else if matches!(known(keyword), Some(Known::Auth)) {
                self.params = tokens;
            }
        }
    }
}

/// The capabilities the lines give, typed one by one as they are asked for: the mechanisms of
/// every `AUTH` line go into one [`Capability::Auth`] at the place of the first.
#[derive(Clone)]
pub(crate) struct Typed<'t> {
    all: Lines<'t>,
    lines: Lines<'t>,
    auth_given: bool,
}

impl<'t> Typed<'t> {
    pub(crate) fn new(lines: Lines<'t>) -> Self {
        Self {
            all: lines,
            lines,
            auth_given: false,
        }
    }
}

impl<'t> Iterator for Typed<'t> {
    type Item = Capability<'t>;

    fn next(&mut self) -> Option<Capability<'t>> {
        loop {
            // Each line is classified once, by `from_line`; an `AUTH` line's own list is then
            // replaced by the list of every `AUTH` line.
            match Capability::from_line(self.lines.next()?) {
                None => {}
                Some(Capability::Auth(_)) if self.auth_given => {}
                Some(Capability::Auth(_)) => {
                    self.auth_given = true;
                    let list = Mechanisms::new(self.all).map(Cow::Borrowed).collect();
                    return Some(Capability::Auth(list));
                }
                capability => return capability,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_as_written() {
        let text = "250-SIZE 10\r\n250-\r\n250   auth=x  \r\n";
        assert_eq!(
            Lines(text).collect::<Vec<_>>(),
            ["SIZE 10", "", "  auth=x  "]
        );
        assert_eq!(Lines("").next(), None);
    }

    #[test]
    fn summary() {
        let s = Summary::of(Lines(
            "250-size 0\r\n250-SIZE 12 \r\n250-SIZE 99\r\n250-  \r\n250-Auth=LOGIN\r\n\
             250-AUTH PLAIN\r\n250-X-Y\r\n250 dsn\r\n",
        ));
        let keywords = bit(Known::Size) | bit(Known::Auth) | bit(Known::Dsn);
        assert_eq!(
            s,
            Summary {
                keywords,
                size: NonZeroU64::new(12),
                count: 6,
                auth: (47, 79),
                mechanisms: ["LOGIN", "PLAIN"].into_iter().collect(),
                deliver_by: None,
                mt_priority: None,
                first: {
                    let mut first = [0; KNOWN];
                    first[Known::Dsn as usize] = 88;
                    first
                },
            }
        );
        // Two parameters, or one that is not a number, give no limit.
        for line in ["SIZE 1 2", "SIZE x", "SIZE", "SIZE 18446744073709551616"] {
            let s = Summary::of(Lines(&format!("250 {line}\r\n")));
            assert_eq!((s.keywords, s.size, s.count), (bit(Known::Size), None, 1));
        }
        // Spaces before the keyword; mechanisms of every spelling, and others.
        let text =
            "250-  auth  cram-md5 X-1  \r\n250-SIZE\r\n250-AUTH=xoauth2 plain\r\n250  8bitmime\r\n";
        let s = Summary::of(Lines(text));
        assert_eq!(s.count, 3);
        assert_eq!(s.auth, (0, 62));
        assert_eq!(
            s.mechanisms,
            ["CRAM-MD5", "X-1", "XOAUTH2", "PLAIN"]
                .into_iter()
                .collect()
        );
        assert_eq!(s.first[Known::EightBitMime as usize], 62);
        // The first DELIVERBY and MT-PRIORITY, typed.
        let text = "250-DELIVERBY 240\r\n250-deliverby\r\n250-  MT-PRIORITY  MIXER \r\n";
        let s = Summary::of(Lines(text));
        assert_eq!(s.deliver_by, Some(Some(240)));
        assert_eq!(s.mt_priority, Some(Some((53, 5))));
        assert_eq!(text.get(53..58), Some("MIXER"));
        let s = Summary::of(Lines("250-DELIVERBY\r\n250 MT-PRIORITY\r\n"));
        assert_eq!((s.deliver_by, s.mt_priority), (Some(None), Some(None)));
        // Not typed: read from the line when asked.
        for line in [
            "DELIVERBY x",
            "DELIVERBY 1 2",
            "DELIVERBY 4294967296",
            "MT-PRIORITY A B",
        ] {
            let s = Summary::of(Lines(&format!("250 {line}\r\n")));
            assert_eq!((s.deliver_by, s.mt_priority, s.count), (None, None, 1));
        }
        // `AUTH=` alone and `AUTHX` are not the same.
        let s = Summary::of(Lines("250-AUTH=\r\n250 AUTHX\r\n"));
        assert_eq!((s.keywords, s.count), (bit(Known::Auth), 2));
    }

    #[test]
    fn mechanisms_once_each() {
        let text =
            "250-AUTH=LOGIN PLAIN\r\n250-SIZE\r\n250-auth plain CRAM-MD5 login\r\n250 AUTH=\r\n";
        assert_eq!(
            Mechanisms::new(Lines(text)).collect::<Vec<_>>(),
            ["LOGIN", "PLAIN", "CRAM-MD5"]
        );
        // More than are kept to compare with: the later copies are still found.
        let many = "250-AUTH A B C D E F G H I J\r\n250 AUTH=b j K a k\r\n";
        assert_eq!(
            Mechanisms::new(Lines(many)).collect::<Vec<_>>(),
            ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K"]
        );
        let typed: Vec<_> = Typed::new(Lines(text)).collect();
        assert_eq!(
            typed,
            [
                Capability::Auth(vec!["LOGIN".into(), "PLAIN".into(), "CRAM-MD5".into()]),
                Capability::Size(None)
            ]
        );
    }
}
