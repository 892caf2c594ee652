use super::{dacl_aces, full, has, is_plain_deny, this_object};
use crate::diagnostic::Diagnostic;
use crate::effective::mapped;
use crate::principals::{self, EVERYONE};
use crate::registry::{declare_rule, RuleContext};
use sddl_core::model::ace_flags;

declare_rule! {
    /// ## What it does
    /// Flags a deny ACE that denies Everyone (`WD`) full control of the object itself.
    ///
    /// ## Why is this bad?
    /// Everyone includes SYSTEM, the administrators and every service. Such an ACE locks out
    /// all of them; only the owner keeps its implicit right to read and change the DACL.
    /// Backup, antivirus and the system itself get Access Denied. The usual intent is to keep
    /// one group out, which a deny for that group does.
    ///
    /// ## Example
    /// ```sddl,expect_diagnostic
    /// D:(D;;GA;;;WD)(A;;GA;;;SY)
    /// ```
    ///
    /// Use instead:
    /// ```sddl
    /// D:(D;;GA;;;AN)(A;;GA;;;SY)
    /// ```
    ///
    /// ## References
    /// - [How DACLs Control Access to an Object](https://learn.microsoft.com/windows/win32/secauthz/how-dacls-control-access-to-an-object)
    name: "deny-all-to-everyone",
    category: Suspicious,
    level: Warning,
    fix: None,
    check: check,
}

fn check(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    let kind = rcx.kind();
    for (_, _, ace) in dacl_aces(rcx) {
        if !is_plain_deny(ace)
            || !principals::is(&ace.sid, &EVERYONE)
            || has(ace, ace_flags::INHERIT_ONLY)
        {
            continue;
        }
        let f = full(kind);
        if mapped(ace, kind) & f != f {
            continue;
        }
        let mut d = rcx.diag(
            ace.spans.rights,
            format!(
                "denies everyone all access to {}, `SY` and `BA` included",
                this_object(kind)
            ),
        );
        d.labels
            .push(rcx.trustee_label(ace, "every account and service"));
        d.note = Some("only the owner's implicit `READ_CONTROL` and `WRITE_DAC` remain; the system, backup and antivirus get Access Denied".into());
        d.help = Some("deny the group that must be kept out instead".into());
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
            &["D:(D;;GA;;;AN)", "D:(D;;GW;;;WD)", "D:(D;OICIIO;GA;;;WD)"],
            &["D:(D;;GA;;;WD)(A;;GA;;;SY)"],
        );
        insta::assert_snapshot!(out);
        let out = check(
            &super::RULE,
            "type=file",
            &["D:(D;;FW;;;WD)"],
            &["D:(D;;FA;;;WD)"],
        );
        insta::assert_snapshot!(out);
    }
}
