//! Reply codes (RFC 5321 §4.2): the three digits, their class and category, and the catalogue of
//! the codes the RFCs define.

use core::fmt;

/// A reply code: three digits, `Reply-code = %x32-35 %x30-35 %x30-39` (RFC 5321 §4.2).
///
/// The first digit is 2 to 5, the second 0 to 5, the third 0 to 9; nothing else can be held.
/// `1yz` ("positive preliminary") codes are refused: RFC 5321 §4.2.1 notes that FTP's 1yz
/// replies are not part of the SMTP model, and §4.2 says a server MUST NOT send a first digit
/// other than 2, 3, 4 or 5 without a negotiated extension (none defines one).
///
/// The associated constants form the catalogue of the codes with a defined meaning (RFC 5321
/// §4.2.2 and §4.2.3, plus RFC 4954, RFC 3207 and RFC 7504); [`ReplyCode::description`] gives
/// that meaning. A client MUST be prepared for codes outside the catalogue and act on the first
/// digit ([`ReplyCode::class`]), RFC 5321 §4.2.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ReplyCode(u16);

/// The first digit of a reply code (RFC 5321 §4.2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReplyClass {
    /// `2yz`: the requested action has been successfully completed.
    PositiveCompletion,
    /// `3yz`: the command has been accepted, the action is held pending further information
    /// (the 354 after DATA, the 334 challenges of AUTH).
    PositiveIntermediate,
    /// `4yz`: the command was not accepted, but the condition is temporary: the client SHOULD
    /// try again.
    TransientNegative,
    /// `5yz`: the command was not accepted and SHOULD NOT be repeated as is.
    PermanentNegative,
}

/// The second digit of a reply code (RFC 5321 §4.2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReplyCategory {
    /// `x0z`: syntax errors, and commands that fit no functional category or are not
    /// implemented.
    Syntax,
    /// `x1z`: replies to requests for information (status, help).
    Information,
    /// `x2z`: replies about the transmission channel.
    Connections,
    /// `x3z` or `x4z` (the digit is kept): unspecified by RFC 5321; RFC 4954 uses `x3z` for
    /// authentication.
    Unspecified(u8),
    /// `x5z`: the state of the receiver mail system with respect to the transfer.
    MailSystem,
}

/// A number that is not a valid reply code (see [`ReplyCode`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{0} is not an SMTP reply code (2-5, 0-5, 0-9)")]
pub struct InvalidReplyCode(pub u16);

