//! What the follower learns from one server response: **the one boundary** between the
//! stream following and the grammar of responses.
//!
//! `imap_proto` does not parse server responses yet. Until it does, [`describe_response`]
//! reads only what the framing and a small line classifier can tell (RFC 9051 §2.2.2, §7):
//! whether the response is a continuation request (`+`), untagged (`*`) or tagged; the
//! status word (`OK`, `NO`, `BAD`, `PREAUTH`, `BYE`) and the atom of its response code
//! (`[UNSEEN 17]` → `UNSEEN`); the keyword of untagged data, with its number if any
//! (`* 18 EXISTS`, `* FLAGS`); the sizes of its literals (`* 12 FETCH {342}`). It checks
//! little: a known status word where one is required, atoms where atoms are, balanced
//! parentheses in untagged data, no NUL outside a `literal8`, no non-synchronizing literal.
//!
//! When the typed parser exists, only the body of [`describe_response`] changes: parse the
//! message with it and fill [`Described`] from the value (and [`ResponseError`] from its
//! error, keeping the tag when it could be read; [`Described::problems`] holds what a
//! lenient parser accepted but the grammar does not). The follower uses nothing else of a
//! response.

use imap_proto::frame::{Direction, Fragment, Framer};
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
    match word {
        b"+" => {
            if !frames.literals.is_empty() {
                return Err(ResponseError::new(
                    None,
                    "a continuation request has no literal (RFC 9051 §7.6)",
                ));
            }
            let mut problems = Vec::new();
            if first == b"+" {
                // Still a continuation request, as clients take it.
                problems.push(
                    "continuation request without SP (RFC 9051 §7.6: \"+\" SP (resp-text / \
                     base64))"
                        .to_owned(),
                );
            }
            Ok(Described {
                kind: ResponseKind::Continuation,
                name: "+".to_owned(),
                problems,
            })
        }
        b"*" => untagged(rest, &frames),
        tag if !tag.is_empty() && tag.iter().all(|&b| is_tag_char(b)) => tagged(tag, rest, &frames),
        _ => Err(ResponseError::new(
            None,
            "not a response: it starts with \"*\", \"+\" or a tag (RFC 9051 §2.2.2)",
        )),
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

/// `* …`: a status response or data.
fn untagged<'a>(rest: &'a [u8], frames: &Frames<'a>) -> Result<Described<'a>, ResponseError<'a>> {
    let (word, after) = split_word(rest);
    if word.is_empty() {
        return Err(ResponseError::new(
            None,
            "untagged response without a keyword (RFC 9051 §7)",
        ));
    }
    if let Some(status) = Status::from_word(word) {
        let code = response_code(after, None)?;
        no_literal(frames, None)?;
        return Ok(Described {
            kind: ResponseKind::Untagged {
                status: Some(status),
            },
            name: format!("* {}{code}", status.as_str()),
            problems: Vec::new(),
        });
    }
    let mut name = "*".to_owned();
    let mut keyword = word;
    if word.iter().all(u8::is_ascii_digit) {
        let number = std::str::from_utf8(word)
            .ok()
            .and_then(|w| w.parse::<u32>().ok())
            .ok_or_else(|| {
                ResponseError::new(None, "number larger than 4294967295 (RFC 9051 §9)")
            })?;
        name.push_str(&format!(" {number}"));
        keyword = split_word(after).0;
    }
    if keyword.is_empty() || !keyword.iter().all(|&b| is_atom_char(b)) {
        return Err(ResponseError::new(
            None,
            "untagged data without an atom as its keyword (RFC 9051 §7)",
        ));
    }
    balanced(&frames.lines)?;
    name.push(' ');
    name.push_str(&String::from_utf8_lossy(keyword).to_ascii_uppercase());
    for literal in &frames.literals {
        name.push(' ');
        name.push_str(literal);
    }
    Ok(Described {
        kind: ResponseKind::Untagged { status: None },
        name,
        problems: Vec::new(),
    })
}

