//! `sddl scan`: find SDDL string literals in source files and lint them.
//!
//! Pure functions over a file's text (the CLI walks directories and reads files):
//!
//! 1. **Extract** the string literals of the file's language family (`extract.rs`), decoding
//!    escapes while keeping, for every decoded byte, the file bytes it came from; literals
//!    concatenated with only whitespace or `+` between them are joined.
//! 2. **Select** the literals that look like SDDL ([`looks_like_sddl`]): after trimming, they
//!    start with `O:`, `G:`, `D:` or `S:` followed by a SID, an alias, ACL flags or `(`, have no
//!    whitespace outside parentheses, and hold an ACE (`(...;...;...)`), are a pure
//!    `O:xxG:yy`, or a NULL DACL or SACL (`D:NO_ACCESS_CONTROL`). Prose (`"D: drive"`), paths (`"D:\\data"`) and SQL do not match.
//! 3. **Placeholders** (`%s`, `%ls`, `%ws`, `{0}`, `{name}`, `${sid}`, `$sid`, `{{sid}}`) are
//!    replaced by the sentinel `SY` (LocalSystem) before parsing, and every finding whose span
//!    touches a placeholder is dropped: the real value is not known.
//! 4. **Context** from the code around the literal (its line and the three before):
//!    `CreateNamedPipe`, `NamedPipeServerStream`, `PipeSecurity`, `ListenPipe` → a pipe
//!    (`PIPE_ACCESS_DUPLEX`/`INBOUND`/`OUTBOUND` → its mode); `RegCreateKeyEx`,
//!    `RegSetKeySecurity` → a registry key; `CreateService`, `sc sdset`,
//!    `SetServiceObjectSecurity` → a service; `CreateDirectory` → a directory; `CreateFile`,
//!    `SetFileSecurity` → a file. A comment `sddl-lint: type=pipe pipe-mode=duplex client=NS`
//!    on the literal's line or the line before overrides it.
//! 5. **Suppressions**: `sddl-lint: ignore[SDDL001] reason` (codes or rule names, comma
//!    separated) on the finding's line or the line before. A suppression without a reason or
//!    with an unknown code is `invalid-suppression` (SDDL043); one that suppresses nothing is
//!    `unused-suppression` (SDDL042).
//!
//! Every finding's spans are byte ranges of the file. [`literals`] lists the literals that look
//! like SDDL with their context, findings or not (`sddl scan --inventory`).
//!
//! For review bots: [`changes`] reads `git diff --unified=0` output into changed line ranges
//! (`--diff REV`), and [`baseline`] matches findings against accepted ones by path, code and a
//! fingerprint of the literal (`--baseline FILE`). Running git and reading files stay in the
//! CLI.

pub mod baseline;
pub mod changes;
mod extract;

use crate::codes::{self, Resolved};
use crate::context::{LintContext, PipeMode};
use crate::diagnostic::{Diagnostic, Severity};
use crate::registry::rule_by_code;
use crate::Settings;
use sddl_core::objects::ObjectKind;
use sddl_core::{ParseError, ParseOptions, Span};

/// The language family of a file, which decides how its string literals are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    /// C and C++ (`L"..."`, `TEXT("...")`, juxtaposed literals).
    C,
    /// C# (`@"..."` verbatim strings).
    CSharp,
    Java,
    /// JavaScript and TypeScript (`'...'`, template literals), and JSON.
    Js,
    /// Go (backtick raw strings).
    Go,
    /// Rust (`r"..."`, `r#"..."#`).
    Rust,
    Python,
    PowerShell,
    /// Anything else: batch, INF, XML, YAML, text. SDDL-looking runs, not literals.
    Plain,
}

impl Language {
    /// Every language family, in declaration order.
    pub const ALL: [Language; 9] = [
        Language::C,
        Language::CSharp,
        Language::Java,
        Language::Js,
        Language::Go,
        Language::Rust,
        Language::Python,
        Language::PowerShell,
        Language::Plain,
    ];

    /// The language of a file, from its name's extension.
    pub fn from_path(path: &str) -> Language {
        let ext = path
            .rsplit(['/', '\\'])
            .next()
            .and_then(|name| name.rsplit_once('.'))
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "c" | "h" | "cc" | "cpp" | "cxx" | "hpp" | "hh" | "hxx" | "inl" | "ipp" => Language::C,
            "cs" => Language::CSharp,
            "java" | "kt" | "kts" | "scala" => Language::Java,
            // JSON strings are JavaScript strings: their escapes (`\"` in a condition) decode.
            "js" | "mjs" | "cjs" | "jsx" | "ts" | "tsx" | "mts" | "cts" | "json" | "jsonc" => {
                Language::Js
            }
            "go" => Language::Go,
            "rs" => Language::Rust,
            "py" | "pyw" | "pyi" => Language::Python,
            "ps1" | "psm1" | "psd1" => Language::PowerShell,
            _ => Language::Plain,
        }
    }
}

/// What a finding is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FindingKind {
    /// A lint rule's diagnostic (or a suppression problem, SDDL042/SDDL043); every span in it
    /// is a byte range of the file. Fixes are left out: an edit of the decoded SDDL is not an
    /// edit of the source (escapes, concatenation).
    Lint(Diagnostic),
    /// The literal looks like SDDL but does not parse; the span is a byte range of the file.
    Syntax(ParseError),
}

