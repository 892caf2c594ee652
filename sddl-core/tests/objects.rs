//! Object-kind rights: table consistency, values pinned to Windows and Microsoft's documentation,
//! the examples of issue 4, AD GUIDs and kind guessing.

use sddl_core::objects::{
    decompose, describe_mask, ds_guid_for_right, ds_guid_name, ds_guids, full_control,
    generic_mapping, guess_kind, map_generic, right_info, Confidence, DsGuidKind, ObjectKind,
    RightClass, GENERIC_BITS, SPECIFIC_RIGHTS_ALL, STANDARD_RIGHTS_ALL,
};
use sddl_core::rights::{
    ACCESS_SYSTEM_SECURITY, GENERIC_ALL, GENERIC_EXECUTE, GENERIC_READ, GENERIC_WRITE, SYNCHRONIZE,
};
use sddl_core::{parse, Guid, ParseOptions, SecurityDescriptor};

fn sd(s: &str) -> SecurityDescriptor {
    let p = parse(s, &ParseOptions::default());
    assert!(p.errors.is_empty(), "{s}: {:?}", p.errors);
    p.sd
}

fn names(kind: ObjectKind, mask: u32) -> Vec<&'static str> {
    decompose(kind, mask)
        .map(|r| r.name.unwrap_or("?"))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Internal consistency, for every kind.

#[test]
fn specific_rights_are_single_distinct_ascending_bits_with_distinct_names() {
    for kind in ObjectKind::ALL {
        let t = kind.table();
        let mut seen_bits = 0u32;
        let mut prev = 0u32;
        for (i, r) in t.specific.iter().enumerate() {
            assert!(
                r.mask.is_power_of_two(),
                "{kind}: {} is not one bit",
                r.name
            );
            assert_eq!(
                r.mask & !SPECIFIC_RIGHTS_ALL,
                0,
                "{kind}: {} outside the specific range",
                r.name
            );
            assert_eq!(seen_bits & r.mask, 0, "{kind}: duplicate bit {:#x}", r.mask);
            assert!(r.mask > prev, "{kind}: {} out of order", r.name);
            assert!(
                !r.name.is_empty() && !r.phrase.is_empty(),
                "{kind}: empty name or phrase"
            );
            assert!(
                t.specific[..i].iter().all(|o| o.name != r.name),
                "{kind}: duplicate name {}",
                r.name
            );
            seen_bits |= r.mask;
            prev = r.mask;
        }
        assert_eq!(
            t.reserved & seen_bits,
            0,
            "{kind}: a reserved bit is also named"
        );
        assert_eq!(
            t.standard & !(STANDARD_RIGHTS_ALL | ACCESS_SYSTEM_SECURITY),
            0,
            "{kind}"
        );
        assert!(!t.source.is_empty(), "{kind}: no source");
    }
}

#[test]
fn generic_mappings_use_only_the_kinds_own_bits_and_full_control_covers_generic_all() {
    for kind in ObjectKind::ALL {
        let t = kind.table();
        let own = t.defined_bits() | t.reserved;
        assert_eq!(
            t.full_control & !own,
            0,
            "{kind}: full control uses foreign bits"
        );
        let Some(m) = t.mapping else { continue };
        for (what, v) in [
            ("read", m.read),
            ("write", m.write),
            ("execute", m.execute),
            ("all", m.all),
        ] {
            assert_ne!(v, 0, "{kind}: empty generic {what}");
            assert_eq!(
                v & !own,
                0,
                "{kind}: generic {what} {v:#x} uses bits the kind does not define"
            );
            assert_eq!(
                v & GENERIC_BITS,
                0,
                "{kind}: generic {what} maps to a generic bit"
            );
            assert_eq!(
                v & !m.all,
                0,
                "{kind}: generic {what} is not within generic all"
            );
        }
        assert_eq!(map_generic(kind, GENERIC_ALL), m.all);
        assert_eq!(
            map_generic(kind, GENERIC_ALL) & !full_control(kind),
            0,
            "{kind}: full control does not cover GENERIC_ALL"
        );
    }
}

#[test]
fn combined_names_are_distinct_and_use_only_the_kinds_bits() {
    for kind in ObjectKind::ALL {
        let t = kind.table();
        let own = t.defined_bits() | t.reserved;
        for (i, c) in t.combined.iter().enumerate() {
            assert_eq!(c.mask & !own, 0, "{kind}: {} uses foreign bits", c.name);
            for o in &t.combined[..i] {
                assert_ne!(
                    o.mask, c.mask,
                    "{kind}: {} and {} share a value",
                    o.name, c.name
                );
                assert_ne!(o.name, c.name, "{kind}: duplicate {}", c.name);
            }
            assert_eq!(describe_mask(kind, c.mask).map(|d| d.name), Some(c.name));
        }
    }
}

