//! The quoted-printable content transfer encoding, decoding side (RFC 2045 §6.7), and the
//! "Q" encoding of RFC 2047 §4.2 that header encoded words use.
//!
//! Decoding follows the rules of RFC 2045 §6.7 and the robustness advice of its closing note:
//!
//! - `=XX` gives the octet `XX`; lowercase hex digits are accepted (note (1));
//! - `=` at the end of a line, optionally followed by transport padding (spaces or tabs), is a
//!   soft line break and vanishes with its line break (rule 5); so does an `=` at the very end
//!   of the data, which is how an encoder says the text does not end with a line break;
//! - white space at the end of a line is deleted, "as it will necessarily have been added by
//!   intermediate transport agents" (rule 3); white space that was encoded (`=20`) stays;
//! - line breaks are kept as they are in the input: CRLF stays CRLF, a bare LF stays LF;
//! - any other `=` is kept as it is, with the bytes after it, and reported as
//!   [`DefectKind::InvalidQuotedPrintable`] (notes (2) and (3));
//! - other octets, even control characters and 8-bit octets that an encoder should have
//!   escaped, are kept (note (4) allows either choice; keeping them loses nothing).

use std::borrow::Cow;

use crate::defect::{Defect, DefectKind, push};

#[cfg(test)]
mod reference;

/// The value of an ASCII hex digit (either case).
#[inline]
fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'A'..=b'F' => Some(b - b'A' + 10),
        b'a'..=b'f' => Some(b - b'a' + 10),
        _ => None,
    }
}

/// The octet of the escape `=XX` whose two hex digits start `rest`, if they are hex digits.
#[inline]
pub(crate) fn hex_pair(rest: &[u8]) -> Option<u8> {
    let hi = hex_value(*rest.first()?)?;
    let lo = hex_value(*rest.get(1)?)?;
    Some(hi << 4 | lo)
}

#[inline]
fn is_wsp(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// Where decoding goes: the driver ([`run`]) hands over the literal runs that survive each
/// change and the octets of the escapes; a sink that cannot take a piece stops the run.
trait Sink {
    /// `input[from..to]` is kept as it is (it precedes a change).
    fn literal(&mut self, from: usize, to: usize) -> Option<()>;
    /// The octet of an `=XX` escape.
    fn octet(&mut self, octet: u8);
}

/// Octets: the output is allocated at the first change, so unchanged data stays borrowed.
struct Octets<'b> {
    input: &'b [u8],
    out: Option<Vec<u8>>,
}

impl Sink for Octets<'_> {
    #[inline]
    fn literal(&mut self, from: usize, to: usize) -> Option<()> {
        let input = self.input;
        let out = self
            .out
            .get_or_insert_with(|| Vec::with_capacity(input.len()));
        out.extend_from_slice(input.get(from..to).unwrap_or_default());
        Some(())
    }

    #[inline]
    fn octet(&mut self, octet: u8) {
        if let Some(out) = self.out.as_mut() {
            out.push(octet);
        }
    }
}

/// Text: the input was checked as UTF-8 once, so every literal run (cut at ASCII octets) is
/// text as it is; the octets of escapes are gathered and checked when the next literal run
/// (or the end) comes, so a character whose octets a soft line break splits still decodes.
/// Escapes that are not UTF-8 on their own stop the run.
struct Text<'b> {
    text: &'b str,
    out: Option<String>,
    escaped: Vec<u8>,
}

impl Text<'_> {
    #[inline]
    fn flush(&mut self) -> Option<()> {
        match *self.escaped.as_slice() {
            [] => return Some(()),
            // The usual escapes: an ASCII octet (`=3D`) or a two-octet character (`=C3=A9`).
            [a] if a.is_ascii() => self.out.as_mut()?.push(char::from(a)),
            [a @ 0xC2..=0xDF, b @ 0x80..=0xBF] => {
                let c = char::from_u32(u32::from(a & 0x1F) << 6 | u32::from(b & 0x3F))?;
                self.out.as_mut()?.push(c);
            }
            _ => {
                let piece = std::str::from_utf8(&self.escaped).ok()?;
                self.out.as_mut()?.push_str(piece);
            }
        }
        self.escaped.clear();
        Some(())
    }
}

