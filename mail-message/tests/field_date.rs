//! `DateTime::parse`: RFC 5322 §3.3 and the obsolete forms of §4.3 (every zone, two- and
//! three-digit years), leap days, invalid dates, day-of-week checks, the real-world forms the
//! parser accepts, and the defects with their offsets.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use mail_message::DefectKind;
use mail_message::field::date::DateTime;

fn parse(raw: &str) -> (Option<DateTime>, Vec<(DefectKind, usize)>) {
    let mut defects = Vec::new();
    let d = DateTime::parse(raw.as_bytes(), &mut defects);
    (d, defects.iter().map(|d| (d.kind, d.offset)).collect())
}

fn dt(y: u16, mo: u8, d: u8, h: u8, mi: u8, s: u8, off: Option<i16>) -> DateTime {
    DateTime::new(y, mo, d, h, mi, s, off).unwrap()
}

/// The offset a zone gives, with the defects it causes.
fn zone(z: &str) -> (Option<i16>, Vec<DefectKind>) {
    let (d, defects) = parse(&format!("Fri, 21 Nov 1997 09:55:06 {z}"));
    let d = d.unwrap();
    assert_eq!(
        (d.year, d.month, d.day, d.hour, d.minute, d.second),
        (1997, 11, 21, 9, 55, 6)
    );
    (d.offset_minutes, defects.iter().map(|d| d.0).collect())
}

#[test]
fn numeric_zones() {
    assert_eq!(zone("+0000"), (Some(0), vec![]));
    assert_eq!(zone("-0600"), (Some(-360), vec![]));
    assert_eq!(zone("+0530"), (Some(330), vec![]));
    assert_eq!(zone("-0330"), (Some(-210), vec![]));
    assert_eq!(zone("+1400"), (Some(840), vec![]));
    assert_eq!(zone("+9959"), (Some(99 * 60 + 59), vec![]));
    // RFC 5322 §3.3: -0000 means the offset is unknown; it is not a defect.
    assert_eq!(zone("-0000"), (None, vec![]));
    // RFC 3339 style, written by some programs.
    assert_eq!(zone("+02:00"), (Some(120), vec![]));
}

#[test]
fn obsolete_zones_rfc_5322_4_3() {
    for (name, offset) in [
        ("UT", 0),
        ("GMT", 0),
        ("EST", -5 * 60),
        ("EDT", -4 * 60),
        ("CST", -6 * 60),
        ("CDT", -5 * 60),
        ("MST", -7 * 60),
        ("MDT", -6 * 60),
        ("PST", -8 * 60),
        ("PDT", -7 * 60),
    ] {
        assert_eq!(zone(name), (Some(offset), vec![]), "{name}");
        assert_eq!(zone(&name.to_lowercase()), (Some(offset), vec![]), "{name}");
    }
    // Not in RFC 5322, unambiguous, and common.
    assert_eq!(zone("UTC"), (Some(0), vec![]));
    assert_eq!(zone("GMT+0200"), (Some(120), vec![]));
    assert_eq!(zone("GMT-0330"), (Some(-210), vec![]));
}

#[test]
fn military_and_unknown_zones_are_minus_0000() {
    let unknown = (None, vec![DefectKind::UnknownTimeZone]);
    // The military letters A-I, K-Z in both cases; J is not one but is unknown all the same.
    for letter in ('A'..='Z').chain('a'..='z') {
        assert_eq!(zone(&letter.to_string()), unknown, "{letter}");
    }
    for name in ["CEST", "BST", "IST", "MSK", "JST", "XYZZY"] {
        assert_eq!(zone(name), unknown, "{name}");
    }
    // A numeric zone must have a sign and minutes below 60.
    assert_eq!(zone("0200"), unknown);
    assert_eq!(zone("+0260"), unknown);
    assert_eq!(zone("+200"), unknown);
    assert_eq!(zone("+"), unknown);
    // The zone is missing.
    assert_eq!(
        parse("Fri, 21 Nov 1997 09:55:06"),
        (
            Some(dt(1997, 11, 21, 9, 55, 6, None)),
            vec![(DefectKind::UnknownTimeZone, 25)]
        )
    );
    assert_eq!(
        parse("Fri, 21 Nov 1997 09:55:06 Z"),
        (
            Some(dt(1997, 11, 21, 9, 55, 6, None)),
            vec![(DefectKind::UnknownTimeZone, 26)]
        )
    );
}

