//! Printers.
//!
//! A printer's security descriptor holds printer rights and, in inherit-only ACEs, the rights
//! its print jobs inherit, so both families are named here (they use different bits).
//!
//! Source: [MS-RPRN] 2.2.3.1 "Access Values" (learn.microsoft.com/openspecs/windows_protocols/
//! ms-rprn/945c4df5-4969-49c5-b1ce-59c1b3f35024): `SERVER_ACCESS_ADMINISTER` 0x1,
//! `SERVER_ACCESS_ENUMERATE` 0x2, `PRINTER_ACCESS_ADMINISTER` 0x4, `PRINTER_ACCESS_USE` 0x8,
//! `JOB_ACCESS_ADMINISTER` 0x10, `JOB_ACCESS_READ` 0x20, `PRINTER_ACCESS_MANAGE_LIMITED` 0x40
//! (Windows 8.1+, learn.microsoft.com/windows/win32/printdocs/printer-defaults), and the combined
//! values (`PRINTER_ALL_ACCESS` = `STANDARD_RIGHTS_REQUIRED | PRINTER_ACCESS_ADMINISTER |
//! PRINTER_ACCESS_USE`; `PRINTER_READ`/`_WRITE`/`_EXECUTE` = `READ_CONTROL |
//! PRINTER_ACCESS_USE`; `JOB_ALL_ACCESS`, `JOB_READ`, `JOB_WRITE`, `JOB_EXECUTE`; winspool.h).
//! The generic mapping used here is the printer's `PRINTER_READ`/`_WRITE`/`_EXECUTE`/
//! `_ALL_ACCESS`, which is what those names are for; the spooler's internal mapping is not
//! documented.

use super::{r, Combined, GenericMapping, KindTable, ObjectKind, STANDARD_RIGHTS_REQUIRED};
use crate::rights::ACCESS_SYSTEM_SECURITY;

pub const PRINTER_ALL_ACCESS: u32 = 0x000f_000c;
pub const PRINTER_READ: u32 = 0x0002_0008;

#[rustfmt::skip]
pub static PRINTER: KindTable = KindTable {
    kind: ObjectKind::Printer,
    specific: &[
        r(0x1, "SERVER_ACCESS_ADMINISTER", "administer the print server"),
        r(0x2, "SERVER_ACCESS_ENUMERATE", "list the print server's printers"),
        r(0x4, "PRINTER_ACCESS_ADMINISTER", "manage the printer (SetPrinter, pause, purge)"),
        r(0x8, "PRINTER_ACCESS_USE", "print"),
        r(0x10, "JOB_ACCESS_ADMINISTER", "manage documents: cancel, pause, resume or restart print jobs"),
        r(0x20, "JOB_ACCESS_READ", "read the spool file of print jobs"),
        r(0x40, "PRINTER_ACCESS_MANAGE_LIMITED", "manage some printer settings (Windows 8.1+)"),
    ],
    standard: STANDARD_RIGHTS_REQUIRED | ACCESS_SYSTEM_SECURITY,
    delete_phrase: "delete the printer",
    mapping: Some(GenericMapping {
        read: PRINTER_READ,
        write: PRINTER_READ,
        execute: PRINTER_READ,
        all: PRINTER_ALL_ACCESS,
    }),
    reserved: 0,
    full_control: PRINTER_ALL_ACCESS,
    combined: &[
        Combined {
            mask: PRINTER_ALL_ACCESS,
            name: "PRINTER_ALL_ACCESS",
            also: &[],
            phrase: "manage the printer and print",
        },
        Combined {
            mask: PRINTER_READ,
            name: "PRINTER_READ",
            also: &["PRINTER_WRITE", "PRINTER_EXECUTE"],
            phrase: "print and read permissions",
        },
        Combined {
            mask: 0x000f_0030,
            name: "JOB_ALL_ACCESS",
            also: &[],
            phrase: "manage documents (job rights)",
        },
        Combined {
            mask: 0x0002_0020,
            name: "JOB_READ",
            also: &[],
            phrase: "read print jobs",
        },
        Combined {
            mask: 0x0002_0010,
            name: "JOB_WRITE",
            also: &["JOB_EXECUTE"],
            phrase: "administer print jobs",
        },
        Combined {
            mask: 0x000f_0003,
            name: "SERVER_ALL_ACCESS",
            also: &[],
            phrase: "administer the print server",
        },
    ],
    source: "[MS-RPRN] 2.2.3.1 Access Values; winspool.h",
};
