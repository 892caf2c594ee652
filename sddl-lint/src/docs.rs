//! Rule documentation: the examples in it (which the tests run) and the generated rules page.

use crate::codes::CodeStatus;
use crate::registry::{all_rules, RuleMeta};

/// One ```` ```sddl ```` block of a rule's docs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocExample {
    /// The SDDL text.
    pub sddl: String,
    /// `true` for ```` ```sddl,expect_diagnostic ```` blocks (exactly one diagnostic of the
    /// rule), `false` for good blocks (none).
    pub expect_diagnostic: bool,
    /// The `key=value` words of a `<!-- ... -->` line just before the block (see
    /// [`crate::LintContext::from_words`]), or empty.
    pub context: String,
    /// The policy file the example is checked with: the last ```` ```toml,policy ```` block
    /// before it in the rule's docs, if any (the `policy-*` rules find nothing without one).
    pub policy: Option<String>,
    /// 1-based line of the block's opening fence in the docs.
    pub line: usize,
}

fn context_comment(line: &str) -> Option<&str> {
    line.trim()
        .strip_prefix("<!--")
        .and_then(|l| l.strip_suffix("-->"))
        .map(str::trim)
}

/// The SDDL examples of a rule's docs, in order.
pub fn doc_examples(rule: &RuleMeta) -> Vec<DocExample> {
    let docs = rule.docs();
    let lines: Vec<&str> = docs.lines().collect();
    let mut out = Vec::new();
    let mut policy = None;
    let mut i = 0;
    while i < lines.len() {
        let Some(info) = lines[i].trim().strip_prefix("```") else {
            i += 1;
            continue;
        };
        let tags: Vec<&str> = info.split(',').map(str::trim).collect();
        let start = i;
        let mut body = Vec::new();
        i += 1;
        while i < lines.len() && lines[i].trim() != "```" {
            body.push(lines[i]);
            i += 1;
        }
        i += 1;
        if tags == ["toml", "policy"] {
            policy = Some(body.join("\n"));
            continue;
        }
        if tags.first() != Some(&"sddl") {
            continue;
        }
        let context = lines[..start]
            .iter()
            .rev()
            .find(|l| !l.trim().is_empty())
            .and_then(|l| context_comment(l))
            .unwrap_or("")
            .to_string();
        out.push(DocExample {
            sddl: body.join("\n").trim().to_string(),
            expect_diagnostic: tags.contains(&"expect_diagnostic"),
            context,
            policy: policy.clone(),
            line: start + 1,
        });
    }
    out
}

