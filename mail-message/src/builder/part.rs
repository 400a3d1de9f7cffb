//! The MIME part tree a message body is built from (RFC 2045, RFC 2046): leaves with content,
//! multiparts with body parts, and encapsulated messages.

use std::borrow::Cow;
use std::fmt;

use crate::field::message_id::MessageId;
use crate::field::transfer_encoding::TransferEncoding;

use super::MessageBuilder;

/// The content of a leaf part.
#[derive(Clone)]
pub(crate) enum Content<'a> {
    /// Text: written in UTF-8 with CRLF line endings and a final line break.
    Text(Cow<'a, str>),
    /// Bytes, written exactly (transfer-encoded as needed).
    Binary(Cow<'a, [u8]>),
}

impl fmt::Debug for Content<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Content::Text(t) => write!(f, "Text({} octets)", t.len()),
            Content::Binary(b) => write!(f, "Binary({} octets)", b.len()),
        }
    }
}

/// What a part holds.
#[derive(Debug, Clone)]
pub(crate) enum Body<'a> {
    /// A leaf with content and, if the application forced one, a transfer encoding.
    Leaf {
        content: Content<'a>,
        encoding: Option<TransferEncoding<'static>>,
    },
    /// A multipart (RFC 2046 §5.1).
    Multipart {
        parts: Vec<MimePart<'a>>,
        preamble: Option<Cow<'a, str>>,
        epilogue: Option<Cow<'a, str>>,
    },
    /// `message/rfc822` built from a message builder (RFC 2046 §5.2.1).
    Message(Box<MessageBuilder<'a>>),
    /// `message/rfc822` from a message's bytes.
    RawMessage(Cow<'a, [u8]>),
}

/// One MIME entity of a message body (RFC 2045 §2.4): a leaf with content, a multipart, or an
/// encapsulated message, with its `Content-*` header fields.
///
/// Built with the constructors and chained setters below; nothing is validated until
/// [`MessageBuilder::build`](super::MessageBuilder::build), which refuses values that cannot
/// be written safely.
///
/// ```
/// use mail_message::builder::MimePart;
///
/// let report = MimePart::attachment("application/pdf", "Quartalsbericht Q3.pdf", &b"%PDF-1.7"[..]);
/// let body = MimePart::mixed(vec![
///     MimePart::alternative(vec![
///         MimePart::text("See the report.\n"),
///         MimePart::html("<p>See the report.</p>\n"),
///     ]),
///     report,
/// ]);
/// # let _ = body;
/// ```
#[derive(Debug, Clone)]
pub struct MimePart<'a> {
    pub(crate) media_type: Cow<'a, str>,
    pub(crate) parameters: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    pub(crate) disposition: Option<Cow<'a, str>>,
    pub(crate) disposition_parameters: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    pub(crate) filename: Option<Cow<'a, str>>,
    pub(crate) content_id: Option<MessageId<'a>>,
    pub(crate) description: Option<Cow<'a, str>>,
    /// Extra fields: name, value, and `true` for a value written as given.
    pub(crate) fields: Vec<(Cow<'a, str>, Cow<'a, str>, bool)>,
    pub(crate) body: Body<'a>,
}

impl<'a> MimePart<'a> {
    fn with_body(media_type: Cow<'a, str>, body: Body<'a>) -> Self {
        MimePart {
            media_type,
            parameters: Vec::new(),
            disposition: None,
            disposition_parameters: Vec::new(),
            filename: None,
            content_id: None,
            description: None,
            fields: Vec::new(),
            body,
        }
    }

    /// A leaf of media type `media_type` (`type/subtype`, e.g. `image/png`) holding `content`
    /// exactly; the transfer encoding is chosen by content.
    pub fn new(media_type: impl Into<Cow<'a, str>>, content: impl Into<Cow<'a, [u8]>>) -> Self {
        Self::with_body(
            media_type.into(),
            Body::Leaf {
                content: Content::Binary(content.into()),
                encoding: None,
            },
        )
    }

    /// A text leaf of media type `media_type` (e.g. `text/calendar`) with `charset=utf-8`.
    ///
    /// Text is written in its canonical form (RFC 2049 §4): every line break (CRLF, CR or LF)
    /// becomes CRLF, and a line break is added at the end if the text does not end with one,
    /// as most mail software does; empty text stays empty.
    pub fn new_text(media_type: impl Into<Cow<'a, str>>, text: impl Into<Cow<'a, str>>) -> Self {
        Self::with_body(
            media_type.into(),
            Body::Leaf {
                content: Content::Text(text.into()),
                encoding: None,
            },
        )
        .parameter("charset", "utf-8")
    }

