//! Command-line arguments (clap derive). Only the shape of the command line lives here; what each
//! subcommand does lives in `commands/`.

use clap::{Args, Parser, Subcommand, ValueEnum};
use sddl_core::objects::ObjectKind;
use sddl_core::versions::WindowsVersion;
use sddl_core::{ParseOptions, Sid, SidRef};
use std::ffi::OsString;

const AFTER_HELP: &str = "\
Exit status: 0 when every input is valid, 1 when any input is invalid, 2 on a usage or I/O error.";

/// Parse, format and check Windows security descriptors written in SDDL.
#[derive(Debug, Parser)]
#[command(name = "sddl", version, after_help = AFTER_HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print each security descriptor in Windows' canonical form.
    ///
    /// The canonical form is what `ConvertSecurityDescriptorToStringSecurityDescriptor` prints:
    /// parts in the order O, G, D, S, rights, flags and SIDs spelled the way Windows spells them.
    #[command(after_help = AFTER_HELP)]
    Fmt(FmtArgs),

    /// Explain a security descriptor in plain language: who gets which rights, on what.
    ///
    /// Names each right by its Windows constant for the kind of object (`--type`, or a guess
    /// from the rights used), says what each ACE applies to, and sums up the effective access of
    /// each principal in the DACL.
    #[command(after_help = EXPLAIN_AFTER_HELP)]
    Explain(ExplainArgs),

    /// Convert each security descriptor from SDDL to its binary self-relative form.
    ///
    /// The bytes are those `ConvertStringSecurityDescriptorToSecurityDescriptor` produces.
    #[command(after_help = AFTER_HELP)]
    Encode(EncodeArgs),

    /// Convert each binary self-relative security descriptor (hex or base64) to canonical SDDL.
    #[command(after_help = AFTER_HELP)]
    Decode(DecodeArgs),

    /// Check who can do what: run Windows' access check for one or more principals.
    ///
    /// Answers "can NETWORK SERVICE read and write this duplex pipe?" with the ACE that decided
    /// each right, and proposes the least-privilege ACE when access is denied.
    #[command(after_help = CHECK_AFTER_HELP)]
    Check(CheckArgs),

    /// Lint security descriptors: find grants that are too broad, pipes clients cannot open,
    /// ACEs that do nothing, and more (`sddl rules` lists the rules).
    ///
    /// Findings go to stdout, followed by a summary. Configuration comes from `.sddl-lint.toml`
    /// or `sddl-lint.toml` in the current directory or the nearest parent that has one.
    #[command(after_help = LINT_AFTER_HELP)]
    Lint(LintArgs),

    /// List the lint rules, or print one rule's documentation.
    #[command(after_help = RULES_AFTER_HELP)]
    Rules(RulesArgs),

    /// What a change to a descriptor does: who gains or loses which rights.
    ///
    /// Compares effective access (the access check, with group membership and generic mapping)
    /// for every principal named in either descriptor, plus `--as` principals; reports owner,
    /// group, control-flag, inheritance and SACL changes, and the security lint findings on
    /// the new or changed ACEs. Respellings (`GA` vs `FA`, aliases vs SIDs, reordered ACEs
    /// whose order does not matter) are equivalent.
    #[command(after_help = DIFF_AFTER_HELP)]
    Diff(DiffArgs),

    /// Find SDDL string literals in source trees and lint them (for review bots).
    ///
    /// Walks the paths (respecting `.gitignore`, skipping hidden, binary and >2 MiB files),
    /// extracts string literals by language (C/C++, C#, Java, JS/TS, Go, Rust, Python,
    /// PowerShell; SDDL-looking runs in other text files), and lints those shaped like SDDL,
    /// with the object kind inferred from the code around them.
    #[command(after_help = LINT_AFTER_HELP)]
    Scan(ScanArgs),
}

