//! The client side: command lines, DATA content, BDAT chunks and SASL responses.

use smtp_proto::command::{Command, InitialResponse, ParseOptions, SASL_LINE_LIMIT};
use smtp_proto::data::{BareLinebreaks, BdatReader};
use smtp_proto::line::{Line, LineEndings, next_line};

use super::check::{BARE_LF, command_name, command_roundtrip, verb_name};
use super::{C, Follower, Kind, Mode, Pending};

/// The next complete line (ended by CRLF or a bare LF, which is reported separately).
fn take_line(input: &[u8]) -> Option<Line<'_>> {
    next_line(input, usize::MAX, LineEndings::AcceptBareLf)
        .ok()
        .flatten()
}

/// Whether a line taken by [`take_line`] ended in a bare LF.
fn ends_in_bare_lf(line: &Line<'_>) -> bool {
    line.consumed == line.text.len() + 1
}

impl<'t> Follower<'t> {
    /// Decodes the next client message, if its bytes are there; `true` on progress.
    pub(super) fn client_step(&mut self) -> bool {
        let input = self.pending_input(C);
        if input.is_empty() {
            return false;
        }
        match self.client {
            Mode::Await => false,
            Mode::Commands => self.command_line(input),
            Mode::Sasl => self.sasl_line(input),
            Mode::Body { .. } => self.body(input),
            Mode::Chunk { .. } => self.chunk(input),
        }
    }

    fn command_line(&mut self, input: &'t [u8]) -> bool {
        let Some(line) = take_line(input) else {
            return false;
        };
        let at = self.line_at(C, self.pos(C));
        *self.pos_mut(C) += line.consumed;
        let options = ParseOptions::new()
            .with_lmtp(self.lmtp())
            .with_smtputf8(self.smtputf8);
        match Command::parse(line.text, &options) {
            Ok(command) => self.command(&command, &line, at, &options),
            Err(error) => {
                let name = error
                    .verb()
                    .map_or_else(|| verb_name(line.text), |v| v.as_str().to_owned());
                let text = format!("{name}: {error} (a server answers {})", error.reply_code());
                self.err(at, C, text);
                // The server answers it all the same.
                self.queue.push_back(Pending::new(Kind::Other, name, at));
            }
        }
        true
    }

    fn command(&mut self, command: &Command<'_>, line: &Line<'_>, at: usize, opts: &ParseOptions) {
        let mut problems = Vec::new();
        if ends_in_bare_lf(line) {
            problems.push(BARE_LF.to_owned());
        }
        let (len, limit) = (line.text.len() + 2, command.line_limit());
        if len > limit {
            problems.push(format!(
                "line of {len} octets exceeds the limit of {limit} (RFC 5321 §4.5.3.1.4)"
            ));
        }
        if self.options.roundtrip {
            problems.extend(command_roundtrip(command, opts));
        }
        let (name, short) = command_name(command);
        let kind = match command {
            Command::Helo { .. } => Kind::Hello { extended: false },
            Command::Ehlo { .. } | Command::Lhlo { .. } => Kind::Hello { extended: true },
            Command::Mail { .. } => Kind::Mail,
            Command::Rcpt { .. } => Kind::Rcpt,
            Command::Rset => Kind::Rset,
            Command::Data => Kind::Data,
            Command::Bdat { last, .. } => Kind::Bdat { last: *last },
            Command::Auth { .. } => Kind::Auth,
            Command::StartTls => Kind::StartTls,
            _ => Kind::Other,
        };
        if kind == Kind::StartTls && self.tls {
            problems.push("TLS is already active (RFC 3207 §4.2)".to_owned());
        }
        self.report(at, C, name, &problems);
        let mut pending = Pending::new(kind, short, at);
        match *command {
            Command::Data | Command::Auth { .. } | Command::StartTls => self.client = Mode::Await,
            Command::Bdat { size, last } => {
                if last && self.lmtp() {
                    // RFC 2033 §4.3: one reply per accepted recipient.
                    pending.recipients = Some((0, None));
                }
                if size > 0 {
                    self.client = Mode::Chunk {
                        reader: BdatReader::new(size, last),
                        start: self.pos(C),
                    };
                }
            }
            _ => {}
        }
        self.queue.push_back(pending);
    }

    /// A SASL response (RFC 4954 §4): base64, or `*` to cancel. Its content is never shown.
    fn sasl_line(&mut self, input: &'t [u8]) -> bool {
        let Some(line) = take_line(input) else {
            return false;
        };
        let at = self.line_at(C, self.pos(C));
        *self.pos_mut(C) += line.consumed;
        let cancel = line.text == b"*";
        let name = if cancel { "AUTH-CANCEL" } else { "AUTH-DATA" };
        let mut problems = Vec::new();
        if ends_in_bare_lf(&line) {
            problems.push(BARE_LF.to_owned());
        }
        let len = line.text.len() + 2;
        if len > SASL_LINE_LIMIT {
            problems.push(format!(
                "line of {len} octets exceeds {SASL_LINE_LIMIT} (RFC 4954 §4)"
            ));
        }
        let base64 = line.text.is_empty()
            || (line.text != b"="
                && std::str::from_utf8(line.text).is_ok_and(|s| InitialResponse::new(s).is_ok()));
        if !cancel && !base64 {
            problems.push("not base64 (RFC 4954 §4)".to_owned());
        }
        self.report(at, C, name.to_owned(), &problems);
        self.queue.push_back(Pending::new(Kind::AuthData, name, at));
        self.client = Mode::Await;
        true
    }

    /// DATA content up to `CRLF.CRLF`, un-stuffed (RFC 5321 §4.5.2).
    fn body(&mut self, input: &'t [u8]) -> bool {
        let Mode::Body { unstuffer, start } = &mut self.client else {
            return false;
        };
        let decoded = unstuffer.decode(input, |_| {});
        let (report, start) = (*unstuffer.report(), *start);
        *self.pos_mut(C) += decoded.consumed;
        if decoded.finished {
            let at = self.line_at(C, start);
            let mut problems = Vec::new();
            if report.has_bare_linebreaks() {
                problems.push(format!(
                    "{} bare LF and {} bare CR in the content (RFC 5321 §2.3.8: lines end in \
                     CRLF; the end of data is CRLF.CRLF only)",
                    report.bare_lf, report.bare_cr
                ));
            }
            self.report(at, C, format!("DATA-BODY {} bytes", report.size), &problems);
            let mut pending = Pending::new(Kind::Body, "DATA-BODY", at);
            if self.lmtp() {
                // RFC 2033 §4.2: one reply per accepted recipient.
                pending.recipients = Some((0, None));
            }
            self.queue.push_back(pending);
            self.client = Mode::Commands;
        }
        decoded.consumed > 0 || decoded.finished
    }

    /// A BDAT chunk: exactly the announced number of octets (RFC 3030 §2).
    fn chunk(&mut self, input: &'t [u8]) -> bool {
        let Mode::Chunk { reader, start } = &mut self.client else {
            return false;
        };
        let taken = reader.read(input).len();
        let (complete, size, start) = (reader.is_complete(), reader.size(), *start);
        *self.pos_mut(C) += taken;
        if complete {
            let at = self.line_at(C, start);
            self.ok(at, C, format!("BDAT-CHUNK {size} bytes"));
            self.client = Mode::Commands;
        }
        taken > 0
    }
}

/// The policy for DATA content: keep bare line breaks (they are counted and reported).
pub(super) const BODY_POLICY: BareLinebreaks = BareLinebreaks::Allow;
