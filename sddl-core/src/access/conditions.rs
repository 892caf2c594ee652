//! Conditional-ACE evaluation (MS-DTYP 2.4.4.17) with three-valued logic.
//!
//! A condition evaluates to TRUE, FALSE or UNKNOWN (MS-DTYP 2.4.4.17.3: an allow callback ACE
//! applies only on TRUE; a deny callback ACE applies on TRUE or UNKNOWN). The operator rules
//! below follow what Windows returned in Samba's Kerberos conditional-ACE tests
//! (`python/samba/tests/krb5/conditional_ace_tests.py`, run against Windows servers), where they
//! are more specific than the specification:
//!
//! * a missing attribute, or one with no values, makes a comparison UNKNOWN;
//! * strings compare case-insensitively by upper-casing each UTF-16 code unit, then by code
//!   unit (so `"a" < "_"` and U+10000 < U+F900), unless a claim carries
//!   `CLAIM_SECURITY_ATTRIBUTE_VALUE_CASE_SENSITIVE`;
//! * `==` between multi-valued operands compares them as sets of the same size: order and case
//!   do not matter, a literal with a duplicate member is not equal; `<`, `<=`, `>`, `>=` on a
//!   multi-valued operand are UNKNOWN;
//! * operands of different types (a string and a number, a boolean and a number) are UNKNOWN;
//! * `Contains` takes a single value or a composite on the right; against an empty composite
//!   it is FALSE, even when the attribute is missing; `Any_of` needs a composite or an attribute
//!   on the right (a single literal gives UNKNOWN) and is FALSE against an empty composite;
//! * a bare attribute is a truth test: TRUE when any value is a non-zero number or a non-empty
//!   string, FALSE otherwise; `Exists` of an attribute that is present but empty is UNKNOWN.
//!
//! Windows' one known inconsistency, `a || !a` UNKNOWN while `!a || a` is TRUE for a true
//! boolean claim, is not reproduced: both are TRUE here (see `docs/access-check.md`).
//!
//! Evaluation is iterative (an explicit stack), so no nesting depth can overflow the stack.

use super::token::{sid_eq, Claim, Token, CLAIM_CASE_SENSITIVE};
use crate::cond::{
    AttrScope, BinaryOp, ClaimValue, Condition, Items, Node, NodeKind, ResourceAttribute, UnaryOp,
};
use crate::sid::{Sid, SidRef};
use std::cmp::Ordering;

/// A three-valued truth value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Tri {
    True,
    False,
    Unknown,
}

impl Tri {
    fn not(self) -> Tri {
        match self {
            Tri::True => Tri::False,
            Tri::False => Tri::True,
            Tri::Unknown => Tri::Unknown,
        }
    }

    fn from_bool(b: bool) -> Tri {
        if b {
            Tri::True
        } else {
            Tri::False
        }
    }
}

/// What a condition is evaluated against.
#[derive(Clone, Copy, Debug)]
pub struct EvalContext<'a> {
    pub token: &'a Token,
    /// Resource attributes: the claims of the `RA` ACEs in the object's SACL.
    pub resource: &'a [&'a ResourceAttribute],
    /// Evaluating the condition of a deny ACE: deny-only groups count for `Member_of`.
    pub for_deny: bool,
    pub domain: Option<&'a Sid>,
}

#[derive(Clone, Debug, PartialEq)]
enum Scalar {
    Int(i128),
    Str(String),
    Sid(SidRef),
    Bool(bool),
    Octets(Vec<u8>),
}

#[derive(Clone, Debug, PartialEq)]
enum Val {
    /// The result of an operator.
    Tri(Tri),
    /// An attribute that is missing (`empty` false) or present with no values.
    Null { empty: bool },
    /// An attribute's values (at least one, no duplicates).
    Claim {
        values: Vec<Scalar>,
        case_sensitive: bool,
    },
    /// A literal value.
    Lit(Scalar),
    /// A literal composite `{...}` (members may repeat and mix types).
    Composite(Vec<Scalar>),
    /// Something no operator accepts (a nested composite, a malformed operand).
    Invalid,
}

