//! Everything the user sees that is not plain output: miette rendering of diagnostics for humans
//! and the JSON wire formats for machines. Core and lint types never carry a wire format; the
//! DTOs here copy what they need out of them.

pub mod github;
pub mod human;
pub mod json;
pub mod lint_json;
pub mod lint_text;
pub mod rdjson;
pub mod sarif;
pub mod scan_json;

use crate::input::Origin;
use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};
use sddl_core::{ErrorCode, ParseError, Report, Span};
use std::borrow::Cow;
use std::fmt;
use std::io::IsTerminal;

/// Width used when stderr is not a terminal (and in the snapshot tests).
pub const DEFAULT_WIDTH: usize = 80;

/// Width of diagnostics on stdout when it is not a terminal and `COLUMNS` is unset (as
/// `explain`'s).
pub const STDOUT_WIDTH: usize = 100;

/// Renders diagnostics for stderr.
pub struct DiagnosticRenderer {
    handler: GraphicalReportHandler,
    width: usize,
}

impl DiagnosticRenderer {
    /// Colour only when stderr is a terminal and `NO_COLOR` is unset; the terminal's width when
    /// stderr is one, else 80 columns. Off a terminal the output is exactly that of
    /// `GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(80)`.
    pub fn for_stderr() -> Self {
        let stderr = std::io::stderr();
        let tty = stderr.is_terminal();
        let colour = tty && std::env::var_os("NO_COLOR").is_none();
        let theme = if colour {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let width = if tty {
            terminal_size::terminal_size_of(&stderr)
                .map(|(w, _)| usize::from(w.0))
                .filter(|&w| w > 0)
                .unwrap_or(DEFAULT_WIDTH)
        } else {
            DEFAULT_WIDTH
        };
        DiagnosticRenderer {
            handler: GraphicalReportHandler::new_themed(theme).with_width(width),
            width,
        }
    }

    /// For diagnostics that are the output itself (`sddl lint`'s findings, as ruff prints them):
    /// colour only when stdout is a terminal and `NO_COLOR` is unset; width from `COLUMNS`, else
    /// the terminal's, else [`STDOUT_WIDTH`].
    pub fn for_stdout() -> Self {
        let stdout = std::io::stdout();
        let tty = stdout.is_terminal();
        let colour = tty && std::env::var_os("NO_COLOR").is_none();
        let theme = if colour {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let columns = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<usize>().ok())
            .filter(|&w| w > 0);
        let width = columns
            .or_else(|| {
                tty.then(|| terminal_size::terminal_size_of(&stdout))
                    .flatten()
                    .map(|(w, _)| usize::from(w.0))
                    .filter(|&w| w > 0)
            })
            .unwrap_or(STDOUT_WIDTH);
        DiagnosticRenderer {
            handler: GraphicalReportHandler::new_themed(theme).with_width(width),
            width,
        }
    }

    /// The width diagnostics are wrapped to.
    pub fn width(&self) -> usize {
        self.width
    }

    pub fn render(&self, diagnostic: &dyn Diagnostic) -> String {
        let mut out = String::new();
        if self.handler.render_report(&mut out, diagnostic).is_err() {
            // Rendering only fails when a span lies outside its source, which the core promises
            // never happens; fall back to the plain message rather than lose the error.
            out = format!("error: {diagnostic}\n");
        }
        out
    }
}

/// How an input is named in a rendered diagnostic.
#[derive(Clone, Copy, Debug)]
pub enum SourceName {
    /// The only input: no name.
    Anonymous,
    /// One of several inputs (an argument or a stdin line).
    Origin(Origin),
}

/// Inputs longer than this many bytes are not shown whole: each error shows a window of the
/// input around its span instead. Windows' own descriptors run to thousands of characters, and
/// a span far into a long line would push miette past what it can lay out.
pub const LONG_INPUT: usize = 200;
/// Bytes of context shown on each side of an error's span in a long input.
const CONTEXT: usize = 60;
/// Longest part of a span shown in a long input; the label marks where the span starts.
const MAX_SHOWN_SPAN: usize = 120;
/// Most errors rendered for one input; the rest are counted in a note (JSON output has them
/// all). A pathological input can have thousands.
pub const MAX_RENDERED_ERRORS: usize = 20;

/// One error to show against an input: a stable code, a message and the span at fault. Parse
/// errors convert into it; the binary codec's errors are built into it by the commands that map
/// their locations back to the text.
#[derive(Clone, Debug)]
pub struct Problem {
    /// Stable code (`sddl::unknown-right`, `binary::unresolved-alias`, ...).
    pub code: &'static str,
    pub message: String,
    pub span: Span,
    /// Text under the span; `None` for none.
    pub label: Option<String>,
    pub help: Option<String>,
}

impl From<&ParseError> for Problem {
    fn from(error: &ParseError) -> Self {
        let label = error
            .labels()
            .and_then(|mut labels| labels.next())
            .and_then(|l| l.label().map(str::to_owned));
        Problem {
            code: error.code.as_str(),
            message: error.message.clone(),
            span: error.span,
            label,
            help: error.help.clone(),
        }
    }
}

/// The errors of one input as one miette diagnostic, with the input named after where it came
/// from (`<stdin>:3:7` points at line 3 of stdin, column 7), and long inputs shown as a window
/// around each error.
pub struct InputReport<'a> {
    /// The headline (`invalid security descriptor (2 errors)`).
    title: String,
    /// How many errors there are in all.
    total: usize,
    errors: Vec<ErrorView<'a>>,
}

