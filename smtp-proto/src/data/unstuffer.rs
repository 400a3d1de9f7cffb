//! The server side of DATA: finding the end of mail data and removing the transparency periods
//! (RFC 5321 §4.5.2, §4.1.1.4), as a streaming decoder.

use std::borrow::Cow;

use memchr::{memchr, memchr2, memrchr};

use super::BareLinebreaks;
use super::clean_run::clean_run;
use super::cow_sink::CowSink;
use super::pair_scan::MIN_RUN;

/// The maximum total length of a text line (RFC 5321 §4.5.3.1.6): 1000 octets, its CRLF
/// included and a transparency period not counted. The [`Unstuffer`]'s default
/// [line limit](Unstuffer::with_line_limit).
pub const TEXT_LINE_LIMIT: u64 = 1000;

/// The exact path's first span after a bare line break, and its longest.
const SLOW_SPAN: u64 = 256;
const MAX_SLOW_SPAN: u64 = 64 * 1024;

/// What the [`Unstuffer`] has seen of a message so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct DataReport {
    /// Octets of content produced so far: the message size as RFC 1870 counts it (CRLFs
    /// included, transparency periods and the end of data indicator not), after
    /// [`Normalise`](BareLinebreaks::Normalise) if that is the policy. Compare it with the
    /// `SIZE` limit while receiving.
    pub size: u64,
    /// Lines of the content longer than the [line limit](Unstuffer::with_line_limit) (by default
    /// [`TEXT_LINE_LIMIT`], the 1000 octets of RFC 5321 §4.5.3.1.6), each measured with its
    /// CRLF and without its transparency period, and counted as soon as it exceeds the limit
    /// (so the line still being received counts too). Lines are those of the content as
    /// produced: under [`Normalise`](BareLinebreaks::Normalise) a bare CR or LF ends one,
    /// otherwise only CRLF. A server may refuse such a message (RFC 5321 §4.5.3.1.9 gives
    /// `500 Line too long.` as an example) or accept it.
    pub long_lines: u64,
    /// Where the first of the [`long_lines`](Self::long_lines) starts, as an offset into the
    /// content.
    pub first_long_line: Option<u64>,
    /// Bare CRs seen (a CR not followed by LF).
    pub bare_cr: u64,
    /// Bare LFs seen (an LF not preceded by CR).
    pub bare_lf: u64,
    /// Offset of the first bare CR or LF, counted in octets received since the `354` reply.
    pub first_bare_linebreak: Option<u64>,
}

impl DataReport {
    /// Whether any bare CR or bare LF was seen.
    pub fn has_bare_linebreaks(&self) -> bool {
        self.first_bare_linebreak.is_some()
    }

    /// Whether any line was longer than the line limit (RFC 5321 §4.5.3.1.6).
    pub fn has_long_lines(&self) -> bool {
        self.first_long_line.is_some()
    }
}

/// One step of the [`Unstuffer`]: a piece of content and how much input it took.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step<'i> {
    /// Content to append to the message: a slice of the input, or a short constant (a CR that
    /// arrived at the end of an earlier input, a CRLF written for a bare line break). May be
    /// empty.
    pub content: &'i [u8],
    /// Octets of the input used up; the caller passes the input from there on next time.
    pub consumed: usize,
    /// The end of mail data was reached; `consumed` stops right after it, and what follows in
    /// the input is the next command.
    pub finished: bool,
}

/// What [`Unstuffer::decode`] did with one input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decoded {
    /// Octets of the input used up: all of it, unless the message ended inside it, then up to
    /// and including the end of data indicator.
    pub consumed: usize,
    /// The end of mail data was reached.
    pub finished: bool,
}

/// Where in the line structure the decoder stands between two bytes, and what it holds back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// At the start of a line (the start of the data, or after CRLF); nothing held.
    LineStart,
    /// A `.` at the start of a line, held: it is either stuffing or the start of the end.
    Dot,
    /// `.` CR at the start of a line, held.
    DotCr,
    /// Inside a line, nothing held.
    Text,
    /// Inside a line, a CR held: the input ended right after it.
    Cr,
    /// The end of data was reached.
    Done,
}

