//! SMTP and LMTP commands (RFC 5321 §4.1, RFC 2033, and the commands and parameters of the
//! extensions): one [`Command`] per line, parsed without copying and encoded in canonical
//! form.
//!
//! | command | RFC | variant |
//! |---|---|---|
//! | `HELO`, `EHLO` | RFC 5321 §4.1.1.1 | [`Command::Helo`], [`Command::Ehlo`] |
//! | `LHLO` | RFC 2033 §4.1 | [`Command::Lhlo`] |
//! | `MAIL FROM:` | RFC 5321 §4.1.1.2 | [`Command::Mail`] with [`MailParameters`] |
//! | `RCPT TO:` | RFC 5321 §4.1.1.3 | [`Command::Rcpt`] with [`RcptParameters`] |
//! | `DATA`, `RSET`, `QUIT` | RFC 5321 §4.1.1.4, .5, .10 | [`Command::Data`], [`Command::Rset`], [`Command::Quit`] |
//! | `BDAT` | RFC 3030 §2 | [`Command::Bdat`] |
//! | `VRFY`, `EXPN` | RFC 5321 §4.1.1.6, .7; RFC 6531 §3.7.4.2 | [`Command::Vrfy`], [`Command::Expn`] |
//! | `HELP`, `NOOP` | RFC 5321 §4.1.1.8, .9 | [`Command::Help`], [`Command::Noop`] |
//! | `STARTTLS` | RFC 3207 §4 | [`Command::StartTls`] |
//! | `AUTH` | RFC 4954 §4 | [`Command::Auth`] |
//!
//! Typed `MAIL` parameters: `SIZE` (RFC 1870), `BODY` (RFC 6152, RFC 3030), `SMTPUTF8`
//! (RFC 6531), `RET` and `ENVID` (RFC 3461), `AUTH` (RFC 4954 §5), `REQUIRETLS` (RFC 8689),
//! `MT-PRIORITY` (RFC 6710), `BY` (RFC 2852), `HOLDFOR` / `HOLDUNTIL` (RFC 4865). Typed
//! `RCPT` parameters: `NOTIFY`, `ORCPT` (RFC 3461). Other parameters are kept, not dropped.
//! Paths are `mail-message`'s envelope types.
//!
//! **Parsing** ([`Command::parse`]) takes one line without its CRLF (the framing is
//! [`crate::line`]'s job), borrows from it, and allocates nothing for the common commands.
//! Malformed lines give a [`CommandError`] that says where and which reply the RFCs ask a
//! server to send; unrecognised verbs are [`Command::Unknown`], not errors.
//!
//! **Encoding** ([`Command::encode`]) writes the whole line with its CRLF. Values are checked
//! when they are made, so nothing can put a CR, LF, NUL or other control character on the
//! line; the encoder also refuses lines over the limit (512 octets, RFC 5321 §4.5.3.1.4,
//! raised by the parameters' extensions) and values the parser would read back as something
//! else. For every command `x` the encoder accepts, `Command::parse(encode(x)) == x` under
//! the options that `x`'s values were made with.
//!
//! # Example: a session's commands
//!
//! ```
//! use smtp_proto::command::{Body, Command, ParseOptions};
//!
//! let opts = ParseOptions::new();
//! let session: &[&[u8]] = &[
//!     b"EHLO client.example.com",
//!     b"MAIL FROM:<ned@ymir.claremont.edu> BODY=8BITMIME SIZE=500000",
//!     b"RCPT TO:<mrose@dbc.mtview.ca.us> NOTIFY=SUCCESS,FAILURE",
//!     b"DATA",
//!     b"QUIT",
//! ];
//! let mut wire = Vec::new();
//! for line in session {
//!     let command = Command::parse(line, &opts)?;
//!     if let Command::Mail { parameters, .. } = &command {
//!         assert_eq!(parameters.body, Some(Body::EightBitMime));
//!     }
//!     command.encode(&mut wire).unwrap();
//! }
//! // Canonical order of the parameters: SIZE before BODY.
//! assert!(wire.starts_with(
//!     b"EHLO client.example.com\r\nMAIL FROM:<ned@ymir.claremont.edu> SIZE=500000 BODY=8BITMIME\r\n"
//! ));
//!
//! // LMTP: LHLO instead of EHLO.
//! let lmtp = ParseOptions::new().with_lmtp(true);
//! assert!(matches!(Command::parse(b"LHLO foo.edu", &lmtp)?, Command::Lhlo { .. }));
//! assert!(matches!(Command::parse(b"EHLO foo.edu", &lmtp)?, Command::Unknown { .. }));
//! # Ok::<(), smtp_proto::command::CommandError>(())
//! ```

