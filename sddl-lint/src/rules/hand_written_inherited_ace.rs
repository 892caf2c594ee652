use super::{flags_text, has, replace};
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::registry::{declare_rule, RuleContext};
use sddl_core::model::ace_flags;

declare_rule! {
    /// ## What it does
    /// Flags an ACE marked inherited (`ID`) in an ACL that is not marked auto-inherited
    /// (`AI`): an inherited ACE written by hand rather than read back from Windows.
    ///
    /// ## Why is this bad?
    /// Windows sets `ID` when it propagates ACEs from a parent, and descriptors read back
    /// from objects carry `AI` with them. Written by hand, the flag misleads: the
    /// `SetSecurityInfo` family treats `ID` ACEs as the parent's, drops them from the DACL it
    /// is given and recomputes them from the parent, so the ACE may silently disappear; and
    /// tools show it as coming from a parent that never had it.
    ///
    /// ## Example
    /// ```sddl,expect_diagnostic
    /// D:(A;ID;FA;;;AU)
    /// ```
    ///
    /// Use instead:
    /// ```sddl
    /// D:(A;;FA;;;AU)
    /// ```
    ///
    /// ```sddl
    /// D:AI(A;ID;FA;;;AU)
    /// ```
    ///
    /// ## References
    /// - [SetSecurityInfo](https://learn.microsoft.com/windows/win32/api/aclapi/nf-aclapi-setsecurityinfo)
    /// - [Automatic Propagation of Inheritable ACEs](https://learn.microsoft.com/windows/win32/secauthz/automatic-propagation-of-inheritable-aces)
    name: "hand-written-inherited-ace",
    category: Suspicious,
    level: Info,
    fix: Always,
    check: check,
}

fn check(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for acl in rcx.dacl().into_iter().chain(rcx.sacl()) {
        if acl.flags.auto_inherited {
            continue;
        }
        for ace in acl.aces.iter().filter(|a| has(a, ace_flags::INHERITED)) {
            let mut d = rcx.diag(
                ace.spans.flags,
                "inherited ACE (`ID`) in an ACL that is not auto-inherited (`AI`)",
            );
            d.note = Some("`SetSecurityInfo` and its relatives replace `ID` ACEs with ones computed from the parent, so this ACE may silently disappear".into());
            d.help = Some("remove `ID` to make the ACE explicit".into());
            d.fix = Some(Fix {
                title: "remove `ID`".into(),
                edits: vec![replace(
                    ace.spans.flags,
                    flags_text(ace.flags & !ace_flags::INHERITED),
                )],
                applicability: Applicability::Unsafe,
            });
            out.push(d);
        }
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
                "D:AI(A;ID;FA;;;SY)",
                "D:(A;;FA;;;SY)",
                "D:PAI(A;OICIID;FA;;;SY)",
            ],
            &[
                "D:(A;ID;FA;;;AU)",
                "D:P(A;OICIID;FA;;;SY)S:(AU;IDSA;FA;;;WD)",
            ],
        );
        insta::assert_snapshot!(out);
    }
}
