//! `sddl lint`: run the lint rules over each input and report the findings.
//!
//! Contract (code-review bots depend on it; see `docs/cli.md`): one input per argument, or per
//! stdin line when there is none (or for `-`). Findings go to stdout in the chosen format:
//! `text` (miette diagnostics, then a summary line), `json` (one object per input), `sarif` (one
//! log for the run, written at the end), `github` (one workflow command per finding). Syntax
//! errors are findings too, with their `sddl::` codes, and the rules still run over what parsed.
//! Configuration and usage problems go to stderr. Exit 0 without findings at error or warning
//! level, 1 with one (0 with `--exit-zero`), 2 on a usage, configuration or I/O error.

use crate::args::{ConfigArgs, LintArgs, LintFormat};
use crate::commands::{json_array, CommandError, Output, Streams};
use crate::exit::ExitStatus;
use crate::input::{for_each_input, Decoded, InputHandler, Origin, RawInput};
use crate::render::json::JsonError;
use crate::render::lint_json::{Finding, JsonDiagnostic};
use crate::render::lint_text::{FindingView, Tally};
use crate::render::{
    github, invalid_utf8_error, invalid_utf8_report, sarif, DiagnosticRenderer, InputReport,
    SourceName,
};
use miette::{Diagnostic, LabeledSpan, NamedSource, SourceCode};
use sddl_core::{ParseError, ParseOptions, Report, Span};
use sddl_lint::{
    Config, ConfigError, LintContext, PipeMode, PolicySet, Principal, Selector, Settings,
};
use std::ffi::OsString;
use std::fmt;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Configuration files looked for, in this order, in the current directory and then in each
/// parent.
pub const CONFIG_NAMES: [&str; 2] = [".sddl-lint.toml", "sddl-lint.toml"];

