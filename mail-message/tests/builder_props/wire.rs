//! Test-only readers for what the builder writes: RFC 2047 encoded words, RFC 2231 parameters,
//! address lists, quoted-printable and base64. They are strict (they panic on anything the
//! builder should never produce), so they double as checks of the output's syntax.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use mail_message::Part;
use mail_message::field::transfer_encoding::TransferEncoding;
use mail_message::header::unfold;

fn is_wsp(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// Decodes one RFC 2047 encoded word (`=?utf-8?q?…?=` or `=?utf-8?b?…?=`) to octets, or
/// `None` if `word` is not one.
fn encoded_word(word: &str) -> Option<Vec<u8>> {
    let inner = word.strip_prefix("=?")?.strip_suffix("?=")?;
    let mut parts = inner.splitn(3, '?');
    let (charset, encoding, text) = (parts.next()?, parts.next()?, parts.next()?);
    assert!(charset.eq_ignore_ascii_case("utf-8"), "{word}");
    assert!(
        word.len() <= 75,
        "encoded word of {} characters",
        word.len()
    );
    match encoding {
        "q" | "Q" => {
            let mut out = Vec::new();
            let b = text.as_bytes();
            let mut i = 0;
            while i < b.len() {
                match b[i] {
                    b'_' => out.push(b' '),
                    b'=' => {
                        let hex = std::str::from_utf8(&b[i + 1..i + 3]).unwrap();
                        out.push(u8::from_str_radix(hex, 16).unwrap());
                        i += 2;
                    }
                    c => {
                        assert!(c.is_ascii_graphic() && c != b'?', "{word}");
                        out.push(c);
                    }
                }
                i += 1;
            }
            Some(out)
        }
        "b" | "B" => Some(STANDARD.decode(text).unwrap()),
        _ => panic!("unknown encoding in {word}"),
    }
}

/// Unstructured text (RFC 5322 §3.2.5) with encoded words decoded: white space between two
/// encoded words dropped (RFC 2047 §6.2), all other white space kept.
pub(crate) fn decode_text(unfolded: &str) -> String {
    let mut out: Vec<u8> = Vec::new();
    let mut pending_space = String::new();
    let mut last_was_encoded = false;
    let mut rest = unfolded;
    while !rest.is_empty() {
        let ws_end = rest.find(|c| !is_wsp(c)).unwrap_or(rest.len());
        pending_space.push_str(&rest[..ws_end]);
        rest = &rest[ws_end..];
        if rest.is_empty() {
            break;
        }
        let word_end = rest.find(is_wsp).unwrap_or(rest.len());
        let word = &rest[..word_end];
        rest = &rest[word_end..];
        match encoded_word(word) {
            Some(bytes) => {
                if !last_was_encoded {
                    out.extend_from_slice(pending_space.as_bytes());
                }
                out.extend_from_slice(&bytes);
                last_was_encoded = true;
            }
            None => {
                out.extend_from_slice(pending_space.as_bytes());
                out.extend_from_slice(word.as_bytes());
                last_was_encoded = false;
            }
        }
        pending_space.clear();
    }
    String::from_utf8(out).unwrap()
}

fn unfolded(part: &Part<'_>, field: &str) -> String {
    let raw = part.headers().get(field).unwrap().raw_value();
    String::from_utf8(unfold(raw).into_owned()).unwrap()
}

/// The decoded value of an unstructured field.
pub(crate) fn unstructured(part: &Part<'_>, field: &str) -> String {
    decode_text(&unfolded(part, field))
}

/// A mailbox as read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mbox {
    pub(crate) name: Option<String>,
    pub(crate) local: String,
    pub(crate) domain: String,
}

/// An address as read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Addr {
    Mailbox(Mbox),
    Group(String, Vec<Mbox>),
}

/// A word of a phrase.
enum Word {
    Quoted(String),
    Atom(String),
}

