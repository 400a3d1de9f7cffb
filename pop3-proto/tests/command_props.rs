//! Properties of the command codec: `parse(encode(x)) == x` for every command that encodes,
//! and no panic on arbitrary bytes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::borrow::Cow;

use mail_sasl::{Mechanism, Secret};
use pop3_proto::command::{
    Argument, Command, Digest, InitialResponse, LanguageRange, MessageNumber, UnknownArguments,
    Verb,
};
use proptest::prelude::*;

fn message() -> impl Strategy<Value = MessageNumber> {
    (1..=u32::MAX).prop_map(|n| MessageNumber::new(n).unwrap())
}

fn argument() -> impl Strategy<Value = Argument<'static>> {
    prop_oneof!["[!-~]{1,40}", "[a-zà-ÿ@.]{1,20}",].prop_map(|s| Argument::new(s).unwrap())
}

fn mechanism() -> impl Strategy<Value = Mechanism> {
    prop_oneof![
        Just(Mechanism::Plain),
        Just(Mechanism::Login),
        Just(Mechanism::CramMd5),
        Just(Mechanism::ScramSha256),
        Just(Mechanism::XOAuth2),
        Just(Mechanism::OAuthBearer),
        "X-[A-Z0-9_-]{1,10}".prop_map(Mechanism::Other),
    ]
}

fn command() -> impl Strategy<Value = Command<'static>> {
    prop_oneof![
        argument().prop_map(|name| Command::User { name }),
        proptest::collection::vec(
            any::<u8>().prop_filter("no CR LF NUL", |b| !matches!(b, b'\r' | b'\n' | 0)),
            1..60
        )
        .prop_map(|p| Command::Pass {
            password: Secret::new(p)
        }),
        (argument(), any::<[u8; 16]>()).prop_map(|(name, d)| Command::Apop {
            name,
            digest: Digest(d)
        }),
        Just(Command::Quit),
        Just(Command::Stat),
        proptest::option::of(message()).prop_map(|message| Command::List { message }),
        message().prop_map(|message| Command::Retr { message }),
        message().prop_map(|message| Command::Dele { message }),
        Just(Command::Noop),
        Just(Command::Rset),
        (message(), any::<u32>()).prop_map(|(message, lines)| Command::Top { message, lines }),
        proptest::option::of(message()).prop_map(|message| Command::Uidl { message }),
        Just(Command::Capa),
        Just(Command::Stls),
        (
            mechanism(),
            proptest::option::of(proptest::collection::vec(any::<u8>(), 0..60))
        )
            .prop_map(|(mechanism, ir)| Command::Auth {
                mechanism,
                initial_response: ir.map(|d| InitialResponse::encode(&d)),
            }),
        Just(Command::Utf8),
        proptest::option::of(prop_oneof![
            Just("*".to_owned()),
            "[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8}){0,2}"
        ])
        .prop_map(|r| Command::Lang {
            range: r.map(|r| LanguageRange::new(r).unwrap())
        }),
        (
            "[A-Za-z0-9]{1,20}"
                .prop_filter("not a known verb", |k| Verb::from_keyword(k.as_bytes())
                    .is_none()),
            proptest::option::of(proptest::collection::vec(
                any::<u8>().prop_filter("no CR LF NUL", |b| !matches!(b, b'\r' | b'\n' | 0)),
                0..40
            ))
        )
            .prop_map(|(keyword, arguments)| Command::Unknown {
                keyword: Cow::Owned(keyword),
                arguments: arguments.map(|a| UnknownArguments(Cow::Owned(a))),
            }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn parse_encode_round_trip(command in command()) {
        // Some values make lines over the limit: those the encoder refuses.
        if let Ok(wire) = command.to_bytes() {
            prop_assert!(wire.ends_with(b"\r\n"));
            let line = &wire[..wire.len() - 2];
            prop_assert!(!line.contains(&b'\n') && !line.contains(&b'\r') && !line.contains(&0));
            let parsed = Command::parse(line).unwrap();
            prop_assert_eq!(&parsed, &command);
            prop_assert_eq!(parsed.into_owned(), command);
        }
    }

    #[test]
    fn no_panic_on_arbitrary_bytes(line in proptest::collection::vec(any::<u8>(), 0..300)) {
        if let Ok(command) = Command::parse(&line) {
            // Whatever parses encodes again to an equivalent line (up to case and trailing
            // spaces), which parses to the same command.
            if let Ok(wire) = command.to_bytes() {
                prop_assert_eq!(Command::parse(&wire[..wire.len() - 2]).unwrap(), command);
            }
        }
    }

    #[test]
    fn command_like_lines_never_panic(
        verb in proptest::sample::select(Verb::ALL.to_vec()),
        args in "[ -~\\t\\x80-\\xff]{0,40}",
    ) {
        let line = format!("{} {args}", verb.as_str().to_ascii_lowercase());
        let _ = Command::parse(line.as_bytes());
    }
}
