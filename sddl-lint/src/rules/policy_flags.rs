use super::{flags_text, has_access_mask, named, replace, who};
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::policy::{applicable, FlagClause};
use crate::registry::{declare_rule, RuleContext};
use sddl_core::access::check::same_trustee;
use sddl_core::model::{ace_flags, Acl, AclFlags};
use sddl_core::Span;

declare_rule! {
    /// ## What it does
    /// Checks the `[[policy.flags]]` entries of the loaded policies (`--policy FILE`, or
    /// `policy = "..."` in `sddl-lint.toml`): ACL flags that must or must not be set
    /// (`dacl-protected`, `dacl-auto-inherited`, `sacl-protected`), and ACE flags that the
    /// DACL's ACEs (of one trustee, or all) must have (`require`) or must not have (`forbid`).
    /// Without a policy it finds nothing.
    ///
    /// ## Why is this bad?
    /// Inheritance decides what reaches an object later, when the descriptor is no longer
    /// looked at: a DACL that is not protected takes whatever a parent folder or key is given
    /// one day; an ACE without `OI`/`CI` leaves new files of a directory without the access
    /// meant for them; a hand-copied `ID` ACE disappears the next time inheritance is
    /// reapplied. A policy that writes these down turns each into a finding.
    ///
    /// ## Example
    /// ```toml,policy
    /// [[policy]]
    /// name = "data-dir"
    /// kind = "directory"
    /// [[policy.flags]]
    /// dacl-protected = true
    /// ```
    ///
    /// ```sddl,expect_diagnostic
    /// D:(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)
    /// ```
    ///
    /// Use instead:
    /// ```sddl
    /// D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)
    /// ```
    ///
    /// ## References
    /// - [SECURITY_DESCRIPTOR_CONTROL](https://learn.microsoft.com/windows/win32/secauthz/security-descriptor-control)
    /// - [ACE_HEADER (inheritance flags)](https://learn.microsoft.com/windows/win32/api/winnt/ns-winnt-ace_header)
    /// - `docs/policies.md` in this repository (the policy file format)
    name: "policy-flags",
    category: Security,
    level: Error,
    fix: Sometimes,
    check: check_rule,
}

#[derive(Clone, Copy)]
enum AclFlag {
    Protected,
    AutoInherited,
}

impl AclFlag {
    fn code(self) -> &'static str {
        match self {
            AclFlag::Protected => "P",
            AclFlag::AutoInherited => "AI",
        }
    }

    fn word(self) -> &'static str {
        match self {
            AclFlag::Protected => "protected",
            AclFlag::AutoInherited => "auto-inherited",
        }
    }

    fn get(self, f: &AclFlags) -> bool {
        match self {
            AclFlag::Protected => f.protected,
            AclFlag::AutoInherited => f.auto_inherited,
        }
    }

    fn set(self, f: &mut AclFlags, on: bool) {
        match self {
            AclFlag::Protected => f.protected = on,
            AclFlag::AutoInherited => f.auto_inherited = on,
        }
    }
}

fn check_rule(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for (policy, _) in applicable(rcx) {
        let pn = crate::policy::named(policy);
        for clause in &policy.flags {
            let sd = rcx.sd;
            for (acl, which, flag, want) in [
                (&sd.dacl, "DACL", AclFlag::Protected, clause.dacl_protected),
                (
                    &sd.dacl,
                    "DACL",
                    AclFlag::AutoInherited,
                    clause.dacl_auto_inherited,
                ),
                (&sd.sacl, "SACL", AclFlag::Protected, clause.sacl_protected),
            ] {
                if let Some(want) = want {
                    out.extend(acl_flag(rcx, &pn, acl.as_ref(), which, flag, want));
                }
            }
            ace_flags_of(rcx, out, &pn, clause);
        }
    }
}

fn acl_flag(
    rcx: &RuleContext<'_>,
    pn: &str,
    acl: Option<&Acl>,
    which: &str,
    flag: AclFlag,
    want: bool,
) -> Option<Diagnostic> {
    let (code, word) = (flag.code(), flag.word());
    let Some(acl) = acl else {
        return want.then(|| {
            let mut d = rcx.diag(
                Span::from_range(0, rcx.source.len()),
                format!("the descriptor has no {which}, which {pn} requires {word} (`{code}`)"),
            );
            d.help = Some(format!(
                "write the {which} with `{code}`: `{}:{code}(...)`",
                &which[..1]
            ));
            d
        });
    };
    if flag.get(&acl.flags) == want {
        return None;
    }
    let span = if acl.flags_span.is_empty() {
        Span::new(acl.span.start, (acl.span.start + 2).min(acl.span.end))
    } else {
        acl.flags_span
    };
    let message = if want {
        format!("the {which} is not {word} (`{code}`), which {pn} requires")
    } else {
        format!("the {which} is {word} (`{code}`), which {pn} forbids")
    };
    let mut d = rcx.diag(span, message);
    d.help = Some(if want {
        format!("add `{code}` after `{}:`", &which[..1])
    } else {
        format!("remove `{code}`")
    });
    if !acl.null && !rcx.text(acl.span).is_empty() {
        let mut flags = acl.flags;
        flag.set(&mut flags, want);
        let text = acl_flags_text(&flags);
        let at = if acl.flags_span.is_empty() {
            Span::new(acl.span.start + 2, acl.span.start + 2)
        } else {
            acl.flags_span
        };
        d.fix = Some(Fix {
            title: if want {
                format!("add `{code}`")
            } else {
                format!("remove `{code}`")
            },
            edits: vec![replace(at, text)],
            applicability: Applicability::Unsafe,
        });
    }
    Some(d)
}

