use super::{broad_takeover, dacl_aces, has, mask_text, replace, right_names, this_object, who};
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::principals;
use crate::registry::{declare_rule, RuleContext};
use crate::PipeMode;
use sddl_core::model::ace_flags;
use sddl_core::objects::{generic_mapping, ObjectKind};

declare_rule! {
    /// ## What it does
    /// Flags an ACE that gives a broad group (Everyone, Anonymous, Authenticated Users, Users,
    /// Domain Users, Interactive, Network, Guests, ALL APPLICATION PACKAGES, ...) full control,
    /// `WRITE_DAC` or `WRITE_OWNER`, judged after generic rights are mapped for the object kind
    /// and after earlier deny ACEs for the group.
    ///
    /// ## Why is this bad?
    /// `WRITE_DAC` lets any member of the group rewrite the permissions and `WRITE_OWNER` lets
    /// it take ownership (after which it may rewrite them): either hands the object to anyone
    /// in the group. Full control (`GA`, `FA`, `KA`, ...) includes both. The usual way this
    /// ships is a "fix" for Access Denied, such as `D:(A;OICI;GA;;;WD)(A;OICI;GA;;;AN)` on a
    /// named pipe: any local or remote caller can then take the pipe over (CWE-732).
    ///
    /// ## Example
    /// ```sddl,expect_diagnostic
    /// D:(A;OICI;GA;;;WD)
    /// ```
    ///
    /// ```sddl,expect_diagnostic
    /// D:(A;;GA;;;SY)(A;;FRWD;;;AU)
    /// ```
    ///
    /// Use instead:
    /// ```sddl
    /// D:(A;;GA;;;SY)(A;;GA;;;BA)(A;;FR;;;AU)
    /// ```
    ///
    /// <!-- type=pipe pipe-mode=duplex client=NS -->
    /// ```sddl
    /// D:(A;;GA;;;SY)(A;;GA;;;BA)(A;;0x12019b;;;NS)
    /// ```
    ///
    /// ## References
    /// - [Access Control Lists](https://learn.microsoft.com/windows/win32/secauthz/access-control-lists)
    /// - [Standard access rights](https://learn.microsoft.com/windows/win32/secauthz/standard-access-rights)
    /// - [CWE-732: Incorrect Permission Assignment for Critical Resource](https://cwe.mitre.org/data/definitions/732.html)
    name: "everyone-full-control",
    category: Security,
    level: Error,
    fix: Sometimes,
    check: check,
}

fn check(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    for (acl, i, ace) in dacl_aces(rcx) {
        let kind = rcx.kind_for(ace);
        let Some(t) = broad_takeover(rcx, acl, i) else {
            continue;
        };
        let children = if has(ace, ace_flags::INHERIT_ONLY) {
            " of child objects"
        } else {
            ""
        };
        let what = if t.full {
            "full control".to_string()
        } else {
            right_names(None, t.bits)
        };
        let mut d = rcx.diag(
            ace.spans.rights,
            format!("{} gets {what}{children}", who(rcx, ace)),
        );
        let (_, members) = principals::classify(&ace.sid);
        d.labels
            .push(rcx.trustee_label(ace, format!("a broad group: {members}")));
        d.note = Some(if t.full {
            "full control includes `WRITE_DAC` and `WRITE_OWNER`: any member can rewrite the permissions or take ownership, and so take the object over".to_string()
        } else {
            "`WRITE_DAC` lets any member rewrite the permissions, `WRITE_OWNER` lets any member take ownership: either takes the object over".to_string()
        });
        // Anonymous callers should get nothing: no narrower grant to suggest.
        let anonymous = principals::is(&ace.sid, &principals::ANONYMOUS);
        let suggestion = suggested(rcx, kind).filter(|_| !anonymous);
        d.help = Some(match &suggestion {
            None if anonymous => "remove the ACE: grant `AU` (Authenticated Users) or named accounts what they need instead".to_string(),
            Some((text, what)) => format!(
                "grant the group only what it needs on {}, such as {what} (`{text}`), and keep full control for `SY` and `BA`",
                this_object(kind)
            ),
            None => "grant the group only the rights it needs, and keep full control for `SY` and `BA`".to_string(),
        });
        if let Some((text, what)) = suggestion {
            d.fix = Some(Fix {
                title: format!("grant {what} only (`{text}`)"),
                edits: vec![replace(ace.spans.rights, text)],
                applicability: Applicability::DisplayOnly,
            });
        }
        let _ = mask_text;
        out.push(d);
    }
}

/// A least-privilege replacement for the rights, when the kind says what reading means.
fn suggested(rcx: &RuleContext<'_>, kind: Option<ObjectKind>) -> Option<(String, &'static str)> {
    let k = kind?;
    if k == ObjectKind::NamedPipe && rcx.cx.pipe_mode == Some(PipeMode::Duplex) {
        return Some((
            mask_text(super::duplex_pipe_read_only_client::DUPLEX_CLIENT, false),
            "read and write",
        ));
    }
    let m = generic_mapping(k)?;
    Some((mask_text(m.read, false), "read access"))
}

#[cfg(test)]
mod tests {
    use crate::testing::check;

    #[test]
    fn vectors() {
        let out = check(
            &super::RULE,
            "",
            &[
                "D:(A;;FA;;;SY)(A;;FA;;;BA)(A;;FR;;;WD)",
                // A deny earlier takes WRITE_DAC and WRITE_OWNER away: not full control.
                "D:(D;;WDWO;;;WD)(A;;GA;;;WD)",
                // Conditional ACEs are not judged.
                "D:(XA;;GA;;;WD;(Member_of {SID(BA)}))",
                // Object ACEs for one property.
                "D:(OA;;WP;bf9679c0-0de6-11d0-a285-00aa003049e2;;AU)",
                "D:(A;;GA;;;S-1-5-21-1-2-3-1001)",
                "D:NO_ACCESS_CONTROL",
            ],
            &[
                "D:(A;OICI;GA;;;WD)(A;OICI;GA;;;AN)",
                "D:(A;;FA;;;AU)",
                "D:(A;;RCWO;;;BU)",
                "D:(A;OICIIO;GA;;;IU)",
                "D:(A;;KA;;;S-1-15-2-1)",
            ],
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn pipe_context_suggests_the_duplex_client_mask() {
        let out = check(
            &super::RULE,
            "type=pipe pipe-mode=duplex client=NS",
            &["D:(A;;0x12019b;;;WD)"],
            &["D:(A;;GA;;;WD)"],
        );
        insta::assert_snapshot!(out);
    }
}
