//! Effective access per principal of the DACL, from the access-check engine.
//!
//! Each principal named by an access ACE of the DACL gets the token Windows would give it
//! (`sddl_core::access::presets::token_for_sid`: a preset for well-known accounts, otherwise
//! the user with Everyone, Authenticated Users and Users), and the engine answers
//! `MAXIMUM_ALLOWED` on the object kind (`sddl_core::access::maximum_allowed`, which keeps
//! generic rights as written when the kind is unknown). So a principal also gets what its
//! groups get (Authenticated Users ACEs count for NETWORK SERVICE), deny ACEs for its groups
//! take rights away, the owner's implicit rights count, and so does the mandatory label.
//! Callback (conditional) allow ACEs whose condition the token does not satisfy are listed
//! apart; object ACEs limited to one property or right (with an object type) too. `CREATOR
//! OWNER` and `CREATOR GROUP` match nobody on the object itself and are left out.

use super::{right_names, Ctx, Trustee};
use sddl_core::access::presets::token_for_sid;
use sddl_core::access::{maximum_allowed, AceOutcome, Pass, SkipReason};
use sddl_core::model::ace_flags;
use sddl_core::objects::map_generic;
use sddl_core::rights::{READ_CONTROL, WRITE_DAC};
use sddl_core::{SecurityDescriptor, Sid, SidRef};
use serde::Serialize;

/// What one principal is granted, its groups included.
#[derive(Debug, Serialize)]
pub struct PrincipalAccess {
    /// The principal's name, else its SID.
    pub principal: String,
    pub trustee: Trustee,
    /// Rights granted outright: the combined name when exact, else each right.
    pub granted: Vec<String>,
    pub granted_mask: u32,
    /// Rights a deny ACE (for the principal or one of its groups) takes away before anything
    /// grants them.
    pub denied: Vec<String>,
    pub denied_mask: u32,
    /// Rights the DACL would grant that the mandatory label takes away: the principal's
    /// integrity level is below the object's (an unlabelled object is Medium; anonymous
    /// logons are Untrusted).
    pub integrity_blocked: Vec<String>,
    pub integrity_blocked_mask: u32,
    /// Rights granted only when a condition holds (callback allow ACEs whose condition the
    /// principal's token does not satisfy).
    pub conditional: Vec<String>,
    pub conditional_mask: u32,
    /// Rights granted on one property, property set or extended right only (object ACEs).
    pub object_specific: Vec<ObjectGrant>,
}

#[derive(Debug, Serialize)]
pub struct ObjectGrant {
    pub object_type: String,
    /// The GUID's name, when known.
    pub name: Option<&'static str>,
    pub rights: Vec<String>,
    pub allowed: bool,
}

const CREATOR_OWNER: Sid = Sid::from_parts(3, &[0]);
const CREATOR_GROUP: Sid = Sid::from_parts(3, &[1]);

/// The principals of the DACL in order of first appearance: trustees of access ACEs that apply
/// to the object, without the creator placeholders.
fn principals(sd: &SecurityDescriptor) -> Vec<SidRef> {
    let mut out: Vec<SidRef> = Vec::new();
    for ace in sd.dacl.iter().flat_map(|d| d.aces.iter()) {
        let t = ace.ace_type;
        if !(t.is_allow() || t.is_deny()) || ace.flags & ace_flags::INHERIT_ONLY != 0 {
            continue;
        }
        // CREATOR OWNER and CREATOR GROUP are placeholders for inheritance: no token holds them.
        if ace
            .sid
            .sid()
            .is_some_and(|s| *s == CREATOR_OWNER || *s == CREATOR_GROUP)
        {
            continue;
        }
        if !out.contains(&ace.sid) {
            out.push(ace.sid);
        }
    }
    out
}

pub fn effective(sd: &SecurityDescriptor, ctx: &Ctx<'_>) -> Vec<PrincipalAccess> {
    let Some(acl) = sd.dacl.as_ref() else {
        return Vec::new();
    };
    let mask_of = |m: u32| ctx.kind.map_or(m, |k| map_generic(k, m));
    principals(sd)
        .into_iter()
        .map(|sid| {
            let token = token_for_sid(&sid, ctx.domain);
            let e = maximum_allowed(sd, &token, ctx.kind, ctx.domain.copied());
            let mut conditional = 0;
            let mut object = Vec::new();
            for t in e.result.pass(Pass::Normal) {
                let Some(ace) = acl.aces.get(t.index) else {
                    continue;
                };
                match &t.outcome {
                    AceOutcome::Skipped(SkipReason::Condition(_)) if ace.ace_type.is_allow() => {
                        conditional |= mask_of(ace.mask);
                    }
                    AceOutcome::Skipped(SkipReason::ObjectTypeNotRequested) => {
                        if let Some(g) = ace.object_type {
                            let view = super::guid_view(&g, ace.mask, ctx.kind, false);
                            object.push(ObjectGrant {
                                object_type: view.guid,
                                name: view.name,
                                rights: right_names(ctx.kind, mask_of(ace.mask)),
                                allowed: ace.ace_type.is_allow(),
                            });
                        }
                    }
                    _ => {}
                }
            }
            let conditional = conditional & !e.granted & !e.denied;
            let blocked = if e.result.integrity.blocked == 0 {
                0
            } else {
                let mut exempt = token.clone();
                exempt.mandatory_policy.no_write_up = false;
                maximum_allowed(sd, &exempt, ctx.kind, ctx.domain.copied()).granted & !e.granted
            };
            let trustee: Trustee = super::sids::name_sid_ref(&sid, ctx.domain).into();
            PrincipalAccess {
                principal: trustee.label(),
                trustee,
                granted: right_names(ctx.kind, e.granted),
                granted_mask: e.granted,
                denied: right_names(ctx.kind, e.denied),
                denied_mask: e.denied,
                integrity_blocked: right_names(ctx.kind, blocked),
                integrity_blocked_mask: blocked,
                conditional: right_names(ctx.kind, conditional),
                conditional_mask: conditional,
                object_specific: object,
            }
        })
        .collect()
}

/// The rights the owner gets whatever the DACL says, as the engine grants them to the owner's
/// token: `READ_CONTROL` and `WRITE_DAC`, unless an `OWNER RIGHTS` ACE replaces them (or the
/// mandatory label takes `WRITE_DAC` away from a lower-integrity owner). `None` when the
/// descriptor has no owner, or no DACL or a NULL one (everything is granted then).
pub fn owner_implicit_rights(sd: &SecurityDescriptor, ctx: &Ctx<'_>) -> Option<Vec<&'static str>> {
    let owner = sd.owner.as_ref()?;
    if sd.dacl.as_ref().is_none_or(|d| d.null) {
        return None;
    }
    let token = token_for_sid(&owner.sid, ctx.domain);
    let e = maximum_allowed(sd, &token, ctx.kind, ctx.domain.copied());
    let implicit = e.result.owner.implicit;
    let names: Vec<&'static str> = [(READ_CONTROL, "READ_CONTROL"), (WRITE_DAC, "WRITE_DAC")]
        .into_iter()
        .filter(|(bit, _)| implicit & bit != 0)
        .map(|(_, n)| n)
        .collect();
    (!names.is_empty()).then_some(names)
}
