//! Reading one command line (RFC 5321 §4.1.1, §4.1.2; RFC 2033; RFC 3030; RFC 3207;
//! RFC 4954).

use mail_message::envelope::{EnvelopeOptions, ForwardPath, Host, ReversePath};

use super::argument::{
    ClientName, InitialResponse, Mechanism, Text, initial_response_error, mechanism_error,
};
use super::mail::MailParameters;
use super::params::number;
use super::rcpt::RcptParameters;
use super::scan::{find, first_control};
use super::{Command, CommandError, Verb};

/// How [`Command::parse`] reads a line: the envelope options and the quirks of real clients
/// it tolerates.
///
/// The default is strict where it matters: paths and parameters follow RFC 5321 §4.1.2
/// exactly (no UTF-8 unless SMTPUTF8 is in force). What every parser tolerates, whatever the
/// options: verbs and keywords in any case (RFC 5321 §2.4), trailing white space (§4.1.1:
/// "SMTP receivers SHOULD tolerate trailing white space"), and spaces before the text
/// argument of `VRFY`, `EXPN`, `HELP`, `NOOP` and unrecognised commands.
///
/// ```
/// use smtp_proto::command::{Command, ParseOptions};
///
/// // A space after the colon is tolerated by default, as nearly every server does.
/// let strict = ParseOptions::new().with_space_after_colon(false);
/// assert!(Command::parse(b"MAIL FROM: <a@example.com>", &ParseOptions::new()).is_ok());
/// assert!(Command::parse(b"MAIL FROM: <a@example.com>", &strict).is_err());
/// // Bare paths only when the envelope options allow them.
/// assert!(Command::parse(b"MAIL FROM:a@example.com", &ParseOptions::new()).is_err());
/// assert!(Command::parse(b"MAIL FROM:a@example.com", &ParseOptions::lenient()).is_ok());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct ParseOptions {
    /// How paths, mailboxes, client names and ESMTP parameters are read: SMTPUTF8 in force,
    /// and the envelope's own leniencies. `lax_spaces` also allows more than one space after
    /// the verb and between the arguments of `BDAT`, `AUTH`, `MAIL` and `RCPT`.
    pub envelope: EnvelopeOptions,
    /// The session is LMTP (RFC 2033 §4.1): `LHLO` is recognised and `HELO` / `EHLO` are not
    /// (they parse as [`Command::Unknown`], which the server answers with `500`). In SMTP it
    /// is the other way round.
    pub lmtp: bool,
    /// Accept spaces between `FROM:` / `TO:` and the path (`MAIL FROM: <a@b>`): RFC 5321
    /// §4.1.2 has none, but many clients send one and nearly every server accepts it.
    /// On by default.
    pub space_after_colon: bool,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions::new()
    }
}

impl ParseOptions {
    /// SMTP, strict envelope (ASCII), a space after the colon tolerated.
    pub const fn new() -> Self {
        ParseOptions {
            envelope: EnvelopeOptions::new(),
            lmtp: false,
            space_after_colon: true,
        }
    }

    /// SMTP, every leniency on ([`EnvelopeOptions::lenient`]), SMTPUTF8 off.
    pub const fn lenient() -> Self {
        ParseOptions {
            envelope: EnvelopeOptions::lenient(),
            lmtp: false,
            space_after_colon: true,
        }
    }

    /// These options with other envelope options.
    #[must_use]
    pub const fn with_envelope(mut self, envelope: EnvelopeOptions) -> Self {
        self.envelope = envelope;
        self
    }

    /// These options with SMTPUTF8 in force or not (a shortcut into
    /// [`envelope`](Self::envelope)).
    #[must_use]
    pub const fn with_smtputf8(mut self, on: bool) -> Self {
        self.envelope = self.envelope.with_smtputf8(on);
        self
    }

    /// These options for an LMTP session or not.
    #[must_use]
    pub const fn with_lmtp(mut self, on: bool) -> Self {
        self.lmtp = on;
        self
    }

    /// These options with [`space_after_colon`](Self::space_after_colon) set.
    #[must_use]
    pub const fn with_space_after_colon(mut self, on: bool) -> Self {
        self.space_after_colon = on;
        self
    }
}

/// The argument part of a line: its text (never empty: trailing spaces are gone) and where it
/// starts.
#[derive(Clone, Copy)]
struct Args<'a> {
    text: &'a [u8],
    offset: usize,
}

