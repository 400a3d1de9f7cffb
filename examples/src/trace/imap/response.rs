//! What the follower learns from one server response: **the one boundary** between the
//! stream following and the grammar of responses.
//!
//! [`describe_response`] parses the response with [`imap_proto::response::Response`]: first
//! strictly (the grammar of RFC 3501 / RFC 9051 and the extensions), then, if that fails, with
//! the deviations of deployed servers that [`Quirks::default`] accepts, reported as a problem.
//! From the value it tells the follower the kind of the response (a continuation request
//! `+`, untagged `*`, or tagged) and its status, and it names the response for the report:
//! the status word and the atom of its response code (`[UNSEEN 17]` → `UNSEEN`), the keyword
//! of untagged data with its number if any (`* 18 EXISTS`, `* FLAGS`), and the sizes of its
//! literals (`* 12 FETCH {342}`).

use imap_proto::encode::{EncodeOptions, Writer};
use imap_proto::frame::{Direction, Fragment, Framer};
use imap_proto::response::{Quirks, Response, State};
use imap_proto::types::LiteralMode;
use imap_proto::{is_atom_char, is_tag_char};

/// The status of a status response (RFC 9051 §7.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Status {
    /// `OK` (§7.1.1).
    Ok,
    /// `NO` (§7.1.2).
    No,
    /// `BAD` (§7.1.3).
    Bad,
    /// `PREAUTH` (§7.1.4), untagged only.
    Preauth,
    /// `BYE` (§7.1.5), untagged only.
    Bye,
}

impl Status {
    fn from_word(word: &[u8]) -> Option<Self> {
        [
            Status::Ok,
            Status::No,
            Status::Bad,
            Status::Preauth,
            Status::Bye,
        ]
        .into_iter()
        .find(|s| word.eq_ignore_ascii_case(s.as_str().as_bytes()))
    }

    fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "OK",
            Status::No => "NO",
            Status::Bad => "BAD",
            Status::Preauth => "PREAUTH",
            Status::Bye => "BYE",
        }
    }
}

/// Which of the three kinds of response (RFC 9051 §2.2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ResponseKind<'a> {
    /// `+ …`: a command continuation request (§7.6).
    Continuation,
    /// `* …`: untagged; `status` for a status response (`* OK`, `* BYE`, …), `None` for data.
    Untagged {
        /// The status word, if it is a status response.
        status: Option<Status>,
    },
    /// `tag OK|NO|BAD …`: the completion of the command with that tag.
    Tagged {
        /// The tag, as sent.
        tag: &'a [u8],
        /// `OK`, `NO` or `BAD`.
        status: Status,
    },
}

/// A response as the follower needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Described<'a> {
    /// Its kind.
    pub(super) kind: ResponseKind<'a>,
    /// What is printed for it: `+`, `* 18 EXISTS`, `* OK [UNSEEN]`, `* 12 FETCH {342}`, or
    /// for a tagged response the part after the tag, `OK [READ-WRITE]`.
    pub(super) name: String,
    /// Departures from the grammar that leave the kind of the response clear (reported, and
    /// the response followed all the same).
    pub(super) problems: Vec<String>,
}

/// A response that does not follow the grammar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ResponseError<'a> {
    /// The tag, when the response has one (its completion failed).
    pub(super) tag: Option<&'a [u8]>,
    /// What is wrong.
    pub(super) reason: String,
}

impl<'a> ResponseError<'a> {
    fn new(tag: Option<&'a [u8]>, reason: impl Into<String>) -> Self {
        ResponseError {
            tag,
            reason: reason.into(),
        }
    }
}

/// Describes one whole server response, as the framing stage delimits it: its lines and
/// literals, through the line break that ends it.
///
/// # Errors
/// [`ResponseError`] for a response that breaks the grammar as far as it is read here.
pub(super) fn describe_response(message: &[u8]) -> Result<Described<'_>, ResponseError<'_>> {
    let frames = frame(message)?;
    let first = frames.lines.first().copied().unwrap_or_default();
    let (word, rest) = split_word(first);
    let tag =
        (!word.is_empty() && word != b"*" && word != b"+" && word.iter().all(|&b| is_tag_char(b)))
            .then_some(word);
    let mut problems = Vec::new();
    let (response, rest_after) = match Response::parse_with(message, Quirks::STRICT) {
        Ok(parsed) => parsed,
        Err(strict) => match Response::parse_with(message, Quirks::default()) {
            Ok(parsed) => {
                problems.push(format!(
                    "accepted only as a deployed servers' deviation: {strict}"
                ));
                parsed
            }
            Err(_) => return Err(ResponseError::new(tag, strict.to_string())),
        },
    };
    if !rest_after.is_empty() {
        // The framing stage read a literal where the grammar has none.
        let reason = match response {
            Response::Continue(_) => "a continuation request has no literal (RFC 9051 §7.6)",
            _ => "a literal where the response's grammar has none (RFC 9051 §7)",
        };
        return Err(ResponseError::new(tag, reason));
    }
    let kind = match &response {
        Response::Continue(_) => ResponseKind::Continuation,
        Response::Status(s) => ResponseKind::Untagged {
            status: Some(Status::from_word(s.status.name().as_bytes()).unwrap_or(Status::Ok)),
        },
        Response::Data(_) => ResponseKind::Untagged { status: None },
        Response::Tagged(t) => ResponseKind::Tagged {
            tag: word,
            status: match t.state {
                State::Ok => Status::Ok,
                State::No => Status::No,
                _ => Status::Bad,
            },
        },
    };
    let name = match kind {
        ResponseKind::Continuation => "+".to_owned(),
        ResponseKind::Untagged {
            status: Some(status),
        } => {
            format!("* {}{}", status.as_str(), response_code(split_word(rest).1))
        }
        ResponseKind::Untagged { status: None } => untagged_name(rest, &frames),
        ResponseKind::Tagged { status, .. } => {
            format!("{}{}", status.as_str(), response_code(split_word(rest).1))
        }
    };
    Ok(Described {
        kind,
        name,
        problems,
    })
}

