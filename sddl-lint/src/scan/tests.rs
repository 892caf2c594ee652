use super::*;

fn scan(src: &str, lang: Language) -> Vec<ScanFinding> {
    scan_source(src, lang, &LintContext::default(), &Settings::default())
}

/// (code, line, column, text under the span) of each finding.
fn brief(src: &str, lang: Language) -> Vec<(String, usize, usize, String)> {
    scan(src, lang)
        .into_iter()
        .map(|f| {
            let t = src[f.span.start as usize..f.span.end as usize].to_string();
            (f.code().to_string(), f.line, f.column, t)
        })
        .collect()
}

fn has(src: &str, lang: Language, code: &str) -> Vec<(usize, usize, String)> {
    brief(src, lang)
        .into_iter()
        .filter(|f| f.0 == code)
        .map(|f| (f.1, f.2, f.3))
        .collect()
}

#[test]
fn c_wide_literal_in_a_duplex_pipe() {
    let src = "void f() {\n    h = CreateNamedPipe(name, PIPE_ACCESS_DUPLEX, 0, 1, 0, 0, 0, &sa);\n    Convert(L\"D:(A;OICI;GA;;;WD)(A;OICI;GA;;;AN)\", 1, &sd, 0);\n}\n";
    let f = has(src, Language::C, "SDDL001");
    assert_eq!(f, [(3, 25, "GA".to_string()), (3, 41, "GA".to_string())]);
    let all = scan(src, Language::C);
    assert!(all
        .iter()
        .all(|f| f.sddl == "D:(A;OICI;GA;;;WD)(A;OICI;GA;;;AN)"));
    // The literal is decoded (no `L"` prefix, no quotes), as the SDDL is here.
    assert!(all
        .iter()
        .all(|f| f.literal == "D:(A;OICI;GA;;;WD)(A;OICI;GA;;;AN)"));
}

#[test]
fn literals_are_listed_clean_or_not_with_where_their_context_came_from() {
    let src = "h = CreateNamedPipe(name, PIPE_ACCESS_DUPLEX, 0);\nConvert(L\"D:(A;;GA;;;SY)\", 1);\n\n\n\n\nfmt(\"D:(A;;GA;;;%s)\" \"(A;;GR;;;WD)\");\n// sddl-lint: type=registry\nx = \"O:BAG:SY\";\ny = \"D: drive\";\n";
    let sites = literals(src, Language::C, &LintContext::default());
    /// As written, decoded, kind, pipe mode, where the context came from.
    type Site<'a> = (
        &'a str,
        &'a str,
        Option<ObjectKind>,
        Option<PipeMode>,
        Option<ContextSource>,
    );
    let got: Vec<Site> = sites
        .iter()
        .map(|s| {
            (
                &src[s.span.start as usize..s.span.end as usize],
                s.literal.as_str(),
                s.context.kind,
                s.context.pipe_mode,
                s.source,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "L\"D:(A;;GA;;;SY)\"",
                "D:(A;;GA;;;SY)",
                Some(ObjectKind::NamedPipe),
                Some(PipeMode::Duplex),
                Some(ContextSource::Code("CreateNamedPipe")),
            ),
            // Concatenated, the placeholder kept as written; nothing in the code around it.
            (
                "\"D:(A;;GA;;;%s)\" \"(A;;GR;;;WD)\"",
                "D:(A;;GA;;;%s)(A;;GR;;;WD)",
                None,
                None,
                None,
            ),
            (
                "\"O:BAG:SY\"",
                "O:BAG:SY",
                Some(ObjectKind::RegistryKey),
                None,
                Some(ContextSource::Annotation),
            ),
        ]
    );
    // What the caller gives is `Given`; the code still fills the pipe mode.
    let given = LintContext {
        kind: Some(ObjectKind::NamedPipe),
        ..LintContext::default()
    };
    let first = &literals(src, Language::C, &given)[0];
    assert_eq!(first.source, Some(ContextSource::Given));
    assert_eq!(first.context.pipe_mode, Some(PipeMode::Duplex));
}

