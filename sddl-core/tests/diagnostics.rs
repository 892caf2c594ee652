//! Snapshots of rendered diagnostics for bad input: what a person sees. Regenerate with
//! `INSTA_UPDATE=always cargo test -p sddl-core --test diagnostics` and review the diff; never
//! edit the `.snap` files by hand.

use miette::{GraphicalReportHandler, GraphicalTheme};
use sddl_core::{parse, ParseOptions, Report};

fn render(input: &str) -> String {
    let p = parse(input, &ParseOptions::default());
    assert!(!p.errors.is_empty(), "{input} should be rejected");
    let report = Report {
        source_code: input.to_string(),
        errors: p.errors,
    };
    let mut out = String::new();
    GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
        .with_width(80)
        .render_report(&mut out, &report)
        .expect("render");
    format!("input: {input}\n\n{out}")
}

macro_rules! snap {
    ($name:ident, $input:expr) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(render($input));
        }
    };
}

snap!(unknown_right, "D:(A;;GA|GR;;;WD)");
snap!(trailing_space_after_rights, "D:(A;;RP ;;;LG)");
snap!(unknown_alias, "D:(A;;GA;;;XY)");
snap!(lower_case_part_letter, "d:(A;;GA;;;LG)");
snap!(audit_ace_in_dacl, "D:(A;;RP;;;WD)(AU;SA;CR;;;BA)");
snap!(
    braced_guid,
    "D:(OA;;CR;{00299570-246d-11d0-a768-00aa006e0529};;WD)"
);
snap!(unclosed_ace, "D:(A;;GA;;;WD(A;;GR;;;BA)");
snap!(seven_fields, "D:(A;;GA;;;LG;)");
snap!(
    several_errors,
    "O:S-1-5D:(A;;XX;;;WD)(Z;;GA;;;SY)(A;;GR;;;BU)"
);
snap!(aces_after_null_acl, "D:NO_ACCESS_CONTROL(A;;GA;;;WD)");
snap!(sid_with_space, "O:S-1-5-32 -579");
