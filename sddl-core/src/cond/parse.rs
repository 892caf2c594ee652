//! Grammar of conditional expressions (MS-DTYP 2.5.1) and resource attributes, as Windows'
//! `ConvertStringSecurityDescriptorToSecurityDescriptor` reads them.
//!
//! A hand-written parser over bytes: operator precedence with explicit stacks for the
//! expression structure, so nesting costs no native stack. Precedence, tightest first: `Exists` /
//! `Not_Exists`; the relational, `Contains`/`Any_of` and member-of operators; `!`; `&&`; `||`.
//! `&&`, `||` and the relational operators associate to the left.
//!
//! What Windows accepts beyond the documented grammar (see `docs/windows-quirks.md` and the
//! conformance vectors): keywords in any case (`member_of`, `sid(...)`), a bare attribute as a
//! boolean operand (`(@Device.Bitlocker && ...)`), parenthesised operands
//! (`member_of((sid(WD)))`), odd-length octet strings (`#1#2#3##` = `#01020300`), integer
//! literals up to `0xffffffffffffffff`, attribute names made of anything that needs no escape.
//!
//! The tree is built flat, bottom-up, in the condition's `Builder`: a node per operand and
//! operator, no allocation per node. No expression tree is higher than [`MAX_CONDITION_DEPTH`].
//! Parentheses and `!` nest at most [`MAX_CONDITION_NESTING`] deep in the text (the parser keeps
//! its own stacks, so nesting costs no native stack): twice the height, room for how Windows
//! prints the highest tree, so every condition that parses, and every one decoded from binary,
//! prints to text that parses again.

use super::{
    AttrScope, BinaryOp, Builder, ClaimType, ClaimValue, Condition, IntBase, IntLiteral, IntSign,
    ResourceAttribute, UnaryOp,
};
use crate::error::{ErrorCode, ParseError};
use crate::limits::{MAX_CONDITION_DEPTH, MAX_CONDITION_NESTING, MAX_INPUT_LEN};
use crate::parse::{parse_sid_str, ParseOptions};
use crate::span::Span;
use smallvec::SmallVec;

type PResult<T> = Result<T, ParseError>;

/// Parses the condition field of a callback ACE (`XA`, `XD`, `XU`, `ZA`, `FL`).
///
/// `start` is the byte offset in `input` of the `(` that opens the condition. Returns the
/// condition (its span is the parenthesised text) and the offset just past its matching `)`.
pub(crate) fn parse_condition(
    input: &str,
    start: usize,
    opts: &ParseOptions,
) -> Result<(Condition, usize), ParseError> {
    let mut p = Parser::new(input, opts, ErrorCode::InvalidCondition)?;
    if p.b.get(start) != Some(&b'(') {
        let at = start.min(input.len());
        return Err(p.err(p.char_span(at), "expected `(` to start the condition"));
    }
    let op = p.expression(Some(start))?;
    let end = p.pos;
    let cond = p.tree.finish(op.node.id, Span::from_range(start, end));
    Ok((cond, end))
}

/// Parses the seventh field of an `RA` ACE: `("name",TYPE,flags,value,...)`.
///
/// `start` is the byte offset in `input` of the `(`. Returns the claim and the offset just past
/// its `)`.
pub(crate) fn parse_resource_attribute(
    input: &str,
    start: usize,
    opts: &ParseOptions,
) -> Result<(ResourceAttribute, usize), ParseError> {
    let mut p = Parser::new(input, opts, ErrorCode::InvalidResourceAttribute)?;
    if p.b.get(start) != Some(&b'(') {
        let at = start.min(input.len());
        return Err(p.err(
            p.char_span(at),
            "expected `(` to start the resource attribute",
        ));
    }
    p.pos = start;
    let attr = p.resource_attribute()?;
    Ok((attr, p.pos))
}

/// Parses a conditional expression on its own: `(@User.Title == "PM")`, or without the outer
/// parentheses, `@User.x == 1`. Whitespace around it is allowed; nothing else may follow it.
/// The condition's span covers the expression without the surrounding whitespace.
pub fn parse_condition_text(text: &str, opts: &ParseOptions) -> Result<Condition, ParseError> {
    let mut p = Parser::new(text, opts, ErrorCode::InvalidCondition)?;
    p.skip_ws();
    let start = p.pos;
    if start == text.len() {
        return Err(p.err(Span::from_range(start, start), "empty condition"));
    }
    let op = p.expression(None)?;
    Ok(p.tree
        .finish(op.node.id, Span::from_range(op.start, op.end)))
}

/// An expression (its node in the tree being built) with the height of its tree (a leaf is 1).
#[derive(Clone, Copy)]
struct Node {
    id: u32,
    height: usize,
}

impl Node {
    fn leaf(id: u32) -> Node {
        Node { id, height: 1 }
    }
}

/// Character classes of the condition grammar, one bit each, by byte: the scanners test a
/// byte with one table load instead of a chain of comparisons.
const WS: u8 = 1;
const WORD: u8 = 2;
const ENDS_NAME: u8 = 4;
const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        let ws = c == b' ' || (c >= 0x09 && c <= 0x0d);
        let word = c.is_ascii_alphanumeric() || matches!(c, b':' | b'.' | b'/' | b'_');
        let ends_name = ws
            || matches!(
                c,
                b'!' | b'&' | b'(' | b')' | b'<' | b'=' | b'>' | b'|' | b'"'
            );
        t[i] = (ws as u8 * WS) | (word as u8 * WORD) | (ends_name as u8 * ENDS_NAME);
        i += 1;
    }
    t
};

/// Whether a name has escapes to resolve (or a NUL to reject).
fn needs_decoding(name: &str) -> bool {
    name.bytes().any(|c| c == b'%' || c == 0)
}

