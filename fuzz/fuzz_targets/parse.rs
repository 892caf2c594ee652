//! SDDL parse: never panics; every span is in bounds and on char boundaries; the fast path for
//! ACEs gives what the general parser gives (`parse_reference`); `canonicalize`'s one pass gives
//! what `parse` then `to_sddl` give (`canonicalize_reference`).
#![no_main]
use libfuzzer_sys::fuzz_target;
use sddl_core::parse::{canonicalize_reference, parse_reference};
use sddl_core::{canonicalize, parse, ParseOptions, Sid, Span};

fn check(input: &str, s: Span) {
    assert!(s.start <= s.end && s.end as usize <= input.len());
    assert!(input.is_char_boundary(s.start as usize) && input.is_char_boundary(s.end as usize));
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let p = parse(input, &ParseOptions::default());
    let r = parse_reference(input, &ParseOptions::default());
    assert_eq!(p.sd, r.sd);
    assert_eq!(p.errors, r.errors);
    let domain = ParseOptions {
        domain_sid: Sid::new(1, 5, &[21, 1, 2, 3]),
    };
    let (pd, rd) = (parse(input, &domain), parse_reference(input, &domain));
    assert_eq!(pd.sd, rd.sd);
    assert_eq!(pd.errors, rd.errors);
    for opts in [&ParseOptions::default(), &domain] {
        match (canonicalize(input, opts), canonicalize_reference(input, opts)) {
            (Ok(fused), Ok(reference)) => assert_eq!(fused, reference),
            (Err(fused), Err(reference)) => assert_eq!(fused, reference),
            (fused, reference) => panic!("canonicalize {fused:?}, reference {reference:?}"),
        }
    }
    for e in &p.errors {
        check(input, e.span);
    }
    check(input, p.sd.span);
    for acl in [&p.sd.dacl, &p.sd.sacl].into_iter().flatten() {
        check(input, acl.span);
        for ace in &acl.aces {
            check(input, ace.spans.whole);
            check(input, ace.spans.rights);
            check(input, ace.spans.trustee);
            check(input, ace.spans.extra);
        }
    }
});
