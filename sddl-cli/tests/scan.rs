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

/// A temporary directory holding `files` (path, text).
fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
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

#[test]
fn min_windows_as_in_lint_and_from_the_configuration() {
    let dir = dir_with(&[(
        "app.c",
        "void f(void) { ConvertStringSecurityDescriptorToSecurityDescriptorW(L\"D:(A;;GA;;;SY)(A;;GR;;;AC)\", 1, &sd, NULL); }\n",
    )]);
    let out = scan_in(dir.path(), &["--format", "json", "--select", "SDDL047"]);
    assert!(codes_of(&out).is_empty(), "{}", stdout(&out));
    let args = [
        "--format",
        "json",
        "--select",
        "SDDL047",
        "--min-windows",
        "7",
    ];
    assert_eq!(codes_of(&scan_in(dir.path(), &args)), ["SDDL047"]);
    // The rule's option in the configuration; the flag overrides it.
    std::fs::write(
        dir.path().join("cfg.toml"),
        "[rules.newer-than-target]\nmin-windows = \"2008r2\"\n",
    )
    .unwrap();
    let with_config = [
        "--format", "json", "--config", "cfg.toml", "--select", "SDDL047",
    ];
    assert_eq!(codes_of(&scan_in(dir.path(), &with_config)), ["SDDL047"]);
    let mut newer = with_config.to_vec();
    newer.extend(["--min-windows", "8"]);
    assert!(codes_of(&scan_in(dir.path(), &newer)).is_empty());
}

/// A tree with findings in several files and directories, and a clean literal.
fn wide_tree() -> tempfile::TempDir {
    let dir = tree();
    let root = dir.path();
    for d in ["b", "a/z", "a/b"] {
        std::fs::create_dir_all(root.join(d)).unwrap();
        for n in 0..4 {
            std::fs::write(
                root.join(d).join(format!("f{n}.py")),
                format!("# file {n}\nA = 'D:(A;;GA;;;WD)'\nB = \"D:(A;;GA;;;SY)(A;;GR;;;AN)(A;;GA;;;BG)\"\n"),
            )
            .unwrap();
        }
    }
    // Not ASCII before the literal: UTF-16 and UTF-8 columns differ.
    std::fs::write(
        root.join("b/é.ps1"),
        "# réglage\n$sd = 'D:(A;;GA;;;WD)' # é\n$ok = \"D:(A;;GA;;;SY)\"\n",
    )
    .unwrap();
    dir
}

#[test]
fn output_is_sorted_and_the_same_for_any_number_of_threads() {
    let dir = wide_tree();
    let one = scan_in(dir.path(), &["--format", "json", "--threads", "1"]);
    assert_eq!(code(&one), 1, "{}", common::stderr(&one));
    for threads in ["2", "4", "16"] {
        let many = scan_in(dir.path(), &["--format", "json", "--threads", threads]);
        assert_eq!(stdout(&one), stdout(&many), "--threads {threads}");
    }
    let default = scan_in(dir.path(), &["--format", "json"]);
    assert_eq!(stdout(&one), stdout(&default));
    let all: Value = serde_json::from_str(stdout(&one)).unwrap();
    let keys: Vec<(String, u64, u64, String)> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // By path (components: `a/b/...` before `a/z/...`), then line, column and code.
    let mut sorted = keys.clone();
    sorted.sort_by(|a, b| {
        (std::path::Path::new(&a.0), a.1, a.2, &a.3).cmp(&(
            std::path::Path::new(&b.0),
            b.1,
            b.2,
            &b.3,
        ))
    });
    assert_eq!(keys, sorted);
    let paths: Vec<&str> = keys.iter().map(|k| k.0.as_str()).collect();
    assert_eq!(paths.first(), Some(&"a/b/f0.py"));
    assert_eq!(paths.last(), Some(&"server.c"));
    assert!(scan_in(dir.path(), &["--threads", "0"]).status.code() == Some(2));
}

