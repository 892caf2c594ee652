//! Every rule code, in one table.
//!
//! A code is assigned once and never reused or renumbered. When a rule is renamed or merged
//! into another, its code stays here as a [`CodeStatus::Redirect`]; when it is removed, as
//! [`CodeStatus::Removed`] with the reason. Configuration keeps accepting retired codes and
//! names (a redirect resolves to its target; a removed code is an error that says why).
//!
//! Rules get their code from this table at compile time (`code_for`): a rule missing here does
//! not build.

/// What a code stands for today.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeStatus {
    /// A rule, by name.
    Active(&'static str),
    /// A retired code (and its old name) that now means another code.
    Redirect {
        old_name: &'static str,
        to: &'static str,
    },
    /// A retired code whose rule is gone.
    Removed {
        old_name: &'static str,
        reason: &'static str,
    },
}

/// One row of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeEntry {
    pub code: &'static str,
    pub status: CodeStatus,
}

const fn active(code: &'static str, name: &'static str) -> CodeEntry {
    CodeEntry {
        code,
        status: CodeStatus::Active(name),
    }
}

/// Code prefix of every rule.
pub const PREFIX: &str = "SDDL";

#[rustfmt::skip]
const TABLE: [CodeEntry; 47] = [
    active("SDDL001", "everyone-full-control"),
    active("SDDL002", "duplex-pipe-read-only-client"),
    active("SDDL003", "null-dacl"),
    active("SDDL004", "empty-dacl"),
    active("SDDL005", "missing-dacl"),
    active("SDDL006", "broad-write-access"),
    active("SDDL007", "anonymous-access"),
    active("SDDL008", "network-logon-pipe-access"),
    active("SDDL009", "create-pipe-instance-for-clients"),
    active("SDDL010", "service-config-writable-by-non-admin"),
    active("SDDL011", "scm-create-service-by-non-admin"),
    active("SDDL012", "registry-key-writable-by-broad-group"),
    active("SDDL013", "dcsync-right-for-broad-group"),
    active("SDDL014", "dangerous-ad-right-for-broad-group"),
    active("SDDL015", "low-integrity-label-with-broad-write"),
    active("SDDL016", "app-packages-write-access"),
    active("SDDL017", "broad-group-owner"),
    active("SDDL018", "pipe-client-missing-access"),
    active("SDDL019", "deny-after-allow"),
    active("SDDL020", "non-canonical-ace-order"),
    active("SDDL021", "duplicate-ace"),
    active("SDDL022", "redundant-ace"),
    active("SDDL023", "inherit-only-without-inheritance"),
    active("SDDL024", "propagation-limit-without-inheritance"),
    active("SDDL025", "inheritance-on-leaf-object"),
    active("SDDL026", "hand-written-inherited-ace"),
    active("SDDL027", "generic-rights-on-object"),
    active("SDDL028", "numeric-mask-has-name"),
    active("SDDL029", "rights-code-for-other-kind"),
    active("SDDL030", "undefined-rights-bits"),
    active("SDDL031", "object-guid-does-not-fit-rights"),
    active("SDDL032", "unknown-object-guid"),
    active("SDDL033", "audit-ace-without-success-or-failure"),
    active("SDDL034", "ace-with-empty-mask"),
    active("SDDL035", "mandatory-label-without-policy"),
    active("SDDL036", "unresolved-domain-alias"),
    active("SDDL037", "hard-coded-domain-sid"),
    active("SDDL038", "hard-coded-logon-session-sid"),
    CodeEntry {
        code: "SDDL039",
        status: CodeStatus::Removed {
            old_name: "creator-owner-without-inherit-only",
            reason: "Windows replaces `CREATOR OWNER` and `CREATOR GROUP` with the creator in explicit ACEs too when it assigns a descriptor (generic rights are mapped in the same pass), so such an ACE is not dead",
        },
    },
    active("SDDL040", "null-sid-trustee"),
    active("SDDL041", "deny-all-to-everyone"),
    active("SDDL042", "unused-suppression"),
    active("SDDL043", "invalid-suppression"),
    active("SDDL044", "policy-missing-access"),
    active("SDDL045", "policy-forbidden-access"),
    active("SDDL046", "policy-flags"),
    active("SDDL047", "newer-than-target"),
];

