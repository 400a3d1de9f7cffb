//! RFC 2047 encoded words in header text, decoding side.
//!
//! An encoded word (RFC 2047 §2, with the language suffix of RFC 2231 §5) is
//!
//! ```text
//! encoded-word = "=?" charset ["*" language] "?" encoding "?" encoded-text "?="
//! ```
//!
//! where `encoding` is `B` (base64, §4.1) or `Q` (a quoted-printable variant in which `_` is a
//! space, §4.2), either case. [`decode_text`] decodes every encoded word of a header text;
//! [`decode_phrase`] does the same for the display-name phrase of an address.
//!
//! # What is decoded, and the leniency real mail needs
//!
//! - White space between two adjacent encoded words is dropped (§6.2); white space between an
//!   encoded word and other text is kept.
//! - Adjacent encoded words in the same charset are joined as octets *before* charset decoding,
//!   so a multi-byte character split across two words (which §5 forbids but many encoders do)
//!   comes out whole.
//! - An encoded word need not be separated from the text around it by white space
//!   (`Re:=?utf-8?q?x?=` decodes to `Re:x`), as most mail readers accept.
//! - The encoded text of a `Q` word may contain spaces and 8-bit octets (broken encoders send
//!   `=?iso-8859-1?q?caf=E9 au lait?=`); a `B` word may contain spaces. What is never decoded is
//!   something that is not an encoded word: the encoded text ends at its first `?`, which must
//!   be followed by `=`.
//! - A word that has the shape of an encoded word but an encoding other than `B` or `Q`
//!   (`=?utf-8?x?text?=`), or that starts like one (`=?charset?Q?` or `=?charset?B?`) but does
//!   not end as one, or whose text has characters its encoding does not allow (outside the base64
//!   alphabet for `B`, control characters for `Q`), is kept as it is and reported as
//!   [`DefectKind::InvalidEncodedWord`].
//! - A bad `=XX` escape in a `Q` word is kept as text ([`DefectKind::InvalidQuotedPrintable`]);
//!   a `B` word with bad padding is decoded as far as it goes ([`DefectKind::InvalidBase64`]).
//! - An unknown charset gives [`DefectKind::UnknownCharset`] and lossy UTF-8; octets invalid in
//!   their charset give [`DefectKind::MalformedCharsetData`] (see [`charset`]).
//! - Text outside encoded words is UTF-8 (RFC 6532); when it is not, it is decoded lossily and
//!   reported as [`DefectKind::InvalidUtf8InHeader`].
//! - Line breaks (CR, LF) outside encoded words are removed, so folded text can be passed
//!   as is: this is RFC 5322 §2.2.3 unfolding.
//!
//! Defect offsets are relative to the text passed in.
//!
//! [`charset`]: super::charset

use std::borrow::Cow;

use super::charset::{self, Charset};
use crate::defect::{Defect, DefectKind, push};
use crate::lex::{Cursor, is_fws};

/// An encoded word found in a text.
#[derive(Debug)]
struct EncodedWord<'t> {
    /// The charset label, without any RFC 2231 language suffix.
    charset: &'t str,
    /// `true` for the `B` encoding, `false` for `Q`.
    base64: bool,
    /// The encoded text.
    text: &'t [u8],
    /// Offset of the encoded text in the word.
    text_offset: usize,
    /// Length of the whole word, `=?` to `?=`.
    len: usize,
}

/// What `=?` starts.
#[derive(Debug)]
enum Found<'t> {
    Word(EncodedWord<'t>),
    /// It starts like an encoded word but is not one.
    Malformed,
    /// Just text.
    Text,
}

/// `true` for the octets RFC 2047 §2 allows in a charset `token` (plus `.`, which real charset
/// names such as `ANSI_X3.4-1968` contain, and `*` for the RFC 2231 language suffix).
#[inline]
fn is_charset_char(b: u8) -> bool {
    super::is_token_octet(b)
}

