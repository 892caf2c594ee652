//! The binary self-relative security descriptor (MS-DTYP 2.4.6), byte for byte as Windows writes
//! it, and back.
//!
//! [`encode`] writes what `ConvertStringSecurityDescriptorToSecurityDescriptor` writes: a 20-byte
//! header (revision 1, the resource-manager control byte, the control word with `SELF_RELATIVE`),
//! then the SACL, the DACL, the owner and the group, in that order. [`decode`] reads any
//! self-relative descriptor, whatever the order of its parts, and never panics.
//!
//! # What Windows does that the encoder copies
//!
//! - ACL revision: 2, or 4 when the ACL holds an object ACE (types 0x05-0x08, 0x0b-0x10). An ACL
//!   decoded from binary keeps its own revision ([`Acl::revision`]) and the slack its `AclSize`
//!   leaves after the last ACE ([`Acl::slack`]), so decode then encode gives back the same bytes.
//! - An object ACE (`OA`, `OD`, `OU`, `OL`) parsed from SDDL with neither GUID is written as the
//!   plain ACE (`A`, `D`, `AU`, `AL`), the way `AddAccessAllowedObjectAce` and its siblings do,
//!   but the ACL still gets revision 4 and 4 bytes of slack for the object-flags word the plain ACE
//!   does not have. Seventeen Windows samples show exactly this (revision-4 ACLs of plain ACEs, 4
//!   spare bytes per such ACE). The rule applies only to ACLs from SDDL (`revision: None`); an
//!   object ACE decoded from binary is written back as it was.
//! - Every ACE is padded with zeros to a multiple of 4 bytes; conditional expressions are the
//!   `artx` magic and their tokens in reverse Polish order; resource attributes are a
//!   `CLAIM_SECURITY_ATTRIBUTE_RELATIVE_V1` with the name and then each value laid out in order,
//!   unaligned.
//!
//! # What the decoder does with bad input
//!
//! Structural faults (truncation, offsets outside the buffer, overlapping parts, ACE counts that
//! do not fit the ACL, SIDs with more than 15 sub-authorities, ...) are a [`DecodeError`] with a
//! stable code and the byte offset of the fault. Faults inside one ACE's application data are not:
//! an application-data blob that is not a valid conditional expression (or claim) is kept as
//! [`AceData::Opaque`], byte for byte, so one odd ACE does not hide the rest of the descriptor.
//! [`decode_condition`] and [`decode_claim`] say why such a blob did not decode. ACE types
//! Windows does not define, and the compound ACE (type 4, two SIDs the model cannot hold), keep
//! their whole body after the 4-byte header in [`AceData::Opaque`].
//!
//! Lengths read from the input are always checked against the bytes that remain before anything
//! is allocated from them, and the conditional-expression decoder is iterative, with the tree depth
//! capped at [`crate::limits::MAX_CONDITION_DEPTH`].

mod claim;
mod cond;
mod decode;
mod encode;

pub use claim::{decode_claim, encode_claim};
pub use cond::{decode_condition, encode_condition};
pub use decode::{decode, decode_sid};
pub use encode::{encode, encode_sid};

#[allow(unused_imports)] // used by the rustdoc links above
use crate::model::{AceData, Acl};
use crate::sid::Sid;
use std::fmt;

/// Options for [`encode`].
#[derive(Clone, Debug, Default)]
pub struct EncodeOptions {
    /// The domain SID that symbolic domain aliases ([`crate::SidRef::Unresolved`]) resolve
    /// against. Encoding a descriptor that holds one without it is an error.
    pub domain_sid: Option<Sid>,
}

