//! `sddl-lint.toml`: which rules run, at what severity, with which options, per path.
//!
//! Two layers, as ruff has: [`Options`] is the file schema (serde, unknown keys rejected), and
//! [`Config`]/[`Settings`] are the resolved, validated values the linter uses. Every error
//! carries the byte range in the TOML text it is about.
//!
//! ```toml
//! select = ["security", "correctness"]     # codes, names, code prefixes, categories, "ALL"
//! extend-select = ["SDDL028"]
//! ignore = ["anonymous-access"]
//! everyone-includes-anonymous = false
//! domain-sid = "S-1-5-21-1004336348-1177238915-682003330"
//!
//! [rules.hard-coded-domain-sid]
//! severity = "error"                       # error, warning, info, off
//! allowed-domains = ["S-1-5-21-1-2-3"]
//!
//! [rules.newer-than-target]
//! min-windows = "7"                        # vista, 7, 2008r2, 8, 2012, 8.1, 2012r2, 10, ...
//!
//! policy = "policies/ipc.toml"            # policies to check (see `policy.rs`), relative
//!                                          # to this file
//!
//! [[overrides]]
//! files = ["src/ipc/**"]
//! type = "pipe"
//! pipe-mode = "duplex"
//! clients = ["NS"]
//! ignore = ["SDDL007"]
//! ```
//!
//! Selection: among the selectors that match a rule, the most specific decides (a code or name
//! beats a prefix, a longer prefix a shorter one, a prefix a category, a category `ALL`); on a
//! tie `ignore` wins. Without `select`, rules start at their default level. An override's
//! `extend-select`/`ignore` decide over the top-level ones for paths it matches. A rule that is
//! off by default and gets selected runs at its category's level (warning for security,
//! correctness and suspicious, info for portability and style) unless `[rules.<name>]` gives a
//! severity; giving a severity also turns a rule on (unless it is ignored).

use crate::codes::{self, Resolved};
use crate::context::{LintContext, PipeMode, Principal};
use crate::diagnostic::{Level, Severity};
use crate::policy::{Policy, PolicySet};
use crate::registry::{all_rules, Category, OptionKind, RuleMeta};
use sddl_core::objects::ObjectKind;
use sddl_core::versions::WindowsVersion;
use sddl_core::{Sid, SidRef};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::sync::Arc;
use toml::Spanned;

type S<T> = Spanned<T>;

/// The file schema.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    select: Option<Vec<S<String>>>,
    #[serde(default)]
    extend_select: Vec<S<String>>,
    #[serde(default)]
    ignore: Vec<S<String>>,
    everyone_includes_anonymous: Option<bool>,
    domain_sid: Option<S<String>>,
    #[serde(default)]
    rules: BTreeMap<S<String>, BTreeMap<S<String>, S<toml::Value>>>,
    #[serde(default)]
    overrides: Vec<OverrideOptions>,
    policy: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct OverrideOptions {
    files: Vec<S<String>>,
    #[serde(rename = "type")]
    kind: Option<S<String>>,
    pipe_mode: Option<S<String>>,
    clients: Option<Vec<S<String>>>,
    everyone_includes_anonymous: Option<bool>,
    #[serde(default)]
    extend_select: Vec<S<String>>,
    #[serde(default)]
    ignore: Vec<S<String>>,
}

/// One configuration mistake, with where it is in the TOML text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// Lower-case, no trailing period.
    pub message: String,
    /// Byte range into the TOML text, when known.
    pub span: Option<Range<usize>>,
    pub help: Option<String>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {}

/// Every mistake found in a configuration (it is checked whole, not up to the first error).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid sddl-lint configuration ({} error{})", .0.len(), if .0.len() == 1 { "" } else { "s" })]
pub struct ConfigErrors(pub Vec<ConfigError>);

/// A TOML or schema error from `toml`/serde, with "did you mean" for an unknown key.
pub(crate) fn toml_error(e: &toml::de::Error) -> ConfigError {
    let message = e.message().trim_end_matches('.');
    let mut help = None;
    if let Some(rest) = message.strip_prefix("unknown field ") {
        // `unknown field `nmae`, expected one of `name`, `kind`` (serde's wording).
        let quoted: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
        if let Some((unknown, known)) = quoted.split_first() {
            help = known
                .iter()
                .map(|k| (k, strsim::jaro_winkler(k, unknown)))
                .filter(|(_, s)| *s >= 0.8)
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .map(|(k, _)| format!("did you mean `{k}`?"));
        }
    }
    ConfigError {
        message: lower_first(message),
        span: e.span(),
        help,
    }
}

