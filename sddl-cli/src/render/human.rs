//! The human output of `sddl explain`: plain text for a terminal, wrapped to its width, in colour
//! only when asked (the command decides: stdout a terminal and `NO_COLOR` unset).

use crate::explain::{AceView, AclView, Explanation, RightView, Trustee, SPECIFIC_WITHOUT_KIND};
use anstyle::{AnsiColor, Style};
use std::fmt::Write as _;

/// Colours and width.
pub struct Painter {
    pub colour: bool,
    pub width: usize,
}

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const NAME: Style = AnsiColor::Cyan.on_default();
const ALLOW: Style = AnsiColor::Green.on_default().bold();
const DENY: Style = AnsiColor::Red.on_default().bold();
const AUDIT: Style = AnsiColor::Yellow.on_default().bold();
const OTHER: Style = AnsiColor::Magenta.on_default().bold();
const WARN: Style = AnsiColor::Yellow.on_default();

/// Width of the key column of `key  value` lines.
const KEY: usize = 12;
/// Narrowest column for wrapped text; below it, text goes on its own line.
const MIN_TEXT: usize = 24;

impl Painter {
    fn paint(&self, style: Style, text: &str) -> String {
        if self.colour {
            format!("{style}{text}{style:#}")
        } else {
            text.to_owned()
        }
    }

    /// `indent` + `key` padded to [`KEY`] + `value`, the value wrapped under itself.
    fn kv(&self, out: &mut String, indent: usize, key: &str, value: &str, style: Style) {
        let col = indent + KEY;
        let lines = wrap(value, self.width.saturating_sub(col).max(MIN_TEXT));
        for (i, line) in lines.iter().enumerate() {
            if i == 0 {
                let _ = write!(out, "{:indent$}{key:<KEY$}", "");
                if key.len() >= KEY {
                    out.push(' ');
                }
            } else {
                let _ = write!(out, "{:col$}", "");
            }
            out.push_str(&self.paint(style, line));
            out.push('\n');
        }
    }

    /// Text wrapped at `indent`.
    fn para(&self, out: &mut String, indent: usize, text: &str, style: Style) {
        for line in wrap(text, self.width.saturating_sub(indent).max(MIN_TEXT)) {
            let _ = writeln!(out, "{:indent$}{}", "", self.paint(style, &line));
        }
    }
}

/// Splits `text` into lines of at most `width` characters at spaces (longer words overflow).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut len = 0;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let n = word.chars().count();
        if len > 0 && len + 1 + n > width {
            lines.push(std::mem::take(&mut line));
            len = 0;
        }
        if len > 0 {
            line.push(' ');
            len += 1;
        }
        line.push_str(word);
        len += n;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

fn trustee_line(t: &Trustee) -> String {
    let mut ids = Vec::new();
    if let Some(a) = t.alias {
        ids.push(a.to_string());
    }
    if let Some(s) = &t.sid {
        ids.push(s.clone());
    }
    match &t.name {
        Some(n) => format!("{n} ({})", ids.join(", ")),
        None => t.sid.clone().unwrap_or_default(),
    }
}

