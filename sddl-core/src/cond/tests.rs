//! Unit tests of the conditional-expression and resource-attribute grammar and printer.