struct Reader<'s> {
    s: &'s str,
    pos: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<char> {
        self.s[self.pos..].chars().next()
    }
    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }
    fn skip_ws(&mut self) {
        while self.peek().is_some_and(is_wsp) {
            self.pos += 1;
        }
    }
    fn quoted(&mut self) -> String {
        assert_eq!(self.bump(), Some('"'));
        let mut out = String::new();
        loop {
            match self.bump().expect("unterminated quoted string") {
                '"' => return out,
                '\\' => out.push(self.bump().unwrap()),
                c => out.push(c),
            }
        }
    }
    fn words(&mut self) -> Vec<Word> {
        let mut words = Vec::new();
        loop {
            self.skip_ws();
            match self.peek() {
                Some('"') => words.push(Word::Quoted(self.quoted())),
                Some(c) if !"<>:,;".contains(c) => {
                    let start = self.pos;
                    while self
                        .peek()
                        .is_some_and(|c| !is_wsp(c) && !"<>:,;\"".contains(c))
                    {
                        self.bump();
                    }
                    words.push(Word::Atom(self.s[start..self.pos].to_owned()));
                }
                _ => return words,
            }
        }
    }
    fn address(&mut self) -> Addr {
        self.skip_ws();
        let start = self.pos;
        let words = self.words();
        self.skip_ws();
        match self.peek() {
            Some('<') => {
                self.bump();
                let end = self.s[self.pos..].find('>').unwrap() + self.pos;
                let spec = self.s[self.pos..end].to_owned();
                self.pos = end + 1;
                Addr::Mailbox(mbox(Some(phrase(&words)), &spec))
            }
            Some(':') => {
                self.bump();
                let mut members = Vec::new();
                loop {
                    self.skip_ws();
                    if self.peek() == Some(';') {
                        self.bump();
                        break;
                    }
                    match self.address() {
                        Addr::Mailbox(m) => members.push(m),
                        Addr::Group(..) => panic!("nested group"),
                    }
                    self.skip_ws();
                    if self.peek() == Some(',') {
                        self.bump();
                    }
                }
                Addr::Group(phrase(&words), members)
            }
            _ => {
                let spec = self.s[start..self.pos].trim_matches(is_wsp).to_owned();
                Addr::Mailbox(mbox(None, &spec))
            }
        }
    }
}

fn mbox(name: Option<String>, spec: &str) -> Mbox {
    let (local, domain) = spec.rsplit_once('@').unwrap();
    let local = if local.starts_with('"') {
        Reader { s: local, pos: 0 }.quoted()
    } else {
        local.to_owned()
    };
    Mbox {
        name: name.filter(|n| !n.is_empty()),
        local,
        domain: domain.to_owned(),
    }
}

/// A phrase decoded: quoted strings unquoted, encoded words decoded, words joined by one space
/// except between two encoded words.
fn phrase(words: &[Word]) -> String {
    let mut out: Vec<u8> = Vec::new();
    let mut last_encoded = false;
    for (i, w) in words.iter().enumerate() {
        let (bytes, encoded) = match w {
            Word::Quoted(q) => (q.as_bytes().to_vec(), false),
            Word::Atom(a) => match encoded_word(a) {
                Some(b) => (b, true),
                None => (a.as_bytes().to_vec(), false),
            },
        };
        if i > 0 && !(encoded && last_encoded) {
            out.push(b' ');
        }
        out.extend_from_slice(&bytes);
        last_encoded = encoded;
    }
    String::from_utf8(out).unwrap()
}

/// The addresses of an address-list field.
pub(crate) fn addresses(part: &Part<'_>, field: &str) -> Vec<Addr> {
    let value = unfolded(part, field);
    let mut r = Reader { s: &value, pos: 0 };
    let mut out = Vec::new();
    loop {
        out.push(r.address());
        r.skip_ws();
        match r.bump() {
            Some(',') => continue,
            None => return out,
            Some(c) => panic!("unexpected {c:?} in {value:?}"),
        }
    }
}

