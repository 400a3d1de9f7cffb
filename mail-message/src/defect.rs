//! Defects: what was wrong with a message that was parsed anyway.
//!
//! Parsing never fails on malformed mail (only a configured resource limit stops it, see
//! [`LimitError`](crate::LimitError)). Instead every departure from the RFCs that the parser
//! noticed and repaired is recorded as a [`Defect`]: its [`DefectKind`] and the byte offset where
//! it was found. This follows the idea of `CPython`'s `email.errors` defect classes: the message is
//! still usable, and the caller decides how strict to be.
//!
//! Defects of the message structure (header section, MIME tree) are found by
//! [`Message::parse`](crate::Message::parse). Defects inside a structured field or a body
//! (an address that does not parse, bad base64) are found when that field or body is decoded,
//! on demand, by the decoders that take a `&mut Vec<Defect>`.

use std::fmt;

/// One defect: what was wrong and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Defect {
    /// What was wrong.
    pub kind: DefectKind,
    /// Byte offset where it was found: into the message for defects reported by [`Message`]
    /// and its parts, into the decoder's input for the standalone decoders.
    ///
    /// [`Message`]: crate::Message
    pub offset: usize,
}

impl Defect {
    /// A defect of `kind` at `offset`.
    pub const fn new(kind: DefectKind, offset: usize) -> Self {
        Defect { kind, offset }
    }
}

impl fmt::Display for Defect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at offset {}", self.kind.name(), self.offset)
    }
}

/// The kinds of defect the parser and the decoders recognise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DefectKind {
    // --- Header section (RFC 5322 §2.2, §3.5) ---
    /// A line in the header section is neither a field nor a continuation line, so the header
    /// section ended there without the blank line of RFC 5322 §3.5; the line starts the body.
    MissingHeaderBodySeparator,
    /// A header line before the first field starts with white space (a continuation of
    /// nothing); it and the continuation lines after it were skipped.
    FirstHeaderLineIsContinuation,
    /// The message starts with an mbox `From ` separator line, which is not part of an
    /// RFC 5322 message; it was skipped.
    MboxFromLine,
    /// White space between a field name and its colon (RFC 5322 §4.5 obsolete syntax); the
    /// field was kept.
    WhitespaceBeforeColon,
    /// A header line is longer than the 998 octets RFC 5322 §2.1.1 allows.
    HeaderLineTooLong,
    /// A header field value is not valid UTF-8 (RFC 6532); it was decoded lossily.
    InvalidUtf8InHeader,
    /// The input ended inside the header section: there is no blank line and no body.
    MissingBody,

    // --- Structured fields (RFC 5322 §3.3 - §3.6) ---
    /// An address (or an address list entry) does not parse; it was skipped.
    InvalidAddress,
    /// A mailbox has no `@domain` part.
    MissingAddressDomain,
    /// A group is not closed with `;`.
    UnterminatedGroup,
    /// A comment is not closed with `)`.
    UnterminatedComment,
    /// A quoted string is not closed with `"`.
    UnterminatedQuotedString,
    /// An angle address is not closed with `>`.
    UnterminatedAngleAddress,
    /// A date-time does not parse.
    InvalidDate,
    /// A date-time has an obsolete or military time zone whose meaning is unknown (RFC 5322
    /// §4.3: treated as `-0000`).
    UnknownTimeZone,
    /// A message identifier does not parse.
    InvalidMessageId,
    /// A `Received` field does not follow RFC 5321 §4.4.
    InvalidReceived,

    // --- MIME fields and encodings (RFC 2045 - 2047, 2231) ---
    /// A `Content-Type` does not parse; the RFC 2045 §5.2 default (`text/plain;
    /// charset=us-ascii`) was used.
    InvalidContentType,
    /// A `Content-Disposition` does not parse.
    InvalidContentDisposition,
    /// A MIME parameter does not parse; it was skipped.
    InvalidParameter,
    /// RFC 2231 continuations are missing a section, repeat one, or mix forms.
    InvalidParameterContinuation,
    /// A `Content-Transfer-Encoding` names no known mechanism; the body is left undecoded.
    UnknownTransferEncoding,
    /// A charset label that no decoder knows; the text was decoded as UTF-8, lossily.
    UnknownCharset,
    /// Bytes that are not valid in their charset; they were replaced by U+FFFD.
    MalformedCharsetData,
    /// An RFC 2047 encoded word that does not decode; it was kept as text.
    InvalidEncodedWord,
    /// Base64 data with characters outside the alphabet, bad padding or a truncated group;
    /// what could be decoded was kept.
    InvalidBase64,
    /// Quoted-printable data with a bad `=XX` escape; the escape was kept as is.
    InvalidQuotedPrintable,

    // --- MIME structure (RFC 2046) ---
    /// A `multipart/*` part has no `boundary` parameter; it was treated as a single part.
    MultipartWithoutBoundary,
    /// A multipart body contains no line with its boundary; the whole body was taken as the
    /// preamble and the part has no children.
    StartBoundaryNotFound,
    /// A multipart body ended without its close delimiter (`--boundary--`).
    CloseBoundaryNotFound,
    /// A `message/rfc822` or `multipart/*` part declares a transfer encoding other than 7bit,
    /// 8bit or binary (RFC 2045 §6.4); it was treated as a leaf part.
    InvalidCompositeEncoding,

    // --- Structured fields, repaired rather than skipped (RFC 5322 §3.3, §3.4) ---
    /// A local part is neither a dot-atom, a quoted string nor the obsolete `word *("." word)`
    /// of RFC 5322 §4.4 (e.g. `john..doe`, `.john`, `john smith`); it was kept as written.
    InvalidLocalPart,
    /// A domain is not a dot-atom or domain literal (e.g. `example..com`, `example.com.`, an
    /// unclosed `[`); it was kept as written.
    InvalidDomain,
    /// A display name holds characters a `phrase` does not allow (e.g. an unquoted `@` in
    /// `john@example.com <john@example.com>`) or is missing before a group's `:`; it was kept
    /// as written.
    InvalidDisplayName,
    /// A date-time names a day of the week that is not the day of its date (RFC 5322 §3.3);
    /// the date was kept.
    DayOfWeekMismatch,
}

