//! `date` and `date-time` (RFC 3501 §9, RFC 9051 §9): the dates of SEARCH and the internal
//! date of APPEND and FETCH INTERNALDATE.

use std::fmt;

use crate::cursor::Cursor;
use crate::encode::{Encode, Writer};
use crate::error::{InvalidValue, ParseError, Rule};

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A calendar date: `date-text = date-day "-" date-month "-" date-year`.
///
/// ```
/// use imap_proto::encode::Encode;
/// use imap_proto::types::Date;
/// // RFC 3501 §6.4.4: "SEARCH FLAGGED SINCE 1-Feb-1994 NOT FROM "Smith"".
/// let (date, _) = Date::parse(b"1-Feb-1994 NOT").unwrap();
/// assert_eq!((date.year(), date.month(), date.day()), (1994, 2, 1));
/// assert_eq!(date.to_wire(), b"1-Feb-1994");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// A date; `month` is 1-12.
    ///
    /// # Errors
    /// [`InvalidValue`] for a year over 9999 (`date-year = 4DIGIT`), a month outside 1-12 or
    /// a day the month does not have; the offset is the field's in `dd-Mon-yyyy`.
    pub fn new(year: u16, month: u8, day: u8) -> Result<Self, InvalidValue> {
        let err = |offset| InvalidValue {
            rule: Rule::Date,
            offset,
        };
        if year > 9999 {
            return Err(err(7));
        }
        if !(1..=12).contains(&month) {
            return Err(err(3));
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(err(0));
        }
        Ok(Self { year, month, day })
    }

    /// The year.
    pub fn year(self) -> u16 {
        self.year
    }

    /// The month, 1-12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month.
    pub fn day(self) -> u8 {
        self.day
    }

    /// Reads `date = date-text / DQUOTE date-text DQUOTE` at the start of `input`; returns
    /// it and the rest.
    ///
    /// # Errors
    /// [`ParseError::Incomplete`] when `input` ends inside the date (a 1-digit day may still
    /// be followed by a second digit); [`ParseError::Invalid`] otherwise.
    pub fn parse(input: &[u8]) -> Result<(Self, &[u8]), ParseError> {
        let mut c = Cursor::new(input);
        let quoted = c.need()? == b'"';
        if quoted {
            c.bump();
        }
        let start = c.pos;
        let day = digits(&mut c, 1, 2, Rule::Date)?;
        let date = date_rest(&mut c, day, start, Rule::Date)?;
        if quoted {
            c.expect(b'"', Rule::Date)?;
        }
        Ok((date, c.rest()))
    }
}

/// Reads `min..=max` digits (fewer than `max` only when a non-digit follows).
fn digits(c: &mut Cursor<'_>, min: usize, max: usize, rule: Rule) -> Result<u16, ParseError> {
    let mut n = 0u16;
    for i in 0..max {
        let b = if i < min {
            c.need()?
        } else {
            match c.need()? {
                b if b.is_ascii_digit() => b,
                _ => break,
            }
        };
        if !b.is_ascii_digit() {
            return Err(c.invalid(rule));
        }
        n = n * 10 + u16::from(b - b'0');
        c.bump();
    }
    Ok(n)
}

/// `"-" date-month "-" date-year` after the day, checked as a calendar date.
fn date_rest(c: &mut Cursor<'_>, day: u16, day_at: usize, rule: Rule) -> Result<Date, ParseError> {
    c.expect(b'-', rule)?;
    let month_at = c.pos;
    let name = c.take(3)?;
    let month = MONTHS
        .iter()
        .position(|m| m.as_bytes().eq_ignore_ascii_case(name))
        .ok_or_else(|| c.invalid_at(month_at, rule))?;
    c.expect(b'-', rule)?;
    let year = digits(c, 4, 4, rule)?;
    let day = u8::try_from(day).unwrap_or(0);
    Date::new(year, month as u8 + 1, day).map_err(|_| c.invalid_at(day_at, rule))
}

impl Encode for Date {
    fn encode(&self, w: &mut Writer) {
        w.number(u64::from(self.day));
        w.push_raw(b"-");
        w.push_raw(
            MONTHS
                .get(usize::from(self.month - 1))
                .map_or(b"Jan", |m| m.as_bytes()),
        );
        w.push_raw(b"-");
        w.push_raw(format!("{:04}", self.year).as_bytes());
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&String::from_utf8_lossy(&self.to_wire()))
    }
}

