//! What a principal effectively gets from a DACL: thin adapters over the access-check engine
//! (`sddl_core::access`), so the rules and `sddl check` agree.
//!
//! - [`token_for`] is the token Windows would give a principal:
//!   [`token_for_sid`](sddl_core::access::presets::token_for_sid) (a preset when the SID has
//!   one, otherwise the user with Everyone and Authenticated Users). Anonymous holds Everyone
//!   only when the `EveryoneIncludesAnonymous` policy is on (`everyone-includes-anonymous`).
//! - [`effective`] and [`granted_by_ace`] ask the engine for `MAXIMUM_ALLOWED` on the object
//!   kind the rule judges ([`maximum_allowed`], which keeps generic rights as written when the
//!   kind is unknown or has no generic mapping).
//!
//! The rules judge what the DACL grants. Two deliberate choices follow from that:
//! - the token is not subject to mandatory integrity: the anonymous preset's Untrusted level
//!   would otherwise hide every write that a DACL hands to `AN` behind the default Medium label
//!   (labels are judged by the label rules, and can change while the DACL stays);
//! - a per-ACE question ([`granted_by_ace`]) is asked of the ACEs up to that one, so a later
//!   ACE never hides what this one grants.

use crate::context::LintContext;
use crate::principals as p;
use sddl_core::access::{maximum_allowed, presets::token_for_sid, AccessResult, Token, TokenGroup};
use sddl_core::model::{ace_flags, Ace, Acl, SecurityDescriptor};
use sddl_core::objects::{map_generic, ObjectKind, STANDARD_RIGHTS_REQUIRED};
use sddl_core::rights::GENERIC_ALL;
use sddl_core::SidRef;

/// The token the rules give `principal` (see the module docs).
pub(crate) fn token_for(principal: &SidRef, cx: &LintContext) -> Token {
    let mut t = with_machine_policy(token_for_sid(principal, cx.domain_sid.as_ref()), cx);
    t.mandatory_policy.no_write_up = false;
    t
}

/// `t` as the machine's policy makes it: anonymous holds Everyone when
/// `EveryoneIncludesAnonymous` is on.
pub(crate) fn with_machine_policy(mut t: Token, cx: &LintContext) -> Token {
    let everyone = SidRef::Sid(p::EVERYONE);
    if cx.everyone_includes_anonymous
        && p::is(&t.user, &p::ANONYMOUS)
        && !t.contains(&everyone, false, None)
    {
        t.groups.insert(0, TokenGroup::enabled(p::EVERYONE));
    }
    t
}

/// The access mask of an ACE for the object kind: generic rights mapped when the kind is known.
/// When it is not, generic rights stay, and `GENERIC_ALL` also counts as the standard rights
/// every kind's full control includes (`DELETE`, `READ_CONTROL`, `WRITE_DAC`, `WRITE_OWNER`),
/// as [`maximum_allowed`] counts it.
pub(crate) fn mapped(ace: &Ace, kind: Option<ObjectKind>) -> u32 {
    mapped_mask(ace.mask, kind)
}

/// [`mapped`] for a mask.
pub(crate) fn mapped_mask(mask: u32, kind: Option<ObjectKind>) -> u32 {
    match kind {
        Some(k) => map_generic(k, mask),
        None if mask & GENERIC_ALL != 0 => mask | STANDARD_RIGHTS_REQUIRED,
        None => mask,
    }
}

/// Granted and denied bits, and the engine's trace.
#[derive(Clone, Debug)]
pub(crate) struct Access {
    pub granted: u32,
    pub denied: u32,
    pub result: AccessResult,
}

/// What `token` gets from `sd` on the object itself (`MAXIMUM_ALLOWED`).
pub(crate) fn effective(
    sd: &SecurityDescriptor,
    kind: Option<ObjectKind>,
    token: &Token,
    cx: &LintContext,
) -> Access {
    let e = maximum_allowed(sd, token, kind, cx.domain_sid);
    Access {
        granted: e.granted,
        denied: e.denied,
        result: e.result,
    }
}

