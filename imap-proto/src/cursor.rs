//! A read position over a byte slice, shared by the parsers: running out of input is
//! [`ParseError::Incomplete`], never a guess.

use crate::error::{ParseError, Rule};

/// A read position over `input`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cursor<'a> {
    pub(crate) input: &'a [u8],
    pub(crate) pos: usize,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(input: &'a [u8]) -> Self {
        Self { input, pos: 0 }
    }

    /// The next byte, if any.
    pub(crate) fn peek(&self) -> Option<u8> {
        self.input.get(self.pos).copied()
    }

    /// The next byte; [`ParseError::Incomplete`] at the end of the input.
    pub(crate) fn need(&self) -> Result<u8, ParseError> {
        self.peek().ok_or(ParseError::Incomplete { needed: 1 })
    }

    pub(crate) fn bump(&mut self) {
        self.pos += 1;
    }

    /// The bytes not read yet.
    pub(crate) fn rest(&self) -> &'a [u8] {
        self.input.get(self.pos..).unwrap_or_default()
    }

    /// An [`ParseError::Invalid`] at the current position.
    pub(crate) fn invalid(&self, rule: Rule) -> ParseError {
        self.invalid_at(self.pos, rule)
    }

    /// An [`ParseError::Invalid`] at `pos`.
    pub(crate) fn invalid_at(&self, pos: usize, rule: Rule) -> ParseError {
        ParseError::Invalid { rule, offset: pos }
    }

    /// Reads `byte` or fails.
    pub(crate) fn expect(&mut self, byte: u8, rule: Rule) -> Result<(), ParseError> {
        if self.need()? == byte {
            self.bump();
            Ok(())
        } else {
            Err(self.invalid(rule))
        }
    }

    /// Reads the bytes while `pred` holds. `Incomplete` if they run to the end of the input
    /// (the run may go on).
    pub(crate) fn take_while(&mut self, pred: impl Fn(u8) -> bool) -> Result<&'a [u8], ParseError> {
        let rest = self.rest();
        match rest.iter().position(|&b| !pred(b)) {
            Some(n) => {
                self.pos += n;
                Ok(rest.get(..n).unwrap_or_default())
            }
            None => Err(ParseError::Incomplete { needed: 1 }),
        }
    }

    /// Reads `n` bytes, or says how many more are needed.
    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8], ParseError> {
        let rest = self.rest();
        match rest.get(..n) {
            Some(taken) => {
                self.pos += n;
                Ok(taken)
            }
            None => Err(ParseError::Incomplete {
                needed: n - rest.len(),
            }),
        }
    }

    /// Reads `word` (ASCII, compared without case: ABNF strings are case-insensitive,
    /// RFC 5234 §2.3). `Incomplete` when the input is a proper prefix of it.
    pub(crate) fn expect_word(&mut self, word: &[u8], rule: Rule) -> Result<(), ParseError> {
        let rest = self.rest();
        let n = word.len().min(rest.len());
        let (have, want) = (
            rest.get(..n).unwrap_or_default(),
            word.get(..n).unwrap_or_default(),
        );
        if !have.eq_ignore_ascii_case(want) {
            let bad = have
                .iter()
                .zip(want)
                .position(|(a, b)| !a.eq_ignore_ascii_case(b))
                .unwrap_or(0);
            return Err(self.invalid_at(self.pos + bad, rule));
        }
        if n < word.len() {
            return Err(ParseError::Incomplete {
                needed: word.len() - n,
            });
        }
        self.pos += n;
        Ok(())
    }
}
