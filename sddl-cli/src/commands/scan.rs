//! `sddl scan`: find SDDL string literals in source trees and lint them.
//!
//! The walking and reading happen here; extraction, context inference, suppressions and linting
//! are `sddl_lint::scan` (pure functions over a file's text). Findings are rendered with the
//! renderers of `sddl lint` against real file paths, lines and columns. Exit statuses are those
//! of `sddl lint`: 0 without findings at error or warning level, 1 with one (0 with
//! `--exit-zero`), 2 on a usage, configuration or I/O error (a path that cannot be read).

use crate::args::{LintFormat, ScanArgs};
use crate::commands::{lint, CommandError, Output, Streams};
use crate::exit::ExitStatus;
use crate::render::json::JsonError;
use crate::render::lint_json::{Finding, JsonDiagnostic};
use crate::render::lint_text::{FindingView, Tally};
use crate::render::{github, sarif, DiagnosticRenderer};
use sddl_core::Span;
use sddl_lint::scan::{scan_source, FindingKind, Language, ScanFinding};
use sddl_lint::{Config, Diagnostic, LintContext, Severity};
use serde::Serialize;
use std::io::{Read, Write};
use std::path::Path;

/// Files larger than this are skipped (generated code, data).
pub const MAX_FILE_LEN: u64 = 2 * 1024 * 1024;

/// One finding of `--format json`: where it is in which file, the literal, the SDDL linted, and
/// the diagnostic as `sddl lint --format json` writes it (`start`/`end` are byte offsets into
/// the file; `column` and `end_column` count UTF-16 code units, 1-based, `end_column`
/// exclusive).
#[derive(Debug, Serialize)]
struct JsonScanFinding<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    literal: &'a str,
    sddl: &'a str,
    #[serde(flatten)]
    diagnostic: JsonDiagnostic<'a>,
}

