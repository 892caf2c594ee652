//! Tokens Windows gives well-known identities, groups and privileges included.
//!
//! Each preset says where its SIDs come from. Group lists that Microsoft documents are cited;
//! lists that come from what `whoami /groups` shows on a current Windows (and that no Microsoft
//! page spells out in full) are marked *observed*. Machine-specific SIDs (a local user, the
//! logon SID) use placeholders: the machine SID [`PLACEHOLDER_MACHINE`] (`S-1-5-21-0-0-0`, the
//! one Wine uses) and the logon SID `S-1-5-5-0-999`. See `docs/access-check.md`.
//!
//! ```
//! use sddl_core::access::presets::preset;
//! let ns = preset("NS").unwrap();
//! assert_eq!(ns.user.sid().unwrap().to_string(), "S-1-5-20");
//! assert!(preset("network-service").is_some() && preset("S-1-5-20").is_some());
//! ```

use super::token::{
    wk, AppContainer, GroupAttributes, IntegrityLevel, Privilege, Token, TokenGroup, TokenPrivilege,
};
use crate::sid::{Sid, SidRef};

/// The placeholder machine (or domain) SID of the local accounts in the presets.
pub const PLACEHOLDER_MACHINE: Sid = Sid::from_parts(5, &[21, 0, 0, 0]);

/// Groups not in the SDDL alias table.
pub mod sids {
    use crate::sid::Sid;
    /// `LOCAL` (S-1-2-0): users who log on to terminals physically attached to the system.
    pub const LOCAL: Sid = Sid::from_parts(2, &[0]);
    /// `CONSOLE LOGON` (S-1-2-1).
    pub const CONSOLE_LOGON: Sid = Sid::from_parts(2, &[1]);
    /// `NT AUTHORITY\This Organization` (S-1-5-15).
    pub const THIS_ORGANIZATION: Sid = Sid::from_parts(5, &[15]);
    /// `NT AUTHORITY\Local account` (S-1-5-113).
    pub const LOCAL_ACCOUNT: Sid = Sid::from_parts(5, &[113]);
    /// `NT AUTHORITY\Local account and member of Administrators group` (S-1-5-114).
    pub const LOCAL_ACCOUNT_AND_ADMIN: Sid = Sid::from_parts(5, &[114]);
    /// `NT AUTHORITY\NTLM Authentication` (S-1-5-64-10).
    pub const NTLM_AUTHENTICATION: Sid = Sid::from_parts(5, &[64, 10]);
    /// `ALL RESTRICTED APPLICATION PACKAGES` (S-1-15-2-2).
    pub const ALL_RESTRICTED_APP_PACKAGES: Sid = Sid::from_parts(15, &[2, 2]);
    /// The placeholder logon-session SID (`S-1-5-5-X-Y` on a real system).
    pub const LOGON_PLACEHOLDER: Sid = Sid::from_parts(5, &[5, 0, 999]);
    /// `IIS APPPOOL\DefaultAppPool`: `S-1-5-82-` plus the SHA-1 of the upper-cased pool name.
    pub const IIS_DEFAULT_APP_POOL: Sid = Sid::from_parts(
        5,
        &[82, 3006700770, 424185619, 1745488364, 794895919, 4004696415],
    );
    /// The `internetClient` capability (S-1-15-3-1).
    pub const CAP_INTERNET_CLIENT: Sid = Sid::from_parts(15, &[3, 1]);
    /// A placeholder package SID (`S-1-15-2-` plus seven hash sub-authorities on a real system).
    pub const PACKAGE_PLACEHOLDER: Sid = Sid::from_parts(15, &[2, 1, 2, 3, 4, 5, 6, 7]);
}

/// One preset: its names, what it models and where the data comes from.
#[derive(Clone, Copy, Debug)]
pub struct PresetInfo {
    /// The canonical name (`network-service`).
    pub name: &'static str,
    /// Other names accepted by [`preset`] (SDDL aliases, SID strings, short names).
    pub aliases: &'static [&'static str],
    pub summary: &'static str,
    /// Where the SIDs, groups and privileges come from.
    pub source: &'static str,
    build: fn() -> Token,
}

