//! The canonical formatter: prints what `ConvertSecurityDescriptorToStringSecurityDescriptor`
//! prints.

use crate::cond::format::{condition_bytes, resource_attribute_bytes};
use crate::limits::MAX_INPUT_LEN;
use crate::model::{ace_flags, Ace, AceData, AceType, Acl, SecurityDescriptor};
use crate::out::{self, Text};
use crate::rights::{mask_text, MAX_MASK_TEXT};
use crate::sid::{alias_for_sid, sid_bytes, sid_text, Sid, SidRef, MAX_SID_TEXT};

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
    // Canonical text is rarely longer than what it was parsed from (the descriptor's span);
    // typical ACEs print in 20 to 60 bytes, object ACEs add 37 per GUID.
    // (Spans are public fields: take the length as untrusted.)
    let text_len = (sd.span.end.saturating_sub(sd.span.start) as usize).min(MAX_INPUT_LEN);
    let mut out = Vec::with_capacity((text_len + 64).max(96 + 64 * ace_count(sd)));
    sd_bytes(&mut out, sd, opts);
    out::into_string(out)
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
    out::append(out, |b| sd_bytes(b, sd, opts));
}

/// Appends one ACE, parentheses included.
pub fn write_ace(out: &mut String, ace: &Ace, opts: &FormatOptions) {
    out::append(out, |b| ace_bytes(b, ace, opts));
}

/// Writes a SID the way Windows does in SDDL: its alias when it has one, else `S-1-...`.
pub fn write_sid_ref(out: &mut String, sid: &SidRef, opts: &FormatOptions) {
    out::append(out, |b| sid_ref_bytes(b, sid, opts));
}

fn sd_bytes(out: &mut Vec<u8>, sd: &SecurityDescriptor, opts: &FormatOptions) {
    if let Some(o) = &sd.owner {
        out.extend_from_slice(b"O:");
        sid_ref_bytes(out, &o.sid, opts);
    }
    if let Some(g) = &sd.group {
        out.extend_from_slice(b"G:");
        sid_ref_bytes(out, &g.sid, opts);
    }
    if let Some(d) = &sd.dacl {
        out.extend_from_slice(b"D:");
        acl_bytes(out, d, opts);
    }
    if let Some(s) = &sd.sacl {
        out.extend_from_slice(b"S:");
        acl_bytes(out, s, opts);
    }
}

fn acl_bytes(out: &mut Vec<u8>, acl: &Acl, opts: &FormatOptions) {
    if acl.flags.protected {
        out.push(b'P');
    }
    if acl.flags.auto_inherit_req {
        out.extend_from_slice(b"AR");
    }
    if acl.flags.auto_inherited {
        out.extend_from_slice(b"AI");
    }
    if acl.null {
        out.extend_from_slice(b"NO_ACCESS_CONTROL");
    }
    // One text for every ACE: it is zeroed once, not once per ACE.
    let mut head = AceHead::new();
    for ace in &acl.aces {
        ace_text_bytes(out, &mut head, ace, opts);
    }
}

/// The SDDL code of each ACE flag bit, by bit position.
const FLAG_BY_BIT: [[u8; 2]; 8] = {
    let mut t = [[0u8; 2]; 8];
    let mut i = 0;
    while i < ace_flags::SDDL.len() {
        let (code, bit) = ace_flags::SDDL[i];
        // Windows prints the flags in table order; the table is in ascending bit order, so
        // printing the set bits lowest first is the same order.
        assert!(bit.count_ones() == 1 && bit.trailing_zeros() as usize == i);
        let c = code.as_bytes();
        t[i] = [c[0], c[1]];
        i += 1;
    }
    t
};

/// The longest ACE text but its condition or attribute: `(`, a type (`0x..`: 4), `;`, the eight
/// flags (16), `;`, rights, `;`, two GUIDs and their `;`s, the trustee and `)`.
const MAX_ACE_HEAD: usize = 1 + 4 + 1 + 16 + 1 + MAX_MASK_TEXT + 1 + 37 + 37 + MAX_SID_TEXT + 1;

type AceHead = Text<{ MAX_ACE_HEAD + 16 }>;

pub(crate) fn ace_bytes(out: &mut Vec<u8>, ace: &Ace, opts: &FormatOptions) {
    ace_text_bytes(out, &mut AceHead::new(), ace, opts);
}

/// [`ace_bytes`] with the text to build the ACE's head in (emptied first).
fn ace_text_bytes(out: &mut Vec<u8>, t: &mut AceHead, ace: &Ace, opts: &FormatOptions) {
    // Everything but the condition or attribute is built on the stack and appended in one
    // copy.
    t.clear();
    t.push(b'(');
    match ace.ace_type.sddl() {
        Some(c) => t.push_code(c),
        None => {
            t.push_array(b"0x");
            t.push_hex_byte(ace.ace_type.code());
        }
    }
    t.push(b';');
    let mut flags = ace.flags;
    while flags != 0 {
        t.push_array(&FLAG_BY_BIT[flags.trailing_zeros() as usize]);
        flags &= flags - 1;
    }
    t.push(b';');
    mask_text(t, ace.mask, ace.ace_type == AceType::SystemMandatoryLabel);
    t.push(b';');
    if let Some(g) = &ace.object_type {
        t.push_array(&g.text());
    }
    t.push(b';');
    if let Some(g) = &ace.inherited_object_type {
        t.push_array(&g.text());
    }
    t.push(b';');
    match &ace.sid {
        SidRef::Sid(s) => match alias_for_sid(s, opts.domain_sid.as_ref()) {
            Some(a) => t.push_code(a.code),
            None => sid_text(t, s),
        },
        SidRef::Unresolved(a) => t.push_code(a.code),
    }
    if matches!(ace.data, AceData::None) {
        t.push(b')');
        out.extend_from_slice(t.as_bytes());
        return;
    }
    out.extend_from_slice(t.as_bytes());
    match &ace.data {
        AceData::None => {}
        AceData::Condition(c) => {
            out.push(b';');
            condition_bytes(out, c, opts);
        }
        AceData::Attribute(a) => {
            out.push(b';');
            resource_attribute_bytes(out, a, opts);
        }
        AceData::Opaque(bytes) => {
            out.extend_from_slice(b";#");
            for &b in bytes {
                out::push_hex_byte(out, b);
            }
        }
    }
    out.push(b')');
}

pub(crate) fn sid_ref_bytes(out: &mut Vec<u8>, sid: &SidRef, opts: &FormatOptions) {
    match sid {
        SidRef::Sid(s) => match alias_for_sid(s, opts.domain_sid.as_ref()) {
            Some(a) => out::push_code(out, a.code),
            None => sid_bytes(out, s),
        },
        SidRef::Unresolved(a) => out::push_code(out, a.code),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_codes_by_bit() {
        for &(code, bit) in ace_flags::SDDL {
            assert_eq!(FLAG_BY_BIT[bit.trailing_zeros() as usize], code.as_bytes());
        }
    }
}
