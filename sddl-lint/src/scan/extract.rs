//! String literals of source files, decoded, with a source map back to the file's bytes.
//!
//! One extractor per language family; each yields [`Piece`]s (one literal token each), and
//! [`extract_marked`] joins pieces that are concatenated with only whitespace or `+` between them
//! (`"D:P" "(A;;GA;;;SY)"` in C, `"D:P" + "(A;;GA;;;SY)"` in C#, Java, JS, Python).

use super::Language;

/// One decoded literal. `map[i]` is the range of file bytes that decoded byte `i` came from
/// (an escape like `\x41` maps its one byte to all four of its source bytes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Literal {
    pub text: String,
    pub map: Vec<(u32, u32)>,
    /// File byte range of the whole literal, prefixes and quotes included.
    pub start: usize,
    pub end: usize,
    /// Where its content begins, after the opening quote (or `R"delim(`, the line of `@"`).
    body: usize,
    /// Lexed for its extent only: `text` and `map` stay empty (see [`Lexer::room`]).
    hollow: bool,
}

impl Literal {
    /// A literal starting at `start` whose content begins at `body`, decoded as it is lexed
    /// into room for `room` bytes, or hollow when `room` is 0.
    fn new(start: usize, body: usize, room: usize) -> Literal {
        Literal {
            text: String::with_capacity(room),
            map: Vec::with_capacity(room),
            start,
            end: start,
            body,
            hollow: room == 0,
        }
    }

    fn push(&mut self, c: char, from: usize, to: usize) {
        if self.hollow {
            return;
        }
        let before = self.text.len();
        self.text.push(c);
        for _ in before..self.text.len() {
            self.map.push((from as u32, to as u32));
        }
    }

    /// Copies `src[from..to]` as written (no escapes): each byte maps to itself (the bytes of
    /// a character each to their own byte, which covers the same range once joined).
    fn push_raw(&mut self, src: &str, from: usize, to: usize) {
        if self.hollow {
            return;
        }
        self.text.push_str(&src[from..to]);
        self.map
            .extend((from as u32..to as u32).map(|at| (at, at + 1)));
    }
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Every string literal of `src`, decoded, concatenations joined: the whole file lexed from
/// its first byte. The reference for [`extract_marked`], which lexes only the lines that matter.
pub(crate) fn extract_all(src: &str, lang: Language) -> Vec<Literal> {
    if lang == Language::Plain {
        return plain(src);
    }
    // Room for a typical literal up front (growing from empty took five reallocations each for
    // the text and the map of a 40-byte string).
    let mut lx = Lexer::new(src, lang, 48);
    let mut i = 0;
    while i < src.len() {
        i = lx.step(i, src.len());
    }
    join(src, lx.out)
}

/// The string literals of `src` that can matter to a scan, decoded, concatenations joined:
/// every literal of [`extract_all`] whose text spells an SDDL start (`O:`, `G:`, `D:`, `S:`,
/// written as such, not through escapes), and others near them whose text starts like SDDL,
/// found without lexing the whole file. Literals are lexed hollow and only chains that can
/// start like SDDL are decoded ([`join_decoded`]).
///
/// Where a language is in code at the start of a line depends only on the constructs that can
/// span lines: block comments, raw, verbatim and triple-quoted strings, backticks, line
/// continuations, and in PowerShell every quote (its strings span lines). A line without any
/// of their openers (the language's *triggers*) ends in code when it starts in code. So the
/// lexer runs only over the lines that hold an SDDL start or a trigger, from the start of the
/// line (in code, since every trigger before it has been lexed), to the end of the line or of
/// the construct that began on it; everything between is skipped with a SIMD search. A
/// lexed stretch is widened a line at a time while its first literal could be concatenated
/// with one before it, or its last with one after it (only whitespace, `+` and `TEXT(`-style
/// macro names between), so every chain is whole. `tests::anchored_equals_full` and the `scan`
/// fuzz target check the result against [`extract_all`].
///
/// Also where `sddl-lint:` ([`MARKER`]) occurs in `src`, in order: found by the same SIMD
/// search, plus a plain search over the lines the lexer ran on (the search skips them), so the
/// file is read once for both.
pub(crate) fn extract_marked(src: &str, lang: Language) -> (Vec<Literal>, Vec<usize>) {
    if lang == Language::Plain {
        return (
            plain(src),
            marker_finder().find_iter(src.as_bytes()).collect(),
        );
    }
    let b = src.as_bytes();
    let mut hits = Hits::new(b, lang);
    let mut lx = Lexer::new(src, lang, 0);
    // `i` is in code: everything before it has been lexed or holds no trigger. The lexing that
    // ends at `i` (the stretch) began at `start` after skipping from `after`; its literals are
    // `lx.out[mark..]`. `earlier` holds the `start` and `after` of the stretches before it that
    // have no literal, innermost last: a literal can be concatenated across them.
    let mut i = 0;
    let (mut start, mut after, mut mark) = (0, 0, 0);
    let mut earlier: Vec<(usize, usize)> = Vec::new();
    while i < b.len() {
        // From the start of `i`'s line: a trigger can begin before `i` when the lexer skipped
        // to `i` from the line before (the `@` of `@"` whose quote is at `i`).
        let Some(h) = hits.next_from(line_start(b, i)) else {
            break;
        };
        let line = line_start(b, h);
        if line > i {
            if lx.out.len() == mark {
                earlier.push((start, after));
            } else {
                earlier.clear();
            }
            (start, after, mark) = (line, i, lx.out.len());
            i = line;
        }
        let mut from = i;
        let mut end = line_end(b, h);
        loop {
            let mut k = from;
            loop {
                while k < end {
                    k = lx.step(k, end);
                }
                match joins_after(b, lx.out.last(), k) {
                    Some(x) => end = line_end(b, x),
                    None => break,
                }
            }
            // Could the stretch's first literal be concatenated to one in the skipped text
            // before it? Then lex the stretch again from a line earlier.
            let widen = start > 0
                && (start > after || !earlier.is_empty())
                && lx
                    .out
                    .get(mark)
                    .is_some_and(|first| first.start <= start || gapish(&b[start..first.start]));
            if widen {
                // Back a line through skipped text (every line start there is in code); back
                // over a stretch without literals to where its lexing began.
                match earlier.pop() {
                    Some(e) if start == after => (start, after) = e,
                    Some(e) => {
                        earlier.push(e);
                        start = line_start(b, start - 1).max(after);
                    }
                    None => start = line_start(b, start - 1).max(after),
                }
                lx.truncate(mark);
                from = start;
                continue;
            }
            i = k;
            break;
        }
    }
    hits.markers_to(b.len());
    (join_decoded(src, &lx), hits.markers)
}

/// The marker of suppressions and annotations.
pub(crate) const MARKER: &str = "sddl-lint:";

/// A search for [`MARKER`] alone.
fn marker_finder() -> &'static memchr::memmem::Finder<'static> {
    static FINDER: std::sync::OnceLock<memchr::memmem::Finder<'static>> =
        std::sync::OnceLock::new();
    FINDER.get_or_init(|| memchr::memmem::Finder::new(MARKER))
}

/// The start of the line holding byte `at`.
pub(crate) fn line_start(b: &[u8], at: usize) -> usize {
    memchr::memrchr(b'\n', &b[..at]).map_or(0, |p| p + 1)
}

/// The end of the line holding byte `at`, its `\n` included.
fn line_end(b: &[u8], at: usize) -> usize {
    memchr::memchr(b'\n', &b[at..]).map_or(b.len(), |p| at + p + 1)
}

/// Non-blank bytes a concatenation gap may hold: `+`, and `) TEXT(` style macro boundaries.
fn gap_byte(c: u8) -> bool {
    matches!(c, b'+' | b'(' | b')' | b'T' | b'E' | b'X' | b'L' | b'_')
}

/// Whether `text` could be (part of) a gap [`gap_joins`] accepts: whitespace, line
/// continuations and at most 9 [`gap_byte`]s.
fn gapish(text: &[u8]) -> bool {
    let mut non_blank = 0;
    for &c in text {
        if c.is_ascii_whitespace() || c == b'\\' {
            continue;
        }
        non_blank += 1;
        if non_blank > 9 || !gap_byte(c) {
            return false;
        }
    }
    true
}

/// Where to lex on to (at or after `k`, which is in code) because a literal there, not yet
/// lexed, could be concatenated to `last`: the first byte after `last` that is not gap-like,
/// when that is not behind `k`. `None` when no literal after `k` can join `last`.
fn joins_after(b: &[u8], last: Option<&Literal>, k: usize) -> Option<usize> {
    let mut j = last?.end;
    let mut non_blank = 0;
    while j < b.len() {
        let c = b[j];
        if c.is_ascii_whitespace() || c == b'\\' {
            j += 1;
            continue;
        }
        if non_blank < 9 && gap_byte(c) {
            non_blank += 1;
            j += 1;
            continue;
        }
        break;
    }
    // A literal's prefix (`@$`, `u8`, `br`) comes before the byte the lexer stops at, and the
    // lexer may have skipped over it to `k`.
    let unlexed = j >= k
        || b[j..k]
            .iter()
            .all(|&c| is_ident(c) || matches!(c, b'@' | b'$' | b'#'));
    (k < b.len() && j < b.len() && unlexed).then_some(j.max(k))
}

/// The positions, in order, of SDDL starts (`O:`, `G:`, `D:`, `S:`) and of the language's
/// triggers (see [`extract_marked`]).
struct Hits<'a> {
    b: &'a [u8],
    finder: &'static Finder,
    backticks: bool,
    /// The last search of each kind: `None` before the first; then the next hit it found.
    pattern: Option<Option<usize>>,
    backtick: Option<Option<usize>>,
    /// Where [`MARKER`] starts, in order, up to `covered`.
    markers: Vec<usize>,
    /// Every marker starting before this offset is in `markers`.
    covered: usize,
}

