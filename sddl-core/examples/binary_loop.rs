//! Development aid for profiling the binary codec: decodes and re-encodes Windows' descriptors
//! from the conformance vectors N times (`cargo run --release --example binary_loop -- N`), so
//! `valgrind --tool=callgrind` can count what one pass costs.
use sddl_core::binary::{decode, encode, EncodeOptions};
use std::hint::black_box;

#[path = "../benches/support/windows_samples.rs"]
mod windows_samples;
use windows_samples::windows_samples;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1);
    let bytes = windows_samples();
    assert_eq!(bytes.len(), 3800, "the Windows vectors with bytes");
    let opts = EncodeOptions::default();
    for _ in 0..n {
        for b in &bytes {
            let sd = decode(black_box(b)).expect("Windows' bytes decode");
            black_box(encode(black_box(&sd), &opts).expect("re-encodes"));
        }
    }
}
