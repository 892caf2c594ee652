use super::replace;
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::registry::{declare_rule, RuleContext};
use sddl_core::model::AceType;

declare_rule! {
    /// ## What it does
    /// Flags a mandatory label (`ML`) with no policy: none of `NW` (no write up), `NR` (no
    /// read up), `NX` (no execute up).
    ///
    /// ## Why is this bad?
    /// The label's policy says what lower-integrity callers may not do. Without one, the
    /// object carries an integrity level that blocks nothing: a High label with no policy
    /// does not keep Medium or Low processes from writing. Windows' default policy for
    /// objects is `NW`.
    ///
    /// ## Example
    /// ```sddl,expect_diagnostic
    /// S:(ML;;;;;HI)
    /// ```
    ///
    /// Use instead:
    /// ```sddl
    /// S:(ML;;NW;;;HI)
    /// ```
    ///
    /// ## References
    /// - [SYSTEM_MANDATORY_LABEL_ACE](https://learn.microsoft.com/windows/win32/api/winnt/ns-winnt-system_mandatory_label_ace)
    /// - [Mandatory Integrity Control](https://learn.microsoft.com/windows/win32/secauthz/mandatory-integrity-control)
    name: "mandatory-label-without-policy",
    category: Correctness,
    level: Warning,
    fix: Always,
    check: check,
}

fn check(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(sacl) = rcx.sacl() else { return };
    for ace in &sacl.aces {
        if ace.ace_type != AceType::SystemMandatoryLabel || ace.mask & 0x7 != 0 {
            continue;
        }
        let mut d = rcx.diag(
            ace.spans.whole,
            "mandatory label without a policy (`NW`, `NR`, `NX`) restricts nothing",
        );
        d.note = Some("the policy says what lower-integrity callers may not do; without one, the integrity level blocks nothing".into());
        d.help = Some("add `NW` (no write up), the policy Windows gives objects by default".into());
        d.fix = Some(Fix {
            title: "add `NW`".into(),
            edits: vec![replace(ace.spans.rights, "NW")],
            applicability: Applicability::Unsafe,
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
            &["S:(ML;;NW;;;HI)", "S:(ML;;NWNR;;;LW)", "S:(AU;SA;;;;WD)"],
            &["S:(ML;;;;;HI)", "S:(ML;CI;0x0;;;SI)"],
        );
        insta::assert_snapshot!(out);
    }
}
