//! Dates: RFC 5322 §3.3 `date-time`, with the obsolete forms of §4.3 (two- and three-digit
//! years, alphabetic and military zones), as a plain value. No clock is read anywhere.

/// A date and time as written in a message: calendar fields in the writer's local time plus
/// the offset of that local time from UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateTime {
    /// Year, four digits (obsolete two-digit years are already expanded per RFC 5322 §4.3).
    pub year: u16,
    /// Month, 1-12.
    pub month: u8,
    /// Day of the month, 1-31 (valid for the month and year).
    pub day: u8,
    /// Hour, 0-23.
    pub hour: u8,
    /// Minute, 0-59.
    pub minute: u8,
    /// Second, 0-60 (60 is a leap second).
    pub second: u8,
    /// Offset of the local time from UTC in minutes (east positive), or `None` for `-0000`
    /// and the zones RFC 5322 §4.3 says to treat as `-0000`: the local time is known, its
    /// relation to UTC is not.
    pub offset_minutes: Option<i16>,
}

mod canonical;
mod parser;

use std::fmt;

use crate::defect::Defect;

/// The English day and month names of RFC 5322 §3.3.
const DAY_NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `true` for a Gregorian leap year.
pub(crate) const fn is_leap_year(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

/// The number of days in `month` (1-12) of `year`; 0 for an invalid month.
pub(crate) const fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: u8, day: u8) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Calendar date of a day count since 1970-01-01 (the inverse of [`days_from_civil`]).
fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

impl DateTime {
    /// A date-time from its fields, or `None` if any field is out of range (month 1-12, a day
    /// that exists in that month, hour < 24, minute < 60, second ≤ 60, offset within ±99:59).
    pub fn new(
        year: u16,
        month: u8,
        day: u8,
        hour: u8,
        minute: u8,
        second: u8,
        offset_minutes: Option<i16>,
    ) -> Option<Self> {
        let valid = (1..=12).contains(&month)
            && (1..=days_in_month(year, month)).contains(&day)
            && hour < 24
            && minute < 60
            && second <= 60
            && offset_minutes.is_none_or(|o| o.abs() <= 99 * 60 + 59);
        valid.then_some(DateTime {
            year,
            month,
            day,
            hour,
            minute,
            second,
            offset_minutes,
        })
    }

    /// Parses the raw value of a `Date` / `Resent-Date` field or the date of a `Received`
    /// field: RFC 5322 §3.3 `date-time`, with the obsolete forms of §4.3 and what real mail
    /// has. Defect offsets are relative to `raw`.
    ///
    /// Accepted, besides the RFC 5322 form `[day-of-week ","] day month year hh:mm[:ss] zone`:
    ///
    /// * comments and folding white space between any two tokens (`obs-` rules);
    /// * one- or two-digit days and hours; month and day names in any case, also in full
    ///   (`Tuesday`, `July`, `Sept`); a missing comma after the day name; `-` between day,
    ///   month and year (`21-Nov-1997`); `.` in place of `:` in the time (`10.52.37`);
    /// * two-digit years (00-49 are 2000-2049, 50-99 are 1950-1999) and three-digit years
    ///   (+1900) as RFC 5322 §4.3 says;
    /// * zones: `+hhmm` / `-hhmm`; `-0000` is `offset_minutes: None` (RFC 5322 §3.3: the local
    ///   offset is unknown); `UT`, `GMT` and `UTC` are `+0000`, also with an offset after them
    ///   (`GMT+0200`); `EST` -0500, `EDT` -0400, `CST` -0600, `CDT` -0500, `MST` -0700, `MDT`
    ///   -0600, `PST` -0800, `PDT` -0700 (RFC 5322 §4.3); `+hh:mm`. A comment after the zone
    ///   (`+0200 (CEST)`) and anything else after a complete date-time are ignored;
    /// * the C `asctime` / `date(1)` form `Tue Jul  1 10:52:37 [CEST] 2003` and ISO 8601
    ///   `2003-07-01T10:52:37+02:00` (with `Z` for UTC), which some programs write.
    ///
    /// Repairs: a military zone letter, another zone name, an unsigned or malformed numeric
    /// zone or a missing zone give `offset_minutes: None` and
    /// [`UnknownTimeZone`](crate::DefectKind::UnknownTimeZone) (RFC 5322 §4.3 says to treat
    /// them as `-0000`). A day name that is not the day of the date is kept and reported as
    /// [`DayOfWeekMismatch`](crate::DefectKind::DayOfWeekMismatch).
    ///
    /// Returns `None` and records [`InvalidDate`](crate::DefectKind::InvalidDate) when the
    /// value is not a date-time or names a date or time that does not exist (`30 Feb`, hour
    /// 25; see [`DateTime::new`]).
    ///
    /// ```
    /// use mail_message::field::date::DateTime;
    ///
    /// let mut defects = Vec::new();
    /// let d = DateTime::parse(b" 21 Nov 97 09:55:06 GMT", &mut defects).unwrap();
    /// assert_eq!(d, DateTime::new(1997, 11, 21, 9, 55, 6, Some(0)).unwrap());
    /// assert_eq!(DateTime::parse(d.to_string().as_bytes(), &mut defects), Some(d));
    /// assert!(defects.is_empty());
    /// ```
    pub fn parse(raw: &[u8], defects: &mut Vec<Defect>) -> Option<Self> {
        parser::parse(raw, defects)
    }

