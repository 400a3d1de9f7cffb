//! The [`Reply`] type, its constructors and its encoder.

use std::borrow::Cow;

use super::parse::cut_prefix;
use super::{EnhancedStatusCode, ReplyCode, ReplyLines};
use crate::EncodeError;

/// A complete SMTP reply (RFC 5321 §4.2): one code, and the text of each line.
///
/// ```text
/// Reply-line = *( Reply-code "-" [ textstring ] CRLF )
///              Reply-code [ SP textstring ] CRLF
/// ```
///
/// When every line's text starts with the same enhanced status code (RFC 2034 §4: "the same
/// status code must appear at the beginning of the text in each line"), the code is taken out
/// into [`enhanced`](Self::enhanced) and `lines` hold the text after it and its space; otherwise
/// `lines` hold the text exactly as sent. The parser and the constructors both apply this rule,
/// so a reply they build encodes to bytes that parse back to the same value. A value built by
/// hand with `enhanced: None` and lines that all begin with the same status code is written
/// unchanged but reads back with the code in `enhanced` — the same bytes on the wire.
///
/// Text is UTF-8: RFC 5321 `textstring` is printable US-ASCII and HT, and RFC 6531 §3.7.4
/// allows UTF-8 in some replies of an SMTPUTF8 session. The parser replaces bytes that are not
/// UTF-8 with U+FFFD by default (a client acts on the code and must accept any text, RFC 5321
/// §4.2) — a parsed line is `Cow::Owned` exactly when that happened, `Cow::Borrowed` from the
/// input otherwise — or refuses them with
/// [`ReplyOptions::reject_invalid_utf8`](super::ReplyOptions).
///
/// LMTP (RFC 2033) uses the same replies; after the final `.` of DATA an LMTP server sends one
/// reply per accepted recipient, in RCPT order (RFC 2033 §4.2) — each a `Reply` of its own, which
/// the client state machine collects.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Reply<'a> {
    /// The reply code, the same on every line (RFC 5321 §4.2.1).
    pub code: ReplyCode,
    /// The enhanced status code that prefixes every line (RFC 2034 §4), if one does.
    pub enhanced: Option<EnhancedStatusCode>,
    /// The text of each line, without code, separator, enhanced code or line break; at least one
    /// (possibly empty) line.
    pub lines: ReplyLines<'a>,
}

impl<'a> Reply<'a> {
    /// The longest reply line, reply code and CRLF included (RFC 5321 §4.5.3.1.5).
    pub const MAX_LINE_LENGTH: usize = 512;

    /// A one-line reply. If `text` starts with an enhanced status code and a space (or is only
    /// a status code), the code is moved into [`enhanced`](Self::enhanced).
    pub fn new(code: ReplyCode, text: impl Into<Cow<'a, str>>) -> Self {
        Self::multiline(code, [text])
    }

    /// A one-line reply with an enhanced status code written before the text.
    pub fn with_enhanced(
        code: ReplyCode,
        enhanced: EnhancedStatusCode,
        text: impl Into<Cow<'a, str>>,
    ) -> Self {
        Self {
            code,
            enhanced: Some(enhanced),
            lines: ReplyLines::one(text),
        }
    }

