//! Reading a multi-line response body (RFC 1939 §3): removing the dot-stuffing and finding
//! the end, over chunks of any size.

use std::sync::LazyLock;

use memchr::memmem::Finder;

/// A line that starts with `.`: the only place where the content differs from the input.
/// Searched with one vectorised `memmem` pass instead of a search per line.
static DOT_LINE: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"\r\n."));

/// Where the un-stuffer is in the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// At the start of a line (the start of the body, or right after a CRLF).
    LineStart,
    /// Inside a line.
    Middle,
    /// Inside a line, right after a CR.
    Cr,
    /// At the start of a line, after a `.` (dropped: it is either stuffing or the end).
    Dot,
    /// At the start of a line, after `.` CR: the CR is held back until the next octet shows
    /// whether this is the end.
    DotCr,
    /// The end (`.` CRLF at the start of a line) has been read.
    Done,
}

/// What one call to [`Unstuffer::decode`] produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unstuffed<'a> {
    /// Octets of the body, un-stuffed: a piece of the input (or a CR held back from an
    /// earlier piece). May be empty.
    pub data: &'a [u8],
    /// Octets of the input taken by this call (the end marker included when it was
    /// reached). The bytes after them belong to the next response.
    pub consumed: usize,
    /// The end of the body (CRLF `.` CRLF) was reached: nothing more will be produced.
    pub end: bool,
}

/// Removes the dot-stuffing from a multi-line response body as it arrives (RFC 1939 §3:
/// "If so and if octets other than CRLF follow, the first octet of the line (the termination
/// octet) is stripped away. If so and if CRLF immediately follows the termination character,
/// then the response from the POP server is ended").
///
/// The body starts at the start of a line (right after the status line), so a `.` CRLF at
/// once is an empty body. The end is recognised **only** at a line start reached by CRLF: a
/// bare LF or bare CR never starts a line, so `\n.\r\n` or `\r.\r\n` is content. The CRLF
/// before the final `.` belongs to the body. Octets are passed through as they are (8-bit
/// and NUL included).
///
/// Each call takes a piece of input and returns one borrowed piece of output; call again
/// with the input not yet consumed until all of it is consumed or the end is reached:
///
/// ```
/// use pop3_proto::body::Unstuffer;
/// let mut u = Unstuffer::new();
/// let mut input: &[u8] = b"a\r\n..b\r\n.\r\n+OK next";
/// let mut body = Vec::new();
/// loop {
///     let step = u.decode(input);
///     body.extend_from_slice(step.data);
///     input = &input[step.consumed..];
///     if step.end {
///         break;
///     }
/// }
/// assert_eq!(body, b"a\r\n.b\r\n");
/// assert_eq!(input, b"+OK next");
/// ```
#[derive(Debug, Clone)]
pub struct Unstuffer {
    state: State,
}

impl Default for Unstuffer {
    fn default() -> Self {
        Self::new()
    }
}

impl Unstuffer {
    /// An un-stuffer at the start of a body.
    pub const fn new() -> Self {
        Unstuffer {
            state: State::LineStart,
        }
    }

    /// Whether the end of the body has been read.
    pub fn is_done(&self) -> bool {
        self.state == State::Done
    }