/// `date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE`:
/// a local time and its offset from UTC (`zone = ("+" / "-") 4DIGIT`, hours and minutes).
///
/// A zone of `-0000` is read as `+0000` (the value is the offset).
///
/// ```
/// use imap_proto::encode::Encode;
/// use imap_proto::types::DateTime;
/// // RFC 3501 §7.4.2: INTERNALDATE "17-Jul-1996 02:44:25 -0700".
/// let (t, _) = DateTime::parse(b"\"17-Jul-1996 02:44:25 -0700\")").unwrap();
/// assert_eq!((t.hour(), t.minute(), t.second(), t.zone_minutes()), (2, 44, 25, -420));
/// assert_eq!(t.to_wire(), b"\"17-Jul-1996 02:44:25 -0700\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateTime {
    date: Date,
    hour: u8,
    minute: u8,
    second: u8,
    zone_minutes: i16,
}

impl DateTime {
    /// A date-time. `second` may be 60 (a leap second); the zone is in minutes east of UTC,
    /// at most ±99:59.
    ///
    /// # Errors
    /// [`InvalidValue`] for an hour over 23, a minute over 59, a second over 60, or a zone
    /// out of range or with minutes over 59; the offset is the field's in
    /// `dd-Mon-yyyy hh:mm:ss +zzzz`.
    pub fn new(
        date: Date,
        hour: u8,
        minute: u8,
        second: u8,
        zone_minutes: i16,
    ) -> Result<Self, InvalidValue> {
        let err = |offset| InvalidValue {
            rule: Rule::DateTime,
            offset,
        };
        if hour > 23 {
            return Err(err(12));
        }
        if minute > 59 {
            return Err(err(15));
        }
        if second > 60 {
            return Err(err(18));
        }
        if zone_minutes.unsigned_abs() > 99 * 60 + 59 {
            return Err(err(21));
        }
        Ok(Self {
            date,
            hour,
            minute,
            second,
            zone_minutes,
        })
    }

    /// The date.
    pub fn date(self) -> Date {
        self.date
    }

    /// The hour, 0-23.
    pub fn hour(self) -> u8 {
        self.hour
    }

    /// The minute, 0-59.
    pub fn minute(self) -> u8 {
        self.minute
    }

    /// The second, 0-60.
    pub fn second(self) -> u8 {
        self.second
    }

    /// The zone's offset from UTC, in minutes east.
    pub fn zone_minutes(self) -> i16 {
        self.zone_minutes
    }

    /// Reads a `date-time` at the start of `input`; returns it and the rest.
    ///
    /// # Errors
    /// [`ParseError::Incomplete`] before the closing quote; [`ParseError::Invalid`] for a
    /// malformed or impossible date or time.
    pub fn parse(input: &[u8]) -> Result<(Self, &[u8]), ParseError> {
        match Self::parse_fixed(input) {
            Some(parsed) => Ok(parsed),
            None => Self::parse_general(input),
        }
    }

    /// [`DateTime::parse`] octet by octet: any layout the rule allows, and the error offsets.
    fn parse_general(input: &[u8]) -> Result<(Self, &[u8]), ParseError> {
        let rule = Rule::DateTime;
        let mut c = Cursor::new(input);
        c.expect(b'"', rule)?;
        let day_at = c.pos;
        // date-day-fixed = (SP DIGIT) / 2DIGIT
        let day = if c.need()? == b' ' {
            c.bump();
            digits(&mut c, 1, 1, rule)?
        } else {
            digits(&mut c, 2, 2, rule)?
        };
        let date = date_rest(&mut c, day, day_at, rule)?;
        c.expect(b' ', rule)?;
        let time_at = c.pos;
        let hour = digits(&mut c, 2, 2, rule)?;
        c.expect(b':', rule)?;
        let minute = digits(&mut c, 2, 2, rule)?;
        c.expect(b':', rule)?;
        let second = digits(&mut c, 2, 2, rule)?;
        c.expect(b' ', rule)?;
        let zone_at = c.pos;
        let sign: i16 = match c.need()? {
            b'+' => 1,
            b'-' => -1,
            _ => return Err(c.invalid(rule)),
        };
        c.bump();
        let zone = digits(&mut c, 4, 4, rule)?;
        c.expect(b'"', rule)?;
        if zone % 100 > 59 {
            return Err(c.invalid_at(zone_at, rule));
        }
        let zone_minutes = sign * i16::try_from(zone / 100 * 60 + zone % 100).unwrap_or(0);
        let small = |n: u16| u8::try_from(n).unwrap_or(u8::MAX);
        let t = DateTime::new(
            date,
            small(hour),
            small(minute),
            small(second),
            zone_minutes,
        )
        .map_err(|_| c.invalid_at(time_at, rule))?;
        Ok((t, c.rest()))
    }
}

