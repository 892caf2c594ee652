//! `sddl scan`: find SDDL string literals in source trees and lint them.
//!
//! The walking, reading, git and baseline files happen here; extraction, context inference,
//! suppressions, linting, changed-line and baseline matching are `sddl_lint::scan` (pure
//! functions over text). Files are walked and linted on `--threads` threads (the `ignore`
//! crate's parallel walker); the results are then sorted by path, line, column and code, so the
//! output does not depend on the number of threads. Findings are rendered with the renderers of
//! `sddl lint` against real file paths, lines and columns. Exit statuses are those of
//! `sddl lint`: 0 without findings at error or warning level, 1 with one (0 with
//! `--exit-zero`), 2 on a usage, configuration, git or I/O error (a path that cannot be read).

mod baseline;
mod git;

use crate::args::{ScanArgs, ScanFormat};
use crate::commands::lint::{self, usage_of};
use crate::commands::{write_json, CommandError, Output, Streams};
use crate::exit::ExitStatus;
use crate::render::json::JsonError;
use crate::render::lint_json::{Finding, JsonDiagnostic};
use crate::render::lint_text::{FindingView, Tally};
use crate::render::scan_json::{InventoryEntry, ScanFinding as JsonScanFinding};
use crate::render::{github, rdjson, sarif, DiagnosticRenderer};
use sddl_core::Span;
use sddl_lint::scan::baseline::BaselineKey;
use sddl_lint::scan::{
    literals, scan_source_with, ContextSource, FindingKind, Language, LineIndex, LintMemo,
    LiteralSite, ScanFinding,
};
use sddl_lint::{Config, Diagnostic, LintContext, Severity};
use std::borrow::Cow;
use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc;

/// Files larger than this are skipped (generated code, data).
pub const MAX_FILE_LEN: u64 = 2 * 1024 * 1024;

/// A scanned file with something to report. Its text is not kept: where each finding is
/// (lines, columns, the line it is on) is worked out on the thread that read the file.
struct Scanned {
    path: PathBuf,
    /// The path as shown (`/`-separated, without a leading `./`).
    name: String,
    findings: Vec<Located>,
    /// `--inventory`: its SDDL literals and their regions.
    sites: Vec<(LiteralSite, sarif::Region)>,
}

/// A finding and where it is.
struct Located {
    finding: ScanFinding,
    /// The SARIF regions (UTF-16 columns) of the finding's span and of its labels' spans.
    regions: Vec<(Span, sarif::Region)>,
    /// The reviewdog range (byte columns) of the finding's span.
    bytes: rdjson::Range,
    /// The line the finding starts on, without its terminator, and the offset of its start.
    line: String,
    line_start: usize,
}

impl Located {
    fn new(finding: ScanFinding, at: &Positions<'_, '_>) -> Located {
        let mut spans = vec![finding.span];
        if let FindingKind::Lint(d) = &finding.kind {
            spans.extend(d.labels.iter().map(|l| l.span));
        }
        let regions = spans.into_iter().map(|s| (s, at.region(s))).collect();
        let (line_start, line) = at.line_text(finding.span.start as usize);
        Located {
            bytes: at.byte_range(finding.span),
            regions,
            line: line.to_string(),
            line_start,
            finding,
        }
    }

    /// The region of one of the finding's spans.
    fn region(&self, span: Span) -> sarif::Region {
        self.regions
            .iter()
            .find(|(s, _)| *s == span)
            .map_or(self.regions[0].1, |&(_, r)| r)
    }
}

/// Lines and columns of a scanned file's spans.
struct Positions<'a, 'i> {
    text: &'a str,
    /// The index the scan of `text` used (what it counted is kept).
    lines: &'i LineIndex<'a>,
}

impl<'a, 'i> Positions<'a, 'i> {
    fn new(text: &'a str, lines: &'i LineIndex<'a>) -> Positions<'a, 'i> {
        Positions { text, lines }
    }

    /// The line holding `offset` (floored to a character boundary): the offset of its start,
    /// and its text without its terminator.
    fn line_text(&self, offset: usize) -> (usize, &'a str) {
        let (_, start, offset) = self.lines.locate(offset);
        let end = self.text[offset..]
            .find('\n')
            .map_or(self.text.len(), |i| offset + i);
        (start, self.text[start..end].trim_end_matches('\r'))
    }

