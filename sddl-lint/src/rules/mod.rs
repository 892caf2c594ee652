//! The rules, one file each, and what several of them share.

use crate::diagnostic::{Edit, Fix};
use crate::effective;
use crate::principals;
use crate::registry::{RuleContext, RuleMeta};
use sddl_core::access::Token;
use sddl_core::model::{ace_flags, Ace, AceData, AceType, Acl};
use sddl_core::objects::{decompose, full_control, generic_mapping, ObjectKind};
use sddl_core::rights::{DELETE, GENERIC_ALL, GENERIC_WRITE, WRITE_DAC, WRITE_OWNER};
use sddl_core::sid::alias_for_sid;
use sddl_core::{SidRef, Span};

mod ace_with_empty_mask;
mod anonymous_access;
mod app_packages_write_access;
mod audit_ace_without_success_or_failure;
mod broad_group_owner;
mod broad_write_access;
mod create_pipe_instance_for_clients;
mod dangerous_ad_right_for_broad_group;
mod dcsync_right_for_broad_group;
mod deny_after_allow;
mod deny_all_to_everyone;
mod duplex_pipe_read_only_client;
mod duplicate_ace;
mod empty_dacl;
mod everyone_full_control;
mod generic_rights_on_object;
mod hand_written_inherited_ace;
mod hard_coded_domain_sid;
mod hard_coded_logon_session_sid;
mod inherit_only_without_inheritance;
mod inheritance_on_leaf_object;
mod invalid_suppression;
mod low_integrity_label_with_broad_write;
mod mandatory_label_without_policy;
mod missing_dacl;
mod network_logon_pipe_access;
mod newer_than_target;
mod non_canonical_ace_order;
mod null_dacl;
mod null_sid_trustee;
mod numeric_mask_has_name;
mod object_guid_does_not_fit_rights;
mod pipe_client_missing_access;
mod policy_flags;
mod policy_forbidden_access;
mod policy_missing_access;
mod propagation_limit_without_inheritance;
mod redundant_ace;
mod registry_key_writable_by_broad_group;
mod rights_code_for_other_kind;
mod scm_create_service_by_non_admin;
mod service_config_writable_by_non_admin;
mod undefined_rights_bits;
mod unknown_object_guid;
mod unresolved_domain_alias;
mod unused_suppression;

/// Every rule, in code order (a test checks the order against `codes.rs`).
pub(crate) static RULES: &[&RuleMeta] = &[
    &everyone_full_control::RULE,
    &duplex_pipe_read_only_client::RULE,
    &null_dacl::RULE,
    &empty_dacl::RULE,
    &missing_dacl::RULE,
    &broad_write_access::RULE,
    &anonymous_access::RULE,
    &network_logon_pipe_access::RULE,
    &create_pipe_instance_for_clients::RULE,
    &service_config_writable_by_non_admin::RULE,
    &scm_create_service_by_non_admin::RULE,
    &registry_key_writable_by_broad_group::RULE,
    &dcsync_right_for_broad_group::RULE,
    &dangerous_ad_right_for_broad_group::RULE,
    &low_integrity_label_with_broad_write::RULE,
    &app_packages_write_access::RULE,
    &broad_group_owner::RULE,
    &pipe_client_missing_access::RULE,
    &deny_after_allow::RULE,
    &non_canonical_ace_order::RULE,
    &duplicate_ace::RULE,
    &redundant_ace::RULE,
    &inherit_only_without_inheritance::RULE,
    &propagation_limit_without_inheritance::RULE,
    &inheritance_on_leaf_object::RULE,
    &hand_written_inherited_ace::RULE,
    &generic_rights_on_object::RULE,
    &numeric_mask_has_name::RULE,
    &rights_code_for_other_kind::RULE,
    &undefined_rights_bits::RULE,
    &object_guid_does_not_fit_rights::RULE,
    &unknown_object_guid::RULE,
    &audit_ace_without_success_or_failure::RULE,
    &ace_with_empty_mask::RULE,
    &mandatory_label_without_policy::RULE,
    &unresolved_domain_alias::RULE,
    &hard_coded_domain_sid::RULE,
    &hard_coded_logon_session_sid::RULE,
    &null_sid_trustee::RULE,
    &deny_all_to_everyone::RULE,
    &unused_suppression::RULE,
    &invalid_suppression::RULE,
    &policy_missing_access::RULE,
    &policy_forbidden_access::RULE,
    &policy_flags::RULE,
    &newer_than_target::RULE,
];

