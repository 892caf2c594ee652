//! The access-check engine, rule by rule, and the motivating named-pipe scenario.
//!
//! Rules and their sources are in `docs/access-check.md`. Windows-recorded facts used here:
//! Wine's `dlls/advapi32/tests/security.c` AccessCheck tests (no DACL and NULL DACL grant,
//! MAXIMUM_ALLOWED on them gives the mapping's GenericAll, empty DACL denies, inherit-only
//! ACEs ignored, ACCESS_SYSTEM_SECURITY needs SeSecurityPrivilege), recorded in
//! `shared/docs/windows-behaviour-wine-tests.md`.

use sddl_core::access::presets::{anonymous_with_everyone, preset, presets, sids};
use sddl_core::access::token::{sid_eq, Claim};
use sddl_core::access::*;
use sddl_core::model::SecurityDescriptor;
use sddl_core::objects::{map_generic, ObjectKind};
use sddl_core::parse::parse_guid;
use sddl_core::rights::*;
use sddl_core::sid::{alias_by_code, Sid, SidRef};
use sddl_core::{parse, ParseOptions};

const FILE_GENERIC_READ: u32 = 0x0012_0089;
const FILE_GENERIC_WRITE: u32 = 0x0012_0116;
const FILE_ALL_ACCESS: u32 = 0x001f_01ff;
const PIPE_DEFAULT: &str = "D:(A;;GA;;;SY)(A;;GA;;;BA)(A;;GA;;;CO)(A;;GR;;;WD)(A;;GR;;;AN)";

fn sd(text: &str) -> SecurityDescriptor {
    let p = parse(text, &ParseOptions::default());
    assert!(p.errors.is_empty(), "{text}: {:?}", p.errors);
    p.sd
}

fn tok(name: &str) -> Token {
    preset(name).unwrap_or_else(|| panic!("no preset {name}"))
}

fn run(text: &str, token: &Token, kind: ObjectKind, desired: u32) -> AccessResult {
    check(&sd(text), token, &AccessRequest::new(kind, desired))
}

fn max(text: &str, token: &Token, kind: ObjectKind) -> u32 {
    let r = run(text, token, kind, MAXIMUM_ALLOWED);
    r.granted
}

// ----- the motivating scenario -------------------------------------------------------------

#[test]
fn default_pipe_dacl_denies_network_service_read_write() {
    let ns = tok("NS");
    let r = run(
        PIPE_DEFAULT,
        &ns,
        ObjectKind::NamedPipe,
        GENERIC_READ | GENERIC_WRITE,
    );
    assert_eq!(r.status, Status::Denied);
    assert_eq!(r.mapped_desired, FILE_GENERIC_READ | FILE_GENERIC_WRITE);
    assert_eq!(r.granted, FILE_GENERIC_READ);
    assert_eq!(r.missing, 0x116);
    assert_eq!(r.windows_granted(), 0);
    // Who decided what: SY, BA, CO do not match NS; WD grants the read bits; AN does not match.
    let outcomes: Vec<_> = r.pass(Pass::Normal).map(|a| a.outcome.clone()).collect();
    assert_eq!(
        outcomes,
        vec![
            AceOutcome::Skipped(SkipReason::SidNotInToken),
            AceOutcome::Skipped(SkipReason::SidNotInToken),
            AceOutcome::Skipped(SkipReason::SidNotInToken),
            AceOutcome::Granted(FILE_GENERIC_READ),
            AceOutcome::Skipped(SkipReason::SidNotInToken),
        ]
    );
    for b in &r.bits {
        match b.bit & FILE_GENERIC_READ {
            0 => assert_eq!(
                (b.granted, &b.source),
                (false, &BitSource::NotGranted { pass: Pass::Normal }),
                "bit {:#x}",
                b.bit
            ),
            _ => assert!(
                b.granted && matches!(b.source, BitSource::Ace { index: 3, .. }),
                "bit {:#x}: {:?}",
                b.bit,
                b.source
            ),
        }
    }
    // The span points at (A;;GR;;;WD).
    let span = r.aces[3].span;
    assert_eq!(&PIPE_DEFAULT[span.range()], "(A;;GR;;;WD)");
}

#[test]
fn suggestion_fixes_the_pipe_for_network_service_and_nothing_more() {
    let ns = tok("network-service");
    let base = sd(PIPE_DEFAULT);
    let req = AccessRequest::new(ObjectKind::NamedPipe, GENERIC_READ | GENERIC_WRITE);
    let SuggestOutcome::Ace(s) = suggest(&base, &ns, &req, &SuggestOptions::default()) else {
        panic!("expected an ACE");
    };
    assert_eq!(s.aces.len(), 1);
    assert_eq!(s.aces[0].sddl, "(A;;0x12019b;;;NS)");
    assert_eq!(s.mask, (FILE_GENERIC_READ | FILE_GENERIC_WRITE) & !0x4);
    assert_eq!(s.adds, 0x112);
    assert_eq!(s.aces[0].index, 5);
    assert_eq!(
        s.sddl,
        "D:(A;;GA;;;SY)(A;;GA;;;BA)(A;;GA;;;CO)(A;;GR;;;WD)(A;;GR;;;AN)(A;;0x12019b;;;NS)"
    );
    // The pipe-instance bit is left out and the client is told what to ask for.
    assert!(s.warnings.contains(&SuggestWarning::ClientMustRequest {
        client_desired: 0x12019b
    }));
    assert!(s
        .warnings
        .iter()
        .any(|w| matches!(w, SuggestWarning::Dropped { bits: 0x4, .. })));
    assert!(!s.fixes_request);
    // Re-check on the new SDDL text: the client mask is granted...
    let fixed = sd(&s.sddl);
    let r = check(
        &fixed,
        &ns,
        &AccessRequest::new(ObjectKind::NamedPipe, 0x12019b),
    );
    assert!(r.allowed());
    // ...and NETWORK SERVICE can get nothing beyond it: no WRITE_DAC, WRITE_OWNER, DELETE or
    // FILE_CREATE_PIPE_INSTANCE.
    let m = max(&s.sddl, &ns, ObjectKind::NamedPipe);
    assert_eq!(m, 0x12019b);
    assert_eq!(m & (WRITE_DAC | WRITE_OWNER | DELETE | 0x4), 0);
    // Asking for GENERIC_WRITE still asks for bit 0x4, which stays denied.
    let still = check(&fixed, &ns, &req);
    assert!(!still.allowed());
    assert_eq!(still.missing, 0x4);
}

