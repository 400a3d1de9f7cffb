//! Writing values: a [`Writer`] collects the bytes of a message and remembers where its
//! literals are, so a client can send the message in [`EncodedFragment`]s and wait for the
//! server's `+` before each synchronizing literal (RFC 3501 §7.5, RFC 7888).
//!
//! Every value type implements [`Encode`]. Types that cannot hold invalid IMAP need no error
//! path: an [`AString`](crate::types::AString) is written as an atom when it is one, else as a
//! quoted string when it can be (no CR, LF or NUL; 8-bit only as UTF-8 and only under
//! [`EncodeOptions::utf8`]), else as a literal; a NUL can never reach the wire outside a
//! `literal8`.

use crate::chars::{is_astring_char, is_text_char};

/// The LITERAL+ / LITERAL- capability the peer announced (RFC 7888): may literals be sent
/// without waiting for `+`?
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NonSyncLiterals {
    /// Only synchronizing literals `{n}` (`IMAP4rev1` without extensions; also what a server
    /// writes: RFC 9051 §4.3 forbids `{n+}` from server to client).
    #[default]
    Never,
    /// `LITERAL+`: every literal as `{n+}` (RFC 7888 §3).
    Always,
    /// `LITERAL-` (and `IMAP4rev2`, RFC 9051 §4.3): `{n+}` for literals of at most 4096 octets
    /// (RFC 7888 §4), synchronizing above.
    UpTo4096,
}

/// Choices that depend on what the peer supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EncodeOptions {
    /// Non-synchronizing literals the peer accepts.
    pub non_sync_literals: NonSyncLiterals,
    /// Whether UTF-8 may be written in quoted strings (`UTF8=ACCEPT` enabled, RFC 6855 §3, or
    /// `IMAP4rev2`, RFC 9051 `QUOTED-CHAR`). Without it, 8-bit text goes in a literal.
    pub utf8: bool,
    /// The longest content written as a quoted string; longer strings become literals, which
    /// keeps lines short (servers limit them, RFC 7162 §4 suggests 8192 octets).
    pub max_quoted: usize,
}

impl Default for EncodeOptions {
    fn default() -> Self {
        Self {
            non_sync_literals: NonSyncLiterals::Never,
            utf8: false,
            max_quoted: 1024,
        }
    }
}

/// A value that can be written on the wire.
pub trait Encode {
    /// Appends the value's wire form to `w`.
    fn encode(&self, w: &mut Writer);

    /// The value's wire form alone, with default [`EncodeOptions`].
    fn to_wire(&self) -> Vec<u8> {
        let mut w = Writer::new(EncodeOptions::default());
        self.encode(&mut w);
        w.into_bytes()
    }
}

/// Where a literal's octets are in the writer's buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct LiteralMark {
    /// Offset of the first octet of the literal's data (just after its CRLF).
    start: usize,
    /// Octets of data.
    len: usize,
    /// Whether the sender must wait for `+` before the data.
    sync: bool,
}

/// Collects a message's bytes (see the [module](self) overview).
#[derive(Debug, Clone, Default)]
pub struct Writer {
    buf: Vec<u8>,
    literals: Vec<LiteralMark>,
    options: EncodeOptions,
}

/// One piece of an encoded message, in sending order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncodedFragment<'a> {
    /// Line octets: up to and including the CRLF after a literal's announcement, or the rest
    /// of the message.
    Line {
        /// The octets.
        bytes: &'a [u8],
        /// Whether they end with a synchronizing literal's announcement: the client waits
        /// for the server's continuation request (`+`) before sending the next fragment.
        wait_for_continuation: bool,
    },
    /// A literal's data octets.
    Literal(&'a [u8]),
}

impl Writer {
    /// An empty writer.
    pub fn new(options: EncodeOptions) -> Self {
        Self {
            buf: Vec::new(),
            literals: Vec::new(),
            options,
        }
    }

    /// The options it writes with.
    pub fn options(&self) -> &EncodeOptions {
        &self.options
    }