/// Why a binary descriptor could not be decoded. Every variant carries the byte offset of the
/// fault in the input ([`DecodeError::offset`]) and has a stable code ([`DecodeError::as_str`]).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The buffer ends before a structure does.
    #[error("{what} needs {needed} bytes at byte {offset} but the buffer ends at byte {len}")]
    Truncated {
        offset: usize,
        needed: usize,
        len: usize,
        what: &'static str,
    },
    /// The descriptor revision is not 1.
    #[error("security descriptor revision {revision} is not 1")]
    UnsupportedRevision { offset: usize, revision: u8 },
    /// `SE_SELF_RELATIVE` is not set: the buffer holds pointers, not offsets.
    #[error("control word {control:#06x} lacks `SE_SELF_RELATIVE`; only self-relative descriptors can be decoded")]
    NotSelfRelative { offset: usize, control: u16 },
    /// An owner, group, DACL or SACL offset points into the header or past the buffer.
    #[error("{part} offset {value} is outside the {len}-byte buffer or inside the header")]
    OffsetOutOfRange {
        offset: usize,
        part: &'static str,
        value: u32,
        len: usize,
    },
    /// Two parts share bytes.
    #[error("the {first} and the {second} overlap")]
    OverlappingParts {
        offset: usize,
        first: &'static str,
        second: &'static str,
    },
    /// An ACL revision other than 2, 3 or 4.
    #[error("acl revision {revision} is not 2, 3 or 4")]
    InvalidAclRevision { offset: usize, revision: u8 },
    /// An `AclSize` smaller than the 8-byte ACL header.
    #[error("acl size {size} is smaller than the 8-byte acl header")]
    InvalidAclSize { offset: usize, size: u16 },
    /// The ACE count says there are more ACEs than fit in the ACL, or an ACE runs past the ACL.
    #[error("ace {index} of {count} does not fit in the {size}-byte acl")]
    AceCountMismatch {
        offset: usize,
        index: usize,
        count: u16,
        size: u16,
    },
    /// An `AceSize` below 4 or not a multiple of 4.
    #[error("ace size {size} is not a multiple of 4 of at least 4")]
    InvalidAceSize { offset: usize, size: u16 },
    /// An ACE too short for the fields its type requires.
    #[error("{what} needs {needed} bytes at byte {offset} but the ace ends at byte {end}")]
    AceTooShort {
        offset: usize,
        needed: usize,
        end: usize,
        what: &'static str,
    },
    /// A SID with more than 15 sub-authorities.
    #[error("sid has {count} sub-authorities; at most 15 are allowed")]
    TooManySubAuthorities { offset: usize, count: u8 },
    /// Object-ACE flags other than `ACE_OBJECT_TYPE_PRESENT` (1) and
    /// `ACE_INHERITED_OBJECT_TYPE_PRESENT` (2).
    #[error("object ace flags {flags:#x} have bits other than 0x1 and 0x2")]
    InvalidObjectFlags { offset: usize, flags: u32 },
    /// Application data that is not a valid conditional expression ([`decode_condition`] only;
    /// [`decode`] keeps such data opaque).
    #[error("invalid conditional expression: {reason}")]
    InvalidCondition { offset: usize, reason: String },
    /// Application data that is not a valid `CLAIM_SECURITY_ATTRIBUTE_RELATIVE_V1`
    /// ([`decode_claim`] only; [`decode`] keeps such data opaque).
    #[error("invalid resource attribute: {reason}")]
    InvalidClaim { offset: usize, reason: String },
}

