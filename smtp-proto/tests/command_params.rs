//! Typed ESMTP parameters of MAIL and RCPT: every valid form, every invalid form with its
//! exact error and the reply the RFCs ask for.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use mail_message::envelope::EnvelopeError;
use smtp_proto::command::{
    Body, ByMode, Command, CommandError, DeliverBy, FutureRelease, MailParameters, Notify,
    NotifyOn, ParameterProblem, ParseOptions, RcptParameters, Ret, Verb,
};

fn mail_params(params: &str) -> MailParameters<'_> {
    let line = format!("MAIL FROM:<a@example.com> {params}");
    let line: &'static str = Box::leak(line.into_boxed_str());
    match Command::parse(line.as_bytes(), &ParseOptions::new()) {
        Ok(Command::Mail { parameters, .. }) => parameters,
        other => panic!("{line}: {other:?}"),
    }
}

fn rcpt_params(params: &str) -> RcptParameters<'_> {
    let line = format!("RCPT TO:<a@example.com> {params}");
    let line: &'static str = Box::leak(line.into_boxed_str());
    match Command::parse(line.as_bytes(), &ParseOptions::new()) {
        Ok(Command::Rcpt { parameters, .. }) => parameters,
        other => panic!("{line}: {other:?}"),
    }
}

/// The error for `MAIL FROM:<a@example.com> <params>` (the parameters start at offset 26).
fn mail_error(params: &str) -> CommandError {
    let line = format!("MAIL FROM:<a@example.com> {params}");
    Command::parse(line.as_bytes(), &ParseOptions::new()).unwrap_err()
}

/// The error for `RCPT TO:<a@example.com> <params>` (the parameters start at offset 24).
fn rcpt_error(params: &str) -> CommandError {
    let line = format!("RCPT TO:<a@example.com> {params}");
    Command::parse(line.as_bytes(), &ParseOptions::new()).unwrap_err()
}

fn problem(
    verb: Verb,
    keyword: &'static str,
    offset: usize,
    problem: ParameterProblem,
) -> CommandError {
    CommandError::Parameter {
        verb,
        keyword,
        offset,
        problem,
    }
}

fn invalid(
    verb: Verb,
    keyword: &'static str,
    offset: usize,
    expected: &'static str,
) -> CommandError {
    problem(
        verb,
        keyword,
        offset,
        ParameterProblem::InvalidValue { expected },
    )
}

const M: usize = 26; // offset of the first MAIL parameter
const R: usize = 24; // offset of the first RCPT parameter

#[test]
fn size() {
    assert_eq!(mail_params("SIZE=0").size, Some(0));
    assert_eq!(mail_params("size=00123").size, Some(123));
    assert_eq!(
        mail_params("SIZE=18446744073709551615").size,
        Some(u64::MAX)
    );
    let bad = invalid(Verb::Mail, "SIZE", M, "size-value = 1*20DIGIT");
    assert_eq!(mail_error("SIZE=abc"), bad);
    assert_eq!(mail_error("SIZE=-1"), bad);
    assert_eq!(mail_error("SIZE=1.5"), bad);
    // 21 digits: not size-value, whatever the number.
    assert_eq!(mail_error("SIZE=000000000000000000001"), bad);
    assert_eq!(
        mail_error("SIZE"),
        problem(Verb::Mail, "SIZE", M, ParameterProblem::MissingValue)
    );
    assert_eq!(
        mail_error("SIZE="),
        problem(Verb::Mail, "SIZE", M, ParameterProblem::MissingValue)
    );
    // Overflow: larger than any limit, so 552 (RFC 1870 §6.1).
    let e = mail_error("SIZE=18446744073709551616");
    assert_eq!(
        e,
        problem(Verb::Mail, "SIZE", M, ParameterProblem::TooLarge)
    );
    assert_eq!(e.reply_code(), 552);
    assert_eq!(e.enhanced_status(), (5, 3, 4));
    let e = mail_error("SIZE=1 SIZE=2");
    assert_eq!(
        e,
        problem(Verb::Mail, "SIZE", M + 7, ParameterProblem::Duplicate)
    );
    assert_eq!(e.reply_code(), 501);
    assert_eq!(e.enhanced_status(), (5, 5, 4));
    assert_eq!(
        mail_error("SIZE=1 size=1"),
        problem(Verb::Mail, "SIZE", M + 7, ParameterProblem::Duplicate)
    );
}