#[test]
fn kinds_without_a_generic_mapping_keep_generic_bits() {
    for kind in ObjectKind::ALL {
        if generic_mapping(kind).is_none() {
            assert_eq!(
                map_generic(kind, GENERIC_READ | 0x1),
                GENERIC_READ | 0x1,
                "{kind}"
            );
        } else {
            assert_eq!(map_generic(kind, GENERIC_BITS) & GENERIC_BITS, 0, "{kind}");
        }
    }
    assert_eq!(generic_mapping(ObjectKind::WmiNamespace), None);
    assert_eq!(generic_mapping(ObjectKind::ComLaunch), None);
}

// ---------------------------------------------------------------------------------------------
// Names.

#[test]
fn kind_names_round_trip_and_aliases_are_unambiguous() {
    let mut all = Vec::new();
    for kind in ObjectKind::ALL {
        assert_eq!(kind.name().parse::<ObjectKind>(), Ok(kind));
        assert_eq!(kind.to_string(), kind.name());
        assert!(kind
            .name()
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b == b'-'));
        assert!(!kind.summary().is_empty());
        all.push(kind.name());
        for a in kind.aliases() {
            assert_eq!(ObjectKind::from_name(a), Some(kind), "{a}");
            all.push(a);
        }
    }
    let n = all.len();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), n, "a name is used twice");
}

#[test]
fn kind_names_from_the_issue() {
    for (s, k) in [
        ("file", ObjectKind::File),
        ("directory", ObjectKind::Directory),
        ("pipe", ObjectKind::NamedPipe),
        ("named-pipe", ObjectKind::NamedPipe),
        ("registry", ObjectKind::RegistryKey),
        ("key", ObjectKind::RegistryKey),
        ("service", ObjectKind::Service),
        ("scm", ObjectKind::ServiceControlManager),
        ("process", ObjectKind::Process),
        ("thread", ObjectKind::Thread),
        ("token", ObjectKind::Token),
        ("job", ObjectKind::Job),
        ("event", ObjectKind::Event),
        ("mutex", ObjectKind::Mutex),
        ("semaphore", ObjectKind::Semaphore),
        ("timer", ObjectKind::Timer),
        ("section", ObjectKind::Section),
        ("desktop", ObjectKind::Desktop),
        ("window-station", ObjectKind::WindowStation),
        ("printer", ObjectKind::Printer),
        ("wmi", ObjectKind::WmiNamespace),
        ("com-access", ObjectKind::ComAccess),
        ("com-launch", ObjectKind::ComLaunch),
        ("ad", ObjectKind::DirectoryServiceObject),
        ("Named_Pipe", ObjectKind::NamedPipe),
        ("REGISTRY", ObjectKind::RegistryKey),
    ] {
        assert_eq!(ObjectKind::from_name(s), Some(k), "{s}");
    }
    assert_eq!(ObjectKind::from_name("files"), None);
    assert_eq!(ObjectKind::from_name(""), None);
    let err = "nope".parse::<ObjectKind>().unwrap_err().to_string();
    assert!(
        err.contains("window-station") && err.contains("com-launch"),
        "{err}"
    );
}

// ---------------------------------------------------------------------------------------------
// The examples of issue 4.

#[test]
fn bit_4_means_different_things() {
    assert_eq!(names(ObjectKind::File, 0x4), ["FILE_APPEND_DATA"]);
    assert_eq!(names(ObjectKind::Directory, 0x4), ["FILE_ADD_SUBDIRECTORY"]);
    assert_eq!(
        names(ObjectKind::NamedPipe, 0x4),
        ["FILE_CREATE_PIPE_INSTANCE"]
    );
    assert_eq!(names(ObjectKind::RegistryKey, 0x4), ["KEY_CREATE_SUB_KEY"]);
    assert_eq!(
        right_info(ObjectKind::NamedPipe, 0x4).phrase,
        "create a new instance of the pipe"
    );
}

#[test]
fn bit_2_on_a_service_is_change_config() {
    let r = right_info(ObjectKind::Service, 0x2);
    assert_eq!(r.name, Some("SERVICE_CHANGE_CONFIG"));
    assert_eq!(r.class, RightClass::Specific);
    assert_eq!(
        names(ObjectKind::ServiceControlManager, 0x2),
        ["SC_MANAGER_CREATE_SERVICE"]
    );
}

