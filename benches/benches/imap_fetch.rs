//! IMAP FETCH responses, as a client reads them: the same bytes through our parser, djc's
//! `imap-proto` (`parser::parse_response`) and `imap-codec` (`ResponseCodec`), beside our
//! framing stage alone and a `memchr` line scan.
//!
//! Our row `imap-proto (ours)` reads the stream with `Response::parse` (default quirks), as
//! the peers read it with theirs: one response after the other, literals included.
//!
//! - `imap_fetch/envelope`: 500 responses with `UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE
//!   BODYSTRUCTURE` (what a client asks to list a mailbox).
//! - `imap_fetch/body`: 40 responses with `UID BODY[]`, a 2-16 KB message as a literal.
//!
//! Every parser reads every response to a value; the first run checks they all parse and
//! count the same responses.
//!
//! `imap_fetch/encode-{envelope,body}`: a server writing the same responses, parsed once
//! beforehand by each side: ours through a [`Writer`], imap-codec through
//! `ResponseCodec::encode(..).dump()` (djc's `imap-proto` only parses).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use imap_codec::ResponseCodec;
use imap_codec::decode::Decoder;
use imap_codec::encode::Encoder;
use imap_proto::encode::{EncodeOptions, Writer};
use imap_proto::frame::{Direction, Framer};
use imap_proto::response::Response;
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

/// Our parser over the stream, response after response.
fn ours(mut input: &[u8]) -> usize {
    let mut n = 0;
    while !input.is_empty() {
        match Response::parse(input) {
            Ok((response, rest)) => {
                black_box(&response);
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
        assert_eq!(ours(bytes), *count, "{name}: imap-proto (ours)");
        assert_eq!(djc(bytes), *count, "{name}: imap-proto (djc)");
        assert_eq!(codec(bytes), *count, "{name}: imap-codec");

        let mut group = c.benchmark_group(format!("imap_fetch/{name}"));
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function("framing only (ours)", |b| {
            b.iter(|| ours_framed(black_box(bytes)))
        });
        group.bench_function("imap-proto (ours)", |b| b.iter(|| ours(black_box(bytes))));
        group.bench_function("imap-proto (djc)", |b| b.iter(|| djc(black_box(bytes))));
        group.bench_function("imap-codec", |b| b.iter(|| codec(black_box(bytes))));
        group.bench_function("memchr lines", |b| {
            b.iter(|| memchr_lines(black_box(bytes)))
        });
        group.finish();
        encode(c, name, bytes);
    }
}

/// Writing the responses of `bytes` again, each side from its own parsed values.
fn encode(c: &mut Criterion, name: &str, mut bytes: &[u8]) {
    let mut our_responses = Vec::new();
    let mut codec_responses = Vec::new();
    let codec = ResponseCodec::default();
    let mut rest = bytes;
    while !bytes.is_empty() {
        let (response, after) = Response::parse(bytes).expect("ours parses the workload");
        our_responses.push(response);
        bytes = after;
        let (after, response) = codec.decode(rest).expect("imap-codec parses the workload");
        codec_responses.push(response);
        rest = after;
    }
    let total: usize = our_responses
        .iter()
        .map(|r| {
            let mut w = Writer::new(EncodeOptions::default());
            w.value(r);
            w.into_bytes().len()
        })
        .sum();
    let mut group = c.benchmark_group(format!("imap_fetch/encode-{name}"));
    group.throughput(Throughput::Bytes(total as u64));
    group.bench_function("imap-proto (ours)", |b| {
        b.iter(|| {
            let mut n = 0;
            for response in &our_responses {
                let mut w = Writer::new(EncodeOptions::default());
                w.value(response);
                n += w.into_bytes().len();
            }
            n
        })
    });
    group.bench_function("imap-codec", |b| {
        b.iter(|| {
            let mut n = 0;
            for response in &codec_responses {
                n += codec.encode(response).dump().len();
            }
            n
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
