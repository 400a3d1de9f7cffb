//! Properties of the core types: `parse(encode(x)) == x` for arbitrary values under every
//! encoding choice, encoders never put a CR, LF or NUL outside a literal, and no parser panics
//! on arbitrary bytes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::num::NonZeroU32;

use imap_proto::encode::{Encode, EncodeOptions, EncodedFragment, NonSyncLiterals, Writer};
use imap_proto::types::{
    AString, Atom, Date, DateTime, Flag, FlagExtension, FlagPerm, IString, Literal, Literal8,
    LiteralMode, Mailbox, MailboxEncoding, NString, Quoted, SeqNumber, Sequence, SequenceSet, Tag,
    decode_modified_utf7, encode_modified_utf7,
};
use proptest::prelude::*;

fn options() -> impl Strategy<Value = EncodeOptions> {
    (
        prop_oneof![
            Just(NonSyncLiterals::Never),
            Just(NonSyncLiterals::Always),
            Just(NonSyncLiterals::UpTo4096)
        ],
        any::<bool>(),
        0usize..40,
    )
        .prop_map(|(non_sync_literals, utf8, max_quoted)| EncodeOptions {
            non_sync_literals,
            utf8,
            max_quoted,
        })
}

/// Octets without NUL, weighted towards the bytes that change the form.
fn octets() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(
        prop_oneof![
            3 => b'a'..=b'z',
            1 => prop_oneof![Just(b' '), Just(b'"'), Just(b'\\'), Just(b']'), Just(b'{'), Just(b'\r'), Just(b'\n'), Just(b'*'), Just(b'%')],
            1 => 1u8..=255,
        ],
        0..30,
    )
    .prop_map(|mut v| {
        if v.len() % 3 == 0 {
            v.extend_from_slice("é台".as_bytes());
        }
        v
    })
}

fn atom() -> impl Strategy<Value = Atom<'static>> {
    "[!#$&'+-~&&[^%*\"\\\\\\]{()]]{1,12}".prop_map(|s| Atom::new(s).unwrap())
}

fn seq_number() -> impl Strategy<Value = SeqNumber> {
    prop_oneof![
        1 => Just(SeqNumber::Largest),
        4 => (1..=u32::MAX).prop_map(|n| SeqNumber::Value(NonZeroU32::new(n).unwrap())),
    ]
}

fn sequence_set() -> impl Strategy<Value = SequenceSet> {
    prop_oneof![
        1 => Just(SequenceSet::last_command()),
        8 => proptest::collection::vec(
            prop_oneof![
                seq_number().prop_map(Sequence::Single),
                (seq_number(), seq_number()).prop_map(|(a, b)| Sequence::Range(a, b)),
            ],
            1..6
        )
        .prop_map(|items| SequenceSet::new(items).unwrap()),
    ]
}

fn flag() -> impl Strategy<Value = Flag<'static>> {
    prop_oneof![
        Just(Flag::Answered),
        Just(Flag::Flagged),
        Just(Flag::Deleted),
        Just(Flag::Seen),
        Just(Flag::Draft),
        Just(Flag::Recent),
        atom().prop_map(Flag::Keyword),
        atom().prop_filter_map("not a system flag", |a| FlagExtension::new(a)
            .ok()
            .map(Flag::Extension)),
    ]
}

fn date() -> impl Strategy<Value = Date> {
    (0u16..=9999, 1u8..=12, 1u8..=31)
        .prop_filter_map("a real day", |(y, m, d)| Date::new(y, m, d).ok())
}

fn date_time() -> impl Strategy<Value = DateTime> {
    (date(), 0u8..24, 0u8..60, 0u8..=60, -5999i16..=5999)
        .prop_map(|(d, h, m, s, z)| DateTime::new(d, h, m, s, z).unwrap())
}

/// Writes `value` with `options`, checks the bytes outside literals, appends CRLF.
fn wire(value: &impl Encode, options: EncodeOptions) -> Vec<u8> {
    let mut w = Writer::new(options);
    w.value(value);
    for f in w.fragments() {
        if let EncodedFragment::Line { bytes, .. } = f {
            // Only a literal's announcement ends in CRLF; no NUL, no other CR or LF.
            let body = bytes.strip_suffix(b"\r\n").unwrap_or(bytes);
            assert!(
                !body.iter().any(|&b| matches!(b, 0 | b'\r' | b'\n')),
                "{bytes:?}"
            );
            if !options.utf8 {
                assert!(body.is_ascii(), "8-bit outside a literal: {bytes:?}");
            }
        }
    }
    let mut out = w.into_bytes();
    out.extend_from_slice(b"\r\n");
    out
}

macro_rules! assert_round_trip {
    ($ty:ty, $value:expr, $options:expr) => {{
        let value = $value;
        let bytes = wire(&value, $options);
        let (again, rest) = <$ty>::parse(&bytes).unwrap();
        prop_assert_eq!(rest, &b"\r\n"[..]);
        prop_assert_eq!(&again, &value);
    }};
    ($ty:ty, $value:expr, $options:expr, borrowed) => {{
        let value = $value;
        let bytes = wire(&value, $options);
        let (again, rest) = <$ty>::parse(&bytes).unwrap();
        prop_assert_eq!(rest, &b"\r\n"[..]);
        prop_assert_eq!(&again, &value);
        prop_assert_eq!(again.into_owned(), value);
    }};
}