#[test]
fn generic_all_on_a_pipe_is_file_all_access() {
    let m = map_generic(ObjectKind::NamedPipe, GENERIC_ALL);
    assert_eq!(m, 0x001f_01ff);
    assert_eq!(
        describe_mask(ObjectKind::NamedPipe, m).map(|c| c.name),
        Some("FILE_ALL_ACCESS")
    );
}

// ---------------------------------------------------------------------------------------------
// Values pinned on Windows: Wine's advapi32 tests run on Windows, `sddl-tables.tsv` rows
// `generic_mapping` (modern values where the row gives several).

fn mapping(kind: ObjectKind) -> [u32; 4] {
    [GENERIC_READ, GENERIC_WRITE, GENERIC_EXECUTE, GENERIC_ALL].map(|g| map_generic(kind, g))
}

#[test]
fn generic_mappings_observed_on_windows() {
    let file = [0x0012_0089, 0x0012_0116, 0x0012_00a0, 0x001f_01ff];
    assert_eq!(mapping(ObjectKind::File), file);
    assert_eq!(mapping(ObjectKind::Directory), file);
    assert_eq!(mapping(ObjectKind::NamedPipe), file);
    assert_eq!(
        mapping(ObjectKind::Mutex),
        [0x0002_0001, 0x0002_0000, 0x0012_0000, 0x001f_0001]
    );
    assert_eq!(
        mapping(ObjectKind::Event),
        [0x0002_0001, 0x0002_0002, 0x0012_0000, 0x001f_0003]
    );
    assert_eq!(
        mapping(ObjectKind::Semaphore),
        [0x0002_0001, 0x0002_0002, 0x0012_0000, 0x001f_0003]
    );
    assert_eq!(
        mapping(ObjectKind::Section),
        [0x0002_0005, 0x0002_0002, 0x0002_0008, 0x000f_001f]
    );
    // Thread and process: the Vista+ values (NT4 value + the limited-information bits).
    assert_eq!(
        mapping(ObjectKind::Thread),
        [0x0002_0848, 0x0002_0437, 0x0012_0800, 0x001f_ffff]
    );
    assert_eq!(
        mapping(ObjectKind::Process),
        [0x0002_1410, 0x0002_0bea, 0x0012_1001, 0x001f_ffff]
    );
}

#[test]
fn sddl_file_and_key_codes_are_the_mappings() {
    // FA/FR/FW/FX and KA/KR/KW/KX are the file and key generic mappings (sddl.h).
    let code = |c: &str| sddl_core::rights::right_code(c.as_bytes()).unwrap();
    assert_eq!(
        mapping(ObjectKind::File),
        ["FR", "FW", "FX", "FA"].map(code)
    );
    assert_eq!(
        mapping(ObjectKind::RegistryKey),
        ["KR", "KW", "KX", "KA"].map(code)
    );
}