impl<'a> Hits<'a> {
    fn new(b: &'a [u8], lang: Language) -> Hits<'a> {
        Hits {
            b,
            finder: finder(lang),
            backticks: matches!(lang, Language::Go | Language::Js),
            pattern: None,
            backtick: None,
            markers: Vec::new(),
            covered: 0,
        }
    }

    /// Finds the markers that start in `covered..to` with a plain search (the text the
    /// multi-pattern search skipped because the lexer ran over it).
    fn markers_to(&mut self, to: usize) {
        if to <= self.covered {
            return;
        }
        let from = self.covered;
        let end = (to + MARKER.len() - 1).min(self.b.len());
        self.markers.extend(
            marker_finder()
                .find_iter(&self.b[from..end])
                .map(|p| from + p)
                .filter(|&p| p < to),
        );
        self.covered = to;
    }

    /// The first hit at or after `from` (`from` never decreases from one call to the next).
    fn next_from(&mut self, from: usize) -> Option<usize> {
        let b = self.b;
        if from >= b.len() {
            return None;
        }
        // The text between the last search's hit and `from` was lexed, not searched: its
        // markers first (nothing to do when the last hit is at or after `from`).
        self.markers_to(from);
        let finder = self.finder;
        let marker_id = finder.marker;
        let (markers, covered) = (&mut self.markers, &mut self.covered);
        let pattern = cached(&mut self.pattern, from, |mut from| {
            let hit = loop {
                let Some((start, end, pattern)) = finder.find(b, from) else {
                    break None;
                };
                if pattern == marker_id {
                    markers.push(start);
                } else if !dead_start(b, start, end) {
                    break Some(start);
                }
                from = end;
            };
            // Matches are leftmost first: no marker starts before the hit but after `from`.
            *covered = hit.map_or(b.len(), |h| h + 1);
            hit
        });
        if !self.backticks {
            return pattern;
        }
        let backtick = cached(&mut self.backtick, from, |from| {
            memchr::memchr(b'`', &b[from..]).map(|p| from + p)
        });
        match (pattern, backtick) {
            (Some(a), Some(c)) => Some(a.min(c)),
            (a, c) => a.or(c),
        }
    }
}

/// Whether the match `b[start..end]` is an SDDL start (`D:`) that cannot begin SDDL: what
/// follows its colon as written is whitespace, a lowercase letter or two backslashes, which
/// decode to whitespace, that letter or a backslash in every language (an escaped backslash,
/// or a backslash as written in raw strings), and SDDL needs an uppercase letter, a digit or
/// `(` there ([`super::looks_like_sddl`]; a placeholder starts with `%`, `{` or `$`). Prose
/// (`drive D: first`) and paths (`"D:\\data"`) are no hits. A line end is not dead: a string
/// left unterminated there ends at it, and the literal goes on with the next one joined to it
/// (`"D:⏎ "(A;;GA;;;SY)"`, found by the `scan` fuzz target).
fn dead_start(b: &[u8], start: usize, end: usize) -> bool {
    end - start == 2
        && b[start + 1] == b':'
        && match b.get(end) {
            Some(b'\n' | b'\r') => false,
            Some(&c) if c.is_ascii_whitespace() || c.is_ascii_lowercase() => true,
            Some(b'\\') => b.get(end + 1) == Some(&b'\\'),
            _ => false,
        }
}

/// The next hit at or after `from`, searching again only when the last one is behind.
fn cached(
    last: &mut Option<Option<usize>>,
    from: usize,
    search: impl FnOnce(usize) -> Option<usize>,
) -> Option<usize> {
    match *last {
        // Nothing after an earlier start: nothing after this one.
        Some(None) => None,
        Some(Some(h)) if h >= from => Some(h),
        _ => {
            let h = search(from);
            *last = Some(h);
            h
        }
    }
}

/// A language's multi-pattern search: `aho-corasick`'s packed (Teddy, SIMD) searcher, called
/// directly (there is one search per hit, and the automaton around it only added work for
/// these few literal patterns); where Teddy is not available (no SSSE3 or NEON), the automaton.
struct Finder {
    packed: Option<aho_corasick::packed::Searcher>,
    /// Built only without `packed`.
    automaton: Option<aho_corasick::AhoCorasick>,
    /// The pattern number of [`MARKER`].
    marker: usize,
}

impl Finder {
    /// The leftmost-first match at or after `from`: its start, end and pattern number.
    fn find(&self, b: &[u8], from: usize) -> Option<(usize, usize, usize)> {
        match (&self.packed, &self.automaton) {
            (Some(p), _) => p
                .find_in(b, aho_corasick::Span::from(from..b.len()))
                .map(|m| (m.start(), m.end(), m.pattern().as_usize())),
            (None, Some(a)) => a
                .find(aho_corasick::Input::new(b).span(from..b.len()))
                .map(|m| (m.start(), m.end(), m.pattern().as_usize())),
            (None, None) => None,
        }
    }
}

/// The multi-pattern search for a language: SDDL starts, the two- and three-byte triggers,
/// and [`MARKER`].
/// The triggers of each language family, in [`Language::ALL`]'s order (`Plain` has none).
const TRIGGERS: [&[&str]; 8] = [
    // C and C++: block comments, raw strings, line continuations.
    &["/*", "R\"", "\\\n"],
    // C#: verbatim strings (`@"`, `@$"`).
    &["/*", "@\"", "@$", "\\\n"],
    // Java, JavaScript (plus backticks, searched apart), Go (backticks too).
    &["/*", "\\\n"],
    &["/*", "\\\n"],
    &["/*", "\\\n"],
    // Rust: raw strings.
    &["/*", "r\"", "r#", "\\\n"],
    // Python: triple quotes, line continuations.
    &["\"\"\"", "'''", "\\\n"],
    // PowerShell: every quote opens a string that may span lines; block comments.
    &["\"", "'", "<#"],
];

impl Finder {
    /// The search for SDDL starts, `triggers` and [`MARKER`] (last: `Hits` tells its matches
    /// by that); packed when `packed` is asked for and available.
    fn build(triggers: &[&str], packed: bool) -> Finder {
        const STARTS: [&str; 4] = ["O:", "G:", "D:", "S:"];
        let patterns: Vec<&str> = STARTS
            .iter()
            .chain(triggers)
            .chain(&[MARKER])
            .copied()
            .collect();
        let packed = packed
            .then(|| {
                aho_corasick::packed::Config::new()
                    .match_kind(aho_corasick::packed::MatchKind::LeftmostFirst)
                    .builder()
                    .extend(&patterns)
                    .build()
            })
            .flatten();
        let automaton = packed.is_none().then(|| {
            aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostFirst)
                .build(&patterns)
                .expect("a handful of short literal patterns always build")
        });
        Finder {
            packed,
            automaton,
            marker: patterns.len() - 1,
        }
    }
}