#[test]
fn fingerprints_survive_moved_lines_but_not_a_changed_literal() {
    let src = "x = \"D:(A;;GA;;;WD)\";\n";
    let moved = "\n\n// a comment\n    x = \"D:(A;;GA;;;WD)\";\n";
    let changed = "x = \"D:(A;;GA;;;WD)(A;;GR;;;AN)\";\n";
    let fp = |s: &str| -> Vec<(String, String)> {
        scan(s, Language::C)
            .into_iter()
            .filter(|f| f.code() == "SDDL001")
            .map(|f| (f.code().to_string(), f.fingerprint))
            .collect()
    };
    assert_eq!(fp(src).len(), 1);
    assert_eq!(fp(src), fp(moved));
    assert_ne!(fp(src), fp(changed));
}

#[test]
fn spans_go_through_escapes_and_concatenation() {
    // `\x57` is `W`: the trustee `WD` starts inside the escape.
    let src = "const char *s =\n  \"D:P\"\n  \"(A;;GA;;;\\u0057D)\";\n";
    let f = has(src, Language::C, "SDDL001");
    assert_eq!(f.len(), 1);
    let (line, col, text) = &f[0];
    assert_eq!((*line, *col), (3, 8));
    assert_eq!(text, "GA");
    // The SY trustee of a syntax error after an escape maps to the escape as written.
    let src = "s = \"D:(A;;GA;;;\\u0057D)(A;;QQ;;;SY)\";";
    let f = scan(src, Language::C);
    let syntax: Vec<String> = f
        .iter()
        .filter(|f| matches!(f.kind, FindingKind::Syntax(_)))
        .map(|f| src[f.span.start as usize..f.span.end as usize].to_string())
        .collect();
    assert_eq!(syntax, ["QQ"]);
    // Octal escapes: `\127` is `W`.
    let src = "s = \"D:(A;;GA;;;\\127D)\";";
    let f = has(src, Language::C, "SDDL001");
    assert_eq!(f.len(), 1, "{:?}", scan(src, Language::C));
    assert_eq!(scan(src, Language::C)[0].literal, "D:(A;;GA;;;WD)");
}

#[test]
fn csharp_verbatim_and_plus() {
    let src = "var ps = new PipeSecurity();\nvar s = @\"O:BAG:SY\" +\n    \"D:(A;;GA;;;WD)\";\n";
    let f = has(src, Language::CSharp, "SDDL001");
    assert_eq!(f, [(3, 12, "GA".to_string())]);
}

#[test]
fn python_powershell_go_rust_and_plain() {
    assert_eq!(
        has(
            "x = 'D:' \\\n  'P(A;;GA;;;WD)'\n",
            Language::Python,
            "SDDL001"
        ),
        [(2, 9, "GA".to_string())]
    );
    assert_eq!(
        has("$sd = 'D:(A;;GA;;;WD)'\n", Language::PowerShell, "SDDL001"),
        [(1, 14, "GA".to_string())]
    );
    assert_eq!(
        has("l, _ := winio.ListenPipe(p, &winio.PipeConfig{SecurityDescriptor: `D:(A;;GA;;;WD)`})\n", Language::Go, "SDDL001").len(),
        1
    );
    assert_eq!(
        has(
            "let s = r#\"D:(A;;GA;;;WD)\"#;\n",
            Language::Rust,
            "SDDL001"
        ),
        [(1, 18, "GA".to_string())]
    );
    assert_eq!(
        has(
            "sc sdset svc D:(A;;GA;;;WD)\r\n",
            Language::Plain,
            "SDDL001"
        ),
        [(1, 20, "GA".to_string())]
    );
}

