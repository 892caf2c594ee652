//! `sddl lint` and `sddl rules`, end to end with the built binary.
//!
//! Every run passes `--no-config` (so that a configuration file above the checkout cannot change
//! the results) except the configuration tests, which run in a temporary directory of their own.
//! Text output is snapshotted with `NO_COLOR=1` and `COLUMNS=100`; never edit a snapshot by
//! hand: run `INSTA_UPDATE=always cargo test -p sddl-cli --test lint` and review the diff.

mod common;

use common::{code, stderr, stdout};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const SEED: &str = "D:(A;OICI;GA;;;WD)(A;OICI;GA;;;AN)";
const DEFAULT_PIPE: &str = "D:(A;;GA;;;SY)(A;;GA;;;BA)(A;;GA;;;CO)(A;;GR;;;WD)(A;;GR;;;AN)";

fn lint(args: &[&str]) -> Output {
    lint_stdin(args, None)
}

fn lint_stdin(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut all = vec!["lint", "--no-config"];
    all.extend_from_slice(args);
    common::run_env(&all, &[("NO_COLOR", "1"), ("COLUMNS", "100")], stdin)
}

/// The findings array of `--format json`, grouped by input index into
/// `{"diagnostics": [...], "errors": [...]}` (syntax errors are the `invalid-sddl` findings).
/// Inputs after the last one with a finding do not appear.
fn by_input(out: &Output) -> Vec<Value> {
    let all: Value = serde_json::from_str(stdout(out)).expect("one JSON array");
    let mut groups: Vec<Value> = Vec::new();
    for f in all.as_array().expect("an array") {
        let i = f["input"].as_u64().expect("input index") as usize;
        while groups.len() <= i {
            groups.push(serde_json::json!({"diagnostics": [], "errors": []}));
        }
        let key = if f["name"] == "invalid-sddl" {
            "errors"
        } else {
            "diagnostics"
        };
        groups[i][key].as_array_mut().unwrap().push(f.clone());
    }
    groups
}

