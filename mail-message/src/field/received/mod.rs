//! `Received` trace fields: RFC 5321 §4.4 `Time-stamp-line` (with RFC 5322 §3.6.7's loose
//! `received` syntax as the fallback).
//!
//! ```text
//! Stamp           = From-domain By-domain Opt-info [CFWS] ";" FWS date-time
//! From-domain     = "FROM" FWS Extended-Domain
//! By-domain       = CFWS "BY" FWS Extended-Domain
//! Extended-Domain = Domain / ( Domain FWS "(" TCP-info ")" )
//!                   / ( address-literal FWS "(" TCP-info ")" )
//! TCP-info        = address-literal / ( Domain FWS address-literal )
//! Opt-info        = [Via] [With] [ID] [For] [Additional-Registered-Clauses]
//! Via             = CFWS "VIA" FWS Link
//! With            = CFWS "WITH" FWS Protocol
//! ID              = CFWS "ID" FWS ( Atom / msg-id )
//! For             = CFWS "FOR" FWS ( Path / Mailbox )
//! Additional-Registered-Clauses = CFWS Atom FWS String     ; e.g. RFC 8314 "tls"
//! received        = "Received:" *received-token ";" date-time CRLF   ; RFC 5322 §3.6.7
//! ```

mod ip;
mod one_pass;
mod path;
mod swar;

use std::borrow::Cow;
use std::net::IpAddr;

use ip::{find_ip, ip_literal};
use path::{plain_path, plain_path_span};

use super::address::{Mailbox, mailbox_at};
use super::date::DateTime;
use crate::defect::{Defect, DefectKind, push};
use crate::lex::{Cursor, is_atext, is_fws};

/// One `Received` field (RFC 5321 §4.4 `Stamp`): where a message came from, who received it,
/// how, and when.
///
/// Every clause is optional because real trace fields leave any of them out (a local
/// submission has no `from`, `qmail` writes only a comment and a date). Clause keywords are
/// case-insensitive and may come in any order; comments between clauses (Postfix's
/// `(using TLSv1.3 with cipher ...)`, `(envelope-from <a@b>)`) are skipped, except the one
/// right after a `from` or `by` domain, which is kept as its
/// [`tcp_info`](ExtendedDomain::tcp_info).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Received<'a> {
    /// The `from` clause: the name the client gave in `EHLO` and what the server saw.
    pub from: Option<ExtendedDomain<'a>>,
    /// The `by` clause: the receiving host.
    pub by: Option<ExtendedDomain<'a>>,
    /// The `via` clause: the link (`TCP`, or a name such as Exchange's `Frontend Transport`).
    pub via: Option<Cow<'a, str>>,
    /// The `with` clause: the protocol, as written: `SMTP`, `ESMTP`, `ESMTPS`, `ESMTPSA`,
    /// `LMTP`, `HTTP`... (RFC 5321 §4.4, RFC 3848). Words up to the next clause are kept
    /// together with single spaces (Exchange writes `with Microsoft SMTP Server`).
    pub with: Option<Cow<'a, str>>,
    /// The `id` clause: the receiver's queue identifier (an atom), or a `msg-id` without its
    /// angle brackets.
    pub id: Option<Cow<'a, str>>,
    /// The `for` clause: the recipient this copy was received for. Its `name` is always
    /// `None`. Only the first path is kept when several are listed (RFC 5321 §7.2
    /// deprecates that).
    pub for_address: Option<Mailbox<'a>>,
    /// Other clauses (`Atom FWS String`), e.g. RFC 8314's `tls TLS_AES_128_GCM_SHA256`, in
    /// order.
    pub additional_clauses: Vec<ReceivedClause<'a>>,
    /// The date-time after the last `;` (RFC 5321 §4.4 says it is required); `None` when it is
    /// missing or does not parse.
    pub date: Option<DateTime>,
}

/// RFC 5321 §4.4 `Extended-Domain`: a host name with what the receiver learned about it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ExtendedDomain<'a> {
    /// The domain or address literal as written (`mail.example.org`, `[192.0.2.1]`,
    /// `[IPv6:2001:db8::1]`; for a `from` clause, the client's `EHLO` argument).
    pub domain: Cow<'a, str>,
    /// The text of the comment right after the domain, raw (without its parentheses): for a
    /// `from` clause the `TCP-info` (`host.example [192.0.2.1]`); many servers put other
    /// notes here, e.g. Postfix's `(Postfix)` after its `by` domain.
    pub tcp_info: Option<Cow<'a, str>>,
    /// The IP address from the `TCP-info` (the first one found in the comments after the
    /// domain, in brackets or not, with or without `IPv6:`), or else from the domain itself
    /// when it is an address literal or a bare address.
    pub ip: Option<IpAddr>,
}

