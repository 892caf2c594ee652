//! The security-descriptor model (MS-DTYP 2.4.6), shared by the SDDL grammar, the canonical
//! formatter and the binary codec.
//!
//! Equality (`PartialEq`) compares spans too; use [`SecurityDescriptor::without_spans`] to compare
//! content only.

use crate::cond::Condition;
use crate::sid::SidRef;
use crate::span::Span;

/// Control bits of a security descriptor (MS-DTYP 2.4.6, `SECURITY_DESCRIPTOR_CONTROL`).
pub mod control {
    pub const OWNER_DEFAULTED: u16 = 0x0001;
    pub const GROUP_DEFAULTED: u16 = 0x0002;
    pub const DACL_PRESENT: u16 = 0x0004;
    pub const DACL_DEFAULTED: u16 = 0x0008;
    pub const SACL_PRESENT: u16 = 0x0010;
    pub const SACL_DEFAULTED: u16 = 0x0020;
    pub const DACL_TRUSTED: u16 = 0x0040;
    pub const SERVER_SECURITY: u16 = 0x0080;
    pub const DACL_AUTO_INHERIT_REQ: u16 = 0x0100;
    pub const SACL_AUTO_INHERIT_REQ: u16 = 0x0200;
    pub const DACL_AUTO_INHERITED: u16 = 0x0400;
    pub const SACL_AUTO_INHERITED: u16 = 0x0800;
    pub const DACL_PROTECTED: u16 = 0x1000;
    pub const SACL_PROTECTED: u16 = 0x2000;
    pub const RM_CONTROL_VALID: u16 = 0x4000;
    pub const SELF_RELATIVE: u16 = 0x8000;

    /// Bits that the model derives from its own fields (presence and ACL flags).
    pub const DERIVED: u16 = DACL_PRESENT
        | SACL_PRESENT
        | DACL_AUTO_INHERIT_REQ
        | SACL_AUTO_INHERIT_REQ
        | DACL_AUTO_INHERITED
        | SACL_AUTO_INHERITED
        | DACL_PROTECTED
        | SACL_PROTECTED;
}

/// A security descriptor: owner, group, DACL and SACL, each absent or present.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SecurityDescriptor {
    pub owner: Option<Owner>,
    pub group: Option<Owner>,
    pub dacl: Option<Acl>,
    pub sacl: Option<Acl>,
    /// Control bits SDDL cannot express (defaulted bits, `RM_CONTROL_VALID`, 0x40/0x80),
    /// kept from a binary descriptor. Never includes the bits in [`control::DERIVED`] or
    /// `SELF_RELATIVE`.
    pub extra_control: u16,
    /// The resource-manager control byte, meaningful when `RM_CONTROL_VALID` is in
    /// `extra_control`.
    pub rm_control: u8,
    pub span: Span,
}

/// The `O:` or `G:` part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Owner {
    pub sid: SidRef,
    /// The whole part, `O:` included.
    pub span: Span,
    /// The SID text.
    pub sid_span: Span,
}

/// ACL flags written after `D:` / `S:`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct AclFlags {
    /// `P`: protected from inheritance.
    pub protected: bool,
    /// `AR`: auto-inherit requested.
    pub auto_inherit_req: bool,
    /// `AI`: auto-inherited.
    pub auto_inherited: bool,
}

/// A DACL or SACL.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Acl {
    pub flags: AclFlags,
    /// `NO_ACCESS_CONTROL`: the ACL is present but NULL (a NULL DACL grants everyone
    /// everything). Not the same as an empty ACL, which grants nothing. A NULL ACL has no ACEs.
    pub null: bool,
    pub aces: Vec<Ace>,
    /// The ACL revision from a binary descriptor (2 or 4), `None` when parsed from SDDL (the
    /// encoder then picks what Windows picks).
    pub revision: Option<u8>,
    /// Bytes a binary descriptor's `AclSize` declares past its last ACE (Windows leaves such
    /// slack in some ACLs); 0 otherwise. Kept as a count past the ACEs, not as the absolute size,
    /// so an ACE that re-encodes longer (a resource attribute in the canonical layout) keeps the
    /// slack after it. The encoder writes it as zeros, as far as the 64 KiB ACL size allows.
    pub slack: u16,
    /// The whole part, from `D:`/`S:` to the last ACE.
    pub span: Span,
    /// The ACL flags text (`PAI`, `NO_ACCESS_CONTROL`), possibly empty.
    pub flags_span: Span,
}

