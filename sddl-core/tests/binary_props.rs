//! Properties of the binary codec: any bytes decode without panicking, and whatever decodes
//! re-encodes and decodes to the same model; generated models survive encode then decode.

mod binary_support;

use proptest::collection::vec;
use proptest::prelude::*;
use sddl_core::binary::{decode, encode, EncodeOptions};
use sddl_core::cond::{
    AttrScope, Attribute, BinaryOp, ClaimType, ClaimValue, Condition, Expr, ExprKind, IntBase,
    IntLiteral, IntSign, ResourceAttribute, UnaryOp,
};
use sddl_core::model::{control, Ace, AceData, AceSpans, AceType, Acl, AclFlags, Guid, Owner};
use sddl_core::{SecurityDescriptor, Sid, SidRef, Span};
use std::sync::OnceLock;

/// Whatever decodes must encode, and decode again to the same model.
fn check_decoded(bytes: &[u8]) {
    if let Ok(sd) = decode(bytes) {
        let again = encode(&sd, &EncodeOptions::default())
            .unwrap_or_else(|e| panic!("a decoded model must encode: {e}"));
        assert_eq!(decode(&again).as_ref(), Ok(&sd));
        // Re-encoding is canonical: a second round gives the same bytes.
        let sd2 = decode(&again).unwrap();
        assert_eq!(encode(&sd2, &EncodeOptions::default()).unwrap(), again);
    }
}

fn windows_samples() -> &'static [Vec<u8>] {
    static S: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    S.get_or_init(|| {
        binary_support::sd_vectors()
            .into_iter()
            .map(|v| v.binary)
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in vec(any::<u8>(), 0..600)) {
        check_decoded(&bytes);
    }

    /// A header that points at something, then noise: gets past the first checks more often.
    #[test]
    fn plausible_headers_never_panic(
        ctl in any::<u16>(),
        offs in vec(prop_oneof![Just(0u32), 20u32..200], 4),
        body in vec(any::<u8>(), 0..400),
    ) {
        let mut b = vec![1, 0];
        b.extend_from_slice(&(ctl | 0x8000).to_le_bytes());
        for o in offs {
            b.extend_from_slice(&o.to_le_bytes());
        }
        b.extend_from_slice(&body);
        check_decoded(&b);
    }

    /// Windows' own descriptors with a few bytes overwritten, cut short or extended.
    #[test]
    fn mutated_windows_descriptors_never_panic(
        pick in any::<prop::sample::Index>(),
        edits in vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
        cut in prop::option::of(any::<prop::sample::Index>()),
    ) {
        let samples = windows_samples();
        let mut b = samples[pick.index(samples.len())].clone();
        for (at, byte) in edits {
            let i = at.index(b.len());
            b[i] = byte;
        }
        if let Some(c) = cut {
            b.truncate(c.index(b.len() + 1));
        }
        check_decoded(&b);
    }

    #[test]
    fn generated_models_round_trip(sd in descriptor()) {
        let bytes = encode(&sd, &EncodeOptions::default()).unwrap();
        prop_assert_eq!(decode(&bytes).unwrap(), sd);
    }
}

// ---- Generators of models in the form the decoder produces ----

fn sid() -> impl Strategy<Value = Sid> {
    (any::<u8>(), 0u64..(1 << 48), vec(any::<u32>(), 0..=15))
        .prop_map(|(r, a, s)| Sid::new(r, a, &s).unwrap())
}

fn guid() -> impl Strategy<Value = Guid> {
    any::<[u8; 16]>().prop_map(|b| Guid::from_bytes(&b))
}

fn leaf(kind: ExprKind) -> Expr {
    Expr {
        kind,
        span: Span::DETACHED,
    }
}

fn literal() -> impl Strategy<Value = Expr> {
    let int = (
        any::<i64>(),
        prop_oneof![
            Just(IntSign::Plus),
            Just(IntSign::Minus),
            Just(IntSign::None)
        ],
        prop_oneof![
            Just(IntBase::Octal),
            Just(IntBase::Decimal),
            Just(IntBase::Hex)
        ],
        1u8..=4,
    )
        .prop_map(|(value, sign, base, token)| {
            ExprKind::Int(IntLiteral {
                value,
                sign,
                base,
                token,
            })
        });
    let lit = prop_oneof![
        int,
        ".{0,8}".prop_map(ExprKind::String),
        vec(any::<u8>(), 0..8).prop_map(ExprKind::Octets),
        sid().prop_map(|s| ExprKind::Sid(SidRef::Sid(s))),
    ]
    .prop_map(leaf);
    lit.prop_recursive(3, 12, 4, |inner| {
        vec(inner, 0..4).prop_map(|v| leaf(ExprKind::Composite(v)))
    })
}

fn expr() -> impl Strategy<Value = Expr> {
    let scope = prop_oneof![
        Just(AttrScope::Local),
        Just(AttrScope::User),
        Just(AttrScope::Resource),
        Just(AttrScope::Device),
    ];
    let attr = (scope, ".{0,8}")
        .prop_map(|(scope, name)| leaf(ExprKind::Attribute(Attribute { scope, name })));
    let base = prop_oneof![attr, literal()];
    base.prop_recursive(6, 40, 2, |inner| {
        prop_oneof![
            (0x80u8..=0xa2, inner.clone(), inner.clone()).prop_filter_map(
                "binary op",
                |(t, l, r)| {
                    BinaryOp::from_token(t).map(|op| {
                        leaf(ExprKind::Binary {
                            op,
                            lhs: Box::new(l),
                            rhs: Box::new(r),
                        })
                    })
                }
            ),
            (0x80u8..=0xa2, inner).prop_filter_map("unary op", |(t, e)| {
                UnaryOp::from_token(t).map(|op| {
                    leaf(ExprKind::Unary {
                        op,
                        operand: Box::new(e),
                    })
                })
            }),
        ]
    })
}