impl InputReport<'_> {
    /// How many errors are not rendered (past [`MAX_RENDERED_ERRORS`]).
    pub fn omitted(&self) -> usize {
        self.total - self.errors.len()
    }
}

impl<'a> InputReport<'a> {
    /// The parse errors of the core's [`Report`].
    pub fn new(report: &'a Report, name: SourceName) -> Self {
        let problems = report.errors.iter().take(MAX_RENDERED_ERRORS);
        let problems = problems.map(Problem::from).collect();
        let mut r = Self::from_problems(report.to_string(), &report.source_code, problems, name);
        r.total = report.errors.len();
        r
    }

    /// Any errors against `text`, under the headline `title`.
    pub fn from_problems(
        title: String,
        text: &'a str,
        problems: Vec<Problem>,
        name: SourceName,
    ) -> Self {
        let (name, first_line) = match name {
            SourceName::Anonymous => (None, 0),
            SourceName::Origin(Origin::Arg(n)) => (Some(format!("<argument {n}>")), 0),
            SourceName::Origin(Origin::Stdin(n)) => (Some("<stdin>".to_string()), n - 1),
        };
        let total = problems.len();
        let errors = problems
            .into_iter()
            .take(MAX_RENDERED_ERRORS)
            .map(|problem| {
                if text.len() <= LONG_INPUT {
                    let label = problem.span.into();
                    ErrorView {
                        problem,
                        label,
                        source: InputSource {
                            text: Cow::Borrowed(text),
                            name: name.clone(),
                            first_line,
                            column_shift: 0,
                        },
                    }
                } else {
                    let w = window(text, problem.span);
                    ErrorView {
                        problem,
                        label: w.label,
                        source: InputSource {
                            text: Cow::Owned(w.text),
                            name: name.clone(),
                            first_line: first_line + w.line,
                            column_shift: w.column_shift,
                        },
                    }
                }
            })
            .collect();
        InputReport {
            title,
            total,
            errors,
        }
    }
}

impl fmt::Debug for InputReport<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.title)
    }
}

impl fmt::Display for InputReport<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.title)
    }
}

impl std::error::Error for InputReport<'_> {}

impl Diagnostic for InputReport<'_> {
    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn Diagnostic> + 'b>> {
        Some(Box::new(self.errors.iter().map(|e| e as &dyn Diagnostic)))
    }
}