impl PresetInfo {
    pub fn token(&self) -> Token {
        (self.build)()
    }
}

#[rustfmt::skip]
static PRESETS: &[PresetInfo] = &[
    PresetInfo {
        name: "network-service",
        aliases: &["ns", "networkservice", "network_service", "S-1-5-20", "nt authority\\network service"],
        summary: "a service running as NT AUTHORITY\\NETWORK SERVICE (system integrity)",
        source: "learn.microsoft.com/windows/win32/services/networkservice-account (user SID, privileges, \
                 Everyone and Authenticated Users); /api/winsvc/ns-winsvc-service_sid_info (logon and LOCAL \
                 SIDs added by the SCM); Users, SERVICE, CONSOLE LOGON, This Organization: observed \
                 (whoami /groups); system integrity: learn.microsoft.com Mandatory Integrity Control \
                 (\"system services receive system integrity\")",
        build: network_service,
    },
    PresetInfo {
        name: "local-service",
        aliases: &["ls", "localservice", "local_service", "S-1-5-19", "nt authority\\local service"],
        summary: "a service running as NT AUTHORITY\\LOCAL SERVICE (system integrity)",
        source: "learn.microsoft.com/windows/win32/services/localservice-account (user SID, privileges); \
                 groups as for NETWORK SERVICE (observed)",
        build: local_service,
    },
    PresetInfo {
        name: "system",
        aliases: &["sy", "localsystem", "local-system", "S-1-5-18", "nt authority\\system"],
        summary: "NT AUTHORITY\\SYSTEM (LocalSystem); privileges present but only the default-enabled ones enabled",
        source: "learn.microsoft.com/windows/win32/services/localsystem-account (privileges; \"the token \
                 includes the NT AUTHORITY\\SYSTEM and BUILTIN\\Administrators SIDs\"); Everyone and \
                 Authenticated Users: observed",
        build: system,
    },
    PresetInfo {
        name: "iis-apppool",
        aliases: &["apppool", "app-pool", "iis", "defaultapppool", "iis apppool\\defaultapppool"],
        summary: "an IIS worker process running as IIS APPPOOL\\DefaultAppPool (high integrity)",
        source: "learn.microsoft.com/iis/manage/configuring-security/application-pool-identities \
                 (virtual account IIS APPPOOL\\<pool>, S-1-5-82-<hash>, IIS_IUSRS injected at run time); \
                 DefaultAppPool SID and the other groups: observed",
        build: iis_apppool,
    },
    PresetInfo {
        name: "anonymous",
        aliases: &["an", "anonymous-logon", "S-1-5-7", "nt authority\\anonymous logon"],
        summary: "an anonymous (null session) logon; Everyone only with EveryoneIncludesAnonymous (see anonymous_with_everyone)",
        source: "learn.microsoft.com/windows/security/threat-protection/security-policy-settings/\
                 network-access-let-everyone-permissions-apply-to-anonymous-users (Everyone is not in the \
                 anonymous token unless the policy is on; default off); NETWORK: network logon; \
                 integrity level Untrusted: unverified",
        build: anonymous,
    },
    PresetInfo {
        name: "interactive-user",
        aliases: &["user", "standard-user", "interactive"],
        summary: "an ordinary interactive standard user (medium integrity); the default object creator",
        source: "learn.microsoft.com/windows/security/identity-protection/access-control/security-identifiers \
                 (INTERACTIVE, Users, Authenticated Users, Local account, CONSOLE LOGON, LOCAL); group list: \
                 observed (whoami /groups); user S-1-5-21-0-0-0-1001 is a placeholder",
        build: interactive_user,
    },
    PresetInfo {
        name: "admin-elevated",
        aliases: &["admin", "administrator", "elevated"],
        summary: "a member of Administrators, elevated: BA enabled, high integrity, owner of new objects BA",
        source: "learn.microsoft.com/windows/security/application-security/application-control/\
                 user-account-control/how-it-works (full token: Administrators enabled, high integrity); \
                 learn.microsoft.com Mandatory Integrity Control (\"elevated users receive high\")",
        build: admin_elevated,
    },
    PresetInfo {
        name: "admin-filtered",
        aliases: &["filtered-admin", "uac-filtered", "admin-medium"],
        summary: "the same administrator, not elevated (UAC filtered token): BA deny-only, medium integrity",
        source: "learn.microsoft.com UAC how it works (filtered token: Administrators marked deny-only, \
                 privileges reduced to a standard user's, medium integrity)",
        build: admin_filtered,
    },
    PresetInfo {
        name: "network-user",
        aliases: &["authenticated-user", "au", "remote-user"],
        summary: "an ordinary domain or local user logged on over the network (NETWORK instead of INTERACTIVE)",
        source: "learn.microsoft.com security-identifiers (NETWORK S-1-5-2, Authenticated Users S-1-5-11); \
                 group list: observed; user S-1-5-21-0-0-0-1002 is a placeholder",
        build: network_user,
    },
    PresetInfo {
        name: "low-integrity",
        aliases: &["low", "low-il", "protected-mode"],
        summary: "the interactive user's process at low integrity (browser sandbox style)",
        source: "learn.microsoft.com Mandatory Integrity Control; Windows Integrity Mechanism Design",
        build: low_integrity,
    },
    PresetInfo {
        name: "appcontainer",
        aliases: &["app-container", "uwp"],
        summary: "an AppContainer process of the interactive user: package SID, internetClient capability, low integrity",
        source: "learn.microsoft.com/windows/win32/secauthz/appcontainer-isolation and \
                 /implementing-an-appcontainer (package SID, capability SIDs S-1-15-3-*, ALL APPLICATION \
                 PACKAGES, low integrity); package SID is a placeholder",
        build: appcontainer,
    },
];

