//! The server side of the IMAP session transcripts (`examples/transcripts/imap/*.txt`, the
//! RFCs' notation): the stream is cut into messages by the framing stage as a client would,
//! and every message parses as a response (a greeting first, written back to its bytes,
//! where the session starts with one) and is written back to bytes
//! that parse to the same response. FETCH responses with items other than UID, FLAGS and
//! RFC822.SIZE are the FETCH tests' (counted, not parsed here); the `malformed-*` sessions'
//! broken responses must fail.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::Path;

use imap_proto::encode::Encode;
use imap_proto::frame::{Direction, Framer};
use imap_proto::response::{Greeting, Quirks, Response};

/// The server's octets of a transcript.
fn server_stream(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for line in text.split_inclusive(|&b| b == b'\n') {
        if let Some(body) = line.strip_prefix(b"S: ") {
            out.extend_from_slice(body);
        } else if let Some(body) = line.strip_prefix(b"S| ") {
            out.extend_from_slice(body.strip_suffix(b"\n").unwrap_or(body));
        }
    }
    out
}

/// The messages of a server stream, cut by the framer.
fn messages(stream: &[u8]) -> Vec<Vec<u8>> {
    let mut framer = Framer::new(Direction::Responses);
    let (mut at, mut current, mut out) = (0, Vec::new(), Vec::new());
    while let Ok(Some(frame)) = framer.next(&stream[at..]) {
        current.extend_from_slice(&stream[at..at + frame.consumed]);
        at += frame.consumed;
        if frame.message_end {
            out.push(std::mem::take(&mut current));
        }
    }
    out
}

#[test]
fn transcripts() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/transcripts/imap");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(files.len() >= 20, "{}", files.len());
    let (mut parsed, mut fetch_left) = (0, 0);
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let stream = server_stream(&std::fs::read(path).unwrap());
        for (i, message) in messages(&stream).iter().enumerate() {
            let show = String::from_utf8_lossy(message);
            // A session recorded from its start begins with a greeting (the RFCs' examples
            // often start later).
            let status = [&b"* OK "[..], b"* PREAUTH ", b"* BYE "];
            if i == 0 && status.iter().any(|s| message.starts_with(s)) {
                let (g, _) = Greeting::parse(message)
                    .unwrap_or_else(|e| panic!("{name}: greeting {show:?}: {e}"));
                assert_eq!(g.to_wire(), *message, "{name}");
            }
            match Response::parse_with(message, Quirks::default()) {
                Ok((r, rest)) => {
                    assert!(rest.is_empty(), "{name}: {show:?}");
                    let again = r.to_wire();
                    let (back, _) = Response::parse_with(&again, Quirks::STRICT).unwrap();
                    assert_eq!(back, r, "{name}: {show:?}");
                    parsed += 1;
                }
                Err(e) => {
                    println!("{name}: {show:?}: {e}");
                    if show.contains(" FETCH (") {
                        fetch_left += 1;
                    } else {
                        assert!(name.starts_with("malformed"), "{name}: {show:?}: {e}");
                    }
                }
            }
        }
    }
    println!("{parsed} parsed, {fetch_left} FETCH responses left to the FETCH tests");
    assert!(parsed > 100, "{parsed}");
}
