//! Every rule over the 4,194 Windows-verified vectors of `tests/data/windows-vectors.jsonl`
//! (descriptors from Samba's and Wine's Windows test suites: real default DACLs of AD objects,
//! files, registry keys, services, plus hand-made edge cases).
//!
//! Checks that linting never panics, that every span is inside the text and on character
//! boundaries, that every fix applies and gives SDDL that parses, and pins how often each rule
//! fires (with the first hits) in a snapshot, so a change in a rule's reach shows up in review.

use sddl_lint::{all_rules, lint, LintContext, Settings};
use std::collections::BTreeMap;
use std::fmt::Write;

#[test]
fn rules_over_the_windows_corpus() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/data/windows-vectors.jsonl"
    );
    let data = std::fs::read_to_string(path).expect("corpus");
    let settings = Settings::all();
    let mut linted = 0usize;
    let mut with_findings = 0usize;
    let mut hits: BTreeMap<&str, (usize, Vec<String>)> = BTreeMap::new();
    for line in data.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("json");
        if v["kind"] != "sd" || v["expect"] != "ok" {
            continue;
        }
        let input = v["input"].as_str().expect("input");
        let domain_sid = v["domain_sid"].as_str().and_then(|d| {
            sddl_lint::Principal::parse(d, None)
                .ok()
                .and_then(|p| p.sid.sid().copied())
        });
        let parsed = sddl_core::parse(input, &sddl_core::ParseOptions { domain_sid });
        if !parsed.errors.is_empty() {
            continue;
        }
        let cx = LintContext {
            domain_sid,
            ..Default::default()
        };
        let diags = lint(&parsed.sd, input, &cx, &settings);
        linted += 1;
        with_findings += usize::from(!diags.is_empty());
        for d in &diags {
            for span in std::iter::once(d.span).chain(d.labels.iter().map(|l| l.span)) {
                let r = span.range();
                assert!(
                    r.end <= input.len(),
                    "{}: span out of range in `{input}`",
                    d.code
                );
                assert!(input.is_char_boundary(r.start) && input.is_char_boundary(r.end));
            }
            if let Some(f) = &d.fix {
                let fixed = f.apply(input);
                let reparsed = sddl_core::parse(&fixed, &sddl_core::ParseOptions { domain_sid });
                assert!(
                    reparsed.errors.is_empty(),
                    "{} fix of `{input}` gives `{fixed}`",
                    d.code
                );
            }
            let e = hits.entry(d.code).or_default();
            e.0 += 1;
            if e.1.len() < 2 && input.len() <= 160 {
                e.1.push(format!("{input}\n      {}", d.message));
            }
        }
    }
    assert!(linted > 3000, "only {linted} vectors linted");
    let mut out = String::new();
    let _ = writeln!(
        out,
        "descriptors linted: {linted}, with findings: {with_findings}\n"
    );
    for rule in all_rules() {
        let (n, samples) = hits.remove(rule.code).unwrap_or_default();
        let _ = writeln!(out, "{} {}: {n}", rule.code, rule.name);
        for s in samples {
            let _ = writeln!(out, "    {s}");
        }
    }
    insta::assert_snapshot!(out);
}

/// The same corpus judged as every kind of object, as a duplex pipe with clients, and with
/// `EveryoneIncludesAnonymous` on: the kind-specific paths of every rule run over real
/// descriptors without panicking, with spans in bounds and fixes that parse.
#[test]
fn every_kind_over_the_corpus() {
    use sddl_core::objects::ObjectKind;
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/data/windows-vectors.jsonl"
    );
    let data = std::fs::read_to_string(path).expect("corpus");
    let settings = Settings::all();
    let mut contexts: Vec<LintContext> = ObjectKind::ALL
        .iter()
        .map(|k| LintContext {
            kind: Some(*k),
            ..Default::default()
        })
        .collect();
    for words in [
        "type=pipe pipe-mode=duplex client=NS client=AU client=AN",
        "type=pipe pipe-mode=inbound client=LS",
        "type=pipe pipe-mode=outbound client=S-1-5-21-1-2-3-1001 everyone-includes-anonymous=true",
    ] {
        contexts.push(LintContext::from_words(words).unwrap());
    }
    let mut runs = 0usize;
    for (n, line) in data.lines().enumerate() {
        // Every fourth vector keeps the debug-build run short.
        if n % 4 != 0 {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(line).expect("json");
        if v["kind"] != "sd" || v["expect"] != "ok" {
            continue;
        }
        let input = v["input"].as_str().expect("input");
        let parsed = sddl_core::parse(input, &Default::default());
        if !parsed.errors.is_empty() {
            continue;
        }
        for cx in &contexts {
            for d in lint(&parsed.sd, input, cx, &settings) {
                let r = d.span.range();
                assert!(r.end <= input.len() && input.is_char_boundary(r.start));
                if let Some(f) = &d.fix {
                    let fixed = f.apply(input);
                    assert!(
                        sddl_core::parse(&fixed, &Default::default())
                            .errors
                            .is_empty(),
                        "{} fix of `{input}` gives `{fixed}`",
                        d.code
                    );
                }
            }
            runs += 1;
        }
    }
    assert!(runs > 20_000, "{runs}");
}
