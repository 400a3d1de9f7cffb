//! Why a message could not be built: misuse of the builder by the application, never a
//! property of mail read from the network.

use std::fmt;

/// Which piece of a header field an offending value was given for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Component {
    /// The field name (RFC 5322 §3.6.8 `field-name`).
    FieldName,
    /// An unstructured field value (RFC 5322 §3.2.5), e.g. `Subject`.
    Value,
    /// The display name of a mailbox or group (RFC 5322 §3.4 `display-name`).
    DisplayName,
    /// The local part of an address (RFC 5322 §3.4.1 `local-part`).
    LocalPart,
    /// The domain of an address (RFC 5322 §3.4.1 `domain`).
    Domain,
    /// A message identifier (RFC 5322 §3.6.4 `msg-id`).
    MessageId,
    /// A media type or subtype (RFC 2045 §5.1).
    MediaType,
    /// A disposition type (RFC 2183 §2).
    DispositionType,
    /// A MIME parameter name (RFC 2045 §5.1 `attribute`).
    ParameterName,
    /// A MIME parameter value (RFC 2045 §5.1, RFC 2231).
    ParameterValue,
}

impl Component {
    /// A short English name, used in error messages.
    pub const fn name(self) -> &'static str {
        match self {
            Component::FieldName => "field name",
            Component::Value => "value",
            Component::DisplayName => "display name",
            Component::LocalPart => "local part",
            Component::Domain => "domain",
            Component::MessageId => "message identifier",
            Component::MediaType => "media type",
            Component::DispositionType => "disposition type",
            Component::ParameterName => "parameter name",
            Component::ParameterValue => "parameter value",
        }
    }
}

impl fmt::Display for Component {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What a multipart's boundary was wrong with (RFC 2046 §5.1.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BoundaryProblem {
    /// Empty, or longer than 70 characters.
    Length,
    /// A character outside `bchars`.
    Character,
    /// The last character is a space.
    TrailingSpace,
}

/// Why an application-supplied address cannot be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AddressProblem {
    /// The domain is empty (an `addr-spec` needs `@domain`, RFC 5322 §3.4.1).
    MissingDomain,
    /// The domain is neither a dot-atom nor a domain literal.
    InvalidDomain,
    /// The local part holds a control character, which not even a quoted string can carry.
    InvalidLocalPart,
    /// A non-ASCII local part or domain, which needs RFC 6532 (see
    /// [`MessageBuilder::smtputf8`](super::MessageBuilder::smtputf8)).
    NonAscii,
    /// Valid in a header field but not as an SMTP path (RFC 5321 §4.1.2, §4.5.3.1: e.g. a
    /// local part over 64 octets or a tab in a quoted local part), so it cannot be an
    /// envelope address ([`MessageBuilder::envelope`](super::MessageBuilder::envelope)).
    NotSmtp,
}

impl fmt::Display for AddressProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AddressProblem::MissingDomain => "the domain is missing",
            AddressProblem::InvalidDomain => "the domain is neither a dot-atom nor a literal",
            AddressProblem::InvalidLocalPart => "the local part holds a control character",
            AddressProblem::NonAscii => "non-ASCII addresses need the smtputf8 option",
            AddressProblem::NotSmtp => "not a valid SMTP mailbox (RFC 5321 §4.1.2)",
        })
    }
}