/// `tag SP resp-cond-state`: only `OK`, `NO` or `BAD`.
fn tagged<'a>(
    tag: &'a [u8],
    rest: &'a [u8],
    frames: &Frames<'a>,
) -> Result<Described<'a>, ResponseError<'a>> {
    let (word, after) = split_word(rest);
    let Some(status @ (Status::Ok | Status::No | Status::Bad)) = Status::from_word(word) else {
        return Err(ResponseError::new(
            Some(tag),
            "a tagged response is OK, NO or BAD (RFC 9051 §7.1)",
        ));
    };
    let code = response_code(after, Some(tag))?;
    no_literal(frames, Some(tag))?;
    Ok(Described {
        kind: ResponseKind::Tagged { tag, status },
        name: format!("{}{code}", status.as_str()),
        problems: Vec::new(),
    })
}

/// ` [ATOM]` for a `resp-text` that starts with a response code, else an empty string.
fn response_code<'a>(text: &[u8], tag: Option<&'a [u8]>) -> Result<String, ResponseError<'a>> {
    let Some(inside) = text.strip_prefix(b"[") else {
        return Ok(String::new());
    };
    let atom_len = inside
        .iter()
        .take_while(|&&b| is_atom_char(b) && b != b']')
        .count();
    let (atom, after) = inside.split_at(atom_len);
    if atom.is_empty() || !matches!(after.first(), Some(b' ' | b']')) || !after.contains(&b']') {
        return Err(ResponseError::new(
            tag,
            "response code is not \"[\" atom [SP text] \"]\" (RFC 9051 §7.1)",
        ));
    }
    Ok(format!(
        " [{}]",
        String::from_utf8_lossy(atom).to_ascii_uppercase()
    ))
}

/// A status response's text holds no literal.
fn no_literal<'a>(frames: &Frames<'a>, tag: Option<&'a [u8]>) -> Result<(), ResponseError<'a>> {
    if frames.literals.is_empty() {
        Ok(())
    } else {
        Err(ResponseError::new(
            tag,
            "a status response's text holds no literal (RFC 9051 §7.1)",
        ))
    }
}

/// Parentheses balance outside quoted strings and literals.
fn balanced<'a>(lines: &[&[u8]]) -> Result<(), ResponseError<'a>> {
    let mut depth = 0usize;
    for line in lines {
        let (mut quoted, mut escaped) = (false, false);
        for &b in *line {
            match (quoted, b) {
                (true, _) if escaped => escaped = false,
                (true, b'\\') => escaped = true,
                (_, b'"') => quoted = !quoted,
                (false, b'(') => depth += 1,
                (false, b')') => {
                    depth = depth.checked_sub(1).ok_or_else(|| {
                        ResponseError::new(None, "\")\" without \"(\" (RFC 9051 §9)")
                    })?;
                }
                _ => {}
            }
        }
        if quoted {
            return Err(ResponseError::new(
                None,
                "quoted string not closed on its line (RFC 9051 §4.3)",
            ));
        }
    }
    if depth > 0 {
        return Err(ResponseError::new(
            None,
            format!("{depth} \"(\" not closed (RFC 9051 §9)"),
        ));
    }
    Ok(())
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
        assert!(bare.problems[0].starts_with("continuation request without SP"));
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
        assert_eq!(name(b"* SEARCH 2 \"(\" 3\r\n"), "* SEARCH");
    }

    #[test]
    fn grammar_problems() {
        for (message, reason) in [
            (&b"a1 MAYBE\r\n"[..], "a tagged response is OK, NO or BAD"),
            (b"a1 PREAUTH\r\n", "a tagged response is OK, NO or BAD"),
            (b"(oops)\r\n", "not a response"),
            (b"\r\n", "not a response"),
            (b"* \r\n", "without a keyword"),
            (b"* 99999999999 EXISTS\r\n", "number larger"),
            (b"* 3\r\n", "without an atom"),
            (b"* OK [\r\n", "response code"),
            (b"* OK [ALERT no end\r\n", "response code"),
            (b"* 1 FETCH (FLAGS (\\Seen)\r\n", "1 \"(\" not closed"),
            (b"* FLAGS )(\r\n", "without \"(\""),
            (b"* LIST () \"/ INBOX\r\n", "quoted string"),
            (b"* 1 FETCH (BODY[] {2+}\r\nab)\r\n", "non-synchronizing"),
            (b"* OK see {2}\r\nab\r\n", "holds no literal"),
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
    }
}
