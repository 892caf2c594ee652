//! Text round trip: whatever parses without error prints canonically, the canonical text parses
//! to the same model, and printing is idempotent.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sddl_core::{parse, to_sddl, FormatOptions, ParseOptions, Sid};

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let domain = Sid::new(1, 5, &[21, 1, 2, 3]);
    let popts = ParseOptions { domain_sid: domain };
    let fopts = FormatOptions { domain_sid: domain };
    let first = parse(input, &popts);
    if !first.errors.is_empty() {
        return;
    }
    let canonical = to_sddl(&first.sd, &fopts);
    let second = parse(&canonical, &popts);
    assert!(
        second.errors.is_empty(),
        "{canonical:?}: {:?}",
        second.errors
    );
    assert_eq!(
        first.sd.without_spans(),
        second.sd.without_spans(),
        "{canonical}"
    );
    assert_eq!(to_sddl(&second.sd, &fopts), canonical);
});
