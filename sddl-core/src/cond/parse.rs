//! Grammar of conditional expressions and resource attributes (being written on the `cond`
//! branch; until it lands, conditions are reported as unsupported, never dropped).

use super::{Condition, ResourceAttribute};
use crate::error::{ErrorCode, ParseError};
use crate::parse::ParseOptions;
use crate::span::Span;

pub(crate) fn parse_condition(
    input: &str,
    start: usize,
    _opts: &ParseOptions,
) -> Result<(Condition, usize), ParseError> {
    Err(ParseError::new(
        ErrorCode::InvalidCondition,
        Span::from_range(start, input.len()),
        "conditional expressions are not supported yet",
    ))
}

pub(crate) fn parse_resource_attribute(
    input: &str,
    start: usize,
    _opts: &ParseOptions,
) -> Result<(ResourceAttribute, usize), ParseError> {
    Err(ParseError::new(
        ErrorCode::InvalidResourceAttribute,
        Span::from_range(start, input.len()),
        "resource attributes are not supported yet",
    ))
}