const DIFF_AFTER_HELP: &str = "\
Exit status: 0 when the two descriptors are equivalent in effect, 1 when they differ, 2 on an \
error (invalid SDDL, unknown principal, kind that cannot be guessed).
Colour: only when stdout is a terminal and NO_COLOR is unset.";

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// What the descriptors protect (file, directory, pipe, registry, service, ...). Default:
    /// guessed from the rights used (new descriptor first), and said so.
    #[arg(long = "type", value_name = "KIND", value_parser = kind_parser(), ignore_case = true)]
    pub kind: Option<ObjectKind>,

    /// Domain SID that domain-relative aliases (`DA`, `DU`, `LA`, ...) resolve against.
    #[arg(long, value_name = "SID", value_parser = parse_domain_sid)]
    pub domain_sid: Option<Sid>,

    /// Also compare this principal (repeatable): a preset, an alias or a SID, as `check --as`.
    /// Useful for someone named in no ACE who gains through a group (`--as NS` when an
    /// Authenticated Users ACE is added).
    #[arg(long = "as", value_name = "PRINCIPAL")]
    pub principals: Vec<String>,

    /// Output format: `human` for a terminal, `json` for programs (see docs/cli.md).
    #[arg(long, value_enum, default_value_t = ExplainFormat::Human)]
    pub format: ExplainFormat,

    /// The descriptor before the change, in SDDL.
    #[arg(value_name = "OLD")]
    pub old: OsString,

    /// The descriptor after the change, in SDDL.
    #[arg(value_name = "NEW")]
    pub new: OsString,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// What the descriptors protect, for every literal (overrides what the code suggests; an
    /// inline `sddl-lint: type=...` comment still wins).
    #[arg(long = "type", value_name = "KIND", value_parser = kind_parser(), ignore_case = true)]
    pub kind: Option<ObjectKind>,

    #[command(flatten)]
    pub config: ConfigArgs,

    /// Output format: `human`, `json` (one array of findings with path, line and column),
    /// `sarif`, `github` (workflow commands), `rdjson` (reviewdog's diagnostic format).
    #[arg(long, value_enum, default_value_t = ScanFormat::Human)]
    pub format: ScanFormat,

    /// Exit 0 even when there are findings.
    #[arg(long)]
    pub exit_zero: bool,

    /// List every SDDL literal found, clean or not, with the object kind and pipe mode it is
    /// linted for, instead of findings (`--format human` or `json`).
    #[arg(long, conflicts_with_all = ["baseline", "write_baseline"])]
    pub inventory: bool,

    /// Report only findings on lines changed since REV in git (and in untracked files).
    #[arg(long, value_name = "REV", visible_alias = "changed-since")]
    pub diff: Option<String>,

    /// Accepted findings: those in FILE (written by --write-baseline) are not reported.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<std::path::PathBuf>,

    /// Write every finding to FILE as a baseline, report none, exit 0.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["baseline", "diff"])]
    pub write_baseline: Option<std::path::PathBuf>,

    /// Threads that walk and lint (default: the available parallelism). The output is the
    /// same for any number: sorted by path, line, column and code.
    #[arg(long, value_name = "N")]
    pub threads: Option<std::num::NonZeroUsize>,

    /// Files and directories to scan (default: the current directory).
    #[arg(value_name = "PATH")]
    pub paths: Vec<std::path::PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ScanFormat {
    /// For a terminal (miette diagnostics and a summary); `text` is accepted too.
    #[value(alias = "text")]
    Human,
    Json,
    Sarif,
    Github,
    /// Reviewdog's diagnostic format (`reviewdog -f=rdjson`).
    Rdjson,
}

