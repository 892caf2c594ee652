use super::{effective_for, mask_text, named, replace, right_names};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::effective::token_for;
use crate::registry::{declare_rule, RuleContext};
use crate::PipeMode;
use sddl_core::access::{AceOutcome, Pass};
use sddl_core::model::{ace_flags, AceType};
use sddl_core::objects::{map_generic, ObjectKind};
use sddl_core::Span;

/// `GENERIC_WRITE` on a pipe without `FILE_CREATE_PIPE_INSTANCE`: what an inbound pipe's
/// client needs.
pub(crate) const INBOUND_CLIENT: u32 = 0x0012_0116 & !0x4;
/// `GENERIC_READ` on a pipe: what an outbound pipe's client needs.
pub(crate) const OUTBOUND_CLIENT: u32 = 0x0012_0089;

declare_rule! {
    /// ## What it does
    /// On an inbound or outbound named pipe (`pipe-mode=inbound`/`outbound`), flags an
    /// intended client that the DACL does not grant what it opens the pipe with.
    ///
    /// ## Why is this bad?
    /// The client of an inbound pipe (data flows to the server) opens it with `GENERIC_WRITE`,
    /// which needs `0x120112` (`FILE_GENERIC_WRITE` without `FILE_CREATE_PIPE_INSTANCE`, which
    /// the named-pipe file system does not check for clients); the client of an outbound pipe
    /// opens it with `GENERIC_READ` (`FR`, `0x120089`). Without it the client gets
    /// `ERROR_ACCESS_DENIED`. Duplex pipes have their own rule,
    /// `duplex-pipe-read-only-client`.
    ///
    /// ## Example
    /// <!-- type=pipe pipe-mode=inbound client=LS -->
    /// ```sddl,expect_diagnostic
    /// D:(A;;GA;;;SY)(A;;GR;;;WD)
    /// ```
    ///
    /// Use instead:
    /// <!-- type=pipe pipe-mode=inbound client=LS -->
    /// ```sddl
    /// D:(A;;GA;;;SY)(A;;0x120112;;;LS)
    /// ```
    ///
    /// ## References
    /// - [Named Pipe Security and Access Rights](https://learn.microsoft.com/windows/win32/ipc/named-pipe-security-and-access-rights)
    /// - [CreateNamedPipe](https://learn.microsoft.com/windows/win32/api/winbase/nf-winbase-createnamedpipea)
    name: "pipe-client-missing-access",
    category: Correctness,
    level: Error,
    fix: Sometimes,
    check: check,
}

fn check(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    check_clients(rcx, out, PipeMode::Inbound, INBOUND_CLIENT);
    check_clients(rcx, out, PipeMode::Outbound, OUTBOUND_CLIENT);
}

