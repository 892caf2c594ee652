//! Naming trustees: the alias table of `sddl-core`, a few well-known SIDs that have no SDDL
//! alias, and SID families recognised by their prefix (service, app-pool, capability, package,
//! integrity-level, logon-session, domain SIDs). An unknown SID is kept as it is, never dropped.
//!
//! The extra names here would sit better beside `sddl_core::sid::ALIASES`; they live in the CLI
//! until the core grows such a table.
//!
//! Sources: learn.microsoft.com "Well-known SIDs" (windows-server/identity/ad-ds/manage/
//! understand-security-identifiers) and winnt.h (`SECURITY_*_RID`, `SECURITY_CAPABILITY_*`,
//! `SECURITY_MANDATORY_*_RID`).

use sddl_core::sid::{alias_for_sid, AliasTarget};
use sddl_core::{Sid, SidRef};

/// Who a SID is, as far as it can be told from the SID alone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SidName {
    /// `S-1-...`; `None` for a domain alias with no domain SID to resolve it against.
    pub sid: Option<String>,
    /// The SDDL alias (`WD`, `BA`), when Windows prints one.
    pub alias: Option<&'static str>,
    /// The account or group name (`Everyone`, `NT SERVICE\...`), when known.
    pub name: Option<String>,
    /// What kind of principal this is, for SIDs recognised by pattern or with a caveat worth
    /// knowing (`CREATOR OWNER` only matters in inheritable ACEs).
    pub note: Option<String>,
}

impl SidName {
    /// The shortest readable label: the name, else the SID, else the alias.
    pub fn label(&self) -> String {
        self.name
            .clone()
            .or_else(|| self.sid.clone())
            .or_else(|| self.alias.map(str::to_owned))
            .unwrap_or_default()
    }
}

/// Well-known SIDs without an SDDL alias: (authority, sub-authorities, name).
#[rustfmt::skip]
const EXTRA: &[(u64, &[u32], &str)] = &[
    (0, &[0], "NULL SID"),
    (2, &[0], "LOCAL"),
    (2, &[1], "CONSOLE LOGON"),
    (3, &[2], "CREATOR OWNER SERVER"),
    (3, &[3], "CREATOR GROUP SERVER"),
    (5, &[1], "NT AUTHORITY\\DIALUP"),
    (5, &[3], "NT AUTHORITY\\BATCH"),
    (5, &[8], "NT AUTHORITY\\PROXY"),
    (5, &[13], "NT AUTHORITY\\TERMINAL SERVER USER"),
    (5, &[14], "NT AUTHORITY\\REMOTE INTERACTIVE LOGON"),
    (5, &[15], "NT AUTHORITY\\This Organization"),
    (5, &[17], "NT AUTHORITY\\IUSR"),
    (5, &[64, 10], "NT AUTHORITY\\NTLM Authentication"),
    (5, &[64, 14], "NT AUTHORITY\\SChannel Authentication"),
    (5, &[64, 21], "NT AUTHORITY\\Digest Authentication"),
    (5, &[80, 0], "NT SERVICE\\ALL SERVICES"),
    (5, &[83, 0], "NT VIRTUAL MACHINE\\Virtual Machines"),
    (5, &[113], "NT AUTHORITY\\Local account"),
    (5, &[114], "NT AUTHORITY\\Local account and member of Administrators group"),
    (5, &[1000], "NT AUTHORITY\\Other Organization"),
    (5, &[32, 557], "BUILTIN\\Incoming Forest Trust Builders"),
    (5, &[32, 560], "BUILTIN\\Windows Authorization Access Group"),
    (5, &[32, 561], "BUILTIN\\Terminal Server License Servers"),
    (5, &[32, 562], "BUILTIN\\Distributed COM Users"),
    (5, &[32, 582], "BUILTIN\\Storage Replica Administrators"),
    (5, &[32, 583], "BUILTIN\\Device Owners"),
    (15, &[2, 2], "ALL RESTRICTED APPLICATION PACKAGES"),
    (16, &[0], "Untrusted Mandatory Level"),
    (16, &[20480], "Protected Process Mandatory Level"),
    (16, &[28672], "Secure Process Mandatory Level"),
];

