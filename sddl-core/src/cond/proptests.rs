//! Property tests: printing then parsing gives back the same tree; any text parses or fails
//! without panicking, with error spans inside the text and on character boundaries; printing
//! what was parsed is a fixed point.

use super::format::{condition_to_sddl, write_resource_attribute};
use super::parse::{parse_condition, parse_condition_text, parse_resource_attribute};
use super::*;
use crate::error::ParseError;
use crate::format::FormatOptions;
use crate::parse::ParseOptions;
use crate::sid::{AliasTarget, Sid, SidRef, ALIASES};
use crate::span::Span;
use proptest::prelude::*;

fn e(kind: ExprKind) -> Expr {
    Expr {
        kind,
        span: Span::DETACHED,
    }
}

fn sid() -> impl Strategy<Value = SidRef> {
    prop_oneof![
        (0..ALIASES.len()).prop_map(|i| match ALIASES[i].target {
            AliasTarget::WellKnown(s) => SidRef::Sid(s),
            AliasTarget::DomainRelative(_) => SidRef::Unresolved(&ALIASES[i]),
        }),
        (0u64..(1 << 48), prop::collection::vec(any::<u32>(), 1..=15))
            .prop_map(|(a, subs)| SidRef::Sid(Sid::new(1, a, &subs).unwrap())),
    ]
}

fn int() -> impl Strategy<Value = IntLiteral> {
    let base = prop_oneof![
        Just(IntBase::Decimal),
        Just(IntBase::Octal),
        Just(IntBase::Hex)
    ];
    let sign = prop_oneof![
        Just(IntSign::None),
        Just(IntSign::Plus),
        Just(IntSign::Minus)
    ];
    let magnitude = prop_oneof![0u64..100, any::<u64>(), Just(1 << 63), Just(u64::MAX)];
    (sign, base, magnitude).prop_map(|(sign, base, m)| {
        let value = match sign {
            IntSign::Minus => (m.min(1 << 63) as i64).wrapping_neg(),
            _ => m as i64,
        };
        IntLiteral {
            value,
            sign,
            base,
            token: 4,
        }
    })
}

fn scalar() -> impl Strategy<Value = Expr> {
    prop_oneof![
        int().prop_map(|i| e(ExprKind::Int(i))),
        "[^\"\\x00]{0,6}".prop_map(|s| e(ExprKind::String(s))),
        prop::collection::vec(any::<u8>(), 0..5).prop_map(|b| e(ExprKind::Octets(b))),
        sid().prop_map(|s| e(ExprKind::Sid(s))),
    ]
}

fn composite() -> impl Strategy<Value = Expr> {
    prop::collection::vec(scalar(), 0..4).prop_map(|v| e(ExprKind::Composite(v)))
}

fn is_unary_keyword(w: &str) -> bool {
    [
        "member_of",
        "not_member_of",
        "member_of_any",
        "not_member_of_any",
        "device_member_of",
        "device_member_of_any",
        "not_device_member_of",
        "not_device_member_of_any",
        "exists",
        "not_exists",
    ]
    .iter()
    .any(|k| k.eq_ignore_ascii_case(w))
}

fn attribute() -> impl Strategy<Value = Expr> {
    let local = "[A-Za-z0-9:./_][A-Za-z0-9:./_@]{0,6}"
        .prop_filter("keyword", |w| !is_unary_keyword(w))
        .prop_map(|name| Attribute {
            scope: AttrScope::Local,
            name,
        });
    let scope = prop_oneof![
        Just(AttrScope::User),
        Just(AttrScope::Device),
        Just(AttrScope::Resource)
    ];
    let name = prop_oneof!["[A-Za-z0-9_]{1,6}", "[^\\x00]{1,6}", "[ -~]{1,6}"];
    let scoped = (scope, name).prop_map(|(scope, name)| Attribute { scope, name });
    prop_oneof![local, scoped].prop_map(|a| e(ExprKind::Attribute(a)))
}

fn scoped_attribute() -> impl Strategy<Value = Expr> {
    attribute().prop_filter(
        "scoped",
        |a| !matches!(&a.kind, ExprKind::Attribute(at) if at.scope == AttrScope::Local),
    )
}

fn relop() -> impl Strategy<Value = BinaryOp> {
    prop::sample::select(vec![
        BinaryOp::Eq,
        BinaryOp::Ne,
        BinaryOp::Lt,
        BinaryOp::Le,
        BinaryOp::Gt,
        BinaryOp::Ge,
        BinaryOp::Contains,
        BinaryOp::AnyOf,
        BinaryOp::NotContains,
        BinaryOp::NotAnyOf,
    ])
}