pub fn run<R: Read, W: Write>(
    args: &LintArgs,
    streams: &mut Streams<R, W>,
) -> Result<ExitStatus, CommandError> {
    let (mut config, config_file) = match load_config("lint", &args.config, &mut streams.out)? {
        Ok(loaded) => loaded,
        Err(status) => return Ok(status),
    };
    let source = PolicySource {
        flag: args.config.policy.as_deref(),
        config_file: config_file.as_deref(),
    };
    match load_policies(source, &config, "lint", &mut streams.out)? {
        Ok(Some(set)) => config.set_policies(set),
        Ok(None) => {}
        Err(status) => return Ok(status),
    }
    let domain_sid = args.domain_sid.or(config.domain_sid);
    let mut clients = Vec::new();
    for c in &args.clients {
        match Principal::parse(c, domain_sid.as_ref()) {
            Ok(p) => clients.push(p),
            Err(e) => return usage(&mut streams.out, &format!("--client: {e}"), None),
        }
    }
    let cx = config.context_for(
        None,
        LintContext {
            kind: args.kind,
            pipe_mode: args.pipe_mode.map(PipeMode::from),
            clients,
            domain_sid: args.domain_sid,
            everyone_includes_anonymous: false,
            min_windows: args.config.min_windows,
        },
    );
    let failed = lint_inputs(&args.inputs, streams, args.format, cx, config.settings())?;
    Ok(if failed && !args.exit_zero {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

/// Lints each input (arguments, or stdin lines) with `cx` and `settings` and writes the findings
/// in `format`, the summary or the whole JSON/SARIF document at the end. `true` when a finding
/// is at error or warning level (shared by `sddl lint` and `sddl check --policy`).
pub(crate) fn lint_inputs<R: Read, W: Write>(
    inputs: &[OsString],
    streams: &mut Streams<R, W>,
    format: LintFormat,
    cx: LintContext,
    settings: Settings,
) -> Result<bool, CommandError> {
    let mut lint = Lint {
        out: &mut streams.out,
        format,
        parse_opts: ParseOptions {
            domain_sid: cx.domain_sid,
        },
        settings,
        cx,
        renderer: DiagnosticRenderer::for_stdout(),
        single: inputs.len() == 1 && inputs[0] != "-",
        tally: Tally::default(),
        sarif: Vec::new(),
        buf: Vec::new(),
        inputs: 0,
        findings: Vec::new(),
    };
    for_each_input(inputs, &mut streams.stdin, &mut lint)?;
    match format {
        LintFormat::Human => {
            let summary = lint.tally.summary();
            lint.out.write(summary.as_bytes())?;
        }
        LintFormat::Sarif => {
            let log = sarif::log(std::mem::take(&mut lint.sarif));
            let mut buf = serde_json::to_vec_pretty(&log).map_err(|e| CommandError::Io {
                action: "cannot serialise SARIF",
                error: e.into(),
            })?;
            buf.push(b'\n');
            lint.out.write(&buf)?;
        }
        LintFormat::Json => {
            let mut buf = Vec::new();
            json_array(&mut buf, &lint.findings);
            lint.out.write(&buf)?;
        }
        LintFormat::Github => {}
    }
    let failed = lint.tally.fails();
    streams.out.flush()?;
    Ok(failed)
}

/// Reports a usage error of `sddl lint` on stderr; exit 2.
fn usage<W: Write>(
    out: &mut Output<W>,
    message: &str,
    help: Option<&str>,
) -> Result<ExitStatus, CommandError> {
    usage_of("lint", out, message, help)
}

/// Reports a usage error of `sddl COMMAND` on stderr; exit 2.
pub fn usage_of<W: Write>(
    command: &str,
    out: &mut Output<W>,
    message: &str,
    help: Option<&str>,
) -> Result<ExitStatus, CommandError> {
    let mut text = format!("sddl {command}: error: {message}\n");
    if let Some(help) = help {
        text.push_str(&format!("  help: {help}\n"));
    }
    out.note(&text)?;
    Ok(ExitStatus::Error)
}

/// The configuration of `sddl COMMAND`: `--no-config`, `--config FILE`, or the first of
/// [`CONFIG_NAMES`] found from the current directory up; then `--select` and `--ignore` on top.
/// Errors in the file are drawn against the TOML. With the file it came from. `Err` is the exit
/// status after the problem was reported.
pub fn load_config<W: Write>(
    command: &str,
    args: &ConfigArgs,
    out: &mut Output<W>,
) -> Result<Result<(Config, Option<PathBuf>), ExitStatus>, CommandError> {
    let mut selection = (Vec::new(), Vec::new());
    for (flag, list, into) in [
        ("--select", &args.select, &mut selection.0),
        ("--ignore", &args.ignore, &mut selection.1),
    ] {
        for s in list {
            match Selector::parse(s) {
                Ok(sel) => into.push(sel),
                Err((message, help)) => {
                    let message = format!("{flag}: {message}");
                    return usage_of(command, out, &message, help.as_deref()).map(Err);
                }
            }
        }
    }
    let file = if args.no_config {
        None
    } else if let Some(path) = &args.config {
        Some(path.clone())
    } else {
        match std::env::current_dir() {
            Ok(dir) => discover(&dir),
            Err(e) => {
                let message = format!("cannot read the current directory: {e}");
                return usage_of(command, out, &message, None).map(Err);
            }
        }
    };
    let text = match &file {
        None => String::new(),
        Some(path) => match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) => {
                let message = format!("cannot read {}: {e}", path.display());
                return usage_of(command, out, &message, None).map(Err);
            }
        },
    };
    let name = file
        .as_deref()
        .map_or_else(String::new, |p| p.display().to_string());
    let mut config = match Config::parse(&text) {
        Ok(config) => config,
        Err(errors) => {
            let report = ConfigReport::new(&name, &text, &errors.0, true);
            out.diagnostic(&report)?;
            return Ok(Err(ExitStatus::Error));
        }
    };
    if !config.warnings.is_empty() {
        let report = ConfigReport::new(&name, &text, &config.warnings, false);
        out.diagnostic(&report)?;
    }
    config.apply_selection(selection.0, selection.1);
    Ok(Ok((config, file)))
}

/// Where the policies of a run come from: `--policy FILE`, else the configuration's `policy`,
/// relative to the configuration file.
#[derive(Clone, Copy)]
pub(crate) struct PolicySource<'a> {
    pub flag: Option<&'a Path>,
    pub config_file: Option<&'a Path>,
}

