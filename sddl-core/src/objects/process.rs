//! Processes, threads, access tokens and job objects.
//!
//! Bits and names:
//! - learn.microsoft.com/windows/win32/procthread/process-security-and-access-rights;
//!   `PROCESS_SET_SESSIONID` (0x4) and `PROCESS_SET_LIMITED_INFORMATION` (0x2000) are winnt.h
//!   names the page does not list.
//! - learn.microsoft.com/windows/win32/procthread/thread-security-and-access-rights;
//!   `THREAD_RESUME` (0x1000) is a winnt.h (Windows 8+) name; 0x4 is `THREAD_ALERT`, a kernel
//!   name used in the kernel's thread generic mapping.
//! - learn.microsoft.com/windows/win32/secauthz/access-rights-for-access-token-objects; tokens
//!   do not support `SYNCHRONIZE`.
//! - learn.microsoft.com/windows/win32/procthread/job-object-security-and-access-rights; the
//!   page gives `JOB_OBJECT_ALL_ACCESS` as 0x1F001F, current winnt.h adds
//!   `JOB_OBJECT_IMPERSONATE` (0x20) and defines it as `STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE |
//!   0x3F` (0x1F003F), the value used here.
//!
//! Generic mappings:
//! - process and thread: pinned on Windows by Wine's advapi32 tests (`test_process_access`,
//!   `test_thread_security`; `sddl-tables.tsv` rows `generic_mapping process:*`/`thread:*`),
//!   Vista+ values. Windows 8 and later handles additionally show rights the kernel implies
//!   (`THREAD_RESUME`, `PROCESS_SET_LIMITED_INFORMATION`, `PROCESS_QUERY_LIMITED_INFORMATION`),
//!   which the tests accept as variants; they are not part of these values.
//! - token: the kernel's `SepTokenMapping` is `{TOKEN_READ, TOKEN_WRITE, TOKEN_EXECUTE,
//!   TOKEN_ALL_ACCESS}` with winnt.h's `TOKEN_EXECUTE` = `STANDARD_RIGHTS_EXECUTE` (0x20000). The
//!   token-rights page says `TOKEN_EXECUTE` also includes `TOKEN_IMPERSONATE`; winnt.h does not,
//!   and the header is what Windows is built from.
//! - job: the kernel's `PspJobMapping`: read = `STANDARD_RIGHTS_READ | JOB_OBJECT_QUERY`, write =
//!   `STANDARD_RIGHTS_WRITE | ASSIGN_PROCESS | SET_ATTRIBUTES | TERMINATE`, execute =
//!   `STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE`, all = `JOB_OBJECT_ALL_ACCESS` (before Vista the
//!   kernel used `THREAD_ALL_ACCESS` by mistake). Not observed on Windows by a test here.

use super::{c, r, Combined, GenericMapping, KindTable, ObjectKind};
use super::{STANDARD_RIGHTS_ALL, STANDARD_RIGHTS_REQUIRED};
use crate::rights::{ACCESS_SYSTEM_SECURITY, READ_CONTROL, SYNCHRONIZE};

pub const PROCESS_ALL_ACCESS: u32 = 0x001f_ffff;
pub const THREAD_ALL_ACCESS: u32 = 0x001f_ffff;
pub const TOKEN_ALL_ACCESS: u32 = 0x000f_01ff;
pub const JOB_OBJECT_ALL_ACCESS: u32 = 0x001f_003f;

