//! The IMAP session follower (RFC 3501, RFC 9051 and the extensions of `imap_proto`): both
//! streams cut into messages by the framing stage ([`imap_proto::frame::Framer`]), client
//! messages parsed as commands, server messages described by the one response boundary
//! ([`response::describe_response`]), and every tagged completion matched to the command
//! with its tag.
//!
//! - A client's synchronizing literal `{n}` waits for the server's continuation request
//!   (`+`), or for the tagged answer that refuses it (RFC 9051 §7.6); a non-synchronizing
//!   `{n+}` does not wait (RFC 7888). Literal data is never read as a command, and never
//!   printed.
//! - After `AUTHENTICATE`, each `+` from the server asks for one line of SASL data
//!   (RFC 9051 §6.2.2): `AUTH-DATA` or `AUTH-CANCEL`, never printed, until the tagged
//!   completion.
//! - After `IDLE` and its `+`, the client sends only `DONE` (RFC 2177 §3); untagged
//!   responses come in between.
//! - After the tagged `OK` to `STARTTLS`, a new session starts under TLS, without a
//!   greeting (RFC 9051 §6.2.1); client bytes sent before that `OK` are reported and skipped.
//!
//! With `--roundtrip`, every parsed command and response is encoded and parsed again (the
//! second parse strict: the encoder never writes a deviation of deployed servers).
//!
//! The transcript is replayed segment by segment, as the SMTP follower does: client bytes
//! whose meaning depends on a response not seen yet wait for it, as a server would.

mod check;
mod client;
mod response;
mod server;

use imap_proto::frame::{Direction as FrameDirection, Fragment, Framer, LineEnding};
use imap_proto::types::LiteralMode;

use super::transcript::{Direction, Transcript};
use super::{Entry, TraceOptions, Verdict};

const C: Direction = Direction::Client;
const S: Direction = Direction::Server;

/// Decodes an IMAP transcript's streams; the entries come in decoding order.
pub(super) fn follow(transcript: &Transcript, options: &TraceOptions) -> Vec<Entry> {
    let mut f = Follower::new(transcript, *options);
    for segment in transcript.segments() {
        let [c, s] = &mut f.avail;
        *(if segment.direction == C { c } else { s }) = segment.range.end;
        f.pump();
    }
    f.finish();
    f.entries
}

/// How the client's next bytes are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ClientMode {
    /// Commands, cut by the framing stage.
    Commands,
    /// A synchronizing literal was announced: nothing until `+` or the tagged refusal.
    Literal,
    /// Nothing until the server answers the command in flight that decides what comes next.
    Await(Kind),
    /// One line of SASL data (RFC 9051 §6.2.2).
    Sasl,
    /// The `DONE` that ends IDLE (RFC 2177 §3).
    Done,
}

/// What a command in flight is, as far as the session is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `AUTHENTICATE`: continuation requests ask for SASL data.
    Authenticate,
    /// `IDLE`: its continuation request starts the idling.
    Idle,
    /// `STARTTLS`: its `OK` starts TLS.
    StartTls,
    /// Anything else.
    Other,
}

/// A command waiting for its tagged completion.
#[derive(Debug, Clone)]
struct Pending {
    /// Its tag, as sent.
    tag: Vec<u8>,
    /// The name its completion is printed with (`SELECT`, `UID FETCH`, `command`).
    name: String,
    /// Whether the tag may be printed (not for a line that is not a command: it could be a
    /// credential sent at the wrong time).
    show_tag: bool,
    /// The transcript line where it started.
    line: usize,
    kind: Kind,
}

impl Pending {
    /// The tag as printed.
    fn shown_tag(&self) -> String {
        if self.show_tag {
            String::from_utf8_lossy(&self.tag).into_owned()
        } else {
            "(tag not shown)".to_owned()
        }
    }
}

/// What framing the next piece of a stream gave.
#[derive(Debug, Clone, Copy)]
enum Step {
    /// More bytes are needed.
    Wait,
    /// A piece of a message (`sync_literal`: a line announcing a synchronizing literal).
    Progress { sync_literal: bool },
    /// The last piece of a message, which is complete.
    Message(Message),
}

/// A message being framed.
#[derive(Debug, Clone, Copy, Default)]
struct Message {
    /// Its first octet in the stream.
    start: usize,
    /// The transcript line of that octet.
    line: usize,
    /// Whether a line of it ended in a bare LF.
    bare_lf: bool,
    /// A literal announced and not read yet: its first octet and its length.
    literal: Option<(usize, u64)>,
    /// Whether it broke a framing limit and is being skipped.
    skipping: bool,
}

