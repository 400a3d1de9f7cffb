//! IMAP FETCH response data: the `msg-att` parser survives arbitrary bytes (strictly or with
//! every quirk, chosen by the first byte); every list that parses is written back (under
//! encoding options taken from the first byte) and parses strictly to the same items.
#![no_main]

use imap_proto::encode::{EncodeOptions, NonSyncLiterals};
use imap_proto::response::Quirks;
use imap_proto::response::fetch::{encode_msg_atts, parse_msg_atts};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, input)) = data.split_first() else {
        return;
    };
    let quirks = if selector & 1 == 0 {
        Quirks::LENIENT
    } else {
        Quirks::STRICT
    };
    let options = EncodeOptions {
        non_sync_literals: match selector >> 6 {
            0 => NonSyncLiterals::Never,
            1 => NonSyncLiterals::Always,
            _ => NonSyncLiterals::UpTo4096,
        },
        utf8: selector & 0x20 != 0,
        max_quoted: usize::from(selector & 0x1e) * 4,
    };
    let Ok((items, _)) = parse_msg_atts(input, quirks) else {
        return;
    };
    let wire = encode_msg_atts(&items, options);
    let (again, rest) = parse_msg_atts(&wire, Quirks::STRICT).expect("written msg-att parses");
    assert!(rest.is_empty());
    assert_eq!(again, items);
});