/// Streaming DATA decoder (server side): removes the transparency periods, finds the end of
/// mail data, applies the [`BareLinebreaks`] policy and measures the message.
///
/// Feed it the octets received after the `354` reply, in any split; the content comes out as
/// slices of that input wherever possible, and the same input gives the same content, report and
/// end position however it is split. Only a few octets are ever held between two calls (at most
/// `.` CR at a line start, or a CR), so memory use does not grow with the message.
///
/// The end of data is recognised only at `CRLF "." CRLF` (see the [module docs](super)).
///
/// Text that needs no change and holds no bare line break (the usual case) is passed on in
/// runs of up to 64 KiB found with one vectorised pass (AVX2 where the CPU has it, chosen at
/// run time), not line by line; line lengths are
/// checked against a limit ([`with_line_limit`](Self::with_line_limit)) with about one search
/// per limit's worth of octets, so that the report stays exact without visiting every line.
///
/// ```
/// use smtp_proto::data::{BareLinebreaks, Unstuffer};
///
/// let mut unstuffer = Unstuffer::new(BareLinebreaks::Normalise);
/// let mut message = Vec::new();
/// // Arrives in two TCP segments; the second also holds the next command.
/// let d = unstuffer.decode(b"Subject: hi\r\n\r\n..dot\n", |c| message.extend_from_slice(c));
/// assert!(!d.finished);
/// let input = b"end\r\n.\r\nQUIT\r\n";
/// let d = unstuffer.decode(input, |c| message.extend_from_slice(c));
/// assert!(d.finished);
/// assert_eq!(&input[d.consumed..], b"QUIT\r\n");
/// assert_eq!(message, b"Subject: hi\r\n\r\n.dot\r\nend\r\n");
/// assert_eq!(unstuffer.report().bare_lf, 1);
/// ```
#[derive(Debug, Clone)]
pub struct Unstuffer {
    policy: BareLinebreaks,
    state: State,
    /// A constant to emit before anything else (the LF or CRLF of a normalised bare line break).
    pending: &'static [u8],
    /// Octets consumed since the start of the data.
    received: u64,
    /// Content offset where the current line started.
    line_start: u64,
    /// The current line was already counted as long.
    line_counted: bool,
    /// Lines longer than this are counted in the report.
    line_limit: u64,
    /// Stream offset up to which the exact path runs (past a block holding a bare CR or LF),
    /// so that the fast path is not tried again at every line.
    slow_until: u64,
    /// Octets the exact path takes after the next block found with a bare CR or LF: doubled
    /// each time one is found in a row (text with bare LFs throughout then costs no more than
    /// the exact path alone), back to [`SLOW_SPAN`] after a clean run at least that long.
    slow_span: u64,
    report: DataReport,
}

impl Default for Unstuffer {
    fn default() -> Self {
        Unstuffer::new(BareLinebreaks::default())
    }
}

impl Unstuffer {
    /// A decoder for one message, positioned right after the CRLF of the `DATA` command (so that
    /// a first line `.` ends an empty message, RFC 5321 §4.1.1.4).
    pub fn new(policy: BareLinebreaks) -> Self {
        Unstuffer {
            policy,
            state: State::LineStart,
            pending: b"",
            received: 0,
            line_start: 0,
            line_counted: false,
            line_limit: TEXT_LINE_LIMIT,
            slow_until: 0,
            slow_span: SLOW_SPAN,
            report: DataReport::default(),
        }
    }

    /// The same decoder counting lines longer than `limit` octets (CRLF included, transparency
    /// period not) in [`DataReport::long_lines`] instead of [`TEXT_LINE_LIMIT`]; for a server
    /// that accepts longer lines than RFC 5321 §4.5.3.1.6 requires (or wants to flag shorter
    /// ones, such as the 78 octets of RFC 5322 §2.1.1).
    pub fn with_line_limit(mut self, limit: u64) -> Self {
        self.line_limit = limit;
        self
    }

    /// The line limit in force ([`with_line_limit`](Self::with_line_limit)).
    pub fn line_limit(&self) -> u64 {
        self.line_limit
    }

