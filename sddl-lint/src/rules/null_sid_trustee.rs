use super::delete_ace;
use crate::diagnostic::{Applicability, Diagnostic};
use crate::principals::{self, NULL_SID};
use crate::registry::{declare_rule, RuleContext};

declare_rule! {
    /// ## What it does
    /// Flags an ACE whose trustee is the NULL SID (`S-1-0-0`).
    ///
    /// ## Why is this bad?
    /// The NULL SID is a group with no members: no token holds it, so the ACE grants, denies
    /// or audits nothing. It is typically the result of a lookup that failed and fell back to
    /// an all-zero SID.
    ///
    /// ## Example
    /// ```sddl,expect_diagnostic
    /// D:(A;;GA;;;SY)(A;;GR;;;S-1-0-0)
    /// ```
    ///
    /// Use instead:
    /// ```sddl
    /// D:(A;;GA;;;SY)(A;;GR;;;AU)
    /// ```
    ///
    /// ## References
    /// - [Well-known SIDs: Null SID](https://learn.microsoft.com/windows/win32/secauthz/well-known-sids)
    name: "null-sid-trustee",
    category: Suspicious,
    level: Warning,
    fix: Always,
    check: check,
}

fn check(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for ace in rcx.all_aces() {
        if !principals::is(&ace.sid, &NULL_SID) || !super::has_access_mask(ace.ace_type) {
            continue;
        }
        let mut d = rcx.diag(ace.spans.trustee, "`S-1-0-0` (NULL SID) matches no one");
        d.note = Some("no token holds the NULL SID, so this ACE has no effect; it is often what a failed account lookup leaves".into());
        d.help = Some("write the SID of the account or group the ACE is for".into());
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
            &["D:(A;;GA;;;SY)", "O:S-1-0-0"],
            &["D:(A;;GA;;;SY)(A;;GR;;;S-1-0-0)", "S:(AU;SA;GA;;;S-1-0-0)"],
        );
        insta::assert_snapshot!(out);
    }
}