impl ReplyCode {
    /// 211: System status, or system help reply (RFC 5321 §4.2.3).
    pub const SYSTEM_STATUS: Self = Self(211);
    /// 214: Help message (RFC 5321 §4.2.3).
    pub const HELP_MESSAGE: Self = Self(214);
    /// 220: `<domain>` Service ready — the greeting, and the answer to STARTTLS
    /// (RFC 5321 §4.2.3, RFC 3207 §4).
    pub const SERVICE_READY: Self = Self(220);
    /// 221: `<domain>` Service closing transmission channel (RFC 5321 §4.2.3).
    pub const SERVICE_CLOSING: Self = Self(221);
    /// 235: Authentication Succeeded (RFC 4954 §6).
    pub const AUTH_SUCCEEDED: Self = Self(235);
    /// 250: Requested mail action okay, completed (RFC 5321 §4.2.3).
    pub const OK: Self = Self(250);
    /// 251: User not local; will forward to `<forward-path>` (RFC 5321 §4.2.3, §3.4).
    pub const USER_NOT_LOCAL_WILL_FORWARD: Self = Self(251);
    /// 252: Cannot VRFY user, but will accept message and attempt delivery (RFC 5321 §4.2.3,
    /// §3.5.3).
    pub const CANNOT_VRFY: Self = Self(252);
    /// 334: a server challenge in an AUTH exchange, base64 text (RFC 4954 §4).
    pub const AUTH_CHALLENGE: Self = Self(334);
    /// 354: Start mail input; end with `<CRLF>.<CRLF>` (RFC 5321 §4.2.3).
    pub const START_MAIL_INPUT: Self = Self(354);
    /// 421: `<domain>` Service not available, closing transmission channel (RFC 5321 §4.2.3).
    pub const SERVICE_NOT_AVAILABLE: Self = Self(421);
    /// 432: A password transition is needed (RFC 4954 §6).
    pub const PASSWORD_TRANSITION_NEEDED: Self = Self(432);
    /// 450: Requested mail action not taken: mailbox unavailable, e.g. busy or temporarily
    /// blocked (RFC 5321 §4.2.3).
    pub const MAILBOX_TEMPORARILY_UNAVAILABLE: Self = Self(450);
    /// 451: Requested action aborted: local error in processing (RFC 5321 §4.2.3).
    pub const LOCAL_ERROR: Self = Self(451);
    /// 452: Requested action not taken: insufficient system storage (RFC 5321 §4.2.3); also
    /// "too many recipients" (§4.5.3.1.10).
    pub const INSUFFICIENT_STORAGE: Self = Self(452);
    /// 454: Temporary authentication failure (RFC 4954 §6), or TLS not available due to
    /// temporary reason (RFC 3207 §4).
    pub const TEMPORARY_FAILURE: Self = Self(454);
    /// 455: Server unable to accommodate parameters (RFC 5321 §4.2.3).
    pub const PARAMETERS_NOT_ACCOMMODATED: Self = Self(455);
    /// 500: Syntax error, command unrecognized (RFC 5321 §4.2.3).
    pub const SYNTAX_ERROR: Self = Self(500);
    /// 501: Syntax error in parameters or arguments (RFC 5321 §4.2.3).
    pub const PARAMETER_SYNTAX_ERROR: Self = Self(501);
    /// 502: Command not implemented (RFC 5321 §4.2.3, §4.2.4).
    pub const COMMAND_NOT_IMPLEMENTED: Self = Self(502);
    /// 503: Bad sequence of commands (RFC 5321 §4.2.3).
    pub const BAD_SEQUENCE: Self = Self(503);
    /// 504: Command parameter not implemented (RFC 5321 §4.2.3).
    pub const PARAMETER_NOT_IMPLEMENTED: Self = Self(504);
    /// 521: Server does not accept mail (RFC 7504 §3).
    pub const DOES_NOT_ACCEPT_MAIL: Self = Self(521);
    /// 530: Authentication required (RFC 4954 §6), or Must issue a STARTTLS command first
    /// (RFC 3207 §4).
    pub const AUTH_REQUIRED: Self = Self(530);
    /// 534: Authentication mechanism is too weak (RFC 4954 §6).
    pub const AUTH_MECHANISM_TOO_WEAK: Self = Self(534);
    /// 535: Authentication credentials invalid (RFC 4954 §6).
    pub const AUTH_CREDENTIALS_INVALID: Self = Self(535);
    /// 538: Encryption required for requested authentication mechanism (RFC 4954 §6).
    pub const ENCRYPTION_REQUIRED: Self = Self(538);
    /// 550: Requested action not taken: mailbox unavailable (RFC 5321 §4.2.3).
    pub const MAILBOX_UNAVAILABLE: Self = Self(550);
    /// 551: User not local; please try `<forward-path>` (RFC 5321 §4.2.3, §3.4).
    pub const USER_NOT_LOCAL: Self = Self(551);
    /// 552: Requested mail action aborted: exceeded storage allocation (RFC 5321 §4.2.3).
    pub const EXCEEDED_STORAGE: Self = Self(552);
    /// 553: Requested action not taken: mailbox name not allowed (RFC 5321 §4.2.3).
    pub const MAILBOX_NAME_NOT_ALLOWED: Self = Self(553);
    /// 554: Transaction failed, or "No SMTP service here" at connection opening
    /// (RFC 5321 §4.2.3).
    pub const TRANSACTION_FAILED: Self = Self(554);
    /// 555: MAIL FROM/RCPT TO parameters not recognized or not implemented (RFC 5321 §4.2.3).
    pub const PARAMETERS_NOT_RECOGNIZED: Self = Self(555);
    /// 556: Domain does not accept mail (RFC 7504 §3).
    pub const DOMAIN_DOES_NOT_ACCEPT_MAIL: Self = Self(556);

