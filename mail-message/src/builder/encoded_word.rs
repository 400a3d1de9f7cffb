//! RFC 2047 encoded words, encoding side, and the two places they are written: unstructured
//! text (RFC 2047 §5(1): `Subject`, `Comments`, extension fields) and phrases (§5(3): display
//! names).
//!
//! Every encoded word is `=?utf-8?q?…?=` or `=?utf-8?b?…?=`, whichever is shorter for the text
//! at hand, at most 75 characters long (§2), and never splits a UTF-8 character across two
//! words (§5: "each 'encoded-word' MUST represent an integral number of characters"). Adjacent
//! encoded words are separated by folding white space, which decoders drop (§6.2), so white
//! space *inside* an encoded run is encoded too and survives the round trip.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::fold::{ENCODED_LIMIT, FieldWriter, HARD_LIMIT};
use super::transfer::escape;

/// The longest encoded word RFC 2047 §2 allows.
pub(crate) const MAX_ENCODED_WORD: usize = 75;
/// `=?utf-8?q?` plus `?=`.
const OVERHEAD: usize = 12;
/// Below this many octets of room a partial encoded word is not started on the current line.
const MIN_PARTIAL: usize = OVERHEAD + 12;

/// Where an encoded word is written, which decides the characters Q may leave unencoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Context {
    /// Unstructured text (RFC 2047 §5(1)).
    Text,
    /// A phrase (RFC 2047 §5(3)): only letters, digits and `!*+-/` stay literal.
    Phrase,
}

/// The two encodings of RFC 2047 §4.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Q,
    B,
}

fn q_literal(b: u8, context: Context) -> bool {
    match context {
        Context::Text => b.is_ascii_graphic() && !matches!(b, b'=' | b'?' | b'_'),
        Context::Phrase => {
            b.is_ascii_alphanumeric() || matches!(b, b'!' | b'*' | b'+' | b'-' | b'/')
        }
    }
}

fn q_len(b: u8, context: Context) -> usize {
    if b == b' ' || q_literal(b, context) {
        1
    } else {
        3
    }
}

fn b_len(octets: usize) -> usize {
    octets.div_ceil(3) * 4
}

/// The number of leading octets of `text` (whole characters only) whose encoding fits in
/// `capacity` characters.
fn fitting_prefix(text: &str, capacity: usize, encoding: Encoding, context: Context) -> usize {
    let mut used = 0;
    let mut octets = 0;
    for c in text.chars() {
        let n = c.len_utf8();
        let next = match encoding {
            Encoding::Q => {
                let mut buf = [0u8; 4];
                used + c
                    .encode_utf8(&mut buf)
                    .bytes()
                    .map(|b| q_len(b, context))
                    .sum::<usize>()
            }
            Encoding::B => b_len(octets + n),
        };
        if next > capacity {
            break;
        }
        used = next;
        octets += n;
    }
    octets
}

/// Appends one encoded word for `text`.
fn encode_word(text: &str, encoding: Encoding, context: Context, out: &mut Vec<u8>) {
    match encoding {
        Encoding::Q => {
            out.extend_from_slice(b"=?utf-8?q?");
            for b in text.bytes() {
                if b == b' ' {
                    out.push(b'_');
                } else if q_literal(b, context) {
                    out.push(b);
                } else {
                    out.extend_from_slice(&escape(b'=', b));
                }
            }
        }
        Encoding::B => {
            out.extend_from_slice(b"=?utf-8?b?");
            let start = out.len();
            out.resize(start + b_len(text.len()), 0);
            if let Some(dst) = out.get_mut(start..) {
                let _ = STANDARD.encode_slice(text.as_bytes(), dst);
            }
        }
    }
    out.extend_from_slice(b"?=");
}