#[test]
fn comments_after_the_zone() {
    assert_eq!(zone("+0200 (CEST)"), (Some(120), vec![]));
    assert_eq!(zone("-0700 (PDT)"), (Some(-420), vec![]));
    assert_eq!(zone("+0000 (UTC)"), (Some(0), vec![]));
    assert_eq!(
        parse("Tue, 1 Jul 2003 10:52:37 +0200 (CEST)"),
        (Some(dt(2003, 7, 1, 10, 52, 37, Some(120))), vec![])
    );
    // Anything after a complete date-time is ignored.
    assert_eq!(zone("+0200 CEST"), (Some(120), vec![]));
    // An unterminated comment is reported but does not spoil the date.
    assert_eq!(
        parse("Tue, 1 Jul 2003 10:52:37 +0200 (CEST"),
        (
            Some(dt(2003, 7, 1, 10, 52, 37, Some(120))),
            vec![(DefectKind::UnterminatedComment, 31)]
        )
    );
}

#[test]
fn years() {
    let year = |y: &str| parse(&format!("1 Jan {y} 00:00 +0000")).0.map(|d| d.year);
    // RFC 5322 §4.3: 00-49 are 2000-2049, 50-99 are 1950-1999, three digits add 1900.
    assert_eq!(year("00"), Some(2000));
    assert_eq!(year("49"), Some(2049));
    assert_eq!(year("50"), Some(1950));
    assert_eq!(year("97"), Some(1997));
    assert_eq!(year("99"), Some(1999));
    assert_eq!(year("100"), Some(2000));
    assert_eq!(year("103"), Some(2003));
    assert_eq!(year("999"), Some(2899));
    // Four digits are the year, even with leading zeros.
    assert_eq!(year("1997"), Some(1997));
    assert_eq!(year("0049"), Some(49));
    assert_eq!(year("9999"), Some(9999));
    // One digit or five are not years.
    assert_eq!(year("7"), None);
    assert_eq!(year("10000"), None);
}

#[test]
fn leap_days() {
    assert_eq!(
        parse("29 Feb 2000 12:00 +0000").0,
        Some(dt(2000, 2, 29, 12, 0, 0, Some(0)))
    );
    assert_eq!(
        parse("29 Feb 2024 12:00 +0000").0,
        Some(dt(2024, 2, 29, 12, 0, 0, Some(0)))
    );
    assert_eq!(
        parse("Thu, 29 Feb 96 12:00 +0000").0,
        Some(dt(1996, 2, 29, 12, 0, 0, Some(0)))
    );
    for raw in [
        "29 Feb 1900 12:00 +0000",
        "29 Feb 2023 12:00 +0000",
        "29 Feb 2100 00:00 +0000",
    ] {
        assert_eq!(
            parse(raw),
            (None, vec![(DefectKind::InvalidDate, 0)]),
            "{raw}"
        );
    }
}

#[test]
fn invalid_dates() {
    let invalid = |raw: &str, offset: usize| {
        assert_eq!(
            parse(raw),
            (None, vec![(DefectKind::InvalidDate, offset)]),
            "{raw}"
        );
    };
    invalid("Fri, 30 Feb 1997 09:55:06 -0600", 5);
    invalid("Fri, 31 Apr 1997 09:55:06 -0600", 5);
    invalid("Fri, 0 Nov 1997 09:55:06 -0600", 5);
    invalid("Fri, 21 Nov 1997 25:55:06 -0600", 5);
    invalid("Fri, 21 Nov 1997 24:00:00 -0600", 5);
    invalid("Fri, 21 Nov 1997 09:60:06 -0600", 5);
    invalid("Fri, 21 Nov 1997 09:55:61 -0600", 5);
    invalid("Fri, 21 Foo 1997 09:55:06 -0600", 8);
    invalid("Fri, 21 Nov 1997 09 -0600", 20);
    invalid("Fri, 21 Nov 1997", 16);
    invalid("Fri, 211 Nov 1997 09:55:06 -0600", 5);
    invalid("", 0);
    invalid("  (just a comment)  ", 20);
    invalid("yesterday", 0);
    invalid("Fri,", 4);
    invalid("@#$", 0);
    // A leap second is valid (RFC 5322 §3.3 allows 60).
    assert_eq!(
        parse("Sat, 31 Dec 2016 23:59:60 +0000").0,
        Some(dt(2016, 12, 31, 23, 59, 60, Some(0)))
    );
}

