//! JSON Lines wire format of `sddl fmt --format json`: exactly one object per input, in input
//! order, compact, each on its own line.
//!
//! ```text
//! {"input":"D:(A;;GA;;;WD)","ok":true,"canonical":"D:(A;;GA;;;WD)"}
//! {"input":"D:(A;;XX;;;WD)","ok":false,"errors":[{"code":"sddl::unknown-right","message":"...","start":6,"end":8}]}
//! ```
//!
//! `start` and `end` are byte offsets into the input (for an input that is not UTF-8, into its
//! original bytes; `input` then holds it decoded lossily, with U+FFFD for invalid sequences).
//! Fields are never renamed or removed; new ones may be added.

use serde::Serialize;

/// The result of formatting one input.
#[derive(Debug, Serialize)]
pub struct FmtLine<'a> {
    pub input: &'a str,
    pub ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub canonical: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<JsonError<'a>>>,
}

impl<'a> FmtLine<'a> {
    pub fn valid(input: &'a str, canonical: &'a str) -> Self {
        FmtLine {
            input,
            ok: true,
            canonical: Some(canonical),
            errors: None,
        }
    }

    pub fn invalid(input: &'a str, errors: Vec<JsonError<'a>>) -> Self {
        FmtLine {
            input,
            ok: false,
            canonical: None,
            errors: Some(errors),
        }
    }
}

/// One error of an input.
#[derive(Debug, Serialize)]
pub struct JsonError<'a> {
    /// Stable code, e.g. `sddl::unknown-right`.
    pub code: &'static str,
    pub message: &'a str,
    /// Byte offset of the first byte at fault.
    pub start: u32,
    /// Byte offset just past the last byte at fault.
    pub end: u32,
}

impl<'a> From<&'a sddl_core::ParseError> for JsonError<'a> {
    fn from(e: &'a sddl_core::ParseError) -> Self {
        JsonError {
            code: e.code.as_str(),
            message: &e.message,
            start: e.span.start,
            end: e.span.end,
        }
    }
}

impl<'a> From<&'a crate::render::Problem> for JsonError<'a> {
    fn from(e: &'a crate::render::Problem) -> Self {
        JsonError {
            code: e.code,
            message: &e.message,
            start: e.span.start,
            end: e.span.end,
        }
    }
}

/// The result of `sddl encode --format json` for one input:
/// `{"input":"D:","ok":true,"hex":"0100..."}` or `{"input":...,"ok":false,"errors":[...]}`.
#[derive(Debug, Serialize)]
pub struct EncodeLine<'a> {
    pub input: &'a str,
    pub ok: bool,
    /// The self-relative descriptor, lower-case hex.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hex: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<JsonError<'a>>>,
}

/// The result of `sddl decode --format json` for one input: the same shape as `fmt`'s,
/// `{"input":"0100...","ok":true,"canonical":"D:"}`. For `binary::` error codes `start` and `end`
/// are byte offsets into the decoded bytes (the byte at which the fault was found, `end` =
/// `start` + 1); for the others (the text is not hex or base64, not UTF-8), offsets into the
/// input text.
pub type DecodeLine<'a> = FmtLine<'a>;
