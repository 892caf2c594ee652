//! Effective access per principal of the DACL.
//!
//! INTERIM: a small stand-in for the access-check engine (`sddl_core::access`, being written on
//! the `access` branch). Replace [`effective`]'s body with the engine when it lands on main.
//!
//! The rule: each principal is taken alone (group memberships are not expanded, so a user also
//! gets what Everyone, Authenticated Users and their groups get); ACEs are read in order;
//! inherit-only ACEs are skipped; a right denied before it is granted stays denied (allow minus
//! earlier deny). Callback (conditional) allow ACEs grant only when their condition holds: their
//! rights are listed apart. Callback deny ACEs count as denies (Windows applies them when the
//! condition is true or unknown). Object ACEs limited to one property or right (with an object
//! type) are listed apart too. `CREATOR OWNER` and `CREATOR GROUP` match nobody on the object
//! itself and are left out.

use super::{right_names, Ctx, Trustee};
use sddl_core::model::ace_flags;
use sddl_core::objects::map_generic;
use sddl_core::{Acl, Sid, SidRef};
use serde::Serialize;

/// What one principal is granted by the DACL on its own.
#[derive(Debug, Serialize)]
pub struct PrincipalAccess {
    /// The principal's name, else its SID.
    pub principal: String,
    pub trustee: Trustee,
    /// Rights granted outright: the combined name when exact, else each right.
    pub granted: Vec<String>,
    pub granted_mask: u32,
    /// Rights a deny ACE takes away before any allow grants them.
    pub denied: Vec<String>,
    pub denied_mask: u32,
    /// Rights granted only when a condition holds (callback ACEs).
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

struct Acc {
    sid: SidRef,
    granted: u32,
    denied: u32,
    conditional: u32,
    object: Vec<ObjectGrant>,
}

pub fn effective(acl: &Acl, ctx: &Ctx<'_>) -> Vec<PrincipalAccess> {
    let mut acc: Vec<Acc> = Vec::new();
    for ace in &acl.aces {
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
        let mask = match ctx.kind {
            Some(k) => map_generic(k, ace.mask),
            None => ace.mask,
        };
        let i = match acc.iter().position(|a| a.sid == ace.sid) {
            Some(i) => i,
            None => {
                acc.push(Acc {
                    sid: ace.sid,
                    granted: 0,
                    denied: 0,
                    conditional: 0,
                    object: Vec::new(),
                });
                acc.len() - 1
            }
        };
        let a = &mut acc[i];
        if let Some(g) = ace.object_type.filter(|_| t.is_object()) {
            let view = super::guid_view(&g, ace.mask, ctx.kind, false);
            a.object.push(ObjectGrant {
                object_type: view.guid,
                name: view.name,
                rights: right_names(ctx.kind, mask),
                allowed: t.is_allow(),
            });
            continue;
        }
        if t.is_deny() {
            a.denied |= mask & !a.granted;
        } else if t.is_callback() {
            a.conditional |= mask & !a.denied & !a.granted;
        } else {
            a.granted |= mask & !a.denied;
        }
    }
    acc.into_iter()
        .map(|a| {
            let trustee: Trustee = super::sids::name_sid_ref(&a.sid, ctx.domain).into();
            let conditional = a.conditional & !a.granted;
            PrincipalAccess {
                principal: trustee.label(),
                trustee,
                granted: right_names(ctx.kind, a.granted),
                granted_mask: a.granted,
                denied: right_names(ctx.kind, a.denied),
                denied_mask: a.denied,
                conditional: right_names(ctx.kind, conditional),
                conditional_mask: conditional,
                object_specific: a.object,
            }
        })
        .collect()
}
