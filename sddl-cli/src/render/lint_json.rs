//! JSON Lines wire format of `sddl lint --format json`: exactly one object per input, in input
//! order, compact, each on its own line.
//!
//! ```text
//! {"input":"D:(A;;GA;;;WD)","ok":true,"errors":[],"diagnostics":[{"code":"SDDL001","name":"everyone-full-control","severity":"error","message":"...","start":3,"end":13,"labels":[{"start":11,"end":13,"text":"..."}],"help":"...","note":"...","fix":{"title":"...","applicability":"unsafe","edits":[{"start":6,"end":8,"replacement":"GR"}]},"url":"..."}]}
//! ```
//!
//! `ok` is false when the input is not valid SDDL; `errors` then holds the syntax errors (as
//! `fmt --format json` has them) and `diagnostics` what the rules found in what did parse.
//! Offsets are bytes into the input, `end` exclusive. `help`, `note` and `fix` are `null` when
//! absent. Fields are never renamed or removed; new ones may be added.

use super::json::JsonError;
use serde::Serialize;

/// The lint result of one input.
#[derive(Debug, Serialize)]
pub struct LintLine<'a> {
    pub input: &'a str,
    pub ok: bool,
    pub errors: Vec<JsonError<'a>>,
    pub diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Debug, Serialize)]
pub struct JsonDiagnostic<'a> {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: &'static str,
    pub message: &'a str,
    pub start: u32,
    pub end: u32,
    pub labels: Vec<JsonLabel<'a>>,
    pub help: Option<&'a str>,
    pub note: Option<&'a str>,
    pub fix: Option<JsonFix<'a>>,
    pub url: &'a str,
}

#[derive(Debug, Serialize)]
pub struct JsonLabel<'a> {
    pub start: u32,
    pub end: u32,
    pub text: &'a str,
}

#[derive(Debug, Serialize)]
pub struct JsonFix<'a> {
    pub title: &'a str,
    /// `safe`, `unsafe` or `display-only`.
    pub applicability: &'static str,
    pub edits: Vec<JsonEdit<'a>>,
}

#[derive(Debug, Serialize)]
pub struct JsonEdit<'a> {
    pub start: u32,
    pub end: u32,
    pub replacement: &'a str,
}

impl<'a> From<&'a sddl_lint::Diagnostic> for JsonDiagnostic<'a> {
    fn from(d: &'a sddl_lint::Diagnostic) -> Self {
        JsonDiagnostic {
            code: d.code,
            name: d.name,
            severity: d.severity.as_str(),
            message: &d.message,
            start: d.span.start,
            end: d.span.end,
            labels: d
                .labels
                .iter()
                .map(|l| JsonLabel {
                    start: l.span.start,
                    end: l.span.end,
                    text: &l.text,
                })
                .collect(),
            help: d.help.as_deref(),
            note: d.note.as_deref(),
            fix: d.fix.as_ref().map(|f| JsonFix {
                title: &f.title,
                applicability: f.applicability.as_str(),
                edits: f
                    .edits
                    .iter()
                    .map(|e| JsonEdit {
                        start: e.span.start,
                        end: e.span.end,
                        replacement: &e.replacement,
                    })
                    .collect(),
            }),
            url: &d.url,
        }
    }
}