impl<'a> Args<'a> {
    /// Splits off the first word; the rest (if any) starts after the spaces that follow it
    /// (one, or any number with `lax`).
    fn split_word(self, lax: bool) -> (Args<'a>, Option<Args<'a>>) {
        let Some(sp) = find(self.text, b' ') else {
            return (self, None);
        };
        let word = Args {
            text: self.text.get(..sp).unwrap_or_default(),
            offset: self.offset,
        };
        let mut start = sp + 1;
        if lax {
            while self.text.get(start) == Some(&b' ') {
                start += 1;
            }
        }
        let rest = Args {
            text: self.text.get(start..).unwrap_or_default(),
            offset: self.offset + start,
        };
        (word, Some(rest))
    }

    /// The text as `&str`, or the offset of the first invalid octet.
    fn utf8(self) -> Result<&'a str, usize> {
        std::str::from_utf8(self.text).map_err(|e| self.offset + e.valid_up_to())
    }
}

impl<'a> Command<'a> {
    /// Parses one command line, given without its line break (see [`crate::line`]).
    ///
    /// The result borrows from `line`; nothing is allocated for the common commands (a
    /// `MAIL` or `RCPT` allocates only for unknown ESMTP parameters or a quoted local part
    /// with quoted pairs).
    ///
    /// ```
    /// use smtp_proto::command::{Command, ParseOptions};
    ///
    /// let cmd = Command::parse(b"MAIL FROM:<Smith@bar.com> SIZE=500000", &ParseOptions::new())?;
    /// let Command::Mail { reverse_path, parameters } = &cmd else { unreachable!() };
    /// assert_eq!(reverse_path.to_string(), "<Smith@bar.com>");
    /// assert_eq!(parameters.size, Some(500_000));
    /// assert_eq!(cmd.to_bytes().unwrap(), b"MAIL FROM:<Smith@bar.com> SIZE=500000\r\n");
    ///
    /// // An unrecognised verb is not an error: the server answers it with 500.
    /// let cmd = Command::parse(b"XYZZY plugh", &ParseOptions::new())?;
    /// assert!(matches!(cmd, Command::Unknown { .. }));
    ///
    /// // Errors carry the reply the RFCs ask for.
    /// let err = Command::parse(b"RCPT TO:<a@b> NOTIFY=NEVER,SUCCESS", &ParseOptions::new())
    ///     .unwrap_err();
    /// assert_eq!(err.reply_code(), 501);
    /// # Ok::<(), smtp_proto::command::CommandError>(())
    /// ```
    ///
    /// # Errors
    /// [`CommandError`], whose [`reply_code`](CommandError::reply_code) is the answer the RFCs
    /// ask a server to give.
    pub fn parse(line: &'a [u8], options: &ParseOptions) -> Result<Command<'a>, CommandError> {
        let end = line
            .iter()
            .rposition(|&b| b != b' ' && b != b'\t')
            .map_or(0, |i| i + 1);
        let line = line.get(..end).unwrap_or_default();
        if line.is_empty() {
            return Err(CommandError::Empty);
        }
        let verb_end = find(line, b' ').unwrap_or(line.len());
        let word = line.get(..verb_end).unwrap_or_default();
        if let Some(offset) = word
            .iter()
            .position(|&b| !(b.is_ascii_alphanumeric() || b == b'-'))
        {
            return Err(CommandError::InvalidVerb { offset });
        }
        if word.is_empty() {
            return Err(CommandError::InvalidVerb { offset: 0 });
        }
        let verb = Verb::from_word(word).filter(|&v| match v {
            Verb::Lhlo => options.lmtp,
            Verb::Helo | Verb::Ehlo => !options.lmtp,
            _ => true,
        });
        let tail = line.get(verb_end..).unwrap_or_default();
        if let Some(i) = first_control(tail) {
            return Err(CommandError::ControlCharacter {
                verb,
                offset: verb_end + i,
                byte: tail.get(i).copied().unwrap_or(0),
            });
        }
        let args = (verb_end < line.len()).then(|| {
            let mut start = verb_end + 1;
            if options.envelope.lax_spaces {
                while line.get(start) == Some(&b' ') {
                    start += 1;
                }
            }
            Args {
                text: line.get(start..).unwrap_or_default(),
                offset: start,
            }
        });
        let Some(verb) = verb else {
            // `word` is ASCII: the UTF-8 check cannot fail.
            let verb =
                std::str::from_utf8(word).map_err(|_| CommandError::InvalidVerb { offset: 0 })?;
            return Ok(Command::Unknown {
                verb: verb.into(),
                arguments: args.map(|a| text(a, None)).transpose()?,
            });
        };
        let required = |args: Option<Args<'a>>| {
            args.ok_or(CommandError::MissingArgument {
                verb,
                offset: line.len(),
            })
        };
        let no_argument = || match args {
            None => Ok(()),
            Some(a) => Err(CommandError::UnexpectedArgument {
                verb,
                offset: a.offset,
            }),
        };
        let opts = options.envelope;
        match verb {
            Verb::Helo | Verb::Ehlo | Verb::Lhlo => {
                let name = client_name(required(args)?, verb, opts)?;
                Ok(match verb {
                    Verb::Helo => Command::Helo { name },
                    Verb::Ehlo => Command::Ehlo { name },
                    _ => Command::Lhlo { name },
                })
            }
            Verb::Mail => mail(required(args)?, options),
            Verb::Rcpt => rcpt(required(args)?, options),
            Verb::Data => {
                no_argument()?;
                Ok(Command::Data)
            }
            Verb::Rset => {
                no_argument()?;
                Ok(Command::Rset)
            }
            Verb::Quit => {
                no_argument()?;
                Ok(Command::Quit)
            }
            Verb::StartTls => {
                no_argument()?;
                Ok(Command::StartTls)
            }
            Verb::Bdat => bdat(required(args)?, opts.lax_spaces),
            Verb::Noop => Ok(Command::Noop(
                args.map(|a| text(a, Some(verb))).transpose()?,
            )),
            Verb::Help => Ok(Command::Help(
                args.map(|a| text(a, Some(verb))).transpose()?,
            )),
            Verb::Vrfy | Verb::Expn => {
                let (argument, smtputf8) = vrfy_argument(text_str(required(args)?, Some(verb))?);
                Ok(if verb == Verb::Vrfy {
                    Command::Vrfy { argument, smtputf8 }
                } else {
                    Command::Expn { argument, smtputf8 }
                })
            }
            Verb::Auth => auth(required(args)?, opts.lax_spaces),
        }
    }
}