/// Every preset, in a stable order.
pub fn presets() -> &'static [PresetInfo] {
    PRESETS
}

/// Looks a preset up by name, alias or SID string, ASCII case-insensitively (`_` and `-` are
/// the same): `NS`, `S-1-5-20`, `network-service`.
pub fn preset(name: &str) -> Option<Token> {
    preset_info(name).map(|p| p.token())
}

/// The [`PresetInfo`] for a name, alias or SID string.
pub fn preset_info(name: &str) -> Option<&'static PresetInfo> {
    PRESETS
        .iter()
        .find(|p| same_name(p.name, name) || p.aliases.iter().any(|a| same_name(a, name)))
}

/// Whether two names are the same once trimmed, ASCII case-insensitively, `_` and `-` alike.
fn same_name(a: &str, b: &str) -> bool {
    let fold = |c: u8| {
        if c == b'_' {
            b'-'
        } else {
            c.to_ascii_lowercase()
        }
    };
    let (a, b) = (a.trim().as_bytes(), b.trim().as_bytes());
    a.len() == b.len() && a.iter().zip(b).all(|(&x, &y)| fold(x) == fold(y))
}

/// The preset whose user is `sid` (one with the SID string among its aliases).
fn preset_for_sid(sid: &Sid) -> Option<&'static PresetInfo> {
    PRESETS
        .iter()
        .find(|p| p.aliases.iter().any(|a| spells_sid(a, sid)))
}

/// Whether `text` is `sid` written `S-1-authority-sub-...` (decimal).
fn spells_sid(text: &str, sid: &Sid) -> bool {
    let Some(rest) = text.strip_prefix("S-1-") else {
        return false;
    };
    let mut parts = rest.split('-');
    if parts.next().and_then(|a| a.parse::<u64>().ok()) != Some(sid.authority()) {
        return false;
    }
    let mut subs = sid.sub_authorities().iter();
    for part in parts {
        if part.parse::<u32>().ok() != subs.next().copied() {
            return false;
        }
    }
    subs.next().is_none()
}

