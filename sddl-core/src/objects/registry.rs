//! Registry keys.
//!
//! Source: learn.microsoft.com/windows/win32/sysinfo/registry-key-security-and-access-rights
//! ("Registry Key Security and Access Rights"): bits, `KEY_READ` (0x20019), `KEY_WRITE`
//! (0x20006), `KEY_EXECUTE` (= `KEY_READ`), `KEY_ALL_ACCESS` (0xF003F); registry keys do not
//! support `SYNCHRONIZE`. The generic mapping is `KEY_READ`/`KEY_WRITE`/`KEY_EXECUTE`/
//! `KEY_ALL_ACCESS`, the values SDDL's own `KR`/`KW`/`KX`/`KA` stand for (sddl.h; `rights.rs`).
//! `KEY_WOW64_64KEY`/`KEY_WOW64_32KEY` (0x100/0x200) are open flags, not access rights, and are
//! listed so that they are named when met.

use super::{c, r};
use super::{Combined, GenericMapping, KindTable, ObjectKind, STANDARD_RIGHTS_REQUIRED};
use crate::rights::ACCESS_SYSTEM_SECURITY;

pub const KEY_READ: u32 = 0x0002_0019;
pub const KEY_WRITE: u32 = 0x0002_0006;
pub const KEY_ALL_ACCESS: u32 = 0x000f_003f;

#[rustfmt::skip]
pub static KEY: KindTable = KindTable {
    kind: ObjectKind::RegistryKey,
    specific: &[
        r(0x1, "KEY_QUERY_VALUE", "read the key's values"),
        r(0x2, "KEY_SET_VALUE", "create, change or delete values"),
        r(0x4, "KEY_CREATE_SUB_KEY", "create subkeys"),
        r(0x8, "KEY_ENUMERATE_SUB_KEYS", "list the subkeys"),
        r(0x10, "KEY_NOTIFY", "ask for change notifications"),
        r(0x20, "KEY_CREATE_LINK", "create a symbolic link (reserved for the system)"),
        r(0x100, "KEY_WOW64_64KEY", "open the 64-bit view (an open flag, not an access right)"),
        r(0x200, "KEY_WOW64_32KEY", "open the 32-bit view (an open flag, not an access right)"),
    ],
    standard: STANDARD_RIGHTS_REQUIRED | ACCESS_SYSTEM_SECURITY,
    delete_phrase: "delete the key",
    mapping: Some(GenericMapping {
        read: KEY_READ,
        write: KEY_WRITE,
        execute: KEY_READ,
        all: KEY_ALL_ACCESS,
    }),
    reserved: 0,
    full_control: KEY_ALL_ACCESS,
    combined: &[
        c(KEY_ALL_ACCESS, "KEY_ALL_ACCESS", "full control"),
        Combined {
            mask: KEY_READ,
            name: "KEY_READ",
            also: &["KEY_EXECUTE"],
            phrase: "read values, list subkeys, get notifications, read permissions",
        },
        c(KEY_WRITE, "KEY_WRITE", "set values, create subkeys, read permissions"),
    ],
    source: "learn.microsoft.com/windows/win32/sysinfo/registry-key-security-and-access-rights",
};
