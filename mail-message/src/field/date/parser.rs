//! The `date-time` parser: RFC 5322 §3.3 with the obsolete forms of §4.3, over tokens (numbers,
//! words, single symbols) separated by CFWS, which the obsolete syntax allows almost anywhere.
//!
//! ```text
//! date-time   = [ day-of-week "," ] date time [CFWS]
//! date        = day month year
//! time        = time-of-day zone
//! time-of-day = hour ":" minute [ ":" second ]
//! zone        = (FWS ( "+" / "-" ) 4DIGIT) / obs-zone
//! ```

use super::{DAY_NAMES, DateTime, MONTH_NAMES};
use crate::defect::{Defect, DefectKind, push};
use crate::lex::Cursor;

/// One token of a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token<'a> {
    /// A run of ASCII digits: its value (saturated) and its number of digits.
    Num { value: u32, len: usize },
    /// A run of ASCII letters.
    Word(&'a [u8]),
    /// Any other single byte.
    Sym(u8),
    /// The end of the value.
    End,
}

/// Tokens of a date, with one token of look-ahead.
struct Lexer<'a, 'd> {
    c: Cursor<'a>,
    defects: &'d mut Vec<Defect>,
    peeked: Option<(Token<'a>, usize)>,
    /// Offset of the token last returned by [`Lexer::next`].
    at: usize,
}

impl<'a> Lexer<'a, '_> {
    fn read(&mut self) -> (Token<'a>, usize) {
        loop {
            self.c.skip_fws();
            if self.c.peek() != Some(b'(') {
                break;
            }
            let open = self.c.pos();
            if self.c.comment().is_err() {
                push(self.defects, DefectKind::UnterminatedComment, open);
            }
        }
        let start = self.c.pos();
        let token = match self.c.peek() {
            None => Token::End,
            Some(b) if b.is_ascii_digit() => {
                let digits = self.c.take_while(|b| b.is_ascii_digit());
                let value = digits.iter().fold(0u32, |v, d| {
                    v.saturating_mul(10).saturating_add(u32::from(d - b'0'))
                });
                Token::Num {
                    value,
                    len: digits.len(),
                }
            }
            Some(b) if b.is_ascii_alphabetic() => {
                Token::Word(self.c.take_while(|b| b.is_ascii_alphabetic()))
            }
            Some(b) => {
                self.c.bump();
                Token::Sym(b)
            }
        };
        (token, start)
    }

    fn next(&mut self) -> Token<'a> {
        let (token, at) = match self.peeked.take() {
            Some(p) => p,
            None => self.read(),
        };
        self.at = at;
        token
    }

    fn peek(&mut self) -> Token<'a> {
        match self.peeked {
            Some((token, _)) => token,
            None => {
                let p = self.read();
                self.peeked = Some(p);
                p.0
            }
        }
    }

    /// Consumes the next token if it is the symbol `b`.
    fn eat(&mut self, b: u8) -> bool {
        let hit = self.peek() == Token::Sym(b);
        if hit {
            self.next();
        }
        hit
    }

    /// The next token as a number of `min..=max` digits, or the offset of the token.
    fn number(&mut self, min: usize, max: usize) -> Result<u32, usize> {
        self.number_digits(min, max).map(|(value, _)| value)
    }

    /// Like [`Lexer::number`], with the number of digits.
    fn number_digits(&mut self, min: usize, max: usize) -> Result<(u32, usize), usize> {
        match self.next() {
            Token::Num { value, len } if (min..=max).contains(&len) => Ok((value, len)),
            _ => Err(self.at),
        }
    }

    /// Consumes the symbol `b`, or fails with the offset of the token found instead.
    fn expect(&mut self, b: u8) -> Result<(), usize> {
        if self.eat(b) {
            Ok(())
        } else {
            self.next();
            Err(self.at)
        }
    }
}

