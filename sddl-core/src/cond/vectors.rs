//! Conformance: the conditional-ACE and resource-attribute fields of the Windows vectors in
//! `tests/data/cond-vectors.jsonl` (from Samba's and Wine's test suites, which recorded
//! Windows' output). For every callback or `RA` ACE, the seventh field is parsed with this
//! module's functions; acceptance must agree with Windows, and the reprint must equal the field
//! Windows printed. Disagreements that remain are listed, with reasons, in
//! `tests/data/cond-known-differences.md`, and this test fails on any other.

use super::format::{write_condition, write_resource_attribute};
use super::parse::{parse_condition, parse_resource_attribute};
use crate::format::FormatOptions;
use crate::parse::ParseOptions;
use crate::sid::Sid;
use std::collections::BTreeMap;
use std::fmt::Write;

const VECTORS: &str = include_str!("../../tests/data/cond-vectors.jsonl");
const KNOWN: &str = include_str!("../../tests/data/cond-known-differences.md");

/// A JSON value of the flat objects in the vector file.
#[derive(Debug, Clone, PartialEq)]
enum J {
    Str(String),
    Bool(bool),
    Null,
}

/// Parses one flat JSON object (string, boolean and null values only).
fn parse_object(line: &str) -> BTreeMap<String, J> {
    let mut chars = line.trim().chars().peekable();
    let mut out = BTreeMap::new();
    assert_eq!(chars.next(), Some('{'));
    fn skip_ws(c: &mut std::iter::Peekable<std::str::Chars<'_>>) {
        while c.peek().is_some_and(|c| c.is_whitespace()) {
            c.next();
        }
    }
    fn string(c: &mut std::iter::Peekable<std::str::Chars<'_>>) -> String {
        assert_eq!(c.next(), Some('"'));
        let mut s = String::new();
        let mut pending_high: Option<u32> = None;
        loop {
            match c.next().expect("unterminated JSON string") {
                '"' => return s,
                '\\' => match c.next().unwrap() {
                    'n' => s.push('\n'),
                    't' => s.push('\t'),
                    'r' => s.push('\r'),
                    'b' => s.push('\u{8}'),
                    'f' => s.push('\u{c}'),
                    'u' => {
                        let hex: String = (0..4).map(|_| c.next().unwrap()).collect();
                        let u = u32::from_str_radix(&hex, 16).unwrap();
                        if (0xd800..0xdc00).contains(&u) {
                            pending_high = Some(u);
                        } else if (0xdc00..0xe000).contains(&u) {
                            let hi = pending_high.take().expect("lone low surrogate");
                            let cp = 0x10000 + ((hi - 0xd800) << 10) + (u - 0xdc00);
                            s.push(char::from_u32(cp).unwrap());
                        } else {
                            s.push(char::from_u32(u).unwrap());
                        }
                    }
                    other => s.push(other),
                },
                ch => s.push(ch),
            }
        }
    }
    loop {
        skip_ws(&mut chars);
        if chars.peek() == Some(&'}') {
            break;
        }
        let key = string(&mut chars);
        skip_ws(&mut chars);
        assert_eq!(chars.next(), Some(':'));
        skip_ws(&mut chars);
        let value = match chars.peek() {
            Some('"') => J::Str(string(&mut chars)),
            Some('t') => {
                chars.nth(3);
                J::Bool(true)
            }
            Some('f') => {
                chars.nth(4);
                J::Bool(false)
            }
            Some('n') => {
                chars.nth(3);
                J::Null
            }
            other => panic!("unsupported JSON value at {other:?}"),
        };
        out.insert(key, value);
        skip_ws(&mut chars);
        match chars.next() {
            Some(',') => continue,
            Some('}') => break,
            other => panic!("bad JSON object: {other:?}"),
        }
    }
    out
}

pub(crate) struct Vector {
    pub id: String,
    pub kind: String,
    pub input: String,
    pub expect_ok: bool,
    pub canonical: Option<String>,
    pub domain_sid: Option<Sid>,
    pub verified: Option<bool>,
}

fn parse_domain(s: &str) -> Sid {
    let r = crate::parse::parse_sid_str(s, 0..s.len(), &ParseOptions::default()).unwrap();
    *r.sid().unwrap()
}