    /// The policy this decoder applies.
    pub fn policy(&self) -> BareLinebreaks {
        self.policy
    }

    /// What has been seen so far.
    pub fn report(&self) -> &DataReport {
        &self.report
    }

    /// Octets received (consumed) since the start of the data, the end of data indicator and
    /// transparency periods included.
    pub fn received(&self) -> u64 {
        self.received
    }

    /// Whether the end of mail data has been reached.
    pub fn is_finished(&self) -> bool {
        self.state == State::Done
    }

    /// Whether the server must refuse the message: the policy is
    /// [`Reject`](BareLinebreaks::Reject) and a bare CR or LF was seen. (Keep reading to the end
    /// of data all the same, then reply with a failure.)
    pub fn must_reject(&self) -> bool {
        self.policy == BareLinebreaks::Reject && self.report.has_bare_linebreaks()
    }

    /// Decodes all of `input` (or up to the end of data), giving each piece of content to
    /// `emit` in order.
    pub fn decode<'i>(&mut self, input: &'i [u8], mut emit: impl FnMut(&'i [u8])) -> Decoded {
        let mut consumed = 0;
        loop {
            let step = self.step(input.get(consumed..).unwrap_or_default());
            consumed += step.consumed;
            if !step.content.is_empty() {
                emit(step.content);
            }
            if step.finished || step.content.is_empty() {
                // An empty piece that does not finish means the input is used up.
                return Decoded {
                    consumed,
                    finished: step.finished,
                };
            }
        }
    }

