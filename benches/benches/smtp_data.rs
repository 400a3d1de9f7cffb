//! DATA throughput (RFC 5321 §4.5.2): un-stuffing a received message (server side) and stuffing
//! one for sending (client side), each beside a plain copy of the same octets (`memcpy`), so the
//! ratio to memory bandwidth can be read, and beside Stalwart's `smtp-proto` 0.2
//! (`stalwart-smtp` here) `DataReceiver`, which un-stuffs into a `Vec` byte by byte. Targets:
//! un-stuffing at ≥ 50 % of `memcpy`, and ≥ 1.0× Stalwart.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use mail_benches::{Rng, message};
use smtp_proto::data::{BareLinebreaks, Stuffer, Unstuffer, stuff};
use stalwart_smtp::request::receiver::DataReceiver;

fn data(c: &mut Criterion) {
    let mut rng = Rng::new(0xDA7A);
    let messages: Vec<(usize, Vec<u8>)> = [65_536, 1_048_576]
        .iter()
        .map(|&n| (n, message(&mut rng, n)))
        .collect();

    let mut group = c.benchmark_group("smtp-data/unstuff");
    for (n, content) in &messages {
        let wire = stuff(content);
        let mut out = Vec::with_capacity(wire.len());
        // Both decoders must find the end and give the same content, or the comparison means
        // nothing (the message has only CRLF line breaks, so no policy applies).
        let mut u = Unstuffer::new(BareLinebreaks::Normalise);
        assert!(u.decode(&wire, |c| out.extend_from_slice(c)).finished);
        let ours = std::mem::take(&mut out);
        let mut theirs = Vec::new();
        assert!(DataReceiver::new().ingest(&mut wire.iter(), &mut theirs));
        assert_eq!(ours.len(), content.len());
        assert_eq!(ours, theirs, "stalwart-smtp DataReceiver");
        out.reserve(wire.len());
        group.throughput(Throughput::Bytes(wire.len() as u64));
        group.bench_with_input(BenchmarkId::new("memcpy", n), &wire, |b, wire| {
            b.iter(|| {
                out.clear();
                out.extend_from_slice(std::hint::black_box(wire));
                out.len()
            });
        });
        group.bench_with_input(BenchmarkId::new("into-vec", n), &wire, |b, wire| {
            b.iter(|| ours_into_vec(std::hint::black_box(wire), &mut out));
        });
        group.bench_with_input(BenchmarkId::new("borrowed", n), &wire, |b, wire| {
            b.iter(|| ours_borrowed(std::hint::black_box(wire)));
        });
        group.bench_with_input(BenchmarkId::new("stalwart-smtp", n), &wire, |b, wire| {
            b.iter(|| stalwart(std::hint::black_box(wire), &mut out));
        });
        group.bench_with_input(
            BenchmarkId::new("into-vec-8KiB-reads", n),
            &wire,
            |b, wire| {
                b.iter(|| {
                    out.clear();
                    let mut u = Unstuffer::new(BareLinebreaks::Normalise);
                    for read in std::hint::black_box(wire).chunks(8192) {
                        u.decode(read, |c| out.extend_from_slice(c));
                    }
                    out.len()
                });
            },
        );
    }
    group.finish();

    // Harder text for the fast path, 64 KiB: every eighth line starting with `.` (stuffed on
    // the wire), and every line break a bare LF (each one reported and, under `Normalise`,
    // turned into CRLF; Stalwart's receiver is not run on it, it would not end).
    let mut group = c.benchmark_group("smtp-data/unstuff-awkward");
    let content = &messages[0].1;
    let mut dotted = Vec::with_capacity(content.len() + content.len() / 64);
    for (i, line) in content.split_inclusive(|&b| b == b'\n').enumerate() {
        if i % 8 == 7 {
            dotted.push(b'.');
        }
        dotted.extend_from_slice(line);
    }
    let dotted = stuff(&dotted);
    let mut theirs = Vec::new();
    assert!(DataReceiver::new().ingest(&mut dotted.iter(), &mut theirs));
    let mut ours = Vec::new();
    ours_into_vec(&dotted, &mut ours);
    assert_eq!(ours, theirs, "stalwart-smtp DataReceiver, dotted");
    let lf_only: Vec<u8> = content.iter().copied().filter(|&b| b != b'\r').collect();
    let mut out = Vec::with_capacity(2 * dotted.len());
    for (name, wire) in [("dotted", &dotted), ("lf-only", &lf_only)] {
        group.throughput(Throughput::Bytes(wire.len() as u64));
        group.bench_with_input(BenchmarkId::new("borrowed", name), wire, |b, wire| {
            b.iter(|| ours_borrowed(std::hint::black_box(wire)));
        });
        group.bench_with_input(BenchmarkId::new("into-vec", name), wire, |b, wire| {
            b.iter(|| ours_into_vec(std::hint::black_box(wire), &mut out));
        });
        if name == "dotted" {
            group.bench_with_input(BenchmarkId::new("stalwart-smtp", name), wire, |b, wire| {
                b.iter(|| stalwart(std::hint::black_box(wire), &mut out));
            });
        }
    }
    group.finish();

    let mut group = c.benchmark_group("smtp-data/stuff");
    for (n, content) in &messages {
        let mut out = Vec::with_capacity(content.len() * 2);
        group.throughput(Throughput::Bytes(content.len() as u64));
        group.bench_with_input(BenchmarkId::new("memcpy", n), content, |b, content| {
            b.iter(|| {
                out.clear();
                out.extend_from_slice(std::hint::black_box(content));
                out.len()
            });
        });
        group.bench_with_input(BenchmarkId::new("into-vec", n), content, |b, content| {
            b.iter(|| ours_stuff(std::hint::black_box(content), &mut out));
        });
    }
    group.finish();
}

// The measured loops, not inlined, so that callgrind can count one pass's instructions
// (`--toggle-collect='*smtp_data::ours_borrowed'`, divided by its calls).

/// Un-stuffs `wire` into `out` (cleared first); the content's length.
#[inline(never)]
fn ours_into_vec(wire: &[u8], out: &mut Vec<u8>) -> usize {
    out.clear();
    let mut u = Unstuffer::new(BareLinebreaks::Normalise);
    u.decode(wire, |c| out.extend_from_slice(c));
    out.len()
}

/// Un-stuffs `wire`, only counting the content's octets (no copy).
#[inline(never)]
fn ours_borrowed(wire: &[u8]) -> usize {
    let mut len = 0;
    let mut u = Unstuffer::new(BareLinebreaks::Normalise);
    u.decode(wire, |c| len += c.len());
    len
}

/// Stuffs `content` into `out` (cleared first), the end of data included.
#[inline(never)]
fn ours_stuff(content: &[u8], out: &mut Vec<u8>) -> usize {
    out.clear();
    let mut s = Stuffer::new();
    s.encode(content, |c| out.extend_from_slice(c));
    s.finish(|c| out.extend_from_slice(c));
    out.len()
}

/// Stalwart's `DataReceiver` un-stuffing `wire` into `out` (cleared first).
#[inline(never)]
fn stalwart(wire: &[u8], out: &mut Vec<u8>) -> usize {
    out.clear();
    let mut r = DataReceiver::new();
    r.ingest(&mut wire.iter(), out);
    out.len()
}

criterion_group!(benches, data);
criterion_main!(benches);
