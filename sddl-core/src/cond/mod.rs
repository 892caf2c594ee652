//! Conditional-ACE expressions (MS-DTYP 2.4.4.17) and resource-attribute claims (2.4.4.15).
//!
//! The tree mirrors the binary token stream: every operator of the binary format is one
//! [`BinaryOp`] or [`UnaryOp`], every literal kind one [`NodeKind`] variant (and one of the
//! owned [`ExprKind`]), so text and binary convert through the same model. A [`Condition`]
//! stores its tree flat, in the token stream's order.

pub mod format;
pub mod parse;

use crate::sid::SidRef;
use crate::span::Span;

/// The condition of a callback ACE: the seventh field, parentheses included.
///
/// The expression tree is stored flat: its nodes in one vector, children before their parents
/// (the order of the binary token stream), with attribute names and strings in one text buffer,
/// octet strings in one byte buffer and SIDs in one list. Parsing or decoding a condition thus
/// costs a handful of allocations, not one per node, and cloning, comparing and dropping it never
/// recurse. Read it through [`Condition::root`] and [`Node::kind`]; build one by hand as an
/// [`Expr`] tree and [`Condition::new`].
#[derive(Clone, Debug)]
pub struct Condition {
    nodes: Vec<NodeData>,
    /// Composite items: indexes into `nodes`, each composite's a contiguous run.
    items: Vec<u32>,
    sids: Vec<SidRef>,
    /// Attribute names and string literals.
    text: String,
    /// Octet-string literals.
    octets: Vec<u8>,
    root: u32,
    pub span: Span,
}

/// A node as stored: its children, strings and SIDs by index into the condition's buffers.
#[derive(Clone, Copy, Debug)]
struct NodeData {
    kind: Packed,
    span: Span,
}

#[derive(Clone, Copy, Debug)]
enum Packed {
    Binary { op: BinaryOp, lhs: u32, rhs: u32 },
    Unary { op: UnaryOp, operand: u32 },
    Attribute { scope: AttrScope, name: Slice },
    Int(IntLiteral),
    String(Slice),
    Octets(Slice),
    Sid(u32),
    Composite(Slice),
}

/// A range of one of the condition's buffers.
#[derive(Clone, Copy, Debug)]
struct Slice {
    start: u32,
    end: u32,
}

impl Slice {
    fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

impl Condition {
    /// Flattens a tree built by hand.
    ///
    /// # Panics
    ///
    /// When the tree has 2^32 nodes or more, or 4 GiB or more of names and strings (or of
    /// octets): the flat form indexes them with `u32`.
    pub fn new(root: Expr, span: Span) -> Condition {
        // Post-order without recursion, taking the tree apart as it goes: a tree built by hand
        // may be of any height, and neither flattening it nor dropping it recurses (each box is
        // emptied before it is freed).
        enum Step {
            Enter(Expr),
            Binary(BinaryOp, Span),
            Unary(UnaryOp, Span),
            Composite(usize, Span),
        }
        let mut b = Builder::default();
        let mut steps = vec![Step::Enter(root)];
        let mut done: Vec<u32> = Vec::new();
        while let Some(step) = steps.pop() {
            let id = match step {
                Step::Enter(Expr { kind, span }) => match kind {
                    ExprKind::Binary { op, lhs, rhs } => {
                        steps.push(Step::Binary(op, span));
                        steps.push(Step::Enter(*rhs));
                        steps.push(Step::Enter(*lhs));
                        continue;
                    }
                    ExprKind::Unary { op, operand } => {
                        steps.push(Step::Unary(op, span));
                        steps.push(Step::Enter(*operand));
                        continue;
                    }
                    ExprKind::Composite(items) => {
                        steps.push(Step::Composite(items.len(), span));
                        steps.extend(items.into_iter().rev().map(Step::Enter));
                        continue;
                    }
                    ExprKind::Attribute(a) => b.attribute(a.scope, &a.name, span),
                    ExprKind::Int(i) => b.int(i, span),
                    ExprKind::String(s) => b.string(&s, span),
                    ExprKind::Octets(o) => b.octets(&o, span),
                    ExprKind::Sid(s) => b.sid(s, span),
                },
                Step::Binary(op, span) => {
                    let rhs = done.pop().expect("right operand");
                    let lhs = done.pop().expect("left operand");
                    b.binary(op, lhs, rhs, span)
                }
                Step::Unary(op, span) => {
                    let operand = done.pop().expect("operand");
                    b.unary(op, operand, span)
                }
                Step::Composite(n, span) => {
                    let first = done.len() - n;
                    let id = b.composite(&done[first..], span);
                    done.truncate(first);
                    id
                }
            };
            done.push(id);
        }
        let root = done.pop().expect("the root");
        b.finish(root, span)
    }

