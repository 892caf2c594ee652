//! What an access mask means on a given kind of object.
//!
//! The same bit means different things on different objects: `0x4` is `FILE_APPEND_DATA` on a
//! file, `FILE_ADD_SUBDIRECTORY` on a directory, `FILE_CREATE_PIPE_INSTANCE` on a named pipe and
//! `KEY_CREATE_SUB_KEY` on a registry key. This module holds, per [`ObjectKind`], the specific
//! rights with Windows' constant names and a short phrase, the standard rights the kind supports,
//! the generic mapping Windows applies (`MapGenericMask`), the "full control" value and the
//! combined names Windows defines (`FILE_GENERIC_READ`, `KEY_READ`, `SERVICE_ALL_ACCESS`, ...).
//!
//! Every table names its source in a comment; `docs/object-kinds.md` lists them all. All tables
//! are static; lookups never allocate.
//!
//! ```
//! use sddl_core::objects::{decompose, map_generic, ObjectKind};
//! let pipe: ObjectKind = "pipe".parse().unwrap();
//! assert_eq!(map_generic(pipe, 0x1000_0000), 0x001f_01ff);
//! let names: Vec<_> = decompose(ObjectKind::RegistryKey, 0x4).filter_map(|r| r.name).collect();
//! assert_eq!(names, ["KEY_CREATE_SUB_KEY"]);
//! ```

mod com;
mod desktop;
mod ds;
mod ds_guids;
mod file;
mod guess;
mod printer;
mod process;
mod registry;
mod service;
mod spec;
mod sync;
mod wmi;

pub use ds::{ds_guid_for_right, ds_guid_name, ds_guids, DsGuidInfo, DsGuidKind};
pub use guess::{guess_kind, Confidence, Evidence, KindGuess};
pub use spec::{parse_rights, right_by_name, RightsError};

use crate::rights::{
    ACCESS_SYSTEM_SECURITY, DELETE, GENERIC_ALL, GENERIC_EXECUTE, GENERIC_READ, GENERIC_WRITE,
    MAXIMUM_ALLOWED, READ_CONTROL, SYNCHRONIZE, WRITE_DAC, WRITE_OWNER,
};
use std::fmt;
use std::str::FromStr;

/// The four generic bits.
pub const GENERIC_BITS: u32 = GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL;
/// The standard rights every object type may support (winnt.h `STANDARD_RIGHTS_ALL`).
pub const STANDARD_RIGHTS_ALL: u32 = DELETE | READ_CONTROL | WRITE_DAC | WRITE_OWNER | SYNCHRONIZE;
/// `STANDARD_RIGHTS_REQUIRED` (winnt.h): the standard rights without `SYNCHRONIZE`.
pub const STANDARD_RIGHTS_REQUIRED: u32 = DELETE | READ_CONTROL | WRITE_DAC | WRITE_OWNER;
/// `STANDARD_RIGHTS_READ`, `_WRITE` and `_EXECUTE` are all `READ_CONTROL` (winnt.h).
pub const STANDARD_RIGHTS_READ: u32 = READ_CONTROL;
/// The low 16 bits: object-specific rights (`SPECIFIC_RIGHTS_ALL`).
pub const SPECIFIC_RIGHTS_ALL: u32 = 0x0000_ffff;

/// A kind of securable object whose rights this module can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ObjectKind {
    File,
    Directory,
    NamedPipe,
    RegistryKey,
    Service,
    ServiceControlManager,
    Process,
    Thread,
    Token,
    Job,
    Event,
    Mutex,
    Semaphore,
    Timer,
    /// A section (file-mapping) object.
    Section,
    Desktop,
    WindowStation,
    Printer,
    WmiNamespace,
    /// COM access permission (`AccessPermission`, `DefaultAccessPermission`).
    ComAccess,
    /// COM launch and activation permission (`LaunchPermission`, `DefaultLaunchPermission`).
    ComLaunch,
    /// An Active Directory object.
    DirectoryServiceObject,
}

