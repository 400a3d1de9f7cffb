//! `mail-trace`: decodes a recorded session, given as a transcript in the RFCs' notation
//! ([`transcript`]), with the protocol codecs, and says for every message how it parsed.
//!
//! For SMTP and LMTP (RFC 5321, RFC 2033) both byte streams are decoded in the order the
//! transcript gives them, following the session's state the way the peers do:
//!
//! - client lines are commands ([`smtp_proto::command::Command::parse`]); after `DATA` and the
//!   server's `354` they are message content up to `CRLF.CRLF` (un-stuffed with
//!   [`smtp_proto::data::Unstuffer`]); after `BDAT n` exactly `n` octets are a chunk; after
//!   `AUTH` and while the server answers `334`, each line is a SASL response (RFC 4954 §4),
//!   whose content is never printed — it holds credentials;
//! - server bytes are replies ([`smtp_proto::reply::Reply::parse_with`]), matched in order to
//!   the commands in flight (pipelining, RFC 2920), the answer to `EHLO` / `LHLO` read into
//!   capabilities; in LMTP the end of the data gets one reply per accepted recipient
//!   (RFC 2033 §4.2, §4.3);
//! - after `STARTTLS` and `220` the rest is the plaintext of the TLS session: a new session
//!   starts (RFC 3207 §4.2), and client bytes sent before the `220` are reported.
//!
//! For POP3 (RFC 1939, `--protocol pop3`) the same is done with POP3's grammar: commands, status
//! lines with their response codes, multi-line responses (listings and capabilities parsed
//! line by line, message bodies un-stuffed and measured against `LIST`'s sizes), `AUTH`
//! exchanges (SASL lines never printed) and `STLS`.
//!
//! For IMAP (RFC 3501, RFC 9051, `--protocol imap`) both streams are cut into messages by
//! [`imap_proto::frame::Framer`], literals followed across lines: a client's synchronizing
//! literal `{n}` waits for the server's `+` (or the tagged answer that refuses it), `{n+}`
//! does not, a server's literals follow at once. Client messages are commands
//! ([`imap_proto::command::Command::parse`]); after `AUTHENTICATE`, each `+` asks for a line
//! of SASL data, never printed; after `IDLE` and its `+`, only `DONE`; after the tagged `OK`
//! to `STARTTLS` a new session starts, client bytes sent before it reported. Tagged
//! completions are matched to the command with their tag. Server responses are read in one
//! place only, which classifies them by what a line tells (kind, status word, response code,
//! untagged keyword, literal sizes) until `imap_proto` parses responses.
//!
//! # Output
//!
//! One line per message, at the transcript line where it started, ordered by line:
//! `ok LINE C|S NAME` or `err LINE C|S REASON` (mostly `NAME: problem; problem`; `?` instead
//! of `C|S` for a transcript line whose prefix says neither), then `N messages, M errors`
//! (N counts every line).
//!
//! | message | NAME |
//! |---|---|
//! | a command | its verb (`MAIL`, `RCPT`, …); `BDAT 86 LAST`; `AUTH PLAIN [with initial response]`; `XCLIENT (unknown command)` — an unknown verb is shown only if it cannot be base64 |
//! | DATA content | `DATA-BODY 1234 bytes` (the size un-stuffed, RFC 1870's measure) |
//! | a BDAT chunk | `BDAT-CHUNK 1234 bytes` (an empty chunk is no message) |
//! | a SASL response | `AUTH-DATA`, or `AUTH-CANCEL` for `*` |
//! | a POP3 command | its keyword; `AUTH PLAIN [with initial response]` |
//! | a POP3 response | status, response code, what it answers: `+OK greeting (APOP timestamp)`, `+OK STAT 2 messages, 320 octets`, `+OK LIST 2 scan listings`, `+OK RETR 120 bytes`, `-ERR [IN-USE] APOP`, `+OK CAPA 9 capabilities: TOP USER …`, `+ continuation (AUTH)`, `TLS starts` |
//! | an IMAP command | its name, `UID` included: `SELECT`, `UID FETCH`, `APPEND 310 bytes` (the message's size), `AUTHENTICATE PLAIN [with initial response]`, `XYZZY (unknown command)`, `APPEND (literal not sent)` when its literal is refused; the tag is not shown |
//! | an IMAP SASL line, the end of IDLE | `AUTH-DATA`, `AUTH-CANCEL` for `*`; `DONE` |
//! | an IMAP response | untagged: `* OK [UNSEEN]`, `* 18 EXISTS`, `* FLAGS`, `* 12 FETCH {342}` (its literals' sizes), `* OK [CAPABILITY] greeting`, `* PREAUTH greeting (authenticated)`; a continuation request: `+ continuation (literal)`, `+ continuation (AUTHENTICATE)`, `+ continuation (IDLE)`; a tagged completion: tag, status, code and the command it completes: `a002 OK [READ-WRITE] SELECT`, `A2 NO LOGIN`, `a2 OK STARTTLS (TLS starts)`, `a2 NO [TOOBIG] APPEND (literal refused)` |
//! | a reply | its code, its enhanced status code if any, and what it answers: `220 greeting`, `250 2.1.0 MAIL`, `250 DATA-BODY`, `452 DATA-BODY recipient 2/2` (LMTP), `250 EHLO 4 capabilities: 8BITMIME SIZE DSN HELP`, `220 STARTTLS (TLS starts)`, `421 unsolicited` |
//!
//! ```
//! use mail_examples::trace::{Protocol, TraceOptions, trace};
//!
//! let session = b"S: 220 foo.com ready\r\nC: NOOP\r\nS: 250 OK\r\nC: QUIT\r\n";
//! let report = trace(session, &TraceOptions::new(Protocol::Smtp));
//! assert_eq!(
//!     report.to_string(),
//!     "ok 1 S 220 greeting\nok 2 C NOOP\nok 3 S 250 NOOP\nok 4 C QUIT\n\
//!      err 4 C QUIT: no reply by the end of the transcript\n5 messages, 1 errors\n"
//! );
//! assert!(!report.is_ok());
//!
//! // IMAP: the password, sent as a literal after the server's "+", is never printed.
//! let session = b"S: * OK ready\r\nC: a1 LOGIN fred {6}\r\nS: + go\r\nC: secret\r\n\
//!                 S: a1 OK done\r\n";
//! let report = trace(session, &TraceOptions::new(Protocol::Imap));
//! assert_eq!(
//!     report.to_string(),
//!     "ok 1 S * OK greeting\nok 2 C LOGIN\nok 3 S + continuation (literal)\n\
//!      ok 5 S a1 OK LOGIN\n4 messages, 0 errors\n"
//! );
//! ```