/// Writes `text` as a run of encoded words, the first preceded by `sep`, the others by one
/// space (folding white space that decoders drop). Words fill the current line first, then
/// take 75 characters each on continuation lines.
pub(crate) fn write_encoded(w: &mut FieldWriter<'_>, sep: &[u8], text: &str, context: Context) {
    let q_total: usize = text.bytes().map(|b| q_len(b, context)).sum();
    let encoding = if q_total <= b_len(text.len()) {
        Encoding::Q
    } else {
        Encoding::B
    };
    let mut rest = text;
    let mut sep = sep;
    let mut word = Vec::with_capacity(MAX_ENCODED_WORD);
    while !rest.is_empty() {
        let room = w.room(sep.len(), true).min(MAX_ENCODED_WORD);
        let mut n = fitting_prefix(rest, room.saturating_sub(OVERHEAD), encoding, context);
        if n == 0 || (n < rest.len() && room < MIN_PARTIAL) {
            // Even right after the colon (a long field name): `Name:` CRLF SP word is valid.
            w.fold();
            let room = (ENCODED_LIMIT - sep.len()).min(MAX_ENCODED_WORD);
            n = fitting_prefix(rest, room - OVERHEAD, encoding, context);
            if n == 0 {
                // Unreachable with 63 characters of room, but never loop forever.
                n = rest.chars().next().map_or(rest.len(), char::len_utf8);
            }
        }
        let (head, tail) = rest.split_at(n);
        word.clear();
        encode_word(head, encoding, context, &mut word);
        w.put(sep, &word, true);
        rest = tail;
        sep = b" ";
    }
}

/// `true` for RFC 5234 `WSP`.
fn is_wsp(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// The text cut into words, each with the white space before it (empty for the first).
fn tokens(text: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let word_start = rest.find(|c| !is_wsp(c)).unwrap_or(rest.len());
        let (sep, after) = rest.split_at(word_start);
        let word_end = after.find(is_wsp).unwrap_or(after.len());
        let (word, tail) = after.split_at(word_end);
        out.push((sep, word));
        rest = tail;
    }
    out
}

/// Writes the words of `tokens` marked in `encode` as encoded runs (consecutive marked words
/// merged into one run, the white space between them encoded with them) and the others as
/// they are. `first_sep` precedes the first unit; `suffix` follows the last one.
fn write_words(
    w: &mut FieldWriter<'_>,
    first_sep: &str,
    text: &str,
    tokens: &[(&str, &str)],
    encode: &[bool],
    context: Context,
    suffix: &str,
) {
    let base = text.as_ptr() as usize;
    let offset = |s: &str| s.as_ptr() as usize - base;
    let mut i = 0;
    while let Some(&(sep, word)) = tokens.get(i) {
        let sep = if i == 0 { first_sep } else { sep };
        let last_of_run = if encode.get(i).copied().unwrap_or(false) {
            let mut j = i;
            while encode.get(j + 1).copied().unwrap_or(false) {
                j += 1;
            }
            j
        } else {
            i
        };
        let is_last = last_of_run + 1 == tokens.len();
        if encode.get(i).copied().unwrap_or(false) {
            let end = tokens
                .get(last_of_run)
                .map_or(text.len(), |(_, wd)| offset(wd) + wd.len());
            let run = text.get(offset(word)..end).unwrap_or(word);
            write_encoded(w, sep.as_bytes(), run, context);
            if is_last && !suffix.is_empty() {
                // RFC 2047 §5(3): an encoded word is separated from a special by white space.
                w.unit(b" ", suffix.as_bytes(), false);
            }
        } else if is_last && !suffix.is_empty() {
            let unit = format!("{word}{suffix}");
            w.unit(sep.as_bytes(), unit.as_bytes(), false);
        } else {
            w.unit(sep.as_bytes(), word.as_bytes(), false);
        }
        i = last_of_run + 1;
    }
}

/// Does a plain word need encoding in unstructured text? Non-ASCII, control characters, and
/// anything a decoder could take for an encoded word; also a word too long for any line.
fn needs_encoding(word: &str, sep_len: usize) -> bool {
    !word.is_ascii()
        || word.bytes().any(|b| b.is_ascii_control())
        || word.contains("=?")
        || sep_len.max(1) + word.len() > HARD_LIMIT
}

/// White space runs longer than this are encoded (with the words around them) rather than
/// written, so that they never make a line too long.
const MAX_PLAIN_SEPARATOR: usize = 32;