/// Decodes checked octet-string digits, where `#` stands for `0` and an odd count gets a
/// leading `0` (`#1#2#3##` = `01 02 03 00`, `abc` = `0a bc`).
fn decode_hex(digits: &[u8], out: &mut Vec<u8>) {
    let nib = |c: u8| hex_val(c).unwrap_or(0);
    out.reserve(digits.len().div_ceil(2));
    let rest = if digits.len() % 2 == 1 {
        out.push(nib(digits[0]));
        &digits[1..]
    } else {
        digits
    };
    for pair in rest.chunks_exact(2) {
        out.push(nib(pair[0]) << 4 | nib(pair[1]));
    }
}

/// `wspace = %x09-0D / %x20`.
#[inline]
fn is_ws(c: u8) -> bool {
    CLASS[c as usize] & WS != 0
}

/// Characters of a local attribute name and of keywords (`attr-char1`).
#[inline]
fn is_word(c: u8) -> bool {
    CLASS[c as usize] & WORD != 0
}

/// Characters that end an `@User.` (etc.) attribute name: the ones that must be escaped and
/// can start the next token.
#[inline]
fn ends_name(c: u8) -> bool {
    CLASS[c as usize] & ENDS_NAME != 0
}

/// Characters that must be written literally, never as a `%xxxx` escape (MS-DTYP 2.5.1.1).
fn must_be_literal(unit: u16) -> bool {
    match u8::try_from(unit) {
        Ok(c) => c.is_ascii_alphanumeric() || b"#$'*+-;?@[\\]^_`{}~:/.".contains(&c),
        Err(_) => false,
    }
}

fn hex_val(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

fn unary_keyword(w: &[u8]) -> Option<UnaryOp> {
    const TABLE: [(&[u8], UnaryOp); 10] = [
        (b"Member_of", UnaryOp::MemberOf),
        (b"Not_Member_of", UnaryOp::NotMemberOf),
        (b"Member_of_Any", UnaryOp::MemberOfAny),
        (b"Not_Member_of_Any", UnaryOp::NotMemberOfAny),
        (b"Device_Member_of", UnaryOp::DeviceMemberOf),
        (b"Device_Member_of_Any", UnaryOp::DeviceMemberOfAny),
        (b"Not_Device_Member_of", UnaryOp::NotDeviceMemberOf),
        (b"Not_Device_Member_of_Any", UnaryOp::NotDeviceMemberOfAny),
        (b"Exists", UnaryOp::Exists),
        (b"Not_Exists", UnaryOp::NotExists),
    ];
    TABLE
        .iter()
        .find(|(k, _)| k.len() == w.len() && k.eq_ignore_ascii_case(w))
        .map(|&(_, op)| op)
}

fn binary_keyword(w: &[u8]) -> Option<BinaryOp> {
    const TABLE: [(&[u8], BinaryOp); 4] = [
        (b"Contains", BinaryOp::Contains),
        (b"Not_Contains", BinaryOp::NotContains),
        (b"Any_of", BinaryOp::AnyOf),
        (b"Not_Any_of", BinaryOp::NotAnyOf),
    ];
    TABLE
        .iter()
        .find(|(k, _)| k.len() == w.len() && k.eq_ignore_ascii_case(w))
        .map(|&(_, op)| op)
}

fn is_member_of(op: UnaryOp) -> bool {
    !matches!(op, UnaryOp::Exists | UnaryOp::NotExists | UnaryOp::Not)
}

fn claim_type(w: &[u8]) -> Option<ClaimType> {
    if w.len() != 2 || !w[0].eq_ignore_ascii_case(&b'T') {
        return None;
    }
    Some(match w[1].to_ascii_uppercase() {
        b'I' => ClaimType::Int64,
        b'U' => ClaimType::Uint64,
        b'S' => ClaimType::String,
        b'D' => ClaimType::Sid,
        b'X' => ClaimType::OctetString,
        b'B' => ClaimType::Boolean,
        _ => return None,
    })
}

/// Where a value is being read: what it may be besides a literal.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ValueCtx {
    /// The right-hand side of a relational, `Contains` or `Any_of` operator: literals,
    /// composites and `@` attributes.
    Rhs,
    /// The operand of a member-of operator: literals and composites (SIDs, in practice).
    MemberOf,
}

/// An operand on the expression parser's stack, with the extent of its text (parentheses
/// included).
struct Operand {
    node: Node,
    start: usize,
    end: usize,
}

/// An operator waiting for its right operand.
#[derive(Clone, Copy)]
enum Pending {
    /// `(` at this offset.
    Paren(usize),
    /// `!` at this offset.
    Not(usize),
    /// `&&` or `||` at this offset.
    Logic(BinaryOp, usize),
}

/// The expression parser's operator stack.
type Ops = SmallVec<[Pending; 16]>;
/// The expression parser's operand stack.
type Vals = SmallVec<[Operand; 8]>;

/// What the expression parser expects next.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Operand,
    AfterOperand,
    /// After `Member_of ...`: no comparison may follow.
    AfterMemberOf,
}

/// An integer as written: magnitude, sign and base, and where its text ends.
struct IntToken {
    magnitude: u64,
    sign: IntSign,
    base: IntBase,
    start: usize,
}

struct Parser<'a> {
    src: &'a str,
    b: &'a [u8],
    pos: usize,
    opts: &'a ParseOptions,
    /// `InvalidCondition` or `InvalidResourceAttribute`: the code of grammar errors.
    code: ErrorCode,
    /// Current nesting of parentheses and `!`.
    nest: usize,
    /// The condition's nodes, each pushed after its children (unused for resource attributes).
    tree: Builder,
}

