//! Running the built `sddl` binary from integration tests.
#![allow(dead_code)] // each test file uses a different subset

use std::io::Write;
use std::process::{Command, Output, Stdio};

pub fn sddl() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sddl"));
    cmd.env_remove("NO_COLOR").env_remove("COLUMNS");
    cmd
}

/// Runs `sddl` with `args` and `envs`, feeding `stdin` (closed at once when `None`).
pub fn run_env(args: &[&str], envs: &[(&str, &str)], stdin: Option<&[u8]>) -> Output {
    let mut child = sddl()
        .args(args)
        .envs(envs.iter().copied())
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

pub fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    run_env(args, &[], stdin)
}

pub fn stdout(out: &Output) -> &str {
    std::str::from_utf8(&out.stdout).expect("stdout is UTF-8")
}

pub fn stderr(out: &Output) -> &str {
    std::str::from_utf8(&out.stderr).expect("stderr is UTF-8")
}

pub fn code(out: &Output) -> i32 {
    out.status.code().expect("exited normally")
}

/// The JSON objects of `--format json` output, one per line.
pub fn json_lines(out: &Output) -> Vec<serde_json::Value> {
    stdout(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l:?}: {e}")))
        .collect()
}

/// One vector of `tests/data/windows-vectors.jsonl`.
#[derive(Debug, serde::Deserialize)]
pub struct Vector {
    pub id: String,
    pub input: String,
    pub canonical: Option<String>,
    pub binary_hex: Option<String>,
    pub domain_sid: Option<String>,
}

/// The Windows vectors with these ids, in the order given.
pub fn windows_vectors(ids: &[&str]) -> Vec<Vector> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/data/windows-vectors.jsonl"
    );
    let text = std::fs::read_to_string(path).expect("read windows-vectors.jsonl");
    let all: Vec<Vector> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("vector"))
        .collect();
    ids.iter()
        .map(|id| {
            let v = all.iter().find(|v| v.id == *id).expect("vector id");
            Vector {
                id: v.id.clone(),
                input: v.input.clone(),
                canonical: v.canonical.clone(),
                binary_hex: v.binary_hex.clone(),
                domain_sid: v.domain_sid.clone(),
            }
        })
        .collect()
}
