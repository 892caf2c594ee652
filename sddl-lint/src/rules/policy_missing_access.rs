use super::{named, right_names};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::policy::{
    ace_list, applicable, dacl_span, token, with_generic_all, AccessClause, Policy,
};
use crate::registry::{declare_rule, RuleContext};
use sddl_core::access::{
    check, maximum_allowed, suggest, AccessRequest, AceOutcome, BitSource, Pass, SuggestOptions,
    SuggestOutcome, SuggestWarning, Token,
};
use sddl_core::model::Ace;
use sddl_core::objects::ObjectKind;
use sddl_core::Span;

declare_rule! {
    /// ## What it does
    /// Checks the `[[policy.allow]]` entries of the loaded policies (`--policy FILE`, or
    /// `policy = "..."` in `sddl-lint.toml`): flags a principal that the access check does not
    /// grant every right the policy says it must have. Without a policy it finds nothing.
    ///
    /// ## Why is this bad?
    /// The policy writes down who must be able to use the object: the service account that
    /// connects to a pipe, the users that read a share. When the descriptor does not grant it,
    /// the open fails with `ERROR_ACCESS_DENIED` at run time, often only in production, where
    /// the account differs from a developer's. The finding names the missing rights, the deny
    /// ACE that takes them away if there is one, and the least-privilege ACE that would grant
    /// them (the engine's suggestion, as `sddl check` proposes it).
    ///
    /// ## Example
    /// ```toml,policy
    /// [[policy]]
    /// name = "agent-pipe"
    /// kind = "pipe"
    /// [[policy.allow]]
    /// principal = "NS"
    /// rights = "FILE_READ_DATA,FILE_WRITE_DATA"
    /// ```
    ///
    /// ```sddl,expect_diagnostic
    /// D:(A;;FA;;;SY)(A;;FA;;;BA)(A;;FR;;;WD)
    /// ```
    ///
    /// Use instead:
    /// ```sddl
    /// D:(A;;FA;;;SY)(A;;FA;;;BA)(A;;0x12019b;;;NS)
    /// ```
    ///
    /// ## References
    /// - [Named Pipe Security and Access Rights](https://learn.microsoft.com/windows/win32/ipc/named-pipe-security-and-access-rights)
    /// - [How DACLs Control Access to an Object](https://learn.microsoft.com/windows/win32/secauthz/how-dacls-control-access-to-an-object)
    /// - `docs/policies.md` in this repository (the policy file format)
    name: "policy-missing-access",
    category: Correctness,
    level: Error,
    fix: Sometimes,
    check: check_rule,
}

fn check_rule(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for (policy, kind) in applicable(rcx) {
        for clause in &policy.allow {
            let Some(token) = token(&clause.principal, rcx.cx) else {
                continue;
            };
            let d = match kind {
                Some(k) => with_kind(rcx, policy, clause, &token, k),
                None => without_kind(rcx, policy, clause, &token),
            };
            out.extend(d);
        }
    }
}

fn who(rcx: &RuleContext<'_>, clause: &AccessClause, token: &Token) -> String {
    named(&clause.principal, &token.user, rcx)
}

fn with_kind(
    rcx: &RuleContext<'_>,
    policy: &Policy,
    clause: &AccessClause,
    token: &Token,
    kind: ObjectKind,
) -> Option<Diagnostic> {
    let mut req = AccessRequest::new(kind, clause.mask);
    req.domain_sid = rcx.cx.domain_sid;
    let r = check(rcx.sd, token, &req);
    if r.allowed() {
        return None;
    }
    let k = Some(kind);
    let missing = match r.missing {
        0 => r.mapped_desired & !r.granted,
        m => m,
    };
    let who = who(rcx, clause, token);
    let message = format!(
        "{who} lacks {}, which {} requires",
        right_names(k, missing),
        crate::policy::named(policy)
    );
    let dacl = rcx.dacl();
    // A deny ACE that decided a missing bit.
    let blocking: Option<&Ace> = r.bits.iter().find_map(|b| match b.source {
        BitSource::Ace { index, .. } if !b.granted => dacl
            .and_then(|d| d.aces.get(index))
            .filter(|a| a.ace_type.is_deny()),
        _ => None,
    });
    let label_ace = (r.integrity.blocked & missing != 0)
        .then(|| {
            let i = r.integrity.label_index?;
            rcx.sacl()?.aces.get(i)
        })
        .flatten();
    let mut d = match (blocking, label_ace) {
        (Some(a), _) => {
            let mut d = rcx.diag(a.spans.whole, message);
            let denied = r
                .bits
                .iter()
                .filter(|b| {
                    !b.granted
                        && matches!(b.source, BitSource::Ace { span, .. } if span == a.spans.whole)
                })
                .fold(0, |m, b| m | b.bit);
            d.labels.push(rcx.trustee_label(
                a,
                format!(
                    "this deny applies to {who} and takes away {}",
                    right_names(k, denied)
                ),
            ));
            d
        }
        (None, Some(a)) => {
            let mut d = rcx.diag(a.spans.whole, message);
            d.labels.push(rcx.trustee_label(
                a,
                format!(
                    "this mandatory label takes away {}",
                    right_names(k, r.integrity.blocked & missing)
                ),
            ));
            d
        }
        (None, None) => rcx.diag(dacl_span(rcx), message),
    };
    // What it does get, and from where.
    let granting: Vec<&Ace> = r
        .pass(Pass::Normal)
        .filter(|t| matches!(t.outcome, AceOutcome::Granted(m) if m & r.mapped_desired != 0))
        .filter_map(|t| dacl.and_then(|d| d.aces.get(t.index)))
        .collect();
    let got = r.granted & r.mapped_desired;
    d.note = Some(if got != 0 && !granting.is_empty() {
        format!(
            "{who} gets {} through {}",
            right_names(k, got),
            ace_list(rcx, &granting)
        )
    } else if got != 0 {
        format!("{who} gets only {}", right_names(k, got))
    } else {
        format!("{who} gets none of {}", right_names(k, r.mapped_desired))
    });
    match suggest(rcx.sd, token, &req, &SuggestOptions::default()) {
        SuggestOutcome::Ace(s) => {
            let aces: Vec<&str> = s.aces.iter().map(|a| a.sddl.as_str()).collect();
            let ace = aces.join("");
            let deny_blocks = blocking.is_some()
                || s.warnings
                    .iter()
                    .any(|w| matches!(w, SuggestWarning::DenyAceBlocks { .. }));
            let left_out = r.mapped_desired & !s.mask & !r.granted;
            let grants = right_names(k, s.mask);
            let mut help = if deny_blocks {
                format!("remove or narrow the deny ACE, then add `{ace}` ({grants})")
            } else {
                format!("add `{ace}` ({grants}), the least-privilege ACE that grants it")
            };
            if left_out != 0 {
                help.push_str(&format!(
                    "; it leaves out {}, which an ACE for a client should not carry",
                    right_names(k, left_out)
                ));
            }
            d.help = Some(help);
            if !deny_blocks && s.aces.len() == 1 {
                if let Some(acl) = dacl {
                    let at = acl
                        .aces
                        .get(s.aces[0].index)
                        .map_or(acl.span.end, |a| a.spans.whole.start);
                    if at <= acl.span.end && !acl.span.is_empty() {
                        d.fix = Some(Fix {
                            title: format!("add `{ace}`"),
                            edits: vec![Edit {
                                span: Span::new(at, at),
                                replacement: ace.clone(),
                            }],
                            applicability: Applicability::Unsafe,
                        });
                    }
                }
            }
        }
        SuggestOutcome::NotFixable { reasons, .. } => {
            if let Some(first) = reasons.first() {
                d.help = Some(format!(
                    "no ACE can grant it: {}",
                    first.trim_end_matches('.')
                ));
            }
        }
        SuggestOutcome::AlreadyGranted => {}
    }
    Some(d)
}

