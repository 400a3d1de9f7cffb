//! Enhanced mail system status codes (RFC 3463), as carried in SMTP replies (RFC 2034).

use core::fmt;
use core::str::FromStr;

/// An enhanced status code `class.subject.detail` (RFC 3463 §2):
///
/// ```text
/// status-code = class "." subject "." detail
/// class       = "2" / "4" / "5"
/// subject     = 1*3digit
/// detail      = 1*3digit
/// ```
///
/// Sub-codes are written without leading zeros (RFC 3463 §2 "MUST"), so each value has exactly
/// one spelling; `2.01.0` is not a status code. The constants name the common codes of RFC 3463
/// §3 and later RFCs with the class they are normally used with; [`with_class`](Self::with_class)
/// changes it.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EnhancedStatusCode {
    class: StatusClass,
    subject: u16,
    detail: u16,
}

/// The class sub-code (RFC 3463 §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StatusClass {
    /// `2.X.X` Success.
    Success,
    /// `4.X.X` Persistent Transient Failure: sending later may succeed.
    PersistentTransientFailure,
    /// `5.X.X` Permanent Failure: not likely to be resolved by resending as is.
    PermanentFailure,
}

/// Text that is not an enhanced status code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not an enhanced status code (class.subject.detail, RFC 3463 §2)")]
pub struct InvalidEnhancedStatusCode;

impl StatusClass {
    /// The class digit (2, 4 or 5).
    pub const fn digit(self) -> u8 {
        match self {
            Self::Success => 2,
            Self::PersistentTransientFailure => 4,
            Self::PermanentFailure => 5,
        }
    }

    /// The class for a digit, `None` unless 2, 4 or 5.
    pub const fn from_digit(digit: u8) -> Option<Self> {
        match digit {
            2 => Some(Self::Success),
            4 => Some(Self::PersistentTransientFailure),
            5 => Some(Self::PermanentFailure),
            _ => None,
        }
    }
}

/// RFC 3463 §3 and later registrations: subject, detail, meaning.
const DETAILS: &[(u16, u16, &str)] = &[
    (0, 0, "Other undefined Status"),
    (1, 0, "Other address status"),
    (1, 1, "Bad destination mailbox address"),
    (1, 2, "Bad destination system address"),
    (1, 3, "Bad destination mailbox address syntax"),
    (1, 4, "Destination mailbox address ambiguous"),
    (1, 5, "Destination address valid"),
    (1, 6, "Destination mailbox has moved, No forwarding address"),
    (1, 7, "Bad sender's mailbox address syntax"),
    (1, 8, "Bad sender's system address"),
    (1, 10, "Recipient address has null MX"),
    (2, 0, "Other or undefined mailbox status"),
    (2, 1, "Mailbox disabled, not accepting messages"),
    (2, 2, "Mailbox full"),
    (2, 3, "Message length exceeds administrative limit"),
    (2, 4, "Mailing list expansion problem"),
    (3, 0, "Other or undefined mail system status"),
    (3, 1, "Mail system full"),
    (3, 2, "System not accepting network messages"),
    (3, 3, "System not capable of selected features"),
    (3, 4, "Message too big for system"),
    (3, 5, "System incorrectly configured"),
    (4, 0, "Other or undefined network or routing status"),
    (4, 1, "No answer from host"),
    (4, 2, "Bad connection"),
    (4, 3, "Directory server failure"),
    (4, 4, "Unable to route"),
    (4, 5, "Mail system congestion"),
    (4, 6, "Routing loop detected"),
    (4, 7, "Delivery time expired"),
    (5, 0, "Other or undefined protocol status"),
    (5, 1, "Invalid command"),
    (5, 2, "Syntax error"),
    (5, 3, "Too many recipients"),
    (5, 4, "Invalid command arguments"),
    (5, 5, "Wrong protocol version"),
    (5, 6, "Authentication Exchange line is too long"),
    (6, 0, "Other or undefined media error"),
    (6, 1, "Media not supported"),
    (6, 2, "Conversion required and prohibited"),
    (6, 3, "Conversion required but not supported"),
    (6, 4, "Conversion with loss performed"),
    (6, 5, "Conversion Failed"),
    (
        6,
        7,
        "Non-ASCII addresses not permitted for that sender/recipient",
    ),
    (
        6,
        8,
        "UTF-8 string reply is required, but not permitted by the SMTP client",
    ),
    (
        6,
        9,
        "UTF-8 header message cannot be transferred to one or more recipients, so the \
         message must be rejected",
    ),
    (6, 10, "Duplicate of X.6.8 (deprecated)"),
    (7, 0, "Other or undefined security status"),
    (7, 1, "Delivery not authorized, message refused"),
    (7, 2, "Mailing list expansion prohibited"),
    (7, 3, "Security conversion required but not possible"),
    (7, 4, "Security features not supported"),
    (7, 5, "Cryptographic failure"),
    (7, 6, "Cryptographic algorithm not supported"),
    (7, 7, "Message integrity failure"),
    (7, 8, "Authentication credentials invalid"),
    (7, 9, "Authentication mechanism is too weak"),
    (7, 10, "Encryption Needed"),
    (
        7,
        11,
        "Encryption required for requested authentication mechanism",
    ),
    (7, 12, "A password transition is needed"),
    (7, 20, "No passing DKIM signature found"),
    (7, 21, "No acceptable DKIM signature found"),
    (7, 22, "No valid author-matched DKIM signature found"),
    (7, 23, "SPF validation failed"),
    (7, 24, "SPF validation error"),
    (7, 25, "Reverse DNS validation failed"),
    (7, 26, "Multiple authentication checks failed"),
    (7, 27, "Sender address has null MX"),
    (7, 30, "REQUIRETLS support required"),
];

