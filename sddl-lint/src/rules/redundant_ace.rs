use super::{delete_ace, has, is_conditional, is_plain_allow, is_plain_deny, who};
use crate::diagnostic::{Applicability, Diagnostic, Label};
use crate::effective::mapped;
use crate::registry::{declare_rule, RuleContext};
use sddl_core::model::ace_flags;

declare_rule! {
    /// ## What it does
    /// Flags an allow (or deny) ACE whose rights an earlier ACE of the same type, flags and
    /// trustee already grants (or denies) in full, after generic rights are mapped for the
    /// object kind. Exact copies are `duplicate-ace`'s.
    ///
    /// ## Why is this bad?
    /// Every right of the later ACE was already decided by the earlier one, so the later ACE
    /// never changes anything; it suggests the author meant something else (another trustee,
    /// another right) or forgot to remove it.
    ///
    /// ## Example
    /// ```sddl,expect_diagnostic
    /// D:(A;;FA;;;BA)(A;;FR;;;BA)
    /// ```
    ///
    /// Use instead:
    /// ```sddl
    /// D:(A;;FA;;;BA)(A;;FR;;;AU)
    /// ```
    ///
    /// ## References
    /// - [How DACLs Control Access to an Object](https://learn.microsoft.com/windows/win32/secauthz/how-dacls-control-access-to-an-object)
    name: "redundant-ace",
    category: Suspicious,
    level: Info,
    fix: Always,
    check: check,
}

fn check(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(acl) = rcx.dacl() else { return };
    let kind = rcx.kind();
    let plain = |a: &sddl_core::Ace| {
        (is_plain_allow(a) && a.inherited_object_type.is_none() || is_plain_deny(a))
            && !is_conditional(a)
    };
    for (j, ace) in acl.aces.iter().enumerate() {
        if !plain(ace) || has(ace, ace_flags::INHERITED) || ace.mask == 0 {
            continue;
        }
        let m = mapped(ace, kind);
        let earlier = acl.aces[..j].iter().position(|a| {
            plain(a)
                && a.ace_type.is_deny() == ace.ace_type.is_deny()
                && a.flags == ace.flags
                && a.sid == ace.sid
                && mapped(a, kind) & m == m
                && !(a.mask == ace.mask && a.ace_type == ace.ace_type)
        });
        let Some(i) = earlier else { continue };
        let verb = if ace.ace_type.is_deny() {
            "denies"
        } else {
            "grants"
        };
        let mut d = rcx.diag(
            ace.spans.whole,
            format!(
                "this ACE changes nothing: an earlier ACE already {verb} {} these rights",
                who(rcx, ace)
            ),
        );
        d.labels.push(Label {
            span: acl.aces[i].spans.whole,
            text: format!("already {verb} them"),
        });
        d.help = Some(
            "remove it, or fix its trustee or rights if it was meant for something else".into(),
        );
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
            "type=file",
            &[
                "D:(A;;FR;;;BA)(A;;FA;;;BA)",
                "D:(A;;FA;;;BA)(A;OICI;FR;;;BA)",
                "D:(A;;FA;;;BA)(A;;FA;;;BA)",
                "D:(A;;FA;;;BA)(D;;FR;;;BA)",
            ],
            &[
                "D:(A;;FA;;;BA)(A;;FR;;;BA)",
                "D:(A;;GA;;;SY)(A;;0x1f01ff;;;SY)",
                "D:(D;;FA;;;NU)(D;;FW;;;NU)",
            ],
        );
        insta::assert_snapshot!(out);
    }
}
