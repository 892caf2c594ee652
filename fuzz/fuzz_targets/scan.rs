//! `sddl scan`'s pure part: arbitrary bytes as a source file with any extension scan knows
//! (the first line names it) are extracted, linted and checked for suppressions without a
//! panic, and every finding (its span, its labels, its line and columns) is inside the file;
//! the fast extraction finds every SDDL literal lexing the whole file finds; scanning it again
//! with the lint memo the first scan filled gives the same findings.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sddl_core::Span;
use sddl_lint::scan::{
    extraction_agrees, scan_source, scan_source_with, FindingKind, Language, LineIndex, LintMemo,
};
use sddl_lint::{LintContext, Settings};

const EXTENSIONS: &[&str] = &[
    "c", "cpp", "h", "cs", "java", "kt", "js", "ts", "json", "go", "rs", "py", "ps1", "cmd", "bat",
    "inf", "xml", "wxs", "yaml", "yml", "txt", "md",
];

fn inside(text: &str, s: Span) {
    assert!(s.start <= s.end && s.end as usize <= text.len(), "{s:?}");
    assert!(text.is_char_boundary(s.start as usize) && text.is_char_boundary(s.end as usize));
}

fuzz_target!(|data: &[u8]| {
    let data = String::from_utf8_lossy(data);
    let (first, text) = data.split_once('\n').unwrap_or(("", &data));
    let ext = if EXTENSIONS.contains(&first) {
        first
    } else {
        EXTENSIONS[first.len() % EXTENSIONS.len()]
    };
    let language = Language::from_path(&format!("fuzz.{ext}"));
    // The fast extraction (lexing only the lines that matter) finds what lexing it all finds.
    if let Err(e) = extraction_agrees(text, language) {
        panic!("{language:?}: {e}");
    }
    let (cx, settings) = (LintContext::default(), Settings::default());
    let mut memo = LintMemo::default();
    let lines = LineIndex::new(text);
    let findings = scan_source_with(text, language, &cx, &settings, &mut memo, &lines);
    // An index of another string (an equal copy) is not used.
    let copy = text.to_string();
    assert_eq!(
        scan_source_with(
            text,
            language,
            &cx,
            &settings,
            &mut memo,
            &LineIndex::new(&copy)
        ),
        findings
    );
    assert_eq!(scan_source(text, language, &cx, &settings), findings);
    for f in &findings {
        inside(text, f.span);
        if let FindingKind::Lint(d) = &f.kind {
            for l in &d.labels {
                inside(text, l.span);
            }
        }
        let before = &text[..f.span.start as usize];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        assert_eq!(f.line, before.matches('\n').count() + 1);
        assert_eq!(f.column, before[line_start..].chars().count() + 1);
        assert_eq!(
            f.column_utf16,
            before[line_start..].encode_utf16().count() + 1
        );
    }
});
