//! The access check: Windows' `AccessCheck` / `AccessCheckByType`, with a trace.
//!
//! Order of evaluation (MS-DTYP 2.5.3.2 and what Windows does beyond it; each step is
//! described in `docs/access-check.md`):
//!
//! 1. Generic bits of the desired mask are mapped with the object kind's generic mapping;
//!    `MAXIMUM_ALLOWED` switches to "grant everything grantable" mode.
//! 2. `ACCESS_SYSTEM_SECURITY` needs an enabled `SeSecurityPrivilege` (without it the whole
//!    check fails, unless `MAXIMUM_ALLOWED` is set).
//! 3. Mandatory integrity: the object's label (the first `ML` ACE of the SACL, else Medium with
//!    no-write-up) against the token's level removes write, read or execute rights.
//! 4. `SeTakeOwnershipPrivilege` grants `WRITE_OWNER`; with backup semantics on files,
//!    `SeBackupPrivilege` and `SeRestorePrivilege` grant their documented rights.
//! 5. The owner gets `READ_CONTROL | WRITE_DAC` unless an `OWNER RIGHTS` (S-1-3-4) ACE is
//!    present, in which case `OW` ACEs are matched by the owner like any other ACE.
//! 6. The DACL: absent or NULL grants everything, empty grants nothing more; otherwise ACEs in
//!    order, first decision per bit wins; inherit-only ACEs are skipped, deny-only groups
//!    match deny ACEs only, callback ACEs need their condition (allow: TRUE; deny: TRUE or
//!    UNKNOWN), object ACEs apply per the object-type list.
//! 7. A restricted token and an AppContainer token each need a second pass over the DACL with
//!    their restricting SIDs / package and capability SIDs; a bit is granted only if every
//!    pass grants it (privilege-granted bits excepted).

use super::conditions::{evaluate, EvalContext, Tri};
use super::presets;
use super::token::{format_sid_ref, sid_eq, Privilege, Token, TokenGroup};
use crate::cond::ResourceAttribute;
use crate::model::{ace_flags, Ace, AceData, AceType, Acl, Guid, SecurityDescriptor};
use crate::objects::{full_control, generic_mapping, map_generic, ObjectKind, GENERIC_BITS};
use crate::rights::{
    ACCESS_SYSTEM_SECURITY, DELETE, MAXIMUM_ALLOWED, READ_CONTROL, SYNCHRONIZE, WRITE_DAC,
    WRITE_OWNER,
};
use crate::sid::{Sid, SidRef};
use crate::span::Span;

use super::token::IntegrityLevel;

use crate::sid::OWNER_RIGHTS;
/// `NT AUTHORITY\SELF` (S-1-5-10), replaced by the principal-self SID when one is given.
const PRINCIPAL_SELF: Sid = Sid::from_parts(5, &[10]);
/// `ALL APPLICATION PACKAGES` (S-1-15-2-1).
const ALL_APP_PACKAGES: Sid = Sid::from_parts(15, &[2, 1]);

/// Mandatory-label policy bits (`SYSTEM_MANDATORY_LABEL_*`).
pub mod label_policy {
    pub const NO_WRITE_UP: u32 = 0x1;
    pub const NO_READ_UP: u32 = 0x2;
    pub const NO_EXECUTE_UP: u32 = 0x4;
}

/// One entry of an object-type list (`OBJECT_TYPE_LIST`): a GUID at a level of the tree
/// (0: the object, 1: a property set, 2: a property, ...), in depth-first order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ObjectTypeEntry {
    pub level: u16,
    pub guid: Guid,
}

/// What is asked, and of what kind of object.
#[derive(Clone, Debug)]
pub struct AccessRequest {
    pub kind: ObjectKind,
    /// The desired access mask; generic bits and `MAXIMUM_ALLOWED` allowed.
    pub desired: u32,
    /// The object-type list of `AccessCheckByType`; empty for a plain `AccessCheck`.
    pub object_types: Vec<ObjectTypeEntry>,
    /// The SID that `PS` (`NT AUTHORITY\SELF`, S-1-5-10) in ACEs stands for.
    pub principal_self: Option<SidRef>,
    /// Resolves domain aliases kept symbolic in the descriptor or token.
    pub domain_sid: Option<Sid>,
    /// Who created the object: a descriptor without owner or group (a template) gets them from
    /// this token, as Windows does at creation. `None`: the `interactive-user` preset.
    pub creator: Option<Token>,
    /// The caller opens with backup semantics (`FILE_FLAG_BACKUP_SEMANTICS`): on files and
    /// directories, `SeBackupPrivilege` and `SeRestorePrivilege` grant access.
    pub backup_semantics: bool,
}

