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

#[test]
fn token_for_sid_uses_presets_then_everyone_and_authenticated_users() {
    use super::presets::token_for_sid;
    use super::token::IntegrityLevel;
    use super::{check, AccessRequest};
    use crate::rights::MAXIMUM_ALLOWED;
    use crate::sid::{Sid, SidRef};

    let has = |t: &super::Token, s: Sid| t.contains(&SidRef::Sid(s), false, None);
    let everyone = Sid::from_parts(1, &[0]);
    let authenticated = Sid::from_parts(5, &[11]);

    // A preset when the SID has one: NETWORK SERVICE is a service with system integrity.
    let ns = token_for_sid(&SidRef::Sid(Sid::from_parts(5, &[20])), None);
    assert_eq!(ns.integrity, IntegrityLevel::SYSTEM);
    assert!(has(&ns, Sid::from_parts(5, &[6])), "SERVICE");
    assert!(has(&ns, authenticated));
    // Its groups count: an Authenticated Users ACE grants NETWORK SERVICE.
    let sd = crate::parse("D:(A;;GR;;;AU)", &Default::default()).sd;
    let r = check(
        &sd,
        &ns,
        &AccessRequest::new(ObjectKind::NamedPipe, MAXIMUM_ALLOWED),
    );
    assert_eq!(r.granted, 0x0012_0089);

    // Anonymous: the preset, without Everyone or Authenticated Users.
    let an = token_for_sid(&SidRef::Sid(Sid::from_parts(5, &[7])), None);
    assert!(!has(&an, everyone) && !has(&an, authenticated));
    assert!(has(&an, Sid::from_parts(5, &[2])), "NETWORK");

    // Any other SID: that user, Everyone, Authenticated Users and Users, medium integrity.
    let users = Sid::from_parts(5, &[32, 545]);
    let user = Sid::from_parts(5, &[21, 1, 2, 3, 1001]);
    let t = token_for_sid(&SidRef::Sid(user), None);
    assert_eq!(t.user, SidRef::Sid(user));
    assert_eq!(t.integrity, IntegrityLevel::MEDIUM);
    assert!(has(&t, everyone) && has(&t, authenticated) && has(&t, users));
    assert_eq!(t.groups.len(), 3);
    assert!(t.privileges.is_empty());

    // Everyone on its own is not authenticated; Users is not listed twice.
    let wd = token_for_sid(&SidRef::Sid(everyone), None);
    assert!(has(&wd, everyone) && !has(&wd, authenticated) && !has(&wd, users));
    assert_eq!(token_for_sid(&SidRef::Sid(users), None).groups.len(), 2);

    // A domain alias resolves against the domain, else stays symbolic.
    let du = crate::parse("O:DU", &Default::default())
        .sd
        .owner
        .unwrap()
        .sid;
    assert!(matches!(
        token_for_sid(&du, None).user,
        SidRef::Unresolved(_)
    ));
    let domain = Sid::from_parts(5, &[21, 7, 8, 9]);
    assert_eq!(
        token_for_sid(&du, Some(&domain)).user,
        SidRef::Sid(Sid::from_parts(5, &[21, 7, 8, 9, 513]))
    );
}
