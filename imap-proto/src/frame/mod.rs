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
mod tests;
