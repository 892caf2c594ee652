//! `sddl decode`: binary self-relative security descriptors (hex or base64) to canonical SDDL.
//!
//! Contract: inputs as for `fmt`. Each input is hex (whitespace anywhere is ignored) when every
//! other character is a hex digit, else base64 (standard alphabet, padding optional, whitespace
//! ignored). `--domain-sid` makes SIDs of that domain print as aliases, as in `fmt`. `--format text` prints the canonical SDDL of each valid input and renders errors on
//! stderr; `json` prints one object per input, `{"input","ok":true,"canonical"}` or
//! `{"input","ok":false,"errors":[{"code","message","start","end"}]}`. A descriptor holding an
//! ACE that SDDL cannot express (an unknown or compound ACE type, application data that is not a
//! condition or claim) is an error (`decode::unprintable-ace`), never printed as if it were SDDL.
//! Exit 0 when every input decodes, 1 when any does not, 2 on a usage or I/O error.

use crate::args::{DecodeArgs, Format};
use crate::commands::{write_json, CommandError, Output, Streams};
use crate::exit::ExitStatus;
use crate::input::{for_each_input, Decoded, InputHandler, RawInput};
use crate::render::json::{DecodeLine, JsonError};
use crate::render::{InputReport, Problem, SourceName};
use base64::Engine as _;
use sddl_core::{AceData, FormatOptions, SecurityDescriptor, Span};
use std::io::{Read, Write};

pub fn run<R: Read, W: Write>(
    args: &DecodeArgs,
    streams: &mut Streams<R, W>,
) -> Result<ExitStatus, CommandError> {
    let mut decode = Decode {
        out: &mut streams.out,
        format: args.format,
        format_opts: FormatOptions {
            domain_sid: args.domain_sid,
        },
        single: args.inputs.len() == 1 && args.inputs[0] != "-",
        status: ExitStatus::Success,
        line: Vec::new(),
    };
    for_each_input(&args.inputs, &mut streams.stdin, &mut decode)?;
    let status = decode.status;
    streams.out.flush()?;
    Ok(status)
}

struct Decode<'a, W: Write> {
    out: &'a mut Output<W>,
    format: Format,
    format_opts: FormatOptions,
    single: bool,
    status: ExitStatus,
    line: Vec<u8>,
}

/// A failed input: the problem as rendered against the text, and as reported in JSON (whose
/// offsets may be into the decoded bytes instead).
struct Failure {
    rendered: Problem,
    json: Problem,
}

impl<W: Write> InputHandler for Decode<'_, W> {
    type Error = CommandError;

    fn input(&mut self, input: RawInput<'_>) -> Result<(), CommandError> {
        let name = if self.single {
            SourceName::Anonymous
        } else {
            SourceName::Origin(input.origin)
        };
        match input.decode() {
            Decoded::Text(text) => match decode_text(text, &self.format_opts) {
                Ok(canonical) => self.valid(text, &canonical),
                Err(failure) => self.invalid(text, *failure, name),
            },
            Decoded::NotUtf8 { lossy, invalid } => {
                let report = crate::render::invalid_utf8_report(lossy, invalid.start);
                let rendered = Problem::from(&report.errors[0]);
                let mut json = rendered.clone();
                json.span = Span::from_range(invalid.start, invalid.end);
                self.invalid(&report.source_code, Failure { rendered, json }, name)
            }
        }
    }

    fn before_block(&mut self) -> Result<(), CommandError> {
        self.out.flush()
    }
}

impl<W: Write> Decode<'_, W> {
    fn valid(&mut self, input: &str, canonical: &str) -> Result<(), CommandError> {
        self.line.clear();
        match self.format {
            Format::Text => self.line.extend_from_slice(canonical.as_bytes()),
            Format::Json => write_json(&mut self.line, &DecodeLine::valid(input, canonical))?,
        }
        self.line.push(b'\n');
        self.out.write(&self.line)
    }

    fn invalid(&mut self, text: &str, f: Failure, name: SourceName) -> Result<(), CommandError> {
        self.status = ExitStatus::Failure;
        match self.format {
            Format::Text => {
                let title = "invalid binary security descriptor".to_string();
                let report = InputReport::from_problems(title, text, vec![f.rendered], name);
                self.out.report(&report)
            }
            Format::Json => {
                self.line.clear();
                let errors = vec![JsonError::from(&f.json)];
                write_json(&mut self.line, &DecodeLine::invalid(text, errors))?;
                self.line.push(b'\n');
                self.out.write(&self.line)
            }
        }
    }
}