/// The search of `lang`, built the first time a file of that family is scanned.
fn finder(lang: Language) -> &'static Finder {
    use std::sync::OnceLock;
    static FINDERS: [OnceLock<Finder>; 8] = [const { OnceLock::new() }; 8];
    let i = match lang {
        Language::C | Language::Plain => 0,
        Language::CSharp => 1,
        Language::Java => 2,
        Language::Js => 3,
        Language::Go => 4,
        Language::Rust => 5,
        Language::Python => 6,
        Language::PowerShell => 7,
    };
    FINDERS[i].get_or_init(|| Finder::build(TRIGGERS[i], true))
}

/// [`join`] for the hollow literals of `lx`, decoding only the chains that can be SDDL: those
/// whose text, after leading whitespace, starts with `O:`, `G:`, `D:` or `S:` (what every
/// candidate starts with, see [`super::Candidate::new`]). A chain whose first content bytes as
/// written cannot begin such a start ([`may_start_sddl`]) is dropped unread; any other is
/// decoded a piece at a time until its start is known.
fn join_decoded(src: &str, lx: &Lexer<'_>) -> Vec<Literal> {
    let pieces = &lx.out;
    let mut out = Vec::new();
    let mut first = 0;
    while first < pieces.len() {
        let mut last = first;
        while last + 1 < pieces.len() && joined(src, &pieces[last], &pieces[last + 1]) {
            last += 1;
        }
        if !may_start_sddl(src.as_bytes(), &pieces[first..=last]) {
            first = last + 1;
            continue;
        }
        let mut chain = lx.decoded(first);
        let mut k = first + 1;
        while chain.text.trim_start().len() < 2 && k <= last {
            append(&mut chain, lx.decoded(k));
            k += 1;
        }
        let t = chain.text.trim_start().as_bytes();
        if matches!(t, [b'O' | b'G' | b'D' | b'S', b':', ..]) {
            for j in k..=last {
                append(&mut chain, lx.decoded(j));
            }
            out.push(chain);
        }
        first = last + 1;
    }
    out
}

/// Whether the hollow `pieces` of a chain could decode to a text that starts, after
/// whitespace, with `O:`, `G:`, `D:` or `S:`, judged from their bytes as written: `false` only
/// when the first byte of content that is not blank (ASCII blanks, which decode to themselves
/// and are trimmed) is plain ASCII that decodes to itself and is no such letter, or is such a
/// letter followed by one that is not a colon. Anything that may decode to something else or
/// close the literal (backslash, backtick, quotes, `)`, `@`, `#`, non-ASCII) is `true`.
fn may_start_sddl(b: &[u8], pieces: &[Literal]) -> bool {
    let unclear = |c: u8| {
        !c.is_ascii() || matches!(c, b'\\' | b'`' | b'"' | b'\'' | b')' | b'@' | b'#' | 0x0b)
    };
    for p in pieces {
        let mut k = p.body;
        while k < p.end && matches!(b[k], b' ' | b'\t' | b'\n' | b'\r' | 0x0c) {
            k += 1;
        }
        if k >= p.end {
            // Blank to its end (unterminated): the next piece decides.
            continue;
        }
        return match b[k] {
            // The letter ends the piece (an unterminated literal): the next piece may go on.
            b'O' | b'G' | b'D' | b'S' if k + 1 >= p.end => true,
            b'O' | b'G' | b'D' | b'S' => b[k + 1] == b':' || unclear(b[k + 1]),
            c => unclear(c),
        };
    }
    false
}

/// Whether `next` is concatenated to `last` (what lies between them joins).
fn joined(src: &str, last: &Literal, next: &Literal) -> bool {
    last.end <= next.start && gap_joins(&src[last.end..next.start])
}

/// Appends the decoded literal `p` to `chain`.
fn append(chain: &mut Literal, p: Literal) {
    chain.text.push_str(&p.text);
    chain.map.extend_from_slice(&p.map);
    chain.end = p.end;
}

/// Joins pieces separated only by whitespace, `+`, or `) TEXT(` style macro boundaries.
fn join(src: &str, pieces: Vec<Literal>) -> Vec<Literal> {
    let mut out: Vec<Literal> = Vec::new();
    for p in pieces {
        if let Some(last) = out.last_mut() {
            if joined(src, last, &p) {
                append(last, p);
                continue;
            }
        }
        out.push(p);
    }
    out
}