/// Index (0-based) of the name in `names` that `word` starts with (case-insensitive), for
/// `Tue`, `tuesday`, `Sept`.
///
/// The three letters are compared as one number with the ASCII case bit set: a byte with that
/// bit set is a lower-case letter only if it was a letter of either case, so this matches the
/// names (all letters) exactly as a case-insensitive comparison would.
///
/// `keys` are the names folded that way ([`DAY_KEYS`], [`MONTH_KEYS`]), folded once at
/// compile time.
#[inline]
pub(super) fn name_index(word: &[u8], keys: &[u32]) -> Option<usize> {
    let key = folded(word)?;
    keys.iter().position(|&k| k == key)
}

/// The first three bytes of `s` with the ASCII case bit set, as one number.
pub(super) const fn folded(s: &[u8]) -> Option<u32> {
    match *s {
        [a, b, c, ..] => Some(u32::from_be_bytes([0, a | 0x20, b | 0x20, c | 0x20])),
        _ => None,
    }
}

/// `names` folded as [`name_index`] folds a word.
#[allow(
    clippy::indexing_slicing,
    reason = "evaluated at compile time with `i < N`; no input reaches it"
)]
const fn keys<const N: usize>(names: [&str; N]) -> [u32; N] {
    let mut keys = [0; N];
    let mut i = 0;
    while i < N {
        // Every name has three letters.
        keys[i] = match folded(names[i].as_bytes()) {
            Some(k) => k,
            None => 0,
        };
        i += 1;
    }
    keys
}

/// [`DAY_NAMES`] folded for [`name_index`].
pub(super) const DAY_KEYS: [u32; 7] = keys(DAY_NAMES);
/// [`MONTH_NAMES`] folded for [`name_index`].
pub(super) const MONTH_KEYS: [u32; 12] = keys(MONTH_NAMES);

/// The calendar and clock fields read before the zone.
struct Fields {
    year: u16,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
}

/// Parses a date-time; see [`DateTime::parse`].
pub(super) fn parse(raw: &[u8], defects: &mut Vec<Defect>) -> Option<DateTime> {
    if let Some((date, weekday)) = super::canonical::canonical(raw) {
        if let Some((day, at)) = weekday
            && usize::from(date.weekday()) != day
        {
            push(defects, DefectKind::DayOfWeekMismatch, at);
        }
        return Some(date);
    }
    general(raw, defects)
}

/// The general parser, over tokens.
pub(super) fn general(raw: &[u8], defects: &mut Vec<Defect>) -> Option<DateTime> {
    let mut lx = Lexer {
        c: Cursor::new(raw),
        defects,
        peeked: None,
        at: 0,
    };
    match date_time(&mut lx) {
        Ok(d) => Some(d),
        Err(offset) => {
            push(lx.defects, DefectKind::InvalidDate, offset);
            None
        }
    }
}

/// The whole `date-time`: `Err` carries the offset of the token that made it invalid.
fn date_time(lx: &mut Lexer<'_, '_>) -> Result<DateTime, usize> {
    let mut weekday = None;
    if let Token::Word(w) = lx.peek()
        && let Some(d) = name_index(w, &DAY_KEYS)
    {
        lx.next();
        weekday = Some((d, lx.at));
        lx.eat(b',');
    }
    let (fields, zone, start) = match lx.peek() {
        // RFC 5322: `day month year time zone`.
        Token::Num { len: 1 | 2, .. } => rfc5322(lx)?,
        // ISO 8601 / RFC 3339, which some programs write into `Date`.
        Token::Num { len: 4, .. } => iso8601(lx)?,
        // C `asctime` / `date(1)`: `month day time [zone] year [zone]`.
        Token::Word(_) => asctime(lx)?,
        _ => {
            lx.next();
            return Err(lx.at);
        }
    };
    let date = DateTime::new(
        fields.year,
        fields.month,
        fields.day,
        fields.hour,
        fields.minute,
        fields.second,
        zone,
    )
    .ok_or(start)?;
    // The trailing `[CFWS]`, and anything else after a complete date-time, is skipped (an
    // unterminated comment there is still reported).
    while lx.peek() != Token::End {
        lx.next();
    }
    if let Some((day, at)) = weekday
        && usize::from(date.weekday()) != day
    {
        push(lx.defects, DefectKind::DayOfWeekMismatch, at);
    }
    Ok(date)
}