/// The codes of the diagnostics of each input.
fn codes(out: &Output) -> Vec<Vec<String>> {
    by_input(out)
        .iter()
        .map(|l| {
            l["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["code"].as_str().unwrap().to_string())
                .collect()
        })
        .collect()
}

#[test]
fn seed_everyone_and_anonymous_full_control_on_a_pipe() {
    let out = lint(&["--type", "pipe", "--format", "json", SEED]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let codes = &codes(&out)[0];
    assert_eq!(
        codes.iter().filter(|c| *c == "SDDL001").count(),
        2,
        "{codes:?}"
    );
    let line = &by_input(&out)[0];
    let trustees: Vec<&str> = line["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "SDDL001")
        .map(|d| {
            let (s, e) = (d["start"].as_u64().unwrap(), d["end"].as_u64().unwrap());
            &SEED[s as usize..e as usize]
        })
        .collect();
    assert_eq!(trustees, ["GA", "GA"]);
}

#[test]
fn default_pipe_dacl_has_no_write_for_a_duplex_client_and_a_fix() {
    let out = lint(&[
        "--type",
        "pipe",
        "--pipe-mode",
        "duplex",
        "--client",
        "NS",
        "--format",
        "json",
        DEFAULT_PIPE,
    ]);
    assert_eq!(code(&out), 1);
    let line = &by_input(&out)[0];
    let d = line["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "SDDL002")
        .expect("SDDL002");
    assert_eq!(d["name"], "duplex-pipe-read-only-client");
    assert_eq!(d["severity"], "error");
    let fix = &d["fix"];
    assert_eq!(fix["applicability"], "unsafe");
    let edit = &fix["edits"][0];
    assert_eq!(edit["replacement"], "(A;;0x12019b;;;NS)");
    assert_eq!(edit["start"], DEFAULT_PIPE.len());
    // Without the client there is nobody to judge the pipe for.
    let out = lint(&[
        "--type",
        "pipe",
        "--pipe-mode",
        "duplex",
        "--format",
        "json",
        DEFAULT_PIPE,
    ]);
    assert!(!codes(&out)[0].contains(&"SDDL002".to_string()));
}

#[test]
fn json_is_one_array_of_findings_with_input_indexes() {
    let out = lint_stdin(
        &["--format", "json"],
        Some(b"D:(A;;FA;;;SY)(A;;FA;;;SY)\nD:(A;;XX;;;WD)\nO:BAD:(A;;GA;;;SY)\n"),
    );
    assert_eq!(code(&out), 1);
    let all: Value = serde_json::from_str(stdout(&out)).expect("one JSON document");
    let findings = all.as_array().expect("an array");
    // Findings of input 0, then the syntax error of input 1; input 2 is clean.
    let inputs: Vec<u64> = findings
        .iter()
        .map(|f| f["input"].as_u64().unwrap())
        .collect();
    assert!(
        inputs.windows(2).all(|w| w[0] <= w[1]),
        "in input order: {inputs:?}"
    );
    assert!(!inputs.contains(&2), "the clean input has no finding");
    let d = findings
        .iter()
        .find(|f| f["input"] == 0 && f["code"] == "SDDL021")
        .expect("the duplicate ACE");
    let keys: Vec<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
    for k in [
        "input", "code", "name", "severity", "message", "help", "start", "end", "fix", "labels",
        "note", "url",
    ] {
        assert!(keys.contains(&k), "missing {k}: {d}");
    }
    assert_eq!(d["labels"][0]["text"], "first here");
    assert_eq!(d["labels"][0]["start"], 2);
    assert_eq!(d["note"], Value::Null);
    assert_eq!(d["fix"]["edits"][0]["replacement"], "");
    assert!(d["url"]
        .as_str()
        .unwrap()
        .ends_with("#duplicate-ace-sddl021"));
    // A syntax error is a finding of its input, with its `sddl::` code.
    let syntax = findings
        .iter()
        .find(|f| f["input"] == 1)
        .expect("input 1's error");
    assert_eq!(syntax["code"], "sddl::unknown-right");
    assert_eq!(syntax["name"], "invalid-sddl");
    assert_eq!(syntax["severity"], "error");
    assert_eq!(syntax["start"], 6);
}

#[test]
fn sarif_is_one_structurally_valid_log() {
    let out = lint_stdin(
        &["--type", "pipe", "--format", "sarif"],
        Some(format!("{SEED}\nD:(A;;XX;;;WD)\n").as_bytes()),
    );
    assert_eq!(code(&out), 1);
    let log: Value = serde_json::from_str(stdout(&out)).expect("one JSON document");
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "sddl");
    assert!(driver["informationUri"].is_string());
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), sddl_lint::all_rules().len());
    for r in rules {
        for k in ["id", "name", "helpUri"] {
            assert!(r[k].is_string(), "{k} in {r}");
        }
        assert!(!r["shortDescription"]["text"].as_str().unwrap().is_empty());
        assert!(!r["fullDescription"]["text"].as_str().unwrap().is_empty());
        let level = r["defaultConfiguration"]["level"].as_str().unwrap();
        assert!(["error", "warning", "note"].contains(&level), "{level}");
    }
    let results = run["results"].as_array().unwrap();
    let ids: Vec<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids.iter().filter(|i| **i == "SDDL001").count(),
        2,
        "{ids:?}"
    );
    assert!(ids.contains(&"sddl::unknown-right"));
    for r in results {
        let level = r["level"].as_str().unwrap();
        assert!(["error", "warning", "note"].contains(&level));
        assert!(r["message"]["text"].is_string());
        if let Some(i) = r["ruleIndex"].as_u64() {
            assert_eq!(rules[i as usize]["id"], r["ruleId"]);
        }
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "stdin");
        let region = &loc["region"];
        for k in ["startLine", "startColumn", "endColumn"] {
            assert!(region[k].as_u64().unwrap() >= 1, "{k} in {region}");
        }
    }
    // The first SDDL001 is the `GA` of the first ACE: bytes 10..12, columns 11..13, line 1;
    // the syntax error is on stdin line 2.
    let first = results.iter().find(|r| r["ruleId"] == "SDDL001").unwrap();
    let region = &first["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 1);
    assert_eq!(region["startColumn"], 11);
    assert_eq!(region["endColumn"], 13);
    let syntax = results
        .iter()
        .find(|r| r["ruleId"] == "sddl::unknown-right")
        .unwrap();
    assert_eq!(
        syntax["locations"][0]["physicalLocation"]["region"]["startLine"],
        2
    );
}

