//! Events, mutexes, semaphores, waitable timers and sections (file mappings).
//!
//! Bits and names: learn.microsoft.com/windows/win32/sync/synchronization-object-security-and-access-rights
//! (`EVENT_ALL_ACCESS` 0x1F0003, `EVENT_MODIFY_STATE` 0x2, `MUTEX_ALL_ACCESS` 0x1F0001,
//! `MUTEX_MODIFY_STATE` 0x1, `SEMAPHORE_ALL_ACCESS` 0x1F0003, `SEMAPHORE_MODIFY_STATE` 0x2,
//! `TIMER_ALL_ACCESS` 0x1F0003, `TIMER_MODIFY_STATE` 0x2, `TIMER_QUERY_STATE` 0x1) and
//! learn.microsoft.com/windows/win32/memory/file-mapping-security-and-access-rights (sections do
//! not support `SYNCHRONIZE`; `FILE_MAP_*` are the `SECTION_*` bits). `EVENT_QUERY_STATE`,
//! `SEMAPHORE_QUERY_STATE` (0x1) and the `SECTION_*` names are winnt.h/wdm.h names. Bit 0x1 of a
//! mutex is winnt.h's `MUTANT_QUERY_STATE`; `MUTEX_MODIFY_STATE` is defined as that bit.
//!
//! Generic mappings: event, mutex, semaphore and section are pinned on Windows by Wine's
//! advapi32 tests (`test_event_security`, `test_mutex_security`, `test_semaphore_security`,
//! `test_filemap_security`; `sddl-tables.tsv` rows `generic_mapping`). The timer mapping is the
//! kernel's `ExpTimerMapping` (read = `STANDARD_RIGHTS_READ | TIMER_QUERY_STATE`, write =
//! `STANDARD_RIGHTS_WRITE | TIMER_MODIFY_STATE`, execute = `STANDARD_RIGHTS_EXECUTE |
//! SYNCHRONIZE`, all = `TIMER_ALL_ACCESS`), not observed by a test here.

use super::{c, r, Combined, GenericMapping, KindTable, ObjectKind};
use super::{STANDARD_RIGHTS_ALL, STANDARD_RIGHTS_REQUIRED};
use crate::rights::{ACCESS_SYSTEM_SECURITY, READ_CONTROL, SYNCHRONIZE};

const SYNC_SOURCE: &str =
    "learn.microsoft.com/windows/win32/sync/synchronization-object-security-and-access-rights; \
    generic mapping: Wine advapi32 tests on Windows";

#[rustfmt::skip]
pub static EVENT: KindTable = KindTable {
    kind: ObjectKind::Event,
    specific: &[
        r(0x1, "EVENT_QUERY_STATE", "read the event's state"),
        r(0x2, "EVENT_MODIFY_STATE", "set or reset the event"),
    ],
    standard: STANDARD_RIGHTS_ALL | ACCESS_SYSTEM_SECURITY,
    delete_phrase: "delete the event object",
    mapping: Some(GenericMapping {
        read: 0x0002_0001,
        write: 0x0002_0002,
        execute: 0x0012_0000,
        all: 0x001f_0003,
    }),
    reserved: 0,
    full_control: 0x001f_0003,
    combined: &[c(0x001f_0003, "EVENT_ALL_ACCESS", "full control")],
    source: SYNC_SOURCE,
};

#[rustfmt::skip]
pub static MUTEX: KindTable = KindTable {
    kind: ObjectKind::Mutex,
    specific: &[r(0x1, "MUTANT_QUERY_STATE", "read the mutex's state (also named MUTEX_MODIFY_STATE)")],
    standard: STANDARD_RIGHTS_ALL | ACCESS_SYSTEM_SECURITY,
    delete_phrase: "delete the mutex object",
    mapping: Some(GenericMapping {
        read: 0x0002_0001,
        write: 0x0002_0000,
        execute: 0x0012_0000,
        all: 0x001f_0001,
    }),
    reserved: 0,
    full_control: 0x001f_0001,
    combined: &[Combined {
        mask: 0x001f_0001,
        name: "MUTEX_ALL_ACCESS",
        also: &["MUTANT_ALL_ACCESS"],
        phrase: "full control",
    }],
    source: SYNC_SOURCE,
};