impl AccessRequest {
    pub fn new(kind: ObjectKind, desired: u32) -> AccessRequest {
        AccessRequest {
            kind,
            desired,
            object_types: Vec::new(),
            principal_self: None,
            domain_sid: None,
            creator: None,
            backup_semantics: false,
        }
    }
}

/// The outcome of the check as Windows reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Status {
    /// Every requested right is granted (`MAXIMUM_ALLOWED`: at least one right is).
    Granted,
    /// `ERROR_ACCESS_DENIED`.
    Denied,
    /// `ERROR_PRIVILEGE_NOT_HELD`: `ACCESS_SYSTEM_SECURITY` without `SeSecurityPrivilege`.
    PrivilegeNotHeld,
    /// `ERROR_GENERIC_NOT_MAPPED`: generic bits remain after mapping (the kind has no mapping).
    GenericNotMapped,
}

/// Which DACL walk an ACE trace belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Pass {
    /// The token's user and groups.
    Normal,
    /// The restricting SIDs of a restricted token.
    Restricted,
    /// The package SID, capabilities and "all application packages" of an AppContainer token.
    AppContainer,
}

/// Why an ACE did not take part.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum SkipReason {
    /// `IO`: the ACE only propagates to children.
    InheritOnly,
    /// The trustee is neither the user nor an enabled group of the token.
    SidNotInToken,
    /// The trustee is in the token only as a deny-only group, and this is an allow ACE.
    DenyOnlyOnAllow,
    /// `OW` ACE, and the token is not the owner.
    NotOwner,
    /// A callback allow ACE whose condition is FALSE or UNKNOWN, or a callback deny ACE whose
    /// condition is FALSE.
    Condition(Tri),
    /// An object ACE with an object type, and no object-type list was given.
    ObjectTypeNotRequested,
    /// An object ACE whose object type is not in the object-type list.
    ObjectTypeNotInList,
    /// An audit, alarm, label or other non-access ACE in the DACL.
    NotAccessAce,
    /// `ACCESS_ALLOWED_COMPOUND_ACE` (server impersonation ACEs): not evaluated here.
    Unsupported,
}

/// What one ACE did.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum AceOutcome {
    /// Granted these bits (not decided by an earlier ACE).
    Granted(u32),
    /// Denied these bits (not decided by an earlier ACE).
    Denied(u32),
    /// Matched, but every bit it covers was already decided or not requested.
    NoEffect,
    Skipped(SkipReason),
    /// Every requested bit was decided before this ACE; Windows stops walking here.
    NotReached,
}

/// One ACE of the DACL in one pass.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct AceTrace {
    pub pass: Pass,
    /// Position in the DACL.
    pub index: usize,
    /// Where the ACE is in the SDDL text ([`Span::DETACHED`] for built ACEs).
    pub span: Span,
    /// The ACE mask after generic mapping.
    pub mask: u32,
    /// The condition's value, for callback ACEs that were evaluated.
    pub condition: Option<Tri>,
    pub outcome: AceOutcome,
}

/// Who decided one bit.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum BitSource {
    /// Granted by a privilege.
    Privilege(String),
    /// Denied by the mandatory integrity policy.
    Integrity,
    /// The owner's implicit `READ_CONTROL | WRITE_DAC`.
    OwnerImplicit,
    /// No DACL: everything is granted.
    NoDacl,
    /// NULL DACL: everything is granted.
    NullDacl,
    /// Decided by this ACE (granted or denied, see [`BitTrace::granted`]).
    Ace {
        pass: Pass,
        index: usize,
        span: Span,
    },
    /// No ACE granted it.
    NotGranted { pass: Pass },
    /// `ACCESS_SYSTEM_SECURITY` requested without `SeSecurityPrivilege`.
    PrivilegeMissing(String),
}

/// The decision on one requested bit.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct BitTrace {
    pub bit: u32,
    pub granted: bool,
    /// Who decided it (the deciding pass for a bit denied by a second pass).
    pub source: BitSource,
}

/// How the owner was found and what it got implicitly.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct OwnerTrace {
    #[cfg_attr(feature = "serde", serde(serialize_with = "ser::sid_ref"))]
    pub owner: SidRef,
    /// The descriptor had no owner; it comes from the creator token.
    pub from_creator: bool,
    #[cfg_attr(feature = "serde", serde(serialize_with = "ser::sid_ref"))]
    pub group: SidRef,
    pub group_from_creator: bool,
    pub token_is_owner: bool,
    /// The DACL has an `OWNER RIGHTS` ACE, which replaces the implicit owner rights.
    pub owner_rights_ace: bool,
    /// The implicit rights the owner got (`READ_CONTROL | WRITE_DAC` when asked for).
    pub implicit: u32,
}