impl EnhancedStatusCode {
    /// 2.0.0 Other undefined Status (RFC 3463 §3.1): plain success.
    pub const SUCCESS: Self = Self::known(StatusClass::Success, 0, 0);
    /// 2.1.0 Other address status (RFC 3463 §3.2), as used for an accepted MAIL FROM (RFC 2034
    /// §6).
    pub const ADDRESS_OK: Self = Self::known(StatusClass::Success, 1, 0);
    /// 2.1.5 Destination address valid (RFC 3463 §3.2): an accepted RCPT TO.
    pub const DESTINATION_ADDRESS_VALID: Self = Self::known(StatusClass::Success, 1, 5);
    /// 2.6.0 (X.6.0 Other or undefined media error, RFC 3463 §3.7), as used for an accepted
    /// message (RFC 2034 §6).
    pub const MESSAGE_ACCEPTED: Self = Self::known(StatusClass::Success, 6, 0);
    /// 2.7.0 Other or undefined security status (RFC 3463 §3.8): authentication succeeded
    /// (RFC 4954 §6).
    pub const AUTH_SUCCEEDED: Self = Self::known(StatusClass::Success, 7, 0);
    /// 5.1.1 Bad destination mailbox address (RFC 3463 §3.2).
    pub const BAD_DESTINATION_MAILBOX: Self = Self::known(StatusClass::PermanentFailure, 1, 1);
    /// 5.1.2 Bad destination system address (RFC 3463 §3.2).
    pub const BAD_DESTINATION_SYSTEM: Self = Self::known(StatusClass::PermanentFailure, 1, 2);
    /// 5.1.3 Bad destination mailbox address syntax (RFC 3463 §3.2).
    pub const BAD_DESTINATION_SYNTAX: Self = Self::known(StatusClass::PermanentFailure, 1, 3);
    /// 5.1.7 Bad sender's mailbox address syntax (RFC 3463 §3.2).
    pub const BAD_SENDER_SYNTAX: Self = Self::known(StatusClass::PermanentFailure, 1, 7);
    /// 5.1.8 Bad sender's system address (RFC 3463 §3.2).
    pub const BAD_SENDER_SYSTEM: Self = Self::known(StatusClass::PermanentFailure, 1, 8);
    /// 4.2.2 Mailbox full (RFC 3463 §3.3: "should be used as a persistent transient failure").
    pub const MAILBOX_FULL: Self = Self::known(StatusClass::PersistentTransientFailure, 2, 2);
    /// 5.2.3 Message length exceeds administrative limit (RFC 3463 §3.3).
    pub const MESSAGE_LENGTH_EXCEEDED: Self = Self::known(StatusClass::PermanentFailure, 2, 3);
    /// 4.3.1 Mail system full (RFC 3463 §3.4).
    pub const MAIL_SYSTEM_FULL: Self = Self::known(StatusClass::PersistentTransientFailure, 3, 1);
    /// 5.3.4 Message too big for system (RFC 3463 §3.4).
    pub const MESSAGE_TOO_BIG: Self = Self::known(StatusClass::PermanentFailure, 3, 4);
    /// 4.4.5 Mail system congestion (RFC 3463 §3.5).
    pub const CONGESTION: Self = Self::known(StatusClass::PersistentTransientFailure, 4, 5);
    /// 5.5.1 Invalid command (RFC 3463 §3.6).
    pub const INVALID_COMMAND: Self = Self::known(StatusClass::PermanentFailure, 5, 1);
    /// 5.5.2 Syntax error (RFC 3463 §3.6).
    pub const SYNTAX_ERROR: Self = Self::known(StatusClass::PermanentFailure, 5, 2);
    /// 4.5.3 Too many recipients (RFC 3463 §3.6; RFC 5321 §4.5.3.1.10 answers it with 452).
    pub const TOO_MANY_RECIPIENTS: Self =
        Self::known(StatusClass::PersistentTransientFailure, 5, 3);
    /// 5.5.4 Invalid command arguments (RFC 3463 §3.6).
    pub const INVALID_ARGUMENTS: Self = Self::known(StatusClass::PermanentFailure, 5, 4);
    /// 5.5.6 Authentication Exchange line is too long (RFC 4954 §6).
    pub const AUTH_LINE_TOO_LONG: Self = Self::known(StatusClass::PermanentFailure, 5, 6);
    /// 5.6.7 Non-ASCII addresses not permitted for that sender/recipient (RFC 6531 §4).
    pub const NON_ASCII_ADDRESS_NOT_PERMITTED: Self =
        Self::known(StatusClass::PermanentFailure, 6, 7);
    /// 5.6.8 UTF-8 string reply is required, but not permitted by the SMTP client (RFC 6531
    /// §4).
    pub const UTF8_REPLY_REQUIRED: Self = Self::known(StatusClass::PermanentFailure, 6, 8);
    /// 5.6.9 UTF-8 header message cannot be transferred (RFC 6531 §4).
    pub const UTF8_HEADER_NOT_TRANSFERABLE: Self = Self::known(StatusClass::PermanentFailure, 6, 9);
    /// 5.7.0 Other or undefined security status (RFC 3463 §3.8): authentication required
    /// (RFC 4954 §6), STARTTLS required (RFC 3207 §4).
    pub const SECURITY_OTHER: Self = Self::known(StatusClass::PermanentFailure, 7, 0);
    /// 4.7.0 Temporary authentication failure (RFC 4954 §6).
    pub const TEMPORARY_AUTH_FAILURE: Self =
        Self::known(StatusClass::PersistentTransientFailure, 7, 0);
    /// 5.7.1 Delivery not authorized, message refused (RFC 3463 §3.8).
    pub const DELIVERY_NOT_AUTHORIZED: Self = Self::known(StatusClass::PermanentFailure, 7, 1);
    /// 5.7.8 Authentication credentials invalid (RFC 4954 §6).
    pub const AUTH_CREDENTIALS_INVALID: Self = Self::known(StatusClass::PermanentFailure, 7, 8);
    /// 5.7.9 Authentication mechanism is too weak (RFC 4954 §6).
    pub const AUTH_MECHANISM_TOO_WEAK: Self = Self::known(StatusClass::PermanentFailure, 7, 9);
    /// 5.7.10 Encryption Needed (RFC 8689 §4.2.1).
    pub const ENCRYPTION_NEEDED: Self = Self::known(StatusClass::PermanentFailure, 7, 10);
    /// 5.7.11 Encryption required for requested authentication mechanism (RFC 4954 §6).
    pub const ENCRYPTION_REQUIRED_FOR_AUTH: Self =
        Self::known(StatusClass::PermanentFailure, 7, 11);
    /// 4.7.12 A password transition is needed (RFC 4954 §6).
    pub const PASSWORD_TRANSITION_NEEDED: Self =
        Self::known(StatusClass::PersistentTransientFailure, 7, 12);
    /// 5.7.30 REQUIRETLS support required (RFC 8689 §7).
    pub const REQUIRETLS_REQUIRED: Self = Self::known(StatusClass::PermanentFailure, 7, 30);

