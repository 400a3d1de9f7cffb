//! The framing stage: cutting a byte stream into lines and literals before any grammar is
//! read (RFC 3501 §2.2, §4.3; RFC 9051 §2.2, §4.3; RFC 7888).
//!
//! An IMAP message (a command, or a server's response) is a line; when a line ends with a
//! literal's announcement — `{n}`, `{n+}` (RFC 7888) or `~{n}` (`literal8`, RFC 3516) right
//! before its CRLF — the next `n` octets are that literal's data, then the message goes on
//! with another line. The [`Framer`] follows exactly this, in both directions (commands and
//! responses use the same framing), so the message boundaries are known even when the
//! grammar of a message is wrong, and a bad message can be dropped without the next one
//! being misread (literal data is never taken for a command).
//!
//! - The framer holds no data: the caller keeps a buffer, calls [`Framer::next`] with the
//!   octets not consumed yet, and drops the [`Frame::consumed`] octets it is told to. A
//!   literal's data is handed over as one slice, cut by its length and never scanned.
//! - Limits ([`FrameLimits`]) are checked before the caller must buffer: a line that has not
//!   ended after `max_line` octets is [`FrameError::LineTooLong`]; a literal announced bigger
//!   than `max_literal` is [`FrameError::LiteralTooLarge`] at once, before its data.
//! - After a synchronizing literal's announcement from a client, the server either sends its
//!   continuation request (`+`) and keeps reading, or refuses with
//!   [`reject_literal`](Framer::reject_literal) (the client will not send the data, RFC 3501
//!   §7.5); [`tag`](Framer::tag) gives the tag for the tagged answer.
//! - After an error, [`skip_message`](Framer::skip_message) drops the rest of the message as
//!   the peer will send it, literals included, and reading resumes at the next message.
//!
//! A response line whose text ends in `{n}` (e.g. `* OK see {5}`) reads as announcing a
//! literal, as in every IMAP implementation: the grammar cannot tell otherwise before
//! parsing.
//!
//! ```
//! use imap_proto::frame::{Direction, Fragment, Framer};
//! let mut framer = Framer::new(Direction::Commands);
//! let mut buf: &[u8] = b"A1 LOGIN {4}\r\nfred {2+}\r\npw\r\nA2 NOOP\r\n";
//! let mut pieces = Vec::new();
//! while let Some(frame) = framer.next(buf)? {
//!     pieces.push(match frame.fragment {
//!         Fragment::Line { text, .. } => format!("line {}", String::from_utf8_lossy(text)),
//!         Fragment::Literal { data } => format!("literal {}", String::from_utf8_lossy(data)),
//!         Fragment::Skipped => "skipped".into(),
//!     });
//!     buf = &buf[frame.consumed..];
//! }
//! assert_eq!(pieces, ["line A1 LOGIN {4}", "literal fred", "line  {2+}", "literal pw", "line ", "line A2 NOOP"]);
//! # Ok::<(), imap_proto::frame::FrameError>(())
//! ```

use crate::types::{LiteralMode, Tag};

/// Which way the bytes flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Client to server (a server reads commands): a synchronizing literal's data comes only
    /// after the server's `+`.
    Commands,
    /// Server to client (a client reads responses): every literal's data follows at once.
    Responses,
}

/// Which line breaks end a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LineEndings {
    /// Only CRLF (RFC 3501 §2.2); a bare LF stays inside the line, where the grammar
    /// rejects it.
    Strict,
    /// CRLF or a bare LF, as most servers and clients accept. A literal is announced only
    /// by a CRLF (`literal = "{" number64 ["+"] "}" CRLF`, RFC 9051 §9): a line ending
    /// `{n}` and a bare LF ends its message, which the grammar then rejects, so that the
    /// framer and [`Command::parse`](crate::command::Command::parse) agree.
    #[default]
    AcceptBareLf,
}

/// How a line ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEnding {
    /// CRLF.
    CrLf,
    /// A bare LF (only with [`LineEndings::AcceptBareLf`]).
    Lf,
}

