//! Properties of the DATA and BDAT codecs: agreement with a naive octet-at-a-time model of
//! RFC 5321 §4.5.2 / §4.1.1.4, chunking invariance, round trips, and no panic on any input.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use proptest::prelude::*;
use smtp_proto::data::{
    BareLinebreaks, BdatReader, DataReport, END_OF_DATA, Normaliser, StuffReport, Stuffer,
    TEXT_LINE_LIMIT, Unstuffer, bdat_chunks, normalise, stuff, unstuff,
};

// ---------------------------------------------------------------- models

/// The server side, one octet at a time, straight from the RFC's words: lines end at CRLF only;
/// at a line start `.` CRLF ends the data and any other leading period is deleted; a bare CR or
/// LF is kept or, under Normalise, written as CRLF; lines of the content longer than `limit`
/// are counted. Returns the content, the consumed length and the report, or `None` when the end
/// never comes.
fn model_unstuff(
    input: &[u8],
    policy: BareLinebreaks,
    limit: u64,
) -> Option<(Vec<u8>, usize, DataReport)> {
    let normalise = policy == BareLinebreaks::Normalise;
    let mut out = Vec::new();
    let mut report = DataReport::default();
    let mut line_start = true;
    let mut i = 0;
    while i < input.len() {
        if line_start {
            line_start = false;
            if input[i..].starts_with(b".\r\n") {
                report.size = out.len() as u64;
                (report.long_lines, report.first_long_line) = long_crlf_lines(&out, limit);
                return Some((out, i + 3, report));
            }
            if input[i] == b'.' {
                i += 1;
                continue;
            }
        }
        match input[i] {
            b'\r' if input.get(i + 1) == Some(&b'\n') => {
                out.extend_from_slice(b"\r\n");
                i += 2;
                line_start = true;
            }
            b'\r' | b'\n' if i + 1 < input.len() || input[i] == b'\n' => {
                if input[i] == b'\r' {
                    report.bare_cr += 1;
                } else {
                    report.bare_lf += 1;
                }
                report.first_bare_linebreak.get_or_insert(i as u64);
                if normalise {
                    out.extend_from_slice(b"\r\n");
                } else {
                    out.push(input[i]);
                }
                i += 1;
            }
            b'\r' => return None, // a CR at the very end: cannot be the end
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    None
}

/// The CRLF-terminated lines of `content` (and what follows the last CRLF), CRLF included, as
/// (start, length).
fn crlf_lines_of(content: &[u8]) -> Vec<(usize, usize)> {
    let mut lines = Vec::new();
    let mut start = 0;
    for i in 1..content.len() {
        if content[i - 1] == b'\r' && content[i] == b'\n' {
            lines.push((start, i + 1 - start));
            start = i + 1;
        }
    }
    lines.push((start, content.len() - start));
    lines
}

/// Octets of the longest CRLF-terminated line of `content`, CRLF included.
fn longest_crlf_line(content: &[u8]) -> u64 {
    crlf_lines_of(content)
        .iter()
        .map(|l| l.1)
        .max()
        .unwrap_or(0) as u64
}

/// How many lines of `content` are longer than `limit`, and where the first starts.
fn long_crlf_lines(content: &[u8], limit: u64) -> (u64, Option<u64>) {
    let long: Vec<_> = crlf_lines_of(content)
        .into_iter()
        .filter(|l| l.1 as u64 > limit)
        .collect();
    (long.len() as u64, long.first().map(|l| l.0 as u64))
}

/// Line-ending repair, the slow way.
fn model_normalise(x: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, &b) in x.iter().enumerate() {
        match b {
            b'\r' if x.get(i + 1) != Some(&b'\n') => out.extend_from_slice(b"\r\n"),
            b'\n' if i == 0 || x[i - 1] != b'\r' => out.extend_from_slice(b"\r\n"),
            _ => out.push(b),
        }
    }
    out
}

/// The client side, the slow way: normalise, complete the last line, double leading periods,
/// append the end.
fn model_stuff(x: &[u8]) -> Vec<u8> {
    let mut text = model_normalise(x);
    if !text.is_empty() && !text.ends_with(b"\r\n") {
        text.extend_from_slice(b"\r\n");
    }
    let mut out = Vec::new();
    for line in text.split_inclusive(|&b| b == b'\n') {
        if line.first() == Some(&b'.') {
            out.push(b'.');
        }
        out.extend_from_slice(line);
    }
    out.extend_from_slice(b".\r\n");
    out
}

// ---------------------------------------------------------------- drivers

#[derive(Debug, PartialEq, Eq)]
struct Outcome {
    content: Vec<u8>,
    consumed: usize,
    finished: bool,
    report: DataReport,
    received: u64,
}

/// Cuts `input` at the given points (taken modulo its length, sorted).
fn pieces<'a>(input: &'a [u8], cuts: &[usize]) -> Vec<&'a [u8]> {
    let mut at: Vec<usize> = cuts.iter().map(|c| c % (input.len() + 1)).collect();
    at.push(0);
    at.push(input.len());
    at.sort_unstable();
    at.windows(2).map(|w| &input[w[0]..w[1]]).collect()
}

