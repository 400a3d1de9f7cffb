//! The transcript notation of the RFCs, made exact (see the workspace's `DESIGN.md`, "Session
//! transcripts"): every line of the two byte streams, in the order it was sent, prefixed with
//! `C: ` (client to server) or `S: ` (server to client), the original bytes and line ending
//! kept exactly after the prefix. A piece of a stream that does not end in LF (a BDAT chunk,
//! the end of a connection) is written `C| ` / `S| ` followed by one added LF that is not part
//! of the stream.
//!
//! ```text
//! S: 220 foo.com Simple Mail Transfer Service Ready␍␊
//! C: BDAT 5 LAST␍␊
//! C| Hello␊            ← the chunk "Hello", no line ending of its own
//! S: 250 OK␍␊
//! ```
//!
//! [`Transcript::parse`] turns a transcript back into the two streams, remembering for every
//! byte the transcript line it came from; [`TranscriptWriter`] writes streams in the notation.

use std::ops::Range;

/// Which way bytes went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Client to server (`C: `, `C| `).
    Client,
    /// Server to client (`S: `, `S| `).
    Server,
}

impl Direction {
    /// The letter of the notation: `C` or `S`.
    pub const fn letter(self) -> char {
        match self {
            Direction::Client => 'C',
            Direction::Server => 'S',
        }
    }
}

/// What one transcript line put into a stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// The stream it belongs to.
    pub direction: Direction,
    /// The transcript line (counted from 1).
    pub line: usize,
    /// Where its bytes are in [`Transcript::stream`]`(direction)`.
    pub range: Range<usize>,
}

/// A transcript line that is not in the notation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// The transcript line (counted from 1).
    pub line: usize,
    /// The direction, when the prefix said it.
    pub direction: Option<Direction>,
    /// What is wrong.
    pub reason: &'static str,
}

/// A transcript read back into its two byte streams.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Transcript {
    streams: [Vec<u8>; 2],
    segments: Vec<Segment>,
    /// For each direction, the indices of its segments in `segments`, in order.
    by_direction: [Vec<usize>; 2],
    errors: Vec<LineError>,
}

impl Transcript {
    /// Reads a transcript exactly as the notation says.
    ///
    /// Tolerated: `C:` / `S:` followed directly by the line ending (the RFCs write an empty
    /// line so) is an empty line of the stream; a `C| ` / `S| ` piece at the very end of the
    /// input may lack its added LF. Everything else that is not in the notation — another
    /// prefix, a blank line, a `C: ` line at the end of the input without a line ending — is a
    /// [`LineError`] (the bytes of the last case still go into the stream).
    ///
    /// ```
    /// use mail_examples::trace::transcript::{Direction, Transcript};
    ///
    /// let t = Transcript::parse(b"S: 220 ready\r\nC: BDAT 2 LAST\r\nC| hi\nS: 250 OK\r\n");
    /// assert_eq!(t.stream(Direction::Client), b"BDAT 2 LAST\r\nhi");
    /// assert_eq!(t.stream(Direction::Server), b"220 ready\r\n250 OK\r\n");
    /// assert_eq!(t.line_at(Direction::Client, 13), 3);
    /// assert!(t.errors().is_empty());
    /// ```
    pub fn parse(input: &[u8]) -> Self {
        Self::parse_with(input, false)
    }

    /// Reads a transcript; with `crlf`, a `C: ` / `S: ` line that ends in a bare LF is taken
    /// to end in CRLF — for transcripts pasted from text with LF line endings (the RFCs
    /// themselves), where SMTP's CRLF was lost.
    pub fn parse_with(input: &[u8], crlf: bool) -> Self {
        let mut t = Transcript::default();
        let mut rest = input;
        let mut line = 0;
        while !rest.is_empty() {
            line += 1;
            let (text, next) = match rest.iter().position(|&b| b == b'\n') {
                Some(lf) => (rest.get(..=lf).unwrap_or_default(), lf + 1),
                None => (rest, rest.len()),
            };
            rest = rest.get(next..).unwrap_or_default();
            t.line(text, line, crlf, rest.is_empty());
        }
        t
    }

