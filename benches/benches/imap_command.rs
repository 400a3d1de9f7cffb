//! IMAP command parsing and writing (RFC 3501 §6, RFC 9051 §6): a server reading a client's
//! command stream, beside duesee's `imap-codec` 2.0.0-alpha.10 (`CommandCodec`) on the same
//! bytes in the same run.
//!
//! The stream is cut into messages once, by our [`Framer`], outside the measurement (a
//! message is a command's lines and literals, contiguous, up to its final CRLF). Each
//! parser then reads every message: ours with [`Command::parse`] (and [`Done::parse`] for
//! the `DONE` that ends IDLE), imap-codec with `CommandCodec::decode` (`IdleDoneCodec` for
//! `DONE`). The encode rows write every parsed command back to octets (ours through a
//! [`Writer`], imap-codec through `CommandCodec::encode(..).dump()`). Target: ours ≥ 2×
//! imap-codec.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use imap_codec::decode::Decoder;
use imap_codec::encode::Encoder;
use imap_codec::{CommandCodec, IdleDoneCodec};
use imap_proto::command::{Command, Done};
use imap_proto::encode::{EncodeOptions, Writer};
use imap_proto::frame::{Direction, Framer};
use mail_benches::Rng;

/// Header field names a client asks for in `BODY.PEEK[HEADER.FIELDS (…)]`.
const FIELDS: &[&str] = &[
    "DATE",
    "FROM",
    "TO",
    "CC",
    "SUBJECT",
    "MESSAGE-ID",
    "IN-REPLY-TO",
    "REFERENCES",
    "CONTENT-TYPE",
    "X-PRIORITY",
    "LIST-ID",
    "REPLY-TO",
];

const MAILBOXES: &[&str] = &[
    "INBOX",
    "Sent",
    "Drafts",
    "Archive/2025",
    "\"Junk E-mail\"",
    "Lists/rust-users",
    "&ZeVnLIqe-",
];

const WORDS: &[&str] = &[
    "invoice", "meeting", "report", "hello", "urgent", "lunch", "release", "draft",
];

const FLAGS: &[&str] = &[
    "\\Seen",
    "\\Flagged",
    "\\Deleted",
    "\\Answered",
    "$Forwarded",
];

fn uid_set(rng: &mut Rng) -> String {
    let a = rng.range(1, 90_000);
    match rng.range(0, 4) {
        0 => format!("{a}"),
        1 => format!("{a}:{}", a + rng.range(1, 500)),
        2 => format!("{a}:*"),
        _ => format!("{a},{}:{},{}", a + 3, a + 10, a + 40),
    }
}

/// A nested search program: flags, dates, strings, OR / NOT / parentheses.
fn search_keys(rng: &mut Rng, depth: usize) -> String {
    let leaf = |rng: &mut Rng| -> String {
        match rng.range(0, 9) {
            0 => "UNSEEN".into(),
            1 => "FLAGGED".into(),
            2 => format!("SINCE {}-Nov-2026", rng.range(1, 29)),
            3 => format!("FROM \"{}@example.com\"", rng.pick(WORDS)),
            4 => format!("SUBJECT {}", rng.pick(WORDS)),
            5 => format!("LARGER {}", rng.range(1000, 100_000)),
            6 => "NOT DELETED".into(),
            7 => format!("HEADER List-Id {}", rng.pick(WORDS)),
            _ => format!("UID {}", uid_set(rng)),
        }
    };
    if depth == 0 {
        return leaf(rng);
    }
    match rng.range(0, 4) {
        0 => format!(
            "OR {} {}",
            search_keys(rng, depth - 1),
            search_keys(rng, depth - 1)
        ),
        1 => format!(
            "({} {})",
            search_keys(rng, depth - 1),
            search_keys(rng, depth - 1)
        ),
        2 => format!("NOT {}", search_keys(rng, depth - 1)),
        _ => leaf(rng),
    }
}