/// The ACE types Windows knows (MS-DTYP 2.4.4.1), with their SDDL codes where they have one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AceType {
    AccessAllowed,
    AccessDenied,
    SystemAudit,
    SystemAlarm,
    AccessAllowedCompound,
    AccessAllowedObject,
    AccessDeniedObject,
    SystemAuditObject,
    SystemAlarmObject,
    AccessAllowedCallback,
    AccessDeniedCallback,
    AccessAllowedCallbackObject,
    AccessDeniedCallbackObject,
    SystemAuditCallback,
    SystemAlarmCallback,
    SystemAuditCallbackObject,
    SystemAlarmCallbackObject,
    SystemMandatoryLabel,
    SystemResourceAttribute,
    SystemScopedPolicyId,
    SystemProcessTrustLabel,
    SystemAccessFilter,
    /// A type byte Windows does not define; such ACEs come only from binary input and are kept
    /// opaque ([`AceData::Opaque`]).
    Unknown(u8),
}

/// (type, binary code, SDDL code). The SDDL codes are those of `sddl.h`.
const ACE_TYPES: &[(AceType, u8, Option<&str>)] = &[
    (AceType::AccessAllowed, 0x00, Some("A")),
    (AceType::AccessDenied, 0x01, Some("D")),
    (AceType::SystemAudit, 0x02, Some("AU")),
    (AceType::SystemAlarm, 0x03, Some("AL")),
    (AceType::AccessAllowedCompound, 0x04, None),
    (AceType::AccessAllowedObject, 0x05, Some("OA")),
    (AceType::AccessDeniedObject, 0x06, Some("OD")),
    (AceType::SystemAuditObject, 0x07, Some("OU")),
    (AceType::SystemAlarmObject, 0x08, Some("OL")),
    (AceType::AccessAllowedCallback, 0x09, Some("XA")),
    (AceType::AccessDeniedCallback, 0x0a, Some("XD")),
    (AceType::AccessAllowedCallbackObject, 0x0b, Some("ZA")),
    (AceType::AccessDeniedCallbackObject, 0x0c, None),
    (AceType::SystemAuditCallback, 0x0d, Some("XU")),
    (AceType::SystemAlarmCallback, 0x0e, None),
    (AceType::SystemAuditCallbackObject, 0x0f, None),
    (AceType::SystemAlarmCallbackObject, 0x10, None),
    (AceType::SystemMandatoryLabel, 0x11, Some("ML")),
    (AceType::SystemResourceAttribute, 0x12, Some("RA")),
    (AceType::SystemScopedPolicyId, 0x13, Some("SP")),
    (AceType::SystemProcessTrustLabel, 0x14, Some("TL")),
    (AceType::SystemAccessFilter, 0x15, Some("FL")),
];

/// What the formatter writes first for each type, by its code byte (its `ACE_TYPES`
/// position): `(`, the SDDL code and `;`, zero-padded, and how many of those bytes there are
/// (0: the type has no SDDL code).
pub(crate) const TYPE_HEADS: [([u8; 4], u8); ACE_TYPES.len()] = {
    let mut t = [([0u8; 4], 0u8); ACE_TYPES.len()];
    let mut i = 0;
    while i < ACE_TYPES.len() {
        assert!(ACE_TYPES[i].1 as usize == i, "ACE_TYPES is in code order");
        if let Some(code) = ACE_TYPES[i].2 {
            let c = code.as_bytes();
            t[i].0[0] = b'(';
            t[i].0[1] = c[0];
            if c.len() == 2 {
                t[i].0[2] = c[1];
                t[i].0[3] = b';';
                t[i].1 = 4;
            } else {
                assert!(c.len() == 1, "ACE type codes have one or two letters");
                t[i].0[2] = b';';
                t[i].1 = 3;
            }
        }
        i += 1;
    }
    t
};

