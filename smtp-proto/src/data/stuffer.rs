//! The client side of DATA: CRLF line endings, transparency periods (RFC 5321 §4.5.2) and the
//! end of mail data indicator (§4.1.1.4); and the same line-ending repair alone, for BDAT.

use std::borrow::Cow;

use memchr::memchr2;

use super::cow_sink::CowSink;

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
        loop {
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
