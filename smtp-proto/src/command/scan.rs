//! Byte scans tuned for command lines, which are short (most under 64 octets): a plain loop
//! beats a call into `memchr` there, and the control-character check runs without a branch
//! per byte.

pub(crate) const ONES: u64 = 0x0101_0101_0101_0101;
pub(crate) const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each zero byte of `x`, and possibly of bytes above the lowest zero byte
/// (a borrow runs upwards): exact for "is there one" and for where the first one is.
#[inline]
pub(crate) const fn zero_bytes(x: u64) -> u64 {
    x.wrapping_sub(ONES) & !x & HIGH
}

/// The eight octets at `pos` of `hay` as a little-endian word, if there are eight.
#[inline]
pub(crate) fn word_at(hay: &[u8], pos: usize) -> Option<u64> {
    hay.get(pos..pos.checked_add(8)?)
        .and_then(|c| <[u8; 8]>::try_from(c).ok())
        .map(u64::from_le_bytes)
}

/// Up to this length `find` reads eight octets at a time itself; the call into `memchr`
/// (dispatch and set-up) costs more than it saves on lines this short.
const SHORT: usize = 128;

/// The position of the first `byte` in `hay`.
#[inline]
pub(crate) fn find(hay: &[u8], byte: u8) -> Option<usize> {
    if hay.len() > SHORT {
        return memchr::memchr(byte, hay);
    }
    let pattern = ONES * u64::from(byte);
    let mut chunks = hay.chunks_exact(8);
    let mut base = 0;
    for chunk in chunks.by_ref() {
        let word = <[u8; 8]>::try_from(chunk).map_or(0, u64::from_le_bytes);
        let found = zero_bytes(word ^ pattern);
        if found != 0 {
            return Some(base + (found.trailing_zeros() / 8) as usize);
        }
        base += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| b == byte)
        .map(|i| base + i)
}

/// `true` for the C0 controls and DEL.
#[inline]
pub(crate) const fn is_control(b: u8) -> bool {
    b < 0x20 || b == 0x7f
}

/// `true` when one of the eight bytes of `word` is a C0 control or DEL. The classic
/// "has a byte less than n" and "has a zero byte" word tricks: exact as a yes/no answer.
#[inline]
const fn word_has_control(word: u64) -> bool {
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGH;
    let del = word ^ (ONES * 0x7f);
    let is_del = del.wrapping_sub(ONES) & !del & HIGH;
    (below_space | is_del) != 0
}

/// The position of the first control character (C0 or DEL) in `hay`.
#[inline]
pub(crate) fn first_control(hay: &[u8]) -> Option<usize> {
    let mut chunks = hay.chunks_exact(8);
    let mut base = 0;
    for chunk in chunks.by_ref() {
        let word = <[u8; 8]>::try_from(chunk).map_or(0, u64::from_le_bytes);
        if word_has_control(word) {
            return chunk.iter().position(|&b| is_control(b)).map(|i| base + i);
        }
        base += 8;
    }
    let rest = chunks.remainder();
    // The last octets: one more word, overlapping the ones already read, when there is one
    // (a control octet in the overlap was found already, so any found now is in `rest`).
    if !rest.is_empty()
        && let Some(last) = hay.len().checked_sub(8).and_then(|at| word_at(hay, at))
        && !word_has_control(last)
    {
        return None;
    }
    rest.iter().position(|&b| is_control(b)).map(|i| base + i)
}

/// A 256-entry membership table for a byte class; build one with [`byte_class!`].
pub(crate) struct ByteClass(pub(crate) [bool; 256]);

impl ByteClass {
    /// `true` when `b` is in the class.
    #[inline]
    pub(crate) fn contains(&self, b: u8) -> bool {
        // Every `u8` is an index of the table: this never falls back.
        self.0.get(usize::from(b)).copied().unwrap_or(false)
    }
}

/// A [`ByteClass`] of the bytes `b` for which the expression is true, built at compile time:
/// `byte_class!(|b| b.is_ascii_digit())`.
macro_rules! byte_class {
    (|$b:ident| $e:expr) => {{
        let mut table = [false; 256];
        let mut i = 0;
        while i < 256 {
            #[allow(clippy::cast_possible_truncation)]
            let $b = i as u8;
            #[allow(clippy::indexing_slicing)] // `i` runs over the table's indices
            {
                table[i] = $e;
            }
            i += 1;
        }
        $crate::command::scan::ByteClass(table)
    }};
}
pub(crate) use byte_class;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans() {
        let long = [b"a".repeat(40), b"\r".to_vec(), b"b".repeat(5)].concat();
        assert_eq!(find(&long, b'\r'), Some(40));
        assert_eq!(find(b"ab cd", b' '), Some(2));
        assert_eq!(find(b"abcd", b' '), None);
        // Every length around the word size and the memchr switch, every position, and the
        // bytes next to the one sought (a borrow must not make them match).
        for len in (0..40).chain(120..140) {
            for at in 0..len {
                for other in [b' ' - 1, b' ' + 1, 0, 0xff, b' ' | 0x80] {
                    let mut v = vec![other; len];
                    v[at] = b' ';
                    if at + 1 < len {
                        v[at + 1] = b' ';
                    }
                    assert_eq!(find(&v, b' '), Some(at), "{len} {at} {other}");
                    assert_eq!(find(&v[..at], b' '), None);
                }
            }
        }
        assert_eq!(first_control(&long), Some(40));
        assert_eq!(first_control(b"abc\x7f"), Some(3));
        assert_eq!(first_control(&b"x".repeat(100)), None);
        assert_eq!(first_control(b""), None);
        let mut v = b"y".repeat(33);
        v[17] = 0;
        assert_eq!(first_control(&v), Some(17));
        // Every byte value, in every position of a word.
        for b in 0..=255u8 {
            for pos in 0..9 {
                let mut v = "é~ ".repeat(4).into_bytes();
                v[pos] = b;
                let expected = if is_control(b) { Some(pos) } else { None };
                assert_eq!(first_control(&v), expected, "{b} at {pos}");
            }
        }
        assert_eq!(
            word_at(b"0123456789", 2),
            Some(u64::from_le_bytes(*b"23456789"))
        );
        assert_eq!(word_at(b"0123456789", 3), None);
        // Every length and position, the last octets included (read as an overlapping word).
        for len in 0..40 {
            assert_eq!(first_control(&b"q".repeat(len)), None, "{len}");
            for at in 0..len {
                for bad in [0u8, b'\r', 0x1f, 0x7f] {
                    let mut v = b"q".repeat(len);
                    v[at] = bad;
                    assert_eq!(first_control(&v), Some(at), "{len} {at} {bad}");
                }
            }
        }
        const DIGIT: ByteClass = byte_class!(|b| b.is_ascii_digit());
        assert!(DIGIT.contains(b'7') && !DIGIT.contains(b'a') && !DIGIT.contains(0xff));
    }
}