/// Free text (leading spaces skipped).
fn text(args: Args<'_>, verb: Option<Verb>) -> Result<Text<'_>, CommandError> {
    text_str(args, verb).map(Text::from_checked)
}

/// The checked string of [`text`].
fn text_str(args: Args<'_>, verb: Option<Verb>) -> Result<&str, CommandError> {
    let skip = args.text.iter().take_while(|&&b| b == b' ').count();
    let args = Args {
        text: args.text.get(skip..).unwrap_or_default(),
        offset: args.offset + skip,
    };
    let s = args
        .utf8()
        .map_err(|offset| CommandError::InvalidUtf8 { verb, offset })?;
    if !s.is_ascii()
        && let Some((i, _)) = s.char_indices().find(|&(_, c)| c.is_control())
    {
        return Err(CommandError::InvalidUtf8 {
            verb,
            offset: args.offset + i,
        });
    }
    Ok(s)
}

/// Splits a trailing ` SMTPUTF8` off a `VRFY` / `EXPN` argument (RFC 6531 §3.7.4.2).
fn vrfy_argument(s: &str) -> (Text<'_>, bool) {
    if let Some(sp) = s.rfind(' ')
        && s.get(sp + 1..)
            .is_some_and(|w| w.eq_ignore_ascii_case("SMTPUTF8"))
    {
        let string = s.get(..sp).unwrap_or_default().trim_end_matches(' ');
        return (Text::from_checked(string), true);
    }
    (Text::from_checked(s), false)
}

/// The argument of `HELO`, `EHLO`, `LHLO`.
fn client_name(
    args: Args<'_>,
    verb: Verb,
    opts: EnvelopeOptions,
) -> Result<ClientName<'_>, CommandError> {
    if let Ok(host) = Host::parse(args.text, opts) {
        return Ok(ClientName::Host(host));
    }
    let name = args.utf8().map_err(|offset| CommandError::InvalidUtf8 {
        verb: Some(verb),
        offset,
    })?;
    ClientName::parse_other(name, opts).map_err(|e| CommandError::Syntax {
        verb,
        offset: args.offset + e.offset,
        expected: e.expected,
    })
}

/// `"FROM:"` or `"TO:"` in any case, then the spaces tolerated before the path.
fn after_prefix<'a>(
    args: Args<'a>,
    prefix: &'static str,
    verb: Verb,
    options: &ParseOptions,
) -> Result<Args<'a>, CommandError> {
    let n = prefix.len();
    if !args
        .text
        .get(..n)
        .is_some_and(|p| p.eq_ignore_ascii_case(prefix.as_bytes()))
    {
        return Err(CommandError::Syntax {
            verb,
            offset: args.offset,
            expected: if verb == Verb::Mail {
                "\"FROM:\""
            } else {
                "\"TO:\""
            },
        });
    }
    let mut start = n;
    if options.space_after_colon {
        while args.text.get(start) == Some(&b' ') {
            start += 1;
        }
    }
    Ok(Args {
        text: args.text.get(start..).unwrap_or_default(),
        offset: args.offset + start,
    })
}