fn decode_with(input: &[u8], cuts: &[usize], policy: BareLinebreaks) -> Outcome {
    decode_limited(input, cuts, policy, TEXT_LINE_LIMIT)
}

fn decode_limited(input: &[u8], cuts: &[usize], policy: BareLinebreaks, limit: u64) -> Outcome {
    let mut u = Unstuffer::new(policy).with_line_limit(limit);
    let mut content = Vec::new();
    let mut consumed = 0;
    let mut finished = false;
    for piece in pieces(input, cuts) {
        let d = u.decode(piece, |c| content.extend_from_slice(c));
        consumed += d.consumed;
        if d.finished {
            finished = true;
            break;
        }
        assert_eq!(d.consumed, piece.len(), "an unfinished decode takes all");
    }
    assert_eq!(finished, u.is_finished());
    Outcome {
        content,
        consumed,
        finished,
        report: *u.report(),
        received: u.received(),
    }
}

/// The same through the pull API, checking its contract on every step.
fn step_with(input: &[u8], cuts: &[usize], policy: BareLinebreaks, limit: u64) -> Outcome {
    let mut u = Unstuffer::new(policy).with_line_limit(limit);
    let mut content = Vec::new();
    let mut consumed = 0;
    'pieces: for piece in pieces(input, cuts) {
        let mut rest = piece;
        loop {
            let s = u.step(rest);
            assert!(s.consumed <= rest.len());
            rest = &rest[s.consumed..];
            consumed += s.consumed;
            content.extend_from_slice(s.content);
            if s.finished {
                assert!(u.step(rest).finished && u.step(rest).consumed == 0);
                break 'pieces;
            }
            if s.content.is_empty() {
                assert!(rest.is_empty(), "an empty step means the input is used up");
                break;
            }
        }
    }
    Outcome {
        content,
        consumed,
        finished: u.is_finished(),
        report: *u.report(),
        received: u.received(),
    }
}

fn stuff_with(x: &[u8], cuts: &[usize]) -> (Vec<u8>, StuffReport) {
    let mut s = Stuffer::new();
    let mut out = Vec::new();
    for piece in pieces(x, cuts) {
        s.encode(piece, |b| out.extend_from_slice(b));
    }
    s.finish(|b| out.extend_from_slice(b));
    (out, *s.report())
}

// ---------------------------------------------------------------- strategies

/// Octets drawn mostly from the ones that matter, so that `\r`, `\n` and `.` meet often.
fn wire_byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        4 => Just(b'\r'),
        4 => Just(b'\n'),
        4 => Just(b'.'),
        3 => Just(b'a'),
        1 => Just(b' '),
        1 => any::<u8>(),
    ]
}

fn wire() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(wire_byte(), 0..120)
}

/// Input that usually holds a real end somewhere.
fn wire_with_end() -> impl Strategy<Value = Vec<u8>> {
    (wire(), wire(), any::<bool>()).prop_map(|(a, b, end)| {
        if end {
            [&a[..], END_OF_DATA, &b[..]].concat()
        } else {
            a
        }
    })
}

fn policy() -> impl Strategy<Value = BareLinebreaks> {
    prop_oneof![
        Just(BareLinebreaks::Reject),
        Just(BareLinebreaks::Normalise),
        Just(BareLinebreaks::Allow),
    ]
}

/// Line limits small enough for generated lines to pass them.
fn limit() -> impl Strategy<Value = u64> {
    prop_oneof![4 => 0u64..24, 1 => Just(TEXT_LINE_LIMIT)]
}

/// Long text (several fast-path windows) of CRLF lines, some long, and some periods at line
/// starts, with `dirt` octets (CR, LF, `.`, or CRLF `.` CRLF) put in at the given places.
fn long_text_with_dirt() -> impl Strategy<Value = Vec<u8>> {
    let line = prop_oneof![
        8 => 0usize..90,
        1 => 90usize..1100,
    ];
    let lines = prop::collection::vec((line, prop::bool::weighted(0.1)), 1..160);
    let dirt = prop::collection::vec(
        (
            any::<prop::sample::Index>(),
            prop_oneof![
                Just(&b"\r"[..]),
                Just(&b"\n"[..]),
                Just(&b"\n."[..]),
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
        text.extend_from_slice(END_OF_DATA);
        text
    })
}

fn cuts() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(any::<usize>(), 0..12)
}