impl Sink for Text<'_> {
    #[inline]
    fn literal(&mut self, from: usize, to: usize) -> Option<()> {
        if to > from {
            self.flush()?;
        }
        let text = self.text;
        let out = self
            .out
            .get_or_insert_with(|| String::with_capacity(text.len()));
        out.push_str(text.get(from..to)?);
        Some(())
    }

    #[inline]
    fn octet(&mut self, octet: u8) {
        self.escaped.push(octet);
    }
}

/// Octets scanned per block when looking for the next event.
const BLOCK: usize = 32;

/// `true` where decoding has something to do at `b` (preceded by `prev`): an `=`, or a CR or
/// LF after a space or tab (where rule 3 may have white space to delete).
#[inline(always)]
fn is_event(prev: u8, b: u8) -> bool {
    (b == b'=') | (((b == b'\r') | (b == b'\n')) & ((prev == b' ') | (prev == b'\t')))
}

/// The index of the first event in a block (which has one).
#[inline]
fn first_in_block(prev: &[u8; BLOCK], cur: &[u8; BLOCK]) -> usize {
    let mut hits = [0u8; BLOCK];
    for ((h, &p), &c) in hits.iter_mut().zip(prev).zip(cur) {
        *h = if is_event(p, c) { 0xFF } else { 0 };
    }
    let (lo, hi) = hits.split_at(BLOCK / 2);
    let lo = u128::from_le_bytes(lo.try_into().unwrap_or([0; BLOCK / 2]));
    let hi = u128::from_le_bytes(hi.try_into().unwrap_or([0; BLOCK / 2]));
    if lo != 0 {
        (lo.trailing_zeros() / 8) as usize
    } else {
        BLOCK / 2 + (hi.trailing_zeros() / 8) as usize
    }
}

/// The offset (at least `from`) of the next event ([`is_event`]), or the input length. Blocks
/// of [`BLOCK`] octets are tested at once (the loops compile to vector compares, with no call
/// per event as `memchr` would make); the block with a hit gives its first one by a mask.
fn next_event(input: &[u8], from: usize) -> usize {
    if from == 0 && input.first() == Some(&b'=') {
        return 0;
    }
    let start = from.max(1);
    let (Some(prev), Some(cur)) = (input.get(start - 1..), input.get(start..)) else {
        return input.len();
    };
    let mut offset = 0;
    for (p, c) in prev.chunks_exact(BLOCK).zip(cur.chunks_exact(BLOCK)) {
        let (Ok(p), Ok(c)) = (<&[u8; BLOCK]>::try_from(p), <&[u8; BLOCK]>::try_from(c)) else {
            break;
        };
        let mut hit = 0u8;
        for (&p, &c) in p.iter().zip(c) {
            hit |= u8::from(is_event(p, c));
        }
        if hit != 0 {
            return start + offset + first_in_block(p, c);
        }
        offset += BLOCK;
    }
    let mut i = start + offset;
    while let (Some(&p), Some(&c)) = (input.get(i - 1), input.get(i)) {
        if is_event(p, c) {
            return i;
        }
        i += 1;
    }
    input.len()
}

/// The length of the soft line break whose `=` is at `at` (the `=`, transport padding and the
/// line break, if any), or `None` if the `=` is not followed by padding and a line break or
/// the end of the data (RFC 2045 §6.7 rule 5).
#[inline]
fn soft_break(input: &[u8], at: usize) -> Option<usize> {
    let rest = input.get(at + 1..).unwrap_or_default();
    let padding = rest.iter().take_while(|&&b| is_wsp(b)).count();
    let after = rest.get(padding..).unwrap_or_default();
    let line_break = match after {
        [] => 0,
        [b'\r', b'\n', ..] => 2,
        [b'\n', ..] => 1,
        _ => return None,
    };
    Some(1 + padding + line_break)
}

