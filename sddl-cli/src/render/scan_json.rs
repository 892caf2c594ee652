//! Wire formats of `sddl scan --format json`: findings with their place in a file, and
//! `--inventory`'s literals. Fields are never renamed or removed; new ones may be added.

use super::lint_json::JsonDiagnostic;
use serde::ser::{SerializeStruct, Serializer};
use serde::Serialize;

/// One finding: where it is in which file, the literal, the SDDL linted, its fingerprint, and
/// the diagnostic as `sddl lint --format json` writes it (`start`/`end` are byte offsets into
/// the file; `column` and `end_column` count UTF-16 code units, 1-based, `end_column`
/// exclusive).
#[derive(Debug)]
pub struct ScanFinding<'a> {
    pub path: &'a str,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    /// The literal decoded (escapes, concatenation), placeholders as written.
    pub literal: &'a str,
    /// What was linted: `literal` with placeholders replaced by `SY`.
    pub sddl: &'a str,
    /// What a baseline matches (with `path` and `code`).
    pub fingerprint: &'a str,
    pub diagnostic: JsonDiagnostic<'a>,
}

impl Serialize for ScanFinding<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("ScanFinding", 8 + JsonDiagnostic::FIELDS)?;
        s.serialize_field("path", self.path)?;
        s.serialize_field("line", &self.line)?;
        s.serialize_field("column", &self.column)?;
        s.serialize_field("end_line", &self.end_line)?;
        s.serialize_field("end_column", &self.end_column)?;
        s.serialize_field("literal", self.literal)?;
        s.serialize_field("sddl", self.sddl)?;
        s.serialize_field("fingerprint", self.fingerprint)?;
        self.diagnostic.serialize_fields(&mut s)?;
        s.end()
    }
}

/// One SDDL literal of `--inventory`: where it is, what it is, and what it is linted as.
#[derive(Debug, Serialize)]
pub struct InventoryEntry<'a> {
    pub path: &'a str,
    pub line: usize,
    pub column: usize,
    pub literal: &'a str,
    /// A `--type` name (`pipe`, `registry`, ...), `null` when unknown.
    pub kind: Option<&'static str>,
    /// `duplex`, `inbound`, `outbound`, `null` when unknown.
    pub pipe_mode: Option<&'static str>,
    /// Where `kind` (or `pipe_mode`) came from: `option` (`--type`), `configuration`,
    /// `annotation` (an `sddl-lint:` comment), `code`; `null` when neither is known.
    pub context: Option<&'static str>,
    /// For `code`, the word of the code it came from (`CreateNamedPipe`); else `null`.
    pub evidence: Option<&'static str>,
}
