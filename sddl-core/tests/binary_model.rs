//! The encoder on hand-built models, against byte layouts Windows is known to write.

mod binary_support;

use binary_support::{hex, to_hex};
use sddl_core::binary::{
    decode, decode_claim, decode_condition, encode, encode_claim, encode_condition, EncodeError,
    EncodeOptions, Location,
};
use sddl_core::cond::{
    AttrScope, Attribute, BinaryOp, ClaimType, ClaimValue, Condition, Expr, ExprKind, IntBase,
    IntLiteral, IntSign, ResourceAttribute, UnaryOp,
};
use sddl_core::model::{control, Ace, AceData, AceSpans, AceType, Acl, Guid, Owner};
use sddl_core::sid::{alias_by_code, Sid, SidRef};
use sddl_core::{SecurityDescriptor, Span};

fn sid(s: &str) -> Sid {
    let mut parts = s.strip_prefix("S-1-").unwrap().split('-');
    let auth = parts.next().unwrap().parse().unwrap();
    let subs: Vec<u32> = parts.map(|p| p.parse().unwrap()).collect();
    Sid::new(1, auth, &subs).unwrap()
}

fn ace(t: AceType, flags: u8, mask: u32, trustee: &str) -> Ace {
    Ace {
        ace_type: t,
        flags,
        mask,
        object_type: None,
        inherited_object_type: None,
        sid: SidRef::Sid(sid(trustee)),
        data: AceData::None,
        spans: AceSpans::default(),
    }
}

fn acl(aces: Vec<Ace>) -> Acl {
    Acl {
        aces,
        ..Acl::default()
    }
}

fn owner(s: &str) -> Owner {
    Owner {
        sid: SidRef::Sid(sid(s)),
        span: Span::DETACHED,
        sid_span: Span::DETACHED,
    }
}

fn enc(sd: &SecurityDescriptor) -> Vec<u8> {
    encode(sd, &EncodeOptions::default()).unwrap()
}

fn e(kind: ExprKind) -> Expr {
    Expr {
        kind,
        span: Span::DETACHED,
    }
}

fn cond(root: Expr) -> Condition {
    Condition::new(root, Span::DETACHED)
}

fn attr(scope: AttrScope, name: &str) -> Expr {
    e(ExprKind::Attribute(Attribute {
        scope,
        name: name.into(),
    }))
}

fn int(value: i64) -> Expr {
    e(ExprKind::Int(IntLiteral {
        value,
        sign: IntSign::None,
        base: IntBase::Decimal,
        token: 4,
    }))
}

fn bin(op: BinaryOp, lhs: Expr, rhs: Expr) -> Expr {
    e(ExprKind::Binary {
        op,
        lhs: Box::new(lhs),
        rhs: Box::new(rhs),
    })
}

#[test]
fn empty_descriptor_is_the_bare_header() {
    let b = enc(&SecurityDescriptor::default());
    assert_eq!(to_hex(&b), "0100008000000000000000000000000000000000");
}

/// Wine's tests: `D:` is 28 bytes, the ACL at offset 20 with revision 2, size 8, no ACE.
#[test]
fn empty_dacl() {
    let sd = SecurityDescriptor {
        dacl: Some(acl(vec![])),
        ..Default::default()
    };
    assert_eq!(
        to_hex(&enc(&sd)),
        "01000480000000000000000000000000140000000200080000000000"
    );
}

/// `D:(A;;GR;;;WD)` (wine-151).
#[test]
fn one_ace_dacl() {
    let sd = SecurityDescriptor {
        dacl: Some(acl(vec![ace(
            AceType::AccessAllowed,
            0,
            0x8000_0000,
            "S-1-1-0",
        )])),
        ..Default::default()
    };
    assert_eq!(
        to_hex(&enc(&sd)),
        "010004800000000000000000000000001400000002001c00010000000000140000000080010100000000000100000000"
    );
}

