//! `sddl encode`: SDDL to the binary self-relative security descriptor.
//!
//! Contract: inputs as for `fmt` (arguments, or stdin lines when none or `-`). `--format hex`
//! (default) and `base64` print one line per valid input and render errors on stderr; `json`
//! prints one object per input, `{"input","ok":true,"hex"}` or `{"input","ok":false,"errors"}`.
//! Exit 0 when every input encodes, 1 when any does not, 2 on a usage or I/O error.

use crate::args::{EncodeArgs, EncodeFormat};
use crate::commands::{write_json, CommandError, Output, Streams};
use crate::exit::ExitStatus;
use crate::input::{for_each_input, Decoded, InputHandler, RawInput};
use crate::render::json::{EncodeLine, JsonError};
use crate::render::{invalid_utf8_error, InputReport, Problem, SourceName};
use base64::Engine as _;
use sddl_core::binary::Location;
use sddl_core::{EncodeError, EncodeOptions, ParseOptions, Report, SecurityDescriptor, Span};
use std::io::{Read, Write};

pub fn run<R: Read, W: Write>(
    args: &EncodeArgs,
    streams: &mut Streams<R, W>,
) -> Result<ExitStatus, CommandError> {
    let mut encode = Encode {
        out: &mut streams.out,
        format: args.format,
        parse_opts: ParseOptions {
            domain_sid: args.domain_sid,
        },
        encode_opts: EncodeOptions {
            domain_sid: args.domain_sid,
        },
        single: args.inputs.len() == 1 && args.inputs[0] != "-",
        status: ExitStatus::Success,
        line: Vec::new(),
    };
    for_each_input(&args.inputs, &mut streams.stdin, &mut encode)?;
    let status = encode.status;
    streams.out.flush()?;
    Ok(status)
}

struct Encode<'a, W: Write> {
    out: &'a mut Output<W>,
    format: EncodeFormat,
    parse_opts: ParseOptions,
    encode_opts: EncodeOptions,
    single: bool,
    status: ExitStatus,
    line: Vec<u8>,
}

impl<W: Write> InputHandler for Encode<'_, W> {
    type Error = CommandError;

    fn input(&mut self, input: RawInput<'_>) -> Result<(), CommandError> {
        let name = if self.single {
            SourceName::Anonymous
        } else {
            SourceName::Origin(input.origin)
        };
        match input.decode() {
            Decoded::Text(text) => {
                let parsed = sddl_core::parse(text, &self.parse_opts);
                if !parsed.errors.is_empty() {
                    let report = Report {
                        source_code: text.to_owned(),
                        errors: parsed.errors,
                    };
                    return self.invalid_report(&report, name);
                }
                match sddl_core::to_binary(&parsed.sd, &self.encode_opts) {
                    Ok(bytes) => self.valid(text, &bytes),
                    Err(e) => {
                        let problem = encode_problem(&e, &parsed.sd, text);
                        self.invalid(text, "cannot encode the security descriptor", problem, name)
                    }
                }
            }
            Decoded::NotUtf8 { lossy, invalid } => {
                let report = crate::render::invalid_utf8_report(lossy, invalid.start);
                match self.format {
                    EncodeFormat::Json => {
                        self.status = ExitStatus::Failure;
                        let raw = invalid_utf8_error(Span::from_range(invalid.start, invalid.end));
                        self.json_invalid(&report.source_code, vec![JsonError::from(&raw)])
                    }
                    _ => self.invalid_report(&report, name),
                }
            }
        }
    }

    fn before_block(&mut self) -> Result<(), CommandError> {
        self.out.flush()
    }
}

