//! The client side of DATA: CRLF line endings, transparency periods (RFC 5321 §4.5.2) and the
//! end of mail data indicator (§4.1.1.4); and the same line-ending repair alone, for BDAT.

use std::borrow::Cow;

use memchr::memchr2;

use super::cow_sink::CowSink;
use super::crlf_run::{MAX_EXACT_SPAN, MIN_EXACT_SPAN, RunLines, crlf_run, dot_lines};
use super::pair_scan::MIN_RUN;

#[cfg(test)]
mod reference;

/// What a [`Stuffer`] or [`Normaliser`] has done so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct StuffReport {
    /// Octets of content written: the message size as RFC 1870 counts it (CRLFs included,
    /// transparency periods and the end of data indicator not), after line endings were
    /// repaired. After [`Stuffer::finish`] this is the size the server will count.
    pub size: u64,
    /// Octets of the longest line, its CRLF included and its transparency period not
    /// (RFC 5321 §4.5.3.1.6 limits it to 1000), counting the line still being written.
    pub longest_line: u64,
    /// Bare CRs (a CR not followed by LF) that were written as CRLF.
    pub bare_cr: u64,
    /// Bare LFs (an LF not preceded by CR) that were written as CRLF.
    pub bare_lf: u64,
    /// [`Stuffer::finish`] had to end the last line with a CRLF (RFC 5321 §4.1.1.4).
    pub added_final_crlf: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// At the start of a line (or of the message).
    LineStart,
    /// Inside a line.
    Text,
    /// Inside a line, a CR held back: the input ended right after it.
    Cr,
}

/// The shared engine: repairs line endings, and doubles leading periods when `dots` is set.
#[derive(Debug, Clone)]
struct LineEncoder {
    dots: bool,
    state: State,
    /// Content offset where the current line started.
    line_start: u64,
    report: StuffReport,
}

impl LineEncoder {
    fn new(dots: bool) -> Self {
        LineEncoder {
            dots,
            state: State::LineStart,
            line_start: 0,
            report: StuffReport::default(),
        }
    }

    /// Content (counted in `size`).
    fn put<'i>(&mut self, piece: &'i [u8], emit: &mut impl FnMut(&'i [u8])) {
        if !piece.is_empty() {
            self.report.size += piece.len() as u64;
            emit(piece);
        }
    }

    /// A line of the content ends at content offset `at`.
    fn line_end(&mut self, at: u64) {
        self.report.longest_line = self
            .report
            .longest_line
            .max(at.saturating_sub(self.line_start));
        self.line_start = at;
    }

    fn encode<'i>(&mut self, input: &'i [u8], emit: &mut impl FnMut(&'i [u8])) {
        let mut pos = 0;
        if self.state == State::Cr {
            let Some(&first) = input.first() else { return };
            if first == b'\n' {
                pos = 1;
            } else {
                self.report.bare_cr += 1;
            }
            self.put(b"\r\n", emit);
            self.line_end(self.report.size);
            self.state = State::LineStart;
        }
        if self.state == State::LineStart {
            match input.get(pos) {
                None => return,
                Some(b'.') if self.dots => emit(b"."),
                Some(_) => {}
            }
            self.state = State::Text;
        }
        let mut start = pos; // start of the run of input not yet emitted
        let mut exact = Exact::default();
        loop {
            if pos >= exact.until {
                (pos, start, exact) = self.take_crlf_run(input, start, pos, exact, emit);
            }
            let Some(i) = input
                .get(pos..)
                .and_then(|rest| memchr2(b'\r', b'\n', rest))
                .map(|off| pos + off)
            else {
                self.put(input.get(start..).unwrap_or_default(), emit);
                break;
            };
            let next; // where the next line starts
            if input.get(i) == Some(&b'\n') {
                self.report.bare_lf += 1;
                self.put(input.get(start..i).unwrap_or_default(), emit);
                self.put(b"\r\n", emit);
                next = i + 1;
                start = next;
            } else {
                match input.get(i + 1) {
                    None => {
                        self.put(input.get(start..i).unwrap_or_default(), emit);
                        self.state = State::Cr;
                        break;
                    }
                    Some(b'\n') => next = i + 2,
                    Some(_) => {
                        self.report.bare_cr += 1;
                        self.put(input.get(start..=i).unwrap_or_default(), emit);
                        self.put(b"\n", emit);
                        next = i + 1;
                        start = next;
                    }
                }
            }
            // Content offset of input[next]: all before `start` is already counted.
            self.line_end(self.report.size + (next - start) as u64);
            match input.get(next) {
                None => {
                    self.put(input.get(start..next).unwrap_or_default(), emit);
                    self.state = State::LineStart;
                    break;
                }
                Some(b'.') if self.dots => {
                    // RFC 5321 §4.5.2: one additional period before a line's leading period.
                    self.put(input.get(start..next).unwrap_or_default(), emit);
                    emit(b".");
                    start = next;
                }
                Some(_) => {}
            }
            pos = next;
        }
        let partial = self.report.size.saturating_sub(self.line_start);
        self.report.longest_line = self.report.longest_line.max(partial);
    }

