//! Windows conformance: `sddl-core` against what Windows did with the same strings.
//!
//! The vectors (`tests/data/windows-vectors.jsonl`, provenance in `tests/data/README.md`) record,
//! for each input, whether `ConvertStringSecurityDescriptorToSecurityDescriptor` accepted it and
//! what `ConvertSecurityDescriptorToStringSecurityDescriptor` printed back.
//!
//! - Vectors are grouped by `domain_sid`; each group is parsed and printed with that domain SID.
//! - `kind: "sd"`: the input is parsed as is; the canonical string is compared with `to_sddl`.
//! - `kind: "sid"`: the input is parsed as `O:<input>`. Its `canonical` is what
//!   `ConvertSidToStringSid` printed, always numeric (`CG` gives `S-1-3-1`), so it is compared
//!   with the parsed owner SID's string form, not with the descriptor formatter's output (which
//!   prints `O:CG`, as Windows does for descriptors).
//! - `kind: "condition"`: bare conditional expressions, tested with the condition grammar.
//!
//! For Windows-verified vectors, accept/reject agreement and canonical agreement must each be at
//! least 99.5%, and the vectors that disagree must be exactly those listed in
//! `tests/data/known-differences.md`: an unlisted disagreement fails, and so does a listed vector
//! that now agrees. Agreement on the other vectors is reported, not asserted.

use sddl_core::{FormatOptions, ParseOptions, Sid, SidRef};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};

const VECTORS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/windows-vectors.jsonl");
const KNOWN_DIFFERENCES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/known-differences.md");

/// Agreement required on Windows-verified vectors, in per mille (99.5%).
const REQUIRED_PER_MILLE: usize = 995;

#[derive(Debug, Deserialize)]
#[allow(dead_code)] // `binary_hex` and `windows_error` are kept for the binary codec's tests.
struct Vector {
    id: String,
    kind: Kind,
    input: String,
    expect: Expect,
    canonical: Option<String>,
    binary_hex: Option<String>,
    domain_sid: Option<String>,
    verified_on_windows: Option<bool>,
    windows_error: Option<String>,
    note: String,
    source: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Kind {
    Sd,
    Sid,
    Condition,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Expect {
    Ok,
    Error,
}

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn load() -> Vec<Vector> {
    read(VECTORS)
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("windows-vectors.jsonl line {}: {e}", i + 1))
        })
        .collect()
}

/// What our parser and formatter made of one vector.
#[derive(Debug)]
enum Outcome {
    Accepted {
        /// What to compare with the vector's `canonical`.
        canonical: String,
    },
    Rejected {
        first_error: String,
    },
    Panicked,
}

/// Parses a domain SID the way the CLI does: as the owner of `O:<sid>`.
fn domain_sid(text: &str) -> Sid {
    let parsed = sddl_core::parse(&format!("O:{text}"), &ParseOptions::default());
    assert!(
        parsed.errors.is_empty(),
        "domain SID {text}: {:?}",
        parsed.errors
    );
    match parsed.sd.owner.map(|o| o.sid) {
        Some(SidRef::Sid(sid)) => sid,
        other => panic!("domain SID {text} parsed as {other:?}"),
    }
}

fn run_vector(v: &Vector, domain: Option<Sid>) -> Outcome {
    let parse_opts = ParseOptions { domain_sid: domain };
    let format_opts = FormatOptions { domain_sid: domain };
    let input = match v.kind {
        Kind::Sid => format!("O:{}", v.input),
        Kind::Sd => v.input.clone(),
        Kind::Condition => unreachable!("conditions are filtered out"),
    };
    let result = catch_unwind(AssertUnwindSafe(|| {
        let parsed = sddl_core::parse(&input, &parse_opts);
        if let Some(e) = parsed.errors.first() {
            return Outcome::Rejected {
                first_error: format!(
                    "{}: {} at {}..{}",
                    e.code, e.message, e.span.start, e.span.end
                ),
            };
        }
        let canonical = match v.kind {
            Kind::Sid => match parsed.sd.owner.as_ref().map(|o| &o.sid) {
                Some(SidRef::Sid(sid)) => sid.to_string(),
                Some(SidRef::Unresolved(alias)) => alias.code.to_string(),
                None => String::from("<no owner>"),
            },
            _ => sddl_core::to_sddl(&parsed.sd, &format_opts),
        };
        Outcome::Accepted { canonical }
    }));
    result.unwrap_or(Outcome::Panicked)
}