/// CRLF text: lines of octets other than CR and LF (periods likely), each ended by CRLF.
fn crlf_lines() -> impl Strategy<Value = Vec<u8>> {
    let line = prop::collection::vec(
        prop_oneof![3 => Just(b'.'), 3 => Just(b'a'), 1 => any::<u8>()]
            .prop_filter("no CR or LF", |b| *b != b'\r' && *b != b'\n'),
        0..12,
    );
    prop::collection::vec(line, 0..10).prop_map(|lines| {
        lines
            .iter()
            .flat_map(|l| [&l[..], b"\r\n"])
            .flatten()
            .copied()
            .collect()
    })
}

// ---------------------------------------------------------------- properties

proptest! {
    #[test]
    fn unstuffer_agrees_with_the_model(
        input in wire_with_end(), policy in policy(), limit in limit()
    ) {
        let got = decode_limited(&input, &[], policy, limit);
        prop_assert_eq!(got.received, got.consumed as u64);
        match model_unstuff(&input, policy, limit) {
            Some((content, consumed, report)) => {
                prop_assert!(got.finished);
                prop_assert_eq!(&got.content, &content);
                prop_assert_eq!(got.consumed, consumed);
                prop_assert_eq!(got.report, report);
            }
            None => {
                prop_assert!(!got.finished);
                prop_assert_eq!(got.consumed, input.len());
                // What came out is a prefix of what the message will be once it ends; at most
                // a held CR (or `.` CR) is missing.
                let ended = [&input[..], b"\r\n.\r\n"].concat();
                let (full, _, _) = model_unstuff(&ended, policy, limit).unwrap();
                prop_assert!(full.starts_with(&got.content));
                prop_assert!(full.len() - got.content.len() <= 2 + 2);
            }
        }
    }

    #[test]
    fn unstuffer_is_chunking_invariant(
        input in wire_with_end(), cuts in cuts(), policy in policy(), limit in limit()
    ) {
        let whole = decode_limited(&input, &[], policy, limit);
        prop_assert_eq!(&decode_limited(&input, &cuts, policy, limit), &whole);
        prop_assert_eq!(&step_with(&input, &cuts, policy, limit), &whole);
        let all: Vec<usize> = (0..input.len()).collect();
        prop_assert_eq!(&decode_limited(&input, &all, policy, limit), &whole);
    }

    #[test]
    fn long_text_with_dirt_anywhere_agrees_with_the_model(
        input in long_text_with_dirt(),
        cuts in cuts(),
        policy in policy(),
        limit in prop_oneof![Just(0u64), 1u64..200, Just(TEXT_LINE_LIMIT)],
    ) {
        // Clean runs are passed on a window at a time; bare line breaks and dot lines in any
        // place relative to the windows and blocks must not change the outcome.
        let (content, consumed, report) = model_unstuff(&input, policy, limit).unwrap();
        let whole = decode_limited(&input, &[], policy, limit);
        prop_assert!(whole.finished);
        prop_assert_eq!(&whole.content, &content);
        prop_assert_eq!(whole.consumed, consumed);
        prop_assert_eq!(whole.report, report);
        prop_assert_eq!(&decode_limited(&input, &cuts, policy, limit), &whole);
        prop_assert_eq!(&step_with(&input, &cuts, policy, limit), &whole);
    }

    #[test]
    fn unstuff_of_stuff_is_identity_on_crlf_text(x in crlf_lines(), policy in policy()) {
        let wire = stuff(&x);
        let m = unstuff(&wire, policy).unwrap();
        prop_assert_eq!(&m.content[..], &x[..]);
        prop_assert_eq!(m.consumed, wire.len());
        prop_assert_eq!(m.report.size, x.len() as u64);
    }

    #[test]
    fn unstuff_of_stuff_completes_an_unended_last_line(
        x in crlf_lines(), tail in prop::collection::vec(b'a'..=b'z', 1..5)
    ) {
        let mut message = x;
        message.extend_from_slice(&tail);
        let wire = stuff(&message);
        let m = unstuff(&wire, BareLinebreaks::Reject).unwrap();
        message.extend_from_slice(b"\r\n");
        prop_assert_eq!(&m.content[..], &message[..]);
    }

    #[test]
    fn unstuff_of_stuff_is_normalise_on_any_bytes(x in wire(), policy in policy()) {
        let wire = stuff(&x);
        let m = unstuff(&wire, policy).unwrap();
        let mut expected = model_normalise(&x);
        if !expected.is_empty() && !expected.ends_with(b"\r\n") {
            expected.extend_from_slice(b"\r\n");
        }
        prop_assert_eq!(&m.content[..], &expected[..]);
        prop_assert_eq!(m.consumed, wire.len());
        prop_assert!(!m.report.has_bare_linebreaks());
        // And the one-shot normalise is the same repair, without completing the last line.
        prop_assert_eq!(&normalise(&x)[..], &model_normalise(&x)[..]);
    }

    #[test]
    fn stuffer_agrees_with_the_model_and_any_split(x in wire(), cuts in cuts()) {
        let expected = model_stuff(&x);
        prop_assert_eq!(&stuff(&x), &expected);
        let (out, report) = stuff_with(&x, &cuts);
        prop_assert_eq!(&out, &expected);
        let all: Vec<usize> = (0..x.len()).collect();
        let (one_by_one, report_one_by_one) = stuff_with(&x, &all);
        prop_assert_eq!(&one_by_one, &expected);
        prop_assert_eq!(report, report_one_by_one);
        // The report describes the content the server will get.
        let m = unstuff(&out, BareLinebreaks::Reject).unwrap();
        prop_assert_eq!(report.size, m.content.len() as u64);
        prop_assert_eq!(report.longest_line, longest_crlf_line(&m.content));
        let normalised = model_normalise(&x);
        let bare_cr = (0..x.len()).filter(|&i| x[i] == b'\r' && x.get(i + 1) != Some(&b'\n'));
        let bare_lf = (0..x.len()).filter(|&i| x[i] == b'\n' && (i == 0 || x[i - 1] != b'\r'));
        prop_assert_eq!(report.bare_cr, bare_cr.count() as u64);
        prop_assert_eq!(report.bare_lf, bare_lf.count() as u64);
        prop_assert_eq!(
            report.added_final_crlf,
            !normalised.is_empty() && !normalised.ends_with(b"\r\n")
        );
    }

    #[test]
    fn stuffed_output_ends_only_at_its_end(x in wire()) {
        let out = stuff(&x);
        let first_end = out.windows(5).position(|w| w == END_OF_DATA);
        if x.is_empty() {
            prop_assert_eq!(&out[..], b".\r\n");
            prop_assert_eq!(first_end, None);
        } else {
            prop_assert_eq!(first_end, Some(out.len() - 5));
        }
        prop_assert!(!out.starts_with(b".\r\n") || x.is_empty());
        // No bare CR or LF on the wire (RFC 5321 §2.3.8).
        prop_assert_eq!(&model_normalise(&out), &out);
    }

    #[test]
    fn normaliser_is_chunking_invariant(x in wire(), cuts in cuts()) {
        let mut n = Normaliser::new();
        let mut out = Vec::new();
        for piece in pieces(&x, &cuts) {
            n.encode(piece, |b| out.extend_from_slice(b));
        }
        n.finish(|b| out.extend_from_slice(b));
        prop_assert_eq!(&out, &model_normalise(&x));
        prop_assert_eq!(n.report().size, out.len() as u64);
        prop_assert!(!n.report().added_final_crlf);
    }

    #[test]
    fn no_panic_on_arbitrary_bytes(
        input in prop::collection::vec(any::<u8>(), 0..300), cuts in cuts(), policy in policy()
    ) {
        let whole = decode_with(&input, &[], policy);
        prop_assert_eq!(&decode_with(&input, &cuts, policy), &whole);
        let _ = unstuff(&input, policy);
        let _ = stuff(&input);
        let _ = normalise(&input);
    }

    #[test]
    fn bdat_reader_takes_exactly_size(
        data in prop::collection::vec(any::<u8>(), 0..300),
        size in 0u64..300,
        cuts in cuts(),
    ) {
        let mut r = BdatReader::new(size, false);
        let mut taken = Vec::new();
        let mut left_over = Vec::new();
        for piece in pieces(&data, &cuts) {
            let got = r.read(piece);
            prop_assert!(piece.starts_with(got));
            taken.extend_from_slice(got);
            left_over.extend_from_slice(&piece[got.len()..]);
        }
        let n = (size as usize).min(data.len());
        prop_assert_eq!(&taken[..], &data[..n]);
        prop_assert_eq!(&left_over[..], &data[n..]);
        prop_assert_eq!(r.remaining(), size - n as u64);
        prop_assert_eq!(r.is_complete(), data.len() as u64 >= size);
    }

    #[test]
    fn bdat_chunks_reassemble(
        message in prop::collection::vec(any::<u8>(), 0..300), max in 0usize..40
    ) {
        let chunks: Vec<_> = bdat_chunks(&message, max).collect();
        prop_assert_eq!(chunks.len(), bdat_chunks(&message, max).len());
        prop_assert!(!chunks.is_empty());
        prop_assert!(chunks.last().unwrap().last);
        prop_assert!(chunks[..chunks.len() - 1].iter().all(|c| !c.last && !c.data.is_empty()));
        prop_assert!(max == 0 || chunks.iter().all(|c| c.data.len() <= max));
        let joined: Vec<u8> = chunks.iter().flat_map(|c| c.data.iter().copied()).collect();
        prop_assert_eq!(joined, message);
    }
}
