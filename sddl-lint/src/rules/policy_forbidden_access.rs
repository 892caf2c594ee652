use super::{delete_ace, is_conditional, mask_text, named, replace, right_names};
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::effective::{effective, granted_by_ace, mapped, mapped_mask};
use crate::policy::{applicable, dacl_span, token, with_generic_all};
use crate::registry::{declare_rule, RuleContext};
use sddl_core::access::{AceOutcome, Pass};
use std::collections::BTreeSet;

declare_rule! {
    /// ## What it does
    /// Checks the `[[policy.deny]]` entries of the loaded policies (`--policy FILE`, or
    /// `policy = "..."` in `sddl-lint.toml`): flags every ACE that grants a principal (or a
    /// group it belongs to) a right the policy forbids it, and the owner's implicit rights or
    /// a NULL or missing DACL when they grant one. Without a policy it finds nothing.
    ///
    /// ## Why is this bad?
    /// The policy writes down what must never be possible: Everyone changing the permissions
    /// of a pipe (`WRITE_DAC`), taking ownership of it (`WRITE_OWNER`), or creating server
    /// instances that clients would connect to (`FILE_CREATE_PIPE_INSTANCE`). The rights are
    /// judged by effective access, with group membership and generic mapping: `GA` for
    /// Authenticated Users gives NETWORK SERVICE `WRITE_DAC` as surely as `WD` for itself.
    ///
    /// ## Example
    /// ```toml,policy
    /// [[policy]]
    /// name = "agent-pipe"
    /// kind = "pipe"
    /// [[policy.deny]]
    /// principal = "WD"
    /// rights = "WRITE_DAC,WRITE_OWNER,FILE_CREATE_PIPE_INSTANCE"
    /// ```
    ///
    /// ```sddl,expect_diagnostic
    /// D:(A;;FA;;;SY)(A;OICI;GA;;;WD)
    /// ```
    ///
    /// Use instead:
    /// ```sddl
    /// D:(A;;FA;;;SY)(A;;FR;;;WD)
    /// ```
    ///
    /// ## References
    /// - [Named Pipe Security and Access Rights](https://learn.microsoft.com/windows/win32/ipc/named-pipe-security-and-access-rights)
    /// - [Standard Access Rights](https://learn.microsoft.com/windows/win32/secauthz/standard-access-rights)
    /// - `docs/policies.md` in this repository (the policy file format)
    name: "policy-forbidden-access",
    category: Security,
    level: Error,
    fix: Sometimes,
    check: check_rule,
}

