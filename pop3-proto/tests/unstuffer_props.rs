//! The un-stuffer of multi-line response bodies: the same body and the same end whatever the
//! split of the input, the inverse of dot-stuffing, and the smuggling-style inputs where a
//! bare CR or LF must not end the body.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use pop3_proto::body::Unstuffer;
use proptest::prelude::*;

/// Feeds `input` in the pieces `cuts` makes; returns the body and the offset after the end.
fn run(input: &[u8], cuts: &[usize]) -> (Vec<u8>, Option<usize>) {
    let mut points: Vec<usize> = cuts.iter().map(|c| c % (input.len() + 1)).collect();
    points.push(0);
    points.push(input.len());
    points.sort_unstable();
    points.dedup();
    let mut u = Unstuffer::new();
    let mut body = Vec::new();
    for pair in points.windows(2) {
        let mut rest = &input[pair[0]..pair[1]];
        let mut offset = pair[0];
        loop {
            let step = u.decode(rest);
            body.extend_from_slice(step.data);
            offset += step.consumed;
            rest = &rest[step.consumed..];
            if step.end {
                return (body, Some(offset));
            }
            if rest.is_empty() && step.data.is_empty() {
                break;
            }
        }
    }
    (body, None)
}

/// Dot-stuffs `lines` (each written with CRLF) and adds the end: what a server sends.
fn stuff(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut at_line_start = true;
    for (i, &b) in body.iter().enumerate() {
        if at_line_start && b == b'.' {
            out.push(b'.');
        }
        out.push(b);
        at_line_start = b == b'\n' && i > 0 && body[i - 1] == b'\r';
    }
    if !body.is_empty() && !body.ends_with(b"\r\n") {
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b".\r\n");
    out
}

/// RFC 1939 §3 one octet at a time: a line starts at the start and after CRLF; there `.` CRLF
/// ends the body and any other leading `.` is dropped. The body and the offset after the end.
fn model(input: &[u8]) -> (Vec<u8>, Option<usize>) {
    let mut body = Vec::new();
    let mut line_start = true;
    let mut i = 0;
    while i < input.len() {
        if line_start {
            line_start = false;
            if input[i..].starts_with(b".\r\n") {
                return (body, Some(i + 3));
            }
            if input[i] == b'.' {
                i += 1;
                continue;
            }
        }
        if input[i..].starts_with(b"\r\n") {
            body.extend_from_slice(b"\r\n");
            i += 2;
            line_start = true;
        } else {
            body.push(input[i]);
            i += 1;
        }
    }
    (body, None)
}

/// Long text (beyond one search window) with lines starting with `.` now and then, and CR, LF
/// and `.` octets put in anywhere.
fn long_text() -> impl Strategy<Value = Vec<u8>> {
    let lines = proptest::collection::vec((0usize..120, proptest::bool::weighted(0.15)), 1..120);
    let dirt = proptest::collection::vec(
        (
            any::<proptest::sample::Index>(),
            prop_oneof![
                Just(&b"\r"[..]),
                Just(&b"\n"[..]),
                Just(&b"\r\n."[..]),
                Just(&b"\r\n.\r\n"[..]),
            ],
        ),
        0..4,
    );
    (lines, dirt).prop_map(|(lines, dirt)| {
        let mut text = Vec::new();
        for (i, (len, dot)) in lines.iter().enumerate() {
            if *dot {
                text.push(b'.');
            }
            text.extend((0..*len).map(|j| b'a' + ((i + j) % 26) as u8));
            text.extend_from_slice(b"\r\n");
        }
        let mut places: Vec<(usize, &[u8])> = dirt
            .iter()
            .map(|(at, octets)| (at.index(text.len() + 1), *octets))
            .collect();
        places.sort_by_key(|p| std::cmp::Reverse(p.0));
        for (at, octets) in places {
            text.splice(at..at, octets.iter().copied());
        }
        // A clean last line before the end: dirt put at the very end (a CR or LF after the
        // last CRLF) would otherwise take the end of data away.
        text.extend_from_slice(b"\r\nend\r\n.\r\n+OK");
        text
    })
}

