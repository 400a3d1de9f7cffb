//! The command line of `mail-trace`:
//! `mail-trace --protocol smtp|lmtp|pop3|imap [--roundtrip] [--crlf] FILE...`.

use super::{Protocol, TraceOptions};

/// The usage text.
pub const USAGE: &str = "\
usage: mail-trace --protocol smtp|lmtp|pop3|imap [--roundtrip] [--crlf] FILE...

Decodes recorded sessions. FILE is a transcript: every line of the two byte streams, in the
order sent, prefixed \"C: \" (client) or \"S: \" (server), the original bytes and line ending
kept after the prefix; a piece that does not end in LF is written \"C| \" / \"S| \" plus an
added LF. Prints one line per message, \"ok LINE C|S NAME\" or \"err LINE C|S REASON\", then
\"N messages, M errors\". The exit status is 0 if there is no error.

  --protocol P  smtp, lmtp (RFC 2033), pop3 (RFC 1939) or imap (RFC 3501, RFC 9051)
  --roundtrip   encode every parsed command and reply, parse it again, compare
  --crlf        read transcript lines that end in LF as ending in CRLF (text pasted
                from the RFCs)";

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invocation {
    /// Decode these files.
    Trace {
        /// How.
        options: TraceOptions,
        /// The transcripts, in order.
        files: Vec<String>,
    },
    /// `-h` / `--help`: print [`USAGE`].
    Help,
}

/// A command line that cannot be followed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UsageError {
    /// `--protocol` is missing.
    #[error("--protocol smtp|lmtp|pop3|imap is required")]
    NoProtocol,
    /// `--protocol` has a value other than `smtp`, `lmtp`, `pop3` or `imap`.
    #[error("unknown protocol {0:?} (smtp, lmtp, pop3 or imap)")]
    UnknownProtocol(String),
    /// `--protocol` is the last argument.
    #[error("--protocol needs a value")]
    MissingValue,
    /// An option this program does not have.
    #[error("unknown option {0:?}")]
    UnknownOption(String),
    /// No file.
    #[error("no transcript file given")]
    NoFile,
}

/// Reads the arguments (without the program name).
///
/// ```
/// use mail_examples::trace::cli::{Invocation, parse_args};
/// use mail_examples::trace::{Protocol, TraceOptions};
///
/// let args = ["--protocol", "lmtp", "--roundtrip", "a.txt"].map(String::from);
/// assert_eq!(
///     parse_args(args),
///     Ok(Invocation::Trace {
///         options: TraceOptions::new(Protocol::Lmtp).with_roundtrip(true),
///         files: vec!["a.txt".into()],
///     })
/// );
/// ```
///
/// # Errors
/// [`UsageError`] for a command line that does not fit the usage.
pub fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Invocation, UsageError> {
    let mut protocol = None;
    let (mut roundtrip, mut crlf) = (false, false);
    let mut files = Vec::new();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let value = match arg.as_str() {
            "-h" | "--help" => return Ok(Invocation::Help),
            "--roundtrip" => {
                roundtrip = true;
                continue;
            }
            "--crlf" => {
                crlf = true;
                continue;
            }
            "--" => {
                files.extend(args.by_ref());
                break;
            }
            "--protocol" => args.next().ok_or(UsageError::MissingValue)?,
            a => match a.strip_prefix("--protocol=") {
                Some(v) => v.to_owned(),
                None if a.starts_with('-') && a != "-" => {
                    return Err(UsageError::UnknownOption(arg));
                }
                None => {
                    files.push(arg);
                    continue;
                }
            },
        };
        protocol = Some(match value.to_ascii_lowercase().as_str() {
            "smtp" => Protocol::Smtp,
            "lmtp" => Protocol::Lmtp,
            "pop3" => Protocol::Pop3,
            "imap" => Protocol::Imap,
            _ => return Err(UsageError::UnknownProtocol(value)),
        });
    }
    let protocol = protocol.ok_or(UsageError::NoProtocol)?;
    if files.is_empty() {
        return Err(UsageError::NoFile);
    }
    let options = TraceOptions::new(protocol)
        .with_roundtrip(roundtrip)
        .with_crlf(crlf);
    Ok(Invocation::Trace { options, files })
}
