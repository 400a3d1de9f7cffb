//! Properties of the reply codec: `parse(encode(x)) == x` for replies and EHLO replies; the same
//! result however the bytes are cut; no panic on arbitrary bytes; a parsed value that encodes
//! reads back the same.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::borrow::Cow;

use proptest::prelude::*;
use smtp_proto::line::LineEndings;
use smtp_proto::reply::{
    Capabilities, Capability, EhloError, EhloReply, EnhancedStatusCode, Parsed, Reply, ReplyCode,
    ReplyOptions, StatusClass,
};

fn code() -> impl Strategy<Value = ReplyCode> {
    (2u16..=5, 0u16..=5, 0u16..=9)
        .prop_map(|(a, b, c)| ReplyCode::new(a * 100 + b * 10 + c).unwrap())
}

fn enhanced() -> impl Strategy<Value = EnhancedStatusCode> {
    (
        prop_oneof![
            Just(StatusClass::Success),
            Just(StatusClass::PersistentTransientFailure),
            Just(StatusClass::PermanentFailure)
        ],
        prop_oneof![0u16..=9, 0u16..=999],
        prop_oneof![0u16..=12, 0u16..=999],
    )
        .prop_map(|(c, s, d)| EnhancedStatusCode::new(c, s, d).unwrap())
}

/// Reply text: printable ASCII, HT, some UTF-8, sometimes led by a status code.
fn text() -> impl Strategy<Value = String> {
    let plain = "[\t -~\u{e9}\u{20ac}\u{1f600}]{0,40}";
    prop_oneof![
        3 => plain,
        1 => (enhanced(), plain).prop_map(|(e, t)| format!("{e} {t}")),
        1 => enhanced().prop_map(|e| e.to_string()),
        1 => (enhanced(), "[ 0-9.]{0,6}").prop_map(|(e, t)| format!("{e}{t}")),
    ]
}

fn reply() -> impl Strategy<Value = Reply<'static>> {
    (
        code(),
        proptest::option::of(enhanced()),
        proptest::collection::vec(text(), 0..6),
        any::<bool>(),
    )
        .prop_map(|(code, enhanced, lines, same_code_everywhere)| {
            match (enhanced, same_code_everywhere) {
                (Some(e), true) => {
                    // Every line led by the same code: the constructor takes it out.
                    Reply::multiline(code, lines.into_iter().map(|l| format!("{e} {l}")))
                }
                (Some(e), false) => Reply::multiline_with_enhanced(code, e, lines),
                (None, _) => Reply::multiline(code, lines),
            }
        })
}

fn param() -> impl Strategy<Value = Cow<'static, str>> {
    "[!-~]{1,12}".prop_map(Cow::Owned)
}

fn capability() -> impl Strategy<Value = Capability<'static>> {
    prop_oneof![
        proptest::option::of(any::<u64>()).prop_map(Capability::Size),
        Just(Capability::Pipelining),
        Just(Capability::EightBitMime),
        Just(Capability::SmtpUtf8),
        Just(Capability::StartTls),
        proptest::collection::vec("[A-Za-z0-9_-]{1,20}".prop_map(Cow::Owned), 0..5)
            .prop_map(Capability::Auth),
        Just(Capability::Dsn),
        Just(Capability::EnhancedStatusCodes),
        Just(Capability::Chunking),
        Just(Capability::BinaryMime),
        Just(Capability::RequireTls),
        proptest::option::of(param()).prop_map(Capability::MtPriority),
        proptest::option::of(any::<u32>()).prop_map(Capability::DeliverBy),
        (any::<u64>(), param()).prop_map(|(max_interval, max_datetime)| {
            Capability::FutureRelease {
                max_interval,
                max_datetime,
            }
        }),
        Just(Capability::Etrn),
        (
            prop_oneof![
                3 => "[!-~]{1,15}",
                1 => "(SIZE|size|Auth|auth=[A-Za-z]{0,5}|AUTH=|Mt-Priority|DELIVERBY|FutureRelease|dsn)"
            ],
            proptest::collection::vec(param(), 0..4)
        )
            .prop_map(|(keyword, params)| Capability::Other {
                keyword: Cow::Owned(keyword),
                params,
            }),
    ]
}

fn ehlo() -> impl Strategy<Value = EhloReply<'static>> {
    (
        prop_oneof![
            "[a-z0-9][a-z0-9.-]{0,30}",
            "\\[[0-9.]{7,15}\\]",
            "[!-~]{1,20}"
        ],
        proptest::option::of("[\t -~\u{e9}]{0,40}"),
        proptest::collection::vec(capability(), 0..12),
    )
        .prop_map(|(domain, greeting, capabilities)| EhloReply {
            domain: Cow::Owned(domain),
            greeting: greeting
                .map(|g| g.trim_end_matches([' ', '\t']).to_owned())
                .filter(|g| !g.is_empty())
                .map(Cow::Owned),
            capabilities: capabilities.into_iter().collect::<Capabilities<'_>>(),
        })
}

/// Byte soup made of the pieces replies are made of.
fn soup() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(&b"250"[..]),
        Just(&b"250-"[..]),
        Just(&b"250 "[..]),
        Just(&b"251-"[..]),
        Just(&b"199 "[..]),
        Just(&b"\r\n"[..]),
        Just(&b"\n"[..]),
        Just(&b"\r"[..]),
        Just(&b" "[..]),
        Just(&b"2.0.0 "[..]),
        Just(&b"5.1.1"[..]),
        Just(&b"AUTH=LOGIN"[..]),
        Just(&b"SIZE 10"[..]),
        Just(&b"ok"[..]),
        Just(&b"\0"[..]),
        Just(&b"\xff\xc3"[..]),
    ];
    prop_oneof![
        proptest::collection::vec(piece, 0..30).prop_map(|v| v.concat()),
        proptest::collection::vec(any::<u8>(), 0..64),
    ]
}

