//! Every command line of the RFCs' examples (RFC 1939 §§4-7, 10; RFC 2449 §§5, 8.1.1;
//! RFC 2595 §4; RFC 5034 §6; RFC 6856 §§3, 3.1), parsed, checked field by field and encoded back
//! to the same line.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use mail_sasl::{Mechanism, Secret};
use pop3_proto::command::{
    Argument, Command, Digest, InitialResponse, LanguageRange, MessageNumber,
};

fn n(n: u32) -> MessageNumber {
    MessageNumber::new(n).unwrap()
}

/// Parses `line`, compares with `expected`, and checks the encoder writes the line back.
fn check(line: &str, expected: Command<'_>) {
    let parsed = Command::parse(line.as_bytes()).unwrap_or_else(|e| panic!("{line}: {e}"));
    assert_eq!(parsed, expected, "{line}");
    assert_eq!(parsed.clone().into_owned(), expected.into_owned(), "{line}");
    assert_eq!(
        parsed.to_bytes().unwrap(),
        format!("{line}\r\n").into_bytes(),
        "{line}"
    );
}

#[test]
fn rfc1939() {
    // §§4-6 and the §10 session.
    check("QUIT", Command::Quit);
    check("STAT", Command::Stat);
    check("LIST", Command::List { message: None });
    check(
        "LIST 2",
        Command::List {
            message: Some(n(2)),
        },
    );
    check(
        "LIST 3",
        Command::List {
            message: Some(n(3)),
        },
    );
    check("RETR 1", Command::Retr { message: n(1) });
    check("RETR 2", Command::Retr { message: n(2) });
    check("DELE 1", Command::Dele { message: n(1) });
    check("DELE 2", Command::Dele { message: n(2) });
    check("NOOP", Command::Noop);
    check("RSET", Command::Rset);
    // §7.
    check(
        "TOP 1 10",
        Command::Top {
            message: n(1),
            lines: 10,
        },
    );
    check(
        "TOP 100 3",
        Command::Top {
            message: n(100),
            lines: 3,
        },
    );
    check("UIDL", Command::Uidl { message: None });
    check(
        "UIDL 2",
        Command::Uidl {
            message: Some(n(2)),
        },
    );
    check(
        "UIDL 3",
        Command::Uidl {
            message: Some(n(3)),
        },
    );
    for name in ["frated", "mrose"] {
        check(
            &format!("USER {name}"),
            Command::User {
                name: Argument::new(name).unwrap(),
            },
        );
    }
    check(
        "PASS secret",
        Command::Pass {
            password: Secret::new(b"secret".to_vec()),
        },
    );
    check(
        "APOP mrose c4c9334bac560ecc979e58001b3e22fb",
        Command::Apop {
            name: Argument::new("mrose").unwrap(),
            digest: Digest::compute(b"<1896.697170952@dbc.mtview.ca.us>", b"tanstaaf"),
        },
    );
}

#[test]
fn rfc2449_rfc2595() {
    check("CAPA", Command::Capa);
    check("STLS", Command::Stls);
}

#[test]
fn rfc5034() {
    check(
        "AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=",
        Command::Auth {
            mechanism: Mechanism::Plain,
            initial_response: Some(InitialResponse::new("dGVzdAB0ZXN0AHRlc3Q=").unwrap()),
        },
    );
    let Command::Auth {
        initial_response: Some(ir),
        ..
    } = Command::parse(b"AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=").unwrap()
    else {
        panic!()
    };
    assert_eq!(ir.decode().unwrap(), b"test\0test\0test");
    check(
        "AUTH PLAIN",
        Command::Auth {
            mechanism: Mechanism::Plain,
            initial_response: None,
        },
    );
    check(
        "AUTH DIGEST-MD5",
        Command::Auth {
            mechanism: Mechanism::Other("DIGEST-MD5".into()),
            initial_response: None,
        },
    );
    // §4: "=" is an empty initial response.
    check(
        "AUTH PLAIN =",
        Command::Auth {
            mechanism: Mechanism::Plain,
            initial_response: Some(InitialResponse::new("=").unwrap()),
        },
    );
}

#[test]
fn rfc6856() {
    check("UTF8", Command::Utf8);
    check(
        "USER karen",
        Command::User {
            name: Argument::new("karen").unwrap(),
        },
    );
    check(
        "PASS password",
        Command::Pass {
            password: Secret::new(b"password".to_vec()),
        },
    );
    check("LANG", Command::Lang { range: None });
    for range in ["MUL", "es", "uga", "sv", "*"] {
        check(
            &format!("LANG {range}"),
            Command::Lang {
                range: Some(LanguageRange::new(range).unwrap()),
            },
        );
    }
}