/// An object type named in TOML (`type = "pipe"`), or an error naming the types.
pub(crate) fn kind(s: &S<String>, errors: &mut Vec<ConfigError>) -> Option<ObjectKind> {
    let found = ObjectKind::from_name(s.get_ref());
    if found.is_none() {
        let mut e = err(s, format!("unknown object type `{}`", s.get_ref()));
        let names: Vec<&str> = ObjectKind::ALL.iter().map(|k| k.name()).collect();
        e.help = Some(format!("expected one of {}", names.join(", ")));
        errors.push(e);
    }
    found
}

pub(crate) fn err<T>(s: &S<T>, message: impl Into<String>) -> ConfigError {
    ConfigError {
        message: message.into(),
        span: Some(s.span()),
        help: None,
    }
}

/// What a `select`/`ignore` entry names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selector {
    /// `ALL`.
    All,
    Category(Category),
    /// A code prefix (`SDDL0`).
    Prefix(String),
    /// One rule, by code.
    Rule(&'static str),
}

impl Selector {
    /// Parses a selector; errors say what was meant when it is close to something known.
    pub fn parse(text: &str) -> Result<Selector, (String, Option<String>)> {
        if text.eq_ignore_ascii_case("ALL") {
            return Ok(Selector::All);
        }
        if let Some(c) = Category::ALL.iter().find(|c| c.as_str() == text) {
            return Ok(Selector::Category(*c));
        }
        match codes::resolve(text) {
            Some(Resolved::Code(c)) | Some(Resolved::Redirected(_, c)) => {
                return Ok(Selector::Rule(c))
            }
            Some(Resolved::Removed(code, name, reason)) => {
                return Err((
                    format!("rule `{name}` ({code}) was removed"),
                    Some(reason.to_string()),
                ))
            }
            None => {}
        }
        let upper = text.to_ascii_uppercase();
        if upper.len() > codes::PREFIX.len()
            && upper.starts_with(codes::PREFIX)
            && upper[codes::PREFIX.len()..]
                .bytes()
                .all(|b| b.is_ascii_digit())
            && all_rules().iter().any(|r| r.code.starts_with(&upper))
        {
            return Ok(Selector::Prefix(upper));
        }
        if upper == codes::PREFIX {
            return Ok(Selector::Prefix(upper));
        }
        Err((
            format!("unknown rule, code or category `{text}`"),
            did_you_mean(text),
        ))
    }

    fn matches(&self, rule: &RuleMeta) -> bool {
        match self {
            Selector::All => true,
            Selector::Category(c) => rule.category == *c,
            Selector::Prefix(p) => rule.code.starts_with(p.as_str()),
            Selector::Rule(c) => rule.code == *c,
        }
    }

    fn specificity(&self) -> usize {
        match self {
            Selector::All => 0,
            Selector::Category(_) => 1,
            Selector::Prefix(p) => 1 + p.len(),
            Selector::Rule(_) => usize::MAX,
        }
    }
}

/// "did you mean" for a misspelt rule name, code or category.
fn did_you_mean(text: &str) -> Option<String> {
    let candidates = all_rules()
        .iter()
        .flat_map(|r| [r.name, r.code])
        .chain(Category::ALL.iter().map(|c| c.as_str()));
    let lower = text.to_ascii_lowercase();
    let (best, score) = candidates
        .map(|c| (c, strsim::jaro_winkler(&lower, &c.to_ascii_lowercase())))
        .max_by(|a, b| a.1.total_cmp(&b.1))?;
    (score >= 0.85).then(|| format!("did you mean `{best}`?"))
}

/// A rule option's resolved value.
#[derive(Clone, Debug, PartialEq, Eq)]
enum OptionValue {
    Sids(Vec<SidRef>),
    Windows(WindowsVersion),
}

/// The resolved options of one rule.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct RuleOptions {
    values: BTreeMap<&'static str, OptionValue>,
}

impl RuleOptions {
    pub(crate) fn sids(&self, name: &str) -> &[SidRef] {
        match self.values.get(name) {
            Some(OptionValue::Sids(s)) => s,
            _ => &[],
        }
    }

    pub(crate) fn windows(&self, name: &str) -> Option<WindowsVersion> {
        match self.values.get(name) {
            Some(OptionValue::Windows(v)) => Some(*v),
            _ => None,
        }
    }
}