    /// Decodes the next piece of `input`: the pull form of [`decode`](Self::decode), for callers
    /// that hand each piece on before asking for the next one.
    ///
    /// A step with empty `content` that is not `finished` has consumed all of `input`: more
    /// input is needed. Otherwise call again with `&input[step.consumed..]`. After the end,
    /// every step is empty, finished and consumes nothing.
    pub fn step<'i>(&mut self, input: &'i [u8]) -> Step<'i> {
        if !self.pending.is_empty() {
            let piece = std::mem::take(&mut self.pending);
            // Only normalised line breaks are pending, and each ends a line.
            self.line_end(self.report.size + piece.len() as u64);
            return self.done_step(piece, 0, false);
        }
        let mut pos = 0;
        loop {
            match self.state {
                State::Done => return self.done_step(b"", 0, true),
                State::Text => return self.scan(input, pos),
                State::LineStart => match input.get(pos) {
                    None => return self.done_step(b"", pos, false),
                    Some(b'.') => {
                        pos += 1;
                        self.state = State::Dot;
                    }
                    Some(_) => self.state = State::Text,
                },
                State::Dot => match input.get(pos) {
                    None => return self.done_step(b"", pos, false),
                    Some(b'\r') => {
                        pos += 1;
                        self.state = State::DotCr;
                    }
                    // The line goes on: the period was a transparency period (RFC 5321 §4.5.2).
                    Some(_) => self.state = State::Text,
                },
                State::DotCr => match input.get(pos) {
                    None => return self.done_step(b"", pos, false),
                    Some(b'\n') => {
                        self.state = State::Done;
                        return self.done_step(b"", pos + 1, true);
                    }
                    // `.` CR x: a transparency period, then a bare CR.
                    Some(_) => return self.held_bare_cr(pos),
                },
                State::Cr => match input.get(pos) {
                    None => return self.done_step(b"", pos, false),
                    Some(b'\n') => {
                        self.state = State::LineStart;
                        self.line_end(self.report.size + 2);
                        return self.done_step(b"\r\n", pos + 1, false);
                    }
                    Some(_) => return self.held_bare_cr(pos),
                },
            }
        }
    }

    /// Emits a CR that was held back and turned out bare (the octet at `pos` is not LF); the
    /// CR itself is the octet just before `pos` in the stream.
    fn held_bare_cr<'i>(&mut self, pos: usize) -> Step<'i> {
        self.state = State::Text;
        self.bare((self.received + pos as u64).saturating_sub(1), true);
        if self.policy == BareLinebreaks::Normalise {
            self.line_end(self.report.size + 2);
            self.done_step(b"\r\n", pos, false)
        } else {
            self.done_step(b"\r", pos, false)
        }
    }

    /// Inside a line from `start`: copies the run of text up to the next place where the content
    /// differs from the input (a transparency period, a normalised line break, the end, or the
    /// end of the input), jumping from line break to line break.
    fn scan<'i>(&mut self, input: &'i [u8], start: usize) -> Step<'i> {
        let base = self.report.size; // content offset of input[start]
        let run = |end: usize| input.get(start..end).unwrap_or_default();
        let mut pos = start;
        loop {
            pos = self.skip_clean_run(input, start, pos);
            // A clean run usually stops right before a line break: no search for that one.
            let next_break = match input.get(pos) {
                Some(b'\r' | b'\n') => Some(pos),
                _ => input
                    .get(pos..)
                    .and_then(|rest| memchr2(b'\r', b'\n', rest))
                    .map(|off| pos + off),
            };
            let Some(i) = next_break else {
                return self.done_step(run(input.len()), input.len(), false);
            };
            if input.get(i) == Some(&b'\n') {
                // An LF whose CR would have been found first: bare.
                self.bare(self.received + i as u64, false);
                if self.policy == BareLinebreaks::Normalise {
                    if i == start {
                        self.line_end(base + 2);
                        return self.done_step(b"\r\n", i + 1, false);
                    }
                    self.pending = b"\r\n";
                    return self.done_step(run(i), i + 1, false);
                }
                pos = i + 1;
                continue;
            }
            match input.get(i + 1) {
                None => {
                    self.state = State::Cr;
                    return self.done_step(run(i), i + 1, false);
                }
                Some(b'\n') => {
                    let next = i + 2; // a line starts here
                    self.line_end(base + (next - start) as u64);
                    let (state, consumed, finished) = match input.get(next..) {
                        Some([b'.', b'\r', b'\n', ..]) => (State::Done, next + 3, true),
                        Some([b'.', b'\r']) => (State::DotCr, next + 2, false),
                        Some([b'.']) => (State::Dot, next + 1, false),
                        // A transparency period (after `.` CR x the CR is bare; the next
                        // scan reports it).
                        Some([b'.', ..]) => (State::Text, next + 1, false),
                        Some([]) | None => (State::LineStart, next, false),
                        Some(_) => {
                            pos = next;
                            continue;
                        }
                    };
                    self.state = state;
                    return self.done_step(run(next), consumed, finished);
                }
                Some(_) => {
                    self.bare(self.received + i as u64, true);
                    if self.policy == BareLinebreaks::Normalise {
                        self.pending = b"\n";
                        return self.done_step(run(i + 1), i + 1, false);
                    }
                    pos = i + 1;
                }
            }
        }
    }

    /// The fast path: from `pos`, inside a line, past the run of text that passes through
    /// unchanged (see [`clean_run`]), with its lines measured. `input[start]` is where this
    /// step's content begins (content offset `report.size`).
    fn skip_clean_run(&mut self, input: &[u8], start: usize, pos: usize) -> usize {
        let at = self.received + pos as u64;
        let text = input.get(pos..).unwrap_or_default();
        if at < self.slow_until || text.len() < MIN_RUN {
            return pos;
        }
        let run = clean_run(text);
        if let Some(until) = run.dirty_until {
            self.slow_until = at + (until as u64).max(run.len as u64 + self.slow_span);
            self.slow_span = (self.slow_span * 2).min(MAX_SLOW_SPAN);
        } else if run.len as u64 >= SLOW_SPAN {
            self.slow_span = SLOW_SPAN;
        }
        let Some(octets) = text.get(..run.len).filter(|o| !o.is_empty()) else {
            return pos;
        };
        let offset = self.report.size + (pos - start) as u64;
        self.clean_lines(octets, offset);
        pos + run.len
    }

    /// Measures the lines of a clean run (every LF in it ends a line) at content offset
    /// `offset`. The start of the current line is known exactly; instead of visiting every line
    /// the limit is checked by windows: the last LF within `limit` octets of a line start ends
    /// only lines within the limit, so the next check starts after it; a window without LF
    /// holds the start of a long line, whose end is then searched. Normal text costs one
    /// backward search per run and one per `limit` octets.
    fn clean_lines(&mut self, octets: &[u8], offset: u64) {
        let Some(last) = memrchr(b'\n', octets) else {
            return;
        };
        let end = offset + last as u64 + 1; // a line starts here
        let limit = self.line_limit;
        let mut line = self.line_start;
        let mut counted = self.line_counted;
        while end - line > limit {
            let from = line.saturating_sub(offset) as usize;
            let to = line.saturating_add(limit).saturating_sub(offset) as usize;
            if let Some(lf) = octets.get(from..to).and_then(|w| memrchr(b'\n', w)) {
                line = offset + (from + lf) as u64 + 1;
                counted = false;
                continue;
            }
            if !counted {
                self.long_line(line);
            }
            // `line + limit < end`, so an LF follows within the run.
            let Some(lf) = octets.get(to..).and_then(|rest| memchr(b'\n', rest)) else {
                break;
            };
            line = offset + (to + lf) as u64 + 1;
            counted = false;
        }
        self.line_start = end;
        self.line_counted = false;
    }

    /// Counts a long line starting at content offset `at`.
    fn long_line(&mut self, at: u64) {
        self.report.long_lines += 1;
        self.report.first_long_line.get_or_insert(at);
    }

    /// Records a bare CR (`cr`) or LF at stream offset `at`.
    fn bare(&mut self, at: u64, cr: bool) {
        if cr {
            self.report.bare_cr += 1;
        } else {
            self.report.bare_lf += 1;
        }
        self.report.first_bare_linebreak.get_or_insert(at);
    }

    /// A line of the content ends at content offset `at`.
    fn line_end(&mut self, at: u64) {
        if at.saturating_sub(self.line_start) > self.line_limit && !self.line_counted {
            self.long_line(self.line_start);
        }
        self.line_start = at;
        self.line_counted = false;
    }

    /// Books a step's content and consumption and returns it.
    fn done_step<'i>(&mut self, content: &'i [u8], consumed: usize, finished: bool) -> Step<'i> {
        self.received += consumed as u64;
        self.report.size += content.len() as u64;
        let partial = self.report.size.saturating_sub(self.line_start);
        if partial > self.line_limit && !self.line_counted {
            self.long_line(self.line_start);
            self.line_counted = true;
        }
        Step {
            content,
            consumed,
            finished,
        }
    }
}

