//! Command lines beyond the RFC examples: verbs, arguments, the tolerated quirks of real
//! clients, and every kind of error with its offset and reply code.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use mail_message::envelope::{EnvelopeError, Host};
use smtp_proto::command::{ClientName, Command, CommandError, ParseOptions, Text, Verb};

fn parse(line: &str) -> Result<Command<'_>, CommandError> {
    Command::parse(line.as_bytes(), &ParseOptions::new())
}

fn err(line: &str) -> CommandError {
    parse(line).unwrap_err()
}

fn reply(e: &CommandError) -> (u16, (u8, u16, u16)) {
    (e.reply_code(), e.enhanced_status())
}

#[test]
fn verbs_in_any_case_and_trailing_white_space() {
    assert_eq!(parse("quit").unwrap(), Command::Quit);
    assert_eq!(parse("Quit \t ").unwrap(), Command::Quit);
    assert_eq!(parse("StartTLS").unwrap(), Command::StartTls);
    assert_eq!(parse("dAtA").unwrap(), Command::Data);
    let cmd = parse("mail from:<a@example.com> size=5  ").unwrap();
    assert_eq!(
        cmd.to_bytes().unwrap(),
        b"MAIL FROM:<a@example.com> SIZE=5\r\n"
    );
    let cmd = parse("rcpt To:<a@example.com>\t").unwrap();
    assert_eq!(cmd.verb(), Some(Verb::Rcpt));
}

#[test]
fn empty_and_bad_verbs() {
    for line in ["", "   ", "\t"] {
        let e = err(line);
        assert_eq!(e, CommandError::Empty);
        assert_eq!(reply(&e), (500, (5, 5, 2)));
    }
    assert_eq!(err(" QUIT"), CommandError::InvalidVerb { offset: 0 });
    assert_eq!(err("QU\0IT"), CommandError::InvalidVerb { offset: 2 });
    assert_eq!(
        err("\x16\x03\x01\x02"),
        CommandError::InvalidVerb { offset: 0 }
    );
    assert_eq!(err("MAIL: x"), CommandError::InvalidVerb { offset: 4 });
    assert_eq!(reply(&err("é")), (500, (5, 5, 2)));
}

#[test]
fn unknown_commands() {
    let cmd = parse("XCLIENT NAME=spike.porcupine.org").unwrap();
    assert_eq!(
        cmd,
        Command::Unknown {
            verb: "XCLIENT".into(),
            arguments: Some(Text::new("NAME=spike.porcupine.org").unwrap()),
        }
    );
    assert_eq!(cmd.verb(), None);
    assert_eq!(
        cmd.to_bytes().unwrap(),
        b"XCLIENT NAME=spike.porcupine.org\r\n"
    );
    let cmd = parse("GET / HTTP/1.1").unwrap();
    assert!(matches!(cmd, Command::Unknown { ref verb, .. } if verb == "GET"));
    assert!(matches!(
        parse("ETRN").unwrap(),
        Command::Unknown {
            arguments: None,
            ..
        }
    ));
    // An unknown verb with a control character or bad UTF-8 after it: 500.
    let e = err("XFOO a\rb");
    assert_eq!(
        e,
        CommandError::ControlCharacter {
            verb: None,
            offset: 6,
            byte: b'\r'
        }
    );
    assert_eq!(e.reply_code(), 500);
    let e = Command::parse(b"XFOO \xff", &ParseOptions::new()).unwrap_err();
    assert_eq!(
        e,
        CommandError::InvalidUtf8 {
            verb: None,
            offset: 5
        }
    );
    assert_eq!(e.reply_code(), 500);
}

