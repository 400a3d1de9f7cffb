//! The token readers of the address parser: CFWS, quoted strings, atoms, runs of words (a
//! display name or a local part, RFC 5322 §3.2.5, §4.4) and domains (§3.4.1, §4.4), with the
//! text each spells.

use std::borrow::Cow;

use super::parser::Parser;
use super::text::{
    encoded_word_len, finish_name, render_comment, render_domain, render_local_part, render_phrase,
    utf8,
};
use crate::defect::DefectKind;
use crate::lex::{is_atext, is_fws};

/// The kind of a token in a run of [`Words`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tok {
    Atom,
    Quoted,
    Dot,
}

/// A run of atoms, quoted strings and dots with CFWS between them: a display name
/// (`obs-phrase`) or a local part (`obs-local-part`), not yet decided.
#[derive(Debug, Clone, Copy)]
pub(super) struct Words {
    /// Offset of the first token.
    pub(super) start: usize,
    /// Offset just past the last token.
    pub(super) end: usize,
    pub(super) tokens: u32,
    pub(super) quoted: u32,
    /// Every quoted string is free of quoted pairs and folds.
    pub(super) clean_quotes: bool,
    /// Tokens are separated by nothing or by exactly one space.
    pub(super) plain: bool,
    /// Tokens are not separated at all.
    pub(super) tight: bool,
    /// The run is `word *("." word)`.
    pub(super) local_shape: bool,
    pub(super) last: Option<Tok>,
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

    pub(super) fn is_empty(&self) -> bool {
        self.tokens == 0
    }

    /// The run is one quoted string without quoted pairs or folds.
    pub(super) fn is_clean_quoted_string(&self) -> bool {
        self.tokens == 1 && self.quoted == 1 && self.clean_quotes
    }
}

impl<'a> Parser<'a, '_> {
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
    pub(super) fn skip_quoted(&mut self) -> Result<bool, ()> {
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
    pub(super) fn words(&mut self) -> Result<Words, ()> {
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
    pub(super) fn display_name(&mut self, w: &Words) -> Option<Cow<'a, str>> {
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
    pub(super) fn local_part(&mut self, w: &Words) -> Cow<'a, str> {
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
    pub(super) fn comment_name(&mut self) -> Option<Cow<'a, str>> {
        let (start, end) = self.trailing_comment.take()?;
        let bytes = render_comment(self.span(start, end));
        finish_name(bytes, start, self.defects)
    }

    /// `domain` = `dot-atom` / `domain-literal` / `obs-domain`, after the `@`; reads the CFWS
    /// around it. Empty (reported) when there is none.
    pub(super) fn domain(&mut self) -> Cow<'a, str> {
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