// Values from Microsoft's documentation pages named in each table's source.
#[test]
fn documented_values() {
    let key = ObjectKind::RegistryKey;
    assert_eq!(full_control(key), 0xf003f);
    assert_eq!(
        describe_mask(key, 0x20019).map(|c| (c.name, c.also)),
        Some(("KEY_READ", &["KEY_EXECUTE"][..]))
    );
    assert_eq!(
        describe_mask(key, 0x20006).map(|c| c.name),
        Some("KEY_WRITE")
    );
    assert_eq!(full_control(ObjectKind::Service), 0xf01ff);
    assert_eq!(
        describe_mask(ObjectKind::Service, 0xf01ff).map(|c| c.name),
        Some("SERVICE_ALL_ACCESS")
    );
    assert_eq!(full_control(ObjectKind::ServiceControlManager), 0xf003f);
    assert_eq!(
        mapping(ObjectKind::ServiceControlManager),
        [
            0x20000 | 0x4 | 0x10,
            0x20000 | 0x2 | 0x20,
            0x20000 | 0x1 | 0x8,
            0xf003f
        ]
    );
    assert_eq!(
        mapping(ObjectKind::Service),
        [
            0x20000 | 0x1 | 0x4 | 0x8 | 0x80,
            0x20000 | 0x2,
            0x20000 | 0x10 | 0x20 | 0x40 | 0x100,
            0xf01ff
        ]
    );
    assert_eq!(full_control(ObjectKind::Token), 0xf01ff);
    assert_eq!(
        mapping(ObjectKind::Token),
        [0x20008, 0x200e0, 0x20000, 0xf01ff]
    );
    assert_eq!(
        mapping(ObjectKind::Job),
        [0x20004, 0x2000b, 0x120000, 0x1f003f]
    );
    assert_eq!(
        mapping(ObjectKind::Timer),
        [0x20001, 0x20002, 0x120000, 0x1f0003]
    );
    assert_eq!(
        describe_mask(ObjectKind::Event, 0x1f0003).map(|c| c.name),
        Some("EVENT_ALL_ACCESS")
    );
    assert_eq!(
        describe_mask(ObjectKind::Mutex, 0x1f0001).map(|c| c.name),
        Some("MUTEX_ALL_ACCESS")
    );
    assert_eq!(
        describe_mask(ObjectKind::WindowStation, 0x37f).map(|c| c.name),
        Some("WINSTA_ALL_ACCESS")
    );
    assert_eq!(
        mapping(ObjectKind::Desktop),
        [0x20041, 0x200be, 0x20100, 0xf01ff]
    );
    assert_eq!(
        mapping(ObjectKind::WindowStation),
        [0x20303, 0x2001c, 0x20060, 0xf037f]
    );
    assert_eq!(
        describe_mask(ObjectKind::Printer, 0xf000c).map(|c| c.name),
        Some("PRINTER_ALL_ACCESS")
    );
    assert_eq!(names(ObjectKind::Printer, 0x8), ["PRINTER_ACCESS_USE"]);
    assert_eq!(
        names(ObjectKind::Printer, 0x30),
        ["JOB_ACCESS_ADMINISTER", "JOB_ACCESS_READ"]
    );
    assert_eq!(
        names(ObjectKind::WmiNamespace, 0x21),
        ["WBEM_ENABLE", "WBEM_REMOTE_ACCESS"]
    );
    assert_eq!(
        names(ObjectKind::ComLaunch, 0x18),
        ["COM_RIGHTS_ACTIVATE_LOCAL", "COM_RIGHTS_ACTIVATE_REMOTE"]
    );
    assert_eq!(
        mapping(ObjectKind::DirectoryServiceObject),
        [0x20094, 0x20028, 0x20004, 0xf01ff]
    );
    assert_eq!(
        names(ObjectKind::DirectoryServiceObject, 0x130),
        [
            "RIGHT_DS_READ_PROPERTY",
            "RIGHT_DS_WRITE_PROPERTY",
            "RIGHT_DS_CONTROL_ACCESS"
        ]
    );
    assert_eq!(names(ObjectKind::Thread, 0x1000), ["THREAD_RESUME"]);
    assert_eq!(
        names(ObjectKind::Process, 0x1000),
        ["PROCESS_QUERY_LIMITED_INFORMATION"]
    );
    assert_eq!(
        names(ObjectKind::Section, 0x20),
        ["SECTION_MAP_EXECUTE_EXPLICIT"]
    );
}

// ---------------------------------------------------------------------------------------------
// decompose.

#[test]
fn decompose_names_every_bit_and_drops_none() {
    let mut x: u32 = 0x1234_5678;
    for kind in ObjectKind::ALL {
        for _ in 0..64 {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            let parts: Vec<_> = decompose(kind, x).collect();
            assert_eq!(parts.len(), x.count_ones() as usize);
            assert_eq!(parts.iter().fold(0, |m, r| m | r.bit), x);
            assert!(parts.windows(2).all(|w| w[0].bit < w[1].bit));
            for r in parts {
                assert_eq!(
                    r.name.is_none(),
                    matches!(r.class, RightClass::Unknown | RightClass::Reserved)
                );
                assert!(
                    !r.phrase.is_empty() || r.class == RightClass::Unsupported,
                    "{kind} {:#x}",
                    r.bit
                );
            }
        }
    }
}

