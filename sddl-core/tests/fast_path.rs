//! The parser's fast path for ACEs against the general parser (`parse_reference`, which parses
//! every ACE field by field): the same descriptor, spans and errors on generated, hand-picked
//! and mutated SDDL. And `canonicalize`'s one-pass path against `parse` then `to_sddl`
//! (`canonicalize_reference`): the same text, or the same errors. The `parse` fuzz target
//! compares both pairs too.

use proptest::prelude::*;

#[path = "common/sddl_text.rs"]
mod sddl_text;
use sddl_core::parse::{canonicalize_reference, parse_reference};
use sddl_core::{canonicalize, parse, ParseOptions, Sid};
use sddl_text::descriptor;

fn domain() -> ParseOptions {
    ParseOptions {
        domain_sid: Some(Sid::new(1, 5, &[21, 1, 2, 3]).unwrap()),
    }
}

fn full_domain() -> ParseOptions {
    // No room for a RID: domain aliases fail to resolve.
    ParseOptions {
        domain_sid: Some(Sid::new(1, 5, &[1; 15]).unwrap()),
    }
}

fn same(s: &str) -> Result<(), TestCaseError> {
    for opts in [ParseOptions::default(), domain(), full_domain()] {
        let fast = parse(s, &opts);
        let reference = parse_reference(s, &opts);
        prop_assert_eq!(&fast.sd, &reference.sd, "{:?}", s);
        prop_assert_eq!(&fast.errors, &reference.errors, "{:?}", s);
        match (canonicalize(s, &opts), canonicalize_reference(s, &opts)) {
            (Ok(fused), Ok(reference)) => prop_assert_eq!(fused, reference, "{:?}", s),
            (Err(fused), Err(reference)) => prop_assert_eq!(fused, reference, "{:?}", s),
            (fused, reference) => prop_assert!(
                false,
                "{:?}: canonicalize {:?}, reference {:?}",
                s,
                fused,
                reference
            ),
        }
    }
    Ok(())
}

/// Field texts at and around the edges of what the fast path takes.
const TYPES: &[&str] = &[
    "A", "D", "OA", "OD", "AU", "OU", "ML", "SP", "XA", "XD", "ZA", "XU", "RA", "FL", "a", "oA",
    " A", "A ", "", "Q", "AUX", "A(", "é",
];
const FLAGS: &[&str] = &[
    "", "OI", "CI", "OICIID", "oiCi", "TP", "SAFA", "CR", " OI", "OI ", "O", "XX", "OIX", "é",
];
const RIGHTS: &[&str] = &[
    "",
    "GA",
    "ga",
    "GAGR",
    "FA",
    "KX",
    "0x1f01ff",
    "0X1F",
    "123",
    "0",
    "00",
    "0777",
    "08",
    "0x",
    "0xg",
    "-1",
    "+5",
    "GA 0x1",
    " GA",
    "GA ",
    "G",
    "GAx",
    "4294967296",
    "99999999999999999999",
    "FA0x10",
    "0x10GA",
    "GA1",
    "1GA",
    "0x10x",
    "NWNR",
    "é",
];
const GUIDS: &[&str] = &[
    "",
    " ",
    "bf967aa8-0de6-11d0-a285-00aa003049e2",
    "BF967AA8-0DE6-11D0-A285-00AA003049E2",
    " bf967aa8-0de6-11d0-a285-00aa003049e2",
    "bf967aa8-0de6-11d0-a285-00aa003049e2 ",
    "{bf967aa8-0de6-11d0-a285-00aa003049e2}",
    "bf967aa8-0de6-11d0-a285-00aa003049e",
    "bf967aa8-0de6-11d0-a285-00aa003049e2a",
    "bf967aa8-0de6-11d0-a285-00aa003049eg",
    "bf967aa8+0de6-11d0-a285-00aa003049e2",
    "bf967aa8-0de6-11d0-a285-00aa003049é",
];
const SIDS: &[&str] = &[
    "WD",
    "wd",
    "Ba",
    "DA",
    "LA",
    "RO",
    "XX",
    "W",
    "WDX",
    " WD",
    "WD ",
    "",
    "S-1-5-32-544",
    "s-1-5-32-544",
    "S-1-5-21-1-2-3-500",
    "S-1-5-21-1-2-3-4-500",
    "S-1-0x5-1",
    "S-0x1-5-1",
    "S-1-5-0x20",
    "S-1-5-0X20",
    "S-1-5",
    "S-1-5-",
    "S-1-5--1",
    "S-01-5-1",
    "S-1-05-1",
    "S-1-5-00000000001",
    "S-1-0000000005-1",
    "S-1-00000000005-1",
    "S-1-281474976710655-1",
    "S-1-281474976710656-1",
    "S-1-9999999999-1",
    "S-1-99999999999-1",
    "S-1-5-4294967295",
    "S-1-5-4294967296",
    "S-1-5-9999999999",
    "S-1-5-99999999999",
    "S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15",
    "S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15-16",
    "S-1-5-1 ",
    "S- 1-5-1",
    "S-1- 5-1",
    "S-1-5-1x",
    "S-2-5-1",
    "S-1",
    "S-",
    "s-1-1-0",
    "S-1-5-1é",
];
const TAILS: &[&str] = &[
    ")",
    ";(@User.x == 1))",
    "; (@User.x == 1) )",
    ";(@User.x == 1)",
    ";(\"a\",TS,0x0,\"b\"))",
    ";(\"a\",TS,0x0,\"b\") )",
    ";(Member_of {SID(DA)}))",
    ";)",
    ";x)",
    ";",
    "",
    "(",
    ";;)",
    ")x",
];

