//! What a principal effectively gets from a DACL.
//!
//! **An approximation**, to be replaced by the access-check engine (`sddl_core::access`, being
//! written on its own branch): every rule asks through [`effective`], [`granted_by_ace`] and
//! [`subject_for`], so the swap is made here alone. What it does:
//! - walks the DACL in order, as `AccessCheck` does: an allow ACE grants the bits not denied
//!   earlier, a deny ACE denies the bits not granted earlier (first decision wins per bit);
//! - skips inherit-only ACEs (they apply to children, not to the object);
//! - skips callback (conditional) ACEs, whose conditions it cannot evaluate, and object ACEs
//!   that carry a GUID (they grant on one property, right or class only);
//! - maps generic rights for the object kind (unmapped when the kind is unknown);
//! - decides membership from an approximate token ([`subject_for`]): the principal, Everyone,
//!   and for non-anonymous principals Authenticated Users and Users; SYSTEM is an
//!   administrator; LOCAL SERVICE and NETWORK SERVICE are services.
//!
//! It does not know privileges, the owner's implicit rights, restricted SIDs, integrity labels,
//! group memberships beyond those, or conditional expressions.

use crate::context::LintContext;
use crate::principals as p;
use sddl_core::model::{ace_flags, Ace, AceType, Acl};
use sddl_core::objects::{map_generic, ObjectKind, STANDARD_RIGHTS_REQUIRED};
use sddl_core::rights::GENERIC_ALL;
use sddl_core::{Sid, SidRef};

/// The SIDs a principal's token is taken to hold.
#[derive(Clone, Debug)]
pub(crate) struct Subject {
    pub sids: Vec<SidRef>,
}

impl Subject {
    pub fn holds(&self, sid: &SidRef) -> bool {
        self.sids.contains(sid)
    }
}

/// The approximate token of `principal` (see the module docs).
pub(crate) fn subject_for(principal: &SidRef, cx: &LintContext) -> Subject {
    let mut sids = vec![*principal];
    let mut add = |s: Sid| {
        let r = SidRef::Sid(s);
        if !sids.contains(&r) {
            sids.push(r);
        }
    };
    let anonymous = p::is(principal, &p::ANONYMOUS);
    if !anonymous || cx.everyone_includes_anonymous {
        add(p::EVERYONE);
    }
    if anonymous {
        add(p::NETWORK);
    } else if !p::is(principal, &p::EVERYONE) {
        add(p::AUTHENTICATED_USERS);
        add(p::USERS);
    }
    if p::is(principal, &p::SYSTEM) {
        add(p::ADMINISTRATORS);
    }
    if p::is(principal, &p::LOCAL_SERVICE) || p::is(principal, &p::NETWORK_SERVICE) {
        add(p::SERVICE);
    }
    Subject { sids }
}

/// The subject every member of the group `trustee` is sure to be: the group and Everyone
/// (Anonymous only when the policy says so).
pub(crate) fn members_of(trustee: &SidRef, cx: &LintContext) -> Subject {
    let mut sids = vec![*trustee];
    if !p::is(trustee, &p::ANONYMOUS) || cx.everyone_includes_anonymous {
        let wd = SidRef::Sid(p::EVERYONE);
        if !sids.contains(&wd) {
            sids.push(wd);
        }
    }
    Subject { sids }
}

/// The access mask of an ACE for the object kind: generic rights mapped when the kind is known.
/// When it is not, generic rights stay, and `GENERIC_ALL` also counts as the standard rights
/// every kind's full control includes (`DELETE`, `READ_CONTROL`, `WRITE_DAC`, `WRITE_OWNER`).
pub(crate) fn mapped(ace: &Ace, kind: Option<ObjectKind>) -> u32 {
    match kind {
        Some(k) => map_generic(k, ace.mask),
        None if ace.mask & GENERIC_ALL != 0 => ace.mask | STANDARD_RIGHTS_REQUIRED,
        None => ace.mask,
    }
}

/// What a deny ACE takes away: its mapped mask, or everything for `GENERIC_ALL` when the kind
/// is unknown (it then covers whatever the other generic rights map to).
fn denied_by(ace: &Ace, kind: Option<ObjectKind>) -> u32 {
    if kind.is_none() && ace.mask & GENERIC_ALL != 0 {
        u32::MAX
    } else {
        mapped(ace, kind)
    }
}

/// Whether the ACE takes part in the access check of the object itself.
pub(crate) fn applies_to_object(ace: &Ace) -> bool {
    ace.flags & ace_flags::INHERIT_ONLY == 0
}

/// Whether this approximation understands the ACE as a plain allow or deny.
fn plain(ace: &Ace) -> Option<bool> {
    match ace.ace_type {
        AceType::AccessAllowed => Some(true),
        AceType::AccessDenied => Some(false),
        AceType::AccessAllowedObject | AceType::AccessDeniedObject
            if ace.object_type.is_none() && ace.inherited_object_type.is_none() =>
        {
            Some(ace.ace_type == AceType::AccessAllowedObject)
        }
        _ => None,
    }
}

