use super::{kind_phrase, mask_text, replace, undefined_bits};
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::registry::{declare_rule, RuleContext};
use sddl_core::model::AceType;
use sddl_core::rights::MAXIMUM_ALLOWED;

declare_rule! {
    /// ## What it does
    /// Flags access-mask bits that the object type does not define (such as `0x1000` on a
    /// file), and `MAXIMUM_ALLOWED`, which means nothing in an ACE. Only when the object type
    /// is given (or implied by a pipe mode).
    ///
    /// ## Why is this bad?
    /// Windows ignores such bits, so they grant or deny nothing. A mask that has them was
    /// usually computed for another kind of object or mistyped, and the rights the author
    /// wanted may be missing.
    ///
    /// ## Example
    /// <!-- type=file -->
    /// ```sddl,expect_diagnostic
    /// D:(A;;0x1201ff;;;BA)(A;;0x2001;;;AU)
    /// ```
    ///
    /// Use instead:
    /// <!-- type=file -->
    /// ```sddl
    /// D:(A;;0x1201ff;;;BA)(A;;0x1;;;AU)
    /// ```
    ///
    /// ## References
    /// - [ACCESS_MASK](https://learn.microsoft.com/windows/win32/secauthz/access-mask)
    /// - [MAXIMUM_ALLOWED](https://learn.microsoft.com/windows/win32/secauthz/requesting-access-rights-to-an-object)
    name: "undefined-rights-bits",
    category: Suspicious,
    level: Warning,
    fix: Sometimes,
    check: check,
}

fn check(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(kind) = rcx.known_kind() else { return };
    for ace in rcx.all_aces() {
        if !super::has_access_mask(ace.ace_type) || ace.ace_type == AceType::SystemMandatoryLabel {
            continue;
        }
        let bad = undefined_bits(kind, ace.mask) | (ace.mask & MAXIMUM_ALLOWED);
        if bad == 0 {
            continue;
        }
        let message = if bad == MAXIMUM_ALLOWED {
            "`MAXIMUM_ALLOWED` means nothing in an ACE".to_string()
        } else {
            format!("`{bad:#x}` is not a right of a {}", kind_phrase(kind))
        };
        let mut d = rcx.diag(ace.spans.rights, message);
        d.note = Some("access checks ignore bits the object type does not define: they grant and deny nothing".into());
        let rest = ace.mask & !bad;
        if rest == 0 {
            d.help = Some("remove the ACE, or write the rights it was meant to have".into());
        } else {
            let numeric = rcx
                .rights_text(ace)
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+');
            let text = if numeric {
                format!("{rest:#x}")
            } else {
                mask_text(rest, false)
            };
            d.help = Some(format!("write `{text}`"));
            d.fix = Some(Fix {
                title: format!("write `{text}`"),
                edits: vec![replace(ace.spans.rights, text)],
                applicability: Applicability::Safe,
            });
        }
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
            "type=file",
            &[
                "D:(A;;FA;;;BA)",
                "D:(A;;GA;;;BA)",
                "S:(ML;;NW;;;LW)",
                "D:(A;;0x1000000;;;BA)",
            ],
            &[
                "D:(A;;0x2001;;;AU)",
                "D:(A;;0x2000000;;;AU)",
                "D:(A;;0x10000;;;AU)(A;;0xff000;;;BU)",
            ],
        );
        insta::assert_snapshot!(out);
        check(&super::RULE, "", &["D:(A;;0x2001;;;AU)"], &[]);
    }
}
