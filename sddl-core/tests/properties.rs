//! Properties of the grammar and formatter over generated input.

use proptest::prelude::*;

#[path = "common/sddl_text.rs"]
mod sddl_text;
use sddl_core::{parse, to_sddl, FormatOptions, ParseOptions, SecurityDescriptor, Sid, Span};
use sddl_text::descriptor;

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
