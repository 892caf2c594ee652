//! Unit tests of the conditional-expression and resource-attribute grammar and printer.

use super::format::{condition_to_sddl, write_resource_attribute};
use super::parse::{parse_condition, parse_condition_text, parse_resource_attribute};
use super::*;
use crate::error::{ErrorCode, ParseError};
use crate::format::FormatOptions;
use crate::limits::{MAX_CONDITION_DEPTH, MAX_CONDITION_NESTING};
use crate::parse::ParseOptions;
use crate::sid::Sid;

fn opts() -> ParseOptions {
    ParseOptions::default()
}

/// Parses a bare condition and prints it the Windows way.
fn rt(s: &str) -> String {
    match parse_condition_text(s, &opts()) {
        Ok(c) => condition_to_sddl(&c, &FormatOptions::default()),
        Err(e) => panic!("{s:?} should parse: {} at {:?}", e.message, e.span),
    }
}

fn err(s: &str) -> ParseError {
    match parse_condition_text(s, &opts()) {
        Ok(c) => panic!(
            "{s:?} should fail, parsed as {}",
            condition_to_sddl(&c, &FormatOptions::default())
        ),
        Err(e) => e,
    }
}

/// The text an error's span covers.
fn at(s: &str, e: &ParseError) -> String {
    s[e.span.range()].to_string()
}

fn ra(s: &str) -> String {
    match parse_resource_attribute(s, 0, &opts()) {
        Ok((a, end)) => {
            assert_eq!(end, s.len(), "{s}");
            let mut out = String::new();
            write_resource_attribute(&mut out, &a, &FormatOptions::default());
            out
        }
        Err(e) => panic!("{s:?} should parse: {} at {:?}", e.message, e.span),
    }
}

fn ra_err(s: &str) -> ParseError {
    match parse_resource_attribute(s, 0, &opts()) {
        Ok((a, _)) => panic!("{s:?} should fail, parsed as {a:?}"),
        Err(e) => e,
    }
}

// ----- operators ---------------------------------------------------------------------------

#[test]
fn relational_operators() {
    for op in ["==", "!=", "<", "<=", ">", ">="] {
        assert_eq!(
            rt(&format!("(@User.a {op} 1)")),
            format!("(@USER.a {op} 1)")
        );
        assert_eq!(rt(&format!("(@User.a{op}1)")), format!("(@USER.a {op} 1)"));
    }
    assert_eq!(rt("(a Contains 3)"), "(a Contains 3)");
    assert_eq!(rt("(a contains {1, 2})"), "(a Contains {1, 2})");
    assert_eq!(rt("(a NOT_CONTAINS \"x\")"), "(a Not_Contains \"x\")");
    assert_eq!(rt("(a any_of @user.b)"), "(a Any_of @USER.b)");
    assert_eq!(rt("(a Not_Any_Of{1})"), "(a Not_Any_of {1})");
}

#[test]
fn unary_operators() {
    let cases = [
        ("Member_of", "Member_of"),
        ("member_of_any", "Member_of_any"),
        ("MEMBER_OF_ANY", "Member_of_any"),
        ("Not_Member_of", "Not_Member_of"),
        ("not_member_of_any", "Not_Member_of_Any"),
        ("device_member_of", "Device_Member_of"),
        ("Device_Member_of_Any", "Device_Member_of_Any"),
        ("Not_Device_Member_of", "Not_Device_Member_of"),
        ("not_device_member_of_any", "Not_Device_Member_of_Any"),
    ];
    for (input, printed) in cases {
        assert_eq!(
            rt(&format!("({input} {{SID(BA), SID(S-1-5-32-545)}})")),
            format!("({printed} {{SID(BA), SID(BU)}})")
        );
    }
    assert_eq!(rt("(Exists @User.x)"), "(Exists @USER.x)");
    assert_eq!(rt("(not_exists x)"), "(Not_Exists x)");
    assert_eq!(rt("(!(a))"), "(!(a))");
    assert_eq!(rt("(! (a == 1))"), "(!(a == 1))");
    assert_eq!(rt("(!@user.a)"), "(!(@USER.a))");
}