/// Reads the encoded word that `s` starts with (`s` starts with `=?`).
fn parse_word(s: &[u8]) -> Found<'_> {
    let rest = s.get(2..).unwrap_or_default();
    let Some(q1) = memchr::memchr(b'?', rest) else {
        return Found::Text;
    };
    let label = rest.get(..q1).unwrap_or_default();
    if label.is_empty() || !label.iter().all(|&b| is_charset_char(b)) {
        return Found::Text;
    }
    let base64 = match (rest.get(q1 + 1), rest.get(q1 + 2)) {
        (Some(b'B' | b'b'), Some(b'?')) => true,
        (Some(b'Q' | b'q'), Some(b'?')) => false,
        // An encoding this decoder does not know (§6.2: shown as text), reported when the
        // rest has the shape of an encoded word.
        (Some(e), Some(b'?')) if e.is_ascii_alphanumeric() => {
            let after = rest.get(q1 + 3..).unwrap_or_default();
            return match memchr::memchr(b'?', after) {
                Some(end) if after.get(end + 1) == Some(&b'=') => Found::Malformed,
                _ => Found::Text,
            };
        }
        _ => return Found::Text,
    };
    let text_offset = 2 + q1 + 3;
    let text_and_rest = s.get(text_offset..).unwrap_or_default();
    let Some(end) = memchr::memchr(b'?', text_and_rest) else {
        return Found::Malformed;
    };
    if text_and_rest.get(end + 1) != Some(&b'=') {
        return Found::Malformed;
    }
    // The encoded text is checked as it is decoded (see `Writer::word`).
    let text = text_and_rest.get(..end).unwrap_or_default();
    // The label is ASCII (checked above).
    let label = std::str::from_utf8(label).unwrap_or_default();
    let charset = label.split('*').next().unwrap_or(label);
    Found::Word(EncodedWord {
        charset,
        base64,
        text,
        text_offset,
        len: text_offset + end + 2,
    })
}

/// Offset of the first `a` immediately followed by `b` (a `memchr` scan: cheaper than building
/// a substring searcher for short header text).
#[inline]
pub(crate) fn find_pair(s: &[u8], a: u8, b: u8) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = memchr::memchr(a, s.get(from..)?) {
        let at = from + i;
        if s.get(at + 1) == Some(&b) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// `true` for linear white space in (possibly still folded) header text.
#[inline]
fn is_lwsp(b: u8) -> bool {
    is_fws(b)
}

/// A charset label kept without allocating: only needed to join words whose unknown charset
/// has the same name. Longer labels are cut (they are not real charset names anyway).
#[derive(Debug, Clone, Copy, Default)]
struct Label {
    bytes: [u8; 32],
    len: usize,
}

impl Label {
    fn new(label: &str) -> Self {
        let mut l = Label::default();
        for (slot, b) in l.bytes.iter_mut().zip(label.bytes()) {
            *slot = b;
            l.len += 1;
        }
        l
    }

    fn is(&self, label: &str) -> bool {
        let other = Label::new(label);
        self.len == other.len && self.bytes.eq_ignore_ascii_case(&other.bytes)
    }
}

/// White space held after an encoded word, without its line breaks. It is usually a few
/// octets, kept inline; a longer run spills into a string.
#[derive(Debug, Default)]
struct Held {
    inline: [u8; 16],
    len: usize,
    spill: String,
}

impl Held {
    fn push(&mut self, seg: &[u8]) {
        for &b in seg.iter().filter(|&&b| b != b'\r' && b != b'\n') {
            match self.inline.get_mut(self.len) {
                Some(slot) if self.spill.is_empty() => {
                    *slot = b;
                    self.len += 1;
                }
                _ => self.spill.push(char::from(b)),
            }
        }
    }

    fn clear(&mut self) {
        self.len = 0;
        self.spill.clear();
    }

    fn emit(&mut self, out: &mut String) {
        // Only spaces and tabs are held: ASCII.
        let inline = self.inline.get(..self.len).unwrap_or_default();
        out.push_str(std::str::from_utf8(inline).unwrap_or_default());
        out.push_str(&self.spill);
        self.clear();
    }
}

/// Builds the decoded text: plain text, held white space, and the octets of a run of adjacent
/// encoded words waiting for their charset decoding.
struct Writer<'d> {
    out: String,
    /// Decoded octets of adjacent encoded words that share a charset.
    pending: Vec<u8>,
    pending_label: Label,
    pending_charset: Option<Charset>,
    pending_offset: usize,
    has_pending: bool,
    /// White space after an encoded word: dropped if another encoded word follows.
    held: Held,
    after_word: bool,
    /// Whether any encoded word was decoded (the output differs from the input).
    decoded: bool,
    defects: &'d mut Vec<Defect>,
}

