//! `--policy` end to end: `sddl check --policy` alone (the seed cases, human and JSON output,
//! exit statuses, broken policy files), and policy findings in `sddl lint` and `sddl scan`
//! (flag, configuration, `paths`).

mod common;

use common::{code, run, run_env, stderr, stdout};
use std::path::{Path, PathBuf};
use std::process::Output;

const DEFAULT_PIPE: &str = "D:(A;;FA;;;SY)(A;;FA;;;BA)(A;;FA;;;CO)(A;;FR;;;WD)(A;;FR;;;AN)";
const BAD_FIX: &str = "D:(A;OICI;GA;;;WD)(A;OICI;GA;;;AN)";
const GOOD: &str = "O:SYG:SYD:P(A;;GA;;;SY)(A;;GA;;;BA)(A;;0x12019b;;;NS)";

/// The example policy of the docs: NS must read and write the pipe; WD and AN must not get
/// `WRITE_DAC` or `WRITE_OWNER`.
fn seed_policy() -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../docs/examples/agent-pipe-policy.toml")
        .display()
        .to_string()
}

fn no_color(args: &[&str]) -> Output {
    run_env(args, &[("NO_COLOR", "1"), ("COLUMNS", "120")], None)
}

fn json(out: &Output) -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_str(stdout(out).trim())
        .unwrap_or_else(|e| panic!("not JSON: {}: {e}", stdout(out)));
    v.as_array().expect("one array").clone()
}

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!(
            "sddl-policy-test-{name}-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.0.join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, text).unwrap();
        p
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn in_dir(dir: &Path, args: &[&str]) -> Output {
    common::sddl()
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "120")
        .output()
        .expect("run sddl")
}

#[test]
fn the_default_pipe_dacl_lacks_write_access_for_network_service() {
    let policy = seed_policy();
    let out = no_color(&["check", "--policy", &policy, DEFAULT_PIPE]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    insta::assert_snapshot!(stdout(&out));
    let out = no_color(&[
        "check",
        "--policy",
        &policy,
        "--format",
        "json",
        DEFAULT_PIPE,
    ]);
    assert_eq!(code(&out), 1);
    let findings = json(&out);
    assert_eq!(findings.len(), 1, "{findings:?}");
    let f = &findings[0];
    assert_eq!(f["code"], "SDDL044");
    assert_eq!(f["name"], "policy-missing-access");
    assert_eq!(f["input"], 0);
    // The span is the DACL.
    assert_eq!(f["start"], 0);
    assert_eq!(f["end"], DEFAULT_PIPE.len());
    assert!(
        f["message"].as_str().unwrap().contains("`FILE_WRITE_DATA`"),
        "{f}"
    );
    // The suggested ACE, applied, passes the policy.
    let fixed = apply(DEFAULT_PIPE, &f["fix"]);
    let out = no_color(&["check", "--policy", &policy, &fixed]);
    assert_eq!(code(&out), 0, "{fixed}: {}", stdout(&out));
}

fn apply(text: &str, fix: &serde_json::Value) -> String {
    let mut out = text.to_string();
    let mut edits: Vec<&serde_json::Value> =
        fix["edits"].as_array().expect("edits").iter().collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e["start"].as_u64().unwrap()));
    for e in edits {
        let (s, t) = (
            e["start"].as_u64().unwrap() as usize,
            e["end"].as_u64().unwrap() as usize,
        );
        out.replace_range(s..t, e["replacement"].as_str().unwrap());
    }
    out
}

#[test]
fn the_bad_fix_gives_everyone_and_anonymous_control_of_the_pipe() {
    let policy = seed_policy();
    let out = no_color(&["check", "--policy", &policy, BAD_FIX]);
    assert_eq!(code(&out), 1);
    insta::assert_snapshot!(stdout(&out));
    let out = no_color(&["check", "--policy", &policy, "--format", "json", BAD_FIX]);
    let findings = json(&out);
    let spans: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| {
            let (s, e) = (
                f["start"].as_u64().unwrap() as usize,
                f["end"].as_u64().unwrap() as usize,
            );
            (f["code"].as_str().unwrap(), &BAD_FIX[s..e])
        })
        .collect();
    assert_eq!(spans, [("SDDL045", "GA"), ("SDDL045", "GA")]);
    // The rights are the primary span (the message names the rights); the label is the trustee.
    let trustees: Vec<&str> = findings
        .iter()
        .map(|f| {
            let l = &f["labels"][0];
            &BAD_FIX[l["start"].as_u64().unwrap() as usize..l["end"].as_u64().unwrap() as usize]
        })
        .collect();
    assert_eq!(trustees, ["WD", "AN"]);
    for f in &findings {
        assert!(f["message"]
            .as_str()
            .unwrap()
            .contains("`WRITE_DAC` and `WRITE_OWNER`"));
    }
}

