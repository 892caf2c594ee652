//! `sddl explain` end to end: snapshots of what a person sees (no colour off a terminal, 100
//! columns via `COLUMNS`), snapshots of the JSON, and checks of the behaviour around them.
//!
//! Never edit a snapshot by hand: run `INSTA_UPDATE=always cargo test -p sddl-cli --test explain`
//! and review the diff.

mod common;

use common::{code, run_env, stderr, stdout};
use serde_json::Value;

/// Runs `sddl explain ARGS` at 100 columns; asserts it succeeded.
fn explain(args: &[&str]) -> String {
    let mut all = vec!["explain"];
    all.extend_from_slice(args);
    let out = run_env(&all, &[("COLUMNS", "100")], None);
    assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
    assert_eq!(stderr(&out), "");
    stdout(&out).to_owned()
}

fn explain_json(args: &[&str]) -> Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let text = explain(&all);
    assert_eq!(text.lines().count(), 1, "one JSON object on one line");
    serde_json::from_str(&text).expect("JSON")
}

const DEFAULT_PIPE: &str = "D:(A;;FA;;;SY)(A;;FA;;;BA)(A;;FA;;;CO)(A;;FR;;;WD)(A;;FR;;;AN)";
const SERVICE: &str = "D:(A;;CCLCSWRPWPDTLOCRRC;;;SY)(A;;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;BA)(A;;CCLCSWLOCRRC;;;IU)(A;;CCLCSWLOCRRC;;;SU)";
const REGISTRY: &str = "O:BAG:SYD:PAI(A;CI;KA;;;BA)(A;CI;KA;;;SY)(A;CIIO;KA;;;CO)(A;CI;KR;;;BU)";
const AD: &str = "O:DAG:DAD:AI(A;;RPLCLORC;;;AU)(OA;;CR;00299570-246d-11d0-a768-00aa006e0529;;S-1-5-21-1-2-3-1105)(OA;CIIO;WP;bf9679c0-0de6-11d0-a285-00aa003049e2;bf967a9c-0de6-11d0-a285-00aa003049e2;PS)(OD;;CR;ab721a53-1e2f-11d0-9819-00aa0040529b;;WD)";
const CONDITIONAL: &str = "D:(A;;FA;;;BA)(XA;;FR;;;AU;((@User.Department == \"Finance\") && (Member_of {SID(S-1-5-21-1-2-3-1108)})))";
const LABEL: &str = "S:(ML;OICI;NWNR;;;HI)";
/// The seed's pipe DACL as a server creates it: owner and group, and the creating user.
const SEED_PIPE: &str = "O:S-1-5-21-1-2-3-1001G:S-1-5-21-1-2-3-513D:(A;;FA;;;SY)(A;;FA;;;BA)(A;;FA;;;S-1-5-21-1-2-3-1001)(A;;FR;;;WD)(A;;FR;;;AN)";
/// A typical NTFS folder: protected, inheritable, with CREATOR OWNER.
const NTFS: &str = "O:BAG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICIIO;FA;;;CO)(A;OICI;0x1200a9;;;BU)(A;CI;0x100116;;;BU)";

macro_rules! human_snapshots {
    ($($name:ident: [$($arg:expr),*],)*) => {$(
        #[test]
        fn $name() {
            let args: &[&str] = &[$($arg),*];
            insta::with_settings!({ description => args.join(" "), omit_expression => true }, {
                insta::assert_snapshot!(explain(args));
            });
        }
    )*};
}

human_snapshots! {
    everyone_all_on_a_pipe: ["--type", "pipe", "D:(A;;GA;;;WD)"],
    everyone_all_on_a_file: ["--type", "file", "D:(A;;GA;;;WD)"],
    everyone_all_without_a_kind: ["D:(A;;GA;;;WD)"],
    seed_bad_fix_on_a_pipe: ["--type", "pipe", "D:(A;OICI;GA;;;WD)(A;OICI;GA;;;AN)"],
    default_pipe_dacl: ["--type", "pipe", DEFAULT_PIPE],
    service_dacl: ["--type", "service", SERVICE],
    registry_key: ["--type", "registry", REGISTRY],
    registry_key_guessed: [REGISTRY],
    ad_object: ["--type", "ad", AD],
    conditional_ace: ["--type", "file", CONDITIONAL],
    null_dacl: ["D:NO_ACCESS_CONTROL"],
    empty_dacl: ["O:BAD:"],
    unknown_sid: ["--type", "file", "D:(A;;FA;;;S-1-9-1234-5)(D;;WD;;;S-1-5-80-1-2-3-4-5)"],
    mandatory_label: [LABEL],
    seed_pipe_with_owner_and_user: ["--type", "pipe", SEED_PIPE],
    least_privilege_pipe: ["--type", "pipe", "O:SYG:SYD:P(A;;GA;;;SY)(A;;GA;;;BA)(A;;0x12019b;;;NS)"],
    ntfs_directory: ["--type", "directory", NTFS],
    process_token_kinds: ["--type", "process", "D:(A;;0x1fffff;;;SY)(A;;0x1400;;;IU)"],
}