    /// The date-time of a Unix timestamp (seconds since 1970-01-01T00:00:00Z), shown in the
    /// local time `offset_minutes` east of UTC. `None` outside the years 0-9999.
    pub fn from_unix_timestamp(timestamp: i64, offset_minutes: i16) -> Option<Self> {
        let local = timestamp.checked_add(i64::from(offset_minutes) * 60)?;
        let days = local.div_euclid(86_400);
        let secs = local.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        let year = u16::try_from(year).ok().filter(|y| *y <= 9999)?;
        DateTime::new(
            year,
            month,
            day,
            (secs / 3600) as u8,
            (secs / 60 % 60) as u8,
            (secs % 60) as u8,
            Some(offset_minutes),
        )
    }

    /// Seconds since 1970-01-01T00:00:00Z. An unknown offset (`-0000`) counts as UTC.
    pub fn unix_timestamp(&self) -> i64 {
        let days = days_from_civil(i64::from(self.year), self.month, self.day);
        let local = days * 86_400
            + i64::from(self.hour) * 3600
            + i64::from(self.minute) * 60
            + i64::from(self.second);
        local - i64::from(self.offset_minutes.unwrap_or(0)) * 60
    }

    /// The day of the week, 0 = Monday … 6 = Sunday.
    pub fn weekday(&self) -> u8 {
        // Sakamoto's method over the proleptic Gregorian calendar, 400 years (146 097 days, a
        // whole number of weeks) added so that year 0 stays positive; 0 = Sunday there.
        const MONTH_OFFSET: [u32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
        let y = u32::from(self.year) + 400 - u32::from(self.month < 3);
        let month = MONTH_OFFSET
            .get(usize::from(self.month.wrapping_sub(1)))
            .copied()
            .unwrap_or(0);
        let from_sunday = (y + y / 4 - y / 100 + y / 400 + month + u32::from(self.day)) % 7;
        ((from_sunday + 6) % 7) as u8
    }

    /// The date-time in RFC 3339 form, e.g. `1997-11-21T09:55:06-06:00`. An unknown offset is
    /// written `-00:00`, which RFC 3339 §4.3 defines for exactly this meaning.
    pub fn to_rfc3339(&self) -> String {
        let (sign, offset) = self.offset_parts();
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{:02}:{:02}",
            self.year,
            self.month,
            self.day,
            self.hour,
            self.minute,
            self.second,
            sign,
            offset / 60,
            offset % 60
        )
    }