    /// The fast path: from `pos`, inside a line, past the run of text whose line breaks are
    /// all CRLF (see [`crlf_run`]), with its lines measured. Only where a line in it starts
    /// with a period is anything emitted (the text before it, then the additional period), so
    /// that the pieces are the ones the exact path gives. `input[start]` is where the input
    /// not yet emitted begins (content offset `report.size`). Returns the new `pos`, `start`
    /// and `exact` (passed by value, so that the exact path keeps them in registers).
    #[inline(never)]
    fn take_crlf_run<'i>(
        &mut self,
        input: &'i [u8],
        mut start: usize,
        pos: usize,
        mut exact: Exact,
        emit: &mut impl FnMut(&'i [u8]),
    ) -> (usize, usize, Exact) {
        let text = input.get(pos..).unwrap_or_default();
        if text.len() < MIN_RUN {
            // Not worth it, now or at any later line of this input.
            exact.until = input.len();
            return (pos, start, exact);
        }
        let run = crlf_run(text);
        if let Some(dirty) = run.dirty_until {
            exact.until = pos + dirty.max(run.len + exact.span);
            exact.span = (exact.span * 2).min(MAX_EXACT_SPAN);
        } else {
            exact.span = MIN_EXACT_SPAN;
        }
        let octets = text.get(..run.len).unwrap_or_default();
        // Content offset of input[k], k >= start: all before `start` is counted.
        let offset = self.report.size + (pos - start) as u64;
        let before = offset.saturating_sub(self.line_start);
        if let Some(lines) = RunLines::of(octets, before, self.report.longest_line) {
            self.report.longest_line = lines.longest;
            self.line_start = offset + lines.last_end as u64;
        }
        if self.dots {
            for lf in dot_lines(octets) {
                // RFC 5321 §4.5.2: one additional period before a line's leading period.
                let next = pos + lf + 1;
                self.put(input.get(start..next).unwrap_or_default(), emit);
                emit(b".");
                start = next;
            }
        }
        (pos + run.len, start, exact)
    }