#[test]
fn suggestion_can_keep_the_pipe_instance_bit_when_asked() {
    let ns = tok("NS");
    let opts = SuggestOptions {
        allow_create_pipe_instance: true,
        ..Default::default()
    };
    let req = AccessRequest::new(ObjectKind::NamedPipe, GENERIC_READ | GENERIC_WRITE);
    let SuggestOutcome::Ace(s) = suggest(&sd(PIPE_DEFAULT), &ns, &req, &opts) else {
        panic!("expected an ACE");
    };
    assert_eq!(s.aces[0].sddl, "(A;;0x12019f;;;NS)");
    assert!(s.fixes_request);
    assert!(check(&sd(&s.sddl), &ns, &req).allowed());
}

#[test]
fn the_bad_fix_grants_network_service_everything() {
    let ns = tok("NS");
    let bad = "D:(A;OICI;GA;;;WD)(A;OICI;GA;;;AN)";
    let r = run(
        bad,
        &ns,
        ObjectKind::NamedPipe,
        GENERIC_READ | GENERIC_WRITE,
    );
    assert!(r.allowed());
    let m = max(bad, &ns, ObjectKind::NamedPipe);
    assert_eq!(m, FILE_ALL_ACCESS);
    assert_ne!(m & WRITE_DAC, 0);
    assert_ne!(m & WRITE_OWNER, 0);
    // Anonymous (without EveryoneIncludesAnonymous) gets it through the AN ACE, as far as its
    // Untrusted integrity level lets it: everything but the write rights of the default
    // Medium no-write-up label.
    let an = max(bad, &tok("anonymous"), ObjectKind::NamedPipe);
    let blocked = sddl_core::access::check::mandatory_mask(ObjectKind::NamedPipe, 1);
    assert_eq!(an, FILE_ALL_ACCESS & !blocked);
    assert_eq!(an & FILE_GENERIC_READ, FILE_GENERIC_READ);
}

#[test]
fn suggestion_never_hands_out_write_dac_or_write_owner() {
    let ns = tok("NS");
    let req = AccessRequest::new(ObjectKind::NamedPipe, GENERIC_ALL);
    let SuggestOutcome::Ace(s) = suggest(&sd(PIPE_DEFAULT), &ns, &req, &SuggestOptions::default())
    else {
        panic!("expected an ACE");
    };
    assert_eq!(s.mask & (WRITE_DAC | WRITE_OWNER | GENERIC_ALL | 0x4), 0);
    assert_eq!(s.mask, FILE_ALL_ACCESS & !(WRITE_DAC | WRITE_OWNER | 0x4));
    assert!(!s.fixes_request);
}

#[test]
fn suggestion_warns_about_a_deny_that_still_blocks() {
    let ns = tok("NS");
    let text = "D:(D;;FW;;;NS)(A;;FR;;;WD)";
    let req = AccessRequest::new(ObjectKind::File, FILE_GENERIC_READ | FILE_GENERIC_WRITE);
    let SuggestOutcome::Ace(s) = suggest(&sd(text), &ns, &req, &SuggestOptions::default()) else {
        panic!("expected an ACE");
    };
    // Placed after the deny, not before it.
    assert_eq!(s.aces[0].index, 2);
    assert!(!s.fixes_request);
    let blocks: Vec<_> = s
        .warnings
        .iter()
        .filter_map(|w| match w {
            SuggestWarning::DenyAceBlocks { index, span, bits } => Some((*index, *span, *bits)),
            _ => None,
        })
        .collect();
    assert_eq!(blocks.len(), 1);
    let (index, span, bits) = blocks[0];
    assert_eq!(index, 0);
    assert_eq!(&text[span.range()], "(D;;FW;;;NS)");
    // FW's READ_CONTROL and SYNCHRONIZE are denied too (they are part of FILE_GENERIC_WRITE).
    assert_eq!(bits, FILE_GENERIC_WRITE);
}

#[test]
fn suggestion_places_before_inherited_aces() {
    let ns = tok("NS");
    let text = "D:(A;;FR;;;SY)(A;ID;FA;;;BA)";
    let req = AccessRequest::new(ObjectKind::File, FILE_GENERIC_READ);
    let SuggestOutcome::Ace(s) = suggest(&sd(text), &ns, &req, &SuggestOptions::default()) else {
        panic!("expected an ACE");
    };
    assert_eq!(s.aces[0].index, 1);
    assert_eq!(s.sddl, "D:(A;;FR;;;SY)(A;;FR;;;NS)(A;ID;FA;;;BA)");
    assert!(s.fixes_request);
    assert!(s.after.allowed());
}

#[test]
fn suggestion_outcomes_without_an_ace() {
    let ns = tok("NS");
    let req = AccessRequest::new(ObjectKind::File, FILE_GENERIC_READ);
    assert!(matches!(
        suggest(&sd("D:(A;;FR;;;WD)"), &ns, &req, &SuggestOptions::default()),
        SuggestOutcome::AlreadyGranted
    ));
    // A low-integrity writer is stopped by the label, not the DACL.
    let low = tok("low-integrity");
    let w = AccessRequest::new(ObjectKind::File, FILE_GENERIC_WRITE);
    match suggest(&sd("D:(A;;FR;;;WD)"), &low, &w, &SuggestOptions::default()) {
        SuggestOutcome::NotFixable { warnings, .. } => assert!(warnings
            .iter()
            .any(|x| matches!(x, SuggestWarning::IntegrityBlocks { .. }))),
        other => panic!("{other:?}"),
    }
    // SACL access needs a privilege.
    let sacl = AccessRequest::new(ObjectKind::File, ACCESS_SYSTEM_SECURITY);
    assert!(matches!(
        suggest(&sd("D:"), &ns, &sacl, &SuggestOptions::default()),
        SuggestOutcome::NotFixable { .. }
    ));
}

