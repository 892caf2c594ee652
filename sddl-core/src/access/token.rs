//! Access tokens: who is asking.
//!
//! A [`Token`] holds what Windows' `AccessCheck` reads from a token: the user SID, the group SIDs
//! with their attributes, the privileges, the integrity level and mandatory policy, the user,
//! device and local claims, the device groups, restricting SIDs and the AppContainer identity.
//! It is plain data: build one by hand, from a [preset](super::presets), or from a
//! [`TokenSpec`], the string-typed description a front end can load from TOML or JSON.

use crate::cond::{ClaimType, ClaimValue};
use crate::parse::ParseOptions;
use crate::sid::{alias_by_code, AliasTarget, Sid, SidRef};
use std::fmt;

/// Attributes of a group in a token (winnt.h `SE_GROUP_*`). Only `enabled` and `deny_only`
/// change what `AccessCheck` does; the others are kept so a token description is complete.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct GroupAttributes {
    /// `SE_GROUP_ENABLED`: the group matches allow and deny ACEs.
    pub enabled: bool,
    /// `SE_GROUP_USE_FOR_DENY_ONLY`: the group matches deny ACEs only (UAC-filtered
    /// administrators, restricted tokens).
    pub deny_only: bool,
    /// `SE_GROUP_MANDATORY`: the group cannot be disabled.
    pub mandatory: bool,
    /// `SE_GROUP_OWNER`: the group may be set as the owner of new objects.
    pub owner: bool,
    /// `SE_GROUP_LOGON_ID`: the logon-session SID (`S-1-5-5-X-Y`).
    pub logon_id: bool,
    /// `SE_GROUP_RESOURCE`: a domain-local group.
    pub resource: bool,
}

impl GroupAttributes {
    /// Mandatory, enabled by default, enabled: what almost every group in a token has.
    pub const ENABLED: GroupAttributes = GroupAttributes {
        enabled: true,
        deny_only: false,
        mandatory: true,
        owner: false,
        logon_id: false,
        resource: false,
    };

    /// A group that only matches deny ACEs (`SE_GROUP_USE_FOR_DENY_ONLY`).
    pub const DENY_ONLY: GroupAttributes = GroupAttributes {
        enabled: false,
        deny_only: true,
        mandatory: false,
        owner: false,
        logon_id: false,
        resource: false,
    };

    /// The logon SID: enabled, mandatory, `SE_GROUP_LOGON_ID`.
    pub const LOGON_ID: GroupAttributes = GroupAttributes {
        enabled: true,
        deny_only: false,
        mandatory: true,
        owner: false,
        logon_id: true,
        resource: false,
    };

    /// Enabled and usable as owner (`BUILTIN\Administrators` in an elevated token).
    pub const ENABLED_OWNER: GroupAttributes = GroupAttributes {
        enabled: true,
        deny_only: false,
        mandatory: true,
        owner: true,
        logon_id: false,
        resource: false,
    };
}

/// One group of a token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenGroup {
    pub sid: SidRef,
    pub attributes: GroupAttributes,
}

impl TokenGroup {
    pub fn enabled(sid: Sid) -> TokenGroup {
        TokenGroup {
            sid: SidRef::Sid(sid),
            attributes: GroupAttributes::ENABLED,
        }
    }

    pub fn deny_only(sid: Sid) -> TokenGroup {
        TokenGroup {
            sid: SidRef::Sid(sid),
            attributes: GroupAttributes::DENY_ONLY,
        }
    }
}

/// The privileges `AccessCheck` and the token presets care about, with the names Windows uses
/// (`SeSecurityPrivilege`, ...). Any other privilege name is kept as [`Privilege::Other`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Privilege {
    /// `SeSecurityPrivilege`: grants `ACCESS_SYSTEM_SECURITY` (read and write the SACL).
    Security,
    /// `SeTakeOwnershipPrivilege`: grants `WRITE_OWNER` whatever the DACL says.
    TakeOwnership,
    /// `SeBackupPrivilege`: read access to files, with backup semantics only.
    Backup,
    /// `SeRestorePrivilege`: write access to files, with backup semantics only.
    Restore,
    ChangeNotify,
    Impersonate,
    CreateGlobal,
    AssignPrimaryToken,
    IncreaseQuota,
    Audit,
    Shutdown,
    Undock,
    IncreaseWorkingSet,
    TimeZone,
    Debug,
    Tcb,
    LoadDriver,
    SystemEnvironment,
    ManageVolume,
    Relabel,
    Other(String),
}