#[test]
fn prose_paths_and_sql_do_not_match() {
    for s in [
        "D: drive",
        "D:\\data\\file.txt",
        "S:/share",
        "SELECT * FROM t WHERE a = 'D:(x)'",
        "D:(A;;GA;;;WD) is what we use",
        "O:",
        "G:ok",
        "D:P",
        "Date: (a;b;c)",
    ] {
        assert!(!looks_like_sddl(s), "{s}");
    }
    for s in [
        "D:(A;;GA;;;WD)",
        "O:BAG:SY",
        "O:S-1-5-18",
        "D:PAI(A;;FA;;;SY)",
        "S:(ML;;NW;;;LW)",
        "D:NO_ACCESS_CONTROL",
        "O:BAG:SYD:PNO_ACCESS_CONTROL",
        "S:NO_ACCESS_CONTROLAI",
    ] {
        assert!(looks_like_sddl(s), "{s}");
    }
    for s in [
        "NO_ACCESS_CONTROL",
        "D:NO_ACCESS_CONTROL_FLAG",
        "X:NO_ACCESS_CONTROL",
        "Dx:NO_ACCESS_CONTROL",
        "O:owner D:NO_ACCESS_CONTROL",
    ] {
        assert!(!looks_like_sddl(s), "{s}");
    }
    // The most dangerous descriptor of all is found in code.
    assert_eq!(
        has("sa = \"D:NO_ACCESS_CONTROL\";", Language::C, "SDDL003"),
        [(1, 9, "NO_ACCESS_CONTROL".to_string())]
    );
    let src = "printf(\"D: drive\"); q = \"SELECT 1\"; p = \"C:\\\\Windows\";";
    assert!(scan(src, Language::C).is_empty());
}

#[test]
fn placeholders_are_linted_with_a_sentinel_and_their_findings_dropped() {
    for src in [
        "swprintf(buf, L\"O:%sG:%sD:(A;;GA;;;%ls)(A;;GR;;;BA)\", a, b, c);",
        "s = string.Format(\"D:(A;;GA;;;{0})\", sid);",
        "s = $\"D:(A;;GA;;;{sid})\";",
        "s = `D:(A;;GA;;;${sid})`;",
        "s = \"D:(A;;GA;;;{{ sid }})\";",
    ] {
        let lang = if src.starts_with("s = `") {
            Language::Js
        } else {
            Language::CSharp
        };
        assert_eq!(brief(src, lang), [], "{src}");
    }
    // A placeholder does not hide findings elsewhere in the descriptor.
    let src = "s = string.Format(\"D:(A;;GA;;;{0})(A;;GA;;;WD)\", sid);";
    assert_eq!(has(src, Language::CSharp, "SDDL001").len(), 1);
    // PowerShell variables.
    assert_eq!(
        brief("$s = \"D:(A;;GA;;;$sid)\"\n", Language::PowerShell),
        []
    );
}

#[test]
fn suppressions_used_unused_and_invalid() {
    let used = "// sddl-lint: ignore[SDDL001] fixture for the installer tests\nconst char *s = \"D:(A;;GA;;;WD)\";\n";
    assert_eq!(brief(used, Language::C), []);
    let by_name =
        "const char *s = \"D:(A;;GA;;;WD)\"; // sddl-lint: ignore[everyone-full-control] fixture\n";
    assert_eq!(brief(by_name, Language::C), []);
    let unused =
        "// sddl-lint: ignore[SDDL003] was a null DACL\nconst char *s = \"D:(A;;GA;;;SY)\";\n";
    assert_eq!(
        brief(unused, Language::C),
        [(
            "SDDL042".to_string(),
            1,
            4,
            "sddl-lint: ignore[SDDL003] was a null DACL".to_string()
        )]
    );
    let no_reason = "// sddl-lint: ignore[SDDL001]\nconst char *s = \"D:(A;;GA;;;WD)\";\n";
    let codes: Vec<String> = brief(no_reason, Language::C)
        .into_iter()
        .map(|f| f.0)
        .collect();
    assert_eq!(codes, ["SDDL043"]);
    let unknown = "# sddl-lint: ignore[SDDL999] because\nx = 'D:(A;;GA;;;WD)'\n";
    let codes: Vec<String> = brief(unknown, Language::Python)
        .into_iter()
        .map(|f| f.0)
        .collect();
    assert_eq!(codes, ["SDDL043", "SDDL001"]);
    // Too far away: two lines above does not apply.
    let far = "// sddl-lint: ignore[SDDL001] reason\n\nconst char *s = \"D:(A;;GA;;;WD)\";\n";
    let codes: Vec<String> = brief(far, Language::C).into_iter().map(|f| f.0).collect();
    assert_eq!(codes, ["SDDL042", "SDDL001"]);
}

