//! Property tests of `Message::parse`: no panic on any input, and the tree's offsets are always
//! consistent (every part inside its parent, fields inside their part, leaves disjoint).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::HashSet;

use mail_message::{Message, Part};
use proptest::prelude::*;

/// Lines that exercise the header and MIME code paths.
fn line() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(b"Content-Type: multipart/mixed; boundary=a".to_vec()),
        Just(b"Content-Type: multipart/alternative; boundary=\"b b\"".to_vec()),
        Just(b"Content-Type: multipart/digest; boundary=a".to_vec()),
        Just(b"Content-Type: message/rfc822".to_vec()),
        Just(b"Content-Type: multipart/mixed".to_vec()),
        Just(b"Content-Transfer-Encoding: base64".to_vec()),
        Just(b"--a".to_vec()),
        Just(b"--a--".to_vec()),
        Just(b"--b b".to_vec()),
        Just(b"--b b--".to_vec()),
        Just(b"".to_vec()),
        Just(b"Subject: hello".to_vec()),
        Just(b" continued".to_vec()),
        Just(b"From someone".to_vec()),
        Just(b"no colon here".to_vec()),
        Just(b"\r".to_vec()),
        proptest::collection::vec(any::<u8>(), 0..20),
    ]
}

fn mail_like() -> impl Strategy<Value = Vec<u8>> {
    (proptest::collection::vec(line(), 0..40), any::<bool>()).prop_map(|(lines, lf)| {
        let eol: &[u8] = if lf { b"\n" } else { b"\r\n" };
        let mut out = Vec::new();
        for l in lines {
            out.extend_from_slice(&l);
            out.extend_from_slice(eol);
        }
        out
    })
}

fn range_of(data: &[u8], sub: &[u8]) -> (usize, usize) {
    if sub.is_empty() {
        return (0, 0);
    }
    let start = sub.as_ptr() as usize - data.as_ptr() as usize;
    (start, start + sub.len())
}

fn check(data: &[u8]) {
    let Ok(m) = Message::parse(data) else { return };
    let mut leaf_sections = HashSet::new();
    let mut last_leaf_end = 0;
    for p in m.parts() {
        let (s, e) = range_of(data, p.raw());
        assert!(p.raw().is_empty() || (s == p.offset() && e <= data.len()));
        assert!(p.offset() <= p.body_offset());
        assert!(p.body_offset() + p.raw_body().len() <= data.len());
        for f in p.headers().iter() {
            assert!(f.offset() >= p.offset() && f.offset() + f.raw().len() <= p.body_offset());
            assert!(f.raw().starts_with(f.name().as_bytes()));
        }
        if let Some(parent) = p.parent() {
            assert!(p.offset() >= parent.body_offset());
            assert!(p.offset() + p.raw().len() <= parent.body_offset() + parent.raw_body().len());
            assert_eq!(p.depth(), parent.depth() + 1);
        }
        let children: Vec<Part<'_>> = p.children().collect();
        for w in children.windows(2) {
            assert!(w[0].offset() + w[0].raw().len() <= w[1].offset());
        }
        if p.is_leaf() {
            assert!(
                leaf_sections.insert(p.section()),
                "duplicate section {}",
                p.section()
            );
            if !p.raw_body().is_empty() {
                let (bs, be) = range_of(data, p.raw_body());
                assert!(bs >= last_leaf_end);
                last_leaf_end = be;
            }
        }
    }
    let owned = m.clone().into_owned();
    assert_eq!(owned.parts().count(), m.parts().count());
    assert_eq!(owned.defects(), m.defects());
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(data in proptest::collection::vec(any::<u8>(), 0..2048)) {
        check(&data);
    }

    #[test]
    fn mail_like_input_keeps_offsets_consistent(data in mail_like()) {
        check(&data);
    }
}
