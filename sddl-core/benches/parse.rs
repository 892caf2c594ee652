//! Throughput of parsing, of parse + canonical print through the model (`parse` then
//! `to_sddl`) and of the same in one pass (`canonicalize`, what `sddl fmt` runs) over the
//! benchmark corpus (`benches/data/bench-corpus.txt`), single thread. Figures go in
//! `docs/performance.md`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sddl_core::{canonicalize, parse, to_sddl, FormatOptions, ParseOptions, Sid};
use std::hint::black_box;

fn corpus() -> Vec<String> {
    include_str!("data/bench-corpus.txt")
        .lines()
        .map(str::to_string)
        .collect()
}

fn bench(c: &mut Criterion) {
    let lines = corpus();
    let bytes: usize = lines.iter().map(|l| l.len()).sum();
    // The corpus generator resolves domain aliases against this SID.
    let domain = Sid::new(1, 5, &[21, 1, 2, 3]);
    let popts = ParseOptions { domain_sid: domain };
    let fopts = FormatOptions { domain_sid: domain };
    let mut g = c.benchmark_group("corpus");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("parse", |b| {
        b.iter(|| {
            for l in &lines {
                black_box(parse(black_box(l), &popts));
            }
        })
    });
    g.bench_function("parse+format", |b| {
        b.iter(|| {
            for l in &lines {
                let p = parse(black_box(l), &popts);
                black_box(to_sddl(&p.sd, &fopts));
            }
        })
    });
    // The same job in one pass (`sddl fmt`'s path): the same text, without building the model.
    g.bench_function("canonicalize", |b| {
        b.iter(|| {
            for l in &lines {
                let _ = black_box(canonicalize(black_box(l), &popts));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
