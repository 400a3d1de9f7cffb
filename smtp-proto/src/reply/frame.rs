//! The quick path of reply parsing (RFC 5321 §4.2): a whole reply that is plainly well formed,
//! found and checked in one pass.
//!
//! [`Framed::new`] only accepts a reply that the line-by-line reader
//! ([`LineReader`](super::parse::LineReader)) would read to the very same lines: complete,
//! every line `code SP/"-" text CRLF` with the first line's code, inside the line length and
//! line count limits, no octet below 0x0e in the text (so no NUL, CR or LF, and no HT either:
//! a line with a tab takes the slow path, which allows it), and the whole reply UTF-8 (checked
//! once, not line by line). Anything else — an incomplete reply, an error, a quirk (bare LF,
//! a code alone on its line), bad UTF-8 to repair — gives `None`, and the caller reads the
//! input with the line-by-line reader, which decides. So the quick path changes speed, never
//! results.

use super::{ReplyCode, ReplyOptions};

/// A complete reply at the start of the input that passed the quick checks (see the module).
///
/// `KEPT` is how many line ends are kept for [`FramedLines`] (the lines after them are found
/// again): a reader of every line keeps many, the EHLO reader, which only reads the first line
/// this way, keeps one.
pub(crate) struct Framed<'a, const KEPT: usize> {
    /// The reply code of every line.
    pub(crate) code: ReplyCode,
    /// The reply's octets, line breaks included, checked as UTF-8 in one go.
    text: &'a str,
    /// Where the CRLF of each of the first `KEPT` lines is, from the start of the reply.
    crlf: [u32; KEPT],
    /// Where the second line starts (the end of the reply for a one-line reply).
    second: usize,
}

/// How many line ends [`Reply::parse`](super::Reply::parse) keeps (see [`Framed`]).
pub(crate) const KEPT: usize = 8;

impl<'a, const KEPT: usize> Framed<'a, KEPT> {
    /// The reply at the start of `input` if it is complete and passes the quick checks;
    /// `None` sends the caller to the line-by-line reader.
    #[inline]
    pub(crate) fn new(input: &'a [u8], options: &ReplyOptions) -> Option<Self> {
        Self::with_lines(input, options, |_, _, _, _| {})
    }

    /// [`new`](Self::new), handing every line after the first to `each` as it is found: where
    /// the line starts, in octets from the start of the second line, the octets after its
    /// `code SP/"-"` (the line's text, its CRLF, perhaps more), the length of the text and
    /// the first eight of those octets as a little-endian word (0 if there are fewer).
    /// The reply may still be refused after that (the caller then drops what it learnt).
    #[inline]
    pub(crate) fn with_lines(
        input: &'a [u8],
        options: &ReplyOptions,
        mut each: impl FnMut(usize, &[u8], usize, u64),
    ) -> Option<Self> {
        let &[a, b, c, ..] = input else {
            return None;
        };
        let code = ReplyCode::from_digits([a, b, c])?;
        // Each line starts with the code and a separator, compared as one word.
        let more = u32::from_le_bytes([a, b, c, b'-']);
        let last_line = u32::from_le_bytes([a, b, c, b' ']);
        let mut pos = 0;
        let mut lines = 0;
        let mut crlf = [0u32; KEPT];
        let mut second = 0;
        loop {
            let rest = input.get(pos..)?;
            let &[d0, d1, d2, sep, ..] = rest else {
                return None;
            };
            let head = u32::from_le_bytes([d0, d1, d2, sep]);
            let last = if head == last_line {
                true
            } else if head == more {
                false
            } else {
                return None;
            };
            // The LF must come within the line length limit, as for `next_line`: the line,
            // CRLF included, takes at most `max_line_length` octets.
            let window = rest
                .get(..options.max_line_length.min(rest.len()))?
                .get(4..)?;
            // The first octet below 0x0e must be the CR of a CRLF: no NUL, stray CR or LF, HT.
            let (cr, first) = match window.get(..8) {
                Some(&[a, b, c, d, e, f, g, h]) => {
                    let w = u64::from_le_bytes([a, b, c, d, e, f, g, h]);
                    let cr = match below_0x0e(w) {
                        0 => control_from(window, 8)?,
                        marks => (marks.trailing_zeros() / 8) as usize,
                    };
                    (cr, w)
                }
                _ => (first_below_0x0e(window)?, 0),
            };
            if window.get(cr..cr + 2) != Some(b"\r\n") {
                return None;
            }
            if let Some(slot) = crlf.get_mut(lines) {
                *slot = u32::try_from(pos + 4 + cr).ok()?;
            }
            if lines > 0 {
                each(pos - second, window, cr, first);
            }
            lines += 1;
            pos += 4 + cr + 2;
            if lines == 1 {
                second = pos;
            }
            if last {
                break;
            }
            if lines >= options.max_lines {
                return None;
            }
        }
        let text = std::str::from_utf8(input.get(..pos)?).ok()?;
        Some(Self {
            code,
            text,
            crlf,
            second,
        })
    }

