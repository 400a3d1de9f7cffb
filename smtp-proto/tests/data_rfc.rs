//! DATA and BDAT against the RFC texts: RFC 5321 §4.5.2 (transparency), §4.1.1.4 (end of mail
//! data), §4.5.3.1.6 (text line length), the DATA portions of the Appendix D sessions, and the
//! RFC 3030 §4 BDAT examples.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::borrow::Cow;

use smtp_proto::data::{
    BareLinebreaks, BdatChunk, BdatReader, DataReport, END_OF_DATA, Stuffer, TEXT_LINE_LIMIT,
    UnstuffError, Unstuffer, bdat_chunks, normalise, stuff, unstuff,
};
use smtp_proto::line::{LineEndings, next_line};

const POLICIES: [BareLinebreaks; 3] = [
    BareLinebreaks::Reject,
    BareLinebreaks::Normalise,
    BareLinebreaks::Allow,
];

/// The octets of transcript lines `C: …`, each ended with CRLF.
fn crlf_lines(lines: &[&str]) -> Vec<u8> {
    lines
        .iter()
        .flat_map(|l| [l.as_bytes(), b"\r\n"])
        .flatten()
        .copied()
        .collect()
}

/// Checks one DATA exchange both ways: the client's `content` stuffs to exactly `wire`, and
/// `wire` (followed by the next command) un-stuffs to exactly `content` under every policy.
fn check_both_ways(content: &[u8], wire: &[u8]) {
    assert_eq!(stuff(content), wire);
    let mut session = wire.to_vec();
    session.extend_from_slice(b"QUIT\r\n");
    for policy in POLICIES {
        let m = unstuff(&session, policy).unwrap();
        assert_eq!(&m.content[..], content, "{policy:?}");
        assert_eq!(m.consumed, wire.len());
        assert_eq!(m.report.size, content.len() as u64);
        assert!(!m.report.has_bare_linebreaks());
    }
}

#[test]
fn appendix_d1_and_d4_typical_transaction() {
    // C: Blah blah blah...
    // C: ...etc. etc. etc.
    // C: .
    // The second line as sent starts with a period, so it is a stuffed line: the message line
    // is "..etc. etc. etc." (RFC 5321 §4.5.2).
    let wire = crlf_lines(&["Blah blah blah...", "...etc. etc. etc.", "."]);
    let content = crlf_lines(&["Blah blah blah...", "..etc. etc. etc."]);
    check_both_ways(&content, &wire);
}

#[test]
fn appendix_d3_relayed_mail_step_1() {
    let body = [
        "Date: Thu, 21 May 1998 05:33:29 -0700",
        "From: John Q. Public <JQP@bar.com>",
        "Subject: The Next Meeting of the Board",
        "To: Jones@xyz.com",
        "",
        "Bill:",
        "The next meeting of the board of directors will be",
        "on Tuesday.",
        "John.",
    ];
    let content = crlf_lines(&body);
    let mut wire = content.clone();
    wire.extend_from_slice(b".\r\n");
    check_both_ways(&content, &wire);
}

#[test]
fn appendix_d3_relayed_mail_step_2() {
    let body = [
        "Received: from bar.com by foo.com ; Thu, 21 May 1998",
        "    05:33:29 -0700",
        "Date: Thu, 21 May 1998 05:33:22 -0700",
        "From: John Q. Public <JQP@bar.com>",
        "Subject:  The Next Meeting of the Board",
        "To: Jones@xyz.com",
        "",
        "Bill:",
        "The next meeting of the board of directors will be",
        "on Tuesday.",
        "                        John.",
    ];
    let content = crlf_lines(&body);
    let mut wire = content.clone();
    wire.extend_from_slice(b".\r\n");
    check_both_ways(&content, &wire);
}