#[test]
fn body() {
    assert_eq!(mail_params("BODY=7BIT").body, Some(Body::SevenBit));
    assert_eq!(mail_params("body=8bitmime").body, Some(Body::EightBitMime));
    assert_eq!(mail_params("BODY=BinaryMIME").body, Some(Body::BinaryMime));
    let bad = invalid(Verb::Mail, "BODY", M, "7BIT, 8BITMIME or BINARYMIME");
    assert_eq!(mail_error("BODY=8BIT"), bad);
    assert_eq!(mail_error("BODY=7BITS"), bad);
    assert_eq!(
        mail_error("BODY"),
        problem(Verb::Mail, "BODY", M, ParameterProblem::MissingValue)
    );
    assert_eq!(
        mail_error("BODY=7BIT BODY=8BITMIME"),
        problem(Verb::Mail, "BODY", M + 10, ParameterProblem::Duplicate)
    );
}

#[test]
fn smtputf8_and_requiretls() {
    let p = mail_params("SMTPUTF8 REQUIRETLS");
    assert!(p.smtputf8 && p.requiretls);
    assert!(mail_params("smtputf8").smtputf8);
    assert_eq!(
        mail_error("SMTPUTF8=yes"),
        problem(Verb::Mail, "SMTPUTF8", M, ParameterProblem::UnexpectedValue)
    );
    assert_eq!(
        mail_error("REQUIRETLS=1"),
        problem(
            Verb::Mail,
            "REQUIRETLS",
            M,
            ParameterProblem::UnexpectedValue
        )
    );
    assert_eq!(
        mail_error("SMTPUTF8 SMTPUTF8"),
        problem(Verb::Mail, "SMTPUTF8", M + 9, ParameterProblem::Duplicate)
    );
    assert_eq!(
        mail_error("REQUIRETLS REQUIRETLS"),
        problem(
            Verb::Mail,
            "REQUIRETLS",
            M + 11,
            ParameterProblem::Duplicate
        )
    );
}

#[test]
fn ret_and_envid() {
    let p = mail_params("RET=full ENVID=QQ+2B314159");
    assert_eq!(p.ret, Some(Ret::Full));
    let envid = p.envid.unwrap();
    assert_eq!(envid.as_str(), "QQ+2B314159");
    assert_eq!(envid.decode().as_ref(), b"QQ+314159");
    assert_eq!(mail_params("RET=Hdrs").ret, Some(Ret::Hdrs));
    assert_eq!(
        mail_error("RET=BODY"),
        invalid(Verb::Mail, "RET", M, "FULL or HDRS")
    );
    assert_eq!(
        mail_error("RET=FULL RET=HDRS"),
        problem(Verb::Mail, "RET", M + 9, ParameterProblem::Duplicate)
    );
    // RFC 3461 §4: hexchar needs upper-case hex digits.
    assert_eq!(
        mail_error("ENVID=a+2b"),
        invalid(Verb::Mail, "ENVID", M, "xtext")
    );
    assert_eq!(
        mail_error("ENVID=a+"),
        invalid(Verb::Mail, "ENVID", M, "xtext")
    );
    assert_eq!(
        mail_error("ENVID"),
        problem(Verb::Mail, "ENVID", M, ParameterProblem::MissingValue)
    );
    assert_eq!(
        mail_error("ENVID=1 ENVID=2"),
        problem(Verb::Mail, "ENVID", M + 8, ParameterProblem::Duplicate)
    );
}

#[test]
fn auth_parameter() {
    let p = mail_params("AUTH=e+3Dmc2@example.com");
    let auth = p.auth.unwrap();
    assert_eq!(auth.mailbox().unwrap().to_string(), "e=mc2@example.com");
    assert_eq!(auth.xtext().as_str(), "e+3Dmc2@example.com");
    assert!(!auth.is_null());
    assert!(mail_params("AUTH=<>").auth.unwrap().is_null());
    // "<>" written as hexchars is still the null value.
    assert!(mail_params("AUTH=+3C+3E").auth.unwrap().is_null());
    let bad = invalid(Verb::Mail, "AUTH", M, "xtext of a Mailbox or of \"<>\"");
    assert_eq!(mail_error("AUTH=nobody"), bad);
    assert_eq!(mail_error("AUTH=a+2b@b"), bad);
    assert_eq!(mail_error("AUTH=<a@b>"), bad);
    assert_eq!(
        mail_error("AUTH=<> AUTH=<>"),
        problem(Verb::Mail, "AUTH", M + 8, ParameterProblem::Duplicate)
    );
}

#[test]
fn mt_priority() {
    assert_eq!(mail_params("MT-PRIORITY=0").mt_priority, Some(0));
    assert_eq!(mail_params("MT-PRIORITY=-9").mt_priority, Some(-9));
    assert_eq!(mail_params("mt-priority=+9").mt_priority, Some(9));
    let bad = invalid(Verb::Mail, "MT-PRIORITY", M, "-9 to 9");
    for v in ["10", "-10", "a", "+", "9.0", "--1"] {
        assert_eq!(mail_error(&format!("MT-PRIORITY={v}")), bad, "{v}");
    }
    assert_eq!(
        mail_error("MT-PRIORITY=1 MT-PRIORITY=2"),
        problem(
            Verb::Mail,
            "MT-PRIORITY",
            M + 14,
            ParameterProblem::Duplicate
        )
    );
}