    /// Reads one transcript line, its LF included (absent only at the end of the input).
    fn line(&mut self, text: &[u8], line: usize, crlf: bool, last: bool) {
        let direction = match text.first() {
            Some(b'C') => Some(Direction::Client),
            Some(b'S') => Some(Direction::Server),
            _ => None,
        };
        let mark = text.get(1..3);
        let Some(direction) = direction.filter(|_| {
            matches!(mark, Some(b": " | b"| " | b":\n" | b":\r")) || text.get(1..) == Some(b":")
        }) else {
            return self.error(line, None, BAD_PREFIX);
        };
        let body = text.get(3..).unwrap_or_default();
        match mark {
            Some(b"| ") => {
                let piece = body.strip_suffix(b"\n").unwrap_or(body);
                self.push(direction, line, piece);
            }
            Some(b": ") if body.ends_with(b"\n") => self.push_line(direction, line, body, crlf),
            Some(b": ") => {
                self.push(direction, line, body);
                self.error(line, Some(direction), NO_LINE_ENDING);
            }
            // `C:` then the line ending: an empty line.
            _ => {
                let ending = text.get(2..).unwrap_or_default();
                if ending == b"\n" || ending == b"\r\n" {
                    self.push_line(direction, line, ending, crlf);
                } else if ending.is_empty() && last {
                    self.error(line, Some(direction), NO_LINE_ENDING);
                } else {
                    self.error(line, None, BAD_PREFIX);
                }
            }
        }
    }

    /// Pushes a line that ends in LF, making a bare LF CRLF if asked to.
    fn push_line(&mut self, direction: Direction, line: usize, body: &[u8], crlf: bool) {
        match body.strip_suffix(b"\n") {
            Some(text) if crlf && !text.ends_with(b"\r") => {
                self.push(direction, line, &[text, b"\r\n"].concat());
            }
            _ => self.push(direction, line, body),
        }
    }

    fn push(&mut self, direction: Direction, line: usize, bytes: &[u8]) {
        if bytes.is_empty() {
            return;
        }
        let [client, server] = &mut self.streams;
        let [client_index, server_index] = &mut self.by_direction;
        let (stream, index) = match direction {
            Direction::Client => (client, client_index),
            Direction::Server => (server, server_index),
        };
        let start = stream.len();
        stream.extend_from_slice(bytes);
        index.push(self.segments.len());
        self.segments.push(Segment {
            direction,
            line,
            range: start..stream.len(),
        });
    }

    fn error(&mut self, line: usize, direction: Option<Direction>, reason: &'static str) {
        self.errors.push(LineError {
            line,
            direction,
            reason,
        });
    }

    /// The bytes that went one way, in order.
    pub fn stream(&self, direction: Direction) -> &[u8] {
        let [client, server] = &self.streams;
        match direction {
            Direction::Client => client,
            Direction::Server => server,
        }
    }

    /// What each transcript line contributed, in transcript order (lines that contributed no
    /// byte are left out).
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// The lines that are not in the notation.
    pub fn errors(&self) -> &[LineError] {
        &self.errors
    }

    /// The transcript line that holds byte `offset` of a stream (the last line of that
    /// stream for an offset at or past its end; 0 for a stream without bytes).
    pub fn line_at(&self, direction: Direction, offset: usize) -> usize {
        let [client, server] = &self.by_direction;
        let index = match direction {
            Direction::Client => client,
            Direction::Server => server,
        };
        let segment = |&i: &usize| self.segments.get(i);
        let after = index.partition_point(|i| segment(i).is_some_and(|s| s.range.start <= offset));
        after
            .checked_sub(1)
            .and_then(|k| index.get(k))
            .and_then(segment)
            .map_or(0, |s| s.line)
    }
}

const BAD_PREFIX: &str = "transcript line does not start with \"C: \", \"S: \", \"C| \" or \"S| \"";
const NO_LINE_ENDING: &str = "transcript ends in a line without LF: a piece that does not end in LF is written \"C| \" or \"S| \"";

