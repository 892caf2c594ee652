//! What a security descriptor means: the data behind `sddl explain`, in both its formats.
//!
//! [`explain`] turns a parsed descriptor into an [`Explanation`]; `render::human` draws it for a
//! terminal and `--format json` serialises it as it is. These structs are therefore the JSON wire
//! format of `sddl explain` (documented in `docs/cli.md`): add fields freely, never rename or
//! remove one.

pub mod effective;
pub mod gloss;
pub mod sids;

use sddl_core::cond::{ClaimValue, ResourceAttribute};
use sddl_core::model::ace_flags;
use sddl_core::objects::{
    decompose, describe_mask, ds_guid_for_right, ds_guid_name, guess_kind, map_generic, Confidence,
    ObjectKind, RightClass,
};
use sddl_core::rights::{
    ACCESS_SYSTEM_SECURITY, DELETE, GENERIC_ALL, GENERIC_EXECUTE, GENERIC_READ, GENERIC_WRITE,
    MAXIMUM_ALLOWED, READ_CONTROL, SYNCHRONIZE, WRITE_DAC, WRITE_OWNER,
};
use sddl_core::{Ace, AceData, AceType, Acl, FormatOptions, Guid, SecurityDescriptor, Sid};
use serde::Serialize;
use sids::{name_sid_ref, SidName};

/// Everything `sddl explain` says about one descriptor.
#[derive(Debug, Serialize)]
pub struct Explanation {
    pub input: String,
    pub ok: bool,
    /// The canonical SDDL (as `sddl fmt` prints it).
    pub canonical: String,
    /// What the rights were named for; `null` when the kind was neither given nor guessed.
    pub kind: Option<KindView>,
    pub owner: Option<Trustee>,
    pub group: Option<Trustee>,
    pub control: Control,
    pub dacl: AclView,
    pub sacl: AclView,
    /// Per principal of the DACL; empty when the DACL is absent, NULL or empty (see
    /// `dacl.summary`).
    pub effective: Vec<effective::PrincipalAccess>,
    /// Rights the owner has whatever the DACL says (`READ_CONTROL`, `WRITE_DAC`): present when
    /// the descriptor has an owner and a non-NULL DACL without an `OWNER RIGHTS` (`OW`) ACE,
    /// which would replace them.
    pub owner_implicit_rights: Option<Vec<&'static str>>,
    /// One line per dangerous part: the findings of the security rules of `sddl-lint` (as
    /// `sddl lint` with default settings reports them), e.g. "`WD` (Everyone) gets full
    /// control". Empty when none applies.
    pub dangers: Vec<Danger>,
}

/// A dangerous part of the descriptor, from a security lint rule.
#[derive(Debug, Serialize)]
pub struct Danger {
    /// The rule code (`SDDL001`) and name (`everyone-full-control`).
    pub code: &'static str,
    pub rule: &'static str,
    pub message: String,
    pub start: u32,
    pub end: u32,
}

/// The findings of `sddl-lint`'s security rules, on the kind the explanation uses.
fn dangers(
    input: &str,
    sd: &SecurityDescriptor,
    kind: Option<ObjectKind>,
    domain: Option<Sid>,
) -> Vec<Danger> {
    let cx = sddl_lint::LintContext {
        kind,
        domain_sid: domain,
        ..Default::default()
    };
    sddl_lint::lint(sd, input, &cx, &sddl_lint::Settings::default())
        .into_iter()
        .filter(|d| {
            sddl_lint::rule_by_code(d.code)
                .is_some_and(|r| r.category == sddl_lint::Category::Security)
        })
        .map(|d| Danger {
            code: d.code,
            rule: d.name,
            message: d.message,
            start: d.span.start,
            end: d.span.end,
        })
        .collect()
}

#[derive(Debug, Serialize)]
pub struct KindView {
    /// `file`, `pipe`, `registry`, ... (the names `--type` takes).
    pub name: &'static str,
    pub summary: &'static str,
    /// `false`: given with `--type`; `true`: guessed from the rights used.
    pub guessed: bool,
    /// `low`, `medium` or `high` for a guess.
    pub confidence: Option<&'static str>,
    /// What the guess rests on.
    pub evidence: Option<String>,
    /// Other kinds that fit as well (low-confidence guesses).
    pub alternatives: Vec<&'static str>,
}

