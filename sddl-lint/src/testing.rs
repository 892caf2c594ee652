//! Test support: run one rule over pass/fail vectors and render its diagnostics as plain text
//! for insta snapshots (the crate itself never renders).

use crate::registry::RuleMeta;
use crate::{lint, Diagnostic, LintContext, Settings};
use std::fmt::Write;

/// The example policy of the docs (`docs/examples/agent-pipe-policy.toml`): `NS` must get
/// `FILE_READ_DATA,FILE_WRITE_DATA` on a pipe; `WD` and `AN` must not get `WRITE_DAC` or
/// `WRITE_OWNER`.
pub(crate) const AGENT_PIPE_POLICY: &str =
    include_str!("../../docs/examples/agent-pipe-policy.toml");

/// Renders diagnostics as plain text: header, primary span with its text, labels, help, note,
/// fix and the fixed text.
pub(crate) fn render(source: &str, diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    let at = |s: sddl_core::Span| source.get(s.range()).unwrap_or("<out of range>");
    for d in diags {
        let _ = writeln!(out, "{}[{}] {}: {}", d.severity, d.code, d.name, d.message);
        let _ = writeln!(
            out,
            "  --> {}..{} `{}`",
            d.span.start,
            d.span.end,
            at(d.span)
        );
        for l in &d.labels {
            let _ = writeln!(
                out,
                "  label {}..{} `{}`: {}",
                l.span.start,
                l.span.end,
                at(l.span),
                l.text
            );
        }
        if let Some(h) = &d.help {
            let _ = writeln!(out, "  help: {h}");
        }
        if let Some(n) = &d.note {
            let _ = writeln!(out, "  note: {n}");
        }
        if let Some(f) = &d.fix {
            let _ = writeln!(out, "  fix ({}): {}", f.applicability.as_str(), f.title);
            let _ = writeln!(out, "    => {}", f.apply(source));
        }
    }
    out
}

/// The message conventions (rustc, clippy's `lint_message_convention`): lower-case start, no
/// trailing period, in messages, helps, notes, labels and fix titles.
fn check_conventions(d: &Diagnostic) {
    let texts = std::iter::once(&d.message)
        .chain(d.help.iter())
        .chain(d.note.iter())
        .chain(d.labels.iter().map(|l| &l.text))
        .chain(d.fix.iter().map(|f| &f.title));
    for t in texts {
        // A capitalised first word is wrong; an acronym (`SID`, `NULL`, `ACE`) is fine.
        let word: String = t.chars().take_while(|c| c.is_alphanumeric()).collect();
        let capitalised = word.chars().next().is_some_and(char::is_uppercase)
            && word.chars().skip(1).any(char::is_lowercase);
        assert!(!capitalised, "{}: text starts capitalised: {t}", d.code);
        assert!(
            !t.ends_with('.'),
            "{}: text ends with a period: {t}",
            d.code
        );
        assert!(!t.contains('\n'), "{}: multi-line text: {t}", d.code);
    }
    assert!(d.span.start <= d.span.end);
}

/// Lints `sddl` with only `rule` on, in the context given as `key=value` words, checking the
/// policies of `policy` (TOML) when given.
fn run_with(rule: &RuleMeta, context: &str, policy: Option<&str>, sddl: &str) -> Vec<Diagnostic> {
    let cx = LintContext::from_words(context).expect("test context");
    let parsed = sddl_core::parse(
        sddl,
        &sddl_core::ParseOptions {
            domain_sid: cx.domain_sid,
        },
    );
    assert!(
        parsed.errors.is_empty(),
        "test vector `{sddl}` does not parse: {:?}",
        parsed.errors
    );
    let mut settings = Settings::only(&[rule.code]);
    if let Some(text) = policy {
        let set = crate::PolicySet::parse(text).expect("test policy");
        settings = settings.with_policies(&set, None);
    }
    let diags = lint(&parsed.sd, sddl, &cx, &settings);
    for d in &diags {
        check_conventions(d);
        assert_eq!(d.code, rule.code);
        if let Some(f) = &d.fix {
            let fixed = f.apply(sddl);
            let reparsed = sddl_core::parse(&fixed, &Default::default());
            assert!(
                reparsed.errors.is_empty(),
                "fix of `{sddl}` gives invalid SDDL `{fixed}`"
            );
        }
    }
    diags
}

/// Checks that every `pass` vector gives no diagnostic and every `fail` vector at least one,
/// and returns the rendering of all `fail` diagnostics for a snapshot.
pub(crate) fn check(rule: &RuleMeta, context: &str, pass: &[&str], fail: &[&str]) -> String {
    check_with(rule, context, None, pass, fail)
}

/// [`check`] with the policies of `policy` (TOML) loaded.
pub(crate) fn check_policy(
    rule: &RuleMeta,
    context: &str,
    policy: &str,
    pass: &[&str],
    fail: &[&str],
) -> String {
    check_with(rule, context, Some(policy), pass, fail)
}

fn check_with(
    rule: &RuleMeta,
    context: &str,
    policy: Option<&str>,
    pass: &[&str],
    fail: &[&str],
) -> String {
    for p in pass {
        let d = run_with(rule, context, policy, p);
        assert!(
            d.is_empty(),
            "{}: expected no diagnostic for `{p}`, got:\n{}",
            rule.name,
            render(p, &d)
        );
    }
    let mut out = String::new();
    if !context.is_empty() {
        let _ = writeln!(out, "context: {context}\n");
    }
    for f in fail {
        let d = run_with(rule, context, policy, f);
        assert!(
            !d.is_empty(),
            "{}: expected a diagnostic for `{f}`",
            rule.name
        );
        let _ = writeln!(out, "{f}");
        out.push_str(&render(f, &d));
        out.push('\n');
    }
    out
}