/// Which rules run, at which severity, with which options.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Aligned with [`all_rules`].
    levels: Vec<Level>,
    options: Vec<Option<RuleOptions>>,
    /// The policies the `policy-*` rules check (none: those rules find nothing).
    policies: Vec<Arc<Policy>>,
}

impl Default for Settings {
    /// Every rule at its default level, with default options.
    fn default() -> Settings {
        Settings {
            levels: all_rules().iter().map(|r| r.default_level).collect(),
            options: vec![None; all_rules().len()],
            policies: Vec::new(),
        }
    }
}

fn index_of(rule: &RuleMeta) -> usize {
    all_rules()
        .iter()
        .position(|r| std::ptr::eq(*r, rule))
        .expect("rules come from the registry")
}

impl Settings {
    /// Only the given rules (codes or names), each at its default level (or its category's
    /// level when off by default). Panics on an unknown rule: for tests and tools.
    pub fn only(rules: &[&str]) -> Settings {
        let mut s = Settings {
            levels: vec![Level::Off; all_rules().len()],
            options: vec![None; all_rules().len()],
            policies: Vec::new(),
        };
        for key in rules {
            let rule = crate::rule_by_code(key)
                .or_else(|| crate::rule_by_name(key))
                .unwrap_or_else(|| panic!("unknown rule `{key}`"));
            s.levels[index_of(rule)] = enabled_level(rule);
        }
        s
    }

    /// Every rule on, rules that are off by default at their category's level.
    pub fn all() -> Settings {
        Settings {
            levels: all_rules().iter().map(|r| enabled_level(r)).collect(),
            options: vec![None; all_rules().len()],
            policies: Vec::new(),
        }
    }

    /// These settings checking the policies of `set` that apply to a file at `path` (every
    /// policy for an input without a path; see [`PolicySet::for_path`]).
    pub fn with_policies(mut self, set: &PolicySet, path: Option<&str>) -> Settings {
        self.policies = set.for_path(path);
        self
    }

    /// The policies the `policy-*` rules check.
    pub fn policies(&self) -> &[Arc<Policy>] {
        &self.policies
    }

    /// The level of a rule.
    pub fn level(&self, rule: &RuleMeta) -> Level {
        self.levels[index_of(rule)]
    }

    /// The severity of a rule's diagnostics, `None` when the rule is off.
    pub fn severity(&self, rule: &RuleMeta) -> Option<Severity> {
        self.level(rule).severity()
    }

    #[cfg(test)]
    pub(crate) fn options(&self, rule: &RuleMeta) -> Option<&RuleOptions> {
        self.options[index_of(rule)].as_ref()
    }

    /// The severity and options of the rule at `index` of [`all_rules`] (no search for it).
    pub(crate) fn at(&self, index: usize) -> (Option<Severity>, Option<&RuleOptions>) {
        (self.levels[index].severity(), self.options[index].as_ref())
    }
}

fn enabled_level(rule: &RuleMeta) -> Level {
    match rule.default_level {
        Level::Off => rule.category.enabled_level(),
        l => l,
    }
}

/// Context an override sets for the paths it matches.
#[derive(Clone, Debug, Default)]
struct ContextOverride {
    kind: Option<ObjectKind>,
    pipe_mode: Option<PipeMode>,
    clients: Option<Vec<Principal>>,
    everyone_includes_anonymous: Option<bool>,
}

#[derive(Clone, Debug)]
struct Override {
    files: Vec<String>,
    context: ContextOverride,
    extend_select: Vec<Selector>,
    ignore: Vec<Selector>,
}

/// A validated configuration.
#[derive(Clone, Debug)]
pub struct Config {
    select: Option<Vec<Selector>>,
    extend_select: Vec<Selector>,
    ignore: Vec<Selector>,
    /// `[rules.<name>] severity`, aligned with [`all_rules`].
    severity: Vec<Option<Level>>,
    options: Vec<Option<RuleOptions>>,
    overrides: Vec<Override>,
    /// Top-level `everyone-includes-anonymous`.
    pub everyone_includes_anonymous: Option<bool>,
    /// Top-level `domain-sid`.
    pub domain_sid: Option<Sid>,
    /// Things that work but should change (a retired code that was redirected).
    pub warnings: Vec<ConfigError>,
    /// `policy = "..."`: the policy file, as written (relative to the configuration file's
    /// directory), and where it is written in the TOML. The caller reads it and hands the
    /// parsed set back with [`Config::set_policies`].
    pub policy: Option<(String, Range<usize>)>,
    policies: Option<Arc<PolicySet>>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            select: None,
            extend_select: Vec::new(),
            ignore: Vec::new(),
            severity: vec![None; all_rules().len()],
            options: vec![None; all_rules().len()],
            overrides: Vec::new(),
            everyone_includes_anonymous: None,
            domain_sid: None,
            warnings: Vec::new(),
            policy: None,
            policies: None,
        }
    }
}

