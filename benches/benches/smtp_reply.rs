//! Reply parsing throughput (RFC 5321 §4.2): a client reading a server's replies, beside
//! Stalwart's `smtp-proto` 0.2 (`stalwart-smtp` here) on the same bytes.
//!
//! Two streams: the replies of mail transactions (greetings, `250`/`354`/`550`/`451`, single
//! and multi-line, with enhanced status codes), read with our [`Reply::parse`] and Stalwart's
//! `ResponseReceiver::parse`; and EHLO replies with 6 to 16 capabilities, read with our
//! [`EhloReply::parse`] and Stalwart's `EhloResponse::parse` (a bit set, the AUTH mechanisms as
//! bits, a few numbers). Ours keeps the capability lines and types them on demand, so its row
//! asks each reply for what Stalwart's holds (see `ours_ehlo`); `smtp-proto/parse` asks nothing,
//! `smtp-proto/typed` types every capability, and `smtp-proto/reply` reads the EHLO stream as plain replies. Target: ours
//! ≥ 1.5× Stalwart.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use mail_benches::{Rng, ehlo_replies, transaction_replies};
use smtp_proto::reply::{EhloReply, Parsed, Reply};
use stalwart_smtp::EhloResponse;
use stalwart_smtp::response::parser::ResponseReceiver;

/// Replies of `stream` our parser read.
fn ours_replies(stream: &[u8]) -> usize {
    let (mut n, mut rest) = (0, stream);
    while let Ok(Parsed::Complete { value, consumed }) = Reply::parse(rest) {
        black_box(&value);
        n += 1;
        rest = &rest[consumed..];
    }
    n
}

/// EHLO replies of `stream` our parser read, with what Stalwart's `EhloResponse` holds once
/// parsed taken from each: which typed keywords are present (a bit set in both), the SIZE
/// limit, the AUTH mechanisms (a bit set in both; ours tells whether there are others, read
/// as written with `auth_mechanisms`), and the DELIVERBY and MT-PRIORITY parameters (the
/// `min-by-time` number and the `priority-profile`; Stalwart's holds the number and the
/// profile as an enum). The input has no FUTURERELEASE.
fn ours_ehlo(stream: &[u8]) -> usize {
    let (mut n, mut rest) = (0, stream);
    while let Ok(Parsed::Complete { value, consumed }) = EhloReply::parse(rest) {
        let caps = &value.capabilities;
        black_box(caps.size_limit());
        black_box(caps.mechanism_set());
        black_box(caps.min_by_time());
        black_box(caps.priority_profile());
        black_box(&value);
        n += 1;
        rest = &rest[consumed..];
    }
    n
}

/// EHLO replies of `stream` our parser read, nothing asked of them: the parse alone finds the
/// typed keywords present (a bit set), the SIZE limit and the count.
fn ours_ehlo_parse(stream: &[u8]) -> usize {
    let (mut n, mut rest) = (0, stream);
    while let Ok(Parsed::Complete { value, consumed }) = EhloReply::parse(rest) {
        black_box(&value);
        n += 1;
        rest = &rest[consumed..];
    }
    n
}

/// EHLO replies of `stream` our parser read, every capability then typed
/// ([`Capabilities::iter`](smtp_proto::reply::Capabilities::iter)): more than Stalwart gives.
fn ours_ehlo_typed(stream: &[u8]) -> usize {
    let (mut n, mut rest) = (0, stream);
    while let Ok(Parsed::Complete { value, consumed }) = EhloReply::parse(rest) {
        for capability in &value.capabilities {
            black_box(capability);
        }
        n += 1;
        rest = &rest[consumed..];
    }
    n
}

/// Replies of `stream` Stalwart's parser read.
fn stalwart_replies(stream: &[u8]) -> usize {
    let mut n = 0;
    let mut bytes = stream.iter();
    let mut receiver = ResponseReceiver::default();
    while let Ok(response) = receiver.parse(&mut bytes) {
        black_box(&response);
        receiver.reset();
        n += 1;
    }
    n
}

/// EHLO replies of `stream` Stalwart's parser read.
fn stalwart_ehlo(stream: &[u8]) -> usize {
    let mut n = 0;
    let mut bytes = stream.iter();
    while !bytes.as_slice().is_empty() {
        match EhloResponse::<String>::parse(&mut bytes) {
            Ok(response) => {
                black_box(&response);
                n += 1;
            }
            Err(_) => break,
        }
    }
    n
}

/// A parser of a whole stream, returning how many replies it read.
type Parser = fn(&[u8]) -> usize;

/// An input's name, its bytes, and the parsers timed on it.
type Case<'a> = (&'a str, &'a [u8], &'a [(&'a str, Parser)]);

fn replies(c: &mut Criterion) {
    const COUNT: usize = 200;
    let mut rng = Rng::new(0x5E4F);
    let transaction = transaction_replies(&mut rng, COUNT);
    let ehlo = ehlo_replies(&mut rng, COUNT);
    let cases: [Case<'_>; 2] = [
        (
            "transaction",
            &transaction,
            &[
                ("smtp-proto", ours_replies),
                ("stalwart-smtp", stalwart_replies),
            ],
        ),
        (
            "ehlo",
            &ehlo,
            &[
                ("smtp-proto", ours_ehlo),
                ("stalwart-smtp", stalwart_ehlo),
                ("smtp-proto/parse", ours_ehlo_parse),
                ("smtp-proto/typed", ours_ehlo_typed),
                ("smtp-proto/reply", ours_replies),
            ],
        ),
    ];
    // Every parser must read every reply, or the comparison means nothing.
    for (name, input, parsers) in &cases {
        for (parser, parse) in *parsers {
            assert_eq!(parse(input), COUNT, "{parser}, {name}");
        }
    }

    let mut group = c.benchmark_group("smtp-reply/bytes");
    for (name, input, parsers) in &cases {
        group.throughput(Throughput::Bytes(input.len() as u64));
        for (parser, parse) in *parsers {
            group.bench_with_input(BenchmarkId::new(*parser, name), input, |b, input| {
                b.iter(|| parse(black_box(input)));
            });
        }
    }
    group.finish();

    let mut group = c.benchmark_group("smtp-reply/replies");
    group.throughput(Throughput::Elements(COUNT as u64));
    for (name, input, parsers) in &cases {
        for (parser, parse) in *parsers {
            group.bench_with_input(BenchmarkId::new(*parser, name), input, |b, input| {
                b.iter(|| parse(black_box(input)));
            });
        }
    }
    group.finish();
}

criterion_group!(benches, replies);
criterion_main!(benches);