/// Where the lint configuration comes from, and the command line's rule selection on top of it
/// (`sddl lint`, `sddl scan`).
#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Read the configuration from FILE instead of looking for one.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<std::path::PathBuf>,

    /// Use no configuration file: every rule at its default severity.
    #[arg(long)]
    pub no_config: bool,

    /// Check the policies of this TOML file too (replaces the configuration's `policy`; a
    /// policy's `paths` limit it to those files; see docs/policies.md).
    #[arg(long, value_name = "FILE")]
    pub policy: Option<std::path::PathBuf>,

    /// Run only these rules (comma-separated codes, names, code prefixes, categories or
    /// `ALL`); replaces the configuration's `select` and `extend-select`.
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub select: Vec<String>,

    /// Do not run these rules (comma-separated, as --select); adds to the configuration's
    /// `ignore`.
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub ignore: Vec<String>,

    /// The oldest Windows version the descriptors must load on: `newer-than-target` (SDDL047)
    /// reports aliases and ACE types it does not read. VERSION: vista, 7, 2008r2, 8, 2012, 8.1,
    /// 2012r2, 10, 2016, 2019, 2022, 11. Overrides the rule's `min-windows` option.
    #[arg(long, value_name = "VERSION", value_parser = parse_min_windows)]
    pub min_windows: Option<WindowsVersion>,
}

fn parse_min_windows(text: &str) -> Result<WindowsVersion, String> {
    text.parse()
}

const LINT_AFTER_HELP: &str = "\
Exit status: 0 when there is no finding at error or warning level (info findings never fail), \
1 when there is one (an input that is not valid SDDL counts as an error), 2 on a usage, \
configuration or I/O error. --exit-zero turns 1 into 0.";

const RULES_AFTER_HELP: &str = "\
Exit status: 0 on success, 1 when the rule asked for was removed, 2 when no rule has that code \
or name.";

#[derive(Debug, Args)]
pub struct LintArgs {
    /// What the descriptors protect (file, directory, pipe, registry, service, ...). Default:
    /// the configuration's, else guessed from the rights used.
    #[arg(long = "type", value_name = "KIND", value_parser = kind_parser(), ignore_case = true)]
    pub kind: Option<ObjectKind>,

    /// How a named pipe's server opens the pipe (implies `--type pipe`).
    #[arg(long, value_enum)]
    pub pipe_mode: Option<PipeMode>,

    /// Who is meant to open the object (repeatable): an SDDL alias (`NS`) or a SID (`S-1-5-20`).
    #[arg(long = "client", value_name = "PRINCIPAL")]
    pub clients: Vec<String>,

    /// Domain SID that domain-relative aliases (`DA`, `DU`, `LA`, ...) resolve against.
    #[arg(long, value_name = "SID", value_parser = parse_domain_sid)]
    pub domain_sid: Option<Sid>,

    #[command(flatten)]
    pub config: ConfigArgs,

    /// Output format: `text` for a terminal, `json` (one object per input), `sarif` (one
    /// SARIF 2.1.0 log), `github` (workflow commands that annotate a pull request).
    #[arg(long, value_enum, default_value_t = LintFormat::Human)]
    pub format: LintFormat,

    /// Exit 0 even when there are findings.
    #[arg(long)]
    pub exit_zero: bool,

    /// Security descriptors in SDDL. None, or `-`: read one per line from stdin.
    #[arg(value_name = "SDDL")]
    pub inputs: Vec<OsString>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    /// For a terminal (miette diagnostics and a summary); `text` is accepted too.
    #[value(alias = "text")]
    Human,
    Json,
    Sarif,
    Github,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// A rule's code (`SDDL001`) or name (`everyone-full-control`): print its documentation.
    #[arg(value_name = "CODE_OR_NAME")]
    pub rule: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

const CHECK_AFTER_HELP: &str = "\
Principals (--as, --creator): a preset name (network-service, local-service, system, \
interactive-user, admin-elevated, admin-filtered, network-user, anonymous, iis-apppool, \
low-integrity, appcontainer), an SDDL alias (NS, LS, SY, IU, ...) or a SID (S-1-5-20). A SID \
with no preset becomes a token with that user SID plus Everyone and Authenticated Users at \
medium integrity.

Rights (--want): SDDL rights (GRGW, FA, 0x12019f), the kind's right names comma-separated \
(FILE_READ_DATA,FILE_WRITE_DATA), MAXIMUM_ALLOWED, or read, write, read-write, execute, full. Default: read-write on a duplex pipe, read on an inbound-only client end, write on an \
outbound-only one, otherwise max (MAXIMUM_ALLOWED: report everything granted).

Policies (--policy FILE): the policies of a TOML file are checked instead (docs/policies.md); \
the findings are those of `sddl lint`, --format human or json.

Exit status: 0 every principal is granted what it asks (with --policy: every descriptor \
follows the policies), 1 any is denied (a policy is violated, or the SDDL is invalid), 2 usage \
error (or a policy file that cannot be read or is invalid).";

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// What the descriptor protects (file, directory, pipe, registry, service, process, ...).
    /// Default: guessed from the rights used, and said so.
    #[arg(long = "type", value_name = "KIND", value_parser = kind_parser(), ignore_case = true)]
    pub kind: Option<ObjectKind>,