#[test]
fn day_of_week_is_checked_leniently() {
    // 21 Nov 1997 was a Friday.
    assert_eq!(
        parse("Mon, 21 Nov 1997 09:55:06 -0600"),
        (
            Some(dt(1997, 11, 21, 9, 55, 6, Some(-360))),
            vec![(DefectKind::DayOfWeekMismatch, 0)]
        )
    );
    assert_eq!(
        parse("  (c) Sun, 21 Nov 1997 09:55:06 -0600"),
        (
            Some(dt(1997, 11, 21, 9, 55, 6, Some(-360))),
            vec![(DefectKind::DayOfWeekMismatch, 6)]
        )
    );
    for day in ["Fri", "fri", "FRI", "Friday"] {
        assert_eq!(
            parse(&format!("{day}, 21 Nov 1997 09:55:06 -0600")).1,
            vec![]
        );
    }
    // A word that is no day name is not a date.
    assert_eq!(parse("Xyz, 21 Nov 1997 09:55:06 -0600").0, None);
}

#[test]
fn real_world_forms() {
    let d = dt(2003, 7, 1, 10, 52, 37, Some(120));
    for raw in [
        "Tue, 1 Jul 2003 10:52:37 +0200",
        "Tue, 01 Jul 2003 10:52:37 +0200",
        "tue, 1 jul 2003 10:52:37 +0200",
        "TUE, 1 JUL 2003 10:52:37 +0200",
        "Tue 1 Jul 2003 10:52:37 +0200",
        "Tuesday, 1 July 2003 10:52:37 +0200",
        "  Tue,   1   Jul   2003   10:52:37   +0200  ",
        "Tue,\r\n\t1 Jul\r\n 2003 10:52:37\r\n +0200",
        "Tue, 1-Jul-2003 10:52:37 +0200",
        "Tue, 1 Jul 2003 10.52.37 +0200",
        "Tue, 1 Jul 2003 10:52:37+0200",
        "Tue(a), (b)1 (c)Jul(d) 2003 (e)10(f):(g)52(h):(i)37 (j)+0200(k)",
        "Tue, 1 Jul 03 10:52:37 +0200",
        "Tue, 1 Jul 103 10:52:37 +0200",
        "2003-07-01T10:52:37+02:00",
        "2003-07-01 10:52:37 +0200",
        "Tue Jul  1 10:52:37 2003 +0200",
    ] {
        assert_eq!(parse(raw), (Some(d), vec![]), "{raw}");
    }
    assert_eq!(
        parse("Tue, 1 Jul 2003 10:52 +0200").0,
        Some(dt(2003, 7, 1, 10, 52, 0, Some(120)))
    );
    assert_eq!(
        parse("Tue, 1 Jul 2003 9:05:01 +0200").0,
        Some(dt(2003, 7, 1, 9, 5, 1, Some(120)))
    );
    assert_eq!(
        parse("2003-07-01T08:52:37Z").0,
        Some(dt(2003, 7, 1, 8, 52, 37, Some(0)))
    );
    // C asctime has no zone; date(1) writes a zone name before the year.
    assert_eq!(
        parse("Tue Jul  1 10:52:37 2003"),
        (
            Some(dt(2003, 7, 1, 10, 52, 37, None)),
            vec![(DefectKind::UnknownTimeZone, 24)]
        )
    );
    assert_eq!(
        parse("Tue Jul  1 10:52:37 CEST 2003"),
        (
            Some(dt(2003, 7, 1, 10, 52, 37, None)),
            vec![(DefectKind::UnknownTimeZone, 20)]
        )
    );
    assert_eq!(
        parse("Tue Jul  1 10:52:37 PDT 2003").0,
        Some(dt(2003, 7, 1, 10, 52, 37, Some(-420)))
    );
}

#[test]
fn display_and_parse_agree_on_edge_values() {
    for d in [
        dt(0, 1, 1, 0, 0, 0, Some(0)),
        dt(999, 12, 31, 23, 59, 60, None),
        dt(1969, 2, 13, 23, 32, 0, Some(-210)),
        dt(9999, 12, 31, 23, 59, 59, Some(-(99 * 60 + 59))),
        dt(2000, 2, 29, 1, 2, 3, Some(99 * 60 + 59)),
    ] {
        let mut defects = Vec::new();
        assert_eq!(
            DateTime::parse(d.to_string().as_bytes(), &mut defects),
            Some(d)
        );
        assert_eq!(defects, []);
    }
}