/// The anonymous token with `Everyone` in it, as when the "Let Everyone permissions apply to
/// anonymous users" policy (`EveryoneIncludesAnonymous`) is on.
pub fn anonymous_with_everyone() -> Token {
    let mut t = anonymous();
    t.name.push_str(", EveryoneIncludesAnonymous on");
    t.groups.insert(0, TokenGroup::enabled(wk("WD")));
    t
}

/// The token Windows would give `principal` when it opens an object: the [preset] for its SID
/// when there is one (`S-1-5-20` is `network-service`, `S-1-5-7` is `anonymous`, ...);
/// otherwise a medium-integrity token with that user SID plus `Everyone`, `Authenticated
/// Users` (the groups every authenticated logon carries) and `BUILTIN\Users`, which holds
/// Authenticated Users by default (learn.microsoft.com "Local Accounts" and "Security groups":
/// the Users group's default members are Authenticated Users and INTERACTIVE), so every token
/// with Authenticated Users has it as well (every user preset has it too). Two exceptions:
/// `Everyone` itself gets neither group (anonymous logons can be members of Everyone, see
/// [`anonymous_with_everyone`]), and the `anonymous` preset holds none of the three (the
/// `EveryoneIncludesAnonymous` policy is off by default; add `Everyone` when it is on).
///
/// A domain alias kept symbolic (`DU` parsed without a domain SID) resolves against `domain`
/// when given and otherwise stays symbolic: it then matches only ACEs naming the same alias.
///
/// ```
/// use sddl_core::access::presets::token_for_sid;
/// use sddl_core::{Sid, SidRef};
/// let ns = token_for_sid(&SidRef::Sid(Sid::from_parts(5, &[20])), None);
/// assert_eq!(ns.name, "NT AUTHORITY\\NETWORK SERVICE (service)");
/// ```
pub fn token_for_sid(principal: &SidRef, domain: Option<&Sid>) -> Token {
    let resolved = principal.resolve(domain);
    if let Some(p) = resolved.as_ref().and_then(preset_for_sid) {
        return p.token();
    }
    let mut t = Token::new(Sid::from_parts(0, &[0]));
    t.user = resolved.map_or(*principal, SidRef::Sid);
    t.name = super::token::format_sid_ref(&t.user);
    let everyone = wk("WD");
    let authenticated = wk("AU");
    if t.user != SidRef::Sid(everyone) {
        for g in [everyone, authenticated, wk("BU")] {
            if t.user != SidRef::Sid(g) {
                t.groups.push(TokenGroup::enabled(g));
            }
        }
    }
    t
}

/// A principal that is neither a preset, an SDDL alias nor a SID.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is not a known principal: use a preset (network-service, interactive-user, ...), an SDDL alias or a SID"
)]
pub struct UnknownPrincipal(pub String);

/// The token for a principal as a person names it (`sddl check --as`, a policy's
/// `principal`): a [preset] by name, alias or SID (`network-service`, `NS`, `S-1-5-20`);
/// otherwise an SDDL alias or SID, read with the SDDL grammar, with the token [`token_for_sid`]
/// builds (named as written).
///
/// ```
/// use sddl_core::access::presets::principal_token;
/// assert_eq!(principal_token("NS", None).unwrap().name, "NT AUTHORITY\\NETWORK SERVICE (service)");
/// assert_eq!(principal_token("S-1-5-21-1-2-3-1001", None).unwrap().name, "S-1-5-21-1-2-3-1001");
/// assert!(principal_token("nobody", None).is_err());
/// ```
pub fn principal_token(text: &str, domain: Option<&Sid>) -> Result<Token, UnknownPrincipal> {
    if let Some(t) = preset(text) {
        return Ok(t);
    }
    let parsed = crate::parse::parse(
        &format!("O:{text}"),
        &crate::parse::ParseOptions {
            domain_sid: domain.copied(),
        },
    );
    let owner = match (parsed.errors.is_empty(), parsed.sd.owner) {
        (true, Some(o))
            if parsed.sd.group.is_none()
                && parsed.sd.dacl.is_none()
                && parsed.sd.sacl.is_none() =>
        {
            o.sid
        }
        _ => return Err(UnknownPrincipal(text.to_string())),
    };
    let mut t = token_for_sid(&owner, domain);
    if t.name == super::token::format_sid_ref(&t.user) {
        // Not a preset: call it as it was written.
        t.name = text.to_string();
    }
    Ok(t)
}