const PRIVILEGE_NAMES: &[(Privilege, &str)] = &[
    (Privilege::Security, "SeSecurityPrivilege"),
    (Privilege::TakeOwnership, "SeTakeOwnershipPrivilege"),
    (Privilege::Backup, "SeBackupPrivilege"),
    (Privilege::Restore, "SeRestorePrivilege"),
    (Privilege::ChangeNotify, "SeChangeNotifyPrivilege"),
    (Privilege::Impersonate, "SeImpersonatePrivilege"),
    (Privilege::CreateGlobal, "SeCreateGlobalPrivilege"),
    (
        Privilege::AssignPrimaryToken,
        "SeAssignPrimaryTokenPrivilege",
    ),
    (Privilege::IncreaseQuota, "SeIncreaseQuotaPrivilege"),
    (Privilege::Audit, "SeAuditPrivilege"),
    (Privilege::Shutdown, "SeShutdownPrivilege"),
    (Privilege::Undock, "SeUndockPrivilege"),
    (
        Privilege::IncreaseWorkingSet,
        "SeIncreaseWorkingSetPrivilege",
    ),
    (Privilege::TimeZone, "SeTimeZonePrivilege"),
    (Privilege::Debug, "SeDebugPrivilege"),
    (Privilege::Tcb, "SeTcbPrivilege"),
    (Privilege::LoadDriver, "SeLoadDriverPrivilege"),
    (Privilege::SystemEnvironment, "SeSystemEnvironmentPrivilege"),
    (Privilege::ManageVolume, "SeManageVolumePrivilege"),
    (Privilege::Relabel, "SeRelabelPrivilege"),
];

impl Privilege {
    /// The Windows name (`SeSecurityPrivilege`).
    pub fn name(&self) -> &str {
        match self {
            Privilege::Other(s) => s,
            p => PRIVILEGE_NAMES
                .iter()
                .find(|(q, _)| q == p)
                .map(|(_, n)| *n)
                .unwrap_or(""),
        }
    }

    /// Looks a privilege up by its Windows name, case-insensitively; the `Se` prefix and the
    /// `Privilege` suffix may be left out (`security`, `SeSecurity`, `SeSecurityPrivilege`).
    /// Unknown names become [`Privilege::Other`].
    pub fn from_name(name: &str) -> Privilege {
        let core = |s: &str| -> String {
            let l = s.to_ascii_lowercase();
            let l = l.strip_prefix("se").unwrap_or(&l).to_string();
            l.strip_suffix("privilege").unwrap_or(&l).to_string()
        };
        let want = core(name);
        PRIVILEGE_NAMES
            .iter()
            .find(|(_, n)| core(n) == want)
            .map(|(p, _)| p.clone())
            .unwrap_or_else(|| Privilege::Other(name.to_string()))
    }
}

impl fmt::Display for Privilege {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A privilege held by a token. `AccessCheck` only uses enabled privileges.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenPrivilege {
    pub privilege: Privilege,
    pub enabled: bool,
}

/// An integrity level: the RID of a `S-1-16-X` mandatory-label SID.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct IntegrityLevel(pub u32);

impl IntegrityLevel {
    pub const UNTRUSTED: IntegrityLevel = IntegrityLevel(0);
    pub const LOW: IntegrityLevel = IntegrityLevel(0x1000);
    pub const MEDIUM: IntegrityLevel = IntegrityLevel(0x2000);
    pub const MEDIUM_PLUS: IntegrityLevel = IntegrityLevel(0x2100);
    pub const HIGH: IntegrityLevel = IntegrityLevel(0x3000);
    pub const SYSTEM: IntegrityLevel = IntegrityLevel(0x4000);
    pub const PROTECTED: IntegrityLevel = IntegrityLevel(0x5000);

    /// The `S-1-16-X` SID.
    pub fn sid(self) -> Sid {
        Sid::from_parts(16, &[self.0])
    }