    /// The SARIF region of `span`: 1-based lines, columns in UTF-16 code units.
    fn region(&self, span: Span) -> sarif::Region {
        let point = |offset: usize| {
            let (line, start, offset) = self.lines.locate(offset);
            let before = &self.text[start..offset];
            // Most lines are ASCII: a UTF-16 unit per byte.
            let units = if before.is_ascii() {
                before.len()
            } else {
                before.encode_utf16().count()
            };
            (line, units + 1)
        };
        let (start_line, start_column) = point(span.start as usize);
        let (end_line, end_column) = point(span.end as usize);
        sarif::Region {
            start_line,
            start_column,
            end_line,
            end_column,
        }
    }

    /// The reviewdog range of `span`: 1-based lines, columns in UTF-8 bytes.
    fn byte_range(&self, span: Span) -> rdjson::Range {
        let point = |offset: usize| {
            let offset = offset.min(self.text.len());
            let line = self.lines.line_of(offset);
            rdjson::Position {
                line,
                column: offset - self.lines.line_start(line) + 1,
            }
        };
        rdjson::Range {
            start: point(span.start as usize),
            end: point(span.end as usize),
        }
    }
}

/// Findings left out of the report, and why.
#[derive(Default)]
struct Hidden {
    /// On lines not changed since `--diff REV`.
    unchanged: usize,
    /// Accepted by the baseline.
    baselined: usize,
    /// Baseline entries that accepted nothing.
    unused_entries: usize,
}