impl DecodeError {
    /// The stable code (`binary::truncated`, ...). Never renamed or reused.
    pub fn as_str(&self) -> &'static str {
        match self {
            DecodeError::Truncated { .. } => "binary::truncated",
            DecodeError::UnsupportedRevision { .. } => "binary::unsupported-revision",
            DecodeError::NotSelfRelative { .. } => "binary::not-self-relative",
            DecodeError::OffsetOutOfRange { .. } => "binary::offset-out-of-range",
            DecodeError::OverlappingParts { .. } => "binary::overlapping-parts",
            DecodeError::InvalidAclRevision { .. } => "binary::invalid-acl-revision",
            DecodeError::InvalidAclSize { .. } => "binary::invalid-acl-size",
            DecodeError::AceCountMismatch { .. } => "binary::ace-count-mismatch",
            DecodeError::InvalidAceSize { .. } => "binary::invalid-ace-size",
            DecodeError::AceTooShort { .. } => "binary::ace-too-short",
            DecodeError::TooManySubAuthorities { .. } => "binary::too-many-sub-authorities",
            DecodeError::InvalidObjectFlags { .. } => "binary::invalid-object-flags",
            DecodeError::InvalidCondition { .. } => "binary::invalid-condition",
            DecodeError::InvalidClaim { .. } => "binary::invalid-claim",
        }
    }

    /// The byte offset of the fault in the input.
    pub fn offset(&self) -> usize {
        match *self {
            DecodeError::Truncated { offset, .. }
            | DecodeError::UnsupportedRevision { offset, .. }
            | DecodeError::NotSelfRelative { offset, .. }
            | DecodeError::OffsetOutOfRange { offset, .. }
            | DecodeError::OverlappingParts { offset, .. }
            | DecodeError::InvalidAclRevision { offset, .. }
            | DecodeError::InvalidAclSize { offset, .. }
            | DecodeError::AceCountMismatch { offset, .. }
            | DecodeError::InvalidAceSize { offset, .. }
            | DecodeError::AceTooShort { offset, .. }
            | DecodeError::TooManySubAuthorities { offset, .. }
            | DecodeError::InvalidObjectFlags { offset, .. }
            | DecodeError::InvalidCondition { offset, .. }
            | DecodeError::InvalidClaim { offset, .. } => offset,
        }
    }
}

impl miette::Diagnostic for DecodeError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.as_str()))
    }
}

/// Where in the model an [`EncodeError`] was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Location {
    Owner,
    Group,
    Dacl,
    Sacl,
    /// The ACE at this index of the DACL.
    DaclAce(usize),
    /// The ACE at this index of the SACL.
    SaclAce(usize),
    /// A condition or claim encoded on its own ([`encode_condition`], [`encode_claim`]).
    Standalone,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Owner => f.write_str("the owner"),
            Location::Group => f.write_str("the group"),
            Location::Dacl => f.write_str("the dacl"),
            Location::Sacl => f.write_str("the sacl"),
            Location::DaclAce(i) => write!(f, "ace {i} of the dacl"),
            Location::SaclAce(i) => write!(f, "ace {i} of the sacl"),
            Location::Standalone => f.write_str("the application data"),
        }
    }
}

/// Why a model could not be encoded, and where ([`Location`]).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeError {
    /// A domain-relative alias with no [`EncodeOptions::domain_sid`] to resolve it.
    #[error("`{alias}` in {at} needs a domain sid to encode")]
    UnresolvedAlias { at: Location, alias: &'static str },
    /// The domain SID already has 15 sub-authorities, so no RID can be appended.
    #[error("the domain sid has no room for the rid of `{alias}` in {at}")]
    DomainSidFull { at: Location, alias: &'static str },
    /// More than 65,535 bytes of ACL (the `AclSize` field is 16 bits).
    #[error("{at} needs {size} bytes; an acl holds at most 65535")]
    AclTooLarge { at: Location, size: usize },
    /// More than 65,535 bytes of ACE (the `AceSize` field is 16 bits).
    #[error("{at} needs {size} bytes; an ace holds at most 65535")]
    AceTooLarge { at: Location, size: usize },
    /// A NULL ACL (`NO_ACCESS_CONTROL`) with ACEs.
    #[error("{at} is null (`NO_ACCESS_CONTROL`) but has aces")]
    AcesInNullAcl { at: Location },
    /// ACE contents the binary form cannot carry: a GUID on a non-object ACE, a condition on a
    /// non-callback ACE, a claim value of the wrong type, an operator inside a composite, an
    /// expression nested deeper than [`crate::limits::MAX_CONDITION_DEPTH`], ...
    #[error("{at}: {reason}")]
    InvalidAce { at: Location, reason: String },
}

impl EncodeError {
    /// The stable code (`binary::unresolved-alias`, ...). Never renamed or reused.
    pub fn as_str(&self) -> &'static str {
        match self {
            EncodeError::UnresolvedAlias { .. } => "binary::unresolved-alias",
            EncodeError::DomainSidFull { .. } => "binary::domain-sid-full",
            EncodeError::AclTooLarge { .. } => "binary::acl-too-large",
            EncodeError::AceTooLarge { .. } => "binary::ace-too-large",
            EncodeError::AcesInNullAcl { .. } => "binary::aces-in-null-acl",
            EncodeError::InvalidAce { .. } => "binary::invalid-ace",
        }
    }

    /// Where in the model the fault is.
    pub fn location(&self) -> Location {
        match *self {
            EncodeError::UnresolvedAlias { at, .. }
            | EncodeError::DomainSidFull { at, .. }
            | EncodeError::AclTooLarge { at, .. }
            | EncodeError::AceTooLarge { at, .. }
            | EncodeError::AcesInNullAcl { at }
            | EncodeError::InvalidAce { at, .. } => at,
        }
    }
}

