//! SMTP replies: the incremental parser never panics, gives the same result however the input
//! is cut, and every reply (and EHLO reply) that parses encodes to bytes that parse back to the
//! same value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smtp_proto::reply::{EhloReply, Parsed, Reply, ReplyOptions};

fuzz_target!(|data: &[u8]| {
    let Ok(parsed) = Reply::parse(data) else {
        return;
    };
    let Parsed::Complete {
        value: reply,
        consumed,
    } = parsed
    else {
        // Incomplete: every prefix is incomplete too.
        for cut in 0..data.len() {
            assert!(matches!(
                Reply::parse(&data[..cut]),
                Ok(Parsed::Incomplete) | Err(_)
            ));
        }
        return;
    };
    assert!(consumed <= data.len());
    // A prefix that ends before the reply is incomplete (or already an error).
    for cut in 0..consumed {
        assert!(
            !matches!(Reply::parse(&data[..cut]), Ok(Parsed::Complete { .. })),
            "complete at {cut} < {consumed}"
        );
    }
    // Lossy UTF-8 repair can make a line longer: read the encoding back without length limits.
    let unbounded = ReplyOptions::DEFAULT
        .with_max_line_length(usize::MAX)
        .with_max_lines(usize::MAX);
    let mut wire = Vec::new();
    if reply.encode_with_limit(&mut wire, usize::MAX).is_ok() {
        let again = Reply::parse_with(&wire, &unbounded).expect("an encoded reply parses");
        assert_eq!(
            again,
            Parsed::Complete {
                value: reply.clone(),
                consumed: wire.len()
            }
        );
    }
    if let Ok(ehlo) = EhloReply::from_reply(reply) {
        let mut bytes = Vec::new();
        if ehlo.encode_with_limit(&mut bytes, usize::MAX).is_ok() {
            let again =
                EhloReply::parse_with(&bytes, &unbounded).expect("an encoded EHLO reply parses");
            assert_eq!(again.complete().map(|(v, _)| v), Some(ehlo));
        }
    }
});
