//! `sddl fmt` end to end: the built binary, its arguments, stdin, output formats and exit codes.
//!
//! The contract under test is documented in `README.md` ("The `fmt` contract").

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const DOMAIN: &str = "S-1-5-21-2457507606-2709100691-398136650";

fn sddl() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sddl"));
    cmd.env_remove("NO_COLOR");
    cmd
}

/// Runs `sddl` with `args`, feeding `stdin` (closed at once when `None`).
fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = sddl()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn sddl");
    let mut pipe = child.stdin.take().expect("stdin pipe");
    let input = stdin.unwrap_or_default().to_vec();
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().expect("wait for sddl");
    writer.join().expect("stdin writer");
    out
}

fn stdout(out: &Output) -> &str {
    std::str::from_utf8(&out.stdout).expect("stdout is UTF-8")
}

fn stderr(out: &Output) -> &str {
    std::str::from_utf8(&out.stderr).expect("stderr is UTF-8")
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("exited normally")
}

/// The JSON objects of `--format json` output, one per line.
fn json_lines(out: &Output) -> Vec<Value> {
    stdout(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l:?}: {e}")))
        .collect()
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    k.sort_unstable();
    k
}

// ---- text output ----------------------------------------------------------------------------

#[test]
fn prints_canonical_form_of_an_argument() {
    let out = run(&["fmt", "D:(A;;RPLCLORC;;;BO)"], None);
    assert_eq!(stdout(&out), "D:(A;;LCRPLORC;;;BO)\n");
    assert_eq!(stderr(&out), "");
    assert_eq!(code(&out), 0);
}

#[test]
fn canonical_input_is_unchanged() {
    let input = "O:BAG:SYD:PAI(A;OICI;GA;;;WD)(D;;WDWO;;;AN)S:(AU;FA;GA;;;WD)";
    let out = run(&["fmt", input], None);
    assert_eq!(stdout(&out), format!("{input}\n"));
    assert_eq!(code(&out), 0);
}

#[test]
fn several_arguments_print_in_order() {
    let out = run(&["fmt", "S:D:", "G:SYO:BA", ""], None);
    assert_eq!(stdout(&out), "D:S:\nO:BAG:SY\n\n");
    assert_eq!(code(&out), 0);
}

#[test]
fn reads_stdin_without_arguments() {
    let out = run(&["fmt"], Some(b"O:BA\r\nD:(A;;RPLCLORC;;;BO)\nG:SY"));
    assert_eq!(stdout(&out), "O:BA\nD:(A;;LCRPLORC;;;BO)\nG:SY\n");
    assert_eq!(code(&out), 0);
}

#[test]
fn dash_reads_stdin_in_place() {
    let out = run(&["fmt", "O:BA", "-", "O:SY"], Some(b"G:BA\nG:SY\n"));
    assert_eq!(stdout(&out), "O:BA\nG:BA\nG:SY\nO:SY\n");
    assert_eq!(code(&out), 0);
}

#[test]
fn empty_stdin_is_no_input() {
    let out = run(&["fmt"], Some(b""));
    assert_eq!(stdout(&out), "");
    assert_eq!(stderr(&out), "");
    assert_eq!(code(&out), 0);
}

#[test]
fn empty_line_is_the_empty_descriptor() {
    // Windows accepts "" as a descriptor with no parts, and prints it back as "".
    let out = run(&["fmt", "--format", "json"], Some(b"\n"));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["input"], "");
    assert_eq!(lines[0]["ok"], true);
    assert_eq!(lines[0]["canonical"], "");
    assert_eq!(code(&out), 0);
}

#[test]
fn invalid_input_goes_to_stderr_and_exits_1() {
    let out = run(&["fmt", "O:BA", "D:(A;;XX;;;WD)", "G:SY"], None);
    assert_eq!(stdout(&out), "O:BA\nG:SY\n");
    assert!(
        stderr(&out).contains("sddl::unknown-right"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("<argument 2>"), "{}", stderr(&out));
    assert_eq!(code(&out), 1);
}

#[test]
fn stdin_diagnostics_name_the_line() {
    let out = run(&["fmt"], Some(b"O:BA\nO:BA\nD:(A;;XX;;;WD)\n"));
    assert!(stderr(&out).contains("[<stdin>:3:"), "{}", stderr(&out));
    assert_eq!(code(&out), 1);
}

#[test]
fn diagnostics_off_a_terminal_have_no_colour() {
    let out = run(&["fmt", "D:(A;;XX;;;WD)"], None);
    assert!(!stderr(&out).is_empty());
    assert!(!stderr(&out).contains('\u{1b}'), "{:?}", stderr(&out));
    assert_eq!(code(&out), 1);
}

// ---- JSON output ----------------------------------------------------------------------------

#[test]
fn json_valid_shape() {
    let out = run(
        &["fmt", "--format", "json", "D:(A;;RPLCLORC;;;BO)", "O:BA"],
        None,
    );
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 2);
    for line in &lines {
        assert_eq!(keys(line), ["canonical", "input", "ok"]);
        assert_eq!(line["ok"], true);
    }
    assert_eq!(lines[0]["input"], "D:(A;;RPLCLORC;;;BO)");
    assert_eq!(lines[0]["canonical"], "D:(A;;LCRPLORC;;;BO)");
    assert_eq!(lines[1]["canonical"], "O:BA");
    assert_eq!(stderr(&out), "");
    assert_eq!(code(&out), 0);
}

