//! Services and the service control manager.
//!
//! Source: learn.microsoft.com/windows/win32/services/service-security-and-access-rights
//! ("Service Security and Access Rights"): the SCM and service specific rights, their generic
//! rights (SCM: GENERIC_READ = STANDARD_RIGHTS_READ | ENUMERATE_SERVICE | QUERY_LOCK_STATUS;
//! GENERIC_WRITE = STANDARD_RIGHTS_WRITE | CREATE_SERVICE | MODIFY_BOOT_CONFIG; GENERIC_EXECUTE =
//! STANDARD_RIGHTS_EXECUTE | CONNECT | LOCK; GENERIC_ALL = SC_MANAGER_ALL_ACCESS. Service:
//! GENERIC_READ = STANDARD_RIGHTS_READ | QUERY_CONFIG | QUERY_STATUS | INTERROGATE |
//! ENUMERATE_DEPENDENTS; GENERIC_WRITE = STANDARD_RIGHTS_WRITE | CHANGE_CONFIG; GENERIC_EXECUTE =
//! STANDARD_RIGHTS_EXECUTE | START | STOP | PAUSE_CONTINUE | USER_DEFINED_CONTROL), and
//! `SC_MANAGER_ALL_ACCESS` (0xF003F), `SERVICE_ALL_ACCESS` (0xF01FF).
//! Services do not support `SYNCHRONIZE` (the Win32 SDK's "Service Object" page, 1992, says so:
//! "This object type does not support the (optional) SYNCHRONIZE standard access type").

use super::{c, r, GenericMapping, KindTable, ObjectKind, STANDARD_RIGHTS_REQUIRED};
use crate::rights::{ACCESS_SYSTEM_SECURITY, READ_CONTROL};

pub const SERVICE_ALL_ACCESS: u32 = 0x000f_01ff;
pub const SC_MANAGER_ALL_ACCESS: u32 = 0x000f_003f;

#[rustfmt::skip]
pub static SERVICE: KindTable = KindTable {
    kind: ObjectKind::Service,
    specific: &[
        r(0x1, "SERVICE_QUERY_CONFIG", "read the service's configuration"),
        r(0x2, "SERVICE_CHANGE_CONFIG", "change the service's configuration, including the program it runs"),
        r(0x4, "SERVICE_QUERY_STATUS", "ask the service control manager for the service's status"),
        r(0x8, "SERVICE_ENUMERATE_DEPENDENTS", "list the services that depend on it"),
        r(0x10, "SERVICE_START", "start the service"),
        r(0x20, "SERVICE_STOP", "stop the service"),
        r(0x40, "SERVICE_PAUSE_CONTINUE", "pause or continue the service"),
        r(0x80, "SERVICE_INTERROGATE", "ask the service to report its status now"),
        r(0x100, "SERVICE_USER_DEFINED_CONTROL", "send the service a user-defined control code"),
    ],
    standard: STANDARD_RIGHTS_REQUIRED | ACCESS_SYSTEM_SECURITY,
    delete_phrase: "delete the service",
    mapping: Some(GenericMapping {
        read: READ_CONTROL | 0x1 | 0x4 | 0x80 | 0x8,
        write: READ_CONTROL | 0x2,
        execute: READ_CONTROL | 0x10 | 0x20 | 0x40 | 0x100,
        all: SERVICE_ALL_ACCESS,
    }),
    reserved: 0,
    full_control: SERVICE_ALL_ACCESS,
    combined: &[c(SERVICE_ALL_ACCESS, "SERVICE_ALL_ACCESS", "full control")],
    source: "learn.microsoft.com/windows/win32/services/service-security-and-access-rights",
};

#[rustfmt::skip]
pub static SCM: KindTable = KindTable {
    kind: ObjectKind::ServiceControlManager,
    specific: &[
        r(0x1, "SC_MANAGER_CONNECT", "connect to the service control manager"),
        r(0x2, "SC_MANAGER_CREATE_SERVICE", "create services"),
        r(0x4, "SC_MANAGER_ENUMERATE_SERVICE", "list the installed services"),
        r(0x8, "SC_MANAGER_LOCK", "lock the service database"),
        r(0x10, "SC_MANAGER_QUERY_LOCK_STATUS", "read the database lock status"),
        r(0x20, "SC_MANAGER_MODIFY_BOOT_CONFIG", "mark the boot configuration as good (NotifyBootConfigStatus)"),
    ],
    standard: STANDARD_RIGHTS_REQUIRED | ACCESS_SYSTEM_SECURITY,
    delete_phrase: "delete the object (not used by the service control manager)",
    mapping: Some(GenericMapping {
        read: READ_CONTROL | 0x4 | 0x10,
        write: READ_CONTROL | 0x2 | 0x20,
        execute: READ_CONTROL | 0x1 | 0x8,
        all: SC_MANAGER_ALL_ACCESS,
    }),
    reserved: 0,
    full_control: SC_MANAGER_ALL_ACCESS,
    combined: &[c(SC_MANAGER_ALL_ACCESS, "SC_MANAGER_ALL_ACCESS", "full control")],
    source: "learn.microsoft.com/windows/win32/services/service-security-and-access-rights",
};
