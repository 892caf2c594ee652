//! Conditional-ACE application data (MS-DTYP 2.4.4.17): the `artx` magic, then the expression
//! as tokens in reverse Polish order, zero-padded to a multiple of 4.
//!
//! Both directions are iterative: a hostile stream of 60,000 `!` tokens, or a hand-built tree
//! a million levels deep, costs heap, not stack.

use super::bytes::{self, align4, u32_at, u64_at, utf16_len, zeroed, Writer};
use super::decode::sid_exact;
use super::{
    put_sid_ref, sid_ref_len, DataError, DecodeError, EncodeError, EncodeOptions, Location,
};
use crate::cond::{
    AttrScope, BinaryOp, Builder, Condition, IntBase, IntLiteral, IntSign, Node, NodeKind, UnaryOp,
};
use crate::limits::{MAX_ACL_SIZE, MAX_CONDITION_DEPTH};
use crate::sid::{Sid, SidRef};
use crate::span::Span;

/// The magic that starts conditional application data.
pub(super) const MAGIC: &[u8; 4] = b"artx";

const TOKEN_STRING: u8 = 0x10;
const TOKEN_OCTETS: u8 = 0x18;
const TOKEN_COMPOSITE: u8 = 0x50;
const TOKEN_SID: u8 = 0x51;

/// The longest application data [`decode_condition`] takes: see there.
const MAX_DATA: usize = (u32::MAX / 2) as usize;

fn sign_byte(s: IntSign) -> u8 {
    match s {
        IntSign::Plus => 1,
        IntSign::Minus => 2,
        IntSign::None => 3,
    }
}

fn base_byte(b: IntBase) -> u8 {
    match b {
        IntBase::Octal => 1,
        IntBase::Decimal => 2,
        IntBase::Hex => 3,
    }
}

fn invalid(offset: usize, reason: impl Into<String>) -> DecodeError {
    DecodeError::InvalidCondition {
        offset,
        reason: reason.into(),
    }
}

/// An open composite: where its bytes end, where its members start in the shared item stack,
/// and its members' greatest depth. The members live in one stack shared by all open frames
/// (a frame's are above its parent's), so nesting composites allocates nothing per frame.
struct Frame {
    end: usize,
    first: usize,
    depth: usize,
}

