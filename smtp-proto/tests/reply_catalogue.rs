//! The catalogue of reply codes (RFC 5321 §4.2.2/§4.2.3 and the codes of RFC 4954, RFC 3207,
//! RFC 7504) and of enhanced status codes (RFC 3463 §3, RFC 4954 §6, RFC 6531 §4, RFC 8689).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use smtp_proto::reply::{
    EnhancedStatusCode, InvalidReplyCode, ReplyCategory, ReplyClass, ReplyCode, StatusClass,
};

/// RFC 5321 §4.2.3, "Reply Codes in Numeric Order", as printed (cross-references to other
/// sections left out).
const RFC5321_4_2_3: &[(u16, &str)] = &[
    (211, "System status, or system help reply"),
    (
        214,
        "Help message (Information on how to use the receiver or the meaning of a particular \
         non-standard command; this reply is useful only to the human user)",
    ),
    (220, "<domain> Service ready"),
    (221, "<domain> Service closing transmission channel"),
    (250, "Requested mail action okay, completed"),
    (251, "User not local; will forward to <forward-path>"),
    (
        252,
        "Cannot VRFY user, but will accept message and attempt delivery",
    ),
    (354, "Start mail input; end with <CRLF>.<CRLF>"),
    (
        421,
        "<domain> Service not available, closing transmission channel (This may be a reply \
         to any command if the service knows it must shut down)",
    ),
    (
        450,
        "Requested mail action not taken: mailbox unavailable (e.g., mailbox busy or \
         temporarily blocked for policy reasons)",
    ),
    (451, "Requested action aborted: local error in processing"),
    (
        452,
        "Requested action not taken: insufficient system storage",
    ),
    (455, "Server unable to accommodate parameters"),
    (
        500,
        "Syntax error, command unrecognized (This may include errors such as command line \
         too long)",
    ),
    (501, "Syntax error in parameters or arguments"),
    (502, "Command not implemented"),
    (503, "Bad sequence of commands"),
    (504, "Command parameter not implemented"),
    (
        550,
        "Requested action not taken: mailbox unavailable (e.g., mailbox not found, no \
         access, or command rejected for policy reasons)",
    ),
    (551, "User not local; please try <forward-path>"),
    (
        552,
        "Requested mail action aborted: exceeded storage allocation",
    ),
    (
        553,
        "Requested action not taken: mailbox name not allowed (e.g., mailbox syntax \
         incorrect)",
    ),
    (
        554,
        "Transaction failed (Or, in the case of a connection-opening response, \"No SMTP \
         service here\")",
    ),
    (
        555,
        "MAIL FROM/RCPT TO parameters not recognized or not implemented",
    ),
];

#[test]
fn every_rfc5321_code_with_its_meaning() {
    for &(n, meaning) in RFC5321_4_2_3 {
        let code = ReplyCode::new(n).unwrap();
        assert!(ReplyCode::CATALOGUE.contains(&code), "{n} missing");
        assert_eq!(code.description(), Some(meaning), "{n}");
    }
}