/// (kind, canonical name, other accepted names, one-line summary).
#[rustfmt::skip]
const KIND_NAMES: &[(ObjectKind, &str, &[&str], &str)] = &[
    (ObjectKind::File, "file", &[], "a file (NTFS, ReFS, SMB share)"),
    (ObjectKind::Directory, "directory", &["dir", "folder"], "a directory (folder)"),
    (ObjectKind::NamedPipe, "pipe", &["named-pipe"], "a named pipe"),
    (ObjectKind::RegistryKey, "registry", &["key", "registry-key"], "a registry key"),
    (ObjectKind::Service, "service", &[], "a Windows service"),
    (ObjectKind::ServiceControlManager, "scm", &["service-control-manager"], "the service control manager"),
    (ObjectKind::Process, "process", &[], "a process"),
    (ObjectKind::Thread, "thread", &[], "a thread"),
    (ObjectKind::Token, "token", &["access-token"], "an access token"),
    (ObjectKind::Job, "job", &["job-object"], "a job object"),
    (ObjectKind::Event, "event", &[], "an event"),
    (ObjectKind::Mutex, "mutex", &["mutant"], "a mutex"),
    (ObjectKind::Semaphore, "semaphore", &[], "a semaphore"),
    (ObjectKind::Timer, "timer", &["waitable-timer"], "a waitable timer"),
    (ObjectKind::Section, "section", &["file-mapping"], "a section (file-mapping object)"),
    (ObjectKind::Desktop, "desktop", &[], "a desktop"),
    (ObjectKind::WindowStation, "window-station", &["winsta"], "a window station"),
    (ObjectKind::Printer, "printer", &[], "a printer (and, in inherit-only ACEs, its print jobs)"),
    (ObjectKind::WmiNamespace, "wmi", &["wmi-namespace"], "a WMI namespace"),
    (ObjectKind::ComAccess, "com-access", &[], "COM access permission"),
    (ObjectKind::ComLaunch, "com-launch", &["com-activation"], "COM launch and activation permission"),
    (ObjectKind::DirectoryServiceObject, "ad", &["ds", "active-directory"], "an Active Directory object"),
];

impl ObjectKind {
    /// Every kind, in a stable order (the order of `--help`).
    pub const ALL: [ObjectKind; 22] = [
        ObjectKind::File,
        ObjectKind::Directory,
        ObjectKind::NamedPipe,
        ObjectKind::RegistryKey,
        ObjectKind::Service,
        ObjectKind::ServiceControlManager,
        ObjectKind::Process,
        ObjectKind::Thread,
        ObjectKind::Token,
        ObjectKind::Job,
        ObjectKind::Event,
        ObjectKind::Mutex,
        ObjectKind::Semaphore,
        ObjectKind::Timer,
        ObjectKind::Section,
        ObjectKind::Desktop,
        ObjectKind::WindowStation,
        ObjectKind::Printer,
        ObjectKind::WmiNamespace,
        ObjectKind::ComAccess,
        ObjectKind::ComLaunch,
        ObjectKind::DirectoryServiceObject,
    ];

