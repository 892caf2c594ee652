use crate::diagnostic::Diagnostic;
use crate::registry::{declare_rule, RuleContext};
use sddl_core::objects::ds_guid_name;

declare_rule! {
    /// ## What it does
    /// Flags an object ACE GUID (object type or inherited object type) that is not one of the
    /// schema and extended-right GUIDs that are the same in every forest. Off by default:
    /// GUIDs of schema extensions (LAPS, Exchange, your own) are legitimate and differ
    /// between forests.
    ///
    /// ## Why is this bad?
    /// A mistyped GUID is accepted silently and matches nothing, so the ACE grants or denies
    /// nothing. Turning this rule on makes every unknown GUID something to confirm.
    ///
    /// ## Example
    /// ```sddl,expect_diagnostic
    /// D:(OA;;CR;00299570-246d-11d0-a768-00aa006e0520;;AO)
    /// ```
    ///
    /// Use instead:
    /// ```sddl
    /// D:(OA;;CR;00299570-246d-11d0-a768-00aa006e0529;;AO)
    /// ```
    ///
    /// ## References
    /// - [Active Directory Schema: Extended rights](https://learn.microsoft.com/windows/win32/adschema/extended-rights)
    /// - [Active Directory Schema: Attributes](https://learn.microsoft.com/windows/win32/adschema/attributes)
    name: "unknown-object-guid",
    category: Suspicious,
    level: Off,
    fix: None,
    check: check,
}

fn check(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for ace in rcx.all_aces() {
        for (g, span) in [
            (ace.object_type, ace.spans.object_type),
            (ace.inherited_object_type, ace.spans.inherited_object_type),
        ] {
            let Some(g) = g else { continue };
            if ds_guid_name(&g).is_some() {
                continue;
            }
            let mut d = rcx.diag(span, format!("unknown object GUID `{g}`"));
            d.note = Some("a mistyped GUID is accepted and matches nothing; GUIDs of schema extensions differ between forests".into());
            d.help =
                Some("check it against the forest's schema (`schemaIDGUID`, `rightsGuid`)".into());
            out.push(d);
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
                "D:(OA;;CR;00299570-246d-11d0-a768-00aa006e0529;;AO)",
                "D:(A;;GA;;;SY)",
            ],
            &[
                "D:(OA;;CR;00299570-246d-11d0-a768-00aa006e0520;;AO)",
                "D:(OA;CIIO;RP;;11111111-2222-3333-4444-555555555555;AU)",
            ],
        );
        insta::assert_snapshot!(out);
    }
}
