//! Lexical tokens shared by every structured-field parser: RFC 5322 §3.2 (FWS, comments, CFWS,
//! atoms, dot-atoms, quoted strings) with the RFC 6532 extension (UTF-8 in `atext` and `qtext`),
//! and the RFC 2045 §5.1 `token` of MIME parameters.
//!
//! The lexer works on the raw (still folded) field value: a CRLF (or a bare LF) inside a value is
//! folding white space, so structured fields never need an unfolded copy, and every position a
//! parser reports is an offset into the raw value.

use std::borrow::Cow;

/// Why a token could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LexError {
    /// A comment opened with `(` was still open at the end of the input.
    UnterminatedComment,
    /// A quoted string opened with `"` was still open at the end of the input.
    UnterminatedQuotedString,
}

/// `true` for RFC 5234 `WSP` (space or horizontal tab).
#[inline]
pub(crate) fn is_wsp(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// `true` for white space as it may appear in a raw field value: `WSP`, CR or LF (a fold).
#[inline]
pub(crate) const fn is_fws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// `true` for RFC 5322 §3.2.3 `atext`, extended by RFC 6532 §3.2 to every non-ASCII byte.
#[inline]
pub(crate) const fn is_atext(b: u8) -> bool {
    // One range match (compiled to a bit test), not a scan of the specials: this is the
    // innermost loop of every address parser.
    matches!(b,
        b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | 0x80..=0xFF
        | b'!' | b'#'..=b'\'' | b'*' | b'+' | b'-' | b'/' | b'=' | b'?' | b'^'..=b'`'
        | b'{'..=b'~')
}

/// ASCII `atext` (RFC 5322 §3.2.3), one look-up per byte in [`dot_atom_end`].
#[allow(
    clippy::indexing_slicing,
    reason = "built at compile time with `b < 256`; no input reaches it"
)]
static ASCII_ATEXT: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = is_atext(b as u8);
        b += 1;
    }
    table
};

/// The offset of the octet that ends the ASCII `dot-atom-text` (RFC 5322 §3.2.3) starting at
/// `i`: atoms of ASCII `atext` joined by single dots. `None` when an atom is empty (nothing
/// there, a dot first or after a dot, or a dot before the octet that ends it).
pub(crate) fn dot_atom_end(input: &[u8], mut i: usize) -> Option<usize> {
    loop {
        let start = i;
        while input
            .get(i)
            .is_some_and(|&b| ASCII_ATEXT.get(usize::from(b)) == Some(&true))
        {
            i += 1;
        }
        if i == start {
            return None;
        }
        if input.get(i) != Some(&b'.') {
            return Some(i);
        }
        i += 1;
    }
}

/// The `<local@domain>` starting at `open` with an ASCII `dot-atom-text` on each side of the
/// `@` and nothing else between the brackets: the offsets of the `@` and of the `>`. The
/// common shape of an `angle-addr` (RFC 5322 §3.4) and of an RFC 5321 `Path`, read in one
/// pass by the fast paths of both.
pub(crate) fn plain_angle_span(input: &[u8], open: usize) -> Option<(usize, usize)> {
    if input.get(open) != Some(&b'<') {
        return None;
    }
    let at = dot_atom_end(input, open + 1)?;
    if input.get(at) != Some(&b'@') {
        return None;
    }
    let close = dot_atom_end(input, at + 1)?;
    if input.get(close) != Some(&b'>') {
        return None;
    }
    Some((at, close))
}

/// `true` for RFC 2045 §5.1 token characters: US-ASCII printable except SPACE and `tspecials`.
#[inline]
pub(crate) fn is_token_char(b: u8) -> bool {
    // The same set as RFC 2045's `token` in `decode`, read from its table (one load, not a
    // scan of the specials).
    crate::decode::is_token_octet(b)
}

