//! The SDDL grammar: text to [`SecurityDescriptor`], with a span on every node and every error.
//!
//! What is accepted follows what Windows' `ConvertStringSecurityDescriptorToSecurityDescriptor`
//! accepts (see `docs/windows-quirks.md`), not the prose of the documentation.

use crate::error::{ErrorCode, ParseError};
use crate::model::SecurityDescriptor;
use crate::sid::{alias_by_code, AliasTarget, Sid, SidRef, MAX_AUTHORITY, MAX_SUB_AUTHORITIES};
use crate::span::Span;

/// Options for parsing.
#[derive(Clone, Debug, Default)]
pub struct ParseOptions {
    /// The domain SID that domain-relative aliases (`DA`, `DU`, `LA`, ...) resolve against.
    /// `None`: such aliases stay symbolic ([`crate::SidRef::Unresolved`]).
    pub domain_sid: Option<Sid>,
}

/// The result of parsing: the descriptor with every part that parsed, and every error found.
#[derive(Clone, Debug)]
pub struct Parsed {
    pub sd: SecurityDescriptor,
    pub errors: Vec<ParseError>,
}

pub fn parse(input: &str, opts: &ParseOptions) -> Parsed {
    let _ = (input, opts);
    Parsed {
        sd: SecurityDescriptor::default(),
        errors: vec![],
    }
}

/// Parses and returns the descriptor only when there was no error.
pub fn parse_strict(
    input: &str,
    opts: &ParseOptions,
) -> Result<SecurityDescriptor, Vec<ParseError>> {
    let p = parse(input, opts);
    if p.errors.is_empty() {
        Ok(p.sd)
    } else {
        Err(p.errors)
    }
}

/// Parses a SID string or two-letter alias occupying exactly `input[range]` (the caller trims
/// whatever whitespace its context allows).
///
/// Windows' rules: `S-`/`s-`, then the revision and the identifier authority and 1 to 15
/// sub-authorities separated by `-`. Each number may have leading spaces and leading zeros, and
/// may be hex with `0x`; a hex revision (`S-0x1-`) makes every later number hex even without
/// `0x`. Sub-authorities above 2^32-1 saturate to 4294967295; the authority may use 48 bits.
pub(crate) fn parse_sid_str(
    input: &str,
    range: std::ops::Range<usize>,
    opts: &ParseOptions,
) -> Result<SidRef, ParseError> {
    let text = &input[range.clone()];
    let span = Span::from_range(range.start, range.end);
    let b = text.as_bytes();
    if b.len() >= 2 && (b[0] == b'S' || b[0] == b's') && b[1] == b'-' {
        return parse_numeric_sid(text, range.start).map(SidRef::Sid);
    }
    match alias_by_code(text) {
        Some(a) => match a.target {
            AliasTarget::WellKnown(sid) => Ok(SidRef::Sid(sid)),
            AliasTarget::DomainRelative(rid) => match &opts.domain_sid {
                Some(d) => d.with_rid(rid).map(SidRef::Sid).ok_or_else(|| {
                    ParseError::new(
                        ErrorCode::InvalidSid,
                        span,
                        "the domain SID has no room for another sub-authority",
                    )
                }),
                None => Ok(SidRef::Unresolved(a)),
            },
        },
        None => Err(invalid_sid(text, span)),
    }
}

fn invalid_sid(text: &str, span: Span) -> ParseError {
    let msg = if text.is_empty() {
        "missing SID".to_string()
    } else {
        format!("`{}` is not a SID or a SID alias", text.escape_debug())
    };
    ParseError::new(ErrorCode::InvalidSid, span, msg)
        .with_help("write `S-1-...` or a two-letter alias such as `BA`, `SY` or `WD`")
}

