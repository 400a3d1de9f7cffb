//! The fast path of the date parser: the one form nearly every message uses, read by byte
//! positions instead of tokens. Anything else goes to the general parser in `parser.rs`.

use super::DateTime;
use super::parser::{DAY_KEYS, MONTH_KEYS, name_index};

/// The value of the ASCII digits `digits` (most significant first), or `None` if one is not
/// a digit.
#[inline]
fn number<const N: usize>(digits: [u8; N]) -> Option<u32> {
    let mut value = 0;
    let mut bad = false;
    for b in digits {
        let d = b.wrapping_sub(b'0');
        bad |= d > 9;
        value = value * 10 + u32::from(d);
    }
    (!bad).then_some(value)
}

/// The fast path for the form nearly every message uses, `[Ddd, ]d[d] Mmm yyyy hh:mm[:ss]
/// (+|-)hhmm`, single spaces, then nothing but white space and at most one plain comment
/// (`(CEST)`). Returns the date and the day-of-week index with its offset. `None` for anything
/// else, including values it could read but that are invalid: the general parser then
/// decides, so both paths always agree.
///
/// Read by slice patterns at fixed positions (no token loop, no bounds check per field).
pub(super) fn canonical(raw: &[u8]) -> Option<(DateTime, Option<(usize, usize)>)> {
    let mut lead = 0;
    while raw.get(lead) == Some(&b' ') {
        lead += 1;
    }
    let mut s = raw.get(lead..)?;
    let mut weekday = None;
    if let [_, _, _, b',', b' ', rest @ ..] = s {
        weekday = Some((name_index(s, &DAY_KEYS)?, lead));
        s = rest;
    } else if s.get(3) == Some(&b',') {
        return None;
    }
    let (day, s) = match s {
        [d, b' ', rest @ ..] => (number([*d])?, rest),
        [d0, d1, b' ', rest @ ..] => (number([*d0, *d1])?, rest),
        _ => return None,
    };
    let [
        m0,
        m1,
        m2,
        b' ',
        y0,
        y1,
        y2,
        y3,
        b' ',
        h0,
        h1,
        b':',
        n0,
        n1,
        s @ ..,
    ] = s
    else {
        return None;
    };
    let month = name_index(&[*m0, *m1, *m2], &MONTH_KEYS)? as u8 + 1;
    let year = number([*y0, *y1, *y2, *y3])?;
    let hour = number([*h0, *h1])?;
    let minute = number([*n0, *n1])?;
    let (second, s) = match s {
        [b':', s0, s1, rest @ ..] => (number([*s0, *s1])?, rest),
        [b':', ..] => return None,
        _ => (0, s),
    };
    let [b' ', sign @ (b'+' | b'-'), z0, z1, z2, z3, s @ ..] = s else {
        return None;
    };
    let (hours, minutes) = (number([*z0, *z1])?, number([*z2, *z3])?);
    if minutes > 59 {
        return None;
    }
    // After the zone: white space, at most one comment without nesting or quoted pairs.
    let s = s.trim_ascii_start();
    if let Some(comment) = s.strip_prefix(b"(") {
        let close = memchr::memchr3(b')', b'(', b'\\', comment)?;
        if comment.get(close) != Some(&b')') || !comment.get(close + 1..)?.trim_ascii().is_empty() {
            return None;
        }
    } else if !s.is_empty() {
        return None;
    }
    let total = (hours * 60 + minutes) as i16;
    let offset = match sign {
        b'-' if total == 0 => None,
        b'-' => Some(-total),
        _ => Some(total),
    };
    let date = DateTime::new(
        year as u16,
        month,
        day as u8,
        hour as u8,
        minute as u8,
        second as u8,
        offset,
    )?;
    Some((date, weekday))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::defect::DefectKind;
    use crate::field::date::parser::general;

    /// Splits `n` ASCII digits off the front of `s`.
    fn digits(s: &[u8], n: usize) -> Option<(u32, &[u8])> {
        let (d, rest) = s.split_at_checked(n)?;
        let mut value = 0;
        for &b in d {
            if !b.is_ascii_digit() {
                return None;
            }
            value = value * 10 + u32::from(b - b'0');
        }
        Some((value, rest))
    }

    /// [`canonical`] read step by step (the test oracle): the form `[Ddd, ]d[d] Mmm yyyy hh:mm[:ss]
    /// (+|-)hhmm`, single spaces, then nothing but white space and at most one plain comment
    /// (`(CEST)`). Returns the date and the day-of-week index with its offset. `None` for anything
    /// else, including values it could read but that are invalid: the general parser then
    /// decides, so both paths always agree.
    fn canonical_by_steps(raw: &[u8]) -> Option<(DateTime, Option<(usize, usize)>)> {
        let lead = raw.iter().take_while(|&&b| b == b' ').count();
        let mut s = raw.get(lead..)?;
        let mut weekday = None;
        if s.get(3) == Some(&b',') {
            weekday = Some((name_index(s.get(..3)?, &DAY_KEYS)?, lead));
            s = s.get(4..)?.strip_prefix(b" ")?;
        }
        let day_len = if s.get(1) == Some(&b' ') { 1 } else { 2 };
        let (day, s) = digits(s, day_len)?;
        let s = s.strip_prefix(b" ")?;
        let (month, s) = s.split_at_checked(3)?;
        let month = name_index(month, &MONTH_KEYS)? as u8 + 1;
        let (year, s) = digits(s.strip_prefix(b" ")?, 4)?;
        let (hour, s) = digits(s.strip_prefix(b" ")?, 2)?;
        let (minute, mut s) = digits(s.strip_prefix(b":")?, 2)?;
        let mut second = 0;
        if let Some(rest) = s.strip_prefix(b":") {
            (second, s) = digits(rest, 2)?;
        }
        let s = s.strip_prefix(b" ")?;
        let (&sign, s) = s.split_first()?;
        let (zone, s) = digits(s, 4)?;
        let (hours, minutes) = (zone / 100, zone % 100);
        if minutes > 59 || !matches!(sign, b'+' | b'-') {
            return None;
        }
        // After the zone: white space, at most one comment without nesting or quoted pairs.
        let s = s.trim_ascii_start();
        if let Some(comment) = s.strip_prefix(b"(") {
            let close = memchr::memchr3(b')', b'(', b'\\', comment)?;
            if comment.get(close) != Some(&b')')
                || !comment.get(close + 1..)?.trim_ascii().is_empty()
            {
                return None;
            }
        } else if !s.is_empty() {
            return None;
        }
        let total = (hours * 60 + minutes) as i16;
        let offset = match sign {
            b'-' if total == 0 => None,
            b'-' => Some(-total),
            _ => Some(total),
        };
        let date = DateTime::new(
            year as u16,
            month,
            day as u8,
            hour as u8,
            minute as u8,
            second as u8,
            offset,
        )?;
        Some((date, weekday))
    }

    /// The fast path agrees with the general parser wherever it answers; `true` if it did.
    fn agree(raw: &str) -> bool {
        let mut defects = Vec::new();
        let slow = general(raw.as_bytes(), &mut defects);
        let fast = canonical(raw.as_bytes());
        assert_eq!(fast, canonical_by_steps(raw.as_bytes()), "{raw}");
        let Some((date, weekday)) = fast else {
            return false;
        };
        assert_eq!(Some(date), slow, "{raw}");
        let mismatch = weekday.is_some_and(|(d, _)| usize::from(date.weekday()) != d);
        let expected = if mismatch {
            vec![DefectKind::DayOfWeekMismatch]
        } else {
            vec![]
        };
        let kinds: Vec<_> = defects.iter().map(|d| d.kind).collect();
        assert_eq!(kinds, expected, "{raw}");
        true
    }

    #[test]
    fn fast_path_agrees() {
        for raw in [
            " Fri, 21 Nov 1997 09:55:06 -0600",
            "Fri, 21 Nov 1997 09:55:06 -0600",
            " Tue, 1 Jul 2003 10:52:37 +0200 (CEST)",
            " Tue, 1 Jul 2003 10:52:37 +0200 (CEST) \r\n",
            " Mon, 1 Jul 2003 10:52:37 +0200",
            " 1 Jul 2003 10:52 +0200",
            " 1 Jul 2003 10:52 -0000",
            " 01 jul 2003 10:52:60 +0200",
        ] {
            assert!(agree(raw), "fast path refused {raw:?}");
        }
        // Not canonical, or invalid: left to the general parser.
        for raw in [
            " Tue, 1 Jul 2003 10:52:37 +0200 (CE(ST)",
            " Tue, 1 Jul 2003 10:52:37 +0200 (CEST",
            " Tue, 1 Jul 2003 10:52:37 +0200 x",
            " Xyz, 1 Jul 2003 10:52:37 +0200",
            " 30 Feb 2003 10:52 +0200",
            " 1 Jul 2003 24:52 +0200",
            " 1 Jul 2003 10:52 +0260",
            " 1 Jul 2003 10:52 *0200",
            " 1 Jly 2003 10:52 +0200",
            "\t1 Jul 2003 10:52 +0200",
            " 1  Jul 2003 10:52 +0200",
        ] {
            assert!(!agree(raw), "fast path took {raw:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn fast_path_agrees_on_any_canonical_looking_text(
            raw in "( ?(Mon|Fri|Xyz), )?[0-9]{1,2} (Jan|Feb|Nov|Foo) [0-9]{4} [0-9]{2}:[0-9]{2}(:[0-9]{2})? [-+*][0-9]{4}( \\(x\\))?"
        ) {
            agree(&raw);
        }

        #[test]
        fn fast_path_agrees_with_the_steps_on_damaged_dates(
            base in proptest::sample::select(vec![
                " Tue, 1 Jul 2003 10:52:37 +0200",
                "Fri, 21 Nov 1997 09:55 -0000 (CST)",
                "  1 Jul 2003 10:52:37 +0200",
            ]),
            edits in proptest::collection::vec(
                (0usize..36, proptest::sample::select(b" ,:+-0123459aJT(\\)\t".to_vec())),
                1..3,
            ),
            cut in proptest::option::of(0usize..36),
        ) {
            let mut raw = base.as_bytes().to_vec();
            for (at, b) in edits {
                if let Some(slot) = raw.get_mut(at) {
                    *slot = b;
                }
            }
            let raw = &raw[..cut.unwrap_or(raw.len()).min(raw.len())];
            proptest::prop_assert_eq!(canonical(raw), canonical_by_steps(raw));
        }
    }
}
