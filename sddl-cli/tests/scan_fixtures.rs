//! `sddl scan` over the fixture tree `tests/fixtures/scan`: snapshots of every output format, and
//! every reported position checked against the files' bytes without the scanner's help.

mod common;

use common::{code, stderr, stdout};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const FIXTURES: &str = "tests/fixtures/scan";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

/// `sddl scan FIXTURES` from the workspace root, so paths in the output are relative and stable.
fn scan(format: &str) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_sddl"))
        .args(["scan", "--no-config", "--format", format, FIXTURES])
        .current_dir(workspace())
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .output()
        .expect("run sddl scan");
    assert_eq!(code(&out), 1, "{format}: {}", stderr(&out));
    assert_eq!(stderr(&out), "", "{format}");
    out
}

fn json_findings() -> Vec<Value> {
    let v: Value = serde_json::from_str(stdout(&scan("json"))).expect("a JSON array");
    v.as_array().expect("a JSON array").clone()
}

#[test]
fn human() {
    insta::assert_snapshot!(stdout(&scan("text")));
}

#[test]
fn json() {
    let findings = Value::Array(json_findings());
    insta::assert_snapshot!(serde_json::to_string_pretty(&findings).unwrap());
}

#[test]
fn github() {
    insta::assert_snapshot!(stdout(&scan("github")));
}

#[test]
fn rdjson() {
    let v: Value = serde_json::from_str(stdout(&scan("rdjson"))).expect("rdjson is JSON");
    // As many diagnostics as findings, each at the same place as in `json` (rdjson counts
    // columns in UTF-8 bytes, `json` in UTF-16 units: the fixtures are ASCII where it matters).
    let diagnostics = v["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(diagnostics.len(), json_findings().len());
    insta::assert_snapshot!(serde_json::to_string_pretty(&v).unwrap());
}

#[test]
fn sarif() {
    let mut log: Value = serde_json::from_str(stdout(&scan("sarif"))).expect("SARIF is JSON");
    // The rule metadata is the rules' documentation (snapshotted elsewhere, and validated whole
    // by `.ci/validate-sarif.sh`); here only their ids, and no version number.
    let driver = &mut log["runs"][0]["tool"]["driver"];
    let ids: Vec<Value> = driver["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| r["id"].clone())
        .collect();
    assert!(ids.len() > 40);
    driver["rules"] = Value::Array(ids);
    driver["version"] = Value::String("[version]".into());
    insta::assert_snapshot!(serde_json::to_string_pretty(&log).unwrap());
}

#[test]
fn every_language_and_the_findings_that_must_and_must_not_be_there() {
    let findings = json_findings();
    let at = |path: &str, code: &str| -> Vec<u64> {
        findings
            .iter()
            .filter(|f| f["path"] == format!("{FIXTURES}/{path}") && f["code"] == code)
            .map(|f| f["line"].as_u64().unwrap())
            .collect()
    };
    // Everyone GA on a pipe, the NULL DACL, the service DACL AU may reconfigure, invalid SDDL.
    assert_eq!(at("dotnet/PipeHost.cs", "SDDL001"), [16]);
    assert_eq!(at("config/pipes.yaml", "SDDL003"), [10]);
    assert_eq!(at("install/setup.cmd", "SDDL010"), [13]);
    assert_eq!(at("native/broker.cpp", "SDDL010"), [21]);
    assert_eq!(at("java/RegistryAcl.java", "sddl::unclosed-ace"), [14]);
    // A C++ raw string, with the inline annotation making it a duplex pipe for NETWORK SERVICE.
    assert_eq!(at("native/broker.cpp", "SDDL002"), [8]);
    // Suppressions: the used ones (C# NULL DACL, JS kiosk pipe) silence, the unused and unknown
    // ones are reported.
    assert_eq!(at("dotnet/PipeHost.cs", "SDDL003"), [0u64; 0]);
    assert_eq!(at("dotnet/PipeHost.cs", "SDDL042"), [0u64; 0]);
    assert_eq!(at("web/legacy.js", "SDDL001"), [0u64; 0]);
    assert_eq!(at("install/setup.cmd", "SDDL042"), [9]);
    assert_eq!(at("python/agent_setup.py", "SDDL043"), [23]);
    // Placeholders (`%ls`, `{user.Value}`, `{0}`, f-string, `${sid}`, `$userSid`) hide nothing
    // else and produce nothing themselves.
    for f in &findings {
        let sddl = f["sddl"].as_str().unwrap();
        assert!(!sddl.contains(['%', '{', '$']), "{f}");
    }
    // Prose with `D:` is never a finding; every other file has one, but `legacy.js`, whose one
    // finding is suppressed.
    let paths: std::collections::BTreeSet<&str> = findings
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(!paths.iter().any(|p| p.contains("/docs/")), "{paths:?}");
    assert_eq!(paths.len(), 14, "{paths:?}");
}

/// The 0-based byte offset of 1-based `line` and UTF-16 `column`, counted here from the bytes.
fn offset_of(text: &str, line: u64, column: u64) -> usize {
    let mut start = 0;
    for _ in 1..line {
        start += text[start..].find('\n').expect("line exists") + 1;
    }
    let mut units = 1;
    let mut at = start;
    for c in text[start..].chars() {
        if units >= column {
            break;
        }
        units += c.len_utf16() as u64;
        at += c.len_utf8();
    }
    assert_eq!(
        units, column,
        "column {column} of line {line} is inside a character"
    );
    at
}

/// What a stretch of source text inside string literals says: backslash escapes decoded, and
/// from a closing quote to the next opening one (`" L"`, `" +\n  "`, `") TEXT("`) dropped.
fn unescape(written: &str) -> String {
    let mut out = String::new();
    let mut chars = written.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('x') => {
                    let hex: String = std::iter::from_fn(|| chars.next_if(char::is_ascii_hexdigit))
                        .take(2)
                        .collect();
                    out.push(char::from_u32(u32::from_str_radix(&hex, 16).unwrap()).unwrap());
                }
                Some(other) => out.push(other),
                None => out.push('\\'),
            },
            '"' | '\'' | '`' => {
                for d in chars.by_ref() {
                    if d == c {
                        break;
                    }
                }
            }
            _ => out.push(c),
        }
    }
    out
}