#[test]
fn json_key_order_is_input_ok_then_result() {
    let out = run(&["fmt", "--format", "json", "O:BA"], None);
    assert_eq!(
        stdout(&out),
        "{\"input\":\"O:BA\",\"ok\":true,\"canonical\":\"O:BA\"}\n"
    );
}

#[test]
fn json_invalid_shape() {
    let input = "D:(A;;XX;;;WD)";
    let out = run(&["fmt", "--format", "json", "O:BA", input], None);
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 2);
    let bad = &lines[1];
    assert_eq!(keys(bad), ["errors", "input", "ok"]);
    assert_eq!(bad["input"], input);
    assert_eq!(bad["ok"], false);
    let errors = bad["errors"].as_array().expect("errors array");
    assert!(!errors.is_empty());
    for e in errors {
        assert_eq!(keys(e), ["code", "end", "message", "start"]);
        assert!(e["code"].as_str().unwrap().starts_with("sddl::"));
        assert!(!e["message"].as_str().unwrap().is_empty());
        let (start, end) = (e["start"].as_u64().unwrap(), e["end"].as_u64().unwrap());
        assert!(start <= end && end as usize <= input.len(), "{e}");
    }
    assert_eq!(errors[0]["code"], "sddl::unknown-right");
    assert_eq!(
        (&errors[0]["start"], &errors[0]["end"]),
        (&6.into(), &8.into())
    );
    // In JSON mode the errors are data: nothing is rendered.
    assert_eq!(stderr(&out), "");
    assert_eq!(code(&out), 1);
}

#[test]
fn json_one_object_per_stdin_line_in_order() {
    let input = b"O:BA\nD:(A;;XX;;;WD)\n\nG:SY\r\n";
    let out = run(&["fmt", "--format", "json"], Some(input));
    let lines = json_lines(&out);
    let inputs: Vec<&str> = lines.iter().map(|l| l["input"].as_str().unwrap()).collect();
    assert_eq!(inputs, ["O:BA", "D:(A;;XX;;;WD)", "", "G:SY"]);
    let oks: Vec<bool> = lines.iter().map(|l| l["ok"].as_bool().unwrap()).collect();
    assert_eq!(oks, [true, false, true, true]);
    assert_eq!(code(&out), 1);
}

// ---- invalid UTF-8 --------------------------------------------------------------------------

#[test]
fn invalid_utf8_line_is_an_error_for_that_line_only() {
    let out = run(
        &["fmt", "--format", "json"],
        Some(b"O:BA\nD:\xff(A;;GA;;;WD)\nG:SY\n"),
    );
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["ok"], true);
    assert_eq!(lines[2]["ok"], true);
    let bad = &lines[1];
    assert_eq!(bad["ok"], false);
    assert_eq!(bad["input"], "D:\u{FFFD}(A;;GA;;;WD)");
    let errors = bad["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["code"], "sddl::invalid-utf8");
    // Byte offsets into the original line: the 0xff byte.
    assert_eq!(errors[0]["start"], 2);
    assert_eq!(errors[0]["end"], 3);
    assert_eq!(code(&out), 1);
}

#[test]
fn invalid_utf8_offsets_cover_the_whole_bad_sequence() {
    // A truncated 3-byte sequence (E2 82) followed by ASCII: one invalid sequence of 2 bytes.
    let out = run(&["fmt", "--format", "json"], Some(b"O:\xe2\x82BA\n"));
    let lines = json_lines(&out);
    assert_eq!(lines[0]["errors"][0]["start"], 2);
    assert_eq!(lines[0]["errors"][0]["end"], 4);
}

