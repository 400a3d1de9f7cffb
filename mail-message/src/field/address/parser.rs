//! The address parser: one pass over the raw (folded) value with the [`Cursor`], rule by rule
//! after RFC 5322 §3.4 and §4.4.
//!
//! ```text
//! address-list   = (address *("," address)) / obs-addr-list
//! address        = mailbox / group
//! mailbox        = name-addr / addr-spec
//! name-addr      = [display-name] angle-addr
//! angle-addr     = [CFWS] "<" addr-spec ">" [CFWS] / obs-angle-addr
//! group          = display-name ":" [group-list] ";" [CFWS]
//! addr-spec      = local-part "@" domain
//! obs-angle-addr = [CFWS] "<" obs-route addr-spec ">" [CFWS]
//! obs-local-part = word *("." word)
//! obs-domain     = atom *("." atom)
//! ```
//!
//! A display name and a local part start the same way (words, dots, CFWS), so the parser reads
//! that run once ([`Words`]), then decides by the next character: `<` makes it a display name,
//! `:` a group name, `@` a local part. Only spans are recorded while reading; the text is made
//! from a span afterwards (see [`super::tokens`] and [`super::text`]), borrowed when the raw
//! bytes already are it.

use std::borrow::Cow;

use super::text::{finish_name, render_phrase};
use super::tokens::Words;
use super::{Address, Group, Mailbox};
use crate::defect::{Defect, DefectKind, push};
use crate::lex::{Cursor, plain_angle_span};

/// Where an address is read: what ends it and whether a group may start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ctx {
    /// An entry of an `address-list`: ends at `,`; may be a group.
    List,
    /// A member of a group: ends at `,` or `;`; may not be a group.
    Group,
    /// A lone mailbox (`Sender`, a `Received` for clause): ends at `,`; may not be a group.
    Single,
}

impl Ctx {
    fn ends_entry(self, b: u8) -> bool {
        b == b',' || (self == Ctx::Group && b == b';')
    }
}

/// The parser state: the cursor, the defect sink and the last comment seen after a token.
pub(super) struct Parser<'a, 'd> {
    pub(super) c: Cursor<'a>,
    pub(super) defects: &'d mut Vec<Defect>,
    /// Content span of the last comment in the CFWS after the most recent token: the name of a
    /// mailbox written `addr-spec (Name)`.
    pub(super) trailing_comment: Option<(usize, usize)>,
}

impl<'a, 'd> Parser<'a, 'd> {
    pub(super) fn new(input: &'a [u8], defects: &'d mut Vec<Defect>) -> Self {
        Parser {
            c: Cursor::new(input),
            defects,
            trailing_comment: None,
        }
    }

    pub(super) fn set_pos(&mut self, pos: usize) {
        self.c.set_pos(pos);
    }

    pub(super) fn pos(&self) -> usize {
        self.c.pos()
    }

    pub(super) fn defect(&mut self, kind: DefectKind, offset: usize) {
        push(self.defects, kind, offset);
    }