/// A SID with what can be told about it.
#[derive(Debug, Serialize)]
pub struct Trustee {
    /// `S-1-...`; `null` for a domain alias with no `--domain-sid` to resolve it.
    pub sid: Option<String>,
    /// The SDDL alias (`WD`, `BA`, ...), when there is one.
    pub alias: Option<&'static str>,
    /// The account or group name, when known.
    pub name: Option<String>,
    /// What kind of principal it is, or a caveat.
    pub description: Option<String>,
}

impl From<SidName> for Trustee {
    fn from(n: SidName) -> Self {
        Trustee {
            sid: n.sid,
            alias: n.alias,
            name: n.name,
            description: n.note,
        }
    }
}

impl Trustee {
    /// The name, else the SID, else the alias.
    pub fn label(&self) -> String {
        self.name
            .clone()
            .or_else(|| self.sid.clone())
            .or_else(|| self.alias.map(str::to_owned))
            .unwrap_or_default()
    }
}

/// The control word, in words.
#[derive(Debug, Serialize)]
pub struct Control {
    /// The control word as a binary descriptor would carry it.
    pub value: u16,
    pub flags: Vec<Flag>,
}

#[derive(Debug, Serialize)]
pub struct Flag {
    /// The Windows constant (`SE_DACL_PROTECTED`).
    pub name: &'static str,
    pub phrase: &'static str,
}

/// A DACL or SACL.
#[derive(Debug, Serialize)]
pub struct AclView {
    /// `absent` (no `D:`/`S:` part), `null` (`NO_ACCESS_CONTROL`), `empty` (no ACEs) or `aces`.
    pub state: &'static str,
    /// `P`: ACEs from the parent are not inherited.
    pub protected: bool,
    /// `AI`: the ACL was built by automatic inheritance.
    pub auto_inherited: bool,
    /// `AR`: automatic inheritance was requested.
    pub auto_inherit_req: bool,
    /// One plain sentence about the ACL as a whole.
    pub summary: String,
    pub aces: Vec<AceView>,
}