/// An additional clause of a `Received` field (RFC 5321 §4.4 `Additional-Registered-Clauses`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ReceivedClause<'a> {
    /// The clause's keyword as written (`tls`).
    pub name: Cow<'a, str>,
    /// Its value (`TLS_AES_128_GCM_SHA256`).
    pub value: Cow<'a, str>,
}

/// Whether `word` is a clause keyword (a multi-word `with` / `via` value stops at one).
fn is_keyword(word: &[u8]) -> bool {
    clause_keyword(word).is_some()
}

/// The clause keywords of RFC 5321 §4.4 (and the additional clauses that are keywords too:
/// RFC 8314's `tls`, and `group`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keyword {
    From,
    By,
    Via,
    With,
    Id,
    For,
    Tls,
    Group,
}

/// The clause keyword `word` spells (in any case), or `None` for another word (no allocation).
///
/// The word is folded into one number with the ASCII case bit set in every octet and compared
/// with the keywords folded the same way: for a lower-case letter `l`, `b | 0x20 == l` holds
/// exactly for `l` and its capital, so the comparison is `eq_ignore_ascii_case`; lengths
/// cannot collide, as no folded octet is zero.
fn clause_keyword(word: &[u8]) -> Option<Keyword> {
    const fn key(word: &[u8]) -> u64 {
        let mut k = 0u64;
        let mut i = 0;
        while i < word.len() {
            // `word.len() <= 5` wherever this is called.
            #[allow(clippy::indexing_slicing, reason = "`i < word.len()`")]
            let b = word[i];
            k = k << 8 | (b | 0x20) as u64;
            i += 1;
        }
        k
    }
    const BY: u64 = key(b"by");
    const ID: u64 = key(b"id");
    const VIA: u64 = key(b"via");
    const FOR: u64 = key(b"for");
    const TLS: u64 = key(b"tls");
    const FROM: u64 = key(b"from");
    const WITH: u64 = key(b"with");
    const GROUP: u64 = key(b"group");
    if !(2..=5).contains(&word.len()) {
        return None;
    }
    Some(
        match word.iter().fold(0u64, |k, &b| k << 8 | u64::from(b | 0x20)) {
            BY => Keyword::By,
            ID => Keyword::Id,
            VIA => Keyword::Via,
            FOR => Keyword::For,
            TLS => Keyword::Tls,
            FROM => Keyword::From,
            WITH => Keyword::With,
            GROUP => Keyword::Group,
            _ => return None,
        },
    )
}