#[test]
fn appcontainer_suggestion_names_the_package_too() {
    let ac = tok("appcontainer");
    let req = AccessRequest::new(ObjectKind::File, FILE_GENERIC_READ);
    let SuggestOutcome::Ace(s) =
        suggest(&sd("D:(A;;FR;;;SY)"), &ac, &req, &SuggestOptions::default())
    else {
        panic!("expected an ACE");
    };
    assert_eq!(s.aces.len(), 2);
    assert_eq!(s.aces[1].ace.sid, SidRef::Sid(sids::PACKAGE_PLACEHOLDER));
    assert!(s.fixes_request, "{:?}", s.warnings);
}

// ----- rules -------------------------------------------------------------------------------

#[test]
fn desired_generic_bits_are_mapped_per_kind() {
    let ns = tok("NS");
    let cases = [
        (ObjectKind::File, GENERIC_READ, FILE_GENERIC_READ),
        (ObjectKind::File, GENERIC_ALL, FILE_ALL_ACCESS),
        (ObjectKind::RegistryKey, GENERIC_READ, 0x20019),
        (ObjectKind::RegistryKey, GENERIC_WRITE, 0x20006),
        (ObjectKind::NamedPipe, GENERIC_WRITE, FILE_GENERIC_WRITE),
    ];
    for (kind, desired, mapped) in cases {
        let r = run("D:(A;;GA;;;WD)", &ns, kind, desired);
        assert_eq!(r.mapped_desired, mapped, "{kind}");
        assert_eq!(r.granted, mapped, "{kind}");
        assert!(r.allowed());
        // The ACE's GA is mapped too (as at object creation).
        assert_eq!(r.aces[0].mask, map_generic(kind, GENERIC_ALL));
    }
}

#[test]
fn ace_order_first_decision_per_bit_wins() {
    let ns = tok("NS");
    let r = FILE_GENERIC_READ;
    let w = FILE_GENERIC_WRITE;
    // (DACL, desired, allowed, granted)
    let cases: &[(&str, u32, bool, u32)] = &[
        ("D:(D;;FW;;;NS)(A;;FA;;;NS)", w, false, 0),
        ("D:(D;;FW;;;NS)(A;;FA;;;NS)", 0x1, true, 0x1),
        ("D:(A;;FA;;;NS)(D;;FW;;;NS)", w, true, w),
        ("D:(D;;0x2;;;WD)(A;;FA;;;NS)", r | 0x2, false, r),
        ("D:(A;;0x1;;;WD)(D;;0x3;;;NS)(A;;0x2;;;NS)", 0x3, false, 0x1),
        ("D:(A;;0x1;;;WD)(A;;0x2;;;AU)", 0x3, true, 0x3),
    ];
    for (dacl, desired, allowed, granted) in cases {
        let res = run(dacl, &ns, ObjectKind::File, *desired);
        assert_eq!(res.allowed(), *allowed, "{dacl} {desired:#x}");
        assert_eq!(res.granted, *granted, "{dacl}");
        assert_eq!(res.missing, desired & !granted, "{dacl}");
    }
    // The deny wins for FW's bits, including READ_CONTROL and SYNCHRONIZE shared with FR.
    let res = run(
        "D:(D;;FW;;;NS)(A;;FA;;;NS)",
        &ns,
        ObjectKind::File,
        MAXIMUM_ALLOWED,
    );
    assert_eq!(res.granted, FILE_ALL_ACCESS & !w);
    assert_eq!(res.aces[0].outcome, AceOutcome::Denied(w));
    assert_eq!(
        res.aces[1].outcome,
        AceOutcome::Granted(FILE_ALL_ACCESS & !w)
    );
}

#[test]
fn walk_stops_when_everything_is_decided() {
    let ns = tok("NS");
    let r = run(
        "D:(A;;FA;;;NS)(D;;FA;;;NS)",
        &ns,
        ObjectKind::File,
        FILE_GENERIC_READ,
    );
    assert!(r.allowed());
    assert_eq!(r.aces[1].outcome, AceOutcome::NotReached);
    // A matching ACE whose bits are all decided or not requested has no effect.
    let r = run(
        "D:(A;;FR;;;NS)(A;;FR;;;WD)",
        &ns,
        ObjectKind::File,
        FILE_ALL_ACCESS,
    );
    assert_eq!(r.aces[1].outcome, AceOutcome::NoEffect);
}

#[test]
fn inherit_only_aces_are_skipped() {
    let ns = tok("NS");
    let r = run(
        "D:(A;OICIIO;FA;;;WD)",
        &ns,
        ObjectKind::Directory,
        FILE_GENERIC_READ,
    );
    assert!(!r.allowed());
    assert_eq!(
        r.aces[0].outcome,
        AceOutcome::Skipped(SkipReason::InheritOnly)
    );
    // Without IO the same ACE applies to the directory itself.
    assert!(run(
        "D:(A;OICI;FA;;;WD)",
        &ns,
        ObjectKind::Directory,
        FILE_GENERIC_READ
    )
    .allowed());
    // An inherit-only deny does not deny either.
    assert!(run(
        "D:(D;IO;FA;;;WD)(A;;FA;;;WD)",
        &ns,
        ObjectKind::File,
        FILE_ALL_ACCESS
    )
    .allowed());
}

#[test]
fn no_dacl_and_null_dacl_grant_everything() {
    for token in ["NS", "anonymous", "interactive-user", "admin-filtered"] {
        let t = tok(token);
        for text in [
            "O:BAG:BU",
            "O:BAG:BUD:NO_ACCESS_CONTROL",
            "D:NO_ACCESS_CONTROL",
        ] {
            let r = run(text, &t, ObjectKind::RegistryKey, 0x20019);
            assert!(r.allowed(), "{token} {text}");
            // Wine (wine-196/197): MAXIMUM_ALLOWED on them gives the mapping's GenericAll.
            let m = run(text, &t, ObjectKind::File, MAXIMUM_ALLOWED);
            // Low integrity (anonymous is Untrusted) still loses the write rights to the
            // default Medium label.
            let expect = if t.integrity < IntegrityLevel::MEDIUM {
                FILE_ALL_ACCESS & !(FILE_GENERIC_WRITE | DELETE | WRITE_DAC | WRITE_OWNER)
                    | READ_CONTROL
                    | SYNCHRONIZE
            } else {
                FILE_ALL_ACCESS
            };
            assert_eq!(m.granted, expect, "{token} {text}");
        }
    }
    let r = run(
        "D:NO_ACCESS_CONTROL",
        &tok("NS"),
        ObjectKind::File,
        FILE_GENERIC_READ,
    );
    assert_eq!(r.dacl, DaclState::Null);
    assert!(r.bits.iter().all(|b| b.source == BitSource::NullDacl));
    let r = run("O:SY", &tok("NS"), ObjectKind::File, FILE_GENERIC_READ);
    assert_eq!(r.dacl, DaclState::Absent);
    assert!(r.bits.iter().all(|b| b.source == BitSource::NoDacl));
}