#[test]
fn logical_operators_parenthesise_operands() {
    assert_eq!(rt("(a && b)"), "((a) && (b))");
    assert_eq!(rt("(a || @Device.b)"), "((a) || (@DEVICE.b))");
    assert_eq!(
        rt("(Member_of {SID(WD)} && @Device.Bitlocker)"),
        "((Member_of {SID(WD)}) && (@DEVICE.Bitlocker))"
    );
    assert_eq!(rt("(Exists a && Exists b)"), "((Exists a) && (Exists b))");
    assert_eq!(rt("(!(!(a)))"), "(!(!(a)))");
}

// ----- precedence and associativity --------------------------------------------------------

#[test]
fn precedence() {
    assert_eq!(
        rt("(a == 1 && b == 2 || c)"),
        "(((a == 1) && (b == 2)) || (c))"
    );
    assert_eq!(rt("(a || b && c)"), "((a) || ((b) && (c)))");
    // `!` binds tighter than `&&`, looser than the relational operators.
    assert_eq!(rt("(!(a) && b)"), "((!(a)) && (b))");
    assert_eq!(rt("(!@user.a == 1)"), "(!(@USER.a == 1))");
    // `Exists` binds tighter than the relational operators.
    assert_eq!(rt("(Exists a == 1)"), "(Exists a == 1)");
    let c = parse_condition_text("(Exists a == 1)", &opts()).unwrap();
    assert!(matches!(
        c.root().kind(),
        NodeKind::Binary {
            op: BinaryOp::Eq,
            ..
        }
    ));
}

#[test]
fn left_associative() {
    assert_eq!(rt("(A && B && C)"), "(((A) && (B)) && (C))");
    assert_eq!(rt("(A || B || C)"), "(((A) || (B)) || (C))");
    // Explicit grouping on the right is kept.
    assert_eq!(rt("(A && (B && C))"), "((A) && ((B) && (C)))");
    // Relational operators chain to the left, as in Samba's compiler.
    assert_eq!(
        rt("(a Contains @USER.b == @device.c)"),
        "((a Contains @USER.b) == @DEVICE.c)"
    );
}

#[test]
fn redundant_parentheses_disappear() {
    assert_eq!(rt("((((a == 1))))"), "(a == 1)");
    assert_eq!(rt("((x) == SID(BA))"), "(x == SID(BA))");
    assert_eq!(rt("(@user.x == (((1))))"), "(@USER.x == 1)");
    assert_eq!(rt("@User.x == 1"), "(@USER.x == 1)");
    assert_eq!(rt("  (a)  "), "(a)");
}

// ----- literals ----------------------------------------------------------------------------

#[test]
fn integers_keep_sign_and_base() {
    for s in [
        "0",
        "-0",
        "+0",
        "00",
        "-00",
        "0x0",
        "-0x0",
        "+0x10",
        "17",
        "-17",
        "+17",
        "0777",
        "-0624677746777766777767",
        "0x7fffffffffffffff",
        "0xffffffffffffffff",
        "18446744073709551615",
        "-9223372036854775808",
        "-0x8000000000000000",
        "-01000000000000000000000",
    ] {
        assert_eq!(
            rt(&format!("(@User.x == {s})")),
            format!("(@USER.x == {s})")
        );
    }
    assert_eq!(rt("(@User.x == 0XAB)"), "(@USER.x == 0xab)");
    let c = parse_condition_text("(@User.x == 0xffffffffffffffff)", &opts()).unwrap();
    let NodeKind::Binary { rhs, .. } = c.root().kind() else {
        panic!()
    };
    assert_eq!(
        rhs.kind(),
        NodeKind::Int(IntLiteral {
            value: -1,
            sign: IntSign::None,
            base: IntBase::Hex,
            token: 4
        })
    );
}