#[test]
fn sarif_carries_fixes_and_columns_in_utf16_units() {
    // `é` in a comment-free place: an argument with a non-ASCII alias is a syntax error whose
    // column must count `é` as one unit.
    let out = lint(&["--format", "sarif", "D:(A;;FA;;;SY)(A;;FA;;;SY)", "O:é"]);
    let log: Value = serde_json::from_str(stdout(&out)).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let dup = results.iter().find(|r| r["ruleId"] == "SDDL021").unwrap();
    let loc = &dup["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "arguments/1");
    let replacement = &dup["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(replacement["deletedRegion"]["startColumn"], 15);
    assert_eq!(replacement["deletedRegion"]["endColumn"], 27);
    assert_eq!(replacement["insertedContent"]["text"], "");
    let bad = results
        .iter()
        .find(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "arguments/2")
        .expect("an error for `O:é`");
    let region = &bad["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startColumn"], 3);
    assert_eq!(region["endColumn"], 4, "`é` is one UTF-16 unit, two bytes");
}

#[test]
fn github_prints_one_escaped_workflow_command_per_finding() {
    let out = lint_stdin(
        &["--type", "pipe", "--format", "github"],
        Some(format!("{SEED}\nD:(A;;XX;;;WD)\n").as_bytes()),
    );
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.iter().all(|l| l.starts_with("::")), "{text}");
    let sddl001: Vec<&&str> = lines
        .iter()
        .filter(|l| l.contains("title=SDDL001 everyone-full-control::"))
        .collect();
    assert_eq!(sddl001.len(), 2, "{text}");
    assert!(
        sddl001[0].starts_with("::error file=stdin,line=1,col=11,endColumn=13,title="),
        "{}",
        sddl001[0]
    );
    // Messages keep their text on one line: the help joins with an escaped newline.
    assert!(sddl001[0].contains("%0Ahelp: "), "{}", sddl001[0]);
    assert!(lines
        .iter()
        .any(|l| l.starts_with("::warning ") && l.contains("title=SDDL025 ")));
    assert!(lines.iter().any(|l| l.starts_with(
        "::error file=stdin,line=2,col=7,endColumn=9,title=sddl%3A%3Aunknown-right::"
    )));
}

#[test]
fn select_and_ignore() {
    let json = ["--type", "pipe", "--format", "json", SEED];
    let all = codes(&lint(&json))[0].clone();
    assert!(all.contains(&"SDDL025".to_string()), "{all:?}");

    let mut args = vec!["--select", "SDDL001"];
    args.extend_from_slice(&json);
    assert_eq!(codes(&lint(&args))[0], ["SDDL001", "SDDL001"]);

    let mut args = vec!["--ignore", "everyone-full-control,SDDL007"];
    args.extend_from_slice(&json);
    let left = &codes(&lint(&args))[0];
    assert!(
        !left.iter().any(|c| c == "SDDL001" || c == "SDDL007"),
        "{left:?}"
    );
    assert!(left.contains(&"SDDL025".to_string()));

    // A category, and a more specific ignore inside it.
    let mut args = vec![
        "--select", "security", "--ignore", "SDDL001", "--format", "json",
    ];
    args.extend_from_slice(&["--type", "pipe", DEFAULT_PIPE]);
    let left = &codes(&lint(&args))[0];
    assert!(!left.is_empty());
    for c in left {
        let rule = sddl_lint::rule_by_code(c).unwrap();
        assert_eq!(rule.category, sddl_lint::Category::Security, "{c}");
        assert_ne!(c, "SDDL001");
    }

    // Turning on a rule that is off by default.
    let out = lint(&[
        "--select",
        "SDDL027",
        "--type",
        "file",
        "--format",
        "json",
        "D:(A;;GA;;;SY)",
    ]);
    assert_eq!(codes(&out)[0], ["SDDL027"]);

    // Unknown selectors are usage errors, with a suggestion.
    let out = lint(&["--ignore", "everyone-full-contol", SEED]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("did you mean `everyone-full-control`?"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).is_empty());
}