/// The `ACE_TYPES` position + 1 of each two-letter SDDL type by letter slot; 0 where there is
/// none.
const TWO_LETTER_TYPES: [u8; crate::sid::LETTER_SLOTS] = {
    let mut t = [0u8; crate::sid::LETTER_SLOTS];
    let mut i = 0;
    while i < ACE_TYPES.len() {
        if let Some(code) = ACE_TYPES[i].2 {
            if code.len() == 2 {
                t[crate::sid::code_slot(code)] = i as u8 + 1;
            }
        }
        i += 1;
    }
    t
};

impl AceType {
    /// The type byte of the binary ACE header.
    /// (A `match`, not a search of `ACE_TYPES`: the encoder asks for every ACE; the table test
    /// checks that the two agree.)
    pub fn code(self) -> u8 {
        match self {
            AceType::AccessAllowed => 0x00,
            AceType::AccessDenied => 0x01,
            AceType::SystemAudit => 0x02,
            AceType::SystemAlarm => 0x03,
            AceType::AccessAllowedCompound => 0x04,
            AceType::AccessAllowedObject => 0x05,
            AceType::AccessDeniedObject => 0x06,
            AceType::SystemAuditObject => 0x07,
            AceType::SystemAlarmObject => 0x08,
            AceType::AccessAllowedCallback => 0x09,
            AceType::AccessDeniedCallback => 0x0a,
            AceType::AccessAllowedCallbackObject => 0x0b,
            AceType::AccessDeniedCallbackObject => 0x0c,
            AceType::SystemAuditCallback => 0x0d,
            AceType::SystemAlarmCallback => 0x0e,
            AceType::SystemAuditCallbackObject => 0x0f,
            AceType::SystemAlarmCallbackObject => 0x10,
            AceType::SystemMandatoryLabel => 0x11,
            AceType::SystemResourceAttribute => 0x12,
            AceType::SystemScopedPolicyId => 0x13,
            AceType::SystemProcessTrustLabel => 0x14,
            AceType::SystemAccessFilter => 0x15,
            AceType::Unknown(b) => b,
        }
    }

    pub fn from_code(b: u8) -> AceType {
        ACE_TYPES
            .get(b as usize)
            .map(|r| r.0)
            .unwrap_or(AceType::Unknown(b))
    }