/// Writes an unstructured value (RFC 5322 §3.2.5) with RFC 2047 §5(1) encoded words where
/// needed. White space at both ends is not written (unfolding trims it anyway); white space
/// inside is kept exactly.
pub(crate) fn write_unstructured(w: &mut FieldWriter<'_>, text: &str) {
    let text = text.trim_matches(is_wsp);
    let tokens = tokens(text);
    let mut encode: Vec<bool> = tokens
        .iter()
        .map(|(sep, word)| needs_encoding(word, sep.len()))
        .collect();
    for (i, (sep, _)) in tokens.iter().enumerate() {
        if sep.len() > MAX_PLAIN_SEPARATOR {
            for j in [i.wrapping_sub(1), i] {
                if let Some(e) = encode.get_mut(j) {
                    *e = true;
                }
            }
        }
    }
    write_words(w, " ", text, &tokens, &encode, Context::Text, "");
}

/// RFC 5322 §3.2.3 `atext` in its US-ASCII form.
pub(crate) fn is_atext(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~".contains(&b)
}

/// Writes a phrase (a display name, RFC 5322 §3.2.5) followed by `suffix` (`:` for a group,
/// nothing for a mailbox), preceded by `sep`.
///
/// - US-ASCII names of atoms separated by single spaces are written as they are;
/// - other printable US-ASCII names become one quoted string (RFC 5322 §3.2.4, `"` and `\`
///   escaped), which may fold at its single spaces;
/// - names with non-ASCII or control characters keep their plain atoms and encode the rest
///   as RFC 2047 §5(3) encoded words.
///
/// White space at both ends of the name is not written.
pub(crate) fn write_phrase(w: &mut FieldWriter<'_>, sep: &str, name: &str, suffix: &str) {
    let name = name.trim_matches(is_wsp);
    let printable = name
        .bytes()
        .all(|b| b.is_ascii_graphic() || b == b' ' || b == b'\t')
        && !name.contains("=?");
    if printable {
        let atoms = name
            .split(' ')
            .all(|a| !a.is_empty() && a.bytes().all(is_atext));
        if atoms {
            let tokens = tokens(name);
            let plain = vec![false; tokens.len()];
            write_words(w, sep, name, &tokens, &plain, Context::Phrase, suffix);
        } else {
            write_quoted(w, sep, name, suffix);
        }
        return;
    }
    let tokens = tokens(name);
    let single = |s: Option<&(&str, &str)>| s.is_none_or(|(sep, _)| *sep == " " || sep.is_empty());
    let encode: Vec<bool> = tokens
        .iter()
        .enumerate()
        .map(|(i, (_, word))| {
            !(word.bytes().all(is_atext)
                && !word.contains("=?")
                && single(tokens.get(i))
                && single(tokens.get(i + 1)))
        })
        .collect();
    write_words(w, sep, name, &tokens, &encode, Context::Phrase, suffix);
}