/// SACL, DACL, owner, group; protected and auto-inherited bits; the resource-manager byte and
/// the defaulted bits kept.
#[test]
fn part_order_and_control_bits() {
    let mut dacl = acl(vec![ace(AceType::AccessDenied, 0x13, 0x1f01ff, "S-1-5-18")]);
    dacl.flags.protected = true;
    dacl.flags.auto_inherited = true;
    let mut sacl = acl(vec![ace(AceType::SystemAudit, 0xc0, 0x10000, "S-1-1-0")]);
    sacl.flags.auto_inherit_req = true;
    let sd = SecurityDescriptor {
        owner: Some(owner("S-1-5-32-544")),
        group: Some(owner("S-1-5-18")),
        dacl: Some(dacl),
        sacl: Some(sacl),
        extra_control: control::OWNER_DEFAULTED | control::RM_CONTROL_VALID,
        rm_control: 0x5a,
        span: Span::DETACHED,
    };
    let b = enc(&sd);
    let ctl = u16::from_le_bytes([b[2], b[3]]);
    assert_eq!(b[0], 1);
    assert_eq!(b[1], 0x5a);
    assert_eq!(
        ctl,
        0x8000 | 0x4000 | 0x1000 | 0x0400 | 0x0200 | 0x0010 | 0x0004 | 0x0001
    );
    let off = |i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    assert_eq!((off(12), off(16), off(4), off(8)), (20, 48, 76, 92));
    assert_eq!(b.len(), 104);
    assert_eq!(decode(&b).unwrap(), {
        let mut d = sd.clone();
        for a in [&mut d.dacl, &mut d.sacl].into_iter().flatten() {
            a.revision = Some(2);
        }
        d
    });
}

#[test]
fn null_dacl_has_offset_zero() {
    let sd = SecurityDescriptor {
        dacl: Some(Acl {
            null: true,
            ..Acl::default()
        }),
        owner: Some(owner("S-1-1-0")),
        ..Default::default()
    };
    assert_eq!(
        to_hex(&enc(&sd)),
        "0100048014000000000000000000000000000000010100000000000100000000"
    );
}

fn guid(s: &str) -> Guid {
    let b = hex(&s.replace('-', ""));
    // Text order to Windows' mixed-endian layout.
    Guid {
        data1: u32::from_be_bytes([b[0], b[1], b[2], b[3]]),
        data2: u16::from_be_bytes([b[4], b[5]]),
        data3: u16::from_be_bytes([b[6], b[7]]),
        data4: b[8..16].try_into().unwrap(),
    }
}

#[test]
fn object_aces_and_acl_revision_4() {
    let g1 = guid("bf967aa8-0de6-11d0-a285-00aa003049e2");
    let g2 = guid("4c164200-20c0-11d0-a768-00aa006e0529");
    let mut only_inherited = ace(AceType::AccessAllowedObject, 0, 0x10, "S-1-5-10");
    only_inherited.inherited_object_type = Some(g2);
    let mut both = ace(AceType::AccessDeniedObject, 0, 0x20, "S-1-5-10");
    both.object_type = Some(g1);
    both.inherited_object_type = Some(g2);
    let sd = SecurityDescriptor {
        dacl: Some(acl(vec![only_inherited, both])),
        ..Default::default()
    };
    let b = enc(&sd);
    assert_eq!(b[20], 4, "object ACEs need ACL revision 4");
    // First ACE: 8 + flags 4 + one GUID 16 + SID 12 = 40.
    assert_eq!(&b[28..36], &[5, 0, 40, 0, 0x10, 0, 0, 0]);
    assert_eq!(&b[36..40], &[2, 0, 0, 0]);
    assert_eq!(to_hex(&b[40..56]), "0042164cc020d011a76800aa006e0529");
    // Second ACE: both GUIDs, flags 3, 56 bytes.
    assert_eq!(&b[68..76], &[6, 0, 56, 0, 0x20, 0, 0, 0]);
    assert_eq!(&b[76..80], &[3, 0, 0, 0]);
    assert_eq!(to_hex(&b[80..96]), "a87a96bfe60dd011a28500aa003049e2");
    let mut back = decode(&b).unwrap();
    back.dacl.as_mut().unwrap().revision = None;
    assert_eq!(back, sd);
}

/// From SDDL, an object ACE with neither GUID is written as the plain ACE, in a revision-4 ACL
/// with 4 spare bytes (see `binary_windows.rs` for the Windows samples). From binary it stays.
#[test]
fn object_ace_without_guids() {
    let sd = SecurityDescriptor {
        dacl: Some(acl(vec![ace(
            AceType::AccessDeniedObject,
            0,
            0,
            "S-1-16-8448",
        )])),
        ..Default::default()
    };
    let b = enc(&sd);
    assert_eq!(
        to_hex(&b[20..]),
        "0400200001000000010014000000000001010000000000100021000000000000"
    );
    let mut from_binary = sd.clone();
    from_binary.dacl.as_mut().unwrap().revision = Some(4);
    let b = enc(&from_binary);
    assert_eq!(
        to_hex(&b[20..]),
        "0400200001000000060018000000000000000000010100000000001000210000"
    );
    assert_eq!(decode(&b).unwrap(), from_binary);
}