fn gap_joins(gap: &str) -> bool {
    // What is left without whitespace and line continuations; longer than `)+__TEXT(`, no join.
    let mut g = [0u8; 9];
    let mut len = 0;
    for &c in gap.as_bytes() {
        if c.is_ascii_whitespace() || c == b'\\' {
            continue;
        }
        if len == g.len() || !c.is_ascii() {
            return false;
        }
        g[len] = c;
        len += 1;
    }
    let g = &g[..len];
    if g.is_empty() || g == b"+" {
        return true;
    }
    // `TEXT("D:P") TEXT("(A;;GA;;;SY)")`, `_T("...") + _T("...")`.
    if let Some(rest) = g.strip_prefix(b")") {
        let rest = rest.strip_prefix(b"+").unwrap_or(rest);
        if let Some(name) = rest.strip_suffix(b"(") {
            return matches!(name, b"TEXT" | b"_T" | b"_TEXT" | b"__TEXT" | b"L");
        }
    }
    false
}

/// Where the prefix of the literal whose opening quote is at `q` starts (`L`, `u8`, `@`, `r#`).
fn prefix_start(b: &[u8], q: usize) -> usize {
    let mut k = q;
    while k > 0 && q - k < 3 && (is_ident(b[k - 1]) || matches!(b[k - 1], b'@' | b'$' | b'#')) {
        k -= 1;
    }
    if k > 0 && is_ident(b[k - 1]) {
        return q;
    }
    k
}

/// A lexer of one language family. [`Lexer::step`] lexes the token at a position where the
/// language is in code (not inside a literal or a comment) and returns where code resumes; the
/// literals it meets go to `out`, in order. Whatever position in code it starts from, the same
/// text gives the same tokens: only the line structure decides where code is (see
/// [`extract_marked`]).
struct Lexer<'a> {
    src: &'a str,
    b: &'a [u8],
    lang: Language,
    /// The room a literal decoded as it is lexed starts with; 0: literals are
    /// [`Literal::hollow`], and [`Lexer::decoded`] decodes the few that matter afterwards
    /// (most literals a scan lexes are not SDDL, and decoding, a copy and a source map entry
    /// per byte, was most of the lexing).
    room: usize,
    out: Vec<Literal>,
    /// For each literal of `out`, where [`Lexer::step`] lexed it (to lex it again, decoding).
    tokens: Vec<usize>,
}