// ---- ACE shapes -------------------------------------------------------------------------

pub(crate) const INHERIT: u8 = ace_flags::OBJECT_INHERIT | ace_flags::CONTAINER_INHERIT;

pub(crate) fn has(ace: &Ace, flag: u8) -> bool {
    ace.flags & flag != 0
}

/// An allow ACE whose grant does not depend on a condition: `A`, or `OA` (with or without
/// GUIDs; callers decide what a GUID means to them).
pub(crate) fn is_unconditional_allow(ace: &Ace) -> bool {
    matches!(
        ace.ace_type,
        AceType::AccessAllowed | AceType::AccessAllowedObject
    )
}

/// An allow ACE that grants its whole mask on the object (no object-type GUID).
pub(crate) fn is_plain_allow(ace: &Ace) -> bool {
    is_unconditional_allow(ace) && ace.object_type.is_none()
}

/// A deny ACE without condition or GUIDs.
pub(crate) fn is_plain_deny(ace: &Ace) -> bool {
    matches!(
        ace.ace_type,
        AceType::AccessDenied | AceType::AccessDeniedObject
    ) && ace.object_type.is_none()
        && ace.inherited_object_type.is_none()
}

/// ACE types whose mask is an access mask (not a label policy, a claim or a filter).
pub(crate) fn has_access_mask(t: AceType) -> bool {
    matches!(
        t,
        AceType::AccessAllowed
            | AceType::AccessDenied
            | AceType::SystemAudit
            | AceType::SystemAlarm
            | AceType::AccessAllowedCallback
            | AceType::AccessDeniedCallback
            | AceType::SystemAuditCallback
            | AceType::SystemAlarmCallback
    ) || t.is_object()
}

/// The DACL's ACEs with their index.
pub(crate) fn dacl_aces<'a>(
    rcx: &RuleContext<'a>,
) -> impl Iterator<Item = (&'a Acl, usize, &'a Ace)> {
    rcx.dacl()
        .into_iter()
        .flat_map(|acl| acl.aces.iter().enumerate().map(move |(i, a)| (acl, i, a)))
}

// ---- names ------------------------------------------------------------------------------

/// `` `WD` (Everyone) ``: the trustee as written, with the account name when it has one.
pub(crate) fn who(rcx: &RuleContext<'_>, ace: &Ace) -> String {
    named(&rcx.trustee(ace), &ace.sid, rcx)
}

pub(crate) fn named(text: &str, sid: &SidRef, rcx: &RuleContext<'_>) -> String {
    let name = match sid {
        SidRef::Unresolved(a) => Some(a.name),
        SidRef::Sid(s) => alias_for_sid(s, rcx.cx.domain_sid.as_ref()).map(|a| a.name),
    };
    match name {
        Some(n) if !n.eq_ignore_ascii_case(text) => format!("`{text}` ({n})"),
        _ => format!("`{text}`"),
    }
}