/// Renders an explanation.
pub fn render(e: &Explanation, p: &Painter) -> String {
    let mut out = String::new();
    p.kv(&mut out, 0, "Descriptor", &e.canonical, BOLD);
    let kind = match &e.kind {
        Some(k) if !k.guessed => format!("{} (--type {})", k.summary, k.name),
        Some(k) => {
            let mut s = format!(
                "{} (guessed from {}; {} confidence",
                k.summary,
                k.evidence.as_deref().unwrap_or("the rights used"),
                k.confidence.unwrap_or("low"),
            );
            if !k.alternatives.is_empty() {
                let _ = write!(s, "; also fits {}", k.alternatives.join(", "));
            }
            s.push_str(": pass --type to be sure)");
            s
        }
        None => "unknown: nothing in the rights points to a kind of object, so only generic \
                 and standard rights are named (pass --type to name the others)"
            .to_string(),
    };
    p.kv(&mut out, 0, "Object", &kind, Style::new());
    for (key, t) in [("Owner", &e.owner), ("Group", &e.group)] {
        match t {
            Some(t) => {
                p.kv(&mut out, 0, key, &trustee_line(t), NAME);
                if let Some(d) = &t.description {
                    p.kv(&mut out, 0, "", d, DIM);
                }
            }
            None => p.kv(&mut out, 0, key, "not in this descriptor", DIM),
        }
    }
    let flags: Vec<&str> = e
        .control
        .flags
        .iter()
        .filter(|f| {
            !matches!(
                f.name,
                "SE_DACL_PRESENT" | "SE_SACL_PRESENT" | "SE_SELF_RELATIVE"
            )
        })
        .map(|f| f.phrase)
        .collect();
    let control = if flags.is_empty() {
        "no inheritance flags (P, AI, AR)".to_string()
    } else {
        flags.join("; ")
    };
    p.kv(&mut out, 0, "Control", &control, Style::new());

    if !e.dangers.is_empty() {
        out.push('\n');
        out.push_str(&p.paint(WARN, "Dangerous"));
        out.push('\n');
        for d in &e.dangers {
            p.para(
                &mut out,
                2,
                &format!("{} ({} {})", d.message, d.code, d.rule),
                WARN,
            );
        }
    }

    acl(&mut out, p, "DACL", &e.dacl);
    acl(&mut out, p, "SACL", &e.sacl);

    out.push('\n');
    out.push_str(&p.paint(BOLD, "Effective access"));
    out.push('\n');
    match e.dacl.state {
        "absent" => p.para(
            &mut out,
            2,
            "not set by this descriptor (no DACL)",
            Style::new(),
        ),
        "null" => p.para(&mut out, 2, "everyone: full access (NULL DACL)", WARN),
        "empty" => p.para(
            &mut out,
            2,
            "nobody is granted anything (empty DACL)",
            Style::new(),
        ),
        _ => {}
    }
    if !e.effective.is_empty() {
        p.para(
            &mut out,
            2,
            "Each principal with the token Windows gives it (its groups included), through \
             the access check: ACEs in order, a right denied before it is granted stays \
             denied, inherit-only ACEs skipped; rights the integrity label removes are listed.",
            DIM,
        );
        for a in &e.effective {
            out.push_str("  ");
            out.push_str(&p.paint(NAME, &trustee_line(&a.trustee)));
            out.push('\n');
            let none = a.granted.is_empty()
                && a.conditional.is_empty()
                && a.object_specific.iter().all(|o| !o.allowed);
            if none {
                p.kv(&mut out, 4, "granted", "nothing", Style::new());
            } else if !a.granted.is_empty() {
                p.kv(&mut out, 4, "granted", &a.granted.join(", "), ALLOW);
            }
            if !a.denied.is_empty() {
                p.kv(&mut out, 4, "denied", &a.denied.join(", "), DENY);
            }
            if !a.integrity_blocked.is_empty() {
                p.kv(
                    &mut out,
                    4,
                    "label blocks",
                    &a.integrity_blocked.join(", "),
                    DENY,
                );
            }
            if !a.conditional.is_empty() {
                p.kv(
                    &mut out,
                    4,
                    "if condition",
                    &a.conditional.join(", "),
                    ALLOW,
                );
            }
            for o in &a.object_specific {
                let what = o.name.map_or_else(|| o.object_type.clone(), str::to_owned);
                let key = if o.allowed { "granted on" } else { "denied on" };
                let text = format!("{what}: {}", o.rights.join(", "));
                p.kv(
                    &mut out,
                    4,
                    key,
                    &text,
                    if o.allowed { ALLOW } else { DENY },
                );
            }
        }
    }
    if let (Some(rights), Some(owner)) = (&e.owner_implicit_rights, &e.owner) {
        let text = format!(
            "{} can always {} the permissions ({}): no OWNER RIGHTS ACE takes that away",
            trustee_line(owner),
            "read and change",
            rights.join(", ")
        );
        p.para(&mut out, 2, &format!("Owner: {text}"), Style::new());
    }
    out
}

fn acl(out: &mut String, p: &Painter, which: &str, a: &AclView) {
    out.push('\n');
    let head = format!("{which}: {}", a.summary);
    let style = if matches!(a.state, "null") && which == "DACL" {
        WARN
    } else {
        BOLD
    };
    for (i, line) in wrap(&head, p.width.max(MIN_TEXT)).iter().enumerate() {
        if i > 0 {
            out.push_str("  ");
        }
        out.push_str(&p.paint(style, line));
        out.push('\n');
    }
    for ace in &a.aces {
        ace_lines(out, p, ace);
    }
}

