//! Properties of the access check over generated descriptors and the token presets.

use proptest::prelude::*;
use sddl_core::access::presets::preset;
use sddl_core::access::*;
use sddl_core::model::SecurityDescriptor;
use sddl_core::objects::{map_generic, ObjectKind};
use sddl_core::rights::*;
use sddl_core::{parse, ParseOptions};

const TOKENS: &[&str] = &[
    "network-service",
    "local-service",
    "system",
    "iis-apppool",
    "anonymous",
    "interactive-user",
    "admin-elevated",
    "admin-filtered",
    "network-user",
    "low-integrity",
    "appcontainer",
];

const TRUSTEES: &[&str] = &[
    "WD",
    "AU",
    "NS",
    "OW",
    "BA",
    "BU",
    "IU",
    "SY",
    "AN",
    "CO",
    "SU",
    "IS",
    "AC",
    "DU",
    "PS",
    "S-1-5-21-0-0-0-1001",
    "S-1-5-21-0-0-0-1000",
    "S-1-15-3-1",
    "S-1-15-2-1-2-3-4-5-6-7",
    "S-1-5-82-3006700770-424185619-1745488364-794895919-4004696415",
];

const RIGHTS: &[&str] = &[
    "FA",
    "FR",
    "FW",
    "FX",
    "GA",
    "GR",
    "GW",
    "GX",
    "RC",
    "WD",
    "WO",
    "SD",
    "0x1",
    "0x2",
    "0x4",
    "0x100",
    "0x12019b",
    "0x1f01ff",
    "0x40000",
    "0x80000",
    "0x1000000",
];

const FLAGS: &[&str] = &["", "IO", "OICI", "ID", "OICIIO", "CI"];

const CONDITIONS: &[&str] = &[
    "(@User.dept == \"sales\")",
    "(Member_of {SID(BA)})",
    "(Member_of_Any {SID(WD), SID(NS)})",
    "(@User.missing)",
    "(Exists @Resource.x)",
    "(@Resource.x Contains {1})",
    "(!(Member_of {SID(SU)}))",
];

const MASKS: &[u32] = &[
    0x1,
    0x2,
    0x4,
    0x3,
    0x12_0089,
    0x12_0116,
    0x12_019b,
    0x12_019f,
    0x1f_01ff,
    READ_CONTROL,
    WRITE_DAC,
    WRITE_OWNER,
    DELETE,
    SYNCHRONIZE,
    GENERIC_READ,
    GENERIC_WRITE,
    GENERIC_READ | GENERIC_WRITE,
    GENERIC_ALL,
    GENERIC_EXECUTE,
    0x100,
    0x20,
];

const KINDS: &[ObjectKind] = &[
    ObjectKind::File,
    ObjectKind::Directory,
    ObjectKind::NamedPipe,
    ObjectKind::RegistryKey,
    ObjectKind::Service,
    ObjectKind::Process,
    ObjectKind::DirectoryServiceObject,
];

fn pick<T: Clone + std::fmt::Debug + 'static>(xs: &'static [T]) -> impl Strategy<Value = T> {
    prop::sample::select(xs)
}

const ALL_TYPES: &[&str] = &["A", "D", "XA", "XD", "OA", "OD"];
const ALLOW_TYPES: &[&str] = &["A", "XA", "OA"];
const DENY_TYPES: &[&str] = &["D", "XD", "OD"];

fn ace_text(types: &'static [&'static str]) -> impl Strategy<Value = String> {
    (
        pick(types),
        pick(FLAGS),
        pick(RIGHTS),
        pick(TRUSTEES),
        pick(CONDITIONS),
        any::<bool>(),
    )
        .prop_map(|(t, f, r, s, c, guid)| match t {
            "XA" | "XD" => format!("({t};{f};{r};;;{s};{c})"),
            "OA" | "OD" if guid => {
                format!("({t};{f};{r};4c164200-20c0-11d0-a768-00aa006e0529;;{s})")
            }
            _ => format!("({t};{f};{r};;;{s})"),
        })
}