struct Resolver {
    errors: Vec<ConfigError>,
    warnings: Vec<ConfigError>,
}

impl Resolver {
    fn selectors(&mut self, list: &[S<String>]) -> Vec<Selector> {
        let mut out = Vec::new();
        for s in list {
            match Selector::parse(s.get_ref()) {
                Ok(sel) => {
                    if let Some(Resolved::Redirected(old, new)) = codes::resolve(s.get_ref()) {
                        let mut w = err(s, format!("`{}` ({old}) is now `{new}`", s.get_ref()));
                        w.help = Some(format!("write `{new}`"));
                        self.warnings.push(w);
                    }
                    out.push(sel)
                }
                Err((message, help)) => {
                    let mut e = err(s, message);
                    e.help = help;
                    self.errors.push(e);
                }
            }
        }
        out
    }

    fn principal(&mut self, s: &S<String>, domain: Option<&Sid>) -> Option<Principal> {
        match Principal::parse(s.get_ref(), domain) {
            Ok(p) => Some(p),
            Err(e) => {
                self.errors.push(err(s, e.to_string()));
                None
            }
        }
    }

    fn kind(&mut self, s: &S<String>) -> Option<ObjectKind> {
        kind(s, &mut self.errors)
    }

    fn rule_table(
        &mut self,
        rule: &'static RuleMeta,
        table: &BTreeMap<S<String>, S<toml::Value>>,
        domain: Option<&Sid>,
    ) -> (Option<Level>, RuleOptions) {
        let mut level = None;
        let mut opts = RuleOptions::default();
        for (key, value) in table {
            if key.get_ref() == "severity" {
                match value.get_ref().as_str().and_then(Level::from_name) {
                    Some(l) => level = Some(l),
                    None => {
                        let mut e = err(value, "invalid severity");
                        e.help = Some("expected `error`, `warning`, `info` or `off`".into());
                        self.errors.push(e);
                    }
                }
                continue;
            }
            let Some(decl) = rule.options.iter().find(|o| o.name == key.get_ref()) else {
                let mut e = err(
                    key,
                    format!("rule `{}` has no option `{}`", rule.name, key.get_ref()),
                );
                let known: Vec<&str> = std::iter::once("severity")
                    .chain(rule.options.iter().map(|o| o.name))
                    .collect();
                e.help = known
                    .iter()
                    .map(|k| (k, strsim::jaro_winkler(k, key.get_ref())))
                    .filter(|(_, s)| *s >= 0.85)
                    .max_by(|a, b| a.1.total_cmp(&b.1))
                    .map(|(k, _)| format!("did you mean `{k}`?"))
                    .or_else(|| Some(format!("options of this rule: {}", known.join(", "))));
                self.errors.push(e);
                continue;
            };
            match (decl.kind, value.get_ref()) {
                (OptionKind::SidList, toml::Value::Array(items)) => {
                    let mut sids = Vec::new();
                    for item in items {
                        match item.as_str().map(|t| Principal::parse(t, domain)) {
                            Some(Ok(p)) => sids.push(p.sid),
                            _ => self.errors.push(err(
                                value,
                                format!("`{}` takes a list of SIDs or aliases", decl.name),
                            )),
                        }
                    }
                    opts.values.insert(decl.name, OptionValue::Sids(sids));
                }
                (OptionKind::SidList, _) => self.errors.push(err(
                    value,
                    format!("`{}` takes a list of SIDs or aliases", decl.name),
                )),
                (OptionKind::WindowsVersion, v) => {
                    match v.as_str().and_then(WindowsVersion::parse) {
                        Some(w) => {
                            opts.values.insert(decl.name, OptionValue::Windows(w));
                        }
                        None => {
                            let mut e =
                                err(value, format!("`{}` takes a Windows version", decl.name));
                            e.help = Some(format!("expected one of {}", WindowsVersion::ACCEPTED));
                            self.errors.push(e);
                        }
                    }
                }
            }
        }
        (level, opts)
    }
}

