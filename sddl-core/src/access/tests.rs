//! Unit tests of the access-check engine (integration tests: `tests/access*.rs`).