proptest! {
    #[test]
    fn astring_round_trip(v in octets(), o in options()) {
        assert_round_trip!(AString<'_>, AString::new(v).unwrap(), o, borrowed);
    }

    #[test]
    fn istring_and_nstring_round_trip(v in proptest::option::of(octets()), o in options()) {
        let n = NString(v.map(|v| IString::new(v).unwrap()));
        if let Some(s) = &n.0 {
            assert_round_trip!(IString<'_>, s.clone(), o, borrowed);
        }
        assert_round_trip!(NString<'_>, n, o, borrowed);
    }

    #[test]
    fn quoted_and_literals_round_trip(v in octets(), nul in any::<bool>(), sync in any::<bool>(), o in options()) {
        let mode = if sync { LiteralMode::Sync } else { LiteralMode::NonSync };
        if let Ok(text) = String::from_utf8(v.clone()) && let Ok(q) = Quoted::new(text) {
            let bytes = wire(&q, EncodeOptions { utf8: true, ..o });
            let (again, rest) = Quoted::parse(&bytes).unwrap();
            prop_assert_eq!((again, rest), (q, &b"\r\n"[..]));
        }
        assert_round_trip!(Literal<'_>, Literal::new(v.clone(), mode).unwrap(), o, borrowed);
        let mut b = v;
        if nul { b.push(0); }
        let l8 = Literal8::new(b, mode);
        let bytes = l8.to_wire();
        prop_assert_eq!(Literal8::parse(&bytes).unwrap(), (l8, &b""[..]));
    }

    #[test]
    fn atom_tag_round_trip(a in atom(), o in options()) {
        if let Ok(tag) = Tag::new(a.as_str().to_owned()) {
            assert_round_trip!(Tag<'_>, tag, o, borrowed);
        }
        assert_round_trip!(Atom<'_>, a, o, borrowed);
    }

    #[test]
    fn sequence_set_round_trip(s in sequence_set(), o in options(), largest in 1u32..200) {
        let largest = NonZeroU32::new(largest).unwrap();
        // Iteration is bounded, ascending, and agrees with `contains`.
        let numbers: Vec<u32> = s.iter(largest).collect();
        prop_assert!(numbers.len() <= largest.get() as usize);
        prop_assert!(numbers.windows(2).all(|w| w[0] < w[1]));
        for n in 1..=largest.get() {
            prop_assert_eq!(numbers.contains(&n), s.contains(n, largest));
        }
        if !s.is_last_command() && !numbers.is_empty() {
            let compact = SequenceSet::from_numbers(numbers.iter().map(|&n| NonZeroU32::new(n).unwrap())).unwrap();
            prop_assert_eq!(compact.iter(largest).collect::<Vec<_>>(), numbers);
        }
        assert_round_trip!(SequenceSet, s, o);
    }

    #[test]
    fn mailbox_round_trip(name in "\\PC{0,12}", raw in any::<bool>(), o in options()) {
        let encoding = if raw { MailboxEncoding::Utf8 } else { MailboxEncoding::ModifiedUtf7 };
        if let Ok(m) = Mailbox::from_utf8(&name, encoding) {
            let back = m.to_utf8(encoding).unwrap();
            if name.eq_ignore_ascii_case("INBOX") {
                prop_assert_eq!(&m, &Mailbox::Inbox);
            } else {
                prop_assert_eq!(back.as_ref(), name.as_str());
            }
            assert_round_trip!(Mailbox<'_>, m, o, borrowed);
        }
    }

    #[test]
    fn modified_utf7_round_trip(name in "\\PC{0,16}") {
        let wire = encode_modified_utf7(&name);
        prop_assert!(wire.bytes().all(|b| (0x20..=0x7e).contains(&b)));
        prop_assert_eq!(decode_modified_utf7(wire.as_bytes()).unwrap(), name.as_str());
    }

    #[test]
    fn flag_round_trip(f in flag(), o in options()) {
        assert_round_trip!(FlagPerm<'_>, FlagPerm::Flag(f.clone()), o, borrowed);
        assert_round_trip!(Flag<'_>, f, o, borrowed);
    }

    #[test]
    fn dates_round_trip(d in date(), t in date_time(), o in options()) {
        assert_round_trip!(Date, d, o);
        assert_round_trip!(DateTime, t, o);
    }

    #[test]
    fn no_panic_on_arbitrary_bytes(input in proptest::collection::vec(any::<u8>(), 0..64)) {
        let _ = Tag::parse(&input);
        let _ = Atom::parse(&input);
        let _ = Quoted::parse(&input);
        let _ = Literal::parse(&input);
        let _ = Literal8::parse(&input);
        let _ = IString::parse(&input);
        let _ = NString::parse(&input);
        let _ = SequenceSet::parse(&input);
        let _ = Flag::parse(&input);
        let _ = FlagPerm::parse(&input);
        let _ = Date::parse(&input);
        let _ = DateTime::parse(&input);
        let _ = decode_modified_utf7(&input);
        // A value that parses writes back to something that parses to it.
        if let Ok((a, _)) = AString::parse(&input) {
            let again = wire(&a, EncodeOptions::default());
            prop_assert_eq!(AString::parse(&again).unwrap().0, a);
        }
        if let Ok((m, _)) = Mailbox::parse(&input) {
            let _ = m.to_utf8(MailboxEncoding::ModifiedUtf7);
            let again = wire(&m, EncodeOptions::default());
            prop_assert_eq!(Mailbox::parse(&again).unwrap().0, m);
        }
    }

    #[test]
    fn incomplete_means_a_prefix(v in octets(), o in options(), cut in any::<prop::sample::Index>()) {
        // Any proper prefix of a written value is Incomplete, never Invalid and never a
        // different value (an unquoted atom's prefix is itself Incomplete: it may go on).
        let bytes = wire(&AString::new(v).unwrap(), o);
        let body = &bytes[..bytes.len() - 2];
        let prefix = &body[..cut.index(body.len().max(1)).min(body.len())];
        if prefix.len() < body.len() {
            let r = AString::parse(prefix);
            prop_assert!(matches!(r, Err(e) if e.is_incomplete()), "{:?}", r);
        }
    }
}