/// Reads and parses the policy file, if there is one. An unreadable file is a usage error; an
/// invalid one is drawn against its TOML. `Err` is the exit status (2) after the report.
pub(crate) fn load_policies<W: Write>(
    source: PolicySource<'_>,
    config: &Config,
    command: &str,
    out: &mut Output<W>,
) -> Result<Result<Option<PolicySet>, ExitStatus>, CommandError> {
    let path = match (source.flag, &config.policy) {
        (Some(p), _) => p.to_path_buf(),
        (None, Some((p, _))) => match source.config_file.and_then(Path::parent) {
            Some(dir) => dir.join(p),
            None => PathBuf::from(p),
        },
        (None, None) => return Ok(Ok(None)),
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            let mut message = format!("cannot read {}: {e}", path.display());
            if source.flag.is_none() {
                if let Some(c) = source.config_file {
                    message.push_str(&format!(" (the `policy` of {})", c.display()));
                }
            }
            out.note(&format!("sddl {command}: error: {message}\n"))?;
            return Ok(Err(ExitStatus::Error));
        }
    };
    match PolicySet::parse(&text) {
        Ok(set) => Ok(Ok(Some(set))),
        Err(errors) => {
            let report = ConfigReport::policy(&path.display().to_string(), &text, &errors.0);
            out.diagnostic(&report)?;
            Ok(Err(ExitStatus::Error))
        }
    }
}

/// The first configuration file from `dir` up.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .flat_map(|d| CONFIG_NAMES.iter().map(move |n| d.join(n)))
        .find(|p| p.is_file())
}

struct Lint<'a, W: Write> {
    out: &'a mut Output<W>,
    format: LintFormat,
    parse_opts: ParseOptions,
    cx: LintContext,
    settings: Settings,
    renderer: DiagnosticRenderer,
    single: bool,
    tally: Tally,
    /// SARIF results, written at the end of the run.
    sarif: Vec<sarif::SarifResult>,
    /// Reused output buffer for one input.
    buf: Vec<u8>,
    /// Inputs seen so far (the next input's index).
    inputs: usize,
    /// JSON findings, each serialised in field order, written as one array at the end.
    findings: Vec<Vec<u8>>,
}

fn json_value<T: serde::Serialize>(v: &T) -> Result<Vec<u8>, CommandError> {
    serde_json::to_vec(v).map_err(|e| CommandError::Io {
        action: "cannot serialise JSON",
        error: e.into(),
    })
}

impl<W: Write> InputHandler for Lint<'_, W> {
    type Error = CommandError;

    fn input(&mut self, input: RawInput<'_>) -> Result<(), CommandError> {
        match input.decode() {
            Decoded::Text(text) => {
                let parsed = sddl_core::parse(text, &self.parse_opts);
                let report = sddl_lint::lint_report(&parsed.sd, text, &self.cx, &self.settings);
                self.emit(input.origin, text, parsed.errors, None, &report.diagnostics)
            }
            Decoded::NotUtf8 { lossy, invalid } => {
                let report = invalid_utf8_report(lossy, invalid.start);
                // JSON offsets are into the original bytes, which the lossy text does not keep.
                let raw = invalid_utf8_error(Span::from_range(invalid.start, invalid.end));
                self.emit(
                    input.origin,
                    &report.source_code,
                    report.errors,
                    Some(raw),
                    &[],
                )
            }
        }
    }

    fn before_block(&mut self) -> Result<(), CommandError> {
        self.out.flush()
    }
}