#[test]
fn empty_dacl_denies_all_but_the_owners_implicit_rights() {
    let ns = tok("NS");
    let r = run("O:SYG:SYD:", &ns, ObjectKind::File, FILE_GENERIC_READ);
    assert!(!r.allowed());
    assert_eq!(r.granted, 0);
    assert_eq!(r.dacl, DaclState::Empty);
    assert_eq!(max("O:SYG:SYD:", &ns, ObjectKind::File), 0);
    // The owner keeps READ_CONTROL | WRITE_DAC.
    assert_eq!(
        max("O:NSG:SYD:", &ns, ObjectKind::File),
        READ_CONTROL | WRITE_DAC
    );
    let r = run("O:NSD:", &ns, ObjectKind::File, READ_CONTROL | WRITE_DAC);
    assert!(r.allowed());
    assert!(r.owner.token_is_owner);
    assert_eq!(r.owner.implicit, READ_CONTROL | WRITE_DAC);
    assert!(r.bits.iter().all(|b| b.source == BitSource::OwnerImplicit));
}

#[test]
fn owner_rights_replace_the_implicit_owner_rights() {
    let ns = tok("NS");
    // Implicit rights win over a deny ACE for the owner.
    assert!(run("O:NSD:(D;;WD;;;NS)", &ns, ObjectKind::File, WRITE_DAC).allowed());
    // With an OWNER RIGHTS ACE the owner gets only what OW ACEs grant.
    let text = "O:NSD:(A;;RC;;;OW)";
    assert_eq!(max(text, &ns, ObjectKind::File), READ_CONTROL);
    let r = run(text, &ns, ObjectKind::File, WRITE_DAC);
    assert!(!r.allowed());
    assert!(r.owner.owner_rights_ace);
    assert_eq!(r.owner.implicit, 0);
    // OW ACEs can deny.
    let text = "O:NSD:(D;;WD;;;OW)(A;;FA;;;NS)";
    assert_eq!(
        max(text, &ns, ObjectKind::File),
        FILE_ALL_ACCESS & !WRITE_DAC
    );
    // A non-owner is not matched by OW ACEs.
    let r = run(
        "O:SYD:(A;;FA;;;OW)",
        &ns,
        ObjectKind::File,
        FILE_GENERIC_READ,
    );
    assert_eq!(r.aces[0].outcome, AceOutcome::Skipped(SkipReason::NotOwner));
}

#[test]
fn deny_only_groups_match_deny_aces_only() {
    let filtered = tok("admin-filtered");
    let elevated = tok("admin-elevated");
    let text = "D:(A;;FA;;;BA)";
    assert!(run(text, &elevated, ObjectKind::File, FILE_ALL_ACCESS).allowed());
    let r = run(text, &filtered, ObjectKind::File, FILE_GENERIC_READ);
    assert!(!r.allowed());
    assert_eq!(
        r.aces[0].outcome,
        AceOutcome::Skipped(SkipReason::DenyOnlyOnAllow)
    );
    let text = "D:(D;;FW;;;BA)(A;;FA;;;AU)";
    let r = run(text, &filtered, ObjectKind::File, FILE_GENERIC_WRITE);
    assert!(!r.allowed());
    assert_eq!(r.aces[0].outcome, AceOutcome::Denied(FILE_GENERIC_WRITE));
    // A user SID marked deny-only behaves the same.
    let mut t = tok("NS");
    t.user_deny_only = true;
    assert!(!run("D:(A;;FA;;;NS)", &t, ObjectKind::File, 0x1).allowed());
    assert!(!run("D:(D;;0x1;;;NS)(A;;FA;;;WD)", &t, ObjectKind::File, 0x1).allowed());
    assert!(run("D:(A;;FA;;;WD)", &t, ObjectKind::File, 0x1).allowed());
}

#[test]
fn mandatory_integrity_labels() {
    let low = tok("low-integrity");
    let user = tok("interactive-user");
    let file = ObjectKind::File;
    // (SDDL, token, desired, allowed)
    let cases: Vec<(&str, &Token, u32, bool)> = vec![
        // No label: Medium, no-write-up.
        ("D:(A;;FA;;;WD)", &low, FILE_GENERIC_READ, true),
        ("D:(A;;FA;;;WD)", &low, FILE_GENERIC_WRITE, false),
        ("D:(A;;FA;;;WD)", &low, DELETE, false),
        ("D:(A;;FA;;;WD)", &user, FILE_GENERIC_WRITE, true),
        // A Low label lets low write.
        (
            "D:(A;;FA;;;WD)S:(ML;;NW;;;LW)",
            &low,
            FILE_GENERIC_WRITE,
            true,
        ),
        // No-read-up at High stops a medium reader, not a medium writer's READ_CONTROL.
        (
            "D:(A;;FA;;;WD)S:(ML;;NWNR;;;HI)",
            &user,
            FILE_GENERIC_READ,
            false,
        ),
        (
            "D:(A;;FA;;;WD)S:(ML;;NWNR;;;HI)",
            &user,
            READ_CONTROL | SYNCHRONIZE,
            true,
        ),
        ("D:(A;;FA;;;WD)S:(ML;;NX;;;HI)", &user, 0x20, false),
        (
            "D:(A;;FA;;;WD)S:(ML;;NX;;;HI)",
            &user,
            FILE_GENERIC_WRITE,
            true,
        ),
        // An inherit-only label does not label the object itself.
        (
            "D:(A;;FA;;;WD)S:(ML;OIIO;NW;;;HI)",
            &user,
            FILE_GENERIC_WRITE,
            true,
        ),
    ];
    for (text, t, desired, allowed) in cases {
        let r = run(text, t, file, desired);
        assert_eq!(r.allowed(), allowed, "{text} {} {desired:#x}", t.name);
        if !allowed {
            assert!(r
                .bits
                .iter()
                .any(|b| !b.granted && b.source == BitSource::Integrity));
            assert_ne!(r.integrity.blocked, 0);
        }
    }
    let r = run("D:(A;;FA;;;WD)S:(ML;;NW;;;HI)", &user, file, 0x2);
    assert_eq!(r.integrity.object_level, IntegrityLevel::HIGH);
    assert_eq!(r.integrity.label_index, Some(0));
    // A token with the no-write-up policy off is exempt.
    let mut exempt = low.clone();
    exempt.mandatory_policy.no_write_up = false;
    let r = run("D:(A;;FA;;;WD)", &exempt, file, FILE_GENERIC_WRITE);
    assert!(r.allowed() && r.integrity.exempt);
    // The owner's implicit WRITE_DAC does not cross the label either.
    let mut low_owner = low.clone();
    low_owner.user = SidRef::Sid(Sid::from_parts(5, &[21, 0, 0, 0, 1001]));
    let r = run("O:S-1-5-21-0-0-0-1001D:", &low_owner, file, WRITE_DAC);
    assert!(!r.allowed());
}

