//! `docs/rules.md` is generated from the registry. This test fails when the committed page is
//! stale, and rewrites it when `UPDATE_RULES_DOC=1` is set (clippy's `config-metadata` model).

use std::path::PathBuf;

#[test]
fn rules_page_is_up_to_date() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/rules.md");
    let generated = sddl_lint::rules_markdown();
    if std::env::var_os("UPDATE_RULES_DOC").is_some_and(|v| v == "1") {
        std::fs::write(&path, &generated).expect("write docs/rules.md");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/rules.md is stale: run `UPDATE_RULES_DOC=1 cargo test -p sddl-lint --test rules_page`"
    );
}

#[test]
fn every_rule_is_on_the_page_with_its_anchor() {
    let page = sddl_lint::rules_markdown();
    for rule in sddl_lint::all_rules() {
        let heading = format!("\n# {} ({})\n", rule.name, rule.code);
        assert!(page.contains(&heading), "{} missing", rule.name);
        let anchor = rule.url();
        let fragment = anchor.rsplit('#').next().unwrap();
        assert_eq!(
            fragment,
            format!("{}-{}", rule.name, rule.code.to_lowercase())
        );
    }
}