    /// The SDDL spelling (`A`, `OA`, `XA`, ...), or `None` for types SDDL cannot write.
    pub fn sddl(self) -> Option<&'static str> {
        match self {
            AceType::Unknown(_) => None,
            t => ACE_TYPES.get(t.code() as usize).and_then(|r| r.2),
        }
    }

    /// Parses an SDDL ACE type, case-insensitively.
    #[inline]
    pub fn from_sddl(s: &str) -> Option<AceType> {
        match *s.as_bytes() {
            [a] => match a.to_ascii_uppercase() {
                b'A' => Some(AceType::AccessAllowed),
                b'D' => Some(AceType::AccessDenied),
                _ => None,
            },
            [a, b] => AceType::from_letters(a, b),
            _ => None,
        }
    }

    /// A two-letter SDDL ACE type, case-insensitively. One table lookup (a `match` on the
    /// letters was a chain of unpredictable branches).
    #[inline]
    pub(crate) fn from_letters(a: u8, b: u8) -> Option<AceType> {
        match TWO_LETTER_TYPES[crate::sid::letter_slot(a, b)] {
            0 => None,
            n => Some(ACE_TYPES[n as usize - 1].0),
        }
    }

    /// Object ACEs carry object-type and inherited-object-type GUIDs.
    pub fn is_object(self) -> bool {
        matches!(
            self,
            AceType::AccessAllowedObject
                | AceType::AccessDeniedObject
                | AceType::SystemAuditObject
                | AceType::SystemAlarmObject
                | AceType::AccessAllowedCallbackObject
                | AceType::AccessDeniedCallbackObject
                | AceType::SystemAuditCallbackObject
                | AceType::SystemAlarmCallbackObject
        )
    }

    /// Callback ACEs carry a conditional expression as application data.
    pub fn is_callback(self) -> bool {
        matches!(
            self,
            AceType::AccessAllowedCallback
                | AceType::AccessDeniedCallback
                | AceType::AccessAllowedCallbackObject
                | AceType::AccessDeniedCallbackObject
                | AceType::SystemAuditCallback
                | AceType::SystemAlarmCallback
                | AceType::SystemAuditCallbackObject
                | AceType::SystemAlarmCallbackObject
                | AceType::SystemAccessFilter
        )
    }

    /// ACE types that belong in a SACL rather than a DACL.
    pub fn is_system(self) -> bool {
        matches!(
            self,
            AceType::SystemAudit
                | AceType::SystemAlarm
                | AceType::SystemAuditObject
                | AceType::SystemAlarmObject
                | AceType::SystemAuditCallback
                | AceType::SystemAlarmCallback
                | AceType::SystemAuditCallbackObject
                | AceType::SystemAlarmCallbackObject
                | AceType::SystemMandatoryLabel
                | AceType::SystemResourceAttribute
                | AceType::SystemScopedPolicyId
                | AceType::SystemProcessTrustLabel
                | AceType::SystemAccessFilter
        )
    }

    pub fn is_allow(self) -> bool {
        matches!(
            self,
            AceType::AccessAllowed
                | AceType::AccessAllowedObject
                | AceType::AccessAllowedCallback
                | AceType::AccessAllowedCallbackObject
                | AceType::AccessAllowedCompound
        )
    }

    pub fn is_deny(self) -> bool {
        matches!(
            self,
            AceType::AccessDenied
                | AceType::AccessDeniedObject
                | AceType::AccessDeniedCallback
                | AceType::AccessDeniedCallbackObject
        )
    }
}

/// ACE flags (MS-DTYP 2.4.4.1), as the header byte.
pub mod ace_flags {
    pub const OBJECT_INHERIT: u8 = 0x01;
    pub const CONTAINER_INHERIT: u8 = 0x02;
    pub const NO_PROPAGATE_INHERIT: u8 = 0x04;
    pub const INHERIT_ONLY: u8 = 0x08;
    pub const INHERITED: u8 = 0x10;
    /// `CR`: `CRITICAL_ACE_FLAG` (winnt.h).
    pub const CRITICAL: u8 = 0x20;
    /// `TP`: `TRUST_PROTECTED_FILTER_ACE_FLAG` (winnt.h), the same bit as `SA`; only meaningful
    /// on access-filter ACEs.
    pub const TRUST_PROTECTED: u8 = 0x40;
    pub const SUCCESSFUL_ACCESS: u8 = 0x40;
    pub const FAILED_ACCESS: u8 = 0x80;

    /// SDDL flag codes in the order Windows prints them.
    pub const SDDL: &[(&str, u8)] = &[
        ("OI", OBJECT_INHERIT),
        ("CI", CONTAINER_INHERIT),
        ("NP", NO_PROPAGATE_INHERIT),
        ("IO", INHERIT_ONLY),
        ("ID", INHERITED),
        ("CR", CRITICAL),
        ("SA", SUCCESSFUL_ACCESS),
        ("FA", FAILED_ACCESS),
    ];

    /// Codes accepted on input beyond [`SDDL`]: `TP` (`SDDL_TRUST_PROTECTED_FILTER`).
    pub const SDDL_INPUT_ONLY: &[(&str, u8)] = &[("TP", TRUST_PROTECTED)];
}

