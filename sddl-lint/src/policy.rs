//! Policies: what a descriptor must and must not grant, declared in TOML and checked with the
//! access-check engine (issues 5 and 9).
//!
//! A policy file holds one or more `[[policy]]` tables:
//!
//! ```toml
//! [[policy]]
//! name = "agent-pipe"            # shown in findings
//! kind = "pipe"                  # optional (or `type`): see "Kinds" below
//! paths = ["src/agent/**"]       # optional: for `sddl scan`, only literals in these files
//!
//! [[policy.allow]]               # the principal MUST be granted all these rights
//! principal = "NS"               # a preset, an SDDL alias or a SID, as `sddl check --as`
//! rights = "FILE_READ_DATA,FILE_WRITE_DATA"   # as `sddl check --want`
//!
//! [[policy.deny]]                # the principal must NOT be granted ANY of these rights
//! principal = "WD"
//! rights = "WRITE_DAC,WRITE_OWNER"
//!
//! [[policy.flags]]               # ACL and ACE flags
//! dacl-protected = true          # `D:P...` (false: must not be protected)
//! principal = "WD"               # optional: only the ACEs whose trustee is this SID
//! require = ["OI", "CI"]         # ACE flags those ACEs must have
//! forbid = ["ID"]                # ACE flags those ACEs must not have
//! ```
//!
//! [`PolicySet::parse`] validates the whole file and reports every mistake with its span in the
//! TOML ([`ConfigErrors`], as `sddl-lint.toml`). The rules `policy-missing-access`,
//! `policy-forbidden-access` and `policy-flags` check the policies that [`crate::Settings`]
//! carries ([`crate::Settings::with_policies`], or `policy = "..."` in `sddl-lint.toml`).
//!
//! # How policies are judged
//!
//! - **Kinds.** A policy with a `kind` applies when the caller says the object is of that kind
//!   (`--type`, the pipe mode, configuration, what `scan` infers from the code) and is skipped
//!   when the caller says it is of another kind. When the kind is only guessed from the rights,
//!   or unknown, the policy applies and the descriptor is judged as the policy's kind: a policy
//!   never passes because of a guess. A policy without a `kind` judges the descriptor as the
//!   rules do (given kind, or a confident guess; otherwise generic rights stay as written).
//! - **`allow`** runs the engine's access check (`sddl_core::access::check`) for the
//!   principal's token with the rights as the desired access, mandatory integrity included:
//!   the principal must really get them. A descriptor without owner or group is checked as
//!   created by the default creator, as `sddl check` does. The finding proposes the
//!   least-privilege ACE (`sddl_core::access::suggest`).
//! - **`deny`** asks what the principal gets at most from the DACL (`MAXIMUM_ALLOWED`, as the
//!   other lint rules do: without mandatory integrity, since a label can change while the DACL
//!   stays) and reports every ACE that grants a forbidden bit to the principal or a group it is
//!   in, and the owner's implicit rights or a NULL or missing DACL when they do.
//! - **`flags`**: ACE flags are checked on the access ACEs of the DACL (whose trustee is the
//!   `principal` when given; the trustee must be that SID, group membership does not count).
//! - **Paths.** `paths` (globs as `[[overrides]] files`) limit a policy to files that `sddl
//!   scan` reads; inputs without a path (arguments, stdin) are judged by every policy.
//! - **Principals.** Tokens are built as `sddl check --as` builds them
//!   (`sddl_core::access::presets::principal_token`); `everyone-includes-anonymous` applies.

use crate::config::{self, err, toml_error, ConfigError, ConfigErrors};
use crate::context::{LintContext, Principal};
use crate::registry::RuleContext;
use sddl_core::access::presets::principal_token;
use sddl_core::access::Token;
use sddl_core::model::{ace_flags, Ace};
use sddl_core::objects::{parse_rights, ObjectKind, RightsError, GENERIC_BITS};
use sddl_core::rights::{GENERIC_ALL, MAXIMUM_ALLOWED};
use sddl_core::Span;
use serde::Deserialize;
use std::collections::BTreeSet;
use std::sync::Arc;
use toml::Spanned;

