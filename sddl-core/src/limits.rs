//! Limits on input, documented in `docs/limits.md`. Each one, when exceeded, is an error with
//! [`crate::ErrorCode::LimitExceeded`] and a span, never a crash or a hang.

/// Longest SDDL text accepted: 1 MiB. Windows' own limit is the 64 KiB size of each binary ACL;
/// text can be longer than its binary form (whitespace, aliases), so the text limit is looser.
pub const MAX_INPUT_LEN: usize = 1 << 20;

/// Largest binary ACL (the `AclSize` field is 16 bits).
pub const MAX_ACL_SIZE: usize = u16::MAX as usize;

/// Most ACEs in one ACL: every ACE takes at least 16 bytes in binary (header, mask, a SID with no
/// sub-authority), so a 64 KiB ACL holds at most 4,095.
pub const MAX_ACES: usize = (MAX_ACL_SIZE - 8) / 16;

/// Highest expression tree of a condition (a leaf is one level), from text or binary.
pub const MAX_CONDITION_DEPTH: usize = 256;

/// Deepest nesting of parentheses and `!` in a condition's text. Twice [`MAX_CONDITION_DEPTH`]:
/// Windows' printed layout puts every operator in parentheses and the operand of `&&`, `||` and
/// `!` in parentheses of its own, so a tree of the greatest height prints up to
/// 2 × 256 − 1 levels deep, and what prints must parse again.
pub const MAX_CONDITION_NESTING: usize = 2 * MAX_CONDITION_DEPTH;