    /// The level of a mandatory-label SID (`S-1-16-X`); `None` for any other SID.
    pub fn from_sid(sid: &Sid) -> Option<IntegrityLevel> {
        match (sid.authority(), sid.sub_authorities()) {
            (16, [rid]) => Some(IntegrityLevel(*rid)),
            _ => None,
        }
    }

    /// Parses `untrusted`, `low`, `medium`, `medium-plus`, `high`, `system`, `protected`, an
    /// SDDL label alias (`LW`, `ME`, `MP`, `HI`, `SI`) or an `S-1-16-X` string.
    pub fn from_name(s: &str) -> Option<IntegrityLevel> {
        let l = s.trim().to_ascii_lowercase().replace('_', "-");
        Some(match l.as_str() {
            "untrusted" => Self::UNTRUSTED,
            "low" | "lw" => Self::LOW,
            "medium" | "me" => Self::MEDIUM,
            "medium-plus" | "mp" => Self::MEDIUM_PLUS,
            "high" | "hi" => Self::HIGH,
            "system" | "si" => Self::SYSTEM,
            "protected" => Self::PROTECTED,
            _ => match parse_sid_text(s, None).ok()? {
                SidRef::Sid(sid) => return IntegrityLevel::from_sid(&sid),
                SidRef::Unresolved(_) => return None,
            },
        })
    }

    /// `Low`, `Medium`, ... or the hex RID for levels Windows does not name.
    pub fn name(self) -> String {
        match self.0 {
            0 => "Untrusted".into(),
            0x1000 => "Low".into(),
            0x2000 => "Medium".into(),
            0x2100 => "Medium Plus".into(),
            0x3000 => "High".into(),
            0x4000 => "System".into(),
            0x5000 => "Protected Process".into(),
            n => format!("0x{n:x}"),
        }
    }
}

/// `TOKEN_MANDATORY_POLICY`. With `no_write_up` off, the token is not subject to mandatory
/// integrity checks at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MandatoryPolicy {
    /// `TOKEN_MANDATORY_POLICY_NO_WRITE_UP` (on by default).
    pub no_write_up: bool,
    /// `TOKEN_MANDATORY_POLICY_NEW_PROCESS_MIN` (on by default; no effect on access checks).
    pub new_process_min: bool,
}

impl Default for MandatoryPolicy {
    fn default() -> Self {
        MandatoryPolicy {
            no_write_up: true,
            new_process_min: true,
        }
    }
}

/// `CLAIM_SECURITY_ATTRIBUTE_VALUE_CASE_SENSITIVE`: string values compare case-sensitively.
pub const CLAIM_CASE_SENSITIVE: u32 = 0x0002;

/// A claim (security attribute) of a token: a name and one or more values of one type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claim {
    pub name: String,
    pub value_type: ClaimType,
    pub values: Vec<ClaimValue>,
    /// `CLAIM_SECURITY_ATTRIBUTE_*` flags; [`CLAIM_CASE_SENSITIVE`] is the one evaluation reads.
    pub flags: u32,
}

impl Claim {
    pub fn strings(name: &str, values: &[&str]) -> Claim {
        Claim {
            name: name.into(),
            value_type: ClaimType::String,
            values: values
                .iter()
                .map(|v| ClaimValue::String((*v).into()))
                .collect(),
            flags: 0,
        }
    }

    pub fn int64s(name: &str, values: &[i64]) -> Claim {
        Claim {
            name: name.into(),
            value_type: ClaimType::Int64,
            values: values.iter().map(|v| ClaimValue::Int64(*v)).collect(),
            flags: 0,
        }
    }

    pub fn uint64s(name: &str, values: &[u64]) -> Claim {
        Claim {
            name: name.into(),
            value_type: ClaimType::Uint64,
            values: values.iter().map(|v| ClaimValue::Uint64(*v)).collect(),
            flags: 0,
        }
    }

    pub fn booleans(name: &str, values: &[bool]) -> Claim {
        Claim {
            name: name.into(),
            value_type: ClaimType::Boolean,
            values: values
                .iter()
                .map(|v| ClaimValue::Boolean(u64::from(*v)))
                .collect(),
            flags: 0,
        }
    }