/// Bytes as text, borrowed when valid UTF-8 (`from_utf8` has an ASCII fast path).
fn text(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

impl<'a> Received<'a> {
    /// Parses the raw value of a `Received` field. Never fails: clauses are read as RFC 5321
    /// §4.4 describes them, and what does not fit (a keyword without a value, a repeated
    /// clause, a stray character) is skipped and reported once as
    /// [`DefectKind::InvalidReceived`]. The date after the last `;` (outside comments and
    /// quoted strings) is read with [`DateTime::parse`] in any case; a missing `;` is reported
    /// as [`DefectKind::InvalidReceived`] at the end of the value. Encoded words are not
    /// decoded (RFC 2047 §5 forbids them here). Defect offsets are relative to `raw`.
    ///
    /// ```
    /// use mail_message::field::received::Received;
    ///
    /// let mut defects = Vec::new();
    /// let r = Received::parse(
    ///     b" from a.example (a.example [192.0.2.1])\r\n\tby b.example (Postfix) with ESMTPS \
    ///       id 4XyZ1; Mon, 3 Jun 2024 14:05:09 +0200 (CEST)",
    ///     &mut defects,
    /// );
    /// let from = r.from.unwrap();
    /// assert_eq!(from.domain, "a.example");
    /// assert_eq!(from.ip, Some("192.0.2.1".parse().unwrap()));
    /// assert_eq!(r.by.unwrap().domain, "b.example");
    /// assert_eq!((r.with.as_deref(), r.id.as_deref()), (Some("ESMTPS"), Some("4XyZ1")));
    /// assert_eq!(r.date.unwrap().to_rfc3339(), "2024-06-03T14:05:09+02:00");
    /// assert!(defects.is_empty());
    /// ```
    pub fn parse(raw: &'a [u8], defects: &mut Vec<Defect>) -> Self {
        // The common shape in one pass, cut at the last `;` (the one-pass reader only
        // answers when that `;` is outside every comment and quoted string); anything else,
        // or anything to report, by the general reader.
        // Filled in place: the value (several hundred octets) is not moved on its way out.
        let mut received = Received::empty();
        if let Some(i) = memchr::memrchr(b';', raw)
            && let Some(clauses) = raw.get(..i)
            && one_pass::read_into(clauses, &mut received).is_some()
        {
            received.date = date_after(raw, i, defects);
            return received;
        }
        let semicolon = last_semicolon(raw);
        let clauses = raw
            .get(..semicolon.unwrap_or(raw.len()))
            .unwrap_or_default();
        received = general_clauses(clauses, defects);
        match semicolon {
            Some(i) => received.date = date_after(raw, i, defects),
            None => push(defects, DefectKind::InvalidReceived, raw.len()),
        }
        received
    }

    /// No clause and no date.
    fn empty() -> Self {
        Received {
            from: None,
            by: None,
            via: None,
            with: None,
            id: None,
            for_address: None,
            additional_clauses: Vec::new(),
            date: None,
        }
    }

    /// The field with every borrowed string copied.
    pub fn into_owned(self) -> Received<'static> {
        let owned = |s: Option<Cow<'_, str>>| s.map(|s| Cow::Owned(s.into_owned()));
        Received {
            from: self.from.map(ExtendedDomain::into_owned),
            by: self.by.map(ExtendedDomain::into_owned),
            via: owned(self.via),
            with: owned(self.with),
            id: owned(self.id),
            for_address: self.for_address.map(Mailbox::into_owned),
            additional_clauses: self
                .additional_clauses
                .into_iter()
                .map(ReceivedClause::into_owned)
                .collect(),
            date: self.date,
        }
    }
}

impl ExtendedDomain<'_> {
    /// The domain with every borrowed string copied.
    pub fn into_owned(self) -> ExtendedDomain<'static> {
        ExtendedDomain {
            domain: Cow::Owned(self.domain.into_owned()),
            tcp_info: self.tcp_info.map(|t| Cow::Owned(t.into_owned())),
            ip: self.ip,
        }
    }
}

impl ReceivedClause<'_> {
    /// The clause with every borrowed string copied.
    pub fn into_owned(self) -> ReceivedClause<'static> {
        ReceivedClause {
            name: Cow::Owned(self.name.into_owned()),
            value: Cow::Owned(self.value.into_owned()),
        }
    }
}

/// The `date-time` after the `;` at `semicolon` (RFC 5321 §4.4 `Stamp`), its defects' offsets
/// made relative to `raw`.
fn date_after(raw: &[u8], semicolon: usize, defects: &mut Vec<Defect>) -> Option<DateTime> {
    let date = raw.get(semicolon + 1..).unwrap_or_default();
    let first = defects.len();
    let parsed = DateTime::parse(date, defects);
    for d in defects.iter_mut().skip(first) {
        d.offset += semicolon + 1;
    }
    parsed
}

/// Offset of the last `;` outside comments and quoted strings. Hops between the bytes that
/// matter with `memchr`.
fn last_semicolon(raw: &[u8]) -> Option<usize> {
    let mut last = None;
    let mut i = 0;
    loop {
        let rest = raw.get(i..)?;
        let Some(j) = memchr::memchr3(b';', b'(', b'"', rest) else {
            return last;
        };
        i += j;
        match raw.get(i) {
            Some(b';') => {
                last = Some(i);
                i += 1;
            }
            Some(b'(') => i = skip_nested(raw, i + 1),
            _ => i = skip_quoted(raw, i + 1),
        }
        if i >= raw.len() {
            return last;
        }
    }
}

/// Index just past the `)` that closes a comment whose content starts at `i`.
fn skip_nested(raw: &[u8], mut i: usize) -> usize {
    let mut depth = 1usize;
    while let Some(j) = raw
        .get(i..)
        .and_then(|r| memchr::memchr3(b'(', b')', b'\\', r))
    {
        i += j;
        match raw.get(i) {
            Some(b'(') => depth += 1,
            Some(b')') => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => i += 1,
        }
        i += 1;
    }
    raw.len()
}

/// Index just past the `"` that closes a quoted string whose content starts at `i`.
fn skip_quoted(raw: &[u8], mut i: usize) -> usize {
    while let Some(j) = raw.get(i..).and_then(|r| memchr::memchr2(b'"', b'\\', r)) {
        i += j;
        if raw.get(i) == Some(&b'"') {
            return i + 1;
        }
        i += 2;
    }
    raw.len()
}