    fn offset_parts(&self) -> (char, u16) {
        match self.offset_minutes {
            None => ('-', 0),
            Some(o) if o < 0 => ('-', o.unsigned_abs()),
            Some(o) => ('+', o.unsigned_abs()),
        }
    }
}

/// Writes the RFC 5322 §3.3 form, e.g. `Fri, 21 Nov 1997 09:55:06 -0600`.
impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (sign, offset) = self.offset_parts();
        let day = DAY_NAMES
            .get(usize::from(self.weekday()))
            .copied()
            .unwrap_or("Mon");
        let month = MONTH_NAMES
            .get(usize::from(self.month.saturating_sub(1)))
            .copied()
            .unwrap_or("Jan");
        write!(
            f,
            "{day}, {} {month} {:04} {:02}:{:02}:{:02} {sign}{:02}{:02}",
            self.day,
            self.year,
            self.hour,
            self.minute,
            self.second,
            offset / 60,
            offset % 60
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        let d = DateTime::new(1997, 11, 21, 9, 55, 6, Some(-360)).unwrap();
        assert_eq!(d.to_string(), "Fri, 21 Nov 1997 09:55:06 -0600");
        assert_eq!(d.to_rfc3339(), "1997-11-21T09:55:06-06:00");
        let d = DateTime::new(2003, 7, 1, 10, 52, 37, Some(120)).unwrap();
        assert_eq!(d.to_string(), "Tue, 1 Jul 2003 10:52:37 +0200");
        let d = DateTime::new(1969, 2, 13, 23, 32, 0, None).unwrap();
        assert_eq!(d.to_rfc3339(), "1969-02-13T23:32:00-00:00");
        assert_eq!(d.to_string(), "Thu, 13 Feb 1969 23:32:00 -0000");
    }

    #[test]
    fn validation() {
        assert!(DateTime::new(2000, 2, 29, 0, 0, 0, Some(0)).is_some());
        assert!(DateTime::new(1900, 2, 29, 0, 0, 0, Some(0)).is_none());
        assert!(DateTime::new(2001, 13, 1, 0, 0, 0, Some(0)).is_none());
        assert!(DateTime::new(2001, 4, 31, 0, 0, 0, Some(0)).is_none());
        assert!(DateTime::new(2001, 4, 30, 24, 0, 0, Some(0)).is_none());
        assert!(DateTime::new(2001, 4, 30, 23, 59, 60, Some(0)).is_some());
    }

    /// The day of the week agrees with the day count since 1970-01-01 (a Thursday) on every
    /// day of the years at the ends of the range and around the Gregorian century rules.
    #[test]
    fn weekday_agrees_with_the_day_count() {
        let years = (0..=4)
            .chain(1599..=1601)
            .chain(1899..=1901)
            .chain(1968..=2104);
        for year in years.chain(9995..=9999) {
            for month in 1..=12 {
                for day in 1..=days_in_month(year, month) {
                    let d = DateTime::new(year, month, day, 0, 0, 0, None).unwrap();
                    let days = days_from_civil(i64::from(year), month, day);
                    assert_eq!(d.weekday(), (days + 3).rem_euclid(7) as u8, "{d:?}");
                }
            }
        }
        assert_eq!(
            DateTime::new(2003, 7, 1, 0, 0, 0, None).unwrap().weekday(),
            1
        );
    }

    #[test]
    fn timestamps_round_trip() {
        let d = DateTime::new(1997, 11, 21, 9, 55, 6, Some(-360)).unwrap();
        assert_eq!(d.unix_timestamp(), 880_127_706);
        assert_eq!(DateTime::from_unix_timestamp(880_127_706, -360), Some(d));
        assert_eq!(
            DateTime::from_unix_timestamp(0, 0).unwrap().to_rfc3339(),
            "1970-01-01T00:00:00+00:00"
        );
        for ts in [-86_400 * 365 * 60, -1, 0, 951_782_400, 4_102_444_799] {
            let d = DateTime::from_unix_timestamp(ts, 330).unwrap();
            assert_eq!(d.unix_timestamp(), ts);
        }
    }
}
