//! The server's stuffer and the client's un-stuffer together: for any message octets,
//! `unstuff(stuff(x)) == normalise(x)` (bare LF made CRLF, a final line break added), whatever
//! the pieces each side is given, and the stuffed form never holds CRLF "." CRLF before its end.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use pop3_proto::body::{Stuffer, Unstuffer, message_size};
use proptest::prelude::*;

/// The CRLF form a server sends: every LF not after a CR becomes CRLF, and a message that
/// does not end in CRLF gets one (or just the LF after a final lone CR).
fn normalise(x: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(x.len() + 2);
    for (i, &b) in x.iter().enumerate() {
        if b == b'\n' && (i == 0 || x[i - 1] != b'\r') {
            out.push(b'\r');
        }
        out.push(b);
    }
    if out.ends_with(b"\r") {
        // A last line that ends in a lone CR gets the LF that completes it.
        out.push(b'\n');
    } else if !out.is_empty() && !out.ends_with(b"\r\n") {
        out.extend_from_slice(b"\r\n");
    }
    out
}

fn pieces<'a>(bytes: &'a [u8], cuts: &[usize]) -> Vec<&'a [u8]> {
    let mut points: Vec<usize> = cuts.iter().map(|c| c % (bytes.len() + 1)).collect();
    points.extend([0, bytes.len()]);
    points.sort_unstable();
    points.dedup();
    points.windows(2).map(|w| &bytes[w[0]..w[1]]).collect()
}

fn octets() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(
        prop_oneof![
            Just(b'.'),
            Just(b'\r'),
            Just(b'\n'),
            Just(b'x'),
            any::<u8>()
        ],
        0..120,
    )
}

proptest! {
    #[test]
    fn unstuff_of_stuff_is_the_normalised_message(
        x in octets(),
        stuff_cuts in proptest::collection::vec(any::<usize>(), 0..8),
        unstuff_cuts in proptest::collection::vec(any::<usize>(), 0..8),
    ) {
        let mut wire = Vec::new();
        let mut stuffer = Stuffer::new();
        for piece in pieces(&x, &stuff_cuts) {
            stuffer.push(piece, &mut wire);
        }
        stuffer.finish(&mut wire);
        let expected = normalise(&x);
        prop_assert_eq!(stuffer.size(), expected.len() as u64);
        prop_assert_eq!(message_size(&x), expected.len() as u64);
        // The end marker appears once, at the end (the body starts at a line start).
        let marker_at = (0..wire.len().saturating_sub(2))
            .find(|&i| (i == 0 || wire[..i].ends_with(b"\r\n")) && wire[i..].starts_with(b".\r\n"));
        prop_assert_eq!(marker_at, Some(wire.len() - 3));

        // What follows the end stays for the next response.
        wire.extend_from_slice(b"+OK next\r\n");
        let mut body = Vec::new();
        let mut unstuffer = Unstuffer::new();
        let mut consumed_total = 0;
        let mut ended = false;
        'outer: for piece in pieces(&wire, &unstuff_cuts) {
            let mut rest = piece;
            loop {
                let step = unstuffer.decode(rest);
                body.extend_from_slice(step.data);
                consumed_total += step.consumed;
                rest = &rest[step.consumed..];
                if step.end {
                    ended = true;
                    break 'outer;
                }
                if rest.is_empty() && step.data.is_empty() {
                    break;
                }
            }
        }
        prop_assert!(ended);
        prop_assert_eq!(&wire[consumed_total..], b"+OK next\r\n");
        prop_assert_eq!(body, expected);
    }
}
