//! Hostile binary input: every fault is a typed error at the right offset, or an opaque node;
//! never a panic, never an allocation sized by an unchecked length field.

use sddl_core::binary::{
    decode, decode_claim, decode_condition, encode, DecodeError, EncodeOptions,
};
use sddl_core::model::{AceData, AceType};

/// `O:BA G:SY D:(A;;GA;;;WD)` as Windows lays it out:
/// header (20) | DACL at 20 (8 + ACE 20 = 28) | owner at 48 (16) | group at 64 (12).
fn sample() -> Vec<u8> {
    let mut b = vec![
        1, 0, 0x04, 0x80, // revision, sbz1, control DACL_PRESENT | SELF_RELATIVE
        48, 0, 0, 0, // owner
        64, 0, 0, 0, // group
        0, 0, 0, 0, // sacl
        20, 0, 0, 0, // dacl
    ];
    b.extend_from_slice(&[2, 0, 28, 0, 1, 0, 0, 0]); // ACL: revision 2, size 28, 1 ACE
    b.extend_from_slice(&[0, 0, 20, 0, 0, 0, 0, 0x10]); // A, no flags, size 20, GA
    b.extend_from_slice(&[1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]); // S-1-1-0
    b.extend_from_slice(&[1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 0x20, 2, 0, 0]); // S-1-5-32-544
    b.extend_from_slice(&[1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0]); // S-1-5-18
    b
}

fn put_u16(b: &mut [u8], at: usize, v: u16) {
    b[at..at + 2].copy_from_slice(&v.to_le_bytes());
}

fn put_u32(b: &mut [u8], at: usize, v: u32) {
    b[at..at + 4].copy_from_slice(&v.to_le_bytes());
}

fn err(b: &[u8]) -> DecodeError {
    match decode(b) {
        Ok(sd) => panic!("expected an error, got {sd:?}"),
        Err(e) => e,
    }
}

#[test]
fn the_sample_is_valid_and_round_trips() {
    let b = sample();
    let sd = decode(&b).unwrap();
    assert_eq!(
        sd.owner.as_ref().unwrap().sid.sid().unwrap().to_string(),
        "S-1-5-32-544"
    );
    assert_eq!(
        sd.group.as_ref().unwrap().sid.sid().unwrap().to_string(),
        "S-1-5-18"
    );
    assert_eq!(sd.dacl.as_ref().unwrap().aces[0].mask, 0x1000_0000);
    assert_eq!(encode(&sd, &EncodeOptions::default()).unwrap(), b);
}

#[test]
fn every_truncation_is_a_typed_error() {
    let b = sample();
    for n in 0..b.len() {
        let e = err(&b[..n]);
        assert!(
            matches!(
                e,
                DecodeError::Truncated { .. } | DecodeError::OffsetOutOfRange { .. }
            ),
            "{n}: {e:?}"
        );
        assert!(e.offset() <= n, "{n}: {e:?}");
    }
}

#[test]
fn short_header() {
    let e = err(&[1, 0, 4, 0x80]);
    assert_eq!(e.as_str(), "binary::truncated");
    assert_eq!(e.offset(), 0);
}

#[test]
fn wrong_revision() {
    let mut b = sample();
    b[0] = 2;
    let e = err(&b);
    assert_eq!(e.as_str(), "binary::unsupported-revision");
    assert_eq!(e.offset(), 0);
}

#[test]
fn absolute_descriptor() {
    let mut b = sample();
    b[3] = 0x00;
    let e = err(&b);
    assert_eq!(e.as_str(), "binary::not-self-relative");
    assert_eq!(e.offset(), 2);
}

#[test]
fn offsets_outside_the_buffer_or_in_the_header() {
    for (field, value) in [(4, 1000), (8, 76), (16, u32::MAX), (4, 19), (8, 1)] {
        let mut b = sample();
        put_u32(&mut b, field, value);
        let e = err(&b);
        assert_eq!(e.as_str(), "binary::offset-out-of-range", "{field}={value}");
        assert_eq!(e.offset(), field);
    }
}