    /// The lines after the first, as written (`code SP/"-" text CRLF` each); empty for a
    /// one-line reply.
    pub(crate) fn after_first_line(&self) -> &'a str {
        self.text.get(self.second..).unwrap_or_default()
    }

    /// Octets of the input the reply takes.
    pub(crate) fn consumed(&self) -> usize {
        self.text.len()
    }

    /// The text of each line (after `code SP` or `code-`, before CRLF) and whether it is the
    /// last, in order.
    pub(crate) fn lines(&self) -> FramedLines<'a, '_, KEPT> {
        FramedLines {
            text: self.text,
            start: 0,
            line: 0,
            crlf: &self.crlf,
        }
    }
}

/// The lines of a [`Framed`] reply.
pub(crate) struct FramedLines<'a, 'f, const KEPT: usize> {
    text: &'a str,
    /// Where the next line starts.
    start: usize,
    /// Which line is next.
    line: usize,
    crlf: &'f [u32; KEPT],
}

impl<'a, const KEPT: usize> Iterator for FramedLines<'a, '_, KEPT> {
    type Item = (&'a str, bool);

    #[inline]
    fn next(&mut self) -> Option<(&'a str, bool)> {
        let rest = self.text.as_bytes().get(self.start..)?;
        let last = *rest.get(3)? == b' ';
        // `Framed::new` checked every line: its first octet below 0x0e is the CR of its CRLF.
        let cr = match self.crlf.get(self.line) {
            Some(&cr) => cr as usize,
            None => self.start + 4 + first_below_0x0e(rest.get(4..)?)?,
        };
        // The cuts fall next to ASCII octets, so on character boundaries.
        let text = self.text.get(self.start + 4..cr)?;
        self.start = cr + 2;
        self.line += 1;
        Some((text, last))
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each octet of `x` below 0x0e; only octets after the first such one can be
/// marked wrongly (by the borrow), so the lowest mark is exact.
#[inline(always)]
const fn below_0x0e(x: u64) -> u64 {
    x.wrapping_sub(ONES * 0x0e) & !x & HIGH
}

/// The high bit of each octet of `x` that is a space or below 0x0e; only octets after the
/// first such one can be marked wrongly, so the lowest mark is exact.
#[inline(always)]
pub(crate) const fn space_or_control(x: u64) -> u64 {
    let spaces = x ^ (ONES * 0x20);
    (spaces.wrapping_sub(ONES) & !spaces & HIGH) | below_0x0e(x)
}

/// The offset of the first octet below 0x0e in `bytes` from `from` on, eight octets at a time.
#[inline(always)]
fn control_from(bytes: &[u8], mut from: usize) -> Option<usize> {
    while let Some(&[a, b, c, d, e, f, g, h]) = bytes.get(from..from + 8) {
        let marks = below_0x0e(u64::from_le_bytes([a, b, c, d, e, f, g, h]));
        if marks != 0 {
            return Some(from + (marks.trailing_zeros() / 8) as usize);
        }
        from += 8;
    }
    let rest = bytes.get(from..)?;
    Some(from + rest.iter().position(|&b| b < 0x0e)?)
}

/// The eight octets of `bytes` at `at` as a little-endian word, if there are eight.
#[inline(always)]
pub(crate) fn word_at(bytes: &[u8], at: usize) -> Option<u64> {
    match bytes.get(at..at.checked_add(8)?) {
        Some(&[a, b, c, d, e, f, g, h]) => Some(u64::from_le_bytes([a, b, c, d, e, f, g, h])),
        _ => None,
    }
}

/// The offset of the first space or octet below 0x0e in `bytes` from `from` on (the end of a
/// token of a line that ends in CRLF), eight octets at a time; `bytes.len()` if there is none.
#[inline(always)]
pub(crate) fn token_end(bytes: &[u8], mut from: usize) -> usize {
    while let Some(&[a, b, c, d, e, f, g, h]) = bytes.get(from..from + 8) {
        let marks = space_or_control(u64::from_le_bytes([a, b, c, d, e, f, g, h]));
        if marks != 0 {
            return from + (marks.trailing_zeros() / 8) as usize;
        }
        from += 8;
    }
    let rest = bytes.get(from..).unwrap_or_default();
    from + rest
        .iter()
        .position(|&b| b == b' ' || b < 0x0e)
        .unwrap_or(rest.len())
}

/// The offset of the first octet below 0x0e (NUL, HT, LF, CR and the other controls up to
/// 0x0d), eight octets at a time.
#[inline]
pub(crate) fn first_below_0x0e(bytes: &[u8]) -> Option<usize> {
    let mut words = bytes.chunks_exact(8);
    let mut offset = 0;
    for word in &mut words {
        let x = u64::from_le_bytes(word.try_into().unwrap_or([0; 8]));
        let marks = below_0x0e(x);
        if marks != 0 {
            return Some(offset + (marks.trailing_zeros() / 8) as usize);
        }
        offset += 8;
    }
    words
        .remainder()
        .iter()
        .position(|&b| b < 0x0e)
        .map(|i| offset + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The code, each line's text and whether it is the last, and the octets taken.
    type Lines<'a> = (u16, Vec<(&'a str, bool)>, usize);

    /// The lines the quick path gives; `None` if it gives up.
    fn lines<'a>(input: &'a [u8], options: &ReplyOptions) -> Option<Lines<'a>> {
        let framed = Framed::<KEPT>::new(input, options)?;
        Some((
            framed.code.get(),
            framed.lines().collect(),
            framed.consumed(),
        ))
    }

    #[test]
    fn first_control() {
        for len in 0..24 {
            assert_eq!(first_below_0x0e(&vec![b'a'; len]), None);
            assert_eq!(first_below_0x0e(&vec![0x8d; len]), None);
            for pos in 0..len {
                for low in [0u8, 9, 10, 13] {
                    let mut text = vec![b'a'; len];
                    text[pos] = low;
                    // A later low octet, or one right after, does not move the first.
                    if pos + 1 < len {
                        text[pos + 1] = 0;
                    }
                    assert_eq!(first_below_0x0e(&text), Some(pos), "{len} {pos} {low}");
                }
            }
        }
    }

    #[test]
    fn plain_replies() {
        let d = &ReplyOptions::DEFAULT;
        assert_eq!(
            lines(b"250 OK\r\nrest", d),
            Some((250, vec![("OK", true)], 8))
        );
        assert_eq!(
            lines(b"250-a\r\n250-\r\n250 \r\n", d),
            Some((250, vec![("a", false), ("", false), ("", true)], 19))
        );
        assert_eq!(
            lines("550 5.1.1 d\u{e9}j\u{e0}\r\n".as_bytes(), d),
            Some((550, vec![("5.1.1 d\u{e9}j\u{e0}", true)], 18))
        );
    }

    #[test]
    fn everything_else_takes_the_slow_path() {
        for input in [
            &b""[..],
            b"250",
            b"250 OK",
            b"250 OK\r",
            b"250-a\r\n",
            b"250-a\r\n251 b\r\n",
            b"250-a\r\n2x0 b\r\n",
            b"150 a\r\n",
            b"250\r\n",
            b"250 \n",
            b"250 a\n",
            b"250 a\r\r\n",
            b"250 a\rb\r\n",
            b"250 a\tb\r\n",
            b"250 a\0b\r\n",
            b"250 \xff\r\n",
            b"250x\r\n",
        ] {
            assert_eq!(lines(input, &ReplyOptions::DEFAULT), None, "{input:?}");
        }
    }

    #[test]
    fn more_lines_than_kept() {
        use crate::reply::{EhloReply, Reply};
        let mut input = b"250-mx.example.org\r\n".to_vec();
        for i in 0..KEPT + 8 {
            input.extend_from_slice(format!("250-X-CAP{i} {}\r\n", "p".repeat(i % 7)).as_bytes());
        }
        input.extend_from_slice(b"250 LAST\r\n");
        let (code, lines, consumed) = lines(&input, &ReplyOptions::DEFAULT).unwrap();
        assert_eq!((code, lines.len(), consumed), (250, KEPT + 10, input.len()));
        let i = KEPT + 2;
        let want = format!("X-CAP{i} {}", "p".repeat(i % 7));
        assert_eq!(lines[i + 1], (want.as_str(), false));
        assert_eq!(lines[KEPT + 9], ("LAST", true));
        let d = &ReplyOptions::DEFAULT;
        assert_eq!(
            Reply::parse_with(&input, d),
            Reply::parse_line_by_line(&input, d)
        );
        assert_eq!(
            EhloReply::parse_with(&input, d),
            EhloReply::parse_line_by_line(&input, d)
        );
    }

    #[test]
    fn limits_as_the_line_reader() {
        let opts = ReplyOptions::DEFAULT.with_max_line_length(8);
        assert_eq!(lines(b"250 abc\r\n", &opts), None);
        assert!(lines(b"250 ab\r\n", &opts).is_some());
        let opts = ReplyOptions::DEFAULT.with_max_lines(2);
        assert!(lines(b"250-a\r\n250 b\r\n", &opts).is_some());
        assert_eq!(lines(b"250-a\r\n250-b\r\n250 c\r\n", &opts), None);
        let opts = ReplyOptions::DEFAULT.with_max_line_length(2);
        assert_eq!(lines(b"250 a\r\n", &opts), None);
    }

    /// Lines as servers write them, and as they should not: codes that agree or not, every
    /// separator, text with HT, UTF-8, bad UTF-8, NUL, CR, LF, and every line ending.
    fn stream() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
        use proptest::prelude::*;
        let code = prop_oneof![
            4 => Just(&b"250"[..]),
            1 => Just(&b"550"[..]),
            1 => Just(&b"220"[..]),
            1 => Just(&b"199"[..]),
            1 => Just(&b"2x0"[..]),
        ];
        let sep = prop_oneof![
            4 => Just(&b"-"[..]),
            3 => Just(&b" "[..]),
            1 => Just(&b""[..]),
            1 => Just(&b"\t"[..]),
        ];
        let text = prop_oneof![
            4 => "[A-Za-z0-9 .=-]{0,24}".prop_map(String::into_bytes),
            1 => Just(b"2.1.0 Ok".to_vec()),
            1 => Just(b"AUTH PLAIN LOGIN".to_vec()),
            1 => Just(b"SIZE 1000".to_vec()),
            1 => proptest::collection::vec(
                prop_oneof![Just(b'a'), Just(b' '), Just(b'\t'), Just(0u8), Just(b'\r'), Just(b'\n'), Just(0xc3), Just(0xa9), Just(0xff)],
                0..12
            ),
        ];
        let end = prop_oneof![
            6 => Just(&b"\r\n"[..]),
            1 => Just(&b"\n"[..]),
            1 => Just(&b"\r"[..]),
            1 => Just(&b""[..]),
        ];
        proptest::collection::vec((code, sep, text, end), 1..8).prop_map(|lines| {
            let mut out = Vec::new();
            for (code, sep, text, end) in lines {
                out.extend_from_slice(code);
                out.extend_from_slice(sep);
                out.extend_from_slice(&text);
                out.extend_from_slice(end);
            }
            out
        })
    }

    proptest::proptest! {
        /// The quick path never changes a result: `parse_with` (quick path first) and the
        /// line-by-line reader agree on every prefix of every input, under every option.
        #[test]
        fn quick_path_agrees_with_the_line_reader(
            input in stream(),
            max_line_length in proptest::prop_oneof![proptest::strategy::Just(512usize), 4usize..40],
            max_lines in proptest::prop_oneof![proptest::strategy::Just(100usize), 1usize..5],
            strict in proptest::bool::ANY,
            reject in proptest::bool::ANY,
        ) {
            use crate::line::LineEndings;
            use crate::reply::{EhloReply, Reply};
            let options = ReplyOptions::DEFAULT
                .with_max_line_length(max_line_length)
                .with_max_lines(max_lines)
                .with_line_endings(if strict { LineEndings::Strict } else { LineEndings::AcceptBareLf })
                .with_reject_invalid_utf8(reject);
            for end in 0..=input.len() {
                let prefix = &input[..end];
                proptest::prop_assert_eq!(
                    Reply::parse_with(prefix, &options),
                    Reply::parse_line_by_line(prefix, &options)
                );
                proptest::prop_assert_eq!(
                    EhloReply::parse_with(prefix, &options),
                    EhloReply::parse_line_by_line(prefix, &options)
                );
            }
        }
    }
}
