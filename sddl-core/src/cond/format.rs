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
    AttrScope, Attribute, BinaryOp, ClaimValue, Condition, Expr, ExprKind, IntBase, IntLiteral,
    IntSign, ResourceAttribute, UnaryOp,
};
use crate::format::{write_sid_ref, FormatOptions};
use std::fmt::Write;

/// Writes the condition of a callback ACE, parentheses included.
pub(crate) fn write_condition(out: &mut String, c: &Condition, opts: &FormatOptions) {
    write_expr(out, &c.root, true, opts);
}

/// Writes an expression. `parens`: whether the context wants it in parentheses (the root of a
/// condition does); operators that Windows always parenthesises get them anyway.
pub(crate) fn write_expr(out: &mut String, root: &Expr, parens: bool, opts: &FormatOptions) {
    enum Item<'a> {
        Expr(&'a Expr, bool),
        Str(&'static str),
    }
    let mut stack = vec![Item::Expr(root, parens)];
    while let Some(item) = stack.pop() {
        let (e, want) = match item {
            Item::Str(s) => {
                out.push_str(s);
                continue;
            }
            Item::Expr(e, want) => (e, want),
        };
        match &e.kind {
            ExprKind::Binary { op, lhs, rhs } => {
                // Binary operators are always parenthesised.
                out.push('(');
                stack.push(Item::Str(")"));
                let logical = matches!(op, BinaryOp::And | BinaryOp::Or);
                let (lp, rp) = if logical {
                    (true, true)
                } else {
                    // Not Windows' concern (text never gives these), but keeps the output
                    // parseable: looser-binding operands of a relational operator get
                    // parentheses.
                    (binds_looser(lhs), is_operator(rhs))
                };
                stack.push(Item::Expr(rhs, rp));
                stack.push(Item::Str(binary_text(*op)));
                stack.push(Item::Expr(lhs, lp));
            }
            ExprKind::Unary { op, operand } => {
                let outer = want || is_member_of(*op);
                if outer {
                    out.push('(');
                    stack.push(Item::Str(")"));
                }
                out.push_str(unary_text(*op));
                if *op == UnaryOp::Not {
                    stack.push(Item::Expr(operand, true));
                } else {
                    out.push(' ');
                    stack.push(Item::Expr(operand, is_operator(operand)));
                }
            }
            ExprKind::Composite(items) => {
                if want {
                    out.push('(');
                    stack.push(Item::Str(")"));
                }
                out.push('{');
                stack.push(Item::Str("}"));
                for (i, it) in items.iter().enumerate().rev() {
                    stack.push(Item::Expr(it, is_operator(it)));
                    if i > 0 {
                        stack.push(Item::Str(", "));
                    }
                }
            }
            _ => {
                if want {
                    out.push('(');
                }
                write_leaf(out, e, opts);
                if want {
                    out.push(')');
                }
            }
        }
    }
}

/// Whether Windows parenthesises this node wherever it stands.
fn is_operator(e: &Expr) -> bool {
    matches!(e.kind, ExprKind::Binary { .. } | ExprKind::Unary { .. })
}

/// Operators that bind looser than the relational ones: `!`, `&&`, `||`.
fn binds_looser(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Binary { op, .. } => matches!(op, BinaryOp::And | BinaryOp::Or),
        ExprKind::Unary { op, .. } => *op == UnaryOp::Not,
        _ => false,
    }
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

fn write_leaf(out: &mut String, e: &Expr, opts: &FormatOptions) {
    match &e.kind {
        ExprKind::Attribute(a) => write_attribute(out, a),
        ExprKind::Int(i) => write_int(out, i),
        ExprKind::String(s) => {
            out.push('"');
            out.push_str(s);
            out.push('"');
        }
        ExprKind::Octets(b) => {
            out.push('#');
            write_hex(out, b);
        }
        ExprKind::Sid(s) => {
            out.push_str("SID(");
            write_sid_ref(out, s, opts);
            out.push(')');
        }
        // Handled by `write_expr`.
        ExprKind::Binary { .. } | ExprKind::Unary { .. } | ExprKind::Composite(_) => {}
    }
}

fn write_attribute(out: &mut String, a: &Attribute) {
    out.push_str(match a.scope {
        AttrScope::Local => "",
        AttrScope::User => "@USER.",
        AttrScope::Device => "@DEVICE.",
        AttrScope::Resource => "@RESOURCE.",
    });
    write_name(out, &a.name);
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

/// Writes a name with Windows' `%xxxx` escapes.
pub(crate) fn write_name(out: &mut String, name: &str) {
    if !name.bytes().any(|c| needs_escape(c as u16)) {
        out.push_str(name);
        return;
    }
    for ch in name.chars() {
        let mut buf = [0u16; 2];
        let units = ch.encode_utf16(&mut buf);
        if units.len() == 1 && !needs_escape(units[0]) {
            out.push(ch);
        } else {
            for u in units.iter() {
                let _ = write!(out, "%{u:04x}");
            }
        }
    }
}

fn write_hex(out: &mut String, bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.reserve(bytes.len() * 2);
    for &b in bytes {
        out.push(HEX[(b >> 4) as usize] as char);
        out.push(HEX[(b & 15) as usize] as char);
    }
}

/// Writes an integer with its sign and base: `-0x10`, `+5`, `0777` (octal keeps a leading `0`,
/// so octal zero is `00`).
pub(crate) fn write_int(out: &mut String, i: &IntLiteral) {
    let magnitude = match i.sign {
        IntSign::Minus => {
            out.push('-');
            i.value.unsigned_abs()
        }
        IntSign::Plus => {
            out.push('+');
            i.value as u64
        }
        IntSign::None => i.value as u64,
    };
    let _ = match i.base {
        IntBase::Decimal => write!(out, "{magnitude}"),
        IntBase::Hex => write!(out, "0x{magnitude:x}"),
        IntBase::Octal => write!(out, "0{magnitude:o}"),
    };
}

/// Writes the claim of an `RA` ACE: `("name",TU,0x0,1,2)`.
pub(crate) fn write_resource_attribute(
    out: &mut String,
    a: &ResourceAttribute,
    opts: &FormatOptions,
) {
    out.push_str("(\"");
    write_name(out, &a.name);
    out.push_str("\",");
    out.push_str(a.value_type.sddl());
    let _ = write!(out, ",{:#x}", a.flags);
    for v in &a.values {
        out.push(',');
        match v {
            ClaimValue::Int64(n) => {
                let _ = write!(out, "{n}");
            }
            ClaimValue::Uint64(n) | ClaimValue::Boolean(n) => {
                let _ = write!(out, "{n}");
            }
            ClaimValue::String(s) => {
                out.push('"');
                out.push_str(s);
                out.push('"');
            }
            ClaimValue::Sid(s) => write_sid_ref(out, s, opts),
            ClaimValue::Octets(b) => write_hex(out, b),
        }
    }
    out.push(')');
}

/// A condition as Windows prints it, for tools and tests: `(@USER.Title == "PM")`.
pub fn condition_to_sddl(c: &Condition, opts: &FormatOptions) -> String {
    let mut out = String::new();
    write_condition(&mut out, c, opts);
    out
}
