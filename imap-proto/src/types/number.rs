//! `number`, `nz-number` and `number64` (RFC 3501 §9, RFC 9051 §9).

use std::num::NonZeroU32;

use crate::cursor::Cursor;
use crate::error::{ParseError, Rule};

/// The largest `number64`: RFC 9051 §9 "Unsigned 63-bit integer".
pub const NUMBER64_MAX: u64 = i64::MAX as u64;

/// Reads `1*DIGIT` with at most `max`; the digits may not run to the end of the input.
fn digits(c: &mut Cursor<'_>, max: u64, rule: Rule) -> Result<u64, ParseError> {
    let start = c.pos;
    let run = c.take_while(|b| b.is_ascii_digit())?;
    if run.is_empty() {
        return Err(c.invalid_at(start, rule));
    }
    let mut n: u64 = 0;
    for (i, &d) in run.iter().enumerate() {
        n = n
            .checked_mul(10)
            .and_then(|n| n.checked_add(u64::from(d - b'0')))
            .filter(|&n| n <= max)
            .ok_or_else(|| c.invalid_at(start + i, rule))?;
    }
    Ok(n)
}

/// `number = 1*DIGIT`, an unsigned 32-bit integer.
pub(crate) fn number(c: &mut Cursor<'_>) -> Result<u32, ParseError> {
    let n = digits(c, u64::from(u32::MAX), Rule::Number)?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// `nz-number = digit-nz *DIGIT`, a non-zero unsigned 32-bit integer.
pub(crate) fn nz_number(c: &mut Cursor<'_>) -> Result<NonZeroU32, ParseError> {
    let start = c.pos;
    if c.peek() == Some(b'0') {
        return Err(c.invalid(Rule::NzNumber));
    }
    let n = digits(c, u64::from(u32::MAX), Rule::NzNumber)?;
    u32::try_from(n)
        .ok()
        .and_then(NonZeroU32::new)
        .ok_or_else(|| c.invalid_at(start, Rule::NzNumber))
}

/// `number64 = 1*DIGIT`, 0 ≤ n ≤ 2^63 − 1 (RFC 9051 §9).
pub(crate) fn number64(c: &mut Cursor<'_>) -> Result<u64, ParseError> {
    digits(c, NUMBER64_MAX, Rule::Number64)
}

/// Reads a `number` at the start of `input`; returns it and the rest.
///
/// ```
/// assert_eq!(imap_proto::types::parse_number(b"4294967295 "), Ok((u32::MAX, &b" "[..])));
/// assert!(imap_proto::types::parse_number(b"4294967296 ").is_err());
/// ```
///
/// # Errors
/// [`ParseError::Incomplete`] when the digits run to the end of `input`;
/// [`ParseError::Invalid`] when there is no digit or the number does not fit in 32 bits.
pub fn parse_number(input: &[u8]) -> Result<(u32, &[u8]), ParseError> {
    let mut c = Cursor::new(input);
    let n = number(&mut c)?;
    Ok((n, c.rest()))
}

/// Reads an `nz-number` at the start of `input`; returns it and the rest.
///
/// # Errors
/// As [`parse_number`]; also [`ParseError::Invalid`] for 0 or a leading zero.
pub fn parse_nz_number(input: &[u8]) -> Result<(NonZeroU32, &[u8]), ParseError> {
    let mut c = Cursor::new(input);
    let n = nz_number(&mut c)?;
    Ok((n, c.rest()))
}

/// Reads a `number64` at the start of `input`; returns it and the rest.
///
/// # Errors
/// As [`parse_number`], with the limit 2^63 − 1.
pub fn parse_number64(input: &[u8]) -> Result<(u64, &[u8]), ParseError> {
    let mut c = Cursor::new(input);
    let n = number64(&mut c)?;
    Ok((n, c.rest()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(parse_number(b"0)"), Ok((0, &b")"[..])));
        assert_eq!(
            parse_number(b"12"),
            Err(ParseError::Incomplete { needed: 1 })
        );
        assert_eq!(
            parse_number(b"x"),
            Err(ParseError::Invalid {
                rule: Rule::Number,
                offset: 0
            })
        );
        assert_eq!(
            parse_number(b"42949672950 "),
            Err(ParseError::Invalid {
                rule: Rule::Number,
                offset: 10
            })
        );
        assert_eq!(parse_nz_number(b"7 ").unwrap().0.get(), 7);
        assert!(parse_nz_number(b"0 ").is_err());
        assert!(parse_nz_number(b"01 ").is_err());
        assert_eq!(
            parse_number64(b"9223372036854775807 ").unwrap().0,
            NUMBER64_MAX
        );
        assert!(parse_number64(b"9223372036854775808 ").is_err());
    }
}