pub fn run<R: Read, W: Write>(
    args: &ScanArgs,
    streams: &mut Streams<R, W>,
) -> Result<ExitStatus, CommandError> {
    let out = &mut streams.out;
    let (mut config, config_file) = match load_config(args) {
        Ok(c) => c,
        Err(message) => {
            out.note(&format!("sddl scan: error: {message}\n"))?;
            return Ok(ExitStatus::Error);
        }
    };
    let source = lint::PolicySource {
        flag: args.policy.as_deref(),
        config_file: config_file.as_deref(),
    };
    match lint::load_policies(source, &config, "scan", out)? {
        Ok(Some(set)) => config.set_policies(set),
        Ok(None) => {}
        Err(status) => return Ok(status),
    }
    let base = LintContext {
        kind: args.kind,
        ..LintContext::default()
    };
    let roots: Vec<&Path> = if args.paths.is_empty() {
        vec![Path::new(".")]
    } else {
        args.paths.iter().map(|p| p.as_path()).collect()
    };
    let mut walk = ignore::WalkBuilder::new(roots[0]);
    for r in &roots[1..] {
        walk.add(r);
    }
    walk.require_git(false)
        .follow_links(false)
        .sort_by_file_path(|a, b| a.cmp(b));
    let renderer = DiagnosticRenderer::for_stdout();
    let mut tally = Tally::default();
    let mut failed_io = false;
    let mut sarif_results = Vec::new();
    let mut json: Vec<Vec<u8>> = Vec::new();
    for entry in walk.build() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                out.note(&format!("sddl scan: error: {e}\n"))?;
                failed_io = true;
                continue;
            }
        };
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.path();
        let Some(text) = read_text(path, out, &mut failed_io)? else {
            continue;
        };
        let name = display_path(path);
        let settings = config.settings_for(&name);
        let cx = config.context_for(Some(&name), base.clone());
        let findings = scan_source(&text, Language::from_path(&name), &cx, &settings);
        let mut buf = Vec::new();
        for f in &findings {
            tally.add(f.severity());
            let d = as_diagnostic(f);
            match args.format {
                LintFormat::Human => human(&mut buf, &renderer, &name, &text, f, &d),
                LintFormat::Json => {
                    let region = sarif::file_region(&text, f.span);
                    let je;
                    let diagnostic = match &f.kind {
                        FindingKind::Lint(d) => JsonDiagnostic::from(d),
                        FindingKind::Syntax(e) => {
                            je = JsonError::from(e);
                            Finding::syntax(0, &je).diagnostic
                        }
                    };
                    let jf = JsonScanFinding {
                        path: &name,
                        line: region.start_line,
                        column: region.start_column,
                        end_line: region.end_line,
                        end_column: region.end_column,
                        literal: &f.literal,
                        sddl: &f.sddl,
                        diagnostic,
                    };
                    json.push(serde_json::to_vec(&jf).map_err(|e| CommandError::Io {
                        action: "cannot serialise JSON",
                        error: e.into(),
                    })?);
                }
                LintFormat::Sarif => {
                    let artifact = sarif::file_artifact(&name);
                    sarif_results.push(match &f.kind {
                        FindingKind::Lint(d) => {
                            sarif::finding_in(artifact, |s| sarif::file_region(&text, s), d)
                        }
                        FindingKind::Syntax(e) => sarif::syntax_error_in(
                            artifact,
                            sarif::file_region(&text, e.span),
                            e.code.as_str(),
                            &e.message,
                        ),
                    });
                }
                LintFormat::Github => {
                    let title = match &f.kind {
                        FindingKind::Lint(d) => format!("{} {}", d.code, d.name),
                        FindingKind::Syntax(e) => e.code.as_str().to_string(),
                    };
                    let mut message = d.message.clone();
                    if let Some(help) = &d.help {
                        message.push_str("\nhelp: ");
                        message.push_str(help);
                    }
                    let line = github::line_in(
                        github::command(d.severity),
                        &name,
                        sarif::file_region(&text, f.span),
                        &title,
                        &message,
                    );
                    buf.extend_from_slice(line.as_bytes());
                }
            }
        }
        out.write(&buf)?;
    }
    match args.format {
        LintFormat::Human => out.write(tally.summary().as_bytes())?,
        LintFormat::Json => {
            let mut buf = vec![b'['];
            for (i, f) in json.iter().enumerate() {
                if i > 0 {
                    buf.push(b',');
                }
                buf.extend_from_slice(f);
            }
            buf.extend_from_slice(b"]\n");
            out.write(&buf)?;
        }
        LintFormat::Sarif => {
            let log = sarif::log(sarif_results);
            let mut buf = serde_json::to_vec_pretty(&log).map_err(|e| CommandError::Io {
                action: "cannot serialise SARIF",
                error: e.into(),
            })?;
            buf.push(b'\n');
            out.write(&buf)?;
        }
        LintFormat::Github => {}
    }
    out.flush()?;
    Ok(if failed_io {
        ExitStatus::Error
    } else if tally.fails() && !args.exit_zero {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

/// The configuration and the file it came from.
fn load_config(args: &ScanArgs) -> Result<(Config, Option<std::path::PathBuf>), String> {
    let file = if args.no_config {
        None
    } else if let Some(p) = &args.config {
        Some(p.clone())
    } else {
        std::env::current_dir()
            .ok()
            .and_then(|d| lint::discover(&d))
    };
    let Some(file) = file else {
        return Ok((Config::default(), None));
    };
    let text = std::fs::read_to_string(&file)
        .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    match Config::parse(&text) {
        Ok(config) => Ok((config, Some(file))),
        Err(errors) => {
            let list: Vec<String> = errors.0.iter().map(|e| e.to_string()).collect();
            Err(format!("{}: {}", file.display(), list.join("; ")))
        }
    }
}

/// The text of a file to scan: `None` for files that are too large, binary (a NUL byte in the
/// first 8 KiB) or neither UTF-8 nor UTF-16 with a byte order mark.
fn read_text<W: Write>(
    path: &Path,
    out: &mut Output<W>,
    failed: &mut bool,
) -> Result<Option<String>, CommandError> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            out.note(&format!("sddl scan: error: {}: {e}\n", path.display()))?;
            *failed = true;
            return Ok(None);
        }
    };
    if meta.len() > MAX_FILE_LEN {
        return Ok(None);
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            out.note(&format!("sddl scan: error: {}: {e}\n", path.display()))?;
            *failed = true;
            return Ok(None);
        }
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        if rest.len() % 2 == 0 {
            let units: Vec<u16> = rest
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            return Ok(String::from_utf16(&units).ok());
        }
    }
    if bytes[..bytes.len().min(8192)].contains(&0) {
        return Ok(None);
    }
    Ok(String::from_utf8(bytes).ok())
}

/// The path as shown and as SARIF's `uri`: `/`-separated, without a leading `./`.
fn display_path(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").unwrap_or(&s).to_string()
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
    text: &str,
    f: &ScanFinding,
    d: &Diagnostic,
) {
    let start = f.span.start as usize;
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = text[line_start..line_end].trim_end_matches('\r');
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
