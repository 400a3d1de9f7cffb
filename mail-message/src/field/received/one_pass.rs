//! The one-pass reader of the clauses of a `Received` field (RFC 5321 §4.4 `Stamp` before its
//! `;`) in the shape nearly every server writes:
//!
//! ```text
//! from a.example (a.example [192.0.2.1]) by b.example (Postfix) with ESMTPS id 4XyZ1
//!     for <user@example.org>
//! ```
//!
//! The value is checked as UTF-8 once and every clause word is borrowed from it by offsets;
//! words are found with a byte-class table (value words eight octets per step first, see
//! `swar`), comments by one pass that also finds the `TCP-info` address (`ip::plain_comment`).
//! It reads only what the general reader (`read_clauses`) reads without a defect, and stands
//! aside (`None`) on anything else: a nested or escaped comment, a multi-word `with`/`via`, a
//! repeated clause, a `for` path other than `<dot-atom@dot-atom>`, a stray character, invalid
//! UTF-8. The general reader then reads the value, so both always give the same fields.

use std::borrow::Cow;

use super::ip::{ip_literal, plain_comment};
use super::swar;
use super::{
    ExtendedDomain, Keyword, Mailbox, Received, ReceivedClause, clause_keyword, is_keyword,
    plain_path_span,
};
use crate::lex::{is_atext, is_fws};

/// Byte classes, one bit each, looked up in [`CLASS`].
const FWS: u8 = 1;
/// `atext` (keywords).
const ATEXT: u8 = 2;
/// Neither white space, `(` nor `"` (value words; a quote ends a word and then turns the
/// reader away, as it is neither a keyword nor white space).
const ITEM: u8 = 4;

/// The classes of every byte: one table look-up per byte in the scanning loops.
#[allow(
    clippy::indexing_slicing,
    reason = "built at compile time with `b < 256`; no input reaches it"
)]
static CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        let mut class = 0;
        if is_fws(byte) {
            class |= FWS;
        } else if byte != b'(' && byte != b'"' {
            class |= ITEM;
        }
        if is_atext(byte) {
            class |= ATEXT;
        }
        table[b] = class;
        b += 1;
    }
    table
};

fn class(b: u8) -> u8 {
    CLASS.get(usize::from(b)).copied().unwrap_or(0)
}

/// A position in the clauses, with their text checked as UTF-8 once. Words are kept as
/// offsets; only the ones stored become `str`, cut where the scans stopped (always at an
/// ASCII byte or the end, so on a character boundary).
struct Reader<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
}

impl<'a> Reader<'a> {
    fn at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// The end of the run of bytes from `from` in the classes `classes`.
    fn run_end(&self, from: usize, classes: u8) -> usize {
        // Value words (host names, queue ids) are the long runs: eight octets per step to the
        // first octet that may end one, then octet by octet.
        let mut i = if classes == ITEM {
            swar::skip(self.bytes, from, swar::item_end)
        } else {
            from
        };
        while let Some(&b) = self.bytes.get(i) {
            if class(b) & classes == 0 {
                break;
            }
            i += 1;
        }
        i
    }

    /// The run of bytes from the position in the classes `classes`, consumed, as offsets.
    fn run(&mut self, classes: u8) -> (usize, usize) {
        let start = self.pos;
        self.pos = self.run_end(start, classes);
        (start, self.pos)
    }

    fn str(&self, (start, end): (usize, usize)) -> Option<&'a str> {
        self.text.get(start..end)
    }

    /// Skips white space and plain comments (no nested comment, no quoted pair). `None` at
    /// any other comment.
    fn skip_cfws(&mut self) -> Option<()> {
        loop {
            self.run(FWS);
            if self.peek() != Some(b'(') {
                return Some(());
            }
            let (close, _) = plain_comment(self.bytes, self.pos + 1, false)?;
            self.pos = close + 1;
        }
    }

    /// A value word: everything up to white space, a comment or the end; `None` if empty.
    fn item(&mut self) -> Option<(usize, usize)> {
        let word = self.run(ITEM);
        (word.1 > word.0).then_some(word)
    }

    /// `true` when the atom at the position (not consumed) is a clause keyword.
    fn at_keyword(&self) -> bool {
        let end = self.run_end(self.pos, ATEXT);
        is_keyword(self.bytes.get(self.pos..end).unwrap_or_default())
    }

    /// `Extended-Domain` after `from` or `by`: the domain word and the plain comments after
    /// it, the first kept as `TCP-info`, each read for an IP address until one is found.
    fn extended_domain(&mut self) -> Option<ExtendedDomain<'a>> {
        let domain = self.item()?;
        let (mut tcp_info, mut ip) = (None, None);
        loop {
            self.run(FWS);
            if self.peek() != Some(b'(') {
                break;
            }
            let start = self.pos + 1;
            let (close, found) = plain_comment(self.bytes, start, ip.is_none())?;
            tcp_info.get_or_insert((start, close));
            ip = ip.or(found);
            self.pos = close + 1;
        }
        let domain = self.str(domain)?;
        Some(ExtendedDomain {
            domain: Cow::Borrowed(domain),
            tcp_info: match tcp_info {
                Some(span) => Some(Cow::Borrowed(self.str(span)?)),
                None => None,
            },
            ip: ip.or_else(|| ip_literal(domain.as_bytes())),
        })
    }
}