/// The mandatory integrity check.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct IntegrityTrace {
    pub object_level: IntegrityLevel,
    /// `NW`/`NR`/`NX` bits of the label.
    pub policy: u32,
    /// Index of the `ML` ACE in the SACL; `None` when the object has no label (Medium, NW).
    pub label_index: Option<usize>,
    pub token_level: IntegrityLevel,
    /// The token is not subject to mandatory checks (`no_write_up` off).
    pub exempt: bool,
    /// The rights the policy takes away from this token (0 when its level is high enough).
    pub blocked: u32,
}

/// A privilege that granted rights.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct PrivilegeUse {
    pub privilege: String,
    pub granted: u32,
}

/// The state of the DACL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum DaclState {
    Absent,
    Null,
    Empty,
    Present(usize),
}

/// The result of one object-type-list entry (`AccessCheckByTypeResultList`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ObjectTypeResult {
    pub level: u16,
    pub guid: Option<String>,
    pub granted: u32,
}

/// Everything the check found.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct AccessResult {
    pub status: Status,
    #[cfg_attr(feature = "serde", serde(serialize_with = "ser::kind"))]
    pub kind: ObjectKind,
    /// The desired mask as given.
    pub desired: u32,
    pub maximum_allowed: bool,
    /// The desired mask after generic mapping, without `MAXIMUM_ALLOWED`.
    pub mapped_desired: u32,
    /// Rights granted: of the request (all of it when allowed, the part the descriptor would
    /// give otherwise), or everything grantable with `MAXIMUM_ALLOWED`.
    pub granted: u32,
    /// Requested rights not granted.
    pub missing: u32,
    /// One entry per requested bit (per granted or denied bit with `MAXIMUM_ALLOWED`).
    pub bits: Vec<BitTrace>,
    /// One entry per DACL ACE per pass.
    pub aces: Vec<AceTrace>,
    pub owner: OwnerTrace,
    pub integrity: IntegrityTrace,
    pub privileges: Vec<PrivilegeUse>,
    pub dacl: DaclState,
    /// Per-entry results when an object-type list was given.
    pub object_types: Vec<ObjectTypeResult>,
}

impl AccessResult {
    /// Whether the request is granted.
    pub fn allowed(&self) -> bool {
        self.status == Status::Granted
    }

    /// What Windows returns as `GrantedAccess`: the granted mask when access is allowed, 0
    /// otherwise.
    pub fn windows_granted(&self) -> u32 {
        if self.allowed() {
            self.granted
        } else {
            0
        }
    }

    /// The traces of one pass.
    pub fn pass(&self, pass: Pass) -> impl Iterator<Item = &AceTrace> {
        self.aces.iter().filter(move |a| a.pass == pass)
    }
}

/// Runs the access check of `token` on `sd` for `req`.
///
/// Never panics, whatever the descriptor: unknown ACE types are skipped, malformed
/// conditions count as UNKNOWN.
pub fn check(sd: &SecurityDescriptor, token: &Token, req: &AccessRequest) -> AccessResult {
    Engine::new(sd, token, req).run()
}

/// One node of the object-type tree.
#[derive(Clone, Debug)]
struct Node {
    guid: Option<Guid>,
    level: u16,
    decided: u32,
    granted: u32,
}

struct Engine<'a> {
    sd: &'a SecurityDescriptor,
    token: &'a Token,
    req: &'a AccessRequest,
    domain: Option<&'a Sid>,
    max_mode: bool,
    mapped: u32,
    /// Bits of interest to the DACL walk.
    universe: u32,
    owner: SidRef,
    resource: Vec<&'a ResourceAttribute>,
    sources: [Option<BitSource>; 32],
}

fn bits(mask: u32) -> impl Iterator<Item = u32> {
    (0..32).map(|i| 1u32 << i).filter(move |b| mask & b != 0)
}

/// The ACEs that grant or deny access.
fn is_access_ace(t: AceType) -> bool {
    t.is_allow() || t.is_deny()
}