    fn row(
        self,
    ) -> &'static (
        ObjectKind,
        &'static str,
        &'static [&'static str],
        &'static str,
    ) {
        &KIND_NAMES[self as usize]
    }

    /// The stable kebab-case name (`file`, `pipe`, `registry`, `ad`, ...).
    pub fn name(self) -> &'static str {
        self.row().1
    }

    /// Other names accepted by [`ObjectKind::from_name`].
    pub fn aliases(self) -> &'static [&'static str] {
        self.row().2
    }

    /// A short description for `--help`.
    pub fn summary(self) -> &'static str {
        self.row().3
    }

    /// Parses a kind name or alias, ASCII case-insensitively (`_` and `-` are the same).
    pub fn from_name(s: &str) -> Option<ObjectKind> {
        let eq = |a: &str| {
            a.len() == s.len()
                && a.bytes().zip(s.bytes()).all(|(x, y)| {
                    let y = if y == b'_' {
                        b'-'
                    } else {
                        y.to_ascii_lowercase()
                    };
                    x == y
                })
        };
        KIND_NAMES
            .iter()
            .find(|(_, name, aliases, _)| eq(name) || aliases.iter().any(|a| eq(a)))
            .map(|r| r.0)
    }

    /// The rights table of this kind.
    pub fn table(self) -> &'static KindTable {
        match self {
            ObjectKind::File => &file::FILE,
            ObjectKind::Directory => &file::DIRECTORY,
            ObjectKind::NamedPipe => &file::PIPE,
            ObjectKind::RegistryKey => &registry::KEY,
            ObjectKind::Service => &service::SERVICE,
            ObjectKind::ServiceControlManager => &service::SCM,
            ObjectKind::Process => &process::PROCESS,
            ObjectKind::Thread => &process::THREAD,
            ObjectKind::Token => &process::TOKEN,
            ObjectKind::Job => &process::JOB,
            ObjectKind::Event => &sync::EVENT,
            ObjectKind::Mutex => &sync::MUTEX,
            ObjectKind::Semaphore => &sync::SEMAPHORE,
            ObjectKind::Timer => &sync::TIMER,
            ObjectKind::Section => &sync::SECTION,
            ObjectKind::Desktop => &desktop::DESKTOP,
            ObjectKind::WindowStation => &desktop::WINDOW_STATION,
            ObjectKind::Printer => &printer::PRINTER,
            ObjectKind::WmiNamespace => &wmi::NAMESPACE,
            ObjectKind::ComAccess => &com::ACCESS,
            ObjectKind::ComLaunch => &com::LAUNCH,
            ObjectKind::DirectoryServiceObject => &ds::DS,
        }
    }
}

impl fmt::Display for ObjectKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The error of parsing an unknown kind name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownKind;

impl fmt::Display for UnknownKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unknown object kind; expected one of ")?;
        for (i, k) in ObjectKind::ALL.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(k.name())?;
        }
        Ok(())
    }
}

impl std::error::Error for UnknownKind {}

impl FromStr for ObjectKind {
    type Err = UnknownKind;
    fn from_str(s: &str) -> Result<ObjectKind, UnknownKind> {
        ObjectKind::from_name(s).ok_or(UnknownKind)
    }
}

/// One named right: a single bit (specific and standard rights) or a combination.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Right {
    pub mask: u32,
    /// The Windows constant (`FILE_APPEND_DATA`).
    pub name: &'static str,
    /// A short plain-English phrase, completing "allows to ..." (`append data to the file`).
    pub phrase: &'static str,
}

/// A combined value Windows names (`FILE_GENERIC_READ`, `KEY_ALL_ACCESS`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Combined {
    pub mask: u32,
    pub name: &'static str,
    /// Other constants with the same value (`KEY_EXECUTE` is `KEY_READ`).
    pub also: &'static [&'static str],
    pub phrase: &'static str,
}

/// What the generic rights become on a kind of object (winnt.h `GENERIC_MAPPING`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GenericMapping {
    pub read: u32,
    pub write: u32,
    pub execute: u32,
    pub all: u32,
}

/// Everything this module knows about one kind of object.
#[derive(Debug)]
pub struct KindTable {
    pub kind: ObjectKind,
    /// Specific rights (low 16 bits), one entry per bit, ascending.
    pub specific: &'static [Right],
    /// The standard rights the kind supports (a subset of [`STANDARD_RIGHTS_ALL`] plus
    /// `ACCESS_SYSTEM_SECURITY`). A standard bit outside this mask is named but flagged
    /// [`RightClass::Unsupported`].
    pub standard: u32,
    /// The phrase for `DELETE` on this kind (`delete the file`).
    pub delete_phrase: &'static str,
    /// The generic mapping, when Windows documents or is observed to apply one.
    pub mapping: Option<GenericMapping>,
    /// Bits inside the kind's all-access value that Windows leaves unnamed (`PROCESS_ALL_ACCESS`
    /// is `STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0xFFFF` though 0xC000 has no name).
    pub reserved: u32,
    /// What "full control" grants on this kind.
    pub full_control: u32,
    /// Combined names Windows defines for this kind, looked up by exact value.
    pub combined: &'static [Combined],
    /// Where the tables come from (URL or document section).
    pub source: &'static str,
}

