//! Handing out the content: `DATA` through the [`Stuffer`] (RFC 5321 §4.5.2), or `BDAT`
//! chunks (RFC 3030 §2), in bounded pieces, never the whole message copied at once.

use std::ops::Range;

use crate::data::{Normaliser, Stuffer};

use super::plan::Method;

/// The content of a message on its way out.
#[derive(Debug)]
pub(super) enum Content {
    /// `DATA` content: line endings made CRLF, leading periods doubled, `.` CRLF at the end.
    Data { stuffer: Stuffer, offset: usize },
    /// `BDAT` chunks.
    Bdat(Chunker),
}

/// Cuts the message into `BDAT` chunks.
#[derive(Debug)]
pub(super) struct Chunker {
    /// Message octets taken so far.
    offset: usize,
    /// `None`: binary, the octets go as they are (handed out without copying); else text,
    /// line endings made CRLF.
    normaliser: Option<Normaliser>,
    /// Binary: where the data of the chunk being handed out ends.
    chunk_end: usize,
    /// Text: the normalised chunk.
    scratch: Vec<u8>,
    /// Chunks go one after the other without waiting for replies (RFC 3030 §4.2).
    pipelined: bool,
    /// A chunk is out and its reply is awaited before the next one.
    pub(super) awaiting: bool,
}

/// What one step of [`Content::step`] did.
#[derive(Debug, Default)]
pub(super) struct Step {
    /// Hand out these octets of the message as they are.
    pub(super) zero_copy: Option<Range<usize>>,
    /// A `BDAT` command was written; `true` if it is the `LAST`.
    pub(super) chunk: Option<bool>,
    /// The content is complete.
    pub(super) done: bool,
}

impl Content {
    /// The content of a message going by `method`.
    pub(super) fn new(method: Method, pipelined: bool) -> Self {
        match method {
            Method::Data => Content::Data {
                stuffer: Stuffer::new(),
                offset: 0,
            },
            Method::Bdat { binary } => Content::Bdat(Chunker {
                offset: 0,
                normaliser: (!binary).then(Normaliser::new),
                chunk_end: 0,
                scratch: Vec::new(),
                pipelined,
                awaiting: false,
            }),
        }
    }

    /// Waiting for a chunk's reply: nothing to hand out now.
    pub(super) fn awaiting(&self) -> bool {
        matches!(self, Content::Bdat(c) if c.awaiting)
    }

    /// Produces the next piece: into `out` (at most about `piece` octets of message, or one
    /// text chunk), or as a range of `message` to hand out.
    pub(super) fn step(
        &mut self,
        message: &[u8],
        out: &mut Vec<u8>,
        piece: usize,
        chunk_size: usize,
    ) -> Step {
        let piece = piece.max(1);
        match self {
            Content::Data { stuffer, offset } => {
                let end = offset.saturating_add(piece).min(message.len());
                let window = message.get(*offset..end).unwrap_or_default();
                stuffer.encode(window, |b| out.extend_from_slice(b));
                *offset = end;
                let done = end >= message.len();
                if done {
                    stuffer.finish(|b| out.extend_from_slice(b));
                }
                Step {
                    done,
                    ..Step::default()
                }
            }
            Content::Bdat(chunker) => chunker.step(message, out, piece, chunk_size),
        }
    }
}

impl Chunker {
    fn step(&mut self, message: &[u8], out: &mut Vec<u8>, piece: usize, chunk_size: usize) -> Step {
        let len = message.len();
        let chunk_size = if chunk_size == 0 {
            usize::MAX
        } else {
            chunk_size
        };
        if self.normaliser.is_none() && self.offset < self.chunk_end {
            // The data of the current binary chunk, as it is.
            let start = self.offset;
            let end = start.saturating_add(piece).min(self.chunk_end);
            self.offset = end;
            let mut step = Step {
                zero_copy: Some(start..end),
                ..Step::default()
            };
            if end == self.chunk_end {
                self.chunk_done(end >= len, &mut step);
            }
            return step;
        }
        let end = self.offset.saturating_add(chunk_size).min(len);
        let window = message.get(self.offset..end).unwrap_or_default();
        let last = end >= len;
        let size = match &mut self.normaliser {
            None => {
                // The data follows as it is, from `offset` to `chunk_end`.
                self.chunk_end = end;
                window.len()
            }
            Some(normaliser) => {
                self.offset = end;
                self.scratch.clear();
                let scratch = &mut self.scratch;
                normaliser.encode(window, |b| scratch.extend_from_slice(b));
                if last {
                    normaliser.finish(|b| scratch.extend_from_slice(b));
                }
                scratch.len()
            }
        };
        out.extend_from_slice(b"BDAT ");
        out.extend_from_slice(size.to_string().as_bytes());
        if last {
            out.extend_from_slice(b" LAST");
        }
        out.extend_from_slice(b"\r\n");
        let mut step = Step {
            chunk: Some(last),
            ..Step::default()
        };
        if self.normaliser.is_some() {
            out.extend_from_slice(&self.scratch);
            self.chunk_done(last, &mut step);
        } else if size == 0 {
            self.chunk_done(last, &mut step);
        }
        step
    }

    /// The chunk is out: done if it was the last, else wait for its reply unless pipelined.
    fn chunk_done(&mut self, last: bool, step: &mut Step) {
        if last {
            step.done = true;
        } else if !self.pipelined {
            self.awaiting = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(method: Method, pipelined: bool, message: &[u8], piece: usize, chunk: usize) -> Vec<u8> {
        let mut content = Content::new(method, pipelined);
        let mut wire = Vec::new();
        for _ in 0..10_000 {
            let mut out = Vec::new();
            let step = content.step(message, &mut out, piece, chunk);
            wire.extend_from_slice(&out);
            if let Some(r) = step.zero_copy {
                wire.extend_from_slice(&message[r]);
            }
            if let Content::Bdat(c) = &mut content {
                c.awaiting = false;
            }
            if step.done {
                return wire;
            }
        }
        panic!("no end");
    }

    #[test]
    fn data_in_pieces() {
        let m = b"a\n.b\r\n..c";
        for piece in 1..12 {
            assert_eq!(
                run(Method::Data, false, m, piece, 0),
                b"a\r\n..b\r\n...c\r\n.\r\n"
            );
        }
        assert_eq!(run(Method::Data, false, b"", 4, 0), b".\r\n");
    }

    #[test]
    fn bdat_binary_and_text() {
        let m = b"ab\0c\nd";
        assert_eq!(
            run(Method::Bdat { binary: true }, true, m, 2, 4),
            b"BDAT 4\r\nab\0cBDAT 2 LAST\r\n\nd"
        );
        assert_eq!(
            run(Method::Bdat { binary: true }, false, b"", 2, 4),
            b"BDAT 0 LAST\r\n"
        );
        assert_eq!(
            run(Method::Bdat { binary: false }, false, b"a\nb\r", 9, 2),
            b"BDAT 3\r\na\r\nBDAT 3 LAST\r\nb\r\n"
        );
    }
}
