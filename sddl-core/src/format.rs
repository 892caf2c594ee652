//! The canonical formatter: prints what `ConvertSecurityDescriptorToStringSecurityDescriptor`
//! prints.

use crate::model::SecurityDescriptor;
use crate::sid::{alias_for_sid, Sid, SidRef};
use std::fmt::Write;

#[derive(Clone, Debug, Default)]
pub struct FormatOptions {
    /// The domain SID: SIDs in it with a domain-alias RID print as the alias (`LA`, `DU`, ...).
    pub domain_sid: Option<Sid>,
}

pub fn to_sddl(sd: &SecurityDescriptor, opts: &FormatOptions) -> String {
    let _ = (sd, opts);
    String::new()
}

/// Writes a SID the way Windows does in SDDL: its alias when it has one, else `S-1-...`.
pub(crate) fn write_sid_ref(out: &mut String, sid: &SidRef, opts: &FormatOptions) {
    match sid {
        SidRef::Sid(s) => match alias_for_sid(s, opts.domain_sid.as_ref()) {
            Some(a) => out.push_str(a.code),
            None => {
                let _ = write!(out, "{s}");
            }
        },
        SidRef::Unresolved(a) => out.push_str(a.code),
    }
}