/// `FILE_WRITE_DATA`, `DELETE` ...: the names of the bits of `mask` for `kind`.
pub(crate) fn right_names(kind: Option<ObjectKind>, mask: u32) -> String {
    let names: Vec<String> = match kind {
        Some(k) => decompose(k, mask)
            .map(|r| match r.name {
                Some(n) => format!("`{n}`"),
                None => format!("`{:#x}`", r.bit),
            })
            .collect(),
        None => {
            let mut v = Vec::new();
            for (bit, n) in [
                (0x8000_0000u32, "GENERIC_READ"),
                (GENERIC_WRITE, "GENERIC_WRITE"),
                (0x2000_0000, "GENERIC_EXECUTE"),
                (GENERIC_ALL, "GENERIC_ALL"),
                (WRITE_DAC, "WRITE_DAC"),
                (WRITE_OWNER, "WRITE_OWNER"),
                (0x0002_0000, "READ_CONTROL"),
                (DELETE, "DELETE"),
            ] {
                if mask & bit != 0 {
                    v.push(format!("`{n}`"));
                }
            }
            let rest = mask & !0xf00f_0000;
            if rest != 0 {
                v.push(format!("`{rest:#x}`"));
            }
            v
        }
    };
    match names.len() {
        0 => "no rights".to_string(),
        1 => names[0].clone(),
        n => format!("{} and {}", names[..n - 1].join(", "), names[n - 1]),
    }
}

/// The rights field as Windows would print `mask`.
pub(crate) fn mask_text(mask: u32, label: bool) -> String {
    let mut s = String::new();
    sddl_core::rights::write_mask(&mut s, mask, label);
    s
}

/// The name of the kind for messages: `named pipe`, `registry key`.
pub(crate) fn kind_phrase(kind: ObjectKind) -> &'static str {
    match kind {
        ObjectKind::File => "file",
        ObjectKind::Directory => "directory",
        ObjectKind::NamedPipe => "named pipe",
        ObjectKind::RegistryKey => "registry key",
        ObjectKind::Service => "service",
        ObjectKind::ServiceControlManager => "service control manager",
        ObjectKind::Process => "process",
        ObjectKind::Thread => "thread",
        ObjectKind::Token => "access token",
        ObjectKind::Job => "job object",
        ObjectKind::Event => "event",
        ObjectKind::Mutex => "mutex",
        ObjectKind::Semaphore => "semaphore",
        ObjectKind::Timer => "waitable timer",
        ObjectKind::Section => "section (file mapping)",
        ObjectKind::Desktop => "desktop",
        ObjectKind::WindowStation => "window station",
        ObjectKind::Printer => "printer",
        ObjectKind::WmiNamespace => "WMI namespace",
        ObjectKind::ComAccess => "COM access permission",
        ObjectKind::ComLaunch => "COM launch permission",
        ObjectKind::DirectoryServiceObject => "directory object",
    }
}

/// `this named pipe`, or `this object` when the kind is unknown.
pub(crate) fn this_object(kind: Option<ObjectKind>) -> String {
    match kind {
        Some(k) => format!("this {}", kind_phrase(k)),
        None => "this object".to_string(),
    }
}

// ---- access sets ------------------------------------------------------------------------

/// What "full control" is on `kind`; when the kind is unknown, `GENERIC_ALL` with the
/// `WRITE_DAC` and `WRITE_OWNER` it always includes (see `effective::mapped`).
pub(crate) fn full(kind: Option<ObjectKind>) -> u32 {
    kind.map_or(GENERIC_ALL | WRITE_DAC | WRITE_OWNER, full_control)
}

/// Whether `granted` (mapped for `kind`) is full control.
pub(crate) fn is_full(kind: Option<ObjectKind>, granted: u32) -> bool {
    let f = full(kind);
    granted & f == f
}

/// The rights that change an object's contents or configuration on `kind` (not counting
/// `WRITE_DAC`/`WRITE_OWNER`, which `everyone-full-control` judges). `None` for kinds where
/// writing is how clients use the object (pipes, COM) or changes only a state (events).
pub(crate) fn write_bits(kind: Option<ObjectKind>) -> Option<u32> {
    let k = match kind {
        None => return Some(GENERIC_WRITE | DELETE),
        Some(k) => k,
    };
    Some(match k {
        ObjectKind::NamedPipe
        | ObjectKind::ComAccess
        | ObjectKind::ComLaunch
        | ObjectKind::Event
        | ObjectKind::Mutex
        | ObjectKind::Semaphore
        | ObjectKind::Timer => return None,
        ObjectKind::RegistryKey => 0x2 | 0x4 | 0x20 | DELETE,
        ObjectKind::Service => 0x2 | DELETE,
        ObjectKind::ServiceControlManager => 0x2 | 0x20,
        ObjectKind::DirectoryServiceObject => 0x1 | 0x2 | 0x8 | 0x20 | 0x40 | DELETE,
        // Data and deletion; attributes and extended attributes are left out.
        ObjectKind::File => 0x2 | 0x4 | DELETE,
        ObjectKind::Directory => 0x2 | 0x4 | 0x40 | DELETE,
        k => (generic_mapping(k)?.write & 0xffff) | DELETE,
    })
}

