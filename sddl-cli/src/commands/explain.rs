//! `sddl explain` (being written).
use crate::args::ExplainArgs;
use crate::commands::{CommandError, Streams};
use crate::exit::ExitStatus;
use std::io::{Read, Write};

pub fn run<R: Read, W: Write>(
    _args: &ExplainArgs,
    streams: &mut Streams<R, W>,
) -> Result<ExitStatus, CommandError> {
    streams
        .out
        .note("sddl: error: `explain` is not implemented yet\n")?;
    Ok(ExitStatus::Error)
}
