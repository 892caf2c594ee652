//! `sddl rules`: the rule list (code, name, category, default severity, summary), or one
//! rule's documentation, the same text as its section of `docs/rules.md`.

use crate::args::{Format, RulesArgs};
use crate::commands::{write_json, CommandError, Streams};
use crate::exit::ExitStatus;
use sddl_lint::codes::{self, Resolved};
use sddl_lint::{all_rules, rule_by_code, rules_markdown, RuleMeta};
use serde::Serialize;
use std::io::{Read, Write};

pub fn run<R: Read, W: Write>(
    args: &RulesArgs,
    streams: &mut Streams<R, W>,
) -> Result<ExitStatus, CommandError> {
    let mut buf = Vec::new();
    let Some(key) = &args.rule else {
        match args.format {
            Format::Text => buf.extend_from_slice(table().as_bytes()),
            Format::Json => {
                let rules: Vec<RuleJson> = all_rules().iter().map(|r| RuleJson::new(r)).collect();
                write_json(&mut buf, &rules)?;
                buf.push(b'\n');
            }
        }
        streams.out.write(&buf)?;
        streams.out.flush()?;
        return Ok(ExitStatus::Success);
    };
    let rule = match codes::resolve(key) {
        Some(Resolved::Code(c)) | Some(Resolved::Redirected(_, c)) => {
            rule_by_code(c).expect("active codes have rules")
        }
        Some(Resolved::Removed(code, name, reason)) => {
            streams.out.note(&format!(
                "sddl rules: rule `{name}` ({code}) was removed: {reason}\n"
            ))?;
            return Ok(ExitStatus::Failure);
        }
        None => {
            let mut text = format!("sddl rules: error: no rule has the code or name `{key}`\n");
            if let Some(near) = closest(key) {
                text.push_str(&format!("  help: did you mean `{near}`?\n"));
            }
            text.push_str("  help: `sddl rules` lists them all\n");
            streams.out.note(&text)?;
            return Ok(ExitStatus::Error);
        }
    };
    if let Some(Resolved::Redirected(old, new)) = codes::resolve(key) {
        streams
            .out
            .note(&format!("sddl rules: `{key}` ({old}) is now {new}\n"))?;
    }
    match args.format {
        Format::Text => buf.extend_from_slice(section(rule).as_bytes()),
        Format::Json => {
            write_json(&mut buf, &RuleJson::new(rule))?;
            buf.push(b'\n');
        }
    }
    streams.out.write(&buf)?;
    streams.out.flush()?;
    Ok(ExitStatus::Success)
}

/// One line per rule, in aligned columns.
fn table() -> String {
    let rules = all_rules();
    let name_w = rules.iter().map(|r| r.name.len()).max().unwrap_or(0);
    let mut out = format!(
        "{:<7}  {:<name_w$}  {:<11}  {:<8}  summary\n",
        "code", "name", "category", "severity"
    );
    for r in rules {
        out.push_str(&format!(
            "{:<7}  {:<name_w$}  {:<11}  {:<8}  {}\n",
            r.code,
            r.name,
            r.category.as_str(),
            r.default_level.as_str(),
            r.summary()
        ));
    }
    out
}

/// The rule's section of the rules page, from its `# name (CODE)` heading to the next.
pub fn section(rule: &RuleMeta) -> String {
    let page = rules_markdown();
    let heading = format!("\n# {} ({})\n", rule.name, rule.code);
    let start = page
        .find(&heading)
        .expect("the rules page has a section per rule")
        + 1;
    let end = page[start + 1..]
        .find("\n# ")
        .map_or(page.len(), |i| start + 1 + i + 1);
    page[start..end].trim_end().to_string() + "\n"
}

/// The nearest rule name or code to a misspelt one.
fn closest(key: &str) -> Option<&'static str> {
    let key = key.to_ascii_lowercase();
    all_rules()
        .iter()
        .flat_map(|r| [r.name, r.code])
        .map(|c| (c, similarity(&key, &c.to_ascii_lowercase())))
        .filter(|(_, s)| *s >= 0.8)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(c, _)| c)
}

/// 1 minus the edit distance over the longer length.
fn similarity(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    let longest = a.len().max(b.len()).max(1);
    1.0 - prev[b.len()] as f64 / longest as f64
}

/// `sddl rules --format json`: an array of these; with a rule, one with `docs`.
/// `{"code", "name", "category", "severity", "docs", "fix_available"}` as issue 5's contract
/// names them, plus `default_severity` (same as `severity`), `fix` (`none`, `sometimes`,
/// `always`), `summary` and `url`.
#[derive(Serialize)]
struct RuleJson {
    code: &'static str,
    name: &'static str,
    category: &'static str,
    severity: &'static str,
    docs: String,
    fix_available: bool,
    default_severity: &'static str,
    fix: &'static str,
    summary: String,
    url: String,
}

impl RuleJson {
    fn new(r: &RuleMeta) -> Self {
        RuleJson {
            code: r.code,
            name: r.name,
            category: r.category.as_str(),
            severity: r.default_level.as_str(),
            docs: section(r),
            fix_available: !matches!(r.fix, sddl_lint::FixAvailability::None),
            default_severity: r.default_level.as_str(),
            fix: r.fix.as_str(),
            summary: r.summary(),
            url: r.url(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_its_section() {
        for r in all_rules() {
            let s = section(r);
            assert!(
                s.starts_with(&format!("# {} ({})\n", r.name, r.code)),
                "{s}"
            );
            assert!(!s[1..].contains("\n# "), "{}: section runs on", r.name);
        }
    }

    #[test]
    fn misspelt_names_find_the_rule() {
        assert_eq!(
            closest("everyone-full-contol"),
            Some("everyone-full-control")
        );
        assert_eq!(closest("zzzz"), None);
    }
}
