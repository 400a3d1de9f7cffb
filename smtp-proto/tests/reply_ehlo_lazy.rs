//! The capabilities of a parsed EHLO reply are kept as written and typed on demand
//! (`Capabilities::iter`, `get`, `auth_mechanisms`), with a bit set, the SIZE limit and the
//! count found while parsing. Every answer must be the one the eagerly typed list gives:
//! the list built with `Capability::from_line` and `Capabilities::push` from the same lines.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use proptest::prelude::*;
use smtp_proto::reply::{Capabilities, Capability, EhloReply, MechanismSet, Parsed, Reply};

/// Keywords asked about: every typed one, some untyped ones, and near misses.
const KEYWORDS: &[&str] = &[
    "SIZE",
    "PIPELINING",
    "8BITMIME",
    "SMTPUTF8",
    "STARTTLS",
    "AUTH",
    "DSN",
    "ENHANCEDSTATUSCODES",
    "CHUNKING",
    "BINARYMIME",
    "REQUIRETLS",
    "MT-PRIORITY",
    "DELIVERBY",
    "FUTURERELEASE",
    "ETRN",
    "VRFY",
    "HELP",
    "X-EXPS",
    "XCLIENT",
    "AUTH=LOGIN",
    "AUTH=",
    "AUTHX",
    "SIZ",
    "STARTTLSX",
];

const MECHANISMS: &[&str] = &[
    "PLAIN",
    "LOGIN",
    "CRAM-MD5",
    "XOAUTH2",
    "GSSAPI",
    "plain",
    "OAuthBearer",
    "SCRAM-SHA-256",
    "scram-sha-256-plus",
    "XOAUTH",
];

fn hash(c: &Capabilities<'_>) -> u64 {
    let mut h = DefaultHasher::new();
    c.hash(&mut h);
    h.finish()
}

/// A word in a random mix of upper and lower case.
fn any_case(word: &'static str) -> impl Strategy<Value = String> {
    proptest::collection::vec(any::<bool>(), word.len()).prop_map(move |upper| {
        word.chars()
            .zip(upper)
            .map(|(c, u)| {
                if u {
                    c.to_ascii_uppercase()
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect()
    })
}

/// A parameter: numbers (some too large, some zero), words, mechanisms, date-times.
fn param() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u64..100_000_000).prop_map(|n| n.to_string()),
        Just("0".to_owned()),
        Just("18446744073709551616".to_owned()),
        Just("4294967296".to_owned()),
        proptest::sample::select(MECHANISMS).prop_map(str::to_owned),
        "[!-~]{1,6}",
        Just("2026-11-29T00:00:00Z".to_owned()),
    ]
}

/// One `ehlo-line`, sometimes blank, sometimes with extra spaces.
fn line() -> impl Strategy<Value = String> {
    let keyword = prop_oneof![
        proptest::sample::select(KEYWORDS).prop_flat_map(any_case),
        any_case("AUTH=").prop_flat_map(|k| {
            proptest::sample::select(MECHANISMS).prop_map(move |m| format!("{k}{m}"))
        }),
        "[A-Za-z0-9][A-Za-z0-9-]{0,20}",
    ];
    prop_oneof![
        8 => (
            " {0,2}",
            keyword,
            proptest::collection::vec((" {1,2}", param()), 0..4),
            " {0,2}"
        )
            .prop_map(|(lead, k, params, trail)| {
                let mut line = format!("{lead}{k}");
                for (sp, p) in params {
                    line.push_str(&sp);
                    line.push_str(&p);
                }
                line + &trail
            }),
        1 => " {0,3}",
    ]
}

/// The lines and the reply on the wire.
fn ehlo_wire() -> impl Strategy<Value = (Vec<String>, Vec<u8>)> {
    proptest::collection::vec(line(), 0..20).prop_map(|lines| {
        let mut wire = Vec::new();
        let n = lines.len();
        wire.extend_from_slice(if n == 0 { b"250 " } else { b"250-" });
        wire.extend_from_slice(b"mx.example.com hello\r\n");
        for (i, l) in lines.iter().enumerate() {
            wire.extend_from_slice(if i + 1 == n { b"250 " } else { b"250-" });
            wire.extend_from_slice(l.as_bytes());
            wire.extend_from_slice(b"\r\n");
        }
        (lines, wire)
    })
}