/// The decoding rules of RFC 2045 §6.7 over `input`, feeding `sink`: `=` and white space
/// before a line break are found by [`next_event`] (escapes of one character are taken in a
/// run), and the octets between are handed over as whole runs. Returns
/// where the last literal run starts (`0` if nothing changed), or `None` if the sink stopped.
fn run(input: &[u8], sink: &mut impl Sink, defects: &mut Vec<Defect>) -> Option<usize> {
    let len = input.len();
    // Start of the literal run: input from here on is kept until the next change.
    let mut literal = 0;
    let mut pos = 0;
    let mut next = next_event(input, 0);
    loop {
        if next < pos {
            next = next_event(input, pos);
        }
        let at = next;
        if at >= len {
            break;
        }
        if input.get(at) == Some(&b'=') {
            if let Some(octet) = hex_pair(input.get(at + 1..).unwrap_or_default()) {
                sink.literal(literal, at)?;
                sink.octet(octet);
                pos = at + 3;
                // Escapes come in runs (the octets of one non-ASCII character).
                while let Some(octet) = input
                    .get(pos..pos + 3)
                    .filter(|e| e.first() == Some(&b'='))
                    .and_then(|e| hex_pair(e.get(1..).unwrap_or_default()))
                {
                    sink.octet(octet);
                    pos += 3;
                }
                literal = pos;
            } else if let Some(n) = soft_break(input, at) {
                sink.literal(literal, at)?;
                pos = at + n;
                literal = pos;
            } else {
                push(defects, DefectKind::InvalidQuotedPrintable, at);
                pos = at + 1;
            }
            continue;
        }
        // A CR or LF after white space. A CR not followed by LF is no line break: the octets
        // stay. Otherwise rule 3: the literal white space before the line break goes.
        pos = at + 1;
        if input.get(at) == Some(&b'\r') && input.get(at + 1) != Some(&b'\n') {
            continue;
        }
        let kept = trailing_wsp_start(input, literal, at);
        if kept < at {
            sink.literal(literal, kept)?;
            literal = at;
        }
    }
    // The last line has no line break; its trailing white space goes too.
    let kept = trailing_wsp_start(input, literal, len);
    if kept < len {
        sink.literal(literal, kept)?;
        literal = len;
    }
    Some(literal)
}

/// Decodes quoted-printable data (RFC 2045 §6.7; see the [module docs](self) for the exact
/// rules). Borrowed when there is nothing to change: no `=` and no white space at a line end.
///
/// ```
/// # use mail_message::decode::quoted_printable::decode;
/// let mut defects = Vec::new();
/// let text = decode(b"Now's the time =\r\nfor all folk to come=\r\n to the aid", &mut defects);
/// assert_eq!(&*text, b"Now's the time for all folk to come to the aid");
/// assert!(defects.is_empty());
/// ```
pub fn decode<'b>(input: &'b [u8], defects: &mut Vec<Defect>) -> Cow<'b, [u8]> {
    let mut sink = Octets { input, out: None };
    // The octet sink never stops the run.
    let rest = run(input, &mut sink, defects).unwrap_or(0);
    match sink.out {
        None => Cow::Borrowed(input),
        Some(mut out) => {
            out.extend_from_slice(input.get(rest..).unwrap_or_default());
            Cow::Owned(out)
        }
    }
}

/// [`decode`] for text that is UTF-8 once decoded, written straight into a `String`: `None`
/// (with no defect added) if `input` is not UTF-8 or its escapes do not decode to UTF-8
/// characters; then [`decode`] gives the octets. When it answers, the text has exactly the
/// octets and defects [`decode`] gives (borrowed when nothing changes).
pub(crate) fn decode_utf8<'b>(input: &'b [u8], defects: &mut Vec<Defect>) -> Option<Cow<'b, str>> {
    let text = simdutf8::basic::from_utf8(input).ok()?;
    let mut sink = Text {
        text,
        out: None,
        escaped: Vec::new(),
    };
    let before = defects.len();
    let finished = run(input, &mut sink, defects).and_then(|rest| {
        sink.flush()?;
        Some(rest)
    });
    let Some(rest) = finished else {
        defects.truncate(before);
        return None;
    };
    match sink.out {
        None => Some(Cow::Borrowed(text)),
        Some(mut out) => {
            out.push_str(text.get(rest..)?);
            Some(Cow::Owned(out))
        }
    }
}