#[test]
fn json_literal_is_the_decoded_sddl() {
    let dir = dir_with(&[(
        "s.c",
        "x = L\"D:P\" L\"(A;;GA;;;\\127D)\";\ny = \"D:(A;;GA;;;%s)(A;;GA;;;AN)\";\n",
    )]);
    let out = scan_in(dir.path(), &["--format", "json", "--select", "SDDL001"]);
    let all: Value = serde_json::from_str(stdout(&out)).unwrap();
    let got: Vec<(&str, &str)> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["literal"].as_str().unwrap(), f["sddl"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            ("D:P(A;;GA;;;WD)", "D:P(A;;GA;;;WD)"),
            ("D:(A;;GA;;;%s)(A;;GA;;;AN)", "D:(A;;GA;;;SY)(A;;GA;;;AN)"),
        ]
    );
    assert!(all[0]["fingerprint"].as_str().unwrap().len() == 16);
}

#[test]
fn rdjson_is_a_reviewdog_diagnostic_result() {
    let dir = wide_tree();
    let out = scan_in(
        dir.path(),
        &[
            "--format", "rdjson", "--select", "SDDL001", "b/é.ps1", "b/f0.py",
        ],
    );
    assert_eq!(code(&out), 1, "{}", common::stderr(&out));
    let doc: Value = serde_json::from_str(stdout(&out)).unwrap();
    assert_eq!(doc["source"]["name"], "sddl");
    assert_eq!(doc["severity"], "ERROR");
    let d = &doc["diagnostics"];
    // `$sd = 'D:(A;;GA;;;WD)' # é` on line 2: `GA` after 13 bytes (the `é` of line 1 and
    // the one after it do not count).
    let in_ps1: Vec<&Value> = d
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["location"]["path"] == "b/é.ps1")
        .collect();
    assert_eq!(in_ps1.len(), 1);
    assert_eq!(
        in_ps1[0]["location"]["range"]["start"],
        serde_json::json!({"line": 2, "column": 14})
    );
    assert_eq!(in_ps1[0]["code"]["value"], "SDDL001");
    assert!(in_ps1[0]["code"]["url"]
        .as_str()
        .unwrap()
        .contains("everyone-full-control"));
    insta::assert_snapshot!(stdout(&out));
    // No findings: no overall severity, an empty list.
    let out = scan_in(
        dir.path(),
        &["--format", "rdjson", "--select", "SDDL030", "b/"],
    );
    assert_eq!(code(&out), 0);
    let doc: Value = serde_json::from_str(stdout(&out)).unwrap();
    assert_eq!(doc["diagnostics"], serde_json::json!([]));
    assert!(doc.get("severity").is_none());
}

#[test]
fn rdjson_columns_are_utf8_bytes_where_sarif_counts_utf16() {
    let dir = dir_with(&[("x.py", "é𝄞 = 'D:(A;;GA;;;WD)'\n")]);
    let rd = scan_in(dir.path(), &["--format", "rdjson", "--select", "SDDL001"]);
    let doc: Value = serde_json::from_str(stdout(&rd)).unwrap();
    // `é` is 2 bytes and `𝄞` 4, then ` = 'D:(A;;`: `GA` starts after 16 bytes.
    assert_eq!(
        doc["diagnostics"][0]["location"]["range"]["start"]["column"],
        17
    );
    assert_eq!(
        doc["diagnostics"][0]["location"]["range"]["end"]["column"],
        19
    );
    let json = scan_in(dir.path(), &["--format", "json", "--select", "SDDL001"]);
    let all: Value = serde_json::from_str(stdout(&json)).unwrap();
    // `é` is 1 UTF-16 unit and `𝄞` 2: 13 units before `GA`.
    assert_eq!(all[0]["column"], 14);
}

