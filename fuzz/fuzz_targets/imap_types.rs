//! The IMAP core types: every parser survives arbitrary bytes, and every value that parses is
//! written back (under encoding options taken from the input) to bytes with no CR, LF or NUL
//! outside literals, which parse to the same value.
#![no_main]

use imap_proto::encode::{Encode, EncodeOptions, EncodedFragment, NonSyncLiterals, Writer};
use imap_proto::types::{
    AString, Atom, Date, DateTime, Flag, FlagPerm, IString, Literal, Literal8, Mailbox,
    MailboxEncoding, NString, Quoted, SequenceSet, Tag, decode_modified_utf7, encode_modified_utf7,
};
use libfuzzer_sys::fuzz_target;

fn write(value: &impl Encode, options: EncodeOptions) -> Vec<u8> {
    let mut w = Writer::new(options);
    w.value(value);
    for f in w.fragments() {
        if let EncodedFragment::Line { bytes, .. } = f {
            let body = bytes.strip_suffix(b"\r\n").unwrap_or(bytes);
            assert!(
                !body.iter().any(|&b| matches!(b, 0 | b'\r' | b'\n')),
                "CR, LF or NUL outside a literal: {bytes:?}"
            );
        }
    }
    let mut out = w.into_bytes();
    out.extend_from_slice(b"\r\n");
    out
}

macro_rules! check {
    ($ty:ty, $input:expr, $options:expr) => {
        if let Ok((value, _)) = <$ty>::parse($input) {
            let wire = write(&value, $options);
            let (again, rest) = <$ty>::parse(&wire).expect("written value parses");
            assert_eq!(rest, b"\r\n");
            assert_eq!(again, value);
        }
    };
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, input)) = data.split_first() else {
        return;
    };
    let options = EncodeOptions {
        non_sync_literals: match selector >> 6 {
            0 => NonSyncLiterals::Never,
            1 => NonSyncLiterals::Always,
            _ => NonSyncLiterals::UpTo4096,
        },
        utf8: selector & 0x20 != 0,
        max_quoted: usize::from(selector & 0x1f) * 4,
    };
    match selector % 16 {
        0 => check!(Tag<'_>, input, options),
        1 => check!(Atom<'_>, input, options),
        2 => check!(
            Quoted<'_>,
            input,
            EncodeOptions {
                utf8: true,
                ..options
            }
        ),
        3 => check!(Literal<'_>, input, options),
        4 => check!(Literal8<'_>, input, options),
        5 => check!(IString<'_>, input, options),
        6 => check!(AString<'_>, input, options),
        7 => check!(NString<'_>, input, options),
        8 => check!(SequenceSet, input, options),
        9 => check!(Mailbox<'_>, input, options),
        10 => check!(Flag<'_>, input, options),
        11 => check!(FlagPerm<'_>, input, options),
        12 => check!(Date, input, options),
        13 => check!(DateTime, input, options),
        14 => {
            if let Ok(text) = decode_modified_utf7(input) {
                assert_eq!(encode_modified_utf7(&text).as_bytes(), input);
            }
        }
        _ => {
            if let Ok(text) = std::str::from_utf8(input) {
                let wire = encode_modified_utf7(text);
                assert_eq!(decode_modified_utf7(wire.as_bytes()).unwrap(), text);
                if let Ok(m) = Mailbox::from_utf8(text, MailboxEncoding::ModifiedUtf7) {
                    let back = m.to_utf8(MailboxEncoding::ModifiedUtf7).unwrap();
                    assert!(m == Mailbox::Inbox || back == text);
                }
            }
        }
    }
});
