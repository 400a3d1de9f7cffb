//! Names compared without regard to case a word at a time, found by a perfect hash: the EHLO
//! keywords this crate types (RFC 5321 §4.1.1.1 `ehlo-keyword`) and the SASL mechanism names
//! of an `AUTH` line (RFC 4422 §3.1), read once per line while a reply is framed.
//!
//! A name is kept as three little-endian words of its octets in lower case (see [`windows`])
//! and a mask with bit 5 set at every letter, so `input | mask == lower` holds exactly when the
//! input spells the name in any case: only `A`-`Z` and `a`-`z` become a lower-case letter when
//! bit 5 is set. The slot of a name in its [`Table`] comes from its length and its first word
//! with bit 5 set in every octet (the same for every spelling); the table is built at compile
//! time and the build fails if two names of a table share a slot.

/// One name of a [`Table`]: its words in lower case, the letters' mask, its length and what it
/// stands for.
#[derive(Clone, Copy)]
struct Entry<T> {
    lower: [u64; 3],
    mask: [u64; 3],
    len: usize,
    value: T,
}

/// How many slots a [`Table`] has (a power of two).
const SLOTS: usize = 32;

/// The multiplier of the hash (any odd number that puts the names of every table in distinct
/// slots; checked when the tables are built).
const MULTIPLIER: u64 = 0xa5ac_06d8_64c2_f2e3;

/// Bit 5 of every octet.
const BIT5: u64 = 0x2020_2020_2020_2020;

/// Names found by a perfect hash of their length and first word (see the module).
pub(crate) struct Table<T> {
    slots: [Option<Entry<T>>; SLOTS],
}

/// The octet `c` as the `j`-th octet of a little-endian word.
const fn at(c: u8, j: usize) -> u64 {
    (c as u64) << (8 * j)
}

/// The words a name of `len` octets is compared by, as `(start, len)` of each (empty ones
/// are 0): up to 8 octets, the name padded with zeros; longer, its first 8 octets, octets
/// 8-15 if it has 16, and its last 8 (overlapping the others). Every octet of a name of up to
/// 24 octets is in a word, and no word needs a copy: each is read straight from the name.
const fn windows(len: usize) -> [(usize, usize); 3] {
    if len <= 8 {
        [(0, len), (0, 0), (0, 0)]
    } else if len < 16 {
        [(0, 8), (0, 0), (len - 8, 8)]
    } else {
        [(0, 8), (8, 8), (len - 8, 8)]
    }
}

/// The octets `0..n` of a word (`n` from 1 to 8).
#[inline(always)]
pub(crate) const fn low_octets(n: usize) -> u64 {
    u64::MAX >> (64 - 8 * n)
}

/// The slot of a name of `len` octets whose first word (its first `min(len, 8)` octets) is
/// `w0`.
#[inline(always)]
const fn slot(w0: u64, len: usize) -> usize {
    let n = if len < 8 { len } else { 8 };
    let folded = w0 | (BIT5 & low_octets(n));
    ((folded ^ len as u64).wrapping_mul(MULTIPLIER) >> 59) as usize
}

impl<T: Copy> Table<T> {
    /// The table of these names (letters, digits and `-` only; 1 to 24 octets). Fails (at
    /// compile time, for a `const`) if a name is out of those bounds or two share a slot.
    // Evaluated at compile time only (an index out of range would fail the build).
    #[allow(clippy::indexing_slicing)]
    pub(crate) const fn new(names: &[(&str, T)]) -> Self {
        let mut slots = [None; SLOTS];
        let mut i = 0;
        while i < names.len() {
            let (name, value) = names[i];
            let bytes = name.as_bytes();
            assert!(
                !bytes.is_empty() && bytes.len() <= 24,
                "a name of 1 to 24 octets"
            );
            let windows = windows(bytes.len());
            let mut lower = [0u64; 3];
            let mut mask = [0u64; 3];
            let mut w = 0;
            while w < 3 {
                let (start, len) = windows[w];
                let mut j = 0;
                while j < len {
                    let c = bytes[start + j];
                    assert!(
                        c.is_ascii_alphanumeric() || c == b'-',
                        "letters, digits, `-`"
                    );
                    lower[w] |= at(c.to_ascii_lowercase(), j);
                    if c.is_ascii_alphabetic() {
                        mask[w] |= at(0x20, j);
                    }
                    j += 1;
                }
                w += 1;
            }
            let s = slot(lower[0], bytes.len());
            assert!(
                slots[s].is_none(),
                "two names in one slot: change MULTIPLIER"
            );
            slots[s] = Some(Entry {
                lower,
                mask,
                len: bytes.len(),
                value,
            });
            i += 1;
        }
        Self { slots }
    }

