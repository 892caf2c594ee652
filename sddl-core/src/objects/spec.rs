//! Rights as a person writes them: `sddl check --want` and the `rights` of a policy.
//!
//! One grammar, three spellings: words (`read`, `write`, `read-write`, `execute`, `full`,
//! `max`), right names of the kind, comma-separated (`FILE_READ_DATA,FILE_WRITE_DATA`,
//! `FILE_GENERIC_READ`, `WRITE_DAC`, `MAXIMUM_ALLOWED`), or an SDDL rights field (`GRGW`, `FA`,
//! `0x12019f`, read with the SDDL grammar and Windows' number rules).
//!
//! ```
//! use sddl_core::objects::{parse_rights, ObjectKind};
//! let pipe = Some(ObjectKind::NamedPipe);
//! assert_eq!(parse_rights("FILE_READ_DATA,FILE_WRITE_DATA", pipe), Ok(0x3));
//! assert_eq!(parse_rights("GRGW", None), Ok(0xc000_0000));
//! assert_eq!(parse_rights("WRITE_DAC, WRITE_OWNER", None), Ok(0xc_0000));
//! assert!(parse_rights("FILE_READ_DATA", None).is_err()); // which kind's bit 0x1?
//! ```

use super::{right_info, ObjectKind, COMMON_BITS};
use crate::parse::{parse, ParseOptions};
use crate::rights::{GENERIC_ALL, GENERIC_EXECUTE, GENERIC_READ, GENERIC_WRITE, MAXIMUM_ALLOWED};

/// Why a rights specification was refused. The messages quote what was written.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RightsError {
    /// A name that is not a right of the kind (nor a standard, generic or combined name).
    #[error("`{name}` is not a right of {kind}")]
    UnknownName { name: String, kind: &'static str },
    /// A kind-specific name, with no kind to read it for.
    #[error("`{name}` is a right of a specific object type; say which type the object is")]
    NeedsKind { name: String },
    /// An SDDL rights field the grammar refuses.
    #[error("`{spec}`: {message}")]
    Sddl { spec: String, message: String },
    /// Not a rights field at all (`;`, `)` or several ACEs' worth of text).
    #[error("`{spec}` is not a rights list")]
    NotRights { spec: String },
}

/// A right name of `kind` (`FILE_READ_DATA`), one of its combined names (`FILE_GENERIC_READ`,
/// also the aliases such as `KEY_EXECUTE`), or a standard, special or generic name, which need
/// no kind (`WRITE_DAC`, `GENERIC_READ`, `MAXIMUM_ALLOWED`). ASCII case-insensitive.
pub fn right_by_name(kind: Option<ObjectKind>, name: &str) -> Option<u32> {
    if let Some(&(bit, ..)) = COMMON_BITS.iter().find(|c| c.1.eq_ignore_ascii_case(name)) {
        return Some(bit);
    }
    let kind = kind?;
    if let Some(c) = kind.table().combined.iter().find(|c| {
        c.name.eq_ignore_ascii_case(name) || c.also.iter().any(|a| a.eq_ignore_ascii_case(name))
    }) {
        return Some(c.mask);
    }
    (0..32)
        .map(|b| right_info(kind, 1 << b))
        .find(|r| r.name.is_some_and(|n| n.eq_ignore_ascii_case(name)))
        .map(|r| r.bit)
}

/// Parses a rights specification (see the module docs) for `kind`; without a kind, names of
/// kind-specific rights are refused ([`RightsError::NeedsKind`]). Generic bits are returned as
/// written (map them with [`super::map_generic`]).
pub fn parse_rights(spec: &str, kind: Option<ObjectKind>) -> Result<u32, RightsError> {
    if spec.contains('_') {
        let mut mask = 0;
        for name in spec.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            mask |= match right_by_name(kind, name) {
                Some(m) => m,
                None => return Err(name_error(name, kind)),
            };
        }
        return Ok(mask);
    }
    let m = match spec.trim().to_ascii_lowercase().as_str() {
        "read" => GENERIC_READ,
        "write" => GENERIC_WRITE,
        "read-write" | "readwrite" | "rw" => GENERIC_READ | GENERIC_WRITE,
        "execute" => GENERIC_EXECUTE,
        "full" | "all" => GENERIC_ALL,
        "max" | "maximum" | "maximum-allowed" => MAXIMUM_ALLOWED,
        _ => {
            let p = parse(&format!("D:(A;;{spec};;;WD)"), &ParseOptions::default());
            let not_rights = || RightsError::NotRights {
                spec: spec.to_string(),
            };
            match (p.errors.first(), p.sd.dacl) {
                (None, Some(d)) if d.aces.len() == 1 => d.aces[0].mask,
                (Some(e), _) => {
                    return Err(RightsError::Sddl {
                        spec: spec.to_string(),
                        message: e.message.clone(),
                    })
                }
                _ => return Err(not_rights()),
            }
        }
    };
    Ok(m)
}

fn name_error(name: &str, kind: Option<ObjectKind>) -> RightsError {
    match kind {
        Some(k) => RightsError::UnknownName {
            name: name.to_string(),
            kind: k.summary(),
        },
        None if ObjectKind::ALL
            .iter()
            .any(|k| right_by_name(Some(*k), name).is_some()) =>
        {
            RightsError::NeedsKind {
                name: name.to_string(),
            }
        }
        None => RightsError::UnknownName {
            name: name.to_string(),
            kind: "any object type",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings() {
        let pipe = Some(ObjectKind::NamedPipe);
        assert_eq!(parse_rights("read-write", None), Ok(0xc000_0000));
        assert_eq!(parse_rights("max", pipe), Ok(MAXIMUM_ALLOWED));
        assert_eq!(parse_rights("FILE_GENERIC_READ", pipe), Ok(0x12_0089));
        assert_eq!(
            parse_rights("file_read_data, FILE_CREATE_PIPE_INSTANCE", pipe),
            Ok(0x5)
        );
        assert_eq!(parse_rights("0x12019b", None), Ok(0x12_019b));
        assert_eq!(parse_rights("FA", None), Ok(0x1f_01ff));
        assert_eq!(
            parse_rights("KEY_EXECUTE", Some(ObjectKind::RegistryKey)),
            parse_rights("KEY_READ", Some(ObjectKind::RegistryKey))
        );
    }

    #[test]
    fn refusals_say_why() {
        assert!(matches!(
            parse_rights("FILE_READ_DATA", None),
            Err(RightsError::NeedsKind { .. })
        ));
        assert!(matches!(
            parse_rights("KEY_READ", Some(ObjectKind::NamedPipe)),
            Err(RightsError::UnknownName { .. })
        ));
        assert!(matches!(
            parse_rights("NOT_A_RIGHT", None),
            Err(RightsError::UnknownName {
                kind: "any object type",
                ..
            })
        ));
        assert!(matches!(
            parse_rights("XX", None),
            Err(RightsError::Sddl { .. })
        ));
        assert!(matches!(
            parse_rights("GA;;;WD)(A;;GA", None),
            Err(RightsError::NotRights { .. })
        ));
    }
}
