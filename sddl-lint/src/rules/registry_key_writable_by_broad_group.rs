use super::{broad_takeover, dacl_aces, is_plain_allow, right_names, who, write_bits};
use crate::diagnostic::Diagnostic;
use crate::principals;
use crate::registry::{declare_rule, RuleContext};
use sddl_core::objects::ObjectKind;

declare_rule! {
    /// ## What it does
    /// On a registry key, flags an ACE that lets a broad group set values, create subkeys or
    /// links, or delete the key (`KEY_SET_VALUE`, `KEY_CREATE_SUB_KEY`, `KEY_CREATE_LINK`,
    /// `DELETE`; `KW` and `GW` include the first two). Full control is
    /// `everyone-full-control`'s; app-package groups are `app-packages-write-access`'s.
    ///
    /// ## Why is this bad?
    /// Services and the system read many keys as code: `Run` keys, service `ImagePath` and
    /// `Parameters`, COM registrations, `Image File Execution Options`. A broad group that can
    /// write such a key runs code as whoever reads it (CWE-732).
    ///
    /// ## Example
    /// <!-- type=registry -->
    /// ```sddl,expect_diagnostic
    /// D:(A;CI;KA;;;SY)(A;CI;KA;;;BA)(A;CI;KRKW;;;BU)
    /// ```
    ///
    /// Use instead:
    /// <!-- type=registry -->
    /// ```sddl
    /// D:(A;CI;KA;;;SY)(A;CI;KA;;;BA)(A;CI;KR;;;BU)
    /// ```
    ///
    /// ## References
    /// - [Registry Key Security and Access Rights](https://learn.microsoft.com/windows/win32/sysinfo/registry-key-security-and-access-rights)
    /// - [CWE-732: Incorrect Permission Assignment for Critical Resource](https://cwe.mitre.org/data/definitions/732.html)
    name: "registry-key-writable-by-broad-group",
    category: Security,
    level: Error,
    fix: None,
    check: check,
}

fn check(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for (acl, i, ace) in dacl_aces(rcx) {
        let kind = rcx.kind_for(ace);
        if kind != Some(ObjectKind::RegistryKey) {
            continue;
        }
        let bits = write_bits(kind).unwrap_or(0);
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
                "{} can write this registry key: {}",
                who(rcx, ace),
                right_names(kind, bad)
            ),
        );
        let (_, members) = principals::classify(&ace.sid);
        d.labels
            .push(rcx.trustee_label(ace, format!("a broad group: {members}")));
        d.note = Some("keys that services or the system read (`Run`, service `ImagePath`, COM registrations) turn write access into code execution as whoever reads them".into());
        d.help = Some(
            "grant broad groups `KR` (read), and write access to the accounts that need it".into(),
        );
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
                // HKLM\SOFTWARE's default DACL.
                "D:PAI(A;CIIO;GA;;;CO)(A;;KA;;;SY)(A;CIIO;GA;;;SY)(A;;KA;;;BA)(A;CIIO;GA;;;BA)(A;;KR;;;BU)(A;CIIO;GR;;;BU)(A;;KR;;;AC)(A;CIIO;GR;;;AC)",
                "D:(A;;KA;;;S-1-5-21-1-2-3-1001)",
                "D:(A;;KA;;;BU)",
            ],
            &["D:(A;CI;KRKW;;;BU)", "D:(A;CIIO;GW;;;AU)", "D:(A;;SD;;;WD)"],
        );
        insta::assert_snapshot!(out);
    }
}
