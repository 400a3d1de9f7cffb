//! Properties of the body stuffer: the same output however the message is cut, no CRLF.CRLF
//! before the end, the size it counts is `message_size`, and stuffing is undone by removing
//! one leading period per line.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use pop3_proto::body::{Stuffer, message_size};
use proptest::prelude::*;

/// Messages made of the pieces that matter: periods, CR, LF, 8-bit octets, text.
fn message() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(
        prop_oneof![
            Just(b".".to_vec()),
            Just(b"\r\n".to_vec()),
            Just(b"\n".to_vec()),
            Just(b"\r".to_vec()),
            Just(b"\r\n.\r\n".to_vec()),
            Just(b"\xc3\xa9".to_vec()),
            Just(b"Subject: x".to_vec()),
            proptest::collection::vec(any::<u8>(), 0..8),
        ],
        0..40,
    )
    .prop_map(|p| p.concat())
}

fn stuff(pieces: &[&[u8]], top: Option<u32>) -> (Vec<u8>, u64) {
    let mut s = top.map_or_else(Stuffer::new, Stuffer::top);
    let mut out = Vec::new();
    for p in pieces {
        s.push(p, &mut out);
    }
    s.finish(&mut out);
    (out, s.size())
}

fn cut(input: &[u8], cuts: &[usize]) -> Vec<Vec<u8>> {
    let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (input.len() + 1)).collect();
    cuts.sort_unstable();
    let mut out = Vec::new();
    let mut last = 0;
    for c in cuts {
        out.push(input[last..c].to_vec());
        last = c;
    }
    out.push(input[last..].to_vec());
    out
}

/// The message as a server must send it: LF → CRLF, a final CRLF added.
fn normalise(message: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, &b) in message.iter().enumerate() {
        if b == b'\n' && (i == 0 || message[i - 1] != b'\r') {
            out.push(b'\r');
        }
        out.push(b);
    }
    match out.last() {
        None | Some(b'\n') => {}
        Some(b'\r') => out.push(b'\n'),
        Some(_) => out.extend_from_slice(b"\r\n"),
    }
    out
}

/// Removes the terminator and one leading period from each line.
fn unstuff(stuffed: &[u8]) -> Vec<u8> {
    assert!(stuffed.ends_with(b".\r\n"));
    let body = &stuffed[..stuffed.len() - 3];
    let mut out = Vec::new();
    for line in body.split_inclusive(|&b| b == b'\n') {
        out.extend_from_slice(line.strip_prefix(b".").unwrap_or(line));
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn any_split_gives_the_same_output(
        message in message(),
        cuts in proptest::collection::vec(any::<usize>(), 0..8),
        top in proptest::option::of(0u32..4),
    ) {
        let whole = stuff(&[&message], top);
        let pieces = cut(&message, &cuts);
        let refs: Vec<&[u8]> = pieces.iter().map(Vec::as_slice).collect();
        prop_assert_eq!(&stuff(&refs, top), &whole);
        // One octet at a time.
        let bytes: Vec<&[u8]> = message.chunks(1).collect();
        prop_assert_eq!(stuff(&bytes, top), whole);
    }

    #[test]
    fn ends_only_at_the_end(message in message(), top in proptest::option::of(0u32..4)) {
        let (out, _) = stuff(&[&message], top);
        prop_assert!(out.ends_with(b".\r\n"));
        let framed = [b"\r\n".as_slice(), &out].concat();
        let first_end = framed
            .windows(5)
            .position(|w| w == b"\r\n.\r\n")
            .expect("terminator");
        prop_assert_eq!(first_end + 5, framed.len());
        // Every LF is part of a CRLF.
        for (i, &b) in out.iter().enumerate() {
            if b == b'\n' {
                prop_assert!(i > 0 && out[i - 1] == b'\r');
            }
        }
    }

    #[test]
    fn whole_message_round_trips_and_is_counted(message in message()) {
        let (out, size) = stuff(&[&message], None);
        let normal = normalise(&message);
        prop_assert_eq!(&unstuff(&out), &normal);
        prop_assert_eq!(size, normal.len() as u64);
        prop_assert_eq!(message_size(&message), normal.len() as u64);
    }

    #[test]
    fn top_is_a_prefix_of_the_whole(message in message(), lines in 0u32..5) {
        let (whole, _) = stuff(&[&message], None);
        let (top, _) = stuff(&[&message], Some(lines));
        let body = &top[..top.len() - 3];
        prop_assert!(whole.starts_with(body));
    }
}
