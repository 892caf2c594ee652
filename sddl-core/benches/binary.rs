//! Throughput of the binary codec over Windows' own descriptors.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sddl_core::binary::{decode, encode, EncodeOptions};
use std::hint::black_box;

#[path = "support/windows_samples.rs"]
mod windows_samples;
use windows_samples::windows_samples as samples;

fn bench(c: &mut Criterion) {
    let bytes = samples();
    let models: Vec<_> = bytes.iter().map(|b| decode(b).unwrap()).collect();
    let total: usize = bytes.iter().map(Vec::len).sum();
    let opts = EncodeOptions::default();
    let mut g = c.benchmark_group("binary");
    g.throughput(Throughput::Bytes(total as u64));
    g.bench_function("decode windows vectors", |b| {
        b.iter(|| {
            for x in &bytes {
                black_box(decode(black_box(x)).unwrap());
            }
        })
    });
    g.bench_function("encode windows vectors", |b| {
        b.iter(|| {
            for m in &models {
                black_box(encode(black_box(m), &opts).unwrap());
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
