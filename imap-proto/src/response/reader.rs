//! The read position shared by the response parsers: a [`Cursor`] plus the [`Quirks`] the
//! caller accepts.

use std::borrow::Cow;

use crate::cursor::Cursor;
use crate::error::{ParseError, Rule};
use crate::types::{AString, IString, Mailbox, NString};

use super::Quirks;

/// A read position over a response, knowing which quirks to accept.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Reader<'a> {
    pub(crate) c: Cursor<'a>,
    pub(crate) quirks: Quirks,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(input: &'a [u8], quirks: Quirks) -> Self {
        Self {
            c: Cursor::new(input),
            quirks,
        }
    }

    /// Reads one `SP`, and with [`Quirks::extra_spaces`] any further spaces.
    pub(crate) fn sp(&mut self, rule: Rule) -> Result<(), ParseError> {
        self.c.expect(b' ', rule)?;
        if self.quirks.extra_spaces {
            while self.c.peek() == Some(b' ') {
                self.c.bump();
            }
        }
        Ok(())
    }

    /// With [`Quirks::extra_spaces`], skips spaces (before a `)` or the end of the line);
    /// without, nothing.
    pub(crate) fn skip_extra_spaces(&mut self) {
        if self.quirks.extra_spaces {
            while self.c.peek() == Some(b' ') {
                self.c.bump();
            }
        }
    }

    /// Reads `string = quoted / literal`; with [`Quirks::eight_bit_quoted`] a quoted string
    /// may hold 8-bit octets that are not UTF-8 (kept as they are).
    pub(crate) fn string(&mut self) -> Result<IString<'a>, ParseError> {
        if self.quirks.eight_bit_quoted && self.c.peek() == Some(b'"') {
            let start = self.c.pos;
            let raw = self.quoted_octets()?;
            return IString::new(raw)
                .map_err(|e| self.c.invalid_at(start + e.offset, Rule::Quoted));
        }
        IString::read(&mut self.c)
    }

    /// Reads `nstring = string / nil` (see [`Reader::string`]).
    pub(crate) fn nstring(&mut self) -> Result<NString<'a>, ParseError> {
        match self.c.need()? {
            b'"' | b'{' => self.string().map(|s| NString(Some(s))),
            _ => NString::read(&mut self.c),
        }
    }

    /// Reads `astring` (see [`Reader::string`] for the quoted form).
    pub(crate) fn astring(&mut self) -> Result<AString<'a>, ParseError> {
        if self.quirks.eight_bit_quoted && self.c.peek() == Some(b'"') {
            let start = self.c.pos;
            let raw = self.quoted_octets()?;
            return AString::new(raw)
                .map_err(|e| self.c.invalid_at(start + e.offset, Rule::Quoted));
        }
        AString::read(&mut self.c)
    }

    /// After an item of a parenthesised list: `)` ends the list (`true`), `SP` (and with
    /// [`Quirks::extra_spaces`] more spaces, or spaces before the `)`) leads to the next item.
    pub(crate) fn list_next(&mut self, rule: Rule) -> Result<bool, ParseError> {
        match self.c.need()? {
            b')' => {
                self.c.bump();
                Ok(true)
            }
            b' ' => {
                self.sp(rule)?;
                if self.quirks.extra_spaces && self.c.need()? == b')' {
                    self.c.bump();
                    return Ok(true);
                }
                Ok(false)
            }
            _ => Err(self.c.invalid(rule)),
        }
    }

    /// Reads `"(" [item *(SP item)] ")"` (spaces after `(` and before `)` only with
    /// [`Quirks::extra_spaces`]).
    pub(crate) fn paren_list<T>(
        &mut self,
        rule: Rule,
        mut item: impl FnMut(&mut Self) -> Result<T, ParseError>,
    ) -> Result<Vec<T>, ParseError> {
        self.c.expect(b'(', rule)?;
        let mut items = Vec::new();
        self.skip_extra_spaces();
        if self.c.need()? == b')' {
            self.c.bump();
            return Ok(items);
        }
        loop {
            items.push(item(self)?);
            if self.list_next(rule)? {
                return Ok(items);
            }
        }
    }

    /// Reads `astring` as a string value (ESEARCH's `tag-string`, RFC 9051 §9).
    pub(crate) fn tag_string(&mut self) -> Result<IString<'a>, ParseError> {
        if matches!(self.c.need()?, b'"' | b'{') {
            return self.string();
        }
        let start = self.c.pos;
        let run = self.c.take_while(crate::chars::is_astring_char)?;
        if run.is_empty() {
            return Err(self.c.invalid_at(start, Rule::AString));
        }
        IString::new(run).map_err(|_| self.c.invalid_at(start, Rule::AString))
    }

    /// Reads `mailbox` (see [`Reader::string`] for the quoted form).
    pub(crate) fn mailbox(&mut self) -> Result<Mailbox<'a>, ParseError> {
        if self.quirks.eight_bit_quoted && self.c.peek() == Some(b'"') {
            let start = self.c.pos;
            let raw = self.quoted_octets()?;
            return Mailbox::new(raw)
                .map_err(|e| self.c.invalid_at(start + e.offset, Rule::Mailbox));
        }
        Mailbox::read(&mut self.c)
    }

    /// Reads a quoted string's content as octets: any but CR, LF and NUL, `\"` and `\\`
    /// unescaped. Borrows unless there was an escape.
    pub(crate) fn quoted_octets(&mut self) -> Result<Cow<'a, [u8]>, ParseError> {
        let c = &mut self.c;
        c.expect(b'"', Rule::Quoted)?;
        let start = c.pos;
        let mut escapes = false;
        loop {
            let rest = c.rest();
            let Some(n) = memchr::memchr3(b'"', b'\\', b'\r', rest) else {
                return Err(ParseError::Incomplete { needed: 1 });
            };
            if let Some(bad) = rest.get(..n).and_then(|run| memchr::memchr2(0, b'\n', run)) {
                return Err(c.invalid_at(c.pos + bad, Rule::Quoted));
            }
            c.pos += n;
            match c.need()? {
                b'"' => break,
                b'\\' => {
                    c.bump();
                    if !matches!(c.need()?, b'"' | b'\\') {
                        return Err(c.invalid(Rule::Quoted));
                    }
                    escapes = true;
                    c.bump();
                }
                _ => return Err(c.invalid(Rule::Quoted)),
            }
        }
        let raw = c.input.get(start..c.pos).unwrap_or_default();
        c.bump();
        if !escapes {
            return Ok(Cow::Borrowed(raw));
        }
        let mut out = Vec::with_capacity(raw.len());
        let mut bytes = raw.iter();
        while let Some(&b) = bytes.next() {
            out.push(if b == b'\\' {
                bytes.next().copied().unwrap_or(b)
            } else {
                b
            });
        }
        Ok(Cow::Owned(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lenient(input: &[u8]) -> Reader<'_> {
        Reader::new(input, Quirks::LENIENT)
    }

    #[test]
    fn eight_bit_quoted_only_when_accepted() {
        let input = b"\"Gr\xfc\\\"\xdfe\" ";
        let s = lenient(input).string().unwrap();
        assert_eq!(s.as_bytes(), b"Gr\xfc\"\xdfe");
        assert!(Reader::new(input, Quirks::STRICT).string().is_err());
        // UTF-8 is valid quoted text either way (RFC 9051 QUOTED-CHAR).
        let utf8 = "\"Grüße\" ".as_bytes();
        assert_eq!(
            Reader::new(utf8, Quirks::STRICT).string().unwrap().as_str(),
            Some("Grüße")
        );
    }

    #[test]
    fn lenient_quoted_still_refuses_line_breaks_and_nul() {
        for bad in [&b"\"a\rb\" "[..], b"\"a\nb\" ", b"\"a\0b\" ", b"\"a\\xb\" "] {
            assert!(
                matches!(lenient(bad).string(), Err(ParseError::Invalid { .. })),
                "{bad:?}"
            );
        }
        assert!(lenient(b"\"abc").string().unwrap_err().is_incomplete());
    }

    #[test]
    fn nstring_and_astring_forms() {
        let mut r = lenient(b"NIL \"x\xff\" {2}\r\nab atom ");
        assert_eq!(r.nstring().unwrap(), NString(None));
        r.sp(Rule::NString).unwrap();
        assert_eq!(r.nstring().unwrap().0.unwrap().as_bytes(), b"x\xff");
        r.sp(Rule::NString).unwrap();
        assert_eq!(r.astring().unwrap().as_bytes(), b"ab");
        r.sp(Rule::AString).unwrap();
        assert_eq!(r.astring().unwrap().as_bytes(), b"atom");
    }

    #[test]
    fn extra_spaces_only_when_accepted() {
        let mut r = lenient(b"  x");
        r.sp(Rule::Response).unwrap();
        assert_eq!(r.c.peek(), Some(b'x'));
        let mut strict = Reader::new(b"  x", Quirks::STRICT);
        strict.sp(Rule::Response).unwrap();
        assert_eq!(strict.c.peek(), Some(b' '));
    }
}
