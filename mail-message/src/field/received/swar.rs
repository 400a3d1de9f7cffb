//! Eight octets at a time: skipping the octets of a word that cannot end it, with plain
//! integer arithmetic on a `u64` (no `unsafe`, no SIMD intrinsics).
//!
//! For an octet value `n <= 0x80`, `(x - n·0x01…01) & !x & 0x80…80` sets the high bit of the
//! lowest octet of `x` below `n` and of no octet under it (higher octets may be flagged
//! wrongly, through the borrow, so only the lowest flag is used). Equality with `b` is "below
//! 1" of `x ^ b·0x01…01`. The scans here only find *candidates*: every octet that can end a
//! run is flagged, some others may be (control octets below `0x21`), and the caller's exact
//! octet-by-octet loop goes on from the candidate.

/// `0x01` in every octet.
const ONES: u64 = 0x0101_0101_0101_0101;
/// `0x80` in every octet.
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit of the lowest octet of `x` below `n` (`n <= 0x80`), and maybe of higher
/// octets; zero when no octet is below `n`.
#[inline(always)]
const fn below(x: u64, n: u8) -> u64 {
    x.wrapping_sub(ONES.wrapping_mul(n as u64)) & !x & HIGHS
}

/// [`below`]`(…, 1)` of the octets equal to `b`.
#[inline(always)]
const fn equal(x: u64, b: u8) -> u64 {
    below(x ^ ONES.wrapping_mul(b as u64), 1)
}

/// The same for the octets equal to `b` or `b + 1` (`b` even).
#[inline(always)]
const fn equal_pair(x: u64, b: u8) -> u64 {
    below(
        (x ^ ONES.wrapping_mul(b as u64)) & ONES.wrapping_mul(0xfe),
        1,
    )
}

/// Candidates for the end of a value word: white space (and every other octet below `0x21`),
/// `(` and `"`.
#[inline(always)]
pub(super) fn item_end(x: u64) -> u64 {
    below(x, 0x21) | equal(x, b'(') | equal(x, b'"')
}

/// Candidates for where a `TCP-info` word ends: white space (and every other octet below
/// `0x21`), `(`, `)`, `,`, `=`, `[`, `\` and `]`.
#[inline(always)]
pub(super) fn comment_split(x: u64) -> u64 {
    below(x, 0x21)
        | equal_pair(x, b'(')
        | equal(x, b',')
        | equal(x, b'=')
        | equal(x, b'[')
        | equal_pair(x, b'\\')
}

/// Candidates for the end of a plain comment: `(`, `)` and `\`.
#[inline(always)]
pub(super) fn comment_stop(x: u64) -> u64 {
    equal_pair(x, b'(') | equal(x, b'\\')
}

/// The first offset from `i` on that `candidates` flags, eight octets per step; where fewer
/// than eight octets are left, the offset reached. Every octet before the returned offset is
/// one `candidates` does not flag.
#[inline(always)]
pub(super) fn skip(bytes: &[u8], mut i: usize, candidates: impl Fn(u64) -> u64) -> usize {
    while let Some(chunk) = bytes.get(i..i + 8) {
        let Ok(octets) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let flags = candidates(u64::from_le_bytes(octets));
        if flags != 0 {
            return i + (flags.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lowest flag of `candidates` is the first octet of `set`, in every position.
    fn lowest_is_first(octets: [u8; 8], candidates: fn(u64) -> u64, set: &[u8]) -> bool {
        let flags = candidates(u64::from_le_bytes(octets));
        let first = octets.iter().position(|b| set.contains(b));
        let lowest = (flags != 0).then(|| (flags.trailing_zeros() / 8) as usize);
        lowest == first && flags.trailing_zeros() % 8 == 7 || flags == 0 && first.is_none()
    }

    fn below_21_and(extra: &[u8]) -> Vec<u8> {
        (0..0x21).chain(extra.iter().copied()).collect()
    }

    proptest::proptest! {
        #[test]
        fn candidates_are_exact_at_the_lowest_flag(
            octets in proptest::array::uniform8(proptest::prop_oneof![
                proptest::sample::select(b" \t\r\n\x01\x1f!\"'()*,-.=[\\]^_az09\x7f\x80\xa0\xff".to_vec()),
                proptest::num::u8::ANY,
            ])
        ) {
            proptest::prop_assert!(lowest_is_first(octets, item_end, &below_21_and(b"(\"")));
            proptest::prop_assert!(lowest_is_first(
                octets,
                comment_split,
                &below_21_and(b"(),=[\\]")
            ));
            proptest::prop_assert!(lowest_is_first(octets, comment_stop, b"()\\"));
        }

        #[test]
        fn skip_passes_only_what_is_no_candidate(
            bytes in proptest::collection::vec(
                proptest::sample::select(b"ab.-1 (\"\t]".to_vec()),
                0..40,
            ),
            from in 0usize..42,
        ) {
            let at = skip(&bytes, from, item_end);
            let candidate = |b: &u8| b" (\"\t".contains(b);
            proptest::prop_assert!(at >= from);
            proptest::prop_assert!(bytes.get(from..at).unwrap_or_default().iter().all(|b| !candidate(b)));
            proptest::prop_assert!(bytes.get(at).is_some_and(candidate) || at + 8 > bytes.len());
        }
    }
}