impl<'a> Engine<'a> {
    fn new(sd: &'a SecurityDescriptor, token: &'a Token, req: &'a AccessRequest) -> Engine<'a> {
        let max_mode = req.desired & MAXIMUM_ALLOWED != 0;
        let mapped = map_generic(req.kind, req.desired & !MAXIMUM_ALLOWED);
        let universe = if max_mode {
            !(GENERIC_BITS | MAXIMUM_ALLOWED | ACCESS_SYSTEM_SECURITY)
        } else {
            mapped & !ACCESS_SYSTEM_SECURITY
        };
        let resource = sd
            .sacl
            .iter()
            .flat_map(|a| a.aces.iter())
            .filter(|a| a.flags & ace_flags::INHERIT_ONLY == 0)
            .filter_map(|a| match &a.data {
                AceData::Attribute(r) if a.ace_type == AceType::SystemResourceAttribute => {
                    Some(&**r)
                }
                _ => None,
            })
            .collect();
        Engine {
            sd,
            token,
            req,
            domain: req.domain_sid.as_ref(),
            max_mode,
            mapped,
            universe,
            owner: SidRef::Sid(Sid::from_parts(0, &[0])),
            resource,
            sources: std::array::from_fn(|_| None),
        }
    }

    fn note(&mut self, mask: u32, source: &BitSource) {
        for i in 0..32 {
            if mask & (1 << i) != 0 && self.sources[i].is_none() {
                self.sources[i] = Some(source.clone());
            }
        }
    }

    fn run(mut self) -> AccessResult {
        let req = self.req;
        let token = self.token;
        let kind = req.kind;

        // Owner and group: from the descriptor, or from the creator as at object creation.
        // Without a creator in the request, the interactive-user preset's defaults (built once:
        // the preset is a constant, and building it per check cost more than the ACL walk).
        let creator_defaults = || match &req.creator {
            Some(c) => (c.default_owner(), c.default_group()),
            None => *default_creator_sids(),
        };
        let (owner, from_creator) = match &self.sd.owner {
            Some(o) => (o.sid, false),
            None => (creator_defaults().0, true),
        };
        let (group, group_from_creator) = match &self.sd.group {
            Some(g) => (g.sid, false),
            None => (creator_defaults().1, true),
        };
        self.owner = owner;
        let token_is_owner = token.contains(&owner, false, self.domain);

        let dacl = self.sd.dacl.as_ref();
        let dacl_state = match dacl {
            None => DaclState::Absent,
            Some(d) if d.null => DaclState::Null,
            Some(d) if d.aces.is_empty() => DaclState::Empty,
            Some(d) => DaclState::Present(d.aces.len()),
        };
        let owner_rights_ace = dacl.is_some_and(|d| {
            !d.null
                && d.aces.iter().any(|a| {
                    a.flags & ace_flags::INHERIT_ONLY == 0
                        && is_access_ace(a.ace_type)
                        && a.sid == SidRef::Sid(OWNER_RIGHTS)
                })
        });

        let integrity = self.integrity();
        let mut owner_trace = OwnerTrace {
            owner,
            from_creator,
            group,
            group_from_creator,
            token_is_owner,
            owner_rights_ace,
            implicit: 0,
        };
        let mut privileges = Vec::new();

        let mut result = AccessResult {
            status: Status::Denied,
            kind,
            desired: req.desired,
            maximum_allowed: self.max_mode,
            mapped_desired: self.mapped,
            granted: 0,
            missing: 0,
            bits: Vec::new(),
            aces: Vec::new(),
            owner: owner_trace.clone(),
            integrity: integrity.clone(),
            privileges: Vec::new(),
            dacl: dacl_state,
            object_types: Vec::new(),
        };

        // 1. Generic bits must all be mapped.
        if self.mapped & GENERIC_BITS != 0 {
            result.status = Status::GenericNotMapped;
            result.missing = self.mapped;
            return result;
        }

        // Privilege-granted bits: they survive every pass and every deny ACE.
        let mut priv_granted = 0u32;
        // Decided before the DACL (privileges, integrity, owner).
        let mut pre_decided = 0u32;

        // 2. ACCESS_SYSTEM_SECURITY.
        if self.mapped & ACCESS_SYSTEM_SECURITY != 0 {
            if token.has_privilege(&Privilege::Security) {
                priv_granted |= ACCESS_SYSTEM_SECURITY;
                privileges.push(PrivilegeUse {
                    privilege: Privilege::Security.name().into(),
                    granted: ACCESS_SYSTEM_SECURITY,
                });
                self.note(
                    ACCESS_SYSTEM_SECURITY,
                    &BitSource::Privilege(Privilege::Security.name().into()),
                );
            } else {
                self.note(
                    ACCESS_SYSTEM_SECURITY,
                    &BitSource::PrivilegeMissing(Privilege::Security.name().into()),
                );
                if !self.max_mode {
                    result.status = Status::PrivilegeNotHeld;
                    result.missing = self.mapped;
                    result.bits = self.bit_traces(self.mapped, 0);
                    return result;
                }
            }
            pre_decided |= ACCESS_SYSTEM_SECURITY;
        }

        // 3. Mandatory integrity.
        let blocked = integrity.blocked & self.universe & !pre_decided;
        pre_decided |= blocked;
        self.note(blocked, &BitSource::Integrity);

        // 4. Privileges that grant rights.
        let mut grant_priv = |engine: &mut Engine<'_>, p: Privilege, mask: u32| {
            let m = mask & engine.universe & !pre_decided;
            if m != 0 && token.has_privilege(&p) {
                priv_granted |= m;
                pre_decided |= m;
                engine.note(m, &BitSource::Privilege(p.name().into()));
                privileges.push(PrivilegeUse {
                    privilege: p.name().into(),
                    granted: m,
                });
            }
        };
        grant_priv(&mut self, Privilege::TakeOwnership, WRITE_OWNER);
        if req.backup_semantics && matches!(kind, ObjectKind::File | ObjectKind::Directory) {
            // learn.microsoft.com "Privilege Constants": SE_BACKUP_NAME, SE_RESTORE_NAME.
            grant_priv(
                &mut self,
                Privilege::Backup,
                READ_CONTROL | 0x0012_0089 | 0x20,
            );
            grant_priv(
                &mut self,
                Privilege::Restore,
                WRITE_DAC | WRITE_OWNER | DELETE | 0x0012_0116 | 0x2 | 0x4,
            );
        }

        // 5. and 6. The DACL.
        let pre_granted = priv_granted;
        let mut nodes = self.initial_nodes(pre_decided, pre_granted);
        let mut owner_implicit = 0;
        match dacl {
            None | Some(Acl { null: true, .. }) => {
                let all = if self.max_mode {
                    let m = generic_mapping(kind).map_or(full_control(kind), |m| m.all);
                    m & self.universe
                } else {
                    self.universe
                };
                let src = if dacl.is_none() {
                    BitSource::NoDacl
                } else {
                    BitSource::NullDacl
                };
                for n in &mut nodes {
                    let new = all & !n.decided;
                    n.granted |= new;
                    n.decided |= new;
                }
                self.note(all & !pre_decided, &src);
            }
            Some(acl) => {
                if token_is_owner && !owner_rights_ace {
                    owner_implicit = (READ_CONTROL | WRITE_DAC) & self.universe & !pre_decided;
                    for n in &mut nodes {
                        n.granted |= owner_implicit;
                        n.decided |= owner_implicit;
                    }
                    self.note(owner_implicit, &BitSource::OwnerImplicit);
                }
                let traces = self.walk(acl, Pass::Normal, &mut nodes);
                result.aces.extend(traces);
            }
        }
        owner_trace.implicit = owner_implicit;
        let mut granted_root = nodes[0].granted;

        // 7. Second passes.
        let acl_present = matches!(dacl, Some(a) if !a.null);
        if acl_present {
            let acl = dacl.expect("present");
            let mut extra = Vec::new();
            if !token.restricted_sids.is_empty() {
                extra.push(Pass::Restricted);
            }
            if token.app_container.is_some() {
                extra.push(Pass::AppContainer);
            }
            for pass in extra {
                let mut pn = self.initial_nodes(pre_decided, pre_granted);
                // The owner's implicit rights count in a second pass only when the owner is
                // one of that pass's SIDs (a restricting SID; the package SID).
                if !owner_rights_ace && self.pass_matches(pass, &owner, false) {
                    let oi = (READ_CONTROL | WRITE_DAC) & self.universe & !pre_decided;
                    for n in &mut pn {
                        n.granted |= oi;
                        n.decided |= oi;
                    }
                }
                let mut saved = std::mem::replace(&mut self.sources, std::array::from_fn(|_| None));
                let traces = self.walk(acl, pass, &mut pn);
                let pass_sources =
                    std::mem::replace(&mut self.sources, std::array::from_fn(|_| None));
                result.aces.extend(traces);
                let lost = granted_root & !pn[0].granted & !priv_granted;
                for i in 0..32 {
                    if lost & (1 << i) != 0 {
                        saved[i] = Some(
                            pass_sources[i]
                                .clone()
                                .unwrap_or(BitSource::NotGranted { pass }),
                        );
                    }
                }
                self.sources = saved;
                granted_root &= pn[0].granted | priv_granted;
                for (n, p) in nodes.iter_mut().zip(pn.iter()) {
                    n.granted &= p.granted | priv_granted;
                }
            }
        }

        // Results.
        let requested = self.mapped;
        let (granted, status) = if self.max_mode {
            let ok = granted_root != 0 && requested & !granted_root == 0;
            (
                granted_root,
                if ok { Status::Granted } else { Status::Denied },
            )
        } else {
            let g = granted_root & requested;
            (
                g,
                if g == requested {
                    Status::Granted
                } else {
                    Status::Denied
                },
            )
        };
        result.granted = granted;
        result.missing = requested & !granted;
        result.status = status;
        let shown = if self.max_mode {
            granted_root | requested | self.decided_not_granted(&nodes)
        } else {
            requested
        };
        result.bits = self.bit_traces(shown, granted);
        owner_trace.implicit = owner_implicit;
        result.owner = owner_trace;
        result.privileges = privileges;
        if !req.object_types.is_empty() {
            result.object_types = nodes
                .iter()
                .map(|n| ObjectTypeResult {
                    level: n.level,
                    guid: n.guid.map(|g| g.to_string()),
                    granted: if self.max_mode {
                        n.granted
                    } else {
                        n.granted & requested
                    },
                })
                .collect();
        }
        result
    }

