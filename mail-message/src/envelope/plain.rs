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
    // Local part: atoms of atext separated by single dots.
    let mut bytes = input.iter().enumerate();
    let mut after_dot = true;
    let at = loop {
        let (pos, &b) = bytes.next()?;
        if class(b) & ATEXT != 0 {
            after_dot = false;
        } else if b == b'.' && !after_dot {
            after_dot = true;
        } else if b == b'@' && !after_dot {
            break pos;
        } else {
            return None;
        }
    };
    if at > MAX_LOCAL_PART_LEN {
        return None;
    }
    // Domain: labels of Let-dig and hyphen, not starting or ending with a hyphen.
    let start = at + 1;
    let mut label_start = start;
    let mut last = b'.';
    let end = loop {
        let (pos, &b) = bytes.next()?;
        let c = class(b);
        if c & LET_DIG != 0 || (c & HYPHEN != 0 && last != b'.') {
            last = b;
            continue;
        }
        // The label ends here: it must not be empty, end with a hyphen, or be too long.
        if last == b'.' || last == b'-' || pos - label_start > MAX_LABEL_LEN {
            return None;
        }
        match b {
            b'.' => label_start = pos + 1,
            b'>' => break pos,
            _ => return None,
        }
        last = b;
    };
    // `<` local `@` domain `>`.
    if end - start > MAX_DOMAIN_LEN || end + 2 > MAX_PATH_LEN {
        return None;
    }
    // One conversion for both parts (all ASCII, so it cannot fail).
    let text = std::str::from_utf8(input.get(..end)?).ok()?;
    let (local, domain) = (text.get(..at)?, text.get(start..)?);
    let mailbox = Mailbox::from_plain(
        LocalPart::from_plain(local),
        Host::Domain(Domain::from_plain(domain)),
    );
    Some((mailbox, end + 1))
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