/// The ACL flags as Windows prints them (`PARAI`).
fn acl_flags_text(f: &AclFlags) -> String {
    let mut s = String::new();
    if f.protected {
        s.push('P');
    }
    if f.auto_inherit_req {
        s.push_str("AR");
    }
    if f.auto_inherited {
        s.push_str("AI");
    }
    s
}

/// `` `OI` and `CI` ``.
fn flag_list(bits: u8) -> String {
    let codes: Vec<String> = ace_flags::SDDL
        .iter()
        .filter(|(_, b)| bits & b != 0)
        .map(|(c, _)| format!("`{c}`"))
        .collect();
    match codes.len() {
        0 => String::new(),
        1 => codes[0].clone(),
        n => format!("{} and {}", codes[..n - 1].join(", "), codes[n - 1]),
    }
}

fn ace_flags_of(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>, pn: &str, c: &FlagClause) {
    if c.require == 0 && c.forbid == 0 {
        return;
    }
    let Some(acl) = rcx.dacl() else {
        return;
    };
    for ace in &acl.aces {
        if !has_access_mask(ace.ace_type) {
            continue;
        }
        let whose = match &c.principal {
            Some(p) if !same_trustee(&ace.sid, &p.sid, rcx.cx.domain_sid.as_ref()) => continue,
            Some(p) => named(&p.text, &p.sid, rcx),
            None => who(rcx, ace),
        };
        let missing = c.require & !ace.flags;
        let bad = c.forbid & ace.flags;
        if missing == 0 && bad == 0 {
            continue;
        }
        let mut parts = Vec::new();
        if missing != 0 {
            parts.push(format!("must have {}", flag_list(missing)));
        }
        if bad != 0 {
            parts.push(format!("must not have {}", flag_list(bad)));
        }
        let span = if ace.spans.flags.is_empty() {
            ace.spans.whole
        } else {
            ace.spans.flags
        };
        let mut d = rcx.diag(
            span,
            format!("this ACE of {whose} {} ({pn})", parts.join(" and ")),
        );
        let fixed = (ace.flags | c.require) & !c.forbid;
        let text = flags_text(fixed);
        d.help = Some(if text.is_empty() {
            "clear the ACE flags".to_string()
        } else {
            format!("write the flags as `{text}`")
        });
        if !rcx.text(ace.spans.whole).is_empty() {
            d.fix = Some(Fix {
                title: if text.is_empty() {
                    "clear the flags".to_string()
                } else {
                    format!("write `{text}`")
                },
                edits: vec![replace(ace.spans.flags, text)],
                applicability: Applicability::Unsafe,
            });
        }
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_policy;

    #[test]
    fn acl_flags() {
        let policy = "[[policy]]\nname = \"dir\"\n[[policy.flags]]\ndacl-protected = true\ndacl-auto-inherited = false\n";
        let out = check_policy(
            &super::RULE,
            "",
            policy,
            &["D:P(A;;FA;;;SY)", "O:SYD:P"],
            &[
                "D:(A;;FA;;;SY)",
                "D:PAI(A;;FA;;;SY)",
                "O:SY",
                "D:AR(A;;FA;;;SY)",
            ],
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn ace_flags_of_one_trustee_or_all() {
        let policy = "[[policy]]\nname = \"dir\"\n[[policy.flags]]\nprincipal = \"BU\"\nrequire = [\"OI\", \"CI\"]\n[[policy.flags]]\nforbid = [\"ID\"]\n";
        let out = check_policy(
            &super::RULE,
            "",
            policy,
            &[
                "D:(A;OICI;FR;;;BU)(A;;FA;;;SY)",
                "D:(A;OICI;FR;;;S-1-5-32-545)",
            ],
            &["D:(A;;FR;;;BU)(A;OICIID;FA;;;SY)", "D:(A;CIID;FR;;;BU)"],
        );
        insta::assert_snapshot!(out);
    }
}
