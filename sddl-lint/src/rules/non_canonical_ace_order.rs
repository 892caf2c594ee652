use super::deny_after_allow::ineffective_deny;
use super::has;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Label};
use crate::registry::{declare_rule, RuleContext};
use sddl_core::model::{ace_flags, Ace};
use sddl_core::Span;

declare_rule! {
    /// ## What it does
    /// Flags the first ACE of a DACL that breaks canonical order: explicit deny ACEs, then
    /// explicit allow ACEs, then inherited (`ID`) ACEs in the order they came from the parent.
    /// A deny that `deny-after-allow` reports as ineffective is left to that rule.
    ///
    /// ## Why is this bad?
    /// The ACL editor refuses to show a non-canonical DACL ("the permissions are incorrectly
    /// ordered"), and the tools that rewrite permissions (`SetEntriesInAcl`, the ACL editor,
    /// `icacls`, `Set-Acl`) put the ACEs back in canonical order, which changes who gets what.
    ///
    /// ## Example
    /// ```sddl,expect_diagnostic
    /// D:AI(A;ID;FA;;;SY)(A;;FR;;;AU)
    /// ```
    ///
    /// Use instead:
    /// ```sddl
    /// D:AI(A;;FR;;;AU)(A;ID;FA;;;SY)
    /// ```
    ///
    /// ## References
    /// - [Order of ACEs in a DACL](https://learn.microsoft.com/windows/win32/secauthz/order-of-aces-in-a-dacl)
    /// - [SetEntriesInAclA](https://learn.microsoft.com/windows/win32/api/aclapi/nf-aclapi-setentriesinacla)
    name: "non-canonical-ace-order",
    category: Correctness,
    level: Warning,
    fix: Always,
    check: check,
}

/// 0: explicit deny, 1: explicit allow, 2: inherited.
fn rank(a: &Ace) -> u8 {
    if has(a, ace_flags::INHERITED) {
        2
    } else if a.ace_type.is_deny() {
        0
    } else {
        1
    }
}

fn check(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(acl) = rcx.dacl() else { return };
    let aces = &acl.aces;
    let violation = (1..aces.len()).find(|&j| {
        let r = rank(&aces[j]);
        aces[..j].iter().any(|a| rank(a) > r) && ineffective_deny(rcx, acl, j).is_none()
    });
    let Some(j) = violation else { return };
    let r = rank(&aces[j]);
    let before = aces[..j].iter().position(|a| rank(a) > r).unwrap_or(0);
    let message = match (r, rank(&aces[before])) {
        (0, 1) => "explicit deny ACE after an explicit allow ACE",
        (0, _) => "explicit deny ACE after an inherited ACE",
        _ => "explicit ACE after an inherited ACE",
    };
    let mut d = rcx.diag(aces[j].spans.whole, message);
    d.labels.push(Label {
        span: aces[before].spans.whole,
        text: "should come after the flagged ACE".into(),
    });
    d.note = Some("the ACL editor refuses non-canonical DACLs, and the tools that rewrite permissions restore canonical order, which changes who gets what".into());
    d.help = Some(
        "order the DACL as explicit deny ACEs, explicit allow ACEs, then inherited ACEs".into(),
    );
    let texts: Vec<&str> = aces.iter().map(|a| rcx.text(a.spans.whole)).collect();
    if texts.iter().all(|t| !t.is_empty()) {
        let mut order: Vec<usize> = (0..aces.len()).collect();
        order.sort_by_key(|&i| rank(&aces[i]));
        let text: String = order.iter().map(|&i| texts[i]).collect();
        d.fix = Some(Fix {
            title: "reorder the ACEs canonically".into(),
            edits: vec![super::replace(
                Span::new(
                    aces[0].spans.whole.start,
                    aces[aces.len() - 1].spans.whole.end,
                ),
                text,
            )],
            applicability: Applicability::Unsafe,
        });
    }
    out.push(d);
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
                "D:(D;;FW;;;NU)(A;;FA;;;SY)(A;ID;FR;;;AU)(D;ID;FW;;;BG)",
                // Ineffective deny: deny-after-allow reports it.
                "D:(A;;FA;;;AU)(D;;FW;;;AU)",
                "D:",
            ],
            &[
                "D:AI(A;ID;FA;;;SY)(A;;FR;;;AU)",
                "D:(A;;FA;;;BA)(D;;FW;;;NU)",
                "D:(A;;FA;;;AU)(D;;FW;;;AU)(D;;FA;;;BG)",
            ],
        );
        insta::assert_snapshot!(out);
    }
}