fn sddl_text() -> impl Strategy<Value = String> {
    (
        prop::option::of(pick(&["NS", "SY", "BA", "S-1-5-21-0-0-0-1001"][..])),
        prop::collection::vec(ace_text(ALL_TYPES), 0..7),
        prop::option::of(pick(
            &[
                "S:(ML;;NW;;;LW)",
                "S:(ML;;NWNR;;;HI)",
                "S:(ML;;NX;;;SI)",
                "S:(RA;;;;;WD;(\"x\",TI,0,1))",
            ][..],
        )),
    )
        .prop_map(|(o, aces, s)| {
            let mut t = String::new();
            if let Some(o) = o {
                t.push_str("O:");
                t.push_str(o);
            }
            t.push_str("D:");
            for a in aces {
                t.push_str(&a);
            }
            if let Some(s) = s {
                t.push_str(s);
            }
            t
        })
}

fn parsed(text: &str) -> Option<SecurityDescriptor> {
    let p = parse(text, &ParseOptions::default());
    p.errors.is_empty().then_some(p.sd)
}

fn token(name: &str) -> Token {
    let mut t = preset(name).expect("preset");
    t.user_claims
        .push(sddl_core::access::token::Claim::strings("dept", &["Sales"]));
    t
}

fn req(kind: ObjectKind, desired: u32) -> AccessRequest {
    AccessRequest::new(kind, desired)
}