/// Writes `text` as a quoted string (RFC 5322 §3.2.4) followed by `suffix`, with a fold
/// opportunity before each run of white space inside it (folding white space inside a quoted
/// string is semantically invisible once unfolded, RFC 5322 §3.2.4).
pub(crate) fn write_quoted(w: &mut FieldWriter<'_>, sep: &str, text: &str, suffix: &str) {
    let mut quoted = String::with_capacity(text.len() + 2 + suffix.len());
    quoted.push('"');
    for c in text.chars() {
        if c == '"' || c == '\\' {
            quoted.push('\\');
        }
        quoted.push(c);
    }
    quoted.push('"');
    quoted.push_str(suffix);
    // The opening quote is never followed by a fold: a leading white space run stays with it.
    let first_end = quoted
        .get(1..)
        .and_then(|rest| rest.find(|c: char| !is_wsp(c)))
        .map_or(quoted.len(), |i| i + 1);
    let (first, rest) = quoted.split_at(first_end);
    let mut toks = tokens(rest);
    match toks.first_mut() {
        Some(("", word)) => {
            let unit = format!("{first}{word}");
            w.unit(sep.as_bytes(), unit.as_bytes(), false);
            toks.remove(0);
        }
        _ => w.unit(sep.as_bytes(), first.as_bytes(), false),
    }
    for (s, word) in toks {
        w.unit(s.as_bytes(), word.as_bytes(), false);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str, f: impl FnOnce(&mut FieldWriter<'_>)) -> String {
        let mut out = Vec::new();
        let mut w = FieldWriter::new(&mut out, name);
        f(&mut w);
        w.finish();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn q_and_b_words() {
        let mut out = Vec::new();
        encode_word("Café au lait", Encoding::Q, Context::Text, &mut out);
        assert_eq!(out, b"=?utf-8?q?Caf=C3=A9_au_lait?=");
        out.clear();
        encode_word("a(b)", Encoding::Q, Context::Phrase, &mut out);
        assert_eq!(out, b"=?utf-8?q?a=28b=29?=");
        out.clear();
        encode_word("日本", Encoding::B, Context::Text, &mut out);
        assert_eq!(out, b"=?utf-8?b?5pel5pys?=");
    }

    #[test]
    fn unstructured_plain_and_encoded() {
        assert_eq!(
            field("Subject", |w| write_unstructured(w, "Hello  world")),
            "Subject: Hello  world\r\n"
        );
        assert_eq!(
            field("Subject", |w| write_unstructured(w, "Grüße aus Köln")),
            "Subject: =?utf-8?b?R3LDvMOfZQ==?= aus =?utf-8?b?S8O2bG4=?=\r\n"
        );
        // Q when it is shorter than B.
        assert_eq!(
            field("Subject", |w| write_unstructured(
                w,
                "Überweisungsbestätigung"
            )),
            "Subject: =?utf-8?q?=C3=9Cberweisungsbest=C3=A4tigung?=\r\n"
        );
        // Adjacent words needing encoding form one run: the space is encoded inside it.
        assert_eq!(
            field("Subject", |w| write_unstructured(w, "Ärger über")),
            "Subject: =?utf-8?b?w4RyZ2VyIMO8YmVy?=\r\n"
        );
        assert_eq!(
            field("Subject", |w| write_unstructured(
                w,
                "Überweisung über München"
            )),
            "Subject: =?utf-8?b?w5xiZXJ3ZWlzdW5nIMO8YmVyIE3DvG5jaGVu?=\r\n"
        );
        // Something that looks like an encoded word is encoded.
        assert_eq!(
            field("Subject", |w| write_unstructured(w, "=?x?q?y?=")),
            "Subject: =?utf-8?b?PT94P3E/eT89?=\r\n"
        );
    }

    #[test]
    fn encoded_words_respect_limits_and_characters() {
        let text = "€".repeat(60);
        let s = field("Subject", |w| write_unstructured(w, &text));
        for line in s.split("\r\n") {
            assert!(line.len() <= 76, "{line}");
            for word in line.split(' ').filter(|w| w.starts_with("=?")) {
                assert!(word.len() <= 75);
                // B words of whole characters: a multiple of 3 octets for '€'.
                let payload = word.trim_start_matches("=?utf-8?b?").trim_end_matches("?=");
                let decoded = STANDARD.decode(payload).unwrap();
                assert!(std::str::from_utf8(&decoded).is_ok());
            }
        }
    }

    #[test]
    fn phrases() {
        assert_eq!(
            field("From", |w| write_phrase(w, " ", "John Q Public", "")),
            "From: John Q Public\r\n"
        );
        assert_eq!(
            field("From", |w| write_phrase(w, " ", "Public, John \"Q\"", "")),
            "From: \"Public, John \\\"Q\\\"\"\r\n"
        );
        assert_eq!(
            field("To", |w| write_phrase(w, " ", "Müller, Hans", ":")),
            "To: =?utf-8?b?TcO8bGxlciw=?= Hans:\r\n"
        );
        assert_eq!(
            field("To", |w| write_phrase(w, " ", "Hans Müllerstraße", ":")),
            "To: Hans =?utf-8?b?TcO8bGxlcnN0cmHDn2U=?= :\r\n"
        );
        assert_eq!(
            field("To", |w| write_phrase(
                w,
                " ",
                "Eva Ünterberger-Schmidt",
                ""
            )),
            "To: Eva =?utf-8?q?=C3=9Cnterberger-Schmidt?=\r\n"
        );
    }
}
