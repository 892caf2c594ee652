use super::{mask_text, replace};
use crate::context::KindSource;
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::registry::{declare_rule, RuleContext};
use sddl_core::model::AceType;
use sddl_core::objects::{Confidence, ObjectKind};

declare_rule! {
    /// ## What it does
    /// Flags rights written as a number that has a two-letter name: `0x1f01ff` is `FA`,
    /// `0x120089` is `FR`, `0x20019` is `KR`, and a mandatory label's `0x1` is `NW`. File
    /// codes are suggested for files, directories, pipes and unknown objects; registry codes
    /// only for registry keys (the same numbers mean other rights elsewhere, such as
    /// `SC_MANAGER_ALL_ACCESS` for `0xf003f`).
    ///
    /// ## Why is this bad?
    /// Readers (and reviewers) know `FA` and `KR`; few know their hex values. Windows itself
    /// prints these masks by name.
    ///
    /// ## Example
    /// ```sddl,expect_diagnostic
    /// D:(A;;0x1f01ff;;;SY)
    /// ```
    ///
    /// Use instead:
    /// ```sddl
    /// D:(A;;FA;;;SY)
    /// ```
    ///
    /// ## References
    /// - [ACE strings](https://learn.microsoft.com/windows/win32/secauthz/ace-strings)
    name: "numeric-mask-has-name",
    category: Style,
    level: Info,
    fix: Always,
    check: check,
}

const FILE_CODES: [&str; 4] = ["FA", "FR", "FW", "FX"];
const KEY_CODES: [&str; 3] = ["KA", "KR", "KW"];

fn check(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    let registry = match rcx.kind {
        KindSource::Given(k) | KindSource::PipeMode(k) => *k == ObjectKind::RegistryKey,
        KindSource::Guessed(g) => {
            g.kind == ObjectKind::RegistryKey && g.confidence > Confidence::Low
        }
        KindSource::Unknown => false,
    };
    let file_like = matches!(
        rcx.kind(),
        None | Some(ObjectKind::File | ObjectKind::Directory | ObjectKind::NamedPipe)
    );
    for ace in rcx.all_aces() {
        let written = rcx.rights_text(ace).trim();
        if !written.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+') {
            continue;
        }
        let label = ace.ace_type == AceType::SystemMandatoryLabel;
        let name = mask_text(ace.mask, label);
        let ok = if label {
            !name.is_empty() && !name.starts_with("0x")
        } else {
            (file_like && FILE_CODES.contains(&name.as_str()))
                || (registry && KEY_CODES.contains(&name.as_str()))
        };
        if !ok {
            continue;
        }
        let mut d = rcx.diag(ace.spans.rights, format!("`{written}` is `{name}`"));
        d.help = Some(format!("write `{name}`"));
        d.fix = Some(Fix {
            title: format!("write `{name}`"),
            edits: vec![replace(ace.spans.rights, name)],
            applicability: Applicability::Safe,
        });
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
            "",
            &[
                "D:(A;;FA;;;SY)",
                "D:(A;;0x12019b;;;NS)",
                "D:(A;;0xf003f;;;BA)",
                "D:(A;;0x1;;;WD)",
            ],
            &[
                "D:(A;;0x1f01ff;;;SY)",
                "D:(A;;1179785;;;AU)",
                "S:(ML;;0x1;;;LW)",
            ],
        );
        insta::assert_snapshot!(out);
        check(
            &super::RULE,
            "type=registry",
            &["D:(A;;0x1f01ff;;;BA)"],
            &["D:(A;;0xf003f;;;BA)"],
        );
        check(&super::RULE, "type=scm", &["D:(A;;0xf003f;;;BA)"], &[]);
    }
}