#[test]
fn integer_errors() {
    for (s, bad) in [
        ("(@Device.bb == 0x10000000000000000)", "0x10000000000000000"),
        (
            "(@Device.bb == 624677746777766777767)",
            "624677746777766777767",
        ),
        (
            "(@Device.bb == 055555624677746777766777767)",
            "055555624677746777766777767",
        ),
        (
            "(@Device.bb == -9223372036854775809)",
            "-9223372036854775809",
        ),
        ("(@Device.bb == 08)", "8"),
        ("(@Device.bb == 3abc)", "3abc"),
        ("(@Device.bb == 0x)", "0x"),
        ("(@Device.bb == -)", ")"),
    ] {
        let e = err(s);
        assert_eq!(e.code, ErrorCode::InvalidCondition, "{s}");
        assert_eq!(at(s, &e), bad, "{s}: {}", e.message);
    }
}

#[test]
fn strings() {
    assert_eq!(rt("(@User.t == \"\")"), "(@USER.t == \"\")");
    assert_eq!(
        rt("(@User.t == \"a (b); c) \u{e9}\u{1f600}\")"),
        "(@USER.t == \"a (b); c) \u{e9}\u{1f600}\")"
    );
    let s = "(@User.t == \"abc)";
    let e = err(s);
    assert_eq!(at(s, &e), "\"");
    assert!(e.message.contains("never closed"));
}

#[test]
fn octet_strings() {
    assert_eq!(rt("(o == #01020300)"), "(o == #01020300)");
    assert_eq!(rt("(o==##1#2#3##)"), "(o == #01020300)");
    // Odd digit counts get a leading 0 (Windows).
    assert_eq!(rt("(o==#1#2#3##)"), "(o == #01020300)");
    assert_eq!(rt("(o == #abc)"), "(o == #0abc)");
    assert_eq!(rt("(o == #ABCDEF)"), "(o == #abcdef)");
    assert_eq!(rt("(o == #)"), "(o == #)");
    let s = "(o == #12g4)";
    assert_eq!(at(s, &err(s)), "g");
}

#[test]
fn sids() {
    assert_eq!(rt("(x == SID(BA))"), "(x == SID(BA))");
    assert_eq!(rt("(x == sid(s-1-1-0))"), "(x == SID(WD))");
    assert_eq!(rt("(x == SID( S-1-5-32-544 ))"), "(x == SID(BA))");
    assert_eq!(rt("(x == SID(S-1-222-333))"), "(x == SID(S-1-222-333))");
    // Domain aliases stay symbolic without a domain SID, resolve with one.
    assert_eq!(rt("(Member_of SID(DA))"), "(Member_of SID(DA))");
    let d = Sid::from_parts(5, &[21, 1, 2, 3]);
    let c = parse_condition_text(
        "(Member_of SID(S-1-5-21-1-2-3-512))",
        &ParseOptions {
            domain_sid: Some(d),
        },
    )
    .unwrap();
    let fo = FormatOptions {
        domain_sid: Some(d),
    };
    assert_eq!(condition_to_sddl(&c, &fo), "(Member_of SID(DA))");

    let s = "(x == SID(S-1-))";
    let e = err(s);
    assert_eq!(e.code, ErrorCode::InvalidSid);
    assert!(
        e.span.start >= 10 && (e.span.end as usize) <= s.len() - 2,
        "{e:?}"
    );
    let s = "(x == SID(ZZ))";
    let e = err(s);
    assert_eq!((e.code, at(s, &e).as_str()), (ErrorCode::InvalidSid, "ZZ"));
    let s = "(x == SID(BA";
    assert_eq!(at(s, &err(s)), "SID(");
}

#[test]
fn composites() {
    assert_eq!(rt("(@User.a == {})"), "(@USER.a == {})");
    assert_eq!(
        rt("(a=={1,\"two\",#03,SID(WD),-4})"),
        "(a == {1, \"two\", #03, SID(WD), -4})"
    );
    assert_eq!(rt("(a == {  \"x\"  ,  \"\"  })"), "(a == {\"x\", \"\"})");
    for (s, bad) in [
        ("(Member_of{SID(AA),})", "}"),
        ("(Member_of{SID(AA) SID(AC)})", "SID"),
        ("(a == {1, {2}})", "{"),
        ("(a == {1, @User.b})", "@User.b"),
        ("(a == {1, b})", "b"),
        ("(a == {1, 2)", ")"),
    ] {
        let e = err(s);
        assert_eq!(at(s, &e), bad, "{s}: {}", e.message);
    }
    let s = "(a == {1, 2";
    assert_eq!(at(s, &err(s)), "{");
}