    const fn known(class: StatusClass, subject: u16, detail: u16) -> Self {
        Self {
            class,
            subject,
            detail,
        }
    }

    /// The code `class.subject.detail`, `None` if `subject` or `detail` exceeds 999.
    pub const fn new(class: StatusClass, subject: u16, detail: u16) -> Option<Self> {
        if subject > 999 || detail > 999 {
            None
        } else {
            Some(Self {
                class,
                subject,
                detail,
            })
        }
    }

    /// The class sub-code.
    pub const fn class(self) -> StatusClass {
        self.class
    }

    /// The subject sub-code (0 to 999).
    pub const fn subject(self) -> u16 {
        self.subject
    }

    /// The detail sub-code (0 to 999).
    pub const fn detail(self) -> u16 {
        self.detail
    }

    /// The same subject and detail with another class (`5.1.1` → `4.1.1`).
    pub const fn with_class(self, class: StatusClass) -> Self {
        Self { class, ..self }
    }

    /// Parses exactly one status code, nothing before or after.
    pub fn parse(text: &[u8]) -> Option<Self> {
        match Self::parse_prefix(text) {
            Some((code, len)) if len == text.len() => Some(code),
            _ => None,
        }
    }

    /// Parses a status code at the start of `text` that is followed by a space or by the end of
    /// the text, as at the start of a reply line (RFC 2034 §4); returns it and its length.
    pub(crate) fn parse_prefix(text: &[u8]) -> Option<(Self, usize)> {
        // The usual form, one digit each (`2.1.0 `), read at once.
        if let Some(&[c, b'.', s, b'.', d, ref after @ ..]) = text.get(..text.len().min(6))
            && s.is_ascii_digit()
            && d.is_ascii_digit()
            && matches!(after, [] | [b' '])
        {
            let class = StatusClass::from_digit(c.wrapping_sub(b'0'))?;
            return Some((
                Self {
                    class,
                    subject: u16::from(s - b'0'),
                    detail: u16::from(d - b'0'),
                },
                5,
            ));
        }
        Self::parse_prefix_general(text)
    }

