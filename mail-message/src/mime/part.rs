//! A view of one entity of a parsed message.

use std::borrow::Cow;
use std::fmt;

use crate::decode::{charset, quoted_printable};
use crate::field::content_type::{ContentDisposition, ContentType, Parameter};
use crate::field::transfer_encoding::TransferEncoding;
use crate::header::{FieldSpan, Headers};

use super::{PartKind, PartSpan};

/// One entity of a [`Message`](crate::Message): the message itself, a body part of a
/// multipart, or a message encapsulated in a `message/rfc822` part (RFC 2045 §2.4).
///
/// A `Part` is a cheap view (a few references): it borrows the message and decodes nothing
/// until asked.
#[derive(Clone, Copy)]
pub struct Part<'m> {
    data: &'m [u8],
    fields: &'m [FieldSpan],
    parts: &'m [PartSpan],
    span: &'m PartSpan,
    index: usize,
}

impl<'m> Part<'m> {
    pub(crate) fn new(
        data: &'m [u8],
        fields: &'m [FieldSpan],
        parts: &'m [PartSpan],
        index: usize,
    ) -> Option<Self> {
        let span = parts.get(index)?;
        Some(Part {
            data,
            fields,
            parts,
            span,
            index,
        })
    }

    /// The message entity (index 0, which the tree always has; an empty leaf otherwise).
    pub(crate) fn root(data: &'m [u8], fields: &'m [FieldSpan], parts: &'m [PartSpan]) -> Self {
        static EMPTY: PartSpan = PartSpan {
            start: 0,
            fields: 0..0,
            body_start: 0,
            body_end: 0,
            parent: None,
            first_child: None,
            next_sibling: None,
            depth: 0,
            kind: PartKind::Leaf,
            in_digest: false,
        };
        let span = parts.first().unwrap_or(&EMPTY);
        Part {
            data,
            fields,
            parts,
            span,
            index: 0,
        }
    }

