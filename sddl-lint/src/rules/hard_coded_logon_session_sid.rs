use super::trustees;
use crate::diagnostic::Diagnostic;
use crate::registry::{declare_rule, RuleContext};

declare_rule! {
    /// ## What it does
    /// Flags a logon-session SID (`S-1-5-5-X-Y`) written into the descriptor.
    ///
    /// ## Why is this bad?
    /// Windows creates a new logon SID for every interactive logon. Written into a stored
    /// descriptor it matches nobody once that session ends, so whoever it was meant for loses
    /// access after the next logon (or a later session that happens to get the same numbers
    /// gains it). Logon SIDs belong in descriptors built at run time from the caller's token.
    ///
    /// ## Example
    /// ```sddl,expect_diagnostic
    /// D:(A;;GA;;;SY)(A;;GA;;;S-1-5-5-0-123456)
    /// ```
    ///
    /// Use instead:
    /// ```sddl
    /// D:(A;;GA;;;SY)(A;;GA;;;IU)
    /// ```
    ///
    /// ## References
    /// - [Well-known SIDs: `SECURITY_LOGON_IDS_RID`](https://learn.microsoft.com/windows/win32/secauthz/well-known-sids)
    /// - [Getting the Logon SID in C++](https://learn.microsoft.com/previous-versions/windows/desktop/legacy/aa446670(v=vs.85))
    name: "hard-coded-logon-session-sid",
    category: Portability,
    level: Warning,
    fix: None,
    check: check,
}

fn check(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for (sid, span) in trustees(rcx) {
        let Some(s) = sid.sid() else { continue };
        let subs = s.sub_authorities();
        if !(s.authority() == 5 && subs.len() == 3 && subs[0] == 5) {
            continue;
        }
        let mut d = rcx.diag(
            span,
            format!("logon session SID `{s}` is valid for one logon only"),
        );
        d.note = Some("a new logon SID is created for every logon: stored in a descriptor it matches nobody after that session ends".into());
        d.help = Some("build the descriptor at run time from the caller's token (`TokenLogonSid`), or grant the user's SID or `IU`".into());
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
            &["D:(A;;GA;;;IU)", "D:(A;;GA;;;S-1-5-5)"],
            &["D:(A;;GA;;;S-1-5-5-0-123456)", "O:S-1-5-5-0-999"],
        );
        insta::assert_snapshot!(out);
    }
}
