use super::trustees;
use crate::diagnostic::Diagnostic;
use crate::registry::{declare_rule, RuleContext};
use sddl_core::SidRef;

declare_rule! {
    /// ## What it does
    /// Flags a domain-relative alias (`DA`, `DU`, `EA`, `LA`, `LG`, `CA`, ...) when no domain
    /// SID was given to resolve it.
    ///
    /// ## Why is this bad?
    /// These aliases are a RID added to the domain SID (or, for `LA` and `LG`, the machine
    /// SID) of whatever machine converts the text. The same string names different
    /// accounts on different machines and domains, so what the descriptor grants cannot be
    /// judged from the text alone, and on another machine it may grant something else.
    ///
    /// ## Example
    /// ```sddl,expect_diagnostic
    /// D:(A;;GA;;;DA)
    /// ```
    ///
    /// Use instead:
    /// <!-- domain-sid=S-1-5-21-1004336348-1177238915-682003330 -->
    /// ```sddl
    /// D:(A;;GA;;;DA)
    /// ```
    ///
    /// ```sddl
    /// D:(A;;GA;;;BA)
    /// ```
    ///
    /// ## References
    /// - [SID strings](https://learn.microsoft.com/windows/win32/secauthz/sid-strings)
    /// - [Well-known SIDs](https://learn.microsoft.com/windows/win32/secauthz/well-known-sids)
    name: "unresolved-domain-alias",
    category: Portability,
    level: Info,
    fix: None,
    check: check,
}

fn check(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for (sid, span) in trustees(rcx) {
        let SidRef::Unresolved(alias) = sid else {
            continue;
        };
        let scope = if matches!(alias.code, "LA" | "LG") {
            "machine"
        } else {
            "domain"
        };
        let mut d = rcx.diag(
            span,
            format!(
                "`{}` ({}) depends on the {scope} that converts this text",
                alias.code, alias.name
            ),
        );
        d.note = Some(format!(
            "`{}` is a RID added to the {scope} SID of whichever machine reads the descriptor",
            alias.code
        ));
        d.help = Some("give the domain SID to check it (`domain-sid` in `sddl-lint.toml`), or write the SID if the descriptor is meant for one domain".into());
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
            &["D:(A;;GA;;;BA)", "O:SYG:SY"],
            &["D:(A;;GA;;;DA)", "O:LAG:DU"],
        );
        insta::assert_snapshot!(out);
        check(
            &super::RULE,
            "domain-sid=S-1-5-21-1-2-3",
            &["O:LAD:(A;;GA;;;DA)"],
            &[],
        );
    }
}
