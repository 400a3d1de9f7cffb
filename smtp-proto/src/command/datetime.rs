//! The RFC 3339 §5.6 `date-time` of `HOLDUNTIL` (RFC 4865).

use std::borrow::Cow;
use std::fmt;

use crate::EncodeError;

/// An RFC 3339 §5.6 `date-time`, the value of `HOLDUNTIL` (RFC 4865, FUTURERELEASE):
///
/// ```text
/// date-time    = full-date "T" full-time
/// full-date    = date-fullyear "-" date-month "-" date-mday
/// full-time    = partial-time time-offset
/// partial-time = time-hour ":" time-minute ":" time-second [time-secfrac]
/// time-secfrac = "." 1*DIGIT
/// time-offset  = "Z" / ("+" / "-") time-hour ":" time-minute
/// ```
///
/// The text is kept as sent (`T` and `Z` may be lower case, RFC 3339 §5.6 NOTE) and checked:
/// month 01-12, the day within the month (leap years included), hour 00-23, minute 00-59,
/// second 00-60 (a leap second is accepted at any minute), offset hours 00-23. Fractions of a
/// second are limited to nine digits (nanoseconds).
///
/// ```
/// use smtp_proto::command::DateTime;
///
/// let t = DateTime::new("2026-02-28T16:30:00.5+01:00").unwrap();
/// assert_eq!((t.year(), t.month(), t.day()), (2026, 2, 28));
/// assert_eq!(t.offset_minutes(), 60);
/// assert_eq!(t.unix_time(), 1_772_292_600);
/// assert!(DateTime::new("2026-02-29T00:00:00Z").is_err()); // not a leap year
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DateTime<'a> {
    text: Cow<'a, str>,
    fields: Fields,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Fields {
    year: u16,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
    nanosecond: u32,
    offset_minutes: i16,
}

/// The most digits of `time-secfrac` this type keeps.
const MAX_FRACTION_DIGITS: usize = 9;

/// The length of the longest `date-time` this type accepts.
pub(crate) const MAX_DATE_TIME_LEN: usize = 26 + MAX_FRACTION_DIGITS;

/// Reads `n` digits at `pos`; the error is the offset of the first non-digit (or of the end).
fn digits(s: &[u8], pos: usize, n: usize) -> Result<u32, usize> {
    let mut v = 0u32;
    for i in pos..pos + n {
        match s.get(i) {
            Some(&b) if b.is_ascii_digit() => v = v * 10 + u32::from(b - b'0'),
            Some(_) => return Err(i),
            None => return Err(s.len()),
        }
    }
    Ok(v)
}

/// Expects `c` at `pos` (ASCII case-insensitive).
fn expect(s: &[u8], pos: usize, c: u8) -> Result<(), usize> {
    match s.get(pos) {
        Some(&b) if b.eq_ignore_ascii_case(&c) => Ok(()),
        _ => Err(pos),
    }
}

/// Checks a range, reporting the field's offset.
fn range(v: u32, lo: u32, hi: u32, pos: usize) -> Result<u8, usize> {
    if (lo..=hi).contains(&v) {
        u8::try_from(v).map_err(|_| pos)
    } else {
        Err(pos)
    }
}

const fn is_leap(year: u32) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

const fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Parses a whole `date-time`; the error is the offset of the first bad byte.
fn parse_fields(s: &[u8]) -> Result<Fields, usize> {
    let year = digits(s, 0, 4)?;
    expect(s, 4, b'-')?;
    let month = range(digits(s, 5, 2)?, 1, 12, 5)?;
    expect(s, 7, b'-')?;
    let day = range(
        digits(s, 8, 2)?,
        1,
        days_in_month(year, u32::from(month)),
        8,
    )?;
    expect(s, 10, b'T')?;
    let hour = range(digits(s, 11, 2)?, 0, 23, 11)?;
    expect(s, 13, b':')?;
    let minute = range(digits(s, 14, 2)?, 0, 59, 14)?;
    expect(s, 16, b':')?;
    let second = range(digits(s, 17, 2)?, 0, 60, 17)?;
    let mut pos = 19;
    let mut nanosecond = 0u32;
    if s.get(pos) == Some(&b'.') {
        pos += 1;
        let n = s
            .get(pos..)
            .unwrap_or_default()
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if n == 0 || n > MAX_FRACTION_DIGITS {
            return Err(pos + n.min(MAX_FRACTION_DIGITS));
        }
        let frac = digits(s, pos, n)?;
        nanosecond = frac * 10u32.pow(u32::try_from(MAX_FRACTION_DIGITS - n).unwrap_or(0));
        pos += n;
    }
    let offset_minutes = match s.get(pos) {
        Some(b'Z' | b'z') => {
            pos += 1;
            0
        }
        Some(&sign @ (b'+' | b'-')) => {
            let h = range(digits(s, pos + 1, 2)?, 0, 23, pos + 1)?;
            expect(s, pos + 3, b':')?;
            let m = range(digits(s, pos + 4, 2)?, 0, 59, pos + 4)?;
            let total = i16::from(h) * 60 + i16::from(m);
            pos += 6;
            if sign == b'-' { -total } else { total }
        }
        _ => return Err(pos),
    };
    if pos != s.len() {
        return Err(pos);
    }
    Ok(Fields {
        year: u16::try_from(year).map_err(|_| 0usize)?,
        month,
        day,
        hour,
        minute,
        second,
        nanosecond,
        offset_minutes,
    })
}