pub fn run<R: Read, W: Write>(
    args: &ScanArgs,
    streams: &mut Streams<R, W>,
) -> Result<ExitStatus, CommandError> {
    let out = &mut streams.out;
    if args.inventory && !matches!(args.format, ScanFormat::Human | ScanFormat::Json) {
        let message = "--inventory lists literals as `--format human` or `json`";
        return usage_of("scan", out, message, None);
    }
    let (mut config, config_file) = match lint::load_config("scan", &args.config, out)? {
        Ok(loaded) => loaded,
        Err(status) => return Ok(status),
    };
    let source = lint::PolicySource {
        flag: args.config.policy.as_deref(),
        config_file: config_file.as_deref(),
    };
    match lint::load_policies(source, &config, "scan", out)? {
        Ok(Some(set)) => config.set_policies(set),
        Ok(None) => {}
        Err(status) => return Ok(status),
    }
    let roots: Vec<&Path> = if args.paths.is_empty() {
        vec![Path::new(".")]
    } else {
        args.paths.iter().map(|p| p.as_path()).collect()
    };
    let changes = match &args.diff {
        None => None,
        Some(rev) => match git::changed_since(&roots, rev) {
            Ok(c) => Some(c),
            Err(message) => return usage_of("scan", out, &message, None),
        },
    };
    let mut accepted = match &args.baseline {
        None => None,
        Some(file) => {
            match baseline::directory(file).and_then(|d| Ok((d, baseline::read(file)?))) {
                Ok(b) => Some(b),
                Err(message) => return usage_of("scan", out, &message, None),
            }
        }
    };
    let write_to = match &args.write_baseline {
        None => None,
        Some(file) => match baseline::directory(file) {
            Ok(dir) => Some((file, dir)),
            Err(message) => {
                let message = format!("--write-baseline: {message}");
                return usage_of("scan", out, &message, None);
            }
        },
    };
    let threads = args.threads.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        |n| n.get(),
    );
    let (mut files, errors) = walk(&roots, threads, &config, args);
    for e in &errors {
        out.note(&format!("sddl scan: error: {e}\n"))?;
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let mut hidden = Hidden::default();
    for f in &mut files {
        let canonical = if changes.is_some() || accepted.is_some() || write_to.is_some() {
            f.path.canonicalize().ok()
        } else {
            None
        };
        if let Some(changes) = &changes {
            let changed = |r: &sarif::Region| {
                canonical
                    .as_deref()
                    .is_some_and(|c| changes.touches(c, r.start_line, r.end_line))
            };
            let before = f.findings.len();
            f.findings.retain(|x| changed(&x.regions[0].1));
            hidden.unchanged += before - f.findings.len();
            f.sites.retain(|(_, r)| changed(r));
        }
        if let Some((dir, b)) = &mut accepted {
            let path = canonical
                .as_deref()
                .map_or_else(|| f.name.clone(), |c| baseline::path_in(dir, c));
            let before = f.findings.len();
            f.findings.retain(|x| !b.accept(&key(&path, &x.finding)));
            hidden.baselined += before - f.findings.len();
        }
        f.findings.sort_by(|a, b| {
            let (a, b) = (&a.finding, &b.finding);
            (a.line, a.column, a.code(), a.span.end).cmp(&(b.line, b.column, b.code(), b.span.end))
        });
        if let (Some((_, dir)), Some(c)) = (&write_to, &canonical) {
            // Baseline paths are relative to the baseline's directory.
            f.name = baseline::path_in(dir, c);
        }
    }
    if let Some((_, b)) = &accepted {
        hidden.unused_entries = b.unused();
    }
    let failed_io = !errors.is_empty();
    if let Some((file, _)) = write_to {
        return write_baseline(out, file, &files, failed_io);
    }
    let tally = if args.inventory {
        inventory(args, out, &files)?;
        Tally::default()
    } else {
        report(args, out, &files, &hidden)?
    };
    // The process ends once the command returns: the files and their findings are not freed one
    // by one (that was 2 % of the instructions of a scan with many findings). Safe; the memory
    // goes back to the system at exit.
    std::mem::forget(files);
    out.flush()?;
    Ok(if failed_io {
        ExitStatus::Error
    } else if tally.fails() && !args.exit_zero {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

/// Walks the roots on `threads` threads, scanning (or, for `--inventory`, listing the literals
/// of) each file; the files with something to report, unsorted, and the errors, sorted.
fn walk(
    roots: &[&Path],
    threads: usize,
    config: &Config,
    args: &ScanArgs,
) -> (Vec<Scanned>, Vec<String>) {
    let mut builder = ignore::WalkBuilder::new(roots[0]);
    for r in &roots[1..] {
        builder.add(r);
    }
    builder
        .require_git(false)
        .follow_links(false)
        .threads(threads);
    let base = LintContext {
        kind: args.kind,
        min_windows: args.config.min_windows,
        ..LintContext::default()
    };
    let plain_settings = config.settings();
    // Each walker thread reads its files into one buffer, and works out where the findings are
    // before it reads the next file into it; it keeps what linting each SDDL text gave.
    let visit =
        |path: &Path, buf: &mut Vec<u8>, memo: &mut LintMemo| -> Result<Option<Scanned>, String> {
            let Some(text) = read_text(path, buf)? else {
                return Ok(None);
            };
            let name = display_path(path);
            let cx = config.context_for(Some(&name), base.clone());
            let language = Language::from_path(&name);
            let lines = LineIndex::new(&text);
            let (findings, sites) = if args.inventory {
                (Vec::new(), literals(&text, language, &cx))
            } else {
                // Resolved per path only where the configuration can make paths differ.
                let settings = if config.settings_vary_by_path() {
                    Cow::Owned(config.settings_for(&name))
                } else {
                    Cow::Borrowed(&plain_settings)
                };
                (
                    scan_source_with(&text, language, &cx, &settings, memo, &lines),
                    Vec::new(),
                )
            };
            if findings.is_empty() && sites.is_empty() {
                return Ok(None);
            }
            let at = Positions::new(&text, &lines);
            Ok(Some(Scanned {
                path: path.to_path_buf(),
                name,
                findings: findings.into_iter().map(|f| Located::new(f, &at)).collect(),
                sites: sites
                    .into_iter()
                    .map(|s| {
                        let r = at.region(s.span);
                        (s, r)
                    })
                    .collect(),
            }))
        };
    let (tx, rx) = mpsc::channel();
    builder.build_parallel().run(|| {
        let tx = tx.clone();
        let visit = &visit;
        let mut buf = Vec::new();
        let mut memo = LintMemo::default();
        Box::new(move |entry| {
            let result = match entry {
                Err(e) => Err(e.to_string()),
                Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                    visit(e.path(), &mut buf, &mut memo)
                }
                Ok(_) => Ok(None),
            };
            match result {
                Ok(None) => {}
                Ok(Some(s)) => {
                    let _ = tx.send(Ok(s));
                }
                Err(e) => {
                    let _ = tx.send(Err(e));
                }
            }
            ignore::WalkState::Continue
        })
    });
    drop(tx);
    let (mut files, mut errors) = (Vec::new(), Vec::new());
    for r in rx {
        match r {
            Ok(s) => files.push(s),
            Err(e) => errors.push(e),
        }
    }
    errors.sort();
    (files, errors)
}

/// The baseline key of a finding in the file named `path` in the baseline.
fn key(path: &str, f: &ScanFinding) -> BaselineKey {
    BaselineKey {
        path: path.to_string(),
        code: f.code().to_string(),
        fingerprint: f.fingerprint.clone(),
    }
}

/// `--write-baseline FILE`: every finding, accepted; nothing on stdout; exit 0 (2 when a file
/// could not be read, since the baseline then misses its findings).
fn write_baseline<W: Write>(
    out: &mut Output<W>,
    file: &Path,
    files: &[Scanned],
    failed_io: bool,
) -> Result<ExitStatus, CommandError> {
    let entries: Vec<baseline::Accepted> = files
        .iter()
        .flat_map(|s| {
            s.findings.iter().map(|l| baseline::Accepted {
                key: key(&s.name, &l.finding),
                line: l.finding.line,
                message: as_diagnostic(&l.finding).message,
            })
        })
        .collect();
    let n = entries.len();
    let text = baseline::render(entries).map_err(|e| CommandError::Io {
        action: "cannot serialise the baseline",
        error: e.into(),
    })?;
    if let Err(e) = std::fs::write(file, text) {
        let message = format!("--write-baseline: cannot write {}: {e}", file.display());
        return usage_of("scan", out, &message, None);
    }
    let plural = if n == 1 { "" } else { "s" };
    out.note(&format!(
        "sddl scan: wrote {n} finding{plural} to {}\n",
        file.display()
    ))?;
    Ok(if failed_io {
        ExitStatus::Error
    } else {
        ExitStatus::Success
    })
}

/// Renders the findings in the chosen format; the tally of what was reported.
fn report<W: Write>(
    args: &ScanArgs,
    out: &mut Output<W>,
    files: &[Scanned],
    hidden: &Hidden,
) -> Result<Tally, CommandError> {
    let renderer = DiagnosticRenderer::for_stdout();
    let mut tally = Tally::default();
    let mut worst: Option<Severity> = None;
    let mut sarif_results = Vec::new();
    let mut rd = Vec::new();
    let mut buf = Vec::new();
    // JSON items go straight into `buf`, one array.
    let mut items = 0usize;
    if args.format == ScanFormat::Json {
        buf.push(b'[');
    }
    for file in files {
        let name = file.name.as_str();
        for located in &file.findings {
            // What is rendered goes out as it comes, a block at a time: building all of it
            // first grew (and copied, and faulted in) a buffer the size of the output.
            if buf.len() >= 1 << 16 {
                out.write(&buf)?;
                buf.clear();
            }
            let f = &located.finding;
            tally.add(f.severity());
            worst = worst.max(Some(f.severity()));
            let d = as_diagnostic(f);
            let region = || located.regions[0].1;
            match args.format {
                ScanFormat::Human => human(&mut buf, &renderer, name, located, &d),
                ScanFormat::Json => {
                    let r = region();
                    let je;
                    let diagnostic = match &f.kind {
                        FindingKind::Lint(d) => JsonDiagnostic::from(d),
                        FindingKind::Syntax(e) => {
                            je = JsonError::from(e);
                            Finding::syntax(0, &je).diagnostic
                        }
                    };
                    let jf = JsonScanFinding {
                        path: name,
                        line: r.start_line,
                        column: r.start_column,
                        end_line: r.end_line,
                        end_column: r.end_column,
                        literal: &f.literal,
                        sddl: &f.sddl,
                        fingerprint: &f.fingerprint,
                        diagnostic,
                    };
                    if items > 0 {
                        buf.push(b',');
                    }
                    items += 1;
                    write_json(&mut buf, &jf)?;
                }
                ScanFormat::Sarif => {
                    let artifact = sarif::file_artifact(name);
                    sarif_results.push(match &f.kind {
                        FindingKind::Lint(d) => {
                            sarif::finding_in(artifact, |s| located.region(s), d)
                        }
                        FindingKind::Syntax(e) => {
                            sarif::syntax_error_in(artifact, region(), e.code.as_str(), &e.message)
                        }
                    });
                }
                ScanFormat::Github => {
                    let title = match &f.kind {
                        FindingKind::Lint(d) => format!("{} {}", d.code, d.name),
                        FindingKind::Syntax(e) => e.code.as_str().to_string(),
                    };
                    let line = github::line_in(
                        github::command(d.severity),
                        name,
                        region(),
                        &title,
                        &github::message_with_help(&d),
                    );
                    buf.extend_from_slice(line.as_bytes());
                }
                ScanFormat::Rdjson => {
                    let (value, url) = match &f.kind {
                        FindingKind::Lint(d) => (d.code, d.url.as_str()),
                        FindingKind::Syntax(e) => (e.code.as_str(), ""),
                    };
                    rd.push(rdjson::Diagnostic {
                        message: github::message_with_help(&d),
                        location: rdjson::Location {
                            path: name,
                            range: located.bytes,
                        },
                        severity: rdjson::severity(d.severity),
                        code: rdjson::Code { value, url },
                        suggestions: Vec::new(),
                    });
                }
            }
        }
    }
    match args.format {
        ScanFormat::Human => {
            buf.extend_from_slice(tally.summary().as_bytes());
            buf.extend_from_slice(hidden_notes(args, hidden).as_bytes());
        }
        ScanFormat::Json => buf.extend_from_slice(b"]\n"),
        ScanFormat::Sarif => pretty(&mut buf, &sarif::log(sarif_results))?,
        ScanFormat::Rdjson => pretty(&mut buf, &rdjson::result(rd, worst))?,
        ScanFormat::Github => {}
    }
    out.write(&buf)?;
    if args.format != ScanFormat::Human {
        // Machine formats keep stdout to the document; people still learn what was left out.
        let notes = hidden_notes(args, hidden);
        for line in notes.lines() {
            out.note(&format!("sddl scan: {line}\n"))?;
        }
    }
    Ok(tally)
}

/// Serialises `value` pretty-printed into `buf`, with a final newline.
fn pretty<T: serde::Serialize>(buf: &mut Vec<u8>, value: &T) -> Result<(), CommandError> {
    serde_json::to_writer_pretty(&mut *buf, value).map_err(|e| CommandError::Io {
        action: "cannot serialise JSON",
        error: e.into(),
    })?;
    buf.push(b'\n');
    Ok(())
}

/// Lines saying what `--diff` and `--baseline` left out (empty when they left out nothing).
fn hidden_notes(args: &ScanArgs, hidden: &Hidden) -> String {
    let n = |count: usize| format!("{count} finding{}", if count == 1 { "" } else { "s" });
    let mut notes = String::new();
    if let Some(rev) = &args.diff {
        if hidden.unchanged > 0 {
            notes.push_str(&format!(
                "{} on lines not changed since {rev} not reported.\n",
                n(hidden.unchanged)
            ));
        }
    }
    if let Some(file) = &args.baseline {
        notes.push_str(&format!(
            "{} accepted by the baseline {} not reported.\n",
            n(hidden.baselined),
            file.display()
        ));
        if hidden.unused_entries > 0 && args.diff.is_none() {
            let e = hidden.unused_entries;
            notes.push_str(&format!(
                "{e} baseline entr{} matched no finding (fixed?): --write-baseline {} updates it.\n",
                if e == 1 { "y" } else { "ies" },
                file.display()
            ));
        }
    }
    notes
}

/// `--inventory`: every literal, as a JSON array or a table.
fn inventory<W: Write>(
    args: &ScanArgs,
    out: &mut Output<W>,
    files: &[Scanned],
) -> Result<(), CommandError> {
    let mut entries = Vec::new();
    for file in files {
        for (s, r) in &file.sites {
            let (context, evidence) = match s.source {
                None => (None, None),
                Some(ContextSource::Annotation) => (Some("annotation"), None),
                Some(ContextSource::Given) if args.kind.is_some() => (Some("option"), None),
                Some(ContextSource::Given) => (Some("configuration"), None),
                Some(ContextSource::Code(word)) => (Some("code"), Some(word)),
            };
            entries.push(InventoryEntry {
                path: &file.name,
                line: r.start_line,
                column: r.start_column,
                literal: &s.literal,
                kind: s.context.kind.map(|k| k.name()),
                pipe_mode: s.context.pipe_mode.map(|m| m.as_str()),
                context,
                evidence,
            });
        }
    }
    let mut buf = Vec::new();
    if args.format == ScanFormat::Json {
        write_json(&mut buf, &entries)?;
        buf.push(b'\n');
    } else {
        buf.extend_from_slice(inventory_table(&entries).as_bytes());
    }
    out.write(&buf)
}

/// The human inventory: `path:line:column`, kind (and pipe mode), where the kind came from, and
/// the literal, in aligned columns; then a count.
fn inventory_table(entries: &[InventoryEntry<'_>]) -> String {
    let rows: Vec<[String; 4]> = entries
        .iter()
        .map(|e| {
            let kind = match (e.kind, e.pipe_mode) {
                (Some(k), Some(m)) => format!("{k} ({m})"),
                (Some(k), None) => k.to_string(),
                (None, Some(m)) => format!("pipe? ({m})"),
                (None, None) => "-".to_string(),
            };
            let context = match (e.context, e.evidence) {
                (Some(c), Some(w)) => format!("{c}: {w}"),
                (Some("option"), None) => "--type".to_string(),
                (Some(c), None) => c.to_string(),
                (None, _) => "-".to_string(),
            };
            [
                format!("{}:{}:{}", e.path, e.line, e.column),
                kind,
                context,
                e.literal.to_string(),
            ]
        })
        .collect();
    let header = [
        "LOCATION".to_string(),
        "KIND".to_string(),
        "FROM".to_string(),
        "LITERAL".to_string(),
    ];
    let width = |i: usize| {
        rows.iter()
            .chain([&header])
            .map(|r| r[i].chars().count())
            .max()
            .unwrap_or(0)
    };
    let widths = [width(0), width(1), width(2)];
    let mut text = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        for (i, w) in widths.iter().enumerate() {
            text.push_str(&format!("{:<w$}  ", row[i]));
        }
        text.push_str(&row[3]);
        text.push('\n');
    }
    let mut paths: Vec<&str> = entries.iter().map(|e| e.path).collect();
    paths.dedup();
    let n = entries.len();
    text.push_str(&format!(
        "{n} SDDL literal{} in {} file{}.\n",
        if n == 1 { "" } else { "s" },
        paths.len(),
        if paths.len() == 1 { "" } else { "s" }
    ));
    text
}

/// The text of a file to scan, read into `buf`: `None` for files that are too large, binary
/// (a NUL byte in the first 8 KiB) or neither UTF-8 nor UTF-16 with a byte order mark; `Err`
/// when it cannot be read.
/// The page size the read buffer is aligned to (4 KiB on every platform the tool runs on; a
/// larger page only costs speed, never correctness).
const PAGE: usize = 4096;

fn read_text<'b>(path: &Path, buf: &'b mut Vec<u8>) -> Result<Option<Cow<'b, str>>, String> {
    let failed = |e: std::io::Error| format!("{}: {e}", path.display());
    let mut file = std::fs::File::open(path).map_err(failed)?;
    // Read to the end, into room that doubles as needed but never past the limit and one
    // byte (a file that fills that is over the limit: at most that much of a huge file is
    // read). The file's length is not asked for: that was a system call per file (`statx`),
    // and without it the bench tree's scan took 95 ms of system time instead of 121 (means of
    // 20 runs); a file may grow meanwhile anyway. The buffer keeps its length from file to
    // file (the longest file yet), so it is zeroed only when it grows.
    //
    // The file goes at the first page-aligned byte of the buffer: the kernel's copy from the
    // page cache (`rep movsb`) is about 3x slower when source and destination sit at different
    // small offsets in their pages (measured on this machine's AMD EPYC: 0.24 s of system time
    // for the 300 MB bench tree at a 16-byte offset, 0.07-0.09 s page-aligned; see
    // docs/performance.md). Page-cache pages start at offset 0.
    let limit = MAX_FILE_LEN as usize + 1;
    if buf.len() < 64 * 1024 + PAGE {
        buf.resize(64 * 1024 + PAGE, 0);
    }
    let mut at = buf.as_ptr().align_offset(PAGE);
    let mut filled = 0;
    loop {
        if at + filled == buf.len() {
            if filled >= limit {
                return Ok(None);
            }
            buf.resize((filled * 2).min(limit) + PAGE, 0);
            // A reallocation may move the buffer: move what was read to the new aligned start.
            let moved = buf.as_ptr().align_offset(PAGE);
            buf.copy_within(at..at + filled, moved);
            at = moved;
        }
        match file.read(&mut buf[at + filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(failed(e)),
        }
        if filled >= limit {
            return Ok(None);
        }
    }
    let bytes = &buf[at..at + filled];
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        if rest.len() % 2 == 0 {
            let units: Vec<u16> = rest
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            return Ok(String::from_utf16(&units).ok().map(Cow::Owned));
        }
    }
    if memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some() {
        return Ok(None);
    }
    Ok(simdutf8::basic::from_utf8(bytes).ok().map(Cow::Borrowed))
}

