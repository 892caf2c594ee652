//! The text output of `sddl lint`: each finding as a miette diagnostic (code and rule name,
//! severity, the primary span labelled, secondary labels, help), then its note and fix as footer
//! lines, and a summary line at the end of the run.
//!
//! Inputs longer than [`LONG_INPUT`] are shown as a window around the primary span (as parse
//! errors are); secondary labels outside the window are left out of the drawing.

use super::human::wrap;
use super::{window, InputSource, SourceName, LONG_INPUT};
use crate::input::Origin;
use miette::{Diagnostic, LabeledSpan, SourceCode, SourceSpan};
use sddl_lint::{Diagnostic as LintDiagnostic, Severity};
use std::borrow::Cow;
use std::fmt;

/// One lint finding as a miette diagnostic against its input.
pub struct FindingView<'a> {
    diag: &'a LintDiagnostic,
    /// `SDDL001 everyone-full-control`.
    code: String,
    source: InputSource<'a>,
    primary: SourceSpan,
    /// Secondary labels that can be drawn, with their spans in `source`.
    labels: Vec<(SourceSpan, &'a str)>,
}

impl<'a> FindingView<'a> {
    pub fn new(diag: &'a LintDiagnostic, text: &'a str, name: SourceName) -> Self {
        let (name, first_line) = match name {
            SourceName::Anonymous => (None, 0),
            SourceName::Origin(Origin::Arg(n)) => (Some(format!("<argument {n}>")), 0),
            SourceName::Origin(Origin::Stdin(n)) => (Some("<stdin>".to_string()), n - 1),
        };
        Self::named(diag, text, name, first_line)
    }

    /// A finding on one line of a file (`sddl scan`): `text` is that line, `first_line` its
    /// 0-based line number, spans are relative to the line.
    pub fn named(
        diag: &'a LintDiagnostic,
        text: &'a str,
        name: Option<String>,
        first_line: usize,
    ) -> Self {
        let code = format!("{} {}", diag.code, diag.name);
        if text.len() <= LONG_INPUT {
            return FindingView {
                diag,
                code,
                source: InputSource {
                    text: Cow::Borrowed(text),
                    name,
                    first_line,
                    column_shift: 0,
                },
                primary: diag.span.into(),
                labels: diag
                    .labels
                    .iter()
                    .map(|l| (l.span.into(), l.text.as_str()))
                    .collect(),
            };
        }
        let w = window(text, diag.span);
        // Where the primary span's start moved to in the window; a secondary label is drawn
        // when the same shift puts it on the same bytes of the window.
        let shift = w.label.offset() as isize - diag.span.start as isize;
        let labels = diag
            .labels
            .iter()
            .filter_map(|l| {
                let start = (l.span.start as isize).checked_add(shift)?;
                let start = usize::try_from(start).ok()?;
                let len = l.span.range().len();
                let shown = w.text.get(start..start + len)?;
                (shown == &text[l.span.range()] && !shown.contains('\n'))
                    .then(|| (SourceSpan::new(start.into(), len), l.text.as_str()))
            })
            .collect();
        FindingView {
            diag,
            code,
            primary: w.label,
            source: InputSource {
                text: Cow::Owned(w.text),
                name,
                first_line: first_line + w.line,
                column_shift: w.column_shift,
            },
            labels,
        }
    }

    /// The note and the fix, as footer lines under miette's `help:` (same indentation), each
    /// wrapped to `width`.
    pub fn footer(&self, text: &str, width: usize) -> String {
        let mut out = String::new();
        let mut item = |key: &str, body: &str| {
            let indent = 2 + key.len() + 2;
            for (i, line) in wrap(body, width.saturating_sub(indent).max(24))
                .iter()
                .enumerate()
            {
                if i == 0 {
                    out.push_str(&format!("  {key}: {line}\n"));
                } else {
                    out.push_str(&format!("{:indent$}{line}\n", ""));
                }
            }
        };
        if let Some(note) = &self.diag.note {
            item("note", note);
        }
        if let Some(fix) = &self.diag.fix {
            item(&format!("fix ({})", fix.applicability.as_str()), &fix.title);
            // The fixed text on a line of its own, never wrapped: it is meant to be copied. Long
            // inputs would drown the finding; JSON and SARIF carry the edits.
            if text.len() <= LONG_INPUT {
                out.push_str(&format!("    {}\n", fix.apply(text)));
            } else {
                out.push_str("    (the fixed text is long: `--format json` has the edits)\n");
            }
        }
        out
    }
}

impl fmt::Debug for FindingView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.diag, f)
    }
}

impl fmt::Display for FindingView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diag.message)
    }
}

impl std::error::Error for FindingView<'_> {}

impl Diagnostic for FindingView<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diag.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diag
            .help
            .as_deref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let primary = LabeledSpan::new_primary_with_span(
            Some(self.diag.severity.as_str().to_string()),
            self.primary,
        );
        let secondary = self
            .labels
            .iter()
            .map(|(span, text)| LabeledSpan::new_with_span(Some((*text).to_string()), *span));
        Some(Box::new(std::iter::once(primary).chain(secondary)))
    }
}

/// Counts of findings by severity, for the summary line and the exit status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Tally {
    pub fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
    }

    pub fn total(&self) -> usize {
        self.errors + self.warnings + self.infos
    }

    /// Whether the run fails: a finding at error or warning level (info never fails).
    pub fn fails(&self) -> bool {
        self.errors + self.warnings > 0
    }

    /// `Found 3 findings (1 error, 2 warnings)`; infos are counted when there are any.
    pub fn summary(&self) -> String {
        fn n(count: usize, one: &str, many: &str) -> String {
            format!("{count} {}", if count == 1 { one } else { many })
        }
        if self.total() == 0 {
            return "All checks passed: no findings.\n".to_string();
        }
        let mut parts = vec![
            n(self.errors, "error", "errors"),
            n(self.warnings, "warning", "warnings"),
        ];
        if self.infos > 0 {
            parts.push(n(self.infos, "info", "info"));
        }
        format!(
            "Found {} ({}).\n",
            n(self.total(), "finding", "findings"),
            parts.join(", ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_counts_and_plurals() {
        let mut t = Tally::default();
        assert_eq!(t.summary(), "All checks passed: no findings.\n");
        t.add(Severity::Error);
        assert_eq!(t.summary(), "Found 1 finding (1 error, 0 warnings).\n");
        t.add(Severity::Warning);
        t.add(Severity::Warning);
        t.add(Severity::Info);
        assert_eq!(
            t.summary(),
            "Found 4 findings (1 error, 2 warnings, 1 info).\n"
        );
        assert!(t.fails());
        let info_only = Tally {
            infos: 2,
            ..Tally::default()
        };
        assert!(!info_only.fails());
    }
}
