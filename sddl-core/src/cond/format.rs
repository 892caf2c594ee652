//! Printing conditional expressions and resource attributes as Windows'
//! `ConvertSecurityDescriptorToStringSecurityDescriptor` does.
//!
//! Windows' layout: the whole condition in parentheses; every binary operator and every
//! member-of operator in parentheses; both operands of `&&` and `||` and the operand of `!` in
//! parentheses (`!(x)`, no space); one space around operators; `Member_of_any` with a
//! lower-case `any`; composites as `{a, b}`; `SID(alias)`; octet strings as `#` and lower-case
//! hex; integers with the sign and base they were written with; attribute classes as
//! `@USER.`, `@DEVICE.`, `@RESOURCE.`; in names, every character that may not be written
//! literally as a lower-case `%xxxx` UTF-16 escape.
//!
//! The printer is iterative (an explicit stack), so a tree of any depth prints without
//! recursion.

use super::{
    AttrScope, BinaryOp, ClaimValue, Condition, IntBase, IntLiteral, IntSign, Node, NodeKind,
    ResourceAttribute, UnaryOp,
};
use crate::format::{sid_ref_bytes, FormatOptions};
use crate::out;

/// Writes the condition of a callback ACE, parentheses included.
#[cfg(test)]
pub(crate) fn write_condition(out: &mut String, c: &Condition, opts: &FormatOptions) {
    out::append(out, |b| condition_bytes(b, c, opts));
}

/// [`write_condition`] into the formatter's buffer.
pub(crate) fn condition_bytes(out: &mut Vec<u8>, c: &Condition, opts: &FormatOptions) {
    write_expr(out, c.root(), true, opts);
}

/// Writes an expression. `parens`: whether the context wants it in parentheses (the root of a
/// condition does); operators that Windows always parenthesises get them anyway.
fn write_expr(out: &mut Vec<u8>, root: Node<'_>, parens: bool, opts: &FormatOptions) {
    // What is left to write, last first: nodes (by index, with whether their context wants
    // them in parentheses) and the text between them. Eight bytes an item.
    #[derive(Clone, Copy)]
    enum Item {
        Expr(u32, bool),
        Close,
        CloseBrace,
        Comma,
        Op(BinaryOp),
    }
    let c = root.cond;
    // Room on the stack for a typical condition (a deeper one spills to the heap).
    let mut stack: smallvec::SmallVec<[Item; 64]> = smallvec::SmallVec::new();
    stack.push(Item::Expr(root.index, parens));
    while let Some(item) = stack.pop() {
        let (e, want) = match item {
            Item::Expr(i, want) => (c.node(i), want),
            Item::Close => {
                out.push(b')');
                continue;
            }
            Item::CloseBrace => {
                out.push(b'}');
                continue;
            }
            Item::Comma => {
                out.extend_from_slice(b", ");
                continue;
            }
            Item::Op(op) => {
                out.extend_from_slice(binary_text(op).as_bytes());
                continue;
            }
        };
        match e.kind() {
            NodeKind::Binary { op, lhs, rhs } => {
                // Binary operators are always parenthesised.
                out.push(b'(');
                stack.push(Item::Close);
                let logical = matches!(op, BinaryOp::And | BinaryOp::Or);
                let (lp, rp) = if logical {
                    (true, true)
                } else {
                    // Not Windows' concern (text never gives these), but keeps the output
                    // parseable: looser-binding operands of a relational operator get
                    // parentheses.
                    (binds_looser(lhs), is_operator(rhs))
                };
                stack.push(Item::Expr(rhs.index, rp));
                stack.push(Item::Op(op));
                stack.push(Item::Expr(lhs.index, lp));
            }
            NodeKind::Unary { op, operand } => {
                let outer = want || is_member_of(op);
                if outer {
                    out.push(b'(');
                    stack.push(Item::Close);
                }
                out.extend_from_slice(unary_text(op).as_bytes());
                if op == UnaryOp::Not {
                    stack.push(Item::Expr(operand.index, true));
                } else {
                    out.push(b' ');
                    stack.push(Item::Expr(operand.index, is_operator(operand)));
                }
            }
            NodeKind::Composite(items) => {
                if want {
                    out.push(b'(');
                    stack.push(Item::Close);
                }
                out.push(b'{');
                stack.push(Item::CloseBrace);
                for (i, it) in items.enumerate().rev() {
                    stack.push(Item::Expr(it.index, is_operator(it)));
                    if i > 0 {
                        stack.push(Item::Comma);
                    }
                }
            }
            leaf => {
                if want {
                    out.push(b'(');
                }
                write_leaf(out, leaf, opts);
                if want {
                    out.push(b')');
                }
            }
        }
    }
}

