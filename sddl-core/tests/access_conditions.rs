//! Conditional-expression evaluation against the truth tables Windows produced in Samba's
//! Kerberos tests (`python/samba/tests/krb5/conditional_ace_tests.py`, samba-team/samba:
//! `claim_against_claim_cases`, `claim_against_literal_cases`, `pac_claim_cases`; each case was
//! run against a Windows KDC through an allow and a deny policy to tell TRUE, FALSE and
//! UNKNOWN apart), summarised in `shared/docs/windows-behaviour-samba-tests.md` section 6.

use sddl_core::access::presets::preset;
use sddl_core::access::token::Claim;
use sddl_core::access::{evaluate, EvalContext, Token, Tri};
use sddl_core::cond::parse::parse_condition_text;
use sddl_core::ParseOptions;

const T: Option<bool> = Some(true);
const F: Option<bool> = Some(false);
const U: Option<bool> = None;

/// (left claim values, operator, right claim values or literal, outcome).
type Row<R> = (&'static [&'static str], &'static str, R, Option<bool>);

fn tri(o: Option<bool>) -> Tri {
    match o {
        Some(true) => Tri::True,
        Some(false) => Tri::False,
        None => Tri::Unknown,
    }
}

fn eval(token: &Token, expr: &str) -> Tri {
    let c = parse_condition_text(expr, &ParseOptions::default())
        .unwrap_or_else(|e| panic!("{expr}: {}", e.message));
    evaluate(
        &c,
        &EvalContext {
            token,
            resource: &[],
            for_deny: false,
            domain: None,
        },
    )
}

fn with_claims(claims: Vec<Claim>) -> Token {
    let mut t = preset("interactive-user").unwrap();
    t.user_claims = claims;
    t
}

fn strings(name: &str, v: &[&str]) -> Option<Claim> {
    (!v.is_empty()).then(|| Claim::strings(name, v))
}