    pub fn sids(name: &str, values: &[Sid]) -> Claim {
        Claim {
            name: name.into(),
            value_type: ClaimType::Sid,
            values: values
                .iter()
                .map(|v| ClaimValue::Sid(SidRef::Sid(*v)))
                .collect(),
            flags: 0,
        }
    }

    /// The same claim with string values compared case-sensitively.
    pub fn case_sensitive(mut self) -> Claim {
        self.flags |= CLAIM_CASE_SENSITIVE;
        self
    }
}

/// The AppContainer identity of a token: access needs a second DACL pass that only the
/// package SID, the capability SIDs and the "all application packages" groups can satisfy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppContainer {
    /// The package SID (`S-1-15-2-...`).
    pub package: Sid,
    /// Capability SIDs (`S-1-15-3-...`).
    pub capabilities: Vec<Sid>,
    /// A less-privileged AppContainer: `ALL APPLICATION PACKAGES` (`S-1-15-2-1`) does not match,
    /// only `ALL RESTRICTED APPLICATION PACKAGES` (`S-1-15-2-2`) does.
    pub less_privileged: bool,
}

/// What `AccessCheck` knows about the caller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// A short description for reports (`NT AUTHORITY\NETWORK SERVICE (service)`).
    pub name: String,
    pub user: SidRef,
    /// The user SID matches deny ACEs only (restricted tokens can mark it so).
    pub user_deny_only: bool,
    pub groups: Vec<TokenGroup>,
    pub privileges: Vec<TokenPrivilege>,
    pub integrity: IntegrityLevel,
    pub mandatory_policy: MandatoryPolicy,
    /// The default owner of objects this token creates (`TokenOwner`); `None`: the user.
    pub owner: Option<SidRef>,
    /// The primary group of objects this token creates (`TokenPrimaryGroup`); `None`: the user.
    pub primary_group: Option<SidRef>,
    pub user_claims: Vec<Claim>,
    pub device_claims: Vec<Claim>,
    /// Claims of bare attribute names (`Title` rather than `@User.Title`).
    pub local_claims: Vec<Claim>,
    /// The device's groups (`Device_Member_of`), from compound authentication.
    pub device_groups: Vec<SidRef>,
    /// Restricting SIDs; empty for an unrestricted token. A restricted token needs a second
    /// DACL pass with these SIDs to grant each bit.
    pub restricted_sids: Vec<TokenGroup>,
    pub app_container: Option<AppContainer>,
}

impl Token {
    /// A token with just a user SID, medium integrity, no groups and no privileges.
    pub fn new(user: Sid) -> Token {
        Token {
            name: user.to_string(),
            user: SidRef::Sid(user),
            user_deny_only: false,
            groups: Vec::new(),
            privileges: Vec::new(),
            integrity: IntegrityLevel::MEDIUM,
            mandatory_policy: MandatoryPolicy::default(),
            owner: None,
            primary_group: None,
            user_claims: Vec::new(),
            device_claims: Vec::new(),
            local_claims: Vec::new(),
            device_groups: Vec::new(),
            restricted_sids: Vec::new(),
            app_container: None,
        }
    }

    /// Adds an enabled group.
    pub fn with_group(mut self, sid: Sid) -> Token {
        self.groups.push(TokenGroup::enabled(sid));
        self
    }

    /// Adds an enabled privilege.
    pub fn with_privilege(mut self, p: Privilege) -> Token {
        self.enable_privilege(p);
        self
    }

    /// Enables a privilege, adding it if the token lacks it.
    pub fn enable_privilege(&mut self, p: Privilege) {
        match self.privileges.iter_mut().find(|q| q.privilege == p) {
            Some(q) => q.enabled = true,
            None => self.privileges.push(TokenPrivilege {
                privilege: p,
                enabled: true,
            }),
        }
    }

    /// Whether the token holds `p` enabled.
    pub fn has_privilege(&self, p: &Privilege) -> bool {
        self.privileges
            .iter()
            .any(|q| &q.privilege == p && q.enabled)
    }

    /// The owner of objects this token creates.
    pub fn default_owner(&self) -> SidRef {
        self.owner.unwrap_or(self.user)
    }

    /// The primary group of objects this token creates.
    pub fn default_group(&self) -> SidRef {
        self.primary_group.unwrap_or(self.user)
    }

