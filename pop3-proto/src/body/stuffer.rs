//! The server side of a multi-line response body (RFC 1939 §3): a message from storage, in
//! chunks of any size, becomes CRLF lines with leading periods doubled and the terminating
//! `.` CRLF; for `TOP` (RFC 1939 §7) only the header, the blank line and `n` body lines.

use super::crlf_run::{BLOCK, MAX_EXACT_SPAN, MIN_RUN, crlf_run, dot_lines};

#[cfg(test)]
mod reference;

/// Streaming dot-stuffing of a message for `RETR` and `TOP` (RFC 1939 §§3, 5, 7).
///
/// - Every line that starts with `.` gets one more `.` ("byte-stuffed").
/// - A bare LF becomes CRLF (messages are often stored with LF line endings); any other octet,
///   8-bit and bare CR included, passes unchanged.
/// - A last line without its line break gets a CRLF (only the LF when it ends in a lone CR,
///   which that LF completes), then the terminating `.` CRLF follows.
/// - For `TOP msg n`: the header, the blank line after it, then at most `n` lines of the body;
///   the rest of the input is ignored ([`is_done`](Self::is_done) says when).
///
/// The size a server announces in `LIST`, `STAT` and `RETR` is the size of the message in this
/// CRLF form, without the stuffing and without the terminating line: [`message_size`] computes
/// it from the stored octets, and [`size`](Self::size) counts it as the message goes out.
///
/// ```
/// use pop3_proto::body::Stuffer;
///
/// let mut stuffer = Stuffer::new();
/// let mut out = Vec::new();
/// stuffer.push(b"Subject: hi\n\n.dot", &mut out);
/// stuffer.push(b"\nend", &mut out);
/// stuffer.finish(&mut out);
/// assert_eq!(out, b"Subject: hi\r\n\r\n..dot\r\nend\r\n.\r\n");
/// assert_eq!(stuffer.size(), 26);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stuffer {
    /// At the start of a line: the next octet decides about stuffing.
    line_start: bool,
    /// The last octet written was a CR (so an LF that follows is not bare).
    after_cr: bool,
    /// Octets of the current line so far (its line break not counted).
    line_len: u64,
    /// `TOP`: still in the header (no blank line seen yet).
    in_header: bool,
    /// `TOP`: body lines still to send; `None` for the whole message.
    body_lines: Option<u32>,
    /// The `TOP` limit was reached: the rest of the input is ignored.
    done: bool,
    /// `finish` was called.
    finished: bool,
    /// Octets of the message written, in its CRLF form.
    size: u64,
}

/// Where the exact path is to be taken (bare LFs were seen), within one input.
#[derive(Debug, Clone, Copy)]
struct Exact {
    /// Octets of the input still to go through the exact path before a run is looked for.
    left: usize,
    /// Octets the exact path takes at least when bare LFs are found again: doubles each time,
    /// so that a message stored with LF line endings is not searched for runs at every block.
    span: usize,
}

impl Default for Exact {
    fn default() -> Self {
        Exact {
            left: 0,
            span: BLOCK,
        }
    }
}

impl Default for Stuffer {
    fn default() -> Self {
        Self::new()
    }
}

impl Stuffer {
    /// A stuffer for the whole message (`RETR`).
    pub const fn new() -> Self {
        Stuffer {
            line_start: true,
            after_cr: false,
            line_len: 0,
            in_header: true,
            body_lines: None,
            done: false,
            finished: false,
            size: 0,
        }
    }

    /// A stuffer for `TOP msg lines` (RFC 1939 §7): the header, the blank line that ends it,
    /// then at most `lines` lines of the body.
    pub const fn top(lines: u32) -> Self {
        let mut s = Self::new();
        s.body_lines = Some(lines);
        s
    }

