use super::{replace, trustees};
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::registry::{declare_rule, OptionDecl, OptionKind, RuleContext};
use sddl_core::model::AceType;
use sddl_core::sid::{alias_by_code, AliasTarget};
use sddl_core::versions::{ace_type_since, alias_since, NewerToken, WindowsVersion};
use sddl_core::Span;

declare_rule! {
    /// ## What it does
    /// When a target is set (`--min-windows`, or this rule's `min-windows` option), flags each
    /// SID alias and ACE type string that the target Windows version does not read, such as
    /// `AC` (ALL APPLICATION PACKAGES, Windows 8 / Server 2012 on) or the callback ACE type
    /// `XA` (Windows 7 / Server 2008 R2 on). Without a target it finds nothing.
    ///
    /// ## Why is this bad?
    /// `ConvertStringSecurityDescriptorToSecurityDescriptor` on an older Windows fails on a
    /// token it does not know, so the whole descriptor does not load there (a service
    /// that sets it fails to start; an installer fails). A newer alias can be written as its
    /// numeric SID, which every version reads; a newer ACE type has no older spelling.
    ///
    /// The versions come from Microsoft's "SID Strings" and "ACE Strings" pages, which mark
    /// each newer token "not available" on the versions before it. Tokens those pages give
    /// no version for are not checked: ACE types `TL` (trust label) and `FL` (access filter),
    /// aliases `MS`, `AS` and `RM`, rights strings, and SIDs inside conditional expressions.
    /// Windows Vista / Server 2008 is the oldest target.
    ///
    /// ## Example
    /// <!-- min-windows=7 -->
    /// ```sddl,expect_diagnostic
    /// D:(A;;GA;;;SY)(A;;GR;;;AC)
    /// ```
    ///
    /// <!-- min-windows=vista -->
    /// ```sddl,expect_diagnostic
    /// D:(XA;;GR;;;AU;(@User.Department == "Sales"))
    /// ```
    ///
    /// Use instead:
    /// <!-- min-windows=7 -->
    /// ```sddl
    /// D:(A;;GA;;;SY)(A;;GR;;;S-1-15-2-1)
    /// ```
    ///
    /// <!-- min-windows=8 -->
    /// ```sddl
    /// D:(A;;GA;;;SY)(A;;GR;;;AC)
    /// ```
    ///
    /// ## References
    /// - [SID strings](https://learn.microsoft.com/windows/win32/secauthz/sid-strings)
    /// - [ACE strings](https://learn.microsoft.com/windows/win32/secauthz/ace-strings)
    name: "newer-than-target",
    category: Portability,
    level: Warning,
    fix: Sometimes,
    options: &[OptionDecl {
        name: "min-windows",
        kind: OptionKind::WindowsVersion,
        default: "unset",
        doc: "the oldest Windows version descriptors must load on (`vista`, `7`, `2008r2`, `8`, `2012`, `8.1`, `2012r2`, `10`, `2016`, `2019`, `2022`, `11`); `--min-windows` overrides it",
    }],
    check: check,
}

fn check(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(target) = rcx.cx.min_windows.or(rcx.option_windows("min-windows")) else {
        return;
    };
    for (_, span) in trustees(rcx) {
        let text = rcx.text(span);
        let Some(row) = alias_since(text).filter(|r| r.since > target) else {
            continue;
        };
        out.push(alias_diag(rcx, span, text, row, target));
    }
    for ace in rcx.all_aces() {
        let span = ace.spans.ace_type;
        let Some(row) = ace_type_since(ace.ace_type).filter(|r| r.since > target) else {
            continue;
        };
        if rcx.text(span).is_empty() {
            continue;
        }
        let mut d = rcx.diag(span, message(rcx.text(span), "ACE type", row, target));
        d.help = Some(
            match ace.ace_type {
                AceType::SystemResourceAttribute => "older versions have no resource attributes: leave this ACE out of the descriptor they get",
                AceType::SystemScopedPolicyId => "older versions have no central access policies: leave this ACE out of the descriptor they get",
                _ => "older versions have no callback (conditional) ACEs: give them a descriptor without the condition, or raise the target",
            }
            .to_string(),
        );
        out.push(d);
    }
}

fn message(text: &str, what: &str, row: &NewerToken, target: WindowsVersion) -> String {
    format!(
        "{what} `{text}` is read from {} on, but the target is {target}",
        row.since
    )
}

