//! `sddl scan --format rdjson`: reviewdog's diagnostic format (`reviewdog -f=rdjson`), one
//! `DiagnosticResult` document for the run:
//!
//! ```text
//! {"source":{"name":"sddl","url":"..."},"severity":"ERROR","diagnostics":[{"message":"...",
//!  "location":{"path":"src/server.c","range":{"start":{"line":4,"column":70},"end":{"line":4,"column":72}}},
//!  "severity":"ERROR","code":{"value":"SDDL001","url":"..."},"suggestions":[]}]}
//! ```
//!
//! As the format says (`proto/rdf/reviewdog.proto` in reviewdog's repository): lines and
//! columns are 1-based, columns count **bytes of UTF-8**, the end is exclusive; severities are
//! `ERROR`, `WARNING`, `INFO`. The top-level `severity` is the most severe of the diagnostics
//! (left out when there is none). `suggestions` is empty: scan offers no fixes (an edit of the
//! decoded SDDL is not an edit of the source).

use super::sarif::INFORMATION_URI;
use sddl_lint::Severity;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct DiagnosticResult<'a> {
    pub source: Source,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<&'static str>,
    pub diagnostics: Vec<Diagnostic<'a>>,
}

#[derive(Debug, Serialize)]
pub struct Source {
    pub name: &'static str,
    pub url: &'static str,
}

#[derive(Debug, Serialize)]
pub struct Diagnostic<'a> {
    pub message: String,
    pub location: Location<'a>,
    pub severity: &'static str,
    pub code: Code<'a>,
    pub suggestions: Vec<Suggestion>,
}

#[derive(Debug, Serialize)]
pub struct Location<'a> {
    pub path: &'a str,
    pub range: Range,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Range {
    pub start: Position,
    pub end: Position,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Serialize)]
pub struct Code<'a> {
    pub value: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub url: &'a str,
}

#[derive(Debug, Serialize)]
pub struct Suggestion {
    pub range: Range,
    pub text: String,
}

/// The severity of a diagnostic, as reviewdog spells it.
pub fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "ERROR",
        Severity::Warning => "WARNING",
        Severity::Info => "INFO",
    }
}

/// The document for a run's diagnostics.
pub fn result(diagnostics: Vec<Diagnostic<'_>>, worst: Option<Severity>) -> DiagnosticResult<'_> {
    DiagnosticResult {
        source: Source {
            name: "sddl",
            url: INFORMATION_URI,
        },
        severity: worst.map(severity),
        diagnostics,
    }
}