fn member_op() -> impl Strategy<Value = UnaryOp> {
    prop::sample::select(vec![
        UnaryOp::MemberOf,
        UnaryOp::DeviceMemberOf,
        UnaryOp::MemberOfAny,
        UnaryOp::DeviceMemberOfAny,
        UnaryOp::NotMemberOf,
        UnaryOp::NotDeviceMemberOf,
        UnaryOp::NotMemberOfAny,
        UnaryOp::NotDeviceMemberOfAny,
    ])
}

fn boxed(x: Expr) -> Box<Expr> {
    Box::new(x)
}

/// A boolean expression of the shapes SDDL text can produce.
fn condition() -> impl Strategy<Value = Expr> {
    let value = prop_oneof![scalar(), composite(), scoped_attribute()].boxed();
    let relational = (relop(), attribute(), value.clone())
        .prop_map(|(op, l, r)| {
            e(ExprKind::Binary {
                op,
                lhs: boxed(l),
                rhs: boxed(r),
            })
        })
        .boxed();
    let chained = (relational.clone(), relop(), value).prop_map(|(l, op, r)| {
        e(ExprKind::Binary {
            op,
            lhs: boxed(l),
            rhs: boxed(r),
        })
    });
    let member = (
        member_op(),
        prop_oneof![
            sid().prop_map(|s| e(ExprKind::Sid(s))),
            composite(),
            scalar()
        ],
    )
        .prop_map(|(op, x)| {
            e(ExprKind::Unary {
                op,
                operand: boxed(x),
            })
        });
    let exists = (
        prop_oneof![Just(UnaryOp::Exists), Just(UnaryOp::NotExists)],
        attribute(),
    )
        .prop_map(|(op, a)| {
            e(ExprKind::Unary {
                op,
                operand: boxed(a),
            })
        });
    let leaf = prop_oneof![attribute(), relational, chained, member, exists];
    leaf.prop_recursive(5, 40, 2, |inner| {
        prop_oneof![
            (
                prop_oneof![Just(BinaryOp::And), Just(BinaryOp::Or)],
                inner.clone(),
                inner.clone()
            )
                .prop_map(|(op, l, r)| e(ExprKind::Binary {
                    op,
                    lhs: boxed(l),
                    rhs: boxed(r)
                })),
            inner.prop_map(|x| e(ExprKind::Unary {
                op: UnaryOp::Not,
                operand: boxed(x)
            })),
        ]
    })
}

fn claim() -> impl Strategy<Value = ResourceAttribute> {
    let values = prop_oneof![
        prop::collection::vec(any::<i64>().prop_map(ClaimValue::Int64), 1..4)
            .prop_map(|v| (ClaimType::Int64, v)),
        prop::collection::vec(any::<u64>().prop_map(ClaimValue::Uint64), 1..4)
            .prop_map(|v| (ClaimType::Uint64, v)),
        prop::collection::vec("[^\"\\x00]{0,5}".prop_map(ClaimValue::String), 1..4)
            .prop_map(|v| (ClaimType::String, v)),
        prop::collection::vec(sid().prop_map(ClaimValue::Sid), 1..4)
            .prop_map(|v| (ClaimType::Sid, v)),
        prop::collection::vec((0u64..2).prop_map(ClaimValue::Boolean), 1..4)
            .prop_map(|v| (ClaimType::Boolean, v)),
        prop::collection::vec(
            prop::collection::vec(any::<u8>(), 1..5).prop_map(ClaimValue::Octets),
            1..4
        )
        .prop_map(|v| (ClaimType::OctetString, v)),
    ];
    (
        "[^\\x00]{1,6}",
        any::<u32>().prop_map(|f| f & !0xff00),
        values,
    )
        .prop_map(|(name, flags, (value_type, values))| ResourceAttribute {
            name,
            value_type,
            flags,
            values,
            span: Span::DETACHED,
        })
}

/// Text made of the grammar's tokens, to reach deeper than random characters do.
fn tokens() -> impl Strategy<Value = String> {
    let tok = prop::sample::select(vec![
        "(",
        ")",
        "(",
        ")",
        "!",
        "&&",
        "||",
        "==",
        "!=",
        "<",
        ">=",
        " ",
        " ",
        "\t",
        "Member_of",
        "member_of_any",
        "Exists",
        "Not_Exists",
        "Contains",
        "Any_of",
        "@User.",
        "@Device.x",
        "@resource.",
        "x",
        "WD",
        "1",
        "-0x1f",
        "07",
        "0xffffffffffffffff",
        "\"s\"",
        "\"",
        "#1a",
        "#",
        "SID(",
        "sid(BA)",
        "BA",
        "S-1-5-32",
        "-",
        "{",
        "}",
        ",",
        "%002c",
        "%",
        "%d83d",
        "\u{e9}",
        "\u{1f600}",
        "TI",
        "TU",
        "TS",
        "TD",
        "TX",
        "TB",
        "0",
        ";",
        "=",
        "&",
        "|",
    ]);
    prop::collection::vec(tok, 0..24).prop_map(|v| v.concat())
}

