//! The decoded text of the pieces of an address: display names (RFC 5322 §3.2.5 `phrase`,
//! §4.1 `obs-phrase`), local parts (§3.4.1, §4.4 `obs-local-part`), domains (§4.4
//! `obs-domain`) and comments used as names.
//!
//! The parser only records spans of the raw value; the functions here turn a span into text,
//! borrowing when the raw bytes already are the text and rewriting them otherwise (removing
//! comments and folds, resolving quoted pairs, joining words with single spaces).

use std::borrow::Cow;

use crate::decode::rfc2047;
use crate::defect::Defect;
use crate::lex::{is_atext, is_fws};

/// Bytes as text: borrowed when valid UTF-8, otherwise decoded lossily (U+FFFD).
pub(super) fn utf8(bytes: Cow<'_, [u8]>) -> Cow<'_, str> {
    match bytes {
        // `from_utf8` has an ASCII fast path that `from_utf8_lossy` lacks.
        Cow::Borrowed(b) => match std::str::from_utf8(b) {
            Ok(s) => Cow::Borrowed(s),
            Err(_) => String::from_utf8_lossy(b),
        },
        Cow::Owned(v) => Cow::Owned(
            String::from_utf8(v)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
        ),
    }
}

/// Index just past the comment that opens at `s[i]` (a `(`), or `s.len()` if it never closes.
fn comment_end(s: &[u8], mut i: usize) -> usize {
    let mut depth = 0usize;
    while let Some(&b) = s.get(i) {
        i += 1;
        match b {
            b'\\' => i += 1,
            b'(' => depth += 1,
            b')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    s.len()
}

/// Appends the content of the quoted string that opens at `s[i]` (quoted pairs resolved, line
/// breaks of folds removed) and returns the index just past its closing quote.
fn quoted_content(s: &[u8], mut i: usize, out: &mut Vec<u8>) -> usize {
    i += 1;
    while let Some(&b) = s.get(i) {
        i += 1;
        match b {
            b'"' => return i,
            b'\\' => {
                if let Some(&q) = s.get(i) {
                    out.push(q);
                    i += 1;
                }
            }
            b'\r' | b'\n' => {}
            _ => out.push(b),
        }
    }
    i
}

/// Renders a display name from its raw span (RFC 5322 §3.2.5 `phrase`, leniently any bytes):
/// quoted strings contribute their content, white space and comments between words become
/// one space, everything else is kept. Words written without white space between them (`Q.`
/// in `Joe Q. Public`) stay together.
pub(super) fn render_phrase(s: &[u8], out: &mut Vec<u8>) {
    let mut gap = false;
    let mut i = 0;
    while let Some(&b) = s.get(i) {
        if is_fws(b) {
            gap = true;
            i += 1;
            continue;
        }
        if b == b'(' {
            gap = true;
            i = comment_end(s, i);
            continue;
        }
        if gap && !out.is_empty() {
            out.push(b' ');
        }
        gap = false;
        if b == b'"' {
            i = quoted_content(s, i, out);
        } else {
            out.push(b);
            i += 1;
        }
    }
}

/// Renders a local part from its raw span (`word *("." word)`, RFC 5322 §4.4): CFWS around the
/// dots is dropped, quoted strings contribute their content. Two words with white space and no
/// dot between them (not a valid local part) are joined with one space.
pub(super) fn render_local_part(s: &[u8], out: &mut Vec<u8>) {
    let mut gap = false;
    let mut after_dot = true;
    let mut i = 0;
    while let Some(&b) = s.get(i) {
        match b {
            b'(' => {
                gap = true;
                i = comment_end(s, i);
            }
            _ if is_fws(b) => {
                gap = true;
                i += 1;
            }
            b'.' => {
                out.push(b'.');
                after_dot = true;
                gap = false;
                i += 1;
            }
            _ => {
                if gap && !after_dot {
                    out.push(b' ');
                }
                gap = false;
                after_dot = false;
                if b == b'"' {
                    i = quoted_content(s, i, out);
                } else {
                    out.push(b);
                    i += 1;
                }
            }
        }
    }
}

/// Renders a dot-atom domain with CFWS inside (`obs-domain`, RFC 5322 §4.4) without it.
pub(super) fn render_domain(s: &[u8], out: &mut Vec<u8>) {
    let mut i = 0;
    while let Some(&b) = s.get(i) {
        if b == b'(' {
            i = comment_end(s, i);
        } else {
            if !is_fws(b) {
                out.push(b);
            }
            i += 1;
        }
    }
}

/// The text of a comment's raw content used as a display name: quoted pairs resolved, folds
/// removed, runs of white space made one space, trimmed. Borrowed when nothing changes.
pub(super) fn render_comment(content: &[u8]) -> Cow<'_, [u8]> {
    let needs_work = content.first().is_some_and(|&b| is_fws(b))
        || content.last().is_some_and(|&b| is_fws(b))
        || content.windows(2).any(|w| w == b"  ")
        || content
            .iter()
            .any(|&b| matches!(b, b'\\' | b'\t' | b'\r' | b'\n'));
    if !needs_work {
        return Cow::Borrowed(content);
    }
    let mut out = Vec::with_capacity(content.len());
    let mut gap = false;
    let mut i = 0;
    while let Some(&b) = content.get(i) {
        i += 1;
        if is_fws(b) {
            gap = true;
            continue;
        }
        if gap && !out.is_empty() {
            out.push(b' ');
        }
        gap = false;
        if b == b'\\' {
            if let Some(&q) = content.get(i) {
                out.push(q);
                i += 1;
            }
        } else {
            out.push(b);
        }
    }
    Cow::Owned(out)
}

/// Turns the rendered bytes of a display name into its text: RFC 2047 encoded words decoded
/// by [`rfc2047::decode_text`], which also makes the text valid UTF-8. `None` for an empty
/// name. Defects of the decoder are shifted by `offset` (where the name starts in the value).
pub(super) fn finish_name<'a>(
    bytes: Cow<'a, [u8]>,
    offset: usize,
    defects: &mut Vec<Defect>,
) -> Option<Cow<'a, str>> {
    if bytes.is_empty() {
        return None;
    }
    let first_new = defects.len();
    let text = match bytes {
        Cow::Borrowed(b) => rfc2047::decode_text(b, defects),
        Cow::Owned(v) => {
            let decoded = match rfc2047::decode_text(&v, defects) {
                Cow::Owned(s) => Some(s),
                Cow::Borrowed(_) => None,
            };
            // A borrowed result means `v` already was the (valid UTF-8) text: reuse it.
            Cow::Owned(decoded.unwrap_or_else(|| utf8(Cow::Owned(v)).into_owned()))
        }
    };
    for d in defects.iter_mut().skip(first_new) {
        d.offset += offset;
    }
    (!text.is_empty()).then_some(text)
}

