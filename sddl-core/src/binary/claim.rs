//! Resource-attribute ACE application data: `CLAIM_SECURITY_ATTRIBUTE_RELATIVE_V1`
//! (MS-DTYP 2.4.10.1).
//!
//! Layout Windows writes: a 16-byte header (name offset u32, value type u16, reserved u16, flags
//! u32, value count u32), one u32 offset per value, the NUL-terminated UTF-16 name, then each value
//! in order with no alignment: 8 bytes for `TI`/`TU`/`TB`, NUL-terminated UTF-16 for `TS`, a u32
//! length and the bytes for `TX` and `TD` (a binary SID). Offsets are from the claim's start.

use super::bytes::{align4, u16_at, u32_at, u64_at, utf16_len, utf16_to_string, zeroed, Writer};
use super::decode::sid_exact;
use super::{
    put_sid_ref, sid_ref_len, DataError, DecodeError, EncodeError, EncodeOptions, Location,
};
use crate::cond::{ClaimType, ClaimValue, ResourceAttribute};
use crate::limits::MAX_ACL_SIZE;
use crate::sid::{Sid, SidRef};
use crate::span::Span;

const HEADER_LEN: usize = 16;

fn invalid(offset: usize, reason: impl Into<String>) -> DecodeError {
    DecodeError::InvalidClaim {
        offset,
        reason: reason.into(),
    }
}

/// Reads a NUL-terminated UTF-16 string at `at`; returns it and its size in bytes with the NUL.
fn read_cstr(app: &[u8], at: usize) -> Result<(String, usize), DecodeError> {
    let mut p = at;
    loop {
        // `at` comes from a 32-bit field: compare without adding to it.
        if p >= app.len() || app.len() - p < 2 {
            return Err(invalid(at, "string without a terminating nul"));
        }
        if app[p] == 0 && app[p + 1] == 0 {
            break;
        }
        p += 2;
    }
    let s = utf16_to_string(&app[at..p]).ok_or_else(|| invalid(at, "unpaired utf-16 surrogate"))?;
    Ok((s, p + 2 - at))
}

/// Decodes resource-attribute application data (trailing bytes are padding). Offsets in errors
/// are relative to the start of `app`.
///
/// Values may not share bytes: the name and the values together may not take more bytes than
/// `app` has, so a hostile claim cannot make the decoder read or allocate more than its own size.
pub fn decode_claim(app: &[u8]) -> Result<ResourceAttribute, DecodeError> {
    if app.len() < HEADER_LEN {
        return Err(invalid(0, "shorter than the 16-byte claim header"));
    }
    let name_off = u32_at(app, 0) as usize;
    let code = u16_at(app, 4);
    let Some(value_type) = ClaimType::from_code(code) else {
        return Err(invalid(4, format!("unknown claim value type {code:#x}")));
    };
    let flags = u32_at(app, 8);
    let count = u32_at(app, 12) as usize;
    if count > (app.len() - HEADER_LEN) / 4 {
        return Err(invalid(12, format!("{count} value offsets do not fit")));
    }
    // Bytes used so far: header, offsets, name, values.
    let mut budget = HEADER_LEN + 4 * count;
    let (name, n) = read_cstr(app, name_off)?;
    budget += n;
    let mut values = Vec::with_capacity(count);
    for i in 0..count {
        let at_off = HEADER_LEN + 4 * i;
        let at = u32_at(app, at_off) as usize;
        if at >= app.len() {
            return Err(invalid(
                at_off,
                format!("value offset {at} is outside the claim"),
            ));
        }
        let (value, used) = match value_type {
            ClaimType::Int64 | ClaimType::Uint64 | ClaimType::Boolean => {
                if app.len() - at < 8 {
                    return Err(invalid(at, "value runs past the end"));
                }
                let v = u64_at(app, at);
                let value = match value_type {
                    ClaimType::Int64 => ClaimValue::Int64(v as i64),
                    ClaimType::Uint64 => ClaimValue::Uint64(v),
                    _ => ClaimValue::Boolean(v),
                };
                (value, 8)
            }
            ClaimType::String => {
                let (s, n) = read_cstr(app, at)?;
                (ClaimValue::String(s), n)
            }
            ClaimType::Sid | ClaimType::OctetString => {
                if app.len() - at < 4 {
                    return Err(invalid(at, "value runs past the end"));
                }
                let n = u32_at(app, at) as usize;
                if n > app.len() - at - 4 {
                    return Err(invalid(at, format!("value length {n} runs past the end")));
                }
                let body = &app[at + 4..at + 4 + n];
                let value = if value_type == ClaimType::Sid {
                    match sid_exact(body) {
                        Some(s) => ClaimValue::Sid(SidRef::Sid(s)),
                        None => return Err(invalid(at + 4, "malformed sid value")),
                    }
                } else {
                    ClaimValue::Octets(body.to_vec())
                };
                (value, 4 + n)
            }
        };
        budget += used;
        if budget > app.len() {
            return Err(invalid(at, "values overlap"));
        }
        values.push(value);
    }
    Ok(ResourceAttribute {
        name,
        value_type,
        flags,
        values,
        span: Span::DETACHED,
    })
}

