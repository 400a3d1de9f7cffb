//! POP3 commands (RFC 1939 §§4-7 and the extensions): one [`Command`] per line, parsed
//! without copying and encoded in canonical form.
//!
//! | command | RFC | variant |
//! |---|---|---|
//! | `USER`, `PASS` | RFC 1939 §7 | [`Command::User`], [`Command::Pass`] |
//! | `APOP` | RFC 1939 §7 | [`Command::Apop`] |
//! | `QUIT` | RFC 1939 §§5, 6 | [`Command::Quit`] |
//! | `STAT`, `LIST`, `RETR`, `DELE`, `NOOP`, `RSET` | RFC 1939 §5 | [`Command::Stat`] … |
//! | `TOP`, `UIDL` | RFC 1939 §7 | [`Command::Top`], [`Command::Uidl`] |
//! | `CAPA` | RFC 2449 §5 | [`Command::Capa`] |
//! | `STLS` | RFC 2595 §4 | [`Command::Stls`] |
//! | `AUTH` | RFC 5034 §4 | [`Command::Auth`] |
//! | `UTF8`, `LANG` | RFC 6856 §§2, 3 | [`Command::Utf8`], [`Command::Lang`] |
//!
//! **Parsing** ([`Command::parse`]) takes one line without its CRLF (the framing is
//! [`crate::line`]'s job) and borrows from it. Keywords are case-insensitive (RFC 1939 §3).
//! Malformed lines give a [`CommandError`]; a well-formed keyword the codec does not know is
//! [`Command::Unknown`], not an error. The base64 lines of an `AUTH` exchange and the `*`
//! that cancels one are SASL continuation lines, not commands
//! ([`crate::response::Continuation`] is the server's side of them).
//!
//! **Encoding** ([`Command::encode`]) writes the whole line with its CRLF. Values are checked
//! when they are made, so nothing can put a CR, LF, NUL or other control character on the
//! line; the encoder refuses lines over [`COMMAND_LINE_LIMIT`] (255 octets, RFC 2449 §4).

mod encode;
mod error;
mod parse;
mod value;

use std::borrow::Cow;

use mail_sasl::{Mechanism, Secret};

pub use encode::{COMMAND_LINE_LIMIT, EncodeError};
pub use error::CommandError;
pub use value::{Argument, Digest, InitialResponse, LanguageRange, MessageNumber};

/// The keyword of a command (RFC 1939 §3: "a case-insensitive keyword").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Verb {
    /// `USER` (RFC 1939 §7).
    User,
    /// `PASS` (RFC 1939 §7).
    Pass,
    /// `APOP` (RFC 1939 §7).
    Apop,
    /// `QUIT` (RFC 1939 §§5, 6).
    Quit,
    /// `STAT` (RFC 1939 §5).
    Stat,
    /// `LIST` (RFC 1939 §5).
    List,
    /// `RETR` (RFC 1939 §5).
    Retr,
    /// `DELE` (RFC 1939 §5).
    Dele,
    /// `NOOP` (RFC 1939 §5).
    Noop,
    /// `RSET` (RFC 1939 §5).
    Rset,
    /// `TOP` (RFC 1939 §7).
    Top,
    /// `UIDL` (RFC 1939 §7).
    Uidl,
    /// `CAPA` (RFC 2449 §5).
    Capa,
    /// `STLS` (RFC 2595 §4).
    Stls,
    /// `AUTH` (RFC 5034 §4).
    Auth,
    /// `UTF8` (RFC 6856 §2).
    Utf8,
    /// `LANG` (RFC 6856 §3).
    Lang,
}