/// Without a kind generic rights cannot be mapped: the rights are compared as written
/// (`maximum_allowed` keeps generic rights), and no ACE is suggested.
fn without_kind(
    rcx: &RuleContext<'_>,
    policy: &Policy,
    clause: &AccessClause,
    token: &Token,
) -> Option<Diagnostic> {
    let e = maximum_allowed(rcx.sd, token, None, rcx.cx.domain_sid);
    let missing = clause.mask & !with_generic_all(e.granted);
    if missing == 0 {
        return None;
    }
    let who = who(rcx, clause, token);
    let mut d = rcx.diag(
        dacl_span(rcx),
        format!(
            "{who} lacks {}, which {} requires",
            right_names(None, missing),
            crate::policy::named(policy)
        ),
    );
    d.help = Some(
        "say what the object is (`--type`, or `kind` in the policy) to get the least-privilege ACE"
            .into(),
    );
    Some(d)
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_policy, AGENT_PIPE_POLICY as AGENT_PIPE};

    #[test]
    fn the_default_pipe_dacl_does_not_let_network_service_write() {
        let out = check_policy(
            &super::RULE,
            "",
            AGENT_PIPE,
            &[
                "O:SYG:SYD:P(A;;GA;;;SY)(A;;GA;;;BA)(A;;0x12019b;;;NS)",
                "D:(A;;GRGW;;;AU)",
                // A kind the caller gives that is not the policy's: the policy does not apply.
            ],
            &[
                "D:(A;;FA;;;SY)(A;;FA;;;BA)(A;;FA;;;CO)(A;;FR;;;WD)(A;;FR;;;AN)",
                "D:(D;;0x2;;;WD)(A;;0x12019b;;;NS)",
                "D:",
            ],
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn a_policy_for_another_kind_does_not_apply() {
        check_policy(&super::RULE, "type=file", AGENT_PIPE, &["D:"], &[]);
        // A guess is not a statement: the policy's kind is used.
        check_policy(&super::RULE, "", AGENT_PIPE, &[], &["D:(A;;KR;;;NS)"]);
    }

    #[test]
    fn mandatory_integrity_counts_for_required_access() {
        let policy = "[[policy]]\nname = \"low\"\nkind = \"file\"\n[[policy.allow]]\nprincipal = \"low-integrity\"\nrights = \"FILE_WRITE_DATA\"\n";
        check_policy(
            &super::RULE,
            "",
            policy,
            &["D:(A;;FA;;;WD)S:(ML;;NW;;;LW)"],
            &["D:(A;;FA;;;WD)", "D:(A;;FA;;;WD)S:(ML;;NW;;;ME)"],
        );
    }

    #[test]
    fn without_a_kind_rights_compare_as_written() {
        let policy =
            "[[policy]]\nname = \"any\"\n[[policy.allow]]\nprincipal = \"BU\"\nrights = \"GR\"\n";
        let out = check_policy(
            &super::RULE,
            "",
            policy,
            &["D:(A;;GR;;;BU)", "D:(A;;GA;;;AU)"],
            &["D:(A;;GW;;;BU)"],
        );
        insta::assert_snapshot!(out);
    }
}