    /// Domain SID that domain-relative aliases (`DA`, `DU`, `LA`, ...) resolve against.
    #[arg(long, value_name = "SID", value_parser = parse_domain_sid)]
    pub domain_sid: Option<Sid>,

    /// Who asks (repeatable): a preset, an alias or a SID.
    #[arg(
        long = "as",
        value_name = "PRINCIPAL",
        required_unless_present_any = ["tokens", "policy"]
    )]
    pub principals: Vec<String>,

    /// Check the policies of this TOML file instead of principals (see docs/policies.md):
    /// findings as `sddl lint` reports them; several SDDL arguments, or stdin lines.
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with_all = ["principals", "tokens", "access", "creator"]
    )]
    pub policy: Option<std::path::PathBuf>,

    /// A token described in a TOML or JSON file (repeatable): user, groups, privileges,
    /// integrity, claims; `preset = "..."` starts from a preset (see docs/access-check.md).
    #[arg(long = "token", value_name = "FILE")]
    pub tokens: Vec<std::path::PathBuf>,

    /// The rights asked for (see below).
    #[arg(long = "want", visible_alias = "access", value_name = "RIGHTS")]
    pub access: Option<String>,

    /// How a pipe client opens the pipe; sets the default --access for pipes.
    #[arg(long, value_enum)]
    pub pipe_mode: Option<PipeMode>,

    /// Who creates the object: a descriptor without owner or group gets them from this token.
    #[arg(long, value_name = "PRINCIPAL")]
    pub creator: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ExplainFormat::Human)]
    pub format: ExplainFormat,

    /// The security descriptor in SDDL; `-` reads it from stdin (one line). With --policy:
    /// any number, and none or `-` reads one per line from stdin.
    #[arg(value_name = "SDDL", required_unless_present = "policy")]
    pub sddl: Vec<OsString>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PipeMode {
    Duplex,
    Inbound,
    Outbound,
}

impl From<PipeMode> for sddl_lint::PipeMode {
    fn from(m: PipeMode) -> Self {
        match m {
            PipeMode::Duplex => sddl_lint::PipeMode::Duplex,
            PipeMode::Inbound => sddl_lint::PipeMode::Inbound,
            PipeMode::Outbound => sddl_lint::PipeMode::Outbound,
        }
    }
}