    /// The top of the expression.
    pub fn root(&self) -> Node<'_> {
        self.node(self.root)
    }

    /// The expression as a tree of owned nodes.
    pub fn to_expr(&self) -> Expr {
        self.root().to_expr()
    }

    #[inline]
    fn node(&self, index: u32) -> Node<'_> {
        Node { cond: self, index }
    }

    pub(crate) fn clear_spans(&mut self) {
        self.span = Span::DETACHED;
        for n in &mut self.nodes {
            n.span = Span::DETACHED;
        }
    }
}

/// Two conditions are equal when their trees are: the same nodes with the same spans, however
/// they are laid out.
impl PartialEq for Condition {
    fn eq(&self, other: &Condition) -> bool {
        self.span == other.span && self.root() == other.root()
    }
}

impl Eq for Condition {}

/// One node of a [`Condition`]'s expression: a cheap handle, copied freely.
#[derive(Clone, Copy)]
pub struct Node<'a> {
    cond: &'a Condition,
    index: u32,
}

/// What a [`Node`] is, with its children as nodes and its strings borrowed from the condition.
#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind<'a> {
    Binary {
        op: BinaryOp,
        lhs: Node<'a>,
        rhs: Node<'a>,
    },
    Unary {
        op: UnaryOp,
        operand: Node<'a>,
    },
    Attribute {
        scope: AttrScope,
        /// The decoded name (`%xxxx` escapes resolved).
        name: &'a str,
    },
    Int(IntLiteral),
    String(&'a str),
    Octets(&'a [u8]),
    Sid(&'a SidRef),
    Composite(Items<'a>),
}

/// Subtrees are equal when their nodes are, spans included; compared without recursion.
impl PartialEq for Node<'_> {
    fn eq(&self, other: &Self) -> bool {
        let mut work = vec![(*self, *other)];
        while let Some((a, b)) = work.pop() {
            if a.span() != b.span() {
                return false;
            }
            let same = match (a.kind(), b.kind()) {
                (
                    NodeKind::Binary { op, lhs, rhs },
                    NodeKind::Binary {
                        op: o2,
                        lhs: l2,
                        rhs: r2,
                    },
                ) => {
                    work.push((lhs, l2));
                    work.push((rhs, r2));
                    op == o2
                }
                (
                    NodeKind::Unary { op, operand },
                    NodeKind::Unary {
                        op: o2,
                        operand: x2,
                    },
                ) => {
                    work.push((operand, x2));
                    op == o2
                }
                (NodeKind::Composite(x), NodeKind::Composite(y)) => {
                    let same = x.len() == y.len();
                    work.extend(x.zip(y));
                    same
                }
                (
                    NodeKind::Attribute { scope, name },
                    NodeKind::Attribute {
                        scope: s2,
                        name: n2,
                    },
                ) => scope == s2 && name == n2,
                (NodeKind::Int(x), NodeKind::Int(y)) => x == y,
                (NodeKind::String(x), NodeKind::String(y)) => x == y,
                (NodeKind::Octets(x), NodeKind::Octets(y)) => x == y,
                (NodeKind::Sid(x), NodeKind::Sid(y)) => x == y,
                _ => false,
            };
            if !same {
                return false;
            }
        }
        true
    }
}

impl<'a> Node<'a> {
    #[inline]
    pub fn span(self) -> Span {
        self.data().span
    }

    #[inline(always)]
    pub fn kind(self) -> NodeKind<'a> {
        let c = self.cond;
        match self.data().kind {
            Packed::Binary { op, lhs, rhs } => NodeKind::Binary {
                op,
                lhs: c.node(lhs),
                rhs: c.node(rhs),
            },
            Packed::Unary { op, operand } => NodeKind::Unary {
                op,
                operand: c.node(operand),
            },
            Packed::Attribute { scope, name } => NodeKind::Attribute {
                scope,
                name: &c.text[name.range()],
            },
            Packed::Int(i) => NodeKind::Int(i),
            Packed::String(s) => NodeKind::String(&c.text[s.range()]),
            Packed::Octets(o) => NodeKind::Octets(&c.octets[o.range()]),
            Packed::Sid(i) => NodeKind::Sid(&c.sids[i as usize]),
            Packed::Composite(s) => NodeKind::Composite(Items {
                cond: c,
                ids: c.items[s.range()].iter(),
            }),
        }
    }

    /// The operator of a binary node (cheaper than [`Node::kind`] when that is all one needs).
    #[inline]
    pub fn binary_op(self) -> Option<BinaryOp> {
        match self.data().kind {
            Packed::Binary { op, .. } => Some(op),
            _ => None,
        }
    }

    /// The operator of a unary node.
    #[inline]
    pub fn unary_op(self) -> Option<UnaryOp> {
        match self.data().kind {
            Packed::Unary { op, .. } => Some(op),
            _ => None,
        }
    }

    /// The subtree as owned nodes (built without recursion, whatever its height).
    pub fn to_expr(self) -> Expr {
        enum Step<'a> {
            Enter(Node<'a>),
            Exit(Node<'a>),
        }
        let mut steps = vec![Step::Enter(self)];
        let mut done: Vec<Expr> = Vec::new();
        while let Some(step) = steps.pop() {
            match step {
                Step::Enter(n) => {
                    steps.push(Step::Exit(n));
                    match n.kind() {
                        NodeKind::Binary { lhs, rhs, .. } => {
                            steps.push(Step::Enter(rhs));
                            steps.push(Step::Enter(lhs));
                        }
                        NodeKind::Unary { operand, .. } => steps.push(Step::Enter(operand)),
                        NodeKind::Composite(items) => steps.extend(items.rev().map(Step::Enter)),
                        _ => {}
                    }
                }
                Step::Exit(n) => {
                    let kind = match n.kind() {
                        NodeKind::Binary { op, .. } => {
                            let rhs = done.pop().expect("right operand");
                            let lhs = done.pop().expect("left operand");
                            ExprKind::Binary {
                                op,
                                lhs: Box::new(lhs),
                                rhs: Box::new(rhs),
                            }
                        }
                        NodeKind::Unary { op, .. } => ExprKind::Unary {
                            op,
                            operand: Box::new(done.pop().expect("operand")),
                        },
                        NodeKind::Composite(items) => {
                            let first = done.len() - items.len();
                            ExprKind::Composite(done.split_off(first))
                        }
                        NodeKind::Attribute { scope, name } => ExprKind::Attribute(Attribute {
                            scope,
                            name: name.to_owned(),
                        }),
                        NodeKind::Int(i) => ExprKind::Int(i),
                        NodeKind::String(s) => ExprKind::String(s.to_owned()),
                        NodeKind::Octets(o) => ExprKind::Octets(o.to_vec()),
                        NodeKind::Sid(s) => ExprKind::Sid(*s),
                    };
                    done.push(Expr {
                        kind,
                        span: n.span(),
                    });
                }
            }
        }
        done.pop().expect("the subtree's root")
    }

    #[inline]
    fn data(self) -> NodeData {
        self.cond.nodes[self.index as usize]
    }
}

impl std::fmt::Debug for Node<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Node")
            .field("kind", &self.kind())
            .field("span", &self.span())
            .finish()
    }
}

