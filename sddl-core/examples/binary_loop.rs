//! Development aid for profiling the binary codec: decodes and re-encodes Windows' descriptors
//! from the conformance vectors N times (`cargo run --release --example binary_loop -- N`), so
//! `valgrind --tool=callgrind` can count what one pass costs.
use sddl_core::binary::{decode, encode, EncodeOptions};
use std::hint::black_box;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1);
    let bytes: Vec<Vec<u8>> = include_str!("../tests/data/windows-binary-vectors.jsonl")
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
        .collect();
    assert_eq!(bytes.len(), 3800, "the Windows vectors with bytes");
    let opts = EncodeOptions::default();
    for _ in 0..n {
        for b in &bytes {
            let sd = decode(black_box(b)).expect("Windows' bytes decode");
            black_box(encode(black_box(&sd), &opts).expect("re-encodes"));
        }
    }
}