    /// Whether `sid` is the user or a group of the token that takes part in matching an ACE:
    /// for an allow ACE (`for_deny` false) the user (unless deny-only) or an enabled group; for
    /// a deny ACE also deny-only groups.
    pub fn contains(&self, sid: &SidRef, for_deny: bool, domain: Option<&Sid>) -> bool {
        if (for_deny || !self.user_deny_only) && sid_eq(&self.user, sid, domain) {
            return true;
        }
        group_match(&self.groups, sid, for_deny, domain)
    }
}

/// Whether one of `groups` matches `sid` for an allow (`for_deny` false) or deny ACE.
pub(crate) fn group_match(
    groups: &[TokenGroup],
    sid: &SidRef,
    for_deny: bool,
    domain: Option<&Sid>,
) -> bool {
    groups.iter().any(|g| {
        let usable = g.attributes.enabled || (for_deny && g.attributes.deny_only);
        usable && sid_eq(&g.sid, sid, domain)
    })
}

/// Compares two SIDs as written: resolved SIDs by value; a symbolic domain alias (`DA` parsed
/// without a domain SID) resolves against `domain` when given, and otherwise equals only the
/// same symbolic alias.
pub fn sid_eq(a: &SidRef, b: &SidRef, domain: Option<&Sid>) -> bool {
    match (a.resolve(domain), b.resolve(domain)) {
        (Some(x), Some(y)) => x == y,
        (None, None) => match (a, b) {
            (SidRef::Unresolved(x), SidRef::Unresolved(y)) => x.code == y.code,
            _ => false,
        },
        _ => false,
    }
}

/// Parses a SID string or SDDL alias (`S-1-5-20`, `NS`, `DA`) by Windows' SDDL rules.
pub fn parse_sid_text(text: &str, domain: Option<&Sid>) -> Result<SidRef, String> {
    let t = text.trim();
    let opts = ParseOptions {
        domain_sid: domain.copied(),
    };
    crate::parse::parse_sid_str(t, 0..t.len(), &opts).map_err(|e| e.message)
}

/// A well-known SID by SDDL alias; for the constant tables of this module.
pub(crate) fn wk(code: &str) -> Sid {
    match alias_by_code(code).map(|a| a.target) {
        Some(AliasTarget::WellKnown(s)) => s,
        _ => panic!("{code} is not a well-known alias"),
    }
}

// ----- plain-data description ----------------------------------------------------------------

/// A string-typed token description, for front ends that load tokens from TOML or JSON.
/// Convert with [`Token::from_spec`]. Every field is optional; `preset` names a starting point
/// ([`super::presets::preset`]) that the other fields extend or override.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(default, deny_unknown_fields)
)]
pub struct TokenSpec {
    pub preset: Option<String>,
    pub name: Option<String>,
    /// SID string or alias.
    pub user: Option<String>,
    pub user_deny_only: bool,
    pub groups: Vec<GroupSpec>,
    /// Privileges, enabled unless written `name:disabled`.
    pub privileges: Vec<String>,
    /// `low`, `medium`, `high`, `system`, `S-1-16-X`, ...
    pub integrity: Option<String>,
    /// `false` turns mandatory integrity checks off for this token.
    pub no_write_up: Option<bool>,
    pub owner: Option<String>,
    pub primary_group: Option<String>,
    pub user_claims: Vec<ClaimSpec>,
    pub device_claims: Vec<ClaimSpec>,
    pub local_claims: Vec<ClaimSpec>,
    pub device_groups: Vec<String>,
    pub restricted_sids: Vec<String>,
    pub app_container: Option<AppContainerSpec>,
}

/// A group of a [`TokenSpec`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(default, deny_unknown_fields)
)]
pub struct GroupSpec {
    pub sid: String,
    pub deny_only: bool,
    /// Defaults to enabled unless `deny_only`.
    pub enabled: Option<bool>,
    pub logon_id: bool,
}

/// A claim of a [`TokenSpec`]: values written as text and read by `type`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(default, deny_unknown_fields)
)]
pub struct ClaimSpec {
    pub name: String,
    /// `string`, `int64`, `uint64`, `boolean`, `sid`, `octets` (or the SDDL codes `TS`, `TI`,
    /// `TU`, `TB`, `TD`, `TX`).
    #[cfg_attr(feature = "serde", serde(rename = "type"))]
    pub value_type: String,
    pub values: Vec<String>,
    pub case_sensitive: bool,
}

