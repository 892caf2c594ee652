//! Parse errors: a stable code, a message, and the smallest span at fault.

use crate::span::Span;
use std::fmt;

/// Stable error codes. The string form (`sddl::unknown-right`) is part of the CLI's JSON contract:
/// never rename or reuse one; add new ones at the end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// Something other than `O:`, `G:`, `D:` or `S:` where a part must start.
    ExpectedSection,
    /// The same part (`O:`, `D:`, ...) twice.
    DuplicateSection,
    /// A malformed or unknown SID or alias.
    InvalidSid,
    /// Unknown ACL flag text after `D:`/`S:`.
    InvalidAclFlags,
    /// Something other than `(` where an ACE must start.
    ExpectedAce,
    /// An ACE without its closing `)`.
    UnclosedAce,
    /// An unknown ACE type.
    UnknownAceType,
    /// An ACE type not allowed in this ACL (an audit ACE in a DACL, ...).
    AceTypeNotAllowedHere,
    /// An unknown ACE flag.
    UnknownAceFlag,
    /// An unknown right code or malformed number in the rights field.
    UnknownRight,
    /// A malformed GUID.
    InvalidGuid,
    /// A GUID on an ACE type that takes none.
    UnexpectedGuid,
    /// Too few or too many `;`-separated fields.
    WrongFieldCount,
    /// A callback ACE without a condition, or a malformed condition.
    InvalidCondition,
    /// A malformed resource attribute (`RA`) value.
    InvalidResourceAttribute,
    /// A domain-relative alias where a domain SID is required.
    UnresolvedAlias,
    /// Input, ACL, ACE count, nesting or literal over a documented limit.
    LimitExceeded,
    /// Text after a complete descriptor that belongs to no part.
    TrailingInput,
    /// The input is not UTF-8 (CLI line input).
    InvalidUtf8,
    /// ACEs after `NO_ACCESS_CONTROL`.
    AcesInNullAcl,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::ExpectedSection => "sddl::expected-section",
            ErrorCode::DuplicateSection => "sddl::duplicate-section",
            ErrorCode::InvalidSid => "sddl::invalid-sid",
            ErrorCode::InvalidAclFlags => "sddl::invalid-acl-flags",
            ErrorCode::ExpectedAce => "sddl::expected-ace",
            ErrorCode::UnclosedAce => "sddl::unclosed-ace",
            ErrorCode::UnknownAceType => "sddl::unknown-ace-type",
            ErrorCode::AceTypeNotAllowedHere => "sddl::ace-type-not-allowed-here",
            ErrorCode::UnknownAceFlag => "sddl::unknown-ace-flag",
            ErrorCode::UnknownRight => "sddl::unknown-right",
            ErrorCode::InvalidGuid => "sddl::invalid-guid",
            ErrorCode::UnexpectedGuid => "sddl::unexpected-guid",
            ErrorCode::WrongFieldCount => "sddl::wrong-field-count",
            ErrorCode::InvalidCondition => "sddl::invalid-condition",
            ErrorCode::InvalidResourceAttribute => "sddl::invalid-resource-attribute",
            ErrorCode::UnresolvedAlias => "sddl::unresolved-alias",
            ErrorCode::LimitExceeded => "sddl::limit-exceeded",
            ErrorCode::TrailingInput => "sddl::trailing-input",
            ErrorCode::InvalidUtf8 => "sddl::invalid-utf8",
            ErrorCode::AcesInNullAcl => "sddl::aces-in-null-acl",
        }
    }

    /// The Win32 error `ConvertStringSecurityDescriptorToSecurityDescriptor` gives for this
    /// kind of fault, where known.
    pub fn windows_error(self) -> &'static str {
        match self {
            ErrorCode::InvalidSid | ErrorCode::UnresolvedAlias => "ERROR_INVALID_SID",
            ErrorCode::InvalidGuid => "RPC_S_INVALID_STRING_UUID",
            ErrorCode::ExpectedSection | ErrorCode::DuplicateSection | ErrorCode::TrailingInput => {
                "ERROR_INVALID_PARAMETER"
            }
            _ => "ERROR_INVALID_ACL",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One error found while parsing.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ParseError {
    pub code: ErrorCode,
    /// Lower-case, no trailing period, tokens in backticks.
    pub message: String,
    pub span: Span,
    /// What to do about it, when there is something useful to say.
    pub help: Option<String>,
    /// The text under the span, when the code's generic label would mislead.
    pub label: Option<&'static str>,
}

impl ParseError {
    pub fn new(code: ErrorCode, span: Span, message: impl Into<String>) -> Self {
        ParseError {
            code,
            message: message.into(),
            span,
            help: None,
            label: None,
        }
    }

    pub fn with_label(mut self, label: &'static str) -> Self {
        self.label = Some(label);
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl miette::Diagnostic for ParseError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code.as_str()))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_deref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(
            miette::LabeledSpan::new_with_span(
                Some(
                    self.label
                        .unwrap_or_else(|| label_for(self.code))
                        .to_string(),
                ),
                self.span,
            ),
        )))
    }
}

fn label_for(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::ExpectedSection => "expected `O:`, `G:`, `D:` or `S:`",
        ErrorCode::DuplicateSection => "second occurrence",
        ErrorCode::InvalidSid => "not a SID or alias",
        ErrorCode::InvalidAclFlags => "not `P`, `AI`, `AR` or `NO_ACCESS_CONTROL`",
        ErrorCode::ExpectedAce => "expected `(`",
        ErrorCode::UnclosedAce => "this ACE is never closed",
        ErrorCode::UnknownAceType => "unknown ACE type",
        ErrorCode::AceTypeNotAllowedHere => "not allowed in this ACL",
        ErrorCode::UnknownAceFlag => "unknown flag",
        ErrorCode::UnknownRight => "unknown right",
        ErrorCode::InvalidGuid => "not a GUID",
        ErrorCode::UnexpectedGuid => "this ACE type takes no GUID",
        ErrorCode::WrongFieldCount => "wrong number of fields",
        ErrorCode::InvalidCondition => "invalid condition",
        ErrorCode::InvalidResourceAttribute => "invalid resource attribute",
        ErrorCode::UnresolvedAlias => "needs a domain SID",
        ErrorCode::LimitExceeded => "over the limit",
        ErrorCode::TrailingInput => "unexpected text",
        ErrorCode::InvalidUtf8 => "not UTF-8",
        ErrorCode::AcesInNullAcl => "ACE in a NULL ACL",
    }
}

/// All errors of one input, with the input, as one miette diagnostic (errors as `related`).
#[derive(Debug, thiserror::Error)]
#[error("invalid security descriptor ({} error{})", errors.len(), if errors.len() == 1 { "" } else { "s" })]
pub struct Report {
    pub source_code: String,
    pub errors: Vec<ParseError>,
}

impl miette::Diagnostic for Report {
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source_code)
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        Some(Box::new(
            self.errors.iter().map(|e| e as &dyn miette::Diagnostic),
        ))
    }
}
