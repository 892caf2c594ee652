//! Model to binary self-relative descriptor, byte for byte as Windows writes it.

use super::bytes::{align4, zeroed, Writer};
use super::decode::HEADER_LEN;
use super::{
    claim, cond, put_sid_ref, resolve_sid, sid_ref_len, DataError, EncodeError, EncodeOptions,
    Location,
};
use crate::limits::MAX_ACL_SIZE;
use crate::model::{Ace, AceData, AceType, Acl, Owner, SecurityDescriptor};
use crate::sid::Sid;

/// Encodes `sd` as a self-relative security descriptor: header, SACL, DACL, owner, group.
///
/// Domain-relative aliases left symbolic ([`crate::SidRef::Unresolved`]) resolve against
/// `opts.domain_sid`; without one they are an error. See the [module docs](super) for the
/// Windows rules the encoder follows.
pub fn encode(sd: &SecurityDescriptor, opts: &EncodeOptions) -> Result<Vec<u8>, EncodeError> {
    let domain = opts.domain_sid.as_ref();
    let owner = owner_sid(&sd.owner, Location::Owner, domain)?;
    let group = owner_sid(&sd.group, Location::Group, domain)?;
    let sacl = acl_plan(sd.sacl.as_ref(), Part::Sacl, domain)?;
    let dacl = acl_plan(sd.dacl.as_ref(), Part::Dacl, domain)?;

    let mut off = HEADER_LEN;
    let mut place = |size: usize| -> u32 {
        if size == 0 {
            return 0;
        }
        let at = off;
        off += size;
        at as u32
    };
    let off_sacl = place(sacl.map_or(0, |p| p.size));
    let off_dacl = place(dacl.map_or(0, |p| p.size));
    let off_owner = place(owner.map_or(0, |s| s.binary_len()));
    let off_group = place(group.map_or(0, |s| s.binary_len()));
    let total = off;

    // The plan gave every size: write into a zeroed buffer of exactly that size, so padding and
    // slack are skipped rather than written.
    let mut out = zeroed(total);
    let mut w = Writer::new(&mut out);
    let mut head = [0u8; HEADER_LEN];
    head[0] = 1;
    head[1] = sd.rm_control;
    head[2..4].copy_from_slice(&sd.control().to_le_bytes());
    head[4..8].copy_from_slice(&off_owner.to_le_bytes());
    head[8..12].copy_from_slice(&off_group.to_le_bytes());
    head[12..16].copy_from_slice(&off_sacl.to_le_bytes());
    head[16..20].copy_from_slice(&off_dacl.to_le_bytes());
    w.put(head);
    if let (Some(acl), Some(plan)) = (&sd.sacl, sacl) {
        write_acl(&mut w, acl, plan, Part::Sacl, domain)?;
    }
    if let (Some(acl), Some(plan)) = (&sd.dacl, dacl) {
        write_acl(&mut w, acl, plan, Part::Dacl, domain)?;
    }
    for s in [owner, group].into_iter().flatten() {
        w.put_sid(&s);
    }
    debug_assert_eq!(w.pos(), total);
    Ok(out)
}

/// Encodes a SID in its binary form (MS-DTYP 2.4.2.2).
pub fn encode_sid(sid: &Sid) -> Vec<u8> {
    let mut out = zeroed(sid.binary_len());
    Writer::new(&mut out).put_sid(sid);
    out
}

fn owner_sid(
    o: &Option<Owner>,
    at: Location,
    domain: Option<&Sid>,
) -> Result<Option<Sid>, EncodeError> {
    o.as_ref()
        .map(|o| resolve_sid(&o.sid, domain).map_err(|e| e.at(at)))
        .transpose()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Dacl,
    Sacl,
}

impl Part {
    fn whole(self) -> Location {
        match self {
            Part::Dacl => Location::Dacl,
            Part::Sacl => Location::Sacl,
        }
    }

    fn ace(self, i: usize) -> Location {
        match self {
            Part::Dacl => Location::DaclAce(i),
            Part::Sacl => Location::SaclAce(i),
        }
    }
}

/// What the ACL takes in the buffer: its revision and `AclSize` (0 for a NULL ACL).
#[derive(Clone, Copy)]
struct AclPlan {
    revision: u8,
    size: usize,
}

/// What one ACE takes in the ACL.
struct AceShape {
    /// Bytes the ACE takes, padding included.
    size: usize,
    /// Spare bytes Windows counts in the ACL for this ACE (an object ACE from SDDL without GUIDs
    /// written as the plain ACE: 4).
    slack: usize,
}

/// The plain type Windows writes for an object ACE from SDDL that has neither GUID.
fn plain_type(t: AceType) -> Option<AceType> {
    Some(match t {
        AceType::AccessAllowedObject => AceType::AccessAllowed,
        AceType::AccessDeniedObject => AceType::AccessDenied,
        AceType::SystemAuditObject => AceType::SystemAudit,
        AceType::SystemAlarmObject => AceType::SystemAlarm,
        _ => return None,
    })
}

