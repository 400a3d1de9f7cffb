//! The MIME tree (RFC 2045, RFC 2046): body parts, multiparts with their preamble and
//! epilogue, and encapsulated messages, all as offsets into the message's bytes.

mod part;
mod tree;

pub use part::{Children, Part, Parts, SectionPath};
pub(crate) use tree::build;

use std::ops::Range;

/// Where one entity (the message, a body part, an encapsulated message) lies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PartSpan {
    /// Offset of the first byte of the entity's header section.
    pub(crate) start: usize,
    /// Indexes of the entity's header fields in the message's field list.
    pub(crate) fields: Range<usize>,
    /// Offset of the first byte of the body.
    pub(crate) body_start: usize,
    /// Offset just past the body (the line break before a delimiter excluded).
    pub(crate) body_end: usize,
    /// The enclosing entity.
    pub(crate) parent: Option<usize>,
    /// The first child: the first body part of a multipart, the message of a message part.
    pub(crate) first_child: Option<usize>,
    /// The next body part of the same multipart.
    pub(crate) next_sibling: Option<usize>,
    /// Nesting depth; the message is 0.
    pub(crate) depth: usize,
    /// How the body was parsed.
    pub(crate) kind: PartKind,
    /// `true` for a body part of `multipart/digest`, whose default type is `message/rfc822`
    /// (RFC 2046 §5.1.5).
    pub(crate) in_digest: bool,
}

/// How an entity's body was parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PartKind {
    /// A leaf: the body is content.
    Leaf,
    /// A multipart with body parts as children.
    Multipart {
        /// The preamble (before the first delimiter), as offsets.
        preamble: (usize, usize),
        /// The epilogue (after the close delimiter), as offsets; `None` if there was no close
        /// delimiter.
        epilogue: Option<(usize, usize)>,
    },
    /// `message/rfc822` or `message/global`: the body is a message, the only child.
    Message,
}