    /// What a name of `len` octets (1 to 8) names, given as a little-endian word, padded
    /// with zeros.
    #[inline(always)]
    pub(crate) fn find_word(&self, w0: u64, len: usize) -> Option<T> {
        let entry = self.slots.get(slot(w0, len))?.as_ref()?;
        (entry.len == len && (w0 | entry.mask[0]) == entry.lower[0]).then_some(entry.value)
    }

    /// What the first `len` octets of `text` name, `len` more than 8; `w0` is the first eight
    /// octets of `text` as a little-endian word.
    #[inline(always)]
    pub(crate) fn find_long(&self, w0: u64, text: &[u8], len: usize) -> Option<T> {
        let folded = w0 | BIT5;
        let slot = ((folded ^ len as u64).wrapping_mul(MULTIPLIER) >> 59) as usize;
        let entry = self.slots.get(slot)?.as_ref()?;
        if entry.len != len || (w0 | entry.mask[0]) != entry.lower[0] {
            return None;
        }
        let [_, w1, w2] = windows(len);
        let (w1, w2) = (word(text, w1), word(text, w2));
        let ([_, m1, m2], [_, l1, l2]) = (entry.mask, entry.lower);
        ((w1 | m1) == l1 && (w2 | m2) == l2).then_some(entry.value)
    }

    /// What the first `len` octets of `text` name, without regard to case (the octets after
    /// them, if any, are ignored: they only let the name be read a word at a time).
    #[inline(always)]
    pub(crate) fn find(&self, text: &[u8], len: usize) -> Option<T> {
        if len == 0 {
            return None;
        }
        let w0 = word(text, (0, len.min(8)));
        let entry = self.slots.get(slot(w0, len))?.as_ref()?;
        if entry.len != len || (w0 | entry.mask[0]) != entry.lower[0] {
            return None;
        }
        if len > 8 {
            let [_, w1, w2] = windows(len);
            let (w1, w2) = (word(text, w1), word(text, w2));
            let ([_, m1, m2], [_, l1, l2]) = (entry.mask, entry.lower);
            if (w1 | m1) != l1 || (w2 | m2) != l2 {
                return None;
            }
        }
        Some(entry.value)
    }
}

/// The word of `bytes` at `start`, `len` octets (at most 8) padded with zeros. When `bytes`
/// goes on for eight octets from `start`, they are read in one load and the octets past `len`
/// masked off.
#[inline(always)]
fn word(bytes: &[u8], (start, len): (usize, usize)) -> u64 {
    if let Some(&[a, b, c, d, e, f, g, h]) = bytes.get(start..start + 8) {
        let w = u64::from_le_bytes([a, b, c, d, e, f, g, h]);
        return match len {
            8.. => w,
            0 => 0,
            _ => w & low_octets(len),
        };
    }
    match bytes.get(start..start + len) {
        Some(part) => part.iter().enumerate().fold(0, |w, (j, &c)| w | at(c, j)),
        None => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: Table<u8> = Table::new(&[
        ("DSN", 1),
        ("SIZE", 2),
        ("8BITMIME", 3),
        ("DELIVERBY", 4),
        ("ENHANCEDSTATUSCODES", 5),
        ("MT-PRIORITY", 6),
    ]);

    #[test]
    fn any_case_nothing_else() {
        for (name, value) in [
            ("DSN", 1),
            ("size", 2),
            ("8bitMIME", 3),
            ("DeliverBy", 4),
            ("enhancedstatuscodes", 5),
            ("Mt-Priority", 6),
        ] {
            assert_eq!(
                NAMES.find(name.as_bytes(), name.len()),
                Some(value),
                "{name}"
            );
            // Followed by more octets, as in a line.
            let line = format!("{name} 1234567890\r\n");
            assert_eq!(
                NAMES.find(line.as_bytes(), name.len()),
                Some(value),
                "{name}"
            );
            // One octet changed anywhere, or the length wrong, and it is not the name.
            for i in 0..name.len() {
                for c in [b'0', b'@', b'`', b'{', b'[', b'x', 0x8d, b'-' ^ 0x20] {
                    let mut changed = name.as_bytes().to_vec();
                    if changed[i].eq_ignore_ascii_case(&c) {
                        continue;
                    }
                    changed[i] = c;
                    assert_eq!(NAMES.find(&changed, name.len()), None, "{changed:?}");
                }
            }
            assert_eq!(NAMES.find(line.as_bytes(), name.len() + 1), None);
            assert_eq!(NAMES.find(name.as_bytes(), name.len() - 1), None);
        }
        assert_eq!(NAMES.find(b"", 0), None);
        assert_eq!(NAMES.find(b"SIZ", 4), None);
        assert_eq!(NAMES.find(&[b'a'; 40], 30), None);
    }
}