#[test]
fn decompose_classes() {
    let file: Vec<_> = decompose(ObjectKind::File, 0x8012_0201).collect();
    assert_eq!(file[0].name, Some("FILE_READ_DATA"));
    assert_eq!(file[1].class, RightClass::Unknown);
    assert_eq!(file[1].bit, 0x200);
    assert_eq!(file[2].name, Some("READ_CONTROL"));
    assert_eq!(file[2].class, RightClass::Standard);
    assert_eq!(file[3].class, RightClass::Standard);
    assert_eq!(file[4].name, Some("GENERIC_READ"));
    assert_eq!(file[4].class, RightClass::Generic);
    assert_eq!(
        right_info(ObjectKind::File, 0x10000).phrase,
        "delete the file"
    );

    // Registry keys do not support SYNCHRONIZE.
    let sync = right_info(ObjectKind::RegistryKey, SYNCHRONIZE);
    assert_eq!(
        (sync.name, sync.class),
        (Some("SYNCHRONIZE"), RightClass::Unsupported)
    );
    assert_eq!(
        right_info(ObjectKind::File, SYNCHRONIZE).class,
        RightClass::Standard
    );
    // 0x4000 is inside PROCESS_ALL_ACCESS but unnamed.
    assert_eq!(
        right_info(ObjectKind::Process, 0x4000).class,
        RightClass::Reserved
    );
    assert_eq!(
        right_info(ObjectKind::Event, 0x4000).class,
        RightClass::Unknown
    );
    assert_eq!(
        right_info(ObjectKind::File, ACCESS_SYSTEM_SECURITY).class,
        RightClass::Special
    );
}

// ---------------------------------------------------------------------------------------------
// Active Directory GUIDs.

#[test]
fn ds_guid_table_is_large_and_consistent() {
    let all = ds_guids();
    assert!(all.len() >= 60, "{}", all.len());
    for (i, e) in all.iter().enumerate() {
        for o in &all[..i] {
            assert!(
                !(o.guid == e.guid && o.kind == e.kind),
                "{} and {} share GUID and kind",
                o.cn,
                e.cn
            );
            assert!(!(o.cn == e.cn && o.kind == e.kind), "duplicate {}", e.cn);
        }
        // The compile-time GUID parser agrees with the SDDL grammar.
        let text = format!("D:(OA;;CR;{};;WD)", e.guid);
        let ace = &sd(&text).dacl.unwrap().aces[0];
        assert_eq!(ace.object_type, Some(e.guid), "{}", e.cn);
    }
    for kind in [
        DsGuidKind::Class,
        DsGuidKind::Attribute,
        DsGuidKind::PropertySet,
        DsGuidKind::ExtendedRight,
        DsGuidKind::ValidatedWrite,
    ] {
        assert!(all.iter().any(|e| e.kind == kind), "no {}", kind.name());
    }
}

fn guid_of(text: &str) -> Guid {
    sd(&format!("D:(OA;;CR;{text};;WD)")).dacl.unwrap().aces[0]
        .object_type
        .unwrap()
}

#[test]
fn ds_guids_from_the_issue() {
    for (g, cn, kind) in [
        (
            "00299570-246d-11d0-a768-00aa006e0529",
            "User-Force-Change-Password",
            DsGuidKind::ExtendedRight,
        ),
        (
            "1131f6aa-9c07-11d1-f79f-00c04fc2dcd2",
            "DS-Replication-Get-Changes",
            DsGuidKind::ExtendedRight,
        ),
        (
            "1131F6AD-9C07-11D1-F79F-00C04FC2DCD2",
            "DS-Replication-Get-Changes-All",
            DsGuidKind::ExtendedRight,
        ),
        (
            "bf9679c0-0de6-11d0-a285-00aa003049e2",
            "Member",
            DsGuidKind::Attribute,
        ),
        (
            "bf967aba-0de6-11d0-a285-00aa003049e2",
            "User",
            DsGuidKind::Class,
        ),
    ] {
        let e = ds_guid_name(&guid_of(g)).unwrap_or_else(|| panic!("{g} unknown"));
        assert_eq!((e.cn, e.kind), (cn, kind));
    }
    assert_eq!(
        ds_guid_name(&guid_of("00299570-246d-11d0-a768-00aa006e0528")),
        None
    );
    assert_eq!(
        ds_guid_name(&guid_of("00299570-246d-11d0-a768-00aa006e0529")).map(|e| e.display),
        Some("Reset Password")
    );
}

#[test]
fn shared_guids_are_told_apart_by_the_right() {
    let member = guid_of("bf9679c0-0de6-11d0-a285-00aa003049e2");
    assert_eq!(
        ds_guid_for_right(&member, 0x8).map(|e| e.cn),
        Some("Self-Membership")
    );
    assert_eq!(
        ds_guid_for_right(&member, 0x20).map(|e| e.cn),
        Some("Member")
    );
    assert_eq!(
        ds_guid_for_right(&member, 0x100).map(|e| e.cn),
        Some("Member")
    );
    let spn = guid_of("f3a64788-5306-11d1-a9c5-0000f80367c1");
    assert_eq!(
        ds_guid_for_right(&spn, 0x8).map(|e| e.cn),
        Some("Validated-SPN")
    );
    assert_eq!(
        ds_guid_for_right(&spn, 0x10).map(|e| e.display),
        Some("servicePrincipalName")
    );
}

