//! Incremental reply parsing (RFC 5321 §4.2): framing, limits and the tolerated quirks.

use std::borrow::Cow;

use super::frame::{Framed, KEPT, first_below_0x0e};
use super::{EnhancedStatusCode, Parsed, Reply, ReplyCode, ReplyError, ReplyLines, ReplyOptions};
use crate::line::next_line;

impl<'a> Reply<'a> {
    /// Parses one reply at the start of `input` with the [default options](ReplyOptions).
    ///
    /// See [`parse_with`](Self::parse_with).
    ///
    /// # Errors
    /// See [`ReplyError`].
    pub fn parse(input: &'a [u8]) -> Result<Parsed<Self>, ReplyError> {
        Self::parse_with(input, &ReplyOptions::DEFAULT)
    }

    /// Parses one reply at the start of `input`, which may hold only part of it, or several
    /// replies (pipelining, RFC 2920, or LMTP's one reply per recipient): the result is
    /// [`Parsed::Incomplete`] until its last line has arrived, then the reply and how many
    /// octets it took. Text is borrowed from `input` unless bad UTF-8 had to be replaced; a
    /// one-line reply is parsed without allocating.
    ///
    /// The result does not depend on how the stream was cut: each check is made as soon as the
    /// octets it needs have arrived, in the order of the octets, so a prefix of the input gives
    /// either `Incomplete` or the very result of the whole input. Errors are found early: a
    /// line that cannot start with a reply code is refused at its first octet, an over-long line
    /// as soon as [`max_line_length`](ReplyOptions::max_line_length) octets are there.
    ///
    /// Real-server quirks accepted: a last line with the code alone (`250` CRLF, no space —
    /// RFC 5321 §4.2.1 says clients MUST accept it), continuation lines with no text (`250-`),
    /// a bare LF as line end ([`ReplyOptions::line_endings`]), white space at the end of the
    /// text (kept as sent).
    ///
    /// # Errors
    /// See [`ReplyError`].
    pub fn parse_with(input: &'a [u8], options: &ReplyOptions) -> Result<Parsed<Self>, ReplyError> {
        if let Some(framed) = Framed::<KEPT>::new(input, options) {
            let mut lines = framed.lines();
            let reply = assemble(framed.code, || {
                Ok::<_, ReplyError>(lines.next().map(|(text, last)| (Cow::Borrowed(text), last)))
            });
            if let Ok(Some(value)) = reply {
                return Ok(Parsed::Complete {
                    value,
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
    ) -> Result<Parsed<Self>, ReplyError> {
        let mut reader = LineReader::new(input, options);
        let Some(first) = reader.next_line()? else {
            return Ok(Parsed::Incomplete);
        };
        let code = first.code;
        let mut first = Some(first);
        let reply = assemble(code, || {
            Ok(match first.take() {
                Some(line) => Some(line),
                None => reader.next_line()?,
            }
            .map(|line| (line.text, line.last)))
        })?;
        Ok(match reply {
            Some(value) => Parsed::Complete {
                value,
                consumed: reader.pos,
            },
            None => Parsed::Incomplete,
        })
    }
}

/// Builds a reply from its lines (text and whether it is the last), as `next_line` gives them
/// (`None` when the input ends first): the enhanced status code is taken out when every line
/// starts with the same one (RFC 2034 §4). `None` when the lines end before the last one.
#[inline]
fn assemble<'a, E>(
    code: ReplyCode,
    mut next_line: impl FnMut() -> Result<Option<(Cow<'a, str>, bool)>, E>,
) -> Result<Option<Reply<'a>>, E> {
    let Some((first, last)) = next_line()? else {
        return Ok(None);
    };
    let prefix = EnhancedStatusCode::parse_prefix(first.as_bytes());
    if last {
        let (enhanced, text) = match prefix {
            Some((enhanced, len)) => (Some(enhanced), cut_prefix(first, len)),
            None => (None, first),
        };
        return Ok(Some(Reply {
            code,
            enhanced,
            lines: ReplyLines::one(text),
        }));
    }
    let mut lines = Vec::with_capacity(8);
    lines.push(first);
    // Whether every line so far starts with the first line's status code (RFC 2034 §4).
    let mut common = prefix.is_some();
    loop {
        let Some((text, last)) = next_line()? else {
            return Ok(None);
        };
        if common {
            common = EnhancedStatusCode::parse_prefix(text.as_bytes()) == prefix;
        }
        lines.push(text);
        if last {
            break;
        }
    }
    let enhanced = match prefix {
        Some((enhanced, len)) if common => {
            for line in &mut lines {
                *line = cut_prefix(std::mem::take(line), len);
            }
            Some(enhanced)
        }
        _ => None,
    };
    Ok(Some(Reply {
        code,
        enhanced,
        lines: ReplyLines::from(lines),
    }))
}

/// The text after a status code of `len` octets and the space that follows it.
#[inline]
pub(crate) fn cut_prefix(line: Cow<'_, str>, len: usize) -> Cow<'_, str> {
    let cut = if line.as_bytes().get(len) == Some(&b' ') {
        len + 1
    } else {
        len
    };
    match line {
        Cow::Borrowed(s) => Cow::Borrowed(s.get(cut..).unwrap_or_default()),
        Cow::Owned(mut s) => {
            // The prefix is ASCII, so the cut falls on a character boundary.
            if s.is_char_boundary(cut) {
                s.drain(..cut);
            }
            Cow::Owned(s)
        }
    }
}

/// One line of a reply, checked.
pub(crate) struct RawLine<'a> {
    /// The reply code.
    pub(crate) code: ReplyCode,
    /// Whether this is the last line (`code SP` or the code alone).
    pub(crate) last: bool,
    /// The text after the separator.
    pub(crate) text: Cow<'a, str>,
}

/// Reads the lines of one reply, checking each as described at [`Reply::parse_with`].
pub(crate) struct LineReader<'a, 'o> {
    input: &'a [u8],
    /// Octets consumed so far: the end of the last line read.
    pub(crate) pos: usize,
    first_code: Option<ReplyCode>,
    lines: usize,
    options: &'o ReplyOptions,
}

impl<'a, 'o> LineReader<'a, 'o> {
    pub(crate) fn new(input: &'a [u8], options: &'o ReplyOptions) -> Self {
        Self {
            input,
            pos: 0,
            first_code: None,
            lines: 0,
            options,
        }
    }

    /// The next line, `None` if it has not fully arrived. Must not be called after the last
    /// line.
    #[inline]
    pub(crate) fn next_line(&mut self) -> Result<Option<RawLine<'a>>, ReplyError> {
        let pos = self.pos;
        let rest = self.input.get(pos..).unwrap_or_default();
        let Some(code) = line_code(rest, pos, self.first_code)? else {
            return Ok(None);
        };
        let line = match next_line(
            rest,
            self.options.max_line_length,
            self.options.line_endings,
        ) {
            Ok(Some(line)) => line,
            Ok(None) => return Ok(None),
            Err(_) => {
                return Err(ReplyError::LineTooLong {
                    offset: pos,
                    limit: self.options.max_line_length,
                });
            }
        };
        let (last, text) = match line.text.get(3..) {
            None | Some([]) => (true, &[][..]),
            Some([b' ', text @ ..]) => (true, text),
            Some([b'-', text @ ..]) => (false, text),
            Some([byte, ..]) => {
                return Err(ReplyError::InvalidSeparator {
                    offset: pos + 3,
                    byte: *byte,
                });
            }
        };
        let text = decode_text(text, pos + 4, self.options)?;
        self.pos = pos + line.consumed;
        self.lines += 1;
        if !last && self.lines >= self.options.max_lines {
            return Err(ReplyError::TooManyLines {
                offset: self.pos,
                limit: self.options.max_lines,
            });
        }
        self.first_code = Some(code);
        Ok(Some(RawLine { code, last, text }))
    }
}

/// Checks the reply code and separator of the line at the start of `rest` as far as they have
/// arrived: `None` while the three digits are not all there.
#[inline]
fn line_code(
    rest: &[u8],
    offset: usize,
    expected: Option<ReplyCode>,
) -> Result<Option<ReplyCode>, ReplyError> {
    let invalid = ReplyError::InvalidCode { offset };
    let [a, b, c, tail @ ..] = rest else {
        // Not all three digits yet: refuse as soon as one that arrived is wrong.
        let fits = |i: usize, lo: u8, hi: u8| rest.get(i).is_none_or(|d| (lo..=hi).contains(d));
        return if fits(0, b'2', b'5') && fits(1, b'0', b'5') {
            Ok(None)
        } else {
            Err(invalid)
        };
    };
    let code = ReplyCode::from_digits([*a, *b, *c]).ok_or(invalid)?;
    if let Some(expected) = expected
        && expected != code
    {
        return Err(ReplyError::CodeMismatch {
            offset,
            expected,
            found: code,
        });
    }
    match tail.first() {
        None | Some(b' ' | b'-' | b'\r' | b'\n') => Ok(Some(code)),
        Some(&byte) => Err(ReplyError::InvalidSeparator {
            offset: offset + 3,
            byte,
        }),
    }
}

/// Whether any octet is below 0x0e, eight at a time.
#[inline]
fn has_byte_below_0x0e(text: &[u8]) -> bool {
    first_below_0x0e(text).is_some()
}

/// The text of one line: NUL and stray CR/LF refused, UTF-8 checked (borrowed) or repaired.
#[inline]
fn decode_text<'a>(
    text: &'a [u8],
    offset: usize,
    options: &ReplyOptions,
) -> Result<Cow<'a, str>, ReplyError> {
    // NUL, LF and CR are all below 0x0e: one quick pass rules them out in the usual case.
    if has_byte_below_0x0e(text)
        && let Some(i) = memchr::memchr3(0, b'\r', b'\n', text)
    {
        return Err(ReplyError::InvalidByte {
            offset: offset + i,
            byte: text.get(i).copied().unwrap_or_default(),
        });
    }
    match std::str::from_utf8(text) {
        Ok(text) => Ok(Cow::Borrowed(text)),
        Err(e) if options.reject_invalid_utf8 => Err(ReplyError::InvalidUtf8 {
            offset: offset + e.valid_up_to(),
        }),
        Err(_) => Ok(String::from_utf8_lossy(text)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::line::LineEndings;
    use crate::reply::EnhancedStatusCode;

    fn complete(input: &[u8]) -> (Reply<'_>, usize) {
        match Reply::parse(input).unwrap() {
            Parsed::Complete { value, consumed } => (value, consumed),
            Parsed::Incomplete => panic!("incomplete: {input:?}"),
        }
    }

    #[test]
    fn low_bytes() {
        for len in 0..24 {
            for pos in 0..len {
                for low in [0u8, 9, 10, 13] {
                    let mut text = vec![b'a'; len];
                    text[pos] = low;
                    assert!(has_byte_below_0x0e(&text), "{len} {pos} {low}");
                    text[pos] = 0x0e;
                    assert!(!has_byte_below_0x0e(&text));
                    text[pos] = 0xff;
                    assert!(!has_byte_below_0x0e(&text));
                }
            }
        }
    }

    #[test]
    fn single_and_multi() {
        let (r, n) = complete(b"250 OK\r\nNEXT");
        assert_eq!(
            (r.code, r.lines.as_slice(), n),
            (ReplyCode::OK, &["OK".into()][..], 8)
        );
        let input = b"250-First line\r\n250-Second line\r\n250-234 Text beginning with numbers\r\n250 The last line\r\n";
        let (r, n) = complete(input);
        assert_eq!(n, input.len());
        assert_eq!(
            r.lines,
            [
                "First line",
                "Second line",
                "234 Text beginning with numbers",
                "The last line"
            ]
        );
        assert!(matches!(r.lines[0], Cow::Borrowed(_)));
    }

    #[test]
    fn quirks() {
        let (r, _) = complete(b"250\r\n");
        assert_eq!(r.lines, [""]);
        let (r, _) = complete(b"334 \r\n");
        assert_eq!(r.lines, [""]);
        let (r, _) = complete(b"250-\r\n250-x\r\n250\r\n");
        assert_eq!(r.lines, ["", "x", ""]);
        let (r, n) = complete(b"250-a\n250 b \n");
        assert_eq!(
            (r.lines.as_slice(), n),
            (&["a".into(), "b ".into()][..], 13)
        );
        let strict = ReplyOptions {
            line_endings: LineEndings::Strict,
            ..ReplyOptions::DEFAULT
        };
        assert_eq!(
            Reply::parse_with(b"250 a\nb\r\n", &strict),
            Err(ReplyError::InvalidByte {
                offset: 5,
                byte: b'\n'
            })
        );
        assert_eq!(
            Reply::parse_with(b"250 a\n", &strict),
            Ok(Parsed::Incomplete)
        );
    }

    #[test]
    fn incomplete() {
        for input in [
            &b""[..],
            b"2",
            b"25",
            b"250",
            b"250 ",
            b"250 OK",
            b"250 OK\r",
            b"250-a\r\n",
            b"250-a\r\n25",
        ] {
            assert_eq!(Reply::parse(input), Ok(Parsed::Incomplete), "{input:?}");
        }
    }

    #[test]
    fn errors() {
        let e = |input: &[u8]| Reply::parse(input).unwrap_err();
        assert_eq!(e(b"x"), ReplyError::InvalidCode { offset: 0 });
        assert_eq!(e(b"1"), ReplyError::InvalidCode { offset: 0 });
        assert_eq!(e(b"26"), ReplyError::InvalidCode { offset: 0 });
        assert_eq!(e(b"25x"), ReplyError::InvalidCode { offset: 0 });
        assert_eq!(e(b"\r\n"), ReplyError::InvalidCode { offset: 0 });
        assert_eq!(e(b"25\r\n"), ReplyError::InvalidCode { offset: 0 });
        assert_eq!(
            e(b"250x"),
            ReplyError::InvalidSeparator {
                offset: 3,
                byte: b'x'
            }
        );
        assert_eq!(
            e(b"250\tx\r\n"),
            ReplyError::InvalidSeparator {
                offset: 3,
                byte: b'\t'
            }
        );
        assert_eq!(
            e(b"250\rx\r\n"),
            ReplyError::InvalidSeparator {
                offset: 3,
                byte: b'\r'
            }
        );
        assert_eq!(
            e(b"250-a\r\n251 b\r\n"),
            ReplyError::CodeMismatch {
                offset: 7,
                expected: ReplyCode::OK,
                found: ReplyCode::USER_NOT_LOCAL_WILL_FORWARD
            }
        );
        assert_eq!(e(b"250-a\r\n2x"), ReplyError::InvalidCode { offset: 7 });
        assert_eq!(
            e(b"250 a\0b\r\n"),
            ReplyError::InvalidByte { offset: 5, byte: 0 }
        );
        assert_eq!(
            e(b"250 a\rb\r\n"),
            ReplyError::InvalidByte {
                offset: 5,
                byte: b'\r'
            }
        );
        let mut long = b"250 ".to_vec();
        long.extend(std::iter::repeat_n(b'a', 508));
        assert_eq!(
            e(&long),
            ReplyError::LineTooLong {
                offset: 0,
                limit: 512
            }
        );
        assert_eq!(Reply::parse(&long[..511]), Ok(Parsed::Incomplete));
        long.truncate(510);
        long.extend(b"\r\n");
        assert_eq!(complete(&long).1, 512);
    }

    #[test]
    fn line_limit() {
        let o = ReplyOptions {
            max_lines: 2,
            ..ReplyOptions::DEFAULT
        };
        assert!(matches!(
            Reply::parse_with(b"250-a\r\n250 b\r\n", &o),
            Ok(Parsed::Complete { .. })
        ));
        assert_eq!(
            Reply::parse_with(b"250-a\r\n250-b\r\n", &o),
            Err(ReplyError::TooManyLines {
                offset: 14,
                limit: 2
            })
        );
    }

    #[test]
    fn utf8() {
        let (r, _) = complete("250 h\u{e9}llo\r\n".as_bytes());
        assert_eq!(r.lines, ["h\u{e9}llo"]);
        let (r, _) = complete(b"250 caf\xe9 ok\r\n");
        assert_eq!(r.lines, ["caf\u{fffd} ok"]);
        assert!(matches!(r.lines[0], Cow::Owned(_)));
        let o = ReplyOptions {
            reject_invalid_utf8: true,
            ..ReplyOptions::DEFAULT
        };
        assert_eq!(
            Reply::parse_with(b"250 caf\xe9 ok\r\n", &o),
            Err(ReplyError::InvalidUtf8 { offset: 7 })
        );
    }

    #[test]
    fn enhanced() {
        let (r, _) = complete(b"551-5.7.1 Forwarding to remote hosts disabled\r\n551 5.7.1 Select another host to act as your forwarder\r\n");
        assert_eq!(
            r.enhanced,
            Some(EnhancedStatusCode::DELIVERY_NOT_AUTHORIZED)
        );
        assert_eq!(
            r.lines,
            [
                "Forwarding to remote hosts disabled",
                "Select another host to act as your forwarder"
            ]
        );
        let (r, _) = complete(b"250-2.0.0 a\r\n250 b\r\n");
        assert_eq!(r.enhanced, None);
        assert_eq!(r.lines, ["2.0.0 a", "b"]);
        let (r, _) = complete(b"235 2.7.0  Authentication Succeeded\r\n");
        assert_eq!(r.lines, [" Authentication Succeeded"]);
        let (r, _) = complete(b"250 2.0.0\r\n");
        assert_eq!(
            (r.enhanced, r.lines.as_slice()),
            (Some(EnhancedStatusCode::SUCCESS), &["".into()][..])
        );
        let (r, _) = complete(b"250 caf\xe9\r\n");
        assert_eq!(r.enhanced, None);
        let (r, _) = complete(b"550 5.1.1 caf\xe9\r\n");
        assert_eq!(r.lines, ["caf\u{fffd}"]);
    }
}