    /// Stuffs the next piece of the message into `out`. Pieces may be cut anywhere (inside a
    /// CRLF too); the output is the same however the message is cut.
    pub fn push(&mut self, mut input: &[u8], out: &mut Vec<u8>) {
        if self.finished {
            return;
        }
        let mut exact = Exact::default();
        while !input.is_empty() && !self.done {
            if self.line_start {
                if input.first() == Some(&b'.') {
                    out.push(b'.');
                }
                self.line_start = false;
            }
            if exact.left == 0 {
                (input, exact) = self.copy_crlf_run(input, out, exact);
                if input.is_empty() {
                    return;
                }
            }
            let Some(lf) = memchr::memchr(b'\n', input) else {
                out.extend_from_slice(input);
                self.size += input.len() as u64;
                self.line_len += input.len() as u64;
                self.after_cr = input.last() == Some(&b'\r');
                return;
            };
            let text = input.get(..lf).unwrap_or_default();
            let crlf = if lf == 0 {
                self.after_cr
            } else {
                text.last() == Some(&b'\r')
            };
            out.extend_from_slice(text);
            if crlf {
                out.push(b'\n');
            } else {
                out.extend_from_slice(b"\r\n");
            }
            let written = text.len() as u64 + if crlf { 1 } else { 2 };
            self.size += written;
            // The line's content, its CR not counted.
            let len = (self.line_len + text.len() as u64).saturating_sub(u64::from(crlf));
            self.end_line(len == 0);
            input = input.get(lf + 1..).unwrap_or_default();
            exact.left = exact.left.saturating_sub(lf + 1);
        }
    }

    /// The fast path, for a whole message: copies the run at the start of `input` (inside a
    /// line) whose line breaks are all CRLF (see [`crlf_run`]), doubling the period of each
    /// line in it that starts with one. Returns the rest of `input` and the new `exact`
    /// (passed by value, so that the exact path keeps it in a register).
    #[inline(never)]
    fn copy_crlf_run<'i>(
        &mut self,
        input: &'i [u8],
        out: &mut Vec<u8>,
        mut exact: Exact,
    ) -> (&'i [u8], Exact) {
        if self.body_lines.is_some() || input.len() < MIN_RUN {
            // Not for `TOP`; not worth it now, nor at any later line of this input.
            exact.left = usize::MAX;
            return (input, exact);
        }
        let run = crlf_run(input);
        if let Some(dirty) = run.dirty_until {
            exact.left = dirty.max(run.len + exact.span) - run.len;
            exact.span = (exact.span * 2).min(MAX_EXACT_SPAN);
        } else {
            exact.span = BLOCK;
        }
        let (text, rest) = input.split_at_checked(run.len).unwrap_or((&[], input));
        if text.is_empty() {
            return (rest, exact);
        }
        let mut from = 0;
        for lf in dot_lines(text) {
            out.extend_from_slice(text.get(from..=lf).unwrap_or_default());
            out.push(b'.');
            from = lf + 1;
        }
        out.extend_from_slice(text.get(from..).unwrap_or_default());
        self.size += text.len() as u64;
        // The run ends in neither CR nor LF; every LF in it ends a line.
        self.after_cr = false;
        self.line_len = match memchr::memrchr(b'\n', text) {
            Some(lf) => (text.len() - lf - 1) as u64,
            None => self.line_len + text.len() as u64,
        };
        (rest, exact)
    }

    /// A line ended; `empty` if it had no content.
    fn end_line(&mut self, empty: bool) {
        self.line_start = true;
        self.after_cr = false;
        self.line_len = 0;
        let Some(left) = self.body_lines.as_mut() else {
            return;
        };
        if self.in_header {
            if empty {
                self.in_header = false;
                self.done = *left == 0;
            }
        } else {
            *left = left.saturating_sub(1);
            self.done = *left == 0;
        }
    }

    /// Ends the message: a CRLF if the last line has none, then the terminating `.` CRLF
    /// (RFC 1939 §3). Further calls do nothing.
    pub fn finish(&mut self, out: &mut Vec<u8>) {
        if self.finished {
            return;
        }
        self.finished = true;
        if !self.line_start {
            if self.after_cr {
                out.push(b'\n');
                self.size += 1;
            } else {
                out.extend_from_slice(b"\r\n");
                self.size += 2;
            }
            self.line_start = true;
        }
        out.extend_from_slice(b".\r\n");
    }

    /// `TOP`: the header and the lines asked for are out; more input would be ignored, so the
    /// application can stop reading the message.
    pub fn is_done(&self) -> bool {
        self.done || self.finished
    }

    /// Octets of the message written so far in its CRLF form (without the stuffing periods
    /// and the terminating line). After [`finish`](Self::finish) on a whole message, this is
    /// [`message_size`] of it.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The whole message stuffed and terminated, in a new buffer.
    pub fn stuff_all(message: &[u8]) -> Vec<u8> {
        let mut stuffer = Stuffer::new();
        let mut out = Vec::with_capacity(message.len() + message.len() / 32 + 5);
        stuffer.push(message, &mut out);
        stuffer.finish(&mut out);
        out
    }
}

