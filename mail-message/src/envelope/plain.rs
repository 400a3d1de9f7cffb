//! The fast path for the paths nearly every client sends: `<local@domain>` with an ASCII
//! `Dot-string` local part and an ASCII domain name (RFC 5321 §4.1.2).
//!
//! One pass over a byte-class table recognises such a mailbox and its closing `>`, checking
//! exactly the rules the general parser checks for that form (atoms not empty, labels of
//! `Let-dig`s and hyphens that neither start nor end with a hyphen, the length limits of
//! §4.5.3.1). Anything else — a quoted local part, UTF-8, an address literal, a source route,
//! an underscore, a limit reached — is left to the general parser, which then decides (and
//! words the error). So the fast path never changes a result, it only gets there sooner.

use super::domain::Domain;
use super::local_part::LocalPart;
use super::mailbox::{Host, Mailbox};
use super::options::{MAX_DOMAIN_LEN, MAX_LABEL_LEN, MAX_LOCAL_PART_LEN, MAX_PATH_LEN};

/// `atext` (RFC 5322 §3.2.3).
const ATEXT: u8 = 1;
/// `Let-dig` (RFC 5321 §4.1.2): ASCII letters and digits.
const LET_DIG: u8 = 2;
/// The hyphen of `Ldh-str`.
const HYPHEN: u8 = 4;

/// The classes of every octet.
const CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        #[allow(clippy::cast_possible_truncation)] // `i` < 256
        let b = i as u8;
        let mut class = 0;
        // RFC 5322 §3.2.3 `atext`: letters, digits and these specials.
        if b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'!' | b'#'
                    | b'$'
                    | b'%'
                    | b'&'
                    | b'\''
                    | b'*'
                    | b'+'
                    | b'-'
                    | b'/'
                    | b'='
                    | b'?'
                    | b'^'
                    | b'_'
                    | b'`'
                    | b'{'
                    | b'|'
                    | b'}'
                    | b'~'
            )
        {
            class |= ATEXT;
        }
        if b.is_ascii_alphanumeric() {
            class |= LET_DIG;
        }
        if b == b'-' {
            class |= HYPHEN;
        }
        #[allow(clippy::indexing_slicing)] // `i` runs over the table's indices
        {
            table[i] = class;
        }
        i += 1;
    }
    table
};

#[inline]
fn class(b: u8) -> u8 {
    // Every `u8` indexes the table: this never falls back.
    CLASS.get(usize::from(b)).copied().unwrap_or(0)
}

/// Reads `local@domain>` at the start of `input` (what follows the `<` of a path) when it is
/// in the plain form; returns the mailbox and the offset just after the `>`. `None` means
/// "not plain": the caller runs the general parser.
pub(crate) fn plain_mailbox(input: &[u8]) -> Option<(Mailbox<'_>, usize)> {
    let (at, end) = plain_span(input)?;
    // One conversion for both parts (all ASCII, so it cannot fail).
    let text = std::str::from_utf8(input.get(..end)?).ok()?;
    Some((mailbox(text, at)?, end + 1))
}

/// [`plain_mailbox`] for input the caller already has as `&str`: no conversion at all.
pub(crate) fn plain_mailbox_str(input: &str) -> Option<(Mailbox<'_>, usize)> {
    let (at, end) = plain_span(input.as_bytes())?;
    Some((mailbox(input.get(..end)?, at)?, end + 1))
}

/// The mailbox `text`, whose `@` is at `at`.
fn mailbox(text: &str, at: usize) -> Option<Mailbox<'_>> {
    let (local, domain) = (text.get(..at)?, text.get(at + 1..)?);
    Some(Mailbox::from_plain(
        LocalPart::from_plain(local),
        Host::Domain(Domain::from_plain(domain)),
    ))
}