fn check_error(s: &str, e: &ParseError) {
    let (a, b) = (e.span.start as usize, e.span.end as usize);
    assert!(a <= b && b <= s.len(), "{s:?}: span {a}..{b} out of bounds");
    assert!(
        s.is_char_boundary(a) && s.is_char_boundary(b),
        "{s:?}: span {a}..{b} splits a character"
    );
    assert!(!e.message.is_empty() && !e.message.ends_with('.'));
}

/// Whatever `s` is: no panic, sane errors, and a successful parse prints to a fixed point.
fn exercise(s: &str) {
    let po = ParseOptions::default();
    let fo = FormatOptions::default();
    match parse_condition_text(s, &po) {
        Ok(c) => {
            let printed = condition_to_sddl(&c, &fo);
            let again = parse_condition_text(&printed, &po)
                .unwrap_or_else(|e| panic!("{s:?} printed as {printed:?}: {}", e.message));
            assert_eq!(condition_to_sddl(&again, &fo), printed, "{s:?}");
            assert!(c.span.end as usize <= s.len());
        }
        Err(e) => check_error(s, &e),
    }
    for (i, _) in s.match_indices('(') {
        match parse_condition(s, i, &po) {
            Ok((c, end)) => {
                assert!(end <= s.len() && s.is_char_boundary(end));
                assert_eq!(c.span.range(), i..end);
                let printed = condition_to_sddl(&c, &fo);
                let (again, n) = parse_condition(&printed, 0, &po)
                    .unwrap_or_else(|e| panic!("{s:?} printed as {printed:?}: {}", e.message));
                assert_eq!(n, printed.len());
                assert_eq!(condition_to_sddl(&again, &fo), printed);
            }
            Err(e) => check_error(s, &e),
        }
        match parse_resource_attribute(s, i, &po) {
            Ok((a, end)) => {
                assert!(end <= s.len() && s.is_char_boundary(end));
                let mut printed = String::new();
                write_resource_attribute(&mut printed, &a, &fo);
                let (mut again, n) = parse_resource_attribute(&printed, 0, &po)
                    .unwrap_or_else(|e| panic!("{s:?} printed as {printed:?}: {}", e.message));
                assert_eq!(n, printed.len());
                let mut a = a;
                a.span = Span::DETACHED;
                again.span = Span::DETACHED;
                assert_eq!(again, a);
            }
            Err(e) => check_error(s, &e),
        }
        if i > 64 {
            break;
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn print_then_parse_is_identity(root in condition()) {
        // Compared below with the tree generated, not with `c`'s flattened copy, so a fault in
        // flattening cannot cancel out.
        let c = Condition::new(root.clone(), Span::DETACHED);
        let printed = condition_to_sddl(&c, &FormatOptions::default());
        let mut parsed = match parse_condition_text(&printed, &ParseOptions::default()) {
            Ok(p) => p,
            Err(e) => panic!("{printed:?} does not parse: {} at {:?}", e.message, e.span),
        };
        parsed.clear_spans();
        prop_assert_eq!(&parsed.to_expr(), &root, "{}", printed);
        // The same through the ACE entry point, inside other text.
        let sd = format!("D:(XA;;;;;WD; {printed} )");
        let start = sd.find("; ").unwrap() + 2;
        let (mut c2, end) = parse_condition(&sd, start, &ParseOptions::default()).unwrap();
        prop_assert_eq!(&sd[end..], " )");
        c2.clear_spans();
        prop_assert_eq!(&c2.to_expr(), &root);
    }

    #[test]
    fn claim_print_then_parse_is_identity(a in claim()) {
        let mut printed = String::new();
        write_resource_attribute(&mut printed, &a, &FormatOptions::default());
        let (mut parsed, end) = match parse_resource_attribute(&printed, 0, &ParseOptions::default()) {
            Ok(p) => p,
            Err(e) => panic!("{printed:?} does not parse: {} at {:?}", e.message, e.span),
        };
        prop_assert_eq!(end, printed.len());
        parsed.span = Span::DETACHED;
        prop_assert_eq!(parsed, a);
    }

    #[test]
    fn arbitrary_text_never_panics(s in any::<String>()) {
        exercise(&s);
    }

    #[test]
    fn token_soup_never_panics(s in tokens()) {
        exercise(&s);
    }

    #[test]
    fn damaged_conditions_never_panic(root in condition(), cut in any::<prop::sample::Index>(), junk in tokens()) {
        let printed = condition_to_sddl(&Condition::new(root, Span::DETACHED), &FormatOptions::default());
        let mut at = cut.index(printed.len() + 1);
        while !printed.is_char_boundary(at) {
            at -= 1;
        }
        exercise(&format!("{}{}{}", &printed[..at], junk, &printed[at..]));
        exercise(&printed[..at]);
    }
}