#[test]
fn access_system_security_needs_the_privilege() {
    let ns = tok("NS");
    let r = run(
        "D:(A;;FA;;;WD)",
        &ns,
        ObjectKind::File,
        ACCESS_SYSTEM_SECURITY,
    );
    assert_eq!(r.status, Status::PrivilegeNotHeld);
    assert_eq!(r.granted, 0);
    // A disabled privilege does not count (SYSTEM holds it disabled by default).
    let sys = tok("SY");
    assert_eq!(
        run("D:", &sys, ObjectKind::File, ACCESS_SYSTEM_SECURITY).status,
        Status::PrivilegeNotHeld
    );
    let mut sys_on = sys.clone();
    sys_on.enable_privilege(Privilege::Security);
    let r = run("D:", &sys_on, ObjectKind::File, ACCESS_SYSTEM_SECURITY);
    assert!(r.allowed());
    assert_eq!(r.granted, ACCESS_SYSTEM_SECURITY);
    assert_eq!(r.privileges[0].privilege, "SeSecurityPrivilege");
    // An ACE cannot grant it.
    assert_eq!(
        run(
            "D:(A;;0x1000000;;;WD)",
            &ns,
            ObjectKind::File,
            ACCESS_SYSTEM_SECURITY
        )
        .status,
        Status::PrivilegeNotHeld
    );
    // With MAXIMUM_ALLOWED the missing privilege is not an error, the bit is just not granted.
    let r = run(
        "D:(A;;FA;;;WD)",
        &ns,
        ObjectKind::File,
        MAXIMUM_ALLOWED | ACCESS_SYSTEM_SECURITY,
    );
    assert_eq!(r.status, Status::Denied);
    assert_eq!(r.granted, FILE_ALL_ACCESS);
}

#[test]
fn take_ownership_privilege_grants_write_owner() {
    let mut t = tok("interactive-user");
    assert!(!run("D:", &t, ObjectKind::File, WRITE_OWNER).allowed());
    t.enable_privilege(Privilege::TakeOwnership);
    for text in ["D:", "D:(D;;WO;;;WD)"] {
        let r = run(text, &t, ObjectKind::File, WRITE_OWNER);
        assert!(r.allowed(), "{text}");
        assert_eq!(
            r.bits[0].source,
            BitSource::Privilege("SeTakeOwnershipPrivilege".into())
        );
    }
    // Only WRITE_OWNER.
    assert!(!run("O:SYD:", &t, ObjectKind::File, WRITE_OWNER | WRITE_DAC).allowed());
}

#[test]
fn backup_and_restore_need_backup_semantics() {
    let mut t = tok("admin-elevated");
    t.enable_privilege(Privilege::Backup);
    let s = sd("O:SYD:");
    let mut req = AccessRequest::new(ObjectKind::File, FILE_GENERIC_READ);
    assert!(!check(&s, &t, &req).allowed());
    req.backup_semantics = true;
    assert!(check(&s, &t, &req).allowed());
    req.desired = FILE_GENERIC_WRITE;
    assert!(!check(&s, &t, &req).allowed());
    t.enable_privilege(Privilege::Restore);
    assert!(check(&s, &t, &req).allowed());
}

#[test]
fn maximum_allowed_is_the_union_of_grants_minus_earlier_denies() {
    let ns = tok("NS");
    assert_eq!(
        max("D:(A;;FR;;;WD)(A;;FW;;;NS)", &ns, ObjectKind::File),
        FILE_GENERIC_READ | FILE_GENERIC_WRITE
    );
    assert_eq!(
        max("D:(D;;0x2;;;AU)(A;;FA;;;WD)", &ns, ObjectKind::File),
        FILE_ALL_ACCESS & !0x2
    );
    // Bits asked for next to MAXIMUM_ALLOWED must all be granted.
    let r = run(
        "D:(A;;FR;;;WD)",
        &ns,
        ObjectKind::File,
        MAXIMUM_ALLOWED | FILE_GENERIC_WRITE,
    );
    assert!(!r.allowed());
    let r = run(
        "D:(A;;FR;;;WD)",
        &ns,
        ObjectKind::File,
        MAXIMUM_ALLOWED | 0x1,
    );
    assert!(r.allowed());
    assert_eq!(r.windows_granted(), FILE_GENERIC_READ);
    // Nothing grantable: denied.
    assert!(!run("D:(A;;FR;;;SY)", &ns, ObjectKind::File, MAXIMUM_ALLOWED).allowed());
}