/// `--roundtrip` for a response: written back with the encoder, it must parse to the same
/// value (strictly: the encoder never writes a deviation). `None` when it does, or when the
/// response does not parse at all (that is reported already).
pub(super) fn response_roundtrip(message: &[u8]) -> Option<String> {
    let (response, _) = Response::parse(message).ok()?;
    let mut w = Writer::new(EncodeOptions::default());
    w.value(&response);
    let wire = w.into_bytes();
    match Response::parse_with(&wire, Quirks::STRICT) {
        Ok((back, rest)) if back == response && rest.is_empty() => None,
        Ok(_) => Some("round trip: encoded, it parses back to another value".to_owned()),
        Err(error) => Some(format!("round trip: encoded, it does not parse: {error}")),
    }
}

/// The lines (without line breaks) and literal announcements of a response.
struct Frames<'a> {
    lines: Vec<&'a [u8]>,
    literals: Vec<String>,
}

fn frame(message: &[u8]) -> Result<Frames<'_>, ResponseError<'_>> {
    let mut framer = Framer::new(Direction::Responses);
    let mut rest = message;
    let mut frames = Frames {
        lines: Vec::new(),
        literals: Vec::new(),
    };
    loop {
        let frame = match framer.next(rest) {
            Ok(Some(frame)) => frame,
            Ok(None) => return Err(ResponseError::new(None, "incomplete response")),
            Err(error) => return Err(ResponseError::new(None, error.to_string())),
        };
        match frame.fragment {
            Fragment::Line { text, literal, .. } => {
                if text.contains(&0) {
                    return Err(ResponseError::new(
                        None,
                        "NUL outside a literal8 (RFC 9051 §4.3.1)",
                    ));
                }
                frames.lines.push(text);
                if let Some(a) = literal {
                    if a.mode == LiteralMode::NonSync {
                        return Err(ResponseError::new(
                            None,
                            "non-synchronizing literal from a server (RFC 9051 §4.3: only \
                             clients send them)",
                        ));
                    }
                    let binary = if a.binary { "~" } else { "" };
                    frames.literals.push(format!("{binary}{{{}}}", a.length));
                }
            }
            Fragment::Literal { .. } | Fragment::Skipped => {}
        }
        rest = rest.get(frame.consumed..).unwrap_or_default();
        if frame.message_end {
            if !rest.is_empty() {
                return Err(ResponseError::new(None, "more than one response"));
            }
            return Ok(frames);
        }
    }
}

/// The name of untagged data: `* 18 EXISTS`, `* FLAGS`, `* 12 FETCH {342}`.
fn untagged_name(rest: &[u8], frames: &Frames<'_>) -> String {
    let (word, after) = split_word(rest);
    let mut name = "*".to_owned();
    let mut keyword = word;
    if !word.is_empty() && word.iter().all(u8::is_ascii_digit) {
        name.push(' ');
        name.push_str(&String::from_utf8_lossy(word));
        keyword = split_word(after).0;
    }
    name.push(' ');
    name.push_str(&String::from_utf8_lossy(keyword).to_ascii_uppercase());
    for literal in &frames.literals {
        name.push(' ');
        name.push_str(literal);
    }
    name
}

/// ` [ATOM]` for a `resp-text` that starts with a response code, else an empty string.
fn response_code(text: &[u8]) -> String {
    let Some(inside) = text.strip_prefix(b"[") else {
        return String::new();
    };
    let atom_len = inside
        .iter()
        .take_while(|&&b| is_atom_char(b) && b != b']')
        .count();
    let atom = inside.get(..atom_len).unwrap_or_default();
    format!(" [{}]", String::from_utf8_lossy(atom).to_ascii_uppercase())
}