/// A client session: log in, select, then mostly FETCH, SEARCH, STORE, with APPENDs, LISTs,
/// STATUS polls and IDLE.
fn command_stream(rng: &mut Rng, commands: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut n = 0;
    let mut tag = || {
        n += 1;
        format!("A{n:04}")
    };
    out.extend_from_slice(format!("{} LOGIN fred \"p4ss w0rd\"\r\n", tag()).as_bytes());
    out.extend_from_slice(format!("{} CAPABILITY\r\n", tag()).as_bytes());
    for _ in 0..commands {
        let t = tag();
        let line = match rng.range(0, 20) {
            0..=5 => {
                let fields: Vec<&str> = (0..rng.range(3, 9)).map(|_| *rng.pick(FIELDS)).collect();
                let items = match rng.range(0, 3) {
                    0 => format!(
                        "(UID RFC822.SIZE FLAGS INTERNALDATE BODY.PEEK[HEADER.FIELDS ({})])",
                        fields.join(" ")
                    ),
                    1 => "(UID FLAGS BODYSTRUCTURE)".into(),
                    _ => "(FLAGS)".into(),
                };
                format!("{t} UID FETCH {} {items}\r\n", uid_set(rng))
            }
            6..=8 => format!("{t} UID SEARCH {}\r\n", search_keys(rng, 3)),
            9..=10 => format!(
                "{t} UID STORE {} {}FLAGS.SILENT ({} {})\r\n",
                uid_set(rng),
                if rng.range(0, 2) == 0 { "+" } else { "-" },
                rng.pick(FLAGS),
                rng.pick(FLAGS)
            ),
            11 => {
                let mut m = String::new();
                let len = rng.range(300, 3000);
                while m.len() < len {
                    let word: &&str = rng.pick(WORDS);
                    m.push_str(word);
                    m.push_str(if rng.range(0, 8) == 0 { "\r\n" } else { " " });
                }
                format!(
                    "{t} APPEND {} (\\Seen) \"{:2}-Nov-2026 10:{:02}:00 +0100\" {{{}}}\r\n{m}\r\n",
                    rng.pick(MAILBOXES),
                    rng.range(1, 29),
                    rng.range(0, 60),
                    m.len()
                )
            }
            12 => format!("{t} LIST \"\" \"*\"\r\n"),
            13 => format!(
                "{t} STATUS {} (MESSAGES UNSEEN UIDNEXT)\r\n",
                rng.pick(MAILBOXES)
            ),
            14 => format!("{t} IDLE\r\nDONE\r\n"),
            15 => format!("{t} SELECT {}\r\n", rng.pick(MAILBOXES)),
            16 => format!("{t} UID COPY {} {}\r\n", uid_set(rng), rng.pick(MAILBOXES)),
            17 => format!("{t} NOOP\r\n"),
            18 => format!(
                "{t} UID SORT (REVERSE DATE SUBJECT) UTF-8 {}\r\n",
                search_keys(rng, 1)
            ),
            _ => format!("{t} EXPUNGE\r\n"),
        };
        out.extend_from_slice(line.as_bytes());
    }
    out.extend_from_slice(format!("{} LOGOUT\r\n", tag()).as_bytes());
    out
}

/// The stream's messages, as our framer cuts them (a `DONE` line is a message of its own).
fn messages(stream: &[u8]) -> Vec<&[u8]> {
    let mut framer = Framer::new(Direction::Commands);
    let (mut at, mut start, mut out) = (0, 0, Vec::new());
    while let Some(frame) = framer.next(&stream[at..]).unwrap() {
        at += frame.consumed;
        if frame.message_end {
            out.push(&stream[start..at]);
            start = at;
        }
    }
    assert_eq!(at, stream.len());
    out
}

fn is_done(message: &[u8]) -> bool {
    message == b"DONE\r\n"
}

/// Messages ours parsed (not inlined, so that callgrind can count one pass).
#[inline(never)]
fn ours(messages: &[&[u8]]) -> usize {
    let mut ok = 0;
    for m in messages {
        if is_done(m) {
            ok += usize::from(Done::parse(m).is_ok());
        } else if let Ok(command) = Command::parse(m) {
            black_box(&command);
            ok += 1;
        }
    }
    ok
}

/// Messages imap-codec parsed (not inlined, as [`ours`]).
#[inline(never)]
fn codec(messages: &[&[u8]]) -> usize {
    let (commands, done) = (CommandCodec::new(), IdleDoneCodec::new());
    let mut ok = 0;
    for m in messages {
        if is_done(m) {
            ok += usize::from(done.decode(m).is_ok());
        } else if let Ok(command) = commands.decode(m) {
            black_box(&command);
            ok += 1;
        }
    }
    ok
}

fn bench(c: &mut Criterion) {
    let stream = command_stream(&mut Rng::new(0x1A4D), 2000);
    let messages = messages(&stream);
    let count = messages.len();
    // Both parsers must accept every message, or the comparison means nothing.
    assert_eq!(ours(&messages), count, "ours");
    assert_eq!(codec(&messages), count, "imap-codec");

    for (unit, throughput) in [
        ("bytes", Throughput::Bytes(stream.len() as u64)),
        ("commands", Throughput::Elements(count as u64)),
    ] {
        let mut group = c.benchmark_group(format!("imap-command/parse-{unit}"));
        group.throughput(throughput);
        group.bench_function("ours", |b| b.iter(|| ours(black_box(&messages))));
        group.bench_function("imap-codec", |b| b.iter(|| codec(black_box(&messages))));
        group.finish();
    }

    // Writing: the commands (not the DONE lines), parsed once by each side.
    let our_commands: Vec<Command<'_>> = messages
        .iter()
        .filter(|m| !is_done(m))
        .map(|m| Command::parse(m).unwrap().0)
        .collect();
    let codec_commands: Vec<_> = messages
        .iter()
        .filter(|m| !is_done(m))
        .map(|m| CommandCodec::new().decode(m).unwrap().1)
        .collect();
    let mut group = c.benchmark_group("imap-command/encode-commands");
    group.throughput(Throughput::Elements(our_commands.len() as u64));
    group.bench_function("ours", |b| {
        b.iter(|| {
            let mut total = 0;
            for command in &our_commands {
                let mut w = Writer::new(EncodeOptions::default());
                w.value(command);
                total += w.into_bytes().len();
            }
            total
        })
    });
    group.bench_function("imap-codec", |b| {
        let codec = CommandCodec::new();
        b.iter(|| {
            let mut total = 0;
            for command in &codec_commands {
                total += codec.encode(command).dump().len();
            }
            total
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