#[test]
fn object_aces_and_object_type_lists() {
    let ns = tok("NS");
    let user = parse_guid("bf967aba-0de6-11d0-a285-00aa003049e2").unwrap();
    let restrictions = parse_guid("4c164200-20c0-11d0-a768-00aa006e0529").unwrap();
    let other = parse_guid("bf967a86-0de6-11d0-a285-00aa003049e2").unwrap();
    let ds = ObjectKind::DirectoryServiceObject;
    let rp = 0x10;
    // Without an object-type list: an object ACE with an object type is skipped, one without
    // applies to the whole object.
    let with_type = format!("D:(OA;;RP;{restrictions};;WD)");
    let r = run(&with_type, &ns, ds, rp);
    assert!(!r.allowed());
    assert_eq!(
        r.aces[0].outcome,
        AceOutcome::Skipped(SkipReason::ObjectTypeNotRequested)
    );
    assert!(run("D:(OA;;RP;;;WD)", &ns, ds, rp).allowed());
    assert!(!run("D:(OD;;RP;;;WD)(A;;RP;;;WD)", &ns, ds, rp).allowed());

    // With a list: [object (level 0), property set (level 1)].
    let list = vec![
        ObjectTypeEntry {
            level: 0,
            guid: user,
        },
        ObjectTypeEntry {
            level: 1,
            guid: restrictions,
        },
    ];
    let mut req = AccessRequest::new(ds, rp);
    req.object_types = list.clone();
    // Granting the only property set grants the object (all its children are granted).
    let r = check(&sd(&with_type), &ns, &req);
    assert!(r.allowed(), "{:?}", r.object_types);
    assert_eq!(r.object_types[1].granted, rp);
    // An ACE for a type not in the list is skipped.
    let r = check(&sd(&format!("D:(OA;;RP;{other};;WD)")), &ns, &req);
    assert!(!r.allowed());
    assert_eq!(
        r.aces[0].outcome,
        AceOutcome::Skipped(SkipReason::ObjectTypeNotInList)
    );
    // A denial on the property set reaches the object too.
    let r = check(
        &sd(&format!("D:(OD;;RP;{restrictions};;WD)(A;;RP;;;WD)")),
        &ns,
        &req,
    );
    assert!(!r.allowed());
    assert_eq!(r.object_types[0].granted, 0);
    // With two property sets, granting one does not grant the object.
    req.object_types.push(ObjectTypeEntry {
        level: 1,
        guid: other,
    });
    let r = check(&sd(&with_type), &ns, &req);
    assert!(!r.allowed());
    assert_eq!(r.object_types[1].granted, rp);
    assert_eq!(r.object_types[2].granted, 0);
}

#[test]
fn callback_aces_three_valued() {
    let mut t = tok("NS");
    t.user_claims.push(Claim::strings("dept", &["Sales"]));
    let file = ObjectKind::File;
    // (SDDL, allowed, condition value of ACE 0)
    let cases: &[(&str, bool, Tri)] = &[
        ("D:(XA;;FR;;;WD;(@User.dept == \"sales\"))", true, Tri::True),
        ("D:(XA;;FR;;;WD;(@User.dept == \"hr\"))", false, Tri::False),
        (
            "D:(XA;;FR;;;WD;(@User.missing == \"hr\"))",
            false,
            Tri::Unknown,
        ),
        // A deny applies on TRUE and on UNKNOWN, not on FALSE.
        (
            "D:(XD;;FR;;;WD;(@User.dept == \"sales\"))(A;;FR;;;WD)",
            false,
            Tri::True,
        ),
        (
            "D:(XD;;FR;;;WD;(@User.missing == \"x\"))(A;;FR;;;WD)",
            false,
            Tri::Unknown,
        ),
        (
            "D:(XD;;FR;;;WD;(@User.dept == \"hr\"))(A;;FR;;;WD)",
            true,
            Tri::False,
        ),
        // Member_of reads the token's groups.
        ("D:(XA;;FR;;;WD;(Member_of {SID(SU)}))", true, Tri::True),
        (
            "D:(XA;;FR;;;WD;(Member_of {SID(SU), SID(BA)}))",
            false,
            Tri::False,
        ),
        (
            "D:(XA;;FR;;;WD;(Member_of_Any {SID(SU), SID(BA)}))",
            true,
            Tri::True,
        ),
        // Resource attributes come from RA ACEs in the SACL.
        (
            "D:(XA;;FR;;;WD;(@Resource.dept == @User.dept))S:(RA;;;;;WD;(\"Dept\",TS,0,\"SALES\"))",
            true,
            Tri::True,
        ),
        (
            "D:(XA;;FR;;;WD;(@Resource.dept == @User.dept))S:(RA;;;;;WD;(\"Dept\",TS,0,\"HR\"))",
            false,
            Tri::False,
        ),
        (
            "D:(XA;;FR;;;WD;(@Resource.other == @User.dept))S:(RA;;;;;WD;(\"Dept\",TS,0,\"HR\"))",
            false,
            Tri::Unknown,
        ),
        (
            "D:(XA;;FR;;;WD;(@User.dept == @Resource.dept))S:(RA;;;;;WD;(\"Dept\",TS,0,\"SALES\"))",
            true,
            Tri::True,
        ),
    ];
    for (text, allowed, tri) in cases {
        let r = run(text, &t, file, FILE_GENERIC_READ);
        assert_eq!(r.allowed(), *allowed, "{text}");
        assert_eq!(r.aces[0].condition, Some(*tri), "{text}");
        if !allowed && text.starts_with("D:(XA") {
            assert_eq!(
                r.aces[0].outcome,
                AceOutcome::Skipped(SkipReason::Condition(*tri))
            );
        }
    }
}

#[test]
fn deny_only_groups_count_for_member_of_in_deny_aces_only() {
    let t = tok("admin-filtered");
    let file = ObjectKind::File;
    assert!(!run(
        "D:(XA;;FR;;;WD;(Member_of {SID(BA)}))",
        &t,
        file,
        FILE_GENERIC_READ
    )
    .allowed());
    assert!(!run(
        "D:(XD;;FR;;;WD;(Member_of {SID(BA)}))(A;;FR;;;WD)",
        &t,
        file,
        FILE_GENERIC_READ
    )
    .allowed());
}

#[test]
fn unresolved_domain_aliases() {
    let file = ObjectKind::File;
    let text = "D:(A;;FA;;;DU)";
    // A token with the concrete Domain Users SID matches only once the domain is known.
    let dom = Sid::from_parts(5, &[21, 7, 8, 9]);
    let t = Token::new(dom.with_rid(1104).unwrap()).with_group(dom.with_rid(513).unwrap());
    assert!(!run(text, &t, file, 0x1).allowed());
    let mut req = AccessRequest::new(file, 0x1);
    req.domain_sid = Some(dom);
    assert!(check(&sd(text), &t, &req).allowed());
    // A token carrying the symbolic alias matches without a domain.
    let mut sym = Token::new(Sid::from_parts(5, &[21, 7, 8, 9, 1104]));
    sym.groups.push(TokenGroup {
        sid: SidRef::Unresolved(alias_by_code("DU").unwrap()),
        attributes: GroupAttributes::ENABLED,
    });
    assert!(run(text, &sym, file, 0x1).allowed());
    assert!(!run("D:(A;;FA;;;DA)", &sym, file, 0x1).allowed());
}

