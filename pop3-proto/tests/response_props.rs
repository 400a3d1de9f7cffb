//! Property tests of the response parsers: `parse(encode(x)) == x` for every status line,
//! listing, capability and continuation the encoders accept, and no panic on arbitrary bytes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::borrow::Cow;

use mail_sasl::Mechanism;
use pop3_proto::command::MessageNumber;
use pop3_proto::response::{
    Capability, Continuation, Expire, MaildropStat, ResponseCode, ScanListing, Status, StatusLine,
    Text, UniqueId, UniqueIdListing,
};
use proptest::prelude::*;

fn code() -> impl Strategy<Value = ResponseCode<'static>> {
    prop_oneof![
        Just(ResponseCode::InUse),
        Just(ResponseCode::LoginDelay),
        Just(ResponseCode::SysTemp),
        Just(ResponseCode::SysPerm),
        Just(ResponseCode::Auth),
        Just(ResponseCode::Utf8),
        "[A-Z][A-Z0-9-]{0,8}(/[A-Z0-9-]{1,8}){0,2}"
            .prop_map(|s| ResponseCode::new(s).unwrap().into_owned()),
    ]
}

/// Text octets: anything but CR, LF and NUL, not starting with a space.
fn text() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(
        any::<u8>().prop_filter("no CR LF NUL", |b| !matches!(b, b'\r' | b'\n' | 0)),
        0..60,
    )
    .prop_filter("no leading space", |t| t.first() != Some(&b' '))
}

fn status_line() -> impl Strategy<Value = StatusLine<'static>> {
    (any::<bool>(), proptest::option::of(code()), text())
        .prop_filter("no code-like text", |(_, code, text)| {
            code.is_some() || text.first() != Some(&b'[')
        })
        .prop_map(|(ok, code, text)| StatusLine {
            status: if ok { Status::Ok } else { Status::Err },
            code,
            text: Text::new(text).unwrap(),
        })
}

fn capability() -> impl Strategy<Value = Capability<'static>> {
    let mech = prop_oneof![
        Just(Mechanism::Plain),
        Just(Mechanism::Login),
        Just(Mechanism::CramMd5),
        Just(Mechanism::ScramSha256),
        Just(Mechanism::OAuthBearer),
        Just(Mechanism::XOAuth2),
        "[A-Z][A-Z0-9_-]{0,15}".prop_map(|s| s.parse::<Mechanism>().unwrap()),
    ];
    prop_oneof![
        Just(Capability::Top),
        Just(Capability::User),
        proptest::collection::vec(mech, 1..4).prop_map(Capability::Sasl),
        Just(Capability::RespCodes),
        (any::<u32>(), any::<bool>())
            .prop_map(|(seconds, per_user)| Capability::LoginDelay { seconds, per_user }),
        Just(Capability::Pipelining),
        (proptest::option::of(any::<u32>()), any::<bool>()).prop_map(|(d, per_user)| {
            Capability::Expire {
                policy: d.map_or(Expire::Never, Expire::Days),
                per_user,
            }
        }),
        Just(Capability::Uidl),
        text().prop_map(|t| Capability::Implementation(Text::new(t).unwrap())),
        Just(Capability::Stls),
        Just(Capability::AuthRespCode),
        any::<bool>().prop_map(|user| Capability::Utf8 { user }),
        Just(Capability::Lang),
        (
            "X-[A-Z0-9-]{1,10}",
            proptest::collection::vec("[!-~]{1,8}", 0..3)
        )
            .prop_map(|(name, params)| Capability::Other {
                name: Cow::Owned(name),
                parameters: params.into_iter().map(Cow::Owned).collect(),
            }),
    ]
}

fn strip_crlf(bytes: &[u8]) -> &[u8] {
    bytes.strip_suffix(b"\r\n").unwrap()
}

proptest! {
    #[test]
    fn status_lines_round_trip(line in status_line()) {
        let bytes = line.to_bytes().unwrap();
        prop_assert_eq!(StatusLine::parse(strip_crlf(&bytes)).unwrap(), line);
    }

    #[test]
    fn listings_round_trip(n in 1u32.., size in any::<u64>(), count in any::<u32>(), uid in "[!-~]{1,70}") {
        let message = MessageNumber::new(n).unwrap();
        let scan = ScanListing { message, size };
        let mut out = Vec::new();
        scan.encode(&mut out);
        prop_assert_eq!(ScanListing::parse(strip_crlf(&out)).unwrap(), scan);
        let status = scan.status_line();
        prop_assert_eq!(ScanListing::parse(status.text.as_bytes()).unwrap(), scan);

        let listing = UniqueIdListing { message, uid: UniqueId::new(uid).unwrap() };
        let mut out = Vec::new();
        listing.encode(&mut out);
        prop_assert_eq!(UniqueIdListing::parse(strip_crlf(&out)).unwrap(), listing.clone());
        let status = listing.status_line();
        prop_assert_eq!(UniqueIdListing::parse(status.text.as_bytes()).unwrap(), listing);

        let stat = MaildropStat { count, size };
        let line = stat.status_line();
        prop_assert_eq!(MaildropStat::parse(line.text.as_bytes()).unwrap(), stat);
    }

    #[test]
    fn capabilities_round_trip(cap in capability()) {
        let mut out = Vec::new();
        cap.encode(&mut out).unwrap();
        prop_assert_eq!(Capability::parse(strip_crlf(&out)).unwrap(), cap);
    }

    #[test]
    fn continuations_round_trip(data in proptest::collection::vec(any::<u8>(), 0..100)) {
        let c = Continuation::new(&data);
        let mut out = Vec::new();
        c.encode(&mut out);
        let parsed = Continuation::parse(strip_crlf(&out)).unwrap();
        prop_assert_eq!(parsed.decode().unwrap(), data);
        prop_assert_eq!(parsed, c);
    }

    #[test]
    fn no_panic_on_arbitrary_lines(line in proptest::collection::vec(any::<u8>(), 0..80)) {
        if let Ok(status) = StatusLine::parse(&line) {
            let _ = status.apop_timestamp();
            // What parses has no CR, LF or NUL and re-encodes (unless over-long or odd text).
            prop_assert!(!status.text.as_bytes().iter().any(|b| matches!(b, b'\r' | b'\n' | 0)));
        }
        let _ = MaildropStat::parse(&line);
        let _ = ScanListing::parse(&line);
        let _ = UniqueIdListing::parse(&line);
        if let Ok(cap) = Capability::parse(&line) {
            let _ = cap.into_owned();
        }
        if let Ok(c) = Continuation::parse(&line) {
            let _ = c.decode();
        }
    }

    #[test]
    fn no_panic_on_response_like_lines(
        head in prop_oneof![Just("+OK "), Just("-ERR "), Just("+ "), Just("1 "), Just("SASL ")],
        tail in "[\\[\\]<>@ a-zA-Z0-9/=+.-]{0,40}",
    ) {
        let line = format!("{head}{tail}");
        if let Ok(status) = StatusLine::parse(line.as_bytes())
            && let Some(ts) = status.apop_timestamp()
        {
            prop_assert!(ts.starts_with(b"<") && ts.ends_with(b">") && ts.contains(&b'@'));
        }
        let _ = ScanListing::parse(line.as_bytes());
        let _ = UniqueIdListing::parse(line.as_bytes());
        let _ = Capability::parse(line.as_bytes());
        let _ = Continuation::parse(line.as_bytes());
    }
}