#[test]
fn domain_aliases_need_a_domain_sid() {
    let la = alias_by_code("LA").unwrap();
    let mut a = ace(AceType::AccessAllowed, 0, 1, "S-1-1-0");
    a.sid = SidRef::Unresolved(la);
    let sd = SecurityDescriptor {
        owner: Some(Owner {
            sid: SidRef::Unresolved(alias_by_code("DA").unwrap()),
            span: Span::DETACHED,
            sid_span: Span::DETACHED,
        }),
        dacl: Some(acl(vec![a])),
        ..Default::default()
    };
    let err = encode(&sd, &EncodeOptions::default()).unwrap_err();
    assert_eq!(err.as_str(), "binary::unresolved-alias");
    assert_eq!(err.location(), Location::Owner);
    let opts = EncodeOptions {
        domain_sid: Some(sid("S-1-5-21-1-2-3")),
    };
    let b = encode(&sd, &opts).unwrap();
    let back = decode(&b).unwrap();
    assert_eq!(
        back.owner.unwrap().sid.sid().unwrap().to_string(),
        "S-1-5-21-1-2-3-512"
    );
    assert_eq!(
        back.dacl.unwrap().aces[0].sid.sid().unwrap().to_string(),
        "S-1-5-21-1-2-3-500"
    );
    let full = EncodeOptions {
        domain_sid: Some(Sid::new(1, 5, &[1; 15]).unwrap()),
    };
    assert_eq!(
        encode(&sd, &full).unwrap_err().as_str(),
        "binary::domain-sid-full"
    );
}

/// `(@USER.Project Any_of 1)`: Windows' bytes as recorded in Samba's tests.
#[test]
fn conditional_expression_bytes() {
    let c = cond(bin(
        BinaryOp::AnyOf,
        attr(AttrScope::User, "Project"),
        int(1),
    ));
    let b = encode_condition(&c, &EncodeOptions::default()).unwrap();
    let mut expected = b"artx\xf9\x0e\0\0\0".to_vec();
    for ch in "Project".encode_utf16() {
        expected.extend_from_slice(&ch.to_le_bytes());
    }
    expected.extend_from_slice(&[4, 1, 0, 0, 0, 0, 0, 0, 0, 3, 2, 0x88]);
    expected.resize(36, 0);
    assert_eq!(to_hex(&b), to_hex(&expected));
    assert_eq!(decode_condition(&b).unwrap(), c);
}

/// Every token kind: strings, octets, SIDs, nested composites, every integer width, sign and
/// base, every attribute scope, unary and binary operators.
#[test]
fn every_token_round_trips() {
    let lit = |sign, base, token, value| {
        e(ExprKind::Int(IntLiteral {
            value,
            sign,
            base,
            token,
        }))
    };
    let composite = e(ExprKind::Composite(vec![
        e(ExprKind::String("é\u{10000}\0x".into())),
        e(ExprKind::Octets(vec![1, 2, 3])),
        e(ExprKind::Sid(SidRef::Sid(sid("S-1-5-32-544")))),
        e(ExprKind::Composite(vec![])),
        lit(IntSign::Minus, IntBase::Hex, 1, -5),
        lit(IntSign::Plus, IntBase::Octal, 2, i64::MAX),
        lit(IntSign::None, IntBase::Decimal, 3, i64::MIN),
    ]));
    let lhs = bin(BinaryOp::Eq, attr(AttrScope::Resource, "r%"), composite);
    let rhs = e(ExprKind::Unary {
        op: UnaryOp::Not,
        operand: Box::new(e(ExprKind::Unary {
            op: UnaryOp::Exists,
            operand: Box::new(attr(AttrScope::Device, "d")),
        })),
    });
    let rhs = bin(BinaryOp::Or, rhs, attr(AttrScope::Local, "WIN://SYSAPPID"));
    let c = cond(bin(BinaryOp::And, lhs, rhs));
    let b = encode_condition(&c, &EncodeOptions::default()).unwrap();
    assert_eq!(b.len() % 4, 0);
    assert_eq!(decode_condition(&b).unwrap(), c);
    // The RPN order: the first token is the `@Resource.` attribute, the last operator `&&`.
    assert_eq!(b[4], 0xfa);
    let last = b.iter().rposition(|&x| x != 0).unwrap();
    assert_eq!(b[last], 0xa0);
}

