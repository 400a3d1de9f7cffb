//! The SMTP / LMTP session follower: both streams decoded in transcript order, with the
//! session state that decides how the next bytes are read.
//!
//! The transcript is replayed segment by segment: each makes more bytes of one stream
//! available, then both sides decode as far as they can. Client bytes whose meaning depends on
//! a reply not yet seen (after `DATA`, `AUTH`, a SASL response, `STARTTLS`) wait for it, as a
//! server would; replies are matched to the commands in flight in order.

mod check;
mod client;
mod server;

use std::collections::VecDeque;

use smtp_proto::data::{BdatReader, Unstuffer};

use super::transcript::{Direction, Transcript};
use super::{Entry, Protocol, TraceOptions, Verdict};

/// Decodes a transcript's streams; the entries come in decoding order.
pub(super) fn follow(transcript: &Transcript, options: &TraceOptions) -> Vec<Entry> {
    let mut f = Follower::new(transcript, *options);
    for segment in transcript.segments() {
        *f.avail_mut(segment.direction) = segment.range.end;
        f.pump();
    }
    f.finish();
    f.entries
}

/// What a client byte at the decoding position is.
#[derive(Debug)]
enum Mode {
    /// A command line.
    Commands,
    /// Nothing known until the reply to the last command in flight.
    Await,
    /// A SASL response line (RFC 4954 §4).
    Sasl,
    /// DATA content, from `start` (a client stream offset).
    Body { unstuffer: Unstuffer, start: usize },
    /// A BDAT chunk, from `start`.
    Chunk { reader: BdatReader, start: usize },
}

/// What a command in flight is, as far as its reply is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// The server's greeting (no command).
    Greeting,
    /// `HELO` (false) or `EHLO` / `LHLO` (true).
    Hello {
        extended: bool,
    },
    Mail,
    Rcpt,
    Rset,
    Data,
    /// The message content, ended by `CRLF.CRLF`.
    Body,
    Bdat {
        last: bool,
    },
    Auth,
    AuthData,
    StartTls,
    /// Any other command, or a line that did not parse.
    Other,
}

/// A command (or the greeting, or the end of a message) waiting for its reply.
#[derive(Debug)]
struct Pending {
    kind: Kind,
    /// What replies to it are named after (`MAIL`, `DATA-BODY`, `greeting`, …).
    name: String,
    /// The transcript line where it started (0 for the greeting).
    line: usize,
    /// LMTP's one reply per accepted recipient: how many came, and how many are due (known
    /// when the entry reaches the head of the queue).
    recipients: Option<(usize, Option<usize>)>,
}

impl Pending {
    fn new(kind: Kind, name: impl Into<String>, line: usize) -> Self {
        Pending {
            kind,
            name: name.into(),
            line,
            recipients: None,
        }
    }
}

/// The state of the session, both sides.
struct Follower<'t> {
    t: &'t Transcript,
    options: TraceOptions,
    /// Bytes of each stream (client, server) the transcript has shown so far.
    avail: [usize; 2],
    /// Bytes of each stream decoded so far.
    pos: [usize; 2],
    /// The transcript has been read to its end: a line that will never end is cut here.
    at_end: bool,
    client: Mode,
    queue: VecDeque<Pending>,
    /// Recipients accepted in the current transaction (LMTP's replies after the data).
    accepted: usize,
    /// The server offered SMTPUTF8 (RFC 6531 §3.1): commands may carry UTF-8.
    smtputf8: bool,
    /// The session is under TLS (after `STARTTLS` and `220`).
    tls: bool,
    entries: Vec<Entry>,
}

const C: Direction = Direction::Client;
const S: Direction = Direction::Server;

impl<'t> Follower<'t> {
    fn new(t: &'t Transcript, options: TraceOptions) -> Self {
        let mut queue = VecDeque::new();
        // A transcript that starts with the client is a recording that began after the
        // greeting: no greeting is expected then.
        if t.segments().first().is_some_and(|s| s.direction == S) {
            queue.push_back(Pending::new(Kind::Greeting, "greeting", 0));
        }
        Follower {
            t,
            options,
            avail: [0; 2],
            pos: [0; 2],
            at_end: false,
            client: Mode::Commands,
            queue,
            accepted: 0,
            smtputf8: false,
            tls: false,
            entries: Vec::new(),
        }
    }

    fn lmtp(&self) -> bool {
        self.options.protocol == Protocol::Lmtp
    }