    fn at(&self, index: usize) -> Option<Part<'m>> {
        Part::new(self.data, self.fields, self.parts, index)
    }

    /// The entity's header fields (for a body part, only the MIME fields it was given).
    pub fn headers(&self) -> Headers<'m> {
        Headers::new(
            self.data,
            self.fields
                .get(self.span.fields.clone())
                .unwrap_or_default(),
        )
    }

    /// The media type: the `Content-Type` field if it parses, else the default of RFC 2045
    /// §5.2 (`text/plain; charset=us-ascii`) or, in a `multipart/digest`, `message/rfc822`
    /// (RFC 2046 §5.1.5).
    pub fn content_type(&self) -> ContentType<'m> {
        self.headers()
            .get("content-type")
            .and_then(|f| ContentType::parse(f.raw_value(), &mut Vec::new()))
            .unwrap_or_else(|| self.default_content_type())
    }

    fn default_content_type(&self) -> ContentType<'m> {
        if self.span.in_digest {
            ContentType {
                media_type: Cow::Borrowed("message"),
                subtype: Cow::Borrowed("rfc822"),
                parameters: Vec::new(),
            }
        } else {
            ContentType {
                media_type: Cow::Borrowed("text"),
                subtype: Cow::Borrowed("plain"),
                parameters: vec![Parameter {
                    name: Cow::Borrowed("charset"),
                    value: Cow::Borrowed("us-ascii"),
                    language: None,
                }],
            }
        }
    }

    /// The `Content-Transfer-Encoding` (RFC 2045 §6.1); `7bit` when there is none.
    pub fn transfer_encoding(&self) -> TransferEncoding<'m> {
        self.headers()
            .get("content-transfer-encoding")
            .map_or(TransferEncoding::SevenBit, |f| {
                TransferEncoding::parse(f.raw_value(), &mut Vec::new())
            })
    }

    /// The `Content-Disposition` (RFC 2183), if present and parseable.
    pub fn disposition(&self) -> Option<ContentDisposition<'m>> {
        self.headers()
            .get("content-disposition")
            .and_then(|f| ContentDisposition::parse(f.raw_value(), &mut Vec::new()))
    }

    /// The file name of an attachment: the `filename` parameter of `Content-Disposition`
    /// (RFC 2183 §2.3), else the older `name` parameter of `Content-Type`; decoded (RFC 2231).
    pub fn filename(&self) -> Option<Cow<'m, str>> {
        self.disposition()
            .and_then(|d| d.into_parameter("filename"))
            .or_else(|| self.content_type().into_parameter("name"))
    }

    /// The charset of a text body: the `charset` parameter, or `us-ascii` for `text/*` without
    /// one (RFC 2046 §4.1.2). `None` for other media types without a `charset` parameter.
    pub fn charset(&self) -> Option<Cow<'m, str>> {
        let ct = self.content_type();
        let is_text = ct.media_type.eq_ignore_ascii_case("text");
        ct.into_parameter("charset")
            .or_else(|| is_text.then_some(Cow::Borrowed("us-ascii")))
    }

    /// The body with its transfer encoding removed (RFC 2045 §6): borrowed unless it was
    /// base64 or quoted-printable. For a multipart this is the raw body.
    pub fn decoded_body(&self) -> Cow<'m, [u8]> {
        self.transfer_encoding()
            .decode(self.raw_body(), &mut Vec::new())
    }

    /// The body as text: transfer encoding removed, then decoded from its charset (RFC 2046
    /// §4.1.2; `us-ascii` when none is given). Bytes that are invalid in the charset become
    /// U+FFFD.
    pub fn text(&self) -> Cow<'m, str> {
        let label = self.charset();
        let label = label.as_deref().unwrap_or("us-ascii");
        let encoding = self.transfer_encoding();
        if encoding == TransferEncoding::QuotedPrintable
            && let Some(text) = quoted_printable_text(label, self.raw_body())
        {
            return text;
        }
        match encoding.decode(self.raw_body(), &mut Vec::new()) {
            Cow::Borrowed(b) => charset::decode(label, b, &mut Vec::new()),
            Cow::Owned(b) => {
                // UTF-8 without a byte order mark, or plain ASCII, is the text as it is:
                // checked by the vectorised validator (`String::from_utf8` would check again
                // octet by octet wherever the text is not ASCII), then copied in one block.
                let as_is = match charset::lookup(label) {
                    Some(charset::Charset::Utf8) => !b.starts_with(b"\xEF\xBB\xBF"),
                    Some(charset::Charset::Ascii) => b.is_ascii(),
                    _ => false,
                };
                if as_is && let Ok(text) = simdutf8::basic::from_utf8(&b) {
                    return Cow::Owned(text.to_owned());
                }
                Cow::Owned(charset::decode(label, &b, &mut Vec::new()).into_owned())
            }
        }
    }

    /// `true` if the body was parsed as a multipart with body parts.
    pub fn is_multipart(&self) -> bool {
        matches!(self.span.kind, PartKind::Multipart { .. })
    }

    /// `true` if the body was parsed as an encapsulated message (`message/rfc822` or
    /// `message/global` that is not transfer-encoded).
    pub fn is_message(&self) -> bool {
        self.span.kind == PartKind::Message
    }

    /// `true` for a leaf: neither multipart nor encapsulated message.
    pub fn is_leaf(&self) -> bool {
        self.span.kind == PartKind::Leaf
    }

    /// The body parts of a multipart, in order (empty for other parts).
    pub fn children(&self) -> Children<'m> {
        let next = match self.span.kind {
            PartKind::Multipart { .. } => self.span.first_child.and_then(|i| self.at(i)),
            _ => None,
        };
        Children { next }
    }

    /// The encapsulated message of a `message/rfc822` part.
    pub fn message(&self) -> Option<Part<'m>> {
        match self.span.kind {
            PartKind::Message => self.span.first_child.and_then(|i| self.at(i)),
            _ => None,
        }
    }

    /// The enclosing entity (`None` for the message itself).
    pub fn parent(&self) -> Option<Part<'m>> {
        self.span.parent.and_then(|i| self.at(i))
    }

    /// Nesting depth: 0 for the message, 1 for its body parts, and so on.
    pub fn depth(&self) -> usize {
        self.span.depth
    }

    /// Offset of the entity's first byte (its header section) in the message.
    pub fn offset(&self) -> usize {
        self.span.start
    }

    /// Offset of the body's first byte in the message.
    pub fn body_offset(&self) -> usize {
        self.span.body_start
    }

    /// The whole entity as on the wire: header section, blank line and body.
    pub fn raw(&self) -> &'m [u8] {
        self.data
            .get(self.span.start..self.span.body_end)
            .unwrap_or_default()
    }

    /// The body as on the wire, still transfer-encoded. For a multipart this includes the
    /// preamble, every body part with its delimiters, and the epilogue.
    pub fn raw_body(&self) -> &'m [u8] {
        self.data
            .get(self.span.body_start..self.span.body_end)
            .unwrap_or_default()
    }

    /// The preamble of a multipart: the text before the first delimiter (RFC 2046 §5.1.1).
    pub fn preamble(&self) -> Option<&'m [u8]> {
        match self.span.kind {
            PartKind::Multipart {
                preamble: (s, e), ..
            } => self.data.get(s..e),
            _ => None,
        }
    }

    /// The epilogue of a multipart: the text after the close delimiter (RFC 2046 §5.1.1).
    /// `None` if the close delimiter is missing.
    pub fn epilogue(&self) -> Option<&'m [u8]> {
        match self.span.kind {
            PartKind::Multipart {
                epilogue: Some((s, e)),
                ..
            } => self.data.get(s..e),
            _ => None,
        }
    }

    /// The IMAP section number of this entity (RFC 3501 §6.4.5, RFC 9051 §6.4.5): `1.2` is the
    /// second body part of the first body part. The body of a non-multipart message is part
    /// `1`; a multipart message itself has the empty path.
    pub fn section(&self) -> SectionPath {
        let mut path = Vec::new();
        self.push_section(&mut path);
        SectionPath(path)
    }

    fn push_section(&self, path: &mut Vec<u32>) {
        let Some(parent) = self.parent() else {
            if !self.is_multipart() {
                path.push(1);
            }
            return;
        };
        parent.push_section(path);
        if parent.is_message() {
            // An encapsulated multipart shares the number of its message part; any other
            // encapsulated body is that part's part 1.
            if !self.is_multipart() {
                path.push(1);
            }
        } else {
            let n = parent
                .children()
                .position(|c| c.index == self.index)
                .map_or(0, |i| i + 1);
            path.push(u32::try_from(n).unwrap_or(u32::MAX));
        }
    }
}

