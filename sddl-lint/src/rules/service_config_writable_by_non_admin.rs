use super::{non_admin_grants, right_names, who};
use crate::diagnostic::Diagnostic;
use crate::registry::{declare_rule, RuleContext};
use sddl_core::objects::ObjectKind;
use sddl_core::rights::{WRITE_DAC, WRITE_OWNER};

/// `SERVICE_CHANGE_CONFIG`.
const CHANGE_CONFIG: u32 = 0x2;

declare_rule! {
    /// ## What it does
    /// On a service, flags an ACE that gives a principal other than `SY`, `BA`, server
    /// operators, TrustedInstaller or a service SID the right to change the service's
    /// configuration (`SERVICE_CHANGE_CONFIG`, the `DC` letter), its permissions
    /// (`WRITE_DAC`) or its owner (`WRITE_OWNER`). Broad groups with full control,
    /// `WRITE_DAC` or `WRITE_OWNER` are `everyone-full-control`'s.
    ///
    /// ## Why is this bad?
    /// A service's configuration includes the program it runs and the account it runs as,
    /// usually `LocalSystem`. Whoever can change it points the service at their own program
    /// and runs it as SYSTEM: the classic weak-service-permissions privilege escalation.
    ///
    /// ## Example
    /// <!-- type=service -->
    /// ```sddl,expect_diagnostic
    /// D:(A;;CCLCSWRPWPDTLOCRRC;;;SY)(A;;CCDCLCSWRPLORC;;;IU)
    /// ```
    ///
    /// Use instead:
    /// <!-- type=service -->
    /// ```sddl
    /// D:(A;;CCLCSWRPWPDTLOCRRC;;;SY)(A;;CCLCSWLOCRRC;;;IU)
    /// ```
    ///
    /// ## References
    /// - [Service Security and Access Rights](https://learn.microsoft.com/windows/win32/services/service-security-and-access-rights)
    /// - [CWE-732: Incorrect Permission Assignment for Critical Resource](https://cwe.mitre.org/data/definitions/732.html)
    name: "service-config-writable-by-non-admin",
    category: Security,
    level: Error,
    fix: None,
    check: check,
}

fn check(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    let kind = Some(ObjectKind::Service);
    for (ace, bad) in non_admin_grants(
        rcx,
        ObjectKind::Service,
        CHANGE_CONFIG | WRITE_DAC | WRITE_OWNER,
    ) {
        let what = if bad & CHANGE_CONFIG != 0 {
            "change this service's configuration"
        } else if bad & WRITE_DAC != 0 {
            "change this service's permissions"
        } else {
            "take ownership of this service"
        };
        let mut d = rcx.diag(
            ace.spans.rights,
            format!("{} can {what} ({})", who(rcx, ace), right_names(kind, bad)),
        );
        d.labels
            .push(rcx.trustee_label(ace, "not an administrator"));
        d.note = Some("the configuration says which program the service runs and as which account (often `LocalSystem`): whoever can change it, or the permissions that guard it, runs code as that account".into());
        d.help = Some("leave `SERVICE_CHANGE_CONFIG`, `WRITE_DAC` and `WRITE_OWNER` to `SY` and `BA`; users need at most `CCLCSWLOCRRC` (query, start, interrogate, read permissions)".into());
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
            "type=service",
            &[
                // Windows' default service DACL.
                "D:(A;;CCLCSWRPWPDTLOCRRC;;;SY)(A;;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;BA)(A;;CCLCSWLOCRRC;;;IU)(A;;CCLCSWLOCRRC;;;SU)",
                "D:(A;;DC;;;S-1-5-80-1-2-3-4-5)",
                // Broad full control is everyone-full-control's.
                "D:(A;;GA;;;AU)",
            ],
            &[
                "D:(A;;CCDCLCSWRPLORC;;;IU)",
                "D:(A;;GW;;;S-1-5-21-1-2-3-1001)",
                "D:(A;;WD;;;NS)",
                "D:(A;;0x2;;;AU)",
            ],
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn only_services() {
        check(&super::RULE, "type=file", &["D:(A;;DC;;;IU)"], &[]);
    }
}