/// A whole message decoded by [`unstuff`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unstuffed<'a> {
    /// The message content, borrowed from the input when no octet had to be removed or added.
    pub content: Cow<'a, [u8]>,
    /// Octets of the input up to and including the end of data indicator.
    pub consumed: usize,
    /// What was seen.
    pub report: DataReport,
}

impl Unstuffed<'_> {
    /// The same, owning its content.
    pub fn into_owned(self) -> Unstuffed<'static> {
        Unstuffed {
            content: Cow::Owned(self.content.into_owned()),
            consumed: self.consumed,
            report: self.report,
        }
    }
}

/// Why [`unstuff`] gave no message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UnstuffError {
    /// The input holds no end of mail data indicator (`CRLF "." CRLF`, RFC 5321 §4.1.1.4).
    #[error("no end of mail data (CRLF.CRLF) in {received} octets")]
    Unterminated {
        /// Octets examined: all of the input.
        received: usize,
    },
    /// The policy is [`Reject`](BareLinebreaks::Reject) and the message holds a bare CR or LF.
    #[error("bare CR or LF at offset {offset} of the message data")]
    BareLinebreak {
        /// Offset of the first one in the input.
        offset: u64,
        /// Octets of the input up to and including the end of data indicator, where the next
        /// command starts.
        consumed: usize,
    },
}