const EXPLAIN_AFTER_HELP: &str = "\
Exit status: 0 when the descriptor is valid, 1 when it is not, 2 on a usage or I/O error.
Colour: only when stdout is a terminal and NO_COLOR is unset. Width: the terminal's, or the
COLUMNS environment variable when set, else 100.";

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// What the descriptor protects, which decides what each right means (`file`, `directory`,
    /// `pipe`, `registry`, `service`, `ad`, ...). Without it the kind is guessed from the rights
    /// used, and said to be a guess.
    #[arg(long = "type", value_name = "KIND", value_parser = kind_parser(), ignore_case = true)]
    pub kind: Option<ObjectKind>,

    /// Domain SID that domain-relative aliases (`DA`, `DU`, `LA`, ...) resolve against.
    #[arg(long, value_name = "SID", value_parser = parse_domain_sid)]
    pub domain_sid: Option<Sid>,

    /// Output format: `human` for a terminal, `json` for programs (see docs/cli.md).
    #[arg(long, value_enum, default_value_t = ExplainFormat::Human)]
    pub format: ExplainFormat,

    /// The security descriptor in SDDL; `-` reads it from stdin (one line).
    #[arg(value_name = "SDDL")]
    pub input: OsString,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub struct EncodeArgs {
    /// Domain SID that domain-relative aliases (`DA`, `DU`, `LA`, ...) resolve against; without
    /// it, a descriptor that uses one cannot be encoded.
    #[arg(long, value_name = "SID", value_parser = parse_domain_sid)]
    pub domain_sid: Option<Sid>,

    /// Output format: `hex` or `base64` print one line per valid input and render errors on
    /// stderr; `json` prints one JSON object per input on stdout (with the bytes in hex).
    #[arg(long, value_enum, default_value_t = EncodeFormat::Hex)]
    pub format: EncodeFormat,

    /// Security descriptors in SDDL. None, or `-`: read one per line from stdin.
    #[arg(value_name = "SDDL")]
    pub inputs: Vec<OsString>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum EncodeFormat {
    Hex,
    Base64,
    Json,
}

#[derive(Debug, Args)]
pub struct DecodeArgs {
    /// Domain SID that SIDs in that domain print as aliases against (`S-1-5-21-…-500` prints as
    /// `LA`), as with `fmt`.
    #[arg(long, value_name = "SID", value_parser = parse_domain_sid)]
    pub domain_sid: Option<Sid>,

    /// Output format: `text` prints the canonical SDDL of each valid input and renders errors
    /// on stderr; `json` prints one JSON object per input on stdout.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Binary security descriptors, in hex (whitespace allowed) or base64, detected per input.
    /// None, or `-`: read one per line from stdin.
    #[arg(value_name = "HEX_OR_BASE64")]
    pub inputs: Vec<OsString>,
}

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Domain SID that domain-relative aliases (`DA`, `DU`, `LA`, ...) resolve against, and that
    /// SIDs in that domain print as aliases against.
    #[arg(long, value_name = "SID", value_parser = parse_domain_sid)]
    pub domain_sid: Option<Sid>,

    /// Output format: `text` prints one canonical string per valid input and renders errors on
    /// stderr; `json` prints one JSON object per input on stdout.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Security descriptors in SDDL. None, or `-`: read one per line from stdin.
    #[arg(value_name = "SDDL")]
    pub inputs: Vec<OsString>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// `--type`: the kind names of `sddl-core` (`file`, `pipe`, `registry`, ...) and their aliases,
/// listed with their summaries in `--help`.
fn kind_parser() -> impl clap::builder::TypedValueParser<Value = ObjectKind> {
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
    let values = ObjectKind::ALL.iter().map(|k| {
        PossibleValue::new(k.name())
            .aliases(k.aliases().iter().copied())
            .help(k.summary())
    });
    PossibleValuesParser::new(values).map(|name| {
        ObjectKind::from_name(&name).expect("clap accepts only the names of ObjectKind::ALL")
    })
}

/// Parses `--domain-sid` with the core grammar (as the owner of `O:<sid>`), so that there is one
/// SID parser. Only a numeric SID (`S-1-5-21-...`) is a domain SID; an alias is refused.
fn parse_domain_sid(text: &str) -> Result<Sid, String> {
    let numeric = text.len() >= 2 && text.as_bytes()[..2].eq_ignore_ascii_case(b"S-");
    if !numeric {
        return Err("expected a SID such as `S-1-5-21-1004336348-1177238915-682003330`".into());
    }
    let parsed = sddl_core::parse(&format!("O:{text}"), &ParseOptions::default());
    if let Some(err) = parsed.errors.first() {
        return Err(err.message.clone());
    }
    let sd = parsed.sd;
    match sd.owner {
        Some(owner) if sd.group.is_none() && sd.dacl.is_none() && sd.sacl.is_none() => {
            match owner.sid {
                SidRef::Sid(sid) => Ok(sid),
                SidRef::Unresolved(_) => Err("expected a SID, not an alias".into()),
            }
        }
        _ => Err("not a SID".into()),
    }
}
