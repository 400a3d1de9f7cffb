//! Capabilities, one per line of the `CAPA` response (RFC 2449 §§5, 6; RFC 2595 §4;
//! RFC 3206 §6; RFC 6856 §§2, 3).

use std::borrow::Cow;

use mail_sasl::Mechanism;

use super::parse::control_error;
use super::{ResponseError, Text};
use crate::command::EncodeError;

/// The `EXPIRE` policy (RFC 2449 §6.7): how long the server keeps a message after it was
/// retrieved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Expire {
    /// `NEVER`: messages are kept.
    Never,
    /// Messages may be deleted this many days after retrieval (`0`: at the end of the session).
    Days(u32),
}

/// One capability: a line of the `CAPA` response (RFC 2449 §5: `capa-tag *(SP param)`).
/// Known tags are typed (compared ignoring case); others are kept with their parameters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Capability<'a> {
    /// `TOP` (RFC 2449 §6.1).
    Top,
    /// `USER` (RFC 2449 §6.2): USER/PASS are accepted.
    User,
    /// `SASL mech...` (RFC 2449 §6.3, RFC 5034 §4).
    Sasl(Vec<Mechanism>),
    /// `RESP-CODES` (RFC 2449 §6.4).
    RespCodes,
    /// `LOGIN-DELAY n [USER]` (RFC 2449 §6.5): seconds between logins; `per_user` if it may
    /// differ once the user is known.
    LoginDelay {
        /// The minimum delay in seconds.
        seconds: u32,
        /// `USER`: the value may change after authentication.
        per_user: bool,
    },
    /// `PIPELINING` (RFC 2449 §6.6).
    Pipelining,
    /// `EXPIRE policy [USER]` (RFC 2449 §6.7).
    Expire {
        /// The retention policy.
        policy: Expire,
        /// `USER`: the value may change after authentication.
        per_user: bool,
    },
    /// `UIDL` (RFC 2449 §6.8).
    Uidl,
    /// `IMPLEMENTATION text` (RFC 2449 §6.9).
    Implementation(Text<'a>),
    /// `STLS` (RFC 2595 §4).
    Stls,
    /// `AUTH-RESP-CODE` (RFC 3206 §6): the `[AUTH]` code is used.
    AuthRespCode,
    /// `UTF8 [USER]` (RFC 6856 §2): the `UTF8` command; `USER` means UTF-8 user names and
    /// passwords are accepted too.
    Utf8 {
        /// `USER`: UTF-8 is accepted in USER/PASS.
        user: bool,
    },
    /// `LANG` (RFC 6856 §3).
    Lang,
    /// Any other capability, as sent.
    Other {
        /// The tag.
        name: Cow<'a, str>,
        /// Its parameters (space-separated on the wire).
        parameters: Vec<Cow<'a, str>>,
    },
}

/// Whether `word` can be a tag or a parameter on a CAPA line: printable ASCII, no space.
pub(crate) fn is_capa_word(word: &[u8]) -> bool {
    !word.is_empty() && word.iter().all(|&b| (0x21..=0x7e).contains(&b))
}

