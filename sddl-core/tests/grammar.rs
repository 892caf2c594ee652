//! Grammar tests per area. Expected outputs are Windows' (from the behaviour notes in
//! `docs/windows-quirks.md` and the vectors in `tests/data`), not this parser's own output.

use sddl_core::{parse, to_sddl, ErrorCode, FormatOptions, ParseOptions, Sid};

fn domain() -> Sid {
    Sid::new(1, 5, &[21, 1, 2, 3]).unwrap()
}

/// Canonical form, or the list of (code, start, end) errors.
fn fmt(input: &str) -> Result<String, Vec<(ErrorCode, u32, u32)>> {
    fmt_with(input, Some(domain()))
}

fn fmt_with(input: &str, dom: Option<Sid>) -> Result<String, Vec<(ErrorCode, u32, u32)>> {
    let p = parse(input, &ParseOptions { domain_sid: dom });
    if p.errors.is_empty() {
        Ok(to_sddl(&p.sd, &FormatOptions { domain_sid: dom }))
    } else {
        Err(p
            .errors
            .iter()
            .map(|e| (e.code, e.span.start, e.span.end))
            .collect())
    }
}

fn ok(input: &str, expect: &str) {
    assert_eq!(fmt(input).as_deref(), Ok(expect), "input: {input:?}");
}

fn err(input: &str, code: ErrorCode, span: (u32, u32)) {
    let got = fmt(input);
    assert_eq!(
        got.as_ref().err().and_then(|e| e.first().copied()),
        Some((code, span.0, span.1)),
        "input: {input:?}, got {got:?}"
    );
}

#[test]
fn parts_and_their_order() {
    ok("", "");
    ok("S:D:", "D:S:");
    ok("D:", "D:");
    ok("G:SYO:BA", "O:BAG:SY");
    ok("O:BAG:BAD:(A;;GA;;;WD)", "O:BAG:BAD:(A;;GA;;;WD)");
    ok("D:NO_ACCESS_CONTROL", "D:NO_ACCESS_CONTROL");
    ok("D:PNO_ACCESS_CONTROL", "D:PNO_ACCESS_CONTROL");
}

#[test]
fn null_dacl_is_not_empty_dacl() {
    let null = parse("D:NO_ACCESS_CONTROL", &ParseOptions::default()).sd;
    let empty = parse("D:", &ParseOptions::default()).sd;
    assert!(null.dacl.as_ref().unwrap().null);
    assert!(!empty.dacl.as_ref().unwrap().null);
    assert_ne!(null.without_spans(), empty.without_spans());
    assert!(parse("", &ParseOptions::default()).sd.dacl.is_none());
}

#[test]
fn acl_flags() {
    ok("D:PAIAR(A;;GA;;;WD)", "D:PARAI(A;;GA;;;WD)");
    ok("D:PPPPPP(A;;GA;;;WD)", "D:P(A;;GA;;;WD)");
    ok("D: AI(A;;GA;;;LG)", "D:AI(A;;GA;;;LG)");
    ok("D:AI (A;;GA;;;LG)", "D:AI(A;;GA;;;LG)");
    ok(
        "D:P(A;;GA;;;LG) (A;;GX;;;AA)",
        "D:P(A;;GA;;;LG)(A;;GX;;;AA)",
    );
    ok("D: S:", "D:S:");
    let sd = parse("D:PAI(A;;GA;;;WD)S:AR", &ParseOptions::default()).sd;
    assert_eq!(sd.control(), 0x8000 | 0x4 | 0x10 | 0x1000 | 0x400 | 0x200);
}

#[test]
fn section_letters_and_whitespace() {
    ok(" O:AA", "O:AA");
    ok("  O:AA  ", "O:AA");
    ok("  O:AA G:WD ", "O:AAG:WD");
    err("d:(A;;GA;;;LG)", ErrorCode::ExpectedSection, (0, 14));
    err("O: S-1-1-1-1-1-1-1", ErrorCode::InvalidSid, (2, 18));
    err("D:(A;;GA;;;WD)D:", ErrorCode::DuplicateSection, (14, 16));
}