impl<'a> DateTime<'a> {
    /// A `date-time` from its text.
    ///
    /// # Errors
    /// [`EncodeError::Invalid`] at the first byte that breaks the grammar or a range.
    pub fn new(text: impl Into<Cow<'a, str>>) -> Result<Self, EncodeError> {
        let text = text.into();
        let fields = parse_fields(text.as_bytes()).map_err(|offset| EncodeError::Invalid {
            element: "date-time",
            offset,
        })?;
        Ok(DateTime { text, fields })
    }

    /// Parses text the command parser cut out; the error is an offset into it.
    pub(crate) fn parse(text: &'a [u8]) -> Result<Self, usize> {
        let fields = parse_fields(text)?;
        // The grammar is ASCII, so this cannot fail.
        let text = std::str::from_utf8(text).map_err(|_| 0usize)?;
        Ok(DateTime {
            text: Cow::Borrowed(text),
            fields,
        })
    }

    /// The text as sent.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The year (0000-9999).
    pub fn year(&self) -> u16 {
        self.fields.year
    }

    /// The month (1-12).
    pub fn month(&self) -> u8 {
        self.fields.month
    }

    /// The day of the month (1-31).
    pub fn day(&self) -> u8 {
        self.fields.day
    }

    /// The hour (0-23).
    pub fn hour(&self) -> u8 {
        self.fields.hour
    }

    /// The minute (0-59).
    pub fn minute(&self) -> u8 {
        self.fields.minute
    }

    /// The second (0-60, 60 for a leap second).
    pub fn second(&self) -> u8 {
        self.fields.second
    }

    /// The fraction of the second, in nanoseconds.
    pub fn nanosecond(&self) -> u32 {
        self.fields.nanosecond
    }

    /// The offset from UTC in minutes (`Z` is 0; RFC 3339 §4.3's `-00:00` is 0 too).
    pub fn offset_minutes(&self) -> i16 {
        self.fields.offset_minutes
    }

    /// Seconds since 1970-01-01T00:00:00Z (fractions dropped; a leap second counts as the
    /// first second of the next minute).
    pub fn unix_time(&self) -> i64 {
        let f = self.fields;
        let days = days_from_civil(i64::from(f.year), i64::from(f.month), i64::from(f.day));
        let local = days * 86_400
            + i64::from(f.hour) * 3600
            + i64::from(f.minute) * 60
            + i64::from(f.second);
        local - i64::from(f.offset_minutes) * 60
    }

    /// The same value, owning its text.
    pub fn into_owned(self) -> DateTime<'static> {
        DateTime {
            text: Cow::Owned(self.text.into_owned()),
            fields: self.fields,
        }
    }
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (the usual
/// era-based computation).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Writes the text as sent.
impl fmt::Display for DateTime<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid() {
        let t = DateTime::new("1985-04-12T23:20:50.52Z").unwrap();
        assert_eq!(t.nanosecond(), 520_000_000);
        assert_eq!(t.unix_time(), 482_196_050);
        let t = DateTime::new("1996-12-19T16:39:57-08:00").unwrap();
        assert_eq!(t.offset_minutes(), -480);
        assert_eq!(t.unix_time(), 851_042_397);
        assert_eq!(DateTime::new("1990-12-31t23:59:60z").unwrap().second(), 60);
        assert_eq!(
            DateTime::new("1970-01-01T00:00:00Z").unwrap().unix_time(),
            0
        );
        assert!(DateTime::new("2000-02-29T00:00:00Z").is_ok());
        assert!(DateTime::new("2024-02-29T00:00:00Z").is_ok());
        assert!(DateTime::new("2026-01-01T00:00:00.123456789+23:59").is_ok());
        assert_eq!(
            MAX_DATE_TIME_LEN,
            "2026-01-01T00:00:00.123456789+23:59".len()
        );
    }

    #[test]
    fn invalid() {
        let e = |s: &str| parse_fields(s.as_bytes()).unwrap_err();
        assert_eq!(e("1900-02-29T00:00:00Z"), 8);
        assert_eq!(e("2026-13-01T00:00:00Z"), 5);
        assert_eq!(e("2026-04-31T00:00:00Z"), 8);
        assert_eq!(e("2026-01-01 00:00:00Z"), 10);
        assert_eq!(e("2026-01-01T24:00:00Z"), 11);
        assert_eq!(e("2026-01-01T00:60:00Z"), 14);
        assert_eq!(e("2026-01-01T00:00:61Z"), 17);
        assert_eq!(e("2026-01-01T00:00:00"), 19);
        assert_eq!(e("2026-01-01T00:00:00.Z"), 20);
        assert_eq!(e("2026-01-01T00:00:00.1234567890Z"), 29);
        assert_eq!(e("2026-01-01T00:00:00+0100"), 22);
        assert_eq!(e("2026-01-01T00:00:00+01:00x"), 25);
        assert_eq!(e("2026-1-01T00:00:00Z"), 6);
        assert_eq!(e("26"), 2);
        assert_eq!(e(""), 0);
    }
}