#[test]
fn claim_against_claim() {
    // (lhs values, op, rhs values, outcome); an empty list is a claim the user lacks.
    let cases: &[Row<&[&str]>] = &[
        (&[], "==", &[], U),
        (&[], "!=", &[], U),
        (&["a"], "==", &[], U),
        (&[], "==", &["b"], U),
        (&["foo"], "==", &["foo"], T),
        (&["foo"], "==", &["bar"], F),
        (&["foo"], "!=", &["foo"], F),
        (&["foo"], "!=", &["bar"], T),
        (&["cat"], "<", &["dog"], T),
        (&["cat"], "<=", &["dog"], T),
        (&["cat"], ">", &["dog"], F),
        (&["cat"], ">=", &["dog"], F),
        (&["foo"], "<=", &["foo"], T),
        (&["foo"], ">=", &["foo"], T),
        (&["foo"], "<", &["foo bar"], T),
        (&["foo bar"], ">", &["foo"], T),
        (&["foo bar"], "==", &["Foo BAR"], T),
        (&["ｆｏｏ ｂａｒ"], "==", &["ＦＯＯ ＢＡＲ"], T),
        (&["ćàț"], "==", &["ĆÀȚ"], T),
        (&["ḽ"], "==", &["Ḽ"], T),
        (&["ⅸ"], "==", &["Ⅸ"], T),
        (&["ꙭ"], "==", &["Ꙭ"], T),
        (&["ⱦ"], "==", &["Ⱦ"], T),
        (&["ԛԣ"], "==", &["ԚԢ"], T),
        (&["foo"], "<", &["ｆｏｏ"], T),
        (&["ćàș"], "<", &["ĆÀȚ"], T),
        (&["cat"], "<", &["ćàț"], T),
        (&["A"], "<", &["_"], T),
        (&["a"], "<", &["_"], T),
        (&["ß"], "<", &["ẞ"], T),
        (&["ß"], ">", &["SS"], T),
        (&["ⳬ"], ">", &["Ⳬ"], T),
        (&["ʞ"], "<", &["Ʞ"], T),
        (&["ʞ"], "<", &["ʟ"], T),
        (&["ꞧ"], ">", &["Ꞧ"], T),
        (&["ɜ"], "<", &["Ɜ"], T),
        (&["\u{D7FB}"], "<", &["\u{10000}"], T),
        (&["\u{10000}"], "<", &["\u{F900}"], T),
        (&["\u{D7FB}"], "<", &["\u{F900}"], T),
        (&["foo", "bar"], "==", &["foo", "bar"], T),
        (&["foo", "bar"], "==", &["foo", "baz"], F),
        (&["foo", "bar"], "==", &["FOO", "BAR"], T),
        (&["foo", "bar"], "==", &["bar", "foo"], T),
        (&["foo", "bar"], "!=", &["foo"], T),
        (&["foo", "bar"], "!=", &["foo", "bar", "baz"], T),
        (&["foo", "bar"], "<", &["foo", "bar"], U),
        (&["foo", "bar"], "<=", &["foo", "bar"], U),
        (&["foo", "bar"], ">", &["foo", "bar", "baz"], U),
        (&["foo", "bar"], ">=", &["foo", "bar", "baz"], U),
        (&["foo", "bar"], "Contains", &["FOO"], T),
        (&["foo", "bar"], "Contains", &["foo", "bar"], T),
        (&["foo", "bar"], "Not_Contains", &["foo", "bar"], F),
        (&["foo", "bar"], "Contains", &["foo", "bar", "baz"], F),
        (&["foo", "bar"], "Not_Contains", &["foo", "bar", "baz"], T),
        (&["foo"], "Any_of", &["foo"], T),
        (&["foo", "bar"], "Any_of", &["BAR"], T),
        (&["foo", "bar"], "Any_of", &["baz"], F),
        (&["foo", "bar"], "Not_Any_of", &["baz"], T),
        (&["foo", "bar"], "Any_of", &["bar", "baz"], T),
        (&["foo", "bar"], "Not_Any_of", &["bar", "baz"], F),
    ];
    for (lhs, op, rhs, outcome) in cases {
        let t = with_claims(
            [strings("claim0", lhs), strings("claim1", rhs)]
                .into_iter()
                .flatten()
                .collect(),
        );
        let expr = format!("(@User.claim0 {op} @User.claim1)");
        assert_eq!(eval(&t, &expr), tri(*outcome), "{lhs:?} {op} {rhs:?}");
    }
}

#[test]
fn claim_against_literal() {
    let cases: &[Row<&str>] = &[
        (&["foo bar"], "==", "\"foo bar\"", T),
        (&[], "==", "{}", U),
        (&["foo"], "!=", "{}", T),
        (&["bar"], "==", "{\"bar\"}", T),
        (&["apple", "banana"], "==", "{\"APPLE\", \"BANANA\"}", T),
        (&["apple", "banana"], "==", "{\"BANANA\", \"APPLE\"}", T),
        (
            &["apple", "banana"],
            "==",
            "{\"apple\", \"banana\", \"apple\"}",
            F,
        ),
        (&[], "Contains", "{}", F),
        (&[], "Not_Contains", "{}", T),
        (&[], "Contains", "{\"foo\"}", U),
        (&[], "Not_Contains", "{\"foo\", \"bar\"}", U),
        (&["foo"], "Contains", "{}", F),
        (&["bar"], "Contains", "{\"bar\"}", T),
        (&["foo", "bar"], "Contains", "{\"foo\", \"bar\"}", T),
        (
            &["foo", "bar"],
            "Contains",
            "{\"foo\", \"bar\", \"baz\"}",
            F,
        ),
        (&["foo"], "Contains", "\"foo\"", T),
        (&["foo", "bar"], "Not_Contains", "\"foo\"", F),
        (
            &["foo", "bar"],
            "Contains",
            "{\"foo\", \"bar\", \"bar\"}",
            T,
        ),
        (&[], "Any_of", "{}", U),
        (&[], "Not_Any_of", "{}", U),
        (&["foo"], "Any_of", "{}", F),
        (&["foo"], "Not_Any_of", "{}", T),
        (&["bar"], "Any_of", "{\"bar\"}", T),
        (&["foo", "bar"], "Any_of", "{\"bar\", \"baz\"}", T),
        (&["foo", "bar"], "Any_of", "{\"baz\"}", F),
        (&["foo"], "Any_of", "\"foo\"", U),
        (&["foo", "bar"], "Not_Any_of", "\"baz\"", U),
        (&["42"], "==", "\"42\"", T),
        (&["42"], "==", "42", U),
        (&["123", "456"], "==", "{\"123\", \"456\"}", T),
        (&["654", "321"], "==", "{654, 321}", U),
        (&["foo", "bar"], "Contains", "{1, 2, 3}", U),
    ];
    for (lhs, op, rhs, outcome) in cases {
        let t = with_claims(strings("claim0", lhs).into_iter().collect());
        let expr = format!("(@User.claim0 {op} {rhs})");
        assert_eq!(eval(&t, &expr), tri(*outcome), "{lhs:?} {op} {rhs}");
    }
}