#[test]
fn deliver_by() {
    assert_eq!(
        mail_params("BY=120;R").deliver_by,
        Some(DeliverBy {
            seconds: 120,
            mode: ByMode::Return,
            trace: false
        })
    );
    assert_eq!(
        mail_params("BY=-30;NT").deliver_by,
        Some(DeliverBy {
            seconds: -30,
            mode: ByMode::Notify,
            trace: true
        })
    );
    let bad = invalid(Verb::Mail, "BY", M, "by-time \";\" by-mode [\"T\"]");
    for v in [
        "120",
        "120;",
        "120;X",
        "0;R",
        "-5;R",
        "1000000000;N",
        "a;N",
        "120;RX",
    ] {
        assert_eq!(mail_error(&format!("BY={v}")), bad, "{v}");
    }
    assert_eq!(
        mail_error("BY=1;N BY=2;N"),
        problem(Verb::Mail, "BY", M + 7, ParameterProblem::Duplicate)
    );
}

#[test]
fn future_release() {
    assert_eq!(
        mail_params("HOLDFOR=3600").future_release,
        Some(FutureRelease::HoldFor(3600))
    );
    let Some(FutureRelease::HoldUntil(t)) =
        mail_params("HOLDUNTIL=2026-06-01T12:00:00Z").future_release
    else {
        panic!()
    };
    assert_eq!(t.as_str(), "2026-06-01T12:00:00Z");
    assert_eq!(t.unix_time(), 1_780_315_200);
    assert_eq!(
        mail_error("HOLDFOR=1234567890"),
        invalid(Verb::Mail, "HOLDFOR", M, "1*9DIGIT")
    );
    assert_eq!(
        mail_error("HOLDFOR=-1"),
        invalid(Verb::Mail, "HOLDFOR", M, "1*9DIGIT")
    );
    assert_eq!(
        mail_error("HOLDUNTIL=2026-06-31T12:00:00Z"),
        invalid(Verb::Mail, "HOLDUNTIL", M, "RFC 3339 date-time")
    );
    // Both together: 501 (RFC 4865).
    let e = mail_error("HOLDFOR=60 HOLDUNTIL=2026-06-01T12:00:00Z");
    assert_eq!(
        e,
        problem(
            Verb::Mail,
            "HOLDUNTIL",
            M + 11,
            ParameterProblem::Conflict { with: "HOLDFOR" }
        )
    );
    assert_eq!(e.reply_code(), 501);
    assert_eq!(
        mail_error("HOLDUNTIL=2026-06-01T12:00:00Z HOLDFOR=60"),
        problem(
            Verb::Mail,
            "HOLDFOR",
            M + 31,
            ParameterProblem::Conflict { with: "HOLDUNTIL" }
        )
    );
    assert_eq!(
        mail_error("HOLDFOR=1 HOLDFOR=1"),
        problem(Verb::Mail, "HOLDFOR", M + 10, ParameterProblem::Duplicate)
    );
}

#[test]
fn notify() {
    assert_eq!(rcpt_params("NOTIFY=NEVER").notify, Some(Notify::Never));
    assert_eq!(
        rcpt_params("NOTIFY=delay,Success").notify,
        Some(Notify::On(NotifyOn {
            success: true,
            failure: false,
            delay: true
        }))
    );
    let bad = invalid(
        Verb::Rcpt,
        "NOTIFY",
        R,
        "NEVER, or a list of SUCCESS, FAILURE, DELAY",
    );
    // RFC 3461 §4.1: NEVER must appear by itself.
    for v in [
        "NEVER,SUCCESS",
        "SUCCESS,NEVER",
        "SUCCESS,,DELAY",
        "ALWAYS",
        "SUCCESS;DELAY",
    ] {
        let e = rcpt_error(&format!("NOTIFY={v}"));
        assert_eq!(e, bad, "{v}");
        assert_eq!(e.reply_code(), 501);
    }
    assert_eq!(
        rcpt_error("NOTIFY"),
        problem(Verb::Rcpt, "NOTIFY", R, ParameterProblem::MissingValue)
    );
    assert_eq!(
        rcpt_error("NOTIFY=NEVER NOTIFY=NEVER"),
        problem(Verb::Rcpt, "NOTIFY", R + 13, ParameterProblem::Duplicate)
    );
}

