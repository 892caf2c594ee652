//! Grammar of conditional expressions and resource attributes.