impl Verb {
    /// The keyword as it is written on the wire (upper case).
    pub const fn as_str(self) -> &'static str {
        match self {
            Verb::User => "USER",
            Verb::Pass => "PASS",
            Verb::Apop => "APOP",
            Verb::Quit => "QUIT",
            Verb::Stat => "STAT",
            Verb::List => "LIST",
            Verb::Retr => "RETR",
            Verb::Dele => "DELE",
            Verb::Noop => "NOOP",
            Verb::Rset => "RSET",
            Verb::Top => "TOP",
            Verb::Uidl => "UIDL",
            Verb::Capa => "CAPA",
            Verb::Stls => "STLS",
            Verb::Auth => "AUTH",
            Verb::Utf8 => "UTF8",
            Verb::Lang => "LANG",
        }
    }

    /// Every verb the codec knows.
    pub const ALL: [Verb; 17] = [
        Verb::User,
        Verb::Pass,
        Verb::Apop,
        Verb::Quit,
        Verb::Stat,
        Verb::List,
        Verb::Retr,
        Verb::Dele,
        Verb::Noop,
        Verb::Rset,
        Verb::Top,
        Verb::Uidl,
        Verb::Capa,
        Verb::Stls,
        Verb::Auth,
        Verb::Utf8,
        Verb::Lang,
    ];

    /// The verb for a keyword, ignoring case (`None` for a keyword the codec does not know).
    pub fn from_keyword(keyword: &[u8]) -> Option<Verb> {
        Verb::ALL
            .into_iter()
            .find(|v| v.as_str().as_bytes().eq_ignore_ascii_case(keyword))
    }
}

impl std::fmt::Display for Verb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One POP3 command (see the [module](self) overview).
///
/// `Debug` never shows a password (`PASS`) or the APOP digest's secret: the password is a
/// [`Secret`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Command<'a> {
    /// `USER name` (RFC 1939 §7).
    User {
        /// The mailbox name.
        name: Argument<'a>,
    },
    /// `PASS string` (RFC 1939 §7). The password is the rest of the line: "a POP3 server may
    /// treat spaces in the argument as part of the password".
    Pass {
        /// The password, as sent (octets: RFC 6856 allows UTF-8 after `UTF8`).
        password: Secret<Vec<u8>>,
    },
    /// `APOP name digest` (RFC 1939 §7).
    Apop {
        /// The mailbox name.
        name: Argument<'a>,
        /// The MD5 digest of the greeting's timestamp and the shared secret.
        digest: Digest,
    },
    /// `QUIT` (RFC 1939 §§5, 6).
    Quit,
    /// `STAT` (RFC 1939 §5).
    Stat,
    /// `LIST [msg]` (RFC 1939 §5).
    List {
        /// The message, or `None` for the whole scan listing.
        message: Option<MessageNumber>,
    },
    /// `RETR msg` (RFC 1939 §5).
    Retr {
        /// The message.
        message: MessageNumber,
    },
    /// `DELE msg` (RFC 1939 §5).
    Dele {
        /// The message.
        message: MessageNumber,
    },
    /// `NOOP` (RFC 1939 §5).
    Noop,
    /// `RSET` (RFC 1939 §5).
    Rset,
    /// `TOP msg n` (RFC 1939 §7): the header and the first `lines` lines of the body.
    Top {
        /// The message.
        message: MessageNumber,
        /// How many lines of the body (a non-negative number).
        lines: u32,
    },
    /// `UIDL [msg]` (RFC 1939 §7).
    Uidl {
        /// The message, or `None` for the whole unique-id listing.
        message: Option<MessageNumber>,
    },
    /// `CAPA` (RFC 2449 §5).
    Capa,
    /// `STLS` (RFC 2595 §4).
    Stls,
    /// `AUTH mechanism [initial-response]` (RFC 5034 §4).
    Auth {
        /// The SASL mechanism (RFC 4422 §3.1 name, upper case once parsed).
        mechanism: Mechanism,
        /// `None` when absent; `=` (empty) or base64 text when present (RFC 5034 §4).
        initial_response: Option<InitialResponse<'a>>,
    },
    /// `UTF8` (RFC 6856 §2).
    Utf8,
    /// `LANG [lang-range]` (RFC 6856 §3): without an argument, list the languages.
    Lang {
        /// The language asked for, or `None` to list them.
        range: Option<LanguageRange<'a>>,
    },
    /// A command with a well-formed keyword (`3*4VCHAR`, RFC 2449 §4; letters and digits) that
    /// the codec does not know. A server answers `-ERR` and counts it as a bad command.
    Unknown {
        /// The keyword, as sent.
        keyword: Cow<'a, str>,
        /// The rest of the line after the keyword's space, if any. Kept as octets and
        /// never echoed by this crate (it may hold a credential of an extension it does not
        /// know), so `Debug` shows only its length.
        arguments: Option<UnknownArguments<'a>>,
    },
}

