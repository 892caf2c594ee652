//! Model to binary self-relative descriptor, byte for byte as Windows writes it.

use super::bytes::{align4, put_sid};
use super::decode::HEADER_LEN;
use super::{claim, cond, resolve_sid, DataError, EncodeError, EncodeOptions, Location};
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

    let mut out = Vec::with_capacity(total);
    out.push(1);
    out.push(sd.rm_control);
    out.extend_from_slice(&sd.control().to_le_bytes());
    out.extend_from_slice(&off_owner.to_le_bytes());
    out.extend_from_slice(&off_group.to_le_bytes());
    out.extend_from_slice(&off_sacl.to_le_bytes());
    out.extend_from_slice(&off_dacl.to_le_bytes());
    if let (Some(acl), Some(plan)) = (&sd.sacl, sacl) {
        write_acl(&mut out, acl, plan, Part::Sacl, domain)?;
    }
    if let (Some(acl), Some(plan)) = (&sd.dacl, dacl) {
        write_acl(&mut out, acl, plan, Part::Dacl, domain)?;
    }
    for s in [owner, group].into_iter().flatten() {
        put_sid(&mut out, &s);
    }
    debug_assert_eq!(out.len(), total);
    Ok(out)
}

/// Encodes a SID in its binary form (MS-DTYP 2.4.2.2).
pub fn encode_sid(sid: &Sid) -> Vec<u8> {
    let mut out = Vec::with_capacity(sid.binary_len());
    put_sid(&mut out, sid);
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

/// How one ACE is written.
struct AceShape {
    /// The type byte.
    code: u8,
    /// Whether the object-flags word and GUIDs are written.
    object: bool,
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
    let size = needed.max(acl.declared_size.map_or(0, usize::from));
    Ok(Some(AclPlan { revision, size }))
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
            code: t.code(),
            object: false,
            size: align4(4 + body),
            slack: 0,
        });
    }
    let mut code = t.code();
    let mut object = t.is_object();
    let mut slack = 0;
    let guids = ace.object_type.is_some() as usize + ace.inherited_object_type.is_some() as usize;
    if object && guids == 0 && from_sddl {
        if let Some(plain) = plain_type(t) {
            code = plain.code();
            object = false;
            slack = 4;
        }
    }
    let sid = resolve_sid(&ace.sid, domain)?;
    let mut size = 8 + sid.binary_len();
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
        code,
        object,
        size: align4(size),
        slack,
    })
}

fn write_acl(
    out: &mut Vec<u8>,
    acl: &Acl,
    plan: AclPlan,
    part: Part,
    domain: Option<&Sid>,
) -> Result<(), EncodeError> {
    if plan.size == 0 {
        return Ok(());
    }
    let start = out.len();
    out.push(plan.revision);
    out.push(0);
    out.extend_from_slice(&(plan.size as u16).to_le_bytes());
    out.extend_from_slice(&(acl.aces.len() as u16).to_le_bytes());
    out.extend_from_slice(&[0, 0]);
    let from_sddl = acl.revision.is_none();
    for (i, ace) in acl.aces.iter().enumerate() {
        write_ace(out, ace, from_sddl, domain).map_err(|e| e.at(part.ace(i)))?;
    }
    out.resize(start + plan.size, 0);
    Ok(())
}

fn write_ace(
    out: &mut Vec<u8>,
    ace: &Ace,
    from_sddl: bool,
    domain: Option<&Sid>,
) -> Result<(), DataError> {
    let shape = ace_shape(ace, from_sddl, domain)?;
    let start = out.len();
    out.push(shape.code);
    out.push(ace.flags);
    out.extend_from_slice(&(shape.size as u16).to_le_bytes());
    if matches!(
        ace.ace_type,
        AceType::Unknown(_) | AceType::AccessAllowedCompound
    ) {
        if let AceData::Opaque(b) = &ace.data {
            out.extend_from_slice(b);
        }
        out.resize(start + shape.size, 0);
        return Ok(());
    }
    out.extend_from_slice(&ace.mask.to_le_bytes());
    if shape.object {
        let flags =
            ace.object_type.is_some() as u32 | (ace.inherited_object_type.is_some() as u32) << 1;
        out.extend_from_slice(&flags.to_le_bytes());
        for g in [&ace.object_type, &ace.inherited_object_type]
            .into_iter()
            .flatten()
        {
            out.extend_from_slice(&g.to_bytes());
        }
    }
    put_sid(out, &resolve_sid(&ace.sid, domain)?);
    match &ace.data {
        AceData::None => {}
        AceData::Opaque(b) => out.extend_from_slice(b),
        AceData::Condition(c) => cond::write_condition(out, c, domain)?,
        AceData::Attribute(a) => claim::write_claim(out, a, domain)?,
    }
    out.resize(start + shape.size, 0);
    Ok(())
}
