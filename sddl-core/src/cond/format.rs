//! Printing conditional expressions and resource attributes as Windows does.
