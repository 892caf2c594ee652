//! What a change to a descriptor does: who gains or loses which rights, on the object and on
//! the children it passes ACEs to, and what changes in ownership, control flags and the SACL.
//!
//! [`diff`] compares *effective* access, through the access-check engine
//! ([`crate::access::maximum_allowed`]), for every principal named in either descriptor (ACE
//! trustees, owners) plus any extra tokens. Two descriptors that differ only in spelling
//! (`GA` and `FA` on a file, `WD` and `S-1-1-0`, hex and letters) are [equivalent].
//!
//! ```
//! use sddl_core::diff::diff;
//! use sddl_core::objects::ObjectKind;
//! let p = |s: &str| sddl_core::parse(s, &Default::default()).sd;
//! let d = diff(&p("D:(A;;GA;;;WD)"), &p("D:(A;;FA;;;S-1-1-0)"), ObjectKind::File, &[], None);
//! assert!(d.equivalent);
//! let d = diff(&p("D:(A;;GA;;;SY)"), &p("D:(A;;GA;;;SY)(A;;GR;;;IU)"), ObjectKind::NamedPipe, &[], None);
//! assert!(!d.equivalent);
//! assert_eq!(d.principals.len(), 1);
//! ```
//!
//! [equivalent]: DescriptorDiff::equivalent

use crate::access::presets::token_for_sid;
use crate::access::token::sid_eq;
use crate::access::{maximum_allowed, Token};
use crate::format::{write_ace, FormatOptions};
use crate::model::{ace_flags, Ace, AceSpans, AceType, Acl, SecurityDescriptor};
use crate::objects::{map_generic, ObjectKind};
use crate::rights::write_mask;
use crate::sid::{Sid, SidRef};
use crate::span::Span;
use std::collections::BTreeMap;

/// The effect of changing one descriptor into another.
#[derive(Clone, Debug)]
pub struct DescriptorDiff {
    pub kind: ObjectKind,
    /// Principals whose effective access to the object changes, in the order they were met
    /// (old descriptor first, then new, then the extra tokens).
    pub principals: Vec<PrincipalChange>,
    /// What children receive: per principal and inheritance scope.
    pub inherited: Vec<InheritedChange>,
    /// The owner, when it changes.
    pub owner: Option<SidChange>,
    /// The primary group, when it changes.
    pub group: Option<SidChange>,
    /// Control flags that change (`dacl-protected`, `dacl-auto-inherited`, ...).
    pub control: Vec<ControlChange>,
    /// SACL entries (audit, mandatory label, other) added or removed.
    pub sacl: Vec<AceChange>,
    /// DACL ACEs added or removed whose effect the comparison cannot fully evaluate for the
    /// tokens it builds: conditional (callback) ACEs, whose conditions may read claims the
    /// tokens lack, and object ACEs with an object type, which apply only to an access check
    /// with an object-type list (Active Directory properties, extended rights). Category
    /// `conditional` or `object-specific`. Any entry makes the descriptors not equivalent.
    pub unevaluated: Vec<AceChange>,
    /// The DACLs hold the same ACEs (after mapping) in a different order, and that order changes
    /// someone's access.
    pub order_changes_result: bool,
    /// Spellings that differ between ACEs at the same position but mean the same after generic
    /// mapping (`GA and FA are the same on a file after mapping`).
    pub respellings: Vec<String>,
    /// Spans (in the new descriptor's text) of the ACEs of `new` that have no identical
    /// counterpart in `old` after normalisation: the new or changed ACEs.
    pub changed_aces: Vec<Span>,
    /// Nothing effective changed: no principal's access, owner, group, control flags,
    /// inheritable ACEs or SACL entries.
    pub equivalent: bool,
}

/// One principal's effective access to the object, before and after.
#[derive(Clone, Debug)]
pub struct PrincipalChange {
    pub principal: SidRef,
    /// The token's display name (a preset name for well-known identities).
    pub name: String,
    pub before: u32,
    pub after: u32,
    /// `after & !before`.
    pub gained: u32,
    /// `before & !after`.
    pub lost: u32,
}