/// Writes streams in the transcript notation.
///
/// Bytes are pushed in the order they were sent, in any split: each complete line (through
/// its LF) becomes a `C: ` / `S: ` line; a piece of a line is held until its LF arrives, and
/// written as a `C| ` / `S| ` line (plus the added LF) when the other side speaks first, when
/// [`flush`](Self::flush) is called (a BDAT chunk ended), or at the end. So the same lines in
/// the same order give the same transcript, however the bytes were cut.
///
/// ```
/// use mail_examples::trace::transcript::{Direction, TranscriptWriter};
///
/// let mut w = TranscriptWriter::new();
/// w.push(Direction::Server, b"220 re");
/// w.push(Direction::Server, b"ady\r\n");
/// w.push(Direction::Client, b"BDAT 2 LAST\r\nhi");
/// w.push(Direction::Server, b"250 OK\r\n");
/// assert_eq!(w.finish(), b"S: 220 ready\r\nC: BDAT 2 LAST\r\nC| hi\nS: 250 OK\r\n");
/// ```
#[derive(Debug, Clone, Default)]
pub struct TranscriptWriter {
    out: Vec<u8>,
    direction: Option<Direction>,
    partial: Vec<u8>,
}

impl TranscriptWriter {
    /// An empty transcript.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends bytes sent one way.
    pub fn push(&mut self, direction: Direction, bytes: &[u8]) {
        if self.direction != Some(direction) {
            self.flush();
        }
        let mut rest = bytes;
        while let Some(lf) = rest.iter().position(|&b| b == b'\n') {
            self.partial
                .extend_from_slice(rest.get(..=lf).unwrap_or_default());
            self.prefix(direction, ':');
            self.out.append(&mut self.partial);
            rest = rest.get(lf + 1..).unwrap_or_default();
        }
        self.partial.extend_from_slice(rest);
        self.direction = (!self.partial.is_empty()).then_some(direction);
    }

    /// Writes the piece of a line held so far, if any, as a `C| ` / `S| ` line.
    pub fn flush(&mut self) {
        if let Some(direction) = self.direction.take()
            && !self.partial.is_empty()
        {
            self.prefix(direction, '|');
            self.out.append(&mut self.partial);
            self.out.push(b'\n');
        }
    }

    /// The transcript.
    pub fn finish(mut self) -> Vec<u8> {
        self.flush();
        self.out
    }

    fn prefix(&mut self, direction: Direction, mark: char) {
        self.out.push(direction.letter() as u8);
        self.out.push(mark as u8);
        self.out.push(b' ');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes() {
        let t = Transcript::parse(b"C: a\r\nC:\r\nC:\nS| x\nX: no\n\nC: end");
        assert_eq!(t.stream(Direction::Client), b"a\r\n\r\n\nend");
        assert_eq!(t.stream(Direction::Server), b"x");
        let lines: Vec<_> = t.errors().iter().map(|e| (e.line, e.direction)).collect();
        assert_eq!(lines, [(5, None), (6, None), (7, Some(Direction::Client))]);
        assert_eq!(t.line_at(Direction::Client, 0), 1);
        assert_eq!(t.line_at(Direction::Client, 3), 2);
        assert_eq!(t.line_at(Direction::Client, 5), 3);
        assert_eq!(t.line_at(Direction::Client, 99), 7);
        assert_eq!(t.line_at(Direction::Server, 0), 4);
    }

    #[test]
    fn crlf_option() {
        let t = Transcript::parse_with(b"C: a\nC: b\r\nC| c\nC:\n", true);
        assert_eq!(t.stream(Direction::Client), b"a\r\nb\r\nc\r\n");
        assert_eq!(t.segments().len(), 4);
    }

    #[test]
    fn last_pipe_line_without_lf() {
        let t = Transcript::parse(b"S| bye");
        assert_eq!(t.stream(Direction::Server), b"bye");
        assert!(t.errors().is_empty());
    }
}
