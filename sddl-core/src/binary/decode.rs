//! Binary self-relative descriptor to model.

use super::bytes::{u16_at, u32_at};
use super::{claim, cond, DecodeError};
use crate::model::SecurityDescriptor;
use crate::model::{control, Ace, AceData, AceSpans, AceType, Acl, AclFlags, Guid, Owner};
use crate::sid::{Sid, SidRef, MAX_SUB_AUTHORITIES};
use crate::span::Span;

/// Size of the self-relative header.
pub(super) const HEADER_LEN: usize = 20;

/// Decodes a self-relative security descriptor.
///
/// The parts may sit anywhere after the header, in any order, but must lie inside `bytes` and
/// must not overlap; bytes between or after them are ignored. See the [module docs](super) for
/// what becomes an error and what is kept opaque.
pub fn decode(bytes: &[u8]) -> Result<SecurityDescriptor, DecodeError> {
    let len = bytes.len();
    if len < HEADER_LEN {
        return Err(DecodeError::Truncated {
            offset: 0,
            needed: HEADER_LEN,
            len,
            what: "the security descriptor header",
        });
    }
    if bytes[0] != 1 {
        return Err(DecodeError::UnsupportedRevision {
            offset: 0,
            revision: bytes[0],
        });
    }
    let rm_control = bytes[1];
    let ctl = u16_at(bytes, 2);
    if ctl & control::SELF_RELATIVE == 0 {
        return Err(DecodeError::NotSelfRelative {
            offset: 2,
            control: ctl,
        });
    }
    let off_owner = part_offset(bytes, 4, "owner")?;
    let off_group = part_offset(bytes, 8, "group")?;
    let off_sacl = if ctl & control::SACL_PRESENT != 0 {
        Some(part_offset(bytes, 12, "sacl")?)
    } else {
        None
    };
    let off_dacl = if ctl & control::DACL_PRESENT != 0 {
        Some(part_offset(bytes, 16, "dacl")?)
    } else {
        None
    };

    // (start, end, name) of every part that occupies bytes, for the overlap check.
    let mut ranges: [(usize, usize, &'static str); 4] = [(0, 0, ""); 4];
    let mut n_ranges = 0;

    let mut read_owner = |off: usize, name: &'static str| -> Result<Option<Owner>, DecodeError> {
        if off == 0 {
            return Ok(None);
        }
        let (sid, end) = read_sid(bytes, off, Bound::Buffer)?;
        ranges[n_ranges] = (off, end, name);
        n_ranges += 1;
        Ok(Some(Owner {
            sid: SidRef::Sid(sid),
            span: Span::DETACHED,
            sid_span: Span::DETACHED,
        }))
    };
    let owner = read_owner(off_owner, "owner")?;
    let group = read_owner(off_group, "group")?;

    let sacl = match off_sacl {
        None => None,
        Some(off) => Some(read_acl_part(
            bytes,
            off,
            "sacl",
            ctl,
            control::SACL_PROTECTED,
            control::SACL_AUTO_INHERIT_REQ,
            control::SACL_AUTO_INHERITED,
            &mut ranges,
            &mut n_ranges,
        )?),
    };
    let dacl = match off_dacl {
        None => None,
        Some(off) => Some(read_acl_part(
            bytes,
            off,
            "dacl",
            ctl,
            control::DACL_PROTECTED,
            control::DACL_AUTO_INHERIT_REQ,
            control::DACL_AUTO_INHERITED,
            &mut ranges,
            &mut n_ranges,
        )?),
    };

    let ranges = &ranges[..n_ranges];
    for (i, a) in ranges.iter().enumerate() {
        for b in &ranges[i + 1..] {
            if a.0 < b.1 && b.0 < a.1 {
                let (first, second) = if a.0 <= b.0 { (a, b) } else { (b, a) };
                return Err(DecodeError::OverlappingParts {
                    offset: second.0,
                    first: first.2,
                    second: second.2,
                });
            }
        }
    }

    Ok(SecurityDescriptor {
        owner,
        group,
        dacl,
        sacl,
        extra_control: ctl & !(control::DERIVED | control::SELF_RELATIVE),
        rm_control,
        span: Span::DETACHED,
    })
}

/// Reads the part offset stored at `field`: 0 (absent) or an offset past the header and inside
/// the buffer.
fn part_offset(b: &[u8], field: usize, part: &'static str) -> Result<usize, DecodeError> {
    let value = u32_at(b, field);
    let v = value as usize;
    if value != 0 && (v < HEADER_LEN || v >= b.len()) {
        return Err(DecodeError::OffsetOutOfRange {
            offset: field,
            part,
            value,
            len: b.len(),
        });
    }
    Ok(v)
}

#[allow(clippy::too_many_arguments)]
fn read_acl_part(
    bytes: &[u8],
    off: usize,
    name: &'static str,
    ctl: u16,
    protected: u16,
    auto_inherit_req: u16,
    auto_inherited: u16,
    ranges: &mut [(usize, usize, &'static str); 4],
    n_ranges: &mut usize,
) -> Result<Acl, DecodeError> {
    let flags = AclFlags {
        protected: ctl & protected != 0,
        auto_inherit_req: ctl & auto_inherit_req != 0,
        auto_inherited: ctl & auto_inherited != 0,
    };
    if off == 0 {
        return Ok(Acl {
            flags,
            null: true,
            ..Acl::default()
        });
    }
    let mut acl = read_acl(bytes, off)?;
    acl.flags = flags;
    let size = u16_at(bytes, off + 2) as usize;
    ranges[*n_ranges] = (off, off + size, name);
    *n_ranges += 1;
    Ok(acl)
}

/// Where a read may not go past: the whole buffer, or the current ACE.
#[derive(Clone, Copy)]
enum Bound {
    Buffer,
    /// The ACE ends at this absolute offset.
    Ace(usize),
}

impl Bound {
    /// The error for `needed` bytes at `at` that are not there.
    #[cold]
    fn short(self, b: &[u8], at: usize, needed: usize, what: &'static str) -> DecodeError {
        match self {
            Bound::Buffer => DecodeError::Truncated {
                offset: at,
                needed,
                len: b.len(),
                what,
            },
            Bound::Ace(end) => DecodeError::AceTooShort {
                offset: at,
                needed,
                end,
                what,
            },
        }
    }

    #[inline]
    fn check(
        self,
        b: &[u8],
        at: usize,
        needed: usize,
        what: &'static str,
    ) -> Result<(), DecodeError> {
        let limit = match self {
            Bound::Buffer => b.len(),
            Bound::Ace(end) => end,
        };
        if at + needed > limit {
            Err(self.short(b, at, needed, what))
        } else {
            Ok(())
        }
    }
}

/// Reads a binary SID at `at`; returns it and the offset just past it.
#[inline]
fn read_sid(b: &[u8], at: usize, bound: Bound) -> Result<(Sid, usize), DecodeError> {
    let limit = match bound {
        Bound::Buffer => b.len(),
        Bound::Ace(end) => end,
    };
    let avail = b.get(at..limit).unwrap_or(&[]);
    if avail.len() < 8 {
        return Err(bound.short(b, at, 8, "a sid"));
    }
    let count = avail[1] as usize;
    if count > MAX_SUB_AUTHORITIES {
        return Err(DecodeError::TooManySubAuthorities {
            offset: at + 1,
            count: avail[1],
        });
    }
    let len = 8 + 4 * count;
    if avail.len() < len {
        return Err(bound.short(b, at, len, "a sid"));
    }
    let s = &avail[..len];
    let authority = u64::from_be_bytes([0, 0, s[2], s[3], s[4], s[5], s[6], s[7]]);
    // Copy the sub-authority bytes into a fixed-size buffer, then convert with fixed bounds.
    let mut raw = [0u8; 4 * MAX_SUB_AUTHORITIES];
    raw[..4 * count].copy_from_slice(&s[8..]);
    let mut subs = [0u32; MAX_SUB_AUTHORITIES];
    for (d, c) in subs.iter_mut().zip(raw.chunks_exact(4)) {
        *d = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
    }
    // Cannot fail: at most 15 sub-authorities, and 6 bytes are at most 48 bits.
    let sid = Sid::new(s[0], authority, &subs[..count]).unwrap_or(NULL_SID);
    Ok((sid, at + len))
}

/// Decodes a binary SID from the start of `bytes` (bytes after it are ignored).
pub fn decode_sid(bytes: &[u8]) -> Result<Sid, DecodeError> {
    read_sid(bytes, 0, Bound::Buffer).map(|(s, _)| s)
}

/// Decodes one binary SID that must fill `bytes` exactly (the SIDs inside conditional
/// expressions and claims carry their own length).
pub(super) fn sid_exact(bytes: &[u8]) -> Option<Sid> {
    match read_sid(bytes, 0, Bound::Buffer) {
        Ok((sid, end)) if end == bytes.len() => Some(sid),
        _ => None,
    }
}

/// `S-1-0-0`, the trustee recorded for ACEs whose body is kept opaque.
pub(super) const NULL_SID: Sid = Sid::from_parts(0, &[0]);

/// Reads the ACL at `at`. The flags are left default (they live in the control word).
fn read_acl(b: &[u8], at: usize) -> Result<Acl, DecodeError> {
    Bound::Buffer.check(b, at, 8, "an acl header")?;
    let revision = b[at];
    if !(2..=4).contains(&revision) {
        return Err(DecodeError::InvalidAclRevision {
            offset: at,
            revision,
        });
    }
    let size = u16_at(b, at + 2);
    if size < 8 {
        return Err(DecodeError::InvalidAclSize {
            offset: at + 2,
            size,
        });
    }
    Bound::Buffer.check(b, at, size as usize, "the acl")?;
    let count = u16_at(b, at + 4);
    let end = at + size as usize;
    // Every ACE takes at least 4 bytes: never reserve more than the ACL can hold.
    let mut aces = Vec::with_capacity((count as usize).min((size as usize - 8) / 4));
    let mut p = at + 8;
    for index in 0..count as usize {
        if p + 4 > end {
            return Err(DecodeError::AceCountMismatch {
                offset: p,
                index,
                count,
                size,
            });
        }
        let ace_size = u16_at(b, p + 2);
        if ace_size < 4 || ace_size % 4 != 0 {
            return Err(DecodeError::InvalidAceSize {
                offset: p + 2,
                size: ace_size,
            });
        }
        let ace_end = p + ace_size as usize;
        if ace_end > end {
            return Err(DecodeError::AceCountMismatch {
                offset: p,
                index,
                count,
                size,
            });
        }
        read_ace(b, p, ace_end, &mut aces)?;
        p = ace_end;
    }
    let used = p - at;
    Ok(Acl {
        flags: AclFlags::default(),
        null: false,
        aces,
        revision: Some(revision),
        // `used <= size`: every ACE ended inside the declared size.
        slack: (size as usize - used) as u16,
        span: Span::DETACHED,
        flags_span: Span::DETACHED,
    })
}

fn read_guid(b: &[u8], at: usize) -> Guid {
    let mut g = [0u8; 16];
    g.copy_from_slice(&b[at..at + 16]);
    Guid::from_bytes(&g)
}

/// Reads the ACE occupying `b[at..end]` (its size already checked: a multiple of 4, at least 4)
/// and appends it to `aces` (built in place: an ACE is a few hundred bytes).
#[inline]
fn read_ace(b: &[u8], at: usize, end: usize, aces: &mut Vec<Ace>) -> Result<(), DecodeError> {
    let ace_type = AceType::from_code(b[at]);
    let flags = b[at + 1];
    if matches!(
        ace_type,
        AceType::Unknown(_) | AceType::AccessAllowedCompound
    ) {
        aces.push(Ace {
            ace_type,
            flags,
            mask: 0,
            object_type: None,
            inherited_object_type: None,
            sid: SidRef::Sid(NULL_SID),
            data: AceData::Opaque(b[at + 4..end].to_vec()),
            spans: AceSpans::default(),
        });
        return Ok(());
    }
    let bound = Bound::Ace(end);
    bound.check(b, at + 4, 4, "the access mask")?;
    let mask = u32_at(b, at + 4);
    let mut p = at + 8;
    let mut object_type = None;
    let mut inherited_object_type = None;
    if ace_type.is_object() {
        bound.check(b, p, 4, "the object flags")?;
        let oflags = u32_at(b, p);
        if oflags & !3 != 0 {
            return Err(DecodeError::InvalidObjectFlags {
                offset: p,
                flags: oflags,
            });
        }
        p += 4;
        if oflags & 1 != 0 {
            bound.check(b, p, 16, "the object type guid")?;
            object_type = Some(read_guid(b, p));
            p += 16;
        }
        if oflags & 2 != 0 {
            bound.check(b, p, 16, "the inherited object type guid")?;
            inherited_object_type = Some(read_guid(b, p));
            p += 16;
        }
    }
    let (sid, p) = read_sid(b, p, bound)?;
    let rest = &b[p..end];
    let data = if rest.is_empty() {
        AceData::None
    } else if ace_type.is_callback() {
        match cond::decode_condition(rest) {
            Ok(c) => AceData::Condition(Box::new(c)),
            Err(_) => AceData::Opaque(rest.to_vec()),
        }
    } else if ace_type == AceType::SystemResourceAttribute {
        match claim::decode_claim(rest) {
            Ok(a) => AceData::Attribute(Box::new(a)),
            Err(_) => AceData::Opaque(rest.to_vec()),
        }
    } else {
        AceData::Opaque(rest.to_vec())
    };
    aces.push(Ace {
        ace_type,
        flags,
        mask,
        object_type,
        inherited_object_type,
        sid: SidRef::Sid(sid),
        data,
        spans: AceSpans::default(),
    });
    Ok(())
}