#[test]
fn transparency_section_4_5_2() {
    // "If it is a period, one additional period is inserted at the beginning of the line."
    check_both_ways(b".\r\n", b"..\r\n.\r\n");
    check_both_ways(b".hidden\r\n", b"..hidden\r\n.\r\n");
    check_both_ways(b"..\r\n", b"...\r\n.\r\n");
    check_both_ways(b"a\r\n.\r\nb\r\n", b"a\r\n..\r\nb\r\n.\r\n");
    // Periods elsewhere in a line are left alone.
    check_both_ways(b"a.b\r\n a\r\n", b"a.b\r\n a\r\n.\r\n");
    // "If the line is composed of a single period, it is treated as the end of mail
    // indicator": what follows is not part of the message.
    let m = unstuff(b"one\r\n.\r\ntwo\r\n.\r\n", BareLinebreaks::Reject).unwrap();
    assert_eq!(&m.content[..], b"one\r\n");
    assert_eq!(m.consumed, 8);
    // "If the first character is a period and there are other characters on the line, the
    // first character is deleted" — also when the line is the first one.
    let m = unstuff(b".x\r\n.\r\n", BareLinebreaks::Reject).unwrap();
    assert_eq!(&m.content[..], b"x\r\n");
    // A line that did not need stuffing but got a single leading period loses it all the same.
    let m = unstuff(b".From me\r\n.\r\n", BareLinebreaks::Normalise).unwrap();
    assert_eq!(&m.content[..], b"From me\r\n");
}

#[test]
fn empty_message_section_4_1_1_4() {
    // "if there was no mail data, [the first CRLF] ends the DATA command itself".
    check_both_ways(b"", b".\r\n");
    let m = unstuff(b".\r\nRSET\r\n", BareLinebreaks::Normalise).unwrap();
    assert!(matches!(m.content, Cow::Borrowed(b"")));
    assert_eq!(m.consumed, 3);
    // A message of one empty line is not empty.
    check_both_ways(b"\r\n", b"\r\n.\r\n");
}

#[test]
fn last_line_without_crlf_is_completed_by_the_client() {
    // "in that case, the originating SMTP system MUST either reject the message as invalid or
    // add <CRLF>": the Stuffer adds it, and reports so.
    let mut stuffer = Stuffer::new();
    let mut wire = Vec::new();
    stuffer.encode(b"Subject: x\r\n\r\nno newline", |b| {
        wire.extend_from_slice(b);
    });
    stuffer.finish(|b| wire.extend_from_slice(b));
    assert_eq!(wire, b"Subject: x\r\n\r\nno newline\r\n.\r\n");
    assert!(stuffer.report().added_final_crlf);
    assert_eq!(stuffer.report().size, 26);
    // "An extra <CRLF> MUST NOT be added" when the message already ends with one.
    let mut stuffer = Stuffer::new();
    stuffer.encode(b"line\r\n", |_| {});
    stuffer.finish(|_| {});
    assert!(!stuffer.report().added_final_crlf);
    assert_eq!(stuff(b"line\r\n"), b"line\r\n.\r\n");
    assert_eq!(stuff(b"."), b"..\r\n.\r\n");
    assert_eq!(stuff(b"\r"), b"\r\n.\r\n");
}

#[test]
fn client_never_sends_bare_line_breaks_section_2_3_8() {
    let mut stuffer = Stuffer::new();
    let mut wire = Vec::new();
    stuffer.encode(b"a\nb\rc\r\r\nd\n.\n", |b| wire.extend_from_slice(b));
    stuffer.finish(|b| wire.extend_from_slice(b));
    assert_eq!(wire, b"a\r\nb\r\nc\r\n\r\nd\r\n..\r\n.\r\n");
    assert_eq!(stuffer.report().bare_lf, 3);
    assert_eq!(stuffer.report().bare_cr, 2);
    assert!(!stuffer.report().added_final_crlf);
    assert_eq!(
        normalise(b"a\nb\rc\r\r\nd\n.\n"),
        &b"a\r\nb\r\nc\r\n\r\nd\r\n.\r\n"[..]
    );
    assert_eq!(normalise(b"\r"), &b"\r\n"[..]);
    assert!(matches!(normalise(b"x\r\n.\r\n"), Cow::Borrowed(_)));
}