#[test]
fn context_inference_and_annotations() {
    // A read-only grant to a duplex pipe's client: SDDL002 needs the pipe mode from the code.
    let base = LintContext::from_words("client=AU").unwrap();
    let has = |src: &str, lang, code: &str| {
        scan_source(src, lang, &base, &Settings::default())
            .into_iter()
            .filter(|f| f.code() == code)
            .count()
    };
    let pipe = "h = CreateNamedPipeW(name,\n    PIPE_ACCESS_DUPLEX,\n    0, 1, 0, 0, 0,\n    sa(L\"D:(A;;GA;;;SY)(A;;GR;;;AU)\"));\n";
    assert_eq!(has(pipe, Language::C, "SDDL002"), 1);
    // Without the pipe context, no SDDL002.
    let bare = "x = sa(L\"D:(A;;GA;;;SY)(A;;GR;;;AU)\");\n";
    assert_eq!(has(bare, Language::C, "SDDL002"), 0);
    // The annotation supplies it.
    let annotated =
        "// sddl-lint: type=pipe pipe-mode=duplex\nx = sa(L\"D:(A;;GA;;;SY)(A;;GR;;;AU)\");\n";
    assert_eq!(has(annotated, Language::C, "SDDL002"), 1);
    // An annotation overrides what the code says.
    let over = "RegCreateKeyEx(k, n, 0, 0, 0, KEY_ALL_ACCESS, &sa, &h, 0);\n// sddl-lint: type=pipe pipe-mode=duplex\nx = sa(L\"D:(A;;GA;;;SY)(A;;GR;;;AU)\");\n";
    assert_eq!(has(over, Language::C, "SDDL002"), 1);
    let bad = "// sddl-lint: type=nothing\nx = sa(L\"D:(A;;GA;;;SY)\");\n";
    assert_eq!(has(bad, Language::C, "SDDL043"), 1);
    // Kinds from API names.
    let src = "RegSetKeySecurity(k, DACL, sd);\n\n\n\n\n\nCreateService(a)\n\n\n\n\nCreateDirectoryW(p, &sa)\n\n\n\n\nSetFileSecurity(p)";
    let li = LineIndex::new(src);
    let kind = |l| {
        infer_context(src, li.line_start(l), &LintContext::default())
            .0
            .kind
    };
    assert_eq!(kind(1), Some(ObjectKind::RegistryKey));
    assert_eq!(kind(7), Some(ObjectKind::Service));
    assert_eq!(kind(12), Some(ObjectKind::Directory));
    assert_eq!(kind(17), Some(ObjectKind::File));
    assert_eq!(kind(5), None);
}

#[test]
fn syntax_errors_map_to_the_file() {
    let src = "x = \"D:(A;;GA;;;WD)(A;;ZZ;;;SY)\";\n";
    let f = scan(src, Language::C);
    let syntax: Vec<&ScanFinding> = f
        .iter()
        .filter(|f| matches!(f.kind, FindingKind::Syntax(_)))
        .collect();
    assert_eq!(syntax.len(), 1, "{f:?}");
    assert_eq!(
        &src[syntax[0].span.start as usize..syntax[0].span.end as usize],
        "ZZ"
    );
    assert_eq!((syntax[0].line, syntax[0].column), (1, 24));
}

#[test]
fn utf16_columns() {
    let src = "s = \"é😀\"; t = \"D:(A;;GA;;;WD)\";";
    let f = &scan(src, Language::C)[0];
    assert_eq!(f.column, 22);
    assert_eq!(f.column_utf16, 23);
}

