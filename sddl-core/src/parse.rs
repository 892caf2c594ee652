//! The SDDL grammar (stub; being written).

use crate::error::ParseError;
use crate::model::SecurityDescriptor;
use crate::sid::Sid;

/// Options for parsing.
#[derive(Clone, Debug, Default)]
pub struct ParseOptions {
    /// The domain SID that domain-relative aliases (`DA`, `DU`, `LA`, ...) resolve against.
    /// `None`: such aliases stay symbolic ([`crate::SidRef::Unresolved`]).
    pub domain_sid: Option<Sid>,
}

/// The result of parsing: the descriptor with every part that parsed, and every error found.
#[derive(Clone, Debug)]
pub struct Parsed {
    pub sd: SecurityDescriptor,
    pub errors: Vec<ParseError>,
}

pub fn parse(input: &str, opts: &ParseOptions) -> Parsed {
    let _ = (input, opts);
    Parsed {
        sd: SecurityDescriptor::default(),
        errors: vec![],
    }
}

/// Parses and returns the descriptor only when there was no error.
pub fn parse_strict(input: &str, opts: &ParseOptions) -> Result<SecurityDescriptor, Vec<ParseError>> {
    let p = parse(input, opts);
    if p.errors.is_empty() {
        Ok(p.sd)
    } else {
        Err(p.errors)
    }
}
