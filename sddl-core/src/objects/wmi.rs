//! WMI namespaces.
//!
//! Source: learn.microsoft.com/windows/win32/wmisdk/namespace-access-rights-constants and
//! /api/wbemcli/ne-wbemcli-wbem_security_flags (`WBEM_SECURITY_FLAGS`): `WBEM_ENABLE` 0x1 ...
//! `WBEM_RIGHT_PUBLISH` 0x80. The WMI Control's "Read Security" and "Edit Security" are
//! `READ_CONTROL` and `WRITE_DAC`. WMI documents no generic mapping for namespaces, so none is
//! applied. "Full control" here is every documented namespace right plus `READ_CONTROL` and
//! `WRITE_DAC` (the root namespace's default grants Administrators 0x6003F, all but subscribe and
//! publish).

use super::{r, KindTable, ObjectKind};
use crate::rights::{ACCESS_SYSTEM_SECURITY, READ_CONTROL, WRITE_DAC, WRITE_OWNER};

#[rustfmt::skip]
pub static NAMESPACE: KindTable = KindTable {
    kind: ObjectKind::WmiNamespace,
    specific: &[
        r(0x1, "WBEM_ENABLE", "connect and read (Enable Account)"),
        r(0x2, "WBEM_METHOD_EXECUTE", "execute methods"),
        r(0x4, "WBEM_FULL_WRITE_REP", "write classes and instances to the repository (Full Write)"),
        r(0x8, "WBEM_PARTIAL_WRITE_REP", "write instances only (Partial Write)"),
        r(0x10, "WBEM_WRITE_PROVIDER", "write classes and instances to providers (Provider Write)"),
        r(0x20, "WBEM_REMOTE_ACCESS", "do all of this remotely (Remote Enable)"),
        r(0x40, "WBEM_RIGHT_SUBSCRIBE", "subscribe to events"),
        r(0x80, "WBEM_RIGHT_PUBLISH", "publish events"),
    ],
    standard: READ_CONTROL | WRITE_DAC | WRITE_OWNER | ACCESS_SYSTEM_SECURITY,
    delete_phrase: "delete the namespace",
    mapping: None,
    reserved: 0,
    full_control: 0xff | READ_CONTROL | WRITE_DAC,
    combined: &[],
    source: "learn.microsoft.com/windows/win32/wmisdk/namespace-access-rights-constants",
};