impl<'d> Writer<'d> {
    fn new(capacity: usize, defects: &'d mut Vec<Defect>) -> Self {
        Writer {
            out: String::new(),
            pending: Vec::with_capacity(capacity),
            pending_label: Label::default(),
            pending_charset: None,
            pending_offset: 0,
            has_pending: false,
            held: Held::default(),
            after_word: false,
            decoded: false,
            defects,
        }
    }

    /// Text that is not an encoded word, found at `offset`.
    fn text(&mut self, seg: &[u8], offset: usize) {
        if seg.is_empty() {
            return;
        }
        if self.after_word && seg.iter().all(|&b| is_lwsp(b)) {
            self.held.push(seg);
            return;
        }
        self.flush();
        push_utf8(&mut self.out, seg, offset, self.defects);
    }

    /// An encoded word found at `offset`.
    /// An encoded word found at `offset`; `false` (and nothing written) if its text holds
    /// characters its encoding does not allow (outside the base64 alphabet for `B`, control
    /// characters for `Q`), so that it is not an encoded word after all.
    fn word(&mut self, w: &EncodedWord<'_>, offset: usize) -> bool {
        let resolved = charset::lookup(w.charset);
        let same = match (self.pending_charset, resolved) {
            (Some(a), Some(b)) => a == b,
            (None, None) => self.pending_label.is(w.charset),
            _ => false,
        };
        if self.has_pending && !same {
            self.flush_pending();
        }
        let text_at = offset + w.text_offset;
        if w.base64 {
            let mut defects = Vec::new();
            if !super::base64::decode_word(w.text, &mut self.pending, &mut defects) {
                return false;
            }
            self.defects.extend(
                defects
                    .into_iter()
                    .map(|d| Defect::new(d.kind, d.offset + text_at)),
            );
        } else if !super::quoted_printable::decode_q_into(
            w.text,
            &mut self.pending,
            text_at,
            self.defects,
        ) {
            return false;
        }
        if !self.has_pending {
            self.pending_label = match resolved {
                None => Label::new(w.charset),
                Some(_) => Label::default(),
            };
            self.pending_charset = resolved;
            self.pending_offset = offset;
            self.has_pending = true;
        }
        self.held.clear();
        self.after_word = true;
        self.decoded = true;
        true
    }

    fn flush_pending(&mut self) {
        if !self.has_pending {
            return;
        }
        let mut found = Vec::new();
        let mut moved = false;
        if self.out.is_empty() && self.pending_charset == Some(Charset::Utf8) {
            // The text so far is this run of words: if it is UTF-8, move it instead of copying.
            match String::from_utf8(std::mem::take(&mut self.pending)) {
                Ok(text) => {
                    self.out = text;
                    moved = true;
                }
                Err(e) => self.pending = e.into_bytes(),
            }
        }
        if !moved {
            charset::decode_append(
                self.pending_charset,
                &self.pending,
                &mut self.out,
                &mut found,
            );
        }
        for d in found {
            push(self.defects, d.kind, self.pending_offset);
        }
        self.pending.clear();
        self.has_pending = false;
    }

    fn flush(&mut self) {
        self.flush_pending();
        self.held.emit(&mut self.out);
        self.after_word = false;
    }

    fn finish(mut self) -> String {
        self.flush();
        self.out
    }
}

/// Appends `seg` (found at `offset`) as UTF-8 without its line breaks; invalid UTF-8 is
/// replaced and reported as [`DefectKind::InvalidUtf8InHeader`].
fn push_utf8(out: &mut String, seg: &[u8], offset: usize, defects: &mut Vec<Defect>) {
    let mut start = 0;
    for piece in seg.split(|&b| b == b'\r' || b == b'\n') {
        match std::str::from_utf8(piece) {
            Ok(s) => out.push_str(s),
            Err(e) => {
                push(
                    defects,
                    DefectKind::InvalidUtf8InHeader,
                    offset + start + e.valid_up_to(),
                );
                out.push_str(&String::from_utf8_lossy(piece));
            }
        }
        start += piece.len() + 1;
    }
}