impl miette::Diagnostic for EncodeError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.as_str()))
    }
}

/// A fault in ACE contents, before the encoder knows where the ACE is.
#[derive(Debug)]
pub(crate) enum DataError {
    Unresolved(&'static str),
    DomainFull(&'static str),
    Invalid(String),
}

impl DataError {
    pub(crate) fn at(self, at: Location) -> EncodeError {
        match self {
            DataError::Unresolved(alias) => EncodeError::UnresolvedAlias { at, alias },
            DataError::DomainFull(alias) => EncodeError::DomainSidFull { at, alias },
            DataError::Invalid(reason) => EncodeError::InvalidAce { at, reason },
        }
    }
}

/// Resolves a SID reference for encoding.
pub(crate) fn resolve_sid(
    sid: &crate::sid::SidRef,
    domain: Option<&Sid>,
) -> Result<Sid, DataError> {
    use crate::sid::{AliasTarget, SidRef};
    match sid {
        SidRef::Sid(s) => Ok(*s),
        SidRef::Unresolved(a) => match a.target {
            AliasTarget::WellKnown(s) => Ok(s),
            AliasTarget::DomainRelative(rid) => match domain {
                None => Err(DataError::Unresolved(a.code)),
                Some(d) => d.with_rid(rid).ok_or(DataError::DomainFull(a.code)),
            },
        },
    }
}

/// The binary length of a SID reference, without copying the SID out of it.
#[inline]
pub(crate) fn sid_ref_len(
    sid: &crate::sid::SidRef,
    domain: Option<&Sid>,
) -> Result<usize, DataError> {
    match sid {
        crate::sid::SidRef::Sid(s) => Ok(s.binary_len()),
        _ => resolve_sid(sid, domain).map(|s| s.binary_len()),
    }
}

/// Writes a SID reference, resolving it first when it is a symbolic alias.
#[inline]
pub(crate) fn put_sid_ref(
    w: &mut bytes::Writer<'_>,
    sid: &crate::sid::SidRef,
    domain: Option<&Sid>,
) -> Result<(), DataError> {
    match sid {
        crate::sid::SidRef::Sid(s) => w.put_sid(s),
        _ => w.put_sid(&resolve_sid(sid, domain)?),
    }
    Ok(())
}

/// Little helpers shared by the encoder and the decoder.
pub(crate) mod bytes {
    /// `n` rounded up to a multiple of 4.
    #[inline]
    pub fn align4(n: usize) -> usize {
        (n + 3) & !3
    }

    #[inline]
    pub fn u16_at(b: &[u8], at: usize) -> u16 {
        u16::from_le_bytes([b[at], b[at + 1]])
    }

    #[inline]
    pub fn u32_at(b: &[u8], at: usize) -> u32 {
        u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
    }

    #[inline]
    pub fn u64_at(b: &[u8], at: usize) -> u64 {
        let mut a = [0u8; 8];
        a.copy_from_slice(&b[at..at + 8]);
        u64::from_le_bytes(a)
    }

    /// Number of UTF-16 code units in `s`.
    #[inline]
    pub fn utf16_len(s: &str) -> usize {
        s.chars().map(char::len_utf16).sum()
    }

    /// A buffer of `n` zero bytes for a [`Writer`]. Not `vec![0; n]`: that asks the allocator for
    /// zeroed memory (`calloc`), which glibc serves without its thread cache, more slowly than
    /// `malloc` and a `memset` for buffers of a few hundred bytes (measured with callgrind).
    #[inline]
    #[allow(clippy::slow_vector_initialization)] // deliberately: see above
    pub fn zeroed(n: usize) -> Vec<u8> {
        let mut v = Vec::with_capacity(n);
        v.resize(n, 0);
        v
    }

    /// Writes into a buffer the encoder has already sized (and zeroed) from its plan, so every
    /// write is a store and one bounds check, with no capacity checks or growth, and padding is
    /// skipped rather than written. Writing past the end is a bug in the plan, and panics.
    pub struct Writer<'a> {
        buf: &'a mut [u8],
        pos: usize,
    }

    impl<'a> Writer<'a> {
        #[inline]
        pub fn new(buf: &'a mut [u8]) -> Writer<'a> {
            Writer { buf, pos: 0 }
        }

        /// The offset of the next write.
        #[inline]
        pub fn pos(&self) -> usize {
            self.pos
        }

        /// Moves to `pos`, leaving the bytes skipped as they are (zero: padding and slack).
        #[inline]
        pub fn set_pos(&mut self, pos: usize) {
            self.pos = pos;
        }

        #[inline]
        pub fn put<const N: usize>(&mut self, b: [u8; N]) {
            self.buf[self.pos..self.pos + N].copy_from_slice(&b);
            self.pos += N;
        }

        #[inline]
        pub fn put_slice(&mut self, b: &[u8]) {
            self.buf[self.pos..self.pos + b.len()].copy_from_slice(b);
            self.pos += b.len();
        }

        #[inline]
        pub fn put_u32(&mut self, v: u32) {
            self.put(v.to_le_bytes());
        }

        /// Overwrites the two bytes at `at` (a length known only once what follows is written).
        #[inline]
        pub fn patch_u16(&mut self, at: usize, v: u16) {
            self.buf[at..at + 2].copy_from_slice(&v.to_le_bytes());
        }

        /// Overwrites the four bytes at `at`.
        #[inline]
        pub fn patch_u32(&mut self, at: usize, v: u32) {
            self.buf[at..at + 4].copy_from_slice(&v.to_le_bytes());
        }

        /// The binary form of `sid` (MS-DTYP 2.4.2.2).
        #[inline]
        pub fn put_sid(&mut self, sid: &crate::sid::Sid) {
            let subs = sid.sub_authorities();
            let mut head = sid.authority().to_be_bytes(); // 48 bits: two zero bytes first
            head[0] = sid.revision();
            head[1] = subs.len() as u8;
            self.put(head);
            let dst = &mut self.buf[self.pos..self.pos + 4 * subs.len()];
            for (d, s) in dst.chunks_exact_mut(4).zip(subs) {
                d.copy_from_slice(&s.to_le_bytes());
            }
            self.pos += 4 * subs.len();
        }

        /// `s` as UTF-16LE.
        #[inline]
        pub fn put_utf16(&mut self, s: &str) {
            for u in s.encode_utf16() {
                self.put(u.to_le_bytes());
            }
        }
    }

    /// Decodes UTF-16LE (an even number of bytes); `None` on an unpaired surrogate.
    pub fn utf16_to_string(b: &[u8]) -> Option<String> {
        let mut s = String::new();
        push_utf16(&mut s, b)?;
        Some(s)
    }

    /// Appends UTF-16LE `b` to `out`; `None` (with `out` partly written) on an unpaired
    /// surrogate.
    pub fn push_utf16(out: &mut String, b: &[u8]) -> Option<()> {
        debug_assert!(b.len() % 2 == 0);
        // Attribute names and most strings are ASCII: every unit below 0x80 is one byte.
        if b.chunks_exact(2).all(|c| c[1] == 0 && c[0] < 0x80) {
            out.extend(b.chunks_exact(2).map(|c| char::from(c[0])));
            return Some(());
        }
        out.reserve(b.len() / 2);
        let units = b.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]]));
        for c in char::decode_utf16(units) {
            out.push(c.ok()?);
        }
        Some(())
    }
}