#[test]
fn control_characters() {
    let e = err("HELO a\0b");
    assert_eq!(
        e,
        CommandError::ControlCharacter {
            verb: Some(Verb::Helo),
            offset: 6,
            byte: 0
        }
    );
    assert_eq!(reply(&e), (501, (5, 5, 2)));
    // A bare LF inside a line (when framing only cuts at CRLF) and a tab inside.
    assert!(matches!(
        err("RCPT TO:<a@b>\nRCPT TO:<c@d>"),
        CommandError::ControlCharacter {
            byte: b'\n',
            offset: 13,
            ..
        }
    ));
    assert!(matches!(
        err("MAIL FROM:<a@b>\tSIZE=1"),
        CommandError::ControlCharacter { byte: b'\t', .. }
    ));
    assert!(matches!(
        err("NOOP \u{85}"),
        CommandError::InvalidUtf8 {
            verb: Some(Verb::Noop),
            offset: 5
        }
    ));
}

#[test]
fn arguments_required_or_refused() {
    for (line, verb) in [
        ("EHLO", Verb::Ehlo),
        ("HELO ", Verb::Helo),
        ("MAIL", Verb::Mail),
        ("RCPT", Verb::Rcpt),
        ("VRFY", Verb::Vrfy),
        ("EXPN", Verb::Expn),
        ("AUTH", Verb::Auth),
        ("BDAT", Verb::Bdat),
    ] {
        let e = err(line);
        assert_eq!(
            e,
            CommandError::MissingArgument {
                verb,
                offset: verb.as_str().len()
            },
            "{line}"
        );
        assert_eq!(reply(&e), (501, (5, 5, 4)));
    }
    // RFC 5321 §4.1.1 and RFC 3207 §4: no parameters.
    for (line, verb) in [
        ("DATA x", Verb::Data),
        ("RSET x", Verb::Rset),
        ("QUIT now", Verb::Quit),
        ("STARTTLS x", Verb::StartTls),
    ] {
        let e = err(line);
        assert_eq!(
            e,
            CommandError::UnexpectedArgument {
                verb,
                offset: verb.as_str().len() + 1
            }
        );
        assert_eq!(e.reply_code(), 501);
    }
}

#[test]
fn client_names() {
    let name = |line: &'static str, opts: &ParseOptions| match Command::parse(line.as_bytes(), opts)
    {
        Ok(Command::Ehlo { name } | Command::Helo { name } | Command::Lhlo { name }) => name,
        other => panic!("{other:?}"),
    };
    let o = &ParseOptions::new();
    // A bare word is a (one-label) domain.
    assert!(matches!(
        name("EHLO MYPC", o),
        ClientName::Host(Host::Domain(_))
    ));
    assert!(matches!(
        name("EHLO [192.0.2.1]", o),
        ClientName::Host(Host::AddressLiteral(_))
    ));
    assert!(matches!(
        name("HELO [IPv6:2001:db8::1]", o),
        ClientName::Host(Host::AddressLiteral(_))
    ));
    // Names that are not domains are kept, as servers accept them.
    let n = name("EHLO my_host.local", o);
    assert!(matches!(&n, ClientName::Other(o) if o.as_str() == "my_host.local"));
    assert_eq!(n.host(), None);
    let cmd = parse("EHLO my_host.local").unwrap();
    assert_eq!(cmd.to_bytes().unwrap(), b"EHLO my_host.local\r\n");
    assert!(matches!(name("EHLO [1.2.3.999]", o), ClientName::Other(_)));
    let lax = ParseOptions::new()
        .with_envelope(mail_message::envelope::EnvelopeOptions::new().with_lax_underscore(true));
    assert!(matches!(
        name("EHLO my_host.local", &lax),
        ClientName::Host(_)
    ));
    // One token only; UTF-8 only under SMTPUTF8.
    let e = err("EHLO a.example (my pc)");
    assert_eq!(
        e,
        CommandError::Syntax {
            verb: Verb::Ehlo,
            offset: 14,
            expected: "end of client name"
        }
    );
    assert_eq!(e.reply_code(), 501);
    assert_eq!(
        err("EHLO pc-jöran"),
        CommandError::Syntax {
            verb: Verb::Ehlo,
            offset: 9,
            expected: "ASCII (SMTPUTF8 is not in force)"
        }
    );
    let utf8 = ParseOptions::new().with_smtputf8(true);
    assert!(matches!(
        name("EHLO bücher.example", &utf8),
        ClientName::Host(Host::Domain(_))
    ));
}