/// Capability SIDs `S-1-15-3-N` with a fixed RID (winnt.h `SECURITY_CAPABILITY_*`).
#[rustfmt::skip]
const CAPABILITIES: &[(u32, &str)] = &[
    (1, "internetClient"),
    (2, "internetClientServer"),
    (3, "privateNetworkClientServer"),
    (4, "picturesLibrary"),
    (5, "videosLibrary"),
    (6, "musicLibrary"),
    (7, "documentsLibrary"),
    (8, "enterpriseAuthentication"),
    (9, "sharedUserCertificates"),
    (10, "removableStorage"),
    (11, "appointments"),
    (12, "contacts"),
];

/// Notes on aliases whose meaning surprises people.
fn alias_note(code: &str) -> Option<&'static str> {
    Some(match code {
        "WD" => "every user, but not anonymous logons (unless the policy \"Let Everyone permissions apply to anonymous users\" is on)",
        "AN" => "users who have not authenticated (null sessions)",
        "AU" => "every authenticated user and computer (not guests or anonymous logons)",
        "CO" => "a placeholder: replaced by the creator of each child object when the ACE is inherited; matches nobody on this object",
        "CG" => "a placeholder: replaced by the primary group of each child object's creator when the ACE is inherited; matches nobody on this object",
        "OW" => "the object's owner; an ACE for it replaces the owner's implicit READ_CONTROL and WRITE_DAC",
        "PS" => "the object itself, when it is an account (Active Directory)",
        "SY" => "the operating system",
        "IU" => "users logged on at the console or through Remote Desktop",
        "NU" => "users logged on over the network",
        "SU" => "processes logged on as a service",
        "AC" => "every app container (Store or sandboxed app)",
        "RC" => "restricted tokens' restricting SID",
        "WR" => "write-restricted tokens' restricting SID",
        _ => return None,
    })
}

/// Names `sid` (with `domain`, domain-relative aliases resolve).
pub fn name_sid_ref(sid: &SidRef, domain: Option<&Sid>) -> SidName {
    match sid {
        SidRef::Sid(s) => name_sid(s, domain),
        SidRef::Unresolved(a) => {
            let rid = match a.target {
                AliasTarget::DomainRelative(rid) => rid,
                AliasTarget::WellKnown(_) => 0,
            };
            SidName {
                sid: None,
                alias: Some(a.code),
                name: Some(a.name.to_string()),
                note: Some(format!(
                    "RID {rid} of the domain (pass --domain-sid to resolve it to a SID)"
                )),
            }
        }
    }
}

/// Names a SID: alias, extra well-known names, then patterns.
pub fn name_sid(sid: &Sid, domain: Option<&Sid>) -> SidName {
    let text = sid.to_string();
    if let Some(a) = alias_for_sid(sid, domain) {
        let (name, note) = match a.target {
            AliasTarget::WellKnown(_) => {
                (a.name.to_string(), alias_note(a.code).map(str::to_owned))
            }
            AliasTarget::DomainRelative(_) => (
                a.name.to_string(),
                Some("of the domain given with --domain-sid".to_string()),
            ),
        };
        return SidName {
            sid: Some(text),
            alias: Some(a.code),
            name: Some(name),
            note,
        };
    }
    let subs = sid.sub_authorities();
    let auth = sid.authority();
    if let Some(&(_, _, name)) = EXTRA
        .iter()
        .find(|(a, s, _)| *a == auth && *s == subs && sid.revision() == 1)
    {
        return SidName {
            sid: Some(text),
            alias: None,
            name: Some(name.to_string()),
            note: None,
        };
    }
    let (name, note) = pattern(auth, subs);
    let note = match (&name, note) {
        (None, None) => Some("a SID this tool has no name for".to_string()),
        (_, note) => note,
    };
    SidName {
        sid: Some(text),
        alias: None,
        name,
        note,
    }
}