    /// Ends the input: a held CR is bare and becomes CRLF. Returns whether the content ends
    /// mid-line (not at a line start).
    fn flush(&mut self, emit: &mut impl FnMut(&'static [u8])) -> bool {
        match self.state {
            State::LineStart => false,
            State::Text => true,
            State::Cr => {
                self.report.bare_cr += 1;
                self.put(b"\r\n", emit);
                self.line_end(self.report.size);
                self.state = State::LineStart;
                false
            }
        }
    }
}

/// Where the exact path is to be taken (bare line breaks were seen), within one input.
#[derive(Debug, Clone, Copy)]
struct Exact {
    /// Input offset before which no unchanged run is looked for.
    until: usize,
    /// Octets the exact path takes at least when bare line breaks are found again: doubles
    /// each time, so that text full of them is not searched for runs at every block.
    span: usize,
}

impl Default for Exact {
    fn default() -> Self {
        Exact {
            until: 0,
            span: MIN_EXACT_SPAN,
        }
    }
}

/// Streaming DATA encoder (client side): makes every line ending CRLF, doubles the leading
/// period of every line (RFC 5321 §4.5.2) and appends the end of mail data indicator
/// (§4.1.1.4).
///
/// Give it the message in any split; it hands back the octets to send as slices of the input
/// and short constants, without copying. The output depends only on the concatenated input,
/// never on the split.
///
/// Line endings: RFC 5321 §2.3.8 forbids a client to send a bare CR or LF, so each bare LF and
/// each bare CR (one not followed by LF) is sent as CRLF and counted in the [`StuffReport`]; a
/// line starts after every CRLF so written. The output therefore holds `CRLF "." CRLF` only at
/// its very end, whatever the input.
///
/// ```
/// use smtp_proto::data::Stuffer;
///
/// let mut stuffer = Stuffer::new();
/// let mut wire = Vec::new();
/// stuffer.encode(b"Subject: dots\n\n.\n..", |b| wire.extend_from_slice(b));
/// stuffer.encode(b"x", |b| wire.extend_from_slice(b));
/// stuffer.finish(|b| wire.extend_from_slice(b));
/// assert_eq!(wire, b"Subject: dots\r\n\r\n..\r\n...x\r\n.\r\n");
/// assert_eq!(stuffer.report().size, 25);
/// ```
#[derive(Debug, Clone)]
pub struct Stuffer {
    encoder: LineEncoder,
    finished: bool,
}

impl Default for Stuffer {
    fn default() -> Self {
        Stuffer::new()
    }
}

impl Stuffer {
    /// An encoder for one message.
    pub fn new() -> Self {
        Stuffer {
            encoder: LineEncoder::new(true),
            finished: false,
        }
    }

    /// Encodes the next piece of the message, giving the octets to send to `emit` in order.
    /// Does nothing after [`finish`](Self::finish).
    pub fn encode<'i>(&mut self, input: &'i [u8], mut emit: impl FnMut(&'i [u8])) {
        if !self.finished {
            self.encoder.encode(input, &mut emit);
        }
    }

    /// Ends the message: ends its last line with CRLF if it does not end with one (RFC 5321
    /// §4.1.1.4 lets the client add it) and writes the end of mail data indicator. An empty
    /// message gives just `.` CRLF. Does nothing the second time.
    pub fn finish(&mut self, mut emit: impl FnMut(&'static [u8])) {
        if self.finished {
            return;
        }
        self.finished = true;
        if self.encoder.flush(&mut emit) {
            self.encoder.report.added_final_crlf = true;
            self.encoder.put(b"\r\n", &mut emit);
            self.encoder.line_end(self.encoder.report.size);
        }
        emit(b".\r\n");
    }

    /// What has been done so far.
    pub fn report(&self) -> &StuffReport {
        &self.encoder.report
    }

    /// Whether [`finish`](Self::finish) was called.
    pub fn is_finished(&self) -> bool {
        self.finished
    }
}

/// Streaming line-ending repair: each bare CR and bare LF becomes CRLF, nothing else changes.
/// For text sent with BDAT, which must be in canonical CRLF form (RFC 3030 §2); the same
/// repair the [`Stuffer`] makes, without the periods and the end indicator.
#[derive(Debug, Clone)]
pub struct Normaliser {
    encoder: LineEncoder,
}

impl Default for Normaliser {
    fn default() -> Self {
        Normaliser::new()
    }
}

impl Normaliser {
    /// A normaliser for one text.
    pub fn new() -> Self {
        Normaliser {
            encoder: LineEncoder::new(false),
        }
    }

    /// Normalises the next piece, giving the output to `emit` in order.
    pub fn encode<'i>(&mut self, input: &'i [u8], mut emit: impl FnMut(&'i [u8])) {
        self.encoder.encode(input, &mut emit);
    }

