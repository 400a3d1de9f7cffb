//! The positive reply to EHLO or LHLO: the server's domain, greeting and capabilities.

use std::borrow::Cow;
use std::ops::Range;

use super::capability::{check_param, first_space};
use super::capability_lines::Summary;
use super::frame::Framed;
use super::model::check_text;
use super::parse::LineReader;
use super::{Capabilities, Capability, Parsed, Reply, ReplyCode, ReplyError, ReplyOptions};
use crate::EncodeError;

/// The positive answer to EHLO (RFC 5321 §4.1.1.1) or LHLO (RFC 2033 §4.1):
///
/// ```text
/// ehlo-ok-rsp = ( "250" SP Domain [ SP ehlo-greet ] CRLF )
///             / ( "250-" Domain [ SP ehlo-greet ] CRLF
///                 *( "250-" ehlo-line CRLF )
///                 "250" SP ehlo-line CRLF )
/// ```
///
/// Read from a [`Reply`] with code 250 ([`from_reply`](Self::from_reply)): the first line
/// gives the domain (up to the first space) and the greeting (the rest, white space at its end
/// dropped); every further line is a [`Capability`]. Blank capability lines are skipped.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EhloReply<'a> {
    /// The server's domain or address literal, as written.
    pub domain: Cow<'a, str>,
    /// The free text after the domain on the first line (`ehlo-greet`), if any.
    pub greeting: Option<Cow<'a, str>>,
    /// The service extensions offered, in order.
    pub capabilities: Capabilities<'a>,
}

/// Why an EHLO reply could not be read by [`EhloReply::parse`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EhloError {
    /// The bytes are not a reply.
    #[error(transparent)]
    Reply(#[from] ReplyError),
    /// A well-formed reply, but not 250: the server refused EHLO (a client then falls back to
    /// HELO on 500/502, RFC 5321 §4.1.1.1). Use [`Reply::parse`] and
    /// [`EhloReply::from_reply`] to keep its text.
    #[error("EHLO answered with {code}, not 250")]
    NotAccepted {
        /// The code of the reply.
        code: ReplyCode,
    },
}

impl<'a> EhloReply<'a> {
    /// A reply with this domain, no greeting and no capabilities.
    pub fn new(domain: impl Into<Cow<'a, str>>) -> Self {
        Self {
            domain: domain.into(),
            greeting: None,
            capabilities: Capabilities::new(),
        }
    }

    /// Reads an EHLO reply from a parsed reply; gives the reply back unchanged if its code is
    /// not 250.
    ///
    /// # Errors
    /// The reply itself when its code is not 250.
    pub fn from_reply(reply: Reply<'a>) -> Result<Self, Reply<'a>> {
        if reply.code != ReplyCode::OK {
            return Err(reply);
        }
        let Reply {
            enhanced, lines, ..
        } = reply;
        let mut lines = lines.into_iter();
        // RFC 2034 §4 puts no status codes in EHLO replies; if every line looked like it had
        // one, the reply parser took it out, so put it back: it is part of the text here.
        let restore = |line: Cow<'a, str>| match enhanced {
            None => line,
            Some(code) if line.is_empty() => Cow::Owned(code.to_string()),
            Some(code) => Cow::Owned(format!("{code} {line}")),
        };
        let first = lines.next().map(&restore).unwrap_or_default();
        let (domain, greeting) = split_first_line(&first);
        let mut capabilities = Capabilities::new();
        for line in lines.map(&restore) {
            push_line(&mut capabilities, line);
        }
        Ok(Self {
            domain: sub(&first, domain),
            greeting: greeting.map(|g| sub(&first, g)),
            capabilities,
        })
    }

    /// Parses an EHLO reply at the start of `input` (see [`Reply::parse`]).
    ///
    /// # Errors
    /// [`EhloError::Reply`] when the bytes are not a reply, [`EhloError::NotAccepted`] when
    /// the reply is not 250.
    pub fn parse(input: &'a [u8]) -> Result<Parsed<Self>, EhloError> {
        Self::parse_with(input, &ReplyOptions::DEFAULT)
    }