#[test]
fn sacl_offset_is_only_read_when_the_sacl_is_present() {
    let mut b = sample();
    put_u32(&mut b, 12, 5000);
    assert!(decode(&b).unwrap().sacl.is_none());
    b[2] |= 0x10; // SACL_PRESENT
    assert_eq!(err(&b).as_str(), "binary::offset-out-of-range");
}

#[test]
fn overlapping_parts() {
    // Group on the owner.
    let mut b = sample();
    put_u32(&mut b, 8, 48);
    let e = err(&b);
    assert_eq!(e.as_str(), "binary::overlapping-parts");
    assert_eq!(e.offset(), 48);
    // Owner inside the DACL (the ACE's SID is a valid SID).
    let mut b = sample();
    put_u32(&mut b, 4, 36);
    let e = err(&b);
    assert_eq!(e.as_str(), "binary::overlapping-parts");
    assert_eq!(e.offset(), 36);
}

#[test]
fn acl_faults() {
    let mut b = sample();
    b[20] = 7;
    assert_eq!(err(&b).as_str(), "binary::invalid-acl-revision");
    assert_eq!(err(&b).offset(), 20);

    let mut b = sample();
    put_u16(&mut b, 22, 4);
    assert_eq!(err(&b).as_str(), "binary::invalid-acl-size");
    assert_eq!(err(&b).offset(), 22);

    let mut b = sample();
    put_u16(&mut b, 22, 60_000);
    assert_eq!(err(&b).as_str(), "binary::truncated");
    assert_eq!(err(&b).offset(), 20);
}

#[test]
fn ace_counts_that_lie() {
    for count in [2u16, 100, u16::MAX] {
        let mut b = sample();
        put_u16(&mut b, 24, count);
        let e = err(&b);
        assert_eq!(e.as_str(), "binary::ace-count-mismatch", "{count}");
        assert_eq!(e.offset(), 48, "{count}");
    }
    // An ACE whose size runs past the ACL.
    let mut b = sample();
    put_u16(&mut b, 30, 24);
    let e = err(&b);
    assert_eq!(e.as_str(), "binary::ace-count-mismatch");
    assert_eq!(e.offset(), 28);
}

#[test]
fn fewer_aces_than_bytes_is_slack() {
    let mut b = sample();
    put_u16(&mut b, 24, 0);
    let sd = decode(&b).unwrap();
    let dacl = sd.dacl.as_ref().unwrap();
    assert!(dacl.aces.is_empty());
    assert_eq!(dacl.slack, 20);
    assert_eq!(dacl.revision, Some(2));
    // Slack is written back as zeros.
    let mut expected = b.clone();
    expected[28..48].fill(0);
    assert_eq!(encode(&sd, &EncodeOptions::default()).unwrap(), expected);
}

/// Found by the `binary_decode` fuzz campaign (fuzz/findings/binary_decode-acl-slack.bin): a DACL
/// declares 74 bytes for a 72-byte body, and its resource-attribute ACE re-encodes 4 bytes longer
/// in the canonical claim layout. The 2 bytes of slack must survive decode, encode, decode (they
/// were lost when the absolute size was kept: the new body was larger than it).
#[test]
fn slack_survives_an_ace_that_re_encodes_longer() {
    let hex = "010014800000000000000000140000005c0000000200480001000000120040000000000001010000\
               000000010000000023000000060000000e000014000000000100000000244000004e000800560000\
               005e0000140000005c00000002004a000100000012004000000000000108000000000000007e0000\
               002300000a0000000000ce005c0000000200480001000000120040000000000001000006000000140\
               00000000100";
    let b: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect();
    let sd = decode(&b).unwrap();
    let dacl = sd.dacl.as_ref().unwrap();
    assert_eq!(dacl.slack, 2);
    assert_eq!(dacl.aces.len(), 1);
    assert_eq!(dacl.aces[0].ace_type, AceType::SystemResourceAttribute);
    let again = decode(&encode(&sd, &EncodeOptions::default()).unwrap()).unwrap();
    assert_eq!(again.dacl.as_ref().unwrap().slack, 2);
    assert_eq!(sd.without_spans(), again.without_spans());
}

