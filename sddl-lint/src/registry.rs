//! Rule metadata, the `declare_rule!` macro, and what a rule sees when it runs.

use crate::config::RuleOptions;
use crate::context::{KindSource, LintContext};
use crate::diagnostic::{Diagnostic, Label, Level, Severity};
use sddl_core::model::{Ace, Acl};
use sddl_core::objects::{Confidence, ObjectKind, GENERIC_BITS};
use sddl_core::rights::ACCESS_SYSTEM_SECURITY;
use sddl_core::{SecurityDescriptor, Span};
use std::fmt;

/// What a rule is about. The category sets the usual default level (security and correctness:
/// error or warning; suspicious: warning; portability and style: info).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// Someone gets access they should not have.
    Security,
    /// The descriptor does not do what it was written to do.
    Correctness,
    /// Probably a mistake: does nothing, or something unusual.
    Suspicious,
    /// Means something else, or nothing, on another machine or domain.
    Portability,
    /// Correct, but clearer written another way.
    Style,
}

impl Category {
    pub const ALL: [Category; 5] = [
        Category::Security,
        Category::Correctness,
        Category::Suspicious,
        Category::Portability,
        Category::Style,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Security => "security",
            Category::Correctness => "correctness",
            Category::Suspicious => "suspicious",
            Category::Portability => "portability",
            Category::Style => "style",
        }
    }

    /// The level a rule of this category gets when it is off by default and a configuration
    /// turns it on without saying at which severity.
    pub fn enabled_level(self) -> Level {
        match self {
            Category::Security | Category::Correctness | Category::Suspicious => Level::Warning,
            Category::Portability | Category::Style => Level::Info,
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a rule's diagnostics carry a [`crate::Fix`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixAvailability {
    None,
    Sometimes,
    Always,
}

impl FixAvailability {
    pub fn as_str(self) -> &'static str {
        match self {
            FixAvailability::None => "none",
            FixAvailability::Sometimes => "sometimes",
            FixAvailability::Always => "always",
        }
    }
}

/// The type of a rule option.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptionKind {
    /// A list of SIDs (`S-1-...`) or aliases.
    SidList,
    /// A Windows version (`"7"`, `"2012r2"`, `"10"`; see `sddl_core::versions`).
    WindowsVersion,
}

/// One option a rule accepts in `[rules.<name>]`.
#[derive(Clone, Copy, Debug)]
pub struct OptionDecl {
    pub name: &'static str,
    pub kind: OptionKind,
    /// The default, as TOML.
    pub default: &'static str,
    pub doc: &'static str,
}

/// Everything known about a rule.
pub struct RuleMeta {
    /// The stable code from `codes.rs`.
    pub code: &'static str,
    /// kebab-case; reads as "allow `<name>`".
    pub name: &'static str,
    pub category: Category,
    pub default_level: Level,
    pub fix: FixAvailability,
    /// The documentation, Markdown, as written in the rule's doc comment (each line keeps the
    /// single leading space of `/// `; see [`RuleMeta::docs`]).
    pub raw_docs: &'static str,
    pub options: &'static [OptionDecl],
    /// The rule's source file, for "view source" links.
    pub file: &'static str,
    pub line: u32,
    pub(crate) check: fn(&RuleContext<'_>, &mut Vec<Diagnostic>),
}

impl fmt::Debug for RuleMeta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RuleMeta")
            .field("code", &self.code)
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

impl RuleMeta {
    /// The documentation as Markdown.
    pub fn docs(&self) -> String {
        let mut out = String::with_capacity(self.raw_docs.len());
        for line in self.raw_docs.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out
    }

    /// The first paragraph of `## What it does`, on one line.
    pub fn summary(&self) -> String {
        let docs = self.docs();
        let mut lines = docs
            .lines()
            .skip_while(|l| !l.starts_with("## What it does"))
            .skip(1)
            .skip_while(|l| l.trim().is_empty())
            .take_while(|l| !l.trim().is_empty());
        let mut s = String::new();
        for l in lines.by_ref() {
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(l.trim());
        }
        s
    }

    /// The rule's anchor on the rules page.
    pub fn url(&self) -> String {
        format!(
            "{}#{}-{}",
            crate::RULES_PAGE_URL,
            self.name,
            self.code.to_ascii_lowercase()
        )
    }
}

/// Declares a rule: `pub(crate) static RULE: RuleMeta` with its code from `codes.rs`.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        name: $name:literal,
        category: $cat:ident,
        level: $level:ident,
        fix: $fix:ident,
        $(options: $opts:expr,)?
        check: $check:path $(,)?
    ) => {
        pub(crate) static RULE: $crate::registry::RuleMeta = $crate::registry::RuleMeta {
            code: $crate::codes::code_for($name),
            name: $name,
            category: $crate::registry::Category::$cat,
            default_level: $crate::diagnostic::Level::$level,
            fix: $crate::registry::FixAvailability::$fix,
            raw_docs: concat!($($doc, "\n"),*),
            options: declare_rule!(@options $($opts)?),
            file: file!(),
            line: line!(),
            check: $check,
        };
    };
    (@options) => { &[] };
    (@options $opts:expr) => { $opts };
}
pub(crate) use declare_rule;

/// Every rule, in code order.
pub fn all_rules() -> &'static [&'static RuleMeta] {
    crate::rules::RULES
}

/// The active rule with this code (`SDDL001`), case-insensitively.
pub fn rule_by_code(code: &str) -> Option<&'static RuleMeta> {
    all_rules()
        .iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(code))
}

