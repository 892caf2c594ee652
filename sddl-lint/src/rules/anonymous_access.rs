use super::{
    broad_takeover, dacl_aces, is_plain_allow, replace, right_names, this_object, who, write_bits,
};
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::principals::{self, ANONYMOUS, EVERYONE};
use crate::registry::{declare_rule, RuleContext};
use sddl_core::rights::SYNCHRONIZE;

declare_rule! {
    /// ## What it does
    /// Flags an ACE that grants access to anonymous logons: `AN` (ANONYMOUS LOGON), or `WD`
    /// (Everyone) when the `EveryoneIncludesAnonymous` policy is on
    /// (`everyone-includes-anonymous = true`). Grants already reported by
    /// `everyone-full-control` or `broad-write-access` are not repeated.
    ///
    /// ## Why is this bad?
    /// Anonymous callers are unauthenticated: over SMB null sessions, named pipes and RPC they
    /// are whoever can reach the machine. Nothing they do can be tied to an account. Windows'
    /// own default for named pipes gives Anonymous read access, which is one reason to write
    /// an explicit DACL.
    ///
    /// ## Example
    /// ```sddl,expect_diagnostic
    /// D:(A;;GA;;;SY)(A;;GR;;;AN)
    /// ```
    ///
    /// Use instead:
    /// ```sddl
    /// D:(A;;GA;;;SY)(A;;GR;;;AU)
    /// ```
    ///
    /// ## References
    /// - [Network access: Let Everyone permissions apply to anonymous users](https://learn.microsoft.com/previous-versions/windows/it-pro/windows-10/security/threat-protection/security-policy-settings/network-access-let-everyone-permissions-apply-to-anonymous-users)
    /// - [Well-known SIDs](https://learn.microsoft.com/windows/win32/secauthz/well-known-sids)
    /// - [CWE-284: Improper Access Control](https://cwe.mitre.org/data/definitions/284.html)
    name: "anonymous-access",
    category: Security,
    level: Warning,
    fix: Sometimes,
    check: check,
}

fn check(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for (acl, i, ace) in dacl_aces(rcx) {
        let kind = rcx.kind_for(ace);
        let anonymous = principals::is(&ace.sid, &ANONYMOUS);
        let everyone = principals::is(&ace.sid, &EVERYONE) && rcx.cx.everyone_includes_anonymous;
        if !is_plain_allow(ace) || !(anonymous || everyone) || broad_takeover(rcx, acl, i).is_some()
        {
            continue;
        }
        let granted = super::granted_to_trustee(rcx, acl, i, kind, !SYNCHRONIZE);
        if granted == 0 {
            continue;
        }
        // broad-write-access reports writes where it judges the kind.
        if let Some(w) = write_bits(kind) {
            if super::broad_write_access::judged(kind) && granted & w != 0 {
                continue;
            }
        }
        let message = if anonymous {
            format!(
                "anonymous logons get access to {}: {}",
                this_object(kind),
                right_names(kind, granted)
            )
        } else {
            format!(
                "{} includes anonymous logons here and gets {}",
                who(rcx, ace),
                right_names(kind, granted)
            )
        };
        let mut d = rcx.diag(ace.spans.rights, message);
        d.labels.push(rcx.trustee_label(
            ace,
            if anonymous {
                "unauthenticated callers"
            } else {
                "`EveryoneIncludesAnonymous` is on"
            },
        ));
        d.note = Some("anonymous callers are unauthenticated: over SMB null sessions, named pipes and RPC they are anyone who can reach the machine".into());
        d.help = Some(
            "grant `AU` (Authenticated Users) or the accounts that need access instead".into(),
        );
        if anonymous {
            d.fix = Some(Fix {
                title: "grant Authenticated Users (`AU`) instead".into(),
                edits: vec![replace(ace.spans.trustee, "AU")],
                applicability: Applicability::Unsafe,
            });
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
                "D:(A;;GR;;;AU)",
                "D:(A;;GR;;;WD)",
                // Reported by everyone-full-control.
                "D:(A;;GA;;;AN)",
                "D:(D;;GA;;;AN)(A;;GR;;;AN)",
                "D:(A;;0x100000;;;AN)",
            ],
            &["D:(A;;GA;;;SY)(A;;GR;;;AN)", "D:(A;;FR;;;AN)"],
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn everyone_with_the_policy_on() {
        let out = check(
            &super::RULE,
            "type=pipe everyone-includes-anonymous=true",
            &["D:(A;;GR;;;AU)"],
            &["D:(A;;GR;;;WD)"],
        );
        insta::assert_snapshot!(out);
    }
}
