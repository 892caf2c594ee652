use super::delete_ace;
use crate::diagnostic::{Applicability, Diagnostic};
use crate::principals::OWNER_RIGHTS;
use crate::registry::{declare_rule, RuleContext};
use sddl_core::model::AceType;
use sddl_core::SidRef;

declare_rule! {
    /// ## What it does
    /// Flags an allow, deny or audit ACE whose access mask is empty (no rights written, or
    /// `0x0`). Mandatory labels are `mandatory-label-without-policy`'s. An empty ACE for
    /// `OWNER RIGHTS` (`OW`) in a DACL is not flagged: it is how a descriptor takes away the
    /// owner's implicit `READ_CONTROL` and `WRITE_DAC` (its presence is what counts).
    ///
    /// ## Why is this bad?
    /// An ACE with no rights grants, denies or audits nothing. The rights were probably lost
    /// in an edit, and whoever the ACE was for does not get what the author intended.
    ///
    /// ## Example
    /// ```sddl,expect_diagnostic
    /// D:(A;;FA;;;SY)(A;;;;;AU)
    /// ```
    ///
    /// Use instead:
    /// ```sddl
    /// D:(A;;FA;;;SY)(A;;FR;;;AU)
    /// ```
    ///
    /// The owner keeps no implicit rights (not flagged):
    /// ```sddl
    /// D:(A;;FA;;;SY)(A;;;;;OW)
    /// ```
    ///
    /// ## References
    /// - [ACCESS_MASK](https://learn.microsoft.com/windows/win32/secauthz/access-mask)
    name: "ace-with-empty-mask",
    category: Suspicious,
    level: Warning,
    fix: Always,
    check: check,
}

fn check(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for ace in rcx.all_aces() {
        if ace.mask != 0
            || !super::has_access_mask(ace.ace_type)
            || ace.ace_type == AceType::SystemMandatoryLabel
        {
            continue;
        }
        // `(A;;;;;OW)` removes the owner's implicit rights whatever its mask (AccessCheck looks
        // for any access ACE for OWNER RIGHTS); inherit-only, it does so on the children.
        if ace.sid == SidRef::Sid(OWNER_RIGHTS)
            && (ace.ace_type.is_allow() || ace.ace_type.is_deny())
        {
            continue;
        }
        let what = if ace.ace_type.is_allow() {
            "grants"
        } else if ace.ace_type.is_deny() {
            "denies"
        } else {
            "audits"
        };
        let mut d = rcx.diag(
            ace.spans.whole,
            format!("this ACE {what} nothing: its access mask is empty"),
        );
        d.help = Some("write the rights it is meant to have, or remove it".into());
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
                "D:(A;;FA;;;SY)",
                "S:(ML;;;;;HI)",
                "D:(A;;;;;OW)",
                "D:(D;OICIIO;;;;OW)",
            ],
            &[
                "D:(A;;FA;;;SY)(A;;;;;AU)",
                "D:(D;;0x0;;;NU)",
                "S:(AU;SA;;;;WD)",
            ],
        );
        insta::assert_snapshot!(out);
    }
}
