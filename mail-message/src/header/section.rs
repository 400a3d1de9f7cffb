//! Cutting a header section into fields (RFC 5322 §2.2, §3.5; RFC 2046 §5.1 for the header
//! sections of body parts).

use memchr::memchr;

use crate::defect::{Defect, DefectKind, push};
use crate::lex::is_wsp;

/// The longest line RFC 5322 §2.1.1 allows: 998 octets plus CRLF.
const MAX_LINE: usize = 998 + 2;

/// Where one header field lies in the message (absolute offsets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FieldSpan {
    /// First byte of the field name.
    pub(crate) start: usize,
    /// End of the field name (white space before the colon excluded).
    pub(crate) name_end: usize,
    /// First byte after the colon.
    pub(crate) value_start: usize,
    /// End of the value (the final line break excluded).
    pub(crate) value_end: usize,
    /// End of the field (the final line break included).
    pub(crate) end: usize,
}

/// How a header section ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SectionEnd {
    /// Offset where the body starts: after the blank line, or at the first line that is not a
    /// field (a defect), or at the end of the input.
    pub(crate) body_start: usize,
    /// `true` if the section ended with the blank line of RFC 5322 §3.5.
    pub(crate) has_separator: bool,
}

/// Where the next line starts: after the LF that ends the line starting at `pos`, or `end`.
#[inline]
fn line_end(data: &[u8], pos: usize, end: usize) -> usize {
    match data.get(pos..end).and_then(|s| memchr(b'\n', s)) {
        Some(i) => pos + i + 1,
        None => end,
    }
}

/// The length of a field name: everything up to the colon, which must be printable US-ASCII
/// (RFC 5322 §3.6.8) with optional white space before the colon (§4.5, obsolete).
/// Returns `(name_len, colon_index, whitespace_before_colon)`.
fn field_name(line: &[u8]) -> Option<(usize, usize, bool)> {
    let colon = memchr(b':', line)?;
    let before = line.get(..colon)?;
    let name_len = before
        .iter()
        .rposition(|&b| !is_wsp(b))
        .map_or(0, |i| i + 1);
    let name = before.get(..name_len)?;
    if name.is_empty() || !name.iter().all(|&b| (33..=126).contains(&b)) {
        return None;
    }
    Some((name_len, colon, name_len != colon))
}

/// Parses the header section that starts at `start`, appending one [`FieldSpan`] per field to
/// `fields` and what was wrong to `defects`. Never reads at or past `end`.
///
/// `top_level` allows an mbox `From ` line before the first field. `is_delimiter` is asked
/// about every line starting with `--` (without its line break): when it says yes, the header
/// section (and the body) end before that line, which belongs to an enclosing multipart.
pub(crate) fn parse_section(
    data: &[u8],
    start: usize,
    end: usize,
    top_level: bool,
    fields: &mut Vec<FieldSpan>,
    defects: &mut Vec<Defect>,
    is_delimiter: &dyn Fn(&[u8]) -> bool,
) -> SectionEnd {
    let end = end.min(data.len());
    let mut pos = start;
    let mut first_line = true;
    let mut seen_field = false;
    let mut in_orphan_run = false;
    while pos < end {
        let next = line_end(data, pos, end);
        let line = data.get(pos..next).unwrap_or_default();
        if next - pos > MAX_LINE {
            push(defects, DefectKind::HeaderLineTooLong, pos);
        }
        match line {
            b"\n" | b"\r\n" | b"\r" => {
                return SectionEnd {
                    body_start: next,
                    has_separator: true,
                };
            }
            // A continuation line with no field to continue (fields consume their own): the
            // first of a run is reported, the run skipped.
            [b, ..] if is_wsp(*b) && !seen_field => {
                if !in_orphan_run {
                    push(defects, DefectKind::FirstHeaderLineIsContinuation, pos);
                }
                in_orphan_run = true;
                first_line = false;
                pos = next;
                continue;
            }
            _ => {}
        }
        if line.starts_with(b"--") && is_delimiter(trim_line_break(line)) {
            push(defects, DefectKind::MissingHeaderBodySeparator, pos);
            return SectionEnd {
                body_start: pos,
                has_separator: false,
            };
        }
        in_orphan_run = false;
        // An mbox separator (`From sender date`), but not a `From :` field with obsolete
        // white space before its colon.
        if first_line && top_level && line.starts_with(b"From ") && field_name(line).is_none() {
            push(defects, DefectKind::MboxFromLine, pos);
            first_line = false;
            pos = next;
            continue;
        }
        first_line = false;
        let Some((name_len, colon, ws_before_colon)) = field_name(line) else {
            push(defects, DefectKind::MissingHeaderBodySeparator, pos);
            return SectionEnd {
                body_start: pos,
                has_separator: false,
            };
        };
        if ws_before_colon {
            push(defects, DefectKind::WhitespaceBeforeColon, pos);
        }
        // Continuation lines: every following line that starts with white space.
        let mut field_end = next;
        while field_end < end && data.get(field_end).is_some_and(|&b| is_wsp(b)) {
            let after = line_end(data, field_end, end);
            if after - field_end > MAX_LINE {
                push(defects, DefectKind::HeaderLineTooLong, field_end);
            }
            field_end = after;
        }
        let value_end = field_end - line_break_len(data.get(pos..field_end).unwrap_or_default());
        fields.push(FieldSpan {
            start: pos,
            name_end: pos + name_len,
            value_start: pos + colon + 1,
            value_end: value_end.max(pos + colon + 1),
            end: field_end,
        });
        seen_field = true;
        pos = field_end;
    }
    SectionEnd {
        body_start: end,
        has_separator: false,
    }
}