    /// Every code of the catalogue, in numeric order: the table of RFC 5321 §4.2.3 and the
    /// codes of RFC 4954 §6 (235, 334, 432, 454, 530, 534, 535, 538) and RFC 7504 (521, 556).
    pub const CATALOGUE: &'static [Self] = &[
        Self::SYSTEM_STATUS,
        Self::HELP_MESSAGE,
        Self::SERVICE_READY,
        Self::SERVICE_CLOSING,
        Self::AUTH_SUCCEEDED,
        Self::OK,
        Self::USER_NOT_LOCAL_WILL_FORWARD,
        Self::CANNOT_VRFY,
        Self::AUTH_CHALLENGE,
        Self::START_MAIL_INPUT,
        Self::SERVICE_NOT_AVAILABLE,
        Self::PASSWORD_TRANSITION_NEEDED,
        Self::MAILBOX_TEMPORARILY_UNAVAILABLE,
        Self::LOCAL_ERROR,
        Self::INSUFFICIENT_STORAGE,
        Self::TEMPORARY_FAILURE,
        Self::PARAMETERS_NOT_ACCOMMODATED,
        Self::SYNTAX_ERROR,
        Self::PARAMETER_SYNTAX_ERROR,
        Self::COMMAND_NOT_IMPLEMENTED,
        Self::BAD_SEQUENCE,
        Self::PARAMETER_NOT_IMPLEMENTED,
        Self::DOES_NOT_ACCEPT_MAIL,
        Self::AUTH_REQUIRED,
        Self::AUTH_MECHANISM_TOO_WEAK,
        Self::AUTH_CREDENTIALS_INVALID,
        Self::ENCRYPTION_REQUIRED,
        Self::MAILBOX_UNAVAILABLE,
        Self::USER_NOT_LOCAL,
        Self::EXCEEDED_STORAGE,
        Self::MAILBOX_NAME_NOT_ALLOWED,
        Self::TRANSACTION_FAILED,
        Self::PARAMETERS_NOT_RECOGNIZED,
        Self::DOMAIN_DOES_NOT_ACCEPT_MAIL,
    ];

    /// The code for `code`, or `None` if it is not three digits within `Reply-code`.
    pub const fn new(code: u16) -> Option<Self> {
        let (first, second) = (code / 100, code / 10 % 10);
        if first >= 2 && first <= 5 && second <= 5 {
            Some(Self(code))
        } else {
            None
        }
    }

    /// The code from its three ASCII digits (the first three octets of a reply line).
    pub const fn from_digits(digits: [u8; 3]) -> Option<Self> {
        let [a, b, c] = digits;
        if a >= b'2' && a <= b'5' && b >= b'0' && b <= b'5' && c.is_ascii_digit() {
            Some(Self(
                (a - b'0') as u16 * 100 + (b - b'0') as u16 * 10 + (c - b'0') as u16,
            ))
        } else {
            None
        }
    }

    /// The code as a number.
    pub const fn get(self) -> u16 {
        self.0
    }

    /// The three ASCII digits, as written on the wire.
    pub const fn digits(self) -> [u8; 3] {
        // The constructor guarantees 200..=559, so every digit is below 10.
        [
            b'0' + (self.0 / 100) as u8,
            b'0' + (self.0 / 10 % 10) as u8,
            b'0' + (self.0 % 10) as u8,
        ]
    }

    /// The class of the reply, from the first digit (RFC 5321 §4.2.1).
    pub const fn class(self) -> ReplyClass {
        match self.0 / 100 {
            2 => ReplyClass::PositiveCompletion,
            3 => ReplyClass::PositiveIntermediate,
            4 => ReplyClass::TransientNegative,
            _ => ReplyClass::PermanentNegative,
        }
    }

    /// The category of the reply, from the second digit (RFC 5321 §4.2.1).
    pub const fn category(self) -> ReplyCategory {
        match self.0 / 10 % 10 {
            0 => ReplyCategory::Syntax,
            1 => ReplyCategory::Information,
            2 => ReplyCategory::Connections,
            5 => ReplyCategory::MailSystem,
            d => ReplyCategory::Unspecified(d as u8),
        }
    }

    /// `2yz` or `3yz`: the command was accepted.
    pub const fn is_positive(self) -> bool {
        self.0 < 400
    }

    /// `2yz`: the action is complete.
    pub const fn is_positive_completion(self) -> bool {
        self.0 / 100 == 2
    }

    /// `3yz`: more is expected from the client (DATA content, an AUTH response).
    pub const fn is_positive_intermediate(self) -> bool {
        self.0 / 100 == 3
    }

    /// `4yz` or `5yz`: the command was not accepted.
    pub const fn is_negative(self) -> bool {
        self.0 >= 400
    }

    /// `4yz`: not accepted, but worth retrying later.
    pub const fn is_transient_negative(self) -> bool {
        self.0 / 100 == 4
    }

    /// `5yz`: not accepted, do not repeat as is.
    pub const fn is_permanent_negative(self) -> bool {
        self.0 / 100 == 5
    }

    /// The meaning the RFCs give this code (the text of RFC 5321 §4.2.3 for its codes), or
    /// `None` for a code outside the [catalogue](Self::CATALOGUE).
    pub const fn description(self) -> Option<&'static str> {
        Some(match self.0 {
            211 => "System status, or system help reply",
            214 => {
                "Help message (Information on how to use the receiver or the meaning of a \
                 particular non-standard command; this reply is useful only to the human user)"
            }
            220 => "<domain> Service ready",
            221 => "<domain> Service closing transmission channel",
            235 => "Authentication Succeeded",
            250 => "Requested mail action okay, completed",
            251 => "User not local; will forward to <forward-path>",
            252 => "Cannot VRFY user, but will accept message and attempt delivery",
            334 => "Server challenge (base64) in an authentication exchange",
            354 => "Start mail input; end with <CRLF>.<CRLF>",
            421 => {
                "<domain> Service not available, closing transmission channel (This may be a \
                 reply to any command if the service knows it must shut down)"
            }
            432 => "A password transition is needed",
            450 => {
                "Requested mail action not taken: mailbox unavailable (e.g., mailbox busy or \
                 temporarily blocked for policy reasons)"
            }
            451 => "Requested action aborted: local error in processing",
            452 => "Requested action not taken: insufficient system storage",
            454 => {
                "Temporary authentication failure, or TLS not available due to temporary \
                 reason"
            }
            455 => "Server unable to accommodate parameters",
            500 => {
                "Syntax error, command unrecognized (This may include errors such as command \
                 line too long)"
            }
            501 => "Syntax error in parameters or arguments",
            502 => "Command not implemented",
            503 => "Bad sequence of commands",
            504 => "Command parameter not implemented",
            521 => "Server does not accept mail",
            530 => "Authentication required, or Must issue a STARTTLS command first",
            534 => "Authentication mechanism is too weak",
            535 => "Authentication credentials invalid",
            538 => "Encryption required for requested authentication mechanism",
            550 => {
                "Requested action not taken: mailbox unavailable (e.g., mailbox not found, no \
                 access, or command rejected for policy reasons)"
            }
            551 => "User not local; please try <forward-path>",
            552 => "Requested mail action aborted: exceeded storage allocation",
            553 => {
                "Requested action not taken: mailbox name not allowed (e.g., mailbox syntax \
                 incorrect)"
            }
            554 => {
                "Transaction failed (Or, in the case of a connection-opening response, \"No \
                 SMTP service here\")"
            }
            555 => "MAIL FROM/RCPT TO parameters not recognized or not implemented",
            556 => "Domain does not accept mail",
            _ => return None,
        })
    }
}