/// For `everyone-full-control` and the rules that defer to it: the full-control or
/// `WRITE_DAC`/`WRITE_OWNER` bits a broad group gets from DACL ACE `index`, or `None`.
pub(crate) fn broad_takeover(rcx: &RuleContext<'_>, acl: &Acl, index: usize) -> Option<Takeover> {
    let ace = &acl.aces[index];
    if !is_plain_allow(ace) || !principals::is_broad(&ace.sid) {
        return None;
    }
    let kind = rcx.kind_for(ace);
    let granted = granted_to_trustee(rcx, acl, index, kind, full(kind) | WRITE_DAC | WRITE_OWNER);
    let full = is_full(kind, granted);
    let takeover = granted & (WRITE_DAC | WRITE_OWNER);
    (full || takeover != 0).then_some(Takeover {
        full,
        bits: takeover,
    })
}

pub(crate) struct Takeover {
    pub full: bool,
    /// `WRITE_DAC` and/or `WRITE_OWNER`.
    pub bits: u32,
}

/// The bits of `want` the members of ACE `index`'s trustee get from that ACE once the ACEs up
/// to it are walked (the engine, through [`effective::granted_by_ace`]), with the token
/// [`effective::token_for`] gives the trustee. What an ACE grants never exceeds its own mask,
/// so when that mask holds none of `want` the engine is not asked (exact, and most ACEs a rule
/// looks at are such).
pub(crate) fn granted_to_trustee(
    rcx: &RuleContext<'_>,
    acl: &Acl,
    index: usize,
    kind: Option<ObjectKind>,
    want: u32,
) -> u32 {
    if effective::mapped(&acl.aces[index], kind) & want == 0 {
        return 0;
    }
    let key = (acl as *const Acl as usize, index, kind);
    want & rcx.memo.granted(key, || {
        let token = effective::token_for(&acl.aces[index].sid, rcx.cx);
        effective::granted_by_ace(rcx.sd, acl, index, kind, &token, rcx.cx)
    })
}

/// What a token gets from the whole descriptor on the kind the rules judge.
pub(crate) fn effective_for(rcx: &RuleContext<'_>, token: &Token) -> effective::Access {
    effective::effective(rcx.sd, rcx.kind(), token, rcx.cx)
}