struct Follower<'t> {
    t: &'t Transcript,
    options: TraceOptions,
    /// How far each stream has been shown, and decoded: `[client, server]`.
    avail: [usize; 2],
    pos: [usize; 2],
    framers: [Framer; 2],
    /// The message being framed in each direction.
    messages: [Option<Message>; 2],
    client: ClientMode,
    in_flight: Vec<Pending>,
    /// The greeting is the next response (RFC 9051 §3, §7.1).
    greeting: bool,
    tls: bool,
    entries: Vec<Entry>,
}

fn index(d: Direction) -> usize {
    usize::from(d == S)
}

impl<'t> Follower<'t> {
    fn new(t: &'t Transcript, options: TraceOptions) -> Self {
        Follower {
            t,
            options,
            avail: [0; 2],
            pos: [0; 2],
            framers: new_framers(),
            messages: [None; 2],
            client: ClientMode::Commands,
            in_flight: Vec::new(),
            // A transcript that starts with the client began after the greeting.
            greeting: t.segments().first().is_some_and(|s| s.direction == S),
            tls: false,
            entries: Vec::new(),
        }
    }

    fn pos(&self, d: Direction) -> usize {
        self.pos.get(index(d)).copied().unwrap_or_default()
    }

    fn advance(&mut self, d: Direction, n: usize) {
        if let Some(p) = self.pos.get_mut(index(d)) {
            *p += n;
        }
    }