#[test]
fn typed_claims_and_truth_tests() {
    // (claims, expression, outcome)
    let cases: Vec<(Vec<Claim>, &str, Option<bool>)> = vec![
        (vec![Claim::strings("s", &["foo bar"])], "@User.s", T),
        (vec![Claim::uint64s("u", &[0])], "@User.u", F),
        (vec![Claim::uint64s("u", &[1])], "@User.u", T),
        (vec![Claim::uint64s("u", &[0, 1])], "@User.u", T),
        (vec![Claim::uint64s("u", &[1, 0])], "@User.u", T),
        (vec![Claim::int64s("i", &[0])], "@User.i", F),
        (vec![Claim::int64s("i", &[1])], "@User.i", T),
        (vec![Claim::int64s("i", &[0, 1])], "@User.i", T),
        (vec![Claim::booleans("b", &[false])], "@User.b", F),
        (vec![Claim::booleans("b", &[true])], "@User.b", T),
        (vec![Claim::booleans("b", &[false, true])], "@User.b", T),
        (vec![Claim::uint64s("a", &[42])], "@User.a == 42", T),
        (vec![Claim::uint64s("a", &[0])], "@User.a == 3", F),
        (
            vec![Claim::uint64s("a", &[1, 2, 3])],
            "@User.a == {1, 2, 3}",
            T,
        ),
        (
            vec![Claim::uint64s("a", &[4, 5, 6])],
            "@User.a != {1, 2, 3}",
            T,
        ),
        (vec![Claim::uint64s("a", &[1 << 32])], "@User.a > 0", T),
        (vec![Claim::int64s("a", &[42])], "@User.a == 42", T),
        (
            vec![Claim::int64s("a", &[42 << 32])],
            "@User.a == 180388626432",
            T,
        ),
        (
            vec![Claim::booleans("a", &[true]), Claim::booleans("b", &[true])],
            "@User.a == @User.b",
            T,
        ),
        (vec![Claim::booleans("a", &[true])], "@User.a == 42", U),
        (
            vec![Claim::booleans("a", &[true]), Claim::booleans("b", &[true])],
            "@User.a && @User.b",
            T,
        ),
        (
            vec![
                Claim::booleans("a", &[false]),
                Claim::booleans("b", &[true]),
            ],
            "@User.a && @User.b",
            F,
        ),
        (
            vec![
                Claim::booleans("a", &[true]),
                Claim::booleans("b", &[false]),
            ],
            "@User.a || @User.b",
            T,
        ),
        (
            vec![
                Claim::booleans("a", &[false]),
                Claim::booleans("b", &[false]),
            ],
            "@User.a || @User.b",
            F,
        ),
        (vec![Claim::booleans("a", &[false])], "!(@User.a)", T),
        (
            vec![Claim::booleans("a", &[false])],
            "!(!(!(!(@User.a))))",
            F,
        ),
        (
            vec![Claim::booleans("a", &[false])],
            "!(@User.a && @User.a)",
            T,
        ),
        (
            vec![
                Claim::booleans("a", &[true]),
                Claim::booleans("b", &[false]),
            ],
            "@User.a && !(@User.b || @User.b)",
            T,
        ),
        (
            vec![Claim::booleans("a", &[false])],
            "!(@User.a) || !(@User.a)",
            T,
        ),
        (
            vec![Claim::booleans("a", &[true])],
            "!(@User.a) || @User.a",
            T,
        ),
        (
            vec![Claim::booleans("a", &[true])],
            "@User.a || (@User.a || @User.a)",
            T,
        ),
        // The last claim with a name wins.
        (
            vec![
                Claim::strings("a", &["not this"]),
                Claim::strings("a", &["this"]),
            ],
            "@User.a == \"this\"",
            T,
        ),
        // A claim with no values is UNKNOWN, even for Exists.
        (vec![Claim::strings("e", &[])], "@User.e != \"foo bar\"", U),
        (vec![Claim::booleans("e", &[])], "Exists @User.e", U),
        (vec![Claim::int64s("e", &[])], "@User.e", U),
        // Duplicate values make the claim unusable (Windows rejects such a ticket).
        (
            vec![Claim::strings("d", &["FOO", "foo"])],
            "@User.d == @User.d",
            U,
        ),
        // A missing claim: Exists is FALSE, anything else UNKNOWN.
        (vec![], "Exists @User.nope", F),
        (vec![], "Not_Exists @User.nope", T),
        (vec![], "@User.nope", U),
        (vec![], "!(@User.nope)", U),
        (vec![], "@User.nope || Member_of {SID(WD)}", T),
        (vec![], "@User.nope && Member_of {SID(BA)}", F),
        // Case-sensitive claims compare exactly.
        (
            vec![Claim::strings("c", &["Foo"]).case_sensitive()],
            "@User.c == \"foo\"",
            F,
        ),
        (
            vec![Claim::strings("c", &["Foo"]).case_sensitive()],
            "@User.c == \"Foo\"",
            T,
        ),
    ];
    for (claims, expr, outcome) in cases {
        let t = with_claims(claims.clone());
        assert_eq!(eval(&t, expr), tri(outcome), "{expr} with {claims:?}");
    }
}