#[test]
fn exit_status_info_never_fails_and_exit_zero() {
    // SDDL028 (info) only.
    let out = lint(&["D:(A;;0x1f01ff;;;SY)"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(stdout(&out).contains("Found 1 finding (0 errors, 0 warnings, 1 info)."));
    let out = lint(&["D:(A;;FA;;;SY)"]);
    assert_eq!(code(&out), 0);
    assert_eq!(stdout(&out), "All checks passed: no findings.\n");
    let out = lint(&["--exit-zero", "--type", "pipe", SEED]);
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("Found 4 findings (2 errors, 2 warnings)."));
    // A syntax error is a finding.
    let out = lint(&["D:(A;;XX;;;WD)"]);
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).contains("sddl::unknown-right"));
    assert!(stdout(&out).ends_with("Found 1 finding (1 error, 0 warnings).\n"));
    // Usage errors.
    assert_eq!(code(&lint(&["--client", "nobody", SEED])), 2);
    assert_eq!(code(&lint(&["--type", "nothing", SEED])), 2);
}

#[test]
fn min_windows_flags_tokens_newer_than_the_target() {
    let sddl = "D:(A;;GA;;;AC)";
    // No target: the rule finds nothing.
    let out = lint(&["--format", "json", sddl]);
    assert!(!codes(&out).iter().flatten().any(|c| c == "SDDL047"));
    let out = lint(&["--min-windows", "7", "--format", "json", sddl]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    let groups = by_input(&out);
    let ours: Vec<&Value> = groups[0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "SDDL047")
        .collect();
    assert_eq!(ours.len(), 1);
    let d = ours[0];
    assert_eq!(d["name"], "newer-than-target");
    assert_eq!(d["severity"], "warning");
    assert_eq!(
        &sddl[d["start"].as_u64().unwrap() as usize..d["end"].as_u64().unwrap() as usize],
        "AC"
    );
    let message = d["message"].as_str().unwrap();
    assert!(message.contains("`AC`"), "{message}");
    assert!(message.contains("Windows 8 / Server 2012"), "{message}");
    assert!(message.contains("Windows 7 / Server 2008 R2"), "{message}");
    // Human output, with the fix to the numeric SID.
    let out = lint(&["--min-windows", "7", "--select", "SDDL047", sddl]);
    assert_eq!(code(&out), 1);
    insta::assert_snapshot!(stdout(&out));
    // Targets that read `AC`.
    for target in ["8", "2012", "Windows 10", "11"] {
        let out = lint(&["--min-windows", target, "--select", "SDDL047", sddl]);
        assert_eq!(code(&out), 0, "{target}: {}", stdout(&out));
    }
    // An unknown version is a usage error that lists the accepted ones.
    let out = lint(&["--min-windows", "xp", sddl]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("2012r2"), "{}", stderr(&out));
}

/// A fresh directory under the system's temporary directory.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!(
            "sddl-lint-test-{name}-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn lint_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sddl"))
        .arg("lint")
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .stdin(Stdio::null())
        .output()
        .expect("run sddl")
}