fn ace_lines(out: &mut String, p: &Painter, a: &AceView) {
    let (word, style) = match a.effect {
        "allow" => ("ALLOW", ALLOW),
        "deny" => ("DENY", DENY),
        "audit" => ("AUDIT", AUDIT),
        "alarm" => ("ALARM", AUDIT),
        "label" => ("LABEL", OTHER),
        "resource-attribute" => ("ATTRIBUTE", OTHER),
        "scoped-policy" => ("SCOPED POLICY", OTHER),
        "trust-label" => ("TRUST LABEL", OTHER),
        "access-filter" => ("ACCESS FILTER", OTHER),
        _ => ("UNKNOWN", OTHER),
    };
    let conditional = if a.condition.is_some() { " IF" } else { "" };
    let _ = write!(
        out,
        "  {:>2}. {} {}",
        a.index + 1,
        p.paint(style, &format!("{word}{conditional}")),
        p.paint(NAME, &trustee_line(&a.trustee)),
    );
    if a.inherited {
        let _ = write!(out, " {}", p.paint(DIM, "[inherited]"));
    }
    out.push('\n');
    let ind = 6;
    p.kv(out, ind, "ace", &a.sddl, DIM);
    if let Some(d) = &a.trustee.description {
        p.kv(out, ind, "who", d, DIM);
    }
    if let Some(au) = &a.audit {
        let what = match (au.success, au.failure) {
            (true, true) => "successful and failed uses of these rights",
            (true, false) => "successful uses of these rights (SA)",
            (false, true) => "failed attempts to use these rights (FA)",
            (false, false) => "nothing (neither SA nor FA)",
        };
        p.kv(out, ind, "logs", what, Style::new());
    }
    if a.effect != "resource-attribute" && a.effect != "scoped-policy" {
        p.kv(out, ind, "applies to", &a.applies_to.text, Style::new());
    }
    if let Some(o) = &a.object_type {
        let text = match (o.name, o.kind) {
            (Some(n), Some(k)) => format!("{n} ({k} {})", o.guid),
            _ => format!("{} (a GUID this tool does not know)", o.guid),
        };
        p.kv(out, ind, "only for", &text, Style::new());
    }
    if let Some(o) = &a.inherited_object_type {
        let text = match o.name {
            Some(n) => format!("{n} objects only ({})", o.guid),
            None => format!("objects of class {} only", o.guid),
        };
        p.kv(out, ind, "inherited by", &text, Style::new());
    }
    if let Some(l) = &a.label {
        p.kv(out, ind, "level", &l.level, NAME);
        if l.policy.is_empty() {
            p.kv(
                out,
                ind,
                "policy",
                "none (the level is set, nothing is enforced)",
                Style::new(),
            );
        } else {
            p.kv(out, ind, "policy", &format!("{:#x}", a.mask), Style::new());
            rights_table(out, p, ind + KEY, &l.policy, 0, false);
        }
    }
    if let Some(at) = &a.attribute {
        let text = format!(
            "\"{}\" ({}, flags {:#x}) = {}",
            at.name,
            at.value_type,
            at.flags,
            at.values.join(", ")
        );
        p.kv(out, ind, "attribute", &text, Style::new());
    }
    if a.effect == "scoped-policy" {
        p.kv(
            out,
            ind,
            "policy",
            "the central access policy with this SID also applies",
            Style::new(),
        );
    }
    if !a.rights.is_empty() || a.unknown_bits != 0 {
        let mut head = format!("{:#x}", a.mask);
        if !a.generic.is_empty() {
            let _ = write!(head, " = {}", a.generic.join(" + "));
        }
        if a.mapped_mask != a.mask {
            let _ = write!(head, " → {:#x}", a.mapped_mask);
        }
        if let Some(c) = &a.combined {
            let _ = write!(head, " = {} ({})", c.name, c.phrase);
        } else if !a.generic_equivalent.is_empty() {
            let _ = write!(
                head,
                " (what {} map{} to)",
                a.generic_equivalent.join(" + "),
                if a.generic_equivalent.len() == 1 {
                    "s"
                } else {
                    ""
                }
            );
        }
        p.kv(out, ind, "rights", &head, Style::new());
        rights_table(
            out,
            p,
            ind + KEY,
            &a.rights,
            a.unknown_bits,
            a.mapped_mask == a.mask && !a.generic.is_empty(),
        );
    }
    if let Some(c) = &a.condition {
        p.kv(out, ind, "condition", &c.text, Style::new());
        if let Some(g) = &c.gloss {
            p.kv(out, ind, "", &format!("i.e. {g}"), DIM);
        }
    }
    for n in &a.notes {
        p.kv(out, ind, "note", n, WARN);
    }
}