impl KindTable {
    /// The bits this kind defines: its specific rights and supported standard rights.
    pub fn defined_bits(&self) -> u32 {
        self.specific.iter().fold(self.standard, |m, r| m | r.mask)
    }

    /// The specific right of one bit.
    pub fn specific_right(&self, bit: u32) -> Option<&'static Right> {
        self.specific.iter().find(|r| r.mask == bit)
    }
}

/// What kind of bit a [`RightInfo`] names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RightClass {
    /// A right specific to the object kind.
    Specific,
    /// A standard right the kind supports.
    Standard,
    /// A standard right the kind does not support (Windows ignores it or refuses it).
    Unsupported,
    /// `ACCESS_SYSTEM_SECURITY` or `MAXIMUM_ALLOWED`.
    Special,
    /// A generic right, mapped by the object's generic mapping.
    Generic,
    /// A bit inside the kind's all-access value that Windows leaves unnamed.
    Reserved,
    /// A bit this kind does not define.
    Unknown,
}

/// One set bit of a mask, named for a kind of object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RightInfo {
    /// The bit.
    pub bit: u32,
    /// The Windows constant, `None` for a bit the kind does not define.
    pub name: Option<&'static str>,
    pub phrase: &'static str,
    pub class: RightClass,
}

/// Standard, special and generic bits, with their constants (winnt.h) and phrases
/// (learn.microsoft.com "Standard Access Rights", "ACCESS_MASK", "Generic Access Rights").
#[rustfmt::skip]
const COMMON_BITS: &[(u32, &str, &str, RightClass)] = &[
    (DELETE, "DELETE", "", RightClass::Standard),
    (READ_CONTROL, "READ_CONTROL", "read the security descriptor (owner, group, DACL; not the SACL)", RightClass::Standard),
    (WRITE_DAC, "WRITE_DAC", "change the permissions (DACL)", RightClass::Standard),
    (WRITE_OWNER, "WRITE_OWNER", "take ownership (change the owner)", RightClass::Standard),
    (SYNCHRONIZE, "SYNCHRONIZE", "wait on the object (use it for synchronization)", RightClass::Standard),
    (ACCESS_SYSTEM_SECURITY, "ACCESS_SYSTEM_SECURITY", "read or change the SACL (also needs SeSecurityPrivilege)", RightClass::Special),
    (MAXIMUM_ALLOWED, "MAXIMUM_ALLOWED", "request every right the caller can be granted (meaningless in an ACE)", RightClass::Special),
    (GENERIC_ALL, "GENERIC_ALL", "all access (generic; mapped by the object type)", RightClass::Generic),
    (GENERIC_EXECUTE, "GENERIC_EXECUTE", "execute (generic; mapped by the object type)", RightClass::Generic),
    (GENERIC_WRITE, "GENERIC_WRITE", "write (generic; mapped by the object type)", RightClass::Generic),
    (GENERIC_READ, "GENERIC_READ", "read (generic; mapped by the object type)", RightClass::Generic),
];

const RESERVED_PHRASE: &str = "an unnamed bit that this object type's all-access value includes";
const UNKNOWN_PHRASE: &str = "a bit this object type does not define";
const UNSUPPORTED_PHRASE: &str = "a standard right this object type does not support";

/// Names one bit for `kind`. `bit` must be a single bit.
pub fn right_info(kind: ObjectKind, bit: u32) -> RightInfo {
    debug_assert!(bit.is_power_of_two());
    let t = kind.table();
    if let Some(r) = t.specific_right(bit) {
        return RightInfo {
            bit,
            name: Some(r.name),
            phrase: r.phrase,
            class: RightClass::Specific,
        };
    }
    if let Some(&(_, name, phrase, class)) = COMMON_BITS.iter().find(|c| c.0 == bit) {
        let (phrase, class) = match class {
            RightClass::Standard if t.standard & bit == 0 => {
                (UNSUPPORTED_PHRASE, RightClass::Unsupported)
            }
            RightClass::Standard if bit == DELETE => (t.delete_phrase, class),
            _ => (phrase, class),
        };
        return RightInfo {
            bit,
            name: Some(name),
            phrase,
            class,
        };
    }
    if t.reserved & bit != 0 {
        return RightInfo {
            bit,
            name: None,
            phrase: RESERVED_PHRASE,
            class: RightClass::Reserved,
        };
    }
    RightInfo {
        bit,
        name: None,
        phrase: UNKNOWN_PHRASE,
        class: RightClass::Unknown,
    }
}