#[test]
fn templates_take_owner_and_group_from_the_creator() {
    let user = tok("interactive-user");
    // Wine (wine-194): Windows' AccessCheck refuses a descriptor without owner; here it is
    // treated as the object would be created, owned by the creator.
    let r = run("D:", &user, ObjectKind::File, READ_CONTROL | WRITE_DAC);
    assert!(r.allowed());
    assert!(r.owner.from_creator && r.owner.group_from_creator);
    assert!(sid_eq(&r.owner.owner, &user.user, None));
    // Another caller is not the owner.
    assert!(!run("D:", &tok("NS"), ObjectKind::File, READ_CONTROL).allowed());
    // The creator can be chosen: an elevated admin's objects are owned by Administrators.
    let mut req = AccessRequest::new(ObjectKind::File, WRITE_DAC);
    req.creator = Some(tok("admin-elevated"));
    let r = check(&sd("D:"), &tok("SY"), &req);
    assert!(r.allowed(), "SYSTEM is in BA");
    assert_eq!(r.owner.owner, SidRef::Sid(Sid::from_parts(5, &[32, 544])));
    // An explicit owner wins over the creator.
    let r = check(&sd("O:NSD:"), &tok("SY"), &req);
    assert!(!r.allowed() && !r.owner.from_creator);
}

#[test]
fn principal_self_is_substituted() {
    let ns = tok("NS");
    let text = "D:(A;;RP;;;PS)";
    let ds = ObjectKind::DirectoryServiceObject;
    assert!(!run(text, &ns, ds, 0x10).allowed());
    let mut req = AccessRequest::new(ds, 0x10);
    req.principal_self = Some(SidRef::Sid(Sid::from_parts(5, &[20])));
    assert!(check(&sd(text), &ns, &req).allowed());
}

#[test]
fn restricted_tokens_need_both_passes() {
    let mut t = tok("interactive-user");
    t.restricted_sids
        .push(TokenGroup::enabled(Sid::from_parts(5, &[12])));
    let file = ObjectKind::File;
    let r = run("D:(A;;FA;;;WD)", &t, file, FILE_GENERIC_READ);
    assert!(!r.allowed());
    assert!(r.bits.iter().all(|b| b.source
        == BitSource::NotGranted {
            pass: Pass::Restricted
        }));
    assert_eq!(
        max("D:(A;;FA;;;WD)(A;;FR;;;RC)", &t, file),
        FILE_GENERIC_READ
    );
}

#[test]
fn appcontainer_tokens_need_a_package_or_capability_grant() {
    let ac = tok("appcontainer");
    let file = ObjectKind::File;
    assert!(!run("D:(A;;FA;;;WD)", &ac, file, FILE_GENERIC_READ).allowed());
    assert!(run("D:(A;;FA;;;WD)(A;;FR;;;AC)", &ac, file, FILE_GENERIC_READ).allowed());
    assert!(run(
        "D:(A;;FA;;;WD)(A;;FR;;;S-1-15-3-1)",
        &ac,
        file,
        FILE_GENERIC_READ
    )
    .allowed());
    // The AppContainer pass alone is not enough.
    assert!(!run("D:(A;;FR;;;AC)", &ac, file, FILE_GENERIC_READ).allowed());
    // Low integrity: writing to an unlabeled file is blocked even with both grants.
    assert!(!run("D:(A;;FA;;;WD)(A;;FA;;;AC)", &ac, file, FILE_GENERIC_WRITE).allowed());
    // A less-privileged AppContainer is not in ALL APPLICATION PACKAGES.
    let mut lpac = ac.clone();
    lpac.app_container.as_mut().unwrap().less_privileged = true;
    assert!(!run("D:(A;;FA;;;WD)(A;;FR;;;AC)", &lpac, file, FILE_GENERIC_READ).allowed());
}

#[test]
fn non_access_aces_in_a_dacl_are_skipped() {
    let ns = tok("NS");
    // The grammar keeps audit ACEs out of DACLs; binary input can carry them.
    let mut s = sd("D:(A;;FR;;;WD)S:(AU;SA;FA;;;WD)");
    let audit = s.sacl.take().unwrap().aces.remove(0);
    s.dacl.as_mut().unwrap().aces.insert(0, audit);
    let r = check(
        &s,
        &ns,
        &AccessRequest::new(ObjectKind::File, FILE_GENERIC_READ),
    );
    assert!(r.allowed());
    assert_eq!(
        r.aces[0].outcome,
        AceOutcome::Skipped(SkipReason::NotAccessAce)
    );
}

// ----- presets -----------------------------------------------------------------------------

#[test]
fn preset_lookup_by_alias_sid_and_name() {
    for name in ["NS", "ns", "S-1-5-20", "network-service", "Network_Service"] {
        let t = preset(name).unwrap_or_else(|| panic!("{name}"));
        assert_eq!(t.user, SidRef::Sid(Sid::from_parts(5, &[20])), "{name}");
    }
    assert_eq!(tok("LS").user, SidRef::Sid(Sid::from_parts(5, &[19])));
    assert_eq!(tok("S-1-5-18").user, SidRef::Sid(Sid::from_parts(5, &[18])));
    assert_eq!(tok("AN").user, SidRef::Sid(Sid::from_parts(5, &[7])));
    assert!(preset("no-such-identity").is_none());
    for p in presets() {
        assert!(!p.source.is_empty() && !p.summary.is_empty(), "{}", p.name);
        assert!(preset(p.name).is_some());
    }
}

