//! `sddl check` end to end: the seed scenario (NETWORK SERVICE on a duplex pipe), the bad fix,
//! JSON output and exit statuses.

use std::process::Command;

const DEFAULT_PIPE: &str = "D:(A;;GA;;;SY)(A;;GA;;;BA)(A;;GA;;;CO)(A;;GR;;;WD)(A;;GR;;;AN)";
const BAD_FIX: &str = "D:(A;OICI;GA;;;WD)(A;OICI;GA;;;AN)";

fn sddl(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_sddl"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run sddl");
    (
        out.status.code().expect("exit code"),
        String::from_utf8(out.stdout).expect("utf-8 stdout"),
        String::from_utf8(out.stderr).expect("utf-8 stderr"),
    )
}

#[test]
fn network_service_is_denied_write_on_the_default_pipe_dacl_and_gets_a_least_privilege_fix() {
    let (code, out, _) = sddl(&[
        "check",
        "--type",
        "pipe",
        "--pipe-mode",
        "duplex",
        "--as",
        "NS",
        DEFAULT_PIPE,
    ]);
    assert_eq!(code, 1, "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn the_suggested_sddl_grants_the_client_its_rights_and_nothing_more() {
    let (_, out, _) = sddl(&[
        "check",
        "--type",
        "pipe",
        "--pipe-mode",
        "duplex",
        "--as",
        "NS",
        "--format",
        "json",
        DEFAULT_PIPE,
    ]);
    let v: serde_json::Value = serde_json::from_str(out.trim()).expect("one JSON object");
    assert_eq!(v["granted"], false);
    assert_eq!(v["desired_mask"], "0xc0000000");
    assert!(
        v["missing"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "FILE_WRITE_DATA"),
        "{v}"
    );
    let fixed = v["suggestion"]["sddl"]
        .as_str()
        .expect("a new SDDL")
        .to_string();
    let mask = hex(&v["suggestion"]["mask"]);
    assert_eq!(mask & 0x4, 0, "no FILE_CREATE_PIPE_INSTANCE for a client");
    assert_eq!(mask & 0xc0000, 0, "no WRITE_DAC or WRITE_OWNER");
    // Asking the new descriptor for exactly the suggested rights is granted...
    let access = format!("0x{mask:x}");
    let (code, out, _) = sddl(&[
        "check", "--type", "pipe", "--as", "NS", "--access", &access, "--format", "json", &fixed,
    ]);
    assert_eq!(code, 0, "{out}");
    // ...and the most NS can get is exactly that.
    let (_, out, _) = sddl(&[
        "check", "--type", "pipe", "--as", "NS", "--access", "max", "--format", "json", &fixed,
    ]);
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(hex(&v["granted_mask"]), mask);
}

fn hex(v: &serde_json::Value) -> u64 {
    let s = v.as_str().expect("a hex string");
    u64::from_str_radix(s.trim_start_matches("0x"), 16).expect("hex")
}

#[test]
fn the_bad_fix_hands_everyone_write_dac_and_write_owner() {
    let (code, out, _) = sddl(&[
        "check", "--type", "pipe", "--as", "NS", "--access", "WDWO", "--format", "json", BAD_FIX,
    ]);
    assert_eq!(code, 0, "NS can take the pipe over: {out}");
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["granted"], true);
    let rights: Vec<&str> = v["granted_rights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert_eq!(rights, ["WRITE_DAC", "WRITE_OWNER"]);
}

#[test]
fn one_json_object_per_principal_in_order() {
    let (code, out, _) = sddl(&[
        "check",
        "--type",
        "pipe",
        "--pipe-mode",
        "duplex",
        "--as",
        "SY",
        "--as",
        "NS",
        "--format",
        "json",
        DEFAULT_PIPE,
    ]);
    assert_eq!(code, 1, "NS is denied");
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["principal"], "SY");
    assert_eq!(lines[0]["granted"], true);
    assert_eq!(lines[1]["principal"], "NS");
    assert_eq!(lines[1]["granted"], false);
}

