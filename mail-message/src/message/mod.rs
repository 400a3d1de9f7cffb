//! A parsed message (RFC 5322 §2.1): its header fields, MIME tree and defects, over the
//! original bytes.

mod check;
mod fields;

use std::borrow::Cow;

use crate::defect::Defect;
use crate::header::{FieldSpan, HeaderField, Headers};
use crate::mime::{self, Part, PartSpan, Parts};

/// Resource limits for [`Message::parse_with_limits`]. Exceeding one is the only way parsing
/// fails.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Deepest nesting of multiparts and encapsulated messages (the message is depth 0).
    /// Default 64.
    pub max_depth: usize,
    /// Most entities (the message, body parts, encapsulated messages) in one message.
    /// Default 10,000.
    pub max_parts: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 64,
            max_parts: 10_000,
        }
    }
}

/// A resource limit that stopped parsing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LimitError {
    /// MIME entities nested deeper than [`Limits::max_depth`].
    #[error("MIME nesting deeper than {limit} levels at offset {offset}")]
    NestingTooDeep {
        /// The configured limit.
        limit: usize,
        /// Offset of the entity that was one level too deep.
        offset: usize,
    },
    /// More MIME entities than [`Limits::max_parts`].
    #[error("more than {limit} MIME parts (the next one at offset {offset})")]
    TooManyParts {
        /// The configured limit.
        limit: usize,
        /// Offset of the first entity over the limit.
        offset: usize,
    },
}

/// A message parsed from its wire bytes (RFC 5322, MIME per RFC 2045 - 2049).
///
/// Parsing cuts the bytes into header fields and a tree of MIME entities in one pass and keeps
/// only offsets, so a `Message<'a>` borrows its input and [`Message::into_owned`] is one copy
/// of the bytes. Field values and bodies are decoded on demand. Parsing never fails on
/// malformed mail: what had to be repaired is listed in [`Message::defects`].
#[derive(Clone)]
pub struct Message<'a> {
    data: Cow<'a, [u8]>,
    fields: Vec<FieldSpan>,
    parts: Vec<PartSpan>,
    defects: Vec<Defect>,
}

impl<'a> Message<'a> {
    /// Parses `input` with the default [`Limits`].
    ///
    /// # Errors
    /// [`LimitError`] if the message nests deeper than 64 levels or has more than 10,000 parts.
    pub fn parse(input: &'a [u8]) -> Result<Self, LimitError> {
        Self::parse_with_limits(input, &Limits::default())
    }

    /// Parses `input` with the given limits.
    ///
    /// # Errors
    /// [`LimitError`] when a limit is exceeded.
    pub fn parse_with_limits(input: &'a [u8], limits: &Limits) -> Result<Self, LimitError> {
        let tree = mime::build(input, limits)?;
        Ok(Message {
            data: Cow::Borrowed(input),
            fields: tree.fields,
            parts: tree.parts,
            defects: tree.defects,
        })
    }

    /// Parses a message that the caller hands over, with the given limits.
    ///
    /// # Errors
    /// [`LimitError`] when a limit is exceeded.
    pub fn parse_owned(input: Vec<u8>, limits: &Limits) -> Result<Message<'static>, LimitError> {
        let tree = mime::build(&input, limits)?;
        Ok(Message {
            data: Cow::Owned(input),
            fields: tree.fields,
            parts: tree.parts,
            defects: tree.defects,
        })
    }

    /// This message with its bytes copied, free of the input's lifetime.
    pub fn into_owned(self) -> Message<'static> {
        Message {
            data: Cow::Owned(self.data.into_owned()),
            fields: self.fields,
            parts: self.parts,
            defects: self.defects,
        }
    }

    /// The message's bytes, exactly as parsed.
    pub fn as_bytes(&self) -> &[u8] {
        &self.data
    }

    /// The message as an entity: its header, body and MIME tree.
    pub fn root(&self) -> Part<'_> {
        Part::root(&self.data, &self.fields, &self.parts)
    }

    /// The message's header fields.
    pub fn headers(&self) -> Headers<'_> {
        self.root().headers()
    }

    /// The first header field named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<HeaderField<'_>> {
        self.headers().get(name)
    }

    /// The message body as on the wire (after the blank line).
    pub fn body(&self) -> &[u8] {
        self.root().raw_body()
    }

    /// Every entity, depth-first in the order they appear: the message first.
    pub fn parts(&self) -> Parts<'_> {
        Parts::new(&self.data, &self.fields, &self.parts)
    }

    /// The leaf entities (neither multipart nor encapsulated message), depth-first: the parts
    /// that hold content.
    pub fn leaf_parts(&self) -> std::iter::Filter<Parts<'_>, fn(&Part<'_>) -> bool> {
        fn is_leaf(part: &Part<'_>) -> bool {
            part.is_leaf()
        }
        self.parts().filter(is_leaf)
    }

    /// What was wrong with the header sections and the MIME structure, in the order found.
    pub fn defects(&self) -> &[Defect] {
        &self.defects
    }
}

impl std::fmt::Debug for Message<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Message")
            .field("len", &self.data.len())
            .field("headers", &self.headers())
            .field("parts", &self.parts().collect::<Vec<_>>())
            .field("defects", &self.defects)
            .finish()
    }
}
