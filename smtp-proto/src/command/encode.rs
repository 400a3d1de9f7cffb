//! Writing a command line: canonical form, the line length limit, and a last check that no
//! control character reaches the wire.

use std::fmt;
use std::io::Write as _;

use super::argument::Text;
use super::{Command, Verb};
use crate::EncodeError;

/// The longest command line, CRLF included (RFC 5321 §4.5.3.1.4). `MAIL` and `RCPT` lines
/// may be longer by what their parameters' extensions add
/// ([`MailParameters::line_extension`](super::MailParameters::line_extension),
/// [`RcptParameters::line_extension`](super::RcptParameters::line_extension)).
pub const COMMAND_LINE_LIMIT: usize = 512;

/// The line length RFC 4954 §4 considers sufficient for the base64 lines of an
/// authentication exchange (12288 octets). It is not the limit of the `AUTH` command itself:
/// "the AUTH command is still subject to the line length limitations defined in \[SMTP\]. If
/// use of the initial response argument would cause the AUTH command to exceed this length,
/// the client MUST NOT use the initial response parameter". A client that knows its server
/// takes longer `AUTH` lines (many do, for `XOAUTH2` tokens) can pass this to
/// [`Command::encode_with_limit`]; a server sizes its line buffer for SASL responses with it.
pub const SASL_LINE_LIMIT: usize = 12_288;

/// Appends a value's `Display` form (writing into a `Vec` cannot fail).
fn push(out: &mut Vec<u8>, value: &impl fmt::Display) {
    let _ = write!(out, "{value}");
}

/// `true` when `text` ends in a word `SMTPUTF8` that the parser would take for the flag of
/// `VRFY` / `EXPN`.
fn ends_in_smtputf8(text: &Text<'_>) -> bool {
    let s = text.as_str();
    s.rfind(' ')
        .and_then(|sp| s.get(sp + 1..))
        .is_some_and(|w| w.eq_ignore_ascii_case("SMTPUTF8"))
}