    /// Ends the text: a CR held at the end of the last piece was bare and is written as CRLF.
    /// Nothing else is added.
    pub fn finish(&mut self, mut emit: impl FnMut(&'static [u8])) {
        self.encoder.flush(&mut emit);
    }

    /// What has been done so far (`added_final_crlf` stays false).
    pub fn report(&self) -> &StuffReport {
        &self.encoder.report
    }
}

/// Encodes a whole message for DATA: the octets to send after the `354` reply, the end of mail
/// data indicator included (see [`Stuffer`]).
///
/// ```
/// assert_eq!(smtp_proto::data::stuff(b".\r\nbye"), b"..\r\nbye\r\n.\r\n");
/// assert_eq!(smtp_proto::data::stuff(b""), b".\r\n");
/// ```
pub fn stuff(message: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(message.len() + message.len() / 64 + 8);
    let mut stuffer = Stuffer::new();
    stuffer.encode(message, |b| out.extend_from_slice(b));
    stuffer.finish(|b| out.extend_from_slice(b));
    out
}

/// Makes every line ending of `text` CRLF (see [`Normaliser`]); borrowed when it already was.
///
/// ```
/// use std::borrow::Cow;
/// assert_eq!(smtp_proto::data::normalise(b"a\nb\rc\r\n"), &b"a\r\nb\r\nc\r\n"[..]);
/// assert!(matches!(smtp_proto::data::normalise(b"a\r\nb"), Cow::Borrowed(_)));
/// ```
pub fn normalise(text: &[u8]) -> Cow<'_, [u8]> {
    let mut sink = CowSink::new(text);
    let mut normaliser = Normaliser::new();
    normaliser.encode(text, |b| sink.push(b));
    normaliser.finish(|b| sink.push(b));
    sink.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces_of(stuffer: &mut Stuffer, inputs: &[&'static [u8]]) -> Vec<&'static [u8]> {
        let mut out = Vec::new();
        for input in inputs {
            stuffer.encode(input, |p| out.push(p));
        }
        stuffer.finish(|p| out.push(p));
        out
    }

    #[test]
    fn pieces_borrow_the_input() {
        let mut s = Stuffer::new();
        let got = pieces_of(&mut s, &[b"a\r\n.b\r\n", b".c"]);
        assert_eq!(
            got,
            [
                &b"a\r\n"[..],
                b".",
                b".b\r\n",
                b".",
                b".c",
                b"\r\n",
                b".\r\n"
            ]
        );
        assert_eq!(s.report().longest_line, 4);
        assert!(s.report().added_final_crlf);
    }

    #[test]
    fn held_cr() {
        let mut s = Stuffer::new();
        assert_eq!(
            pieces_of(&mut s, &[b"a\r", b"\n.", b"\r"]),
            [&b"a"[..], b"\r\n", b".", b".", b"\r\n", b".\r\n"]
        );
        assert_eq!(s.report().bare_cr, 1);
        let mut s = Stuffer::new();
        assert_eq!(
            pieces_of(&mut s, &[b"a\r", b"b"]),
            [&b"a"[..], b"\r\n", b"b", b"\r\n", b".\r\n"]
        );
    }

    /// `chunks` stuffed and terminated, and the report.
    fn stuffed(chunks: &[&[u8]]) -> (Vec<u8>, StuffReport) {
        let mut s = Stuffer::new();
        let mut wire = Vec::new();
        for chunk in chunks {
            s.encode(chunk, |b| wire.extend_from_slice(b));
        }
        s.finish(|b| wire.extend_from_slice(b));
        (wire, *s.report())
    }

    /// Lines long enough for the fast path: 70 octets of `x`.
    const X70: &[u8] = &[b'x'; 70];

    #[test]
    fn dot_at_the_start_of_the_input() {
        let message = [b".a\r\n", X70, b"\r\n", X70, b"\r\n.b"].concat();
        let (wire, report) = stuffed(&[&message]);
        let expected = [b"..a\r\n", X70, b"\r\n", X70, b"\r\n..b\r\n.\r\n"].concat();
        assert_eq!(wire, expected);
        assert_eq!(report.size, message.len() as u64 + 2);
        assert_eq!(report.longest_line, 72);
        assert!(report.added_final_crlf);
        // At the start of a later input, only when it is a line start.
        let (wire, _) = stuffed(&[&[X70, b"\r\n"].concat(), b".b", &[b".c", X70].concat()]);
        assert_eq!(wire, [X70, b"\r\n..b.c", X70, b"\r\n.\r\n"].concat());
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
            let (wire, report) = stuffed(&[&first, &second]);
            assert_eq!(wire, expected);
            assert_eq!(report.size, 3 * 72 + 1);
            assert_eq!(report.longest_line, 73);
            assert_eq!((report.bare_cr, report.bare_lf), (0, 0));
            assert!(!report.added_final_crlf);
        }
    }

    #[test]
    fn bare_line_breaks_inside_long_text() {
        // A bare LF, a bare CR, LF CR, and a period after a bare LF: each bare line break is
        // written as CRLF and starts a line, so the period is doubled.
        let message = [
            X70, b"\n", X70, b"\r", X70, b"\n\r", X70, b"\n.", X70, b"\r\n",
        ]
        .concat();
        let (wire, report) = stuffed(&[&message]);
        let expected = [
            X70,
            b"\r\n",
            X70,
            b"\r\n",
            X70,
            b"\r\n\r\n",
            X70,
            b"\r\n..",
            X70,
            b"\r\n.\r\n",
        ]
        .concat();
        assert_eq!(wire, expected);
        assert_eq!((report.bare_cr, report.bare_lf), (2, 3));
        assert_eq!(report.size, expected.len() as u64 - 4);
        assert_eq!(report.longest_line, 73);
        // The same cut into pieces of 7.
        let chunks: Vec<&[u8]> = message.chunks(7).collect();
        assert_eq!(stuffed(&chunks), (expected, report));
    }

    #[test]
    fn dot_lines_inside_one_long_run() {
        let line = [X70, b"\r\n.", X70, b"\r\n"].concat();
        let message = line.repeat(3);
        let mut s = Stuffer::new();
        let mut pieces = Vec::new();
        s.encode(&message, |p| pieces.push(p));
        s.finish(|p| pieces.push(p));
        let first = [X70, b"\r\n"].concat();
        let middle = [b".", X70, b"\r\n", X70, b"\r\n"].concat();
        let last = [b".", X70, b"\r\n"].concat();
        assert_eq!(
            pieces,
            [
                &first[..],
                b".",
                &middle,
                b".",
                &middle,
                b".",
                &last,
                b".\r\n"
            ]
        );
        assert_eq!(s.report().size, message.len() as u64);
        assert_eq!(s.report().longest_line, 73);
    }

    #[test]
    fn the_end_of_data_indicator() {
        let body = [X70, b"\r\n", X70, b"\r\n"].concat();
        let (wire, report) = stuffed(&[&body]);
        assert_eq!(wire, [&body[..], b".\r\n"].concat());
        assert!(!report.added_final_crlf);
        let (wire, report) = stuffed(&[&body, X70]);
        assert_eq!(wire, [&body[..], X70, b"\r\n.\r\n"].concat());
        assert!(report.added_final_crlf);
        assert_eq!(report.size, 3 * 72);
        // A message that is a line `.`: stuffed, then the indicator.
        let (wire, _) = stuffed(&[&body, b".\r\n"]);
        assert_eq!(wire, [&body[..], b"..\r\n.\r\n"].concat());
    }

    #[test]
    fn long_lines_are_measured_across_runs() {
        let mut message = Vec::new();
        for len in [10, 500, 20, 999, 30, 40] {
            message.extend(std::iter::repeat_n(b'm', len));
            message.extend_from_slice(b"\r\n");
        }
        message.extend(std::iter::repeat_n(b't', 1200));
        let (wire, report) = stuffed(&[&message]);
        assert_eq!(wire, [&message[..], b"\r\n.\r\n"].concat());
        assert_eq!(report.longest_line, 1202);
        let (_, report) = stuffed(&[&message[..message.len() - 1200]]);
        assert_eq!(report.longest_line, 1001);
    }

    #[test]
    fn normaliser_leaves_periods_alone() {
        let text = [X70, b"\r\n.", X70, b"\n.", X70].concat();
        let expected = [X70, b"\r\n.", X70, b"\r\n.", X70].concat();
        assert_eq!(normalise(&text), expected);
        let clean = [X70, b"\r\n.", X70, b"\r\n"].concat();
        assert!(matches!(normalise(&clean), Cow::Borrowed(_)));
    }

    #[test]
    fn finish_twice_and_encode_after_finish_do_nothing() {
        let mut s = Stuffer::new();
        s.finish(|_| {});
        assert!(s.is_finished());
        let mut more = Vec::new();
        s.encode(b"x", |p| more.push(p));
        s.finish(|p| more.push(p));
        assert!(more.is_empty());
    }
}
