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
//! from a span afterwards (see [`super::text`]), borrowed when the raw bytes already are it.

use std::borrow::Cow;

use super::text::{
    encoded_word_len, finish_name, render_comment, render_domain, render_local_part, render_phrase,
    utf8,
};
use super::{Address, Group, Mailbox};
use crate::defect::{Defect, DefectKind, push};
use crate::lex::{Cursor, is_atext, is_fws};

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

/// The kind of a token in a run of [`Words`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    Atom,
    Quoted,
    Dot,
}

/// A run of atoms, quoted strings and dots with CFWS between them: a display name
/// (`obs-phrase`) or a local part (`obs-local-part`), not yet decided.
#[derive(Debug, Clone, Copy)]
struct Words {
    /// Offset of the first token.
    start: usize,
    /// Offset just past the last token.
    end: usize,
    tokens: u32,
    quoted: u32,
    /// Every quoted string is free of quoted pairs and folds.
    clean_quotes: bool,
    /// Tokens are separated by nothing or by exactly one space.
    plain: bool,
    /// Tokens are not separated at all.
    tight: bool,
    /// The run is `word *("." word)`.
    local_shape: bool,
    last: Option<Tok>,
}

impl Words {
    fn new(pos: usize) -> Self {
        Words {
            start: pos,
            end: pos,
            tokens: 0,
            quoted: 0,
            clean_quotes: true,
            plain: true,
            tight: true,
            local_shape: true,
            last: None,
        }
    }

    fn is_empty(&self) -> bool {
        self.tokens == 0
    }

    /// The run is one quoted string without quoted pairs or folds.
    fn is_clean_quoted_string(&self) -> bool {
        self.tokens == 1 && self.quoted == 1 && self.clean_quotes
    }
}

/// The parser state: the cursor, the defect sink and the last comment seen after a token.
pub(super) struct Parser<'a, 'd> {
    c: Cursor<'a>,
    defects: &'d mut Vec<Defect>,
    /// Content span of the last comment in the CFWS after the most recent token: the name of a
    /// mailbox written `addr-spec (Name)`.
    trailing_comment: Option<(usize, usize)>,
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

    fn defect(&mut self, kind: DefectKind, offset: usize) {
        push(self.defects, kind, offset);
    }