    /// [`parse_prefix`](Self::parse_prefix) without the one-digit fast path.
    fn parse_prefix_general(text: &[u8]) -> Option<(Self, usize)> {
        let (&c, rest) = text.split_first()?;
        let class = StatusClass::from_digit(c.wrapping_sub(b'0'))?;
        let rest = rest.strip_prefix(b".")?;
        let (subject, n1) = sub_code(rest)?;
        let rest = rest.get(n1..)?.strip_prefix(b".")?;
        let (detail, n2) = sub_code(rest)?;
        match rest.get(n2) {
            None | Some(b' ') => Some((
                Self {
                    class,
                    subject,
                    detail,
                },
                3 + n1 + n2,
            )),
            Some(_) => None,
        }
    }

    /// Appends the code as written on the wire.
    pub(crate) fn write(self, out: &mut Vec<u8>) {
        out.push(b'0' + self.class.digit());
        out.push(b'.');
        write_sub_code(out, self.subject);
        out.push(b'.');
        write_sub_code(out, self.detail);
    }

    /// The meaning of `X.subject.detail` as registered (RFC 3463 §3, RFC 4954 §6, RFC 6531 §4,
    /// RFC 7372 §3, RFC 7505 §4, RFC 8689 §7), `None` for an unregistered detail — then report
    /// the [subject](Self::subject_description) (RFC 3463 §2).
    pub fn description(self) -> Option<&'static str> {
        DETAILS
            .iter()
            .find(|&&(s, d, _)| s == self.subject && d == self.detail)
            .map(|&(_, _, text)| text)
    }

    /// The meaning of the subject sub-code (RFC 3463 §2), `None` above 7.
    pub const fn subject_description(self) -> Option<&'static str> {
        Some(match self.subject {
            0 => "Other or Undefined Status",
            1 => "Addressing Status",
            2 => "Mailbox Status",
            3 => "Mail System Status",
            4 => "Network and Routing Status",
            5 => "Mail Delivery Protocol Status",
            6 => "Message Content or Media Status",
            7 => "Security or Policy Status",
            _ => return None,
        })
    }
}

/// `1*3digit` without a leading zero: the value and its length.
fn sub_code(text: &[u8]) -> Option<(u16, usize)> {
    let digit = |i: usize| {
        text.get(i)
            .filter(|b| b.is_ascii_digit())
            .map(|b| u16::from(b - b'0'))
    };
    let first = digit(0)?;
    if first == 0 {
        // "0" alone; "01" is not a sub-code, and the caller sees the digit that follows.
        return Some((0, 1));
    }
    let Some(second) = digit(1) else {
        return Some((first, 1));
    };
    let Some(third) = digit(2) else {
        return Some((first * 10 + second, 2));
    };
    if digit(3).is_some() {
        return None;
    }
    Some((first * 100 + second * 10 + third, 3))
}