/// A position in a field value, with the token readers of RFC 5322 §3.2.
#[derive(Debug, Clone)]
pub(crate) struct Cursor<'a> {
    input: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    /// A cursor at the start of `input`.
    pub(crate) fn new(input: &'a [u8]) -> Self {
        Cursor { input, pos: 0 }
    }

    /// The whole input the cursor reads.
    pub(crate) fn input(&self) -> &'a [u8] {
        self.input
    }

    /// Offset of the next byte in the input.
    pub(crate) fn pos(&self) -> usize {
        self.pos
    }

    /// Moves to `pos` (clamped to the end of the input).
    pub(crate) fn set_pos(&mut self, pos: usize) {
        self.pos = pos.min(self.input.len());
    }

    /// The unread rest of the input.
    pub(crate) fn rest(&self) -> &'a [u8] {
        self.input.get(self.pos..).unwrap_or_default()
    }

    /// The input between `start` and the cursor.
    pub(crate) fn since(&self, start: usize) -> &'a [u8] {
        self.input.get(start..self.pos).unwrap_or_default()
    }

    /// `true` when every byte has been read.
    pub(crate) fn is_empty(&self) -> bool {
        self.pos >= self.input.len()
    }

    /// The next byte, not consumed.
    #[inline]
    pub(crate) fn peek(&self) -> Option<u8> {
        self.input.get(self.pos).copied()
    }

    /// Consumes and returns the next byte.
    #[inline]
    pub(crate) fn bump(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos += 1;
        Some(b)
    }

    /// Consumes `b` if it is the next byte.
    #[inline]
    pub(crate) fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Consumes bytes while `f` holds and returns them.
    #[inline]
    pub(crate) fn take_while(&mut self, f: impl Fn(u8) -> bool) -> &'a [u8] {
        let start = self.pos;
        let len = self
            .rest()
            .iter()
            .position(|&b| !f(b))
            .unwrap_or(self.rest().len());
        self.pos += len;
        self.since(start)
    }

    /// Skips folding white space (`FWS` and `obs-FWS`, bare LF and CR tolerated).
    /// Returns `true` if anything was skipped.
    pub(crate) fn skip_fws(&mut self) -> bool {
        !self.take_while(is_fws).is_empty()
    }

    /// Skips `CFWS`: white space and (nested) comments. Returns the raw text of the last comment
    /// seen (between its parentheses, quoted pairs not yet removed), if any.
    ///
    /// # Errors
    /// [`LexError::UnterminatedComment`] when a comment runs to the end of the input; the
    /// cursor is then at the end.
    pub(crate) fn skip_cfws(&mut self) -> Result<Option<&'a [u8]>, LexError> {
        let mut last = None;
        loop {
            self.skip_fws();
            if self.peek() == Some(b'(') {
                last = Some(self.comment()?);
            } else {
                return Ok(last);
            }
        }
    }

    /// Reads an RFC 5322 §3.2.2 `comment` starting at `(`; returns its raw content.
    ///
    /// # Errors
    /// [`LexError::UnterminatedComment`] when the input ends inside the comment.
    pub(crate) fn comment(&mut self) -> Result<&'a [u8], LexError> {
        if !self.eat(b'(') {
            return Ok(&[]);
        }
        let start = self.pos;
        let mut depth = 1usize;
        while let Some(b) = self.bump() {
            match b {
                b'\\' => {
                    self.bump();
                }
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(self.input.get(start..self.pos - 1).unwrap_or_default());
                    }
                }
                _ => {}
            }
        }
        Err(LexError::UnterminatedComment)
    }

    /// Reads `1*atext` (no surrounding CFWS).
    pub(crate) fn atom_text(&mut self) -> Option<&'a [u8]> {
        let s = self.take_while(is_atext);
        (!s.is_empty()).then_some(s)
    }

    /// Reads an RFC 2045 `token` (no surrounding CFWS).
    pub(crate) fn token(&mut self) -> Option<&'a [u8]> {
        let s = self.take_while(is_token_char);
        (!s.is_empty()).then_some(s)
    }

    /// Reads an RFC 5322 §3.2.4 `quoted-string` starting at `"` (no surrounding CFWS) and
    /// returns its content: quoted pairs resolved and folds (CRLF) removed, borrowed from the
    /// input when nothing had to change.
    ///
    /// # Errors
    /// [`LexError::UnterminatedQuotedString`] when the input ends inside the string; the cursor
    /// is then at the end.
    pub(crate) fn quoted_string(&mut self) -> Result<Cow<'a, [u8]>, LexError> {
        if !self.eat(b'"') {
            return Ok(Cow::Borrowed(&[]));
        }
        let start = self.pos;
        // Fast path: no quoted pair and no fold before the closing quote.
        let rest = self.rest();
        match memchr::memchr3(b'"', b'\\', b'\n', rest) {
            Some(i)
                if rest.get(i) == Some(&b'"')
                    && !rest.get(..i).is_some_and(|s| s.contains(&b'\r')) =>
            {
                self.pos += i + 1;
                return Ok(Cow::Borrowed(rest.get(..i).unwrap_or_default()));
            }
            _ => {}
        }
        let mut out = Vec::with_capacity(rest.len().min(256));
        self.pos = start;
        while let Some(b) = self.bump() {
            match b {
                b'"' => return Ok(Cow::Owned(out)),
                b'\\' => {
                    if let Some(q) = self.bump() {
                        out.push(q);
                    }
                }
                // A fold: the line break is invisible, the white space after it stays.
                b'\r' | b'\n' => {}
                _ => out.push(b),
            }
        }
        Err(LexError::UnterminatedQuotedString)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `is_token_char` is printable US-ASCII except SPACE and `tspecials` (RFC 2045 §5.1).
    #[test]
    fn token_chars_are_printable_but_specials() {
        for b in 0..=255u8 {
            let by_definition = b.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?=".contains(&b);
            assert_eq!(is_token_char(b), by_definition, "{b}");
        }
    }

    #[test]
    fn comments_nest_and_quote() {
        let mut c = Cursor::new(b" (a (b) \\) c) x");
        assert_eq!(c.skip_cfws(), Ok(Some(&b"a (b) \\) c"[..])));
        assert_eq!(c.rest(), b"x");
    }

    #[test]
    fn unterminated_comment() {
        let mut c = Cursor::new(b"(a (b)");
        assert_eq!(c.skip_cfws(), Err(LexError::UnterminatedComment));
        assert!(c.is_empty());
    }

    #[test]
    fn folded_cfws() {
        let mut c = Cursor::new(b"\r\n (x)\r\n\ty");
        assert_eq!(c.skip_cfws(), Ok(Some(&b"x"[..])));
        assert_eq!(c.rest(), b"y");
    }

    #[test]
    fn quoted_string_borrowed_and_owned() {
        let mut c = Cursor::new(b"\"Joe Q. Public\" <");
        assert!(matches!(
            c.quoted_string(),
            Ok(Cow::Borrowed(b"Joe Q. Public"))
        ));
        assert_eq!(c.rest(), b" <");
        let mut c = Cursor::new(b"\"a\\\"b\r\n c\"");
        assert_eq!(c.quoted_string().unwrap().as_ref(), b"a\"b c");
        assert!(c.is_empty());
        let mut c = Cursor::new(b"\"open");
        assert_eq!(c.quoted_string(), Err(LexError::UnterminatedQuotedString));
    }

    #[test]
    fn tokens() {
        let mut c = Cursor::new(b"text/plain; charset=us-ascii");
        assert_eq!(c.token(), Some(&b"text"[..]));
        assert!(c.eat(b'/'));
        assert_eq!(c.token(), Some(&b"plain"[..]));
        assert_eq!(c.token(), None);
    }
}