/// Decodes one whole message from `input`, the octets after the `354` reply: the content, and
/// where the end of data indicator ends (the next command starts there).
///
/// ```
/// use smtp_proto::data::{BareLinebreaks, unstuff};
///
/// let m = unstuff(b"Hi\r\n..\r\n.\r\nQUIT\r\n", BareLinebreaks::Reject).unwrap();
/// assert_eq!(&m.content[..], b"Hi\r\n.\r\n");
/// assert_eq!(m.consumed, 11);
/// ```
///
/// # Errors
/// [`UnstuffError::Unterminated`] when `input` ends before the end of data indicator;
/// [`UnstuffError::BareLinebreak`] under the [`Reject`](BareLinebreaks::Reject) policy when the
/// message holds a bare CR or LF.
pub fn unstuff(input: &[u8], policy: BareLinebreaks) -> Result<Unstuffed<'_>, UnstuffError> {
    let mut unstuffer = Unstuffer::new(policy);
    let mut sink = CowSink::new(input);
    let decoded = unstuffer.decode(input, |piece| sink.push(piece));
    if !decoded.finished {
        return Err(UnstuffError::Unterminated {
            received: input.len(),
        });
    }
    let report = *unstuffer.report();
    if let (true, Some(offset)) = (unstuffer.must_reject(), report.first_bare_linebreak) {
        return Err(UnstuffError::BareLinebreak {
            offset,
            consumed: decoded.consumed,
        });
    }
    Ok(Unstuffed {
        content: sink.finish(),
        consumed: decoded.consumed,
        report,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Steps through `pieces`, recording every step as (content, consumed, finished).
    fn steps(
        pieces: &[&'static [u8]],
        policy: BareLinebreaks,
    ) -> Vec<(&'static [u8], usize, bool)> {
        let mut u = Unstuffer::new(policy);
        let mut out = Vec::new();
        for &piece in pieces {
            let mut rest = piece;
            loop {
                let s = u.step(rest);
                rest = &rest[s.consumed..];
                out.push((s.content, s.consumed, s.finished));
                if s.finished || s.content.is_empty() {
                    break;
                }
            }
        }
        out
    }

    #[test]
    fn terminator_held_across_three_inputs() {
        let got = steps(&[b"a\r\n", b".", b"\r", b"\nNEXT"], BareLinebreaks::Reject);
        assert_eq!(
            got,
            [
                (&b"a\r\n"[..], 3, false),
                (b"", 0, false),
                (b"", 1, false),
                (b"", 1, false),
                (b"", 1, true),
            ]
        );
    }

    #[test]
    fn held_dot_cr_that_is_not_the_end() {
        // `.` CR then `x`: a transparency period, then a bare CR.
        let allow = steps(&[b"\r\n.\r", b"x\r\n.\r\n"], BareLinebreaks::Allow);
        assert_eq!(
            allow,
            [
                (&b"\r\n"[..], 4, false),
                (b"", 0, false),
                (b"\r", 0, false),
                (b"x\r\n", 6, true),
            ]
        );
        let normalise = steps(&[b"\r\n.\r", b"x\r\n.\r\n"], BareLinebreaks::Normalise);
        assert_eq!(normalise[2], (&b"\r\n"[..], 0, false));
    }

    #[test]
    fn held_cr_then_lf_is_a_line_break() {
        let got = steps(&[b"ab\r", b"\n.\r\n"], BareLinebreaks::Reject);
        assert_eq!(
            got,
            [
                (&b"ab"[..], 3, false),
                (b"", 0, false),
                (b"\r\n", 1, false),
                (b"", 3, true),
            ]
        );
    }

    #[test]
    fn normalised_line_breaks_come_as_pending_constants() {
        let got = steps(&[b"a\nb\rc\r\n.\r\n"], BareLinebreaks::Normalise);
        assert_eq!(
            got,
            [
                (&b"a"[..], 2, false),
                (b"\r\n", 0, false),
                (b"b\r", 2, false),
                (b"\n", 0, false),
                (b"c\r\n", 6, true),
            ]
        );
    }

    #[test]
    fn finished_is_sticky() {
        let mut u = Unstuffer::new(BareLinebreaks::Reject);
        assert!(u.decode(b".\r\n", |_| {}).finished);
        let s = u.step(b"more");
        assert_eq!((s.content, s.consumed, s.finished), (&b""[..], 0, true));
        assert_eq!(u.received(), 3);
        assert!(u.is_finished());
    }
}
