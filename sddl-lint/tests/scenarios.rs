//! The two mistakes this crate exists for, end to end with the default settings: a named pipe
//! whose DACL leaves its `NETWORK SERVICE` client with read access only, and the "fix" that
//! gives Everyone and Anonymous full control.

use sddl_lint::{lint_report, Config, Diagnostic, KindSource, LintContext, Settings};
use std::fmt::Write;

fn render(source: &str, diags: &[Diagnostic]) -> String {
    let mut out = format!("{source}\n");
    for d in diags {
        let _ = writeln!(
            out,
            "{}[{}] {} at {}..{} `{}`: {}",
            d.severity,
            d.code,
            d.name,
            d.span.start,
            d.span.end,
            &source[d.span.range()],
            d.message
        );
        if let Some(f) = &d.fix {
            let _ = writeln!(
                out,
                "    fix ({}): {}",
                f.applicability.as_str(),
                f.apply(source)
            );
        }
    }
    out
}

fn run(source: &str, cx: &LintContext, settings: &Settings) -> (String, KindSource) {
    let parsed = sddl_core::parse(source, &Default::default());
    assert!(parsed.errors.is_empty());
    let report = lint_report(&parsed.sd, source, cx, settings);
    (render(source, &report.diagnostics), report.kind)
}

fn pipe_context() -> LintContext {
    LintContext::from_words("type=pipe pipe-mode=duplex client=NS").unwrap()
}

#[test]
fn default_pipe_dacl_leaves_the_client_read_only() {
    // What Windows gives a pipe created without a descriptor: full control to SYSTEM,
    // administrators and the creator, read to Everyone and Anonymous.
    let (out, kind) = run(
        "D:(A;;GA;;;SY)(A;;GA;;;BA)(A;;GA;;;CO)(A;;GR;;;WD)(A;;GR;;;AN)",
        &pipe_context(),
        &Settings::default(),
    );
    assert_eq!(
        kind,
        KindSource::Given(sddl_core::objects::ObjectKind::NamedPipe)
    );
    assert!(out.contains("SDDL002"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn the_everyone_full_control_fix_is_caught() {
    let (out, _) = run(
        "D:(A;OICI;GA;;;WD)(A;OICI;GA;;;AN)",
        &pipe_context(),
        &Settings::default(),
    );
    assert_eq!(out.matches("SDDL001").count(), 2, "{out}");
    assert!(
        !out.contains("SDDL002"),
        "the client can connect now: {out}"
    );
    insta::assert_snapshot!(out);
}

#[test]
fn least_privilege_pipe_dacl_is_clean() {
    let (out, _) = run(
        "D:(A;;GA;;;SY)(A;;GA;;;BA)(A;;0x12019b;;;NS)",
        &pipe_context(),
        &Settings::default(),
    );
    assert_eq!(out.lines().count(), 1, "{out}");
}

#[test]
fn config_supplies_the_context_by_path() {
    let config = Config::parse(
        r#"
        ignore = ["style"]
        [[overrides]]
        files = ["src/ipc/**"]
        type = "pipe"
        pipe-mode = "duplex"
        clients = ["NS"]
        "#,
    )
    .unwrap();
    let source = "D:(A;;GA;;;SY)(A;;GR;;;WD)";
    let path = "src/ipc/server.cs";
    let cx = config.context_for(Some(path), LintContext::default());
    let (out, kind) = run(source, &cx, &config.settings_for(path));
    assert!(matches!(kind, KindSource::Given(_)));
    assert!(out.contains("SDDL002"), "{out}");
    // Elsewhere, no pipe context: the kind is guessed and no client is judged.
    let cx = config.context_for(Some("src/web/app.cs"), LintContext::default());
    let (out, kind) = run(source, &cx, &config.settings_for("src/web/app.cs"));
    assert!(!out.contains("SDDL002"), "{out}");
    assert!(matches!(kind, KindSource::Guessed(_) | KindSource::Unknown));
}