/// The first word of a line and the rest after its space.
fn split_word(line: &[u8]) -> (&[u8], &[u8]) {
    match memchr::memchr(b' ', line) {
        Some(sp) => (
            line.get(..sp).unwrap_or_default(),
            line.get(sp + 1..).unwrap_or_default(),
        ),
        None => (line, &[]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(message: &[u8]) -> String {
        match describe_response(message) {
            Ok(d) => d.name,
            Err(e) => format!("error: {}", e.reason),
        }
    }

    #[test]
    fn kinds_and_names() {
        assert_eq!(
            describe_response(b"+ Ready for literal data\r\n")
                .unwrap()
                .kind,
            ResponseKind::Continuation
        );
        assert_eq!(name(b"+ \r\n"), "+");
        let bare = describe_response(b"+\r\n").unwrap();
        assert_eq!(bare.kind, ResponseKind::Continuation);
        assert!(bare.problems[0].starts_with("accepted only as a deployed servers' deviation"));
        assert_eq!(name(b"* 18 EXISTS\r\n"), "* 18 EXISTS");
        assert_eq!(
            name(b"* OK [UNSEEN 17] Message 17 is the first unseen message\r\n"),
            "* OK [UNSEEN]"
        );
        assert_eq!(name(b"* ok [read-write]\r\n"), "* OK [READ-WRITE]");
        assert_eq!(
            name(b"* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n"),
            "* FLAGS"
        );
        assert_eq!(
            name(b"* 12 FETCH (BODY[HEADER] {4}\r\nab\r\n)\r\n"),
            "* 12 FETCH {4}"
        );
        assert_eq!(
            name(b"* 1 FETCH (BINARY[1] ~{2}\r\n\0\0 BODY[2] {0}\r\n)\r\n"),
            "* 1 FETCH ~{2} {0}"
        );
        let tagged = describe_response(b"a002 OK [READ-WRITE] SELECT completed\r\n").unwrap();
        assert_eq!(
            tagged.kind,
            ResponseKind::Tagged {
                tag: b"a002",
                status: Status::Ok
            }
        );
        assert_eq!(tagged.name, "OK [READ-WRITE]");
        assert_eq!(name(b"A1 NO\r\n"), "NO");
        assert_eq!(
            name(b"* LIST () \"/\" INBOX (\"OLDNAME\" (\"inbox\"))\r\n"),
            "* LIST"
        );
        assert_eq!(name(b"* SEARCH 2 3\r\n"), "* SEARCH");
        assert_eq!(
            name(b"* SEARCH 2 \"(\" 3\r\n"),
            "error: invalid nz-number at offset 11"
        );
    }

    #[test]
    fn grammar_problems() {
        for (message, reason) in [
            (&b"a1 MAYBE\r\n"[..], "resp-cond-state"),
            (b"a1 PREAUTH\r\n", "resp-cond-state"),
            (b"(oops)\r\n", "tag"),
            (b"* 99999999999 EXISTS\r\n", "number"),
            (b"* OK [\r\n", "resp-text-code"),
            (b"* OK [ALERT no end\r\n", "resp-text"),
            (b"* 1 FETCH (FLAGS (\\Seen)\r\n", "msg-att"),
            (b"* FLAGS )(\r\n", "flag-list"),
            (b"* 1 FETCH (BODY[] {2+}\r\nab)\r\n", "non-synchronizing"),
            (b"* OK a\0b\r\n", "NUL"),
            (b"+ {1}\r\nx\r\n", "continuation request has no literal"),
            (b"* 1 EXISTS\r\n* 2 EXISTS\r\n", "more than one response"),
            (b"* 1 FETCH (BODY[] {9}\r\nab)\r\n", "incomplete response"),
        ] {
            let error = describe_response(message).unwrap_err();
            assert!(
                error.reason.contains(reason),
                "{:?}: {}",
                String::from_utf8_lossy(message),
                error.reason
            );
        }
        assert_eq!(
            describe_response(b"a1 MAYBE\r\n").unwrap_err().tag,
            Some(&b"a1"[..])
        );
        assert_eq!(describe_response(b"* 3\r\n").unwrap_err().tag, None);
    }

    #[test]
    fn deviations_are_accepted_and_reported() {
        let d = describe_response(b"* OK [UIDVALIDITY 1]\r\n").unwrap();
        assert_eq!(d.name, "* OK [UIDVALIDITY]");
        assert_eq!(d.problems.len(), 1);
        assert!(d.problems[0].starts_with("accepted only as a deployed servers' deviation"));
        assert!(
            describe_response(b"* OK [UIDVALIDITY 1] ok\r\n")
                .unwrap()
                .problems
                .is_empty()
        );
    }

    #[test]
    fn roundtrip_of_responses() {
        assert_eq!(response_roundtrip(b"* 18 EXISTS\r\n"), None);
        assert_eq!(
            response_roundtrip(b"a002 OK [READ-WRITE] SELECT completed\r\n"),
            None
        );
        assert_eq!(response_roundtrip(b"* OK [UIDVALIDITY 1]\r\n"), None);
        assert_eq!(response_roundtrip(b"a1 MAYBE\r\n"), None);
    }
}