impl Config {
    /// Parses and validates `sddl-lint.toml` text.
    pub fn parse(text: &str) -> Result<Config, ConfigErrors> {
        let options: Options =
            toml::from_str(text).map_err(|e| ConfigErrors(vec![toml_error(&e)]))?;
        let mut r = Resolver {
            errors: Vec::new(),
            warnings: Vec::new(),
        };
        let mut config = Config::default();
        if let Some(d) = &options.domain_sid {
            match Principal::parse(d.get_ref(), None)
                .ok()
                .and_then(|p| p.sid.sid().copied())
            {
                Some(s) if s.sub_authorities().first() == Some(&21) => config.domain_sid = Some(s),
                _ => r.errors.push(err(
                    d,
                    format!("`{}` is not a domain SID (`S-1-5-21-...`)", d.get_ref()),
                )),
            }
        }
        let domain = config.domain_sid;
        config.policy = options
            .policy
            .as_ref()
            .map(|p| (p.get_ref().clone(), p.span()));
        config.everyone_includes_anonymous = options.everyone_includes_anonymous;
        config.select = options.select.as_deref().map(|s| r.selectors(s));
        config.extend_select = r.selectors(&options.extend_select);
        config.ignore = r.selectors(&options.ignore);
        for (key, table) in &options.rules {
            let rule = match codes::resolve(key.get_ref()) {
                Some(Resolved::Code(c)) | Some(Resolved::Redirected(_, c)) => {
                    crate::rule_by_code(c).expect("active codes have rules")
                }
                Some(Resolved::Removed(code, name, reason)) => {
                    let mut e = err(key, format!("rule `{name}` ({code}) was removed"));
                    e.help = Some(reason.to_string());
                    r.errors.push(e);
                    continue;
                }
                None => {
                    let mut e = err(key, format!("unknown rule `{}`", key.get_ref()));
                    e.help = did_you_mean(key.get_ref());
                    r.errors.push(e);
                    continue;
                }
            };
            let (level, opts) = r.rule_table(rule, table, domain.as_ref());
            let i = index_of(rule);
            config.severity[i] = level;
            config.options[i] = Some(opts);
        }
        for o in &options.overrides {
            let mut files = Vec::new();
            for f in &o.files {
                match crate::glob::check(f.get_ref()) {
                    Ok(()) => files.push(f.get_ref().clone()),
                    Err(m) => r.errors.push(err(f, m)),
                }
            }
            let context = ContextOverride {
                kind: o.kind.as_ref().and_then(|k| r.kind(k)),
                pipe_mode: o
                    .pipe_mode
                    .as_ref()
                    .and_then(|m| match m.get_ref().parse() {
                        Ok(p) => Some(p),
                        Err(msg) => {
                            r.errors.push(err(m, msg));
                            None
                        }
                    }),
                clients: o.clients.as_ref().map(|cs| {
                    cs.iter()
                        .filter_map(|c| r.principal(c, domain.as_ref()))
                        .collect()
                }),
                everyone_includes_anonymous: o.everyone_includes_anonymous,
            };
            config.overrides.push(Override {
                files,
                context,
                extend_select: r.selectors(&o.extend_select),
                ignore: r.selectors(&o.ignore),
            });
        }
        config.warnings = r.warnings;
        if r.errors.is_empty() {
            Ok(config)
        } else {
            Err(ConfigErrors(r.errors))
        }
    }

    /// A selection from the command line on top of the file's: a non-empty `select` replaces
    /// the top-level `select` and `extend-select` (so only those rules run, unless an override
    /// extends them for its paths); `ignore` adds to the top-level `ignore`. The most specific
    /// selector still wins, `ignore` on a tie.
    pub fn apply_selection(&mut self, select: Vec<Selector>, ignore: Vec<Selector>) {
        if !select.is_empty() {
            self.select = Some(select);
            self.extend_select.clear();
        }
        self.ignore.extend(ignore);
    }

    /// Checks these policies (read from [`Config::policy`], or from a command-line flag,
    /// which replaces it): every [`Settings`] built from now on carries the ones that apply.
    pub fn set_policies(&mut self, set: PolicySet) {
        self.policies = Some(Arc::new(set));
    }

    /// The settings for inputs not tied to a path (command-line arguments, stdin).
    pub fn settings(&self) -> Settings {
        self.resolve(None)
    }