#[test]
fn inventory_lists_every_literal_with_its_context() {
    let dir = tree();
    let root = dir.path();
    std::fs::write(
        root.join("reg.ps1"),
        "# sddl-lint: type=registry\n$k = 'D:(A;;KA;;;SY)'\n$t = \"D:(A;;GA;;;SY)(A;;GR;;;{0})\"\n",
    )
    .unwrap();
    let out = scan_in(root, &["--inventory", "--format", "json"]);
    assert_eq!(code(&out), 0, "{}", common::stderr(&out));
    let all: Value = serde_json::from_str(stdout(&out)).unwrap();
    assert_eq!(all.as_array().unwrap().len(), 3, "{all:#}");
    assert_eq!(
        all[2],
        serde_json::json!({
            "path": "server.c", "line": 4, "column": 58,
            "literal": "D:(A;OICI;GA;;;WD)(A;OICI;GA;;;AN)",
            "kind": "pipe", "pipe_mode": "duplex", "context": "code", "evidence": "CreateNamedPipe"
        })
    );
    // The clean one is listed too; a placeholder stays as written.
    assert_eq!(all[1]["literal"], "D:(A;;GA;;;SY)(A;;GR;;;{0})");
    assert_eq!(all[1]["kind"], Value::Null);
    assert_eq!(all[1]["context"], Value::Null);
    insta::assert_snapshot!("inventory_json", stdout(&out));
    let out = scan_in(root, &["--inventory", "--type", "file"]);
    assert_eq!(code(&out), 0);
    insta::assert_snapshot!("inventory_human", stdout(&out));
    let out = scan_in(root, &["--inventory", "--format", "sarif"]);
    assert_eq!(code(&out), 2);
    assert!(common::stderr(&out).contains("--inventory"));
}