fn claim(value_type: ClaimType, values: Vec<ClaimValue>) -> ResourceAttribute {
    ResourceAttribute {
        name: "colour".into(),
        value_type,
        flags: 0xe,
        values,
        span: Span::DETACHED,
    }
}

/// `("colour",TS,0xa,"blue","x")` laid out as Windows lays claims out: header, offsets, name,
/// values, unaligned.
#[test]
fn string_claim_layout() {
    let mut c = claim(
        ClaimType::String,
        vec![
            ClaimValue::String("blue".into()),
            ClaimValue::String("x".into()),
        ],
    );
    c.flags = 0xa;
    let b = encode_claim(&c, &EncodeOptions::default()).unwrap();
    let mut expected = vec![];
    expected.extend_from_slice(&24u32.to_le_bytes()); // name after 16 + 2*4
    expected.extend_from_slice(&[3, 0, 0, 0, 0xa, 0, 0, 0, 2, 0, 0, 0]);
    expected.extend_from_slice(&38u32.to_le_bytes()); // 24 + "colour\0" 14
    expected.extend_from_slice(&48u32.to_le_bytes()); // 38 + "blue\0" 10
    for s in ["colour", "blue", "x"] {
        for u in s.encode_utf16() {
            expected.extend_from_slice(&u.to_le_bytes());
        }
        expected.extend_from_slice(&[0, 0]);
    }
    expected.resize(52, 0);
    assert_eq!(to_hex(&b), to_hex(&expected));
    assert_eq!(decode_claim(&b).unwrap(), c);
}

#[test]
fn every_claim_type_round_trips() {
    let cases = [
        claim(
            ClaimType::Int64,
            vec![ClaimValue::Int64(-8), ClaimValue::Int64(7774)],
        ),
        claim(ClaimType::Uint64, vec![ClaimValue::Uint64(u64::MAX)]),
        claim(
            ClaimType::Boolean,
            vec![ClaimValue::Boolean(1), ClaimValue::Boolean(0)],
        ),
        claim(
            ClaimType::OctetString,
            vec![
                ClaimValue::Octets(vec![]),
                ClaimValue::Octets(vec![0xab; 5]),
            ],
        ),
        claim(
            ClaimType::Sid,
            vec![ClaimValue::Sid(SidRef::Sid(sid("S-1-5-32-580")))],
        ),
        claim(ClaimType::String, vec![]),
    ];
    for c in cases {
        let b = encode_claim(&c, &EncodeOptions::default()).unwrap();
        assert_eq!(b.len() % 4, 0);
        assert_eq!(decode_claim(&b).unwrap(), c);
        // In an RA ACE of a SACL, through the whole descriptor.
        let mut a = ace(AceType::SystemResourceAttribute, 0, 0, "S-1-1-0");
        a.data = AceData::Attribute(Box::new(c.clone()));
        let sd = SecurityDescriptor {
            sacl: Some(acl(vec![a])),
            ..Default::default()
        };
        let bytes = enc(&sd);
        assert_eq!(bytes[20], 2, "RA ACEs sit in revision-2 ACLs");
        assert_eq!(&bytes[48..48 + b.len()], &b[..]);
        let back = decode(&bytes).unwrap();
        assert_eq!(
            back.sacl.unwrap().aces[0].data,
            AceData::Attribute(Box::new(c))
        );
    }
    // The SID value: a u32 length, then the binary SID.
    let c = claim(
        ClaimType::Sid,
        vec![ClaimValue::Sid(SidRef::Sid(sid("S-1-1-0")))],
    );
    let b = encode_claim(&c, &EncodeOptions::default()).unwrap();
    assert_eq!(to_hex(&b[34..50]), "0c000000010100000000000100000000");
}

fn encode_err(sd: &SecurityDescriptor) -> EncodeError {
    encode(sd, &EncodeOptions::default()).unwrap_err()
}

fn dacl_of(a: Ace) -> SecurityDescriptor {
    SecurityDescriptor {
        dacl: Some(acl(vec![a])),
        ..Default::default()
    }
}

