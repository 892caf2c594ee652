//! `sddl diff OLD NEW`: what a change to a descriptor does to who can do what, for a person
//! (`--format human`) or a program (`--format json`, one object; see `docs/cli.md`).
//!
//! The comparison is `sddl_core::diff::diff` (effective access through the access check); the
//! dangerous gains are the security lint findings on NEW that sit in a new or changed ACE.
//! Exit 0 when the two are equivalent in effect, 1 when they differ, 2 on an error (invalid
//! SDDL is rendered as `fmt` renders it, on stderr).

use crate::args::{DiffArgs, ExplainFormat};
use crate::commands::check::token_for;
use crate::commands::explain::{os_bytes, painter};
use crate::commands::{write_json, CommandError, Streams};
use crate::exit::ExitStatus;
use crate::explain::sids::name_sid_ref;
use crate::input::{Decoded, Origin, RawInput};
use crate::render::human::{wrap, Painter};
use crate::render::{invalid_utf8_report, InputReport, SourceName};
use anstyle::{AnsiColor, Style};
use sddl_core::diff::{diff, DescriptorDiff};
use sddl_core::objects::{decompose, describe_mask, generic_mapping, guess_kind, ObjectKind};
use sddl_core::{ParseOptions, Report, SecurityDescriptor, Sid, SidRef};
use serde::Serialize;
use std::io::{Read, Write};

const GAIN: Style = AnsiColor::Green.on_default().bold();
const LOSS: Style = AnsiColor::Red.on_default().bold();
const WARN: Style = AnsiColor::Yellow.on_default().bold();
const BOLD: Style = Style::new().bold();

pub fn run<R: Read, W: Write>(
    args: &DiffArgs,
    streams: &mut Streams<R, W>,
) -> Result<ExitStatus, CommandError> {
    let opts = ParseOptions {
        domain_sid: args.domain_sid,
    };
    let old_bytes = os_bytes(&args.old);
    let new_bytes = os_bytes(&args.new);
    let mut parsed = Vec::new();
    let mut failed = false;
    for (i, bytes) in [&old_bytes, &new_bytes].into_iter().enumerate() {
        let raw = RawInput {
            origin: Origin::Arg(i + 1),
            bytes,
        };
        let report = match raw.decode() {
            Decoded::Text(text) => {
                let p = sddl_core::parse(text, &opts);
                if p.errors.is_empty() {
                    parsed.push((text, p.sd));
                    continue;
                }
                Report {
                    source_code: text.to_owned(),
                    errors: p.errors,
                }
            }
            Decoded::NotUtf8 { lossy, invalid } => invalid_utf8_report(lossy, invalid.start),
        };
        failed = true;
        streams.out.report(&InputReport::new(
            &report,
            SourceName::Origin(Origin::Arg(i + 1)),
        ))?;
    }
    if failed {
        streams.out.flush()?;
        return Ok(ExitStatus::Error);
    }
    let (new_text, new_sd) = parsed.pop().expect("two inputs");
    let (old_text, old_sd) = parsed.pop().expect("two inputs");

    let (kind, guessed) = match args.kind {
        Some(k) => (k, false),
        None => match guess_kind(&new_sd).or_else(|| guess_kind(&old_sd)) {
            Some(g) => (g.kind, true),
            None => {
                return usage(
                    streams,
                    "cannot tell what the descriptors protect from the rights they use; pass \
                     --type (file, directory, pipe, registry, service, ...)",
                )
            }
        },
    };
    let mut extra = Vec::new();
    for p in &args.principals {
        match token_for(p, args.domain_sid) {
            Ok(t) => extra.push(t),
            Err(msg) => return usage(streams, &format!("--as: {msg}")),
        }
    }
    let d = diff(&old_sd, &new_sd, kind, &extra, args.domain_sid);
    let report = DiffReport::build(&d, kind, guessed, new_text, &new_sd, args.domain_sid);
    let same_text = sddl_core::to_sddl(&old_sd, &Default::default())
        == sddl_core::to_sddl(&new_sd, &Default::default());
    let _ = old_text;

    let mut buf = Vec::new();
    match args.format {
        ExplainFormat::Json => {
            write_json(&mut buf, &report)?;
            buf.push(b'\n');
        }
        ExplainFormat::Human => {
            buf.extend_from_slice(human(&report, &d, same_text, &painter()).as_bytes())
        }
    }
    streams.out.write(&buf)?;
    streams.out.flush()?;
    Ok(if d.equivalent {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    })
}