impl DateTime {
    /// The fast path of [`DateTime::parse`]: the whole fixed layout
    /// `DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE` (28 octets)
    /// checked and read in one go. `None` for anything else, invalid values included, which
    /// the general path then reads (and refuses with the right offset): this path only ever
    /// accepts what the general one accepts, with the same value.
    #[inline]
    fn parse_fixed(input: &[u8]) -> Option<(Self, &[u8])> {
        let (fixed, rest) = input.split_first_chunk::<28>()?;
        let [
            b'"',
            d1,
            d2,
            b'-',
            m1,
            m2,
            m3,
            b'-',
            y1,
            y2,
            y3,
            y4,
            b' ',
            h1,
            h2,
            b':',
            n1,
            n2,
            b':',
            s1,
            s2,
            b' ',
            sign,
            z1,
            z2,
            z3,
            z4,
            b'"',
        ] = *fixed
        else {
            return None;
        };
        // Every digit position checked at once; a space for the day's tens is a zero.
        let d1 = if d1 == b' ' { b'0' } else { d1 };
        let digits = [
            d1, d2, y1, y2, y3, y4, h1, h2, n1, n2, s1, s2, z1, z2, z3, z4,
        ]
        .map(|b| b.wrapping_sub(b'0'));
        if digits.iter().any(|&d| d > 9) {
            return None;
        }
        let [
            d1,
            d2,
            y1,
            y2,
            y3,
            y4,
            h1,
            h2,
            n1,
            n2,
            s1,
            s2,
            z1,
            z2,
            z3,
            z4,
        ] = digits;
        let two = |a: u8, b: u8| a * 10 + b;
        let month = match [
            m1.to_ascii_lowercase(),
            m2.to_ascii_lowercase(),
            m3.to_ascii_lowercase(),
        ] {
            [b'j', b'a', b'n'] => 1,
            [b'f', b'e', b'b'] => 2,
            [b'm', b'a', b'r'] => 3,
            [b'a', b'p', b'r'] => 4,
            [b'm', b'a', b'y'] => 5,
            [b'j', b'u', b'n'] => 6,
            [b'j', b'u', b'l'] => 7,
            [b'a', b'u', b'g'] => 8,
            [b's', b'e', b'p'] => 9,
            [b'o', b'c', b't'] => 10,
            [b'n', b'o', b'v'] => 11,
            [b'd', b'e', b'c'] => 12,
            _ => return None,
        };
        let year = u16::from(two(y1, y2)) * 100 + u16::from(two(y3, y4));
        let sign: i16 = match sign {
            b'+' => 1,
            b'-' => -1,
            _ => return None,
        };
        let zone_mins = two(z3, z4);
        if zone_mins > 59 {
            return None;
        }
        let zone_minutes = sign * (i16::from(two(z1, z2)) * 60 + i16::from(zone_mins));
        let date = Date::new(year, month, two(d1, d2)).ok()?;
        let t = DateTime::new(date, two(h1, h2), two(n1, n2), two(s1, s2), zone_minutes).ok()?;
        Some((t, rest))
    }
}

