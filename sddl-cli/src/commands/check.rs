//! `sddl check`: Windows' access check for one or more principals, with the reason for every
//! right and, when access is denied, the least-privilege ACE that fixes it.
//!
//! The engine is `sddl_core::access`; this module picks the tokens and the request from the
//! arguments and renders the result (human text or one JSON object per principal).

use crate::args::{CheckArgs, ExplainFormat as CheckFormat, LintFormat, PipeMode};
use crate::commands::{lint, CommandError, Streams};
use crate::exit::ExitStatus;
use crate::render::{InputReport, SourceName};
use sddl_core::access::{
    check, presets::principal_token, suggest, AccessRequest, AccessResult, AceOutcome, BitSource,
    SkipReason, SuggestOptions, SuggestOutcome, SuggestWarning, Token,
};
use sddl_core::objects::{decompose, describe_mask, guess_kind, parse_rights, ObjectKind};
use sddl_core::rights::{GENERIC_READ, GENERIC_WRITE, MAXIMUM_ALLOWED};
use sddl_core::{parse, FormatOptions, ParseOptions, Report, SecurityDescriptor, Sid, SidRef};
use sddl_lint::policy::POLICY_RULES;
use sddl_lint::{Config, LintContext, Settings};
use serde::Serialize;
use std::fmt::Write as _;
use std::io::{Read, Write};

pub fn run<R: Read, W: Write>(
    args: &CheckArgs,
    streams: &mut Streams<R, W>,
) -> Result<ExitStatus, CommandError> {
    if let Some(path) = &args.policy {
        return run_policy(args, path, streams);
    }
    let arg = match args.sddl.as_slice() {
        [one] => match one.to_str() {
            Some(s) => s.to_string(),
            None => return usage(streams, "the descriptor is not UTF-8"),
        },
        _ => {
            return usage(
                streams,
                "give one descriptor (several are checked only against --policy)",
            )
        }
    };
    let popts = ParseOptions {
        domain_sid: args.domain_sid,
    };
    // `-`: the descriptor is the first line of stdin (for descriptors longer than an argument
    // may be).
    let text = if arg == "-" {
        let mut line = Vec::new();
        std::io::BufRead::read_until(&mut streams.stdin, b'\n', &mut line).map_err(|error| {
            CommandError::Io {
                action: "cannot read stdin",
                error,
            }
        })?;
        while matches!(line.last(), Some(b'\n' | b'\r')) {
            line.pop();
        }
        match String::from_utf8(line) {
            Ok(t) => t,
            Err(_) => return usage(streams, "the descriptor on stdin is not UTF-8"),
        }
    } else {
        arg
    };
    let parsed = parse(&text, &popts);
    if !parsed.errors.is_empty() {
        let report = Report {
            source_code: text.clone(),
            errors: parsed.errors,
        };
        // Through `InputReport`, which windows long inputs (miette cannot draw a label past
        // column 65,535).
        streams
            .out
            .report(&InputReport::new(&report, SourceName::Anonymous))?;
        return Ok(ExitStatus::Failure);
    }
    let sd = parsed.sd;

    // What kind of object, and whether we guessed it.
    let (kind, guessed) = match args.kind {
        Some(k) => (k, None),
        None => match guess_kind(&sd) {
            Some(g) => (g.kind, Some(g.to_string())),
            None => (
                ObjectKind::File,
                Some("nothing to go on; checked as a file".to_string()),
            ),
        },
    };

    let desired = match &args.access {
        Some(spec) => match parse_access(spec, kind) {
            Ok(m) => m,
            Err(msg) => return usage(streams, &msg),
        },
        None => default_access(kind, args.pipe_mode),
    };

    let creator = match &args.creator {
        Some(p) => match token_for(p, args.domain_sid) {
            Ok(t) => Some(t),
            Err(msg) => return usage(streams, &msg),
        },
        None => None,
    };

    let mut tokens = Vec::new();
    for p in &args.principals {
        match token_for(p, args.domain_sid) {
            Ok(t) => tokens.push((p.clone(), t)),
            Err(msg) => return usage(streams, &msg),
        }
    }
    for path in &args.tokens {
        match token_from_file(path, args.domain_sid) {
            Ok(t) => tokens.push((path.display().to_string(), t)),
            Err(msg) => return usage(streams, &msg),
        }
    }

    let fopts = FormatOptions {
        domain_sid: args.domain_sid,
    };
    let mut status = ExitStatus::Success;
    let mut text = String::new();
    for (asked_as, token) in &tokens {
        let mut req = AccessRequest::new(kind, desired);
        req.domain_sid = args.domain_sid;
        req.creator = creator.clone();
        let result = check(&sd, token, &req);
        let fix = if result.allowed() {
            None
        } else {
            status = ExitStatus::Failure;
            Some(suggest(&sd, token, &req, &SuggestOptions::default()))
        };
        match args.format {
            CheckFormat::Human => human(
                &mut text,
                &sd,
                token,
                &result,
                fix.as_ref(),
                guessed.as_deref(),
                &fopts,
            ),
            CheckFormat::Json => {
                let dto = json(
                    asked_as,
                    &sd,
                    token,
                    &result,
                    fix.as_ref(),
                    guessed.as_deref(),
                    &fopts,
                );
                text.push_str(&serde_json::to_string(&dto).expect("plain data serialises"));
                text.push('\n');
            }
        }
    }
    streams.out.write(text.as_bytes())?;
    streams.out.flush()?;
    Ok(status)
}

