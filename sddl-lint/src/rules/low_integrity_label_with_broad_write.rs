use super::{dacl_aces, has, is_plain_allow, right_names, who, write_bits};
use crate::diagnostic::Diagnostic;
use crate::principals;
use crate::registry::{declare_rule, RuleContext};
use sddl_core::model::{ace_flags, AceType};
use sddl_core::rights::{WRITE_DAC, WRITE_OWNER};
use sddl_core::Sid;

/// Untrusted (`S-1-16-0`) and Low (`LW`, `S-1-16-4096`) integrity levels.
fn is_low_label(sid: &sddl_core::SidRef) -> bool {
    sid.sid().is_some_and(|s| {
        s.authority() == 16 && s.sub_authorities().len() == 1 && s.sub_authorities()[0] <= 4096
    })
}

/// Groups a low-integrity process of a user (or an AppContainer) holds.
fn in_low_token(sid: &sddl_core::SidRef) -> bool {
    const LOW: [Sid; 6] = [
        principals::EVERYONE,
        principals::AUTHENTICATED_USERS,
        principals::USERS,
        Sid::from_parts(5, &[4]),
        principals::ALL_APP_PACKAGES,
        principals::ALL_RESTRICTED_APP_PACKAGES,
    ];
    sid.sid().is_some_and(|s| LOW.contains(s))
}

declare_rule! {
    /// ## What it does
    /// Flags a mandatory label that puts the object at Low (or Untrusted) integrity (`ML`
    /// with `LW`) when the DACL lets a group that low-integrity processes belong to
    /// (Everyone, Authenticated Users, Users, Interactive, the app-package groups) change it.
    ///
    /// ## Why is this bad?
    /// Mandatory integrity control stops lower-integrity processes from writing to
    /// higher-integrity objects (`NW`). Sandboxed code (browser renderers, Protected Mode,
    /// AppContainers) runs at Low integrity, so a Low label takes that protection away and
    /// leaves the DACL alone to decide, and here the DACL lets a broad group write. Together
    /// they open a channel out of the sandbox.
    ///
    /// ## Example
    /// <!-- type=file -->
    /// ```sddl,expect_diagnostic
    /// D:(A;;FA;;;SY)(A;;FRFW;;;AU)S:(ML;;NW;;;LW)
    /// ```
    ///
    /// Use instead:
    /// <!-- type=file -->
    /// ```sddl
    /// D:(A;;FA;;;SY)(A;;FRFW;;;S-1-5-21-1-2-3-1001)S:(ML;;NW;;;LW)
    /// ```
    ///
    /// ## References
    /// - [Mandatory Integrity Control](https://learn.microsoft.com/windows/win32/secauthz/mandatory-integrity-control)
    /// - [Designing Applications to Run at a Low Integrity Level](https://learn.microsoft.com/previous-versions/dotnet/articles/bb625960(v=msdn.10))
    /// - [CWE-732: Incorrect Permission Assignment for Critical Resource](https://cwe.mitre.org/data/definitions/732.html)
    name: "low-integrity-label-with-broad-write",
    category: Security,
    level: Warning,
    fix: None,
    check: check,
}

fn check(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(label) = rcx.sacl().and_then(|s| {
        s.aces.iter().find(|a| {
            a.ace_type == AceType::SystemMandatoryLabel
                && !has(a, ace_flags::INHERIT_ONLY)
                && is_low_label(&a.sid)
        })
    }) else {
        return;
    };
    let writer = dacl_aces(rcx).find_map(|(acl, i, ace)| {
        let kind = rcx.kind_for(ace);
        let bits = write_bits(kind)? | WRITE_DAC | WRITE_OWNER;
        if !is_plain_allow(ace) || has(ace, ace_flags::INHERIT_ONLY) || !in_low_token(&ace.sid) {
            return None;
        }
        let w = super::granted_to_trustee(rcx, acl, i, kind, bits);
        (w != 0).then_some((ace, kind, w))
    });
    let Some((ace, kind, w)) = writer else { return };
    let mut d = rcx.diag(
        label.spans.trustee,
        format!(
            "low integrity label lets sandboxed processes write what {} may write",
            who(rcx, ace)
        ),
    );
    d.labels.push(crate::Label {
        span: ace.spans.rights,
        text: format!("grants {}", right_names(kind, w)),
    });
    d.note = Some("integrity control blocks writes from lower-integrity processes; a Low label puts the object at the level of sandboxed code, so only the DACL decides, and it lets a broad group write".into());
    d.help = Some(
        "keep the default (Medium) label, or restrict write access to the accounts that need it"
            .into(),
    );
    out.push(d);
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
                "D:(A;;FA;;;SY)(A;;FRFW;;;AU)",
                "D:(A;;FA;;;SY)(A;;FR;;;AU)S:(ML;;NW;;;LW)",
                "D:(A;;FA;;;SY)(A;;FRFW;;;AU)S:(ML;;NW;;;ME)",
                "D:(A;;FRFW;;;S-1-5-21-1-2-3-1001)S:(ML;;NW;;;LW)",
            ],
            &[
                "D:(A;;FA;;;SY)(A;;FRFW;;;AU)S:(ML;;NW;;;LW)",
                "D:(A;;GA;;;WD)S:(ML;;NWNR;;;S-1-16-0)",
            ],
        );
        insta::assert_snapshot!(out);
    }
}
