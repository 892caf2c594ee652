//! The canonical formatter: prints what `ConvertSecurityDescriptorToStringSecurityDescriptor`
//! prints.

use crate::cond::format::{condition_bytes, resource_attribute_bytes};
use crate::limits::MAX_INPUT_LEN;
use crate::model::{
    ace_flags, Ace, AceData, AceType, Acl, AclFlags, Guid, SecurityDescriptor, TYPE_HEADS,
};
use crate::out;
use crate::rights::{mask_into, MAX_MASK_TEXT};
use crate::sid::{alias_for_sid, sid_bytes, sid_into, Sid, SidRef, MAX_SID_TEXT, SID_ROOM};

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
    acl_flags_bytes(out, acl.flags, acl.null);
    // One buffer for every ACE: it is zeroed once, not once per ACE.
    let mut head: AceHead = [0; HEAD_MASK + 1 + 64];
    for ace in &acl.aces {
        ace_text_bytes(out, &mut head, ace, opts);
    }
}

/// The ACL flags as Windows prints them: `P`, `AR`, `AI`, then `NO_ACCESS_CONTROL`.
#[inline(always)]
pub(crate) fn acl_flags_bytes(out: &mut Vec<u8>, flags: AclFlags, null: bool) {
    if flags.protected {
        out.push(b'P');
    }
    if flags.auto_inherit_req {
        out.extend_from_slice(b"AR");
    }
    if flags.auto_inherited {
        out.extend_from_slice(b"AI");
    }
    if null {
        out.extend_from_slice(b"NO_ACCESS_CONTROL");
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

/// The text of each flags byte: the codes of its set bits, lowest first (Windows' order), two
/// bytes each, 0 bytes after them.
const FLAG_TEXT: [[u8; 16]; 256] = {
    let mut t = [[0u8; 16]; 256];
    let mut v = 0;
    while v < 256 {
        let mut n = 0;
        let mut bit = 0;
        while bit < 8 {
            if v & (1 << bit) != 0 {
                t[v][n] = FLAG_BY_BIT[bit][0];
                t[v][n + 1] = FLAG_BY_BIT[bit][1];
                n += 2;
            }
            bit += 1;
        }
        v += 1;
    }
    t
};

/// The length of each [`FLAG_TEXT`]: two per set bit (a table: `count_ones` is no single
/// instruction on the baseline x86-64).
const FLAG_LEN: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut v = 0;
    while v < 256 {
        t[v] = 2 * (v as u32).count_ones() as u8;
        v += 1;
    }
    t
};

/// The longest ACE text but its condition or attribute: `(`, a type (`0x..`: 4), `;`, the eight
/// flags (16), `;`, rights, `;`, two GUIDs and their `;`s, the trustee and `)`.
const MAX_ACE_HEAD: usize = 1 + 4 + 1 + 16 + 1 + MAX_MASK_TEXT + 1 + 37 + 37 + MAX_SID_TEXT + 1;

/// Where an ACE but its condition or attribute is built: every write is at an offset masked
/// with [`HEAD_MASK`] (a no-op: heads are shorter, see the assertion), so the compiler sees
/// each fixed-size store of the cursor writers (`out::put`, at most 64 bytes) in bounds and
/// checks none of them.
pub(crate) type AceHead = [u8; HEAD_MASK + 1 + 64];
pub(crate) const HEAD_MASK: usize = 511;
const _: () = assert!(MAX_ACE_HEAD + 16 <= HEAD_MASK);
// The trustee is written in a window of `SID_ROOM` bytes after the fields before it.
const _: () = assert!(MAX_ACE_HEAD - MAX_SID_TEXT - 1 + SID_ROOM <= HEAD_MASK + 1 + 64);

pub(crate) fn ace_bytes(out: &mut Vec<u8>, ace: &Ace, opts: &FormatOptions) {
    ace_text_bytes(out, &mut [0; HEAD_MASK + 1 + 64], ace, opts);
}

/// Appends `b[..n]`. Most heads are at most 64 bytes: those are appended as 64 bytes (a copy
/// of known size, a few vector moves) and cut back, where a copy of `n` bytes is a call to
/// `memcpy`.
#[inline(always)]
pub(crate) fn append_head(out: &mut Vec<u8>, b: &AceHead, n: usize) {
    if n <= 64 {
        let at = out.len();
        let head: &[u8; 64] = b[..64].try_into().expect("64 bytes");
        out.extend_from_slice(head);
        out.truncate(at + n);
    } else {
        out.extend_from_slice(&b[..n]);
    }
}

/// [`ace_bytes`] with the buffer to build the ACE's head in.
pub(crate) fn ace_text_bytes(out: &mut Vec<u8>, b: &mut AceHead, ace: &Ace, opts: &FormatOptions) {
    // Everything but the condition or attribute is built on the stack, at a cursor, and
    // appended in one copy.
    let n = ace_head_into(
        b,
        ace.ace_type,
        ace.flags,
        ace.mask,
        ace.object_type.as_ref(),
        ace.inherited_object_type.as_ref(),
    );
    let mut n = trustee_into(b, n, &ace.sid, opts);
    if matches!(ace.data, AceData::None) {
        n = out::put_byte(b, n & HEAD_MASK, b')');
        append_head(out, b, n);
        return;
    }
    append_head(out, b, n);
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

/// Writes an ACE's text up to its trustee at the start of `b`: `(`, the type, flags, rights
/// and GUIDs, each with the `;` after it. Returns the position after it.
#[inline(always)]
pub(crate) fn ace_head_into(
    b: &mut AceHead,
    ace_type: AceType,
    flags: u8,
    mask: u32,
    object_type: Option<&Guid>,
    inherited_object_type: Option<&Guid>,
) -> usize {
    let known = match ace_type {
        // `sddl()` is `None` for these whatever their code.
        AceType::Unknown(_) => usize::MAX,
        t => t.code() as usize,
    };
    let (head, len) = TYPE_HEADS.get(known).copied().unwrap_or(([0; 4], 0));
    let mut n = if len != 0 {
        out::put(b, 0, &head);
        len as usize
    } else {
        let n = out::put(b, 0, b"(0x");
        let n = out::put_hex_byte(b, n, ace_type.code());
        out::put_byte(b, n, b';')
    };
    out::put(b, n & HEAD_MASK, &FLAG_TEXT[flags as usize]);
    n += FLAG_LEN[flags as usize] as usize;
    n = out::put_byte(b, n & HEAD_MASK, b';');
    n = mask_into(
        b,
        n & HEAD_MASK,
        mask,
        ace_type == AceType::SystemMandatoryLabel,
    );
    n = out::put_byte(b, n & HEAD_MASK, b';');
    if let Some(g) = object_type {
        n = out::put(b, n & HEAD_MASK, &g.text());
    }
    n = out::put_byte(b, n & HEAD_MASK, b';');
    if let Some(g) = inherited_object_type {
        n = out::put(b, n & HEAD_MASK, &g.text());
    }
    out::put_byte(b, n & HEAD_MASK, b';')
}

/// Writes a trustee at `b[n..]` as Windows prints it (its alias, else `S-1-...`). Returns the
/// position after it.
#[inline(always)]
pub(crate) fn trustee_into(b: &mut AceHead, n: usize, sid: &SidRef, opts: &FormatOptions) -> usize {
    match sid {
        SidRef::Sid(s) => match alias_for_sid(s, opts.domain_sid.as_ref()) {
            Some(a) => out::put_code(b, n & HEAD_MASK, a.code),
            None => sid_into(b, n & HEAD_MASK, s),
        },
        SidRef::Unresolved(a) => out::put_code(b, n & HEAD_MASK, a.code),
    }
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
    fn head_tables_match_the_code_tables() {
        for flags in 0..=255u8 {
            let mut want = Vec::new();
            for (bit, code) in FLAG_BY_BIT.iter().enumerate() {
                if flags & (1 << bit) != 0 {
                    want.extend_from_slice(code);
                }
            }
            let len = FLAG_LEN[flags as usize] as usize;
            assert_eq!(&FLAG_TEXT[flags as usize][..len], &want[..], "{flags:#x}");
            assert!(FLAG_TEXT[flags as usize][len..].iter().all(|&b| b == 0));
        }
        for code in 0..=255u8 {
            let t = AceType::from_code(code);
            let (head, len) = TYPE_HEADS
                .get(code as usize)
                .copied()
                .unwrap_or(([0; 4], 0));
            match t.sddl() {
                Some(s) => assert_eq!(&head[..len as usize], format!("({s};").as_bytes()),
                None => assert_eq!(len, 0, "{t:?}"),
            }
        }
        // Unknown types print their code whatever it is, even one that has an SDDL code.
        let ace = |t| Ace {
            ace_type: t,
            flags: 0,
            mask: 1,
            object_type: None,
            inherited_object_type: None,
            sid: SidRef::Sid(Sid::from_parts(1, &[0])),
            data: AceData::None,
            spans: Default::default(),
        };
        let mut out = Vec::new();
        ace_bytes(
            &mut out,
            &ace(AceType::Unknown(0)),
            &FormatOptions::default(),
        );
        assert_eq!(out, b"(0x00;;CC;;;WD)");
        out.clear();
        ace_bytes(
            &mut out,
            &ace(AceType::AccessAllowed),
            &FormatOptions::default(),
        );
        assert_eq!(out, b"(A;;CC;;;WD)");
    }

    #[test]
    fn flag_codes_by_bit() {
        for &(code, bit) in ace_flags::SDDL {
            assert_eq!(FLAG_BY_BIT[bit.trailing_zeros() as usize], code.as_bytes());
        }
    }
}