/// Iterator over the set bits of a mask, lowest first, named for one kind (see [`decompose`]).
#[derive(Clone, Debug)]
pub struct Decompose {
    kind: ObjectKind,
    rest: u32,
}

impl Iterator for Decompose {
    type Item = RightInfo;
    fn next(&mut self) -> Option<RightInfo> {
        if self.rest == 0 {
            return None;
        }
        let bit = self.rest & self.rest.wrapping_neg();
        self.rest &= !bit;
        Some(right_info(self.kind, bit))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.rest.count_ones() as usize;
        (n, Some(n))
    }
}

impl ExactSizeIterator for Decompose {}

/// Names every set bit of `mask` for `kind`, lowest bit first. Bits the kind does not define are
/// reported as [`RightClass::Unknown`], never dropped; generic bits are reported as such (use
/// [`map_generic`] to expand them).
pub fn decompose(kind: ObjectKind, mask: u32) -> Decompose {
    Decompose { kind, rest: mask }
}

/// The bits of `mask` that `kind` does not define ([`RightClass::Unknown`] in [`decompose`]):
/// nobody's access, whatever an ACE grants.
///
/// ```
/// use sddl_core::objects::{undefined_bits, ObjectKind};
/// // FILE_READ_DATA is a file right; 0x200 is no file right.
/// assert_eq!(undefined_bits(ObjectKind::File, 0x1 | 0x200), 0x200);
/// ```
pub fn undefined_bits(kind: ObjectKind, mask: u32) -> u32 {
    decompose(kind, mask)
        .filter(|r| r.class == RightClass::Unknown)
        .fold(0, |m, r| m | r.bit)
}

/// Replaces the generic bits of `mask` by what they mean on `kind`, as Windows' `MapGenericMask`
/// does: the generic bits are cleared and the mapped rights added. For a kind without a generic
/// mapping the mask is returned unchanged.
pub fn map_generic(kind: ObjectKind, mask: u32) -> u32 {
    let Some(m) = kind.table().mapping else {
        return mask;
    };
    let mut out = mask & !GENERIC_BITS;
    if mask & GENERIC_READ != 0 {
        out |= m.read;
    }
    if mask & GENERIC_WRITE != 0 {
        out |= m.write;
    }
    if mask & GENERIC_EXECUTE != 0 {
        out |= m.execute;
    }
    if mask & GENERIC_ALL != 0 {
        out |= m.all;
    }
    out
}

/// The combined name Windows uses for exactly `mask` on `kind` (`FILE_ALL_ACCESS` for
/// `0x1f01ff` on a file), if there is one.
pub fn describe_mask(kind: ObjectKind, mask: u32) -> Option<&'static Combined> {
    kind.table().combined.iter().find(|c| c.mask == mask)
}

/// What "full control" grants on `kind`.
pub fn full_control(kind: ObjectKind) -> u32 {
    kind.table().full_control
}

/// The generic mapping of `kind`, if it has one.
pub fn generic_mapping(kind: ObjectKind) -> Option<GenericMapping> {
    kind.table().mapping
}

/// Shorthand for table rows.
pub(crate) const fn r(mask: u32, name: &'static str, phrase: &'static str) -> Right {
    Right { mask, name, phrase }
}

/// Shorthand for combined rows.
pub(crate) const fn c(mask: u32, name: &'static str, phrase: &'static str) -> Combined {
    Combined {
        mask,
        name,
        also: &[],
        phrase,
    }
}

#[cfg(test)]
mod tests;
