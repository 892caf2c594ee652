//! Shared helpers for the binary-codec tests: the Windows vectors and the list of known
//! differences.

#![allow(dead_code)] // each test crate uses a different subset

use std::collections::BTreeMap;

/// One vector from `tests/data/windows-binary-vectors.jsonl`.
#[derive(Debug, Clone)]
pub struct Vector {
    pub id: String,
    /// `sd` or `sid`.
    pub kind: String,
    /// The string given to Windows.
    pub input: String,
    /// What Windows printed back, when recorded.
    pub canonical: Option<String>,
    /// The bytes Windows produced.
    pub binary: Vec<u8>,
    pub domain_sid: Option<String>,
}

pub fn hex(s: &str) -> Vec<u8> {
    assert!(s.len() % 2 == 0, "odd hex length");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex digit"))
        .collect()
}

pub fn to_hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

const DATA: &str = include_str!("../data/windows-binary-vectors.jsonl");
const KNOWN: &str = include_str!("../data/binary-known-differences.md");

pub fn vectors() -> Vec<Vector> {
    DATA.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("valid json line");
            let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_owned);
            let canonical = s("canonical");
            Vector {
                id: s("id").expect("id"),
                kind: s("kind").expect("kind"),
                // `input` is left out of the file when it equals `canonical`.
                input: s("input").or_else(|| canonical.clone()).expect("input"),
                canonical,
                binary: hex(&s("binary_hex").expect("binary_hex")),
                domain_sid: s("domain_sid"),
            }
        })
        .collect()
}

pub fn sd_vectors() -> Vec<Vector> {
    vectors().into_iter().filter(|v| v.kind == "sd").collect()
}

/// The vector ids listed under a `## <check>` heading of `binary-known-differences.md`
/// (lines of the form `- samba-123: reason`), with their reasons.
pub fn known_differences(check: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut inside = false;
    for line in KNOWN.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            inside = h.trim().starts_with(check);
            continue;
        }
        if !inside {
            continue;
        }
        if let Some(rest) = line.strip_prefix("- `") {
            if let Some((id, reason)) = rest.split_once('`') {
                out.insert(
                    id.to_owned(),
                    reason.trim_start_matches(':').trim().to_owned(),
                );
            }
        }
    }
    out
}

/// Checks an agreement result: at least `min_rate` agree, and every disagreement is listed
/// (with a reason) in the known-differences file under `check`. Listed ids that now agree are
/// reported too, so the list cannot go stale. Prints the agreement (`--nocapture` shows it).
#[allow(clippy::print_stderr)]
pub fn assert_agreement(
    check: &str,
    total: usize,
    failures: &BTreeMap<String, String>,
    min_rate: f64,
) {
    let known = known_differences(check);
    let unexplained: Vec<_> = failures
        .iter()
        .filter(|(id, _)| !known.contains_key(*id))
        .map(|(id, why)| format!("{id}: {why}"))
        .collect();
    let stale: Vec<_> = known
        .keys()
        .filter(|id| !failures.contains_key(*id))
        .collect();
    let agree = total - failures.len();
    let rate = agree as f64 / total as f64;
    eprintln!(
        "{check}: {agree}/{total} agree ({:.2}%), {} listed exceptions",
        rate * 100.0,
        known.len()
    );
    assert!(
        unexplained.is_empty(),
        "{check}: {} disagreements not in binary-known-differences.md:\n{}",
        unexplained.len(),
        unexplained.join("\n")
    );
    assert!(
        stale.is_empty(),
        "{check}: listed in binary-known-differences.md but now agree: {stale:?}"
    );
    assert!(total > 0, "{check}: no vectors");
    assert!(
        rate >= min_rate,
        "{check}: {agree}/{total} is below {:.1}%",
        min_rate * 100.0
    );
}
