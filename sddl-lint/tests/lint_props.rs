//! Properties of the linter over generated descriptors of every ACE type: no rule panics for any
//! object kind or pipe context; every span points inside the text, on character boundaries; every
//! fix applies to text that still parses; and a fix marked safe changes no one's access.

use proptest::prelude::*;
use sddl_core::access::{maximum_allowed, presets};
use sddl_core::objects::{undefined_bits, ObjectKind};
use sddl_core::{parse, ParseOptions, SecurityDescriptor, Sid, Span};
use sddl_lint::{lint, Applicability, LintContext, Settings};

#[path = "../../sddl-core/tests/common/sddl_text.rs"]
mod sddl_text;

fn domain() -> Option<Sid> {
    Sid::new(1, 5, &[21, 7, 8, 9])
}

fn parsed(text: &str) -> Result<SecurityDescriptor, String> {
    let p = parse(
        text,
        &ParseOptions {
            domain_sid: domain(),
        },
    );
    if p.errors.is_empty() {
        Ok(p.sd)
    } else {
        Err(format!("{text}: {:?}", p.errors))
    }
}

fn in_bounds(text: &str, s: Span) -> bool {
    s.start <= s.end
        && (s.end as usize) <= text.len()
        && text.is_char_boundary(s.start as usize)
        && text.is_char_boundary(s.end as usize)
}

/// Contexts the rules branch on: every kind, and a pipe with each mode and a client.
fn contexts() -> Vec<LintContext> {
    let mut v: Vec<LintContext> = ObjectKind::ALL
        .iter()
        .map(|k| LintContext::from_words(&format!("type={}", k.name())).expect("kind words"))
        .collect();
    v.push(LintContext::default());
    for mode in ["duplex", "inbound", "outbound"] {
        v.push(
            LintContext::from_words(&format!("type=pipe pipe-mode={mode} client=NS client=IU"))
                .expect("pipe words"),
        );
    }
    v
}

/// Who is asked about when a safe fix must not change access.
fn principals() -> Vec<sddl_core::access::Token> {
    [
        "network-service",
        "local-service",
        "system",
        "anonymous",
        "interactive-user",
        "admin-elevated",
    ]
    .iter()
    .filter_map(|n| presets::preset(n))
    .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256)
    ))]

    #[test]
    fn rules_never_panic_and_their_spans_and_fixes_hold(text in sddl_text::descriptor()) {
        let sd = parsed(&text).map_err(TestCaseError::fail)?;
        let settings = Settings::all();
        let tokens = principals();
        prop_assert_eq!(tokens.len(), 6, "a preset was renamed");
        for cx in contexts() {
            for d in lint(&sd, &text, &cx, &settings) {
                prop_assert!(in_bounds(&text, d.span), "{} span {:?} in {text}", d.code, d.span);
                for l in &d.labels {
                    prop_assert!(in_bounds(&text, l.span), "{} label {:?} in {text}", d.code, l.span);
                }
                let Some(fix) = &d.fix else { continue };
                let mut edits: Vec<Span> = fix.edits.iter().map(|e| e.span).collect();
                edits.sort_by_key(|s| (s.start, s.end));
                prop_assert!(edits.iter().all(|s| in_bounds(&text, *s)), "{} fix {edits:?}", d.code);
                prop_assert!(edits.windows(2).all(|w| w[0].end <= w[1].start), "{} overlapping fix {edits:?}", d.code);
                if fix.applicability == Applicability::DisplayOnly {
                    continue;
                }
                let fixed_text = fix.apply(&text);
                let fixed = parsed(&fixed_text)
                    .map_err(|e| TestCaseError::fail(format!("{} fix `{}` breaks the text: {e}", d.code, fix.title)))?;
                if fix.applicability == Applicability::Safe {
                    // Bits that mean nothing for the kind are nobody's access.
                    let kind = cx.kind;
                    let meaningful = kind.map_or(u32::MAX, |k| !undefined_bits(k, u32::MAX));
                    for t in &tokens {
                        let before = maximum_allowed(&sd, t, kind, domain()).granted & meaningful;
                        let after = maximum_allowed(&fixed, t, kind, domain()).granted & meaningful;
                        prop_assert_eq!(before, after, "{} safe fix `{}` changes access: {} -> {}", d.code, &fix.title, &text, &fixed_text);
                    }
                }
            }
        }
    }
}