#[rustfmt::skip]
pub static SEMAPHORE: KindTable = KindTable {
    kind: ObjectKind::Semaphore,
    specific: &[
        r(0x1, "SEMAPHORE_QUERY_STATE", "read the semaphore's count"),
        r(0x2, "SEMAPHORE_MODIFY_STATE", "release the semaphore (change its count)"),
    ],
    standard: STANDARD_RIGHTS_ALL | ACCESS_SYSTEM_SECURITY,
    delete_phrase: "delete the semaphore object",
    mapping: Some(GenericMapping {
        read: 0x0002_0001,
        write: 0x0002_0002,
        execute: 0x0012_0000,
        all: 0x001f_0003,
    }),
    reserved: 0,
    full_control: 0x001f_0003,
    combined: &[c(0x001f_0003, "SEMAPHORE_ALL_ACCESS", "full control")],
    source: SYNC_SOURCE,
};

#[rustfmt::skip]
pub static TIMER: KindTable = KindTable {
    kind: ObjectKind::Timer,
    specific: &[
        r(0x1, "TIMER_QUERY_STATE", "read the timer's state"),
        r(0x2, "TIMER_MODIFY_STATE", "set or cancel the timer"),
    ],
    standard: STANDARD_RIGHTS_ALL | ACCESS_SYSTEM_SECURITY,
    delete_phrase: "delete the timer object",
    mapping: Some(GenericMapping {
        read: READ_CONTROL | 0x1,
        write: READ_CONTROL | 0x2,
        execute: READ_CONTROL | SYNCHRONIZE,
        all: 0x001f_0003,
    }),
    reserved: 0,
    full_control: 0x001f_0003,
    combined: &[c(0x001f_0003, "TIMER_ALL_ACCESS", "full control")],
    source: "learn.microsoft.com/windows/win32/sync/synchronization-object-security-and-access-rights; \
        generic mapping: the kernel's ExpTimerMapping",
};

#[rustfmt::skip]
pub static SECTION: KindTable = KindTable {
    kind: ObjectKind::Section,
    specific: &[
        r(0x1, "SECTION_QUERY", "read the section's size and attributes"),
        r(0x2, "SECTION_MAP_WRITE", "map writable views (FILE_MAP_WRITE)"),
        r(0x4, "SECTION_MAP_READ", "map read-only and copy-on-write views (FILE_MAP_READ)"),
        r(0x8, "SECTION_MAP_EXECUTE", "map executable views"),
        r(0x10, "SECTION_EXTEND_SIZE", "extend the section"),
        r(0x20, "SECTION_MAP_EXECUTE_EXPLICIT", "map executable views (FILE_MAP_EXECUTE)"),
    ],
    standard: STANDARD_RIGHTS_REQUIRED | ACCESS_SYSTEM_SECURITY,
    delete_phrase: "delete the section object",
    mapping: Some(GenericMapping {
        read: 0x0002_0005,
        write: 0x0002_0002,
        execute: 0x0002_0008,
        all: 0x000f_001f,
    }),
    reserved: 0,
    full_control: 0x000f_001f,
    combined: &[Combined {
        mask: 0x000f_001f,
        name: "SECTION_ALL_ACCESS",
        also: &["FILE_MAP_ALL_ACCESS"],
        phrase: "full control (except FILE_MAP_EXECUTE)",
    }],
    source: "learn.microsoft.com/windows/win32/memory/file-mapping-security-and-access-rights; \
        generic mapping: Wine advapi32 test_filemap_security on Windows",
};
