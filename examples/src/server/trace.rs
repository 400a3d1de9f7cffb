//! The trace fields a delivering server adds (RFC 5321 §4.4): `Return-Path` and `Received`.

use std::fmt::Write as _;
use std::net::IpAddr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How the message came in: the `with` clause of `Received` (RFC 5321 §4.4 `Protocol`, and
/// the RFC 3848 names for TLS and authentication).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Via {
    /// LMTP rather than SMTP.
    pub lmtp: bool,
    /// `EHLO`/`LHLO` rather than `HELO`.
    pub extended: bool,
    /// The connection was TLS.
    pub tls: bool,
    /// The client authenticated.
    pub authenticated: bool,
}

impl Via {
    /// The protocol keyword: `SMTP`, `ESMTP`, `ESMTPS`, `ESMTPA`, `ESMTPSA`, `LMTP`, `LMTPS`,
    /// `LMTPA`, `LMTPSA` (RFC 3848 §1, RFC 5321 §4.4).
    pub fn keyword(self) -> &'static str {
        match (self.lmtp, self.extended, self.tls, self.authenticated) {
            (true, _, false, false) => "LMTP",
            (true, _, true, false) => "LMTPS",
            (true, _, false, true) => "LMTPA",
            (true, _, true, true) => "LMTPSA",
            (false, false, _, _) => "SMTP",
            (false, true, false, false) => "ESMTP",
            (false, true, true, false) => "ESMTPS",
            (false, true, false, true) => "ESMTPA",
            (false, true, true, true) => "ESMTPSA",
        }
    }
}

/// What a `Received` field says about one delivery.
#[derive(Debug, Clone)]
pub struct Trace<'a> {
    /// The name the client gave in `HELO`/`EHLO`/`LHLO`.
    pub helo: &'a str,
    /// The client's address.
    pub peer: IpAddr,
    /// This server's name.
    pub by: &'a str,
    /// How the message came in.
    pub via: Via,
    /// The queue id of the message.
    pub id: &'a str,
    /// The recipient this copy is for, as a path (`<user@domain>`).
    pub recipient: &'a str,
    /// The sender, as a path (`<a@b>` or `<>`).
    pub reverse_path: &'a str,
    /// When the message was received.
    pub time: SystemTime,
}

impl Trace<'_> {
    /// The `Return-Path` and `Received` fields, CRLF-terminated, ready to go before the
    /// message (RFC 5321 §4.4):
    ///
    /// ```text
    /// Return-Path: <a@example.com>
    /// Received: from client.example ([192.0.2.1])
    ///         by mx.example.org with ESMTPS id 1A2B
    ///         for <bob@example.org>; Sat, 28 Nov 2026 10:00:00 +0000
    /// ```
    pub fn fields(&self) -> String {
        let literal = match self.peer {
            IpAddr::V4(v4) => format!("[{v4}]"),
            IpAddr::V6(v6) => format!("[IPv6:{v6}]"),
        };
        let mut out = String::new();
        let _ = write!(
            out,
            "Return-Path: {}\r\nReceived: from {} ({literal})\r\n\tby {} with {} id {}\r\n\tfor {}; {}\r\n",
            self.reverse_path,
            self.helo,
            self.by,
            self.via.keyword(),
            self.id,
            self.recipient,
            rfc5322_date(self.time)
        );
        out
    }
}

/// Formats `time` as an RFC 5322 §3.3 `date-time` in UTC, e.g.
/// `Sat, 28 Nov 2026 10:00:00 +0000`.
pub fn rfc5322_date(time: SystemTime) -> String {
    let secs = time
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_secs();
    let days = secs / 86_400;
    let rest = secs % 86_400;
    let (year, month, day) = civil_from_days(days);
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let weekday = WEEKDAYS.get((days % 7) as usize).copied().unwrap_or("Thu");
    let month_name = MONTHS
        .get(month.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("Jan");
    let mut out = String::new();
    let _ = write!(
        out,
        "{weekday}, {day} {month_name} {year} {:02}:{:02}:{:02} +0000",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    );
    out
}

/// Year, month (1-12) and day (1-31) of a count of days since 1970-01-01 (the proleptic
/// Gregorian calendar; H. Hinnant's `civil_from_days` algorithm).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_rfc5322_form() {
        assert_eq!(rfc5322_date(UNIX_EPOCH), "Thu, 1 Jan 1970 00:00:00 +0000");
        let t = UNIX_EPOCH + Duration::from_secs(1_795_860_000);
        assert_eq!(rfc5322_date(t), "Sat, 28 Nov 2026 10:00:00 +0000");
        let leap = UNIX_EPOCH + Duration::from_secs(951_868_799);
        assert_eq!(rfc5322_date(leap), "Tue, 29 Feb 2000 23:59:59 +0000");
    }

    #[test]
    fn protocol_keywords() {
        let via = |lmtp, extended, tls, authenticated| {
            Via {
                lmtp,
                extended,
                tls,
                authenticated,
            }
            .keyword()
        };
        assert_eq!(via(false, false, true, true), "SMTP");
        assert_eq!(via(false, true, false, false), "ESMTP");
        assert_eq!(via(false, true, true, true), "ESMTPSA");
        assert_eq!(via(false, true, false, true), "ESMTPA");
        assert_eq!(via(true, true, true, false), "LMTPS");
    }

    #[test]
    fn fields_exactly() {
        let trace = Trace {
            helo: "client.example",
            peer: "::1".parse().unwrap(),
            by: "example.org",
            via: Via {
                lmtp: false,
                extended: true,
                tls: true,
                authenticated: false,
            },
            id: "1A2B",
            recipient: "<bob@example.org>",
            reverse_path: "<>",
            time: UNIX_EPOCH + Duration::from_secs(1_795_860_000),
        };
        assert_eq!(
            trace.fields(),
            "Return-Path: <>\r\nReceived: from client.example ([IPv6:::1])\r\n\tby example.org with ESMTPS id 1A2B\r\n\tfor <bob@example.org>; Sat, 28 Nov 2026 10:00:00 +0000\r\n"
        );
    }
}
