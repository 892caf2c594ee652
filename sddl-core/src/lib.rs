//! `sddl-core`: the Windows security-descriptor model, a Windows-faithful SDDL grammar with a
//! byte span on every node, and the canonical formatter.
//!
//! No I/O, no printing, no command-line concerns (see `ARCHITECTURE.md`). The parser never
//! panics, whatever the input, and reports every error it can find.
//!
//! ```
//! let parsed = sddl_core::parse("D:(A;;GA;;;WD)", &sddl_core::ParseOptions::default());
//! assert!(parsed.errors.is_empty());
//! assert_eq!(sddl_core::to_sddl(&parsed.sd, &Default::default()), "D:(A;;GA;;;WD)");
//! ```

pub mod access;
pub mod binary;
pub mod cond;
pub mod diff;
pub mod error;
pub mod format;
mod hex;
pub mod limits;
pub mod model;
pub mod objects;
mod out;
pub mod parse;
pub mod rights;
pub mod sid;
pub mod span;
pub mod versions;

pub use binary::{
    decode as from_binary, encode as to_binary, DecodeError, EncodeError, EncodeOptions,
};
pub use error::{ErrorCode, ParseError, Report};
pub use format::{to_sddl, FormatOptions};
pub use model::{Ace, AceData, AceSpans, AceType, Acl, AclFlags, Guid, Owner, SecurityDescriptor};
pub use parse::{canonicalize, parse, parse_strict, ParseOptions, Parsed};
pub use sid::{Sid, SidRef};
pub use span::Span;