/// `MAIL FROM:<reverse-path> [SP Mail-parameters]` (RFC 5321 §4.1.1.2).
fn mail<'a>(args: Args<'a>, options: &ParseOptions) -> Result<Command<'a>, CommandError> {
    let path = after_prefix(args, "FROM:", Verb::Mail, options)?;
    // The rest of the line as `&str` once, when it is UTF-8, instead of each piece apart.
    let (reverse_path, rest, rest_str) = match std::str::from_utf8(path.text) {
        Ok(text) => ReversePath::parse_prefix_str(text, options.envelope)
            .map(|(p, rest)| (p, rest.as_bytes(), Some(rest))),
        Err(_) => {
            ReversePath::parse_prefix(path.text, options.envelope).map(|(p, rest)| (p, rest, None))
        }
    }
    .map_err(|error| CommandError::ReversePath {
        offset: path.offset,
        error,
    })?;
    let base = path.offset + (path.text.len() - rest.len());
    let parameters = MailParameters::parse(rest, rest_str, base, options.envelope)?;
    Ok(Command::Mail {
        reverse_path,
        parameters,
    })
}

/// `RCPT TO:<forward-path> [SP Rcpt-parameters]` (RFC 5321 §4.1.1.3).
fn rcpt<'a>(args: Args<'a>, options: &ParseOptions) -> Result<Command<'a>, CommandError> {
    let path = after_prefix(args, "TO:", Verb::Rcpt, options)?;
    // The rest of the line as `&str` once, when it is UTF-8, instead of each piece apart.
    let (forward_path, rest, rest_str) = match std::str::from_utf8(path.text) {
        Ok(text) => ForwardPath::parse_prefix_str(text, options.envelope)
            .map(|(p, rest)| (p, rest.as_bytes(), Some(rest))),
        Err(_) => {
            ForwardPath::parse_prefix(path.text, options.envelope).map(|(p, rest)| (p, rest, None))
        }
    }
    .map_err(|error| CommandError::ForwardPath {
        offset: path.offset,
        error,
    })?;
    let base = path.offset + (path.text.len() - rest.len());
    let parameters = RcptParameters::parse(rest, rest_str, base, options.envelope)?;
    Ok(Command::Rcpt {
        forward_path,
        parameters,
    })
}

/// `BDAT chunk-size [SP "LAST"]` (RFC 3030 §2).
fn bdat(args: Args<'_>, lax: bool) -> Result<Command<'_>, CommandError> {
    let (size, rest) = args.split_word(lax);
    let size = number(size.text, usize::MAX).map_err(|_| CommandError::ChunkSize {
        offset: size.offset,
    })?;
    let last = match rest {
        None => false,
        Some(r) if r.text.eq_ignore_ascii_case(b"LAST") => true,
        Some(r) => {
            return Err(CommandError::Syntax {
                verb: Verb::Bdat,
                offset: r.offset,
                expected: "\"LAST\" or end of line",
            });
        }
    };
    Ok(Command::Bdat { size, last })
}

/// `AUTH mechanism [SP initial-response]` (RFC 4954 §4).
fn auth(args: Args<'_>, lax: bool) -> Result<Command<'_>, CommandError> {
    let (mech, rest) = args.split_word(lax);
    if let Some(i) = mechanism_error(mech.text) {
        return Err(CommandError::Mechanism {
            offset: mech.offset + i,
        });
    }
    let mechanism = Mechanism::from_checked(
        mech.utf8()
            .map_err(|offset| CommandError::Mechanism { offset })?,
    );
    let initial_response = match rest {
        None => None,
        Some(r) => {
            if let Some(sp) = find(r.text, b' ') {
                return Err(CommandError::Syntax {
                    verb: Verb::Auth,
                    offset: r.offset + sp,
                    expected: "end of line",
                });
            }
            if let Some(i) = initial_response_error(r.text) {
                return Err(CommandError::InitialResponse {
                    offset: r.offset + i,
                });
            }
            let text = r
                .utf8()
                .map_err(|offset| CommandError::InitialResponse { offset })?;
            Some(InitialResponse::from_checked(text))
        }
    };
    Ok(Command::Auth {
        mechanism,
        initial_response,
    })
}
