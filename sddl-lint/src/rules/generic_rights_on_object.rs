use super::{has, kind_phrase, mask_text, replace};
use crate::context::KindSource;
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::registry::{declare_rule, RuleContext};
use sddl_core::model::{ace_flags, AceType};
use sddl_core::objects::{map_generic, ObjectKind, GENERIC_BITS};

declare_rule! {
    /// ## What it does
    /// Flags generic rights (`GA`, `GR`, `GW`, `GX`) in an ACE that applies to the object
    /// itself when, on this kind of object, they stand for a two-letter code (`GA` on a file
    /// is `FA`, `GR` on a registry key is `KR`). Inherit-only ACEs keep generic rights on
    /// purpose (they are mapped for each child) and are not flagged; neither are directory
    /// objects, where `GA` is customary. Off by default: `GA` for `SY` and `BA` is idiomatic,
    /// and Windows maps it the same way.
    ///
    /// ## Why is this bad?
    /// Windows maps generic rights when it assigns a descriptor to an object and prints the
    /// specific ones back, so the text no longer matches what `sddl fmt` or `icacls` shows.
    /// Code that checks a private descriptor with `AccessCheck` does not map generic rights
    /// in ACEs at all, and such an ACE then grants nothing.
    ///
    /// ## Example
    /// <!-- type=file -->
    /// ```sddl,expect_diagnostic
    /// D:(A;;GA;;;SY)
    /// ```
    ///
    /// Use instead:
    /// <!-- type=file -->
    /// ```sddl
    /// D:(A;;FA;;;SY)
    /// ```
    ///
    /// ## Fix safety
    /// The fix writes exactly what Windows maps the generic rights to for the given object
    /// type, so it is safe; when the type was guessed it is marked unsafe.
    ///
    /// ## References
    /// - [Generic Access Rights](https://learn.microsoft.com/windows/win32/secauthz/generic-access-rights)
    /// - [AccessCheck (generic rights in ACEs are not mapped)](https://learn.microsoft.com/windows/win32/api/securitybaseapi/nf-securitybaseapi-accesscheck)
    name: "generic-rights-on-object",
    category: Style,
    level: Off,
    fix: Always,
    check: check,
}

fn check(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(kind) = rcx
        .kind()
        .filter(|k| *k != ObjectKind::DirectoryServiceObject)
    else {
        return;
    };
    let applicability = match rcx.kind {
        KindSource::Guessed(_) => Applicability::Unsafe,
        _ => Applicability::Safe,
    };
    for ace in rcx.all_aces() {
        if ace.mask & GENERIC_BITS == 0
            || has(ace, ace_flags::INHERIT_ONLY)
            || !super::has_access_mask(ace.ace_type)
            || ace.ace_type == AceType::SystemMandatoryLabel
        {
            continue;
        }
        let text = mask_text(map_generic(kind, ace.mask), false);
        if text.len() != 2 || !text.bytes().all(|b| b.is_ascii_uppercase()) {
            continue;
        }
        let written = rcx.rights_text(ace);
        let mut d = rcx.diag(
            ace.spans.rights,
            format!(
                "`{written}` is generic: on a {} it is `{text}`",
                kind_phrase(kind)
            ),
        );
        d.help = Some(format!("write `{text}`"));
        d.fix = Some(Fix {
            title: format!("write `{text}`"),
            edits: vec![replace(ace.spans.rights, text)],
            applicability,
        });
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
            &["D:(A;;FA;;;SY)", "D:(A;OICIIO;GA;;;CO)", "D:(A;;GRGW;;;SY)"],
            &["D:(A;;GA;;;SY)", "D:(A;;GR;;;AU)S:(AU;FA;GA;;;WD)"],
        );
        insta::assert_snapshot!(out);
        let out = check(
            &super::RULE,
            "type=registry",
            &["D:(A;;GRGW;;;BU)"],
            &["D:(A;CI;GA;;;BA)"],
        );
        insta::assert_snapshot!(out);
        check(&super::RULE, "type=pipe", &["D:(A;;GRGW;;;NS)"], &[]);
        check(&super::RULE, "type=ad", &["D:(A;;GA;;;DA)"], &[]);
    }
}
