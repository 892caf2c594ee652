//! Least-privilege fixes: when access is denied, the smallest allow ACE that grants it.
//!
//! The ACE names the token's own user SID (the narrowest trustee), carries exactly the rights
//! asked for minus those a client must never be given (`WRITE_DAC`, `WRITE_OWNER`, and on a
//! named pipe `FILE_CREATE_PIPE_INSTANCE`), and goes where Windows' canonical order puts an
//! explicit allow ACE: after the explicit ACEs already there, before the inherited ones. It is
//! never placed in front of a deny ACE: an allow ACE before a deny silently overrides the deny
//! for the bits they share, which is not a fix but a new hole. When a deny ACE would still block
//! the request, the suggestion says which one; the real fix is then to narrow or remove it.

use super::check::{check, describe_trustee, AccessRequest, AccessResult, BitSource, Pass, Status};
use super::token::Token;
use crate::format::{to_sddl, write_ace, FormatOptions};
use crate::model::{ace_flags, Ace, AceData, AceSpans, AceType, Acl, SecurityDescriptor};
use crate::objects::{decompose, describe_mask, ObjectKind};
use crate::rights::{ACCESS_SYSTEM_SECURITY, WRITE_DAC, WRITE_OWNER};
use crate::sid::SidRef;
use crate::span::Span;

/// `FILE_CREATE_PIPE_INSTANCE`, the same bit as `FILE_APPEND_DATA`.
pub const FILE_CREATE_PIPE_INSTANCE: u32 = 0x4;

/// Options of [`suggest`].
#[derive(Clone, Debug, Default)]
pub struct SuggestOptions {
    /// The trustee of the new ACE; default: the token's user SID.
    pub trustee: Option<SidRef>,
    /// On a named pipe, keep `FILE_CREATE_PIPE_INSTANCE` in the ACE (for a server that must
    /// create instances of a pipe it does not own).
    pub allow_create_pipe_instance: bool,
}

/// Something the caller should know about a suggestion.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum SuggestWarning {
    /// A deny ACE would still deny these bits after the change; narrow or remove it.
    DenyAceBlocks { index: usize, span: Span, bits: u32 },
    /// The mandatory label denies these bits; no ACE can grant them. Lowering the object's
    /// label or raising the caller's integrity level can.
    IntegrityBlocks { bits: u32 },
    /// These bits come only from a privilege (`ACCESS_SYSTEM_SECURITY`: SeSecurityPrivilege).
    PrivilegeNeeded { privilege: String, bits: u32 },
    /// These requested bits were left out of the ACE on purpose.
    Dropped { bits: u32, why: String },
    /// The request asks for bits the ACE leaves out: the client has to ask for
    /// `client_desired` instead to be granted access.
    ClientMustRequest { client_desired: u32 },
    /// Another pass (restricted token, AppContainer) still denies these bits.
    PassDenies { pass: Pass, bits: u32 },
}

/// One ACE to insert.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SuggestedAce {
    pub ace: Ace,
    /// Its canonical SDDL, `(A;;0x12019b;;;NS)`.
    pub sddl: String,
    /// Where it goes in the DACL (index of the new ACE).
    pub index: usize,
}

/// A least-privilege fix.
#[derive(Clone, Debug)]
pub struct Suggestion {
    /// Usually one ACE; an AppContainer token also needs one for its package SID.
    pub aces: Vec<SuggestedAce>,
    /// The descriptor with the ACEs inserted.
    pub sd: SecurityDescriptor,
    /// Its canonical SDDL.
    pub sddl: String,
    /// The mask of the (first) ACE.
    pub mask: u32,
    /// The bits that were not granted before.
    pub adds: u32,
    /// Why this ACE, in plain sentences.
    pub reasons: Vec<String>,
    pub warnings: Vec<SuggestWarning>,
    /// The check of `mask` (what the ACE grants) against the new descriptor.
    pub after: AccessResult,
    /// Whether the original request is granted after the change.
    pub fixes_request: bool,
}

/// What [`suggest`] found.
#[derive(Clone, Debug)]
pub enum SuggestOutcome {
    /// Access is already granted; nothing to add.
    AlreadyGranted,
    /// An ACE to add.
    Ace(Box<Suggestion>),
    /// No ACE can fix it (mandatory label, privilege, no DACL to add to, `MAXIMUM_ALLOWED`).
    NotFixable {
        reasons: Vec<String>,
        warnings: Vec<SuggestWarning>,
    },
}

fn right_names(kind: ObjectKind, mask: u32) -> String {
    if let Some(c) = describe_mask(kind, mask) {
        return c.name.to_string();
    }
    let names: Vec<String> = decompose(kind, mask)
        .map(|r| match r.name {
            Some(n) => n.to_string(),
            None => format!("0x{:x}", r.bit),
        })
        .collect();
    names.join(" | ")
}

fn mask_sddl(mask: u32) -> String {
    let mut s = String::new();
    crate::rights::write_mask(&mut s, mask, false);
    s
}

