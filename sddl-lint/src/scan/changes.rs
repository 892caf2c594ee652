//! Lines changed since a revision (`sddl scan --diff REV`): the hunks of a unified diff as line
//! ranges per file, and whether a finding's lines touch one. Running git is the CLI's; this
//! reads its output (`git diff --unified=0`), data in, data out.

use std::collections::BTreeMap;

/// Changed lines of the new side of a diff, per file (paths `/`-separated, relative to the
/// repository's root, as git prints them).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChangedLines {
    files: BTreeMap<String, Changed>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Changed {
    /// The whole file (new, untracked, or a change git shows as binary).
    All,
    /// Inclusive 1-based line ranges, in diff order.
    Lines(Vec<(usize, usize)>),
}

impl ChangedLines {
    /// Reads `git diff --unified=0` output (with the default `a/` and `b/` prefixes). Lines of
    /// added or modified files that the diff adds count as changed (a deletion changes no line
    /// of the new file); a file git shows as binary (`Binary files ... differ`) counts as
    /// changed entirely; deleted files are left out. Paths quoted by git (`"b/t\303\244st.c"`)
    /// are unquoted. Whatever is not a file header or a hunk header is skipped.
    pub fn from_unified_diff(diff: &str) -> ChangedLines {
        let mut out = ChangedLines::default();
        let mut current: Option<String> = None;
        for line in diff.lines() {
            if line.starts_with("diff --git ") {
                current = None;
            } else if let Some(path) = line.strip_prefix("+++ ") {
                current = strip_side(&unquote(path.trim_end_matches('\t')), "b/");
                if let Some(p) = &current {
                    out.files
                        .entry(p.clone())
                        .or_insert_with(|| Changed::Lines(Vec::new()));
                }
            } else if let Some(rest) = line.strip_prefix("@@ ") {
                let (Some(path), Some((start, len))) = (&current, new_range(rest)) else {
                    continue;
                };
                if len > 0 {
                    out.add(path, start, start + len - 1);
                }
            } else if let Some(rest) = line.strip_prefix("Binary files ") {
                if let Some(path) = binary_new_path(rest) {
                    out.mark_whole_file(&path);
                }
            }
        }
        out
    }

    /// Counts every line of `path` as changed (an untracked file).
    pub fn mark_whole_file(&mut self, path: &str) {
        self.files.insert(path.to_string(), Changed::All);
    }

    fn add(&mut self, path: &str, first: usize, last: usize) {
        let entry = self
            .files
            .entry(path.to_string())
            .or_insert_with(|| Changed::Lines(Vec::new()));
        if let Changed::Lines(ranges) = entry {
            ranges.push((first, last));
        }
    }

    /// Whether any of lines `first..=last` of `path` changed.
    pub fn touches(&self, path: &str, first: usize, last: usize) -> bool {
        match self.files.get(path) {
            None => false,
            Some(Changed::All) => true,
            Some(Changed::Lines(ranges)) => ranges.iter().any(|&(a, b)| a <= last && first <= b),
        }
    }

    /// The files with a change.
    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }
}

/// `c,d` of a hunk header's `+c,d` (`d` is 1 when left out).
fn new_range(header: &str) -> Option<(usize, usize)> {
    let plus = header.split(' ').find_map(|w| w.strip_prefix('+'))?;
    let (start, len) = match plus.split_once(',') {
        Some((s, l)) => (s.parse().ok()?, l.parse().ok()?),
        None => (plus.parse().ok()?, 1),
    };
    Some((start, len))
}

/// A path without its `a/` or `b/` side; `None` for `/dev/null`.
fn strip_side(path: &str, side: &str) -> Option<String> {
    path.strip_prefix(side).map(String::from)
}

/// The new path of `Binary files a/X and b/X differ` (or `/dev/null and b/X`); `None` for a
/// deleted file or a line it cannot split.
fn binary_new_path(rest: &str) -> Option<String> {
    let rest = rest.strip_suffix(" differ")?;
    // The new side is the last ` and ` split whose right part is a `b/` path (quoted or not).
    let mut at = rest.len();
    while let Some(i) = rest[..at].rfind(" and ") {
        let right = &rest[i + 5..];
        if right.starts_with("b/") || right.starts_with("\"b/") {
            return strip_side(&unquote(right), "b/");
        }
        at = i;
    }
    None
}

