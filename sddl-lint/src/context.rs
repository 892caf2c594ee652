//! What the caller knows about the object: its kind, how a pipe is opened, who its clients are.

use sddl_core::objects::{guess_kind, KindGuess, ObjectKind};
use sddl_core::versions::WindowsVersion;
use sddl_core::{ParseOptions, SecurityDescriptor, Sid, SidRef};
use std::fmt;
use std::str::FromStr;

/// How a named pipe's server opened it (`CreateNamedPipe`'s `dwOpenMode`), which decides the
/// access its clients open it with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PipeMode {
    /// `PIPE_ACCESS_DUPLEX`: clients read and write (`GENERIC_READ | GENERIC_WRITE`).
    Duplex,
    /// `PIPE_ACCESS_INBOUND`: data flows from client to server; clients write.
    Inbound,
    /// `PIPE_ACCESS_OUTBOUND`: data flows from server to client; clients read.
    Outbound,
}

impl PipeMode {
    pub fn as_str(self) -> &'static str {
        match self {
            PipeMode::Duplex => "duplex",
            PipeMode::Inbound => "inbound",
            PipeMode::Outbound => "outbound",
        }
    }
}

impl fmt::Display for PipeMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for PipeMode {
    type Err = String;
    fn from_str(s: &str) -> Result<PipeMode, String> {
        match s.to_ascii_lowercase().as_str() {
            "duplex" => Ok(PipeMode::Duplex),
            "inbound" | "in" => Ok(PipeMode::Inbound),
            "outbound" | "out" => Ok(PipeMode::Outbound),
            _ => Err(format!(
                "unknown pipe mode `{s}`; expected `duplex`, `inbound` or `outbound`"
            )),
        }
    }
}

/// A principal named by the user: an alias (`NS`, `AU`) or a SID (`S-1-5-20`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    /// As the user wrote it.
    pub text: String,
    pub sid: SidRef,
}

/// A principal that is not an alias or a SID.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a SID (`S-1-5-20`) or an SDDL alias (`NS`, `AU`, ...)")]
pub struct PrincipalError {
    pub text: String,
}

impl Principal {
    /// Parses an alias or SID as SDDL reads a trustee; domain-relative aliases resolve against
    /// `domain` when given.
    pub fn parse(text: &str, domain: Option<&Sid>) -> Result<Principal, PrincipalError> {
        let t = text.trim();
        let err = || PrincipalError {
            text: text.to_string(),
        };
        if t.is_empty() || t.contains([';', ')', '(', ':', ' ']) {
            return Err(err());
        }
        let sddl = format!("O:{t}");
        let parsed = sddl_core::parse(
            &sddl,
            &ParseOptions {
                domain_sid: domain.copied(),
            },
        );
        match (parsed.errors.is_empty(), parsed.sd.owner) {
            (true, Some(o)) => Ok(Principal {
                text: t.to_string(),
                sid: o.sid,
            }),
            _ => Err(err()),
        }
    }
}

impl fmt::Display for Principal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// What the caller knows about the object the descriptor protects.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LintContext {
    /// The kind of object. When `None`, a pipe mode implies a named pipe; otherwise the kind is
    /// guessed from the rights (`guess_kind`) and the guess is reported in [`KindSource`].
    pub kind: Option<ObjectKind>,
    /// For named pipes: how the server opens the pipe.
    pub pipe_mode: Option<PipeMode>,
    /// Who is meant to open the object (the pipe's clients).
    pub clients: Vec<Principal>,
    /// The domain SID domain-relative aliases resolve against.
    pub domain_sid: Option<Sid>,
    /// Whether the `EveryoneIncludesAnonymous` policy is on (`Everyone` then includes anonymous
    /// logons). Off by default since Windows XP SP2 / Server 2003.
    pub everyone_includes_anonymous: bool,
    /// The oldest Windows version the descriptor must load on (`--min-windows`): the
    /// `newer-than-target` rule reports tokens it does not read. `None`: no target, the rule
    /// finds nothing (unless its `min-windows` option sets one).
    pub min_windows: Option<WindowsVersion>,
}