fn options() -> impl Strategy<Value = ReplyOptions> {
    (
        prop_oneof![Just(512usize), 4usize..40],
        prop_oneof![Just(100usize), 0usize..4],
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(max_line_length, max_lines, strict, reject)| {
            ReplyOptions::default()
                .with_max_line_length(max_line_length)
                .with_max_lines(max_lines)
                .with_line_endings(if strict {
                    LineEndings::Strict
                } else {
                    LineEndings::AcceptBareLf
                })
                .with_reject_invalid_utf8(reject)
        })
}

proptest! {
    #[test]
    fn reply_round_trip(r in reply()) {
        let bytes = r.to_bytes().unwrap();
        prop_assert_eq!(
            Reply::parse(&bytes).unwrap(),
            Parsed::Complete { value: r.clone(), consumed: bytes.len() }
        );
        // Both CRLF-only and bare-LF framing read the same (the encoder writes CRLF).
        let strict = ReplyOptions::DEFAULT.with_line_endings(LineEndings::Strict);
        prop_assert_eq!(
            Reply::parse_with(&bytes, &strict).unwrap(),
            Parsed::Complete { value: r, consumed: bytes.len() }
        );
    }

    #[test]
    fn reply_cut_anywhere(r1 in reply(), r2 in reply()) {
        let mut bytes = r1.to_bytes().unwrap();
        let len1 = bytes.len();
        r2.encode(&mut bytes).unwrap();
        for cut in 0..=bytes.len() {
            let got = Reply::parse(&bytes[..cut]).unwrap();
            if cut < len1 {
                prop_assert_eq!(got, Parsed::Incomplete);
            } else {
                prop_assert_eq!(got, Parsed::Complete { value: r1.clone(), consumed: len1 });
            }
        }
        prop_assert_eq!(
            Reply::parse(&bytes[len1..]).unwrap(),
            Parsed::Complete { value: r2, consumed: bytes.len() - len1 }
        );
    }

    #[test]
    fn ehlo_round_trip(e in ehlo()) {
        let bytes = e.to_bytes().unwrap();
        let reply = Reply::parse(&bytes).unwrap().complete().unwrap().0;
        prop_assert_eq!(EhloReply::from_reply(reply).unwrap(), e.clone());
        prop_assert_eq!(
            EhloReply::parse(&bytes).unwrap(),
            Parsed::Complete { value: e, consumed: bytes.len() }
        );
    }

    #[test]
    fn arbitrary_bytes(input in soup(), options in options()) {
        let full = Reply::parse_with(&input, &options);
        // The direct EHLO parser agrees with reading a Reply first.
        let expected = match full.clone() {
            Err(e) => Err(EhloError::Reply(e)),
            Ok(Parsed::Incomplete) => Ok(Parsed::Incomplete),
            Ok(Parsed::Complete { value, consumed }) => match EhloReply::from_reply(value) {
                Ok(value) => Ok(Parsed::Complete { value, consumed }),
                Err(reply) => Err(EhloError::NotAccepted { code: reply.code }),
            },
        };
        prop_assert_eq!(EhloReply::parse_with(&input, &options), expected);
        // Every prefix gives Incomplete or the very result of the whole input.
        for cut in 0..input.len() {
            let part = Reply::parse_with(&input[..cut], &options);
            match &full {
                Ok(Parsed::Complete { consumed, .. }) if cut >= *consumed => {
                    prop_assert_eq!(&part, &full);
                }
                _ => prop_assert!(part == Ok(Parsed::Incomplete) || part == full, "{:?} vs {:?}", part, full),
            }
        }
        if let Err(e) = &full {
            prop_assert!(e.offset() <= input.len());
        }
        if let Ok(Parsed::Complete { value, consumed }) = full {
            prop_assert!(consumed <= input.len() && consumed > 0);
            prop_assert!(!value.lines.is_empty());
            // Borrowed from the input unless bad UTF-8 had to be replaced.
            if std::str::from_utf8(&input[..consumed]).is_ok() {
                prop_assert!(value.lines.iter().all(|l| matches!(l, Cow::Borrowed(_))));
            }
            // What parses and encodes reads back the same.
            if let Ok(bytes) = value.to_bytes() {
                prop_assert_eq!(
                    Reply::parse(&bytes).unwrap(),
                    Parsed::Complete { value: value.clone(), consumed: bytes.len() }
                );
            }
            if let Ok(e) = EhloReply::from_reply(value)
                && let Ok(bytes) = e.to_bytes()
            {
                prop_assert_eq!(
                    EhloReply::parse(&bytes).unwrap(),
                    Parsed::Complete { value: e, consumed: bytes.len() }
                );
            }
        }
    }

    #[test]
    fn text_with_controls_is_refused(prefix in "[ -~]{0,10}", byte in prop_oneof![0u8..0x09, 0x0au8..0x20, Just(0x7f)], suffix in "[ -~]{0,10}") {
        let text = format!("{prefix}{}{suffix}", char::from(byte));
        let mut out = Vec::new();
        prop_assert!(Reply::new(ReplyCode::OK, text.clone()).encode(&mut out).is_err());
        prop_assert!(Reply::multiline(ReplyCode::OK, ["ok".to_owned(), text]).encode(&mut out).is_err());
        prop_assert!(out.is_empty());
    }
}