// ----- attributes and escapes --------------------------------------------------------------

#[test]
fn attribute_classes() {
    assert_eq!(
        rt("(@user.a == @DEVICE.b && @Resource.c)"),
        "((@USER.a == @DEVICE.b) && (@RESOURCE.c))"
    );
    assert_eq!(
        rt("(@USER.ad://ext/AuthenticationSilo == \"s\")"),
        "(@USER.ad://ext/AuthenticationSilo == \"s\")"
    );
    let s = "(@Foo.x == 1)";
    let e = err(s);
    assert_eq!(at(s, &e), "@Foo.x");
    let s = "(@User. == 1)";
    assert_eq!(at(s, &err(s)), "@User.");
}

#[test]
fn attribute_names_with_punctuation() {
    // What Windows prints literally (short-conditional-and-resource-aces-successes).
    for name in [
        "99999999999997129;9}}}}}}}}LS}}}}.Dev",
        "[[[[-1844UCS-2LE1'7wD779E8;C4723S",
        "cceDevice.-01-1-@Device.cFX777AU77777777777777l37777",
        "cdbS##########ser.Dev",
        "a#$'*+-;?@[\\]^_`{}~:/.",
    ] {
        let s = format!("(@RESOURCE.{name})");
        assert_eq!(rt(&s), s);
    }
}

#[test]
fn attribute_name_escapes() {
    assert_eq!(
        rt("(@DEVICE.%002c Contains 1)"),
        "(@DEVICE.%002c Contains 1)"
    );
    assert_eq!(rt("(@DEVICE.%0100lour)"), "(@DEVICE.%0100lour)");
    assert_eq!(rt("(@DEVICE.%0100LOUR)"), "(@DEVICE.%0100LOUR)");
    assert_eq!(rt("(@DEVICE.a%000a%0020b)"), "(@DEVICE.a%000a%0020b)");
    // Escapes are printed in lower case; raw non-ASCII is printed escaped.
    assert_eq!(rt("(@DEVICE.%D1D6)"), "(@DEVICE.%d1d6)");
    assert_eq!(
        rt("(@Device.%025c\u{25c} == 3)"),
        "(@DEVICE.%025c%025c == 3)"
    );
    assert_eq!(rt("(@User.\u{1f600})"), "(@USER.%d83d%de00)");
    assert_eq!(rt("(@User.%d83d%de00)"), "(@USER.%d83d%de00)");
    assert_eq!(
        rt("(@User.%0021%0022%0025%0026%0028%0029%003c%003d%003e%007c)"),
        "(@USER.%0021%0022%0025%0026%0028%0029%003c%003d%003e%007c)"
    );
    let c = parse_condition_text("(@User.a%002cb)", &opts()).unwrap();
    assert_eq!(
        c.root().kind(),
        NodeKind::Attribute {
            scope: AttrScope::User,
            name: "a,b"
        }
    );
    for (s, bad) in [
        ("(@Device.%003a == 3)", "%003a"),
        ("(@Device.%0041)", "%0041"),
        ("(@Device.a%0000)", "%0000"),
        ("(@Device.%d83d)", "%d83d"),
        ("(@Device.%de00x)", "%de00"),
        ("(@Device.%12zz)", "%12z"),
        ("(@Device.%12)", "%12"),
        ("(@Device.%1\u{e9}00)", "%1\u{e9}"),
    ] {
        let e = err(s);
        assert_eq!(at(s, &e), bad, "{s}: {}", e.message);
        assert_eq!(e.code, ErrorCode::InvalidCondition);
    }
}

#[test]
fn local_attributes() {
    assert_eq!(rt("(WIN://SYSAPPID == \"x\")"), "(WIN://SYSAPPID == \"x\")");
    assert_eq!(rt("(WD)"), "(WD)");
    // On the left, anything made of attribute characters is a name, even digits.
    assert_eq!(
        rt("(77777777777777777 < -06246777766777767)"),
        "(77777777777777777 < -06246777766777767)"
    );
    assert_eq!(rt("(0>-0)"), "(0 > -0)");
    assert_eq!(
        rt("(17pq == 3||2a==@USER.7)"),
        "((17pq == 3) || (2a == @USER.7))"
    );
    // Binary keywords are names where an operand is expected.
    assert_eq!(rt("(Contains == 1)"), "(Contains == 1)");
    let s = "(a == a)";
    let e = err(s);
    assert_eq!((e.span.start, at(s, &e).as_str()), (6, "a"));
    assert!(e.message.contains("left of an operator"), "{}", e.message);
}