fn check_rule(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for (policy, kind) in applicable(rcx) {
        let policy_name = crate::policy::named(policy);
        for clause in &policy.deny {
            let Some(mut token) = token(&clause.principal, rcx.cx) else {
                continue;
            };
            // The DACL is judged, not the label (see the module docs of `policy`).
            token.mandatory_policy.no_write_up = false;
            let who = named(&clause.principal, &token.user, rcx);
            let forbidden = with_generic_all(mapped_mask(clause.mask, kind));
            let access = effective(rcx.sd, kind, &token, rcx.cx);
            let hits = with_generic_all(access.granted) & forbidden;
            if hits == 0 {
                continue;
            }
            let mut covered = 0;
            if let Some(acl) = rcx.dacl() {
                let applies: BTreeSet<usize> = access
                    .result
                    .pass(Pass::Normal)
                    .filter(|t| matches!(t.outcome, AceOutcome::Granted(_) | AceOutcome::NoEffect))
                    .map(|t| t.index)
                    .collect();
                for (i, ace) in acl.aces.iter().enumerate() {
                    if !applies.contains(&i) || ace.ace_type.is_deny() {
                        continue;
                    }
                    let bits =
                        with_generic_all(granted_by_ace(rcx.sd, acl, i, kind, &token, rcx.cx))
                            & hits;
                    if bits == 0 {
                        continue;
                    }
                    covered |= bits;
                    let names = right_names(kind, bits);
                    // The span is the rights (as SDDL001's): miette draws a label inside a
                    // whole-ACE span at the wrong place.
                    let mut d = rcx.diag(
                        ace.spans.rights,
                        format!("{who} gets {names} through this ACE, which {policy_name} forbids"),
                    );
                    let trustee = if ace.sid == token.user {
                        who.to_string()
                    } else {
                        format!("{who} is one of these")
                    };
                    d.labels.push(rcx.trustee_label(ace, trustee));
                    let rest = mapped(ace, kind) & !bits;
                    d.help = Some(if rest == 0 {
                        "remove this ACE".to_string()
                    } else {
                        format!("take {names} out of this ACE")
                    });
                    if kind.is_some() && ace.object_type.is_none() && !is_conditional(ace) {
                        d.fix = Some(if rest == 0 {
                            delete_ace(ace, Applicability::Unsafe)
                        } else {
                            let text = mask_text(rest, false);
                            Fix {
                                title: format!("grant `{text}` instead"),
                                edits: vec![replace(ace.spans.rights, text)],
                                applicability: Applicability::Unsafe,
                            }
                        });
                    }
                    out.push(d);
                }
            }
            let rest = hits & !covered;
            if rest == 0 {
                continue;
            }
            let names = right_names(kind, rest);
            let (span, how) = match (&rcx.sd.dacl, &rcx.sd.owner) {
                (None, _) => (
                    dacl_span(rcx),
                    "the descriptor has no DACL, which grants everyone everything".to_string(),
                ),
                (Some(a), _) if a.null => {
                    (a.span, "a NULL DACL grants everyone everything".to_string())
                }
                (_, Some(o)) if access.result.owner.token_is_owner => {
                    (o.span, format!("{who} owns the object"))
                }
                _ if access.result.owner.token_is_owner => (
                    dacl_span(rcx),
                    format!(
                        "{who} creates the object and so owns it (the descriptor has no owner)"
                    ),
                ),
                _ => (dacl_span(rcx), format!("{who} gets them")),
            };
            let mut d = rcx.diag(
                span,
                format!("{who} gets {names}, which {policy_name} forbids: {how}"),
            );
            d.help = Some(match &rcx.sd.dacl {
                Some(a) if !a.null => "give the object another owner".to_string(),
                _ => "write a DACL that grants only what is needed".to_string(),
            });
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_policy, AGENT_PIPE_POLICY as AGENT_PIPE};

    #[test]
    fn the_bad_fix_gives_everyone_and_anonymous_the_pipe() {
        let out = check_policy(
            &super::RULE,
            "",
            AGENT_PIPE,
            &[
                "O:SYG:SYD:P(A;;GA;;;SY)(A;;GA;;;BA)(A;;0x12019b;;;NS)",
                "D:(A;;FA;;;SY)(A;;FA;;;BA)(A;;FA;;;CO)(A;;FR;;;WD)(A;;FR;;;AN)",
                // A deny before the allow takes the rights away.
                "D:(D;;WDWO;;;WD)(A;;GA;;;WD)",
                // Inherit-only: not on this object.
                "D:(A;OICIIO;GA;;;WD)",
            ],
            &[
                "D:(A;OICI;GA;;;WD)(A;OICI;GA;;;AN)",
                "O:WDD:(A;;FR;;;WD)",
                "D:NO_ACCESS_CONTROL",
                "O:SY",
                "D:(A;;GA;;;WD)(A;;WD;;;WD)",
            ],
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn anonymous_holds_everyone_only_by_machine_policy() {
        check_policy(
            &super::RULE,
            "",
            AGENT_PIPE,
            &["D:(A;;GA;;;SY)(A;;WD;;;BU)"],
            &["D:(A;;WD;;;NU)"],
        );
        check_policy(
            &super::RULE,
            "everyone-includes-anonymous=true",
            "[[policy]]\nname = \"p\"\n[[policy.deny]]\nprincipal = \"AN\"\nrights = \"WRITE_DAC\"\n",
            &[],
            &["D:(A;;WD;;;WD)"],
        );
    }

    #[test]
    fn without_a_kind_generic_all_includes_generic_write() {
        let policy =
            "[[policy]]\nname = \"any\"\n[[policy.deny]]\nprincipal = \"BU\"\nrights = \"GW\"\n";
        check_policy(
            &super::RULE,
            "",
            policy,
            &["D:(A;;GR;;;BU)"],
            &["D:(A;;GA;;;AU)", "D:(A;;GW;;;BU)"],
        );
    }
}
