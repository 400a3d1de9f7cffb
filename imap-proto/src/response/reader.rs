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
    #[inline(always)]
    pub(crate) fn sp(&mut self, rule: Rule) -> Result<(), ParseError> {
        if self.c.peek() == Some(b' ') {
            self.c.bump();
            self.skip_extra_spaces();
            Ok(())
        } else {
            self.c.expect(b' ', rule)
        }
    }

    /// With [`Quirks::extra_spaces`], skips spaces (before a `)` or the end of the line);
    /// without, nothing.
    #[inline]
    pub(crate) fn skip_extra_spaces(&mut self) {
        if self.quirks.extra_spaces {
            while self.c.peek() == Some(b' ') {
                self.c.bump();
            }
        }
    }

    /// Reads `string = quoted / literal`; with [`Quirks::eight_bit_quoted`] a quoted string
    /// may hold 8-bit octets that are not UTF-8 (kept as they are).
    ///
    /// A quoted string without escapes is read in one pass ([`scan_quoted`], plus a UTF-8
    /// check of its 8-bit octets unless the quirk accepts any); anything else through the
    /// general readers.
    #[inline(always)]
    pub(crate) fn string(&mut self) -> Result<IString<'a>, ParseError> {
        if self.c.need()? != b'"' {
            return self.string_general();
        }
        let start = self.c.pos + 1;
        let rest = self.c.input.get(start..).unwrap_or_default();
        let (i, ascii) = scan_quoted(rest);
        match rest.get(i) {
            None => return Err(ParseError::Incomplete { needed: 1 }),
            Some(b'"') => {}
            Some(b'\\') => return self.string_general(),
            Some(_) => return Err(self.c.invalid_at(start + i, Rule::Quoted)),
        }
        let text = rest.get(..i).unwrap_or_default();
        if !ascii
            && !self.quirks.eight_bit_quoted
            && let Err(e) = std::str::from_utf8(text)
        {
            return Err(self.c.invalid_at(start + e.valid_up_to(), Rule::Quoted));
        }
        self.c.pos = start + i + 1;
        Ok(IString::from_checked(text))
    }

    /// [`Reader::string`] for what its one-pass path leaves: literals and quoted strings
    /// with escapes.
    fn string_general(&mut self) -> Result<IString<'a>, ParseError> {
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

/// Octets that end the scan of a quoted string: the closing quote, an escape, and the
/// forbidden CR, LF and NUL.
#[inline]
fn quoted_stop(b: u8) -> bool {
    matches!(b, b'"' | b'\\' | 0 | b'\r' | b'\n')
}

/// Scans the content of a quoted string: how many leading octets of `bytes` come before the
/// first octet [`quoted_stop`] matches (all of them when none does), and whether those octets
/// are all 7-bit.
///
/// Eight octets at a time (SWAR): each test sets the high bit of a matching octet (`"`, `\\`,
/// any control octet below 0x20; never an 8-bit octet). A borrow can only flag octets above a
/// true match, so the lowest flagged octet is exact; a control octet that is no stop (TAB) is
/// stepped over and the scan goes on.
#[inline(always)]
fn scan_quoted(bytes: &[u8]) -> (usize, bool) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero = |x: u64| x.wrapping_sub(ONES) & !x;
    let mut i = 0;
    let mut seen = 0u64;
    while let Some(chunk) = bytes.get(i..).and_then(<[u8]>::first_chunk::<8>) {
        let w = u64::from_le_bytes(*chunk);
        let flagged = ((w.wrapping_sub(ONES * 0x20) & !w)
            | zero(w ^ (ONES * u64::from(b'"')))
            | zero(w ^ (ONES * u64::from(b'\\'))))
            & HIGH;
        if flagged == 0 {
            seen |= w;
            i += 8;
            continue;
        }
        let k = flagged.trailing_zeros() / 8;
        seen |= w & ((1u64 << (8 * k)) - 1);
        i += k as usize;
        if bytes.get(i).is_some_and(|&b| quoted_stop(b)) {
            return (i, seen & HIGH == 0);
        }
        // A control octet allowed in a quoted string (7-bit, so `seen` is unchanged).
        i += 1;
    }
    while let Some(&b) = bytes.get(i) {
        if quoted_stop(b) {
            break;
        }
        seen |= u64::from(b);
        i += 1;
    }
    (i, seen & HIGH == 0)
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

#[cfg(test)]
mod scan_tests {
    use super::*;
    use proptest::prelude::*;

    /// The scan one octet at a time, as the SWAR pass must agree with.
    fn scan_plain(bytes: &[u8]) -> (usize, bool) {
        let i = bytes
            .iter()
            .position(|&b| quoted_stop(b))
            .unwrap_or(bytes.len());
        (i, bytes.get(..i).is_some_and(<[u8]>::is_ascii))
    }

    #[test]
    fn scan_stops_exactly() {
        assert_eq!(scan_quoted(b"abcdefghij\"kl"), (10, true));
        assert_eq!(scan_quoted(b"a\tb\tcdefgh\\ij"), (10, true));
        assert_eq!(scan_quoted(b"ab\xc3\xa9defghijklmn\r\n"), (15, false));
        // An 8-bit octet after the stop does not count.
        assert_eq!(scan_quoted(b"abc\"\xffxxxxxxxx"), (3, true));
        assert_eq!(scan_quoted(b"\x01\x1f\x7f\"________"), (3, true));
        assert_eq!(scan_quoted(b"abcdefgh\0"), (8, true));
        assert_eq!(scan_quoted(b"abc"), (3, true));
    }

    proptest! {
        #[test]
        fn scan_agrees_with_plain_scan(
            bytes in proptest::collection::vec(
                prop_oneof![
                    4 => any::<u8>(),
                    4 => b'a'..=b'z',
                    1 => Just(b'"'),
                    1 => Just(b'\\'),
                    1 => 0u8..0x20,
                ],
                0..40,
            )
        ) {
            prop_assert_eq!(scan_quoted(&bytes), scan_plain(&bytes));
        }
    }
}
