//! Files, directories and named pipes.
//!
//! Bits and names: learn.microsoft.com/windows/win32/fileio/file-access-rights-constants ("File
//! Access Rights Constants") and /fileio/file-security-and-access-rights; the pipe reading of
//! bit 0x4 (`FILE_CREATE_PIPE_INSTANCE`) is on the same page and on
//! /ipc/named-pipe-security-and-access-rights.
//! Generic mapping: pinned on Windows by Wine's advapi32 tests (`test_file_security`,
//! `test_named_pipe_security`), recorded in `sddl-tables.tsv` rows `generic_mapping`
//! `file/directory/named pipe`: 0x120089, 0x120116, 0x1200a0, 0x1f01ff. Files, directories and
//! pipes share the one mapping of the `File` object type.

use super::{c, r, Combined, GenericMapping, KindTable, ObjectKind, STANDARD_RIGHTS_ALL};
use crate::rights::ACCESS_SYSTEM_SECURITY;

pub const FILE_GENERIC_READ: u32 = 0x0012_0089;
pub const FILE_GENERIC_WRITE: u32 = 0x0012_0116;
pub const FILE_GENERIC_EXECUTE: u32 = 0x0012_00a0;
pub const FILE_ALL_ACCESS: u32 = 0x001f_01ff;

const MAPPING: GenericMapping = GenericMapping {
    read: FILE_GENERIC_READ,
    write: FILE_GENERIC_WRITE,
    execute: FILE_GENERIC_EXECUTE,
    all: FILE_ALL_ACCESS,
};

const SOURCE: &str = "learn.microsoft.com/windows/win32/fileio/file-access-rights-constants; \
    generic mapping: Wine advapi32 tests on Windows (test_file_security, test_named_pipe_security)";

#[rustfmt::skip]
const COMBINED: &[Combined] = &[
    c(FILE_ALL_ACCESS, "FILE_ALL_ACCESS", "full control"),
    c(FILE_GENERIC_READ, "FILE_GENERIC_READ", "read data, attributes, extended attributes and permissions"),
    c(FILE_GENERIC_WRITE, "FILE_GENERIC_WRITE", "write and append data, write attributes and extended attributes"),
    c(FILE_GENERIC_EXECUTE, "FILE_GENERIC_EXECUTE", "execute, read attributes and permissions"),
];

#[rustfmt::skip]
pub static FILE: KindTable = KindTable {
    kind: ObjectKind::File,
    specific: &[
        r(0x1, "FILE_READ_DATA", "read the file's data"),
        r(0x2, "FILE_WRITE_DATA", "write data to the file"),
        r(0x4, "FILE_APPEND_DATA", "append data to the file"),
        r(0x8, "FILE_READ_EA", "read extended attributes"),
        r(0x10, "FILE_WRITE_EA", "write extended attributes"),
        r(0x20, "FILE_EXECUTE", "execute the file"),
        r(0x40, "FILE_DELETE_CHILD", "delete children (meaningful on directories only)"),
        r(0x80, "FILE_READ_ATTRIBUTES", "read file attributes"),
        r(0x100, "FILE_WRITE_ATTRIBUTES", "write file attributes"),
    ],
    standard: STANDARD_RIGHTS_ALL | ACCESS_SYSTEM_SECURITY,
    delete_phrase: "delete the file",
    mapping: Some(MAPPING),
    reserved: 0,
    full_control: FILE_ALL_ACCESS,
    combined: COMBINED,
    source: SOURCE,
};

#[rustfmt::skip]
pub static DIRECTORY: KindTable = KindTable {
    kind: ObjectKind::Directory,
    specific: &[
        r(0x1, "FILE_LIST_DIRECTORY", "list the directory's contents"),
        r(0x2, "FILE_ADD_FILE", "create files in the directory"),
        r(0x4, "FILE_ADD_SUBDIRECTORY", "create subdirectories"),
        r(0x8, "FILE_READ_EA", "read extended attributes"),
        r(0x10, "FILE_WRITE_EA", "write extended attributes"),
        r(0x20, "FILE_TRAVERSE", "traverse the directory (ignored for holders of the bypass-traverse-checking privilege)"),
        r(0x40, "FILE_DELETE_CHILD", "delete files and subdirectories in it, even read-only ones"),
        r(0x80, "FILE_READ_ATTRIBUTES", "read directory attributes"),
        r(0x100, "FILE_WRITE_ATTRIBUTES", "write directory attributes"),
    ],
    standard: STANDARD_RIGHTS_ALL | ACCESS_SYSTEM_SECURITY,
    delete_phrase: "delete the directory",
    mapping: Some(MAPPING),
    reserved: 0,
    full_control: FILE_ALL_ACCESS,
    combined: COMBINED,
    source: SOURCE,
};

#[rustfmt::skip]
pub static PIPE: KindTable = KindTable {
    kind: ObjectKind::NamedPipe,
    specific: &[
        r(0x1, "FILE_READ_DATA", "read data from the pipe"),
        r(0x2, "FILE_WRITE_DATA", "write data to the pipe"),
        r(0x4, "FILE_CREATE_PIPE_INSTANCE", "create a new instance of the pipe"),
        r(0x8, "FILE_READ_EA", "read extended attributes"),
        r(0x10, "FILE_WRITE_EA", "write extended attributes"),
        r(0x20, "FILE_EXECUTE", "execute (no meaning for a pipe)"),
        r(0x40, "FILE_DELETE_CHILD", "delete children (no meaning for a pipe)"),
        r(0x80, "FILE_READ_ATTRIBUTES", "read the pipe's attributes and state"),
        r(0x100, "FILE_WRITE_ATTRIBUTES", "change the pipe's handle state (mode, timeouts)"),
    ],
    standard: STANDARD_RIGHTS_ALL | ACCESS_SYSTEM_SECURITY,
    delete_phrase: "delete the pipe",
    mapping: Some(MAPPING),
    reserved: 0,
    full_control: FILE_ALL_ACCESS,
    combined: COMBINED,
    source: "learn.microsoft.com/windows/win32/ipc/named-pipe-security-and-access-rights; \
        file-access-rights-constants (FILE_CREATE_PIPE_INSTANCE); generic mapping: Wine \
        advapi32 test_named_pipe_security on Windows",
};