/// Reads `clauses` (the value before its last `;`) in one pass into `received` (which starts
/// empty); `None` when they are not in the plain shape described in the module
/// documentation, with `received` then partly filled, to be thrown away. The date is left
/// `None`.
///
/// It also answers only when `clauses` hold no `"` outside comments and every `(` in them
/// opens a plain comment closed within them: the `;` that ends them is then outside every comment and
/// quoted string, so the caller may cut the value at its last `;` without the general scan.
pub(super) fn read_into<'a>(clauses: &'a [u8], received: &mut Received<'a>) -> Option<()> {
    let mut r = Reader {
        bytes: clauses,
        text: simdutf8::basic::from_utf8(clauses).ok()?,
        pos: 0,
    };
    loop {
        r.skip_cfws()?;
        if r.at_end() {
            return Some(());
        }
        let keyword = r.run(ATEXT);
        if keyword.1 == keyword.0 {
            return None;
        }
        r.skip_cfws()?;
        match clause_keyword(clauses.get(keyword.0..keyword.1)?) {
            Some(Keyword::From) => {
                if received.from.is_some() {
                    return None;
                }
                received.from = Some(r.extended_domain()?);
            }
            Some(Keyword::By) => {
                if received.by.is_some() {
                    return None;
                }
                received.by = Some(r.extended_domain()?);
            }
            Some(k @ (Keyword::Via | Keyword::With)) => {
                let slot = if k == Keyword::Via {
                    &mut received.via
                } else {
                    &mut received.with
                };
                if slot.is_some() || r.at_keyword() {
                    return None;
                }
                let word = r.item()?;
                r.skip_cfws()?;
                // One word only: a clause keyword or the end must follow.
                if !r.at_end() && !r.at_keyword() {
                    return None;
                }
                *slot = Some(Cow::Borrowed(r.str(word)?));
            }
            Some(Keyword::Id) => {
                if received.id.is_some() {
                    return None;
                }
                let id = if r.peek() == Some(b'<') {
                    let start = r.pos + 1;
                    let close = memchr::memchr(b'>', r.bytes.get(start..)?)?;
                    r.pos = start + close + 1;
                    r.text
                        .get(start..start + close)
                        .filter(|id| !id.is_empty() && !id.contains(['(', '"']))?
                } else {
                    let word = r.item()?;
                    r.str(word)?
                };
                received.id = Some(Cow::Borrowed(id));
            }
            Some(Keyword::For) => {
                if received.for_address.is_some() {
                    return None;
                }
                let (at, end) = plain_path_span(clauses, r.pos)?;
                received.for_address = Some(Mailbox {
                    name: None,
                    local_part: Cow::Borrowed(r.text.get(r.pos + 1..at)?),
                    domain: Cow::Borrowed(r.text.get(at + 1..end - 1)?),
                });
                r.pos = end;
            }
            _ => {
                let value = r.item()?;
                if is_keyword(clauses.get(value.0..value.1)?) {
                    return None;
                }
                received.additional_clauses.push(ReceivedClause {
                    name: Cow::Borrowed(r.str(keyword)?),
                    value: Cow::Borrowed(r.str(value)?),
                });
            }
        }
    }
}