/// Every lookup of `lazy` gives the answer `eager` gives.
fn same_answers(lazy: &Capabilities<'_>, eager: &Capabilities<'_>) {
    assert_eq!(lazy.to_vec(), eager.to_vec());
    assert_eq!(lazy.len(), eager.len());
    assert_eq!(lazy.is_empty(), eager.is_empty());
    assert_eq!(lazy.iter().count(), lazy.len());
    for k in KEYWORDS {
        for k in [k.to_string(), k.to_ascii_lowercase()] {
            assert_eq!(lazy.supports(&k), eager.supports(&k), "supports {k}");
            assert_eq!(lazy.get(&k), eager.get(&k), "get {k}");
        }
    }
    assert_eq!(lazy.size_limit(), eager.size_limit());
    assert_eq!(lazy.min_by_time(), eager.min_by_time());
    assert_eq!(lazy.priority_profile(), eager.priority_profile());
    // The accessors answer as `get` types the first line.
    assert_eq!(
        lazy.min_by_time(),
        match lazy.get("DELIVERBY") {
            Some(Capability::DeliverBy(by)) => by,
            _ => None,
        }
    );
    assert_eq!(
        lazy.priority_profile().map(str::to_owned),
        match lazy.get("MT-PRIORITY") {
            Some(Capability::MtPriority(p)) => p.map(|p| p.into_owned()),
            _ => None,
        }
    );
    assert_eq!(
        lazy.auth_mechanisms().collect::<Vec<_>>(),
        eager.auth_mechanisms().collect::<Vec<_>>()
    );
    for m in MECHANISMS {
        assert_eq!(lazy.supports_auth(m), eager.supports_auth(m), "{m}");
    }
    // The set noted while parsing is the set of the mechanisms read from the lines.
    assert_eq!(lazy.mechanism_set(), eager.mechanism_set());
    assert_eq!(
        lazy.mechanism_set(),
        lazy.auth_mechanisms().collect::<MechanismSet>()
    );
    assert_eq!(lazy, eager);
    assert_eq!(hash(lazy), hash(eager));
    assert_eq!(format!("{lazy:?}"), format!("{eager:?}"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn lazy_answers_are_the_eager_ones((lines, wire) in ehlo_wire()) {
        let Ok(Parsed::Complete { value: parsed, consumed }) = EhloReply::parse(&wire) else {
            panic!("not read: {:?}", String::from_utf8_lossy(&wire));
        };
        prop_assert_eq!(consumed, wire.len());
        let eager: Capabilities<'_> = lines.iter().filter_map(|l| Capability::from_line(l)).collect();
        same_answers(&parsed.capabilities, &eager);

        // The line-by-line reader (through `Reply`) keeps a typed list: the same answers.
        let Ok(Parsed::Complete { value: reply, .. }) = Reply::parse(&wire) else { panic!() };
        let slow = EhloReply::from_reply(reply).unwrap();
        same_answers(&slow.capabilities, &parsed.capabilities);
        prop_assert_eq!(&slow, &parsed);

        // Owned, the same; by value, the same list.
        let owned = parsed.clone().into_owned();
        same_answers(&owned.capabilities, &eager);
        prop_assert_eq!(owned.capabilities.clone().into_iter().collect::<Vec<_>>(), eager.to_vec());
        prop_assert_eq!(parsed.capabilities.clone().into_iter().collect::<Vec<_>>(), eager.to_vec());

        // Written and read again: the same capabilities.
        let mut rebuilt = EhloReply::new("mx.example.com");
        rebuilt.greeting = Some("hello".into());
        rebuilt.capabilities = eager.clone();
        match (parsed.to_bytes(), rebuilt.to_bytes()) {
            (Ok(a), Ok(b)) => {
                prop_assert_eq!(&a, &b);
                let Ok(Parsed::Complete { value: again, .. }) = EhloReply::parse(&a) else { panic!() };
                same_answers(&again.capabilities, &eager);
            }
            (Err(a), Err(b)) => prop_assert_eq!(a, b),
            (a, b) => panic!("{a:?} / {b:?}"),
        }

        // Adding to a parsed list works as adding to the typed one.
        for c in [Capability::Auth(vec!["EXTERNAL".into()]), Capability::Etrn] {
            let (mut lazy, mut typed) = (parsed.capabilities.clone(), eager.clone());
            lazy.push(c.clone());
            typed.push(c);
            same_answers(&lazy, &typed);
        }
        let mut owned = owned.capabilities;
        owned.push(Capability::Dsn);
        let mut typed = eager.clone();
        typed.push(Capability::Dsn);
        same_answers(&owned, &typed);
    }
}