/// Why [`MessageBuilder::build`](super::MessageBuilder::build) refused to write a message.
///
/// Every variant is a mistake of the application (a value that cannot be written safely), so
/// nothing is written rather than something wrong or dangerous: a CR or LF in a header value
/// would let a caller's input add header fields of its own (header injection).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// A CR, LF or NUL in a header field name, value, display name, address, parameter or
    /// filename.
    #[error("the {what} of the {field} field contains {character:?} at byte {position}")]
    InvalidCharacter {
        /// The field the value was given for, e.g. `Subject` or `Content-Disposition`.
        field: String,
        /// Which piece of the field.
        what: Component,
        /// The offending character.
        character: char,
        /// Its byte offset in the value the application gave.
        position: usize,
    },
    /// A syntactically invalid name or token: a field name that is not `ftext` (RFC 5322
    /// §3.6.8), a media type or parameter name that is not a `token` (RFC 2045 §5.1).
    #[error("the {what} {value:?} of the {field} field is not valid")]
    InvalidToken {
        /// The field concerned.
        field: String,
        /// Which piece of the field.
        what: Component,
        /// The value given.
        value: String,
    },
    /// A field name that the builder writes itself (use its method instead).
    #[error("the {name} field is written by the builder; use its method instead")]
    ReservedField {
        /// The name given.
        name: String,
    },
    /// A value given to be written as is holds a run of more than 997 octets without white
    /// space, which no line of 998 octets can hold (RFC 5322 §2.1.1).
    #[error("the {field} field holds a word too long for any line (RFC 5322 §2.1.1)")]
    LineTooLong {
        /// The field concerned.
        field: String,
    },
    /// A field that RFC 5322 §3.6 requires (`Date`, `From`) was not given.
    #[error("the {0} field is required (RFC 5322 §3.6)")]
    MissingField(&'static str),
    /// `From` has several mailboxes but no `Sender` was given (RFC 5322 §3.6.2).
    #[error("From holds several mailboxes, so a Sender is required (RFC 5322 §3.6.2)")]
    SenderRequired,
    /// An address that cannot be written.
    #[error("address {address:?} in the {field} field: {problem}")]
    InvalidAddress {
        /// The field concerned.
        field: String,
        /// The address as given (`local@domain`).
        address: String,
        /// What is wrong with it.
        problem: AddressProblem,
    },
    /// A message identifier that is not `id-left "@" id-right` (RFC 5322 §3.6.4).
    #[error("message identifier {id:?} in the {field} field is not valid (RFC 5322 §3.6.4)")]
    InvalidMessageId {
        /// The field concerned.
        field: String,
        /// The identifier as given, without brackets.
        id: String,
    },
    /// A boundary from the [`BoundaryGenerator`](super::BoundaryGenerator) that RFC 2046
    /// §5.1.1 does not allow.
    #[error("invalid multipart boundary {boundary:?}: {problem:?}")]
    InvalidBoundary {
        /// The boundary given.
        boundary: String,
        /// What is wrong with it.
        problem: BoundaryProblem,
    },
    /// Every boundary the generator offered occurred in the content of its multipart
    /// (RFC 2046 §5.1.1).
    #[error("no usable boundary after {tries} tries: each occurred in the multipart's content")]
    BoundaryCollision {
        /// How many boundaries were tried.
        tries: usize,
    },
    /// A multipart without body parts (RFC 2046 §5.1.1 requires at least one).
    #[error("a multipart needs at least one body part (RFC 2046 §5.1.1)")]
    EmptyMultipart,
    /// A preamble or epilogue that is not 7-bit text with lines of at most 998 octets.
    #[error("the {0} of a multipart must be US-ASCII text with lines of at most 998 octets")]
    InvalidMultipartText(&'static str),
    /// The transfer encoding forced on a part cannot carry its content: `7bit` with octets
    /// above 127, NUL, bare CR or LF, or lines over 998 octets; `8bit` with the last three; or
    /// `binary` and unknown mechanisms, which the builder never writes.
    #[error("the {encoding} transfer encoding cannot carry this part's content")]
    UnsuitableTransferEncoding {
        /// The mechanism that was forced.
        encoding: String,
    },
    /// An encapsulated message given as bytes holds NUL, lines over 998 octets, or 8-bit data
    /// while 8-bit transport was not allowed (RFC 2046 §5.2.1: `message/rfc822` is never
    /// transfer-encoded).
    #[error(
        "an encapsulated message must be 7-bit (or 8-bit when allowed) lines of at most 998 octets"
    )]
    InvalidEncapsulatedMessage,
}