fn write_sub_code(out: &mut Vec<u8>, value: u16) {
    // value <= 999
    if value >= 100 {
        out.push(b'0' + (value / 100) as u8);
    }
    if value >= 10 {
        out.push(b'0' + (value / 10 % 10) as u8);
    }
    out.push(b'0' + (value % 10) as u8);
}

impl fmt::Display for EnhancedStatusCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.class.digit(), self.subject, self.detail)
    }
}

impl fmt::Debug for EnhancedStatusCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EnhancedStatusCode({self})")
    }
}

impl FromStr for EnhancedStatusCode {
    type Err = InvalidEnhancedStatusCode;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s.as_bytes()).ok_or(InvalidEnhancedStatusCode)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The one-digit fast path gives what the general reading gives.
        #[test]
        fn prefix_fast_path_agrees(text in "[0-9.]{0,8}[ a\t]?[a-z ]{0,3}") {
            proptest::prop_assert_eq!(
                EnhancedStatusCode::parse_prefix(text.as_bytes()),
                EnhancedStatusCode::parse_prefix_general(text.as_bytes())
            );
        }
    }

    #[test]
    fn parse_and_display() {
        let c: EnhancedStatusCode = "2.1.23".parse().unwrap();
        assert_eq!(
            (c.class(), c.subject(), c.detail()),
            (StatusClass::Success, 1, 23)
        );
        assert_eq!(c.to_string(), "2.1.23");
        let c: EnhancedStatusCode = "5.999.100".parse().unwrap();
        assert_eq!(c.to_string(), "5.999.100");
        let mut out = Vec::new();
        c.write(&mut out);
        assert_eq!(out, b"5.999.100");
        for bad in [
            "", "2", "2.", "2.1", "2.1.", "3.1.1", "1.1.1", "2.01.1", "2.1.01", "2.1000.1",
            "2.1.1000", "2.1.1 ", " 2.1.1", "2..1", "2.a.1", "22.1.1", "2.1.1.1",
        ] {
            assert_eq!(
                bad.parse::<EnhancedStatusCode>(),
                Err(InvalidEnhancedStatusCode),
                "{bad:?}"
            );
        }
        assert_eq!("2.0.0".parse(), Ok(EnhancedStatusCode::SUCCESS));
        assert_eq!(
            "4.0.10".parse::<EnhancedStatusCode>().map(|c| c.detail()),
            Ok(10)
        );
    }

    #[test]
    fn prefix() {
        assert_eq!(
            EnhancedStatusCode::parse_prefix(b"5.1.1 No such user"),
            Some((EnhancedStatusCode::BAD_DESTINATION_MAILBOX, 5))
        );
        assert_eq!(
            EnhancedStatusCode::parse_prefix(b"5.7.30"),
            Some((EnhancedStatusCode::REQUIRETLS_REQUIRED, 6))
        );
        assert_eq!(EnhancedStatusCode::parse_prefix(b"5.1.1\tx"), None);
        assert_eq!(EnhancedStatusCode::parse_prefix(b"5.1.1,"), None);
        assert_eq!(EnhancedStatusCode::parse_prefix(b"2.0.0000"), None);
    }

    #[test]
    fn bounds_and_descriptions() {
        assert!(EnhancedStatusCode::new(StatusClass::Success, 999, 999).is_some());
        assert!(EnhancedStatusCode::new(StatusClass::Success, 1000, 0).is_none());
        assert!(EnhancedStatusCode::new(StatusClass::Success, 0, 1000).is_none());
        assert_eq!(
            EnhancedStatusCode::BAD_DESTINATION_MAILBOX.description(),
            Some("Bad destination mailbox address")
        );
        assert_eq!(
            EnhancedStatusCode::BAD_DESTINATION_MAILBOX
                .with_class(StatusClass::PersistentTransientFailure)
                .to_string(),
            "4.1.1"
        );
        let unknown = EnhancedStatusCode::new(StatusClass::PermanentFailure, 7, 999).unwrap();
        assert_eq!(unknown.description(), None);
        assert_eq!(
            unknown.subject_description(),
            Some("Security or Policy Status")
        );
        let mut seen = std::collections::HashSet::new();
        for &(s, d, _) in DETAILS {
            assert!(seen.insert((s, d)), "duplicate {s}.{d}");
        }
    }
}
