//! What a trustee means: a broad group that lets (nearly) anyone in, a privileged account, a
//! placeholder that matches nobody on the object itself, or anyone else.
//!
//! Sources: learn.microsoft.com "Well-known SIDs" and "Security identifiers" (winnt.h
//! `SECURITY_*_RID`), "Capability SIDs" for the app-package groups, and [MS-DTYP] 2.4.2.4.

use sddl_core::sid::AliasTarget;
use sddl_core::{Sid, SidRef};

/// How a rule should read a trustee.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Class {
    /// A group that (nearly) every caller of some kind belongs to.
    Broad,
    /// SYSTEM, Administrators, TrustedInstaller, service SIDs, domain and enterprise admins.
    Privileged,
    /// `CREATOR OWNER`, `CREATOR GROUP` and their server forms: replaced on inheritance, match
    /// no token on the object itself.
    CreatorPlaceholder,
    /// Anyone else (a user, a group the descriptor does not tell us about).
    Other,
}

/// One row: how to recognise the SID, its class, the name people know it by, and who is in it.
struct Row {
    authority: u64,
    subs: &'static [u32],
    class: Class,
    who: &'static str,
}

const fn row(authority: u64, subs: &'static [u32], class: Class, who: &'static str) -> Row {
    Row {
        authority,
        subs,
        class,
        who,
    }
}

use Class::{Broad, CreatorPlaceholder, Privileged};

#[rustfmt::skip]
static WELL_KNOWN: &[Row] = &[
    row(1, &[0], Broad, "every account, service and computer (and anonymous logons when `EveryoneIncludesAnonymous` is on)"),
    row(5, &[7], Broad, "unauthenticated (null session) callers"),
    row(5, &[11], Broad, "every authenticated account, including computer accounts of trusted domains"),
    row(5, &[32, 545], Broad, "every local and domain user (Authenticated Users and Interactive are members)"),
    row(5, &[32, 546], Broad, "guest accounts"),
    row(5, &[32, 554], Broad, "Pre-Windows 2000 Compatible Access, which often holds Everyone or Authenticated Users"),
    row(5, &[4], Broad, "every interactive logon"),
    row(5, &[2], Broad, "every network logon"),
    row(5, &[1], Broad, "every dial-up logon"),
    row(5, &[3], Broad, "every batch logon (scheduled tasks)"),
    row(5, &[6], Broad, "every service process, including low-privilege ones"),
    row(5, &[14], Broad, "every Remote Desktop logon"),
    row(5, &[15], Broad, "every account of this organization"),
    row(5, &[1000], Broad, "every account of other organizations"),
    row(5, &[113], Broad, "every local account"),
    row(2, &[0], Broad, "every logon on this machine"),
    row(2, &[1], Broad, "every console logon"),
    row(15, &[2, 1], Broad, "every AppContainer (UWP and sandboxed) process"),
    row(15, &[2, 2], Broad, "every AppContainer process, including less privileged ones"),
    row(5, &[18], Privileged, "the local system"),
    row(5, &[32, 544], Privileged, "administrators"),
    row(5, &[32, 549], Privileged, "server operators"),
    row(5, &[9], Privileged, "enterprise domain controllers"),
    row(5, &[114], Privileged, "local accounts that are administrators"),
    row(3, &[0], CreatorPlaceholder, "the creator of a child object"),
    row(3, &[1], CreatorPlaceholder, "the primary group of a child object's creator"),
    row(3, &[2], CreatorPlaceholder, "the creator of a child object (server)"),
    row(3, &[3], CreatorPlaceholder, "the primary group of a child object's creator (server)"),
];

/// Domain RIDs that make a domain SID broad or privileged (winnt.h `DOMAIN_*_RID_*`).
#[rustfmt::skip]
static DOMAIN_RIDS: &[(u32, Class, &str)] = &[
    (501, Broad, "the guest account"),
    (513, Broad, "every domain user"),
    (514, Broad, "domain guests"),
    (515, Broad, "every computer joined to the domain"),
    (500, Privileged, "the built-in administrator"),
    (512, Privileged, "domain administrators"),
    (516, Privileged, "domain controllers"),
    (518, Privileged, "schema administrators"),
    (519, Privileged, "enterprise administrators"),
];

/// `S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464`.
pub(crate) const TRUSTED_INSTALLER: Sid = Sid::from_parts(
    5,
    &[
        80, 956008885, 3418522649, 1831038044, 1853292631, 2271478464,
    ],
);

