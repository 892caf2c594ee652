//! Throughput of the binary codec over Windows' own descriptors.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sddl_core::binary::{decode, encode, EncodeOptions};
use std::hint::black_box;

fn samples() -> Vec<Vec<u8>> {
    include_str!("../tests/data/windows-binary-vectors.jsonl")
        .lines()
        .filter(|l| l.contains("\"kind\":\"sd\""))
        .filter_map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).ok()?;
            let h = v.get("binary_hex")?.as_str()?;
            (0..h.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&h[i..i + 2], 16).ok())
                .collect()
        })
        .collect()
}

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