/// Whether Windows parenthesises this node wherever it stands.
fn is_operator(e: Node<'_>) -> bool {
    e.binary_op().is_some() || e.unary_op().is_some()
}

/// Operators that bind looser than the relational ones: `!`, `&&`, `||`.
fn binds_looser(e: Node<'_>) -> bool {
    matches!(e.binary_op(), Some(BinaryOp::And | BinaryOp::Or))
        || e.unary_op() == Some(UnaryOp::Not)
}

fn is_member_of(op: UnaryOp) -> bool {
    !matches!(op, UnaryOp::Exists | UnaryOp::NotExists | UnaryOp::Not)
}

fn binary_text(op: BinaryOp) -> &'static str {
    match op {
        BinaryOp::Eq => " == ",
        BinaryOp::Ne => " != ",
        BinaryOp::Lt => " < ",
        BinaryOp::Le => " <= ",
        BinaryOp::Gt => " > ",
        BinaryOp::Ge => " >= ",
        BinaryOp::Contains => " Contains ",
        BinaryOp::AnyOf => " Any_of ",
        BinaryOp::NotContains => " Not_Contains ",
        BinaryOp::NotAnyOf => " Not_Any_of ",
        BinaryOp::And => " && ",
        BinaryOp::Or => " || ",
    }
}

fn unary_text(op: UnaryOp) -> &'static str {
    match op {
        UnaryOp::Exists => "Exists",
        UnaryOp::NotExists => "Not_Exists",
        UnaryOp::MemberOf => "Member_of",
        UnaryOp::DeviceMemberOf => "Device_Member_of",
        UnaryOp::MemberOfAny => "Member_of_any",
        UnaryOp::DeviceMemberOfAny => "Device_Member_of_Any",
        UnaryOp::NotMemberOf => "Not_Member_of",
        UnaryOp::NotDeviceMemberOf => "Not_Device_Member_of",
        UnaryOp::NotMemberOfAny => "Not_Member_of_Any",
        UnaryOp::NotDeviceMemberOfAny => "Not_Device_Member_of_Any",
        UnaryOp::Not => "!",
    }
}

fn write_leaf(out: &mut Vec<u8>, kind: NodeKind<'_>, opts: &FormatOptions) {
    match kind {
        NodeKind::Attribute { scope, name } => write_attribute(out, scope, name),
        NodeKind::Int(i) => write_int(out, &i),
        NodeKind::String(s) => {
            out.push(b'"');
            out.extend_from_slice(s.as_bytes());
            out.push(b'"');
        }
        NodeKind::Octets(b) => {
            out.push(b'#');
            write_hex(out, b);
        }
        NodeKind::Sid(s) => {
            out.extend_from_slice(b"SID(");
            sid_ref_bytes(out, s, opts);
            out.push(b')');
        }
        // Handled by `write_expr`.
        NodeKind::Binary { .. } | NodeKind::Unary { .. } | NodeKind::Composite(_) => {}
    }
}

fn write_attribute(out: &mut Vec<u8>, scope: AttrScope, name: &str) {
    out.extend_from_slice(match scope {
        AttrScope::Local => b"",
        AttrScope::User => b"@USER.",
        AttrScope::Device => b"@DEVICE.",
        AttrScope::Resource => b"@RESOURCE.",
    });
    write_name(out, name);
}

/// Whether Windows escapes this UTF-16 code unit in an attribute or claim name: controls,
/// space, everything beyond ASCII, and the ASCII punctuation that is neither an operator-free
/// literal nor allowed unescaped (`! " % & ( ) , < = > |`).
#[inline]
fn needs_escape(unit: u16) -> bool {
    unit <= 0x20
        || unit > 0x7e
        || matches!(
            unit as u8,
            b'!' | b'"' | b'%' | b'&' | b'(' | b')' | b',' | b'<' | b'=' | b'>' | b'|'
        )
}