#[test]
fn orcpt() {
    let p = rcpt_params("ORCPT=rfc822;Bob+2BX@Example.COM");
    let o = p.orcpt.unwrap();
    assert_eq!(o.addr_type(), "rfc822");
    assert_eq!(o.address().decode().as_ref(), b"Bob+X@Example.COM");
    let bad = invalid(Verb::Rcpt, "ORCPT", R, "addr-type \";\" xtext");
    for v in ["rfc822", "rfc822;", ";a@b", "rfc822;a+zz@b", "r(c;a@b"] {
        assert_eq!(rcpt_error(&format!("ORCPT={v}")), bad, "{v}");
    }
    assert_eq!(
        rcpt_error("ORCPT=rfc822;a@b ORCPT=rfc822;a@b"),
        problem(Verb::Rcpt, "ORCPT", R + 17, ParameterProblem::Duplicate)
    );
}

#[test]
fn parameters_of_the_other_command_are_unknown() {
    // SIZE on RCPT and NOTIFY on MAIL are not typed there: kept, for a 555.
    let p = rcpt_params("SIZE=abc");
    assert_eq!(p.unknown.len(), 1);
    assert_eq!(p.unknown[0].keyword.as_str(), "SIZE");
    let p = mail_params("NOTIFY=NEVER,SUCCESS");
    assert_eq!(
        p.unknown[0].value.as_ref().unwrap().as_str(),
        "NEVER,SUCCESS"
    );
    // Unknown keywords may repeat: the server decides.
    assert_eq!(mail_params("X-A X-A=1").unknown.len(), 2);
}

#[test]
fn malformed_parameters() {
    let syntax = |offset, expected| CommandError::Syntax {
        verb: Verb::Mail,
        offset,
        expected,
    };
    assert_eq!(mail_error("_X=1"), syntax(M, "esmtp-keyword"));
    assert_eq!(mail_error("X_Y=1"), syntax(M + 1, "esmtp-keyword"));
    assert_eq!(mail_error(" SIZE=1"), syntax(M, "esmtp-keyword"));
    let e = Command::parse(b"MAIL FROM:<a@example.com>SIZE=1", &ParseOptions::new()).unwrap_err();
    assert_eq!(e, syntax(25, "SP"));
    // An unknown parameter with a value that is not an esmtp-value.
    let e = mail_error("X-A=b=c");
    assert_eq!(
        e,
        CommandError::EsmtpParameter {
            verb: Verb::Mail,
            offset: M,
            error: EnvelopeError::InvalidSyntax {
                offset: 5,
                expected: "end of esmtp-param"
            }
        }
    );
    assert_eq!(e.offset(), M + 5);
    assert_eq!(e.reply_code(), 501);
    // UTF-8 in a value only under SMTPUTF8 (RFC 6531 §3.3).
    assert!(matches!(
        mail_error("X-A=é"),
        CommandError::EsmtpParameter {
            error: EnvelopeError::Utf8NotAllowed { .. },
            ..
        }
    ));
    let utf8 = ParseOptions::new().with_smtputf8(true);
    let cmd = Command::parse("MAIL FROM:<a@example.com> X-A=é".as_bytes(), &utf8).unwrap();
    assert!(matches!(cmd, Command::Mail { parameters, .. } if parameters.unknown.len() == 1));
}

#[test]
fn lax_spaces_between_parameters() {
    let lax = ParseOptions::lenient();
    let Command::Mail { parameters, .. } =
        Command::parse(b"MAIL FROM: <a@example.com>   SIZE=1  BODY=7BIT", &lax).unwrap()
    else {
        panic!()
    };
    assert_eq!(parameters.size, Some(1));
    assert_eq!(parameters.body, Some(Body::SevenBit));
    // Not by default.
    assert!(Command::parse(b"MAIL FROM:<a@example.com>  SIZE=1", &ParseOptions::new()).is_err());
}

#[test]
fn every_typed_mail_parameter_at_once() {
    let line = "MAIL FROM:<a@example.com> SIZE=1 BODY=8BITMIME SMTPUTF8 RET=HDRS ENVID=x \
                AUTH=<> REQUIRETLS MT-PRIORITY=-3 BY=60;RT HOLDFOR=5 X-Y=z";
    let cmd = Command::parse(line.as_bytes(), &ParseOptions::new()).unwrap();
    assert_eq!(
        String::from_utf8(cmd.to_bytes().unwrap()).unwrap(),
        format!("{line}\r\n")
    );
    // The line limit grows with the parameters present.
    assert_eq!(
        cmd.line_limit(),
        512 + 26 + 16 + 10 + 9 + 101 + 500 + 11 + 15 + 17 + 18
    );
}
