//! What a person sees for bad input: snapshots of `sddl fmt`'s stderr.
//!
//! Off a terminal the CLI renders with exactly
//! `GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(80)`
//! (checked below against that handler), so these snapshots are that rendering.
//!
//! Never edit a snapshot by hand: run `INSTA_UPDATE=always cargo test -p sddl-cli` and review
//! the diff.

use miette::{GraphicalReportHandler, GraphicalTheme};
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn fmt_stderr(args: &[&str], stdin: &[u8]) -> (String, Output) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sddl"))
        .arg("fmt")
        .args(args)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn sddl");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin)
        .expect("write stdin");
    let out = child.wait_with_output().expect("wait for sddl");
    (String::from_utf8(out.stderr.clone()).unwrap(), out)
}

/// Renders the errors of `input` for the snapshot, checking the command's exit status.
fn rendered(input: &str) -> String {
    let (stderr, out) = fmt_stderr(&[input], b"");
    assert_eq!(out.status.code(), Some(1), "{input:?} should be rejected");
    assert!(out.stdout.is_empty());
    stderr
}

macro_rules! snapshot_cases {
    ($($name:ident: $input:expr,)*) => {$(
        #[test]
        fn $name() {
            let input: &str = $input;
            insta::with_settings!({ description => input, omit_expression => true }, {
                insta::assert_snapshot!(rendered(input));
            });
        }
    )*};
}

snapshot_cases! {
    unknown_right: "D:(A;;XX;;;WD)",
    unknown_ace_type: "D:(Antlers;;GA;;;SY)",
    unclosed_ace: "O:BAD:(A;;GA;;;WD",
    invalid_sid: "O:S-1-5",
    alias_with_junk: "D:(A;;GA;;;WDANDSUCH)",
    braced_guid: "D:(OA;;CR;{ab721a53-1e2f-11d0-9819-00aa0040529b};;WD)",
    lower_case_section: "d:(A;;GA;;;WD)",
    space_after_rights: "D:(A;;GA ;;;WD)",
    too_few_fields: "D:(A;;GA)",
    several_errors: "D:(A;;XX;;;WD)(Q;;GA;;;WD)(A;;GA;;;ZZ)",
    unknown_part: "ERROR:(D;;GA;;;WD)",
}

#[test]
fn stdin_line_numbers() {
    let (stderr, out) = fmt_stderr(&[], b"O:BA\nG:SY\nD:(A;;XX;;;WD)\n");
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(stderr);
}

#[test]
fn invalid_utf8() {
    let (stderr, out) = fmt_stderr(&[], b"O:BA\nD:(A;;GA;;;\xffWD)\n");
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(stderr);
}

/// The CLI's rendering off a terminal is that of the handler the project's snapshots use.
#[test]
fn cli_renders_with_the_snapshot_handler() {
    let input = "D:(A;;XX;;;WD)(Q;;GA;;;WD)";
    let parsed = sddl_core::parse(input, &Default::default());
    assert!(!parsed.errors.is_empty(), "{input:?} should be rejected");
    let report = sddl_core::Report {
        source_code: input.to_string(),
        errors: parsed.errors,
    };
    let mut expected = String::new();
    GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
        .with_width(80)
        .render_report(&mut expected, &report)
        .unwrap();
    assert_eq!(rendered(input), expected);
}

/// Messages follow the project's convention (rustc's): lower case, no trailing period.
#[test]
fn messages_are_lower_case_without_trailing_period() {
    let inputs = [
        "D:(A;;XX;;;WD)",
        "D:(Antlers;;GA;;;SY)",
        "O:BAD:(A;;GA;;;WD",
        "O:S-1-5",
        "D:(OA;;CR;{ab721a53-1e2f-11d0-9819-00aa0040529b};;WD)",
        "d:(A;;GA;;;WD)",
        "D:(A;;GA)",
        "ERROR:(D;;GA;;;WD)",
        "D:(A;;GA ;;;WD)",
        "D:(A;;GA;;;WDANDSUCH)",
    ];
    let mut args = vec!["--format", "json"];
    args.extend(inputs);
    let (_, out) = fmt_stderr(&args, b"");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let mut seen = 0;
    for line in stdout.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["ok"], false, "{line}");
        for e in v["errors"].as_array().unwrap() {
            let msg = e["message"].as_str().unwrap();
            seen += 1;
            assert!(
                !msg.starts_with(|c: char| c.is_ascii_uppercase()),
                "capitalised: {msg:?}"
            );
            assert!(!msg.ends_with('.'), "trailing period: {msg:?}");
            assert!(!msg.contains('\n'), "multi-line: {msg:?}");
        }
    }
    assert!(seen >= inputs.len());
}

/// A long input is shown as a window around each error, with the true line and column.
#[test]
fn long_input_shows_a_window() {
    let input = format!(
        "O:BAG:SYD:PAI{}(A;;XX;;;WD){}",
        "(A;OICI;FA;;;SY)".repeat(12),
        "(A;;GA;;;BA)".repeat(12)
    );
    let column = input.find("XX").unwrap() + 1;
    let (stderr, out) = fmt_stderr(&[], format!("O:BA\n{input}\n").as_bytes());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr.contains(&format!("[<stdin>:2:{column}]")),
        "{stderr}"
    );
    insta::assert_snapshot!(stderr);
}

/// Spans far into a line (past 65,535 columns) render without crashing.
#[test]
fn very_long_line_with_late_error() {
    // 1,100 ACEs (under the ACE limit) of 70 bytes each.
    let ace = "(OA;;CR;ab721a53-1e2f-11d0-9819-00aa0040529b;;S-1-5-21-1-2-3-1000)";
    let input = format!("D:{}(A;;XX;;;WD)", ace.repeat(1100));
    let column = input.find("XX").unwrap() + 1;
    assert!(column > 70_000);
    let (stderr, out) = fmt_stderr(&[], format!("{input}\n").as_bytes());
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("[<stdin>:1:{column}]")),
        "{stderr}"
    );
    assert!(stderr.contains("sddl::unknown-right"));
    // Only a window of the line is shown.
    assert!(stderr.len() < 2_000, "{} bytes of stderr", stderr.len());
}

/// Input over the length limit is one error, rendered like any other.
#[test]
fn input_over_the_limit() {
    let input = format!("D:{}", "(A;;GA;;;WD)".repeat(100_000));
    let (stderr, out) = fmt_stderr(&[], format!("{input}\n").as_bytes());
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("sddl::limit-exceeded"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// Thousands of errors in one input: the first few are rendered, the rest counted.
#[test]
fn many_errors_are_capped() {
    let input = format!("D:{}", "(A;;XX;;;WD)".repeat(50));
    let (stderr, out) = fmt_stderr(&[&input], b"");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr.matches("sddl::unknown-right").count(),
        20,
        "{stderr}"
    );
    assert!(stderr.contains("(50 errors)"), "{stderr}");
    assert!(
        stderr.ends_with("  … and 30 more errors (`--format json` lists them all)\n"),
        "{stderr}"
    );
    let (_, out) = fmt_stderr(&["--format", "json", &input], b"");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["errors"].as_array().unwrap().len(), 50);
}
