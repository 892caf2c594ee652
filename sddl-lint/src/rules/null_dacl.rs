use super::replace;
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::registry::{declare_rule, RuleContext};
use sddl_core::Span;

declare_rule! {
    /// ## What it does
    /// Flags a NULL DACL: `D:NO_ACCESS_CONTROL`.
    ///
    /// ## Why is this bad?
    /// A NULL DACL is not an empty DACL. With no DACL at all, Windows grants every access to
    /// every caller, anonymous and remote ones included, and anyone can change the
    /// permissions and the owner. It is the "make Access Denied go away" setting, and it
    /// removes all protection (CWE-732).
    ///
    /// ## Example
    /// ```sddl,expect_diagnostic
    /// O:SYD:NO_ACCESS_CONTROL
    /// ```
    ///
    /// Use instead:
    /// ```sddl
    /// O:SYD:(A;;GA;;;SY)(A;;GA;;;BA)(A;;GR;;;AU)
    /// ```
    ///
    /// ## References
    /// - [Null DACLs and Empty DACLs](https://learn.microsoft.com/windows/win32/secauthz/null-dacls-and-empty-dacls)
    /// - [CWE-732: Incorrect Permission Assignment for Critical Resource](https://cwe.mitre.org/data/definitions/732.html)
    name: "null-dacl",
    category: Security,
    level: Error,
    fix: Always,
    check: check,
}

fn check(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(acl) = rcx.sd.dacl.as_ref().filter(|a| a.null) else {
        return;
    };
    let flags = rcx.text(acl.flags_span);
    let span = match flags.to_ascii_uppercase().find("NO_ACCESS_CONTROL") {
        Some(i) => Span::new(
            acl.flags_span.start + i as u32,
            acl.flags_span.start + i as u32 + 17,
        ),
        None => acl.flags_span,
    };
    let mut d = rcx.diag(span, "a NULL DACL grants everyone full control");
    d.note = Some("`NO_ACCESS_CONTROL` is not an empty DACL: without a DACL, Windows grants every access to every caller, anonymous ones included, and anyone can change the permissions and the owner".into());
    d.help = Some("write a DACL that grants each principal what it needs, starting from `(A;;GA;;;SY)(A;;GA;;;BA)`".into());
    d.fix = Some(Fix {
        title: "replace with a DACL for `SY` and `BA` only".into(),
        edits: vec![replace(span, "(A;;GA;;;SY)(A;;GA;;;BA)")],
        applicability: Applicability::DisplayOnly,
    });
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
            &["D:", "D:(A;;GA;;;WD)", "O:SY", "S:NO_ACCESS_CONTROL"],
            &[
                "D:NO_ACCESS_CONTROL",
                "O:BAD:PAINO_ACCESS_CONTROL",
                "D:no_access_control",
            ],
        );
        insta::assert_snapshot!(out);
    }
}