/// A GUID (object types in object ACEs), stored as its 16 bytes in Windows' mixed-endian layout.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Guid {
    pub data1: u32,
    pub data2: u16,
    pub data3: u16,
    pub data4: [u8; 8],
}

impl Guid {
    /// The 16 bytes as laid out in a binary ACE.
    pub fn to_bytes(&self) -> [u8; 16] {
        let mut b = [0u8; 16];
        b[0..4].copy_from_slice(&self.data1.to_le_bytes());
        b[4..6].copy_from_slice(&self.data2.to_le_bytes());
        b[6..8].copy_from_slice(&self.data3.to_le_bytes());
        b[8..16].copy_from_slice(&self.data4);
        b
    }

    pub fn from_bytes(b: &[u8; 16]) -> Guid {
        Guid {
            data1: u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
            data2: u16::from_le_bytes([b[4], b[5]]),
            data3: u16::from_le_bytes([b[6], b[7]]),
            data4: [b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]],
        }
    }
}

impl std::fmt::Display for Guid {
    /// Lower-case hyphenated form, as Windows prints GUIDs in SDDL.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let d = &self.data4;
        write!(
            f,
            "{:08x}-{:04x}-{:04x}-{:02x}{:02x}-{:02x}{:02x}{:02x}{:02x}{:02x}{:02x}",
            self.data1, self.data2, self.data3, d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]
        )
    }
}

impl Guid {
    /// Appends the lower-case hyphenated form without going through `fmt`.
    pub fn write_to(&self, out: &mut String) {
        crate::out::append(out, |b| self.write_bytes(b));
    }

    /// The lower-case hyphenated form, appended to the formatter's buffer.
    pub(crate) fn write_bytes(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.text());
    }

    /// The lower-case hyphenated form: the 32 digits at once, then cut at the hyphens.
    #[inline]
    pub(crate) fn text(&self) -> [u8; 36] {
        let (a, b, c) = (
            self.data1.to_be_bytes(),
            self.data2.to_be_bytes(),
            self.data3.to_be_bytes(),
        );
        let d = self.data4;
        let x = crate::hex::encode32([
            a[0], a[1], a[2], a[3], b[0], b[1], c[0], c[1], d[0], d[1], d[2], d[3], d[4], d[5],
            d[6], d[7],
        ]);
        let mut buf = [b'-'; 36];
        buf[..8].copy_from_slice(&x[..8]);
        buf[9..13].copy_from_slice(&x[8..12]);
        buf[14..18].copy_from_slice(&x[12..16]);
        buf[19..23].copy_from_slice(&x[16..20]);
        buf[24..].copy_from_slice(&x[20..]);
        buf
    }
}

impl std::fmt::Debug for Guid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

/// An access control entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ace {
    pub ace_type: AceType,
    /// The flags byte (see [`ace_flags`]).
    pub flags: u8,
    pub mask: u32,
    pub object_type: Option<Guid>,
    pub inherited_object_type: Option<Guid>,
    /// The trustee. For [`AceType::Unknown`] ACEs this is meaningless (the NULL SID).
    pub sid: SidRef,
    pub data: AceData,
    pub spans: AceSpans,
}

/// What follows the SID in an ACE.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum AceData {
    #[default]
    None,
    /// The conditional expression of a callback ACE (`XA`, `XD`, `XU`, `ZA`, `FL`).
    Condition(Box<Condition>),
    /// The claim of a resource-attribute ACE (`RA`).
    Attribute(Box<crate::cond::ResourceAttribute>),
    /// Application data that is not a valid conditional expression or claim, or the whole
    /// body of an ACE of unknown type, kept byte for byte (binary input only).
    Opaque(Vec<u8>),
}

/// Where each field of a parsed ACE sits in the text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AceSpans {
    /// From `(` to `)` inclusive.
    pub whole: Span,
    pub ace_type: Span,
    pub flags: Span,
    pub rights: Span,
    pub object_type: Span,
    pub inherited_object_type: Span,
    pub trustee: Span,
    /// The condition or resource attribute (seventh field), if present.
    pub extra: Span,
}

