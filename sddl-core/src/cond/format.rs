//! Printing conditional expressions and resource attributes (being written on the `cond`
//! branch).

use super::{Condition, ResourceAttribute};
use crate::format::FormatOptions;

pub(crate) fn write_condition(_out: &mut String, _c: &Condition, _opts: &FormatOptions) {}

pub(crate) fn write_resource_attribute(
    _out: &mut String,
    _a: &ResourceAttribute,
    _opts: &FormatOptions,
) {
}