#[test]
fn ace_types_case_and_placement() {
    ok("D:(a;;ga;;;lg)", "D:(A;;GA;;;LG)");
    ok("S:(AU;SA;CRWP;;;WD)", "S:(AU;SA;WPCR;;;WD)");
    ok("S:(ML;;NWNR;;;HI)", "S:(ML;;NWNR;;;HI)");
    ok("S:(ML;;NW;;;S-1-16-12288)", "S:(ML;;NW;;;HI)");
    err(
        "D:(AU;SA;CR;;;BA)",
        ErrorCode::AceTypeNotAllowedHere,
        (3, 5),
    );
    err("D:(Ā;;GA;;;LG)", ErrorCode::UnknownAceType, (3, 5));
    err("D:(D ;;GA;;;WD)", ErrorCode::UnknownAceType, (3, 5));
}

#[test]
fn object_aces() {
    ok(
        "D:(OA;;RP;4C164200-20C0-11D0-A768-00AA006E0529;;CO)",
        "D:(OA;;RP;4c164200-20c0-11d0-a768-00aa006e0529;;CO)",
    );
    // An object ACE without GUIDs is the plain type.
    ok("D:(OA;;CC;;;WD)", "D:(A;;CC;;;WD)");
    ok("S:(OU;SA;CC;;;WD)", "S:(AU;SA;CC;;;WD)");
    ok("D:(D;;GA;; ;WD)", "D:(D;;GA;;;WD)");
    err(
        "D:(A;;GA;;f30e3bbf-9ff0-11d1-b603-0000f80367c1 ;WD)",
        ErrorCode::InvalidGuid,
        (10, 47),
    );
    err(
        "D:(OA;;GA;{f30e3bbf-9ff0-11d1-b603-0000f80367c1};;WD)",
        ErrorCode::InvalidGuid,
        (10, 48),
    );
    err(
        "D:(A;;GA;f30e3bbf-9ff0-11d1-b603-0000f80367c1;;WD)",
        ErrorCode::UnexpectedGuid,
        (9, 45),
    );
}

#[test]
fn ace_flags() {
    ok(
        "D:(A;FASAIDIONPCIOI;GA;;;WD)",
        "D:(A;OICINPIOIDSAFA;GA;;;WD)",
    );
    ok("D:(A; OICI; GRGWGX;;;AU)", "D:(A;OICI;GXGWGR;;;AU)");
    ok("D:(A;oici;GA;;;WD)", "D:(A;OICI;GA;;;WD)");
    err("D:(A;XX;GA;;;WD)", ErrorCode::UnknownAceFlag, (5, 7));
}

#[test]
fn rights_letters_and_numbers() {
    ok("D:(A;;GRGWGX;;;WD)", "D:(A;;GXGWGR;;;WD)");
    ok("D:AI(A;CI;RP LCLO  RC;;;AU)", "D:AI(A;CI;LCRPLORC;;;AU)");
    ok("D:(A;;0x1f01ff;;;WD)", "D:(A;;FA;;;WD)");
    ok("D:(A;;FA;;;WD)", "D:(A;;FA;;;WD)");
    ok("D:(A;;KA;;;WD)", "D:(A;;KA;;;WD)");
    ok("D:(A;;KX;;;WD)", "D:(A;;KR;;;WD)");
    ok("D:(A;;17;;;WD)", "D:(A;;CCRP;;;WD)");
    ok("D:(A;;123456789;;;LG)", "D:(A;;0x75bcd15;;;LG)");
    ok("D:(A;;01234567;;;LG)", "D:(A;;0x53977;;;LG)");
    ok("D:(A;;0xff;;;LG)", "D:(A;;CCDCLCSWRPWPDTLO;;;LG)");
    ok("D:(A;;0xe00f0000;;;LG)", "D:(A;;SDRCWDWOGXGWGR;;;LG)");
    ok("D:(A;;0x123456789;;;LG)", "D:(A;;0xffffffff;;;LG)");
    ok(
        "D:(A;;100000000000000000000000;;;LG)",
        "D:(A;;0xffffffff;;;LG)",
    );
    ok("D:(A;;-99;;;LG)", "D:(A;;0xffffff9d;;;LG)");
    ok("D:(A;;-0xffffff55;;;LG)", "D:(A;;CCDCSWWPLO;;;LG)");
    ok("D:(A;;-9876543210;;;LG)", "D:(A;;CC;;;LG)");
    ok("D:(A;;GR0xFFFFFFFF;;;WD)", "D:(A;;0xffffffff;;;WD)");
    ok("D:(A;;0xFFFFFGR;;;WD)", "D:(A;;0x800fffff;;;WD)");
    ok("D:(A;;FAGX;;;WD)", "D:(A;;0x201f01ff;;;WD)");
    ok("D:(A;;0x00654321;;;WD)", "D:(A;;0x654321;;;WD)");
    ok("D:(A;;;;;WD)", "D:(A;;;;;WD)");
    ok("D:(D;; GA;;;WD)", "D:(D;;GA;;;WD)");
    err("D:(A;;RP ;;;LG)", ErrorCode::UnknownRight, (8, 9));
    err("D:(A;;123456789 ;;;LG)", ErrorCode::UnknownRight, (15, 16));
    err("D:(A;;0x 75bcd15;;;LG)", ErrorCode::UnknownRight, (7, 8));
    err(
        "D:AI(A;CI;RP LC\t LORC;;;AU)",
        ErrorCode::UnknownRight,
        (15, 16),
    );
    err("D:(A;;ROB;;;WD)", ErrorCode::UnknownRight, (6, 8));
}