/// Feeds `seg` (found at `offset`) to the writer, encoded words and text in turn.
fn scan(w: &mut Writer<'_>, seg: &[u8], offset: usize) {
    let mut copied = 0;
    let mut search = 0;
    while let Some(found) = find_pair(seg.get(search..).unwrap_or_default(), b'=', b'?') {
        let start = search + found;
        match parse_word(seg.get(start..).unwrap_or_default()) {
            Found::Word(word) => {
                w.text(seg.get(copied..start).unwrap_or_default(), offset + copied);
                copied = start;
                if w.word(&word, offset + start) {
                    copied = start + word.len;
                    search = copied;
                } else {
                    push(w.defects, DefectKind::InvalidEncodedWord, offset + start);
                    search = start + 2;
                }
            }
            Found::Malformed => {
                push(w.defects, DefectKind::InvalidEncodedWord, offset + start);
                search = start + 2;
            }
            Found::Text => search = start + 2,
        }
    }
    w.text(seg.get(copied..).unwrap_or_default(), offset + copied);
}

/// Decodes header text: every RFC 2047 encoded word is decoded, white space between adjacent
/// encoded words is dropped (§6.2), and the rest is taken as UTF-8 (see the
/// [module docs](self) for the details and the leniency).
///
/// The text should already be unfolded (line breaks are removed if it is not). It is
/// unstructured text (RFC 5322 §3.2.5): parentheses and quotes are ordinary characters.
/// Borrowed when there is no encoded word, no line break and the text is valid UTF-8.
///
/// # Phrases
///
/// A display-name phrase (RFC 5322 §3.2.5 `phrase`, RFC 2047 §5 (3)) gives the same result as
/// this function when its words (atoms and quoted-string contents) are joined by single
/// spaces; [`decode_phrase`] does that from the raw phrase.
///
/// ```
/// # use mail_message::decode::rfc2047::decode_text;
/// let mut defects = Vec::new();
/// let subject = b"=?ISO-8859-1?B?SWYgeW91IGNhbiByZWFkIHRoaXMgeW8=?= \
///                 =?ISO-8859-2?B?dSB1bmRlcnN0YW5kIHRoZSBleGFtcGxlLg==?=";
/// assert_eq!(
///     decode_text(subject, &mut defects),
///     "If you can read this you understand the example."
/// );
/// assert!(defects.is_empty());
/// ```
pub fn decode_text<'a>(text: &'a [u8], defects: &mut Vec<Defect>) -> Cow<'a, str> {
    decode_at(text, 0, defects)
}

/// [`decode_text`] with defect offsets shifted by `offset`.
pub(crate) fn decode_at<'a>(
    text: &'a [u8],
    offset: usize,
    defects: &mut Vec<Defect>,
) -> Cow<'a, str> {
    let folded = memchr::memchr2(b'\r', b'\n', text).is_some();
    if !folded && find_pair(text, b'=', b'?').is_none() {
        return utf8_at(text, offset, defects);
    }
    let mut w = Writer::new(text.len(), defects);
    scan(&mut w, text, offset);
    let decoded = w.decoded;
    let out = w.finish();
    if !decoded
        && !folded
        && let Ok(s) = std::str::from_utf8(text)
    {
        return Cow::Borrowed(s);
    }
    Cow::Owned(out)
}

/// [`decode_at`] for owned or borrowed text.
pub(crate) fn decode_cow<'a>(
    text: Cow<'a, [u8]>,
    offset: usize,
    defects: &mut Vec<Defect>,
) -> Cow<'a, str> {
    match text {
        Cow::Borrowed(t) => decode_at(t, offset, defects),
        Cow::Owned(v) => match decode_at(&v, offset, defects) {
            Cow::Owned(s) => Cow::Owned(s),
            Cow::Borrowed(_) => Cow::Owned(
                String::from_utf8(v)
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into()),
            ),
        },
    }
}

/// UTF-8 text, borrowed when valid, else lossy with [`DefectKind::InvalidUtf8InHeader`].
fn utf8_at<'a>(text: &'a [u8], offset: usize, defects: &mut Vec<Defect>) -> Cow<'a, str> {
    match std::str::from_utf8(text) {
        Ok(s) => Cow::Borrowed(s),
        Err(e) => {
            push(
                defects,
                DefectKind::InvalidUtf8InHeader,
                offset + e.valid_up_to(),
            );
            String::from_utf8_lossy(text)
        }
    }
}

