//! Everything the user sees that is not plain output: miette rendering of diagnostics for humans
//! and the JSON wire formats for machines. Core and lint types never carry a wire format; the
//! DTOs here copy what they need out of them.

pub mod json;

use crate::input::Origin;
use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use sddl_core::{ErrorCode, ParseError, Report, Span};
use std::fmt;
use std::io::IsTerminal;

/// Width used when stderr is not a terminal (and in the snapshot tests).
pub const DEFAULT_WIDTH: usize = 80;

/// Renders diagnostics for stderr.
pub struct DiagnosticRenderer {
    handler: GraphicalReportHandler,
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
        }
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

/// The errors of one input as one miette diagnostic: the core's [`Report`], with the input named
/// after where it came from (`<stdin>:3:7` points at line 3 of stdin, column 7).
pub struct InputReport<'a> {
    report: &'a Report,
    source: InputSource<'a>,
}

impl<'a> InputReport<'a> {
    pub fn new(report: &'a Report, name: SourceName) -> Self {
        let (name, first_line) = match name {
            SourceName::Anonymous => (None, 0),
            SourceName::Origin(Origin::Arg(n)) => (Some(format!("<argument {n}>")), 0),
            SourceName::Origin(Origin::Stdin(n)) => (Some("<stdin>".to_string()), n - 1),
        };
        InputReport {
            report,
            source: InputSource {
                text: &report.source_code,
                name,
                first_line,
            },
        }
    }
}

impl fmt::Debug for InputReport<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.report, f)
    }
}

impl fmt::Display for InputReport<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.report, f)
    }
}

impl std::error::Error for InputReport<'_> {}

impl Diagnostic for InputReport<'_> {
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn Diagnostic> + 'b>> {
        self.report.related()
    }
}

/// One input line as miette source code, its line numbers shifted to where it sits in its file.
struct InputSource<'a> {
    text: &'a str,
    name: Option<String>,
    /// 0-based line number of the text's first line.
    first_line: usize,
}

impl SourceCode for InputSource<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let inner = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        let line = inner.line() + self.first_line;
        let contents = match &self.name {
            Some(name) => MietteSpanContents::new_named(
                name.clone(),
                inner.data(),
                *inner.span(),
                line,
                inner.column(),
                inner.line_count(),
            ),
            None => MietteSpanContents::new(
                inner.data(),
                *inner.span(),
                line,
                inner.column(),
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
