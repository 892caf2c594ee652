//! Properties of the grammar and formatter over generated input.

use proptest::prelude::*;
use sddl_core::{parse, to_sddl, FormatOptions, ParseOptions, SecurityDescriptor, Sid, Span};

fn opts() -> ParseOptions {
    ParseOptions {
        domain_sid: Some(Sid::new(1, 5, &[21, 7, 8, 9]).unwrap()),
    }
}

fn fopts() -> FormatOptions {
    FormatOptions {
        domain_sid: opts().domain_sid,
    }
}

fn check_span(input: &str, s: Span) {
    assert!(s.start <= s.end, "{s:?}");
    assert!(
        s.end as usize <= input.len(),
        "{s:?} beyond {}",
        input.len()
    );
    assert!(input.is_char_boundary(s.start as usize), "{s:?}");
    assert!(input.is_char_boundary(s.end as usize), "{s:?}");
}

fn check_all_spans(input: &str, sd: &SecurityDescriptor) {
    check_span(input, sd.span);
    for o in [&sd.owner, &sd.group].into_iter().flatten() {
        check_span(input, o.span);
        check_span(input, o.sid_span);
    }
    for acl in [&sd.dacl, &sd.sacl].into_iter().flatten() {
        check_span(input, acl.span);
        check_span(input, acl.flags_span);
        for ace in &acl.aces {
            let s = ace.spans;
            for sp in [
                s.whole,
                s.ace_type,
                s.flags,
                s.rights,
                s.object_type,
                s.inherited_object_type,
                s.trustee,
                s.extra,
            ] {
                check_span(input, sp);
            }
        }
    }
}

fn ace_type(sacl: bool) -> impl Strategy<Value = &'static str> {
    let types: &'static [&'static str] = if sacl {
        &["AU", "AL", "OU", "OL", "ML", "SP"]
    } else {
        &["A", "D", "OA", "OD"]
    };
    proptest::sample::select(types)
}

fn flags() -> impl Strategy<Value = String> {
    proptest::sample::subsequence(vec!["OI", "CI", "NP", "IO", "ID", "SA", "FA"], 0..4)
        .prop_map(|v| v.concat())
}

fn rights() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::subsequence(
            vec![
                "GA", "GR", "GW", "GX", "RC", "SD", "WD", "WO", "RP", "WP", "CC", "DC", "LC", "SW",
                "LO", "DT", "CR", "FA", "FR", "FW", "FX", "KA", "KR", "KW", "KX"
            ],
            0..5
        )
        .prop_map(|v| v.concat()),
        any::<u32>().prop_map(|m| format!("0x{m:x}")),
        any::<u32>().prop_map(|m| format!("{m}")),
    ]
}

fn guid() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        any::<u128>().prop_map(|g| {
            let h = format!("{g:032x}");
            format!(
                "{}-{}-{}-{}-{}",
                &h[..8],
                &h[8..12],
                &h[12..16],
                &h[16..20],
                &h[20..]
            )
        }),
    ]
}

fn sid() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(
            sddl_core::sid::ALIASES
                .iter()
                .map(|a| a.code)
                .collect::<Vec<_>>()
        )
        .prop_map(str::to_string),
        (
            0u64..(1 << 48),
            proptest::collection::vec(any::<u32>(), 1..15)
        )
            .prop_map(|(a, subs)| {
                let mut s = format!("S-1-{a}");
                for x in subs {
                    s.push_str(&format!("-{x}"));
                }
                s
            }),
    ]
}

fn ace(sacl: bool) -> impl Strategy<Value = String> {
    (ace_type(sacl), flags(), rights(), guid(), guid(), sid()).prop_map(|(t, f, r, g1, g2, s)| {
        let object = t.starts_with('O');
        let (g1, g2) = if object {
            (g1, g2)
        } else {
            (String::new(), String::new())
        };
        format!("({t};{f};{r};{g1};{g2};{s})")
    })
}

fn acl_flags() -> impl Strategy<Value = String> {
    proptest::sample::subsequence(vec!["P", "AR", "AI"], 0..3).prop_map(|v| v.concat())
}

fn descriptor() -> impl Strategy<Value = String> {
    (
        proptest::option::of(sid()),
        proptest::option::of(sid()),
        proptest::option::of((acl_flags(), proptest::collection::vec(ace(false), 0..6))),
        proptest::option::of((acl_flags(), proptest::collection::vec(ace(true), 0..4))),
        any::<bool>(),
    )
        .prop_map(|(o, g, d, s, null)| {
            let mut out = String::new();
            if let Some(o) = o {
                out += &format!("O:{o}");
            }
            if let Some(g) = g {
                out += &format!("G:{g}");
            }
            if let Some((f, aces)) = d {
                out += "D:";
                out += &f;
                if null && aces.is_empty() {
                    out += "NO_ACCESS_CONTROL";
                }
                out += &aces.concat();
            }
            if let Some((f, aces)) = s {
                out += "S:";
                out += &f;
                out += &aces.concat();
            }
            out
        })
}

proptest! {
    // 2,000 cases by default; `PROPTEST_CASES=N` for longer runs.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(2000)
    ))]

    #[test]
    fn arbitrary_text_never_panics_and_spans_stay_in_bounds(s in "\\PC*") {
        let p = parse(&s, &opts());
        for e in &p.errors {
            check_span(&s, e.span);
        }
        check_all_spans(&s, &p.sd);
    }

    #[test]
    fn sddl_shaped_noise_never_panics(s in "[OGDS:();A-Z0-9a-z\\- {}\"@#!&|=<>,.]{0,80}") {
        let p = parse(&s, &opts());
        for e in &p.errors {
            check_span(&s, e.span);
        }
        check_all_spans(&s, &p.sd);
    }

    #[test]
    fn generated_descriptors_parse_and_round_trip(s in descriptor()) {
        let first = parse(&s, &opts());
        prop_assert!(first.errors.is_empty(), "{s}: {:?}", first.errors);
        check_all_spans(&s, &first.sd);
        let canonical = to_sddl(&first.sd, &fopts());
        let second = parse(&canonical, &opts());
        prop_assert!(second.errors.is_empty(), "{canonical}: {:?}", second.errors);
        prop_assert_eq!(first.sd.without_spans(), second.sd.without_spans());
        prop_assert_eq!(to_sddl(&second.sd, &fopts()), canonical);
    }
}
