use super::{kind_phrase, mask_text, replace, right_names};
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::registry::{declare_rule, RuleContext};
use sddl_core::model::AceType;
use sddl_core::objects::{map_generic, ObjectKind};
use sddl_core::rights::{right_code, GENERIC_ALL, GENERIC_EXECUTE, GENERIC_READ, GENERIC_WRITE};
use sddl_core::Span;

declare_rule! {
    /// ## What it does
    /// Flags a file code (`FA`, `FR`, `FW`, `FX`) on an object that is not a file, directory
    /// or pipe, and a registry code (`KA`, `KR`, `KW`, `KX`) on an object that is not a
    /// registry key, when the object type is given.
    ///
    /// ## Why is this bad?
    /// These codes are fixed numbers, not generic rights: `KR` is `0x20019` everywhere, and on
    /// a file that is `FILE_READ_DATA`, `FILE_READ_EA`, `FILE_WRITE_EA` and `READ_CONTROL`:
    /// a write right the author did not mean. `FA` on a registry key sets bits keys do not
    /// have and misses none, but says something else to the reader.
    ///
    /// ## Example
    /// <!-- type=file -->
    /// ```sddl,expect_diagnostic
    /// D:(A;;KR;;;AU)
    /// ```
    ///
    /// Use instead:
    /// <!-- type=file -->
    /// ```sddl
    /// D:(A;;FR;;;AU)
    /// ```
    ///
    /// ## References
    /// - [ACE strings](https://learn.microsoft.com/windows/win32/secauthz/ace-strings)
    /// - [File Access Rights Constants](https://learn.microsoft.com/windows/win32/fileio/file-access-rights-constants)
    /// - [Registry Key Security and Access Rights](https://learn.microsoft.com/windows/win32/sysinfo/registry-key-security-and-access-rights)
    name: "rights-code-for-other-kind",
    category: Suspicious,
    level: Warning,
    fix: Sometimes,
    check: check,
}

fn generic_of(code: &str) -> u32 {
    match code.as_bytes()[1] {
        b'A' => GENERIC_ALL,
        b'R' => GENERIC_READ,
        b'W' => GENERIC_WRITE,
        _ => GENERIC_EXECUTE,
    }
}

fn check(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(kind) = rcx.known_kind() else { return };
    let file_like = matches!(
        kind,
        ObjectKind::File | ObjectKind::Directory | ObjectKind::NamedPipe
    );
    let registry = kind == ObjectKind::RegistryKey;
    for ace in rcx.all_aces() {
        if ace.ace_type == AceType::SystemMandatoryLabel || !super::has_access_mask(ace.ace_type) {
            continue;
        }
        let written = rcx.rights_text(ace);
        let trimmed = written.trim();
        if trimmed.len() % 2 != 0 || !trimmed.bytes().all(|b| b.is_ascii_alphabetic()) {
            continue;
        }
        let offset = written.len() - written.trim_start().len();
        let found = (0..trimmed.len() / 2).find_map(|i| {
            let code = trimmed[2 * i..2 * i + 2].to_ascii_uppercase();
            let wrong = (code.starts_with('F')
                && !file_like
                && ["FA", "FR", "FW", "FX"].contains(&code.as_str()))
                || (code.starts_with('K')
                    && !registry
                    && ["KA", "KR", "KW", "KX"].contains(&code.as_str()));
            wrong.then_some((i, code))
        });
        let Some((i, code)) = found else { continue };
        let start = ace.spans.rights.start + (offset + 2 * i) as u32;
        let span = Span::new(start, start + 2);
        let value = right_code(code.as_bytes()).unwrap_or(0);
        let family = if code.starts_with('F') {
            "file"
        } else {
            "registry"
        };
        let mut d = rcx.diag(
            span,
            format!(
                "`{code}` is a {family} right; on a {} it means {}",
                kind_phrase(kind),
                right_names(Some(kind), value)
            ),
        );
        d.note = Some(format!("`{code}` is the fixed number `{value:#x}`, not a generic right: on other objects the same bits mean other rights"));
        let suggestion = mask_text(map_generic(kind, generic_of(&code)), false);
        if map_generic(kind, generic_of(&code)) & 0xf000_0000 == 0 {
            d.help = Some(format!(
                "write the {} rights of a {}: `{suggestion}`",
                match generic_of(&code) {
                    GENERIC_ALL => "full-control",
                    GENERIC_READ => "read",
                    GENERIC_WRITE => "write",
                    _ => "execute",
                },
                kind_phrase(kind)
            ));
            if trimmed.len() == 2 {
                d.fix = Some(Fix {
                    title: format!("write `{suggestion}`"),
                    edits: vec![replace(ace.spans.rights, suggestion)],
                    applicability: Applicability::Unsafe,
                });
            }
        } else {
            d.help = Some(format!(
                "write the rights of a {} by name or number",
                kind_phrase(kind)
            ));
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
            &["D:(A;;FR;;;AU)", "D:(A;;GA;;;SY)", "D:(A;;0x20019;;;AU)"],
            &["D:(A;;KR;;;AU)", "D:(A;;SDKW;;;AU)"],
        );
        insta::assert_snapshot!(out);
        let out = check(
            &super::RULE,
            "type=registry",
            &["D:(A;;KA;;;BA)", "D:(A;;KX;;;BU)"],
            &["D:(A;;FA;;;BA)"],
        );
        insta::assert_snapshot!(out);
        check(&super::RULE, "", &["D:(A;;KR;;;AU)(A;;FA;;;SY)"], &[]);
        check(&super::RULE, "type=pipe", &["D:(A;;FR;;;AU)"], &[]);
    }
}