impl Capability<'_> {
    /// Appends the capability as one line of the `CAPA` response, CRLF included.
    ///
    /// # Errors
    /// [`EncodeError::Invalid`] for an [`Other`](Self::Other) tag or parameter that is empty
    /// or holds a space or a control character, for an `Other` whose tag is one the codec
    /// types (it would read back as that capability), or for an `IMPLEMENTATION` text that
    /// starts with a space (it would read back without it); an empty `SASL` list also is
    /// refused. Nothing is appended on error.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        let mut line = Vec::new();
        match self {
            Capability::Top => line.extend_from_slice(b"TOP"),
            Capability::User => line.extend_from_slice(b"USER"),
            Capability::Sasl(mechanisms) => {
                if mechanisms.is_empty() {
                    return Err(EncodeError::Invalid { offset: 4 });
                }
                line.extend_from_slice(b"SASL");
                for m in mechanisms {
                    line.push(b' ');
                    line.extend_from_slice(m.as_str().as_bytes());
                }
            }
            Capability::RespCodes => line.extend_from_slice(b"RESP-CODES"),
            Capability::LoginDelay { seconds, per_user } => {
                line.extend_from_slice(format!("LOGIN-DELAY {seconds}").as_bytes());
                if *per_user {
                    line.extend_from_slice(b" USER");
                }
            }
            Capability::Pipelining => line.extend_from_slice(b"PIPELINING"),
            Capability::Expire { policy, per_user } => {
                match policy {
                    Expire::Never => line.extend_from_slice(b"EXPIRE NEVER"),
                    Expire::Days(days) => {
                        line.extend_from_slice(format!("EXPIRE {days}").as_bytes());
                    }
                }
                if *per_user {
                    line.extend_from_slice(b" USER");
                }
            }
            Capability::Uidl => line.extend_from_slice(b"UIDL"),
            Capability::Implementation(text) => {
                if text.as_bytes().first() == Some(&b' ') {
                    return Err(EncodeError::Invalid { offset: 0 });
                }
                line.extend_from_slice(b"IMPLEMENTATION");
                if !text.is_empty() {
                    line.push(b' ');
                    line.extend_from_slice(text.as_bytes());
                }
            }
            Capability::Stls => line.extend_from_slice(b"STLS"),
            Capability::AuthRespCode => line.extend_from_slice(b"AUTH-RESP-CODE"),
            Capability::Utf8 { user } => {
                line.extend_from_slice(b"UTF8");
                if *user {
                    line.extend_from_slice(b" USER");
                }
            }
            Capability::Lang => line.extend_from_slice(b"LANG"),
            Capability::Other { name, parameters } => {
                if !is_capa_word(name.as_bytes()) || Self::is_typed_tag(name) {
                    return Err(EncodeError::Invalid { offset: 0 });
                }
                line.extend_from_slice(name.as_bytes());
                for p in parameters {
                    if !is_capa_word(p.as_bytes()) {
                        return Err(EncodeError::Invalid {
                            offset: line.len() + 1,
                        });
                    }
                    line.push(b' ');
                    line.extend_from_slice(p.as_bytes());
                }
            }
        }
        // A line that starts with "." would need dot-stuffing; no tag does.
        line.extend_from_slice(b"\r\n");
        out.extend_from_slice(&line);
        Ok(())
    }

    /// Whether `tag` names a capability this codec types (ignoring case).
    pub fn is_typed_tag(tag: &str) -> bool {
        [
            "TOP",
            "USER",
            "SASL",
            "RESP-CODES",
            "LOGIN-DELAY",
            "PIPELINING",
            "EXPIRE",
            "UIDL",
            "IMPLEMENTATION",
            "STLS",
            "AUTH-RESP-CODE",
            "UTF8",
            "LANG",
        ]
        .iter()
        .any(|t| t.eq_ignore_ascii_case(tag))
    }
}

