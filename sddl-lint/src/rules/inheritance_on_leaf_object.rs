use super::{delete_ace, flags_text, has, kind_phrase, replace, INHERIT};
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::registry::{declare_rule, RuleContext};
use sddl_core::model::ace_flags;
use sddl_core::objects::ObjectKind;

declare_rule! {
    /// ## What it does
    /// Flags `OI` or `CI` on an object that has no child objects to inherit them: files,
    /// named pipes, services, the service control manager, processes, threads, tokens, jobs,
    /// events, mutexes, semaphores, timers, sections, desktops and COM permissions. Only when
    /// the object type is given (or implied by a pipe mode), not guessed.
    ///
    /// ## Why is this bad?
    /// Inheritance flags only matter on containers (directories, registry keys, directory
    /// objects, window stations, printers, WMI namespaces). On a leaf object they do nothing,
    /// and an inherit-only ACE there applies to nothing at all: the descriptor was probably
    /// copied from a directory, and the ACE may not grant what its author thinks.
    ///
    /// ## Example
    /// <!-- type=pipe -->
    /// ```sddl,expect_diagnostic
    /// D:(A;OICI;GA;;;SY)
    /// ```
    ///
    /// Use instead:
    /// <!-- type=pipe -->
    /// ```sddl
    /// D:(A;;GA;;;SY)
    /// ```
    ///
    /// ## References
    /// - [ACE Inheritance Rules](https://learn.microsoft.com/windows/win32/secauthz/ace-inheritance-rules)
    name: "inheritance-on-leaf-object",
    category: Suspicious,
    level: Warning,
    fix: Always,
    check: check,
}

fn is_leaf(kind: ObjectKind) -> bool {
    !matches!(
        kind,
        ObjectKind::Directory
            | ObjectKind::RegistryKey
            | ObjectKind::DirectoryServiceObject
            | ObjectKind::WindowStation
            | ObjectKind::Printer
            | ObjectKind::WmiNamespace
    )
}

fn check(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(kind) = rcx.known_kind().filter(|k| is_leaf(*k)) else {
        return;
    };
    for ace in rcx.all_aces() {
        if !has(ace, INHERIT) {
            continue;
        }
        let flags = flags_text(ace.flags & INHERIT);
        let dead = has(ace, ace_flags::INHERIT_ONLY);
        let message = if dead {
            format!(
                "inherit-only ACE on a {}, which has no children: it applies to nothing",
                kind_phrase(kind)
            )
        } else {
            format!(
                "`{flags}` on a {}, which has no children to inherit it",
                kind_phrase(kind)
            )
        };
        let mut d = rcx.diag(ace.spans.flags, message);
        d.note = Some(
            "inheritance flags only matter on containers such as directories and registry keys"
                .into(),
        );
        if dead {
            d.help = Some("drop `IO` and the inheritance flags if the ACE is meant for this object, or remove it".into());
            d.fix = Some(delete_ace(ace, Applicability::Safe));
        } else {
            d.help = Some(format!("remove `{flags}`"));
            let keep = ace.flags & !(INHERIT | ace_flags::NO_PROPAGATE_INHERIT);
            d.fix = Some(Fix {
                title: "remove the inheritance flags".into(),
                edits: vec![replace(ace.spans.flags, flags_text(keep))],
                applicability: Applicability::Safe,
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
            "type=pipe",
            &["D:(A;;GA;;;SY)", "D:(A;ID;GA;;;SY)"],
            &[
                "D:(A;OICI;GA;;;SY)",
                "D:(A;CIIO;GA;;;CO)",
                "D:(A;OINP;FR;;;WD)",
            ],
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn containers_and_guesses() {
        check(&super::RULE, "type=directory", &["D:(A;OICI;FA;;;SY)"], &[]);
        check(&super::RULE, "type=registry", &["D:(A;CI;KA;;;SY)"], &[]);
        check(&super::RULE, "", &["D:(A;OICI;FA;;;SY)"], &[]);
        check(
            &super::RULE,
            "type=service",
            &[],
            &["D:(A;CI;0xf01ff;;;SY)"],
        );
    }
}