/// The AppContainer part of a [`TokenSpec`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(default, deny_unknown_fields)
)]
pub struct AppContainerSpec {
    pub package: String,
    pub capabilities: Vec<String>,
    pub less_privileged: bool,
}

/// Why a [`TokenSpec`] could not become a [`Token`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenSpecError {
    /// The field (`groups[2].sid`, `integrity`, ...).
    pub field: String,
    pub message: String,
}

impl fmt::Display for TokenSpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for TokenSpecError {}

fn spec_err(field: impl Into<String>, message: impl Into<String>) -> TokenSpecError {
    TokenSpecError {
        field: field.into(),
        message: message.into(),
    }
}

fn sid_field(text: &str, field: &str, domain: Option<&Sid>) -> Result<SidRef, TokenSpecError> {
    parse_sid_text(text, domain).map_err(|m| spec_err(field, m))
}

fn resolved_field(text: &str, field: &str, domain: Option<&Sid>) -> Result<Sid, TokenSpecError> {
    match sid_field(text, field, domain)? {
        SidRef::Sid(s) => Ok(s),
        SidRef::Unresolved(a) => Err(spec_err(
            field,
            format!(
                "`{}` is a domain alias; give a domain SID or a full SID",
                a.code
            ),
        )),
    }
}

/// Reads a claim type name.
pub fn claim_type_from_name(s: &str) -> Option<ClaimType> {
    Some(match s.trim().to_ascii_lowercase().as_str() {
        "string" | "ts" => ClaimType::String,
        "int64" | "int" | "ti" => ClaimType::Int64,
        "uint64" | "uint" | "tu" => ClaimType::Uint64,
        "boolean" | "bool" | "tb" => ClaimType::Boolean,
        "sid" | "td" => ClaimType::Sid,
        "octets" | "octet-string" | "tx" => ClaimType::OctetString,
        _ => return None,
    })
}

fn claim_from_spec(
    c: &ClaimSpec,
    field: &str,
    domain: Option<&Sid>,
) -> Result<Claim, TokenSpecError> {
    let ty = claim_type_from_name(&c.value_type)
        .ok_or_else(|| spec_err(format!("{field}.type"), "unknown claim type"))?;
    let mut values = Vec::with_capacity(c.values.len());
    for (i, v) in c.values.iter().enumerate() {
        let f = format!("{field}.values[{i}]");
        let t = v.trim();
        let val = match ty {
            ClaimType::String => ClaimValue::String(v.clone()),
            ClaimType::Int64 => ClaimValue::Int64(
                t.parse()
                    .map_err(|_| spec_err(f.clone(), "not a 64-bit integer"))?,
            ),
            ClaimType::Uint64 => ClaimValue::Uint64(
                t.parse()
                    .map_err(|_| spec_err(f.clone(), "not an unsigned 64-bit integer"))?,
            ),
            ClaimType::Boolean => ClaimValue::Boolean(match t.to_ascii_lowercase().as_str() {
                "true" | "1" => 1,
                "false" | "0" => 0,
                _ => return Err(spec_err(f, "expected true, false, 1 or 0")),
            }),
            ClaimType::Sid => ClaimValue::Sid(sid_field(t, &f, domain)?),
            ClaimType::OctetString => {
                let h = t.strip_prefix('#').unwrap_or(t);
                if h.len() % 2 != 0 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return Err(spec_err(f, "expected an even number of hex digits"));
                }
                ClaimValue::Octets(
                    (0..h.len())
                        .step_by(2)
                        .map(|k| u8::from_str_radix(&h[k..k + 2], 16).unwrap_or(0))
                        .collect(),
                )
            }
        };
        values.push(val);
    }
    Ok(Claim {
        name: c.name.clone(),
        value_type: ty,
        values,
        flags: if c.case_sensitive {
            CLAIM_CASE_SENSITIVE
        } else {
            0
        },
    })
}

