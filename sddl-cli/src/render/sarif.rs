//! `sddl lint --format sarif`: one SARIF 2.1.0 log for the whole run, for code-scanning tools.
//!
//! - `runs[0].tool.driver.rules` lists every rule (on or off), in code order: `id` is the code,
//!   `name` the rule name, `shortDescription` the summary, `fullDescription` what the rule does
//!   and why (text) and its whole documentation (Markdown), `helpUri` its entry on the rules
//!   page, `defaultConfiguration` its default level (`enabled: false` for rules that are off
//!   by default, with the level they get when turned on).
//! - Each finding is a result with `ruleId`, `ruleIndex`, `level` (`error`, `warning`, `note`),
//!   `message.text`, one location, and its fix as a SARIF `fix` when it has one. A syntax error
//!   is a result too, its `ruleId` the `sddl::` code (not in `rules`: it is no lint rule).
//! - Inputs have no file: stdin line N is line N of the artifact `stdin`; argument N is the
//!   artifact `arguments/N`, a one-line text. Columns count UTF-16 code units, 1-based, as SARIF
//!   does by default (`columnKind: utf16CodeUnits`); `endColumn` is exclusive.

use crate::input::Origin;
use sddl_core::Span;
use sddl_lint::{all_rules, Diagnostic, Level, RuleMeta, Severity};
use serde::Serialize;

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
pub const VERSION: &str = "2.1.0";
pub const INFORMATION_URI: &str = "https://example.invalid/sddl";