#[test]
fn configuration_is_found_from_the_current_directory_up() {
    let tmp = TempDir::new("discover");
    let sub = tmp.0.join("a").join("b");
    std::fs::create_dir_all(&sub).unwrap();
    let json = ["--format", "json", "--type", "pipe", SEED];
    std::fs::write(tmp.0.join("sddl-lint.toml"), "ignore = [\"SDDL025\"]\n").unwrap();
    let out = lint_in(&sub, &json);
    assert_eq!(codes(&out)[0], ["SDDL001", "SDDL001"], "{}", stderr(&out));
    // `.sddl-lint.toml` is preferred in the same directory, and a nearer one wins.
    std::fs::write(tmp.0.join(".sddl-lint.toml"), "ignore = [\"SDDL001\"]\n").unwrap();
    assert_eq!(codes(&lint_in(&sub, &json))[0], ["SDDL025", "SDDL025"]);
    std::fs::write(
        tmp.0.join("a").join("sddl-lint.toml"),
        "select = [\"SDDL025\"]\n",
    )
    .unwrap();
    assert_eq!(codes(&lint_in(&sub, &json))[0], ["SDDL025", "SDDL025"]);
    std::fs::write(
        tmp.0.join("a").join("sddl-lint.toml"),
        "ignore = [\"ALL\"]\n",
    )
    .unwrap();
    assert!(codes(&lint_in(&sub, &json)).iter().all(Vec::is_empty));
    // --no-config and --config.
    let mut args = vec!["--no-config"];
    args.extend_from_slice(&json);
    assert_eq!(codes(&lint_in(&sub, &args))[0].len(), 4);
    let explicit = tmp.0.join(".sddl-lint.toml");
    let mut args = vec!["--config", explicit.to_str().unwrap()];
    args.extend_from_slice(&json);
    assert_eq!(codes(&lint_in(&sub, &args))[0], ["SDDL025", "SDDL025"]);
    // --select replaces the file's selection; --ignore adds to it.
    let mut args = vec!["--select", "SDDL001", "--ignore", "SDDL025"];
    args.extend_from_slice(&json);
    assert_eq!(codes(&lint_in(&sub, &args))[0], ["SDDL001", "SDDL001"]);
}

#[test]
fn configuration_context_applies_to_arguments() {
    let tmp = TempDir::new("context");
    std::fs::write(
        tmp.0.join("sddl-lint.toml"),
        "[[overrides]]\nfiles = [\"**\"]\ntype = \"pipe\"\n",
    )
    .unwrap();
    // Overrides are per path; command-line inputs have none, so only --type makes it a pipe.
    let out = lint_in(&tmp.0, &["--format", "json", SEED]);
    assert!(!codes(&out)[0].contains(&"SDDL025".to_string()));
    std::fs::write(
        tmp.0.join("sddl-lint.toml"),
        "[rules.everyone-full-control]\nseverity = \"warning\"\n",
    )
    .unwrap();
    let out = lint_in(&tmp.0, &["--format", "json", SEED]);
    let line = &by_input(&out)[0];
    assert!(line["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "SDDL001")
        .all(|d| d["severity"] == "warning"));
}

#[test]
fn configuration_errors_point_into_the_toml_and_exit_2() {
    let tmp = TempDir::new("bad-config");
    std::fs::write(
        tmp.0.join(".sddl-lint.toml"),
        "select = [\"everyone-full-contol\"]\n\n[rules.null-dacl]\nseverity = \"loud\"\n",
    )
    .unwrap();
    let out = lint_in(&tmp.0, &[SEED]);
    assert_eq!(code(&out), 2);
    assert!(stdout(&out).is_empty());
    let err = stderr(&out).replace(&tmp.0.display().to_string(), "<dir>");
    insta::assert_snapshot!(err);
    // Not TOML at all, and a file that cannot be read.
    std::fs::write(tmp.0.join(".sddl-lint.toml"), "select = [\n").unwrap();
    let out = lint_in(&tmp.0, &[SEED]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains(".sddl-lint.toml:"),
        "{}",
        stderr(&out)
    );
    let out = lint_in(&tmp.0, &["--config", "missing.toml", SEED]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("cannot read missing.toml"),
        "{}",
        stderr(&out)
    );
}

macro_rules! text_snapshots {
    ($($name:ident: [$($arg:expr),*],)*) => {$(
        #[test]
        fn $name() {
            let args: &[&str] = &[$($arg),*];
            let out = lint(args);
            insta::with_settings!({ description => args.join(" "), omit_expression => true }, {
                insta::assert_snapshot!(stdout(&out));
            });
        }
    )*};
}

text_snapshots! {
    text_seed_on_a_pipe: ["--type", "pipe", SEED],
    text_default_pipe_dacl_for_a_duplex_client: [
        "--type", "pipe", "--pipe-mode", "duplex", "--client", "NS", DEFAULT_PIPE
    ],
    text_syntax_error_and_findings_of_several_inputs: [
        "D:(A;;XX;;;WD)(A;;GA;;;WD)", "D:(A;;FA;;;SY)(A;;FA;;;SY)"
    ],
}

#[test]
fn text_long_input_shows_a_window() {
    let filler = |from: u32| -> String {
        (from..from + 15)
            .map(|i| format!("(A;;FR;;;S-1-5-32-{i})"))
            .collect()
    };
    let input = format!(
        "D:{}(A;;GA;;;WD){}(A;;FR;;;S-1-5-32-600)",
        filler(500),
        filler(520)
    );
    let out = lint(&[&input]);
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn stdin_lines_are_named_in_text_output() {
    let out = lint_stdin(&[], Some(b"D:(A;;FA;;;SY)\nD:(A;;GA;;;WD)\n"));
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).contains("[<stdin>:2:7]"), "{}", stdout(&out));
}