fn usage<R: Read, W: Write>(
    streams: &mut Streams<R, W>,
    msg: &str,
) -> Result<ExitStatus, CommandError> {
    streams.out.note(&format!("sddl diff: error: {msg}\n"))?;
    Ok(ExitStatus::Error)
}

/// The JSON output (also what the human output is drawn from).
#[derive(Debug, Serialize)]
pub struct DiffReport {
    pub equivalent: bool,
    /// `file`, `pipe`, ... (the names `--type` takes).
    pub kind: &'static str,
    /// `true`: guessed from the rights used, not given with `--type`.
    pub kind_guessed: bool,
    pub changes: Vec<Change>,
    pub owner: Option<SidChangeView>,
    pub group: Option<SidChangeView>,
    pub control: Vec<ControlView>,
    pub sacl: Vec<SaclView>,
    /// DACL ACEs added or removed whose effect depends on claims or object types
    /// (`conditional`, `object-specific`): never equivalent.
    pub unevaluated: Vec<SaclView>,
    /// The DACLs hold the same ACEs in another order, and the order changes someone's access.
    pub order_changes_result: bool,
    /// Spellings that mean the same after generic mapping.
    pub respellings: Vec<String>,
    pub dangerous: Vec<DangerView>,
}

#[derive(Debug, Serialize)]
pub struct Change {
    /// The principal's name (or SID when it has none).
    pub principal: String,
    /// `S-1-...`; `null` for a domain alias with no `--domain-sid`.
    pub sid: Option<String>,
    pub alias: Option<&'static str>,
    /// Right names of the kind, lowest bit first (`0x...` for bits the kind does not name).
    pub gained: Vec<String>,
    pub lost: Vec<String>,
    pub gained_mask: String,
    pub lost_mask: String,
    /// `this object`, or the children an inheritable ACE reaches (`child objects and
    /// containers`, `child containers`, `child objects`, with `, one level` for `NP`).
    pub applies_to: &'static str,
}

#[derive(Debug, Serialize)]
pub struct SidChangeView {
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ControlView {
    pub flag: &'static str,
    pub before: bool,
    pub after: bool,
}

#[derive(Debug, Serialize)]
pub struct SaclView {
    /// `audit`, `label` or `other` (SACL); `conditional` or `object-specific` (unevaluated).
    pub category: &'static str,
    /// `added` or `removed`.
    pub change: &'static str,
    /// The ACE, normalised (rights mapped, SIDs resolved).
    pub ace: String,
}

#[derive(Debug, Serialize)]
pub struct DangerView {
    pub code: &'static str,
    pub rule: &'static str,
    pub message: String,
    /// The new or changed ACE the finding is in, as written in NEW.
    pub ace: String,
}

fn names(kind: ObjectKind, mask: u32) -> Vec<String> {
    decompose(kind, mask)
        .map(|r| match r.name {
            Some(n) => n.to_string(),
            None => format!("0x{:x}", r.bit),
        })
        .collect()
}

fn sid_text(s: &Option<SidRef>, domain: Option<&Sid>) -> Option<String> {
    s.as_ref().map(|s| {
        let n = name_sid_ref(s, domain);
        match (&n.sid, n.name) {
            (Some(sid), Some(name)) => format!("{name} ({sid})"),
            (Some(sid), None) => sid.clone(),
            (None, name) => name.unwrap_or_default(),
        }
    })
}

impl DiffReport {
    fn build(
        d: &DescriptorDiff,
        kind: ObjectKind,
        guessed: bool,
        new_text: &str,
        new_sd: &SecurityDescriptor,
        domain: Option<Sid>,
    ) -> DiffReport {
        let dom = domain.as_ref();
        let change = |sid: &SidRef, gained: u32, lost: u32, applies_to: &'static str| {
            let n = name_sid_ref(sid, dom);
            Change {
                principal: n.label(),
                sid: n.sid,
                alias: n.alias,
                gained: names(kind, gained),
                lost: names(kind, lost),
                gained_mask: format!("0x{gained:x}"),
                lost_mask: format!("0x{lost:x}"),
                applies_to,
            }
        };
        let mut changes: Vec<Change> = d
            .principals
            .iter()
            .map(|p| {
                let mut c = change(&p.principal, p.gained, p.lost, "this object");
                // A SID with no well-known name: the token's (a preset given with --as).
                if name_sid_ref(&p.principal, dom).name.is_none() && !p.name.is_empty() {
                    c.principal = p.name.clone();
                }
                c
            })
            .collect();
        changes.extend(
            d.inherited
                .iter()
                .map(|c| change(&c.principal, c.gained, c.lost, c.applies_to)),
        );
        let sid_change = |c: &Option<sddl_core::diff::SidChange>| {
            c.as_ref().map(|c| SidChangeView {
                before: sid_text(&c.before, dom),
                after: sid_text(&c.after, dom),
            })
        };
        DiffReport {
            equivalent: d.equivalent,
            kind: kind.name(),
            kind_guessed: guessed,
            changes,
            owner: sid_change(&d.owner),
            group: sid_change(&d.group),
            control: d
                .control
                .iter()
                .map(|c| ControlView {
                    flag: c.flag,
                    before: c.before,
                    after: c.after,
                })
                .collect(),
            sacl: d.sacl.iter().map(ace_view).collect(),
            unevaluated: d.unevaluated.iter().map(ace_view).collect(),
            order_changes_result: d.order_changes_result,
            respellings: d.respellings.clone(),
            dangerous: dangers(d, kind, new_text, new_sd, domain),
        }
    }
}