macro_rules! json_snapshots {
    ($($name:ident: [$($arg:expr),*],)*) => {$(
        #[test]
        fn $name() {
            let args: &[&str] = &[$($arg),*];
            let json = explain_json(args);
            insta::with_settings!({ description => args.join(" "), omit_expression => true }, {
                insta::assert_snapshot!(serde_json::to_string_pretty(&json).unwrap());
            });
        }
    )*};
}

json_snapshots! {
    json_pipe: ["--type", "pipe", "D:(A;;GA;;;WD)"],
    json_ad_object: ["--type", "ad", AD],
    json_conditional: ["--type", "file", CONDITIONAL],
    json_null_dacl: ["D:NO_ACCESS_CONTROL"],
}

/// The named rights of ACE `i` of the DACL.
fn right_names(v: &Value, i: usize) -> Vec<String> {
    v["dacl"]["aces"][i]["rights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn the_same_bit_means_what_the_kind_says() {
    // 0x4 after mapping GENERIC_ALL: a pipe instance on a pipe, appending on a file.
    let pipe = explain_json(&["--type", "pipe", "D:(A;;GA;;;WD)"]);
    let file = explain_json(&["--type", "file", "D:(A;;GA;;;WD)"]);
    assert!(right_names(&pipe, 0).contains(&"FILE_CREATE_PIPE_INSTANCE".to_string()));
    assert!(right_names(&file, 0).contains(&"FILE_APPEND_DATA".to_string()));
    for v in [&pipe, &file] {
        let ace = &v["dacl"]["aces"][0];
        assert_eq!(ace["mask"], 0x1000_0000);
        assert_eq!(ace["mapped_mask"], 0x1f01ff);
        assert_eq!(ace["generic"][0], "GENERIC_ALL");
        assert_eq!(ace["combined"]["name"], "FILE_ALL_ACCESS");
        assert_eq!(ace["unknown_bits"], 0);
        assert_eq!(ace["rights"].as_array().unwrap().len(), 14);
        assert_eq!(v["kind"]["guessed"], false);
    }
}

#[test]
fn without_a_kind_only_generic_and_standard_rights_are_named() {
    let v = explain_json(&["D:(A;;0x1f01ff;;;WD)(A;;GA;;;BA)"]);
    // 0x1f01ff is FILE_ALL_ACCESS: a guess is made and said to be one.
    assert_eq!(v["kind"]["guessed"], true);
    assert_eq!(v["kind"]["name"], "file");
    assert!(v["kind"]["evidence"]
        .as_str()
        .unwrap()
        .contains("FILE_ALL_ACCESS"));

    let v = explain_json(&["D:(A;;0x1ff;;;WD)(A;;GAWD;;;BA)"]);
    assert_eq!(
        v["kind"],
        Value::Null,
        "0x1ff alone fits many kinds equally"
    );
    let ace = &v["dacl"]["aces"][0];
    assert_eq!(ace["rights"].as_array().unwrap().len(), 0);
    assert_eq!(
        ace["unknown_bits"], 0x1ff,
        "specific bits are kept, never dropped"
    );
    assert_eq!(right_names(&v, 1), ["WRITE_DAC", "GENERIC_ALL"]);
    let human = explain(&["D:(A;;0x1ff;;;WD)"]);
    assert!(human.contains("pass --type"), "{human}");
}

#[test]
fn a_guess_says_it_is_one() {
    let human = explain(&[REGISTRY]);
    assert!(human.contains("guessed from"), "{human}");
    assert!(human.contains("pass --type to be sure"), "{human}");
    let given = explain(&["--type", "registry", REGISTRY]);
    assert!(!given.contains("guessed"), "{given}");
}

#[test]
fn null_and_empty_dacls_are_told_apart() {
    let null = explain_json(&["D:NO_ACCESS_CONTROL"]);
    let empty = explain_json(&["D:"]);
    let absent = explain_json(&["O:BA"]);
    assert_eq!(null["dacl"]["state"], "null");
    assert_eq!(empty["dacl"]["state"], "empty");
    assert_eq!(absent["dacl"]["state"], "absent");
    assert!(null["dacl"]["summary"]
        .as_str()
        .unwrap()
        .contains("everyone has full access"));
    assert!(empty["dacl"]["summary"]
        .as_str()
        .unwrap()
        .contains("nobody has access"));
    let human_null = explain(&["D:NO_ACCESS_CONTROL"]);
    let human_empty = explain(&["D:"]);
    assert!(human_null.contains("NULL DACL"));
    assert!(!human_null.contains("empty DACL"));
    assert!(human_empty.contains("empty DACL"));
    assert!(!human_empty.contains("NULL DACL"));
}

#[test]
fn effective_access_walks_the_dacl_with_the_principals_groups() {
    let v = explain_json(&[
        "--type",
        "file",
        "D:(D;;WD;;;WD)(A;;FA;;;WD)(A;;FR;;;BU)(D;;FR;;;BU)(A;OIIO;FA;;;AU)",
    ]);
    let eff = v["effective"].as_array().unwrap();
    assert_eq!(eff.len(), 2, "inherit-only ACEs are skipped: {eff:?}");
    let everyone = &eff[0];
    assert_eq!(everyone["trustee"]["alias"], "WD");
    assert_eq!(everyone["denied_mask"], 0x40000);
    assert_eq!(everyone["granted_mask"], 0x1f01ff & !0x40000);
    // Users are in Everyone: the deny of WRITE_DAC and the grant of FA apply to them too. Their
    // own deny of FR comes after FA granted it and takes nothing away.
    let users = &eff[1];
    assert_eq!(users["trustee"]["alias"], "BU");
    assert_eq!(users["denied_mask"], 0x40000);
    assert_eq!(users["granted_mask"], 0x1f01ff & !0x40000);
}

#[test]
fn effective_access_counts_groups_the_owner_and_the_label() {
    // NETWORK SERVICE is in Authenticated Users; its own ACE only adds write.
    let v = explain_json(&["--type", "pipe", "D:(A;;FR;;;AU)(A;;0x2;;;NS)"]);
    let eff = v["effective"].as_array().unwrap();
    assert_eq!(eff[1]["trustee"]["alias"], "NS");
    assert_eq!(eff[1]["granted_mask"], 0x12008b);
    // The owner's implicit rights come on top of the DACL, and a deny does not take them.
    let v = explain_json(&["--type", "file", "O:BUD:(D;;WD;;;WD)(A;;FR;;;BU)"]);
    assert_eq!(v["effective"][1]["granted_mask"], 0x120089 | 0x40000);
    assert_eq!(
        v["owner_implicit_rights"],
        serde_json::json!(["READ_CONTROL", "WRITE_DAC"])
    );
    // An OWNER RIGHTS ACE replaces them.
    let v = explain_json(&["--type", "file", "O:BUD:(A;;FR;;;OW)(A;;FR;;;BU)"]);
    assert_eq!(v["owner_implicit_rights"], serde_json::Value::Null);
    // A High label keeps medium-integrity users from writing what the DACL grants them.
    let v = explain_json(&["--type", "file", "D:(A;;FA;;;BU)S:(ML;;NW;;;HI)"]);
    let users = &v["effective"][0];
    assert_eq!(
        users["granted_mask"],
        0x1f01ff & !(0x116 | 0x1_0000 | 0xc_0000)
    );
    assert_eq!(users["integrity_blocked_mask"], 0x116 | 0x1_0000 | 0xc_0000);
}

#[test]
fn conditional_grants_are_kept_apart() {
    let v = explain_json(&["--type", "file", CONDITIONAL]);
    let ace = &v["dacl"]["aces"][1];
    assert_eq!(ace["type"], "XA");
    assert!(ace["condition"]["text"]
        .as_str()
        .unwrap()
        .contains("@USER.Department"));
    assert!(ace["condition"]["gloss"]
        .as_str()
        .unwrap()
        .contains("the user's claim \"Department\" equals \"Finance\""));
    let au = &v["effective"][1];
    assert_eq!(au["granted_mask"], 0);
    assert_eq!(au["conditional"][0], "FILE_GENERIC_READ");
}

#[test]
fn ad_guids_are_named() {
    let v = explain_json(&["--type", "ad", AD]);
    let aces = v["dacl"]["aces"].as_array().unwrap();
    assert_eq!(aces[1]["object_type"]["name"], "Reset Password");
    assert_eq!(aces[1]["object_type"]["kind"], "extended right");
    assert_eq!(aces[2]["object_type"]["name"], "member");
    assert_eq!(aces[2]["inherited_object_type"]["name"], "group");
    assert_eq!(aces[2]["applies_to"]["this_object"], false);
    assert_eq!(aces[2]["applies_to"]["icacls"], "(CI)(IO)");
}

#[test]
fn unknown_sids_are_kept_raw_and_families_recognised() {
    let v =
        explain_json(&["D:(A;;GA;;;S-1-9-1234-5)(A;;GA;;;S-1-5-82-1-2-3-4-5)(A;;GA;;;S-1-15-3-1)"]);
    let aces = v["dacl"]["aces"].as_array().unwrap();
    assert_eq!(aces[0]["trustee"]["sid"], "S-1-9-1234-5");
    assert_eq!(aces[0]["trustee"]["name"], Value::Null);
    assert!(aces[1]["trustee"]["description"]
        .as_str()
        .unwrap()
        .contains("IIS application pool"));
    assert_eq!(aces[2]["trustee"]["name"], "capability: internetClient");
}

#[test]
fn domain_aliases_resolve_with_the_domain_sid() {
    let v = explain_json(&["O:DA"]);
    assert_eq!(v["owner"]["sid"], Value::Null);
    assert_eq!(v["owner"]["alias"], "DA");
    let v = explain_json(&["--domain-sid", "S-1-5-21-1-2-3", "O:DA"]);
    assert_eq!(v["owner"]["sid"], "S-1-5-21-1-2-3-512");
    assert_eq!(v["owner"]["name"], "Domain Admins");
}

#[test]
fn invalid_sddl_is_rendered_as_fmt_renders_it() {
    let out = run_env(&["explain", "D:(A;;XX;;;WD)"], &[], None);
    assert_eq!(code(&out), 1);
    assert_eq!(stdout(&out), "");
    let fmt = run_env(&["fmt", "D:(A;;XX;;;WD)"], &[], None);
    assert_eq!(stderr(&out), stderr(&fmt));
    let out = run_env(
        &["explain", "--format", "json", "D:(A;;XX;;;WD)"],
        &[],
        None,
    );
    assert_eq!(code(&out), 1);
    let v: Value = serde_json::from_str(stdout(&out)).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(v["errors"][0]["code"], "sddl::unknown-right");
}

#[test]
fn reads_one_descriptor_from_stdin() {
    let out = run_env(
        &["explain", "--format", "json", "-"],
        &[],
        Some(b"O:BAD:\r\n"),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let v: Value = serde_json::from_str(stdout(&out)).unwrap();
    assert_eq!(v["canonical"], "O:BAD:");
    let out = run_env(&["explain", "-"], &[], Some(b"O:BA\nO:SY\n"));
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("one descriptor"));
}

#[test]
fn usage_errors_exit_2() {
    let out = run_env(&["explain", "--type", "toaster", "D:"], &[], None);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("pipe"),
        "lists the kinds: {}",
        stderr(&out)
    );
    assert_eq!(code(&run_env(&["explain"], &[], None)), 2);
}

#[test]
fn fits_the_width_and_has_no_colour_off_a_terminal() {
    for width in [60usize, 100, 140] {
        let out = run_env(
            &["explain", "--type", "service", SERVICE],
            &[("COLUMNS", &width.to_string())],
            None,
        );
        let text = stdout(&out);
        assert!(!text.contains('\u{1b}'), "no escape codes off a terminal");
        for line in text.lines() {
            // Only a single unbreakable token (the descriptor itself) may overflow.
            if line.chars().count() > width {
                assert!(
                    !line.trim().contains(' ')
                        || line.trim_start().starts_with("Descriptor")
                        || line.contains("(A;"),
                    "{width}: {line:?}"
                );
            }
        }
    }
}