/// How the text spelled the bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Encoding {
    Hex,
    Base64,
}

/// The bytes an input spells, and where each of its significant (non-whitespace) characters
/// sits in the text.
#[derive(Debug)]
struct Bytes {
    bytes: Vec<u8>,
    encoding: Encoding,
    positions: Vec<usize>,
}

impl Bytes {
    /// The span of the text that spells byte `offset` (empty, at the end, past the last byte).
    fn text_span(&self, offset: usize, text_len: usize) -> Span {
        let (first, count) = match self.encoding {
            Encoding::Hex => (offset.saturating_mul(2), 2),
            Encoding::Base64 => ((offset / 3).saturating_mul(4), 4),
        };
        match self.positions.get(first) {
            None => Span::from_range(text_len, text_len),
            Some(&start) => {
                let last = (first + count).min(self.positions.len()) - 1;
                Span::from_range(start, self.positions[last] + 1)
            }
        }
    }
}

/// Decodes one input to canonical SDDL.
fn decode_text(text: &str, opts: &FormatOptions) -> Result<String, Box<Failure>> {
    let bytes = read_encoded(text).map_err(|p| {
        Box::new(Failure {
            rendered: p.clone(),
            json: p,
        })
    })?;
    let at_byte = |code: &'static str, message: String, offset: usize, label: &str| Failure {
        rendered: Problem {
            code,
            message: message.clone(),
            span: bytes.text_span(offset, text.len()),
            label: Some(label.to_owned()),
            help: None,
        },
        json: Problem {
            code,
            message,
            span: Span::from_range(offset, offset.saturating_add(1)),
            label: None,
            help: None,
        },
    };
    let sd = match sddl_core::from_binary(&bytes.bytes) {
        Ok(sd) => sd,
        Err(e) => {
            let label = format!("byte {}", e.offset());
            return Err(Box::new(at_byte(
                e.as_str(),
                e.to_string(),
                e.offset(),
                &label,
            )));
        }
    };
    if let Some((sacl, index, reason)) = unprintable(&sd) {
        let offset = ace_offset(&bytes.bytes, sacl, index).unwrap_or(0);
        let acl = if sacl { "sacl" } else { "dacl" };
        let message = format!("ace {index} of the {acl} {reason}, which SDDL cannot express");
        let failure = at_byte("decode::unprintable-ace", message, offset, "this ACE");
        return Err(Box::new(failure));
    }
    Ok(sddl_core::to_sddl(&sd, opts))
}

/// Hex when every non-whitespace character is a hex digit, else base64.
fn read_encoded(text: &str) -> Result<Bytes, Problem> {
    let mut positions = Vec::with_capacity(text.len());
    let mut compact = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if !c.is_whitespace() {
            positions.push(i);
            compact.push(c);
        }
    }
    let span_of = |k: usize| match positions.get(k) {
        Some(&p) => Span::from_range(p, p + text[p..].chars().next().map_or(0, char::len_utf8)),
        None => Span::from_range(text.len(), text.len()),
    };
    if compact.bytes().all(|b| b.is_ascii_hexdigit()) {
        if compact.len() % 2 == 1 {
            return Err(Problem {
                code: "decode::invalid-hex",
                message: format!("odd number of hex digits ({})", compact.len()),
                span: span_of(compact.len() - 1),
                label: Some("this digit has no pair".into()),
                help: Some("each byte is two hex digits".into()),
            });
        }
        let bytes = hex::decode(&compact).expect("checked: an even number of hex digits");
        return Ok(Bytes {
            bytes,
            encoding: Encoding::Hex,
            positions,
        });
    }
    let engine = base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
    );
    let bytes = engine.decode(&compact).map_err(|e| {
        use base64::DecodeError as E;
        let (at, message, label) = match e {
            E::InvalidByte(at, b) => (
                at,
                format!(
                    "`{}` is neither a hex digit nor base64",
                    compact_char(&compact, at, b)
                ),
                "not hex or base64",
            ),
            E::InvalidLastSymbol(at, _) => (
                at,
                "the last base64 character has bits that spell no byte".to_string(),
                "invalid last character",
            ),
            E::InvalidLength(n) => (
                n.saturating_sub(1),
                format!("{n} base64 characters cannot spell whole bytes"),
                "one character too many or too few",
            ),
            E::InvalidPadding => (
                compact.len().saturating_sub(1),
                "invalid base64 padding".to_string(),
                "invalid padding",
            ),
        };
        Problem {
            code: "decode::invalid-base64",
            message,
            span: span_of(at),
            label: Some(label.into()),
            help: Some(
                "give the bytes in hex (`0100048014...`) or standard base64 (`AQAEgBQ...`)".into(),
            ),
        }
    })?;
    Ok(Bytes {
        bytes,
        encoding: Encoding::Base64,
        positions,
    })
}