#[test]
fn languages_from_paths() {
    assert_eq!(Language::from_path("src/a.CPP"), Language::C);
    assert_eq!(Language::from_path("x/y.cs"), Language::CSharp);
    assert_eq!(Language::from_path("a.ps1"), Language::PowerShell);
    assert_eq!(Language::from_path("setup.inf"), Language::Plain);
    assert_eq!(Language::from_path("policy.json"), Language::Js);
    assert_eq!(Language::from_path("Makefile"), Language::Plain);
}

#[test]
fn markers_only_in_comments() {
    // Prose and strings that mention the marker are neither suppressions nor annotations.
    let src = "Write `sddl-lint: ignore[SDDL001]` above the line.\nmsg = \"sddl-lint: ignore[SDDL001]\"\n";
    assert_eq!(brief(src, Language::Plain), []);
    assert_eq!(brief(src, Language::C), []);
    let block =
        "/*\n * sddl-lint: ignore[SDDL001] test data\n */\nconst char *s = \"D:(A;;GA;;;WD)\";\n";
    let codes: Vec<String> = brief(block, Language::C).into_iter().map(|f| f.0).collect();
    assert_eq!(codes, ["SDDL042", "SDDL001"]);
    let inf = "; sddl-lint: ignore[SDDL001] installer grants it on purpose\nHKLM,Software\\X,Security,,\"D:(A;;GA;;;WD)\"\n";
    assert_eq!(brief(inf, Language::Plain), []);
}

#[test]
fn java_js_go_concatenation_and_plain_files() {
    let java = "String sd = \"D:P\" +\n    \"(A;;GA;;;WD)\";";
    assert_eq!(
        has(java, Language::Java, "SDDL001"),
        [(2, 10, "GA".to_string())]
    );
    let js = "const sd = 'D:' + `(A;;GA;;;WD)`;";
    assert_eq!(has(js, Language::Js, "SDDL001").len(), 1);
    let go = "sd := \"D:P\" + `(A;;GA;;;WD)`";
    assert_eq!(has(go, Language::Go, "SDDL001").len(), 1);
    let xml = "<Pipe Name=\"x\" Sddl=\"D:(A;;GA;;;WD)\" />\n";
    assert_eq!(
        has(xml, Language::Plain, "SDDL001"),
        [(1, 28, "GA".to_string())]
    );
    let yaml = "sddl: D:(A;;GA;;;WD)\ndrive: D: data\n";
    assert_eq!(has(yaml, Language::Plain, "SDDL001").len(), 1);
    // Owner and group placeholders; the DACL is still judged.
    let c = "swprintf(b, n, L\"O:%sG:%sD:(A;;GA;;;WD)\", o, g);";
    assert_eq!(has(c, Language::C, "SDDL001").len(), 1);
    assert_eq!(
        brief(c, Language::C)
            .iter()
            .filter(|f| f.0.starts_with("sddl::"))
            .count(),
        0
    );
}

#[test]
fn json_escapes_decode() {
    // A conditional ACE's string needs `\"` in JSON: decoded, it parses, and positions are the
    // file's.
    let src = "{\"sddl\": \"D:(XA;;FX;;;AU;(@User.Department == \\\"Fin\\\"))(A;;GA;;;WD)\"}";
    let f = brief(src, Language::from_path("p.json"));
    assert_eq!(
        f,
        [("SDDL001".to_string(), 1, 60, "GA".to_string())],
        "{src}"
    );
}

#[test]
fn truncated_sources_never_panic() {
    let src = "// sddl-lint: ignore[SDDL001] r\n/* c */ x = L\"D:(A;;GA;;;\\x57\\u{44}é)\" \"(A;;GR;;;{0})\" + @\"D:(A;;GA;;;\"\"WD\"\")\" r#\"D:(A;;GA;;;WD)\"# `D:(A;;GA;;;${s})` 'a' '\\'' \"\"\"D:(A;;GA;;;WD)\"\"\" @'\nD:(A;;GA;;;WD)\n'@ <# x #> # y\n$a = \"x`\"D:(A;;GA;;;$sid)\" 'it''s' %ls {{ a }} \\\n";
    let langs = Language::ALL;
    for end in (0..=src.len()).filter(|&i| src.is_char_boundary(i)) {
        for lang in langs {
            for f in scan(&src[..end], lang) {
                assert!(f.span.end as usize <= end, "{lang:?} {end}: {f:?}");
                assert!(f.span.start <= f.span.end);
            }
        }
    }
}