impl DefectKind {
    /// A stable `snake_case` name for this kind (used in logs and by `mail-inspect`).
    pub const fn name(self) -> &'static str {
        match self {
            DefectKind::MissingHeaderBodySeparator => "missing_header_body_separator",
            DefectKind::FirstHeaderLineIsContinuation => "first_header_line_is_continuation",
            DefectKind::MboxFromLine => "mbox_from_line",
            DefectKind::WhitespaceBeforeColon => "whitespace_before_colon",
            DefectKind::HeaderLineTooLong => "header_line_too_long",
            DefectKind::InvalidUtf8InHeader => "invalid_utf8_in_header",
            DefectKind::MissingBody => "missing_body",
            DefectKind::InvalidAddress => "invalid_address",
            DefectKind::MissingAddressDomain => "missing_address_domain",
            DefectKind::UnterminatedGroup => "unterminated_group",
            DefectKind::UnterminatedComment => "unterminated_comment",
            DefectKind::UnterminatedQuotedString => "unterminated_quoted_string",
            DefectKind::UnterminatedAngleAddress => "unterminated_angle_address",
            DefectKind::InvalidDate => "invalid_date",
            DefectKind::UnknownTimeZone => "unknown_time_zone",
            DefectKind::InvalidMessageId => "invalid_message_id",
            DefectKind::InvalidReceived => "invalid_received",
            DefectKind::InvalidContentType => "invalid_content_type",
            DefectKind::InvalidContentDisposition => "invalid_content_disposition",
            DefectKind::InvalidParameter => "invalid_parameter",
            DefectKind::InvalidParameterContinuation => "invalid_parameter_continuation",
            DefectKind::UnknownTransferEncoding => "unknown_transfer_encoding",
            DefectKind::UnknownCharset => "unknown_charset",
            DefectKind::MalformedCharsetData => "malformed_charset_data",
            DefectKind::InvalidEncodedWord => "invalid_encoded_word",
            DefectKind::InvalidBase64 => "invalid_base64",
            DefectKind::InvalidQuotedPrintable => "invalid_quoted_printable",
            DefectKind::MultipartWithoutBoundary => "multipart_without_boundary",
            DefectKind::StartBoundaryNotFound => "start_boundary_not_found",
            DefectKind::CloseBoundaryNotFound => "close_boundary_not_found",
            DefectKind::InvalidCompositeEncoding => "invalid_composite_encoding",
            DefectKind::InvalidLocalPart => "invalid_local_part",
            DefectKind::InvalidDomain => "invalid_domain",
            DefectKind::InvalidDisplayName => "invalid_display_name",
            DefectKind::DayOfWeekMismatch => "day_of_week_mismatch",
        }
    }
}

impl fmt::Display for DefectKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Appends a defect to `sink` (a small helper the decoders share).
#[inline]
pub(crate) fn push(sink: &mut Vec<Defect>, kind: DefectKind, offset: usize) {
    sink.push(Defect::new(kind, offset));
}