type S<T> = Spanned<T>;

/// The codes of the rules that check policies (`sddl check --policy` runs only these).
pub const POLICY_RULES: [&str; 3] = ["SDDL044", "SDDL045", "SDDL046"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileOptions {
    #[serde(default)]
    policy: Vec<PolicyOptions>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct PolicyOptions {
    name: S<String>,
    #[serde(alias = "type")]
    kind: Option<S<String>>,
    #[serde(default)]
    paths: Vec<S<String>>,
    #[serde(default)]
    allow: Vec<AccessOptions>,
    #[serde(default)]
    deny: Vec<AccessOptions>,
    #[serde(default)]
    flags: Vec<FlagOptions>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AccessOptions {
    principal: S<String>,
    rights: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct FlagOptions {
    principal: Option<S<String>>,
    #[serde(default)]
    require: Vec<S<String>>,
    #[serde(default)]
    forbid: Vec<S<String>>,
    dacl_protected: Option<bool>,
    dacl_auto_inherited: Option<bool>,
    sacl_protected: Option<bool>,
}

/// Every policy of one file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PolicySet {
    pub policies: Vec<Arc<Policy>>,
}

/// One `[[policy]]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    pub name: String,
    /// The object kind it is about (see the module docs).
    pub kind: Option<ObjectKind>,
    /// Globs of the files it applies to in `sddl scan`; empty: every file.
    pub paths: Vec<String>,
    /// Principals that must be granted rights.
    pub allow: Vec<AccessClause>,
    /// Principals that must not be granted any of some rights.
    pub deny: Vec<AccessClause>,
    pub flags: Vec<FlagClause>,
}

/// A principal and rights, as written and as read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessClause {
    /// As written: a preset, an alias or a SID.
    pub principal: String,
    /// As written.
    pub rights: String,
    /// The rights read for the policy's kind; generic bits as written.
    pub mask: u32,
}

/// What a `[[policy.flags]]` table requires.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FlagClause {
    /// Only the ACEs of this trustee; `None`: every access ACE of the DACL.
    pub principal: Option<Principal>,
    /// ACE flags (`ace_flags::*`) the ACEs must have.
    pub require: u8,
    /// ACE flags the ACEs must not have.
    pub forbid: u8,
    /// `Some(true)`: the DACL must be protected (`P`); `Some(false)`: must not be.
    pub dacl_protected: Option<bool>,
    /// The same for `AI`.
    pub dacl_auto_inherited: Option<bool>,
    /// The same for the SACL's `P`.
    pub sacl_protected: Option<bool>,
}

impl PolicySet {
    /// Parses and validates a policy file; every mistake is reported, with its span.
    pub fn parse(text: &str) -> Result<PolicySet, ConfigErrors> {
        let options: FileOptions =
            toml::from_str(text).map_err(|e| ConfigErrors(vec![toml_error(&e)]))?;
        let mut errors = Vec::new();
        if options.policy.is_empty() {
            errors.push(ConfigError {
                message: "no policy in the file".into(),
                span: Some(0..0),
                help: Some(
                    "add a `[[policy]]` table with a `name` and `[[policy.allow]]`, `[[policy.deny]]` or `[[policy.flags]]` tables"
                        .into(),
                ),
            });
        }
        let mut names = BTreeSet::new();
        let mut policies = Vec::new();
        for p in &options.policy {
            if !names.insert(p.name.get_ref().clone()) {
                errors.push(err(
                    &p.name,
                    format!("a policy named `{}` comes earlier", p.name.get_ref()),
                ));
            }
            if p.name.get_ref().trim().is_empty() {
                errors.push(err(&p.name, "a policy needs a name"));
            }
            if p.allow.is_empty() && p.deny.is_empty() && p.flags.is_empty() {
                let mut e = err(
                    &p.name,
                    format!("policy `{}` checks nothing", p.name.get_ref()),
                );
                e.help = Some(
                    "add `[[policy.allow]]`, `[[policy.deny]]` or `[[policy.flags]]` tables".into(),
                );
                errors.push(e);
            }
            let kind = p.kind.as_ref().and_then(|k| config::kind(k, &mut errors));
            let mut paths = Vec::new();
            for g in &p.paths {
                match crate::glob::check(g.get_ref()) {
                    Ok(()) => paths.push(g.get_ref().clone()),
                    Err(m) => errors.push(err(g, m)),
                }
            }
            let mut access = |list: &[AccessOptions]| -> Vec<AccessClause> {
                list.iter()
                    .filter_map(|a| access_clause(a, kind, &mut errors))
                    .collect()
            };
            let allow = access(&p.allow);
            let deny = access(&p.deny);
            let flags = p
                .flags
                .iter()
                .filter_map(|f| flag_clause(f, &mut errors))
                .collect();
            policies.push(Arc::new(Policy {
                name: p.name.get_ref().clone(),
                kind,
                paths,
                allow,
                deny,
                flags,
            }));
        }
        if errors.is_empty() {
            Ok(PolicySet { policies })
        } else {
            Err(ConfigErrors(errors))
        }
    }