/// The items of a composite, in order.
#[derive(Clone, Debug)]
pub struct Items<'a> {
    cond: &'a Condition,
    ids: std::slice::Iter<'a, u32>,
}

impl<'a> Iterator for Items<'a> {
    type Item = Node<'a>;

    #[inline]
    fn next(&mut self) -> Option<Node<'a>> {
        self.ids.next().map(|&i| self.cond.node(i))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.ids.size_hint()
    }
}

impl DoubleEndedIterator for Items<'_> {
    #[inline]
    fn next_back(&mut self) -> Option<Self::Item> {
        self.ids.next_back().map(|&i| self.cond.node(i))
    }
}

impl ExactSizeIterator for Items<'_> {}

impl PartialEq for Items<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.clone().zip(other.clone()).all(|(a, b)| a == b)
    }
}

/// Builds a [`Condition`] bottom-up: each node after its children, as parsers and the binary
/// decoder meet them. Every method returns the new node's index.
#[derive(Default)]
pub(crate) struct Builder {
    nodes: Vec<NodeData>,
    items: Vec<u32>,
    sids: Vec<SidRef>,
    text: String,
    octets: Vec<u8>,
}

impl Builder {
    /// A builder for a condition written in `len` bytes of text, with room for a typical one's
    /// nodes (one per 4 bytes) and names and strings (parts of the text, which escapes only
    /// shorten), so the buffers rarely regrow. Each first reservation is capped at 1 KiB: smaller
    /// allocations are the cheap ones (glibc's per-thread cache; measured, 32 nodes and 256
    /// bytes cost fewer instructions per corpus pass than room for the whole text).
    pub(crate) fn for_text(len: usize) -> Builder {
        Builder {
            nodes: Vec::with_capacity((len / 4 + 2).min(32)),
            text: String::with_capacity(len.min(256)),
            ..Builder::default()
        }
    }

