//! Active Directory objects: the directory-service rights and the schema GUIDs that object ACEs
//! carry.
//!
//! Rights: [MS-ADTS] 5.1.3.2 "Access Rights" (`RIGHT_DS_*` names, the SDDL letters CC DC LC SW
//! RP WP DT LO CR) and learn.microsoft.com/windows/win32/api/iads/ne-iads-ads_rights_enum.
//! Generic mapping: `ADS_RIGHTS_ENUM`'s descriptions of `ADS_RIGHT_GENERIC_*` (read = RC LC RP LO,
//! write = RC SW WP, execute = RC LC, all = every DS right and `STANDARD_RIGHTS_REQUIRED`), the
//! same values as the `DS_GENERIC_*` header constants (used as the combined names here) and Samba's `SEC_ADS_GENERIC_*`. (A header adapted
//! from the directory service's own `permit.h` leaves `READ_CONTROL` out of generic write; the
//! documented value is used.) Active Directory ignores `SYNCHRONIZE`.

use super::ds_guids::DS_GUIDS;
use super::{c, r, GenericMapping, KindTable, ObjectKind, STANDARD_RIGHTS_REQUIRED};
use crate::model::Guid;
use crate::rights::{ACCESS_SYSTEM_SECURITY, READ_CONTROL};

pub const DS_GENERIC_ALL: u32 = 0x000f_01ff;

#[rustfmt::skip]
pub static DS: KindTable = KindTable {
    kind: ObjectKind::DirectoryServiceObject,
    specific: &[
        r(0x1, "RIGHT_DS_CREATE_CHILD", "create child objects (CC)"),
        r(0x2, "RIGHT_DS_DELETE_CHILD", "delete child objects (DC)"),
        r(0x4, "RIGHT_DS_LIST_CONTENTS", "list child objects (LC)"),
        r(0x8, "RIGHT_DS_WRITE_PROPERTY_EXTENDED", "perform validated writes (SW)"),
        r(0x10, "RIGHT_DS_READ_PROPERTY", "read properties (RP)"),
        r(0x20, "RIGHT_DS_WRITE_PROPERTY", "write properties (WP)"),
        r(0x40, "RIGHT_DS_DELETE_TREE", "delete the object and its whole subtree (DT)"),
        r(0x80, "RIGHT_DS_LIST_OBJECT", "see the object when listing its parent (LO)"),
        r(0x100, "RIGHT_DS_CONTROL_ACCESS", "use extended (control access) rights (CR)"),
    ],
    standard: STANDARD_RIGHTS_REQUIRED | ACCESS_SYSTEM_SECURITY,
    delete_phrase: "delete the object",
    mapping: Some(GenericMapping {
        read: READ_CONTROL | 0x4 | 0x10 | 0x80,
        write: READ_CONTROL | 0x8 | 0x20,
        execute: READ_CONTROL | 0x4,
        all: DS_GENERIC_ALL,
    }),
    reserved: 0,
    full_control: DS_GENERIC_ALL,
    combined: &[
        c(DS_GENERIC_ALL, "DS_GENERIC_ALL", "full control"),
        c(0x0002_0094, "DS_GENERIC_READ", "read permissions and properties, list"),
        c(0x0002_0028, "DS_GENERIC_WRITE", "write properties and validated writes, read permissions"),
    ],
    source: "[MS-ADTS] 5.1.3.2 Access Rights; learn.microsoft.com/windows/win32/api/iads/ne-iads-ads_rights_enum",
};

/// What a schema or configuration GUID names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DsGuidKind {
    /// A class (`schemaIDGUID` of a `classSchema`): used with CC/DC and as inherited object type.
    Class,
    /// An attribute (`schemaIDGUID` of an `attributeSchema`): used with RP/WP.
    Attribute,
    /// A property set (`rightsGuid` of a `controlAccessRight` with validAccesses RP|WP).
    PropertySet,
    /// An extended (control access) right: used with CR.
    ExtendedRight,
    /// A validated write: used with SW.
    ValidatedWrite,
}