fn groups(sids: &[Sid]) -> Vec<TokenGroup> {
    sids.iter().map(|s| TokenGroup::enabled(*s)).collect()
}

fn logon() -> TokenGroup {
    TokenGroup {
        sid: SidRef::Sid(sids::LOGON_PLACEHOLDER),
        attributes: GroupAttributes::LOGON_ID,
    }
}

fn privs(list: &[(Privilege, bool)]) -> Vec<TokenPrivilege> {
    list.iter()
        .map(|(p, e)| TokenPrivilege {
            privilege: p.clone(),
            enabled: *e,
        })
        .collect()
}

fn service_account(user: Sid, name: &str) -> Token {
    let mut t = Token::new(user);
    t.name = name.into();
    t.groups = groups(&[
        wk("WD"),
        wk("BU"),
        wk("SU"),
        sids::CONSOLE_LOGON,
        wk("AU"),
        sids::THIS_ORGANIZATION,
        sids::LOCAL,
    ]);
    t.groups.push(logon());
    t.integrity = IntegrityLevel::SYSTEM;
    t.privileges = privs(&[
        (Privilege::AssignPrimaryToken, false),
        (Privilege::IncreaseQuota, false),
        (Privilege::Audit, false),
        (Privilege::ChangeNotify, true),
        (Privilege::Impersonate, true),
        (Privilege::CreateGlobal, true),
        (Privilege::Shutdown, false),
        (Privilege::Undock, false),
    ]);
    t
}

fn network_service() -> Token {
    service_account(wk("NS"), "NT AUTHORITY\\NETWORK SERVICE (service)")
}

fn local_service() -> Token {
    service_account(wk("LS"), "NT AUTHORITY\\LOCAL SERVICE (service)")
}

fn system() -> Token {
    let mut t = Token::new(wk("SY"));
    t.name = "NT AUTHORITY\\SYSTEM".into();
    t.groups = vec![TokenGroup {
        sid: SidRef::Sid(wk("BA")),
        attributes: GroupAttributes::ENABLED_OWNER,
    }];
    t.groups.extend(groups(&[wk("WD"), wk("AU")]));
    t.integrity = IntegrityLevel::SYSTEM;
    t.privileges = privs(&[
        (Privilege::Tcb, true),
        (Privilege::AssignPrimaryToken, false),
        (Privilege::IncreaseQuota, false),
        (Privilege::Security, false),
        (Privilege::TakeOwnership, false),
        (Privilege::LoadDriver, false),
        (Privilege::Backup, false),
        (Privilege::Restore, false),
        (Privilege::Shutdown, false),
        (Privilege::Debug, true),
        (Privilege::Audit, true),
        (Privilege::SystemEnvironment, false),
        (Privilege::ChangeNotify, true),
        (Privilege::Undock, false),
        (Privilege::ManageVolume, false),
        (Privilege::Impersonate, true),
        (Privilege::CreateGlobal, true),
    ]);
    t
}

fn iis_apppool() -> Token {
    let mut t = service_account(
        sids::IIS_DEFAULT_APP_POOL,
        "IIS APPPOOL\\DefaultAppPool (w3wp.exe)",
    );
    t.groups.insert(6, TokenGroup::enabled(wk("IS")));
    t.integrity = IntegrityLevel::HIGH;
    t
}

fn anonymous() -> Token {
    let mut t = Token::new(wk("AN"));
    t.name = "NT AUTHORITY\\ANONYMOUS LOGON".into();
    t.groups = groups(&[wk("NU")]);
    t.integrity = IntegrityLevel::UNTRUSTED;
    t
}