type Parsed = (Fields, Option<i16>, usize);

fn rfc5322(lx: &mut Lexer<'_, '_>) -> Result<Parsed, usize> {
    let day = lx.number(1, 2)?;
    let start = lx.at;
    lx.eat(b'-');
    let month = month(lx)?;
    lx.eat(b'-');
    let year = year(lx)?;
    let (hour, minute, second) = time_of_day(lx)?;
    let zone = zone(lx);
    Ok((
        Fields {
            year,
            month,
            day: day as u8,
            hour,
            minute,
            second,
        },
        zone,
        start,
    ))
}

fn asctime(lx: &mut Lexer<'_, '_>) -> Result<Parsed, usize> {
    let month = month(lx)?;
    let start = lx.at;
    let day = lx.number(1, 2)?;
    let (hour, minute, second) = time_of_day(lx)?;
    // `date(1)` writes the zone before the year, `asctime` writes none.
    let zone_first = !matches!(lx.peek(), Token::Num { .. });
    let early_zone = zone_first.then(|| zone(lx));
    let year = year(lx)?;
    let zone = match early_zone {
        Some(z) => z,
        None => zone(lx),
    };
    Ok((
        Fields {
            year,
            month,
            day: day as u8,
            hour,
            minute,
            second,
        },
        zone,
        start,
    ))
}

fn iso8601(lx: &mut Lexer<'_, '_>) -> Result<Parsed, usize> {
    let year = lx.number(4, 4)?;
    let start = lx.at;
    lx.expect(b'-')?;
    let month = lx.number(1, 2)?;
    lx.expect(b'-')?;
    let day = lx.number(1, 2)?;
    if let Token::Word(w) = lx.peek()
        && w.eq_ignore_ascii_case(b"T")
    {
        lx.next();
    }
    let (hour, minute, second) = time_of_day(lx)?;
    let zone = match lx.peek() {
        // ISO 8601 `Z` is UTC, unlike the RFC 822 military zone.
        Token::Word(w) if w.eq_ignore_ascii_case(b"Z") => {
            lx.next();
            Some(0)
        }
        _ => zone(lx),
    };
    Ok((
        Fields {
            year: year as u16,
            month: month as u8,
            day: day as u8,
            hour,
            minute,
            second,
        },
        zone,
        start,
    ))
}

/// `month`: an English month name, case-insensitive; full names are accepted.
fn month(lx: &mut Lexer<'_, '_>) -> Result<u8, usize> {
    match lx.next() {
        Token::Word(w) => name_index(w, &MONTH_KEYS).map(|m| m as u8 + 1).ok_or(lx.at),
        _ => Err(lx.at),
    }
}

/// `year` / `obs-year`: two digits 00-49 are 2000-2049 and 50-99 are 1950-1999, three digits
/// are added to 1900 (RFC 5322 §4.3), four are the year.
fn year(lx: &mut Lexer<'_, '_>) -> Result<u16, usize> {
    let (value, digits) = lx.number_digits(2, 4)?;
    let year = match (digits, value) {
        (2, 0..=49) => value + 2000,
        (2 | 3, _) => value + 1900,
        _ => value,
    };
    u16::try_from(year).map_err(|_| lx.at)
}

/// `time-of-day` = `hour ":" minute [":" second]`; a `.` is accepted in place of `:` and
/// one-digit fields are accepted (both written by old mailers).
fn time_of_day(lx: &mut Lexer<'_, '_>) -> Result<(u8, u8, u8), usize> {
    let hour = lx.number(1, 2)?;
    if !lx.eat(b'.') {
        lx.expect(b':')?;
    }
    let minute = lx.number(1, 2)?;
    let second = if lx.eat(b':') || lx.eat(b'.') {
        lx.number(1, 2)?
    } else {
        0
    };
    Ok((hour as u8, minute as u8, second as u8))
}

