//! Windows' own descriptor bytes from the conformance vectors (shared by the `binary` bench and
//! the `binary_loop` example through `#[path]`).

/// The `binary_hex` of every `"kind":"sd"` vector, as bytes.
pub fn windows_samples() -> Vec<Vec<u8>> {
    include_str!("../../tests/data/windows-binary-vectors.jsonl")
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
