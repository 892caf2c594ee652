use super::{delete_ace, has, INHERIT};
use crate::diagnostic::{Applicability, Diagnostic};
use crate::registry::{declare_rule, RuleContext};
use sddl_core::model::ace_flags;

declare_rule! {
    /// ## What it does
    /// Flags an ACE with `IO` (inherit only) but neither `OI` nor `CI`.
    ///
    /// ## Why is this bad?
    /// An inherit-only ACE does not apply to the object it is on, and without `OI` (object
    /// inherit) or `CI` (container inherit) no child inherits it either: it applies to
    /// nothing. The author probably meant `OICIIO` (children only) or no `IO` at all.
    ///
    /// ## Example
    /// ```sddl,expect_diagnostic
    /// D:(A;;FA;;;SY)(A;IO;FR;;;AU)
    /// ```
    ///
    /// Use instead:
    /// ```sddl
    /// D:(A;;FA;;;SY)(A;OICIIO;FR;;;AU)
    /// ```
    ///
    /// ## References
    /// - [ACE_HEADER: `INHERIT_ONLY_ACE`](https://learn.microsoft.com/windows/win32/api/winnt/ns-winnt-ace_header)
    /// - [ACE strings](https://learn.microsoft.com/windows/win32/secauthz/ace-strings)
    name: "inherit-only-without-inheritance",
    category: Correctness,
    level: Warning,
    fix: Always,
    check: check,
}

fn check(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for ace in rcx.all_aces() {
        if !has(ace, ace_flags::INHERIT_ONLY) || has(ace, INHERIT) {
            continue;
        }
        let mut d = rcx.diag(
            ace.spans.flags,
            "`IO` without `OI` or `CI`: this ACE applies to nothing",
        );
        d.note = Some("an inherit-only ACE does not apply to its object, and without `OI` or `CI` no child inherits it".into());
        d.help = Some("add `OI` and/or `CI` if children should inherit it, drop `IO` if it is meant for this object, or remove the ACE".into());
        d.fix = Some(delete_ace(ace, Applicability::Safe));
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check;

    #[test]
    fn vectors() {
        let out = check(
            &super::RULE,
            "",
            &[
                "D:(A;OICIIO;FR;;;AU)(A;CIIO;GA;;;CO)(A;;FA;;;SY)",
                "S:(AU;OIIOSA;FA;;;WD)",
            ],
            &[
                "D:(A;;FA;;;SY)(A;IO;FR;;;AU)",
                "D:(A;NPIO;FR;;;AU)",
                "S:(AU;IOFA;FA;;;WD)",
            ],
        );
        insta::assert_snapshot!(out);
    }
}
