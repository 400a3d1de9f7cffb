//! `BY` on `MAIL` (RFC 2852, DELIVERBY): a deadline for delivery, and what to do when it passes.

use super::params::number;
use super::scan::find;

/// What happens when a `BY` deadline passes (RFC 2852 §4 `by-mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ByMode {
    /// `N`: send a "delayed" DSN and go on delivering.
    Notify,
    /// `R`: give up and return the message as undeliverable.
    Return,
}

/// `BY` on `MAIL` (RFC 2852 §4, DELIVERBY): `by-value = by-time ";" by-mode [by-trace]`,
/// `by-time = ["-" / "+"] 1*9DIGIT`, `by-mode = "N" / "R"`, `by-trace = "T"`.
///
/// `seconds` is at most 999 999 999 either way; zero or negative (a deadline already past,
/// as a relay may pass on) only with [`ByMode::Notify`]: with [`ByMode::Return`] such a
/// message could only be returned, and the parser refuses it (`501`). Encoding refuses what
/// breaks these rules. Written as `BY=<seconds>;R` or `;N`, then `T` for `trace`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DeliverBy {
    /// The time left, in seconds.
    pub seconds: i32,
    /// What to do when it runs out.
    pub mode: ByMode,
    /// `T`: ask for trace information in DSNs.
    pub trace: bool,
}

/// The largest `by-time` (nine digits).
pub(crate) const MAX_BY_TIME: i32 = 999_999_999;

impl DeliverBy {
    /// `true` when the value follows the grammar and the rule for `R` (see the type).
    pub(crate) fn is_valid(self) -> bool {
        self.seconds.unsigned_abs() <= MAX_BY_TIME.unsigned_abs()
            && (self.mode == ByMode::Notify || self.seconds > 0)
    }

    /// Reads a `by-value`; `None` when it breaks the grammar or the rule for `R`.
    pub(crate) fn parse(value: &[u8]) -> Option<DeliverBy> {
        let semi = find(value, b';')?;
        let (time, rest) = (value.get(..semi)?, value.get(semi + 1..)?);
        let (negative, digits) = match time.split_first()? {
            (b'-', d) => (true, d),
            (b'+', d) => (false, d),
            _ => (false, time),
        };
        let magnitude = i32::try_from(number(digits, 9).ok()?).ok()?;
        let seconds = if negative { -magnitude } else { magnitude };
        let (mode, trace) = match rest {
            [m] => (*m, false),
            [m, t] if t.eq_ignore_ascii_case(&b'T') => (*m, true),
            _ => return None,
        };
        let mode = match mode.to_ascii_uppercase() {
            b'N' => ByMode::Notify,
            b'R' => ByMode::Return,
            _ => return None,
        };
        let by = DeliverBy {
            seconds,
            mode,
            trace,
        };
        by.is_valid().then_some(by)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deliver_by() {
        let by = |s: &str| DeliverBy::parse(s.as_bytes());
        assert_eq!(
            by("3600;R"),
            Some(DeliverBy {
                seconds: 3600,
                mode: ByMode::Return,
                trace: false
            })
        );
        assert_eq!(
            by("-60;nt"),
            Some(DeliverBy {
                seconds: -60,
                mode: ByMode::Notify,
                trace: true
            })
        );
        assert_eq!(by("+999999999;N").unwrap().seconds, 999_999_999);
        for bad in [
            "0;R",
            "-1;R",
            "1000000000;N",
            "60",
            "60;",
            "60;X",
            "60;RTT",
            ";R",
            "-;N",
            "6 0;N",
        ] {
            assert_eq!(by(bad), None, "{bad}");
        }
        assert!(by("0;N").is_some());
    }
}
