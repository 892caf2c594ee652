//! Wire format of `sddl lint --format json` (issue 5's contract): one JSON array of findings for
//! the whole run, in input order, each finding naming its input by index (0-based, in the order
//! inputs were given or read).
//!
//! ```text
//! [{"input":0,"code":"SDDL001","name":"everyone-full-control","severity":"error","message":"...","help":"...","start":3,"end":13,"fix":{"title":"...","applicability":"unsafe","edits":[{"start":6,"end":8,"replacement":"GR"}]},"labels":[{"start":11,"end":13,"text":"..."}],"note":"...","url":"..."}]
//! ```
//!
//! A syntax error of an input is a finding too, with its `sddl::` code, `name`
//! `"invalid-sddl"`, severity `error` and no fix. Offsets are bytes into the input, `end`
//! exclusive; for an input that is not UTF-8 they are offsets into its bytes. `help`, `note`
//! and `fix` are `null` when absent. Fields are never renamed or removed; new ones may be added.

use super::json::JsonError;
use serde::ser::{SerializeStruct, Serializer};
use serde::Serialize;

/// One finding of the run.
#[derive(Debug)]
pub struct Finding<'a> {
    /// Index of the input the finding is about.
    pub input: usize,
    pub diagnostic: JsonDiagnostic<'a>,
}

impl Serialize for Finding<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Finding", 1 + JsonDiagnostic::FIELDS)?;
        s.serialize_field("input", &self.input)?;
        self.diagnostic.serialize_fields(&mut s)?;
        s.end()
    }
}

impl<'a> Finding<'a> {
    /// A syntax error of input `input`, as a finding.
    pub fn syntax(input: usize, e: &'a JsonError<'a>) -> Self {
        Finding {
            input,
            diagnostic: JsonDiagnostic {
                code: e.code,
                name: "invalid-sddl",
                severity: "error",
                message: e.message,
                start: e.start,
                end: e.end,
                labels: Vec::new(),
                help: None,
                note: None,
                fix: None,
                url: "",
            },
        }
    }
}

/// A diagnostic's fields, written after the fields of what holds it (a finding of `lint`, of
/// `scan`): `Serialize` for those is written out, field by field, rather than with
/// `#[serde(flatten)]`, which goes through a map (writing the 4,519 findings of the scan
/// benchmark took 10 % fewer instructions without it).
#[derive(Debug)]
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

impl JsonDiagnostic<'_> {
    /// How many fields [`JsonDiagnostic::serialize_fields`] writes.
    pub const FIELDS: usize = 11;

    /// Writes the fields, in their order of declaration.
    pub fn serialize_fields<S: SerializeStruct>(&self, s: &mut S) -> Result<(), S::Error> {
        s.serialize_field("code", self.code)?;
        s.serialize_field("name", self.name)?;
        s.serialize_field("severity", self.severity)?;
        s.serialize_field("message", self.message)?;
        s.serialize_field("start", &self.start)?;
        s.serialize_field("end", &self.end)?;
        s.serialize_field("labels", &self.labels)?;
        s.serialize_field("help", &self.help)?;
        s.serialize_field("note", &self.note)?;
        s.serialize_field("fix", &self.fix)?;
        s.serialize_field("url", self.url)
    }
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
