//! The header section: RFC 5322 §2.2 header fields, kept raw.
//!
//! A header section is cut into fields in one pass (`memchr` for line ends, no allocation per
//! field): each field is remembered as offsets into the message, so its name, its raw value
//! (still folded, as DKIM needs it) and its exact bytes on the wire stay available. Values are
//! unfolded ([`HeaderField::unfolded_value`]) or decoded as structured fields
//! ([`crate::field`]) only when asked for.

mod only;
mod section;

pub use only::HeaderSection;
pub(crate) use section::{FieldSpan, parse_section, trim_line_break};

use std::borrow::Cow;

use crate::lex::is_wsp;

/// One header field (RFC 5322 §2.2), borrowed from its message.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct HeaderField<'m> {
    data: &'m [u8],
    span: &'m FieldSpan,
}

/// Field names as RFC 5321 §4.4, RFC 5322 §3.6, RFC 2045 §3 and RFC 6376 §3.5 spell them, the
/// most frequent first ([`HeaderField::name`]).
const COMMON_NAMES: [&str; 16] = [
    "Received",
    "From",
    "To",
    "Subject",
    "Date",
    "Message-ID",
    "Content-Type",
    "Content-Transfer-Encoding",
    "MIME-Version",
    "Cc",
    "Content-Disposition",
    "Return-Path",
    "Reply-To",
    "References",
    "In-Reply-To",
    "DKIM-Signature",
];

impl<'m> HeaderField<'m> {
    pub(crate) fn new(data: &'m [u8], span: &'m FieldSpan) -> Self {
        HeaderField { data, span }
    }

    /// The field name as written (RFC 5322 §3.6.8 `field-name`: printable US-ASCII, no colon),
    /// without any white space before the colon.
    pub fn name(&self) -> &'m str {
        let bytes = self.name_bytes();
        // The names most messages are made of, spelled as their RFCs spell them, come from a
        // table (the same text, no UTF-8 check of the name); others are checked. The section
        // parser only accepts printable US-ASCII names.
        COMMON_NAMES
            .iter()
            .find(|name| name.as_bytes() == bytes)
            .copied()
            .unwrap_or_else(|| std::str::from_utf8(bytes).unwrap_or_default())
    }

    fn name_bytes(&self) -> &'m [u8] {
        self.data
            .get(self.span.start..self.span.name_end)
            .unwrap_or_default()
    }

    /// `true` if the field's name is `name`, compared case-insensitively (RFC 5322 §1.2.2).
    /// Compared as octets: no UTF-8 check of the name per field looked at.
    pub fn is(&self, name: &str) -> bool {
        self.name_bytes().eq_ignore_ascii_case(name.as_bytes())
    }

    /// The raw value: every byte after the colon up to (not including) the line break that ends
    /// the field. Folding line breaks and the leading space are kept.
    pub fn raw_value(&self) -> &'m [u8] {
        self.data
            .get(self.span.value_start..self.span.value_end)
            .unwrap_or_default()
    }

    /// The whole field exactly as on the wire, from the first byte of its name to and including
    /// the line break that ends it.
    pub fn raw(&self) -> &'m [u8] {
        self.data
            .get(self.span.start..self.span.end)
            .unwrap_or_default()
    }

    /// Offset of the field's first byte in the message.
    pub fn offset(&self) -> usize {
        self.span.start
    }

    /// Offset of the raw value's first byte in the message.
    pub fn value_offset(&self) -> usize {
        self.span.value_start
    }

    /// The value unfolded as RFC 5322 §2.2.3 says (every CRLF that is followed by white space
    /// removed) and trimmed of white space at both ends. Borrowed when the field was not folded.
    pub fn unfolded_value(&self) -> Cow<'m, [u8]> {
        unfold(self.raw_value())
    }
}

impl std::fmt::Debug for HeaderField<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HeaderField")
            .field("name", &self.name())
            .field("value", &String::from_utf8_lossy(self.raw_value()))
            .field("offset", &self.offset())
            .finish()
    }
}

