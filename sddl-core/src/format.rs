//! The canonical formatter: prints what `ConvertSecurityDescriptorToStringSecurityDescriptor`
//! prints.

use crate::cond::format::{write_condition, write_resource_attribute};
use crate::model::{ace_flags, Ace, AceData, AceType, Acl, SecurityDescriptor};
use crate::rights::write_mask;
use crate::sid::{alias_for_sid, write_sid, Sid, SidRef};
use std::fmt::Write;

#[derive(Clone, Debug, Default)]
pub struct FormatOptions {
    /// The domain SID: SIDs in it with a domain-alias RID print as the alias (`LA`, `DU`, ...).
    pub domain_sid: Option<Sid>,
}

/// Prints a descriptor as canonical SDDL: parts in the order O, G, D, S; ACL flags as
/// `P`, `AR`, `AI`; ACE flags in Windows' order; rights as Windows spells them; SIDs as aliases
/// where one exists; GUIDs in lower case.
///
/// ACEs that SDDL cannot express (types without an SDDL code, opaque data; these come only
/// from binary input) are printed with their type as `0x..` and their data as `#hex`, which no
/// SDDL parser accepts: nothing is dropped silently. Use [`first_unprintable`] to detect them.
pub fn to_sddl(sd: &SecurityDescriptor, opts: &FormatOptions) -> String {
    // Typical ACEs print in 20 to 60 bytes; object ACEs add 37 per GUID.
    let mut out = String::with_capacity(96 + 64 * ace_count(sd));
    write_sd(&mut out, sd, opts);
    out
}

fn ace_count(sd: &SecurityDescriptor) -> usize {
    sd.dacl.as_ref().map_or(0, |a| a.aces.len()) + sd.sacl.as_ref().map_or(0, |a| a.aces.len())
}

/// The first ACE SDDL cannot express (an ACE type without an SDDL code, or opaque data), if any.
pub fn first_unprintable(sd: &SecurityDescriptor) -> Option<&Ace> {
    [&sd.dacl, &sd.sacl]
        .into_iter()
        .flatten()
        .flat_map(|a| a.aces.iter())
        .find(|a| a.ace_type.sddl().is_none() || matches!(a.data, AceData::Opaque(_)))
}

/// Appends canonical SDDL to `out`.
pub fn write_sd(out: &mut String, sd: &SecurityDescriptor, opts: &FormatOptions) {
    if let Some(o) = &sd.owner {
        out.push_str("O:");
        write_sid_ref(out, &o.sid, opts);
    }
    if let Some(g) = &sd.group {
        out.push_str("G:");
        write_sid_ref(out, &g.sid, opts);
    }
    if let Some(d) = &sd.dacl {
        out.push_str("D:");
        write_acl(out, d, opts);
    }
    if let Some(s) = &sd.sacl {
        out.push_str("S:");
        write_acl(out, s, opts);
    }
}

fn write_acl(out: &mut String, acl: &Acl, opts: &FormatOptions) {
    if acl.flags.protected {
        out.push('P');
    }
    if acl.flags.auto_inherit_req {
        out.push_str("AR");
    }
    if acl.flags.auto_inherited {
        out.push_str("AI");
    }
    if acl.null {
        out.push_str("NO_ACCESS_CONTROL");
    }
    for ace in &acl.aces {
        write_ace(out, ace, opts);
    }
}

/// Appends one ACE, parentheses included.
pub fn write_ace(out: &mut String, ace: &Ace, opts: &FormatOptions) {
    out.push('(');
    match ace.ace_type.sddl() {
        Some(t) => out.push_str(t),
        None => {
            let _ = write!(out, "0x{:02x}", ace.ace_type.code());
        }
    }
    out.push(';');
    for &(code, bit) in ace_flags::SDDL {
        if ace.flags & bit != 0 {
            out.push_str(code);
        }
    }
    out.push(';');
    write_mask(out, ace.mask, ace.ace_type == AceType::SystemMandatoryLabel);
    out.push(';');
    if let Some(g) = &ace.object_type {
        g.write_to(out);
    }
    out.push(';');
    if let Some(g) = &ace.inherited_object_type {
        g.write_to(out);
    }
    out.push(';');
    write_sid_ref(out, &ace.sid, opts);
    match &ace.data {
        AceData::None => {}
        AceData::Condition(c) => {
            out.push(';');
            write_condition(out, c, opts);
        }
        AceData::Attribute(a) => {
            out.push(';');
            write_resource_attribute(out, a, opts);
        }
        AceData::Opaque(bytes) => {
            out.push_str(";#");
            for b in bytes {
                let _ = write!(out, "{b:02x}");
            }
        }
    }
    out.push(')');
}

/// Writes a SID the way Windows does in SDDL: its alias when it has one, else `S-1-...`.
pub fn write_sid_ref(out: &mut String, sid: &SidRef, opts: &FormatOptions) {
    match sid {
        SidRef::Sid(s) => match alias_for_sid(s, opts.domain_sid.as_ref()) {
            Some(a) => out.push_str(a.code),
            None => write_sid(out, s),
        },
        SidRef::Unresolved(a) => out.push_str(a.code),
    }
}
