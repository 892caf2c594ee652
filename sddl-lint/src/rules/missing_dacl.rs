use crate::diagnostic::Diagnostic;
use crate::registry::{declare_rule, RuleContext};
use sddl_core::Span;

declare_rule! {
    /// ## What it does
    /// Flags a descriptor that sets an owner or group but has no DACL part (`D:`) and no SACL
    /// part.
    ///
    /// ## Why is this bad?
    /// What a missing DACL means depends on how the descriptor is used. At object creation
    /// the object gets a default or inherited DACL; but applied with `SetSecurityInfo` or
    /// `SetFileSecurity` for the DACL, a descriptor without `SE_DACL_PRESENT` is a NULL DACL,
    /// which grants everyone full control. A descriptor meant to protect something should say
    /// who gets what. (Descriptors that only carry a SACL or a label, such as
    /// `S:(ML;;NW;;;LW)`, are left alone: they are written to be applied part by part.)
    ///
    /// ## Example
    /// ```sddl,expect_diagnostic
    /// O:BAG:SY
    /// ```
    ///
    /// Use instead:
    /// ```sddl
    /// O:BAG:SYD:(A;;GA;;;SY)(A;;GA;;;BA)
    /// ```
    ///
    /// ## References
    /// - [SECURITY_DESCRIPTOR_CONTROL: `SE_DACL_PRESENT`](https://learn.microsoft.com/windows/win32/secauthz/security-descriptor-control)
    /// - [Null DACLs and Empty DACLs](https://learn.microsoft.com/windows/win32/secauthz/null-dacls-and-empty-dacls)
    name: "missing-dacl",
    category: Suspicious,
    level: Info,
    fix: None,
    check: check,
}

fn check(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    let sd = rcx.sd;
    if sd.dacl.is_some() || sd.sacl.is_some() {
        return;
    }
    let parts: Vec<Span> = [&sd.owner, &sd.group]
        .into_iter()
        .flatten()
        .map(|o| o.span)
        .collect();
    let Some(span) = parts.iter().copied().reduce(Span::cover) else {
        return;
    };
    let mut d = rcx.diag(span, "descriptor has no DACL");
    d.note = Some("applied with `SetSecurityInfo` for the DACL, a descriptor without a DACL is a NULL DACL that grants everyone full control; at object creation the object gets a default DACL instead".into());
    d.help = Some("add a `D:` part that says who gets what".into());
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
            &[
                "",
                "D:",
                "O:SYD:(A;;GA;;;SY)",
                "S:(ML;;NW;;;LW)",
                "O:SYS:(AU;FA;GA;;;WD)",
            ],
            &["O:BAG:SY", "G:SY"],
        );
        insta::assert_snapshot!(out);
    }
}
