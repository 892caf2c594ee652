use super::{has, named, replace};
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::principals::{self, OWNER_RIGHTS};
use crate::registry::{declare_rule, RuleContext};
use sddl_core::model::ace_flags;

declare_rule! {
    /// ## What it does
    /// Flags an owner (`O:`) that is a broad group: `O:WD`, `O:AU`, `O:BU`, `O:AN`, ...
    ///
    /// ## Why is this bad?
    /// The owner of an object can always read and change its DACL (implicit `READ_CONTROL`
    /// and `WRITE_DAC`), whatever the DACL says, unless an `OWNER RIGHTS` (`OW`) ACE limits
    /// it. With a broad group as owner, every member can grant itself full control.
    ///
    /// ## Example
    /// ```sddl,expect_diagnostic
    /// O:AUD:(A;;GA;;;SY)
    /// ```
    ///
    /// Use instead:
    /// ```sddl
    /// O:BAD:(A;;GA;;;SY)
    /// ```
    ///
    /// ```sddl
    /// O:AUD:(A;;RC;;;OW)(A;;GA;;;SY)
    /// ```
    ///
    /// ## References
    /// - [Ownership of Securable Objects](https://learn.microsoft.com/windows/win32/secauthz/ownership-of-securable-objects)
    /// - [SID strings: OWNER RIGHTS](https://learn.microsoft.com/windows/win32/secauthz/sid-strings)
    name: "broad-group-owner",
    category: Security,
    level: Error,
    fix: Always,
    check: check,
}

fn check(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(owner) = &rcx.sd.owner else { return };
    if !principals::is_broad(&owner.sid) {
        return;
    }
    let owner_rights_limited = rcx.dacl().is_some_and(|d| {
        d.aces
            .iter()
            .any(|a| principals::is(&a.sid, &OWNER_RIGHTS) && !has(a, ace_flags::INHERIT_ONLY))
    });
    if owner_rights_limited {
        return;
    }
    let text = rcx.text(owner.sid_span);
    let mut d = rcx.diag(
        owner.sid_span,
        format!("owner {} is a broad group", named(text, &owner.sid, rcx)),
    );
    d.note = Some("the owner can always read and change the DACL (implicit `READ_CONTROL` and `WRITE_DAC`): every member can grant itself full control".into());
    d.help = Some("make `SY`, `BA` or the service's own account the owner".into());
    d.fix = Some(Fix {
        title: "make Administrators (`BA`) the owner".into(),
        edits: vec![replace(owner.sid_span, "BA")],
        applicability: Applicability::Unsafe,
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
            &[
                "O:BAD:(A;;GA;;;SY)",
                "O:S-1-5-21-1-2-3-1001",
                "G:WD",
                "O:WDD:(A;;RC;;;OW)",
            ],
            &[
                "O:AUD:(A;;GA;;;SY)",
                "O:WD",
                "O:S-1-5-32-545G:SY",
                "O:WDD:(A;OICIIO;RC;;;OW)",
            ],
        );
        insta::assert_snapshot!(out);
    }
}