pub(crate) fn vectors() -> Vec<Vector> {
    VECTORS
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(parse_object)
        .filter(|o| !o.contains_key("_comment"))
        .map(|o| {
            let s = |k: &str| match o.get(k) {
                Some(J::Str(s)) => Some(s.clone()),
                _ => None,
            };
            Vector {
                id: s("id").unwrap(),
                kind: s("kind").unwrap_or_else(|| "sd".into()),
                input: s("input").unwrap(),
                expect_ok: s("expect").as_deref() == Some("ok"),
                canonical: s("canonical"),
                domain_sid: s("domain_sid").map(|d| parse_domain(&d)),
                verified: match o.get("verified_on_windows") {
                    Some(J::Bool(b)) => Some(*b),
                    _ => None,
                },
            }
        })
        .collect()
}

/// The seventh field of a callback or `RA` ACE: where it starts and whether it is a claim.
#[derive(Debug)]
struct Field {
    start: usize,
    is_ra: bool,
}

/// Quote-aware: the `)` closing the `(` at `start`.
fn matching_paren(s: &str, start: usize) -> Option<usize> {
    let b = s.as_bytes();
    let mut depth = 0usize;
    let mut i = start;
    while i < b.len() {
        match b[i] {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            b'"' => i += b[i + 1..].iter().position(|&c| c == b'"')? + 1,
            _ => {}
        }
        i += 1;
    }
    None
}

/// Finds the seventh fields of the callback and `RA` ACEs of a descriptor string. ACE fields
/// before the seventh hold no `(`, `)`, `;` or `"`, so a plain scan finds them; the seventh is
/// skipped with a quote-aware scan.
fn fields(sd: &str) -> Vec<Field> {
    let b = sd.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'(' {
            i += 1;
            continue;
        }
        // An ACE: `(type;f;r;g;ig;sid[;x])`.
        let mut j = i + 1;
        let ty_start = j;
        while j < b.len() && !matches!(b[j], b';' | b')' | b'(') {
            j += 1;
        }
        let ty = sd[ty_start..j].trim().to_ascii_uppercase();
        let mut semis = 0;
        while j < b.len() && !matches!(b[j], b')' | b'(') {
            if b[j] == b';' {
                semis += 1;
                if semis == 6 {
                    break;
                }
            }
            j += 1;
        }
        if semis == 6 && matches!(ty.as_str(), "XA" | "XD" | "XU" | "ZA" | "RA") {
            let mut k = j + 1;
            while k < b.len() && b[k].is_ascii_whitespace() {
                k += 1;
            }
            if b.get(k) == Some(&b'(') {
                out.push(Field {
                    start: k,
                    is_ra: ty == "RA",
                });
                i = matching_paren(sd, k).unwrap_or(b.len());
                continue;
            }
        }
        i = j.max(i + 1);
    }
    out
}

/// Parses and reprints the field at `f` of `s`: `Ok(reprint)` or `Err(message)`, and checks
/// what the caller expects after the field (optional whitespace, then `)`).
fn reprint(
    s: &str,
    f: &Field,
    popts: &ParseOptions,
    fopts: &FormatOptions,
) -> Result<String, String> {
    let mut out = String::new();
    let end = if f.is_ra {
        let (a, end) = parse_resource_attribute(s, f.start, popts).map_err(|e| e.message)?;
        write_resource_attribute(&mut out, &a, fopts);
        end
    } else {
        let (c, end) = parse_condition(s, f.start, popts).map_err(|e| e.message)?;
        write_condition(&mut out, &c, fopts);
        end
    };
    if !s[end..].trim_start().starts_with(')') {
        return Err(format!("no `)` after the field: {:?}", &s[end..]));
    }
    Ok(out)
}

fn field_text<'s>(s: &'s str, f: &Field) -> &'s str {
    &s[f.start..matching_paren(s, f.start).unwrap_or(s.len())]
}

#[derive(Default)]
struct Tally {
    vectors: usize,
    agree: usize,
    fields: usize,
    fields_agree: usize,
}

