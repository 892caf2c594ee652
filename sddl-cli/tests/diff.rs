//! `sddl diff` end to end: snapshots of what a reviewer sees (no colour off a terminal, 100
//! columns via `COLUMNS`), a JSON snapshot, and the exit status.
//!
//! Never edit a snapshot by hand: run `INSTA_UPDATE=always cargo test -p sddl-cli --test diff`
//! and review the diff.

mod common;

use common::{code, run_env, stderr, stdout};
use serde_json::Value;

/// Runs `sddl diff ARGS` at 100 columns with `NO_COLOR`; asserts the exit status.
fn diff(args: &[&str], expected: i32) -> String {
    let mut all = vec!["diff"];
    all.extend_from_slice(args);
    let out = run_env(&all, &[("COLUMNS", "100"), ("NO_COLOR", "1")], None);
    assert_eq!(code(&out), expected, "{args:?}: {}", stderr(&out));
    assert_eq!(stderr(&out), "");
    stdout(&out).to_owned()
}

macro_rules! human_snapshots {
    ($($name:ident ($code:expr): [$($arg:expr),*],)*) => {$(
        #[test]
        fn $name() {
            let args: &[&str] = &[$($arg),*];
            let text = diff(args, $code);
            for l in text.lines() {
                assert!(l.chars().count() <= 100, "wider than COLUMNS: {l:?}");
            }
            assert!(!text.contains('\x1b'), "no colour off a terminal");
            insta::with_settings!({ description => args.join(" "), omit_expression => true }, {
                insta::assert_snapshot!(text);
            });
        }
    )*};
}

human_snapshots! {
    interactive_users_gain_read_write_on_a_pipe(1): [
        "--type", "pipe",
        "D:P(A;;GA;;;SY)(A;;GA;;;BA)",
        "D:P(A;;GA;;;SY)(A;;GA;;;BA)(A;;GRGW;;;IU)"
    ],
    ga_and_fa_are_the_same_on_a_file(0): ["--type", "file", "D:(A;;GA;;;WD)", "D:(A;;FA;;;WD)"],
    hex_and_sid_spellings_are_the_same(0): [
        "--type", "file", "D:(A;;FA;;;WD)", "D:(A;;0x1f01ff;;;S-1-1-0)"
    ],
    a_deny_moved_after_an_allow(1): [
        "--type", "file", "D:(D;;GW;;;WD)(A;;GA;;;WD)", "D:(A;;GA;;;WD)(D;;GW;;;WD)"
    ],
    authenticated_users_reach_network_service(1): [
        "--type", "pipe", "--as", "NS",
        "D:(A;;GA;;;SY)(A;;GA;;;BA)",
        "D:(A;;GA;;;SY)(A;;GA;;;BA)(A;;GR;;;AU)"
    ],
    protecting_the_dacl(1): [
        "--type", "directory",
        "D:(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)",
        "D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)"
    ],
    changing_the_owner(1): [
        "--type", "file",
        "O:BAD:(A;;FA;;;SY)",
        "O:S-1-5-21-1-2-3-1001D:(A;;FA;;;SY)"
    ],
    what_children_inherit(1): [
        "--type", "directory",
        "D:(A;OICI;FA;;;SY)",
        "D:(A;OICI;FA;;;SY)(A;OICIIO;GR;;;BU)"
    ],
    an_extended_right_for_everyone(1): [
        "--type", "ad",
        "D:(A;;GA;;;DA)",
        "D:(A;;GA;;;DA)(OA;;CR;00299570-246d-11d0-a768-00aa006e0529;;WD)"
    ],
    reordered_without_effect(0): [
        "--type", "file", "D:(A;;FR;;;WD)(A;;FA;;;SY)", "D:(A;;FA;;;SY)(A;;FR;;;WD)"
    ],
}

#[test]
fn json_for_the_pipe_example() {
    let text = diff(
        &[
            "--type",
            "pipe",
            "--format",
            "json",
            "D:P(A;;GA;;;SY)(A;;GA;;;BA)",
            "D:P(A;;GA;;;SY)(A;;GA;;;BA)(A;;GRGW;;;IU)S:(ML;;NW;;;LW)",
        ],
        1,
    );
    assert_eq!(text.lines().count(), 1, "one JSON object on one line");
    let v: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(v["equivalent"], false);
    assert_eq!(v["changes"][0]["sid"], "S-1-5-4");
    assert!(v["changes"][0]["gained"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r == "FILE_CREATE_PIPE_INSTANCE"));
    insta::assert_snapshot!(serde_json::to_string_pretty(&v).expect("JSON"));
}

#[test]
fn json_for_equivalent_descriptors() {
    let text = diff(
        &[
            "--type",
            "file",
            "--format",
            "json",
            "D:(A;;GA;;;WD)",
            "D:(A;;FA;;;S-1-1-0)",
        ],
        0,
    );
    let v: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(v["equivalent"], true);
    assert_eq!(v["changes"].as_array().map(Vec::len), Some(0));
    assert_eq!(v["owner"], Value::Null);
}

#[test]
fn invalid_sddl_is_rendered_and_exits_2() {
    let out = run_env(
        &["diff", "--type", "file", "D:(A;;FA;;;WD", "D:(A;;FA;;;WD)"],
        &[("NO_COLOR", "1")],
        None,
    );
    assert_eq!(code(&out), 2);
    assert_eq!(stdout(&out), "");
    let err = stderr(&out);
    assert!(err.contains("this ACE has no closing `)`"), "{err}");
    assert!(err.contains("<argument 1>"), "{err}");
}

#[test]
fn unknown_principal_exits_2() {
    let out = run_env(
        &[
            "diff",
            "--as",
            "nobody-at-all",
            "D:(A;;FA;;;WD)",
            "D:(A;;FA;;;WD)",
        ],
        &[],
        None,
    );
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("--as"), "{}", stderr(&out));
}

#[test]
fn without_a_type_the_kind_is_guessed_and_said_so() {
    let text = diff(&["D:(A;;FA;;;WD)", "D:(A;;FA;;;WD)(A;;FR;;;AN)"], 1);
    assert!(text.contains("guessed"), "{text}");
}
