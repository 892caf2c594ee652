//! Effective access: what a token may do at most (`MAXIMUM_ALLOWED`), also when the object
//! kind is not known.
//!
//! [`maximum_allowed`] is the one place that answers "what does this principal get from this
//! descriptor" for the reports built on the engine (`sddl explain`'s effective access, the lint
//! rules). With a kind that has a generic mapping it is exactly [`check`] with
//! `MAXIMUM_ALLOWED`. Without one (the kind is unknown, or it is a COM or WMI kind, which
//! have no mapping), generic rights cannot be mapped, and Windows would not grant an unmapped
//! generic bit at all; reports still need to say "`GENERIC_WRITE` is granted". The engine then
//! runs twice on copies of the descriptor: once with the generic bits taken out of every ACE
//! (`GENERIC_ALL` in an allow ACE brings the standard rights every kind's full control has;
//! in a deny ACE it denies everything), once with each generic bit carried by a bit of its own,
//! and the two answers are put together. In that mode the token is not subject to mandatory
//! integrity: what a label blocks depends on the kind's mapping.

use super::check::{check, AccessRequest, AccessResult, BitSource};
use super::token::Token;
use crate::model::SecurityDescriptor;
use crate::objects::{generic_mapping, ObjectKind, GENERIC_BITS, STANDARD_RIGHTS_REQUIRED};
use crate::rights::{
    ACCESS_SYSTEM_SECURITY, GENERIC_ALL, GENERIC_EXECUTE, GENERIC_READ, GENERIC_WRITE,
    MAXIMUM_ALLOWED,
};
use crate::sid::Sid;

/// What [`maximum_allowed`] found.
#[derive(Clone, Debug)]
pub struct Effective {
    /// Everything the token is granted. Without a generic mapping, generic bits granted by an
    /// ACE are kept as written.
    pub granted: u32,
    /// Rights a deny ACE decided before anything granted them.
    pub denied: u32,
    /// The engine's answer. Without a generic mapping: the run on the non-generic bits, whose
    /// ACE trace (which ACE applies, which is skipped and why) holds for every bit.
    pub result: AccessResult,
}

/// The bit that carries each generic right in the second run of the unmapped mode.
const CARRIERS: [(u32, u32); 4] = [
    (GENERIC_READ, 0x1),
    (GENERIC_WRITE, 0x2),
    (GENERIC_EXECUTE, 0x4),
    (GENERIC_ALL, 0x8),
];

/// What `token` gets at most from `sd` on an object of `kind` (`None`: unknown). `domain`
/// resolves domain aliases kept symbolic. Objects without owner are treated as created by the
/// default creator (see [`AccessRequest::creator`]).
pub fn maximum_allowed(
    sd: &SecurityDescriptor,
    token: &Token,
    kind: Option<ObjectKind>,
    domain: Option<Sid>,
) -> Effective {
    let request = |k: ObjectKind| {
        let mut req = AccessRequest::new(k, MAXIMUM_ALLOWED);
        req.domain_sid = domain;
        req
    };
    if let Some(k) = kind.filter(|k| generic_mapping(*k).is_some()) {
        let result = check(sd, token, &request(k));
        return Effective {
            granted: result.granted,
            denied: denied_by_aces(sd, &result),
            result,
        };
    }

    // No mapping: the kind, when known, still names the rights; ComAccess has no mapping and
    // so maps nothing.
    let engine_kind = kind.unwrap_or(ObjectKind::ComAccess);
    let mut token = token.clone();
    token.mandatory_policy.no_write_up = false;
    let dacl_open = sd.dacl.as_ref().is_none_or(|d| d.null);

    let rewrite = |f: &dyn Fn(u32, bool) -> u32| {
        let mut copy = sd.clone();
        if let Some(d) = copy.dacl.as_mut() {
            for a in &mut d.aces {
                a.mask = f(a.mask, a.ace_type.is_deny());
            }
        }
        copy
    };

    let plain = rewrite(&|m, deny| match (m & GENERIC_ALL != 0, deny) {
        (true, true) => !GENERIC_BITS,
        (true, false) => (m & !GENERIC_BITS) | STANDARD_RIGHTS_REQUIRED,
        (false, _) => m & !GENERIC_BITS,
    });
    let result = check(&plain, &token, &request(engine_kind));
    let mut granted = result.granted;
    let mut denied = denied_by_aces(&plain, &result);

    let uses_generic = sd
        .dacl
        .as_ref()
        .is_some_and(|d| d.aces.iter().any(|a| a.mask & GENERIC_BITS != 0));
    if dacl_open {
        granted = !(MAXIMUM_ALLOWED | ACCESS_SYSTEM_SECURITY);
    } else if uses_generic {
        let carried = rewrite(&|m, deny| {
            if deny && m & GENERIC_ALL != 0 {
                return CARRIERS.iter().fold(0, |acc, (_, c)| acc | c);
            }
            CARRIERS
                .iter()
                .filter(|(g, _)| m & g != 0)
                .fold(0, |acc, (_, c)| acc | c)
        });
        let r = check(&carried, &token, &request(engine_kind));
        let d = denied_by_aces(&carried, &r);
        for (g, c) in CARRIERS {
            if r.granted & c != 0 {
                granted |= g;
            }
            if d & c != 0 {
                denied |= g;
            }
        }
    }
    Effective {
        granted,
        denied,
        result,
    }
}

