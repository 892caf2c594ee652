//! Desktops and window stations.
//!
//! Source: learn.microsoft.com/windows/win32/winstation/desktop-security-and-access-rights and
//! /winstation/window-station-security-and-access-rights: the specific rights, that neither
//! object supports `SYNCHRONIZE`, `WINSTA_ALL_ACCESS` (0x37F), and the generic mappings the
//! pages give for a desktop in, and for, the interactive window station (desktop: GENERIC_READ =
//! ENUMERATE | READOBJECTS | STANDARD_RIGHTS_READ; GENERIC_WRITE = CREATEMENU | CREATEWINDOW |
//! HOOKCONTROL | JOURNALPLAYBACK | JOURNALRECORD | WRITEOBJECTS | STANDARD_RIGHTS_WRITE;
//! GENERIC_EXECUTE = SWITCHDESKTOP | STANDARD_RIGHTS_EXECUTE; GENERIC_ALL = every desktop right |
//! STANDARD_RIGHTS_REQUIRED. Window station: GENERIC_READ = ENUMDESKTOPS | ENUMERATE |
//! READATTRIBUTES | READSCREEN | STANDARD_RIGHTS_READ; GENERIC_WRITE = ACCESSCLIPBOARD |
//! CREATEDESKTOP | WRITEATTRIBUTES | STANDARD_RIGHTS_WRITE; GENERIC_EXECUTE = ACCESSGLOBALATOMS |
//! EXITWINDOWS | STANDARD_RIGHTS_EXECUTE; GENERIC_ALL = every window-station right |
//! STANDARD_RIGHTS_REQUIRED). Non-interactive window stations map generic rights more narrowly
//! (same page); that variant is not modelled.

use super::{c, r, GenericMapping, KindTable, ObjectKind, STANDARD_RIGHTS_REQUIRED};
use crate::rights::{ACCESS_SYSTEM_SECURITY, READ_CONTROL};

#[rustfmt::skip]
pub static DESKTOP: KindTable = KindTable {
    kind: ObjectKind::Desktop,
    specific: &[
        r(0x1, "DESKTOP_READOBJECTS", "read objects on the desktop"),
        r(0x2, "DESKTOP_CREATEWINDOW", "create windows on the desktop"),
        r(0x4, "DESKTOP_CREATEMENU", "create menus on the desktop"),
        r(0x8, "DESKTOP_HOOKCONTROL", "install window hooks"),
        r(0x10, "DESKTOP_JOURNALRECORD", "record journal (keyboard and mouse) input"),
        r(0x20, "DESKTOP_JOURNALPLAYBACK", "play back journal input"),
        r(0x40, "DESKTOP_ENUMERATE", "be listed when desktops are enumerated"),
        r(0x80, "DESKTOP_WRITEOBJECTS", "write objects on the desktop"),
        r(0x100, "DESKTOP_SWITCHDESKTOP", "switch to the desktop (SwitchDesktop)"),
    ],
    standard: STANDARD_RIGHTS_REQUIRED | ACCESS_SYSTEM_SECURITY,
    delete_phrase: "delete the desktop",
    mapping: Some(GenericMapping {
        read: READ_CONTROL | 0x40 | 0x1,
        write: READ_CONTROL | 0x4 | 0x2 | 0x8 | 0x20 | 0x10 | 0x80,
        execute: READ_CONTROL | 0x100,
        all: STANDARD_RIGHTS_REQUIRED | 0x1ff,
    }),
    reserved: 0,
    full_control: STANDARD_RIGHTS_REQUIRED | 0x1ff,
    combined: &[],
    source: "learn.microsoft.com/windows/win32/winstation/desktop-security-and-access-rights",
};

#[rustfmt::skip]
pub static WINDOW_STATION: KindTable = KindTable {
    kind: ObjectKind::WindowStation,
    specific: &[
        r(0x1, "WINSTA_ENUMDESKTOPS", "list the window station's desktops"),
        r(0x2, "WINSTA_READATTRIBUTES", "read the window station's attributes"),
        r(0x4, "WINSTA_ACCESSCLIPBOARD", "use the clipboard"),
        r(0x8, "WINSTA_CREATEDESKTOP", "create desktops"),
        r(0x10, "WINSTA_WRITEATTRIBUTES", "change the window station's attributes"),
        r(0x20, "WINSTA_ACCESSGLOBALATOMS", "use global atoms"),
        r(0x40, "WINSTA_EXITWINDOWS", "log off or shut down (ExitWindowsEx)"),
        r(0x100, "WINSTA_ENUMERATE", "be listed when window stations are enumerated"),
        r(0x200, "WINSTA_READSCREEN", "read the screen's contents"),
    ],
    standard: STANDARD_RIGHTS_REQUIRED | ACCESS_SYSTEM_SECURITY,
    delete_phrase: "delete the window station",
    mapping: Some(GenericMapping {
        read: READ_CONTROL | 0x1 | 0x100 | 0x2 | 0x200,
        write: READ_CONTROL | 0x4 | 0x8 | 0x10,
        execute: READ_CONTROL | 0x20 | 0x40,
        all: STANDARD_RIGHTS_REQUIRED | 0x37f,
    }),
    reserved: 0,
    full_control: STANDARD_RIGHTS_REQUIRED | 0x37f,
    combined: &[c(0x37f, "WINSTA_ALL_ACCESS", "every window-station right, without the standard rights")],
    source: "learn.microsoft.com/windows/win32/winstation/window-station-security-and-access-rights",
};
