//! Exit statuses, shared by every subcommand. Part of the CLI contract: never renumber.

use std::process::ExitCode;

/// How a run of `sddl` ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// 0: every input was valid (or the consumer of stdout hung up, as with ripgrep).
    Success,
    /// 1: at least one input was invalid SDDL (or not UTF-8).
    Failure,
    /// 2: a usage error or an I/O error; output may be incomplete.
    Error,
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> ExitCode {
        match status {
            ExitStatus::Success => ExitCode::from(0),
            ExitStatus::Failure => ExitCode::from(1),
            ExitStatus::Error => ExitCode::from(2),
        }
    }
}
