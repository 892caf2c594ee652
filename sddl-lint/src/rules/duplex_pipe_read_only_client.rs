use super::pipe_client_missing_access::check_clients;
use crate::diagnostic::Diagnostic;
use crate::registry::{declare_rule, RuleContext};
use crate::PipeMode;

/// What a duplex pipe's client needs: `GENERIC_READ | GENERIC_WRITE` mapped for a pipe
/// (`FILE_GENERIC_READ | FILE_GENERIC_WRITE` = `0x12019f`) without `FILE_CREATE_PIPE_INSTANCE`
/// (`0x4`), which the named-pipe file system strips from a client's desired access:
/// `SYNCHRONIZE | READ_CONTROL | FILE_WRITE_ATTRIBUTES | FILE_READ_ATTRIBUTES | FILE_WRITE_EA |
/// FILE_READ_EA | FILE_WRITE_DATA | FILE_READ_DATA`.
pub(crate) const DUPLEX_CLIENT: u32 = (0x0012_0089 | 0x0012_0116) & !0x4;

declare_rule! {
    /// ## What it does
    /// On a duplex named pipe (`pipe-mode=duplex`), flags an intended client that the DACL lets
    /// read but not write, or that it grants nothing: such a client cannot open the pipe.
    ///
    /// ## Why is this bad?
    /// A client of a duplex pipe opens it with `GENERIC_READ | GENERIC_WRITE`, which on a pipe
    /// maps to `FILE_GENERIC_READ | FILE_GENERIC_WRITE` (`0x12019f`). Windows grants the open
    /// only when the DACL allows all of it, except `FILE_CREATE_PIPE_INSTANCE` (`0x4`), which
    /// the named-pipe file system does not check for clients. A pipe whose DACL gives the
    /// client read access only (Windows' default pipe DACL gives Everyone read) fails with
    /// `ERROR_ACCESS_DENIED`: the classic case is a web application running as
    /// `NETWORK SERVICE` that cannot connect to a local service. The least privilege that
    /// works is `0x12019b`: read and write without creating pipe instances.
    ///
    /// ## Example
    /// <!-- type=pipe pipe-mode=duplex client=NS -->
    /// ```sddl,expect_diagnostic
    /// D:(A;;GA;;;SY)(A;;GA;;;BA)(A;;GR;;;WD)
    /// ```
    ///
    /// Use instead:
    /// <!-- type=pipe pipe-mode=duplex client=NS -->
    /// ```sddl
    /// D:(A;;GA;;;SY)(A;;GA;;;BA)(A;;0x12019b;;;NS)
    /// ```
    ///
    /// ## References
    /// - [Named Pipe Security and Access Rights](https://learn.microsoft.com/windows/win32/ipc/named-pipe-security-and-access-rights)
    /// - [CreateNamedPipe: `PIPE_ACCESS_DUPLEX`](https://learn.microsoft.com/windows/win32/api/winbase/nf-winbase-createnamedpipea)
    /// - [File Security and Access Rights](https://learn.microsoft.com/windows/win32/fileio/file-security-and-access-rights)
    name: "duplex-pipe-read-only-client",
    category: Correctness,
    level: Error,
    fix: Sometimes,
    check: check,
}

fn check(rcx: &RuleContext<'_>, out: &mut Vec<Diagnostic>) {
    check_clients(rcx, out, PipeMode::Duplex, DUPLEX_CLIENT);
}

#[cfg(test)]
mod tests {
    use crate::testing::check;

    #[test]
    fn vectors() {
        let out = check(
            &super::RULE,
            "type=pipe pipe-mode=duplex client=NS",
            &[
                "D:(A;;GA;;;SY)(A;;0x12019b;;;NS)",
                "D:(A;;GRGW;;;AU)",
                "D:(A;;0x12019f;;;WD)",
                "D:NO_ACCESS_CONTROL",
                // No DACL part: not this rule's business (missing-dacl).
                "O:SY",
                // The deny for `NS` comes after the allow to Everyone: too late to matter.
                "D:(D;;FW;;;NU)(A;;0x12019b;;;WD)(D;;GA;;;NS)",
            ],
            &[
                "D:(A;;GA;;;SY)(A;;GA;;;BA)(A;;GR;;;WD)",
                "D:(A;;GA;;;SY)(A;;GR;;;NS)",
                "D:(A;;GA;;;SY)",
                "D:",
                "D:(D;;0x2;;;NS)(A;;0x12019b;;;NS)",
                "D:(A;;0x100003;;;NS)(A;ID;FA;;;SY)",
            ],
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn other_modes_and_kinds_are_not_judged() {
        check(
            &super::RULE,
            "type=pipe pipe-mode=inbound client=NS",
            &["D:(A;;GR;;;NS)"],
            &[],
        );
        check(
            &super::RULE,
            "type=pipe client=NS",
            &["D:(A;;GR;;;NS)"],
            &[],
        );
        check(
            &super::RULE,
            "type=pipe pipe-mode=duplex",
            &["D:(A;;GR;;;WD)"],
            &[],
        );
    }
}
