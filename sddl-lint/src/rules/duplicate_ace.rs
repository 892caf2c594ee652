use super::delete_ace;
use crate::diagnostic::{Applicability, Diagnostic, Label};
use crate::registry::{declare_rule, RuleContext};
use sddl_core::format::write_ace;
use sddl_core::FormatOptions;

declare_rule! {
    /// ## What it does
    /// Flags an ACE that repeats an earlier ACE of the same ACL exactly (same type, flags,
    /// rights, GUIDs, trustee and condition, compared as Windows prints them).
    ///
    /// ## Why is this bad?
    /// The copy changes nothing, makes the ACL longer to read, and is often a sign that an
    /// edit went to the wrong ACE.
    ///
    /// ## Example
    /// ```sddl,expect_diagnostic
    /// D:(A;;FA;;;SY)(A;;FR;;;AU)(A;;0x1f01ff;;;SY)
    /// ```
    ///
    /// Use instead:
    /// ```sddl
    /// D:(A;;FA;;;SY)(A;;FR;;;AU)
    /// ```
    ///
    /// ## References
    /// - [Access Control Lists](https://learn.microsoft.com/windows/win32/secauthz/access-control-lists)
    name: "duplicate-ace",
    category: Suspicious,
    level: Warning,
    fix: Always,
    check: check,
}

fn check(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    let opts = FormatOptions {
        domain_sid: rcx.cx.domain_sid,
    };
    for acl in rcx.dacl().into_iter().chain(rcx.sacl()) {
        let printed: Vec<String> = acl
            .aces
            .iter()
            .map(|a| {
                let mut s = String::new();
                write_ace(&mut s, a, &opts);
                s
            })
            .collect();
        for (j, ace) in acl.aces.iter().enumerate() {
            let Some(i) = printed[..j].iter().position(|p| *p == printed[j]) else {
                continue;
            };
            let mut d = rcx.diag(ace.spans.whole, "duplicate of an earlier ACE");
            d.labels.push(Label {
                span: acl.aces[i].spans.whole,
                text: "first here".into(),
            });
            d.help = Some("remove the copy".into());
            d.fix = Some(delete_ace(ace, Applicability::Safe));
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
                "D:(A;;FA;;;SY)(A;OI;FA;;;SY)(D;;FA;;;SY)",
                "D:(A;;FA;;;SY)S:(AU;SA;FA;;;SY)",
            ],
            &[
                "D:(A;;FA;;;SY)(A;;FR;;;AU)(A;;0x1f01ff;;;SY)",
                "S:(AU;SA;GA;;;WD)(AU;SA;GA;;;S-1-1-0)",
            ],
        );
        insta::assert_snapshot!(out);
    }
}
