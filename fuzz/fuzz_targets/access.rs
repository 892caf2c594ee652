//! The access check, structure-aware: a descriptor (SDDL text, or bytes decoded as a binary
//! descriptor) and a token built from arbitrary SIDs, privileges and integrity never make
//! `check` panic; and with `MAXIMUM_ALLOWED` it grants exactly the rights of the kind that a
//! request for each single right is granted. `ACCESS_SYSTEM_SECURITY` is granted only when asked
//! for by name, as in Windows: `MAXIMUM_ALLOWED | ACCESS_SYSTEM_SECURITY` gets it exactly when a
//! request for it alone does.
#![no_main]
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use sddl_core::access::{check, AccessRequest, IntegrityLevel, Privilege, Token, TokenGroup};
use sddl_core::objects::{full_control, ObjectKind};
use sddl_core::rights::{ACCESS_SYSTEM_SECURITY, MAXIMUM_ALLOWED};
use sddl_core::{from_binary, parse, ParseOptions, SecurityDescriptor, Sid, SidRef};

/// SIDs that descriptors name: Everyone, AU, SY, LS, NS, BA, BU, IU, NU, AN, OWNER RIGHTS,
/// CREATOR OWNER, ALL APPLICATION PACKAGES, SELF, a domain user.
const WELL_KNOWN: &[(u64, &[u32])] = &[
    (1, &[0]),
    (5, &[11]),
    (5, &[18]),
    (5, &[19]),
    (5, &[20]),
    (5, &[32, 544]),
    (5, &[32, 545]),
    (5, &[4]),
    (5, &[2]),
    (5, &[7]),
    (3, &[4]),
    (3, &[0]),
    (15, &[2, 1]),
    (5, &[10]),
    (5, &[21, 1, 2, 3, 1001]),
];

const PRIVILEGES: &[Privilege] = &[
    Privilege::Security,
    Privilege::TakeOwnership,
    Privilege::Backup,
    Privilege::Restore,
    Privilege::ChangeNotify,
    Privilege::Relabel,
];

#[derive(Debug, Arbitrary)]
enum ArbSid {
    WellKnown(u8),
    Raw { authority: u8, subs: Vec<u32> },
}

impl ArbSid {
    fn sid(&self) -> Sid {
        match self {
            ArbSid::WellKnown(i) => {
                let (a, s) = WELL_KNOWN[*i as usize % WELL_KNOWN.len()];
                Sid::from_parts(a, s)
            }
            ArbSid::Raw { authority, subs } => {
                Sid::from_parts(u64::from(*authority), &subs[..subs.len().min(8)])
            }
        }
    }
}

#[derive(Debug, Arbitrary)]
enum Source {
    Text(String),
    Bytes(Vec<u8>),
}

#[derive(Debug, Arbitrary)]
struct Input {
    source: Source,
    kind: u8,
    user: ArbSid,
    user_deny_only: bool,
    groups: Vec<(ArbSid, bool)>,
    restricted: Vec<ArbSid>,
    privileges: Vec<u8>,
    integrity: u16,
    owner: Option<ArbSid>,
    desired: u32,
    backup_semantics: bool,
}

fn descriptor(source: &Source) -> Option<SecurityDescriptor> {
    match source {
        Source::Text(t) => Some(parse(t, &ParseOptions::default()).sd),
        Source::Bytes(b) => from_binary(b).ok(),
    }
}

fn token(input: &Input) -> Token {
    let mut t = Token::new(input.user.sid());
    t.user_deny_only = input.user_deny_only;
    for (sid, deny_only) in input.groups.iter().take(12) {
        t.groups.push(if *deny_only {
            TokenGroup::deny_only(sid.sid())
        } else {
            TokenGroup::enabled(sid.sid())
        });
    }
    t.restricted_sids = input
        .restricted
        .iter()
        .take(4)
        .map(|s| TokenGroup::enabled(s.sid()))
        .collect();
    for p in input.privileges.iter().take(8) {
        t.enable_privilege(PRIVILEGES[*p as usize % PRIVILEGES.len()].clone());
    }
    // Mostly the named levels, sometimes any value.
    t.integrity = match input.integrity % 8 {
        0 => IntegrityLevel::UNTRUSTED,
        1 => IntegrityLevel::LOW,
        2 => IntegrityLevel::MEDIUM,
        3 => IntegrityLevel::HIGH,
        4 => IntegrityLevel::SYSTEM,
        _ => IntegrityLevel(u32::from(input.integrity)),
    };
    t.owner = input.owner.as_ref().map(|s| SidRef::Sid(s.sid()));
    t
}

fuzz_target!(|input: Input| {
    let Some(sd) = descriptor(&input.source) else {
        return;
    };
    let kind = ObjectKind::ALL[input.kind as usize % ObjectKind::ALL.len()];
    let token = token(&input);
    let request = |desired| AccessRequest {
        backup_semantics: input.backup_semantics,
        ..AccessRequest::new(kind, desired)
    };
    let _ = check(&sd, &token, &request(input.desired));
    let max = check(&sd, &token, &request(MAXIMUM_ALLOWED));
    let mut union = 0;
    for bit in 0..24 {
        let one = 1u32 << bit;
        if check(&sd, &token, &request(one)).allowed() {
            union |= one;
        }
    }
    let scope = full_control(kind);
    assert_eq!(
        max.granted & scope,
        union & scope,
        "MAXIMUM_ALLOWED {:#x} vs single rights {:#x} on {kind:?}",
        max.granted,
        union
    );
    assert_eq!(max.granted & ACCESS_SYSTEM_SECURITY, 0);
    let sacl = check(&sd, &token, &request(ACCESS_SYSTEM_SECURITY)).allowed();
    let max_sacl = check(
        &sd,
        &token,
        &request(MAXIMUM_ALLOWED | ACCESS_SYSTEM_SECURITY),
    );
    assert_eq!(max_sacl.granted & ACCESS_SYSTEM_SECURITY != 0, sacl);
});