    /// [`parse`](Self::parse) with other options.
    ///
    /// # Errors
    /// As for [`parse`](Self::parse).
    pub fn parse_with(input: &'a [u8], options: &ReplyOptions) -> Result<Parsed<Self>, EhloError> {
        // The quick path first (see `Framed`): a complete, plainly well-formed reply.
        let mut summary = Summary::default();
        let framed = Framed::<1>::with_lines(input, options, |at, line, len, first| {
            summary.note(at, line, len, first);
        });
        if let Some(framed) = framed {
            if framed.code != ReplyCode::OK {
                return Err(EhloError::NotAccepted { code: framed.code });
            }
            let mut lines = framed.lines();
            if let Some((first, last)) = lines.next() {
                let (domain, greeting) = split_first_line(first);
                // The capability lines are kept as written and typed when asked for.
                let capabilities = if last {
                    Capabilities::new()
                } else {
                    Capabilities::from_lines(framed.after_first_line(), summary)
                };
                return Ok(Parsed::Complete {
                    value: Self {
                        domain: Cow::Borrowed(first.get(domain).unwrap_or_default()),
                        greeting: greeting.and_then(|g| first.get(g)).map(Cow::Borrowed),
                        capabilities,
                    },
                    consumed: framed.consumed(),
                });
            }
        }
        Self::parse_line_by_line(input, options)
    }

    /// [`parse_with`](Self::parse_with) without the quick path: the reference the quick path
    /// must agree with. Not inlined: the quick path's loop keeps its registers.
    #[inline(never)]
    pub(crate) fn parse_line_by_line(
        input: &'a [u8],
        options: &ReplyOptions,
    ) -> Result<Parsed<Self>, EhloError> {
        // Read line by line (the same checks as `Reply::parse_with`), classifying each line as
        // it comes: no list of lines is built. The text is taken whole, as `from_reply` does.
        let mut reader = LineReader::new(input, options);
        let Some(first) = reader.next_line()? else {
            return Ok(Parsed::Incomplete);
        };
        if first.code != ReplyCode::OK {
            let mut last = first.last;
            while !last {
                let Some(line) = reader.next_line()? else {
                    return Ok(Parsed::Incomplete);
                };
                last = line.last;
            }
            return Err(EhloError::NotAccepted { code: first.code });
        }
        let (domain, greeting) = split_first_line(&first.text);
        let mut capabilities = if first.last {
            Capabilities::new()
        } else {
            Capabilities::with_capacity(16)
        };
        let mut last = first.last;
        while !last {
            let Some(line) = reader.next_line()? else {
                return Ok(Parsed::Incomplete);
            };
            last = line.last;
            push_line(&mut capabilities, line.text);
        }
        Ok(Parsed::Complete {
            value: Self {
                domain: sub(&first.text, domain),
                greeting: greeting.map(|g| sub(&first.text, g)),
                capabilities,
            },
            consumed: reader.pos,
        })
    }

    /// The reply to send: code 250, the domain and greeting, then one line per capability.
    ///
    /// # Errors
    /// [`EncodeError`] when a part cannot be written: an empty domain, keyword or parameter, a
    /// space or control character in the domain, a keyword or a parameter (`ehlo-param` is
    /// `%d33-126`), a control character in the greeting or white space at its end (it would
    /// not read back).
    pub fn to_reply(&self) -> Result<Reply<'static>, EncodeError> {
        check_param(&self.domain, "Domain")?;
        let mut first = self.domain.clone().into_owned();
        if let Some(greeting) = &self.greeting {
            if greeting.is_empty() {
                return Err(EncodeError::Empty {
                    element: "ehlo-greet",
                });
            }
            if let Some(&byte) = greeting
                .as_bytes()
                .last()
                .filter(|b| matches!(b, b' ' | b'\t'))
            {
                return Err(EncodeError::InvalidByte {
                    element: "ehlo-greet",
                    byte,
                });
            }
            check_text(greeting, "ehlo-greet")?;
            first.push(' ');
            first.push_str(greeting);
        }
        let mut lines = Vec::with_capacity(1 + self.capabilities.len());
        lines.push(Cow::Owned(first));
        for capability in &self.capabilities {
            let mut line = String::new();
            capability.write(&mut line)?;
            lines.push(Cow::Owned(line));
        }
        Ok(Reply {
            code: ReplyCode::OK,
            enhanced: None,
            lines: lines.into(),
        })
    }

    /// Appends the reply to `out` (see [`to_reply`](Self::to_reply) and [`Reply::encode`]).
    ///
    /// # Errors
    /// As for [`to_reply`](Self::to_reply) and [`Reply::encode`]; nothing is appended then.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        self.to_reply()?.encode(out)
    }

    /// [`encode`](Self::encode) with another line length limit.
    ///
    /// # Errors
    /// As for [`encode`](Self::encode).
    pub fn encode_with_limit(
        &self,
        out: &mut Vec<u8>,
        max_line_length: usize,
    ) -> Result<(), EncodeError> {
        self.to_reply()?.encode_with_limit(out, max_line_length)
    }

    /// The reply as bytes.
    ///
    /// # Errors
    /// As for [`encode`](Self::encode).
    pub fn to_bytes(&self) -> Result<Vec<u8>, EncodeError> {
        self.to_reply()?.to_bytes()
    }

    /// The same reply, owning its text.
    pub fn into_owned(self) -> EhloReply<'static> {
        EhloReply {
            domain: Cow::Owned(self.domain.into_owned()),
            greeting: self.greeting.map(|g| Cow::Owned(g.into_owned())),
            capabilities: self.capabilities.into_owned(),
        }
    }
}

