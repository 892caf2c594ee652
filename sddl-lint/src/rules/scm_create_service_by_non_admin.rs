use super::{non_admin_grants, right_names, who};
use crate::diagnostic::Diagnostic;
use crate::registry::{declare_rule, RuleContext};
use sddl_core::objects::ObjectKind;
use sddl_core::rights::{WRITE_DAC, WRITE_OWNER};

/// `SC_MANAGER_CREATE_SERVICE`.
const CREATE_SERVICE: u32 = 0x2;

declare_rule! {
    /// ## What it does
    /// On the service control manager, flags an ACE that lets a principal other than `SY`,
    /// `BA`, server operators or TrustedInstaller create services
    /// (`SC_MANAGER_CREATE_SERVICE`, the `DC` letter) or change the SCM's permissions or
    /// owner.
    ///
    /// ## Why is this bad?
    /// Creating a service is running a program as `LocalSystem`: whoever may create services
    /// is an administrator in all but name. Windows grants it to Administrators only.
    ///
    /// ## Example
    /// <!-- type=scm -->
    /// ```sddl,expect_diagnostic
    /// D:(A;;CC;;;AU)(A;;CCDCLCRPRC;;;IU)(A;;KA;;;BA)
    /// ```
    ///
    /// Use instead:
    /// <!-- type=scm -->
    /// ```sddl
    /// D:(A;;CC;;;AU)(A;;CCLCRPRC;;;IU)(A;;CCLCRPWPRC;;;SY)(A;;KA;;;BA)
    /// ```
    ///
    /// ## References
    /// - [Service Security and Access Rights](https://learn.microsoft.com/windows/win32/services/service-security-and-access-rights)
    /// - [CWE-269: Improper Privilege Management](https://cwe.mitre.org/data/definitions/269.html)
    name: "scm-create-service-by-non-admin",
    category: Security,
    level: Error,
    fix: None,
    check: check,
}

fn check(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    let kind = Some(ObjectKind::ServiceControlManager);
    for (ace, bad) in non_admin_grants(
        rcx,
        ObjectKind::ServiceControlManager,
        CREATE_SERVICE | WRITE_DAC | WRITE_OWNER,
    ) {
        let what = if bad & CREATE_SERVICE != 0 {
            "create services"
        } else {
            "change the service control manager's permissions"
        };
        let mut d = rcx.diag(
            ace.spans.rights,
            format!("{} can {what} ({})", who(rcx, ace), right_names(kind, bad)),
        );
        d.labels
            .push(rcx.trustee_label(ace, "not an administrator"));
        d.note = Some(
            "a new service runs the program its creator names, as `LocalSystem` by default".into(),
        );
        d.help = Some("leave `SC_MANAGER_CREATE_SERVICE` to `BA`; users need `SC_MANAGER_CONNECT` and, at most, `SC_MANAGER_ENUMERATE_SERVICE` (`CCLCRPRC`)".into());
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
            "type=scm",
            &[
                // Windows 10's SCM DACL (without the capability SIDs).
                "D:(A;;CC;;;AU)(A;;CCLCRPRC;;;IU)(A;;CCLCRPRC;;;SU)(A;;CCLCRPWPRC;;;SY)(A;;KA;;;BA)(A;;CC;;;AC)",
            ],
            &["D:(A;;CCDCLCRPRC;;;IU)", "D:(A;;GW;;;NS)"],
        );
        insta::assert_snapshot!(out);
    }
}