/// The active rule with this name.
pub fn rule_by_name(name: &str) -> Option<&'static RuleMeta> {
    all_rules().iter().copied().find(|r| r.name == name)
}

/// What a rule sees: the descriptor, its text, the context, and its own settings.
pub(crate) struct RuleContext<'a> {
    pub sd: &'a SecurityDescriptor,
    pub source: &'a str,
    pub cx: &'a LintContext,
    pub kind: &'a KindSource,
    pub rule: &'static RuleMeta,
    pub severity: Severity,
    pub options: Option<&'a RuleOptions>,
    /// The policies to check (from [`crate::Settings::policies`]).
    pub policies: &'a [std::sync::Arc<crate::policy::Policy>],
    /// What the rules of one lint run have worked out, shared between them.
    pub memo: &'a Memo,
}

/// Results several rules ask for, computed once per lint run: the access an ACE's trustee
/// gets from the ACEs up to it ([`crate::rules::granted_to_trustee`]) needs a token and an
/// access check per question, and up to eight rules ask it of the same ACE.
#[derive(Default)]
pub(crate) struct Memo {
    granted: std::cell::RefCell<Vec<(GrantKey, u32)>>,
}

/// The address of an ACL, an ACE index and the kind the ACE is judged for.
pub(crate) type GrantKey = (usize, usize, Option<ObjectKind>);

impl Memo {
    /// The memoised value for `key`, or `compute()`'s, remembered.
    pub fn granted(&self, key: GrantKey, compute: impl FnOnce() -> u32) -> u32 {
        if let Some(&(_, v)) = self.granted.borrow().iter().find(|(k, _)| *k == key) {
            return v;
        }
        let v = compute();
        self.granted.borrow_mut().push((key, v));
        v
    }
}

impl<'a> RuleContext<'a> {
    /// A diagnostic of this rule at `span`.
    pub fn diag(&self, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code: self.rule.code,
            name: self.rule.name,
            severity: self.severity,
            message: message.into(),
            span,
            labels: Vec::new(),
            help: None,
            note: None,
            fix: None,
            url: self.rule.url(),
        }
    }

    /// The source text of `span` (empty for detached or out-of-range spans).
    pub fn text(&self, span: Span) -> &'a str {
        self.source.get(span.range()).unwrap_or("")
    }

    /// The trustee as written, or as Windows would print it when the ACE was not parsed from
    /// this text.
    pub fn trustee(&self, ace: &Ace) -> String {
        let t = self.text(ace.spans.trustee);
        if !t.is_empty() {
            return t.to_string();
        }
        let mut s = String::new();
        sddl_core::format::write_sid_ref(
            &mut s,
            &ace.sid,
            &sddl_core::FormatOptions {
                domain_sid: self.cx.domain_sid,
            },
        );
        s
    }

    /// The rights as written.
    pub fn rights_text(&self, ace: &Ace) -> &'a str {
        self.text(ace.spans.rights)
    }

    /// A label on the trustee of `ace`.
    pub fn trustee_label(&self, ace: &Ace, text: impl Into<String>) -> Label {
        Label {
            span: ace.spans.trustee,
            text: text.into(),
        }
    }

    /// The object kind the rules judge for: given, implied by the pipe mode, or guessed with
    /// more than low confidence (a low-confidence guess is a tie between kinds, and rules then
    /// judge generic and standard rights only).
    pub fn kind(&self) -> Option<ObjectKind> {
        match self.kind {
            KindSource::Guessed(g) if g.confidence == Confidence::Low => None,
            k => k.kind(),
        }
    }

    /// The kind to judge one ACE for: [`RuleContext::kind`], except that a guessed kind is not
    /// used for an ACE whose mask has bits that kind does not define (the guess does not fit
    /// that ACE; it is then judged on generic and standard rights only).
    pub fn kind_for(&self, ace: &Ace) -> Option<ObjectKind> {
        let kind = self.kind()?;
        if self.known_kind().is_some() {
            return Some(kind);
        }
        let t = kind.table();
        let allowed = t.defined_bits() | t.reserved | GENERIC_BITS | ACCESS_SYSTEM_SECURITY;
        (ace.mask & !allowed == 0).then_some(kind)
    }

    /// The object kind only when the caller gave it (or the pipe mode implies it), not guessed.
    pub fn known_kind(&self) -> Option<ObjectKind> {
        self.kind.known()
    }

    /// The DACL, when present and not NULL.
    pub fn dacl(&self) -> Option<&'a Acl> {
        self.sd.dacl.as_ref().filter(|a| !a.null)
    }

    /// The SACL, when present and not NULL.
    pub fn sacl(&self) -> Option<&'a Acl> {
        self.sd.sacl.as_ref().filter(|a| !a.null)
    }

    /// Both ACLs' ACEs, DACL first.
    pub fn all_aces(&self) -> impl Iterator<Item = &'a Ace> {
        self.dacl()
            .into_iter()
            .chain(self.sacl())
            .flat_map(|a| a.aces.iter())
    }

    /// A Windows-version option of this rule, if set.
    pub fn option_windows(&self, name: &str) -> Option<sddl_core::versions::WindowsVersion> {
        self.options.and_then(|o| o.windows(name))
    }

    /// A SID-list option of this rule.
    pub fn option_sids(&self, name: &str) -> &'a [sddl_core::SidRef] {
        self.options.map(|o| o.sids(name)).unwrap_or(&[])
    }
}
