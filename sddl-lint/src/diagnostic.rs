//! Diagnostics as data: what a rule found, where, why, and what to do.

use sddl_core::Span;
use std::fmt;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A rule's level: off, or on at a severity. Rules declare a default level; configuration may
/// change it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Off,
    Info,
    Warning,
    Error,
}

impl Level {
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Info => Some(Severity::Info),
            Level::Warning => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Off => "off",
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }

    pub fn from_name(s: &str) -> Option<Level> {
        [Level::Off, Level::Info, Level::Warning, Level::Error]
            .into_iter()
            .find(|l| l.as_str() == s)
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A secondary span with a short text (the trustee, the earlier ACE, ...).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub text: String,
}

/// How far a fix can be trusted (as ruff's `Applicability`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Applicability {
    /// Keeps what the descriptor grants and denies exactly as it was: safe to apply unattended.
    Safe,
    /// Changes who gets what (usually the point): apply only after review.
    Unsafe,
    /// A suggestion to show, not to apply (the right text depends on intent).
    DisplayOnly,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
            Applicability::DisplayOnly => "display-only",
        }
    }
}

/// Replace the bytes of `span` with `replacement` (an empty span inserts, an empty replacement
/// deletes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

/// A mechanical fix: one or more non-overlapping edits of the SDDL text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, lower-case (`replace `GA` with `0x12019b``).
    pub title: String,
    pub edits: Vec<Edit>,
    pub applicability: Applicability,
}

impl Fix {
    /// The text with the edits applied. Edits must not overlap and must lie inside `source`.
    pub fn apply(&self, source: &str) -> String {
        let mut edits: Vec<&Edit> = self.edits.iter().collect();
        edits.sort_by_key(|e| (e.span.start, e.span.end));
        let mut out = String::with_capacity(source.len());
        let mut pos = 0usize;
        for e in edits {
            let r = e.span.range();
            out.push_str(&source[pos..r.start]);
            out.push_str(&e.replacement);
            pos = r.end;
        }
        out.push_str(&source[pos..]);
        out
    }
}

/// One finding of one rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The stable code (`SDDL001`).
    pub code: &'static str,
    /// The rule name (`everyone-full-control`).
    pub name: &'static str,
    pub severity: Severity,
    /// What is wrong: lower-case, no trailing period, SDDL tokens in backticks.
    pub message: String,
    /// The smallest span at fault, a byte range into the SDDL text.
    pub span: Span,
    pub labels: Vec<Label>,
    /// What to do.
    pub help: Option<String>,
    /// Why it matters.
    pub note: Option<String>,
    pub fix: Option<Fix>,
    /// The rule's entry on the rules page.
    pub url: String,
}