/// The bits the trace says a deny ACE decided.
fn denied_by_aces(sd: &SecurityDescriptor, result: &AccessResult) -> u32 {
    let Some(dacl) = sd.dacl.as_ref() else {
        return 0;
    };
    result
        .bits
        .iter()
        .filter(|b| !b.granted)
        .filter(|b| match b.source {
            BitSource::Ace { index, .. } => {
                dacl.aces.get(index).is_some_and(|a| a.ace_type.is_deny())
            }
            _ => false,
        })
        .fold(0, |m, b| m | b.bit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::presets::{preset, token_for_sid};
    use crate::sid::SidRef;

    fn sd(text: &str) -> SecurityDescriptor {
        let p = crate::parse(text, &Default::default());
        assert!(p.errors.is_empty(), "{text}: {:?}", p.errors);
        p.sd
    }

    fn user() -> Token {
        token_for_sid(&SidRef::Sid(Sid::from_parts(5, &[21, 1, 2, 3, 1001])), None)
    }

    #[test]
    fn with_a_mapping_it_is_the_engine() {
        let ns = preset("NS").unwrap();
        let d = sd("D:(D;;0x2;;;WD)(A;;GA;;;AU)");
        let e = maximum_allowed(&d, &ns, Some(ObjectKind::NamedPipe), None);
        assert_eq!(e.granted, 0x1f01ff & !0x2);
        assert_eq!(e.denied, 0x2);
        assert_eq!(e.result.granted, e.granted);
    }

    #[test]
    fn without_a_kind_generic_bits_stay_as_written() {
        let u = user();
        let e = maximum_allowed(&sd("D:(A;;GRGW;;;WD)"), &u, None, None);
        assert_eq!(e.granted, GENERIC_READ | GENERIC_WRITE);
        // A deny of GENERIC_WRITE first: only GENERIC_READ is left.
        let e = maximum_allowed(&sd("D:(D;;GW;;;AU)(A;;GRGW;;;WD)"), &u, None, None);
        assert_eq!(e.granted, GENERIC_READ);
        assert_eq!(e.denied, GENERIC_WRITE);
        // GENERIC_ALL allowed brings the standard rights; denied, it takes everything.
        let e = maximum_allowed(&sd("D:(A;;GA;;;WD)"), &u, None, None);
        assert_eq!(e.granted, GENERIC_ALL | STANDARD_RIGHTS_REQUIRED);
        let e = maximum_allowed(&sd("D:(D;;GA;;;WD)(A;;GR0x2;;;WD)"), &u, None, None);
        assert_eq!(e.granted, 0);
        assert_eq!(e.denied & (GENERIC_READ | 0x2), GENERIC_READ | 0x2);
        // The engine decides membership: NS is in Authenticated Users, anonymous is not.
        let d = sd("D:(A;;GW0x1;;;AU)");
        let ns = preset("NS").unwrap();
        assert_eq!(
            maximum_allowed(&d, &ns, None, None).granted,
            GENERIC_WRITE | 0x1
        );
        let an = preset("AN").unwrap();
        assert_eq!(maximum_allowed(&d, &an, None, None).granted, 0);
    }

    #[test]
    fn kinds_without_a_mapping_keep_generic_bits() {
        let e = maximum_allowed(
            &sd("D:(A;;GA;;;WD)"),
            &user(),
            Some(ObjectKind::ComAccess),
            None,
        );
        assert_ne!(e.granted & GENERIC_ALL, 0);
    }
}