    /// Everything written so far.
    pub fn bytes(&self) -> &[u8] {
        &self.buf
    }

    /// Everything written, as one buffer.
    pub fn into_bytes(self) -> Vec<u8> {
        self.buf
    }

    /// Appends a value.
    pub fn value(&mut self, value: &impl Encode) -> &mut Self {
        value.encode(self);
        self
    }

    /// Appends `SP`.
    pub fn sp(&mut self) -> &mut Self {
        self.buf.push(b' ');
        self
    }

    /// Appends `CRLF`, the end of a line.
    pub fn crlf(&mut self) -> &mut Self {
        self.buf.extend_from_slice(b"\r\n");
        self
    }

    /// Appends octets the caller's type has checked.
    pub(crate) fn push_raw(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// Appends a number.
    pub(crate) fn number(&mut self, n: u64) {
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        let mut n = n;
        loop {
            i -= 1;
            if let Some(d) = digits.get_mut(i) {
                *d = b'0' + (n % 10) as u8;
            }
            n /= 10;
            if n == 0 || i == 0 {
                break;
            }
        }
        self.buf
            .extend_from_slice(digits.get(i..).unwrap_or_default());
    }

    /// Writes `DQUOTE *QUOTED-CHAR DQUOTE`, escaping `"` and `\`; the caller checked that
    /// `text` holds no CR, LF or NUL.
    pub(crate) fn quoted(&mut self, text: &[u8]) {
        self.buf.reserve(text.len() + 2);
        self.buf.push(b'"');
        let mut from = 0;
        while let Some(i) = text
            .get(from..)
            .and_then(|t| memchr::memchr2(b'"', b'\\', t))
        {
            let at = from + i;
            self.buf
                .extend_from_slice(text.get(from..at).unwrap_or_default());
            self.buf.push(b'\\');
            from = at;
            self.buf
                .extend_from_slice(text.get(at..=at).unwrap_or_default());
            from += 1;
        }
        self.buf
            .extend_from_slice(text.get(from..).unwrap_or_default());
        self.buf.push(b'"');
    }

    /// Writes a literal (`binary`: a `literal8`) in the mode the options allow (`sync_only`:
    /// always synchronizing).
    pub(crate) fn literal(&mut self, data: &[u8], binary: bool, sync_only: bool) {
        let non_sync = !sync_only
            && match self.options.non_sync_literals {
                NonSyncLiterals::Never => false,
                NonSyncLiterals::Always => true,
                NonSyncLiterals::UpTo4096 => data.len() <= 4096,
            };
        self.literal_as(data, binary, !non_sync);
    }

    /// Writes a literal in the given mode.
    pub(crate) fn literal_as(&mut self, data: &[u8], binary: bool, sync: bool) {
        if binary {
            self.buf.push(b'~');
        }
        self.buf.push(b'{');
        self.number(data.len() as u64);
        if !sync {
            self.buf.push(b'+');
        }
        self.buf.extend_from_slice(b"}\r\n");
        self.literals.push(LiteralMark {
            start: self.buf.len(),
            len: data.len(),
            sync,
        });
        self.buf.extend_from_slice(data);
    }

    /// Whether `text` can go in a quoted string under these options.
    fn quotable(&self, text: &[u8]) -> bool {
        text.len() <= self.options.max_quoted
            && (text.iter().all(|&b| is_text_char(b))
                || (self.options.utf8
                    && !text.iter().any(|&b| matches!(b, 0 | b'\r' | b'\n'))
                    && std::str::from_utf8(text).is_ok()))
    }

    /// Writes a `string` (`allow_atom`: an `astring`) in its cheapest correct form: atom,
    /// quoted, literal. The caller's type guarantees no NUL.
    pub(crate) fn string(&mut self, value: &[u8], allow_atom: bool) {
        if allow_atom && !value.is_empty() && value.iter().all(|&b| is_astring_char(b)) {
            self.push_raw(value);
        } else if self.quotable(value) {
            self.quoted(value);
        } else {
            self.literal(value, false, false);
        }
    }

    /// The message in sending order: lines (each ending where a literal's data starts) and
    /// literals.
    pub fn fragments(&self) -> impl Iterator<Item = EncodedFragment<'_>> + '_ {
        let mut out = Vec::with_capacity(self.literals.len() * 2 + 1);
        let mut from = 0;
        for mark in &self.literals {
            out.push(EncodedFragment::Line {
                bytes: self.buf.get(from..mark.start).unwrap_or_default(),
                wait_for_continuation: mark.sync,
            });
            let end = mark.start + mark.len;
            out.push(EncodedFragment::Literal(
                self.buf.get(mark.start..end).unwrap_or_default(),
            ));
            from = end;
        }
        if from < self.buf.len() || self.literals.is_empty() {
            out.push(EncodedFragment::Line {
                bytes: self.buf.get(from..).unwrap_or_default(),
                wait_for_continuation: false,
            });
        }
        out.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_quoting() {
        let mut w = Writer::default();
        w.number(0);
        w.sp();
        w.number(u64::MAX);
        w.sp();
        w.quoted(br#"a"b\c"#);
        assert_eq!(w.bytes(), br#"0 18446744073709551615 "a\"b\\c""#);
    }

    #[test]
    fn cheapest_form() {
        let enc = |v: &[u8], atom: bool, options: EncodeOptions| {
            let mut w = Writer::new(options);
            w.string(v, atom);
            w.into_bytes()
        };
        let d = EncodeOptions::default();
        assert_eq!(enc(b"INBOX", true, d), b"INBOX");
        assert_eq!(enc(b"INBOX", false, d), b"\"INBOX\"");
        assert_eq!(enc(b"", true, d), b"\"\"");
        assert_eq!(enc(b"a b", true, d), b"\"a b\"");
        assert_eq!(enc(b"a\r\nb", true, d), b"{4}\r\na\r\nb");
        assert_eq!(enc("é".as_bytes(), true, d), b"{2}\r\n\xc3\xa9");
        let utf8 = EncodeOptions { utf8: true, ..d };
        assert_eq!(enc("é".as_bytes(), true, utf8), b"\"\xc3\xa9\"");
        assert_eq!(enc(b"\xff", true, utf8), b"{1}\r\n\xff");
        let plus = EncodeOptions {
            non_sync_literals: NonSyncLiterals::Always,
            ..d
        };
        assert_eq!(enc(b"\r", true, plus), b"{1+}\r\n\r");
        let minus = EncodeOptions {
            non_sync_literals: NonSyncLiterals::UpTo4096,
            max_quoted: 0,
            ..d
        };
        assert_eq!(enc(&[b'x'; 4096], false, minus)[..8], *b"{4096+}\r");
        assert_eq!(enc(&[b'x'; 4097], false, minus)[..8], *b"{4097}\r\n");
    }

    #[test]
    fn fragments_split_at_literals() {
        let mut w = Writer::default();
        w.push_raw(b"A1 LOGIN ");
        w.literal(b"fred", false, false);
        w.sp();
        w.literal_as(b"pw", false, false);
        w.crlf();
        let f: Vec<_> = w.fragments().collect();
        assert_eq!(
            f,
            [
                EncodedFragment::Line {
                    bytes: b"A1 LOGIN {4}\r\n",
                    wait_for_continuation: true
                },
                EncodedFragment::Literal(b"fred"),
                EncodedFragment::Line {
                    bytes: b" {2+}\r\n",
                    wait_for_continuation: false
                },
                EncodedFragment::Literal(b"pw"),
                EncodedFragment::Line {
                    bytes: b"\r\n",
                    wait_for_continuation: false
                },
            ]
        );
        let joined: Vec<u8> = f
            .iter()
            .flat_map(|f| match f {
                EncodedFragment::Line { bytes, .. } => bytes.to_vec(),
                EncodedFragment::Literal(d) => d.to_vec(),
            })
            .collect();
        assert_eq!(joined, w.bytes());
    }
}