/// [`read_into`] a fresh value (the tests' form).
#[cfg(test)]
fn read(clauses: &[u8]) -> Option<Received<'_>> {
    let mut received = Received::empty();
    read_into(clauses, &mut received)?;
    Some(received)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::defect::{Defect, DefectKind};
    use crate::field::date::DateTime;
    use proptest::strategy::Strategy;

    /// The general reader's fields and defects for `clauses`.
    fn general(clauses: &[u8]) -> (Received<'_>, Vec<Defect>) {
        let mut defects = Vec::new();
        let received = super::super::general_clauses(clauses, &mut defects);
        (received, defects)
    }

    /// The whole value read the general way: cut at `last_semicolon`, general clauses, date.
    fn general_parse(raw: &[u8]) -> (Received<'_>, Vec<Defect>) {
        let mut defects = Vec::new();
        let semicolon = super::super::last_semicolon(raw);
        let clauses = raw.get(..semicolon.unwrap_or(raw.len())).unwrap();
        let mut received = super::super::general_clauses(clauses, &mut defects);
        match semicolon {
            Some(i) => {
                let first = defects.len();
                received.date = DateTime::parse(&raw[i + 1..], &mut defects);
                for d in defects.iter_mut().skip(first) {
                    d.offset += i + 1;
                }
            }
            None => defects.push(Defect {
                kind: DefectKind::InvalidReceived,
                offset: raw.len(),
            }),
        }
        (received, defects)
    }

    /// `Received::parse` gives what the general way gives, fields and defects.
    fn parse_agrees(raw: &[u8]) {
        let mut defects = Vec::new();
        let fast = Received::parse(raw, &mut defects);
        let slow = general_parse(raw);
        assert_eq!((fast, defects), slow, "{:?}", String::from_utf8_lossy(raw));
    }

    /// Where the one-pass reader answers, it gives the general reader's fields, and the
    /// general reader found nothing to report. `true` if it answered.
    fn agree(clauses: &[u8]) -> bool {
        let Some(fast) = read(clauses) else {
            return false;
        };
        let (slow, defects) = general(clauses);
        assert_eq!(fast, slow, "{:?}", String::from_utf8_lossy(clauses));
        assert!(defects.is_empty(), "{:?}", String::from_utf8_lossy(clauses));
        true
    }

    #[test]
    fn plain_shapes_agree_with_the_general_reader() {
        let taken: [&[u8]; 9] = [
            b" from relay1.example.net (relay1.example.net [192.0.2.1])\r\n\tby mx1.example.org \
              (Postfix) with ESMTPS id 4F1A2B\r\n\tfor <user@example.org>",
            b" from a.example ([IPv6:2001:db8::1]) by b.example with LMTP id <x@y>",
            b" by mx.example.org (Postfix, from userid 0) id 42",
            b" from [192.0.2.7] (helo) (unknown [192.0.2.8]) by b with SMTP",
            b" from a by b with ESMTP (TLS) id 1 tls TLS_AES_128_GCM_SHA256",
            b" FROM a BY b WITH esmtp FOR <a.b@c.d> ",
            b" from J\xc3\xb6rg.example by b",
            b" from a (say \"hi) by b",
            b"",
        ];
        for clauses in taken {
            assert!(agree(clauses), "{:?}", String::from_utf8_lossy(clauses));
        }
        let left: [&[u8]; 12] = [
            b" from a (b (nested)) by c",
            b" from a (b \\) c) by c",
            b" from a by b with Microsoft SMTP Server",
            b" from a from b",
            b" from a by b for <\"q u\"@c>",
            b" from a by b for a@b",
            b" from a by b id <unclosed",
            b" from a by b ; x",
            b" from a (unterminated",
            b" from \xff by b",
            b" from a by b id \"x",
            b" from a by b id <a(b>",
        ];
        for clauses in left {
            assert!(!agree(clauses), "{:?}", String::from_utf8_lossy(clauses));
        }
        for raw in [
            &b" from a (x; y) by b; Tue, 1 Jul 2003 10:52:37 +0200"[..],
            b" from a (x by b; Tue, 1 Jul 2003 10:52:37 +0200",
            b" from a by b id \"x;\" ; 1 Jul 2003 10:52 +0200",
            b" from a by b id <x(;> ; 1 Jul 2003 10:52 +0200",
            b" from a by b; 1 Jul 2003 10:52 +0200 (a;b)",
            b" from a by b",
        ] {
            parse_agrees(raw);
        }
        for clauses in taken {
            parse_agrees(clauses);
        }
        let fields = read(taken[0]).unwrap();
        let from = fields.from.unwrap();
        assert_eq!(from.domain, "relay1.example.net");
        assert_eq!(
            from.tcp_info.as_deref(),
            Some("relay1.example.net [192.0.2.1]")
        );
        assert_eq!(from.ip, Some([192, 0, 2, 1].into()));
        assert_eq!(fields.with.as_deref(), Some("ESMTPS"));
        assert_eq!(fields.id.as_deref(), Some("4F1A2B"));
        let to = fields.for_address.unwrap();
        assert_eq!((&*to.local_part, &*to.domain), ("user", "example.org"));
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_the_general_reader_on_any_clauses(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::sample::select(vec![
                        "from", "by", "via", "with", "id", "for", "tls", "group", "FROM",
                        " ", "  ", "\r\n\t", "\t", "(", ")", "\\", "<", ">", "@", ",", ";",
                        "\"", "[", "]", ".", "a.example", "192.0.2.1", "[192.0.2.1]",
                        "(x [192.0.2.1])", "(Postfix)", "<u@d.example>", "<a..b@c>",
                        "ESMTPS", "Microsoft", "x", "\u{e9}",
                    ]).prop_map(String::from),
                    "[ -~]{0,6}",
                ],
                0..14,
            )
        ) {
            let clauses = parts.concat();
            agree(clauses.as_bytes());
            for date in ["; Tue, 1 Jul 2003 10:52:37 +0200", ";", "; x (;", "(;) ; 1 Jul 2003 10:52 -0000"] {
                parse_agrees(format!("{clauses}{date}").as_bytes());
            }
            parse_agrees(clauses.as_bytes());
        }
    }
}
