//! Command parsing throughput (RFC 5321 §4.1): a server reading a client's command stream,
//! beside Stalwart's `smtp-proto` 0.2 (`stalwart-smtp` here) on the same bytes.
//!
//! Both sides get the whole CRLF-terminated stream and do their own framing: ours cuts lines
//! with [`smtp_proto::line::next_line`] and parses each with [`Command::parse`]; Stalwart's
//! `Request::parse` reads up to and including each LF from a byte iterator. Target: ours
//! ≥ 1.0× Stalwart.

use std::borrow::Cow;
use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use mail_benches::{Rng, command_stream};
use smtp_proto::command::{Command, ParseOptions};
use smtp_proto::line::{LineEndings, next_line};
use stalwart_smtp::Request;

/// The longest command line either parser is asked to take (RFC 5321 §4.5.3.1.4, raised by
/// the ESMTP parameters' extensions).
const LINE_LIMIT: usize = 4096;

/// Commands of `stream` our parser accepted, and lines it saw. Not inlined, so that a
/// profiler can count each side's instructions (`valgrind --toggle-collect`).
#[inline(never)]
fn ours(stream: &[u8], opts: &ParseOptions) -> (usize, usize) {
    let (mut ok, mut lines) = (0, 0);
    let mut rest = stream;
    while let Ok(Some(line)) = next_line(rest, LINE_LIMIT, LineEndings::AcceptBareLf) {
        lines += 1;
        if let Ok(command) = Command::parse(line.text, opts) {
            black_box(&command);
            ok += 1;
        }
        rest = &rest[line.consumed..];
    }
    (ok, lines)
}

/// Commands of `stream` Stalwart's parser accepted, and lines it saw.
#[inline(never)]
fn stalwart(stream: &[u8]) -> (usize, usize) {
    let (mut ok, mut lines) = (0, 0);
    let mut bytes = stream.iter();
    while !bytes.as_slice().is_empty() {
        lines += 1;
        if let Ok(request) = Request::<Cow<'_, str>>::parse(&mut bytes) {
            black_box(&request);
            ok += 1;
        }
    }
    (ok, lines)
}

/// The lines of `stream` that start with `prefix`, as a stream of their own.
fn only(stream: &[u8], prefix: &[u8]) -> Vec<u8> {
    stream
        .split_inclusive(|&b| b == b'\n')
        .filter(|line| line.starts_with(prefix))
        .flatten()
        .copied()
        .collect()
}

fn commands(c: &mut Criterion) {
    let opts = ParseOptions::new();
    let stream = command_stream(&mut Rng::new(0xC0DE), 100);
    let inputs = [
        ("session", stream.clone()),
        ("mail", only(&stream, b"MAIL ")),
        ("rcpt", only(&stream, b"RCPT ")),
    ];
    // Both parsers must accept every line, or the comparison means nothing.
    let mut counts = Vec::new();
    for (name, input) in &inputs {
        let lines = input.iter().filter(|&&b| b == b'\n').count();
        assert_eq!(ours(input, &opts), (lines, lines), "ours, {name}");
        assert_eq!(stalwart(input), (lines, lines), "stalwart-smtp, {name}");
        counts.push(lines);
    }

    let mut group = c.benchmark_group("smtp-command/bytes");
    let (name, input) = &inputs[0];
    group.throughput(Throughput::Bytes(input.len() as u64));
    group.bench_with_input(BenchmarkId::new("smtp-proto", name), input, |b, input| {
        b.iter(|| ours(black_box(input), &opts));
    });
    group.bench_with_input(
        BenchmarkId::new("stalwart-smtp", name),
        input,
        |b, input| {
            b.iter(|| stalwart(black_box(input)));
        },
    );
    group.finish();

    let mut group = c.benchmark_group("smtp-command/commands");
    for ((name, input), lines) in inputs.iter().zip(counts) {
        group.throughput(Throughput::Elements(lines as u64));
        group.bench_with_input(BenchmarkId::new("smtp-proto", name), input, |b, input| {
            b.iter(|| ours(black_box(input), &opts));
        });
        group.bench_with_input(
            BenchmarkId::new("stalwart-smtp", name),
            input,
            |b, input| {
                b.iter(|| stalwart(black_box(input)));
            },
        );
    }
    group.finish();
}

criterion_group!(benches, commands);
criterion_main!(benches);