    /// The bytes of a stream shown but not decoded yet.
    fn pending_input(&self, d: Direction) -> &'t [u8] {
        let avail = self.avail.get(index(d)).copied().unwrap_or_default();
        self.t.stream(d).get(self.pos(d)..avail).unwrap_or_default()
    }

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
    /// flight before their completions), then one response at a time, since a response can
    /// change how the client's next bytes are read.
    fn pump(&mut self) {
        while self.client_step() || self.server_step() {}
    }

    /// Client bytes shown before the response that decides how they are read.
    fn sent_too_early(&mut self, what: &str) {
        let held = self.pending_input(C).len();
        if held > 0 {
            let line = self.line_at(C, self.pos(C));
            self.err(
                line,
                C,
                format!(
                    "{held} bytes sent before the response to {what}, which decides how they \
                     are read (RFC 9051 §5.5)"
                ),
            );
        }
    }

    /// The end of the transcript: whatever is left unfinished is reported.
    fn finish(&mut self) {
        self.pump();
        self.finish_client();
        let [_, server] = self.messages;
        let rest = self.pending_input(S).len();
        match server {
            Some(m) if m.literal.is_some() => {
                let text = literal_cut(self.avail[1], m);
                self.err(m.line, S, format!("response: {text}"));
            }
            // A message being skipped was reported when its framing failed.
            Some(m) if m.skipping => {}
            Some(Message { line, .. }) => self.err(line, S, INCOMPLETE_RESPONSE.into()),
            None if rest > 0 => {
                let line = self.line_at(S, self.pos(S));
                self.err(line, S, INCOMPLETE_RESPONSE.into());
            }
            None => {}
        }
        if self.greeting {
            let line = self.t.segments().last().map_or(0, |s| s.line);
            self.err(line, S, "no greeting by the end of the transcript".into());
        }
        for p in std::mem::take(&mut self.in_flight) {
            let text = format!(
                "{}: no tagged completion by the end of the transcript",
                p.name
            );
            self.err(p.line, C, text);
        }
    }

    fn finish_client(&mut self) {
        let rest = self.pending_input(C).len();
        let [client, _] = self.messages;
        let line = self.line_at(C, self.pos(C));
        match (self.client, client) {
            (ClientMode::Literal, Some(m)) => {
                let name = self.message_verb(m);
                let text = if rest > 0 {
                    format!(
                        "{name}: {rest} bytes after a synchronizing literal's announcement, \
                         with no continuation request (RFC 9051 §7.6)"
                    )
                } else {
                    format!(
                        "{name}: no continuation request for its synchronizing literal by the \
                         end of the transcript"
                    )
                };
                self.err(m.line, C, text);
            }
            (_, Some(m)) if m.literal.is_some() => {
                let name = self.message_verb(m);
                let text = literal_cut(self.avail[0], m);
                self.err(m.line, C, format!("{name}: {text}"));
            }
            (ClientMode::Await(_), _) if rest > 0 => {
                let what = self.in_flight.last().map_or("", |p| p.name.as_str());
                let text = format!("{rest} bytes after {what}, which got no response");
                self.err(line, C, text);
            }
            // A message being skipped was reported when its framing failed.
            (_, Some(m)) if m.skipping => {}
            (_, Some(m)) => {
                self.err(
                    m.line,
                    C,
                    "incomplete command at the end of the transcript".into(),
                );
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
    }

    /// The command name of a message being framed, if it is safe to show.
    fn message_verb(&self, m: Message) -> String {
        let bytes = self.t.stream(C).get(m.start..).unwrap_or_default();
        check::verb_of_line(bytes)
    }

    /// Frames the next piece of a stream (see [`Step`]); a framing error is reported and
    /// the message skipped as its sender sends it.
    fn frame_step(&mut self, d: Direction) -> Step {
        let input = self.pending_input(d);
        if input.is_empty() {
            return Step::Wait;
        }
        let start = self.pos(d);
        let i = index(d);
        let line = self.line_at(d, start);
        let (Some(framer), Some(slot)) = (self.framers.get_mut(i), self.messages.get_mut(i)) else {
            return Step::Wait;
        };
        let m = slot.get_or_insert(Message {
            start,
            line,
            ..Message::default()
        });
        match framer.next(input) {
            Ok(None) => {
                if m.start == start
                    && !m.skipping
                    && m.literal.is_none()
                    && framer.at_message_start()
                {
                    // Nothing of a message read yet.
                    *slot = None;
                }
                Step::Wait
            }
            Ok(Some(frame)) => {
                let mut sync_literal = false;
                match frame.fragment {
                    Fragment::Line {
                        ending, literal, ..
                    } => {
                        m.bare_lf |= ending == LineEnding::Lf;
                        if let Some(a) = literal {
                            m.literal = Some((start + frame.consumed, a.length));
                            sync_literal = a.mode == LiteralMode::Sync && !m.skipping;
                        }
                    }
                    Fragment::Literal { .. } => m.literal = None,
                    Fragment::Skipped => {}
                }
                let message = *m;
                if frame.message_end {
                    *slot = None;
                }
                self.advance(d, frame.consumed);
                match (frame.message_end, message.skipping) {
                    (true, false) => Step::Message(message),
                    _ => Step::Progress { sync_literal },
                }
            }
            Err(error) => {
                m.skipping = true;
                m.literal = None;
                let message = *m;
                let tag = framer.tag().map(|t| t.as_str().as_bytes().to_vec());
                framer.skip_message();
                if framer.at_message_start() {
                    *slot = None;
                }
                if d == C {
                    let bytes = self.t.stream(C).get(message.start..).unwrap_or_default();
                    let name = check::verb_of_line(bytes);
                    self.err(message.line, C, format!("{name}: {error}"));
                    if let Some(tag) = tag {
                        // The server answers it all the same.
                        self.in_flight.push(Pending {
                            tag,
                            show_tag: check::tag_may_be_shown(bytes),
                            name,
                            line: message.line,
                            kind: Kind::Other,
                        });
                    }
                } else {
                    self.err(message.line, S, format!("response: {error}"));
                }
                Step::Progress {
                    sync_literal: false,
                }
            }
        }
    }

    /// The tagged `OK` to `STARTTLS`: what follows is a new session under TLS (RFC 9051
    /// §6.2.1), with no greeting.
    fn start_tls(&mut self) {
        let held = self.pending_input(C).len();
        if held > 0 {
            let line = self.line_at(C, self.pos(C));
            self.err(
                line,
                C,
                format!(
                    "{held} bytes sent after STARTTLS before the server's OK: plaintext that \
                     must not reach the TLS session (RFC 9051 §6.2.1), skipped"
                ),
            );
            self.advance(C, held);
        }
        for p in std::mem::take(&mut self.in_flight) {
            let text = format!("{}: no tagged completion before TLS started", p.name);
            self.err(p.line, C, text);
        }
        self.framers = new_framers();
        self.messages = [None; 2];
        self.client = ClientMode::Commands;
        self.tls = true;
    }
}

const INCOMPLETE_RESPONSE: &str = "incomplete response at the end of the transcript";

fn new_framers() -> [Framer; 2] {
    [
        Framer::new(FrameDirection::Commands),
        Framer::new(FrameDirection::Responses),
    ]
}

/// "the transcript ends after X of N bytes of a literal".
fn literal_cut(avail: usize, m: Message) -> String {
    let (start, length) = m.literal.unwrap_or_default();
    format!(
        "the transcript ends after {} of {length} bytes of a literal",
        avail.saturating_sub(start)
    )
}