impl Command<'_> {
    /// The longest line [`encode`](Self::encode) writes for this command, CRLF included:
    /// [`COMMAND_LINE_LIMIT`], raised for `MAIL` and `RCPT` by the extensions of the
    /// parameters present.
    pub fn line_limit(&self) -> usize {
        COMMAND_LINE_LIMIT
            + match self {
                Command::Mail { parameters, .. } => parameters.line_extension(),
                Command::Rcpt { parameters, .. } => parameters.line_extension(),
                _ => 0,
            }
    }

    /// Appends the command line, CRLF included, in canonical form: the verb in upper case,
    /// `MAIL FROM:<path>` / `RCPT TO:<path>` without spaces around the colon, arguments and
    /// parameters separated by one space.
    ///
    /// ```
    /// use smtp_proto::command::{Command, Text};
    ///
    /// let mut out = Vec::new();
    /// Command::Noop(Some(Text::new("hello").unwrap())).encode(&mut out).unwrap();
    /// Command::Quit.encode(&mut out).unwrap();
    /// assert_eq!(out, b"NOOP hello\r\nQUIT\r\n");
    /// ```
    ///
    /// # Errors
    /// [`EncodeError::LineTooLong`] above [`line_limit`](Self::line_limit); the errors of
    /// [`encode_with_limit`](Self::encode_with_limit). Nothing is appended on error.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        self.encode_with_limit(out, self.line_limit())
    }

    /// Appends the command line with a line length limit of your choice (CRLF included).
    ///
    /// # Errors
    /// [`EncodeError::LineTooLong`] above `limit`; [`EncodeError::Reserved`] for a value the
    /// parser would read back as something else (an [`Unknown`](Command::Unknown) command
    /// with a recognised verb, an unknown parameter with a typed keyword, a `VRFY` / `EXPN`
    /// argument ending in the word `SMTPUTF8` without the flag); [`EncodeError::OutOfRange`]
    /// for numbers outside their grammar (`MT-PRIORITY`, `BY`, `HOLDFOR`);
    /// [`EncodeError::Empty`] for a `NOTIFY` list without conditions;
    /// [`EncodeError::InvalidByte`] for a bad verb of an unrecognised command, or should any
    /// control character reach the line. Nothing is appended on error.
    pub fn encode_with_limit(&self, out: &mut Vec<u8>, limit: usize) -> Result<(), EncodeError> {
        let start = out.len();
        let result = self.write_line(out).and_then(|()| {
            // Every value is checked when made; this last look makes sure that no CR, LF,
            // NUL or other control can end the line early or hide in it, whatever happens.
            let line = out.get(start..).unwrap_or_default();
            if let Some(&byte) = line.iter().find(|&&b| b < 0x20 || b == 0x7f) {
                return Err(EncodeError::InvalidByte {
                    element: "command line",
                    byte,
                });
            }
            let len = line.len() + 2;
            if len > limit {
                return Err(EncodeError::LineTooLong { len, limit });
            }
            Ok(())
        });
        match result {
            Ok(()) => {
                out.extend_from_slice(b"\r\n");
                Ok(())
            }
            Err(e) => {
                out.truncate(start);
                Err(e)
            }
        }
    }

    /// The command line, CRLF included, as a new vector.
    ///
    /// # Errors
    /// As [`encode`](Self::encode).
    pub fn to_bytes(&self) -> Result<Vec<u8>, EncodeError> {
        let mut out = Vec::new();
        self.encode(&mut out)?;
        Ok(out)
    }

    /// Writes the line without CRLF.
    fn write_line(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        if let Some(verb) = self.verb() {
            out.extend_from_slice(verb.as_str().as_bytes());
        }
        match self {
            Command::Helo { name } | Command::Ehlo { name } | Command::Lhlo { name } => {
                out.push(b' ');
                push(out, name);
            }
            Command::Mail {
                reverse_path,
                parameters,
            } => {
                out.extend_from_slice(b" FROM:");
                push(out, reverse_path);
                parameters.write(out)?;
            }
            Command::Rcpt {
                forward_path,
                parameters,
            } => {
                out.extend_from_slice(b" TO:");
                push(out, forward_path);
                parameters.write(out)?;
            }
            Command::Data | Command::Rset | Command::Quit | Command::StartTls => {}
            Command::Bdat { size, last } => {
                out.push(b' ');
                super::params::write_number(out, *size);
                if *last {
                    out.extend_from_slice(b" LAST");
                }
            }
            Command::Noop(text) | Command::Help(text) => {
                if let Some(text) = text {
                    out.push(b' ');
                    out.extend_from_slice(text.as_str().as_bytes());
                }
            }
            Command::Vrfy { argument, smtputf8 } | Command::Expn { argument, smtputf8 } => {
                if !*smtputf8 && ends_in_smtputf8(argument) {
                    return Err(EncodeError::Reserved {
                        element: "VRFY / EXPN argument",
                    });
                }
                out.push(b' ');
                out.extend_from_slice(argument.as_str().as_bytes());
                if *smtputf8 {
                    out.extend_from_slice(b" SMTPUTF8");
                }
            }
            Command::Auth {
                mechanism,
                initial_response,
            } => {
                out.push(b' ');
                out.extend_from_slice(mechanism.as_str().as_bytes());
                if let Some(response) = initial_response {
                    out.push(b' ');
                    out.extend_from_slice(response.as_str().as_bytes());
                }
            }
            Command::Unknown { verb, arguments } => {
                if verb.is_empty() {
                    return Err(EncodeError::Empty { element: "verb" });
                }
                if let Some(&byte) = verb
                    .as_bytes()
                    .iter()
                    .find(|&&b| !(b.is_ascii_alphanumeric() || b == b'-'))
                {
                    return Err(EncodeError::InvalidByte {
                        element: "verb",
                        byte,
                    });
                }
                if Verb::from_word(verb.as_bytes()).is_some() {
                    return Err(EncodeError::Reserved { element: "verb" });
                }
                out.extend_from_slice(verb.as_bytes());
                if let Some(text) = arguments {
                    out.push(b' ');
                    out.extend_from_slice(text.as_str().as_bytes());
                }
            }
        }
        Ok(())
    }
}