// ----- Windows-only forms ------------------------------------------------------------------

#[test]
fn windows_leniency() {
    assert_eq!(rt("(member_of((sid(s-1-1-0))))"), "(Member_of SID(WD))");
    assert_eq!(rt("(Member_of(SID(S-1-1-0)))"), "(Member_of SID(WD))");
    assert_eq!(rt("(Member_Of{SID(S-1-1-0)})"), "(Member_of {SID(WD)})");
    assert_eq!(rt("(Member_of\nSID(BA))"), "(Member_of SID(BA))");
    assert_eq!(
        rt("(Device_Member_of{SID(BA)} && Member_of{SID(WD)})"),
        "((Device_Member_of {SID(BA)}) && (Member_of {SID(WD)}))"
    );
    assert_eq!(
        rt("(!(!(!(!(!(! (Member_of{SID(AA)})))))))"),
        "(!(!(!(!(!(!(Member_of {SID(AA)})))))))"
    );
    assert_eq!(rt("(Member_of {1, 2, 3})"), "(Member_of {1, 2, 3})");
    assert_eq!(
        rt("(x==41 &&(x >@device.x ) )"),
        "((x == 41) && (x > @DEVICE.x))"
    );
}

// ----- errors ------------------------------------------------------------------------------

#[test]
fn error_spans() {
    let cases: &[(&str, &str, &str)] = &[
        ("()", "()", "empty"),
        ("(a == )", ")", "expected a value"),
        ("(== 1)", "==", "expected an attribute"),
        ("(a = 1)", "=", "found `=`"),
        ("(a == 1 b)", "b", "expected `)`"),
        ("(a && )", ")", "expected an attribute"),
        ("(a &&& b)", "&", "expected an attribute"),
        (
            "(! Member_of{SID(BA)})",
            "Member_of",
            "`!` must be followed",
        ),
        ("(!!(a))", "!", "`!` must be followed"),
        ("( Member_of Contains 3)", "Contains", "not a value"),
        ("(Member_of @User.x)", "@User.x", "SIDs"),
        ("(Member_of_AnySID(S-1-1-0))", "(", "expected `)`"),
        (
            "(@Device.bb == (@USER.x < 62))",
            "<",
            "expected `)` after the value",
        ),
        ("(a == 1", "(", "never closed"),
        ("((a == 1)", "(", "never closed"),
        ("(Exists \"a\")", "\"", "`Exists` takes an attribute"),
        ("(\"a\" == b)", "\"", "expected an attribute"),
        ("(SID(BA) == b)", "(", "expected `)`"),
        ("(a == \u{e9})", "\u{e9}", "expected a value"),
        ("(a == 1) x", "x", "end of the condition"),
        ("", "", "empty"),
    ];
    for &(s, bad, msg) in cases {
        let e = err(s);
        assert_eq!(at(s, &e), bad, "{s}: {}", e.message);
        assert!(e.message.contains(msg), "{s}: {}", e.message);
        assert!(!e.message.ends_with('.'), "{}", e.message);
    }
    // `=` gets a hint.
    assert!(err("(a = 1)").help.unwrap().contains("=="));
}

