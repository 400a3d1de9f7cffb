//! Writing `Content-Type` and `Content-Disposition` values with their parameters (RFC 2045
//! §5.1, RFC 2183 §2), using RFC 2231 — never RFC 2047, which RFC 2047 §5 forbids inside
//! parameters — for values that are not US-ASCII or do not fit on a line.
//!
//! A value is written, in order of preference, as
//! - a `token` (`charset=utf-8`),
//! - a quoted string (`filename="my file.pdf"`) when it is printable US-ASCII and fits,
//! - quoted RFC 2231 §3 continuations (`name*0="…"; name*1="…"`) for long US-ASCII values,
//! - RFC 2231 §4 extended values (`name*=utf-8''%E2%82%AC`), split into continuations
//!   (`name*0*=utf-8''…; name*1*=…`) when long, never splitting a UTF-8 character or a `%XX`.
//!
//! Each parameter is a unit of the field writer, so lines fold between parameters and stay
//! within 78 octets; the one exception is a long `boundary`, which is never split because many
//! readers would not join its continuations (RFC 2046 limits it to 70 characters, so its line
//! stays far below 998 octets).

use super::error::{BuildError, Component};
use super::fold::{FieldWriter, SOFT_LIMIT, check_injection};
use super::transfer::escape;

/// RFC 2045 §5.1 `token` character: printable US-ASCII except `tspecials`.
pub(crate) fn is_token_char(b: u8) -> bool {
    b.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?=".contains(&b)
}

/// RFC 2231 §7 `attribute-char`: a token character except `*`, `'` and `%`.
fn is_attribute_char(b: u8) -> bool {
    is_token_char(b) && !matches!(b, b'*' | b'\'' | b'%')
}

/// Validates a `token` (media type, subtype, disposition type).
///
/// # Errors
/// [`BuildError::InvalidCharacter`] for CR, LF or NUL, [`BuildError::InvalidToken`] for any
/// other character outside `token`.
pub(crate) fn check_token(field: &str, what: Component, value: &str) -> Result<(), BuildError> {
    check_injection(field, what, value)?;
    if value.is_empty() || !value.bytes().all(is_token_char) {
        return Err(BuildError::InvalidToken {
            field: field.to_owned(),
            what,
            value: value.to_owned(),
        });
    }
    Ok(())
}

/// One parameter ready to write: its name and value, and whether it may be split.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Param<'p> {
    pub(crate) name: &'p str,
    pub(crate) value: &'p str,
    /// `false` for `boundary`, which is always written in one piece.
    pub(crate) splittable: bool,
}