fn rules(args: &[&str]) -> Output {
    let mut all = vec!["rules"];
    all.extend_from_slice(args);
    common::run(&all, None)
}

#[test]
fn rules_lists_every_rule() {
    let out = rules(&[]);
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    assert_eq!(text.lines().count(), sddl_lint::all_rules().len() + 1);
    assert!(text.lines().next().unwrap().starts_with("code"));
    let line = text.lines().find(|l| l.starts_with("SDDL002 ")).unwrap();
    for word in [
        "duplex-pipe-read-only-client",
        "correctness",
        "error",
        "On a duplex",
    ] {
        assert!(line.contains(word), "{line}");
    }
    let out = rules(&["--format", "json"]);
    let list: Vec<Value> = serde_json::from_str(stdout(&out)).unwrap();
    assert_eq!(list.len(), sddl_lint::all_rules().len());
    assert_eq!(list[0]["code"], "SDDL001");
    assert_eq!(list[0]["default_severity"], "error");
    assert_eq!(list[0]["category"], "security");
}

#[test]
fn rules_prints_the_same_docs_as_the_rules_page() {
    let page =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/rules.md")).unwrap();
    for key in ["SDDL002", "everyone-full-control", "sddl041"] {
        let out = rules(&[key]);
        assert_eq!(code(&out), 0, "{key}");
        let text = stdout(&out);
        assert!(text.starts_with("# "), "{text}");
        assert!(
            page.contains(text.trim_end()),
            "{key}: not the text of docs/rules.md"
        );
    }
    let out = rules(&["SDDL002", "--format", "json"]);
    let rule: Value = serde_json::from_str(stdout(&out)).unwrap();
    assert_eq!(rule["name"], "duplex-pipe-read-only-client");
    assert!(page.contains(rule["docs"].as_str().unwrap().trim_end()));
    // A removed code says why (exit 1); an unknown one is a usage error with a suggestion.
    let out = rules(&["SDDL039"]);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("was removed"));
    let out = rules(&["everyone-full-contol"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("did you mean `everyone-full-control`?"));
}

/// The JSON example of `docs/cli.md`'s lint section is what `sddl lint` prints for its input.
#[test]
fn docs_lint_json_example_is_current() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/cli.md"))
        .expect("docs/cli.md");
    let example = doc
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("[{\"input\":0,"))
        .expect("the lint JSON example");
    let out = lint(&["--format", "json", "D:(A;;FA;;;SY)(A;;FA;;;SY)"]);
    assert_eq!(stdout(&out).trim_end(), example);
}
