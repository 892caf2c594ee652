use super::{dacl_aces, delete_ace, has, is_unconditional_allow, right_names, who};
use crate::diagnostic::{Applicability, Diagnostic};
use crate::effective::mapped;
use crate::principals::{self, NETWORK};
use crate::registry::{declare_rule, RuleContext};
use sddl_core::model::ace_flags;
use sddl_core::objects::ObjectKind;

declare_rule! {
    /// ## What it does
    /// On a named pipe, flags an ACE that grants access to `NU` (NETWORK, every network
    /// logon), unless `NU` is one of the intended clients.
    ///
    /// ## Why is this bad?
    /// Named pipes are reachable from other machines over SMB (`\\server\pipe\name`). The
    /// `NETWORK` group is in the token of remote callers only, so an ACE for it exists to let
    /// remote callers in. A pipe meant for local clients (most service pipes) should deny
    /// `NU` instead, or use `PIPE_REJECT_REMOTE_CLIENTS`.
    ///
    /// ## Example
    /// <!-- type=pipe -->
    /// ```sddl,expect_diagnostic
    /// D:(A;;GA;;;SY)(A;;0x12019b;;;NU)
    /// ```
    ///
    /// Use instead:
    /// <!-- type=pipe -->
    /// ```sddl
    /// D:(D;;GA;;;NU)(A;;GA;;;SY)(A;;0x12019b;;;IU)
    /// ```
    ///
    /// ## References
    /// - [Named Pipe Security and Access Rights](https://learn.microsoft.com/windows/win32/ipc/named-pipe-security-and-access-rights)
    /// - [CreateNamedPipe: `PIPE_REJECT_REMOTE_CLIENTS`](https://learn.microsoft.com/windows/win32/api/winbase/nf-winbase-createnamedpipea)
    /// - [Well-known SIDs: NETWORK](https://learn.microsoft.com/windows/win32/secauthz/well-known-sids)
    name: "network-logon-pipe-access",
    category: Security,
    level: Warning,
    fix: Always,
    check: check,
}

fn check(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    if rcx.known_kind() != Some(ObjectKind::NamedPipe)
        || rcx
            .cx
            .clients
            .iter()
            .any(|c| principals::is(&c.sid, &NETWORK))
    {
        return;
    }
    let kind = Some(ObjectKind::NamedPipe);
    for (_, _, ace) in dacl_aces(rcx) {
        if !is_unconditional_allow(ace)
            || !principals::is(&ace.sid, &NETWORK)
            || has(ace, ace_flags::INHERIT_ONLY)
            || ace.mask == 0
        {
            continue;
        }
        let mut d = rcx.diag(
            ace.spans.trustee,
            format!("{} lets remote callers open this pipe", who(rcx, ace)),
        );
        d.labels.push(crate::Label {
            span: ace.spans.rights,
            text: format!("grants {}", right_names(kind, mapped(ace, kind))),
        });
        d.note = Some("named pipes are reachable over SMB from other machines, and only remote (network) logons hold `NU`".into());
        d.help = Some("remove the ACE; to keep remote callers out whatever else the DACL grants, put `(D;;GA;;;NU)` first".into());
        d.fix = Some(delete_ace(ace, Applicability::Unsafe));
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
            "type=pipe",
            &["D:(D;;GA;;;NU)(A;;GA;;;SY)", "D:(A;;GR;;;IU)"],
            &["D:(A;;GA;;;SY)(A;;0x12019b;;;NU)", "D:(A;;GR;;;NU)"],
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn other_kinds_and_remote_clients() {
        check(&super::RULE, "type=file", &["D:(A;;FR;;;NU)"], &[]);
        check(&super::RULE, "", &["D:(A;;FR;;;NU)"], &[]);
        check(
            &super::RULE,
            "type=pipe client=NU",
            &["D:(A;;0x12019b;;;NU)"],
            &[],
        );
    }
}