    /// The policies for a file at `path` (`/`-separated, as `scan` shows it): those without
    /// `paths` and those with a matching glob. Without a path, every policy.
    pub fn for_path(&self, path: Option<&str>) -> Vec<Arc<Policy>> {
        self.policies
            .iter()
            .filter(|p| {
                p.paths.is_empty()
                    || path.is_none_or(|path| p.paths.iter().any(|g| crate::glob::matches(g, path)))
            })
            .cloned()
            .collect()
    }
}

fn access_clause(
    a: &AccessOptions,
    kind: Option<ObjectKind>,
    errors: &mut Vec<ConfigError>,
) -> Option<AccessClause> {
    let principal = a.principal.get_ref().trim();
    let mut ok = true;
    if let Err(e) = principal_token(principal, None) {
        errors.push(err(&a.principal, e.to_string()));
        ok = false;
    }
    let mask = match parse_rights(a.rights.get_ref(), kind) {
        Ok(MAXIMUM_ALLOWED) => {
            errors.push(err(
                &a.rights,
                "`MAXIMUM_ALLOWED` asks for whatever can be granted; name the rights",
            ));
            None
        }
        Ok(0) => {
            errors.push(err(&a.rights, "no rights"));
            None
        }
        Ok(m) => Some(m & !MAXIMUM_ALLOWED),
        Err(e) => {
            let mut ce = err(&a.rights, e.to_string());
            if matches!(e, RightsError::NeedsKind { .. }) {
                ce.help = Some(
                    "give the policy a `kind` (`kind = \"pipe\"`), or write the rights as SDDL codes or hex"
                        .into(),
                );
            }
            errors.push(ce);
            None
        }
    };
    (ok && mask.is_some()).then(|| AccessClause {
        principal: principal.to_string(),
        rights: a.rights.get_ref().clone(),
        mask: mask.unwrap_or(0),
    })
}

