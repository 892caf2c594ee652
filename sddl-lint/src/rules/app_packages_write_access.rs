use super::{broad_takeover, dacl_aces, is_plain_allow, right_names, this_object, who, write_bits};
use crate::diagnostic::Diagnostic;
use crate::principals;
use crate::registry::{declare_rule, RuleContext};

declare_rule! {
    /// ## What it does
    /// Flags an ACE that lets ALL APPLICATION PACKAGES (`AC`) or ALL RESTRICTED APPLICATION
    /// PACKAGES (`S-1-15-2-2`) change the object (write data or values, delete, configure),
    /// judged for the object kind. Full control is `everyone-full-control`'s. Named pipes and
    /// COM permissions are not judged: writing is how clients use them.
    ///
    /// ## Why is this bad?
    /// Every AppContainer process holds these groups: UWP apps and the sandboxes of browsers
    /// and document readers. Granting them read access is how Windows lets sandboxed code use
    /// system files; granting them write access hands sandboxed, possibly compromised, code a
    /// way to change what other processes trust.
    ///
    /// ## Example
    /// <!-- type=registry -->
    /// ```sddl,expect_diagnostic
    /// D:(A;;KA;;;SY)(A;;KRKW;;;AC)
    /// ```
    ///
    /// Use instead:
    /// <!-- type=registry -->
    /// ```sddl
    /// D:(A;;KA;;;SY)(A;;KR;;;AC)
    /// ```
    ///
    /// ## References
    /// - [AppContainer isolation](https://learn.microsoft.com/windows/win32/secauthz/appcontainer-isolation)
    /// - [Well-known SIDs: ALL APPLICATION PACKAGES](https://learn.microsoft.com/windows/win32/secauthz/well-known-sids)
    name: "app-packages-write-access",
    category: Security,
    level: Warning,
    fix: None,
    check: check,
}

fn check(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for (acl, i, ace) in dacl_aces(rcx) {
        let kind = rcx.kind_for(ace);
        let Some(bits) = write_bits(kind) else {
            continue;
        };
        if !is_plain_allow(ace)
            || !principals::is_app_packages(&ace.sid)
            || broad_takeover(rcx, acl, i).is_some()
        {
            continue;
        }
        let bad = super::granted_to_trustee(rcx, acl, i, kind, bits);
        if bad == 0 {
            continue;
        }
        let mut d = rcx.diag(
            ace.spans.rights,
            format!(
                "{} can change {}: {}",
                who(rcx, ace),
                this_object(kind),
                right_names(kind, bad)
            ),
        );
        d.labels
            .push(rcx.trustee_label(ace, "every AppContainer process"));
        d.note = Some("every sandboxed AppContainer process holds this group: write access lets sandboxed code change what other processes trust".into());
        d.help = Some("grant the app-package groups read access only; give write access to a specific package or capability SID".into());
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
            "type=registry",
            &[
                "D:(A;;KR;;;AC)",
                "D:(A;;KA;;;AC)",
                "D:(A;;KW;;;S-1-15-2-1-1)",
            ],
            &["D:(A;;KA;;;SY)(A;;KRKW;;;AC)", "D:(A;;SD;;;S-1-15-2-2)"],
        );
        insta::assert_snapshot!(out);
        check(&super::RULE, "type=pipe", &["D:(A;;0x12019b;;;AC)"], &[]);
    }
}
