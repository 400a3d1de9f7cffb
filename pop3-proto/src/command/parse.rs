//! Reading a command line (RFC 1939 §3): "a case-insensitive keyword, possibly followed by one
//! or more arguments ... separated by a single SPACE character".
//!
//! Leniency, and only this: keywords in any case, and trailing spaces after the last argument
//! (clients such as old Outlook versions send `LIST ` and `STAT `). Between arguments exactly
//! one space. `PASS` takes the rest of the line as it is, spaces included (RFC 1939 §7); an
//! unknown command keeps the rest of its line as it is.

use std::borrow::Cow;

use mail_sasl::{Mechanism, Secret};

use super::value::{
    Argument, Digest, InitialResponse, LanguageRange, MessageNumber, argument_error,
    initial_response_error, language_range_error,
};
use super::{Command, CommandError, UnknownArguments, Verb};

/// The longest keyword read as a command (RFC 2449 §4 has `3*4VCHAR`; read leniently).
const KEYWORD_LIMIT: usize = 20;

/// The arguments after the keyword: the first three words (no command takes more than two),
/// each with its offset in the line, and how many there are. Kept on the stack.
struct Words<'a> {
    verb: Verb,
    words: [(&'a [u8], usize); 3],
    count: usize,
}

impl<'a> Words<'a> {
    /// Splits `rest` (starting at `offset` in the line) at single spaces, trailing spaces
    /// ignored. An empty word (two spaces in a row, a leading space) is an error.
    fn split(verb: Verb, rest: &'a [u8], offset: usize) -> Result<Self, CommandError> {
        let end = rest.iter().rposition(|&b| b != b' ').map_or(0, |i| i + 1);
        let rest = rest.get(..end).unwrap_or_default();
        let mut words = [(&b""[..], 0); 3];
        let mut count = 0;
        if !rest.is_empty() {
            let mut at = offset;
            for word in rest.split(|&b| b == b' ') {
                if word.is_empty() {
                    return Err(CommandError::InvalidArgument { verb, offset: at });
                }
                if let Some(slot) = words.get_mut(count) {
                    *slot = (word, at);
                }
                count += 1;
                at += word.len() + 1;
            }
        }
        Ok(Words { verb, words, count })
    }

    /// Exactly `min..=max` words, else the matching error.
    fn expect(&self, min: usize, max: usize) -> Result<(), CommandError> {
        if self.count < min {
            return Err(CommandError::MissingArgument { verb: self.verb });
        }
        if let Some(&(_, offset)) = self.words.get(max).filter(|_| self.count > max) {
            return Err(CommandError::UnexpectedArgument {
                verb: self.verb,
                offset,
            });
        }
        Ok(())
    }

    fn get(&self, i: usize) -> Option<(&'a [u8], usize)> {
        self.words.get(i).copied().filter(|_| i < self.count)
    }

    fn invalid(&self, offset: usize) -> CommandError {
        CommandError::InvalidArgument {
            verb: self.verb,
            offset,
        }
    }

    /// Word `i` as a non-negative decimal number (no sign, overflow is an error).
    fn number(&self, i: usize) -> Result<Option<u32>, CommandError> {
        let Some((word, offset)) = self.get(i) else {
            return Ok(None);
        };
        let mut n: u32 = 0;
        for (j, &b) in word.iter().enumerate() {
            let digit = match b {
                b'0'..=b'9' => u32::from(b - b'0'),
                _ => return Err(self.invalid(offset + j)),
            };
            n = n
                .checked_mul(10)
                .and_then(|n| n.checked_add(digit))
                .ok_or(self.invalid(offset + j))?;
        }
        Ok(Some(n))
    }

    /// Word `i` as a message number (RFC 1939 §5: decimal, from 1).
    fn message(&self, i: usize) -> Result<Option<MessageNumber>, CommandError> {
        match self.number(i)? {
            None => Ok(None),
            Some(n) => MessageNumber::new(n)
                .map(Some)
                .ok_or(self.invalid(self.get(i).map_or(0, |w| w.1))),
        }
    }

    /// Word `i` as an [`Argument`].
    fn argument(&self, i: usize) -> Result<Argument<'a>, CommandError> {
        let (word, offset) = self
            .get(i)
            .ok_or(CommandError::MissingArgument { verb: self.verb })?;
        if let Some(e) = argument_error(word) {
            return Err(self.invalid(offset + e));
        }
        std::str::from_utf8(word)
            .map(Argument::from_checked)
            .map_err(|e| self.invalid(offset + e.valid_up_to()))
    }

    /// Word `i` as ASCII text checked by `check` (which gives the offset of a bad byte).
    fn ascii(
        &self,
        i: usize,
        check: impl Fn(&[u8]) -> Option<usize>,
    ) -> Result<Option<&'a str>, CommandError> {
        let Some((word, offset)) = self.get(i) else {
            return Ok(None);
        };
        if let Some(e) = check(word) {
            return Err(self.invalid(offset + e));
        }
        std::str::from_utf8(word)
            .map(Some)
            .map_err(|e| self.invalid(offset + e.valid_up_to()))
    }
}