impl<'a> Parser<'a> {
    fn new(src: &'a str, opts: &'a ParseOptions, code: ErrorCode) -> PResult<Parser<'a>> {
        if src.len() > MAX_INPUT_LEN {
            let mut at = MAX_INPUT_LEN;
            while !src.is_char_boundary(at) {
                at -= 1;
            }
            let end = at + src[at..].chars().next().map_or(0, char::len_utf8);
            return Err(ParseError::new(
                ErrorCode::LimitExceeded,
                Span::from_range(at, end),
                format!("the text is longer than {MAX_INPUT_LEN} bytes"),
            ));
        }
        Ok(Parser {
            src,
            b: src.as_bytes(),
            pos: 0,
            opts,
            code,
            nest: 0,
            // Resource attributes build no tree: no room reserved for one.
            tree: if code == ErrorCode::InvalidCondition {
                Builder::for_text(src.len())
            } else {
                Builder::default()
            },
        })
    }

    // ----- low-level helpers -------------------------------------------------------------

    #[inline]
    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    #[inline]
    fn peek_at(&self, i: usize) -> Option<u8> {
        self.b.get(i).copied()
    }

    #[inline]
    fn skip_ws(&mut self) {
        while self.pos < self.b.len() && is_ws(self.b[self.pos]) {
            self.pos += 1;
        }
    }

    fn err(&self, span: Span, msg: impl Into<String>) -> ParseError {
        ParseError::new(self.code, span, msg)
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::from_range(start, end)
    }

    /// The span of the character at `at` (empty at the end of the input).
    fn char_span(&self, at: usize) -> Span {
        let mut at = at.min(self.b.len());
        while !self.src.is_char_boundary(at) {
            at -= 1;
        }
        let len = self.src[at..].chars().next().map_or(0, char::len_utf8);
        Span::from_range(at, at + len)
    }

    /// End of the word (`attr-char1` characters, then also `@`) starting at `at`.
    fn word_end(&self, at: usize) -> usize {
        let mut i = at;
        if i < self.b.len() && is_word(self.b[i]) {
            i += 1;
            while i < self.b.len() && (is_word(self.b[i]) || self.b[i] == b'@') {
                i += 1;
            }
        }
        i
    }

    /// The span of the token at `at`, for error messages: a whole word, a whole run of
    /// operator characters, or one character.
    fn token_span(&self, at: usize) -> Span {
        if at >= self.b.len() {
            return self.span(self.b.len(), self.b.len());
        }
        let c = self.b[at];
        if is_word(c) {
            return self.span(at, self.word_end(at));
        }
        if c == b'@' {
            let mut e = at + 1;
            while e < self.b.len() && !ends_name(self.b[e]) && !matches!(self.b[e], b',' | b'}') {
                e += 1;
            }
            while !self.src.is_char_boundary(e) {
                e += 1;
            }
            return self.span(at, e);
        }
        if matches!(c, b'=' | b'!' | b'<' | b'>' | b'&' | b'|') {
            let mut e = at + 1;
            while e < self.b.len() && e < at + 2 && matches!(self.b[e], b'=' | b'&' | b'|') {
                e += 1;
            }
            return self.span(at, e);
        }
        self.char_span(at)
    }

    /// How to name the token at `at` in a message.
    fn found(&self, at: usize) -> String {
        if at >= self.b.len() {
            return "the end of the text".to_string();
        }
        let sp = self.token_span(at);
        let text = &self.src[sp.range()];
        match text.chars().next() {
            Some('`') => "a backtick".to_string(),
            Some(c) if c.is_control() => format!("`{}`", text.escape_debug()),
            _ => format!("`{text}`"),
        }
    }

    /// "expected ..., found `x`" at the token at `at`.
    fn unexpected(&self, at: usize, expected: &str) -> ParseError {
        let e = self.err(
            self.token_span(at),
            format!("{expected}; found {}", self.found(at)),
        );
        if self.b.get(at) == Some(&b'=') && self.b.get(at + 1) != Some(&b'=') {
            e.with_help("equality is written `==`")
        } else {
            e
        }
    }

    /// Counts one more level of nesting (a `(` or a `!`) at `at`.
    fn enter(&mut self, at: usize) -> PResult<()> {
        self.nest += 1;
        if self.nest > MAX_CONDITION_NESTING {
            return Err(ParseError::new(
                ErrorCode::LimitExceeded,
                self.char_span(at),
                format!("conditions nest at most {MAX_CONDITION_NESTING} levels deep"),
            ));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.nest -= 1;
    }

    fn check_height(&self, height: usize, op: Span) -> PResult<()> {
        if height > MAX_CONDITION_DEPTH {
            return Err(ParseError::new(
                ErrorCode::LimitExceeded,
                op,
                format!(
                    "this expression nests operators more than {MAX_CONDITION_DEPTH} levels deep"
                ),
            )
            .with_help("split the condition, or group it differently with parentheses"));
        }
        Ok(())
    }

    fn binary(
        &mut self,
        op: BinaryOp,
        lhs: Operand,
        rhs: Operand,
        op_span: Span,
    ) -> PResult<Operand> {
        let height = 1 + lhs.node.height.max(rhs.node.height);
        self.check_height(height, op_span)?;
        let span = self.span(lhs.start, rhs.end);
        Ok(Operand {
            node: Node {
                id: self.tree.binary(op, lhs.node.id, rhs.node.id, span),
                height,
            },
            start: lhs.start,
            end: rhs.end,
        })
    }

    /// `op operand`, the operator starting at `start`.
    fn unary(
        &mut self,
        op: UnaryOp,
        operand: Operand,
        start: usize,
        op_span: Span,
    ) -> PResult<Operand> {
        let height = 1 + operand.node.height;
        self.check_height(height, op_span)?;
        let span = self.span(start, operand.end);
        Ok(Operand {
            node: Node {
                id: self.tree.unary(op, operand.node.id, span),
                height,
            },
            start,
            end: operand.end,
        })
    }

    /// After `(` at `open` and its contents: the `)`.
    fn close_paren(&mut self, open: usize, expected: &str) -> PResult<()> {
        self.skip_ws();
        match self.peek() {
            Some(b')') => {
                self.pos += 1;
                Ok(())
            }
            None => Err(self.never_closed(open)),
            Some(_) => Err(self.unexpected(self.pos, expected)),
        }
    }

    fn never_closed(&self, open: usize) -> ParseError {
        self.err(self.char_span(open), "this `(` is never closed")
            .with_help("add the missing `)`")
    }

    // ----- expressions -------------------------------------------------------------------

    /// An expression, parsed with explicit stacks (operator precedence), so that nesting
    /// costs no native stack. `outer`: the offset of the `(` that opens a condition, which
    /// ends at its matching `)`; `None`: the expression runs to the end of the text.
    fn expression(&mut self, outer: Option<usize>) -> PResult<Operand> {
        // Room on the stack for the nesting of a typical condition (deeper ones spill to the
        // heap): two heap allocations per condition fewer.
        let mut ops: Ops = SmallVec::new();
        let mut vals: Vals = SmallVec::new();
        let mut state = State::Operand;
        if let Some(open) = outer {
            self.pos = open;
            self.open_group(&mut ops)?;
        }
        loop {
            self.skip_ws();
            let at = self.pos;
            if state == State::Operand {
                match self.peek() {
                    Some(b'(') => {
                        self.open_group(&mut ops)?;
                        continue;
                    }
                    Some(b'!') if self.peek_at(at + 1) != Some(b'=') => {
                        self.pos += 1;
                        self.skip_ws();
                        if !matches!(self.peek(), Some(b'(' | b'@')) {
                            return Err(self
                                .unexpected(
                                    self.pos,
                                    "`!` must be followed by `(` or an `@User.`, `@Device.` or `@Resource.` attribute",
                                )
                                .with_help("write `!(...)`"));
                        }
                        self.enter(at)?;
                        ops.push(Pending::Not(at));
                        continue;
                    }
                    _ => {}
                }
                let we = self.word_end(at);
                match unary_keyword(&self.b[at..we]) {
                    Some(op) if is_member_of(op) => {
                        self.pos = we;
                        let operand = self.value(ValueCtx::MemberOf)?;
                        vals.push(self.unary(op, operand, at, self.span(at, we))?);
                        state = State::AfterMemberOf;
                    }
                    Some(op) => {
                        self.pos = we;
                        let operand = self.attr_operand()?;
                        vals.push(self.unary(op, operand, at, self.span(at, we))?);
                        state = State::AfterOperand;
                    }
                    None => {
                        let id = match self.peek() {
                            Some(b'@') => self.attribute()?,
                            Some(c) if is_word(c) => self.local_attribute(),
                            _ => return Err(self.unexpected(
                                at,
                                "expected an attribute, `(`, `!`, `Exists` or a member-of operator",
                            )),
                        };
                        vals.push(Operand {
                            node: Node::leaf(id),
                            start: at,
                            end: self.pos,
                        });
                        state = State::AfterOperand;
                    }
                }
                continue;
            }
            // After an operand.
            if let Some((op, len)) = self.relop_at(at) {
                if state == State::AfterMemberOf {
                    return Err(self
                        .err(
                            self.span(at, at + len),
                            "a member-of expression cannot be an operand of a comparison",
                        )
                        .with_help("put the member-of expression in parentheses"));
                }
                self.pos += len;
                let rhs = self.value(ValueCtx::Rhs)?;
                let lhs = vals.pop().expect("an operand precedes an operator");
                vals.push(self.binary(op, lhs, rhs, self.span(at, at + len))?);
                continue;
            }
            let logic = if self.b[at..].starts_with(b"&&") {
                Some(BinaryOp::And)
            } else if self.b[at..].starts_with(b"||") {
                Some(BinaryOp::Or)
            } else {
                None
            };
            if let Some(op) = logic {
                self.reduce(&mut ops, &mut vals, Some(op))?;
                ops.push(Pending::Logic(op, at));
                self.pos += 2;
                state = State::Operand;
                continue;
            }
            if self.peek() == Some(b')') {
                self.reduce(&mut ops, &mut vals, None)?;
                if let Some(Pending::Paren(open)) = ops.pop() {
                    self.pos += 1;
                    self.leave();
                    let top = vals.last_mut().expect("a group holds an operand");
                    top.start = open;
                    top.end = self.pos;
                    if ops.is_empty() && outer.is_some() {
                        return Ok(vals.pop().expect("one operand"));
                    }
                    state = State::AfterOperand;
                    continue;
                }
                return Err(self.unexpected(at, "expected `&&`, `||` or the end of the condition"));
            }
            if outer.is_none() && at == self.b.len() {
                self.reduce(&mut ops, &mut vals, None)?;
                if let Some(Pending::Paren(open)) = ops.last() {
                    return Err(self.never_closed(*open));
                }
                return Ok(vals.pop().expect("one operand"));
            }
            if at == self.b.len() {
                let open = ops.iter().rev().find_map(|p| match p {
                    Pending::Paren(o) => Some(*o),
                    _ => None,
                });
                return Err(self.never_closed(open.unwrap_or(at)));
            }
            let expected = if ops.iter().any(|p| matches!(p, Pending::Paren(_))) {
                "expected `)`, `&&` or `||`"
            } else {
                "expected `&&`, `||` or the end of the condition"
            };
            return Err(self.unexpected(at, expected));
        }
    }

    /// `(` at `self.pos`: opens a group (an empty one is an error).
    fn open_group(&mut self, ops: &mut Ops) -> PResult<()> {
        let open = self.pos;
        self.enter(open)?;
        self.pos += 1;
        self.skip_ws();
        if self.peek() == Some(b')') {
            return Err(self.err(self.span(open, self.pos + 1), "empty condition `()`"));
        }
        ops.push(Pending::Paren(open));
        Ok(())
    }

    /// Applies the pending `!`, `&&` and `||` down to the innermost open `(`. Before a new
    /// `&&` (`until`), only what binds at least as tightly: `!` and `&&`, not `||`.
    fn reduce(&mut self, ops: &mut Ops, vals: &mut Vals, until: Option<BinaryOp>) -> PResult<()> {
        while let Some(top) = ops.last() {
            match *top {
                Pending::Paren(_) => break,
                Pending::Not(at) => {
                    ops.pop();
                    self.leave();
                    let v = vals.pop().expect("`!` has an operand");
                    vals.push(self.unary(UnaryOp::Not, v, at, self.span(at, at + 1))?);
                }
                Pending::Logic(op, at) => {
                    if until == Some(BinaryOp::And) && op == BinaryOp::Or {
                        break;
                    }
                    ops.pop();
                    let rhs = vals.pop().expect("right operand");
                    let lhs = vals.pop().expect("left operand");
                    vals.push(self.binary(op, lhs, rhs, self.span(at, at + 2))?);
                }
            }
        }
        Ok(())
    }

    /// A relational, `Contains` or `Any_of` operator at `at`, with its length.
    fn relop_at(&self, at: usize) -> Option<(BinaryOp, usize)> {
        let c = *self.b.get(at)?;
        let d = self.b.get(at + 1).copied();
        match (c, d) {
            (b'=', Some(b'=')) => Some((BinaryOp::Eq, 2)),
            (b'!', Some(b'=')) => Some((BinaryOp::Ne, 2)),
            (b'<', Some(b'=')) => Some((BinaryOp::Le, 2)),
            (b'>', Some(b'=')) => Some((BinaryOp::Ge, 2)),
            (b'<', _) => Some((BinaryOp::Lt, 1)),
            (b'>', _) => Some((BinaryOp::Gt, 1)),
            _ if is_word(c) => {
                let we = self.word_end(at);
                binary_keyword(&self.b[at..we]).map(|op| (op, we - at))
            }
            _ => None,
        }
    }

    /// Opening parentheses around an operand or value (Windows accepts `member_of((sid(x)))`):
    /// counted, not recursed into.
    fn open_parens(&mut self) -> PResult<SmallVec<[usize; 4]>> {
        let mut opens = SmallVec::new();
        self.skip_ws();
        while self.peek() == Some(b'(') {
            self.enter(self.pos)?;
            opens.push(self.pos);
            self.pos += 1;
            self.skip_ws();
        }
        Ok(opens)
    }

    fn close_parens(&mut self, opens: &[usize], expected: &str) -> PResult<()> {
        for &open in opens.iter().rev() {
            self.close_paren(open, expected)?;
            self.leave();
        }
        Ok(())
    }

    /// The operand of `Exists` / `Not_Exists`: an attribute, possibly in parentheses.
    fn attr_operand(&mut self) -> PResult<Operand> {
        self.skip_ws();
        let start = self.pos;
        let opens = self.open_parens()?;
        let id = match self.peek() {
            Some(b'@') => self.attribute()?,
            Some(c) if is_word(c) => self.local_attribute(),
            _ => return Err(self.unexpected(self.pos, "`Exists` takes an attribute")),
        };
        self.close_parens(&opens, "expected `)`")?;
        Ok(Operand {
            node: Node::leaf(id),
            start,
            end: self.pos,
        })
    }

    /// The right-hand side of an operator, or the operand of a member-of operator.
    fn value(&mut self, ctx: ValueCtx) -> PResult<Operand> {
        self.skip_ws();
        let start = self.pos;
        let opens = self.open_parens()?;
        let node = match self.peek() {
            Some(b'@') if ctx == ValueCtx::Rhs => Node::leaf(self.attribute()?),
            Some(b'@') => {
                return Err(self
                    .err(
                        self.token_span(self.pos),
                        "member-of operators take SIDs, not an attribute",
                    )
                    .with_help("write `SID(...)` or `{SID(...), SID(...)}`"))
            }
            Some(b'{') => self.composite()?,
            _ => Node::leaf(self.literal()?),
        };
        self.close_parens(&opens, "expected `)` after the value")?;
        Ok(Operand {
            node,
            start,
            end: self.pos,
        })
    }

    /// `{a, b, ...}`: literals only, no nesting.
    fn composite(&mut self) -> PResult<Node> {
        let open = self.pos;
        self.pos += 1;
        let mut items: SmallVec<[u32; 8]> = SmallVec::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
        } else {
            loop {
                self.skip_ws();
                match self.peek() {
                    Some(b'{') => {
                        return Err(
                            self.err(self.char_span(self.pos), "composites cannot be nested")
                        )
                    }
                    Some(b'@') => {
                        return Err(self.err(
                            self.token_span(self.pos),
                            "a composite holds literal values, not attributes",
                        ))
                    }
                    Some(b'}') if !items.is_empty() => {
                        return Err(self.err(self.char_span(self.pos), "expected a value after `,`"))
                    }
                    _ => {}
                }
                items.push(self.literal()?);
                self.skip_ws();
                match self.peek() {
                    Some(b',') => self.pos += 1,
                    Some(b'}') => {
                        self.pos += 1;
                        break;
                    }
                    None => return Err(self.err(self.char_span(open), "this `{` is never closed")),
                    Some(_) => return Err(self.unexpected(self.pos, "expected `,` or `}`")),
                }
            }
        }
        let height = if items.is_empty() { 1 } else { 2 };
        let span = self.span(open, self.pos);
        Ok(Node {
            id: self.tree.composite(&items, span),
            height,
        })
    }

    /// A number, `"string"`, `#octets` or `SID(...)`.
    fn literal(&mut self) -> PResult<u32> {
        self.skip_ws();
        let start = self.pos;
        let span = |p: &Self| p.span(start, p.pos);
        Ok(match self.peek() {
            Some(b'"') => {
                let s = self.string()?;
                self.tree.string(s, span(self))
            }
            Some(b'#') => {
                self.pos += 1;
                let digits = self.hex_digits()?;
                let sp = span(self);
                self.tree.octets_with(sp, |out| decode_hex(digits, out))
            }
            Some(b'+' | b'-' | b'0'..=b'9') => {
                let t = self.int_token()?;
                let i = self.int_literal(&t)?;
                self.tree.int(i, span(self))
            }
            Some(b's' | b'S')
                if self.b.len() >= start + 4
                    && self.b[start..start + 3].eq_ignore_ascii_case(b"SID")
                    && self.b[start + 3] == b'(' =>
            {
                let sid = self.sid_literal()?;
                self.tree.sid(sid, span(self))
            }
            Some(c) if is_word(c) => {
                let sp = self.token_span(start);
                return Err(self
                    .err(
                        sp,
                        format!(
                            "{} is not a value; a local attribute may only stand on the left of an operator",
                            self.found(start)
                        ),
                    )
                    .with_help(
                        "write `@User.name`, `@Device.name` or `@Resource.name`, or quote a string with `\"`",
                    ));
            }
            _ => {
                return Err(self.unexpected(
                    start,
                    "expected a value: a number, a `\"string\"`, `#` octets, `SID(...)` or `{...}`",
                ))
            }
        })
    }

    /// `"..."` at `self.pos`: no escapes; anything but `"` (and NUL) inside.
    fn string(&mut self) -> PResult<&'a str> {
        let open = self.pos;
        let body = open + 1;
        let Some(len) = self.b[body..].iter().position(|&c| c == b'"') else {
            return Err(self
                .err(self.char_span(open), "this string is never closed")
                .with_help("add the closing `\"`"));
        };
        let text = &self.src[body..body + len];
        if let Some(z) = text.bytes().position(|c| c == 0) {
            return Err(self.err(self.char_span(body + z), "a string cannot contain NUL"));
        }
        self.pos = body + len + 1;
        Ok(text)
    }

    /// The hex digits of an octet string (and `#`s), checked; [`decode_hex`] decodes them.
    fn hex_digits(&mut self) -> PResult<&'a [u8]> {
        let ds = self.pos;
        while self.pos < self.b.len()
            && (hex_val(self.b[self.pos]).is_some() || self.b[self.pos] == b'#')
        {
            self.pos += 1;
        }
        let digits = &self.b[ds..self.pos];
        if let Some(c) = self.peek() {
            if is_word(c) {
                return Err(self.err(
                    self.char_span(self.pos),
                    format!("{} is not a hex digit", self.found_char(self.pos)),
                ));
            }
        }
        Ok(digits)
    }

    fn found_char(&self, at: usize) -> String {
        let sp = self.char_span(at);
        format!("`{}`", self.src[sp.range()].escape_debug())
    }

    /// An integer: optional sign, then `0x` hex, `0` octal or decimal digits. The magnitude
    /// must fit in 64 bits.
    fn int_token(&mut self) -> PResult<IntToken> {
        let start = self.pos;
        let sign = match self.peek() {
            Some(b'+') => {
                self.pos += 1;
                IntSign::Plus
            }
            Some(b'-') => {
                self.pos += 1;
                IntSign::Minus
            }
            _ => IntSign::None,
        };
        let b = self.b;
        let p = self.pos;
        let (base, digits_start) = match (b.get(p), b.get(p + 1)) {
            (Some(b'0'), Some(b'x' | b'X')) => (IntBase::Hex, p + 2),
            (Some(b'0'), Some(b'0'..=b'9')) => (IntBase::Octal, p + 1),
            (Some(b'0'..=b'9'), _) => (IntBase::Decimal, p),
            _ => {
                return Err(self.unexpected(p, "expected digits"));
            }
        };
        let radix: u64 = match base {
            IntBase::Hex => 16,
            IntBase::Octal => 8,
            IntBase::Decimal => 10,
        };
        let mut i = digits_start;
        let mut value: u64 = 0;
        let mut overflow = false;
        while i < b.len() {
            let d = match hex_val(b[i]) {
                Some(d) if (d as u64) < radix => d as u64,
                Some(d) if base == IntBase::Octal && d < 10 => {
                    return Err(self.err(
                        self.char_span(i),
                        format!("`{}` is not an octal digit", b[i] as char),
                    )
                    .with_help("a number that starts with `0` is octal; write it without the leading `0` for decimal"));
                }
                _ => break,
            };
            match value.checked_mul(radix).and_then(|v| v.checked_add(d)) {
                Some(v) => value = v,
                None => overflow = true,
            }
            i += 1;
        }
        if i == digits_start {
            return Err(self.err(self.span(start, i), "expected hex digits after `0x`"));
        }
        if i < b.len() && (is_word(b[i]) || b[i] == b'@') {
            let we = self.word_end(i).max(i + 1);
            let sp = self.span(start, we);
            return Err(self.err(
                sp,
                format!("`{}` is not a number", self.src[sp.range()].escape_debug()),
            ));
        }
        self.pos = i;
        if overflow {
            return Err(self.err(self.span(start, i), "this number does not fit in 64 bits"));
        }
        Ok(IntToken {
            magnitude: value,
            sign,
            base,
            start,
        })
    }

    /// A conditional-expression integer: 64-bit two's complement, so `0xffffffffffffffff`
    /// is accepted (as -1), and a negative number may go down to -2^63.
    fn int_literal(&self, t: &IntToken) -> PResult<IntLiteral> {
        let value = if t.sign == IntSign::Minus {
            if t.magnitude > 1 << 63 {
                return Err(self.err(
                    self.span(t.start, self.pos),
                    "this number is below the 64-bit minimum, -9223372036854775808",
                ));
            }
            (t.magnitude as i64).wrapping_neg()
        } else {
            t.magnitude as i64
        };
        Ok(IntLiteral {
            value,
            sign: t.sign,
            base: t.base,
            token: 0x04,
        })
    }

    /// `SID(...)` at `self.pos` (the `SID(` already recognised, in any case).
    fn sid_literal(&mut self) -> PResult<crate::sid::SidRef> {
        let start = self.pos;
        let body = start + 4;
        let Some(len) = self.b[body..].iter().position(|&c| c == b')') else {
            return Err(self
                .err(self.span(start, body), "this `SID(` is never closed")
                .with_help("add the missing `)`"));
        };
        let close = body + len;
        let (s, e) = self.trim(body, close);
        let sid = parse_sid_str(self.src, s..e, self.opts)?;
        self.pos = close + 1;
        Ok(sid)
    }

    fn trim(&self, mut s: usize, mut e: usize) -> (usize, usize) {
        while s < e && is_ws(self.b[s]) {
            s += 1;
        }
        while e > s && is_ws(self.b[e - 1]) {
            e -= 1;
        }
        (s, e)
    }

    /// `@User.name`, `@Device.name`, `@Resource.name` (class in any case).
    fn attribute(&mut self) -> PResult<u32> {
        let start = self.pos;
        let rest = &self.b[start + 1..];
        let classes: [(&[u8], AttrScope); 3] = [
            (b"user.", AttrScope::User),
            (b"device.", AttrScope::Device),
            (b"resource.", AttrScope::Resource),
        ];
        let Some(&(prefix, scope)) = classes
            .iter()
            .find(|(p, _)| rest.len() >= p.len() && rest[..p.len()].eq_ignore_ascii_case(p))
        else {
            let we = self.word_end(start + 1).max(start + 1);
            let sp = self.span(start, we);
            return Err(self
                .err(
                    sp,
                    format!(
                        "unknown attribute class `{}`",
                        self.src[sp.range()].escape_debug()
                    ),
                )
                .with_help("write `@User.`, `@Device.` or `@Resource.` before the name"));
        };
        let ns = start + 1 + prefix.len();
        let mut ne = ns;
        while ne < self.b.len() && !ends_name(self.b[ne]) {
            ne += 1;
        }
        if ne == ns {
            return Err(self.err(self.span(start, ns), "this attribute has no name"));
        }
        let span = self.span(start, ne);
        let src = self.src;
        let id = if needs_decoding(&src[ns..ne]) {
            let name = self.decode_name(ns, ne)?;
            self.tree.attribute(scope, &name, span)
        } else {
            self.tree.attribute(scope, &src[ns..ne], span)
        };
        self.pos = ne;
        Ok(id)
    }

    /// A bare attribute name (`Title`, `WIN://SYSAPPID`): ASCII letters, digits, `:./_`, and
    /// `@` after the first character.
    fn local_attribute(&mut self) -> u32 {
        let start = self.pos;
        let end = self.word_end(start);
        self.pos = end;
        let span = self.span(start, end);
        let src = self.src;
        self.tree
            .attribute(AttrScope::Local, &src[start..end], span)
    }

    /// Decodes an attribute or claim name in `src[s..e]`: `%xxxx` is one UTF-16 code unit
    /// (a surrogate pair takes two escapes); characters that must be literal cannot be
    /// escaped.
    fn decode_name(&self, s: usize, e: usize) -> PResult<String> {
        let text = &self.src[s..e];
        if !needs_decoding(text) {
            return Ok(text.to_owned());
        }
        let mut out = String::with_capacity(text.len());
        let mut i = s;
        while i < e {
            let run = self.b[i..e]
                .iter()
                .position(|&c| c == b'%' || c == 0)
                .map_or(e, |n| i + n);
            out.push_str(&self.src[i..run]);
            i = run;
            if i == e {
                break;
            }
            if self.b[i] == 0 {
                return Err(self.err(self.char_span(i), "a name cannot contain NUL"));
            }
            let unit = self.escape_at(i, e)?;
            let esc = self.span(i, i + 5);
            i += 5;
            let ch = match unit {
                0xd800..=0xdbff => {
                    let low = if self.b.get(i) == Some(&b'%') && i < e {
                        Some(self.escape_at(i, e)?)
                    } else {
                        None
                    };
                    match low {
                        Some(lo @ 0xdc00..=0xdfff) => {
                            i += 5;
                            let cp =
                                0x10000 + ((unit as u32 - 0xd800) << 10) + (lo as u32 - 0xdc00);
                            char::from_u32(cp)
                        }
                        _ => None,
                    }
                }
                0xdc00..=0xdfff => None,
                _ => char::from_u32(unit as u32),
            };
            let Some(ch) = ch else {
                return Err(self
                    .err(esc, "an unpaired UTF-16 surrogate cannot be part of a name")
                    .with_help(
                        "a character above U+FFFF is written as two escapes, such as `%d83d%de00`",
                    ));
            };
            if unit == 0 {
                return Err(self.err(esc, "a name cannot contain NUL (`%0000`)"));
            }
            if must_be_literal(unit) {
                return Err(self.err(
                    esc,
                    format!("`{}` must be written as itself, not escaped", ch),
                ));
            }
            out.push(ch);
        }
        Ok(out)
    }

    /// The code unit of the `%xxxx` escape at `at` (within a name ending at `e`).
    fn escape_at(&self, at: usize, e: usize) -> PResult<u16> {
        let mut v: u16 = 0;
        let mut j = at + 1;
        while j < at + 5 {
            match self.b.get(j).filter(|_| j < e).and_then(|&c| hex_val(c)) {
                Some(d) => v = v << 4 | d as u16,
                None => {
                    let end = if j < e {
                        self.char_span(j).end as usize
                    } else {
                        j
                    };
                    return Err(self
                        .err(
                            self.span(at, end),
                            "`%` must be followed by four hex digits",
                        )
                        .with_help("`%xxxx` is one UTF-16 code unit; `%` itself is `%0025`"));
                }
            }
            j += 1;
        }
        Ok(v)
    }

    // ----- resource attributes -----------------------------------------------------------

    fn resource_attribute(&mut self) -> PResult<ResourceAttribute> {
        let open = self.pos;
        self.pos += 1;
        self.skip_ws();
        // The name: "..." with %xxxx escapes.
        let q = self.pos;
        if self.peek() != Some(b'"') {
            return Err(self.unexpected(q, "expected `\"` to start the claim name"));
        }
        let ns = q + 1;
        let mut ne = ns;
        while ne < self.b.len() && !ends_name(self.b[ne]) {
            ne += 1;
        }
        match self.b.get(ne) {
            Some(b'"') => {}
            None => {
                return Err(self
                    .err(self.char_span(q), "this name is never closed")
                    .with_help("add the closing `\"`"))
            }
            Some(_) => {
                let sp = self.char_span(ne);
                let c = &self.src[sp.range()];
                let unit = c.chars().next().map_or(0, |c| c as u32);
                return Err(self.err(
                    sp,
                    format!(
                        "`{}` must be escaped as `%{unit:04x}` in a claim name",
                        c.escape_debug()
                    ),
                ));
            }
        }
        if ne == ns {
            return Err(self.err(self.span(q, ne + 1), "the claim name is empty"));
        }
        let name = self.decode_name(ns, ne)?;
        self.pos = ne + 1;
        self.comma("expected `,` after the claim name")?;
        // The type.
        let ts = self.pos;
        let te = self.word_end(ts);
        let Some(value_type) = claim_type(&self.b[ts..te]) else {
            return Err(self
                .unexpected(ts, "expected a claim type")
                .with_help("the types are `TI` (int64), `TU` (uint64), `TS` (string), `TD` (SID), `TX` (octets) and `TB` (boolean)"));
        };
        self.pos = te;
        self.comma("expected `,` after the claim type")?;
        // The flags.
        let fs = self.pos;
        if !matches!(self.peek(), Some(b'+' | b'-' | b'0'..=b'9')) {
            return Err(self.unexpected(fs, "expected the claim flags (a number)"));
        }
        let t = self.int_token()?;
        let fspan = self.span(fs, self.pos);
        if (t.sign == IntSign::Minus && t.magnitude != 0) || t.magnitude > u32::MAX as u64 {
            return Err(self.err(fspan, "claim flags must be a 32-bit unsigned number"));
        }
        let flags = t.magnitude as u32;
        if flags & 0xff00 != 0 {
            return Err(self
                .err(fspan, format!("claim flags {flags:#x} use the reserved bits 0xff00"))
                .with_help("the defined flags are 0x1 to 0x20; the upper 16 bits are free for applications"));
        }
        // The values.
        let mut values = Vec::new();
        loop {
            self.skip_ws();
            match self.peek() {
                Some(b')') if values.is_empty() => {
                    return Err(self.err(
                        self.char_span(self.pos),
                        "a claim needs at least one value after its flags",
                    ))
                }
                Some(b')') => {
                    self.pos += 1;
                    break;
                }
                Some(b',') => {
                    self.pos += 1;
                    self.skip_ws();
                    values.push(self.claim_value(value_type)?);
                }
                None => {
                    return Err(self
                        .err(self.char_span(open), "this `(` is never closed")
                        .with_help("add the missing `)`"))
                }
                Some(_) => return Err(self.unexpected(self.pos, "expected `,` or `)`")),
            }
        }
        Ok(ResourceAttribute {
            name,
            value_type,
            flags,
            values,
            span: self.span(open, self.pos),
        })
    }

    fn comma(&mut self, expected: &str) -> PResult<()> {
        self.skip_ws();
        if self.peek() != Some(b',') {
            return Err(self.unexpected(self.pos, expected));
        }
        self.pos += 1;
        self.skip_ws();
        Ok(())
    }

    fn claim_value(&mut self, ty: ClaimType) -> PResult<ClaimValue> {
        let start = self.pos;
        let is_num = matches!(self.peek(), Some(b'+' | b'-' | b'0'..=b'9'));
        let ty_name = ty.sddl();
        match ty {
            ClaimType::Int64 | ClaimType::Uint64 | ClaimType::Boolean => {
                if !is_num {
                    return Err(self.unexpected(start, &format!("expected a `{ty_name}` number")));
                }
                let t = self.int_token()?;
                let sp = self.span(start, self.pos);
                let neg = t.sign == IntSign::Minus && t.magnitude != 0;
                match ty {
                    ClaimType::Int64 => {
                        let v = if t.sign == IntSign::Minus {
                            if t.magnitude > 1 << 63 {
                                None
                            } else {
                                Some((t.magnitude as i64).wrapping_neg())
                            }
                        } else {
                            i64::try_from(t.magnitude).ok()
                        };
                        v.map(ClaimValue::Int64).ok_or_else(|| {
                            self.err(sp, "`TI` values must fit in a signed 64-bit integer")
                        })
                    }
                    ClaimType::Uint64 if neg => Err(self.err(sp, "`TU` values cannot be negative")),
                    ClaimType::Uint64 => Ok(ClaimValue::Uint64(t.magnitude)),
                    _ if neg || t.magnitude > 1 => Err(self.err(sp, "`TB` values must be 0 or 1")),
                    _ => Ok(ClaimValue::Boolean(t.magnitude)),
                }
            }
            ClaimType::String => {
                if self.peek() != Some(b'"') {
                    return Err(self.unexpected(start, "expected a `\"string\"`"));
                }
                self.string().map(|s| ClaimValue::String(s.to_owned()))
            }
            ClaimType::Sid => {
                let mut e = start;
                while e < self.b.len() && !matches!(self.b[e], b',' | b')') {
                    e += 1;
                }
                let (s, e2) = self.trim(start, e);
                if s == e2 {
                    return Err(self.unexpected(start, "expected a SID"));
                }
                let sid = parse_sid_str(self.src, s..e2, self.opts)?;
                self.pos = e2;
                Ok(ClaimValue::Sid(sid))
            }
            ClaimType::OctetString => {
                let c = self.peek();
                if !c.is_some_and(|c| hex_val(c).is_some() || c == b'#') {
                    return Err(self.unexpected(start, "expected hex digits"));
                }
                self.hex_digits().map(|d| {
                    let mut out = Vec::new();
                    decode_hex(d, &mut out);
                    ClaimValue::Octets(out)
                })
            }
        }
    }
}

#[cfg(test)]
mod class_table_tests {
    use super::{ends_name, is_word, is_ws};

    /// The table against the grammar's definitions, written out as comparisons.
    #[test]
    fn class_table_matches_the_grammar() {
        for c in 0..=255u8 {
            let ws = c == b' ' || (0x09..=0x0d).contains(&c);
            assert_eq!(is_ws(c), ws, "{c:#x}");
            assert_eq!(
                is_word(c),
                c.is_ascii_alphanumeric() || matches!(c, b':' | b'.' | b'/' | b'_'),
                "{c:#x}"
            );
            assert_eq!(
                ends_name(c),
                ws || matches!(
                    c,
                    b'!' | b'&' | b'(' | b')' | b'<' | b'=' | b'>' | b'|' | b'"'
                ),
                "{c:#x}"
            );
        }
    }
}
