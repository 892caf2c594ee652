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

/// Deepest nesting of a conditional expression (parentheses, operators).
pub const MAX_CONDITION_DEPTH: usize = 256;