#[test]
fn named_constants() {
    let named = [
        (ReplyCode::SYSTEM_STATUS, 211),
        (ReplyCode::HELP_MESSAGE, 214),
        (ReplyCode::SERVICE_READY, 220),
        (ReplyCode::SERVICE_CLOSING, 221),
        (ReplyCode::AUTH_SUCCEEDED, 235),
        (ReplyCode::OK, 250),
        (ReplyCode::USER_NOT_LOCAL_WILL_FORWARD, 251),
        (ReplyCode::CANNOT_VRFY, 252),
        (ReplyCode::AUTH_CHALLENGE, 334),
        (ReplyCode::START_MAIL_INPUT, 354),
        (ReplyCode::SERVICE_NOT_AVAILABLE, 421),
        (ReplyCode::PASSWORD_TRANSITION_NEEDED, 432),
        (ReplyCode::MAILBOX_TEMPORARILY_UNAVAILABLE, 450),
        (ReplyCode::LOCAL_ERROR, 451),
        (ReplyCode::INSUFFICIENT_STORAGE, 452),
        (ReplyCode::TEMPORARY_FAILURE, 454),
        (ReplyCode::PARAMETERS_NOT_ACCOMMODATED, 455),
        (ReplyCode::SYNTAX_ERROR, 500),
        (ReplyCode::PARAMETER_SYNTAX_ERROR, 501),
        (ReplyCode::COMMAND_NOT_IMPLEMENTED, 502),
        (ReplyCode::BAD_SEQUENCE, 503),
        (ReplyCode::PARAMETER_NOT_IMPLEMENTED, 504),
        (ReplyCode::DOES_NOT_ACCEPT_MAIL, 521),
        (ReplyCode::AUTH_REQUIRED, 530),
        (ReplyCode::AUTH_MECHANISM_TOO_WEAK, 534),
        (ReplyCode::AUTH_CREDENTIALS_INVALID, 535),
        (ReplyCode::ENCRYPTION_REQUIRED, 538),
        (ReplyCode::MAILBOX_UNAVAILABLE, 550),
        (ReplyCode::USER_NOT_LOCAL, 551),
        (ReplyCode::EXCEEDED_STORAGE, 552),
        (ReplyCode::MAILBOX_NAME_NOT_ALLOWED, 553),
        (ReplyCode::TRANSACTION_FAILED, 554),
        (ReplyCode::PARAMETERS_NOT_RECOGNIZED, 555),
        (ReplyCode::DOMAIN_DOES_NOT_ACCEPT_MAIL, 556),
    ];
    assert_eq!(named.len(), ReplyCode::CATALOGUE.len());
    for (code, n) in named {
        assert_eq!(code.get(), n);
        assert!(ReplyCode::CATALOGUE.contains(&code));
    }
}

#[test]
fn other_rfcs_meanings() {
    let meanings = [
        (235, "Authentication Succeeded"),
        (432, "A password transition is needed"),
        (534, "Authentication mechanism is too weak"),
        (535, "Authentication credentials invalid"),
        (
            538,
            "Encryption required for requested authentication mechanism",
        ),
        (521, "Server does not accept mail"),
        (556, "Domain does not accept mail"),
    ];
    for (n, meaning) in meanings {
        assert_eq!(ReplyCode::new(n).unwrap().description(), Some(meaning));
    }
    // Codes shared by RFC 4954 and RFC 3207 name both meanings.
    let d454 = ReplyCode::TEMPORARY_FAILURE.description().unwrap();
    assert!(d454.contains("Temporary authentication failure"));
    assert!(d454.contains("TLS not available due to temporary reason"));
    let d530 = ReplyCode::AUTH_REQUIRED.description().unwrap();
    assert!(d530.contains("Authentication required"));
    assert!(d530.contains("Must issue a STARTTLS command first"));
}

#[test]
fn classes_follow_the_first_digit() {
    for code in ReplyCode::CATALOGUE {
        let class = code.class();
        assert_eq!(u16::from(class.digit()), code.get() / 100);
        assert_eq!(code.is_positive(), code.get() < 400);
        assert_eq!(
            code.is_positive_completion(),
            class == ReplyClass::PositiveCompletion
        );
        assert_eq!(
            code.is_positive_intermediate(),
            class == ReplyClass::PositiveIntermediate
        );
        assert_eq!(
            code.is_transient_negative(),
            class == ReplyClass::TransientNegative
        );
        assert_eq!(
            code.is_permanent_negative(),
            class == ReplyClass::PermanentNegative
        );
        let category = match code.get() / 10 % 10 {
            0 => ReplyCategory::Syntax,
            1 => ReplyCategory::Information,
            2 => ReplyCategory::Connections,
            5 => ReplyCategory::MailSystem,
            d => ReplyCategory::Unspecified(d as u8),
        };
        assert_eq!(code.category(), category);
    }
    assert_eq!(ReplyCode::try_from(150), Err(InvalidReplyCode(150)));
    assert_eq!(ReplyCode::try_from(270), Err(InvalidReplyCode(270)));
    assert_eq!(ReplyCode::try_from(354), Ok(ReplyCode::START_MAIL_INPUT));
}

