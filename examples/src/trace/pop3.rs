//! The POP3 session follower (RFC 1939, RFC 2449, RFC 2595, RFC 5034): both streams decoded
//! in transcript order, each response matched to the command it answers.
//!
//! - Client lines are commands ([`pop3_proto::command::Command::parse`]); after `AUTH` and a
//!   continuation `+ ` from the server, the next line is a SASL response (RFC 5034 §4), whose
//!   content is never printed (it holds credentials).
//! - Server lines are status lines ([`pop3_proto::response::StatusLine::parse`]); after a
//!   `+OK` to a command whose answer is multi-line (`LIST`, `UIDL`, `RETR`, `TOP`, `CAPA`,
//!   `LANG`), the lines up to the one holding a single `.` belong to it, and the body ends
//!   only at CRLF `.` CRLF (a `.` line after a bare LF does not end it). Listings and
//!   capabilities are parsed line by line; a message's un-stuffed size is checked against
//!   the size `LIST` gave for it.
//! - After `STLS` and its `+OK`, a new session starts under TLS (RFC 2595 §4); client bytes
//!   sent before that `+OK` are reported, since a server must not read them.

use std::collections::{HashMap, VecDeque};

use pop3_proto::command::{Command, Verb};
use pop3_proto::response::{
    Capability, Continuation, MaildropStat, ScanListing, Status, StatusLine, UniqueIdListing,
};

use super::transcript::{Direction, Transcript};
use super::{Entry, TraceOptions, Verdict};

const C: Direction = Direction::Client;
const S: Direction = Direction::Server;

/// The problem of a line that ends in a bare LF.
const BARE_LF: &str = "line ends in a bare LF (RFC 1939 §3: CRLF)";

/// Decodes a POP3 transcript's streams; the entries come in decoding order.
pub(super) fn follow(transcript: &Transcript, options: &TraceOptions) -> Vec<Entry> {
    let mut f = Follower {
        t: transcript,
        options: *options,
        avail: [0; 2],
        pos: [0; 2],
        client: ClientMode::Commands,
        server: None,
        queue: VecDeque::new(),
        sizes: HashMap::new(),
        entries: Vec::new(),
    };
    if transcript
        .segments()
        .first()
        .is_some_and(|s| s.direction == S)
    {
        f.queue
            .push_back(Pending::new(Kind::Greeting, "greeting", 0));
    }
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
    /// Command lines.
    Commands,
    /// Nothing until the reply to the last command (`STLS`, `AUTH`, a SASL response).
    Await,
    /// One SASL response line (RFC 5034 §4).
    Sasl,
}

/// What a command in flight is, as far as its response is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Greeting,
    Stat,
    /// `LIST` with or without an argument.
    List,
    /// `UIDL` with or without an argument.
    Uidl,
    /// `RETR n` or `TOP n l`.
    Retrieve {
        message: u32,
        top: bool,
    },
    Capa,
    Lang,
    Stls,
    /// `AUTH` or a SASL response: the answer may be a continuation.
    Auth,
    Other,
}

/// A command (or the greeting) waiting for its response.
#[derive(Debug)]
struct Pending {
    kind: Kind,
    /// Whether a `+OK` to it is followed by lines ending with `.`.
    multi: bool,
    /// What its response is named after.
    name: String,
    /// The transcript line where it started (0 for the greeting).
    line: usize,
}

impl Pending {
    fn new(kind: Kind, name: impl Into<String>, line: usize) -> Self {
        Pending {
            kind,
            multi: false,
            name: name.into(),
            line,
        }
    }
}

/// A multi-line response being read.
#[derive(Debug)]
struct Body {
    pending: Pending,
    /// The status line's transcript line.
    line: usize,
    /// The status line as printed.
    head: String,
    /// Lines read (listings, capabilities) and octets (un-stuffed, line breaks included).
    lines: usize,
    size: usize,
    /// The last line ended in CRLF (or nothing was read yet): a `.` line here ends the body.
    at_line_start: bool,
    problems: Vec<String>,
    capabilities: Vec<String>,
}

