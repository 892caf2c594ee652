//! Properties of `sddl_core::diff`: a descriptor never differs from itself, nor from its own
//! canonical form read back.

use proptest::prelude::*;
use sddl_core::diff::diff;
use sddl_core::model::SecurityDescriptor;
use sddl_core::objects::ObjectKind;
use sddl_core::{parse, to_sddl, FormatOptions, ParseOptions};

const KINDS: &[ObjectKind] = &[
    ObjectKind::File,
    ObjectKind::Directory,
    ObjectKind::NamedPipe,
    ObjectKind::RegistryKey,
    ObjectKind::Service,
    ObjectKind::Process,
    ObjectKind::DirectoryServiceObject,
];
const TYPES: &[&str] = &["A", "D", "XA", "XD", "OA", "OD"];
const FLAGS: &[&str] = &["", "IO", "OICI", "ID", "OICIIO", "CI", "OINP"];
const RIGHTS: &[&str] = &[
    "GA",
    "GR",
    "GRGW",
    "FA",
    "FR",
    "KA",
    "0x1f01ff",
    "0x12019f",
    "RC",
    "WDWO",
    "CCLCSWRPWPDTLOCRRC",
    "0x1",
    "GX",
];
const TRUSTEES: &[&str] = &[
    "WD",
    "AU",
    "NS",
    "OW",
    "BA",
    "SY",
    "IU",
    "CO",
    "AN",
    "DU",
    "S-1-1-0",
    "S-1-5-20",
    "S-1-5-21-1-2-3-1001",
];
const SACLS: &[&str] = &[
    "",
    "S:(ML;;NW;;;LW)",
    "S:(ML;;NWNR;;;HI)",
    "S:(AU;SA;GA;;;WD)",
    "S:P(AU;FA;FA;;;WD)(ML;;NW;;;ME)",
    "S:(RA;;;;;WD;(\"x\",TI,0,1))",
];

fn pick<T: Clone + std::fmt::Debug + 'static>(xs: &'static [T]) -> impl Strategy<Value = T> {
    prop::sample::select(xs)
}

fn ace() -> impl Strategy<Value = String> {
    (
        pick(TYPES),
        pick(FLAGS),
        pick(RIGHTS),
        pick(TRUSTEES),
        any::<bool>(),
    )
        .prop_map(|(t, f, r, s, guid)| match t {
            "XA" | "XD" => format!("({t};{f};{r};;;{s};(Member_of {{SID(BA)}}))"),
            "OA" | "OD" if guid => {
                format!("({t};{f};{r};4c164200-20c0-11d0-a768-00aa006e0529;;{s})")
            }
            _ => format!("({t};{f};{r};;;{s})"),
        })
}

fn descriptor() -> impl Strategy<Value = String> {
    (
        prop::option::of(pick(TRUSTEES)),
        prop::option::of(pick(TRUSTEES)),
        pick(&["", "P", "AI", "PAI", "NO_ACCESS_CONTROL"][..]),
        prop::collection::vec(ace(), 0..7),
        pick(SACLS),
    )
        .prop_map(|(o, g, flags, aces, sacl)| {
            let mut t = String::new();
            if let Some(o) = o {
                t.push_str(&format!("O:{o}"));
            }
            if let Some(g) = g {
                t.push_str(&format!("G:{g}"));
            }
            t.push_str("D:");
            t.push_str(flags);
            if flags != "NO_ACCESS_CONTROL" {
                t.extend(aces);
            }
            t.push_str(sacl);
            t
        })
}

fn parsed(text: &str) -> SecurityDescriptor {
    let p = parse(text, &ParseOptions::default());
    assert!(p.errors.is_empty(), "{text}: {:?}", p.errors);
    p.sd
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn a_descriptor_is_equivalent_to_itself(text in descriptor(), kind in pick(KINDS)) {
        let sd = parsed(&text);
        let d = diff(&sd, &sd, kind, &[], None);
        prop_assert!(d.equivalent, "{text}: {d:?}");
        prop_assert!(d.changed_aces.is_empty());
    }

    #[test]
    fn the_canonical_form_is_equivalent(text in descriptor(), kind in pick(KINDS)) {
        let sd = parsed(&text);
        let canonical = to_sddl(&sd, &FormatOptions::default());
        let back = parsed(&canonical);
        let d = diff(&sd, &back, kind, &[], None);
        prop_assert!(d.equivalent, "{text} -> {canonical}: {d:?}");
    }

    #[test]
    fn swapping_old_and_new_swaps_gains_and_losses(
        a in descriptor(),
        b in descriptor(),
        kind in pick(KINDS),
    ) {
        let (x, y) = (parsed(&a), parsed(&b));
        let there = diff(&x, &y, kind, &[], None);
        let back = diff(&y, &x, kind, &[], None);
        prop_assert_eq!(there.equivalent, back.equivalent, "{} / {}", a, b);
        prop_assert_eq!(there.principals.len(), back.principals.len());
        for p in &there.principals {
            let q = back.principals.iter().find(|q| q.principal == p.principal);
            let q = q.expect("the same principals change both ways");
            prop_assert_eq!(p.gained, q.lost);
            prop_assert_eq!(p.lost, q.gained);
        }
    }

    #[test]
    fn reordering_allow_aces_changes_nothing(
        aces in prop::collection::vec(
            (pick(FLAGS), pick(RIGHTS), pick(TRUSTEES))
                .prop_map(|(f, r, s)| format!("(A;{f};{r};;;{s})")),
            0..7,
        ),
        kind in pick(KINDS),
    ) {
        let forward = format!("D:{}", aces.concat());
        let mut rev = aces.clone();
        rev.reverse();
        let backward = format!("D:{}", rev.concat());
        let d = diff(&parsed(&forward), &parsed(&backward), kind, &[], None);
        prop_assert!(d.equivalent, "{forward} / {backward}: {d:?}");
    }
}