impl SecurityDescriptor {
    /// The full control word as a binary descriptor would carry it (self-relative bit included).
    pub fn control(&self) -> u16 {
        let mut c = control::SELF_RELATIVE | (self.extra_control & !control::DERIVED);
        if let Some(d) = &self.dacl {
            c |= control::DACL_PRESENT;
            if d.flags.protected {
                c |= control::DACL_PROTECTED;
            }
            if d.flags.auto_inherit_req {
                c |= control::DACL_AUTO_INHERIT_REQ;
            }
            if d.flags.auto_inherited {
                c |= control::DACL_AUTO_INHERITED;
            }
        }
        if let Some(s) = &self.sacl {
            c |= control::SACL_PRESENT;
            if s.flags.protected {
                c |= control::SACL_PROTECTED;
            }
            if s.flags.auto_inherit_req {
                c |= control::SACL_AUTO_INHERIT_REQ;
            }
            if s.flags.auto_inherited {
                c |= control::SACL_AUTO_INHERITED;
            }
        }
        c
    }

    /// A copy with every span set to [`Span::DETACHED`], for comparing content.
    pub fn without_spans(&self) -> SecurityDescriptor {
        let mut sd = self.clone();
        sd.span = Span::DETACHED;
        for o in [&mut sd.owner, &mut sd.group].into_iter().flatten() {
            o.span = Span::DETACHED;
            o.sid_span = Span::DETACHED;
        }
        for acl in [&mut sd.dacl, &mut sd.sacl].into_iter().flatten() {
            acl.span = Span::DETACHED;
            acl.flags_span = Span::DETACHED;
            for ace in &mut acl.aces {
                ace.spans = AceSpans::default();
                match &mut ace.data {
                    AceData::Condition(c) => c.clear_spans(),
                    AceData::Attribute(a) => a.span = Span::DETACHED,
                    AceData::None | AceData::Opaque(_) => {}
                }
            }
        }
        sd
    }
}

#[cfg(test)]
mod size_tests {
    #[test]
    fn node_sizes() {
        // Keep ACEs compact: they are moved and copied as ACLs are built (conditions and
        // claims are boxed for this).
        let ace = std::mem::size_of::<super::Ace>();
        assert!(ace <= 216, "Ace is {ace} bytes");
    }
}

#[cfg(test)]
mod table_tests {
    use super::*;

    #[test]
    fn sddl_ace_type_codes_round_trip_in_any_case() {
        for &(t, code, sddl) in ACE_TYPES {
            assert_eq!(AceType::from_code(code), t);
            assert_eq!(t.code(), code);
            if let Some(s) = sddl {
                assert_eq!(AceType::from_sddl(s), Some(t));
                assert_eq!(AceType::from_sddl(&s.to_lowercase()), Some(t));
                assert_eq!(t.sddl(), Some(s));
            }
        }
        assert_eq!(AceType::from_sddl("Q"), None);
        assert_eq!(AceType::from_sddl("AAA"), None);
    }
}

#[cfg(test)]
mod guid_tests {
    use super::Guid;

    #[test]
    fn write_to_matches_display() {
        // Every nibble value in every position, and a spread of pseudo-random GUIDs.
        let mut x: u64 = 0x0123_4567_89ab_cdef;
        for i in 0..4096u32 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let nib = (i % 16) as u8;
            let g = if i < 16 {
                Guid {
                    data1: u32::from_ne_bytes([nib * 17; 4]),
                    data2: u16::from_ne_bytes([nib * 17; 2]),
                    data3: u16::from_ne_bytes([nib * 17; 2]),
                    data4: [nib * 17; 8],
                }
            } else {
                Guid {
                    data1: x as u32,
                    data2: (x >> 32) as u16,
                    data3: (x >> 48) as u16,
                    data4: x.rotate_left(i % 64).to_le_bytes(),
                }
            };
            let mut out = String::new();
            g.write_to(&mut out);
            assert_eq!(out, g.to_string());
        }
    }
}
