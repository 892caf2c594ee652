use super::{dacl_aces, is_unconditional_allow, who};
use crate::diagnostic::Diagnostic;
use crate::principals;
use crate::registry::{declare_rule, RuleContext};
use sddl_core::objects::{ds_guid_for_right, ObjectKind};

/// `RIGHT_DS_CONTROL_ACCESS` (`CR`).
const CONTROL_ACCESS: u32 = 0x100;

const REPLICATION: &[&str] = &[
    "DS-Replication-Get-Changes",
    "DS-Replication-Get-Changes-All",
    "DS-Replication-Get-Changes-In-Filtered-Set",
];

declare_rule! {
    /// ## What it does
    /// On a directory object, flags an object ACE that gives a broad group one of the
    /// replication extended rights: `DS-Replication-Get-Changes`,
    /// `DS-Replication-Get-Changes-All` or `DS-Replication-Get-Changes-In-Filtered-Set`.
    ///
    /// ## Why is this bad?
    /// On the domain object, `DS-Replication-Get-Changes` with
    /// `DS-Replication-Get-Changes-All` lets the holder ask a domain controller for every
    /// account's password hashes, `krbtgt` included ("DCSync"): the whole domain. Only domain
    /// controllers, administrators and a few named service accounts (such as Entra Connect's)
    /// need them.
    ///
    /// ## Example
    /// <!-- type=ad -->
    /// ```sddl,expect_diagnostic
    /// D:(OA;;CR;1131f6ad-9c07-11d1-f79f-00c04fc2dcd2;;AU)
    /// ```
    ///
    /// Use instead:
    /// <!-- type=ad -->
    /// ```sddl
    /// D:(OA;;CR;1131f6ad-9c07-11d1-f79f-00c04fc2dcd2;;DD)(OA;;CR;1131f6ad-9c07-11d1-f79f-00c04fc2dcd2;;BA)
    /// ```
    ///
    /// ## References
    /// - [Replicating Directory Changes All (DS-Replication-Get-Changes-All)](https://learn.microsoft.com/windows/win32/adschema/r-ds-replication-get-changes-all)
    /// - [How to grant the "Replicating Directory Changes" permission](https://learn.microsoft.com/troubleshoot/windows-server/windows-security/grant-replicating-directory-changes-permission-adma-service)
    /// - [MITRE ATT&CK T1003.006: DCSync](https://attack.mitre.org/techniques/T1003/006/)
    name: "dcsync-right-for-broad-group",
    category: Security,
    level: Error,
    fix: None,
    check: check,
}

fn check(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for (_, _, ace) in dacl_aces(rcx) {
        if rcx.kind_for(ace) != Some(ObjectKind::DirectoryServiceObject) {
            continue;
        }
        let Some(g) = ace.object_type else { continue };
        if !is_unconditional_allow(ace)
            || ace.mask & CONTROL_ACCESS == 0
            || !principals::is_broad(&ace.sid)
        {
            continue;
        }
        let Some(right) =
            ds_guid_for_right(&g, CONTROL_ACCESS).filter(|r| REPLICATION.contains(&r.cn))
        else {
            continue;
        };
        let mut d = rcx.diag(
            ace.spans.object_type,
            format!("{} gets `{}` ({})", who(rcx, ace), right.cn, right.display),
        );
        let (_, members) = principals::classify(&ace.sid);
        d.labels
            .push(rcx.trustee_label(ace, format!("a broad group: {members}")));
        d.note = Some("on the domain object, `DS-Replication-Get-Changes` with `DS-Replication-Get-Changes-All` lets the holder pull every account's password hashes, `krbtgt` included (DCSync)".into());
        d.help = Some("grant replication rights only to domain controllers, administrators and the named service accounts that need them".into());
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
                "D:(OA;;CR;1131f6aa-9c07-11d1-f79f-00c04fc2dcd2;;ED)(OA;;CR;1131f6ad-9c07-11d1-f79f-00c04fc2dcd2;;BA)",
                // Change Password needs the old password.
                "D:(OA;;CR;ab721a53-1e2f-11d0-9819-00aa0040529b;;WD)",
                "D:(OA;;RP;1131f6ad-9c07-11d1-f79f-00c04fc2dcd2;;AU)",
            ],
            &[
                "D:(OA;;CR;1131f6ad-9c07-11d1-f79f-00c04fc2dcd2;;AU)",
                "D:(OA;CIIO;CR;1131f6aa-9c07-11d1-f79f-00c04fc2dcd2;;WD)",
                "D:(OA;;CR;89e95b76-444d-4c62-991a-0facbeda640c;;S-1-5-21-1-2-3-513)",
            ],
        );
        insta::assert_snapshot!(out);
    }
}
