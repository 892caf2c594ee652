//! `sddl scan`, end to end with the built binary on a temporary directory.

mod common;

use common::{code, stdout};
use serde_json::Value;
use std::process::{Command, Output};

const SERVER_C: &str = r#"#include <windows.h>
void serve(void) {
    HANDLE h = CreateNamedPipeW(L"\\\\.\\pipe\\demo", PIPE_ACCESS_DUPLEX, 0, 1, 0, 0, 0, NULL);
    ConvertStringSecurityDescriptorToSecurityDescriptorW(L"D:(A;OICI;GA;;;WD)(A;OICI;GA;;;AN)", 1, &sd, NULL);
}
"#;

/// Runs `sddl scan ARGS` in `dir`, with `--no-config` unless ARGS name a configuration.
fn scan_in(dir: &std::path::Path, args: &[&str]) -> Output {
    let no_config = (!args.contains(&"--config")).then_some("--no-config");
    Command::new(env!("CARGO_BIN_EXE_sddl"))
        .arg("scan")
        .args(no_config)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .output()
        .expect("run sddl scan")
}

fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    std::fs::write(root.join("server.c"), SERVER_C).unwrap();
    std::fs::write(root.join(".gitignore"), "generated/\n").unwrap();
    std::fs::create_dir(root.join("generated")).unwrap();
    std::fs::write(root.join("generated/copy.c"), SERVER_C).unwrap();
    std::fs::write(
        root.join("notes.txt"),
        "Put the data on D: drive; see C:\\data.\n",
    )
    .unwrap();
    std::fs::write(root.join("blob.bin"), b"D:(A;;GA;;;WD)\0\0\0").unwrap();
    dir
}

#[test]
fn json_findings_have_file_positions_and_ignored_files_are_skipped() {
    let dir = tree();
    let out = scan_in(dir.path(), &["--format", "json"]);
    assert_eq!(code(&out), 1, "{}", common::stderr(&out));
    let all: Value = serde_json::from_str(stdout(&out)).expect("JSON array");
    let all = all.as_array().unwrap();
    assert!(all.iter().all(|f| f["path"] == "server.c"), "{all:#?}");
    let sddl001: Vec<&Value> = all.iter().filter(|f| f["code"] == "SDDL001").collect();
    assert_eq!(sddl001.len(), 2, "{all:#?}");
    // Line 4, the `GA` of the first ACE: column 70 (UTF-16, 1-based).
    assert_eq!(sddl001[0]["line"], 4);
    assert_eq!(sddl001[0]["column"], 70);
    assert_eq!(sddl001[0]["end_column"], 72);
    let start = sddl001[0]["start"].as_u64().unwrap() as usize;
    assert_eq!(&SERVER_C[start..start + 2], "GA");
    assert_eq!(sddl001[0]["sddl"], "D:(A;OICI;GA;;;WD)(A;OICI;GA;;;AN)");
    // The pipe context came from the code: OICI on a pipe is a leaf-object warning.
    assert!(all.iter().any(|f| f["code"] == "SDDL025"));
}

#[test]
fn github_sarif_text_and_exit_zero() {
    let dir = tree();
    let out = scan_in(dir.path(), &["--format", "github"]);
    assert!(
        stdout(&out).contains("::error file=server.c,line=4,col=70,endColumn=72,title=SDDL001 everyone-full-control::"),
        "{}",
        stdout(&out)
    );
    let out = scan_in(dir.path(), &["--format", "sarif", "--exit-zero"]);
    assert_eq!(code(&out), 0);
    let log: Value = serde_json::from_str(stdout(&out)).unwrap();
    let r = &log["runs"][0]["results"][1];
    assert_eq!(r["ruleId"], "SDDL001");
    let loc = &r["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "server.c");
    assert_eq!(loc["region"]["startLine"], 4);
    assert_eq!(loc["region"]["startColumn"], 70);
    let out = scan_in(dir.path(), &[]);
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).contains("server.c:4:70"), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("Found 4 findings"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn clean_tree_and_missing_path() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.py"),
        "SD = 'D:(A;;GA;;;SY)(A;;GA;;;BA)'\n",
    )
    .unwrap();
    let out = scan_in(dir.path(), &[]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    let out = scan_in(dir.path(), &["no-such-dir"]);
    assert_eq!(code(&out), 2);
}

#[test]
fn type_flag_and_suppressions_end_to_end() {
    let dir = tree();
    // As a directory, `OICI` is fine: no SDDL025, SDDL001 stays.
    let out = scan_in(dir.path(), &["--format", "json", "--type", "directory"]);
    let all: Value = serde_json::from_str(stdout(&out)).unwrap();
    let codes: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(!codes.contains(&"SDDL025"), "{codes:?}");
    assert!(codes.contains(&"SDDL001"), "{codes:?}");
    // A reasoned suppression silences SDDL001; an unused one is reported.
    let src = SERVER_C.replace(
        "    ConvertString",
        "    // sddl-lint: ignore[SDDL003] stale\n    // sddl-lint: ignore[SDDL001, SDDL025] demo pipe for the tests\n    ConvertString",
    );
    std::fs::write(dir.path().join("server.c"), src).unwrap();
    let out = scan_in(dir.path(), &["--format", "json"]);
    let all: Value = serde_json::from_str(stdout(&out)).unwrap();
    let got: Vec<(String, u64)> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    // Line 4 is the stale suppression (it would also be two lines above the literal, too far),
    // line 5 the reasoned one, the line before the literal on line 6.
    assert_eq!(got, [("SDDL042".to_string(), 4)], "{got:?}");
    assert_eq!(code(&out), 1);
}

/// The codes of a `--format json` run, in order.
fn codes_of(out: &Output) -> Vec<String> {
    let all: Value = serde_json::from_str(stdout(out)).expect("JSON array");
    all.as_array()
        .expect("array")
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn select_and_ignore_as_in_lint() {
    let dir = tree();
    let out = scan_in(dir.path(), &["--format", "json", "--select", "SDDL001"]);
    assert_eq!(codes_of(&out), ["SDDL001", "SDDL001"]);
    let out = scan_in(
        dir.path(),
        &["--format", "json", "--ignore", "everyone-full-control"],
    );
    let codes = codes_of(&out);
    assert!(!codes.is_empty() && !codes.contains(&"SDDL001".to_string()));
    // A configuration file's selection is replaced by --select, its errors drawn, exit 2.
    std::fs::write(dir.path().join("cfg.toml"), "select = [\"SDDL025\"]\n").unwrap();
    let out = scan_in(
        dir.path(),
        &[
            "--format", "json", "--config", "cfg.toml", "--select", "SDDL001",
        ],
    );
    assert_eq!(codes_of(&out), ["SDDL001", "SDDL001"]);
    let out = scan_in(dir.path(), &["--select", "everyone-full-contrl"]);
    assert_eq!(code(&out), 2);
    assert!(
        common::stderr(&out).contains("did you mean `everyone-full-control`?"),
        "{}",
        common::stderr(&out)
    );
}