/// Where the `@` and the `>` of a plain `local@domain>` at the start of `input` are.
fn plain_span(input: &[u8]) -> Option<(usize, usize)> {
    // The length of the run of octets of `class` from `pos`: a tight loop, one table look-up
    // per octet, the punctuation handled between runs.
    let run = |pos: usize, class_bits: u8| {
        input
            .get(pos..)
            .unwrap_or_default()
            .iter()
            .position(|&b| class(b) & class_bits == 0)
    };
    // Local part: atoms of atext separated by single dots.
    let mut pos = 0;
    let at = loop {
        let atom = run(pos, ATEXT)?;
        if atom == 0 {
            return None;
        }
        pos += atom;
        match input.get(pos) {
            Some(b'.') => pos += 1,
            Some(b'@') => break pos,
            _ => return None,
        }
    };
    if at > MAX_LOCAL_PART_LEN {
        return None;
    }
    // Domain: labels of Let-dig and hyphen, not starting or ending with a hyphen.
    let start = at + 1;
    pos = start;
    let end = loop {
        let label = run(pos, LET_DIG | HYPHEN)?;
        if label == 0
            || label > MAX_LABEL_LEN
            || input.get(pos) == Some(&b'-')
            || input.get(pos + label - 1) == Some(&b'-')
        {
            return None;
        }
        pos += label;
        match input.get(pos) {
            Some(b'.') => pos += 1,
            Some(b'>') => break pos,
            _ => return None,
        }
    };
    // `<` local `@` domain `>`.
    if end - start > MAX_DOMAIN_LEN || end + 2 > MAX_PATH_LEN {
        return None;
    }
    Some((at, end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::envelope::{EnvelopeOptions, ForwardPath, ReversePath};

    #[test]
    fn table_is_atext() {
        for b in 0..=255u8 {
            let atext = crate::envelope::local_part::is_ascii_atext(b);
            assert_eq!(class(b) & ATEXT != 0, atext, "{b}");
        }
    }

    #[test]
    fn plain_paths() {
        let (m, end) = plain_mailbox(b"Smith@bar.com> SIZE=1").unwrap();
        assert_eq!(end, 14);
        assert_eq!(m.local_part().as_str(), "Smith");
        assert_eq!(m.to_string(), "Smith@bar.com");
        assert!(plain_mailbox(b"a.b-c+d@x-1.y>").is_some());
    }

    #[test]
    fn everything_else_is_left_to_the_general_parser() {
        let long_label = format!("a@{}.com>", "x".repeat(64));
        let long_local = format!("{}@b>", "x".repeat(65));
        for input in [
            &b"a@b"[..],
            b"a@b",
            b".a@b>",
            b"a.@b>",
            b"a..b@c>",
            b"@b>",
            b"a@>",
            b"a@-b>",
            b"a@b->",
            b"a@b.>",
            b"a@.b>",
            b"a@b_c>",
            b"a@[1.2.3.4]>",
            b"\"a b\"@c>",
            "é@b>".as_bytes(),
            b"a@b.c ",
            long_label.as_bytes(),
            long_local.as_bytes(),
        ] {
            assert!(plain_mailbox(input).is_none(), "{input:?}");
        }
        let label_63 = format!("a@{}.com>", "x".repeat(63));
        assert!(plain_mailbox(label_63.as_bytes()).is_some());
        let local_64 = format!("{}@b>", "x".repeat(64));
        assert!(plain_mailbox(local_64.as_bytes()).is_some());
    }

    /// The `&str` entry points give what the byte ones give, fast path or not.
    #[test]
    fn str_paths_match_byte_paths() {
        for opts in [EnvelopeOptions::new(), EnvelopeOptions::lenient()] {
            for input in [
                "<a@b> X=1",
                "<Postmaster>",
                "<postmaster@x.y>",
                "<>",
                " <a@b>",
                "<@r.example:a@b>",
                "<\"a b\"@c>",
                "<a@[1.2.3.4]>",
                "<é@b>",
                "<a@b",
                "a@b c",
                "<a..b@c>",
                "<a@b_c.d>",
            ] {
                let bytes = ForwardPath::parse_prefix(input.as_bytes(), opts);
                let text = ForwardPath::parse_prefix_str(input, opts);
                assert_eq!(
                    bytes.map(|(p, r)| (p, r.to_vec())),
                    text.map(|(p, r)| (p, r.as_bytes().to_vec())),
                    "{input}"
                );
                let bytes = ReversePath::parse_prefix(input.as_bytes(), opts);
                let text = ReversePath::parse_prefix_str(input, opts);
                assert_eq!(
                    bytes.map(|(p, r)| (p, r.to_vec())),
                    text.map(|(p, r)| (p, r.as_bytes().to_vec())),
                    "{input}"
                );
            }
        }
    }

    /// Whatever the fast path accepts, the general parser gives the same value.
    #[test]
    fn same_value_as_the_general_parser() {
        let opts = EnvelopeOptions::new();
        let near_limit = format!("{}@{}.{}>", "l".repeat(64), "d".repeat(63), "e".repeat(60));
        for input in [
            &b"a@b>"[..],
            b"Smith@bar.com> SIZE=1",
            b"x.y+z@sub-1.example.org>",
            b"!#$%&'*+-/=?^_`{|}~@9.9>",
            near_limit.as_bytes(),
        ] {
            let (m, end) = plain_mailbox(input).unwrap();
            let text = std::str::from_utf8(input).unwrap();
            assert_eq!(plain_mailbox_str(text), Some((m.clone(), end)));
            let mut path = b"<".to_vec();
            path.extend_from_slice(input);
            let (general, rest) = ForwardPath::parse_prefix(&path, opts).unwrap();
            assert_eq!(general.mailbox(), Some(&m));
            assert_eq!(rest.len(), input.len() - end);
            let (general, _) = ReversePath::parse_prefix(&path, opts).unwrap();
            assert_eq!(general.mailbox(), Some(&m));
        }
    }
}
