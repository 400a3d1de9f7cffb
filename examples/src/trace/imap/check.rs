//! Names of commands, and the round trip (`--roundtrip`): encode, parse again, compare.

use imap_proto::command::{Command, CommandBody};
use imap_proto::encode::Encode as _;

/// The problem of a line that ends in a bare LF.
pub(super) const BARE_LF: &str = "line ends in a bare LF (RFC 9051 §2.2: CRLF)";

/// A word safe to print: 1 to 20 letters or hyphens, all of one case — not a piece of
/// base64 (which could be a credential sent while the server was not asking for one).
fn printable_word(word: &[u8]) -> bool {
    let letters = |f: fn(&u8) -> bool| word.iter().all(|b| *b == b'-' || f(b));
    (1..=20).contains(&word.len())
        && word.iter().any(u8::is_ascii_alphabetic)
        && (letters(u8::is_ascii_uppercase) || letters(u8::is_ascii_lowercase))
}

/// The command name of a line that is not (or not yet) a parsed command: its second word
/// (after the tag), with the next for `UID`, upper-cased, when safe to show; else `command`.
pub(super) fn verb_of_line(line: &[u8]) -> String {
    let line = line
        .split(|&b| b == b'\r' || b == b'\n')
        .next()
        .unwrap_or_default();
    let mut words = line.split(|&b| b == b' ').skip(1);
    let upper = |w: &[u8]| String::from_utf8_lossy(w).to_ascii_uppercase();
    match words.next() {
        Some(w) if printable_word(w) && w.eq_ignore_ascii_case(b"UID") => match words.next() {
            Some(next) if printable_word(next) => format!("UID {}", upper(next)),
            _ => "UID".to_owned(),
        },
        Some(w) if printable_word(w) => upper(w),
        _ => "command".to_owned(),
    }
}

/// Whether a line that did not parse is `tag SP word` with a printable word: then its tag
/// is a tag, not a credential, and may be shown.
pub(super) fn tag_may_be_shown(line: &[u8]) -> bool {
    verb_of_line(line) != "command"
}

/// The name printed for a command, and the shorter name its completion is printed with.
pub(super) fn command_name(command: &Command<'_>) -> (String, String) {
    use CommandBody as B;
    let short = match &command.body {
        B::UidExpunge(_) => "UID EXPUNGE".to_owned(),
        B::Copy { uid: true, .. }
        | B::Move { uid: true, .. }
        | B::Fetch { uid: true, .. }
        | B::Search { uid: true, .. }
        | B::Store { uid: true, .. } => format!("UID {}", command.body.name()),
        body => body.name().to_owned(),
    };
    let name = match &command.body {
        B::Authenticate {
            mechanism,
            initial_response,
        } => format!(
            "AUTHENTICATE {}{}",
            mechanism.as_str().to_ascii_uppercase(),
            if initial_response.is_some() {
                " with initial response"
            } else {
                ""
            }
        ),
        B::Append { message, .. } => format!("APPEND {} bytes", message.data().len()),
        _ => short.clone(),
    };
    (name, short)
}

/// Encodes a command and parses it again: `None` when it comes back the same.
pub(super) fn command_roundtrip(command: &Command<'_>) -> Option<String> {
    let wire = command.to_wire();
    match Command::parse(&wire) {
        Ok((back, rest)) if back == *command && rest.is_empty() => None,
        Ok(_) => Some("round trip: encoded, it parses back to another value".to_owned()),
        Err(error) => Some(format!("round trip: encoded, it does not parse: {error}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_may_be_shown() {
        assert_eq!(verb_of_line(b"a1 select"), "SELECT");
        assert_eq!(verb_of_line(b"a1 UID fetch 1 (FLAGS)\r\n"), "UID FETCH");
        assert_eq!(verb_of_line(b"a1 uid 1:2"), "UID");
        assert_eq!(verb_of_line(b"dGVzdAB0ZXN0AHRlc3Q=\r\n"), "command");
        assert_eq!(verb_of_line(b"a1 AbCd"), "command");
        assert_eq!(verb_of_line(b"a1 {5}"), "command");
        assert!(tag_may_be_shown(b"A7 XYZZY"));
        assert!(!tag_may_be_shown(b"AGZyZWQAc2VjcmV0"));
        let (command, _) = Command::parse(b"a UID STORE 1 +FLAGS (\\Seen)\r\n").unwrap();
        assert_eq!(
            command_name(&command),
            ("UID STORE".to_owned(), "UID STORE".to_owned())
        );
        let (command, _) = Command::parse(b"a authenticate plain =\r\n").unwrap();
        assert_eq!(
            command_name(&command).0,
            "AUTHENTICATE PLAIN with initial response"
        );
        assert_eq!(command_roundtrip(&command), None);
    }
}