    fn avail_mut(&mut self, d: Direction) -> &mut usize {
        let [c, s] = &mut self.avail;
        if d == C { c } else { s }
    }

    fn pos_mut(&mut self, d: Direction) -> &mut usize {
        let [c, s] = &mut self.pos;
        if d == C { c } else { s }
    }

    fn pos(&self, d: Direction) -> usize {
        let [c, s] = self.pos;
        if d == C { c } else { s }
    }

    /// The bytes of a stream shown but not decoded yet.
    fn pending_input(&self, d: Direction) -> &'t [u8] {
        let [ac, as_] = self.avail;
        let avail = if d == C { ac } else { as_ };
        self.t.stream(d).get(self.pos(d)..avail).unwrap_or_default()
    }

    /// The transcript line of a stream offset.
    fn line_at(&self, d: Direction, offset: usize) -> usize {
        self.t.line_at(d, offset)
    }

    fn ok(&mut self, line: usize, d: Direction, text: String) {
        self.push(Verdict::Ok, line, d, text);
    }

    fn err(&mut self, line: usize, d: Direction, text: String) {
        self.push(Verdict::Err, line, d, text);
    }

    /// `ok NAME`, or `err NAME: problem; problem` when there are problems.
    fn report(&mut self, line: usize, d: Direction, name: String, problems: &[String]) {
        if problems.is_empty() {
            self.ok(line, d, name);
        } else {
            self.err(line, d, format!("{name}: {}", problems.join("; ")));
        }
    }

    fn push(&mut self, verdict: Verdict, line: usize, d: Direction, text: String) {
        self.entries.push(Entry {
            verdict,
            line,
            direction: Some(d),
            text,
        });
    }

    /// Decodes until neither side can go on: the client first (its commands must be in
    /// flight before their replies), then one reply at a time, since a reply can change how
    /// the client's next bytes are read.
    fn pump(&mut self) {
        while self.client_step() || self.server_step() {}
    }

    /// The reply that decides how the client's next bytes are read has come: client bytes
    /// shown before it were sent too early.
    fn sent_too_early(&mut self, what: &str) -> bool {
        let held = self.pending_input(C).len();
        if held == 0 {
            return false;
        }
        let line = self.line_at(C, self.pos(C));
        self.err(
            line,
            C,
            format!(
                "{held} bytes sent before the reply to {what}, which decides how they are read \
                 (RFC 2920 §3.1)"
            ),
        );
        true
    }

    /// The end of the transcript: whatever is left unfinished is reported.
    fn finish(&mut self) {
        self.at_end = true;
        self.pump();
        let rest = self.pending_input(C).len();
        let at = self.pos(C);
        let line = self.line_at(C, at);
        match &self.client {
            Mode::Body { unstuffer, start } => {
                let (start, report) = (*start, *unstuffer.report());
                let hint = if report.bare_lf > 0 && !self.options.crlf {
                    " (for a transcript saved with LF line endings, use --crlf)"
                } else {
                    ""
                };
                let line = self.line_at(C, start);
                self.err(
                    line,
                    C,
                    format!(
                        "DATA-BODY: the transcript ends after {} bytes of content, before the \
                         end of data (CRLF.CRLF, RFC 5321 §4.1.1.4){hint}",
                        report.size
                    ),
                );
            }
            Mode::Chunk { reader, start } => {
                let (start, got) = (*start, reader.size() - reader.remaining());
                let text = format!(
                    "BDAT-CHUNK: the transcript ends after {got} of {} bytes",
                    reader.size()
                );
                let line = self.line_at(C, start);
                self.err(line, C, text);
            }
            Mode::Await if rest > 0 => {
                let what = self.queue.back().map_or("", |p| p.name.as_str());
                let text = format!("{rest} bytes after {what}, which got no reply");
                self.err(line, C, text);
            }
            _ if rest > 0 => {
                self.err(
                    line,
                    C,
                    "incomplete line at the end of the transcript".into(),
                );
            }
            _ => {}
        }
        if !self.pending_input(S).is_empty() {
            let line = self.line_at(S, self.pos(S));
            self.err(
                line,
                S,
                "incomplete reply at the end of the transcript".into(),
            );
        }
        self.settle_head();
        while let Some(p) = self.queue.pop_front() {
            if p.kind == Kind::Greeting {
                let line = self.t.segments().last().map_or(0, |s| s.line);
                self.err(line, S, "no greeting by the end of the transcript".into());
            } else {
                let text = format!("{}: no reply by the end of the transcript", p.name);
                self.err(p.line, C, text);
            }
        }
    }
}