#[test]
fn module_doc_table() {
    let cases: [(&[u8], &[u8], &[u8]); 4] = [
        (b"a\r\n..b\r\n.\r\n", b"a\r\n.b\r\n", b"a\r\n.b\r\n"),
        (b"a\n.\nb\r\n.\r\n", b"a\n.\nb\r\n", b"a\r\n.\r\nb\r\n"),
        (b"a\r\n.\nb\r\n.\r\n", b"a\r\n\nb\r\n", b"a\r\n\r\nb\r\n"),
        (
            b"a\r\n.\r\rb\r\n.\r\n",
            b"a\r\n\r\rb\r\n",
            b"a\r\n\r\n\r\nb\r\n",
        ),
    ];
    for (wire, allowed, normalised) in cases {
        let a = unstuff(wire, BareLinebreaks::Allow).unwrap();
        assert_eq!(&a.content[..], allowed);
        assert_eq!(a.consumed, wire.len());
        let n = unstuff(wire, BareLinebreaks::Normalise).unwrap();
        assert_eq!(&n.content[..], normalised);
        assert_eq!(n.consumed, wire.len());
        let bare = a.report.has_bare_linebreaks();
        assert_eq!(bare, wire != b"a\r\n..b\r\n.\r\n");
        match unstuff(wire, BareLinebreaks::Reject) {
            Err(UnstuffError::BareLinebreak { consumed, .. }) => {
                assert!(bare);
                assert_eq!(consumed, wire.len());
            }
            Ok(r) => {
                assert!(!bare);
                assert_eq!(&r.content[..], allowed);
            }
            Err(e) => panic!("{e}"),
        }
    }
}

#[test]
fn reject_reads_to_the_end_and_flags() {
    let wire = b"ok\r\nbare\nlf\r\n.\r\nQUIT\r\n";
    let mut u = Unstuffer::new(BareLinebreaks::Reject);
    let mut content = Vec::new();
    let d = u.decode(wire, |c| content.extend_from_slice(c));
    assert!(d.finished);
    assert_eq!(d.consumed, 16);
    assert!(u.must_reject());
    // The content is delivered unchanged, for logging or quarantine.
    assert_eq!(content, b"ok\r\nbare\nlf\r\n");
    assert_eq!(
        *u.report(),
        DataReport {
            size: 13,
            long_lines: 0,
            first_long_line: None,
            bare_cr: 0,
            bare_lf: 1,
            first_bare_linebreak: Some(8),
        }
    );
    assert_eq!(
        unstuff(wire, BareLinebreaks::Reject),
        Err(UnstuffError::BareLinebreak {
            offset: 8,
            consumed: 16
        })
    );
    // The same under the other policies does not ask for rejection.
    let mut u = Unstuffer::new(BareLinebreaks::Normalise);
    u.decode(wire, |_| {});
    assert!(!u.must_reject());
    assert_eq!(u.report().bare_lf, 1);
}

#[test]
fn unterminated() {
    for input in [
        &b""[..],
        b"abc",
        b"abc\r\n",
        b"abc\r\n.",
        b"abc\r\n.\r",
        b"\n.\n",
    ] {
        assert_eq!(
            unstuff(input, BareLinebreaks::Normalise),
            Err(UnstuffError::Unterminated {
                received: input.len()
            })
        );
    }
}

/// Decodes `wire` whole under `policy` and line limit `limit`: the report.
fn report_with_limit(wire: &[u8], policy: BareLinebreaks, limit: u64) -> DataReport {
    let mut u = Unstuffer::new(policy).with_line_limit(limit);
    u.decode(wire, |_| {});
    *u.report()
}

