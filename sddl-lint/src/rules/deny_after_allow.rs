use super::{has, is_plain_allow, is_plain_deny, right_names, who};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Label};
use crate::effective::mapped;
use crate::principals::{self, ANONYMOUS, EVERYONE};
use crate::registry::{declare_rule, RuleContext};
use sddl_core::model::{ace_flags, Acl};
use sddl_core::rights::{READ_CONTROL, SYNCHRONIZE};
use sddl_core::Span;

declare_rule! {
    /// ## What it does
    /// Flags an explicit deny ACE that comes after an allow ACE granting the same rights to
    /// the same trustee (or to Everyone): for those rights the deny never takes effect.
    ///
    /// ## Why is this bad?
    /// Windows reads a DACL in order, and for each right the first ACE that decides it wins.
    /// A deny placed after an allow of the same right changes nothing: the right was already
    /// granted. The author meant to take the right away, and did not. Canonical order puts
    /// explicit deny ACEs first for this reason.
    ///
    /// ## Example
    /// ```sddl,expect_diagnostic
    /// D:(A;;FA;;;AU)(D;;FW;;;AU)
    /// ```
    ///
    /// Use instead:
    /// ```sddl
    /// D:(D;;FW;;;AU)(A;;FA;;;AU)
    /// ```
    ///
    /// ## References
    /// - [How DACLs Control Access to an Object](https://learn.microsoft.com/windows/win32/secauthz/how-dacls-control-access-to-an-object)
    /// - [Order of ACEs in a DACL](https://learn.microsoft.com/windows/win32/secauthz/order-of-aces-in-a-dacl)
    name: "deny-after-allow",
    category: Correctness,
    level: Warning,
    fix: Always,
    check: check,
}

/// For the deny ACE `j` of `acl`: the rights it denies that earlier ACEs already granted to
/// every member of its trustee, and the first ACE that granted them.
pub(crate) fn ineffective_deny(rcx: &RuleContext<'_>, acl: &Acl, j: usize) -> Option<(u32, usize)> {
    let deny = &acl.aces[j];
    if !is_plain_deny(deny)
        || has(deny, ace_flags::INHERITED | ace_flags::INHERIT_ONLY)
        || deny.mask == 0
    {
        return None;
    }
    let kind = rcx.kind();
    let covers = |a: &sddl_core::Ace| {
        a.sid == deny.sid
            || (principals::is(&a.sid, &EVERYONE)
                && (!principals::is(&deny.sid, &ANONYMOUS) || rcx.cx.everyone_includes_anonymous))
    };
    let (mut granted, mut denied, mut first) = (0u32, 0u32, None);
    for (i, a) in acl.aces[..j].iter().enumerate() {
        if has(a, ace_flags::INHERIT_ONLY) || !covers(a) {
            continue;
        }
        let m = mapped(a, kind);
        if is_plain_allow(a) && a.inherited_object_type.is_none() {
            if m & !denied & mapped(deny, kind) != 0 && first.is_none() {
                first = Some(i);
            }
            granted |= m & !denied;
        } else if is_plain_deny(a) {
            denied |= m & !granted;
        }
    }
    // `READ_CONTROL` and `SYNCHRONIZE` come with every generic read and write: a deny of write
    // after an allow of read overlaps in them without meaning to deny them.
    let incidental = READ_CONTROL | SYNCHRONIZE;
    let d = mapped(deny, kind);
    let mut late = d & granted;
    if d & !incidental != 0 {
        late &= !incidental;
    }
    (late != 0).then(|| (late, first.unwrap_or(0)))
}

fn check(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(acl) = rcx.dacl() else { return };
    for (j, deny) in acl.aces.iter().enumerate() {
        let Some((late, first)) = ineffective_deny(rcx, acl, j) else {
            continue;
        };
        let kind = rcx.kind();
        let allow = &acl.aces[first];
        let all = late == mapped(deny, kind) & !(READ_CONTROL | SYNCHRONIZE)
            || late == mapped(deny, kind);
        let message = if all {
            format!(
                "this deny never takes effect: {} is already granted what it denies",
                who(rcx, deny)
            )
        } else {
            format!(
                "this deny comes too late for {}: already granted to {}",
                right_names(kind, late),
                who(rcx, deny)
            )
        };
        let mut d = rcx.diag(deny.spans.rights, message);
        d.labels.push(Label {
            span: allow.spans.whole,
            text: "granted here first".into(),
        });
        d.note = Some("a DACL is read in order and the first ACE that decides a right wins; explicit deny ACEs belong before allow ACEs".into());
        d.help = Some("move the deny ACE before the allow ACE".into());
        let text = rcx.text(deny.spans.whole).to_string();
        if !text.is_empty() {
            d.fix = Some(Fix {
                title: "move the deny ACE before the allow ACE".into(),
                edits: vec![
                    Edit {
                        span: Span::new(allow.spans.whole.start, allow.spans.whole.start),
                        replacement: text,
                    },
                    Edit {
                        span: deny.spans.whole,
                        replacement: String::new(),
                    },
                ],
                applicability: Applicability::Unsafe,
            });
        }
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check;

    #[test]
    fn vectors() {
        let out = check(
            &super::RULE,
            "type=file",
            &[
                "D:(D;;FW;;;AU)(A;;FA;;;AU)",
                // Different trustees: a member of both may not be in the first.
                "D:(A;;FA;;;BA)(D;;FW;;;NU)",
                // Inherited denies after explicit allows are canonical.
                "D:(A;;FA;;;AU)(D;ID;FW;;;AU)",
                // Anonymous is not in Everyone by default.
                "D:(A;;FR;;;WD)(D;;FR;;;AN)",
                // Inherit-only allow does not apply to the object.
                "D:(A;OICIIO;FA;;;AU)(D;;FW;;;AU)",
                "D:(A;;FR;;;AU)(D;;FW;;;AU)",
            ],
            &[
                "D:(A;;FA;;;AU)(D;;FW;;;AU)",
                "D:(A;;FR;;;WD)(D;;FA;;;BG)",
                "D:(A;;GA;;;SY)(A;;FR;;;AU)(D;;FA;;;AU)",
            ],
        );
        insta::assert_snapshot!(out);
    }
}