/// The path as shown and as SARIF's `uri`: `/`-separated, without a leading `./`.
fn display_path(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").unwrap_or(&s).to_string()
}

/// `file` relative to `dir` (both canonical), `/`-separated, with `..` where `file` is not
/// inside `dir`; `None` when they share no root (two drives on Windows).
pub(crate) fn relative_to(dir: &Path, file: &Path) -> Option<String> {
    let (d, f): (Vec<Component>, Vec<Component>) =
        (dir.components().collect(), file.components().collect());
    let common = d.iter().zip(&f).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return None;
    }
    let mut parts: Vec<String> = vec!["..".to_string(); d.len() - common];
    for c in &f[common..] {
        match c {
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            _ => return None,
        }
    }
    Some(parts.join("/"))
}

/// A finding as a lint diagnostic (syntax errors as `invalid-sddl`), spans into the file.
fn as_diagnostic(f: &ScanFinding) -> Diagnostic {
    match &f.kind {
        FindingKind::Lint(d) => d.clone(),
        FindingKind::Syntax(e) => Diagnostic {
            code: e.code.as_str(),
            name: "invalid-sddl",
            severity: Severity::Error,
            message: e.message.clone(),
            span: e.span,
            labels: Vec::new(),
            help: e.help.clone(),
            note: None,
            fix: None,
            url: String::new(),
        },
    }
}