#[test]
fn text_line_length_section_4_5_3_1_6() {
    // "The maximum total length of a text line including the <CRLF> is 1000 octets (not
    // counting the leading dot duplicated for transparency)."
    assert_eq!(TEXT_LINE_LIMIT, 1000);
    let mut line = vec![b'.'; 999];
    line.extend_from_slice(b"\r\n"); // 1001 octets as content...
    let wire = stuff(&line); // ...1002 on the wire, with its transparency period.
    assert_eq!(wire.len(), 1002 + 3);
    let m = unstuff(&wire, BareLinebreaks::Reject).unwrap();
    assert_eq!(
        (m.report.long_lines, m.report.first_long_line),
        (1, Some(0))
    );
    assert!(m.report.has_long_lines());
    line.remove(0);
    let wire = stuff(&line);
    let m = unstuff(&wire, BareLinebreaks::Reject).unwrap();
    assert_eq!((m.report.long_lines, m.report.first_long_line), (0, None));
    assert!(!m.report.has_long_lines());
    // The line still being received counts too, once: a server can see an over-long line early.
    let mut u = Unstuffer::new(BareLinebreaks::Reject);
    u.decode(&[b'x'; 1000], |_| {});
    assert_eq!(u.report().long_lines, 0);
    u.decode(&[b'x'; 1], |_| {});
    assert_eq!(u.report().long_lines, 1);
    u.decode(&[b'x'; 1500], |_| {});
    u.decode(b"\r\nshort\r\n", |_| {});
    assert_eq!(
        (u.report().long_lines, u.report().first_long_line),
        (1, Some(0))
    );
    // Under Normalise a bare LF ends a line of the content; otherwise it does not.
    let wire = b"aaaa\nbb\r\n.\r\n";
    let normalised = report_with_limit(wire, BareLinebreaks::Normalise, 5);
    assert_eq!(
        (normalised.long_lines, normalised.first_long_line),
        (1, Some(0))
    );
    assert_eq!(
        report_with_limit(wire, BareLinebreaks::Normalise, 6).long_lines,
        0
    );
    let allowed = report_with_limit(wire, BareLinebreaks::Allow, 8);
    assert_eq!((allowed.long_lines, allowed.first_long_line), (1, Some(0)));
    assert_eq!(
        report_with_limit(wire, BareLinebreaks::Allow, 9).long_lines,
        0
    );
}

#[test]
fn long_lines_among_short_ones_are_each_counted() {
    // Short lines, then lines of 1000 and 1001 octets (CRLF included), in long runs of clean
    // text so that the run-at-a-time path measures them.
    let short = b"a short line of text\r\n".repeat(100);
    let line = |n: usize| [vec![b'y'; n - 2], b"\r\n".to_vec()].concat();
    let content = [
        short.clone(),
        line(1000),
        short.clone(),
        line(1001),
        line(1001),
        short.clone(),
        line(5000),
        line(1000),
    ]
    .concat();
    let wire = stuff(&content);
    let m = unstuff(&wire, BareLinebreaks::Reject).unwrap();
    assert_eq!(&m.content[..], &content[..]);
    let first = (short.len() * 2 + 1000) as u64;
    assert_eq!(
        (m.report.long_lines, m.report.first_long_line),
        (3, Some(first))
    );
    // The same through 8 KiB and 1-octet reads.
    for size in [8192, 1000, 7, 1] {
        let mut u = Unstuffer::new(BareLinebreaks::Reject);
        for read in wire.chunks(size) {
            u.decode(read, |_| {});
        }
        assert_eq!(*u.report(), m.report, "reads of {size}");
    }
    assert_eq!(
        report_with_limit(&wire, BareLinebreaks::Reject, 999).long_lines,
        5
    );
    assert_eq!(
        report_with_limit(&wire, BareLinebreaks::Reject, 5000).long_lines,
        0
    );
    let every = report_with_limit(&wire, BareLinebreaks::Reject, 21);
    assert_eq!(
        (every.long_lines, every.first_long_line),
        (300 + 5, Some(0))
    );
}

#[test]
fn content_borrows_from_the_input() {
    let wire = b"Subject: a\r\n\r\nbody\r\n.\r\n";
    let m = unstuff(wire, BareLinebreaks::Reject).unwrap();
    assert!(matches!(m.content, Cow::Borrowed(c) if c == &wire[..wire.len() - 3]));
    // A transparency period at the start still lets the rest borrow.
    let m = unstuff(b"..x\r\n.\r\n", BareLinebreaks::Reject).unwrap();
    assert!(matches!(m.content, Cow::Borrowed(b".x\r\n")));
    let owned = m.into_owned();
    assert_eq!(&owned.content[..], b".x\r\n");
    // Pieces given by decode are slices of the input except the few held or written octets.
    let wire = b"one\r\n..two\r\nthree\r\n.\r\n";
    let mut pieces = Vec::new();
    Unstuffer::new(BareLinebreaks::Reject).decode(wire, |p| pieces.push(p));
    assert_eq!(pieces, [&b"one\r\n"[..], b".two\r\nthree\r\n"]);
    assert_eq!(END_OF_DATA, b"\r\n.\r\n");
}

