//! A header section parsed on its own, without the MIME tree.

use std::borrow::Cow;

use crate::defect::Defect;

use super::{FieldSpan, HeaderField, Headers, parse_section};

/// The header section of a message, cut into fields, with the body left as raw bytes.
///
/// This is the cheap parse for callers that only need the header fields (a server adding a
/// `Received` field, an index of a mailbox): it reads the header section once and never looks
/// at the body. [`Message`](crate::Message) does the same for every entity and also builds the
/// MIME tree.
#[derive(Clone)]
pub struct HeaderSection<'a> {
    data: Cow<'a, [u8]>,
    fields: Vec<FieldSpan>,
    body_offset: usize,
    has_separator: bool,
    defects: Vec<Defect>,
}

impl<'a> HeaderSection<'a> {
    /// Parses the header section at the start of `input` (RFC 5322 §2.2, §3.5). Never fails:
    /// lines that are not header fields end the section, with a defect.
    pub fn parse(input: &'a [u8]) -> Self {
        let mut fields = Vec::with_capacity(32);
        let mut defects = Vec::new();
        let end = parse_section(
            input,
            0,
            input.len(),
            true,
            &mut fields,
            &mut defects,
            &|_| false,
        );
        HeaderSection {
            data: Cow::Borrowed(input),
            fields,
            body_offset: end.body_start,
            has_separator: end.has_separator,
            defects,
        }
    }

    /// This header section with its bytes copied, free of the input's lifetime.
    pub fn into_owned(self) -> HeaderSection<'static> {
        HeaderSection {
            data: Cow::Owned(self.data.into_owned()),
            fields: self.fields,
            body_offset: self.body_offset,
            has_separator: self.has_separator,
            defects: self.defects,
        }
    }

    /// The header fields, in order.
    pub fn headers(&self) -> Headers<'_> {
        Headers::new(&self.data, &self.fields)
    }

    /// The first field named `name` (case-insensitive).
    pub fn get(&self, name: &str) -> Option<HeaderField<'_>> {
        self.headers().get(name)
    }

    /// The header section as on the wire, including the blank line that ends it, if any.
    pub fn raw(&self) -> &[u8] {
        self.data.get(..self.body_offset).unwrap_or_default()
    }

    /// Offset of the body: just after the blank line that ends the header section.
    pub fn body_offset(&self) -> usize {
        self.body_offset
    }

    /// The body, untouched.
    pub fn body(&self) -> &[u8] {
        self.data.get(self.body_offset..).unwrap_or_default()
    }

    /// `true` if the header section ended with the blank line of RFC 5322 §3.5 (otherwise the
    /// input ended, or a line that is not a field started the body).
    pub fn has_separator(&self) -> bool {
        self.has_separator
    }

    /// What was wrong with the header section.
    pub fn defects(&self) -> &[Defect] {
        &self.defects
    }
}

impl std::fmt::Debug for HeaderSection<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HeaderSection")
            .field("headers", &self.headers())
            .field("body_offset", &self.body_offset)
            .field("defects", &self.defects)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_only() {
        let h = HeaderSection::parse(b"A: 1\r\nB: 2\r\n x\r\n\r\nbody\r\n");
        assert_eq!(h.headers().len(), 2);
        assert_eq!(h.get("b").unwrap().raw_value(), b" 2\r\n x");
        assert_eq!(h.body(), b"body\r\n");
        assert_eq!(h.raw(), b"A: 1\r\nB: 2\r\n x\r\n\r\n");
        assert!(h.has_separator());
        let owned = h.clone().into_owned();
        assert_eq!(owned.body_offset(), h.body_offset());
    }
}