/// `--policy FILE`: the policy rules alone over each descriptor, reported as `sddl lint`
/// reports findings (human or JSON). Exit 0 when every descriptor follows the policies, 1 on a
/// violation or invalid SDDL, 2 when the policy file cannot be read or is invalid.
fn run_policy<R: Read, W: Write>(
    args: &CheckArgs,
    path: &std::path::Path,
    streams: &mut Streams<R, W>,
) -> Result<ExitStatus, CommandError> {
    let source = lint::PolicySource {
        flag: Some(path),
        config_file: None,
    };
    let set = match lint::load_policies(source, &Config::default(), "check", &mut streams.out)? {
        Ok(Some(set)) => set,
        Ok(None) => return Ok(ExitStatus::Error),
        Err(status) => return Ok(status),
    };
    let cx = LintContext {
        kind: args.kind,
        pipe_mode: args.pipe_mode.map(sddl_lint::PipeMode::from),
        clients: Vec::new(),
        domain_sid: args.domain_sid,
        everyone_includes_anonymous: false,
        min_windows: None,
    };
    let settings = Settings::only(&POLICY_RULES).with_policies(&set, None);
    let format = match args.format {
        CheckFormat::Human => LintFormat::Human,
        CheckFormat::Json => LintFormat::Json,
    };
    let failed = lint::lint_inputs(&args.sddl, streams, format, cx, settings)?;
    Ok(if failed {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

fn usage<R: Read, W: Write>(
    streams: &mut Streams<R, W>,
    msg: &str,
) -> Result<ExitStatus, CommandError> {
    streams.out.note(&format!("sddl check: error: {msg}\n"))?;
    Ok(ExitStatus::Error)
}

/// The token for a principal (`--as`, `--creator`): [`principal_token`], the one reading of
/// principal names that `check`, `diff` and policies share.
pub(crate) fn token_for(principal: &str, domain: Option<Sid>) -> Result<Token, String> {
    principal_token(principal, domain.as_ref()).map_err(|e| e.to_string())
}

/// A token described in a TOML (`.toml`) or JSON file: [`sddl_core::access::TokenSpec`].
fn token_from_file(path: &std::path::Path, domain: Option<Sid>) -> Result<Token, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read token file {}: {e}", path.display()))?;
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        || text.trim_start().starts_with('{');
    let spec: sddl_core::access::TokenSpec = if is_json {
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?
    } else {
        toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?
    };
    Token::from_spec(&spec, domain.as_ref()).map_err(|e| format!("{}: {e}", path.display()))
}

/// `--want`: words, right names of the kind (comma-separated), or an SDDL rights field
/// ([`parse_rights`], shared with policies).
fn parse_access(spec: &str, kind: ObjectKind) -> Result<u32, String> {
    parse_rights(spec, Some(kind)).map_err(|e| format!("--want: {e}"))
}

fn default_access(kind: ObjectKind, mode: Option<PipeMode>) -> u32 {
    match (kind, mode) {
        (ObjectKind::NamedPipe, Some(PipeMode::Duplex)) => GENERIC_READ | GENERIC_WRITE,
        // The client of an inbound pipe (server reads) writes; of an outbound one, reads.
        (ObjectKind::NamedPipe, Some(PipeMode::Inbound)) => GENERIC_WRITE,
        (ObjectKind::NamedPipe, Some(PipeMode::Outbound)) => GENERIC_READ,
        _ => MAXIMUM_ALLOWED,
    }
}

/// `NAME | NAME` for the bits of `mask` on `kind`, with the combined name when exact.
fn rights(kind: ObjectKind, mask: u32) -> String {
    if mask == 0 {
        return "nothing".into();
    }
    let names = right_names(kind, mask).join(" | ");
    match describe_mask(kind, mask) {
        Some(c) => format!("{} (0x{mask:x}: {names})", c.name),
        None => format!("0x{mask:x} ({names})"),
    }
}

fn right_names(kind: ObjectKind, mask: u32) -> Vec<String> {
    decompose(kind, mask)
        .map(|r| match r.name {
            Some(n) => n.to_string(),
            None => format!("0x{:x}", r.bit),
        })
        .collect()
}

fn who(token: &Token, fopts: &FormatOptions) -> String {
    match &token.user {
        SidRef::Sid(s) => {
            let alias = sddl_core::sid::alias_for_sid(s, fopts.domain_sid.as_ref());
            match alias {
                Some(a) => format!("{} ({}, {s})", token.name, a.code),
                None => format!("{} ({s})", token.name),
            }
        }
        SidRef::Unresolved(a) => format!("{} ({})", token.name, a.code),
    }
}

fn ace_text(sd: &SecurityDescriptor, index: usize, fopts: &FormatOptions) -> String {
    let mut s = String::new();
    if let Some(ace) = sd.dacl.as_ref().and_then(|d| d.aces.get(index)) {
        sddl_core::format::write_ace(&mut s, ace, fopts);
    }
    s
}

fn skip_reason(r: &SkipReason) -> String {
    match r {
        SkipReason::InheritOnly => "inherit-only: applies to children, not this object".into(),
        SkipReason::SidNotInToken => {
            "the trustee is not this principal or one of its groups".into()
        }
        SkipReason::DenyOnlyOnAllow => "the group is deny-only in this token".into(),
        SkipReason::NotOwner => "OWNER RIGHTS, and this principal is not the owner".into(),
        SkipReason::Condition(t) => format!("its condition is {t:?}"),
        SkipReason::ObjectTypeNotRequested => "object ACE for a specific property or class".into(),
        SkipReason::ObjectTypeNotInList => "object type not in the requested list".into(),
        SkipReason::NotAccessAce => "not an access ACE".into(),
        SkipReason::Unsupported => "ACE type not evaluated".into(),
    }
}

fn human(
    out: &mut String,
    sd: &SecurityDescriptor,
    token: &Token,
    r: &AccessResult,
    fix: Option<&SuggestOutcome>,
    guessed: Option<&str>,
    fopts: &FormatOptions,
) {
    let kind = r.kind;
    let _ = writeln!(out, "{} on {}", who(token, fopts), kind.summary());
    if let Some(g) = guessed {
        let _ = writeln!(
            out,
            "  object kind: {} (guessed: {g}; pass --type to be sure)",
            kind.name()
        );
    }
    let asked = if r.maximum_allowed {
        "MAXIMUM_ALLOWED (everything it can get)".to_string()
    } else {
        rights(kind, r.mapped_desired)
    };
    let _ = writeln!(out, "  asks for:    {asked}");
    if r.allowed() {
        let _ = writeln!(out, "  result:      GRANTED {}", rights(kind, r.granted));
    } else {
        let why = match r.status {
            sddl_core::access::Status::PrivilegeNotHeld => " (a privilege is needed)",
            sddl_core::access::Status::GenericNotMapped => " (generic rights this kind cannot map)",
            _ => "",
        };
        let _ = writeln!(out, "  result:      DENIED{why}");
        let _ = writeln!(out, "  granted:     {}", rights(kind, r.granted));
        let _ = writeln!(out, "  missing:     {}", rights(kind, r.missing));
    }
    if r.owner.from_creator {
        let _ = writeln!(
            out,
            "  owner:       taken from the creator (the descriptor has no owner)"
        );
    }
    if r.owner.token_is_owner && r.owner.implicit != 0 {
        let _ = writeln!(
            out,
            "  owner:       this principal owns the object: implicit {}",
            rights(kind, r.owner.implicit)
        );
    }
    if r.integrity.blocked != 0 {
        let _ = writeln!(
            out,
            "  integrity:   the mandatory label takes away {}",
            rights(kind, r.integrity.blocked)
        );
    }
    for p in &r.privileges {
        let _ = writeln!(
            out,
            "  privilege:   {} grants {}",
            p.privilege,
            rights(kind, p.granted)
        );
    }
    let _ = writeln!(out, "  ACEs:");
    match r.dacl {
        sddl_core::access::DaclState::Absent => {
            let _ = writeln!(out, "    no DACL: everyone gets everything");
        }
        sddl_core::access::DaclState::Null => {
            let _ = writeln!(
                out,
                "    NULL DACL (NO_ACCESS_CONTROL): everyone gets everything"
            );
        }
        sddl_core::access::DaclState::Empty => {
            let _ = writeln!(
                out,
                "    empty DACL: nobody gets anything but the owner's implicit rights"
            );
        }
        sddl_core::access::DaclState::Present(_) => {}
    }
    for a in &r.aces {
        let text = ace_text(sd, a.index, fopts);
        let what = match &a.outcome {
            AceOutcome::Granted(m) => format!("grants {}", right_names(kind, *m).join(" | ")),
            AceOutcome::Denied(m) => format!("DENIES {}", right_names(kind, *m).join(" | ")),
            AceOutcome::NoEffect => "matches, but decides nothing new".into(),
            AceOutcome::Skipped(why) => format!("skipped: {}", skip_reason(why)),
            AceOutcome::NotReached => "not reached: everything was decided before it".into(),
        };
        let _ = writeln!(out, "    #{:<2} {text:<40} {what}", a.index);
    }
    let undecided: Vec<String> = r
        .bits
        .iter()
        .filter(|b| !b.granted && matches!(b.source, BitSource::NotGranted { .. }))
        .map(|b| right_names(kind, b.bit).join(""))
        .collect();
    if !undecided.is_empty() {
        let _ = writeln!(out, "  no ACE grants: {}", undecided.join(", "));
    }
    match fix {
        Some(SuggestOutcome::Ace(s)) => {
            let aces: Vec<&str> = s.aces.iter().map(|a| a.sddl.as_str()).collect();
            let _ = writeln!(
                out,
                "  least-privilege fix: add {} ({})",
                aces.join(" "),
                rights(kind, s.mask)
            );
            let _ = writeln!(out, "    new SDDL: {}", s.sddl);
            for reason in &s.reasons {
                let _ = writeln!(out, "    - {reason}");
            }
            for w in &s.warnings {
                let _ = writeln!(out, "    ! {}", warning(kind, w));
            }
            if !s.fixes_request {
                let _ = writeln!(
                    out,
                    "    ! the request as made is still denied after this change: see above"
                );
            }
        }
        Some(SuggestOutcome::NotFixable { reasons, warnings }) => {
            let _ = writeln!(out, "  no ACE can fix this:");
            for reason in reasons {
                let _ = writeln!(out, "    - {reason}");
            }
            for w in warnings {
                let _ = writeln!(out, "    ! {}", warning(kind, w));
            }
        }
        Some(SuggestOutcome::AlreadyGranted) | None => {}
    }
    out.push('\n');
}

fn warning(kind: ObjectKind, w: &SuggestWarning) -> String {
    match w {
        SuggestWarning::DenyAceBlocks { index, bits, .. } => format!(
            "deny ACE #{index} still denies {}: narrow or remove it",
            right_names(kind, *bits).join(" | ")
        ),
        SuggestWarning::IntegrityBlocks { bits } => format!(
            "the mandatory label denies {}; no ACE can grant it",
            right_names(kind, *bits).join(" | ")
        ),
        SuggestWarning::PrivilegeNeeded { privilege, bits } => {
            format!("{} needs {privilege}", right_names(kind, *bits).join(" | "))
        }
        SuggestWarning::Dropped { bits, why } => {
            format!("left out {}: {why}", right_names(kind, *bits).join(" | "))
        }
        SuggestWarning::ClientMustRequest { client_desired } => format!(
            "the client must ask for exactly 0x{client_desired:x} instead of generic rights"
        ),
        SuggestWarning::PassDenies { pass, bits } => format!(
            "the {pass:?} pass still denies {}",
            right_names(kind, *bits).join(" | ")
        ),
    }
}

/// One JSON object per principal (see `docs/cli.md`).
/// The fields named in issue 9's contract come first: `granted`, `desired_mask`,
/// `granted_mask`, `missing` (right names for the kind), `trace`, `suggestion`.
#[derive(Serialize)]
struct CheckJson {
    granted: bool,
    desired_mask: String,
    granted_mask: String,
    missing: Vec<String>,
    trace: Vec<AceJson>,
    suggestion: Option<SuggestionJson>,
    principal: String,
    sid: String,
    kind: &'static str,
    kind_guessed: Option<String>,
    mapped_desired_mask: String,
    missing_mask: String,
    status: String,
    granted_rights: Vec<String>,
}

#[derive(Serialize)]
struct AceJson {
    index: usize,
    ace: String,
    start: u32,
    end: u32,
    outcome: &'static str,
    rights: Vec<String>,
    reason: Option<String>,
}

#[derive(Serialize)]
struct SuggestionJson {
    fixable: bool,
    aces: Vec<String>,
    sddl: Option<String>,
    mask: Option<String>,
    fixes_request: bool,
    reasons: Vec<String>,
    warnings: Vec<String>,
}

fn json(
    asked_as: &str,
    sd: &SecurityDescriptor,
    token: &Token,
    r: &AccessResult,
    fix: Option<&SuggestOutcome>,
    guessed: Option<&str>,
    fopts: &FormatOptions,
) -> CheckJson {
    let kind = r.kind;
    let sid = match &token.user {
        SidRef::Sid(s) => s.to_string(),
        SidRef::Unresolved(a) => a.code.to_string(),
    };
    let aces = r
        .aces
        .iter()
        .map(|a| {
            let (outcome, mask, reason) = match &a.outcome {
                AceOutcome::Granted(m) => ("granted", *m, None),
                AceOutcome::Denied(m) => ("denied", *m, None),
                AceOutcome::NoEffect => ("no-effect", 0, None),
                AceOutcome::Skipped(why) => ("skipped", 0, Some(skip_reason(why))),
                AceOutcome::NotReached => ("not-reached", 0, None),
            };
            AceJson {
                index: a.index,
                ace: ace_text(sd, a.index, fopts),
                start: a.span.start,
                end: a.span.end,
                outcome,
                rights: right_names(kind, mask),
                reason,
            }
        })
        .collect();
    let suggestion = fix.map(|f| match f {
        SuggestOutcome::Ace(s) => SuggestionJson {
            fixable: true,
            aces: s.aces.iter().map(|a| a.sddl.clone()).collect(),
            sddl: Some(s.sddl.clone()),
            mask: Some(format!("0x{:x}", s.mask)),
            fixes_request: s.fixes_request,
            reasons: s.reasons.clone(),
            warnings: s.warnings.iter().map(|w| warning(kind, w)).collect(),
        },
        SuggestOutcome::NotFixable { reasons, warnings } => SuggestionJson {
            fixable: false,
            aces: vec![],
            sddl: None,
            mask: None,
            fixes_request: false,
            reasons: reasons.clone(),
            warnings: warnings.iter().map(|w| warning(kind, w)).collect(),
        },
        SuggestOutcome::AlreadyGranted => SuggestionJson {
            fixable: true,
            aces: vec![],
            sddl: None,
            mask: None,
            fixes_request: true,
            reasons: vec![],
            warnings: vec![],
        },
    });
    CheckJson {
        granted: r.allowed(),
        desired_mask: format!("0x{:x}", r.desired),
        granted_mask: format!("0x{:x}", r.granted),
        missing: right_names(kind, r.missing),
        trace: aces,
        suggestion,
        principal: asked_as.to_string(),
        sid,
        kind: kind.name(),
        kind_guessed: guessed.map(str::to_string),
        mapped_desired_mask: format!("0x{:x}", r.mapped_desired),
        missing_mask: format!("0x{:x}", r.missing),
        status: format!("{:?}", r.status).to_lowercase(),
        granted_rights: right_names(kind, r.granted),
    }
}
