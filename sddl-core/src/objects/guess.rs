//! Guessing what kind of object a security descriptor protects, from the rights it uses.
//!
//! A descriptor does not say what it protects, so this is a heuristic and says so: every guess
//! carries a [`Confidence`] and the [`Evidence`] it rests on. The signals, strongest first:
//! - object ACEs with GUIDs are used only by Active Directory;
//! - an ACE mask that is exactly a combined right Windows names for one kind (`KEY_READ`,
//!   `SERVICE_ALL_ACCESS`), or exactly what some generic rights map to on that kind
//!   (`0x1301bf` is file read + write + execute + delete);
//! - a kind is ruled out when a mask uses a bit the kind does not define.
//!
//! Inheritable ACEs (OI/CI) turn a file guess into a directory. Named pipes share the file
//! rights and are never guessed.

use super::{describe_mask, ds_guid_name, generic_mapping, DsGuidInfo, ObjectKind, GENERIC_BITS};
use crate::model::{ace_flags, Ace, AceType, SecurityDescriptor};
use crate::rights::{ACCESS_SYSTEM_SECURITY, MAXIMUM_ALLOWED};
use std::fmt;

/// How sure a guess is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Confidence {
    /// Several kinds fit equally; the first in a fixed preference order was taken.
    Low,
    /// One kind fits best, on a single signal.
    Medium,
    /// Object ACEs (Active Directory), or several ACEs agreeing on one kind.
    High,
}

/// Where an ACE sits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AcePos {
    pub sacl: bool,
    /// Zero-based index in its ACL.
    pub index: usize,
}

impl fmt::Display for AcePos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let acl = if self.sacl { "SACL" } else { "DACL" };
        write!(f, "ACE {} of the {acl}", self.index + 1)
    }
}

/// The signal a guess rests on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Evidence {
    /// An object ACE carrying a GUID (only Active Directory uses them).
    ObjectAce {
        ace: AcePos,
        known: Option<&'static DsGuidInfo>,
    },
    /// The mask is exactly a combined right Windows names for the kind.
    CombinedRight {
        ace: AcePos,
        mask: u32,
        name: &'static str,
    },
    /// The mask is exactly what generic rights map to on the kind.
    MappedGeneric {
        ace: AcePos,
        mask: u32,
        generic: u32,
    },
}

impl fmt::Display for Evidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Evidence::ObjectAce { ace, known } => {
                write!(
                    f,
                    "{ace} is an object ACE with a GUID, which only Active Directory uses"
                )?;
                if let Some(k) = known {
                    write!(f, " ({} `{}`)", k.kind.name(), k.display)?;
                }
                Ok(())
            }
            Evidence::CombinedRight { ace, mask, name } => {
                write!(f, "{ace} uses {mask:#x}, which is `{name}`")
            }
            Evidence::MappedGeneric { ace, mask, generic } => {
                write!(f, "{ace} uses {mask:#x}, which is what ")?;
                let mut first = true;
                for (bit, n) in GENERIC_NAMES {
                    if generic & bit != 0 {
                        if !first {
                            f.write_str(" + ")?;
                        }
                        first = false;
                        f.write_str(n)?;
                    }
                }
                f.write_str(" map to")
            }
        }
    }
}

const GENERIC_NAMES: [(u32, &str); 4] = [
    (0x8000_0000, "GENERIC_READ"),
    (0x4000_0000, "GENERIC_WRITE"),
    (0x2000_0000, "GENERIC_EXECUTE"),
    (0x1000_0000, "GENERIC_ALL"),
];

/// A guess of the object kind, with how sure it is and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KindGuess {
    pub kind: ObjectKind,
    pub confidence: Confidence,
    /// The strongest signal.
    pub evidence: Evidence,
    /// How many ACEs support the guess.
    pub supporting: usize,
    /// Other kinds that fit as well (only for [`Confidence::Low`]).
    pub alternatives: Vec<ObjectKind>,
    /// The guess was a file and inheritable ACEs made it a directory.
    pub container: bool,
}

impl fmt::Display for KindGuess {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = match self.confidence {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        };
        write!(
            f,
            "guess: {} ({c} confidence): {}",
            self.kind.summary(),
            self.evidence
        )?;
        if self.container {
            f.write_str("; inheritable ACEs mean a container")?;
        }
        if !self.alternatives.is_empty() {
            f.write_str("; also fits")?;
            for k in &self.alternatives {
                write!(f, " {k}")?;
            }
        }
        Ok(())
    }
}

/// Kinds considered for mask signals, in preference order for ties. Directory and named pipe
/// are reached through File.
const CANDIDATES: &[ObjectKind] = &[
    ObjectKind::File,
    ObjectKind::RegistryKey,
    ObjectKind::DirectoryServiceObject,
    ObjectKind::Service,
    ObjectKind::ServiceControlManager,
    ObjectKind::Process,
    ObjectKind::Thread,
    ObjectKind::Token,
    ObjectKind::Job,
    ObjectKind::Event,
    ObjectKind::Mutex,
    ObjectKind::Semaphore,
    ObjectKind::Timer,
    ObjectKind::Section,
    ObjectKind::Desktop,
    ObjectKind::WindowStation,
    ObjectKind::Printer,
];