/// How one vector compares with Windows.
#[derive(Debug, Default, Clone, Copy)]
struct Verdict {
    accept_agrees: bool,
    /// `None` when there is no canonical string to compare (rejections, or not recorded).
    canonical_agrees: Option<bool>,
    panicked: bool,
}

impl Verdict {
    fn agrees(self) -> bool {
        self.accept_agrees && self.canonical_agrees != Some(false) && !self.panicked
    }
}

fn judge(v: &Vector, outcome: &Outcome) -> Verdict {
    match outcome {
        Outcome::Panicked => Verdict {
            panicked: true,
            canonical_agrees: v.canonical.as_ref().map(|_| false),
            ..Verdict::default()
        },
        Outcome::Rejected { .. } => Verdict {
            accept_agrees: v.expect == Expect::Error,
            canonical_agrees: match (v.expect, &v.canonical) {
                (Expect::Ok, Some(_)) => Some(false),
                _ => None,
            },
            panicked: false,
        },
        Outcome::Accepted { canonical } => Verdict {
            accept_agrees: v.expect == Expect::Ok,
            canonical_agrees: match (v.expect, &v.canonical) {
                (Expect::Ok, Some(expected)) => Some(canonical == expected),
                _ => None,
            },
            panicked: false,
        },
    }
}

#[derive(Default)]
struct Tally {
    total: usize,
    accept_agree: usize,
    canonical_total: usize,
    canonical_agree: usize,
}

impl Tally {
    fn add(&mut self, v: Verdict) {
        self.total += 1;
        self.accept_agree += usize::from(v.accept_agrees && !v.panicked);
        if let Some(agrees) = v.canonical_agrees {
            self.canonical_total += 1;
            self.canonical_agree += usize::from(agrees);
        }
    }

    fn line(&self, what: &str) -> String {
        format!(
            "{what}: accept/reject {}/{} ({}), canonical {}/{} ({})",
            self.accept_agree,
            self.total,
            percent(self.accept_agree, self.total),
            self.canonical_agree,
            self.canonical_total,
            percent(self.canonical_agree, self.canonical_total),
        )
    }
}

fn percent(n: usize, d: usize) -> String {
    if d == 0 {
        return "n/a".into();
    }
    format!("{:.2}%", n as f64 * 100.0 / d as f64)
}

fn meets(n: usize, d: usize) -> bool {
    d == 0 || n * 1000 >= d * REQUIRED_PER_MILLE
}

/// The ids listed in `known-differences.md` (lines `- <id>: <reason>` under `## Differences`),
/// with their reasons; malformed entries are reported as problems.
fn known_differences(problems: &mut Vec<String>) -> BTreeMap<String, String> {
    let mut listed = BTreeMap::new();
    let mut in_list = false;
    for (i, line) in read(KNOWN_DIFFERENCES).lines().enumerate() {
        if line.starts_with("## ") {
            in_list = line.trim() == "## Differences";
            continue;
        }
        let Some(entry) = line.strip_prefix("- ").filter(|_| in_list) else {
            continue;
        };
        let Some((id, reason)) = entry.split_once(':') else {
            problems.push(format!(
                "known-differences.md line {}: expected `- <id>: <reason>`",
                i + 1
            ));
            continue;
        };
        let id = id.trim().trim_matches('`').to_string();
        let reason = reason.trim();
        if reason.is_empty() {
            problems.push(format!("known-differences.md: {id} has no reason"));
        }
        if listed.insert(id.clone(), reason.to_string()).is_some() {
            problems.push(format!("known-differences.md: {id} is listed twice"));
        }
    }
    listed
}

/// One line describing a disagreement, for the summary.
fn describe(v: &Vector, outcome: &Outcome) -> String {
    let expected = match (v.expect, &v.canonical) {
        (Expect::Ok, Some(c)) => format!("ok {c:?}"),
        (Expect::Ok, None) => "ok".to_string(),
        (Expect::Error, _) => format!("error {}", v.windows_error.as_deref().unwrap_or("")),
    };
    let got = match outcome {
        Outcome::Accepted { canonical } => format!("ok {canonical:?}"),
        Outcome::Rejected { first_error } => format!("error {first_error}"),
        Outcome::Panicked => "PANIC".to_string(),
    };
    format!(
        "{} [{}] input {:?}\n      windows: {}\n      sddl:    {}",
        v.id,
        short_source(&v.source),
        truncate(&v.input),
        truncate(&expected),
        truncate(&got)
    )
}

