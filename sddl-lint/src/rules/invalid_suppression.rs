//! A scan-only rule: `sddl scan` reports it (see `crate::scan`); the descriptor check does nothing.

use crate::diagnostic::Diagnostic;
use crate::registry::{declare_rule, RuleContext};

declare_rule! {
    /// ## What it does
    /// `sddl scan` only: flags a `sddl-lint: ignore[...]` comment without a reason or naming a
    /// code or rule that does not exist, and a `sddl-lint:` context annotation that does not
    /// parse.
    ///
    /// ## Why is this bad?
    /// A suppression is a decision someone made about access control; without a reason the
    /// next reviewer cannot tell whether it still holds. An unknown code suppresses nothing.
    ///
    /// ## Example
    /// ```c
    /// // sddl-lint: ignore[SDDL001]
    /// const wchar_t *sd = L"D:(A;;GA;;;WD)";
    /// ```
    ///
    /// Use instead:
    /// ```c
    /// // sddl-lint: ignore[SDDL001] test fixture, never installed
    /// const wchar_t *sd = L"D:(A;;GA;;;WD)";
    /// ```
    ///
    /// ## References
    /// - [`sddl scan` in docs/cli.md](https://example.invalid/sddl/blob/main/docs/cli.md#sddl-scan)
    name: "invalid-suppression",
    category: Suspicious,
    level: Warning,
    fix: None,
    check: check,
}

fn check(_rcx: &RuleContext<'_>, _out: &mut Vec<Diagnostic>) {}
