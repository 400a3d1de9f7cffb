//! `Content-Transfer-Encoding` (RFC 2045 §6).

use std::borrow::Cow;

/// RFC 2045 §6.1 `mechanism`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TransferEncoding<'a> {
    /// `7bit`: lines of US-ASCII, the default.
    SevenBit,
    /// `8bit`: lines that may hold octets above 127.
    EightBit,
    /// `binary`: any octets, no line structure.
    Binary,
    /// `quoted-printable` (RFC 2045 §6.7).
    QuotedPrintable,
    /// `base64` (RFC 2045 §6.8).
    Base64,
    /// Any other token (an `x-` extension or a mistake), as written.
    Other(Cow<'a, str>),
}

use crate::decode::{base64, quoted_printable};
use crate::defect::{Defect, DefectKind, push};
use crate::lex::Cursor;

impl<'a> TransferEncoding<'a> {
    /// Parses a raw `Content-Transfer-Encoding` value: `mechanism` (RFC 2045 §6.1), matched
    /// case-insensitively, with comments and folding white space around it. A quoted mechanism
    /// (`"base64"`, which some mailers send) is accepted. Anything else becomes
    /// [`TransferEncoding::Other`] with the text as written (an empty value gives `Other("")`);
    /// [`TransferEncoding::decode`] reports it. An unterminated comment is reported as
    /// [`DefectKind::UnterminatedComment`].
    ///
    /// ```
    /// # use mail_message::field::transfer_encoding::TransferEncoding;
    /// let mut defects = Vec::new();
    /// assert_eq!(
    ///     TransferEncoding::parse(b" Quoted-Printable (as usual)", &mut defects),
    ///     TransferEncoding::QuotedPrintable
    /// );
    /// assert!(defects.is_empty());
    /// ```
    pub fn parse(raw: &'a [u8], defects: &mut Vec<Defect>) -> Self {
        let mut c = Cursor::new(raw);
        let at = c.pos();
        if c.skip_cfws().is_err() {
            push(defects, DefectKind::UnterminatedComment, at);
        }
        let start = c.pos();
        let token: Cow<'a, [u8]> = if c.peek() == Some(b'"') {
            c.quoted_string().unwrap_or_default()
        } else {
            Cow::Borrowed(c.token().unwrap_or_default())
        };
        let after = c.pos();
        if c.skip_cfws().is_err() {
            push(defects, DefectKind::UnterminatedComment, after);
        }
        let eq = |s: &str| token.trim_ascii().eq_ignore_ascii_case(s.as_bytes());
        if eq("7bit") {
            TransferEncoding::SevenBit
        } else if eq("8bit") {
            TransferEncoding::EightBit
        } else if eq("binary") {
            TransferEncoding::Binary
        } else if eq("quoted-printable") {
            TransferEncoding::QuotedPrintable
        } else if eq("base64") {
            TransferEncoding::Base64
        } else if token.is_empty() {
            // Not even a token: keep what was written.
            let rest = crate::header::trim_wsp(raw.get(start..).unwrap_or_default());
            TransferEncoding::Other(String::from_utf8_lossy(rest))
        } else {
            TransferEncoding::Other(match token {
                Cow::Borrowed(t) => String::from_utf8_lossy(t),
                Cow::Owned(t) => Cow::Owned(String::from_utf8_lossy(&t).into_owned()),
            })
        }
    }

    /// The mechanism's name in its RFC 2045 spelling (`7bit`, `quoted-printable`, ...), or an
    /// unknown one as written.
    pub fn as_str(&self) -> &str {
        match self {
            TransferEncoding::SevenBit => "7bit",
            TransferEncoding::EightBit => "8bit",
            TransferEncoding::Binary => "binary",
            TransferEncoding::QuotedPrintable => "quoted-printable",
            TransferEncoding::Base64 => "base64",
            TransferEncoding::Other(s) => s,
        }
    }

    /// `true` for the identity encodings `7bit`, `8bit` and `binary` (RFC 2045 §6.2): the body
    /// is the content as is.
    pub fn is_identity(&self) -> bool {
        matches!(
            self,
            TransferEncoding::SevenBit | TransferEncoding::EightBit | TransferEncoding::Binary
        )
    }

    /// Decodes a body from this encoding: borrowed for the identity encodings, RFC 2045 §6.7
    /// quoted-printable ([`quoted_printable::decode`], borrowed when nothing changes) and §6.8
    /// base64 ([`base64::decode`]). An unknown encoding leaves the body as it is and reports
    /// [`DefectKind::UnknownTransferEncoding`] at offset 0. Other defect offsets are relative
    /// to `body`.
    pub fn decode<'b>(&self, body: &'b [u8], defects: &mut Vec<Defect>) -> Cow<'b, [u8]> {
        match self {
            TransferEncoding::SevenBit | TransferEncoding::EightBit | TransferEncoding::Binary => {
                Cow::Borrowed(body)
            }
            TransferEncoding::QuotedPrintable => quoted_printable::decode(body, defects),
            TransferEncoding::Base64 => Cow::Owned(base64::decode(body, defects)),
            TransferEncoding::Other(_) => {
                push(defects, DefectKind::UnknownTransferEncoding, 0);
                Cow::Borrowed(body)
            }
        }
    }

    /// The same value, owning its text.
    pub fn into_owned(self) -> TransferEncoding<'static> {
        match self {
            TransferEncoding::SevenBit => TransferEncoding::SevenBit,
            TransferEncoding::EightBit => TransferEncoding::EightBit,
            TransferEncoding::Binary => TransferEncoding::Binary,
            TransferEncoding::QuotedPrintable => TransferEncoding::QuotedPrintable,
            TransferEncoding::Base64 => TransferEncoding::Base64,
            TransferEncoding::Other(s) => TransferEncoding::Other(Cow::Owned(s.into_owned())),
        }
    }
}