impl<W: Write> Lint<'_, W> {
    /// Reports one input: its syntax errors (`json_errors` replaces them in JSON when the JSON
    /// offsets differ) and its findings.
    fn emit(
        &mut self,
        origin: Origin,
        text: &str,
        errors: Vec<ParseError>,
        json_errors: Option<ParseError>,
        diagnostics: &[sddl_lint::Diagnostic],
    ) -> Result<(), CommandError> {
        let index = self.inputs;
        self.inputs += 1;
        for _ in &errors {
            self.tally.add(sddl_lint::Severity::Error);
        }
        for d in diagnostics {
            self.tally.add(d.severity);
        }
        self.buf.clear();
        match self.format {
            LintFormat::Human => self.text(origin, text, errors, diagnostics),
            LintFormat::Json => {
                let json_errors = match &json_errors {
                    Some(e) => vec![JsonError::from(e)],
                    None => errors.iter().map(JsonError::from).collect(),
                };
                for e in &json_errors {
                    self.findings.push(json_value(&Finding::syntax(index, e))?);
                }
                for d in diagnostics {
                    let f = Finding {
                        input: index,
                        diagnostic: JsonDiagnostic::from(d),
                    };
                    self.findings.push(json_value(&f)?);
                }
            }
            LintFormat::Sarif => {
                for e in &errors {
                    self.sarif.push(sarif::syntax_error(
                        origin,
                        text,
                        e.code.as_str(),
                        &e.message,
                        e.span,
                    ));
                }
                for d in diagnostics {
                    self.sarif.push(sarif::finding(origin, text, d));
                }
            }
            LintFormat::Github => {
                for e in &errors {
                    let code = e.code.as_str();
                    let line = github::line("error", origin, text, e.span, code, &e.message);
                    self.buf.extend_from_slice(line.as_bytes());
                }
                for d in diagnostics {
                    let title = format!("{} {}", d.code, d.name);
                    let message = github::message_with_help(d);
                    let command = github::command(d.severity);
                    let line = github::line(command, origin, text, d.span, &title, &message);
                    self.buf.extend_from_slice(line.as_bytes());
                }
            }
        }
        self.out.write(&self.buf)
    }

    fn text(
        &mut self,
        origin: Origin,
        text: &str,
        errors: Vec<ParseError>,
        diagnostics: &[sddl_lint::Diagnostic],
    ) {
        let name = if self.single {
            SourceName::Anonymous
        } else {
            SourceName::Origin(origin)
        };
        if !errors.is_empty() {
            let report = Report {
                source_code: text.to_owned(),
                errors,
            };
            let view = InputReport::new(&report, name);
            self.buf
                .extend_from_slice(self.renderer.render(&view).as_bytes());
            let omitted = view.omitted();
            if omitted > 0 {
                self.buf.extend_from_slice(
                    format!(
                        "  … and {omitted} more error{} (`--format json` lists them all)\n",
                        if omitted == 1 { "" } else { "s" }
                    )
                    .as_bytes(),
                );
            }
            self.buf.push(b'\n');
        }
        for d in diagnostics {
            let view = FindingView::new(d, text, name);
            self.buf
                .extend_from_slice(self.renderer.render(&view).as_bytes());
            self.buf
                .extend_from_slice(view.footer(text, self.renderer.width()).as_bytes());
            self.buf.push(b'\n');
        }
    }
}

/// Configuration errors (or warnings) as one miette diagnostic, each against the TOML text.
pub(crate) struct ConfigReport {
    title: String,
    errors: Vec<ConfigErrorView>,
}

impl ConfigReport {
    fn new(name: &str, text: &str, errors: &[ConfigError], fatal: bool) -> Self {
        let n = errors.len();
        let plural = if n == 1 { "" } else { "s" };
        // The file's path is in each error's header.
        let title = if fatal {
            format!("invalid sddl-lint configuration ({n} error{plural})")
        } else {
            format!("sddl-lint configuration: {n} warning{plural}")
        };
        Self::with_title(title, "config", name, text, errors, fatal)
    }

    /// The errors of a policy file.
    pub(crate) fn policy(name: &str, text: &str, errors: &[ConfigError]) -> Self {
        let n = errors.len();
        let title = format!(
            "invalid policy file ({n} error{})",
            if n == 1 { "" } else { "s" }
        );
        Self::with_title(title, "policy", name, text, errors, true)
    }

    fn with_title(
        title: String,
        code: &'static str,
        name: &str,
        text: &str,
        errors: &[ConfigError],
        fatal: bool,
    ) -> Self {
        let source = NamedSource::new(name, text.to_owned());
        let errors = errors
            .iter()
            .map(|e| ConfigErrorView {
                error: e.clone(),
                source: source.clone(),
                fatal,
                code,
            })
            .collect();
        ConfigReport { title, errors }
    }
}

impl fmt::Debug for ConfigReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.title)
    }
}

impl fmt::Display for ConfigReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.title)
    }
}

impl std::error::Error for ConfigReport {}

impl Diagnostic for ConfigReport {
    fn severity(&self) -> Option<miette::Severity> {
        match self.errors.first() {
            Some(e) if !e.fatal => Some(miette::Severity::Warning),
            _ => None,
        }
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn Diagnostic> + 'b>> {
        Some(Box::new(self.errors.iter().map(|e| e as &dyn Diagnostic)))
    }
}

struct ConfigErrorView {
    error: ConfigError,
    source: NamedSource<String>,
    fatal: bool,
    /// `config` or `policy`.
    code: &'static str,
}

impl fmt::Debug for ConfigErrorView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.error, f)
    }
}

impl fmt::Display for ConfigErrorView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.error.message)
    }
}

impl std::error::Error for ConfigErrorView {}

impl Diagnostic for ConfigErrorView {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        (!self.fatal).then_some(miette::Severity::Warning)
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.error
            .help
            .as_deref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.error.span.as_ref().map(|_| &self.source as _)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.error.span.clone()?;
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            None,
            span.start..span.end,
        ))))
    }
}