/// The size of `message` as a POP3 server sends it (RFC 1939 §§5, 11: "the exact size of the
/// message in octets"): with every bare LF written as CRLF and a CRLF after a last line that
/// has none, without dot-stuffing and the terminating line. This is the size `LIST` and
/// `STAT` must announce for a message that a [`Stuffer`] sends.
///
/// ```
/// use pop3_proto::body::message_size;
/// assert_eq!(message_size(b"a\nb\r\nc"), 9);
/// assert_eq!(message_size(b""), 0);
/// ```
pub fn message_size(message: &[u8]) -> u64 {
    let mut size = message.len() as u64;
    let mut from = 0;
    while let Some(i) = message.get(from..).and_then(|m| memchr::memchr(b'\n', m)) {
        let lf = from + i;
        let crlf = lf > 0 && message.get(lf - 1) == Some(&b'\r');
        if !crlf {
            size += 1;
        }
        from = lf + 1;
    }
    match message.last() {
        None | Some(b'\n') => {}
        Some(b'\r') => size += 1,
        Some(_) => size += 2,
    }
    size
}

#[cfg(test)]
mod tests {
    use super::*;

    fn top(message: &[u8], lines: u32) -> Vec<u8> {
        let mut s = Stuffer::top(lines);
        let mut out = Vec::new();
        s.push(message, &mut out);
        s.finish(&mut out);
        out
    }

    #[test]
    fn stuffs_and_terminates() {
        assert_eq!(Stuffer::stuff_all(b""), b".\r\n");
        assert_eq!(Stuffer::stuff_all(b".\r\n"), b"..\r\n.\r\n");
        assert_eq!(Stuffer::stuff_all(b"a\r\n.\r\n"), b"a\r\n..\r\n.\r\n");
        assert_eq!(Stuffer::stuff_all(b"..x"), b"...x\r\n.\r\n");
        assert_eq!(Stuffer::stuff_all(b"a\nb"), b"a\r\nb\r\n.\r\n");
        assert_eq!(Stuffer::stuff_all(b"a\rb\r"), b"a\rb\r\n.\r\n");
        assert_eq!(Stuffer::stuff_all(b"\n\n"), b"\r\n\r\n.\r\n");
        assert_eq!(Stuffer::stuff_all(b"\xe9t\xe9\r\n"), b"\xe9t\xe9\r\n.\r\n");
    }

    #[test]
    fn split_crlf_and_dots() {
        let mut s = Stuffer::new();
        let mut out = Vec::new();
        for piece in [&b"a\r"[..], b"\n", b".", b"b\r", b"", b"\n."] {
            s.push(piece, &mut out);
        }
        s.finish(&mut out);
        assert_eq!(out, b"a\r\n..b\r\n..\r\n.\r\n");
        assert_eq!(s.size(), message_size(b"a\r\n.b\r\n."));
        s.push(b"more", &mut out);
        s.finish(&mut out);
        assert_eq!(out, b"a\r\n..b\r\n..\r\n.\r\n");
    }

    #[test]
    fn top_sends_header_blank_line_and_n_lines() {
        let m = b"From: a\r\nSubject: b\r\n\r\nline 1\r\n.line 2\r\nline 3\r\n";
        assert_eq!(top(m, 0), b"From: a\r\nSubject: b\r\n\r\n.\r\n");
        assert_eq!(
            top(m, 2),
            b"From: a\r\nSubject: b\r\n\r\nline 1\r\n..line 2\r\n.\r\n"
        );
        assert_eq!(top(m, 10), Stuffer::stuff_all(m));
        // LF-only storage, and a header with no body at all.
        assert_eq!(top(b"A: b\n\nx\ny\n", 1), b"A: b\r\n\r\nx\r\n.\r\n");
        assert_eq!(top(b"A: b", 0), b"A: b\r\n.\r\n");
        let mut s = Stuffer::top(1);
        let mut out = Vec::new();
        s.push(b"A: b\r\n\r", &mut out);
        assert!(!s.is_done());
        s.push(b"\nbody\r", &mut out);
        assert!(!s.is_done());
        s.push(b"\nrest\r\n", &mut out);
        assert!(s.is_done());
        s.finish(&mut out);
        assert_eq!(out, b"A: b\r\n\r\nbody\r\n.\r\n");
    }

    /// Lines long enough for the fast path: 70 octets of `x`.
    const X70: &[u8] = &[b'x'; 70];

