use super::has;
use crate::diagnostic::Diagnostic;
use crate::registry::{declare_rule, RuleContext};
use sddl_core::model::{ace_flags, AceType};

declare_rule! {
    /// ## What it does
    /// Flags an audit or alarm ACE (`AU`, `OU`, `XU`, `AL`, `OL`) with neither `SA`
    /// (successful access) nor `FA` (failed access).
    ///
    /// ## Why is this bad?
    /// The flags say which accesses generate events. Without either, the ACE audits nothing,
    /// and the author believes accesses are being recorded when they are not.
    ///
    /// ## Example
    /// ```sddl,expect_diagnostic
    /// S:(AU;;FA;;;WD)
    /// ```
    ///
    /// Use instead:
    /// ```sddl
    /// S:(AU;FA;FA;;;WD)
    /// ```
    ///
    /// ## References
    /// - [SYSTEM_AUDIT_ACE](https://learn.microsoft.com/windows/win32/api/winnt/ns-winnt-system_audit_ace)
    /// - [ACE strings](https://learn.microsoft.com/windows/win32/secauthz/ace-strings)
    name: "audit-ace-without-success-or-failure",
    category: Correctness,
    level: Warning,
    fix: None,
    check: check,
}

fn check(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(sacl) = rcx.sacl() else { return };
    for ace in &sacl.aces {
        let audit = matches!(
            ace.ace_type,
            AceType::SystemAudit
                | AceType::SystemAuditObject
                | AceType::SystemAuditCallback
                | AceType::SystemAlarm
                | AceType::SystemAlarmObject
        );
        if !audit || has(ace, ace_flags::SUCCESSFUL_ACCESS | ace_flags::FAILED_ACCESS) {
            continue;
        }
        let span = if ace.spans.flags.is_empty() {
            ace.spans.ace_type
        } else {
            ace.spans.flags
        };
        let mut d = rcx.diag(span, "audit ACE without `SA` or `FA` audits nothing");
        d.help = Some("add `SA` to audit successful access, `FA` to audit failed attempts".into());
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
                "S:(AU;SA;FA;;;WD)",
                "S:(AU;FA;GA;;;WD)",
                "S:(ML;;NW;;;LW)",
                "D:(A;;FA;;;WD)",
            ],
            &["S:(AU;;FA;;;WD)", "S:(AU;OICI;GW;;;AU)"],
        );
        insta::assert_snapshot!(out);
    }
}