// ---------------------------------------------------------------------------------------------
// guess_kind.

#[test]
fn guesses_ad_from_object_aces() {
    let g = guess_kind(&sd(
        "O:BAG:BAD:(A;;RPLCLORC;;;AU)(OA;;CR;1131f6aa-9c07-11d1-f79f-00c04fc2dcd2;;BA)",
    ))
    .unwrap();
    assert_eq!(g.kind, ObjectKind::DirectoryServiceObject);
    assert_eq!(g.confidence, Confidence::High);
    let why = g.to_string();
    assert!(
        why.contains("ACE 2 of the DACL") && why.contains("Replicating Directory Changes"),
        "{why}"
    );
}

#[test]
fn guesses_files_and_directories() {
    let g = guess_kind(&sd("D:(A;;FA;;;BA)(A;;0x1200a9;;;BU)")).unwrap();
    assert_eq!(
        (g.kind, g.confidence, g.supporting),
        (ObjectKind::File, Confidence::High, 2)
    );
    let g = guess_kind(&sd("D:(A;OICI;FR;;;BU)")).unwrap();
    assert_eq!(
        (g.kind, g.confidence),
        (ObjectKind::Directory, Confidence::Medium)
    );
    assert!(g.container);
    // Explorer's "Modify": read + write + execute + delete.
    let g = guess_kind(&sd("D:(A;;0x1301bf;;;AU)")).unwrap();
    assert_eq!(g.kind, ObjectKind::File);
    assert!(
        g.to_string()
            .contains("GENERIC_READ + GENERIC_WRITE + GENERIC_EXECUTE"),
        "{g}"
    );
}

#[test]
fn guesses_registry_keys() {
    let g = guess_kind(&sd("D:(A;CI;KA;;;BA)(A;CI;KR;;;BU)")).unwrap();
    assert_eq!(
        (g.kind, g.confidence),
        (ObjectKind::RegistryKey, Confidence::High)
    );
    // KA alone is also SC_MANAGER_ALL_ACCESS.
    let g = guess_kind(&sd("D:(A;;KA;;;BA)")).unwrap();
    assert_eq!(g.confidence, Confidence::Low);
    assert_eq!(g.kind, ObjectKind::RegistryKey);
    assert!(g.alternatives.contains(&ObjectKind::ServiceControlManager));
}

#[test]
fn guesses_services() {
    // A typical service descriptor (sc sdshow).
    let g = guess_kind(&sd(
        "D:(A;;CCLCSWRPWPDTLOCRRC;;;SY)(A;;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;BA)(A;;CCLCSWLOCRRC;;;IU)",
    ))
    .unwrap();
    assert_eq!(
        (g.kind, g.confidence),
        (ObjectKind::Service, Confidence::High)
    );
}

#[test]
fn ambiguous_and_empty_guesses() {
    // 0xf01ff alone: AD full control, SERVICE_ALL_ACCESS and TOKEN_ALL_ACCESS.
    let g = guess_kind(&sd("D:(A;;0xf01ff;;;BA)")).unwrap();
    assert_eq!(g.confidence, Confidence::Low);
    assert!(
        g.alternatives.contains(&ObjectKind::Service)
            && g.alternatives.contains(&ObjectKind::Token)
    );
    // A bit outside every table rules every kind out.
    assert_eq!(guess_kind(&sd("D:(A;;0x800001;;;WD)")), None);
    assert_eq!(guess_kind(&sd("D:(A;;GA;;;WD)")), None);
    assert_eq!(guess_kind(&sd("S:(ML;;NW;;;LW)")), None);
    assert_eq!(guess_kind(&sd("D:")), None);
    assert_eq!(
        guess_kind(&sd("D:(A;;0x1fffff;;;SY)")).map(|g| g.kind),
        Some(ObjectKind::Process)
    );
}

// ---------------------------------------------------------------------------------------------
// The documentation page lists every kind with its names and source.

#[test]
fn docs_page_lists_every_kind() {
    let page = include_str!("../../docs/object-kinds.md");
    for kind in ObjectKind::ALL {
        assert!(
            page.contains(&format!("`{}`", kind.name())),
            "docs miss {kind}"
        );
        for a in kind.aliases() {
            assert!(page.contains(&format!("`{a}`")), "docs miss alias {a}");
        }
    }
}