/// Proposes the smallest allow ACE that gives `token` the access `req` asks for on `sd`.
pub fn suggest(
    sd: &SecurityDescriptor,
    token: &Token,
    req: &AccessRequest,
    opts: &SuggestOptions,
) -> SuggestOutcome {
    let before = check(sd, token, req);
    if before.allowed() {
        return SuggestOutcome::AlreadyGranted;
    }
    let kind = req.kind;
    let mut reasons = Vec::new();
    let mut warnings = Vec::new();
    match before.status {
        Status::GenericNotMapped => {
            reasons.push(format!(
                "the request still has generic bits after mapping: {} has no generic mapping; ask for specific rights",
                kind.name()
            ));
            return SuggestOutcome::NotFixable { reasons, warnings };
        }
        Status::PrivilegeNotHeld => {
            reasons.push(
                "ACCESS_SYSTEM_SECURITY (the SACL) is granted only by an enabled SeSecurityPrivilege; no ACE grants it"
                    .into(),
            );
            warnings.push(SuggestWarning::PrivilegeNeeded {
                privilege: "SeSecurityPrivilege".into(),
                bits: ACCESS_SYSTEM_SECURITY,
            });
            return SuggestOutcome::NotFixable { reasons, warnings };
        }
        _ => {}
    }
    if before.maximum_allowed {
        reasons.push(
            "MAXIMUM_ALLOWED asks for whatever can be granted; ask for the specific rights the caller needs to get a least-privilege ACE"
                .into(),
        );
        return SuggestOutcome::NotFixable { reasons, warnings };
    }
    let Some(dacl) = sd.dacl.as_ref().filter(|d| !d.null) else {
        reasons.push(
            "the object has no DACL (or a NULL DACL), which grants everything: what denies access is not the DACL"
                .into(),
        );
        add_blockers(&before, &mut warnings);
        return SuggestOutcome::NotFixable { reasons, warnings };
    };

    // What the ACE should carry.
    let requested = before.mapped_desired;
    let mut mask = requested;
    let never = WRITE_DAC | WRITE_OWNER;
    if mask & never != 0 {
        warnings.push(SuggestWarning::Dropped {
            bits: mask & never,
            why: "WRITE_DAC and WRITE_OWNER let the trustee change the permissions or take the object; a client never needs them".into(),
        });
        mask &= !never;
    }
    if mask & ACCESS_SYSTEM_SECURITY != 0 {
        warnings.push(SuggestWarning::PrivilegeNeeded {
            privilege: "SeSecurityPrivilege".into(),
            bits: ACCESS_SYSTEM_SECURITY,
        });
        mask &= !ACCESS_SYSTEM_SECURITY;
    }
    let trustee = opts.trustee.unwrap_or(token.user);
    let who = describe_trustee(&trustee);
    if kind == ObjectKind::NamedPipe
        && mask & FILE_CREATE_PIPE_INSTANCE != 0
        && !opts.allow_create_pipe_instance
    {
        warnings.push(SuggestWarning::Dropped {
            bits: FILE_CREATE_PIPE_INSTANCE,
            why: format!(
                "on a named pipe bit 0x4 is FILE_CREATE_PIPE_INSTANCE (the same bit as FILE_APPEND_DATA, part of \
                 FILE_GENERIC_WRITE): with it {who} could create server instances of this pipe and receive, and \
                 impersonate, the clients that connect to them. A pipe client never needs it"
            ),
        });
        mask &= !FILE_CREATE_PIPE_INSTANCE;
    }
    let blocked = before.integrity.blocked & mask;
    if blocked != 0 {
        warnings.push(SuggestWarning::IntegrityBlocks { bits: blocked });
        reasons.push(format!(
            "the object's mandatory label ({} integrity) denies {} to a {} integrity caller whatever the DACL says; \
             an ACE cannot fix that part",
            before.integrity.object_level.name(),
            right_names(kind, blocked),
            before.integrity.token_level.name()
        ));
        mask &= !blocked;
    }
    if mask == 0 {
        reasons.push("nothing the request asks for can be granted by an ACE".into());
        add_blockers(&before, &mut warnings);
        return SuggestOutcome::NotFixable { reasons, warnings };
    }
    // How much of the mask the token already has.
    let mut req_mask = req.clone();
    req_mask.desired = mask;
    let now = check(sd, token, &req_mask);
    let adds = mask & !now.granted;
    if adds == 0 {
        reasons.push(format!(
            "{who} already has every right an ACE could add ({}); what is missing is blocked elsewhere",
            right_names(kind, mask)
        ));
        add_blockers(&before, &mut warnings);
        return SuggestOutcome::NotFixable { reasons, warnings };
    }
    if mask != requested {
        warnings.push(SuggestWarning::ClientMustRequest {
            client_desired: mask,
        });
    }

    // Where: after the explicit ACEs, before the inherited ones (canonical order).
    let index = dacl
        .aces
        .iter()
        .position(|a| a.flags & ace_flags::INHERITED != 0)
        .unwrap_or(dacl.aces.len());
    let make = |sid: SidRef| Ace {
        ace_type: AceType::AccessAllowed,
        flags: 0,
        mask,
        object_type: None,
        inherited_object_type: None,
        sid,
        data: AceData::None,
        spans: AceSpans::default(),
    };
    let fmt = FormatOptions {
        domain_sid: req.domain_sid,
    };
    let ace_text = |a: &Ace| {
        let mut s = String::new();
        write_ace(&mut s, a, &fmt);
        s
    };
    let mut aces = vec![SuggestedAce {
        ace: make(trustee),
        sddl: String::new(),
        index,
    }];
    if let Some(ac) = &token.app_container {
        if opts.trustee.is_none() {
            aces.push(SuggestedAce {
                ace: make(SidRef::Sid(ac.package)),
                sddl: String::new(),
                index: index + 1,
            });
            reasons.push(
                "an AppContainer process is granted a right only if both its user and its package SID (or a capability) are; \
                 the second ACE names the package SID"
                    .into(),
            );
        }
    }
    for a in &mut aces {
        a.sddl = ace_text(&a.ace);
    }
    let mut new_sd = sd.clone();
    {
        let d: &mut Acl = new_sd.dacl.as_mut().expect("checked above");
        for a in &aces {
            d.aces.insert(a.index, a.ace.clone());
        }
    }
    let sddl = to_sddl(&new_sd, &fmt);

    let after = check(&new_sd, token, &req_mask);
    let mut req_orig_after = req.clone();
    req_orig_after.desired = req.desired;
    let fixes_request = check(&new_sd, token, &req_orig_after).allowed();

    // What still blocks.
    let shift = aces.len();
    for b in &after.bits {
        if b.granted {
            continue;
        }
        match &b.source {
            BitSource::Ace {
                pass,
                index: i,
                span,
            } => {
                let orig = if *i >= index + shift { *i - shift } else { *i };
                if *pass == Pass::Normal {
                    push_deny(&mut warnings, orig, *span, b.bit);
                } else {
                    push_pass(&mut warnings, *pass, b.bit);
                }
            }
            BitSource::NotGranted { pass } if *pass != Pass::Normal => {
                push_pass(&mut warnings, *pass, b.bit)
            }
            BitSource::Integrity => warnings.push(SuggestWarning::IntegrityBlocks { bits: b.bit }),
            _ => {}
        }
    }

    let already = mask & now.granted;
    reasons.insert(
        0,
        if already != 0 {
            format!(
                "{who} already has {} but nothing grants {}",
                right_names(kind, already),
                right_names(kind, adds)
            )
        } else {
            format!(
                "nothing in the DACL grants {who} any of {}",
                right_names(kind, mask)
            )
        },
    );
    reasons.push(format!(
        "the ACE {} names {who} alone (not Everyone or Authenticated Users) and carries exactly {} = {}: the whole \
         need, so it keeps working if broader ACEs are later removed, and nothing more",
        aces[0].sddl,
        mask_sddl(mask),
        right_names(kind, mask)
    ));
    reasons.push(if index < dacl.aces.len() {
        format!(
            "it goes at position {index}, after the explicit ACEs and before the inherited ones (Windows' canonical order)"
        )
    } else {
        format!(
            "it goes at the end of the DACL (position {index}), after every existing ACE: an allow ACE placed before a deny \
             ACE would silently override that deny"
        )
    });
    if !fixes_request && after.allowed() {
        reasons.push(format!(
            "the caller must ask for {} rather than {}: the rights left out of the ACE are still part of its request",
            mask_sddl(mask),
            mask_sddl(requested)
        ));
    }

    SuggestOutcome::Ace(Box::new(Suggestion {
        aces,
        sd: new_sd,
        sddl,
        mask,
        adds,
        reasons,
        warnings,
        after,
        fixes_request,
    }))
}