impl Token {
    /// Builds a token from its plain-data description. Domain aliases (`DU`, `DA`) resolve
    /// against `domain` when given and stay symbolic otherwise.
    pub fn from_spec(spec: &TokenSpec, domain: Option<&Sid>) -> Result<Token, TokenSpecError> {
        let mut t = match (&spec.preset, &spec.user) {
            (Some(p), _) => super::presets::preset(p)
                .ok_or_else(|| spec_err("preset", format!("no preset named `{p}`")))?,
            (None, Some(u)) => {
                let mut t = Token::new(Sid::from_parts(0, &[0]));
                t.user = sid_field(u, "user", domain)?;
                t
            }
            (None, None) => return Err(spec_err("user", "give a user SID or a preset")),
        };
        if let (Some(_), Some(u)) = (&spec.preset, &spec.user) {
            t.user = sid_field(u, "user", domain)?;
        }
        t.name = match &spec.name {
            Some(n) => n.clone(),
            None if spec.preset.is_some() => t.name,
            None => format_sid_ref(&t.user),
        };
        t.user_deny_only |= spec.user_deny_only;
        for (i, g) in spec.groups.iter().enumerate() {
            let sid = sid_field(&g.sid, &format!("groups[{i}].sid"), domain)?;
            let mut attributes = if g.deny_only {
                GroupAttributes::DENY_ONLY
            } else if g.logon_id {
                GroupAttributes::LOGON_ID
            } else {
                GroupAttributes::ENABLED
            };
            if let Some(e) = g.enabled {
                attributes.enabled = e;
            }
            t.groups.retain(|x| !sid_eq(&x.sid, &sid, domain));
            t.groups.push(TokenGroup { sid, attributes });
        }
        for p in &spec.privileges {
            let (name, enabled) = match p.rsplit_once(':') {
                Some((n, "disabled")) => (n, false),
                Some((n, "enabled")) => (n, true),
                _ => (p.as_str(), true),
            };
            let privilege = Privilege::from_name(name.trim());
            t.privileges.retain(|q| q.privilege != privilege);
            t.privileges.push(TokenPrivilege { privilege, enabled });
        }
        if let Some(il) = &spec.integrity {
            t.integrity = IntegrityLevel::from_name(il)
                .ok_or_else(|| spec_err("integrity", "unknown integrity level"))?;
        }
        if let Some(nwu) = spec.no_write_up {
            t.mandatory_policy.no_write_up = nwu;
        }
        if let Some(o) = &spec.owner {
            t.owner = Some(sid_field(o, "owner", domain)?);
        }
        if let Some(g) = &spec.primary_group {
            t.primary_group = Some(sid_field(g, "primary_group", domain)?);
        }
        for (list, field, out) in [
            (&spec.user_claims, "user_claims", &mut t.user_claims),
            (&spec.device_claims, "device_claims", &mut t.device_claims),
            (&spec.local_claims, "local_claims", &mut t.local_claims),
        ] {
            for (i, c) in list.iter().enumerate() {
                out.push(claim_from_spec(c, &format!("{field}[{i}]"), domain)?);
            }
        }
        for (i, g) in spec.device_groups.iter().enumerate() {
            t.device_groups
                .push(sid_field(g, &format!("device_groups[{i}]"), domain)?);
        }
        for (i, g) in spec.restricted_sids.iter().enumerate() {
            t.restricted_sids.push(TokenGroup {
                sid: sid_field(g, &format!("restricted_sids[{i}]"), domain)?,
                attributes: GroupAttributes::ENABLED,
            });
        }
        if let Some(ac) = &spec.app_container {
            let package = resolved_field(&ac.package, "app_container.package", domain)?;
            let mut capabilities = Vec::new();
            for (i, c) in ac.capabilities.iter().enumerate() {
                capabilities.push(resolved_field(
                    c,
                    &format!("app_container.capabilities[{i}]"),
                    domain,
                )?);
            }
            t.app_container = Some(AppContainer {
                package,
                capabilities,
                less_privileged: ac.less_privileged,
            });
        }
        Ok(t)
    }
}

/// `S-1-...` or the symbolic alias.
pub fn format_sid_ref(s: &SidRef) -> String {
    match s {
        SidRef::Sid(s) => s.to_string(),
        SidRef::Unresolved(a) => a.code.to_string(),
    }
}
