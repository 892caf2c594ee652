//! `sddl scan --baseline FILE` and `--write-baseline FILE`: the file of accepted findings.
//! Matching is `sddl_lint::scan::baseline`; the file and its wire format are here.
//!
//! ```json
//! {
//!   "version": 1,
//!   "findings": [
//!     {"path": "src/server.c", "code": "SDDL001", "fingerprint": "ab8fd5365287c61e",
//!      "line": 4, "message": "`WD` (Everyone) gets full control"}
//!   ]
//! }
//! ```
//!
//! `path` is relative to the baseline file's directory (`/`-separated, `..` to climb), so the
//! baseline works from any working directory; a finding is matched by
//! `path`, `code` and `fingerprint` (a digest of the literal and of the finding's place in it),
//! never by `line`, so moving code keeps it accepted, and changing the literal does not. One
//! entry accepts one finding. `line` and `message` are for people reading the file and are
//! ignored; unknown fields are ignored too.

use super::relative_to;
use sddl_lint::scan::baseline::{Baseline, BaselineKey};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub const VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
struct File {
    version: u32,
    findings: Vec<Entry>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    path: String,
    code: String,
    fingerprint: String,
    #[serde(default)]
    line: Option<usize>,
    #[serde(default)]
    message: Option<String>,
}

/// A finding as the baseline knows it.
pub struct Accepted {
    pub key: BaselineKey,
    pub line: usize,
    pub message: String,
}

/// The directory paths in the baseline file `file` are relative to (canonical).
pub fn directory(file: &Path) -> Result<PathBuf, String> {
    let dir = match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    dir.canonicalize()
        .map_err(|e| format!("{}: {e}", dir.display()))
}

/// How a file is named in a baseline in `dir`: relative to it (`../src/a.c` from `ci/`), or
/// its canonical path when there is no relative one.
pub fn path_in(dir: &Path, canonical: &Path) -> String {
    relative_to(dir, canonical).unwrap_or_else(|| canonical.to_string_lossy().replace('\\', "/"))
}

pub fn read(file: &Path) -> Result<Baseline, String> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| format!("--baseline: cannot read {}: {e}", file.display()))?;
    let parsed: File = serde_json::from_str(&text)
        .map_err(|e| format!("--baseline: {} is not a baseline: {e}", file.display()))?;
    if parsed.version != VERSION {
        return Err(format!(
            "--baseline: {} has version {}; this sddl reads version {VERSION}",
            file.display(),
            parsed.version
        ));
    }
    Ok(Baseline::new(parsed.findings.into_iter().map(|e| {
        BaselineKey {
            path: e.path,
            code: e.code,
            fingerprint: e.fingerprint,
        }
    })))
}

/// The baseline file's text for `findings` (sorted by path, line and code; pretty, one field a
/// line, so that it reads well in a diff).
pub fn render(mut findings: Vec<Accepted>) -> Result<String, serde_json::Error> {
    findings.sort_by(|a, b| {
        (&a.key.path, a.line, &a.key.code, &a.key.fingerprint).cmp(&(
            &b.key.path,
            b.line,
            &b.key.code,
            &b.key.fingerprint,
        ))
    });
    let file = File {
        version: VERSION,
        findings: findings
            .into_iter()
            .map(|a| Entry {
                path: a.key.path,
                code: a.key.code,
                fingerprint: a.key.fingerprint,
                line: Some(a.line),
                message: Some(a.message),
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&file)?;
    text.push('\n');
    Ok(text)
}