/// `zone` / `obs-zone`. `None` for `-0000` (no defect) and for zones whose meaning is unknown:
/// military letters, other names, a missing or malformed zone
/// ([`DefectKind::UnknownTimeZone`]).
fn zone(lx: &mut Lexer<'_, '_>) -> Option<i16> {
    let token = lx.next();
    let at = lx.at;
    let offset = match token {
        Token::Sym(sign @ (b'+' | b'-')) => numeric_zone(lx, sign),
        Token::Word(w) => match zone_name(w) {
            b"UT" | b"GMT" | b"UTC" => match lx.peek() {
                // `GMT+0200`: the offset is written after the name.
                Token::Sym(sign @ (b'+' | b'-')) => {
                    lx.next();
                    numeric_zone(lx, sign)
                }
                _ => Ok(Some(0)),
            },
            b"EDT" => Ok(Some(-4 * 60)),
            b"EST" | b"CDT" => Ok(Some(-5 * 60)),
            b"CST" | b"MDT" => Ok(Some(-6 * 60)),
            b"MST" | b"PDT" => Ok(Some(-7 * 60)),
            b"PST" => Ok(Some(-8 * 60)),
            _ => Err(()),
        },
        _ => Err(()),
    };
    offset.unwrap_or_else(|()| {
        push(lx.defects, DefectKind::UnknownTimeZone, at);
        None
    })
}

/// The upper-case form of an alphabetic zone name of up to 4 letters (longer names are not
/// known ones), without allocating.
fn zone_name(word: &[u8]) -> &'static [u8] {
    const KNOWN: [&[u8]; 11] = [
        b"UT", b"GMT", b"UTC", b"EST", b"EDT", b"CST", b"CDT", b"MST", b"MDT", b"PST", b"PDT",
    ];
    KNOWN
        .iter()
        .find(|k| k.eq_ignore_ascii_case(word))
        .copied()
        .unwrap_or(b"")
}

/// The digits after a zone's sign: `hhmm` (RFC 5322) or `hh:mm` (RFC 3339).
fn numeric_zone(lx: &mut Lexer<'_, '_>, sign: u8) -> Result<Option<i16>, ()> {
    let (hours, minutes) = match lx.next() {
        Token::Num { value, len: 4 } => (value / 100, value % 100),
        Token::Num { value, len: 2 } if lx.eat(b':') => match lx.next() {
            Token::Num { value: m, len: 2 } => (value, m),
            _ => return Err(()),
        },
        _ => return Err(()),
    };
    if minutes > 59 {
        return Err(());
    }
    let total = (hours * 60 + minutes) as i16;
    Ok(match sign {
        // RFC 5322 §3.3: `-0000` says the offset is unknown.
        b'-' if total == 0 => None,
        b'-' => Some(-total),
        _ => Some(total),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `name_index` stands for: a case-insensitive comparison of the first three bytes.
    fn plain_index(word: &[u8], names: &[&str]) -> Option<usize> {
        let prefix = word.get(..3)?;
        names
            .iter()
            .position(|n| n.as_bytes().eq_ignore_ascii_case(prefix))
    }

    #[test]
    fn names_match_in_any_case() {
        assert_eq!(name_index(b"tuesday", &DAY_KEYS), Some(1));
        assert_eq!(name_index(b"SEPT", &MONTH_KEYS), Some(8));
        assert_eq!(name_index(b"Ju", &MONTH_KEYS), None);
        // `@` and `\xc1` have the case bit clear; set, they would read as `` ` `` and `\xe1`.
        assert_eq!(name_index(b"@ue", &DAY_KEYS), None);
        assert_eq!(name_index(b"\xd4ue", &DAY_KEYS), None);
    }

    proptest::proptest! {
        #[test]
        fn name_index_agrees_with_a_case_insensitive_comparison(
            word in proptest::collection::vec(proptest::prop_oneof![
                proptest::sample::select(b"MonTUEwedJanFEBsepDecxyz".to_vec()),
                proptest::num::u8::ANY,
            ], 0..5)
        ) {
            proptest::prop_assert_eq!(name_index(&word, &DAY_KEYS), plain_index(&word, &DAY_NAMES));
            proptest::prop_assert_eq!(
                name_index(&word, &MONTH_KEYS),
                plain_index(&word, &MONTH_NAMES)
            );
        }
    }
}
