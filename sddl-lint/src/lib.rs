//! `sddl-lint`: the rule registry, the rules, and their configuration.
//!
//! The crate returns data and never renders: [`lint`] gives [`Diagnostic`]s with byte spans into
//! the SDDL text, the CLI turns them into text, JSON or SARIF. It does no file I/O: [`Config`]
//! parses TOML text that the caller read.
//!
//! ```
//! use sddl_lint::{lint, LintContext, Settings};
//! let text = "D:(A;OICI;GA;;;WD)";
//! let parsed = sddl_core::parse(text, &Default::default());
//! let diags = lint(&parsed.sd, text, &LintContext::default(), &Settings::default());
//! assert!(diags.iter().any(|d| d.name == "everyone-full-control"));
//! ```
//!
//! Syntax errors are not lint diagnostics: the caller reports `sddl::` parse errors itself and
//! lints the descriptor the parser recovered (every ACE that parsed).
//!
//! With a configuration file (read by the caller) and a path:
//!
//! ```
//! use sddl_lint::{lint_report, Config, KindSource, LintContext};
//! let config = Config::parse(r#"
//!     [[overrides]]
//!     files = ["src/ipc/**"]
//!     type = "pipe"
//!     pipe-mode = "duplex"
//!     clients = ["NS"]
//! "#).unwrap();
//! let text = "D:(A;;GA;;;SY)(A;;GR;;;WD)";
//! let sd = sddl_core::parse(text, &Default::default()).sd;
//! let cx = config.context_for(Some("src/ipc/server.rs"), LintContext::default());
//! let report = lint_report(&sd, text, &cx, &config.settings_for("src/ipc/server.rs"));
//! assert!(matches!(report.kind, KindSource::Given(_)));
//! assert_eq!(report.diagnostics[0].name, "duplex-pipe-read-only-client");
//! ```
//!
//! # Layout
//!
//! - `codes.rs`: every code ever assigned (active, redirected, removed), in one table.
//! - `registry.rs`: `RuleMeta`, the `declare_rule!` macro, and `RuleContext`, what a rule sees.
//! - `rules/<name>.rs`: one rule each, with its docs, its check and its tests;
//!   `rules/mod.rs` lists them and holds what several share.
//! - `principals.rs`: what a trustee is (broad group, privileged, creator placeholder).
//! - `effective.rs`: what a principal effectively gets: thin adapters over the access-check
//!   engine (`sddl_core::access`, `token_for_sid` and `maximum_allowed`); rules ask through it.
//! - `config.rs`: `sddl-lint.toml` (file schema → `Config` → `Settings`).
//! - `policy.rs`: policy files (`PolicySet`), what the `policy-*` rules check; `Settings`
//!   carries the policies that apply (`Settings::with_policies`, `Config::set_policies`).
//! - `docs.rs`: doc examples (run as tests) and the generated `docs/rules.md`.
//! - `scan/`: `sddl scan`'s pure part: string literals of source files (escapes decoded, with a
//!   source map), the SDDL shape, placeholders, context inference and inline suppressions;
//!   `scan/changes.rs` (changed lines from a unified diff) and `scan/baseline.rs` (fingerprints
//!   and accepted findings).
//!
//! # Adding a rule
//!
//! 1. Add its code at the end of the table in `codes.rs` (codes are never reused).
//! 2. Write `rules/<snake_name>.rs` with `declare_rule!` (docs: `## What it does`,
//!    `## Why is this bad?`, `## Example` with `sddl,expect_diagnostic` blocks, `Use instead:`
//!    with good blocks, `## References`), the check, and a test with pass/fail vectors and a
//!    snapshot (`crate::testing::check`); add it to `rules/mod.rs`.
//! 3. `INSTA_UPDATE=always cargo test -p sddl-lint`, review the new snapshots, and
//!    `UPDATE_RULES_DOC=1 cargo test -p sddl-lint --test rules_page` to regenerate the page.

pub mod codes;
mod config;
mod context;
mod diagnostic;
mod docs;
mod effective;
mod glob;
pub mod policy;
mod principals;
mod registry;
mod rules;
pub mod scan;
#[cfg(test)]
mod testing;

pub use config::{Config, ConfigError, ConfigErrors, Selector};
pub use context::{KindSource, LintContext, PipeMode, Principal, PrincipalError};
pub use diagnostic::{Applicability, Diagnostic, Edit, Fix, Label, Level, Severity};
pub use docs::{doc_examples, rules_markdown, DocExample};
pub use policy::{Policy, PolicySet};
pub use registry::{
    all_rules, rule_by_code, rule_by_name, Category, FixAvailability, OptionDecl, OptionKind,
    RuleMeta,
};

use sddl_core::SecurityDescriptor;

/// Where the rules page lives; every diagnostic links to its rule's anchor there.
pub const RULES_PAGE_URL: &str = "https://example.invalid/sddl/blob/main/docs/rules.md";

/// The rules that are on, each with its severity and options. Build it from a [`Config`], or
/// take [`Settings::default`] for every rule at its default severity.
pub use config::Settings;

/// Everything one lint run produced.
#[derive(Clone, Debug)]
pub struct LintReport {
    pub diagnostics: Vec<Diagnostic>,
    /// The object kind the rules judged the descriptor for, and where it came from.
    pub kind: KindSource,
}

/// Lints a parsed descriptor. `source` is the text it was parsed from (spans point into it).
/// Diagnostics come sorted by position, then by code.
pub fn lint(
    sd: &SecurityDescriptor,
    source: &str,
    cx: &LintContext,
    settings: &Settings,
) -> Vec<Diagnostic> {
    lint_report(sd, source, cx, settings).diagnostics
}

/// [`lint`], also telling which object kind the rules assumed (given, implied by the pipe mode,
/// guessed from the rights, or unknown).
pub fn lint_report(
    sd: &SecurityDescriptor,
    source: &str,
    cx: &LintContext,
    settings: &Settings,
) -> LintReport {
    let kind = context::resolve_kind(sd, cx);
    let mut diagnostics = Vec::new();
    let memo = registry::Memo::default();
    for (index, rule) in all_rules().iter().enumerate() {
        let (Some(severity), options) = settings.at(index) else {
            continue;
        };
        let rcx = registry::RuleContext {
            sd,
            source,
            cx,
            kind: &kind,
            rule,
            severity,
            options,
            policies: settings.policies(),
            memo: &memo,
        };
        (rule.check)(&rcx, &mut diagnostics);
    }
    diagnostics.sort_by(|a, b| {
        (a.span.start, a.span.end, a.code).cmp(&(b.span.start, b.span.end, b.code))
    });
    LintReport { diagnostics, kind }
}
