//! The access-check engine: what a token may do with an object, and why.
//!
//! [`check()`] emulates Windows' `AccessCheck` (MS-DTYP 2.5.3.2 and the behaviour Windows shows
//! beyond it) on any platform, and returns the granted mask, the verdict and a trace of which
//! ACE, privilege or policy decided each requested bit. [`presets`] builds the tokens Windows
//! gives well-known identities; [`suggest()`] proposes the least-privilege ACE that would fix a
//! denial. `docs/access-check.md` lists the rules, their sources and the known gaps.
//!
//! ```
//! use sddl_core::access::{check, presets::preset, AccessRequest};
//! use sddl_core::objects::ObjectKind;
//! use sddl_core::rights::{GENERIC_READ, GENERIC_WRITE};
//!
//! // The default DACL Windows documents for a named pipe.
//! let sd = sddl_core::parse(
//!     "D:(A;;GA;;;SY)(A;;GA;;;BA)(A;;GA;;;CO)(A;;GR;;;WD)(A;;GR;;;AN)",
//!     &Default::default(),
//! ).sd;
//! let ns = preset("NS").unwrap();
//! let r = check(&sd, &ns, &AccessRequest::new(ObjectKind::NamedPipe, GENERIC_READ | GENERIC_WRITE));
//! assert!(!r.allowed());
//! assert_eq!(r.granted, 0x0012_0089); // FILE_GENERIC_READ, from (A;;GR;;;WD)
//! ```

pub mod check;
pub mod conditions;
pub mod effective;
pub mod presets;
pub mod suggest;
pub mod token;

pub use check::{
    check, AccessRequest, AccessResult, AceOutcome, AceTrace, BitSource, BitTrace, DaclState,
    ObjectTypeEntry, Pass, SkipReason, Status,
};
pub use conditions::{evaluate, EvalContext, Tri};
pub use effective::{maximum_allowed, Effective};
pub use suggest::{suggest, SuggestOptions, SuggestOutcome, SuggestWarning, Suggestion};
pub use token::{
    Claim, GroupAttributes, IntegrityLevel, MandatoryPolicy, Privilege, Token, TokenGroup,
    TokenSpec,
};

#[cfg(test)]
mod tests;
