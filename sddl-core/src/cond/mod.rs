//! Conditional-ACE expressions (MS-DTYP 2.4.4.17) and resource-attribute claims (2.4.4.15).
//!
//! The tree mirrors the binary token stream: every operator of the binary format is one
//! [`BinaryOp`] or [`UnaryOp`], every literal kind one [`ExprKind`] variant, so text and binary
//! convert through the same model.

pub mod format;
pub mod parse;

use crate::sid::SidRef;
use crate::span::Span;

/// The condition of a callback ACE: the seventh field, parentheses included.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    pub root: Expr,
    pub span: Span,
}

impl Condition {
    pub(crate) fn clear_spans(&mut self) {
        self.span = Span::DETACHED;
        // Iterative walk: expressions may be deep.
        let mut stack: Vec<&mut Expr> = vec![&mut self.root];
        while let Some(e) = stack.pop() {
            e.span = Span::DETACHED;
            match &mut e.kind {
                ExprKind::Binary { lhs, rhs, .. } => {
                    stack.push(lhs);
                    stack.push(rhs);
                }
                ExprKind::Unary { operand, .. } => stack.push(operand),
                ExprKind::Composite(items) => stack.extend(items.iter_mut()),
                _ => {}
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExprKind {
    Binary {
        op: BinaryOp,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    Unary {
        op: UnaryOp,
        operand: Box<Expr>,
    },
    Attribute(Attribute),
    Int(IntLiteral),
    /// A `"..."` string (no escapes exist in SDDL strings).
    String(String),
    /// A `#...` octet string.
    Octets(Vec<u8>),
    /// `SID(...)`.
    Sid(SidRef),
    /// `{a, b, ...}`.
    Composite(Vec<Expr>),
}

/// Attribute namespaces and their binary token bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AttrScope {
    /// A bare name (`Title`, `WIN://SYSAPPID`): token 0xf8.
    Local,
    /// `@User.`: 0xf9.
    User,
    /// `@Resource.`: 0xfa.
    Resource,
    /// `@Device.`: 0xfb.
    Device,
}

impl AttrScope {
    pub fn token(self) -> u8 {
        match self {
            AttrScope::Local => 0xf8,
            AttrScope::User => 0xf9,
            AttrScope::Resource => 0xfa,
            AttrScope::Device => 0xfb,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attribute {
    pub scope: AttrScope,
    /// The decoded name (`%xxxx` escapes resolved).
    pub name: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IntSign {
    Plus,
    Minus,
    None,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IntBase {
    Octal,
    Decimal,
    Hex,
}

/// An integer literal. Windows keeps the sign and base it was written with and prints them back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct IntLiteral {
    /// The 64-bit value as stored in the binary token.
    pub value: i64,
    pub sign: IntSign,
    pub base: IntBase,
    /// The binary token type, 0x01 (int8) to 0x04 (int64); SDDL always produces 0x04.
    pub token: u8,
}

/// Operators with two operands, with their binary token bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Contains,
    AnyOf,
    NotContains,
    NotAnyOf,
    And,
    Or,
}

impl BinaryOp {
    pub fn token(self) -> u8 {
        match self {
            BinaryOp::Eq => 0x80,
            BinaryOp::Ne => 0x81,
            BinaryOp::Lt => 0x82,
            BinaryOp::Le => 0x83,
            BinaryOp::Gt => 0x84,
            BinaryOp::Ge => 0x85,
            BinaryOp::Contains => 0x86,
            BinaryOp::AnyOf => 0x88,
            BinaryOp::NotContains => 0x8e,
            BinaryOp::NotAnyOf => 0x8f,
            BinaryOp::And => 0xa0,
            BinaryOp::Or => 0xa1,
        }
    }

    pub fn from_token(t: u8) -> Option<BinaryOp> {
        Some(match t {
            0x80 => BinaryOp::Eq,
            0x81 => BinaryOp::Ne,
            0x82 => BinaryOp::Lt,
            0x83 => BinaryOp::Le,
            0x84 => BinaryOp::Gt,
            0x85 => BinaryOp::Ge,
            0x86 => BinaryOp::Contains,
            0x88 => BinaryOp::AnyOf,
            0x8e => BinaryOp::NotContains,
            0x8f => BinaryOp::NotAnyOf,
            0xa0 => BinaryOp::And,
            0xa1 => BinaryOp::Or,
            _ => return None,
        })
    }
}

/// Operators with one operand, with their binary token bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    Exists,
    NotExists,
    MemberOf,
    DeviceMemberOf,
    MemberOfAny,
    DeviceMemberOfAny,
    NotMemberOf,
    NotDeviceMemberOf,
    NotMemberOfAny,
    NotDeviceMemberOfAny,
    Not,
}

impl UnaryOp {
    pub fn token(self) -> u8 {
        match self {
            UnaryOp::Exists => 0x87,
            UnaryOp::MemberOf => 0x89,
            UnaryOp::DeviceMemberOf => 0x8a,
            UnaryOp::MemberOfAny => 0x8b,
            UnaryOp::DeviceMemberOfAny => 0x8c,
            UnaryOp::NotExists => 0x8d,
            UnaryOp::NotMemberOf => 0x90,
            UnaryOp::NotDeviceMemberOf => 0x91,
            UnaryOp::NotMemberOfAny => 0x92,
            UnaryOp::NotDeviceMemberOfAny => 0x93,
            UnaryOp::Not => 0xa2,
        }
    }

    pub fn from_token(t: u8) -> Option<UnaryOp> {
        Some(match t {
            0x87 => UnaryOp::Exists,
            0x89 => UnaryOp::MemberOf,
            0x8a => UnaryOp::DeviceMemberOf,
            0x8b => UnaryOp::MemberOfAny,
            0x8c => UnaryOp::DeviceMemberOfAny,
            0x8d => UnaryOp::NotExists,
            0x90 => UnaryOp::NotMemberOf,
            0x91 => UnaryOp::NotDeviceMemberOf,
            0x92 => UnaryOp::NotMemberOfAny,
            0x93 => UnaryOp::NotDeviceMemberOfAny,
            0xa2 => UnaryOp::Not,
            _ => return None,
        })
    }
}

/// Claim value types of a resource attribute, with their SDDL codes and binary values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ClaimType {
    /// `TI`, 0x0001.
    Int64,
    /// `TU`, 0x0002.
    Uint64,
    /// `TS`, 0x0003.
    String,
    /// `TD`, 0x0005.
    Sid,
    /// `TB`, 0x0006.
    Boolean,
    /// `TX`, 0x0010.
    OctetString,
}

impl ClaimType {
    pub fn code(self) -> u16 {
        match self {
            ClaimType::Int64 => 1,
            ClaimType::Uint64 => 2,
            ClaimType::String => 3,
            ClaimType::Sid => 5,
            ClaimType::Boolean => 6,
            ClaimType::OctetString => 0x10,
        }
    }

    pub fn from_code(c: u16) -> Option<ClaimType> {
        Some(match c {
            1 => ClaimType::Int64,
            2 => ClaimType::Uint64,
            3 => ClaimType::String,
            5 => ClaimType::Sid,
            6 => ClaimType::Boolean,
            0x10 => ClaimType::OctetString,
            _ => return None,
        })
    }

    pub fn sddl(self) -> &'static str {
        match self {
            ClaimType::Int64 => "TI",
            ClaimType::Uint64 => "TU",
            ClaimType::String => "TS",
            ClaimType::Sid => "TD",
            ClaimType::Boolean => "TB",
            ClaimType::OctetString => "TX",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClaimValue {
    Int64(i64),
    Uint64(u64),
    String(String),
    Sid(SidRef),
    /// Stored as a 64-bit value in binary; SDDL writes 0 or 1.
    Boolean(u64),
    Octets(Vec<u8>),
}

/// The claim carried by an `RA` ACE: `("name",TYPE,flags,value,...)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceAttribute {
    pub name: String,
    pub value_type: ClaimType,
    pub flags: u32,
    pub values: Vec<ClaimValue>,
    pub span: Span,
}

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod vectors;