/// One ACE in plain language.
#[derive(Debug, Serialize)]
pub struct AceView {
    /// Zero-based position in its ACL (the human output counts from 1).
    pub index: usize,
    /// The ACE in canonical SDDL.
    pub sddl: String,
    /// The SDDL ACE type (`A`, `OA`, `XA`, `AU`, `ML`, ...).
    #[serde(rename = "type")]
    pub ace_type: String,
    /// The winnt.h name (`ACCESS_ALLOWED_ACE_TYPE`).
    pub type_name: &'static str,
    /// `allow`, `deny`, `audit`, `alarm`, `label`, `resource-attribute`, `scoped-policy`,
    /// `trust-label`, `access-filter` or `unknown`.
    pub effect: &'static str,
    /// ACE flags as SDDL codes (`OI`, `CI`, `NP`, `IO`, `ID`, `SA`, `FA`, ...).
    pub flags: Vec<&'static str>,
    /// `ID`: inherited from a parent.
    pub inherited: bool,
    pub applies_to: AppliesTo,
    /// For audit and alarm ACEs: which outcomes are logged.
    pub audit: Option<Audit>,
    pub trustee: Trustee,
    /// The mask as written.
    pub mask: u32,
    /// Generic rights in the mask as written (`GENERIC_ALL`, ...).
    pub generic: Vec<&'static str>,
    /// The mask after the kind's generic mapping (the same as `mask` without a kind).
    pub mapped_mask: u32,
    /// The named rights of `mapped_mask`, lowest bit first.
    pub rights: Vec<RightView>,
    /// The name Windows gives exactly `mapped_mask` on this kind (`FILE_ALL_ACCESS`).
    pub combined: Option<Combined>,
    /// Bits of `mapped_mask` with no name (for this kind, or at all without one).
    pub unknown_bits: u32,
    /// When `mapped_mask` has no combined name but is exactly what some generic rights map to
    /// on this kind: those generic rights (`["GENERIC_READ", "GENERIC_EXECUTE"]`).
    pub generic_equivalent: Vec<&'static str>,
    /// Object ACEs: the property, property set, extended right or class the ACE is limited to.
    pub object_type: Option<GuidView>,
    /// Object ACEs: the class of child objects that inherit the ACE.
    pub inherited_object_type: Option<GuidView>,
    /// Callback ACEs: the condition.
    pub condition: Option<ConditionView>,
    /// `RA` ACEs: the resource attribute.
    pub attribute: Option<AttributeView>,
    /// `ML` ACEs: the integrity level and policy.
    pub label: Option<LabelView>,
    /// Remarks (an ACE that has no effect, a placeholder trustee, ...).
    pub notes: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct AppliesTo {
    pub this_object: bool,
    pub child_containers: bool,
    pub child_objects: bool,
    /// `NP`: inherited one level only.
    pub no_propagate: bool,
    /// The same in words, as icacls users know it.
    pub text: String,
    /// icacls' spelling: `(OI)(CI)(IO)(NP)`, empty for this object only.
    pub icacls: String,
}

#[derive(Debug, Serialize)]
pub struct Audit {
    pub success: bool,
    pub failure: bool,
}

#[derive(Debug, Serialize)]
pub struct RightView {
    /// The Windows constant (`FILE_CREATE_PIPE_INSTANCE`, `WRITE_DAC`).
    pub name: &'static str,
    pub bit: u32,
    pub phrase: &'static str,
}

#[derive(Debug, Serialize)]
pub struct Combined {
    pub name: &'static str,
    pub phrase: &'static str,
}

#[derive(Debug, Serialize)]
pub struct GuidView {
    pub guid: String,
    /// The name people see (`Reset Password`, `member`, `user`), when known.
    pub name: Option<&'static str>,
    /// `class`, `attribute`, `property set`, `extended right` or `validated write`.
    pub kind: Option<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct ConditionView {
    /// Canonical SDDL of the condition.
    pub text: String,
    /// A reading in English, when the condition is simple enough.
    pub gloss: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct AttributeView {
    pub name: String,
    /// `TI`, `TU`, `TS`, `TD`, `TB` or `TX`.
    pub value_type: &'static str,
    pub flags: u32,
    /// The values as SDDL writes them.
    pub values: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct LabelView {
    /// The integrity level's name (`High Mandatory Level`), else its SID.
    pub level: String,
    /// `SYSTEM_MANDATORY_LABEL_NO_WRITE_UP`, ...
    pub policy: Vec<RightView>,
}

/// Options of an explanation.
pub struct Options {
    pub kind: Option<ObjectKind>,
    pub domain_sid: Option<Sid>,
}

/// Explains a parsed, valid descriptor.
pub fn explain(input: &str, sd: &SecurityDescriptor, opts: &Options) -> Explanation {
    let domain = opts.domain_sid.as_ref();
    let kind = match opts.kind {
        Some(k) => Some(KindView {
            name: k.name(),
            summary: k.summary(),
            guessed: false,
            confidence: None,
            evidence: None,
            alternatives: Vec::new(),
        }),
        None => guess_kind(sd).map(|g| {
            let mut evidence = g.evidence.to_string();
            if g.container {
                evidence.push_str("; inheritable ACEs mean a container");
            }
            KindView {
                name: g.kind.name(),
                summary: g.kind.summary(),
                guessed: true,
                confidence: Some(match g.confidence {
                    Confidence::Low => "low",
                    Confidence::Medium => "medium",
                    Confidence::High => "high",
                }),
                evidence: Some(evidence),
                alternatives: g.alternatives.iter().map(|k| k.name()).collect(),
            }
        }),
    };
    let object_kind = kind.as_ref().and_then(|k| ObjectKind::from_name(k.name));
    let ctx = Ctx {
        kind: object_kind,
        domain,
    };
    let effective = match &sd.dacl {
        Some(acl) if !acl.null && !acl.aces.is_empty() => effective::effective(sd, &ctx),
        _ => Vec::new(),
    };
    let owner_implicit_rights = effective::owner_implicit_rights(sd, &ctx);
    let dangers = dangers(input, sd, object_kind, opts.domain_sid);
    Explanation {
        owner_implicit_rights,
        dangers,
        input: input.to_owned(),
        ok: true,
        canonical: sddl_core::to_sddl(
            sd,
            &FormatOptions {
                domain_sid: opts.domain_sid,
            },
        ),
        kind,
        owner: sd
            .owner
            .as_ref()
            .map(|o| name_sid_ref(&o.sid, domain).into()),
        group: sd
            .group
            .as_ref()
            .map(|o| name_sid_ref(&o.sid, domain).into()),
        control: control(sd),
        dacl: acl_view(sd.dacl.as_ref(), false, &ctx),
        sacl: acl_view(sd.sacl.as_ref(), true, &ctx),
        effective,
    }
}

/// What naming needs.
pub struct Ctx<'a> {
    pub kind: Option<ObjectKind>,
    pub domain: Option<&'a Sid>,
}

#[rustfmt::skip]
const CONTROL_FLAGS: &[(u16, &str, &str)] = &[
    (0x0001, "SE_OWNER_DEFAULTED", "the owner was set by a default mechanism"),
    (0x0002, "SE_GROUP_DEFAULTED", "the group was set by a default mechanism"),
    (0x0004, "SE_DACL_PRESENT", "the descriptor has a DACL"),
    (0x0008, "SE_DACL_DEFAULTED", "the DACL was set by a default mechanism"),
    (0x0010, "SE_SACL_PRESENT", "the descriptor has a SACL"),
    (0x0020, "SE_SACL_DEFAULTED", "the SACL was set by a default mechanism"),
    (0x0040, "SE_DACL_TRUSTED", "the DACL comes from a trusted source"),
    (0x0080, "SE_SERVER_SECURITY", "server security"),
    (0x0100, "SE_DACL_AUTO_INHERIT_REQ", "DACL: automatic inheritance to children requested"),
    (0x0200, "SE_SACL_AUTO_INHERIT_REQ", "SACL: automatic inheritance to children requested"),
    (0x0400, "SE_DACL_AUTO_INHERITED", "DACL: set up for automatic inheritance (inherited ACEs are marked ID)"),
    (0x0800, "SE_SACL_AUTO_INHERITED", "SACL: set up for automatic inheritance (inherited ACEs are marked ID)"),
    (0x1000, "SE_DACL_PROTECTED", "DACL: protected: ACEs of the parent are not inherited"),
    (0x2000, "SE_SACL_PROTECTED", "SACL: protected: ACEs of the parent are not inherited"),
    (0x4000, "SE_RM_CONTROL_VALID", "the resource-manager control byte is valid"),
    (0x8000, "SE_SELF_RELATIVE", "self-relative (the binary layout)"),
];

fn control(sd: &SecurityDescriptor) -> Control {
    let value = sd.control();
    let flags = CONTROL_FLAGS
        .iter()
        .filter(|(bit, _, _)| value & bit != 0)
        .map(|&(_, name, phrase)| Flag { name, phrase })
        .collect();
    Control { value, flags }
}

fn acl_view(acl: Option<&Acl>, sacl: bool, ctx: &Ctx<'_>) -> AclView {
    let which = if sacl { "SACL" } else { "DACL" };
    let Some(acl) = acl else {
        let summary = if sacl {
            "no SACL in this descriptor: nothing is audited and no label or attribute is set".into()
        } else {
            "no DACL in this descriptor: an object whose security descriptor has no DACL gives \
             everyone full access"
                .into()
        };
        return AclView {
            state: "absent",
            protected: false,
            auto_inherited: false,
            auto_inherit_req: false,
            summary,
            aces: Vec::new(),
        };
    };
    let (state, summary) = if acl.null {
        let s = if sacl {
            "NULL SACL (NO_ACCESS_CONTROL): nothing is audited".to_string()
        } else {
            "NULL DACL (NO_ACCESS_CONTROL): everyone has full access, including the right to \
             change the permissions and take ownership"
                .to_string()
        };
        ("null", s)
    } else if acl.aces.is_empty() {
        let s = if sacl {
            "empty SACL: nothing is audited".to_string()
        } else {
            "empty DACL: nobody has access except the owner's implicit rights (READ_CONTROL and \
             WRITE_DAC: the owner can still read and change the permissions)"
                .to_string()
        };
        ("empty", s)
    } else {
        let n = acl.aces.len();
        let s = format!("{n} {}", if n == 1 { "entry" } else { "entries" });
        ("aces", s)
    };
    let mut summary = summary;
    if acl.flags.protected {
        summary.push_str(&format!(
            "; protected: the {which} does not inherit ACEs from the parent"
        ));
    }
    if acl.flags.auto_inherited {
        summary.push_str("; auto-inherited (AI)");
    }
    if acl.flags.auto_inherit_req {
        summary.push_str("; auto-inherit requested (AR)");
    }
    AclView {
        state,
        protected: acl.flags.protected,
        auto_inherited: acl.flags.auto_inherited,
        auto_inherit_req: acl.flags.auto_inherit_req,
        summary,
        aces: acl
            .aces
            .iter()
            .enumerate()
            .map(|(i, a)| ace_view(i, a, ctx))
            .collect(),
    }
}

fn type_name(t: AceType) -> (&'static str, &'static str) {
    match t {
        AceType::AccessAllowed => ("ACCESS_ALLOWED_ACE_TYPE", "allow"),
        AceType::AccessDenied => ("ACCESS_DENIED_ACE_TYPE", "deny"),
        AceType::SystemAudit => ("SYSTEM_AUDIT_ACE_TYPE", "audit"),
        AceType::SystemAlarm => ("SYSTEM_ALARM_ACE_TYPE", "alarm"),
        AceType::AccessAllowedCompound => ("ACCESS_ALLOWED_COMPOUND_ACE_TYPE", "allow"),
        AceType::AccessAllowedObject => ("ACCESS_ALLOWED_OBJECT_ACE_TYPE", "allow"),
        AceType::AccessDeniedObject => ("ACCESS_DENIED_OBJECT_ACE_TYPE", "deny"),
        AceType::SystemAuditObject => ("SYSTEM_AUDIT_OBJECT_ACE_TYPE", "audit"),
        AceType::SystemAlarmObject => ("SYSTEM_ALARM_OBJECT_ACE_TYPE", "alarm"),
        AceType::AccessAllowedCallback => ("ACCESS_ALLOWED_CALLBACK_ACE_TYPE", "allow"),
        AceType::AccessDeniedCallback => ("ACCESS_DENIED_CALLBACK_ACE_TYPE", "deny"),
        AceType::AccessAllowedCallbackObject => {
            ("ACCESS_ALLOWED_CALLBACK_OBJECT_ACE_TYPE", "allow")
        }
        AceType::AccessDeniedCallbackObject => ("ACCESS_DENIED_CALLBACK_OBJECT_ACE_TYPE", "deny"),
        AceType::SystemAuditCallback => ("SYSTEM_AUDIT_CALLBACK_ACE_TYPE", "audit"),
        AceType::SystemAlarmCallback => ("SYSTEM_ALARM_CALLBACK_ACE_TYPE", "alarm"),
        AceType::SystemAuditCallbackObject => ("SYSTEM_AUDIT_CALLBACK_OBJECT_ACE_TYPE", "audit"),
        AceType::SystemAlarmCallbackObject => ("SYSTEM_ALARM_CALLBACK_OBJECT_ACE_TYPE", "alarm"),
        AceType::SystemMandatoryLabel => ("SYSTEM_MANDATORY_LABEL_ACE_TYPE", "label"),
        AceType::SystemResourceAttribute => {
            ("SYSTEM_RESOURCE_ATTRIBUTE_ACE_TYPE", "resource-attribute")
        }
        AceType::SystemScopedPolicyId => ("SYSTEM_SCOPED_POLICY_ID_ACE_TYPE", "scoped-policy"),
        AceType::SystemProcessTrustLabel => ("SYSTEM_PROCESS_TRUST_LABEL_ACE_TYPE", "trust-label"),
        AceType::SystemAccessFilter => ("SYSTEM_ACCESS_FILTER_ACE_TYPE", "access-filter"),
        AceType::Unknown(_) => ("unknown ACE type", "unknown"),
    }
}

/// Whether the ACE's mask is an access mask of the object (not a label policy, not unused).
pub fn carries_rights(t: AceType) -> bool {
    !matches!(
        t,
        AceType::SystemMandatoryLabel
            | AceType::SystemResourceAttribute
            | AceType::SystemScopedPolicyId
            | AceType::Unknown(_)
    )
}

/// Kinds whose objects have children that inherit ACEs.
fn is_container(kind: ObjectKind) -> bool {
    matches!(
        kind,
        ObjectKind::Directory
            | ObjectKind::RegistryKey
            | ObjectKind::DirectoryServiceObject
            | ObjectKind::WmiNamespace
            | ObjectKind::Printer
            | ObjectKind::WindowStation
    )
}

fn ace_view(index: usize, ace: &Ace, ctx: &Ctx<'_>) -> AceView {
    let (type_name, effect) = type_name(ace.ace_type);
    let flags: Vec<&'static str> = ace_flags::SDDL
        .iter()
        .filter(|(_, bit)| ace.flags & bit != 0)
        .map(|(code, _)| *code)
        .collect();
    let is_audit = matches!(effect, "audit" | "alarm");
    let audit = is_audit.then_some(Audit {
        success: ace.flags & ace_flags::SUCCESSFUL_ACCESS != 0,
        failure: ace.flags & ace_flags::FAILED_ACCESS != 0,
    });
    let trustee: Trustee = name_sid_ref(&ace.sid, ctx.domain).into();
    let mut notes = Vec::new();

    let (generic, mapped, rights, combined, unknown_bits) = if carries_rights(ace.ace_type) {
        let generic = generic_names(ace.mask);
        let mapped = match ctx.kind {
            Some(k) => map_generic(k, ace.mask),
            None => ace.mask,
        };
        let (rights, unknown) = name_rights(ctx.kind, mapped);
        let combined = ctx
            .kind
            .and_then(|k| describe_mask(k, mapped))
            .map(|c| Combined {
                name: c.name,
                phrase: c.phrase,
            });
        (generic, mapped, rights, combined, unknown)
    } else {
        (Vec::new(), ace.mask, Vec::new(), None, 0)
    };
    let generic_equivalent = match (ctx.kind, &combined) {
        (Some(k), None) if carries_rights(ace.ace_type) => generic_equivalent(k, mapped),
        _ => Vec::new(),
    };
    if ace.mask & MAXIMUM_ALLOWED != 0 && carries_rights(ace.ace_type) {
        notes.push("MAXIMUM_ALLOWED has no meaning in an ACE".to_string());
    }
    if ace.mask == 0 && carries_rights(ace.ace_type) {
        notes.push("the mask is empty: this ACE grants, denies or audits nothing".to_string());
    }
    if is_audit && ace.flags & (ace_flags::SUCCESSFUL_ACCESS | ace_flags::FAILED_ACCESS) == 0 {
        notes.push("neither SA nor FA is set: this audit ACE logs nothing".to_string());
    }

    let applies_to = applies_to(ace.flags, ctx.kind, &mut notes);
    let object_type = ace
        .object_type
        .map(|g| guid_view(&g, ace.mask, ctx.kind, false));
    let inherited_object_type = ace
        .inherited_object_type
        .map(|g| guid_view(&g, ace.mask, ctx.kind, true));
    let condition = match &ace.data {
        AceData::Condition(c) => Some(ConditionView {
            text: sddl_core::cond::format::condition_to_sddl(
                c,
                &FormatOptions {
                    domain_sid: ctx.domain.copied(),
                },
            ),
            gloss: gloss::gloss(c, ctx.domain),
        }),
        _ => None,
    };
    let attribute = match &ace.data {
        AceData::Attribute(a) => Some(attribute_view(a, ctx)),
        _ => None,
    };
    let label = (ace.ace_type == AceType::SystemMandatoryLabel).then(|| LabelView {
        level: trustee.label(),
        policy: LABEL_POLICY
            .iter()
            .filter(|(bit, _, _)| ace.mask & bit != 0)
            .map(|&(bit, name, phrase)| RightView { name, bit, phrase })
            .collect(),
    });
    if ace.ace_type == AceType::SystemMandatoryLabel && ace.mask & !0x7 != 0 {
        notes.push(format!(
            "bits {:#x} are not label policies",
            ace.mask & !0x7
        ));
    }
    if let Some(a) = trustee.alias {
        if matches!(a, "CO" | "CG") && applies_to.this_object {
            notes.push(format!(
                "{} matches nobody on this object; the ACE only matters once inherited",
                trustee.label()
            ));
        }
    }
    let mut sddl = String::new();
    sddl_core::format::write_ace(
        &mut sddl,
        ace,
        &FormatOptions {
            domain_sid: ctx.domain.copied(),
        },
    );
    AceView {
        index,
        sddl,
        ace_type: match ace.ace_type.sddl() {
            Some(t) => t.to_string(),
            None => format!("{:#04x}", ace.ace_type.code()),
        },
        type_name,
        effect,
        inherited: ace.flags & ace_flags::INHERITED != 0,
        flags,
        applies_to,
        audit,
        trustee,
        mask: ace.mask,
        generic,
        mapped_mask: mapped,
        rights,
        combined,
        unknown_bits,
        generic_equivalent,
        object_type,
        inherited_object_type,
        condition,
        attribute,
        label,
        notes,
    }
}

/// `SYSTEM_MANDATORY_LABEL_*` policies (winnt.h).
#[rustfmt::skip]
const LABEL_POLICY: &[(u32, &str, &str)] = &[
    (0x1, "SYSTEM_MANDATORY_LABEL_NO_WRITE_UP", "callers below this integrity level cannot write to it"),
    (0x2, "SYSTEM_MANDATORY_LABEL_NO_READ_UP", "callers below this integrity level cannot read it"),
    (0x4, "SYSTEM_MANDATORY_LABEL_NO_EXECUTE_UP", "callers below this integrity level cannot execute it"),
];

fn generic_names(mask: u32) -> Vec<&'static str> {
    [
        (GENERIC_READ, "GENERIC_READ"),
        (GENERIC_WRITE, "GENERIC_WRITE"),
        (GENERIC_EXECUTE, "GENERIC_EXECUTE"),
        (GENERIC_ALL, "GENERIC_ALL"),
    ]
    .into_iter()
    .filter(|(bit, _)| mask & bit != 0)
    .map(|(_, name)| name)
    .collect()
}

/// Bits with the same meaning on every kind of object (winnt.h; learn.microsoft.com "Standard
/// Access Rights", "ACCESS_MASK"). Used when there is no kind to name the rest for.
#[rustfmt::skip]
const COMMON: &[(u32, &str, &str)] = &[
    (DELETE, "DELETE", "delete the object"),
    (READ_CONTROL, "READ_CONTROL", "read the security descriptor (owner, group, DACL; not the SACL)"),
    (WRITE_DAC, "WRITE_DAC", "change the permissions (DACL)"),
    (WRITE_OWNER, "WRITE_OWNER", "take ownership (change the owner)"),
    (SYNCHRONIZE, "SYNCHRONIZE", "wait on the object (use it for synchronization)"),
    (ACCESS_SYSTEM_SECURITY, "ACCESS_SYSTEM_SECURITY", "read or change the SACL (also needs SeSecurityPrivilege)"),
    (MAXIMUM_ALLOWED, "MAXIMUM_ALLOWED", "request every right the caller can be granted (meaningless in an ACE)"),
    (GENERIC_ALL, "GENERIC_ALL", "all access (generic: what it grants depends on the object type)"),
    (GENERIC_EXECUTE, "GENERIC_EXECUTE", "execute (generic: what it grants depends on the object type)"),
    (GENERIC_WRITE, "GENERIC_WRITE", "write (generic: what it grants depends on the object type)"),
    (GENERIC_READ, "GENERIC_READ", "read (generic: what it grants depends on the object type)"),
];

/// The phrase for object-specific bits when there is no kind to name them for.
pub const SPECIFIC_WITHOUT_KIND: &str =
    "object-specific rights: what they mean depends on the object type (pass --type)";

/// Names every bit of `mask`: (named rights lowest bit first, bits without a name).
pub fn name_rights(kind: Option<ObjectKind>, mask: u32) -> (Vec<RightView>, u32) {
    let mut rights = Vec::new();
    let mut unknown = 0;
    match kind {
        Some(k) => {
            for r in decompose(k, mask) {
                match r.name {
                    Some(name) if r.class != RightClass::Reserved => rights.push(RightView {
                        name,
                        bit: r.bit,
                        phrase: r.phrase,
                    }),
                    _ => unknown |= r.bit,
                }
            }
        }
        None => {
            let mut rest = mask;
            while rest != 0 {
                let bit = rest & rest.wrapping_neg();
                rest &= !bit;
                match COMMON.iter().find(|c| c.0 == bit) {
                    Some(&(bit, name, phrase)) => rights.push(RightView { name, bit, phrase }),
                    None => unknown |= bit,
                }
            }
        }
    }
    (rights, unknown)
}

/// Names of the rights in `mask` (the combined name when exact), for summaries.
pub fn right_names(kind: Option<ObjectKind>, mask: u32) -> Vec<String> {
    if let Some(c) = kind.and_then(|k| describe_mask(k, mask)) {
        return vec![c.name.to_string()];
    }
    let (rights, unknown) = name_rights(kind, mask);
    let mut names: Vec<String> = rights.iter().map(|r| r.name.to_string()).collect();
    if unknown != 0 {
        names.push(format!("{unknown:#x}"));
    }
    names
}

/// The generic rights whose mapping on `kind` is exactly `mask`, if some are.
fn generic_equivalent(kind: ObjectKind, mask: u32) -> Vec<&'static str> {
    let Some(m) = sddl_core::objects::generic_mapping(kind) else {
        return Vec::new();
    };
    let parts = [
        (m.read, "GENERIC_READ"),
        (m.write, "GENERIC_WRITE"),
        (m.execute, "GENERIC_EXECUTE"),
    ];
    for set in 1u32..8 {
        let union = parts
            .iter()
            .enumerate()
            .filter(|(i, _)| set & (1 << i) != 0)
            .fold(0, |u, (_, p)| u | p.0);
        if union == mask && mask != 0 {
            return parts
                .iter()
                .enumerate()
                .filter(|(i, _)| set & (1 << i) != 0)
                .map(|(_, p)| p.1)
                .collect();
        }
    }
    Vec::new()
}

fn applies_to(flags: u8, kind: Option<ObjectKind>, notes: &mut Vec<String>) -> AppliesTo {
    let oi = flags & ace_flags::OBJECT_INHERIT != 0;
    let ci = flags & ace_flags::CONTAINER_INHERIT != 0;
    let io = flags & ace_flags::INHERIT_ONLY != 0;
    let np = flags & ace_flags::NO_PROPAGATE_INHERIT != 0;
    let (containers, objects) = match kind {
        Some(ObjectKind::Directory) => ("subfolders", "files"),
        Some(ObjectKind::RegistryKey) => ("subkeys", "child objects"),
        Some(ObjectKind::DirectoryServiceObject) => ("child objects", "child objects (OI)"),
        _ => ("child containers", "child objects"),
    };
    let mut parts = Vec::new();
    if !io {
        parts.push("this object");
    }
    if ci {
        parts.push(containers);
    }
    if oi {
        parts.push(objects);
    }
    let mut text = match parts.len() {
        0 => "nothing: inherit-only (IO) without OI or CI".to_string(),
        1 if !io => "this object only".to_string(),
        _ => {
            let last = parts.pop().unwrap_or_default();
            let head = parts.join(", ");
            let list = if head.is_empty() {
                last.to_string()
            } else {
                format!("{head} and {last}")
            };
            if io {
                format!("{list} only (inherit-only: not this object)")
            } else {
                list
            }
        }
    };
    if np && (oi || ci) {
        text.push_str("; inherited one level only (NP)");
    }
    if let Some(k) = kind {
        if (oi || ci) && !is_container(k) {
            if io {
                notes.push(format!(
                    "inherit-only on {}, which has no children: this ACE has no effect",
                    k.summary()
                ));
            } else {
                notes.push(format!(
                    "OI/CI have no effect on {}, which has no children",
                    k.summary()
                ));
            }
        }
        if oi
            && matches!(
                k,
                ObjectKind::RegistryKey | ObjectKind::DirectoryServiceObject
            )
        {
            notes.push(format!(
                "OI has no effect on {}: only CI is inherited",
                k.summary()
            ));
        }
    }
    let mut icacls = String::new();
    for (set, code) in [(oi, "(OI)"), (ci, "(CI)"), (io, "(IO)"), (np, "(NP)")] {
        if set {
            icacls.push_str(code);
        }
    }
    AppliesTo {
        this_object: !io,
        child_containers: ci,
        child_objects: oi,
        no_propagate: np,
        text,
        icacls,
    }
}

pub(crate) fn guid_view(
    g: &Guid,
    mask: u32,
    kind: Option<ObjectKind>,
    inherited: bool,
) -> GuidView {
    let known = if inherited {
        ds_guid_name(g)
    } else {
        ds_guid_for_right(g, mask)
    };
    // GUIDs name AD schema objects; on other kinds they are shown as they are.
    let known = known.filter(|_| kind.is_none_or(|k| k == ObjectKind::DirectoryServiceObject));
    GuidView {
        guid: g.to_string(),
        name: known.map(|k| k.display),
        kind: known.map(|k| k.kind.name()),
    }
}

fn attribute_view(a: &ResourceAttribute, ctx: &Ctx<'_>) -> AttributeView {
    let values = a
        .values
        .iter()
        .map(|v| match v {
            ClaimValue::Int64(n) => n.to_string(),
            ClaimValue::Uint64(n) | ClaimValue::Boolean(n) => n.to_string(),
            ClaimValue::String(s) => format!("\"{s}\""),
            ClaimValue::Sid(s) => name_sid_ref(s, ctx.domain).label(),
            ClaimValue::Octets(b) => format!("#{}", hex::encode(b)),
        })
        .collect();
    AttributeView {
        name: a.name.clone(),
        value_type: a.value_type.sddl(),
        flags: a.flags,
        values,
    }
}