#[test]
fn token_for_sid_uses_the_preset_of_the_sid() {
    use sddl_core::access::presets::token_for_sid;
    // Every preset that names its SID among its aliases is what `token_for_sid` gives for it.
    let mut seen = 0;
    for p in presets() {
        for alias in p.aliases.iter().filter(|a| a.starts_with("S-1-")) {
            let sid = sddl_core::access::token::parse_sid_text(alias, None).unwrap();
            let t = token_for_sid(&sid, None);
            assert_eq!(t.name, p.token().name, "{alias}");
            assert_eq!(t.groups.len(), p.token().groups.len(), "{alias}");
            seen += 1;
        }
    }
    assert_eq!(seen, 4, "NS, LS, SY, AN");
    // A SID that only starts like a preset's (S-1-5-20-1) or is a prefix of one is no preset.
    for other in ["S-1-5-20-1", "S-1-5-21", "S-1-5-2"] {
        let sid = sddl_core::access::token::parse_sid_text(other, None).unwrap();
        assert_eq!(token_for_sid(&sid, None).name, other);
    }
}

fn has(t: &Token, sid: &str) -> bool {
    let s = sddl_core::access::token::parse_sid_text(sid, None).unwrap();
    t.contains(&s, false, None)
}

#[test]
fn network_service_groups() {
    let ns = tok("NS");
    for g in [
        "WD", "BU", "SU", "S-1-2-1", "AU", "S-1-5-15", "S-1-2-0", "NS",
    ] {
        assert!(has(&ns, g), "{g}");
    }
    for g in ["BA", "IU", "AN", "NU", "IS"] {
        assert!(!has(&ns, g), "{g}");
    }
    assert_eq!(ns.integrity, IntegrityLevel::SYSTEM);
    assert!(ns.has_privilege(&Privilege::Impersonate));
    assert!(!ns.has_privilege(&Privilege::AssignPrimaryToken));
    assert!(ns.groups.iter().any(|g| g.attributes.logon_id));
}

#[test]
fn preset_identities() {
    let apppool = tok("iis-apppool");
    assert!(
        has(&apppool, "IS")
            && has(
                &apppool,
                "S-1-5-82-3006700770-424185619-1745488364-794895919-4004696415"
            )
    );
    assert_eq!(apppool.integrity, IntegrityLevel::HIGH);
    let an = tok("anonymous");
    assert!(!has(&an, "WD") && !has(&an, "AU") && has(&an, "NU"));
    assert!(has(&anonymous_with_everyone(), "WD"));
    let user = tok("interactive-user");
    for g in ["IU", "BU", "AU", "WD"] {
        assert!(has(&user, g), "{g}");
    }
    assert!(!has(&user, "BA") && user.integrity == IntegrityLevel::MEDIUM);
    let el = tok("admin-elevated");
    assert!(has(&el, "BA") && el.integrity == IntegrityLevel::HIGH);
    let fi = tok("admin-filtered");
    assert!(
        !has(&fi, "BA") && fi.contains(&SidRef::Sid(Sid::from_parts(5, &[32, 544])), true, None)
    );
    assert_eq!(fi.integrity, IntegrityLevel::MEDIUM);
    let nu = tok("network-user");
    assert!(has(&nu, "NU") && has(&nu, "AU") && !has(&nu, "IU"));
    assert_eq!(tok("low").integrity, IntegrityLevel::LOW);
    let ac = tok("appcontainer");
    assert!(ac.app_container.is_some() && ac.integrity == IntegrityLevel::LOW);
    let sy = tok("SY");
    assert!(has(&sy, "BA") && sy.integrity == IntegrityLevel::SYSTEM);
}

#[test]
fn tokens_from_plain_data() {
    use sddl_core::access::token::{ClaimSpec, GroupSpec};
    let spec = TokenSpec {
        preset: Some("network-service".into()),
        groups: vec![GroupSpec {
            sid: "BA".into(),
            deny_only: true,
            ..Default::default()
        }],
        privileges: vec![
            "SeSecurityPrivilege".into(),
            "SeImpersonate:disabled".into(),
        ],
        integrity: Some("medium".into()),
        user_claims: vec![ClaimSpec {
            name: "dept".into(),
            value_type: "string".into(),
            values: vec!["Sales".into()],
            case_sensitive: false,
        }],
        ..Default::default()
    };
    let t = Token::from_spec(&spec, None).unwrap();
    assert!(t.has_privilege(&Privilege::Security));
    assert!(!t.has_privilege(&Privilege::Impersonate));
    assert_eq!(t.integrity, IntegrityLevel::MEDIUM);
    assert!(!has(&t, "BA") && t.contains(&SidRef::Sid(Sid::from_parts(5, &[32, 544])), true, None));
    assert!(run(
        "D:(XA;;FR;;;WD;(@User.dept == \"SALES\"))",
        &t,
        ObjectKind::File,
        0x1
    )
    .allowed());
    // Errors name the field.
    let bad = TokenSpec {
        user: Some("S-1-5-X".into()),
        ..Default::default()
    };
    assert_eq!(Token::from_spec(&bad, None).unwrap_err().field, "user");
    let bad = TokenSpec {
        preset: Some("NS".into()),
        integrity: Some("sky-high".into()),
        ..Default::default()
    };
    assert_eq!(Token::from_spec(&bad, None).unwrap_err().field, "integrity");
    let bad = TokenSpec {
        user: Some("NS".into()),
        user_claims: vec![ClaimSpec {
            name: "n".into(),
            value_type: "int64".into(),
            values: vec!["ten".into()],
            case_sensitive: false,
        }],
        ..Default::default()
    };
    assert_eq!(
        Token::from_spec(&bad, None).unwrap_err().field,
        "user_claims[0].values[0]"
    );
}

#[cfg(feature = "serde")]
#[test]
fn token_spec_from_json_and_result_to_json() {
    let spec: TokenSpec = serde_json::from_str(
        r#"{"preset": "NS", "groups": [{"sid": "BA", "deny_only": true}],
            "user_claims": [{"name": "dept", "type": "string", "values": ["Sales"]}]}"#,
    )
    .unwrap();
    let t = Token::from_spec(&spec, None).unwrap();
    assert!(t.contains(&SidRef::Sid(Sid::from_parts(5, &[32, 544])), true, None));
    assert!(serde_json::from_str::<TokenSpec>(r#"{"nonsense": 1}"#).is_err());
    let r = run(PIPE_DEFAULT, &t, ObjectKind::NamedPipe, GENERIC_READ);
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(v["kind"], "pipe");
    assert_eq!(v["owner"]["owner"], "S-1-5-21-0-0-0-1001");
    assert_eq!(v["status"], "Granted");
}