#[test]
fn suppressions_of_rules_that_are_off_are_not_unused() {
    let src = "// sddl-lint: ignore[SDDL028] numeric masks are kept as written here\nconst char *s = \"D:(A;;GA;;;SY)\";\n";
    let only_001 = Settings::only(&["SDDL001", "SDDL042", "SDDL043"]);
    assert_eq!(
        scan_source(src, Language::C, &LintContext::default(), &only_001),
        []
    );
    let with_028 = Settings::only(&["SDDL028", "SDDL042"]);
    let f = scan_source(src, Language::C, &LintContext::default(), &with_028);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].code(), "SDDL042");
}

proptest::proptest! {
    /// `LineIndex` against counting from the start: every offset's line, and every line's
    /// start, asked in any order (its cache of the last answer is stepped from), over texts
    /// long enough to span several of its 4 KiB blocks.
    #[test]
    fn line_index_agrees_with_counting(
        lines in proptest::collection::vec("[a-z\r]{0,300}", 1..60),
        asks in proptest::collection::vec(0usize..20_000, 1..40),
    ) {
        let text = lines.join("\n");
        let index = LineIndex::new(&text);
        let starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        for &ask in &asks {
            let offset = ask % (text.len() + 1);
            let line = text[..offset].matches('\n').count() + 1;
            proptest::prop_assert_eq!(index.line_of(offset), line);
            let l = ask % (starts.len() + 2);
            let want = if l <= 1 { 0 } else { starts.get(l - 1).copied().unwrap_or(text.len()) };
            proptest::prop_assert_eq!(index.line_start(l), want, "line {}", l);
        }
    }
}

proptest::proptest! {
    /// The one-search-per-start hint finder against a substring search per word, on text made
    /// of the words, their pieces and their overlaps (`CreateNamedPipeSecurity` holds two
    /// words that share `Pipe`).
    #[test]
    fn hints_agree_with_a_search_per_word(
        parts in proptest::collection::vec(
            proptest::sample::select(vec![
                "CreateNamedPipe", "NamedPipeServerStream", "PipeSecurity", "ListenPipe",
                "PIPE_ACCESS_", "DUPLEX", "INBOUND", "OUTBOUND", "RegCreateKeyEx",
                "RegSetKeySecurity", "RegistrySecurity", "CreateService", "SetServiceObjectSecurity",
                "sc sdset", "sc.exe", " sdset", "CreateDirectory", "CreateFile", "SetFileSecurity",
                "PipeDirection.In", "Out", "Create", "Pipe", "Named", "Security", "Reg", " ", "\n",
                "x", "é",
            ]),
            0..24,
        ),
    ) {
        let text = parts.concat();
        let want = HINTS
            .iter()
            .enumerate()
            .filter(|(_, (w, _))| text.contains(w))
            .fold(0u32, |set, (i, _)| set | 1 << i);
        proptest::prop_assert_eq!(hints_in(&text), want, "{:?}", text);
    }

    /// The context lines and the annotation of a literal, found from its offset, against the
    /// same found from its line number.
    #[test]
    fn context_from_offsets_agrees_with_lines(
        lines in proptest::collection::vec(
            proptest::sample::select(vec![
                "", "\r", "x = 1;", "CreateFile(a)", "// sddl-lint: type=pipe", "# sddl-lint: ignore[SDDL001] r",
                "/* sddl-lint: pipe-mode=duplex */ y", "PIPE_ACCESS_DUPLEX", "s = \"D:(A;;GA;;;WD)\"",
                "not a sddl-lint: marker",
            ]),
            1..12,
        ),
        pick in 0usize..1000,
    ) {
        let text = lines.join("\n");
        let index = LineIndex::new(&text);
        let count = lines.len();
        let line = pick % count + 1;
        let at = index.line_start(line) + (pick / count) % (lines[line - 1].len() + 1);
        let markers: Vec<usize> = text.match_indices(MARKER).map(|(i, _)| i).collect();
        // By line numbers, as it was done before offsets.
        let first = line.saturating_sub(3).max(1);
        let line_text = |l: usize| {
            let s = index.line_start(l);
            let e = text[s..].find('\n').map_or(text.len(), |p| s + p);
            (s, text[s..e].trim_end_matches('\r'))
        };
        let (ls, lt) = line_text(line);
        proptest::prop_assert_eq!(
            context_lines(&text, at).trim_end_matches('\r'),
            &text[index.line_start(first)..ls + lt.len()]
        );
        let want = [line, line - 1].into_iter().filter(|&l| l > 0).find_map(|l| {
            let (s, t) = line_text(l);
            marker_words(t)
                .filter(|(w, _)| !w.starts_with("ignore"))
                .map(|(w, a)| (w, Span::from_range(s + a, s + t.len())))
        });
        proptest::prop_assert_eq!(annotation(&text, at, &markers), want);
    }
}

