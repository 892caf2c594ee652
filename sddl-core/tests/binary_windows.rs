//! The binary codec against the bytes Windows produced (`tests/data/windows-binary-vectors.jsonl`).

mod binary_support;

use binary_support::{assert_agreement, sd_vectors, to_hex, vectors};
use sddl_core::binary::{decode, decode_sid, encode, encode_sid, EncodeOptions};
use std::collections::BTreeMap;

#[test]
fn every_windows_descriptor_decodes() {
    let mut failures = Vec::new();
    let all = sd_vectors();
    for v in &all {
        if let Err(e) = decode(&v.binary) {
            failures.push(format!("{}: {} ({})", v.id, e, e.as_str()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}

/// decode then encode gives back Windows' bytes.
#[test]
fn decode_encode_round_trip() {
    let all = sd_vectors();
    let mut failures = BTreeMap::new();
    for v in &all {
        let why = match decode(&v.binary) {
            Err(e) => format!("decode failed: {e}"),
            Ok(sd) => match encode(&sd, &EncodeOptions::default()) {
                Err(e) => format!("encode failed: {e}"),
                Ok(b) if b == v.binary => continue,
                Ok(b) => format!(
                    "bytes differ:\n  windows {}\n  ours    {}",
                    to_hex(&v.binary),
                    to_hex(&b)
                ),
            },
        };
        failures.insert(v.id.clone(), why);
    }
    assert_agreement("decode-encode round trip", all.len(), &failures, 0.995);
}

/// The SID vectors: Windows' SID bytes decode to the SID Windows printed, and encode back.
#[test]
fn windows_sid_bytes() {
    let sids: Vec<_> = vectors().into_iter().filter(|v| v.kind == "sid").collect();
    assert!(sids.len() > 50);
    for v in &sids {
        let sid = decode_sid(&v.binary).unwrap_or_else(|e| panic!("{}: {e}", v.id));
        assert_eq!(Some(sid.to_string()), v.canonical, "{}", v.id);
        assert_eq!(encode_sid(&sid), v.binary, "{}", v.id);
    }
}

/// Windows' conditional expressions and claims all decode to a tree or claim, never to an
/// opaque blob, and every ACE type in the vectors is one the model knows.
#[test]
fn windows_application_data_decodes_structurally() {
    use sddl_core::model::{AceData, AceType};
    let (mut conditions, mut claims) = (0, 0);
    for v in &sd_vectors() {
        let sd = decode(&v.binary).unwrap();
        for acl in [&sd.dacl, &sd.sacl].into_iter().flatten() {
            for ace in &acl.aces {
                assert!(!matches!(ace.ace_type, AceType::Unknown(_)), "{}", v.id);
                match &ace.data {
                    AceData::Opaque(b) => panic!("{}: opaque data {}", v.id, to_hex(b)),
                    AceData::Condition(_) => conditions += 1,
                    AceData::Attribute(_) => claims += 1,
                    AceData::None => {
                        assert!(
                            !ace.ace_type.is_callback(),
                            "{}: callback ace without a condition",
                            v.id
                        )
                    }
                }
            }
        }
    }
    assert!(
        conditions > 100 && claims > 30,
        "{conditions} conditions, {claims} claims"
    );
}

/// The encoder's own choices (ACL revision, `AclSize`), as for a descriptor parsed from SDDL:
/// decode Windows' bytes, forget the decoded revision and size, encode, compare.
#[test]
fn encoder_picks_windows_acl_revision_and_size() {
    let all = sd_vectors();
    let mut failures = BTreeMap::new();
    for v in &all {
        let mut sd = decode(&v.binary).unwrap();
        for acl in [&mut sd.dacl, &mut sd.sacl].into_iter().flatten() {
            acl.revision = None;
            acl.slack = 0;
        }
        let b = encode(&sd, &EncodeOptions::default()).unwrap();
        if b != v.binary {
            failures.insert(
                v.id.clone(),
                format!(
                    "bytes differ:\n  windows {}\n  ours    {}",
                    to_hex(&v.binary),
                    to_hex(&b)
                ),
            );
        }
    }
    assert_agreement("encoder acl revision and size", all.len(), &failures, 0.995);
}

/// The Windows samples with slack in the ACL are what the encoder writes for object ACEs from
/// SDDL that have neither GUID: turn each zero-mask plain ACE of those samples back into its
/// object type, encode as from SDDL, and get Windows' bytes.
#[test]
fn slack_acls_come_from_object_aces_without_guids() {
    use sddl_core::model::AceType;
    let known = binary_support::known_differences("encoder acl revision and size");
    let all = sd_vectors();
    let slack: Vec<_> = all.iter().filter(|v| known.contains_key(&v.id)).collect();
    assert_eq!(slack.len(), known.len());
    for v in slack {
        let mut sd = decode(&v.binary).unwrap();
        let mut changed = 0;
        for acl in [&mut sd.dacl, &mut sd.sacl].into_iter().flatten() {
            assert!(acl.slack > 0, "{}: no slack", v.id);
            acl.revision = None;
            acl.slack = 0;
            for ace in &mut acl.aces {
                if ace.mask == 0 {
                    ace.ace_type = match ace.ace_type {
                        AceType::AccessAllowed => AceType::AccessAllowedObject,
                        AceType::AccessDenied => AceType::AccessDeniedObject,
                        t => panic!("{}: {t:?}", v.id),
                    };
                    changed += 1;
                }
            }
        }
        assert!(changed > 0, "{}", v.id);
        let b = encode(&sd, &EncodeOptions::default()).unwrap();
        assert_eq!(to_hex(&b), to_hex(&v.binary), "{}", v.id);
    }
}