#[test]
fn bad_ace_sizes() {
    for size in [0u16, 2, 6, 18] {
        let mut b = sample();
        put_u16(&mut b, 30, size);
        let e = err(&b);
        assert_eq!(e.as_str(), "binary::invalid-ace-size", "{size}");
        assert_eq!(e.offset(), 30);
    }
    // Big enough to be valid in size, too small for an access-allowed ACE's SID.
    let mut b = sample();
    put_u16(&mut b, 30, 12);
    put_u16(&mut b, 24, 1);
    let e = err(&b);
    assert_eq!(e.as_str(), "binary::ace-too-short");
    assert_eq!(e.offset(), 36);
}

#[test]
fn absurd_sub_authority_counts() {
    for count in [16u8, 200, 255] {
        // In the owner.
        let mut b = sample();
        b[49] = count;
        let e = err(&b);
        assert_eq!(e.as_str(), "binary::too-many-sub-authorities");
        assert_eq!(e.offset(), 49);
        // In an ACE.
        let mut b = sample();
        b[37] = count;
        let e = err(&b);
        assert_eq!(e.as_str(), "binary::too-many-sub-authorities");
        assert_eq!(e.offset(), 37);
    }
    // 15 is allowed but does not fit here.
    let mut b = sample();
    b[37] = 15;
    assert_eq!(err(&b).as_str(), "binary::ace-too-short");
}

#[test]
fn unknown_ace_types_are_kept_opaque() {
    let mut b = sample();
    b[28] = 0x42;
    b[29] = 0x13;
    let sd = decode(&b).unwrap();
    let ace = &sd.dacl.as_ref().unwrap().aces[0];
    assert_eq!(ace.ace_type, AceType::Unknown(0x42));
    assert_eq!(ace.flags, 0x13);
    assert_eq!(ace.data, AceData::Opaque(b[32..48].to_vec()));
    assert_eq!(encode(&sd, &EncodeOptions::default()).unwrap(), b);
}

#[test]
fn compound_aces_are_kept_opaque() {
    let mut b = sample();
    b[28] = 0x04;
    let sd = decode(&b).unwrap();
    let ace = &sd.dacl.as_ref().unwrap().aces[0];
    assert_eq!(ace.ace_type, AceType::AccessAllowedCompound);
    assert!(matches!(&ace.data, AceData::Opaque(d) if d.len() == 16));
    assert_eq!(encode(&sd, &EncodeOptions::default()).unwrap(), b);
}

/// A DACL with one ACE of type `t` whose bytes after the header are `body`.
fn with_ace(t: u8, body: &[u8]) -> Vec<u8> {
    let ace_len = 4 + body.len();
    let acl_len = 8 + ace_len;
    let mut b = vec![
        1, 0, 0x04, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 20, 0, 0, 0,
    ];
    b.extend_from_slice(&[2, 0]);
    b.extend_from_slice(&(acl_len as u16).to_le_bytes());
    b.extend_from_slice(&[1, 0, 0, 0, t, 0]);
    b.extend_from_slice(&(ace_len as u16).to_le_bytes());
    b.extend_from_slice(body);
    b
}

const WD: [u8; 12] = [1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0];

#[test]
fn object_flags_with_unknown_bits() {
    let mut body = vec![0, 0, 0, 0, 4, 0, 0, 0];
    body.extend_from_slice(&WD);
    let e = err(&with_ace(0x05, &body));
    assert_eq!(e.as_str(), "binary::invalid-object-flags");
    assert_eq!(e.offset(), 36);
}

#[test]
fn object_ace_missing_its_guid() {
    // Flags say an object type GUID follows, but only the SID is there.
    let mut body = vec![0, 0, 0, 0, 1, 0, 0, 0];
    body.extend_from_slice(&WD);
    let e = err(&with_ace(0x05, &body));
    assert_eq!(e.as_str(), "binary::ace-too-short");
    assert_eq!(e.offset(), 40);
}

fn callback_body(app: &[u8]) -> Vec<u8> {
    let mut body = vec![0xff, 0x01, 0x1f, 0x00];
    body.extend_from_slice(&WD);
    body.extend_from_slice(app);
    body
}

