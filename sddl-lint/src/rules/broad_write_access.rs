use super::{broad_takeover, dacl_aces, is_plain_allow, right_names, this_object, who, write_bits};
use crate::diagnostic::Diagnostic;
use crate::principals;
use crate::registry::{declare_rule, RuleContext};
use sddl_core::objects::ObjectKind;

declare_rule! {
    /// ## What it does
    /// Flags an ACE that lets a broad group (Everyone, Authenticated Users, Users, ...) change
    /// the object: write or append data, delete it, or, on a directory, add and delete files;
    /// judged after generic rights are mapped for the object kind. Full control and
    /// `WRITE_DAC`/`WRITE_OWNER` are `everyone-full-control`'s; registry keys, services, the
    /// service control manager and directory objects have their own rules; app-package groups
    /// are `app-packages-write-access`'s. Named pipes, COM permissions and synchronization
    /// objects are not judged: writing is how their clients use them.
    ///
    /// ## Why is this bad?
    /// When a privileged process reads what a broad group can write (a service binary, a
    /// script, a configuration file, a DLL in a search path), any user can make it run their
    /// code: a local privilege escalation (CWE-732).
    ///
    /// ## Example
    /// <!-- type=file -->
    /// ```sddl,expect_diagnostic
    /// D:(A;;FA;;;SY)(A;;FA;;;BA)(A;;FRFW;;;BU)
    /// ```
    ///
    /// Use instead:
    /// <!-- type=file -->
    /// ```sddl
    /// D:(A;;FA;;;SY)(A;;FA;;;BA)(A;;FR;;;BU)
    /// ```
    ///
    /// ## References
    /// - [File Security and Access Rights](https://learn.microsoft.com/windows/win32/fileio/file-security-and-access-rights)
    /// - [CWE-732: Incorrect Permission Assignment for Critical Resource](https://cwe.mitre.org/data/definitions/732.html)
    name: "broad-write-access",
    category: Security,
    level: Error,
    fix: None,
    check: check,
}

pub(crate) fn judged(kind: Option<ObjectKind>) -> bool {
    !matches!(
        kind,
        Some(
            ObjectKind::RegistryKey
                | ObjectKind::Service
                | ObjectKind::ServiceControlManager
                | ObjectKind::DirectoryServiceObject
        )
    )
}

fn check(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for (acl, i, ace) in dacl_aces(rcx) {
        let kind = rcx.kind_for(ace);
        let Some(bits) = write_bits(kind).filter(|_| judged(kind)) else {
            continue;
        };
        if !is_plain_allow(ace)
            || !principals::is_broad(&ace.sid)
            || principals::is_app_packages(&ace.sid)
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
        let (_, members) = principals::classify(&ace.sid);
        d.labels
            .push(rcx.trustee_label(ace, format!("a broad group: {members}")));
        d.note = Some("any member can change or replace what the object holds; if a privileged process reads it, that is privilege escalation".into());
        d.help = Some(
            "grant broad groups read access only, and write access to the accounts that need it"
                .into(),
        );
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check;

    #[test]
    fn files() {
        let out = check(
            &super::RULE,
            "type=file",
            &[
                "D:(A;;FA;;;SY)(A;;FA;;;BA)(A;;FR;;;BU)",
                "D:(A;;FRFX;;;WD)",
                "D:(A;;FW;;;S-1-5-21-1-2-3-1001)",
                // Full control is everyone-full-control's.
                "D:(A;;FA;;;WD)",
                // Denied first.
                "D:(D;;FW;;;WD)(A;;0x12019f;;;AU)",
                // App packages have their own rule.
                "D:(A;;FW;;;AC)",
            ],
            &[
                "D:(A;;FA;;;SY)(A;;FRFW;;;BU)",
                "D:(A;;SD;;;AU)",
                "D:(A;;GW;;;IU)",
            ],
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn kinds() {
        check(&super::RULE, "type=pipe", &["D:(A;;GRGW;;;AU)"], &[]);
        check(&super::RULE, "type=event", &["D:(A;;0x1f0003;;;WD)"], &[]);
        check(&super::RULE, "type=registry", &["D:(A;;KW;;;BU)"], &[]);
        let out = check(
            &super::RULE,
            "type=directory",
            &["D:(A;OICI;0x1200a9;;;BU)"],
            &["D:(A;;0x2;;;BU)", "D:(A;OICIIO;GW;;;AU)"],
        );
        insta::assert_snapshot!(out);
        let out = check(&super::RULE, "", &["D:(A;;GR;;;WD)"], &["D:(A;;GRGW;;;WD)"]);
        insta::assert_snapshot!(out);
    }
}