/// The plain allow ACEs of the DACL, on an object of `target` kind, whose trustee is neither
/// privileged nor a creator placeholder and is not already reported as a broad takeover
/// (`everyone-full-control`), with the bits of `watch` the trustee gets from the DACL up to and
/// including that ACE. Shared by the rules that guard one kind's administrative rights.
pub(crate) fn non_admin_grants<'a>(
    rcx: &'a RuleContext<'a>,
    target: ObjectKind,
    watch: u32,
) -> impl Iterator<Item = (&'a Ace, u32)> + 'a {
    dacl_aces(rcx).filter_map(move |(acl, i, ace)| {
        let kind = rcx.kind_for(ace);
        if kind != Some(target) || !is_plain_allow(ace) {
            return None;
        }
        let class = principals::classify(&ace.sid).0;
        if matches!(
            class,
            principals::Class::Privileged | principals::Class::CreatorPlaceholder
        ) || broad_takeover(rcx, acl, i).is_some()
        {
            return None;
        }
        let bad = granted_to_trustee(rcx, acl, i, kind, watch);
        (bad != 0).then_some((ace, bad))
    })
}

// ---- fixes ------------------------------------------------------------------------------

/// Removes an ACE.
pub(crate) fn delete_ace(ace: &Ace, applicability: crate::Applicability) -> Fix {
    Fix {
        title: "remove the ACE".into(),
        edits: vec![Edit {
            span: ace.spans.whole,
            replacement: String::new(),
        }],
        applicability,
    }
}

/// The flags field with `flags` in Windows' order.
pub(crate) fn flags_text(flags: u8) -> String {
    let mut s = String::new();
    for &(code, bit) in ace_flags::SDDL {
        if flags & bit != 0 {
            s.push_str(code);
        }
    }
    s
}

pub(crate) fn replace(span: Span, text: impl Into<String>) -> Edit {
    Edit {
        span,
        replacement: text.into(),
    }
}

/// Whether the ACE has a condition or other data (then printed text comparisons still hold,
/// but rules about grants must not assume the ACE applies).
pub(crate) fn is_conditional(ace: &Ace) -> bool {
    !matches!(ace.data, AceData::None)
}

pub(crate) use sddl_core::objects::undefined_bits;

/// Every SID the descriptor names outside conditions: owner, group and ACE trustees, with the
/// span of its text.
pub(crate) fn trustees<'a>(rcx: &RuleContext<'a>) -> Vec<(SidRef, Span)> {
    let mut v: Vec<(SidRef, Span)> = [&rcx.sd.owner, &rcx.sd.group]
        .into_iter()
        .flatten()
        .map(|o| (o.sid, o.sid_span))
        .collect();
    v.extend(
        rcx.all_aces()
            .filter(|a| !matches!(a.ace_type, AceType::Unknown(_)))
            .map(|a| (a.sid, a.spans.trustee)),
    );
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::{CodeStatus, CODES};

    #[test]
    fn registry_matches_the_code_table() {
        let active: Vec<(&str, &str)> = CODES
            .iter()
            .filter_map(|e| match e.status {
                CodeStatus::Active(n) => Some((e.code, n)),
                _ => None,
            })
            .collect();
        let rules: Vec<(&str, &str)> = RULES.iter().map(|r| (r.code, r.name)).collect();
        assert_eq!(active, rules);
    }

    #[test]
    fn names_read_as_allow_name() {
        for r in RULES {
            assert!(
                r.name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{} is not kebab-case",
                r.name
            );
            for bad in ["no-", "disallow", "banned", "avoid", "use-"] {
                assert!(!r.name.starts_with(bad), "{}: name the bad pattern", r.name);
            }
            assert!(
                r.file
                    .ends_with(&format!("{}.rs", r.name.replace('-', "_"))),
                "{} lives in {}",
                r.name,
                r.file
            );
        }
    }

    #[test]
    fn levels_follow_categories() {
        use crate::registry::Category;
        use crate::Level;
        for r in RULES {
            let ok = match r.category {
                Category::Security | Category::Correctness => r.default_level >= Level::Warning,
                Category::Suspicious => r.default_level != Level::Error,
                Category::Portability | Category::Style => r.default_level <= Level::Warning,
            };
            assert!(ok, "{}: {} rule at {}", r.name, r.category, r.default_level);
        }
    }

    #[test]
    fn write_sets() {
        assert_eq!(write_bits(Some(ObjectKind::File)), Some(0x6 | DELETE));
        assert_eq!(write_bits(Some(ObjectKind::NamedPipe)), None);
        assert_eq!(
            right_names(Some(ObjectKind::NamedPipe), 0x6),
            "`FILE_WRITE_DATA` and `FILE_CREATE_PIPE_INSTANCE`"
        );
        assert_eq!(
            right_names(None, GENERIC_ALL | WRITE_DAC),
            "`GENERIC_ALL` and `WRITE_DAC`"
        );
        assert_eq!(mask_text(0x1f01ff, false), "FA");
    }
}