/// The number of bytes of line break (CRLF, LF or a lone CR) at the end of `s`.
#[inline]
pub(crate) fn line_break_len(s: &[u8]) -> usize {
    match s {
        [.., b'\r', b'\n'] => 2,
        [.., b'\n'] | [.., b'\r'] => 1,
        _ => 0,
    }
}

/// `s` without the line break at its end.
#[inline]
pub(crate) fn trim_line_break(s: &[u8]) -> &[u8] {
    s.get(..s.len() - line_break_len(s)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(input: &[u8]) -> (Vec<(String, String)>, SectionEnd, Vec<DefectKind>) {
        let mut fields = Vec::new();
        let mut defects = Vec::new();
        let end = parse_section(
            input,
            0,
            input.len(),
            true,
            &mut fields,
            &mut defects,
            &|_| false,
        );
        let fields = fields
            .iter()
            .map(|f| {
                (
                    String::from_utf8_lossy(&input[f.start..f.name_end]).into_owned(),
                    String::from_utf8_lossy(&input[f.value_start..f.value_end]).into_owned(),
                )
            })
            .collect();
        (fields, end, defects.iter().map(|d| d.kind).collect())
    }

    #[test]
    fn simple_crlf() {
        let (f, end, d) = parse(b"From: a\r\nSubject: b\r\n c\r\n\r\nbody");
        assert_eq!(
            f,
            [
                ("From".into(), " a".into()),
                ("Subject".into(), " b\r\n c".into())
            ]
        );
        assert_eq!(
            end,
            SectionEnd {
                body_start: 27,
                has_separator: true
            }
        );
        assert!(d.is_empty());
    }

    #[test]
    fn bare_lf_and_no_body() {
        let (f, end, d) = parse(b"A: 1\nB: 2\n");
        assert_eq!(f.len(), 2);
        assert_eq!(
            end,
            SectionEnd {
                body_start: 10,
                has_separator: false
            }
        );
        assert!(d.is_empty());
    }

    #[test]
    fn defects() {
        let (f, end, d) = parse(b"From x@y Mon\r\n cont\r\nA : 1\r\nnot a field\r\nB: 2\r\n");
        assert_eq!(f, [("A".into(), " 1".into())]);
        assert_eq!(end.body_start, 28);
        assert_eq!(
            d,
            [
                DefectKind::MboxFromLine,
                DefectKind::FirstHeaderLineIsContinuation,
                DefectKind::WhitespaceBeforeColon,
                DefectKind::MissingHeaderBodySeparator
            ]
        );
        let (f, _, d) = parse(b" x\r\n y\r\nA: 1\r\n\r\n");
        assert_eq!(f.len(), 1);
        assert_eq!(d, [DefectKind::FirstHeaderLineIsContinuation]);
    }

    #[test]
    fn from_field_with_space_before_colon_is_not_an_mbox_line() {
        let (f, _, d) = parse(b"From  : John <j@x>\r\nTo: m@y\r\n\r\n");
        assert_eq!(
            f,
            [
                ("From".into(), " John <j@x>".into()),
                ("To".into(), " m@y".into())
            ]
        );
        assert_eq!(d, [DefectKind::WhitespaceBeforeColon]);
        let (f, _, d) = parse(b"From john@x.test Thu Nov 21 09:55:06 1997\r\nTo: m@y\r\n\r\n");
        assert_eq!(f, [("To".into(), " m@y".into())]);
        assert_eq!(d, [DefectKind::MboxFromLine]);
    }

    #[test]
    fn long_line() {
        let mut m = b"X: ".to_vec();
        m.extend(std::iter::repeat_n(b'a', 1000));
        m.extend_from_slice(b"\r\n\r\n");
        let (_, _, d) = parse(&m);
        assert_eq!(d, [DefectKind::HeaderLineTooLong]);
    }
}