#[test]
fn condition_inside_a_descriptor() {
    let sd = "D:(XA;;FX;;;WD; (@User.Title == \"(x);\") )(A;;GA;;;WD)";
    let start = sd.find(" (@").unwrap() + 1;
    let (c, end) = parse_condition(sd, start, &opts()).unwrap();
    assert_eq!(&sd[c.span.range()], "(@User.Title == \"(x);\")");
    assert_eq!(end, c.span.end as usize);
    assert_eq!(&sd[end..], " )(A;;GA;;;WD)");
    assert_eq!(&sd[c.root().span().range()], "@User.Title == \"(x);\"");
    let NodeKind::Binary { lhs, rhs, .. } = c.root().kind() else {
        panic!()
    };
    assert_eq!(&sd[lhs.span().range()], "@User.Title");
    assert_eq!(&sd[rhs.span().range()], "\"(x);\"");
    // Not at a `(`.
    let e = parse_condition(sd, 0, &opts()).unwrap_err();
    assert_eq!(e.span, crate::Span::new(0, 1));
    let e = parse_condition(sd, sd.len(), &opts()).unwrap_err();
    assert_eq!(e.span, crate::Span::new(sd.len() as u32, sd.len() as u32));
}

#[test]
fn spans_of_nodes() {
    let s = "(!(a) && Member_of {SID(BA)} || @User.x Any_of {1, 2})";
    let c = parse_condition_text(s, &opts()).unwrap();
    let NodeKind::Binary {
        op: BinaryOp::Or,
        lhs,
        rhs,
    } = c.root().kind()
    else {
        panic!("{:?}", c.root())
    };
    assert_eq!(&s[lhs.span().range()], "!(a) && Member_of {SID(BA)}");
    assert_eq!(&s[rhs.span().range()], "@User.x Any_of {1, 2}");
    let NodeKind::Binary {
        lhs: not, rhs: mo, ..
    } = lhs.kind()
    else {
        panic!()
    };
    assert_eq!(&s[not.span().range()], "!(a)");
    assert_eq!(&s[mo.span().range()], "Member_of {SID(BA)}");
    assert_eq!(&s[c.span.range()], s);
}

// ----- limits ------------------------------------------------------------------------------

#[test]
fn nesting_limit() {
    let ok = format!(
        "{}a{}",
        "(".repeat(MAX_CONDITION_NESTING),
        ")".repeat(MAX_CONDITION_NESTING)
    );
    assert_eq!(rt(&ok), "(a)");
    let n = MAX_CONDITION_NESTING + 1;
    let deep = format!("{}a{}", "(".repeat(n), ")".repeat(n));
    let e = err(&deep);
    assert_eq!(e.code, ErrorCode::LimitExceeded);
    assert_eq!(
        e.span,
        crate::Span::new(MAX_CONDITION_NESTING as u32, n as u32)
    );
    // Far deeper than any stack: still an error, not an overflow.
    let huge = format!("{}a{}", "(".repeat(200_000), ")".repeat(200_000));
    assert_eq!(err(&huge).code, ErrorCode::LimitExceeded);
    let nots = format!("({}a{})", "!(".repeat(100_000), ")".repeat(100_000));
    assert_eq!(err(&nots).code, ErrorCode::LimitExceeded);
    let values = format!("(a == {}1{})", "(".repeat(100_000), ")".repeat(100_000));
    assert_eq!(err(&values).code, ErrorCode::LimitExceeded);
}

/// What parses prints to text that parses again, even for the highest trees: Windows' layout
/// parenthesises more than the input had to (found by the `condition` fuzz target, where an
/// `||` chain whose first operand was `!@USER.x` printed 257 levels deep and did not reparse).
#[test]
fn highest_trees_print_and_reparse() {
    let reparses = |text: &str| {
        let c = parse_condition_text(text, &opts()).expect("parses");
        let printed = condition_to_sddl(&c, &FormatOptions::default());
        let again = parse_condition_text(&printed, &opts())
            .unwrap_or_else(|e| panic!("printed text does not reparse: {e:?}"));
        let (mut a, mut b) = (again.clone(), c.clone());
        a.clear_spans();
        b.clear_spans();
        assert_eq!(a.root(), b.root());
        (height(c.root()), printed)
    };
    // The fuzzer's shape: a flat `||` chain, its first operand a `!`.
    let chain = format!(
        "(!@USER.a{})",
        " || !@USER.b".repeat(MAX_CONDITION_DEPTH - 2)
    );
    let (height, printed) = reparses(&chain);
    assert_eq!(height, MAX_CONDITION_DEPTH);
    assert!(max_nesting(&printed) > MAX_CONDITION_DEPTH);
    // A `!` chain: 2 levels of printed nesting per tree level.
    let nots = format!(
        "({}@USER.a{})",
        "!(".repeat(MAX_CONDITION_DEPTH - 1),
        ")".repeat(MAX_CONDITION_DEPTH - 1)
    );
    let (height, printed) = reparses(&nots);
    assert_eq!(height, MAX_CONDITION_DEPTH);
    assert!(max_nesting(&printed) > MAX_CONDITION_DEPTH);
}