impl std::fmt::Display for TransferEncoding<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mechanisms() {
        let p = |s: &'static [u8]| TransferEncoding::parse(s, &mut Vec::new());
        assert_eq!(p(b" 7BIT"), TransferEncoding::SevenBit);
        assert_eq!(p(b"8bit\r\n (folded)"), TransferEncoding::EightBit);
        assert_eq!(p(b"(c) binary"), TransferEncoding::Binary);
        assert_eq!(p(b"\"base64\""), TransferEncoding::Base64);
        assert_eq!(
            p(b" x-uuencode "),
            TransferEncoding::Other("x-uuencode".into())
        );
        assert_eq!(p(b""), TransferEncoding::Other("".into()));
        assert_eq!(p(b" 8 bit"), TransferEncoding::Other("8".into()));
        let mut d = Vec::new();
        assert_eq!(
            TransferEncoding::parse(b"base64 (oops", &mut d),
            TransferEncoding::Base64
        );
        assert_eq!(d, vec![Defect::new(DefectKind::UnterminatedComment, 6)]);
    }

    #[test]
    fn decoding() {
        let mut d = Vec::new();
        let body = b"caf=C3=A9\r\n";
        assert!(matches!(
            TransferEncoding::EightBit.decode(body, &mut d),
            Cow::Borrowed(_)
        ));
        assert_eq!(
            &*TransferEncoding::QuotedPrintable.decode(body, &mut d),
            "café\r\n".as_bytes()
        );
        assert_eq!(&*TransferEncoding::Base64.decode(b"YQ==", &mut d), b"a");
        assert!(d.is_empty());
        let other = TransferEncoding::Other("x-uue".into());
        assert!(matches!(other.decode(body, &mut d), Cow::Borrowed(_)));
        assert_eq!(d, vec![Defect::new(DefectKind::UnknownTransferEncoding, 0)]);
    }
}