/// RFC 3463 §3: every enumerated detail with its heading.
const RFC3463_3: &[(&str, &str)] = &[
    ("X.0.0", "Other undefined Status"),
    ("X.1.0", "Other address status"),
    ("X.1.1", "Bad destination mailbox address"),
    ("X.1.2", "Bad destination system address"),
    ("X.1.3", "Bad destination mailbox address syntax"),
    ("X.1.4", "Destination mailbox address ambiguous"),
    ("X.1.5", "Destination address valid"),
    (
        "X.1.6",
        "Destination mailbox has moved, No forwarding address",
    ),
    ("X.1.7", "Bad sender's mailbox address syntax"),
    ("X.1.8", "Bad sender's system address"),
    ("X.2.0", "Other or undefined mailbox status"),
    ("X.2.1", "Mailbox disabled, not accepting messages"),
    ("X.2.2", "Mailbox full"),
    ("X.2.3", "Message length exceeds administrative limit"),
    ("X.2.4", "Mailing list expansion problem"),
    ("X.3.0", "Other or undefined mail system status"),
    ("X.3.1", "Mail system full"),
    ("X.3.2", "System not accepting network messages"),
    ("X.3.3", "System not capable of selected features"),
    ("X.3.4", "Message too big for system"),
    ("X.3.5", "System incorrectly configured"),
    ("X.4.0", "Other or undefined network or routing status"),
    ("X.4.1", "No answer from host"),
    ("X.4.2", "Bad connection"),
    ("X.4.3", "Directory server failure"),
    ("X.4.4", "Unable to route"),
    ("X.4.5", "Mail system congestion"),
    ("X.4.6", "Routing loop detected"),
    ("X.4.7", "Delivery time expired"),
    ("X.5.0", "Other or undefined protocol status"),
    ("X.5.1", "Invalid command"),
    ("X.5.2", "Syntax error"),
    ("X.5.3", "Too many recipients"),
    ("X.5.4", "Invalid command arguments"),
    ("X.5.5", "Wrong protocol version"),
    ("X.6.0", "Other or undefined media error"),
    ("X.6.1", "Media not supported"),
    ("X.6.2", "Conversion required and prohibited"),
    ("X.6.3", "Conversion required but not supported"),
    ("X.6.4", "Conversion with loss performed"),
    ("X.6.5", "Conversion Failed"),
    ("X.7.0", "Other or undefined security status"),
    ("X.7.1", "Delivery not authorized, message refused"),
    ("X.7.2", "Mailing list expansion prohibited"),
    ("X.7.3", "Security conversion required but not possible"),
    ("X.7.4", "Security features not supported"),
    ("X.7.5", "Cryptographic failure"),
    ("X.7.6", "Cryptographic algorithm not supported"),
    ("X.7.7", "Message integrity failure"),
];

#[test]
fn every_rfc3463_detail_with_its_meaning() {
    for &(code, meaning) in RFC3463_3 {
        for class in ['2', '4', '5'] {
            let text = code.replacen('X', &class.to_string(), 1);
            let c: EnhancedStatusCode = text.parse().unwrap();
            assert_eq!(c.to_string(), text);
            assert_eq!(c.description(), Some(meaning), "{text}");
        }
    }
    // Later registrations quoted from their RFCs.
    for (code, meaning) in [
        ("5.5.6", "Authentication Exchange line is too long"),
        ("5.7.8", "Authentication credentials invalid"),
        ("5.7.9", "Authentication mechanism is too weak"),
        (
            "5.7.11",
            "Encryption required for requested authentication mechanism",
        ),
        ("4.7.12", "A password transition is needed"),
        (
            "5.6.7",
            "Non-ASCII addresses not permitted for that sender/recipient",
        ),
        ("5.7.30", "REQUIRETLS support required"),
    ] {
        let c: EnhancedStatusCode = code.parse().unwrap();
        assert_eq!(c.description(), Some(meaning), "{code}");
    }
}