    fn span(&self, start: usize, end: usize) -> &'a [u8] {
        self.c.input().get(start..end).unwrap_or_default()
    }

    /// Skips CFWS and returns the bytes skipped. An unterminated comment is reported and runs
    /// to the end of the input.
    #[inline]
    pub(super) fn cfws(&mut self) -> &'a [u8] {
        // Called after every token, and most tokens are not followed by CFWS.
        match self.c.peek() {
            Some(b) if is_fws(b) || b == b'(' => self.skip_cfws(),
            _ => &[],
        }
    }

    fn skip_cfws(&mut self) -> &'a [u8] {
        let start = self.c.pos();
        loop {
            self.c.skip_fws();
            if self.c.peek() != Some(b'(') {
                break;
            }
            let open = self.c.pos();
            let closed = self.c.comment().is_ok();
            let end = if closed {
                self.c.pos() - 1
            } else {
                self.defect(DefectKind::UnterminatedComment, open);
                self.c.pos()
            };
            self.trailing_comment = Some((open + 1, end));
        }
        self.c.since(start)
    }

    /// Skips the quoted string at `"`: `Ok(true)` if it has no quoted pair and no fold.
    fn skip_quoted(&mut self) -> Result<bool, ()> {
        let open = self.c.pos();
        self.c.bump();
        let mut clean = true;
        while let Some(b) = self.c.bump() {
            match b {
                b'"' => return Ok(clean),
                b'\\' => {
                    clean = false;
                    self.c.bump();
                }
                b'\r' | b'\n' => clean = false,
                _ => {}
            }
        }
        self.defect(DefectKind::UnterminatedQuotedString, open);
        Err(())
    }

    /// Reads `1*atext`, or a whole RFC 2047 encoded word even if it holds a special.
    fn atom(&mut self) {
        if let Some(len) = encoded_word_len(self.c.rest()) {
            self.c.set_pos(self.c.pos() + len);
        } else {
            self.c.take_while(is_atext);
        }
    }

    /// Reads a run of words and dots with CFWS between them (and the CFWS after them).
    fn words(&mut self) -> Result<Words, ()> {
        let mut w = Words::new(self.c.pos());
        loop {
            let gap = self.cfws();
            let tok_start = self.c.pos();
            let tok = match self.c.peek() {
                Some(b'"') => {
                    w.clean_quotes &= self.skip_quoted()?;
                    w.quoted += 1;
                    Tok::Quoted
                }
                Some(b'.') => {
                    self.c.bump();
                    Tok::Dot
                }
                Some(b) if is_atext(b) => {
                    self.atom();
                    Tok::Atom
                }
                _ => break,
            };
            match w.last {
                None => {
                    w.start = tok_start;
                    w.local_shape = tok != Tok::Dot;
                }
                Some(prev) => {
                    if !gap.is_empty() {
                        w.tight = false;
                        w.plain &= gap == b" ";
                    }
                    // Words and dots must alternate in a local part.
                    if (prev == Tok::Dot) == (tok == Tok::Dot) {
                        w.local_shape = false;
                    }
                }
            }
            w.tokens += 1;
            w.last = Some(tok);
            w.end = self.c.pos();
            self.trailing_comment = None;
        }
        if w.last == Some(Tok::Dot) {
            w.local_shape = false;
        }
        Ok(w)
    }

    /// The display name a run of words spells, decoded.
    fn display_name(&mut self, w: &Words) -> Option<Cow<'a, str>> {
        if w.is_empty() {
            return None;
        }
        let span = self.span(w.start, w.end);
        let bytes = if w.is_clean_quoted_string() {
            Cow::Borrowed(
                span.get(1..span.len().saturating_sub(1))
                    .unwrap_or_default(),
            )
        } else if w.quoted == 0 && w.plain {
            Cow::Borrowed(span)
        } else {
            let mut out = Vec::with_capacity(span.len());
            render_phrase(span, &mut out);
            Cow::Owned(out)
        };
        finish_name(bytes, w.start, self.defects)
    }

    /// The local part a run of words spells (reported if it is not `word *("." word)`).
    fn local_part(&mut self, w: &Words) -> Cow<'a, str> {
        if !w.local_shape {
            self.defect(DefectKind::InvalidLocalPart, w.start);
        }
        let span = self.span(w.start, w.end);
        let bytes = if w.quoted == 0 && w.tight {
            Cow::Borrowed(span)
        } else if w.is_clean_quoted_string() {
            Cow::Borrowed(
                span.get(1..span.len().saturating_sub(1))
                    .unwrap_or_default(),
            )
        } else {
            let mut out = Vec::with_capacity(span.len());
            render_local_part(span, &mut out);
            Cow::Owned(out)
        };
        utf8(bytes)
    }

    /// The trailing comment as a display name (`jdoe@example.org (John Doe)`).
    fn comment_name(&mut self) -> Option<Cow<'a, str>> {
        let (start, end) = self.trailing_comment.take()?;
        let bytes = render_comment(self.span(start, end));
        finish_name(bytes, start, self.defects)
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

    /// `domain` = `dot-atom` / `domain-literal` / `obs-domain`, after the `@`; reads the CFWS
    /// around it. Empty (reported) when there is none.
    fn domain(&mut self) -> Cow<'a, str> {
        self.cfws();
        let start = self.c.pos();
        if self.c.peek() == Some(b'[') {
            return self.domain_literal();
        }
        let (mut first, mut end) = (start, start);
        let (mut tight, mut shape) = (true, true);
        let mut last: Option<Tok> = None;
        loop {
            let tok_start = self.c.pos();
            let tok = match self.c.peek() {
                Some(b'.') => Tok::Dot,
                // An atom follows a dot, never another atom: `a@b c@d` is two entries.
                Some(b) if is_atext(b) && last != Some(Tok::Atom) => Tok::Atom,
                _ => break,
            };
            if tok == Tok::Dot {
                self.c.bump();
            } else {
                self.c.take_while(is_atext);
            }
            match last {
                None => first = tok_start,
                Some(_) => tight &= tok_start == end,
            }
            shape &= tok == Tok::Atom || last == Some(Tok::Atom);
            last = Some(tok);
            end = self.c.pos();
            self.trailing_comment = None;
            self.cfws();
        }
        match last {
            None => {
                self.defect(DefectKind::MissingAddressDomain, start);
                return Cow::Borrowed("");
            }
            Some(Tok::Dot) => shape = false,
            Some(_) => {}
        }
        if !shape {
            self.defect(DefectKind::InvalidDomain, first);
        }
        let span = self.span(first, end);
        if tight {
            return utf8(Cow::Borrowed(span));
        }
        let mut out = Vec::with_capacity(span.len());
        render_domain(span, &mut out);
        utf8(Cow::Owned(out))
    }

    /// `domain-literal` (RFC 5322 §3.4.1, with `obs-dtext` quoted pairs) at its `[`, kept with
    /// its brackets; FWS inside is removed.
    fn domain_literal(&mut self) -> Cow<'a, str> {
        let open = self.c.pos();
        let rest = self.c.rest();
        let Some(close) = literal_end(rest) else {
            // Unclosed: keep what there is, up to the end of the address.
            self.defect(DefectKind::InvalidDomain, open);
            let len = rest
                .iter()
                .position(|&b| matches!(b, b'>' | b',' | b';') || is_fws(b))
                .unwrap_or(rest.len());
            self.c.set_pos(open + len);
            let text = utf8(Cow::Borrowed(self.c.since(open)));
            self.cfws();
            return text;
        };
        let inner = rest.get(1..close).unwrap_or_default();
        self.c.set_pos(open + close + 1);
        let text = if inner.iter().any(|&b| b == b'\\' || is_fws(b)) {
            let mut out = Vec::with_capacity(close + 1);
            out.push(b'[');
            let mut bytes = inner.iter();
            while let Some(&b) = bytes.next() {
                match b {
                    b'\\' => out.extend(bytes.next()),
                    _ if is_fws(b) => {}
                    _ => out.push(b),
                }
            }
            out.push(b']');
            utf8(Cow::Owned(out))
        } else {
            utf8(Cow::Borrowed(self.c.since(open)))
        };
        self.trailing_comment = None;
        self.cfws();
        text
    }
}

/// Index of the `]` that closes the domain literal opening `s` (quoted pairs skipped).
fn literal_end(s: &[u8]) -> Option<usize> {
    let mut i = 1;
    while let Some(&b) = s.get(i) {
        match b {
            b']' => return Some(i),
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
    None
}