/// Every code ever assigned, in code order.
pub static CODES: &[CodeEntry] = &TABLE;

const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The code of the active rule `name`. Evaluated at compile time by `declare_rule!`: a rule
/// without a row in the table is a build error.
pub(crate) const fn code_for(name: &str) -> &'static str {
    let mut i = 0;
    while i < TABLE.len() {
        if let CodeStatus::Active(n) = TABLE[i].status {
            if str_eq(n, name) {
                return TABLE[i].code;
            }
        }
        i += 1;
    }
    panic!("rule has no code in codes.rs")
}

/// What a code or name given by a user means, following redirects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolved {
    /// An active rule's code.
    Code(&'static str),
    /// A retired code or name, redirected: (what was written, the code it means now).
    Redirected(&'static str, &'static str),
    /// A removed rule: (its code, its old name, why).
    Removed(&'static str, &'static str, &'static str),
}

/// Resolves a full code or rule name (current or retired) in `table`.
pub fn resolve_in(table: &[CodeEntry], key: &str) -> Option<Resolved> {
    let entry = table.iter().find(|e| {
        e.code.eq_ignore_ascii_case(key)
            || match e.status {
                CodeStatus::Active(n) => n == key,
                CodeStatus::Redirect { old_name, .. } | CodeStatus::Removed { old_name, .. } => {
                    old_name == key
                }
            }
    })?;
    let mut seen = 0;
    let mut cur = entry;
    loop {
        match cur.status {
            CodeStatus::Active(_) if std::ptr::eq(cur, entry) => {
                return Some(Resolved::Code(cur.code))
            }
            CodeStatus::Active(_) => return Some(Resolved::Redirected(entry.code, cur.code)),
            CodeStatus::Removed { old_name, reason } => {
                return Some(Resolved::Removed(cur.code, old_name, reason))
            }
            CodeStatus::Redirect { to, .. } => {
                seen += 1;
                if seen > table.len() {
                    return None;
                }
                cur = table.iter().find(|e| e.code == to)?;
            }
        }
    }
}

/// [`resolve_in`] over [`CODES`].
pub fn resolve(key: &str) -> Option<Resolved> {
    resolve_in(CODES, key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_sequential_and_well_formed() {
        for (i, e) in CODES.iter().enumerate() {
            assert_eq!(
                e.code,
                format!("{PREFIX}{:03}", i + 1),
                "codes are never skipped"
            );
        }
        let mut names: Vec<&str> = CODES
            .iter()
            .map(|e| match e.status {
                CodeStatus::Active(n) => n,
                CodeStatus::Redirect { old_name, .. } | CodeStatus::Removed { old_name, .. } => {
                    old_name
                }
            })
            .collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len(), "a name is used by two codes");
    }

    #[test]
    fn redirects_and_removals_resolve() {
        let table = [
            active("SDDL001", "kept"),
            CodeEntry {
                code: "SDDL002",
                status: CodeStatus::Redirect {
                    old_name: "old-name",
                    to: "SDDL001",
                },
            },
            CodeEntry {
                code: "SDDL003",
                status: CodeStatus::Removed {
                    old_name: "gone",
                    reason: "merged into kept",
                },
            },
            CodeEntry {
                code: "SDDL004",
                status: CodeStatus::Redirect {
                    old_name: "loop",
                    to: "SDDL004",
                },
            },
        ];
        assert_eq!(resolve_in(&table, "kept"), Some(Resolved::Code("SDDL001")));
        assert_eq!(
            resolve_in(&table, "sddl001"),
            Some(Resolved::Code("SDDL001"))
        );
        assert_eq!(
            resolve_in(&table, "old-name"),
            Some(Resolved::Redirected("SDDL002", "SDDL001"))
        );
        assert_eq!(
            resolve_in(&table, "SDDL003"),
            Some(Resolved::Removed("SDDL003", "gone", "merged into kept"))
        );
        assert_eq!(resolve_in(&table, "loop"), None);
        assert_eq!(resolve_in(&table, "nothing"), None);
    }

    #[test]
    fn code_for_finds_active_rules() {
        assert_eq!(code_for("everyone-full-control"), "SDDL001");
    }
}