/// The `condition` fuzz target's input (session 6) as it was found: it parses, and its printed
/// form must parse again to the same print.
#[test]
fn fuzz_finding_deep_print_reparses() {
    let text = include_str!("../../../fuzz/findings/condition-deep-print.txt");
    let c = parse_condition_text(text, &opts()).expect("the finding parses");
    let printed = condition_to_sddl(&c, &FormatOptions::default());
    assert!(max_nesting(&printed) > MAX_CONDITION_DEPTH);
    let again = parse_condition_text(&printed, &opts()).expect("its print parses again");
    assert_eq!(
        condition_to_sddl(&again, &FormatOptions::default()),
        printed
    );
}

/// The height of an expression tree (a leaf is 1).
fn height(e: Node<'_>) -> usize {
    1 + match e.kind() {
        NodeKind::Binary { lhs, rhs, .. } => height(lhs).max(height(rhs)),
        NodeKind::Unary { operand, .. } => height(operand),
        _ => 0,
    }
}

/// The deepest nesting of `(` and `!` in printed text, counted as the parser counts them (the
/// printer writes `!` only as `!(`, so the `!` lasts as long as that group).
fn max_nesting(text: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    let mut open: Vec<usize> = Vec::new();
    let mut after_not = false;
    for c in text.bytes() {
        match c {
            b'!' => after_not = true,
            b'(' => {
                let w = if after_not { 2 } else { 1 };
                open.push(w);
                depth += w;
                max = max.max(depth);
                after_not = false;
            }
            b')' => depth -= open.pop().expect("balanced"),
            _ => after_not = false,
        }
    }
    max
}

#[test]
fn operator_chain_limit() {
    // A long chain builds a deep left-leaning tree; it is bounded too.
    let ok = format!("(a{})", " && a".repeat(MAX_CONDITION_DEPTH - 1));
    assert!(parse_condition_text(&ok, &opts()).is_ok());
    let long = format!("(a{})", " && a".repeat(50_000));
    let e = err(&long);
    assert_eq!(e.code, ErrorCode::LimitExceeded);
    assert_eq!(at(&long, &e), "&&");
}

#[test]
fn printer_handles_deep_trees() {
    // Trees built by hand (or decoded from binary) may be deeper than parsing allows.
    let leaf = || Expr {
        kind: ExprKind::Attribute(Attribute {
            scope: AttrScope::Local,
            name: "a".into(),
        }),
        span: crate::Span::DETACHED,
    };
    // A million levels: recursing over them (to flatten, print, compare or drop) would take
    // tens of megabytes of stack, far more than a test thread has.
    const DEPTH: usize = 1_000_000;
    let mut e = leaf();
    for _ in 0..DEPTH {
        e = Expr {
            kind: ExprKind::Unary {
                op: UnaryOp::Not,
                operand: Box::new(e),
            },
            span: crate::Span::DETACHED,
        };
    }
    // `Condition::new` takes the boxed tree apart as it flattens it, so dropping it does not
    // recurse either; the flat condition drops, clones and compares without recursion.
    let c = Condition::new(e, crate::Span::DETACHED);
    assert_eq!(c.clone(), c);
    let s = condition_to_sddl(&c, &FormatOptions::default());
    assert_eq!(s.len(), DEPTH * 3 + 3);
    assert!(s.starts_with("(!(!(") && s.ends_with(&format!("!(a){}", ")".repeat(DEPTH))));
}

// ----- resource attributes -----------------------------------------------------------------