    pub(super) fn span(&self, start: usize, end: usize) -> &'a [u8] {
        self.c.input().get(start..end).unwrap_or_default()
    }

    /// `address-list` (RFC 5322 §3.4, with the null members of `obs-addr-list`).
    pub(super) fn address_list(&mut self) -> Vec<Address<'a>> {
        let mut out = Vec::new();
        loop {
            self.cfws();
            match self.c.peek() {
                None => break,
                Some(b',') => {
                    self.c.bump();
                    continue;
                }
                Some(_) => {}
            }
            let start = self.c.pos();
            if let Some(address) = self.address(Ctx::List) {
                out.push(address);
            }
            self.end_of_entry(Ctx::List, start);
        }
        out
    }

    /// A lone `mailbox` filling the whole value (`Sender`); see [`super::Mailbox::parse`].
    pub(super) fn single_mailbox(&mut self) -> Option<Mailbox<'a>> {
        self.cfws();
        while self.c.eat(b',') {
            self.cfws();
        }
        if self.c.is_empty() {
            self.defect(DefectKind::InvalidAddress, self.c.pos());
            return None;
        }
        let Some(Address::Mailbox(mailbox)) = self.address(Ctx::Single) else {
            return None;
        };
        self.cfws();
        if !self.c.is_empty() {
            self.defect(DefectKind::InvalidAddress, self.c.pos());
        }
        Some(mailbox)
    }

    /// After an entry: CFWS, then the entry must end; anything else is skipped and reported.
    fn end_of_entry(&mut self, ctx: Ctx, start: usize) {
        self.cfws();
        match self.c.peek() {
            Some(b) if !ctx.ends_entry(b) => {
                self.defect(DefectKind::InvalidAddress, self.c.pos());
                self.recover(ctx);
            }
            _ => {}
        }
        // Every entry consumes at least one byte (a guard against looping on odd input).
        if self.c.pos() == start {
            self.c.bump();
        }
    }

    /// `address` (or `mailbox` when `ctx` is not [`Ctx::List`]), at a non-empty entry.
    pub(super) fn address(&mut self, ctx: Ctx) -> Option<Address<'a>> {
        let start = self.c.pos();
        self.trailing_comment = None;
        if self.c.peek() == Some(b'<') {
            return self.angle_addr(None, start, ctx).map(Address::Mailbox);
        }
        let Ok(words) = self.words() else {
            // An unterminated quoted string ran to the end: nothing is left to read.
            self.defect(DefectKind::InvalidAddress, start);
            return None;
        };
        match self.c.peek() {
            Some(b'<') => {
                let name = self.display_name(&words);
                self.angle_addr(name, start, ctx).map(Address::Mailbox)
            }
            Some(b':') if ctx == Ctx::List => Some(Address::Group(self.group(&words, start))),
            Some(b'@') if !words.is_empty() => self.addr_spec(&words, start, ctx),
            None if !words.is_empty() => Some(Address::Mailbox(self.without_domain(&words))),
            Some(b) if ctx.ends_entry(b) && !words.is_empty() => {
                Some(Address::Mailbox(self.without_domain(&words)))
            }
            _ => self.rescue(start, ctx).map(Address::Mailbox),
        }
    }

    /// A mailbox that is a local part alone (`To: undisclosed`): kept with an empty domain.
    fn without_domain(&mut self, words: &Words) -> Mailbox<'a> {
        self.defect(DefectKind::MissingAddressDomain, words.end);
        let name = self.comment_name();
        let local_part = self.local_part(words);
        Mailbox {
            name,
            local_part,
            domain: Cow::Borrowed(""),
        }
    }

    /// `addr-spec` outside angle brackets, at the `@` after its local part. A comment after it
    /// becomes the display name (the legacy form RFC 5322 §3.4 describes).
    fn addr_spec(&mut self, words: &Words, start: usize, ctx: Ctx) -> Option<Address<'a>> {
        let first_defect = self.defects.len();
        let local_part = self.local_part(words);
        self.c.bump();
        let domain = self.domain();
        if self.c.peek() == Some(b'<') {
            // `john@example.com <john@example.com>`: what looked like an addr-spec was a
            // display name with an unquoted `@`.
            self.defects.truncate(first_defect);
            return self.rescue(start, ctx).map(Address::Mailbox);
        }
        let name = self.comment_name();
        Some(Address::Mailbox(Mailbox {
            name,
            local_part,
            domain,
        }))
    }

    /// An entry that is neither `name-addr`, `addr-spec` nor `group`. If an angle address
    /// follows before the end of the entry, everything before it is taken as a display name
    /// (reported); otherwise the entry is skipped and reported.
    fn rescue(&mut self, start: usize, ctx: Ctx) -> Option<Mailbox<'a>> {
        self.c.set_pos(start);
        if let Some(open) = self.find_angle(ctx) {
            self.defect(DefectKind::InvalidDisplayName, start);
            let mut out = Vec::new();
            render_phrase(self.span(start, open), &mut out);
            let name = finish_name(Cow::Owned(out), start, self.defects);
            self.c.set_pos(open);
            return self.angle_addr(name, start, ctx);
        }
        self.defect(DefectKind::InvalidAddress, start);
        self.recover(ctx);
        None
    }

    /// Offset of the first `<` outside quotes and comments before the end of the entry.
    fn find_angle(&self, ctx: Ctx) -> Option<usize> {
        let mut c = self.c.clone();
        while let Some(b) = c.peek() {
            match b {
                b'"' => {
                    c.bump();
                    while let Some(q) = c.bump() {
                        match q {
                            b'"' => break,
                            b'\\' => {
                                c.bump();
                            }
                            _ => {}
                        }
                    }
                }
                b'(' => {
                    c.comment().ok()?;
                }
                b'<' => return Some(c.pos()),
                _ if ctx.ends_entry(b) => return None,
                _ => {
                    c.bump();
                }
            }
        }
        None
    }

    /// Skips to the end of the entry (a `,`, or `;` in a group) outside quotes, comments and
    /// angle brackets, without consuming it.
    fn recover(&mut self, ctx: Ctx) {
        let mut in_angle = false;
        while let Some(b) = self.c.peek() {
            match b {
                b'"' => {
                    self.c.bump();
                    while let Some(q) = self.c.bump() {
                        match q {
                            b'"' => break,
                            b'\\' => {
                                self.c.bump();
                            }
                            _ => {}
                        }
                    }
                }
                b'(' => {
                    let _ = self.c.comment();
                }
                b'<' => {
                    in_angle = true;
                    self.c.bump();
                }
                b'>' => {
                    in_angle = false;
                    self.c.bump();
                }
                _ if !in_angle && ctx.ends_entry(b) => return,
                _ => {
                    self.c.bump();
                }
            }
        }
    }

    /// `group` (RFC 5322 §3.4) at the `:` after its display name.
    fn group(&mut self, words: &Words, start: usize) -> Group<'a> {
        let name = self.display_name(words).unwrap_or(Cow::Borrowed(""));
        if name.is_empty() {
            self.defect(DefectKind::InvalidDisplayName, start);
        }
        self.c.bump();
        let mut members = Vec::new();
        loop {
            self.cfws();
            match self.c.peek() {
                None => {
                    self.defect(DefectKind::UnterminatedGroup, start);
                    break;
                }
                Some(b';') => {
                    self.c.bump();
                    self.cfws();
                    break;
                }
                Some(b',') => {
                    self.c.bump();
                }
                Some(_) => {
                    let entry = self.c.pos();
                    if let Some(Address::Mailbox(m)) = self.address(Ctx::Group) {
                        members.push(m);
                    }
                    self.end_of_entry(Ctx::Group, entry);
                }
            }
        }
        Group { name, members }
    }

    /// `angle-addr` / `obs-angle-addr` at its `<`. An addr-spec that the end of the entry cuts
    /// before its `>` is kept (reported); other junk before the `>` drops the entry.
    fn angle_addr(
        &mut self,
        name: Option<Cow<'a, str>>,
        start: usize,
        ctx: Ctx,
    ) -> Option<Mailbox<'a>> {
        match self.plain_angle_addr() {
            Some((local_part, domain)) => Some(Mailbox {
                name,
                local_part,
                domain,
            }),
            None => self.general_angle_addr(name, start, ctx),
        }
    }

    /// The common `angle-addr`, `<local@domain>` with an ASCII `dot-atom-text` on each side
    /// and nothing else between the brackets, read in one pass: what the general reader gives
    /// for it (which reports nothing there), with the CFWS after it read the same way.
    /// `None`, with nothing consumed, for anything else.
    fn plain_angle_addr(&mut self) -> Option<(Cow<'a, str>, Cow<'a, str>)> {
        let input = self.c.input();
        let open = self.c.pos();
        let (at, close) = plain_angle_span(input, open)?;
        let local_part = std::str::from_utf8(input.get(open + 1..at)?).ok()?;
        let domain = std::str::from_utf8(input.get(at + 1..close)?).ok()?;
        // As after the general reader's last token.
        self.trailing_comment = None;
        self.c.set_pos(close + 1);
        self.cfws();
        Some((Cow::Borrowed(local_part), Cow::Borrowed(domain)))
    }

    /// `angle-addr` read by the general token reader.
    fn general_angle_addr(
        &mut self,
        name: Option<Cow<'a, str>>,
        start: usize,
        ctx: Ctx,
    ) -> Option<Mailbox<'a>> {
        let open = self.c.pos();
        self.c.bump();
        self.cfws();
        if self.c.peek() == Some(b'@') && !self.obs_route() {
            return self.invalid(start, ctx);
        }
        let Ok(words) = self.words() else {
            self.defect(DefectKind::InvalidAddress, start);
            return None;
        };
        if words.is_empty() {
            if self.c.eat(b'>') {
                // `<>`: the null path has no place in an address list.
                self.defect(DefectKind::InvalidAddress, start);
                self.cfws();
                return None;
            }
            return self.invalid(start, ctx);
        }
        let local_part = self.local_part(&words);
        let domain = if self.c.eat(b'@') {
            self.domain()
        } else {
            self.defect(DefectKind::MissingAddressDomain, self.c.pos());
            Cow::Borrowed("")
        };
        match self.c.peek() {
            Some(b'>') => {
                self.c.bump();
                self.cfws();
            }
            None => self.defect(DefectKind::UnterminatedAngleAddress, open),
            Some(b) if ctx.ends_entry(b) => {
                self.defect(DefectKind::UnterminatedAngleAddress, open);
            }
            Some(_) => return self.invalid(start, ctx),
        }
        Some(Mailbox {
            name,
            local_part,
            domain,
        })
    }

    /// Reports the entry at `start` as invalid and skips it (from its start, so that the
    /// angle brackets it opened are respected).
    fn invalid(&mut self, start: usize, ctx: Ctx) -> Option<Mailbox<'a>> {
        self.defect(DefectKind::InvalidAddress, start);
        self.c.set_pos(start);
        self.recover(ctx);
        None
    }

    /// `obs-route` (RFC 5322 §4.4) at its first `@`: skipped, as the RFC says to ignore it.
    /// `false` if it does not end with `:`.
    fn obs_route(&mut self) -> bool {
        loop {
            self.cfws();
            match self.c.peek() {
                Some(b',') => {
                    self.c.bump();
                }
                Some(b'@') => {
                    self.c.bump();
                    let before = self.defects.len();
                    self.domain();
                    self.defects.truncate(before);
                }
                Some(b':') => {
                    self.c.bump();
                    return true;
                }
                _ => return false,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one-pass `<local@domain>` reader and the general one agree on `input` with the
    /// cursor at `at`: the mailbox, where the cursor ends, the trailing comment and the
    /// defects. `true` if the one-pass reader answered.
    fn agree(input: &[u8], at: usize) -> bool {
        let (mut fast_defects, mut slow_defects) = (Vec::new(), Vec::new());
        let mut fast = Parser::new(input, &mut fast_defects);
        let mut slow = Parser::new(input, &mut slow_defects);
        fast.set_pos(at);
        slow.set_pos(at);
        let taken = fast.plain_angle_addr().is_some();
        fast.set_pos(at);
        fast.trailing_comment = Some((0, 0));
        slow.trailing_comment = Some((0, 0));
        let a = fast.angle_addr(None, at, Ctx::List);
        let b = slow.general_angle_addr(None, at, Ctx::List);
        let (fast_end, slow_end) = (fast.pos(), slow.pos());
        let (fast_comment, slow_comment) = (fast.trailing_comment, slow.trailing_comment);
        assert_eq!(
            (a, fast_end, fast_comment),
            (b, slow_end, slow_comment),
            "{:?}",
            String::from_utf8_lossy(input)
        );
        assert_eq!(
            fast_defects,
            slow_defects,
            "{:?}",
            String::from_utf8_lossy(input)
        );
        taken
    }

    #[test]
    fn plain_angle_addresses_agree_with_the_general_reader() {
        for input in [
            &b"<mary@example.net>, x"[..],
            b"<first.last+tag@mail.example.org> (Mary)",
            b"<a@b>",
            b"<a@b> ",
        ] {
            assert!(agree(input, 0), "{:?}", String::from_utf8_lossy(input));
        }
        for input in [
            &b"<a..b@c>"[..],
            b"<a.@b>",
            b"<a@b.>",
            b"< a@b>",
            b"<a@b >",
            b"<\"q\"@b>",
            b"<a@[192.0.2.1]>",
            b"<@route:a@b>",
            b"<a@b",
            b"<J\xc3\xb6rg@b>",
            b"<a>",
        ] {
            assert!(!agree(input, 0), "{:?}", String::from_utf8_lossy(input));
        }
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_the_general_reader_on_any_angle_address(
            inner in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "mary", "example", ".", "..", "@", "@@", " ", "(c)", "\"q\"", "[1]",
                    "-", "+", "\u{e9}", ",", ":", ">",
                ]),
                0..8,
            ),
            after in proptest::sample::select(vec!["", ">", "> ", ">, b", "> (x)", ">x"]),
        ) {
            let input = format!("<{}{after}", inner.concat());
            agree(input.as_bytes(), 0);
        }
    }
}