#[test]
fn rfc3030_4_1_simple_chunking() {
    let message = crlf_lines(&[
        "To: Susan@random.com",
        "From: Sam@random.com",
        "Subject: This is a bodyless test message",
    ]);
    // "S: BDAT 86 LAST"
    let chunks: Vec<BdatChunk<'_>> = bdat_chunks(&message, 0).collect();
    assert_eq!(chunks.len(), 1);
    assert_eq!(chunks[0].size(), 86);
    assert!(chunks[0].last);
    // The server takes exactly 86 octets; "QUIT" that follows is a command again.
    let mut stream = message.clone();
    stream.extend_from_slice(b"QUIT\r\n");
    let mut reader = BdatReader::new(86, true);
    let data = reader.read(&stream);
    assert_eq!(data, &message[..]);
    assert!(reader.is_complete() && reader.is_last());
    assert_eq!(&stream[data.len()..], b"QUIT\r\n");
}

#[test]
fn rfc3030_4_2_pipelining_binarymime() {
    // S: BDAT 100000 / (100000 octets) / BDAT 324 / (324 octets) / BDAT 0 LAST / QUIT, all
    // pipelined; the octets are binary and may look like commands or an end of data.
    let mut message: Vec<u8> = (0..100_324u32).map(|i| (i % 256) as u8).collect();
    message[500..505].copy_from_slice(b"\r\n.\r\n");
    message[100_000..100_009].copy_from_slice(b"QUIT\r\nX\r\n");
    let mut stream = Vec::new();
    stream.extend_from_slice(b"BDAT 100000\r\n");
    stream.extend_from_slice(&message[..100_000]);
    stream.extend_from_slice(b"BDAT 324\r\n");
    stream.extend_from_slice(&message[100_000..]);
    stream.extend_from_slice(b"BDAT 0 LAST\r\nQUIT\r\n");

    let mut received = Vec::new();
    let mut sizes = Vec::new();
    let mut rest = &stream[..];
    loop {
        let line = next_line(rest, 512, LineEndings::Strict).unwrap().unwrap();
        rest = &rest[line.consumed..];
        let words: Vec<&[u8]> = line.text.split(|&b| b == b' ').collect();
        if words[0] == b"QUIT" {
            break;
        }
        assert_eq!(words[0], b"BDAT");
        let size: u64 = std::str::from_utf8(words[1]).unwrap().parse().unwrap();
        let mut reader = BdatReader::new(size, words.get(2) == Some(&&b"LAST"[..]));
        // Feed it in uneven pieces.
        while !reader.is_complete() {
            let piece = &rest[..rest.len().min(4093)];
            let data = reader.read(piece);
            received.extend_from_slice(data);
            rest = &rest[data.len()..];
        }
        sizes.push(size);
    }
    assert_eq!(sizes, [100_000, 324, 0]);
    assert_eq!(received, message);
    assert!(rest.is_empty());
    // The client side cuts the same message into chunks that reassemble to it.
    let chunks: Vec<_> = bdat_chunks(&message, 100_000).collect();
    assert_eq!(
        chunks
            .iter()
            .map(|c| (c.size(), c.last))
            .collect::<Vec<_>>(),
        [(100_000, false), (324, true)]
    );
    assert_eq!(chunks.concat_data(), message);
}

trait ConcatData {
    fn concat_data(&self) -> Vec<u8>;
}

impl ConcatData for Vec<BdatChunk<'_>> {
    fn concat_data(&self) -> Vec<u8> {
        self.iter().flat_map(|c| c.data.iter().copied()).collect()
    }
}