    /// A reply of several lines (one empty line if `lines` is empty). If every line starts with
    /// the same enhanced status code, it is moved into [`enhanced`](Self::enhanced).
    pub fn multiline<T: Into<Cow<'a, str>>>(
        code: ReplyCode,
        lines: impl IntoIterator<Item = T>,
    ) -> Self {
        let mut lines: ReplyLines<'a> = lines.into_iter().collect();
        if lines.is_empty() {
            lines.push("");
        }
        let enhanced = extract_enhanced(&mut lines);
        Self {
            code,
            enhanced,
            lines,
        }
    }

    /// A reply of several lines (one empty line if `lines` is empty), each prefixed with
    /// `enhanced` on the wire.
    pub fn multiline_with_enhanced<T: Into<Cow<'a, str>>>(
        code: ReplyCode,
        enhanced: EnhancedStatusCode,
        lines: impl IntoIterator<Item = T>,
    ) -> Self {
        let mut lines: ReplyLines<'a> = lines.into_iter().collect();
        if lines.is_empty() {
            lines.push("");
        }
        Self {
            code,
            enhanced: Some(enhanced),
            lines,
        }
    }

    /// The text of all lines joined with `\n` (borrowed for a one-line reply).
    pub fn text(&self) -> Cow<'_, str> {
        match self.lines.as_slice() {
            [] => Cow::Borrowed(""),
            [one] => Cow::Borrowed(one),
            many => Cow::Owned(many.join("\n")),
        }
    }

    /// The same reply, owning its text.
    pub fn into_owned(self) -> Reply<'static> {
        Reply {
            code: self.code,
            enhanced: self.enhanced,
            lines: self.lines.into_owned(),
        }
    }

    /// Appends the reply to `out`: `code-text` CRLF for every line but the last, `code SP text`
    /// CRLF for the last, the enhanced code (if any) first in every line's text.
    ///
    /// An empty last line is written `250 ` (RFC 5321 §4.2.1: servers SHOULD send the space).
    ///
    /// # Errors
    /// Nothing is appended when the reply cannot be written safely: a control character other
    /// than HT in the text ([`EncodeError::InvalidByte`]: a CR or LF would end the line and let
    /// the text inject a reply), no line at all ([`EncodeError::Empty`]), or a line longer than
    /// [`MAX_LINE_LENGTH`](Self::MAX_LINE_LENGTH) octets ([`EncodeError::LineTooLong`]).
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        self.encode_with_limit(out, Self::MAX_LINE_LENGTH)
    }

    /// [`encode`](Self::encode) with another line length limit (CRLF included), for peers that
    /// accept longer lines.
    ///
    /// # Errors
    /// As for [`encode`](Self::encode).
    pub fn encode_with_limit(
        &self,
        out: &mut Vec<u8>,
        max_line_length: usize,
    ) -> Result<(), EncodeError> {
        let start = out.len();
        let result = self.encode_lines(out, max_line_length);
        if result.is_err() {
            out.truncate(start);
        }
        result
    }

    /// The reply as bytes (see [`encode`](Self::encode)).
    ///
    /// # Errors
    /// As for [`encode`](Self::encode).
    pub fn to_bytes(&self) -> Result<Vec<u8>, EncodeError> {
        let mut out = Vec::new();
        self.encode(&mut out)?;
        Ok(out)
    }

    fn encode_lines(&self, out: &mut Vec<u8>, limit: usize) -> Result<(), EncodeError> {
        if self.lines.is_empty() {
            return Err(EncodeError::Empty {
                element: "reply text",
            });
        }
        let last = self.lines.len() - 1;
        for (i, line) in self.lines.iter().enumerate() {
            encode_line(out, self.code, i == last, self.enhanced, line, limit)?;
        }
        Ok(())
    }
}

/// Writes one reply line; the caller truncates `out` on error.
pub(crate) fn encode_line(
    out: &mut Vec<u8>,
    code: ReplyCode,
    last: bool,
    enhanced: Option<EnhancedStatusCode>,
    text: &str,
    limit: usize,
) -> Result<(), EncodeError> {
    check_text(text, "textstring")?;
    let start = out.len();
    out.extend_from_slice(&code.digits());
    out.push(if last { b' ' } else { b'-' });
    if let Some(enhanced) = enhanced {
        enhanced.write(out);
        if !text.is_empty() {
            out.push(b' ');
        }
    }
    out.extend_from_slice(text.as_bytes());
    out.extend_from_slice(b"\r\n");
    let len = out.len() - start;
    if len > limit {
        return Err(EncodeError::LineTooLong { len, limit });
    }
    Ok(())
}

/// Refuses control characters other than HT (RFC 5321 `textstring`; UTF-8 is let through for
/// RFC 6531 replies).
pub(crate) fn check_text(text: &str, element: &'static str) -> Result<(), EncodeError> {
    match text
        .bytes()
        .find(|&b| (b < 0x20 && b != b'\t') || b == 0x7f)
    {
        Some(byte) => Err(EncodeError::InvalidByte { element, byte }),
        None => Ok(()),
    }
}

