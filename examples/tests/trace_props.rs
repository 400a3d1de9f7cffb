//! Properties of `mail-trace`: the notation is canonical (the writer gives the fixtures back
//! from their bytes cut anywhere), the follower works on streams, not on transcript lines (the
//! same streams cut into other lines give the same messages), and no input makes it panic.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::PathBuf;

use mail_examples::trace::transcript::{Direction, Transcript, TranscriptWriter};
use mail_examples::trace::{Entry, Protocol, TraceOptions, trace};
use proptest::prelude::*;

/// The fixtures whose every line is in the notation, with their protocol.
fn fixtures() -> Vec<(String, Vec<u8>, Protocol)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("transcripts");
    let mut all: Vec<_> = ["smtp", "pop3"]
        .iter()
        .flat_map(|d| std::fs::read_dir(root.join(d)).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            let name = p.file_name().unwrap().to_str().unwrap().to_owned();
            let protocol = if p.parent().unwrap().ends_with("pop3") {
                Protocol::Pop3
            } else if name.contains("lmtp") {
                Protocol::Lmtp
            } else {
                Protocol::Smtp
            };
            (name, std::fs::read(&p).unwrap(), protocol)
        })
        .filter(|(_, bytes, _)| Transcript::parse(bytes).errors().is_empty())
        .collect();
    all.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(all.len() >= 33);
    all
}

/// Cuts `bytes` at the given fractions (each in 0..1000) of its length.
fn cut(bytes: &[u8], fractions: &[u16]) -> Vec<Vec<u8>> {
    let mut points: Vec<usize> = fractions
        .iter()
        .map(|&f| bytes.len() * usize::from(f) / 1000)
        .filter(|&p| p > 0 && p < bytes.len())
        .collect();
    points.sort_unstable();
    points.dedup();
    let mut pieces = Vec::new();
    let mut from = 0;
    for p in points.into_iter().chain([bytes.len()]) {
        pieces.push(bytes[from..p].to_vec());
        from = p;
    }
    pieces
}