impl ReplyClass {
    /// The digit of the class (2 to 5).
    pub const fn digit(self) -> u8 {
        match self {
            Self::PositiveCompletion => 2,
            Self::PositiveIntermediate => 3,
            Self::TransientNegative => 4,
            Self::PermanentNegative => 5,
        }
    }
}

impl fmt::Display for ReplyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl fmt::Debug for ReplyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ReplyCode({})", self.0)
    }
}

impl TryFrom<u16> for ReplyCode {
    type Error = InvalidReplyCode;

    fn try_from(code: u16) -> Result<Self, Self::Error> {
        Self::new(code).ok_or(InvalidReplyCode(code))
    }
}

impl From<ReplyCode> for u16 {
    fn from(code: ReplyCode) -> Self {
        code.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range() {
        assert_eq!(ReplyCode::new(199), None);
        assert_eq!(ReplyCode::new(200).map(ReplyCode::get), Some(200));
        assert_eq!(ReplyCode::new(255).map(ReplyCode::get), Some(255));
        assert_eq!(ReplyCode::new(260), None);
        assert_eq!(ReplyCode::new(559).map(ReplyCode::get), Some(559));
        assert_eq!(ReplyCode::new(560), None);
        assert_eq!(ReplyCode::new(600), None);
        assert_eq!(ReplyCode::new(150), None);
        assert_eq!(
            ReplyCode::from_digits(*b"354"),
            Some(ReplyCode::START_MAIL_INPUT)
        );
        assert_eq!(ReplyCode::from_digits(*b"164"), None);
        assert_eq!(ReplyCode::from_digits(*b"26x"), None);
        assert_eq!(ReplyCode::from_digits(*b"2:0"), None);
        for n in 0..1000u16 {
            if let Some(c) = ReplyCode::new(n) {
                assert_eq!(ReplyCode::from_digits(c.digits()), Some(c));
                assert_eq!(c.to_string().as_bytes(), c.digits());
            }
        }
    }

    #[test]
    fn classes_and_categories() {
        assert_eq!(ReplyCode::OK.class(), ReplyClass::PositiveCompletion);
        assert_eq!(
            ReplyCode::START_MAIL_INPUT.class(),
            ReplyClass::PositiveIntermediate
        );
        assert_eq!(
            ReplyCode::LOCAL_ERROR.class(),
            ReplyClass::TransientNegative
        );
        assert_eq!(
            ReplyCode::MAILBOX_UNAVAILABLE.class(),
            ReplyClass::PermanentNegative
        );
        assert_eq!(ReplyCode::SYNTAX_ERROR.category(), ReplyCategory::Syntax);
        assert_eq!(
            ReplyCode::HELP_MESSAGE.category(),
            ReplyCategory::Information
        );
        assert_eq!(
            ReplyCode::SERVICE_READY.category(),
            ReplyCategory::Connections
        );
        assert_eq!(
            ReplyCode::AUTH_SUCCEEDED.category(),
            ReplyCategory::Unspecified(3)
        );
        assert_eq!(ReplyCode::OK.category(), ReplyCategory::MailSystem);
        assert!(ReplyCode::START_MAIL_INPUT.is_positive());
        assert!(!ReplyCode::START_MAIL_INPUT.is_negative());
        assert!(ReplyCode::TEMPORARY_FAILURE.is_transient_negative());
        assert!(ReplyCode::TRANSACTION_FAILED.is_permanent_negative());
        assert_eq!(ReplyCode::AUTH_CHALLENGE.class().digit(), 3);
    }

    #[test]
    fn catalogue_is_sorted_and_described() {
        assert!(ReplyCode::CATALOGUE.windows(2).all(|w| w[0] < w[1]));
        for code in ReplyCode::CATALOGUE {
            assert!(code.description().is_some(), "{code}");
        }
        assert_eq!(ReplyCode::new(299).and_then(ReplyCode::description), None);
    }
}