impl fmt::Debug for Part<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ct = self.content_type();
        f.debug_struct("Part")
            .field("section", &self.section().to_string())
            .field(
                "content_type",
                &format_args!("{}/{}", ct.media_type, ct.subtype),
            )
            .field("offset", &self.offset())
            .field("body_len", &self.raw_body().len())
            .finish()
    }
}

/// Every entity of a message, depth-first in the order they appear.
#[derive(Debug, Clone)]
pub struct Parts<'m> {
    data: &'m [u8],
    fields: &'m [FieldSpan],
    parts: &'m [PartSpan],
    next: usize,
}

impl<'m> Parts<'m> {
    pub(crate) fn new(data: &'m [u8], fields: &'m [FieldSpan], parts: &'m [PartSpan]) -> Self {
        Parts {
            data,
            fields,
            parts,
            next: 0,
        }
    }
}

impl<'m> Iterator for Parts<'m> {
    type Item = Part<'m>;

    fn next(&mut self) -> Option<Part<'m>> {
        let part = Part::new(self.data, self.fields, self.parts, self.next)?;
        self.next += 1;
        Some(part)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.parts.len().saturating_sub(self.next);
        (n, Some(n))
    }
}

impl ExactSizeIterator for Parts<'_> {}

/// The body parts of a multipart, in order.
#[derive(Debug, Clone)]
pub struct Children<'m> {
    next: Option<Part<'m>>,
}

impl<'m> Iterator for Children<'m> {
    type Item = Part<'m>;

    fn next(&mut self) -> Option<Part<'m>> {
        let current = self.next.take()?;
        self.next = current.span.next_sibling.and_then(|i| current.at(i));
        Some(current)
    }
}

/// An IMAP section number (RFC 3501 §6.4.5): the part numbers from the outside in.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct SectionPath(pub Vec<u32>);

impl fmt::Display for SectionPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, n) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            write!(f, "{n}")?;
        }
        Ok(())
    }
}

/// Quoted-printable text in UTF-8 or US-ASCII decoded straight into a `String`
/// ([`quoted_printable::decode_utf8`]): the same text as decoding the octets and then the
/// charset, without the octets in between. `None` where that shortcut does not apply (another
/// charset, a byte order mark, octets that are not UTF-8, or not ASCII for `us-ascii`).
fn quoted_printable_text<'m>(label: &str, body: &'m [u8]) -> Option<Cow<'m, str>> {
    let ascii = match charset::lookup(label)? {
        charset::Charset::Utf8 => false,
        charset::Charset::Ascii => true,
        _ => return None,
    };
    let text = quoted_printable::decode_utf8(body, &mut Vec::new())?;
    let as_is = if ascii {
        text.is_ascii()
    } else {
        !text.starts_with('\u{FEFF}')
    };
    as_is.then_some(text)
}