/// Runs git in `dir` with a fixed identity and no user or system configuration.
fn git(dir: &std::path::Path, args: &[&str]) {
    let out = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.invalid"])
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// (path, line, code) of a `--format json` run.
fn placed(out: &Output) -> Vec<(String, u64, String)> {
    let all: Value = serde_json::from_str(stdout(out))
        .unwrap_or_else(|e| panic!("{e}: {} {}", stdout(out), common::stderr(out)));
    all.as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn diff_reports_only_changed_lines_and_untracked_files() {
    let before = "A = 'D:(A;;GA;;;WD)'\nB = 'D:(A;;GA;;;SY)'\nC = 'D:(A;;GA;;;AN)'\n";
    let dir = dir_with(&[("src/app.py", before), ("old.py", "X = 'D:(A;;GA;;;WD)'\n")]);
    let root = dir.path();
    git(root, &["init", "-q"]);
    git(root, &["add", "."]);
    git(root, &["commit", "-qm", "base"]);
    // Line 2 now grants Everyone; lines 1 and 3 keep their (old) findings.
    std::fs::write(
        root.join("src/app.py"),
        before.replace("B = 'D:(A;;GA;;;SY)'", "B = 'D:(A;;GA;;;WD)'"),
    )
    .unwrap();
    std::fs::write(root.join("src/new.py"), "\nN = 'D:(A;;GA;;;BG)'\n").unwrap();
    let args = ["--format", "json", "--select", "SDDL001", "--diff", "HEAD"];
    let out = scan_in(root, &args);
    assert_eq!(
        placed(&out),
        [
            ("src/app.py".to_string(), 2, "SDDL001".to_string()),
            ("src/new.py".to_string(), 2, "SDDL001".to_string()),
        ]
    );
    assert_eq!(code(&out), 1);
    assert!(
        common::stderr(&out).contains("3 findings on lines not changed since HEAD not reported"),
        "{}",
        common::stderr(&out)
    );
    // From inside a subdirectory, scanning it: paths map to the repository's root.
    let sub = root.join("src");
    let out = scan_in(
        &sub,
        &[
            "--format",
            "json",
            "--select",
            "SDDL001",
            "--changed-since",
            "HEAD",
            ".",
        ],
    );
    assert_eq!(
        placed(&out),
        [
            ("app.py".to_string(), 2, "SDDL001".to_string()),
            ("new.py".to_string(), 2, "SDDL001".to_string()),
        ]
    );
    // Committed: nothing changed since HEAD, everything since the base.
    git(root, &["add", "."]);
    git(root, &["commit", "-qm", "change"]);
    let out = scan_in(root, &args);
    assert_eq!(placed(&out), []);
    assert_eq!(code(&out), 0);
    let out = scan_in(
        root,
        &[
            "--format", "json", "--select", "SDDL001", "--diff", "HEAD~1",
        ],
    );
    assert_eq!(placed(&out).len(), 2);
    // Inventory: only literals on changed lines.
    let out = scan_in(
        root,
        &["--inventory", "--format", "json", "--diff", "HEAD~1"],
    );
    let all: Value = serde_json::from_str(stdout(&out)).unwrap();
    assert_eq!(all.as_array().unwrap().len(), 2, "{all:#}");
}

#[test]
fn diff_errors_are_usage_errors() {
    let dir = dir_with(&[("a.py", "A = 'D:(A;;GA;;;WD)'\n")]);
    // Not in a git repository (a temporary directory outside any).
    let out = scan_in(dir.path(), &["--diff", "HEAD"]);
    assert_eq!(code(&out), 2);
    assert!(
        common::stderr(&out).contains("is not in a git repository"),
        "{}",
        common::stderr(&out)
    );
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-qm", "base"]);
    for rev in ["no-such-branch", "--output=x"] {
        let flag = format!("--diff={rev}");
        let out = scan_in(dir.path(), &[&flag]);
        assert_eq!(code(&out), 2, "{rev}");
        assert!(
            common::stderr(&out).contains(rev),
            "{}",
            common::stderr(&out)
        );
        assert_eq!(stdout(&out), "");
    }
    assert!(!dir.path().join("x").exists());
}

#[test]
fn baseline_accepts_known_findings_when_lines_move_but_not_new_ones() {
    let src = "A = 'D:(A;;GA;;;WD)'\nB = 'D:(A;;GA;;;AN)'\n";
    let dir = dir_with(&[("app.py", src), ("ci/README", "baselines\n")]);
    let root = dir.path();
    let out = scan_in(root, &["--write-baseline", "ci/baseline.json"]);
    assert_eq!(code(&out), 0, "{}", common::stderr(&out));
    assert_eq!(stdout(&out), "");
    let file: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("ci/baseline.json")).unwrap())
            .unwrap();
    assert_eq!(file["version"], 1);
    let entries = file["findings"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    // Relative to the baseline's directory.
    assert_eq!(entries[0]["path"], "../app.py");
    assert_eq!(entries[0]["code"], "SDDL001");
    assert_eq!(entries[0]["line"], 1);
    // Everything accepted; the summary says so.
    let out = scan_in(root, &["--baseline", "ci/baseline.json"]);
    assert_eq!(code(&out), 0);
    assert!(
        stdout(&out).contains("All checks passed: no findings.\n2 findings accepted by the baseline ci/baseline.json not reported."),
        "{}",
        stdout(&out)
    );
    // Lines move, and from another directory: still accepted.
    std::fs::write(root.join("app.py"), format!("\n\n# moved\n{src}")).unwrap();
    let out = scan_in(
        &root.join("ci"),
        &["--format", "json", "--baseline", "baseline.json", ".."],
    );
    assert_eq!(placed(&out), []);
    assert_eq!(code(&out), 0);
    // A changed literal and a second copy of an accepted one are new.
    std::fs::write(
        root.join("app.py"),
        format!("{src}C = 'D:(A;;GA;;;WD)'\nB = 'D:(A;;GA;;;AN)(A;;GR;;;SY)'\n"),
    )
    .unwrap();
    let out = scan_in(
        root,
        &["--format", "json", "--baseline", "ci/baseline.json"],
    );
    assert_eq!(
        placed(&out),
        [
            ("app.py".to_string(), 3, "SDDL001".to_string()),
            ("app.py".to_string(), 4, "SDDL001".to_string()),
        ]
    );
    assert_eq!(code(&out), 1);
    assert!(common::stderr(&out).contains("2 findings accepted by the baseline"));
    // A fixed finding leaves an unused entry, which the summary points out.
    std::fs::write(root.join("app.py"), "A = 'D:(A;;GA;;;WD)'\n").unwrap();
    let out = scan_in(root, &["--baseline", "ci/baseline.json"]);
    assert!(
        stdout(&out).contains("1 baseline entry matched no finding"),
        "{}",
        stdout(&out)
    );
    // A file that is not a baseline is a usage error.
    std::fs::write(
        root.join("ci/bad.json"),
        "{\"version\": 7, \"findings\": []}",
    )
    .unwrap();
    let out = scan_in(root, &["--baseline", "ci/bad.json"]);
    assert_eq!(code(&out), 2);
    assert!(
        common::stderr(&out).contains("version 7"),
        "{}",
        common::stderr(&out)
    );
    let out = scan_in(root, &["--baseline", "ci/missing.json"]);
    assert_eq!(code(&out), 2);
}