/// One finding in a scanned file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScanFinding {
    /// Byte range of the file at fault.
    pub span: Span,
    /// 1-based line of `span.start`.
    pub line: usize,
    /// 1-based column of `span.start`, in characters.
    pub column: usize,
    /// 1-based column of `span.start`, in UTF-16 code units (SARIF's default).
    pub column_utf16: usize,
    /// The literal decoded (escapes, concatenation) and trimmed, placeholders as written; for
    /// a finding about a suppression comment (SDDL042, SDDL043), the comment.
    pub literal: String,
    /// The SDDL that was linted (`literal` with placeholders replaced by `SY`); empty for a
    /// finding about a suppression comment.
    pub sddl: String,
    /// A digest of `literal` and of where the finding is in it (not of its line): the same
    /// finding in the same literal has the same fingerprint when lines move. See
    /// [`baseline::fingerprint`].
    pub fingerprint: String,
    pub kind: FindingKind,
}

impl ScanFinding {
    pub fn code(&self) -> &str {
        match &self.kind {
            FindingKind::Lint(d) => d.code,
            FindingKind::Syntax(e) => e.code.as_str(),
        }
    }

    pub fn severity(&self) -> Severity {
        match &self.kind {
            FindingKind::Lint(d) => d.severity,
            FindingKind::Syntax(_) => Severity::Error,
        }
    }
}

/// Whether the fast literal extraction `scan` uses (which lexes only the lines that hold an
/// SDDL start or a construct that spans lines) finds the same SDDL literals as lexing the whole
/// file would; `Err` says what differs. For the `scan` fuzz target.
#[doc(hidden)]
pub fn extraction_agrees(source: &str, language: Language) -> Result<(), String> {
    extract::check_against_full(source, language)
}

/// Rules that only `sddl scan` reports (about suppression comments, not descriptors).
pub const SCAN_ONLY_RULES: [&str; 2] = ["SDDL042", "SDDL043"];

/// The sentinel a placeholder is replaced with.
pub const PLACEHOLDER_SENTINEL: &str = "SY";

/// Where the object kind (or pipe mode) a literal is linted for came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContextSource {
    /// An inline `sddl-lint: type=...` annotation.
    Annotation,
    /// The caller's context (`--type`, the configuration).
    Given,
    /// A word of the code around the literal (`CreateNamedPipe`, `PIPE_ACCESS_DUPLEX`, ...).
    Code(&'static str),
}

/// An SDDL literal of a file, clean or not (`sddl scan --inventory`).
#[derive(Clone, Debug)]
pub struct LiteralSite {
    /// File bytes of the literal as written (prefixes, quotes and concatenation included).
    pub span: Span,
    /// The literal decoded (escapes, concatenation) and trimmed, placeholders as written.
    pub literal: String,
    /// The context it is linted in (the caller's, then the code's, then an annotation's).
    pub context: LintContext,
    /// Where `context.kind` (or, without a kind, `context.pipe_mode`) came from; `None` when
    /// neither is known.
    pub source: Option<ContextSource>,
}

/// A literal that looks like SDDL, with its context, ready to lint.
struct Prepared {
    site: LiteralSite,
    candidate: Candidate,
    /// A malformed annotation: its span and what is wrong.
    bad_annotation: Option<(Span, String)>,
}

/// The literals of a file that look like SDDL, each with the context it is linted in.
/// `markers` are where [`MARKER`] starts in `source`, in order. Nothing here needs a line
/// number: the lines around a literal are found from its offset.
fn prepare(
    source: &str,
    lits: Vec<extract::Literal>,
    markers: &[usize],
    base: &LintContext,
) -> Vec<Prepared> {
    let mut out = Vec::new();
    for lit in lits {
        let Some(mut candidate) = Candidate::new(&lit) else {
            continue;
        };
        let (mut cx, evidence) = infer_context(source, lit.start, base);
        let mut from = if base.kind.is_some() || base.pipe_mode.is_some() {
            Some(ContextSource::Given)
        } else {
            evidence.map(ContextSource::Code)
        };
        let mut bad_annotation = None;
        if let Some((words, at)) = annotation(source, lit.start, markers) {
            match LintContext::from_words(words) {
                Ok(a) => {
                    if a.kind.is_some() || a.pipe_mode.is_some() {
                        from = Some(ContextSource::Annotation);
                    }
                    cx.kind = a.kind.or(cx.kind);
                    cx.pipe_mode = a.pipe_mode.or(cx.pipe_mode);
                    if !a.clients.is_empty() {
                        cx.clients = a.clients;
                    }
                    cx.domain_sid = a.domain_sid.or(cx.domain_sid);
                    cx.everyone_includes_anonymous |= a.everyone_includes_anonymous;
                }
                Err(e) => {
                    bad_annotation = Some((at, format!("invalid `sddl-lint:` annotation: {e}")))
                }
            }
        }
        out.push(Prepared {
            site: LiteralSite {
                span: Span::from_range(lit.start, lit.end),
                literal: std::mem::take(&mut candidate.decoded),
                context: cx,
                source: from,
            },
            candidate,
            bad_annotation,
        });
    }
    out
}