fn acl_plan(
    acl: Option<&Acl>,
    part: Part,
    domain: Option<&Sid>,
) -> Result<Option<AclPlan>, EncodeError> {
    let Some(acl) = acl else { return Ok(None) };
    if acl.null {
        if !acl.aces.is_empty() {
            return Err(EncodeError::AcesInNullAcl { at: part.whole() });
        }
        return Ok(Some(AclPlan {
            revision: 0,
            size: 0,
        }));
    }
    let from_sddl = acl.revision.is_none();
    let mut needed = 8;
    let mut any_object = false;
    for (i, ace) in acl.aces.iter().enumerate() {
        any_object |= ace.ace_type.is_object();
        let shape = ace_shape(ace, from_sddl, domain).map_err(|e| e.at(part.ace(i)))?;
        if shape.size > u16::MAX as usize {
            return Err(EncodeError::AceTooLarge {
                at: part.ace(i),
                size: shape.size,
            });
        }
        needed += shape.size + shape.slack;
        if needed > MAX_ACL_SIZE {
            return Err(EncodeError::AclTooLarge {
                at: part.whole(),
                size: needed,
            });
        }
    }
    let revision = acl.revision.unwrap_or(if any_object { 4 } else { 2 });
    // Slack decoded from binary stays after the ACEs; it cannot push the ACL past 64 KiB.
    let size = (needed + usize::from(acl.slack)).min(MAX_ACL_SIZE);
    Ok(Some(AclPlan { revision, size }))
}

/// The type byte written for `ace`, and whether the object-flags word and GUIDs are written:
/// an object ACE from SDDL with neither GUID is written as the plain type (see the module docs).
#[inline]
fn written_type(ace: &Ace, from_sddl: bool) -> (u8, bool) {
    let t = ace.ace_type;
    if t.is_object()
        && from_sddl
        && ace.object_type.is_none()
        && ace.inherited_object_type.is_none()
    {
        if let Some(plain) = plain_type(t) {
            return (plain.code(), false);
        }
    }
    (t.code(), t.is_object())
}

fn ace_shape(ace: &Ace, from_sddl: bool, domain: Option<&Sid>) -> Result<AceShape, DataError> {
    let t = ace.ace_type;
    let opaque_body = matches!(t, AceType::Unknown(_) | AceType::AccessAllowedCompound);
    if !t.is_object() && (ace.object_type.is_some() || ace.inherited_object_type.is_some()) {
        return Err(DataError::Invalid(
            "a guid on an ace type that takes none".into(),
        ));
    }
    if opaque_body {
        let body = match &ace.data {
            AceData::None => 0,
            AceData::Opaque(b) => b.len(),
            _ => {
                return Err(DataError::Invalid(format!(
                    "ace type {:#04x} can only carry an opaque body",
                    t.code()
                )))
            }
        };
        return Ok(AceShape {
            size: align4(4 + body),
            slack: 0,
        });
    }
    let (_, object) = written_type(ace, from_sddl);
    let slack = if t.is_object() && !object { 4 } else { 0 };
    let guids = ace.object_type.is_some() as usize + ace.inherited_object_type.is_some() as usize;
    let mut size = 8 + sid_ref_len(&ace.sid, domain)?;
    if object {
        size += 4 + 16 * guids;
    }
    size += match &ace.data {
        AceData::None => 0,
        AceData::Opaque(b) => b.len(),
        AceData::Condition(c) if t.is_callback() => cond::condition_len(c, domain)?,
        AceData::Attribute(a) if t == AceType::SystemResourceAttribute => {
            claim::claim_len(a, domain)?
        }
        AceData::Condition(_) => {
            return Err(DataError::Invalid(
                "a condition on an ace type that is not a callback type".into(),
            ))
        }
        AceData::Attribute(_) => {
            return Err(DataError::Invalid(
                "a resource attribute on an ace type other than `RA`".into(),
            ))
        }
    };
    Ok(AceShape {
        size: align4(size),
        slack,
    })
}

/// Writes the ACL [`acl_plan`] planned (and checked).
fn write_acl(
    w: &mut Writer<'_>,
    acl: &Acl,
    plan: AclPlan,
    part: Part,
    domain: Option<&Sid>,
) -> Result<(), EncodeError> {
    if plan.size == 0 {
        return Ok(());
    }
    let start = w.pos();
    let size = (plan.size as u16).to_le_bytes();
    let count = (acl.aces.len() as u16).to_le_bytes();
    w.put([plan.revision, 0, size[0], size[1], count[0], count[1], 0, 0]);
    let from_sddl = acl.revision.is_none();
    for (i, ace) in acl.aces.iter().enumerate() {
        write_ace(w, ace, from_sddl, domain).map_err(|e| e.at(part.ace(i)))?;
    }
    // Slack Windows leaves at the end of the ACL stays zero.
    w.set_pos(start + plan.size);
    Ok(())
}

/// Writes an ACE [`ace_shape`] has checked; its size is patched in once its body is written.
fn write_ace(
    w: &mut Writer<'_>,
    ace: &Ace,
    from_sddl: bool,
    domain: Option<&Sid>,
) -> Result<(), DataError> {
    let start = w.pos();
    let (code, object) = written_type(ace, from_sddl);
    if matches!(
        ace.ace_type,
        AceType::Unknown(_) | AceType::AccessAllowedCompound
    ) {
        w.put([code, ace.flags, 0, 0]);
        if let AceData::Opaque(b) = &ace.data {
            w.put_slice(b);
        }
    } else {
        let m = ace.mask.to_le_bytes();
        w.put([code, ace.flags, 0, 0, m[0], m[1], m[2], m[3]]);
        if object {
            let flags = ace.object_type.is_some() as u32
                | (ace.inherited_object_type.is_some() as u32) << 1;
            w.put_u32(flags);
            for g in [&ace.object_type, &ace.inherited_object_type]
                .into_iter()
                .flatten()
            {
                w.put(g.to_bytes());
            }
        }
        put_sid_ref(w, &ace.sid, domain)?;
        match &ace.data {
            AceData::None => {}
            AceData::Opaque(b) => w.put_slice(b),
            AceData::Condition(c) => cond::write_condition(w, c, domain)?,
            AceData::Attribute(a) => claim::write_claim(w, a, domain)?,
        }
    }
    let size = align4(w.pos() - start);
    w.patch_u16(start + 2, size as u16);
    w.set_pos(start + size);
    Ok(())
}