/// Parses `S-R-A-s1-s2...`; `base` is the offset of `text` in the whole input.
fn parse_numeric_sid(text: &str, base: usize) -> Result<Sid, ParseError> {
    let b = text.as_bytes();
    let mut pos = 2; // after "S-"
    let mut hex_mode = false;
    let mut numbers: [u64; 2 + MAX_SUB_AUTHORITIES] = [0; 2 + MAX_SUB_AUTHORITIES];
    let mut count = 0usize;
    loop {
        let start = pos;
        while pos < b.len() && b[pos] == b' ' {
            pos += 1;
        }
        let mut hex = hex_mode;
        if pos + 1 < b.len() && b[pos] == b'0' && (b[pos + 1] == b'x' || b[pos + 1] == b'X') {
            hex = true;
            pos += 2;
            if count == 0 {
                hex_mode = true;
            }
        }
        let digits_start = pos;
        let mut value: u64 = 0;
        let mut saturated = false;
        while pos < b.len() {
            let d = match b[pos] {
                c @ b'0'..=b'9' => (c - b'0') as u64,
                c @ b'a'..=b'f' if hex => (c - b'a' + 10) as u64,
                c @ b'A'..=b'F' if hex => (c - b'A' + 10) as u64,
                _ => break,
            };
            let radix = if hex { 16 } else { 10 };
            match value.checked_mul(radix).and_then(|v| v.checked_add(d)) {
                Some(v) => value = v,
                None => saturated = true,
            }
            pos += 1;
        }
        let num_span = Span::from_range(base + start, base + pos);
        if pos == digits_start {
            let end = text[pos..]
                .find('-')
                .map(|i| pos + i)
                .unwrap_or(text.len())
                .max(pos + text[pos..].chars().next().map_or(0, char::len_utf8));
            let span = Span::from_range(base + start, base + end.min(text.len()));
            return Err(ParseError::new(
                ErrorCode::InvalidSid,
                span,
                "expected a number in the SID",
            ));
        }
        if saturated {
            value = u64::MAX;
        }
        if count >= numbers.len() {
            return Err(ParseError::new(
                ErrorCode::LimitExceeded,
                Span::from_range(base, base + text.len()),
                format!("a SID has at most {MAX_SUB_AUTHORITIES} sub-authorities"),
            ));
        }
        match count {
            0 => {
                if value > u8::MAX as u64 {
                    return Err(ParseError::new(
                        ErrorCode::InvalidSid,
                        num_span,
                        "the SID revision must fit in a byte",
                    ));
                }
            }
            1 => {
                if value > MAX_AUTHORITY {
                    return Err(ParseError::new(
                        ErrorCode::InvalidSid,
                        num_span,
                        "the identifier authority must fit in 48 bits",
                    ));
                }
            }
            _ => value = value.min(u32::MAX as u64),
        }
        numbers[count] = value;
        count += 1;
        if pos == b.len() {
            break;
        }
        if b[pos] != b'-' {
            let ch_len = text[pos..].chars().next().map_or(1, char::len_utf8);
            return Err(ParseError::new(
                ErrorCode::InvalidSid,
                Span::from_range(base + pos, base + pos + ch_len),
                "unexpected character in SID",
            ));
        }
        pos += 1;
    }
    if count < 3 {
        return Err(ParseError::new(
            ErrorCode::InvalidSid,
            Span::from_range(base, base + text.len()),
            "a SID needs a revision, an authority and at least one sub-authority",
        ));
    }
    let subs: Vec<u32> = numbers[2..count].iter().map(|&v| v as u32).collect();
    Ok(Sid::new(numbers[0] as u8, numbers[1], &subs).expect("bounds checked above"))
}

#[cfg(test)]
mod sid_tests {
    use super::*;

    fn sid(s: &str) -> Result<String, ErrorCode> {
        parse_sid_str(s, 0..s.len(), &ParseOptions::default())
            .map(|r| match r {
                SidRef::Sid(s) => s.to_string(),
                SidRef::Unresolved(a) => a.code.to_string(),
            })
            .map_err(|e| e.code)
    }

    #[test]
    fn windows_sid_quirks() {
        assert_eq!(sid("S-1-5-32-544").unwrap(), "S-1-5-32-544");
        assert_eq!(sid("s-1-12-1").unwrap(), "S-1-12-1");
        assert_eq!(sid("S-0x1-0XC-0x1a").unwrap(), "S-1-12-26");
        assert_eq!(sid("S-0x1-0-0-579").unwrap(), "S-1-0-0-1401");
        assert_eq!(sid("S- 1- 2-3").unwrap(), "S-1-2-3");
        assert_eq!(sid("S-01-5-32-579").unwrap(), "S-1-5-32-579");
        assert_eq!(sid("S-1-5-040-579").unwrap(), "S-1-5-40-579");
        assert_eq!(sid("S-1-3-4294967296-3-4").unwrap(), "S-1-3-4294967295-3-4");
        assert_eq!(
            sid("S-1-281474976710655-579").unwrap(),
            "S-1-0xFFFFFFFFFFFF-579"
        );
        assert_eq!(sid("wD").unwrap(), "S-1-1-0");
        assert_eq!(sid("LA").unwrap(), "LA");
    }

    #[test]
    fn rejects() {
        assert_eq!(sid("S-1-5"), Err(ErrorCode::InvalidSid));
        assert_eq!(sid("S-1-281474976710656-579"), Err(ErrorCode::InvalidSid));
        assert_eq!(sid("S-1-5--1"), Err(ErrorCode::InvalidSid));
        assert_eq!(sid("WDANDSUCH"), Err(ErrorCode::InvalidSid));
        assert_eq!(sid("S-1-5-1 "), Err(ErrorCode::InvalidSid));
        assert_eq!(sid(""), Err(ErrorCode::InvalidSid));
        assert_eq!(
            sid("S-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1"),
            Err(ErrorCode::LimitExceeded)
        );
    }

    #[test]
    fn domain_alias_resolves() {
        let d = Sid::from_parts(5, &[21, 1, 2, 3]);
        let opts = ParseOptions {
            domain_sid: Some(d),
        };
        let r = parse_sid_str("DA", 0..2, &opts).unwrap();
        assert_eq!(r, SidRef::Sid(d.with_rid(512).unwrap()));
    }
}