    fn decided_not_granted(&self, nodes: &[Node]) -> u32 {
        // Bits an ACE or the integrity policy denied (shown in MAXIMUM_ALLOWED traces).
        let mut m = 0;
        for (i, s) in self.sources.iter().enumerate() {
            if s.is_some() {
                m |= 1 << i;
            }
        }
        m & !nodes[0].granted & (self.universe | ACCESS_SYSTEM_SECURITY)
    }

    fn bit_traces(&self, shown: u32, granted: u32) -> Vec<BitTrace> {
        bits(shown)
            .map(|b| {
                let i = b.trailing_zeros() as usize;
                BitTrace {
                    bit: b,
                    granted: granted & b != 0,
                    source: self.sources[i]
                        .clone()
                        .unwrap_or(BitSource::NotGranted { pass: Pass::Normal }),
                }
            })
            .collect()
    }

    fn initial_nodes(&self, decided: u32, granted: u32) -> Vec<Node> {
        let mut nodes: Vec<Node> = self
            .req
            .object_types
            .iter()
            .map(|o| Node {
                guid: Some(o.guid),
                level: o.level,
                decided,
                granted,
            })
            .collect();
        if nodes.first().is_none_or(|n| n.level != 0) {
            nodes.insert(
                0,
                Node {
                    guid: None,
                    level: 0,
                    decided,
                    granted,
                },
            );
        }
        nodes
    }