fn flag_clause(f: &FlagOptions, errors: &mut Vec<ConfigError>) -> Option<FlagClause> {
    let before = errors.len();
    let principal = f
        .principal
        .as_ref()
        .and_then(|p| match Principal::parse(p.get_ref(), None) {
            Ok(p) => Some(p),
            Err(e) => {
                let mut ce = err(p, e.to_string());
                ce.help = Some("flags are checked on the ACEs of this exact trustee".into());
                errors.push(ce);
                None
            }
        });
    let mut flags = |list: &[S<String>]| {
        let mut bits = 0u8;
        for c in list {
            let code = c.get_ref().trim();
            match ace_flags::SDDL
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(code))
            {
                Some((n, _)) if *n == "SA" || *n == "FA" => errors.push(err(
                    c,
                    format!("`{n}` is an audit flag; policies check the ACEs of the DACL"),
                )),
                Some((_, b)) => bits |= b,
                None => {
                    let mut e = err(c, format!("`{code}` is not an ACE flag"));
                    e.help = Some("expected `OI`, `CI`, `NP`, `IO`, `ID` or `CR`".into());
                    errors.push(e);
                }
            }
        }
        bits
    };
    let require = flags(&f.require);
    let forbid = flags(&f.forbid);
    if require & forbid != 0 {
        if let Some(first) = f.forbid.first() {
            errors.push(err(first, "a flag is both required and forbidden"));
        }
    }
    let clause = FlagClause {
        principal,
        require,
        forbid,
        dacl_protected: f.dacl_protected,
        dacl_auto_inherited: f.dacl_auto_inherited,
        sacl_protected: f.sacl_protected,
    };
    if clause.require == 0
        && clause.forbid == 0
        && clause.dacl_protected.is_none()
        && clause.dacl_auto_inherited.is_none()
        && clause.sacl_protected.is_none()
        && errors.len() == before
    {
        let span = f.principal.as_ref().map(|p| p.span());
        errors.push(ConfigError {
            message: "a `[[policy.flags]]` table that checks nothing".into(),
            span,
            help: Some(
                "add `require`, `forbid`, `dacl-protected`, `dacl-auto-inherited` or `sacl-protected`"
                    .into(),
            ),
        });
    }
    (errors.len() == before).then_some(clause)
}