/// One line per right: name, then phrase (wrapped); then the bits without a name.
fn rights_table(
    out: &mut String,
    p: &Painter,
    indent: usize,
    rights: &[RightView],
    unknown: u32,
    unmapped_generic: bool,
) {
    let name_w = rights
        .iter()
        .map(|r| r.name.len())
        .max()
        .unwrap_or(0)
        .max(10)
        + 2;
    let mut rows: Vec<(String, &str)> = rights
        .iter()
        .map(|r| (r.name.to_string(), r.phrase))
        .collect();
    let unknown_phrase;
    if unknown != 0 {
        unknown_phrase =
            if unmapped_generic || rights.iter().all(|r| r.bit > 0xffff) && unknown & 0xffff != 0 {
                SPECIFIC_WITHOUT_KIND
            } else {
                "bits with no name for this kind of object"
            };
        rows.push((format!("{unknown:#x}"), unknown_phrase));
    }
    let name_w = name_w.max(rows.iter().map(|r| r.0.len() + 2).max().unwrap_or(0));
    let text_w = p.width.saturating_sub(indent + name_w);
    for (name, phrase) in rows {
        if text_w < MIN_TEXT {
            let _ = writeln!(out, "{:indent$}{}", "", p.paint(NAME, &name));
            p.para(out, indent + 2, phrase, Style::new());
            continue;
        }
        for (i, line) in wrap(phrase, text_w).iter().enumerate() {
            if i == 0 {
                let pad = name_w - name.len();
                let _ = writeln!(
                    out,
                    "{:indent$}{}{:pad$}{line}",
                    "",
                    p.paint(NAME, &name),
                    ""
                );
            } else {
                let col = indent + name_w;
                let _ = writeln!(out, "{:col$}{line}", "");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{render, wrap, Painter};
    use crate::explain::{explain, Options};

    fn rendered(sddl: &str, colour: bool, width: usize) -> String {
        let sd = sddl_core::parse(sddl, &Default::default()).sd;
        let opts = Options {
            kind: Some(sddl_core::objects::ObjectKind::File),
            domain_sid: None,
        };
        render(&explain(sddl, &sd, &opts), &Painter { colour, width })
    }

    #[test]
    fn colour_only_when_asked() {
        let plain = rendered("D:(D;;WD;;;WD)(A;;FA;;;BA)", false, 100);
        let coloured = rendered("D:(D;;WD;;;WD)(A;;FA;;;BA)", true, 100);
        assert!(!plain.contains('\u{1b}'));
        assert!(coloured.contains("\u{1b}["));
        // The same text once the escapes are gone.
        let stripped: String = {
            let mut out = String::new();
            let mut chars = coloured.chars();
            while let Some(c) = chars.next() {
                if c == '\u{1b}' {
                    for d in chars.by_ref() {
                        if d == 'm' {
                            break;
                        }
                    }
                } else {
                    out.push(c);
                }
            }
            out
        };
        assert_eq!(stripped, plain);
    }

    #[test]
    fn narrow_terminals_wrap() {
        let narrow = rendered("D:(A;;FA;;;WD)", false, 50);
        let wide = rendered("D:(A;;FA;;;WD)", false, 200);
        assert!(narrow.lines().count() > wide.lines().count());
        for line in narrow.lines() {
            assert!(
                line.chars().count() <= 50 || !line.trim().contains(' '),
                "{line:?}"
            );
        }
    }

    #[test]
    fn wraps_at_spaces() {
        assert_eq!(wrap("aa bb cc", 5), ["aa bb", "cc"]);
        assert_eq!(wrap("", 5), [""]);
        assert_eq!(wrap("toolongword x", 4), ["toolongword", "x"]);
    }
}