fn ace_view(s: &sddl_core::diff::AceChange) -> SaclView {
    SaclView {
        category: s.category,
        change: if s.added { "added" } else { "removed" },
        ace: s.ace.clone(),
    }
}

/// The security lint findings on NEW whose span lies in a new or changed ACE.
fn dangers(
    d: &DescriptorDiff,
    kind: ObjectKind,
    new_text: &str,
    new_sd: &SecurityDescriptor,
    domain: Option<Sid>,
) -> Vec<DangerView> {
    if d.changed_aces.is_empty() {
        return Vec::new();
    }
    let cx = sddl_lint::LintContext {
        kind: Some(kind),
        domain_sid: domain,
        ..Default::default()
    };
    sddl_lint::lint(new_sd, new_text, &cx, &sddl_lint::Settings::default())
        .into_iter()
        .filter(|f| {
            sddl_lint::rule_by_code(f.code)
                .is_some_and(|r| r.category == sddl_lint::Category::Security)
        })
        .filter_map(|f| {
            let ace = d
                .changed_aces
                .iter()
                .find(|a| a.start <= f.span.start && f.span.end <= a.end)?;
            Some(DangerView {
                code: f.code,
                rule: f.name,
                message: f.message,
                ace: new_text.get(ace.range()).unwrap_or_default().to_owned(),
            })
        })
        .collect()
}

fn paint(p: &Painter, style: Style, text: &str) -> String {
    if p.colour {
        format!("{style}{text}{style:#}")
    } else {
        text.to_owned()
    }
}

/// `read and write (NAME, NAME)`: the generic rights the mask holds in full on `kind`, then the
/// kind's combined name when it is exact, then every right.
fn rights_phrase(kind: ObjectKind, mask_text: &str, list: &[String]) -> String {
    let mask = u32::from_str_radix(mask_text.trim_start_matches("0x"), 16).unwrap_or(0);
    let joined = list.join(", ");
    let mut gist = Vec::new();
    if let Some(m) = generic_mapping(kind) {
        if mask & m.all == m.all {
            gist.push("full control");
        } else {
            for (word, bits) in [("read", m.read), ("write", m.write), ("execute", m.execute)] {
                if bits != 0 && mask & bits == bits {
                    gist.push(word);
                }
            }
        }
    }
    let gist = match gist.as_slice() {
        [] => String::new(),
        [one] => format!("{one}: "),
        [init @ .., last] => format!("{} and {last}: ", init.join(", ")),
    };
    match describe_mask(kind, mask) {
        Some(c) => format!("{gist}{} ({joined})", c.name),
        None => format!("{gist}{joined}"),
    }
}