/// A path as git writes it: as is, or between double quotes with C escapes (`\"`, `\\`, `\t`,
/// `\n`, and octal bytes such as `\303\244` for UTF-8 beyond ASCII).
fn unquote(path: &str) -> String {
    let Some(inner) = path.strip_prefix('"').and_then(|p| p.strip_suffix('"')) else {
        return path.to_string();
    };
    let mut bytes = Vec::with_capacity(inner.len());
    let mut it = inner.bytes().peekable();
    while let Some(b) = it.next() {
        if b != b'\\' {
            bytes.push(b);
            continue;
        }
        match it.next() {
            Some(b'n') => bytes.push(b'\n'),
            Some(b't') => bytes.push(b'\t'),
            Some(b'r') => bytes.push(b'\r'),
            Some(b'a') => bytes.push(7),
            Some(b'b') => bytes.push(8),
            Some(b'f') => bytes.push(12),
            Some(b'v') => bytes.push(11),
            Some(d @ b'0'..=b'7') => {
                let mut v = u32::from(d - b'0');
                for _ in 0..2 {
                    match it.peek() {
                        Some(&n @ b'0'..=b'7') => {
                            v = v * 8 + u32::from(n - b'0');
                            it.next();
                        }
                        _ => break,
                    }
                }
                bytes.push(u8::try_from(v).unwrap_or(b'?'));
            }
            Some(other) => bytes.push(other),
            None => bytes.push(b'\\'),
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DIFF: &str = "\
diff --git a/src/server.c b/src/server.c
index 1111111..2222222 100644
--- a/src/server.c
+++ b/src/server.c
@@ -4 +4 @@ void serve(void) {
-    old();
+    new();
@@ -10,2 +10,0 @@ void other(void) {
-    gone();
-    gone();
@@ -20,0 +19,3 @@ x
+a
+b
+c
diff --git a/old.c b/old.c
deleted file mode 100644
--- a/old.c
+++ /dev/null
@@ -1,2 +0,0 @@
-x
-y
diff --git a/new.ps1 b/new.ps1
new file mode 100644
--- /dev/null
+++ b/new.ps1
@@ -0,0 +1,2 @@
+one
+two
diff --git a/wide.c b/wide.c
index 3333333..4444444 100644
Binary files a/wide.c and b/wide.c differ
diff --git \"a/t\\303\\244st \\\"q\\\".c\" \"b/t\\303\\244st \\\"q\\\".c\"
--- \"a/t\\303\\244st \\\"q\\\".c\"
+++ \"b/t\\303\\244st \\\"q\\\".c\"
@@ -7 +7,2 @@
+x
+y
";

    #[test]
    fn hunks_become_line_ranges_of_the_new_file() {
        let c = ChangedLines::from_unified_diff(DIFF);
        assert!(c.touches("src/server.c", 4, 4));
        assert!(!c.touches("src/server.c", 3, 3));
        assert!(!c.touches("src/server.c", 5, 18));
        // A deletion changes no line of the new file.
        assert!(!c.touches("src/server.c", 10, 10));
        // `+19,3` is lines 19 to 21; a multi-line finding that overlaps counts.
        assert!(c.touches("src/server.c", 21, 21));
        assert!(!c.touches("src/server.c", 22, 30));
        assert!(c.touches("src/server.c", 15, 19));
        // Deleted files are not there; added files are, by their hunks.
        assert!(!c.touches("old.c", 1, 1));
        assert!(c.touches("new.ps1", 2, 2));
        assert!(!c.touches("new.ps1", 3, 3));
        // Binary to git (UTF-16): every line.
        assert!(c.touches("wide.c", 500, 500));
        // Quoted paths are unquoted, octal escapes as UTF-8.
        assert!(c.touches("täst \"q\".c", 8, 8));
        assert!(!c.touches("täst \"q\".c", 6, 6));
        // Paths are whole: no prefix matching.
        assert!(!c.touches("server.c", 4, 4));
        let files: Vec<&str> = c.files().collect();
        assert_eq!(files, ["new.ps1", "src/server.c", "täst \"q\".c", "wide.c"]);
    }

    #[test]
    fn untracked_files_are_changed_entirely_and_junk_is_skipped() {
        let mut c = ChangedLines::from_unified_diff("garbage\n@@ -1 +1 @@\n+++ \n@@ nonsense @@\n");
        assert!(!c.touches("garbage", 1, 1));
        c.mark_whole_file("tools/setup.ps1");
        assert!(c.touches("tools/setup.ps1", 1, 1_000_000));
        assert_eq!(c.files().count(), 1);
    }

    #[test]
    fn binary_lines_with_spaces_and_new_files() {
        assert_eq!(
            binary_new_path("a/x and y.c and b/x and y.c differ").as_deref(),
            Some("x and y.c")
        );
        assert_eq!(
            binary_new_path("/dev/null and b/new.c differ").as_deref(),
            Some("new.c")
        );
        assert_eq!(binary_new_path("a/gone.c and /dev/null differ"), None);
        assert_eq!(unquote("\"a\\tb\\\\c\""), "a\tb\\c");
        assert_eq!(unquote("plain"), "plain");
        assert_eq!(new_range("-4 +5 @@"), Some((5, 1)));
        assert_eq!(new_range("-4 +5,0 @@"), Some((5, 0)));
    }
}