/// Decodes a display-name phrase (RFC 5322 §3.2.5 `phrase` and the `obs-phrase` of §4.1) from
/// its raw bytes as they appear in the field, e.g. `"Joe Q. Public"`, `Joe Q. Public`,
/// `=?utf-8?q?J=C3=B6rg?= (comment) Doe`:
///
/// - the words are atoms (any run of octets other than white space, `"` and `(`, so the `.`
///   of `obs-phrase` and 8-bit UTF-8 stay in the word) and quoted strings (quotes removed,
///   quoted pairs resolved, folds removed);
/// - comments are dropped; words that were separated by white space or comments are joined
///   by one space, words that touched stay touching;
/// - encoded words are decoded as by [`decode_text`], white space between two of them dropped.
///   RFC 2047 §5 (3) forbids encoded words inside quoted strings, but many mailers put them
///   there (`"=?utf-8?B?...?=" <a@example.com>`) and every major reader decodes them, so they
///   are decoded too.
///
/// Borrowed when the phrase needs no change: plain words separated by single spaces, or one
/// quoted string without quoted pairs. An unterminated comment or quoted string ends the
/// phrase and is reported ([`DefectKind::UnterminatedComment`],
/// [`DefectKind::UnterminatedQuotedString`]); defect offsets are relative to `raw`.
///
/// ```
/// # use mail_message::decode::rfc2047::decode_phrase;
/// let mut defects = Vec::new();
/// assert_eq!(decode_phrase(b" \"Joe Q. Public\" ", &mut defects), "Joe Q. Public");
/// assert_eq!(
///     decode_phrase(b"=?ISO-8859-1?Q?Patrik_F=E4ltstr=F6m?=", &mut defects),
///     "Patrik Fältström"
/// );
/// assert_eq!(decode_phrase(b"Pete(A nice \\) chap)  Resnick", &mut defects), "Pete Resnick");
/// assert!(defects.is_empty());
/// ```
pub fn decode_phrase<'a>(raw: &'a [u8], defects: &mut Vec<Defect>) -> Cow<'a, str> {
    let start = raw.iter().position(|&b| !is_fws(b)).unwrap_or(raw.len());
    let end = raw
        .iter()
        .rposition(|&b| !is_fws(b))
        .map_or(start, |e| e + 1);
    let t = raw.get(start..end).unwrap_or_default();
    let no_encoded_word = find_pair(t, b'=', b'?').is_none();
    let plain = !t
        .iter()
        .any(|&b| matches!(b, b'"' | b'(' | b'\r' | b'\n' | b'\t'))
        && find_pair(t, b' ', b' ').is_none();
    if plain && no_encoded_word {
        return utf8_at(t, start, defects);
    }
    if no_encoded_word
        && let Some(inner) = t
            .strip_prefix(b"\"")
            .and_then(|s| s.strip_suffix(b"\""))
            .filter(|s| !s.iter().any(|&b| matches!(b, b'"' | b'\\' | b'\r' | b'\n')))
    {
        return utf8_at(inner, start + 1, defects);
    }
    let mut w = Writer::new(t.len(), defects);
    let mut c = Cursor::new(raw);
    let mut first = true;
    loop {
        let before = c.pos();
        if c.skip_cfws().is_err() {
            push(w.defects, DefectKind::UnterminatedComment, before);
            break;
        }
        let Some(next) = c.peek() else { break };
        if !first && c.pos() > before {
            w.text(b" ", before);
        }
        first = false;
        let at = c.pos();
        if next == b'"' {
            match c.quoted_string() {
                Ok(content) => scan(&mut w, &content, at + 1),
                Err(_) => {
                    push(w.defects, DefectKind::UnterminatedQuotedString, at);
                    let rest = raw.get(at + 1..).unwrap_or_default();
                    let content: Vec<u8> = rest
                        .iter()
                        .copied()
                        .filter(|&b| b != b'\r' && b != b'\n')
                        .collect();
                    scan(&mut w, &content, at + 1);
                    break;
                }
            }
        } else {
            let word = c.take_while(|b| !is_fws(b) && b != b'"' && b != b'(');
            if word.is_empty() {
                c.bump();
                continue;
            }
            scan(&mut w, word, at);
        }
    }
    Cow::Owned(w.finish())
}
