//! One module per subcommand. Each takes its parsed arguments and the process's streams, writes
//! its output, and returns an [`ExitStatus`] or a [`CommandError`]; only `main` turns those into
//! an exit code.

pub mod check;
pub mod decode;
pub mod diff;
pub mod encode;
pub mod explain;
pub mod fmt;
pub mod lint;
pub mod rules;
pub mod scan;

use crate::args::Command;
use crate::exit::ExitStatus;
use crate::input::InputError;
use crate::render::{DiagnosticRenderer, InputReport};
use std::fmt as stdfmt;
use std::io::{self, BufReader, BufWriter, Read, Write};

/// The process's streams, as a command sees them.
pub struct Streams<R: Read, W: Write> {
    pub stdin: BufReader<R>,
    pub out: Output<W>,
}

/// Where results go: stdout (buffered) and rendered diagnostics on stderr.
pub struct Output<W: Write> {
    stdout: BufWriter<W>,
    diagnostics: DiagnosticRenderer,
}

impl<W: Write> Output<W> {
    pub fn new(stdout: BufWriter<W>, diagnostics: DiagnosticRenderer) -> Self {
        Output {
            stdout,
            diagnostics,
        }
    }

    /// Writes to stdout, telling a closed pipe apart from other failures.
    pub fn write(&mut self, bytes: &[u8]) -> Result<(), CommandError> {
        self.stdout.write_all(bytes).map_err(CommandError::stdout)
    }

    pub fn flush(&mut self) -> Result<(), CommandError> {
        self.stdout.flush().map_err(CommandError::stdout)
    }

    /// Renders a diagnostic to stderr, after flushing stdout so that the two streams interleave
    /// in order on a terminal. A failing stderr is ignored: there is nowhere left to report it.
    ///
    /// Parse errors must go through [`Output::report`] with an [`InputReport`]: it windows long
    /// inputs, and miette panics on a label past column 65,535.
    pub fn diagnostic(&mut self, diagnostic: &dyn miette::Diagnostic) -> Result<(), CommandError> {
        let text = self.diagnostics.render(diagnostic);
        self.flush()?;
        let _ = io::stderr().lock().write_all(text.as_bytes());
        Ok(())
    }
}

impl<W: Write> Output<W> {
    /// Writes plain text to stderr (a note after a diagnostic), in order with stdout.
    pub fn note(&mut self, text: &str) -> Result<(), CommandError> {
        self.flush()?;
        let _ = io::stderr().lock().write_all(text.as_bytes());
        Ok(())
    }

    /// Renders the errors of one input on stderr, then a note counting those not drawn.
    pub fn report(&mut self, report: &InputReport<'_>) -> Result<(), CommandError> {
        self.diagnostic(report)?;
        match report.omitted() {
            0 => Ok(()),
            n => self.note(&format!(
                "  … and {n} more error{} (`--format json` lists them all)\n",
                if n == 1 { "" } else { "s" }
            )),
        }
    }
}

/// Serialises one JSON value into `buf` (without a newline).
pub fn write_json<T: serde::Serialize>(buf: &mut Vec<u8>, value: &T) -> Result<(), CommandError> {
    // Writing these DTOs into a Vec does not fail (every key is a string); if it ever did, say so
    // rather than print a partial object.
    serde_json::to_writer(buf, value).map_err(|e| CommandError::Io {
        action: "cannot serialise JSON",
        error: e.into(),
    })
}

/// Writes serialised JSON values into `buf` as one array, then a newline.
pub fn json_array(buf: &mut Vec<u8>, items: &[Vec<u8>]) {
    buf.reserve(2 + items.iter().map(|i| i.len() + 1).sum::<usize>());
    buf.push(b'[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        buf.extend_from_slice(item);
    }
    buf.extend_from_slice(b"]\n");
}

/// Why a command stopped early.
#[derive(Debug)]
pub enum CommandError {
    /// Whoever read stdout went away (`sddl fmt - | head -1`): stop quietly, exit 0, as ripgrep
    /// does.
    StdoutClosed,
    /// Reading input or writing output failed: report, exit 2.
    Io {
        action: &'static str,
        error: io::Error,
    },
}

impl CommandError {
    pub fn stdout(error: io::Error) -> Self {
        if error.kind() == io::ErrorKind::BrokenPipe {
            CommandError::StdoutClosed
        } else {
            CommandError::Io {
                action: "cannot write to stdout",
                error,
            }
        }
    }
}

impl From<InputError<CommandError>> for CommandError {
    fn from(e: InputError<CommandError>) -> Self {
        match e {
            InputError::Read(error) => CommandError::Io {
                action: "cannot read stdin",
                error,
            },
            InputError::Handler(e) => e,
        }
    }
}

impl stdfmt::Display for CommandError {
    fn fmt(&self, f: &mut stdfmt::Formatter<'_>) -> stdfmt::Result {
        match self {
            CommandError::StdoutClosed => f.write_str("stdout was closed"),
            CommandError::Io { action, error } => write!(f, "{action}: {error}"),
        }
    }
}

pub fn run<R: Read, W: Write>(
    command: Command,
    streams: &mut Streams<R, W>,
) -> Result<ExitStatus, CommandError> {
    match command {
        Command::Fmt(args) => fmt::run(&args, streams),
        Command::Explain(args) => explain::run(&args, streams),
        Command::Encode(args) => encode::run(&args, streams),
        Command::Decode(args) => decode::run(&args, streams),
        Command::Check(args) => check::run(&args, streams),
        Command::Lint(args) => lint::run(&args, streams),
        Command::Rules(args) => rules::run(&args, streams),
        Command::Diff(args) => diff::run(&args, streams),
        Command::Scan(args) => scan::run(&args, streams),
    }
}