fn human(r: &DiffReport, d: &DescriptorDiff, same_text: bool, p: &Painter) -> String {
    let kind = d.kind;
    let mut out = String::new();
    let line = |out: &mut String, text: String| {
        let indent = text.len() - text.trim_start().len();
        for (i, l) in wrap(&text, p.width.saturating_sub(4).max(24))
            .into_iter()
            .enumerate()
        {
            out.push_str(if i == 0 { &text[..indent] } else { "    " });
            out.push_str(&l);
            out.push('\n');
        }
    };
    let kind_line = if r.kind_guessed {
        format!(
            "Kind: {} (guessed from the rights used; pass --type to be sure)",
            kind.summary()
        )
    } else {
        format!("Kind: {} (--type {})", kind.summary(), kind.name())
    };
    line(&mut out, kind_line);
    for c in &r.changes {
        // Wrapped as plain text first, then coloured word by word would be fragile: colour the
        // markers only, so that wrapping sees the same text with and without colour.
        let mut parts = Vec::new();
        if !c.gained.is_empty() {
            parts.push(format!(
                "gains {}",
                rights_phrase(kind, &c.gained_mask, &c.gained)
            ));
        }
        if !c.lost.is_empty() {
            parts.push(format!(
                "loses {}",
                rights_phrase(kind, &c.lost_mask, &c.lost)
            ));
        }
        let who = match (c.alias, &c.sid) {
            (Some(a), Some(s)) => format!("{} ({a}, {s})", c.principal),
            (Some(a), None) => format!("{} ({a})", c.principal),
            (None, Some(s)) if !c.principal.contains(s.as_str()) => {
                format!("{} ({s})", c.principal)
            }
            _ => c.principal.clone(),
        };
        let scope = if c.applies_to == "this object" {
            "on this object".to_owned()
        } else {
            format!("on {} (inherited)", c.applies_to)
        };
        let marker = match (c.gained.is_empty(), c.lost.is_empty()) {
            (false, true) => paint(p, GAIN, "+"),
            (true, false) => paint(p, LOSS, "-"),
            _ => paint(p, WARN, "±"),
        };
        let text = format!("{who} {} {scope}", parts.join("; "));
        let wrapped = wrap(&text, p.width.saturating_sub(4).max(24));
        // Colour the verbs once each, after the principal's name (which may hold the words).
        let mut pending = vec![("gains", GAIN), ("loses", LOSS)];
        pending.retain(|(w, _)| parts.iter().any(|part| part.starts_with(w)));
        for (i, l) in wrapped.iter().enumerate() {
            if i == 0 {
                out.push_str(&format!("  {marker} "));
            } else {
                out.push_str("    ");
            }
            let mut l = l.clone();
            let from = if i == 0 && l.starts_with(&who) {
                who.len()
            } else {
                0
            };
            pending.retain(|(word, style)| {
                let Some(at) = l[from..].find(word).map(|a| a + from) else {
                    return true;
                };
                l.replace_range(at..at + word.len(), &paint(p, *style, word));
                false
            });
            out.push_str(&l);
            out.push('\n');
        }
    }
    for (what, c) in [("Owner", &r.owner), ("Group", &r.group)] {
        if let Some(c) = c {
            let f = |s: &Option<String>| s.clone().unwrap_or_else(|| "(none)".into());
            line(
                &mut out,
                format!("  ~ {what}: {} -> {}", f(&c.before), f(&c.after)),
            );
        }
    }
    for c in &r.control {
        let what = match c.flag {
            "dacl-protected" => "DACL protected from inheritance (P)",
            "dacl-auto-inherited" => "DACL auto-inherited (AI)",
            "dacl-auto-inherit-req" => "DACL auto-inherit required (AR)",
            "dacl-present" => "DACL present",
            "dacl-null" => "NULL DACL (everyone gets everything)",
            "sacl-protected" => "SACL protected from inheritance (P)",
            "sacl-auto-inherited" => "SACL auto-inherited (AI)",
            "sacl-auto-inherit-req" => "SACL auto-inherit required (AR)",
            "sacl-present" => "SACL present",
            _ => "NULL SACL",
        };
        let state = if c.after { "now set" } else { "now cleared" };
        let effect = match (c.flag, c.after) {
            ("dacl-protected", true) => " (the object stops inheriting ACEs from its parent)",
            ("dacl-protected", false) => " (the object inherits ACEs from its parent again)",
            ("sacl-protected", true) => " (the SACL stops inheriting from the parent)",
            ("sacl-protected", false) => " (the SACL inherits from the parent again)",
            _ => "",
        };
        line(&mut out, format!("  ~ Control: {what}: {state}{effect}"));
    }
    for s in &r.sacl {
        let what = match s.category {
            "label" => "integrity label",
            "audit" => "audit entry",
            _ => "SACL entry",
        };
        line(&mut out, format!("  ~ SACL: {what} {} {}", s.change, s.ace));
    }
    for u in &r.unevaluated {
        let why = match u.category {
            "conditional" => {
                "conditional ACE (its effect depends on claims the comparison does not know)"
            }
            _ => "object ACE (its effect depends on the property or extended right asked for)",
        };
        line(&mut out, format!("  ~ DACL: {why} {}: {}", u.change, u.ace));
    }
    if r.order_changes_result {
        line(
            &mut out,
            "  ~ Order: the DACLs hold the same ACEs in another order, and the order changes the \
             result (Windows stops at the first deny or allow that decides a right)"
                .to_owned(),
        );
    }
    for dgr in &r.dangerous {
        line(
            &mut out,
            format!(
                "  {} {} {} in {}: {}",
                paint(p, WARN, "!"),
                paint(p, WARN, "Dangerous:"),
                format_args!("{} {}", dgr.code, dgr.rule),
                dgr.ace,
                dgr.message
            ),
        );
    }
    let n = d.principals.len();
    let summary = if d.equivalent {
        "Equivalent in effect".to_owned()
    } else {
        let mut s = format!(
            "{n} principal{} change{}",
            if n == 1 { "" } else { "s" },
            if n == 1 { "s" } else { "" }
        );
        let mut also = Vec::new();
        if !d.inherited.is_empty() {
            also.push("what children inherit");
        }
        if d.owner.is_some() {
            also.push("the owner");
        }
        if d.group.is_some() {
            also.push("the group");
        }
        if !d.control.is_empty() {
            also.push("control flags");
        }
        if !d.sacl.is_empty() {
            also.push("the SACL");
        }
        if !d.unevaluated.is_empty() {
            also.push("conditional or object ACEs");
        }
        if !also.is_empty() {
            s.push_str(&format!("; also changed: {}", also.join(", ")));
        }
        s
    };
    out.push_str(&paint(p, BOLD, &format!("Summary: {summary}")));
    out.push('\n');
    if d.equivalent {
        if same_text {
            line(
                &mut out,
                "The two are the same descriptor once written canonically (`sddl fmt`).".into(),
            );
        } else {
            for s in &d.respellings {
                line(&mut out, format!("{s}."));
            }
            line(
                &mut out,
                "They differ in text only (spelling, SIDs written as aliases or numbers, or the \
                 order of ACEs where order does not matter)."
                    .into(),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(old: &str, new: &str, colour: bool) -> String {
        let p = |s: &str| sddl_core::parse(s, &Default::default()).sd;
        let (a, b) = (p(old), p(new));
        let kind = ObjectKind::NamedPipe;
        let d = diff(&a, &b, kind, &[], None);
        let r = DiffReport::build(&d, kind, false, new, &b, None);
        human(&r, &d, false, &Painter { colour, width: 100 })
    }

    #[test]
    fn colour_only_when_asked() {
        let (old, new) = (
            "D:(A;;GA;;;SY)(A;;GR;;;S-1-5-21-1-2-3-1001)",
            "D:(A;;GA;;;SY)(A;;GW;;;S-1-5-21-1-2-3-1001)",
        );
        let plain = rendered(old, new, false);
        assert!(!plain.contains('\x1b'));
        let coloured = rendered(old, new, true);
        // Gains in green, losses in red.
        assert!(
            coloured.contains(&format!("{GAIN}gains{GAIN:#}")),
            "{coloured}"
        );
        assert!(
            coloured.contains(&format!("{LOSS}loses{LOSS:#}")),
            "{coloured}"
        );
    }
}
