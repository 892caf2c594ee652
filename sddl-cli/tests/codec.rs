//! `sddl encode` and `sddl decode` end to end: the built binary against Windows' own bytes.
//!
//! The contract is documented in `docs/cli.md`.

mod common;

use common::{code, json_lines, run, stderr, stdout, windows_vectors};

/// Vectors recorded on Windows, with the bytes Windows produced: an AD descriptor with object
/// ACEs, conditional ACEs, a resource attribute, an audit ACE, a protected DACL with owner and
/// group, and a domain-relative alias.
const VECTORS: &[&str] = &[
    "samba-634",
    "samba-7508",
    "samba-7517",
    "samba-636",
    "samba-1151",
    "samba-620",
];

#[test]
fn encode_gives_windows_bytes() {
    for v in windows_vectors(VECTORS) {
        let want = v.binary_hex.as_deref().unwrap().to_ascii_lowercase();
        let mut args = vec!["encode"];
        if let Some(d) = &v.domain_sid {
            args.extend(["--domain-sid", d]);
        }
        args.push(&v.input);
        let out = run(&args, None);
        assert_eq!(code(&out), 0, "{}: {}", v.id, stderr(&out));
        assert_eq!(stdout(&out), format!("{want}\n"), "{}", v.id);
    }
}

#[test]
fn decode_gives_windows_canonical_string() {
    for v in windows_vectors(VECTORS) {
        let mut args = vec!["decode"];
        if let Some(d) = &v.domain_sid {
            args.extend(["--domain-sid", d]);
        }
        let hex = v.binary_hex.as_deref().unwrap();
        args.push(hex);
        let out = run(&args, None);
        assert_eq!(code(&out), 0, "{}: {}", v.id, stderr(&out));
        let want = v.canonical.as_deref().unwrap();
        assert_eq!(stdout(&out), format!("{want}\n"), "{}", v.id);
    }
}

#[test]
fn round_trips_through_stdin_in_every_format() {
    let vectors = windows_vectors(VECTORS);
    // Without a domain SID, domain SIDs print numerically, so feed the numeric form.
    let sddl: String = vectors
        .iter()
        .filter(|v| v.id != "samba-620")
        .map(|v| format!("{}\n", v.canonical.as_deref().unwrap()))
        .collect();
    for format in ["hex", "base64"] {
        let encoded = run(&["encode", "--format", format], Some(sddl.as_bytes()));
        assert_eq!(code(&encoded), 0, "{}", stderr(&encoded));
        assert_eq!(stdout(&encoded).lines().count(), vectors.len() - 1);
        let decoded = run(&["decode"], Some(stdout(&encoded).as_bytes()));
        assert_eq!(code(&decoded), 0, "{format}: {}", stderr(&decoded));
        assert_eq!(stdout(&decoded), sddl, "{format}");
    }
}

#[test]
fn base64_and_hex_spell_the_same_bytes() {
    let hex = run(&["encode", "O:BAG:SYD:P(A;OICI;FA;;;WD)"], None);
    let b64 = run(
        &[
            "encode",
            "--format",
            "base64",
            "O:BAG:SYD:P(A;OICI;FA;;;WD)",
        ],
        None,
    );
    let hex = stdout(&hex).trim();
    // Decoding either (hex with spaces and upper case too) gives the same descriptor.
    let spaced: String = hex
        .to_ascii_uppercase()
        .as_bytes()
        .chunks(8)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect::<Vec<_>>()
        .join(" ");
    let out = run(&["decode", hex, stdout(&b64).trim(), &spaced], None);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "O:BAG:SYD:P(A;OICI;FA;;;WD)\n".repeat(3),
        "{}",
        stderr(&out)
    );
}

#[test]
fn encode_json_lines_one_per_input() {
    let out = run(
        &["encode", "--format", "json"],
        Some(b"D:(A;;GA;;;WD)\nD:(A;;XX;;;WD)\nO:DA\n"),
    );
    assert_eq!(code(&out), 1);
    assert_eq!(stderr(&out), "");
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["ok"], true);
    assert_eq!(lines[0]["input"], "D:(A;;GA;;;WD)");
    assert_eq!(
        lines[0]["hex"],
        "010004800000000000000000000000001400000002001c00010000000000140000000010010100000000000100000000"
    );
    assert!(lines[0].get("errors").is_none());
    assert_eq!(lines[1]["ok"], false);
    assert!(lines[1].get("hex").is_none());
    assert_eq!(lines[1]["errors"][0]["code"], "sddl::unknown-right");
    assert_eq!(lines[1]["errors"][0]["start"], 6);
    assert_eq!(lines[1]["errors"][0]["end"], 8);
    // A domain alias without a domain SID parses but cannot be encoded: the error points at it.
    assert_eq!(lines[2]["errors"][0]["code"], "binary::unresolved-alias");
    assert_eq!(lines[2]["errors"][0]["start"], 2);
    assert_eq!(lines[2]["errors"][0]["end"], 4);
}

#[test]
fn encode_needs_the_domain_for_domain_aliases() {
    let input = "D:(A;;GA;;;WD)(A;;GA;;;DA)";
    let out = run(&["encode", input], None);
    assert_eq!(code(&out), 1);
    assert_eq!(stdout(&out), "");
    assert!(stderr(&out).contains("binary::unresolved-alias"));
    assert!(stderr(&out).contains("--domain-sid"));
    let domain = "S-1-5-21-1-2-3";
    let out = run(&["encode", "--domain-sid", domain, input], None);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // Decoding with the same domain gives the alias back.
    let hex = stdout(&out).trim().to_string();
    let back = run(&["decode", "--domain-sid", domain, &hex], None);
    assert_eq!(stdout(&back), format!("{input}\n"));
    let numeric = run(&["decode", &hex], None);
    assert_eq!(
        stdout(&numeric),
        "D:(A;;GA;;;WD)(A;;GA;;;S-1-5-21-1-2-3-512)\n"
    );
}