#[test]
fn trustees() {
    ok("D:(A;;GA;;; S-1-3-4)", "D:(A;;GA;;;OW)");
    ok("D:(A;;GA;; ;S-1-3-4)", "D:(A;;GA;;;OW)");
    ok("D:(A;;GA;;;WD )", "D:(A;;GA;;;WD)");
    ok("D:(A;;GA;;; S-1-333-4)", "D:(A;;GA;;;S-1-333-4)");
    ok("O:S-1-1-0", "O:WD");
    ok("O:S-1-0x12A05F200-30-40", "O:S-1-0x12A05F200-30-40");
    ok("O:S-1-5-21-1-2-3-500", "O:LA");
    ok("O:S-1-5-21-9-9-9-500", "O:S-1-5-21-9-9-9-500");
    ok("O:s-1-1-0", "O:WD");
    err("D:(A;;GA;;;S-1-3-4 )", ErrorCode::InvalidSid, (18, 19));
    err("D:(A;;GA;;;WDANDSUCH)", ErrorCode::InvalidSid, (11, 20));
    err("O:S-1-5-32 -579", ErrorCode::InvalidSid, (10, 11));
    err("O:S-0-5-32-579", ErrorCode::InvalidSid, (4, 5));
}

#[test]
fn owner_value_runs_to_the_next_part() {
    // A trailing `D` before `:` starts the DACL.
    ok("O:S-1-2-0x200D:", "O:S-1-2-512D:");
    ok("O:BAD:(A;;GA;;;WD)", "O:BAD:(A;;GA;;;WD)");
}

#[test]
fn domain_aliases() {
    ok("D:(A;;GA;;;DA)", "D:(A;;GA;;;DA)");
    let p = parse(
        "D:(A;;GA;;;DA)",
        &ParseOptions {
            domain_sid: Some(domain()),
        },
    );
    let sid = p.sd.dacl.unwrap().aces[0].sid;
    assert_eq!(sid.sid().unwrap().to_string(), "S-1-5-21-1-2-3-512");
    // Without a domain SID the alias stays symbolic and prints back as written.
    let p = parse("O:DUD:(A;;GA;;;LA)", &ParseOptions::default());
    assert!(p.errors.is_empty());
    assert!(p.sd.owner.as_ref().unwrap().sid.sid().is_none());
    assert_eq!(
        fmt_with("O:DUD:(A;;GA;;;LA)", None).unwrap(),
        "O:DUD:(A;;GA;;;LA)"
    );
}

#[test]
fn field_counts() {
    err("D:(A;;GA;;;LG;)", ErrorCode::WrongFieldCount, (13, 14));
    err("D:(A;;GA;;LG)", ErrorCode::WrongFieldCount, (2, 13));
}

