//! `sddl lint --format github`: one GitHub Actions workflow command per finding, which GitHub
//! shows as an annotation on the pull request:
//!
//! ```text
//! ::error file=arguments/1,line=1,col=4,endColumn=19,title=SDDL001 everyone-full-control::`Everyone` gets full control
//! ```
//!
//! `error` for errors (and syntax errors), `warning` for warnings, `notice` for infos. `file`
//! names the input as SARIF does (`stdin`, line N for stdin line N; `arguments/N`); columns
//! are 1-based UTF-16 code units, `endColumn` exclusive. Values are escaped as the workflow
//! command rules say: `%`, `\r`, `\n` in the message; also `:` and `,` in properties.

use super::sarif::{artifact, region, Region};
use crate::input::Origin;
use sddl_core::Span;
use sddl_lint::Severity;

/// Escapes the message of a workflow command.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a workflow command.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The command of a severity.
pub fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// A finding's message with its help on a line of its own (for annotations and review
/// comments).
pub fn message_with_help(d: &sddl_lint::Diagnostic) -> String {
    match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    }
}

/// One annotation line, with its newline.
pub fn line(
    command: &str,
    origin: Origin,
    text: &str,
    span: Span,
    title: &str,
    message: &str,
) -> String {
    line_in(
        command,
        &artifact(origin).uri,
        region(origin, text, span),
        title,
        message,
    )
}

/// One annotation line for `file` at `r`, with its newline.
pub fn line_in(command: &str, file: &str, r: Region, title: &str, message: &str) -> String {
    // GitHub takes `endColumn` only on the start line.
    let end = if r.end_line == r.start_line {
        format!(",endColumn={}", r.end_column)
    } else {
        format!(",endLine={},endColumn={}", r.end_line, r.end_column)
    };
    format!(
        "::{command} file={},line={},col={}{end},title={}::{}\n",
        escape_property(file),
        r.start_line,
        r.start_column,
        escape_property(title),
        escape_data(message)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_follow_the_workflow_command_rules() {
        assert_eq!(escape_data("100% a\r\nb: c, d"), "100%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("a: b, 5%"), "a%3A b%2C 5%25");
    }

    #[test]
    fn line_has_position_and_title() {
        let l = line(
            "error",
            Origin::Stdin(3),
            "D:(A;;GA;;;WD)",
            Span::from_range(2, 14),
            "SDDL001 everyone-full-control",
            "a, b: c",
        );
        assert_eq!(
            l,
            "::error file=stdin,line=3,col=3,endColumn=15,title=SDDL001 everyone-full-control::a, b: c\n"
        );
    }
}