#[test]
fn decode_reports_structural_faults_at_their_byte() {
    // The descriptor of `D:` with its DACL offset (bytes 16..20) pointing past the end.
    let out = run(
        &[
            "decode",
            "--format",
            "json",
            "0100048000000000000000000000000040000000",
        ],
        None,
    );
    assert_eq!(code(&out), 1);
    let line = &json_lines(&out)[0];
    assert_eq!(line["ok"], false);
    assert_eq!(line["errors"][0]["code"], "binary::offset-out-of-range");
    assert_eq!(line["errors"][0]["start"], 16);
    assert_eq!(line["errors"][0]["end"], 17);
    assert!(line.get("canonical").is_none());
}

#[test]
fn decode_rejects_text_that_is_neither_hex_nor_base64() {
    let out = run(&["decode", "--format", "json", "01 00 zz!", "010"], None);
    assert_eq!(code(&out), 1);
    let lines = json_lines(&out);
    assert_eq!(lines[0]["errors"][0]["code"], "decode::invalid-base64");
    assert_eq!(lines[0]["errors"][0]["start"], 8); // the `!`, in the text
    assert_eq!(lines[1]["errors"][0]["code"], "decode::invalid-hex");
    // Text mode renders the same errors on stderr, naming each input.
    let out = run(&["decode", "01 00 zz!", "010"], None);
    assert_eq!(code(&out), 1);
    assert_eq!(stdout(&out), "");
    assert!(stderr(&out).contains("<argument 1>"));
    assert!(stderr(&out).contains("decode::invalid-hex"));
}

/// The bytes of `D:(A;;GA;;;WD)`, its one ACE at byte 28.
fn allow_everyone() -> Vec<u8> {
    let out = run(&["encode", "D:(A;;GA;;;WD)"], None);
    hex_bytes(stdout(&out).trim())
}

fn hex_bytes(hex: &str) -> Vec<u8> {
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect()
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn decode_refuses_aces_sddl_cannot_express() {
    let mut unknown = allow_everyone();
    assert_eq!(unknown[28], 0x00);
    unknown[28] = 0x16; // no ACE type has this code
    let mut compound = allow_everyone();
    compound[28] = 0x04; // ACCESS_ALLOWED_COMPOUND_ACE_TYPE
    let out = run(
        &[
            "decode",
            "--format",
            "json",
            &to_hex(&unknown),
            &to_hex(&compound),
        ],
        None,
    );
    assert_eq!(code(&out), 1);
    for line in json_lines(&out) {
        assert_eq!(line["ok"], false, "{line}");
        assert!(line.get("canonical").is_none());
        assert_eq!(line["errors"][0]["code"], "decode::unprintable-ace");
        assert_eq!(line["errors"][0]["start"], 28);
    }
    // Text mode prints nothing on stdout for it.
    let out = run(&["decode", &to_hex(&unknown)], None);
    assert_eq!(code(&out), 1);
    assert_eq!(stdout(&out), "");
    assert!(stderr(&out).contains("0x16"), "{}", stderr(&out));
}

#[test]
fn decode_refuses_application_data_that_is_not_a_condition() {
    let out = run(
        &[
            "encode",
            "D:(A;;GA;;;WD)(XA;;GA;;;WD;(Member_of {SID(BA)}))",
        ],
        None,
    );
    let mut bytes = hex_bytes(stdout(&out).trim());
    let magic = bytes
        .windows(4)
        .position(|w| w == b"artx")
        .expect("conditional ACEs start with `artx`");
    bytes[magic] = b'X';
    let out = run(&["decode", "--format", "json", &to_hex(&bytes)], None);
    assert_eq!(code(&out), 1);
    let line = &json_lines(&out)[0];
    assert_eq!(line["errors"][0]["code"], "decode::unprintable-ace");
    // The second ACE: 28 + the 20 bytes of the first.
    assert_eq!(line["errors"][0]["start"], 48);
    assert!(line["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("ace 1 of the dacl"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(code(&run(&["encode", "--format", "xml", "D:"], None)), 2);
    assert_eq!(code(&run(&["decode", "--format", "hex", "00"], None)), 2);
    assert_eq!(code(&run(&["encode", "--domain-sid", "BA", "D:"], None)), 2);
}

#[test]
fn empty_stdin_is_no_input() {
    for cmd in ["encode", "decode"] {
        let out = run(&[cmd], Some(b""));
        assert_eq!(code(&out), 0);
        assert_eq!(stdout(&out), "");
    }
}

/// The JSON examples in `docs/cli.md` are what the command of their section prints.
#[test]
fn docs_json_examples_are_current() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/cli.md"))
        .expect("docs/cli.md");
    let mut command = None;
    let mut checked = 0;
    for line in doc.lines().map(str::trim) {
        if let Some(heading) = line.strip_prefix("## `sddl ") {
            command = heading.split('`').next().map(str::to_owned);
        }
        if !line.starts_with("{\"input\":") {
            continue;
        }
        let cmd = command
            .as_deref()
            .expect("an example under a command's heading");
        let v: serde_json::Value = serde_json::from_str(line).expect("example is JSON");
        let input = v["input"].as_str().unwrap();
        let out = run(&[cmd, "--format", "json", input], None);
        assert_eq!(stdout(&out).trim_end(), line, "{cmd}");
        checked += 1;
    }
    assert!(checked >= 4, "examples found: {checked}");
}