/// Whether `b` is a control character: C0, or DEL.
fn is_control(b: u8) -> bool {
    b < b' ' || b == 0x7f
}

impl<'a> Command<'a> {
    /// Parses one command line, given without its CRLF (see [`crate::line`]).
    ///
    /// The result borrows from `line`; only a `PASS` password is copied (into a
    /// [`Secret`], which wipes it when dropped).
    ///
    /// ```
    /// use pop3_proto::command::{Command, MessageNumber};
    ///
    /// assert_eq!(
    ///     Command::parse(b"top 1 10"),
    ///     Ok(Command::Top { message: MessageNumber::new(1).unwrap(), lines: 10 })
    /// );
    /// assert!(Command::parse(b"RETR 0").is_err());
    /// ```
    ///
    /// # Errors
    /// A [`CommandError`] saying what is wrong and where. A well-formed keyword the codec does
    /// not know is not an error: it is [`Command::Unknown`].
    pub fn parse(line: &'a [u8]) -> Result<Command<'a>, CommandError> {
        if line.is_empty() {
            return Err(CommandError::Empty);
        }
        let keyword_end = memchr::memchr(b' ', line).unwrap_or(line.len());
        let keyword = line.get(..keyword_end).unwrap_or_default();
        if let Some(i) = keyword.iter().position(|b| !b.is_ascii_alphanumeric()) {
            let byte = keyword.get(i).copied().unwrap_or_default();
            return Err(if is_control(byte) {
                CommandError::ControlCharacter {
                    verb: None,
                    offset: i,
                    byte,
                }
            } else {
                CommandError::InvalidKeyword { offset: i }
            });
        }
        if keyword.is_empty() || keyword.len() > KEYWORD_LIMIT {
            return Err(CommandError::InvalidKeyword {
                offset: keyword.len().min(KEYWORD_LIMIT),
            });
        }
        let rest_offset = (keyword_end + 1).min(line.len());
        let rest = line.get(rest_offset..).unwrap_or_default();
        let has_rest = keyword_end < line.len();
        let Some(verb) = Verb::from_keyword(keyword) else {
            return Self::unknown(keyword, has_rest.then_some(rest), rest_offset);
        };
        // PASS (and unknown commands) carry arbitrary octets but CR, LF and NUL; every other
        // argument is printable.
        let forbidden = |b: u8| {
            if verb == Verb::Pass {
                matches!(b, b'\r' | b'\n' | 0)
            } else {
                is_control(b)
            }
        };
        if let Some(i) = rest.iter().position(|&b| forbidden(b)) {
            return Err(CommandError::ControlCharacter {
                verb: Some(verb),
                offset: rest_offset + i,
                byte: rest.get(i).copied().unwrap_or_default(),
            });
        }
        if verb == Verb::Pass {
            // RFC 1939 §7: "the POP3 server may treat spaces in the argument as part of the
            // password, instead of as argument separators".
            if rest.is_empty() {
                return Err(CommandError::MissingArgument { verb });
            }
            return Ok(Command::Pass {
                password: Secret::new(rest.to_vec()),
            });
        }
        let words = Words::split(verb, rest, rest_offset)?;
        Self::known(&words)
    }

    /// A command with arguments split into words.
    fn known(w: &Words<'a>) -> Result<Command<'a>, CommandError> {
        let verb = w.verb;
        let bare = |command: Command<'a>| w.expect(0, 0).map(|()| command);
        match verb {
            Verb::Quit => bare(Command::Quit),
            Verb::Stat => bare(Command::Stat),
            Verb::Noop => bare(Command::Noop),
            Verb::Rset => bare(Command::Rset),
            Verb::Capa => bare(Command::Capa),
            Verb::Stls => bare(Command::Stls),
            Verb::Utf8 => bare(Command::Utf8),
            Verb::User => {
                w.expect(1, 1)?;
                Ok(Command::User {
                    name: w.argument(0)?,
                })
            }
            Verb::Apop => {
                w.expect(2, 2)?;
                let name = w.argument(0)?;
                let (hex, offset) = w.get(1).unwrap_or_default();
                let digest = Digest::from_hex(hex).ok_or(w.invalid(offset))?;
                Ok(Command::Apop { name, digest })
            }
            Verb::List | Verb::Uidl => {
                w.expect(0, 1)?;
                let message = w.message(0)?;
                Ok(if verb == Verb::List {
                    Command::List { message }
                } else {
                    Command::Uidl { message }
                })
            }
            Verb::Retr | Verb::Dele => {
                w.expect(1, 1)?;
                let message = w
                    .message(0)?
                    .ok_or(CommandError::MissingArgument { verb })?;
                Ok(if verb == Verb::Retr {
                    Command::Retr { message }
                } else {
                    Command::Dele { message }
                })
            }
            Verb::Top => {
                w.expect(2, 2)?;
                let message = w
                    .message(0)?
                    .ok_or(CommandError::MissingArgument { verb })?;
                let lines = w.number(1)?.ok_or(CommandError::MissingArgument { verb })?;
                Ok(Command::Top { message, lines })
            }
            Verb::Auth => {
                w.expect(1, 2)?;
                let (name, offset) = w.get(0).unwrap_or_default();
                let mechanism = Mechanism::from_bytes(name).map_err(|_| w.invalid(offset))?;
                let initial_response = w
                    .ascii(1, initial_response_error)?
                    .map(InitialResponse::from_checked);
                Ok(Command::Auth {
                    mechanism,
                    initial_response,
                })
            }
            Verb::Lang => {
                w.expect(0, 1)?;
                let range = w
                    .ascii(0, language_range_error)?
                    .map(LanguageRange::from_checked);
                Ok(Command::Lang { range })
            }
            Verb::Pass => Err(CommandError::MissingArgument { verb }),
        }
    }

    /// A keyword the codec does not know; the rest of the line is kept as it is.
    fn unknown(
        keyword: &'a [u8],
        rest: Option<&'a [u8]>,
        rest_offset: usize,
    ) -> Result<Command<'a>, CommandError> {
        if let Some(rest) = rest
            && let Some(i) = rest.iter().position(|&b| matches!(b, b'\r' | b'\n' | 0))
        {
            return Err(CommandError::ControlCharacter {
                verb: None,
                offset: rest_offset + i,
                byte: rest.get(i).copied().unwrap_or_default(),
            });
        }
        // The keyword is ASCII letters and digits, checked above.
        let keyword =
            std::str::from_utf8(keyword).map_err(|_| CommandError::InvalidKeyword { offset: 0 })?;
        Ok(Command::Unknown {
            keyword: Cow::Borrowed(keyword),
            arguments: rest.map(|r| UnknownArguments(Cow::Borrowed(r))),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(n: u32) -> MessageNumber {
        MessageNumber::new(n).unwrap()
    }

    #[test]
    fn commands_without_arguments() {
        for (line, command) in [
            (&b"QUIT"[..], Command::Quit),
            (b"stat", Command::Stat),
            (b"NoOp", Command::Noop),
            (b"RSET", Command::Rset),
            (b"CAPA", Command::Capa),
            (b"STLS", Command::Stls),
            (b"UTF8", Command::Utf8),
            (b"STAT ", Command::Stat),
            (b"QUIT  ", Command::Quit),
        ] {
            assert_eq!(Command::parse(line), Ok(command), "{line:?}");
        }
        assert_eq!(
            Command::parse(b"QUIT now"),
            Err(CommandError::UnexpectedArgument {
                verb: Verb::Quit,
                offset: 5
            })
        );
    }

    #[test]
    fn user_and_pass() {
        assert_eq!(
            Command::parse(b"USER mrose"),
            Ok(Command::User {
                name: Argument::new("mrose").unwrap()
            })
        );
        assert_eq!(
            Command::parse(b"user j\xc3\xbcrgen@example.org"),
            Ok(Command::User {
                name: Argument::new("jürgen@example.org").unwrap()
            })
        );
        assert_eq!(
            Command::parse(b"USER"),
            Err(CommandError::MissingArgument { verb: Verb::User })
        );
        assert_eq!(
            Command::parse(b"USER a b"),
            Err(CommandError::UnexpectedArgument {
                verb: Verb::User,
                offset: 7
            })
        );
        assert_eq!(
            Command::parse(b"USER \xff"),
            Err(CommandError::InvalidArgument {
                verb: Verb::User,
                offset: 5
            })
        );
        assert_eq!(
            Command::parse(b"USER a\tb"),
            Err(CommandError::ControlCharacter {
                verb: Some(Verb::User),
                offset: 6,
                byte: b'\t'
            })
        );
        let Ok(Command::Pass { password }) = Command::parse(b"PASS  secret words ") else {
            panic!("PASS")
        };
        assert_eq!(password.expose(), b" secret words ");
        let Ok(Command::Pass { password }) = Command::parse(b"pass a\tb\xff") else {
            panic!("PASS")
        };
        assert_eq!(password.expose(), b"a\tb\xff");
        assert_eq!(
            Command::parse(b"PASS"),
            Err(CommandError::MissingArgument { verb: Verb::Pass })
        );
        assert_eq!(
            Command::parse(b"PASS "),
            Err(CommandError::MissingArgument { verb: Verb::Pass })
        );
        assert_eq!(
            Command::parse(b"PASS a\0b"),
            Err(CommandError::ControlCharacter {
                verb: Some(Verb::Pass),
                offset: 6,
                byte: 0
            })
        );
    }

    #[test]
    fn apop() {
        assert_eq!(
            Command::parse(b"APOP mrose c4c9334bac560ecc979e58001b3e22fb"),
            Ok(Command::Apop {
                name: Argument::new("mrose").unwrap(),
                digest: Digest::compute(b"<1896.697170952@dbc.mtview.ca.us>", b"tanstaaf"),
            })
        );
        assert_eq!(
            Command::parse(b"APOP mrose c4c9334bac560ecc979e58001b3e22f"),
            Err(CommandError::InvalidArgument {
                verb: Verb::Apop,
                offset: 11
            })
        );
        assert_eq!(
            Command::parse(b"APOP mrose"),
            Err(CommandError::MissingArgument { verb: Verb::Apop })
        );
        assert_eq!(
            Command::parse(b"APOP mrose c4c9334bac560ecc979e58001b3e22fb x"),
            Err(CommandError::UnexpectedArgument {
                verb: Verb::Apop,
                offset: 44
            })
        );
    }

    #[test]
    fn message_numbers() {
        assert_eq!(Command::parse(b"LIST"), Ok(Command::List { message: None }));
        assert_eq!(
            Command::parse(b"LIST 2"),
            Ok(Command::List {
                message: Some(n(2))
            })
        );
        assert_eq!(Command::parse(b"UIDL"), Ok(Command::Uidl { message: None }));
        assert_eq!(
            Command::parse(b"uidl 4294967295"),
            Ok(Command::Uidl {
                message: Some(n(u32::MAX))
            })
        );
        assert_eq!(
            Command::parse(b"RETR 1"),
            Ok(Command::Retr { message: n(1) })
        );
        assert_eq!(
            Command::parse(b"DELE 01"),
            Ok(Command::Dele { message: n(1) })
        );
        assert_eq!(
            Command::parse(b"TOP 1 0"),
            Ok(Command::Top {
                message: n(1),
                lines: 0
            })
        );
        let invalid = |verb, offset| Err(CommandError::InvalidArgument { verb, offset });
        assert_eq!(Command::parse(b"RETR 0"), invalid(Verb::Retr, 5));
        assert_eq!(Command::parse(b"RETR +1"), invalid(Verb::Retr, 5));
        assert_eq!(Command::parse(b"RETR -1"), invalid(Verb::Retr, 5));
        assert_eq!(Command::parse(b"RETR 1a"), invalid(Verb::Retr, 6));
        assert_eq!(Command::parse(b"LIST 4294967296"), invalid(Verb::List, 14));
        assert_eq!(
            Command::parse(b"DELE 99999999999999999999999"),
            invalid(Verb::Dele, 14)
        );
        assert_eq!(Command::parse(b"TOP 1 -1"), invalid(Verb::Top, 6));
        assert_eq!(Command::parse(b"LIST  1"), invalid(Verb::List, 5));
        assert_eq!(
            Command::parse(b"RETR"),
            Err(CommandError::MissingArgument { verb: Verb::Retr })
        );
        assert_eq!(
            Command::parse(b"TOP 1"),
            Err(CommandError::MissingArgument { verb: Verb::Top })
        );
        assert_eq!(
            Command::parse(b"LIST 1 2"),
            Err(CommandError::UnexpectedArgument {
                verb: Verb::List,
                offset: 7
            })
        );
    }

    #[test]
    fn auth() {
        assert_eq!(
            Command::parse(b"AUTH plain"),
            Ok(Command::Auth {
                mechanism: Mechanism::Plain,
                initial_response: None
            })
        );
        assert_eq!(
            Command::parse(b"AUTH PLAIN ="),
            Ok(Command::Auth {
                mechanism: Mechanism::Plain,
                initial_response: Some(InitialResponse::new("=").unwrap())
            })
        );
        assert_eq!(
            Command::parse(b"AUTH X-UNKNOWN dGVzdA=="),
            Ok(Command::Auth {
                mechanism: Mechanism::Other("X-UNKNOWN".into()),
                initial_response: Some(InitialResponse::new("dGVzdA==").unwrap())
            })
        );
        assert_eq!(
            Command::parse(b"AUTH"),
            Err(CommandError::MissingArgument { verb: Verb::Auth })
        );
        assert_eq!(
            Command::parse(b"AUTH PL@IN"),
            Err(CommandError::InvalidArgument {
                verb: Verb::Auth,
                offset: 5
            })
        );
        assert_eq!(
            Command::parse(b"AUTH PLAIN dGVzdA="),
            Err(CommandError::InvalidArgument {
                verb: Verb::Auth,
                offset: 18
            })
        );
    }

    #[test]
    fn lang() {
        assert_eq!(Command::parse(b"LANG"), Ok(Command::Lang { range: None }));
        assert_eq!(
            Command::parse(b"LANG *"),
            Ok(Command::Lang {
                range: Some(LanguageRange::new("*").unwrap())
            })
        );
        assert_eq!(
            Command::parse(b"LANG de-CH"),
            Ok(Command::Lang {
                range: Some(LanguageRange::new("de-CH").unwrap())
            })
        );
        assert_eq!(
            Command::parse(b"LANG 1x"),
            Err(CommandError::InvalidArgument {
                verb: Verb::Lang,
                offset: 5
            })
        );
    }

    #[test]
    fn unknown_and_bad_keywords() {
        assert_eq!(
            Command::parse(b"XTND XMIT  a "),
            Ok(Command::Unknown {
                keyword: "XTND".into(),
                arguments: Some(UnknownArguments(Cow::Borrowed(b"XMIT  a ")))
            })
        );
        assert_eq!(
            Command::parse(b"LAST"),
            Ok(Command::Unknown {
                keyword: "LAST".into(),
                arguments: None
            })
        );
        assert_eq!(Command::parse(b""), Err(CommandError::Empty));
        assert_eq!(
            Command::parse(b" QUIT"),
            Err(CommandError::InvalidKeyword { offset: 0 })
        );
        assert_eq!(
            Command::parse(b"QU-IT"),
            Err(CommandError::InvalidKeyword { offset: 2 })
        );
        assert_eq!(
            Command::parse(b"QUIT\r"),
            Err(CommandError::ControlCharacter {
                verb: None,
                offset: 4,
                byte: b'\r'
            })
        );
        assert_eq!(
            Command::parse(&[b'A'; 21]),
            Err(CommandError::InvalidKeyword { offset: 20 })
        );
        assert_eq!(
            Command::parse(b"FOO a\nb"),
            Err(CommandError::ControlCharacter {
                verb: None,
                offset: 5,
                byte: b'\n'
            })
        );
    }
}