struct Follower<'t> {
    t: &'t Transcript,
    options: TraceOptions,
    avail: [usize; 2],
    pos: [usize; 2],
    client: ClientMode,
    server: Option<Body>,
    queue: VecDeque<Pending>,
    /// Message sizes given by `LIST`, to check `RETR` bodies against.
    sizes: HashMap<u32, u64>,
    entries: Vec<Entry>,
}

/// The first line of `input` (ended by LF, kept), if complete.
fn take_line(input: &[u8]) -> Option<&[u8]> {
    memchr::memchr(b'\n', input).and_then(|i| input.get(..=i))
}

/// A line without its line break, and whether that break was a bare LF.
fn strip(line: &[u8]) -> (&[u8], bool) {
    match line.strip_suffix(b"\r\n") {
        Some(text) => (text, false),
        None => (line.strip_suffix(b"\n").unwrap_or(line), true),
    }
}

/// A keyword safe to print: 1 to 16 ASCII letters or digits, not a line of base64.
fn printable_keyword(word: &str) -> bool {
    (1..=16).contains(&word.len())
        && word.bytes().all(|b| b.is_ascii_alphanumeric())
        && (word.bytes().all(|b| !b.is_ascii_lowercase())
            || word.bytes().all(|b| !b.is_ascii_uppercase()))
}

fn keyword_name(line: &[u8]) -> String {
    let word = line.split(|&b| b == b' ').next().unwrap_or_default();
    match std::str::from_utf8(word) {
        Ok(w) if printable_keyword(w) => w.to_owned(),
        _ => "command".to_owned(),
    }
}

