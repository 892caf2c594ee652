use super::{flags_text, has, replace, INHERIT};
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::registry::{declare_rule, RuleContext};
use sddl_core::model::ace_flags;

declare_rule! {
    /// ## What it does
    /// Flags an ACE with `NP` (no propagate) but neither `OI` nor `CI`. (With `IO` as well,
    /// the ACE does nothing at all, which `inherit-only-without-inheritance` reports.)
    ///
    /// ## Why is this bad?
    /// `NP` limits inheritance to direct children; an ACE that is not inherited at all has
    /// nothing to limit. The flag has no effect and suggests a missing `OI` or `CI`.
    ///
    /// ## Example
    /// ```sddl,expect_diagnostic
    /// D:(A;NP;FA;;;BA)
    /// ```
    ///
    /// Use instead:
    /// ```sddl
    /// D:(A;OICINP;FA;;;BA)
    /// ```
    ///
    /// ## References
    /// - [ACE_HEADER: `NO_PROPAGATE_INHERIT_ACE`](https://learn.microsoft.com/windows/win32/api/winnt/ns-winnt-ace_header)
    name: "propagation-limit-without-inheritance",
    category: Suspicious,
    level: Info,
    fix: Always,
    check: check,
}

fn check(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for ace in rcx.all_aces() {
        if !has(ace, ace_flags::NO_PROPAGATE_INHERIT)
            || has(ace, INHERIT)
            || has(ace, ace_flags::INHERIT_ONLY)
        {
            continue;
        }
        let mut d = rcx.diag(ace.spans.flags, "`NP` without `OI` or `CI` has no effect");
        d.help =
            Some("add `OI` and/or `CI` if children should inherit the ACE, or drop `NP`".into());
        let flags = flags_text(ace.flags & !ace_flags::NO_PROPAGATE_INHERIT);
        d.fix = Some(Fix {
            title: "remove `NP`".into(),
            edits: vec![replace(ace.spans.flags, flags)],
            applicability: Applicability::Safe,
        });
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
            &["D:(A;OINP;FA;;;BA)", "D:(A;NPIO;FA;;;BA)", "D:(A;;FA;;;BA)"],
            &[
                "D:(A;NP;FA;;;BA)",
                "D:(A;NPID;FA;;;BA)",
                "S:(AU;SANP;FA;;;WD)",
            ],
        );
        insta::assert_snapshot!(out);
    }
}
