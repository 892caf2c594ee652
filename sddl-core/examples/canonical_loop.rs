//! Development aid for profiling: `canonicalize` (the one-pass parse and canonical print that
//! `sddl fmt` uses) over every line of the benchmark corpus N times
//! (`cargo run --release --example canonical_loop -- N`); `corpus_loop` does the same with
//! `parse` then `to_sddl`. (Two binaries rather than a mode switch: with both loops in one
//! `main`, the compiler inlined the parser differently and `corpus_loop`'s count moved by 3 %.)
use sddl_core::{canonicalize, ParseOptions, Sid};
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
    let popts = ParseOptions {
        domain_sid: Sid::new(1, 5, &[21, 1, 2, 3]),
    };
    for _ in 0..n {
        for &l in &lines {
            let _ = black_box(canonicalize(black_box(l), &popts));
        }
    }
}
