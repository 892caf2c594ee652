use super::{broad_takeover, dacl_aces, is_unconditional_allow, who};
use crate::diagnostic::{Diagnostic, Label};
use crate::principals;
use crate::registry::{declare_rule, RuleContext};
use sddl_core::objects::{ds_guid_for_right, map_generic, ObjectKind};

const SW: u32 = 0x8;
const WP: u32 = 0x20;
const CR: u32 = 0x100;

/// Attributes and property sets whose write takes over an account, a group or a policy link.
const DANGEROUS_PROPERTIES: &[&str] = &[
    "Member",
    "Membership",
    "Service-Principal-Name",
    "ms-DS-Allowed-To-Act-On-Behalf-Of-Other-Identity",
    "ms-DS-Allowed-To-Delegate-To",
    "User-Account-Control",
    "User-Account-Restrictions",
    "GP-Link",
];

declare_rule! {
    /// ## What it does
    /// On a directory object, flags an ACE that gives a broad group a right that takes over
    /// objects: all extended rights (`CR` without a GUID), Reset Password
    /// (`User-Force-Change-Password`), writing every property (`WP` without a GUID) or one of
    /// `member`, Group Membership, `servicePrincipalName`,
    /// `msDS-AllowedToActOnBehalfOfOtherIdentity`, `msDS-AllowedToDelegateTo`,
    /// `userAccountControl`, Account Restrictions or `gPLink`, and all validated writes or
    /// `Self-Membership` (`SW`). Full control, `WRITE_DAC` and `WRITE_OWNER` are
    /// `everyone-full-control`'s; replication rights are `dcsync-right-for-broad-group`'s.
    ///
    /// ## Why is this bad?
    /// Each of these lets any member of the group reset a password, add itself to a group,
    /// set up Kerberos delegation or an SPN to roast, or link a group policy: the attack paths
    /// that tools such as BloodHound look for. Change Password (`User-Change-Password`),
    /// which Windows grants to Everyone, is not flagged: it needs the old password.
    ///
    /// ## Example
    /// <!-- type=ad -->
    /// ```sddl,expect_diagnostic
    /// D:(OA;;CR;00299570-246d-11d0-a768-00aa006e0529;;AU)
    /// ```
    ///
    /// Use instead:
    /// <!-- type=ad -->
    /// ```sddl
    /// D:(OA;;CR;00299570-246d-11d0-a768-00aa006e0529;;AO)(OA;;CR;ab721a53-1e2f-11d0-9819-00aa0040529b;;WD)
    /// ```
    ///
    /// ## References
    /// - [Extended rights (Control access rights)](https://learn.microsoft.com/windows/win32/adschema/extended-rights)
    /// - [Reset Password (User-Force-Change-Password)](https://learn.microsoft.com/windows/win32/adschema/r-user-force-change-password)
    /// - [\[MS-ADTS\] 5.1.3.2 Access Rights](https://learn.microsoft.com/openspecs/windows_protocols/ms-adts/990fb975-ab31-4bc1-8b75-5da132cd4584)
    name: "dangerous-ad-right-for-broad-group",
    category: Security,
    level: Error,
    fix: None,
    check: check,
}

fn check(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    let kind = ObjectKind::DirectoryServiceObject;
    for (acl, i, ace) in dacl_aces(rcx) {
        if rcx.kind_for(ace) != Some(kind) {
            continue;
        }
        if !is_unconditional_allow(ace)
            || !principals::is_broad(&ace.sid)
            || broad_takeover(rcx, acl, i).is_some()
        {
            continue;
        }
        let mask = map_generic(kind, ace.mask);
        let mut found: Vec<String> = Vec::new();
        let mut guid_label = None;
        match ace.object_type {
            None => {
                if mask & CR != 0 {
                    found.push("all extended rights (`CR`), Reset Password included".into());
                }
                if mask & WP != 0 {
                    found.push("write access to every property (`WP`)".into());
                }
                if mask & SW != 0 {
                    found.push(
                        "every validated write (`SW`), adding itself to groups included".into(),
                    );
                }
            }
            Some(g) => {
                for (bit, what) in [
                    (CR, "extended right"),
                    (WP, "property"),
                    (SW, "validated write"),
                ] {
                    if mask & bit == 0 {
                        continue;
                    }
                    let Some(e) = ds_guid_for_right(&g, bit) else {
                        continue;
                    };
                    let bad = match bit {
                        CR => e.cn == "User-Force-Change-Password",
                        WP => DANGEROUS_PROPERTIES.contains(&e.cn),
                        _ => e.cn == "Self-Membership",
                    };
                    if bad && e.kind.rights() & bit != 0 {
                        found.push(match bit {
                            WP => format!("write access to `{}`", e.display),
                            _ => format!("{what} `{}`", e.display),
                        });
                        guid_label.get_or_insert(Label {
                            span: ace.spans.object_type,
                            text: format!("`{}` ({})", e.cn, e.kind.name()),
                        });
                    }
                }
            }
        }
        if found.is_empty() {
            continue;
        }
        let mut d = rcx.diag(
            ace.spans.rights,
            format!("{} gets {}", who(rcx, ace), found.join(", ")),
        );
        let (_, members) = principals::classify(&ace.sid);
        d.labels
            .push(rcx.trustee_label(ace, format!("a broad group: {members}")));
        d.labels.extend(guid_label);
        d.note = Some("these rights let any member reset passwords, add itself to groups, set up delegation or SPNs, or link group policies: a path to taking over accounts".into());
        d.help = Some("grant them to the administrators or service accounts that need them, not to a broad group".into());
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
            "type=ad",
            &[
                // Parts of Windows' default user DACL.
                "D:(A;;RPLCLORC;;;AU)(OA;;CR;ab721a53-1e2f-11d0-9819-00aa0040529b;;WD)(OA;;CR;ab721a53-1e2f-11d0-9819-00aa0040529b;;PS)(OA;;RPWP;77b5b886-944a-11d1-aebd-0000f80367c1;;PS)",
                "D:(OA;;WP;bf9679c0-0de6-11d0-a285-00aa003049e2;;AO)",
                "D:(OA;;RP;bf9679c0-0de6-11d0-a285-00aa003049e2;;AU)",
                "D:(A;;GA;;;AU)",
            ],
            &[
                "D:(OA;;CR;00299570-246d-11d0-a768-00aa006e0529;;AU)",
                "D:(A;;RPWP;;;DU)",
                "D:(OA;;WP;bf9679c0-0de6-11d0-a285-00aa003049e2;;AU)",
                "D:(OA;;SW;bf9679c0-0de6-11d0-a285-00aa003049e2;;WD)",
                "D:(OA;CIIO;WP;f3a64788-5306-11d1-a9c5-0000f80367c1;bf967aba-0de6-11d0-a285-00aa003049e2;AU)",
                "D:(A;;CR;;;BU)",
            ],
        );
        insta::assert_snapshot!(out);
    }
}