#[test]
fn positions_point_at_the_token_as_written() {
    let root = workspace();
    let findings = json_findings();
    let mut through_escape = 0;
    let mut across_pieces = 0;
    for f in &findings {
        let path = f["path"].as_str().unwrap();
        let text = std::fs::read_to_string(root.join(path)).unwrap();
        let n = |k: &str| f[k].as_u64().unwrap_or_else(|| panic!("{k} in {f}"));
        let start = offset_of(&text, n("line"), n("column"));
        let end = offset_of(&text, n("end_line"), n("end_column"));
        assert_eq!((start as u64, end as u64), (n("start"), n("end")), "{f}");
        assert!(start < end, "{f}");
        let written = &text[start..end];
        let code = f["code"].as_str().unwrap();
        if code == "SDDL042" || code == "SDDL043" {
            assert!(written.starts_with("sddl-lint: ignore["), "{written:?} {f}");
            continue;
        }
        // The token decodes to a piece of the decoded literal and of the SDDL that was linted
        // (the literal with placeholders replaced), and is a whole token there: rights, a
        // trustee, an ACE, `NO_ACCESS_CONTROL` or the `(` of an unclosed ACE.
        let token = unescape(written);
        let literal = f["literal"].as_str().unwrap();
        assert!(
            literal.contains(&token),
            "{token:?} not in {literal:?} ({f})"
        );
        let sddl = f["sddl"].as_str().unwrap();
        assert!(sddl.contains(&token), "{token:?} not in {sddl:?} ({f})");
        let whole = token == "("
            || token == "NO_ACCESS_CONTROL"
            || (token.starts_with('(') && token.ends_with(')') && token.matches(';').count() >= 5)
            || sddl.contains(&format!(";{token};"));
        assert!(whole, "{token:?} is not a token of {sddl:?}");
        through_escape += usize::from(written.contains('\\'));
        across_pieces += usize::from(written.contains('"'));
    }
    // The fixtures exercise both on purpose.
    assert!(through_escape >= 1 && across_pieces >= 1, "{findings:#?}");
}
