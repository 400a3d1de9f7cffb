//! Why a command could not be parsed, with what a server needs to answer it.

use crate::error::{ParseError, Rule};
use crate::types::Tag;

/// What went wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CommandErrorKind {
    /// The input ended inside the command: more octets may complete it (the framing stage
    /// should have delivered the whole message).
    Incomplete {
        /// At least this many more octets are needed.
        needed: usize,
    },
    /// A byte that the grammar does not allow there.
    Syntax {
        /// The rule being read.
        rule: Rule,
    },
    /// A command name this crate does not know (or does not parse yet, such as `FETCH`):
    /// the server answers `BAD` (RFC 3501 §7.1.3).
    UnknownCommand,
}

/// A command that could not be parsed (RFC 3501 §7.1.3: the server answers `BAD`, tagged
/// when the tag could be read, untagged otherwise).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", describe(self))]
pub struct CommandError<'a> {
    /// The command's tag, when it was read.
    pub tag: Option<Tag<'a>>,
    /// Where the problem is, from the start of the input.
    pub offset: usize,
    /// What it is.
    pub kind: CommandErrorKind,
}

fn describe(e: &CommandError<'_>) -> String {
    match e.kind {
        CommandErrorKind::Incomplete { needed } => {
            format!("incomplete command: at least {needed} more octets needed")
        }
        CommandErrorKind::Syntax { rule } => {
            format!("invalid {rule} at offset {}", e.offset)
        }
        CommandErrorKind::UnknownCommand => {
            format!("unknown command at offset {}", e.offset)
        }
    }
}

impl<'a> CommandError<'a> {
    pub(crate) fn from_parse(tag: Option<Tag<'a>>, at: usize, e: ParseError) -> Self {
        match e {
            ParseError::Incomplete { needed } => Self {
                tag,
                offset: at,
                kind: CommandErrorKind::Incomplete { needed },
            },
            ParseError::Invalid { rule, offset } => Self {
                tag,
                offset,
                kind: CommandErrorKind::Syntax { rule },
            },
        }
    }

    /// Whether more input could complete the command.
    pub fn is_incomplete(&self) -> bool {
        matches!(self.kind, CommandErrorKind::Incomplete { .. })
    }

    /// The same error, owning its tag.
    pub fn into_owned(self) -> CommandError<'static> {
        CommandError {
            tag: self.tag.map(Tag::into_owned),
            offset: self.offset,
            kind: self.kind,
        }
    }
}