/// [`needs_escape`] of each byte of a name (every byte of a character beyond ASCII is
/// escaped with it), so the check that a name needs no escape is a lookup per byte.
const BYTE_NEEDS_ESCAPE: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = c <= 0x20
            || c > 0x7e
            || matches!(
                c,
                b'!' | b'"' | b'%' | b'&' | b'(' | b')' | b',' | b'<' | b'=' | b'>' | b'|'
            );
        i += 1;
    }
    t
};

/// Writes a name with Windows' `%xxxx` escapes.
pub(crate) fn write_name(out: &mut Vec<u8>, name: &str) {
    if !name.bytes().any(|c| BYTE_NEEDS_ESCAPE[c as usize]) {
        out.extend_from_slice(name.as_bytes());
        return;
    }
    for ch in name.chars() {
        let mut buf = [0u16; 2];
        let units = ch.encode_utf16(&mut buf);
        if units.len() == 1 && !needs_escape(units[0]) {
            // Not escaped: ASCII (everything beyond is escaped).
            out.push(units[0] as u8);
        } else {
            for &u in units.iter() {
                out.push(b'%');
                out::push_hex_byte(out, (u >> 8) as u8);
                out::push_hex_byte(out, u as u8);
            }
        }
    }
}

fn write_hex(out: &mut Vec<u8>, bytes: &[u8]) {
    out.reserve(bytes.len() * 2);
    for &b in bytes {
        out::push_hex_byte(out, b);
    }
}

/// Writes an integer with its sign and base: `-0x10`, `+5`, `0777` (octal keeps a leading `0`,
/// so octal zero is `00`).
pub(crate) fn write_int(out: &mut Vec<u8>, i: &IntLiteral) {
    let magnitude = match i.sign {
        IntSign::Minus => {
            out.push(b'-');
            i.value.unsigned_abs()
        }
        IntSign::Plus => {
            out.push(b'+');
            i.value as u64
        }
        IntSign::None => i.value as u64,
    };
    match i.base {
        IntBase::Decimal => out::push_u64(out, magnitude),
        IntBase::Hex => {
            out.extend_from_slice(b"0x");
            out::push_hex(out, magnitude, false);
        }
        IntBase::Octal => {
            out.push(b'0');
            out::push_octal(out, magnitude);
        }
    }
}

/// Writes the claim of an `RA` ACE: `("name",TU,0x0,1,2)`.
#[cfg(test)]
pub(crate) fn write_resource_attribute(
    out: &mut String,
    a: &ResourceAttribute,
    opts: &FormatOptions,
) {
    out::append(out, |b| resource_attribute_bytes(b, a, opts));
}

/// [`write_resource_attribute`] into the formatter's buffer.
pub(crate) fn resource_attribute_bytes(
    out: &mut Vec<u8>,
    a: &ResourceAttribute,
    opts: &FormatOptions,
) {
    out.extend_from_slice(b"(\"");
    write_name(out, &a.name);
    out.extend_from_slice(b"\",");
    out::push_code(out, a.value_type.sddl());
    out.extend_from_slice(b",0x");
    out::push_hex(out, a.flags as u64, false);
    for v in &a.values {
        out.push(b',');
        match v {
            ClaimValue::Int64(n) => {
                if *n < 0 {
                    out.push(b'-');
                }
                out::push_u64(out, n.unsigned_abs());
            }
            ClaimValue::Uint64(n) | ClaimValue::Boolean(n) => out::push_u64(out, *n),
            ClaimValue::String(s) => {
                out.push(b'"');
                out.extend_from_slice(s.as_bytes());
                out.push(b'"');
            }
            ClaimValue::Sid(s) => sid_ref_bytes(out, s, opts),
            ClaimValue::Octets(b) => write_hex(out, b),
        }
    }
    out.push(b')');
}

/// A condition as Windows prints it, for tools and tests: `(@USER.Title == "PM")`.
pub fn condition_to_sddl(c: &Condition, opts: &FormatOptions) -> String {
    let mut out = Vec::new();
    condition_bytes(&mut out, c, opts);
    out::into_string(out)
}

#[cfg(test)]
mod escape_table_tests {
    use super::{needs_escape, BYTE_NEEDS_ESCAPE};

    #[test]
    fn byte_table_matches_needs_escape() {
        for c in 0..=255u8 {
            // A byte beyond ASCII belongs to a character beyond ASCII, which is escaped.
            let want = if c >= 0x80 {
                true
            } else {
                needs_escape(c as u16)
            };
            assert_eq!(BYTE_NEEDS_ESCAPE[c as usize], want, "{c:#x}");
        }
    }
}