/// The SDDL literals of one file's text, clean or not, each with its context (`base` is what
/// the caller knows, as for [`scan_source`]).
pub fn literals(source: &str, language: Language, base: &LintContext) -> Vec<LiteralSite> {
    let (lits, markers) = extract::extract_marked(source, language);
    prepare(source, lits, &markers, base)
        .into_iter()
        .map(|p| p.site)
        .collect()
}

/// Scans one file's text. `base` is what the caller knows (`--type`, configuration); context
/// inferred from the code fills what it leaves open, and an inline annotation overrides both.
pub fn scan_source(
    source: &str,
    language: Language,
    base: &LintContext,
    settings: &Settings,
) -> Vec<ScanFinding> {
    let lines = LineIndex::new(source);
    scan_source_with(
        source,
        language,
        base,
        settings,
        &mut LintMemo::default(),
        &lines,
    )
}

/// What linting an SDDL text in a context gave (parse errors and diagnostics, spans in the
/// SDDL text), remembered across the files one walker thread scans: a codebase writes the same
/// descriptors again and again (one pipe DACL in every service, test copies), and linting is
/// most of a scan's work per literal. Exact: the result depends only on the text, the context
/// and the settings, and the memo forgets everything when the settings change (configuration
/// per path). Bounded: at most [`LintMemo::MAX_BYTES`] of remembered text; then it starts over.
#[derive(Debug, Default)]
pub struct LintMemo {
    settings: Option<Settings>,
    entries: std::collections::HashMap<String, Vec<(LintContext, Linted)>>,
    bytes: usize,
}

#[derive(Clone, Debug)]
struct Linted {
    errors: Vec<ParseError>,
    diagnostics: Vec<Diagnostic>,
}

impl LintMemo {
    /// Remembered SDDL text (keys) beyond which the memo is emptied.
    pub const MAX_BYTES: usize = 4 << 20;

    /// Forgets everything unless it was built with `settings`.
    fn use_settings(&mut self, settings: &Settings) {
        if self.settings.as_ref() != Some(settings) {
            self.entries.clear();
            self.bytes = 0;
            self.settings = Some(settings.clone());
        }
    }

    /// Parse `sddl` and lint it in `cx`, or what that gave before.
    fn lint(&mut self, sddl: &str, cx: &LintContext, settings: &Settings) -> Linted {
        if let Some(hit) = self
            .entries
            .get(sddl)
            .and_then(|v| v.iter().find(|(c, _)| c == cx))
        {
            return hit.1.clone();
        }
        let opts = ParseOptions {
            domain_sid: cx.domain_sid,
        };
        let parsed = sddl_core::parse(sddl, &opts);
        let report = crate::lint_report(&parsed.sd, sddl, cx, settings);
        let linted = Linted {
            errors: parsed.errors,
            diagnostics: report.diagnostics,
        };
        if self.bytes + sddl.len() > Self::MAX_BYTES {
            self.entries.clear();
            self.bytes = 0;
        }
        self.bytes += sddl.len();
        self.entries
            .entry(sddl.to_string())
            .or_default()
            .push((cx.clone(), linted.clone()));
        linted
    }
}