    /// `text/plain; charset=utf-8` (see [`MimePart::new_text`] for line endings).
    pub fn text(text: impl Into<Cow<'a, str>>) -> Self {
        Self::new_text("text/plain", text)
    }

    /// `text/html; charset=utf-8` (see [`MimePart::new_text`] for line endings).
    pub fn html(html: impl Into<Cow<'a, str>>) -> Self {
        Self::new_text("text/html", html)
    }

    /// An attachment: a leaf with `Content-Disposition: attachment` and `filename` (written
    /// with RFC 2231 when not plain US-ASCII, also as the `name` parameter of `Content-Type`
    /// for older readers).
    pub fn attachment(
        media_type: impl Into<Cow<'a, str>>,
        filename: impl Into<Cow<'a, str>>,
        content: impl Into<Cow<'a, [u8]>>,
    ) -> Self {
        Self::new(media_type, content)
            .disposition("attachment")
            .filename(filename)
    }

    /// `multipart/<subtype>` (RFC 2046 §5.1) with `parts` as its body parts, in order.
    pub fn multipart(subtype: &str, parts: Vec<MimePart<'a>>) -> Self {
        Self::with_body(
            Cow::Owned(format!("multipart/{subtype}")),
            Body::Multipart {
                parts,
                preamble: None,
                epilogue: None,
            },
        )
    }

    /// `multipart/mixed` (RFC 2046 §5.1.3): independent parts, e.g. a text and attachments.
    pub fn mixed(parts: Vec<MimePart<'a>>) -> Self {
        Self::multipart("mixed", parts)
    }

    /// `multipart/alternative` (RFC 2046 §5.1.4): the same content in several forms, simplest
    /// first (e.g. text, then HTML).
    pub fn alternative(parts: Vec<MimePart<'a>>) -> Self {
        Self::multipart("alternative", parts)
    }

    /// `multipart/related` (RFC 2387): a root part (usually HTML) and the parts it refers to by
    /// `Content-ID`.
    pub fn related(parts: Vec<MimePart<'a>>) -> Self {
        Self::multipart("related", parts)
    }

    /// `message/rfc822` (RFC 2046 §5.2.1) holding the message `message` builds (with the
    /// enclosing message's boundary generator and 8-bit and SMTPUTF8 options, and its own Bcc
    /// option).
    pub fn message(message: MessageBuilder<'a>) -> Self {
        Self::with_body(
            Cow::Borrowed("message/rfc822"),
            Body::Message(Box::new(message)),
        )
    }

    /// `message/rfc822` holding a message given as bytes (e.g. one being forwarded). Line
    /// breaks are written as CRLF and a final line break is added if missing; the message must
    /// otherwise be 7-bit (8-bit when allowed) lines of at most 998 octets, since RFC 2046
    /// §5.2.1 forbids encoding it.
    pub fn raw_message(message: impl Into<Cow<'a, [u8]>>) -> Self {
        Self::with_body(
            Cow::Borrowed("message/rfc822"),
            Body::RawMessage(message.into()),
        )
    }

    /// Adds a `Content-Type` parameter (e.g. `format=flowed`), written as a token, quoted
    /// string or RFC 2231 value as needed. A parameter of the same name (case-insensitive)
    /// given before is replaced.
    #[must_use]
    pub fn parameter(
        mut self,
        name: impl Into<Cow<'a, str>>,
        value: impl Into<Cow<'a, str>>,
    ) -> Self {
        set(&mut self.parameters, name.into(), value.into());
        self
    }

    /// Sets the disposition type (RFC 2183 §2): `inline` or `attachment`.
    #[must_use]
    pub fn disposition(mut self, kind: impl Into<Cow<'a, str>>) -> Self {
        self.disposition = Some(kind.into());
        self
    }