/// The character at byte `at` of the compacted text (for messages).
fn compact_char(compact: &str, at: usize, byte: u8) -> char {
    compact
        .get(at..)
        .and_then(|s| s.chars().next())
        .unwrap_or(byte as char)
}

/// The first ACE SDDL cannot express: (in the SACL?, index, why).
fn unprintable(sd: &SecurityDescriptor) -> Option<(bool, usize, String)> {
    let ace = sddl_core::format::first_unprintable(sd)?;
    let find = |acl: &Option<sddl_core::Acl>| {
        acl.as_ref()
            .and_then(|a| a.aces.iter().position(|x| std::ptr::eq(x, ace)))
    };
    let (sacl, index) = match find(&sd.dacl) {
        Some(i) => (false, i),
        None => (true, find(&sd.sacl)?),
    };
    let code = ace.ace_type.code();
    let reason = match (ace.ace_type.sddl(), &ace.data) {
        (None, _) => format!("has type {code:#04x}, which has no SDDL code"),
        (Some(_), AceData::Opaque(_)) => format!(
            "(type {code:#04x}) carries application data that is not a valid conditional \
             expression or resource attribute"
        ),
        (Some(_), _) => format!("(type {code:#04x}) cannot be printed"),
    };
    Some((sacl, index, reason))
}

/// The byte offset of ACE `index` of the DACL or SACL in a descriptor the decoder accepted.
fn ace_offset(bytes: &[u8], sacl: bool, index: usize) -> Option<usize> {
    let u16_at = |at: usize| Some(u16::from_le_bytes([*bytes.get(at)?, *bytes.get(at + 1)?]));
    let u32_at = |at: usize| {
        let b = bytes.get(at..at + 4)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let acl = u32_at(if sacl { 12 } else { 16 })? as usize;
    let mut at = acl.checked_add(8)?;
    for _ in 0..index {
        at = at.checked_add(usize::from(u16_at(at + 2)?))?;
    }
    Some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_tolerates_whitespace_and_case() {
        let b = read_encoded(" 01 00\t04 8A ").unwrap();
        assert_eq!(b.encoding, Encoding::Hex);
        assert_eq!(b.bytes, [0x01, 0x00, 0x04, 0x8a]);
        // Byte 2 is spelled by the characters at 7 and 8 (`04`).
        assert_eq!(b.text_span(2, 13), Span::new(7, 9));
        // Past the end: an empty span at the end of the text.
        assert_eq!(b.text_span(4, 13), Span::new(13, 13));
    }

    #[test]
    fn base64_is_detected_and_mapped_by_groups() {
        let b = read_encoded("AQAEgA==").unwrap();
        assert_eq!(b.encoding, Encoding::Base64);
        assert_eq!(b.bytes, [0x01, 0x00, 0x04, 0x80]);
        assert_eq!(b.text_span(3, 8), Span::new(4, 8));
        // Padding is optional.
        assert_eq!(read_encoded("AQAEgA").unwrap().bytes, b.bytes);
    }

    #[test]
    fn bad_text_is_located() {
        let e = read_encoded("0100!4").unwrap_err();
        assert_eq!(e.code, "decode::invalid-base64");
        assert_eq!(e.span, Span::new(4, 5));
        let e = read_encoded("010").unwrap_err();
        assert_eq!(e.code, "decode::invalid-hex");
        assert_eq!(e.span, Span::new(2, 3));
    }

    #[test]
    fn ace_offsets_walk_the_acl() {
        let sd = sddl_core::parse("D:(A;;GA;;;WD)(A;;GA;;;BA)", &Default::default()).sd;
        let bytes = sddl_core::to_binary(&sd, &Default::default()).unwrap();
        // Header 20, ACL header 8; the first ACE (S-1-1-0) is 8 + 12 = 20 bytes.
        assert_eq!(ace_offset(&bytes, false, 0), Some(28));
        assert_eq!(ace_offset(&bytes, false, 1), Some(48));
        assert_eq!(bytes[48], 0x00); // ACCESS_ALLOWED_ACE_TYPE
        assert_eq!(bytes[48 + 2], 24); // BA has two sub-authorities: 8 + 16
    }
}
