//! Writing status lines and continuation lines.

use super::{Continuation, StatusLine};
use crate::command::EncodeError;

/// The longest response status line, CRLF included (RFC 2449 §4: "Responses ... may be up to
/// 512 characters long, including the terminating CRLF").
pub const RESPONSE_LINE_LIMIT: usize = 512;

impl StatusLine<'_> {
    /// Appends the status line, CRLF included: `+OK` / `-ERR`, then ` [code]` if any, then
    /// ` text` if there is text.
    ///
    /// # Errors
    /// [`EncodeError::LineTooLong`] over [`RESPONSE_LINE_LIMIT`]; [`EncodeError::Invalid`]
    /// when there is no code and the text starts with `[` (it would read back as a code) or
    /// with a space (it would read back without it). Nothing is appended on error.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        let text = self.text.as_bytes();
        if (self.code.is_none() && text.first() == Some(&b'[')) || text.first() == Some(&b' ') {
            return Err(EncodeError::Invalid { offset: 0 });
        }
        let code_len = self.code.as_ref().map_or(0, |c| c.as_str().len() + 3);
        let len = self.status.as_str().len()
            + code_len
            + if text.is_empty() { 0 } else { text.len() + 1 }
            + 2;
        if len > RESPONSE_LINE_LIMIT {
            return Err(EncodeError::LineTooLong {
                len,
                limit: RESPONSE_LINE_LIMIT,
            });
        }
        out.reserve(len);
        out.extend_from_slice(self.status.as_str().as_bytes());
        if let Some(code) = &self.code {
            out.extend_from_slice(b" [");
            out.extend_from_slice(code.as_str().as_bytes());
            out.push(b']');
        }
        if !text.is_empty() {
            out.push(b' ');
            out.extend_from_slice(text);
        }
        out.extend_from_slice(b"\r\n");
        Ok(())
    }

    /// The status line as a new buffer (see [`encode`](Self::encode)).
    ///
    /// # Errors
    /// As [`encode`](Self::encode).
    pub fn to_bytes(&self) -> Result<Vec<u8>, EncodeError> {
        let mut out = Vec::new();
        self.encode(&mut out)?;
        Ok(out)
    }
}

impl Continuation<'_> {
    /// Appends the continuation line: `+ base64` CRLF, or `+ ` CRLF for an empty challenge
    /// (RFC 5034 §4).
    pub fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"+ ");
        out.extend_from_slice(self.as_str().as_bytes());
        out.extend_from_slice(b"\r\n");
    }
}

#[cfg(test)]
mod tests {
    use super::super::{ResponseCode, Status, Text};
    use super::*;

    #[test]
    fn status_lines() {
        let line = StatusLine::err_with_code(
            ResponseCode::InUse,
            Text::lossy("Do you have another POP session running?"),
        );
        assert_eq!(
            line.to_bytes().unwrap(),
            b"-ERR [IN-USE] Do you have another POP session running?\r\n"
        );
        assert_eq!(
            StatusLine::ok(Text::default()).to_bytes().unwrap(),
            b"+OK\r\n"
        );
        let code_only = StatusLine {
            status: Status::Err,
            code: Some(ResponseCode::SysTemp),
            text: Text::default(),
        };
        assert_eq!(code_only.to_bytes().unwrap(), b"-ERR [SYS/TEMP]\r\n");
        assert_eq!(
            StatusLine::ok(Text::lossy("[x] y")).to_bytes(),
            Err(EncodeError::Invalid { offset: 0 })
        );
        let long = "x".repeat(506);
        assert!(StatusLine::ok(Text::lossy(&long)).to_bytes().is_ok());
        let long = "x".repeat(507);
        assert_eq!(
            StatusLine::ok(Text::lossy(&long)).to_bytes(),
            Err(EncodeError::LineTooLong {
                len: 513,
                limit: 512
            })
        );
        assert_eq!(Text::lossy("a\r\nb").as_bytes(), b"a  b");
    }

    #[test]
    fn continuations() {
        let mut out = Vec::new();
        Continuation::new(b"").encode(&mut out);
        Continuation::new(b"<1896.697170952@postoffice.example.net>").encode(&mut out);
        assert_eq!(
            out,
            b"+ \r\n+ PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UuZXhhbXBsZS5uZXQ+\r\n"
        );
    }
}