/// The value of parameter `name` of a `Content-Type` or `Content-Disposition` field, with
/// RFC 2231 continuations joined and extended values decoded.
pub(crate) fn parameter(part: &Part<'_>, field: &str, name: &str) -> Option<String> {
    let value = unfolded(part, field);
    assert!(!value.contains("=?"), "RFC 2047 in a parameter: {value}");
    let mut r = Reader { s: &value, pos: 0 };
    // Skip the media or disposition type.
    while r.peek().is_some_and(|c| c != ';') {
        r.bump();
    }
    let mut sections: Vec<(usize, bool, String)> = Vec::new();
    while r.bump() == Some(';') {
        r.skip_ws();
        let start = r.pos;
        while r.peek().is_some_and(|c| c != '=') {
            r.bump();
        }
        let attribute = r.s[start..r.pos].to_owned();
        r.bump();
        let raw = if r.peek() == Some('"') {
            r.quoted()
        } else {
            let start = r.pos;
            while r.peek().is_some_and(|c| c != ';' && !is_wsp(c)) {
                r.bump();
            }
            r.s[start..r.pos].to_owned()
        };
        r.skip_ws();
        let (base, extended) = match attribute.strip_suffix('*') {
            Some(b) => (b, true),
            None => (attribute.as_str(), false),
        };
        let (base, section) = match base.split_once('*') {
            Some((b, n)) => (b, n.parse::<usize>().unwrap()),
            None => (base, 0),
        };
        if base.eq_ignore_ascii_case(name) {
            sections.push((section, extended, raw));
        }
    }
    if sections.is_empty() {
        return None;
    }
    sections.sort_by_key(|s| s.0);
    let mut out = Vec::new();
    for (i, (n, extended, raw)) in sections.iter().enumerate() {
        assert_eq!(*n, i, "continuation sections out of order");
        if *extended {
            let raw = if i == 0 {
                raw.strip_prefix("utf-8''").expect("charset")
            } else {
                raw.as_str()
            };
            let b = raw.as_bytes();
            let mut j = 0;
            while j < b.len() {
                if b[j] == b'%' {
                    let hex = std::str::from_utf8(&b[j + 1..j + 3]).unwrap();
                    out.push(u8::from_str_radix(hex, 16).unwrap());
                    j += 3;
                } else {
                    out.push(b[j]);
                    j += 1;
                }
            }
        } else {
            out.extend_from_slice(raw.as_bytes());
        }
    }
    Some(String::from_utf8(out).unwrap())
}

/// Quoted-printable decoding (RFC 2045 §6.7), strict.
fn quoted_printable(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < data.len() {
        match data[i] {
            b'=' if data[i + 1..].starts_with(b"\r\n") => i += 3,
            b'=' => {
                let hex = std::str::from_utf8(&data[i + 1..i + 3]).unwrap();
                assert!(
                    hex.bytes()
                        .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
                );
                out.push(u8::from_str_radix(hex, 16).unwrap());
                i += 3;
            }
            b'\r' => {
                assert_eq!(data[i + 1], b'\n');
                assert!(
                    i == 0 || !matches!(data[i - 1], b' ' | b'\t'),
                    "trailing white space"
                );
                out.extend_from_slice(b"\r\n");
                i += 2;
            }
            c => {
                assert!(
                    c.is_ascii_graphic() || c == b' ' || c == b'\t',
                    "{c:#x} in QP"
                );
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// The body of a leaf part with its transfer encoding undone.
pub(crate) fn decoded_body(part: &Part<'_>) -> Vec<u8> {
    let raw = part.raw_body();
    match part.transfer_encoding() {
        TransferEncoding::SevenBit | TransferEncoding::EightBit => raw.to_vec(),
        TransferEncoding::QuotedPrintable => quoted_printable(raw),
        TransferEncoding::Base64 => {
            let compact: Vec<u8> = raw
                .iter()
                .copied()
                .filter(|b| !b" \r\n".contains(b))
                .collect();
            STANDARD.decode(compact).unwrap()
        }
        other => panic!("unexpected transfer encoding {other:?}"),
    }
}