    fn integrity(&self) -> IntegrityTrace {
        let mut object_level = IntegrityLevel::MEDIUM;
        let mut policy = label_policy::NO_WRITE_UP;
        let mut label_index = None;
        if let Some(sacl) = &self.sd.sacl {
            for (i, a) in sacl.aces.iter().enumerate() {
                if a.ace_type != AceType::SystemMandatoryLabel
                    || a.flags & ace_flags::INHERIT_ONLY != 0
                {
                    continue;
                }
                if let Some(il) = a.sid.sid().and_then(IntegrityLevel::from_sid) {
                    object_level = il;
                    policy = a.mask & 0x7;
                    label_index = Some(i);
                    break;
                }
            }
        }
        let token_level = self.token.integrity;
        let exempt = !self.token.mandatory_policy.no_write_up;
        let blocked = if !exempt && token_level < object_level {
            mandatory_mask(self.req.kind, policy)
        } else {
            0
        };
        IntegrityTrace {
            object_level,
            policy,
            label_index,
            token_level,
            exempt,
            blocked,
        }
    }

    /// Whether `sid` (from an ACE) matches the identity used by `pass`.
    fn pass_matches(&self, pass: Pass, sid: &SidRef, for_deny: bool) -> bool {
        let t = self.token;
        match pass {
            Pass::Normal => t.contains(sid, for_deny, self.domain),
            Pass::Restricted => {
                super::token::group_match(&t.restricted_sids, sid, for_deny, self.domain)
            }
            Pass::AppContainer => {
                let Some(ac) = &t.app_container else {
                    return false;
                };
                let mut set: Vec<TokenGroup> = vec![TokenGroup::enabled(ac.package)];
                set.extend(ac.capabilities.iter().map(|c| TokenGroup::enabled(*c)));
                if !ac.less_privileged {
                    set.push(TokenGroup::enabled(ALL_APP_PACKAGES));
                }
                set.push(TokenGroup::enabled(
                    super::presets::sids::ALL_RESTRICTED_APP_PACKAGES,
                ));
                super::token::group_match(&set, sid, for_deny, self.domain)
            }
        }
    }