mod argument;
mod datetime;
mod deliver_by;
mod dsn;
mod encode;
mod error;
mod mail;
mod params;
mod parse;
mod rcpt;
pub(crate) mod scan;
mod verb;

use std::borrow::Cow;

use mail_message::envelope::{ForwardPath, ReversePath};

pub use argument::{ClientName, InitialResponse, MAX_MECHANISM_LEN, Mechanism, OtherName, Text};
pub use datetime::DateTime;
pub use deliver_by::{ByMode, DeliverBy};
pub use dsn::{Notify, NotifyOn, Orcpt, Ret, Xtext};
pub use encode::{COMMAND_LINE_LIMIT, SASL_LINE_LIMIT};
pub use error::{CommandError, ParameterProblem};
pub use mail::{Body, FutureRelease, MailAuth, MailParameters};
pub use parse::ParseOptions;
pub use rcpt::RcptParameters;
pub use verb::Verb;

/// One SMTP or LMTP command (RFC 5321 §4.1.1 and the extensions, see the
/// [module](self) overview).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Command<'a> {
    /// `HELO <name>` (RFC 5321 §4.1.1.1).
    Helo {
        /// The client's name.
        name: ClientName<'a>,
    },
    /// `EHLO <name>` (RFC 5321 §4.1.1.1).
    Ehlo {
        /// The client's name.
        name: ClientName<'a>,
    },
    /// `LHLO <name>` (RFC 2033 §4.1): LMTP's `EHLO`.
    Lhlo {
        /// The client's name.
        name: ClientName<'a>,
    },
    /// `MAIL FROM:<reverse-path> [parameters]` (RFC 5321 §4.1.1.2).
    Mail {
        /// The sender, or `<>`.
        reverse_path: ReversePath<'a>,
        /// The ESMTP parameters.
        parameters: MailParameters<'a>,
    },
    /// `RCPT TO:<forward-path> [parameters]` (RFC 5321 §4.1.1.3).
    Rcpt {
        /// The recipient, or `<Postmaster>`.
        forward_path: ForwardPath<'a>,
        /// The ESMTP parameters.
        parameters: RcptParameters<'a>,
    },
    /// `DATA` (RFC 5321 §4.1.1.4).
    Data,
    /// `BDAT <size> [LAST]` (RFC 3030 §2): a chunk of `size` octets follows the line.
    Bdat {
        /// The chunk size in octets.
        size: u64,
        /// `LAST`: the message ends with this chunk.
        last: bool,
    },
    /// `RSET` (RFC 5321 §4.1.1.5).
    Rset,
    /// `NOOP [text]` (RFC 5321 §4.1.1.9): "If a parameter string is specified, servers
    /// SHOULD ignore it."
    Noop(Option<Text<'a>>),
    /// `VRFY <string> [SMTPUTF8]` (RFC 5321 §4.1.1.6, RFC 6531 §3.7.4.2).
    Vrfy {
        /// The user name or mailbox to verify, as sent.
        argument: Text<'a>,
        /// The client accepts UTF-8 in the reply.
        smtputf8: bool,
    },
    /// `EXPN <string> [SMTPUTF8]` (RFC 5321 §4.1.1.7, RFC 6531 §3.7.4.2).
    Expn {
        /// The mailing list to expand, as sent.
        argument: Text<'a>,
        /// The client accepts UTF-8 in the reply.
        smtputf8: bool,
    },
    /// `HELP [topic]` (RFC 5321 §4.1.1.8).
    Help(Option<Text<'a>>),
    /// `QUIT` (RFC 5321 §4.1.1.10).
    Quit,
    /// `STARTTLS` (RFC 3207 §4).
    StartTls,
    /// `AUTH <mechanism> [initial-response]` (RFC 4954 §4). The `*` that cancels an
    /// exchange and the base64 lines in between are SASL continuation lines, not commands.
    Auth {
        /// The SASL mechanism.
        mechanism: Mechanism<'a>,
        /// `None` when absent; `=` (empty) or base64 text when present.
        initial_response: Option<InitialResponse<'a>>,
    },
    /// A command with a well-formed verb (`1*(ALPHA / DIGIT / "-")`) that the codec does not
    /// recognise in this session (including `LHLO` in SMTP and `HELO` / `EHLO` in LMTP). A
    /// server answers `500` (RFC 5321 §4.2.4) and counts it as a bad command.
    Unknown {
        /// The verb, as sent.
        verb: Cow<'a, str>,
        /// The rest of the line, if any.
        arguments: Option<Text<'a>>,
    },
}

impl<'a> Command<'a> {
    /// The verb, or `None` for an [`Unknown`](Command::Unknown) command.
    pub fn verb(&self) -> Option<Verb> {
        Some(match self {
            Command::Helo { .. } => Verb::Helo,
            Command::Ehlo { .. } => Verb::Ehlo,
            Command::Lhlo { .. } => Verb::Lhlo,
            Command::Mail { .. } => Verb::Mail,
            Command::Rcpt { .. } => Verb::Rcpt,
            Command::Data => Verb::Data,
            Command::Bdat { .. } => Verb::Bdat,
            Command::Rset => Verb::Rset,
            Command::Noop(_) => Verb::Noop,
            Command::Vrfy { .. } => Verb::Vrfy,
            Command::Expn { .. } => Verb::Expn,
            Command::Help(_) => Verb::Help,
            Command::Quit => Verb::Quit,
            Command::StartTls => Verb::StartTls,
            Command::Auth { .. } => Verb::Auth,
            Command::Unknown { .. } => return None,
        })
    }

    /// The same command, owning all its text.
    pub fn into_owned(self) -> Command<'static> {
        match self {
            Command::Helo { name } => Command::Helo {
                name: name.into_owned(),
            },
            Command::Ehlo { name } => Command::Ehlo {
                name: name.into_owned(),
            },
            Command::Lhlo { name } => Command::Lhlo {
                name: name.into_owned(),
            },
            Command::Mail {
                reverse_path,
                parameters,
            } => Command::Mail {
                reverse_path: reverse_path.into_owned(),
                parameters: parameters.into_owned(),
            },
            Command::Rcpt {
                forward_path,
                parameters,
            } => Command::Rcpt {
                forward_path: forward_path.into_owned(),
                parameters: parameters.into_owned(),
            },
            Command::Data => Command::Data,
            Command::Bdat { size, last } => Command::Bdat { size, last },
            Command::Rset => Command::Rset,
            Command::Noop(text) => Command::Noop(text.map(Text::into_owned)),
            Command::Vrfy { argument, smtputf8 } => Command::Vrfy {
                argument: argument.into_owned(),
                smtputf8,
            },
            Command::Expn { argument, smtputf8 } => Command::Expn {
                argument: argument.into_owned(),
                smtputf8,
            },
            Command::Help(text) => Command::Help(text.map(Text::into_owned)),
            Command::Quit => Command::Quit,
            Command::StartTls => Command::StartTls,
            Command::Auth {
                mechanism,
                initial_response,
            } => Command::Auth {
                mechanism: mechanism.into_owned(),
                initial_response: initial_response.map(InitialResponse::into_owned),
            },
            Command::Unknown { verb, arguments } => Command::Unknown {
                verb: Cow::Owned(verb.into_owned()),
                arguments: arguments.map(Text::into_owned),
            },
        }
    }
}