/// `true` if `s` is an RFC 5322 §3.2.3 `dot-atom-text` (with RFC 6532 UTF-8).
pub(super) fn is_dot_atom(s: &str) -> bool {
    !s.is_empty()
        && s.split('.')
            .all(|atom| !atom.is_empty() && atom.bytes().all(is_atext))
}

/// Appends `s` as an RFC 5322 §3.2.4 quoted string (`"` and `\` escaped as quoted pairs).
pub(super) fn push_quoted(s: &str, out: &mut String) {
    out.push('"');
    for ch in s.chars() {
        if ch == '"' || ch == '\\' {
            out.push('\\');
        }
        out.push(ch);
    }
    out.push('"');
}

/// Length of the RFC 2047 encoded word at the start of `s` (`=?charset?encoding?text?=`), if
/// `s` starts with one. Used to keep an encoded word that (against RFC 2047 §5) contains a
/// special such as `,` or `.` in one token; white space and the characters that delimit
/// addresses (`<>@"()\`) still end it.
pub(super) fn encoded_word_len(s: &[u8]) -> Option<usize> {
    let body = s.strip_prefix(b"=?")?;
    let mut questions = 0;
    let mut i = 0;
    while let Some(&b) = body.get(i) {
        if is_fws(b) || b"<>@\"()\\".contains(&b) {
            return None;
        }
        if b == b'?' {
            questions += 1;
            if questions >= 3 && body.get(i + 1) == Some(&b'=') {
                return Some(i + 4);
            }
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phrase(s: &str) -> String {
        let mut out = Vec::new();
        render_phrase(s.as_bytes(), &mut out);
        String::from_utf8(out).unwrap()
    }

    fn local(s: &str) -> String {
        let mut out = Vec::new();
        render_local_part(s.as_bytes(), &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn phrases() {
        assert_eq!(phrase("Joe Q. Public"), "Joe Q. Public");
        assert_eq!(phrase("Mary\r\n  \r\n Smith"), "Mary Smith");
        assert_eq!(phrase("\"Giant; \\\"Big\\\" Box\""), "Giant; \"Big\" Box");
        assert_eq!(phrase("John (middle (nested)) Smith"), "John Smith");
        assert_eq!(phrase("\"a\"\"b\" c"), "ab c");
        assert_eq!(phrase("john@x.com"), "john@x.com");
    }

    #[test]
    fn local_parts() {
        assert_eq!(local("john . q (c) . public"), "john.q.public");
        assert_eq!(local("\"john smith\".x"), "john smith.x");
        assert_eq!(local("john smith"), "john smith");
    }

    #[test]
    fn comments() {
        assert!(matches!(
            render_comment(b"John Doe"),
            Cow::Borrowed(b"John Doe")
        ));
        assert_eq!(
            render_comment(b" John\r\n  \\) Doe ").as_ref(),
            b"John ) Doe"
        );
    }

    #[test]
    fn encoded_words() {
        assert_eq!(encoded_word_len(b"=?utf-8?q?Smith,_John?= x"), Some(23));
        assert_eq!(encoded_word_len(b"=?utf-8?q?a b?="), None);
        assert_eq!(encoded_word_len(b"=?x"), None);
    }

    #[test]
    fn dot_atoms() {
        assert!(is_dot_atom("john.q.public"));
        assert!(is_dot_atom("jöran"));
        assert!(!is_dot_atom("john..doe"));
        assert!(!is_dot_atom(".john"));
        assert!(!is_dot_atom("john smith"));
        assert!(!is_dot_atom(""));
    }
}