/// Skips CFWS, handing the content of each comment to `on_comment`; an unterminated comment
/// is reported and runs to the end.
fn skip_cfws<'a>(
    c: &mut Cursor<'a>,
    defects: &mut Vec<Defect>,
    mut on_comment: impl FnMut(&'a [u8]),
) {
    loop {
        c.skip_fws();
        if c.peek() != Some(b'(') {
            return;
        }
        let open = c.pos();
        match c.comment() {
            Ok(content) => on_comment(content),
            Err(_) => {
                push(defects, DefectKind::UnterminatedComment, open);
                on_comment(c.since(open + 1));
            }
        }
    }
}

/// A value word: everything up to white space, a comment or the end.
fn item<'a>(c: &mut Cursor<'a>) -> Option<&'a [u8]> {
    let word = c.take_while(|b| !is_fws(b) && b != b'(');
    (!word.is_empty()).then_some(word)
}

/// The clauses read by the general reader, what does not fit reported once.
fn general_clauses<'a>(clauses: &'a [u8], defects: &mut Vec<Defect>) -> Received<'a> {
    let mut received = Received::empty();
    let mut invalid = None;
    read_clauses(clauses, &mut received, defects, &mut invalid);
    if let Some(offset) = invalid {
        push(defects, DefectKind::InvalidReceived, offset);
    }
    received
}

fn read_clauses<'a>(
    clauses: &'a [u8],
    r: &mut Received<'a>,
    defects: &mut Vec<Defect>,
    invalid: &mut Option<usize>,
) {
    let mut c = Cursor::new(clauses);
    loop {
        skip_cfws(&mut c, defects, |_| {});
        let start = c.pos();
        if c.is_empty() {
            break;
        }
        let Some(keyword) = c.atom_text() else {
            // Not a clause: skip the word (or the odd byte).
            invalid.get_or_insert(start);
            if item(&mut c).is_none() {
                c.bump();
            }
            continue;
        };
        let fail = |invalid: &mut Option<usize>| {
            invalid.get_or_insert(start);
        };
        skip_cfws(&mut c, defects, |_| {});
        match clause_keyword(keyword) {
            Some(k @ (Keyword::From | Keyword::By)) => {
                let slot = if k == Keyword::From {
                    &mut r.from
                } else {
                    &mut r.by
                };
                match extended_domain(&mut c, defects) {
                    Some(d) if slot.is_none() => *slot = Some(d),
                    _ => fail(invalid),
                }
            }
            Some(k @ (Keyword::Via | Keyword::With)) => {
                let slot = if k == Keyword::Via {
                    &mut r.via
                } else {
                    &mut r.with
                };
                match words(&mut c, defects) {
                    Some(w) if slot.is_none() => *slot = Some(w),
                    _ => fail(invalid),
                }
            }
            Some(Keyword::Id) => match id_value(&mut c) {
                Some(id) if r.id.is_none() => r.id = Some(id),
                _ => fail(invalid),
            },
            Some(Keyword::For) => {
                let (mailbox, end) = match plain_path(clauses, c.pos()) {
                    Some((m, end)) => (Some(m), end),
                    None => mailbox_at(clauses, c.pos(), defects),
                };
                c.set_pos(end.max(c.pos() + 1));
                match mailbox {
                    Some(mut m) if r.for_address.is_none() => {
                        m.name = None;
                        r.for_address = Some(m);
                    }
                    Some(_) => {}
                    None => fail(invalid),
                }
                // Further paths of a deprecated multi-recipient `for`.
                while c.eat(b',') {
                    let (_, end) = mailbox_at(clauses, c.pos(), defects);
                    c.set_pos(end.max(c.pos() + 1));
                }
            }
            _ => match item(&mut c) {
                Some(value) if !is_keyword(value) => {
                    r.additional_clauses.push(ReceivedClause {
                        name: text(keyword),
                        value: text(value),
                    });
                }
                _ => fail(invalid),
            },
        }
    }
}

/// `Extended-Domain`: the domain word and the comments right after it.
fn extended_domain<'a>(
    c: &mut Cursor<'a>,
    defects: &mut Vec<Defect>,
) -> Option<ExtendedDomain<'a>> {
    let domain = item(c)?;
    let mut tcp_info = None;
    let mut ip = None;
    skip_cfws(c, defects, |comment| {
        tcp_info.get_or_insert(comment);
        if ip.is_none() {
            ip = find_ip(comment);
        }
    });
    Some(ExtendedDomain {
        domain: text(domain),
        tcp_info: tcp_info.map(text),
        ip: ip.or_else(|| ip_literal(domain)),
    })
}