#[rustfmt::skip]
pub static PROCESS: KindTable = KindTable {
    kind: ObjectKind::Process,
    specific: &[
        r(0x1, "PROCESS_TERMINATE", "terminate the process"),
        r(0x2, "PROCESS_CREATE_THREAD", "create a thread in the process"),
        r(0x4, "PROCESS_SET_SESSIONID", "set the session ID"),
        r(0x8, "PROCESS_VM_OPERATION", "change the process's memory (allocate, protect, write)"),
        r(0x10, "PROCESS_VM_READ", "read the process's memory"),
        r(0x20, "PROCESS_VM_WRITE", "write the process's memory"),
        r(0x40, "PROCESS_DUP_HANDLE", "duplicate the process's handles"),
        r(0x80, "PROCESS_CREATE_PROCESS", "create a process with this one as parent"),
        r(0x100, "PROCESS_SET_QUOTA", "set memory limits"),
        r(0x200, "PROCESS_SET_INFORMATION", "set information such as the priority class"),
        r(0x400, "PROCESS_QUERY_INFORMATION", "read information such as the token, exit code and priority"),
        r(0x800, "PROCESS_SUSPEND_RESUME", "suspend or resume the process"),
        r(0x1000, "PROCESS_QUERY_LIMITED_INFORMATION", "read limited information (exit code, image name)"),
        r(0x2000, "PROCESS_SET_LIMITED_INFORMATION", "set limited information"),
    ],
    standard: STANDARD_RIGHTS_ALL | ACCESS_SYSTEM_SECURITY,
    delete_phrase: "delete the process object",
    mapping: Some(GenericMapping {
        read: 0x0002_1410,
        write: 0x0002_0bea,
        execute: 0x0012_1001,
        all: PROCESS_ALL_ACCESS,
    }),
    reserved: 0xc000,
    full_control: PROCESS_ALL_ACCESS,
    combined: &[c(PROCESS_ALL_ACCESS, "PROCESS_ALL_ACCESS", "full control")],
    source: "learn.microsoft.com/windows/win32/procthread/process-security-and-access-rights; \
        generic mapping: Wine advapi32 test_process_access on Windows (Vista+ values)",
};

#[rustfmt::skip]
pub static THREAD: KindTable = KindTable {
    kind: ObjectKind::Thread,
    specific: &[
        r(0x1, "THREAD_TERMINATE", "terminate the thread"),
        r(0x2, "THREAD_SUSPEND_RESUME", "suspend or resume the thread"),
        r(0x4, "THREAD_ALERT", "alert the thread"),
        r(0x8, "THREAD_GET_CONTEXT", "read the thread's context (registers)"),
        r(0x10, "THREAD_SET_CONTEXT", "write the thread's context (registers)"),
        r(0x20, "THREAD_SET_INFORMATION", "set information such as the priority"),
        r(0x40, "THREAD_QUERY_INFORMATION", "read information such as the token"),
        r(0x80, "THREAD_SET_THREAD_TOKEN", "set the thread's impersonation token"),
        r(0x100, "THREAD_IMPERSONATE", "make the thread impersonate"),
        r(0x200, "THREAD_DIRECT_IMPERSONATION", "impersonate a client from a server thread"),
        r(0x400, "THREAD_SET_LIMITED_INFORMATION", "set limited information"),
        r(0x800, "THREAD_QUERY_LIMITED_INFORMATION", "read limited information"),
        r(0x1000, "THREAD_RESUME", "resume the thread"),
    ],
    standard: STANDARD_RIGHTS_ALL | ACCESS_SYSTEM_SECURITY,
    delete_phrase: "delete the thread object",
    mapping: Some(GenericMapping {
        read: 0x0002_0848,
        write: 0x0002_0437,
        execute: 0x0012_0800,
        all: THREAD_ALL_ACCESS,
    }),
    reserved: 0xe000,
    full_control: THREAD_ALL_ACCESS,
    combined: &[c(THREAD_ALL_ACCESS, "THREAD_ALL_ACCESS", "full control")],
    source: "learn.microsoft.com/windows/win32/procthread/thread-security-and-access-rights; \
        generic mapping: Wine advapi32 test_thread_security on Windows (Vista+ values)",
};