    /// Reads from the start of `input` until a stuffing `.` to drop, the end of the body, or
    /// the end of `input`, and returns the body octets read (see [`Unstuffed`]). Makes
    /// progress on every call while input remains and the end is not reached: it consumes
    /// at least one octet, or returns the one held-back CR.
    pub fn decode<'a>(&mut self, input: &'a [u8]) -> Unstuffed<'a> {
        if self.state == State::Done {
            return Unstuffed {
                data: &[],
                consumed: 0,
                end: true,
            };
        }
        let mut i = 0;
        loop {
            let Some(&b) = input.get(i) else {
                return Unstuffed {
                    data: input,
                    consumed: input.len(),
                    end: false,
                };
            };
            match self.state {
                // Left by the `DotCr` arm only, which returns at once.
                State::Done => {
                    return Unstuffed {
                        data: &[],
                        consumed: 0,
                        end: true,
                    };
                }
                State::LineStart => {
                    if b == b'.' {
                        // Output what came before the dot; the dot itself is dropped.
                        self.state = State::Dot;
                        return Unstuffed {
                            data: input.get(..i).unwrap_or_default(),
                            consumed: i + 1,
                            end: false,
                        };
                    }
                    self.state = State::Middle;
                }
                State::Dot => {
                    // The first octet after a dropped dot; `i` is 0 here.
                    match b {
                        b'\r' => {
                            self.state = State::DotCr;
                            return Unstuffed {
                                data: &[],
                                consumed: i + 1,
                                end: false,
                            };
                        }
                        _ => self.state = State::Middle,
                    }
                }
                State::DotCr => {
                    if b == b'\n' {
                        self.state = State::Done;
                        return Unstuffed {
                            data: &[],
                            consumed: i + 1,
                            end: true,
                        };
                    }
                    // The held CR is content (the dot before it was stuffing): hand it out,
                    // then read `b` as the octet after a CR.
                    self.state = State::Cr;
                    return Unstuffed {
                        data: b"\r",
                        consumed: 0,
                        end: false,
                    };
                }
                State::Cr => {
                    self.state = match b {
                        b'\n' => State::LineStart,
                        b'\r' => State::Cr,
                        _ => State::Middle,
                    };
                    i += 1;
                }
                State::Middle => {
                    // Skip to the next line that starts with `.`: everything before its dot is
                    // content, CRLF included.
                    let rest = input.get(i..).unwrap_or_default();
                    if let Some(j) = DOT_LINE.find(rest) {
                        self.state = State::Dot;
                        return Unstuffed {
                            data: input.get(..i + j + 2).unwrap_or_default(),
                            consumed: i + j + 3,
                            end: false,
                        };
                    }
                    // No dot line in the input: where its end leaves us.
                    self.state = if rest.ends_with(b"\r\n") {
                        State::LineStart
                    } else if rest.ends_with(b"\r") {
                        State::Cr
                    } else {
                        State::Middle
                    };
                    i = input.len();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole body and the bytes after it, feeding `input` in pieces of `size`.
    fn run(input: &[u8], size: usize) -> (Vec<u8>, Option<usize>) {
        let mut u = Unstuffer::new();
        let mut body = Vec::new();
        let mut offset = 0;
        for chunk in input.chunks(size.max(1)) {
            let mut rest = chunk;
            loop {
                let step = u.decode(rest);
                body.extend_from_slice(step.data);
                offset += step.consumed;
                rest = &rest[step.consumed..];
                if step.end {
                    return (body, Some(offset));
                }
                if rest.is_empty() && step.data.is_empty() {
                    break;
                }
            }
        }
        (body, None)
    }

    #[test]
    fn ends_only_at_crlf_dot_crlf() {
        assert_eq!(run(b".\r\nrest", 100), (Vec::new(), Some(3)));
        assert_eq!(run(b"a\r\n.\r\n", 100), (b"a\r\n".to_vec(), Some(6)));
        assert_eq!(
            run(b"a\n.\r\nb\r.\r\nc\r\n.\r\n", 100),
            (b"a\n.\r\nb\r.\r\nc\r\n".to_vec(), Some(16))
        );
        // `.` LF is not the end, and the LF does not start a line.
        assert_eq!(run(b"a\r\n.\n.\r\n", 100), (b"a\r\n\n.\r\n".to_vec(), None));
        assert_eq!(
            run(b"a\r\n.\r\r\n.\r\n", 100),
            (b"a\r\n\r\r\n".to_vec(), Some(10))
        );
        assert_eq!(
            run(b"a\r\n..\r\n.\r\n", 1),
            (b"a\r\n.\r\n".to_vec(), Some(10))
        );
        assert_eq!(run(b"a\r\n.x", 1), (b"a\r\nx".to_vec(), None));
    }

    #[test]
    fn consumes_nothing_after_the_end() {
        let mut u = Unstuffer::new();
        let step = u.decode(b".\r\n+OK");
        assert_eq!((step.data, step.consumed, step.end), (&b""[..], 1, false));
        let step = u.decode(b"\r\n+OK");
        assert_eq!((step.consumed, step.end), (1, false));
        let step = u.decode(b"\n+OK");
        assert_eq!((step.consumed, step.end), (1, true));
        assert!(u.is_done());
        let step = u.decode(b"+OK");
        assert_eq!(
            step,
            Unstuffed {
                data: b"",
                consumed: 0,
                end: true
            }
        );
    }

    #[test]
    fn every_split_gives_the_same_body() {
        let input = b"From: a\r\n..b\r\n.\rx\r\n\r\n.\r.\r\n..\r\n.\r\nnext";
        let whole = run(input, input.len());
        assert_eq!(
            whole,
            (
                b"From: a\r\n.b\r\n\rx\r\n\r\n\r.\r\n.\r\n".to_vec(),
                Some(33)
            )
        );
        for size in 1..input.len() {
            assert_eq!(run(input, size), whole, "{size}");
        }
    }
}