#[test]
fn owner_group_with_a_multi_byte_character_before_a_colon() {
    // Found by the `scan` fuzz target: the value of `O:` ran to the byte before the next colon,
    // inside `é`, and slicing there panicked.
    assert!(!looks_like_sddl("O:BAGé:SY"));
    assert!(!looks_like_sddl("O:BAé:SY"));
    assert!(looks_like_sddl("O:BAG:SY"));
    assert!(scan("x = \"O:BAGé:SY\";\n", Language::C).is_empty());
    // A part letter right before `NO_ACCESS_CONTROL`, without its colon: no slice past it.
    assert!(!looks_like_sddl("D:ADNO_ACCESS_CONTROL"));
    assert!(looks_like_sddl("D:NO_ACCESS_CONTROL"));
}

/// One memo kept across files gives exactly what scanning each file afresh gives: the same
/// SDDL in other contexts (an annotation, a domain SID), under other settings (the memo starts
/// over), at other places and through placeholders.
#[test]
fn a_memo_kept_across_files_changes_nothing() {
    let files: [(&str, Language); 7] = [
        ("const char *a = \"D:(A;;GA;;;WD)\";\nconst char *b = \"D:(A;;GA;;;WD)\";\n", Language::C),
        ("// sddl-lint: type=pipe pipe-mode=duplex client=NS\nconst char *a = \"D:(A;;GA;;;SY)(A;;GR;;;WD)\";\n", Language::C),
        ("const char *b = \"D:(A;;GA;;;SY)(A;;GR;;;WD)\";\n", Language::C),
        ("x = r\"D:(A;;GA;;;WD)(A;;GA;;;DA)\"\n", Language::Python),
        ("// sddl-lint: domain-sid=S-1-5-21-1-2-3\nconst char *a = \"D:(A;;GA;;;WD)(A;;GA;;;DA)\";\n", Language::C),
        ("var s = \"D:(A;;GA;;;WD)(A;;GA;;;%s)(A;;GA;;;BX\";\n", Language::CSharp),
        ("  s := \"D:(A;;GA;;;WD)\"\n", Language::Go),
    ];
    let settings = [
        Settings::default(),
        Settings::only(&["SDDL042"]),
        Settings::default(),
    ];
    let base = LintContext::default();
    let mut memo = LintMemo::default();
    let mut hits = 0;
    for s in &settings {
        for (src, lang) in files {
            let fresh = scan_source(src, lang, &base, s);
            hits += fresh.len();
            assert_eq!(
                scan_source_with(src, lang, &base, s, &mut memo, &LineIndex::new(src)),
                fresh,
                "{src}"
            );
        }
    }
    // The files do have findings, and they differ by context and by settings.
    assert!(hits > 10, "{hits}");
    let plain = scan_source(files[0].0, Language::C, &base, &settings[0]);
    let only = scan_source(files[0].0, Language::C, &base, &settings[1]);
    assert_ne!(plain.len(), only.len());
    let codes = |src: &str| -> Vec<String> {
        let f = scan_source(src, Language::C, &base, &settings[0]);
        f.iter().map(|f| f.code().to_string()).collect()
    };
    assert_ne!(
        codes(files[1].0),
        codes("\nconst char *a = \"D:(A;;GA;;;SY)(A;;GR;;;WD)\";\n")
    );
}