impl<'a> Capability<'a> {
    /// Reads one line of the `CAPA` response (RFC 2449 §5: `capa-tag *(SP param)`), already
    /// un-stuffed and without its CRLF. Tags and the `USER` / `NEVER` keywords are compared
    /// ignoring case; several spaces between words are accepted. A typed capability that
    /// takes no parameter ignores any it is given (`TOP foo` is `TOP`); `IMPLEMENTATION`
    /// keeps the rest of the line as text.
    ///
    /// ```
    /// use pop3_proto::response::{Capability, Expire};
    /// assert_eq!(
    ///     Capability::parse(b"EXPIRE 60")?,
    ///     Capability::Expire { policy: Expire::Days(60), per_user: false }
    /// );
    /// # Ok::<(), pop3_proto::response::ResponseError>(())
    /// ```
    ///
    /// # Errors
    /// [`ResponseError::Capability`] for an empty line, a word with a control character or
    /// 8-bit octet, a `SASL` mechanism name that breaks RFC 4422 §3.1, a `LOGIN-DELAY` or
    /// `EXPIRE` without its value or with an unknown qualifier;
    /// [`ResponseError::ControlCharacter`] in the text of `IMPLEMENTATION`.
    pub fn parse(line: &'a [u8]) -> Result<Self, ResponseError> {
        let tag_len = line.iter().position(|&b| b == b' ').unwrap_or(line.len());
        let tag = line.get(..tag_len).unwrap_or_default();
        let bad = |offset| ResponseError::Capability { offset };
        if let Some(i) = word_error(tag) {
            return Err(bad(i));
        }
        let tag = std::str::from_utf8(tag).map_err(|_| bad(0))?;
        if tag.eq_ignore_ascii_case("IMPLEMENTATION") {
            let text = line.get(tag_len + 1..).unwrap_or_default();
            control_error(text, tag_len + 1)?;
            return Ok(Capability::Implementation(Text::from_checked(text)));
        }
        // The parameters, with their offsets.
        let mut params: Vec<(usize, &'a str)> = Vec::new();
        let mut at = tag_len;
        while at < line.len() {
            let rest = line.get(at..).unwrap_or_default();
            let skip = rest.iter().take_while(|&&b| b == b' ').count();
            at += skip;
            let word = line.get(at..).unwrap_or_default();
            let len = word.iter().position(|&b| b == b' ').unwrap_or(word.len());
            let word = word.get(..len).unwrap_or_default();
            if word.is_empty() {
                break;
            }
            if let Some(i) = word_error(word) {
                return Err(bad(at + i));
            }
            params.push((at, std::str::from_utf8(word).map_err(|_| bad(at))?));
            at += len;
        }
        let is = |t: &str| tag.eq_ignore_ascii_case(t);
        // `USER` as the optional qualifier of LOGIN-DELAY, EXPIRE and UTF8.
        let per_user = |i: usize| -> Result<bool, ResponseError> {
            match params.get(i) {
                None => Ok(false),
                Some((_, p)) if p.eq_ignore_ascii_case("USER") => Ok(true),
                Some((offset, _)) => Err(bad(*offset)),
            }
        };
        let value = |i: usize| -> Result<(usize, &str), ResponseError> {
            params.get(i).copied().ok_or(bad(line.len()))
        };
        Ok(if is("TOP") {
            Capability::Top
        } else if is("USER") {
            Capability::User
        } else if is("SASL") {
            let mut mechanisms = Vec::with_capacity(params.len());
            for (offset, p) in &params {
                mechanisms.push(Mechanism::from_bytes(p.as_bytes()).map_err(|_| bad(*offset))?);
            }
            Capability::Sasl(mechanisms)
        } else if is("RESP-CODES") {
            Capability::RespCodes
        } else if is("LOGIN-DELAY") {
            let (offset, v) = value(0)?;
            let seconds = v.parse::<u32>().map_err(|_| bad(offset))?;
            if !v.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad(offset));
            }
            Capability::LoginDelay {
                seconds,
                per_user: per_user(1)?,
            }
        } else if is("PIPELINING") {
            Capability::Pipelining
        } else if is("EXPIRE") {
            let (offset, v) = value(0)?;
            let policy = if v.eq_ignore_ascii_case("NEVER") {
                Expire::Never
            } else if v.bytes().all(|b| b.is_ascii_digit()) {
                Expire::Days(v.parse::<u32>().map_err(|_| bad(offset))?)
            } else {
                return Err(bad(offset));
            };
            Capability::Expire {
                policy,
                per_user: per_user(1)?,
            }
        } else if is("UIDL") {
            Capability::Uidl
        } else if is("STLS") {
            Capability::Stls
        } else if is("AUTH-RESP-CODE") {
            Capability::AuthRespCode
        } else if is("UTF8") {
            Capability::Utf8 { user: per_user(0)? }
        } else if is("LANG") {
            Capability::Lang
        } else {
            Capability::Other {
                name: Cow::Borrowed(tag),
                parameters: params.into_iter().map(|(_, p)| Cow::Borrowed(p)).collect(),
            }
        })
    }

    /// The same capability, owning its text.
    pub fn into_owned(self) -> Capability<'static> {
        match self {
            Capability::Top => Capability::Top,
            Capability::User => Capability::User,
            Capability::Sasl(m) => Capability::Sasl(m),
            Capability::RespCodes => Capability::RespCodes,
            Capability::LoginDelay { seconds, per_user } => {
                Capability::LoginDelay { seconds, per_user }
            }
            Capability::Pipelining => Capability::Pipelining,
            Capability::Expire { policy, per_user } => Capability::Expire { policy, per_user },
            Capability::Uidl => Capability::Uidl,
            Capability::Implementation(t) => Capability::Implementation(t.into_owned()),
            Capability::Stls => Capability::Stls,
            Capability::AuthRespCode => Capability::AuthRespCode,
            Capability::Utf8 { user } => Capability::Utf8 { user },
            Capability::Lang => Capability::Lang,
            Capability::Other { name, parameters } => Capability::Other {
                name: Cow::Owned(name.into_owned()),
                parameters: parameters
                    .into_iter()
                    .map(|p| Cow::Owned(p.into_owned()))
                    .collect(),
            },
        }
    }
}

