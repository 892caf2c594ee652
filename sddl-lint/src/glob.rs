//! Path globs for `[[overrides]] files`: `*` (any run of characters but `/`), `**` (any run of
//! path segments), `?` (one character but `/`), everything else literal. Paths use `/`;
//! `\` in a path is read as `/`.

/// Whether `path` matches `pattern`. A pattern without `/` matches the file name at any depth
/// (as `.gitignore` does).
pub(crate) fn matches(pattern: &str, path: &str) -> bool {
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    if !pattern.contains('/') {
        let name = path.rsplit('/').next().unwrap_or(path);
        return match_bytes(pattern.as_bytes(), name.as_bytes());
    }
    let pattern = pattern.strip_prefix("./").unwrap_or(pattern);
    match_bytes(pattern.as_bytes(), path.as_bytes())
}

fn match_bytes(p: &[u8], s: &[u8]) -> bool {
    if p.is_empty() {
        return s.is_empty();
    }
    if p.starts_with(b"**") {
        let rest = &p[2..];
        // `**/` matches zero or more whole segments.
        let rest = rest.strip_prefix(b"/").unwrap_or(rest);
        if match_bytes(rest, s) {
            return true;
        }
        return (0..s.len())
            .filter(|&i| s[i] == b'/')
            .any(|i| match_bytes(rest, &s[i + 1..]))
            || (rest.is_empty() && !s.is_empty());
    }
    match p[0] {
        b'*' => (0..=s.len())
            .take_while(|&i| i == 0 || s[i - 1] != b'/')
            .any(|i| match_bytes(&p[1..], &s[i..])),
        b'?' => !s.is_empty() && s[0] != b'/' && match_bytes(&p[1..], &s[1..]),
        c => !s.is_empty() && s[0] == c && match_bytes(&p[1..], &s[1..]),
    }
}

/// Whether `pattern` is a glob this module understands (no `[`, `{`, which it reads literally
/// and which would surprise).
pub(crate) fn check(pattern: &str) -> Result<(), String> {
    if pattern.is_empty() {
        return Err("empty glob".into());
    }
    if let Some(c) = pattern.chars().find(|c| matches!(c, '[' | ']' | '{' | '}')) {
        return Err(format!(
            "`{c}` is not supported in globs; use `*`, `**` and `?`"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn globs() {
        assert!(matches("*.sddl", "a/b/c.sddl"));
        assert!(matches("src/*.rs", "src/main.rs"));
        assert!(!matches("src/*.rs", "src/a/main.rs"));
        assert!(matches("src/**/*.rs", "src/a/b/main.rs"));
        assert!(matches("src/**/*.rs", "src/main.rs"));
        assert!(matches("pipes/**", "pipes/x/y.txt"));
        assert!(!matches("pipes/**", "other/pipes/x"));
        assert!(matches("service?.cs", "dir\\service1.cs"));
        assert!(!matches("service?.cs", "service12.cs"));
        assert!(matches("./a/*.c", "./a/b.c"));
    }
}
