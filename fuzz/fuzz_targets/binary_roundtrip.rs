//! Binary round trip from text: whatever SDDL parses encodes, decodes to the same model, and
//! prints the same canonical text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sddl_core::binary::{decode, encode, EncodeOptions};
use sddl_core::{parse, to_sddl, FormatOptions, ParseOptions, Sid};

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let domain = Sid::new(1, 5, &[21, 1, 2, 3]);
    let p = parse(input, &ParseOptions { domain_sid: domain });
    if !p.errors.is_empty() {
        return;
    }
    let Ok(bytes) = encode(&p.sd, &EncodeOptions { domain_sid: domain }) else {
        // Encoding may refuse what binary cannot hold (an ACL over 64 KiB); that is an error,
        // never a panic.
        return;
    };
    let back = decode(&bytes).expect("encoded bytes decode");
    let f = FormatOptions { domain_sid: domain };
    assert_eq!(to_sddl(&back, &f), to_sddl(&p.sd, &f));
});
