//! Conditional expressions: text parse never panics; what parses prints, reparses to the same
//! tree, and survives the binary token stream both ways. Arbitrary bytes as a binary token stream
//! never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sddl_core::binary::{decode_condition, encode_condition, EncodeOptions};
use sddl_core::cond::format::condition_to_sddl;
use sddl_core::cond::parse::parse_condition_text;
use sddl_core::{FormatOptions, ParseOptions};

fuzz_target!(|data: &[u8]| {
    let _ = decode_condition(data);
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let opts = ParseOptions::default();
    let Ok(c) = parse_condition_text(text, &opts) else {
        return;
    };
    let printed = condition_to_sddl(&c, &FormatOptions::default());
    let again = parse_condition_text(&printed, &opts).expect("printed condition reparses");
    assert_eq!(
        condition_to_sddl(&again, &FormatOptions::default()),
        printed
    );
    if let Ok(bytes) = encode_condition(&c, &EncodeOptions::default()) {
        let back = decode_condition(&bytes).expect("encoded condition decodes");
        assert_eq!(condition_to_sddl(&back, &FormatOptions::default()), printed);
    }
});