    fn stuffed(chunks: &[&[u8]]) -> (Vec<u8>, u64) {
        let mut s = Stuffer::new();
        let mut out = Vec::new();
        for chunk in chunks {
            s.push(chunk, &mut out);
        }
        s.finish(&mut out);
        (out, s.size())
    }

    #[test]
    fn dot_at_the_start_of_the_input() {
        let message = [b".a\r\n", X70, b"\r\n", X70, b"\r\n.b"].concat();
        let expected = [b"..a\r\n", X70, b"\r\n", X70, b"\r\n..b\r\n.\r\n"].concat();
        assert_eq!(stuffed(&[&message]), (expected, message.len() as u64 + 2));
        // At the start of a later input, only when it is a line start.
        let (out, _) = stuffed(&[&[X70, b"\r\n"].concat(), b".b", &[b".c", X70].concat()]);
        assert_eq!(out, [X70, b"\r\n..b.c", X70, b"\r\n.\r\n"].concat());
    }

    #[test]
    fn dot_after_a_crlf_split_across_inputs() {
        let expected = [X70, b"\r\n..", X70, b"\r\n", X70, b"\r\n.\r\n"].concat();
        let line = [b".", X70, b"\r\n", X70, b"\r\n"].concat();
        for (first, second) in [
            ([X70, b"\r"].concat(), [b"\n", &line[..]].concat()),
            ([X70, b"\r\n"].concat(), line.clone()),
            ([X70, b"\r\n."].concat(), line[1..].to_vec()),
        ] {
            assert_eq!(stuffed(&[&first, &second]), (expected.clone(), 3 * 72 + 1));
        }
    }

    #[test]
    fn bare_line_breaks_inside_long_text() {
        // A bare LF becomes CRLF and starts a line (so a period after it is doubled); a bare
        // CR goes out unchanged and starts no line.
        let message = [X70, b"\n", X70, b"\r.", X70, b"\n.", X70, b"\r\r\n", X70].concat();
        let expected = [
            X70,
            b"\r\n",
            X70,
            b"\r.",
            X70,
            b"\r\n..",
            X70,
            b"\r\r\n",
            X70,
            b"\r\n.\r\n",
        ]
        .concat();
        let size = expected.len() as u64 - 4;
        assert_eq!(stuffed(&[&message]), (expected.clone(), size));
        let chunks: Vec<&[u8]> = message.chunks(7).collect();
        assert_eq!(stuffed(&chunks), (expected, size));
        // Stored with LF line endings throughout.
        let lf = [X70, b"\n.", X70, b"\n"].concat().repeat(40);
        let crlf = [X70, b"\r\n..", X70, b"\r\n"].concat().repeat(40);
        assert_eq!(
            stuffed(&[&lf]),
            ([&crlf[..], b".\r\n"].concat(), message_size(&lf))
        );
    }

    #[test]
    fn dot_lines_inside_one_long_run() {
        let message = [X70, b"\r\n.", X70, b"\r\n"].concat().repeat(3);
        let expected = [X70, b"\r\n..", X70, b"\r\n"].concat().repeat(3);
        assert_eq!(
            stuffed(&[&message]),
            ([&expected[..], b".\r\n"].concat(), message.len() as u64)
        );
    }

    #[test]
    fn the_terminating_line() {
        let body = [X70, b"\r\n", X70, b"\r\n"].concat();
        assert_eq!(stuffed(&[&body]).0, [&body[..], b".\r\n"].concat());
        assert_eq!(
            stuffed(&[&body, X70]).0,
            [&body[..], X70, b"\r\n.\r\n"].concat()
        );
        assert_eq!(
            stuffed(&[&body, X70, b"\r"]).0,
            [&body[..], X70, b"\r\n.\r\n"].concat()
        );
        assert_eq!(
            stuffed(&[&body, b".\r\n"]).0,
            [&body[..], b"..\r\n.\r\n"].concat()
        );
    }

    #[test]
    fn sizes() {
        assert_eq!(message_size(b"a\r\n"), 3);
        assert_eq!(message_size(b"a\n"), 3);
        assert_eq!(message_size(b"a"), 3);
        assert_eq!(message_size(b"a\r"), 3);
        assert_eq!(message_size(b"\n\r\n"), 4);
        for m in [&b"x\ny\r\n.z"[..], b"", b"\r", b"abc\r\r\n"] {
            let mut s = Stuffer::new();
            s.push(m, &mut Vec::new());
            s.finish(&mut Vec::new());
            assert_eq!(s.size(), message_size(m), "{m:?}");
        }
    }
}