/// The memo forgets everything past its byte bound, and answers stay right after.
#[test]
fn a_full_memo_starts_over() {
    let mut memo = LintMemo::default();
    let base = LintContext::default();
    let settings = Settings::default();
    let long = format!("D:{}", "(A;;GA;;;WD)".repeat(LintMemo::MAX_BYTES / 12 / 3));
    let src = format!("s = \"{long}\"\nt = \"{long}(A;;GA;;;SY)\"\nu = \"{long}(A;;GA;;;BA)\"\n");
    let fresh = scan_source(&src, Language::Python, &base, &settings);
    assert_eq!(
        scan_source_with(
            &src,
            Language::Python,
            &base,
            &settings,
            &mut memo,
            &LineIndex::new(&src)
        ),
        fresh
    );
    assert!(memo.bytes <= LintMemo::MAX_BYTES);
    assert!(memo.entries.len() < 3, "{}", memo.entries.len());
}

/// Which word wins when several are near a literal: kinds in their order (pipe, registry,
/// service, directory, file), then the first word of the kind; pipe modes likewise, a word
/// inside another counting as present (`PipeDirection.In` in `PipeDirection.InOut`); only the
/// literal's line and the three before it; CRLF line ends are no different.
#[test]
fn context_words_take_precedence_in_order() {
    let at = |src: &str, line: usize| {
        let li = LineIndex::new(src);
        let (cx, word) = infer_context(src, li.line_start(line), &LintContext::default());
        (cx.kind, cx.pipe_mode, word)
    };
    let pipe = Some(ObjectKind::NamedPipe);
    assert_eq!(
        at(
            "CreateFile(x);\r\nCreateNamedPipe(n, PIPE_ACCESS_DUPLEX)\r\ns",
            3
        ),
        (pipe, Some(PipeMode::Duplex), Some("CreateNamedPipe"))
    );
    assert_eq!(
        at("new NamedPipeServerStream(n, PipeDirection.InOut)", 1),
        (pipe, Some(PipeMode::Duplex), Some("NamedPipeServerStream"))
    );
    assert_eq!(
        at("new PipeSecurity(); d = PipeDirection.In;", 1),
        (pipe, Some(PipeMode::Inbound), Some("PipeSecurity"))
    );
    assert_eq!(
        at("mode = PIPE_ACCESS_OUTBOUND", 1),
        (pipe, Some(PipeMode::Outbound), Some("PIPE_ACCESS_"))
    );
    // Without a kind word, a mode word says it is a pipe mode; the evidence is that word.
    assert_eq!(
        at("d = PipeDirection.Out", 1),
        (None, Some(PipeMode::Outbound), Some("PipeDirection.Out"))
    );
    // A registry key has no pipe mode, whatever the code says.
    assert_eq!(
        at("RegCreateKeyEx(...); PipeDirection.InOut", 1),
        (Some(ObjectKind::RegistryKey), None, Some("RegCreateKeyEx"))
    );
    assert_eq!(
        at("sc.exe sdset svc", 1),
        (Some(ObjectKind::Service), None, Some("sc.exe sdset"))
    );
    // Four lines up is too far.
    assert_eq!(at("CreateService(a)\n\n\n\ns", 5), (None, None, None));
    assert_eq!(
        at("CreateService(a)\n\n\ns", 4).0,
        Some(ObjectKind::Service)
    );
}
