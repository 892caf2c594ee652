use crate::diagnostic::Diagnostic;
use crate::registry::{declare_rule, RuleContext};

declare_rule! {
    /// ## What it does
    /// Flags an empty DACL: `D:` (or `D:P`, `D:AI`, ...) with no ACEs.
    ///
    /// ## Why is this bad?
    /// An empty DACL is not a NULL DACL: it grants nothing to anyone. Every access check fails
    /// except the owner's implicit right to read and change the permissions, so services,
    /// administrators and users all get Access Denied. It is usually written by someone who
    /// expected `D:` to mean "no restrictions". When locking everyone out is the point, keep
    /// an explicit ACE for `SY` so the system can still manage the object.
    ///
    /// ## Example
    /// ```sddl,expect_diagnostic
    /// O:BAD:P
    /// ```
    ///
    /// Use instead:
    /// ```sddl
    /// O:BAD:P(A;;GA;;;SY)(A;;GA;;;BA)
    /// ```
    ///
    /// ## References
    /// - [Null DACLs and Empty DACLs](https://learn.microsoft.com/windows/win32/secauthz/null-dacls-and-empty-dacls)
    name: "empty-dacl",
    category: Suspicious,
    level: Warning,
    fix: None,
    check: check,
}

fn check(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(acl) = rcx.sd.dacl.as_ref() else {
        return;
    };
    // ACEs that were written but did not parse are syntax errors, not an empty DACL.
    if acl.null || !acl.aces.is_empty() || rcx.text(acl.span).contains('(') {
        return;
    }
    let mut d = rcx.diag(acl.span, "empty DACL grants no access to anyone");
    d.note = Some("an empty DACL is not a NULL DACL: every access check fails except the owner's implicit `READ_CONTROL` and `WRITE_DAC`".into());
    d.help =
        Some("add an ACE for each principal that needs access, at least `(A;;GA;;;SY)`".into());
    out.push(d);
}

#[cfg(test)]
mod tests {
    use crate::testing::check;

    #[test]
    fn vectors() {
        let out = check(
            &super::RULE,
            "",
            &["D:NO_ACCESS_CONTROL", "D:(A;;GA;;;SY)", "O:SY", "S:"],
            &["D:", "O:BAD:P", "D:PAI S:(AU;SA;GA;;;WD)"],
        );
        insta::assert_snapshot!(out);
    }
}
