//! POP3 responses: what a client reads (listings and dot-stuffed `RETR` bodies) and what a
//! server writes (dot-stuffing), beside a `memchr` line scan and `memcpy` of the same octets.
//!
//! - `pop3/list`, `pop3/uidl`: a whole multi-line response of 1000 entries: lines framed by
//!   `line::next_line`, the first read by `StatusLine::parse`, the others by
//!   `ScanListing::parse` / `UniqueIdListing::parse` up to the `.` line.
//! - `pop3/retr`: 40 `RETR` responses of 2-16 KB: status line, then `body::Unstuffer` until
//!   the end of the body, the pieces appended to a reused `Vec` (as a client stores a message).
//! - `pop3/stuff`: the same messages stuffed and terminated by `body::Stuffer` into a reused
//!   `Vec`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use mail_benches::{Rng, pop3_message, pop3_retr_response, pop3_scan_listing, pop3_uidl_listing};
use pop3_proto::body::{Stuffer, Unstuffer};
use pop3_proto::line::{LineEndings, next_line};
use pop3_proto::response::{ScanListing, StatusLine, UniqueIdListing};

/// Reads one multi-line listing: the status line, then `entry` on every line until `.`.
fn listing<F: FnMut(&[u8]) -> bool>(mut input: &[u8], mut entry: F) -> usize {
    let mut n = 0;
    let Ok(Some(first)) = next_line(input, 512, LineEndings::Strict) else {
        return 0;
    };
    if StatusLine::parse(first.text).map_or(true, |s| !s.is_ok()) {
        return 0;
    }
    input = &input[first.consumed..];
    while let Ok(Some(line)) = next_line(input, 512, LineEndings::Strict) {
        input = &input[line.consumed..];
        if line.text == b"." {
            break;
        }
        n += usize::from(entry(line.text));
    }
    n
}

/// Every line of `input` found with `memchr`, nothing parsed: the framing ceiling.
fn memchr_lines(input: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', input).count()
}

/// Reads one `RETR` response into `out`: status line, then the un-stuffed body.
fn retr(input: &[u8], out: &mut Vec<u8>) -> usize {
    let Ok(Some(first)) = next_line(input, 512, LineEndings::Strict) else {
        return 0;
    };
    if StatusLine::parse(first.text).map_or(true, |s| !s.is_ok()) {
        return 0;
    }
    let mut rest = &input[first.consumed..];
    let mut unstuffer = Unstuffer::new();
    loop {
        let step = unstuffer.decode(rest);
        out.extend_from_slice(step.data);
        rest = &rest[step.consumed..];
        if step.end || rest.is_empty() {
            return out.len();
        }
    }
}

fn bench(c: &mut Criterion) {
    let mut rng = Rng::new(0x9093);
    let list = pop3_scan_listing(&mut rng, 1000);
    let uidl = pop3_uidl_listing(&mut rng, 1000);
    let messages: Vec<Vec<u8>> = (0..40)
        .map(|_| {
            let len = rng.range(2_048, 16_385);
            pop3_message(&mut rng, len)
        })
        .collect();
    let responses: Vec<Vec<u8>> = messages.iter().map(|m| pop3_retr_response(m)).collect();
    let message_bytes: usize = messages.iter().map(Vec::len).sum();
    let response_bytes: usize = responses.iter().map(Vec::len).sum();

    // Every entry parses and every body comes back as it was stored.
    let scan = |l: &[u8]| ScanListing::parse(l).is_ok();
    let uid = |l: &[u8]| UniqueIdListing::parse(l).is_ok();
    assert_eq!(listing(&list, scan), 1000);
    assert_eq!(listing(&uidl, uid), 1000);
    for (m, r) in messages.iter().zip(&responses) {
        let mut out = Vec::new();
        retr(r, &mut out);
        assert_eq!(&out, m);
        let stuffed = Stuffer::stuff_all(m);
        assert_eq!(
            stuffed,
            r[r.iter().position(|&b| b == b'\n').unwrap() + 1..]
        );
    }

    for (name, input, entry) in [
        ("list", &list, scan as fn(&[u8]) -> bool),
        ("uidl", &uidl, uid),
    ] {
        let mut group = c.benchmark_group(format!("pop3/{name}"));
        group.throughput(Throughput::Elements(1000));
        group.bench_function("pop3-proto", |b| {
            b.iter(|| listing(black_box(input), entry));
        });
        group.bench_function("memchr-lines", |b| {
            b.iter(|| memchr_lines(black_box(input)));
        });
        group.finish();
        let mut group = c.benchmark_group(format!("pop3/{name}-bytes"));
        group.throughput(Throughput::Bytes(input.len() as u64));
        group.bench_function("pop3-proto", |b| {
            b.iter(|| listing(black_box(input), entry));
        });
        group.finish();
    }

    let mut group = c.benchmark_group("pop3/retr");
    group.throughput(Throughput::Bytes(response_bytes as u64));
    let mut out = Vec::with_capacity(32 * 1024);
    group.bench_function("unstuffer", |b| {
        b.iter(|| {
            responses
                .iter()
                .map(|r| {
                    out.clear();
                    retr(black_box(r), &mut out)
                })
                .sum::<usize>()
        });
    });
    group.bench_function("memcpy", |b| {
        b.iter(|| {
            responses
                .iter()
                .map(|r| {
                    out.clear();
                    out.extend_from_slice(black_box(r));
                    out.len()
                })
                .sum::<usize>()
        });
    });
    group.finish();

    let mut group = c.benchmark_group("pop3/retr-messages");
    group.throughput(Throughput::Elements(responses.len() as u64));
    group.bench_function("unstuffer", |b| {
        b.iter(|| {
            responses
                .iter()
                .map(|r| {
                    out.clear();
                    retr(black_box(r), &mut out)
                })
                .sum::<usize>()
        });
    });
    group.finish();

    let mut group = c.benchmark_group("pop3/stuff");
    group.throughput(Throughput::Bytes(message_bytes as u64));
    group.bench_function("stuffer", |b| {
        b.iter(|| {
            messages
                .iter()
                .map(|m| {
                    out.clear();
                    let mut stuffer = Stuffer::new();
                    stuffer.push(black_box(m), &mut out);
                    stuffer.finish(&mut out);
                    out.len()
                })
                .sum::<usize>()
        });
    });
    group.bench_function("memcpy", |b| {
        b.iter(|| {
            messages
                .iter()
                .map(|m| {
                    out.clear();
                    out.extend_from_slice(black_box(m));
                    out.len()
                })
                .sum::<usize>()
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