/// Conditional data the decoder must refuse, each kept opaque in the ACE.
fn bad_conditions() -> Vec<(&'static str, Vec<u8>)> {
    let attr = |name: &str| {
        let mut t = vec![0xf9];
        t.extend_from_slice(&((name.len() * 2) as u32).to_le_bytes());
        for c in name.encode_utf16() {
            t.extend_from_slice(&c.to_le_bytes());
        }
        t
    };
    let mut v = vec![
        ("no magic", b"arty\xf9\0\0\0\0".to_vec()),
        ("empty", b"artx".to_vec()),
        ("operator without operands", b"artx\x88\0\0\0".to_vec()),
        (
            "two values",
            [b"artx".as_slice(), &attr("a"), &attr("b"), &[0, 0]].concat(),
        ),
        (
            "unknown token",
            [b"artx".as_slice(), &attr("a"), &[0x77, 0, 0, 0]].concat(),
        ),
        ("odd string", b"artx\x10\x03\0\0\0abc".to_vec()),
        ("lone surrogate", b"artx\xf9\x02\0\0\0\x00\xd8\0\0".to_vec()),
        (
            "length past the end",
            b"artx\xf9\xff\xff\xff\xff\0\0\0".to_vec(),
        ),
        (
            "bad int sign",
            b"artx\x04\x01\0\0\0\0\0\0\0\x07\x02\0".to_vec(),
        ),
        (
            "junk after padding",
            [b"artx".as_slice(), &attr("a"), &[0, 1, 0, 0, 0]].concat(),
        ),
        (
            "operator in composite",
            b"artx\x50\x01\0\0\0\x80\0\0".to_vec(),
        ),
        (
            "composite past the end",
            b"artx\x50\x08\0\0\0\0\0\0".to_vec(),
        ),
        ("bad sid", b"artx\x51\x04\0\0\0\x01\x01\0\0".to_vec()),
    ];
    // 300 nested composites: over the depth limit.
    let mut deep = b"artx".to_vec();
    for i in 0..300u32 {
        deep.push(0x50);
        deep.extend_from_slice(&(5 * (299 - i)).to_le_bytes());
    }
    v.push(("deep composites", deep));
    // One attribute and then 60,000 `!`: over the depth limit, and no recursion to overflow.
    let mut nots = [b"artx".as_slice(), &attr("a")].concat();
    nots.resize(nots.len() + 60_000, 0xa2);
    v.push(("deep nots", nots));
    v
}

#[test]
fn invalid_conditions_are_opaque_and_explained() {
    for (what, mut app) in bad_conditions() {
        let e = decode_condition(&app).expect_err(what);
        assert_eq!(e.as_str(), "binary::invalid-condition", "{what}");
        assert!(e.offset() <= app.len(), "{what}");
        // Inside an ACE (padded to 4 with zeros, unless that would make it valid padding).
        if app.len() % 4 != 0 {
            app.resize((app.len() + 3) & !3, 0xee);
        }
        if app.len() + 20 > 60_000 {
            continue; // too big for an ACE; the decoder-only check above is the point
        }
        let b = with_ace(0x09, &callback_body(&app));
        let sd = decode(&b).unwrap_or_else(|e| panic!("{what}: {e}"));
        let ace = &sd.dacl.as_ref().unwrap().aces[0];
        assert_eq!(ace.data, AceData::Opaque(app.clone()), "{what}");
        assert_eq!(encode(&sd, &EncodeOptions::default()).unwrap(), b, "{what}");
    }
}

#[test]
fn depth_limit_is_exact() {
    use sddl_core::limits::MAX_CONDITION_DEPTH;
    let mut app = b"artx\xf9\x02\0\0\0a\0".to_vec();
    app.resize(app.len() + MAX_CONDITION_DEPTH - 1, 0xa2);
    let c = decode_condition(&app).expect("256 levels are fine");
    assert!(matches!(
        c.root().kind(),
        sddl_core::cond::NodeKind::Unary { .. }
    ));
    // Printed, the highest tree nests 2 levels per `!` (`(!(!(...`): the text parser takes it.
    let printed = sddl_core::cond::format::condition_to_sddl(&c, &Default::default());
    assert!(printed.starts_with("(!(!(!("), "{printed:.40}");
    let again = sddl_core::cond::parse::parse_condition_text(&printed, &Default::default())
        .expect("the printed condition parses again");
    assert_eq!(
        sddl_core::cond::format::condition_to_sddl(&again, &Default::default()),
        printed
    );
    app.push(0xa2);
    assert!(decode_condition(&app).is_err());
}

