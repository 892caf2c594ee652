//! `sddl-lint`: rules, policies, config, suppressions and source scanning for SDDL.
//!
//! Not built yet: see issue 5 (rules) and issue 6 (scanning). This crate returns data and
//! never renders; see `ARCHITECTURE.md`.