/// The bits of DACL ACE `index` that `token` is granted once the ACEs up to it are walked:
/// the ACE's rights minus what an earlier ACE denied. Earlier ACEs count when they apply where
/// this one does: on the object for an effective ACE; for an inherit-only ACE, the earlier ACEs
/// with the same inheritance flags, walked as they would be on a child.
pub(crate) fn granted_by_ace(
    sd: &SecurityDescriptor,
    dacl: &Acl,
    index: usize,
    kind: Option<ObjectKind>,
    token: &Token,
    cx: &LintContext,
) -> u32 {
    let ace = &dacl.aces[index];
    let inherit = ace_flags::OBJECT_INHERIT | ace_flags::CONTAINER_INHERIT;
    let prefix: Vec<Ace> = if ace.flags & ace_flags::INHERIT_ONLY == 0 {
        dacl.aces[..=index].to_vec()
    } else {
        dacl.aces[..=index]
            .iter()
            .filter(|a| a.flags & inherit == ace.flags & inherit)
            .map(|a| {
                let mut a = a.clone();
                a.flags &= !ace_flags::INHERIT_ONLY;
                a
            })
            .collect()
    };
    let mut upto = sd.clone();
    let mut acl = dacl.clone();
    acl.null = false;
    acl.aces = prefix;
    upto.dacl = Some(acl);
    mapped(ace, kind) & effective(&upto, kind, token, cx).granted
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sd(text: &str) -> SecurityDescriptor {
        let p = sddl_core::parse(text, &Default::default());
        assert!(p.errors.is_empty(), "{text}: {:?}", p.errors);
        p.sd
    }

    fn who(text: &str) -> SidRef {
        crate::Principal::parse(text, None).unwrap().sid
    }

    #[test]
    fn first_decision_wins_per_bit() {
        let cx = LintContext::default();
        let ns = token_for(&who("NS"), &cx);
        let pipe = Some(ObjectKind::NamedPipe);
        // Deny write to Everyone, then allow everything to NS: write stays denied.
        let a = effective(&sd("D:(D;;0x2;;;WD)(A;;GA;;;NS)"), pipe, &ns, &cx);
        assert_eq!(a.granted, 0x1f01ff & !0x2);
        assert_eq!(a.denied, 0x2);
        // Allow before deny: the deny comes too late.
        let a = effective(&sd("D:(A;;GA;;;NS)(D;;0x2;;;WD)"), pipe, &ns, &cx);
        assert_eq!(a.granted, 0x1f01ff);
        // Inherit-only ACEs and other principals do not count.
        let a = effective(&sd("D:(A;OICIIO;GA;;;NS)(A;;GA;;;SY)"), pipe, &ns, &cx);
        assert_eq!(a.granted, 0);
        // Authenticated Users covers NS, and so do NS's other groups (SERVICE, Users).
        let a = effective(&sd("D:(A;;GR;;;AU)"), pipe, &ns, &cx);
        assert_eq!(a.granted, 0x120089);
        let a = effective(&sd("D:(A;;GR;;;SU)(A;;0x2;;;BU)"), pipe, &ns, &cx);
        assert_eq!(a.granted, 0x12008b);
        // Everyone includes anonymous only by policy.
        let an = token_for(&who("AN"), &cx);
        assert_eq!(effective(&sd("D:(A;;GR;;;WD)"), pipe, &an, &cx).granted, 0);
        let policy = LintContext {
            everyone_includes_anonymous: true,
            ..Default::default()
        };
        let an = token_for(&who("AN"), &policy);
        assert_eq!(
            effective(&sd("D:(A;;GR;;;WD)"), pipe, &an, &policy).granted,
            0x120089
        );
        // Anonymous is a network logon: a deny to NETWORK applies to it.
        let a = effective(&sd("D:(D;;0x2;;;NU)(A;;GRGW;;;AN)"), pipe, &an, &policy);
        assert_eq!(a.granted & 0x2, 0);
        assert_eq!(a.denied, 0x2);
    }

    #[test]
    fn integrity_is_left_to_the_label_rules() {
        // The anonymous preset is Untrusted; the default Medium label would block its writes.
        let cx = LintContext::default();
        let an = token_for(&who("AN"), &cx);
        let a = effective(&sd("D:(A;;FA;;;AN)"), Some(ObjectKind::File), &an, &cx);
        assert_eq!(a.granted, 0x1f01ff);
    }

    #[test]
    fn granted_by_one_ace() {
        let cx = LintContext::default();
        let d = sd("D:(D;;WDWO;;;WD)(A;;GA;;;WD)(A;OICIIO;GA;;;WD)");
        let dacl = d.dacl.as_ref().unwrap();
        let wd = token_for(&who("WD"), &cx);
        let f = Some(ObjectKind::File);
        assert_eq!(
            granted_by_ace(&d, dacl, 1, f, &wd, &cx),
            0x1f01ff & !0xc0000
        );
        // The inherit-only ACE is not covered by the effective deny.
        assert_eq!(granted_by_ace(&d, dacl, 2, f, &wd, &cx), 0x1f01ff);
        // Without a kind, generic rights stay as written.
        let d = sd("D:(D;;GW;;;WD)(A;;GRGW;;;BU)");
        let dacl = d.dacl.as_ref().unwrap();
        let bu = token_for(&who("BU"), &cx);
        assert_eq!(
            granted_by_ace(&d, dacl, 1, None, &bu, &cx),
            sddl_core::rights::GENERIC_READ
        );
        // The owner keeps WRITE_DAC whatever a deny says.
        let d = sd("O:AUD:(D;;WD;;;WD)(A;;WD;;;AU)");
        let dacl = d.dacl.as_ref().unwrap();
        let au = token_for(&who("AU"), &cx);
        assert_eq!(granted_by_ace(&d, dacl, 1, f, &au, &cx), 0x40000);
    }
}
