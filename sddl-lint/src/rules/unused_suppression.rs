//! A scan-only rule: `sddl scan` reports it (see `crate::scan`); the descriptor check does nothing.

use crate::diagnostic::Diagnostic;
use crate::registry::{declare_rule, RuleContext};

declare_rule! {
    /// ## What it does
    /// `sddl scan` only: flags a `sddl-lint: ignore[CODE] reason` comment that suppresses no
    /// finding on its line or the next.
    ///
    /// ## Why is this bad?
    /// A suppression left behind after the SDDL was fixed (or one on the wrong line) hides the
    /// next real finding there and misleads readers about what the code does.
    ///
    /// ## Example
    /// ```c
    /// // sddl-lint: ignore[SDDL001] the pipe is only reachable locally
    /// const wchar_t *sd = L"D:(A;;GA;;;SY)";
    /// ```
    ///
    /// Use instead:
    /// ```c
    /// const wchar_t *sd = L"D:(A;;GA;;;SY)";
    /// ```
    ///
    /// ## References
    /// - [`sddl scan` in docs/cli.md](https://example.invalid/sddl/blob/main/docs/cli.md#sddl-scan)
    name: "unused-suppression",
    category: Suspicious,
    level: Warning,
    fix: None,
    check: check,
}

fn check(_rcx: &RuleContext<'_>, _out: &mut Vec<Diagnostic>) {}