#[test]
fn paths() {
    // The space after the colon: tolerated by default, refused when asked.
    let cmd = parse("MAIL FROM: <a@example.com>").unwrap();
    assert_eq!(cmd.to_bytes().unwrap(), b"MAIL FROM:<a@example.com>\r\n");
    let strict = ParseOptions::new().with_space_after_colon(false);
    assert!(matches!(
        Command::parse(b"RCPT TO: <a@example.com>", &strict),
        Err(CommandError::ForwardPath { offset: 8, .. })
    ));
    // Bare paths only with lax_brackets.
    assert!(Command::parse(b"MAIL FROM:a@example.com", &ParseOptions::lenient()).is_ok());
    let e = err("MAIL FROM:a@example.com");
    assert_eq!(
        e,
        CommandError::ReversePath {
            offset: 10,
            error: EnvelopeError::InvalidSyntax {
                offset: 0,
                expected: "\"<\""
            }
        }
    );
    assert_eq!(reply(&e), (553, (5, 1, 7)));
    let e = err("RCPT TO:<a@example.com");
    assert_eq!(e.offset(), 22);
    assert_eq!(reply(&e), (553, (5, 1, 3)));
    assert_eq!(
        err("MAIL TO:<a@example.com>"),
        CommandError::Syntax {
            verb: Verb::Mail,
            offset: 5,
            expected: "\"FROM:\""
        }
    );
    assert_eq!(
        err("RCPT FROM:<a@example.com>"),
        CommandError::Syntax {
            verb: Verb::Rcpt,
            offset: 5,
            expected: "\"TO:\""
        }
    );
    assert!(matches!(
        err("MAIL FROM:"),
        CommandError::ReversePath { offset: 10, .. }
    ));
    // UTF-8 without SMTPUTF8: 550 for MAIL, 553 for RCPT, both X.6.7 (RFC 6531 §3.5).
    assert_eq!(
        reply(&err("MAIL FROM:<jöran@example.com>")),
        (550, (5, 6, 7))
    );
    assert_eq!(reply(&err("RCPT TO:<jöran@example.com>")), (553, (5, 6, 7)));
    let utf8 = ParseOptions::new().with_smtputf8(true);
    assert!(Command::parse("RCPT TO:<jöran@bücher.example>".as_bytes(), &utf8).is_ok());
    // Too long: 501 (RFC 5321 §4.5.3.1.9).
    let long = format!("RCPT TO:<{}@example.com>", "a".repeat(65));
    assert_eq!(reply(&err(&long)), (501, (5, 1, 3)));
}

#[test]
fn bdat() {
    assert_eq!(
        parse("bdat 10 last").unwrap(),
        Command::Bdat {
            size: 10,
            last: true
        }
    );
    assert_eq!(
        parse("BDAT 18446744073709551615").unwrap(),
        Command::Bdat {
            size: u64::MAX,
            last: false
        }
    );
    for line in [
        "BDAT x",
        "BDAT -1",
        "BDAT +1",
        "BDAT 18446744073709551616",
        "BDAT 1x LAST",
    ] {
        let e = err(line);
        assert_eq!(e, CommandError::ChunkSize { offset: 5 }, "{line}");
        assert_eq!(e.reply_code(), 501);
    }
    assert_eq!(
        err("BDAT 1 LAST x"),
        CommandError::Syntax {
            verb: Verb::Bdat,
            offset: 7,
            expected: "\"LAST\" or end of line"
        }
    );
    assert!(err("BDAT 1  LAST").offset() == 7);
    assert!(Command::parse(b"BDAT 1  LAST", &ParseOptions::lenient()).is_ok());
}