#[test]
fn resource_attribute_types() {
    assert_eq!(
        ra("(\"colour\",TS,0,\"blue\")"),
        "(\"colour\",TS,0x0,\"blue\")"
    );
    assert_eq!(
        ra("(\"c\",TS,0xa,\"a,b)\",\"\")"),
        "(\"c\",TS,0xa,\"a,b)\",\"\")"
    );
    assert_eq!(
        ra("(\"colour\",TI,0xa,7774,2,0,-8,0,-8,0x10,010,+3,-9223372036854775808)"),
        "(\"colour\",TI,0xa,7774,2,0,-8,0,-8,16,8,3,-9223372036854775808)"
    );
    assert_eq!(
        ra("(\"colOIr\",TU,0xe,29925,18446744073709551615,0xff)"),
        "(\"colOIr\",TU,0xe,29925,18446744073709551615,255)"
    );
    assert_eq!(
        ra("(\"s\",TD,0,S-1-5-32-544,WD,S-1-222-333)"),
        "(\"s\",TD,0x0,BA,WD,S-1-222-333)"
    );
    assert_eq!(ra("(\"b\",TB,0,0,1)"), "(\"b\",TB,0x0,0,1)");
    assert_eq!(
        ra("(\"x\",TX,0x0,0077,00,abc,#00aa11,ABCD)"),
        "(\"x\",TX,0x0,0077,00,0abc,0000aa11,abcd)"
    );
    assert_eq!(ra("( \"w\" , tu , 1 , 2 , 3 )"), "(\"w\",TU,0x1,2,3)");
    assert_eq!(
        ra("(\"n%0016%002cx\",TU,0,1)"),
        "(\"n%0016%002cx\",TU,0x0,1)"
    );
}

#[test]
fn resource_attribute_errors() {
    let cases: &[(&str, &str, &str)] = &[
        ("(\"a\",TZ,0,1)", "TZ", "claim type"),
        ("(\"a\",TU,0)", ")", "at least one value"),
        ("(\"a\",TU,0,-1)", "-1", "negative"),
        ("(\"a\",TB,0,2)", "2", "0 or 1"),
        (
            "(\"a\",TI,0,9223372036854775808)",
            "9223372036854775808",
            "signed 64-bit",
        ),
        ("(\"a\",TU,0x100,1)", "0x100", "reserved"),
        ("(\"a\",TU,0x100000000,1)", "0x100000000", "32-bit"),
        ("(\"a\",TU,-1,1)", "-1", "32-bit"),
        ("(\"a\",TS,0,1)", "1", "string"),
        ("(\"a\",TU,0,\"1\")", "\"", "number"),
        ("(\"a\",TX,0,0g)", "g", "hex digit"),
        ("(\"a\",TX,0,)", ")", "hex digits"),
        ("(\"a b\",TU,0,1)", " ", "%0020"),
        ("(\"\",TU,0,1)", "\"\"", "empty"),
        ("(\"a\" TU,0,1)", "TU", "`,`"),
        ("(a,TU,0,1)", "a", "`\"`"),
        ("(\"a\",TU,0,1", "(", "never closed"),
        ("(\"a\",TU,0,1 2)", "2", "expected `,` or `)`"),
        ("(\"a", "\"", "never closed"),
    ];
    for &(s, bad, msg) in cases {
        let e = ra_err(s);
        assert_eq!(at(s, &e), bad, "{s}: {}", e.message);
        assert!(e.message.contains(msg), "{s}: {}", e.message);
        assert_eq!(e.code, ErrorCode::InvalidResourceAttribute, "{s}");
    }
    let s = "(\"a\",TD,0,S-1-5-x)";
    let e = ra_err(s);
    assert_eq!(e.code, ErrorCode::InvalidSid);
    assert!(e.span.start >= 11 && (e.span.end as usize) < s.len());
}

#[test]
fn resource_attribute_in_a_descriptor() {
    let sd = "S:(RA;;;;;WD;(\"Project\",TS,0,\"a)b\",\"c\"))(A;;;;;WD)";
    let start = sd.find("(\"").unwrap();
    let (a, end) = parse_resource_attribute(sd, start, &opts()).unwrap();
    assert_eq!(&sd[a.span.range()], "(\"Project\",TS,0,\"a)b\",\"c\")");
    assert_eq!(&sd[end..], ")(A;;;;;WD)");
    assert_eq!(a.values.len(), 2);
}
