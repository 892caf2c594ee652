//! String literals of source files, decoded, with a source map back to the file's bytes.
//!
//! One extractor per language family; each yields [`Piece`]s (one literal token each), and
//! [`extract`] joins pieces that are concatenated with only whitespace or `+` between them
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
}

impl Literal {
    fn new(start: usize) -> Literal {
        Literal {
            text: String::new(),
            map: Vec::new(),
            start,
            end: start,
        }
    }

    fn push(&mut self, c: char, from: usize, to: usize) {
        let before = self.text.len();
        self.text.push(c);
        for _ in before..self.text.len() {
            self.map.push((from as u32, to as u32));
        }
    }

    /// Copies `src[from..to]` as written (no escapes): each byte maps to itself (the bytes of
    /// a character each to their own byte, which covers the same range once joined).
    fn push_raw(&mut self, src: &str, from: usize, to: usize) {
        self.text.push_str(&src[from..to]);
        self.map
            .extend((from as u32..to as u32).map(|at| (at, at + 1)));
    }
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Every string literal of `src`, decoded, concatenations joined.
pub(crate) fn extract(src: &str, lang: Language) -> Vec<Literal> {
    let pieces = match lang {
        Language::Python => python(src),
        Language::PowerShell => powershell(src),
        Language::Plain => return plain(src),
        _ => c_like(src, lang),
    };
    join(src, pieces)
}

/// Joins pieces separated only by whitespace, `+`, or `) TEXT(` style macro boundaries.
fn join(src: &str, pieces: Vec<Literal>) -> Vec<Literal> {
    let mut out: Vec<Literal> = Vec::new();
    for p in pieces {
        if let Some(last) = out.last_mut() {
            if last.end <= p.start && gap_joins(&src[last.end..p.start]) {
                last.text.push_str(&p.text);
                last.map.extend_from_slice(&p.map);
                last.end = p.end;
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

/// C, C++, C#, Java, JavaScript/TypeScript, Go, Rust.
fn c_like(src: &str, lang: Language) -> Vec<Literal> {
    let b = src.as_bytes();
    let n = b.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        let c = b[i];
        if c == b'/' && i + 1 < n && b[i + 1] == b'/' {
            while i < n && b[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        if c == b'/' && i + 1 < n && b[i + 1] == b'*' {
            i += 2;
            while i + 1 < n && !(b[i] == b'*' && b[i + 1] == b'/') {
                i += 1;
            }
            i = (i + 2).min(n);
            continue;
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
                let mut lit = Literal::new(start);
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
                out.push(lit);
                i = lit_end(&out);
                continue;
            }
        }
        if c == b'\'' {
            if lang == Language::Js {
                let (lit, end) = escaped(src, i, b'\'');
                out.push(lit);
                i = end;
                continue;
            }
            // A character literal ('a', '\n', '\''); a Rust lifetime has no closing quote.
            if i + 2 < n && b[i + 1] == b'\\' {
                let mut k = i + 2;
                while k < n && k < i + 12 && b[k] != b'\'' {
                    k += 1;
                }
                i = k + 1;
                continue;
            }
            if i + 2 < n && b[i + 2] == b'\'' {
                i += 3;
                continue;
            }
            i += 1;
            continue;
        }
        if c == b'`' && matches!(lang, Language::Go | Language::Js) {
            let mut lit = Literal::new(i);
            let mut k = i + 1;
            while k < n && b[k] != b'`' {
                if lang == Language::Js && b[k] == b'\\' && k + 1 < n {
                    let e = decode_escape(src, k, &mut lit);
                    k = e;
                    continue;
                }
                let ch = src[k..].chars().next().unwrap_or('\0');
                lit.push(ch, k, k + ch.len_utf8());
                k += ch.len_utf8();
            }
            lit.end = (k + 1).min(n);
            out.push(lit);
            i = lit_end(&out);
            continue;
        }
        if c == b'"' {
            if lang == Language::C {
                if let Some(lit) = cpp_raw(src, i) {
                    out.push(lit);
                    i = lit_end(&out);
                    continue;
                }
            }
            let verbatim = lang == Language::CSharp
                && i > 0
                && (b[i - 1] == b'@' || (i > 1 && b[i - 1] == b'$' && b[i - 2] == b'@'));
            if verbatim {
                let mut lit = Literal::new(prefix_start(b, i));
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
                    let ch = src[k..].chars().next().unwrap_or('\0');
                    lit.push(ch, k, k + ch.len_utf8());
                    k += ch.len_utf8();
                }
                lit.end = (k + 1).min(n);
                out.push(lit);
                i = lit_end(&out);
                continue;
            }
            let (mut lit, end) = escaped(src, i, b'"');
            lit.start = prefix_start(b, i);
            out.push(lit);
            i = end;
            continue;
        }
        i = next_stop(b, i, |c| matches!(c, b'/' | b'"' | b'\'' | b'`' | b'r'));
    }
    out
}

/// A C++ raw string whose opening quote is at `q`: `R"delim(...)delim"` with an `R`, `LR`,
/// `uR`, `UR` or `u8R` prefix and a delimiter of at most 16 characters. `None` when the quote
/// does not open one. Its body is taken as written; unterminated, it runs to the end of the file.
fn cpp_raw(src: &str, q: usize) -> Option<Literal> {
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
    let mut lit = Literal::new(start);
    lit.push_raw(src, body, close);
    lit.end = (close + closer.len()).min(src.len());
    Some(lit)
}

/// The next byte after `i` that can start a comment or a literal (all such bytes are ASCII, so
/// it is on a character boundary), or the end.
fn next_stop(b: &[u8], i: usize, stop: impl Fn(u8) -> bool) -> usize {
    b.get(i + 1..)
        .and_then(|rest| rest.iter().position(|&c| stop(c)))
        .map_or(b.len(), |p| i + 1 + p)
}

/// `i`, or the end of the character it falls in.
fn ceil_char(src: &str, mut i: usize) -> usize {
    while !src.is_char_boundary(i) {
        i += 1;
    }
    i
}

fn lit_end(out: &[Literal]) -> usize {
    out.last().map_or(0, |l| l.end)
}

/// A literal opened by `quote` at `q`, with backslash escapes; returns it and the offset after
/// its closing quote. An unterminated literal ends at the end of the line.
fn escaped(src: &str, q: usize, quote: u8) -> (Literal, usize) {
    let b = src.as_bytes();
    let n = b.len();
    let mut lit = Literal::new(q);
    let mut k = q + 1;
    while k < n && b[k] != quote && b[k] != b'\n' {
        if b[k] == b'\\' && k + 1 < n {
            k = decode_escape(src, k, &mut lit);
            continue;
        }
        // A run of plain characters at once (ASCII delimiters never split a character).
        let run = b[k..]
            .iter()
            .position(|&c| c == quote || c == b'\n' || c == b'\\')
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

/// Python: `'`/`"`, triple quotes, `r`/`b`/`f`/`u` prefixes, `#` comments.
fn python(src: &str) -> Vec<Literal> {
    let b = src.as_bytes();
    let n = b.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        let c = b[i];
        if c == b'#' {
            while i < n && b[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        if c == b'"' || c == b'\'' {
            let start = prefix_start(b, i);
            let raw = src[start..i].contains(['r', 'R']);
            let triple = i + 2 < n && b[i + 1] == c && b[i + 2] == c;
            let body = if triple { i + 3 } else { i + 1 };
            let mut lit = Literal::new(start);
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
                        lit.push_raw(src, k, k + 2);
                        k += 2;
                    } else {
                        k = decode_escape(src, k, &mut lit);
                    }
                    continue;
                }
                let ch = src[k..].chars().next().unwrap_or('\0');
                lit.push(ch, k, k + ch.len_utf8());
                k += ch.len_utf8();
            }
            i = lit.end;
            out.push(lit);
            continue;
        }
        i = next_stop(b, i, |c| matches!(c, b'#' | b'"' | b'\''));
    }
    out
}

/// PowerShell: `'...'` (`''` escapes a quote), `"..."` (backtick escapes, `""`), here-strings,
/// `#` and `<# #>` comments.
fn powershell(src: &str) -> Vec<Literal> {
    let b = src.as_bytes();
    let n = b.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        let c = b[i];
        if c == b'<' && i + 1 < n && b[i + 1] == b'#' {
            i += 2;
            while i + 1 < n && !(b[i] == b'#' && b[i + 1] == b'>') {
                i += 1;
            }
            i = (i + 2).min(n);
            continue;
        }
        if c == b'#' {
            while i < n && b[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        if c == b'@' && i + 1 < n && (b[i + 1] == b'\'' || b[i + 1] == b'"') {
            let q = b[i + 1];
            let line_end = src[i..].find('\n').map(|p| i + p);
            if let Some(le) = line_end {
                if src[i + 2..le].trim().is_empty() {
                    let close = format!("\n{}@", q as char);
                    let body = le + 1;
                    let end = src[body - 1..].find(&close).map_or(n, |p| body - 1 + p);
                    let mut lit = Literal::new(i);
                    lit.push_raw(src, body, end.max(body));
                    lit.end = (end + 3).min(n);
                    i = lit.end;
                    out.push(lit);
                    continue;
                }
            }
        }
        if c == b'\'' || c == b'"' {
            let mut lit = Literal::new(i);
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
                let ch = src[k..].chars().next().unwrap_or('\0');
                lit.push(ch, k, k + ch.len_utf8());
                k += ch.len_utf8();
            }
            i = lit.end;
            out.push(lit);
            continue;
        }
        i = next_stop(b, i, |c| matches!(c, b'<' | b'#' | b'@' | b'\'' | b'"'));
    }
    out
}

/// Anything else (batch, INF, XML, YAML, text): maximal runs that start like SDDL
/// (`O:`, `G:`, `D:`, `S:` not preceded by a letter or digit), stopping at whitespace or a quote
/// outside parentheses, or at the end of the line.
fn plain(src: &str) -> Vec<Literal> {
    let b = src.as_bytes();
    let n = b.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < n {
        let starts = matches!(b[i], b'O' | b'G' | b'D' | b'S')
            && b[i + 1] == b':'
            && (i == 0 || !(is_ident(b[i - 1]) || b[i - 1] == b':'));
        if !starts {
            i += 1;
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
        let mut lit = Literal::new(i);
        lit.push_raw(src, i, k);
        lit.end = k;
        out.push(lit);
        i = k.max(i + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(src: &str, lang: Language) -> Vec<String> {
        extract(src, lang).into_iter().map(|l| l.text).collect()
    }

    #[test]
    fn c_escapes_prefixes_and_concatenation() {
        let src =
            "x = L\"D:P\" \"(A;;GA;;;\\x53Y)\"; // \"comment\"\nTEXT(\"a\") TEXT(\"b\") 'x' '\\''";
        assert_eq!(texts(src, Language::C), ["D:P(A;;GA;;;SY)", "ab"]);
        let lit = &extract(src, Language::C)[0];
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
        let lit = &extract(src, Language::C)[1];
        assert_eq!(&src[lit.start..lit.end], "u8R\"x(D:P)\")x\"");
        // `W` maps to itself: no escapes in a raw string.
        let first = &extract(src, Language::C)[0];
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
}