/// One error with the source it is shown against (the whole input, or a window of it).
struct ErrorView<'a> {
    problem: Problem,
    /// The error's span within `source`.
    label: SourceSpan,
    source: InputSource<'a>,
}

impl fmt::Debug for ErrorView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.problem, f)
    }
}

impl fmt::Display for ErrorView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.problem.message)
    }
}

impl std::error::Error for ErrorView<'_> {}

impl Diagnostic for ErrorView<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.problem.code))
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.problem
            .help
            .as_deref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            self.problem.label.clone(),
            self.label,
        ))))
    }
}

/// A window of a long input around one span.
struct Window {
    /// The shown text: `…` where the input was cut, line breaks shown as spaces.
    text: String,
    /// The span within `text`.
    label: SourceSpan,
    /// 0-based line of the span's start in the input.
    line: usize,
    /// What to add to a column in `text` to get the column in the input's line.
    column_shift: isize,
}

fn window(input: &str, span: Span) -> Window {
    const ELLIPSIS: &str = "…";
    let start = floor_boundary(input, span.start as usize);
    let end = floor_boundary(input, (span.end as usize).max(start));
    let shown_end = ceil_boundary(input, end.min(start + MAX_SHOWN_SPAN));
    let from = floor_boundary(input, start.saturating_sub(CONTEXT));
    let to = ceil_boundary(input, shown_end + CONTEXT);
    let prefix = if from > 0 { ELLIPSIS } else { "" };
    let suffix = if to < input.len() { ELLIPSIS } else { "" };
    // Line breaks become spaces (one byte for one byte), so the window is one line and every
    // offset in it stays put.
    let body: String = input[from..to]
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    let label_start = prefix.len() + (start - from);
    let line_start = input[..start].rfind('\n').map_or(0, |i| i + 1);
    Window {
        text: format!("{prefix}{body}{suffix}"),
        label: SourceSpan::new(label_start.into(), shown_end - start),
        line: input.as_bytes()[..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count(),
        column_shift: (start - line_start) as isize - label_start as isize,
    }
}

fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// An input (or a window of one) as miette source code, its line and column numbers shifted to
/// where it sits in its file.
struct InputSource<'a> {
    text: Cow<'a, str>,
    name: Option<String>,
    /// 0-based line number of the text's first line.
    first_line: usize,
    /// Added to columns on the text's first line (non-zero for windows of long inputs).
    column_shift: isize,
}

impl SourceCode for InputSource<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let inner =
            self.text
                .as_ref()
                .read_span(span, context_lines_before, context_lines_after)?;
        let line = inner.line() + self.first_line;
        let column = if inner.line() == 0 {
            inner.column().saturating_add_signed(self.column_shift)
        } else {
            inner.column()
        };
        let contents = match &self.name {
            Some(name) => MietteSpanContents::new_named(
                name.clone(),
                inner.data(),
                *inner.span(),
                line,
                column,
                inner.line_count(),
            ),
            None => MietteSpanContents::new(
                inner.data(),
                *inner.span(),
                line,
                column,
                inner.line_count(),
            ),
        };
        Ok(Box::new(contents))
    }
}

/// The report for an input that is not UTF-8: shown lossily, the label on the replacement
/// character that stands for the first invalid sequence.
pub fn invalid_utf8_report(lossy: String, invalid_start: usize) -> Report {
    // The text before the first invalid sequence is unchanged by the lossy decoding, and the
    // sequence itself became one U+FFFD (3 bytes).
    let span = Span::from_range(invalid_start, invalid_start + '\u{FFFD}'.len_utf8());
    Report {
        source_code: lossy,
        errors: vec![invalid_utf8_error(span)],
    }
}

/// The `sddl::invalid-utf8` error at `span`.
pub fn invalid_utf8_error(span: Span) -> ParseError {
    ParseError::new(ErrorCode::InvalidUtf8, span, "the input is not valid UTF-8")
        .with_help("SDDL is text; convert the input to UTF-8")
}
