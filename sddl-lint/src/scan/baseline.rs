//! Accepted findings (`sddl scan --baseline FILE`): which findings a baseline holds, matched
//! by path, code and fingerprint, never by line, so that moving code does not bring them back.
//! Reading and writing the file is the CLI's; this is the matching.

use sddl_core::Span;
use std::collections::BTreeMap;

/// The fingerprint of a finding: 16 hex digits of a 64-bit FNV-1a digest of the literal, the
/// SDDL that was linted, and the finding's byte range and text in that SDDL. It depends on
/// nothing outside the literal (not the line, not the file), and is the same on every
/// platform and in every version that keeps this function.
pub fn fingerprint(literal: &str, sddl: &str, span: Span) -> String {
    let at = sddl
        .get(span.start as usize..span.end as usize)
        .unwrap_or("");
    let mut h = Fnv::default();
    for part in [
        literal,
        sddl,
        &span.start.to_string(),
        &span.end.to_string(),
        at,
    ] {
        h.write(part.as_bytes());
        // A separator that cannot occur in text, so that ("ab", "c") and ("a", "bc") differ.
        h.write(&[0xff]);
    }
    format!("{:016x}", h.0)
}

/// 64-bit FNV-1a: tiny, stable across platforms and releases (unlike `DefaultHasher`).
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

/// What identifies a finding in a baseline.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BaselineKey {
    /// The file, `/`-separated, relative to the baseline file's directory.
    pub path: String,
    pub code: String,
    pub fingerprint: String,
}

/// The accepted findings, as a multiset: a baseline entry accepts one finding, so a second copy
/// of an accepted finding in the same file is reported.
#[derive(Clone, Debug, Default)]
pub struct Baseline {
    left: BTreeMap<BaselineKey, usize>,
}

impl Baseline {
    pub fn new(keys: impl IntoIterator<Item = BaselineKey>) -> Baseline {
        let mut left = BTreeMap::new();
        for k in keys {
            *left.entry(k).or_insert(0) += 1;
        }
        Baseline { left }
    }

    /// Whether the baseline accepts a finding with this key (using up one entry).
    pub fn accept(&mut self, key: &BaselineKey) -> bool {
        match self.left.get_mut(key) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        }
    }

    /// Entries that accepted nothing so far (findings fixed since the baseline was written).
    pub fn unused(&self) -> usize {
        self.left.values().sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(path: &str, code: &str, fp: &str) -> BaselineKey {
        BaselineKey {
            path: path.into(),
            code: code.into(),
            fingerprint: fp.into(),
        }
    }

    #[test]
    fn fingerprints_depend_on_the_literal_and_the_span_only() {
        let sddl = "D:(A;;GA;;;WD)(A;;GA;;;AN)";
        let a = fingerprint(sddl, sddl, Span::from_range(6, 8));
        assert_eq!(a.len(), 16);
        assert_eq!(a, fingerprint(sddl, sddl, Span::from_range(6, 8)));
        // Another ACE of the same literal, another literal, another placeholder value.
        assert_ne!(a, fingerprint(sddl, sddl, Span::from_range(18, 20)));
        assert_ne!(
            a,
            fingerprint("D:(A;;GA;;;WD)", "D:(A;;GA;;;WD)", Span::from_range(6, 8))
        );
        assert_ne!(
            a,
            fingerprint("D:(A;;GA;;;%s)", sddl, Span::from_range(6, 8))
        );
        // Pinned: the value is part of the baseline file format.
        assert_eq!(
            fingerprint("D:(A;;GA;;;WD)", "D:(A;;GA;;;WD)", Span::from_range(6, 8)),
            "ab8fd5365287c61e"
        );
        // An out-of-range span does not panic.
        assert_eq!(fingerprint("", "", Span::from_range(3, 9)).len(), 16);
    }

    #[test]
    fn fnv_1a_test_vectors() {
        // From the FNV reference (Landon Curt Noll's test suite).
        let digest = |s: &str| {
            let mut h = Fnv::default();
            h.write(s.as_bytes());
            h.0
        };
        assert_eq!(digest(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(digest("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(digest("foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn a_baseline_is_a_multiset() {
        let mut b = Baseline::new([key("a.c", "SDDL001", "f"), key("a.c", "SDDL001", "f")]);
        assert_eq!(b.unused(), 2);
        assert!(b.accept(&key("a.c", "SDDL001", "f")));
        assert!(!b.accept(&key("b.c", "SDDL001", "f")));
        assert!(!b.accept(&key("a.c", "SDDL002", "f")));
        assert!(b.accept(&key("a.c", "SDDL001", "f")));
        // A third copy is new.
        assert!(!b.accept(&key("a.c", "SDDL001", "f")));
        assert_eq!(b.unused(), 0);
    }
}