/// A multi-word `with` / `via` value: words up to the next clause keyword, joined by single
/// spaces; comments between them are dropped. Borrowed when already written that way.
fn words<'a>(c: &mut Cursor<'a>, defects: &mut Vec<Defect>) -> Option<Cow<'a, str>> {
    let (start, mut end) = (c.pos(), c.pos());
    let mut plain = true;
    loop {
        let gap_start = c.pos();
        skip_cfws(c, defects, |_| {});
        let word_start = c.pos();
        if is_keyword(peek_word(c)) {
            break;
        }
        if item(c).is_none() {
            break;
        }
        if end > start && c.input().get(gap_start..word_start) != Some(b" ") {
            plain = false;
        }
        end = c.pos();
    }
    let span = c.input().get(start..end).unwrap_or_default();
    if span.is_empty() {
        return None;
    }
    if plain {
        return Some(text(span));
    }
    // Rare: folds, runs of white space or comments between the words.
    let mut joined = String::with_capacity(span.len());
    let mut words = Cursor::new(span);
    loop {
        let _ = words.skip_cfws();
        let Some(word) = item(&mut words) else { break };
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(&String::from_utf8_lossy(word));
    }
    Some(Cow::Owned(joined))
}

/// The atom at the cursor, not consumed (empty if none).
fn peek_word<'a>(c: &Cursor<'a>) -> &'a [u8] {
    let rest = c.rest();
    let len = rest
        .iter()
        .position(|&b| !is_atext(b))
        .unwrap_or(rest.len());
    rest.get(..len).unwrap_or_default()
}

/// The value of an `id` clause: an atom, or a `msg-id` whose brackets are dropped.
fn id_value<'a>(c: &mut Cursor<'a>) -> Option<Cow<'a, str>> {
    if c.eat(b'<') {
        let id = c.take_while(|b| b != b'>');
        c.eat(b'>');
        return (!id.is_empty()).then(|| text(id));
    }
    item(c).map(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lower-case name of a clause keyword, or empty for none.
    fn keyword_name(word: &[u8]) -> &'static [u8] {
        match clause_keyword(word) {
            Some(Keyword::From) => b"from",
            Some(Keyword::By) => b"by",
            Some(Keyword::Via) => b"via",
            Some(Keyword::With) => b"with",
            Some(Keyword::Id) => b"id",
            Some(Keyword::For) => b"for",
            Some(Keyword::Tls) => b"tls",
            Some(Keyword::Group) => b"group",
            None => b"",
        }
    }

    /// [`clause_keyword`] by comparing with each keyword (the test oracle).
    fn clause_keyword_by_comparing(word: &[u8]) -> &'static [u8] {
        let keywords: [&'static [u8]; 8] = [
            b"from", b"by", b"via", b"with", b"id", b"for", b"tls", b"group",
        ];
        keywords
            .into_iter()
            .find(|k| k.eq_ignore_ascii_case(word))
            .unwrap_or(b"")
    }

    proptest::proptest! {
        #[test]
        fn clause_keyword_agrees_with_comparing(
            word in proptest::prop_oneof![
                "(?i:from|by|via|with|id|for|tls|group)",
                "[a-zA-Z\\x00-\\x7f\\x80-\\xff]{0,6}",
                "[bByYiIdDfFrRoOmMwWtThHvVaAlLsSgGuUpP^_\\x02-\\x1f\\x40-\\x5f]{2,5}",
            ]
        ) {
            proptest::prop_assert_eq!(
                keyword_name(word.as_bytes()),
                clause_keyword_by_comparing(word.as_bytes())
            );
        }
    }

    /// Exactly the clause keywords are recognised, in any case.
    #[test]
    fn clause_keywords() {
        for k in ["from", "by", "via", "with", "id", "for", "tls", "group"] {
            assert_eq!(keyword_name(k.as_bytes()), k.as_bytes());
            assert_eq!(keyword_name(k.to_uppercase().as_bytes()), k.as_bytes());
        }
        for w in [
            "", "f", "fro", "froms", "bx", "ix", "vie", "fur", "tl", "witH2", "groups", "x",
        ] {
            assert_eq!(keyword_name(w.as_bytes()), b"", "{w}");
        }
    }
}