/// [`scan_source`] with a [`LintMemo`] kept from file to file (one per thread) and the
/// caller's [`LineIndex`] of `source`, which the caller can go on asking about the findings'
/// positions (the counting it did for the scan is kept). An index of another text is not
/// used.
pub fn scan_source_with(
    source: &str,
    language: Language,
    base: &LintContext,
    settings: &Settings,
    memo: &mut LintMemo,
    lines: &LineIndex<'_>,
) -> Vec<ScanFinding> {
    memo.use_settings(settings);
    let own;
    let lines = if lines.is_of(source) {
        lines
    } else {
        own = LineIndex::new(source);
        &own
    };
    let (lits, markers) = extract::extract_marked(source, language);
    let mut suppressions = parse_suppressions(&markers, lines);
    let mut findings = Vec::new();
    let meta = |code: &'static str, span: Span, message: String| {
        meta_finding(source, lines, settings, code, span, message)
    };
    for p in prepare(source, lits, &markers, base) {
        let Prepared {
            site,
            candidate,
            bad_annotation,
        } = p;
        // Lines are counted only where a suppression could apply.
        let line = if suppressions.is_empty() {
            0
        } else {
            lines.line_of(site.span.start as usize)
        };
        if let Some((at, message)) = bad_annotation {
            findings.extend(meta("SDDL043", at, message));
        }
        let cx = site.context;
        let linted = memo.lint(&candidate.sddl, &cx, settings);
        // (span in the file, span in the SDDL, finding)
        let mut raw: Vec<(Span, Span, FindingKind)> = Vec::new();
        for mut e in linted.errors {
            if candidate.touches_placeholder(e.span) {
                continue;
            }
            let local = e.span;
            e.span = candidate.to_file(e.span);
            raw.push((e.span, local, FindingKind::Syntax(e)));
        }
        for mut d in linted.diagnostics {
            if candidate.touches_placeholder(d.span) {
                continue;
            }
            let local = d.span;
            d.span = candidate.to_file(d.span);
            for l in &mut d.labels {
                l.span = candidate.to_file(l.span);
            }
            d.fix = None;
            raw.push((d.span, local, FindingKind::Lint(d)));
        }
        for (span, local, kind) in raw {
            let code = match &kind {
                FindingKind::Lint(d) => d.code,
                FindingKind::Syntax(_) => "",
            };
            let at = if suppressions.is_empty() {
                0
            } else {
                lines.line_of(span.start as usize)
            };
            let suppressed = suppressions.iter_mut().any(|s| {
                let near = |l: usize| l == s.line || l == s.line + 1;
                if !(near(at) || near(line)) {
                    return false;
                }
                match s.codes.iter().position(|c| *c == Some(code)) {
                    Some(i) => {
                        s.used[i] = true;
                        true
                    }
                    None => false,
                }
            });
            if suppressed {
                continue;
            }
            let fingerprint = baseline::fingerprint(&site.literal, &candidate.sddl, local);
            findings.push(finding(
                source,
                lines,
                span,
                (site.literal.clone(), candidate.sddl.clone(), fingerprint),
                kind,
            ));
        }
    }
    for s in &suppressions {
        if s.reason.is_empty() {
            findings.extend(meta(
                "SDDL043",
                s.span,
                "suppression without a reason".into(),
            ));
        }
        for (i, c) in s.codes.iter().enumerate() {
            match c {
                None => findings.extend(meta(
                    "SDDL043",
                    s.span,
                    format!("`{}` is not a rule code or name", s.written[i]),
                )),
                // A suppression of a rule that is off cannot be used: not reported.
                Some(code)
                    if !s.used[i]
                        && rule_by_code(code).is_some_and(|r| settings.severity(r).is_some()) =>
                {
                    findings.extend(meta(
                        "SDDL042",
                        s.span,
                        format!("suppression of `{code}` suppresses nothing"),
                    ))
                }
                Some(_) => {}
            }
        }
    }
    findings.sort_by(|a, b| {
        (a.span.start, a.span.end, a.code()).cmp(&(b.span.start, b.span.end, b.code()))
    });
    findings
}

/// A finding at `span` of the file; `texts` are its literal, SDDL and fingerprint.
fn finding(
    source: &str,
    lines: &LineIndex<'_>,
    span: Span,
    texts: (String, String, String),
    kind: FindingKind,
) -> ScanFinding {
    let (literal, sddl, fingerprint) = texts;
    let (line, line_start, start) = lines.locate(span.start as usize);
    let before = &source[line_start..start];
    // Most lines are ASCII: a character and a UTF-16 unit per byte.
    let (column, column_utf16) = if before.is_ascii() {
        (before.len(), before.len())
    } else {
        (before.chars().count(), before.encode_utf16().count())
    };
    ScanFinding {
        span,
        line,
        column: column + 1,
        column_utf16: column_utf16 + 1,
        literal,
        sddl,
        fingerprint,
        kind,
    }
}

/// A finding about a suppression comment (SDDL042/SDDL043), when its rule is on.
fn meta_finding(
    source: &str,
    lines: &LineIndex<'_>,
    settings: &Settings,
    code: &'static str,
    span: Span,
    message: String,
) -> Option<ScanFinding> {
    let rule = rule_by_code(code)?;
    let severity = settings.severity(rule)?;
    let d = Diagnostic {
        code: rule.code,
        name: rule.name,
        severity,
        message,
        span,
        labels: Vec::new(),
        help: Some(match code {
            "SDDL042" => "remove the suppression comment, or fix the code it names".into(),
            _ => "write `sddl-lint: ignore[CODE] reason`, with known codes and a reason".into(),
        }),
        note: None,
        fix: None,
        url: rule.url(),
    };
    let text = source[span.start as usize..span.end as usize].to_string();
    let fingerprint = baseline::fingerprint(&text, "", Span::from_range(0, 0));
    Some(finding(
        source,
        lines,
        span,
        (text, String::new(), fingerprint),
        FindingKind::Lint(d),
    ))
}

/// Lines of a text without a pass over it per question: the count of newlines before each
/// 1 KiB block, counted (SIMD) as far as the questions reach and kept, then counting within one
/// block; a question just after the last answer counts on from there.
#[derive(Clone, Debug)]
pub struct LineIndex<'a> {
    text: &'a str,
    /// `blocks[k]`: newlines before byte `k * BLOCK`, for the blocks counted so far (always at
    /// least `[0]`).
    blocks: std::cell::RefCell<Vec<usize>>,
    /// The last line found and its start: questions come in runs about nearby lines.
    last: std::cell::Cell<(usize, usize)>,
}