/// Decodes conditional application data (starting with `artx`; trailing zero bytes are
/// padding). Offsets in errors are relative to the start of `app`.
///
/// Every token must be well formed and inside its composite, operators must find their operands,
/// exactly one value must remain at the end, and the tree may be at most
/// [`MAX_CONDITION_DEPTH`] levels deep (a leaf is one level). The data may be at most 2 GiB.
pub fn decode_condition(app: &[u8]) -> Result<Condition, DecodeError> {
    if app.len() < 4 || &app[..4] != MAGIC {
        return Err(invalid(0, "the data does not start with `artx`"));
    }
    // The condition indexes its nodes and buffers with `u32`. Each token is at least a byte, and
    // UTF-16 becomes at most 1.5 times as many bytes of UTF-8, so below 2 GiB nothing can
    // overflow. Above that, a wrapped index would break a slice later. (In an ACE, where
    // conditions usually come from, the data is under 64 KiB anyway.)
    if app.len() > MAX_DATA {
        return Err(invalid(MAX_DATA, "the data is longer than 2 GiB"));
    }
    let len = app.len();
    // The tokens are in reverse Polish order, children before parents: exactly the order the
    // builder wants, so each node goes straight into the flat condition as it is read.
    let mut builder = Builder::default();
    // Operands waiting for their operator: (node index, depth of its subtree).
    let mut stack: Vec<(u32, usize)> = Vec::new();
    // Members of the open composites, innermost last; see `Frame`.
    let mut items: Vec<u32> = Vec::new();
    let mut frames: Vec<Frame> = Vec::new();
    let mut p = 4;
    loop {
        // Close every composite that ends here.
        while frames.last().is_some_and(|f| f.end == p) {
            let Some(f) = frames.pop() else { break };
            let depth = f.depth + 1;
            if depth > MAX_CONDITION_DEPTH {
                return Err(invalid(p, "the expression is nested too deeply"));
            }
            let id = builder.composite(&items[f.first..], Span::DETACHED);
            items.truncate(f.first);
            match frames.last_mut() {
                Some(parent) => {
                    parent.depth = parent.depth.max(depth);
                    items.push(id);
                }
                None => stack.push((id, depth)),
            }
        }
        if p >= len {
            break;
        }
        let bound = frames.last().map_or(len, |f| f.end);
        let t = app[p];
        let in_composite = !frames.is_empty();
        match t {
            0x00 if !in_composite => {
                if let Some(i) = app[p..].iter().position(|&b| b != 0) {
                    return Err(invalid(p + i, "non-zero byte after the padding"));
                }
                break;
            }
            0x01..=0x04 => {
                if p + 11 > bound {
                    return Err(invalid(p, "integer token runs past its end"));
                }
                let value = u64_at(app, p + 1) as i64;
                let sign = match app[p + 9] {
                    1 => IntSign::Plus,
                    2 => IntSign::Minus,
                    3 => IntSign::None,
                    s => return Err(invalid(p + 9, format!("unknown integer sign {s}"))),
                };
                let base = match app[p + 10] {
                    1 => IntBase::Octal,
                    2 => IntBase::Decimal,
                    3 => IntBase::Hex,
                    b => return Err(invalid(p + 10, format!("unknown integer base {b}"))),
                };
                let id = builder.int(
                    IntLiteral {
                        value,
                        sign,
                        base,
                        token: t,
                    },
                    Span::DETACHED,
                );
                push_value(&mut stack, &mut items, &mut frames, id);
                p += 11;
            }
            TOKEN_STRING | TOKEN_OCTETS | TOKEN_SID | TOKEN_COMPOSITE | 0xf8..=0xfb => {
                if p + 5 > bound {
                    return Err(invalid(p, "token length runs past its end"));
                }
                let n = u32_at(app, p + 1) as usize;
                let start = p + 5;
                if n > bound - start {
                    return Err(invalid(
                        p + 1,
                        format!("token length {n} runs past its end"),
                    ));
                }
                let body = &app[start..start + n];
                let id = match t {
                    TOKEN_COMPOSITE => {
                        if frames.len() >= MAX_CONDITION_DEPTH {
                            return Err(invalid(p, "the expression is nested too deeply"));
                        }
                        frames.push(Frame {
                            end: start + n,
                            first: items.len(),
                            depth: 0,
                        });
                        p = start;
                        continue;
                    }
                    // Decoded straight into the condition's text buffer. On an error the
                    // builder holds a partial string, but it is dropped with the error.
                    TOKEN_STRING => {
                        builder.string_with(Span::DETACHED, |out| push_utf16(out, body, p + 1))?
                    }
                    TOKEN_OCTETS => builder.octets(body, Span::DETACHED),
                    TOKEN_SID => match sid_exact(body) {
                        Some(s) => builder.sid(SidRef::Sid(s), Span::DETACHED),
                        None => return Err(invalid(start, "malformed sid token")),
                    },
                    _ => {
                        if in_composite {
                            return Err(invalid(p, "attribute inside a composite"));
                        }
                        let scope = match t {
                            0xf8 => AttrScope::Local,
                            0xf9 => AttrScope::User,
                            0xfa => AttrScope::Resource,
                            _ => AttrScope::Device,
                        };
                        builder.attribute_with(scope, Span::DETACHED, |out| {
                            push_utf16(out, body, p + 1)
                        })?
                    }
                };
                push_value(&mut stack, &mut items, &mut frames, id);
                p = start + n;
            }
            _ => {
                if in_composite {
                    return Err(invalid(p, format!("token {t:#04x} inside a composite")));
                }
                if let Some(op) = UnaryOp::from_token(t) {
                    let Some((operand, d)) = stack.pop() else {
                        return Err(invalid(p, "operator without an operand"));
                    };
                    let depth = d + 1;
                    if depth > MAX_CONDITION_DEPTH {
                        return Err(invalid(p, "the expression is nested too deeply"));
                    }
                    stack.push((builder.unary(op, operand, Span::DETACHED), depth));
                } else if let Some(op) = BinaryOp::from_token(t) {
                    let (Some((rhs, dr)), Some((lhs, dl))) = (stack.pop(), stack.pop()) else {
                        return Err(invalid(p, "operator without two operands"));
                    };
                    let depth = dl.max(dr) + 1;
                    if depth > MAX_CONDITION_DEPTH {
                        return Err(invalid(p, "the expression is nested too deeply"));
                    }
                    stack.push((builder.binary(op, lhs, rhs, Span::DETACHED), depth));
                } else {
                    return Err(invalid(p, format!("unknown token {t:#04x}")));
                }
                p += 1;
            }
        }
    }
    if !frames.is_empty() {
        return Err(invalid(len, "composite runs past the end"));
    }
    if stack.len() > 1 {
        let n = stack.len();
        return Err(invalid(
            len,
            format!("{n} values are left without an operator"),
        ));
    }
    match stack.pop() {
        Some((root, _)) => Ok(builder.finish(root, Span::DETACHED)),
        None => Err(invalid(4, "the expression is empty")),
    }
}