/// A coarse category of a vector, for the summary: whether it has a conditional (callback) or
/// resource-attribute ACE, which a separate grammar handles.
fn category(v: &Vector) -> &'static str {
    let b = v.input.as_bytes();
    let has_cond = b.iter().enumerate().any(|(i, &c)| {
        if c != b'(' {
            return false;
        }
        let rest = v.input[i + 1..].trim_start_matches([' ', '\t']);
        let Some(code) = rest.get(..2) else {
            return false;
        };
        let after = rest[2..].trim_start_matches([' ', '\t']);
        ["XA", "XD", "XU", "ZA", "RA"]
            .iter()
            .any(|t| t.eq_ignore_ascii_case(code))
            && after.starts_with(';')
    });
    if has_cond {
        "conditional or resource-attribute ACEs"
    } else {
        "other descriptors and SIDs"
    }
}

fn short_source(source: &str) -> &str {
    source.rsplit('/').next().unwrap_or(source)
}

fn truncate(s: &str) -> String {
    const MAX: usize = 200;
    match s.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

#[test]
fn windows_conformance() {
    let vectors = load();
    let all_ids: BTreeSet<&str> = vectors.iter().map(|v| v.id.as_str()).collect();
    assert_eq!(all_ids.len(), vectors.len(), "vector ids must be unique");

    // Group by domain SID; each group is run with its own options.
    let mut groups: BTreeMap<Option<&str>, Vec<&Vector>> = BTreeMap::new();
    for v in vectors.iter().filter(|v| v.kind != Kind::Condition) {
        groups.entry(v.domain_sid.as_deref()).or_default().push(v);
    }

    let mut verified = Tally::default();
    let mut unverified = Tally::default();
    let mut disagreeing: BTreeMap<&str, String> = BTreeMap::new();
    let mut unverified_disagreeing: Vec<String> = Vec::new();
    let mut by_source: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut by_category: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut panics = Vec::new();

    for (domain_text, group) in &groups {
        let domain = domain_text.map(domain_sid);
        for v in group {
            let outcome = run_vector(v, domain);
            let verdict = judge(v, &outcome);
            if verdict.panicked {
                panics.push(v.id.clone());
            }
            let is_verified = v.verified_on_windows == Some(true);
            if is_verified {
                verified.add(verdict);
                let source = by_source.entry(short_source(&v.source)).or_default();
                let cat = by_category.entry(category(v)).or_default();
                source.0 += 1;
                cat.0 += 1;
                if !verdict.agrees() {
                    source.1 += 1;
                    cat.1 += 1;
                    disagreeing.insert(&v.id, describe(v, &outcome));
                }
            } else {
                unverified.add(verdict);
                if !verdict.agrees() {
                    unverified_disagreeing.push(describe(v, &outcome));
                }
            }
        }
    }

    let mut problems = Vec::new();
    let listed = known_differences(&mut problems);
    for id in listed.keys() {
        match vectors.iter().find(|v| &v.id == id) {
            None => problems.push(format!(
                "known-differences.md lists {id}, which is no vector"
            )),
            Some(v) if v.verified_on_windows != Some(true) || v.kind == Kind::Condition => problems
                .push(format!(
                    "known-differences.md lists {id}, which this test does not hold to Windows \
                     (not verified, or a bare condition)"
                )),
            Some(_) if !disagreeing.contains_key(id.as_str()) => problems.push(format!(
                "{id} now agrees with Windows: remove it from known-differences.md"
            )),
            Some(_) => {}
        }
    }
    let unlisted: Vec<&String> = disagreeing
        .iter()
        .filter(|(id, _)| !listed.contains_key(**id))
        .map(|(_, d)| d)
        .collect();
    if !unlisted.is_empty() {
        problems.push(format!(
            "{} Windows-verified vectors disagree and are not in known-differences.md",
            unlisted.len()
        ));
    }
    if !panics.is_empty() {
        problems.push(format!("the parser or formatter panicked on {panics:?}"));
    }
    if !meets(verified.accept_agree, verified.total) {
        problems.push(format!(
            "accept/reject agreement {} is below 99.5%",
            percent(verified.accept_agree, verified.total)
        ));
    }
    if !meets(verified.canonical_agree, verified.canonical_total) {
        problems.push(format!(
            "canonical agreement {} is below 99.5%",
            percent(verified.canonical_agree, verified.canonical_total)
        ));
    }

    let mut summary = String::new();
    let _ = writeln!(
        summary,
        "\n== Windows conformance ({} vectors) ==",
        vectors.len()
    );
    let _ = writeln!(summary, "{}", verified.line("verified on Windows"));
    let _ = writeln!(
        summary,
        "{}  [reported, not asserted]",
        unverified.line("not verified")
    );
    let _ = writeln!(
        summary,
        "skipped: {} bare conditions (tested with the condition grammar)",
        vectors.iter().filter(|v| v.kind == Kind::Condition).count()
    );
    let _ = writeln!(
        summary,
        "verified disagreements: {} ({} listed in known-differences.md)",
        disagreeing.len(),
        listed.len()
    );
    for (cat, (total, bad)) in &by_category {
        let _ = writeln!(summary, "  {cat}: {bad} of {total} disagree");
    }
    for (source, (total, bad)) in &by_source {
        if *bad > 0 {
            let _ = writeln!(summary, "  {source}: {bad} of {total} disagree");
        }
    }
    for d in unlisted.iter().take(40) {
        let _ = writeln!(summary, "  unlisted: {d}");
    }
    if unlisted.len() > 40 {
        let _ = writeln!(summary, "  ... and {} more", unlisted.len() - 40);
    }
    for d in unverified_disagreeing.iter().take(10) {
        let _ = writeln!(summary, "  not verified, disagrees: {d}");
    }
    for p in &problems {
        let _ = writeln!(summary, "FAIL: {p}");
    }
    // Written straight to stderr so that the summary shows even when the test passes.
    let _ = std::io::stderr().write_all(summary.as_bytes());

    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The harness itself: a disagreement is noticed, and agreement is counted right.
/// `canonicalize` (one pass, `sddl fmt`'s path) gives what `parse` then `to_sddl` give, on every
/// input of the vectors (as `sd` and as an owner), each with its domain SID and without one.
#[test]
fn canonicalize_agrees_with_parse_and_print_on_every_vector() {
    let mut fused_ok = 0;
    for v in load().iter().filter(|v| v.kind != Kind::Condition) {
        let domains = [None, v.domain_sid.as_deref().map(domain_sid)];
        for input in [v.input.clone(), format!("O:{}", v.input)] {
            for domain in domains {
                let opts = ParseOptions { domain_sid: domain };
                let parsed = sddl_core::parse(&input, &opts);
                match sddl_core::canonicalize(&input, &opts) {
                    Ok(text) => {
                        assert!(parsed.errors.is_empty(), "{}: {input:?}", v.id);
                        let fopts = FormatOptions { domain_sid: domain };
                        assert_eq!(
                            text,
                            sddl_core::to_sddl(&parsed.sd, &fopts),
                            "{}: {input:?}",
                            v.id
                        );
                        fused_ok += 1;
                    }
                    Err(errors) => {
                        assert!(!parsed.errors.is_empty(), "{}: {input:?}", v.id);
                        assert_eq!(errors, parsed.errors, "{}: {input:?}", v.id);
                    }
                }
            }
        }
    }
    // The vectors are mostly valid descriptors: most of them print.
    assert!(fused_ok > 3_000, "{fused_ok}");
}

#[test]
fn judging() {
    let ok = Vector {
        id: "t-1".into(),
        kind: Kind::Sd,
        input: "D:(A;;GA;;;WD)".into(),
        expect: Expect::Ok,
        canonical: Some("D:(A;;GA;;;WD)".into()),
        binary_hex: None,
        domain_sid: None,
        verified_on_windows: Some(true),
        windows_error: None,
        note: String::new(),
        source: String::new(),
    };
    let same = Outcome::Accepted {
        canonical: "D:(A;;GA;;;WD)".into(),
    };
    let other = Outcome::Accepted {
        canonical: "D:(A;;0x10000000;;;WD)".into(),
    };
    let rejected = Outcome::Rejected {
        first_error: "x".into(),
    };
    assert!(judge(&ok, &same).agrees());
    assert!(!judge(&ok, &other).agrees());
    assert!(judge(&ok, &other).accept_agrees);
    assert!(!judge(&ok, &rejected).agrees());
    assert!(!judge(&ok, &Outcome::Panicked).agrees());

    let bad = Vector {
        expect: Expect::Error,
        canonical: None,
        ..ok
    };
    assert!(judge(&bad, &rejected).agrees());
    assert!(!judge(&bad, &same).agrees());
    assert_eq!(judge(&bad, &rejected).canonical_agrees, None);

    assert!(meets(995, 1000));
    assert!(!meets(994, 1000));
    assert!(meets(0, 0));
}