#[test]
fn invalid_utf8_in_text_mode_is_rendered() {
    let out = run(&["fmt"], Some(b"O:BA\n\xff\nG:SY\n"));
    assert_eq!(stdout(&out), "O:BA\nG:SY\n");
    assert!(
        stderr(&out).contains("sddl::invalid-utf8"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("[<stdin>:2:1]"), "{}", stderr(&out));
    assert_eq!(code(&out), 1);
}

#[cfg(unix)]
#[test]
fn invalid_utf8_argument_is_an_input_error_not_a_usage_error() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let out = sddl()
        .args([
            OsStr::new("fmt"),
            OsStr::new("--format"),
            OsStr::new("json"),
        ])
        .arg(OsStr::from_bytes(b"O:\xffBA"))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["errors"][0]["code"], "sddl::invalid-utf8");
    assert_eq!(code(&out), 1);
}

// ---- --domain-sid ---------------------------------------------------------------------------

#[test]
fn domain_sid_resolves_and_prints_domain_aliases() {
    let out = run(
        &[
            "fmt",
            "--domain-sid",
            DOMAIN,
            "O:DAG:DU",
            &format!("O:{DOMAIN}-500"),
        ],
        None,
    );
    assert_eq!(stdout(&out), "O:DAG:DU\nO:LA\n");
    assert_eq!(code(&out), 0);
}

#[test]
fn without_domain_sid_domain_sids_print_numerically() {
    let out = run(&["fmt", &format!("O:{DOMAIN}-500")], None);
    assert_eq!(stdout(&out), format!("O:{DOMAIN}-500\n"));
    assert_eq!(code(&out), 0);
}

#[test]
fn bad_domain_sid_is_a_usage_error() {
    for bad in ["BA", "DA", "S-1-5", "S-1-2-3G:BA", "nonsense", ""] {
        let out = run(&["fmt", "--domain-sid", bad, "O:BA"], None);
        assert_eq!(code(&out), 2, "--domain-sid {bad:?}");
        assert_eq!(stdout(&out), "", "--domain-sid {bad:?}");
        assert!(stderr(&out).contains("--domain-sid"), "{}", stderr(&out));
    }
}

// ---- usage ----------------------------------------------------------------------------------

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["fmt", "--format", "yaml", "O:BA"][..],
        &["fmt", "--no-such-flag"],
        &["no-such-command"],
        &[],
    ] {
        let out = run(args, None);
        assert_eq!(code(&out), 2, "sddl {args:?}");
        assert_eq!(stdout(&out), "", "sddl {args:?}");
        assert!(!stderr(&out).is_empty(), "sddl {args:?}");
    }
}

#[test]
fn help_documents_exit_status() {
    let out = run(&["fmt", "--help"], None);
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("--domain-sid"));
    assert!(stdout(&out).contains("Exit status: 0"));
}

// ---- streams --------------------------------------------------------------------------------

#[test]
fn closed_stdout_exits_quietly() {
    let mut child = sddl()
        .args(["fmt"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader hangs up before anything is written
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let line = b"O:BAG:SYD:(A;;GA;;;WD)\n".repeat(1000);
        for _ in 0..100 {
            if stdin.write_all(&line).is_err() {
                break;
            }
        }
    });
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    writer.join().unwrap();
    assert_eq!(err, "");
    assert_eq!(status.code(), Some(0));
}

#[test]
fn answers_each_stdin_line_before_the_next_arrives() {
    // A program driving `sddl fmt` as a coprocess writes a line, then waits for the answer.
    let mut child = sddl()
        .args(["fmt", "--format", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for _ in 0..2 {
            let mut line = String::new();
            stdout.read_line(&mut line).unwrap();
            tx.send(line).unwrap();
        }
    });
    for input in ["O:BA", "G:SY"] {
        writeln!(stdin, "{input}").unwrap();
        stdin.flush().unwrap();
        let answer = rx.recv_timeout(Duration::from_secs(20));
        let Ok(answer) = answer else {
            let _ = child.kill();
            panic!("no answer to {input:?} while stdin stays open");
        };
        let v: Value = serde_json::from_str(&answer).unwrap();
        assert_eq!(v["input"], input);
    }
    drop(stdin);
    reader.join().unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(0));
}

// ---- documentation ----------------------------------------------------------------------------

/// The JSON example in the README's `fmt` contract is what `sddl fmt --format json` prints.
#[test]
fn readme_json_example_is_current() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"))
        .expect("README.md");
    let examples: Vec<&str> = readme
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("{\"input\":"))
        .collect();
    assert!(examples.len() >= 2, "no JSON example found in README.md");
    for example in examples {
        let v: Value = serde_json::from_str(example).expect("README example is JSON");
        let input = v["input"].as_str().unwrap();
        let out = run(&["fmt", "--format", "json", input], None);
        assert_eq!(stdout(&out).trim_end(), example);
    }
}