    /// Adds a `Content-Disposition` parameter (RFC 2183 §2), e.g. `size`; the disposition
    /// becomes `attachment` if none was set.
    #[must_use]
    pub fn disposition_parameter(
        mut self,
        name: impl Into<Cow<'a, str>>,
        value: impl Into<Cow<'a, str>>,
    ) -> Self {
        set(&mut self.disposition_parameters, name.into(), value.into());
        if self.disposition.is_none() {
            self.disposition = Some(Cow::Borrowed("attachment"));
        }
        self
    }

    /// Sets the file name: the `filename` parameter of `Content-Disposition` (RFC 2183 §2.3;
    /// the disposition becomes `attachment` if none was set) and the `name` parameter of
    /// `Content-Type`. Non-ASCII and long names use RFC 2231, never RFC 2047.
    #[must_use]
    pub fn filename(mut self, filename: impl Into<Cow<'a, str>>) -> Self {
        self.filename = Some(filename.into());
        if self.disposition.is_none() {
            self.disposition = Some(Cow::Borrowed("attachment"));
        }
        self
    }

    /// Sets `Content-ID` (RFC 2045 §7), e.g. for an image an HTML part refers to as `cid:`.
    #[must_use]
    pub fn content_id(mut self, id: MessageId<'a>) -> Self {
        self.content_id = Some(id);
        self
    }

    /// Sets `Content-Description` (RFC 2045 §8), unstructured text.
    #[must_use]
    pub fn description(mut self, text: impl Into<Cow<'a, str>>) -> Self {
        self.description = Some(text.into());
        self
    }

    /// Adds another header field to the part (e.g. `Content-Language`), written as an
    /// unstructured value after the fields the builder writes.
    #[must_use]
    pub fn header(mut self, name: impl Into<Cow<'a, str>>, value: impl Into<Cow<'a, str>>) -> Self {
        self.fields.push((name.into(), value.into(), false));
        self
    }

    /// Adds another header field whose value has a syntax of its own, written as given (see
    /// [`MessageBuilder::structured_header`]).
    #[must_use]
    pub fn structured_header(
        mut self,
        name: impl Into<Cow<'a, str>>,
        value: impl Into<Cow<'a, str>>,
    ) -> Self {
        self.fields.push((name.into(), value.into(), true));
        self
    }

    /// Forces the transfer encoding of a leaf instead of choosing it by content. `7bit` and
    /// `8bit` are refused at build time when the content does not allow them, `binary` and
    /// unknown mechanisms always. Has no effect on multiparts and messages, which RFC 2045
    /// §6.4 forbids to encode.
    #[must_use]
    pub fn transfer_encoding(mut self, encoding: TransferEncoding<'static>) -> Self {
        if let Body::Leaf { encoding: e, .. } = &mut self.body {
            *e = Some(encoding);
        }
        self
    }

    /// Sets the preamble of a multipart (RFC 2046 §5.1.1: text before the first body part,
    /// which readers do not show; US-ASCII). No effect on other parts.
    #[must_use]
    pub fn preamble(mut self, text: impl Into<Cow<'a, str>>) -> Self {
        if let Body::Multipart { preamble, .. } = &mut self.body {
            *preamble = Some(text.into());
        }
        self
    }

    /// Sets the epilogue of a multipart (text after the last body part; US-ASCII; written
    /// with a final line break). No effect on other parts.
    #[must_use]
    pub fn epilogue(mut self, text: impl Into<Cow<'a, str>>) -> Self {
        if let Body::Multipart { epilogue, .. } = &mut self.body {
            *epilogue = Some(text.into());
        }
        self
    }

    /// Appends a body part to a multipart. No effect on other parts.
    #[must_use]
    pub fn part(mut self, part: MimePart<'a>) -> Self {
        if let Body::Multipart { parts, .. } = &mut self.body {
            parts.push(part);
        }
        self
    }

    /// The media type as given (`type/subtype`).
    pub fn media_type(&self) -> &str {
        &self.media_type
    }

    /// The body parts of a multipart (empty for other parts).
    pub fn parts(&self) -> &[MimePart<'a>] {
        match &self.body {
            Body::Multipart { parts, .. } => parts,
            _ => &[],
        }
    }
}

/// Sets `name` to `value` in a parameter list, replacing an earlier value.
fn set<'a>(list: &mut Vec<(Cow<'a, str>, Cow<'a, str>)>, name: Cow<'a, str>, value: Cow<'a, str>) {
    match list.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case(&name)) {
        Some(slot) => slot.1 = value,
        None => list.push((name, value)),
    }
}