    fn push(&mut self, kind: Packed, span: Span) -> u32 {
        let id = self.nodes.len() as u32;
        self.nodes.push(NodeData { kind, span });
        id
    }

    pub(crate) fn binary(&mut self, op: BinaryOp, lhs: u32, rhs: u32, span: Span) -> u32 {
        self.push(Packed::Binary { op, lhs, rhs }, span)
    }

    pub(crate) fn unary(&mut self, op: UnaryOp, operand: u32, span: Span) -> u32 {
        self.push(Packed::Unary { op, operand }, span)
    }

    pub(crate) fn attribute(&mut self, scope: AttrScope, name: &str, span: Span) -> u32 {
        let (name, ()) = appended(&mut self.text, String::len, |t| t.push_str(name));
        self.push(Packed::Attribute { scope, name }, span)
    }

    /// An attribute whose name is written by `write` into the text buffer.
    pub(crate) fn attribute_with<E>(
        &mut self,
        scope: AttrScope,
        span: Span,
        write: impl FnOnce(&mut String) -> Result<(), E>,
    ) -> Result<u32, E> {
        let (name, written) = appended(&mut self.text, String::len, write);
        written?;
        Ok(self.push(Packed::Attribute { scope, name }, span))
    }

    pub(crate) fn int(&mut self, i: IntLiteral, span: Span) -> u32 {
        self.push(Packed::Int(i), span)
    }

    pub(crate) fn string(&mut self, s: &str, span: Span) -> u32 {
        let (s, ()) = appended(&mut self.text, String::len, |t| t.push_str(s));
        self.push(Packed::String(s), span)
    }

    /// A string literal written by `write` into the text buffer (the binary decoder's UTF-16).
    pub(crate) fn string_with<E>(
        &mut self,
        span: Span,
        write: impl FnOnce(&mut String) -> Result<(), E>,
    ) -> Result<u32, E> {
        let (s, written) = appended(&mut self.text, String::len, write);
        written?;
        Ok(self.push(Packed::String(s), span))
    }

    pub(crate) fn octets(&mut self, o: &[u8], span: Span) -> u32 {
        self.octets_with(span, |b| b.extend_from_slice(o))
    }

    /// An octet string whose bytes are written by `write` into the byte buffer.
    pub(crate) fn octets_with(&mut self, span: Span, write: impl FnOnce(&mut Vec<u8>)) -> u32 {
        let (s, ()) = appended(&mut self.octets, Vec::len, write);
        self.push(Packed::Octets(s), span)
    }

    pub(crate) fn sid(&mut self, sid: SidRef, span: Span) -> u32 {
        let i = self.sids.len() as u32;
        self.sids.push(sid);
        self.push(Packed::Sid(i), span)
    }

    pub(crate) fn composite(&mut self, items: &[u32], span: Span) -> u32 {
        // Room for a few composites' items at the first (else the second one reallocates).
        if self.items.capacity() == 0 {
            self.items.reserve(items.len().max(16));
        }
        let (s, ()) = appended(&mut self.items, Vec::len, |v| v.extend_from_slice(items));
        self.push(Packed::Composite(s), span)
    }

    /// The condition, with `root` at its top.
    ///
    /// Positions are stored as `u32` (`as` casts while building). The buffers only grow, so if
    /// none ends up longer than `u32::MAX` no position wrapped; else this panics before a
    /// condition with wrong positions escapes. Parsed text is at most 1 MiB and the binary
    /// decoder refuses data over 2 GiB, so only a tree built by hand can get there
    /// ([`Condition::new`] documents it).
    pub(crate) fn finish(self, root: u32, span: Span) -> Condition {
        let longest = [
            self.nodes.len(),
            self.items.len(),
            self.sids.len(),
            self.text.len(),
            self.octets.len(),
        ];
        assert!(
            longest.iter().all(|&n| n <= u32::MAX as usize),
            "a condition's buffers hold at most 2^32 - 1 items"
        );
        Condition {
            nodes: self.nodes,
            items: self.items,
            sids: self.sids,
            text: self.text,
            octets: self.octets,
            root,
            span,
        }
    }
}

