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
use sddl_core::Span;
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

/// The 1-based line and UTF-8 byte column of byte `offset` of a file's text.
pub fn position(text: &str, offset: usize) -> Position {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    Position {
        line: before.iter().filter(|&&b| b == b'\n').count() + 1,
        column: offset - line_start + 1,
    }
}

/// The range of `span` in a file's text.
pub fn range(text: &str, span: Span) -> Range {
    Range {
        start: position(text, span.start as usize),
        end: position(text, span.end as usize),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf8_bytes_from_one() {
        // The example of reviewdog.proto: in `a𐐀b`, `b` is at column 6.
        assert_eq!(position("a𐐀b", 5), Position { line: 1, column: 6 });
        assert_eq!(
            position("x\nhaya14busa", 6),
            Position { line: 2, column: 5 }
        );
        let r = range("x\nhaya14busa", Span::from_range(6, 8));
        assert_eq!(r.end, Position { line: 2, column: 7 });
        assert_eq!(position("ab", 99), Position { line: 1, column: 3 });
    }
}
