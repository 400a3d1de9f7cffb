//! Writing commands: the whole line with its CRLF, refusing what cannot be written safely.

use super::Command;

/// The longest command line, CRLF included (RFC 2449 §4: "the maximum length of a command
/// line is 255 octets, including the terminating CRLF").
pub const COMMAND_LINE_LIMIT: usize = 255;

/// Why a value could not be made or a command or response could not be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeError {
    /// The value holds a byte its grammar does not allow there (a space in an argument, a CR,
    /// LF or NUL anywhere, a character outside base64 …), or is empty where it must not be.
    #[error("invalid byte at offset {offset}")]
    Invalid {
        /// Where in the value the offending byte is (its length when the value ends too soon).
        offset: usize,
    },
    /// The line, CRLF included, would be longer than the limit.
    #[error("line of {len} octets is longer than the limit of {limit}")]
    LineTooLong {
        /// The line's length, CRLF included.
        len: usize,
        /// The limit.
        limit: usize,
    },
}

impl Command<'_> {
    /// Appends the command line, CRLF included, to `out`.
    ///
    /// # Errors
    /// [`EncodeError::Invalid`] for a `PASS` password that is empty or holds a CR, LF or NUL
    /// (the only value not checked when it is made); [`EncodeError::LineTooLong`] for a line
    /// over [`COMMAND_LINE_LIMIT`]. Nothing is appended on error.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        let start = out.len();
        let result = self.write(out).and_then(|()| {
            let len = out.len() - start;
            if len > COMMAND_LINE_LIMIT {
                Err(EncodeError::LineTooLong {
                    len,
                    limit: COMMAND_LINE_LIMIT,
                })
            } else {
                Ok(())
            }
        });
        if result.is_err() {
            // The line may hold a password: wipe it before giving the space back.
            if let Some(tail) = out.get_mut(start..) {
                tail.fill(0);
            }
            out.truncate(start);
        }
        result
    }

    /// The command line as a new buffer (see [`encode`](Self::encode)).
    ///
    /// # Errors
    /// As [`encode`](Self::encode).
    pub fn to_bytes(&self) -> Result<Vec<u8>, EncodeError> {
        let mut out = Vec::new();
        self.encode(&mut out)?;
        Ok(out)
    }

    fn write(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        fn number(out: &mut Vec<u8>, n: u32) {
            out.push(b' ');
            out.extend_from_slice(n.to_string().as_bytes());
        }
        match self {
            Command::Unknown { keyword, arguments } => {
                // A keyword is letters and digits (RFC 2449 §4 `keyword = 3*4VCHAR`, read
                // leniently as 1 to 20), and not one the codec knows, or it would read back
                // as that command.
                let bad = keyword
                    .bytes()
                    .position(|b| !b.is_ascii_alphanumeric())
                    .or((keyword.is_empty() || keyword.len() > 20).then_some(keyword.len().min(20)))
                    .or(super::Verb::from_keyword(keyword.as_bytes()).map(|_| 0));
                if let Some(offset) = bad {
                    return Err(EncodeError::Invalid { offset });
                }
                out.extend_from_slice(keyword.as_bytes());
                if let Some(arguments) = arguments {
                    if let Some(offset) = arguments
                        .0
                        .iter()
                        .position(|&b| matches!(b, b'\r' | b'\n' | 0))
                    {
                        return Err(EncodeError::Invalid { offset });
                    }
                    out.push(b' ');
                    out.extend_from_slice(&arguments.0);
                }
            }
            _ => {
                let verb = self.verb().map(|v| v.as_str()).unwrap_or_default();
                out.extend_from_slice(verb.as_bytes());
            }
        }
        match self {
            Command::User { name } => {
                out.push(b' ');
                out.extend_from_slice(name.as_str().as_bytes());
            }
            Command::Pass { password } => {
                let password = password.expose();
                if password.is_empty() {
                    return Err(EncodeError::Invalid { offset: 0 });
                }
                if let Some(offset) = password
                    .iter()
                    .position(|&b| matches!(b, b'\r' | b'\n' | 0))
                {
                    return Err(EncodeError::Invalid { offset });
                }
                out.push(b' ');
                out.extend_from_slice(password);
            }
            Command::Apop { name, digest } => {
                out.push(b' ');
                out.extend_from_slice(name.as_str().as_bytes());
                out.push(b' ');
                out.extend_from_slice(&digest.to_hex());
            }
            Command::List { message } | Command::Uidl { message } => {
                if let Some(m) = message {
                    number(out, m.get());
                }
            }
            Command::Retr { message } | Command::Dele { message } => number(out, message.get()),
            Command::Top { message, lines } => {
                number(out, message.get());
                number(out, *lines);
            }
            Command::Auth {
                mechanism,
                initial_response,
            } => {
                out.push(b' ');
                out.extend_from_slice(mechanism.as_str().as_bytes());
                if let Some(ir) = initial_response {
                    out.push(b' ');
                    out.extend_from_slice(ir.as_str().as_bytes());
                }
            }
            Command::Lang { range: Some(range) } => {
                out.push(b' ');
                out.extend_from_slice(range.as_str().as_bytes());
            }
            Command::Quit
            | Command::Stat
            | Command::Noop
            | Command::Rset
            | Command::Capa
            | Command::Stls
            | Command::Utf8
            | Command::Lang { range: None }
            | Command::Unknown { .. } => {}
        }
        out.extend_from_slice(b"\r\n");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use mail_sasl::{Mechanism, Secret};

    use super::super::{Argument, Digest, InitialResponse, MessageNumber};
    use super::*;

    fn n(n: u32) -> MessageNumber {
        MessageNumber::new(n).unwrap()
    }

    #[test]
    fn every_command_encodes_as_the_rfc_writes_it() {
        let cases: Vec<(Command<'_>, &[u8])> = vec![
            (
                Command::User {
                    name: Argument::new("mrose").unwrap(),
                },
                b"USER mrose\r\n",
            ),
            (
                Command::Pass {
                    password: Secret::new(b"secret words".to_vec()),
                },
                b"PASS secret words\r\n",
            ),
            (
                Command::Apop {
                    name: Argument::new("mrose").unwrap(),
                    digest: Digest::compute(b"<1896.697170952@dbc.mtview.ca.us>", b"tanstaaf"),
                },
                b"APOP mrose c4c9334bac560ecc979e58001b3e22fb\r\n",
            ),
            (Command::Stat, b"STAT\r\n"),
            (Command::List { message: None }, b"LIST\r\n"),
            (
                Command::List {
                    message: Some(n(2)),
                },
                b"LIST 2\r\n",
            ),
            (Command::Retr { message: n(1) }, b"RETR 1\r\n"),
            (Command::Dele { message: n(1) }, b"DELE 1\r\n"),
            (Command::Noop, b"NOOP\r\n"),
            (Command::Rset, b"RSET\r\n"),
            (Command::Quit, b"QUIT\r\n"),
            (
                Command::Top {
                    message: n(1),
                    lines: 10,
                },
                b"TOP 1 10\r\n",
            ),
            (
                Command::Uidl {
                    message: Some(n(2)),
                },
                b"UIDL 2\r\n",
            ),
            (Command::Capa, b"CAPA\r\n"),
            (Command::Stls, b"STLS\r\n"),
            (
                Command::Auth {
                    mechanism: Mechanism::Plain,
                    initial_response: Some(InitialResponse::new("dGVzdAB0ZXN0AHRlc3Q=").unwrap()),
                },
                b"AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=\r\n",
            ),
            (Command::Utf8, b"UTF8\r\n"),
        ];
        for (command, wire) in cases {
            assert_eq!(command.to_bytes().unwrap(), wire, "{command:?}");
        }
    }

    #[test]
    fn refuses_injection_and_long_lines() {
        let mut out = b"kept".to_vec();
        let pass = Command::Pass {
            password: Secret::new(b"a\r\nDELE 1".to_vec()),
        };
        assert_eq!(
            pass.encode(&mut out),
            Err(EncodeError::Invalid { offset: 1 })
        );
        assert_eq!(out, b"kept");
        let long = Command::User {
            name: Argument::new("a".repeat(250)).unwrap(),
        };
        assert_eq!(
            long.encode(&mut out),
            Err(EncodeError::LineTooLong {
                len: 257,
                limit: 255
            })
        );
        assert_eq!(out, b"kept");
        let pass = Command::Pass {
            password: Secret::new(Vec::new()),
        };
        assert_eq!(pass.to_bytes(), Err(EncodeError::Invalid { offset: 0 }));
    }

    #[test]
    fn debug_hides_credentials() {
        let pass = Command::Pass {
            password: Secret::new(b"tanstaaf".to_vec()),
        };
        assert!(!format!("{pass:?}").contains("tanstaaf"));
    }
}