impl<'t> Follower<'t> {
    fn pending_input(&self, d: Direction) -> &'t [u8] {
        let i = usize::from(d == S);
        let (pos, avail) = (
            self.pos.get(i).copied().unwrap_or(0),
            self.avail.get(i).copied().unwrap_or(0),
        );
        self.t.stream(d).get(pos..avail).unwrap_or_default()
    }

    fn pos(&self, d: Direction) -> usize {
        self.pos.get(usize::from(d == S)).copied().unwrap_or(0)
    }

    fn advance(&mut self, d: Direction, n: usize) {
        if let Some(p) = self.pos.get_mut(usize::from(d == S)) {
            *p += n;
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

    fn report(&mut self, line: usize, d: Direction, name: String, problems: &[String]) {
        if problems.is_empty() {
            self.push(Verdict::Ok, line, d, name);
        } else {
            self.push(
                Verdict::Err,
                line,
                d,
                format!("{name}: {}", problems.join("; ")),
            );
        }
    }

    fn pump(&mut self) {
        while self.client_step() || self.server_step() {}
    }

    // ---- client ----

    fn client_step(&mut self) -> bool {
        if self.client == ClientMode::Await {
            return false;
        }
        let Some(raw) = take_line(self.pending_input(C)) else {
            return false;
        };
        let at = self.t.line_at(C, self.pos(C));
        self.advance(C, raw.len());
        let (text, bare_lf) = strip(raw);
        let mut problems = Vec::new();
        if bare_lf {
            problems.push(BARE_LF.to_owned());
        }
        if self.client == ClientMode::Sasl {
            let name = if text == b"*" {
                "AUTH-CANCEL"
            } else {
                "AUTH-DATA"
            };
            if text != b"*" && !text.is_empty() && !is_base64(text) {
                problems.push("not base64 (RFC 5034 §4)".to_owned());
            }
            self.report(at, C, name.to_owned(), &problems);
            self.queue.push_back(Pending::new(Kind::Auth, "AUTH", at));
            self.client = ClientMode::Await;
            return true;
        }
        if raw.len() > pop3_proto::command::COMMAND_LINE_LIMIT {
            problems.push(format!(
                "line of {} octets exceeds the limit of {} (RFC 2449 §4)",
                raw.len(),
                pop3_proto::command::COMMAND_LINE_LIMIT
            ));
        }
        match Command::parse(text) {
            Ok(command) => {
                if self.options.roundtrip {
                    problems.extend(command_roundtrip(&command));
                }
                let (name, pending) = self.command(&command, at);
                self.report(at, C, name, &problems);
                self.queue.push_back(pending);
            }
            Err(error) => {
                let name = keyword_name(text);
                problems.push(format!("{error} (a server answers -ERR)"));
                self.report(at, C, name.clone(), &problems);
                self.queue.push_back(Pending::new(Kind::Other, name, at));
            }
        }
        true
    }

    fn command(&mut self, command: &Command<'_>, at: usize) -> (String, Pending) {
        let verb = command.verb();
        let short = match (verb, command) {
            (Some(v), _) => v.as_str().to_owned(),
            (None, Command::Unknown { keyword, .. }) if printable_keyword(keyword) => {
                keyword.to_string()
            }
            _ => "command".to_owned(),
        };
        let name = match command {
            Command::Auth {
                mechanism,
                initial_response,
            } => format!(
                "AUTH {mechanism}{}",
                if initial_response.is_some() {
                    " with initial response"
                } else {
                    ""
                }
            ),
            Command::Unknown { .. } => format!("{short} (unknown command)"),
            _ => short.clone(),
        };
        let kind = match command {
            Command::Stat => Kind::Stat,
            Command::List { .. } => Kind::List,
            Command::Uidl { .. } => Kind::Uidl,
            Command::Retr { message } => Kind::Retrieve {
                message: message.get(),
                top: false,
            },
            Command::Top { message, .. } => Kind::Retrieve {
                message: message.get(),
                top: true,
            },
            Command::Capa => Kind::Capa,
            Command::Lang { .. } => Kind::Lang,
            Command::Stls => Kind::Stls,
            Command::Auth { .. } => Kind::Auth,
            _ => Kind::Other,
        };
        if matches!(verb, Some(Verb::Stls | Verb::Auth)) {
            // What comes next depends on the answer (RFC 2595 §4, RFC 5034 §4).
            self.client = ClientMode::Await;
        }
        let mut pending = Pending::new(kind, short, at);
        pending.multi = command.expects_multi_line();
        (name, pending)
    }

    // ---- server ----

    fn server_step(&mut self) -> bool {
        let Some(raw) = take_line(self.pending_input(S)) else {
            return false;
        };
        let at = self.t.line_at(S, self.pos(S));
        self.advance(S, raw.len());
        if self.server.is_some() {
            self.body_line(raw);
            return true;
        }
        let (text, bare_lf) = strip(raw);
        let mut problems = Vec::new();
        if bare_lf {
            problems.push(BARE_LF.to_owned());
        }
        let pending = self.queue.pop_front();
        let Some(pending) = pending else {
            // Nothing asked: an unsolicited line (a server closing with -ERR, say).
            let name = match StatusLine::parse(text) {
                Ok(line) => format!("{} unsolicited", status_name(&line)),
                Err(error) => format!("response: {error}"),
            };
            self.push(Verdict::Err, at, S, name);
            return true;
        };
        if pending.kind == Kind::Auth && (text == b"+" || text.starts_with(b"+ ")) {
            match Continuation::parse(text) {
                Ok(_) => self.report(at, S, "+ continuation (AUTH)".to_owned(), &problems),
                Err(error) => {
                    problems.push(error.to_string());
                    self.report(at, S, "+ continuation (AUTH)".to_owned(), &problems);
                }
            }
            self.client = ClientMode::Sasl;
            return true;
        }
        let line = match StatusLine::parse(text) {
            Ok(line) => line,
            Err(error) => {
                problems.push(error.to_string());
                self.report(at, S, format!("response to {}", pending.name), &problems);
                self.after_response(&pending, false);
                return true;
            }
        };
        if self.options.roundtrip {
            problems.extend(status_roundtrip(&line));
        }
        let ok = line.status == Status::Ok;
        let mut head = format!("{} {}", status_name(&line), pending.name);
        match pending.kind {
            Kind::Greeting => {
                if line.apop_timestamp().is_some() {
                    head.push_str(" (APOP timestamp)");
                }
                if !ok {
                    head.push_str(" (service refused)");
                }
            }
            Kind::Stat if ok => match MaildropStat::parse(line.text.as_bytes()) {
                Ok(stat) => {
                    head.push_str(&format!(" {} messages, {} octets", stat.count, stat.size));
                }
                Err(error) => problems.push(format!("drop listing: {error} (RFC 1939 §5)")),
            },
            Kind::Stls if ok => head.push_str(" (TLS starts)"),
            Kind::List if ok && !pending.multi => match ScanListing::parse(line.text.as_bytes()) {
                Ok(l) => {
                    head.push_str(&format!(" message {}: {} octets", l.message, l.size));
                    self.sizes.insert(l.message.get(), l.size);
                }
                Err(error) => problems.push(format!("scan listing: {error} (RFC 1939 §5)")),
            },
            Kind::Uidl if ok && !pending.multi => {
                match UniqueIdListing::parse(line.text.as_bytes()) {
                    Ok(l) => head.push_str(&format!(" message {}: {}", l.message, l.uid)),
                    Err(error) => {
                        problems.push(format!("unique-id listing: {error} (RFC 1939 §7)"));
                    }
                }
            }
            _ => {}
        }
        if ok && pending.multi {
            self.server = Some(Body {
                pending,
                line: at,
                head,
                lines: 0,
                size: 0,
                at_line_start: true,
                problems,
                capabilities: Vec::new(),
            });
            return true;
        }
        self.report(at, S, head, &problems);
        self.after_response(&pending, ok);
        true
    }

    /// What a complete response changes: the client's mode, TLS.
    fn after_response(&mut self, pending: &Pending, ok: bool) {
        match pending.kind {
            Kind::Stls => {
                if ok {
                    let held = self.pending_input(C).len();
                    if held > 0 {
                        let line = self.t.line_at(C, self.pos(C));
                        self.push(
                            Verdict::Err,
                            line,
                            C,
                            format!(
                                "{held} bytes sent before the reply to STLS: a server must \
                                 discard them (RFC 2595 §4)"
                            ),
                        );
                        // The server drops them: so does the follower.
                        self.advance(C, held);
                    }
                }
                self.client = ClientMode::Commands;
            }
            Kind::Auth => self.client = ClientMode::Commands,
            _ => {}
        }
    }

    fn body_line(&mut self, raw: &'t [u8]) {
        let Some(mut body) = self.server.take() else {
            return;
        };
        if body.at_line_start && raw == b".\r\n" {
            self.end_body(body);
            return;
        }
        let (text, bare_lf) = strip(raw);
        body.at_line_start = !bare_lf;
        // A line that starts with "." was stuffed: one "." less is the content.
        let content = text.strip_prefix(b".").unwrap_or(text);
        body.lines += 1;
        body.size += content.len() + 2;
        match body.pending.kind {
            Kind::List => match ScanListing::parse(content) {
                Ok(l) => {
                    self.sizes.insert(l.message.get(), l.size);
                }
                Err(error) => body.problems.push(format!(
                    "line {}: scan listing: {error} (RFC 1939 §5)",
                    body.lines
                )),
            },
            Kind::Uidl => {
                if let Err(error) = UniqueIdListing::parse(content) {
                    body.problems.push(format!(
                        "line {}: unique-id listing: {error} (RFC 1939 §7)",
                        body.lines
                    ));
                }
            }
            Kind::Capa => match Capability::parse(content) {
                Ok(capability) => body.capabilities.push(capability_name(&capability)),
                Err(error) => body.problems.push(format!(
                    "line {}: capability: {error} (RFC 2449 §5)",
                    body.lines
                )),
            },
            _ => {}
        }
        if bare_lf && !body.problems.iter().any(|p| p == BARE_LF) {
            body.problems.push(BARE_LF.to_owned());
        }
        self.server = Some(body);
    }

    fn end_body(&mut self, body: Body) {
        let Body {
            pending,
            line,
            mut head,
            lines,
            size,
            mut problems,
            capabilities,
            ..
        } = body;
        match pending.kind {
            Kind::List => head.push_str(&format!(" {lines} scan listings")),
            Kind::Uidl => head.push_str(&format!(" {lines} unique-id listings")),
            Kind::Capa => head.push_str(&format!(
                " {} capabilities: {}",
                capabilities.len(),
                capabilities.join(" ")
            )),
            Kind::Lang => head.push_str(&format!(" {lines} languages")),
            Kind::Retrieve { message, top } => {
                head.push_str(&format!(" {size} bytes"));
                if let Some(&listed) = self.sizes.get(&message)
                    && !top
                    && listed != size as u64
                {
                    problems.push(format!(
                        "LIST gave message {message} as {listed} octets (RFC 1939 §5: the exact \
                         size)"
                    ));
                }
            }
            _ => {}
        }
        self.report(line, S, head, &problems);
    }

    fn finish(&mut self) {
        self.pump();
        if let Some(body) = self.server.take() {
            let text = format!(
                "{}: the transcript ends before the end of the multi-line response (CRLF.CRLF, \
                 RFC 1939 §3)",
                body.head
            );
            self.push(Verdict::Err, body.line, S, text);
        }
        let rest = self.pending_input(C).len();
        if rest > 0 {
            let line = self.t.line_at(C, self.pos(C));
            let text = match (self.client, self.queue.back()) {
                (ClientMode::Await, Some(p)) => {
                    format!("{rest} bytes after {}, which got no reply", p.name)
                }
                _ => "incomplete line at the end of the transcript".to_owned(),
            };
            self.push(Verdict::Err, line, C, text);
        }
        if !self.pending_input(S).is_empty() {
            let line = self.t.line_at(S, self.pos(S));
            self.push(
                Verdict::Err,
                line,
                S,
                "incomplete response at the end of the transcript".into(),
            );
        }
        while let Some(p) = self.queue.pop_front() {
            if p.kind == Kind::Greeting {
                let line = self.t.segments().last().map_or(0, |s| s.line);
                self.push(
                    Verdict::Err,
                    line,
                    S,
                    "no greeting by the end of the transcript".into(),
                );
            } else {
                let text = format!("{}: no reply by the end of the transcript", p.name);
                self.push(Verdict::Err, p.line, C, text);
            }
        }
    }
}

fn is_base64(text: &[u8]) -> bool {
    text.iter()
        .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
}

/// `+OK`, `-ERR`, with the response code if any: `-ERR [IN-USE]`.
fn status_name(line: &StatusLine<'_>) -> String {
    match &line.code {
        Some(code) => format!("{} [{}]", line.status.as_str(), code.as_str()),
        None => line.status.as_str().to_owned(),
    }
}

/// The tag a capability is listed under.
fn capability_name(capability: &Capability<'_>) -> String {
    let mut out = Vec::new();
    if capability.encode(&mut out).is_err() {
        return "?".to_owned();
    }
    let line = String::from_utf8_lossy(&out);
    line.split([' ', '\r']).next().unwrap_or("?").to_owned()
}

fn command_roundtrip(command: &Command<'_>) -> Option<String> {
    let mut out = Vec::new();
    if let Err(error) = command.encode(&mut out) {
        return Some(format!("round trip: does not encode: {error}"));
    }
    let line = out.strip_suffix(b"\r\n").unwrap_or(&out);
    match Command::parse(line) {
        Ok(back) if back == *command => None,
        Ok(_) => Some("round trip: encoded, it parses back to another value".to_owned()),
        Err(error) => Some(format!("round trip: encoded, it does not parse: {error}")),
    }
}

fn status_roundtrip(status: &StatusLine<'_>) -> Option<String> {
    let mut out = Vec::new();
    if let Err(error) = status.encode(&mut out) {
        return Some(format!("round trip: does not encode: {error}"));
    }
    let line = out.strip_suffix(b"\r\n").unwrap_or(&out);
    match StatusLine::parse(line) {
        Ok(back) if back == *status => None,
        Ok(_) => Some("round trip: encoded, it parses back to another value".to_owned()),
        Err(error) => Some(format!("round trip: encoded, it does not parse: {error}")),
    }
}