#[test]
fn models_the_binary_form_cannot_carry() {
    // ACEs in a NULL ACL.
    let mut sd = dacl_of(ace(AceType::AccessAllowed, 0, 1, "S-1-1-0"));
    sd.dacl.as_mut().unwrap().null = true;
    assert_eq!(encode_err(&sd).as_str(), "binary::aces-in-null-acl");
    // A GUID on a plain ACE.
    let mut a = ace(AceType::AccessAllowed, 0, 1, "S-1-1-0");
    a.object_type = Some(Guid::from_bytes(&[1; 16]));
    let err = encode_err(&dacl_of(a));
    assert_eq!(err.as_str(), "binary::invalid-ace");
    assert_eq!(err.location(), Location::DaclAce(0));
    // A condition on a plain ACE; a claim on a callback ACE.
    let mut a = ace(AceType::AccessAllowed, 0, 1, "S-1-1-0");
    a.data = AceData::Condition(Box::new(cond(attr(AttrScope::User, "x"))));
    assert_eq!(encode_err(&dacl_of(a)).as_str(), "binary::invalid-ace");
    let mut a = ace(AceType::AccessAllowedCallback, 0, 1, "S-1-1-0");
    a.data = AceData::Attribute(Box::new(claim(ClaimType::Int64, vec![])));
    assert_eq!(encode_err(&dacl_of(a)).as_str(), "binary::invalid-ace");
    // A claim value of the wrong type; a NUL in a claim string.
    for c in [
        claim(ClaimType::Int64, vec![ClaimValue::Uint64(1)]),
        claim(ClaimType::String, vec![ClaimValue::String("a\0b".into())]),
    ] {
        let err = encode_claim(&c, &EncodeOptions::default()).unwrap_err();
        assert_eq!(err.as_str(), "binary::invalid-ace");
        assert_eq!(err.location(), Location::Standalone);
    }
    // An operator or attribute inside a composite; a bad integer token.
    for bad in [
        e(ExprKind::Composite(vec![bin(BinaryOp::Eq, int(1), int(2))])),
        e(ExprKind::Composite(vec![attr(AttrScope::User, "a")])),
        e(ExprKind::Int(IntLiteral {
            value: 1,
            sign: IntSign::None,
            base: IntBase::Decimal,
            token: 5,
        })),
    ] {
        let err = encode_condition(&cond(bad), &EncodeOptions::default()).unwrap_err();
        assert_eq!(err.as_str(), "binary::invalid-ace");
    }
    // A compound ACE without its opaque body.
    let mut a = ace(AceType::AccessAllowedCompound, 0, 1, "S-1-1-0");
    a.data = AceData::Condition(Box::new(cond(int(1))));
    assert_eq!(encode_err(&dacl_of(a)).as_str(), "binary::invalid-ace");
}

#[test]
fn depth_limit_on_encode() {
    use sddl_core::limits::MAX_CONDITION_DEPTH;
    let mut root = attr(AttrScope::User, "a");
    for _ in 1..MAX_CONDITION_DEPTH {
        root = e(ExprKind::Unary {
            op: UnaryOp::Not,
            operand: Box::new(root),
        });
    }
    let c = cond(root);
    let b = encode_condition(&c, &EncodeOptions::default()).unwrap();
    assert_eq!(decode_condition(&b).unwrap(), c);
    let deeper = cond(e(ExprKind::Unary {
        op: UnaryOp::Not,
        operand: Box::new(c.to_expr()),
    }));
    assert_eq!(
        encode_condition(&deeper, &EncodeOptions::default())
            .unwrap_err()
            .as_str(),
        "binary::invalid-ace"
    );
}

#[test]
fn size_limits() {
    // One ACE over 65,535 bytes.
    let mut a = ace(AceType::AccessAllowed, 0, 1, "S-1-1-0");
    a.data = AceData::Opaque(vec![0; 70_000]);
    let err = encode_err(&dacl_of(a));
    assert_eq!(err.as_str(), "binary::ace-too-large");
    assert_eq!(err.location(), Location::DaclAce(0));
    // An ACL over 65,535 bytes: 1,000 ACEs of 76 bytes.
    let big = Sid::new(1, 5, &[7; 15]).unwrap();
    let mut a = ace(AceType::AccessAllowed, 0, 1, "S-1-1-0");
    a.sid = SidRef::Sid(big);
    let sd = SecurityDescriptor {
        sacl: Some(acl(vec![a; 1000])),
        ..Default::default()
    };
    let err = encode_err(&sd);
    assert_eq!(err.as_str(), "binary::acl-too-large");
    assert_eq!(err.location(), Location::Sacl);
}