/// Reads one `ehlo-line` into the list (blank lines are skipped).
#[inline]
fn push_line<'a>(capabilities: &mut Capabilities<'a>, line: Cow<'a, str>) {
    let capability = match line {
        Cow::Borrowed(s) => Capability::from_line(s),
        Cow::Owned(s) => Capability::from_line(&s).map(Capability::into_owned),
    };
    if let Some(capability) = capability {
        capabilities.push_parsed(capability);
    }
}

/// `Domain [ SP ehlo-greet ]`: the ranges of the domain and of the greeting (trimmed at the
/// end, `None` if nothing is left). Spaces before the domain are skipped.
fn split_first_line(line: &str) -> (Range<usize>, Option<Range<usize>>) {
    let bytes = line.as_bytes();
    let start = bytes.iter().position(|&b| b != b' ').unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|&b| b != b' ' && b != b'\t')
        .map_or(0, |i| i + 1)
        .max(start);
    match bytes.get(start..end).and_then(first_space) {
        None => (start..end, None),
        Some(i) => (start..start + i, Some(start + i + 1..end)),
    }
}

fn sub<'a>(text: &Cow<'a, str>, range: Range<usize>) -> Cow<'a, str> {
    match text {
        Cow::Borrowed(s) => Cow::Borrowed(s.get(range).unwrap_or_default()),
        Cow::Owned(s) => Cow::Owned(s.get(range).unwrap_or_default().to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_line() {
        assert_eq!(split_first_line("foo.com"), (0..7, None));
        assert_eq!(split_first_line("foo.com "), (0..7, None));
        assert_eq!(split_first_line("foo.com hi"), (0..7, Some(8..10)));
        assert_eq!(split_first_line("foo.com  hi \t"), (0..7, Some(8..11)));
        assert_eq!(split_first_line("  foo.com"), (2..9, None));
        assert_eq!(split_first_line(""), (0..0, None));
        assert_eq!(split_first_line("   "), (3..3, None));
    }

    #[test]
    fn not_250() {
        let r = Reply::new(ReplyCode::COMMAND_NOT_IMPLEMENTED, "no");
        assert_eq!(EhloReply::from_reply(r.clone()), Err(r));
        assert_eq!(
            EhloReply::parse(b"502 no\r\n"),
            Err(EhloError::NotAccepted {
                code: ReplyCode::COMMAND_NOT_IMPLEMENTED
            })
        );
    }

    #[test]
    fn refusals() {
        let mut e = EhloReply::new("");
        assert!(matches!(e.to_bytes(), Err(EncodeError::Empty { .. })));
        e.domain = "a b".into();
        assert!(matches!(e.to_bytes(), Err(EncodeError::InvalidByte { .. })));
        e.domain = "a".into();
        e.greeting = Some("".into());
        assert!(matches!(e.to_bytes(), Err(EncodeError::Empty { .. })));
        e.greeting = Some("hi ".into());
        assert!(matches!(e.to_bytes(), Err(EncodeError::InvalidByte { .. })));
        e.greeting = Some("hi\r\n250 X".into());
        assert!(matches!(e.to_bytes(), Err(EncodeError::InvalidByte { .. })));
        e.greeting = Some(" hi there".into());
        assert_eq!(e.to_bytes().unwrap(), b"250 a  hi there\r\n");
        e.capabilities.push(Capability::Other {
            keyword: "X".into(),
            params: vec!["a\r\nb".into()],
        });
        assert!(matches!(e.to_bytes(), Err(EncodeError::InvalidByte { .. })));
    }
}