#[test]
fn auth() {
    let cmd = parse("auth plain =").unwrap();
    let Command::Auth {
        mechanism,
        initial_response,
    } = &cmd
    else {
        panic!()
    };
    assert_eq!(mechanism.as_str(), "plain");
    assert!(mechanism.matches("PLAIN"));
    assert!(initial_response.as_ref().unwrap().is_empty());
    assert_eq!(cmd.to_bytes().unwrap(), b"AUTH plain =\r\n");
    let e = err("AUTH P@AIN");
    assert_eq!(e, CommandError::Mechanism { offset: 6 });
    assert_eq!(reply(&e), (504, (5, 5, 4)));
    assert_eq!(
        err("AUTH ABCDEFGHIJKLMNOPQRSTU"),
        CommandError::Mechanism { offset: 25 }
    );
    // RFC 4954 §4: only the base64 alphabet, padding only at the end; "*" is not a response.
    for (line, offset) in [
        ("AUTH PLAIN *", 11),
        ("AUTH PLAIN =AAA", 11),
        ("AUTH PLAIN AAA=BBBB", 14),
        ("AUTH PLAIN QUJD-", 15),
        ("AUTH PLAIN QUJ", 14),
    ] {
        let e = err(line);
        assert_eq!(e, CommandError::InitialResponse { offset }, "{line}");
        assert_eq!(reply(&e), (501, (5, 5, 2)));
    }
    assert_eq!(
        err("AUTH PLAIN QUJD QUJD"),
        CommandError::Syntax {
            verb: Verb::Auth,
            offset: 15,
            expected: "end of line"
        }
    );
}

#[test]
fn vrfy_expn_help_noop() {
    let vrfy = |line: &'static str, opts: &ParseOptions| match Command::parse(line.as_bytes(), opts)
        .unwrap()
    {
        Command::Vrfy { argument, smtputf8 } | Command::Expn { argument, smtputf8 } => {
            (argument.as_str().to_owned(), smtputf8)
        }
        other => panic!("{other:?}"),
    };
    let o = &ParseOptions::new();
    // RFC 5321 §3.5.1: the argument "cannot be further restricted".
    assert_eq!(vrfy("VRFY John Smith", o), ("John Smith".into(), false));
    assert_eq!(
        vrfy("VRFY <js@example.com>", o),
        ("<js@example.com>".into(), false)
    );
    assert_eq!(
        vrfy("VRFY \"John Smith\"", o),
        ("\"John Smith\"".into(), false)
    );
    // RFC 6531 §3.7.4.2: the SMTPUTF8 parameter.
    assert_eq!(vrfy("VRFY jöran smtputf8", o), ("jöran".into(), true));
    assert_eq!(vrfy("EXPN list   SMTPUTF8", o), ("list".into(), true));
    assert_eq!(vrfy("VRFY SMTPUTF8", o), ("SMTPUTF8".into(), false));
    assert_eq!(vrfy("VRFY  spaced", o), ("spaced".into(), false));
    assert_eq!(parse("NOOP").unwrap(), Command::Noop(None));
    assert_eq!(
        parse("NOOP  hello  world ").unwrap(),
        Command::Noop(Some(Text::new("hello  world").unwrap()))
    );
    assert_eq!(
        parse("HELP mail").unwrap(),
        Command::Help(Some(Text::new("mail").unwrap()))
    );
    assert_eq!(parse("HELP").unwrap(), Command::Help(None));
}

#[test]
fn error_messages() {
    assert_eq!(
        err("DATA x").to_string(),
        "DATA takes no argument (offset 5)"
    );
    assert_eq!(
        err("RCPT TO:<a@b> NOTIFY=NEVER,SUCCESS").to_string(),
        "RCPT parameter NOTIFY at offset 14: expected NEVER, or a list of SUCCESS, FAILURE, DELAY"
    );
    assert_eq!(
        err("MAIL FROM:<a@b> SIZE=1 SIZE=1").to_string(),
        "MAIL parameter SIZE at offset 23: given more than once"
    );
}
