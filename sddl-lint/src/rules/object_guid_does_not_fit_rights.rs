use super::mask_text;
use crate::diagnostic::Diagnostic;
use crate::registry::{declare_rule, RuleContext};
use sddl_core::objects::{ds_guids, DsGuidKind, ObjectKind};

/// The DS rights that an object-type GUID qualifies: CC, DC, SW, RP, WP, CR.
const GUID_RIGHTS: u32 = 0x1 | 0x2 | 0x8 | 0x10 | 0x20 | 0x100;

declare_rule! {
    /// ## What it does
    /// Flags an object ACE whose GUID is known but cannot go with its rights: `CR` with an
    /// attribute, `WP` with an extended right, `CC` with a property, and so on; and an
    /// inherited object type that is not a class.
    ///
    /// ## Why is this bad?
    /// Active Directory reads an object ACE's GUID according to the right: an extended right
    /// for `CR`, an attribute or property set for `RP`/`WP`, a validated write for `SW`, a
    /// class for `CC`/`DC`; and the inherited object type names the class of objects that
    /// inherit the ACE. A GUID of the wrong kind never matches, so the ACE grants or denies
    /// nothing: usually a copy-paste of the wrong GUID or the wrong right.
    ///
    /// ## Example
    /// <!-- type=ad -->
    /// ```sddl,expect_diagnostic
    /// D:(OA;;CR;bf9679c0-0de6-11d0-a285-00aa003049e2;;DA)
    /// ```
    ///
    /// Use instead:
    /// <!-- type=ad -->
    /// ```sddl
    /// D:(OA;;WP;bf9679c0-0de6-11d0-a285-00aa003049e2;;DA)
    /// ```
    ///
    /// ## References
    /// - [\[MS-ADTS\] 5.1.3.2.1 Control Access Rights](https://learn.microsoft.com/openspecs/windows_protocols/ms-adts/1522b774-6464-41a3-87a5-1e5633c3fbbb)
    /// - [ACCESS_ALLOWED_OBJECT_ACE](https://learn.microsoft.com/windows/win32/api/winnt/ns-winnt-access_allowed_object_ace)
    name: "object-guid-does-not-fit-rights",
    category: Correctness,
    level: Warning,
    fix: None,
    check: check,
}

fn check(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    if rcx
        .kind()
        .is_some_and(|k| k != ObjectKind::DirectoryServiceObject)
    {
        return;
    }
    for ace in rcx.all_aces() {
        if !ace.ace_type.is_object() {
            continue;
        }
        if let Some(g) = ace.object_type {
            let entries: Vec<_> = ds_guids().iter().filter(|e| e.guid == g).collect();
            // A validated write's GUID is also its attribute's `schemaIDGUID`.
            let fits = entries.iter().fold(0, |m, e| match e.kind {
                DsGuidKind::ValidatedWrite => m | e.kind.rights() | 0x10 | 0x20,
                k => m | k.rights(),
            });
            let used = ace.mask & 0xffff;
            if !entries.is_empty() && used != 0 && used & !GUID_RIGHTS == 0 && used & fits == 0 {
                let e = entries[0];
                let mut d = rcx.diag(
                    ace.spans.rights,
                    format!(
                        "`{}` does not apply to `{}` ({})",
                        mask_text(used, false),
                        e.display,
                        e.kind.name()
                    ),
                );
                d.labels.push(crate::Label {
                    span: ace.spans.object_type,
                    text: format!("{} `{}`", e.kind.name(), e.cn),
                });
                d.note = Some(format!(
                    "with a GUID, Active Directory reads `CR` as an extended right, `RP`/`WP` as a property, `SW` as a validated write and `CC`/`DC` as a class; {} {} goes with `{}`",
                    if e.kind.name().starts_with('a') { "an" } else { "a" },
                    e.kind.name(),
                    mask_text(fits, false)
                ));
                d.help = Some("use the right that goes with this GUID, or the GUID of what the right should apply to".into());
                out.push(d);
            }
        }
        if let Some(g) = ace.inherited_object_type {
            let entries: Vec<_> = ds_guids().iter().filter(|e| e.guid == g).collect();
            if !entries.is_empty() && entries.iter().all(|e| e.kind != DsGuidKind::Class) {
                let e = entries[0];
                let mut d = rcx.diag(
                    ace.spans.inherited_object_type,
                    format!(
                        "inherited object type `{}` is {} {}, not a class",
                        e.display,
                        if e.kind.name().starts_with('a') {
                            "an"
                        } else {
                            "a"
                        },
                        e.kind.name()
                    ),
                );
                d.note = Some("the inherited object type names the class of child objects that inherit the ACE; no object is of this type, so none inherits it".into());
                d.help = Some("use the class GUID of the objects that should inherit the ACE (such as `user` or `group`)".into());
                out.push(d);
            }
        }
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
                "D:(OA;;WP;bf9679c0-0de6-11d0-a285-00aa003049e2;;DA)",
                "D:(OA;;SW;bf9679c0-0de6-11d0-a285-00aa003049e2;;PS)",
                "D:(OA;;CR;00299570-246d-11d0-a768-00aa006e0529;;DA)",
                "D:(OA;CIIO;RPWP;bf9679c0-0de6-11d0-a285-00aa003049e2;bf967a9c-0de6-11d0-a285-00aa003049e2;DA)",
                // Unknown GUIDs are not judged here.
                "D:(OA;;CR;01234567-89ab-cdef-0123-456789abcdef;;DA)",
                "D:(OA;;RPWPCR;bf9679c0-0de6-11d0-a285-00aa003049e2;;DA)",
            ],
            &[
                "D:(OA;;CR;bf9679c0-0de6-11d0-a285-00aa003049e2;;DA)",
                "D:(OA;;WP;00299570-246d-11d0-a768-00aa006e0529;;DA)",
                "D:(OA;CIIO;RP;;bf9679c0-0de6-11d0-a285-00aa003049e2;AU)",
            ],
        );
        insta::assert_snapshot!(out);
    }
}