    /// The settings for a file at `path` (relative to the configuration's directory, `/` or
    /// `\` separated): the top level plus every override whose globs match.
    pub fn settings_for(&self, path: &str) -> Settings {
        self.resolve(Some(path))
    }

    /// Whether settings can differ from path to path (`[[overrides]]` sections or policies,
    /// which apply by path): when not, [`Config::settings_for`] gives [`Config::settings`] for
    /// every path, and a caller can resolve them once.
    pub fn settings_vary_by_path(&self) -> bool {
        !self.overrides.is_empty() || self.policies.is_some()
    }

    fn matching<'a>(&'a self, path: Option<&'a str>) -> impl Iterator<Item = &'a Override> {
        self.overrides.iter().filter(move |o| {
            path.is_some_and(|p| o.files.iter().any(|g| crate::glob::matches(g, p)))
        })
    }

    fn resolve(&self, path: Option<&str>) -> Settings {
        let rules = all_rules();
        let mut levels = Vec::with_capacity(rules.len());
        for (i, rule) in rules.iter().enumerate() {
            let mut decision = decide(
                rule,
                self.select.iter().flatten().chain(&self.extend_select),
                &self.ignore,
            );
            for o in self.matching(path) {
                if let Some(d) = decide(rule, o.extend_select.iter(), &o.ignore) {
                    decision = Some(d);
                }
            }
            let on = decision.unwrap_or(self.select.is_none() && rule.default_level != Level::Off);
            let ignored = decision == Some(false);
            let level = match (on, self.severity[i]) {
                (_, Some(Level::Off)) => Level::Off,
                (true, Some(l)) => l,
                (true, None) => enabled_level(rule),
                (false, Some(l)) if !ignored => l,
                (false, _) => Level::Off,
            };
            levels.push(level);
        }
        Settings {
            levels,
            options: self.options.clone(),
            policies: self
                .policies
                .as_ref()
                .map_or_else(Vec::new, |set| set.for_path(path)),
        }
    }

    /// `cx` with what the configuration says for `path` filled in where `cx` leaves it open
    /// (what the caller set, from command-line flags, wins).
    pub fn context_for(&self, path: Option<&str>, mut cx: LintContext) -> LintContext {
        let mut merged = ContextOverride {
            everyone_includes_anonymous: self.everyone_includes_anonymous,
            ..Default::default()
        };
        for o in self.matching(path) {
            let c = &o.context;
            merged.kind = c.kind.or(merged.kind);
            merged.pipe_mode = c.pipe_mode.or(merged.pipe_mode);
            if c.clients.is_some() {
                merged.clients = c.clients.clone();
            }
            merged.everyone_includes_anonymous = c
                .everyone_includes_anonymous
                .or(merged.everyone_includes_anonymous);
        }
        cx.kind = cx.kind.or(merged.kind);
        cx.pipe_mode = cx.pipe_mode.or(merged.pipe_mode);
        if cx.clients.is_empty() {
            cx.clients = merged.clients.unwrap_or_default();
        }
        cx.domain_sid = cx.domain_sid.or(self.domain_sid);
        if let Some(b) = merged.everyone_includes_anonymous {
            cx.everyone_includes_anonymous |= b;
        }
        cx
    }
}

/// The decision of the most specific matching selector (`true`: on), ignore winning ties.
fn decide<'a>(
    rule: &RuleMeta,
    select: impl Iterator<Item = &'a Selector>,
    ignore: &[Selector],
) -> Option<bool> {
    let best_on = select
        .filter(|s| s.matches(rule))
        .map(Selector::specificity)
        .max();
    let best_off = ignore
        .iter()
        .filter(|s| s.matches(rule))
        .map(Selector::specificity)
        .max();
    match (best_on, best_off) {
        (None, None) => None,
        (Some(_), None) => Some(true),
        (None, Some(_)) => Some(false),
        (Some(a), Some(b)) => Some(a > b),
    }
}

