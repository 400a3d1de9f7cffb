//! Names of messages, and the round trip (`--roundtrip`): encode, parse again, compare values.

use smtp_proto::command::{Command, ParseOptions};
use smtp_proto::reply::{EhloError, EhloReply, Parsed, Reply, ReplyOptions};

/// The problem of a line that ends in a bare LF.
pub(super) const BARE_LF: &str = "line ends in a bare LF (RFC 5321 §2.3.8: CRLF)";

/// How replies are read: the defaults (bare LF accepted, so that it can be reported on its
/// own), text that is not UTF-8 refused.
pub(super) const REPLY_OPTIONS: ReplyOptions = ReplyOptions::DEFAULT.with_reject_invalid_utf8(true);

/// A verb safe to print: 1 to 16 letters or hyphens, all of one case — not a line of
/// base64 (which could be a credential sent while the server was not asking for one).
fn printable_verb(word: &str) -> bool {
    let letters = |f: fn(&u8) -> bool| word.bytes().all(|b| b == b'-' || f(&b));
    (1..=16).contains(&word.len())
        && word.bytes().any(|b| b.is_ascii_alphabetic())
        && (letters(u8::is_ascii_uppercase) || letters(u8::is_ascii_lowercase))
}

/// The name of a line that did not parse: its first word if safe to show, else `command`.
pub(super) fn verb_name(line: &[u8]) -> String {
    let word = line.split(|&b| b == b' ').next().unwrap_or_default();
    match std::str::from_utf8(word) {
        Ok(w) if printable_verb(w) => w.to_owned(),
        _ => "command".to_owned(),
    }
}

/// The name printed for a command, and the shorter name its reply is printed with.
pub(super) fn command_name(command: &Command<'_>) -> (String, String) {
    match command {
        Command::Bdat { size, last } => (
            format!("BDAT {size}{}", if *last { " LAST" } else { "" }),
            "BDAT".to_owned(),
        ),
        Command::Auth {
            mechanism,
            initial_response,
        } => (
            format!(
                "AUTH {mechanism}{}",
                if initial_response.is_some() {
                    " with initial response"
                } else {
                    ""
                }
            ),
            "AUTH".to_owned(),
        ),
        _ => match command.verb() {
            Some(verb) => (verb.as_str().to_owned(), verb.as_str().to_owned()),
            None => {
                let verb = match command {
                    Command::Unknown { verb, .. } if printable_verb(verb) => verb.to_string(),
                    _ => "command".to_owned(),
                };
                (format!("{verb} (unknown command)"), verb)
            }
        },
    }
}

/// Encodes a command and parses it again: `None` when it comes back the same.
pub(super) fn command_roundtrip(command: &Command<'_>, options: &ParseOptions) -> Option<String> {
    let mut out = Vec::new();
    if let Err(error) = command.encode(&mut out) {
        return Some(format!("round trip: does not encode: {error}"));
    }
    let line = out.strip_suffix(b"\r\n").unwrap_or(&out);
    match Command::parse(line, options) {
        Ok(back) if back == *command => None,
        Ok(_) => Some("round trip: encoded, it parses back to another value".to_owned()),
        Err(error) => Some(format!("round trip: encoded, it does not parse: {error}")),
    }
}

/// Encodes a reply and parses it again: `None` when it comes back the same.
pub(super) fn reply_roundtrip(reply: &Reply<'_>) -> Option<String> {
    let mut out = Vec::new();
    if let Err(error) = reply.encode(&mut out) {
        return Some(format!("round trip: does not encode: {error}"));
    }
    match Reply::parse_with(&out, &REPLY_OPTIONS) {
        Ok(Parsed::Complete { value, consumed }) if consumed == out.len() && value == *reply => {
            None
        }
        Ok(_) => Some("round trip: encoded, it parses back to another value".to_owned()),
        Err(error) => Some(format!("round trip: encoded, it does not parse: {error}")),
    }
}

/// Encodes an EHLO reply and parses it again: `None` when it comes back the same.
pub(super) fn ehlo_roundtrip(ehlo: &EhloReply<'_>) -> Option<String> {
    let out = match ehlo.to_bytes() {
        Ok(out) => out,
        Err(error) => return Some(format!("round trip: EHLO reply does not encode: {error}")),
    };
    match EhloReply::parse_with(&out, &REPLY_OPTIONS) {
        Ok(Parsed::Complete { value, consumed }) if consumed == out.len() && value == *ehlo => None,
        Ok(_) | Err(EhloError::NotAccepted { .. }) => {
            Some("round trip: encoded, the EHLO reply parses back to another value".to_owned())
        }
        Err(error) => Some(format!(
            "round trip: encoded, the EHLO reply does not parse: {error}"
        )),
    }
}

/// Whether bytes hold an LF not preceded by CR.
pub(super) fn has_bare_lf(bytes: &[u8]) -> bool {
    let mut prev = 0;
    bytes.iter().any(|&b| {
        let bare = b == b'\n' && prev != b'\r';
        prev = b;
        bare
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_that_may_be_shown() {
        assert_eq!(verb_name(b"XCLIENT NAME=x"), "XCLIENT");
        assert_eq!(verb_name(b"ehlo"), "ehlo");
        assert_eq!(verb_name(b"dGVzdAB0ZXN0ADEyMzQ"), "command");
        assert_eq!(verb_name(b"AbCd"), "command");
        assert_eq!(verb_name(b""), "command");
        assert!(has_bare_lf(b"a\nb"));
        assert!(!has_bare_lf(b"a\r\nb\r\n"));
    }
}