const BLOCK: usize = 1024;

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        LineIndex {
            text,
            blocks: std::cell::RefCell::new(vec![0]),
            last: std::cell::Cell::new((1, 0)),
        }
    }

    /// Whether this is the index of `text` (the same string, not an equal one).
    pub fn is_of(&self, text: &str) -> bool {
        std::ptr::eq(self.text, text)
    }

    /// Counts blocks until `done` says enough (given the newlines before the next block and
    /// its index) or the text ends; the blocks.
    fn blocks_until(&self, done: impl Fn(usize, usize) -> bool) -> std::cell::Ref<'_, Vec<usize>> {
        {
            let mut blocks = self.blocks.borrow_mut();
            let b = self.text.as_bytes();
            loop {
                let k = blocks.len() - 1;
                let from = k * BLOCK;
                if done(blocks[k], k) || from >= b.len() {
                    break;
                }
                let to = (from + BLOCK).min(b.len());
                let n = blocks[k] + bytecount::count(&b[from..to], b'\n');
                blocks.push(n);
            }
        }
        self.blocks.borrow()
    }

    /// 1-based line of byte `offset` (the last line past the end).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        let b = self.text.as_bytes();
        let (near, near_start) = self.last.get();
        let line = if offset >= near_start && offset - near_start <= BLOCK {
            // Just after the last answer (questions come in runs): count from there.
            near + bytecount::count(&b[near_start..offset], b'\n')
        } else {
            let k = offset / BLOCK;
            let before = self.blocks_until(|_, at| at >= k)[k];
            before + bytecount::count(&b[k * BLOCK..offset], b'\n') + 1
        };
        self.last.set((line, extract::line_start(b, offset)));
        line
    }

    /// Where byte `offset` is: its 1-based line, the offset where that line starts, and
    /// `offset` itself, moved back to a character boundary and no further than the end.
    pub fn locate(&self, offset: usize) -> (usize, usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        (line, self.line_start(line), offset)
    }

    /// Byte offset where 1-based `line` starts (the end of the text past the last line).
    pub fn line_start(&self, line: usize) -> usize {
        let b = self.text.as_bytes();
        let (near, mut at) = self.last.get();
        if line.abs_diff(near) <= 8 {
            // A few lines from the last answer: step there.
            for _ in line..near {
                at = at.checked_sub(1).map_or(0, |nl| extract::line_start(b, nl));
            }
            for _ in near..line {
                at = memchr::memchr(b'\n', &b[at..]).map_or(b.len(), |p| at + p + 1);
            }
        } else {
            at = self.block_line_start(line);
        }
        // Past the end, or line 0, `at` is not that line's start: nothing to remember.
        if line >= 1 && at < self.text.len() {
            self.last.set((line, at));
        }
        at
    }

    fn block_line_start(&self, line: usize) -> usize {
        let Some(n) = line.checked_sub(1).filter(|&n| n > 0) else {
            return 0;
        };
        // Blocks until one has `n` newlines before it (or the text ends).
        let blocks = self.blocks_until(|before, _| before >= n);
        if n > blocks[blocks.len() - 1] {
            return self.text.len();
        }
        // The `n`th newline is in the block before the first that has `n` before it.
        let k = blocks.partition_point(|&c| c < n) - 1;
        let from = k * BLOCK;
        let to = (from + BLOCK).min(self.text.len());
        memchr::memchr_iter(b'\n', &self.text.as_bytes()[from..to])
            .nth(n - blocks[k] - 1)
            .map_or(self.text.len(), |p| from + p + 1)
    }

    /// Text of 1-based line `line`, without its terminator.
    fn text(&self, line: usize) -> &'a str {
        let start = self.line_start(line);
        let end = memchr::memchr(b'\n', &self.text.as_bytes()[start..])
            .map_or(self.text.len(), |p| start + p);
        self.text[start..end].trim_end_matches('\r')
    }
}

/// A literal that looks like SDDL, ready to parse.
struct Candidate {
    /// The literal decoded and trimmed, placeholders as written (moved to the literal's site
    /// by [`prepare`]).
    decoded: String,
    sddl: String,
    /// For each byte of `sddl`, the file bytes it came from.
    map: Vec<(u32, u32)>,
    /// Byte ranges of `sddl` that replaced placeholders.
    placeholders: Vec<(usize, usize)>,
}

impl Candidate {
    fn new(lit: &extract::Literal) -> Option<Candidate> {
        let t = &lit.text;
        let lead = t.len() - t.trim_start().len();
        let trimmed = t.trim();
        // Most literals are not SDDL: they fail this before anything is copied. (A placeholder
        // becomes `SY`, so it cannot make the first two bytes.)
        if !matches!(trimmed.as_bytes(), [b'O' | b'G' | b'D' | b'S', b':', ..]) {
            return None;
        }
        let base = lead;
        // No byte that can start a placeholder (`%`, `{`, `$`): the SDDL is the trimmed text,
        // each byte from where its own came, and it is judged before anything is copied.
        if memchr::memchr3(b'%', b'{', b'$', trimmed.as_bytes()).is_none() {
            return looks_like_sddl(trimmed).then(|| Candidate {
                decoded: trimmed.to_string(),
                sddl: trimmed.to_string(),
                map: lit.map[base..base + trimmed.len()].to_vec(),
                placeholders: Vec::new(),
            });
        }
        let mut sddl = String::with_capacity(trimmed.len());
        let mut map = Vec::with_capacity(trimmed.len());
        let mut placeholders = Vec::new();
        let mut i = 0;
        while i < trimmed.len() {
            if let Some(len) = placeholder_len(&trimmed[i..]) {
                let from = lit.map[base + i].0;
                let to = lit.map[base + i + len - 1].1;
                let at = sddl.len();
                sddl.push_str(PLACEHOLDER_SENTINEL);
                placeholders.push((at, sddl.len()));
                map.extend(std::iter::repeat_n((from, to), PLACEHOLDER_SENTINEL.len()));
                i += len;
                continue;
            }
            let c = trimmed[i..].chars().next()?;
            sddl.push(c);
            for k in 0..c.len_utf8() {
                map.push(lit.map[base + i + k]);
            }
            i += c.len_utf8();
        }
        looks_like_sddl(&sddl).then(|| Candidate {
            decoded: trimmed.to_string(),
            sddl,
            map,
            placeholders,
        })
    }

