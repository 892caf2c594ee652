//! Unit tests of the access-check internals (integration tests: `tests/access*.rs`).

use super::check::mandatory_mask;
use super::conditions::upcase;
use crate::objects::ObjectKind;

fn up(s: &str) -> String {
    String::from_utf16_lossy(&s.encode_utf16().map(upcase).collect::<Vec<_>>())
}

#[test]
fn upcase_follows_windows_table_age() {
    assert_eq!(up("abc_xyz"), "ABC_XYZ");
    assert_eq!(up("ćàț"), "ĆÀȚ");
    assert_eq!(up("ⱦ"), "Ⱦ"); // Unicode 5.0
    assert_eq!(up("ԛԣ"), "ԚԢ"); // Unicode 5.1
    assert_eq!(up("ⳬ"), "ⳬ"); // 5.2: not in Windows' table
    assert_eq!(up("ꞧ"), "ꞧ"); // 6.0
    assert_eq!(up("ʞɜ"), "ʞɜ"); // upper case added in 7.0
    assert_eq!(up("ß"), "ß"); // no one-to-one upper case
    assert_eq!(up("\u{10428}"), "\u{10428}"); // beyond the BMP: surrogates untouched
}

#[test]
fn mandatory_masks() {
    let nw = mandatory_mask(ObjectKind::File, 1);
    // FILE_GENERIC_WRITE without READ_CONTROL and SYNCHRONIZE, plus DELETE, WRITE_DAC,
    // WRITE_OWNER.
    assert_eq!(nw, 0x116 | 0x1_0000 | 0x4_0000 | 0x8_0000);
    assert_eq!(mandatory_mask(ObjectKind::File, 2), 0x89);
    assert_eq!(mandatory_mask(ObjectKind::File, 4), 0xa0);
    assert_eq!(mandatory_mask(ObjectKind::File, 0), 0);
    assert_eq!(mandatory_mask(ObjectKind::RegistryKey, 2), 0x19);
}
