//! Message parsing throughput: header section only, and the whole MIME tree.
//!
//! Peers (mail-parser, mailparse) join these groups in the performance issue.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use mail_benches::{Rng, message};
use mail_message::{HeaderSection, Message};

fn parse(c: &mut Criterion) {
    let mut rng = Rng::new(0x5EED);
    let inputs: Vec<(usize, Vec<u8>)> = [2_048, 16_384, 262_144]
        .iter()
        .map(|&n| (n, message(&mut rng, n)))
        .collect();

    let mut group = c.benchmark_group("message/header-only");
    for (n, input) in &inputs {
        group.throughput(Throughput::Bytes(
            HeaderSection::parse(input).body_offset() as u64
        ));
        group.bench_with_input(BenchmarkId::new("mail-message", n), input, |b, input| {
            b.iter(|| {
                HeaderSection::parse(std::hint::black_box(input))
                    .headers()
                    .len()
            });
        });
    }
    group.finish();

    let mut group = c.benchmark_group("message/tree");
    for (n, input) in &inputs {
        group.throughput(Throughput::Bytes(input.len() as u64));
        group.bench_with_input(BenchmarkId::new("mail-message", n), input, |b, input| {
            b.iter(|| {
                Message::parse(std::hint::black_box(input))
                    .map(|m| m.parts().count())
                    .unwrap_or(0)
            });
        });
    }
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