/// Mostly what the fast path takes, sometimes one of the edge cases above.
fn pick(common: &'static [&'static str], edges: &'static [&'static str]) -> BoxedStrategy<String> {
    prop_oneof![
        3 => prop::sample::select(common).prop_map(str::to_string),
        1 => prop::sample::select(edges).prop_map(str::to_string),
    ]
    .boxed()
}

/// A decimal SID the fast path takes, or nearly.
fn numeric_sid() -> impl Strategy<Value = String> {
    (
        prop_oneof![
            Just(5u64),
            0u64..100,
            Just(9_999_999_999),
            Just(10_000_000_000)
        ],
        prop::collection::vec(prop_oneof![0u32..1000, any::<u32>(), Just(u32::MAX)], 0..17),
        any::<u8>(),
    )
        .prop_map(|(a, subs, quirks)| {
            // Now and then a lower-case `s` or a leading zero (the text is then not what
            // Windows prints).
            let s0 = if quirks % 8 == 0 { "s" } else { "S" };
            let mut s = format!("{s0}-1-{a}");
            for (i, x) in subs.into_iter().enumerate() {
                let zero = if quirks % 8 == 1 && i == quirks as usize % 5 {
                    "0"
                } else {
                    ""
                };
                s.push_str(&format!("-{zero}{x}"));
            }
            s
        })
}

fn soup_ace() -> impl Strategy<Value = String> {
    (
        pick(&["A", "D", "OA", "AU", "OU", "ML", "XA", "RA"], TYPES),
        pick(&["", "OI", "CIID", "SA"], FLAGS),
        pick(&["", "GA", "FA", "RPWP", "0x1f01ff", "983551"], RIGHTS),
        pick(&["", "", "", "bf967aa8-0de6-11d0-a285-00aa003049e2"], GUIDS),
        pick(&["", "", "", "BF967AA8-0DE6-11D0-A285-00AA003049E2"], GUIDS),
        prop_oneof![
            2 => pick(&["WD", "DA", "BA", "S-1-5-32-544", "S-1-5-21-1-2-3-500"], SIDS),
            1 => numeric_sid(),
        ],
        pick(
            &[")", ")", ")", ";(@User.x == 1))", ";(\"a\",TS,0x0,\"b\"))"],
            TAILS,
        ),
    )
        .prop_map(|(t, f, r, g1, g2, s, tail)| format!("({t};{f};{r};{g1};{g2};{s}{tail}"))
}

/// Owner and group parts, in and out of the shapes `canonicalize` reads in one pass.
const OWNERS: &[&str] = &[
    "",
    "",
    "O:BA",
    "G:SY",
    "O:BAG:SY",
    "O:S-1-5-21-1-2-3-500G:DU",
    "O:S-1-5-21-3127877499-2930549411-2128277857-519",
    "O:s-1-5-32-544",
    "O:S-1-05-1",
    "O:S-1-4294967296-1",
    "G:DA",
    "O:LA",
    "O: BA",
    "O:BA ",
    "O:XX",
    "O:",
    "G:SYO:BA",
    "O:BAO:SY",
];

