//! `sddl explain`: what one security descriptor means, for a person (`--format human`) or a
//! program (`--format json`, one object; see `docs/cli.md`).
//!
//! The input is one SDDL argument, or `-` for one line of stdin. Invalid SDDL is rendered as
//! `fmt` renders it (or, with `--format json`, `{"input","ok":false,"errors"}`), exit 1. Exit 0
//! for a valid descriptor, 2 on a usage or I/O error.

use crate::args::{ExplainArgs, ExplainFormat};
use crate::commands::{write_json, CommandError, Streams};
use crate::exit::ExitStatus;
use crate::explain::{explain, Options};
use crate::input::{Decoded, Origin, RawInput};
use crate::render::human::{render, Painter};
use crate::render::json::{FmtLine, JsonError};
use crate::render::{invalid_utf8_error, invalid_utf8_report, InputReport, SourceName};
use sddl_core::{ParseOptions, Report, Span};
use std::io::{IsTerminal, Read, Write};

/// Width when stdout is not a terminal and `COLUMNS` is unset.
pub const DEFAULT_WIDTH: usize = 100;

pub fn run<R: Read, W: Write>(
    args: &ExplainArgs,
    streams: &mut Streams<R, W>,
) -> Result<ExitStatus, CommandError> {
    let bytes = if args.input == "-" {
        match read_one_line(&mut streams.stdin)? {
            Some(b) => b,
            None => {
                streams.out.note(
                    "sddl: error: `explain -` reads one descriptor from stdin, on one line\n",
                )?;
                return Ok(ExitStatus::Error);
            }
        }
    } else {
        os_bytes(&args.input)
    };
    let raw = RawInput {
        origin: Origin::Arg(1),
        bytes: &bytes,
    };
    let text = match raw.decode() {
        Decoded::Text(t) => t,
        Decoded::NotUtf8 {
            lossy,
            invalid: bad,
        } => {
            let report = invalid_utf8_report(lossy, bad.start);
            let raw_error = invalid_utf8_error(Span::from_range(bad.start, bad.end));
            return invalid(streams, args.format, &report, Some(&raw_error));
        }
    };
    let parsed = sddl_core::parse(
        text,
        &ParseOptions {
            domain_sid: args.domain_sid,
        },
    );
    if !parsed.errors.is_empty() {
        let report = Report {
            source_code: text.to_owned(),
            errors: parsed.errors,
        };
        return invalid(streams, args.format, &report, None);
    }
    let explanation = explain(
        text,
        &parsed.sd,
        &Options {
            kind: args.kind,
            domain_sid: args.domain_sid,
        },
    );
    let mut buf = Vec::new();
    match args.format {
        ExplainFormat::Json => write_json(&mut buf, &explanation)?,
        ExplainFormat::Human => buf.extend_from_slice(render(&explanation, &painter()).as_bytes()),
    }
    if args.format == ExplainFormat::Json {
        buf.push(b'\n');
    }
    streams.out.write(&buf)?;
    streams.out.flush()?;
    Ok(ExitStatus::Success)
}

/// Colour when stdout is a terminal and `NO_COLOR` is unset; width from `COLUMNS`, else the
/// terminal's, else [`DEFAULT_WIDTH`].
pub(crate) fn painter() -> Painter {
    let stdout = std::io::stdout();
    let tty = stdout.is_terminal();
    let colour = tty && std::env::var_os("NO_COLOR").is_none();
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
        .unwrap_or(DEFAULT_WIDTH);
    Painter { colour, width }
}

fn invalid<R: Read, W: Write>(
    streams: &mut Streams<R, W>,
    format: ExplainFormat,
    report: &Report,
    json_override: Option<&sddl_core::ParseError>,
) -> Result<ExitStatus, CommandError> {
    match format {
        ExplainFormat::Human => streams
            .out
            .report(&InputReport::new(report, SourceName::Anonymous))?,
        ExplainFormat::Json => {
            let errors = match json_override {
                Some(e) => vec![JsonError::from(e)],
                None => report.errors.iter().map(JsonError::from).collect(),
            };
            let mut buf = Vec::new();
            write_json(&mut buf, &FmtLine::invalid(&report.source_code, errors))?;
            buf.push(b'\n');
            streams.out.write(&buf)?;
        }
    }
    streams.out.flush()?;
    Ok(ExitStatus::Failure)
}

/// The one line of stdin (without its terminator); `None` when stdin is empty or has more than
/// one line.
fn read_one_line<R: Read>(
    stdin: &mut std::io::BufReader<R>,
) -> Result<Option<Vec<u8>>, CommandError> {
    let mut all = Vec::new();
    stdin
        .read_to_end(&mut all)
        .map_err(|error| CommandError::Io {
            action: "cannot read stdin",
            error,
        })?;
    let mut lines = all.split(|&b| b == b'\n').collect::<Vec<_>>();
    if lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    Ok(match lines.as_slice() {
        [one] => Some(one.strip_suffix(b"\r").unwrap_or(one).to_vec()),
        _ => None,
    })
}

#[cfg(unix)]
pub(crate) fn os_bytes(s: &std::ffi::OsString) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    s.as_bytes().to_vec()
}

#[cfg(not(unix))]
pub(crate) fn os_bytes(s: &std::ffi::OsString) -> Vec<u8> {
    s.to_string_lossy().into_owned().into_bytes()
}