fn pieces_of(t: &Transcript, cuts: &[u16]) -> Vec<(Direction, usize, Vec<u8>)> {
    let mut out = Vec::new();
    for (i, s) in t.segments().iter().enumerate() {
        let bytes = &t.stream(s.direction)[s.range.clone()];
        // Vary the cuts from segment to segment.
        let shift = (i * 7) as u16;
        let fractions: Vec<u16> = cuts.iter().map(|c| (c + shift) % 1000).collect();
        for piece in cut(bytes, &fractions) {
            out.push((s.direction, s.line, piece));
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// The writer gives each fixture back from its streams cut anywhere (a flush marks where
    /// a recorded piece ended without LF, as a BDAT chunk does).
    #[test]
    fn writer_is_canonical(cuts in proptest::collection::vec(0u16..1000, 0..6)) {
        for (name, bytes, _) in fixtures() {
            let t = Transcript::parse(&bytes);
            let mut writer = TranscriptWriter::new();
            let segments = t.segments();
            let pieces = pieces_of(&t, &cuts);
            let mut next_segment = 0;
            let mut written_in_segment = 0;
            for (direction, _, piece) in &pieces {
                writer.push(*direction, piece);
                written_in_segment += piece.len();
                let s = &segments[next_segment];
                if written_in_segment == s.range.len() {
                    if !t.stream(s.direction)[s.range.clone()].ends_with(b"\n") {
                        writer.flush();
                    }
                    next_segment += 1;
                    written_in_segment = 0;
                }
            }
            prop_assert_eq!(writer.finish(), bytes, "{}", name);
        }
    }

    /// Every transcript line cut into several (`C| ` pieces and a last `C: ` piece) gives the
    /// same messages at the same original lines.
    #[test]
    fn follower_ignores_how_lines_are_cut(
        cuts in proptest::collection::vec(0u16..1000, 1..6),
        roundtrip in any::<bool>(),
    ) {
        for (name, bytes, protocol) in fixtures() {
            let options = TraceOptions::new(protocol).with_roundtrip(roundtrip);
            let t = Transcript::parse(&bytes);
            let mut text = Vec::new();
            let mut original_line = vec![0]; // new line number → original line
            for (direction, line, piece) in pieces_of(&t, &cuts) {
                text.push(if direction == Direction::Client { b'C' } else { b'S' });
                if piece.ends_with(b"\n") {
                    text.extend_from_slice(b": ");
                    text.extend_from_slice(&piece);
                } else {
                    text.extend_from_slice(b"| ");
                    text.extend_from_slice(&piece);
                    text.push(b'\n');
                }
                original_line.push(line);
            }
            let expected = trace(&bytes, &options);
            let actual = trace(&text, &options);
            let mapped: Vec<Entry> = actual
                .entries
                .into_iter()
                .map(|e| Entry {
                    line: original_line[e.line],
                    text: map_line_in_text(&e.text, &original_line),
                    ..e
                })
                .collect();
            prop_assert_eq!(mapped, expected.entries, "{}", name);
        }
    }

    /// No panic on arbitrary bytes.
    #[test]
    fn no_panic_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        for protocol in [Protocol::Smtp, Protocol::Lmtp, Protocol::Pop3] {
            let options = TraceOptions::new(protocol).with_roundtrip(true);
            let report = trace(&bytes, &options);
            prop_assert_eq!(report.errors() == 0, report.is_ok());
            let _ = trace(&bytes, &options.with_crlf(true));
        }
    }

    /// No panic on transcripts made of protocol elements in any order.
    #[test]
    fn no_panic_on_shuffled_sessions(
        lines in proptest::collection::vec((0usize..4, 0usize..TOKENS.len(), any::<u8>()), 0..40),
        which in 0u8..3,
    ) {
        let mut text = Vec::new();
        for (prefix, token, byte) in lines {
            text.extend_from_slice([b"C: ", b"S: ", b"C| ", b"S| "][prefix]);
            text.extend_from_slice(TOKENS[token]);
            if token == 0 {
                text.push(byte);
            }
            if !text.ends_with(b"\n") {
                text.push(b'\n');
            }
        }
        let protocol = [Protocol::Smtp, Protocol::Lmtp, Protocol::Pop3][usize::from(which)];
        let report = trace(&text, &TraceOptions::new(protocol).with_roundtrip(true));
        prop_assert!(report.entries.windows(2).all(|w| w[0].line <= w[1].line));
    }
}

/// An error text may name another transcript line: map it too.
fn map_line_in_text(text: &str, original_line: &[usize]) -> String {
    const MARK: &str = "(transcript line ";
    let Some(at) = text.find(MARK) else {
        return text.to_owned();
    };
    let rest = &text[at + MARK.len()..];
    let digits = rest.find(')').unwrap();
    let line: usize = rest[..digits].parse().unwrap();
    format!(
        "{}{MARK}{}{}",
        &text[..at],
        original_line[line],
        &rest[digits..]
    )
}

const TOKENS: &[&[u8]] = &[
    b"",
    b"EHLO a.example\r\n",
    b"LHLO a.example\r\n",
    b"MAIL FROM:<a@b.example>\r\n",
    b"RCPT TO:<c@d.example>\r\n",
    b"DATA\r\n",
    b"BDAT 3\r\n",
    b"BDAT 2 LAST\r\n",
    b"AUTH PLAIN\r\n",
    b"STARTTLS\r\n",
    b"*\r\n",
    b".\r\n",
    b"abc",
    b"220 ready\r\n",
    b"250 OK\r\n",
    b"250-a.example\r\n",
    b"354 go\r\n",
    b"334 \r\n",
    b"421 bye\r\n",
    b"2x0 bad\r\n",
    b"550 no\r\n",
    b"USER a\r\n",
    b"PASS b c\r\n",
    b"RETR 1\r\n",
    b"LIST\r\n",
    b"CAPA\r\n",
    b"STLS\r\n",
    b"+OK\r\n",
    b"+OK 2 320\r\n",
    b"-ERR [IN-USE] no\r\n",
    b"+ \r\n",
    b"1 120\r\n",
    b"..x\r\n",
];