fn alias_diag(
    rcx: &RuleContext<'_>,
    span: Span,
    text: &str,
    row: &NewerToken,
    target: WindowsVersion,
) -> Diagnostic {
    let alias = alias_by_code(text).expect("rows name aliases");
    let what = format!("alias `{text}` ({})", alias.name);
    let mut d = rcx.diag(
        span,
        format!(
            "{what} is read from {} on, but the target is {target}",
            row.since
        ),
    );
    let sid = match alias.target {
        AliasTarget::WellKnown(s) => Some((s, Applicability::Safe)),
        // The numeric form names this domain's group only: right here, wrong in another domain.
        AliasTarget::DomainRelative(rid) => rcx
            .cx
            .domain_sid
            .and_then(|dom| dom.with_rid(rid))
            .map(|s| (s, Applicability::Unsafe)),
    };
    match (sid, alias.target) {
        (Some((sid, applicability)), _) => {
            d.help = Some(format!(
                "write the SID `{sid}`: every version reads numeric SIDs"
            ));
            d.fix = Some(Fix {
                title: format!("write `{sid}`"),
                edits: vec![replace(span, sid.to_string())],
                applicability,
            });
        }
        (None, AliasTarget::DomainRelative(rid)) => {
            d.help = Some(format!(
                "write the domain's SID followed by `-{rid}` (`S-1-5-21-<domain>-{rid}`): every version reads numeric SIDs"
            ));
        }
        (None, AliasTarget::WellKnown(_)) => {}
    }
    d.note = Some(format!(
        "a numeric SID loads on {target}, but matches only if that version has the account"
    ));
    d
}

#[cfg(test)]
mod tests {
    use crate::testing::check;
    use sddl_core::versions::WindowsVersion;

    #[test]
    fn vectors() {
        let out = check(
            &super::RULE,
            "min-windows=7",
            &[
                "D:(A;;GA;;;SY)(A;;GR;;;BA)",
                "D:(A;;GR;;;S-1-15-2-1)",
                "D:(A;;GR;;;ER)(A;;GR;;;CD)(A;;GR;;;MP)",
                "D:(XA;;GR;;;AU;(@User.Department == \"Sales\"))",
                "S:(ML;;NW;;;LW)",
                // Not in the table: no source gives a version.
                "D:(A;;GR;;;MS)",
            ],
            &[
                "D:(A;;GA;;;SY)(A;;GR;;;AC)",
                "O:ACG:ACD:(A;;GR;;;ac)",
                "D:(A;;GR;;;AP)",
                "S:(RA;;;;;WD;(\"Project\",TS,0,\"Windows\"))",
                "S:(XU;SA;GR;;;WD;(@User.Project == \"x\"))",
                "D:(ZA;;CR;00299570-246d-11d0-a768-00aa006e0529;;RA;(@User.x == 1))",
            ],
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn domain_aliases_with_a_domain_get_a_fix() {
        let out = check(
            &super::RULE,
            "min-windows=2012 domain-sid=S-1-5-21-1-2-3",
            &["D:(A;;GR;;;RO)"],
            &["D:(A;;GR;;;KA)", "D:(A;;GR;;;AP)"],
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn targets_decide() {
        let sd = "D:(A;;GR;;;KA)(XA;;GR;;;WD;(@User.x == 1))(A;;GR;;;AC)";
        // Nothing without a target.
        check(&super::RULE, "", &[sd], &[]);
        check(&super::RULE, "min-windows=10", &[sd], &[]);
        check(&super::RULE, "min-windows=11", &[sd], &[]);
        let count = |target: &str| {
            let cx = crate::LintContext::from_words(&format!("min-windows={target}")).unwrap();
            let parsed = sddl_core::parse(sd, &Default::default());
            crate::lint(
                &parsed.sd,
                sd,
                &cx,
                &crate::Settings::only(&["newer-than-target"]),
            )
            .len()
        };
        assert_eq!(count("vista"), 3);
        assert_eq!(count("7"), 2);
        assert_eq!(count("8.1"), 1);
        assert_eq!(count("2016"), 0);
    }

    #[test]
    fn option_sets_the_target_and_the_context_wins() {
        let config =
            crate::Config::parse("[rules.newer-than-target]\nmin-windows = \"2008r2\"\n").unwrap();
        let text = "D:(A;;GR;;;AC)";
        let sd = sddl_core::parse(text, &Default::default()).sd;
        let run = |cx: &crate::LintContext| {
            crate::lint(&sd, text, cx, &config.settings())
                .into_iter()
                .filter(|d| d.code == super::RULE.code)
                .count()
        };
        assert_eq!(run(&Default::default()), 1);
        let newer = crate::LintContext {
            min_windows: Some(WindowsVersion::Win8),
            ..Default::default()
        };
        assert_eq!(run(&newer), 0);
    }
}