/// The arguments of a [`Command::Unknown`]: octets whose `Debug` shows only their length.
#[derive(Clone, PartialEq, Eq)]
pub struct UnknownArguments<'a>(pub Cow<'a, [u8]>);

impl std::fmt::Debug for UnknownArguments<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "UnknownArguments({} octets)", self.0.len())
    }
}

impl Command<'_> {
    /// The command's verb (`None` for [`Command::Unknown`]).
    pub fn verb(&self) -> Option<Verb> {
        Some(match self {
            Command::User { .. } => Verb::User,
            Command::Pass { .. } => Verb::Pass,
            Command::Apop { .. } => Verb::Apop,
            Command::Quit => Verb::Quit,
            Command::Stat => Verb::Stat,
            Command::List { .. } => Verb::List,
            Command::Retr { .. } => Verb::Retr,
            Command::Dele { .. } => Verb::Dele,
            Command::Noop => Verb::Noop,
            Command::Rset => Verb::Rset,
            Command::Top { .. } => Verb::Top,
            Command::Uidl { .. } => Verb::Uidl,
            Command::Capa => Verb::Capa,
            Command::Stls => Verb::Stls,
            Command::Auth { .. } => Verb::Auth,
            Command::Utf8 => Verb::Utf8,
            Command::Lang { .. } => Verb::Lang,
            Command::Unknown { .. } => return None,
        })
    }

    /// Whether the answer to this command is a multi-line response when it is `+OK`
    /// (RFC 1939 §3): `LIST` and `UIDL` without an argument, `RETR`, `TOP`, `CAPA`, and
    /// `LANG` without an argument (RFC 6856 §3).
    pub fn expects_multi_line(&self) -> bool {
        matches!(
            self,
            Command::List { message: None }
                | Command::Uidl { message: None }
                | Command::Retr { .. }
                | Command::Top { .. }
                | Command::Capa
                | Command::Lang { range: None }
        )
    }

    /// The same command, owning all its text.
    pub fn into_owned(self) -> Command<'static> {
        match self {
            Command::User { name } => Command::User {
                name: name.into_owned(),
            },
            Command::Pass { password } => Command::Pass { password },
            Command::Apop { name, digest } => Command::Apop {
                name: name.into_owned(),
                digest,
            },
            Command::Quit => Command::Quit,
            Command::Stat => Command::Stat,
            Command::List { message } => Command::List { message },
            Command::Retr { message } => Command::Retr { message },
            Command::Dele { message } => Command::Dele { message },
            Command::Noop => Command::Noop,
            Command::Rset => Command::Rset,
            Command::Top { message, lines } => Command::Top { message, lines },
            Command::Uidl { message } => Command::Uidl { message },
            Command::Capa => Command::Capa,
            Command::Stls => Command::Stls,
            Command::Auth {
                mechanism,
                initial_response,
            } => Command::Auth {
                mechanism,
                initial_response: initial_response.map(InitialResponse::into_owned),
            },
            Command::Utf8 => Command::Utf8,
            Command::Lang { range } => Command::Lang {
                range: range.map(LanguageRange::into_owned),
            },
            Command::Unknown { keyword, arguments } => Command::Unknown {
                keyword: Cow::Owned(keyword.into_owned()),
                arguments: arguments.map(|a| UnknownArguments(Cow::Owned(a.0.into_owned()))),
            },
        }
    }
}