/// The longest line (octets, line break included) by default: Dovecot's
/// `imap_max_line_length`; RFC 7162 §4 asks servers to take at least 8192.
pub const DEFAULT_MAX_LINE: usize = 64 * 1024;

/// The largest literal by default (a server announces its real limit as `APPENDLIMIT`,
/// RFC 7889).
pub const DEFAULT_MAX_LITERAL: u64 = 64 * 1024 * 1024;

/// Bounds on what the caller must buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameLimits {
    /// The longest line, line break included.
    pub max_line: usize,
    /// The largest literal.
    pub max_literal: u64,
}

impl Default for FrameLimits {
    fn default() -> Self {
        Self {
            max_line: DEFAULT_MAX_LINE,
            max_literal: DEFAULT_MAX_LITERAL,
        }
    }
}

/// A literal announced at the end of a line: `["~"] "{" number64 ["+"] "}"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LiteralAnnouncement {
    /// Octets of data that follow the line (saturated at `u64::MAX` for longer numbers).
    pub length: u64,
    /// `{n}` or `{n+}`.
    pub mode: LiteralMode,
    /// `~{n}`: a `literal8` (RFC 3516), whose data may hold NUL.
    pub binary: bool,
}

/// One piece of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fragment<'a> {
    /// A line, without its line break.
    Line {
        /// The line's octets (a literal's announcement included).
        text: &'a [u8],
        /// How it ended.
        ending: LineEnding,
        /// The literal it announces, whose data is the next fragment.
        literal: Option<LiteralAnnouncement>,
    },
    /// A literal's data.
    Literal {
        /// The octets.
        data: &'a [u8],
    },
    /// Octets of a message being skipped ([`Framer::skip_message`]).
    Skipped,
}

/// A fragment and how much of the input it took.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frame<'a> {
    /// The fragment.
    pub fragment: Fragment<'a>,
    /// Octets of the input it took: the caller drops them before the next call.
    pub consumed: usize,
    /// Whether the message ends with it (the next octets start a new message).
    pub message_end: bool,
}

/// Framing failed: the message breaks a limit. Nothing of it was consumed; call
/// [`Framer::skip_message`] (or [`Framer::reject_literal`]) to go on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FrameError {
    /// No line break within `limit` octets.
    #[error("line longer than {limit} octets")]
    LineTooLong {
        /// [`FrameLimits::max_line`].
        limit: usize,
    },
    /// A literal announced larger than the limit (RFC 7888 §4 / RFC 9051 §7.1: a server
    /// answers `[TOOBIG]`).
    #[error("literal of {length} octets is larger than the limit of {limit}")]
    LiteralTooLarge {
        /// The announced length.
        length: u64,
        /// [`FrameLimits::max_literal`].
        limit: u64,
        /// Whether the peer waits for `+` (then nothing follows if it is rejected).
        mode: LiteralMode,
    },
}

/// The announcement at the end of a complete line, read backwards.
pub(crate) fn announcement(text: &[u8]) -> Option<LiteralAnnouncement> {
    let rest = text.strip_suffix(b"}")?;
    let (rest, mode) = match rest.strip_suffix(b"+") {
        Some(r) => (r, LiteralMode::NonSync),
        None => (rest, LiteralMode::Sync),
    };
    let digits = rest.iter().rev().take_while(|b| b.is_ascii_digit()).count();
    let (rest, number) = rest.split_at(rest.len() - digits);
    if number.is_empty() {
        return None;
    }
    let rest = rest.strip_suffix(b"{")?;
    let length = number.iter().fold(0u64, |n, &d| {
        n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
    });
    Some(LiteralAnnouncement {
        length,
        mode,
        binary: rest.ends_with(b"~"),
    })
}