/// Runs `write` on `buf` and returns what it appended, as a slice of `buf` (`len` measures it).
fn appended<B, R>(
    buf: &mut B,
    len: impl Fn(&B) -> usize,
    write: impl FnOnce(&mut B) -> R,
) -> (Slice, R) {
    let start = len(buf) as u32;
    let r = write(buf);
    let end = len(buf) as u32;
    (Slice { start, end }, r)
}

/// An expression tree of owned nodes: how a condition is built by hand (then
/// [`Condition::new`]), or taken apart ([`Condition::to_expr`]).
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

#[cfg(test)]
mod layout_tests {
    use super::*;

    fn attr(b: &mut Builder, name: &str) -> u32 {
        b.attribute(AttrScope::User, name, Span::DETACHED)
    }

    /// `(@User.a == "x") && Member_of {SID(BA), 1}`, its nodes pushed in two different orders.
    fn two_layouts() -> (Condition, Condition) {
        let ba = SidRef::Sid(crate::Sid::new(1, 5, &[32, 544]).expect("a SID"));
        let int = IntLiteral {
            value: 1,
            sign: IntSign::None,
            base: IntBase::Decimal,
            token: 4,
        };
        let d = Span::DETACHED;
        // Children before parents, left to right (as the parsers push them).
        let mut b = Builder::default();
        let a = attr(&mut b, "a");
        let x = b.string("x", d);
        let eq = b.binary(BinaryOp::Eq, a, x, d);
        let sid = b.sid(ba, d);
        let one = b.int(int, d);
        let set = b.composite(&[sid, one], d);
        let mo = b.unary(UnaryOp::MemberOf, set, d);
        let root = b.binary(BinaryOp::And, eq, mo, d);
        let first = b.finish(root, d);
        // The right-hand side first, and the leaves in reverse.
        let mut b = Builder::default();
        let one = b.int(int, d);
        let sid = b.sid(ba, d);
        let set = b.composite(&[sid, one], d);
        let mo = b.unary(UnaryOp::MemberOf, set, d);
        let x = b.string("x", d);
        let a = attr(&mut b, "a");
        let eq = b.binary(BinaryOp::Eq, a, x, d);
        let root = b.binary(BinaryOp::And, eq, mo, d);
        (first, b.finish(root, d))
    }

    #[test]
    fn equality_is_of_trees_not_layouts() {
        let (a, b) = two_layouts();
        assert_eq!(a, b);
        assert_eq!(a.to_expr(), b.to_expr());
        assert_eq!(Condition::new(a.to_expr(), Span::DETACHED), b);
        // And it sees a difference anywhere in the tree: a leaf, an operator, a span.
        let mut e = a.to_expr();
        let ExprKind::Binary { rhs, .. } = &mut e.kind else {
            panic!()
        };
        let ExprKind::Unary { operand, .. } = &mut rhs.kind else {
            panic!()
        };
        let ExprKind::Composite(items) = &mut operand.kind else {
            panic!()
        };
        items.pop();
        assert_ne!(Condition::new(e, Span::DETACHED), a);
        let mut e = a.to_expr();
        let ExprKind::Binary { op, .. } = &mut e.kind else {
            panic!()
        };
        *op = BinaryOp::Or;
        assert_ne!(Condition::new(e, Span::DETACHED), a);
        assert_ne!(Condition::new(a.to_expr(), Span::new(0, 1)), a);
    }

    #[test]
    fn nodes_read_back_what_was_built() {
        let (a, _) = two_layouts();
        let NodeKind::Binary { op, lhs, rhs } = a.root().kind() else {
            panic!()
        };
        assert_eq!(op, BinaryOp::And);
        assert_eq!(lhs.binary_op(), Some(BinaryOp::Eq));
        assert_eq!(rhs.unary_op(), Some(UnaryOp::MemberOf));
        let NodeKind::Binary {
            lhs: at, rhs: x, ..
        } = lhs.kind()
        else {
            panic!()
        };
        assert_eq!(
            at.kind(),
            NodeKind::Attribute {
                scope: AttrScope::User,
                name: "a"
            }
        );
        assert_eq!(x.kind(), NodeKind::String("x"));
        let NodeKind::Unary { operand, .. } = rhs.kind() else {
            panic!()
        };
        let NodeKind::Composite(items) = operand.kind() else {
            panic!()
        };
        assert_eq!(items.len(), 2);
        let kinds: Vec<String> = items.rev().map(|n| format!("{:?}", n.kind())).collect();
        assert!(
            kinds[0].starts_with("Int(") && kinds[1].starts_with("Sid("),
            "{kinds:?}"
        );
    }
}