fn push_deny(w: &mut Vec<SuggestWarning>, index: usize, span: Span, bit: u32) {
    for x in w.iter_mut() {
        if let SuggestWarning::DenyAceBlocks {
            index: i, bits: b, ..
        } = x
        {
            if *i == index {
                *b |= bit;
                return;
            }
        }
    }
    w.push(SuggestWarning::DenyAceBlocks {
        index,
        span,
        bits: bit,
    });
}

fn push_pass(w: &mut Vec<SuggestWarning>, pass: Pass, bit: u32) {
    for x in w.iter_mut() {
        if let SuggestWarning::PassDenies { pass: p, bits } = x {
            if *p == pass {
                *bits |= bit;
                return;
            }
        }
    }
    w.push(SuggestWarning::PassDenies { pass, bits: bit });
}

fn add_blockers(r: &AccessResult, w: &mut Vec<SuggestWarning>) {
    if r.integrity.blocked & r.mapped_desired != 0 {
        w.push(SuggestWarning::IntegrityBlocks {
            bits: r.integrity.blocked & r.mapped_desired,
        });
    }
    for b in &r.bits {
        if !b.granted {
            if let BitSource::Ace {
                pass: Pass::Normal,
                index,
                span,
            } = &b.source
            {
                push_deny(w, *index, *span, b.bit);
            }
        }
    }
}
