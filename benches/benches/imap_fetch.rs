//! IMAP FETCH responses, as a client reads them: the same bytes through our parser, djc's
//! `imap-proto` (`parser::parse_response`) and `imap-codec` (`ResponseCodec`), beside our
//! framing stage alone and a `memchr` line scan.
//!
//! Our row `imap-proto (ours, msg-att)` skips each `* <n> FETCH ` prefix and parses the
//! `msg-att` list with `parse_msg_atts` (default quirks).
//!
//! - `imap_fetch/envelope`: 500 responses with `UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE
//!   BODYSTRUCTURE` (what a client asks to list a mailbox).
//! - `imap_fetch/body`: 40 responses with `UID BODY[]`, a 2-16 KB message as a literal.
//!
//! Every parser reads every response to a value; the first run checks they all parse and
//! count the same responses.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use imap_codec::ResponseCodec;
use imap_codec::decode::Decoder;
use imap_proto::frame::{Direction, Framer};
use imap_proto::response::Quirks;
use imap_proto::response::fetch::parse_msg_atts;
use mail_benches::Rng;
use mail_benches::imap_fetch::{fetch_bodies, fetch_envelopes};

/// Counts the messages our framing stage cuts (lines and literals, nothing parsed).
fn ours_framed(mut input: &[u8]) -> usize {
    let mut framer = Framer::new(Direction::Responses);
    let mut n = 0;
    while let Ok(Some(step)) = framer.next(input) {
        n += usize::from(step.message_end);
        input = &input[step.consumed..];
    }
    n
}

/// Our `msg-att` parser: skips each response's `* <n> FETCH ` prefix, parses the item list
/// and skips the CRLF (until `Response::parse` exists).
fn ours_msg_att(mut input: &[u8]) -> usize {
    let mut n = 0;
    while let Some(rest) = input.strip_prefix(b"* ") {
        let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        let Some(rest) = rest[digits..].strip_prefix(b" FETCH ") else {
            break;
        };
        match parse_msg_atts(rest, Quirks::default()) {
            Ok((items, rest)) => {
                black_box(&items);
                let Some(rest) = rest.strip_prefix(b"\r\n") else {
                    break;
                };
                input = rest;
                n += 1;
            }
            Err(_) => break,
        }
    }
    n
}

fn djc(mut input: &[u8]) -> usize {
    let mut n = 0;
    while !input.is_empty() {
        match djc_imap_proto::parser::parse_response(input) {
            Ok((rest, response)) => {
                black_box(&response);
                input = rest;
                n += 1;
            }
            Err(_) => break,
        }
    }
    n
}

fn codec(mut input: &[u8]) -> usize {
    let codec = ResponseCodec::default();
    let mut n = 0;
    while !input.is_empty() {
        match codec.decode(input) {
            Ok((rest, response)) => {
                black_box(&response);
                input = rest;
                n += 1;
            }
            Err(_) => break,
        }
    }
    n
}

fn memchr_lines(input: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', input).count()
}

fn bench(c: &mut Criterion) {
    let mut rng = Rng::new(0x1a4a);
    let workloads = [
        ("envelope", fetch_envelopes(&mut rng, 500), 500),
        ("body", fetch_bodies(&mut rng, 40), 40),
    ];
    for (name, bytes, count) in &workloads {
        assert_eq!(ours_framed(bytes), *count, "{name}: framing");
        assert_eq!(
            ours_msg_att(bytes),
            *count,
            "{name}: imap-proto (ours, msg-att)"
        );
        assert_eq!(djc(bytes), *count, "{name}: imap-proto (djc)");
        assert_eq!(codec(bytes), *count, "{name}: imap-codec");

        let mut group = c.benchmark_group(format!("imap_fetch/{name}"));
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function("framing only (ours)", |b| {
            b.iter(|| ours_framed(black_box(bytes)))
        });
        group.bench_function("imap-proto (ours, msg-att)", |b| {
            b.iter(|| ours_msg_att(black_box(bytes)))
        });
        group.bench_function("imap-proto (djc)", |b| b.iter(|| djc(black_box(bytes))));
        group.bench_function("imap-codec", |b| b.iter(|| codec(black_box(bytes))));
        group.bench_function("memchr lines", |b| {
            b.iter(|| memchr_lines(black_box(bytes)))
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
