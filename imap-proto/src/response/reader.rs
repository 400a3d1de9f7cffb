//! The read position shared by the response parsers: a [`Cursor`] plus the [`Quirks`] the
//! caller accepts.

use crate::cursor::Cursor;
use crate::error::{ParseError, Rule};

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
}
