//! COM access and launch/activation permissions.
//!
//! Source: objidl.h `COM_RIGHTS_EXECUTE` 0x1, `COM_RIGHTS_EXECUTE_LOCAL` 0x2,
//! `COM_RIGHTS_EXECUTE_REMOTE` 0x4, `COM_RIGHTS_ACTIVATE_LOCAL` 0x8, `COM_RIGHTS_ACTIVATE_REMOTE`
//! 0x10 (values as published in Microsoft's Win32 metadata, e.g. the `windows-sys`
//! `Win32::System::Com` constants); learn.microsoft.com/windows/win32/com/accesspermission,
//! /com/launchpermission and "Security in COM". In access permissions the execute bits mean
//! "call"; in launch permissions `EXECUTE_LOCAL`/`_REMOTE` mean local/remote launch and
//! `ACTIVATE_LOCAL`/`_REMOTE` local/remote activation (the dcomcnfg check boxes). COM does not
//! apply a generic mapping, so none is modelled.

use super::{r, KindTable, ObjectKind};

#[rustfmt::skip]
pub static ACCESS: KindTable = KindTable {
    kind: ObjectKind::ComAccess,
    specific: &[
        r(0x1, "COM_RIGHTS_EXECUTE", "call the COM server"),
        r(0x2, "COM_RIGHTS_EXECUTE_LOCAL", "call the COM server locally (Local Access)"),
        r(0x4, "COM_RIGHTS_EXECUTE_REMOTE", "call the COM server from another computer (Remote Access)"),
    ],
    standard: 0,
    delete_phrase: "",
    mapping: None,
    reserved: 0,
    full_control: 0x7,
    combined: &[],
    source: "objidl.h COM_RIGHTS_*; learn.microsoft.com/windows/win32/com/accesspermission",
};

#[rustfmt::skip]
pub static LAUNCH: KindTable = KindTable {
    kind: ObjectKind::ComLaunch,
    specific: &[
        r(0x1, "COM_RIGHTS_EXECUTE", "launch or activate the COM server"),
        r(0x2, "COM_RIGHTS_EXECUTE_LOCAL", "launch the server locally (Local Launch)"),
        r(0x4, "COM_RIGHTS_EXECUTE_REMOTE", "launch the server from another computer (Remote Launch)"),
        r(0x8, "COM_RIGHTS_ACTIVATE_LOCAL", "activate objects locally (Local Activation)"),
        r(0x10, "COM_RIGHTS_ACTIVATE_REMOTE", "activate objects from another computer (Remote Activation)"),
    ],
    standard: 0,
    delete_phrase: "",
    mapping: None,
    reserved: 0,
    full_control: 0x1f,
    combined: &[],
    source: "objidl.h COM_RIGHTS_*; learn.microsoft.com/windows/win32/com/launchpermission",
};