fn claim() -> impl Strategy<Value = ResourceAttribute> {
    let no_nul = "[^\u{0}]{0,6}";
    let values = prop_oneof![
        vec(any::<i64>().prop_map(ClaimValue::Int64), 0..4).prop_map(|v| (ClaimType::Int64, v)),
        vec(any::<u64>().prop_map(ClaimValue::Uint64), 0..4).prop_map(|v| (ClaimType::Uint64, v)),
        vec(any::<u64>().prop_map(ClaimValue::Boolean), 0..4).prop_map(|v| (ClaimType::Boolean, v)),
        vec(no_nul.prop_map(ClaimValue::String), 0..4).prop_map(|v| (ClaimType::String, v)),
        vec(vec(any::<u8>(), 0..6).prop_map(ClaimValue::Octets), 0..4)
            .prop_map(|v| (ClaimType::OctetString, v)),
        vec(sid().prop_map(|s| ClaimValue::Sid(SidRef::Sid(s))), 0..4)
            .prop_map(|v| (ClaimType::Sid, v)),
    ];
    (no_nul, values, any::<u32>()).prop_map(|(name, (value_type, values), flags)| {
        ResourceAttribute {
            name,
            value_type,
            flags,
            values,
            span: Span::DETACHED,
        }
    })
}

/// Opaque bytes that no decoder reads as anything else: a multiple of 4, not starting with
/// `artx`, shorter than a claim header.
fn opaque() -> impl Strategy<Value = Vec<u8>> {
    (1usize..=3, any::<u8>()).prop_map(|(n, x)| {
        let mut v = vec![x; 4 * n];
        v[0] = 0xff;
        v
    })
}

fn ace() -> impl Strategy<Value = Ace> {
    let known = (0u8..=0x15).prop_filter("compound is opaque-only", |&t| t != 4);
    let typed = (
        known,
        any::<u8>(),
        any::<u32>(),
        prop::option::of(guid()),
        prop::option::of(guid()),
        sid(),
    )
        .prop_flat_map(|(t, flags, mask, g1, g2, s)| {
            let ace_type = AceType::from_code(t);
            let data: BoxedStrategy<AceData> = if ace_type.is_callback() {
                prop_oneof![
                    Just(AceData::None),
                    expr().prop_map(|root| AceData::Condition(Box::new(Condition::new(
                        root,
                        Span::DETACHED
                    )))),
                    opaque().prop_map(AceData::Opaque),
                ]
                .boxed()
            } else if ace_type == AceType::SystemResourceAttribute {
                prop_oneof![
                    Just(AceData::None),
                    claim().prop_map(|c| AceData::Attribute(Box::new(c))),
                    opaque().prop_map(AceData::Opaque),
                ]
                .boxed()
            } else {
                prop_oneof![Just(AceData::None), opaque().prop_map(AceData::Opaque)].boxed()
            };
            let object = ace_type.is_object();
            data.prop_map(move |data| Ace {
                ace_type,
                flags,
                mask,
                object_type: if object { g1 } else { None },
                inherited_object_type: if object { g2 } else { None },
                sid: SidRef::Sid(s),
                data,
                spans: AceSpans::default(),
            })
        });
    let unknown = (
        prop_oneof![Just(4u8), 0x16u8..=0xff],
        any::<u8>(),
        vec(any::<u8>(), 0..3),
    )
        .prop_map(|(t, flags, words)| Ace {
            ace_type: AceType::from_code(t),
            flags,
            mask: 0,
            object_type: None,
            inherited_object_type: None,
            sid: SidRef::Sid(Sid::new(1, 0, &[0]).unwrap()),
            data: AceData::Opaque(words.iter().flat_map(|&w| [w; 4]).collect()),
            spans: AceSpans::default(),
        });
    prop_oneof![4 => typed, 1 => unknown]
}

fn acl() -> impl Strategy<Value = Acl> {
    let flags = any::<(bool, bool, bool)>().prop_map(|(p, r, i)| AclFlags {
        protected: p,
        auto_inherit_req: r,
        auto_inherited: i,
    });
    prop_oneof![
        1 => flags.clone().prop_map(|flags| Acl { flags, null: true, ..Acl::default() }),
        6 => (flags, vec(ace(), 0..6), 2u8..=4).prop_map(|(flags, aces, r)| Acl {
            flags,
            aces,
            revision: Some(r),
            ..Acl::default()
        }),
    ]
}

fn owner() -> impl Strategy<Value = Owner> {
    sid().prop_map(|s| Owner {
        sid: SidRef::Sid(s),
        span: Span::DETACHED,
        sid_span: Span::DETACHED,
    })
}

fn descriptor() -> impl Strategy<Value = SecurityDescriptor> {
    (
        prop::option::of(owner()),
        prop::option::of(owner()),
        prop::option::of(acl()),
        prop::option::of(acl()),
        any::<u16>(),
        any::<u8>(),
    )
        .prop_map(|(owner, group, dacl, sacl, extra, rm)| SecurityDescriptor {
            owner,
            group,
            dacl,
            sacl,
            extra_control: extra & !(control::DERIVED | control::SELF_RELATIVE),
            rm_control: rm,
            span: Span::DETACHED,
        })
}