#[test]
fn windows_vectors() {
    let known: Vec<&str> = KNOWN
        .lines()
        .filter_map(|l| l.strip_prefix("- `"))
        .filter_map(|l| l.split('`').next())
        .collect();
    let mut tallies: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut report = String::new();
    let mut unexpected = Vec::new();
    let mut undetermined = Vec::new();
    for v in vectors() {
        let popts = ParseOptions {
            domain_sid: v.domain_sid,
        };
        let fopts = FormatOptions {
            domain_sid: v.domain_sid,
        };
        let class = match v.verified {
            Some(true) => "verified on Windows",
            Some(false) => "test-suite expectation",
            None => "unrecorded",
        };
        let mut problems: Vec<String> = Vec::new();
        let nfields;
        let mut nagree = 0;
        if v.kind == "condition" {
            // A bare expression, as given to a condition compiler: it starts with `(`; the
            // caller checks what follows (at most the ACE's `)`).
            let s = v.input.as_str();
            let start = s.len() - s.trim_start().len();
            nfields = 1;
            let r = parse_condition(s, start, &popts).and_then(|(c, end)| {
                let rest = s[end..].trim();
                if rest.is_empty() || rest == ")" {
                    Ok(c)
                } else {
                    Err(crate::error::ParseError::new(
                        crate::ErrorCode::TrailingInput,
                        crate::Span::from_range(end, s.len()),
                        "text after the condition",
                    ))
                }
            });
            match (r, v.expect_ok) {
                (Ok(_), true) | (Err(_), false) => nagree = 1,
                (Ok(_), false) => problems.push("accepted; Windows rejects".into()),
                (Err(e), true) => {
                    problems.push(format!("rejected ({}); Windows accepts", e.message))
                }
            }
        } else {
            let fin = fields(&v.input);
            let fcanon = v.canonical.as_deref().map(fields);
            if let Some(fc) = &fcanon {
                assert_eq!(fc.len(), fin.len(), "{}: field count differs", v.id);
            }
            nfields = fin.len();
            let mut any_error = false;
            for (k, f) in fin.iter().enumerate() {
                let r = reprint(&v.input, f, &popts, &fopts);
                match (&r, v.expect_ok) {
                    (Ok(text), true) => {
                        let want = fcanon
                            .as_ref()
                            .map(|fc| field_text(v.canonical.as_deref().unwrap(), &fc[k]));
                        match want {
                            Some(w) if w != text => problems.push(format!(
                                "field {k} printed\n      {text}\n    Windows printed\n      {w}"
                            )),
                            _ => nagree += 1,
                        }
                    }
                    (Err(e), true) => problems.push(format!("field {k} rejected: {e}")),
                    (Err(_), false) => {
                        any_error = true;
                        nagree += 1;
                    }
                    (Ok(_), false) => nagree += 1,
                }
            }
            if !v.expect_ok && !any_error {
                // Windows rejects the descriptor, but every conditional field parses: the
                // fault is elsewhere (or this parser is too lenient). Not counted.
                undetermined.push(v.id.clone());
                continue;
            }
        }
        let t = tallies.entry(class).or_default();
        t.vectors += 1;
        t.fields += nfields;
        t.fields_agree += nagree;
        if problems.is_empty() {
            t.agree += 1;
        } else {
            let _ = writeln!(report, "{} ({class}): {}", v.id, v.input);
            for p in &problems {
                let _ = writeln!(report, "    {p}");
            }
            if !known.contains(&v.id.as_str()) {
                unexpected.push(v.id.clone());
            }
        }
    }
    let mut summary = String::new();
    for (class, t) in &tallies {
        let _ = writeln!(
            summary,
            "{class}: {}/{} vectors agree ({:.2}%), {}/{} fields",
            t.agree,
            t.vectors,
            100.0 * t.agree as f64 / t.vectors.max(1) as f64,
            t.fields_agree,
            t.fields
        );
    }
    let _ = writeln!(
        summary,
        "rejected by Windows, fault outside the conditional fields: {}",
        undetermined.join(", ")
    );
    // Visible with `cargo test -- --nocapture`.
    #[allow(clippy::print_stderr)]
    {
        eprintln!("{summary}{report}");
    }
    let verified = &tallies["verified on Windows"];
    assert!(
        verified.agree * 1000 >= verified.vectors * 995,
        "Windows-verified agreement below 99.5%:\n{summary}"
    );
    assert!(
        unexpected.is_empty(),
        "disagreements not listed in cond-known-differences.md: {unexpected:?}\n{report}"
    );
}