    /// Matches an ACE trustee for a pass, with `OW` and `PS` substitution. `Err` gives the
    /// reason it does not match.
    fn trustee_matches(&self, pass: Pass, ace: &Ace, deny: bool) -> Result<(), SkipReason> {
        let mut sid = ace.sid;
        if sid == SidRef::Sid(OWNER_RIGHTS) {
            // The owner holds OWNER RIGHTS virtually.
            return if self.pass_matches(pass, &self.owner, deny) {
                Ok(())
            } else {
                Err(SkipReason::NotOwner)
            };
        }
        if sid == SidRef::Sid(PRINCIPAL_SELF) {
            if let Some(ps) = self.req.principal_self {
                sid = ps;
            }
        }
        if self.pass_matches(pass, &sid, deny) {
            Ok(())
        } else if !deny && self.pass_matches(pass, &sid, true) {
            Err(SkipReason::DenyOnlyOnAllow)
        } else {
            Err(SkipReason::SidNotInToken)
        }
    }

    fn walk(&mut self, acl: &Acl, pass: Pass, nodes: &mut [Node]) -> Vec<AceTrace> {
        let mut out = Vec::with_capacity(acl.aces.len());
        for (index, ace) in acl.aces.iter().enumerate() {
            let mask = map_generic(self.req.kind, ace.mask);
            let mut trace = AceTrace {
                pass,
                index,
                span: ace.spans.whole,
                mask,
                condition: None,
                outcome: AceOutcome::NoEffect,
            };
            let open = self.universe & !nodes.iter().fold(u32::MAX, |m, n| m & n.decided);
            if open == 0 && !self.max_mode {
                trace.outcome = AceOutcome::NotReached;
                out.push(trace);
                continue;
            }
            trace.outcome = match self.apply(ace, pass, mask, nodes, &mut trace.condition) {
                Ok(o) => o,
                Err(r) => AceOutcome::Skipped(r),
            };
            if let AceOutcome::Granted(m) | AceOutcome::Denied(m) = trace.outcome {
                self.note(
                    m,
                    &BitSource::Ace {
                        pass,
                        index,
                        span: ace.spans.whole,
                    },
                );
            }
            out.push(trace);
        }
        out
    }

    fn apply(
        &self,
        ace: &Ace,
        pass: Pass,
        mask: u32,
        nodes: &mut [Node],
        condition: &mut Option<Tri>,
    ) -> Result<AceOutcome, SkipReason> {
        if ace.flags & ace_flags::INHERIT_ONLY != 0 {
            return Err(SkipReason::InheritOnly);
        }
        let t = ace.ace_type;
        if t == AceType::AccessAllowedCompound {
            return Err(SkipReason::Unsupported);
        }
        if !is_access_ace(t) {
            return Err(SkipReason::NotAccessAce);
        }
        let deny = t.is_deny();
        self.trustee_matches(pass, ace, deny)?;

        // Which part of the object-type tree the ACE applies to.
        let target = if t.is_object() {
            match (&ace.object_type, self.req.object_types.is_empty()) {
                (None, _) => None,
                (Some(_), true) => return Err(SkipReason::ObjectTypeNotRequested),
                (Some(g), false) => match nodes.iter().position(|n| n.guid == Some(*g)) {
                    Some(i) => Some(i),
                    None => return Err(SkipReason::ObjectTypeNotInList),
                },
            }
        } else {
            None
        };

        if t.is_callback() {
            let tri = match &ace.data {
                AceData::Condition(c) => {
                    let ctx = EvalContext {
                        token: self.token,
                        resource: &self.resource,
                        for_deny: deny,
                        domain: self.domain,
                    };
                    evaluate(c, &ctx)
                }
                _ => Tri::Unknown,
            };
            *condition = Some(tri);
            let applies = tri == Tri::True || (deny && tri == Tri::Unknown);
            if !applies {
                return Err(SkipReason::Condition(tri));
            }
        }

        let root_before = (nodes[0].decided, nodes[0].granted);
        let any_change = if deny {
            deny_bits(nodes, target, mask & self.universe)
        } else {
            allow_bits(nodes, target, mask & self.universe)
        };
        let root_new = nodes[0].decided & !root_before.0;
        Ok(if root_new != 0 {
            if deny {
                AceOutcome::Denied(root_new & !nodes[0].granted)
            } else {
                AceOutcome::Granted(nodes[0].granted & !root_before.1)
            }
        } else if any_change {
            // Decided bits of a sub-object only.
            if deny {
                AceOutcome::Denied(0)
            } else {
                AceOutcome::Granted(0)
            }
        } else {
            AceOutcome::NoEffect
        })
    }
}

/// The nodes an ACE targeting node `i` reaches downwards: `i` and its descendants.
fn subtree(nodes: &[Node], i: usize) -> std::ops::Range<usize> {
    let lvl = nodes[i].level;
    let mut end = i + 1;
    while end < nodes.len() && nodes[end].level > lvl {
        end += 1;
    }
    i..end
}