/// `docs/rules.md`: every rule with its code, category, default severity, fix availability and
/// docs, generated from the registry.
pub fn rules_markdown() -> String {
    let mut s = String::new();
    s.push_str("# Rules\n\n");
    s.push_str(
        "<!-- Generated from the rule registry (`sddl-lint/src/rules/`) by `cargo test -p \
         sddl-lint`; run it with `UPDATE_RULES_DOC=1` to rewrite. Do not edit by hand. -->\n\n",
    );
    s.push_str(
        "Each rule has a stable code (never reused) and a name that reads as \"allow <name>\". \
         Examples marked *Context* are linted with that context (object type, pipe mode, \
         intended clients); examples after a *Policy file* are checked against that policy \
         ([policies.md](policies.md)).\n\n",
    );
    s.push_str("| code | name | category | default severity | fix |\n");
    s.push_str("| --- | --- | --- | --- | --- |\n");
    for r in all_rules() {
        s.push_str(&format!(
            "| {} | [{}](#{}-{}) | {} | {} | {} |\n",
            r.code,
            r.name,
            r.name,
            r.code.to_ascii_lowercase(),
            r.category,
            r.default_level,
            r.fix.as_str()
        ));
    }
    let retired: Vec<String> = crate::codes::CODES
        .iter()
        .filter_map(|e| match e.status {
            CodeStatus::Active(_) => None,
            CodeStatus::Redirect { old_name, to } => {
                Some(format!("- {} `{old_name}`: now {to}\n", e.code))
            }
            CodeStatus::Removed { old_name, reason } => {
                Some(format!("- {} `{old_name}`: removed. {reason}\n", e.code))
            }
        })
        .collect();
    if !retired.is_empty() {
        s.push_str("\nRetired codes (never reused; configuration naming them is redirected or rejected with the reason):\n\n");
        for r in retired {
            s.push_str(&r);
        }
    }
    for r in all_rules() {
        s.push_str(&format!("\n# {} ({})\n\n", r.name, r.code));
        s.push_str(&format!(
            "Category: {} · Default severity: {} · Fix: {}\n\n",
            r.category,
            r.default_level,
            r.fix.as_str()
        ));
        for line in r.docs().lines() {
            match context_comment(line) {
                Some(c) => s.push_str(&format!("*Context: `{c}`*\n")),
                None if line.trim() == "```toml,policy" => {
                    s.push_str("*Policy file:*\n\n```toml\n")
                }
                None => {
                    s.push_str(line);
                    s.push('\n');
                }
            }
        }
        if !r.options.is_empty() {
            s.push_str("\n## Options\n\n");
            for o in r.options {
                s.push_str(&format!(
                    "- `{}` (default `{}`): {}\n",
                    o.name, o.default, o.doc
                ));
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{lint, LintContext, Settings};

    /// Biome's rule: every `expect_diagnostic` example yields exactly one diagnostic, of this
    /// rule; every other example yields none of this rule. Examples must be valid SDDL.
    #[test]
    fn every_doc_example_behaves_as_documented() {
        let mut failures = Vec::new();
        for rule in all_rules() {
            // Scan-only rules judge comments in source files, not descriptors: their examples
            // are source code (tested in `scan::tests`).
            if crate::scan::SCAN_ONLY_RULES.contains(&rule.code) {
                continue;
            }
            let examples = doc_examples(rule);
            let bad = examples.iter().filter(|e| e.expect_diagnostic).count();
            if bad == 0 || bad == examples.len() {
                failures.push(format!(
                    "{}: needs at least one bad and one good example",
                    rule.name
                ));
            }
            for ex in examples {
                let cx = match LintContext::from_words(&ex.context) {
                    Ok(cx) => cx,
                    Err(e) => {
                        failures.push(format!("{} line {}: {e}", rule.name, ex.line));
                        continue;
                    }
                };
                let mut settings = Settings::only(&[rule.code]);
                if let Some(text) = &ex.policy {
                    match crate::PolicySet::parse(text) {
                        Ok(set) => settings = settings.with_policies(&set, None),
                        Err(e) => {
                            failures.push(format!("{} line {}: policy: {e:?}", rule.name, ex.line));
                            continue;
                        }
                    }
                } else if rule.name.starts_with("policy-") {
                    failures.push(format!(
                        "{} line {}: a policy rule's example needs a ```toml,policy block before it",
                        rule.name, ex.line
                    ));
                }
                let parsed = sddl_core::parse(
                    &ex.sddl,
                    &sddl_core::ParseOptions {
                        domain_sid: cx.domain_sid,
                    },
                );
                if !parsed.errors.is_empty() {
                    failures.push(format!(
                        "{} line {}: `{}` does not parse: {}",
                        rule.name, ex.line, ex.sddl, parsed.errors[0].message
                    ));
                    continue;
                }
                let diags = lint(&parsed.sd, &ex.sddl, &cx, &settings);
                let n = diags.iter().filter(|d| d.code == rule.code).count();
                let want = usize::from(ex.expect_diagnostic);
                if n != want || diags.len() != n {
                    failures.push(format!(
                        "{} line {}: `{}` gave {} diagnostic(s), expected {want}",
                        rule.name, ex.line, ex.sddl, n
                    ));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn every_rule_documents_the_required_sections() {
        for rule in all_rules() {
            let docs = rule.docs();
            for section in [
                "## What it does",
                "## Why is this bad?",
                "## Example",
                "Use instead:",
                "## References",
            ] {
                assert!(docs.contains(section), "{}: missing `{section}`", rule.name);
            }
            assert!(!rule.summary().is_empty(), "{}", rule.name);
        }
    }

    #[test]
    fn examples_carry_the_policy_before_them() {
        let rule = crate::rule_by_name("policy-missing-access").unwrap();
        let ex = doc_examples(rule);
        assert_eq!(ex.len(), 2);
        assert!(ex.iter().all(|e| e
            .policy
            .as_deref()
            .is_some_and(|p| p.contains("[[policy.allow]]"))));
        assert!(rules_markdown().contains("*Policy file:*\n\n```toml\n[[policy]]"));
        let other = crate::rule_by_name("null-dacl").unwrap();
        assert!(doc_examples(other).iter().all(|e| e.policy.is_none()));
    }

    #[test]
    fn examples_are_extracted_with_their_context() {
        let rule = crate::rule_by_name("duplex-pipe-read-only-client").unwrap();
        let ex = doc_examples(rule);
        assert!(ex[0].expect_diagnostic);
        assert!(ex[0].context.contains("pipe-mode=duplex"), "{:?}", ex[0]);
    }
}