    fn touches_placeholder(&self, span: Span) -> bool {
        let (s, e) = (span.start as usize, span.end as usize);
        self.placeholders.iter().any(|&(ps, pe)| s <= pe && e >= ps)
    }

    /// The file bytes of a span of `sddl`.
    fn to_file(&self, span: Span) -> Span {
        let n = self.map.len();
        if n == 0 {
            return span;
        }
        let (s, e) = (span.start as usize, span.end as usize);
        let start = if s < n {
            self.map[s].0
        } else {
            self.map[n - 1].1
        };
        let end = if e == s {
            start
        } else {
            self.map[(e - 1).min(n - 1)].1
        };
        Span::new(start, end.max(start))
    }
}

/// The length of the placeholder `s` starts with: `%s`, `%ls`, `%ws`, `%hs`, `%S`, `{0}`,
/// `{name}`, `{{name}}`, `${name}`, `$name`.
fn placeholder_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let word = |from: usize| {
        b[from..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b':'))
            .count()
    };
    match b.first()? {
        b'%' => {
            for p in ["%ls", "%ws", "%hs", "%s", "%S"] {
                if s.starts_with(p) {
                    return Some(p.len());
                }
            }
            None
        }
        b'{' if s.starts_with("{{") => {
            let body = s[2..].trim_start();
            let ws = s.len() - 2 - body.len();
            let w = word(2 + ws);
            let rest = &s[2 + ws + w..];
            let trail = rest.len() - rest.trim_start().len();
            (w > 0 && rest.trim_start().starts_with("}}")).then_some(2 + ws + w + trail + 2)
        }
        b'{' => {
            let w = word(1);
            (w > 0 && b.get(1 + w) == Some(&b'}')).then_some(w + 2)
        }
        b'$' if b.get(1) == Some(&b'{') => {
            let w = word(2);
            (w > 0 && b.get(2 + w) == Some(&b'}')).then_some(w + 3)
        }
        b'$' => {
            let w = b[1..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
                .count();
            (w > 0 && (b[1].is_ascii_alphabetic() || b[1] == b'_')).then_some(w + 1)
        }
        _ => None,
    }
}

/// Whether trimmed text has the shape of a security descriptor (see the module docs).
pub fn looks_like_sddl(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 3 || !matches!(b[0], b'O' | b'G' | b'D' | b'S') || b[1] != b':' {
        return false;
    }
    let next = b[2];
    let ok_next = match b[0] {
        b'O' | b'G' => next.is_ascii_uppercase() || next.is_ascii_digit(),
        _ => next == b'(' || next.is_ascii_uppercase(),
    };
    if !ok_next {
        return false;
    }
    // No whitespace or line break outside parentheses; a path separator never appears.
    let mut depth = 0usize;
    let mut has_ace = false;
    let mut semis = 0;
    for &c in b {
        match c {
            b'(' => {
                depth += 1;
                if depth == 1 {
                    semis = 0;
                }
            }
            b')' => {
                if depth == 1 && semis >= 2 {
                    has_ace = true;
                }
                depth = depth.saturating_sub(1);
            }
            b';' if depth >= 1 => semis += 1,
            b'\n' | b'\r' | b'\\' | b'/' if depth == 0 => return false,
            c if c.is_ascii_whitespace() && depth == 0 => return false,
            _ => {}
        }
    }
    has_ace || pure_owner_group(s) || null_acl(s)
}

/// A NULL DACL or SACL, after an optional owner and group: `D:NO_ACCESS_CONTROL`,
/// `O:BAG:SYD:PNO_ACCESS_CONTROL`, `S:NO_ACCESS_CONTROL`.
fn null_acl(s: &str) -> bool {
    let Some(at) = s.find("NO_ACCESS_CONTROL") else {
        return false;
    };
    let Some(part) = s[..at].rfind(['D', 'S']) else {
        return false;
    };
    // The colon first: it is what makes `part + 2` no further than `at`.
    if s.as_bytes().get(part + 1) != Some(&b':') {
        return false;
    }
    let head = &s[..part];
    let flags = &s[part + 2..at];
    (head.is_empty() || pure_owner_group(head))
        && flags
            .bytes()
            .all(|c| matches!(c, b'P' | b'A' | b'I' | b'R'))
        && s[at + "NO_ACCESS_CONTROL".len()..]
            .bytes()
            .all(|c| matches!(c, b'P' | b'A' | b'I' | b'R'))
}