impl DsGuidKind {
    /// The access bits this kind of GUID goes with in an object ACE.
    pub fn rights(self) -> u32 {
        match self {
            DsGuidKind::Class => 0x1 | 0x2,
            DsGuidKind::Attribute | DsGuidKind::PropertySet => 0x10 | 0x20,
            DsGuidKind::ExtendedRight => 0x100,
            DsGuidKind::ValidatedWrite => 0x8,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            DsGuidKind::Class => "class",
            DsGuidKind::Attribute => "attribute",
            DsGuidKind::PropertySet => "property set",
            DsGuidKind::ExtendedRight => "extended right",
            DsGuidKind::ValidatedWrite => "validated write",
        }
    }
}

/// A GUID Active Directory uses in object ACEs, with its names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DsGuidInfo {
    pub guid: Guid,
    pub kind: DsGuidKind,
    /// The `cn` (`User-Force-Change-Password`, `Member`, `User`).
    pub cn: &'static str,
    /// The name people see: the `displayName` of rights and property sets (`Reset Password`),
    /// the `lDAPDisplayName` of classes and attributes (`member`, `user`).
    pub display: &'static str,
}

/// The known GUIDs. Some GUIDs appear twice with different kinds: a validated write shares the
/// GUID of the attribute it writes (`Self-Membership` is `member`), and `DNS-Host-Name-Attributes`
/// is both a property set and a validated write.
pub fn ds_guids() -> &'static [DsGuidInfo] {
    DS_GUIDS
}

/// The first entry for `guid` (attributes and classes before the rights that share their GUID).
pub fn ds_guid_name(guid: &Guid) -> Option<&'static DsGuidInfo> {
    DS_GUIDS.iter().find(|e| e.guid == *guid)
}

/// The entry for `guid` as an ACE with `mask` uses it: with CR the extended right, with SW the
/// validated write, with RP/WP the attribute or property set, with CC/DC the class; otherwise as
/// [`ds_guid_name`].
pub fn ds_guid_for_right(guid: &Guid, mask: u32) -> Option<&'static DsGuidInfo> {
    let mut first = None;
    for e in DS_GUIDS.iter().filter(|e| e.guid == *guid) {
        if e.kind.rights() & mask != 0 {
            return Some(e);
        }
        first.get_or_insert(e);
    }
    first
}

/// Parses `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` at compile time; a malformed table entry is a
/// build error.
pub(crate) const fn guid(s: &str) -> Guid {
    let b = s.as_bytes();
    assert!(b.len() == 36, "GUID must be 36 characters");
    assert!(b[8] == b'-' && b[13] == b'-' && b[18] == b'-' && b[23] == b'-');
    const fn hex(c: u8) -> u64 {
        match c {
            b'0'..=b'9' => (c - b'0') as u64,
            b'a'..=b'f' => (c - b'a' + 10) as u64,
            b'A'..=b'F' => (c - b'A' + 10) as u64,
            _ => panic!("bad hex digit in GUID"),
        }
    }
    const fn field(b: &[u8], start: usize, len: usize) -> u64 {
        let mut v = 0;
        let mut i = 0;
        while i < len {
            v = v << 4 | hex(b[start + i]);
            i += 1;
        }
        v
    }
    let d4hi = field(b, 19, 4);
    let d4lo = field(b, 24, 12);
    let mut data4 = [0u8; 8];
    data4[0] = (d4hi >> 8) as u8;
    data4[1] = d4hi as u8;
    let mut i = 0;
    while i < 6 {
        data4[2 + i] = (d4lo >> (8 * (5 - i))) as u8;
        i += 1;
    }
    Guid {
        data1: field(b, 0, 8) as u32,
        data2: field(b, 9, 4) as u16,
        data3: field(b, 14, 4) as u16,
        data4,
    }
}