/// Flags each intended client of a pipe opened in `mode` that does not get `required`.
pub(crate) fn check_clients(
    rcx: &RuleContext<'_>,
    out: &mut Vec<Diagnostic>,
    mode: PipeMode,
    required: u32,
) {
    if rcx.cx.pipe_mode != Some(mode) || rcx.known_kind() != Some(ObjectKind::NamedPipe) {
        return;
    }
    let Some(acl) = rcx.sd.dacl.as_ref() else {
        return;
    };
    let kind = Some(ObjectKind::NamedPipe);
    for client in &rcx.cx.clients {
        let token = token_for(&client.sid, rcx.cx);
        let access = effective_for(rcx, &token);
        let missing = required & !access.granted;
        if missing == 0 {
            continue;
        }
        let c = named(&client.text, &client.sid, rcx);
        let (read, write) = (access.granted & 0x1 != 0, access.granted & 0x2 != 0);
        let message = match (mode, read, write) {
            (PipeMode::Duplex, true, false) => {
                format!("{c} can read this duplex pipe but not write to it")
            }
            (_, false, false) if access.granted == 0 => {
                format!("{c} gets no access to this {mode} pipe")
            }
            _ => format!(
                "{c} cannot open this {mode} pipe: it lacks {}",
                right_names(kind, missing)
            ),
        };
        // Point at what decides, as the engine's trace tells: a deny that takes away a needed
        // right, else the ACE that gives the client something, else the DACL itself.
        let mut blocking = None;
        let mut granting = None;
        for t in access.result.pass(Pass::Normal) {
            let Some(a) = acl.aces.get(t.index) else {
                continue;
            };
            match t.outcome {
                AceOutcome::Denied(m) if m & required != 0 && blocking.is_none() => {
                    blocking = Some(a);
                }
                AceOutcome::Granted(m) if m != 0 && granting.is_none() => granting = Some(a),
                _ => {}
            }
        }
        let dacl_head = Span::new(acl.span.start, (acl.span.start + 2).min(acl.span.end));
        let mut d = match (blocking, granting) {
            (Some(a), _) => {
                let mut d = rcx.diag(a.spans.rights, message);
                d.labels.push(rcx.trustee_label(
                    a,
                    format!(
                        "this deny applies to {c} and takes away {}",
                        right_names(kind, m_and(a.mask, access.denied & required))
                    ),
                ));
                d
            }
            (None, Some(a)) => {
                let mut d = rcx.diag(a.spans.rights, message);
                d.labels.push(rcx.trustee_label(
                    a,
                    format!(
                        "{c} gets {} through this ACE",
                        right_names(
                            kind,
                            map_generic(ObjectKind::NamedPipe, a.mask) & access.granted
                        )
                    ),
                ));
                d
            }
            (None, None) => rcx.diag(dacl_head, message),
        };
        let opens = match mode {
            PipeMode::Duplex => "`GENERIC_READ | GENERIC_WRITE` (`0x12019f` on a pipe)",
            PipeMode::Inbound => "`GENERIC_WRITE` (`0x120116` on a pipe)",
            PipeMode::Outbound => "`GENERIC_READ` (`0x120089` on a pipe)",
        };
        let article = if mode == PipeMode::Duplex { "a" } else { "an" };
        let except = if mode == PipeMode::Outbound {
            ""
        } else {
            " except `FILE_CREATE_PIPE_INSTANCE` (`0x4`), which clients are not checked for"
        };
        d.note = Some(format!(
            "a client of {article} {mode} pipe opens it with {opens}; Windows refuses the open with `ERROR_ACCESS_DENIED` unless the DACL grants all of it{except}"
        ));
        let mask = mask_text(required, false);
        let ace = format!("(A;;{mask};;;{})", client.text);
        d.help = Some(if blocking.is_some() {
            format!("remove or narrow the deny ACE, then add `{ace}`")
        } else {
            match mode {
                PipeMode::Duplex => format!("add `{ace}`: `FILE_GENERIC_READ | FILE_GENERIC_WRITE` without `FILE_CREATE_PIPE_INSTANCE` (`0x4`), so the client can read and write but not create pipe instances"),
                PipeMode::Inbound => format!("add `{ace}`: `FILE_GENERIC_WRITE` without `FILE_CREATE_PIPE_INSTANCE` (`0x4`), so the client can write but not create pipe instances"),
                PipeMode::Outbound => format!("add `{ace}`: `FILE_GENERIC_READ`, so the client can read"),
            }
        });
        if blocking.is_none() && !acl.null {
            d.fix = Some(grant_fix(rcx, acl, client, required));
        }
        out.push(d);
    }
}

fn m_and(mask: u32, bits: u32) -> u32 {
    map_generic(ObjectKind::NamedPipe, mask) & bits
}

/// Widen the client's own explicit ACE, or add one before the inherited ACEs.
fn grant_fix(
    rcx: &RuleContext<'_>,
    acl: &sddl_core::Acl,
    client: &crate::Principal,
    required: u32,
) -> Fix {
    let own = acl.aces.iter().find(|a| {
        a.ace_type == AceType::AccessAllowed
            && a.sid == client.sid
            && a.flags & (ace_flags::INHERIT_ONLY | ace_flags::INHERITED) == 0
            && !rcx.text(a.spans.rights).is_empty()
    });
    if let Some(a) = own {
        let mask = map_generic(ObjectKind::NamedPipe, a.mask) | required;
        let text = mask_text(mask, false);
        return Fix {
            title: format!("grant `{}` `{text}`", client.text),
            edits: vec![replace(a.spans.rights, text)],
            applicability: Applicability::Unsafe,
        };
    }
    let at = acl
        .aces
        .iter()
        .find(|a| a.flags & ace_flags::INHERITED != 0)
        .map_or(acl.span.end, |a| a.spans.whole.start);
    let ace = format!("(A;;{};;;{})", mask_text(required, false), client.text);
    Fix {
        title: format!("add `{ace}`"),
        edits: vec![Edit {
            span: Span::new(at, at),
            replacement: ace,
        }],
        applicability: Applicability::Unsafe,
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check;

    #[test]
    fn inbound() {
        let out = check(
            &super::RULE,
            "type=pipe pipe-mode=inbound client=LS",
            &["D:(A;;0x120112;;;LS)", "D:(A;;GW;;;AU)", "D:(A;;FA;;;WD)"],
            &["D:(A;;GA;;;SY)(A;;GR;;;WD)", "D:(A;;0x100002;;;LS)"],
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn outbound() {
        let out = check(
            &super::RULE,
            "type=pipe pipe-mode=outbound client=S-1-5-21-1-2-3-1001",
            &["D:(A;;FR;;;S-1-5-21-1-2-3-1001)", "D:(A;;GR;;;BU)"],
            &["D:(A;;GA;;;SY)(A;;GW;;;BU)"],
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn duplex_is_left_to_its_own_rule() {
        check(
            &super::RULE,
            "type=pipe pipe-mode=duplex client=NS",
            &["D:(A;;GR;;;NS)"],
            &[],
        );
    }
}