/// Writes `first` (e.g. `text/plain`, already validated) and the parameters, each after `;`
/// and folding white space.
///
/// # Errors
/// [`BuildError::InvalidCharacter`] for CR, LF or NUL in a name or value,
/// [`BuildError::InvalidToken`] for a parameter name that is not an RFC 2231 `attribute`.
pub(crate) fn write_value_with_parameters(
    w: &mut FieldWriter<'_>,
    field: &str,
    first: &str,
    params: &[Param<'_>],
) -> Result<(), BuildError> {
    for p in params {
        check_injection(field, Component::ParameterName, p.name)?;
        check_injection(field, Component::ParameterValue, p.value)?;
        if p.name.is_empty() || !p.name.bytes().all(is_attribute_char) {
            return Err(BuildError::InvalidToken {
                field: field.to_owned(),
                what: Component::ParameterName,
                value: p.name.to_owned(),
            });
        }
    }
    let semi = if params.is_empty() { "" } else { ";" };
    w.unit(b" ", format!("{first}{semi}").as_bytes(), false);
    let last = params.len().saturating_sub(1);
    for (i, p) in params.iter().enumerate() {
        write_parameter(w, p, if i == last { "" } else { ";" });
    }
    Ok(())
}

/// The quoted-string form of an ASCII value (RFC 2045 §5.1 via RFC 822 quoted-string).
fn quote(value: &str) -> String {
    let mut q = String::with_capacity(value.len() + 2);
    q.push('"');
    for c in value.chars() {
        if c == '"' || c == '\\' {
            q.push('\\');
        }
        q.push(c);
    }
    q.push('"');
    q
}

/// The longest line a parameter unit may take, counting the space before it.
const UNIT_LIMIT: usize = SOFT_LIMIT - 1;

fn write_parameter(w: &mut FieldWriter<'_>, p: &Param<'_>, suffix: &str) {
    let name = p.name;
    let value = p.value;
    if !value.is_empty() && value.bytes().all(is_token_char) {
        let unit = format!("{name}={value}{suffix}");
        if !p.splittable || unit.len() <= UNIT_LIMIT {
            w.unit(b" ", unit.as_bytes(), false);
            return;
        }
    }
    // Printable US-ASCII (and tab, as white space inside the quotes). A value holding `=?` is
    // percent-encoded instead: readers that wrongly decode RFC 2047 in parameters (many do,
    // because many writers wrongly use it) would otherwise change it.
    let quotable = value
        .bytes()
        .all(|b| b.is_ascii_graphic() || b == b' ' || b == b'\t')
        && !value.contains("=?");
    if quotable {
        let unit = format!("{name}={}{suffix}", quote(value));
        if !p.splittable || unit.len() <= UNIT_LIMIT {
            w.unit(b" ", unit.as_bytes(), false);
        } else {
            write_quoted_continuations(w, name, value, suffix);
        }
        return;
    }
    write_extended(w, name, value, suffix);
}

/// RFC 2231 §3: `name*0="…"; name*1="…"` for a long printable US-ASCII value.
fn write_quoted_continuations(w: &mut FieldWriter<'_>, name: &str, value: &str, suffix: &str) {
    let mut rest = value;
    let mut section = 0usize;
    while !rest.is_empty() {
        let head = format!("{name}*{section}=\"");
        // Room for the value: the unit limit less the head, the closing quote and ";".
        let room = UNIT_LIMIT.saturating_sub(head.len() + 2).max(8);
        let mut used = 0;
        let mut n = 0;
        for b in rest.bytes() {
            let len = if b == b'"' || b == b'\\' { 2 } else { 1 };
            if used + len > room {
                break;
            }
            used += len;
            n += 1;
        }
        let (chunk, tail) = rest.split_at(n.max(1).min(rest.len()));
        let end = if tail.is_empty() { suffix } else { ";" };
        let q = quote(chunk);
        w.unit(b" ", format!("{name}*{section}={q}{end}").as_bytes(), false);
        rest = tail;
        section += 1;
    }
}

/// The RFC 2231 §4 percent-encoded form of one character.
fn push_extended_char(c: char, out: &mut String) {
    let mut buf = [0u8; 4];
    for b in c.encode_utf8(&mut buf).bytes() {
        if is_attribute_char(b) {
            out.push(char::from(b));
        } else {
            out.extend(escape(b'%', b).map(char::from));
        }
    }
}

/// RFC 2231 §4 (and §4.1 for continuations): `name*=utf-8''%XX…`, or
/// `name*0*=utf-8''…; name*1*=…` when that does not fit on a line.
fn write_extended(w: &mut FieldWriter<'_>, name: &str, value: &str, suffix: &str) {
    let mut whole = format!("{name}*=utf-8''");
    for c in value.chars() {
        push_extended_char(c, &mut whole);
    }
    whole.push_str(suffix);
    if whole.len() <= UNIT_LIMIT {
        w.unit(b" ", whole.as_bytes(), false);
        return;
    }
    let mut chars = value.chars().peekable();
    let mut section = 0usize;
    let mut piece = String::new();
    while chars.peek().is_some() {
        let head = if section == 0 {
            format!("{name}*0*=utf-8''")
        } else {
            format!("{name}*{section}*=")
        };
        // Room for the value: the unit limit less the head and ";"; at least one character
        // (12 octets) so that even an absurdly long name makes progress.
        let room = UNIT_LIMIT.saturating_sub(head.len() + 1).max(12);
        piece.clear();
        while let Some(&c) = chars.peek() {
            let before = piece.len();
            push_extended_char(c, &mut piece);
            if piece.len() > room && before > 0 {
                piece.truncate(before);
                break;
            }
            chars.next();
        }
        let end = if chars.peek().is_none() { suffix } else { ";" };
        w.unit(b" ", format!("{head}{piece}{end}").as_bytes(), false);
        section += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ct(first: &str, params: &[(&str, &str)]) -> String {
        let params: Vec<Param<'_>> = params
            .iter()
            .map(|&(name, value)| Param {
                name,
                value,
                splittable: name != "boundary",
            })
            .collect();
        let mut out = Vec::new();
        let mut w = FieldWriter::new(&mut out, "Content-Type");
        write_value_with_parameters(&mut w, "Content-Type", first, &params).unwrap();
        w.finish();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn token_quoted_and_extended() {
        assert_eq!(
            ct("text/plain", &[("charset", "utf-8")]),
            "Content-Type: text/plain; charset=utf-8\r\n"
        );
        assert_eq!(
            ct("application/pdf", &[("name", "my \"file\".pdf")]),
            "Content-Type: application/pdf; name=\"my \\\"file\\\".pdf\"\r\n"
        );
        assert_eq!(
            ct("application/pdf", &[("name", "€.pdf")]),
            "Content-Type: application/pdf; name*=utf-8''%E2%82%AC.pdf\r\n"
        );
        assert_eq!(
            ct("application/pdf", &[("name", "=?x?q?y?=")]),
            "Content-Type: application/pdf; name*=utf-8''%3D%3Fx%3Fq%3Fy%3F%3D\r\n"
        );
        assert_eq!(
            ct("multipart/mixed", &[("boundary", "=_b1_")]),
            "Content-Type: multipart/mixed; boundary=\"=_b1_\"\r\n"
        );
    }

    #[test]
    fn long_values_continue() {
        let long = "a".repeat(100);
        let s = ct("application/octet-stream", &[("name", &long)]);
        assert!(s.contains("name*0=\"") && s.contains("name*1=\""), "{s}");
        assert!(s.split("\r\n").all(|l| l.len() <= 78), "{s}");
        let long = "ü".repeat(40);
        let s = ct("application/octet-stream", &[("name", &long)]);
        assert!(
            s.contains("name*0*=utf-8''%C3%BC") && s.contains("name*1*=%C3%BC"),
            "{s}"
        );
        for line in s.split("\r\n") {
            assert!(line.len() <= 78, "{s}");
        }
    }

    #[test]
    fn bad_names_and_injection() {
        let mut out = Vec::new();
        let mut w = FieldWriter::new(&mut out, "Content-Type");
        let p = |name, value| Param {
            name,
            value,
            splittable: true,
        };
        assert!(matches!(
            write_value_with_parameters(&mut w, "Content-Type", "a/b", &[p("na me", "x")]),
            Err(BuildError::InvalidToken {
                what: Component::ParameterName,
                ..
            })
        ));
        assert!(matches!(
            write_value_with_parameters(&mut w, "Content-Type", "a/b", &[p("name*", "x")]),
            Err(BuildError::InvalidToken { .. })
        ));
        assert!(matches!(
            write_value_with_parameters(&mut w, "Content-Type", "a/b", &[p("name", "x\ry")]),
            Err(BuildError::InvalidCharacter {
                what: Component::ParameterValue,
                position: 1,
                ..
            })
        ));
    }
}
