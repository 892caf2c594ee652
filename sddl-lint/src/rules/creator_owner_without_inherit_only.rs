use super::{delete_ace, flags_text, has, replace, who, INHERIT};
use crate::diagnostic::{Applicability, Diagnostic, Fix, Label};
use crate::principals::{self, Class};
use crate::registry::{declare_rule, RuleContext};
use sddl_core::model::ace_flags;

declare_rule! {
    /// ## What it does
    /// Flags an ACE for `CREATOR OWNER` or `CREATOR GROUP` (`CO`, `CG`) that is not
    /// inherit-only (`IO`).
    ///
    /// ## Why is this bad?
    /// `CREATOR OWNER` is a placeholder: when a child inherits the ACE, Windows replaces it
    /// with the child's creator. On the object itself it matches no token, so the part of the
    /// ACE that applies here grants nothing. Without `OI`/`CI` the whole ACE does nothing;
    /// with them, only the inherited copies take effect and `IO` says so. An author who wanted
    /// the current owner to have access must grant it through `OW` or the owner's SID.
    ///
    /// ## Example
    /// ```sddl,expect_diagnostic
    /// D:(A;;FA;;;SY)(A;;FA;;;CO)
    /// ```
    ///
    /// Use instead:
    /// ```sddl
    /// D:(A;;FA;;;SY)(A;OICIIO;FA;;;CO)
    /// ```
    ///
    /// ## References
    /// - [Well-known SIDs: CREATOR OWNER](https://learn.microsoft.com/windows/win32/secauthz/well-known-sids)
    /// - [ACE Inheritance Rules](https://learn.microsoft.com/windows/win32/secauthz/ace-inheritance-rules)
    name: "creator-owner-without-inherit-only",
    category: Suspicious,
    level: Warning,
    fix: Always,
    check: check,
}

fn check(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for ace in rcx.all_aces() {
        if principals::classify(&ace.sid).0 != Class::CreatorPlaceholder
            || has(ace, ace_flags::INHERIT_ONLY)
            || !super::has_access_mask(ace.ace_type)
        {
            continue;
        }
        let inherits = has(ace, INHERIT);
        let message = if inherits {
            format!(
                "{} matches no one on the object itself; only the inherited copies take effect",
                who(rcx, ace)
            )
        } else {
            format!(
                "{} matches no one on the object itself: this ACE does nothing",
                who(rcx, ace)
            )
        };
        let mut d = rcx.diag(ace.spans.trustee, message);
        if !ace.spans.flags.is_empty() {
            d.labels.push(Label {
                span: ace.spans.flags,
                text: "no `IO`".into(),
            });
        }
        d.note = Some("creator SIDs are replaced by the creator when a child inherits the ACE, and appear in no token".into());
        if inherits {
            d.help = Some("add `IO` so the ACE only applies to children".into());
            d.fix = Some(Fix {
                title: "add `IO`".into(),
                edits: vec![replace(
                    ace.spans.flags,
                    flags_text(ace.flags | ace_flags::INHERIT_ONLY),
                )],
                applicability: Applicability::Safe,
            });
        } else {
            d.help = Some("add `OICIIO` if children should get it, grant `OW` for the current owner, or remove it".into());
            d.fix = Some(delete_ace(ace, Applicability::Safe));
        }
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
                "D:(A;OICIIO;FA;;;CO)",
                "D:(A;CIIO;GA;;;CG)",
                "D:(A;;FA;;;OW)",
            ],
            &[
                "D:(A;;FA;;;SY)(A;;FA;;;CO)",
                "D:(A;OICI;FA;;;CO)",
                "D:(A;CI;GR;;;CG)",
            ],
        );
        insta::assert_snapshot!(out);
    }
}