impl Encode for DateTime {
    fn encode(&self, w: &mut Writer) {
        let zone = self.zone_minutes.unsigned_abs();
        let text = format!(
            "\"{:>2}-{}-{:04} {:02}:{:02}:{:02} {}{:02}{:02}\"",
            self.date.day,
            MONTHS
                .get(usize::from(self.date.month - 1))
                .unwrap_or(&"Jan"),
            self.date.year,
            self.hour,
            self.minute,
            self.second,
            if self.zone_minutes < 0 { '-' } else { '+' },
            zone / 60,
            zone % 60,
        );
        w.push_raw(text.as_bytes());
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&String::from_utf8_lossy(&self.to_wire()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn dates() {
        assert_eq!(
            Date::parse(b"\"29-feb-2000\" ").unwrap().0,
            Date::new(2000, 2, 29).unwrap()
        );
        assert!(Date::parse(b"29-Feb-1900 ").is_err());
        assert!(Date::parse(b"31-Apr-2020 ").is_err());
        assert_eq!(
            Date::parse(b"1-Foo-1994 "),
            Err(ParseError::Invalid {
                rule: Rule::Date,
                offset: 2
            })
        );
        assert!(Date::parse(b"1-Feb-1994").is_ok());
        assert!(Date::parse(b"1").unwrap_err().is_incomplete());
        assert!(Date::parse(b"1-Feb-199").unwrap_err().is_incomplete());
        assert!(Date::parse(b"123-Feb-1994 ").is_err());
        assert!(Date::new(10000, 1, 1).is_err());
        assert_eq!(Date::new(1994, 2, 1).unwrap().to_string(), "1-Feb-1994");
        assert_eq!(Date::new(7, 12, 31).unwrap().to_string(), "31-Dec-0007");
    }

    #[test]
    fn date_times() {
        // RFC 3501 §6.3.11 APPEND example uses "7-Feb-1994 21:52:25 -0800" with a space pad.
        let (t, rest) = DateTime::parse(b"\" 7-Feb-1994 21:52:25 -0800\" {310}").unwrap();
        assert_eq!(rest, b" {310}");
        assert_eq!(t.date(), Date::new(1994, 2, 7).unwrap());
        assert_eq!(t.zone_minutes(), -480);
        assert_eq!(t.to_wire(), b"\" 7-Feb-1994 21:52:25 -0800\"");
        assert_eq!(
            DateTime::parse(b"\"07-Feb-1994 21:52:25 +0530\"")
                .unwrap()
                .0
                .zone_minutes(),
            330
        );
        for bad in [
            &b"\"7-Feb-1994 21:52:25 -0800\""[..],
            b"\"07-Feb-1994 24:00:00 +0000\"",
            b"\"07-Feb-1994 23:60:00 +0000\"",
            b"\"07-Feb-1994 23:00:61 +0000\"",
            b"\"07-Feb-1994 23:00:00 +0060\"",
            b"\"07-Feb-1994 23:00:00 0000\"",
            b"\"30-Feb-1994 23:00:00 +0000\"",
        ] {
            assert!(
                matches!(DateTime::parse(bad), Err(ParseError::Invalid { .. })),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
        assert!(
            DateTime::parse(b"\"07-Feb-1994 23:00:00 +0000")
                .unwrap_err()
                .is_incomplete()
        );
        let leap = DateTime::parse(b"\"31-Dec-2016 23:59:60 +0000\"")
            .unwrap()
            .0;
        assert_eq!(leap.second(), 60);
        assert_eq!(
            DateTime::parse(b"\"01-Jan-2000 00:00:00 -0000\"")
                .unwrap()
                .0
                .to_wire(),
            b"\" 1-Jan-2000 00:00:00 +0000\""
        );
        let d = Date::new(2000, 1, 1).unwrap();
        assert_eq!(DateTime::new(d, 0, 0, 0, 6000).unwrap_err().offset, 21);
        assert_eq!(
            DateTime::new(d, 0, 0, 0, -5999).unwrap().to_string(),
            "\" 1-Jan-2000 00:00:00 -9959\""
        );
    }

    /// One octet of a date-time candidate: mostly what fits the layout, sometimes not.
    fn octet(fits: &'static [u8]) -> impl Strategy<Value = u8> {
        prop_oneof![8 => proptest::sample::select(fits), 1 => any::<u8>()]
    }

    proptest! {
        #[test]
        fn fixed_layout_agrees_with_general_path(
            parts in (
                octet(b" 0123"), octet(b"0123456789"), octet(b"-"),
                octet(b"JjFfMmAaSsOoNnDd"), octet(b"aAeEpPuUcCoO"), octet(b"nNbBrRyYlLgGpPtTvVcC"),
                octet(b"-"), octet(b"0129"), octet(b"09"), octet(b"0129"), octet(b"0123456789"),
            ),
            time in proptest::collection::vec(octet(b"0123456789"), 6),
            zone in (octet(b"+-"), proptest::collection::vec(octet(b"0123456789"), 4)),
            tail in proptest::collection::vec(any::<u8>(), 0..3),
        ) {
            let (d1, d2, s1, m1, m2, m3, s2, y1, y2, y3, y4) = parts;
            let mut text = vec![b'"', d1, d2, s1, m1, m2, m3, s2, y1, y2, y3, y4, b' '];
            text.extend_from_slice(&[time[0], time[1], b':', time[2], time[3], b':', time[4], time[5]]);
            text.push(b' ');
            text.push(zone.0);
            text.extend_from_slice(&zone.1);
            text.push(b'"');
            text.extend_from_slice(&tail);
            let general = DateTime::parse_general(&text);
            match DateTime::parse_fixed(&text) {
                Some(fast) => prop_assert_eq!(Ok(fast), general),
                // The fast path leaves the general path only what it refuses.
                None => prop_assert!(general.is_err()),
            }
            prop_assert_eq!(DateTime::parse(&text), general);
        }
    }
}