#[test]
fn unclosed_and_nested() {
    err("D:((A;;GA;;;LG))", ErrorCode::UnknownAceType, (3, 4));
    err("D:(A;;GA;;;LG", ErrorCode::UnclosedAce, (2, 3));
}

#[test]
fn recovery_reports_every_faulty_ace_and_keeps_the_good_ones() {
    let input = "D:(A;;GA;;;WD)(A;;XX;;;WD)(A;;GR;;;BA)(Q;;GA;;;SY)(A;;GW;;;BU)";
    let p = parse(input, &ParseOptions::default());
    let codes: Vec<_> = p.errors.iter().map(|e| e.code).collect();
    assert_eq!(codes, [ErrorCode::UnknownRight, ErrorCode::UnknownAceType]);
    assert_eq!(p.sd.dacl.as_ref().unwrap().aces.len(), 3);
    // An unclosed ACE does not swallow the next one.
    let p = parse("D:(A;;GA;;WD(A;;GR;;;BA)", &ParseOptions::default());
    assert_eq!(p.errors.len(), 1);
    assert_eq!(p.errors[0].code, ErrorCode::UnclosedAce);
    assert_eq!(p.errors[0].span.range(), 2..3);
    assert_eq!(p.sd.dacl.as_ref().unwrap().aces.len(), 1);
    // Errors in several parts.
    let p = parse("O:XYZG:BAD:(A;;GA;;;QQ)", &ParseOptions::default());
    let codes: Vec<_> = p.errors.iter().map(|e| e.code).collect();
    assert_eq!(codes, [ErrorCode::InvalidSid, ErrorCode::InvalidSid]);
    assert!(p.sd.group.is_some());
}

#[test]
fn aces_in_a_null_acl_are_reported_not_dropped() {
    let p = parse("D:NO_ACCESS_CONTROL(A;;GA;;;WD)", &ParseOptions::default());
    assert_eq!(p.errors.len(), 1);
    assert_eq!(p.errors[0].code, ErrorCode::AcesInNullAcl);
    assert_eq!(p.errors[0].span.range(), 19..31);
}

#[test]
fn spans_of_nodes() {
    let input = "O:BAD:P(A;OICI;GA;;;WD)";
    let p = parse(input, &ParseOptions::default());
    let owner = p.sd.owner.as_ref().unwrap();
    assert_eq!(&input[owner.span.range()], "O:BA");
    assert_eq!(&input[owner.sid_span.range()], "BA");
    let acl = p.sd.dacl.as_ref().unwrap();
    assert_eq!(&input[acl.span.range()], "D:P(A;OICI;GA;;;WD)");
    assert_eq!(&input[acl.flags_span.range()], "P");
    let s = acl.aces[0].spans;
    assert_eq!(&input[s.whole.range()], "(A;OICI;GA;;;WD)");
    assert_eq!(&input[s.ace_type.range()], "A");
    assert_eq!(&input[s.flags.range()], "OICI");
    assert_eq!(&input[s.rights.range()], "GA");
    assert_eq!(&input[s.trustee.range()], "WD");
}

#[test]
fn limits_are_errors_with_spans() {
    let mut s = String::from("D:");
    for _ in 0..5000 {
        s.push_str("(A;;GA;;;WD)");
    }
    let p = parse(&s, &ParseOptions::default());
    assert_eq!(
        p.sd.dacl.as_ref().unwrap().aces.len(),
        sddl_core::limits::MAX_ACES
    );
    assert_eq!(
        p.errors.len(),
        1,
        "one error per ACL, not one per extra ACE"
    );
    assert_eq!(p.errors[0].code, ErrorCode::LimitExceeded);
    let first_over = 2 + 12 * sddl_core::limits::MAX_ACES;
    assert_eq!(p.errors[0].span.range(), first_over..first_over + 12);
    let huge = "D:".to_string() + &" ".repeat(sddl_core::limits::MAX_INPUT_LEN);
    let p = parse(&huge, &ParseOptions::default());
    assert_eq!(p.errors[0].code, ErrorCode::LimitExceeded);
}
