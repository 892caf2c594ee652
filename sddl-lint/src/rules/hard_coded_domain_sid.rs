use super::{replace, trustees};
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::registry::{declare_rule, OptionDecl, OptionKind, RuleContext};
use sddl_core::sid::{AliasTarget, ALIASES};
use sddl_core::Sid;

declare_rule! {
    /// ## What it does
    /// Flags a SID of one domain or one machine written into the descriptor:
    /// `S-1-5-21-<a>-<b>-<c>-<rid>`, unless it belongs to the domain given as context
    /// (`domain-sid`) or to one of the rule's `allowed-domains`.
    ///
    /// ## Why is this bad?
    /// `S-1-5-21-...` SIDs are generated per domain and per machine. Shipped in code or
    /// configuration, such a SID matches no account anywhere else (or, after a reinstall,
    /// a different one). When the RID is a well-known one (500, 512, 513, ...), the alias
    /// (`LA`, `DA`, `DU`, ...) says the same thing for whichever domain reads it.
    ///
    /// ## Example
    /// ```sddl,expect_diagnostic
    /// D:(A;;GA;;;S-1-5-21-1004336348-1177238915-682003330-512)
    /// ```
    ///
    /// Use instead:
    /// ```sddl
    /// D:(A;;GA;;;BA)
    /// ```
    ///
    /// <!-- domain-sid=S-1-5-21-1004336348-1177238915-682003330 -->
    /// ```sddl
    /// D:(A;;GA;;;S-1-5-21-1004336348-1177238915-682003330-1105)
    /// ```
    ///
    /// ## References
    /// - [Security identifiers](https://learn.microsoft.com/windows-server/identity/ad-ds/manage/understand-security-identifiers)
    /// - [SID strings](https://learn.microsoft.com/windows/win32/secauthz/sid-strings)
    name: "hard-coded-domain-sid",
    category: Portability,
    level: Warning,
    fix: Sometimes,
    options: &[OptionDecl {
        name: "allowed-domains",
        kind: OptionKind::SidList,
        default: "[]",
        doc: "domain SIDs (`S-1-5-21-a-b-c`) whose accounts may be written into descriptors",
    }],
    check: check,
}

/// The domain part of an account SID `S-1-5-21-a-b-c-rid`.
fn domain_of(s: &Sid) -> Option<Sid> {
    let subs = s.sub_authorities();
    (s.authority() == 5 && subs.len() == 5 && subs[0] == 21).then(|| Sid::from_parts(5, &subs[..4]))
}

fn check(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    let allowed = rcx.option_sids("allowed-domains");
    for (sid, span) in trustees(rcx) {
        let Some(s) = sid.sid() else { continue };
        let Some(domain) = domain_of(s) else { continue };
        if rcx.cx.domain_sid == Some(domain) || allowed.iter().any(|a| a.sid() == Some(&domain)) {
            continue;
        }
        let rid = s.rid().unwrap_or(0);
        let alias = ALIASES
            .iter()
            .find(|a| a.target == AliasTarget::DomainRelative(rid));
        let mut d = rcx.diag(
            span,
            format!("`{s}` is the SID of an account of one domain or machine"),
        );
        d.note = Some("`S-1-5-21-` SIDs are generated per domain and machine: elsewhere this one matches no account, or another one".into());
        match alias {
            Some(a) => {
                d.help = Some(format!(
                    "write `{}` ({}) to mean that account of whichever domain reads the descriptor",
                    a.code, a.name
                ));
                d.fix = Some(Fix {
                    title: format!("write `{}`", a.code),
                    edits: vec![replace(span, a.code)],
                    applicability: Applicability::Unsafe,
                });
            }
            None => {
                d.help = Some("grant a well-known group, resolve the account when the descriptor is built, or list the domain in `allowed-domains`".into());
            }
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
            "",
            &[
                "D:(A;;GA;;;BA)",
                "D:(A;;GA;;;S-1-5-80-1-2-3-4-5)",
                "D:(A;;GA;;;S-1-5-21-1-2)",
            ],
            &["D:(A;;GA;;;S-1-5-21-1-2-3-512)", "O:S-1-5-21-1-2-3-1001"],
        );
        insta::assert_snapshot!(out);
        check(
            &super::RULE,
            "domain-sid=S-1-5-21-1-2-3",
            &["D:(A;;GA;;;S-1-5-21-1-2-3-1105)"],
            &[],
        );
    }

    #[test]
    fn allowed_domains_option() {
        let config = crate::Config::parse(
            "[rules.hard-coded-domain-sid]\nallowed-domains = [\"S-1-5-21-1-2-3\"]\n",
        )
        .unwrap();
        let text = "D:(A;;GA;;;S-1-5-21-1-2-3-1105)(A;;GA;;;S-1-5-21-9-9-9-1105)";
        let sd = sddl_core::parse(text, &Default::default()).sd;
        let diags = crate::lint(&sd, text, &Default::default(), &config.settings());
        let ours: Vec<_> = diags
            .iter()
            .filter(|d| d.code == super::RULE.code)
            .collect();
        assert_eq!(ours.len(), 1);
        assert!(ours[0].message.contains("S-1-5-21-9-9-9-1105"));
    }
}