fn soup_descriptor() -> impl Strategy<Value = String> {
    (
        prop::sample::select(OWNERS),
        prop::sample::select(
            &[
                "D:",
                "S:",
                "D:P",
                "S:AI",
                "D:NO_ACCESS_CONTROL",
                "D:PAI",
                "D: P",
            ][..],
        ),
        prop::collection::vec(soup_ace(), 0..4),
        prop::sample::select(
            &[
                "",
                "S:(AU;;GA;;;WD)",
                "D:(A;;GA;;;WD)",
                " ",
                "x",
                "G:BA",
                "S:",
            ][..],
        ),
    )
        .prop_map(|(owner, head, aces, tail)| format!("{owner}{head}{}{tail}", aces.concat()))
}

/// A generated descriptor with one byte inserted, replaced or removed.
fn mutated() -> impl Strategy<Value = String> {
    (
        descriptor(),
        any::<prop::sample::Index>(),
        0..3u8,
        prop::sample::select(&[" ", ";", "(", ")", "-", "0", "x", "S", "é", "A", "9", "\""][..]),
    )
        .prop_map(|(d, at, op, c)| {
            if d.is_empty() {
                return d;
            }
            let mut i = at.index(d.len());
            while !d.is_char_boundary(i) {
                i -= 1;
            }
            let next = d[i..].chars().next().map_or(i, |ch| i + ch.len_utf8());
            match op {
                0 => format!("{}{c}{}", &d[..i], &d[i..]),
                1 => format!("{}{c}{}", &d[..i], &d[next..]),
                _ => format!("{}{}", &d[..i], &d[next..]),
            }
        })
}

proptest! {
    // 2,000 cases by default; `PROPTEST_CASES=N` for longer runs.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(2000)
    ))]

    #[test]
    fn fast_path_matches_reference_on_field_soup(s in soup_descriptor()) {
        same(&s)?;
    }

    #[test]
    fn fast_path_matches_reference_on_generated_descriptors(s in descriptor()) {
        same(&s)?;
    }

    #[test]
    fn fast_path_matches_reference_on_mutated_descriptors(s in mutated()) {
        same(&s)?;
    }

    #[test]
    fn fast_path_matches_reference_on_noise(s in "[DS:();A-Z0-9a-z\\- x\"@=]{0,60}") {
        same(&s)?;
    }
}

#[test]
fn canonicalize_matches_reference_on_hand_picked_descriptors() {
    for s in [
        "",
        " ",
        "D:",
        "D:P",
        "D:NO_ACCESS_CONTROL",
        "D:NO_ACCESS_CONTROL(A;;GA;;;WD)",
        "O:BA",
        "O:BAG:SYD:(A;;GA;;;WD)S:(AU;SA;GA;;;WD)",
        "D:(A;;GA;;;WD)O:BA",
        "D:(A;;GA;;;WD)D:(A;;GA;;;WD)",
        "O:S-1-5-32-544",
        "O:S-1-5-21-1-2-3-512D:(A;;GA;;;S-1-5-21-1-2-3-512)(A;;GA;;;S-1-5-21-9-9-9-512)",
        "D:(A;;GA;;;s-1-1-0)(A;;GA;;;S-1-01-0)(A;;GA;;;S-1-4294967296-1)",
        "D:(A;;GA;;;s-1-5-21-9-9-9-1000)(A;;GA;;;S-1-5-21-09-9-9-1000)",
        "D:(A;;GA;;;S-1-5-21-9-9-9-01000)(A;;GA;;;S-1-5-21-9-9-9-0)",
        "O:s-1-5-21-9-9-9-1000G:S-1-5-21-9-9-9-001000",
        "D:(XA;;FX;;;WD;(@User.Title == \"PM\"))(A;;GA;;;WD)",
        "S:(RA;;;;;WD;(\"Project\",TS,0,\"Windows\"))",
        "D:(A;;GA;;;WD)x",
        "D:(A;;GA;;;WD) ",
        "D:(AU;;GA;;;WD)",
        "D:(OA;;RP;;;WD)",
    ] {
        same(s).unwrap();
    }
}

#[test]
fn fast_path_matches_reference_on_the_bench_corpus() {
    for line in include_str!("../benches/data/bench-corpus.txt").lines() {
        same(line).unwrap();
    }
}