/// A leaf goes into the innermost open composite, or onto the operand stack.
fn push_value(stack: &mut Vec<(u32, usize)>, items: &mut Vec<u32>, frames: &mut [Frame], id: u32) {
    match frames.last_mut() {
        Some(f) => {
            f.depth = f.depth.max(1);
            items.push(id);
        }
        None => stack.push((id, 1)),
    }
}

/// Appends the UTF-16LE `body` to `out` (a string of the condition being built, so no temporary
/// `String`). `len_at` is the offset of the token's length field: an odd length is reported
/// there, an unpaired surrogate at the start of the string (`len_at + 4`).
fn push_utf16(out: &mut String, body: &[u8], len_at: usize) -> Result<(), DecodeError> {
    if body.len() % 2 != 0 {
        return Err(invalid(len_at, "odd byte length for a utf-16 string"));
    }
    bytes::push_utf16(out, body).ok_or_else(|| invalid(len_at + 4, "unpaired utf-16 surrogate"))
}

/// The unpadded length of the encoded expression (`artx` included), after checking that the
/// binary form can carry it: integer tokens 1 to 4, only literals in composites, depth within
/// [`MAX_CONDITION_DEPTH`], SIDs resolvable.
pub(super) fn condition_len(c: &Condition, domain: Option<&Sid>) -> Result<usize, DataError> {
    let mut total = MAGIC.len();
    // (node, depth of the node, inside a composite)
    let mut stack: Vec<(Node<'_>, usize, bool)> = vec![(c.root(), 1, false)];
    while let Some((e, depth, in_composite)) = stack.pop() {
        if depth > MAX_CONDITION_DEPTH {
            return Err(DataError::Invalid(format!(
                "the expression is nested deeper than {MAX_CONDITION_DEPTH} levels"
            )));
        }
        total += match e.kind() {
            NodeKind::Binary { lhs, rhs, .. } => {
                if in_composite {
                    return Err(DataError::Invalid("an operator inside a composite".into()));
                }
                stack.push((rhs, depth + 1, false));
                stack.push((lhs, depth + 1, false));
                1
            }
            NodeKind::Unary { operand, .. } => {
                if in_composite {
                    return Err(DataError::Invalid("an operator inside a composite".into()));
                }
                stack.push((operand, depth + 1, false));
                1
            }
            NodeKind::Attribute { name, .. } => {
                if in_composite {
                    return Err(DataError::Invalid("an attribute inside a composite".into()));
                }
                5 + 2 * utf16_len(name)
            }
            NodeKind::Int(i) => {
                if !(1..=4).contains(&i.token) {
                    return Err(DataError::Invalid(format!(
                        "integer token {:#04x} is not 0x01 to 0x04",
                        i.token
                    )));
                }
                11
            }
            NodeKind::String(s) => 5 + 2 * utf16_len(s),
            NodeKind::Octets(o) => 5 + o.len(),
            NodeKind::Sid(s) => 5 + sid_ref_len(s, domain)?,
            NodeKind::Composite(items) => {
                stack.extend(items.rev().map(|i| (i, depth + 1, true)));
                5
            }
        };
        if total > MAX_ACL_SIZE {
            return Err(DataError::Invalid(format!(
                "the expression needs more than {MAX_ACL_SIZE} bytes"
            )));
        }
    }
    Ok(total)
}

enum Step<'a> {
    Enter(Node<'a>),
    Op(u8),
    /// Patch the length of the composite whose length field is at this offset of `out`.
    CloseComposite(usize),
}

/// Writes the encoded expression (unpadded). Call [`condition_len`] first: it does the checks.
pub(super) fn write_condition(
    w: &mut Writer<'_>,
    c: &Condition,
    domain: Option<&Sid>,
) -> Result<(), DataError> {
    w.put(*MAGIC);
    let mut steps = vec![Step::Enter(c.root())];
    while let Some(step) = steps.pop() {
        let e = match step {
            Step::Op(t) => {
                w.put([t]);
                continue;
            }
            Step::CloseComposite(at) => {
                let n = (w.pos() - at - 4) as u32;
                w.patch_u32(at, n);
                continue;
            }
            Step::Enter(e) => e,
        };
        match e.kind() {
            NodeKind::Binary { op, lhs, rhs } => {
                steps.push(Step::Op(op.token()));
                steps.push(Step::Enter(rhs));
                steps.push(Step::Enter(lhs));
            }
            NodeKind::Unary { op, operand } => {
                steps.push(Step::Op(op.token()));
                steps.push(Step::Enter(operand));
            }
            NodeKind::Attribute { scope, name } => {
                w.put([scope.token()]);
                put_len_utf16(w, name);
            }
            NodeKind::Int(i) => {
                w.put([i.token]);
                w.put(i.value.to_le_bytes());
                w.put([sign_byte(i.sign), base_byte(i.base)]);
            }
            NodeKind::String(s) => {
                w.put([TOKEN_STRING]);
                put_len_utf16(w, s);
            }
            NodeKind::Octets(o) => {
                w.put([TOKEN_OCTETS]);
                w.put_u32(o.len() as u32);
                w.put_slice(o);
            }
            NodeKind::Sid(s) => {
                w.put([TOKEN_SID]);
                w.put_u32(sid_ref_len(s, domain)? as u32);
                put_sid_ref(w, s, domain)?;
            }
            NodeKind::Composite(items) => {
                w.put([TOKEN_COMPOSITE]);
                let at = w.pos();
                w.put([0; 4]);
                steps.push(Step::CloseComposite(at));
                steps.extend(items.rev().map(Step::Enter));
            }
        }
    }
    Ok(())
}

fn put_len_utf16(w: &mut Writer<'_>, s: &str) {
    w.put_u32((2 * utf16_len(s)) as u32);
    w.put_utf16(s);
}

/// Encodes a condition as callback-ACE application data: `artx`, the tokens, zero padding to a
/// multiple of 4. The bytes are those [`super::encode`] puts after the ACE's SID.
pub fn encode_condition(c: &Condition, opts: &EncodeOptions) -> Result<Vec<u8>, EncodeError> {
    let domain = opts.domain_sid.as_ref();
    let n = condition_len(c, domain).map_err(|e| e.at(Location::Standalone))?;
    let mut out = zeroed(align4(n));
    write_condition(&mut Writer::new(&mut out), c, domain)
        .map_err(|e| e.at(Location::Standalone))?;
    Ok(out)
}