/// ACE types whose mask is an access mask of the object (not a label policy or a claim).
fn carries_access_mask(t: AceType) -> bool {
    matches!(
        t,
        AceType::AccessAllowed
            | AceType::AccessDenied
            | AceType::SystemAudit
            | AceType::SystemAlarm
            | AceType::AccessAllowedCallback
            | AceType::AccessDeniedCallback
            | AceType::SystemAuditCallback
            | AceType::SystemAlarmCallback
    ) || t.is_object()
}

fn aces(sd: &SecurityDescriptor) -> impl Iterator<Item = (AcePos, &Ace)> {
    let dacl = sd.dacl.iter().flat_map(|a| a.aces.iter().enumerate());
    let dacl = dacl.map(|(index, ace)| (AcePos { sacl: false, index }, ace));
    let sacl = sd.sacl.iter().flat_map(|a| a.aces.iter().enumerate());
    let sacl = sacl.map(|(index, ace)| (AcePos { sacl: true, index }, ace));
    dacl.chain(sacl)
}

/// How `mask` fits `kind`: a named combined right, or a union of mapped generic rights.
fn fit(kind: ObjectKind, ace: AcePos, mask: u32) -> Option<Evidence> {
    if let Some(c) = describe_mask(kind, mask) {
        return Some(Evidence::CombinedRight {
            ace,
            mask,
            name: c.name,
        });
    }
    let m = generic_mapping(kind)?;
    let values = [m.read, m.write, m.execute, m.all];
    // Every non-empty union of the mapped values, optionally with DELETE (Explorer's "Modify").
    for set in 1u32..16 {
        let mut u = 0;
        let mut generic = 0;
        for (i, v) in values.iter().enumerate() {
            if set & (1 << i) != 0 {
                u |= v;
                generic |= GENERIC_NAMES[i].0;
            }
        }
        if u & 0xffff != 0 && (mask == u || mask == u | crate::rights::DELETE) {
            return Some(Evidence::MappedGeneric { ace, mask, generic });
        }
    }
    None
}

/// Guesses what kind of object `sd` protects from the rights its ACEs use. `None` when nothing
/// points anywhere (no ACEs, or only generic rights).
pub fn guess_kind(sd: &SecurityDescriptor) -> Option<KindGuess> {
    let container = aces(sd)
        .any(|(_, a)| a.flags & (ace_flags::OBJECT_INHERIT | ace_flags::CONTAINER_INHERIT) != 0);

    let object_aces: Vec<_> = aces(sd)
        .filter(|(_, a)| {
            a.ace_type.is_object() && (a.object_type.is_some() || a.inherited_object_type.is_some())
        })
        .collect();
    if let Some(&(pos, _)) = object_aces.first() {
        let known = object_aces.iter().find_map(|(_, a)| {
            a.object_type
                .or(a.inherited_object_type)
                .and_then(|g| ds_guid_name(&g))
        });
        return Some(KindGuess {
            kind: ObjectKind::DirectoryServiceObject,
            confidence: Confidence::High,
            evidence: Evidence::ObjectAce { ace: pos, known },
            supporting: object_aces.len(),
            alternatives: Vec::new(),
            container: false,
        });
    }

    let masks: Vec<(AcePos, u32)> = aces(sd)
        .filter(|(_, a)| carries_access_mask(a.ace_type))
        .map(|(p, a)| {
            (
                p,
                a.mask & !(GENERIC_BITS | ACCESS_SYSTEM_SECURITY | MAXIMUM_ALLOWED),
            )
        })
        .filter(|&(_, m)| m != 0)
        .collect();

    let mut best: Vec<(ObjectKind, usize, Evidence)> = Vec::new();
    let mut best_score = 0;
    for &kind in CANDIDATES {
        let t = kind.table();
        let defined = t.defined_bits() | t.reserved | crate::rights::SYNCHRONIZE;
        if masks.iter().any(|&(_, m)| m & !defined != 0) {
            continue;
        }
        let mut score = 0;
        let mut evidence = None;
        for &(pos, m) in &masks {
            if let Some(e) = fit(kind, pos, m) {
                score += 1;
                evidence.get_or_insert(e);
            }
        }
        let Some(evidence) = evidence else { continue };
        if score > best_score {
            best_score = score;
            best.clear();
        }
        if score == best_score {
            best.push((kind, score, evidence));
        }
    }

    let (kind, supporting, evidence) = *best.first()?;
    let alternatives: Vec<ObjectKind> = best[1..].iter().map(|b| b.0).collect();
    let confidence = if !alternatives.is_empty() {
        Confidence::Low
    } else if supporting >= 2 {
        Confidence::High
    } else {
        Confidence::Medium
    };
    let to_dir = kind == ObjectKind::File && container;
    Some(KindGuess {
        kind: if to_dir { ObjectKind::Directory } else { kind },
        confidence,
        evidence,
        supporting,
        alternatives,
        container: to_dir,
    })
}