#[test]
fn smuggling_inputs_do_not_end_the_body() {
    // Each of these holds a "." line that is not preceded by CRLF: no end.
    for input in [
        &b"a\n.\n"[..],
        b"a\n.\r\n",
        b"a\r.\r\n",
        b"a\r\n.\n",
        b"a\r\n.\r",
        b"a\r\n.\r\r\n",
        b"a\r\n .\r\n",
        b"a\r\r\n\n.\r\r\n",
    ] {
        for size in 1..=input.len() {
            let cuts: Vec<usize> = (size..input.len()).step_by(size).collect();
            assert_eq!(run(input, &cuts).1, None, "{input:?} in pieces of {size}");
        }
    }
    // The end right after a bare-LF lookalike, and what follows stays for the next reply.
    let input = b"a\n.\r\nb\r\n.\r\n+OK next\r\n";
    let (body, end) = run(input, &[]);
    assert_eq!(body, b"a\n.\r\nb\r\n");
    assert_eq!(&input[end.unwrap()..], b"+OK next\r\n");
    // A dot-stuffed terminator is content.
    let (body, end) = run(b"..\r\n.\r\n", &[1, 2, 3]);
    assert_eq!((body, end), (b".\r\n".to_vec(), Some(7)));
    // 8-bit and NUL octets pass.
    let (body, _) = run(b"\xff\x00\x80\r\n.\r\n", &[2]);
    assert_eq!(body, b"\xff\x00\x80\r\n");
}

proptest! {
    #[test]
    fn any_split_gives_the_same_result(
        input in proptest::collection::vec(prop_oneof![Just(b'.'), Just(b'\r'), Just(b'\n'), Just(b'a'), any::<u8>()], 0..80),
        cuts in proptest::collection::vec(any::<usize>(), 0..10),
    ) {
        let whole = run(&input, &[]);
        prop_assert_eq!(&run(&input, &cuts), &whole);
        let every: Vec<usize> = (1..input.len()).collect();
        prop_assert_eq!(run(&input, &every), whole);
    }

    #[test]
    fn agrees_with_the_model(
        input in proptest::collection::vec(prop_oneof![Just(b'.'), Just(b'\r'), Just(b'\n'), Just(b'a'), any::<u8>()], 0..200),
        cuts in proptest::collection::vec(any::<usize>(), 0..10),
    ) {
        let (body, end) = model(&input);
        let got = run(&input, &cuts);
        if end.is_some() {
            prop_assert_eq!(got, (body, end));
        } else {
            // Unfinished: what came out is the model's body, but for a held-back CR.
            prop_assert_eq!(got.1, None);
            prop_assert!(body.starts_with(&got.0) && body.len() - got.0.len() <= 1);
        }
    }

    #[test]
    fn long_text_agrees_with_the_model(
        input in long_text(),
        cuts in proptest::collection::vec(any::<usize>(), 0..10),
    ) {
        let expected = model(&input);
        prop_assert!(expected.1.is_some());
        prop_assert_eq!(&run(&input, &[]), &expected);
        prop_assert_eq!(&run(&input, &cuts), &expected);
    }

    #[test]
    fn unstuffing_inverts_stuffing(
        lines in proptest::collection::vec(
            proptest::collection::vec(prop_oneof![Just(b'.'), Just(b'\r'), Just(b'\n'), Just(b'x'), any::<u8>()], 0..12),
            0..8,
        ),
        trailer in proptest::collection::vec(any::<u8>(), 0..10),
        cuts in proptest::collection::vec(any::<usize>(), 0..10),
    ) {
        let mut body = Vec::new();
        for line in &lines {
            body.extend_from_slice(line);
            body.extend_from_slice(b"\r\n");
        }
        let mut wire = stuff(&body);
        let end = wire.len();
        wire.extend_from_slice(&trailer);
        let (out, at) = run(&wire, &cuts);
        prop_assert_eq!(out, body);
        prop_assert_eq!(at, Some(end));
    }
}
