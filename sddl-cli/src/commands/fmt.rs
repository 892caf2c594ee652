//! `sddl fmt`: print each input in Windows' canonical form.
//!
//! Contract (other tools depend on it): one input per argument, or per stdin line when there is
//! no argument or the argument is `-`. `--format text` prints the canonical string of each valid
//! input on stdout and renders the errors of each invalid one on stderr; `--format json` prints
//! exactly one JSON object per input on stdout (see [`crate::render::json`]). Exit 0 when every
//! input is valid, 1 when any is not, 2 on a usage or I/O error.

use crate::args::{FmtArgs, Format};
use crate::commands::{write_json, CommandError, Output, Streams};
use crate::exit::ExitStatus;
use crate::input::{for_each_input, Decoded, InputHandler, RawInput};
use crate::render::json::{FmtLine, JsonError};
use crate::render::{invalid_utf8_error, invalid_utf8_report, InputReport, SourceName};
use sddl_core::{ParseOptions, Report, Span};
use std::io::{Read, Write};

pub fn run<R: Read, W: Write>(
    args: &FmtArgs,
    streams: &mut Streams<R, W>,
) -> Result<ExitStatus, CommandError> {
    let mut fmt = Fmt {
        out: &mut streams.out,
        format: args.format,
        parse_opts: ParseOptions {
            domain_sid: args.domain_sid,
        },
        // A lone argument needs no name in diagnostics; one of several inputs does.
        single: args.inputs.len() == 1 && args.inputs[0] != "-",
        status: ExitStatus::Success,
        line: Vec::new(),
    };
    for_each_input(&args.inputs, &mut streams.stdin, &mut fmt)?;
    let status = fmt.status;
    streams.out.flush()?;
    Ok(status)
}

struct Fmt<'a, W: Write> {
    out: &'a mut Output<W>,
    format: Format,
    parse_opts: ParseOptions,
    single: bool,
    status: ExitStatus,
    /// Reused buffer for one line of output.
    line: Vec<u8>,
}

impl<W: Write> InputHandler for Fmt<'_, W> {
    type Error = CommandError;

    fn input(&mut self, input: RawInput<'_>) -> Result<(), CommandError> {
        let name = if self.single {
            SourceName::Anonymous
        } else {
            SourceName::Origin(input.origin)
        };
        match input.decode() {
            Decoded::Text(text) => {
                // Parse and print in one pass (the same text as `parse` then `to_sddl`).
                match sddl_core::canonicalize(text, &self.parse_opts) {
                    Ok(canonical) => self.valid(text, &canonical),
                    Err(errors) => {
                        self.status = ExitStatus::Failure;
                        let report = Report {
                            source_code: text.to_owned(),
                            errors,
                        };
                        self.invalid(&report, name, None)
                    }
                }
            }
            Decoded::NotUtf8 { lossy, invalid } => {
                self.status = ExitStatus::Failure;
                let report = invalid_utf8_report(lossy, invalid.start);
                // JSON offsets are into the original bytes, which the lossy text does not keep.
                let raw = invalid_utf8_error(Span::from_range(invalid.start, invalid.end));
                self.invalid(&report, name, Some(&raw))
            }
        }
    }

    fn before_block(&mut self) -> Result<(), CommandError> {
        self.out.flush()
    }
}

impl<W: Write> Fmt<'_, W> {
    fn valid(&mut self, input: &str, canonical: &str) -> Result<(), CommandError> {
        self.line.clear();
        match self.format {
            Format::Text => self.line.extend_from_slice(canonical.as_bytes()),
            Format::Json => write_json(&mut self.line, &FmtLine::valid(input, canonical))?,
        }
        self.line.push(b'\n');
        self.out.write(&self.line)
    }

    /// `json_override`: the error to report in JSON instead of the report's own (used when the
    /// JSON offsets differ from the rendered ones).
    fn invalid(
        &mut self,
        report: &Report,
        name: SourceName,
        json_override: Option<&sddl_core::ParseError>,
    ) -> Result<(), CommandError> {
        match self.format {
            Format::Text => self.out.report(&InputReport::new(report, name)),
            Format::Json => {
                let errors = match json_override {
                    Some(e) => vec![JsonError::from(e)],
                    None => report.errors.iter().map(JsonError::from).collect(),
                };
                self.line.clear();
                write_json(
                    &mut self.line,
                    &FmtLine::invalid(&report.source_code, errors),
                )?;
                self.line.push(b'\n');
                self.out.write(&self.line)
            }
        }
    }
}