/// Evaluates a condition. Never panics.
pub fn evaluate(cond: &Condition, ctx: &EvalContext<'_>) -> Tri {
    // Post-order walk with an explicit stack: (node, children done).
    let mut work: Vec<(Node<'_>, bool)> = vec![(cond.root(), false)];
    let mut vals: Vec<Val> = Vec::new();
    while let Some((n, done)) = work.pop() {
        match (n.kind(), done) {
            (NodeKind::Binary { lhs, rhs, .. }, false) => {
                work.push((n, true));
                work.push((rhs, false));
                work.push((lhs, false));
            }
            (NodeKind::Unary { operand, .. }, false) => {
                work.push((n, true));
                work.push((operand, false));
            }
            (NodeKind::Binary { op, .. }, true) => {
                let r = vals.pop().unwrap_or(Val::Invalid);
                let l = vals.pop().unwrap_or(Val::Invalid);
                vals.push(Val::Tri(binary(op, l, r, ctx)));
            }
            (NodeKind::Unary { op, .. }, true) => {
                let v = vals.pop().unwrap_or(Val::Invalid);
                vals.push(Val::Tri(unary(op, v, ctx)));
            }
            (NodeKind::Attribute { scope, name }, _) => vals.push(lookup(scope, name, ctx)),
            (NodeKind::Composite(items), _) => vals.push(composite(items)),
            (kind, _) => vals.push(literal(kind).map_or(Val::Invalid, Val::Lit)),
        }
    }
    match vals.pop() {
        Some(v) if vals.is_empty() => truth(&v),
        _ => Tri::Unknown,
    }
}

fn literal(kind: NodeKind<'_>) -> Option<Scalar> {
    Some(match kind {
        NodeKind::Int(i) => Scalar::Int(i128::from(i.value)),
        NodeKind::String(s) => Scalar::Str(s.to_owned()),
        NodeKind::Octets(o) => Scalar::Octets(o.to_vec()),
        NodeKind::Sid(s) => Scalar::Sid(*s),
        _ => return None,
    })
}

fn composite(items: Items<'_>) -> Val {
    let mut out = Vec::with_capacity(items.len());
    for i in items {
        match literal(i.kind()) {
            Some(s) => out.push(s),
            None => return Val::Invalid,
        }
    }
    Val::Composite(out)
}

fn claim_scalar(v: &ClaimValue) -> Scalar {
    match v {
        ClaimValue::Int64(i) => Scalar::Int(i128::from(*i)),
        ClaimValue::Uint64(u) => Scalar::Int(i128::from(*u)),
        ClaimValue::String(s) => Scalar::Str(s.clone()),
        ClaimValue::Sid(s) => Scalar::Sid(*s),
        ClaimValue::Boolean(b) => Scalar::Bool(*b != 0),
        ClaimValue::Octets(o) => Scalar::Octets(o.clone()),
    }
}

fn claim_val(values: &[ClaimValue], flags: u32, ctx: &EvalContext<'_>) -> Val {
    if values.is_empty() {
        return Val::Null { empty: true };
    }
    let case_sensitive = flags & CLAIM_CASE_SENSITIVE != 0;
    let scalars: Vec<Scalar> = values.iter().map(claim_scalar).collect();
    // Windows refuses claims with duplicate values and treats resource attributes with
    // duplicates as missing; either way the attribute is not usable.
    for (i, a) in scalars.iter().enumerate() {
        for b in &scalars[i + 1..] {
            if scalar_eq(a, b, case_sensitive, ctx.domain) == Some(true) {
                return Val::Null { empty: false };
            }
        }
    }
    Val::Claim {
        values: scalars,
        case_sensitive,
    }
}

fn lookup(scope: AttrScope, name: &str, ctx: &EvalContext<'_>) -> Val {
    let from_token = |claims: &[Claim]| -> Val {
        // The last claim with the name wins (Windows, per Samba's Kerberos tests).
        match claims
            .iter()
            .rev()
            .find(|c| c.name.eq_ignore_ascii_case(name) || fold_eq(&c.name, name))
        {
            Some(c) => claim_val(&c.values, c.flags, ctx),
            None => Val::Null { empty: false },
        }
    };
    match scope {
        AttrScope::User => from_token(&ctx.token.user_claims),
        AttrScope::Device => from_token(&ctx.token.device_claims),
        AttrScope::Local => from_token(&ctx.token.local_claims),
        AttrScope::Resource => match ctx
            .resource
            .iter()
            .find(|r| r.name.eq_ignore_ascii_case(name) || fold_eq(&r.name, name))
        {
            Some(r) => claim_val(&r.values, r.flags, ctx),
            None => Val::Null { empty: false },
        },
    }
}

/// The truth value of an operand of `&&`, `||`, `!` or of the whole expression.
fn truth(v: &Val) -> Tri {
    match v {
        Val::Tri(t) => *t,
        Val::Claim { values, .. } => {
            let mut any = false;
            for s in values {
                match s {
                    Scalar::Int(i) => any |= *i != 0,
                    Scalar::Bool(b) => any |= *b,
                    Scalar::Str(s) => any |= !s.is_empty(),
                    Scalar::Sid(_) | Scalar::Octets(_) => return Tri::Unknown,
                }
            }
            Tri::from_bool(any)
        }
        // Missing attributes are UNKNOWN; logical operators do not work on literals.
        _ => Tri::Unknown,
    }
}

fn unary(op: UnaryOp, v: Val, ctx: &EvalContext<'_>) -> Tri {
    match op {
        UnaryOp::Not => truth(&v).not(),
        UnaryOp::Exists | UnaryOp::NotExists => {
            let t = match v {
                Val::Claim { .. } => Tri::True,
                Val::Null { empty: false } => Tri::False,
                _ => Tri::Unknown,
            };
            if op == UnaryOp::NotExists {
                t.not()
            } else {
                t
            }
        }
        _ => member_of(op, &v, ctx),
    }
}

fn member_of(op: UnaryOp, v: &Val, ctx: &EvalContext<'_>) -> Tri {
    let sids: Vec<SidRef> = match v {
        Val::Lit(Scalar::Sid(s)) => vec![*s],
        Val::Composite(items) if !items.is_empty() => {
            let mut out = Vec::with_capacity(items.len());
            for i in items {
                match i {
                    Scalar::Sid(s) => out.push(*s),
                    _ => return Tri::Unknown,
                }
            }
            out
        }
        _ => return Tri::Unknown,
    };
    let (device, any, negate) = match op {
        UnaryOp::MemberOf => (false, false, false),
        UnaryOp::MemberOfAny => (false, true, false),
        UnaryOp::NotMemberOf => (false, false, true),
        UnaryOp::NotMemberOfAny => (false, true, true),
        UnaryOp::DeviceMemberOf => (true, false, false),
        UnaryOp::DeviceMemberOfAny => (true, true, false),
        UnaryOp::NotDeviceMemberOf => (true, false, true),
        UnaryOp::NotDeviceMemberOfAny => (true, true, true),
        _ => return Tri::Unknown,
    };
    let has = |s: &SidRef| -> bool {
        if device {
            ctx.token
                .device_groups
                .iter()
                .any(|d| sid_eq(d, s, ctx.domain))
        } else {
            ctx.token.contains(s, ctx.for_deny, ctx.domain)
        }
    };
    let r = if any {
        sids.iter().any(has)
    } else {
        sids.iter().all(has)
    };
    Tri::from_bool(r != negate)
}

/// The values of a right-hand operand, and whether it was written as a composite.
fn rhs_values(v: &Val) -> Option<(&[Scalar], bool, bool)> {
    match v {
        Val::Lit(s) => Some((std::slice::from_ref(s), false, false)),
        Val::Composite(items) => Some((items, true, false)),
        Val::Claim {
            values,
            case_sensitive,
        } => Some((values, false, *case_sensitive)),
        _ => None,
    }
}

fn binary(op: BinaryOp, l: Val, r: Val, ctx: &EvalContext<'_>) -> Tri {
    match op {
        BinaryOp::And => match (truth(&l), truth(&r)) {
            (Tri::False, _) | (_, Tri::False) => Tri::False,
            (Tri::True, Tri::True) => Tri::True,
            _ => Tri::Unknown,
        },
        BinaryOp::Or => match (truth(&l), truth(&r)) {
            (Tri::True, _) | (_, Tri::True) => Tri::True,
            (Tri::False, Tri::False) => Tri::False,
            _ => Tri::Unknown,
        },
        BinaryOp::Contains | BinaryOp::NotContains => {
            let t = contains(&l, &r, ctx);
            if op == BinaryOp::NotContains {
                t.not()
            } else {
                t
            }
        }
        BinaryOp::AnyOf | BinaryOp::NotAnyOf => {
            let t = any_of(&l, &r, ctx);
            if op == BinaryOp::NotAnyOf {
                t.not()
            } else {
                t
            }
        }
        _ => relational(op, &l, &r, ctx),
    }
}

fn lhs_values(l: &Val) -> Option<(&[Scalar], bool)> {
    match l {
        Val::Claim {
            values,
            case_sensitive,
        } => Some((values, *case_sensitive)),
        _ => None,
    }
}

fn relational(op: BinaryOp, l: &Val, r: &Val, ctx: &EvalContext<'_>) -> Tri {
    // The left operand must be an attribute with values.
    let Some((lv, lcs)) = lhs_values(l) else {
        return Tri::Unknown;
    };
    let Some((rv, r_composite, rcs)) = rhs_values(r) else {
        return Tri::Unknown;
    };
    let cs = lcs || rcs;
    match op {
        BinaryOp::Eq | BinaryOp::Ne => {
            let eq = if lv.len() == 1 && rv.len() == 1 && !r_composite {
                scalar_eq(&lv[0], &rv[0], cs, ctx.domain)
            } else {
                set_eq(lv, rv, cs, ctx.domain)
            };
            match eq {
                Some(e) => Tri::from_bool(e == (op == BinaryOp::Eq)),
                None => Tri::Unknown,
            }
        }
        _ => {
            if lv.len() != 1 || rv.len() != 1 || r_composite {
                return Tri::Unknown;
            }
            let ord = match (&lv[0], &rv[0]) {
                (Scalar::Int(a), Scalar::Int(b)) => a.cmp(b),
                (Scalar::Str(a), Scalar::Str(b)) => str_cmp(a, b, cs),
                (Scalar::Octets(a), Scalar::Octets(b)) => a.cmp(b),
                _ => return Tri::Unknown,
            };
            Tri::from_bool(match op {
                BinaryOp::Lt => ord == Ordering::Less,
                BinaryOp::Le => ord != Ordering::Greater,
                BinaryOp::Gt => ord == Ordering::Greater,
                BinaryOp::Ge => ord != Ordering::Less,
                _ => return Tri::Unknown,
            })
        }
    }
}

/// Set equality of a claim's values and a right operand: the same number of values, each on
/// one side equal to one on the other. `None` when some pair cannot be compared.
fn set_eq(lv: &[Scalar], rv: &[Scalar], cs: bool, domain: Option<&Sid>) -> Option<bool> {
    let mut all_l = true;
    for a in lv {
        let mut found = false;
        for b in rv {
            found |= scalar_eq(a, b, cs, domain)?;
        }
        all_l &= found;
    }
    let all_r = rv
        .iter()
        .all(|b| lv.iter().any(|a| scalar_eq(a, b, cs, domain) == Some(true)));
    Some(lv.len() == rv.len() && all_l && all_r)
}

fn contains(l: &Val, r: &Val, ctx: &EvalContext<'_>) -> Tri {
    if matches!(r, Val::Composite(items) if items.is_empty()) {
        return Tri::False;
    }
    let Some((lv, lcs)) = lhs_values(l) else {
        return Tri::Unknown;
    };
    let Some((rv, _, rcs)) = rhs_values(r) else {
        return Tri::Unknown;
    };
    let cs = lcs || rcs;
    let mut all = true;
    for b in rv {
        let mut found = false;
        for a in lv {
            match scalar_eq(a, b, cs, ctx.domain) {
                Some(e) => found |= e,
                None => return Tri::Unknown,
            }
        }
        all &= found;
    }
    Tri::from_bool(all)
}

fn any_of(l: &Val, r: &Val, ctx: &EvalContext<'_>) -> Tri {
    let Some((lv, lcs)) = lhs_values(l) else {
        return Tri::Unknown;
    };
    let (rv, rcs) = match r {
        Val::Composite(items) => (items.as_slice(), false),
        Val::Claim {
            values,
            case_sensitive,
        } => (values.as_slice(), *case_sensitive),
        _ => return Tri::Unknown,
    };
    let cs = lcs || rcs;
    let mut any = false;
    for a in lv {
        for b in rv {
            match scalar_eq(a, b, cs, ctx.domain) {
                Some(e) => any |= e,
                None => return Tri::Unknown,
            }
        }
    }
    Tri::from_bool(any)
}

/// Equality of two values; `None` when their types cannot be compared.
fn scalar_eq(a: &Scalar, b: &Scalar, cs: bool, domain: Option<&Sid>) -> Option<bool> {
    Some(match (a, b) {
        (Scalar::Int(x), Scalar::Int(y)) => x == y,
        (Scalar::Bool(x), Scalar::Bool(y)) => x == y,
        (Scalar::Str(x), Scalar::Str(y)) => str_cmp(x, y, cs) == Ordering::Equal,
        (Scalar::Sid(x), Scalar::Sid(y)) => sid_eq(x, y, domain),
        (Scalar::Octets(x), Scalar::Octets(y)) => x == y,
        _ => return None,
    })
}

fn str_cmp(a: &str, b: &str, case_sensitive: bool) -> Ordering {
    if case_sensitive {
        a.encode_utf16().cmp(b.encode_utf16())
    } else {
        a.encode_utf16()
            .map(upcase)
            .cmp(b.encode_utf16().map(upcase))
    }
}

fn fold_eq(a: &str, b: &str) -> bool {
    str_cmp(a, b, false) == Ordering::Equal
}

/// Upper-cases one UTF-16 code unit the way Windows' case table does, approximately: the
/// simple (one-to-one) Unicode upper-case mapping, limited to the letters that had a case
/// pair by Unicode 5.1. Windows' table predates later additions: Samba's tests against Windows
/// show `ⱦ`/`Ⱦ` (5.0) and `ԛ`/`Ԛ` (5.1) folding but `ⳬ`/`Ⳬ` (5.2), `ꞧ`/`Ꞧ` (6.0) and
/// `ʞ`/`Ʞ`, `ɜ`/`Ɜ` (7.0) not. Surrogates (characters beyond the BMP) are left alone.
pub(crate) fn upcase(u: u16) -> u16 {
    let Some(c) = char::from_u32(u32::from(u)) else {
        return u;
    };
    if u < 0x80 {
        return c.to_ascii_uppercase() as u16;
    }
    let mut it = c.to_uppercase();
    let (Some(up), None) = (it.next(), it.next()) else {
        return u;
    };
    let upu = up as u32;
    if upu > 0xffff || is_late_case_pair(u32::from(u)) || is_late_case_pair(upu) {
        return u;
    }
    upu as u16
}

/// Code points whose case pairing Unicode added after 5.1.
fn is_late_case_pair(c: u32) -> bool {
    matches!(c,
        0x0265 | 0x0266 | 0x025c | 0x0261 | 0x026a | 0x026c | 0x0282 | 0x0287 | 0x029d | 0x029e
        | 0x037f | 0x03f3 | 0x0526..=0x052f | 0x10c7 | 0x10cd | 0x13a0..=0x13fd | 0x1c80..=0x1cbf
        | 0x1d8e | 0x023f | 0x0240 | 0x0252
        | 0x2c70 | 0x2c7e | 0x2c7f | 0x2ceb..=0x2cf3 | 0x2d27 | 0x2d2d
        | 0xa660 | 0xa661 | 0xa698..=0xa69b | 0xa78d..=0xa7ff | 0xab53 | 0xab70..=0xabbf)
}