/// The ancestors of node `i`, nearest first.
fn ancestors(nodes: &[Node], i: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut lvl = nodes[i].level;
    for j in (0..i).rev() {
        if nodes[j].level < lvl {
            out.push(j);
            lvl = nodes[j].level;
        }
    }
    out
}

fn allow_bits(nodes: &mut [Node], target: Option<usize>, mask: u32) -> bool {
    let mut changed = false;
    let range = match target {
        None => 0..nodes.len(),
        Some(i) => subtree(nodes, i),
    };
    for n in &mut nodes[range] {
        let new = mask & !n.decided;
        changed |= new != 0;
        n.granted |= new;
        n.decided |= new;
    }
    if let Some(i) = target {
        // A parent is granted what all its direct children are granted (MS-DTYP GrantAccess).
        for p in ancestors(nodes, i) {
            let plvl = nodes[p].level;
            let kids = subtree(nodes, p);
            let mut common = u32::MAX;
            for k in kids.clone().skip(1) {
                if nodes[k].level == plvl + 1 {
                    common &= nodes[k].granted;
                }
            }
            let new = common & mask & !nodes[p].decided;
            nodes[p].granted |= new;
            nodes[p].decided |= new;
            changed |= new != 0;
        }
    }
    changed
}

fn deny_bits(nodes: &mut [Node], target: Option<usize>, mask: u32) -> bool {
    let mut idx: Vec<usize> = match target {
        None => (0..nodes.len()).collect(),
        Some(i) => subtree(nodes, i).collect(),
    };
    if let Some(i) = target {
        // A denial reaches the parents too (MS-DTYP DenyAccess).
        idx.extend(ancestors(nodes, i));
    }
    let mut changed = false;
    for i in idx {
        let n = &mut nodes[i];
        let new = mask & !n.decided;
        changed |= new != 0;
        n.decided |= new;
    }
    changed
}

/// The rights a mandatory-label policy takes from a lower-integrity token: for no-write-up
/// the kind's generic write rights plus `DELETE`, `WRITE_DAC` and `WRITE_OWNER`; for
/// no-read-up its generic read rights; for no-execute-up its generic execute rights. Never
/// `READ_CONTROL` or `SYNCHRONIZE`, which every kind's read mapping shares with its write
/// mapping and which lower-integrity processes keep on higher objects.
pub fn mandatory_mask(kind: ObjectKind, policy: u32) -> u32 {
    let m = generic_mapping(kind);
    let (read, write, exec) = match m {
        Some(m) => (m.read, m.write, m.execute),
        None => (0, full_control(kind), 0),
    };
    let mut out = 0;
    if policy & label_policy::NO_WRITE_UP != 0 {
        out |= write | DELETE | WRITE_DAC | WRITE_OWNER;
    }
    if policy & label_policy::NO_READ_UP != 0 {
        out |= read;
    }
    if policy & label_policy::NO_EXECUTE_UP != 0 {
        out |= exec;
    }
    out & !(READ_CONTROL | SYNCHRONIZE)
}

/// A one-line description of a trustee for reports.
pub fn describe_trustee(s: &SidRef) -> String {
    match s {
        SidRef::Sid(sid) => match crate::sid::alias_for_sid(sid, None) {
            Some(a) => format!("{} ({})", a.name, a.code),
            None => sid.to_string(),
        },
        SidRef::Unresolved(_) => format_sid_ref(s),
    }
}

/// Whether `a` and `b` name the same trustee.
pub fn same_trustee(a: &SidRef, b: &SidRef, domain: Option<&Sid>) -> bool {
    sid_eq(a, b, domain)
}

#[cfg(feature = "serde")]
mod ser {
    use super::{format_sid_ref, ObjectKind, SidRef};

    pub fn sid_ref<S: serde::Serializer>(s: &SidRef, ser: S) -> Result<S::Ok, S::Error> {
        ser.serialize_str(&format_sid_ref(s))
    }

    pub fn kind<S: serde::Serializer>(k: &ObjectKind, ser: S) -> Result<S::Ok, S::Error> {
        ser.serialize_str(k.name())
    }
}

/// The default owner and primary group of the creator a check assumes when the request names
/// none: the interactive-user preset (or, should that preset ever be missing, a local user).
fn default_creator_sids() -> &'static (SidRef, SidRef) {
    static SIDS: std::sync::OnceLock<(SidRef, SidRef)> = std::sync::OnceLock::new();
    SIDS.get_or_init(|| {
        let creator = presets::preset("interactive-user").unwrap_or_else(|| {
            Token::new(
                presets::PLACEHOLDER_MACHINE
                    .with_rid(1001)
                    .unwrap_or(presets::PLACEHOLDER_MACHINE),
            )
        });
        (creator.default_owner(), creator.default_group())
    })
}