impl LintContext {
    /// Builds a context from `key=value` words, as the docs' `<!-- type=pipe client=NS -->`
    /// lines write it: `type`, `pipe-mode`, `client` (repeatable), `domain-sid`,
    /// `everyone-includes-anonymous`, `min-windows`.
    pub fn from_words(words: &str) -> Result<LintContext, String> {
        let mut cx = LintContext::default();
        let mut clients = Vec::new();
        for w in words.split_whitespace() {
            let (k, v) = w
                .split_once('=')
                .ok_or_else(|| format!("expected `key=value`, found `{w}`"))?;
            match k {
                "type" => {
                    cx.kind = Some(
                        ObjectKind::from_name(v).ok_or_else(|| format!("unknown type `{v}`"))?,
                    )
                }
                "pipe-mode" => cx.pipe_mode = Some(v.parse()?),
                "client" => clients.push(v.to_string()),
                "domain-sid" => {
                    let p = Principal::parse(v, None).map_err(|e| e.to_string())?;
                    cx.domain_sid = Some(
                        *p.sid
                            .sid()
                            .ok_or_else(|| format!("`{v}` is not a numeric SID"))?,
                    );
                }
                "min-windows" => cx.min_windows = Some(v.parse()?),
                "everyone-includes-anonymous" => {
                    cx.everyone_includes_anonymous = v
                        .parse()
                        .map_err(|_| format!("expected true or false, found `{v}`"))?
                }
                _ => return Err(format!("unknown context key `{k}`")),
            }
        }
        for c in clients {
            cx.clients
                .push(Principal::parse(&c, cx.domain_sid.as_ref()).map_err(|e| e.to_string())?);
        }
        Ok(cx)
    }
}

/// The object kind the rules judged a descriptor for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KindSource {
    /// Given by the caller.
    Given(ObjectKind),
    /// Implied by a pipe mode (a named pipe).
    PipeMode(ObjectKind),
    /// Guessed from the rights the ACEs use.
    Guessed(KindGuess),
    /// Not given and nothing to guess from: rules judge generic and standard rights only.
    Unknown,
}

impl KindSource {
    pub fn kind(&self) -> Option<ObjectKind> {
        match self {
            KindSource::Given(k) | KindSource::PipeMode(k) => Some(*k),
            KindSource::Guessed(g) => Some(g.kind),
            KindSource::Unknown => None,
        }
    }

    /// The kind when the caller said it (directly or through a pipe mode), not guessed.
    pub fn known(&self) -> Option<ObjectKind> {
        match self {
            KindSource::Given(k) | KindSource::PipeMode(k) => Some(*k),
            KindSource::Guessed(_) | KindSource::Unknown => None,
        }
    }
}

pub(crate) fn resolve_kind(sd: &SecurityDescriptor, cx: &LintContext) -> KindSource {
    if let Some(k) = cx.kind {
        return KindSource::Given(k);
    }
    if cx.pipe_mode.is_some() {
        return KindSource::PipeMode(ObjectKind::NamedPipe);
    }
    match guess_kind(sd) {
        Some(g) => KindSource::Guessed(g),
        None => KindSource::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn principals_parse_like_trustees() {
        let ns = Principal::parse("NS", None).unwrap();
        assert_eq!(ns.sid, SidRef::Sid(Sid::from_parts(5, &[20])));
        let s = Principal::parse("S-1-5-32-544", None).unwrap();
        assert_eq!(s.sid, SidRef::Sid(Sid::from_parts(5, &[32, 544])));
        assert!(Principal::parse("nobody", None).is_err());
        assert!(Principal::parse("NS)(A", None).is_err());
        assert!(matches!(
            Principal::parse("DU", None).unwrap().sid,
            SidRef::Unresolved(_)
        ));
    }

    #[test]
    fn context_words() {
        let cx = LintContext::from_words("type=pipe pipe-mode=duplex client=NS client=AU").unwrap();
        assert_eq!(cx.kind, Some(ObjectKind::NamedPipe));
        assert_eq!(cx.pipe_mode, Some(PipeMode::Duplex));
        assert_eq!(cx.clients.len(), 2);
        assert!(LintContext::from_words("type=nothing").is_err());
        assert!(LintContext::from_words("colour=red").is_err());
        let cx = LintContext::from_words("min-windows=2008r2").unwrap();
        assert_eq!(cx.min_windows, Some(WindowsVersion::Win7));
        assert!(LintContext::from_words("min-windows=xp").is_err());
    }

    #[test]
    fn pipe_mode_implies_a_pipe_and_guesses_are_recorded() {
        let sd = sddl_core::parse("D:(A;;KA;;;BA)", &Default::default()).sd;
        let cx = LintContext {
            pipe_mode: Some(PipeMode::Inbound),
            ..Default::default()
        };
        assert_eq!(
            resolve_kind(&sd, &cx),
            KindSource::PipeMode(ObjectKind::NamedPipe)
        );
        let guessed = resolve_kind(&sd, &LintContext::default());
        assert!(matches!(&guessed, KindSource::Guessed(g) if g.kind == ObjectKind::RegistryKey));
        assert_eq!(guessed.known(), None);
    }
}