#[test]
fn usage_errors_exit_2_and_invalid_sddl_exits_1() {
    let (code, _, err) = sddl(&["check", "--as", "nobody-at-all", "D:"]);
    assert_eq!(code, 2);
    assert!(err.contains("not a known principal"), "{err}");
    let (code, _, err) = sddl(&["check", "--as", "NS", "--want", "QQ", "D:"]);
    assert_eq!(code, 2);
    assert!(err.contains("--want"), "{err}");
    let (code, _, err) = sddl(&[
        "check", "--type", "pipe", "--as", "NS", "--want", "KEY_READ", "D:",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("not a right of"), "{err}");
    let (code, _, _) = sddl(&["check", "D:"]);
    assert_eq!(code, 2, "--as is required");
    let (code, _, err) = sddl(&["check", "--as", "NS", "D:(A;;XX;;;WD)"]);
    assert_eq!(code, 1);
    assert!(err.contains("sddl::unknown-right"), "{err}");
}

#[test]
fn null_and_empty_dacls_are_told_apart() {
    let (code, out, _) = sddl(&[
        "check",
        "--type",
        "file",
        "--as",
        "AN",
        "D:NO_ACCESS_CONTROL",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("NULL DACL"), "{out}");
    let (code, out, _) = sddl(&[
        "check", "--type", "file", "--as", "AN", "--access", "read", "D:",
    ]);
    assert_eq!(code, 1);
    assert!(out.contains("empty DACL"), "{out}");
}

#[test]
fn rights_by_name_and_token_files() {
    // FILE_READ_DATA,FILE_WRITE_DATA on the default pipe DACL: read is granted, write is not.
    let (code, out, _) = sddl(&[
        "check",
        "--type",
        "pipe",
        "--as",
        "NS",
        "--want",
        "FILE_READ_DATA,FILE_WRITE_DATA",
        "--format",
        "json",
        DEFAULT_PIPE,
    ]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["desired_mask"], "0x3");
    assert_eq!(v["missing"], serde_json::json!(["FILE_WRITE_DATA"]));

    // A token file: a plain user in a custom group that the DACL grants write to.
    let dir = std::env::temp_dir().join(format!("sddl-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("writer.toml");
    std::fs::write(
        &file,
        "user = \"S-1-5-21-1-2-3-1001\"\ngroups = [{ sid = \"WD\" }, { sid = \"S-1-5-21-1-2-3-2001\" }]\n",
    )
    .unwrap();
    let sddl_text = "D:(A;;FR;;;WD)(A;;FW;;;S-1-5-21-1-2-3-2001)";
    let (code, out, err) = sddl(&[
        "check",
        "--type",
        "file",
        "--token",
        file.to_str().unwrap(),
        "--want",
        "FRFW",
        "--format",
        "json",
        sddl_text,
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["granted"], true);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_plain_sid_is_that_user_with_everyone_authenticated_users_and_users() {
    let user = "S-1-5-21-1-2-3-1001";
    let run = |dacl: &str| {
        let (code, out, _) = sddl(&[
            "check", "--type", "file", "--as", user, "--access", "read", "--format", "json", dacl,
        ]);
        let v: serde_json::Value = serde_json::from_str(out.trim()).expect("one JSON object");
        (code, v)
    };
    // Authenticated Users and Everyone ACEs count for the user.
    let (code, v) = run("D:(A;;FR;;;AU)");
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["granted"], true);
    let (code, _) = run("D:(A;;FR;;;WD)");
    assert_eq!(code, 0);
    // So does Users (BU), which holds Authenticated Users by default.
    let (code, _) = run("D:(A;;FR;;;BU)");
    assert_eq!(code, 0);
    // Administrators (BA) is not a group the token holds.
    let (code, v) = run("D:(A;;FR;;;BA)");
    assert_eq!(code, 1);
    assert_eq!(v["granted"], false);
}