/// Unfolds a raw field value (RFC 5322 §2.2.3): removes each line break (CRLF, or a bare LF)
/// and trims white space at both ends. Borrowed when there was nothing to remove inside.
pub fn unfold(raw: &[u8]) -> Cow<'_, [u8]> {
    let raw = trim_wsp(raw);
    if memchr::memchr2(b'\r', b'\n', raw).is_none() {
        return Cow::Borrowed(raw);
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = memchr::memchr2(b'\r', b'\n', rest) {
        out.extend_from_slice(rest.get(..i).unwrap_or_default());
        rest = rest.get(i + 1..).unwrap_or_default();
    }
    out.extend_from_slice(rest);
    Cow::Owned(out)
}

/// Trims RFC 5234 `WSP` and line breaks from both ends.
pub(crate) fn trim_wsp(s: &[u8]) -> &[u8] {
    let start = s
        .iter()
        .position(|&b| !(is_wsp(b) || b == b'\r' || b == b'\n'));
    let Some(start) = start else { return &[] };
    let end = s
        .iter()
        .rposition(|&b| !(is_wsp(b) || b == b'\r' || b == b'\n'))
        .map_or(start, |e| e + 1);
    s.get(start..end).unwrap_or_default()
}

/// The header fields of one message or MIME part, in order.
#[derive(Clone, Copy)]
pub struct Headers<'m> {
    data: &'m [u8],
    spans: &'m [FieldSpan],
}

impl<'m> Headers<'m> {
    pub(crate) fn new(data: &'m [u8], spans: &'m [FieldSpan]) -> Self {
        Headers { data, spans }
    }

    /// The number of fields.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// `true` if there are no fields.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The fields in the order they appear.
    pub fn iter(&self) -> Iter<'m> {
        Iter {
            data: self.data,
            spans: self.spans.iter(),
        }
    }

    /// The first field named `name` (case-insensitive), if any.
    pub fn get(&self, name: &str) -> Option<HeaderField<'m>> {
        self.iter().find(|f| f.is(name))
    }

    /// Every field named `name` (case-insensitive), in order (e.g. all `Received` fields).
    pub fn get_all<'n>(&self, name: &'n str) -> impl Iterator<Item = HeaderField<'m>> + 'n
    where
        'm: 'n,
    {
        self.iter().filter(move |f| f.is(name))
    }

    /// The raw value of the first field named `name`, if any.
    pub fn raw_value(&self, name: &str) -> Option<&'m [u8]> {
        self.get(name).map(|f| f.raw_value())
    }
}

impl std::fmt::Debug for Headers<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'m> IntoIterator for Headers<'m> {
    type Item = HeaderField<'m>;
    type IntoIter = Iter<'m>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// Iterator over the fields of a [`Headers`], in order.
#[derive(Debug, Clone)]
pub struct Iter<'m> {
    data: &'m [u8],
    spans: std::slice::Iter<'m, FieldSpan>,
}

impl<'m> Iterator for Iter<'m> {
    type Item = HeaderField<'m>;

    fn next(&mut self) -> Option<Self::Item> {
        self.spans.next().map(|s| HeaderField::new(self.data, s))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.spans.size_hint()
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.spans
            .next_back()
            .map(|s| HeaderField::new(self.data, s))
    }
}

impl ExactSizeIterator for Iter<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unfold_rules() {
        assert_eq!(unfold(b" hello"), Cow::Borrowed(&b"hello"[..]));
        assert_eq!(unfold(b" a\r\n b\r\n\tc").as_ref(), b"a b\tc");
        assert_eq!(unfold(b" a\n b").as_ref(), b"a b");
        assert_eq!(unfold(b"  \r\n  ").as_ref(), b"");
    }

    #[test]
    fn names_as_written() {
        // Names from the table and others, in every spelling: always the octets as written.
        let section = b"Received: a\r\nRECEIVED: b\r\nMessage-Id: c\r\nMessage-ID: d\r\n\
                        X-Custom : e\r\nTo: f\r\nT: g\r\n\r\n";
        let parsed = HeaderSection::parse(section);
        let names: Vec<&str> = parsed.headers().iter().map(|f| f.name()).collect();
        assert_eq!(
            names,
            [
                "Received",
                "RECEIVED",
                "Message-Id",
                "Message-ID",
                "X-Custom",
                "To",
                "T"
            ]
        );
        for name in COMMON_NAMES {
            assert!(name.bytes().all(|b| b.is_ascii_graphic() && b != b':'));
        }
        assert!(
            parsed
                .headers()
                .get("message-id")
                .is_some_and(|f| f.is("MESSAGE-ID"))
        );
    }
}