#[test]
fn hostile_claims() {
    let header = |count: u32| {
        let mut b = vec![];
        b.extend_from_slice(&16u32.wrapping_add(count.wrapping_mul(4)).to_le_bytes()); // name offset
        b.extend_from_slice(&3u16.to_le_bytes()); // TS
        b.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
        b.extend_from_slice(&count.to_le_bytes());
        b
    };
    // A count far beyond the data: refused before anything is allocated from it.
    let b = header(u32::MAX);
    let e = decode_claim(&b).unwrap_err();
    assert_eq!(e.as_str(), "binary::invalid-claim");
    assert_eq!(e.offset(), 12);
    // 2,000 values all pointing at one long string: refused, not 2,000 copies of it.
    let n = 2000u32;
    let mut b = header(n);
    let str_at = 16 + 4 * n + 4;
    for _ in 0..n {
        b.extend_from_slice(&str_at.to_le_bytes());
    }
    b.extend_from_slice(&[b'x', 0, 0, 0]); // name "x"
    for _ in 0..10_000 {
        b.extend_from_slice(&[b'y', 0]);
    }
    b.extend_from_slice(&[0, 0]);
    let e = decode_claim(&b).unwrap_err();
    assert_eq!(e.as_str(), "binary::invalid-claim");
    // A name offset at the top of the 32-bit range.
    let mut b = header(0);
    b[..4].copy_from_slice(&u32::MAX.to_le_bytes());
    assert_eq!(
        decode_claim(&b).unwrap_err().as_str(),
        "binary::invalid-claim"
    );
    // Unknown value type, unterminated name, value offset outside.
    let mut b = header(0);
    b[4] = 9;
    assert_eq!(decode_claim(&b).unwrap_err().offset(), 4);
    let mut b = header(0);
    b.extend_from_slice(&[b'x', 0]);
    assert!(decode_claim(&b).is_err());
    let mut b = header(1);
    b.extend_from_slice(&9999u32.to_le_bytes());
    b.extend_from_slice(&[b'x', 0, 0, 0]);
    assert_eq!(decode_claim(&b).unwrap_err().offset(), 16);
}

#[test]
fn invalid_claims_in_ra_aces_are_opaque() {
    let app = vec![0xffu8; 8];
    let b = with_ace(0x12, &callback_body(&app));
    let sd = decode(&b).unwrap();
    assert_eq!(sd.dacl.as_ref().unwrap().aces[0].data, AceData::Opaque(app));
    assert_eq!(encode(&sd, &EncodeOptions::default()).unwrap(), b);
}

#[test]
fn null_dacl_and_absent_parts() {
    // DACL_PRESENT with offset 0: a NULL DACL.
    let b = [
        1, 0, 0x04, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];
    let sd = decode(&b).unwrap();
    let dacl = sd.dacl.as_ref().unwrap();
    assert!(dacl.null && dacl.aces.is_empty());
    assert!(sd.owner.is_none() && sd.group.is_none() && sd.sacl.is_none());
    assert_eq!(encode(&sd, &EncodeOptions::default()).unwrap(), b);
}

/// Parts in another order than Windows writes them (owner first, gaps, trailing bytes) decode
/// to the same model; encoding then writes Windows' order.
#[test]
fn any_part_order_decodes() {
    let windows = sample();
    // owner | gap | group | DACL | trailing bytes
    let mut b = windows[..20].to_vec();
    put_u32(&mut b, 4, 20);
    put_u32(&mut b, 8, 40);
    put_u32(&mut b, 16, 52);
    b.extend_from_slice(&windows[48..64]); // owner at 20
    b.extend_from_slice(&[0xcc; 4]); // gap
    b.extend_from_slice(&windows[64..76]); // group at 40
    b.extend_from_slice(&windows[20..48]); // DACL at 52
    b.extend_from_slice(&[0xdd; 8]);
    let sd = decode(&b).unwrap();
    assert_eq!(sd, decode(&windows).unwrap());
    assert_eq!(encode(&sd, &EncodeOptions::default()).unwrap(), windows);
}