#[test]
fn a_descriptor_that_follows_the_policy_passes() {
    let policy = seed_policy();
    let out = no_color(&["check", "--policy", &policy, GOOD]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert_eq!(stdout(&out), "All checks passed: no findings.\n");
    let out = no_color(&["check", "--policy", &policy, "--format", "json", GOOD]);
    assert_eq!(stdout(&out), "[]\n");
    // Several descriptors, one per input; `input` says which.
    let out = no_color(&[
        "check",
        "--policy",
        &policy,
        "--format",
        "json",
        GOOD,
        BAD_FIX,
        DEFAULT_PIPE,
    ]);
    assert_eq!(code(&out), 1);
    let inputs: Vec<u64> = json(&out)
        .iter()
        .map(|f| f["input"].as_u64().unwrap())
        .collect();
    assert_eq!(inputs, [1, 1, 2]);
    // Or from stdin, one per line.
    let stdin = format!("{GOOD}\n{DEFAULT_PIPE}\n");
    let out = run(
        &["check", "--policy", &policy, "--format", "json"],
        Some(stdin.as_bytes()),
    );
    let inputs: Vec<u64> = json(&out)
        .iter()
        .map(|f| f["input"].as_u64().unwrap())
        .collect();
    assert_eq!(inputs, [1]);
}

#[test]
fn a_policy_for_another_kind_is_skipped_when_the_kind_is_given() {
    let policy = seed_policy();
    let out = no_color(&["check", "--policy", &policy, "--type", "file", BAD_FIX]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    let out = no_color(&["check", "--policy", &policy, "--type", "pipe", BAD_FIX]);
    assert_eq!(code(&out), 1);
}

#[test]
fn broken_policy_files_exit_2_pointing_into_the_toml() {
    let tmp = TempDir::new("broken");
    let path = tmp.write(
        "p.toml",
        "[[policy]]\nname = \"p\"\nkind = \"pipe\"\n[[policy.allow]]\nprincipal = \"nobody\"\nrigths = \"FILE_READ_DATA\"\n",
    );
    let out = in_dir(&tmp.0, &["check", "--policy", "p.toml", GOOD]);
    assert_eq!(code(&out), 2);
    assert!(stdout(&out).is_empty());
    insta::assert_snapshot!(stderr(&out));
    let _ = path;
    tmp.write(
        "q.toml",
        "[[policy]]\nname = \"q\"\n[[policy.deny]]\nprincipal = \"nobody\"\nrights = \"KEY_READ\"\n",
    );
    let out = in_dir(&tmp.0, &["check", "--policy", "q.toml", GOOD]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("invalid policy file (2 errors)"), "{err}");
    assert!(err.contains("q.toml:4:13"), "{err}");
    assert!(err.contains("give the policy a `kind`"), "{err}");
    let out = in_dir(&tmp.0, &["check", "--policy", "missing.toml", GOOD]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("cannot read missing.toml"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn check_policy_does_not_combine_with_a_principal() {
    let policy = seed_policy();
    let out = no_color(&["check", "--policy", &policy, "--as", "NS", GOOD]);
    assert_eq!(code(&out), 2);
    // And a check without --policy still takes exactly one descriptor.
    let out = no_color(&["check", "--as", "NS", GOOD, GOOD]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("one descriptor"), "{}", stderr(&out));
}

/// `sddl lint --no-config ARGS --type pipe --format FORMAT BAD_FIX`.
fn lint_bad_fix(args: &[&str], format: &str) -> Output {
    let mut all = vec!["lint", "--no-config"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--type", "pipe", "--format", format, BAD_FIX]);
    no_color(&all)
}

fn codes(out: &Output) -> Vec<String> {
    json(out)
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn lint_reports_policy_findings_with_the_others() {
    let policy = seed_policy();
    let out = lint_bad_fix(&["--policy", &policy], "json");
    assert_eq!(code(&out), 1);
    let found = codes(&out);
    assert!(found.contains(&"SDDL001".to_string()), "{found:?}");
    assert_eq!(
        found.iter().filter(|c| *c == "SDDL045").count(),
        2,
        "{found:?}"
    );
    // --ignore works on them as on any rule.
    let out = lint_bad_fix(
        &["--policy", &policy, "--ignore", "policy-forbidden-access"],
        "json",
    );
    assert!(!codes(&out).contains(&"SDDL045".to_string()));
    // Without a policy, none.
    assert!(!codes(&lint_bad_fix(&[], "json")).contains(&"SDDL045".to_string()));
    // SARIF lists the rules with their metadata.
    let out = lint_bad_fix(&["--policy", &policy], "sarif");
    let log: serde_json::Value = serde_json::from_str(stdout(&out)).unwrap();
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert!(rules
        .iter()
        .any(|r| r["id"] == "SDDL045" && r["name"] == "policy-forbidden-access"));
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["ruleId"] == "SDDL045"));
}

#[test]
fn the_configuration_names_a_policy_relative_to_itself() {
    let tmp = TempDir::new("config");
    tmp.write(
        "sub/policies/pipe.toml",
        &std::fs::read_to_string(seed_policy()).unwrap(),
    );
    tmp.write("sub/.sddl-lint.toml", "policy = \"policies/pipe.toml\"\n");
    std::fs::create_dir_all(tmp.0.join("sub/deeper")).unwrap();
    let out = in_dir(
        &tmp.0.join("sub/deeper"),
        &["lint", "--type", "pipe", "--format", "json", DEFAULT_PIPE],
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(json(&out).iter().any(|f| f["code"] == "SDDL044"));
    // --policy replaces it.
    tmp.write(
        "other.toml",
        "[[policy]]\nname = \"o\"\n[[policy.flags]]\ndacl-protected = true\n",
    );
    let other = tmp.0.join("other.toml").display().to_string();
    let out = in_dir(
        &tmp.0.join("sub/deeper"),
        &[
            "lint",
            "--policy",
            &other,
            "--type",
            "pipe",
            "--format",
            "json",
            DEFAULT_PIPE,
        ],
    );
    let codes = codes(&out);
    assert!(codes.contains(&"SDDL046".to_string()), "{codes:?}");
    assert!(!codes.contains(&"SDDL044".to_string()), "{codes:?}");
    // A configuration naming a file that does not exist is an error.
    tmp.write("sub/.sddl-lint.toml", "policy = \"nope.toml\"\n");
    let out = in_dir(&tmp.0.join("sub"), &["lint", DEFAULT_PIPE]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("nope.toml"), "{}", stderr(&out));
}

#[test]
fn scan_applies_policies_to_the_files_of_their_paths() {
    let tmp = TempDir::new("scan");
    tmp.write(
        "policy.toml",
        "[[policy]]\nname = \"agent\"\nkind = \"pipe\"\npaths = [\"src/agent/**\"]\n[[policy.deny]]\nprincipal = \"WD\"\nrights = \"WRITE_DAC\"\n",
    );
    let source = format!("// pipe\nconst char *sd = \"{BAD_FIX}\";\n");
    tmp.write("src/agent/pipe.c", &source);
    tmp.write("src/web/pipe.c", &source);
    let out = in_dir(
        &tmp.0,
        &[
            "scan",
            "--no-config",
            "--policy",
            "policy.toml",
            "--format",
            "json",
            "src",
        ],
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let hits: Vec<(String, u64)> = json(&out)
        .iter()
        .filter(|f| f["code"] == "SDDL045")
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(hits, [("src/agent/pipe.c".to_string(), 2)]);
    // A broken policy file stops the scan.
    tmp.write("policy.toml", "[[policy]]\n");
    let out = in_dir(
        &tmp.0,
        &["scan", "--no-config", "--policy", "policy.toml", "src"],
    );
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("missing field `name`"),
        "{}",
        stderr(&out)
    );
}