impl<'a> Lexer<'a> {
    fn new(src: &'a str, lang: Language, room: usize) -> Lexer<'a> {
        Lexer {
            src,
            b: src.as_bytes(),
            lang,
            room,
            // Hollow, it lexes a file's worth: room for a few dozen literals up front.
            out: Vec::with_capacity(if room == 0 { 64 } else { 0 }),
            tokens: Vec::with_capacity(if room == 0 { 64 } else { 0 }),
        }
    }

    /// Lexes the token at `i`, or skips to the next byte that can start one, but not past
    /// `limit` (a position in code when no token starts before it).
    fn step(&mut self, i: usize, limit: usize) -> usize {
        let before = self.out.len();
        let next = match self.lang {
            Language::Python => self.python(i, limit),
            Language::PowerShell => self.powershell(i, limit),
            _ => self.c_like(i, limit),
        };
        // A step lexes at most one literal.
        if self.out.len() > before {
            self.tokens.push(i);
        }
        next
    }

    /// Forgets the literals from the `mark`th on.
    fn truncate(&mut self, mark: usize) {
        self.out.truncate(mark);
        self.tokens.truncate(mark);
    }

    /// Literal `k` of `out`, decoded: lexed again from where it was lexed (the same text
    /// gives the same token).
    fn decoded(&self, k: usize) -> Literal {
        if !self.out[k].hollow {
            return self.out[k].clone();
        }
        // Room for all of it, as written (decoding only shrinks), and for the one literal.
        let lit = &self.out[k];
        let mut again = Lexer::new(self.src, self.lang, (lit.end - lit.start).max(1));
        again.out.reserve_exact(1);
        again.tokens.reserve_exact(1);
        again.step(self.tokens[k], self.b.len());
        // The same token again: always one literal, with the same extent (checked in tests and
        // fuzzing, which build with debug assertions).
        debug_assert!(
            again.out.len() == 1
                && (again.out[0].start, again.out[0].end) == (self.out[k].start, self.out[k].end),
            "lexing token {} again gave {:?}",
            self.tokens[k],
            again.out
        );
        again.out.pop().unwrap_or_else(|| self.out[k].clone())
    }

    fn push(&mut self, lit: Literal) -> usize {
        let end = lit.end;
        self.out.push(lit);
        end
    }

    /// C, C++, C#, Java, JavaScript/TypeScript, Go, Rust.
    fn c_like(&mut self, i: usize, limit: usize) -> usize {
        let (src, b, lang) = (self.src, self.b, self.lang);
        let n = b.len();
        let c = b[i];
        if c == b'/' && i + 1 < n && b[i + 1] == b'/' {
            return memchr::memchr(b'\n', &b[i..]).map_or(n, |p| i + p);
        }
        if c == b'/' && i + 1 < n && b[i + 1] == b'*' {
            return memchr::memmem::find(&b[i + 2..], b"*/").map_or(n, |p| i + 2 + p + 2);
        }
        // Rust raw strings: r"..." r#"..."# br"...".
        if lang == Language::Rust
            && c == b'r'
            && (i == 0 || !is_ident(b[i - 1]) || b[i - 1] == b'b')
        {
            let mut j = i + 1;
            while j < n && b[j] == b'#' {
                j += 1;
            }
            if j < n && b[j] == b'"' {
                let hashes = j - i - 1;
                let start = prefix_start(b, i + 1).min(i);
                let mut lit = Literal::new(start, j + 1, self.room);
                let body = j + 1;
                let mut k = body;
                let close = loop {
                    if k >= n {
                        break n;
                    }
                    if b[k] == b'"'
                        && b[k + 1..]
                            .iter()
                            .take(hashes)
                            .filter(|&&h| h == b'#')
                            .count()
                            == hashes
                    {
                        break k;
                    }
                    k += 1;
                };
                lit.push_raw(src, body, close);
                lit.end = (close + 1 + hashes).min(n);
                return self.push(lit);
            }
        }
        if c == b'\'' {
            if lang == Language::Js {
                let (lit, end) = escaped(src, i, b'\'', self.room);
                self.out.push(lit);
                return end;
            }
            // A character literal ('a', '\n', '\''), never past the end of its line; a Rust
            // lifetime has no closing quote.
            if i + 2 < n && b[i + 1] == b'\\' {
                let mut k = i + 2;
                while k < n && k < i + 12 && b[k] != b'\'' && b[k] != b'\n' {
                    k += 1;
                }
                return if k < n && b[k] == b'\'' { k + 1 } else { k };
            }
            if i + 2 < n && b[i + 2] == b'\'' && b[i + 1] != b'\n' {
                return i + 3;
            }
            return i + 1;
        }
        if c == b'`' && matches!(lang, Language::Go | Language::Js) {
            let mut lit = Literal::new(i, i + 1, self.room);
            let mut k = i + 1;
            while k < n && b[k] != b'`' {
                if lang == Language::Js && b[k] == b'\\' && k + 1 < n {
                    k = decode_escape(src, k, &mut lit);
                    continue;
                }
                let run = plain_run(src, k, b"`\\");
                lit.push_raw(src, k, run);
                k = run;
            }
            lit.end = (k + 1).min(n);
            return self.push(lit);
        }
        if c == b'"' {
            if lang == Language::C {
                if let Some(lit) = cpp_raw(src, i, self.room) {
                    return self.push(lit);
                }
            }
            let verbatim = lang == Language::CSharp
                && i > 0
                && (b[i - 1] == b'@' || (i > 1 && b[i - 1] == b'$' && b[i - 2] == b'@'));
            if verbatim {
                let mut lit = Literal::new(prefix_start(b, i), i + 1, self.room);
                let mut k = i + 1;
                while k < n {
                    if b[k] == b'"' {
                        if k + 1 < n && b[k + 1] == b'"' {
                            lit.push('"', k, k + 2);
                            k += 2;
                            continue;
                        }
                        break;
                    }
                    let run = plain_run(src, k, b"\"");
                    lit.push_raw(src, k, run);
                    k = run;
                }
                lit.end = (k + 1).min(n);
                return self.push(lit);
            }
            let (mut lit, end) = escaped(src, i, b'"', self.room);
            lit.start = prefix_start(b, i);
            self.out.push(lit);
            return end;
        }
        // Only what can start a token in this language: every stop is a step.
        let stops: &[u8] = match lang {
            Language::Rust => b"/\"'r",
            Language::Go | Language::Js => b"/\"'`",
            _ => b"/\"'",
        };
        next_stop(b, i, limit, stops)
    }

    /// Python: `'`/`"`, triple quotes, `r`/`b`/`f`/`u` prefixes, `#` comments.
    fn python(&mut self, i: usize, limit: usize) -> usize {
        let (src, b) = (self.src, self.b);
        let n = b.len();
        let c = b[i];
        if c == b'#' {
            return memchr::memchr(b'\n', &b[i..]).map_or(n, |p| i + p);
        }
        if c == b'"' || c == b'\'' {
            let start = prefix_start(b, i);
            let raw = src[start..i].contains(['r', 'R']);
            let triple = i + 2 < n && b[i + 1] == c && b[i + 2] == c;
            let body = if triple { i + 3 } else { i + 1 };
            let mut lit = Literal::new(start, body, self.room);
            let mut k = body;
            loop {
                if k >= n {
                    lit.end = n;
                    break;
                }
                if b[k] == c && (!triple || (k + 2 < n && b[k + 1] == c && b[k + 2] == c)) {
                    lit.end = k + if triple { 3 } else { 1 };
                    break;
                }
                if !triple && b[k] == b'\n' {
                    lit.end = k;
                    break;
                }
                if b[k] == b'\\' && k + 1 < n {
                    if raw {
                        // The backslash and the character after it, as written.
                        let next = src[k + 1..].chars().next().map_or(1, char::len_utf8);
                        lit.push_raw(src, k, k + 1 + next);
                        k += 1 + next;
                    } else {
                        k = decode_escape(src, k, &mut lit);
                    }
                    continue;
                }
                let run = plain_run(src, k, &[c, b'\n', b'\\']);
                lit.push_raw(src, k, run);
                k = run;
            }
            return self.push(lit);
        }
        next_stop(b, i, limit, b"#\"'")
    }

    /// PowerShell: `'...'` (`''` escapes a quote), `"..."` (backtick escapes, `""`),
    /// here-strings, `#` and `<# #>` comments.
    fn powershell(&mut self, i: usize, limit: usize) -> usize {
        let (src, b) = (self.src, self.b);
        let n = b.len();
        let c = b[i];
        if c == b'<' && i + 1 < n && b[i + 1] == b'#' {
            return memchr::memmem::find(&b[i + 2..], b"#>").map_or(n, |p| i + 2 + p + 2);
        }
        if c == b'#' {
            return memchr::memchr(b'\n', &b[i..]).map_or(n, |p| i + p);
        }
        if c == b'@' && i + 1 < n && (b[i + 1] == b'\'' || b[i + 1] == b'"') {
            let q = b[i + 1];
            let line_end = memchr::memchr(b'\n', &b[i..]).map(|p| i + p);
            if let Some(le) = line_end {
                if src[i + 2..le].trim().is_empty() {
                    let close = [b'\n', q, b'@'];
                    let body = le + 1;
                    let end =
                        memchr::memmem::find(&b[body - 1..], &close).map_or(n, |p| body - 1 + p);
                    let mut lit = Literal::new(i, body, self.room);
                    lit.push_raw(src, body, end.max(body));
                    lit.end = (end + 3).min(n);
                    return self.push(lit);
                }
            }
        }
        if c == b'\'' || c == b'"' {
            let mut lit = Literal::new(i, i + 1, self.room);
            let mut k = i + 1;
            loop {
                if k >= n {
                    lit.end = n;
                    break;
                }
                if b[k] == c {
                    if k + 1 < n && b[k + 1] == c {
                        lit.push(c as char, k, k + 2);
                        k += 2;
                        continue;
                    }
                    lit.end = k + 1;
                    break;
                }
                if c == b'"' && b[k] == b'`' && k + 1 < n {
                    let e = src[k + 1..].chars().next().unwrap_or('`');
                    let d = match e {
                        'n' => '\n',
                        't' => '\t',
                        'r' => '\r',
                        '0' => '\0',
                        other => other,
                    };
                    lit.push(d, k, k + 1 + e.len_utf8());
                    k += 1 + e.len_utf8();
                    continue;
                }
                let stops = [c, b'`'];
                let run = plain_run(src, k, if c == b'"' { &stops } else { &stops[..1] });
                lit.push_raw(src, k, run);
                k = run;
            }
            return self.push(lit);
        }
        next_stop(b, i, limit, b"<#@'\"")
    }
}

/// A C++ raw string whose opening quote is at `q`: `R"delim(...)delim"` with an `R`, `LR`,
/// `uR`, `UR` or `u8R` prefix and a delimiter of at most 16 characters. `None` when the quote
/// does not open one. Its body is taken as written; unterminated, it runs to the end of the file.
fn cpp_raw(src: &str, q: usize, room: usize) -> Option<Literal> {
    let b = src.as_bytes();
    if q == 0 || b[q - 1] != b'R' {
        return None;
    }
    let r = q - 1;
    let start = if r >= 2 && &b[r - 2..r] == b"u8" {
        r - 2
    } else if r >= 1 && matches!(b[r - 1], b'L' | b'u' | b'U') {
        r - 1
    } else {
        r
    };
    if start > 0 && is_ident(b[start - 1]) {
        return None;
    }
    let delim_len = b[q + 1..]
        .iter()
        .take(17)
        .position(|&c| c == b'(')
        .filter(|&d| d <= 16)?;
    let delim = &src[q + 1..q + 1 + delim_len];
    if delim
        .bytes()
        .any(|c| c == b')' || c == b'\\' || c.is_ascii_whitespace() || c.is_ascii_control())
    {
        return None;
    }
    let body = q + 2 + delim_len;
    let closer = format!("){delim}\"");
    let close = src[body..].find(&closer).map_or(src.len(), |p| body + p);
    let mut lit = Literal::new(start, body, room);
    lit.push_raw(src, body, close);
    lit.end = (close + closer.len()).min(src.len());
    Some(lit)
}

/// Where the first of the ASCII bytes `stops` is in `hay`: with `memchr` (SIMD) for one to
/// three of them.
fn find_any(stops: &[u8], hay: &[u8]) -> Option<usize> {
    match *stops {
        [a] => memchr::memchr(a, hay),
        [a, b] => memchr::memchr2(a, b, hay),
        [a, b, c] => memchr::memchr3(a, b, c, hay),
        _ => hay.iter().position(|c| stops.contains(c)),
    }
}

/// The next byte after `i` that can start a comment or a literal (`stops`, all ASCII, so it is
/// on a character boundary), or `limit` (a line end or the end of the text), whichever comes
/// first.
fn next_stop(b: &[u8], i: usize, limit: usize, stops: &[u8]) -> usize {
    let limit = limit.clamp(i + 1, b.len());
    find_any(stops, &b[i + 1..limit]).map_or(limit, |p| i + 1 + p)
}

/// The end of the run of plain bytes from `k` (at least one character): up to the first of
/// `stops`, or the end; never inside a character (stops are ASCII).
fn plain_run(src: &str, k: usize, stops: &[u8]) -> usize {
    let b = src.as_bytes();
    let end = find_any(stops, &b[k..]).map_or(b.len(), |p| k + p);
    ceil_char(src, end.max(k + 1))
}

/// `i`, or the end of the character it falls in.
fn ceil_char(src: &str, mut i: usize) -> usize {
    while !src.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// A literal opened by `quote` at `q`, with backslash escapes; returns it and the offset after
/// its closing quote. An unterminated literal ends at the end of the line.
fn escaped(src: &str, q: usize, quote: u8, room: usize) -> (Literal, usize) {
    let b = src.as_bytes();
    let n = b.len();
    let mut lit = Literal::new(q, q + 1, room);
    if room > 0 {
        // Room for the literal as far as the closing quote or the line's end (escapes only
        // shrink).
        let room = memchr::memchr2(quote, b'\n', &b[q + 1..]).unwrap_or(n - q - 1);
        lit.text.reserve(room);
        lit.map.reserve(room);
    }
    let mut k = q + 1;
    while k < n && b[k] != quote && b[k] != b'\n' {
        if b[k] == b'\\' && k + 1 < n {
            k = decode_escape(src, k, &mut lit);
            continue;
        }
        // A run of plain characters at once (ASCII delimiters never split a character).
        let run = memchr::memchr3(quote, b'\n', b'\\', &b[k..])
            .map_or(n, |p| k + p)
            .max(k + 1);
        let run = ceil_char(src, run);
        lit.push_raw(src, k, run);
        k = run;
    }
    let end = if k < n && b[k] == quote { k + 1 } else { k };
    lit.end = end;
    (lit, end)
}

/// Decodes the backslash escape at `k` into `lit`; returns the offset after it.
fn decode_escape(src: &str, k: usize, lit: &mut Literal) -> usize {
    let b = src.as_bytes();
    let n = b.len();
    let e = b[k + 1];
    let hex = |from: usize, max: usize| -> (u32, usize) {
        let mut v = 0u32;
        let mut j = from;
        while j < n && j - from < max && b[j].is_ascii_hexdigit() {
            v = v * 16 + (b[j] as char).to_digit(16).unwrap_or(0);
            j += 1;
        }
        (v, j)
    };
    let simple = |c: char| Some((c, k + 2));
    let decoded = match e {
        b'n' => simple('\n'),
        b't' => simple('\t'),
        b'r' => simple('\r'),
        // Octal, one to three digits (`\0`, `\127`), as C, Python and Java write it.
        b'0'..=b'7' => {
            let mut v = 0u32;
            let mut j = k + 1;
            while j < n && j - (k + 1) < 3 && (b'0'..=b'7').contains(&b[j]) {
                v = v * 8 + u32::from(b[j] - b'0');
                j += 1;
            }
            Some((char::from_u32(v).unwrap_or('\u{fffd}'), j))
        }
        b'a' => simple('\x07'),
        b'b' => simple('\x08'),
        b'f' => simple('\x0c'),
        b'v' => simple('\x0b'),
        b'x' => {
            let (v, j) = hex(k + 2, 4);
            Some((char::from_u32(v).unwrap_or('\u{fffd}'), j))
        }
        b'u' if k + 2 < n && b[k + 2] == b'{' => {
            let (v, j) = hex(k + 3, 6);
            let j = if j < n && b[j] == b'}' { j + 1 } else { j };
            Some((char::from_u32(v).unwrap_or('\u{fffd}'), j))
        }
        b'u' => {
            let (v, j) = hex(k + 2, 4);
            Some((char::from_u32(v).unwrap_or('\u{fffd}'), j))
        }
        b'U' => {
            let (v, j) = hex(k + 2, 8);
            Some((char::from_u32(v).unwrap_or('\u{fffd}'), j))
        }
        // A line continuation contributes nothing.
        b'\n' => None,
        _ => {
            let ch = src[k + 1..].chars().next().unwrap_or('\\');
            Some((ch, k + 1 + ch.len_utf8()))
        }
    };
    match decoded {
        Some((c, j)) => {
            lit.push(c, k, j);
            j
        }
        None => k + 2,
    }
}

/// Anything else (batch, INF, XML, YAML, text): maximal runs that start like SDDL
/// (`O:`, `G:`, `D:`, `S:` not preceded by a letter or digit), stopping at whitespace or a quote
/// outside parentheses, or at the end of the line.
fn plain(src: &str) -> Vec<Literal> {
    let b = src.as_bytes();
    let n = b.len();
    let mut out = Vec::new();
    // Every run starts at a colon's letter: from one colon to the next.
    let mut next = 0;
    for colon in memchr::memchr_iter(b':', b) {
        if colon == 0 || colon - 1 < next {
            continue;
        }
        let i = colon - 1;
        let starts = matches!(b[i], b'O' | b'G' | b'D' | b'S')
            && (i == 0 || !(is_ident(b[i - 1]) || b[i - 1] == b':'));
        if !starts {
            continue;
        }
        let mut k = i;
        let mut depth = 0usize;
        while k < n && b[k] != b'\n' && b[k] != b'\r' {
            match b[k] {
                b'(' => depth += 1,
                b')' => depth = depth.saturating_sub(1),
                b' ' | b'\t' | b'"' | b'\'' | b'<' | b'>' | b'`' | b',' if depth == 0 => break,
                _ => {}
            }
            k += 1;
        }
        let mut lit = Literal::new(i, i, k - i);
        lit.push_raw(src, i, k);
        lit.end = k;
        out.push(lit);
        next = k.max(i + 1);
    }
    out
}

/// Whether [`extract_marked`] agrees with [`extract_all`] on `src`: every literal it returns is one
/// of the full lexer's, in the same order, and it misses none whose text spells an SDDL start.
/// `Err` says what differs. For the `scan` fuzz target and the property tests.
pub(crate) fn check_against_full(src: &str, lang: Language) -> Result<(), String> {
    let (fast, markers) = extract_marked(src, lang);
    let all_markers: Vec<usize> = marker_finder().find_iter(src.as_bytes()).collect();
    if markers != all_markers {
        return Err(format!(
            "markers {markers:?}, a search of the whole file finds {all_markers:?}"
        ));
    }
    let full = extract_all(src, lang);
    let mut rest = full.iter();
    for lit in &fast {
        if !rest.any(|f| f == lit) {
            return Err(format!(
                "not a literal of the full lexer, or out of order: {lit:?}"
            ));
        }
    }
    // Everything that spells a start, and above all every SDDL candidate whose start is
    // written as such (which also checks that `dead_start` never hides one).
    let must = |l: &&Literal| {
        spells_start(src, l) || (spelled(src, l).is_some() && super::Candidate::new(l).is_some())
    };
    for lit in full.iter().filter(must) {
        if !fast.contains(lit) {
            return Err(format!("missed: {lit:?}"));
        }
    }
    Ok(())
}

/// Whether the literal's text, after leading whitespace, starts with `O:`, `G:`, `D:` or `S:`
/// written as such in the file (two adjacent bytes, not escapes) and not followed there by
/// whitespace or a lowercase letter (see [`dead_start`]).
fn spells_start(src: &str, lit: &Literal) -> bool {
    spelled(src, lit).is_some_and(|at| !dead_start(src.as_bytes(), at, at + 2))
}

/// Where the literal's first two characters after leading whitespace, when they are `O:`,
/// `G:`, `D:` or `S:`, are written as such (two adjacent bytes of the file, not escapes).
fn spelled(src: &str, lit: &Literal) -> Option<usize> {
    let t = &lit.text;
    let f = t.len() - t.trim_start().len();
    let b = src.as_bytes();
    let &(at, to) = lit.map.get(f)?;
    let at = at as usize;
    (matches!(
        t.as_bytes().get(f..f + 2),
        Some([b'O' | b'G' | b'D' | b'S', b':'])
    ) && to as usize == at + 1
        && lit.map[f + 1] == (at as u32 + 1, at as u32 + 2)
        && b[at] == t.as_bytes()[f]
        && b[at + 1] == b':')
        .then_some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(src: &str, lang: Language) -> Vec<String> {
        extract_all(src, lang).into_iter().map(|l| l.text).collect()
    }

    #[test]
    fn c_escapes_prefixes_and_concatenation() {
        let src =
            "x = L\"D:P\" \"(A;;GA;;;\\x53Y)\"; // \"comment\"\nTEXT(\"a\") TEXT(\"b\") 'x' '\\''";
        assert_eq!(texts(src, Language::C), ["D:P(A;;GA;;;SY)", "ab"]);
        let lit = &extract_all(src, Language::C)[0];
        // `S` came from `\x53`.
        let s = lit.text.find('S').unwrap();
        assert_eq!(&src[lit.map[s].0 as usize..lit.map[s].1 as usize], "\\x53");
        assert_eq!(&src[lit.start..lit.end], "L\"D:P\" \"(A;;GA;;;\\x53Y)\"");
    }

    #[test]
    fn cpp_raw_strings() {
        let src =
            "a = LR\"(D:(A;;GA;;;\\WD))\"; b = u8R\"x(D:P)\")x\"; R\"(a)\" \"b\"; c = FOOR\"(y)\";";
        assert_eq!(
            texts(src, Language::C),
            ["D:(A;;GA;;;\\WD)", "D:P)\"", "ab", "(y)"]
        );
        let lit = &extract_all(src, Language::C)[1];
        assert_eq!(&src[lit.start..lit.end], "u8R\"x(D:P)\")x\"");
        // `W` maps to itself: no escapes in a raw string.
        let first = &extract_all(src, Language::C)[0];
        let w = first.text.find('W').unwrap();
        assert_eq!(&src[first.map[w].0 as usize..first.map[w].1 as usize], "W");
        // Multi-line, unterminated, and not raw in other languages.
        assert_eq!(texts("R\"(D:\n(A))\"", Language::C), ["D:\n(A)"]);
        assert_eq!(texts("R\"(D:", Language::C), ["D:"]);
        assert_eq!(texts("R\"(x)\"", Language::Java), ["(x)"]);
    }

    #[test]
    fn csharp_verbatim_and_plus() {
        let src = r#"var s = @"D:(A;;GA;;;""WD"")" + "x";"#;
        assert_eq!(texts(src, Language::CSharp), ["D:(A;;GA;;;\"WD\")x"]);
    }

    #[test]
    fn rust_raw_and_go_backticks() {
        let src = "let a = r#\"D:(A;;GA;;;\"WD\")\"#; let l: &'a str = \"x\";";
        assert_eq!(texts(src, Language::Rust), ["D:(A;;GA;;;\"WD\")", "x"]);
        assert_eq!(texts("s := `D:\\(x)`", Language::Go), ["D:\\(x)"]);
    }

    #[test]
    fn python_prefixes_and_triples() {
        let src = "a = r'D:\\x' + \"\"\"y\"\"\"  # 'no'\nb = '\\x41'";
        assert_eq!(texts(src, Language::Python), ["D:\\xy", "A"]);
        // A raw string's backslash before a multi-byte character keeps the character whole
        // (this split it, and panicked, until the property test below found it).
        assert_eq!(texts("r'D:\\é'", Language::Python), ["D:\\é"]);
    }

    #[test]
    fn powershell_quotes() {
        let src = "$a = 'it''s' # 'no'\n$b = \"x`\"y\"\n<# 'no' #>";
        assert_eq!(texts(src, Language::PowerShell), ["it's", "x\"y"]);
    }

    #[test]
    fn plain_runs() {
        let src = "sc sdset svc D:(A;;CCLCSWRPWPDTLOCRRC;;;SY)(A;;GA;;;BA) extra\n<Pipe Sddl=\"O:BAG:SY\"/>";
        assert_eq!(
            texts(src, Language::Plain),
            ["D:(A;;CCLCSWRPWPDTLOCRRC;;;SY)(A;;GA;;;BA)", "O:BAG:SY"]
        );
    }

    const LANGS: [Language; 9] = Language::ALL;

    fn fast_texts(src: &str, lang: Language) -> Vec<String> {
        extract_marked(src, lang)
            .0
            .into_iter()
            .map(|l| l.text)
            .collect()
    }

    #[test]
    fn fast_path_skips_lines_without_starts_or_triggers() {
        let src = "x = \"a\";\ny = L\"D:P\" \"(A;;GA;;;SY)\";\nz = \"b\";\n";
        assert_eq!(fast_texts(src, Language::C), ["D:P(A;;GA;;;SY)"]);
        assert_eq!(texts(src, Language::C), ["a", "D:P(A;;GA;;;SY)", "b"]);
    }

    #[test]
    fn fast_path_keeps_chains_across_lines() {
        // A chain that starts on the line before the SDDL start: joined, so not SDDL (the fast
        // path returns only chains that start like SDDL; a broken chain would be one).
        let before = "s = \"x \" +\n    \"D:(A;;GA;;;WD)\";\n";
        assert_eq!(texts(before, Language::Java), ["x D:(A;;GA;;;WD)"]);
        assert!(fast_texts(before, Language::Java).is_empty());
        // Whitespace before the start is no obstacle, in the same piece or in pieces before.
        let blank = "s = \"  \" +\n    \"\" + \" D:(A;;GA;;;WD)\";\n";
        assert_eq!(fast_texts(blank, Language::Java), ["   D:(A;;GA;;;WD)"]);
        // One that goes on past its line, over a blank line and a macro boundary.
        let after = "s = TEXT(\"D:P\")\n\n    TEXT(\"(A;;GA;;;SY)\");\n";
        assert_eq!(fast_texts(after, Language::C), ["D:P(A;;GA;;;SY)"]);
        // An unterminated literal ends at its line's end and still joins the next line's.
        let open = "s = \"abc\n\"D:(A;;GA;;;WD)\";\n";
        assert_eq!(texts(open, Language::C), ["abcD:(A;;GA;;;WD)"]);
        assert!(fast_texts(open, Language::C).is_empty());
    }

    #[test]
    fn fast_path_tracks_multi_line_constructs() {
        // Inside a block comment that began lines earlier: not a literal.
        let comment = "/* start\n x = \"D:(A;;GA;;;WD)\";\n end */ y = \"D:(A;;GA;;;SY)\";\n";
        assert_eq!(fast_texts(comment, Language::C), ["D:(A;;GA;;;SY)"]);
        // A raw string that spans lines, with an SDDL start on a later line of it.
        let raw = "let a = r#\"\nD:(A;;GA;;;WD)\n\"#;\nlet b = \"D:(A;;GA;;;BA)\";\n";
        assert_eq!(
            fast_texts(raw, Language::Rust),
            ["\nD:(A;;GA;;;WD)\n", "D:(A;;GA;;;BA)"]
        );
        // A line continuation inside a string.
        let cont = "s = \"x\\\nD:(A;;GA;;;WD)\";\n";
        assert_eq!(texts(cont, Language::C), ["xD:(A;;GA;;;WD)"]);
        assert!(fast_texts(cont, Language::C).is_empty());
        let cont = "s = \"\\\nD:(A;;GA;;;WD)\";\n";
        assert_eq!(fast_texts(cont, Language::C), ["D:(A;;GA;;;WD)"]);
        // PowerShell strings span lines.
        let ps = "$a = '\nD:(A;;GA;;;WD)\n'\n$b = 'D:(A;;GA;;;SY)'\n";
        assert_eq!(
            fast_texts(ps, Language::PowerShell),
            ["\nD:(A;;GA;;;WD)\n", "D:(A;;GA;;;SY)"]
        );
        for src in [comment, raw, cont, ps] {
            for lang in LANGS {
                check_against_full(src, lang).unwrap();
            }
        }
    }

    /// A string left unterminated right after `D:` ends at the line end and is joined to the
    /// next literal: the start is not dead there (found by the `scan` fuzz target in CI's
    /// smoke run, session 6).
    #[test]
    fn start_before_a_line_end_is_not_dead() {
        let src = "String K = \"D:\n    \"(A;CI;KA;;;SY)\" +\n    \"(A;CI;KR;;;BU)\";\n";
        assert_eq!(
            texts(src, Language::Java),
            ["D:(A;CI;KA;;;SY)(A;CI;KR;;;BU)"]
        );
        assert_eq!(fast_texts(src, Language::Java), texts(src, Language::Java));
        for lang in LANGS {
            check_against_full(src, lang).unwrap();
            check_against_full(&src.replace('\n', "\r\n"), lang).unwrap();
        }
    }

    proptest::proptest! {
        /// The packed search and the automaton (used where Teddy is not available) find the
        /// same matches, one after the other, for every language's patterns.
        #[test]
        fn packed_and_automaton_searches_agree(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "\"", "'", "\\", "\n", "/*", "R\"", "@\"", "@$", "r#", "r\"", "\"\"\"",
                    "'''", "<#", "D:", "O:", "G:", "S:", "sddl-lint:", "sddl-", "D", ":", "x",
                    " ", "é",
                ]),
                0..80,
            ),
        ) {
            let text = parts.concat();
            let b = text.as_bytes();
            for triggers in TRIGGERS {
                let (packed, automaton) = (Finder::build(triggers, true), Finder::build(triggers, false));
                proptest::prop_assert!(packed.packed.is_some() && automaton.automaton.is_some());
                let mut from = 0;
                loop {
                    let m = packed.find(b, from);
                    proptest::prop_assert_eq!(m, automaton.find(b, from), "{:?} from {}", text, from);
                    match m {
                        Some((start, _, _)) => from = start + 1,
                        None => break,
                    }
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]
        /// The fast path finds every literal the full lexer finds that spells an SDDL start,
        /// and nothing but the full lexer's literals, on text made of the pieces that matter
        /// to the lexers (quotes, comment and raw-string openers, continuations, `+`, `TEXT(`,
        /// SDDL starts, newlines).
        #[test]
        fn anchored_equals_full(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "\"", "'", "`", "\\", "\n", "\r\n", " ", "/", "*", "/*", "*/", "//", "#",
                    "<#", "#>", "@", "$", "@\"", "r#\"", "\"#", "R\"(", ")\"", "LR\"x(", ")x\"",
                    "\"\"\"", "'''", "+", "TEXT(", ")", "(", "L", "u8", "r", "b", "D:", "O:BA",
                    "G:SY", "S:", "D:\\\\", "D: ", "O:x", "D:(A;;GA;;;WD)", "(A;;GA;;;SY)", "x", "=", ";", "é", "\\x44",
                    "\\\n", "@'\n", "\n'@", "\n\"@", "sddl-lint:", "// sddl-lint: ignore[SDDL001] x\n",
                    "sddl-", "lint:",
                ]),
                0..60,
            ),
        ) {
            let src: String = parts.concat();
            for lang in LANGS {
                if let Err(e) = check_against_full(&src, lang) {
                    proptest::prop_assert!(false, "{lang:?} on {src:?}: {e}");
                }
            }
        }
    }
}