/// Granted and denied bits after walking a DACL.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Access {
    pub granted: u32,
    pub denied: u32,
}

/// What `subject` gets from `dacl` on the object itself. A NULL DACL grants everything.
pub(crate) fn effective(dacl: &Acl, kind: Option<ObjectKind>, subject: &Subject) -> Access {
    if dacl.null {
        return Access {
            granted: u32::MAX,
            denied: 0,
        };
    }
    let mut acc = Access::default();
    for ace in &dacl.aces {
        if !applies_to_object(ace) || !subject.holds(&ace.sid) {
            continue;
        }
        let Some(allow) = plain(ace) else { continue };
        let m = mapped(ace, kind);
        if allow {
            acc.granted |= m & !acc.denied;
        } else {
            acc.denied |= denied_by(ace, kind) & !acc.granted;
        }
    }
    acc
}

/// The bits ACE `index` of `dacl` grants to `subject` that no earlier ACE denied to it. Earlier
/// ACEs count when they apply where this one does: on the object for an effective ACE; for an
/// inherit-only ACE, the earlier ACEs with the same inheritance flags.
pub(crate) fn granted_by_ace(
    dacl: &Acl,
    index: usize,
    kind: Option<ObjectKind>,
    subject: &Subject,
) -> u32 {
    let ace = &dacl.aces[index];
    let inherit = ace_flags::OBJECT_INHERIT | ace_flags::CONTAINER_INHERIT;
    let mut denied = 0;
    let mut granted = 0;
    for earlier in &dacl.aces[..index] {
        let same_scope = if applies_to_object(ace) {
            applies_to_object(earlier)
        } else {
            earlier.flags & inherit == ace.flags & inherit
        };
        if !same_scope || !subject.holds(&earlier.sid) {
            continue;
        }
        match plain(earlier) {
            Some(true) => granted |= mapped(earlier, kind) & !denied,
            Some(false) => denied |= denied_by(earlier, kind) & !granted,
            None => {}
        }
    }
    mapped(ace, kind) & !denied
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dacl(text: &str) -> Acl {
        let p = sddl_core::parse(text, &Default::default());
        assert!(p.errors.is_empty(), "{text}: {:?}", p.errors);
        p.sd.dacl.unwrap()
    }

    fn who(text: &str) -> SidRef {
        crate::Principal::parse(text, None).unwrap().sid
    }

    #[test]
    fn first_decision_wins_per_bit() {
        let cx = LintContext::default();
        let ns = subject_for(&who("NS"), &cx);
        let pipe = Some(ObjectKind::NamedPipe);
        // Deny write to Everyone, then allow everything to NS: write stays denied.
        let a = effective(&dacl("D:(D;;0x2;;;WD)(A;;GA;;;NS)"), pipe, &ns);
        assert_eq!(a.granted, 0x1f01ff & !0x2);
        assert_eq!(a.denied, 0x2);
        // Allow before deny: the deny comes too late.
        let a = effective(&dacl("D:(A;;GA;;;NS)(D;;0x2;;;WD)"), pipe, &ns);
        assert_eq!(a.granted, 0x1f01ff);
        // Inherit-only ACEs and other principals do not count.
        let a = effective(&dacl("D:(A;OICIIO;GA;;;NS)(A;;GA;;;SY)"), pipe, &ns);
        assert_eq!(a.granted, 0);
        // Authenticated Users covers NS, not anonymous.
        let a = effective(&dacl("D:(A;;GR;;;AU)"), pipe, &ns);
        assert_eq!(a.granted, 0x120089);
        let an = subject_for(&who("AN"), &cx);
        assert_eq!(effective(&dacl("D:(A;;GR;;;WD)"), pipe, &an).granted, 0);
        let policy = LintContext {
            everyone_includes_anonymous: true,
            ..Default::default()
        };
        let an = subject_for(&who("AN"), &policy);
        assert_eq!(
            effective(&dacl("D:(A;;GR;;;WD)"), pipe, &an).granted,
            0x120089
        );
    }

    #[test]
    fn granted_by_one_ace() {
        let cx = LintContext::default();
        let d = dacl("D:(D;;WDWO;;;WD)(A;;GA;;;WD)(A;OICIIO;GA;;;WD)");
        let wd = members_of(&who("WD"), &cx);
        let f = Some(ObjectKind::File);
        assert_eq!(granted_by_ace(&d, 1, f, &wd), 0x1f01ff & !0xc0000);
        // The inherit-only ACE is not covered by the effective deny.
        assert_eq!(granted_by_ace(&d, 2, f, &wd), 0x1f01ff);
    }
}