/// If every line starts with the same enhanced status code (followed by a space or the end of
/// the line), removes it and one space from every line and returns it (RFC 2034 §4).
pub(crate) fn extract_enhanced(lines: &mut [Cow<'_, str>]) -> Option<EnhancedStatusCode> {
    let (first, rest) = lines.split_first()?;
    let (code, len) = EnhancedStatusCode::parse_prefix(first.as_bytes())?;
    for line in rest {
        match EnhancedStatusCode::parse_prefix(line.as_bytes()) {
            Some((other, _)) if other == code => {}
            _ => return None,
        }
    }
    // A code has one spelling (no leading zeros), so the same length on every line.
    for line in lines.iter_mut() {
        *line = cut_prefix(std::mem::take(line), len);
    }
    Some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(r: &Reply<'_>) -> String {
        String::from_utf8(r.to_bytes().unwrap()).unwrap()
    }

    #[test]
    fn constructors() {
        let r = Reply::new(ReplyCode::OK, "OK");
        assert_eq!(r.enhanced, None);
        assert_eq!(bytes(&r), "250 OK\r\n");
        let r = Reply::new(ReplyCode::OK, "2.1.5 Recipient ok");
        assert_eq!(
            r.enhanced,
            Some(EnhancedStatusCode::DESTINATION_ADDRESS_VALID)
        );
        assert_eq!(r.lines, ["Recipient ok"]);
        assert_eq!(bytes(&r), "250 2.1.5 Recipient ok\r\n");
        let r = Reply::with_enhanced(ReplyCode::OK, EnhancedStatusCode::SUCCESS, "");
        assert_eq!(bytes(&r), "250 2.0.0\r\n");
        let r = Reply::multiline(ReplyCode::OK, ["a", "", "b"]);
        assert_eq!(bytes(&r), "250-a\r\n250-\r\n250 b\r\n");
        assert_eq!(r.text(), "a\n\nb");
        let r = Reply::multiline(ReplyCode::OK, Vec::<String>::new());
        assert_eq!(bytes(&r), "250 \r\n");
        let r = Reply::multiline(ReplyCode::MAILBOX_UNAVAILABLE, ["5.7.1 a", "5.7.1 b"]);
        assert_eq!(
            r.enhanced,
            Some(EnhancedStatusCode::DELIVERY_NOT_AUTHORIZED)
        );
        assert_eq!(r.lines, ["a", "b"]);
        let r = Reply::multiline(ReplyCode::MAILBOX_UNAVAILABLE, ["5.7.1 a", "5.7.2 b"]);
        assert_eq!(r.enhanced, None);
    }

    #[test]
    fn refusals() {
        for text in ["a\r\nb", "a\nb", "a\rb", "a\0b", "a\x1bb", "a\x7fb"] {
            let r = Reply::new(ReplyCode::OK, text);
            let mut out = b"kept".to_vec();
            assert!(
                matches!(r.encode(&mut out), Err(EncodeError::InvalidByte { .. })),
                "{text:?}"
            );
            assert_eq!(out, b"kept");
        }
        let r = Reply::new(ReplyCode::OK, "tab\tand UTF-8 é");
        assert_eq!(bytes(&r), "250 tab\tand UTF-8 é\r\n");
        let empty = Reply {
            code: ReplyCode::OK,
            enhanced: None,
            lines: ReplyLines::new(),
        };
        assert_eq!(
            empty.to_bytes(),
            Err(EncodeError::Empty {
                element: "reply text"
            })
        );
        let fits = Reply::new(ReplyCode::OK, "x".repeat(506));
        assert_eq!(fits.to_bytes().unwrap().len(), 512);
        let long = Reply::multiline(ReplyCode::OK, ["ok".to_owned(), "x".repeat(507)]);
        let mut out = Vec::new();
        assert_eq!(
            long.encode(&mut out),
            Err(EncodeError::LineTooLong {
                len: 513,
                limit: 512
            })
        );
        assert!(out.is_empty());
        assert!(long.encode_with_limit(&mut out, 1000).is_ok());
    }
}
