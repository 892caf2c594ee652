//! Binary decode of arbitrary bytes: never panics; whatever decodes re-encodes, and the re-encoded
//! bytes decode to the same model.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sddl_core::binary::{decode, encode, EncodeOptions};

fuzz_target!(|data: &[u8]| {
    let Ok(sd) = decode(data) else {
        return;
    };
    // Decoded descriptors always re-encode (SIDs are resolved, opaque parts are kept).
    let bytes = encode(&sd, &EncodeOptions::default()).expect("a decoded descriptor encodes");
    let again = decode(&bytes).expect("re-encoded bytes decode");
    assert_eq!(sd.without_spans(), again.without_spans());
});
