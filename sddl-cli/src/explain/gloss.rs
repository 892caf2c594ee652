//! A one-line English reading of a conditional expression, for the expressions people write
//! (claims compared with literals, `Member_of`, `Exists`, `&&`, `||`, `!`). Anything deeper
//! or longer than a line is left to the canonical text alone.

use super::sids::name_sid_ref;
use sddl_core::cond::{AttrScope, BinaryOp, Condition, Node, NodeKind, UnaryOp};
use sddl_core::Sid;

/// Deeper expressions are not glossed.
const MAX_DEPTH: usize = 6;
/// Longer glosses are dropped: the canonical text reads better.
const MAX_LEN: usize = 300;

/// The gloss of `c`, when it is short enough to help.
pub fn gloss(c: &Condition, domain: Option<&Sid>) -> Option<String> {
    let g = expr(c.root(), domain, 0)?;
    (g.len() <= MAX_LEN).then_some(g)
}

fn expr(e: Node<'_>, domain: Option<&Sid>, depth: usize) -> Option<String> {
    if depth > MAX_DEPTH {
        return None;
    }
    let sub = |x: Node<'_>| expr(x, domain, depth + 1);
    Some(match e.kind() {
        NodeKind::Attribute { scope, name } => match scope {
            AttrScope::User => format!("the user's claim \"{name}\""),
            AttrScope::Device => format!("the device's claim \"{name}\""),
            AttrScope::Resource => format!("the resource's attribute \"{name}\""),
            AttrScope::Local => format!("the attribute \"{name}\""),
        },
        NodeKind::Int(i) => i.value.to_string(),
        NodeKind::String(s) => format!("\"{s}\""),
        NodeKind::Octets(b) => format!("#{}", hex::encode(b)),
        NodeKind::Sid(s) => name_sid_ref(s, domain).label(),
        NodeKind::Composite(items) => {
            let parts: Option<Vec<String>> = items.map(sub).collect();
            let parts = parts?;
            match parts.len() {
                1 => parts.into_iter().next()?,
                _ => format!("{{{}}}", parts.join(", ")),
            }
        }
        NodeKind::Binary { op, lhs, rhs } => {
            let (l, r) = (
                operand(lhs, op, domain, depth)?,
                operand(rhs, op, domain, depth)?,
            );
            let verb = match op {
                BinaryOp::Eq => "equals",
                BinaryOp::Ne => "is not",
                BinaryOp::Lt => "is less than",
                BinaryOp::Le => "is at most",
                BinaryOp::Gt => "is more than",
                BinaryOp::Ge => "is at least",
                BinaryOp::Contains => "contains",
                BinaryOp::AnyOf => "is any of",
                BinaryOp::NotContains => "does not contain",
                BinaryOp::NotAnyOf => "is none of",
                BinaryOp::And => "and",
                BinaryOp::Or => "or",
            };
            format!("{l} {verb} {r}")
        }
        NodeKind::Unary { op, operand } => {
            let x = sub(operand)?;
            let many = matches!(operand.kind(), NodeKind::Composite(items) if items.len() > 1);
            let group = |all: &str, one: &str| {
                if many {
                    format!("{all} {x}")
                } else {
                    format!("{one} {x}")
                }
            };
            match op {
                UnaryOp::Exists => format!("{x} exists"),
                UnaryOp::NotExists => format!("{x} does not exist"),
                UnaryOp::MemberOf => {
                    group("the user is a member of all of", "the user is a member of")
                }
                UnaryOp::DeviceMemberOf => group(
                    "the device is a member of all of",
                    "the device is a member of",
                ),
                UnaryOp::MemberOfAny => {
                    group("the user is a member of any of", "the user is a member of")
                }
                UnaryOp::DeviceMemberOfAny => group(
                    "the device is a member of any of",
                    "the device is a member of",
                ),
                UnaryOp::NotMemberOf => group(
                    "the user is not a member of all of",
                    "the user is not a member of",
                ),
                UnaryOp::NotDeviceMemberOf => group(
                    "the device is not a member of all of",
                    "the device is not a member of",
                ),
                UnaryOp::NotMemberOfAny => group(
                    "the user is a member of none of",
                    "the user is not a member of",
                ),
                UnaryOp::NotDeviceMemberOfAny => group(
                    "the device is a member of none of",
                    "the device is not a member of",
                ),
                UnaryOp::Not => format!("not ({x})"),
            }
        }
    })
}

/// An operand of `op`, in parentheses when it is a logical operation of another kind.
fn operand(e: Node<'_>, op: BinaryOp, domain: Option<&Sid>, depth: usize) -> Option<String> {
    let g = expr(e, domain, depth + 1)?;
    let nested = match e.kind() {
        NodeKind::Binary { op: inner, .. } => {
            matches!(inner, BinaryOp::And | BinaryOp::Or) && inner != op
        }
        _ => false,
    };
    Some(if nested { format!("({g})") } else { g })
}

#[cfg(test)]
mod tests {
    use super::*;
    use sddl_core::AceData;

    fn gloss_of(cond: &str) -> Option<String> {
        let text = format!("D:(XA;;GA;;;WD;{cond})");
        let parsed = sddl_core::parse(&text, &Default::default());
        assert!(parsed.errors.is_empty(), "{cond}: {:?}", parsed.errors);
        let ace = &parsed.sd.dacl.unwrap().aces[0];
        match &ace.data {
            AceData::Condition(c) => gloss(c, None),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn reads_common_conditions() {
        assert_eq!(
            gloss_of("(@User.Title == \"PM\")").unwrap(),
            "the user's claim \"Title\" equals \"PM\""
        );
        assert_eq!(
            gloss_of("(Member_of {SID(BA), SID(SY)})").unwrap(),
            "the user is a member of all of {BUILTIN\\Administrators, NT AUTHORITY\\SYSTEM}"
        );
        assert_eq!(
            gloss_of("(((Member_of {SID(BA)}) || (@Device.managed == 1)) && (Exists @User.x))")
                .unwrap(),
            "(the user is a member of BUILTIN\\Administrators or the device's claim \"managed\" \
             equals 1) and the user's claim \"x\" exists"
        );
    }

    #[test]
    fn deep_expressions_are_not_glossed() {
        let deep = format!("({}@User.a == 1{})", "!(".repeat(10), ")".repeat(10));
        assert_eq!(gloss_of(&deep), None);
    }
}