#[rustfmt::skip]
pub static TOKEN: KindTable = KindTable {
    kind: ObjectKind::Token,
    specific: &[
        r(0x1, "TOKEN_ASSIGN_PRIMARY", "attach the token to a process as its primary token"),
        r(0x2, "TOKEN_DUPLICATE", "duplicate the token"),
        r(0x4, "TOKEN_IMPERSONATE", "attach the token to a thread for impersonation"),
        r(0x8, "TOKEN_QUERY", "read the token's contents"),
        r(0x10, "TOKEN_QUERY_SOURCE", "read the token's source"),
        r(0x20, "TOKEN_ADJUST_PRIVILEGES", "enable or disable privileges"),
        r(0x40, "TOKEN_ADJUST_GROUPS", "change group attributes"),
        r(0x80, "TOKEN_ADJUST_DEFAULT", "change the default owner, primary group or DACL"),
        r(0x100, "TOKEN_ADJUST_SESSIONID", "change the session ID (also needs SeTcbPrivilege)"),
    ],
    standard: STANDARD_RIGHTS_REQUIRED | ACCESS_SYSTEM_SECURITY,
    delete_phrase: "delete the token object",
    mapping: Some(GenericMapping {
        read: READ_CONTROL | 0x8,
        write: READ_CONTROL | 0x20 | 0x40 | 0x80,
        execute: READ_CONTROL,
        all: TOKEN_ALL_ACCESS,
    }),
    reserved: 0,
    full_control: TOKEN_ALL_ACCESS,
    combined: &[
        c(TOKEN_ALL_ACCESS, "TOKEN_ALL_ACCESS", "full control"),
        c(0x000f_00ff, "TOKEN_ALL_ACCESS_P", "full control except changing the session ID"),
        c(0x0002_0008, "TOKEN_READ", "read the token and its permissions"),
        c(0x0002_00e0, "TOKEN_WRITE", "adjust privileges, groups and defaults"),
        c(0x0002_0000, "TOKEN_EXECUTE", "read the token's permissions"),
    ],
    source: "learn.microsoft.com/windows/win32/secauthz/access-rights-for-access-token-objects; \
        generic mapping: winnt.h TOKEN_READ/TOKEN_WRITE/TOKEN_EXECUTE/TOKEN_ALL_ACCESS",
};

#[rustfmt::skip]
pub static JOB: KindTable = KindTable {
    kind: ObjectKind::Job,
    specific: &[
        r(0x1, "JOB_OBJECT_ASSIGN_PROCESS", "assign processes to the job"),
        r(0x2, "JOB_OBJECT_SET_ATTRIBUTES", "set the job's limits and attributes"),
        r(0x4, "JOB_OBJECT_QUERY", "read the job's attributes and accounting"),
        r(0x8, "JOB_OBJECT_TERMINATE", "terminate every process in the job"),
        r(0x10, "JOB_OBJECT_SET_SECURITY_ATTRIBUTES", "set security limits (not supported since Vista)"),
        r(0x20, "JOB_OBJECT_IMPERSONATE", "impersonate the job's token"),
    ],
    standard: STANDARD_RIGHTS_ALL | ACCESS_SYSTEM_SECURITY,
    delete_phrase: "delete the job object",
    mapping: Some(GenericMapping {
        read: READ_CONTROL | 0x4,
        write: READ_CONTROL | 0x1 | 0x2 | 0x8,
        execute: READ_CONTROL | SYNCHRONIZE,
        all: JOB_OBJECT_ALL_ACCESS,
    }),
    reserved: 0,
    full_control: JOB_OBJECT_ALL_ACCESS,
    combined: &[Combined {
        mask: JOB_OBJECT_ALL_ACCESS,
        name: "JOB_OBJECT_ALL_ACCESS",
        also: &[],
        phrase: "full control",
    }],
    source: "learn.microsoft.com/windows/win32/procthread/job-object-security-and-access-rights; \
        winnt.h (JOB_OBJECT_IMPERSONATE, JOB_OBJECT_ALL_ACCESS); generic mapping: the kernel's \
        PspJobMapping",
};