/// The policies that apply to the descriptor a rule sees, each with the kind to judge it as
/// (see "Kinds" in the module docs).
pub(crate) fn applicable<'a>(
    rcx: &'a RuleContext<'a>,
) -> impl Iterator<Item = (&'a Policy, Option<ObjectKind>)> + 'a {
    rcx.policies
        .iter()
        .filter_map(move |p| match (p.kind, rcx.known_kind()) {
            (Some(k), Some(known)) if k != known => None,
            (Some(k), _) => Some((&**p, Some(k))),
            (None, _) => Some((&**p, rcx.kind())),
        })
}

/// The token of a clause's principal (validated when the policy was parsed), as the machine's
/// policy makes it (`everyone-includes-anonymous`).
pub(crate) fn token(principal: &str, cx: &LintContext) -> Option<Token> {
    let t = principal_token(principal, cx.domain_sid.as_ref()).ok()?;
    Some(crate::effective::with_machine_policy(t, cx))
}

/// `policy `agent-pipe``: how findings name a policy.
pub(crate) fn named(policy: &Policy) -> String {
    format!("policy `{}`", policy.name)
}

/// Rights compared without a kind (generic rights as written): `GENERIC_ALL` includes the other
/// generic rights, whatever the mapping.
pub(crate) fn with_generic_all(mask: u32) -> u32 {
    if mask & GENERIC_ALL != 0 {
        mask | GENERIC_BITS
    } else {
        mask
    }
}

/// Where a finding about the DACL as a whole points: the DACL part, or the whole descriptor
/// when it has none.
pub(crate) fn dacl_span(rcx: &RuleContext<'_>) -> Span {
    match &rcx.sd.dacl {
        Some(a) => a.span,
        None => Span::from_range(0, rcx.source.len()),
    }
}

/// The texts of ACEs, as written, for notes: `` `(A;;FR;;;WD)` and `(A;;FR;;;AN)` ``.
pub(crate) fn ace_list(rcx: &RuleContext<'_>, aces: &[&Ace]) -> String {
    let texts: Vec<String> = aces
        .iter()
        .map(|a| {
            let t = rcx.text(a.spans.whole);
            if t.is_empty() {
                let mut s = String::new();
                sddl_core::format::write_ace(
                    &mut s,
                    a,
                    &sddl_core::FormatOptions {
                        domain_sid: rcx.cx.domain_sid,
                    },
                );
                format!("`{s}`")
            } else {
                format!("`{t}`")
            }
        })
        .collect();
    match texts.len() {
        0 => String::new(),
        1 => texts[0].clone(),
        n => format!("{} and {}", texts[..n - 1].join(", "), texts[n - 1]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of the docs, with flags and paths.
    fn seed() -> String {
        crate::testing::AGENT_PIPE_POLICY.replace(
            "kind = \"pipe\"\n",
            "kind = \"pipe\"\npaths = [\"src/agent/**\"]\n[[policy.flags]]\ndacl-protected = true\nprincipal = \"WD\"\nforbid = [\"ID\"]\n",
        )
    }

    #[test]
    fn policy_rules_are_the_policy_rules() {
        for code in POLICY_RULES {
            assert!(crate::rule_by_code(code)
                .unwrap()
                .name
                .starts_with("policy-"));
        }
    }

    #[test]
    fn a_policy_file_is_read_whole() {
        let set = PolicySet::parse(&seed()).unwrap();
        let p = &set.policies[0];
        assert_eq!(p.name, "agent-pipe");
        assert_eq!(p.kind, Some(ObjectKind::NamedPipe));
        assert_eq!(p.allow[0].mask, 0x3);
        assert_eq!(p.deny[1].principal, "AN");
        assert_eq!(p.deny[1].mask, 0xc_0000);
        assert_eq!(p.flags[0].forbid, ace_flags::INHERITED);
        assert_eq!(p.flags[0].dacl_protected, Some(true));
        assert_eq!(set.for_path(Some("src/agent/pipe.c")).len(), 1);
        assert_eq!(set.for_path(Some("src/web/app.cs")).len(), 0);
        assert_eq!(set.for_path(None).len(), 1);
        // `type` is accepted for `kind`, as in `[[overrides]]`; presets are principals.
        let set = PolicySet::parse(
            "[[policy]]\nname = \"x\"\ntype = \"registry\"\n[[policy.allow]]\nprincipal = \"network-service\"\nrights = \"KEY_READ\"\n",
        )
        .unwrap();
        assert_eq!(set.policies[0].allow[0].mask, 0x2_0019);
    }

    fn errors(text: &str) -> Vec<ConfigError> {
        PolicySet::parse(text).unwrap_err().0
    }

    fn at<'a>(text: &'a str, e: &ConfigError) -> &'a str {
        &text[e.span.clone().unwrap()]
    }

    #[test]
    fn errors_point_into_the_toml() {
        let text = "[[policy]]\nnmae = \"x\"\n";
        let e = errors(text);
        assert_eq!(at(text, &e[0]), "nmae");
        assert_eq!(e[0].help.as_deref(), Some("did you mean `name`?"));

        let text = "[[policy]]\nname = \"x\"\nkind = \"pipee\"\npaths = [\"a/[b]\"]\n[[policy.allow]]\nprincipal = \"nobody\"\nrights = \"FILE_READ_DATA\"\n[[policy.deny]]\nprincipal = \"WD\"\nrights = \"max\"\n[[policy.flags]]\nrequire = [\"OI\", \"XX\", \"SA\"]\nforbid = [\"OI\"]\n";
        let e = errors(text);
        let spans: Vec<&str> = e.iter().map(|e| at(text, e)).collect();
        assert_eq!(
            spans,
            [
                "\"pipee\"",
                "\"a/[b]\"",
                "\"nobody\"",
                "\"FILE_READ_DATA\"",
                "\"max\"",
                "\"XX\"",
                "\"SA\"",
                "\"OI\""
            ],
            "{e:#?}"
        );
        // Without a kind, a kind's right names cannot be read.
        assert!(e[3].help.as_deref().unwrap().contains("`kind`"));

        let text = "[[policy]]\nname = \"x\"\n[[policy]]\nname = \"x\"\n[[policy.flags]]\n";
        let e = errors(text);
        assert_eq!(e.len(), 3, "{e:#?}");
        assert_eq!(e[0].message, "policy `x` checks nothing");
        assert_eq!(e[1].message, "a policy named `x` comes earlier");
        assert_eq!(
            e[2].message,
            "a `[[policy.flags]]` table that checks nothing"
        );

        assert_eq!(errors("")[0].message, "no policy in the file");
        let text = "[[policy]]\nname = \"x\"\n[[policy.allow]]\nprincipal = \"NS\"\n";
        assert!(errors(text)[0]
            .message
            .starts_with("missing field `rights`"));
    }
}