/// `O:BA`, `G:SY`, `O:BAG:SY`, `O:S-1-5-18G:S-1-5-18`.
fn pure_owner_group(s: &str) -> bool {
    let mut rest = s;
    let mut parts = 0;
    while !rest.is_empty() {
        let Some(r) = rest.strip_prefix("O:").or_else(|| rest.strip_prefix("G:")) else {
            return false;
        };
        // The value runs to the letter before the next colon (`BA` of `BAG:`); a character
        // there that is not ASCII is no part letter.
        let end = r.find(':').map_or(r.len(), |i| i.saturating_sub(1));
        let Some(value) = r.get(..end) else {
            return false;
        };
        let alias = value.len() == 2 && value.bytes().all(|c| c.is_ascii_uppercase());
        let sid = value.starts_with("S-1-")
            && value[4..].bytes().all(|c| c.is_ascii_digit() || c == b'-');
        if !(alias || sid) {
            return false;
        }
        parts += 1;
        rest = &r[end..];
    }
    parts > 0
}

/// What a word of the code around a literal says: an object kind (by name) or a pipe mode.
#[derive(Clone, Copy)]
enum Hint {
    Kind(ObjectKind),
    Mode(PipeMode),
}

/// The words [`infer_context`] looks for, in order of precedence: the first kind word present
/// (kinds in order, then words in order) tells the kind and is the evidence; then likewise for
/// the pipe mode.
const HINTS: [(&str, Hint); 21] = [
    ("CreateNamedPipe", Hint::Kind(ObjectKind::NamedPipe)),
    ("NamedPipeServerStream", Hint::Kind(ObjectKind::NamedPipe)),
    ("PipeSecurity", Hint::Kind(ObjectKind::NamedPipe)),
    ("ListenPipe", Hint::Kind(ObjectKind::NamedPipe)),
    ("PIPE_ACCESS_", Hint::Kind(ObjectKind::NamedPipe)),
    ("RegCreateKeyEx", Hint::Kind(ObjectKind::RegistryKey)),
    ("RegSetKeySecurity", Hint::Kind(ObjectKind::RegistryKey)),
    ("RegistrySecurity", Hint::Kind(ObjectKind::RegistryKey)),
    ("CreateService", Hint::Kind(ObjectKind::Service)),
    ("SetServiceObjectSecurity", Hint::Kind(ObjectKind::Service)),
    ("sc sdset", Hint::Kind(ObjectKind::Service)),
    ("sc.exe sdset", Hint::Kind(ObjectKind::Service)),
    ("CreateDirectory", Hint::Kind(ObjectKind::Directory)),
    ("CreateFile", Hint::Kind(ObjectKind::File)),
    ("SetFileSecurity", Hint::Kind(ObjectKind::File)),
    ("PIPE_ACCESS_DUPLEX", Hint::Mode(PipeMode::Duplex)),
    ("PipeDirection.InOut", Hint::Mode(PipeMode::Duplex)),
    ("PIPE_ACCESS_INBOUND", Hint::Mode(PipeMode::Inbound)),
    ("PipeDirection.In", Hint::Mode(PipeMode::Inbound)),
    ("PIPE_ACCESS_OUTBOUND", Hint::Mode(PipeMode::Outbound)),
    ("PipeDirection.Out", Hint::Mode(PipeMode::Outbound)),
];

/// Which of [`HINTS`] occur in `text` (bit `i` for word `i`), as a substring search for each
/// would have it: a word inside another (`PipeDirection.In` in `...InOut`) is present. One SIMD
/// search (leftmost-longest) from each place a word starts: at every such place it finds the
/// longest word, and the words inside that word are present too.
fn hints_in(text: &str) -> u32 {
    struct Finder {
        words: aho_corasick::AhoCorasick,
        /// `inside[i]`: the words that occur in word `i` (itself included).
        inside: [u32; HINTS.len()],
    }
    static FINDER: std::sync::OnceLock<Finder> = std::sync::OnceLock::new();
    let f = FINDER.get_or_init(|| Finder {
        words: aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(HINTS.iter().map(|(w, _)| w))
            .expect("a few short literal words always build"),
        inside: std::array::from_fn(|i| {
            (0..HINTS.len())
                .filter(|&j| HINTS[i].0.contains(HINTS[j].0))
                .fold(0, |set, j| set | 1 << j)
        }),
    });
    let mut set = 0;
    let mut from = 0;
    while let Some(m) = f
        .words
        .find(aho_corasick::Input::new(text).span(from..text.len()))
    {
        set |= f.inside[m.pattern().as_usize()];
        from = m.start() + 1;
    }
    set
}

/// The lines whose words tell a literal's context: the line holding byte `at` and the three
/// before it (without the last line's terminator).
fn context_lines(source: &str, at: usize) -> &str {
    let b = source.as_bytes();
    let mut start = extract::line_start(b, at);
    for _ in 0..3 {
        if start == 0 {
            break;
        }
        start = extract::line_start(b, start - 1);
    }
    let end = memchr::memchr(b'\n', &b[at..]).map_or(b.len(), |p| at + p);
    &source[start..end]
}

