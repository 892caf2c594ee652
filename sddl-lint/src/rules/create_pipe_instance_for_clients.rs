use super::{broad_takeover, dacl_aces, is_plain_allow, mask_text, replace, who};
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::effective::mapped;
use crate::principals;
use crate::registry::{declare_rule, RuleContext};
use sddl_core::objects::ObjectKind;

/// `FILE_CREATE_PIPE_INSTANCE` (the same bit as `FILE_APPEND_DATA`).
const CREATE_INSTANCE: u32 = 0x4;

declare_rule! {
    /// ## What it does
    /// On a named pipe, flags an ACE that grants `FILE_CREATE_PIPE_INSTANCE` (`0x4`) to a
    /// broad group or to an intended client. `GENERIC_WRITE`, `FW` and `GA` include it: on a
    /// pipe, `FILE_APPEND_DATA` *is* `FILE_CREATE_PIPE_INSTANCE`. (Full control is
    /// `everyone-full-control`'s.)
    ///
    /// ## Why is this bad?
    /// Whoever holds `FILE_CREATE_PIPE_INSTANCE` can create another server end of the pipe
    /// and wait: clients that connect to that instance talk to the attacker, who reads what
    /// they send and can impersonate them (pipe squatting). Clients never need the right to
    /// connect: the named-pipe file system does not check it for them.
    ///
    /// ## Example
    /// <!-- type=pipe -->
    /// ```sddl,expect_diagnostic
    /// D:(A;;GA;;;SY)(A;;GRGW;;;AU)
    /// ```
    ///
    /// Use instead:
    /// <!-- type=pipe -->
    /// ```sddl
    /// D:(A;;GA;;;SY)(A;;0x12019b;;;AU)
    /// ```
    ///
    /// ## References
    /// - [Named Pipe Security and Access Rights](https://learn.microsoft.com/windows/win32/ipc/named-pipe-security-and-access-rights)
    /// - [File Access Rights Constants](https://learn.microsoft.com/windows/win32/fileio/file-access-rights-constants)
    /// - [CWE-732: Incorrect Permission Assignment for Critical Resource](https://cwe.mitre.org/data/definitions/732.html)
    name: "create-pipe-instance-for-clients",
    category: Security,
    level: Error,
    fix: Always,
    check: check,
}

fn check(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    if rcx.known_kind() != Some(ObjectKind::NamedPipe) {
        return;
    }
    let kind = Some(ObjectKind::NamedPipe);
    for (acl, i, ace) in dacl_aces(rcx) {
        let client = rcx.cx.clients.iter().any(|c| c.sid == ace.sid);
        if !is_plain_allow(ace)
            || principals::is_privileged(&ace.sid)
            || !(client || principals::is_broad(&ace.sid))
            || broad_takeover(rcx, acl, i).is_some()
        {
            continue;
        }
        if super::granted_to_trustee(rcx, acl, i, kind, CREATE_INSTANCE) == 0 {
            continue;
        }
        let mut d = rcx.diag(
            ace.spans.rights,
            format!(
                "{} can create instances of this pipe (`FILE_CREATE_PIPE_INSTANCE`)",
                who(rcx, ace)
            ),
        );
        d.labels.push(rcx.trustee_label(
            ace,
            if client {
                "an intended client"
            } else {
                "a broad group"
            },
        ));
        d.note = Some("a caller that can create pipe instances can stand up its own server end, receive what clients send and impersonate them; on a pipe, `GENERIC_WRITE` and `FW` include this right".into());
        let rest = mapped(ace, kind) & !CREATE_INSTANCE;
        if rest == 0 {
            d.help = Some(
                "remove the ACE: clients do not need `FILE_CREATE_PIPE_INSTANCE` to connect".into(),
            );
            d.fix = Some(super::delete_ace(ace, Applicability::Unsafe));
        } else {
            let fixed = mask_text(rest, false);
            d.help = Some(format!(
                "grant `{fixed}` instead: the same rights without `FILE_CREATE_PIPE_INSTANCE` (`0x4`), which clients do not need to connect"
            ));
            d.fix = Some(Fix {
                title: format!("grant `{fixed}`"),
                edits: vec![replace(ace.spans.rights, fixed)],
                applicability: Applicability::Unsafe,
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
            "type=pipe client=NS",
            &[
                "D:(A;;GA;;;SY)(A;;0x12019b;;;AU)",
                "D:(A;;GA;;;BA)",
                "D:(A;;FW;;;S-1-5-21-1-2-3-1001)",
                "D:(D;;0x4;;;WD)(A;;FW;;;WD)",
                "D:(A;;GA;;;WD)",
            ],
            &[
                "D:(A;;GA;;;SY)(A;;GRGW;;;AU)",
                "D:(A;;FW;;;NS)",
                "D:(A;;0x4;;;BU)",
            ],
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn only_pipes() {
        check(&super::RULE, "type=file", &["D:(A;;FW;;;AU)"], &[]);
    }
}