fn local_user(rid: u32, name: &str, logon_kind: Sid) -> Token {
    let user = PLACEHOLDER_MACHINE.with_rid(rid).expect("room for a RID");
    let none = PLACEHOLDER_MACHINE.with_rid(513).expect("room for a RID");
    let mut t = Token::new(user);
    t.name = name.into();
    t.primary_group = Some(SidRef::Sid(none));
    t.groups = groups(&[
        none,
        wk("WD"),
        sids::LOCAL_ACCOUNT,
        wk("BU"),
        logon_kind,
        sids::CONSOLE_LOGON,
        wk("AU"),
        sids::THIS_ORGANIZATION,
        sids::LOCAL,
        sids::NTLM_AUTHENTICATION,
    ]);
    t.groups.push(logon());
    t.integrity = IntegrityLevel::MEDIUM;
    t.privileges = privs(&[
        (Privilege::Shutdown, false),
        (Privilege::ChangeNotify, true),
        (Privilege::Undock, false),
        (Privilege::IncreaseWorkingSet, false),
        (Privilege::TimeZone, false),
    ]);
    t
}

fn interactive_user() -> Token {
    local_user(
        1001,
        "interactive standard user (S-1-5-21-0-0-0-1001)",
        wk("IU"),
    )
}

fn network_user() -> Token {
    let mut t = local_user(1002, "network logon user (S-1-5-21-0-0-0-1002)", wk("NU"));
    // A network logon is not a console logon.
    t.groups
        .retain(|g| g.sid != SidRef::Sid(sids::CONSOLE_LOGON) && g.sid != SidRef::Sid(sids::LOCAL));
    t
}

fn admin_base(name: &str) -> Token {
    local_user(1000, name, wk("IU"))
}

fn admin_elevated() -> Token {
    let mut t = admin_base("administrator, elevated (S-1-5-21-0-0-0-1000)");
    t.groups.insert(
        3,
        TokenGroup {
            sid: SidRef::Sid(wk("BA")),
            attributes: GroupAttributes::ENABLED_OWNER,
        },
    );
    t.groups
        .insert(3, TokenGroup::enabled(sids::LOCAL_ACCOUNT_AND_ADMIN));
    t.integrity = IntegrityLevel::HIGH;
    t.owner = Some(SidRef::Sid(wk("BA")));
    t.privileges = privs(&[
        (Privilege::IncreaseQuota, false),
        (Privilege::Security, false),
        (Privilege::TakeOwnership, false),
        (Privilege::LoadDriver, false),
        (Privilege::Backup, false),
        (Privilege::Restore, false),
        (Privilege::Shutdown, false),
        (Privilege::Debug, false),
        (Privilege::SystemEnvironment, false),
        (Privilege::ChangeNotify, true),
        (Privilege::Undock, false),
        (Privilege::ManageVolume, false),
        (Privilege::Impersonate, true),
        (Privilege::CreateGlobal, true),
        (Privilege::IncreaseWorkingSet, false),
        (Privilege::TimeZone, false),
    ]);
    t
}

fn admin_filtered() -> Token {
    let mut t = admin_base("administrator, not elevated (UAC filtered, S-1-5-21-0-0-0-1000)");
    t.groups.insert(3, TokenGroup::deny_only(wk("BA")));
    t.groups
        .insert(3, TokenGroup::deny_only(sids::LOCAL_ACCOUNT_AND_ADMIN));
    t
}

fn low_integrity() -> Token {
    let mut t = interactive_user();
    t.name = "interactive standard user, low-integrity process".into();
    t.integrity = IntegrityLevel::LOW;
    t
}

fn appcontainer() -> Token {
    let mut t = interactive_user();
    t.name = "AppContainer process of the interactive user".into();
    t.integrity = IntegrityLevel::LOW;
    t.app_container = Some(AppContainer {
        package: sids::PACKAGE_PLACEHOLDER,
        capabilities: vec![sids::CAP_INTERNET_CLIENT],
        less_privileged: false,
    });
    t
}