impl<W: Write> Encode<'_, W> {
    fn valid(&mut self, input: &str, bytes: &[u8]) -> Result<(), CommandError> {
        self.line.clear();
        match self.format {
            EncodeFormat::Hex => self.line.extend_from_slice(hex::encode(bytes).as_bytes()),
            EncodeFormat::Base64 => self.line.extend_from_slice(
                base64::engine::general_purpose::STANDARD
                    .encode(bytes)
                    .as_bytes(),
            ),
            EncodeFormat::Json => {
                let hex = hex::encode(bytes);
                let line = EncodeLine {
                    input,
                    ok: true,
                    hex: Some(&hex),
                    errors: None,
                };
                write_json(&mut self.line, &line)?;
            }
        }
        self.line.push(b'\n');
        self.out.write(&self.line)
    }

    /// Parse errors (or a line that is not UTF-8).
    fn invalid_report(&mut self, report: &Report, name: SourceName) -> Result<(), CommandError> {
        self.status = ExitStatus::Failure;
        match self.format {
            EncodeFormat::Json => {
                let errors = report.errors.iter().map(JsonError::from).collect();
                self.json_invalid(&report.source_code, errors)
            }
            _ => self.out.report(&InputReport::new(report, name)),
        }
    }

    /// A valid descriptor the binary form cannot carry.
    fn invalid(
        &mut self,
        text: &str,
        title: &str,
        problem: Problem,
        name: SourceName,
    ) -> Result<(), CommandError> {
        self.status = ExitStatus::Failure;
        match self.format {
            EncodeFormat::Json => self.json_invalid(text, vec![JsonError::from(&problem)]),
            _ => {
                let report = InputReport::from_problems(title.into(), text, vec![problem], name);
                self.out.report(&report)
            }
        }
    }

    fn json_invalid(
        &mut self,
        input: &str,
        errors: Vec<JsonError<'_>>,
    ) -> Result<(), CommandError> {
        self.line.clear();
        let line = EncodeLine {
            input,
            ok: false,
            hex: None,
            errors: Some(errors),
        };
        write_json(&mut self.line, &line)?;
        self.line.push(b'\n');
        self.out.write(&self.line)
    }
}

/// An encoding error as a problem in the text: the location the encoder names, mapped back to
/// the span of the SID, ACE or ACL it came from.
fn encode_problem(e: &EncodeError, sd: &SecurityDescriptor, text: &str) -> Problem {
    let ace = |sacl: bool, i: usize| {
        let acl = if sacl { &sd.sacl } else { &sd.dacl };
        acl.as_ref().and_then(|a| a.aces.get(i))
    };
    let whole = Span::from_range(0, text.len());
    let span = match e.location() {
        Location::Owner => sd.owner.as_ref().map(|o| o.sid_span),
        Location::Group => sd.group.as_ref().map(|o| o.sid_span),
        Location::Dacl => sd.dacl.as_ref().map(|a| a.span),
        Location::Sacl => sd.sacl.as_ref().map(|a| a.span),
        Location::DaclAce(i) | Location::SaclAce(i) => {
            let sacl = matches!(e.location(), Location::SaclAce(_));
            ace(sacl, i).map(|a| match e {
                // The alias is the trustee, or else somewhere in the condition or claim.
                EncodeError::UnresolvedAlias { alias, .. }
                | EncodeError::DomainSidFull { alias, .. } => match a.sid {
                    sddl_core::SidRef::Unresolved(u) if u.code == *alias => a.spans.trustee,
                    _ if !a.spans.extra.is_empty() => a.spans.extra,
                    _ => a.spans.whole,
                },
                _ => a.spans.whole,
            })
        }
        _ => None,
    }
    .unwrap_or(whole);
    let (label, help) = match e {
        EncodeError::UnresolvedAlias { .. } => (
            "needs a domain SID",
            Some("pass `--domain-sid S-1-5-21-...` to say which domain this alias belongs to"),
        ),
        EncodeError::DomainSidFull { .. } => ("the domain SID has 15 sub-authorities", None),
        EncodeError::AclTooLarge { .. } => ("over 65,535 bytes", None),
        EncodeError::AceTooLarge { .. } => ("over 65,535 bytes", None),
        EncodeError::AcesInNullAcl { .. } => ("ACEs in a NULL ACL", None),
        _ => ("cannot be encoded", None),
    };
    Problem {
        code: e.as_str(),
        message: e.to_string(),
        span,
        label: Some(label.into()),
        help: help.map(str::to_owned),
    }
}