/// A finding drawn on its line of the file.
fn human(
    buf: &mut Vec<u8>,
    renderer: &DiagnosticRenderer,
    name: &str,
    located: &Located,
    d: &Diagnostic,
) {
    let f = &located.finding;
    let (line_start, line) = (located.line_start, located.line.as_str());
    let shift = |s: Span| -> Option<Span> {
        let (a, b) = (s.start as usize, s.end as usize);
        (a >= line_start && a <= line_start + line.len())
            .then(|| Span::from_range(a - line_start, b.min(line_start + line.len()) - line_start))
    };
    let mut local = d.clone();
    local.span = shift(d.span).unwrap_or(Span::from_range(0, 0));
    local.labels = d
        .labels
        .iter()
        .filter_map(|l| {
            shift(l.span).map(|span| sddl_lint::Label {
                span,
                text: l.text.clone(),
            })
        })
        .collect();
    let view = FindingView::named(&local, line, Some(name.to_string()), f.line - 1);
    buf.extend_from_slice(renderer.render(&view).as_bytes());
    buf.extend_from_slice(view.footer(line, renderer.width()).as_bytes());
    buf.push(b'\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rdjson_columns_count_utf8_bytes_from_one() {
        let pos = |text: &str, at: usize| {
            Positions::new(text, &LineIndex::new(text))
                .byte_range(Span::from_range(at, at))
                .start
        };
        // The example of reviewdog.proto: in `a𐐀b`, `b` is at column 6.
        let at = |line, column| rdjson::Position { line, column };
        assert_eq!(pos("a𐐀b", 5), at(1, 6));
        assert_eq!(pos("x\nhaya14busa", 6), at(2, 5));
        let r = Positions::new("x\nhaya14busa", &LineIndex::new("x\nhaya14busa"))
            .byte_range(Span::from_range(6, 8));
        assert_eq!(r.end, at(2, 7));
        assert_eq!(pos("ab", 99), at(1, 3));
    }

    #[test]
    fn sarif_columns_count_utf16_units_from_one() {
        let text = "a𐐀b\nxé\r\nD:(A)";
        let r = Positions::new(text, &LineIndex::new(text)).region(Span::from_range(5, text.len()));
        // `b` follows a character of two UTF-16 units; the end is on line 3.
        assert_eq!((r.start_line, r.start_column), (1, 4));
        assert_eq!((r.end_line, r.end_column), (3, 6));
        // Inside a character: its start.
        let r = Positions::new(text, &LineIndex::new(text)).region(Span::from_range(3, 3));
        assert_eq!((r.start_line, r.start_column), (1, 2));
    }

    #[test]
    fn relative_paths_climb_with_dot_dot() {
        let rel = |d: &str, f: &str| relative_to(Path::new(d), Path::new(f));
        assert_eq!(rel("/repo", "/repo/src/a.c").as_deref(), Some("src/a.c"));
        assert_eq!(
            rel("/repo/ci", "/repo/src/a.c").as_deref(),
            Some("../src/a.c")
        );
        assert_eq!(rel("/repo/a/b", "/repo/c.c").as_deref(), Some("../../c.c"));
        assert_eq!(rel("/", "/x.c").as_deref(), Some("x.c"));
        assert_eq!(rel("relative", "/x.c"), None);
    }

    /// One buffer read after read, files growing and shrinking: every text comes back whole, at
    /// a page-aligned address, and what is not text (UTF-16 is; NUL bytes, invalid UTF-8 and
    /// files over the limit are not) is `None`.
    #[test]
    fn read_text_reuses_one_aligned_buffer() {
        let dir = tempfile::tempdir().unwrap();
        let mut buf = Vec::new();
        let sizes = [0usize, 1, 3, 4095, 4096, 4097, 70_000, 5, 200_003, 17, 0];
        for (i, &n) in sizes.iter().enumerate() {
            let text: String = (0..n)
                .map(|j| (b'a' + ((i + j) % 26) as u8) as char)
                .collect();
            let path = dir.path().join(format!("f{i}.txt"));
            std::fs::write(&path, &text).unwrap();
            let got = read_text(&path, &mut buf).unwrap().unwrap();
            assert!(matches!(got, Cow::Borrowed(_)), "size {n}");
            assert_eq!(got.len(), n);
            assert!(got == text, "size {n}: text differs");
            if n > 0 {
                assert_eq!(
                    got.as_ptr() as usize % PAGE,
                    0,
                    "size {n}: not page-aligned"
                );
            }
        }
        let utf16 = dir.path().join("u16.txt");
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend("D:(A;;GA;;;WD)".encode_utf16().flat_map(u16::to_le_bytes));
        std::fs::write(&utf16, bytes).unwrap();
        assert_eq!(
            read_text(&utf16, &mut buf).unwrap().unwrap(),
            "D:(A;;GA;;;WD)"
        );
        for (name, bytes) in [
            ("nul.bin", b"ab\0cd".to_vec()),
            ("bad.txt", vec![b'a', 0xC3]),
        ] {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            assert_eq!(read_text(&path, &mut buf).unwrap(), None, "{name}");
        }
        let huge = dir.path().join("huge.txt");
        std::fs::write(&huge, vec![b'x'; MAX_FILE_LEN as usize + 1]).unwrap();
        assert_eq!(read_text(&huge, &mut buf).unwrap(), None);
    }
}