/// Who the children of the object gain or lose rights for, through inheritable ACEs.
#[derive(Clone, Debug)]
pub struct InheritedChange {
    pub principal: SidRef,
    /// `child objects`, `child containers`, `child objects and containers`, with
    /// `, one level` for `NP`.
    pub applies_to: &'static str,
    /// Bits newly granted by inheritable allow ACEs, or no longer denied.
    pub gained: u32,
    /// Bits no longer granted by inheritable allow ACEs, or newly denied.
    pub lost: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SidChange {
    pub before: Option<SidRef>,
    pub after: Option<SidRef>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ControlChange {
    /// `dacl-present`, `dacl-null`, `dacl-protected`, `dacl-auto-inherit-req`,
    /// `dacl-auto-inherited`, `sacl-present`, `sacl-protected`, ...
    pub flag: &'static str,
    pub before: bool,
    pub after: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AceChange {
    /// `audit`, `label` or `other` in the SACL; `conditional` or `object-specific` in
    /// [`DescriptorDiff::unevaluated`].
    pub category: &'static str,
    /// `true`: in the new SACL only; `false`: in the old one only.
    pub added: bool,
    /// The ACE, normalised (rights mapped for the kind, SIDs resolved), as SDDL.
    pub ace: String,
}

/// Compares the effect of `old` and `new` on an object of `kind`. `extra_principals` are
/// tokens compared as well (someone named in no ACE, who may still gain through a group).
/// `domain` resolves domain aliases kept symbolic.
pub fn diff(
    old: &SecurityDescriptor,
    new: &SecurityDescriptor,
    kind: ObjectKind,
    extra_principals: &[Token],
    domain: Option<Sid>,
) -> DescriptorDiff {
    let d = domain.as_ref();
    let mut tokens: Vec<Token> = Vec::new();
    let mut seen: Vec<SidRef> = Vec::new();
    let mut add = |sid: &SidRef, token: Option<&Token>, tokens: &mut Vec<Token>| {
        let sid = sid.resolve(d).map_or(*sid, SidRef::Sid);
        if let Some(i) = seen.iter().position(|s| sid_eq(s, &sid, d)) {
            // A token given by the caller replaces the one built for a trustee.
            if let Some(t) = token {
                tokens[i] = t.clone();
            }
            return;
        }
        seen.push(sid);
        tokens.push(token.cloned().unwrap_or_else(|| token_for_sid(&sid, d)));
    };
    for sd in [old, new] {
        if let Some(o) = &sd.owner {
            add(&o.sid, None, &mut tokens);
        }
        if let Some(dacl) = &sd.dacl {
            for a in &dacl.aces {
                if !matches!(a.ace_type, AceType::Unknown(_)) {
                    add(&a.sid, None, &mut tokens);
                }
            }
        }
    }
    for t in extra_principals {
        add(&t.user, Some(t), &mut tokens);
    }

    let principals: Vec<PrincipalChange> = tokens
        .iter()
        .filter_map(|t| {
            let before = maximum_allowed(old, t, Some(kind), domain).granted;
            let after = maximum_allowed(new, t, Some(kind), domain).granted;
            (before != after).then(|| PrincipalChange {
                principal: t.user,
                name: t.name.clone(),
                before,
                after,
                gained: after & !before,
                lost: before & !after,
            })
        })
        .collect();

    let owner = sid_change(old.owner.as_ref(), new.owner.as_ref(), d);
    let group = sid_change(old.group.as_ref(), new.group.as_ref(), d);
    let control = control_changes(old, new);
    let inherited = inherited_changes(old.dacl.as_ref(), new.dacl.as_ref(), kind, d);
    let sacl = sacl_changes(old.sacl.as_ref(), new.sacl.as_ref(), kind, d);
    let unevaluated = unevaluated_changes(old.dacl.as_ref(), new.dacl.as_ref(), kind, d);

    let old_keys = ace_keys(old.dacl.as_ref(), kind, d);
    let new_keys = ace_keys(new.dacl.as_ref(), kind, d);
    let order_changes_result = !principals.is_empty() && old_keys != new_keys && {
        let (mut a, mut b) = (old_keys.clone(), new_keys.clone());
        a.sort();
        b.sort();
        a == b
    };

    let mut changed_aces = Vec::new();
    for (old_acl, new_acl) in [(&old.dacl, &new.dacl), (&old.sacl, &new.sacl)] {
        let mut pool = ace_keys(old_acl.as_ref(), kind, d);
        if let Some(acl) = new_acl {
            for a in &acl.aces {
                let k = ace_key(a, kind, d);
                match pool.iter().position(|p| *p == k) {
                    Some(i) => {
                        pool.swap_remove(i);
                    }
                    None => changed_aces.push(a.spans.whole),
                }
            }
        }
    }

    let respellings = respellings(old.dacl.as_ref(), new.dacl.as_ref(), kind);

    let equivalent = principals.is_empty()
        && inherited.is_empty()
        && owner.is_none()
        && group.is_none()
        && control.is_empty()
        && sacl.is_empty()
        && unevaluated.is_empty();
    DescriptorDiff {
        kind,
        principals,
        inherited,
        owner,
        group,
        control,
        sacl,
        unevaluated,
        order_changes_result,
        respellings,
        changed_aces,
        equivalent,
    }
}

fn sid_change(
    old: Option<&crate::model::Owner>,
    new: Option<&crate::model::Owner>,
    d: Option<&Sid>,
) -> Option<SidChange> {
    let same = match (old, new) {
        (None, None) => true,
        (Some(a), Some(b)) => sid_eq(&a.sid, &b.sid, d),
        _ => false,
    };
    (!same).then(|| SidChange {
        before: old.map(|o| o.sid),
        after: new.map(|o| o.sid),
    })
}

fn control_changes(old: &SecurityDescriptor, new: &SecurityDescriptor) -> Vec<ControlChange> {
    let mut out = Vec::new();
    for (which, a, b) in [
        ("dacl", old.dacl.as_ref(), new.dacl.as_ref()),
        ("sacl", old.sacl.as_ref(), new.sacl.as_ref()),
    ] {
        let flags = |acl: Option<&Acl>| {
            let f = acl.map(|a| a.flags).unwrap_or_default();
            [
                ("present", acl.is_some()),
                ("null", acl.is_some_and(|a| a.null)),
                ("protected", f.protected),
                ("auto-inherit-req", f.auto_inherit_req),
                ("auto-inherited", f.auto_inherited),
            ]
        };
        for ((name, before), (_, after)) in flags(a).into_iter().zip(flags(b)) {
            if before != after {
                out.push(ControlChange {
                    flag: flag_name(which, name),
                    before,
                    after,
                });
            }
        }
    }
    out
}

fn flag_name(which: &str, name: &str) -> &'static str {
    match (which, name) {
        ("dacl", "present") => "dacl-present",
        ("dacl", "null") => "dacl-null",
        ("dacl", "protected") => "dacl-protected",
        ("dacl", "auto-inherit-req") => "dacl-auto-inherit-req",
        ("dacl", "auto-inherited") => "dacl-auto-inherited",
        ("sacl", "present") => "sacl-present",
        ("sacl", "null") => "sacl-null",
        ("sacl", "protected") => "sacl-protected",
        ("sacl", "auto-inherit-req") => "sacl-auto-inherit-req",
        _ => "sacl-auto-inherited",
    }
}

/// The ACE with its rights mapped for `kind` (label ACEs keep theirs), its SID resolved and its
/// spans cleared, printed as SDDL: two ACEs with the same key have the same effect.
fn ace_key(a: &Ace, kind: ObjectKind, d: Option<&Sid>) -> String {
    let mut n = Ace {
        spans: AceSpans::default(),
        ..a.clone()
    };
    if n.ace_type != AceType::SystemMandatoryLabel {
        n.mask = map_generic(kind, n.mask);
    }
    n.sid = n.sid.resolve(d).map_or(n.sid, SidRef::Sid);
    if let crate::model::AceData::Condition(c) = &mut n.data {
        c.clear_spans();
    }
    if let crate::model::AceData::Attribute(at) = &mut n.data {
        at.span = Span::DETACHED;
    }
    let mut s = String::new();
    write_ace(
        &mut s,
        &n,
        &FormatOptions {
            domain_sid: d.copied(),
        },
    );
    s
}

fn ace_keys(acl: Option<&Acl>, kind: ObjectKind, d: Option<&Sid>) -> Vec<String> {
    acl.map_or_else(Vec::new, |acl| {
        acl.aces.iter().map(|a| ace_key(a, kind, d)).collect()
    })
}

const INHERIT_BITS: u8 = ace_flags::OBJECT_INHERIT
    | ace_flags::CONTAINER_INHERIT
    | ace_flags::NO_PROPAGATE_INHERIT
    | ace_flags::INHERIT_ONLY;

fn applies_to(flags: u8) -> &'static str {
    let oi = flags & ace_flags::OBJECT_INHERIT != 0;
    let ci = flags & ace_flags::CONTAINER_INHERIT != 0;
    let np = flags & ace_flags::NO_PROPAGATE_INHERIT != 0;
    match (oi, ci, np) {
        (true, true, false) => "child objects and containers",
        (true, true, true) => "child objects and containers, one level",
        (true, false, false) => "child objects",
        (true, false, true) => "child objects, one level",
        (false, true, false) => "child containers",
        _ => "child containers, one level",
    }
}

/// Per (principal, scope, object types, condition, allow/deny): the union of the mapped masks of
/// the inheritable ACEs. Keyed by the resolved SID's text so that spellings compare equal.
type InheritKey = (String, &'static str, bool, String);

fn inheritable(
    acl: Option<&Acl>,
    kind: ObjectKind,
    d: Option<&Sid>,
) -> BTreeMap<InheritKey, (SidRef, u32)> {
    let mut out = BTreeMap::new();
    let Some(acl) = acl else { return out };
    for a in &acl.aces {
        let inherit = a.flags & (ace_flags::OBJECT_INHERIT | ace_flags::CONTAINER_INHERIT);
        if inherit == 0 || !(a.ace_type.is_allow() || a.ace_type.is_deny()) {
            continue;
        }
        let sid = a.sid.resolve(d).map_or(a.sid, SidRef::Sid);
        // What else decides whether the inherited ACE applies: object types and condition.
        let mut rest = ace_key(
            &Ace {
                mask: 0,
                sid: SidRef::Sid(Sid::from_parts(0, &[0])),
                flags: 0,
                ace_type: if a.ace_type.is_allow() {
                    AceType::AccessAllowed
                } else {
                    AceType::AccessDenied
                },
                ..a.clone()
            },
            kind,
            d,
        );
        rest.push_str(a.ace_type.sddl().unwrap_or(""));
        let key = (
            crate::access::token::format_sid_ref(&sid),
            applies_to(a.flags & INHERIT_BITS),
            a.ace_type.is_deny(),
            rest,
        );
        let e = out.entry(key).or_insert((sid, 0));
        e.1 |= map_generic(kind, a.mask);
    }
    out
}

fn inherited_changes(
    old: Option<&Acl>,
    new: Option<&Acl>,
    kind: ObjectKind,
    d: Option<&Sid>,
) -> Vec<InheritedChange> {
    let a = inheritable(old, kind, d);
    let b = inheritable(new, kind, d);
    let mut merged: BTreeMap<(String, &'static str), InheritedChange> = BTreeMap::new();
    let keys: std::collections::BTreeSet<&InheritKey> = a.keys().chain(b.keys()).collect();
    for k in keys {
        let before = a.get(k).map_or(0, |v| v.1);
        let after = b.get(k).map_or(0, |v| v.1);
        if before == after {
            continue;
        }
        let sid = a
            .get(k)
            .or_else(|| b.get(k))
            .map(|v| v.0)
            .expect("key from a map");
        let (more, less) = (after & !before, before & !after);
        let deny = k.2;
        let e = merged
            .entry((k.0.clone(), k.1))
            .or_insert_with(|| InheritedChange {
                principal: sid,
                applies_to: k.1,
                gained: 0,
                lost: 0,
            });
        if deny {
            e.gained |= less;
            e.lost |= more;
        } else {
            e.gained |= more;
            e.lost |= less;
        }
    }
    merged
        .into_values()
        .filter(|c| c.gained != 0 || c.lost != 0)
        .collect()
}

fn unevaluated_changes(
    old: Option<&Acl>,
    new: Option<&Acl>,
    kind: ObjectKind,
    d: Option<&Sid>,
) -> Vec<AceChange> {
    let category = |a: &Ace| {
        if a.ace_type.is_callback() {
            Some("conditional")
        } else if a.ace_type.is_object() && a.object_type.is_some() {
            Some("object-specific")
        } else {
            None
        }
    };
    multiset_changes(old, new, kind, d, &category)
}

fn sacl_changes(
    old: Option<&Acl>,
    new: Option<&Acl>,
    kind: ObjectKind,
    d: Option<&Sid>,
) -> Vec<AceChange> {
    let category = |a: &Ace| {
        Some(match a.ace_type {
            AceType::SystemMandatoryLabel => "label",
            AceType::SystemAudit
            | AceType::SystemAuditObject
            | AceType::SystemAuditCallback
            | AceType::SystemAuditCallbackObject
            | AceType::SystemAlarm
            | AceType::SystemAlarmObject
            | AceType::SystemAlarmCallback
            | AceType::SystemAlarmCallbackObject => "audit",
            _ => "other",
        })
    };
    multiset_changes(old, new, kind, d, &category)
}

/// The ACEs `category` picks, normalised, that are in one ACL and not the other (as multisets).
fn multiset_changes(
    old: Option<&Acl>,
    new: Option<&Acl>,
    kind: ObjectKind,
    d: Option<&Sid>,
    category: &dyn Fn(&Ace) -> Option<&'static str>,
) -> Vec<AceChange> {
    let list = |acl: Option<&Acl>| -> Vec<(&'static str, String)> {
        let mut v: Vec<_> = acl.map_or_else(Vec::new, |acl| {
            acl.aces
                .iter()
                .filter_map(|a| Some((category(a)?, ace_key(a, kind, d))))
                .collect()
        });
        v.sort();
        v
    };
    let (a, b) = (list(old), list(new));
    let mut out = Vec::new();
    let mut rest = b.clone();
    for x in &a {
        match rest.iter().position(|y| y == x) {
            Some(i) => {
                rest.remove(i);
            }
            None => out.push(AceChange {
                category: x.0,
                added: false,
                ace: x.1.clone(),
            }),
        }
    }
    out.extend(rest.into_iter().map(|(c, ace)| AceChange {
        category: c,
        added: true,
        ace,
    }));
    out
}

/// ACEs at the same position whose rights are spelled differently but map to the same bits.
fn respellings(old: Option<&Acl>, new: Option<&Acl>, kind: ObjectKind) -> Vec<String> {
    let (Some(old), Some(new)) = (old, new) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (a, b) in old.aces.iter().zip(&new.aces) {
        if a.mask != b.mask && map_generic(kind, a.mask) == map_generic(kind, b.mask) {
            let mut x = String::new();
            let mut y = String::new();
            write_mask(&mut x, a.mask, false);
            write_mask(&mut y, b.mask, false);
            let line = format!(
                "{x} and {y} are the same on {} after mapping",
                kind.summary()
            );
            if !out.contains(&line) {
                out.push(line);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::presets::preset;

    fn sd(text: &str) -> SecurityDescriptor {
        let p = crate::parse(text, &Default::default());
        assert!(p.errors.is_empty(), "{text}: {:?}", p.errors);
        p.sd
    }

    fn run(a: &str, b: &str, kind: ObjectKind, extra: &[Token]) -> DescriptorDiff {
        diff(&sd(a), &sd(b), kind, extra, None)
    }

    #[test]
    fn respelled_rights_and_sids_are_equivalent() {
        let d = run(
            "D:(A;;GA;;;WD)",
            "D:(A;;FA;;;S-1-1-0)",
            ObjectKind::File,
            &[],
        );
        assert!(d.equivalent, "{d:?}");
        assert_eq!(d.respellings.len(), 1);
        assert!(d.changed_aces.is_empty());
        let d = run(
            "D:(A;;FA;;;WD)",
            "D:(A;;0x1f01ff;;;S-1-1-0)",
            ObjectKind::File,
            &[],
        );
        assert!(d.equivalent, "{d:?}");
    }

    #[test]
    fn an_added_ace_is_a_gain() {
        let d = run(
            "D:P(A;;GA;;;SY)(A;;GA;;;BA)",
            "D:P(A;;GA;;;SY)(A;;GA;;;BA)(A;;GRGW;;;IU)",
            ObjectKind::NamedPipe,
            &[],
        );
        assert!(!d.equivalent);
        assert_eq!(d.principals.len(), 1);
        let p = &d.principals[0];
        assert_eq!(p.principal, SidRef::Sid(Sid::from_parts(5, &[4])));
        assert_eq!(p.gained, map_generic(ObjectKind::NamedPipe, 0xC000_0000));
        assert_eq!(p.lost, 0);
        assert_eq!(d.changed_aces.len(), 1);
    }

    #[test]
    fn groups_count() {
        let ns = preset("NS").unwrap();
        let d = run(
            "D:(A;;GA;;;SY)",
            "D:(A;;GA;;;SY)(A;;GR;;;AU)",
            ObjectKind::File,
            &[ns],
        );
        assert!(d
            .principals
            .iter()
            .any(|p| p.principal == SidRef::Sid(Sid::from_parts(5, &[20]))));
    }

    #[test]
    fn a_given_token_replaces_the_one_built_for_a_trustee() {
        let an = SidRef::Sid(Sid::from_parts(5, &[7]));
        let (a, b) = ("D:(A;;GR;;;WD)(D;;GW;;;AN)", "D:(D;;GW;;;AN)");
        // The anonymous preset is not in Everyone by default: nothing changes for it.
        let d = run(a, b, ObjectKind::File, &[]);
        assert!(!d.principals.iter().any(|p| p.principal == an));
        // With EveryoneIncludesAnonymous it loses read.
        let with = crate::access::presets::anonymous_with_everyone();
        let d = run(a, b, ObjectKind::File, &[with]);
        assert!(d
            .principals
            .iter()
            .any(|p| p.principal == an && p.lost != 0));
    }

    #[test]
    fn order_that_matters_is_reported() {
        let d = run(
            "D:(D;;GW;;;WD)(A;;GA;;;WD)",
            "D:(A;;GA;;;WD)(D;;GW;;;WD)",
            ObjectKind::File,
            &[],
        );
        assert!(!d.equivalent);
        assert!(d.order_changes_result);
        // Order that does not matter is not a change.
        let d = run(
            "D:(A;;GR;;;WD)(A;;GA;;;SY)",
            "D:(A;;GA;;;SY)(A;;GR;;;WD)",
            ObjectKind::File,
            &[],
        );
        assert!(d.equivalent, "{d:?}");
    }

    #[test]
    fn owner_control_children_and_sacl() {
        let d = run(
            "O:BAD:(A;;GA;;;SY)",
            "O:SYD:(A;;GA;;;SY)",
            ObjectKind::File,
            &[],
        );
        assert!(d.owner.is_some());
        let d = run("D:(A;;GA;;;SY)", "D:P(A;;GA;;;SY)", ObjectKind::File, &[]);
        assert_eq!(d.control.len(), 1);
        assert_eq!(d.control[0].flag, "dacl-protected");
        let d = run(
            "D:(A;OICI;GA;;;SY)",
            "D:(A;OICI;GA;;;SY)(A;OICIIO;GR;;;BU)",
            ObjectKind::Directory,
            &[],
        );
        assert!(d.principals.is_empty());
        assert_eq!(d.inherited.len(), 1);
        assert!(!d.equivalent);
        let d = run(
            "D:(A;;GA;;;SY)S:(ML;;NW;;;LW)",
            "D:(A;;GA;;;SY)S:(ML;;NW;;;HI)",
            ObjectKind::File,
            &[],
        );
        assert_eq!(d.sacl.len(), 2);
        assert!(d.sacl.iter().all(|s| s.category == "label"));
    }

    #[test]
    fn conditional_and_object_ace_changes_are_never_equivalent() {
        let d = run(
            "D:(A;;GA;;;SY)(XA;;FR;;;WD;(@User.dept == \"x\"))",
            "D:(A;;GA;;;SY)(XA;;FR;;;WD;(@User.dept == \"y\"))",
            ObjectKind::File,
            &[],
        );
        assert!(!d.equivalent);
        assert_eq!(d.unevaluated.len(), 2);
        assert!(d.unevaluated.iter().all(|c| c.category == "conditional"));
        let reset = "00299570-246d-11d0-a768-00aa006e0529";
        let d = run(
            "D:(A;;GA;;;DA)",
            &format!("D:(A;;GA;;;DA)(OA;;CR;{reset};;WD)"),
            ObjectKind::DirectoryServiceObject,
            &[],
        );
        assert!(!d.equivalent);
        assert_eq!(d.unevaluated.len(), 1);
        assert_eq!(d.unevaluated[0].category, "object-specific");
        assert!(d.unevaluated[0].added);
    }
}