pub(crate) fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule_by_name;

    fn level(s: &Settings, name: &str) -> Level {
        s.level(rule_by_name(name).unwrap())
    }

    #[test]
    fn empty_config_is_the_defaults() {
        let c = Config::parse("").unwrap();
        assert_eq!(c.settings(), Settings::default());
    }

    #[test]
    fn select_ignore_and_specificity() {
        let c = Config::parse(
            r#"
            select = ["security"]
            extend-select = ["duplicate-ace"]
            ignore = ["SDDL00", "SDDL001"]
            "#,
        )
        .unwrap();
        let s = c.settings();
        // SDDL001: a code beats the category, and ignore wins the tie with nothing else.
        assert_eq!(level(&s, "everyone-full-control"), Level::Off);
        // SDDL003 is security but ignored by the longer prefix `SDDL00`.
        assert_eq!(level(&s, "null-dacl"), Level::Off);
        // SDDL010 is security, outside `SDDL00`.
        assert_eq!(
            level(&s, "service-config-writable-by-non-admin"),
            Level::Error
        );
        assert_eq!(level(&s, "duplicate-ace"), Level::Warning);
        // Not selected.
        assert_eq!(level(&s, "deny-after-allow"), Level::Off);
    }

    #[test]
    fn command_line_selection_replaces_select_and_adds_to_ignore() {
        let sel = |t: &str| Selector::parse(t).unwrap();
        let mut c = Config::parse(
            r#"
            select = ["security"]
            extend-select = ["duplicate-ace"]
            ignore = ["null-dacl"]
            "#,
        )
        .unwrap();
        c.apply_selection(vec![sel("SDDL001"), sel("null-dacl")], vec![sel("SDDL0")]);
        let s = c.settings();
        // Selected by code: more specific than the ignored prefix.
        assert_eq!(level(&s, "everyone-full-control"), Level::Error);
        // The file's ignore still holds on a tie with the command line's select.
        assert_eq!(level(&s, "null-dacl"), Level::Off);
        // `select` replaced the file's, and `extend-select` went with it.
        assert_eq!(level(&s, "duplicate-ace"), Level::Off);
        assert_eq!(
            level(&s, "service-config-writable-by-non-admin"),
            Level::Off
        );
        // An empty select keeps the file's; ignore adds to it.
        let mut c = Config::parse(r#"select = ["security"]"#).unwrap();
        c.apply_selection(Vec::new(), vec![sel("everyone-full-control")]);
        let s = c.settings();
        assert_eq!(level(&s, "everyone-full-control"), Level::Off);
        assert_eq!(level(&s, "null-dacl"), Level::Error);
    }

    #[test]
    fn severities_and_off_rules() {
        let c = Config::parse(
            r#"
            [rules.null-dacl]
            severity = "warning"
            [rules.SDDL032]
            severity = "info"
            [rules.duplicate-ace]
            severity = "off"
            "#,
        )
        .unwrap();
        let s = c.settings();
        assert_eq!(level(&s, "null-dacl"), Level::Warning);
        assert_eq!(level(&s, "unknown-object-guid"), Level::Info);
        assert_eq!(level(&s, "duplicate-ace"), Level::Off);
        // Off by default and selected: its category's level.
        let c = Config::parse(r#"extend-select = ["unknown-object-guid"]"#).unwrap();
        assert_eq!(level(&c.settings(), "unknown-object-guid"), Level::Warning);
    }

    /// A configuration without overrides or policies gives every path the same settings
    /// (what lets `sddl scan` resolve them once); with overrides it says so.
    #[test]
    fn settings_vary_by_path_only_with_overrides_or_policies() {
        let c = Config::parse(
            r#"
            extend-select = ["unknown-object-guid"]
            ignore = ["duplicate-ace"]
            "#,
        )
        .unwrap();
        assert!(!c.settings_vary_by_path());
        for path in ["a.c", "ipc/server.cs", "deep/x/y.ps1"] {
            assert_eq!(c.settings_for(path), c.settings());
        }
        let o =
            Config::parse("[[overrides]]\nfiles = [\"ipc/**\"]\nignore = [\"anonymous-access\"]\n")
                .unwrap();
        assert!(o.settings_vary_by_path());
        assert_ne!(o.settings_for("ipc/server.cs"), o.settings());
    }

    #[test]
    fn overrides_by_path() {
        let c = Config::parse(
            r#"
            [[overrides]]
            files = ["ipc/**"]
            type = "pipe"
            pipe-mode = "duplex"
            clients = ["NS", "S-1-5-19"]
            ignore = ["anonymous-access"]
            "#,
        )
        .unwrap();
        assert_eq!(level(&c.settings(), "anonymous-access"), Level::Warning);
        let s = c.settings_for("ipc/server.cs");
        assert_eq!(level(&s, "anonymous-access"), Level::Off);
        assert_eq!(
            level(&c.settings_for("web/app.cs"), "anonymous-access"),
            Level::Warning
        );
        let cx = c.context_for(Some("ipc/server.cs"), LintContext::default());
        assert_eq!(cx.kind, Some(ObjectKind::NamedPipe));
        assert_eq!(cx.pipe_mode, Some(PipeMode::Duplex));
        assert_eq!(cx.clients.len(), 2);
        // What the caller set wins.
        let given = LintContext {
            kind: Some(ObjectKind::File),
            ..Default::default()
        };
        assert_eq!(
            c.context_for(Some("ipc/x"), given).kind,
            Some(ObjectKind::File)
        );
        assert_eq!(
            c.context_for(Some("other"), LintContext::default()).kind,
            None
        );
    }

    #[test]
    fn options_are_typed() {
        let c = Config::parse(
            r#"
            [rules.hard-coded-domain-sid]
            allowed-domains = ["S-1-5-21-1-2-3"]
            "#,
        )
        .unwrap();
        let s = c.settings();
        let o = s
            .options(rule_by_name("hard-coded-domain-sid").unwrap())
            .unwrap();
        assert_eq!(o.sids("allowed-domains").len(), 1);

        let c = Config::parse("[rules.newer-than-target]\nmin-windows = \"Windows 7\"\n").unwrap();
        let s = c.settings();
        let o = s
            .options(rule_by_name("newer-than-target").unwrap())
            .unwrap();
        assert_eq!(o.windows("min-windows"), Some(WindowsVersion::Win7));
        assert_eq!(o.windows("other"), None);
        for bad in ["\"xp\"", "7"] {
            let text = format!("[rules.SDDL047]\nmin-windows = {bad}\n");
            let e = errors(&text);
            assert_eq!(e.len(), 1, "{bad}");
            assert_eq!(at(&text, &e[0]), bad);
            assert_eq!(e[0].message, "`min-windows` takes a Windows version");
            assert!(e[0].help.as_deref().unwrap().contains("2012r2"));
        }
    }

    fn errors(text: &str) -> Vec<ConfigError> {
        Config::parse(text).unwrap_err().0
    }

    fn at<'a>(text: &'a str, e: &ConfigError) -> &'a str {
        &text[e.span.clone().unwrap()]
    }

    #[test]
    fn errors_point_into_the_toml_and_suggest() {
        let text = "select = [\"everyone-full-contrl\", \"SDDL999\"]\n";
        let e = errors(text);
        assert_eq!(e.len(), 2);
        assert_eq!(at(text, &e[0]), "\"everyone-full-contrl\"");
        assert_eq!(
            e[0].help.as_deref(),
            Some("did you mean `everyone-full-control`?")
        );
        assert_eq!(e[1].message, "unknown rule, code or category `SDDL999`");

        let text = "selct = []\n";
        let e = errors(text);
        assert!(
            e[0].message.starts_with("unknown field `selct`"),
            "{}",
            e[0].message
        );
        assert_eq!(at(text, &e[0]), "selct");

        let text = "[rules.null-dacl]\nseverity = \"fatal\"\nallow = true\n";
        let e = errors(text);
        assert_eq!(e.len(), 2);
        assert_eq!(at(text, &e[0]), "allow");
        assert_eq!(e[0].message, "rule `null-dacl` has no option `allow`");
        assert_eq!(at(text, &e[1]), "\"fatal\"");

        let text = "[rules.nul-dacl]\n";
        let e = errors(text);
        assert_eq!(at(text, &e[0]), "nul-dacl");
        assert_eq!(e[0].help.as_deref(), Some("did you mean `null-dacl`?"));

        let text = "[[overrides]]\nfiles = [\"a/[ab]\"]\ntype = \"pipee\"\nclients = [\"nobody\"]\npipe-mode = \"both\"\n";
        let e = errors(text);
        let spans: Vec<&str> = e.iter().map(|e| at(text, e)).collect();
        assert_eq!(spans, ["\"a/[ab]\"", "\"pipee\"", "\"both\"", "\"nobody\""]);

        let text = "ignore = [\"SDDL039\", \"creator-owner-without-inherit-only\"]\n";
        let e = errors(text);
        assert_eq!(e.len(), 2);
        assert_eq!(
            e[0].message,
            "rule `creator-owner-without-inherit-only` (SDDL039) was removed"
        );
        assert!(e[1].help.as_deref().unwrap().contains("CREATOR OWNER"));

        let text = "domain-sid = \"S-1-5-32\"\n";
        assert_eq!(at(text, &errors(text)[0]), "\"S-1-5-32\"");
    }
}