#[test]
fn member_of_family() {
    let t = preset("interactive-user").unwrap();
    let mut dev = t.clone();
    dev.device_groups = vec![sddl_core::access::token::parse_sid_text("BA", None).unwrap()];
    let cases: &[(&Token, &str, Option<bool>)] = &[
        (&t, "Member_of {SID(WD), SID(BU)}", T),
        (&t, "Member_of {SID(WD), SID(BA)}", F),
        (&t, "Member_of SID(IU)", T),
        (&t, "Member_of_Any {SID(BA), SID(IU)}", T),
        (&t, "Not_Member_of {SID(BA)}", T),
        (&t, "Not_Member_of_Any {SID(BA), SID(WD)}", F),
        (&t, "Member_of {\"WD\"}", U),
        (&t, "Device_Member_of {SID(BA)}", F),
        (&dev, "Device_Member_of {SID(BA)}", T),
        (&dev, "Not_Device_Member_of_Any {SID(BA)}", F),
        (&dev, "Device_Member_of_Any {SID(BG), SID(BA)}", T),
    ];
    for (tok, expr, outcome) in cases {
        assert_eq!(eval(tok, expr), tri(*outcome), "{expr}");
    }
}

#[test]
fn deep_expressions_do_not_overflow() {
    let t = with_claims(vec![Claim::booleans("a", &[true])]);
    let mut expr = String::from("@User.a");
    for _ in 0..101 {
        expr = format!("!({expr})");
    }
    assert_eq!(eval(&t, &expr), Tri::False);
    let chain = vec!["@User.a"; 120].join(" && ");
    assert_eq!(eval(&t, &chain), Tri::True);
}