pub mod cli;
mod follow;
mod imap;
mod pop3;
pub mod transcript;

use std::fmt;

use transcript::{Direction, Transcript};

/// The protocol a transcript is decoded as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Protocol {
    /// SMTP (RFC 5321 and its extensions).
    Smtp,
    /// LMTP (RFC 2033): `LHLO`, and one reply per accepted recipient after the data.
    Lmtp,
    /// POP3 (RFC 1939 and its extensions).
    Pop3,
    /// IMAP (`IMAP4rev1` RFC 3501, `IMAP4rev2` RFC 9051, and their extensions).
    Imap,
}

/// How a transcript is decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TraceOptions {
    /// The protocol.
    pub protocol: Protocol,
    /// Encode every parsed command and reply and parse it again; a value that comes back
    /// different, or does not encode, is an error.
    pub roundtrip: bool,
    /// Read a transcript line that ends in a bare LF as ending in CRLF (see
    /// [`Transcript::parse_with`]).
    pub crlf: bool,
}

impl TraceOptions {
    /// The protocol, no round trip, line endings exact.
    pub const fn new(protocol: Protocol) -> Self {
        TraceOptions {
            protocol,
            roundtrip: false,
            crlf: false,
        }
    }

    /// These options with [`roundtrip`](Self::roundtrip) set.
    #[must_use]
    pub const fn with_roundtrip(mut self, on: bool) -> Self {
        self.roundtrip = on;
        self
    }

    /// These options with [`crlf`](Self::crlf) set.
    #[must_use]
    pub const fn with_crlf(mut self, on: bool) -> Self {
        self.crlf = on;
        self
    }
}

/// Whether a message parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// It did, and nothing is wrong with it (`ok`).
    Ok,
    /// It did not, or something about it breaks the protocol (`err`).
    Err,
}

/// One output line: a message, or a problem, at the transcript line where it started.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Entry {
    /// `ok` or `err`.
    pub verdict: Verdict,
    /// The transcript line (counted from 1) where the message started.
    pub line: usize,
    /// Who sent it; `None` for a transcript line whose prefix does not say.
    pub direction: Option<Direction>,
    /// The message's name (`MAIL`, `250 RCPT`, `DATA-BODY 1234 bytes`, …) or, for an error,
    /// what is wrong.
    pub text: String,
}

impl fmt::Display for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verdict = match self.verdict {
            Verdict::Ok => "ok",
            Verdict::Err => "err",
        };
        let direction = self.direction.map_or('?', Direction::letter);
        write!(f, "{verdict} {} {direction} {}", self.line, self.text)
    }
}

/// What [`trace`] found: one entry per message, in the order of the transcript lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Trace {
    /// The entries, ordered by line (those of one line in the order they were decoded).
    pub entries: Vec<Entry>,
}

impl Trace {
    /// How many entries are errors.
    pub fn errors(&self) -> usize {
        self.entries
            .iter()
            .filter(|e| e.verdict == Verdict::Err)
            .count()
    }

    /// `true` when no entry is an error (the program's exit status 0).
    pub fn is_ok(&self) -> bool {
        self.errors() == 0
    }

    /// The last line of the output: `N messages, M errors`.
    pub fn summary(&self) -> String {
        format!("{} messages, {} errors", self.entries.len(), self.errors())
    }
}

impl fmt::Display for Trace {
    /// Every entry on a line of its own, then the summary line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for entry in &self.entries {
            writeln!(f, "{entry}")?;
        }
        writeln!(f, "{}", self.summary())
    }
}

/// Decodes a transcript (see the [module](self) documentation).
pub fn trace(input: &[u8], options: &TraceOptions) -> Trace {
    let transcript = Transcript::parse_with(input, options.crlf);
    let mut entries: Vec<Entry> = transcript
        .errors()
        .iter()
        .map(|e| Entry {
            verdict: Verdict::Err,
            line: e.line,
            direction: e.direction,
            text: e.reason.to_owned(),
        })
        .collect();
    match options.protocol {
        Protocol::Smtp | Protocol::Lmtp => entries.extend(follow::follow(&transcript, options)),
        Protocol::Pop3 => entries.extend(pop3::follow(&transcript, options)),
        Protocol::Imap => entries.extend(imap::follow(&transcript, options)),
    }
    entries.sort_by_key(|e| e.line);
    Trace { entries }
}