/// SID families recognised by prefix.
fn pattern(auth: u64, subs: &[u32]) -> (Option<String>, Option<String>) {
    let note = |s: &str| Some(s.to_string());
    match (auth, subs) {
        (5, [80, ..]) => (
            None,
            note("a service SID (NT SERVICE\\<name>): the SID of one Windows service, derived from its name"),
        ),
        (5, [82, ..]) => (
            None,
            note("an IIS application pool identity (IIS APPPOOL\\<pool>), derived from the pool's name"),
        ),
        (5, [83, ..]) => (None, note("a Hyper-V virtual machine (NT VIRTUAL MACHINE\\<id>)")),
        (5, [5, x, y]) => (
            Some(format!("NT AUTHORITY\\LogonSessionId_{x}_{y}")),
            note("one logon session: matches only processes of that logon, until it ends"),
        ),
        (5, [21, a, b, c, rid]) => {
            let domain = format!("S-1-5-21-{a}-{b}-{c}");
            let well_known = sddl_core::sid::ALIASES.iter().find(|al| {
                al.target == AliasTarget::DomainRelative(*rid)
            });
            let what = match (rid, well_known) {
                (_, Some(al)) => format!("`{}` (RID {rid}) of domain or computer {domain}", al.name),
                (502, _) => format!("`krbtgt` (RID 502) of domain {domain}"),
                (rid, _) if *rid >= 1000 => {
                    format!("a user, group or computer account (RID {rid}) of domain or computer {domain}")
                }
                _ => format!("RID {rid} of domain or computer {domain}"),
            };
            (None, Some(what))
        }
        (5, [21, ..]) => (None, note("an account of a domain or computer")),
        (15, [3, rid]) => match CAPABILITIES.iter().find(|c| c.0 == *rid) {
            Some((_, cap)) => (
                Some(format!("capability: {cap}")),
                note("an app capability: matches app containers declaring it"),
            ),
            None => (None, note("an app capability: matches app containers declaring it")),
        },
        (15, [3, ..]) => (
            None,
            note("an app capability SID (derived from a capability name): matches app containers declaring it"),
        ),
        (15, [2, ..]) => (
            None,
            note("an app container (package) SID: one Store or sandboxed app"),
        ),
        (16, [rid]) => (
            Some(format!("Mandatory Level {rid:#x}")),
            note("an integrity level"),
        ),
        (19, [level, signer]) => (
            None,
            Some(format!(
                "a process trust label (protection type {level}, signer {signer}): matches protected processes at or above it"
            )),
        ),
        _ => (None, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sid(text: &str) -> Sid {
        let parsed = sddl_core::parse(&format!("O:{text}"), &Default::default());
        assert!(parsed.errors.is_empty(), "{text}");
        *parsed.sd.owner.unwrap().sid.sid().unwrap()
    }

    #[test]
    fn aliases_come_from_the_core_table() {
        let n = name_sid(&sid("S-1-1-0"), None);
        assert_eq!(n.alias, Some("WD"));
        assert_eq!(n.name.as_deref(), Some("Everyone"));
        assert!(n.note.unwrap().contains("anonymous"));
    }

    #[test]
    fn families_are_recognised_by_prefix() {
        let cases = [
            (
                "S-1-5-80-1913148863-3492339771-4165695881-2087618961-4109116736",
                "service SID",
            ),
            (
                "S-1-5-82-3006700770-424185619-1745488364-794895919-4004696415",
                "IIS application pool",
            ),
            (
                "S-1-15-3-1024-1065365936-1281604716-3511738428-1654721687-432734479",
                "capability",
            ),
            (
                "S-1-15-2-1430448594-2639229838-973813799-439329657-1197984847",
                "app container",
            ),
            ("S-1-16-12345", "integrity level"),
            ("S-1-5-5-0-123456", "logon session"),
            ("S-1-5-21-1-2-3-1105", "RID 1105"),
        ];
        for (text, want) in cases {
            let n = name_sid(&sid(text), None);
            assert_eq!(n.sid.as_deref(), Some(text));
            let all = format!("{:?} {:?}", n.name, n.note);
            assert!(all.contains(want), "{text}: {all}");
        }
        assert_eq!(
            name_sid(&sid("S-1-15-3-1"), None).name.as_deref(),
            Some("capability: internetClient")
        );
    }

    #[test]
    fn unknown_sids_are_kept_raw() {
        let n = name_sid(&sid("S-1-9-1-2"), None);
        assert_eq!(n.sid.as_deref(), Some("S-1-9-1-2"));
        assert_eq!(n.name, None);
        assert_eq!(n.label(), "S-1-9-1-2");
    }
}