fn value_matches(t: ClaimType, v: &ClaimValue) -> bool {
    matches!(
        (t, v),
        (ClaimType::Int64, ClaimValue::Int64(_))
            | (ClaimType::Uint64, ClaimValue::Uint64(_))
            | (ClaimType::String, ClaimValue::String(_))
            | (ClaimType::Sid, ClaimValue::Sid(_))
            | (ClaimType::Boolean, ClaimValue::Boolean(_))
            | (ClaimType::OctetString, ClaimValue::Octets(_))
    )
}

fn cstr_len(s: &str, what: &str) -> Result<usize, DataError> {
    if s.contains('\0') {
        return Err(DataError::Invalid(format!(
            "the claim {what} contains a nul character"
        )));
    }
    Ok(2 * (utf16_len(s) + 1))
}

fn value_len(v: &ClaimValue, domain: Option<&Sid>) -> Result<usize, DataError> {
    Ok(match v {
        ClaimValue::Int64(_) | ClaimValue::Uint64(_) | ClaimValue::Boolean(_) => 8,
        ClaimValue::String(s) => cstr_len(s, "string value")?,
        ClaimValue::Sid(s) => 4 + sid_ref_len(s, domain)?,
        ClaimValue::Octets(o) => 4 + o.len(),
    })
}

/// The unpadded length of the encoded claim, after checking that every value has the claim's
/// type and that no string holds a NUL.
pub(super) fn claim_len(a: &ResourceAttribute, domain: Option<&Sid>) -> Result<usize, DataError> {
    let mut total = HEADER_LEN + 4 * a.values.len() + cstr_len(&a.name, "name")?;
    for (i, v) in a.values.iter().enumerate() {
        if !value_matches(a.value_type, v) {
            return Err(DataError::Invalid(format!(
                "claim value {i} is not of the claim's type `{}`",
                a.value_type.sddl()
            )));
        }
        total += value_len(v, domain)?;
        if total > MAX_ACL_SIZE {
            return Err(DataError::Invalid(format!(
                "the claim needs more than {MAX_ACL_SIZE} bytes"
            )));
        }
    }
    Ok(total)
}

/// Writes the encoded claim (unpadded). Call [`claim_len`] first: it does the checks.
pub(super) fn write_claim(
    w: &mut Writer<'_>,
    a: &ResourceAttribute,
    domain: Option<&Sid>,
) -> Result<(), DataError> {
    let start = w.pos();
    let name_off = HEADER_LEN + 4 * a.values.len();
    w.put_u32(name_off as u32);
    w.put(a.value_type.code().to_le_bytes());
    w.put([0, 0]);
    w.put_u32(a.flags);
    w.put_u32(a.values.len() as u32);
    // Offsets: each value follows the name and the values before it.
    let mut off = name_off + 2 * (utf16_len(&a.name) + 1);
    for v in &a.values {
        w.put_u32(off as u32);
        off += value_len(v, domain)?;
    }
    w.put_utf16(&a.name);
    w.put([0, 0]);
    for v in &a.values {
        match v {
            ClaimValue::Int64(i) => w.put(i.to_le_bytes()),
            ClaimValue::Uint64(u) | ClaimValue::Boolean(u) => w.put(u.to_le_bytes()),
            ClaimValue::String(s) => {
                w.put_utf16(s);
                w.put([0, 0]);
            }
            ClaimValue::Sid(s) => {
                w.put_u32(sid_ref_len(s, domain)? as u32);
                put_sid_ref(w, s, domain)?;
            }
            ClaimValue::Octets(o) => {
                w.put_u32(o.len() as u32);
                w.put_slice(o);
            }
        }
    }
    debug_assert_eq!(w.pos() - start, off);
    Ok(())
}

/// Encodes a claim as resource-attribute ACE application data, zero-padded to a multiple of 4:
/// the bytes [`super::encode`] puts after an `RA` ACE's SID.
pub fn encode_claim(a: &ResourceAttribute, opts: &EncodeOptions) -> Result<Vec<u8>, EncodeError> {
    let domain = opts.domain_sid.as_ref();
    let n = claim_len(a, domain).map_err(|e| e.at(Location::Standalone))?;
    let mut out = zeroed(align4(n));
    write_claim(&mut Writer::new(&mut out), a, domain).map_err(|e| e.at(Location::Standalone))?;
    Ok(out)
}