fn insert_ace(sd: &SecurityDescriptor, ace_sddl: &str, at: usize) -> Option<SecurityDescriptor> {
    let ace = parsed(&format!("D:{ace_sddl}"))?.dacl?.aces.remove(0);
    let mut out = sd.clone();
    let d = out.dacl.as_mut()?;
    let at = at % (d.aces.len() + 1);
    d.aces.insert(at, ace);
    Some(out)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn adding_an_allow_ace_never_reduces_access(
        text in sddl_text(),
        // An OWNER RIGHTS ACE switches the owner's implicit rights off: it is the one allow
        // ACE that can take rights away, by design (docs/access-check.md).
        added in ace_text(ALLOW_TYPES).prop_filter("not OW", |a| !a.contains(";OW;") && !a.contains(";OW)")),
        at in any::<usize>(),
        t in pick(TOKENS),
        kind in pick(KINDS),
        desired in pick(MASKS),
    ) {
        let Some(sd) = parsed(&text) else { return Ok(()) };
        let Some(more) = insert_ace(&sd, &added, at) else { return Ok(()) };
        let tok = token(t);
        let before = check(&sd, &tok, &req(kind, desired));
        let after = check(&more, &tok, &req(kind, desired));
        prop_assert!(!before.allowed() || after.allowed(), "{text} + {added}");
        let mb = check(&sd, &tok, &req(kind, MAXIMUM_ALLOWED)).granted;
        let ma = check(&more, &tok, &req(kind, MAXIMUM_ALLOWED)).granted;
        prop_assert_eq!(mb & !ma, 0, "{} + {}", text, added);
    }

    #[test]
    fn adding_a_deny_ace_never_increases_access(
        text in sddl_text(),
        added in ace_text(DENY_TYPES),
        at in any::<usize>(),
        t in pick(TOKENS),
        kind in pick(KINDS),
        desired in pick(MASKS),
    ) {
        let Some(sd) = parsed(&text) else { return Ok(()) };
        let Some(more) = insert_ace(&sd, &added, at) else { return Ok(()) };
        let tok = token(t);
        let before = check(&sd, &tok, &req(kind, desired));
        let after = check(&more, &tok, &req(kind, desired));
        prop_assert!(!after.allowed() || before.allowed(), "{text} + {added}");
        let mb = check(&sd, &tok, &req(kind, MAXIMUM_ALLOWED)).granted;
        let ma = check(&more, &tok, &req(kind, MAXIMUM_ALLOWED)).granted;
        prop_assert_eq!(ma & !mb, 0, "{} + {}", text, added);
    }

    #[test]
    fn maximum_allowed_covers_every_granted_request(
        text in sddl_text(),
        t in pick(TOKENS),
        kind in pick(KINDS),
    ) {
        let Some(sd) = parsed(&text) else { return Ok(()) };
        let tok = token(t);
        let m = check(&sd, &tok, &req(kind, MAXIMUM_ALLOWED));
        for &d in MASKS {
            let r = check(&sd, &tok, &req(kind, d));
            if r.allowed() {
                let mapped = map_generic(kind, d);
                prop_assert_eq!(mapped & !m.granted, 0, "{} {:#x}", text, d);
            }
            // The granted part of a denied request is still inside the maximum.
            prop_assert_eq!(r.granted & !m.granted, 0, "{} {:#x}", text, d);
        }
    }

    #[test]
    fn maximum_allowed_equals_the_union_of_single_bit_checks(
        text in sddl_text(),
        t in pick(TOKENS),
        kind in pick(KINDS),
    ) {
        let Some(sd) = parsed(&text) else { return Ok(()) };
        let tok = token(t);
        let m = check(&sd, &tok, &req(kind, MAXIMUM_ALLOWED));
        // Specific and standard rights (bits 0-23): ACCESS_SYSTEM_SECURITY, MAXIMUM_ALLOWED and
        // the generic bits are not rights an ACE check grants one by one.
        let mut union = 0u32;
        for b in 0..24 {
            if check(&sd, &tok, &req(kind, 1 << b)).allowed() {
                union |= 1 << b;
            }
        }
        prop_assert_eq!(m.granted & 0x00ff_ffff, union, "{}", text);
    }

    #[test]
    fn null_dacl_grants_everything(
        t in pick(TOKENS),
        kind in pick(KINDS),
        desired in pick(MASKS),
        absent in any::<bool>(),
    ) {
        let text = if absent { "O:SY" } else { "D:NO_ACCESS_CONTROL" };
        let sd = parsed(text).unwrap();
        let tok = token(t);
        let r = check(&sd, &tok, &req(kind, desired));
        // Only the mandatory label (Medium when absent) can still take rights away.
        let expect = r.integrity.blocked & r.mapped_desired == 0;
        prop_assert_eq!(r.allowed(), expect, "{} {:#x}", t, desired);
        if tok.integrity >= IntegrityLevel::MEDIUM {
            prop_assert!(r.allowed());
        }
    }

    #[test]
    fn empty_dacl_grants_only_the_owners_implicit_rights(
        owner in prop::option::of(pick(&["NS", "SY", "BA", "S-1-5-21-0-0-0-1001", "S-1-5-21-0-0-0-1000"][..])),
        t in pick(TOKENS),
        kind in pick(KINDS),
    ) {
        let text = match owner { Some(o) => format!("O:{o}D:"), None => "D:".into() };
        let sd = parsed(&text).unwrap();
        let tok = token(t);
        let r = check(&sd, &tok, &req(kind, MAXIMUM_ALLOWED));
        // A second pass (AppContainer) has no owner unless the owner is its package SID.
        let implicit = if r.owner.token_is_owner && tok.app_container.is_none() {
            (READ_CONTROL | WRITE_DAC) & !r.integrity.blocked
        } else {
            0
        };
        prop_assert_eq!(r.granted, implicit, "{} {}", text, t);
    }

    #[test]
    fn check_never_panics_on_generated_descriptors(
        text in sddl_text(),
        t in pick(TOKENS),
        kind in pick(KINDS),
        desired in any::<u32>(),
    ) {
        if let Some(sd) = parsed(&text) {
            let tok = token(t);
            let r = check(&sd, &tok, &req(kind, desired));
            prop_assert_eq!(r.granted & r.missing, 0);
            let _ = suggest(&sd, &tok, &req(kind, desired), &SuggestOptions::default());
        }
    }

    #[test]
    fn check_never_panics_on_any_parsed_text(
        text in "[OGDS:()A-Z0-9;@.\"{}=!&| _-]{0,80}",
        t in pick(TOKENS),
        desired in any::<u32>(),
    ) {
        // Whatever the parser recovers, errors or not.
        let p = parse(&text, &ParseOptions::default());
        let tok = token(t);
        let r = check(&p.sd, &tok, &req(ObjectKind::File, desired));
        prop_assert_eq!(r.granted & r.missing, 0);
        let _ = suggest(&p.sd, &tok, &req(ObjectKind::File, desired), &SuggestOptions::default());
    }
}
