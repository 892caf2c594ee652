//! The canonical formatter (stub; being written).

use crate::model::SecurityDescriptor;
use crate::sid::Sid;

#[derive(Clone, Debug, Default)]
pub struct FormatOptions {
    /// The domain SID: SIDs in it with a domain-alias RID print as the alias (`LA`, `DU`, ...).
    pub domain_sid: Option<Sid>,
}

pub fn to_sddl(sd: &SecurityDescriptor, opts: &FormatOptions) -> String {
    let _ = (sd, opts);
    String::new()
}