#[derive(Debug, Serialize)]
pub struct Log {
    #[serde(rename = "$schema")]
    pub schema: &'static str,
    pub version: &'static str,
    pub runs: Vec<Run>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Run {
    pub tool: Tool,
    pub column_kind: &'static str,
    pub results: Vec<SarifResult>,
}

#[derive(Debug, Serialize)]
pub struct Tool {
    pub driver: Driver,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Driver {
    pub name: &'static str,
    pub version: &'static str,
    pub information_uri: &'static str,
    pub rules: Vec<Rule>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rule {
    pub id: &'static str,
    pub name: &'static str,
    pub short_description: Message,
    pub full_description: Message,
    pub help_uri: String,
    pub help: Message,
    pub default_configuration: Configuration,
    pub properties: RuleProperties,
}

#[derive(Debug, Serialize)]
pub struct Message {
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub markdown: Option<String>,
}

impl Message {
    fn text(text: impl Into<String>) -> Message {
        Message {
            text: text.into(),
            markdown: None,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct Configuration {
    pub enabled: bool,
    pub level: &'static str,
}

#[derive(Debug, Serialize)]
pub struct RuleProperties {
    pub category: &'static str,
    pub tags: Vec<&'static str>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SarifResult {
    pub rule_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule_index: Option<usize>,
    pub level: &'static str,
    pub message: Message,
    pub locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fixes: Vec<SarifFix>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    pub physical_location: PhysicalLocation,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PhysicalLocation {
    pub artifact_location: ArtifactLocation,
    pub region: Region,
}

#[derive(Debug, Clone, Serialize)]
pub struct ArtifactLocation {
    pub uri: String,
    pub description: MessageText,
}

#[derive(Debug, Clone, Serialize)]
pub struct MessageText {
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Region {
    pub start_line: usize,
    pub start_column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SarifFix {
    pub description: Message,
    pub artifact_changes: Vec<ArtifactChange>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ArtifactChange {
    pub artifact_location: ArtifactLocation,
    pub replacements: Vec<Replacement>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Replacement {
    pub deleted_region: Region,
    pub inserted_content: MessageText,
}

/// The SARIF level of a severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Where an input is, as a SARIF artifact (and a `file=` for GitHub annotations).
pub fn artifact(origin: Origin) -> ArtifactLocation {
    let (uri, text) = match origin {
        Origin::Stdin(n) => ("stdin".to_string(), format!("<stdin> line {n}")),
        Origin::Arg(n) => (format!("arguments/{n}"), format!("<argument {n}>")),
    };
    ArtifactLocation {
        uri,
        description: MessageText { text },
    }
}

/// The 1-based line and UTF-16 column of byte `offset` of an input from `origin`.
pub fn position(origin: Origin, text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_boundary(text, offset);
    let before = &text[..offset];
    let first_line = match origin {
        Origin::Stdin(n) => n,
        Origin::Arg(_) => 1,
    };
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let newlines = before.bytes().filter(|&b| b == b'\n').count();
    let column = text[line_start..offset].encode_utf16().count() + 1;
    (first_line + newlines, column)
}

fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The region of `span` in an input.
pub fn region(origin: Origin, text: &str, span: Span) -> Region {
    let (start_line, start_column) = position(origin, text, span.start as usize);
    let (end_line, end_column) = position(origin, text, span.end as usize);
    Region {
        start_line,
        start_column,
        end_line,
        end_column,
    }
}

/// A file found by `sddl scan`, as a SARIF artifact (`uri` relative, `/`-separated).
pub fn file_artifact(path: &str) -> ArtifactLocation {
    ArtifactLocation {
        uri: path.to_string(),
        description: MessageText {
            text: path.to_string(),
        },
    }
}

/// One result for a lint finding.
pub fn finding(origin: Origin, text: &str, d: &Diagnostic) -> SarifResult {
    finding_in(artifact(origin), |span| region(origin, text, span), d)
}

/// One result for a lint finding in `artifact`, `region` placing its spans.
pub fn finding_in(
    artifact: ArtifactLocation,
    region: impl Fn(Span) -> Region,
    d: &Diagnostic,
) -> SarifResult {
    let fixes = d
        .fix
        .iter()
        .map(|f| SarifFix {
            description: Message::text(format!("{} ({})", f.title, f.applicability.as_str())),
            artifact_changes: vec![ArtifactChange {
                artifact_location: artifact.clone(),
                replacements: f
                    .edits
                    .iter()
                    .map(|e| Replacement {
                        deleted_region: region(e.span),
                        inserted_content: MessageText {
                            text: e.replacement.clone(),
                        },
                    })
                    .collect(),
            }],
        })
        .collect();
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("; help: ");
        message.push_str(help);
    }
    SarifResult {
        rule_id: d.code.to_string(),
        rule_index: all_rules().iter().position(|r| r.code == d.code),
        level: level(d.severity),
        message: Message::text(message),
        locations: vec![location(artifact, region(d.span))],
        fixes,
    }
}

/// One result for a syntax error (`sddl::...`).
pub fn syntax_error(
    origin: Origin,
    text: &str,
    code: &str,
    message: &str,
    span: Span,
) -> SarifResult {
    syntax_error_in(artifact(origin), region(origin, text, span), code, message)
}

/// One result for a syntax error at `region` of `artifact`.
pub fn syntax_error_in(
    artifact: ArtifactLocation,
    region: Region,
    code: &str,
    message: &str,
) -> SarifResult {
    SarifResult {
        rule_id: code.to_string(),
        rule_index: None,
        level: "error",
        message: Message::text(message),
        locations: vec![location(artifact, region)],
        fixes: Vec::new(),
    }
}

fn location(artifact_location: ArtifactLocation, region: Region) -> Location {
    Location {
        physical_location: PhysicalLocation {
            artifact_location,
            region,
        },
    }
}

/// The log for a run's results.
pub fn log(results: Vec<SarifResult>) -> Log {
    Log {
        schema: SCHEMA,
        version: VERSION,
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "sddl",
                    version: env!("CARGO_PKG_VERSION"),
                    information_uri: INFORMATION_URI,
                    rules: all_rules().iter().map(|r| rule(r)).collect(),
                },
            },
            column_kind: "utf16CodeUnits",
            results,
        }],
    }
}

fn rule(r: &RuleMeta) -> Rule {
    let docs = r.docs();
    let (enabled, level) = match r.default_level {
        Level::Off => (false, r.category.enabled_level()),
        l => (true, l),
    };
    let level = level.severity().map_or("none", self::level);
    Rule {
        id: r.code,
        name: r.name,
        short_description: Message::text(r.summary()),
        full_description: Message {
            text: what_and_why(&docs),
            markdown: Some(docs.clone()),
        },
        help_uri: r.url(),
        help: Message {
            text: format!("{} See {}", r.summary(), r.url()),
            markdown: Some(docs),
        },
        default_configuration: Configuration { enabled, level },
        properties: RuleProperties {
            category: r.category.as_str(),
            tags: vec![r.category.as_str()],
        },
    }
}

/// The `What it does` and `Why is this bad?` sections of a rule's docs as plain paragraphs.
fn what_and_why(docs: &str) -> String {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    for line in docs.lines() {
        if line.starts_with("## Example") {
            break;
        }
        if line.starts_with("## ") || line.trim().is_empty() {
            if !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
            continue;
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(line.trim());
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_code_units_from_one() {
        let text = "D:(A;;GA;;;WD)";
        assert_eq!(position(Origin::Arg(1), text, 0), (1, 1));
        assert_eq!(position(Origin::Arg(1), text, 6), (1, 7));
        assert_eq!(position(Origin::Stdin(4), text, 6), (4, 7));
        // `é` is 2 bytes and 1 UTF-16 unit; `𝄞` is 4 bytes and 2 units.
        let text = "é𝄞x";
        assert_eq!(position(Origin::Arg(1), text, 2), (1, 2));
        assert_eq!(position(Origin::Arg(1), text, 6), (1, 4));
        // Lines of a multi-line argument.
        assert_eq!(position(Origin::Arg(1), "ab\ncd", 4), (2, 2));
    }

    #[test]
    fn every_rule_has_a_description_and_a_level() {
        let log = log(Vec::new());
        let rules = &log.runs[0].tool.driver.rules;
        assert_eq!(rules.len(), all_rules().len());
        for r in rules {
            assert!(!r.full_description.text.is_empty(), "{}", r.id);
            assert!(!r.full_description.text.contains("## "), "{}", r.id);
            assert_ne!(r.default_configuration.level, "none", "{}", r.id);
        }
    }
}