/// Where the run of literal white space that ends `input[from..end]` starts.
fn trailing_wsp_start(input: &[u8], from: usize, end: usize) -> usize {
    let segment = input.get(from..end).unwrap_or_default();
    let n = segment.iter().rev().take_while(|&&b| is_wsp(b)).count();
    end - n
}

/// Decodes the encoded text of an RFC 2047 §4.2 "Q" encoded word, appending the octets to
/// `out`: `_` is a space (octet 0x20), `=XX` is the octet `XX` (either case), anything else is
/// itself. A bad `=` is kept as it is and reported as [`DefectKind::InvalidQuotedPrintable`]
/// at `offset` plus its position in `text`.
///
/// Returns `false`, with nothing appended or reported, if the text holds a control character
/// (other than a tab): then it is not an encoded word.
pub(crate) fn decode_q_into(
    text: &[u8],
    out: &mut Vec<u8>,
    offset: usize,
    defects: &mut Vec<Defect>,
) -> bool {
    // Encoded words are short and dense with escapes: the octets are written into place in one
    // pass (the output is never longer than the text), with no call per run or per escape.
    let start = out.len();
    out.resize(start + text.len(), 0);
    let mut bad_escapes = Vec::new();
    let mut written = 0;
    let mut valid = true;
    if let Some(buf) = out.get_mut(start..) {
        let mut i = 0;
        while let Some(&b) = text.get(i) {
            let (octet, step) = match b {
                b'_' => (b' ', 1),
                b'=' => match hex_pair(text.get(i + 1..).unwrap_or_default()) {
                    Some(octet) => (octet, 3),
                    None => {
                        bad_escapes.push(offset + i);
                        (b'=', 1)
                    }
                },
                0x00..=0x08 | 0x0A..=0x1F | 0x7F => {
                    valid = false;
                    break;
                }
                _ => (b, 1),
            };
            if let Some(slot) = buf.get_mut(written) {
                *slot = octet;
            }
            written += 1;
            i += step;
        }
    }
    if !valid {
        out.truncate(start);
        return false;
    }
    out.truncate(start + written);
    for at in bad_escapes {
        push(defects, DefectKind::InvalidQuotedPrintable, at);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(input: &[u8]) -> (Cow<'_, [u8]>, Vec<(DefectKind, usize)>) {
        let mut d = Vec::new();
        let out = decode(input, &mut d);
        (out, d.into_iter().map(|d| (d.kind, d.offset)).collect())
    }

    #[test]
    fn borrowed_when_unchanged() {
        assert!(matches!(run(b"plain\r\ntext\n").0, Cow::Borrowed(_)));
        assert!(matches!(run(b"").0, Cow::Borrowed(_)));
        assert!(matches!(run(b"a b\tc").0, Cow::Borrowed(_)));
    }

    #[test]
    fn escapes_and_breaks() {
        assert_eq!(&*run(b"caf=C3=A9 =3d =3D").0, "café = =".as_bytes());
        assert_eq!(&*run(b"a=\r\nb=\nc=  \r\nd= \t").0, b"abcd");
        assert_eq!(&*run(b"x  \r\ny\t\nz ").0, b"x\r\ny\nz");
        assert_eq!(&*run(b"=20 \r\n").0, b" \r\n");
        assert_eq!(&*run(b"=41x").0, b"Ax");
        // Escapes at every offset of a long body (across the scan's blocks).
        for at in 0..70 {
            let mut body = vec![b'x'; 100];
            body.splice(at..at, *b"=3D");
            assert_eq!(
                &*run(&body).0,
                [&[b'x'; 100][..at], b"=", &[b'x'; 100][at..]].concat()
            );
        }
    }

    #[test]
    fn bad_escapes() {
        let (out, d) = run(b"a=G1 b=\r = c=4");
        assert_eq!(&*out, b"a=G1 b=\r = c=4");
        assert_eq!(
            d,
            vec![
                (DefectKind::InvalidQuotedPrintable, 1),
                (DefectKind::InvalidQuotedPrintable, 6),
                (DefectKind::InvalidQuotedPrintable, 9),
                (DefectKind::InvalidQuotedPrintable, 12),
            ]
        );
    }

    /// The decoder's octets and defects, and those of the previous decoder (the oracle).
    fn against_reference(input: &[u8]) {
        let (mut d_new, mut d_ref) = (Vec::new(), Vec::new());
        let new = decode(input, &mut d_new);
        let old = reference::decode(input, &mut d_ref);
        assert_eq!(new, old, "{:?}", String::from_utf8_lossy(input));
        assert_eq!(
            matches!(new, Cow::Borrowed(_)),
            matches!(old, Cow::Borrowed(_)),
            "{:?}",
            String::from_utf8_lossy(input)
        );
        assert_eq!(d_new, d_ref, "{:?}", String::from_utf8_lossy(input));
        // The text path: when it answers, the same octets, defects and borrowing.
        let mut d_text = Vec::new();
        match decode_utf8(input, &mut d_text) {
            Some(text) => {
                assert_eq!(text.as_bytes(), &*old);
                assert_eq!(
                    matches!(text, Cow::Borrowed(_)),
                    matches!(old, Cow::Borrowed(_))
                );
                assert_eq!(d_text, d_ref);
            }
            None => {
                assert!(d_text.is_empty());
                // It declines only when the input or the decoded escapes are not UTF-8.
                assert!(
                    std::str::from_utf8(input).is_err() || std::str::from_utf8(&old).is_err(),
                    "{:?}",
                    String::from_utf8_lossy(input)
                );
            }
        }
    }

    #[test]
    fn rule_3_white_space_before_line_breaks() {
        // Literal white space before CRLF, LF and the end of the data goes; encoded stays.
        assert_eq!(&*run(b"a \t\r\nb\t\nc  ").0, b"a\r\nb\nc");
        assert_eq!(&*run(b"=20\r\n=09\n=20").0, b" \r\n\t\n ");
        assert_eq!(&*run(b"=41 \r\n").0, b"A\r\n");
        // A CR that no LF follows is no line break: the white space before it stays.
        assert_eq!(&*run(b"a \rb").0, b"a \rb");
        assert!(matches!(run(b"a \rb").0, Cow::Borrowed(_)));
        assert_eq!(&*run(b"a \r\rb \r").0, b"a \r\rb \r");
        // Only the white space of the last line: a CR between stops it.
        assert_eq!(&*run(b"a \r \r\n").0, b"a \r\r\n");
        // White space before the `=` of a soft break stays (it is not at a line end).
        assert_eq!(&*run(b"a  =\r\nb").0, b"a  b");
        for input in [
            &b"a \t\r\nb\t\nc  "[..],
            b"=20\r\n=09\n=20",
            b"a \rb",
            b"a \r\rb \r",
            b"a \r \r\n",
            b"a  =\r\nb",
            b" \n \r\n\t",
            b"=\r\n \r\n",
        ] {
            against_reference(input);
        }
    }

    #[test]
    fn rule_5_soft_line_breaks() {
        // `=` then transport padding then CRLF, LF or the end of the data.
        assert_eq!(&*run(b"a= \t\r\nb=\nc=  ").0, b"abc");
        assert_eq!(&*run(b"a=").0, b"a");
        // `=` then padding then anything else is not a soft break.
        let (out, d) = run(b"a= b");
        assert_eq!(&*out, b"a= b");
        assert_eq!(d, vec![(DefectKind::InvalidQuotedPrintable, 1)]);
        // `=` then CR without LF.
        let (out, d) = run(b"a=\rb");
        assert_eq!(&*out, b"a=\rb");
        assert_eq!(d, vec![(DefectKind::InvalidQuotedPrintable, 1)]);
    }

    #[test]
    fn text_path() {
        let mut d = Vec::new();
        // A character whose escapes a soft line break splits.
        assert_eq!(
            decode_utf8(b"caf=C3=\r\n=A9!", &mut d).as_deref(),
            Some("café!")
        );
        assert_eq!(decode_utf8(b"na=C3=AFve", &mut d).as_deref(), Some("naïve"));
        assert!(matches!(
            decode_utf8(b"plain \xC3\xA9", &mut d),
            Some(Cow::Borrowed(_))
        ));
        // Escapes that are not UTF-8, or input that is not: declined, nothing reported.
        assert_eq!(decode_utf8(b"caf=E9 =G", &mut d), None);
        assert_eq!(decode_utf8(b"caf\xE9 =G", &mut d), None);
        assert_eq!(decode_utf8(b"=C3 =A9", &mut d), None);
        // The two-octet characters at the edges, and pairs that are not characters.
        assert_eq!(
            decode_utf8(b"=C2=80 =DF=BF =3D", &mut d).as_deref(),
            Some("\u{80} \u{7FF} =")
        );
        assert_eq!(decode_utf8(b"=C1=BF", &mut d), None);
        assert_eq!(decode_utf8(b"=C2=C0", &mut d), None);
        assert_eq!(decode_utf8(b"=E0=A4", &mut d), None);
        assert_eq!(decode_utf8(b"=80", &mut d), None);
        assert!(d.is_empty());
        // Bad escapes are reported as by the octet path.
        assert_eq!(
            decode_utf8(b"a=G1 =C3=A9", &mut d).as_deref(),
            Some("a=G1 é")
        );
        assert_eq!(d, vec![Defect::new(DefectKind::InvalidQuotedPrintable, 1)]);
    }

    #[test]
    fn long_bodies_cross_the_blocks() {
        // White space before a break at every offset of a block, in a long body.
        for at in 0..70 {
            let mut body = vec![b'x'; 200];
            body.splice(at..at, *b" \r\n");
            body.splice(at + 100..at + 100, *b"=41\t\n");
            against_reference(&body);
            let out = run(&body).0;
            assert_eq!(out.len(), 200 + 2 + 1 + 1);
        }
    }

    proptest::proptest! {
        #[test]
        fn same_as_the_previous_decoder(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "=", "=3D", "=3d", "=C3", "=A9", "=C3=A9", "=E9", "=G", "=4", "=\r\n", "=\n",
                "= \r\n", "=\t", "\r\n", "\n", "\r", " ", "\t", "  ", "a", "word",
                "caf\u{e9}", "\u{e9}", "\u{1F600}", "=F0=9F=98=80", "\u{0}",
            ]), 0..60)
        ) {
            against_reference(pieces.concat().as_bytes());
        }

        #[test]
        fn same_as_the_previous_decoder_on_octets(
            input in proptest::collection::vec(proptest::sample::select(
                b"=\r\n \t0A9fGz\xC3\xA9\xE9.".to_vec()
            ), 0..300)
        ) {
            against_reference(&input);
        }
    }

    #[test]
    fn q_encoding() {
        let mut out = Vec::new();
        let mut d = Vec::new();
        assert!(decode_q_into(b"a_b=3Dc=e9=", &mut out, 10, &mut d));
        assert_eq!(out, b"a b=c\xe9=");
        assert_eq!(d, vec![Defect::new(DefectKind::InvalidQuotedPrintable, 20)]);
        assert!(!decode_q_into(b"a=\x01", &mut out, 0, &mut d));
        assert_eq!(out, b"a b=c\xe9=");
        assert_eq!(d.len(), 1);
    }
}
