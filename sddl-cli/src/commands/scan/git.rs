//! `sddl scan --diff REV`: the lines changed since REV, asked of git. Reading git's output is
//! `sddl_lint::scan::changes`; spawning git is here (only the CLI talks to the world).

use super::relative_to;
use sddl_lint::scan::changes::ChangedLines;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The changed lines of each repository holding a scanned path.
#[derive(Debug, Default)]
pub struct Changes {
    /// Each repository's root (canonical) and its changes, paths relative to that root.
    repos: Vec<(PathBuf, ChangedLines)>,
}

impl Changes {
    /// Whether lines `first..=last` of the file at `canonical` changed.
    pub fn touches(&self, canonical: &Path, first: usize, last: usize) -> bool {
        self.repos.iter().any(|(root, changes)| {
            relative_to(root, canonical).is_some_and(|rel| changes.touches(&rel, first, last))
        })
    }
}

/// Asks git what changed since `rev` under each of `roots`: the working tree against `rev`
/// (`git diff --unified=0`), plus untracked files that are not ignored, whole. `Err` says why
/// it cannot (not a git repository, unknown revision, git missing).
pub fn changed_since(roots: &[&Path], rev: &str) -> Result<Changes, String> {
    if rev.starts_with('-') {
        return Err(format!("--diff: `{rev}` is not a revision"));
    }
    // Group the roots by repository.
    let mut groups: Vec<(PathBuf, Vec<PathBuf>)> = Vec::new();
    for root in roots {
        let canonical = root
            .canonicalize()
            .map_err(|e| format!("{}: {e}", root.display()))?;
        let dir = if canonical.is_dir() {
            canonical.as_path()
        } else {
            canonical.parent().unwrap_or(&canonical)
        };
        let top = git(dir, &["rev-parse", "--show-toplevel"]).map_err(|e| {
            format!(
                "--diff: {} is not in a git repository ({e})",
                root.display()
            )
        })?;
        let top = PathBuf::from(top.trim_end_matches(['\n', '\r']))
            .canonicalize()
            .map_err(|e| format!("--diff: the repository of {}: {e}", root.display()))?;
        match groups.iter_mut().find(|(t, _)| *t == top) {
            Some((_, paths)) => paths.push(canonical),
            None => groups.push((top, vec![canonical])),
        }
    }
    let mut changes = Changes::default();
    for (top, paths) in groups {
        let commit = git(
            &top,
            &[
                "rev-parse",
                "--verify",
                "--quiet",
                "--end-of-options",
                &format!("{rev}^{{commit}}"),
            ],
        )
        .map_err(|_| format!("--diff: unknown revision `{rev}` in {}", top.display()))?;
        let commit = commit.trim();
        let mut diff_args = vec![
            "-c",
            "core.quotePath=false",
            "diff",
            "--no-color",
            "--no-ext-diff",
            "--no-textconv",
            "--unified=0",
            "--src-prefix=a/",
            "--dst-prefix=b/",
            "--find-renames",
            commit,
            "--",
        ];
        let pathspecs: Vec<String> = paths
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        diff_args.extend(pathspecs.iter().map(String::as_str));
        let diff = git(&top, &diff_args).map_err(|e| format!("--diff: git diff failed: {e}"))?;
        let mut lines = ChangedLines::from_unified_diff(&diff);
        let mut untracked_args = vec![
            "ls-files",
            "--others",
            "--exclude-standard",
            "--full-name",
            "-z",
            "--",
        ];
        untracked_args.extend(pathspecs.iter().map(String::as_str));
        let untracked =
            git(&top, &untracked_args).map_err(|e| format!("--diff: git ls-files failed: {e}"))?;
        for path in untracked.split('\0').filter(|p| !p.is_empty()) {
            lines.mark_whole_file(path);
        }
        changes.repos.push((top, lines));
    }
    Ok(changes)
}

/// Runs `git -C dir ARGS`: its stdout, or its stderr (or why it could not run) as the error.
fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        let stderr = String::from_utf8_lossy(&out.stderr);
        Err(stderr
            .trim()
            .lines()
            .next()
            .unwrap_or("git failed")
            .to_string())
    }
}