#[test]
fn enhanced_constants() {
    let named = [
        (EnhancedStatusCode::SUCCESS, "2.0.0"),
        (EnhancedStatusCode::ADDRESS_OK, "2.1.0"),
        (EnhancedStatusCode::DESTINATION_ADDRESS_VALID, "2.1.5"),
        (EnhancedStatusCode::MESSAGE_ACCEPTED, "2.6.0"),
        (EnhancedStatusCode::AUTH_SUCCEEDED, "2.7.0"),
        (EnhancedStatusCode::BAD_DESTINATION_MAILBOX, "5.1.1"),
        (EnhancedStatusCode::BAD_DESTINATION_SYSTEM, "5.1.2"),
        (EnhancedStatusCode::BAD_DESTINATION_SYNTAX, "5.1.3"),
        (EnhancedStatusCode::BAD_SENDER_SYNTAX, "5.1.7"),
        (EnhancedStatusCode::BAD_SENDER_SYSTEM, "5.1.8"),
        (EnhancedStatusCode::MAILBOX_FULL, "4.2.2"),
        (EnhancedStatusCode::MESSAGE_LENGTH_EXCEEDED, "5.2.3"),
        (EnhancedStatusCode::MAIL_SYSTEM_FULL, "4.3.1"),
        (EnhancedStatusCode::MESSAGE_TOO_BIG, "5.3.4"),
        (EnhancedStatusCode::CONGESTION, "4.4.5"),
        (EnhancedStatusCode::INVALID_COMMAND, "5.5.1"),
        (EnhancedStatusCode::SYNTAX_ERROR, "5.5.2"),
        (EnhancedStatusCode::TOO_MANY_RECIPIENTS, "4.5.3"),
        (EnhancedStatusCode::INVALID_ARGUMENTS, "5.5.4"),
        (EnhancedStatusCode::AUTH_LINE_TOO_LONG, "5.5.6"),
        (EnhancedStatusCode::NON_ASCII_ADDRESS_NOT_PERMITTED, "5.6.7"),
        (EnhancedStatusCode::UTF8_REPLY_REQUIRED, "5.6.8"),
        (EnhancedStatusCode::UTF8_HEADER_NOT_TRANSFERABLE, "5.6.9"),
        (EnhancedStatusCode::SECURITY_OTHER, "5.7.0"),
        (EnhancedStatusCode::TEMPORARY_AUTH_FAILURE, "4.7.0"),
        (EnhancedStatusCode::DELIVERY_NOT_AUTHORIZED, "5.7.1"),
        (EnhancedStatusCode::AUTH_CREDENTIALS_INVALID, "5.7.8"),
        (EnhancedStatusCode::AUTH_MECHANISM_TOO_WEAK, "5.7.9"),
        (EnhancedStatusCode::ENCRYPTION_NEEDED, "5.7.10"),
        (EnhancedStatusCode::ENCRYPTION_REQUIRED_FOR_AUTH, "5.7.11"),
        (EnhancedStatusCode::PASSWORD_TRANSITION_NEEDED, "4.7.12"),
        (EnhancedStatusCode::REQUIRETLS_REQUIRED, "5.7.30"),
    ];
    for (code, text) in named {
        assert_eq!(code.to_string(), text);
        assert_eq!(text.parse(), Ok(code));
        assert!(code.description().is_some(), "{text}");
    }
    assert_eq!(StatusClass::from_digit(3), None);
    assert_eq!(
        EnhancedStatusCode::new(StatusClass::PermanentFailure, 1, 1),
        Some(EnhancedStatusCode::BAD_DESTINATION_MAILBOX)
    );
}