/// The offset of the first byte of `word` that cannot be in a CAPA word (0 when empty).
fn word_error(word: &[u8]) -> Option<usize> {
    if word.is_empty() {
        return Some(0);
    }
    word.iter().position(|&b| !(0x21..=0x7e).contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc2449_capa_example_lines() {
        // RFC 2449 §5's example response, line by line.
        let caps = [
            Capability::Top,
            Capability::User,
            Capability::Sasl(vec![
                Mechanism::CramMd5,
                Mechanism::Other("KERBEROS_V4".into()),
            ]),
            Capability::RespCodes,
            Capability::LoginDelay {
                seconds: 900,
                per_user: false,
            },
            Capability::Pipelining,
            Capability::Expire {
                policy: Expire::Days(60),
                per_user: false,
            },
            Capability::Uidl,
            Capability::Implementation(Text::lossy("Shlemazle-Plotz-v302")),
        ];
        let mut out = Vec::new();
        for c in &caps {
            c.encode(&mut out).unwrap();
        }
        assert_eq!(
            out,
            b"TOP\r\nUSER\r\nSASL CRAM-MD5 KERBEROS_V4\r\nRESP-CODES\r\nLOGIN-DELAY 900\r\n\
PIPELINING\r\nEXPIRE 60\r\nUIDL\r\nIMPLEMENTATION Shlemazle-Plotz-v302\r\n"
        );
    }

    #[test]
    fn refuses_what_would_not_read_back() {
        let mut out = Vec::new();
        let other = |name: &'static str, p: &[&'static str]| Capability::Other {
            name: name.into(),
            parameters: p.iter().map(|&s| Cow::Borrowed(s)).collect(),
        };
        assert!(other("X-FOO", &["a"]).encode(&mut out).is_ok());
        assert!(other("X FOO", &[]).encode(&mut out).is_err());
        assert!(other("top", &[]).encode(&mut out).is_err());
        assert!(other("X-FOO", &["a\r\nb"]).encode(&mut out).is_err());
        assert!(Capability::Sasl(vec![]).encode(&mut out).is_err());
        assert_eq!(out, b"X-FOO a\r\n");
    }

    #[test]
    fn parse_rfc2449_lines() {
        let lines: [&[u8]; 9] = [
            b"TOP",
            b"USER",
            b"SASL CRAM-MD5 KERBEROS_V4",
            b"RESP-CODES",
            b"LOGIN-DELAY 900",
            b"PIPELINING",
            b"EXPIRE 60",
            b"UIDL",
            b"IMPLEMENTATION Shlemazle-Plotz-v302",
        ];
        for line in lines {
            let cap = Capability::parse(line).unwrap();
            let mut out = Vec::new();
            cap.encode(&mut out).unwrap();
            assert_eq!(&out[..out.len() - 2], line);
        }
    }

    #[test]
    fn parse_leniently_and_refuse_garbage() {
        assert_eq!(Capability::parse(b"top extra"), Ok(Capability::Top));
        assert_eq!(Capability::parse(b"stls"), Ok(Capability::Stls));
        assert_eq!(
            Capability::parse(b"LOGIN-DELAY 0 user"),
            Ok(Capability::LoginDelay {
                seconds: 0,
                per_user: true
            })
        );
        assert_eq!(
            Capability::parse(b"EXPIRE never USER"),
            Ok(Capability::Expire {
                policy: Expire::Never,
                per_user: true
            })
        );
        assert_eq!(
            Capability::parse(b"UTF8 USER"),
            Ok(Capability::Utf8 { user: true })
        );
        assert_eq!(
            Capability::parse(b"X-FOO  a b"),
            Ok(Capability::Other {
                name: "X-FOO".into(),
                parameters: vec!["a".into(), "b".into()]
            })
        );
        assert_eq!(Capability::parse(b"SASL"), Ok(Capability::Sasl(Vec::new())));
        assert_eq!(
            Capability::parse(b"IMPLEMENTATION"),
            Ok(Capability::Implementation(Text::default()))
        );
        assert_eq!(
            Capability::parse(b""),
            Err(ResponseError::Capability { offset: 0 })
        );
        assert_eq!(
            Capability::parse(b"LOGIN-DELAY"),
            Err(ResponseError::Capability { offset: 11 })
        );
        assert_eq!(
            Capability::parse(b"LOGIN-DELAY +5"),
            Err(ResponseError::Capability { offset: 12 })
        );
        assert_eq!(
            Capability::parse(b"EXPIRE 60 NOW"),
            Err(ResponseError::Capability { offset: 10 })
        );
        assert_eq!(
            Capability::parse(b"SASL PL@IN"),
            Err(ResponseError::Capability { offset: 5 })
        );
        assert_eq!(
            Capability::parse(b"X-\x01"),
            Err(ResponseError::Capability { offset: 2 })
        );
        assert_eq!(
            Capability::parse(b"X a\xffb"),
            Err(ResponseError::Capability { offset: 3 })
        );
    }
}
