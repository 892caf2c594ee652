//! Generators of SDDL text for property tests: descriptors with every ACE type (conditions and
//! resource attributes included), aliases and numeric SIDs, codes and numeric rights, GUIDs.
//! Shared by the grammar's properties here and by sddl-lint's (through `#[path]`).
#![allow(dead_code)]

use proptest::prelude::*;

pub fn ace_type(sacl: bool) -> impl Strategy<Value = &'static str> {
    let types: &'static [&'static str] = if sacl {
        &["AU", "AL", "OU", "OL", "ML", "SP"]
    } else {
        &["A", "D", "OA", "OD"]
    };
    proptest::sample::select(types)
}

pub fn flags() -> impl Strategy<Value = String> {
    proptest::sample::subsequence(vec!["OI", "CI", "NP", "IO", "ID", "SA", "FA"], 0..4)
        .prop_map(|v| v.concat())
}

pub fn rights() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::subsequence(
            vec![
                "GA", "GR", "GW", "GX", "RC", "SD", "WD", "WO", "RP", "WP", "CC", "DC", "LC", "SW",
                "LO", "DT", "CR", "FA", "FR", "FW", "FX", "KA", "KR", "KW", "KX"
            ],
            0..5
        )
        .prop_map(|v| v.concat()),
        any::<u32>().prop_map(|m| format!("0x{m:x}")),
        any::<u32>().prop_map(|m| format!("{m}")),
    ]
}

pub fn guid() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        any::<u128>().prop_map(|g| {
            let h = format!("{g:032x}");
            format!(
                "{}-{}-{}-{}-{}",
                &h[..8],
                &h[8..12],
                &h[12..16],
                &h[16..20],
                &h[20..]
            )
        }),
    ]
}

pub fn sid() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(
            sddl_core::sid::ALIASES
                .iter()
                .map(|a| a.code)
                .collect::<Vec<_>>()
        )
        .prop_map(str::to_string),
        (
            0u64..(1 << 48),
            proptest::collection::vec(any::<u32>(), 1..15)
        )
            .prop_map(|(a, subs)| {
                let mut s = format!("S-1-{a}");
                for x in subs {
                    s.push_str(&format!("-{x}"));
                }
                s
            }),
    ]
}

pub fn ace(sacl: bool) -> impl Strategy<Value = String> {
    (ace_type(sacl), flags(), rights(), guid(), guid(), sid()).prop_map(|(t, f, r, g1, g2, s)| {
        let object = t.starts_with('O');
        let (g1, g2) = if object {
            (g1, g2)
        } else {
            (String::new(), String::new())
        };
        format!("({t};{f};{r};{g1};{g2};{s})")
    })
}

/// Conditions from the grammar's corners: every operator family, attribute prefixes, literal
/// kinds, composites and SID sets.
pub const CONDITIONS: &[&str] = &[
    "(@User.Title == \"PM\")",
    "(Member_of {SID(BA), SID(S-1-5-32-545)})",
    "(!(@Device.Managed == 1) || @Resource.Dept Any_of {\"HR\", \"IT\"})",
    "(Exists @User.clearance && @User.clearance >= 0x10)",
    "(x Contains {1, -2, 07} && Not_Member_of_Any {SID(WD)})",
    "(Device_Member_of {SID(AU)} && (@User.smartcard == #0001ff))",
];

/// A callback ACE with a condition (`XA`, `XD`, `ZA` in a DACL; `XU` in a SACL) or a
/// resource-attribute ACE (`RA`, SACL only).
pub fn callback_ace(sacl: bool) -> impl Strategy<Value = String> {
    let types: &'static [&'static str] = if sacl { &["XU"] } else { &["XA", "XD", "ZA"] };
    let claims: &'static [&'static str] = &[
        "(\"Project\",TS,0x0,\"Windows\",\"SQL\")",
        "(\"Level\",TI,0x0,-1,2,3)",
        "(\"Owners\",TD,0x0,BA,S-1-5-21-7-8-9-500)",
        "(\"Blob\",TX,0x0,00ff)",
        "(\"Flag\",TB,0x0,1)",
    ];
    (
        proptest::sample::select(types),
        proptest::sample::select(CONDITIONS),
        proptest::sample::select(claims),
        any::<bool>(),
        flags(),
        rights(),
        guid(),
        sid(),
    )
        .prop_map(move |(t, cond, claim, ra, f, r, g, s)| {
            if sacl && ra {
                format!("(RA;{f};;;;{s};{claim})")
            } else {
                let g = if t == "ZA" { g } else { String::new() };
                format!("({t};{f};{r};{g};;{s};{cond})")
            }
        })
}

pub fn acl_flags() -> impl Strategy<Value = String> {
    proptest::sample::subsequence(vec!["P", "AR", "AI"], 0..3).prop_map(|v| v.concat())
}

pub fn descriptor() -> impl Strategy<Value = String> {
    (
        proptest::option::of(sid()),
        proptest::option::of(sid()),
        proptest::option::of((
            acl_flags(),
            proptest::collection::vec(prop_oneof![4 => ace(false), 1 => callback_ace(false)], 0..6),
        )),
        proptest::option::of((
            acl_flags(),
            proptest::collection::vec(prop_oneof![4 => ace(true), 1 => callback_ace(true)], 0..4),
        )),
        any::<bool>(),
    )
        .prop_map(|(o, g, d, s, null)| {
            let mut out = String::new();
            if let Some(o) = o {
                out += &format!("O:{o}");
            }
            if let Some(g) = g {
                out += &format!("G:{g}");
            }
            if let Some((f, aces)) = d {
                out += "D:";
                out += &f;
                if null && aces.is_empty() {
                    out += "NO_ACCESS_CONTROL";
                }
                out += &aces.concat();
            }
            if let Some((f, aces)) = s {
                out += "S:";
                out += &f;
                out += &aces.concat();
            }
            out
        })
}