pub(crate) const EVERYONE: Sid = Sid::from_parts(1, &[0]);
pub(crate) const ANONYMOUS: Sid = Sid::from_parts(5, &[7]);
pub(crate) const AUTHENTICATED_USERS: Sid = Sid::from_parts(5, &[11]);
pub(crate) const USERS: Sid = Sid::from_parts(5, &[32, 545]);
pub(crate) const NETWORK: Sid = Sid::from_parts(5, &[2]);
pub(crate) use sddl_core::sid::OWNER_RIGHTS;
pub(crate) const ALL_APP_PACKAGES: Sid = Sid::from_parts(15, &[2, 1]);
pub(crate) const ALL_RESTRICTED_APP_PACKAGES: Sid = Sid::from_parts(15, &[2, 2]);
pub(crate) const NULL_SID: Sid = Sid::from_parts(0, &[0]);

fn matches(row: &Row, sid: &Sid) -> bool {
    sid.authority() == row.authority && sid.sub_authorities() == row.subs
}

/// The RID of a domain account SID (`S-1-5-21-a-b-c-RID`) or of an unresolved domain alias.
pub(crate) fn domain_rid(sid: &SidRef) -> Option<u32> {
    match sid {
        SidRef::Unresolved(a) => match a.target {
            AliasTarget::DomainRelative(rid) => Some(rid),
            AliasTarget::WellKnown(_) => None,
        },
        SidRef::Sid(s) => {
            let subs = s.sub_authorities();
            (s.authority() == 5 && subs.len() == 5 && subs[0] == 21).then(|| subs[4])
        }
    }
}

/// The class of a trustee, with who is in it.
pub(crate) fn classify(sid: &SidRef) -> (Class, &'static str) {
    if let SidRef::Sid(s) = sid {
        if let Some(r) = WELL_KNOWN.iter().find(|r| matches(r, s)) {
            return (r.class, r.who);
        }
        if *s == TRUSTED_INSTALLER {
            return (Privileged, "TrustedInstaller");
        }
        // NT SERVICE\<name>: S-1-5-80-<five sub-authorities>.
        if s.authority() == 5 && s.sub_authorities().len() == 6 && s.sub_authorities()[0] == 80 {
            return (Privileged, "a service's own SID");
        }
    }
    if let Some(rid) = domain_rid(sid) {
        if let Some(&(_, class, who)) = DOMAIN_RIDS.iter().find(|r| r.0 == rid) {
            return (class, who);
        }
    }
    (Class::Other, "")
}

pub(crate) fn is_broad(sid: &SidRef) -> bool {
    classify(sid).0 == Class::Broad
}

pub(crate) fn is_privileged(sid: &SidRef) -> bool {
    classify(sid).0 == Class::Privileged
}

pub(crate) fn is(sid: &SidRef, well_known: &Sid) -> bool {
    sid.sid() == Some(well_known)
}

/// The app-package groups (`AC`, `S-1-15-2-2`).
pub(crate) fn is_app_packages(sid: &SidRef) -> bool {
    is(sid, &ALL_APP_PACKAGES) || is(sid, &ALL_RESTRICTED_APP_PACKAGES)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sid(text: &str) -> SidRef {
        crate::Principal::parse(text, None).unwrap().sid
    }

    #[test]
    fn classes() {
        for broad in [
            "WD",
            "AN",
            "AU",
            "BU",
            "BG",
            "IU",
            "NU",
            "AC",
            "S-1-15-2-2",
            "S-1-5-113",
            "DU",
            "S-1-5-21-1-2-3-513",
        ] {
            assert_eq!(classify(&sid(broad)).0, Class::Broad, "{broad}");
        }
        for p in [
            "SY",
            "BA",
            "DA",
            "EA",
            "S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464",
            "S-1-5-80-1-2-3-4-5",
        ] {
            assert_eq!(classify(&sid(p)).0, Class::Privileged, "{p}");
        }
        for o in ["NS", "LS", "S-1-5-21-1-2-3-1001", "PS", "S-1-5-80-1"] {
            assert_eq!(classify(&sid(o)).0, Class::Other, "{o}");
        }
        assert_eq!(classify(&sid("CO")).0, Class::CreatorPlaceholder);
        assert_eq!(
            sid("S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464"),
            SidRef::Sid(TRUSTED_INSTALLER)
        );
    }
}