/// Context inferred from the line of byte `at` (a literal's start) and the three before it, on
/// top of `base`, and the word of the code that told the object kind (or the pipe mode).
fn infer_context(
    source: &str,
    at: usize,
    base: &LintContext,
) -> (LintContext, Option<&'static str>) {
    let mut cx = base.clone();
    // No word holds a line break, so the lines as written are searched as one text.
    let present = hints_in(context_lines(source, at));
    // The first hint of each sort present, in the table's order of precedence.
    let first = |want: fn(Hint) -> bool| {
        (0..HINTS.len())
            .find(|&i| present & (1 << i) != 0 && want(HINTS[i].1))
            .map(|i| HINTS[i])
    };
    let mut evidence = None;
    if cx.kind.is_none() {
        if let Some((word, Hint::Kind(kind))) = first(|h| matches!(h, Hint::Kind(_))) {
            cx.kind = Some(kind);
            evidence = Some(word);
        }
    }
    if cx.pipe_mode.is_none() && cx.kind.is_none_or(|k| k == ObjectKind::NamedPipe) {
        if let Some((word, Hint::Mode(mode))) = first(|h| matches!(h, Hint::Mode(_))) {
            cx.pipe_mode = Some(mode);
            evidence = evidence.or(Some(word));
        }
    }
    (cx, evidence)
}

use extract::MARKER;

/// The text after `sddl-lint:` on a line, without comment closers. The marker must directly
/// follow a comment opener (`//`, `/*`, `*`, `#`, `<!--`, `;`, `::`, `REM`, `--`, `'`), so that
/// prose and strings that mention it are not taken for annotations.
fn marker_words(line: &str) -> Option<(&str, usize)> {
    let at = line.find(MARKER)?;
    let before = line[..at].trim_end();
    let opener = [
        "//", "/*", "*", "#", "<!--", ";", "::", "REM", "rem", "--", "'",
    ]
    .iter()
    .any(|o| before.ends_with(o));
    if !opener {
        return None;
    }
    let mut rest = &line[at + MARKER.len()..];
    for closer in ["*/", "-->", "#>"] {
        if let Some(i) = rest.find(closer) {
            rest = &rest[..i];
        }
    }
    Some((rest.trim(), at))
}

/// A context annotation (not `ignore`) on the line of byte `at` (a literal's start) or the
/// line before: its words and its span. `markers` are where [`MARKER`] starts in `source`, in
/// order: lines without one are not read.
fn annotation<'a>(source: &'a str, at: usize, markers: &[usize]) -> Option<(&'a str, Span)> {
    let b = source.as_bytes();
    let here = extract::line_start(b, at);
    let before = here.checked_sub(1).map(|nl| extract::line_start(b, nl));
    let end = memchr::memchr(b'\n', &b[at..]).map_or(b.len(), |p| at + p);
    let first = markers.partition_point(|&m| m < before.unwrap_or(here));
    if markers.get(first).is_none_or(|&m| m >= end) {
        return None;
    }
    for start in [Some(here), before].into_iter().flatten() {
        let stop = memchr::memchr(b'\n', &b[start..]).map_or(b.len(), |p| start + p);
        let text = source[start..stop].trim_end_matches('\r');
        if let Some((words, at)) = marker_words(text) {
            if words.starts_with("ignore") {
                continue;
            }
            return Some((words, Span::from_range(start + at, start + text.len())));
        }
    }
    None
}

struct Suppression {
    /// 1-based line of the comment.
    line: usize,
    span: Span,
    written: Vec<String>,
    /// The code each entry resolves to (`None`: unknown).
    codes: Vec<Option<&'static str>>,
    used: Vec<bool>,
    reason: String,
}

fn parse_suppressions(markers: &[usize], lines: &LineIndex<'_>) -> Vec<Suppression> {
    let mut out = Vec::new();
    let mut last = 0;
    // The lines that have the marker (found with the literals).
    for &at in markers {
        let l = lines.line_of(at);
        if l == last {
            continue;
        }
        last = l;
        let text = lines.text(l);
        let Some((words, at)) = marker_words(text) else {
            continue;
        };
        let Some(rest) = words.strip_prefix("ignore") else {
            continue;
        };
        let span = Span::from_range(lines.line_start(l) + at, lines.line_start(l) + text.len());
        let (list, reason) = match rest.strip_prefix('[').and_then(|r| r.split_once(']')) {
            Some((list, reason)) => (list, reason.trim()),
            None => ("", rest.trim()),
        };
        let written: Vec<String> = list
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        let mut written = written;
        if written.is_empty() {
            written.push(String::new());
        }
        let codes: Vec<Option<&'static str>> = written
            .iter()
            .map(|w| match codes::resolve(w) {
                Some(Resolved::Code(c)) | Some(Resolved::Redirected(_, c)) => Some(c),
                _ => None,
            })
            .collect();
        out.push(Suppression {
            line: l,
            span,
            used: vec![false; codes.len()],
            codes,
            written,
            reason: reason.to_string(),
        });
    }
    out
}

#[cfg(test)]
mod tests;
