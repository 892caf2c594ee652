//! Development aid for profiling: parses and prints every line of the benchmark corpus N times
//! (`cargo run --release --example corpus_loop -- N`), so `perf` or `valgrind --tool=callgrind`
//! can count what one pass costs.
use sddl_core::{parse, to_sddl, FormatOptions, ParseOptions, Sid};
use std::hint::black_box;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1);
    // Split once, as the criterion bench does, so a pass is parse + print alone.
    let lines: Vec<&str> = include_str!("../benches/data/bench-corpus.txt")
        .lines()
        .collect();
    let domain = Sid::new(1, 5, &[21, 1, 2, 3]);
    let popts = ParseOptions { domain_sid: domain };
    let fopts = FormatOptions { domain_sid: domain };
    for _ in 0..n {
        for &l in &lines {
            let p = parse(black_box(l), &popts);
            black_box(to_sddl(&p.sd, &fopts));
        }
    }
}