/// The end of a line being skipped, followed byte by byte: does it end in an announcement?
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Tail {
    state: TailState,
    pending_cr: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum TailState {
    #[default]
    Other,
    Tilde,
    Open {
        binary: bool,
    },
    Digits {
        binary: bool,
        n: u64,
    },
    Plus {
        binary: bool,
        n: u64,
    },
    Close(LiteralAnnouncement),
}

impl Tail {
    pub(crate) fn push_all(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.push(b);
        }
    }

    fn push(&mut self, b: u8) {
        use TailState::*;
        // A CR may be the line's end: it counts as text only once another byte follows.
        if self.pending_cr {
            self.state = Other;
        }
        self.pending_cr = b == b'\r';
        if self.pending_cr {
            return;
        }
        self.state = match (self.state, b) {
            (_, b'~') => Tilde,
            (prev, b'{') => Open {
                binary: prev == Tilde,
            },
            (Open { binary }, b'0'..=b'9') => Digits {
                binary,
                n: u64::from(b - b'0'),
            },
            (Digits { binary, n }, b'0'..=b'9') => Digits {
                binary,
                n: n.saturating_mul(10).saturating_add(u64::from(b - b'0')),
            },
            (Digits { binary, n }, b'+') => Plus { binary, n },
            (Digits { binary, n }, b'}') => Close(LiteralAnnouncement {
                length: n,
                mode: LiteralMode::Sync,
                binary,
            }),
            (Plus { binary, n }, b'}') => Close(LiteralAnnouncement {
                length: n,
                mode: LiteralMode::NonSync,
                binary,
            }),
            _ => Other,
        };
    }

    /// The announcement, if the line (ended before a final CR) ends with one.
    pub(crate) fn announcement(&self) -> Option<LiteralAnnouncement> {
        match self.state {
            TailState::Close(a) => Some(a),
            _ => None,
        }
    }

    fn ends_with_cr(&self) -> bool {
        self.pending_cr
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Waiting for a line; `first`: the first of a message.
    Line { first: bool },
    /// Waiting for `len` octets of literal data.
    Literal { len: usize, mode: LiteralMode },
    /// A literal over the limit was announced; nothing of it read.
    TooLarge(LiteralAnnouncement),
    /// A line over the limit; nothing of it consumed.
    LineTooLong,
    /// Dropping the rest of a line.
    SkipLine(Tail),
    /// Dropping literal data.
    SkipLiteral { remaining: u64 },
}

/// The framing stage (see the [module](self) overview).
#[derive(Debug, Clone)]
pub struct Framer {
    direction: Direction,
    limits: FrameLimits,
    endings: LineEndings,
    state: State,
    /// How far the current line has been searched for its end.
    scanned: usize,
    /// The first word of the current message's first line (its tag, for a command).
    first_word: Vec<u8>,
}

impl Framer {
    /// A framer with the default limits and line endings.
    pub fn new(direction: Direction) -> Self {
        Self {
            direction,
            limits: FrameLimits::default(),
            endings: LineEndings::default(),
            state: State::Line { first: true },
            scanned: 0,
            first_word: Vec::new(),
        }
    }

    /// The same, with these limits.
    pub fn with_limits(mut self, limits: FrameLimits) -> Self {
        self.limits = limits;
        self
    }

    /// The same, with these line endings.
    pub fn with_line_endings(mut self, endings: LineEndings) -> Self {
        self.endings = endings;
        self
    }

    /// The limits in force.
    pub fn limits(&self) -> FrameLimits {
        self.limits
    }

    /// Whether the framer is between messages (nothing of a message read yet).
    pub fn at_message_start(&self) -> bool {
        self.state == State::Line { first: true }
    }

    /// The tag of the current (or just ended) message: the first word of its first line,
    /// when it is a valid `tag` (`None` for `*` and `+` responses, or garbage).
    pub fn tag(&self) -> Option<Tag<'_>> {
        std::str::from_utf8(&self.first_word)
            .ok()
            .and_then(|s| Tag::new(s).ok())
    }

    fn note_first_word(&mut self, line: &[u8]) {
        let word = line.split(|&b| b == b' ').next().unwrap_or_default();
        self.first_word.clear();
        self.first_word.extend_from_slice(word);
    }

    /// The next fragment at the start of `input` (the octets not consumed yet; pass them
    /// again, with more appended, after `Ok(None)`).
    ///
    /// Returns `Ok(None)` when more input is needed.
    ///
    /// # Errors
    /// [`FrameError`] when the message breaks a limit; it is returned again until
    /// [`skip_message`](Self::skip_message) or [`reject_literal`](Self::reject_literal).
    pub fn next<'a>(&mut self, input: &'a [u8]) -> Result<Option<Frame<'a>>, FrameError> {
        match self.state {
            State::Line { first } => Ok(self.line(input, first)?),
            State::Literal { len, .. } => {
                let Some(data) = input.get(..len) else {
                    return Ok(None);
                };
                self.state = State::Line { first: false };
                Ok(Some(Frame {
                    fragment: Fragment::Literal { data },
                    consumed: len,
                    message_end: false,
                }))
            }
            State::TooLarge(a) => Err(FrameError::LiteralTooLarge {
                length: a.length,
                limit: self.limits.max_literal,
                mode: a.mode,
            }),
            State::LineTooLong => Err(FrameError::LineTooLong {
                limit: self.limits.max_line,
            }),
            State::SkipLine(_) | State::SkipLiteral { .. } => Ok(self.skip(input)),
        }
    }

    fn line<'a>(&mut self, input: &'a [u8], first: bool) -> Result<Option<Frame<'a>>, FrameError> {
        let window = input.get(..self.limits.max_line).unwrap_or(input);
        let mut from = self.scanned.min(window.len());
        while let Some(i) = window.get(from..).and_then(|w| memchr::memchr(b'\n', w)) {
            let lf = from + i;
            let crlf = lf > 0 && window.get(lf - 1) == Some(&b'\r');
            from = lf + 1;
            if !crlf && self.endings == LineEndings::Strict {
                continue;
            }
            let text = input
                .get(..if crlf { lf - 1 } else { lf })
                .unwrap_or_default();
            self.scanned = 0;
            if first {
                self.note_first_word(text);
            }
            // `literal = "{" number64 ["+"] "}" CRLF` (RFC 9051 §9): only a CRLF after the
            // announcement makes it one. After a bare LF the line ends the message, and the
            // command grammar rejects it (`BAD`), as it does in `Strict` mode.
            let literal = if crlf { announcement(text) } else { None };
            self.state = match literal {
                None => State::Line { first: true },
                Some(a) => match usize::try_from(a.length) {
                    Ok(len) if a.length <= self.limits.max_literal => {
                        State::Literal { len, mode: a.mode }
                    }
                    _ => State::TooLarge(a),
                },
            };
            return Ok(Some(Frame {
                fragment: Fragment::Line {
                    text,
                    ending: if crlf {
                        LineEnding::CrLf
                    } else {
                        LineEnding::Lf
                    },
                    literal,
                },
                consumed: lf + 1,
                message_end: literal.is_none(),
            }));
        }
        if input.len() >= self.limits.max_line {
            if first {
                self.note_first_word(window);
            }
            self.scanned = 0;
            self.state = State::LineTooLong;
            return Err(FrameError::LineTooLong {
                limit: self.limits.max_line,
            });
        }
        self.scanned = window.len();
        Ok(None)
    }

    /// Refuses a synchronizing literal a client announced (the server sends a tagged `NO` or
    /// `BAD` instead of `+`): the client sends no data, so the message ends here.
    ///
    /// Returns whether there was such a literal waiting (only for [`Direction::Commands`],
    /// right after the line announcing `{n}`, or after [`FrameError::LiteralTooLarge`] for
    /// one); otherwise nothing changes.
    pub fn reject_literal(&mut self) -> bool {
        let waiting = match self.state {
            State::Literal { mode, .. } => mode == LiteralMode::Sync,
            State::TooLarge(a) => a.mode == LiteralMode::Sync,
            _ => false,
        };
        if waiting && self.direction == Direction::Commands {
            self.state = State::Line { first: true };
            true
        } else {
            false
        }
    }

    /// Drops the rest of the current message, as the peer will send it: the next calls to
    /// [`next`](Self::next) return [`Fragment::Skipped`] frames until the message ends
    /// (the last has `message_end`).
    ///
    /// A literal announced but not read yet is dropped when its data arrives — its sender
    /// sends it (a non-synchronizing literal, any literal from a server, or a client's
    /// synchronizing literal once `+` was sent) — except a client's synchronizing literal
    /// over the limit, which the server cannot have accepted: that message ends at once, as
    /// with [`reject_literal`](Self::reject_literal). A line being skipped that announces a
    /// literal is followed the same way (a client's `{n}` on it was never answered with `+`).
    /// Between messages this does nothing.
    pub fn skip_message(&mut self) {
        self.scanned = 0;
        self.state = match self.state {
            State::Line { first: true } => State::Line { first: true },
            State::Line { first: false } | State::LineTooLong => State::SkipLine(Tail::default()),
            State::Literal { len, .. } => State::SkipLiteral {
                remaining: len as u64,
            },
            State::TooLarge(a) => {
                if self.direction == Direction::Commands && a.mode == LiteralMode::Sync {
                    State::Line { first: true }
                } else {
                    State::SkipLiteral {
                        remaining: a.length,
                    }
                }
            }
            skipping @ (State::SkipLine(_) | State::SkipLiteral { .. }) => skipping,
        };
    }

    fn skip<'a>(&mut self, input: &'a [u8]) -> Option<Frame<'a>> {
        loop {
            match self.state {
                State::SkipLiteral { remaining: 0 } => {
                    self.state = State::SkipLine(Tail::default());
                }
                State::SkipLiteral { remaining } => {
                    if input.is_empty() {
                        return None;
                    }
                    let n = usize::try_from(remaining).map_or(input.len(), |r| r.min(input.len()));
                    self.state = State::SkipLiteral {
                        remaining: remaining - n as u64,
                    };
                    return Some(Frame {
                        fragment: Fragment::Skipped,
                        consumed: n,
                        message_end: false,
                    });
                }
                State::SkipLine(mut tail) => {
                    if input.is_empty() {
                        return None;
                    }
                    let mut from = 0;
                    while let Some(i) = input.get(from..).and_then(|w| memchr::memchr(b'\n', w)) {
                        let lf = from + i;
                        let crlf = match lf.checked_sub(1) {
                            Some(p) => input.get(p) == Some(&b'\r'),
                            None => tail.ends_with_cr(),
                        };
                        from = lf + 1;
                        if !crlf && self.endings == LineEndings::Strict {
                            continue;
                        }
                        tail.push_all(input.get(..lf).unwrap_or_default());
                        let announced = if crlf { tail.announcement() } else { None };
                        self.state = match announced {
                            Some(a)
                                if !(self.direction == Direction::Commands
                                    && a.mode == LiteralMode::Sync) =>
                            {
                                State::SkipLiteral {
                                    remaining: a.length,
                                }
                            }
                            _ => State::Line { first: true },
                        };
                        return Some(Frame {
                            fragment: Fragment::Skipped,
                            consumed: lf + 1,
                            message_end: self.at_message_start(),
                        });
                    }
                    tail.push_all(input);
                    self.state = State::SkipLine(tail);
                    return Some(Frame {
                        fragment: Fragment::Skipped,
                        consumed: input.len(),
                        message_end: false,
                    });
                }
                _ => return None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ann(length: u64, mode: LiteralMode, binary: bool) -> Option<LiteralAnnouncement> {
        Some(LiteralAnnouncement {
            length,
            mode,
            binary,
        })
    }

    #[test]
    fn announcements() {
        use LiteralMode::*;
        assert_eq!(announcement(b"A1 LOGIN {5}"), ann(5, Sync, false));
        assert_eq!(announcement(b"A1 APPEND x ~{12+}"), ann(12, NonSync, true));
        assert_eq!(announcement(b"{0}"), ann(0, Sync, false));
        assert_eq!(
            announcement(b"{99999999999999999999999}"),
            ann(u64::MAX, Sync, false)
        );
        for none in [
            &b"{}"[..],
            b"{+}",
            b"5}",
            b"{5",
            b"{5 }",
            b"{-5}",
            b"{5++}",
            b"",
        ] {
            assert_eq!(announcement(none), None);
        }
    }

    proptest! {
        #[test]
        fn tail_agrees_with_announcement(
            text in proptest::collection::vec(
                prop_oneof![Just(b'{'), Just(b'}'), Just(b'~'), Just(b'+'), Just(b'\r'), Just(b'7'), Just(b'0'), Just(b'x')],
                0..12,
            )
        ) {
            let mut tail = Tail::default();
            tail.push_all(&text);
            // A final CR is the line end's, not the line's.
            let line = text.strip_suffix(b"\r").unwrap_or(&text);
            prop_assert_eq!(tail.announcement(), announcement(line));
        }
    }

    fn run(framer: &mut Framer, input: &[u8]) -> Vec<String> {
        let mut out = Vec::new();
        let mut buf = input;
        loop {
            match framer.next(buf) {
                Ok(Some(f)) => {
                    out.push(match f.fragment {
                        Fragment::Line { text, .. } => {
                            format!("L:{}", String::from_utf8_lossy(text))
                        }
                        Fragment::Literal { data } => {
                            format!("D:{}", String::from_utf8_lossy(data))
                        }
                        Fragment::Skipped => format!("S:{}", f.consumed),
                    });
                    if f.message_end {
                        out.push("|".into());
                    }
                    buf = &buf[f.consumed..];
                }
                Ok(None) => return out,
                Err(e) => {
                    out.push(format!("E:{e}"));
                    framer.skip_message();
                }
            }
        }
    }

    #[test]
    fn bare_lf_does_not_announce_a_literal() {
        // RFC 9051 §9: `"{" number64 ["+"] "}" CRLF`. Lenient framing ends the line at the
        // LF but announces nothing, so the next octets are a new line, as the parser says.
        let mut f = Framer::new(Direction::Commands);
        assert_eq!(
            run(&mut f, b"a LOGIN fred {2}\nxy\r\nb NOOP\r\n"),
            ["L:a LOGIN fred {2}", "|", "L:xy", "|", "L:b NOOP", "|"]
        );
        // Skipping a message follows the same rule.
        let mut f = Framer::new(Direction::Responses).with_limits(FrameLimits {
            max_line: 8,
            max_literal: 10,
        });
        let out = run(&mut f, b"* 1 FETCH (X {2}\nxy\r\n* OK\r\n");
        assert_eq!(out[1..], ["S:17", "|", "L:xy", "|", "L:* OK", "|"]);
    }

    #[test]
    fn commands_with_literals() {
        let mut f = Framer::new(Direction::Commands);
        assert_eq!(
            run(&mut f, b"a LOGIN {1}\r\nx {0}\r\n\r\nb NOOP\nc"),
            [
                "L:a LOGIN {1}",
                "D:x",
                "L: {0}",
                "D:",
                "L:",
                "|",
                "L:b NOOP",
                "|"
            ]
        );
        assert_eq!(f.tag().unwrap().as_str(), "b");
    }

    #[test]
    fn strict_endings() {
        let mut f = Framer::new(Direction::Commands).with_line_endings(LineEndings::Strict);
        assert_eq!(run(&mut f, b"a NOOP\nb\r\n"), ["L:a NOOP\nb", "|"]);
    }

    #[test]
    fn line_too_long_is_skipped_to_its_end() {
        let limits = FrameLimits {
            max_line: 10,
            max_literal: 4,
        };
        let mut f = Framer::new(Direction::Commands).with_limits(limits);
        // The over-long line announces a non-synchronizing literal: it is skipped too.
        assert_eq!(
            run(&mut f, b"t1 APPEND x {3+}\r\nabc\r\nt2 NOOP\r\n"),
            [
                "E:line longer than 10 octets",
                "S:18",
                "S:3",
                "S:2",
                "|",
                "L:t2 NOOP",
                "|"
            ]
        );
        // A synchronizing one was never answered: the client sends nothing more.
        let mut f = Framer::new(Direction::Commands).with_limits(limits);
        assert_eq!(
            run(&mut f, b"t1 APPEND x {3}\r\nt2 NOOP\r\n"),
            [
                "E:line longer than 10 octets",
                "S:17",
                "|",
                "L:t2 NOOP",
                "|"
            ]
        );
        assert_eq!(f.tag().unwrap().as_str(), "t2");
        // From a server, every literal follows.
        let mut f = Framer::new(Direction::Responses).with_limits(limits);
        assert_eq!(
            run(&mut f, b"* 1 FETCH {3}\r\n)\r\n\r\n* OK\r\n"),
            [
                "E:line longer than 10 octets",
                "S:15",
                "S:3",
                "S:2",
                "|",
                "L:* OK",
                "|"
            ]
        );
    }

    #[test]
    fn literal_too_large() {
        let limits = FrameLimits {
            max_line: 100,
            max_literal: 4,
        };
        // Synchronizing from a client: rejected, nothing follows.
        let mut f = Framer::new(Direction::Commands).with_limits(limits);
        let input = b"A7 APPEND x {5}\r\nA8 NOOP\r\n";
        let line = f.next(input).unwrap().unwrap();
        assert_eq!(line.consumed, 17);
        assert_eq!(f.tag().unwrap().as_str(), "A7");
        assert_eq!(
            f.next(&input[17..]),
            Err(FrameError::LiteralTooLarge {
                length: 5,
                limit: 4,
                mode: LiteralMode::Sync
            })
        );
        assert!(f.reject_literal());
        assert!(f.at_message_start());
        assert_eq!(run(&mut f, &input[17..]), ["L:A8 NOOP", "|"]);
        // Non-synchronizing: its data comes anyway and is skipped.
        let mut f = Framer::new(Direction::Commands).with_limits(limits);
        assert_eq!(
            run(&mut f, b"A7 APPEND x {5+}\r\n12345\r\nA8 NOOP\r\n"),
            [
                "L:A7 APPEND x {5+}",
                "E:literal of 5 octets is larger than the limit of 4",
                "S:5",
                "S:2",
                "|",
                "L:A8 NOOP",
                "|"
            ]
        );
        assert!(!f.reject_literal());
    }

    #[test]
    fn reject_only_a_waiting_sync_literal() {
        let mut f = Framer::new(Direction::Commands);
        assert!(!f.reject_literal());
        f.next(b"a LOGIN {2+}\r\n").unwrap();
        assert!(!f.reject_literal());
        let mut f = Framer::new(Direction::Responses);
        f.next(b"* 1 FETCH (BODY[] {2}\r\n").unwrap();
        assert!(!f.reject_literal());
        let mut f = Framer::new(Direction::Commands);
        f.next(b"a LOGIN {2}\r\n").unwrap();
        assert!(f.reject_literal());
        assert_eq!(run(&mut f, b"b NOOP\r\n"), ["L:b NOOP", "|"]);
    }

    #[test]
    fn incremental_scan_finds_crlf_across_calls() {
        let mut f = Framer::new(Direction::Commands).with_line_endings(LineEndings::Strict);
        assert_eq!(f.next(b"a NOOP\r"), Ok(None));
        let frame = f.next(b"a NOOP\r\n").unwrap().unwrap();
        assert_eq!(frame.consumed, 8);
        assert_eq!(f.tag().unwrap().as_str(), "a");
    }
}
